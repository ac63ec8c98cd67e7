//! The links to the browser screens: `showclock links` and the `l` key of
//! a sharing terminal.

mod common;

use std::process::Command;
use std::time::Duration;

use common::serve::free_port;
use common::{BIN, Tmux, workdir};

#[test]
fn links_prints_every_screen_with_tokens_in_the_fragment_and_a_qr_code() {
    let output = Command::new(BIN)
        .args([
            "links",
            "http://192.168.1.20:8080/",
            "--token",
            "control-token-1",
            "--view-token",
            "view-token-1",
        ])
        .env_remove("SHOWCLOCK_TOKEN")
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    for line in [
        "speaker   http://192.168.1.20:8080/speaker#token=view-token-1",
        "overlay   http://192.168.1.20:8080/overlay#token=view-token-1",
        "producer  http://192.168.1.20:8080/producer#token=control-token-1",
    ] {
        assert!(text.contains(line), "{line:?} missing from:\n{text}");
    }
    assert_eq!(
        text.matches("control-token-1").count(),
        1,
        "only the producer gets control"
    );
    assert!(text.contains("Scan for the speaker page:\n"));
    assert!(
        text.lines().filter(|l| l.contains('█')).count() > 10,
        "a QR code"
    );

    // No control token: said, with what to do.
    let output = Command::new(BIN)
        .args(["links", "http://192.168.1.20:8080"])
        .env_remove("SHOWCLOCK_TOKEN")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let error = String::from_utf8(output.stderr).unwrap();
    assert!(error.contains("--token"), "{error}");
    let output = Command::new(BIN)
        .args(["links", "192.168.1.20:8080", "--token", "control-token-1"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(
        String::from_utf8(output.stderr)
            .unwrap()
            .contains("http://192.168.1.20:8080")
    );
}

#[test]
fn the_l_key_shows_the_links_of_a_sharing_screen() {
    let dir = workdir("links-key");
    let port = free_port();
    let tmux = Tmux::new("links-key");
    tmux.start(
        "show",
        &format!(
            "cd {} && exec {BIN} agenda.toml --at 2022-06-01T09:07:00+08:00 --share {port} --token control-token-1 --view-token view-token-1 --journal show.jsonl --no-bell",
            dir.display()
        ),
    );
    tmux.wait_for("show", "SHARING", Duration::from_secs(10));
    tmux.keys("show", &["l"]);
    let screen = tmux.wait_for("show", "Browser screens", Duration::from_secs(3));
    assert!(
        screen.contains(&format!(
            "speaker   http://127.0.0.1:{port}/speaker#token=view-token-1"
        )),
        "{screen}"
    );
    assert!(
        screen.contains(&format!(
            "producer  http://127.0.0.1:{port}/producer#token=control-token-1"
        )),
        "{screen}"
    );
    assert!(screen.contains("Scan for the speaker page"), "{screen}");
    // Any key closes it.
    tmux.keys("show", &["Escape"]);
    std::thread::sleep(Duration::from_millis(500));
    assert!(!tmux.screen("show").contains("Browser screens"));
}

#[test]
fn the_links_command_serve_suggests_works_as_printed() {
    let (_dir, agenda, journal) = common::serve::show_dir("links-suggested");
    let served = common::serve::Served::start(&agenda, &journal, &["--share", "127.0.0.1:0"]);
    let pages = served.value("pages");
    let command = pages
        .split('`')
        .nth(1)
        .unwrap_or_else(|| panic!("no command in {pages:?}"));
    let words: Vec<&str> = command.split_whitespace().collect();
    assert_eq!(words[..2], ["showclock", "links"], "{command}");
    let output = Command::new(BIN)
        .args(&words[1..])
        .env_remove("SHOWCLOCK_TOKEN")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{command}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("/producer#token="), "{text}");
    assert!(text.contains("/speaker"), "{text}");
}
