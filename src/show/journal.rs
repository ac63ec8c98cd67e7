//! The journal: operator actions as JSON Lines, appended and fsynced one by
//! one. The screen, `status`, `report`, crash recovery and followers all
//! replay the same entries.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::agenda::{Diagnostic, Severity};

/// One operator action at an instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub at: DateTime<Utc>,
    #[serde(flatten)]
    pub action: Action,
    /// Names the action wherever it travels (an `Idempotency-Key`, a NATS
    /// `Nats-Msg-Id`), so that an action sent twice is recorded once.
    /// Entries made with no one to retry them have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

impl Entry {
    /// An action at an instant, with no id.
    pub fn new(at: DateTime<Utc>, action: Action) -> Self {
        Self {
            at,
            action,
            id: None,
        }
    }
}

/// The longest action id: a UUID, a NATS NUID or a client's own key fit.
pub const MAX_ID_LEN: usize = 64;

/// Whether `id` may name an action: 1 to [`MAX_ID_LEN`] ASCII letters,
/// digits and `-_.:`, so that it travels in any header and any file.
pub fn check_id(id: &str) -> Result<(), String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-_.:".contains(c);
    if id.is_empty() || id.len() > MAX_ID_LEN || !id.chars().all(allowed) {
        return Err(format!(
            "an action id must be 1 to {MAX_ID_LEN} letters, digits or - _ . : (got {:?})",
            crate::text::inert(&id.chars().take(MAX_ID_LEN + 1).collect::<String>())
        ));
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    /// Cue the scheduled segment now (the first before the show, the coming one in a gap).
    Start,
    /// End the current segment now and cue the following one.
    Next,
    /// Undo the latest cue.
    Prev,
    /// Cue segment `index` (from 0) now.
    Goto {
        index: usize,
    },
    /// Add (or, negative, remove) seconds from the current segment's allotment.
    Extend {
        seconds: i64,
    },
    /// A text for the moderator's screen, the speakers' pages or both.
    Message {
        text: String,
        /// Who sees it; a line without one (as every journal before
        /// audiences had) is for the moderator.
        #[serde(default, skip_serializing_if = "Audience::is_moderator")]
        audience: Audience,
    },
    ClearMessage,
    /// The show is over.
    End,
    /// Every screen flashes for 3 seconds ("wrap up now", without words).
    Flash,
    /// Speakers' screens go dark (during a video, say).
    Blackout,
    /// Speakers' screens come back.
    Unblackout,
}

/// Who a message is for. The producer's views show every message, with
/// whom it is for; the others show only their own.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum Audience {
    /// The moderator's screen (the default: a note such as "skip Zhe, he
    /// lost audio" must not reach Zhe).
    #[default]
    Moderator,
    /// Every speaker's page, named pages included.
    Speakers,
    /// One speaker's own page (`/speaker?name=…`), by name as the agenda
    /// writes it (matched without regard to case).
    Speaker(String),
    /// The moderator's screen and every speaker's page.
    Everyone,
}

impl Audience {
    pub fn is_moderator(&self) -> bool {
        *self == Self::Moderator
    }

    /// Whether the moderator's screen shows it.
    pub fn reaches_moderator(&self) -> bool {
        matches!(self, Self::Moderator | Self::Everyone)
    }

    /// Whether the page of the speaker named `name` shows it (`None`: the
    /// stage's page, for no one in particular).
    pub fn reaches_speaker(&self, name: Option<&str>) -> bool {
        match self {
            Self::Speakers | Self::Everyone => true,
            Self::Moderator => false,
            Self::Speaker(wanted) => name.is_some_and(|name| same_person(wanted, name)),
        }
    }

    /// `to the moderator`, `to Zhe WANG only`: who will see it, in words.
    pub fn words(&self) -> String {
        match self {
            Self::Moderator => "to the moderator".into(),
            Self::Speakers => "to every speaker".into(),
            Self::Speaker(name) => format!("to {} only", crate::text::inert(name)),
            Self::Everyone => "to everyone".into(),
        }
    }
}

/// Two spellings of one person's name: the same without regard to case or
/// surrounding spaces (as a speaker's page matches `?name=`).
pub fn same_person(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// How `audience` is written in the journal and the HTTP API.
impl std::fmt::Display for Audience {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Moderator => f.write_str("moderator"),
            Self::Speakers => f.write_str("speakers"),
            Self::Speaker(name) => write!(f, "speaker:{name}"),
            Self::Everyone => f.write_str("everyone"),
        }
    }
}

