//! One show on many machines (issue 15): real `nats-server` processes on
//! loopback, real `showclock serve --sync` instances, the network between
//! them cut, slowed or stalled by a proxy. What must hold: one history on
//! every instance, nothing acknowledged lost or doubled, no laptop the show
//! depends on.

mod common;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use common::link::Link;
use common::nats::{Broker, Instance, instance_dir, showclock, wait_level};
use proptest::prelude::*;

const SECOND: Duration = Duration::from_secs(1);

/// One test at a time: several assert times (a takeover within 1 s, a
/// catch-up within 2 s) that a machine busy with the others would miss.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|p| p.into_inner())
}
/// An instant after every action of these tests: `status --at` it.
const LATER: &str = "2099-01-01T00:00:00Z";

/// (action, JSON body) for a random action any instance may take.
fn action(kind: u8, value: u8) -> (&'static str, String) {
    match kind % 7 {
        0 => ("next", String::new()),
        1 => ("prev", String::new()),
        2 => ("goto", format!("{{\"index\": {}}}", value % 6)),
        3 => (
            "extend",
            format!(
                "{{\"seconds\": {}}}",
                if value.is_multiple_of(2) { 60 } else { -30 }
            ),
        ),
        4 => ("message", format!("{{\"text\": \"note {value}\"}}")),
        5 => ("clear_message", String::new()),
        _ => ("flash", String::new()),
    }
}

fn id_of(body: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(body).unwrap();
    value["id"]
        .as_str()
        .expect("a synced action has an id")
        .to_string()
}

/// `status --json` of a local journal, at [`LATER`].
fn status_of(agenda: &std::path::Path, journal: &std::path::Path) -> String {
    let (code, out, err) = showclock(
        &[
            "status",
            &agenda.display().to_string(),
            "--journal",
            &journal.display().to_string(),
            "--at",
            LATER,
            "--json",
        ],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    out
}

fn stream_status(url: &str) -> String {
    let (code, out, err) = showclock(&["status", "--sync", url, "--at", LATER, "--json"], &[]);
    assert_eq!(code, 0, "{err}");
    out
}

/// Three instances on one stream: the moderator's (with the agenda file)
/// and two started with no agenda, which take it from the stream.
fn three(broker: &Broker, show: &str) -> [Instance; 3] {
    let url = broker.url(show);
    let a = instance_dir(&format!("{show}-a"));
    let b = instance_dir(&format!("{show}-b"));
    let c = instance_dir(&format!("{show}-c"));
    let moderator = Instance::serve(&a, &["agenda.toml", "--sync", &url], &[]);
    let producer = Instance::serve(&b, &["--sync", &url], &[]);
    let third = Instance::serve(&c, &["--sync", &url], &[]);
    [moderator, producer, third]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2, max_shrink_iters: 0, ..ProptestConfig::default() })]

    /// 200 random actions from three instances at random moments: one
    /// history, the same `status --json` everywhere, and every action an
    /// instance acknowledged is in the stream exactly once or (when another
    /// instance's cue changed its premise) in that instance's set-aside
    /// file, never both, never neither.
    #[test]
    fn three_instances_keep_one_history(
        actions in prop::collection::vec((0usize..3, any::<u8>(), any::<u8>(), 0u64..15), 200)
    ) {
        let _serial = one_at_a_time();
        let broker = Broker::start("three");
        let instances = three(&broker, "dialogue");
        let started = Instant::now();
        let mut acknowledged = Vec::new();
        let (code, body) = instances[0].act("start", "");
        prop_assert_eq!(code, 200, "{}", body);
        acknowledged.push((0, id_of(&body)));
        for (who, kind, value, pause) in actions {
            let (name, body) = action(kind, value);
            let (code, answer) = instances[who].act(name, &body);
            if code == 200 {
                acknowledged.push((who, id_of(&answer)));
            } else {
                prop_assert_eq!(code, 422, "{}", answer);
            }
            std::thread::sleep(Duration::from_millis(pause));
        }
        let refs: Vec<&Instance> = instances.iter().collect();
        let history = wait_level(&refs, 20 * SECOND);
        let in_stream: HashSet<&String> = history.iter().collect();
        prop_assert_eq!(in_stream.len(), history.len(), "no action twice");
        for (who, id) in &acknowledged {
            let aside = instances[*who].set_aside_ids();
            let kept = in_stream.contains(id);
            prop_assert!(kept != aside.contains(id), "action {} of instance {} is in the stream xor set aside", id, who);
        }
        let stream = stream_status(&broker.url("dialogue"));
        for instance in &instances {
            prop_assert_eq!(&status_of(&instance.agenda(), &instance.journal), &stream);
        }
        eprintln!(
            "{} acknowledged, {} in the stream, in {:.1} s",
            acknowledged.len(),
            history.len(),
            started.elapsed().as_secs_f64()
        );
    }
}

