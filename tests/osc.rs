//! OSC over UDP on loopback: commands take the same path as a key press,
//! and the state goes out on every change. The signals' POST endpoints
//! (the same actions over HTTP) are tried here too.

use std::net::UdpSocket;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rosc::{OscMessage, OscPacket, OscType};
use showclock::agenda::{self, Agenda};
use showclock::net::Hub;
use showclock::osc::{self, OscArgs, command};
use showclock::show::{Action, Audience, Session, ShowClock, SimulatedClock};

const AGENDA: &str = r#"
[event]
title = "OSC"
date = 2022-06-01
timezone = "UTC"

[[segment]]
title = "One"
start = "09:00"
end = "09:10"

[[segment]]
title = "Two"
start = "09:10"
end = "09:40"
"#;

fn agenda() -> Agenda {
    agenda::parse("osc.toml", AGENDA).unwrap().agenda
}

fn journal(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("showclock-osc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.jsonl"));
    let _ = std::fs::remove_file(&path);
    path
}

/// A show whose clock stands at 09:05 on its day.
fn hub(name: &str) -> Arc<Hub> {
    let session = Session::open(agenda(), &journal(name)).unwrap();
    let clock = ShowClock::Simulated(SimulatedClock {
        real_start: chrono::Utc::now(),
        show_start: "2022-06-01T09:05:00Z".parse().unwrap(),
        speed: 1.0,
    });
    Hub::with_clock(session, clock)
}

fn message(address: &str, args: Vec<OscType>) -> Vec<u8> {
    rosc::encoder::encode(&OscPacket::Message(OscMessage {
        addr: address.into(),
        args,
    }))
    .unwrap()
}

fn actions(hub: &Hub) -> Vec<Action> {
    hub.with(|s| s.entries().iter().map(|e| e.action.clone()).collect())
}

