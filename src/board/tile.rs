//! What a board shows of each room, as a pure function of (the room's show,
//! its link, now): the same tiles for the terminal and the `/board` page.

use chrono::{DateTime, TimeDelta, Utc};
use serde::Serialize;

use crate::agenda::{Agenda, Clock, Text};
use crate::i18n::Language;
use crate::show::{Phase, Session, ShowClock, Urgency};

/// How long a show that ended stays on the board: long enough to see it
/// end, not so long that a day of sessions fills the screen.
pub const OVER_SHOWN_FOR: TimeDelta = TimeDelta::minutes(10);

/// Where a room's show stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// Never heard from yet: no show to show.
    Connecting,
    /// Before its first segment.
    Before,
    /// A segment is live.
    Live,
    /// Between segments.
    Break,
    /// Over.
    After,
}

/// How a board orders its rooms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Order {
    /// What needs attention first: overruns (the longest first), lost
    /// links, the last seconds, warnings, then the rest.
    #[default]
    Attention,
    /// By the room's name.
    Room,
}

impl Order {
    pub fn toggled(self) -> Self {
        match self {
            Self::Attention => Self::Room,
            Self::Room => Self::Attention,
        }
    }
}

/// The link to a room, as the board last knew it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RoomLink {
    pub connected: bool,
    /// When the link was lost, while it is.
    pub lost_since: Option<DateTime<Utc>>,
    /// Why the latest attempt failed, while not connected.
    pub problem: Option<String>,
}

/// The segment after the current one (or the first, before the show).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Upcoming {
    pub title: Text,
    pub people: Vec<String>,
    /// When it is expected to start.
    pub starts_at: DateTime<Utc>,
}

/// One room on the board.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tile {
    /// Where the room is watched: `nats://HOST:PORT/SHOW` or a shared
    /// show's URL. Opening the room opens this.
    pub address: String,
    /// The room's name: the agenda's `[event] room`, else its title, else
    /// (before anything is heard) the show's name.
    pub room: Text,
    pub title: Option<Text>,
    pub stage: Stage,
    pub urgency: Urgency,
    /// The live segment's title and people.
    pub segment: Option<Text>,
    pub people: Vec<String>,
    /// What the big digits count: the slot's time left (negative once
    /// over), or the time to the next segment before the show and in a
    /// break.
    pub remaining_seconds: Option<i64>,
    /// The instant the digits count to: the slot's end, the next start.
    pub counts_to: Option<DateTime<Utc>>,
    /// True until the operator's first cue: the schedule drives the show.
    pub following_schedule: bool,
    /// How late the show runs (its projected end minus its planned end);
    /// negative when ahead.
    pub drift_seconds: i64,
    pub next: Option<Upcoming>,
    pub ended_at: Option<DateTime<Utc>>,
    pub link: RoomLink,
    /// The show's instant the tile was made at (a rehearsal's runs on a
    /// simulated clock).
    pub show_now: Option<DateTime<Utc>>,
}

/// The room's show as the board holds it.
pub struct Watched<'a> {
    pub session: &'a Session,
    pub clock: ShowClock,
    /// The room's real time minus this machine's (a server's estimate).
    pub offset: TimeDelta,
}

/// The tile of a room at a real instant.
pub fn tile(
    address: &str,
    name: &str,
    watched: Option<Watched<'_>>,
    link: RoomLink,
    real_now: DateTime<Utc>,
) -> Tile {
    let Some(watched) = watched else {
        return Tile {
            address: address.to_string(),
            room: Text::from(name.to_string()),
            title: None,
            stage: Stage::Connecting,
            urgency: Urgency::Normal,
            segment: None,
            people: Vec::new(),
            remaining_seconds: None,
            counts_to: None,
            following_schedule: true,
            drift_seconds: 0,
            next: None,
            ended_at: None,
            link,
            show_now: None,
        };
    };
    let agenda = watched.session.agenda();
    let now = watched.clock.show_time(real_now + watched.offset);
    let snapshot = watched.session.snapshot(now);
    let alerts = &agenda.alerts;
    let current = snapshot.current.as_ref();
    let stage = match (snapshot.phase, current) {
        (Phase::Before, _) => Stage::Before,
        (Phase::After, _) => Stage::After,
        (Phase::Live, Some(_)) => Stage::Live,
        (Phase::Live, None) => Stage::Break,
    };
    let urgency = current.map_or(Urgency::Normal, |c| {
        Urgency::of(
            c.remaining_seconds,
            c.overrun,
            alerts.warning_seconds,
            alerts.final_seconds,
        )
    });
    let (remaining_seconds, counts_to) = match (current, &snapshot.next) {
        (Some(c), _) => (Some(c.remaining_seconds), Some(c.ends)),
        (None, Some(next)) => (Some(next.starts_in_seconds), Some(next.expected_start)),
        (None, None) => (None, None),
    };
    let next = snapshot.next.map(|next| {
        let segment = &agenda.segments[next.index];
        Upcoming {
            title: segment.title.clone(),
            people: names(agenda, next.index),
            starts_at: next.expected_start,
        }
    });
    Tile {
        address: address.to_string(),
        room: room_name(agenda),
        title: Some(agenda.title.clone()),
        stage,
        urgency,
        segment: current.map(|c| agenda.segments[c.index].title.clone()),
        people: current.map_or_else(Vec::new, |c| names(agenda, c.index)),
        remaining_seconds,
        counts_to,
        following_schedule: snapshot.following_schedule,
        drift_seconds: snapshot.drift_seconds,
        next,
        ended_at: snapshot.ended_at,
        link,
        show_now: Some(now),
    }
}

