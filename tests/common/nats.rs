//! Real `nats-server` processes on loopback for the sync tests, and
//! `showclock serve --sync` instances on them. nats-server is required
//! (`.ci/run` installs Debian's): without it the tests fail, naming it.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use super::serve::{free_port, stdout_lines, value_printed, wait_until};

/// A JetStream server on a port of its own, its store in a temp folder;
/// killed (and the folder removed) on drop.
pub struct Broker {
    pub port: u16,
    pub store: PathBuf,
    /// Clients connect with tls:// (the configuration asks for TLS).
    pub tls: bool,
    config: Option<PathBuf>,
    extra: Vec<String>,
    env: Vec<(String, String)>,
    process: Option<Child>,
}

impl Broker {
    pub fn start(name: &str) -> Self {
        Self::start_with(name, None, &[])
    }

    /// With a configuration file whose `$VARIABLES` come from `env`.
    pub fn start_with_env(name: &str, config: &str, env: &[(&str, &str)]) -> Self {
        Self::start_full(name, Some(config), &[], env)
    }

    /// With a configuration file and extra flags.
    pub fn start_with(name: &str, config: Option<&str>, extra: &[&str]) -> Self {
        Self::start_full(name, config, extra, &[])
    }

    fn start_full(name: &str, config: Option<&str>, extra: &[&str], env: &[(&str, &str)]) -> Self {
        let store =
            std::env::temp_dir().join(format!("showclock-nats-{name}-{}", std::process::id()));
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
            tls: false,
            config,
            extra: extra.iter().map(ToString::to_string).collect(),
            env: env
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            process: None,
        };
        broker.restart();
        broker
    }

    pub fn url(&self, show: &str) -> String {
        let scheme = if self.tls { "tls" } else { "nats" };
        format!("{scheme}://127.0.0.1:{}/{show}", self.port)
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
        command.envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        command.args(&self.extra);
        let mut child = command
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect(
                "nats-server runs: install it (Debian: apt-get install nats-server); .ci/run does",
            );
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
    /// The local journal, as the instance named it.
    pub journal: PathBuf,
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
        let lines = stdout_lines(&mut process);
        let mut instance = Self {
            process,
            lines,
            dir: dir.to_path_buf(),
            url: String::new(),
            token: TOKEN.into(),
            journal: PathBuf::new(),
        };
        instance.url = instance.value("url");
        instance.journal = dir.join(instance.value("journal"));
        instance
    }

    /// The value of the next `key: value` line printed.
    pub fn value(&self, key: &str) -> String {
        value_printed(&self.lines, key, Duration::from_secs(20))
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
        let r = showclock::net::request(
            &self.endpoint(),
            "GET",
            "/v1/state",
            Some(&self.token),
            None,
        )
        .expect("the instance answers");
        serde_json::from_str(&r.body).expect("state is JSON")
    }

    /// The ids of the journal the instance keeps, in order.
    pub fn journal_ids(&self) -> Vec<String> {
        journal_ids(&self.journal)
    }

    /// The ids of the actions the instance set aside.
    pub fn set_aside_ids(&self) -> Vec<String> {
        let stem = self
            .journal
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        journal_ids(
            &self
                .journal
                .with_file_name(format!("{stem}.set-aside.jsonl")),
        )
    }

    /// The agenda the instance's journal replays on: the file given, or
    /// the stream's copy beside the journal.
    pub fn agenda(&self) -> PathBuf {
        let given = self.dir.join("agenda.toml");
        let stem = self
            .journal
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if self.journal.file_name().unwrap() == "agenda.jsonl" {
            given
        } else {
            self.journal.with_file_name(format!("{stem}.agenda.toml"))
        }
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
    super::workdir(&format!("sync-{name}"))
}

/// Waits until every instance's local journal holds the same ids.
pub fn wait_level(instances: &[&Instance], within: Duration) -> Vec<String> {
    let mut ids = Vec::new();
    wait_until(within, "every instance to hold one history", || {
        let all: Vec<Vec<String>> = instances.iter().map(|i| i.journal_ids()).collect();
        ids = all[0].clone();
        all.iter().all(|one| *one == ids)
    });
    ids
}

/// A page's live feed (`GET /v1/live`, as the browser pages read it) on a
/// thread of its own: the journal length of each `state` event, and when
/// it came.
pub struct Page {
    states: Receiver<(usize, Instant)>,
    stream: std::net::TcpStream,
    seen: std::cell::Cell<usize>,
}

impl Page {
    pub fn open(instance: &Instance) -> Self {
        use std::io::Write;
        let address = instance.url.trim_start_matches("http://").to_string();
        let mut stream = std::net::TcpStream::connect(&address).expect("the instance listens");
        write!(
            stream,
            "GET /v1/live HTTP/1.1\r\nHost: {address}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let reader = stream.try_clone().unwrap();
        let (tx, states) = channel();
        std::thread::spawn(move || {
            let mut event = String::new();
            for line in BufReader::new(reader).lines().map_while(Result::ok) {
                if let Some(name) = line.strip_prefix("event: ") {
                    event = name.to_string();
                } else if let Some(id) = line.strip_prefix("id: ")
                    && event == "state"
                    && let Ok(length) = id.trim().parse::<usize>()
                    && tx.send((length, Instant::now())).is_err()
                {
                    return;
                }
            }
        });
        Self {
            states,
            stream,
            seen: std::cell::Cell::new(0),
        }
    }

    /// When the page first showed a state with at least `length` entries.
    pub fn until(&self, length: usize, within: Duration) -> Option<Instant> {
        let deadline = Instant::now() + within;
        if self.seen.get() >= length {
            return Some(Instant::now());
        }
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            let (got, at) = self.states.recv_timeout(left).ok()?;
            self.seen.set(self.seen.get().max(got));
            if got >= length {
                return Some(at);
            }
        }
    }
}

impl Drop for Page {
    fn drop(&mut self) {
        let _ = self.stream.shutdown(std::net::Shutdown::Both);
    }
}

/// The `p`-th percentile (0-100) of `samples`, in milliseconds.
pub fn percentile(samples: &mut [Duration], p: f64) -> f64 {
    samples.sort();
    let index = ((samples.len() as f64 - 1.0) * p / 100.0).round() as usize;
    samples[index].as_secs_f64() * 1000.0
}
