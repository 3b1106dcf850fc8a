//! An application as applicant and reviewer both see it: its summary, its checks, its status.

use crate::ui::labels::field_message;
use crate::ui::labels::{check_name, check_state_name, country_name, model_title};
use crate::{
    api::enrollment::ApplicationView,
    domain::{
        address,
        application::{CheckState, Step},
    },
    i18n::*,
};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::components::A;

/// Everything the applicant entered, by section; with "edit" links while it can change.
#[component]
pub(crate) fn Summary(view: ApplicationView, editable: Vec<Step>) -> impl IntoView {
    let i18n = use_i18n();
    let edit = move |step: Step, section: &'static str| {
        editable.contains(&step).then(|| {
            view! {
                <A href=step.path() attr:class="edit-link">
                    {t!(i18n, wizard.edit)}
                    <span class="visually-hidden">" " {section}</span>
                </A>
            }
        })
    };
    let country = view.country.clone().unwrap_or_default();
    let business = view.business.clone();
    let region_name = address::regions(&country)
        .iter()
        .find(|(code, _)| *code == business.address.region)
        .map_or(business.address.region.clone(), |(_, name)| {
            (*name).to_owned()
        });
    let address_lines: Vec<String> = [
        business.address.line1.clone(),
        business.address.line2.clone(),
        [
            business.address.city.clone(),
            region_name,
            business.address.postal_code.clone(),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", "),
        country_name(i18n, &country),
    ]
    .into_iter()
    .filter(|line| !line.is_empty())
    .collect();
    let model = view.model;
    let korean = i18n.get_locale_untracked() == Locale::ko;
    let accepted: Vec<String> = view
        .criteria
        .iter()
        .filter(|c| view.accepted_criteria.contains(&c.key))
        .map(|c| {
            if korean {
                c.text_ko.clone()
            } else {
                c.text_en.clone()
            }
        })
        .collect();
    view! {
        <section class="summary" aria-labelledby="summary-program">
            <h2 id="summary-program">
                {t!(i18n, wizard.step_program_id)}
                {edit(Step::ProgramId, t_string!(i18n, wizard.step_program_id))}
            </h2>
            <dl class="facts">
                <dt>{t!(i18n, apply.program_id)}</dt>
                <dd>{view.program_id.clone()}</dd>
                <dt>{t!(i18n, wizard.country)}</dt>
                <dd>{country_name(i18n, &country)}</dd>
                <dt>{t!(i18n, apply.work_email)}</dt>
                <dd>{view.work_email.clone()}</dd>
            </dl>
        </section>
        <section class="summary" aria-labelledby="summary-business">
            <h2 id="summary-business">
                {t!(i18n, wizard.step_business)}
                {edit(Step::Business, t_string!(i18n, wizard.step_business))}
            </h2>
            <dl class="facts">
                <dt>{t!(i18n, join.legal_name)}</dt>
                <dd>{business.legal_name.clone()}</dd>
                <dt>{t!(i18n, wizard.address)}</dt>
                <dd>
                    {address_lines
                        .into_iter()
                        .map(|line| view! { <span class="line">{line}</span> })
                        .collect_view()}
                </dd>
                <dt>{t!(i18n, wizard.phone)}</dt>
                <dd>{business.phone.clone()}</dd>
                <dt>{t!(i18n, wizard.website)}</dt>
                <dd>
                    {if business.website.is_empty() {
                        "—".to_owned()
                    } else {
                        business.website.clone()
                    }}
                </dd>
            </dl>
        </section>
        <section class="summary" aria-labelledby="summary-bank">
            <h2 id="summary-bank">
                {t!(i18n, wizard.step_bank)} {edit(Step::Bank, t_string!(i18n, wizard.step_bank))}
            </h2>
            <dl class="facts">
                <dt>{t!(i18n, wizard.bank_account)}</dt>
                <dd data-testid="bank-masked">{view.bank_masked.clone().unwrap_or_default()}</dd>
            </dl>
        </section>
        <section class="summary" aria-labelledby="summary-model">
            <h2 id="summary-model">
                {t!(i18n, wizard.step_model)}
                {edit(Step::Model, t_string!(i18n, wizard.step_model))}
            </h2>
            <dl class="facts">
                <dt>{t!(i18n, wizard.model_legend)}</dt>
                <dd>{move || model.map(|m| model_title(i18n, m)).unwrap_or_default()}</dd>
                {(!accepted.is_empty())
                    .then(|| {
                        view! {
                            <dt>{t!(i18n, wizard.criteria_legend)}</dt>
                            <dd>
                                <ul class="checklist">
                                    {accepted
                                        .into_iter()
                                        .map(|text| view! { <li>{text}</li> })
                                        .collect_view()}
                                </ul>
                            </dd>
                        }
                    })}
            </dl>
        </section>
    }
}

/// What a failed check's reason means and what to do about it.
fn reason_text(i18n: I18nContext<Locale>, reason: &str) -> String {
    match reason {
        "program_id.unknown" => t_string!(i18n, status.reason_program_id_unknown).to_string(),
        "program_id.suspended" => t_string!(i18n, status.reason_program_id_suspended).to_string(),
        "program_id.other_country" => {
            t_string!(i18n, status.reason_program_id_other_country).to_string()
        }
        other => field_message(i18n, other),
    }
}

/// The verification checks, each with its state, reason, note and (when `editable`) the link
/// to the step that fixes a failed one.
#[component]
pub(crate) fn ChecksList(
    checks: Vec<crate::domain::application::CheckResult>,
    editable: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let items = checks
        .into_iter()
        .map(|check| {
            let state = check.state;
            let reason = check.reason.clone();
            let note = check.note.clone();
            let fix = (state == CheckState::Failed && editable)
                .then(|| check.check.step())
                .flatten()
                .map(|step| {
                    view! { <A href=step.path()>{t!(i18n, status.fix)}</A> }
                });
            view! {
                <li
                    class=format!("check check--{}", state.code())
                    data-check=check.check.code()
                    data-state=state.code()
                >
                    <span class="check-name">{move || check_name(i18n, check.check)}</span>
                    <span class="check-state">{move || check_state_name(i18n, state)}</span>
                    {reason
                        .map(|code| {
                            view! { <p class="check-reason">{move || reason_text(i18n, &code)}</p> }
                        })}
                    {note.map(|text| view! { <p class="check-note">{text}</p> })}
                    {fix}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="checks">{items}</ul> }
}