/// Waits (a few seconds at most) until the hub has `count` entries.
fn wait_for(hub: &Hub, count: usize) -> Vec<Action> {
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        let now = actions(hub);
        if now.len() >= count {
            return now;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    actions(hub)
}

#[test]
fn commands_read_like_the_http_control_actions() {
    let read = |address: &str, args: Vec<OscType>| {
        command(&OscMessage {
            addr: address.into(),
            args,
        })
    };
    assert_eq!(read("/showclock/next", vec![]), Ok(Action::Next));
    assert_eq!(
        read("/showclock/goto", vec![OscType::Int(2)]),
        Ok(Action::Goto { index: 1 })
    );
    assert!(read("/showclock/goto", vec![OscType::Int(0)]).is_err());
    assert_eq!(
        read("/showclock/extend", vec![OscType::Float(-60.0)]),
        Ok(Action::Extend { seconds: -60 })
    );
    assert_eq!(
        read(
            "/showclock/message",
            vec![OscType::String("Wrap up".into())]
        ),
        Ok(Action::Message {
            text: "Wrap up".into(),
            audience: Default::default()
        })
    );
    // Who it is for, as the HTTP API's "audience".
    assert_eq!(
        read(
            "/showclock/message",
            vec![
                OscType::String("Wrap up".into()),
                OscType::String("speaker:Zhe WANG".into())
            ]
        ),
        Ok(Action::Message {
            text: "Wrap up".into(),
            audience: Audience::Speaker("Zhe WANG".into())
        })
    );
    assert!(
        read(
            "/showclock/message",
            vec![
                OscType::String("Wrap up".into()),
                OscType::String("the stage".into())
            ]
        )
        .is_err()
    );
    // The same limits as POST /v1/control/message.
    let long = "x".repeat(201);
    assert!(read("/showclock/message", vec![OscType::String(long)]).is_err());
    assert_eq!(
        read("/showclock/blackout", vec![OscType::Int(1)]),
        Ok(Action::Blackout)
    );
    assert_eq!(
        read("/showclock/blackout", vec![OscType::Int(0)]),
        Ok(Action::Unblackout)
    );
    assert_eq!(read("/showclock/flash", vec![]), Ok(Action::Flash));
    assert_eq!(
        read("/showclock/clear_message", vec![]),
        Ok(Action::ClearMessage)
    );
    assert_eq!(read("/showclock/end", vec![]), Ok(Action::End));
    assert_eq!(read("/showclock/start", vec![]), Ok(Action::Start));
    assert_eq!(read("/showclock/prev", vec![]), Ok(Action::Prev));
    assert!(read("/showclock/nxt", vec![]).is_err());
    assert!(read("/other/next", vec![]).is_err());
}

#[test]
fn the_listener_acts_on_the_hub_like_a_key_press() {
    let hub = hub("listen");
    let args = OscArgs {
        osc_listen: Some("127.0.0.1:0".into()),
        ..OscArgs::default()
    };
    let osc = osc::start(&args, &hub).unwrap().unwrap();
    let to = osc.listening.unwrap();
    let desk = UdpSocket::bind("127.0.0.1:0").unwrap();
    desk.send_to(&message("/showclock/start", vec![]), to)
        .unwrap();
    desk.send_to(&message("/showclock/extend", vec![OscType::Int(60)]), to)
        .unwrap();
    desk.send_to(
        &message(
            "/showclock/message",
            vec![OscType::String("Wrap up".into())],
        ),
        to,
    )
    .unwrap();
    desk.send_to(&message("/showclock/flash", vec![]), to)
        .unwrap();
    // Nonsense is dropped, not journalled.
    desk.send_to(&message("/showclock/goto", vec![OscType::Int(99)]), to)
        .unwrap();
    desk.send_to(b"not osc", to).unwrap();
    desk.send_to(&message("/showclock/blackout", vec![OscType::Int(1)]), to)
        .unwrap();
    let got = wait_for(&hub, 5);
    assert_eq!(
        got,
        [
            Action::Start,
            Action::Extend { seconds: 60 },
            Action::Message {
                text: "Wrap up".into(),
                audience: Default::default()
            },
            Action::Flash,
            Action::Blackout,
        ]
    );
    // The journal has them as if typed: the show's state agrees.
    let snapshot = hub.with(|s| s.snapshot(hub.now()));
    assert!(snapshot.signals.blackout);
    assert_eq!(snapshot.current.unwrap().extension_seconds, 60);
}

#[test]
fn listening_beyond_loopback_needs_an_allowed_address() {
    let hub = hub("allow");
    let args = OscArgs {
        osc_listen: Some("0.0.0.0:0".into()),
        ..OscArgs::default()
    };
    let refused = osc::start(&args, &hub).err().unwrap();
    assert!(refused.contains("--osc-allow"), "{refused}");
    let bad = OscArgs {
        osc_listen: Some("nowhere".into()),
        ..OscArgs::default()
    };
    assert!(osc::start(&bad, &hub).err().unwrap().contains("ADDR:PORT"));
    assert!(osc::start(&OscArgs::default(), &hub).unwrap().is_none());
}

#[test]
fn the_sender_reports_the_remaining_time_on_every_change() {
    let hub = hub("send");
    let desk = UdpSocket::bind("127.0.0.1:0").unwrap();
    desk.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let args = OscArgs {
        osc_send: Some(desk.local_addr().unwrap().to_string()),
        ..OscArgs::default()
    };
    let _osc = osc::start(&args, &hub).unwrap().unwrap();
    let mut buffer = [0u8; rosc::decoder::MTU];
    let mut read = |address: &str| -> Vec<OscType> {
        loop {
            let (length, _) = desk.recv_from(&mut buffer).expect("a packet within 5 s");
            let (_, packet) = rosc::decoder::decode_udp(&buffer[..length]).unwrap();
            if let OscPacket::Message(m) = packet
                && m.addr == address
            {
                return m.args;
            }
        }
    };
    // On schedule at 09:05: five minutes left of One.
    assert_eq!(read("/showclock/current"), [OscType::String("One".into())]);
    assert_eq!(read("/showclock/next"), [OscType::String("Two".into())]);
    assert_eq!(read("/showclock/phase"), [OscType::String("live".into())]);
    assert_eq!(read("/showclock/overrun"), [OscType::Int(0)]);
    let remaining = read("/showclock/remaining");
    let OscType::Int(seconds) = remaining[0] else {
        panic!("{remaining:?}")
    };
    assert!((295..=300).contains(&seconds), "{remaining:?}");
    assert!(
        matches!(&remaining[1], OscType::String(s) if s == "05:00" || s == "04:59"),
        "{remaining:?}"
    );
    // A cue goes out at once.
    hub.act(Action::Next, hub.now()).unwrap();
    let deadline = Instant::now() + Duration::from_millis(900);
    loop {
        let current = read("/showclock/current");
        if current == [OscType::String("Two".into())] {
            break;
        }
        assert!(Instant::now() < deadline, "the cue did not go out at once");
    }
    // The message, with who it is for.
    assert_eq!(
        read("/showclock/message"),
        [
            OscType::String(String::new()),
            OscType::String(String::new())
        ]
    );
    hub.act(
        Action::Message {
            text: "Wrap up".into(),
            audience: Audience::Speakers,
        },
        hub.now(),
    )
    .unwrap();
    loop {
        let message = read("/showclock/message");
        if message
            == [
                OscType::String("Wrap up".into()),
                OscType::String("speakers".into()),
            ]
        {
            break;
        }
        assert!(
            Instant::now() < deadline + Duration::from_secs(1),
            "{message:?}"
        );
    }
}

#[test]
fn flash_and_blackout_have_their_post_endpoints() {
    use showclock::net::{Access, Endpoint, request, serve};
    let hub = hub("post");
    let server = serve(
        Arc::clone(&hub),
        "127.0.0.1:0".parse().unwrap(),
        Access::new("control-token-for-tests"),
    )
    .unwrap();
    let endpoint = Endpoint::parse(&server.url()).unwrap();
    let post = |action: &str| {
        request(
            &endpoint,
            "POST",
            &format!("/v1/control/{action}"),
            Some("control-token-for-tests"),
            Some(b""),
        )
        .unwrap()
    };
    for action in ["blackout", "flash"] {
        let answer = post(action);
        assert_eq!(answer.status, 200, "{action}: {}", answer.body);
    }
    let state = request(&endpoint, "GET", "/v1/state", None, None).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&state.body).unwrap();
    assert_eq!(doc["signals"]["blackout"], true);
    assert_eq!(doc["signals"]["flash"], true);
    assert_eq!(post("unblackout").status, 200);
    assert_eq!(
        actions(&hub),
        [Action::Blackout, Action::Flash, Action::Unblackout]
    );
}
