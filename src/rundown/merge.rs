//! Importing into an existing agenda: the sheet's segments, each keeping
//! from the agenda's segment it matches what the sheet has no column for
//! (roles, organisations, moderators, notes, timer...), and a word for the
//! user on every change.

use std::collections::BTreeSet;

use chrono::{DateTime, Timelike, Utc};
use chrono_tz::Tz;

use super::columns::Field;
use crate::agenda::{Person, Segment, TimerKind, wall_clock};
use crate::text::inert;

/// The merged segments and what changed.
pub struct Merge {
    pub segments: Vec<Segment>,
    /// Each changed, moved, added or removed segment (`("added", "3. \"Q&A\",
    /// 10:10–10:25")`): in the new order, then the removed ones.
    pub changes: Vec<(&'static str, String)>,
    pub unchanged: usize,
    /// What was kept from the agenda for want of a column (`roles`, `notes`).
    pub kept: BTreeSet<&'static str>,
}

fn same_name(a: &str, b: &str) -> bool {
    let words = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    words(a) == words(b)
}

/// For each new segment, the old one it is: at the same position with the
/// same title, else with the same title (a row moved), else at the same
/// start (a row renamed); each old segment matched once.
fn matches(old: &[Segment], new: &[Segment]) -> Vec<Option<usize>> {
    let mut taken = vec![false; old.len()];
    let mut found: Vec<Option<usize>> = vec![None; new.len()];
    let rules: [&dyn Fn(usize, usize) -> bool; 3] = [
        &|i, j| i == j && same_name(&old[j].title, &new[i].title),
        &|i, j| same_name(&old[j].title, &new[i].title),
        &|i, j| old[j].start == new[i].start,
    ];
    for rule in rules {
        for (i, slot) in found.iter_mut().enumerate() {
            if slot.is_none()
                && let Some(j) = (0..old.len()).find(|&j| !taken[j] && rule(i, j))
            {
                taken[j] = true;
                *slot = Some(j);
            }
        }
    }
    found
}

/// `new` with what the sheet (whose columns are `columns`) cannot say taken
/// from `old`.
fn keep(old: &Segment, new: &mut Segment, columns: &[Field], kept: &mut BTreeSet<&'static str>) {
    let has = |field| columns.contains(&field);
    new.timer = old.timer;
    new.on_end = old.on_end;
    if old.timer != TimerKind::default() {
        kept.insert("timer");
    }
    if old.on_end != Default::default() {
        kept.insert("on_end");
    }
    let kept_for = |kept: &mut BTreeSet<&'static str>, field, what, present: bool| {
        let taking = !has(field) && present;
        if taking {
            kept.insert(what);
        }
        taking
    };
    if kept_for(
        kept,
        Field::Moderator,
        "moderators",
        old.moderator.is_some(),
    ) {
        new.moderator = old.moderator.clone();
    }
    if kept_for(kept, Field::Speakers, "speakers", !old.speakers.is_empty()) {
        new.speakers = old.speakers.clone();
    }
    if kept_for(kept, Field::Notes, "notes", old.notes.is_some()) {
        new.notes = old.notes.clone();
    }
    if kept_for(kept, Field::Cues, "cues", !old.cues.is_empty()) {
        new.cues = old.cues.clone();
    }
    if kept_for(kept, Field::HardEnd, "hard ends", old.hard_end) {
        new.hard_end = old.hard_end;
    }
    // Each person the sheet names keeps what the agenda says of them.
    let old_moderator = old.moderator.as_ref();
    let moderator = new.moderator.iter_mut().map(|p| (p, true));
    for (person, leads) in moderator.chain(new.speakers.iter_mut().map(|p| (p, false))) {
        let Some(before) = old.people().find(|o| same_name(&o.name, &person.name)) else {
            continue;
        };
        if person.role.is_none() && kept_for(kept, Field::Role, "roles", before.role.is_some()) {
            person.role.clone_from(&before.role);
        }
        let organization = before.organization.is_some();
        if person.organization.is_none()
            && kept_for(kept, Field::Organization, "organizations", organization)
        {
            person.organization.clone_from(&before.organization);
        }
        let zone = before.timezone.is_some();
        if person.timezone.is_none() && kept_for(kept, Field::Timezone, "people's zones", zone) {
            person.timezone = before.timezone;
        }
        // How the moderator is introduced has no column of its own.
        if leads
            && person.role_label.is_none()
            && old_moderator.is_some_and(|m| same_name(&m.name, &person.name))
            && before.role_label.is_some()
        {
            kept.insert("how moderators are introduced");
            person.role_label.clone_from(&before.role_label);
        }
    }
}

