//! The after-show report: per segment, planned against actual.

use chrono::{DateTime, Utc};

use crate::agenda::Agenda;
use crate::i18n::Language;
use crate::show::{SegmentActual, ShowLog, actuals, runs};
use crate::t;
use crate::text::inert;
use crate::timefmt::{clock_digits, rfc3339, signed_clock};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Markdown,
    Csv,
}

pub fn after_show(
    lang: &Language,
    agenda: &Agenda,
    log: &ShowLog,
    now: DateTime<Utc>,
    format: ReportFormat,
) -> String {
    // An empty journal records nothing: the plan is not reported as what
    // happened (the schedule alone would make every segment "on time").
    let recorded = !log.is_empty();
    let actual = if recorded {
        actuals(agenda, log, now)
    } else {
        vec![SegmentActual::default(); agenda.segments.len()]
    };
    let runs = if recorded {
        runs(agenda, log, now)
    } else {
        vec![Vec::new(); agenda.segments.len()]
    };
    let when = |at: DateTime<Utc>, clock: &crate::agenda::Clock| -> String {
        let local = at.with_timezone(&clock.timezone);
        match format {
            ReportFormat::Markdown => format!(
                "{} {}",
                lang.day(&local),
                lang.time(&local, clock.hour_format, true)
            ),
            ReportFormat::Csv => rfc3339(&local),
        }
    };
    let mut header = vec!["#".to_string(), t!(lang, "report-segment")];
    for clock in &agenda.clocks {
        let label = inert(lang.pick(&clock.label));
        header.push(t!(lang, "report-planned-start", clock = label.as_str()));
        header.push(t!(lang, "report-actual-start", clock = label.as_str()));
    }
    header.extend([
        t!(lang, "report-planned"),
        t!(lang, "report-actual"),
        t!(lang, "report-over-under"),
        t!(lang, "report-runs"),
    ]);
    let mut rows = vec![header];
    let (mut planned_total, mut actual_total) = (0, 0);
    for (index, (segment, actual)) in agenda.segments.iter().zip(&actual).enumerate() {
        let planned = segment.planned_duration().num_seconds();
        planned_total += planned;
        let mut row = vec![(index + 1).to_string(), inert(lang.pick(&segment.title))];
        for clock in &agenda.clocks {
            row.push(when(segment.start, clock));
            row.push(
                actual
                    .start
                    .map_or_else(|| t!(lang, "report-not-run"), |at| when(at, clock)),
            );
        }
        row.push(clock_digits(planned));
        if actual.has_run() {
            actual_total += actual.seconds;
            row.push(clock_digits(actual.seconds));
            row.push(if actual.live {
                t!(lang, "report-running")
            } else {
                signed_clock(actual.seconds - planned)
            });
        } else {
            row.push("—".into());
            row.push(t!(lang, "report-not-run"));
        }
        row.push(runs[index].len().to_string());
        rows.push(row);
    }
    let mut total = vec![String::new(), t!(lang, "report-total")];
    total.extend(
        agenda
            .clocks
            .iter()
            .flat_map(|_| [String::new(), String::new()]),
    );
    total.extend([
        clock_digits(planned_total),
        clock_digits(actual_total),
        signed_clock(actual_total - planned_total),
        String::new(),
    ]);
    rows.push(total);

    // A segment cued again after others ran: each run, and the sum.
    let mut notes = Vec::new();
    for (index, (segment, runs)) in agenda.segments.iter().zip(&runs).enumerate() {
        if runs.len() < 2 {
            continue;
        }
        let each: Vec<String> = runs
            .iter()
            .map(|run| {
                let end = run.end.map_or_else(
                    || t!(lang, "report-now"),
                    |end| lang.first_clock_time(agenda, end),
                );
                format!(
                    "{}–{end} ({})",
                    lang.first_clock_time(agenda, run.start),
                    clock_digits(run.seconds)
                )
            })
            .collect();
        let total: i64 = runs.iter().map(|run| run.seconds).sum();
        let planned = segment.planned_duration().num_seconds();
        notes.push(t!(
            lang,
            "report-runs-note",
            number = index + 1,
            title = inert(lang.pick(&segment.title)),
            runs = runs.len(),
            each = each.join(", "),
            total = clock_digits(total),
            planned = clock_digits(planned),
            difference = signed_clock(total - planned)
        ));
    }
    let snapshot = log.snapshot(agenda, now);
    let end_line = match snapshot.ended_at {
        _ if !recorded => t!(lang, "report-nothing-recorded"),
        Some(ended) => {
            let in_clocks = |at: DateTime<Utc>| {
                agenda
                    .clocks
                    .iter()
                    .map(|c| format!("{} {}", when(at, c), inert(lang.pick(&c.label))))
                    .collect::<Vec<_>>()
                    .join(" / ")
            };
            t!(
                lang,
                "report-ends",
                planned = in_clocks(agenda.end()),
                actual = in_clocks(ended)
            )
        }
        None => t!(lang, "report-not-ended"),
    };
    match format {
        ReportFormat::Markdown => {
            let mut out = format!("# {}\n\n", inert(lang.pick(&agenda.title)));
            for (i, row) in rows.iter().enumerate() {
                out.push_str(&format!(
                    "| {} |\n",
                    row.iter()
                        .map(|c| c.replace('|', "\\|"))
                        .collect::<Vec<_>>()
                        .join(" | ")
                ));
                if i == 0 {
                    out.push_str(&format!("|{}\n", "---|".repeat(row.len())));
                }
            }
            out.push_str(&format!("\n{end_line}\n"));
            for note in &notes {
                out.push_str(&format!("\n{note}\n"));
            }
            out
        }
        ReportFormat::Csv => rows.iter().map(|row| csv_row(row)).collect::<String>(),
    }
}

fn csv_row(cells: &[String]) -> String {
    let quoted: Vec<String> = cells
        .iter()
        .map(|c| {
            if c.contains([',', '"', '\n']) {
                format!("\"{}\"", c.replace('"', "\"\""))
            } else {
                c.clone()
            }
        })
        .collect();
    format!("{}\n", quoted.join(","))
}
