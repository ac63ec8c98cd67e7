//! Bad agendas: every problem is `FILE:LINE:COLUMN: error: ...`, pointing at
//! what is wrong and saying how to fix it; nothing panics. Warnings leave the
//! agenda valid.

use std::path::{Path, PathBuf};

use showclock::agenda::{self, Diagnostic, Severity};

const FILE: &str = "bad.toml";

const EVENT: &str = r#"[event]
title = "Show"
date = 2022-06-01
timezone = "Asia/Shanghai"
"#;

/// The problems found in an agenda that must not load.
fn errors_in(text: &str) -> Vec<Diagnostic> {
    match agenda::parse(FILE, text) {
        Ok(load) => panic!("expected errors, got a valid agenda: {:#?}", load.agenda),
        Err(problems) => {
            assert!(!problems.is_empty());
            for p in &problems {
                assert_eq!(p.severity, Severity::Error, "{p}");
                assert_eq!(p.file, FILE);
                assert!(p.line >= 1 && p.column >= 1, "{p}");
            }
            problems
        }
    }
}

fn warnings_in(text: &str) -> Vec<Diagnostic> {
    match agenda::parse(FILE, text) {
        Ok(load) => {
            for w in &load.warnings {
                assert_eq!(w.severity, Severity::Warning, "{w}");
                assert!(w.to_string().starts_with(&format!("{FILE}:")), "{w}");
            }
            load.warnings
        }
        Err(problems) => panic!(
            "expected a valid agenda, got:\n{}",
            problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

/// Line and column (1-based, in characters) of the `nth` occurrence of `needle`.
fn position(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let offset = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} #{nth} not in the text"))
        .0;
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, text[line_start..offset].chars().count() + 1)
}

/// The one diagnostic at `needle` (its `nth` occurrence); its message must
/// hold every fragment. Returns the rendered line.
fn diagnostic_at(
    diagnostics: &[Diagnostic],
    text: &str,
    needle: &str,
    nth: usize,
    fragments: &[&str],
) -> String {
    let (line, column) = position(text, needle, nth);
    let rendered: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    let found: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| (d.line, d.column) == (line, column))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected one diagnostic at {line}:{column} ({needle:?}), got:\n{}",
        rendered.join("\n")
    );
    let shown = found[0].to_string();
    let kind = match found[0].severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    assert!(
        shown.starts_with(&format!("{FILE}:{line}:{column}: {kind}: ")),
        "{shown}"
    );
    for fragment in fragments {
        assert!(shown.contains(fragment), "{fragment:?} not in: {shown}");
    }
    shown
}

fn segment(title: &str, start: &str, end: &str) -> String {
    format!("\n[[segment]]\ntitle = \"{title}\"\nstart = \"{start}\"\nend = \"{end}\"\n")
}

/// A scratch folder removed when the test ends.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!(
            "showclock-agenda-errors-{}-{name}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn load_errors(path: &Path) -> Vec<String> {
    match agenda::load(path) {
        Ok(_) => panic!("{} loaded", path.display()),
        Err(problems) => problems.iter().map(ToString::to_string).collect(),
    }
}

// ---------------------------------------------------------------- files

#[test]
fn a_missing_file_is_named_with_a_hint() {
    let dir = TempDir::new("missing");
    let path = dir.0.join("nowhere.toml");
    let errors = load_errors(&path);
    assert_eq!(errors.len(), 1);
    let expected = format!("{}:1:1: error: cannot read the agenda", path.display());
    assert!(errors[0].starts_with(&expected), "{}", errors[0]);
    assert!(
        errors[0].contains("give the agenda's path"),
        "{}",
        errors[0]
    );
}

#[test]
fn a_non_utf8_file_is_located_at_the_first_bad_byte() {
    let dir = TempDir::new("latin1");
    // "Café" saved as Latin-1: the é is the byte 0xE9.
    let path = dir.file("latin1.toml", b"[event]\ntitle = \"Caf\xe9\"\n");
    let errors = load_errors(&path);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let expected = format!("{}:2:13: error: the file is not UTF-8", path.display());
    assert!(errors[0].starts_with(&expected), "{}", errors[0]);
    assert!(errors[0].contains("save it as UTF-8"), "{}", errors[0]);
}

#[test]
fn a_directory_is_not_an_agenda() {
    let dir = TempDir::new("directory");
    let errors = load_errors(&dir.0);
    assert!(errors[0].contains("cannot read the agenda"), "{errors:#?}");
}

