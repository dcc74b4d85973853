//! The GeoReport v2 endpoints, each in `.json` and `.xml`, and the resident-side
//! workflow extensions.

pub mod attributes;
pub mod create;
pub mod discovery;
pub mod requests;
pub mod resident;
pub mod services;
pub mod tokens;

use crate::Sandbox;
use crate::error::Open311Error;
use crate::params::Params;

/// Parameters of a POST: the query string, then the form body.
pub fn form_params(query: Option<&str>, body: &[u8]) -> Params {
    let mut params = Params::from_query(query);
    params.extend(Params::parse(body));
    params
}

/// POSTs need one of the configured keys as `api_key` (403 otherwise, as the spec says).
pub fn check_api_key(sandbox: &Sandbox, params: &Params) -> Result<(), Open311Error> {
    let given = params.get("api_key").unwrap_or_default();
    let known = sandbox
        .config()
        .api_keys
        .iter()
        .any(|key| !key.is_empty() && crate::secret_eq(key, given));
    if known {
        Ok(())
    } else {
        Err(Open311Error::forbidden("api_key is missing or not valid"))
    }
}
