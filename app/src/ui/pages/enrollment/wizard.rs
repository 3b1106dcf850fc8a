//! The CSP application wizard (one step per page, saved on every step) and the applicant's live
//! status page.

use crate::ui::components::*;
use crate::ui::labels::field_message;
use crate::ui::labels::{
    country_name, country_options, model_text, model_title, status_name, step_title,
};
use crate::{
    api::{
        AppError,
        enrollment::{
            ApplicationView, SaveBankStep, SaveBusinessStep, SaveModelStep, SaveProgramIdStep,
            SubmitApplication, my_application,
        },
    },
    domain::{
        application::{Model, Progress, Status, Step},
        program_id::ProgramId,
        review::Section,
    },
    i18n::*,
    ui::{
        components::ResumeForm,
        components::forms::{Field, FormMessage, SelectField},
    },
};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::components::{A, Redirect};

/// `/application`: continues where the applicant left off.
#[component]
pub fn ApplicationHome() -> impl IntoView {
    with_application(|view| {
        let path = if view.status.applicant_can_edit() {
            view.progress.first_incomplete().path()
        } else {
            "/application/status".to_owned()
        };
        view! { <Redirect path=path /> }.into_any()
    })
}

/// Loads the applicant's application and renders it with `render`; without a live applicant
/// session, explains that the link is needed and offers a new one.
fn with_application(
    render: impl Fn(ApplicationView) -> AnyView + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let application = Resource::new_blocking(|| (), |_| my_application());
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let render = render.clone();
                Suspend::new(async move {
                    match application.await {
                        Ok(view) => render(view),
                        Err(error) => signed_out(error),
                    }
                })
            }}
        </Suspense>
    }
}

fn signed_out(error: AppError) -> AnyView {
    let i18n = use_i18n();
    let unauthenticated = matches!(error, AppError::Unauthenticated);
    view! {
        <PageTitle text=move || t_string!(i18n, wizard.signed_out_title).to_string() />
        <Titled id="signed-out-title" title=tr!(i18n, wizard.signed_out_title) class="message-page">
            {if unauthenticated {
                view! { <p>{t!(i18n, wizard.signed_out_text)}</p> }.into_any()
            } else {
                view! { <FormMessage error=Signal::derive(move || Some(error.clone())) /> }
                    .into_any()
            }}
        </Titled>
        <ResumeForm />
    }
    .into_any()
}

/// The steps, with where the applicant is; steps that can be opened are links.
#[component]
fn Stepper(current: Step, progress: Progress) -> impl IntoView {
    let i18n = use_i18n();
    let items = Step::ALL
        .into_iter()
        .map(|step| {
            let label = move || format!("{}. {}", step.number(), step_title(i18n, step));
            let state = if step == current {
                t_string!(i18n, wizard.state_current)
            } else if progress.is_done(step) {
                t_string!(i18n, wizard.state_done)
            } else {
                t_string!(i18n, wizard.state_todo)
            };
            let class = if step == current {
                "stepper-item stepper-item--current"
            } else if progress.is_done(step) {
                "stepper-item stepper-item--done"
            } else {
                "stepper-item"
            };
            let content = if progress.can_open(step) && step != current {
                view! {
                    <A href=step.path()>
                        {label} <span class="visually-hidden">" (" {state} ")"</span>
                    </A>
                }
                .into_any()
            } else {
                view! {
                    <span>
                        {label} <span class="visually-hidden">" (" {state} ")"</span>
                    </span>
                }
                .into_any()
            };
            view! {
                <li class=class aria-current=(step == current).then_some("step")>
                    {content}
                </li>
            }
        })
        .collect_view();
    view! {
        <nav aria-label=move || t_string!(i18n, wizard.steps_label)>
            <ol class="stepper">{items}</ol>
        </nav>
    }
}

