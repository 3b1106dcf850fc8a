//! A partner organization's account administration: its users and their roles. Every function
//! goes through [`gate::member`](crate::api::gate::member), which asks the permission matrix
//! (`domain::roles::decide`) on the server; the organization always comes from the session,
//! never from the page.

use crate::api::AppError;
#[cfg(feature = "ssr")]
use crate::api::form_done;
#[cfg(feature = "ssr")]
use crate::api::gate;
#[cfg(feature = "ssr")]
use crate::{
    api::identity::person,
    domain::roles::{Permission, Role, allows, check_role_change, parse_roles},
    server::{
        db::record_key,
        mail_text::accounts::{TemporaryPasswordReason, temporary_password_email},
        store::accounts::{self, MemberError, NewEmployee},
    },
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A user of the organization as the users page shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberView {
    /// the user's record key: what the page's actions name
    pub key: String,
    pub name: String,
    pub email: String,
    /// role codes, in the matrix's order
    pub roles: Vec<String>,
    pub active: bool,
    /// has not chosen a password yet
    pub password_pending: bool,
    /// what a role edit names, so that a concurrent one is noticed
    pub version: i64,
    /// the signed-in user
    pub is_me: bool,
    /// has set up two-factor sign-in
    #[serde(default)]
    pub two_factor_on: bool,
}

/// The users page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Members {
    pub organization: String,
    pub members: Vec<MemberView>,
    /// the account has one active global admin (lockout risk)
    pub single_global_admin: bool,
    /// the signed-in user's roles
    pub my_roles: Vec<String>,
    /// how many users the search found, on all pages
    pub total: usize,
    /// this page (0 = the first) and how many there are
    pub page: usize,
    pub pages: usize,
}

/// How many users a page of the users page lists.
pub const MEMBERS_PAGE_SIZE: usize = 50;

/// Why something is not available, in the words of the matrix: the roles that allow it and who
/// in the organization can give them (its active global admins).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhyNot {
    pub permission: String,
    pub granted_by: Vec<String>,
    pub global_admins: Vec<String>,
}

/// The signed-in member as the store records who acted, from `address`.
#[cfg(feature = "ssr")]
pub(crate) fn acting<'a>(
    me: &'a crate::server::store::sessions::ActiveSession,
    address: &'a Option<String>,
) -> crate::server::store::accounts::Acting<'a> {
    crate::server::store::accounts::Acting {
        organization: &me.organization,
        user: &me.user,
        name: &me.display_name,
        address: address.as_deref(),
    }
}

/// The client's network address, for the audit log.
#[cfg(feature = "ssr")]
pub(crate) async fn client_address() -> Option<String> {
    leptos_axum::extract::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .await
        .ok()
        .map(|axum::extract::ConnectInfo(peer)| peer.ip().to_string())
}

/// The partner organization's name (empty for one that is not a partner).
#[cfg(feature = "ssr")]
async fn organization_name(
    services: &crate::server::services::Services,
    organization: &surrealdb::types::RecordId,
) -> Result<String, AppError> {
    Ok(
        crate::server::store::partners::find(&services.db, organization)
            .await?
            .map(|p| p.name)
            .unwrap_or_default(),
    )
}

/// Roles ticked in a form (`roles[<code>]=on`), unknown codes dropped, in the matrix's order.
#[cfg(feature = "ssr")]
fn ticked_roles(roles: &HashMap<String, String>) -> Vec<crate::domain::roles::Role> {
    let codes: Vec<&str> = roles
        .iter()
        .filter(|(_, value)| value.as_str() == "on")
        .map(|(code, _)| code.as_str())
        .collect();
    crate::domain::roles::parse_roles(&codes)
}

#[cfg(feature = "ssr")]
fn codes(roles: &[crate::domain::roles::Role]) -> Vec<String> {
    roles.iter().map(|r| r.code().to_owned()).collect()
}

#[cfg(feature = "ssr")]
fn member_error(error: crate::server::store::accounts::MemberError) -> AppError {
    match error {
        MemberError::NotFound => AppError::NotFound,
        MemberError::Changed => AppError::Conflict("members.changed".into()),
        MemberError::LastGlobalAdmin => AppError::Conflict("roles.last_global_admin".into()),
        MemberError::EmailTaken => AppError::field("email", "email.taken"),
        MemberError::Db(error) => AppError::internal(error),
    }
}

