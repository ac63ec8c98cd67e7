//! Reading one cell as a time, a duration, a date or a yes/no, the ways
//! people type them in a spreadsheet. Messages leave out the cell's name:
//! the caller puts it in front.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Utc};

use super::sheet::Cell;
use crate::agenda::WrittenTime;
use crate::timefmt::parse_duration;

/// A time as a cell gives it. Only `Exact` is an instant; the others are
/// read in the sheet's zone.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CellTime {
    /// `9:00`, `9:00 AM`, a time-formatted cell: on the row's day.
    Plain(NaiveTime),
    /// `2022-06-01 09:00`, a date-time cell: a wall-clock date and time.
    Local(NaiveDateTime),
    /// `2022-06-01T09:00:00+08:00`: an exact instant.
    Exact(DateTime<Utc>),
}

const TIME_HINT: &str = "write it as 09:30, 9:30 AM or 2022-06-01 09:30";

/// A start or end time; `None` for an empty cell.
pub fn time(cell: &Cell) -> Result<Option<CellTime>, String> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Clock(since_midnight) => clock_time(*since_midnight)
            .map(|t| Some(CellTime::Plain(t)))
            .ok_or_else(|| format!("{} is not a time of day: {TIME_HINT}", cell.shown())),
        Cell::DateTime(at) => Ok(Some(CellTime::Local(*at))),
        Cell::Number(n) if (0.0..1.0).contains(n) => {
            // A time typed into a cell formatted as a plain number: Excel
            // keeps it as the fraction of a day.
            let ms = (n * 86_400_000.0).round() as i64;
            clock_time(TimeDelta::milliseconds(ms))
                .map(|t| Some(CellTime::Plain(t)))
                .ok_or_else(|| format!("{n} is not a time: {TIME_HINT}"))
        }
        Cell::Number(n) => Err(not_a_time(&format_number(*n))),
        Cell::Text(text) => text_time(text.trim()).map(Some),
        Cell::Bool(_) | Cell::Error(_) => {
            Err(format!("{} is not a time: {TIME_HINT}", cell.shown()))
        }
    }
}