#[test]
fn text_that_is_not_toml_is_located() {
    let text = "[event\ntitle = \"x\"\n";
    let problems = errors_in(text);
    let shown = problems[0].to_string();
    assert!(
        shown.starts_with("bad.toml:1:7: error: this is not valid TOML"),
        "{shown}"
    );

    let text = format!("{EVENT}title = \"again\"\n");
    let problems = errors_in(&text);
    let shown = problems[0].to_string();
    assert!(shown.starts_with("bad.toml:5:"), "{shown}");
    assert!(shown.contains("not valid TOML"), "{shown}");

    let text = format!("{EVENT}\n[[segment]]\ntitle = \"A\nstart = \"09:00\"\n");
    let shown = errors_in(&text)[0].to_string();
    assert!(shown.starts_with("bad.toml:7:"), "{shown}");
    assert!(shown.contains("invalid basic string"), "{shown}");
}

// ---------------------------------------------------------------- fields

#[test]
fn unknown_fields_are_errors_with_the_nearest_name() {
    let text = r#"[event]
titel = "Show"
date = 2022-06-01
timezone = "Asia/Shanghai"

[[clock]]
label = "Beijing"
timezone = "Asia/Shanghai"
hour_fromat = "12h"

[alerts]
warnign = "2m"

[[segment]]
title = "A"
stat = "09:00"
start = "09:00"
end = "09:10"
speakers = [ { name = "Ann", organisation = "ACME" } ]
moderator = { name = "Bo", rol = "Host" }

[[contact]]
name = "Cy"
emial = "cy@example.org"

[extra]
x = 1
"#;
    let problems = errors_in(text);
    diagnostic_at(
        &problems,
        text,
        "titel",
        0,
        &["unknown key `titel` in [event]", "did you mean `title`?"],
    );
    diagnostic_at(
        &problems,
        text,
        "hour_fromat",
        0,
        &["did you mean `hour_format`?"],
    );
    diagnostic_at(&problems, text, "warnign", 0, &["did you mean `warning`?"]);
    diagnostic_at(
        &problems,
        text,
        "stat ",
        0,
        &["unknown key `stat` in [[segment]]", "did you mean `start`?"],
    );
    diagnostic_at(
        &problems,
        text,
        "organisation",
        0,
        &["did you mean `organization`?"],
    );
    diagnostic_at(&problems, text, "rol ", 0, &["did you mean `role`?"]);
    diagnostic_at(
        &problems,
        text,
        "emial",
        0,
        &[
            "unknown key `emial` in [[contact]]",
            "did you mean `email`?",
        ],
    );
    // Nothing near: the valid names are listed.
    diagnostic_at(
        &problems,
        text,
        "extra",
        0,
        &["unknown key `extra`", "`event`", "`segment`"],
    );
    // The missing title is reported too, on the [event] table.
    assert!(
        problems
            .iter()
            .any(|p| p.message.contains("[event] has no `title`")),
        "{problems:#?}"
    );
}

#[test]
fn fields_of_the_wrong_type_say_what_is_expected() {
    let text = format!(
        "{EVENT}\n[alerts]\nbell = \"yes\"\n\n[[segment]]\ntitle = 3\nstart = 9\nend = \"09:10\"\nhard_end = \"no\"\nspeakers = \"Ann\"\n"
    );
    let problems = errors_in(&text);
    diagnostic_at(&problems, &text, "\"yes\"", 0, &["must be true or false"]);
    diagnostic_at(&problems, &text, "3\n", 0, &["`title`", "must be a string"]);
    diagnostic_at(
        &problems,
        &text,
        "9\n",
        0,
        &["`start` must be a time such as \"09:00\""],
    );
    diagnostic_at(&problems, &text, "\"no\"", 0, &["true or false"]);
    diagnostic_at(
        &problems,
        &text,
        "\"Ann\"",
        0,
        &["`speakers` must be a list"],
    );
}

#[test]
fn unreadable_times_and_dates_show_the_accepted_forms() {
    let text = r#"[event]
title = "Show"
date = "1 June 2022"
timezone = "Asia/Shanghai"

[[segment]]
title = "A"
start = "9am"
end = "25:00"
"#;
    let problems = errors_in(text);
    diagnostic_at(
        &problems,
        text,
        "\"1 June",
        0,
        &["is not a date", "YYYY-MM-DD"],
    );
    diagnostic_at(
        &problems,
        text,
        "\"9am\"",
        0,
        &["is not a time", "\"HH:MM\""],
    );
    diagnostic_at(&problems, text, "\"25:00\"", 0, &["is not a time"]);
}

