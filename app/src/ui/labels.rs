//! Words for the domain's values and codes, in the page's language: models, statuses, checks,
//! roles, permissions, countries, profile codes, audit actions, and the messages of the codes a
//! refusal carries (from the server, or from the same checks in the browser). One place, so a translator (or
//! a new value) finds every label together; pages and components call these, never spell a
//! value's label themselves.

use crate::{
    api::AppError,
    domain::{
        address::RegionKind,
        application::{Check, CheckState, Model, Status, Step},
        bank::RoutingKind,
        password::Strength,
        review::{RejectReason, Section},
        roles::Permission,
    },
    i18n::*,
};
use leptos_i18n::I18nContext;

pub(crate) fn model_title(i18n: I18nContext<Locale>, model: Model) -> &'static str {
    match model {
        Model::DirectBill => t_string!(i18n, home.model_direct_title),
        Model::IndirectProvider => t_string!(i18n, home.model_provider_title),
        Model::IndirectReseller => t_string!(i18n, home.model_reseller_title),
    }
}

pub(crate) fn status_name(i18n: I18nContext<Locale>, status: Status) -> &'static str {
    match status {
        Status::Draft => t_string!(i18n, status.draft),
        Status::Submitted => t_string!(i18n, status.submitted),
        Status::InReview => t_string!(i18n, status.in_review),
        Status::MoreInformationNeeded => t_string!(i18n, status.more_information_needed),
        Status::Approved => t_string!(i18n, status.approved),
        Status::Rejected => t_string!(i18n, status.rejected),
    }
}

pub(crate) fn check_name(i18n: I18nContext<Locale>, check: Check) -> &'static str {
    match check {
        Check::EmailOwnership => t_string!(i18n, status.check_email),
        Check::ProgramId => t_string!(i18n, status.check_program_id),
        Check::BusinessDetails => t_string!(i18n, status.check_business),
        Check::BankDetails => t_string!(i18n, status.check_bank),
    }
}

pub(crate) fn check_state_name(i18n: I18nContext<Locale>, state: CheckState) -> &'static str {
    match state {
        CheckState::NotStarted => t_string!(i18n, status.state_not_started),
        CheckState::Pending => t_string!(i18n, status.state_pending),
        CheckState::Passed => t_string!(i18n, status.state_passed),
        CheckState::Failed => t_string!(i18n, status.state_failed),
    }
}

/// The words for a password's strength (used by the password forms).
pub(crate) fn strength_words(i18n: I18nContext<Locale>, strength: Strength) -> &'static str {
    match strength {
        Strength::Refused => t_string!(i18n, setup.strength_refused),
        Strength::Fair => t_string!(i18n, setup.strength_fair),
        Strength::Strong => t_string!(i18n, setup.strength_strong),
    }
}

pub(crate) fn routing_label(i18n: I18nContext<Locale>, kind: RoutingKind) -> &'static str {
    match kind {
        RoutingKind::Aba => t_string!(i18n, wizard.routing_aba),
        RoutingKind::CanadianTransit => t_string!(i18n, wizard.routing_ca),
        RoutingKind::Bsb => t_string!(i18n, wizard.routing_bsb),
        RoutingKind::Ifsc => t_string!(i18n, wizard.routing_ifsc),
        RoutingKind::JapanBankBranch => t_string!(i18n, wizard.routing_jp),
        RoutingKind::KoreaBankCode => t_string!(i18n, wizard.routing_kr),
        RoutingKind::Generic => t_string!(i18n, wizard.routing_generic),
    }
}

/// A permission in words.
pub(crate) fn permission_text(i18n: I18nContext<Locale>, permission: Permission) -> &'static str {
    match permission {
        Permission::UsersView => t_string!(i18n, perm.users_view),
        Permission::UsersManage => t_string!(i18n, perm.users_manage),
        Permission::RolesAssign => t_string!(i18n, perm.roles_assign),
        Permission::GlobalAdminsManage => t_string!(i18n, perm.global_admins_manage),
        Permission::OrgProfileView => t_string!(i18n, perm.org_profile_view),
        Permission::OrgProfileEdit => t_string!(i18n, perm.org_profile_edit),
        Permission::BankView => t_string!(i18n, perm.bank_view),
        Permission::BankReplace => t_string!(i18n, perm.bank_replace),
        Permission::BillingView => t_string!(i18n, perm.billing_view),
        Permission::BusinessProfileEdit => t_string!(i18n, perm.business_profile_edit),
        Permission::ReferralsManage => t_string!(i18n, perm.referrals_manage),
        Permission::CustomersView => t_string!(i18n, perm.customers_view),
        Permission::CustomersManage => t_string!(i18n, perm.customers_manage),
        Permission::CustomersRequest => t_string!(i18n, perm.customers_request),
        Permission::SupportManage => t_string!(i18n, perm.support_manage),
        Permission::AuditView => t_string!(i18n, perm.audit_view),
        Permission::PartnersManage => t_string!(i18n, perm.partners_manage),
    }
}

