mod account;
pub(crate) mod application;
mod change_password;
mod customers;
mod directory;
pub(crate) mod enrollment;
mod error;
mod home;
mod not_found;
mod organization;
mod outgoing_email;
mod partner;
mod partners;
mod program;
mod referrals;
mod review;
pub(crate) mod setup;
mod sign_in;
mod staff;
pub(crate) mod users;

pub use account::{AccountPage, SIGN_OUT_EVERYWHERE_PATH, SIGN_OUT_PATH};
pub use application::{
    ApplicationHome, BankStepPage, BusinessStepPage, ModelStepPage, ProgramIdStepPage,
    ReviewStepPage, StatusPage,
};
pub use change_password::ChangePasswordPage;
pub use customers::{
    BilledCustomers, CustomerHomePage, CustomersPage, InvitationPage, TenantsPage,
};
pub use directory::{BusinessProfileEditPage, DirectoryEntryPage, DirectoryPage};
pub use enrollment::{ApplyPage, JoinPage, OpenApplicationPage};
pub use error::ErrorPage;
pub use home::HomePage;
pub use not_found::NotFound;
pub use organization::{
    AccountAreas, AuditLogPage, BillingPage, LegalNamesPage, OrganizationPage, RoleMatrixPage,
};
pub use outgoing_email::OutgoingEmailPage;
pub use partner::PartnerHomePage;
pub use partners::{FindProviderPage, RelationshipsPage};
pub use program::{ProgramIdsPage, ProgramSettingsPage};
pub use referrals::{ConfirmReferralPage, ReferralForm, ReferralsPage};
pub use review::{ReviewApplicationPage, ReviewQueuePage};
pub use setup::SetupPage;
pub use sign_in::SignInPage;
pub use staff::StaffPage;
pub use users::UsersPage;

/// What a program-admin page shows instead of its content when the server refused it: the
/// change-password page while a password change is pending, a sentence saying who may see it to
/// signed-in users without the role, and the sign-in page to everyone else.
pub(crate) fn admin_page_refused(
    error: crate::api::AppError,
    title: String,
    only_admins: String,
) -> leptos::prelude::AnyView {
    use crate::api::AppError;
    use leptos::prelude::*;
    use leptos_router::components::Redirect;
    refused_status(&error);
    match error {
        AppError::PasswordChangeRequired => {
            view! { <Redirect path="/account/password" /> }.into_any()
        }
        AppError::NotFound => view! {
            <section class="message-page">
                <h1>{title}</h1>
                <p>{crate::ui::forms::form_message(crate::i18n::use_i18n(), &AppError::NotFound)}</p>
            </section>
        }
        .into_any(),
        AppError::Forbidden { .. } => view! {
            <section class="message-page">
                <h1>{title}</h1>
                <p>{only_admins}</p>
            </section>
        }
        .into_any(),
        // the page is not for this organization (its model, its state): say why
        error @ AppError::Conflict(_) => view! {
            <section class="message-page">
                <h1>{title}</h1>
                <p>{crate::ui::forms::form_message(crate::i18n::use_i18n(), &error)}</p>
            </section>
        }
        .into_any(),
        _ => view! { <Redirect path="/sign-in" /> }.into_any(),
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

/// A page's `<title>`, in the page's language. On the server the text is read once, while the
/// page renders: the head is put together after that, outside the request's reactive arena,
/// where a title that reads a signal can panic (leptos#3729) and the connection drops. In the
/// browser it follows a change of language.
#[leptos::component]
pub(crate) fn PageTitle(
    text: impl Fn() -> String + Send + Sync + 'static,
) -> impl leptos::IntoView {
    use leptos::prelude::*;
    #[cfg(feature = "ssr")]
    {
        let text = text();
        view! { <leptos_meta::Title text=text /> }
    }
    #[cfg(not(feature = "ssr"))]
    {
        view! { <leptos_meta::Title text=text /> }
    }
}

/// A page's `<meta name="description">`, read once on the server as [`PageTitle`] is.
#[leptos::component]
pub(crate) fn PageDescription(
    text: impl Fn() -> String + Send + Sync + 'static,
) -> impl leptos::IntoView {
    use leptos::prelude::*;
    #[cfg(feature = "ssr")]
    {
        let text = text();
        view! { <leptos_meta::Meta name="description" content=text /> }
    }
    #[cfg(not(feature = "ssr"))]
    {
        view! { <leptos_meta::Meta name="description" content=text /> }
    }
}
