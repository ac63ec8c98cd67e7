//! The real binary in tmux driven over OSC, as a desk would: commands show
//! on screen as key presses do, and the state comes back out.

mod common;

use std::net::UdpSocket;
use std::time::{Duration, Instant};

use common::{BIN, Tmux, workdir};
use rosc::{OscMessage, OscPacket, OscType};

fn packet(address: &str, args: Vec<OscType>) -> Vec<u8> {
    rosc::encoder::encode(&OscPacket::Message(OscMessage {
        addr: address.into(),
        args,
    }))
    .unwrap()
}

/// A UDP port free a moment ago on loopback.
fn free_port() -> u16 {
    UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn a_desk_drives_the_show_and_reads_it_back() {
    let dir = workdir("osc");
    let tmux = Tmux::new("osc");
    let listen = free_port();
    let desk = UdpSocket::bind("127.0.0.1:0").unwrap();
    desk.set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    let command = format!(
        "exec {BIN} {} --rehearse --osc-listen 127.0.0.1:{listen} --osc-send {}",
        dir.join("agenda.toml").display(),
        desk.local_addr().unwrap()
    );
    tmux.start("show", &command);
    tmux.wait_for("show", "REHEARSAL", Duration::from_secs(5));
    let to = format!("127.0.0.1:{listen}");
    desk.send_to(&packet("/showclock/start", vec![]), &to)
        .unwrap();
    tmux.wait_for(
        "show",
        "NOW 1/6 Welcome and Introduction",
        Duration::from_secs(5),
    );
    desk.send_to(&packet("/showclock/next", vec![]), &to)
        .unwrap();
    tmux.wait_for("show", "NOW 2/6 Technology", Duration::from_secs(5));
    desk.send_to(&packet("/showclock/blackout", vec![OscType::Int(1)]), &to)
        .unwrap();
    tmux.wait_for("show", "SPEAKERS' SCREENS DARK", Duration::from_secs(5));
    // The desk hears what is on.
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut buffer = [0u8; rosc::decoder::MTU];
    let current = loop {
        assert!(
            Instant::now() < deadline,
            "no /showclock/current with segment 2"
        );
        let Ok((length, _)) = desk.recv_from(&mut buffer) else {
            continue;
        };
        let (_, packet) = rosc::decoder::decode_udp(&buffer[..length]).unwrap();
        if let OscPacket::Message(m) = packet
            && m.addr == "/showclock/current"
            && let Some(OscType::String(title)) = m.args.first()
            && title.starts_with("Technology")
        {
            break title.clone();
        }
    };
    assert!(current.contains("Commercialization"), "{current}");
    // The producer's keys do the same as the desk.
    tmux.keys("show", &["v", "d"]);
    let deadline = Instant::now() + Duration::from_secs(5);
    while tmux.screen("show").contains("SPEAKERS' SCREENS DARK") {
        assert!(
            Instant::now() < deadline,
            "d did not bring the screens back"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    tmux.keys("show", &["f"]);
    tmux.wait_for("show", "FLASH", Duration::from_secs(3));
    let journal = std::fs::read_to_string(dir.join("agenda.rehearsal.jsonl")).unwrap();
    let actions: Vec<&str> = journal
        .lines()
        .filter_map(|l| l.split("\"action\":\"").nth(1))
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert_eq!(
        actions,
        ["start", "next", "blackout", "unblackout", "flash"]
    );
}

#[test]
fn a_flood_from_one_address_is_slowed_and_the_screen_says_what_was_dropped() {
    let dir = workdir("osc-flood");
    let tmux = Tmux::new("osc-flood");
    let listen = free_port();
    let command = format!(
        "exec {BIN} {} --rehearse --osc-listen 127.0.0.1:{listen}",
        dir.join("agenda.toml").display()
    );
    tmux.start("show", &command);
    tmux.wait_for("show", "REHEARSAL", Duration::from_secs(5));
    let desk = UdpSocket::bind("127.0.0.1:0").unwrap();
    let to = format!("127.0.0.1:{listen}");
    desk.send_to(&packet("/showclock/start", vec![]), &to)
        .unwrap();
    tmux.wait_for("show", "NOW 1/6", Duration::from_secs(5));
    // 2,000 extensions of a minute in about a second, as a script would.
    let sending = Instant::now();
    for i in 0..2000 {
        desk.send_to(&packet("/showclock/extend", vec![OscType::Int(60)]), &to)
            .unwrap();
        if i % 100 == 99 {
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    let took = sending.elapsed().as_secs_f64();
    // Another desk has its own allowance: the flood does not slow it.
    let other = UdpSocket::bind("127.0.0.2:0").unwrap();
    other
        .send_to(&packet("/showclock/next", vec![]), &to)
        .unwrap();
    tmux.wait_for("show", "NOW 2/6", Duration::from_secs(5));
    let screen = tmux.wait_for("show", "commands dropped", Duration::from_secs(5));
    assert!(
        screen.contains("over 10 a second from one address"),
        "{screen}"
    );
    std::thread::sleep(Duration::from_millis(500));
    let journal = std::fs::read_to_string(dir.join("agenda.rehearsal.jsonl")).unwrap();
    let extended = journal.matches("\"action\":\"extend\"").count();
    // A burst of 20, then 10 a second while the flood lasted.
    let most = 20 + (10.0 * (took + 0.5)).ceil() as usize;
    assert!(
        (20..=most).contains(&extended),
        "{extended} extensions journalled in {took:.1} s (at most {most})"
    );
}
