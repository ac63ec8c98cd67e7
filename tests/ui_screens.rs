//! Every screen at fixed instants, drawn into ratatui's TestBackend.
//! Text is compared with insta snapshots (tests/snapshots/); colour and
//! emphasis, which snapshots do not record, are asserted on the buffer.

use chrono::{DateTime, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

use showclock::agenda::{Agenda, load, parse};
use showclock::i18n::Language;
use showclock::show::{Action, Audience, Entry, ShowLog, actuals, outlook};
use showclock::ui::{Link, Overlay, Screen, Theme, ViewKind, Watcher, draw};

fn shipped() -> Agenda {
    load(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/agenda.toml"
    )))
    .unwrap()
    .agenda
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

/// What a test varies about a screen.
struct Shot<'a> {
    agenda: &'a Agenda,
    journal: Vec<(&'a str, Action)>,
    now: &'a str,
    size: (u16, u16),
    view: ViewKind,
    overlay: Overlay,
    colour: bool,
    flash_on: bool,
    clock_badge: Option<&'a str>,
    link: Option<Link>,
    watchers: Option<Vec<Watcher>>,
    lang: &'static Language,
}

impl<'a> Shot<'a> {
    fn new(agenda: &'a Agenda, now: &'a str) -> Self {
        Self {
            agenda,
            journal: Vec::new(),
            now,
            size: (120, 40),
            view: ViewKind::Moderator,
            overlay: Overlay::None,
            colour: true,
            flash_on: true,
            clock_badge: None,
            link: None,
            watchers: None,
            lang: showclock::i18n::english(),
        }
    }

    fn render(&self) -> TestBackend {
        let entries: Vec<Entry> = self
            .journal
            .iter()
            .map(|(t, a)| Entry::new(at(t), a.clone()))
            .collect();
        let log = ShowLog::replay(self.agenda, &entries).unwrap();
        let now = at(self.now);
        let snapshot = log.snapshot(self.agenda, now);
        let rundown = actuals(self.agenda, &log, now);
        let outlook = outlook(self.agenda, &log, now);
        let screen = Screen {
            agenda: self.agenda,
            snapshot: &snapshot,
            actuals: &rundown,
            outlook: &outlook,
            entries: &entries,
            view: self.view,
            overlay: &self.overlay,
            clock_badge: self.clock_badge.map(String::from),
            bell: true,
            flash_on: self.flash_on,
            theme: Theme::new(self.colour),
            link: self.link,
            notice: None,
            sharing: None,
            watchers: self.watchers.as_deref(),
            wall_now: now,
            sync: None,
            lang: self.lang,
        };
        let mut terminal = Terminal::new(TestBackend::new(self.size.0, self.size.1)).unwrap();
        terminal.draw(|frame| draw(frame, &screen)).unwrap();
        terminal.backend().clone()
    }
}

/// The cells of a row as a person sees them: a wide character covers the
/// cell after it, which is skipped. Each symbol comes with its column.
fn row_symbols(buffer: &Buffer, y: u16) -> Vec<(u16, String)> {
    let mut out = Vec::new();
    let mut x = 0;
    while x < buffer.area.width {
        let symbol = buffer[(x, y)].symbol().to_string();
        let width = unicode_width::UnicodeWidthStr::width(symbol.as_str()).max(1) as u16;
        out.push((x, symbol));
        x += width;
    }
    out
}

