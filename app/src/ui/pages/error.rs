//! What a page shows when something on it failed: a plain message, never a blank page.

use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::A;

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
        <section class="message-page" role="alert" aria-labelledby="error-title">
            <h1 id="error-title">{t!(i18n, error.title)}</h1>
            <p>{t!(i18n, error.text)}</p>
            <p>
                <A href="/" attr:class="button">
                    {t!(i18n, error.home_link)}
                </A>
            </p>
        </section>
    }
}
