//! Cases (service requests) and their events in SQLite.

mod render;

pub use render::{Names, request_doc};

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};

use crate::catalogue::HOTLINE;
use crate::clock;
use crate::error::Open311Error;
use crate::stage::{EventType, Stage};
use crate::workflow::{Action, CaseState};

#[derive(Clone, Debug)]
pub struct Case {
    pub seq: i64,
    pub id: String,
    pub service_code: String,
    pub stage: Stage,
    pub resume_stage: Option<Stage>,
    pub department: String,
    pub description: Option<String>,
    pub lat: Option<f64>,
    pub long: Option<f64>,
    pub address: Option<String>,
    pub address_id: Option<String>,
    pub zipcode: Option<String>,
    pub media_urls: Vec<String>,
    pub channel: String,
    pub clerk_id: Option<String>,
    pub requested_at: i64,
    pub updated_at: i64,
    pub due_at: i64,
    pub rating: Option<u8>,
    pub rating_comment: Option<String>,
    /// The resident's phone: shown only to the city's own client (with its `api_key`).
    pub phone: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Event {
    pub at: i64,
    pub event_type: EventType,
    pub stage: Stage,
    pub department: String,
    pub note: Option<String>,
}

/// A request as filed, validated by the caller.
#[derive(Clone, Debug, Default)]
pub struct NewCase {
    pub service_code: String,
    pub description: Option<String>,
    pub lat: Option<f64>,
    pub long: Option<f64>,
    pub address: Option<String>,
    pub address_id: Option<String>,
    pub zipcode: Option<String>,
    pub media_urls: Vec<String>,
    pub attributes: serde_json::Map<String, serde_json::Value>,
    pub email: Option<String>,
    pub device_id: Option<String>,
    pub account_id: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub phone: Option<String>,
    pub channel: String,
    pub clerk_id: Option<String>,
    pub requested_at: i64,
    pub due_at: i64,
    /// The POST's `Idempotency-Key`, when it had one.
    pub idempotency_key: Option<String>,
}

const CASE_COLUMNS: &str = "seq, id, service_code, stage, resume_stage, department, description,
    lat, long, address, address_id, zipcode, media_urls, channel, clerk_id,
    requested_at, updated_at, due_at, rating, rating_comment, phone";

fn stage_column(row: &Row<'_>, index: usize) -> rusqlite::Result<Stage> {
    let text: String = row.get(index)?;
    Stage::parse(&text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            index,
            rusqlite::types::Type::Text,
            format!("unknown stage {text}").into(),
        )
    })
}

fn case_from_row(row: &Row<'_>) -> rusqlite::Result<Case> {
    let media: String = row.get(12)?;
    Ok(Case {
        seq: row.get(0)?,
        id: row.get(1)?,
        service_code: row.get(2)?,
        stage: stage_column(row, 3)?,
        resume_stage: row
            .get::<_, Option<String>>(4)?
            .and_then(|s| Stage::parse(&s)),
        department: row
            .get::<_, Option<String>>(5)?
            .unwrap_or_else(|| HOTLINE.to_owned()),
        description: row.get(6)?,
        lat: row.get(7)?,
        long: row.get(8)?,
        address: row.get(9)?,
        address_id: row.get(10)?,
        zipcode: row.get(11)?,
        media_urls: serde_json::from_str(&media).unwrap_or_default(),
        channel: row.get(13)?,
        clerk_id: row.get(14)?,
        requested_at: row.get(15)?,
        updated_at: row.get(16)?,
        due_at: row.get(17)?,
        rating: row.get(18)?,
        rating_comment: row.get(19)?,
        phone: row.get(20)?,
    })
}

/// How a new case's id looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdStyle {
    /// A 12345 case number: the filing date and a running number (20261128000001).
    CaseNumber,
    /// 8 random lowercase letters and digits, as some third-party servers make them.
    Letters,
}

