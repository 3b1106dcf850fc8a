//! A partner organization's own profile, its billing profile and its audit log; and, for the
//! operator's program admins, the requests to change a legal name. Partner functions go
//! through [`gate::member`](crate::api::gate::member): the organization always comes
//! from the session.

use crate::api::AppError;
#[cfg(feature = "ssr")]
use crate::api::form_done;
#[cfg(feature = "ssr")]
use crate::api::gate;
#[cfg(feature = "ssr")]
use crate::domain::roles::StaffPermission;
#[cfg(feature = "ssr")]
use crate::{
    api::{
        accounts::{acting, client_address},
        checks::{business_contact, email_address, required_name},
    },
    domain::{
        application::{legal_names_match, required_text},
        clean_text, phone as phone_rules,
        roles::{Permission, Role, allows, parse_roles},
    },
    server::store::{
        accounts,
        profiles::{self, ProfileError},
    },
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

mod audit;
mod legal_names;

pub use audit::*;
pub use legal_names::*;

/// The longest reason a legal name request may give.
pub const MAX_REASON_LEN: usize = 1000;

/// The organization profile page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationView {
    pub name: String,
    pub program_id: String,
    /// `direct_bill`, `indirect_provider`, `indirect_reseller`
    pub model: String,
    pub country: String,
    /// what the profile form shows and sends back (its version names what a save changes, so
    /// that a concurrent save is noticed)
    pub profile: ProfileForm,
    /// the latest legal name request, if any
    pub name_request: Option<NameRequestView>,
}

/// A legal name request as the partner and the operator see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameRequestView {
    pub key: String,
    pub organization_name: String,
    pub program_id: String,
    pub current_name: String,
    pub requested_name: String,
    pub reason: String,
    pub requested_by: String,
    /// YYYY-MM-DD HH:MM UTC
    pub requested_at: String,
    /// `pending`, `approved`, `declined`
    pub status: String,
    pub decided_by: Option<String>,
    pub decision_note: Option<String>,
}

/// The billing profile page: the bank details masked, never in clear.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillingView {
    pub organization: String,
    pub country: String,
    /// `•••• 1234`
    pub bank_masked: String,
    /// `iban` or `domestic`
    pub bank_kind: String,
    /// YYYY-MM-DD HH:MM UTC, when last replaced (none: as approved)
    pub updated_at: Option<String>,
    pub updated_by: Option<String>,
    /// the signed-in user may replace the details
    pub may_replace: bool,
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLine {
    /// YYYY-MM-DD HH:MM:SS UTC
    pub at: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub detail: String,
    pub address: String,
}

/// A page of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub organization: String,
    pub lines: Vec<AuditLine>,
    /// the organization's users, for the filter: (key, name)
    pub users: Vec<(String, String)>,
    /// where the next (older) page starts, if there is one
    pub older: Option<String>,
}

/// How many lines an audit log page shows.
pub const AUDIT_PAGE_SIZE: usize = 50;

/// The actions the audit log records, in the filter's order.
pub const AUDIT_ACTIONS: &[&str] = &[
    "user.add",
    "roles.change",
    "user.deactivate",
    "user.reactivate",
    "user.password_reissued",
    "org_profile.change",
    "legal_name.request",
    "legal_name.approved",
    "legal_name.declined",
    "bank.replace",
    "business_profile.save",
    "business_profile.publish",
    "business_profile.unpublish",
    "business_profile.logo",
    "business_profile.logo_removed",
    "relationship.request",
    "relationship.accept",
    "relationship.decline",
    "relationship.end",
    "referral.accept",
    "referral.decline",
    "referral.forward",
    "two_factor.set_up",
    "two_factor.turned_off",
    "two_factor.recovery_used",
    "two_factor.recovery_renewed",
    "two_factor.reset",
    "two_factor.recovery_requested",
    "two_factor.recovery_approved",
];

/// `2026-11-24T16:45:12.123456Z` → `2026-11-24 16:45 UTC` (or with seconds).
pub fn readable_time(rfc3339: &str, seconds: bool) -> String {
    let text = rfc3339.trim_matches(|c| c == '"' || c == '\'');
    let text = text.strip_prefix("d").unwrap_or(text);
    let text = text.trim_matches(|c| c == '"' || c == '\'');
    match text.split_once('T') {
        Some((date, time)) if time.len() >= 5 => {
            let end = if seconds { 8.min(time.len()) } else { 5 };
            format!("{date} {} UTC", &time[..end])
        }
        _ => text.to_owned(),
    }
}

#[cfg(feature = "ssr")]
fn request_view(request: crate::server::store::profiles::NameRequest) -> NameRequestView {
    NameRequestView {
        key: crate::server::db::record_key(&request.id),
        organization_name: request.organization_name,
        program_id: request
            .program_id
            .map(|id| id.to_string())
            .unwrap_or_default(),
        current_name: request.current_name,
        requested_name: request.requested_name,
        reason: request.reason,
        requested_by: request.requested_by_name,
        requested_at: readable_time(&request.requested_at, false),
        status: request.status,
        decided_by: request.decided_by_name,
        decision_note: request.decision_note,
    }
}

