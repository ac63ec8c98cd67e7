//! `showclock serve` as a real process, its stdout read line by line.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

pub struct Served {
    pub process: Child,
    lines: Receiver<String>,
}

impl Served {
    /// `showclock serve AGENDA --journal JOURNAL ARGS...`.
    pub fn start(agenda: &Path, journal: &Path, args: &[&str]) -> Self {
        let mut process = Command::new(env!("CARGO_BIN_EXE_showclock"))
            .arg("serve")
            .arg(agenda)
            .arg("--journal")
            .arg(journal)
            .args(args)
            .env_remove("SHOWCLOCK_TOKEN")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the showclock binary runs");
        let lines = stdout_lines(&mut process);
        Self { process, lines }
    }

    /// The value of the next `key: value` line printed.
    pub fn value(&self, key: &str) -> String {
        value_printed(&self.lines, key, Duration::from_secs(10))
    }

    /// The server's resident memory, in MiB.
    pub fn rss_mib(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.process.id()))
            .expect("the server is running");
        let kib: f64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmRSS");
        kib / 1024.0
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// A child's stdout, line by line, read on a thread of its own.
pub fn stdout_lines(process: &mut Child) -> Receiver<String> {
    let stdout = process.stdout.take().expect("stdout is piped");
    let (tx, lines) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    lines
}

/// The value of the next `key: value` line among `lines`, within `within`.
pub fn value_printed(lines: &Receiver<String>, key: &str, within: Duration) -> String {
    let deadline = Instant::now() + within;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = lines
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("the process never printed {key:?}"));
        if let Some(value) = line.strip_prefix(&format!("{key}: ")) {
            return value.to_string();
        }
    }
}

/// A fresh directory with the shipped agenda in it, and its journal path.
pub fn show_dir(name: &str) -> (PathBuf, PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!("showclock-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let agenda = dir.join("agenda.toml");
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/agenda.toml"), &agenda).unwrap();
    let journal = dir.join("agenda.jsonl");
    (dir, agenda, journal)
}

/// A port free a moment ago.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Polls until `condition` holds, failing after `within`.
pub fn wait_until(within: Duration, what: &str, mut condition: impl FnMut() -> bool) {
    let deadline = Instant::now() + within;
    while !condition() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Stops a server as its service manager would: SIGTERM, then SIGKILL if it
/// is still there after 5 s. nginx's master stops its workers on SIGTERM;
/// SIGKILL would leave them running, orphaned, holding the port.
pub fn stop_gently(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(5);
    while child.try_wait().ok().flatten().is_none() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// A server process stopped with [`stop_gently`] however the test ends.
pub struct Gentle(pub Child);

impl Drop for Gentle {
    fn drop(&mut self) {
        stop_gently(&mut self.0);
    }
}
