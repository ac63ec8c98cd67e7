//! The full-screen app (moderator view).

use crate::cli::{Reported, RunArgs};

pub fn run(args: RunArgs) -> Result<(), Reported> {
    crate::cli::check(&args.agenda)
}