#[cfg(feature = "ssr")]
fn profile_error(error: crate::server::store::profiles::ProfileError) -> AppError {
    match error {
        ProfileError::NotFound => AppError::NotFound,
        ProfileError::Changed => AppError::Conflict("profile.changed".into()),
        ProfileError::RequestPending => AppError::Conflict("legal_name.request_pending".into()),
        ProfileError::Decided => AppError::Conflict("legal_name.decided".into()),
        ProfileError::Db(error) => AppError::internal(error),
    }
}

#[cfg(feature = "ssr")]
use crate::api::checks::field;

/// The signed-in member's organization profile.
#[cfg(feature = "ssr")]
pub(crate) async fn own_profile(
    services: &crate::server::services::Services,
    me: &crate::server::store::sessions::ActiveSession,
) -> Result<crate::server::store::profiles::OrganizationProfile, AppError> {
    crate::server::store::profiles::get(&services.db, &me.organization)
        .await?
        .ok_or(AppError::NotFound)
}

/// The organization profile (account admins and global admins).
#[server(endpoint = "load_organization_profile")]
pub async fn load_organization_profile() -> Result<OrganizationView, AppError> {
    let (services, me, _) = gate::member(Permission::OrgProfileView).await?;
    let (profile, request) = tokio::join!(
        profiles::get(&services.db, &me.organization),
        profiles::latest_name_request(&services.db, &me.organization)
    );
    let profile = profile?.ok_or(AppError::NotFound)?;
    let text = |value: Option<String>| value.unwrap_or_default();
    Ok(OrganizationView {
        name: profile.name,
        program_id: profile
            .program_id
            .map(|id| id.to_string())
            .unwrap_or_default(),
        model: text(profile.model),
        country: text(profile.country),
        profile: ProfileForm {
            version: profile.version,
            address: crate::domain::address::AddressInput {
                line1: text(profile.address_line1),
                line2: text(profile.address_line2),
                city: text(profile.city),
                region: text(profile.region),
                postal_code: text(profile.postal_code),
            },
            phone: text(profile.phone),
            website: text(profile.website),
            contact_name: text(profile.contact_name),
            contact_email: text(profile.contact_email),
            contact_phone: text(profile.contact_phone),
        },
        name_request: request?.map(request_view),
    })
}

/// The organization profile form, as sent: the version it was loaded at, the address, phone,
/// website and primary contact.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProfileForm {
    #[serde(deserialize_with = "crate::api::form::number")]
    pub version: i64,
    #[serde(flatten)]
    pub address: crate::domain::address::AddressInput,
    pub phone: String,
    pub website: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
}

/// Saves the address, phone, website and primary contact, checked by the country's rules, if
/// nobody saved the profile since `version`. The change is recorded field by field.
#[server(endpoint = "save_organization_profile")]
pub async fn save_organization_profile(
    #[server(flatten)] form: ProfileForm,
) -> Result<(), AppError> {
    let (services, me, _) = gate::member(Permission::OrgProfileEdit).await?;
    let ProfileForm {
        version,
        address,
        phone,
        website,
        contact_name,
        contact_email,
        contact_phone,
    } = form;
    let mut typed = vec![
        ("phone", phone.as_str()),
        ("website", website.as_str()),
        ("contact_name", contact_name.as_str()),
        ("contact_email", contact_email.as_str()),
        ("contact_phone", contact_phone.as_str()),
    ];
    typed.extend(address.typed());
    let profile = own_profile(&services, &me).await?;
    let country = profile.country.clone().unwrap_or_default();
    let mut fields = Vec::new();
    let contact = business_contact(&country, address.clone(), &phone, &website, &mut fields);
    let contact_name = required_name(&mut fields, "contact_name", &contact_name, "name.empty");
    let contact_email = email_address(&mut fields, "contact_email", &contact_email);
    let contact_phone = if contact_phone.trim().is_empty() {
        Some(String::new())
    } else {
        phone_rules::parse(&contact_phone, &country)
            .map(|p| p.as_str().to_owned())
            .map_err(|code| fields.push(field("contact_phone", code)))
            .ok()
    };
    let (Some(contact), Some(contact_email), Some(contact_phone), true) =
        (contact, contact_email, contact_phone, fields.is_empty())
    else {
        return Err(AppError::invalid(fields, &typed));
    };
    let address = contact.address;
    let change = profiles::ProfileChange {
        address_line1: address.line1,
        address_line2: address.line2,
        city: address.city,
        region: address.region,
        postal_code: address.postal_code,
        phone: contact.phone.as_str().to_owned(),
        website: contact.website,
        contact_name,
        contact_email: contact_email.as_str().to_owned(),
        contact_phone,
    };
    let changed = change.changed_fields(&profile);
    if !changed.is_empty() {
        let from = client_address().await;
        profiles::save(
            &services.db,
            acting(&me, &from),
            &change,
            version,
            &changed.join(", "),
        )
        .await
        .map_err(profile_error)?;
    } else if version != profile.version {
        return Err(AppError::Conflict("profile.changed".into()));
    }
    form_done("/account/organization?done=saved")
}