impl std::str::FromStr for Audience {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text.trim() {
            "moderator" => Ok(Self::Moderator),
            "speakers" => Ok(Self::Speakers),
            "everyone" => Ok(Self::Everyone),
            other => match other.strip_prefix("speaker:").map(str::trim) {
                Some(name) if !name.is_empty() => Ok(Self::Speaker(name.to_string())),
                _ => Err(format!(
                    "audience {:?} is not one of \"moderator\", \"speakers\", \"everyone\" or \"speaker:NAME\" (one speaker, by name)",
                    crate::text::inert(other)
                )),
            },
        }
    }
}

impl From<Audience> for String {
    fn from(audience: Audience) -> Self {
        audience.to_string()
    }
}

impl TryFrom<String> for Audience {
    type Error = String;

    fn try_from(text: String) -> Result<Self, String> {
        text.parse()
    }
}

pub const ACTION_NAMES: &[&str] = &[
    "start",
    "next",
    "prev",
    "goto",
    "extend",
    "message",
    "clear_message",
    "end",
    "flash",
    "blackout",
    "unblackout",
];

impl Action {
    pub fn name(&self) -> &'static str {
        match self {
            Self::Start => "start",
            Self::Next => "next",
            Self::Prev => "prev",
            Self::Goto { .. } => "goto",
            Self::Extend { .. } => "extend",
            Self::Message { .. } => "message",
            Self::ClearMessage => "clear_message",
            Self::End => "end",
            Self::Flash => "flash",
            Self::Blackout => "blackout",
            Self::Unblackout => "unblackout",
        }
    }
}

/// The live journal: next to the agenda, named after it (`show.toml` →
/// `show.jsonl`).
pub fn live_journal(agenda: &Path) -> PathBuf {
    agenda.with_extension("jsonl")
}

/// A rehearsal's journal, apart from the live one (`show.rehearsal.jsonl`).
pub fn rehearsal_journal(agenda: &Path) -> PathBuf {
    agenda.with_extension("rehearsal.jsonl")
}

/// Where a synced instance keeps the actions the shared stream went on
/// without (`show.jsonl` → `show.set-aside.jsonl`), each with why.
pub fn set_aside_journal(journal: &Path) -> PathBuf {
    let stem = journal.file_stem().unwrap_or_default().to_string_lossy();
    journal.with_file_name(format!("{stem}.set-aside.jsonl"))
}

/// The longest journal line read. An action takes well under a kilobyte (a
/// message is a few hundred characters at most), so a longer line is damage,
/// and it is never held in memory whole.
pub const LINE_LIMIT: usize = 64 * 1024;

/// A journal as read from its file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JournalFile {
    pub entries: Vec<Entry>,
    /// The line number of each entry (blank lines are skipped).
    pub lines: Vec<usize>,
    /// A last line cut short (by a crash mid-write), left out: it never
    /// counted, since an action shows only once its line is fsynced.
    pub torn: Option<Diagnostic>,
    /// Bytes up to the end of the last complete line.
    pub complete_len: usize,
}

/// One line of a journal file, as its bytes (cut at [`LINE_LIMIT`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawLine {
    /// From 1.
    pub number: usize,
    /// Without its line end.
    pub bytes: Vec<u8>,
    /// Ends with a newline (only the last line of a file may not).
    pub complete: bool,
    /// Longer than [`LINE_LIMIT`]: `bytes` holds only its start.
    pub too_long: bool,
    /// The offset just after this line in the file.
    pub end: usize,
}