fn text(backend: &TestBackend) -> String {
    let buffer = backend.buffer();
    (0..buffer.area.height)
        .map(|y| {
            row_symbols(buffer, y)
                .into_iter()
                .map(|(_, s)| s)
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Where `needle` is on screen, as the (x, y) cell of its first character.
fn find(buffer: &Buffer, needle: &str) -> Option<(u16, u16)> {
    for y in 0..buffer.area.height {
        let row = row_symbols(buffer, y);
        let line: String = row.iter().map(|(_, s)| s.as_str()).collect();
        if let Some(byte) = line.find(needle) {
            let index = line[..byte].chars().count();
            return Some((row[index].0, y));
        }
    }
    None
}

const START: &str = "2022-06-01T09:00:00+08:00";

#[test]
fn before_the_show_counts_down_to_the_start() {
    let agenda = shipped();
    let backend = Shot::new(&agenda, "2022-06-01T08:55:30+08:00").render();
    let screen = text(&backend);
    assert!(screen.contains("BEFORE THE SHOW"));
    assert!(screen.contains("until the show starts"));
    assert!(screen.contains("Beijing Wed 1 Jun 08:55:30"));
    assert!(screen.contains("Pacific Tue 31 May 5:55:30 PM"));
    assert!(screen.contains(" NEXT 1/6  in 04:30 Welcome and Introduction"));
    assert!(screen.contains("starts 09:00 Beijing / 6:00 PM Pacific"));
    insta::assert_snapshot!("moderator_before", backend);
}

#[test]
fn a_normal_slot_shows_remaining_time_in_green() {
    let agenda = shipped();
    let mut shot = Shot::new(&agenda, "2022-06-01T09:27:00+08:00");
    shot.journal = vec![
        (START, Action::Start),
        ("2022-06-01T09:10:00+08:00", Action::Next),
        ("2022-06-01T09:25:00+08:00", Action::Next),
    ];
    let backend = shot.render();
    let screen = text(&backend);
    assert!(screen.contains("NOW 3/6 Zero-emission truck"));
    assert!(screen.contains("remaining of 15:00"));
    assert!(
        screen.contains(" NEXT 4/6  in 13:00 Panel Discussion"),
        "{screen}"
    );
    assert!(screen.contains("starts 09:40 Beijing / 6:40 PM Pacific"));
    assert!(screen.contains("Moderated by Yin Qiu"));
    assert!(screen.contains("SHOW on time"));
    let (x, y) = find(backend.buffer(), "█").unwrap();
    assert_eq!(backend.buffer()[(x, y)].fg, Color::LightGreen);
    insta::assert_snapshot!("moderator_normal", backend);
}

#[test]
fn warning_and_final_thresholds_change_the_colour() {
    let agenda = shipped();
    let journal = vec![(START, Action::Start)];
    let mut shot = Shot::new(&agenda, "2022-06-01T09:08:30+08:00");
    shot.journal = journal.clone();
    let warning = shot.render();
    assert!(text(&warning).contains("remaining of 10:00"));
    let (x, y) = find(warning.buffer(), "█").unwrap();
    assert_eq!(warning.buffer()[(x, y)].fg, Color::Yellow);
    insta::assert_snapshot!("moderator_warning", warning);

    shot.now = "2022-06-01T09:09:45+08:00";
    let last = shot.render();
    let (x, y) = find(last.buffer(), "█").unwrap();
    assert_eq!(last.buffer()[(x, y)].fg, Color::LightRed);
    insta::assert_snapshot!("moderator_final", last);
}

#[test]
fn overrun_is_red_flashing_and_said_in_words() {
    let agenda = shipped();
    let mut shot = Shot::new(&agenda, "2022-06-01T09:11:05+08:00");
    shot.journal = vec![(START, Action::Start)];
    let on = shot.render();
    let screen = text(&on);
    assert!(screen.contains("OVERRUN +01:05"), "{screen}");
    assert!(screen.contains("SHOW 1:05 behind"));
    // White digits on a red field; the field stays red while the digits flash.
    let (x, y) = find(on.buffer(), "█").unwrap();
    assert_eq!(
        (on.buffer()[(x, y)].fg, on.buffer()[(x, y)].bg),
        (Color::White, Color::Red)
    );
    assert_eq!(on.buffer()[(1, y)].bg, Color::Red, "the whole width is red");
    insta::assert_snapshot!("moderator_overrun", on);
    shot.flash_on = false;
    let off = shot.render();
    let (x, y) = find(off.buffer(), "█").unwrap();
    assert_eq!(
        (off.buffer()[(x, y)].fg, off.buffer()[(x, y)].bg),
        (Color::Black, Color::Red),
        "the flash alternates the digits, not the field"
    );
    assert!(
        text(&off).contains("OVERRUN +01:05"),
        "the words stay while the flash is off"
    );
}

#[test]
fn a_message_from_the_producer_is_a_banner() {
    let agenda = shipped();
    let mut shot = Shot::new(&agenda, "2022-06-01T09:05:00+08:00");
    shot.journal = vec![
        (START, Action::Start),
        (
            "2022-06-01T09:04:00+08:00",
            Action::Message {
                text: "Wrap up\u{1b}[2J".into(),
                audience: Default::default(),
            },
        ),
    ];
    let backend = shot.render();
    let screen = text(&backend);
    assert!(
        screen.contains("MESSAGE: Wrap up\u{FFFD}[2J"),
        "control characters are made inert"
    );
    let (x, y) = find(backend.buffer(), "MESSAGE").unwrap();
    assert_eq!(backend.buffer()[(x, y)].bg, Color::Yellow);
    insta::assert_snapshot!("moderator_message", backend);
}

#[test]
fn after_the_show_says_it_is_over_with_actual_and_planned_end() {
    let agenda = shipped();
    let mut shot = Shot::new(&agenda, "2022-06-01T10:40:00+08:00");
    shot.journal = vec![
        (START, Action::Start),
        ("2022-06-01T10:32:10+08:00", Action::End),
    ];
    let backend = shot.render();
    let screen = text(&backend);
    assert!(screen.contains("OVER"));
    assert!(screen.contains("THE SHOW IS OVER"));
    assert!(
        screen.contains(
            "SHOW OVER ended 10:32:10 Beijing / 7:32:10 PM Pacific · planned 10:30 Beijing / 7:30 PM Pacific"
        ),
        "{screen}"
    );
    insta::assert_snapshot!("moderator_after", backend);
}

#[test]
fn help_lists_every_key() {
    let agenda = shipped();
    let mut shot = Shot::new(&agenda, "2022-06-01T09:05:00+08:00");
    shot.overlay = Overlay::Help(0);
    let backend = shot.render();
    let screen = text(&backend);
    for what in [
        "next segment",
        "undo the latest cue",
        "go to segment N",
        "extend or shorten",
        "end the show",
        "bell on or off",
        "quit",
    ] {
        assert!(screen.contains(what), "help lacks {what:?}");
    }
    insta::assert_snapshot!("moderator_help", backend);
}

#[test]
fn a_tiny_terminal_keeps_time_title_next_speaker_and_clocks() {
    let agenda = shipped();
    let mut shot = Shot::new(&agenda, "2022-06-01T09:27:00+08:00");
    shot.size = (40, 12);
    shot.clock_badge = Some("REHEARSAL x10");
    let backend = shot.render();
    let screen = text(&backend);
    // The time remaining survives in block digits, with what it counts.
    assert!(screen.contains("██"), "{screen}");
    assert!(screen.contains("remaining of 15:00"), "{screen}");
    assert!(
        screen.contains("REHEARSAL x10"),
        "the simulated clock is still said:\n{screen}"
    );
    assert!(screen.contains("NOW 3/6"), "{screen}");
    assert!(screen.contains("Yin Qiu"), "{screen}");
    assert!(screen.contains("Beijing"), "{screen}");
    insta::assert_snapshot!("moderator_40x12", backend);
}

#[test]
fn a_big_terminal_draws_bigger_digits() {
    let agenda = shipped();
    let mut shot = Shot::new(&agenda, "2022-06-01T09:27:00+08:00");
    shot.size = (200, 60);
    let backend = shot.render();
    let screen = text(&backend);
    assert!(
        screen.contains("████████"),
        "scale 4 digits are 8 cells a pixel"
    );
    insta::assert_snapshot!("moderator_200x60", backend);
}

const CHINESE: &str = r#"
[event]
title = "零排放中重型车辆数字对话"
date = 2022-06-01
timezone = "Asia/Shanghai"

[[clock]]
label = "北京"
timezone = "Asia/Shanghai"

[[clock]]
label = "太平洋"
timezone = "America/Los_Angeles"
hour_format = "12h"

[[segment]]
title = "欢迎致辞"
start = "09:00"
end = "09:10"
speakers = [{ name = "龚慧明", role = "交通项目高级主任", organization = "能源基金会" }]

[[segment]]
title = "圆桌讨论"
start = "09:10"
end = "09:40"
speakers = [{ name = "王云石", organization = "加州大学戴维斯分校" }, { name = "毛世越", organization = "ICCT" }]
"#;

#[test]
fn an_agenda_in_chinese_keeps_columns_aligned() {
    let agenda = parse("zh.toml", CHINESE).unwrap().agenda;
    let backend = Shot::new(&agenda, "2022-06-01T09:05:00+08:00").render();
    let screen = text(&backend);
    assert!(screen.contains("北京 Wed 1 Jun 09:05:00"), "{screen}");
    assert!(screen.contains("圆桌讨论"));
    let (x, _) = find(backend.buffer(), "欢迎致辞").unwrap();
    assert_eq!(x, "NOW 1/2 ".len() as u16);
    // Wide characters take two cells each: what follows them lands where it should.
    let (title_x, y) = find(backend.buffer(), "零排放").unwrap();
    let (after_x, after_y) = find(backend.buffer(), "字对话").unwrap();
    assert_eq!((after_x, after_y), (title_x + 18, y));
    insta::assert_snapshot!("moderator_chinese", backend);
}

#[test]
fn no_color_uses_no_colour_at_all() {
    let agenda = shipped();
    let mut shot = Shot::new(&agenda, "2022-06-01T09:11:05+08:00");
    shot.journal = vec![
        (START, Action::Start),
        (
            "2022-06-01T09:10:30+08:00",
            Action::Message {
                text: "Wrap up".into(),
                audience: Default::default(),
            },
        ),
    ];
    shot.colour = false;
    let backend = shot.render();
    let buffer = backend.buffer();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            let cell = &buffer[(x, y)];
            assert_eq!(
                (cell.fg, cell.bg),
                (Color::Reset, Color::Reset),
                "colour at {x},{y}"
            );
        }
    }
    let screen = text(&backend);
    assert!(screen.contains("OVERRUN +01:05"));
    assert!(screen.contains("MESSAGE: Wrap up"));
    insta::assert_snapshot!("moderator_no_color", backend);
}

#[test]
fn a_disconnected_follower_says_so() {
    let agenda = shipped();
    let mut shot = Shot::new(&agenda, "2022-06-01T09:05:00+08:00");
    shot.link = Some(Link {
        connected: false,
        last_update: Some(at("2022-06-01T09:04:48+08:00")),
        read_only: true,
    });
    let screen = text(&shot.render());
    assert!(
        screen.contains("DISCONNECTED: last update 12 s ago"),
        "{screen}"
    );
}

// The producer's view.

#[test]
fn producer_before_the_show() {
    let agenda = shipped();
    let mut shot = Shot::new(&agenda, "2022-06-01T08:58:00+08:00");
    shot.view = ViewKind::Producer;
    let backend = shot.render();
    let screen = text(&backend);
    assert!(screen.contains("Rundown 1-6 of 6"));
    assert!(screen.contains("6:00 PM"));
    insta::assert_snapshot!("producer_before", backend);
}

#[test]
fn producer_live_highlights_the_current_row_and_dims_past_ones() {
    let agenda = shipped();
    let mut shot = Shot::new(&agenda, "2022-06-01T09:27:00+08:00");
    shot.view = ViewKind::Producer;
    shot.journal = vec![
        (START, Action::Start),
        ("2022-06-01T09:11:00+08:00", Action::Next),
        ("2022-06-01T09:26:00+08:00", Action::Next),
    ];
    let backend = shot.render();
    let screen = text(&backend);
    assert!(
        screen.contains("+01:00"),
        "segment 1 ran a minute over: {screen}"
    );
    let buffer = backend.buffer();
    let (_, current_row) = find(buffer, "Yin Qiu, Shuhan Song").unwrap();
    assert_eq!(buffer[(1, current_row)].bg, Color::Blue);
    let (_, past_row) = find(buffer, "Cristiano Façanha").unwrap();
    assert_eq!(buffer[(1, past_row)].fg, Color::DarkGray);
    insta::assert_snapshot!("producer_live", backend);
}

#[test]
fn producer_overrun() {
    let agenda = shipped();
    let mut shot = Shot::new(&agenda, "2022-06-01T09:12:00+08:00");
    shot.view = ViewKind::Producer;
    shot.journal = vec![(START, Action::Start)];
    let backend = shot.render();
    assert!(text(&backend).contains("OVERRUN +02:00"));
    insta::assert_snapshot!("producer_overrun", backend);
}

#[test]
fn producer_after() {
    let agenda = shipped();
    let mut shot = Shot::new(&agenda, "2022-06-01T10:45:00+08:00");
    shot.view = ViewKind::Producer;
    let backend = shot.render();
    assert!(text(&backend).contains("SHOW OVER"));
    insta::assert_snapshot!("producer_after", backend);
}

#[test]
fn producer_long_rundown_scrolls_to_keep_the_current_row_in_sight() {
    let mut toml = String::from(
        "[event]\ntitle = \"Long day\"\ndate = 2022-06-01\ntimezone = \"Europe/London\"\n",
    );
    for i in 0..60 {
        toml.push_str(&format!(
            "[[segment]]\ntitle = \"Talk {i}\"\nduration = \"10m\"\nstart = \"{:02}:{:02}\"\n",
            8 + i / 6,
            (i % 6) * 10
        ));
    }
    let agenda = parse("long.toml", &toml).unwrap().agenda;
    let mut shot = Shot::new(&agenda, "2022-06-01T12:05:00+01:00");
    shot.view = ViewKind::Producer;
    let backend = shot.render();
    let screen = text(&backend);
    assert!(screen.contains("Talk 24"), "current row shown: {screen}");
    assert!(screen.contains("Talk 27"), "and the next few");
    assert!(!screen.contains("Talk 2 "), "early rows scrolled away");
    insta::assert_snapshot!("producer_scrolled", backend);
}

#[test]
fn producer_narrow_terminal() {
    let agenda = shipped();
    let mut shot = Shot::new(&agenda, "2022-06-01T09:27:00+08:00");
    shot.view = ViewKind::Producer;
    shot.size = (60, 20);
    let backend = shot.render();
    assert!(text(&backend).contains("NOW 3/6"));
    insta::assert_snapshot!("producer_narrow", backend);
}

#[test]
fn a_show_long_over_offers_a_rehearsal_with_its_dates_and_keys_in_sight() {
    let agenda = shipped();
    let mut shot = Shot::new(&agenda, "2026-11-28T14:00:00Z");
    shot.size = (80, 24);
    shot.overlay = Overlay::OfferRehearsal;
    let backend = shot.render();
    let screen = text(&backend);
    // Another year: every clock gives the date and the year.
    assert!(
        screen.contains("10:30 Beijing (Wed 1 Jun 2022)"),
        "{screen}"
    );
    assert!(
        screen.contains("r rehearse · q quit"),
        "the keys are not cut off:\n{screen}"
    );
    insta::assert_snapshot!("moderator_offer_rehearsal", backend);
}

#[test]
fn a_follower_still_connecting_says_where_and_why() {
    let mut terminal = Terminal::new(TestBackend::new(80, 12)).unwrap();
    terminal
        .draw(|frame| {
            showclock::ui::connecting(
                frame,
                showclock::i18n::english(),
                (
                    "http://127.0.0.1:8080",
                    Some("cannot reach http://127.0.0.1:8080: Connection refused"),
                ),
                Theme::new(true),
            )
        })
        .unwrap();
    let screen = text(terminal.backend());
    assert!(
        screen.contains("Connecting to http://127.0.0.1:8080…"),
        "{screen}"
    );
    assert!(screen.contains("Not yet: cannot reach"), "{screen}");
    assert!(screen.contains("q quits"), "{screen}");
    insta::assert_snapshot!("follower_connecting", terminal.backend());
}

#[test]
fn a_damaged_journal_on_start_lists_its_lines_and_the_two_ways_on() {
    let problems: Vec<(usize, String)> = (3..40)
        .map(|line| (line, format!("not a JSON object (line {line})")))
        .collect();
    let mut terminal = Terminal::new(TestBackend::new(80, 16)).unwrap();
    terminal
        .draw(|frame| {
            showclock::ui::damaged_journal(
                frame,
                showclock::i18n::english(),
                &showclock::ui::DamagedJournal {
                    journal: "agenda.jsonl",
                    problems: &problems,
                    valid: 17,
                },
                Theme::new(true),
            )
        })
        .unwrap();
    let screen = text(terminal.backend());
    assert!(
        screen.contains("THE JOURNAL agenda.jsonl HAS 37 DAMAGED LINES"),
        "{screen}"
    );
    assert!(screen.contains("line 3: not a JSON object"), "{screen}");
    // However long the list, the choice stays on screen.
    assert!(
        screen.contains("more (showclock journal check lists them all)"),
        "{screen}"
    );
    assert!(
        screen.contains("r  repair: keep the 17 valid entries"),
        "{screen}"
    );
    assert!(
        screen.contains("q  quit and leave the journal as it is"),
        "{screen}"
    );
    insta::assert_snapshot!("damaged_journal", terminal.backend());
}

// Every size a trial run used, for the overrun and the NEXT line.

const SIZES: [(u16, u16); 5] = [(200, 60), (120, 40), (80, 24), (60, 20), (40, 12)];

/// Rows of big digits on screen.
fn digit_rows(backend: &TestBackend) -> usize {
    text(backend).lines().filter(|l| l.contains('█')).count()
}

#[test]
fn the_overrun_is_at_least_as_large_as_the_countdown_at_every_size() {
    let agenda = shipped();
    for (width, height) in SIZES {
        let mut shot = Shot::new(&agenda, "2022-06-01T09:08:30+08:00");
        shot.journal = vec![(START, Action::Start)];
        shot.size = (width, height);
        let countdown = digit_rows(&shot.render());
        assert!(
            countdown > 0,
            "{width}x{height}: the countdown has big digits"
        );
        for now in ["2022-06-01T09:11:13+08:00", "2022-06-01T09:22:34+08:00"] {
            shot.now = now;
            let backend = shot.render();
            let screen = text(&backend);
            assert!(
                digit_rows(&backend) >= countdown,
                "{width}x{height} at {now}: overrun {} rows, countdown {countdown}:\n{screen}",
                digit_rows(&backend)
            );
            // On a red field, from edge to edge.
            let (x, y) = find(backend.buffer(), "█").unwrap();
            assert_eq!(backend.buffer()[(x, y)].bg, Color::Red, "{width}x{height}");
            assert_eq!(backend.buffer()[(0, y)].bg, Color::Red, "{width}x{height}");
            assert_eq!(backend.buffer()[(width - 1, y)].bg, Color::Red);
        }
        shot.now = "2022-06-01T09:11:13+08:00";
        let backend = shot.render();
        let screen = text(&backend);
        assert!(
            screen.contains("OVERRUN +01:13"),
            "{width}x{height}:\n{screen}"
        );
        assert!(screen.contains(" NEXT 2/6 "), "{width}x{height}:\n{screen}");
        assert!(screen.contains("due now"), "{width}x{height}:\n{screen}");
        insta::assert_snapshot!(format!("moderator_overrun_{width}x{height}"), backend);
    }
}

#[test]
fn big_digits_grow_to_fill_a_tall_terminal() {
    let agenda = shipped();
    let mut shot = Shot::new(&agenda, "2022-06-01T09:27:00+08:00");
    shot.size = (200, 60);
    assert_eq!(digit_rows(&shot.render()), 25, "scale 5 at 200 columns");
}

#[test]
fn the_next_line_at_every_size_says_what_when_and_who_and_cuts_with_an_ellipsis() {
    let agenda = shipped();
    for (width, height) in SIZES {
        // Before the panel: five people, a long title before it.
        let mut shot = Shot::new(&agenda, "2022-06-01T09:37:00+08:00");
        shot.size = (width, height);
        let backend = shot.render();
        let screen = text(&backend);
        let next = screen
            .lines()
            .find(|l| l.starts_with(" NEXT 4/6  in 03:00 "))
            .unwrap_or_else(|| panic!("{width}x{height}:\n{screen}"));
        assert!(next.contains("Panel"), "{width}x{height}: {next}");
        let (x, y) = find(backend.buffer(), "NEXT 4/6").unwrap();
        assert!(
            backend.buffer()[(x, y)].modifier.contains(Modifier::BOLD),
            "the NEXT label is bold"
        );
        // The people: by name, the moderator introduced as the agenda does.
        assert!(
            screen.contains("Moderated by Yin Qiu"),
            "{width}x{height}:\n{screen}"
        );
        if width >= 60 {
            assert!(
                screen.contains("Ying XIONG"),
                "all five: {width}x{height}:\n{screen}"
            );
            assert!(
                screen.contains("starts 09:40 Beijing / 6:40 PM Pacific"),
                "{width}x{height}:\n{screen}"
            );
        }
        // Whatever is cut says so.
        for line in screen.lines() {
            let trimmed = line.trim_end();
            let one_line = [" NEXT", "NOW", " LIVE", "starts", "planned"];
            if one_line.iter().any(|p| trimmed.starts_with(p))
                && unicode_width::UnicodeWidthStr::width(trimmed) == usize::from(width)
            {
                assert!(
                    trimmed.ends_with('…'),
                    "{width}x{height}: cut without a mark: {line:?}"
                );
            }
        }
        insta::assert_snapshot!(format!("moderator_next_{width}x{height}"), backend);
    }
}

#[test]
fn the_dates_stay_down_to_40_columns() {
    let agenda = shipped();
    for width in [120, 80, 60, 50, 40] {
        let mut shot = Shot::new(&agenda, "2022-06-01T09:05:01+08:00");
        shot.size = (width, 12);
        let screen = text(&shot.render());
        let clocks = screen.lines().find(|l| l.starts_with("Beijing")).unwrap();
        assert!(
            clocks.contains("Beijing Wed") && clocks.contains("Pacific Tue"),
            "{width}: {clocks}"
        );
    }
}

#[test]
fn the_screen_says_who_drives_the_show() {
    let agenda = shipped();
    let mut shot = Shot::new(&agenda, "2022-06-01T09:05:00+08:00");
    let screen = text(&shot.render());
    assert!(
        screen.contains(" ON SCHEDULE · Space takes over "),
        "{screen}"
    );
    assert!(screen.contains("Space take over"), "{screen}");
    shot.journal = vec![(START, Action::Start)];
    let screen = text(&shot.render());
    assert!(screen.contains(" CUED BY OPERATOR "), "{screen}");
    assert!(!screen.contains("ON SCHEDULE"), "{screen}");
    shot.size = (60, 20);
    assert!(text(&shot.render()).contains(" CUED "));
    shot.journal = vec![];
    assert!(text(&shot.render()).contains(" ON SCHEDULE "));
}

#[test]
fn e_asks_first_and_a_follower_quitting_is_not_told_about_a_journal() {
    let agenda = shipped();
    let mut shot = Shot::new(&agenda, "2022-06-01T09:05:00+08:00");
    shot.size = (80, 24);
    shot.overlay = Overlay::ConfirmEnd;
    let backend = shot.render();
    let screen = text(&backend);
    assert!(screen.contains("End the show now?"), "{screen}");
    assert!(screen.contains("y end the show"), "{screen}");
    insta::assert_snapshot!("moderator_confirm_end", backend);

    shot.overlay = Overlay::ConfirmQuit;
    assert!(text(&shot.render()).contains("The journal is saved"));
    shot.link = Some(Link {
        connected: true,
        last_update: Some(at("2022-06-01T09:05:00+08:00")),
        read_only: false,
    });
    let screen = text(&shot.render());
    assert!(!screen.contains("journal"), "{screen}");
    assert!(
        screen.contains("the show goes on where it is served"),
        "{screen}"
    );
}

#[test]
fn the_qa_is_facilitated_as_the_seed_says_and_the_panel_moderated() {
    let agenda = shipped();
    let qa = text(&Shot::new(&agenda, "2022-06-01T10:12:00+08:00").render());
    assert!(qa.contains("Facilitated by Yin Qiu"), "{qa}");
    assert!(!qa.contains("Moderated by"), "{qa}");
    let panel = text(&Shot::new(&agenda, "2022-06-01T09:45:00+08:00").render());
    assert!(panel.contains("Moderated by Yin Qiu"), "{panel}");
}

const SPEAKERS_ABROAD: &str = r#"
[event]
title = "Late call"
date = 2022-06-01
timezone = "Asia/Shanghai"

[[clock]]
label = "Beijing"
timezone = "Asia/Shanghai"

[[clock]]
label = "Pacific"
timezone = "America/Los_Angeles"
hour_format = "12h"

[[segment]]
title = "Opening"
start = "09:00"
end = "09:10"

[[segment]]
title = "Two views"
start = "09:10"
end = "09:40"
speakers = [
  { name = "Ravi Kumar", timezone = "Asia/Kolkata" },
  { name = "Ana Ruiz", timezone = "America/Los_Angeles" },
]
"#;

#[test]
fn a_speakers_own_time_is_their_slot_in_their_zone_with_weekday() {
    let agenda = parse("abroad.toml", SPEAKERS_ABROAD).unwrap().agenda;
    // At 09:02 Beijing the next slot starts 09:10: 06:40 Wed in Kolkata (no
    // clock there: 24-hour), 6:10 PM Tue in Los Angeles (the Pacific clock, 12-hour, names the place).
    let screen = text(&Shot::new(&agenda, "2022-06-01T09:02:00+08:00").render());
    assert!(
        screen.contains("Ravi Kumar (speaks 06:40 Wed, Kolkata time)"),
        "{screen}"
    );
    assert!(
        screen.contains("Ana Ruiz (speaks 6:10 PM Tue, Pacific time)"),
        "{screen}"
    );
    // During the slot: since when, still in their own time.
    let screen = text(&Shot::new(&agenda, "2022-06-01T09:20:00+08:00").render());
    assert!(
        screen.contains("Ravi Kumar (on since 06:40 Wed, Kolkata time)"),
        "{screen}"
    );
}

#[test]
fn small_things_a_trial_run_found() {
    let agenda = shipped();
    // Shortening says so, with no minus sign on "extended".
    let mut shot = Shot::new(&agenda, "2022-06-01T09:03:00+08:00");
    shot.journal = vec![
        (START, Action::Start),
        ("2022-06-01T09:02:00+08:00", Action::Extend { seconds: -60 }),
    ];
    let screen = text(&shot.render());
    assert!(screen.contains("shortened 01:00"), "{screen}");
    assert!(!screen.contains("extended -"), "{screen}");

    // The 80x24 after-show screen keeps when it ended, to the second.
    let mut shot = Shot::new(&agenda, "2022-06-01T10:40:00+08:00");
    shot.size = (80, 24);
    shot.journal = vec![
        (START, Action::Start),
        ("2022-06-01T10:31:34+08:00", Action::End),
    ];
    let screen = text(&shot.render());
    assert!(
        screen.contains("SHOW OVER ended 10:31:34 Beijing"),
        "{screen}"
    );

    // The producer's ± column: one way of writing every duration.
    let mut shot = Shot::new(&agenda, "2022-06-01T09:27:00+08:00");
    shot.view = ViewKind::Producer;
    shot.journal = vec![
        (START, Action::Start),
        ("2022-06-01T09:10:50+08:00", Action::Next),
        ("2022-06-01T09:25:50+08:00", Action::Next),
    ];
    let screen = text(&shot.render());
    let rows: Vec<&str> = screen
        .lines()
        .filter(|l| l.starts_with("1 ") || l.starts_with("2 "))
        .collect();
    assert!(rows[0].trim_end().ends_with("+00:50"), "{}", rows[0]);
    assert!(rows[1].trim_end().ends_with("00:00"), "{}", rows[1]);
    assert!(!rows[1].contains(" 0:00"), "{}", rows[1]);
}

#[test]
fn the_producers_lower_half_has_notes_messages_and_the_journal() {
    let agenda = shipped();
    let mut shot = Shot::new(&agenda, "2022-06-01T09:20:00+08:00");
    shot.view = ViewKind::Producer;
    shot.journal = vec![
        (START, Action::Start),
        (
            "2022-06-01T09:05:00+08:00",
            Action::Message {
                text: "Wrap up".into(),
                audience: Default::default(),
            },
        ),
        ("2022-06-01T09:06:00+08:00", Action::ClearMessage),
        ("2022-06-01T09:10:00+08:00", Action::Next),
        (
            "2022-06-01T09:12:00+08:00",
            Action::Message {
                text: "Speak up".into(),
                audience: Default::default(),
            },
        ),
        ("2022-06-01T09:13:00+08:00", Action::Extend { seconds: 60 }),
    ];
    let backend = shot.render();
    let screen = text(&backend);
    for expected in [
        "Now 2: Technology",
        "The first study (seed)",
        "Next 3: Zero-emission",
        "The second study (seed)",
        "09:12:00 to the moderator Speak up ◂ showing",
        "09:06:00 cleared",
        "09:05:00 to the moderator Wrap up",
        "09:13:00 extend +01:00",
        "09:10:00 next",
        "09:00:00 start",
    ] {
        assert!(screen.contains(expected), "{expected:?} missing:\n{screen}");
    }
    insta::assert_snapshot!("producer_desk", backend);
}

#[test]
fn a_sharing_producer_sees_who_follows_the_show() {
    let agenda = shipped();
    let mut shot = Shot::new(&agenda, "2022-06-01T09:20:00+08:00");
    shot.view = ViewKind::Producer;
    shot.journal = vec![(START, Action::Start)];
    shot.watchers = Some(vec![
        Watcher {
            address: "127.0.0.1".into(),
            control: true,
            since: at("2022-06-01T08:55:00+08:00"),
        },
        Watcher {
            address: "192.0.2.44".into(),
            control: false,
            since: at("2022-06-01T09:02:30+08:00"),
        },
    ]);
    let backend = shot.render();
    let screen = text(&backend);
    for expected in [
        "Following this show · 2",
        "08:55:00 127.0.0.1 · control",
        "09:02:30 192.0.2.44 · watching",
    ] {
        assert!(screen.contains(expected), "{expected:?} missing:\n{screen}");
    }
    insta::assert_snapshot!("producer_followers", backend);
}

#[test]
fn a_long_message_takes_three_rows_on_the_moderators_screen_not_the_digits_rows() {
    let agenda = shipped();
    let long = "Zhe has lost audio: skip him, go straight to Ying, and then come back to Zhe at the end if he is back";
    let mut shot = Shot::new(&agenda, "2022-06-01T09:05:00+08:00");
    shot.size = (80, 24);
    let digits_rows = |screen: &str| screen.lines().filter(|l| l.contains('█')).count();
    shot.journal = vec![(START, Action::Start)];
    let without = text(&shot.render());
    shot.journal.push((
        "2022-06-01T09:04:00+08:00",
        Action::Message {
            text: long.into(),
            audience: Audience::Moderator,
        },
    ));
    let with = text(&shot.render());
    // Wrapped at words, all of it, on up to three rows.
    let rows: Vec<&str> = with
        .lines()
        .filter(|l| l.contains("Zhe") || l.contains("Ying") || l.contains("back"))
        .collect();
    assert!((2..=3).contains(&rows.len()), "{with}");
    assert!(with.contains("if he is back"), "{with}");
    assert_eq!(digits_rows(&with), digits_rows(&without), "{with}");
    // A note to the speakers is not on the moderator's screen.
    shot.journal[1].1 = Action::Message {
        text: long.into(),
        audience: Audience::Speakers,
    };
    assert!(!text(&shot.render()).contains("Zhe has lost audio"));
}

#[test]
fn footers_offer_only_keys_that_work_and_help_scrolls_on_a_small_terminal() {
    let agenda = shipped();
    let mut shot = Shot::new(&agenda, "2022-06-01T09:05:00+08:00");
    shot.journal = vec![(START, Action::Start)];
    assert!(text(&shot.render()).contains("m message · c clear"));
    // A follower without the token acts on nothing.
    shot.link = Some(Link {
        connected: true,
        last_update: Some(at("2022-06-01T09:05:00+08:00")),
        read_only: true,
    });
    let read_only = text(&shot.render());
    assert!(
        read_only.contains("read-only: this screen follows the show"),
        "{read_only}"
    );
    assert!(!read_only.contains("Space next"), "{read_only}");
    shot.link = None;
    // After the show: nothing to lengthen or end.
    shot.journal
        .push(("2022-06-01T10:31:00+08:00", Action::End));
    shot.now = "2022-06-01T10:32:00+08:00";
    let over = text(&shot.render());
    assert!(over.contains("p undo the end · r rehearse"), "{over}");
    assert!(
        !over.contains("+/- 1 min") && !over.contains("· e end"),
        "{over}"
    );
    // Help at 40x12: what fits, and how to see the rest.
    shot.journal.pop();
    shot.now = "2022-06-01T09:05:00+08:00";
    shot.size = (40, 12);
    shot.overlay = Overlay::Help(0);
    let first = text(&shot.render());
    assert!(first.contains("↑ ↓ scroll · 1-"), "{first}");
    shot.overlay = Overlay::Help(99);
    let last = text(&shot.render());
    assert!(last.contains("close this help"), "{last}");
    assert!(
        last.contains(&format!("of {} keys", showclock::ui::KEYS.len())),
        "{last}"
    );
}

#[test]
fn a_small_producer_view_keeps_the_current_row_and_says_who_drives() {
    let agenda = shipped();
    let mut shot = Shot::new(&agenda, "2022-06-01T09:45:00+08:00");
    shot.journal = vec![
        (START, Action::Start),
        ("2022-06-01T09:40:00+08:00", Action::Goto { index: 3 }),
    ];
    shot.view = ViewKind::Producer;
    shot.size = (40, 12);
    let screen = text(&shot.render());
    assert!(screen.contains("CUED"), "{screen}");
    // The current segment's row is in sight, and the title says which rows.
    assert!(screen.contains(" Rundown 3-5 of 6 "), "{screen}");
    assert!(screen.lines().any(|l| l.starts_with("4 ")), "{screen}");
}

#[test]
fn the_next_segment_is_due_since_the_slot_ran_out_not_at_a_minute_rounded_up() {
    let agenda = shipped();
    // Segment 3 ends 09:40; at 09:40:30 it runs over.
    let mut shot = Shot::new(&agenda, "2022-06-01T09:40:30+08:00");
    shot.journal = vec![
        (START, Action::Start),
        ("2022-06-01T09:25:00+08:00", Action::Goto { index: 2 }),
    ];
    let screen = text(&shot.render());
    assert!(screen.contains("due now"), "{screen}");
    assert!(screen.contains("due since 09:40:00 Beijing"), "{screen}");
    assert!(!screen.contains("starts 09:41"), "{screen}");
}

/// The dialogue in both languages, with the Chinese speakers' names as they
/// write them: what a Chinese crew's agenda looks like.
const BILINGUAL: &str = include_str!("fixtures/bilingual.toml");

/// English words a Chinese screen may still show: key names on the
/// keyboard, and what the agenda itself writes in Latin letters.
const LATIN_ALLOWED: &[&str] = &[
    "Space",
    "Enter",
    "Tab",
    "Esc",
    "Ctrl",
    "Yin",
    "Qiu",
    "CALSTART",
    "ICCT",
    "showclock",
    "journal",
    "check",
    "speaker",
    "name",
];

fn assert_no_english(screen: &str, case: &str) {
    let words = screen
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 3)
        .filter(|w| !LATIN_ALLOWED.contains(w));
    let left: Vec<&str> = words.collect();
    assert!(
        left.is_empty(),
        "{case}: English left on a Chinese screen: {left:?}\n{screen}"
    );
}

