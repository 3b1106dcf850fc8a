mod coming_soon;
mod error;
mod home;
mod not_found;

pub use coming_soon::{ComingSoon, ComingSoonPage};
pub use error::ErrorPage;
pub use home::HomePage;
pub use not_found::NotFound;