/// Splits a journal into lines, never holding more than [`LINE_LIMIT`]
/// bytes of one line.
pub fn raw_lines(mut reader: impl std::io::BufRead) -> std::io::Result<Vec<RawLine>> {
    use std::io::{BufRead, Read};
    let mut lines = Vec::new();
    let mut offset = 0;
    loop {
        let mut bytes = Vec::new();
        let read = reader
            .by_ref()
            .take(LINE_LIMIT as u64 + 1)
            .read_until(b'\n', &mut bytes)?;
        if read == 0 {
            break;
        }
        offset += read;
        let mut complete = bytes.ends_with(b"\n");
        let too_long = !complete && bytes.len() > LINE_LIMIT;
        if too_long {
            bytes.truncate(LINE_LIMIT);
            // Skip the rest of the line without keeping it.
            loop {
                let available = reader.fill_buf()?;
                if available.is_empty() {
                    break;
                }
                match available.iter().position(|&b| b == b'\n') {
                    Some(at) => {
                        reader.consume(at + 1);
                        offset += at + 1;
                        complete = true;
                        break;
                    }
                    None => {
                        let skipped = available.len();
                        reader.consume(skipped);
                        offset += skipped;
                    }
                }
            }
        }
        if bytes.ends_with(b"\n") {
            bytes.pop();
            if bytes.ends_with(b"\r") {
                bytes.pop();
            }
        }
        lines.push(RawLine {
            number: lines.len() + 1,
            bytes,
            complete,
            too_long,
            end: offset,
        });
    }
    Ok(lines)
}

/// What one line holds: nothing (blank), an entry, or why it is not one.
pub fn line_entry(line: &RawLine) -> Result<Option<Entry>, String> {
    if line.too_long {
        return Err(format!(
            "the line is longer than {} KiB, which no action is: it is damaged",
            LINE_LIMIT / 1024
        ));
    }
    let text = std::str::from_utf8(&line.bytes).map_err(|e| {
        format!(
            "the line is not UTF-8 text (a damaged byte at column {}): it is damaged",
            e.valid_up_to() + 1
        )
    })?;
    if text.starts_with('\u{feff}') {
        return Err(
            "the line starts with a byte-order mark (BOM), which an editor adds: save the journal as UTF-8 without BOM"
                .into(),
        );
    }
    if text.trim().is_empty() {
        return Ok(None);
    }
    parse_entry(text).map(Some)
}

/// Reads a journal file. A file that does not exist is an empty journal.
pub fn read_journal(path: &Path) -> Result<Vec<Entry>, Vec<Diagnostic>> {
    read_journal_file(path).map(|journal| journal.entries)
}