pub(crate) fn step_title(i18n: I18nContext<Locale>, step: Step) -> &'static str {
    match step {
        Step::ProgramId => t_string!(i18n, wizard.step_program_id),
        Step::Business => t_string!(i18n, wizard.step_business),
        Step::Bank => t_string!(i18n, wizard.step_bank),
        Step::Model => t_string!(i18n, wizard.step_model),
        Step::Review => t_string!(i18n, wizard.step_review),
    }
}

pub(crate) fn model_text(i18n: I18nContext<Locale>, model: Model) -> &'static str {
    match model {
        Model::DirectBill => t_string!(i18n, home.model_direct_text),
        Model::IndirectProvider => t_string!(i18n, home.model_provider_text),
        Model::IndirectReseller => t_string!(i18n, home.model_reseller_text),
    }
}

pub(crate) fn reason_name(i18n: I18nContext<Locale>, reason: RejectReason) -> &'static str {
    match reason {
        RejectReason::BusinessNotVerifiable => {
            t_string!(i18n, status.reject_business_not_verifiable)
        }
        RejectReason::ProgramIdInactive => t_string!(i18n, status.reject_program_id_inactive),
        RejectReason::BankNotVerifiable => t_string!(i18n, status.reject_bank_not_verifiable),
        RejectReason::FailsAcceptanceCriteria => {
            t_string!(i18n, status.reject_fails_acceptance_criteria)
        }
        RejectReason::Other => t_string!(i18n, status.reject_other),
    }
}

pub(crate) fn section_name(i18n: I18nContext<Locale>, section: Section) -> &'static str {
    match section {
        Section::ProgramId => t_string!(i18n, wizard.step_program_id),
        Section::Business => t_string!(i18n, wizard.step_business),
        Section::Bank => t_string!(i18n, wizard.step_bank),
        Section::Model => t_string!(i18n, wizard.step_model),
    }
}

/// An audit log action in words.
pub(crate) fn action_text(i18n: I18nContext<Locale>, action: &str) -> String {
    match action {
        "user.add" => t_string!(i18n, audit.action_user_add),
        "roles.change" => t_string!(i18n, audit.action_roles_change),
        "user.deactivate" => t_string!(i18n, audit.action_user_deactivate),
        "user.reactivate" => t_string!(i18n, audit.action_user_reactivate),
        "user.password_reissued" => t_string!(i18n, audit.action_password_reissued),
        "org_profile.change" => t_string!(i18n, audit.action_profile_change),
        "legal_name.request" => t_string!(i18n, audit.action_name_request),
        "legal_name.approved" => t_string!(i18n, audit.action_name_approved),
        "legal_name.declined" => t_string!(i18n, audit.action_name_declined),
        "bank.replace" => t_string!(i18n, audit.action_bank_replace),
        "business_profile.save" => t_string!(i18n, audit.action_bp_save),
        "business_profile.publish" => t_string!(i18n, audit.action_bp_publish),
        "business_profile.logo" => t_string!(i18n, audit.action_bp_logo),
        "business_profile.logo_removed" => t_string!(i18n, audit.action_bp_logo_removed),
        "business_profile.unpublish" => t_string!(i18n, audit.action_bp_unpublish),
        "relationship.request" => t_string!(i18n, audit.action_rel_request),
        "relationship.accept" => t_string!(i18n, audit.action_rel_accept),
        "relationship.decline" => t_string!(i18n, audit.action_rel_decline),
        "relationship.end" => t_string!(i18n, audit.action_rel_end),
        "referral.accept" => t_string!(i18n, audit.action_ref_accept),
        "referral.decline" => t_string!(i18n, audit.action_ref_decline),
        "referral.forward" => t_string!(i18n, audit.action_ref_forward),
        "customer.request" => t_string!(i18n, audit.action_cust_request),
        "customer.resend" => t_string!(i18n, audit.action_cust_resend),
        "customer.revoke" => t_string!(i18n, audit.action_cust_revoke),
        "customer.accepted" => t_string!(i18n, audit.action_cust_accepted),
        "customer.declined" => t_string!(i18n, audit.action_cust_declined),
        "customer.end" => t_string!(i18n, audit.action_cust_end),
        "tenant.add" => t_string!(i18n, audit.action_tenant_add),
        "two_factor.set_up" => t_string!(i18n, audit.action_2fa_set_up),
        "two_factor.turned_off" => t_string!(i18n, audit.action_2fa_off),
        "two_factor.recovery_used" => t_string!(i18n, audit.action_2fa_recovery_used),
        "two_factor.recovery_renewed" => t_string!(i18n, audit.action_2fa_recovery_renewed),
        "two_factor.reset" => t_string!(i18n, audit.action_2fa_reset),
        "two_factor.recovery_requested" => t_string!(i18n, audit.action_2fa_recovery_requested),
        "two_factor.recovery_approved" => t_string!(i18n, audit.action_2fa_recovery_approved),
        other => return other.to_owned(),
    }
    .to_owned()
}

