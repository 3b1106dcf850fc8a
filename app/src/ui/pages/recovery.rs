//! Two-factor recovery (program admins): asking to reset the two-factor sign-in of a
//! partner's global admin when every global admin of it lost their second factor, and a
//! second program admin's approval.

use crate::ui::components::*;
use crate::{
    api::two_factor::{ApproveRecovery, RecoveryView, RequestRecovery, load_recoveries},
    i18n::*,
    ui::components::forms::{Field, FormMessage, TextAreaField, typed_value},
};
use leptos::prelude::*;

#[component]
pub fn RecoveryPage() -> impl IntoView {
    let i18n = use_i18n();
    let request = ServerAction::<RequestRecovery>::new();
    let approve = ServerAction::<ApproveRecovery>::new();
    let pending = Resource::new_blocking(changes([request.version(), approve.version()]), |_| {
        load_recoveries()
    });
    let outcomes = Outcomes::new([
        (request.value(), "requested"),
        (approve.value(), "approved"),
    ]);
    let request_error = outcomes.refusal(&["requested"]);
    let approve_error = refusal(approve.value());
    let request_form = NodeRef::<leptos::html::Form>::new();
    reset_on_success(request.value(), request_form);
    let title = move || t_string!(i18n, recovery.title).to_string();
    let only = move || t_string!(i18n, recovery.only_admins).to_string();
    view! {
        <PageTitle text=move || t_string!(i18n, recovery.page_title).to_string() />
        {guarded(pending, move |error| admin_page_refused(error, title(), only()), move |pending: Vec<RecoveryView>| {
            let empty = pending.is_empty();
            let items = pending
                .into_iter()
                .map(|r| {
                    let asked = t_string!(i18n, recovery.asked_by)
                        .replace("{who}", &r.requested_by)
                        .replace("{when}", r.requested_at.get(..10).unwrap_or(&r.requested_at));
                    let action = if r.mine {
                        view! { <p class="muted">{t!(i18n, recovery.mine)}</p> }.into_any()
                    } else {
                        view! {
                            <RowAction action=approve id=r.id.clone() label=tr!(i18n, recovery.approve) of=r.admin_name.clone()
                                class="button button--small button--danger" form_class="form" proof=approve_error />
                        }
                        .into_any()
                    };
                    view! {
                        <li class="recovery" data-email=r.admin_email.clone()>
                            <p><strong>{r.admin_name.clone()}</strong> " (" {r.admin_email.clone()} "), "
                                {r.organization.clone()} " · " {r.program_id.clone()}</p>
                            <p>{r.reason.clone()}</p>
                            <p class="muted">{asked}</p>
                            {action}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <Titled id="recovery-title" title=tr!(i18n, recovery.title) intro=tr!(i18n, recovery.intro) class="form-page">
                    {move || done_notice(outcomes.done(), move |code| match code {
                        "requested" => Some(t_string!(i18n, recovery.done_requested)),
                        "approved" => Some(t_string!(i18n, recovery.done_approved)),
                        _ => None,
                    })}
                    <h2>{t!(i18n, recovery.pending_title)}</h2>
                    <FormMessage error=approve_error />
                    {if empty {
                        view! { <p class="muted">{t!(i18n, recovery.none)}</p> }.into_any()
                    } else {
                        view! { <ul class="recoveries">{items}</ul> }.into_any()
                    }}
                    <h2>{t!(i18n, recovery.ask_title)}</h2>
                    <ActionForm action=request node_ref=request_form attr:class="form" attr:novalidate=true>
                        <FormMessage error=request_error />
                        <Field name="program_id" inputmode="numeric" label=tr!(i18n, recovery.program_id)
                            value=typed_value(request_error, "program_id") error=request_error />
                        <Field name="email" kind="email" label=tr!(i18n, recovery.email)
                            value=typed_value(request_error, "email") error=request_error />
                        <TextAreaField name="reason" label=tr!(i18n, recovery.reason)
                            value=typed_value(request_error, "reason") error=request_error />
                        <ProofField id="recovery-proof" error=request_error refresh=request.version() />
                        <Submit>{t!(i18n, recovery.ask)}</Submit>
                    </ActionForm>
                </Titled>
            }
        })}
    }
}