/// Reads the lines of a journal file; a file that does not exist has none.
pub fn read_raw_lines(path: &Path) -> std::io::Result<Vec<RawLine>> {
    match File::open(path) {
        Ok(file) => raw_lines(std::io::BufReader::new(file)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

/// Reads a journal file, with line numbers and any torn last line.
pub fn read_journal_file(path: &Path) -> Result<JournalFile, Vec<Diagnostic>> {
    let file = path.display().to_string();
    let lines = read_raw_lines(path).map_err(|e| {
        vec![diagnostic(
            &file,
            1,
            format!("cannot read the journal: {e}"),
        )]
    })?;
    journal_from_lines(&file, &lines)
}

fn diagnostic(file: &str, line: usize, message: String) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        file: file.to_string(),
        line,
        column: 1,
        message,
    }
}

/// Parses JSON Lines; every bad line is reported with its number.
pub fn parse_journal(file: &str, text: &str) -> Result<Vec<Entry>, Vec<Diagnostic>> {
    parse_journal_file(file, text).map(|journal| journal.entries)
}

/// Parses JSON Lines, keeping line numbers. A last line with no newline
/// that does not parse was cut by a crash: it is left out with a warning.
pub fn parse_journal_file(file: &str, text: &str) -> Result<JournalFile, Vec<Diagnostic>> {
    let lines = raw_lines(text.as_bytes()).map_err(|e| vec![diagnostic(file, 1, e.to_string())])?;
    journal_from_lines(file, &lines)
}

/// Every line judged: the entries kept, in order, and every other line
/// with the reason it is not kept.
#[derive(Debug, Clone, Default)]
pub struct Examination {
    /// (line number, entry), in file order.
    pub kept: Vec<(usize, Entry)>,
    /// (line number, why), in file order.
    pub rejected: Vec<(usize, String)>,
    /// The last line, cut short by a crash (never counted).
    pub torn: Option<usize>,
}

/// Judges every line. Lines that parse are kept in time order: the longest
/// run of them whose times never go backwards stays (so one line whose time
/// was damaged is the one rejected, not every line after it). With an
/// agenda, an action that cannot happen in it is rejected too.
pub fn examine(lines: &[RawLine], agenda: Option<&crate::agenda::Agenda>) -> Examination {
    let mut parsed: Vec<(usize, Entry)> = Vec::new();
    let mut rejected = Vec::new();
    let mut torn = None;
    for line in lines {
        match line_entry(line) {
            Ok(None) => {}
            Ok(Some(entry)) => parsed.push((line.number, entry)),
            Err(_) if !line.complete => torn = Some(line.number),
            Err(why) => rejected.push((line.number, why)),
        }
    }
    let in_order = longest_in_time_order(&parsed);
    let mut kept: Vec<(usize, Entry)> = Vec::with_capacity(in_order.len());
    let mut log = crate::show::ShowLog::default();
    for (position, (number, entry)) in parsed.iter().enumerate() {
        if !in_order.contains(&position) {
            let why = match kept.last() {
                Some((before, previous)) if entry.at < previous.at => format!(
                    "time goes backwards: {} is before {}, on line {before}; journal lines must be in time order",
                    entry.at.to_rfc3339(),
                    previous.at.to_rfc3339()
                ),
                _ => match in_order.range(position..).next().map(|&i| &parsed[i]) {
                    Some((after, following)) => format!(
                        "time jumps ahead: {} is after {}, on line {after}; journal lines must be in time order",
                        entry.at.to_rfc3339(),
                        following.at.to_rfc3339()
                    ),
                    // The lines in order before it were themselves refused
                    // (kept has none of them): it is behind the last of them.
                    None => match in_order.range(..position).next_back().map(|&i| &parsed[i]) {
                        Some((before, previous)) => format!(
                            "time goes backwards: {} is before {}, on line {before}; journal lines must be in time order",
                            entry.at.to_rfc3339(),
                            previous.at.to_rfc3339()
                        ),
                        None => "out of time order; journal lines must be in time order".into(),
                    },
                },
            };
            rejected.push((*number, why));
            continue;
        }
        // `apply` refuses before it changes anything.
        if let Some(agenda) = agenda
            && let Err(why) = log.apply(agenda, entry)
        {
            rejected.push((*number, why));
            continue;
        }
        kept.push((*number, entry.clone()));
    }
    rejected.sort_by_key(|(number, _)| *number);
    Examination {
        kept,
        rejected,
        torn,
    }
}

/// The positions of the longest run of entries whose times never go
/// backwards (patience sorting, n log n). Of runs as long, the one with the
/// earlier lines wins: what was written first is trusted first.
fn longest_in_time_order(entries: &[(usize, Entry)]) -> std::collections::BTreeSet<usize> {
    // Walking from the end, heads[k] starts the best run of length k + 1
    // found so far: the one with the latest time, so the most can go before it.
    let mut heads: Vec<usize> = Vec::new();
    let mut after: Vec<Option<usize>> = vec![None; entries.len()];
    for position in (0..entries.len()).rev() {
        let at = entries[position].1.at;
        let k = heads.partition_point(|&head| entries[head].1.at >= at);
        after[position] = k.checked_sub(1).map(|k| heads[k]);
        if k == heads.len() {
            heads.push(position);
        } else {
            heads[k] = position;
        }
    }
    let mut run = std::collections::BTreeSet::new();
    let mut at = heads.last().copied();
    while let Some(position) = at {
        run.insert(position);
        at = after[position];
    }
    run
}

fn journal_from_lines(file: &str, lines: &[RawLine]) -> Result<JournalFile, Vec<Diagnostic>> {
    let examined = examine(lines, None);
    if !examined.rejected.is_empty() {
        return Err(examined
            .rejected
            .into_iter()
            .map(|(line, why)| diagnostic(file, line, why))
            .collect());
    }
    let torn = examined.torn.map(|number| Diagnostic {
        severity: Severity::Warning,
        ..diagnostic(
            file,
            number,
            "the last line is incomplete (cut short by a crash while it was written); it is left out".into(),
        )
    });
    // Everything before a torn last line; else the whole file, less a last
    // line that lacks only its newline.
    let complete_len = lines
        .iter()
        .rev()
        .find(|line| line.complete)
        .map_or(0, |line| line.end);
    let (lines_kept, entries) = examined.kept.into_iter().unzip();
    Ok(JournalFile {
        entries,
        lines: lines_kept,
        torn,
        complete_len,
    })
}

/// Reads one journal line (or a synced action), every field checked.
pub fn parse_entry(line: &str) -> Result<Entry, String> {
    let value: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("not a JSON object: {e}; each line must be like {{\"at\": \"2022-06-01T09:00:00+08:00\", \"action\": \"next\"}}"))?;
    let object = value
        .as_object()
        .ok_or("each line must be a JSON object such as {\"at\": ..., \"action\": ...}")?;
    let at = object
        .get("at")
        .and_then(|v| v.as_str())
        .ok_or("missing \"at\": give the instant of the action in RFC 3339, e.g. \"2022-06-01T09:00:00+08:00\"")?;
    let at = DateTime::parse_from_rfc3339(at)
        .map_err(|_| {
            format!(
                "\"at\" is {at:?}, not an RFC 3339 instant such as \"2022-06-01T09:00:00+08:00\""
            )
        })?
        .to_utc();
    crate::timefmt::check_instant(at).map_err(|why| format!("\"at\" is {why}"))?;
    let name = object.get("action").and_then(|v| v.as_str()).ok_or(
        "missing \"action\": one of start, next, prev, goto, extend, message, clear_message, end, flash, blackout, unblackout",
    )?;
    if !ACTION_NAMES.contains(&name) {
        let hint = crate::agenda::nearest(name, ACTION_NAMES.iter().copied())
            .map_or_else(String::new, |near| format!("did you mean {near:?}? "));
        return Err(format!(
            "unknown action {name:?}: {hint}valid actions are {}",
            ACTION_NAMES.join(", ")
        ));
    }
    let mut rest = object.clone();
    rest.remove("at");
    let id = match rest.remove("id") {
        None => None,
        Some(serde_json::Value::String(id)) => {
            check_id(&id)?;
            Some(id)
        }
        Some(_) => return Err("\"id\" must be a string naming the action".into()),
    };
    // As in the agenda, a field the format does not know is a typo, not
    // something to ignore.
    let takes: &[&str] = match name {
        "goto" => &["index"],
        "extend" => &["seconds"],
        "message" => &["text", "audience"],
        _ => &[],
    };
    if let Some(unknown) = rest
        .keys()
        .find(|key| *key != "action" && !takes.contains(&key.as_str()))
    {
        let hint = match takes.first() {
            Some(field) => format!("{name} takes {field:?}"),
            None => format!("{name} takes no other field"),
        };
        return Err(format!(
            "unknown field {unknown:?} in a {name:?} action: {hint}"
        ));
    }
    let action: Action = serde_json::from_value(serde_json::Value::Object(rest)).map_err(|e| {
        let needs = match name {
            "goto" => " (goto needs \"index\", a segment number from 0)",
            "extend" => " (extend needs \"seconds\", e.g. 60 or -60)",
            "message" => {
                " (message needs \"text\", and may say who it is for: \"audience\": \"moderator\", \"speakers\", \"everyone\" or \"speaker:NAME\")"
            }
            _ => "",
        };
        format!("bad {name:?} action: {e}{needs}")
    })?;
    Ok(Entry { at, action, id })
}