// ---------------------------------------------------------------- zones

#[test]
fn unknown_zones_suggest_the_nearest_iana_name() {
    let text = r#"[event]
title = "Show"
date = 2022-06-01
timezone = "Asia/Shangai"

[[clock]]
label = "Pacific"
timezone = "America/Los_Angles"

[[clock]]
label = "Kathmandu"
timezone = "Kathmandu"

[[clock]]
label = "LA"
timezone = "Los Angeles"

[[clock]]
label = "Nowhere"
timezone = "Xyzzy/Qwerty"

[[segment]]
title = "A"
start = "09:00"
end = "09:10"
speakers = [ { name = "Ann", timezone = "Europe/Londn" } ]
"#;
    let problems = errors_in(text);
    diagnostic_at(
        &problems,
        text,
        "\"Asia/Shangai\"",
        0,
        &[
            "unknown time zone \"Asia/Shangai\" in [event]",
            "did you mean \"Asia/Shanghai\"?",
        ],
    );
    diagnostic_at(
        &problems,
        text,
        "\"America/Los_Angles\"",
        0,
        &["did you mean \"America/Los_Angeles\"?"],
    );
    diagnostic_at(
        &problems,
        text,
        "\"Kathmandu\"",
        1,
        &["did you mean \"Asia/Kathmandu\"?"],
    );
    diagnostic_at(
        &problems,
        text,
        "\"Los Angeles\"",
        0,
        &["did you mean \"America/Los_Angeles\"?"],
    );
    diagnostic_at(
        &problems,
        text,
        "\"Xyzzy/Qwerty\"",
        0,
        &["use an IANA name such as \"Asia/Shanghai\""],
    );
    diagnostic_at(
        &problems,
        text,
        "\"Europe/Londn\"",
        0,
        &["did you mean \"Europe/London\"?"],
    );
}

#[test]
fn a_plain_time_in_a_spring_forward_gap_names_date_zone_and_offsets() {
    let text = r#"[event]
title = "Show"
date = 2022-03-13
timezone = "America/Los_Angeles"

[[segment]]
title = "A"
start = "02:30"
end = "03:30"
"#;
    let problems = errors_in(text);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    diagnostic_at(
        &problems,
        text,
        "\"02:30\"",
        0,
        &[
            "02:30:00 on 2022-03-13 does not exist in America/Los_Angeles",
            "-08:00 to -07:00",
            "write a full date-time with offset",
            "(e.g. \"2022-03-13T03:30:00-07:00\")",
        ],
    );
}

#[test]
fn a_plain_time_in_a_fall_back_fold_names_date_zone_and_both_offsets() {
    let text = r#"[event]
title = "Show"
date = 2022-11-06
timezone = "America/Los_Angeles"

[[segment]]
title = "A"
start = "00:30"
end = "01:30"
"#;
    let problems = errors_in(text);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    diagnostic_at(
        &problems,
        text,
        "\"01:30\"",
        0,
        &[
            "01:30:00 on 2022-11-06 happens twice in America/Los_Angeles",
            "-07:00",
            "-08:00",
            "\"2022-11-06T01:30:00-07:00\" or \"2022-11-06T01:30:00-08:00\"",
        ],
    );
}

