//! Server functions, one module per capability. Each one: authenticate → authorize → validate →
//! store.

pub mod accounts;
pub mod checks;
pub mod customers;
pub mod directory;
pub mod enrollment;
pub mod error;
pub mod form;
#[cfg(feature = "ssr")]
pub mod gate;
pub mod identity;
pub mod organization;
pub mod partner;
pub mod program;
pub mod referrals;
pub mod relationships;
pub mod review;
pub mod staff;
pub mod two_factor;

pub use error::AppError;

/// A change's success: a plain form post (the browser without JavaScript) is sent on to `page`,
/// whose address carries the notice to show; a call from the page's script just gets `Ok`.
#[cfg(feature = "ssr")]
pub(crate) fn form_done(page: &str) -> Result<(), AppError> {
    crate::server::services::redirect_after_form_post(page);
    Ok(())
}