/// Appends entries to a journal file, each made durable before it counts.
/// A write or fsync that fails is cut back off the file before the error is
/// returned, so the journal always ends on a whole entry and always
/// replays; if even the cut fails, the next append makes it first.
pub struct JournalWriter {
    file: File,
    /// Bytes of whole, fsynced entries.
    len: u64,
    /// A failed append left bytes past `len` that are not yet cut off.
    cut_pending: bool,
}

/// A file size limit (`ulimit -f`) must fail the write, not kill the show:
/// the OS's default for SIGXFSZ is to end the process.
fn survive_file_size_limit() {
    #[cfg(unix)]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            let flag = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
            let _ = signal_hook::flag::register(signal_hook::consts::SIGXFSZ, flag);
        });
    }
}

impl JournalWriter {
    pub fn open(path: &Path) -> std::io::Result<Self> {
        Self::open_after(path, None)
    }

    /// Opens for appending after the first `keep` bytes, cutting what
    /// follows (a line torn by a crash), and makes sure the next line
    /// starts on a line of its own.
    pub fn open_after(path: &Path, keep: Option<usize>) -> std::io::Result<Self> {
        survive_file_size_limit();
        let mut file = OpenOptions::new()
            .create(true)
            .read(true)
            .append(true)
            .open(path)?;
        if let Some(keep) = keep {
            file.set_len(keep as u64)?;
        }
        let len = file.metadata()?.len();
        if len > 0 {
            use std::io::{Read, Seek, SeekFrom};
            let mut last = [0u8];
            file.seek(SeekFrom::Start(len - 1))?;
            file.read_exact(&mut last)?;
            if last[0] != b'\n' {
                file.write_all(b"\n")?;
            }
        }
        file.sync_all()?;
        if let Some(folder) = path.parent() {
            sync_folder(folder);
        }
        let len = file.metadata()?.len();
        Ok(Self {
            file,
            len,
            cut_pending: false,
        })
    }