#[test]
fn gaps_and_folds_in_other_zones() {
    // London: 2022-10-30 01:30 happens at +01:00 and again at +00:00.
    let text = "[event]\ntitle = \"S\"\ndate = 2022-10-30\ntimezone = \"Europe/London\"\n"
        .to_string()
        + &segment("A", "01:30", "02:30");
    diagnostic_at(
        &errors_in(&text),
        &text,
        "\"01:30\"",
        0,
        &["2022-10-30", "Europe/London", "+01:00", "+00:00"],
    );
    // Lord Howe: 2022-10-02 02:00-02:30 does not exist (+10:30 -> +11:00).
    let text = "[event]\ntitle = \"S\"\ndate = 2022-10-02\ntimezone = \"Australia/Lord_Howe\"\n"
        .to_string()
        + &segment("A", "01:00", "02:15");
    diagnostic_at(
        &errors_in(&text),
        &text,
        "\"02:15\"",
        0,
        &[
            "2022-10-02",
            "Australia/Lord_Howe",
            "does not exist",
            "+10:30 to +11:00",
            // Half an hour on: 02:15 on a clock that did not jump.
            "(e.g. \"2022-10-02T02:45:00+11:00\")",
        ],
    );
    // Lord Howe: 2022-04-03 01:30-02:00 happens twice (+11:00, then +10:30).
    let text = "[event]\ntitle = \"S\"\ndate = 2022-04-03\ntimezone = \"Australia/Lord_Howe\"\n"
        .to_string()
        + &segment("A", "01:45", "03:00");
    diagnostic_at(
        &errors_in(&text),
        &text,
        "\"01:45\"",
        0,
        &["happens twice", "+11:00", "+10:30"],
    );
    // Chatham: 2022-09-25 02:45 -> 03:45 (+12:45 -> +13:45).
    let text = "[event]\ntitle = \"S\"\ndate = 2022-09-25\ntimezone = \"Pacific/Chatham\"\n"
        .to_string()
        + &segment("A", "03:00", "04:00");
    diagnostic_at(
        &errors_in(&text),
        &text,
        "\"03:00\"",
        0,
        &["does not exist in Pacific/Chatham", "+12:45 to +13:45"],
    );
}

#[test]
fn a_time_with_an_offset_inside_the_fold_is_accepted() {
    let text = r#"[event]
title = "Show"
date = 2022-11-06
timezone = "America/Los_Angeles"

[[segment]]
title = "A"
start = "00:30"
end = "2022-11-06T01:30:00-08:00"
"#;
    assert!(agenda::parse(FILE, text).is_ok());
}

// ---------------------------------------------------------------- lengths

#[test]
fn an_end_before_the_start_is_a_typo_not_a_day_long_segment() {
    let text = format!("{EVENT}{}", segment("Panel", "09:40", "09:35"));
    let problems = errors_in(&text);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    diagnostic_at(
        &problems,
        &text,
        "\"09:35\"",
        0,
        &[
            "would end at 09:35 the next day and last 23h55m",
            "09:35 is not after its start 09:40",
            "fix the end",
        ],
    );
}

#[test]
fn an_end_that_rolls_past_midnight_is_fine_under_twelve_hours() {
    let text = format!("{EVENT}{}", segment("Late", "22:00", "09:59"));
    let load = agenda::parse(FILE, &text).unwrap();
    assert_eq!(
        load.agenda.segments[0].planned_duration().num_minutes(),
        719
    );
    let text = format!("{EVENT}{}", segment("Too late", "22:00", "10:01"));
    diagnostic_at(
        &errors_in(&text),
        &text,
        "\"10:01\"",
        0,
        &["the next day and last 12h1m"],
    );
}

#[test]
fn a_start_earlier_than_the_time_before_it_by_more_than_twelve_hours_is_a_typo() {
    let text = format!(
        "{EVENT}{}{}",
        segment("A", "09:00", "10:00"),
        segment("B", "08:00", "08:30")
    );
    let problems = errors_in(&text);
    diagnostic_at(
        &problems,
        &text,
        "\"08:00\"",
        0,
        &[
            "08:00 is earlier than 10:00",
            "falls on the next day, 22h later",
            "date = 2022-06-02",
        ],
    );
}

#[test]
fn absurd_durations_are_errors() {
    let text = format!(
        "{EVENT}
[alerts]
warning = \"2h\"
final = \"1m\"

[[segment]]
title = \"A\"
start = \"09:00\"
duration = \"100h\"

[[segment]]
title = \"B\"
start = \"10:00\"
duration = \"0m\"

[[segment]]
title = \"C\"
start = \"11:00\"
duration = \"10\"

[[segment]]
title = \"D\"
start = \"12:00\"
duration = \"99999999999h\"

[[segment]]
title = \"E\"
start = \"13:00\"
end = \"2022-06-03T13:00:00+08:00\"

[[segment]]
title = \"F\"
start = \"14:00\"
end = \"14:10\"
duration = \"10m\"
"
    );
    let problems = errors_in(&text);
    diagnostic_at(
        &problems,
        &text,
        "\"2h\"",
        0,
        &["the warning alert must come at most 1h before the end"],
    );
    diagnostic_at(
        &problems,
        &text,
        "\"100h\"",
        0,
        &["100h is longer than 24h"],
    );
    diagnostic_at(&problems, &text, "\"0m\"", 0, &["0m is zero"]);
    diagnostic_at(
        &problems,
        &text,
        "\"10\"",
        0,
        &["number without a unit", "\"1h30m\""],
    );
    diagnostic_at(&problems, &text, "\"99999999999h\"", 0, &["too large"]);
    diagnostic_at(
        &problems,
        &text,
        "\"2022-06-03T13:00:00+08:00\"",
        0,
        &["would last 48h", "longer than 24h"],
    );
    diagnostic_at(
        &problems,
        &text,
        "\"10m\"\n",
        0,
        &["both `end` and `duration`", "keep one"],
    );
    // A bad duration is reported once, not again as a segment with no end.
    assert!(
        !problems.iter().any(|p| p.message.contains("no end")),
        "{problems:#?}"
    );
}

