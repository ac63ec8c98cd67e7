//! The sharing server attacked as the README promises it survives: the real
//! binary on loopback, attackers from 127.0.0.1 itself and from 127.0.0.2
//! and up. Every loop is bounded in count and time.

mod common;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::serve::{Served, show_dir, wait_until};
use showclock::net::{Endpoint, Follower, LinkState, request};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

const TOKEN: &str = "attack-control-token";
const SECOND: Duration = Duration::from_secs(1);

/// One attack at a time: their figures are their own.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn alone() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner())
}

/// 127.0.0.1 for one client in five (fewer than its 256 connections, so
/// they stay rather than churn), else 127.0.0.2 to 127.0.0.11.
fn source(i: usize) -> IpAddr {
    if i.is_multiple_of(5) {
        IpAddr::V4(Ipv4Addr::LOCALHOST)
    } else {
        IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2 + (i % 10) as u8))
    }
}

async fn connect_from(from: IpAddr, server: SocketAddr) -> std::io::Result<TcpStream> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(SocketAddr::new(from, 0))?;
    socket.connect(server).await
}

/// Sends a request's headers a byte every 2 s, and starts again when cut
/// off, until told to stop.
async fn slow_client(
    server: SocketAddr,
    from: IpAddr,
    stop: Arc<AtomicBool>,
    open: Arc<AtomicUsize>,
) {
    while !stop.load(Ordering::SeqCst) {
        let Ok(mut stream) = connect_from(from, server).await else {
            tokio::time::sleep(Duration::from_millis(200)).await;
            continue;
        };
        open.fetch_add(1, Ordering::SeqCst);
        let mut alive = stream
            .write_all(b"GET /v1/state HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
            .await
            .is_ok();
        while alive && !stop.load(Ordering::SeqCst) {
            tokio::time::sleep(2 * SECOND).await;
            alive = stream.write_all(b"a").await.is_ok();
        }
        open.fetch_sub(1, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Opens an event stream, reads its answer's first bytes, then sits on it.
async fn idle_stream(
    server: SocketAddr,
    from: IpAddr,
    stop: Arc<AtomicBool>,
    open: Arc<AtomicUsize>,
) {
    let Ok(mut stream) = connect_from(from, server).await else {
        return;
    };
    if stream
        .write_all(b"GET /v1/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .await
        .is_err()
    {
        return;
    }
    let mut head = [0u8; 12];
    if stream.read_exact(&mut head).await.is_err() || &head[9..12] != b"200" {
        return;
    }
    open.fetch_add(1, Ordering::SeqCst);
    while !stop.load(Ordering::SeqCst) {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The producer cues 100 messages, `pause_ms` apart (after one request
/// that starts the client itself: its TLS roots and runtime are not the
/// server's doing); how long each took to be answered, in ms, sorted.
/// `between` runs after each, with its number.
fn cue_latencies(endpoint: &Endpoint, pause_ms: u64, mut between: impl FnMut(usize)) -> Vec<f64> {
    let warm = request(endpoint, "GET", "/v1/agenda", None, None).unwrap();
    assert_eq!(warm.status, 200);
    let mut answered = Vec::new();
    for i in 0..100 {
        let body = format!("{{\"text\": \"cue {i}\"}}");
        let sent = Instant::now();
        let r = request(
            endpoint,
            "POST",
            "/v1/control/message",
            Some(TOKEN),
            Some(body.as_bytes()),
        )
        .unwrap();
        answered.push(sent.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(r.status, 200, "{}", r.body);
        between(i);
        std::thread::sleep(Duration::from_millis(pause_ms));
    }
    answered.sort_by(f64::total_cmp);
    answered
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[test]
fn slow_connections_and_idle_streams_cannot_lock_the_producer_out() {
    const SLOW: usize = 1000;
    const STREAMS: usize = 500;
    let _alone = alone();
    rlimit::increase_nofile_limit(20_000).unwrap();
    let (_dir, agenda, journal) = show_dir("attack");
    let served = Served::start(
        &agenda,
        &journal,
        &["--share", "127.0.0.1:0", "--token", TOKEN],
    );
    let addr: SocketAddr = served.value("listening").parse().unwrap();
    let endpoint = Endpoint::parse(&format!("http://{addr}")).unwrap();
    let quiet = served.rss_mib();

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let (slow_open, streams_open) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    for i in 0..SLOW {
        runtime.spawn(slow_client(
            addr,
            source(i),
            Arc::clone(&stop),
            Arc::clone(&slow_open),
        ));
    }
    for i in 0..STREAMS {
        runtime.spawn(idle_stream(
            addr,
            source(i),
            Arc::clone(&stop),
            Arc::clone(&streams_open),
        ));
    }
    wait_until(20 * SECOND, "the attack to be in place", || {
        streams_open.load(Ordering::SeqCst) >= STREAMS
            && slow_open.load(Ordering::SeqCst) >= SLOW * 9 / 10
    });
    std::thread::sleep(SECOND);

    // The producer cues, again and again, through the attack.
    let mut peak = served.rss_mib();
    let answered = cue_latencies(&endpoint, 20, |i| {
        if i % 10 == 0 {
            peak = peak.max(served.rss_mib());
        }
    });
    let p99 = percentile(&answered, 99.0);
    // A producer's follower connects and mirrors the show.
    let connecting = Instant::now();
    let follower = Follower::connect(&endpoint.url(), Some(TOKEN.into()), || {}).unwrap();
    wait_until(
        2 * SECOND,
        "a new follower to connect during the attack",
        || follower.link().state == LinkState::Connected,
    );
    let follower_took = connecting.elapsed();
    assert_eq!(
        follower.with(|m, _| m.map(|m| m.entries().len())),
        Some(100)
    );
    peak = peak.max(served.rss_mib());
    println!(
        "under {SLOW} slow connections and {} idle streams ({} slow open at the end): \
         control POST p50 {:.2} ms, p99 {p99:.2} ms, max {:.2} ms; follower connected in {:?}; \
         server memory {quiet:.1} MiB quiet, {peak:.1} MiB peak",
        streams_open.load(Ordering::SeqCst),
        slow_open.load(Ordering::SeqCst),
        percentile(&answered, 50.0),
        answered.last().unwrap(),
        follower_took,
    );
    assert!(p99 < 100.0, "control POST p99 {p99:.2} ms under attack");
    assert!(peak < 64.0, "the server used {peak:.1} MiB under attack");

    stop.store(true, Ordering::SeqCst);
    runtime.shutdown_timeout(5 * SECOND);
    drop(follower);
    // The server gives memory back within 5 s of a burst's end.
    let halfway = f64::midpoint(quiet, peak);
    let ended = Instant::now();
    wait_until(12 * SECOND, "the memory to fall back", || {
        served.rss_mib() < halfway
    });
    println!(
        "{:.1} MiB {:.1} s after the attack",
        served.rss_mib(),
        ended.elapsed().as_secs_f64()
    );
    let r = request(&endpoint, "GET", "/v1/state", None, None).unwrap();
    assert_eq!(r.status, 200);
}

/// Reads the first `limit` bytes of an event stream, then stops reading
/// and holds the connection until told to stop: a viewer midway through a
/// big `hello`, or one that stalled.
async fn read_part(
    server: SocketAddr,
    limit: usize,
    stop: Arc<AtomicBool>,
    total: Arc<AtomicUsize>,
) -> bool {
    let Ok(mut stream) = connect_from(IpAddr::V4(Ipv4Addr::LOCALHOST), server).await else {
        return false;
    };
    if stream
        .write_all(b"GET /v1/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .await
        .is_err()
    {
        return false;
    }
    let mut buffer = vec![0u8; 64 * 1024];
    let mut read = 0;
    while read < limit {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => read += n,
        }
    }
    total.fetch_add(read, Ordering::SeqCst);
    while !stop.load(Ordering::SeqCst) {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    true
}

#[test]
fn a_twenty_megabyte_journal_streamed_to_two_hundred_viewers() {
    const STREAMS: usize = 200;
    const PART: usize = 512 * 1024;
    let _alone = alone();
    rlimit::increase_nofile_limit(20_000).unwrap();
    let (_dir, agenda, journal) = show_dir("big-journal");
    // Messages during the shipped show, 20 MB of them.
    let start = chrono::DateTime::parse_from_rfc3339("2022-06-01T01:00:00Z").unwrap();
    let text = "x".repeat(180);
    let mut lines = String::new();
    let mut i = 0i64;
    while lines.len() < 20 * 1024 * 1024 {
        let at = (start + chrono::TimeDelta::milliseconds(i)).to_utc();
        lines.push_str(&format!(
            "{{\"at\":\"{}\",\"action\":\"message\",\"text\":\"{text} {i}\"}}\n",
            at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
        ));
        i += 1;
    }
    std::fs::write(&journal, &lines).unwrap();
    let served = Served::start(
        &agenda,
        &journal,
        &["--share", "127.0.0.1:0", "--token", TOKEN],
    );
    let addr: SocketAddr = served.value("listening").parse().unwrap();
    let quiet = served.rss_mib();

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let total = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(AtomicUsize::new(0));
    for _ in 0..STREAMS {
        let (stop, total, done) = (Arc::clone(&stop), Arc::clone(&total), Arc::clone(&done));
        runtime.spawn(async move {
            if read_part(addr, PART, stop, total).await {
                done.fetch_add(1, Ordering::SeqCst);
            }
        });
    }
    let started = Instant::now();
    let mut peak = quiet;
    while total.load(Ordering::SeqCst) < STREAMS * PART {
        assert!(
            started.elapsed() < 60 * SECOND,
            "only {} MiB of the streams arrived",
            total.load(Ordering::SeqCst) / 1024 / 1024
        );
        peak = peak.max(served.rss_mib());
        std::thread::sleep(Duration::from_millis(50));
    }
    // Each stream now sits midway through its hello, not reading.
    for _ in 0..20 {
        peak = peak.max(served.rss_mib());
        std::thread::sleep(Duration::from_millis(100));
    }
    println!(
        "{i} entries ({:.1} MiB of journal), {STREAMS} streams each {} KiB into the hello, then stalled: \
         server memory {quiet:.1} MiB quiet, {peak:.1} MiB peak",
        lines.len() as f64 / 1024.0 / 1024.0,
        PART / 1024,
    );
    assert!(peak < 128.0, "the server used {peak:.1} MiB");
    stop.store(true, Ordering::SeqCst);
    wait_until(5 * SECOND, "the streams to close", || {
        done.load(Ordering::SeqCst) == STREAMS
    });

    // Viewers asking for everything from the start, as fast as they can
    // read, while the producer cues: control is not queued behind them.
    let stop = Arc::new(AtomicBool::new(false));
    for _ in 0..40 {
        let stop = Arc::clone(&stop);
        runtime.spawn(async move {
            while !stop.load(Ordering::SeqCst) {
                let Ok(mut stream) = connect_from(IpAddr::V4(Ipv4Addr::LOCALHOST), addr).await
                else {
                    return;
                };
                let request =
                    "GET /v1/events HTTP/1.1\r\nHost: localhost\r\nLast-Event-ID: 0\r\n\r\n";
                if stream.write_all(request.as_bytes()).await.is_err() {
                    return;
                }
                let mut buffer = vec![0u8; 256 * 1024];
                while !stop.load(Ordering::SeqCst) {
                    match stream.read(&mut buffer).await {
                        Ok(0) | Err(_) => break,
                        Ok(_) => {}
                    }
                }
            }
        });
    }
    std::thread::sleep(SECOND);
    let endpoint = Endpoint::parse(&format!("http://{addr}")).unwrap();
    let answered = cue_latencies(&endpoint, 30, |_| {});
    stop.store(true, Ordering::SeqCst);
    let p99 = percentile(&answered, 99.0);
    println!(
        "40 viewers reading the 20 MB journal from the start: control POST p50 {:.2} ms, p99 {p99:.2} ms",
        percentile(&answered, 50.0)
    );
    assert!(p99 < 100.0, "control POST p99 {p99:.2} ms behind viewers");
    runtime.shutdown_timeout(SECOND);
}

/// The kernel's TCP memory on this machine, in bytes (`/proc/net/sockstat`,
/// `TCP: ... mem PAGES`).
fn kernel_tcp_memory() -> u64 {
    let sockstat = std::fs::read_to_string("/proc/net/sockstat").unwrap();
    let pages: u64 = sockstat
        .lines()
        .find_map(|l| l.strip_prefix("TCP: "))
        .and_then(|l| l.split_whitespace().skip_while(|w| *w != "mem").nth(1))
        .and_then(|n| n.parse().ok())
        .expect("TCP: ... mem N in /proc/net/sockstat");
    pages * 4096
}

/// A viewer that asks for `/v1/live` and never reads a byte of it. When the
/// server drops it (a reset: `SO_ERROR` says so, with nothing read), it
/// notes how long it lasted and comes back, until told to stop.
async fn never_reads(
    server: SocketAddr,
    from: IpAddr,
    stop: Arc<AtomicBool>,
    open: Arc<AtomicUsize>,
    lasted: Arc<std::sync::Mutex<Vec<Duration>>>,
) {
    while !stop.load(Ordering::SeqCst) {
        let Ok(mut stream) = connect_from(from, server).await else {
            tokio::time::sleep(Duration::from_millis(200)).await;
            continue;
        };
        let since = Instant::now();
        if stream
            .write_all(b"GET /v1/live HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .await
            .is_err()
        {
            continue;
        }
        open.fetch_add(1, Ordering::SeqCst);
        loop {
            tokio::time::sleep(Duration::from_millis(250)).await;
            if stop.load(Ordering::SeqCst) {
                open.fetch_sub(1, Ordering::SeqCst);
                return;
            }
            if let Ok(Some(_)) = stream.take_error() {
                lasted.lock().unwrap().push(since.elapsed());
                break;
            }
        }
        open.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The producer's page reading `/v1/live` (it is shown every message,
/// the moderator's too): every `state` id it saw, and the messages in them.
async fn reads_everything(server: SocketAddr, seen: Arc<std::sync::Mutex<(Vec<usize>, String)>>) {
    let mut stream = connect_from(IpAddr::V4(Ipv4Addr::LOCALHOST), server)
        .await
        .unwrap();
    stream
        .write_all(b"GET /v1/live?page=producer HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .await
        .unwrap();
    let mut buffer = vec![0u8; 64 * 1024];
    let mut pending = String::new();
    while let Ok(n) = stream.read(&mut buffer).await {
        if n == 0 {
            return;
        }
        pending.push_str(&String::from_utf8_lossy(&buffer[..n]));
        let mut seen = seen.lock().unwrap();
        while let Some(cut) = pending.find("\n\n") {
            let block: String = pending.drain(..cut + 2).collect();
            if let Some(id) = block
                .find("event: state\nid: ")
                .and_then(|i| block[i + 17..].lines().next())
                .and_then(|id| id.trim().parse().ok())
            {
                seen.0.push(id);
                seen.1.push_str(&block);
            }
        }
    }
}

#[test]
fn a_thousand_viewers_that_never_read_cost_bounded_kernel_memory() {
    const VIEWERS: usize = 1000;
    const SECONDS: u64 = 60;
    const PER_SECOND: u64 = 5;
    let _alone = alone();
    rlimit::increase_nofile_limit(20_000).unwrap();
    let (_dir, agenda, journal) = show_dir("never-read");
    let served = Served::start(
        &agenda,
        &journal,
        &["--share", "127.0.0.1:0", "--token", TOKEN],
    );
    let addr: SocketAddr = served.value("listening").parse().unwrap();
    let endpoint = Endpoint::parse(&format!("http://{addr}")).unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let reader = Arc::new(std::sync::Mutex::new((Vec::new(), String::new())));
    runtime.spawn(reads_everything(addr, Arc::clone(&reader)));
    let warm = request(&endpoint, "GET", "/v1/agenda", None, None).unwrap();
    assert_eq!(warm.status, 200);
    std::thread::sleep(SECOND);
    let quiet = kernel_tcp_memory();

    let stop = Arc::new(AtomicBool::new(false));
    let open = Arc::new(AtomicUsize::new(0));
    let lasted = Arc::new(std::sync::Mutex::new(Vec::new()));
    for i in 0..VIEWERS {
        // Ten loopback addresses: fewer than 256 connections from each.
        let from = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2 + (i % 10) as u8));
        runtime.spawn(never_reads(
            addr,
            from,
            Arc::clone(&stop),
            Arc::clone(&open),
            Arc::clone(&lasted),
        ));
    }
    wait_until(20 * SECOND, "every viewer to be connected", || {
        open.load(Ordering::SeqCst) >= VIEWERS
    });

    // The producer cues 5 messages a second for 60 s; the kernel's TCP
    // memory is looked at between them.
    let started = Instant::now();
    let mut answered = Vec::new();
    let mut peak = quiet;
    for i in 0..SECONDS * PER_SECOND {
        let due = started + Duration::from_millis(i * 1000 / PER_SECOND);
        std::thread::sleep(due.saturating_duration_since(Instant::now()));
        let body = format!("{{\"text\": \"cue {i}\"}}");
        let sent = Instant::now();
        let r = request(
            &endpoint,
            "POST",
            "/v1/control/message",
            Some(TOKEN),
            Some(body.as_bytes()),
        )
        .unwrap();
        answered.push(sent.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(r.status, 200, "{}", r.body);
        peak = peak.max(kernel_tcp_memory());
    }
    let still_open = open.load(Ordering::SeqCst);
    let journalled = (SECONDS * PER_SECOND) as usize;
    wait_until(
        2 * SECOND,
        "the reading page to see the last message",
        || reader.lock().unwrap().0.last() == Some(&journalled),
    );
    stop.store(true, Ordering::SeqCst);
    runtime.shutdown_timeout(5 * SECOND);
    answered.sort_by(f64::total_cmp);
    let p99 = percentile(&answered, 99.0);
    let mut lasted = lasted.lock().unwrap().clone();
    lasted.sort();
    let (ids, states) = reader.lock().unwrap().clone();
    let growth_mib = (peak.saturating_sub(quiet)) as f64 / 1024.0 / 1024.0;
    println!(
        "{VIEWERS} viewers that never read, {PER_SECOND} messages a second for {SECONDS} s: \
         kernel TCP memory {:.1} MiB quiet, +{growth_mib:.1} MiB at the most; \
         control POST p50 {:.2} ms, p99 {p99:.2} ms, max {:.2} ms; \
         {} viewers dropped, after {:.1} to {:.1} s (median {:.1} s); {still_open} connected at the end; \
         the reading page saw {} states",
        quiet as f64 / 1024.0 / 1024.0,
        percentile(&answered, 50.0),
        answered.last().unwrap(),
        lasted.len(),
        lasted.first().map_or(0.0, Duration::as_secs_f64),
        lasted.last().map_or(0.0, Duration::as_secs_f64),
        lasted
            .get(lasted.len() / 2)
            .map_or(0.0, Duration::as_secs_f64),
        ids.len(),
    );
    assert!(
        growth_mib < 64.0,
        "kernel TCP memory grew {growth_mib:.1} MiB"
    );
    assert!(p99 < 100.0, "control POST p99 {p99:.2} ms");
    // Every viewer was dropped once its bytes had waited 15 s, not after
    // megabytes: the server can tell bytes wait once the client's window
    // stops growing (its first tick, a second in), and looks twice a second;
    // a crowd coming back at once adds some.
    assert!(lasted.len() >= VIEWERS, "only {} dropped", lasted.len());
    let (first, last) = (lasted[0], lasted[lasted.len() - 1]);
    assert!(
        first >= 15 * SECOND && last <= 20 * SECOND,
        "dropped after {first:?} to {last:?}"
    );
    // The page that reads saw every message, in order.
    let wanted: Vec<usize> = (1..=journalled).collect();
    // (A planned boundary sends the same state id again.)
    let mut after_first: Vec<usize> = ids.iter().copied().filter(|&id| id >= 1).collect();
    after_first.dedup();
    assert_eq!(after_first, wanted, "the reading page missed states");
    assert!(states.contains(&format!("cue {}", journalled - 1)));
}
