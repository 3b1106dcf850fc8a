//! A customer relationship invitation, for whoever holds its link: what it asks, accepting it
//! (for a new or an existing organization) and declining it.

use super::*;
#[cfg(feature = "ssr")]
use crate::{
    api::{
        accounts::client_address,
        identity::{email_code, password_code},
        referrals::mails_to_holders_of,
    },
    domain::{
        clean_text,
        email::EmailAddress,
        password::{Context, check_with_confirmation},
        roles::Permission,
    },
    server::{
        auth::{common_passwords::is_common, token::token_hash},
        db::record_key,
        mail_text::customers as mail_text,
        services::{session_cookie, set_cookie},
        store::{
            customers::{self, Acceptance, Acceptor, directory_slug},
            profiles, sessions, users,
        },
    },
};

/// The relationship a link opens, with what its page shows.
#[cfg(feature = "ssr")]
async fn invitation_row(
    services: &crate::server::services::Services,
    token: &str,
) -> Result<crate::server::store::customers::CustomerRow, AppError> {
    customers::by_token(&services.db, &token_hash(token.trim()))
        .await?
        .ok_or(AppError::LinkInvalid)
}

/// What an invitation link opens: who asks, who bills, and what the admin can do.
#[server(endpoint = "load_invitation")]
pub async fn load_invitation(#[server(default)] token: String) -> Result<InvitationView, AppError> {
    let (services, me) = gate::visitor().await?;
    let row = invitation_row(&services, &token).await?;
    let user = users::find_by_email(&services.db, &row.admin_email).await?;
    let signed_in = match (&user, &me) {
        (Some(user), Some(me)) => user.id == me.user,
        _ => false,
    };
    let partner_slug = directory_slug(&services.db, &row.partner).await?;
    Ok(InvitationView {
        state: row.state().to_owned(),
        billed_by_partner: row.billing_party == row.partner,
        partner: row.partner_name,
        partner_slug,
        billing_party: row.billing_party_name,
        customer: row.customer_name,
        domain: row.domain,
        admin_email: row.admin_email,
        requested_by: row.requested_by_name,
        expires_at: crate::api::organization::readable_time(&row.expires_at, false),
        has_account: user.is_some(),
        signed_in,
    })
}

/// The refusal of a link that can no longer be answered, by its state.
#[cfg(feature = "ssr")]
fn closed_link(state: &str) -> AppError {
    AppError::Conflict(format!("invitation.{state}"))
}

/// The acceptance form: without an account, the organization, the admin and a password; the
/// billing contact in any case. `Debug` leaves the passwords out.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AcceptanceForm {
    pub organization_name: String,
    pub name: String,
    pub password: String,
    pub password_again: String,
    pub billing_contact_name: String,
    pub billing_contact_email: String,
}

impl std::fmt::Debug for AcceptanceForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AcceptanceForm")
            .field("organization_name", &self.organization_name)
            .field("name", &self.name)
            .field("billing_contact_name", &self.billing_contact_name)
            .field("billing_contact_email", &self.billing_contact_email)
            .finish_non_exhaustive()
    }
}

