//! The server's tests through the whole HTTP stack and the binary itself, in one test binary: one
//! link and one copy of the generic code they share, instead of one per file.

mod support;

mod authorization;
mod cli;
mod customers;
mod directory;
mod enrollment;
mod identity;
mod mail;
mod organization;
mod referrals;
mod relationships;
mod review;
mod site;
mod staff;
mod two_factor;
