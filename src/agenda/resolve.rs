//! From what a person wrote (a wall-clock time in a zone) to a UTC instant,
//! refusing times that a DST change makes missing or ambiguous.

use chrono::{
    DateTime, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc,
};
use chrono_tz::Tz;

use crate::timefmt::offset_words;

/// A time as written in the agenda.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum WrittenTime {
    /// `09:00`: on the event's date (or the segment's), in the event's zone.
    Plain(NaiveTime),
    /// `2022-06-01T09:00`: a wall-clock date-time in the event's zone.
    Local(NaiveDateTime),
    /// `2022-06-01T09:00:00+08:00`: an exact instant.
    Exact(DateTime<FixedOffset>),
}

impl WrittenTime {
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        for format in ["%H:%M", "%H:%M:%S"] {
            if let Ok(time) = NaiveTime::parse_from_str(text, format) {
                return Ok(Self::Plain(time));
            }
        }
        if let Ok(exact) = DateTime::parse_from_rfc3339(text) {
            return Ok(Self::Exact(exact));
        }
        for format in [
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%d %H:%M",
        ] {
            if let Ok(local) = NaiveDateTime::parse_from_str(text, format) {
                return Ok(Self::Local(local));
            }
        }
        Err(format!(
            "{text:?} is not a time: write \"HH:MM\" (e.g. \"09:00\"), \"HH:MM:SS\", \
             or a full date-time with offset such as \"2022-06-01T09:00:00+08:00\""
        ))
    }
}

/// Reads a date written as `2022-06-01`.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("{text:?} is not a date: write it as YYYY-MM-DD, e.g. 2022-06-01"))
}

/// The instant at which `local` happens in `zone`, or why there is none.
pub fn instant(zone: Tz, local: NaiveDateTime) -> Result<DateTime<Utc>, String> {
    let date = local.date();
    let time = local.time().format("%H:%M:%S");
    match zone.from_local_datetime(&local) {
        LocalResult::Single(at) => Ok(at.with_timezone(&Utc)),
        LocalResult::None => {
            let before = offset_seconds(zone, local - chrono::TimeDelta::days(1));
            let after = offset_seconds(zone, local + chrono::TimeDelta::days(1));
            // The time a clock that did not jump would show: by as much as
            // the jump (an hour, or half an hour on Lord Howe Island) later.
            let jump = chrono::TimeDelta::seconds(i64::from(after - before));
            let example = (local + jump).format("%Y-%m-%dT%H:%M:%S");
            Err(format!(
                "{time} on {date} does not exist in {zone}: the clocks jump from {} to {} \
                 that night; write a full date-time with offset instead (e.g. \"{example}{}\")",
                offset_words(before),
                offset_words(after),
                offset_words(after),
            ))
        }
        LocalResult::Ambiguous(first, second) => {
            let (a, b) = (first.offset().fix(), second.offset().fix());
            let written = local.format("%Y-%m-%dT%H:%M:%S");
            Err(format!(
                "{time} on {date} happens twice in {zone} (at {} and again at {}); write a \
                 full date-time with offset instead: \"{written}{}\" or \"{written}{}\"",
                offset_words(a.local_minus_utc()),
                offset_words(b.local_minus_utc()),
                offset_words(a.local_minus_utc()),
                offset_words(b.local_minus_utc()),
            ))
        }
    }
}

/// The wall-clock date-time of an instant in `zone`.
pub fn wall_clock(zone: Tz, at: DateTime<Utc>) -> NaiveDateTime {
    at.with_timezone(&zone).naive_local()
}

/// The zone's UTC offset in seconds around a wall-clock time (read as if UTC;
/// good enough a day away from a transition).
fn offset_seconds(zone: Tz, near: NaiveDateTime) -> i32 {
    zone.offset_from_utc_datetime(&near).fix().local_minus_utc()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").unwrap()
    }

    #[test]
    fn written_times() {
        assert!(matches!(
            WrittenTime::parse("09:00"),
            Ok(WrittenTime::Plain(_))
        ));
        assert!(matches!(
            WrittenTime::parse("09:00:30"),
            Ok(WrittenTime::Plain(_))
        ));
        assert!(matches!(
            WrittenTime::parse("2022-06-01T09:00:00+08:00"),
            Ok(WrittenTime::Exact(_))
        ));
        assert!(matches!(
            WrittenTime::parse("2022-06-01T09:00"),
            Ok(WrittenTime::Local(_))
        ));
        assert!(WrittenTime::parse("9am").unwrap_err().contains("HH:MM"));
        assert!(WrittenTime::parse("25:00").is_err());
    }

    #[test]
    fn a_time_in_the_spring_gap_names_both_offsets() {
        let la: Tz = "America/Los_Angeles".parse().unwrap();
        let err = instant(la, local("2022-03-13T02:30")).unwrap_err();
        assert!(
            err.contains("does not exist in America/Los_Angeles"),
            "{err}"
        );
        assert!(err.contains("-08:00 to -07:00"), "{err}");
        assert!(err.contains("2022-03-13"), "{err}");
    }

    #[test]
    fn a_time_in_the_autumn_fold_names_both_offsets() {
        let la: Tz = "America/Los_Angeles".parse().unwrap();
        let err = instant(la, local("2022-11-06T01:30")).unwrap_err();
        assert!(err.contains("happens twice"), "{err}");
        assert!(err.contains("2022-11-06T01:30:00-07:00"), "{err}");
        assert!(err.contains("2022-11-06T01:30:00-08:00"), "{err}");
    }

    #[test]
    fn lord_howe_half_hour_fold() {
        // Lord Howe Island falls back from +11:00 to +10:30 at 02:00 local.
        let lhi: Tz = "Australia/Lord_Howe".parse().unwrap();
        let err = instant(lhi, local("2022-04-03T01:45")).unwrap_err();
        assert!(err.contains("+11:00") && err.contains("+10:30"), "{err}");
        let ok = instant(lhi, local("2022-04-03T02:15")).unwrap();
        assert_eq!(ok.to_rfc3339(), "2022-04-02T15:45:00+00:00");
    }
}