#[test]
fn the_show_goes_on_when_the_moderators_laptop_dies() {
    let _serial = one_at_a_time();
    let broker = Broker::start("takeover");
    let [mut moderator, producer, _third] = three(&broker, "dialogue");
    assert_eq!(moderator.act("start", "").0, 200);
    assert_eq!(moderator.act("next", "").0, 200);
    wait_level(&[&moderator, &producer], 5 * SECOND);
    moderator.kill(); // kill -9
    let killed = Instant::now();
    let (code, body) = producer.act("next", "");
    assert_eq!(code, 200, "{body}");
    assert!(killed.elapsed() < SECOND, "accepted within 1 s");
    // The producer's pages keep counting: the state moves on, live.
    let state = producer.state();
    assert_eq!(state["phase"], "live", "{state}");
    assert_eq!(state["current"]["index"], 2, "{state}");
    // The laptop, restarted, catches up: nothing lost, nothing doubled.
    let dir = moderator.dir.clone();
    let restarted = Instance::serve(
        &dir,
        &["agenda.toml", "--sync", &broker.url("dialogue")],
        &[],
    );
    let ids = wait_level(&[&restarted, &producer], 5 * SECOND);
    assert_eq!(ids.len(), 3, "start, next, next: nothing lost or doubled");
    assert_eq!(restarted.state()["current"]["index"], 2);
}

#[test]
fn a_broker_down_for_30_s_loses_nothing_and_catches_up_within_2_s() {
    let _serial = one_at_a_time();
    let mut broker = Broker::start("outage");
    let [moderator, producer, _third] = three(&broker, "dialogue");
    assert_eq!(moderator.act("start", "").0, 200);
    wait_level(&[&moderator, &producer], 5 * SECOND);
    broker.kill();
    let down = Instant::now();
    // The moderator's actions keep working, at once, on the local journal.
    for (name, body) in [
        ("next", ""),
        ("extend", "{\"seconds\": 60}"),
        ("message", "{\"text\": \"Wrap up\"}"),
    ] {
        let asked = Instant::now();
        let (code, answer) = moderator.act(name, body);
        assert_eq!(code, 200, "{answer}");
        assert!(
            asked.elapsed() < Duration::from_millis(500),
            "never waits for the broker"
        );
    }
    assert_eq!(moderator.state()["current"]["index"], 1);
    assert_eq!(moderator.state()["message"], "Wrap up");
    std::thread::sleep((30 * SECOND).saturating_sub(down.elapsed()));
    broker.restart();
    let back = Instant::now();
    let ids = wait_level(&[&moderator, &producer], 5 * SECOND);
    let caught_up = back.elapsed();
    eprintln!(
        "appended {:.2} s after the broker's return",
        caught_up.as_secs_f64()
    );
    assert!(caught_up < 2 * SECOND, "appended within 2 s: {caught_up:?}");
    assert_eq!(ids.len(), 4);
    assert!(
        moderator.set_aside_ids().is_empty(),
        "nobody else acted: nothing set aside"
    );
    let stream = stream_status(&broker.url("dialogue"));
    assert_eq!(status_of(&producer.agenda(), &producer.journal), stream);
}

