//! The home page: what the program is, and the three ways in.

use crate::i18n::*;
use crate::ui::components::*;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle text=move || t_string!(i18n, home.page_title).to_string() />
        <PageDescription text=move || t_string!(i18n, home.meta_description).to_string() />
        <Titled id="hero-title" title=tr!(i18n, home.title) class="hero">
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
        </Titled>

        <Titled id="before-title" title=tr!(i18n, home.before_title) intro=tr!(i18n, home.before_program_id) class="panel" sub=true>
            <p>{t!(i18n, home.before_needs)}</p>
            <ApplicationNeeds />
        </Titled>

        <Titled id="models-title" title=tr!(i18n, home.models_title) intro=tr!(i18n, home.models_intro) sub=true>
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
        </Titled>

        <Titled id="next-title" title=tr!(i18n, home.next_title) class="panel" sub=true>
            <ol class="steps">
                <li>{t!(i18n, home.next_review)}</li>
                <li>{t!(i18n, home.next_admin)}</li>
                <li>{t!(i18n, home.next_employees)}</li>
            </ol>
        </Titled>

        <aside class="notice" aria-labelledby="rule-title">
            <h2 id="rule-title">{t!(i18n, home.rule_title)}</h2>
            <p>{t!(i18n, home.rule_text)}</p>
        </aside>
    }
}
