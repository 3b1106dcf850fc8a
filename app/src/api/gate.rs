//! The one gate: every session and permission check of the portal. A server function gets the
//! request's [`Services`] only from one of the doors below, so it cannot reach the database
//! without saying who may call it:
//!
//! - [`public`]: anyone (the join and apply forms, sign-in, the directory, one-time links);
//! - [`applicant`]: the holder of an applicant session (the application's own pages);
//! - [`visitor`]: anyone, with their session if they have one (who is signed in, invitations);
//! - [`own_account`]: any signed-in user, even one who must still change their password;
//! - [`securing`]: a signed-in user with their password changed, even one who must still set
//!   up two-factor sign-in (their security page);
//! - [`pending_sign_in`]: a browser between the password and the code of a sign-in;
//! - [`signed_in`]: any signed-in user with nothing pending;
//! - [`member`]: a member of a partner organization whose roles allow a [`Permission`];
//! - [`customer`]: a member of a customer (or partner) organization acting as a customer;
//! - [`staff`]: the operator's staff whose roles allow a [`StaffPermission`].
//!
//! Every decision goes through [`decide`]. Plain axum routes (the live status stream, the
//! CSV export) use the `*_from_headers` variants, which make the same checks. The
//! authorization test reads each server function's source and fails for one that opens no door.

use crate::{
    api::AppError,
    domain::roles::{
        Decision, OrganizationKind, Permission, Role, StaffPermission, decide, parse_roles,
        parse_staff_roles,
    },
    server::{
        services::{APPLICANT_COOKIE, PENDING_SIGN_IN_COOKIE, SESSION_COOKIE, Services, cookie},
        store::{
            enrollment, sessions,
            sessions::ActiveSession,
            two_factor::{self, PendingSignIn},
            users::OPERATOR_ORGANIZATION,
        },
    },
};
use http::HeaderMap;
use leptos::prelude::use_context;
use surrealdb::types::RecordId;

/// Every server function that reads or changes an organization's data through [`member`] or
/// [`customer`], with the permission it asks for. The authorization test checks this list
/// against each function's source, then calls each function for every role, in the caller's
/// own organization and in another.
pub const ORGANIZATION_FUNCTIONS: &[(&str, crate::domain::roles::Permission)] = {
    use crate::domain::roles::Permission::*;
    &[
        ("list_members", UsersView),
        ("add_member", UsersManage),
        ("set_member_roles", RolesAssign),
        ("set_member_active", UsersManage),
        ("reissue_member_password", UsersManage),
        ("load_organization_profile", OrgProfileView),
        ("save_organization_profile", OrgProfileEdit),
        ("request_legal_name_change", OrgProfileEdit),
        ("load_billing_profile", BankView),
        ("replace_bank_details", BankReplace),
        ("load_audit_log", AuditView),
        ("load_business_profile", BusinessProfileEdit),
        ("save_business_profile", BusinessProfileEdit),
        ("publish_business_profile", BusinessProfileEdit),
        ("unpublish_business_profile", BusinessProfileEdit),
        ("upload_logo", BusinessProfileEdit),
        ("remove_logo", BusinessProfileEdit),
        ("find_providers", PartnersManage),
        ("request_provider", PartnersManage),
        ("list_relationships", PartnersManage),
        ("answer_relationship", PartnersManage),
        ("end_relationship", PartnersManage),
        ("load_referrals", ReferralsManage),
        ("answer_referral", ReferralsManage),
        ("forward_referral", ReferralsManage),
        ("list_tenants", OrgProfileView),
        ("add_tenant", OrgProfileEdit),
        ("load_customers", CustomersView),
        ("request_customer", CustomersRequest),
        ("resend_customer_invitation", CustomersRequest),
        ("revoke_customer_invitation", CustomersRequest),
        ("end_customer_relationship", CustomersManage),
        ("load_billed_customers", BillingView),
        ("load_my_partners", GlobalAdminsManage),
        ("end_partner_relationship", GlobalAdminsManage),
        ("reset_member_two_factor", GlobalAdminsManage),
    ]
};