#[test]
fn actions_taken_offline_are_set_aside_when_the_show_went_on_elsewhere() {
    let _serial = one_at_a_time();
    let broker = Broker::start("partition");
    let link = Link::new(broker.port);
    let a = instance_dir("partition-a");
    let b = instance_dir("partition-b");
    let moderator = Instance::serve(&a, &["agenda.toml", "--sync", &link.url("dialogue")], &[]);
    let producer = Instance::serve(&b, &["--sync", &broker.url("dialogue")], &[]);
    assert_eq!(moderator.act("start", "").0, 200);
    wait_level(&[&moderator, &producer], 5 * SECOND);
    link.cut();
    std::thread::sleep(SECOND);
    // Cut off, the moderator cues; meanwhile the producer takes over.
    let (code, answer) = moderator.act("next", "");
    assert_eq!(code, 200, "{answer}");
    let offline = id_of(&answer);
    assert_eq!(producer.act("goto", "{\"index\": 3}").0, 200);
    link.mend();
    let ids = wait_level(&[&moderator, &producer], 10 * SECOND);
    assert_eq!(ids.len(), 2, "start and the producer's goto");
    assert!(!ids.contains(&offline));
    assert_eq!(moderator.set_aside_ids(), vec![offline], "kept, not lost");
    assert_eq!(moderator.state()["current"]["index"], 3, "the stream won");
    let (code, out, _) = showclock(
        &[
            "status",
            &moderator.agenda().display().to_string(),
            "--journal",
            &moderator.journal.display().to_string(),
        ],
        &[],
    );
    assert_eq!(code, 0);
    assert!(out.contains("1 action set aside"), "status says so:\n{out}");
}

#[test]
fn a_lost_acknowledgement_never_doubles_an_action() {
    let _serial = one_at_a_time();
    let broker = Broker::start("lost-ack");
    let [moderator, producer, _third] = three(&broker, "dialogue");
    assert_eq!(moderator.act("start", "").0, 200);
    wait_level(&[&moderator, &producer], 5 * SECOND);
    broker.signal("STOP");
    assert_eq!(moderator.act("next", "").0, 200);
    // Past the acknowledgement's timeout, so the append is sent again.
    std::thread::sleep(5 * SECOND);
    broker.signal("CONT");
    let ids = wait_level(&[&moderator, &producer], 10 * SECOND);
    assert_eq!(ids.len(), 2, "start and next, each once: {ids:?}");
    let (code, out, err) = showclock(
        &["journal", "check", "--sync", &broker.url("dialogue")],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("2 actions, every message valid"), "{out}");
}

#[test]
fn a_three_node_cluster_loses_a_node_and_the_show_goes_on() {
    let _serial = one_at_a_time();
    let ports: Vec<u16> = (0..3).map(|_| common::serve::free_port()).collect();
    let routes: Vec<String> = ports
        .iter()
        .map(|p| format!("nats://127.0.0.1:{p}"))
        .collect();
    let mut nodes: Vec<Broker> = (0..3)
        .map(|i| {
            let config = format!(
                "server_name: node{i}\ncluster {{ name: showclock\n listen: 127.0.0.1:{}\n routes: [{}] }}\n",
                ports[i],
                routes.join(", ")
            );
            Broker::start_with(&format!("cluster-{i}"), Some(&config), &[])
        })
        .collect();
    let urls: Vec<String> = nodes.iter().map(|node| node.url("dialogue")).collect();
    let url = |i: usize, _show: &str| urls[i].clone();
    let a = instance_dir("cluster-a");
    let b = instance_dir("cluster-b");
    // A cluster elects its JetStream leader in a few seconds.
    let mut moderator = None;
    let deadline = Instant::now() + 30 * SECOND;
    while moderator.is_none() {
        let (code, _, err) = showclock(
            &["check", &a.join("agenda.toml").display().to_string()],
            &[],
        );
        assert_eq!(code, 0, "{err}");
        let attempt = std::process::Command::new(env!("CARGO_BIN_EXE_showclock"))
            .args(["status", "--sync", &url(0, "dialogue")])
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&attempt.stderr).into_owned();
        if said.contains("no show named") {
            moderator = Some(Instance::serve(
                &a,
                &[
                    "agenda.toml",
                    "--sync",
                    &url(0, "dialogue"),
                    "--sync-replicas",
                    "3",
                ],
                &[],
            ));
        } else {
            assert!(
                Instant::now() < deadline,
                "the cluster never got ready: {said}"
            );
            std::thread::sleep(Duration::from_millis(500));
        }
    }
    let moderator = moderator.unwrap();
    let producer = Instance::serve(&b, &["--sync", &url(1, "dialogue")], &[]);
    assert_eq!(moderator.act("start", "").0, 200);
    wait_level(&[&moderator, &producer], 10 * SECOND);
    nodes[2].kill();
    for _ in 0..3 {
        assert_eq!(producer.act("next", "").0, 200);
        assert_eq!(moderator.act("extend", "{\"seconds\": 60}").0, 200);
    }
    let killed = Instant::now();
    let ids = wait_level(&[&moderator, &producer], 40 * SECOND);
    eprintln!(
        "one history {:.1} s after a node was killed",
        killed.elapsed().as_secs_f64()
    );
    assert_eq!(ids.len(), 7, "nothing lost with a node down");
    assert_eq!(
        stream_status(&url(0, "dialogue")),
        stream_status(&url(1, "dialogue"))
    );
}