/// Stores a new case and its first event; answers its id and token.
pub fn insert(
    conn: &mut Connection,
    new: &NewCase,
    style: IdStyle,
) -> rusqlite::Result<(String, String)> {
    let tx = conn.transaction()?;
    let token: String = tx.query_row("SELECT lower(hex(randomblob(16)))", [], |row| row.get(0))?;
    tx.execute(
        "INSERT INTO requests (id, token, service_code, stage, department, description, lat, long,
            address, address_id, zipcode, media_urls, attributes, email, device_id, account_id,
            first_name, last_name, phone, channel, clerk_id, requested_at, updated_at, due_at,
            idempotency_key)
         VALUES (?1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
            ?16, ?17, ?18, ?19, ?20, ?21, ?21, ?22, ?23)",
        params![
            token,
            new.service_code,
            Stage::Submitted.as_str(),
            HOTLINE,
            new.description,
            new.lat,
            new.long,
            new.address,
            new.address_id,
            new.zipcode,
            serde_json::to_string(&new.media_urls).unwrap_or_else(|_| "[]".to_owned()),
            serde_json::Value::Object(new.attributes.clone()).to_string(),
            new.email,
            new.device_id,
            new.account_id,
            new.first_name,
            new.last_name,
            new.phone,
            new.channel,
            new.clerk_id,
            new.requested_at,
            new.due_at,
            new.idempotency_key,
        ],
    )?;
    let seq = tx.last_insert_rowid();
    let id = match style {
        // 12345 case numbers read as the filing date and a running number.
        IdStyle::CaseNumber => format!(
            "{}{seq:06}",
            clock::to_beijing(new.requested_at).format("%Y%m%d")
        ),
        IdStyle::Letters => letters_id(&tx)?,
    };
    tx.execute(
        "UPDATE requests SET id = ?1 WHERE seq = ?2",
        params![id, seq],
    )?;
    insert_event(
        &tx,
        seq,
        new.requested_at,
        EventType::StatusChange,
        Stage::Submitted,
        HOTLINE,
        None,
    )?;
    tx.commit()?;
    Ok((id, token))
}

/// The case a POST with this `Idempotency-Key` made before: `(id, token, service_code)`.
pub fn by_idempotency_key(
    conn: &Connection,
    key: &str,
) -> rusqlite::Result<Option<(String, String, String)>> {
    use rusqlite::OptionalExtension;
    conn.query_row(
        "SELECT id, token, service_code FROM requests WHERE idempotency_key = ?1",
        params![key],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .optional()
}

/// 8 lowercase letters and digits, not yet taken.
fn letters_id(tx: &rusqlite::Transaction) -> rusqlite::Result<String> {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    loop {
        let random: Vec<u8> = tx.query_row("SELECT randomblob(8)", [], |row| row.get(0))?;
        let id: String = random
            .iter()
            .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
            .collect();
        let taken: bool = tx.query_row(
            "SELECT EXISTS(SELECT 1 FROM requests WHERE id = ?1)",
            params![id],
            |row| row.get(0),
        )?;
        if !taken {
            return Ok(id);
        }
    }
}

fn insert_event(
    conn: &Connection,
    seq: i64,
    at: i64,
    event_type: EventType,
    stage: Stage,
    department: &str,
    note: Option<&str>,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO events (request_seq, at, type, stage, department, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![seq, at, event_type.as_str(), stage.as_str(), department, note])?;
    Ok(())
}

pub fn load(conn: &Connection, id: &str) -> rusqlite::Result<Option<Case>> {
    conn.query_row(
        &format!("SELECT {CASE_COLUMNS} FROM requests WHERE id = ?1"),
        [id],
        case_from_row,
    )
    .optional()
}

pub fn id_for_token(conn: &Connection, token: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT id FROM requests WHERE token = ?1", [token], |row| {
        row.get(0)
    })
    .optional()
}

pub fn events(conn: &Connection, seq: i64) -> rusqlite::Result<Vec<Event>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, type, stage, department, note FROM events WHERE request_seq = ?1 ORDER BY seq",
    )?;
    let rows = stmt.query_map([seq], |row| {
        let event_type: String = row.get(1)?;
        Ok(Event {
            at: row.get(0)?,
            event_type: EventType::parse(&event_type).unwrap_or(EventType::StatusChange),
            stage: stage_column(row, 2)?,
            department: row
                .get::<_, Option<String>>(3)?
                .unwrap_or_else(|| HOTLINE.to_owned()),
            note: row.get(4)?,
        })
    })?;
    rows.collect()
}

/// Which cases `GET requests` answers.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// When given, overrides every other criterion but paging.
    pub ids: Option<Vec<String>>,
    pub service_codes: Vec<String>,
    pub stages: Option<Vec<Stage>>,
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub limit: u32,
    pub offset: u64,
}

