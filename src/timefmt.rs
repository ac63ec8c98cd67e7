//! Reading and writing times the way a person does. Arithmetic happens on UTC
//! instants elsewhere; this module only converts at the edges.

use chrono::{DateTime, TimeDelta, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

use crate::agenda::HourFormat;

/// Parses a human duration such as `90s`, `10m`, `1h30m` or `1h30m15s`.
pub fn parse_duration(text: &str) -> Result<TimeDelta, String> {
    let hint = "write it as e.g. \"90s\", \"10m\" or \"1h30m\"";
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(format!("empty duration: {hint}"));
    }
    let mut total: i64 = 0;
    let mut number = String::new();
    let mut last_unit_rank = 0;
    for c in trimmed.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let (seconds, rank) = match c {
            'h' => (3600, 3),
            'm' => (60, 2),
            's' => (1, 1),
            _ => return Err(format!("unexpected {c:?} in duration {trimmed:?}: {hint}")),
        };
        if number.is_empty() {
            return Err(format!(
                "a number must come before {c:?} in {trimmed:?}: {hint}"
            ));
        }
        if last_unit_rank != 0 && rank >= last_unit_rank {
            return Err(format!(
                "units must go from hours to seconds in {trimmed:?}: {hint}"
            ));
        }
        last_unit_rank = rank;
        let value: i64 = number
            .parse()
            .ok()
            .filter(|v: &i64| *v <= 1_000_000)
            .ok_or_else(|| format!("{number} is too large in {trimmed:?}"))?;
        total += value * seconds;
        number.clear();
    }
    if !number.is_empty() {
        return Err(format!("{trimmed:?} has a number without a unit: {hint}"));
    }
    Ok(TimeDelta::seconds(total))
}

/// A duration written back the way [`parse_duration`] reads it (`1h30m`).
pub fn duration_words(delta: TimeDelta) -> String {
    let total = delta.num_seconds().abs();
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    let mut out = String::new();
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 {
        out.push_str(&format!("{m}m"));
    }
    if s > 0 || out.is_empty() {
        out.push_str(&format!("{s}s"));
    }
    out
}

