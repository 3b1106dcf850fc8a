//! Server-only parts of the application: database, security policy. Compiled with `ssr` only.

pub mod auth;
pub mod csp;
pub mod db;
pub mod services;
pub mod store;
