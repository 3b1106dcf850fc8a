//! The ways into the program: joining it (a program ID), starting a CSP application, asking for
//! a new link, and opening an application from an e-mailed link.

use crate::ui::components::*;
use crate::ui::labels::country_options;
use crate::{
    api::enrollment::{JoinProgram, OpenApplication, StartApplication},
    domain::{free_mail::parse_work_email, program_id::ProgramId},
    i18n::*,
    ui::components::forms::{Field, FormMessage, SelectField, typed_value},
};
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_query_map};

#[component]
pub fn JoinPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<JoinProgram>::new();
    let error = refusal(action.value());
    let query = use_query_map();
    // the new program ID: the action's answer once hydrated, the address after a plain post
    let joined = move || {
        action.value().get().and_then(Result::ok).or_else(|| {
            query
                .with(|q| q.get("joined"))
                .filter(|id| ProgramId::parse(id).is_ok())
        })
    };
    let typed = move |field: &'static str| typed_value(error, field);
    let form = move || {
        view! {
            <p>{t!(i18n, join.intro)}</p>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <FormMessage error />
                <Field name="legal_name" autocomplete="organization"
                    label=tr!(i18n, join.legal_name) hint=tr!(i18n, join.legal_name_hint) value=typed("legal_name") error />
                <SelectField name="country" autocomplete="country" label=tr!(i18n, join.country)
                    options=Signal::derive(move || country_options(i18n)) selected=typed("country") placeholder=tr!(i18n, forms.choose) error />
                <Field name="contact_email" kind="email" autocomplete="email"
                    label=tr!(i18n, join.contact_email) value=typed("contact_email") error />
                <Submit>{t!(i18n, join.submit)}</Submit>
            </ActionForm>
        }
    };
    view! {
        <PageTitle text=move || t_string!(i18n, join.page_title).to_string() />
        <Titled id="join-title" title=tr!(i18n, join.title) class="form-page">
            {move || match joined() {
                Some(id) => {
                    let apply = format!("/apply?program_id={id}");
                    view! {
                        <div class="result" role="status">
                            <p>{t!(i18n, join.done_intro)}</p>
                            <p class="program-id" data-testid="program-id">
                                {id}
                            </p>
                            <p>{t!(i18n, join.done_emailed)}</p>
                        </div>
                        <p>
                            <A href=apply attr:class="button button--primary">
                                {t!(i18n, join.apply_now)}
                            </A>
                        </p>
                    }
                        .into_any()
                }
                None => form().into_any(),
            }}
        </Titled>
    }
}

#[component]
pub fn ApplyPage() -> impl IntoView {
    let i18n = use_i18n();
    let start = ServerAction::<StartApplication>::new();
    let error = refusal(start.value());
    let query = use_query_map();
    let sent = succeeded_or_posted(start.value(), "sent", "start");
    let program_id = Signal::derive(move || {
        error
            .get()
            .and_then(|e| e.typed("program_id").map(str::to_owned))
            .or_else(|| query.with(|q| q.get("program_id")))
            .unwrap_or_default()
    });
    let check_program_id =
        Callback::new(|value: String| ProgramId::parse(&value).err().map(|p| p.code().to_owned()));
    let check_work_email =
        Callback::new(|value: String| parse_work_email(&value).err().map(|p| p.code().to_owned()));
    view! {
        <PageTitle text=move || t_string!(i18n, apply.page_title).to_string() />
        <Titled id="apply-title" title=tr!(i18n, apply.title) intro=tr!(i18n, apply.intro) class="form-page">
            <ApplicationNeeds />
            <p>
                {t!(i18n, apply.no_program_id)} " " <A href="/join">{t!(i18n, apply.join_link)}</A>
            </p>
            {move || {
                if sent() {
                    view! {
                        <div class="notice" role="status" data-testid="link-sent">
                            <h2>{t!(i18n, apply.sent_title)}</h2>
                            <p>{t!(i18n, apply.sent_text)}</p>
                        </div>
                    }
                        .into_any()
                } else {
                    view! {
                        <h2>{t!(i18n, apply.start_title)}</h2>
                        <ActionForm action=start attr:class="form" attr:novalidate=true>
                            <FormMessage error />
                            <Field
                                name="program_id"
                                inputmode="numeric"
                                autocomplete="off"
                                label=tr!(i18n, apply.program_id)
                                hint=tr!(i18n, apply.program_id_hint)
                                value=program_id
                                check=check_program_id
                                error
                            />
                            <Field name="work_email" kind="email" autocomplete="email" label=tr!(i18n, apply.work_email)
                                hint=tr!(i18n, apply.work_email_hint) value=typed_value(error, "work_email") check=check_work_email error />
                            <Submit>{t!(i18n, apply.start_submit)}</Submit>
                        </ActionForm>
                    }
                        .into_any()
                }
            }}
        </Titled>
        <ResumeForm />
    }
}

/// The page an e-mailed link opens: one click opens the application (mail scanners that fetch
/// links do not use them up).
#[component]
pub fn OpenApplicationPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<OpenApplication>::new();
    let error = refusal(action.value());
    let token = query_value("token");
    view! {
        <PageTitle text=move || t_string!(i18n, open.page_title).to_string() />
        <Titled id="open-title" title=tr!(i18n, open.title) intro=tr!(i18n, open.intro) class="form-page">
            <ActionForm action attr:class="form">
                <FormMessage error />
                <input type="hidden" name="token" value=token />
                <Submit>{t!(i18n, open.submit)}</Submit>
            </ActionForm>
            {move || {
                error
                    .get()
                    .is_some()
                    .then(|| {
                        view! {
                            <p>
                                <A href="/apply#resume">{t!(i18n, open.new_link)}</A>
                            </p>
                        }
                    })
            }}
        </Titled>
    }
}
