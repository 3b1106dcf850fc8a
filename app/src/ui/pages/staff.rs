//! Program staff: the list with what a program admin can do to each account (deactivate,
//! reactivate, send a new temporary password), and inviting a reviewer. Others are told why
//! they cannot see it.

use crate::ui::components::PageTitle;
use crate::ui::components::guarded;
use crate::{
    api::staff::{
        DeactivateStaff, InviteReviewer, ReactivateStaff, ReissueTemporaryPassword, StaffMember,
        list_staff,
    },
    i18n::*,
    ui::{
        components::admin_page_refused,
        components::forms::{Field, FormMessage, role_names},
    },
};
use leptos::{html, prelude::*};
use leptos_router::hooks::use_query_map;

/// What the last successful action was, for the notice at the top.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Done {
    Invited,
    Deactivated,
    Reactivated,
    Reissued,
}

impl Done {
    fn from_code(code: &str) -> Option<Self> {
        match code {
            "invited" => Some(Self::Invited),
            "deactivated" => Some(Self::Deactivated),
            "reactivated" => Some(Self::Reactivated),
            "reissued" => Some(Self::Reissued),
            _ => None,
        }
    }
}

#[component]
pub fn StaffPage() -> impl IntoView {
    let i18n = use_i18n();
    let invite = ServerAction::<InviteReviewer>::new();
    let deactivate = ServerAction::<DeactivateStaff>::new();
    let reactivate = ServerAction::<ReactivateStaff>::new();
    let reissue = ServerAction::<ReissueTemporaryPassword>::new();
    let staff = Resource::new_blocking(
        move || {
            (
                invite.version().get(),
                deactivate.version().get(),
                reactivate.version().get(),
                reissue.version().get(),
            )
        },
        |_| list_staff(),
    );

    // Which action finished last (once hydrated): its result is what the page reports. Before
    // that (server rendering, JavaScript off) the result comes from the URL: ?done=… after a
    // success, the failed action's own error after a failure.
    let query = use_query_map();
    let results = [
        invite.value(),
        deactivate.value(),
        reactivate.value(),
        reissue.value(),
    ];
    const OUTCOMES: [Done; 4] = [
        Done::Invited,
        Done::Deactivated,
        Done::Reactivated,
        Done::Reissued,
    ];
    let (latest, set_latest) = signal(None::<usize>);
    for (index, result) in results.into_iter().enumerate() {
        Effect::new(move |first_run: Option<()>| {
            if result.get().is_some() && first_run.is_some() {
                set_latest.set(Some(index));
            }
        });
    }
    let invite_form = NodeRef::<html::Form>::new();
    Effect::new(move |_| {
        if matches!(invite.value().get(), Some(Ok(())))
            && let Some(form) = invite_form.get()
        {
            form.reset();
        }
    });
    let done = move || match latest.get() {
        Some(index) => matches!(results[index].get(), Some(Ok(()))).then_some(OUTCOMES[index]),
        None => query
            .with(|q| q.get("done"))
            .as_deref()
            .and_then(Done::from_code),
    };
    let notice = move || {
        done().map(|done| {
            let text = match done {
                Done::Invited => t_string!(i18n, staff.done_invited),
                Done::Deactivated => t_string!(i18n, staff.done_deactivated),
                Done::Reactivated => t_string!(i18n, staff.done_reactivated),
                Done::Reissued => t_string!(i18n, staff.done_reissued),
            };
            view! {
                <p class="notice" role="status">
                    {text}
                </p>
            }
        })
    };
    // The failure of an action on the list (not the invitation: its form shows its own).
    let action_error = Signal::derive(move || match latest.get() {
        Some(0) => None,
        Some(index) => results[index].get().and_then(Result::err),
        None => results[1..]
            .iter()
            .find_map(|result| result.get().and_then(Result::err)),
    });
    let invite_error = Signal::derive(move || match latest.get() {
        Some(index) if index != 0 => None,
        _ => invite.value().get().and_then(Result::err),
    });
    let typed = move |field: &'static str| {
        Signal::derive(move || {
            invite_error
                .get()
                .and_then(|e| e.typed(field).map(str::to_owned))
                .unwrap_or_default()
        })
    };
    let row = move |member: StaffMember| {
        let status = if !member.active {
            t_string!(i18n, staff.deactivated)
        } else if member.password_pending && member.temporary_expired {
            t_string!(i18n, staff.pending_expired)
        } else if member.password_pending {
            t_string!(i18n, staff.pending)
        } else {
            t_string!(i18n, staff.active)
        };
        let name = member.display_name.clone();
        let actions = if member.is_me {
            view! { <span class="muted">{t!(i18n, staff.you)}</span> }.into_any()
        } else if member.active {
            let id = member.id.clone();
            let id_again = member.id.clone();
            let name_again = name.clone();
            view! {
                <div class="row-actions">
                    <ActionForm action=reissue attr:class="inline-form">
                        <input type="hidden" name="id" value=id />
                        <button type="submit" class="button button--small">
                            {t!(i18n, staff.reissue)}
                            <span class="visually-hidden">" (" {name.clone()} ")"</span>
                        </button>
                    </ActionForm>
                    <ActionForm action=deactivate attr:class="inline-form">
                        <input type="hidden" name="id" value=id_again />
                        <button type="submit" class="button button--small button--danger">
                            {t!(i18n, staff.deactivate)}
                            <span class="visually-hidden">" (" {name_again} ")"</span>
                        </button>
                    </ActionForm>
                </div>
            }
            .into_any()
        } else {
            let id = member.id.clone();
            view! {
                <div class="row-actions">
                    <ActionForm action=reactivate attr:class="inline-form">
                        <input type="hidden" name="id" value=id />
                        <button type="submit" class="button button--small">
                            {t!(i18n, staff.reactivate)}
                            <span class="visually-hidden">" (" {name.clone()} ")"</span>
                        </button>
                    </ActionForm>
                </div>
            }
            .into_any()
        };
        let email = member.email.clone();
        view! {
            <tr data-email=email>
                <td>{member.display_name}</td>
                <td>{member.email}</td>
                <td>{role_names(i18n, &member.roles)}</td>
                <td data-testid="staff-status">{status}</td>
                <td>{actions}</td>
            </tr>
        }
    };

    view! {
        <PageTitle text=move || t_string!(i18n, staff.page_title).to_string() />
        {guarded(staff, move |error| {
                        admin_page_refused(
                            error,
                            t_string!(i18n, staff.title).to_string(),
                            t_string!(i18n, staff.only_admins).to_string(),
                        )
                    }, move |members| {
                        view! {
                            <section aria-labelledby="staff-title">
                                <h1 id="staff-title">{t!(i18n, staff.title)}</h1>
                                <p>{t!(i18n, staff.intro)}</p>
                                {notice}
                                <FormMessage error=action_error />
                                <div class="table-scroll">
                                    <table class="table">
                                        <thead>
                                            <tr>
                                                <th scope="col">{t!(i18n, staff.col_name)}</th>
                                                <th scope="col">{t!(i18n, staff.col_email)}</th>
                                                <th scope="col">{t!(i18n, staff.col_roles)}</th>
                                                <th scope="col">{t!(i18n, staff.col_status)}</th>
                                                <th scope="col">{t!(i18n, staff.col_actions)}</th>
                                            </tr>
                                        </thead>
                                        <tbody>{members.into_iter().map(row).collect_view()}</tbody>
                                    </table>
                                </div>
                                <p class="field-hint">{t!(i18n, staff.actions_note)}</p>
                            </section>
                            <section class="form-page" aria-labelledby="invite-title">
                                <h2 id="invite-title">{t!(i18n, staff.invite_title)}</h2>
                                <ActionForm
                                    action=invite
                                    node_ref=invite_form
                                    attr:class="form"
                                    attr:novalidate=true
                                >
                                    <FormMessage error=invite_error />
                                    <Field
                                        name="display_name"
                                        autocomplete="off"
                                        label=Signal::derive(move || {
                                            t_string!(i18n, staff.name).to_string()
                                        })
                                        value=typed("display_name")
                                        error=invite_error
                                    />
                                    <Field
                                        name="email"
                                        kind="email"
                                        autocomplete="off"
                                        label=Signal::derive(move || {
                                            t_string!(i18n, staff.email).to_string()
                                        })
                                        value=typed("email")
                                        error=invite_error
                                    />
                                    <button type="submit" class="button button--primary">
                                        {t!(i18n, staff.submit)}
                                    </button>
                                </ActionForm>
                            </section>
                        }
                            .into_any()
                    })}
    }
}
