//! The role matrix page: what each role allows, and who holds which role.

use super::*;
use crate::ui::labels::{permission_text, role_name};

/// Users × roles: who holds what, changed row by row, and what each role allows in words.
#[component]
pub fn RoleMatrixPage() -> impl IntoView {
    let i18n = use_i18n();
    let set_roles = ServerAction::<SetMemberRoles>::new();
    let page = query_page();
    let members = Resource::new_blocking(
        move || (page(), set_roles.version().get()),
        |(page, _)| list_members(String::new(), page),
    );
    let error = refusal(set_roles.value());
    let outcomes = Outcomes::new([(set_roles.value(), "roles")]);
    view! {
        <PageTitle text=move || t_string!(i18n, role_matrix.page_title).to_string() />
        {guarded(members, move |error| refused_page(error, t_string!(i18n, role_matrix.title), t_string!(i18n, users.only_partners)), move |page| {
                        let my_roles = parse_roles(&page.my_roles);
                        let may_assign = allows(&my_roles, Permission::RolesAssign);
                        let may_grant_global = allows(&my_roles, Permission::GlobalAdminsManage);
                        let header = Role::ALL
                            .into_iter()
                            .map(|role| view! { <th scope="col">{role_name(i18n, role.code())}</th> })
                            .collect_view();
                        let row = move |member: MemberView| {
                            let form_id = format!("matrix-{}", member.key);
                            let member_is_global = member.roles.iter().any(|r| r == Role::GlobalAdmin.code());
                            let editable = may_assign && member.active && (may_grant_global || !member_is_global);
                            let cells = Role::ALL
                                .into_iter()
                                .map(|role| {
                                    let holds = member.roles.iter().any(|r| r == role.code());
                                    let may_change = editable && (may_grant_global || role != Role::GlobalAdmin);
                                    let aria = format!("{} — {}", role_name(i18n, role.code()), member.name);
                                    if may_change {
                                        view! {
                                            <td class="matrix-cell">
                                                <input
                                                    type="checkbox"
                                                    form=form_id.clone()
                                                    name=format!("roles[{}]", role.code())
                                                    value="on"
                                                    checked=holds
                                                    aria-label=aria
                                                />
                                            </td>
                                        }
                                        .into_any()
                                    } else {
                                        // a role the viewer cannot change still travels with the row
                                        let kept = (holds && editable).then(|| view! {
                                            <input type="hidden" form=form_id.clone() name=format!("roles[{}]", role.code()) value="on" />
                                        });
                                        view! {
                                            <td class="matrix-cell">
                                                {kept}
                                                {if holds {
                                                    view! { <span aria-label=aria>"✔"</span> }.into_any()
                                                } else {
                                                    view! { <span class="visually-hidden">{t!(i18n, role_matrix.not_held)}</span> }.into_any()
                                                }}
                                            </td>
                                        }
                                        .into_any()
                                    }
                                })
                                .collect_view();
                            let save = editable.then(|| {
                                let name = member.name.clone();
                                view! {
                                    <ActionForm action=set_roles attr:id=form_id.clone() attr:class="inline-form">
                                        <input type="hidden" name="id" value=member.key.clone() />
                                        <input type="hidden" name="version" value=member.version.to_string() />
                                        <input type="hidden" name="back" value="matrix" />
                                        <ProofField id=format!("proof-{}", member.key) error refresh=set_roles.version() when_asked=true />
                                        <button type="submit" class="button button--small">
                                            {t!(i18n, users.save_roles)}
                                            <span class="visually-hidden">" (" {name} ")"</span>
                                        </button>
                                    </ActionForm>
                                }
                            });
                            view! {
                                <tr data-email=member.email.clone()>
                                    <th scope="row">
                                        {member.name.clone()}
                                        {(!member.active).then(|| view! { " " <span class="muted">"(" {t!(i18n, users.deactivated)} ")"</span> })}
                                    </th>
                                    {cells}
                                    <td>{save}</td>
                                </tr>
                            }
                        };
                        let explained = Role::ALL
                            .into_iter()
                            .map(|role| {
                                let allowed = role
                                    .permissions()
                                    .iter()
                                    .map(|p| view! { <li>{permission_text(i18n, *p)}</li> })
                                    .collect_view();
                                view! {
                                    <dt>{role_name(i18n, role.code())}</dt>
                                    <dd>
                                        <ul>{allowed}</ul>
                                    </dd>
                                }
                            })
                            .collect_view();
                        view! {
                            <Titled id="matrix-title" title=tr!(i18n, role_matrix.title) intro=tr!(i18n, role_matrix.intro)>
                                {page.single_global_admin.then(|| view! {
                                    <p class="warning" role="note" data-testid="single-admin">{t!(i18n, users.single_admin)}</p>
                                })}
                                {move || done_notice(outcomes.done(), move |code| {
                                    (code == "roles").then(|| t_string!(i18n, users.done_roles))
                                })}
                                <FormMessage error />
                                <div class="table-scroll">
                                    <table class="table matrix" data-testid="role-matrix">
                                        <caption class="visually-hidden">{t!(i18n, role_matrix.caption)}</caption>
                                        <thead>
                                            <tr>
                                                <th scope="col">{t!(i18n, users.col_name)}</th>
                                                {header}
                                                <th scope="col">
                                                    <span class="visually-hidden">{t!(i18n, users.col_actions)}</span>
                                                </th>
                                            </tr>
                                        </thead>
                                        <tbody>{page.members.into_iter().map(row).collect_view()}</tbody>
                                    </table>
                                </div>
                                {members_pager(i18n, "/account/roles", "", page.page, page.pages, page.total)}
                                {(!may_assign).then(|| view! {
                                    <crate::ui::components::WhyNotAvailable reason=format!(
                                        "permission.{}",
                                        Permission::RolesAssign.code(),
                                    ) />
                                })}
                                <h2>{t!(i18n, role_matrix.allows_title)}</h2>
                                <dl class="role-allows">{explained}</dl>
                            </Titled>
                        }
                    })}
    }
}
