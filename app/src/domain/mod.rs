//! Pure types and rules, no I/O. Compiled for the server and the browser, so forms check input
//! as it is typed and the server checks it again with the same code.

pub mod address;
pub mod application;
pub mod bank;
pub mod calendar;
pub mod country;
pub mod email;
pub mod free_mail;
pub mod password;
pub mod phone;
pub mod program_id;
pub mod throttle;
