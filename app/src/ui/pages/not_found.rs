//! The page for an address that matches nothing, served with status 404.

use crate::i18n::*;
use crate::ui::components::PageTitle;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <PageTitle text=move || t_string!(i18n, not_found.page_title).to_string() />
        <section class="message-page" aria-labelledby="not-found-title">
            <p class="message-page__code" aria-hidden="true">
                "404"
            </p>
            <h1 id="not-found-title">{t!(i18n, not_found.title)}</h1>
            <p>{t!(i18n, not_found.text)}</p>
            <p>
                <A href="/" attr:class="button button--primary">
                    {t!(i18n, not_found.home_link)}
                </A>
            </p>
        </section>
    }
}