#[test]
fn every_view_in_chinese_at_three_sizes() {
    let agenda = parse("bilingual.toml", BILINGUAL).unwrap().agenda;
    let zh = showclock::i18n::named("zh-Hans").unwrap();
    // Live in the panel, with a message for everyone; then overrunning.
    let journal = vec![
        ("2022-06-01T09:00:00+08:00", Action::Start),
        ("2022-06-01T09:10:00+08:00", Action::Next),
        (
            "2022-06-01T09:12:00+08:00",
            Action::Message {
                text: "Wrap up".into(),
                audience: Audience::Everyone,
            },
        ),
    ];
    for (size, name) in [
        ((200, 60), "200x60"),
        ((120, 40), "120x40"),
        ((80, 24), "80x24"),
        ((40, 12), "40x12"),
    ] {
        for (view, view_name) in [
            (ViewKind::Moderator, "moderator"),
            (ViewKind::Producer, "producer"),
        ] {
            for (now, moment) in [
                ("2022-06-01T08:59:00+08:00", "before"),
                ("2022-06-01T09:25:00+08:00", "live"),
                ("2022-06-01T09:43:10+08:00", "overrun"),
            ] {
                let mut shot = Shot::new(&agenda, now);
                shot.lang = zh;
                shot.size = size;
                shot.view = view;
                shot.journal = if moment == "before" {
                    Vec::new()
                } else {
                    journal.clone()
                };
                let backend = shot.render();
                let screen = text(&backend);
                let case = format!("{view_name} {moment} at {name}");
                assert_no_english(&screen, &case);
                if size.0 >= 80 {
                    // The canned message reads in Chinese; the journal keeps it in English.
                    if moment != "before" {
                        assert!(screen.contains("请收尾"), "{case}:\n{screen}");
                    }
                    assert!(screen.contains("北京"), "{case}:\n{screen}");
                }
                if moment == "overrun" && view == ViewKind::Moderator {
                    assert!(screen.contains("超时 +03:10"), "{case}:\n{screen}");
                }
                insta::assert_snapshot!(format!("zh_{view_name}_{moment}_{name}"), backend);
            }
        }
    }
}

