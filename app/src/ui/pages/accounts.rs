//! A partner organization's users: the list with roles and status, adding an employee, editing
//! roles, deactivating, reactivating and new temporary passwords. Who may not see it is told
//! which roles would allow it and who can give them ([`WhyNotAvailable`]).

use crate::ui::components::PageTitle;
use crate::ui::components::*;
use crate::{
    api::accounts::{
        AddMember, MemberView, ReissueMemberPassword, SetMemberActive, SetMemberRoles, list_members,
    },
    domain::roles::Role,
    i18n::*,
    ui::components::forms::{Field, FormMessage, role_description, role_name, role_names},
};
use leptos::{html, prelude::*};
use leptos_router::hooks::use_query_map;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Done {
    Added,
    Roles,
    Deactivated,
    Reactivated,
    Reissued,
}

impl Done {
    fn from_code(code: &str) -> Option<Self> {
        match code {
            "added" => Some(Self::Added),
            "roles" => Some(Self::Roles),
            "deactivated" => Some(Self::Deactivated),
            "reactivated" => Some(Self::Reactivated),
            "reissued" => Some(Self::Reissued),
            _ => None,
        }
    }
}

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
    let query = use_query_map();
    let add = ServerAction::<AddMember>::new();
    let set_roles = ServerAction::<SetMemberRoles>::new();
    // one action each, so the notice knows which of the two happened
    let deactivate = ServerAction::<SetMemberActive>::new();
    let reactivate = ServerAction::<SetMemberActive>::new();
    let reissue = ServerAction::<ReissueMemberPassword>::new();
    let search = move || query.with(|q| q.get("search")).unwrap_or_default();
    let page = move || {
        query
            .with(|q| q.get("page"))
            .and_then(|p| p.parse::<usize>().ok())
            .map_or(0, |p| p.saturating_sub(1))
    };
    let members = Resource::new_blocking(
        move || {
            (
                search(),
                page(),
                add.version().get(),
                set_roles.version().get(),
                deactivate.version().get(),
                reactivate.version().get(),
                reissue.version().get(),
            )
        },
        |(search, page, ..)| list_members(search, page),
    );
    let add_form = NodeRef::<html::Form>::new();
    Effect::new(move |_| {
        if matches!(add.value().get(), Some(Ok(())))
            && let Some(form) = add_form.get()
        {
            form.reset();
        }
    });
    // which action finished last, once hydrated; before that, ?done= (JavaScript off)
    let (latest, set_latest) = signal(None::<Done>);
    Effect::new(move |first: Option<()>| {
        if add.value().get().is_some() && first.is_some() {
            set_latest.set(Some(Done::Added));
        }
    });
    Effect::new(move |first: Option<()>| {
        if set_roles.value().get().is_some() && first.is_some() {
            set_latest.set(Some(Done::Roles));
        }
    });
    Effect::new(move |first: Option<()>| {
        if deactivate.value().get().is_some() && first.is_some() {
            set_latest.set(Some(Done::Deactivated));
        }
    });
    Effect::new(move |first: Option<()>| {
        if reactivate.value().get().is_some() && first.is_some() {
            set_latest.set(Some(Done::Reactivated));
        }
    });
    Effect::new(move |first: Option<()>| {
        if reissue.value().get().is_some() && first.is_some() {
            set_latest.set(Some(Done::Reissued));
        }
    });
    let result_of = move |done: Done| match done {
        Done::Added => add.value().get(),
        Done::Roles => set_roles.value().get(),
        Done::Deactivated => deactivate.value().get(),
        Done::Reactivated => reactivate.value().get(),
        Done::Reissued => reissue.value().get(),
    };
    let notice = move || {
        let done = match latest.get() {
            Some(done) => matches!(result_of(done), Some(Ok(()))).then_some(done),
            None => query
                .with(|q| q.get("done"))
                .as_deref()
                .and_then(Done::from_code),
        };
        done.map(|done| {
            let text = match done {
                Done::Added => t_string!(i18n, users.done_added),
                Done::Roles => t_string!(i18n, users.done_roles),
                Done::Deactivated => t_string!(i18n, users.done_deactivated),
                Done::Reactivated => t_string!(i18n, users.done_reactivated),
                Done::Reissued => t_string!(i18n, users.done_reissued),
            };
            view! { <p class="notice" role="status">{text}</p> }
        })
    };
    let add_error = Signal::derive(move || match latest.get() {
        Some(done) if done != Done::Added => None,
        _ => add.value().get().and_then(Result::err),
    });
    let action_error = Signal::derive(move || match latest.get() {
        Some(Done::Added) => None,
        Some(done) => result_of(done).and_then(Result::err),
        None => [
            set_roles.value().get(),
            deactivate.value().get(),
            reactivate.value().get(),
            reissue.value().get(),
        ]
        .into_iter()
        .flatten()
        .find_map(Result::err),
    });
    let typed = move |field: &'static str| {
        Signal::derive(move || {
            add_error
                .get()
                .and_then(|e| e.typed(field).map(str::to_owned))
                .unwrap_or_default()
        })
    };

    view! {
        <PageTitle text=move || t_string!(i18n, users.page_title).to_string() />
        {guarded(members, move |error| refused_page(
                        error,
                        t_string!(i18n, users.title).to_string(),
                        t_string!(i18n, users.only_partners).to_string(),
                    ), move |page| {
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
                                            <ActionForm action=reissue attr:class="inline-form">
                                                <input type="hidden" name="id" value=k1.clone() />
                                                <button type="submit" class="button button--small">
                                                    {t!(i18n, users.reissue)}
                                                    <span class="visually-hidden">" (" {n1.clone()} ")"</span>
                                                </button>
                                            </ActionForm>
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
                                view! { <div class="row-actions">{editor} {others}</div> }.into_any()
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
                            <section aria-labelledby="users-title">
                                <h1 id="users-title">{t!(i18n, users.title)}</h1>
                                <p>{intro}</p>
                                {page.single_global_admin.then(|| view! {
                                    <p class="warning" role="note" data-testid="single-admin">{t!(i18n, users.single_admin)}</p>
                                })}
                                {notice}
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
                                        <div class="table-scroll">
                                            <table class="table">
                                                <thead>
                                                    <tr>
                                                        <th scope="col">{t!(i18n, users.col_name)}</th>
                                                        <th scope="col">{t!(i18n, users.col_email)}</th>
                                                        <th scope="col">{t!(i18n, users.col_roles)}</th>
                                                        <th scope="col">{t!(i18n, users.col_status)}</th>
                                                        <th scope="col">{t!(i18n, users.col_actions)}</th>
                                                    </tr>
                                                </thead>
                                                <tbody>{page.members.into_iter().map(row).collect_view()}</tbody>
                                            </table>
                                        </div>
                                    }.into_any()
                                }}
                                {members_pager(i18n, "/account/users", &search(), page.page, page.pages, page.total)}
                            </section>
                            {may_manage_users.then(|| view! {
                                <section class="form-page" aria-labelledby="add-title">
                                    <h2 id="add-title">{t!(i18n, users.add_title)}</h2>
                                    <p>{t!(i18n, users.add_intro)}</p>
                                    <ActionForm action=add node_ref=add_form attr:class="form" attr:novalidate=true>
                                        <FormMessage error=add_error />
                                        <Field
                                            name="display_name"
                                            autocomplete="off"
                                            label=Signal::derive(move || t_string!(i18n, users.name).to_string())
                                            value=typed("display_name")
                                            error=add_error
                                        />
                                        <Field
                                            name="email"
                                            kind="email"
                                            autocomplete="off"
                                            label=Signal::derive(move || t_string!(i18n, users.email).to_string())
                                            value=typed("email")
                                            error=add_error
                                        />
                                        <fieldset class="checkboxes">
                                            <legend>{t!(i18n, users.roles_legend)}</legend>
                                            {role_boxes(i18n, "add".into(), Vec::new(), may_grant_global)}
                                        </fieldset>
                                        <button type="submit" class="button button--primary">{t!(i18n, users.add_submit)}</button>
                                    </ActionForm>
                                </section>
                            })}
                        }
                            .into_any()
                    })}
    }
}
