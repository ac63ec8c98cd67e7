//! The terminal is always given back: the real binary in tmux, in a real
//! shell, sent the signals a user, a shell or a service manager sends.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::{BIN, Tmux, workdir};

const SECOND: Duration = Duration::from_secs(1);

/// The showclock running under the pane's shell.
fn app_pid(tmux: &Tmux, session: &str) -> u32 {
    let shell = tmux.pane_pid(session);
    let deadline = Instant::now() + 5 * SECOND;
    loop {
        let children =
            std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children")).unwrap();
        if let Some(pid) = children.split_whitespace().next() {
            return pid.parse().unwrap();
        }
        assert!(Instant::now() < deadline, "showclock never started");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn signal(pid: u32, name: &str) {
    let sent = Command::new("kill")
        .args([&format!("-{name}"), &pid.to_string()])
        .status()
        .unwrap();
    assert!(sent.success(), "kill -{name} {pid}");
}

/// Whether the pane's terminal is in line mode (`icanon`), asked of the
/// terminal itself from outside.
fn line_mode(tmux: &Tmux, session: &str) -> bool {
    let tty = tmux.run(&["display-message", "-p", "-t", session, "#{pane_tty}"]);
    let stty = Command::new("stty")
        .args(["-a", "-F", tty.trim()])
        .output()
        .unwrap();
    let flags = String::from_utf8_lossy(&stty.stdout).into_owned();
    flags.split_whitespace().any(|f| f == "icanon")
}

fn pane_flag(tmux: &Tmux, session: &str, flag: &str) -> String {
    tmux.run(&[
        "display-message",
        "-p",
        "-t",
        session,
        &format!("#{{{flag}}}"),
    ])
    .trim()
    .to_string()
}

/// Starts a rehearsal in a shell in tmux, `then` typed after it on the
/// same line; waits for its screen.
fn rehearsal(name: &str, then: &str) -> (Tmux, std::path::PathBuf, u32) {
    let dir = workdir(name);
    let tmux = Tmux::new(name);
    tmux.start("sh", "bash --norc --noprofile");
    tmux.keys("sh", &["PS1='$ '", "Enter"]);
    let command = format!(
        "{BIN} {} --rehearse --speed 10{then}",
        dir.join("agenda.toml").display()
    );
    tmux.keys("sh", &[&command, "Enter"]);
    tmux.wait_for("sh", "REHEARSAL x10", 5 * SECOND);
    assert!(!line_mode(&tmux, "sh"), "the app runs in raw mode");
    assert_eq!(pane_flag(&tmux, "sh", "alternate_on"), "1");
    let pid = app_pid(&tmux, "sh");
    (tmux, dir, pid)
}

#[test]
fn sigquit_sigusr1_and_sigusr2_restore_the_terminal_before_ending() {
    for name in ["QUIT", "USR1", "USR2"] {
        // What the app left: the terminal's mode before the shell's line
        // editor takes it, then a word only the output says (the typed
        // command says EXIT-$((40+1))-DONE).
        let (tmux, dir, pid) = rehearsal(
            &format!("sig{}", name.to_lowercase()),
            "; stty -a | grep -o -- '-\\?icanon' | head -1; echo EXIT-$((40+1))-DONE",
        );
        signal(pid, name);
        let screen = tmux.wait_for("sh", "EXIT-41-DONE", 5 * SECOND);
        assert!(
            !screen.contains("REHEARSAL"),
            "SIG{name}: the alternate screen was left:\n{screen}"
        );
        assert_eq!(pane_flag(&tmux, "sh", "alternate_on"), "0", "SIG{name}");
        assert_eq!(
            pane_flag(&tmux, "sh", "cursor_flag"),
            "1",
            "SIG{name}: the cursor shows"
        );
        let modes: Vec<&str> = screen
            .lines()
            .filter(|l| l.trim() == "icanon" || l.trim() == "-icanon")
            .collect();
        assert_eq!(modes, ["icanon"], "SIG{name}: line mode again:\n{screen}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn a_stop_and_fg_take_the_terminal_back_and_redraw_it_all() {
    let (tmux, dir, pid) = rehearsal("tstp", "");
    signal(pid, "TSTP");
    // Stopped: the shell has its terminal, as it was.
    let screen = tmux.wait_for("sh", "Stopped", 5 * SECOND);
    assert!(!screen.contains("REHEARSAL"), "{screen}");
    assert_eq!(pane_flag(&tmux, "sh", "alternate_on"), "0");
    assert_eq!(pane_flag(&tmux, "sh", "cursor_flag"), "1");
    // Typed into the shell while the app is stopped.
    tmux.keys("sh", &["echo SHELL-$((1+1))-TEXT", "Enter"]);
    tmux.wait_for("sh", "SHELL-2-TEXT", 5 * SECOND);
    tmux.keys("sh", &["fg", "Enter"]);
    let screen = tmux.wait_for("sh", "REHEARSAL x10", 5 * SECOND);
    // The whole screen drawn anew: nothing of the shell's shows through.
    assert!(
        !screen.contains("SHELL-2-TEXT") && !screen.contains("Stopped"),
        "{screen}"
    );
    assert_eq!(pane_flag(&tmux, "sh", "alternate_on"), "1");
    assert!(!line_mode(&tmux, "sh"), "raw mode again");
    // A key works at once, without Enter: the producer view.
    tmux.keys("sh", &["v"]);
    tmux.wait_for("sh", "Rundown 1-6", 3 * SECOND);

    // A stop nothing can catch (SIGSTOP) and a SIGCONT from outside: the
    // shell put the terminal back in line mode; the app takes raw mode again.
    signal(pid, "STOP");
    tmux.wait_for("sh", "Stopped", 5 * SECOND);
    // bash runs `fg` in line mode (its line editor's own mode ends with Enter).
    tmux.keys("sh", &["clear; fg", "Enter"]);
    tmux.wait_for("sh", "REHEARSAL x10", 5 * SECOND);
    let deadline = Instant::now() + 3 * SECOND;
    while line_mode(&tmux, "sh") {
        assert!(Instant::now() < deadline, "still in line mode after fg");
        std::thread::sleep(Duration::from_millis(20));
    }
    tmux.keys("sh", &["v"]);
    let deadline = Instant::now() + 3 * SECOND;
    while tmux.screen("sh").contains("Rundown 1-6") {
        assert!(Instant::now() < deadline, "v did nothing after fg");
        std::thread::sleep(Duration::from_millis(20));
    }

    // Ctrl-Z, as a user presses it (raw mode reads it as a key): stopped too.
    tmux.keys("sh", &["C-z"]);
    tmux.wait_for("sh", "Stopped", 5 * SECOND);
    assert_eq!(pane_flag(&tmux, "sh", "alternate_on"), "0");
    tmux.keys("sh", &["fg", "Enter"]);
    tmux.wait_for("sh", "REHEARSAL x10", 5 * SECOND);
    tmux.keys("sh", &["q"]);
    let deadline = Instant::now() + 5 * SECOND;
    while std::path::Path::new(&format!("/proc/{pid}")).exists() {
        assert!(Instant::now() < deadline, "q did not end the app after fg");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(pane_flag(&tmux, "sh", "alternate_on"), "0");
    let _ = std::fs::remove_dir_all(&dir);
}