/// The organization's users (global admins and user management admins); with `search`, those
/// whose name or e-mail contains it; a page of [`MEMBERS_PAGE_SIZE`] at a time, the global
/// admins first, then by name. `page` 0 (or none) is the first; past the last gives the last.
#[server(endpoint = "list_members")]
pub async fn list_members(
    #[server(default)] search: String,
    #[server(default)] page: usize,
) -> Result<Members, AppError> {
    let (services, me, my_roles) = gate::member(Permission::UsersView).await?;
    let organization = organization_name(&services, &me.organization).await?;
    let list = accounts::list(&services.db, &me.organization).await?;
    let active_global = list
        .iter()
        .filter(|m| m.is_active() && m.is_global_admin())
        .count();
    let search = search.trim().to_lowercase();
    let mut found: Vec<MemberView> = list
        .into_iter()
        .filter(|m| {
            search.is_empty()
                || m.display_name.to_lowercase().contains(&search)
                || m.email.contains(&search)
        })
        .map(|m| MemberView {
            two_factor_on: m.two_factor_on,
            key: record_key(&m.id),
            is_me: m.id == me.user,
            active: m.is_active(),
            password_pending: m.must_change_password,
            roles: codes(&crate::domain::roles::parse_roles(&m.roles)),
            name: m.display_name,
            email: m.email,
            version: m.version,
        })
        .collect();
    // the global admins first, then by name (the store's order; the sort is stable)
    found.sort_by_key(|m| !m.roles.iter().any(|r| r == Role::GlobalAdmin.code()));
    let total = found.len();
    let pages = total.div_ceil(MEMBERS_PAGE_SIZE).max(1);
    let page = page.min(pages - 1);
    let members = found
        .into_iter()
        .skip(page * MEMBERS_PAGE_SIZE)
        .take(MEMBERS_PAGE_SIZE)
        .collect();
    Ok(Members {
        organization,
        single_global_admin: active_global == 1,
        my_roles: codes(&my_roles),
        members,
        total,
        page,
        pages,
    })
}

/// Adds an employee with the roles ticked: they get a temporary password by e-mail and choose
/// their own at the first sign-in. Only a global admin may add a global admin.
#[server(endpoint = "add_member")]
pub async fn add_member(
    #[server(default)] display_name: String,
    #[server(default)] email: String,
    #[server(default)] roles: HashMap<String, String>,
) -> Result<(), AppError> {
    let (services, me, my_roles) = gate::member(Permission::UsersManage).await?;
    let roles = ticked_roles(&roles);
    if roles.contains(&Role::GlobalAdmin) && !allows(&my_roles, Permission::GlobalAdminsManage) {
        return Err(AppError::Forbidden {
            reason: format!("permission.{}", Permission::GlobalAdminsManage.code()),
        });
    }
    let address = person(&display_name, &email)?;
    let organization = organization_name(&services, &me.organization).await?;
    let (password, hash) = services.hasher.temporary_password().await?;
    let name = display_name.trim();
    let message = temporary_password_email(
        TemporaryPasswordReason::Employee(&organization),
        &services.public_url,
        address.as_str(),
        name,
        &me.display_name,
        &password,
        services.temporary_password_lifetime,
    );
    let address_of_client = client_address().await;
    accounts::add(
        &services.db,
        acting(&me, &address_of_client),
        &NewEmployee {
            email: address.as_str(),
            display_name: name,
            roles: &codes(&roles),
            password_hash: &hash,
            temporary_for: services.temporary_password_lifetime,
        },
        &message,
    )
    .await
    .map_err(|error| {
        member_error(error).with_values(&[
            ("display_name", display_name.as_str()),
            ("email", email.as_str()),
        ])
    })?;
    form_done("/account/users?done=added")
}

/// Gives a user exactly the roles ticked, if nobody changed the user since `version`.
#[server(endpoint = "set_member_roles")]
pub async fn set_member_roles(
    id: String,
    version: i64,
    #[server(default)] roles: HashMap<String, String>,
    /// `matrix` when sent from the role assignment page (where a form post without JavaScript
    /// goes back to)
    #[server(default)]
    back: String,
    /// fresh proof of who is asking, for giving or taking the global admin role
    #[server(default)]
    proof: String,
) -> Result<(), AppError> {
    let (services, me, my_roles) = gate::member(Permission::RolesAssign).await?;
    let user = gate::record_from_page("user", &id)?;
    // one read gives the user and the other global admins
    let all = accounts::list(&services.db, &me.organization).await?;
    let target = all
        .iter()
        .find(|m| m.id == user)
        .ok_or(AppError::NotFound)?;
    let before = parse_roles(&target.roles);
    let after = ticked_roles(&roles);
    let other_global_admins = all
        .iter()
        .filter(|m| m.id != user && m.is_active() && m.is_global_admin())
        .count();
    check_role_change(
        &my_roles,
        user == me.user,
        &before,
        &after,
        other_global_admins,
    )
    .map_err(|problem| AppError::Conflict(problem.code().to_owned()))?;
    if before.contains(&Role::GlobalAdmin) != after.contains(&Role::GlobalAdmin) {
        crate::api::two_factor::step_up(&services, &me, &proof).await?;
    }
    let change = {
        let added = after
            .iter()
            .filter(|r| !before.contains(r))
            .map(|r| format!("+{}", r.code()));
        let removed = before
            .iter()
            .filter(|r| !after.contains(r))
            .map(|r| format!("-{}", r.code()));
        added.chain(removed).collect::<Vec<_>>().join(" ")
    };
    let address = client_address().await;
    accounts::set_roles(
        &services.db,
        acting(&me, &address),
        &user,
        &target.email,
        &codes(&after),
        version,
        &change,
    )
    .await
    .map_err(member_error)?;
    form_done(if back == "matrix" {
        "/account/roles?done=roles"
    } else {
        "/account/users?done=roles"
    })
}

