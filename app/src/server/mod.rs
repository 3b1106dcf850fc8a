//! Server-only parts of the application: database, security policy. Compiled with `ssr` only.

pub mod auth;
pub mod crypto;
pub mod csp;
pub mod db;
pub mod directory_index;
pub mod logo;
pub mod mail_text;
pub mod services;
pub mod store;

/// The database client crate, for code outside `app` that names records (tests).
pub use surrealdb;