/// `09:40`, or `2022-06-02 09:40` where `other` is on another day.
fn time(zone: Tz, at: DateTime<Utc>, other: DateTime<Utc>) -> String {
    let local = wall_clock(zone, at);
    let clock = if local.second() == 0 {
        "%H:%M"
    } else {
        "%H:%M:%S"
    };
    if local.date() == wall_clock(zone, other).date() {
        local.format(clock).to_string()
    } else {
        local.format(&format!("%Y-%m-%d {clock}")).to_string()
    }
}

fn span(zone: Tz, segment: &Segment) -> String {
    format!(
        "{}–{}",
        time(zone, segment.start, segment.start),
        time(zone, segment.end, segment.start)
    )
}

fn names(people: &[&Person]) -> Vec<String> {
    people.iter().map(|p| p.name.clone()).collect()
}

/// What differs between a segment and what it was, in words.
fn differences(zone: Tz, old: &Segment, new: &Segment) -> Vec<String> {
    let mut out = Vec::new();
    if old.title != new.title {
        out.push(format!("title was {:?}", inert(&old.title)));
    }
    if old.start != new.start {
        out.push(format!(
            "start {} → {}",
            time(zone, old.start, new.start),
            time(zone, new.start, old.start)
        ));
    }
    if old.end != new.end {
        out.push(format!(
            "end {} → {}",
            time(zone, old.end, new.end),
            time(zone, new.end, old.end)
        ));
    }
    if old.hard_end != new.hard_end {
        out.push(format!("hard end {} → {}", old.hard_end, new.hard_end));
    }
    if old.moderator != new.moderator {
        out.push("moderator".into());
    }
    let (was, now) = (
        old.speakers.iter().collect::<Vec<_>>(),
        new.speakers.iter().collect::<Vec<_>>(),
    );
    if names(&was) != names(&now) {
        out.push("speakers".into());
    } else if was != now {
        out.push("speakers' details".into());
    }
    if old.notes != new.notes {
        out.push("notes".into());
    }
    if old.cues != new.cues {
        out.push("cues".into());
    }
    out
}

