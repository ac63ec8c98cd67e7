//! Headless outputs: `check`'s summary, `status` (text and JSON) and the
//! after-show `report`. All are pure functions returning text.

mod after;
mod check;
mod state;
mod status;

pub use after::{ReportFormat, after_show};
pub use check::summary;
pub use state::{StateDocument, speaker_names, utc};
pub use status::status_text;