#[test]
fn every_dialog_in_chinese() {
    let agenda = parse("bilingual.toml", BILINGUAL).unwrap().agenda;
    let zh = showclock::i18n::named("zh-Hans").unwrap();
    let live = vec![("2022-06-01T09:00:00+08:00", Action::Start)];
    let overlays = [
        ("help", Overlay::Help(0), "帮助"),
        ("quit", Overlay::ConfirmQuit, "确定退出"),
        ("end", Overlay::ConfirmEnd, "结束节目"),
        ("goto", Overlay::Goto("2".into()), "环节编号"),
        (
            "links",
            Overlay::Links(vec![
                "发言人页面：http://192.168.1.20:8080/speaker#view=…".into(),
            ]),
            "浏览器页面",
        ),
        (
            "compose",
            Overlay::Compose {
                text: "请放慢语速".into(),
                audience: Audience::Speaker("王云石".into()),
            },
            "仅给 王云石",
        ),
    ];
    for (size, name) in [
        ((120, 40), "120x40"),
        ((80, 24), "80x24"),
        ((40, 12), "40x12"),
    ] {
        for (overlay_name, overlay, words) in &overlays {
            let mut shot = Shot::new(&agenda, "2022-06-01T09:05:00+08:00");
            shot.lang = zh;
            shot.size = size;
            shot.journal = live.clone();
            shot.overlay = overlay.clone();
            let backend = shot.render();
            let screen = text(&backend);
            let case = format!("{overlay_name} at {name}");
            // The links are URLs, cut anywhere on a small screen.
            if *overlay_name != "links" {
                assert_no_english(&screen, &case);
            }
            if size.0 >= 80 {
                assert!(screen.contains(words), "{case}:\n{screen}");
            }
            insta::assert_snapshot!(format!("zh_dialog_{overlay_name}_{name}"), backend);
        }
    }
    // Over: the offer to rehearse.
    let mut shot = Shot::new(&agenda, "2022-06-01T10:05:00+08:00");
    shot.lang = zh;
    shot.size = (80, 24);
    shot.journal = vec![
        ("2022-06-01T09:00:00+08:00", Action::Start),
        ("2022-06-01T09:55:00+08:00", Action::End),
    ];
    shot.overlay = Overlay::OfferRehearsal;
    let backend = shot.render();
    let screen = text(&backend);
    assert!(screen.contains("现在用模拟时钟彩排"), "{screen}");
    assert_no_english(&screen, "rehearsal offer");
    insta::assert_snapshot!("zh_dialog_rehearse_80x24", backend);
}

