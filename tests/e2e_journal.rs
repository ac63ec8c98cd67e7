//! The journal's promises where they are about processes and the screen,
//! with the real binary in tmux: a disk that fills up during the show and
//! is freed, a damaged journal met on start, a restart on a terminal that a
//! crash left dirty, and a rehearsal kept when the next one starts.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{BIN, Tmux, workdir};

fn lines_of(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

/// `status` replays the journal as a restart would.
fn replays(agenda: &Path, journal: &Path) -> bool {
    Command::new(BIN)
        .arg("status")
        .arg(agenda)
        .arg("--journal")
        .arg(journal)
        .output()
        .unwrap()
        .status
        .success()
}

/// The pane's text with its colours (SGR escapes).
fn coloured(tmux: &Tmux, session: &str) -> String {
    tmux.run(&["capture-pane", "-e", "-p", "-t", session])
}

#[test]
fn a_full_disk_refuses_the_action_keeps_the_clock_and_the_next_action_retries() {
    let dir = workdir("fulldisk");
    let tmux = Tmux::new("fulldisk");
    let agenda = dir.join("agenda.toml");
    let journal = dir.join("agenda.rehearsal.jsonl");
    // A file size limit of one 1024-byte block stands for a full disk: the
    // write fails part-way with EFBIG (SIGXFSZ does not kill showclock).
    tmux.start(
        "show",
        &format!(
            "ulimit -S -f 1; exec {BIN} {} --rehearse --speed 1",
            agenda.display()
        ),
    );
    tmux.wait_for("show", "REHEARSAL", Duration::from_secs(5));
    tmux.keys("show", &["Space"]);
    tmux.wait_for("show", "NOW 1/6", Duration::from_secs(3));
    // Each minute added is a line of 60-odd bytes: the limit is reached
    // within twenty.
    let mut refused = None;
    for _ in 0..25 {
        tmux.keys("show", &["+"]);
        std::thread::sleep(Duration::from_millis(120));
        let screen = tmux.screen("show");
        if screen.contains("NOT DONE: cannot write the journal") {
            refused = Some(screen);
            break;
        }
    }
    let screen =
        refused.unwrap_or_else(|| panic!("the journal never filled up:\n{}", tmux.screen("show")));
    assert!(
        screen.contains("File too large") && screen.contains("the next action tries again"),
        "{screen}"
    );
    // Shown in red.
    let colours = coloured(&tmux, "show");
    let notice = colours
        .lines()
        .find(|line| line.contains("NOT DONE"))
        .unwrap();
    assert!(
        notice.contains("\u{1b}[48;5;1m") || notice.contains("\u{1b}[41m"),
        "a red background: {notice:?}"
    );
    // The journal ends on a whole entry, under the limit, and replays.
    let bytes = std::fs::read(&journal).unwrap();
    assert!(
        bytes.len() <= 1024 && bytes.ends_with(b"\n"),
        "{} bytes",
        bytes.len()
    );
    let written = lines_of(&journal).len();
    assert!(written >= 10, "{written} lines fit");
    assert!(replays(&agenda, &journal));
    // Refused again while the disk stays full, and the clock runs on.
    let before = tmux.screen("show");
    tmux.keys("show", &["+"]);
    std::thread::sleep(Duration::from_millis(1500));
    let during = tmux.screen("show");
    assert!(during.contains("NOT DONE"), "{during}");
    assert_ne!(before, during, "the clock kept running");
    assert_eq!(lines_of(&journal).len(), written);
    assert!(replays(&agenda, &journal));

    // Room again: the next action is written, and the notice goes.
    let pid = tmux.pane_pid("show");
    assert!(
        Command::new("prlimit")
            .args(["--pid", &pid.to_string(), "--fsize=unlimited:"])
            .status()
            .expect("prlimit (util-linux) is installed")
            .success()
    );
    tmux.keys("show", &["+"]);
    let deadline = Instant::now() + Duration::from_secs(3);
    while lines_of(&journal).len() == written {
        assert!(Instant::now() < deadline, "{}", tmux.screen("show"));
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(lines_of(&journal).len(), written + 1);
    assert!(replays(&agenda, &journal));
    std::thread::sleep(Duration::from_millis(300));
    assert!(!tmux.screen("show").contains("NOT DONE"));
    let _ = std::fs::remove_dir_all(&dir);
}

const DAMAGED: &str = "{\"at\":\"2022-06-01T00:58:00Z\",\"action\":\"start\"}\n\
    {\"at\":\"2022-06-01T01:08:00Z\",\"action\":\"next\"}\n\
    {\"at\":\"2022-06-01T01:10:00Z\",\"action\":\"extend\",\"secon\n\
    {\"at\":\"2022-06-01T01:26:00Z\",\"action\":\"next\"}\n";

#[test]
fn a_damaged_journal_on_start_offers_repair_and_the_show_goes_on() {
    let dir = workdir("damaged");
    let tmux = Tmux::new("damaged");
    let journal = dir.join("agenda.jsonl");
    std::fs::write(&journal, DAMAGED).unwrap();
    tmux.start(
        "show",
        &format!("exec {BIN} {}", dir.join("agenda.toml").display()),
    );
    let screen = tmux.wait_for("show", "HAS 1 DAMAGED LINE", Duration::from_secs(5));
    assert!(screen.contains("line 3: not a JSON object"), "{screen}");
    assert!(
        screen.contains("r  repair: keep the 3 valid entries in order"),
        "{screen}"
    );
    assert!(
        screen.contains("q  quit and leave the journal as it is"),
        "{screen}"
    );
    // Nothing is touched until asked.
    assert_eq!(std::fs::read_to_string(&journal).unwrap(), DAMAGED);
    tmux.keys("show", &["r"]);
    let screen = tmux.wait_for(
        "show",
        "Journal repaired: kept 3 entries; 1 line set aside in agenda.jsonl.rejected",
        Duration::from_secs(3),
    );
    assert!(
        screen.contains("NOW 3/6"),
        "the show goes on where it was:\n{screen}"
    );
    let lines = lines_of(&journal);
    assert_eq!(lines.len(), 3);
    assert!(lines[2].contains("01:26:00Z"));
    let rejected = std::fs::read_to_string(dir.join("agenda.jsonl.rejected")).unwrap();
    assert!(
        rejected.contains("# line 3: not a JSON object"),
        "{rejected}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn quitting_at_the_damaged_journal_leaves_it_as_it_is_and_says_how_to_mend_it() {
    let dir = workdir("damaged-quit");
    let tmux = Tmux::new("damaged-quit");
    let journal = dir.join("agenda.jsonl");
    std::fs::write(&journal, DAMAGED).unwrap();
    tmux.start("sh", "bash --norc --noprofile");
    let command = format!(
        "{BIN} {}; echo EXIT-$((40+1))-$?",
        dir.join("agenda.toml").display()
    );
    tmux.keys("sh", &[&command, "Enter"]);
    tmux.wait_for("sh", "DAMAGED LINE", Duration::from_secs(5));
    tmux.keys("sh", &["q"]);
    let screen = tmux.wait_for("sh", "EXIT-41-1", Duration::from_secs(3));
    assert!(
        screen.contains("the journal is damaged and was left as it is"),
        "{screen}"
    );
    assert!(screen.contains("showclock journal repair"), "{screen}");
    assert_eq!(std::fs::read_to_string(&journal).unwrap(), DAMAGED);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_restart_on_a_dirty_alternate_screen_shows_only_the_show() {
    let dir = workdir("dirty");
    let tmux = Tmux::new("dirty");
    // As kill -9 leaves it: on the alternate screen, full of other lines.
    tmux.start(
        "show",
        &format!(
            "printf '\\033[?1049h'; i=0; while [ $i -lt 45 ]; do printf 'JUNK%.0s' 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30; echo; i=$((i+1)); done; sleep 0.3; exec {BIN} {} --at 2022-06-01T09:27:00+08:00",
            dir.join("agenda.toml").display()
        ),
    );
    let screen = tmux.wait_for("show", "NOW 3/6", Duration::from_secs(5));
    let screen = if screen.contains("NEXT 4/6") {
        screen
    } else {
        tmux.wait_for("show", "NEXT 4/6", Duration::from_secs(2))
    };
    assert!(
        !screen.contains("JUNK"),
        "old lines show through:\n{screen}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_fresh_rehearsal_keeps_the_last_one_for_its_report() {
    let dir = workdir("archive");
    let tmux = Tmux::new("archive");
    let agenda = dir.join("agenda.toml");
    let rehearse = format!("exec {BIN} {} --rehearse --speed 600", agenda.display());
    tmux.start("first", &rehearse);
    tmux.wait_for("first", "REHEARSAL x600", Duration::from_secs(5));
    tmux.keys("first", &["Space"]);
    tmux.wait_for("first", "NOW 1/6", Duration::from_secs(3));
    tmux.keys("first", &["n"]);
    tmux.wait_for("first", "NOW 2/6", Duration::from_secs(3));
    tmux.keys("first", &["e"]);
    std::thread::sleep(Duration::from_millis(300));
    tmux.keys("first", &["y"]); // yes, end the show
    std::thread::sleep(Duration::from_millis(300));
    tmux.keys("first", &["q"]);
    std::thread::sleep(Duration::from_millis(300));
    let first = std::fs::read_to_string(dir.join("agenda.rehearsal.jsonl")).unwrap();
    assert_eq!(first.lines().count(), 3, "{first}");

    // The next rehearsal starts afresh, and keeps the one that ran.
    tmux.start("second", &rehearse);
    let screen = tmux.wait_for(
        "second",
        "Started a fresh rehearsal: the last one is kept as agenda.rehearsal-",
        Duration::from_secs(5),
    );
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let archive = names
        .iter()
        .find(|n| n.starts_with("agenda.rehearsal-") && n.ends_with(".jsonl"))
        .unwrap_or_else(|| panic!("{names:?}\n{screen}"));
    assert_eq!(
        archive.len(),
        "agenda.rehearsal-20260128T093000.jsonl".len()
    );
    assert!(screen.contains(archive.as_str()), "{screen}");
    assert_eq!(std::fs::read_to_string(dir.join(archive)).unwrap(), first);
    assert!(names.contains(&format!("{archive}.clock")), "{names:?}");
    // `report` names it, on its own simulated clock.
    let report = Command::new(BIN)
        .arg("report")
        .arg(&agenda)
        .arg("--journal")
        .arg(dir.join(archive))
        .output()
        .unwrap();
    assert!(report.status.success());
    let report = String::from_utf8_lossy(&report.stdout);
    assert!(report.contains("Welcome and Introduction"), "{report}");
    let _ = std::fs::remove_dir_all(&dir);
}
