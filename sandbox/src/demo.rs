//! The demo timer: every interval, each open case takes one step along
//! submitted → accepted → assigned → in progress → answered (with a standard reply).

use std::sync::Weak;
use std::time::Duration;

use rusqlite::Connection;

use crate::Inner;
use crate::cases;
use crate::clock;
use crate::error::Open311Error;
use crate::workflow::CaseState;

/// Runs until the sandbox is dropped.
pub(crate) async fn run(sandbox: Weak<Inner>, interval: Duration) {
    let mut ticker = tokio::time::interval(interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    ticker.tick().await;
    loop {
        ticker.tick().await;
        let Some(inner) = sandbox.upgrade() else {
            return;
        };
        let db = inner.db.clone();
        drop(inner);
        match db.call(|conn| step(conn, clock::now())).await {
            Ok(0) => {}
            Ok(moved) => tracing::debug!(moved, "demo step"),
            Err(err) => tracing::warn!(error = %err.description, "demo step failed"),
        }
    }
}

/// Moves every eligible case one stage along; answers how many moved.
pub fn step(conn: &mut Connection, now: i64) -> Result<usize, Open311Error> {
    let mut moved = 0;
    for (case, default_department) in cases::demo_candidates(conn)? {
        let state = CaseState {
            stage: case.stage,
            resume_stage: case.resume_stage,
            department: case.department.clone(),
            due_at: case.due_at,
        };
        let Some(action) = state.demo_step(&default_department) else {
            continue;
        };
        match cases::apply(conn, &case.id, &action, now) {
            Ok(_) => moved += 1,
            // Another actor moved the case in between: it waits for the next tick.
            Err(err) if err.status == axum::http::StatusCode::CONFLICT => {}
            Err(err) => return Err(err),
        }
    }
    Ok(moved)
}
