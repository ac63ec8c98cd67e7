//! The real binary: `check`, `status` and `report` as a user runs them.

use std::path::{Path, PathBuf};
use std::process::Command;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn showclock_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_showclock"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    Run {
        code: output
            .status
            .code()
            .expect("exited normally, not by a signal"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// Runs in the repository, where the shipped `agenda.toml` is.
fn showclock(args: &[&str]) -> Run {
    showclock_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// A scratch folder removed when the test ends.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("showclock-cli-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    fn file(&self, name: &str, text: &str) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const AT_09_27: &str = "2022-06-01T09:27:00+08:00";

/// A whole show, run a little late: 08:58 early start, a one-minute
/// extension, an overrun in the second talk, ended at 10:33.
const WHOLE_SHOW: &str = r#"{"at": "2022-06-01T08:58:00+08:00", "action": "start"}
{"at": "2022-06-01T09:08:00+08:00", "action": "next"}

{"at": "2022-06-01T09:10:00+08:00", "action": "extend", "seconds": 60}
{"at": "2022-06-01T09:12:00+08:00", "action": "message", "text": "Wrap up"}
{"at": "2022-06-01T09:26:00+08:00", "action": "next"}
{"at": "2022-06-01T09:42:30+08:00", "action": "next"}
{"at": "2022-06-01T10:15:00+08:00", "action": "next"}
{"at": "2022-06-01T10:15:00+08:00", "action": "clear_message"}
{"at": "2022-06-01T10:29:00+08:00", "action": "next"}
{"at": "2022-06-01T10:33:00+08:00", "action": "end"}
"#;

// ---------------------------------------------------------------- check

#[test]
fn check_summarises_the_shipped_agenda_in_both_clocks() {
    let run = showclock(&["check", "agenda.toml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "", "the shipped agenda has no warnings");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "Supporting China to Accelerate Zero-Emission Medium- and Heavy-duty Vehicles"
    );
    assert_eq!(lines[1], "6 segments, 1h30m from first start to last end");
    assert_eq!(
        lines[2],
        "  Beijing  Wed 1 Jun 09:00 – 10:30  (Asia/Shanghai, UTC+08:00)"
    );
    assert_eq!(
        lines[3],
        "  Pacific  Tue 31 May 6:00 PM – 7:30 PM  (America/Los_Angeles, UTC-07:00)"
    );
    assert!(
        run.stdout
            .contains("    1     09:00   6:00 PM     10m  Welcome and Introduction\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("    6     10:25   7:25 PM      5m  Closing\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn check_reads_agenda_toml_from_the_current_folder_by_default() {
    let with_path = showclock(&["check", "agenda.toml"]);
    let default = showclock(&["check"]);
    assert_eq!(default.code, 0);
    assert_eq!(default.stdout, with_path.stdout);

    let empty = TempDir::new("no-default");
    let run = showclock_in(&empty.0, &["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .starts_with("agenda.toml:1:1: error: cannot read the agenda"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("give the agenda's path"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
}

#[test]
fn check_lists_every_problem_as_file_line_column_and_fails() {
    let dir = TempDir::new("check-bad");
    let path = dir.file(
        "bad.toml",
        r#"[event]
title = "Show"
date = 2022-06-01
timezone = "Asia/Shangai"

[[segment]]
title = "Panel"
start = "09:40"
end = "09:35"
speaker = []
"#,
    );
    let run = showclock(&["check", &path]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "", "no summary for an invalid agenda");
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert!(
        lines.contains(&format!("{path}:4:12: error: unknown time zone \"Asia/Shangai\" in [event]: did you mean \"Asia/Shanghai\"?").as_str()),
        "{lines:#?}"
    );
    assert!(
        lines.contains(
            &format!(
                "{path}:10:1: error: unknown key `speaker` in [[segment]]: did you mean `speakers`?"
            )
            .as_str()
        ),
        "{lines:#?}"
    );
    for line in &lines {
        assert!(line.starts_with(&format!("{path}:")), "{line}");
        assert!(line.contains(": error: "), "{line}");
    }
}

#[test]
fn check_reports_the_twelve_hour_typo() {
    let dir = TempDir::new("check-typo");
    let path = dir.file(
        "typo.toml",
        "[event]\ntitle = \"S\"\ndate = 2022-06-01\ntimezone = \"Asia/Shanghai\"\n\n[[segment]]\ntitle = \"Panel\"\nstart = \"09:40\"\nend = \"09:35\"\n",
    );
    let run = showclock(&["check", &path]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with(&format!(
            "{path}:9:7: error: the segment would end at 09:35 the next day and last 23h55m"
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn check_prints_warnings_but_succeeds() {
    let dir = TempDir::new("check-warn");
    // Los Angeles springs forward during this show (18:00 in Beijing).
    let path = dir.file(
        "dst.toml",
        r#"[event]
title = "Spring"
date = 2022-03-13
timezone = "Asia/Shanghai"

[[clock]]
label = "Beijing"
timezone = "Asia/Shanghai"

[[clock]]
label = "Pacific"
timezone = "America/Los_Angeles"
hour_format = "12h"

[[segment]]
title = "A"
start = "17:30"
end = "18:00"

[[segment]]
title = "B"
start = "18:10"
end = "18:30"
"#,
    );
    let run = showclock(&["check", &path]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let warnings: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    assert!(
        warnings[0].starts_with(&format!("{path}:20:1: warning: a gap of 10m")),
        "{warnings:#?}"
    );
    assert!(
        warnings[1].starts_with(&format!("{path}:10:1: warning: clock \"Pacific\"")),
        "{warnings:#?}"
    );
    assert!(warnings[1].contains("during the show"), "{warnings:#?}");
    // The summary shows each clock's own offset at the start and the span.
    assert!(
        run.stdout
            .contains("  Pacific  Sun 13 Mar 1:30 AM – 3:30 AM  (America/Los_Angeles, UTC-08:00)"),
        "{}",
        run.stdout
    );
}

#[test]
fn check_refuses_a_non_utf8_file_without_panicking() {
    let dir = TempDir::new("check-latin1");
    let path = dir.0.join("latin1.toml");
    std::fs::write(&path, b"[event]\ntitle = \"Caf\xe9\"\n").unwrap();
    let path = path.display().to_string();
    let run = showclock(&["check", &path]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .starts_with(&format!("{path}:2:13: error: the file is not UTF-8")),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"));
}

// ---------------------------------------------------------------- status

#[test]
fn status_at_09_27_shows_the_third_talk_with_13_minutes_left() {
    let run = showclock(&["status", "agenda.toml", "--at", AT_09_27]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "Supporting China to Accelerate Zero-Emission Medium- and Heavy-duty Vehicles — LIVE · ON SCHEDULE (no cue yet: the schedule drives the show)"
    );
    assert_eq!(lines[1], "  Beijing  Wed 1 Jun 09:27:00");
    assert_eq!(lines[2], "  Pacific  Tue 31 May 6:27:00 PM");
    assert_eq!(
        lines[3],
        "Now:  3/6 Zero-emission truck real-world performance in U.S. and Europe and implications for China — 13:00 remaining"
    );
    assert!(
        run.stdout.contains(
            "Next: 4/6 Panel Discussion — in 13:00, at 09:40 Beijing / 6:40 PM Pacific\n"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .ends_with("Show: on time; ends 10:30 Beijing / 7:30 PM Pacific\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn status_before_and_after_the_show() {
    let before = showclock(&["status", "--at", "2022-06-01T08:00:00+08:00"]);
    assert_eq!(before.code, 0);
    assert!(
        before.stdout.contains("— BEFORE THE SHOW · ON SCHEDULE"),
        "{}",
        before.stdout
    );
    assert!(
        before
            .stdout
            .contains("Next: 1/6 Welcome and Introduction — in 1:00:00"),
        "{}",
        before.stdout
    );
    let after = showclock(&["status", "--at", "2022-06-01T12:00:00+08:00"]);
    assert!(after.stdout.contains("— OVER\n"), "{}", after.stdout);
    assert!(!after.stdout.contains("Now:"), "{}", after.stdout);
}

#[test]
fn status_json_reproduces_the_seeds_table() {
    let run = showclock(&["status", "agenda.toml", "--json", "--at", AT_09_27]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    assert_eq!(
        doc["event"],
        "Supporting China to Accelerate Zero-Emission Medium- and Heavy-duty Vehicles"
    );
    assert_eq!(doc["now"], "2022-06-01T01:27:00Z");
    assert_eq!(doc["phase"], "live");
    assert_eq!(doc["clocks"][0]["time"], "2022-06-01T09:27:00+08:00");
    assert_eq!(doc["clocks"][1]["time"], "2022-05-31T18:27:00-07:00");
    assert_eq!(doc["current"]["index"], 2);
    assert_eq!(doc["current"]["remaining_seconds"], 780);
    assert_eq!(doc["current"]["overrun"], false);
    assert_eq!(doc["current"]["speakers"][0], "Yin Qiu");
    assert_eq!(doc["next"]["index"], 3);
    assert_eq!(doc["next"]["starts_in_seconds"], 780);
    assert_eq!(doc["drift_seconds"], 0);
    assert_eq!(doc["projected_end"], "2022-06-01T02:30:00Z");
    assert_eq!(doc["message"], serde_json::Value::Null);

    // Beijing 9:00 AM - 10:30 AM on 1 June; Pacific 6:00 PM - 7:30 PM on 31 May.
    let rows = [
        ("09:00", "09:10", "18:00", "18:10"),
        ("09:10", "09:25", "18:10", "18:25"),
        ("09:25", "09:40", "18:25", "18:40"),
        ("09:40", "10:10", "18:40", "19:10"),
        ("10:10", "10:25", "19:10", "19:25"),
        ("10:25", "10:30", "19:25", "19:30"),
    ];
    let segments = doc["segments"].as_array().unwrap();
    assert_eq!(segments.len(), rows.len());
    for (segment, (bs, be, ps, pe)) in segments.iter().zip(rows) {
        let local = &segment["local"];
        assert_eq!(local[0]["label"], "Beijing");
        assert_eq!(local[0]["start"], format!("2022-06-01T{bs}:00+08:00"));
        assert_eq!(local[0]["end"], format!("2022-06-01T{be}:00+08:00"));
        assert_eq!(local[1]["label"], "Pacific");
        assert_eq!(local[1]["start"], format!("2022-05-31T{ps}:00-07:00"));
        assert_eq!(local[1]["end"], format!("2022-05-31T{pe}:00-07:00"));
    }
}

#[test]
fn status_with_a_journal_shows_the_overrun_the_message_and_the_drift() {
    let dir = TempDir::new("status-journal");
    let until_message: String = WHOLE_SHOW
        .lines()
        .take(5)
        .map(|l| format!("{l}\n"))
        .collect();
    let journal = dir.file("show.jsonl", &until_message);
    let at = "2022-06-01T09:30:00+08:00";
    let run = showclock(&["status", "--journal", &journal, "--at", at]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("MESSAGE to the moderator: Wrap up\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "Now:  2/6 Technology and Commercialization Pathways and Timing for ZE-MHDVs in China — OVERRUN +06:00\n"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Show: 5:00 behind; ends 10:35 Beijing"),
        "{}",
        run.stdout
    );

    let run = showclock(&["status", "--journal", &journal, "--at", at, "--json"]);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["current"]["index"], 1);
    assert_eq!(doc["current"]["started"], "2022-06-01T01:08:00Z");
    assert_eq!(doc["current"]["remaining_seconds"], -360);
    assert_eq!(doc["current"]["overrun"], true);
    assert_eq!(doc["next"]["index"], 2);
    assert_eq!(doc["next"]["starts_in_seconds"], 0);
    assert_eq!(doc["drift_seconds"], 300);
    assert_eq!(doc["projected_end"], "2022-06-01T02:35:00Z");
    assert_eq!(doc["message"], "Wrap up");
    assert_eq!(doc["segments"][0]["actual_start"], "2022-06-01T00:58:00Z");
    assert_eq!(doc["segments"][0]["over_under_seconds"], 0);
}

#[test]
fn status_at_an_instant_ignores_journal_entries_taken_later() {
    let dir = TempDir::new("status-later");
    let journal = dir.file("show.jsonl", WHOLE_SHOW);
    // At 09:30 the show is in its third talk; the 10:33 `end` has not happened.
    let run = showclock(&[
        "status",
        "--journal",
        &journal,
        "--at",
        "2022-06-01T09:30:00+08:00",
        "--json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["phase"], "live");
    assert_eq!(doc["current"]["index"], 2);
    assert_eq!(doc["current"]["remaining_seconds"], 660);
    assert_eq!(doc["message"], "Wrap up");
    assert_eq!(doc["ended_at"], serde_json::Value::Null);

    let run = showclock(&[
        "status",
        "--journal",
        &journal,
        "--at",
        "2022-06-01T11:00:00+08:00",
    ]);
    assert!(
        run.stdout.contains(
            "Show: over; ended 10:33:00 Beijing / 7:33:00 PM Pacific (planned 10:30 Beijing / 7:30 PM Pacific), 3:00 late"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn status_escapes_control_characters_from_the_journal() {
    let dir = TempDir::new("status-escape");
    let journal = dir.file(
        "show.jsonl",
        "{\"at\": \"2022-06-01T09:00:00+08:00\", \"action\": \"message\", \"text\": \"Wrap\\u001b[2J up\\u0007\"}\n",
    );
    let run = showclock(&["status", "--journal", &journal, "--at", AT_09_27]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout
            .contains("MESSAGE to the moderator: Wrap\u{FFFD}[2J up\u{FFFD}\n"),
        "{:?}",
        run.stdout
    );
    assert!(!run.stdout.contains('\u{1b}') && !run.stdout.contains('\u{7}'));
}

#[test]
fn journal_errors_name_the_line() {
    let dir = TempDir::new("journal-errors");
    let journal = dir.file(
        "bad.jsonl",
        "{\"at\": \"2022-06-01T09:00:00+08:00\", \"action\": \"start\"}\n\nnot json\n{\"at\": \"2022-06-01T09:01:00+08:00\", \"action\": \"nxt\"}\n{\"at\": \"2022-06-01T08:00:00+08:00\", \"action\": \"next\"}\n{\"at\": \"yesterday\", \"action\": \"next\"}\n",
    );
    let run = showclock(&["status", "--journal", &journal, "--at", AT_09_27]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 4, "{lines:#?}");
    assert!(
        lines[0].starts_with(&format!("{journal}:3:1: error: not a JSON object")),
        "{lines:#?}"
    );
    assert!(
        lines[1].starts_with(&format!(
            "{journal}:4:1: error: unknown action \"nxt\": did you mean \"next\"?"
        )),
        "{lines:#?}"
    );
    assert!(
        lines[2].starts_with(&format!("{journal}:5:1: error: time goes backwards")),
        "{lines:#?}"
    );
    assert!(
        lines[3].starts_with(&format!("{journal}:6:1: error: \"at\" is \"yesterday\"")),
        "{lines:#?}"
    );
}

#[test]
fn unknown_fields_in_a_journal_line_are_errors() {
    let dir = TempDir::new("journal-fields");
    let journal = dir.file(
        "fields.jsonl",
        "{\"at\": \"2022-06-01T09:00:00+08:00\", \"action\": \"next\", \"index\": 3}\n{\"at\": \"2022-06-01T09:00:00+08:00\", \"action\": \"goto\", \"idx\": 3}\n{\"at\": \"2022-06-01T09:00:00+08:00\", \"action\": \"extend\", \"seconds\": 1.5}\n",
    );
    let run = showclock(&["status", "--journal", &journal, "--at", AT_09_27]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        lines,
        [
            format!(
                "{journal}:1:1: error: unknown field \"index\" in a \"next\" action: next takes no other field"
            ),
            format!(
                "{journal}:2:1: error: unknown field \"idx\" in a \"goto\" action: goto takes \"index\""
            ),
            format!(
                "{journal}:3:1: error: bad \"extend\" action: invalid type: floating point `1.5`, expected i64 (extend needs \"seconds\", e.g. 60 or -60)"
            ),
        ]
    );
}

#[test]
fn an_impossible_action_names_its_line_even_after_blank_lines() {
    let dir = TempDir::new("journal-goto");
    let journal = dir.file(
        "goto.jsonl",
        "\n{\"at\": \"2022-06-01T09:00:00+08:00\", \"action\": \"start\"}\n\n\n{\"at\": \"2022-06-01T09:05:00+08:00\", \"action\": \"goto\", \"index\": 6}\n",
    );
    for args in [
        vec!["status", "--journal", &journal, "--at", AT_09_27],
        // Even a line after the instant asked about is checked.
        vec![
            "status",
            "--journal",
            &journal,
            "--at",
            "2022-06-01T09:01:00+08:00",
        ],
        vec!["report", "--journal", &journal],
    ] {
        let run = showclock(&args);
        assert_eq!(run.code, 1, "{args:?}");
        assert_eq!(
            run.stderr.trim_end(),
            format!("{journal}:5:1: error: goto 6: the agenda has 6 segments, numbered 0 to 5"),
            "{args:?}"
        );
    }
}

#[test]
fn a_missing_journal_is_an_error_not_an_empty_show() {
    let run = showclock(&["status", "--journal", "/nonexistent/show.jsonl"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .starts_with("/nonexistent/show.jsonl: error: no such journal file"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_bad_instant_is_refused_with_an_example() {
    let run = showclock(&["status", "--at", "9:27 tomorrow"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("is not an RFC 3339 instant"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("2022-06-01T09:27:00+08:00"),
        "{}",
        run.stderr
    );
}

#[test]
fn status_of_an_invalid_agenda_fails_with_its_errors() {
    let dir = TempDir::new("status-bad");
    let path = dir.file("bad.toml", "[event]\n");
    let run = showclock(&["status", &path, "--json"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.starts_with(&format!("{path}:1:1: error: ")),
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------- report

#[test]
fn report_markdown_compares_plan_and_actual_in_every_clock() {
    let dir = TempDir::new("report-md");
    let journal = dir.file("show.jsonl", WHOLE_SHOW);
    let run = showclock(&[
        "report",
        "agenda.toml",
        "--journal",
        &journal,
        "--at",
        "2022-06-01T11:00:00+08:00",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "# Supporting China to Accelerate Zero-Emission Medium- and Heavy-duty Vehicles"
    );
    assert_eq!(
        lines[2],
        "| # | segment | planned start (Beijing) | actual start (Beijing) | planned start (Pacific) | actual start (Pacific) | planned | actual | over/under | runs |"
    );
    assert_eq!(
        lines[4],
        "| 1 | Welcome and Introduction | Wed 1 Jun 09:00:00 | Wed 1 Jun 08:58:00 | Tue 31 May 6:00:00 PM | Tue 31 May 5:58:00 PM | 10:00 | 10:00 | 00:00 | 1 |"
    );
    // 09:08 to 09:26: three minutes over its 15.
    assert!(
        lines[5].ends_with(
            "| Tue 31 May 6:10:00 PM | Tue 31 May 6:08:00 PM | 15:00 | 18:00 | +03:00 | 1 |"
        ),
        "{}",
        lines[5]
    );
    assert!(
        lines[7].starts_with("| 4 | Panel Discussion |"),
        "{}",
        lines[7]
    );
    assert!(
        lines[7].ends_with("| 30:00 | 32:30 | +02:30 | 1 |"),
        "{}",
        lines[7]
    );
    assert!(
        lines[8].ends_with("| 15:00 | 14:00 | -01:00 | 1 |"),
        "{}",
        lines[8]
    );
    assert_eq!(
        lines[10],
        "|  | total |  |  |  |  | 1:30:00 | 1:35:00 | +05:00 |  |"
    );
    assert_eq!(
        lines[12],
        "Planned end: Wed 1 Jun 10:30:00 Beijing / Tue 31 May 7:30:00 PM Pacific. Actual end: Wed 1 Jun 10:33:00 Beijing / Tue 31 May 7:33:00 PM Pacific."
    );
}

#[test]
fn report_csv_has_one_row_per_segment_and_totals() {
    let dir = TempDir::new("report-csv");
    let journal = dir.file("show.jsonl", WHOLE_SHOW);
    let run = showclock(&[
        "report",
        "--journal",
        &journal,
        "--format",
        "csv",
        "--at",
        "2022-06-01T11:00:00+08:00",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows: Vec<Vec<&str>> = run.stdout.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 8, "header, six segments, totals");
    assert_eq!(
        rows[0],
        [
            "#",
            "segment",
            "planned start (Beijing)",
            "actual start (Beijing)",
            "planned start (Pacific)",
            "actual start (Pacific)",
            "planned",
            "actual",
            "over/under",
            "runs"
        ]
    );
    assert_eq!(
        rows[3],
        [
            "3",
            "Zero-emission truck real-world performance in U.S. and Europe and implications for China",
            "2022-06-01T09:25:00+08:00",
            "2022-06-01T09:26:00+08:00",
            "2022-05-31T18:25:00-07:00",
            "2022-05-31T18:26:00-07:00",
            "15:00",
            "16:30",
            "+01:30",
            "1"
        ]
    );
    assert_eq!(
        rows[7],
        [
            "", "total", "", "", "", "", "1:30:00", "1:35:00", "+05:00", ""
        ]
    );
    for row in &rows {
        assert_eq!(row.len(), 10, "{row:?}");
    }
}

#[test]
fn report_during_the_show_marks_what_has_not_run() {
    let dir = TempDir::new("report-live");
    let journal = dir.file("show.jsonl", WHOLE_SHOW);
    let run = showclock(&[
        "report",
        "--journal",
        &journal,
        "--at",
        "2022-06-01T09:30:00+08:00",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines[6].ends_with("| 15:00 | 04:00 | running | 1 |"),
        "{}",
        lines[6]
    );
    assert!(
        lines[7]
            .ends_with("| not run | Tue 31 May 6:40:00 PM | not run | 30:00 | — | not run | 0 |"),
        "{}",
        lines[7]
    );
    assert!(
        run.stdout.ends_with("The show has not ended yet.\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn report_without_a_journal_says_how_to_give_one() {
    let dir = TempDir::new("report-no-journal");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/agenda.toml"),
        dir.0.join("agenda.toml"),
    )
    .unwrap();
    let run = showclock_in(&dir.0, &["report"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("--journal"), "{}", run.stderr);
}

#[test]
fn a_journal_line_torn_by_a_crash_is_left_out_with_a_warning() {
    let dir = std::env::temp_dir().join(format!("showclock-torn-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let journal = dir.join("torn.jsonl");
    std::fs::write(
        &journal,
        "{\"at\":\"2022-06-01T01:00:00Z\",\"action\":\"start\"}\n{\"at\":\"2022-06-01T01:14:00Z\",\"act",
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_showclock"))
        .args([
            "status",
            concat!(env!("CARGO_MANIFEST_DIR"), "/agenda.toml"),
            "--at",
            "2022-06-01T09:05:00+08:00",
            "--journal",
        ])
        .arg(&journal)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("torn.jsonl:2:1: warning: the last line is incomplete"),
        "{stderr}"
    );
    assert!(
        stdout.contains("Now:  1/6 Welcome and Introduction"),
        "{stdout}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn opening_a_torn_journal_cuts_the_torn_line_before_appending() {
    use showclock::show::{Action, Session};
    let dir = std::env::temp_dir().join(format!("showclock-torn-open-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let journal = dir.join("show.jsonl");
    std::fs::write(
        &journal,
        "{\"at\":\"2022-06-01T01:00:00Z\",\"action\":\"start\"}\n{\"at\":\"2022-06-01T01:1",
    )
    .unwrap();
    let agenda = showclock::agenda::load(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/agenda.toml"
    )))
    .unwrap()
    .agenda;
    let mut session = Session::open(agenda, &journal).unwrap();
    assert!(session.recovered().is_some());
    session
        .act(Action::Next, "2022-06-01T01:12:00Z".parse().unwrap())
        .unwrap();
    let text = std::fs::read_to_string(&journal).unwrap();
    assert_eq!(
        text,
        "{\"at\":\"2022-06-01T01:00:00Z\",\"action\":\"start\"}\n{\"at\":\"2022-06-01T01:12:00Z\",\"action\":\"next\"}\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn status_reads_the_live_journal_next_to_the_agenda_by_default() {
    let dir =
        std::env::temp_dir().join(format!("showclock-default-journal-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/agenda.toml"),
        dir.join("agenda.toml"),
    )
    .unwrap();
    std::fs::write(
        dir.join("agenda.jsonl"),
        "{\"at\":\"2022-06-01T01:00:00Z\",\"action\":\"start\"}\n{\"at\":\"2022-06-01T01:02:00Z\",\"action\":\"next\"}\n",
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_showclock"))
        .args(["status", "--at", "2022-06-01T09:05:00+08:00"])
        .current_dir(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("Now:  2/6 Technology and Commercialization"),
        "{stdout}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn report_reads_the_live_journal_next_to_the_agenda_by_default() {
    let dir = TempDir::new("report-default-journal");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/agenda.toml"),
        dir.0.join("agenda.toml"),
    )
    .unwrap();
    let none = showclock_in(&dir.0, &["report", "--at", "2022-06-01T11:00:00+08:00"]);
    assert_eq!(none.code, 1);
    assert!(
        none.stderr
            .contains("agenda.jsonl: error: no journal to report on"),
        "{}",
        none.stderr
    );
    std::fs::write(
        dir.0.join("agenda.jsonl"),
        "{\"at\":\"2022-06-01T01:00:00Z\",\"action\":\"start\"}\n{\"at\":\"2022-06-01T01:11:34Z\",\"action\":\"next\"}\n",
    )
    .unwrap();
    let run = showclock_in(&dir.0, &["report", "--at", "2022-06-01T11:00:00+08:00"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("| 1 | Welcome and Introduction |"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("| 10:00 | 11:34 | +01:34 |"),
        "{}",
        run.stdout
    );
}

// ---------------------------------------------------------------- output

/// Every command that prints, writing to a reader that has gone (`| head`)
/// and to a full device (`>/dev/full`): the first ends quietly with 141, as
/// a shell shows a command SIGPIPE ended; the second says so in one line.
/// Neither panics (Rust's `print!` did: exit 101).
#[test]
fn a_closed_pipe_or_a_full_stdout_ends_quietly_never_in_a_panic() {
    let dir = TempDir::new("output");
    let shipped =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("agenda.toml"));
    dir.file("agenda.toml", &shipped.unwrap());
    dir.file("show.jsonl", WHOLE_SHOW);
    dir.file("rundown.csv", "Start,End,Title\n09:00,09:30,Talk\n");
    let ours: &[&[&str]] = &[
        &["check"],
        &["status", "--at", AT_09_27],
        &["status", "--at", AT_09_27, "--json"],
        &["report", "--journal", "show.jsonl", "--at", AT_09_27],
        &["export", "--format", "csv"],
        &["export", "--format", "ics", "-o", "-"],
        &["export", "--format", "markdown"],
        &[
            "import",
            "rundown.csv",
            "--timezone",
            "UTC",
            "--date",
            "2022-06-01",
            "-o",
            "-",
        ],
        &["journal", "check", "show.jsonl"],
        &[
            "links",
            "http://127.0.0.1:8080",
            "--token",
            "control-token-1",
        ],
    ];
    let clap: &[&[&str]] = &[&["--help"], &["--version"], &["export", "--help"]];
    let run = |args: &[&str], stdout: std::process::Stdio| {
        let output = Command::new(env!("CARGO_BIN_EXE_showclock"))
            .args(args)
            .current_dir(&dir.0)
            .stdout(stdout)
            .output()
            .expect("the binary runs");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        (output.status.code(), stderr)
    };
    for args in ours.iter().chain(clap) {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let (code, stderr) = run(args, writer.into());
        if ours.contains(args) {
            assert_eq!((code, stderr.as_str()), (Some(141), ""), "{args:?} | head");
        } else {
            assert!(stderr.lines().count() <= 1, "{args:?} | head: {stderr}");
        }
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let (code, stderr) = run(args, full.into());
        if ours.contains(args) {
            assert_eq!(
                (code, stderr.as_str()),
                (
                    Some(1),
                    "error: cannot write to standard output: No space left on device (os error 28)\n"
                ),
                "{args:?} >/dev/full"
            );
        } else {
            assert!(stderr.lines().count() <= 1, "{args:?} >/dev/full: {stderr}");
        }
    }
}

#[test]
fn report_on_an_empty_journal_reports_nothing_as_run() {
    let dir = TempDir::new("report-empty");
    let journal = dir.file("show.jsonl", "");
    let run = showclock(&[
        "report",
        "--journal",
        &journal,
        "--at",
        "2022-06-01T11:00:00+08:00",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("nothing was recorded"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("Actual end"), "{}", run.stdout);
    assert_eq!(
        run.stdout.matches("| not run | 0 |").count(),
        6,
        "{}",
        run.stdout
    );
}
