//! Pages and components.

/// A translated text as a signal (a label, a hint, a heading given to a component): follows the
/// language switch. `tr!(i18n, users.email)`.
macro_rules! tr {
    ($i18n:ident, $($key:tt)+) => {
        Signal::derive(move || t_string!($i18n, $($key)+).to_string())
    };
}

/// The translated headings of a table's columns, left to right: `columns!(i18n, users.col_name,
/// users.col_email)`.
macro_rules! columns {
    ($i18n:ident, $($ns:ident . $key:ident),+ $(,)?) => {
        vec![$(tr!($i18n, $ns.$key)),+]
    };
}

mod components;
mod labels;
mod layout;
mod pages;

use crate::i18n::*;
use layout::Layout;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_meta::{HashedStylesheet, MetaTags, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};
use pages::{
    AccountPage, ApplicationHome, ApplyPage, AuditLogPage, AuthenticatorPage, BankStepPage,
    BillingPage, BusinessProfileEditPage, BusinessStepPage, ChangePasswordPage,
    ConfirmReferralPage, CustomerHomePage, CustomersPage, DirectoryEntryPage, DirectoryPage,
    ErrorPage, FindProviderPage, HomePage, InvitationPage, JoinPage, LegalNamesPage, ModelStepPage,
    NotFound, OpenApplicationPage, OrganizationPage, OutgoingEmailPage, PartnerHomePage,
    ProgramIdStepPage, ProgramIdsPage, ProgramSettingsPage, RecoveryCodesPage, RecoveryPage,
    ReferralsPage, RelationshipsPage, ReviewApplicationPage, ReviewQueuePage, ReviewStepPage,
    RoleMatrixPage, SecurityPage, SetupPage, SignInCodePage, SignInPage, StaffPage, StatusPage,
    TenantsPage, UsersPage,
};

pub use layout::LOCALE_SWITCH_PATH;
pub use pages::{SIGN_OUT_EVERYWHERE_PATH, SIGN_OUT_PATH};

/// The cookie that remembers the visitor's language (read on the server, written by the
/// language switch in the browser or by the server when JavaScript is off).
pub const LANGUAGE_COOKIE: &str = "csp_lang";

/// The locale for a language code such as `ko`, if the portal speaks it.
pub fn locale_from_code(code: &str) -> Option<Locale> {
    Locale::get_all()
        .iter()
        .copied()
        .find(|l| l.as_str() == code)
}

/// The language code of a locale (`en`, `ko`).
pub fn locale_code(locale: Locale) -> &'static str {
    locale.as_str()
}

/// The HTML document around the application, rendered on the server for every page (the server
/// provides the page's script nonce first).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" href="/favicon.ico" sizes="any" />
                <HashedStylesheet options=options.clone() id="leptos" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The application: language, layout and routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();

    // Effects run only in the browser, after hydration: this marks the page as interactive
    // (the browser tests wait for it before they click).
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });

    view! {
        <I18nContextProvider
            cookie_name=LANGUAGE_COOKIE
            cookie_options=layout::language_cookie_options()
        >
            // Every page is rendered whole before it is sent (SsrMode::Async): the header reads
            // the session, and without JavaScript nothing streamed out of order would appear.
            <Router>
                <Layout>
                    <ErrorBoundary fallback=|errors| view! { <ErrorPage errors /> }>
                        <Routes fallback=NotFound>
                            <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                            <Route path=path!("/join") view=JoinPage ssr=SsrMode::Async />
                            <Route path=path!("/apply") view=ApplyPage ssr=SsrMode::Async />
                            <Route path=path!("/apply/open") view=OpenApplicationPage ssr=SsrMode::Async />
                            <Route path=path!("/application") view=ApplicationHome ssr=SsrMode::Async />
                            <Route path=path!("/application/program-id") view=ProgramIdStepPage ssr=SsrMode::Async />
                            <Route path=path!("/application/business") view=BusinessStepPage ssr=SsrMode::Async />
                            <Route path=path!("/application/bank") view=BankStepPage ssr=SsrMode::Async />
                            <Route path=path!("/application/model") view=ModelStepPage ssr=SsrMode::Async />
                            <Route path=path!("/application/review") view=ReviewStepPage ssr=SsrMode::Async />
                            <Route path=path!("/application/status") view=StatusPage ssr=SsrMode::Async />
                            <Route path=path!("/partner") view=PartnerHomePage ssr=SsrMode::Async />
                            <Route path=path!("/account/users") view=UsersPage ssr=SsrMode::Async />
                            <Route path=path!("/account/roles") view=RoleMatrixPage ssr=SsrMode::Async />
                            <Route path=path!("/account/organization") view=OrganizationPage ssr=SsrMode::Async />
                            <Route path=path!("/account/billing") view=BillingPage ssr=SsrMode::Async />
                            <Route path=path!("/account/audit") view=AuditLogPage ssr=SsrMode::Async />
                            <Route path=path!("/account/business-profile") view=BusinessProfileEditPage ssr=SsrMode::Async />
                            <Route path=path!("/directory") view=DirectoryPage ssr=SsrMode::Async />
                            <Route path=path!("/partners") view=RelationshipsPage ssr=SsrMode::Async />
                            <Route path=path!("/referrals") view=ReferralsPage ssr=SsrMode::Async />
                            <Route path=path!("/customers") view=CustomersPage ssr=SsrMode::Async />
                            <Route path=path!("/customer") view=CustomerHomePage ssr=SsrMode::Async />
                            <Route path=path!("/customer-invitation") view=InvitationPage ssr=SsrMode::Async />
                            <Route path=path!("/account/tenants") view=TenantsPage ssr=SsrMode::Async />
                            <Route path=path!("/referrals/confirm") view=ConfirmReferralPage ssr=SsrMode::Async />
                            <Route path=path!("/partners/find") view=FindProviderPage ssr=SsrMode::Async />
                            <Route path=path!("/directory/:slug") view=DirectoryEntryPage ssr=SsrMode::Async />
                            <Route path=path!("/program/legal-names") view=LegalNamesPage ssr=SsrMode::Async />
                            <Route path=path!("/review") view=ReviewQueuePage ssr=SsrMode::Async />
                            <Route path=path!("/review/:id") view=ReviewApplicationPage ssr=SsrMode::Async />
                            <Route path=path!("/program/ids") view=ProgramIdsPage ssr=SsrMode::Async />
                            <Route path=path!("/program/settings") view=ProgramSettingsPage ssr=SsrMode::Async />
                            <Route path=path!("/program/recovery") view=RecoveryPage ssr=SsrMode::Async />
                            <Route path=path!("/sign-in") view=SignInPage ssr=SsrMode::Async />
                            <Route path=path!("/setup") view=SetupPage ssr=SsrMode::Async />
                            <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async />
                            <Route path=path!("/staff") view=StaffPage ssr=SsrMode::Async />
                            <Route path=path!("/outgoing-email") view=OutgoingEmailPage ssr=SsrMode::Async />
                            <Route path=path!("/account/password") view=ChangePasswordPage ssr=SsrMode::Async />
                            <Route path=path!("/sign-in/code") view=SignInCodePage ssr=SsrMode::Async />
                            <Route path=path!("/account/security") view=SecurityPage ssr=SsrMode::Async />
                            <Route path=path!("/account/security/authenticator") view=AuthenticatorPage ssr=SsrMode::Async />
                            <Route path=path!("/account/security/codes") view=RecoveryCodesPage ssr=SsrMode::Async />
                        </Routes>
                    </ErrorBoundary>
                </Layout>
            </Router>
        </I18nContextProvider>
    }
}
