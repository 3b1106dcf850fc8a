//! Pure types and rules, no I/O. Compiled for the server and the browser, so forms check input
//! as it is typed and the server checks it again with the same code.

pub mod email;
pub mod password;
pub mod throttle;
