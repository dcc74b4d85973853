//! Time as the sandbox keeps it: unix seconds in SQLite, RFC 3339 at Beijing time
//! (+08:00, Asia/Shanghai has no daylight saving) on the wire.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};

pub const BEIJING_OFFSET_SECS: i32 = 8 * 3600;

pub fn beijing() -> FixedOffset {
    FixedOffset::east_opt(BEIJING_OFFSET_SECS).expect("+08:00 is a valid offset")
}

pub fn now() -> i64 {
    Utc::now().timestamp()
}

pub fn to_beijing(unix: i64) -> DateTime<FixedOffset> {
    beijing()
        .timestamp_opt(unix, 0)
        .single()
        .unwrap_or_else(|| beijing().timestamp_opt(0, 0).unwrap())
}

/// `2025-06-03T09:30:00+08:00`.
pub fn rfc3339(unix: i64) -> String {
    to_beijing(unix).format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// Reads an ISO 8601 date-time with any offset (`Z`, `+08:00`, `+0800`), a local
/// date-time without offset (taken as Beijing time), or a date (its Beijing midnight).
/// A `+` that a client forgot to percent-encode arrives as a space and is accepted.
pub fn parse_datetime(input: &str) -> Option<DateTime<FixedOffset>> {
    let input = input.trim();
    parse_strict(input).or_else(|| parse_strict(&input.replace(' ', "+")))
}

fn parse_strict(input: &str) -> Option<DateTime<FixedOffset>> {
    if let Ok(dt) = DateTime::parse_from_rfc3339(input) {
        return Some(dt);
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%dT%H:%M%z"] {
        if let Ok(dt) = DateTime::parse_from_str(input, format) {
            return Some(dt);
        }
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(input, format) {
            return beijing().from_local_datetime(&naive).single();
        }
    }
    let date = NaiveDate::parse_from_str(input, "%Y-%m-%d").ok()?;
    beijing()
        .from_local_datetime(&date.and_hms_opt(0, 0, 0)?)
        .single()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_offset_is_read_as_the_same_instant() {
        let a = parse_datetime("2025-06-03T01:30:00Z").unwrap();
        let b = parse_datetime("2025-06-03T09:30:00+08:00").unwrap();
        let c = parse_datetime("2025-06-02T21:30:00-04:00").unwrap();
        let d = parse_datetime("2025-06-03T09:30:00+0800").unwrap();
        let e = parse_datetime("2025-06-03T09:30:00 08:00").unwrap();
        let f = parse_datetime("2025-06-03T09:30").unwrap();
        for other in [b, c, d, e, f] {
            assert_eq!(a.timestamp(), other.timestamp());
        }
        assert_eq!(rfc3339(a.timestamp()), "2025-06-03T09:30:00+08:00");
    }

    #[test]
    fn a_date_is_beijing_midnight() {
        let dt = parse_datetime("1940-05-01").unwrap();
        assert_eq!(rfc3339(dt.timestamp()), "1940-05-01T00:00:00+08:00");
    }

    #[test]
    fn nonsense_is_rejected() {
        for bad in ["", "yesterday", "2025-13-01", "2025-02-30T10:00:00Z", "12"] {
            assert!(parse_datetime(bad).is_none(), "{bad}");
        }
    }
}
