//! The pages' own HTML forms (issue 19 item 3): journeys that work with JavaScript off.
//! Each form posts to the address of the page it is on; the answer is that page again
//! (with what was typed and what to fix) or, once something was done, a redirect to the
//! page that shows it (post/redirect/get), so reloading never acts twice. Every post is
//! checked by [`super::form_guard`] first.
//!
//! A GET to a form's address is the page itself ([`super::page`]).

use axum::Router;
use axum::routing::{MethodRouter, get, post};

use super::{Pages, filing_form, settings};

/// The forms' routes, merged before the app's files and pages.
pub fn router(pages: Pages) -> Router {
    Router::new()
        // The blank form needs a key and token made for it: a page of its own on GET.
        .route(
            "/services/{code}/request",
            post(filing_form::submit)
                .get(filing_form::show)
                .head(filing_form::show),
        )
        .route(
            "/receipt/{id}",
            get(filing_form::receipt).head(filing_form::receipt),
        )
        .merge(super::case_forms::routes())
        .route(
            frontend::prefs::SETTINGS_FORM,
            form_route(post(settings::choose)),
        )
        .with_state(pages)
}

/// A form's address: the page on GET and HEAD, `on_post` on POST.
fn form_route(on_post: MethodRouter<Pages>) -> MethodRouter<Pages> {
    on_post.get(super::page).head(super::page)
}
