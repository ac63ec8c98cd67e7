//! The after-show report: per segment, planned against actual.

use chrono::{DateTime, Utc};

use crate::agenda::Agenda;
use crate::show::{SegmentActual, ShowLog, actuals, runs};
use crate::text::inert;
use crate::timefmt::{clock_digits, day_label, rfc3339, signed_clock, time_of_day};

use super::first_clock_time;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Markdown,
    Csv,
}

pub fn after_show(
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
                day_label(&local),
                time_of_day(&local, clock.hour_format, true)
            ),
            ReportFormat::Csv => rfc3339(&local),
        }
    };
    let mut header = vec!["#".to_string(), "segment".to_string()];
    for clock in &agenda.clocks {
        let label = inert(&clock.label);
        header.push(format!("planned start ({label})"));
        header.push(format!("actual start ({label})"));
    }
    header.extend([
        "planned".into(),
        "actual".into(),
        "over/under".into(),
        "runs".into(),
    ]);
    let mut rows = vec![header];
    let (mut planned_total, mut actual_total) = (0, 0);
    for (index, (segment, actual)) in agenda.segments.iter().zip(&actual).enumerate() {
        let planned = segment.planned_duration().num_seconds();
        planned_total += planned;
        let mut row = vec![(index + 1).to_string(), inert(&segment.title)];
        for clock in &agenda.clocks {
            row.push(when(segment.start, clock));
            row.push(
                actual
                    .start
                    .map_or_else(|| "not run".into(), |at| when(at, clock)),
            );
        }
        row.push(clock_digits(planned));
        if actual.has_run() {
            actual_total += actual.seconds;
            row.push(clock_digits(actual.seconds));
            row.push(if actual.live {
                "running".into()
            } else {
                signed_clock(actual.seconds - planned)
            });
        } else {
            row.push("—".into());
            row.push("not run".into());
        }
        row.push(runs[index].len().to_string());
        rows.push(row);
    }
    let mut total = vec![String::new(), "total".into()];
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
                let end = run
                    .end
                    .map_or_else(|| "now".into(), |end| first_clock_time(agenda, end));
                format!(
                    "{}–{end} ({})",
                    first_clock_time(agenda, run.start),
                    clock_digits(run.seconds)
                )
            })
            .collect();
        let total: i64 = runs.iter().map(|run| run.seconds).sum();
        let planned = segment.planned_duration().num_seconds();
        notes.push(format!(
            "Segment {} ({}) ran {} times: {}; {} in all against {} planned ({}).",
            index + 1,
            inert(&segment.title),
            runs.len(),
            each.join(", "),
            clock_digits(total),
            clock_digits(planned),
            signed_clock(total - planned)
        ));
    }
    let snapshot = log.snapshot(agenda, now);
    let end_line = match snapshot.ended_at {
        _ if !recorded => "The journal has no entries: nothing was recorded, so nothing is reported as run (a show left to its schedule, without a key pressed, leaves no record)."
            .to_string(),
        Some(ended) => format!(
            "Planned end: {}. Actual end: {}.",
            agenda
                .clocks
                .iter()
                .map(|c| format!("{} {}", when(agenda.end(), c), inert(&c.label)))
                .collect::<Vec<_>>()
                .join(" / "),
            agenda
                .clocks
                .iter()
                .map(|c| format!("{} {}", when(ended, c), inert(&c.label)))
                .collect::<Vec<_>>()
                .join(" / "),
        ),
        None => "The show has not ended yet.".to_string(),
    };
    match format {
        ReportFormat::Markdown => {
            let mut out = format!("# {}\n\n", inert(&agenda.title));
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
