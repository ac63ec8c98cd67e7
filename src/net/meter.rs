//! What a connection has sent that its client has not taken yet.
//!
//! A viewer that never reads leaves bytes queued in the kernel: in this
//! server's send buffer, and (the part that grows) in the client's receive
//! buffer, which its kernel acknowledges at once. The kernel's view of the
//! socket tells both apart (`TCP_INFO`): bytes not yet acknowledged, and
//! the client's receive window, which shrinks by what arrives and opens
//! again by what its reader takes. So every byte written is noted with the
//! instant it was written, and a connection knows how much its client has
//! not taken and since when the oldest of it has waited. Streams hold
//! their next event back while [`MAX_UNREAD`] is not taken, and a stream
//! whose oldest byte has waited [`super::STALL_TIMEOUT`] is dropped.
//!
//! Where `TCP_INFO` is not there (not Linux), only what the kernel would
//! not take counts: a write that stays blocked.

use std::collections::VecDeque;
use std::io::IoSlice;
use std::pin::Pin;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

/// A stream sends its next event (a `state`, an entry, a piece of the
/// hello) only while its client has less than this not yet taken.
/// Heartbeats and ticks still go: each brings back the client's window,
/// which says how much it has taken.
pub const MAX_UNREAD: u64 = 16 * 1024;
/// The send buffer asked of the kernel for each connection (`SO_SNDBUF`;
/// Linux doubles it for its bookkeeping), so that no client can make the
/// kernel queue megabytes for it.
pub const SEND_BUFFER: usize = 64 * 1024;
/// Writes kept apart for timing; more are merged into the newest.
const KEPT_WRITES: usize = 64;

/// The pauses between looks at whether a stream held back can go on:
/// short at first, then longer, so a crowd that never reads costs little.
pub struct Recheck(Duration);

impl Recheck {
    const FIRST: Duration = Duration::from_millis(10);
    const LONGEST: Duration = Duration::from_millis(320);

    pub fn new() -> Self {
        Self(Self::FIRST)
    }

    /// Waits the next pause, each twice the one before.
    pub async fn pause(&mut self) {
        tokio::time::sleep(self.0).await;
        self.0 = (self.0 * 2).min(Self::LONGEST);
    }

    /// The client took what it was sent: short pauses again next time.
    pub fn reset(&mut self) {
        self.0 = Self::FIRST;
    }
}

/// The bytes of one connection: written, and taken by the client.
#[derive(Default)]
pub struct Meter {
    state: Mutex<State>,
    /// The socket, while it is open (-1 after).
    fd: AtomicI32,
    /// Close with a reset: what is queued for the client is thrown away
    /// at once rather than kept while the kernel tries to deliver it.
    abort: AtomicBool,
}

#[derive(Default)]
struct State {
    written: u64,
    /// Writes not yet known to be taken: the offset just past each, and
    /// when it was written. Oldest first.
    waiting: VecDeque<(u64, Instant)>,
    /// The widest receive window the client has advertised: its window
    /// with nothing of ours unread.
    widest: u64,
    /// Since when the kernel has refused a write (its buffer is full).
    blocked: Option<Instant>,
}

/// The kernel's view of the connection.
#[derive(Debug, Clone, Copy)]
struct Peer {
    /// Bytes the client's kernel acknowledged.
    acked: u64,
    /// The client's receive window now.
    window: u64,
    /// The window's unit: an estimate is off by at most one.
    unit: u64,
}

/// What a connection's client has not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backlog {
    pub unread: u64,
    /// How long the oldest byte not taken has waited.
    pub oldest: Duration,
}

