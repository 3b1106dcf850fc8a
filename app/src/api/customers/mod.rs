//! Customers (flows 9 and 10): a partner's tenants, its requests for customer relationships
//! (an e-mailed link that expires, resent or revoked), the customer's answer, the billing
//! connection, and ends. The one-CSP-tenant rule is `domain::tenant::may_serve`, checked when a
//! request is made and again when the customer accepts.

use crate::api::AppError;
#[cfg(feature = "ssr")]
use crate::api::form_done;
#[cfg(feature = "ssr")]
use crate::api::{gate, organization::own_profile};
#[cfg(feature = "ssr")]
use crate::{
    api::{
        accounts::{acting, client_address},
        checks::email_address,
        organization::readable_time,
    },
    domain::{
        application::Model,
        clean_text,
        roles::{Permission, allows},
        tenant::{KnownTenant, TenantKind, may_serve, tenant_domain},
    },
    server::{
        auth::token::{new_token, token_hash},
        db::record_key,
        store::{
            customers::{self, CustomerError, NewRequest},
            partners,
        },
    },
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

mod customer;
mod invitation;

pub use customer::*;
pub use invitation::*;

/// A tenant on the tenants page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantView {
    pub domain: String,
    /// `csp`, `corporate` or `customer`
    pub kind: String,
    /// YYYY-MM-DD HH:MM UTC
    pub created_at: String,
    pub registered_by: Option<String>,
}

/// The tenants page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tenants {
    pub tenants: Vec<TenantView>,
    /// the signed-in member may register tenants
    pub may_add: bool,
}

/// A customer relationship (or request) as a page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerView {
    pub key: String,
    pub customer: String,
    pub domain: String,
    pub admin_email: String,
    /// `pending`, `expired`, `active`, `declined`, `revoked` or `ended`
    pub state: String,
    pub partner: String,
    pub billing_party: String,
    /// the billing party is the partner itself
    pub billed_by_partner: bool,
    pub requested_by: String,
    /// YYYY-MM-DD HH:MM UTC
    pub requested_at: String,
    pub sent_count: i64,
    /// when the link stops (stopped) working
    pub expires_at: String,
    pub accepted_at: Option<String>,
    /// whole days since acceptance (active relationships)
    pub age_days: Option<i64>,
    pub answered_by: Option<String>,
    pub billing_contact: Option<String>,
    pub revoked_by: Option<String>,
    pub ended_by: Option<String>,
    pub ended_at: Option<String>,
}

/// The customers page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customers {
    pub customers: Vec<CustomerView>,
    /// the organization's name
    pub partner: String,
    /// who bills new customers (none: an indirect reseller without a provider)
    pub billing_party: Option<String>,
    /// the organization is an indirect reseller
    pub reseller: bool,
    pub may_request: bool,
    pub may_manage: bool,
    /// how long a link works, in hours
    pub link_hours: u64,
}

/// An invitation as the customer's admin sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationView {
    pub partner: String,
    pub partner_slug: Option<String>,
    pub billing_party: String,
    pub billed_by_partner: bool,
    pub customer: String,
    pub domain: String,
    pub admin_email: String,
    /// `pending`, `expired`, `active`, `declined`, `revoked` or `ended`
    pub state: String,
    pub requested_by: String,
    pub expires_at: String,
    /// the e-mail belongs to a user of the portal (they sign in to answer)
    pub has_account: bool,
    /// the signed-in user is that user
    pub signed_in: bool,
}

/// The longest organization or person name.
pub const MAX_NAME: usize = 200;

#[cfg(feature = "ssr")]
fn customer_error(error: crate::server::store::customers::CustomerError) -> AppError {
    match error {
        CustomerError::AlreadyActive => AppError::field("domain", "customer.already_active"),
        CustomerError::AlreadyPending => AppError::field("domain", "customer.already_pending"),
        CustomerError::DomainTaken => AppError::field("domain", "tenant.taken"),
        CustomerError::EmailTaken => AppError::Conflict("invitation.changed".into()),
        CustomerError::Expired => AppError::Conflict("invitation.expired".into()),
        CustomerError::TenantChanged => AppError::Conflict("invitation.changed".into()),
        CustomerError::NotFound => AppError::NotFound,
        CustomerError::Db(error) => AppError::internal(error),
    }
}

#[cfg(feature = "ssr")]
fn refusal_error(refusal: crate::domain::tenant::Refusal) -> AppError {
    AppError::field("domain", refusal.code())
}