/// A CA and a certificate for 127.0.0.1, made with openssl.
fn certificates(dir: &std::path::Path) -> (String, String, String) {
    let run = |args: &[&str]| {
        let out = std::process::Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .expect("openssl runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    std::fs::write(dir.join("san.ext"), "subjectAltName=IP:127.0.0.1\n").unwrap();
    run(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=showclock test CA",
    ]);
    run(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=127.0.0.1",
    ]);
    run(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "2",
        "-extfile",
        "san.ext",
    ]);
    let path = |name: &str| dir.join(name).display().to_string();
    (path("ca.pem"), path("server.pem"), path("server.key"))
}

#[test]
fn the_shipped_broker_configuration_lets_the_crew_act_and_the_watchers_only_watch() {
    let _serial = one_at_a_time();
    let certs = instance_dir("tls-certs");
    let (ca, cert, key) = certificates(&certs);
    let shipped = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/deploy/nats-server.conf"
    ))
    .unwrap();
    // The shipped file as it is, run with its secrets in the environment
    // (nats-server reads $VARIABLES from there) on a test port and store.
    let broker = {
        let mut broker = Broker::start_with_env(
            "tls",
            &shipped,
            &[
                ("SHOWCLOCK_CREW_PASSWORD", "crew-secret-1"),
                ("SHOWCLOCK_WATCH_PASSWORD", "watch-secret-2"),
                ("SHOWCLOCK_TLS_CERT", &cert),
                ("SHOWCLOCK_TLS_KEY", &key),
            ],
        );
        broker.tls = true;
        broker
    };
    let url = broker.url("dialogue");
    assert!(url.starts_with("tls://"));
    let crew = [
        ("SHOWCLOCK_NATS_USER", "crew"),
        ("SHOWCLOCK_NATS_PASSWORD", "crew-secret-1"),
    ];
    let watch = [
        ("SHOWCLOCK_NATS_USER", "watch"),
        ("SHOWCLOCK_NATS_PASSWORD", "watch-secret-2"),
    ];
    let a = instance_dir("tls-a");
    let b = instance_dir("tls-b");
    let moderator = Instance::serve(
        &a,
        &["agenda.toml", "--sync", &url, "--ca-cert", &ca],
        &crew,
    );
    assert_eq!(moderator.act("start", "").0, 200);
    let speaker = Instance::serve(&b, &["--sync", &url, "--ca-cert", &ca], &watch);
    wait_level(&[&moderator, &speaker], 10 * SECOND);
    let (code, answer) = speaker.act("next", "");
    assert_eq!(code, 422, "{answer}");
    assert!(answer.contains("read-only"), "{answer}");
    assert_eq!(moderator.act("next", "").0, 200);
    let ids = wait_level(&[&moderator, &speaker], 10 * SECOND);
    assert_eq!(ids.len(), 2, "the watcher follows the show");

    // A wrong password is said at once, once: not a retry loop.
    let asked = Instant::now();
    let (code, _, err) = showclock(
        &["status", "--sync", &url, "--ca-cert", &ca],
        &[
            ("SHOWCLOCK_NATS_USER", "crew"),
            ("SHOWCLOCK_NATS_PASSWORD", "wrong"),
        ],
    );
    assert_ne!(code, 0);
    assert!(asked.elapsed() < 5 * SECOND, "{:?}", asked.elapsed());
    assert!(err.contains("refused this instance's credentials"), "{err}");
    let c = instance_dir("tls-c");
    let (code, _, err) = showclock(
        &[
            "serve",
            "--sync",
            &url,
            "--ca-cert",
            &ca,
            "--share",
            "127.0.0.1:0",
            "--journal",
            &c.join("x.jsonl").display().to_string(),
        ],
        &[
            ("SHOWCLOCK_NATS_USER", "crew"),
            ("SHOWCLOCK_NATS_PASSWORD", "wrong"),
        ],
    );
    assert_ne!(code, 0);
    assert!(err.contains("refused this instance's credentials"), "{err}");
    // Without the private CA, TLS says what to do.
    let (code, _, err) = showclock(&["status", "--sync", &url], &crew);
    assert_ne!(code, 0);
    assert!(err.contains("--ca-cert"), "{err}");
}