/// The sheet's segments `new` (read through `columns`) merged into the
/// agenda's `old`; times shown in `zone`.
pub fn merge(old: &[Segment], mut new: Vec<Segment>, columns: &[Field], zone: Tz) -> Merge {
    let found = matches(old, &new);
    let mut kept = BTreeSet::new();
    let mut changes = Vec::new();
    let mut unchanged = 0;
    for (i, (segment, found)) in new.iter_mut().zip(&found).enumerate() {
        let title = inert(&segment.title);
        let Some(j) = *found else {
            changes.push((
                "added",
                format!("{}. {title:?}, {}", i + 1, span(zone, segment)),
            ));
            continue;
        };
        keep(&old[j], segment, columns, &mut kept);
        let differences = differences(zone, &old[j], segment);
        if differences.is_empty() && i == j {
            unchanged += 1;
        } else if differences.is_empty() {
            changes.push(("moved", format!("{}. {title:?}, was {}", i + 1, j + 1)));
        } else {
            let what = differences.join(", ");
            changes.push(("changed", format!("{}. {title:?}: {what}", i + 1)));
        }
    }
    for (j, segment) in old.iter().enumerate() {
        if !found.contains(&Some(j)) {
            let title = inert(&segment.title);
            changes.push(("removed", format!("{title:?}, {}", span(zone, segment))));
        }
    }
    Merge {
        segments: new,
        changes,
        unchanged,
        kept,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn segment(title: &str, start_minute: u32, end_minute: u32) -> Segment {
        let at = |m: u32| Utc.with_ymd_and_hms(2022, 6, 1, 1, m, 0).unwrap();
        Segment {
            title: title.into(),
            start: at(start_minute),
            end: at(end_minute),
            hard_end: false,
            moderator: None,
            speakers: Vec::new(),
            notes: None,
            cues: Vec::new(),
            timer: Default::default(),
            on_end: Default::default(),
        }
    }

    fn person(name: &str, role: Option<&str>) -> Person {
        Person {
            name: name.into(),
            role: role.map(Into::into),
            organization: Some("CALSTART".into()),
            timezone: None,
            role_label: None,
            language: None,
        }
    }

    #[test]
    fn a_matching_segment_keeps_what_the_sheet_has_no_column_for() {
        let zone = chrono_tz::Asia::Shanghai;
        let mut panel = segment("Panel", 10, 40);
        panel.moderator = Some(Person {
            role_label: Some("Facilitated by".into()),
            ..person("Yin Qiu", Some("Data Scientist"))
        });
        panel.speakers = vec![person("Zhe WANG", Some("Manager"))];
        panel.notes = Some("Zhe joins from Beijing".into());
        panel.timer = TimerKind::Up;
        let old = vec![segment("Welcome", 0, 10), panel];
        // The sheet: titles, times and speakers' names; no moderator,
        // role, organisation or notes column. The panel now starts later.
        let mut new_panel = segment("panel", 15, 45);
        new_panel.speakers = vec![Person {
            name: "Zhe  Wang".into(),
            role: None,
            organization: None,
            timezone: None,
            role_label: None,
            language: None,
        }];
        let new = vec![segment("Welcome", 0, 15), new_panel, segment("Q&A", 45, 55)];
        let columns = [Field::Start, Field::End, Field::Title, Field::Speakers];
        let merge = merge(&old, new, &columns, zone);
        let lines: Vec<String> = merge
            .changes
            .iter()
            .map(|(k, t)| format!("{k} {t}"))
            .collect();
        let panel = &merge.segments[1];
        assert_eq!(panel.moderator, old[1].moderator);
        assert_eq!(panel.speakers[0].role.as_deref(), Some("Manager"));
        assert_eq!(panel.speakers[0].organization.as_deref(), Some("CALSTART"));
        assert_eq!(panel.speakers[0].name, "Zhe  Wang", "the sheet's spelling");
        assert_eq!(panel.notes, old[1].notes);
        assert_eq!(panel.timer, TimerKind::Up);
        assert_eq!(
            lines,
            [
                "changed 1. \"Welcome\": end 09:10 → 09:15",
                "changed 2. \"panel\": title was \"Panel\", start 09:10 → 09:15, end 09:40 → 09:45, speakers",
                "added 3. \"Q&A\", 09:45–09:55",
            ]
        );
        assert_eq!(merge.unchanged, 0);
        assert_eq!(
            merge.kept.into_iter().collect::<Vec<_>>(),
            ["moderators", "notes", "organizations", "roles", "timer"]
        );
    }

    #[test]
    fn a_segment_matches_by_time_when_its_position_changed() {
        let zone = chrono_tz::Asia::Shanghai;
        let mut talk = segment("Talk", 10, 20);
        talk.notes = Some("bring the clicker".into());
        let old = vec![segment("Welcome", 0, 10), talk];
        let new = vec![segment("Renamed talk", 10, 20)];
        let merge = merge(&old, new, &[Field::Start, Field::End, Field::Title], zone);
        assert_eq!(
            merge.segments[0].notes.as_deref(),
            Some("bring the clicker")
        );
        assert_eq!(
            merge.changes,
            [
                (
                    "changed",
                    "1. \"Renamed talk\": title was \"Talk\"".to_string()
                ),
                ("removed", "\"Welcome\", 09:00–09:10".to_string()),
            ]
        );
    }

    #[test]
    fn the_sheets_columns_win_where_it_has_them() {
        let zone = chrono_tz::Asia::Shanghai;
        let mut talk = segment("Talk", 0, 10);
        talk.notes = Some("old notes".into());
        talk.speakers = vec![person("Ann", Some("Chair"))];
        let new = vec![segment("Talk", 0, 10)];
        let columns = [
            Field::Start,
            Field::End,
            Field::Title,
            Field::Speakers,
            Field::Notes,
        ];
        let merge = merge(&[talk], new, &columns, zone);
        assert_eq!(merge.segments[0].notes, None, "the sheet's notes are empty");
        assert!(merge.segments[0].speakers.is_empty());
        assert_eq!(
            merge.changes,
            [("changed", "1. \"Talk\": speakers, notes".to_string())]
        );
    }
}
