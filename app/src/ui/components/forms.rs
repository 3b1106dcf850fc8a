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
        "name.too_long" => t_string!(i18n, errors.name_too_long),
        "legal_name.same" => t_string!(i18n, errors.legal_name_same),
        "reason.empty" => t_string!(i18n, errors.reason_empty),
        "reason.too_long" => t_string!(i18n, errors.reason_too_long),
        "decision.choose" => t_string!(i18n, errors.decision_choose),
        "decision.note_empty" => t_string!(i18n, errors.decision_note_empty),
        "audit.action_unknown" => t_string!(i18n, errors.audit_action_unknown),
        "description.too_long" => t_string!(i18n, errors.description_too_long),
        "description.empty" => t_string!(i18n, errors.description_empty),
        "choice.unknown" => t_string!(i18n, errors.choice_unknown),
        "locations.too_many" => t_string!(i18n, errors.locations_too_many),
        "location.city_empty" => t_string!(i18n, errors.location_city_empty),
        "location.country_unknown" => t_string!(i18n, errors.location_country_unknown),
        "lead_name.too_long" => t_string!(i18n, errors.lead_name_too_long),
        "lead_name.empty" => t_string!(i18n, errors.lead_name_empty),
        "lead_email.empty" => t_string!(i18n, errors.lead_email_empty),
        "support_hours.too_long" => t_string!(i18n, errors.support_hours_too_long),
        "regions.empty" => t_string!(i18n, errors.regions_empty),
        "regions.unknown" => t_string!(i18n, errors.regions_unknown),
        "offer.empty" => t_string!(i18n, errors.offer_empty),
        "languages.empty" => t_string!(i18n, errors.languages_empty),
        "customer_sizes.empty" => t_string!(i18n, errors.customer_sizes_empty),
        "filter.unknown" => t_string!(i18n, errors.filter_unknown),
        "logo.not_image" => t_string!(i18n, errors.logo_not_image),
        "logo.too_large" => t_string!(i18n, errors.logo_too_large),
        "logo.too_many_pixels" => t_string!(i18n, errors.logo_too_many_pixels),
        "logo.missing" => t_string!(i18n, errors.logo_missing),
        "customer.csp_tenant" => t_string!(i18n, errors.customer_csp_tenant),
        "customer.own_tenant" => t_string!(i18n, errors.customer_own_tenant),
        "customer.already_active" => t_string!(i18n, errors.customer_already_active),
        "customer.no_provider" => t_string!(i18n, errors.customer_no_provider),
        "tenant_domain.invalid" => t_string!(i18n, errors.tenant_domain_invalid),
        "customer.already_pending" => t_string!(i18n, errors.customer_already_pending),
        "customer.name_empty" => t_string!(i18n, errors.customer_name_empty),
        "customer.name_long" => t_string!(i18n, errors.customer_name_long),
        "tenant.taken" => t_string!(i18n, errors.tenant_taken),
        "message.too_long" => t_string!(i18n, errors.message_too_long),
        "relationship.reason_empty" => t_string!(i18n, errors.relationship_reason_empty),
        "company.empty" => t_string!(i18n, errors.company_empty),
        "need.too_short" => t_string!(i18n, errors.need_too_short),
        "need.too_long" => t_string!(i18n, errors.need_too_long),
        "size.choose" => t_string!(i18n, errors.size_choose),
        "referral.reason_empty" => t_string!(i18n, errors.referral_reason_empty),
        "referral.choose_reseller" => t_string!(i18n, errors.referral_choose_reseller),
        "referral.not_your_reseller" => t_string!(i18n, errors.referral_not_your_reseller),
        "audit.older_invalid" => t_string!(i18n, errors.audit_older_invalid),
        "password.empty" => t_string!(i18n, errors.password_empty),
        "password.too_short" => t_string!(i18n, errors.password_too_short),
        "password.too_long" => t_string!(i18n, errors.password_too_long),
        "password.common" => t_string!(i18n, errors.password_common),
        "password.same_as_temporary" => t_string!(i18n, errors.password_same_as_temporary),
        "password.contains_email_name" => t_string!(i18n, errors.password_contains_email_name),
        "password.mismatch" => t_string!(i18n, errors.password_mismatch),
        "password.current_wrong" => t_string!(i18n, errors.password_current_wrong),
        "email.free_mail" => t_string!(i18n, errors.email_free_mail),
        "program_id.empty" => t_string!(i18n, errors.program_id_empty),
        "program_id.not_numeric" => t_string!(i18n, errors.program_id_not_numeric),
        "program_id.wrong_length" => t_string!(i18n, errors.program_id_wrong_length),
        "program_id.unknown" => t_string!(i18n, errors.program_id_unknown),
        "program_id.suspended" => t_string!(i18n, errors.program_id_suspended),
        "program_id.other_country" => t_string!(i18n, errors.program_id_other_country),
        "program_id.application_open" => t_string!(i18n, errors.program_id_application_open),
        "phone.empty" => t_string!(i18n, errors.phone_empty),
        "phone.international" => t_string!(i18n, errors.phone_international),
        "phone.format" => t_string!(i18n, errors.phone_format),
        "address.line1_empty" => t_string!(i18n, errors.line1_empty),
        "address.city_empty" => t_string!(i18n, errors.city_empty),
        "address.region_empty" => t_string!(i18n, errors.region_empty),
        "address.region_unknown" => t_string!(i18n, errors.region_unknown),
        "address.too_long" => t_string!(i18n, errors.address_too_long),
        "postal_code.empty" => t_string!(i18n, errors.postal_code_empty),
        "postal_code.format" => t_string!(i18n, errors.postal_code_format),
        "country.unknown" => t_string!(i18n, errors.country_unknown),
        "iban.empty" => t_string!(i18n, errors.iban_empty),
        "iban.checksum" => t_string!(i18n, errors.iban_checksum),
        "iban.format" => t_string!(i18n, errors.iban_format),
        "iban.other_country" => t_string!(i18n, errors.iban_other_country),
        "bic.empty" => t_string!(i18n, errors.bic_empty),
        "bic.format" => t_string!(i18n, errors.bic_format),
        "account_number.empty" => t_string!(i18n, errors.account_number_empty),
        "account_number.format" => t_string!(i18n, errors.account_number_format),
        "routing_code.empty" => t_string!(i18n, errors.routing_code_empty),
        "routing_code.format" => t_string!(i18n, errors.routing_code_format),
        "routing_code.checksum" => t_string!(i18n, errors.routing_code_checksum),
        "holder.empty" => t_string!(i18n, errors.holder_empty),
        "holder.too_long" => t_string!(i18n, errors.holder_too_long),
        "legal_name.empty" => t_string!(i18n, errors.legal_name_empty),
        "legal_name.too_long" => t_string!(i18n, errors.legal_name_too_long),
        "legal_name.mismatch" => t_string!(i18n, errors.legal_name_mismatch),
        "website.format" => t_string!(i18n, errors.website_format),
        "website.too_long" => t_string!(i18n, errors.website_too_long),
        "model.empty" => t_string!(i18n, errors.model_empty),
        "criteria.all_required" => t_string!(i18n, errors.criteria_all_required),
        "criteria.changed" => t_string!(i18n, errors.criteria_changed),
        "signer_name.empty" => t_string!(i18n, errors.signer_name_empty),
        "signer_name.too_long" => t_string!(i18n, errors.signer_name_too_long),
        "signer_title.empty" => t_string!(i18n, errors.signer_title_empty),
        "signer_title.too_long" => t_string!(i18n, errors.signer_title_too_long),
        "agreement.not_accepted" => t_string!(i18n, errors.agreement_not_accepted),
        "review_days.range" => t_string!(i18n, errors.review_days_range),
        "criterion.empty" => t_string!(i18n, errors.criterion_empty),
        "criterion.too_long" => t_string!(i18n, errors.criterion_too_long),
        "free_mail.empty" => t_string!(i18n, errors.free_mail_empty),
        "free_mail.malformed" => t_string!(i18n, errors.free_mail_malformed),
        "free_mail.built_in" => t_string!(i18n, errors.free_mail_built_in),
        "free_mail.listed" => t_string!(i18n, errors.free_mail_listed),
        "review.reassign_choose" => t_string!(i18n, errors.reassign_choose),
        "review.reassign_same" => t_string!(i18n, errors.reassign_same),
        "decision.message_empty" => t_string!(i18n, errors.decision_message_empty),
        "decision.message_too_long" => t_string!(i18n, errors.decision_message_too_long),
        "decision.sections_empty" => t_string!(i18n, errors.decision_sections_empty),
        "decision.section_unknown" => t_string!(i18n, errors.decision_section_unknown),
        "decision.reason_empty" => t_string!(i18n, errors.decision_reason_empty),
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
        AppError::TooManyAttempts { seconds, .. } => {
            format!(
                "{} ({seconds} s)",
                t_string!(i18n, errors.too_many_attempts)
            )
        }
        AppError::Forbidden { reason } if reason == "invitation.sign_in" => {
            t_string!(i18n, errors.invitation_sign_in).to_string()
        }
        AppError::Forbidden { reason } if reason == "invitation.not_global_admin" => {
            t_string!(i18n, errors.invitation_not_global_admin).to_string()
        }
        AppError::Forbidden { reason } if reason == "review.holder_only" => {
            t_string!(i18n, errors.holder_only).to_string()
        }
        AppError::Forbidden { .. } => t_string!(i18n, errors.forbidden).to_string(),
        AppError::NotFound => t_string!(i18n, errors.not_found).to_string(),
        AppError::Conflict(code) => match code.as_str() {
            "staff.not_yourself" => t_string!(i18n, errors.not_yourself).to_string(),
            "staff.reactivate_first" => t_string!(i18n, errors.reactivate_first).to_string(),
            "application.step_order" => t_string!(i18n, errors.step_order).to_string(),
            "members.changed" => t_string!(i18n, errors.members_changed).to_string(),
            "roles.last_global_admin" => t_string!(i18n, errors.last_global_admin).to_string(),
            "roles.global_admin_only" => t_string!(i18n, errors.global_admin_only).to_string(),
            "roles.own_privileges" => t_string!(i18n, errors.own_privileges).to_string(),
            "profile.changed" => t_string!(i18n, errors.profile_changed).to_string(),
            "legal_name.request_pending" => {
                t_string!(i18n, errors.legal_name_request_pending).to_string()
            }
            "legal_name.decided" => t_string!(i18n, errors.legal_name_decided).to_string(),
            "business_profile.changed" => {
                t_string!(i18n, errors.business_profile_changed).to_string()
            }
            "business_profile.no_draft" => {
                t_string!(i18n, errors.business_profile_no_draft).to_string()
            }
            "account.not_approved" => t_string!(i18n, errors.account_not_approved).to_string(),
            "relationship.already_open" => {
                t_string!(i18n, errors.relationship_already_open).to_string()
            }
            "relationship.not_accepting" => {
                t_string!(i18n, errors.relationship_not_accepting).to_string()
            }
            "relationship.wrong_model" => {
                t_string!(i18n, errors.relationship_wrong_model).to_string()
            }
            "invitation.expired" => t_string!(i18n, errors.invitation_expired).to_string(),
            "invitation.revoked" => t_string!(i18n, errors.invitation_revoked).to_string(),
            "invitation.active" => t_string!(i18n, errors.invitation_active).to_string(),
            "invitation.declined" => t_string!(i18n, errors.invitation_declined).to_string(),
            "invitation.ended" => t_string!(i18n, errors.invitation_ended).to_string(),
            "invitation.changed" => t_string!(i18n, errors.invitation_changed).to_string(),
            "invitation.other_owner" => t_string!(i18n, errors.invitation_other_owner).to_string(),
            "invitation.not_pending" => t_string!(i18n, errors.invitation_not_pending).to_string(),
            "partner.not_approved" => t_string!(i18n, errors.partner_not_approved).to_string(),
            "customer.csp_tenant" => t_string!(i18n, errors.customer_csp_tenant).to_string(),
            "customer.own_tenant" => t_string!(i18n, errors.customer_own_tenant).to_string(),
            "customer.already_active" => {
                t_string!(i18n, errors.customer_already_active).to_string()
            }
            "customer.no_provider" => t_string!(i18n, errors.customer_no_provider).to_string(),
            "application.not_editable" => t_string!(i18n, errors.not_editable).to_string(),
            "application.incomplete" => t_string!(i18n, errors.incomplete).to_string(),
            "application.section_locked" => t_string!(i18n, errors.section_locked).to_string(),
            "program_id.application_open" => {
                t_string!(i18n, errors.program_id_application_open).to_string()
            }
            _ => t_string!(i18n, errors.conflict).to_string(),
        },
        AppError::Internal { reference } => {
            format!("{} {reference}", t_string!(i18n, errors.internal))
        }
        AppError::Transport(_) => t_string!(i18n, errors.transport).to_string(),
    };
    Some(text)
}

