//! The core on a generated 10,000-segment agenda: parsing plus validation
//! (target: under 50 ms) and one state evaluation, `ShowLog::snapshot`
//! (target: under 10 µs), following the schedule and under a journal.
//!
//! Run with `cargo bench --bench core`.

use std::hint::black_box;

use chrono::{DateTime, TimeDelta, Utc};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use showclock::agenda::{self, Agenda};
use showclock::show::{Action, Entry, ShowLog};

const SEGMENTS: usize = 10_000;

/// An agenda as a person would write it, 10,000 segments of 2 to 5 minutes
/// (24 days: an undated show may not pass 31) in plain Beijing times that
/// roll over midnight day after day, and three
/// clocks; `full`: every segment with two speakers (role, organisation),
/// notes and cues, every tenth with a moderator and a hard end (420 bytes a
/// segment, 4.2 MB in all), else only title, start and end.
fn agenda_text(segments: usize, full: bool) -> String {
    let mut out = String::from(
        r#"[event]
title = "Marathon"
date = 2022-06-01
timezone = "Asia/Shanghai"

[[clock]]
label = "Beijing"
timezone = "Asia/Shanghai"

[[clock]]
label = "Pacific"
timezone = "America/Los_Angeles"
hour_format = "12h"

[[clock]]
label = "Kathmandu"
timezone = "Asia/Kathmandu"

[alerts]
warning = "1m"
final = "15s"
"#,
    );
    let mut minute = 9 * 60;
    for k in 0..segments {
        let length = 2 + k % 4;
        let (start, end) = (minute % 1440, (minute + length) % 1440);
        out.push_str(&format!(
            "\n[[segment]]\ntitle = \"Segment {k}: a talk with a title of ordinary length\"\nstart = \"{:02}:{:02}\"\n",
            start / 60,
            start % 60
        ));
        if k % 2 == 0 {
            out.push_str(&format!("end = \"{:02}:{:02}\"\n", end / 60, end % 60));
        } else {
            out.push_str(&format!("duration = \"{length}m\"\n"));
        }
        if !full {
            minute += length;
            continue;
        }
        if k % 10 == 0 {
            out.push_str(
                "moderator = { name = \"Yin Qiu\", role = \"Data Scientist\", organization = \"CALSTART\" }\nhard_end = true\n",
            );
        }
        out.push_str(
            "speakers = [\n  { name = \"Cristiano Façanha\", role = \"Global Director\", organization = \"CALSTART\" },\n  { name = \"Huiming Gong\", role = \"Senior Program Director\", organization = \"Energy Foundation China\", timezone = \"Asia/Shanghai\" },\n]\nnotes = \"Slides on the shared drive\"\ncues = [\"Mic 2 on\", \"Slides\"]\n",
        );
        minute += length;
    }
    out
}

fn load(text: &str) -> Agenda {
    match agenda::parse("bench.toml", text) {
        Ok(load) => load.agenda,
        Err(problems) => panic!("{}", problems[0]),
    }
}

/// Instants spread over the show, from an hour before to an hour after.
fn instants(agenda: &Agenda, count: i32) -> Vec<DateTime<Utc>> {
    let from = agenda.start() - TimeDelta::hours(1);
    let span = agenda.end() + TimeDelta::hours(1) - from;
    (0..count).map(|k| from + span * k / count).collect()
}

/// A journal that runs the whole show by hand: each segment cued a little
/// late, with extensions and messages along the way.
fn journal(agenda: &Agenda) -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut at = agenda.start();
    let entry = Entry::new;
    entries.push(entry(at, Action::Start));
    for (k, segment) in agenda.segments.iter().enumerate().skip(1) {
        at = at.max(segment.start) + TimeDelta::seconds(20);
        if k % 7 == 0 {
            entries.push(entry(at, Action::Extend { seconds: 30 }));
        }
        if k % 50 == 0 {
            entries.push(entry(
                at,
                Action::Message {
                    text: format!("Segment {k}: wrap up"),
                    audience: Default::default(),
                },
            ));
        }
        if k % 97 == 0 {
            entries.push(entry(at, Action::Goto { index: k - 1 }));
            entries.push(entry(at, Action::Prev));
        }
        entries.push(entry(at, Action::Next));
    }
    entries
}

fn parse_and_validate(c: &mut Criterion) {
    let mut group = c.benchmark_group("agenda");
    group.sample_size(20);
    for (full, what) in [
        (false, "title, start, end"),
        (true, "with speakers, notes, cues"),
    ] {
        let text = agenda_text(SEGMENTS, full);
        let agenda = load(&text);
        assert_eq!(agenda.segments.len(), SEGMENTS);
        let name = format!("{SEGMENTS} segments, {what}, {} kB", text.len() / 1000);
        group.bench_function(BenchmarkId::new("parse_and_validate", name), |b| {
            b.iter(|| load(black_box(&text)))
        });
    }
    group.finish();
}

fn snapshot(c: &mut Criterion) {
    let agenda = load(&agenda_text(SEGMENTS, true));
    let instants = instants(&agenda, 997);
    let mut group = c.benchmark_group("snapshot");

    // No operator actions: the schedule drives the show.
    let schedule = ShowLog::default();
    let mut k = 0;
    group.bench_function("following the schedule", |b| {
        b.iter(|| {
            k = (k + 1) % instants.len();
            schedule.snapshot(black_box(&agenda), black_box(instants[k]))
        })
    });

    // The whole show run by hand.
    let entries = journal(&agenda);
    let run = ShowLog::replay(&agenda, &entries).unwrap();
    let during = entries[entries.len() / 2].at;
    // Part way: the journal up to the middle of the show, looked at then.
    let half = ShowLog::replay(&agenda, &entries[..entries.len() / 2]).unwrap();
    let name = format!("with a journal of {} entries", entries.len() / 2);
    let mut offset = 0;
    group.bench_function(name, |b| {
        b.iter(|| {
            offset = (offset + 7) % 3600;
            half.snapshot(
                black_box(&agenda),
                black_box(during + TimeDelta::seconds(offset)),
            )
        })
    });
    let name = format!("after a journal of {} entries", entries.len());
    let mut k = 0;
    group.bench_function(name, |b| {
        b.iter(|| {
            k = (k + 1) % instants.len();
            run.snapshot(black_box(&agenda), black_box(instants[k]))
        })
    });
    group.finish();

    let mut group = c.benchmark_group("journal");
    group.sample_size(20);
    group.bench_function(format!("replay {} entries", entries.len()), |b| {
        b.iter(|| ShowLog::replay(black_box(&agenda), black_box(&entries)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, parse_and_validate, snapshot);
criterion_main!(benches);