/// A profile field in words.
pub(crate) fn profile_field_text(i18n: I18nContext<Locale>, field: &str) -> String {
    match field {
        "address_line1" => t_string!(i18n, wizard.line1),
        "address_line2" => t_string!(i18n, wizard.line2),
        "city" => t_string!(i18n, wizard.city),
        "region" => t_string!(i18n, audit.field_region),
        "postal_code" => t_string!(i18n, wizard.postal_code),
        "phone" => t_string!(i18n, wizard.phone),
        "website" => t_string!(i18n, wizard.website),
        "contact_name" => t_string!(i18n, org.contact_name),
        "contact_email" => t_string!(i18n, org.contact_email),
        "contact_phone" => t_string!(i18n, org.contact_phone),
        other => return other.to_owned(),
    }
    .to_owned()
}

pub(crate) fn state_text(i18n: I18nContext<Locale>, state: &str) -> &'static str {
    match state {
        "pending" => t_string!(i18n, customers.state_pending),
        "expired" => t_string!(i18n, customers.state_expired),
        "active" => t_string!(i18n, customers.state_active),
        "declined" => t_string!(i18n, customers.state_declined),
        "revoked" => t_string!(i18n, customers.state_revoked),
        _ => t_string!(i18n, customers.state_ended),
    }
}

pub(crate) fn tenant_kind_text(i18n: I18nContext<Locale>, kind: &str) -> &'static str {
    match kind {
        "csp" => t_string!(i18n, customers.kind_csp),
        "corporate" => t_string!(i18n, customers.kind_corporate),
        _ => t_string!(i18n, customers.kind_customer),
    }
}

pub(crate) fn relationship_status(i18n: I18nContext<Locale>, status: &str) -> &'static str {
    match status {
        "requested" => t_string!(i18n, partners.status_requested),
        "active" => t_string!(i18n, partners.status_active),
        "declined" => t_string!(i18n, partners.status_declined),
        _ => t_string!(i18n, partners.status_ended),
    }
}

pub(crate) fn referral_status(i18n: I18nContext<Locale>, status: &str) -> &'static str {
    match status {
        "new" => t_string!(i18n, referral.status_new),
        "accepted" => t_string!(i18n, referral.status_accepted),
        "declined" => t_string!(i18n, referral.status_declined),
        _ => t_string!(i18n, referral.status_forwarded),
    }
}

pub(crate) fn region_label(i18n: I18nContext<Locale>, kind: Option<RegionKind>) -> &'static str {
    match kind {
        Some(RegionKind::State) => t_string!(i18n, wizard.region_state),
        Some(RegionKind::Province) => t_string!(i18n, wizard.region_province),
        Some(RegionKind::Prefecture) => t_string!(i18n, wizard.region_prefecture),
        Some(RegionKind::StateOrTerritory) => t_string!(i18n, wizard.region_state_territory),
        None => t_string!(i18n, wizard.region_optional),
    }
}