/// What was typed into `field` before the last failed attempt (sent back by the server).
pub fn typed_value(error: Signal<Option<AppError>>, field: &'static str) -> Signal<String> {
    Signal::derive(move || {
        error
            .get()
            .and_then(|e| e.typed(field).map(str::to_owned))
            .unwrap_or_default()
    })
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

/// The message shown for a field: the browser's own check once the field was changed after the
/// last answer from the server (the same domain rules the server applies), else the server's.
fn field_message_signal(
    name: &'static str,
    error: Signal<Option<AppError>>,
) -> (RwSignal<Option<Option<String>>>, Signal<Option<String>>) {
    let i18n = use_i18n();
    let local = RwSignal::new(None::<Option<String>>);
    // a new answer from the server replaces what the browser found
    Effect::new(move |_| {
        error.track();
        local.set(None);
    });
    let message = Signal::derive(move || {
        let code = match local.get() {
            Some(local) => local,
            None => error
                .get()
                .and_then(|e| e.field_code(name).map(str::to_owned)),
        };
        code.map(|code| field_message(i18n, &code))
    });
    (local, message)
}

/// `aria-describedby` for a field with an optional hint and message.
fn described_by(
    name: &'static str,
    has_hint: bool,
    message: Signal<Option<String>>,
) -> impl Fn() -> Option<String> + Send + Sync + 'static {
    move || {
        let mut ids = Vec::new();
        if has_hint {
            ids.push(format!("{name}-hint"));
        }
        if message.with(Option::is_some) {
            ids.push(format!("{name}-message"));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// A labelled input with its message underneath, linked for screen readers. With `check`, the
/// browser checks the value when it is changed, with the rule the server uses.
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
    /// the message code for a value, None when it is fine
    #[prop(optional, into)]
    check: Option<Callback<String, Option<String>>>,
    #[prop(optional)] inputmode: Option<&'static str>,
) -> impl IntoView {
    let (local, message) = field_message_signal(name, error);
    // A message goes away as soon as the value is right (while typing), and a new one appears
    // only when the field is left: nothing jumps while the person types, or under their
    // pointer when they go for the button.
    let on_input = move |ev: leptos::ev::Event| {
        if let Some(check) = check
            && check.run(event_target_value(&ev)).is_none()
        {
            local.set(Some(None));
        }
    };
    let on_change = move |ev: leptos::ev::Event| {
        if let Some(check) = check {
            local.set(Some(check.run(event_target_value(&ev))));
        }
    };
    view! {
        <div class="field" class:field--invalid=move || message.with(Option::is_some)>
            <label for=name>{label}</label>
            {hint.map(|hint| view! { <p class="field-hint" id=format!("{name}-hint")>{hint}</p> })}
            <input
                id=name
                name=name
                type=kind
                autocomplete=autocomplete
                inputmode=inputmode
                value=move || value.map(|v| v.get()).unwrap_or_default()
                aria-invalid=move || message.with(Option::is_some).then_some("true")
                aria-describedby=described_by(name, hint.is_some(), message)
                on:input=on_input
                on:change=on_change
            />
            <FieldMessage name message />
        </div>
    }
}

/// The message under a field.
#[component]
fn FieldMessage(name: &'static str, message: Signal<Option<String>>) -> impl IntoView {
    move || {
        message.get().map(|text| {
            view! {
                <p class="field-message" id=format!("{name}-message")>
                    {text}
                </p>
            }
        })
    }
}

/// A labelled text area with its message, for longer text (a reason, a note).
#[component]
pub fn TextAreaField(
    name: &'static str,
    #[prop(into)] label: Signal<String>,
    #[prop(into, optional)] value: Option<Signal<String>>,
    #[prop(into, optional)] hint: Option<Signal<String>>,
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(default = 3)] rows: u32,
) -> impl IntoView {
    let (_, message) = field_message_signal(name, error);
    view! {
        <div class="field" class:field--invalid=move || message.with(Option::is_some)>
            <label for=name>{label}</label>
            {hint.map(|hint| view! { <p class="field-hint" id=format!("{name}-hint")>{hint}</p> })}
            <textarea
                id=name
                name=name
                rows=rows
                aria-invalid=move || message.with(Option::is_some).then_some("true")
                aria-describedby=described_by(name, hint.is_some(), message)
                prop:value=move || value.map(|v| v.get()).unwrap_or_default()
            >
                {value.map(|v| v.get_untracked()).unwrap_or_default()}
            </textarea>
            <FieldMessage name message />
        </div>
    }
}

/// The words of an answer to a request, in the page's language.
pub struct DecisionWords {
    pub legend: &'static str,
    pub accept: &'static str,
    pub decline: &'static str,
    pub message: &'static str,
}

/// The fields of an answer to a request `key`: accept or decline (`decision`), and a
/// `message`. A refusal's messages show at them when it concerns this request (its `id` sent
/// back).
pub fn decision_fields(
    i18n: I18nContext<Locale>,
    key: &str,
    error: Signal<Option<AppError>>,
    words: DecisionWords,
) -> impl IntoView + use<> {
    let this_key = key.to_owned();
    let refusal = move |field: &'static str| {
        error
            .get()
            .filter(|e| e.typed("id") == Some(this_key.as_str()))
            .and_then(|e| e.field_code(field).map(|code| field_message(i18n, code)))
    };
    let (decision_refusal, message_refusal) = (refusal.clone(), refusal);
    let (accept_id, decline_id, message_id) = (
        format!("accept-{key}"),
        format!("decline-{key}"),
        format!("message-{key}"),
    );
    view! {
        <input type="hidden" name="id" value=key.to_owned() />
        <fieldset class="checkboxes">
            <legend>{words.legend}</legend>
            {move || decision_refusal("decision").map(|t| view! { <p class="field-message">{t}</p> })}
            <div class="checkbox">
                <input type="radio" id=accept_id.clone() name="decision" value="accept" />
                <label for=accept_id>{words.accept}</label>
            </div>
            <div class="checkbox">
                <input type="radio" id=decline_id.clone() name="decision" value="decline" />
                <label for=decline_id>{words.decline}</label>
            </div>
        </fieldset>
        <div class="field">
            <label for=message_id.clone()>{words.message}</label>
            <textarea id=message_id name="message" rows="2"></textarea>
            {move || message_refusal("message").map(|t| view! { <p class="field-message">{t}</p> })}
        </div>
    }
}

