//! The roles of a partner organization's employees and of the operator's staff, and what each
//! allows: one permission matrix that the server enforces on every call ([`decide`], through
//! `api::gate`) and the pages read to explain themselves.
//!
//! A user with no role sees only their own profile.

use serde::{Deserialize, Serialize};

/// A role a global admin (or a user management admin) gives an employee.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    /// everything in the account
    GlobalAdmin,
    /// users and roles, except global admins
    UserManagementAdmin,
    /// the organization and legal profile, locations
    AccountAdmin,
    /// the business profile the directory shows
    BusinessProfileAdmin,
    /// customer referrals
    ReferralsAdmin,
    /// manages customers and acts for them
    AdminAgent,
    /// requests customer relationships, orders
    SalesAgent,
    /// customers' support requests
    HelpdeskAgent,
    /// the billing profile, bank details, invoices
    BillingAdmin,
}

impl Role {
    pub const ALL: [Role; 9] = [
        Role::GlobalAdmin,
        Role::UserManagementAdmin,
        Role::AccountAdmin,
        Role::BusinessProfileAdmin,
        Role::ReferralsAdmin,
        Role::AdminAgent,
        Role::SalesAgent,
        Role::HelpdeskAgent,
        Role::BillingAdmin,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::GlobalAdmin => "global_admin",
            Role::UserManagementAdmin => "user_management_admin",
            Role::AccountAdmin => "account_admin",
            Role::BusinessProfileAdmin => "business_profile_admin",
            Role::ReferralsAdmin => "referrals_admin",
            Role::AdminAgent => "admin_agent",
            Role::SalesAgent => "sales_agent",
            Role::HelpdeskAgent => "helpdesk_agent",
            Role::BillingAdmin => "billing_admin",
        }
    }

    pub fn parse(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.code() == code)
    }

    /// What the role allows, in the matrix's order.
    pub fn permissions(self) -> &'static [Permission] {
        use Permission::*;
        match self {
            Role::GlobalAdmin => &Permission::ALL,
            Role::UserManagementAdmin => &[UsersView, UsersManage, RolesAssign],
            Role::AccountAdmin => &[OrgProfileView, OrgProfileEdit],
            Role::BusinessProfileAdmin => &[BusinessProfileEdit],
            Role::ReferralsAdmin => &[ReferralsManage],
            Role::AdminAgent => &[
                CustomersView,
                CustomersManage,
                CustomersRequest,
                PartnersManage,
            ],
            Role::SalesAgent => &[CustomersView, CustomersRequest],
            Role::HelpdeskAgent => &[CustomersView, SupportManage],
            Role::BillingAdmin => &[BankView, BankReplace, BillingView],
        }
    }

    pub fn allows(self, permission: Permission) -> bool {
        self.permissions().contains(&permission)
    }
}

/// Something a user may do to their organization's things.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Permission {
    /// see the organization's users and their roles
    UsersView,
    /// add employees, deactivate and reactivate them, send new temporary passwords (never to a
    /// global admin without [`Permission::GlobalAdminsManage`])
    UsersManage,
    /// give and take roles other than global admin
    RolesAssign,
    /// give and take the global admin role; deactivate a global admin or reset their password
    GlobalAdminsManage,
    /// see the organization profile
    OrgProfileView,
    /// change the organization profile (address, phone, website, primary contact) and ask the
    /// operator to change the legal name
    OrgProfileEdit,
    /// see the billing profile (the bank details masked)
    BankView,
    /// replace the bank details
    BankReplace,
    /// see what is billed to the organization
    BillingView,
    /// edit and publish the business profile
    BusinessProfileEdit,
    /// accept, decline and forward customer referrals
    ReferralsManage,
    /// see the organization's customers
    CustomersView,
    /// manage customers and act for them
    CustomersManage,
    /// request customer relationships
    CustomersRequest,
    /// handle customers' support requests
    SupportManage,
    /// read and export the organization's audit log
    AuditView,
    /// request, accept, decline and end relationships between indirect resellers and
    /// providers
    PartnersManage,
}