    /// Writes one line and fsyncs it: when this returns Ok, a crash cannot
    /// lose it; when it returns an error, the file is as it was before.
    pub fn append(&mut self, entry: &Entry) -> std::io::Result<()> {
        let mut line = serde_json::to_string(entry).map_err(std::io::Error::other)?;
        line.push('\n');
        if line.len() > LINE_LIMIT {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("the action takes more than {} KiB", LINE_LIMIT / 1024),
            ));
        }
        self.cut_back()?;
        let written = self
            .file
            .write_all(line.as_bytes())
            .and_then(|()| self.file.sync_data());
        match written {
            Ok(()) => {
                self.len += line.len() as u64;
                Ok(())
            }
            Err(e) => {
                // As PostgreSQL after a failed fsync, nothing past the last
                // good fsync is trusted: it is cut off, and that is fsynced.
                self.cut_pending = true;
                match self.cut_back() {
                    Ok(()) => Err(e),
                    Err(cut) => Err(std::io::Error::new(
                        e.kind(),
                        format!(
                            "{e}; cutting the partial line back off failed too ({cut}): the next action tries again"
                        ),
                    )),
                }
            }
        }
    }

    /// Cuts a failed append's bytes off the end, if any are left.
    fn cut_back(&mut self) -> std::io::Result<()> {
        if self.cut_pending {
            self.file.set_len(self.len)?;
            self.file.sync_data()?;
            self.cut_pending = false;
        }
        Ok(())
    }
}

