//! A spreadsheet read into a grid of cells, whatever file it came from
//! (CSV through the `csv` crate; .xlsx, .xls and .ods through `calamine`),
//! with the name a person would give each cell (`rundown.xlsx:Sheet1!C7`).

use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};
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

fn read_csv(path: &Path, file: &str) -> Result<Sheet, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{file}: cannot read the file: {e}"))?;
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
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            format!("{file}:{line}: this is not valid CSV: {e}")
        })?;
        rows.push(
            record
                .iter()
                .map(|text| match text.trim() {
                    "" => Cell::Empty,
                    _ => Cell::Text(text.to_string()),
                })
                .collect(),
        );
    }
    Ok(Sheet {
        prefix: format!("{file}:"),
        name: path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        rows,
        origin: (0, 0),
    })
}

fn read_workbook(path: &Path, file: &str, wanted: Option<&str>) -> Result<Sheet, String> {
    let mut workbook =
        open_workbook_auto(path).map_err(|e| format!("{file}: cannot read the workbook: {e}"))?;
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
    let range = workbook
        .worksheet_range(&name)
        .map_err(|e| format!("{file}: cannot read sheet {name:?}: {e}"))?;
    let origin = range
        .start()
        .map_or((0, 0), |(row, column)| (row as usize, column as usize));
    let rows = range
        .rows()
        .map(|cells| cells.iter().map(cell_of).collect())
        .collect();
    let quoted = if name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        name.clone()
    } else {
        format!("'{}'", name.replace('\'', "''"))
    };
    Ok(Sheet {
        prefix: format!("{file}:{quoted}!"),
        name,
        rows,
        origin,
    })
}

fn quoted_list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("{n:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

const MS_PER_DAY: f64 = 86_400_000.0;

fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(text) if text.trim().is_empty() => Cell::Empty,
        Data::String(text) => Cell::Text(text.clone()),
        Data::Int(n) => Cell::Number(*n as f64),
        Data::Float(n) => Cell::Number(*n),
        Data::Bool(b) => Cell::Bool(*b),
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
        Data::DateTimeIso(text) => iso_date_time(text).unwrap_or_else(|| Cell::Text(text.clone())),
        Data::DurationIso(text) => iso_duration(text)
            .map(Cell::Clock)
            .unwrap_or_else(|| Cell::Text(text.clone())),
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
