//! The partner's home: the organization, its CSP model and tenant, and what comes next for it.

use crate::ui::components::*;
use crate::ui::labels::{country_name, model_title, role_names};
use crate::{
    api::{AppError, partner::load_partner_home},
    domain::application::Model,
    i18n::*,
};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn PartnerHomePage() -> impl IntoView {
    let i18n = use_i18n();
    let home = Resource::new_blocking(|| (), |_| load_partner_home());
    view! {
        <PageTitle text=move || t_string!(i18n, partner.page_title).to_string() />
        {guarded(home, move |error| {
                        let (title, text) = (t_string!(i18n, partner.title), t_string!(i18n, partner.not_a_partner));
                        match error {
                            // operator staff have no partner organization
                            AppError::NotFound => {
                                refused_status(&error);
                                message_page(title, text)
                            }
                            error => admin_page_refused(error, title, text),
                        }
                    }, move |home| {
                        let model = Model::parse(&home.model);
                        // finding providers is for resellers; both sides see their relationships
                        let partners = ("/partners", t_string!(i18n, partners.link));
                        let links = match model {
                            Some(Model::IndirectReseller) => vec![("/partners/find", t_string!(i18n, partners.find_link)), partners],
                            Some(Model::IndirectProvider) => vec![partners],
                            _ => Vec::new(),
                        };
                        let next = match model {
                            Some(Model::IndirectReseller) => t_string!(i18n, partner.next_reseller),
                            Some(Model::IndirectProvider) => t_string!(i18n, partner.next_provider),
                            _ => t_string!(i18n, partner.next_direct),
                        };
                        view! {
                            <section aria-labelledby="partner-title">
                                <p class="eyebrow">{t!(i18n, partner.eyebrow)}</p>
                                <h1 id="partner-title" data-testid="organization">{home.name.clone()}</h1>
                                <dl class="facts">
                                    <dt>{t!(i18n, apply.program_id)}</dt>
                                    <dd>{home.program_id.clone()}</dd>
                                    <dt>{t!(i18n, wizard.model_legend)}</dt>
                                    <dd data-testid="model">{move || model.map(|m| model_title(i18n, m)).unwrap_or_default()}</dd>
                                    <dt>{t!(i18n, partner.country)}</dt>
                                    <dd>{country_name(i18n, &home.country)}</dd>
                                    <dt>{t!(i18n, partner.csp_tenant)}</dt>
                                    <dd data-testid="csp-tenant">{home.csp_tenant.clone().unwrap_or_default()}</dd>
                                    <dt>{t!(i18n, account.roles)}</dt>
                                    <dd>{role_names(i18n, &home.roles)}</dd>
                                </dl>
                                <h2>{t!(i18n, partner.next_title)}</h2>
                                <p data-testid="next">{next}</p>
                                {(!links.is_empty()).then(|| view! { <ul class="links">{link_items(links)}</ul> })}
                                <p class="muted">{t!(i18n, partner.tenant_note)}</p>
                                <crate::ui::components::AccountAreas roles=home.roles.clone() />
                                <p><A href="/account">{t!(i18n, partner.profile_link)}</A></p>
                            </section>
                        }
                    })}
    }
}
