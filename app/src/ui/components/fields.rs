//! Small pieces of a form: a label, a value typed or saved, the save button.

use crate::{api::AppError, i18n::*};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

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

/// A form's main button.
#[component]
pub(crate) fn Submit(children: Children) -> impl IntoView {
    view! { <button type="submit" class="button button--primary">{children()}</button> }
}

/// A number that grows each time one of these actions finishes (`action.version()`): the source
/// of a resource that is read again after any of them.
pub(crate) fn changes<const N: usize>(
    versions: [RwSignal<usize>; N],
) -> impl Fn() -> usize + Copy + Send + Sync + 'static {
    move || versions.iter().map(|version| version.get()).sum()
}

/// An action's latest refusal (`action.value()`), for the messages of its form.
pub(crate) fn refusal<T>(
    value: MappedSignal<Option<Result<T, crate::api::AppError>>>,
) -> Signal<Option<crate::api::AppError>>
where
    T: Clone + Send + Sync + 'static,
{
    Signal::derive(move || value.get().and_then(Result::err))
}

/// Whether an action's latest answer was a success (`action.value()`).
pub(crate) fn succeeded<T, E>(value: MappedSignal<Option<Result<T, E>>>) -> bool
where
    T: Send + Sync + 'static,
    E: Send + Sync + 'static,
{
    value.with(|answer| matches!(answer, Some(Ok(_))))
}

/// A parameter of the page's address (`?name=…`), empty when there is none.
pub(crate) fn query_value(
    name: &'static str,
) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let query = use_query_map();
    move || query.with(|q| q.get(name)).unwrap_or_default()
}

/// Whether the page's address says `?name=value` (what a plain form post reports).
pub(crate) fn query_is(
    name: &'static str,
    value: &'static str,
) -> impl Fn() -> bool + Copy + Send + Sync + 'static {
    let query = use_query_map();
    move || query.with(|q| q.get(name).as_deref() == Some(value))
}

/// Whether the action has just succeeded (with JavaScript: `action.value()`) or, after a plain
/// form post, the address says so (`?name=code`).
pub(crate) fn succeeded_or_posted<T, E>(
    value: MappedSignal<Option<Result<T, E>>>,
    name: &'static str,
    code: &'static str,
) -> impl Fn() -> bool + Copy + Send + Sync + 'static
where
    T: Send + Sync + 'static,
    E: Send + Sync + 'static,
{
    let posted = query_is(name, code);
    move || succeeded(value) || posted()
}

/// Empties `form` each time the action's answer turns into a success (`action.value()`): what
/// was added is in the list, and the form is ready for the next one.
pub(crate) fn reset_on_success<T, E>(
    value: MappedSignal<Option<Result<T, E>>>,
    form: NodeRef<leptos::html::Form>,
) where
    T: Send + Sync + 'static,
    E: Send + Sync + 'static,
{
    on_success(value, move || {
        if let Some(form) = form.get() {
            form.reset();
        }
    });
}

/// Runs `then` each time the action's answer turns into a success (`action.value()`).
pub(crate) fn on_success<T, E>(value: MappedSignal<Option<Result<T, E>>>, then: impl Fn() + 'static)
where
    T: Send + Sync + 'static,
    E: Send + Sync + 'static,
{
    Effect::new(move |_| {
        if succeeded(value) {
            then();
        }
    });
}
