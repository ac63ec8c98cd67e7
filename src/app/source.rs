//! Where the show comes from: this instance (its hub, perhaps served to
//! followers), or a serving instance elsewhere (a follower's mirror).

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::mpsc::Sender;

use chrono::{DateTime, Utc};

use super::Wake;
use crate::net::{Access, Follower, Hub, LinkState, ServeOptions, ServerHandle, start_server};
use crate::show::{ActError, Action, Session, ShowClock};
use crate::ui::Link;

/// This instance serving its show over HTTP.
pub struct Sharing {
    pub server: ServerHandle,
    pub addr: SocketAddr,
    pub access: Access,
    pub options: ServeOptions,
    /// What the serving screen says: where, and with which token.
    pub banner: String,
}

// One per screen, made once: the size of a variant costs nothing.
#[allow(clippy::large_enum_variant)]
pub enum Source {
    Local {
        hub: Arc<Hub>,
        sharing: Option<Sharing>,
        /// The link of a synced show (`--sync`).
        sync: Option<Arc<crate::sync::Shared>>,
    },
    Follow(Follower),
}

/// What an action came to.
pub enum Acted {
    Done,
    /// Sent to the server; its outcome comes back as a wake-up.
    Sent,
    Refused(String),
    /// The journal could not be written (a full disk): refused, and the
    /// journal left as it was; the next action tries again.
    NotWritten(String),
}

impl Source {
    /// Reads the show (none yet for a follower that never connected) and the
    /// link, if following.
    pub fn read<R>(&self, read: impl FnOnce(Option<&Session>, Option<Link>) -> R) -> R {
        match self {
            Self::Local { hub, .. } => hub.with(|session| read(Some(session), None)),
            Self::Follow(follower) => {
                let read_only = follower.read_only();
                follower.with(|mirror, status| {
                    let wall_now = Utc::now();
                    let last_update = status.last_update.map(|at| {
                        wall_now - chrono::TimeDelta::from_std(at.elapsed()).unwrap_or_default()
                    });
                    let link = Link {
                        connected: status.state == LinkState::Connected,
                        last_update,
                        read_only,
                    };
                    read(mirror, Some(link))
                })
            }
        }
    }

    /// The clock the show runs on, and the real time to read it at: a
    /// follower counts on the server's clock (perhaps a rehearsal's), with
    /// the server's real time estimated from its heartbeats.
    pub fn clock(&self, local: ShowClock, real: DateTime<Utc>) -> (ShowClock, DateTime<Utc>) {
        match self {
            Self::Local { .. } => (local, real),
            Self::Follow(follower) => (follower.show_clock(), real + follower.clock_offset()),
        }
    }

    pub fn act(&self, action: Action, now: DateTime<Utc>, wake: &Sender<Wake>) -> Acted {
        match self {
            Self::Local { hub, .. } => match hub.act(action, now) {
                Ok(_) => Acted::Done,
                Err(e @ ActError::Journal(_)) => Acted::NotWritten(e.to_string()),
                Err(e) => Acted::Refused(e.to_string()),
            },
            Self::Follow(follower) if follower.read_only() => Acted::Refused(
                "read-only: this follower has no token (showclock follow URL --token TOKEN)".into(),
            ),
            Self::Follow(follower) => {
                let wake = wake.clone();
                follower.post_in_background(action, move |outcome| {
                    if let Err(e) = outcome {
                        let _ = wake.send(Wake::Refused(e.to_string()));
                    }
                });
                Acted::Sent
            }
        }
    }

    /// Wakes the loop whenever anyone else (a network client) acts.
    pub fn watch(&self, wake: Sender<Wake>) {
        if let Self::Local { hub, .. } = self {
            let _ = hub.watch(move |_| {
                let _ = wake.send(Wake::Changed);
            });
        }
    }

    /// Swaps in another show (a rehearsal), serving it where the old one was.
    pub fn replace_hub(&mut self, new_hub: Arc<Hub>) -> Result<(), String> {
        let Self::Local { hub, sharing, sync } = self else {
            return Err(crate::t!(
                crate::i18n::terminal(),
                "notice-follower-no-rehearsal"
            ));
        };
        if sync.is_some() {
            return Err(crate::t!(
                crate::i18n::terminal(),
                "notice-synced-rehearsal"
            ));
        }
        *hub = new_hub;
        if let Some(old) = sharing.take() {
            let Sharing {
                server,
                addr,
                access,
                options,
                banner,
            } = old;
            server.stop();
            let server = start_server(Arc::clone(hub), addr, access.clone(), options.clone())?;
            *sharing = Some(Sharing {
                server,
                addr,
                access,
                options,
                banner,
            });
        }
        Ok(())
    }

    /// A synced show's link, as of now.
    pub fn sync_status(&self) -> Option<crate::sync::SyncStatus> {
        match self {
            Self::Local {
                hub,
                sync: Some(shared),
                ..
            } => Some(hub.with(|session| shared.snapshot(session.entries()))),
            _ => None,
        }
    }

    /// For a follower: the server's address, and why the link is down.
    pub fn connection(&self) -> Option<(String, Option<String>)> {
        match self {
            Self::Follow(follower) => Some((follower.endpoint().url(), follower.link().problem)),
            Self::Local { .. } => None,
        }
    }

    /// The links to the browser screens of the show this screen shares,
    /// and the speaker page's QR code, as lines.
    pub fn links(&self) -> Option<Vec<String>> {
        match self {
            Self::Local {
                sharing: Some(sharing),
                ..
            } => Some(crate::net::links_lines(
                crate::i18n::terminal(),
                &sharing.server.reachable_url(),
                &sharing.access.control_token,
                sharing.access.view_token.as_deref(),
            )),
            _ => None,
        }
    }

    /// Who follows this instance's shared show, oldest first.
    pub fn watchers(&self) -> Option<Vec<crate::ui::Watcher>> {
        match self {
            Self::Local {
                sharing: Some(sharing),
                ..
            } => Some(
                sharing
                    .server
                    .followers()
                    .into_iter()
                    .map(|f| crate::ui::Watcher {
                        address: f.client.to_string(),
                        control: f.role == crate::net::Role::Controller,
                        since: f.since,
                    })
                    .collect(),
            ),
            _ => None,
        }
    }

    pub fn sharing_banner(&self) -> Option<&str> {
        match self {
            Self::Local {
                sharing: Some(sharing),
                ..
            } => Some(&sharing.banner),
            _ => None,
        }
    }
}