impl Meter {
    pub fn new() -> Self {
        Self {
            fd: AtomicI32::new(-1),
            ..Self::default()
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn wrote(&self, bytes: usize) {
        let mut state = self.state();
        state.written += bytes as u64;
        state.blocked = None;
        let end = state.written;
        if state.waiting.len() >= KEPT_WRITES
            && let Some(last) = state.waiting.back_mut()
        {
            last.0 = end;
        } else {
            state.waiting.push_back((end, Instant::now()));
        }
    }

    fn blocked(&self) {
        self.state().blocked.get_or_insert_with(Instant::now);
    }

    /// What the client has not taken, asking the kernel now.
    pub fn backlog(&self) -> Backlog {
        let peer = peer(self.fd.load(Ordering::SeqCst));
        self.backlog_with(peer, Instant::now())
    }

    fn backlog_with(&self, peer: Option<Peer>, now: Instant) -> Backlog {
        let mut state = self.state();
        let taken = match peer {
            Some(peer) => {
                state.widest = state.widest.max(peer.window);
                let unread = (state.widest - peer.window).saturating_sub(peer.unit);
                peer.acked.saturating_sub(unread).min(state.written)
            }
            None => state.written,
        };
        while state.waiting.front().is_some_and(|&(end, _)| end <= taken) {
            state.waiting.pop_front();
        }
        let since = [state.waiting.front().map(|&(_, at)| at), state.blocked]
            .into_iter()
            .flatten()
            .min();
        Backlog {
            unread: state.written - taken,
            oldest: since.map_or(Duration::ZERO, |at| now.saturating_duration_since(at)),
        }
    }

    /// The connection is to be closed with a reset (a client that stopped
    /// reading: nothing queued for it is worth delivering).
    pub fn abort(&self) {
        self.abort.store(true, Ordering::SeqCst);
    }
}

#[cfg(target_os = "linux")]
fn peer(fd: i32) -> Option<Peer> {
    if fd < 0 {
        return None;
    }
    // SAFETY: tcp_info is plain data; getsockopt writes at most `length`
    // bytes into it and says how many. `fd` is the open socket of a live
    // connection (cleared before the socket closes).
    let mut info: libc::tcp_info = unsafe { std::mem::zeroed() };
    let mut length = std::mem::size_of::<libc::tcp_info>() as libc::socklen_t;
    let got = unsafe {
        libc::getsockopt(
            fd,
            libc::IPPROTO_TCP,
            libc::TCP_INFO,
            (&raw mut info).cast(),
            &mut length,
        )
    };
    // Kernels before 5.4 do not report the window: no estimate then.
    let needed = std::mem::offset_of!(libc::tcp_info, tcpi_snd_wnd) + 4;
    if got != 0 || (length as usize) < needed {
        return None;
    }
    Some(Peer {
        acked: info.tcpi_bytes_acked,
        window: u64::from(info.tcpi_snd_wnd),
        unit: 1u64 << u32::from(info.tcpi_snd_rcv_wscale & 0x0f),
    })
}

#[cfg(not(target_os = "linux"))]
fn peer(_fd: i32) -> Option<Peer> {
    None
}

/// A connection's socket as hyper reads and writes it, each write noted on
/// the connection's [`Meter`].
pub struct Metered {
    stream: TcpStream,
    connection: std::sync::Arc<super::limits::Connection>,
}

impl Metered {
    /// Bounds the socket's send buffer and meters what is written to it.
    pub fn new(stream: TcpStream, connection: std::sync::Arc<super::limits::Connection>) -> Self {
        let _ = socket2::SockRef::from(&stream).set_send_buffer_size(SEND_BUFFER);
        #[cfg(unix)]
        connection
            .meter
            .fd
            .store(std::os::fd::AsRawFd::as_raw_fd(&stream), Ordering::SeqCst);
        Self { stream, connection }
    }

    fn noted(&self, written: Poll<std::io::Result<usize>>) -> Poll<std::io::Result<usize>> {
        match &written {
            Poll::Ready(Ok(bytes)) => self.connection.meter.wrote(*bytes),
            Poll::Pending => self.connection.meter.blocked(),
            Poll::Ready(Err(_)) => {}
        }
        written
    }
}

impl Drop for Metered {
    fn drop(&mut self) {
        let meter = &self.connection.meter;
        meter.fd.store(-1, Ordering::SeqCst);
        if meter.abort.load(Ordering::SeqCst) {
            let _ = socket2::SockRef::from(&self.stream).set_linger(Some(Duration::ZERO));
        }
    }
}

impl AsyncRead for Metered {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Metered {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let written = Pin::new(&mut self.stream).poll_write(cx, buf);
        self.noted(written)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let written = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        self.noted(written)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn peer(acked: u64, window: u64) -> Option<Peer> {
        Some(Peer {
            acked,
            window,
            unit: 128,
        })
    }

    #[test]
    fn a_client_that_reads_takes_everything_and_one_that_does_not_ages() {
        let meter = Meter::new();
        let start = Instant::now();
        meter.wrote(1000);
        meter.wrote(500);
        // Acknowledged and read: the window is as wide as ever.
        let backlog = meter.backlog_with(peer(1500, 65536), start);
        assert_eq!(backlog.unread, 0);
        assert_eq!(backlog.oldest, Duration::ZERO);
        // Acknowledged but not read: the window shrank by what arrived.
        meter.wrote(4000);
        let later = start + Duration::from_secs(3);
        let backlog = meter.backlog_with(peer(5500, 65536 - 4000), later);
        assert_eq!(backlog.unread, 4000 - 128, "within one unit of the window");
        assert!(backlog.oldest >= Duration::from_secs(2), "{backlog:?}");
        // Not even acknowledged: all of it waits.
        let backlog = meter.backlog_with(peer(1500, 65536), later);
        assert_eq!(backlog.unread, 4000);
        // The reader took it: the window opened again.
        let backlog = meter.backlog_with(peer(5500, 65536), later);
        assert_eq!(
            backlog,
            Backlog {
                unread: 0,
                oldest: Duration::ZERO
            }
        );
    }

    #[test]
    fn without_the_kernels_view_a_blocked_write_is_what_waits() {
        let meter = Meter::new();
        let start = Instant::now();
        meter.wrote(100);
        assert_eq!(meter.backlog_with(None, start).unread, 0);
        meter.blocked();
        let backlog = meter.backlog_with(None, start + Duration::from_secs(20));
        assert!(backlog.oldest >= Duration::from_secs(19), "{backlog:?}");
        meter.wrote(10);
        assert_eq!(
            meter.backlog_with(None, Instant::now()).oldest,
            Duration::ZERO
        );
    }

    #[test]
    fn many_writes_are_merged_keeping_the_oldest_time() {
        let meter = Meter::new();
        let start = Instant::now();
        for _ in 0..1000 {
            meter.wrote(10);
        }
        assert_eq!(meter.state().waiting.len(), KEPT_WRITES);
        let backlog = meter.backlog_with(peer(0, 65536), start + Duration::from_secs(16));
        assert_eq!(backlog.unread, 10_000);
        assert!(backlog.oldest >= Duration::from_secs(15));
    }
}