#[test]
fn connecting_and_a_damaged_journal_in_chinese() {
    let zh = showclock::i18n::named("zh-Hans").unwrap();
    let mut terminal = Terminal::new(TestBackend::new(40, 12)).unwrap();
    terminal
        .draw(|frame| {
            showclock::ui::connecting(
                frame,
                zh,
                ("http://127.0.0.1:8080", Some("连接被拒绝")),
                Theme::new(true),
            )
        })
        .unwrap();
    let screen = text(terminal.backend());
    assert!(screen.contains("正在连接"), "{screen}");
    assert!(screen.contains("尚未连上：连接被拒绝"), "{screen}");
    insta::assert_snapshot!("zh_follower_connecting_40x12", terminal.backend());
    let problems: Vec<(usize, String)> =
        (3..9).map(|line| (line, "不是 JSON 对象".into())).collect();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|frame| {
            showclock::ui::damaged_journal(
                frame,
                zh,
                &showclock::ui::DamagedJournal {
                    journal: "agenda.jsonl",
                    problems: &problems,
                    valid: 17,
                },
                Theme::new(true),
            )
        })
        .unwrap();
    let screen = text(terminal.backend());
    assert!(
        screen.contains("操作记录 agenda.jsonl 有 6 行损坏"),
        "{screen}"
    );
    assert!(screen.contains("按顺序保留 17 条有效记录"), "{screen}");
    insta::assert_snapshot!("zh_damaged_journal_80x24", terminal.backend());
}