#[cfg(feature = "ssr")]
fn view_of(row: crate::server::store::customers::CustomerRow) -> CustomerView {
    let time = |t: &Option<String>| t.as_deref().map(|t| readable_time(t, false));
    let age_days = (row.status == "active")
        .then(|| row.accepted_at.as_deref().and_then(days_since))
        .flatten();
    CustomerView {
        key: crate::server::db::record_key(&row.id),
        state: row.state().to_owned(),
        billed_by_partner: row.billing_party == row.partner,
        customer: row.customer_name,
        domain: row.domain,
        admin_email: row.admin_email,
        partner: row.partner_name,
        billing_party: row.billing_party_name,
        requested_by: row.requested_by_name,
        requested_at: readable_time(&row.requested_at, false),
        sent_count: row.sent_count,
        expires_at: readable_time(&row.expires_at, false),
        accepted_at: time(&row.accepted_at),
        age_days,
        answered_by: row.answered_by_name,
        billing_contact: match (row.billing_contact_name, row.billing_contact_email) {
            (Some(name), Some(email)) if !name.is_empty() => Some(format!("{name} <{email}>")),
            (_, email) => email,
        },
        revoked_by: row.revoked_by_name,
        ended_by: row.ended_by_name,
        ended_at: time(&row.ended_at),
    }
}

/// Whole days from an RFC 3339 time until now.
#[cfg(feature = "ssr")]
fn days_since(rfc3339: &str) -> Option<i64> {
    let text = rfc3339.trim_matches(|c| c == '"' || c == '\'' || c == 'd');
    let then = crate::domain::calendar::Date::parse(text.get(..10)?)?.days_since_epoch();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs() as i64
        / 86_400;
    Some((now - then).max(0))
}

/// The organization's tenants: its CSP tenant and the corporate tenants it registered.
#[server(endpoint = "list_tenants")]
pub async fn list_tenants() -> Result<Tenants, AppError> {
    let (services, me, roles) = gate::member(Permission::OrgProfileView).await?;
    own_profile(&services, &me).await?;
    let tenants = customers::tenants_of(&services.db, &me.organization).await?;
    Ok(Tenants {
        tenants: tenants
            .into_iter()
            .map(|t| TenantView {
                domain: t.domain,
                kind: t.kind,
                created_at: readable_time(&t.created_at, false),
                registered_by: t.registered_by_name,
            })
            .collect(),
        may_add: allows(&roles, Permission::OrgProfileEdit),
    })
}

/// Registers a corporate tenant (for the partner's own purchases) by its domain.
#[server(endpoint = "add_tenant")]
pub async fn add_tenant(#[server(default)] domain: String) -> Result<(), AppError> {
    let (services, me, _) = gate::member(Permission::OrgProfileEdit).await?;
    own_profile(&services, &me).await?;
    let typed = [("domain", domain.as_str())];
    let domain = tenant_domain(&domain)
        .map_err(|code| AppError::field("domain", code).with_values(&typed))?;
    let from = client_address().await;
    customers::add_corporate_tenant(&services.db, acting(&me, &from), &domain)
        .await
        .map_err(|error| customer_error(error).with_values(&typed))?;
    form_done("/account/tenants?done=added")
}

/// Who bills the customers of the partner (its key and model): itself, or an indirect
/// reseller's provider; the rule's refusal when a reseller has none.
#[cfg(feature = "ssr")]
async fn billing_party_of(
    services: &crate::server::services::Services,
    organization: &surrealdb::types::RecordId,
    model: crate::domain::application::Model,
) -> Result<Option<surrealdb::types::RecordId>, AppError> {
    Ok(match model {
        Model::IndirectReseller => customers::active_provider(&services.db, organization).await?,
        _ => Some(organization.clone()),
    })
}

/// Whether `partner` may serve the tenant with `domain`: the rule with what the database holds
/// now. Returns the billing party and the tenant the portal knows (if any).
#[cfg(feature = "ssr")]
async fn check_rule(
    services: &crate::server::services::Services,
    partner: &surrealdb::types::RecordId,
    model: crate::domain::application::Model,
    domain: &str,
) -> Result<
    (
        surrealdb::types::RecordId,
        Option<crate::server::store::customers::FoundTenant>,
    ),
    AppError,