/// The matching cases, newest first.
pub fn list(conn: &Connection, filter: &Filter) -> rusqlite::Result<Vec<Case>> {
    let mut clauses: Vec<String> = Vec::new();
    let mut values: Vec<SqlValue> = Vec::new();
    let mut any_of = |column: &str, items: Vec<String>, values: &mut Vec<SqlValue>| {
        let marks = vec!["?"; items.len()].join(",");
        values.extend(items.into_iter().map(SqlValue::Text));
        clauses.push(format!("{column} IN ({marks})"));
    };
    if let Some(ids) = &filter.ids {
        any_of("id", ids.clone(), &mut values);
    } else {
        if !filter.service_codes.is_empty() {
            any_of("service_code", filter.service_codes.clone(), &mut values);
        }
        if let Some(stages) = &filter.stages {
            let stages = stages.iter().map(|s| s.as_str().to_owned()).collect();
            any_of("stage", stages, &mut values);
        }
        if let Some(from) = filter.from {
            clauses.push("requested_at >= ?".to_owned());
            values.push(SqlValue::Integer(from));
        }
        if let Some(to) = filter.to {
            clauses.push("requested_at <= ?".to_owned());
            values.push(SqlValue::Integer(to));
        }
    }
    let conditions = if clauses.is_empty() {
        "1".to_owned()
    } else {
        clauses.join(" AND ")
    };
    values.push(SqlValue::Integer(i64::from(filter.limit)));
    values.push(SqlValue::Integer(
        i64::try_from(filter.offset).unwrap_or(i64::MAX),
    ));
    let mut stmt = conn.prepare(&format!(
        "SELECT {CASE_COLUMNS} FROM requests WHERE {conditions}
         ORDER BY requested_at DESC, seq DESC LIMIT ? OFFSET ?"
    ))?;
    let rows = stmt.query_map(params_from_iter(values), case_from_row)?;
    rows.collect()
}

/// Applies a workflow action to case `id` at `now`, with the event it makes, in one
/// transaction. `Ok(None)`: no such case.
pub fn apply(
    conn: &mut Connection,
    id: &str,
    action: &Action,
    now: i64,
) -> Result<Option<Case>, Open311Error> {
    let tx = conn.transaction()?;
    let Some(case) = load(&tx, id)? else {
        return Ok(None);
    };
    let state = CaseState {
        stage: case.stage,
        resume_stage: case.resume_stage,
        department: case.department.clone(),
        due_at: case.due_at,
    };
    let change = state
        .apply(action, now)
        .map_err(|refusal| Open311Error::conflict(refusal.0))?;
    let mut media_urls = case.media_urls.clone();
    if let Action::AddInfo { photos, .. } = action {
        media_urls.extend(photos.iter().cloned());
    }
    let (rating, rating_comment) = match &change.rating {
        Some((rating, comment)) => (Some(*rating), comment.clone()),
        None => (case.rating, case.rating_comment.clone()),
    };
    tx.execute(
        "UPDATE requests SET stage = ?1, resume_stage = ?2, department = ?3, updated_at = ?4,
            media_urls = ?5, rating = ?6, rating_comment = ?7
         WHERE seq = ?8",
        params![
            change.stage.as_str(),
            change.resume_stage.map(Stage::as_str),
            change.department,
            now,
            serde_json::to_string(&media_urls).unwrap_or_else(|_| "[]".to_owned()),
            rating,
            rating_comment,
            case.seq,
        ],
    )?;
    insert_event(
        &tx,
        case.seq,
        now,
        change.event_type,
        change.stage,
        &change.department,
        change.note.as_deref(),
    )?;
    let updated = load(&tx, id)?;
    tx.commit()?;
    Ok(updated)
}

/// Sets case `id`'s due date (办理时限) to `due_at`, as a supervisor does who extends or
/// shortens a case's time limit; the stage and the timeline stay as they are.
/// `Ok(None)`: no such case.
pub fn set_due(
    conn: &mut Connection,
    id: &str,
    due_at: i64,
    now: i64,
) -> Result<Option<Case>, Open311Error> {
    let tx = conn.transaction()?;
    let Some(case) = load(&tx, id)? else {
        return Ok(None);
    };
    tx.execute(
        "UPDATE requests SET due_at = ?1, updated_at = ?2 WHERE seq = ?3",
        params![due_at, now, case.seq],
    )?;
    let updated = load(&tx, id)?;
    tx.commit()?;
    Ok(updated)
}

/// The cases the demo timer may move: open and not waiting for the resident, with the
/// default department of their service.
pub fn demo_candidates(conn: &Connection) -> rusqlite::Result<Vec<(Case, String)>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {CASE_COLUMNS}, (SELECT department FROM services WHERE code = requests.service_code)
         FROM requests WHERE stage IN ('submitted', 'accepted', 'assigned', 'in_progress', 'escalated')
         ORDER BY seq"
    ))?;
    let rows = stmt.query_map([], |row| {
        let default_department: Option<String> = row.get(21)?;
        Ok((
            case_from_row(row)?,
            default_department.unwrap_or_else(|| HOTLINE.to_owned()),
        ))
    })?;
    rows.collect()
}