impl Permission {
    pub const ALL: [Permission; 17] = [
        Permission::UsersView,
        Permission::UsersManage,
        Permission::RolesAssign,
        Permission::GlobalAdminsManage,
        Permission::OrgProfileView,
        Permission::OrgProfileEdit,
        Permission::BankView,
        Permission::BankReplace,
        Permission::BillingView,
        Permission::BusinessProfileEdit,
        Permission::ReferralsManage,
        Permission::CustomersView,
        Permission::CustomersManage,
        Permission::CustomersRequest,
        Permission::SupportManage,
        Permission::AuditView,
        Permission::PartnersManage,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Permission::UsersView => "users.view",
            Permission::UsersManage => "users.manage",
            Permission::RolesAssign => "roles.assign",
            Permission::GlobalAdminsManage => "global_admins.manage",
            Permission::OrgProfileView => "org_profile.view",
            Permission::OrgProfileEdit => "org_profile.edit",
            Permission::BankView => "bank.view",
            Permission::BankReplace => "bank.replace",
            Permission::BillingView => "billing.view",
            Permission::BusinessProfileEdit => "business_profile.edit",
            Permission::ReferralsManage => "referrals.manage",
            Permission::CustomersView => "customers.view",
            Permission::CustomersManage => "customers.manage",
            Permission::CustomersRequest => "customers.request",
            Permission::SupportManage => "support.manage",
            Permission::AuditView => "audit.view",
            Permission::PartnersManage => "partners.manage",
        }
    }

    pub fn parse(code: &str) -> Option<Permission> {
        Permission::ALL.into_iter().find(|p| p.code() == code)
    }

    /// The roles that allow it, in [`Role::ALL`] order (the global admin first).
    pub fn granted_by(self) -> Vec<Role> {
        Role::ALL
            .into_iter()
            .filter(|role| role.allows(self))
            .collect()
    }
}

/// Role codes as stored, read leniently: unknown codes (such as the operator's own roles) give
/// no partner role.
pub fn parse_roles<S: AsRef<str>>(codes: &[S]) -> Vec<Role> {
    parse_codes(codes, Role::parse)
}

/// The values of `codes` that `parse` knows, sorted, each once.
fn parse_codes<S: AsRef<str>, T: Ord>(codes: &[S], parse: fn(&str) -> Option<T>) -> Vec<T> {
    let mut values: Vec<T> = codes.iter().filter_map(|c| parse(c.as_ref())).collect();
    values.sort();
    values.dedup();
    values
}

/// Whether any of `roles` allows `permission`.
pub fn allows(roles: &[Role], permission: Permission) -> bool {
    roles.iter().any(|role| role.allows(permission))
}

/// What [`decide`] says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision<R = Role> {
    Allowed,
    /// the thing belongs to another organization: answered as if it did not exist
    OtherOrganization,
    /// a role is missing; these roles would allow it
    MissingRole {
        granted_by: Vec<R>,
    },
}

/// A family of roles ([`Role`] for partner and customer organizations, [`StaffRole`] for the
/// operator's staff): each role allows some permissions of the family.
pub trait Grants: Copy + Eq + 'static {
    type Permission: Copy;
    /// Every role of the family, the most powerful first.
    const EVERY: &'static [Self];
    /// Whether this role allows `permission`.
    fn grants(self, permission: Self::Permission) -> bool;
}

impl Grants for Role {
    type Permission = Permission;
    const EVERY: &'static [Self] = &Role::ALL;
    fn grants(self, permission: Permission) -> bool {
        self.allows(permission)
    }
}

/// May a member of `member_organization` with `roles` do `permission` to a thing of
/// `target_organization`? The one rule every server function of an organization, and of the
/// operator's staff, goes through.
pub fn decide<O: PartialEq + ?Sized, R: Grants>(
    member_organization: &O,
    roles: &[R],
    permission: R::Permission,
    target_organization: &O,
) -> Decision<R> {
    if member_organization != target_organization {
        Decision::OtherOrganization
    } else if roles.iter().any(|role| role.grants(permission)) {
        Decision::Allowed
    } else {
        Decision::MissingRole {
            granted_by: R::EVERY
                .iter()
                .copied()
                .filter(|role| role.grants(permission))
                .collect(),
        }
    }
}

/// What an organization is to the program, as the database records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrganizationKind {
    /// the program's own organization: its staff review and run the program
    Operator,
    /// a partner that joined the program
    Partner,
    /// a customer organization of a partner
    Customer,
}

impl OrganizationKind {
    pub fn code(self) -> &'static str {
        match self {
            OrganizationKind::Operator => "operator",
            OrganizationKind::Partner => "partner",
            OrganizationKind::Customer => "customer",
        }
    }

    pub fn parse(code: &str) -> Option<OrganizationKind> {
        [
            OrganizationKind::Operator,
            OrganizationKind::Partner,
            OrganizationKind::Customer,
        ]
        .into_iter()
        .find(|kind| kind.code() == code)
    }
}

