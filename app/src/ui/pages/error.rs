//! What a page shows when something on it failed: a plain message, never a blank page.

use crate::i18n::*;
use crate::ui::components::MessagePage;
use leptos::prelude::*;

#[component]
pub fn ErrorPage(errors: ArcRwSignal<Errors>) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::INTERNAL_SERVER_ERROR);
    }
    // The details stay in the server log; the visitor gets a plain message.
    #[cfg(feature = "ssr")]
    errors.with_untracked(|errors| {
        for (_, error) in errors.iter() {
            tracing::error!(%error, "a page failed to render");
        }
    });
    #[cfg(not(feature = "ssr"))]
    let _ = errors;
    let i18n = use_i18n();
    view! {
        <MessagePage id="error-title" title=tr!(i18n, error.title) text=tr!(i18n, error.text)
            home=tr!(i18n, error.home_link) alert=true />
    }
}
