//! Reading and seeding the catalogue tables.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{COMMON, DEPARTMENTS, Datatype, Kind, SEED, ServiceType};
use crate::locale::{Locale, pick};

/// A service in one language.
#[derive(Clone, Debug)]
pub struct Service {
    pub code: String,
    pub service_type: ServiceType,
    pub time_limit_days: u32,
    pub name: String,
    pub description: String,
    pub group: String,
    /// The kind token first, then the localized search words.
    pub keywords: String,
    pub has_attributes: bool,
    /// Among the most used services: 1 = the most used.
    pub common_rank: Option<u32>,
}

/// An attribute of a service definition in one language.
#[derive(Clone, Debug)]
pub struct Attribute {
    pub code: String,
    pub datatype: Datatype,
    pub required: bool,
    pub variable: bool,
    pub order: u32,
    pub description: String,
    pub datatype_description: Option<String>,
    /// (key, name) pairs of list datatypes.
    pub values: Vec<(String, String)>,
}

#[derive(Clone, Debug)]
pub struct Department {
    pub code: String,
    pub name: String,
}

/// Adds the seeded departments and services that are not in the file yet. A service
/// already there is left alone, so an operator's edit of its time limit survives.
pub fn install_seed(conn: &mut Connection) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    for (code, name) in DEPARTMENTS {
        tx.execute(
            "INSERT OR IGNORE INTO departments (code, name) VALUES (?1, ?2)",
            params![code, name.to_json()],
        )?;
    }
    for (position, service) in SEED.iter().enumerate() {
        let inserted = tx.execute(
            "INSERT OR IGNORE INTO services
                (code, position, kind, type, time_limit_days, department, name, description, grp, keywords,
                 common_rank)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                service.code,
                position as i64,
                service.kind.token(),
                service.service_type.as_str(),
                service.time_limit_days,
                service.department,
                service.name.to_json(),
                service.description.to_json(),
                service.group.to_json(),
                service.keywords.to_json(),
                COMMON
                    .iter()
                    .position(|code| *code == service.code)
                    .map(|rank| rank as i64 + 1),
            ],
        )?;
        if inserted == 0 {
            continue;
        }
        for (order, attribute) in service.attributes.iter().enumerate() {
            tx.execute(
                "INSERT INTO attributes
                    (service_code, code, position, datatype, required, variable, description, datatype_description)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    service.code,
                    attribute.code,
                    order as i64 + 1,
                    attribute.datatype.as_str(),
                    attribute.required,
                    attribute.variable,
                    attribute.description.to_json(),
                    attribute.datatype_description.map(|d| d.to_json()),
                ],
            )?;
            for (position, (key, name)) in attribute.values.iter().enumerate() {
                tx.execute(
                    "INSERT INTO attribute_values (service_code, attribute_code, key, position, name)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![service.code, attribute.code, key, position as i64, name.to_json()],
                )?;
            }
        }
    }
    tx.commit()
}

const SERVICE_COLUMNS: &str = "code, kind, type, time_limit_days, name, description, grp, keywords,
     EXISTS (SELECT 1 FROM attributes a WHERE a.service_code = services.code), common_rank";

fn service_from_row(row: &Row<'_>, locale: Locale) -> rusqlite::Result<Service> {
    let kind: String = row.get(1)?;
    let service_type: String = row.get(2)?;
    let kind = Kind::from_token(&kind).unwrap_or(Kind::Complaint);
    let words = pick(&row.get::<_, String>(7)?, locale);
    Ok(Service {
        code: row.get(0)?,
        service_type: ServiceType::parse(&service_type).unwrap_or(ServiceType::Realtime),
        time_limit_days: row.get(3)?,
        name: pick(&row.get::<_, String>(4)?, locale),
        description: pick(&row.get::<_, String>(5)?, locale),
        group: pick(&row.get::<_, String>(6)?, locale),
        keywords: if words.is_empty() {
            kind.token().to_owned()
        } else {
            format!("{},{words}", kind.token())
        },
        has_attributes: row.get(8)?,
        common_rank: row.get(9)?,
    })
}

/// The whole catalogue, in catalogue order.
pub fn services(conn: &Connection, locale: Locale) -> rusqlite::Result<Vec<Service>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SERVICE_COLUMNS} FROM services ORDER BY position, code"
    ))?;
    let rows = stmt.query_map([], |row| service_from_row(row, locale))?;
    rows.collect()
}

pub fn service(conn: &Connection, code: &str, locale: Locale) -> rusqlite::Result<Option<Service>> {
    conn.query_row(
        &format!("SELECT {SERVICE_COLUMNS} FROM services WHERE code = ?1"),
        [code],
        |row| service_from_row(row, locale),
    )
    .optional()
}

/// The attributes of a service definition, in their `order`.
pub fn service_attributes(
    conn: &Connection,
    code: &str,
    locale: Locale,
) -> rusqlite::Result<Vec<Attribute>> {
    let mut stmt = conn.prepare_cached(
        "SELECT code, datatype, required, variable, position, description, datatype_description
         FROM attributes WHERE service_code = ?1 ORDER BY position",
    )?;
    let mut attributes = stmt
        .query_map([code], |row| {
            let datatype: String = row.get(1)?;
            Ok(Attribute {
                code: row.get(0)?,
                datatype: Datatype::parse(&datatype).unwrap_or(Datatype::String),
                required: row.get(2)?,
                variable: row.get(3)?,
                order: row.get(4)?,
                description: pick(&row.get::<_, String>(5)?, locale),
                datatype_description: row.get::<_, Option<String>>(6)?.map(|d| pick(&d, locale)),
                values: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut values = conn.prepare_cached(
        "SELECT key, name FROM attribute_values
         WHERE service_code = ?1 AND attribute_code = ?2 ORDER BY position",
    )?;
    for attribute in attributes.iter_mut().filter(|a| a.datatype.is_list()) {
        attribute.values = values
            .query_map(params![code, attribute.code], |row| {
                Ok((row.get(0)?, pick(&row.get::<_, String>(1)?, locale)))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
    }
    Ok(attributes)
}

pub fn departments(conn: &Connection, locale: Locale) -> rusqlite::Result<Vec<Department>> {
    let mut stmt = conn.prepare_cached("SELECT code, name FROM departments ORDER BY rowid")?;
    let rows = stmt.query_map([], |row| {
        Ok(Department {
            code: row.get(0)?,
            name: pick(&row.get::<_, String>(1)?, locale),
        })
    })?;
    rows.collect()
}

/// The code of the department named `given`: its code, or its name in any locale.
pub fn resolve_department(conn: &Connection, given: &str) -> rusqlite::Result<Option<String>> {
    let given = given.trim();
    let mut stmt = conn.prepare_cached("SELECT code, name FROM departments")?;
    let rows = stmt.query_map([], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (code, name) = row?;
        if code == given || Locale::ALL.into_iter().any(|l| pick(&name, l) == given) {
            return Ok(Some(code));
        }
    }
    Ok(None)
}
