//! Reusable pieces, one file each, named for what they show.

mod language_switch;
mod page_heading;
mod site_footer;
mod site_header;

pub use language_switch::LanguageSwitch;
pub use page_heading::PageHeading;
pub use site_footer::SiteFooter;
pub use site_header::SiteHeader;