> {
    let tenant = customers::find_tenant(&services.db, domain).await?;
    let provider = billing_party_of(services, partner, model).await?;
    let partner_key = record_key(partner);
    let provider_key = provider.as_ref().map(record_key);
    let owner_key = tenant.as_ref().map(|t| record_key(&t.organization));
    let known = match (&tenant, &owner_key) {
        (Some(t), Some(owner)) => Some(KnownTenant {
            kind: TenantKind::parse(&t.kind).unwrap_or(TenantKind::Customer),
            owner,
        }),
        _ => None,
    };
    let reseller = model == crate::domain::application::Model::IndirectReseller;
    may_serve(
        &partner_key,
        model,
        if reseller {
            provider_key.as_deref()
        } else {
            None
        },
        known.as_ref(),
        false,
    )
    .map_err(refusal_error)?;
    let billing_party =
        provider.ok_or(refusal_error(crate::domain::tenant::Refusal::NoProvider))?;
    Ok((billing_party, tenant))
}

/// The organization's CSP model.
#[cfg(feature = "ssr")]
fn model_of(
    profile: &crate::server::store::profiles::OrganizationProfile,
) -> Result<crate::domain::application::Model, AppError> {
    profile
        .model
        .as_deref()
        .and_then(crate::domain::application::Model::parse)
        .ok_or(AppError::Conflict("partner.not_approved".into()))
}

/// The partner's customers and requests, newest first.
#[server(endpoint = "load_customers")]
pub async fn load_customers() -> Result<Customers, AppError> {
    let (services, me, roles) = gate::member(Permission::CustomersView).await?;
    let profile = own_profile(&services, &me).await?;
    let model = model_of(&profile)?;
    let billing_party = match billing_party_of(&services, &me.organization, model).await? {
        Some(party) => partners::find(&services.db, &party).await?.map(|p| p.name),
        None => None,
    };
    let rows = customers::list_for_partner(&services.db, &me.organization).await?;
    Ok(Customers {
        customers: rows.into_iter().map(view_of).collect(),
        partner: profile.name,
        billing_party,
        reseller: model == Model::IndirectReseller,
        may_request: allows(&roles, Permission::CustomersRequest),
        may_manage: allows(&roles, Permission::CustomersManage),
        link_hours: services.customer_invitation_lifetime.as_secs() / 3600,
    })
}

/// Requests a relationship with a customer: its organization name, tenant domain and admin's
/// e-mail. The admin is e-mailed a link that expires.
#[server(endpoint = "request_customer")]
pub async fn request_customer(
    #[server(default)] customer_name: String,
    #[server(default)] domain: String,
    #[server(default)] admin_email: String,
) -> Result<(), AppError> {
    let (services, me, _) = gate::member(Permission::CustomersRequest).await?;
    let profile = own_profile(&services, &me).await?;
    let typed = [
        ("customer_name", customer_name.as_str()),
        ("domain", domain.as_str()),
        ("admin_email", admin_email.as_str()),
    ];
    let model = model_of(&profile)?;
    let name = clean_text(&customer_name);
    let mut fields = Vec::new();
    if name.is_empty() {
        fields.push(("customer_name".to_owned(), "customer.name_empty".to_owned()));
    } else if name.chars().count() > MAX_NAME {
        fields.push(("customer_name".to_owned(), "customer.name_long".to_owned()));
    }
    let domain = match tenant_domain(&domain) {
        Ok(domain) => Some(domain),
        Err(code) => {
            fields.push(("domain".to_owned(), code.to_owned()));
            None
        }
    };
    let email = email_address(&mut fields, "admin_email", &admin_email);
    let (Some(domain), Some(email)) = (domain, email) else {
        return Err(AppError::invalid(fields, &typed));
    };
    if !fields.is_empty() {
        return Err(AppError::invalid(fields, &typed));
    }
    let (billing_party, _) = check_rule(&services, &me.organization, model, &domain)
        .await
        .map_err(|e| e.with_values(&typed))?;
    let billing_name = partners::find(&services.db, &billing_party)
        .await?
        .map(|p| p.name)
        .unwrap_or_default();
    let token = new_token();
    let mail = crate::server::mail_text::customers::invitation(
        &crate::server::mail_text::customers::Invitation {
            partner: &profile.name,
            billing_party: &billing_name,
            customer: &name,
            domain: &domain,
            admin_email: email.as_str(),
            token: &token,
        },
        &services.public_url,
        services.customer_invitation_lifetime,
    );
    let from = client_address().await;
    customers::request(
        &services.db,
        acting(&me, &from),
        &NewRequest {
            billing_party: &billing_party,
            customer_name: &name,
            domain: &domain,
            admin_email: &email.as_str().to_lowercase(),
            token_hash: &token_hash(&token),
            lifetime: services.customer_invitation_lifetime,
        },
        &[mail],
    )
    .await
    .map_err(|error| customer_error(error).with_values(&typed))?;
    form_done("/customers?done=requested")
}

