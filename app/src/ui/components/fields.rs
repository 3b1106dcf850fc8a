//! Small pieces of a form: a label, a value typed or saved, the save button.

use crate::{api::AppError, i18n::*};
use leptos::prelude::*;

pub(crate) fn label(text: impl Fn() -> &'static str + Send + Sync + 'static) -> Signal<String> {
    Signal::derive(move || text().to_string())
}

pub(crate) fn typed_or_saved(
    error: Signal<Option<AppError>>,
    field: &'static str,
    saved: String,
) -> Signal<String> {
    Signal::derive(move || {
        error
            .get()
            .and_then(|e| e.typed(field).map(str::to_owned))
            .unwrap_or_else(|| saved.clone())
    })
}

/// The step's submit button. It is disabled while the step is being saved: a second submission
/// sent before the first one's answer would race it, and the answer that arrives first (the
/// earlier attempt's errors) would be the one shown, while the correction was never seen.
#[component]
pub(crate) fn SaveButton(#[prop(into)] pending: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button type="submit" class="button button--primary" disabled=move || pending.get()>
            {t!(i18n, wizard.save_continue)}
        </button>
    }
}
