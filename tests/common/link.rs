//! A TCP proxy between an instance and its broker, to make the network
//! between them as bad as a test needs: a delay in each direction, stalls
//! at random, or cut altogether (every connection closed and new ones
//! refused) and mended again.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Link {
    pub port: u16,
    state: Arc<State>,
}

struct State {
    cut: AtomicBool,
    /// Each direction's delay, in milliseconds.
    delay_ms: AtomicU64,
    /// Stall every byte until this instant.
    stalled_until: Mutex<Option<Instant>>,
    open: Mutex<Vec<TcpStream>>,
    stop: AtomicBool,
}

impl Link {
    /// Forwards 127.0.0.1:port (a port of its own) to 127.0.0.1:`upstream`.
    pub fn new(upstream: u16) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(State {
            cut: AtomicBool::new(false),
            delay_ms: AtomicU64::new(0),
            stalled_until: Mutex::new(None),
            open: Mutex::new(Vec::new()),
            stop: AtomicBool::new(false),
        });
        let shared = Arc::clone(&state);
        std::thread::spawn(move || {
            for client in listener.incoming() {
                if shared.stop.load(Ordering::SeqCst) {
                    return;
                }
                let Ok(client) = client else { continue };
                if shared.cut.load(Ordering::SeqCst) {
                    drop(client);
                    continue;
                }
                let Ok(server) = TcpStream::connect(("127.0.0.1", upstream)) else {
                    continue;
                };
                let _ = client.set_nodelay(true);
                let _ = server.set_nodelay(true);
                {
                    let mut open = shared.open.lock().unwrap();
                    open.push(client.try_clone().unwrap());
                    open.push(server.try_clone().unwrap());
                }
                for (from, to) in [
                    (client.try_clone().unwrap(), server.try_clone().unwrap()),
                    (server, client),
                ] {
                    let shared = Arc::clone(&shared);
                    std::thread::spawn(move || pump(from, to, &shared));
                }
            }
        });
        Self { port, state }
    }

    pub fn url(&self, show: &str) -> String {
        format!("nats://127.0.0.1:{}/{show}", self.port)
    }

    /// Closes every connection and refuses new ones, until [`Link::mend`].
    pub fn cut(&self) {
        self.state.cut.store(true, Ordering::SeqCst);
        for stream in self.state.open.lock().unwrap().drain(..) {
            let _ = stream.shutdown(Shutdown::Both);
        }
    }

    pub fn mend(&self) {
        self.state.cut.store(false, Ordering::SeqCst);
    }

    pub fn set_delay(&self, delay: Duration) {
        self.state
            .delay_ms
            .store(delay.as_millis() as u64, Ordering::SeqCst);
    }

    /// Holds every byte for `stall` from now.
    pub fn stall(&self, stall: Duration) {
        *self.state.stalled_until.lock().unwrap() = Some(Instant::now() + stall);
    }
}

impl Drop for Link {
    fn drop(&mut self) {
        self.state.stop.store(true, Ordering::SeqCst);
        self.cut();
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// Copies `from` to `to`, each chunk held for the delay (and any stall).
fn pump(mut from: TcpStream, mut to: TcpStream, state: &State) {
    let mut buffer = [0u8; 16 * 1024];
    loop {
        let read = match from.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let delay = state.delay_ms.load(Ordering::SeqCst);
        if delay > 0 {
            std::thread::sleep(Duration::from_millis(delay));
        }
        loop {
            let until = *state.stalled_until.lock().unwrap();
            match until {
                Some(until) if Instant::now() < until => std::thread::sleep(until - Instant::now()),
                _ => break,
            }
        }
        if state.cut.load(Ordering::SeqCst) || to.write_all(&buffer[..read]).is_err() {
            break;
        }
    }
    let _ = to.shutdown(Shutdown::Both);
    let _ = from.shutdown(Shutdown::Both);
}
