//! The BFF's integration tests, compiled as one binary: real HTTP to a BFF bound on a
//! loopback port, with the real embedded sandbox behind it (or a faulty upstream).

mod faulty_upstream;
mod health;
mod helpers;
mod services;
mod static_files;
