//! The only place that talks HTTP: calls the BFF's `/api/*` and reads its answers into the
//! contract's types.

use api::{ApiError, ErrorCode, Locale, ServiceList};
use gloo::net::http::{Request, Response};
use serde::de::DeserializeOwned;

/// Why a call did not give an answer; each maps to a localized message.
#[derive(Clone, Debug, PartialEq)]
pub enum ClientError {
    Api(ErrorCode),
    Network,
}

impl ClientError {
    pub fn message_key(&self) -> String {
        match self {
            ClientError::Api(code) => format!("error-{}", code.as_str()),
            ClientError::Network => "error-network".to_owned(),
        }
    }
}

pub async fn services(locale: Locale) -> Result<ServiceList, ClientError> {
    let response = Request::get(api::paths::SERVICES)
        .query([("locale", locale.tag())])
        .send()
        .await
        .map_err(|_| ClientError::Network)?;
    read(response).await
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ClientError> {
    if response.ok() {
        return response
            .json::<T>()
            .await
            .map_err(|_| ClientError::Api(ErrorCode::UpstreamInvalid));
    }
    match response.json::<ApiError>().await {
        Ok(error) => Err(ClientError::Api(error.code)),
        // Not our BFF's JSON: a proxy or gateway in between failed.
        Err(_) => Err(ClientError::Api(ErrorCode::UpstreamUnavailable)),
    }
}
