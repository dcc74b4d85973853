//! Which resident actions the city's system takes online: from the profile, or learned
//! by asking each extension endpoint once (and again after a while). The probe is a GET,
//! which changes nothing: an endpoint that exists for POST answers 405 (or another
//! refusal), one that does not exist answers 404.

use std::time::{Duration, Instant};

use api::CaseAction;
use tokio::sync::Mutex;

use super::Open311;
use crate::upstream::profile::{ActionsWord, ResidentActions};

/// How long a learned answer is kept before asking again.
const PROBE_TTL: Duration = Duration::from_secs(300);
/// A case id no server has: the probe must never touch a real case.
const PROBE_ID: &str = "huiyin-capability-probe";

#[derive(Debug, Default)]
pub struct Learned {
    probed: Mutex<Option<(Instant, Vec<CaseAction>)>>,
}

pub async fn online_actions(client: &Open311) -> Vec<CaseAction> {
    match &client.profile.extensions.resident_actions {
        ResidentActions::Word(ActionsWord::None) => Vec::new(),
        ResidentActions::List(endpoints) => endpoints.iter().map(|e| e.action()).collect(),
        ResidentActions::Word(ActionsWord::Probe) => {
            let mut probed = client.capabilities.probed.lock().await;
            if let Some((at, actions)) = probed.as_ref()
                && at.elapsed() < PROBE_TTL
            {
                return actions.clone();
            }
            match probe(client).await {
                Some(actions) => {
                    tracing::info!(
                        actions = ?actions.iter().map(|a| a.token()).collect::<Vec<_>>(),
                        "learned the city's online resident actions"
                    );
                    *probed = Some((Instant::now(), actions.clone()));
                    actions
                }
                // Not learned this time (the city's system did not answer): offer nothing
                // that might fail, and ask again next time.
                None => Vec::new(),
            }
        }
    }
}

async fn probe(client: &Open311) -> Option<Vec<CaseAction>> {
    let mut online = Vec::new();
    for &action in CaseAction::ALL {
        let url = client.url(&format!("requests/{PROBE_ID}/{}.json", action.token()));
        let response = client
            .http
            .get(url)
            .timeout(client.timeout)
            .send()
            .await
            .ok()?;
        match response.status().as_u16() {
            404 | 410 => {}
            500..=599 => return None,
            _ => online.push(action),
        }
    }
    Some(online)
}
