mod account;
mod accounts;
mod change_password;
mod customers;
mod directory;
mod enrollment;
mod error;
mod home;
mod not_found;
mod organization;
mod outgoing_email;
mod partner;
mod program;
mod recovery;
mod referrals;
mod relationships;
mod review;
mod setup;
mod sign_in;
mod staff;
mod two_factor;

pub use account::{AccountPage, SIGN_OUT_EVERYWHERE_PATH, SIGN_OUT_PATH};
pub use accounts::UsersPage;
pub use change_password::ChangePasswordPage;
pub use customers::{CustomerHomePage, CustomersPage, InvitationPage, TenantsPage};
pub use directory::{BusinessProfileEditPage, DirectoryEntryPage, DirectoryPage};
pub use enrollment::{
    ApplicationHome, ApplyPage, BankStepPage, BusinessStepPage, JoinPage, ModelStepPage,
    OpenApplicationPage, ProgramIdStepPage, ReviewStepPage, StatusPage,
};
pub use error::ErrorPage;
pub use home::HomePage;
pub use not_found::NotFound;
pub use organization::{
    AuditLogPage, BillingPage, LegalNamesPage, OrganizationPage, RoleMatrixPage,
};
pub use outgoing_email::OutgoingEmailPage;
pub use partner::PartnerHomePage;
pub use program::{ProgramIdsPage, ProgramSettingsPage};
pub use recovery::RecoveryPage;
pub use referrals::{ConfirmReferralPage, ReferralsPage};
pub use relationships::{FindProviderPage, RelationshipsPage};
pub use review::{ReviewApplicationPage, ReviewQueuePage};
pub use setup::SetupPage;
pub use sign_in::SignInPage;
pub use staff::StaffPage;
pub use two_factor::{
    AuthenticatorPage, RecoveryCodesPage, SECURITY_PATH, SecurityPage, SignInCodePage,
};