/// Makes a file's creation or renaming in `folder` durable (as SQLite does
/// for its journals). Where a folder cannot be opened, the file's own fsync
/// is what there is.
pub fn sync_folder(folder: &Path) {
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    if let Ok(handle) = File::open(folder) {
        let _ = handle.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn journals_are_named_after_the_agenda() {
        assert_eq!(
            live_journal(Path::new("shows/a.toml")),
            Path::new("shows/a.jsonl")
        );
        assert_eq!(
            rehearsal_journal(Path::new("shows/a.toml")),
            Path::new("shows/a.rehearsal.jsonl")
        );
    }

    #[test]
    fn reads_every_action() {
        let text = r#"{"at": "2022-06-01T09:00:00+08:00", "action": "start"}
{"at": "2022-06-01T09:10:00+08:00", "action": "next"}

{"at": "2022-06-01T09:11:00+08:00", "action": "goto", "index": 3}
{"at": "2022-06-01T09:12:00+08:00", "action": "extend", "seconds": -60}
{"at": "2022-06-01T09:13:00+08:00", "action": "message", "text": "Wrap up"}
{"at": "2022-06-01T09:14:00+08:00", "action": "clear_message"}
{"at": "2022-06-01T09:15:00+08:00", "action": "prev"}
{"at": "2022-06-01T09:16:00+08:00", "action": "end"}
"#;
        let entries = parse_journal("j", text).unwrap();
        assert_eq!(entries.len(), 8);
        assert_eq!(entries[0].at.to_rfc3339(), "2022-06-01T01:00:00+00:00");
        assert_eq!(entries[2].action, Action::Goto { index: 3 });
        assert_eq!(entries[3].action, Action::Extend { seconds: -60 });
        assert_eq!(
            entries[4].action,
            Action::Message {
                text: "Wrap up".into(),
                audience: Default::default()
            }
        );
    }

    #[test]
    fn bad_lines_are_named_by_number() {
        let text = "{\"at\": \"2022-06-01T09:00:00+08:00\", \"action\": \"nxt\"}\n\
                    not json\n\
                    {\"at\": \"2022-06-01T09:05:00+08:00\", \"action\": \"goto\"}\n\
                    {\"at\": \"2022-06-01T09:05:00+08:00\", \"action\": \"next\"}\n\
                    {\"at\": \"2022-06-01T08:05:00+08:00\", \"action\": \"next\"}\n";
        let problems = parse_journal("show.jsonl", text).unwrap_err();
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(lines.len(), 4, "{lines:#?}");
        assert!(
            lines[0].starts_with(
                "show.jsonl:1:1: error: unknown action \"nxt\": did you mean \"next\"?"
            ),
            "{}",
            lines[0]
        );
        assert!(
            lines[1].starts_with("show.jsonl:2:1: error: not a JSON object"),
            "{}",
            lines[1]
        );
        assert!(lines[2].contains("goto needs \"index\""), "{}", lines[2]);
        assert!(
            lines[3].starts_with("show.jsonl:5:1: error: time goes backwards"),
            "{}",
            lines[3]
        );
    }

    #[test]
    fn written_lines_read_back() {
        let dir = std::env::temp_dir().join(format!("showclock-journal-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("j.jsonl");
        let _ = std::fs::remove_file(&path);
        let mut writer = JournalWriter::open(&path).unwrap();
        let entry = Entry {
            at: "2022-06-01T01:00:00Z".parse().unwrap(),
            action: Action::Message {
                text: "Wrap\nup \u{1b}".into(),
                audience: Default::default(),
            },
            id: Some("a1-b2".into()),
        };
        writer.append(&entry).unwrap();
        writer.append(&Entry::new(entry.at, Action::Next)).unwrap();
        assert_eq!(
            read_journal(&path).unwrap(),
            vec![entry.clone(), Entry::new(entry.at, Action::Next)]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_id_travels_with_its_action() {
        let line = r#"{"at":"2022-06-01T01:00:00Z","action":"goto","index":2,"id":"k-1"}"#;
        let entries = parse_journal("j", &format!("{line}\n")).unwrap();
        assert_eq!(entries[0].id.as_deref(), Some("k-1"));
        assert_eq!(entries[0].action, Action::Goto { index: 2 });
        assert_eq!(serde_json::to_string(&entries[0]).unwrap(), line);
        // With no id, the line is as it always was.
        assert_eq!(
            serde_json::to_string(&Entry::new(entries[0].at, Action::Next)).unwrap(),
            r#"{"at":"2022-06-01T01:00:00Z","action":"next"}"#
        );
        for (bad, why) in [
            (r#""id":"""#, "1 to 64"),
            (r#""id":"a b""#, "letters, digits"),
            (r#""id":7"#, "must be a string"),
        ] {
            let text = format!("{{\"at\":\"2022-06-01T01:00:00Z\",\"action\":\"next\",{bad}}}\n");
            let problems = parse_journal("j", &text).unwrap_err();
            assert!(problems[0].message.contains(why), "{bad}: {}", problems[0]);
        }
        let long = "x".repeat(MAX_ID_LEN + 1);
        assert!(check_id(&long).is_err());
        assert!(check_id(&"x".repeat(MAX_ID_LEN)).is_ok());
    }

    #[test]
    fn a_message_without_an_audience_is_the_moderators() {
        let text = r#"{"at": "2022-06-01T09:13:00+08:00", "action": "message", "text": "Skip Zhe"}
{"at": "2022-06-01T09:14:00+08:00", "action": "message", "text": "Wrap up", "audience": "speaker:Zhe WANG"}
"#;
        let entries = parse_journal("j", text).unwrap();
        let audiences: Vec<&Audience> = entries
            .iter()
            .map(|e| match &e.action {
                Action::Message { audience, .. } => audience,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            audiences,
            [&Audience::Moderator, &Audience::Speaker("Zhe WANG".into())]
        );
        // Written as read: no audience for the moderator's, as before.
        let line = serde_json::to_string(&entries[0]).unwrap();
        assert!(!line.contains("audience"), "{line}");
        let line = serde_json::to_string(&entries[1]).unwrap();
        assert!(line.contains(r#""audience":"speaker:Zhe WANG""#), "{line}");
        let bad = parse_journal(
            "j",
            r#"{"at": "2022-06-01T09:13:00+08:00", "action": "message", "text": "x", "audience": "all"}
"#,
        )
        .unwrap_err();
        assert!(bad[0].message.contains("speaker:NAME"), "{}", bad[0]);
    }
}
