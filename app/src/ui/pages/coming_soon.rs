//! Placeholder pages for flows whose issues have not landed yet; each says so plainly.

use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ComingSoonPage {
    Join,
    Apply,
}

#[component]
pub fn ComingSoon(page: ComingSoonPage) -> impl IntoView {
    let i18n = use_i18n();
    let title = move || match page {
        ComingSoonPage::Join => t_string!(i18n, coming_soon.join_title),
        ComingSoonPage::Apply => t_string!(i18n, coming_soon.apply_title),
    };
    view! {
        <Title text=move || title().to_string() />
        <section class="message-page" aria-labelledby="coming-soon-title">
            <h1 id="coming-soon-title">{title}</h1>
            <p>{t!(i18n, coming_soon.text)}</p>
            <p>
                <A href="/" attr:class="button">
                    {t!(i18n, coming_soon.home_link)}
                </A>
            </p>
        </section>
    }
}