#[test]
fn a_different_agenda_is_refused_with_a_diff_unless_it_replaces_the_shows() {
    let _serial = one_at_a_time();
    let broker = Broker::start("agenda");
    let url = broker.url("dialogue");
    let a = instance_dir("agenda-a");
    let moderator = Instance::serve(&a, &["agenda.toml", "--sync", &url], &[]);
    assert_eq!(moderator.act("start", "").0, 200);
    let b = instance_dir("agenda-b");
    let agenda = b.join("agenda.toml");
    let text = std::fs::read_to_string(&agenda).unwrap();
    std::fs::write(
        &agenda,
        text.replace("Panel Discussion", "Panel of Speakers"),
    )
    .unwrap();
    let args = |extra: &[&str]| {
        let mut args = vec![
            "serve".to_string(),
            agenda.display().to_string(),
            "--sync".into(),
            url.clone(),
            "--share".into(),
            "127.0.0.1:0".into(),
        ];
        args.extend(extra.iter().map(ToString::to_string));
        args
    };
    let run = |v: Vec<String>| {
        let parts: Vec<&str> = v.iter().map(String::as_str).collect();
        showclock(&parts, &[])
    };
    let (code, _, err) = run(args(&[]));
    assert_ne!(code, 0);
    assert!(
        err.contains("-title = \"Panel Discussion\""),
        "a diff:\n{err}"
    );
    assert!(
        err.contains("+title = \"Panel of Speakers\""),
        "a diff:\n{err}"
    );
    assert!(err.contains("--replace-agenda"), "{err}");
    // The show has started: replacing needs a confirmation.
    let (code, _, err) = run(args(&["--replace-agenda"]));
    assert_ne!(code, 0);
    assert!(err.contains("needs confirmation"), "{err}");
    drop(moderator);
    let replaced = Instance::serve(
        &b,
        &[
            &agenda.display().to_string(),
            "--sync",
            &url,
            "--replace-agenda",
            "--yes",
        ],
        &[],
    );
    assert!(replaced.state().to_string().contains("Panel of Speakers"));
    let (code, out, _) = showclock(&["status", "--sync", &url, "--json"], &[]);
    assert_eq!(code, 0);
    assert!(out.contains("Panel of Speakers"));
}

/// Cues on the moderator's instance, each timed until a page served by
/// another instance shows it.
fn cue_to_page(moderator: &Instance, page: &common::nats::Page, cues: usize) -> Vec<Duration> {
    let mut length = moderator.state()["journal_entries"].as_u64().unwrap() as usize;
    let mut samples = Vec::with_capacity(cues);
    for i in 0..cues {
        let asked = Instant::now();
        let (code, body) = moderator.act(
            "extend",
            if i.is_multiple_of(2) {
                "{\"seconds\": 60}"
            } else {
                "{\"seconds\": -60}"
            },
        );
        assert_eq!(code, 200, "{body}");
        length += 1;
        let shown = page
            .until(length, 15 * SECOND)
            .unwrap_or_else(|| panic!("cue {i} never reached the page"));
        samples.push(shown.saturating_duration_since(asked));
        std::thread::sleep(Duration::from_millis(50));
    }
    samples
}

