mod account;
mod change_password;
mod coming_soon;
mod error;
mod home;
mod not_found;
mod setup;
mod sign_in;
mod staff;

pub use account::{AccountPage, SIGN_OUT_EVERYWHERE_PATH, SIGN_OUT_PATH};
pub use change_password::ChangePasswordPage;
pub use coming_soon::{ComingSoon, ComingSoonPage};
pub use error::ErrorPage;
pub use home::HomePage;
pub use not_found::NotFound;
pub use setup::SetupPage;
pub use sign_in::SignInPage;
pub use staff::StaffPage;
