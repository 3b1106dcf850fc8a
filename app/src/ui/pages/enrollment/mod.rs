//! Enrollment: joining the program, starting an application (`start`), the application wizard
//! and the applicant's live status page (`wizard`).

mod start;
mod wizard;

pub use start::{ApplyPage, JoinPage, OpenApplicationPage};
pub use wizard::{
    ApplicationHome, BankStepPage, BusinessStepPage, ModelStepPage, ProgramIdStepPage,
    ReviewStepPage, StatusPage,
};