/// The customer's admin accepts. Without an account they name the organization and
/// themselves and choose a password (the link proved they read the e-mail); with one they must
/// be signed in as that user, a global admin of the organization the tenant belongs to (or
/// will). The rule is checked again; the partner is e-mailed.
#[server(endpoint = "accept_invitation")]
pub async fn accept_invitation(
    #[server(default)] token: String,
    #[server(flatten)] form: AcceptanceForm,
) -> Result<(), AppError> {
    let (services, me) = gate::visitor().await?;
    let AcceptanceForm {
        organization_name,
        name,
        password,
        password_again,
        billing_contact_name,
        billing_contact_email,
    } = form;
    let row = invitation_row(&services, &token).await?;
    if row.state() != "pending" {
        return Err(closed_link(row.state()));
    }
    let typed = [
        ("organization_name", organization_name.as_str()),
        ("name", name.as_str()),
        ("billing_contact_name", billing_contact_name.as_str()),
        ("billing_contact_email", billing_contact_email.as_str()),
    ];
    let mut fields: Vec<(String, String)> = Vec::new();
    let contact_email = if billing_contact_email.trim().is_empty() {
        row.admin_email.clone()
    } else {
        match EmailAddress::parse(&billing_contact_email) {
            Ok(email) => email.as_str().to_lowercase(),
            Err(problem) => {
                fields.push((
                    "billing_contact_email".to_owned(),
                    email_code(problem).to_owned(),
                ));
                String::new()
            }
        }
    };
    let contact_name = clean_text(&billing_contact_name);
    if contact_name.chars().count() > MAX_NAME {
        fields.push((
            "billing_contact_name".to_owned(),
            "customer.name_long".to_owned(),
        ));
    }
    let existing = users::find_by_email(&services.db, &row.admin_email).await?;
    let partner_profile = profiles::get(&services.db, &row.partner)
        .await?
        .ok_or(AppError::NotFound)?;
    let model = model_of(&partner_profile)?;
    let from = client_address().await;

    // who accepts, for which organization
    let (organization, hash, person, org_name, partner_org) = match &existing {
        Some(user) => {
            let Some(me) = me.filter(|me| me.user == user.id) else {
                return Err(AppError::Forbidden {
                    reason: "invitation.sign_in".into(),
                });
            };
            if gate::customer_decision(&me, Permission::GlobalAdminsManage).is_err() {
                return Err(AppError::Forbidden {
                    reason: "invitation.not_global_admin".into(),
                });
            }
            let org_name = customers::organization_name(&services.db, &me.organization).await?;
            (
                Some(me.organization.clone()),
                None,
                me.display_name.clone(),
                org_name,
                gate::is_partner(&me),
            )
        }
        None => {
            let org_name = clean_text(&organization_name);
            if org_name.is_empty() {
                fields.push((
                    "organization_name".to_owned(),
                    "customer.name_empty".to_owned(),
                ));
            } else if org_name.chars().count() > MAX_NAME {
                fields.push((
                    "organization_name".to_owned(),
                    "customer.name_long".to_owned(),
                ));
            }
            let person = clean_text(&name);
            if person.is_empty() {
                fields.push(("name".to_owned(), "name.empty".to_owned()));
            } else if person.chars().count() > MAX_NAME {
                fields.push(("name".to_owned(), "customer.name_long".to_owned()));
            }
            if let Err(problem) = check_with_confirmation(
                &password,
                &password_again,
                &Context {
                    email: &row.admin_email,
                    temporary: None,
                },
                is_common,
            ) {
                let field = if problem == crate::domain::password::PasswordProblem::Mismatch {
                    "password_again"
                } else {
                    "password"
                };
                fields.push((field.to_owned(), password_code(problem).to_owned()));
            }
            (None, Some(()), person, org_name, false)
        }
    };
    if !fields.is_empty() {
        return Err(AppError::invalid(fields, &typed));
    }

    // the rule, with what the database holds now
    let (billing_party, tenant) = check_rule(&services, &row.partner, model, &row.domain)
        .await
        .map_err(|error| match error {
            AppError::Validation { fields, .. } => AppError::Conflict(
                fields
                    .into_iter()
                    .next()
                    .map(|(_, code)| code)
                    .unwrap_or_default(),
            ),
            other => other,
        })?;
    if billing_party != row.billing_party {
        return Err(AppError::Conflict("invitation.changed".into()));
    }
    if let (Some(tenant), Some(organization)) = (&tenant, &organization)
        && tenant.organization != *organization
    {
        return Err(AppError::Conflict("invitation.other_owner".into()));
    }
    if tenant.is_some() && organization.is_none() {
        return Err(AppError::Conflict("invitation.other_owner".into()));
    }
    if organization.as_ref() == Some(&row.partner) {
        return Err(AppError::Conflict("customer.own_tenant".into()));
    }

    let contact_name = if contact_name.is_empty() {
        person.clone()
    } else {
        contact_name
    };
    let mails = answer_mails(&services, &row, true, &person, &org_name).await?;
    let password_hash = match hash {
        Some(()) => Some(services.hasher.hash(password).await?),
        None => None,
    };
    let existing_user = existing.as_ref().map(|u| u.id.clone());
    let acceptor = match (&password_hash, &organization, &existing_user) {
        (Some(hash), _, _) => Acceptor::New {
            organization_name: &org_name,
            name: &person,
            password_hash: hash,
        },
        (None, Some(organization), Some(user)) => Acceptor::Existing {
            user,
            name: &person,
            organization,
            organization_name: &org_name,
            partner: partner_org,
        },
        _ => return Err(AppError::internal("no one accepts")),
    };
    let user = customers::accept(
        &services.db,
        &row,
        &token_hash(token.trim()),
        &Acceptance {
            acceptor,
            tenant: tenant.as_ref().map(|t| &t.id),
            billing_contact_name: &contact_name,
            billing_contact_email: &contact_email,
            address: from.as_deref(),
        },
        &mails,
    )
    .await
    .map_err(|error| customer_error(error).with_values(&typed))?;
    if existing.is_none() {
        // the new admin is signed in
        let session = sessions::create(&services.db, &user).await?;
        set_cookie(&session_cookie(&session, services.secure_cookies));
    }
    tracing::info!(
        relationship = %record_key(&row.id),
        "a customer accepted a relationship"
    );
    leptos_axum::redirect("/customer?done=accepted");
    Ok(())
}