#[test]
fn cues_reach_another_cities_pages_through_a_slow_stalling_link() {
    let _serial = one_at_a_time();
    let broker = Broker::start("slow");
    let link = Link::new(broker.port);
    link.set_delay(Duration::from_millis(75));
    let a = instance_dir("slow-a");
    let b = instance_dir("slow-b");
    let moderator = Instance::serve(&a, &["agenda.toml", "--sync", &link.url("dialogue")], &[]);
    let venue = Instance::serve(&b, &["--sync", &broker.url("dialogue")], &[]);
    assert_eq!(moderator.act("start", "").0, 200);
    wait_level(&[&moderator, &venue], 10 * SECOND);
    let page = common::nats::Page::open(&venue);
    // Stalls of 2 s at moments that look random (a fixed, spread sequence).
    let stalls = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let stalling = std::sync::Arc::clone(&stalls);
    let link = std::sync::Arc::new(link);
    let staller = std::sync::Arc::clone(&link);
    let thread = std::thread::spawn(move || {
        for gap in [700u64, 2900, 1300, 3700, 900].iter().cycle() {
            std::thread::sleep(Duration::from_millis(*gap));
            if !stalling.load(std::sync::atomic::Ordering::SeqCst) {
                return;
            }
            staller.stall(2 * SECOND);
        }
    });
    let mut samples = cue_to_page(&moderator, &page, 20);
    stalls.store(false, std::sync::atomic::Ordering::SeqCst);
    let _ = thread.join();
    let p50 = common::nats::percentile(&mut samples, 50.0);
    let max = common::nats::percentile(&mut samples, 100.0);
    eprintln!(
        "cue to another instance's page through 75 ms each way and 2 s stalls: p50 {p50:.0} ms, max {max:.0} ms"
    );
    assert!(p50 < 1500.0, "p50 {p50:.0} ms");
    assert!(
        max < 6000.0,
        "a stall delays a cue, never loses it: max {max:.0} ms"
    );
    let ids = wait_level(&[&moderator, &venue], 10 * SECOND);
    assert_eq!(ids.len(), 21);
}

/// `bench/sync_latency.sh`: the README's figures.
#[test]
#[ignore = "a bench: bench/sync_latency.sh"]
fn bench_cue_to_page() {
    let _serial = one_at_a_time();
    let broker = Broker::start("bench");
    let link = Link::new(broker.port);
    let a = instance_dir("bench-a");
    let b = instance_dir("bench-b");
    let moderator = Instance::serve(&a, &["agenda.toml", "--sync", &link.url("dialogue")], &[]);
    let venue = Instance::serve(&b, &["--sync", &broker.url("dialogue")], &[]);
    assert_eq!(moderator.act("start", "").0, 200);
    wait_level(&[&moderator, &venue], 10 * SECOND);
    let page = common::nats::Page::open(&venue);
    for delay in [0u64, 75] {
        link.set_delay(Duration::from_millis(delay));
        let mut samples = cue_to_page(&moderator, &page, 200);
        println!(
            "cue to page via broker, {} ms round trip added: p50 {:.1} ms, p99 {:.1} ms",
            delay * 2,
            common::nats::percentile(&mut samples, 50.0),
            common::nats::percentile(&mut samples, 99.0)
        );
    }
}

#[test]
#[ignore = "a bench: bench/sync_latency.sh"]
fn bench_takeover_after_kill() {
    let _serial = one_at_a_time();
    let broker = Broker::start("bench-takeover");
    let mut samples = Vec::new();
    for round in 0..10 {
        let show = format!("takeover{round}");
        let [mut moderator, producer, _third] = three(&broker, &show);
        assert_eq!(moderator.act("start", "").0, 200);
        wait_level(&[&moderator, &producer], 10 * SECOND);
        moderator.kill();
        let killed = Instant::now();
        loop {
            if producer.act("next", "").0 == 200 {
                break;
            }
        }
        samples.push(killed.elapsed());
    }
    println!(
        "kill -9 of the moderator's instance to the first accepted cue elsewhere: p50 {:.1} ms, max {:.1} ms",
        common::nats::percentile(&mut samples, 50.0),
        common::nats::percentile(&mut samples, 100.0)
    );
}

