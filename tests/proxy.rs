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

/// An sshd on loopback standing in for the VPS: a key pair made for it,
/// port forwarding allowed, no passwords.
struct Sshd {
    _process: Gentle,
    port: u16,
    key: std::path::PathBuf,
}

impl Sshd {
    fn start(dir: &Path) -> Self {
        let keygen = |name: &str| {
            let status = Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", "", "-f"])
                .arg(dir.join(name))
                .status()
                .expect("ssh-keygen runs (openssh-client)");
            assert!(status.success());
        };
        keygen("host_key");
        keygen("client_key");
        std::fs::copy(dir.join("client_key.pub"), dir.join("authorized_keys")).unwrap();
        let _ = std::fs::create_dir_all("/run/sshd");
        let port = free_port();
        let config = format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {dir}/host_key\nPidFile {dir}/sshd.pid\n\
             AuthorizedKeysFile {dir}/authorized_keys\nPasswordAuthentication no\n\
             KbdInteractiveAuthentication no\nPermitRootLogin prohibit-password\nStrictModes no\n\
             UsePAM no\nAllowTcpForwarding remote\nPermitTTY no\n",
            dir = dir.display()
        );
        std::fs::write(dir.join("sshd_config"), config).unwrap();
        let process = spawn(
            Command::new("/usr/sbin/sshd")
                .args(["-D", "-e", "-f"])
                .arg(dir.join("sshd_config")),
            "openssh-server",
        );
        wait_until(10 * SECOND, "sshd to listen", || {
            std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
        });
        Self {
            _process: process,
            port,
            key: dir.join("client_key"),
        }
    }
}

/// The plainest path with no broker: the laptop opens an `ssh -R` tunnel to
/// a machine with a public address, whose Caddy serves the show. The
/// command is the README's (`docs/proxy/ssh-tunnel`), to a local sshd; the
/// tunnel, dropped and opened again, resumes the follower's stream.
#[test]
fn an_ssh_tunnel_out_of_the_laptop_to_caddy() {
    let recipe = doc("ssh-tunnel");
    let ssh_line = recipe
        .lines()
        .find(|line| line.starts_with("ssh "))
        .expect("the recipe's ssh command");
    let port = free_port();
    let public = format!("https://localhost:{port}");
    let (served, addr) = serve("ssh-tunnel", &public);
    let (dir, ..) = show_dir("ssh-tunnel-vps");
    let sshd = Sshd::start(&dir);
    let tunnel_end = free_port();
    // The README's command, pointed at this machine's sshd and ports.
    let command = ssh_line
        .replacen("127.0.0.1:8080", &format!("127.0.0.1:{tunnel_end}"), 1)
        .replacen(":127.0.0.1:8080", &format!(":{addr}"), 1)
        .replace(
            "tunnel@vps.example.org",
            &format!(
                "-p {} -i {} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes root@127.0.0.1",
                sshd.port,
                sshd.key.display()
            ),
        );
    let open_tunnel = || {
        let words: Vec<&str> = command.split_whitespace().collect();
        let tunnel = spawn(Command::new(words[0]).args(&words[1..]), "openssh-client");
        wait_until(15 * SECOND, "the tunnel to open on the VPS", || {
            std::net::TcpStream::connect(("127.0.0.1", tunnel_end)).is_ok()
        });
        tunnel
    };
    let mut tunnel = Some(open_tunnel());
    let site = doc("Caddyfile")
        .replace("showclock.example.org", &public)
        .replace("# tls internal", "tls internal")
        .replace("127.0.0.1:8080", &format!("127.0.0.1:{tunnel_end}"));
    let config = format!(
        "{{\n\tadmin off\n\tskip_install_trust\n\tstorage file_system {}\n}}\n{site}",
        dir.join("data").display()
    );
    let caddyfile = dir.join("Caddyfile");
    std::fs::write(&caddyfile, config).unwrap();
    let _caddy = spawn(
        Command::new("caddy")
            .args(["run", "--adapter", "caddyfile", "--config"])
            .arg(&caddyfile)
            .env("XDG_DATA_HOME", dir.join("xdg-data"))
            .env("XDG_CONFIG_HOME", dir.join("xdg-config"))
            .env("HOME", &dir),
        "caddy",
    );
    let root = dir.join("data/pki/authorities/local/root.crt");
    wait_until(40 * SECOND, "Caddy to make its CA", || root.exists());
    follows_through(&public, Some(&root), || {
        // The laptop's network drops and comes back: a new tunnel.
        drop(tunnel.take());
        std::thread::sleep(SECOND);
        tunnel = Some(open_tunnel());
    });
    drop(served);
}