/// The services of this request (private: callers go through a door).
fn services() -> Result<Services, AppError> {
    use_context::<Services>()
        .ok_or_else(|| AppError::internal("the services are not in the context"))
}

/// The request's headers, if it is an HTTP request.
fn headers() -> HeaderMap {
    use_context::<http::request::Parts>()
        .map(|parts| parts.headers)
        .unwrap_or_default()
}

/// Anyone may call this function: it says so here.
pub fn public() -> Result<Services, AppError> {
    services()
}

/// The application this request's applicant session reaches; `Unauthenticated` when there is
/// no live applicant session (the page then offers to e-mail a new link).
pub async fn applicant() -> Result<(Services, RecordId), AppError> {
    let services = services()?;
    let application = applicant_from_headers(&services, &headers()).await?;
    Ok((services, application))
}

/// Anyone, and their live session if they have one (deactivated users have none).
pub async fn visitor() -> Result<(Services, Option<ActiveSession>), AppError> {
    let services = services()?;
    let session = session_from_headers(&services, &headers()).await?;
    Ok((services, session))
}

/// A signed-in user, even one who must change a temporary password first (the password
/// change itself).
pub async fn own_account() -> Result<(Services, ActiveSession), AppError> {
    let (services, session) = visitor().await?;
    Ok((services, session.ok_or(AppError::Unauthenticated)?))
}

/// A signed-in user who changed their temporary password, even one who must still set up
/// two-factor sign-in (the set-up itself).
pub async fn securing() -> Result<(Services, ActiveSession), AppError> {
    let (services, session) = own_account().await?;
    Ok((services, password_changed(session)?))
}

/// The sign-in whose password step this browser passed, waiting for its code (five minutes);
/// `SignInExpired` when there is none.
pub async fn pending_sign_in() -> Result<(Services, PendingSignIn), AppError> {
    let services = services()?;
    let token = cookie(&headers(), PENDING_SIGN_IN_COOKIE).ok_or(AppError::SignInExpired)?;
    let pending = two_factor::pending_sign_in(&services.db, &token)
        .await?
        .ok_or(AppError::SignInExpired)?;
    Ok((services, pending))
}

/// A signed-in user, active, with no password change and no two-factor set-up pending.
pub async fn signed_in() -> Result<(Services, ActiveSession), AppError> {
    let (services, session) = own_account().await?;
    Ok((services, ready(session)?))
}

/// A member of a partner organization whose roles allow `permission` on their own
/// organization's things; their roles too.
pub async fn member(
    permission: Permission,
) -> Result<(Services, ActiveSession, Vec<Role>), AppError> {
    let (services, user) = signed_in().await?;
    let roles = member_decision(&user, permission)?;
    Ok((services, user, roles))
}

/// A member of an organization that is a partner's customer (a customer organization, or a
/// partner organization that accepted an invitation as a customer) whose roles allow
/// `permission`.
pub async fn customer(permission: Permission) -> Result<(Services, ActiveSession), AppError> {
    let (services, user) = signed_in().await?;
    customer_decision(&user, permission)?;
    Ok((services, user))
}

/// Whether the matrix lets `user` do `permission` as a customer of a partner (any
/// organization but the operator's).
pub fn customer_decision(user: &ActiveSession, permission: Permission) -> Result<(), AppError> {
    if is_operator(user) {
        return Err(AppError::Forbidden {
            reason: "partner.only".into(),
        });
    }
    roles_decision(user, permission).map(drop)
}

/// One of the operator's staff whose roles allow `permission`.
pub async fn staff(permission: StaffPermission) -> Result<(Services, ActiveSession), AppError> {
    let (services, user) = signed_in().await?;
    staff_decision(&user, permission)?;
    Ok((services, user))
}