/// A role of the operator's staff.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum StaffRole {
    /// runs the program: its settings, its staff, every application
    ProgramAdmin,
    /// reviews applications
    Reviewer,
}

/// Something the operator's staff may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StaffPermission {
    /// read, claim and decide applications; reveal an applicant's bank number
    ApplicationsReview,
    /// give an application to another reviewer
    ApplicationsReassign,
    /// the program's settings, program IDs, staff, outgoing e-mail, legal name requests
    ProgramManage,
}

impl StaffRole {
    pub const ALL: [StaffRole; 2] = [StaffRole::ProgramAdmin, StaffRole::Reviewer];

    pub fn code(self) -> &'static str {
        match self {
            StaffRole::ProgramAdmin => "program_admin",
            StaffRole::Reviewer => "reviewer",
        }
    }

    pub fn parse(code: &str) -> Option<StaffRole> {
        StaffRole::ALL.into_iter().find(|role| role.code() == code)
    }

    pub fn allows(self, permission: StaffPermission) -> bool {
        match self {
            StaffRole::ProgramAdmin => true,
            StaffRole::Reviewer => permission == StaffPermission::ApplicationsReview,
        }
    }
}

impl StaffPermission {
    /// The message code of a refusal: the role that is missing.
    pub fn refusal(self) -> &'static str {
        match self {
            StaffPermission::ApplicationsReview => "role.reviewer",
            StaffPermission::ApplicationsReassign | StaffPermission::ProgramManage => {
                "role.program_admin"
            }
        }
    }
}

impl Grants for StaffRole {
    type Permission = StaffPermission;
    const EVERY: &'static [Self] = &StaffRole::ALL;
    fn grants(self, permission: StaffPermission) -> bool {
        self.allows(permission)
    }
}

/// Staff role codes as stored, read leniently (partner role codes give no staff role).
pub fn parse_staff_roles<S: AsRef<str>>(codes: &[S]) -> Vec<StaffRole> {
    parse_codes(codes, StaffRole::parse)
}

/// Why a change of someone's roles is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RoleChangeProblem {
    /// only a global admin gives or takes the global admin role
    GlobalAdminOnly,
    /// nobody raises their own privileges (a user management admin giving themself a role)
    OwnPrivileges,
    /// the account would be left without an active global admin
    LastGlobalAdmin,
}

impl RoleChangeProblem {
    pub fn code(self) -> &'static str {
        match self {
            RoleChangeProblem::GlobalAdminOnly => "roles.global_admin_only",
            RoleChangeProblem::OwnPrivileges => "roles.own_privileges",
            RoleChangeProblem::LastGlobalAdmin => "roles.last_global_admin",
        }
    }
}