/// The e-mail to the partner's requester (and, for an indirect reseller's customer accepted,
/// the provider's billing admins) about the customer's answer.
#[cfg(feature = "ssr")]
async fn answer_mails(
    services: &crate::server::services::Services,
    row: &crate::server::store::customers::CustomerRow,
    accepted: bool,
    by: &str,
    organization: &str,
) -> Result<Vec<crate::server::store::outbox::Email>, AppError> {
    let customer = if organization.is_empty() {
        row.customer_name.as_str()
    } else {
        organization
    };
    let mut mails = Vec::new();
    if let Some(requester) = users::get(&services.db, &row.requested_by)
        .await?
        .filter(|u| u.is_active())
    {
        let notice = mail_text::answered(row, accepted, by, customer);
        mails.push(notice.to(&requester.email, &services.public_url));
    }
    if accepted && row.billing_party != row.partner {
        mails.extend(
            mails_to_holders_of(
                services,
                &row.billing_party,
                crate::domain::roles::Permission::BillingView,
                &mail_text::billed_to_provider(row, customer),
            )
            .await?,
        );
    }
    Ok(mails)
}

/// The customer's admin declines (the link is enough: declining gives nobody anything).
#[server(endpoint = "decline_invitation")]
pub async fn decline_invitation(#[server(default)] token: String) -> Result<(), AppError> {
    let (services, me) = gate::visitor().await?;
    let row = invitation_row(&services, &token).await?;
    if row.state() != "pending" {
        return Err(closed_link(row.state()));
    }
    let by = match me {
        Some(me) if me.email == row.admin_email => me.display_name,
        _ => row.admin_email.clone(),
    };
    let mails = answer_mails(&services, &row, false, &by, "").await?;
    customers::decline(&services.db, &row, &token_hash(token.trim()), &by, &mails)
        .await
        .map_err(customer_error)?;
    leptos_axum::redirect(&format!(
        "/customer-invitation?token={}&done=declined",
        token.trim()
    ));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::AcceptanceForm;

    #[test]
    fn the_acceptance_forms_debug_leaves_the_passwords_out() {
        let form = AcceptanceForm {
            organization_name: "Contoso".into(),
            password: "correct horse battery".into(),
            password_again: "correct horse battery".into(),
            ..Default::default()
        };
        let printed = format!("{form:?}");
        assert!(printed.contains("Contoso"), "{printed}");
        assert!(!printed.contains("correct horse"), "{printed}");
    }
}
