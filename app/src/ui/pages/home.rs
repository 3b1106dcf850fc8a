//! The home page: what the program is, and the three ways in.

use crate::i18n::*;
use crate::ui::components::{ApplicationNeeds, PageDescription, PageTitle};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle text=move || t_string!(i18n, home.page_title).to_string() />
        <PageDescription text=move || t_string!(i18n, home.meta_description).to_string() />
        <section class="hero" aria-labelledby="hero-title">
            <h1 id="hero-title">{t!(i18n, home.title)}</h1>
            <p class="lead">{t!(i18n, home.lead)}</p>
            <ul class="actions">
                <li>
                    <A href="/join" attr:class="button button--primary">
                        {t!(i18n, home.cta_join)}
                    </A>
                </li>
                <li>
                    <A href="/apply" attr:class="button">
                        {t!(i18n, home.cta_apply)}
                    </A>
                </li>
                <li>
                    <A href="/sign-in" attr:class="button button--quiet">
                        {t!(i18n, home.cta_sign_in)}
                    </A>
                </li>
            </ul>
        </section>

        <section class="panel" aria-labelledby="before-title">
            <h2 id="before-title">{t!(i18n, home.before_title)}</h2>
            <p>{t!(i18n, home.before_program_id)}</p>
            <p>{t!(i18n, home.before_needs)}</p>
            <ApplicationNeeds />
        </section>

        <section aria-labelledby="models-title">
            <h2 id="models-title">{t!(i18n, home.models_title)}</h2>
            <p>{t!(i18n, home.models_intro)}</p>
            <ul class="cards">
                <li class="card">
                    <h3>{t!(i18n, home.model_direct_title)}</h3>
                    <p>{t!(i18n, home.model_direct_text)}</p>
                </li>
                <li class="card">
                    <h3>{t!(i18n, home.model_provider_title)}</h3>
                    <p>{t!(i18n, home.model_provider_text)}</p>
                </li>
                <li class="card">
                    <h3>{t!(i18n, home.model_reseller_title)}</h3>
                    <p>{t!(i18n, home.model_reseller_text)}</p>
                </li>
            </ul>
        </section>

        <section class="panel" aria-labelledby="next-title">
            <h2 id="next-title">{t!(i18n, home.next_title)}</h2>
            <ol class="steps">
                <li>{t!(i18n, home.next_review)}</li>
                <li>{t!(i18n, home.next_admin)}</li>
                <li>{t!(i18n, home.next_employees)}</li>
            </ol>
        </section>

        <aside class="notice" aria-labelledby="rule-title">
            <h2 id="rule-title">{t!(i18n, home.rule_title)}</h2>
            <p>{t!(i18n, home.rule_text)}</p>
        </aside>
    }
}
