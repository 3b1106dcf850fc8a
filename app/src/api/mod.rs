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

pub use error::AppError;