#[test]
fn the_final_alert_must_come_after_the_warning() {
    let text = format!(
        "{EVENT}\n[alerts]\nwarning = \"1m\"\nfinal = \"2m\"\n{}",
        segment("A", "09:00", "09:10")
    );
    diagnostic_at(
        &errors_in(&text),
        &text,
        "\"2m\"",
        0,
        &["final alert (2m) comes before the warning (1m)"],
    );
}

// ---------------------------------------------------------------- structure

#[test]
fn an_empty_agenda_says_what_to_add() {
    let problems = errors_in("");
    assert_eq!(problems.len(), 1);
    assert_eq!(
        problems[0].to_string(),
        "bad.toml:1:1: error: the agenda has no [event] table: add one with title, date and timezone"
    );
    let problems = errors_in("# nothing yet\n\n");
    assert!(problems[0].message.contains("no [event] table"));
}

#[test]
fn an_agenda_without_segments_says_to_add_one() {
    for text in [EVENT.to_string(), format!("segment = []\n{EVENT}")] {
        let problems = errors_in(&text);
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert_eq!(
            problems[0].to_string(),
            "bad.toml:1:1: error: the agenda has no segments: add at least one [[segment]] with title, start and end"
        );
    }
    let text = format!("segment = \"none\"\n{EVENT}");
    diagnostic_at(
        &errors_in(&text),
        &text,
        "\"none\"",
        0,
        &["`segment` must be written as [[segment]] tables"],
    );
}

#[test]
fn an_event_without_title_date_or_zone_names_each() {
    let text = "[event]\n\n[[segment]]\ntitle = \"A\"\nstart = \"09:00\"\nend = \"09:10\"\n";
    let problems = errors_in(text);
    let at_event: Vec<&str> = problems
        .iter()
        .filter(|p| (p.line, p.column) == (1, 1))
        .map(|p| p.message.as_str())
        .collect();
    assert!(
        at_event.iter().any(|m| m.contains("no `title`")),
        "{at_event:#?}"
    );
    assert!(
        at_event.iter().any(|m| m.contains("no date")),
        "{at_event:#?}"
    );
    assert!(
        at_event.iter().any(|m| m.contains("no `timezone`")),
        "{at_event:#?}"
    );
}

#[test]
fn duplicate_clocks_are_errors_at_the_second_clock() {
    let text = format!(
        "{EVENT}
[[clock]]
label = \"Beijing\"
timezone = \"Asia/Shanghai\"

[[clock]]
label = \"Beijing\"
timezone = \"Europe/London\"

[[clock]]
label = \"China\"
timezone = \"Asia/Shanghai\"
{}",
        segment("A", "09:00", "09:10")
    );
    let problems = errors_in(&text);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    diagnostic_at(
        &problems,
        &text,
        "[[clock]]",
        1,
        &["a clock is already labelled \"Beijing\"", "its own label"],
    );
    diagnostic_at(
        &problems,
        &text,
        "[[clock]]",
        2,
        &[
            "clock \"China\" shows Asia/Shanghai like clock \"Beijing\"",
            "remove one",
        ],
    );
}

#[test]
fn a_last_segment_with_no_end_is_an_error() {
    let text = format!(
        "{EVENT}{}\n[[segment]]\ntitle = \"Open\"\nstart = \"09:20\"\n",
        segment("A", "09:00", "09:10")
    );
    let problems = errors_in(&text);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    diagnostic_at(
        &problems,
        &text,
        "[[segment]]",
        1,
        &["the last segment has no end", "end = \"HH:MM\" or duration"],
    );
}