/// Whether the matrix lets signed-in `user` do `permission` to their own organization's
/// things; their roles if so. The operator's staff and customer organizations are refused:
/// partner permissions mean nothing there.
pub fn member_decision(
    user: &ActiveSession,
    permission: Permission,
) -> Result<Vec<Role>, AppError> {
    if !is_partner(user) {
        return Err(AppError::Forbidden {
            reason: "partner.only".into(),
        });
    }
    roles_decision(user, permission)
}

fn roles_decision(user: &ActiveSession, permission: Permission) -> Result<Vec<Role>, AppError> {
    let roles = parse_roles(&user.roles);
    match decide(&user.organization, &roles, permission, &user.organization) {
        Decision::Allowed => Ok(roles),
        Decision::OtherOrganization => Err(AppError::NotFound),
        Decision::MissingRole { .. } => Err(AppError::Forbidden {
            reason: format!("permission.{}", permission.code()),
        }),
    }
}

/// Whether the matrix lets `user` do `permission` as the operator's staff.
pub fn staff_decision(user: &ActiveSession, permission: StaffPermission) -> Result<(), AppError> {
    let roles = parse_staff_roles(&user.roles);
    match decide(&user.organization, &roles, permission, &operator()) {
        Decision::Allowed => Ok(()),
        Decision::OtherOrganization | Decision::MissingRole { .. } => Err(AppError::Forbidden {
            reason: permission.refusal().into(),
        }),
    }
}

/// Whether `user`'s staff roles allow `permission` (for what a page offers, not a refusal).
pub fn staff_may(user: &ActiveSession, permission: StaffPermission) -> bool {
    staff_decision(user, permission).is_ok()
}

/// Whether stored role codes (a staff list's, not a session's) allow `permission`.
pub fn staff_roles_allow<S: AsRef<str>>(codes: &[S], permission: StaffPermission) -> bool {
    parse_staff_roles(codes)
        .iter()
        .any(|role| role.allows(permission))
}

/// The operator's own organization.
pub fn operator() -> RecordId {
    RecordId::new("organization", OPERATOR_ORGANIZATION)
}

fn is_operator(user: &ActiveSession) -> bool {
    user.organization == operator() || kind(user) == Some(OrganizationKind::Operator)
}

/// Whether `user` is a member of a partner organization (not the operator's staff).
pub fn is_partner(user: &ActiveSession) -> bool {
    !is_operator(user) && kind(user) == Some(OrganizationKind::Partner)
}

/// What `user`'s organization is to the program.
pub fn kind(user: &ActiveSession) -> Option<OrganizationKind> {
    OrganizationKind::parse(&user.organization_kind)
}

/// Whether `user` holds the global admin role of their organization.
pub fn is_global_admin(user: &ActiveSession) -> bool {
    parse_roles(&user.roles).contains(&Role::GlobalAdmin)
}

/// Whether `user` must use two-factor sign-in (their roles, or the program, require it).
pub fn two_factor_required(user: &ActiveSession) -> bool {
    crate::domain::two_factor::required(kind(user), &user.roles, user.two_factor_everyone)
}

fn password_changed(session: ActiveSession) -> Result<ActiveSession, AppError> {
    if session.must_change_password {
        Err(AppError::PasswordChangeRequired)
    } else {
        Ok(session)
    }
}

/// Nothing pending: the password changed, and two-factor set up where it is required.
fn ready(session: ActiveSession) -> Result<ActiveSession, AppError> {
    let session = password_changed(session)?;
    if two_factor_required(&session) && !session.two_factor_on {
        Err(AppError::TwoFactorSetupRequired)
    } else {
        Ok(session)
    }
}