/// A value as it may stand in a page address's query.
pub fn query_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A labelled drop-down list with its message.
#[component]
pub fn SelectField(
    name: &'static str,
    #[prop(into)] label: Signal<String>,
    /// (value, text) in the order shown
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
    /// the value chosen
    #[prop(into)]
    selected: Signal<String>,
    /// the text of the empty first choice ("Choose…"); none when every option is a real one
    #[prop(into, optional)]
    placeholder: Option<Signal<String>>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(into, optional)] hint: Option<Signal<String>>,
    #[prop(into)] error: Signal<Option<AppError>>,
    /// tells the page the choice changed (e.g. the address form follows the country)
    #[prop(optional, into)]
    on_choose: Option<Callback<String>>,
) -> impl IntoView {
    let (local, message) = field_message_signal(name, error);
    let on_change = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        local.set(Some(None));
        if let Some(on_choose) = on_choose {
            on_choose.run(value);
        }
    };
    view! {
        <div class="field" class:field--invalid=move || message.with(Option::is_some)>
            <label for=name>{label}</label>
            {hint.map(|hint| view! { <p class="field-hint" id=format!("{name}-hint")>{hint}</p> })}
            <select
                id=name
                name=name
                autocomplete=autocomplete
                aria-invalid=move || message.with(Option::is_some).then_some("true")
                aria-describedby=described_by(name, hint.is_some(), message)
                on:change=on_change
            >
                {placeholder
                    .map(|text| {
                        view! {
                            <option value="" selected=move || selected.with(String::is_empty)>
                                {text}
                            </option>
                        }
                    })}
                {move || {
                    let chosen = selected.get();
                    options
                        .get()
                        .into_iter()
                        .map(|(value, text)| {
                            let is_chosen = value == chosen;
                            view! {
                                <option value=value selected=is_chosen>
                                    {text}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            <FieldMessage name message />
        </div>
    }
}