/// The checks every action on a colleague's account shares: the user exists in the
/// organization, is not the actor, and is a global admin only if the actor may manage those.
#[cfg(feature = "ssr")]
async fn colleague(
    services: &crate::server::services::Services,
    me: &crate::server::store::sessions::ActiveSession,
    my_roles: &[crate::domain::roles::Role],
    id: &str,
) -> Result<crate::server::store::accounts::Member, AppError> {
    let user = gate::record_from_page("user", id)?;
    if user == me.user {
        return Err(AppError::Conflict("staff.not_yourself".into()));
    }
    let target = accounts::get(&services.db, &me.organization, &user)
        .await?
        .ok_or(AppError::NotFound)?;
    if target.is_global_admin() && !allows(my_roles, Permission::GlobalAdminsManage) {
        return Err(AppError::Forbidden {
            reason: format!("permission.{}", Permission::GlobalAdminsManage.code()),
        });
    }
    Ok(target)
}

/// Deactivates (their sessions end at once) or reactivates a colleague.
#[server(endpoint = "set_member_active")]
pub async fn set_member_active(id: String, active: bool) -> Result<(), AppError> {
    let (services, me, my_roles) =
        gate::member(crate::domain::roles::Permission::UsersManage).await?;
    let target = colleague(&services, &me, &my_roles, &id).await?;
    let address = client_address().await;
    accounts::set_active(
        &services.db,
        acting(&me, &address),
        &target.id,
        &target.email,
        active,
    )
    .await
    .map_err(member_error)?;
    form_done(if active {
        "/account/users?done=reactivated"
    } else {
        "/account/users?done=deactivated"
    })
}

/// Sends an active colleague a new temporary password: the old password stops working.
#[server(endpoint = "reissue_member_password")]
pub async fn reissue_member_password(id: String) -> Result<(), AppError> {
    let (services, me, my_roles) =
        gate::member(crate::domain::roles::Permission::UsersManage).await?;
    let target = colleague(&services, &me, &my_roles, &id).await?;
    if !target.is_active() {
        return Err(AppError::Conflict("staff.reactivate_first".into()));
    }
    let (password, hash) = services.hasher.temporary_password().await?;
    let message = temporary_password_email(
        TemporaryPasswordReason::Reissued,
        &services.public_url,
        &target.email,
        &target.display_name,
        &me.display_name,
        &password,
        services.temporary_password_lifetime,
    );
    let address = client_address().await;
    accounts::reissue_temporary_password(
        &services.db,
        acting(&me, &address),
        &target.id,
        &target.email,
        &hash,
        services.temporary_password_lifetime,
        &message,
    )
    .await
    .map_err(member_error)?;
    form_done("/account/users?done=reissued")
}

/// Why the signed-in member cannot do `permission`: the roles that allow it and the
/// organization's active global admins, who can give them.
#[server(endpoint = "why_not")]
pub async fn explain_permission(permission: String) -> Result<WhyNot, AppError> {
    let permission = Permission::parse(&permission).ok_or(AppError::NotFound)?;
    let (services, me) = gate::signed_in().await?;
    let global_admins = accounts::list(&services.db, &me.organization)
        .await?
        .into_iter()
        .filter(|m| m.is_active() && m.is_global_admin())
        .map(|m| m.display_name)
        .collect();
    Ok(WhyNot {
        permission: permission.code().to_owned(),
        granted_by: permission
            .granted_by()
            .into_iter()
            .map(|r| r.code().to_owned())
            .collect(),
        global_admins,
    })
}