#[test]
fn a_segment_with_no_end_may_not_run_for_days() {
    let text = format!(
        "{EVENT}\n[[segment]]\ntitle = \"A\"\nstart = \"09:00\"\n\n[[segment]]\ntitle = \"B\"\ndate = 2022-06-03\nstart = \"09:00\"\nend = \"10:00\"\n"
    );
    let problems = errors_in(&text);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    diagnostic_at(
        &problems,
        &text,
        "[[segment]]",
        0,
        &[
            "\"A\" has no end, so it runs to the next start, 48h later",
            "give it an end or a duration",
        ],
    );
    // Up to a day is fine.
    let text = text.replace("2022-06-03", "2022-06-02");
    assert!(agenda::parse(FILE, &text).is_ok());
}

#[test]
fn a_segment_without_start_or_title_is_named() {
    let text = format!("{EVENT}\n[[segment]]\nend = \"09:10\"\n");
    let problems = errors_in(&text);
    let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(
        shown
            .iter()
            .any(|s| s.starts_with("bad.toml:6:1: error: this segment has no `start`")),
        "{shown:#?}"
    );
    assert!(
        shown
            .iter()
            .any(|s| s.contains("[[segment]] has no `title`")),
        "{shown:#?}"
    );
}

#[test]
fn segments_out_of_order_are_an_error() {
    let text = format!(
        "{EVENT}{}\n[[segment]]\ntitle = \"B\"\ndate = 2022-06-01\nstart = \"08:00\"\nend = \"08:30\"\n",
        segment("A", "09:00", "09:10")
    );
    diagnostic_at(
        &errors_in(&text),
        &text,
        "\"08:00\"",
        0,
        &[
            "starts before the one above it (\"A\")",
            "in the order they happen",
        ],
    );
}

#[test]
fn every_problem_is_reported_not_only_the_first() {
    let text = format!(
        "{EVENT}{}{}{}",
        segment("A", "9am", "09:10"),
        segment("B", "09:10", "9.20"),
        segment("C", "09:20", "09:30")
    );
    let problems = errors_in(&text);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    diagnostic_at(&problems, &text, "\"9am\"", 0, &["is not a time"]);
    diagnostic_at(&problems, &text, "\"9.20\"", 0, &["is not a time"]);
}

#[test]
fn control_characters_in_messages_are_made_visible() {
    // A quoted key may hold an escape sequence; the message quotes the key.
    let text = format!(
        "{EVENT}\"bad\\u001b[2J\" = 1\n{}",
        segment("A", "09:00", "09:10")
    );
    let problems = errors_in(&text);
    assert!(problems[0].message.contains('\u{1b}'), "{problems:#?}");
    let shown = problems[0].to_string();
    assert!(!shown.contains('\u{1b}'), "{shown:?}");
    assert!(shown.contains("unknown key `bad\u{FFFD}[2J`"), "{shown:?}");
}

#[test]
fn malformed_agendas_never_panic_and_always_locate_the_problem() {
    let cases = [
        "",
        "[",
        "[[segment]]",
        "event = 1",
        "[event]\ntitle = 1\ndate = 1\ntimezone = 1",
        "[event]\ndate = 2022-06-01T09:00:00Z",
        "[[event]]\ntitle = \"x\"",
        "[event]\ntitle=\"x\"\ndate=2022-06-01\ntimezone=\"UTC\"\nclock=[1]\nsegment=[1,{}]\ncontact=[{}]",
        "[event]\ntitle=\"x\"\ndate=0000-01-01\ntimezone=\"UTC\"\n[[segment]]\ntitle=\"a\"\nstart=\"00:00\"\nduration=\"24h\"\n[[segment]]\ntitle=\"b\"\nstart=\"00:00\"",
        "[event]\ntitle=\"x\"\ndate=2022-06-01\ntimezone=\"UTC\"\n[[segment]]\ntitle=\"a\"\nstart=\"09:00\"\n[[segment]]\ntitle=\"b\"\nstart=\"09:00\"\nend=\"10:00\"",
        "\u{feff}[event]",
        "[event]\ntitle = \"\u{0}\"",
    ];
    for text in cases {
        let problems = errors_in(text);
        let lines = text.lines().count().max(1);
        for p in &problems {
            assert!(p.line <= lines + 1, "{p} for {text:?}");
            assert!(!p.message.is_empty());
        }
    }
    // Edge cases that are valid: the last second of a day, the last night
    // that every zone still writes within the year 9999.
    for text in [
        "[event]\ntitle=\"x\"\ndate=2022-06-01\ntimezone=\"UTC\"\n[[segment]]\ntitle=\"a\"\nstart=\"23:59:59\"\nduration=\"1s\"",
        "[event]\ntitle=\"x\"\ndate=9999-12-29\ntimezone=\"UTC\"\n[[segment]]\ntitle=\"a\"\nstart=\"23:00\"\nend=\"01:00\"",
    ] {
        let load = agenda::parse(FILE, text).unwrap();
        assert_eq!(load.agenda.segments.len(), 1);
    }
    // The last night of the calendar ends in the year 10000, which RFC 3339
    // cannot write: refused, where it is written.
    let problems = errors_in(
        "[event]\ntitle=\"x\"\ndate=9999-12-31\ntimezone=\"UTC\"\n[[segment]]\ntitle=\"a\"\nstart=\"23:00\"\nend=\"01:00\"",
    );
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!((problems[0].line, problems[0].column), (7, 7));
    assert!(
        problems[0]
            .message
            .starts_with("the start is 9999-12-31T23:00:00Z, out of range"),
        "{problems:#?}"
    );
}