#[test]
#[ignore = "a bench: bench/sync_latency.sh"]
fn bench_1000_pages_on_two_instances() {
    let _serial = one_at_a_time();
    let broker = Broker::start("bench-pages");
    let [moderator, b, c] = three(&broker, "dialogue");
    assert_eq!(moderator.act("start", "").0, 200);
    wait_level(&[&moderator, &b, &c], 10 * SECOND);
    let pages: Vec<common::nats::Page> = (0..1000u32)
        .map(|i| common::nats::Page::open(if i.is_multiple_of(2) { &b } else { &c }))
        .collect();
    std::thread::sleep(2 * SECOND);
    let mut length = 1;
    let mut samples = Vec::new();
    for i in 0..20u32 {
        let asked = Instant::now();
        let body = if i.is_multiple_of(2) {
            "{\"seconds\": 60}"
        } else {
            "{\"seconds\": -60}"
        };
        assert_eq!(moderator.act("extend", body).0, 200);
        length += 1;
        for page in &pages {
            let shown = page
                .until(length, 15 * SECOND)
                .expect("every page gets the cue");
            samples.push(shown.saturating_duration_since(asked));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    println!(
        "1,000 pages on two instances, cue on a third: p50 {:.1} ms, p99 {:.1} ms",
        common::nats::percentile(&mut samples, 50.0),
        common::nats::percentile(&mut samples, 99.0)
    );
}

/// The moderator's screen in a real terminal says when the link is lost,
/// counts what waits, and says when it is back (in a rehearsal, so that
/// the shipped show is on).
#[test]
fn the_moderators_screen_says_sync_lost_and_what_waits() {
    let _serial = one_at_a_time();
    let mut broker = Broker::start("screen");
    let dir = instance_dir("screen");
    let tmux = common::Tmux::new("sync-screen");
    tmux.start(
        "moderator",
        &format!(
            "cd {} && exec {} agenda.toml --sync {} --at 2022-06-01T09:39:50+08:00",
            dir.display(),
            common::BIN,
            broker.url("dialogue")
        ),
    );
    tmux.wait_for("moderator", "SYNCED", 15 * SECOND);
    broker.kill();
    tmux.wait_for("moderator", "SYNC LOST 0:", 15 * SECOND);
    tmux.keys("moderator", &["Space"]);
    let screen = tmux.wait_for("moderator", "1 action waiting", 5 * SECOND);
    assert!(
        screen.contains("CUED"),
        "the cue took effect at once:\n{screen}"
    );
    broker.restart();
    let screen = tmux.wait_for("moderator", "SYNCED", 15 * SECOND);
    assert!(!screen.contains("waiting"), "{screen}");
    let (code, out, err) = showclock(
        &[
            "journal",
            "check",
            "--sync",
            &broker.url("dialogue"),
            "--rehearse",
        ],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("1 actions"), "{out}");
}

/// A rehearsal of a synced show is a stream of its own, and every instance
/// counts on the one simulated clock published with it.
#[test]
fn a_synced_rehearsal_runs_one_simulated_clock_everywhere() {
    let _serial = one_at_a_time();
    let broker = Broker::start("rehearsal");
    let url = broker.url("dialogue");
    let a = instance_dir("rehearsal-a");
    let b = instance_dir("rehearsal-b");
    let moderator = Instance::serve(
        &a,
        &[
            "agenda.toml",
            "--sync",
            &url,
            "--at",
            "2022-06-01T09:39:50+08:00",
            "--speed",
            "10",
        ],
        &[],
    );
    std::thread::sleep(SECOND);
    let producer = Instance::serve(&b, &["--sync", &url, "--rehearse"], &[]);
    assert!(
        producer.journal.ends_with("dialogue-rehearsal.jsonl"),
        "{}",
        producer.journal.display()
    );
    let now = |instance: &Instance| {
        chrono::DateTime::parse_from_rfc3339(instance.state()["now"].as_str().unwrap()).unwrap()
    };
    let (first, second) = (now(&moderator), now(&producer));
    assert!(
        (first - second).num_seconds().abs() <= 10,
        "one clock: {first} and {second}"
    );
    use chrono::Datelike;
    assert_eq!(first.year(), 2022, "the simulated clock, not the real one");
    assert_eq!(moderator.act("start", "").0, 200);
    wait_level(&[&moderator, &producer], 10 * SECOND);
    // The live show's stream holds nothing of it.
    let (code, _, err) = showclock(&["status", "--sync", &url], &[]);
    assert_ne!(code, 0);
    assert!(err.contains("no show named"), "{err}");
    let (code, out, err) = showclock(&["status", "--sync", &url, "--rehearse", "--json"], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"journal_entries\": 1"), "{out}");
}