/// `M:SS` under an hour, `H:MM:SS` from an hour on, without a sign.
pub fn clock_digits(seconds: i64) -> String {
    let total = seconds.unsigned_abs();
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

/// Signed remaining time: `04:10`, or `-01:05` once past zero.
pub fn signed_digits(seconds: i64) -> String {
    if seconds < 0 {
        format!("-{}", clock_digits(seconds))
    } else {
        clock_digits(seconds)
    }
}

/// Over or under a plan: `+01:30`, `-00:45`, `00:00` (the same digits as
/// every other duration on screen).
pub fn signed_clock(seconds: i64) -> String {
    let sign = match seconds.signum() {
        1 => "+",
        -1 => "-",
        _ => "",
    };
    format!("{sign}{}", clock_digits(seconds))
}

/// `M:SS` / `H:MM:SS` without leading zero on the first field.
pub fn short_digits(seconds: i64) -> String {
    let total = seconds.unsigned_abs();
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// Time of day on a clock: `09:27` or `9:27 AM`; with seconds when asked.
pub fn time_of_day<Z: TimeZone>(at: &DateTime<Z>, format: HourFormat, seconds: bool) -> String {
    let (h, m, s) = (at.hour(), at.minute(), at.second());
    match (format, seconds) {
        (HourFormat::H24, false) => format!("{h:02}:{m:02}"),
        (HourFormat::H24, true) => format!("{h:02}:{m:02}:{s:02}"),
        (HourFormat::H12, with_seconds) => {
            let suffix = if h < 12 { "AM" } else { "PM" };
            let h12 = match h % 12 {
                0 => 12,
                other => other,
            };
            if with_seconds {
                format!("{h12}:{m:02}:{s:02} {suffix}")
            } else {
                format!("{h12}:{m:02} {suffix}")
            }
        }
    }
}

/// `Wed 1 Jun`.
pub fn day_label(at: &DateTime<Tz>) -> String {
    at.format("%a %-d %b").to_string()
}

/// RFC 3339 with the zone's own offset at that instant, to the second
/// (`+00:00` for a zone at UTC, such as London in winter).
pub fn rfc3339<Z: TimeZone>(at: &DateTime<Z>) -> String
where
    Z::Offset: std::fmt::Display,
{
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// The first and last days an instant may fall on (UTC): a day inside
/// the years 1 to 9999, so that the instant stays within them in every zone
/// and RFC 3339, which has four-digit years, can write it anywhere.
pub const FIRST_DAY: &str = "0001-01-02";
pub const LAST_DAY: &str = "9999-12-30";

/// Refuses an instant that RFC 3339 cannot write in every zone: too near or
/// outside the years 1 to 9999, or a leap second (chrono keeps `:60`, which
/// would then go back out).
pub fn check_instant(at: DateTime<Utc>) -> Result<(), String> {
    use chrono::NaiveDate;
    let day = at.date_naive();
    let first = NaiveDate::from_ymd_opt(1, 1, 2).expect("a valid date");
    let last = NaiveDate::from_ymd_opt(9999, 12, 30).expect("a valid date");
    if day < first || day > last {
        return Err(format!(
            "{}, out of range: instants must fall between {FIRST_DAY} and {LAST_DAY} (UTC), \
             which every zone writes within the years 1 to 9999",
            at.format("%Y-%m-%dT%H:%M:%SZ")
        ));
    }
    if at.nanosecond() >= 1_000_000_000 {
        return Err(format!(
            "{}:60, a leap second: write the second before or after it",
            at.format("%Y-%m-%dT%H:%M")
        ));
    }
    Ok(())
}

/// A UTC offset as `+08:00`, `-07:00`, `+05:45`.
pub fn offset_words(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let total = seconds.unsigned_abs();
    format!("{sign}{:02}:{:02}", total / 3600, total / 60 % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    #[test]
    fn durations_read_like_people_write_them() {
        assert_eq!(parse_duration("90s"), Ok(TimeDelta::seconds(90)));
        assert_eq!(parse_duration("10m"), Ok(TimeDelta::minutes(10)));
        assert_eq!(parse_duration("1h30m"), Ok(TimeDelta::minutes(90)));
        assert_eq!(parse_duration("1h2m3s"), Ok(TimeDelta::seconds(3723)));
        assert!(parse_duration("10").is_err());
        assert!(parse_duration("m").is_err());
        assert!(parse_duration("3m1h").is_err());
        assert!(parse_duration("1d").is_err());
        assert!(parse_duration("").is_err());
        assert!(parse_duration("99999999999999999999h").is_err());
        assert_eq!(duration_words(TimeDelta::minutes(90)), "1h30m");
        assert_eq!(duration_words(TimeDelta::zero()), "0s");
    }

    #[test]
    fn digits() {
        assert_eq!(clock_digits(0), "00:00");
        assert_eq!(clock_digits(599), "09:59");
        assert_eq!(clock_digits(3723), "1:02:03");
        assert_eq!(signed_digits(-65), "-01:05");
    }

    #[test]
    fn twelve_hour_clock_has_no_zero_hour() {
        let pacific: Tz = "America/Los_Angeles".parse().unwrap();
        let at = Utc.with_ymd_and_hms(2022, 6, 1, 1, 0, 5).unwrap();
        let local = at.with_timezone(&pacific);
        assert_eq!(time_of_day(&local, HourFormat::H12, false), "6:00 PM");
        assert_eq!(time_of_day(&local, HourFormat::H12, true), "6:00:05 PM");
        assert_eq!(time_of_day(&local, HourFormat::H24, false), "18:00");
        assert_eq!(day_label(&local), "Tue 31 May");
        let midnight = Utc.with_ymd_and_hms(2022, 6, 1, 7, 30, 0).unwrap();
        assert_eq!(
            time_of_day(&midnight.with_timezone(&pacific), HourFormat::H12, false),
            "12:30 AM"
        );
        assert_eq!(rfc3339(&local), "2022-05-31T18:00:05-07:00");
        assert_eq!(offset_words(20700), "+05:45");
        assert_eq!(offset_words(-12600), "-03:30");
    }
}
