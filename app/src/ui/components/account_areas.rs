//! The account administration pages a partner member may open, with what the others need.

use crate::ui::labels::role_name;
use crate::{
    domain::roles::{Permission, allows, parse_roles},
    i18n::*,
};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::components::A;

/// An account administration page: its address, what opening it needs, its name.
type Area = (
    &'static str,
    Permission,
    fn(I18nContext<Locale>) -> &'static str,
);

/// The account administration pages a partner member may open, and for the others the roles
/// that would open them (each page itself names who can give those roles).
#[component]
pub fn AccountAreas(roles: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let roles = parse_roles(&roles);
    let areas: [Area; 10] = [
        ("/account/users", Permission::UsersView, |i18n| {
            t_string!(i18n, users.link)
        }),
        ("/account/roles", Permission::UsersView, |i18n| {
            t_string!(i18n, role_matrix.link)
        }),
        (
            "/account/organization",
            Permission::OrgProfileView,
            |i18n| t_string!(i18n, org.link),
        ),
        (
            "/account/business-profile",
            Permission::BusinessProfileEdit,
            |i18n| t_string!(i18n, bp.link),
        ),
        ("/referrals", Permission::ReferralsManage, |i18n| {
            t_string!(i18n, referral.link)
        }),
        ("/account/billing", Permission::BankView, |i18n| {
            t_string!(i18n, billing.link)
        }),
        ("/account/audit", Permission::AuditView, |i18n| {
            t_string!(i18n, audit.link)
        }),
        ("/customers", Permission::CustomersView, |i18n| {
            t_string!(i18n, customers.link)
        }),
        ("/account/tenants", Permission::OrgProfileView, |i18n| {
            t_string!(i18n, customers.tenants_link)
        }),
        ("/customer", Permission::GlobalAdminsManage, |i18n| {
            t_string!(i18n, my_partners.link)
        }),
    ];
    let items = areas
        .into_iter()
        .map(|(href, permission, name)| {
            if allows(&roles, permission) {
                view! {
                    <li>
                        <A href=href>{move || name(i18n)}</A>
                    </li>
                }
                .into_any()
            } else {
                let needed = permission
                    .granted_by()
                    .into_iter()
                    .map(|r| role_name(i18n, r.code()))
                    .collect::<Vec<_>>()
                    .join(", ");
                view! {
                    <li data-testid="area-unavailable">
                        <A href=href>{move || name(i18n)}</A>
                        " "
                        <span class="muted">
                            "(" {t!(i18n, why.area_needs)} " " {needed} ")"
                        </span>
                    </li>
                }
                .into_any()
            }
        })
        .collect_view();
    view! {
        <h2>{t!(i18n, account.areas_title)}</h2>
        <ul class="links" data-testid="account-areas">
            {items}
        </ul>
    }
}