/// A wizard page: the frame around one step, or a redirect when the step cannot be shown
/// (submitted, or an earlier step still to fill in).
fn wizard_page(
    step: Step,
    form: impl Fn(ApplicationView) -> AnyView + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    with_application(move |view| {
        if !view.status.applicant_can_edit() {
            return view! { <Redirect path="/application/status" /> }.into_any();
        }
        if !view.progress.can_open(step) {
            return view! { <Redirect path=view.progress.first_incomplete().path() /> }.into_any();
        }
        if !changeable_steps(&view).contains(&step) && step != Step::Review {
            // More information was asked about other sections: this one stays as submitted,
            // and the page says so (instead of a form that would be refused).
            return view! {
                <section class="message-page" aria-labelledby="locked-title">
                    <h1 id="locked-title">{step_title(i18n, step)}</h1>
                    <p data-testid="section-locked">{t!(i18n, errors.section_locked)}</p>
                    <p>
                        <A href=Step::Review.path() attr:class="button button--primary">
                            {t!(i18n, wizard.back_to_review)}
                        </A>
                    </p>
                </section>
            }
            .into_any();
        }
        let progress = view.progress;
        let program_id = view.program_id.clone();
        let more_information = view.status == Status::MoreInformationNeeded;
        view! {
            <PageTitle text=move || {
                format!(
                    "{} – {}",
                    step_title(i18n, step),
                    t_string!(i18n, wizard.page_title),
                )
            } />
            <section class="wizard" aria-labelledby="step-title">
                <p class="eyebrow">{t!(i18n, wizard.application_for)} " " {program_id}</p>
                <h1 id="step-title">{step_title(i18n, step)}</h1>
                <Stepper current=step progress />
                {more_information
                    .then(|| {
                        view! {
                            <p class="notice">
                                {t!(i18n, wizard.more_information)} " "
                                <A href="/application/status">{t!(i18n, wizard.see_status)}</A>
                            </p>
                        }
                    })}
                {form(view)}
            </section>
        }
        .into_any()
    })
}

/// The steps the applicant may change: all of them in a draft; while more information is
/// needed, the sections the reviewer named.
fn changeable_steps(view: &ApplicationView) -> Vec<Step> {
    match view.status {
        Status::Draft => Step::ALL.to_vec(),
        Status::MoreInformationNeeded => view
            .sections_to_fix
            .iter()
            .filter_map(|code| Section::parse(code).map(Section::step))
            .collect(),
        _ => Vec::new(),
    }
}

#[component]
pub fn ProgramIdStepPage() -> impl IntoView {
    wizard_page(Step::ProgramId, |view| {
        let i18n = use_i18n();
        let action = ServerAction::<SaveProgramIdStep>::new();
        let error = refusal(action.value());
        let check = Callback::new(|value: String| {
            ProgramId::parse(&value).err().map(|p| p.code().to_owned())
        });
        view! {
            <p>{t!(i18n, wizard.program_id_intro)}</p>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <FormMessage error />
                <Field name="program_id" inputmode="numeric" autocomplete="off"
                    label=tr!(i18n, apply.program_id) value=typed_or_saved(error, "program_id", view.program_id.clone()) check error />
                <SelectField
                    name="country"
                    autocomplete="country"
                    label=tr!(i18n, wizard.country)
                    hint=tr!(i18n, wizard.country_hint)
                    options=Signal::derive(move || country_options(i18n))
                    selected=typed_or_saved(error, "country", view.country.clone().unwrap_or_default())
                    placeholder=tr!(i18n, forms.choose)
                    error
                />
                <SaveButton pending=action.pending() />
            </ActionForm>
        }
        .into_any()
    })
}

#[component]
pub fn BusinessStepPage() -> impl IntoView {
    wizard_page(Step::Business, |view| {
        let i18n = use_i18n();
        let action = ServerAction::<SaveBusinessStep>::new();
        let error = refusal(action.value());
        let country = view.country.clone().unwrap_or_default();
        let saved = view.business.clone();
        let value =
            move |field: &'static str, saved: &String| typed_or_saved(error, field, saved.clone());
        let address = address_fields(&country, saved.address.clone(), error);
        let country_text = country_name(i18n, &country);
        view! {
            <p>{t!(i18n, wizard.business_intro)}</p>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <FormMessage error />
                <dl class="facts">
                    <dt>{t!(i18n, wizard.country)}</dt>
                    <dd>
                        {country_text} " "
                        <A href=Step::ProgramId.path()>{t!(i18n, wizard.change)}</A>
                    </dd>
                </dl>
                <Field name="legal_name" autocomplete="organization" label=tr!(i18n, join.legal_name)
                    hint=tr!(i18n, wizard.legal_name_hint) value=value("legal_name", &saved.legal_name) error />
                {address}
                <Field name="phone" kind="tel" autocomplete="tel" label=tr!(i18n, wizard.phone)
                    hint=tr!(i18n, wizard.phone_hint) value=value("phone", &saved.phone) check=phone_check(&country) error />
                <Field name="website" kind="url" autocomplete="url"
                    label=tr!(i18n, wizard.website) value=value("website", &saved.website) check=website_check() error />
                <SaveButton pending=action.pending() />
            </ActionForm>
        }
        .into_any()
    })
}

