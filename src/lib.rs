//! showclock: the clock for a live session, right in every time zone.
//!
//! `agenda` reads what the show is planned to be; `show` is the pure engine
//! that says what it is at an instant; `report` turns that into text for
//! people and JSON for machines; `rundown` reads a producer's spreadsheet
//! into an agenda and writes the agenda out as a sheet, invitations and a
//! run-of-show.

pub mod agenda;
pub mod app;
pub mod board;
pub mod cli;
pub mod i18n;
pub mod net;
pub mod osc;
pub mod report;
pub mod rundown;
pub mod show;
pub mod sync;
pub mod text;
pub mod timefmt;
pub mod ui;
