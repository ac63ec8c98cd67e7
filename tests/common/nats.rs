//! Real `nats-server` processes on loopback for the sync tests, and
//! `showclock serve --sync` instances on them. nats-server is required
//! (`.ci/run` installs Debian's): without it the tests fail, naming it.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use super::serve::{free_port, wait_until};

/// A JetStream server on a port of its own, its store in a temp folder;
/// killed (and the folder removed) on drop.
pub struct Broker {
    pub port: u16,
    pub store: PathBuf,
    config: Option<PathBuf>,
    extra: Vec<String>,
    process: Option<Child>,
}

impl Broker {
    pub fn start(name: &str) -> Self {
        Self::start_with(name, None, &[])
    }

    /// With a configuration file and extra flags.
    pub fn start_with(name: &str, config: Option<&str>, extra: &[&str]) -> Self {
        let store = std::env::temp_dir().join(format!("showclock-nats-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&store);
        std::fs::create_dir_all(&store).unwrap();
        let config = config.map(|text| {
            let path = store.join("nats.conf");
            std::fs::write(&path, text).unwrap();
            path
        });
        let mut broker = Self {
            port: free_port(),
            store,
            config,
            extra: extra.iter().map(ToString::to_string).collect(),
            process: None,
        };
        broker.restart();
        broker
    }

    pub fn url(&self, show: &str) -> String {
        format!("nats://127.0.0.1:{}/{show}", self.port)
    }

    /// Starts (again) on the same port and store.
    pub fn restart(&mut self) {
        let mut command = Command::new("nats-server");
        command
            .args(["-js", "-a", "127.0.0.1", "-p", &self.port.to_string()])
            .arg("-sd")
            .arg(self.store.join("data"));
        if let Some(config) = &self.config {
            command.arg("-c").arg(config);
        }
        command.args(&self.extra);
        let mut child = command
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("nats-server runs: install it (Debian: apt-get install nats-server); .ci/run does");
        let stderr = child.stderr.take().unwrap();
        let (ready, told) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if line.contains("Server is ready") {
                    let _ = ready.send(());
                }
            }
        });
        told.recv_timeout(Duration::from_secs(15))
            .expect("nats-server says it is ready");
        self.process = Some(child);
    }

    /// kill -9.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.process.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    pub fn signal(&self, signal: &str) {
        if let Some(child) = &self.process {
            let _ = Command::new("kill")
                .args([&format!("-{signal}"), &child.id().to_string()])
                .status();
        }
    }
}

impl Drop for Broker {
    fn drop(&mut self) {
        self.signal("CONT");
        self.kill();
        let _ = std::fs::remove_dir_all(&self.store);
    }
}

/// A `showclock` process with its stdout read line by line; killed on drop.
pub struct Instance {
    pub process: Child,
    lines: Receiver<String>,
    pub dir: PathBuf,
    pub url: String,
    pub token: String,
}

pub const TOKEN: &str = "sync-test-token-0123";

impl Instance {
    /// `showclock serve ARGS... --share 127.0.0.1:0 --token TOKEN` in `dir`.
    pub fn serve(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Self {
        let mut process = Command::new(env!("CARGO_BIN_EXE_showclock"))
            .arg("serve")
            .args(args)
            .args(["--share", "127.0.0.1:0", "--token", TOKEN])
            .current_dir(dir)
            .env_remove("SHOWCLOCK_TOKEN")
            .env_remove("SHOWCLOCK_NATS_USER")
            .env_remove("SHOWCLOCK_NATS_PASSWORD")
            .env_remove("SHOWCLOCK_NATS_TOKEN")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the showclock binary runs");
        let stdout = process.stdout.take().unwrap();
        let (tx, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    return;
                }
            }
        });
        let mut instance = Self {
            process,
            lines,
            dir: dir.to_path_buf(),
            url: String::new(),
            token: TOKEN.into(),
        };
        instance.url = instance.value("url");
        instance
    }

    /// The value of the next `key: value` line printed.
    pub fn value(&self, key: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = self
                .lines
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("the instance never printed {key:?}"));
            if let Some(value) = line.strip_prefix(&format!("{key}: ")) {
                return value.to_string();
            }
        }
    }

    pub fn endpoint(&self) -> showclock::net::Endpoint {
        showclock::net::Endpoint::parse(&self.url).unwrap()
    }

    /// POSTs a control action: (status, body).
    pub fn act(&self, action: &str, body: &str) -> (u16, String) {
        match showclock::net::request(
            &self.endpoint(),
            "POST",
            &format!("/v1/control/{action}"),
            Some(&self.token),
            Some(body.as_bytes()),
        ) {
            Ok(r) => (r.status, r.body),
            Err(e) => (0, e.to_string()),
        }
    }

    /// `GET /v1/state` as JSON.
    pub fn state(&self) -> serde_json::Value {
        let r = showclock::net::request(&self.endpoint(), "GET", "/v1/state", Some(&self.token), None)
            .expect("the instance answers");
        serde_json::from_str(&r.body).expect("state is JSON")
    }

    /// The ids of the journal the instance keeps, in order.
    pub fn journal_ids(&self, journal: &str) -> Vec<String> {
        journal_ids(&self.dir.join(journal))
    }

    pub fn kill(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The ids in a journal file, in order.
pub fn journal_ids(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            value["id"].as_str().unwrap_or_default().to_string()
        })
        .collect()
}

/// The ids of the actions set aside beside a journal.
pub fn set_aside_ids(path: &Path) -> Vec<String> {
    journal_ids(path)
}

/// Runs `showclock ARGS...`: (exit code, stdout, stderr).
pub fn showclock(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_showclock"))
        .args(args)
        .env_remove("SHOWCLOCK_NATS_USER")
        .env_remove("SHOWCLOCK_NATS_PASSWORD")
        .env_remove("SHOWCLOCK_NATS_TOKEN")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A fresh folder for one instance, with the shipped agenda in it.
pub fn instance_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("showclock-sync-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/agenda.toml"), dir.join("agenda.toml")).unwrap();
    dir
}

/// Waits until every instance's local journal holds the same ids.
pub fn wait_level(instances: &[&Instance], journal: &str, within: Duration) -> Vec<String> {
    let mut ids = Vec::new();
    wait_until(within, "every instance to hold one history", || {
        let all: Vec<Vec<String>> = instances.iter().map(|i| i.journal_ids(journal)).collect();
        ids = all[0].clone();
        all.iter().all(|one| *one == ids)
    });
    ids
}
