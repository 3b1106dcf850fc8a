//! The page for an address that matches nothing, served with status 404.

use crate::i18n::*;
use crate::ui::components::*;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <PageTitle text=move || t_string!(i18n, not_found.page_title).to_string() />
        <MessagePage id="not-found-title" title=tr!(i18n, not_found.title) text=tr!(i18n, not_found.text)
            home=tr!(i18n, not_found.home_link) code="404" />
    }
}
