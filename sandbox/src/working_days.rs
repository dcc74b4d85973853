//! 办理时限 are counted in working days: Saturdays and Sundays do not count.
//! (Public holidays and their make-up working days are not modelled.)

use chrono::{DateTime, Datelike, Days, FixedOffset, Weekday};

/// The moment `days` working days after `from`, at the same time of day: the time limit
/// starts running the day after the request, and only Monday to Friday count.
pub fn add_working_days(from: DateTime<FixedOffset>, days: u32) -> DateTime<FixedOffset> {
    let mut at = from;
    let mut left = days;
    while left > 0 {
        at = at + Days::new(1);
        if is_working_day(at) {
            left -= 1;
        }
    }
    at
}

pub fn is_working_day(at: DateTime<FixedOffset>) -> bool {
    !matches!(at.weekday(), Weekday::Sat | Weekday::Sun)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn three_working_days_from_thursday_end_on_tuesday() {
        // 2025-06-05 is a Thursday: Fri, (Sat, Sun), Mon, Tue.
        let due = add_working_days(at("2025-06-05T10:15:00+08:00"), 3);
        assert_eq!(due, at("2025-06-10T10:15:00+08:00"));
    }

    #[test]
    fn thirteen_working_days_span_two_weekends() {
        // Monday 2025-06-02 + 13 working days = Thursday 2025-06-19.
        let due = add_working_days(at("2025-06-02T09:00:00+08:00"), 13);
        assert_eq!(due, at("2025-06-19T09:00:00+08:00"));
    }

    #[test]
    fn a_weekend_request_starts_counting_on_monday() {
        // Saturday 2025-06-07: Mon 9, Tue 10, ... Fri 13 is the fifth.
        let due = add_working_days(at("2025-06-07T22:00:00+08:00"), 5);
        assert_eq!(due, at("2025-06-13T22:00:00+08:00"));
        // Friday night + 1 = Monday.
        let due = add_working_days(at("2025-06-06T23:30:00+08:00"), 1);
        assert_eq!(due, at("2025-06-09T23:30:00+08:00"));
    }

    #[test]
    fn weekday_is_judged_in_beijing_time() {
        // 2025-06-06T18:00Z is already Saturday 02:00 in Beijing.
        let friday_utc_saturday_beijing = at("2025-06-07T02:00:00+08:00");
        assert!(!is_working_day(friday_utc_saturday_beijing));
        assert_eq!(
            add_working_days(friday_utc_saturday_beijing, 0),
            friday_utc_saturday_beijing
        );
    }
}
