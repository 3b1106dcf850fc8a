//! The csp-portal server: configuration, the HTTP stack around the Leptos application, and
//! start-up/shutdown. `main.rs` only wires these together.

pub mod bootstrap;
pub mod bundle;
pub mod config;
pub mod live;
pub mod mail;
pub mod site;
pub mod web;

pub use web::{AppState, router};