/// The name people read for a role code (a partner role or a staff role).
pub(crate) fn role_name(i18n: I18nContext<Locale>, code: &str) -> String {
    use crate::domain::roles::{Role, StaffRole};
    let name = match (StaffRole::parse(code), Role::parse(code)) {
        (Some(StaffRole::ProgramAdmin), _) => t_string!(i18n, roles.program_admin),
        (Some(StaffRole::Reviewer), _) => t_string!(i18n, roles.reviewer),
        (_, Some(Role::GlobalAdmin)) => t_string!(i18n, roles.global_admin),
        (_, Some(Role::UserManagementAdmin)) => t_string!(i18n, roles.user_management_admin),
        (_, Some(Role::AccountAdmin)) => t_string!(i18n, roles.account_admin),
        (_, Some(Role::BusinessProfileAdmin)) => t_string!(i18n, roles.business_profile_admin),
        (_, Some(Role::ReferralsAdmin)) => t_string!(i18n, roles.referrals_admin),
        (_, Some(Role::AdminAgent)) => t_string!(i18n, roles.admin_agent),
        (_, Some(Role::SalesAgent)) => t_string!(i18n, roles.sales_agent),
        (_, Some(Role::HelpdeskAgent)) => t_string!(i18n, roles.helpdesk_agent),
        (_, Some(Role::BillingAdmin)) => t_string!(i18n, roles.billing_admin),
        (None, None) => return code.replace('_', " "),
    };
    name.to_string()
}

/// What a partner role lets its holder do, in words.
pub(crate) fn role_description(
    i18n: I18nContext<Locale>,
    role: crate::domain::roles::Role,
) -> &'static str {
    use crate::domain::roles::Role;
    match role {
        Role::GlobalAdmin => t_string!(i18n, role_desc.global_admin),
        Role::UserManagementAdmin => t_string!(i18n, role_desc.user_management_admin),
        Role::AccountAdmin => t_string!(i18n, role_desc.account_admin),
        Role::BusinessProfileAdmin => t_string!(i18n, role_desc.business_profile_admin),
        Role::ReferralsAdmin => t_string!(i18n, role_desc.referrals_admin),
        Role::AdminAgent => t_string!(i18n, role_desc.admin_agent),
        Role::SalesAgent => t_string!(i18n, role_desc.sales_agent),
        Role::HelpdeskAgent => t_string!(i18n, role_desc.helpdesk_agent),
        Role::BillingAdmin => t_string!(i18n, role_desc.billing_admin),
    }
}

