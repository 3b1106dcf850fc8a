//! What a page shows, and which status it answers with, when the server refused it.

use crate::ui::labels::{form_message, role_names};
use crate::{
    api::{AppError, accounts::explain_permission},
    i18n::*,
};
use leptos::prelude::*;

/// What a program-admin page shows instead of its content when the server refused it: the
/// change-password page while a password change is pending, the two-factor set-up while that is, a sentence saying who may see it to
/// signed-in users without the role, and the sign-in page to everyone else.
pub(crate) fn admin_page_refused(
    error: AppError,
    title: impl Into<String>,
    only_admins: impl Into<String>,
) -> AnyView {
    use leptos_router::components::Redirect;
    refused_status(&error);
    let text = match error {
        AppError::PasswordChangeRequired => {
            return view! { <Redirect path="/account/password" /> }.into_any();
        }
        AppError::TwoFactorSetupRequired => {
            let path = crate::api::two_factor::SET_UP_PATH;
            return view! { <Redirect path=path /> }.into_any();
        }
        AppError::Forbidden { .. } => only_admins.into(),
        // not there, or not for this organization (its model, its state): say which
        AppError::NotFound | AppError::Conflict(_) => {
            form_message(use_i18n(), &error).unwrap_or_default()
        }
        _ => return view! { <Redirect path="/sign-in" /> }.into_any(),
    };
    message_page(title, text)
}

/// A page that says only why it is not shown: its title and a sentence.
pub(crate) fn message_page(title: impl Into<String>, text: impl Into<String>) -> AnyView {
    let (title, text) = (title.into(), text.into());
    view! {
        <section class="message-page">
            <h1>{title}</h1>
            <p>{text}</p>
        </section>
    }
    .into_any()
}

/// A page that is only a message (an error, an address that matches nothing): its heading, a
/// sentence, and the way back to the home page; `code` (a status such as 404) above the heading.
#[component]
pub(crate) fn MessagePage(
    id: &'static str,
    #[prop(into)] title: Signal<String>,
    #[prop(into)] text: Signal<String>,
    #[prop(into)] home: Signal<String>,
    #[prop(optional)] code: Option<&'static str>,
    /// read out at once (something failed)
    #[prop(optional)]
    alert: bool,
) -> impl IntoView {
    view! {
        <section class="message-page" role=alert.then_some("alert") aria-labelledby=id>
            {code.map(|code| view! { <p class="message-page__code" aria-hidden="true">{code}</p> })}
            <h1 id=id>{title}</h1>
            <p>{text}</p>
            <p>
                <leptos_router::components::A href="/" attr:class="button button--primary">
                    {home}
                </leptos_router::components::A>
            </p>
        </section>
    }
}

/// A refused page answers with the status its server function gave (403 not for you, 404 not
/// there or not yours, 409 not for your organization's model or state). Redirects to the
/// sign-in or password page keep the redirect's own status.
pub(crate) fn refused_status(error: &crate::api::AppError) {
    #[cfg(feature = "ssr")]
    {
        use crate::api::AppError;
        if matches!(
            error,
            AppError::NotFound | AppError::Forbidden { .. } | AppError::Conflict(_)
        ) && let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>()
            && let Ok(status) = http::StatusCode::from_u16(error.status())
        {
            response.set_status(status);
        }
    }
    #[cfg(not(feature = "ssr"))]
    let _ = error;
}

/// Why a page or action is not available: the roles that allow it and the organization's
/// global admins, who can give them. `reason` is a refusal's `permission.<code>`.
#[component]
pub fn WhyNotAvailable(reason: String) -> impl IntoView {
    let i18n = use_i18n();
    let permission = reason
        .strip_prefix("permission.")
        .unwrap_or_default()
        .to_owned();
    let why = Resource::new_blocking(move || permission.clone(), explain_permission);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                why.await.ok().map(|why| {
                    let roles = role_names(i18n, &why.granted_by);
                    let admins = why.global_admins.join(", ");
                    let no_admin = why.global_admins.is_empty();
                    view! {
                        <div class="why-not" data-testid="why-not">
                            <p>{t!(i18n, why.needs)} " " <strong>{roles}</strong></p>
                            {if no_admin {
                                view! { <p>{t!(i18n, why.no_admin)}</p> }.into_any()
                            } else {
                                view! { <p>{t!(i18n, why.ask)} " " <strong>{admins}</strong></p> }.into_any()
                            }}
                        </div>
                    }
                })
            })}
        </Suspense>
    }
}

/// The page a refusal gives: for a missing role, what would allow it and who gives it; for
/// anyone else, `otherwise`.
pub(crate) fn refused_page(
    error: AppError,
    title: impl Into<String>,
    otherwise: impl Into<String>,
) -> AnyView {
    let title = title.into();
    let reason = match &error {
        AppError::Forbidden { reason } if reason.starts_with("permission.") => reason.clone(),
        _ => return admin_page_refused(error, title, otherwise),
    };
    super::refused_status(&error);
    view! {
        <section class="message-page">
            <h1>{title}</h1>
            <WhyNotAvailable reason=reason />
        </section>
    }
    .into_any()
}
