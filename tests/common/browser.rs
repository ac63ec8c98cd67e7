//! chromedriver and headless Chromium (Debian's), driven synchronously
//! through WebDriver (fantoccini), for the tests of the browser pages.
//! Include it with `#[path = "common/browser.rs"] mod browser;` (only the
//! tests that drive a browser link fantoccini).

#![allow(dead_code)] // each test file uses its own part of this

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

const SECOND: Duration = Duration::from_secs(1);

/// A port free a moment ago.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// chromedriver and one headless Chromium session, driven synchronously.
pub struct Browser {
    pub runtime: tokio::runtime::Runtime,
    pub client: Option<Client>,
    pub driver: Child,
    /// chromedriver's address, for the commands WebDriver has no word for.
    pub driver_port: u16,
    pub _profile: PathBuf,
}

impl Browser {
    pub fn start(name: &str) -> Self {
        Self::start_with(name, &[])
    }

    /// A browser started with more command-line switches (`--lang=…`).
    pub fn start_with(name: &str, switches: &[&str]) -> Self {
        let port = free_port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver must be installed (apt-get install chromium chromium-driver)");
        let profile =
            std::env::temp_dir().join(format!("showclock-chromium-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&profile);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let mut args = vec![
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--hide-scrollbars".into(),
            "--window-size=1920,1080".into(),
            format!("--user-data-dir={}", profile.display()),
        ];
        args.extend(switches.iter().map(|s| s.to_string()));
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({ "binary": "/usr/bin/chromium", "args": args }),
        );
        let url = format!("http://127.0.0.1:{port}");
        let client = runtime.block_on(async {
            let deadline = Instant::now() + 20 * SECOND;
            loop {
                let connector = hyper_util::client::legacy::connect::HttpConnector::new();
                match ClientBuilder::new(connector)
                    .capabilities(capabilities.clone())
                    .connect(&url)
                    .await
                {
                    Ok(client) => return client,
                    Err(e) if Instant::now() > deadline => panic!("no browser session: {e}"),
                    Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
                }
            }
        });
        Self {
            runtime,
            client: Some(client),
            driver,
            driver_port: port,
            _profile: profile,
        }
    }

    pub fn client(&self) -> &Client {
        self.client.as_ref().unwrap()
    }

    pub fn goto(&self, url: &str) {
        self.runtime.block_on(self.client().goto(url)).unwrap();
    }

    pub fn size(&self, width: u32, height: u32) {
        self.runtime
            .block_on(self.client().set_window_size(width, height))
            .unwrap();
    }

    /// Runs `script` (a function body) and returns what it returns.
    pub fn eval(&self, script: &str) -> Value {
        self.runtime
            .block_on(self.client().execute(script, vec![]))
            .unwrap()
    }

    pub fn text(&self, id: &str) -> String {
        self.eval(&format!(
            "const e = document.getElementById({id:?}); return e && !e.closest('[hidden]') ? e.textContent : null;"
        ))
        .as_str()
        .unwrap_or_default()
        .to_string()
    }

    /// Waits until `script` returns true.
    pub fn wait(&self, within: Duration, what: &str, script: &str) -> Duration {
        let start = Instant::now();
        loop {
            if self.eval(script) == Value::Bool(true) {
                return start.elapsed();
            }
            assert!(
                start.elapsed() < within,
                "timed out after {within:?} waiting for {what}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn click(&self, css: &str) {
        self.runtime.block_on(async {
            self.client()
                .find(Locator::Css(css))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
        });
    }

    pub fn screenshot(&self, name: &str) {
        let png = self.runtime.block_on(self.client().screenshot()).unwrap();
        let dir = PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/target/browser-screens"
        ));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            let _ = self.runtime.block_on(client.close());
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
