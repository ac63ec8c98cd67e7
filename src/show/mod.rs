//! The show as it runs: the operator's journal and the pure engine that turns
//! (agenda, journal, now) into the state every view draws.

mod clock;
mod engine;
mod journal;
mod lock;
mod repair;
mod session;
mod timeline;
mod urgency;

pub use clock::{ShowClock, SimulatedClock};
pub use engine::{Cue, Current, Next, Phase, ShowLog, Signals, Snapshot, Target};
pub use journal::{
    ACTION_NAMES, Action, Audience, Entry, Examination, JournalFile, JournalWriter, MAX_ID_LEN,
    RawLine, check_id, examine, live_journal, parse_entry, parse_journal, parse_journal_file,
    raw_lines, read_journal, read_journal_file, rehearsal_journal, same_person, set_aside_journal,
    sync_folder,
};
pub use lock::JournalLock;
pub use repair::{Repaired, examine_file, repair};
pub use session::{ActError, FileStore, JournalStore, Recorded, Session};
pub use timeline::{SegmentActual, SegmentOutlook, SegmentRun, actuals, outlook, runs};
pub use urgency::Urgency;