/// `[event] room`, else the show's title.
pub fn room_name(agenda: &Agenda) -> Text {
    agenda.room.clone().unwrap_or_else(|| agenda.title.clone())
}

fn names(agenda: &Agenda, index: usize) -> Vec<String> {
    agenda.segments[index]
        .people()
        .map(|p| crate::text::inert(&p.name))
        .collect()
}

/// How much a tile needs attention: lower first.
fn rank(tile: &Tile) -> (u8, i64) {
    let over = tile.remaining_seconds.unwrap_or(0);
    match (tile.stage, tile.urgency) {
        (_, Urgency::Overrun) => (0, over),
        _ if !tile.link.connected => (1, 0),
        (Stage::Live, Urgency::Final) => (2, over),
        (Stage::Live, Urgency::Warning) => (3, over),
        (Stage::Live | Stage::Break, _) => (4, -tile.drift_seconds),
        (Stage::Before, _) => (5, over),
        (Stage::Connecting, _) => (6, 0),
        (Stage::After, _) => (7, 0),
    }
}

/// The tiles in the order asked for, without the shows over for longer
/// than [`OVER_SHOWN_FOR`]. Ties go by room name (as `lang` names the
/// rooms), then address: the order never flickers between frames.
pub fn arrange(
    mut tiles: Vec<Tile>,
    order: Order,
    lang: &Language,
    real_now: DateTime<Utc>,
) -> Vec<Tile> {
    tiles.retain(|t| {
        let ended = t.ended_at.filter(|_| t.stage == Stage::After);
        let now = t.show_now.unwrap_or(real_now);
        ended.is_none_or(|ended| now - ended <= OVER_SHOWN_FOR)
    });
    let by_name = |t: &Tile| (natural(lang.pick(&t.room)), t.address.clone());
    match order {
        Order::Attention => tiles.sort_by_cached_key(|t| (rank(t), by_name(t))),
        Order::Room => tiles.sort_by_cached_key(by_name),
    }
    tiles
}

/// A name as people sort it: `Room 2` before `Room 10`, case aside.
fn natural(name: &str) -> Vec<(u64, String)> {
    let mut key = Vec::new();
    let mut chars = name.chars().peekable();
    while let Some(&c) = chars.peek() {
        let digits = c.is_ascii_digit();
        let mut run = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_ascii_digit() != digits {
                break;
            }
            run.push(c);
            chars.next();
        }
        key.push(if digits {
            (run.parse().unwrap_or(u64::MAX), String::new())
        } else {
            (u64::MAX, run.to_lowercase())
        });
    }
    key
}

/// The clocks the rooms' agendas have in common (the same zone), as the
/// first room to have each labels it. With none common to all, the zones
/// most rooms share: one room with other clocks does not take the header.
pub fn common_clocks<'a>(agendas: impl IntoIterator<Item = &'a Agenda>) -> Vec<Clock> {
    let mut counted: Vec<(Clock, usize)> = Vec::new();
    for agenda in agendas {
        for clock in &agenda.clocks {
            match counted
                .iter_mut()
                .find(|(c, _)| c.timezone == clock.timezone)
            {
                Some((_, count)) => *count += 1,
                None => counted.push((clock.clone(), 1)),
            }
        }
    }
    let most = counted.iter().map(|(_, n)| *n).max().unwrap_or(0);
    counted
        .into_iter()
        .filter(|(_, n)| *n == most)
        .map(|(c, _)| c)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{common_clocks, natural};

    fn agenda(clocks: &[(&str, &str)]) -> crate::agenda::Agenda {
        let mut text =
            String::from("[event]\ntitle = \"T\"\ndate = 2030-01-01\ntimezone = \"UTC\"\n");
        for (label, zone) in clocks {
            text.push_str(&format!(
                "[[clock]]\nlabel = \"{label}\"\ntimezone = \"{zone}\"\n"
            ));
        }
        text.push_str("[[segment]]\ntitle = \"A\"\nstart = \"09:00\"\nend = \"09:10\"\n");
        crate::agenda::parse("t.toml", &text).unwrap().agenda
    }

    #[test]
    fn the_header_shows_the_clocks_the_rooms_share_not_one_rooms_own() {
        let both = agenda(&[
            ("Beijing", "Asia/Shanghai"),
            ("Pacific", "America/Los_Angeles"),
        ]);
        let pacific = agenda(&[("SF", "America/Los_Angeles"), ("Beijing", "Asia/Shanghai")]);
        let london = agenda(&[("London", "Europe/London")]);
        let labels = |agendas: &[&crate::agenda::Agenda]| -> Vec<String> {
            common_clocks(agendas.iter().copied())
                .iter()
                .map(|c| c.label.first().to_string())
                .collect()
        };
        assert_eq!(labels(&[&both, &pacific]), ["Beijing", "Pacific"]);
        // London alone is in one room of three: the two the others share stay.
        assert_eq!(labels(&[&london, &both, &pacific]), ["Beijing", "Pacific"]);
        assert!(labels(&[]).is_empty());
    }

    #[test]
    fn rooms_sort_as_people_count() {
        let mut names = ["Room 10", "room 2", "Room 1", "Hall B", "Room 1a"];
        names.sort_by_key(|n| natural(n));
        assert_eq!(names, ["Hall B", "Room 1", "Room 1a", "room 2", "Room 10"]);
    }
}
