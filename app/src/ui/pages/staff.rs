//! Program staff: the list with what a program admin can do to each account (deactivate,
//! reactivate, send a new temporary password), and inviting a reviewer. Others are told why
//! they cannot see it.

use crate::ui::components::*;
use crate::ui::labels::role_names;
use crate::{
    api::staff::{
        InviteReviewer, ReissueTemporaryPassword, SetStaffActive, StaffMember, list_staff,
    },
    api::two_factor::ResetStaffTwoFactor,
    i18n::*,
    ui::{
        components::admin_page_refused,
        components::forms::{Field, FormMessage, typed_value},
    },
};
use leptos::{html, prelude::*};

#[component]
pub fn StaffPage() -> impl IntoView {
    let i18n = use_i18n();
    let invite = ServerAction::<InviteReviewer>::new();
    // one action each, so the notice knows which of the two happened
    let deactivate = ServerAction::<SetStaffActive>::new();
    let reactivate = ServerAction::<SetStaffActive>::new();
    let reissue = ServerAction::<ReissueTemporaryPassword>::new();
    let reset = ServerAction::<ResetStaffTwoFactor>::new();
    let staff = Resource::new_blocking(
        changes([
            invite.version(),
            deactivate.version(),
            reactivate.version(),
            reissue.version(),
            reset.version(),
        ]),
        |_| list_staff(),
    );

    // Which action finished last (once hydrated): its result is what the page reports. Before
    // that (server rendering, JavaScript off) the result comes from the URL: ?done=… after a
    // success, the failed action's own error after a failure.
    let outcomes = Outcomes::new([
        (invite.value(), "invited"),
        (deactivate.value(), "deactivated"),
        (reactivate.value(), "reactivated"),
        (reissue.value(), "reissued"),
        (reset.value(), "two_factor_reset"),
    ]);
    let reset_error = refusal(reset.value());
    let invite_form = NodeRef::<html::Form>::new();
    reset_on_success(invite.value(), invite_form);
    let done = move || {
        notice(outcomes.done().map(|done| match done {
            "invited" => t_string!(i18n, staff.done_invited),
            "deactivated" => t_string!(i18n, staff.done_deactivated),
            "reactivated" => t_string!(i18n, staff.done_reactivated),
            "two_factor_reset" => t_string!(i18n, staff.done_two_factor_reset),
            _ => t_string!(i18n, staff.done_reissued),
        }))
    };
    // The failure of an action on the list (not the invitation: its form shows its own).
    let action_error =
        outcomes.refusal(&["deactivated", "reactivated", "reissued", "two_factor_reset"]);
    let invite_error = outcomes.refusal(&["invited"]);
    let typed = move |field: &'static str| typed_value(invite_error, field);
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
            let reset_button = member.two_factor_on.then(|| {
                let (id, name) = (member.id.clone(), name.clone());
                view! {
                    <RowAction action=reset id=id label=tr!(i18n, staff.reset_two_factor) of=name class="button button--small" form_class="inline-form" proof=reset_error />
                }
            });
            view! {
                <div class="row-actions">
                    <RowAction action=reissue id=id label=tr!(i18n, staff.reissue) of=name.clone() class="button button--small" form_class="inline-form" />
                    {reset_button}
                    <RowAction action=deactivate id=id_again label=tr!(i18n, staff.deactivate) of=name_again class="button button--small button--danger" form_class="inline-form"
                        fields=vec![("active", "false".to_owned())] />
                </div>
            }
            .into_any()
        } else {
            let id = member.id.clone();
            view! {
                <div class="row-actions">
                    <RowAction action=reactivate id=id label=tr!(i18n, staff.reactivate) of=name.clone() class="button button--small" form_class="inline-form"
                        fields=vec![("active", "true".to_owned())] />
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
                        admin_page_refused(error, t_string!(i18n, staff.title), t_string!(i18n, staff.only_admins))
                    }, move |members| {
                        view! {
                            <Titled id="staff-title" title=tr!(i18n, staff.title) intro=tr!(i18n, staff.intro)>
                                {done}
                                <FormMessage error=action_error />
                                <DataTable
                                    columns=columns!(i18n, staff.col_name, staff.col_email, staff.col_roles, staff.col_status, staff.col_actions)>
                                    {members.into_iter().map(row).collect_view()}
                                </DataTable>
                                <p class="field-hint">{t!(i18n, staff.actions_note)}</p>
                            </Titled>
                            <Titled id="invite-title" title=tr!(i18n, staff.invite_title) class="form-page" sub=true>
                                <ActionForm action=invite node_ref=invite_form attr:class="form" attr:novalidate=true>
                                    <FormMessage error=invite_error />
                                    <Field name="display_name" autocomplete="off"
                                        label=tr!(i18n, staff.name) value=typed("display_name") error=invite_error />
                                    <Field name="email" kind="email" autocomplete="off"
                                        label=tr!(i18n, staff.email) value=typed("email") error=invite_error />
                                    <Submit>{t!(i18n, staff.submit)}</Submit>
                                </ActionForm>
                            </Titled>
                        }
                    })}
    }
}
