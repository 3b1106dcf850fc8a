//! Form pieces shared by every page: a labelled field with its message, and the message for the
//! whole form. Messages come as codes from the server (or from the same checks in the browser)
//! and are translated here.

use crate::{api::AppError, i18n::*};
use leptos::prelude::*;
use leptos_i18n::I18nContext;

/// The sentence for a field's message code.
pub fn field_message(i18n: I18nContext<Locale>, code: &str) -> String {
    let text = match code {
        "email.empty" => t_string!(i18n, errors.email_empty),
        "email.too_long" => t_string!(i18n, errors.email_too_long),
        "email.malformed" => t_string!(i18n, errors.email_malformed),
        "email.taken" => t_string!(i18n, errors.email_taken),
        "name.empty" => t_string!(i18n, errors.name_empty),
        "password.empty" => t_string!(i18n, errors.password_empty),
        "password.too_short" => t_string!(i18n, errors.password_too_short),
        "password.too_long" => t_string!(i18n, errors.password_too_long),
        "password.common" => t_string!(i18n, errors.password_common),
        "password.same_as_temporary" => t_string!(i18n, errors.password_same_as_temporary),
        "password.contains_email_name" => t_string!(i18n, errors.password_contains_email_name),
        "password.mismatch" => t_string!(i18n, errors.password_mismatch),
        "password.current_wrong" => t_string!(i18n, errors.password_current_wrong),
        _ => t_string!(i18n, errors.field_invalid),
    };
    text.to_string()
}

/// The sentence for an error that concerns the whole form (not one field).
pub fn form_message(i18n: I18nContext<Locale>, error: &AppError) -> Option<String> {
    let text = match error {
        AppError::Validation { .. } => t_string!(i18n, errors.check_fields).to_string(),
        AppError::InvalidCredentials { .. } => {
            t_string!(i18n, errors.invalid_credentials).to_string()
        }
        AppError::LinkInvalid => t_string!(i18n, errors.link_invalid).to_string(),
        AppError::AccountDeactivated => t_string!(i18n, errors.account_deactivated).to_string(),
        AppError::TemporaryPasswordExpired => {
            t_string!(i18n, errors.temporary_password_expired).to_string()
        }
        AppError::Unauthenticated => t_string!(i18n, errors.unauthenticated).to_string(),
        AppError::PasswordChangeRequired => {
            t_string!(i18n, errors.password_change_required).to_string()
        }
        AppError::TooManyAttempts { seconds } => {
            format!(
                "{} ({seconds} s)",
                t_string!(i18n, errors.too_many_attempts)
            )
        }
        AppError::Forbidden { .. } => t_string!(i18n, errors.forbidden).to_string(),
        AppError::NotFound => t_string!(i18n, errors.not_found).to_string(),
        AppError::Conflict(code) => match code.as_str() {
            "staff.not_yourself" => t_string!(i18n, errors.not_yourself).to_string(),
            "staff.reactivate_first" => t_string!(i18n, errors.reactivate_first).to_string(),
            _ => t_string!(i18n, errors.conflict).to_string(),
        },
        AppError::Internal { reference } => {
            format!("{} {reference}", t_string!(i18n, errors.internal))
        }
        AppError::Transport(_) => t_string!(i18n, errors.transport).to_string(),
    };
    Some(text)
}

/// The name people read for a role code.
pub fn role_name(i18n: I18nContext<Locale>, code: &str) -> String {
    match code {
        "program_admin" => t_string!(i18n, roles.program_admin).to_string(),
        "reviewer" => t_string!(i18n, roles.reviewer).to_string(),
        other => other.replace('_', " "),
    }
}

/// Role names joined for a list.
pub fn role_names(i18n: I18nContext<Locale>, codes: &[String]) -> String {
    codes
        .iter()
        .map(|code| role_name(i18n, code))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The message above a form, when the last attempt failed.
#[component]
pub fn FormMessage(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error
            .get()
            .and_then(|e| form_message(i18n, &e))
            .map(|message| {
                view! {
                    <p class="form-message" role="alert">
                        {message}
                    </p>
                }
            })
    }
}

/// A labelled input with its message underneath, linked for screen readers.
#[component]
pub fn Field(
    /// the form field's name (and the id of the input)
    name: &'static str,
    #[prop(into)] label: Signal<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    /// what to show in the field (the value typed before a failed attempt)
    #[prop(into, optional)]
    value: Option<Signal<String>>,
    /// a hint under the label
    #[prop(into, optional)]
    hint: Option<Signal<String>>,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let message = move || {
        error
            .get()
            .and_then(|e| e.field_code(name).map(|code| field_message(i18n, code)))
    };
    let message_id = format!("{name}-message");
    let hint_id = format!("{name}-hint");
    let described_by = {
        let message_id = message_id.clone();
        let hint_id = hint_id.clone();
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if message().is_some() {
                ids.push(message_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field--invalid=move || message().is_some()>
            <label for=name>{label}</label>
            {hint.map(|hint| view! { <p class="field-hint" id=hint_id.clone()>{hint}</p> })}
            <input
                id=name
                name=name
                type=kind
                autocomplete=autocomplete
                value=move || value.map(|v| v.get()).unwrap_or_default()
                aria-invalid=move || message().is_some().then_some("true")
                aria-describedby=described_by
            />
            {move || {
                message()
                    .map(|text| {
                        view! {
                            <p class="field-message" id=message_id.clone()>
                                {text}
                            </p>
                        }
                    })
            }}
        </div>
    }
}