fn format_number(n: f64) -> String {
    let text = format!("{n:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A time of day from a length since midnight, to the second.
fn clock_time(since_midnight: TimeDelta) -> Option<NaiveTime> {
    // Excel stores 9:00 as 0.375 of a day, which may come back 1 ms short.
    let seconds = u32::try_from((since_midnight.num_milliseconds() + 500).div_euclid(1000)).ok()?;
    NaiveTime::from_num_seconds_from_midnight_opt(seconds, 0)
}

fn text_time(text: &str) -> Result<CellTime, String> {
    if let Some(time) = twelve_hour(text) {
        return time.map(CellTime::Plain);
    }
    for format in ["%H:%M", "%H:%M:%S", "%H:%M:%S%.f"] {
        if let Ok(time) = NaiveTime::parse_from_str(text, format) {
            return Ok(CellTime::Plain(time));
        }
    }
    match WrittenTime::parse(text) {
        Ok(WrittenTime::Plain(time)) => Ok(CellTime::Plain(time)),
        Ok(WrittenTime::Local(local)) => Ok(CellTime::Local(local)),
        Ok(WrittenTime::Exact(exact)) => Ok(CellTime::Exact(exact.to_utc())),
        Err(_) => Err(not_a_time(text)),
    }
}

/// `9:00 AM`, `9am`, `12:30 p.m.`: `None` if the text has no AM/PM at all.
fn twelve_hour(text: &str) -> Option<Result<NaiveTime, String>> {
    let compact: String = text
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.')
        .collect();
    let (clock, afternoon) = if let Some(clock) = compact.strip_suffix("am") {
        (clock, false)
    } else {
        (compact.strip_suffix("pm")?, true)
    };
    let mut parts = clock.split(':');
    let numbers: Option<Vec<u32>> = parts.by_ref().map(|p| p.parse().ok()).collect();
    let time = numbers.and_then(|numbers| {
        let (hour, minute, second) = match numbers.as_slice() {
            [h] => (*h, 0, 0),
            [h, m] => (*h, *m, 0),
            [h, m, s] => (*h, *m, *s),
            _ => return None,
        };
        if !(1..=12).contains(&hour) {
            return None;
        }
        let hour = hour % 12 + if afternoon { 12 } else { 0 };
        NaiveTime::from_hms_opt(hour, minute, second)
    });
    Some(time.ok_or_else(|| not_a_time(text)))
}

/// `"9.30" is not a time: write 09:30`, guessing what was meant where a
/// dot, a comma or an `h` stands for the colon.
fn not_a_time(text: &str) -> String {
    let guess = text
        .split_once(['.', ',', 'h', 'H'])
        .and_then(|(h, m)| {
            let hour: u32 = h.trim().parse().ok()?;
            let m = m.trim();
            let minute: u32 = match m.len() {
                1 => m.parse::<u32>().ok()? * 10,
                2 => m.parse().ok()?,
                _ => return None,
            };
            NaiveTime::from_hms_opt(hour, minute, 0)
        })
        .map(|time| time.format("%H:%M").to_string());
    match guess {
        Some(guess) => format!("{text:?} is not a time: write {guess}"),
        None => format!("{text:?} is not a time: {TIME_HINT}"),
    }
}

const DURATION_HINT: &str = "write minutes (10), 0:10:00 or 10m";

/// A length: `10` (minutes), `0:10:00`, `1:30` (h:mm), `10m`, `1h30m`, a
/// time- or duration-formatted cell; `None` for an empty cell.
pub fn duration(cell: &Cell) -> Result<Option<TimeDelta>, String> {
    let length = match cell {
        Cell::Empty => return Ok(None),
        Cell::Clock(length) => *length,
        Cell::Number(n) if n.fract() == 0.0 && *n >= 0.0 && *n <= 1440.0 => {
            TimeDelta::minutes(*n as i64)
        }
        Cell::Text(text) => text_duration(text.trim())?,
        other => {
            return Err(format!(
                "{} is not a duration: {DURATION_HINT}",
                other.shown()
            ));
        }
    };
    if length <= TimeDelta::zero() {
        return Err(format!(
            "{} is not a length: give the segment's real length ({DURATION_HINT})",
            cell.shown()
        ));
    }
    Ok(Some(length))
}

fn text_duration(text: &str) -> Result<TimeDelta, String> {
    let words = text
        .to_lowercase()
        .trim_end_matches("minutes")
        .trim_end_matches("minute")
        .trim_end_matches("mins")
        .trim_end_matches("min")
        .trim()
        .to_string();
    if let Ok(minutes) = words.parse::<u32>() {
        return Ok(TimeDelta::minutes(i64::from(minutes)));
    }
    let numbers: Option<Vec<i64>> = words.split(':').map(|p| p.parse().ok()).collect();
    match numbers.as_deref() {
        Some([h, m]) if *m < 60 => return Ok(TimeDelta::minutes(h * 60 + m)),
        Some([h, m, s]) if *m < 60 && *s < 60 => {
            return Ok(TimeDelta::seconds(h * 3600 + m * 60 + s));
        }
        _ => {}
    }
    parse_duration(&words).map_err(|_| format!("{text:?} is not a duration: {DURATION_HINT}"))
}

/// A day: `2022-06-01` or a date cell; `None` for an empty cell.
pub fn date(cell: &Cell) -> Result<Option<NaiveDate>, String> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::DateTime(at) => Ok(Some(at.date())),
        Cell::Text(text) => {
            let text = text.trim();
            // Year-month-day, or a month by name (`Jun 1, 2022`,
            // `Wednesday, June 1, 2022`, `1 June 2022`): never 6/1/2022.
            let formats = [
                "%Y-%m-%d",
                "%b %d, %Y",
                "%B %d, %Y",
                "%A, %B %d, %Y",
                "%a, %b %d, %Y",
                "%d %b %Y",
                "%d %B %Y",
            ];
            formats
                .iter()
                .find_map(|format| NaiveDate::parse_from_str(text, format).ok())
                .map(Some)
                .ok_or_else(|| {
                    format!(
                        "{text:?} is not a date: write it as year-month-day, e.g. 2022-06-01 \
                         (a date such as 6/1/2022 reads differently in the US and in Europe)"
                    )
                })
        }
        other => Err(format!(
            "{} is not a date: write it as year-month-day, e.g. 2022-06-01",
            other.shown()
        )),
    }
}

