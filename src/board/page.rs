//! The board in a browser: what a serving instance's `/board` page and
//! `GET /v1/board` serve (the server knows the board only as a
//! [`crate::net::Overview`]), and which rooms a serving instance's board
//! has: with `--sync nats://HOST/SHOW`, every show of SHOW's group on that
//! broker (the part of SHOW up to its last `.`; without a dot, every show on
//! the broker), and every `--board URL`.

use std::sync::Arc;

use bytes::Bytes;
use chrono::{DateTime, Utc};

use super::{Board, Credentials, Order, Source};
use crate::cli::{Reported, RunArgs};
use crate::net::{BoardOrder, Overview};
use crate::sync::{ShowAddress, ShowsAddress};

impl std::fmt::Debug for Board {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Board")
            .field("servers", &self.servers.len())
            .field("brokers", &self.tasks.len())
            .finish_non_exhaustive()
    }
}

impl Overview for Board {
    fn document(&self, order: BoardOrder, now: DateTime<Utc>) -> Bytes {
        let order = match order {
            BoardOrder::Attention => Order::Attention,
            BoardOrder::Room => Order::Room,
        };
        // One document for every page, whatever its language: rooms in
        // order of their names as English (else their first text) gives them.
        let view = self.view(order, crate::i18n::english(), now);
        let mut json = serde_json::to_vec(&view).unwrap_or_else(|e| {
            serde_json::to_vec(
                &serde_json::json!({ "error": format!("cannot write the board: {e}") }),
            )
            .unwrap_or_default()
        });
        json.push(b'\n');
        Bytes::from(json)
    }

    fn on_change(&self, notify: Box<dyn Fn() + Send + Sync>) {
        Board::on_change(self, notify);
    }
}

/// The group a synced show is in on its broker: `nats://HOST/conference.room-a`
/// is in `nats://HOST/conference.`; a show without a dot in its name is in
/// the broker's one group of every show.
pub fn group_of(show: &ShowAddress) -> ShowsAddress {
    let prefix = show
        .show
        .rfind('.')
        .map_or_else(String::new, |dot| show.show[..=dot].to_string());
    ShowsAddress {
        tls: show.tls,
        host: show.host.clone(),
        port: show.port,
        prefix,
        rehearsal: false,
    }
}

/// The rooms of a serving instance's board: the synced show's group, then
/// every `--board` source (each once).
pub fn sources_for(sync: Option<&str>, boards: &[String]) -> Result<Vec<Source>, String> {
    let mut sources = Vec::new();
    if let Some(sync) = sync {
        let show = ShowAddress::parse(sync).map_err(|e| format!("--sync: {e}"))?;
        sources.push(Source::Broker(group_of(&show)));
    }
    for board in boards {
        let source = Source::parse(board.trim()).map_err(|e| format!("--board: {e}"))?;
        if !sources.contains(&source) {
            sources.push(source);
        }
    }
    Ok(sources)
}

/// The board `args` ask a serving instance to serve at `/board`: none
/// without `--sync` or `--board`. The brokers are reached with the sync
/// flags' credentials, the served shows with `--board-token`; a rehearsal
/// that is synced watches the shows' rehearsals.
pub fn for_sharing(args: &RunArgs) -> Result<Option<Arc<dyn Overview>>, String> {
    let sources = sources_for(args.sync.sync.as_deref(), &args.reach.board)?;
    if sources.is_empty() {
        return Ok(None);
    }
    let credentials = Credentials {
        token: args.reach.board_token.clone(),
        nats_creds: args.sync.nats_creds.clone(),
        ca_cert: args.sync.ca_cert.clone(),
        rehearsal: (args.rehearse || args.at.is_some() || args.speed.is_some())
            && args.sync.sync.is_some(),
    };
    let board = Board::watch(&sources, credentials).map_err(|e| format!("the board: {e}"))?;
    Ok(Some(Arc::new(board)))
}

/// `args` with the board they ask for, to be served once sharing starts
/// (`showclock serve`); a source that can never work is an error.
pub fn share_board(mut args: RunArgs) -> Result<RunArgs, Reported> {
    if args.share.is_some() {
        args.reach.overview = for_sharing(&args).map_err(|message| {
            eprintln!("error: {message}");
            Reported
        })?;
    }
    Ok(args)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn broker(text: &str) -> Source {
        Source::parse(text).unwrap()
    }

    #[test]
    fn a_synced_show_brings_its_group_and_the_board_urls_come_after_once() {
        assert_eq!(
            sources_for(Some("nats://127.0.0.1:4222/conference-2026.room-a"), &[]).unwrap(),
            [broker("nats://127.0.0.1:4222/conference-2026.")]
        );
        // No dot: every show on the broker.
        assert_eq!(
            sources_for(Some("tls://broker.example.org/dialogue"), &[]).unwrap(),
            [broker("tls://broker.example.org/")]
        );
        let boards = [
            "nats://127.0.0.1:4222/conference-2026.".to_string(),
            "http://127.0.0.1:8080".to_string(),
            "nats://other.example.org/".to_string(),
        ];
        assert_eq!(
            sources_for(
                Some("nats://127.0.0.1:4222/conference-2026.room-a"),
                &boards
            )
            .unwrap(),
            [
                broker("nats://127.0.0.1:4222/conference-2026."),
                Source::Server("http://127.0.0.1:8080".into()),
                broker("nats://other.example.org/"),
            ]
        );
        assert!(sources_for(None, &[]).unwrap().is_empty());
        let wrong = sources_for(None, &["ftp://x".to_string()]).unwrap_err();
        assert!(wrong.starts_with("--board: "), "{wrong}");
    }

    #[test]
    fn the_document_is_the_board_view_on_one_line() {
        let board = Board::watch(&[], Credentials::default()).unwrap();
        let now: DateTime<Utc> = "2030-01-01T09:00:00Z".parse().unwrap();
        let json = board.document(BoardOrder::Room, now);
        assert_eq!(json.iter().filter(|&&b| b == b'\n').count(), 1);
        assert!(json.ends_with(b"\n"));
        let value: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(value["order"], "room");
        assert_eq!(value["now"], "2030-01-01T09:00:00Z");
        assert_eq!(value["rooms"], serde_json::json!([]));
    }
}