/// The names of `codes` (by `name`) as one list: "a, b, c".
fn listed(codes: &[String], name: impl Fn(&str) -> String) -> String {
    codes
        .iter()
        .map(|code| name(code.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Role names joined for a list.
pub(crate) fn role_names(i18n: I18nContext<Locale>, codes: &[String]) -> String {
    listed(codes, |code| role_name(i18n, code))
}

/// Every country, named in the page's language and sorted by that name.
pub(crate) fn country_options(i18n: I18nContext<Locale>) -> Vec<(String, String)> {
    let korean = i18n.get_locale() == Locale::ko;
    let mut options: Vec<(String, String)> = crate::domain::country::COUNTRIES
        .iter()
        .map(|c| {
            (
                c.code.to_owned(),
                (if korean { c.name_ko } else { c.name_en }).to_owned(),
            )
        })
        .collect();
    options.sort_by(|a, b| a.1.cmp(&b.1));
    options
}

/// The name of country `code` in the page's language.
pub(crate) fn country_name(i18n: I18nContext<Locale>, code: &str) -> String {
    let name = crate::domain::country::name(code, i18n.get_locale() == Locale::ko);
    if name.is_empty() {
        code.to_owned()
    } else {
        name.to_owned()
    }
}

/// The names of countries (`codes`), in the page's language, as a list.
pub(crate) fn country_names(i18n: I18nContext<Locale>, codes: &[String]) -> String {
    listed(codes, |code| country_name(i18n, code))
}

/// The name of a business profile code (an industry, service, product, language or customer
/// size) in the page's language; the code itself when unknown.
pub(crate) fn code_name(i18n: I18nContext<Locale>, kind: &str, code: &str) -> String {
    let text = match (kind, code) {
        ("industry", "agriculture") => t_string!(i18n, industry.agriculture),
        ("industry", "automotive") => t_string!(i18n, industry.automotive),
        ("industry", "education") => t_string!(i18n, industry.education),
        ("industry", "energy") => t_string!(i18n, industry.energy),
        ("industry", "financial_services") => t_string!(i18n, industry.financial_services),
        ("industry", "government") => t_string!(i18n, industry.government),
        ("industry", "healthcare") => t_string!(i18n, industry.healthcare),
        ("industry", "hospitality") => t_string!(i18n, industry.hospitality),
        ("industry", "manufacturing") => t_string!(i18n, industry.manufacturing),
        ("industry", "media") => t_string!(i18n, industry.media),
        ("industry", "nonprofit") => t_string!(i18n, industry.nonprofit),
        ("industry", "professional_services") => t_string!(i18n, industry.professional_services),
        ("industry", "retail") => t_string!(i18n, industry.retail),
        ("industry", "technology") => t_string!(i18n, industry.technology),
        ("industry", "telecommunications") => t_string!(i18n, industry.telecommunications),
        ("industry", "transportation") => t_string!(i18n, industry.transportation),
        ("service", "consulting") => t_string!(i18n, service.consulting),
        ("service", "deployment") => t_string!(i18n, service.deployment),
        ("service", "migration") => t_string!(i18n, service.migration),
        ("service", "managed_services") => t_string!(i18n, service.managed_services),
        ("service", "security") => t_string!(i18n, service.security),
        ("service", "support") => t_string!(i18n, service.support),
        ("service", "training") => t_string!(i18n, service.training),
        ("service", "licensing") => t_string!(i18n, service.licensing),
        ("service", "custom_development") => t_string!(i18n, service.custom_development),
        ("service", "data_analytics") => t_string!(i18n, service.data_analytics),
        ("product", "microsoft_365") => t_string!(i18n, product.microsoft_365),
        ("product", "azure") => t_string!(i18n, product.azure),
        ("product", "dynamics_365") => t_string!(i18n, product.dynamics_365),
        ("product", "power_platform") => t_string!(i18n, product.power_platform),
        ("product", "windows") => t_string!(i18n, product.windows),
        ("product", "teams_phone") => t_string!(i18n, product.teams_phone),
        ("product", "security_compliance") => t_string!(i18n, product.security_compliance),
        ("product", "copilot") => t_string!(i18n, product.copilot),
        ("language", "en") => t_string!(i18n, language.en),
        ("language", "ko") => t_string!(i18n, language.ko),
        ("language", "ja") => t_string!(i18n, language.ja),
        ("language", "zh") => t_string!(i18n, language.zh),
        ("language", "de") => t_string!(i18n, language.de),
        ("language", "fr") => t_string!(i18n, language.fr),
        ("language", "es") => t_string!(i18n, language.es),
        ("language", "pt") => t_string!(i18n, language.pt),
        ("language", "it") => t_string!(i18n, language.it),
        ("language", "nl") => t_string!(i18n, language.nl),
        ("language", "vi") => t_string!(i18n, language.vi),
        ("language", "th") => t_string!(i18n, language.th),
        ("language", "id") => t_string!(i18n, language.id),
        ("size", "small") => t_string!(i18n, size.small),
        ("size", "medium") => t_string!(i18n, size.medium),
        ("size", "large") => t_string!(i18n, size.large),
        ("size", "enterprise") => t_string!(i18n, size.enterprise),
        _ => return code.to_owned(),
    };
    text.to_owned()
}

/// Codes' names joined for a list.
pub(crate) fn code_names(i18n: I18nContext<Locale>, kind: &str, codes: &[String]) -> String {
    listed(codes, |code| code_name(i18n, kind, code))
}

/// The sentence for a field's message code.
pub fn field_message(i18n: I18nContext<Locale>, code: &str) -> String {
    let text = match code {
        "email.empty" => t_string!(i18n, errors.email_empty),
        "two_factor.code_empty" => t_string!(i18n, errors.code_empty),
        "two_factor.code_malformed" => t_string!(i18n, errors.code_malformed),
        "two_factor.code_digits" => t_string!(i18n, errors.code_digits),
        "two_factor.code_wrong" => t_string!(i18n, errors.code_wrong),
        "proof.required" => t_string!(i18n, errors.proof_required),
        "recovery.no_such_admin" => t_string!(i18n, errors.recovery_no_such_admin),
        "proof.wrong" => t_string!(i18n, errors.proof_wrong),
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
        AppError::TwoFactorSetupRequired => {
            t_string!(i18n, errors.two_factor_setup_required).to_string()
        }
        AppError::SignInExpired => t_string!(i18n, errors.sign_in_expired).to_string(),
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
        AppError::Forbidden { reason } if reason == "two_factor.required" => {
            t_string!(i18n, errors.two_factor_required).to_string()
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
            "two_factor.setup_changed" => {
                t_string!(i18n, errors.two_factor_setup_changed).to_string()
            }
            "two_factor.not_on" => t_string!(i18n, errors.two_factor_not_on).to_string(),
            "recovery.pending" => t_string!(i18n, errors.recovery_pending).to_string(),
            "recovery.same_admin" => t_string!(i18n, errors.recovery_same_admin).to_string(),
            "two_factor.not_yourself" => {
                t_string!(i18n, errors.two_factor_not_yourself).to_string()
            }
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
