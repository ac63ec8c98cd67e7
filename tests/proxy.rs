//! A show reached through the reverse proxies the README documents, with
//! the configuration files it shows (`docs/proxy/`), on loopback: Caddy
//! with HTTPS from its own CA (`tls internal`), and nginx. Both are
//! required (`.ci/run` installs them from Debian's packages): without them
//! these tests fail rather than skip.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::serve::{Gentle, Served, free_port, show_dir, wait_until};
use showclock::net::{FollowOptions, Follower, LinkState};
use showclock::show::Action;

const TOKEN: &str = "proxy-control-token";
const SECOND: Duration = Duration::from_secs(1);

fn doc(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/proxy")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert!(
        readme.contains(&text),
        "README.md shows docs/proxy/{name} exactly as the test uses it"
    );
    text
}

fn spawn(command: &mut Command, what: &str) -> Gentle {
    Gentle(
        command
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("{what} must be installed for the proxy tests (apt-get install {what}): {e}")
            }),
    )
}

/// The show served on loopback for a proxy on the same machine.
fn serve(name: &str, public_url: &str) -> (Served, String) {
    let (_dir, agenda, journal) = show_dir(name);
    let served = Served::start(
        &agenda,
        &journal,
        &[
            "--share",
            "127.0.0.1:0",
            "--token",
            TOKEN,
            "--public-url",
            public_url,
            "--trusted-proxy",
            "127.0.0.1",
        ],
    );
    let url = served.value("url");
    assert_eq!(
        url,
        public_url.trim_end_matches('/'),
        "it gives out the public URL"
    );
    let addr = served.value("listening");
    assert!(
        served.value("viewing").starts_with("needs"),
        "behind a proxy viewing needs a token"
    );
    (served, addr)
}

/// A follower through the proxy mirrors a cue within a few milliseconds
/// (no buffering), keeps its stream through idle seconds, and resumes
/// without taking the whole journal again when the proxy is restarted.
fn follows_through(url: &str, ca_cert: Option<&Path>, restart: impl FnOnce()) {
    let follower = Follower::connect_with(
        url,
        FollowOptions {
            token: Some(TOKEN.into()),
            ca_cert: ca_cert.map(Path::to_path_buf),
        },
        || {},
    )
    .unwrap();
    wait_until(
        30 * SECOND,
        "the follower to connect through the proxy",
        || follower.link().state == LinkState::Connected,
    );
    let entries = || follower.with(|m, _| m.map_or(0, |m| m.entries().len()));
    for round in 1..=5 {
        let sent = Instant::now();
        follower
            .post(&Action::Message {
                text: format!("round {round}"),
                audience: Default::default(),
            })
            .unwrap();
        wait_until(2 * SECOND, "the entry to come back", || entries() == round);
        let took = sent.elapsed();
        assert!(
            took < Duration::from_millis(500),
            "round {round}: the event took {took:?} through the proxy"
        );
    }
    // Idle: heartbeats keep the stream open through the proxy.
    std::thread::sleep(4 * SECOND);
    let link = follower.link();
    assert_eq!(link.state, LinkState::Connected, "{:?}", link.problem);
    assert_eq!(link.connections, 1);

    restart();
    wait_until(30 * SECOND, "the link to come back", || {
        let link = follower.link();
        link.state == LinkState::Connected && link.connections == 2
    });
    assert_eq!(follower.link().resumes, 1, "it resumed from its last entry");
    follower.post(&Action::ClearMessage).unwrap();
    wait_until(2 * SECOND, "a live entry after the restart", || {
        entries() == 6
    });
}

#[test]
fn caddy_with_https_from_its_own_ca() {
    let port = free_port();
    let public = format!("https://localhost:{port}");
    let (served, addr) = serve("caddy", &public);
    let (dir, ..) = show_dir("caddy-config");
    let site = doc("Caddyfile")
        .replace("showclock.example.org", &public)
        .replace("# tls internal", "tls internal")
        .replace("127.0.0.1:8080", &addr);
    let config = format!(
        "{{\n\tadmin off\n\tskip_install_trust\n\tstorage file_system {}\n}}\n{site}",
        dir.join("data").display()
    );
    let caddyfile = dir.join("Caddyfile");
    std::fs::write(&caddyfile, config).unwrap();
    let start = || {
        spawn(
            Command::new("caddy")
                .args(["run", "--adapter", "caddyfile", "--config"])
                .arg(&caddyfile)
                .env("XDG_DATA_HOME", dir.join("xdg-data"))
                .env("XDG_CONFIG_HOME", dir.join("xdg-config"))
                .env("HOME", &dir),
            "caddy",
        )
    };
    let mut caddy = Some(start());
    let root = dir.join("data/pki/authorities/local/root.crt");
    wait_until(40 * SECOND, "Caddy to make its CA", || root.exists());
    // Without the CA the follower refuses the certificate, and says so.
    let untrusting = Follower::connect(&public, Some(TOKEN.into()), || {}).unwrap();
    wait_until(30 * SECOND, "the certificate to be refused", || {
        untrusting
            .link()
            .problem
            .is_some_and(|p| p.to_lowercase().contains("certificate"))
    });
    drop(untrusting);
    follows_through(&public, Some(&root), || {
        drop(caddy.take());
        std::thread::sleep(SECOND);
        caddy = Some(start());
    });
    drop(served);
}

#[test]
fn nginx_with_the_documented_location() {
    let port = free_port();
    let public = format!("http://localhost:{port}");
    let (served, addr) = serve("nginx", &public);
    let (dir, ..) = show_dir("nginx-config");
    let site = doc("nginx.conf");
    let location = &site[site.find("    location /").unwrap()..site.rfind('}').unwrap()];
    let location = location.replace("127.0.0.1:8080", &addr);
    let config = format!(
        "daemon off;\nworker_processes 1;\npid {dir}/nginx.pid;\nerror_log {dir}/error.log;\n\
         events {{ worker_connections 512; }}\n\
         http {{\n  access_log off;\n  client_body_temp_path {dir}/body;\n  proxy_temp_path {dir}/proxy;\n\
         server {{\n    listen 127.0.0.1:{port};\n    server_name localhost;\n{location}\n  }}\n}}\n",
        dir = dir.display()
    );
    let conf = dir.join("nginx.conf");
    std::fs::write(&conf, config).unwrap();
    let start = || {
        spawn(
            Command::new("nginx")
                .arg("-p")
                .arg(&dir)
                .arg("-e")
                .arg(dir.join("error.log"))
                .arg("-c")
                .arg(&conf),
            "nginx",
        )
    };
    let mut nginx = Some(start());
    wait_until(10 * SECOND, "nginx to listen", || {
        std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
    });
    follows_through(&public, None, || {
        drop(nginx.take());
        nginx = Some(start());
    });
    drop(served);
}
