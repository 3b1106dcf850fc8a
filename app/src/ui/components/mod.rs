//! UI pieces more than one page uses. A page module imports from here (or from `forms`), never
//! from another page module.

mod account_areas;
mod address;
mod application;
mod bank;
mod billed_customers;
mod fields;
pub mod forms;
mod guarded;
mod head;
mod outcomes;
mod pager;
mod password;
mod proof;
mod referral_form;
mod refusal;
mod resume;
mod row_action;
mod section;
mod table;

pub(crate) use account_areas::*;
pub(crate) use address::*;
pub(crate) use application::*;
pub(crate) use bank::*;
pub(crate) use billed_customers::*;
pub(crate) use fields::*;
pub(crate) use guarded::*;
pub(crate) use head::*;
pub(crate) use outcomes::*;
pub(crate) use pager::*;
pub(crate) use password::*;
pub(crate) use proof::*;
pub(crate) use referral_form::*;
pub(crate) use refusal::*;
pub(crate) use resume::*;
pub(crate) use row_action::*;
pub(crate) use section::*;
pub(crate) use table::*;