// ---------------------------------------------------------------- warnings

fn pacific_show(date: &str, times: [&str; 4]) -> String {
    format!(
        "[event]
title = \"Show\"
date = {date}
timezone = \"Asia/Shanghai\"

[[clock]]
label = \"Beijing\"
timezone = \"Asia/Shanghai\"

[[clock]]
label = \"Pacific\"
timezone = \"America/Los_Angeles\"
{}{}",
        segment("A", times[0], times[1]),
        segment("B", times[2], times[3])
    )
}

#[test]
fn a_gap_between_segments_is_a_warning() {
    let text = pacific_show("2022-06-01", ["09:00", "09:10", "09:20", "09:30"]);
    let warnings = warnings_in(&text);
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    diagnostic_at(
        &warnings,
        &text,
        "[[segment]]",
        1,
        &["a gap of 10m before this segment", "\"A\" ends first"],
    );
}

#[test]
fn an_overlap_is_a_warning() {
    // Overlapping plain times would roll to the next day; a date or an
    // exact instant makes the overlap explicit.
    let text = format!(
        "{EVENT}{}\n[[segment]]\ntitle = \"B\"\ndate = 2022-06-01\nstart = \"09:05\"\nend = \"09:20\"\n",
        segment("A", "09:00", "09:10")
    );
    let warnings = warnings_in(&text);
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    diagnostic_at(
        &warnings,
        &text,
        "[[segment]]",
        1,
        &["starts 5m before \"A\" ends", "overlap"],
    );
}

#[test]
fn a_clock_changing_offset_during_the_show_is_a_warning() {
    // Los Angeles springs forward at 2022-03-13 10:00 UTC: 18:00 in Beijing.
    let text = pacific_show("2022-03-13", ["17:30", "18:00", "18:00", "18:30"]);
    let warnings = warnings_in(&text);
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    diagnostic_at(
        &warnings,
        &text,
        "[[clock]]",
        1,
        &[
            "clock \"Pacific\" (America/Los_Angeles) changes its UTC offset from -08:00 to -07:00",
            "at 2022-03-13T03:00:00-07:00 (during the show)",
            "invitations",
        ],
    );
}

#[test]
fn a_clock_changing_offset_in_the_14_days_before_is_a_warning() {
    let text = pacific_show("2022-03-26", ["09:00", "09:10", "09:10", "09:20"]);
    let warnings = warnings_in(&text);
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    diagnostic_at(
        &warnings,
        &text,
        "[[clock]]",
        1,
        &["from -08:00 to -07:00", "before the show"],
    );
    // Fifteen days later it is old news.
    let text = pacific_show("2022-03-29", ["09:00", "09:10", "09:10", "09:20"]);
    assert_eq!(warnings_in(&text), []);
}

