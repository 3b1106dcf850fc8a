//! The form that e-mails an applicant a new link to their application.

use crate::ui::components::*;
use crate::{api::enrollment::EmailApplicationLink, i18n::*, ui::components::forms::*};
use leptos::prelude::*;

/// "E-mail me a link": for applicants coming back to an application.
#[component]
pub fn ResumeForm() -> impl IntoView {
    let i18n = use_i18n();
    let resume = ServerAction::<EmailApplicationLink>::new();
    let error = refusal(resume.value());
    let sent = succeeded_or_posted(resume.value(), "sent", "resume");
    view! {
        <section class="form-page" id="resume" aria-labelledby="resume-title">
            <h2 id="resume-title">{t!(i18n, apply.resume_title)}</h2>
            <p>{t!(i18n, apply.resume_intro)}</p>
            {move || {
                sent()
                    .then(|| {
                        view! {
                            <p class="notice" role="status" data-testid="resume-sent">
                                {t!(i18n, apply.resume_sent)}
                            </p>
                        }
                    })
            }}
            <ActionForm action=resume attr:class="form" attr:novalidate=true>
                <Field name="resume_email" kind="email" autocomplete="email"
                    label=tr!(i18n, apply.work_email) value=typed_value(error, "resume_email") error />
                <FormMessage error=Signal::derive(move || {
                    error.get().filter(|e| !matches!(e, crate::api::AppError::Validation { .. }))
                }) />
                <button type="submit" class="button">
                    {t!(i18n, apply.resume_submit)}
                </button>
            </ActionForm>
        </section>
    }
}

/// What an applicant needs at hand to apply (the home page and the start of an application).
#[component]
pub(crate) fn ApplicationNeeds() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="checklist">
            <li>{t!(i18n, home.need_program_id)}</li>
            <li>{t!(i18n, home.need_address)}</li>
            <li>{t!(i18n, home.need_bank)}</li>
            <li>{t!(i18n, home.need_admin_email)}</li>
        </ul>
    }
}
