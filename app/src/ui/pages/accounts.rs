//! A partner organization's users: the list with roles and status, adding an employee, editing
//! roles, deactivating, reactivating and new temporary passwords. Who may not see it is told
//! which roles would allow it and who can give them ([`WhyNotAvailable`]).

use crate::ui::components::*;
use crate::ui::labels::{role_description, role_name, role_names};
use crate::{
    api::accounts::{
        AddMember, MemberView, ReissueMemberPassword, SetMemberActive, SetMemberRoles, list_members,
    },
    api::two_factor::ResetMemberTwoFactor,
    domain::roles::Role,
    i18n::*,
    ui::components::forms::{Field, FormMessage, typed_value},
};
use leptos::{html, prelude::*};

/// The role boxes of a form, named `roles[<code>]`; `checked` are ticked. Without the right to
/// manage global admins, that box is not offered.
fn role_boxes(
    i18n: leptos_i18n::I18nContext<Locale>,
    prefix: String,
    checked: Vec<String>,
    may_grant_global: bool,
) -> impl IntoView {
    Role::ALL
        .into_iter()
        .filter(move |role| may_grant_global || *role != Role::GlobalAdmin)
        .map(move |role| {
            let id = format!("{prefix}-{}", role.code());
            let hint = format!("{id}-hint");
            view! {
                <div class="checkbox">
                    <input
                        type="checkbox"
                        id=id.clone()
                        name=format!("roles[{}]", role.code())
                        value="on"
                        checked=checked.iter().any(|c| c == role.code())
                        aria-describedby=hint.clone()
                    />
                    <label for=id>{role_name(i18n, role.code())}</label>
                    <p class="field-hint" id=hint>{role_description(i18n, role)}</p>
                </div>
            }
        })
        .collect_view()
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let add = ServerAction::<AddMember>::new();
    let set_roles = ServerAction::<SetMemberRoles>::new();
    let roles_error = refusal(set_roles.value());
    // one action each, so the notice knows which of the two happened
    let deactivate = ServerAction::<SetMemberActive>::new();
    let reactivate = ServerAction::<SetMemberActive>::new();
    let reissue = ServerAction::<ReissueMemberPassword>::new();
    let reset = ServerAction::<ResetMemberTwoFactor>::new();
    let reset_error = refusal(reset.value());
    let search = query_value("search");
    let page = query_page();
    let changed = changes([
        add.version(),
        set_roles.version(),
        deactivate.version(),
        reactivate.version(),
        reissue.version(),
        reset.version(),
    ]);
    let members = Resource::new_blocking(
        move || (search(), page(), changed()),
        |(search, page, ..)| list_members(search, page),
    );
    let add_form = NodeRef::<html::Form>::new();
    reset_on_success(add.value(), add_form);
    let outcomes = Outcomes::new([
        (add.value(), "added"),
        (set_roles.value(), "roles"),
        (deactivate.value(), "deactivated"),
        (reactivate.value(), "reactivated"),
        (reissue.value(), "reissued"),
        (reset.value(), "two_factor_reset"),
    ]);
    let done = move || {
        notice(outcomes.done().map(|done| match done {
            "added" => t_string!(i18n, users.done_added),
            "roles" => t_string!(i18n, users.done_roles),
            "deactivated" => t_string!(i18n, users.done_deactivated),
            "reactivated" => t_string!(i18n, users.done_reactivated),
            "two_factor_reset" => t_string!(i18n, users.done_two_factor_reset),
            _ => t_string!(i18n, users.done_reissued),
        }))
    };
    let add_error = outcomes.refusal(&["added"]);
    let action_error = outcomes.refusal(&[
        "roles",
        "deactivated",
        "reactivated",
        "reissued",
        "two_factor_reset",
    ]);
    let typed = move |field: &'static str| typed_value(add_error, field);

    view! {
        <PageTitle text=move || t_string!(i18n, users.page_title).to_string() />
        {guarded(members, move |error| refused_page(error, t_string!(i18n, users.title), t_string!(i18n, users.only_partners)), move |page| {
                        let may_grant_global = page.my_roles.iter().any(|r| r == Role::GlobalAdmin.code());
                        let may_manage_users = may_grant_global
                            || page.my_roles.iter().any(|r| r == Role::UserManagementAdmin.code());
                        let intro = t_string!(i18n, users.intro).replace("{organization}", &page.organization);
                        let empty = page.members.is_empty();
                        let row = move |member: MemberView| {
                            let status = if !member.active {
                                t_string!(i18n, users.deactivated)
                            } else if member.password_pending {
                                t_string!(i18n, users.pending)
                            } else {
                                t_string!(i18n, users.active)
                            };
                            let is_global = member.roles.iter().any(|r| r == Role::GlobalAdmin.code());
                            let roles_text = if member.roles.is_empty() {
                                t_string!(i18n, users.no_roles).to_string()
                            } else {
                                role_names(i18n, &member.roles)
                            };
                            let name = member.name.clone();
                            let actions = if is_global && !may_grant_global {
                                view! { <span class="muted">{t!(i18n, users.global_only)}</span> }.into_any()
                            } else {
                                let key = member.key.clone();
                                let editor = {
                                    let (key, name, roles) = (key.clone(), name.clone(), member.roles.clone());
                                    view! {
                                        <details class="role-editor">
                                            <summary>
                                                {t!(i18n, users.edit_roles)}
                                                <span class="visually-hidden">" (" {name.clone()} ")"</span>
                                            </summary>
                                            <ActionForm action=set_roles attr:class="form">
                                                <input type="hidden" name="id" value=key.clone() />
                                                <input type="hidden" name="version" value=member.version.to_string() />
                                                <fieldset class="checkboxes">
                                                    <legend>{t!(i18n, users.roles_legend)} " (" {name.clone()} ")"</legend>
                                                    {role_boxes(i18n, format!("roles-{key}"), roles, may_grant_global)}
                                                </fieldset>
                                                <ProofField id=format!("proof-{key}") error=roles_error refresh=set_roles.version() when_asked=true />
                                                <button type="submit" class="button button--small button--primary">
                                                    {t!(i18n, users.save_roles)}
                                                    <span class="visually-hidden">" (" {name} ")"</span>
                                                </button>
                                            </ActionForm>
                                        </details>
                                    }
                                };
                                let others = (!member.is_me && may_manage_users).then(|| {
                                    let (k1, k2, n1, n2) = (key.clone(), key.clone(), name.clone(), name.clone());
                                    let active = member.active;
                                    view! {
                                        {active.then(|| view! {
                                            <RowAction action=reissue id=k1.clone() label=tr!(i18n, users.reissue) of=n1.clone() class="button button--small" form_class="inline-form" />
                                        })}
                                        <ActionForm action=if active { deactivate } else { reactivate } attr:class="inline-form">
                                            <input type="hidden" name="id" value=k2 />
                                            <input type="hidden" name="active" value=(!active).to_string() />
                                            <button type="submit" class=if active { "button button--small button--danger" } else { "button button--small" }>
                                                {if active { t!(i18n, users.deactivate).into_any() } else { t!(i18n, users.reactivate).into_any() }}
                                                <span class="visually-hidden">" (" {n2} ")"</span>
                                            </button>
                                        </ActionForm>
                                    }
                                });
                                // a lost phone: a global admin lets a colleague set two-factor up again
                                let reset_button = (!member.is_me && may_grant_global && member.two_factor_on).then(|| {
                                    let (id, of) = (key.clone(), name.clone());
                                    view! {
                                        <RowAction action=reset id=id label=tr!(i18n, users.reset_two_factor) of=of class="button button--small" form_class="inline-form" proof=reset_error />
                                    }
                                });
                                view! { <div class="row-actions">{editor} {others} {reset_button}</div> }.into_any()
                            };
                            view! {
                                <tr data-email=member.email.clone()>
                                    <td>
                                        {member.name.clone()}
                                        {member.is_me.then(|| view! { " " <span class="muted">"(" {t!(i18n, users.you)} ")"</span> })}
                                    </td>
                                    <td>{member.email.clone()}</td>
                                    <td data-testid="member-roles">{roles_text}</td>
                                    <td data-testid="member-status">{status}</td>
                                    <td>{actions}</td>
                                </tr>
                            }
                        };
                        view! {
                            <Titled id="users-title" title=tr!(i18n, users.title)>
                                <p>{intro}</p>
                                {page.single_global_admin.then(|| view! {
                                    <p class="warning" role="note" data-testid="single-admin">{t!(i18n, users.single_admin)}</p>
                                })}
                                {done}
                                <FormMessage error=action_error />
                                <form method="get" action="/account/users" class="form form--inline" role="search">
                                    <div class="field">
                                        <label for="search">{t!(i18n, users.search)}</label>
                                        <input id="search" name="search" value=search />
                                    </div>
                                    <button type="submit" class="button">{t!(i18n, users.search_submit)}</button>
                                </form>
                                {if empty {
                                    view! {
                                        <p class="muted">{t!(i18n, users.empty)}</p>
                                        <p><a href="/account/users">{t!(i18n, users.show_all)}</a></p>
                                    }.into_any()
                                } else {
                                    view! {
                                        <DataTable
                                            columns=columns!(i18n, users.col_name, users.col_email, users.col_roles, users.col_status, users.col_actions)>
                                            {page.members.into_iter().map(row).collect_view()}
                                        </DataTable>
                                    }.into_any()
                                }}
                                {members_pager(i18n, "/account/users", &search(), page.page, page.pages, page.total)}
                            </Titled>
                            {may_manage_users.then(|| view! {
                                <Titled id="add-title" title=tr!(i18n, users.add_title) intro=tr!(i18n, users.add_intro) class="form-page" sub=true>
                                    <ActionForm action=add node_ref=add_form attr:class="form" attr:novalidate=true>
                                        <FormMessage error=add_error />
                                        <Field name="display_name" autocomplete="off"
                                            label=tr!(i18n, users.name) value=typed("display_name") error=add_error />
                                        <Field name="email" kind="email" autocomplete="off"
                                            label=tr!(i18n, users.email) value=typed("email") error=add_error />
                                        <fieldset class="checkboxes">
                                            <legend>{t!(i18n, users.roles_legend)}</legend>
                                            {role_boxes(i18n, "add".into(), Vec::new(), may_grant_global)}
                                        </fieldset>
                                        <Submit>{t!(i18n, users.add_submit)}</Submit>
                                    </ActionForm>
                                </Titled>
                            })}
                        }
                    })}
    }
}
