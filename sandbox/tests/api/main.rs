//! The sandbox over real HTTP, one journey per test.

mod admin;
mod demo;
mod discovery;
mod filing;
mod helpers;
mod persistence;
mod plain;
mod resident;
mod schema;
mod services;
mod tracking;
mod workflow;
