//! The BFF's integration tests, compiled as one binary: real HTTP to a BFF bound on a
//! loopback port, with the real embedded sandbox behind it (or a faulty upstream).

mod bounds;
mod breaker;
mod case_forms;
mod cases;
mod clerk;
mod cluster;
mod contract;
mod fault_matrix;
mod fault_proxy;
mod faulty_upstream;
mod filing;
mod filing_forms;
mod health;
mod helpers;
mod live;
mod logs;
mod media;
mod metrics;
mod openapi;
mod own_faults;
mod pages;
mod pages_settings;
mod plain_city;
mod readiness;
mod security;
mod services;
mod static_files;