#[component]
pub fn BankStepPage() -> impl IntoView {
    wizard_page(Step::Bank, |view| {
        let i18n = use_i18n();
        let action = ServerAction::<SaveBankStep>::new();
        let error = refusal(action.value());
        let country = view.country.clone().unwrap_or_default();
        let saved = view.bank_masked.clone().map(|masked| {
            let next = view.progress.first_incomplete();
            let next = if next == Step::Bank {
                Step::Model
            } else {
                next
            };
            view! {
                <div class="notice" data-testid="bank-saved">
                    <p>
                        {t!(i18n, wizard.bank_saved)} " " <strong>{masked}</strong>
                    </p>
                    <p>{t!(i18n, wizard.bank_saved_hint)}</p>
                    <p>
                        <A href=next.path()>{t!(i18n, wizard.bank_keep)}</A>
                    </p>
                </div>
            }
        });
        view! {
            <p>{t!(i18n, wizard.bank_intro)}</p>
            {saved}
            <ActionForm action attr:class="form" attr:novalidate=true>
                <FormMessage error />
                {bank_fields(&country, error)}
                <SaveButton pending=action.pending() />
            </ActionForm>
        }
        .into_any()
    })
}

/// A message under a group of choices.
fn group_message(
    i18n: I18nContext<Locale>,
    error: Signal<Option<AppError>>,
    field: &'static str,
) -> impl IntoView {
    move || {
        error
            .get()
            .and_then(|e| e.field_code(field).map(|code| field_message(i18n, code)))
            .map(|text| {
                view! {
                    <p class="field-message" id=format!("{field}-message")>
                        {text}
                    </p>
                }
            })
    }
}

#[component]
pub fn ModelStepPage() -> impl IntoView {
    wizard_page(Step::Model, |view| {
        let i18n = use_i18n();
        let action = ServerAction::<SaveModelStep>::new();
        let error = refusal(action.value());
        let saved_model = error
            .get_untracked()
            .and_then(|e| e.typed("model").and_then(Model::parse))
            .or(view.model);
        let (chosen, set_chosen) = signal(saved_model);
        let choices = Model::ALL
            .into_iter()
            .map(|model| {
                let id = format!("model-{}", model.code());
                let text_id = format!("{id}-text");
                view! {
                    <div class="choice">
                        <input
                            type="radio"
                            name="model"
                            id=id.clone()
                            value=model.code()
                            checked=saved_model == Some(model)
                            aria-describedby=text_id.clone()
                            on:change=move |_| set_chosen.set(Some(model))
                        />
                        <label for=id>{move || model_title(i18n, model)}</label>
                        <p class="choice-text" id=text_id>
                            {move || model_text(i18n, model)}
                        </p>
                    </div>
                }
            })
            .collect_view();
        // the boxes ticked in a refused attempt, else the saved ones
        let accepted: Vec<String> = match error.get_untracked() {
            Some(error) if error.typed("criteria").is_some() => error
                .typed("criteria")
                .unwrap_or_default()
                .split(' ')
                .map(str::to_owned)
                .collect(),
            _ => view.accepted_criteria.clone(),
        };
        let criteria = view
            .criteria
            .iter()
            .map(|criterion| {
                let id = format!("criterion-{}", criterion.key);
                let (text_en, text_ko) = (criterion.text_en.clone(), criterion.text_ko.clone());
                let checked = accepted.contains(&criterion.key);
                view! {
                    <div class="checkbox">
                        <input
                            type="checkbox"
                            id=id.clone()
                            name=crate::api::enrollment::criterion_field(&criterion.key)
                            value="on"
                            checked=checked
                        />
                        <label for=id>
                            {move || {
                                if i18n.get_locale() == Locale::ko {
                                    text_ko.clone()
                                } else {
                                    text_en.clone()
                                }
                            }}
                        </label>
                    </div>
                }
            })
            .collect_view();
        let needs_criteria = move || chosen.get().is_none_or(Model::needs_acceptance_criteria);
        view! {
            <p>{t!(i18n, wizard.model_intro)}</p>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <FormMessage error />
                <fieldset class="choices" aria-describedby="model-message">
                    <legend>{t!(i18n, wizard.model_legend)}</legend>
                    {choices}
                    {group_message(i18n, error, "model")}
                </fieldset>
                <fieldset class="checkboxes" hidden=move || !needs_criteria() aria-describedby="criteria-hint criteria-message">
                    <legend>{t!(i18n, wizard.criteria_legend)}</legend>
                    <p class="field-hint" id="criteria-hint">{t!(i18n, wizard.criteria_hint)}</p>
                    {criteria}
                    {group_message(i18n, error, "criteria")}
                </fieldset>
                <SaveButton pending=action.pending() />
            </ActionForm>
        }
        .into_any()
    })
}