/// Asks the operator to change the organization's legal name (the name it is registered
/// under); the current name stays until a program admin approves.
#[server(endpoint = "request_legal_name_change")]
pub async fn request_legal_name_change(
    #[server(default)] requested_name: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    let (services, me, _) = gate::member(Permission::OrgProfileEdit).await?;
    let typed = [
        ("requested_name", requested_name.as_str()),
        ("reason", reason.as_str()),
    ];
    let profile = own_profile(&services, &me).await?;
    let mut fields = Vec::new();
    let name = match required_text(&requested_name, "legal_name") {
        Ok(name) if legal_names_match(&name, &profile.name) => {
            fields.push(field("requested_name", "legal_name.same"));
            None
        }
        Ok(name) => Some(name),
        Err(code) => {
            fields.push(field("requested_name", &code));
            None
        }
    };
    let reason = clean_text(&reason);
    if reason.is_empty() {
        fields.push(field("reason", "reason.empty"));
    } else if reason.chars().count() > MAX_REASON_LEN {
        fields.push(field("reason", "reason.too_long"));
    }
    let (Some(name), true) = (name, fields.is_empty()) else {
        return Err(AppError::invalid(fields, &typed));
    };
    let from = client_address().await;
    profiles::request_legal_name(&services.db, acting(&me, &from), &me.email, &name, &reason)
        .await
        .map_err(profile_error)?;
    form_done("/account/organization?done=requested")
}

/// The billing profile (billing admins and global admins): the bank details masked.
#[server(endpoint = "load_billing_profile")]
pub async fn load_billing_profile() -> Result<BillingView, AppError> {
    let (services, me, roles) = gate::member(Permission::BankView).await?;
    let (profile, billing) = tokio::join!(
        profiles::get(&services.db, &me.organization),
        profiles::billing(&services.db, &me.organization)
    );
    let profile = profile?.ok_or(AppError::NotFound)?;
    let billing = billing?.ok_or(AppError::NotFound)?;
    Ok(BillingView {
        organization: profile.name,
        country: profile.country.unwrap_or_default(),
        bank_masked: billing.bank_masked,
        bank_kind: billing.bank_kind,
        updated_at: billing.updated_at.map(|at| readable_time(&at, false)),
        updated_by: billing.updated_by_name,
        may_replace: allows(&roles, Permission::BankReplace),
    })
}

/// Replaces the bank details (billing admins and global admins), checked by the country's
/// rules and sealed. The organization's global and billing admins are e-mailed.
#[server(endpoint = "replace_bank_details")]
pub async fn replace_bank_details(
    #[server(flatten)] input: crate::domain::bank::BankInput,
    /// fresh proof of who is asking, when the session's is older than the step-up window
    #[server(default)]
    proof: String,
) -> Result<(), AppError> {
    let (services, me, _) = gate::member(Permission::BankReplace).await?;
    crate::api::two_factor::step_up(&services, &me, &proof).await?;
    let (profile, billing, everyone) = tokio::join!(
        profiles::get(&services.db, &me.organization),
        profiles::billing(&services.db, &me.organization),
        accounts::list(&services.db, &me.organization)
    );
    let profile = profile?.ok_or(AppError::NotFound)?;
    let billing = billing?.ok_or(AppError::NotFound)?;
    let country = profile.country.clone().unwrap_or_default();
    let details = crate::api::checks::bank_details(&country, &input)?;
    let plain = serde_json::to_vec(&details).map_err(AppError::internal)?;
    let sealed = services
        .field_key
        .seal(&plain, &profiles::billing_seal_context(&me.organization));
    let kind = details.kind();
    let masked = details.masked();
    let notice = crate::server::mail_text::organization::bank_replaced(
        &me.display_name,
        &profile.name,
        &details.last4(),
    );
    let notices: Vec<_> = everyone?
        .into_iter()
        .filter(|m| {
            let roles = parse_roles(&m.roles);
            m.is_active()
                && (roles.contains(&Role::GlobalAdmin) || roles.contains(&Role::BillingAdmin))
        })
        .map(|m| notice.to(&m.email, &services.public_url))
        .collect();
    let from = client_address().await;
    profiles::replace_bank_details(
        &services.db,
        acting(&me, &from),
        &profiles::NewBankDetails {
            sealed: &sealed,
            masked: &masked,
            kind,
        },
        &billing.bank_masked,
        &notices,
    )
    .await
    .map_err(profile_error)?;
    form_done("/account/billing?done=replaced")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_never_formulas() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_cell("-sales_agent"), "'-sales_agent");
        assert_eq!(csv_cell("line\nbreak"), "\"line\nbreak\"");
    }

    #[test]
    fn times_read_as_words() {
        assert_eq!(
            readable_time("2026-11-24T16:45:12.123456Z", false),
            "2026-11-24 16:45 UTC"
        );
        assert_eq!(
            readable_time("d'2026-11-24T16:45:12.123456Z'", true),
            "2026-11-24 16:45:12 UTC"
        );
    }
}
