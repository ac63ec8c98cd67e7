//! Driving the real binary in tmux, shared by the end-to-end tests.
//! tmux is required (`.ci/run` installs it): without it the tests fail
//! rather than skip.

#![allow(dead_code)] // each test file uses its own part of this

pub mod link;
pub mod nats;
pub mod serve;

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_showclock");

/// A private tmux server (its own socket), killed on drop.
pub struct Tmux {
    socket: String,
}

impl Tmux {
    pub fn new(name: &str) -> Self {
        let socket = format!("showclock-e2e-{name}-{}", std::process::id());
        let tmux = Self { socket };
        let _ = tmux.run(&["kill-server"]);
        tmux
    }

    pub fn run(&self, args: &[&str]) -> String {
        let output = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux must be installed for the end-to-end tests (apt-get install tmux)");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Starts `command` in a 120x40 pane of a new session.
    pub fn start(&self, session: &str, command: &str) {
        self.run(&[
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            "120",
            "-y",
            "40",
            command,
        ]);
        self.run(&["set-option", "-t", session, "remain-on-exit", "on"]);
    }

    pub fn screen(&self, session: &str) -> String {
        self.run(&["capture-pane", "-p", "-t", session])
    }

    pub fn keys(&self, session: &str, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", session];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    pub fn pane_pid(&self, session: &str) -> i32 {
        self.run(&["display-message", "-p", "-t", session, "#{pane_pid}"])
            .trim()
            .parse()
            .expect("pane pid")
    }

    /// Waits until the screen contains `text`; fails with the screen if not.
    pub fn wait_for(&self, session: &str, text: &str, within: Duration) -> String {
        let deadline = Instant::now() + within;
        loop {
            let screen = self.screen(session);
            if screen.contains(text) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "waited {within:?} for {text:?}; the screen shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

pub fn workdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("showclock-e2e-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/agenda.toml"),
        dir.join("agenda.toml"),
    )
    .unwrap();
    dir
}
