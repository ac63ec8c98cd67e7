//! The real binary in a real terminal (tmux): rehearse the shipped show at
//! high speed, start it, overrun, advance, crash with SIGKILL, restart on the
//! same journal, and see the show continue.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{BIN, Tmux, workdir};

fn overrun_seconds(screen: &str) -> i64 {
    let at = screen.find("OVERRUN +").expect("an overrun on screen") + "OVERRUN +".len();
    let digits: String = screen[at..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ':')
        .collect();
    let parts: Vec<i64> = digits.split(':').map(|p| p.parse().unwrap()).collect();
    parts.iter().fold(0, |total, p| total * 60 + p)
}

fn rehearse_command(dir: &Path) -> String {
    format!(
        "exec {BIN} {} --rehearse --speed 120",
        dir.join("agenda.toml").display()
    )
}

#[test]
fn rehearse_overrun_advance_crash_and_resume() {
    let dir = workdir("rehearse");
    let tmux = Tmux::new("rehearse");
    tmux.start("show", &rehearse_command(&dir));
    // The rehearsal starts 30 s (a quarter of a real second) before the show.
    let screen = tmux.wait_for("show", "REHEARSAL x120", Duration::from_secs(5));
    assert!(
        screen.contains("SIMULATED CLOCK"),
        "a simulated clock says so:\n{screen}"
    );

    // Start the show; at x120 the 10-minute first slot overruns after 5 s.
    tmux.keys("show", &["Space"]);
    tmux.wait_for(
        "show",
        "NOW 1/6 Welcome and Introduction",
        Duration::from_secs(3),
    );
    let screen = tmux.wait_for("show", "OVERRUN +", Duration::from_secs(10));
    // Started a little early, the show may still be ahead of plan: the drift line says which.
    assert!(
        screen.contains("SHOW ")
            && (screen.contains("behind")
                || screen.contains("ahead")
                || screen.contains("on time")),
        "{screen}"
    );

    // Advance: the next segment is on, and its next speakers are shown.
    tmux.keys("show", &["n"]);
    let screen = tmux.wait_for(
        "show",
        "NOW 2/6 Technology and Commercialization",
        Duration::from_secs(3),
    );
    assert!(screen.contains("Baha M. Al-Alawi"), "{screen}");
    // The capture may land while the terminal is still taking the frame in:
    // wait for its lower half too.
    let screen = tmux.wait_for("show", "NEXT 3/6  in ", Duration::from_secs(2));
    assert!(
        screen.contains("Yin Qiu, Data Scientist – CALSTART · Shuhan Song"),
        "{screen}"
    );

    // Let the second slot overrun too, then crash hard.
    let screen = tmux.wait_for("show", "OVERRUN +", Duration::from_secs(12));
    let before_crash = overrun_seconds(&screen);
    let pid = tmux.pane_pid("show");
    assert!(
        Command::new("kill")
            .args(["-9", &pid.to_string()])
            .status()
            .unwrap()
            .success()
    );
    std::thread::sleep(Duration::from_millis(300));
    let journal = std::fs::read_to_string(dir.join("agenda.rehearsal.jsonl")).unwrap();
    assert_eq!(
        journal.lines().count(),
        2,
        "start and next were journalled:\n{journal}"
    );

    // Started again on the same journal: the same segment, the overrun still counting.
    tmux.start("again", &rehearse_command(&dir));
    let screen = tmux.wait_for(
        "again",
        "NOW 2/6 Technology and Commercialization",
        Duration::from_secs(5),
    );
    assert!(screen.contains("REHEARSAL x120"));
    let screen = if screen.contains("OVERRUN +") {
        screen
    } else {
        tmux.wait_for("again", "OVERRUN +", Duration::from_secs(3))
    };
    assert!(
        overrun_seconds(&screen) > before_crash,
        "time passed while it was down:\n{screen}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sigterm_restores_the_terminal() {
    let dir = workdir("sigterm");
    let tmux = Tmux::new("sigterm");
    tmux.start("sh", "bash --norc --noprofile");
    let command = format!(
        "{BIN} {} --rehearse --speed 10; stty -a | grep -o -- '-\\?icanon' | head -1; echo EXIT-$((1+1))-DONE",
        dir.join("agenda.toml").display()
    );
    tmux.keys("sh", &[&command, "Enter"]);
    tmux.wait_for("sh", "REHEARSAL x10", Duration::from_secs(5));
    assert!(
        Command::new("pkill")
            .args([
                "-TERM",
                "-f",
                &format!(
                    "{} --rehearse --speed 10",
                    dir.join("agenda.toml").display()
                )
            ])
            .status()
            .unwrap()
            .success()
    );
    // The typed command says EXIT-$((1+1))-DONE; only its output says this.
    let screen = tmux.wait_for("sh", "EXIT-2-DONE", Duration::from_secs(5));
    assert!(
        !screen.contains("REHEARSAL"),
        "the alternate screen was left:\n{screen}"
    );
    let after: Vec<&str> = screen
        .lines()
        .filter(|l| l.trim() == "icanon" || l.trim() == "-icanon")
        .collect();
    assert_eq!(after, vec!["icanon"], "raw mode is off again:\n{screen}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn quitting_a_live_show_asks_first() {
    let dir = workdir("quit");
    let tmux = Tmux::new("quit");
    tmux.start(
        "show",
        &format!(
            "exec {BIN} {} --at 2022-06-01T09:05:00+08:00",
            dir.join("agenda.toml").display()
        ),
    );
    tmux.wait_for("show", "NOW 1/6", Duration::from_secs(5));
    tmux.keys("show", &["q"]);
    tmux.wait_for("show", "Quit showclock?", Duration::from_secs(3));
    tmux.keys("show", &["n"]);
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        !tmux.screen("show").contains("Quit showclock?"),
        "any other key stays"
    );
    tmux.keys("show", &["?"]);
    tmux.wait_for("show", "undo the latest cue", Duration::from_secs(3));
    // Keys apart, or the terminal reads Escape-q as Alt-q.
    for key in ["Escape", "q", "y"] {
        tmux.keys("show", &[key]);
        std::thread::sleep(Duration::from_millis(150));
    }
    let deadline = Instant::now() + Duration::from_secs(3);
    while tmux
        .run(&["display-message", "-p", "-t", "show", "#{pane_dead}"])
        .trim()
        != "1"
    {
        assert!(
            Instant::now() < deadline,
            "the app did not quit:\n{}",
            tmux.screen("show")
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn resizing_relays_out_at_once_down_to_40x12() {
    let dir = workdir("resize");
    let tmux = Tmux::new("resize");
    tmux.start(
        "show",
        &format!(
            "exec {BIN} {} --at 2022-06-01T09:27:00+08:00",
            dir.join("agenda.toml").display()
        ),
    );
    let wide = tmux.wait_for("show", "remaining of 15:00", Duration::from_secs(5));
    assert!(wide.contains("Beijing Wed 1 Jun 09:2"), "{wide}");
    tmux.run(&["resize-window", "-t", "show", "-x", "40", "-y", "12"]);
    tmux.wait_for("show", "NOW 3/6", Duration::from_secs(3));
    let small = tmux.wait_for("show", "Yin Qiu", Duration::from_secs(3));
    assert!(
        small.contains("Beijing Wed 09:") && small.contains("Pacific Tue "),
        "clocks stay, with their weekdays:\n{small}"
    );
    tmux.run(&["resize-window", "-t", "show", "-x", "200", "-y", "60"]);
    let big = tmux.wait_for("show", "████████", Duration::from_secs(3));
    assert!(big.contains("Pacific Tue 31 May"), "{big}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A refused `g 9` says why; a good `g 6` after it clears that; `e` asks
/// first, and the end takes the message and the notice away.
#[test]
fn a_notice_goes_once_an_action_works_and_e_asks_before_ending() {
    let dir = workdir("notice");
    let tmux = Tmux::new("notice");
    tmux.start(
        "show",
        &format!(
            "exec {BIN} {} --at 2022-06-01T09:05:00+08:00",
            dir.join("agenda.toml").display()
        ),
    );
    tmux.wait_for("show", "NOW 1/6", Duration::from_secs(5));
    tmux.wait_for("show", "ON SCHEDULE", Duration::from_secs(2));
    for key in ["g", "9", "Enter"] {
        tmux.keys("show", &[key]);
    }
    tmux.wait_for(
        "show",
        "Not done: there is no segment 9",
        Duration::from_secs(3),
    );
    for key in ["g", "6", "Enter"] {
        tmux.keys("show", &[key]);
    }
    tmux.wait_for("show", "NOW 6/6", Duration::from_secs(3));
    // The capture may land while the terminal is still taking the frame in.
    std::thread::sleep(Duration::from_millis(300));
    let screen = tmux.screen("show");
    assert!(!screen.contains("Not done"), "{screen}");
    assert!(screen.contains("CUED BY OPERATOR"), "{screen}");
    for key in ["m", "W", "r", "a", "p", "Enter"] {
        tmux.keys("show", &[key]);
    }
    tmux.wait_for("show", "MESSAGE: Wrap", Duration::from_secs(3));
    tmux.keys("show", &["e"]);
    tmux.wait_for("show", "End the show now?", Duration::from_secs(3));
    tmux.keys("show", &["x"]);
    std::thread::sleep(Duration::from_millis(300));
    let screen = tmux.screen("show");
    assert!(
        screen.contains("NOW 6/6"),
        "any other key goes back:\n{screen}"
    );
    assert!(!screen.contains("End the show now?"), "{screen}");
    tmux.keys("show", &["e"]);
    tmux.wait_for("show", "End the show now?", Duration::from_secs(3));
    tmux.keys("show", &["y"]);
    tmux.wait_for("show", "THE SHOW IS OVER", Duration::from_secs(3));
    // The capture may land while the terminal is still taking the frame in.
    std::thread::sleep(Duration::from_millis(300));
    let screen = tmux.screen("show");
    assert!(
        !screen.contains("MESSAGE"),
        "the message goes with the show:\n{screen}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
