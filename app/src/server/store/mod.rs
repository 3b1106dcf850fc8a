//! All SurrealQL lives here, one module per aggregate. Every function that touches an
//! organization's data takes the organization.

pub mod accounts;
pub mod business_profiles;
pub mod customers;
pub mod enrollment;
pub mod links;
pub mod logos;
pub mod outbox;
pub mod partners;
pub mod profiles;
pub mod program_members;
pub mod program_settings;
pub mod referrals;
pub mod relationships;
pub mod review;
pub mod sessions;
pub mod throttle;
pub mod two_factor;
pub mod users;