/// Checks a change of `target`'s roles from `before` to `after` by someone with `actor_roles`.
/// `is_self`: the actor changes their own roles. `other_active_global_admins`: how many active
/// global admins the organization has besides the target.
pub fn check_role_change(
    actor_roles: &[Role],
    is_self: bool,
    before: &[Role],
    after: &[Role],
    other_active_global_admins: usize,
) -> Result<(), RoleChangeProblem> {
    let actor_is_global = actor_roles.contains(&Role::GlobalAdmin);
    let was_global = before.contains(&Role::GlobalAdmin);
    let is_global = after.contains(&Role::GlobalAdmin);
    if (was_global || is_global) && !actor_is_global {
        return Err(RoleChangeProblem::GlobalAdminOnly);
    }
    if is_self && !actor_is_global && after.iter().any(|role| !before.contains(role)) {
        return Err(RoleChangeProblem::OwnPrivileges);
    }
    if was_global && !is_global && other_active_global_admins == 0 {
        return Err(RoleChangeProblem::LastGlobalAdmin);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operator_and_unknown_codes_are_not_partner_codes() {
        assert_eq!(Role::parse("program_admin"), None);
        assert_eq!(Permission::parse("users"), None);
    }

    #[test]
    fn the_global_admin_may_do_everything_and_every_permission_has_a_role() {
        for permission in Permission::ALL {
            assert!(Role::GlobalAdmin.allows(permission), "{permission:?}");
            assert_eq!(permission.granted_by()[0], Role::GlobalAdmin);
        }
        // only the global admin manages global admins and reads the audit log
        assert_eq!(
            Permission::GlobalAdminsManage.granted_by(),
            [Role::GlobalAdmin]
        );
        assert_eq!(Permission::AuditView.granted_by(), [Role::GlobalAdmin]);
        assert_eq!(
            Permission::UsersManage.granted_by(),
            [Role::GlobalAdmin, Role::UserManagementAdmin]
        );
        assert_eq!(
            Permission::BankReplace.granted_by(),
            [Role::GlobalAdmin, Role::BillingAdmin]
        );
    }

    #[test]
    fn no_role_allows_nothing() {
        for permission in Permission::ALL {
            assert!(!allows(&[], permission));
        }
        assert_eq!(parse_roles(&["program_admin", "reviewer"]), []);
        assert_eq!(
            parse_roles(&["sales_agent", "global_admin", "sales_agent"]),
            [Role::GlobalAdmin, Role::SalesAgent]
        );
    }

    #[test]
    fn decisions_look_at_the_organization_first() {
        let roles = [Role::UserManagementAdmin];
        assert_eq!(
            decide("org:a", &roles, Permission::UsersManage, "org:a"),
            Decision::Allowed
        );
        assert_eq!(
            decide("org:a", &roles, Permission::UsersManage, "org:b"),
            Decision::OtherOrganization
        );
        assert_eq!(
            decide(
                "org:a",
                &[Role::GlobalAdmin],
                Permission::AuditView,
                "org:b"
            ),
            Decision::OtherOrganization
        );
        assert_eq!(
            decide("org:a", &roles, Permission::BankView, "org:a"),
            Decision::MissingRole {
                granted_by: vec![Role::GlobalAdmin, Role::BillingAdmin]
            }
        );
    }

    #[test]
    fn staff_roles_decide_like_partner_roles() {
        use StaffPermission::*;
        let reviewer = parse_staff_roles(&["reviewer", "global_admin"]);
        assert_eq!(reviewer, [StaffRole::Reviewer]);
        assert_eq!(
            decide("op", &reviewer, ApplicationsReview, "op"),
            Decision::Allowed
        );
        assert_eq!(
            decide("op", &reviewer, ProgramManage, "op"),
            Decision::MissingRole {
                granted_by: vec![StaffRole::ProgramAdmin]
            }
        );
        assert_eq!(
            decide("op", &[StaffRole::ProgramAdmin], ApplicationsReassign, "op"),
            Decision::Allowed
        );
        assert_eq!(
            decide("partner", &[StaffRole::ProgramAdmin], ProgramManage, "op"),
            Decision::OtherOrganization
        );
        // partner roles are never staff roles, nor the other way round
        assert_eq!(parse_roles(&["program_admin"]), []);
        assert_eq!(parse_staff_roles(&["global_admin"]), []);
        for kind in [
            OrganizationKind::Operator,
            OrganizationKind::Partner,
            OrganizationKind::Customer,
        ] {
            assert_eq!(OrganizationKind::parse(kind.code()), Some(kind));
        }
        assert_eq!(OrganizationKind::parse("Partner"), None);
    }

    #[test]
    fn role_changes_keep_global_admins_safe() {
        use Role::*;
        let uma = [UserManagementAdmin];
        // a user management admin gives and takes ordinary roles
        assert_eq!(
            check_role_change(&uma, false, &[], &[SalesAgent], 1),
            Ok(())
        );
        // but not the global admin role, either way
        assert_eq!(
            check_role_change(&uma, false, &[], &[GlobalAdmin], 1),
            Err(RoleChangeProblem::GlobalAdminOnly)
        );
        assert_eq!(
            check_role_change(&uma, false, &[GlobalAdmin], &[], 1),
            Err(RoleChangeProblem::GlobalAdminOnly)
        );
        // nor raise their own privileges, though they may drop a role of their own
        assert_eq!(
            check_role_change(&uma, true, &uma, &[UserManagementAdmin, BillingAdmin], 1),
            Err(RoleChangeProblem::OwnPrivileges)
        );
        assert_eq!(
            check_role_change(
                &[UserManagementAdmin, BillingAdmin],
                true,
                &[UserManagementAdmin, BillingAdmin],
                &uma,
                1
            ),
            Ok(())
        );
        // the last active global admin keeps the role, even towards themself
        assert_eq!(
            check_role_change(&[GlobalAdmin], true, &[GlobalAdmin], &[AccountAdmin], 0),
            Err(RoleChangeProblem::LastGlobalAdmin)
        );
        assert_eq!(
            check_role_change(&[GlobalAdmin], true, &[GlobalAdmin], &[AccountAdmin], 1),
            Ok(())
        );
        assert_eq!(
            check_role_change(&[GlobalAdmin], false, &[], &[GlobalAdmin], 0),
            Ok(())
        );
    }
}
