//! One definition of a segment's actual start and end: the same journals
//! replayed through the engine, the moderator's and producer's screens,
//! `status` (text and JSON) and `report` must say the same thing.

use chrono::{DateTime, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use showclock::agenda::{Agenda, load};
use showclock::report::{ReportFormat, StateDocument, after_show, status_text};
use showclock::show::{Action, Entry, ShowLog, actuals, outlook};
use showclock::timefmt::{clock_digits, time_of_day};
use showclock::ui::{Overlay, Screen, Theme, ViewKind, draw};

fn shipped() -> Agenda {
    load(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/agenda.toml"
    )))
    .unwrap()
    .agenda
}

fn bj(time: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&format!("2022-06-01T{time}+08:00"))
        .unwrap()
        .to_utc()
}

fn render(
    agenda: &Agenda,
    log: &ShowLog,
    entries: &[Entry],
    now: DateTime<Utc>,
    view: ViewKind,
) -> String {
    let snapshot = log.snapshot(agenda, now);
    let rundown = actuals(agenda, log, now);
    let outlook = outlook(agenda, log, now);
    let screen = Screen {
        agenda,
        snapshot: &snapshot,
        actuals: &rundown,
        outlook: &outlook,
        entries,
        view,
        overlay: &Overlay::None,
        clock_badge: None,
        bell: true,
        flash_on: true,
        theme: Theme::new(false),
        link: None,
        notice: None,
        sharing: None,
        watchers: None,
        wall_now: now,
        sync: None,
        lang: showclock::i18n::english(),
    };
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    terminal.draw(|frame| draw(frame, &screen)).unwrap();
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Journals that exercise every way a segment can start: on schedule, a
/// late Space, a restart, an undo, an extension on schedule, a second run.
/// A named journal: the actions and when they were taken.
type Journal = (&'static str, Vec<(DateTime<Utc>, Action)>);

fn journals() -> Vec<Journal> {
    vec![
        ("late Space", vec![(bj("09:02:00"), Action::Start)]),
        ("no cue at all", vec![]),
        (
            "Space in the third slot",
            vec![
                (bj("09:27:30"), Action::Start),
                (bj("09:41:10"), Action::Next),
            ],
        ),
        (
            "restart with g",
            vec![
                (bj("09:00:00"), Action::Start),
                (bj("09:11:00"), Action::Next),
                (bj("09:13:20"), Action::Goto { index: 1 }),
            ],
        ),
        (
            "undo",
            vec![
                (bj("09:00:30"), Action::Start),
                (bj("09:09:00"), Action::Next),
                (bj("09:09:40"), Action::Prev),
            ],
        ),
        (
            "extend on schedule",
            vec![
                (bj("09:04:00"), Action::Extend { seconds: 60 }),
                (bj("09:11:00"), Action::Next),
            ],
        ),
        (
            "second run",
            vec![
                (bj("09:00:00"), Action::Start),
                (bj("09:10:00"), Action::Next),
                (bj("09:20:00"), Action::Goto { index: 0 }),
                (bj("09:22:00"), Action::Goto { index: 2 }),
            ],
        ),
        (
            // The case: the panel ran 09:40-09:44:27, then is cued
            // again at 10:05:13 (a second run, with its own countdown).
            "cued again",
            vec![
                (bj("09:00:00"), Action::Start),
                (bj("09:40:00"), Action::Goto { index: 3 }),
                (bj("09:44:27"), Action::Next),
                (bj("10:05:13"), Action::Goto { index: 3 }),
            ],
        ),
        (
            "ended",
            vec![
                (bj("09:00:00"), Action::Start),
                (bj("09:11:34"), Action::End),
            ],
        ),
    ]
}

const INSTANTS: &[&str] = &[
    "09:01:00", "09:05:00", "09:12:00", "09:14:00", "09:21:00", "09:30:00", "09:45:00", "10:20:00",
    "10:36:00",
];

#[test]
fn engine_screens_status_and_report_agree_on_every_actual_start_and_end() {
    let agenda = shipped();
    let beijing = &agenda.clocks[0];
    for (name, journal) in journals() {
        for instant in INSTANTS {
            let now = bj(instant);
            let entries: Vec<Entry> = journal
                .iter()
                .filter(|(at, _)| *at <= now)
                .map(|(at, action)| Entry::new(*at, action.clone()))
                .collect();
            let log = ShowLog::replay(&agenda, &entries).unwrap();
            let snapshot = log.snapshot(&agenda, now);
            let doc = StateDocument::build(&agenda, &log, &snapshot);
            let actual = actuals(&agenda, &log, now);
            let text = status_text(showclock::i18n::english(), &agenda, &log, &snapshot);
            let csv = after_show(
                showclock::i18n::english(),
                &agenda,
                &log,
                now,
                ReportFormat::Csv,
            );
            let moderator = render(&agenda, &log, &entries, now, ViewKind::Moderator);
            let producer = render(&agenda, &log, &entries, now, ViewKind::Producer);
            let case = format!("{name} at {instant}");
            let local = |at: DateTime<Utc>| {
                time_of_day(
                    &at.with_timezone(&beijing.timezone),
                    beijing.hour_format,
                    true,
                )
            };

            if let Some(current) = snapshot.current {
                let run = &actual[current.index];
                let doc_current = doc.current.as_ref().unwrap();
                assert_eq!(
                    doc_current.started,
                    showclock::report::utc(current.started),
                    "{case}"
                );
                assert!(
                    run.live,
                    "{case}: the engine's current segment is live in the timeline"
                );
                // A single run starts where the engine's timer starts; a second run
                // (back to a segment after others) keeps the first start.
                let second_run = run.runs > 1;
                assert_eq!(
                    second_run,
                    (name == "second run" && current.index == 0 && now >= bj("09:20:00"))
                        || (name == "cued again" && now >= bj("10:05:13")),
                    "{case}"
                );
                // Every output names the run, counted from its own cue.
                assert_eq!(doc_current.run, run.runs, "{case}");
                let runs = &doc.segments[current.index].runs;
                assert_eq!(runs.len(), run.runs, "{case}");
                assert_eq!(
                    runs.last().unwrap().start,
                    showclock::report::utc(current.started),
                    "{case}"
                );
                if second_run {
                    let said = format!("run {} of this segment", run.runs);
                    assert!(text.contains(&said), "{case}:\n{text}");
                    assert!(
                        moderator.contains(&format!("run {} ·", run.runs)),
                        "{case}:\n{moderator}"
                    );
                    let markdown = after_show(
                        showclock::i18n::english(),
                        &agenda,
                        &log,
                        now,
                        ReportFormat::Markdown,
                    );
                    assert!(
                        markdown.contains(&format!("ran {} times", run.runs)),
                        "{case}:\n{markdown}"
                    );
                }
                let single = run.seconds == (now - current.started).num_seconds();
                assert!(
                    !second_run && single && run.start == Some(current.started)
                        || second_run && !single && run.start < Some(current.started),
                    "{case}: timer from {} but the timeline says {:?}",
                    current.started,
                    run
                );
                let segment = &agenda.segments[current.index];
                let said = format!("started {} Beijing", local(current.started));
                assert_eq!(
                    moderator.contains(&said),
                    current.started != segment.start,
                    "{case}: moderator screen and {said:?}:\n{moderator}"
                );
                assert_eq!(
                    text.contains(&said),
                    current.started != segment.start,
                    "{case}:\n{text}"
                );
            }

            let csv_rows: Vec<Vec<&str>> = csv
                .lines()
                .skip(1)
                .map(|l| l.split(',').collect())
                .collect();
            for (index, run) in actual.iter().enumerate() {
                let json = &doc.segments[index];
                // The runs add up to the segment's time; the report counts them.
                assert_eq!(json.runs.len(), run.runs, "{case} #{index}");
                assert_eq!(
                    json.runs.iter().map(|r| r.seconds).sum::<i64>(),
                    run.seconds,
                    "{case} #{index}"
                );
                // With nothing in the journal the report invents nothing:
                // what the schedule would have run is not a record.
                let recorded = !entries.is_empty();
                assert_eq!(
                    csv_rows[index].last().copied(),
                    Some(if recorded { run.runs } else { 0 }.to_string().as_str()),
                    "{case} #{index}: report"
                );
                assert_eq!(
                    json.actual_start,
                    run.start.map(showclock::report::utc),
                    "{case} #{index}"
                );
                assert_eq!(
                    json.actual_end,
                    run.end.map(showclock::report::utc),
                    "{case} #{index}"
                );
                assert_eq!(
                    json.actual_seconds,
                    run.has_run().then_some(run.seconds),
                    "{case} #{index}"
                );
                let row = &csv_rows[index];
                let title = &agenda.segments[index].title;
                let title_start = &title[..title.len().min(12)];
                let producer_row = producer
                    .lines()
                    .find(|l| l.starts_with(&format!("{} ", index + 1)) && l.contains(title_start))
                    .unwrap_or_else(|| panic!("{case}: no rundown row for #{index}:\n{producer}"));
                match run.start {
                    Some(start) => {
                        let in_beijing = start.with_timezone(&beijing.timezone);
                        if recorded {
                            assert_eq!(
                                row[3],
                                showclock::timefmt::rfc3339(&in_beijing),
                                "{case} #{index}: report"
                            );
                            assert_eq!(
                                row[7],
                                clock_digits(run.seconds),
                                "{case} #{index}: report"
                            );
                        } else {
                            assert_eq!(row[3], "not run", "{case} #{index}: report");
                        }
                        assert!(
                            producer_row.contains(&local(start)),
                            "{case} #{index}: {producer_row}"
                        );
                        assert!(
                            producer_row.contains(&clock_digits(run.seconds)),
                            "{case} #{index}: {producer_row}"
                        );
                    }
                    None => {
                        assert_eq!(row[3], "not run", "{case} #{index}");
                        assert_eq!(json.actual_seconds, None, "{case} #{index}");
                    }
                }
            }
            if let Some(ended) = snapshot.ended_at.filter(|_| !snapshot.following_schedule) {
                assert_eq!(doc.ended_at, Some(showclock::report::utc(ended)), "{case}");
                assert!(
                    text.contains(&format!("ended {} Beijing", local(ended))),
                    "{case}:\n{text}"
                );
                assert!(
                    moderator.contains(&format!("ended {} Beijing", local(ended))),
                    "{case}:\n{moderator}"
                );
            }
        }
    }
}

/// The minimal case, through the real binary: a journal with only
/// `start` at 01:02Z, asked at 09:05 Beijing.
#[test]
fn a_late_start_is_the_same_start_in_status_json_current_and_segments() {
    let dir = std::env::temp_dir().join(format!("showclock-one-truth-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let journal = dir.join("late.jsonl");
    std::fs::write(
        &journal,
        "{\"at\":\"2022-06-01T01:02:00Z\",\"action\":\"start\"}\n",
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_showclock"))
        .args([
            "status",
            concat!(env!("CARGO_MANIFEST_DIR"), "/agenda.toml"),
            "--at",
            "2022-06-01T09:05:00+08:00",
            "--json",
            "--journal",
        ])
        .arg(&journal)
        .output()
        .unwrap();
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["current"]["started"], "2022-06-01T01:02:00Z");
    assert_eq!(doc["segments"][0]["actual_start"], "2022-06-01T01:02:00Z");
    assert_eq!(doc["current"]["remaining_seconds"], 420);
    let report = std::process::Command::new(env!("CARGO_BIN_EXE_showclock"))
        .args([
            "report",
            concat!(env!("CARGO_MANIFEST_DIR"), "/agenda.toml"),
            "--at",
            "2022-06-01T09:12:00+08:00",
            "--format",
            "csv",
            "--journal",
        ])
        .arg(&journal)
        .output()
        .unwrap();
    let csv = String::from_utf8_lossy(&report.stdout);
    let first = csv.lines().nth(1).unwrap();
    assert!(first.contains("2022-06-01T09:02:00+08:00"), "{csv}");
    assert!(first.contains(",10:00,running"), "{csv}");
    std::fs::remove_dir_all(&dir).unwrap();
}