/// One of the partner's relationships, by the key a page names.
#[cfg(feature = "ssr")]
async fn partners_row(
    services: &crate::server::services::Services,
    me: &crate::server::store::sessions::ActiveSession,
    id: &str,
) -> Result<crate::server::store::customers::CustomerRow, AppError> {
    let key = gate::record_from_page("customer_relationship", id)?;
    customers::get(&services.db, &me.organization, &key)
        .await?
        .filter(|row| row.partner == me.organization)
        .ok_or(AppError::NotFound)
}

/// Sends a pending (or expired) request's invitation again with a new link and a new expiry;
/// the old link stops working.
#[server(endpoint = "resend_customer_invitation")]
pub async fn resend_customer_invitation(id: String) -> Result<(), AppError> {
    let (services, me, _) = gate::member(Permission::CustomersRequest).await?;
    let profile = own_profile(&services, &me).await?;
    let row = partners_row(&services, &me, &id).await?;
    if row.status != "pending" {
        return Err(AppError::Conflict("invitation.not_pending".into()));
    }
    let token = new_token();
    let mail = crate::server::mail_text::customers::invitation(
        &crate::server::mail_text::customers::Invitation {
            partner: &profile.name,
            billing_party: &row.billing_party_name,
            customer: &row.customer_name,
            domain: &row.domain,
            admin_email: &row.admin_email,
            token: &token,
        },
        &services.public_url,
        services.customer_invitation_lifetime,
    );
    let from = client_address().await;
    customers::resend(
        &services.db,
        acting(&me, &from),
        &row,
        &token_hash(&token),
        services.customer_invitation_lifetime,
        &[mail],
    )
    .await
    .map_err(customer_error)?;
    form_done("/customers?done=resent")
}

/// Withdraws a pending (or expired) request: its link then says it was revoked.
#[server(endpoint = "revoke_customer_invitation")]
pub async fn revoke_customer_invitation(id: String) -> Result<(), AppError> {
    let (services, me, _) = gate::member(Permission::CustomersRequest).await?;
    let profile = own_profile(&services, &me).await?;
    let row = partners_row(&services, &me, &id).await?;
    let mail = crate::server::mail_text::customers::withdrawn(&row, &profile.name);
    let from = client_address().await;
    customers::revoke(&services.db, acting(&me, &from), &row, &[mail])
        .await
        .map_err(customer_error)?;
    form_done("/customers?done=revoked")
}

/// Ends an active relationship (the partner's side): the customer's billing is disconnected
/// from now, and the customer's admins are e-mailed.
#[server(endpoint = "end_customer_relationship")]
pub async fn end_customer_relationship(id: String) -> Result<(), AppError> {
    let (services, me, _) = gate::member(Permission::CustomersManage).await?;
    own_profile(&services, &me).await?;
    let row = partners_row(&services, &me, &id).await?;
    let Some(customer) = row.customer.clone() else {
        return Err(AppError::NotFound);
    };
    let mails = ended_mails(&services, &customer, &row, &row.partner_name, "/customer").await?;
    let from = client_address().await;
    customers::end(&services.db, acting(&me, &from), &row, &mails)
        .await
        .map_err(customer_error)?;
    form_done("/customers?done=ended")
}

/// "The relationship ended" to the active global admins of `to`.
#[cfg(feature = "ssr")]
async fn ended_mails(
    services: &crate::server::services::Services,
    to: &surrealdb::types::RecordId,
    row: &crate::server::store::customers::CustomerRow,
    by: &str,
    path: &'static str,
) -> Result<Vec<crate::server::store::outbox::Email>, AppError> {
    crate::api::referrals::mails_to_holders_of(
        services,
        to,
        crate::domain::roles::Permission::GlobalAdminsManage,
        &crate::server::mail_text::customers::ended(row, by, path),
    )
    .await
}

/// Customers billed to the organization (its billing admins' view).
#[server(endpoint = "load_billed_customers")]
pub async fn load_billed_customers() -> Result<Vec<CustomerView>, AppError> {
    let (services, me, _) = gate::member(Permission::BillingView).await?;
    own_profile(&services, &me).await?;
    let rows = customers::list_billed(&services.db, &me.organization).await?;
    Ok(rows.into_iter().map(view_of).collect())
}
