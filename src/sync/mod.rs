//! One show on many machines (`--sync nats://HOST/SHOW`): the journal
//! shared on a NATS JetStream stream, so that every instance, wherever it
//! is, appends to one history and shows the same state, and no machine is
//! the one the show depends on.
//!
//! - The stream `SHOWCLOCK_<SHOW>` holds the agenda (`showclock.<SHOW>.agenda`,
//!   its TOML text), then every action (`showclock.<SHOW>.action`, a journal
//!   line), and for a rehearsal its simulated clock (`.clock`). A rehearsal
//!   has a stream of its own (`..._REHEARSAL`).
//! - Each instance keeps the show in its local journal file, written and
//!   fsynced before anything else (offline first), and appends its actions
//!   to the stream one at a time, each with the stream's last sequence
//!   expected (so no two instances append on different premises) and its id
//!   as `Nats-Msg-Id` (so an append retried after a lost acknowledgement is
//!   stored once). See `ledger.rs` for what happens when two instances race.

mod address;
pub(crate) mod broker;
mod commands;
mod ledger;
mod link;
mod open;

pub use address::{BOARD_SUBJECT, ShowAddress, ShowsAddress};
pub use broker::{BrokerOptions, DUPLICATE_WINDOW};
pub use commands::{journal_check, report, status};
pub use ledger::{Ledger, SetAside, Step, admit, admitted, describe};
pub use link::{MAX_CLOCK_OFFSET, Shared, SyncStatus};
pub use open::{StreamShow, open, read_show, serve};
