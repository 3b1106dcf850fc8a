//! The store and database tests against real SurrealDB engines, in one test binary: one link and
//! one copy of the generic code they share, instead of one per file.
#![cfg(feature = "ssr")]

mod support;

mod accounts_store;
mod database;
mod enrollment_store;
mod identity_store;
mod review_store;
mod two_factor_store;