#[test]
fn the_events_zone_and_half_hour_changes_are_checked_too() {
    // Lord Howe moves by half an hour; the event's zone is not a clock here.
    let text = r#"[event]
title = "Show"
date = 2022-10-02
timezone = "Australia/Lord_Howe"

[[clock]]
label = "Beijing"
timezone = "Asia/Shanghai"

[[segment]]
title = "A"
start = "09:00"
end = "09:30"
"#;
    let warnings = warnings_in(text);
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    diagnostic_at(
        &warnings,
        text,
        "\"Australia/Lord_Howe\"",
        0,
        &[
            "the event's zone (Australia/Lord_Howe)",
            "from +10:30 to +11:00",
            "before the show",
        ],
    );
}

#[test]
fn the_shipped_agenda_has_no_warnings() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("agenda.toml");
    assert_eq!(agenda::load(&path).unwrap().warnings, []);
}

#[test]
fn bell_at_names_its_moments_and_a_misspelt_one_gets_the_nearest() {
    let text = format!(
        "{EVENT}\n[alerts]\nbell_at = [\"warning\", \"each_minit\", \"zero\", \"sometimes\"]\n\n[[segment]]\ntitle = \"A\"\nstart = \"09:00\"\nend = \"09:10\"\n"
    );
    let problems = errors_in(&text);
    diagnostic_at(
        &problems,
        &text,
        "\"each_minit\"",
        0,
        &[
            "unknown bell moment \"each_minit\"",
            "did you mean \"each_minute\"?",
        ],
    );
    diagnostic_at(
        &problems,
        &text,
        "\"sometimes\"",
        0,
        &["use \"warning\", \"zero\" or \"each_minute\""],
    );
    let good = format!(
        "{EVENT}\n[alerts]\nbell_at = [\"warning\", \"zero\"]\n\n[[segment]]\ntitle = \"A\"\nstart = \"09:00\"\nend = \"09:10\"\n"
    );
    let agenda = agenda::parse(FILE, &good).unwrap().agenda;
    use showclock::agenda::BellAt;
    assert_eq!(agenda.alerts.bell_at, vec![BellAt::Warning, BellAt::Zero]);
    let plain =
        format!("{EVENT}\n[[segment]]\ntitle = \"A\"\nstart = \"09:00\"\nend = \"09:10\"\n");
    assert_eq!(
        agenda::parse(FILE, &plain).unwrap().agenda.alerts.bell_at,
        vec![BellAt::Zero, BellAt::EachMinute],
        "today's behaviour is the default"
    );
}

#[test]
fn role_label_is_for_a_moderator_only() {
    let text = format!(
        "{EVENT}\n[[segment]]\ntitle = \"Q&A\"\nstart = \"09:00\"\nend = \"09:10\"\nmoderator = {{ name = \"Yin Qiu\", role_label = \"Facilitated by\" }}\nspeakers = [{{ name = \"Zhe WANG\", role_label = \"Chaired by\" }}]\n"
    );
    let problems = errors_in(&text);
    diagnostic_at(
        &problems,
        &text,
        "role_label",
        1,
        &["unknown key `role_label`"],
    );
    assert_eq!(problems.len(), 1, "the moderator's is fine: {problems:?}");
}

#[test]
fn an_agenda_holds_at_most_10000_segments_and_10000_characters_a_value() {
    let long = "x".repeat(10_001);
    let text = format!(
        "{EVENT}{}\n[[segment]]\ntitle = \"Notes\"\nstart = \"10:00\"\nend = \"10:30\"\nnotes = \"{long}\"\ncues = [\"{long}\"]\n",
        segment("Talk", "09:00", "09:30")
    );
    let errors = errors_in(&text);
    let needle = format!("\"{long}\"");
    for nth in [0, 1] {
        diagnostic_at(
            &errors,
            &text,
            &needle,
            nth,
            &["is 10001 characters long: at most 10000 fit, shorten it"],
        );
    }
    // Exactly the limit is fine.
    let text = text.replace(&long, &"x".repeat(10_000));
    assert!(agenda::parse(FILE, &text).is_ok());

    let mut text = EVENT.to_string();
    for i in 0..10_001 {
        text.push_str(&format!(
            "\n[[segment]]\ntitle = \"T{i}\"\nstart = \"2022-06-01T09:00:00Z\"\nduration = \"1m\"\n"
        ));
    }
    let errors = errors_in(&text);
    let (line, _) = position(&text, "title = \"T10000\"", 0);
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert!(
        shown.contains(&format!(
            "{FILE}:{}:1: error: segment 10001 of 10001: an agenda has at most 10000 segments; split the show into several agendas",
            line - 1
        )),
        "{shown:?}"
    );
}