/// A yes/no column such as `Hard end`: a checkbox (TRUE/FALSE), yes/no, x.
pub fn flag(cell: &Cell) -> Result<bool, String> {
    match cell {
        Cell::Empty => Ok(false),
        Cell::Bool(b) => Ok(*b),
        Cell::Number(n) if *n == 0.0 || *n == 1.0 => Ok(*n == 1.0),
        Cell::Text(text) => match text.trim().to_lowercase().as_str() {
            "true" | "yes" | "y" | "x" | "✓" | "✔" | "1" => Ok(true),
            "false" | "no" | "n" | "0" | "-" => Ok(false),
            _ => Err(format!(
                "{} is not yes or no: write TRUE or FALSE (or tick a checkbox)",
                cell.shown()
            )),
        },
        other => Err(format!(
            "{} is not yes or no: write TRUE or FALSE",
            other.shown()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    fn plain(h: u32, m: u32) -> Option<CellTime> {
        Some(CellTime::Plain(NaiveTime::from_hms_opt(h, m, 0).unwrap()))
    }

    #[test]
    fn times_as_people_type_them() {
        assert_eq!(time(&text("9:00")), Ok(plain(9, 0)));
        assert_eq!(time(&text("09:00:00")), Ok(plain(9, 0)));
        assert_eq!(time(&text("9:00 AM")), Ok(plain(9, 0)));
        assert_eq!(time(&text("6:10 PM")), Ok(plain(18, 10)));
        assert_eq!(time(&text("12:30 a.m.")), Ok(plain(0, 30)));
        assert_eq!(time(&text("12 PM")), Ok(plain(12, 0)));
        assert_eq!(time(&text("9pm")), Ok(plain(21, 0)));
        assert_eq!(time(&Cell::Number(0.375)), Ok(plain(9, 0)));
        assert_eq!(
            time(&Cell::Clock(TimeDelta::milliseconds(32_399_999))),
            Ok(plain(9, 0))
        );
        assert_eq!(time(&Cell::Empty), Ok(None));
    }

    #[test]
    fn a_time_with_a_dot_gets_the_colon_it_meant() {
        assert_eq!(
            time(&text("9.30")).unwrap_err(),
            r#""9.30" is not a time: write 09:30"#
        );
        assert_eq!(
            time(&Cell::Number(9.3)).unwrap_err(),
            r#""9.3" is not a time: write 09:30"#
        );
        assert!(
            time(&text("13:00 PM"))
                .unwrap_err()
                .contains("is not a time")
        );
        assert!(time(&text("soon")).unwrap_err().contains("09:30, 9:30 AM"));
    }

    #[test]
    fn durations_as_people_type_them() {
        let min = |m| Ok(Some(TimeDelta::minutes(m)));
        assert_eq!(duration(&text("10")), min(10));
        assert_eq!(duration(&text("0:10:00")), min(10));
        assert_eq!(duration(&text("1:30")), min(90));
        assert_eq!(duration(&text("10m")), min(10));
        assert_eq!(duration(&text("10 min")), min(10));
        assert_eq!(duration(&text("1h30m")), min(90));
        assert_eq!(duration(&Cell::Number(15.0)), min(15));
        assert_eq!(duration(&Cell::Clock(TimeDelta::minutes(5))), min(5));
        assert!(
            duration(&text("ten"))
                .unwrap_err()
                .contains("not a duration")
        );
        assert!(duration(&text("0")).unwrap_err().contains("not a length"));
    }

    #[test]
    fn dates_and_flags() {
        let day = NaiveDate::from_ymd_opt(2022, 6, 1).unwrap();
        assert_eq!(date(&text("2022-06-01")), Ok(Some(day)));
        assert!(date(&text("6/1/2022")).unwrap_err().contains("2022-06-01"));
        for written in [
            "Jun 1, 2022",
            "Wednesday, June 1, 2022",
            "1 June 2022",
            "01 Jun 2022",
        ] {
            assert_eq!(date(&text(written)), Ok(Some(day)), "{written}");
        }
        assert_eq!(flag(&text("TRUE")), Ok(true));
        assert_eq!(flag(&Cell::Bool(false)), Ok(false));
        assert_eq!(flag(&Cell::Empty), Ok(false));
        assert!(flag(&text("maybe")).is_err());
    }
}