#[component]
pub fn ReviewStepPage() -> impl IntoView {
    wizard_page(Step::Review, |view| {
        let i18n = use_i18n();
        let action = ServerAction::<SubmitApplication>::new();
        let error = refusal(action.value());
        let typed = move |field: &'static str, saved: Option<String>| {
            typed_or_saved(error, field, saved.unwrap_or_default())
        };
        let accept_error = Signal::derive(move || {
            error
                .get()
                .and_then(|e| e.field_code("accept").map(|c| field_message(i18n, c)))
        });
        view! {
            <p>{t!(i18n, wizard.review_intro)}</p>
            <Summary view=view.clone() editable=changeable_steps(&view) />
            <h2>{t!(i18n, wizard.agreement_title)}</h2>
            <p>{t!(i18n, wizard.agreement_text)}</p>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <FormMessage error />
                {group_message(i18n, error, "program_id")}
                {group_message(i18n, error, "criteria")}
                <Field name="signer_name" autocomplete="name"
                    label=tr!(i18n, wizard.signer_name) value=typed("signer_name", view.signer_name.clone()) error />
                <Field name="signer_title" autocomplete="organization-title"
                    label=tr!(i18n, wizard.signer_title) value=typed("signer_title", view.signer_title.clone()) error />
                <div class="checkbox" class:field--invalid=move || accept_error.get().is_some()>
                    <input
                        type="checkbox"
                        id="accept"
                        name="accept"
                        value="on"
                        aria-invalid=move || accept_error.get().is_some().then_some("true")
                        aria-describedby=move || accept_error.get().is_some().then_some("accept-message")
                    />
                    <label for="accept">{t!(i18n, wizard.accept)}</label>
                    {move || {
                        accept_error
                            .get()
                            .map(|text| {
                                view! {
                                    <p class="field-message" id="accept-message">
                                        {text}
                                    </p>
                                }
                            })
                    }}
                </div>
                <p class="field-hint">{t!(i18n, wizard.submit_note)}</p>
                <Submit>{t!(i18n, wizard.submit)}</Submit>
            </ActionForm>
        }
        .into_any()
    })
}

/// The words for a rejection's reason code.
fn rejection_reason(i18n: I18nContext<Locale>, code: &str) -> &'static str {
    match code {
        "business_not_verifiable" => t_string!(i18n, status.reject_business_not_verifiable),
        "program_id_inactive" => t_string!(i18n, status.reject_program_id_inactive),
        "bank_not_verifiable" => t_string!(i18n, status.reject_bank_not_verifiable),
        "fails_acceptance_criteria" => t_string!(i18n, status.reject_fails_acceptance_criteria),
        _ => t_string!(i18n, status.reject_other),
    }
}

/// `/application/status`: where the application stands, each check with its state, and the
/// dates. Updates itself when a reviewer acts (server-sent events; a periodic refresh when the
/// connection is down); without JavaScript it shows the state as of the page load.
#[component]
pub fn StatusPage() -> impl IntoView {
    let i18n = use_i18n();
    let application = Resource::new_blocking(|| (), |_| my_application());
    #[cfg(feature = "hydrate")]
    live::follow(move || application.refetch());
    view! {
        <PageTitle text=move || t_string!(i18n, status.page_title).to_string() />
        {guarded(application, signed_out, move |view| status_view(i18n, view))}
    }
}

