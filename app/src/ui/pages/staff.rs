//! Program staff: the list, and inviting a reviewer (program admins only; others are told why
//! they cannot see it).

use crate::{
    api::{
        AppError,
        staff::{InviteReviewer, list_staff},
    },
    i18n::*,
    ui::forms::{Field, FormMessage},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

#[component]
pub fn StaffPage() -> impl IntoView {
    let i18n = use_i18n();
    let invite = ServerAction::<InviteReviewer>::new();
    let staff = Resource::new_blocking(move || invite.version().get(), |_| list_staff());
    let error = Signal::derive(move || invite.value().get().and_then(Result::err));
    let invited = move || matches!(invite.value().get(), Some(Ok(())));
    let typed = move |field: &'static str| {
        Signal::derive(move || {
            error
                .get()
                .and_then(|e| e.typed(field).map(str::to_owned))
                .unwrap_or_default()
        })
    };
    view! {
        <Title text=move || t_string!(i18n, staff.page_title).to_string() />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match staff.await {
                    Ok(members) => {
                        view! {
                            <section aria-labelledby="staff-title">
                                <h1 id="staff-title">{t!(i18n, staff.title)}</h1>
                                <p>{t!(i18n, staff.intro)}</p>
                                <table class="table">
                                    <thead>
                                        <tr>
                                            <th scope="col">{t!(i18n, staff.col_name)}</th>
                                            <th scope="col">{t!(i18n, staff.col_email)}</th>
                                            <th scope="col">{t!(i18n, staff.col_roles)}</th>
                                            <th scope="col">{t!(i18n, staff.col_status)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {members
                                            .into_iter()
                                            .map(|member| {
                                                let status = if !member.active {
                                                    t_string!(i18n, staff.deactivated)
                                                } else if member.password_pending {
                                                    t_string!(i18n, staff.pending)
                                                } else {
                                                    t_string!(i18n, staff.active)
                                                };
                                                view! {
                                                    <tr>
                                                        <td>{member.display_name}</td>
                                                        <td>{member.email}</td>
                                                        <td>{member.roles.join(", ")}</td>
                                                        <td>{status}</td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            </section>
                            <section class="form-page" aria-labelledby="invite-title">
                                <h2 id="invite-title">{t!(i18n, staff.invite_title)}</h2>
                                {move || {
                                    invited()
                                        .then(|| {
                                            view! {
                                                <p class="notice" role="status">
                                                    {t!(i18n, staff.invited)}
                                                </p>
                                            }
                                        })
                                }}
                                <ActionForm action=invite attr:class="form" attr:novalidate=true>
                                    <FormMessage error />
                                    <Field
                                        name="display_name"
                                        autocomplete="off"
                                        label=Signal::derive(move || {
                                            t_string!(i18n, staff.name).to_string()
                                        })
                                        value=typed("display_name")
                                        error
                                    />
                                    <Field
                                        name="email"
                                        kind="email"
                                        autocomplete="off"
                                        label=Signal::derive(move || {
                                            t_string!(i18n, staff.email).to_string()
                                        })
                                        value=typed("email")
                                        error
                                    />
                                    <button type="submit" class="button button--primary">
                                        {t!(i18n, staff.submit)}
                                    </button>
                                </ActionForm>
                            </section>
                        }
                            .into_any()
                    }
                    Err(AppError::PasswordChangeRequired) => {
                        view! { <Redirect path="/account/password" /> }.into_any()
                    }
                    Err(AppError::Forbidden { .. }) => {
                        view! {
                            <section class="message-page">
                                <h1>{t!(i18n, staff.title)}</h1>
                                <p>{t!(i18n, staff.only_admins)}</p>
                            </section>
                        }
                            .into_any()
                    }
                    Err(_) => view! { <Redirect path="/sign-in" /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
