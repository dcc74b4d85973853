//! One file per route.

mod home;
mod not_found;
mod services;

pub use home::Home;
pub use not_found::NotFound;
pub use services::Services;