/// The live session a plain request's cookie names, if any (deactivated users have none).
pub async fn session_from_headers(
    services: &Services,
    headers: &HeaderMap,
) -> Result<Option<ActiveSession>, AppError> {
    let Some(token) = cookie(headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    let session = sessions::find(&services.db, &token, services.sessions).await?;
    Ok(session.filter(|s| s.active))
}

/// [`member`] for a plain request (the CSV export): the same checks, from its cookie.
pub async fn member_from_headers(
    services: &Services,
    headers: &HeaderMap,
    permission: Permission,
) -> Result<(ActiveSession, Vec<Role>), AppError> {
    let session = session_from_headers(services, headers)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let session = ready(session)?;
    let roles = member_decision(&session, permission)?;
    Ok((session, roles))
}

/// [`applicant`] for a plain request (the live status stream): the application its applicant
/// cookie reaches.
pub async fn applicant_from_headers(
    services: &Services,
    headers: &HeaderMap,
) -> Result<RecordId, AppError> {
    let token = cookie(headers, APPLICANT_COOKIE).ok_or(AppError::Unauthenticated)?;
    enrollment::session_application(&services.db, &token, services.sessions)
        .await?
        .ok_or(AppError::Unauthenticated)
}

/// The record `key` of `table` that a page sent (so from anyone): keys the portal makes are
/// short and alphanumeric; anything else cannot exist and is "not found".
pub fn record_from_page(table: &str, key: &str) -> Result<RecordId, AppError> {
    let plausible = !key.is_empty()
        && key.len() <= 64
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plausible {
        Ok(RecordId::new(table, key))
    } else {
        Err(AppError::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(kind: &str, organization: &str, roles: &[&str]) -> ActiveSession {
        ActiveSession {
            session: RecordId::new("session", "s"),
            user: RecordId::new("user", "u"),
            organization: RecordId::new("organization", organization),
            organization_kind: kind.to_owned(),
            email: "a@example.com".to_owned(),
            display_name: "A".to_owned(),
            roles: roles.iter().map(|r| (*r).to_owned()).collect(),
            active: true,
            must_change_password: false,
            two_factor_on: false,
            two_factor_everyone: false,
            proved_recently: true,
        }
    }

    #[test]
    fn staff_roles_count_only_in_the_operator_organization() {
        let admin = session("operator", OPERATOR_ORGANIZATION, &["program_admin"]);
        let reviewer = session("operator", OPERATOR_ORGANIZATION, &["reviewer"]);
        // a partner organization whose stored roles claim staff roles gets nothing
        let impostor = session("partner", "p1", &["program_admin", "reviewer"]);
        for permission in [
            StaffPermission::ApplicationsReview,
            StaffPermission::ApplicationsReassign,
            StaffPermission::ProgramManage,
        ] {
            assert!(staff_may(&admin, permission));
            assert!(!staff_may(&impostor, permission));
        }
        assert!(staff_may(&reviewer, StaffPermission::ApplicationsReview));
        assert_eq!(
            staff_decision(&reviewer, StaffPermission::ProgramManage),
            Err(AppError::Forbidden {
                reason: "role.program_admin".into()
            })
        );
        assert_eq!(
            staff_decision(&impostor, StaffPermission::ApplicationsReview),
            Err(AppError::Forbidden {
                reason: "role.reviewer".into()
            })
        );
    }

    #[test]
    fn partner_permissions_need_a_partner_organization() {
        let admin = session("partner", "p1", &["global_admin"]);
        assert_eq!(
            member_decision(&admin, Permission::AuditView),
            Ok(vec![Role::GlobalAdmin])
        );
        let sales = session("partner", "p1", &["sales_agent"]);
        assert_eq!(
            member_decision(&sales, Permission::AuditView),
            Err(AppError::Forbidden {
                reason: "permission.audit.view".into()
            })
        );
        for outsider in [
            session("customer", "c1", &["global_admin"]),
            session("operator", OPERATOR_ORGANIZATION, &["global_admin"]),
        ] {
            assert_eq!(
                member_decision(&outsider, Permission::UsersView),
                Err(AppError::Forbidden {
                    reason: "partner.only".into()
                })
            );
        }
        assert!(is_global_admin(&admin));
        assert!(!is_global_admin(&sales));
    }

    #[test]
    fn page_keys_are_short_and_plain() {
        assert!(record_from_page("user", "abc_123").is_ok());
        for bad in ["", "a:b", "a b", "⟨x⟩", &"x".repeat(65)] {
            assert_eq!(record_from_page("user", bad), Err(AppError::NotFound));
        }
    }
}
