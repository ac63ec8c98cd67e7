//! The show as it runs: the operator's journal and the pure engine that turns
//! (agenda, journal, now) into the state every view draws.

mod clock;
mod engine;
mod journal;
mod session;
mod timeline;

pub use clock::{ShowClock, SimulatedClock};
pub use engine::{Current, Next, Phase, ShowLog, Snapshot};
pub use journal::{
    ACTION_NAMES, Action, Entry, JournalFile, JournalWriter, live_journal, parse_journal,
    parse_journal_file, read_journal, read_journal_file, rehearsal_journal,
};
pub use session::{ActError, Session};
pub use timeline::{SegmentActual, actuals};