fn status_view(i18n: I18nContext<Locale>, view: ApplicationView) -> AnyView {
    let status = view.status;
    let editable = status.applicant_can_edit();
    let dates = match (&view.submitted_on, &view.expected_decision_on) {
        (Some(submitted), Some(expected)) if status != Status::Draft => {
            let days = view.review_days;
            Some(view! {
                <dl class="facts">
                    <dt>{t!(i18n, status.submitted_on)}</dt>
                    <dd data-testid="submitted-on">{submitted.clone()}</dd>
                    <dt>{t!(i18n, status.expected_decision)}</dt>
                    <dd data-testid="expected-decision">
                        {expected.clone()} " "
                        <span class="muted">
                            {move || {
                                t_string!(i18n, status.business_days)
                                    .replace("{days}", &days.to_string())
                            }}
                        </span>
                    </dd>
                </dl>
            })
        }
        _ => None,
    };
    let next = if editable {
        let path = view.progress.first_incomplete().path();
        Some(view! {
            <p>
                <A href=path attr:class="button button--primary">
                    {t!(i18n, status.continue_application)}
                </A>
            </p>
        })
    } else {
        None
    };
    let decision = view
        .decision_message
        .clone()
        .filter(|_| {
            matches!(
                status,
                Status::MoreInformationNeeded | Status::Rejected | Status::Approved
            )
        })
        .map(|message| {
            let reason = view
                .decision_reason
                .clone()
                .filter(|_| status == Status::Rejected);
            let sections: Vec<Step> = if status == Status::MoreInformationNeeded {
                changeable_steps(&view)
            } else {
                Vec::new()
            };
            view! {
                <div class="notice" data-testid="decision">
                    {reason
                        .map(|code| {
                            view! {
                                <p>
                                    <strong>{t!(i18n, status.reason)}</strong>
                                    " "
                                    {rejection_reason(i18n, &code)}
                                </p>
                            }
                        })}
                    <p>
                        <strong>{t!(i18n, status.reviewer_message)}</strong>
                        " "
                        {message}
                    </p>
                    {(!sections.is_empty())
                        .then(|| {
                            view! {
                                <p>{t!(i18n, status.sections_to_fix)}</p>
                                <ul>
                                    {sections
                                        .into_iter()
                                        .map(|step| {
                                            view! {
                                                <li>
                                                    <A href=step.path()>{step_title(i18n, step)}</A>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                        })}
                </div>
            }
        });
    let explanation = match status {
        Status::Draft => t_string!(i18n, status.explain_draft),
        Status::Submitted => t_string!(i18n, status.explain_submitted),
        Status::InReview => t_string!(i18n, status.explain_in_review),
        Status::MoreInformationNeeded => t_string!(i18n, status.explain_more_information),
        Status::Approved => t_string!(i18n, status.explain_approved),
        Status::Rejected => t_string!(i18n, status.explain_rejected),
    };
    view! {
        <section class="status-page" aria-labelledby="status-title">
            <p class="eyebrow">{t!(i18n, wizard.application_for)} " " {view.program_id.clone()}</p>
            <h1 id="status-title">{t!(i18n, status.title)}</h1>
            <div class="status-summary" aria-live="polite">
                <p class=format!("status-badge status-badge--{}", status.code()) data-testid="application-status" data-status=status.code()>
                    {status_name(i18n, status)}
                </p>
                <p>{explanation}</p>
                {decision}
                {dates}
                {next}
                <h2>{t!(i18n, status.checks_title)}</h2>
                <ChecksList checks=view.checks.clone() editable />
            </div>
            <p class="muted live-note">
                {t!(i18n, status.live_note)} " " <a href="/application/status">{t!(i18n, status.refresh)}</a>
            </p>
        </section>
        {(!editable).then(|| view! { <Summary view=view.clone() editable=Vec::new() /> })}
    }
    .into_any()
}

/// Live updates of the status page, in the browser.
#[cfg(feature = "hydrate")]
mod live {
    use futures::StreamExt;
    use gloo_net::eventsource::{State, futures::EventSource};
    use leptos::prelude::*;
    use std::time::Duration;

    /// Where the server announces changes to the applicant's application.
    pub const EVENTS_PATH: &str = "/application/events";
    /// How often the page refreshes itself while the live connection is down.
    const FALLBACK_EVERY: Duration = Duration::from_secs(15);

    /// Calls `refresh` whenever the server says the application changed; while the
    /// connection is down (the browser retries it by itself), every 15 s instead.
    pub fn follow(refresh: impl Fn() + Clone + Send + Sync + 'static) {
        let Ok(mut source) = EventSource::new(EVENTS_PATH) else {
            poll_always(refresh);
            return;
        };
        let Ok(mut changes) = source.subscribe("change") else {
            poll_always(refresh);
            return;
        };
        // dropping the source closes the connection
        let state = StoredValue::new_local(Some(source));
        let on_change = refresh.clone();
        leptos::task::spawn_local(async move {
            while let Some(event) = changes.next().await {
                if event.is_ok() {
                    on_change();
                }
            }
        });
        let poll = refresh.clone();
        if let Ok(handle) = set_interval_with_handle(
            move || {
                let open = state
                    .try_with_value(|source| {
                        source.as_ref().is_some_and(|s| s.state() == State::Open)
                    })
                    .unwrap_or(false);
                if !open {
                    poll();
                }
            },
            FALLBACK_EVERY,
        ) {
            on_cleanup(move || {
                handle.clear();
                state.try_update_value(Option::take);
            });
        }
    }

    fn poll_always(refresh: impl Fn() + Send + Sync + 'static) {
        if let Ok(handle) = set_interval_with_handle(refresh, FALLBACK_EVERY) {
            on_cleanup(move || handle.clear());
        }
    }
}
