//! Never lose the show: the journal's promises, tried with the real binary
//! as a new operator or an attacker would (issue 9): two instances on one
//! journal, damaged lines, a journal kept from the wrong clock, and input
//! built to take too long.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_showclock");

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn showclock(args: &[&str]) -> Run {
    let output = Command::new(BIN)
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("SHOWCLOCK_TOKEN")
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs");
    Run {
        code: output.status.code().expect("exited, not killed"),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A scratch folder with the shipped agenda, removed when the test ends.
struct Folder(PathBuf);

impl Folder {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("showclock-j-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(
            concat!(env!("CARGO_MANIFEST_DIR"), "/agenda.toml"),
            dir.join("agenda.toml"),
        )
        .unwrap();
        Self(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    fn arg(&self, name: &str) -> String {
        self.path(name).display().to_string()
    }

    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.0)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `showclock serve` as a real process, killed when dropped.
struct Server {
    process: std::process::Child,
    lines: Receiver<String>,
}

impl Server {
    fn start(agenda: &Path) -> Self {
        let mut process = Command::new(BIN)
            .arg("serve")
            .arg(agenda)
            .args(["--share", "127.0.0.1:0"])
            .env_remove("SHOWCLOCK_TOKEN")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = process.stdout.take().unwrap();
        let (tx, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    return;
                }
            }
        });
        let server = Self { process, lines };
        server.wait_for("journal: ");
        server
    }

    fn wait_for(&self, prefix: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = self
                .lines
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("the server never printed {prefix:?}"));
            if line.starts_with(prefix) {
                return line;
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

// ------------------------------------------------------------ one writer

#[cfg(unix)]
#[test]
fn a_second_instance_on_a_journal_stops_at_once_naming_the_holder() {
    let folder = Folder::new("two");
    let agenda = folder.arg("agenda.toml");
    let journal = folder.arg("agenda.jsonl");
    let first = Server::start(&folder.path("agenda.toml"));
    let holder = first.process.id();

    // A second `serve`, and the full-screen app, on the same agenda: both
    // would write its live journal.
    let serve = showclock(&["serve", &agenda, "--share", "127.0.0.1:0"]);
    let app = showclock(&[&agenda]);
    for (what, run) in [("serve", &serve), ("the app", &app)] {
        assert_eq!(run.code, 1, "{what}: {}", run.stderr);
        assert!(
            run.stderr.contains(&journal)
                && run
                    .stderr
                    .contains("the journal is in use by another instance")
                && run.stderr.contains(&format!("process {holder}"))
                && run.stderr.contains("serve")
                && run.stderr.contains("showclock follow"),
            "{what}: {}",
            run.stderr
        );
    }
    // Another path to the same file is the same journal.
    let link = folder.path("link.jsonl");
    std::os::unix::fs::symlink(folder.path("agenda.jsonl"), &link).unwrap();
    let by_link = showclock(&[&agenda, "--journal", &link.display().to_string()]);
    assert_eq!(by_link.code, 1, "{}", by_link.stderr);
    assert!(
        by_link.stderr.contains(&format!("process {holder}")),
        "{}",
        by_link.stderr
    );

    // Readers need no lock.
    let status = showclock(&["status", &agenda, "--at", "2022-06-01T09:27:00+08:00"]);
    assert_eq!(status.code, 0, "{}", status.stderr);
    let report = showclock(&["report", &agenda, "--journal", &journal]);
    assert_eq!(report.code, 0, "{}", report.stderr);

    // The OS frees the lock however the holder ends, kill -9 included.
    drop(first);
    let second = Server::start(&folder.path("agenda.toml"));
    assert_ne!(second.process.id(), holder);
}

/// Runs a second writer that must be refused: its stderr once it exits
/// with status 1 (within 5 s; one still running after that is a failure).
fn refused(mut command: Command, what: &str) -> String {
    let mut second = command
        .env_remove("SHOWCLOCK_TOKEN")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    let status = loop {
        if let Some(status) = second.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = second.kill();
            let _ = second.wait();
            panic!("a second server runs on the journal through {what}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut second.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(status.code(), Some(1), "{stderr}");
    stderr
}

/// Two servers on one journal file through two names: the second is
/// refused before it writes anything, naming the first.
fn refused_by_another_name(folder: &Folder, command: Command, what: &str, holder: u32) {
    let before = std::fs::read(folder.path("agenda.jsonl")).unwrap();
    let stderr = refused(command, what);
    assert!(
        stderr.contains("another name for the same file")
            && stderr.contains(&format!("process {holder}")),
        "{stderr}"
    );
    assert_eq!(std::fs::read(folder.path("agenda.jsonl")).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn a_hard_link_in_another_folder_meets_the_same_lock() {
    let folder = Folder::new("hard-link");
    let first = Server::start(&folder.path("agenda.toml"));
    std::fs::create_dir(folder.path("elsewhere")).unwrap();
    let linked = folder.path("elsewhere").join("copy.jsonl");
    std::fs::hard_link(folder.path("agenda.jsonl"), &linked).unwrap();
    let mut second = Command::new(BIN);
    second
        .arg("serve")
        .arg(folder.path("agenda.toml"))
        .arg("--journal")
        .arg(&linked)
        .args(["--share", "127.0.0.1:0"]);
    refused_by_another_name(&folder, second, "a hard link", first.process.id());
    drop(first);
    // The holder gone, the other name may write it.
    let run = showclock(&[
        "status",
        &folder.arg("agenda.toml"),
        "--journal",
        &linked.display().to_string(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// A bind mount makes the journal file appear at a second path, in another
/// folder (as a container's volume does). Mounting needs root:
/// `unshare --mount`, a private mount namespace, so the mount vanishes
/// with the test.
#[cfg(target_os = "linux")]
#[test]
fn a_bind_mount_meets_the_same_lock() {
    let folder = Folder::new("bind-mount");
    let first = Server::start(&folder.path("agenda.toml"));
    let holder = first.process.id();
    std::fs::create_dir(folder.path("volume")).unwrap();
    let mounted = folder.path("volume").join("show.jsonl");
    std::fs::write(&mounted, "").unwrap();
    let script = format!(
        "mount --bind {} {} && exec {BIN} serve {} --journal {} --share 127.0.0.1:0",
        folder.arg("agenda.jsonl"),
        mounted.display(),
        folder.arg("agenda.toml"),
        mounted.display(),
    );
    let mut second = Command::new("unshare");
    second.args(["--mount", "--propagation", "private", "sh", "-c", &script]);
    refused_by_another_name(&folder, second, "a bind mount", holder);
}

#[test]
fn repair_waits_for_no_one_it_refuses_while_a_show_runs() {
    let folder = Folder::new("repair-locked");
    std::fs::write(folder.path("agenda.jsonl"), "").unwrap();
    let _server = Server::start(&folder.path("agenda.toml"));
    let run = showclock(&["journal", "repair", &folder.arg("agenda.jsonl")]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("in use by another instance"),
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------- damaged, and mended

const START: &str = r#"{"at":"2022-06-01T00:58:00Z","action":"start"}"#;
const NEXT_1: &str = r#"{"at":"2022-06-01T01:08:00Z","action":"next"}"#;
const MESSAGE: &str = r#"{"at":"2022-06-01T01:12:00Z","action":"message","text":"Wrap up"}"#;
const NEXT_2: &str = r#"{"at":"2022-06-01T01:26:00Z","action":"next"}"#;
const NEXT_3: &str = r#"{"at":"2022-06-01T01:42:30Z","action":"next"}"#;

/// A journal damaged every way the issue names, with the good lines among
/// the bad ones.
fn damaged_journal() -> (Vec<u8>, Vec<&'static str>) {
    let mut bytes = Vec::new();
    let mut line = |text: &[u8]| {
        bytes.extend_from_slice(text);
        bytes.push(b'\n');
    };
    line(START.as_bytes()); // 1
    line(NEXT_1.as_bytes()); // 2
    // 3: a bit flip in the year: the time jumps eight years ahead.
    line(br#"{"at":"2030-06-01T01:10:00Z","action":"extend","seconds":60}"#);
    // 4: a bit flip in a message: no longer UTF-8.
    line(b"{\"at\":\"2022-06-01T01:11:00Z\",\"action\":\"message\",\"text\":\"W\xe2\x28\xa1p\"}");
    line(MESSAGE.as_bytes()); // 5
    line(b"\x00\x00garbage\x00"); // 6
    // 7: a BOM, as an editor saves it.
    line("\u{feff}{\"at\":\"2022-06-01T01:20:00Z\",\"action\":\"clear_message\"}".as_bytes());
    // 8: a time going backwards.
    line(br#"{"at":"2022-06-01T00:30:00Z","action":"next"}"#);
    line(NEXT_2.as_bytes()); // 9
    // 10: longer than any action.
    line(
        format!(
            "{{\"at\":\"2022-06-01T01:30:00Z\",\"action\":\"message\",\"text\":\"{}\"}}",
            "x".repeat(100_000)
        )
        .as_bytes(),
    );
    // 11: a leap second, which RFC 3339 output cannot carry on.
    line(br#"{"at":"2022-06-01T01:35:60Z","action":"clear_message"}"#);
    line(NEXT_3.as_bytes()); // 12
    // 13: cut short by a crash.
    bytes.extend_from_slice(br#"{"at":"2022-06-01T01:50:00Z","act"#);
    (bytes, vec![START, NEXT_1, MESSAGE, NEXT_2, NEXT_3])
}

#[test]
fn journal_check_names_every_damaged_line_and_status_refuses_it() {
    let folder = Folder::new("check");
    let (bytes, _) = damaged_journal();
    std::fs::write(folder.path("agenda.jsonl"), &bytes).unwrap();
    let journal = folder.arg("agenda.jsonl");
    let run = showclock(&["journal", "check", &journal]);
    assert_eq!(run.code, 1);
    let errors: Vec<&str> = run.stderr.lines().collect();
    let expected = [
        (
            3,
            "time jumps ahead: 2030-06-01T01:10:00+00:00 is after 2022-06-01T01:12:00+00:00, on line 5",
        ),
        (
            4,
            "the line is not UTF-8 text (a damaged byte at column 58)",
        ),
        (6, "not a JSON object"),
        (7, "the line starts with a byte-order mark (BOM)"),
        (
            8,
            "time goes backwards: 2022-06-01T00:30:00+00:00 is before 2022-06-01T01:12:00+00:00, on line 5",
        ),
        (10, "the line is longer than 64 KiB"),
        (11, "a leap second"),
    ];
    for (index, (line, text)) in expected.iter().enumerate() {
        let prefix = format!("{journal}:{line}:1: error: ");
        assert!(
            errors[index].starts_with(&prefix) && errors[index].contains(text),
            "line {line}: {errors:#?}"
        );
    }
    assert!(
        errors[7].starts_with(&format!(
            "{journal}:13:1: warning: the last line is incomplete"
        )),
        "{errors:#?}"
    );
    assert!(
        errors[8].contains("7 damaged lines of 13, checked against")
            && errors[8].contains(&format!(
                "`showclock journal repair {journal}` keeps the 5 valid entries"
            )),
        "{errors:#?}"
    );
    assert_eq!(errors.len(), 9, "{errors:#?}");

    // `status` stops on it too, and says how to mend it.
    let status = showclock(&["status", &folder.arg("agenda.toml")]);
    assert_eq!(status.code, 1);
    assert!(
        status.stderr.contains(":3:1: error: time jumps ahead"),
        "{}",
        status.stderr
    );
}

#[test]
fn journal_repair_keeps_the_valid_entries_in_order_and_loses_no_byte() {
    let folder = Folder::new("repair");
    let (bytes, valid) = damaged_journal();
    let journal_path = folder.path("agenda.jsonl");
    std::fs::write(&journal_path, &bytes).unwrap();
    let journal = folder.arg("agenda.jsonl");

    let run = showclock(&["journal", "repair", &journal]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with(&format!(
            "{journal}: repaired: kept 5 entries in order; set aside lines 3, 4, 6, 7, 8, 10, 11, 13 in {journal}.rejected; the original is kept as {journal}.bak-"
        )),
        "{}",
        run.stdout
    );
    // The valid entries, byte for byte, in order.
    let repaired = std::fs::read_to_string(&journal_path).unwrap();
    assert_eq!(repaired, valid.join("\n") + "\n");
    // The original, exactly.
    let backup = folder
        .names()
        .into_iter()
        .find(|name| name.starts_with("agenda.jsonl.bak-"))
        .expect("a backup");
    assert_eq!(
        backup.len(),
        "agenda.jsonl.bak-20260128T093000".len(),
        "{backup}"
    );
    assert_eq!(std::fs::read(folder.path(&backup)).unwrap(), bytes);
    // Every line set aside, with its number, its reason and its bytes.
    let rejected = std::fs::read(folder.path("agenda.jsonl.rejected")).unwrap();
    let rejected_text = String::from_utf8_lossy(&rejected);
    for (number, original) in bytes.split(|&b| b == b'\n').enumerate() {
        let number = number + 1;
        let set_aside = rejected_text.contains(&format!("\n# line {number}: "));
        let kept = [1, 2, 5, 9, 12].contains(&number);
        assert_eq!(set_aside, !kept, "line {number}:\n{rejected_text}");
        if !kept && number != 10 {
            assert!(
                rejected.windows(original.len()).any(|w| w == original),
                "line {number}'s bytes are kept"
            );
        }
    }
    // It replays, and a second repair has nothing to do.
    let status = showclock(&[
        "status",
        &folder.arg("agenda.toml"),
        "--at",
        "2022-06-01T09:50:00+08:00",
    ]);
    assert_eq!(status.code, 0, "{}", status.stderr);
    assert!(
        status.stdout.contains("Now:  4/6 Panel Discussion"),
        "{}",
        status.stdout
    );
    let again = showclock(&["journal", "repair", &journal]);
    assert_eq!(again.code, 0);
    assert_eq!(
        again.stdout,
        format!("{journal}: nothing to repair, every line is valid\n")
    );
    let check = showclock(&["journal", "check", &journal]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check.stdout.contains("5 entries, every line valid"),
        "{}",
        check.stdout
    );
}

#[test]
fn repair_sets_aside_actions_the_agenda_cannot_take() {
    let folder = Folder::new("repair-agenda");
    let journal = folder.arg("show.jsonl");
    std::fs::write(
        folder.path("show.jsonl"),
        format!("{START}\n{{\"at\":\"2022-06-01T01:00:00Z\",\"action\":\"goto\",\"index\":9}}\n{NEXT_1}\n"),
    )
    .unwrap();
    // No agenda beside it: only the lines themselves are judged.
    let alone = showclock(&["journal", "check", &journal]);
    assert_eq!(alone.code, 0, "{}", alone.stderr);
    let with_agenda = showclock(&[
        "journal",
        "check",
        &journal,
        "--agenda",
        &folder.arg("agenda.toml"),
    ]);
    assert_eq!(with_agenda.code, 1);
    assert!(
        with_agenda.stderr.starts_with(&format!(
            "{journal}:2:1: error: goto 9: the agenda has 6 segments"
        )),
        "{}",
        with_agenda.stderr
    );
    let repair = showclock(&[
        "journal",
        "repair",
        &journal,
        "--agenda",
        &folder.arg("agenda.toml"),
    ]);
    assert_eq!(repair.code, 0, "{}", repair.stderr);
    assert_eq!(
        std::fs::read_to_string(folder.path("show.jsonl")).unwrap(),
        format!("{START}\n{NEXT_1}\n")
    );
}

#[test]
fn a_missing_journal_is_not_checked_as_an_empty_one() {
    let run = showclock(&["journal", "check", "/nonexistent/show.jsonl"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("no such journal file"),
        "{}",
        run.stderr
    );
}

// ------------------------------------------------- the real clock's journal

#[test]
fn a_simulated_clock_never_touches_a_journal_of_the_real_one() {
    let folder = Folder::new("real");
    let real = folder.path("real.jsonl");
    let text = format!("{START}\n{NEXT_1}\n");
    std::fs::write(&real, &text).unwrap();
    let agenda = folder.arg("agenda.toml");
    let real_arg = real.display().to_string();
    for flags in [
        vec!["--rehearse"],
        vec!["--rehearse", "--fresh"],
        vec!["--at", "2022-06-01T09:00:00+08:00"],
        vec!["--speed", "10"],
    ] {
        let mut args = vec![agenda.as_str(), "--journal", real_arg.as_str()];
        args.extend(&flags);
        let run = showclock(&args);
        assert_eq!(run.code, 1, "{flags:?}");
        assert!(
            run.stderr.contains(&format!(
                "{real_arg} holds actions taken on the real clock (no rehearsal clock is saved beside it): a rehearsal never writes, moves or removes such a journal"
            )),
            "{flags:?}: {}",
            run.stderr
        );
        assert_eq!(std::fs::read_to_string(&real).unwrap(), text, "{flags:?}");
    }
    assert_eq!(
        folder.names(),
        ["agenda.toml", "real.jsonl", "real.jsonl.lock"]
    );
}

// ------------------------------------------------------------ bounded input

#[test]
fn a_far_future_agenda_is_checked_in_milliseconds() {
    let folder = Folder::new("far");
    let agenda = folder.path("far.toml");
    let mut text =
        String::from("[event]\ntitle = \"Far\"\ndate = 2022-06-01\ntimezone = \"Asia/Shanghai\"\n");
    for (label, zone) in [
        ("Pacific", "America/Los_Angeles"),
        ("New York", "America/New_York"),
        ("London", "Europe/London"),
        ("Paris", "Europe/Paris"),
        ("Sydney", "Australia/Sydney"),
        ("Lord Howe", "Australia/Lord_Howe"),
        ("Santiago", "America/Santiago"),
        ("Tehran", "Asia/Tehran"),
        ("Chatham", "Pacific/Chatham"),
        ("Beijing", "Asia/Shanghai"),
    ] {
        text.push_str(&format!(
            "[[clock]]\nlabel = \"{label}\"\ntimezone = \"{zone}\"\n"
        ));
    }
    text.push_str(
        "[[segment]]\ntitle = \"Now\"\ndate = 2022-06-01\nstart = \"09:00\"\nduration = \"30m\"\n",
    );
    text.push_str("[[segment]]\ntitle = \"Then\"\nstart = \"9999-12-29T09:40:00+08:00\"\nduration = \"30m\"\n");
    std::fs::write(&agenda, text).unwrap();
    let agenda = agenda.display().to_string();
    // The lint once walked every half hour of the 8,000 years between.
    let started = Instant::now();
    let run = showclock(&["check", &agenda]);
    let took = started.elapsed();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("2 segments"), "{}", run.stdout);
    // Under 50 ms on a quiet machine; the bound leaves room for a debug
    // build on a busy one, and is still a hundredth of what it was.
    assert!(took < Duration::from_millis(1500), "check took {took:?}");
    let started = Instant::now();
    let run = showclock(&[
        "status",
        &agenda,
        "--at",
        "9999-12-29T09:50:00+08:00",
        "--json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(started.elapsed() < Duration::from_millis(1500));
    assert!(
        !run.stdout.contains("+10000") && !run.stdout.contains(":60"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_far_future_segment_in_an_undated_show_is_a_typo() {
    let folder = Folder::new("span");
    let text = std::fs::read_to_string(folder.path("agenda.toml"))
        .unwrap()
        .replace("start = \"09:40\"", "start = \"2022-08-01T09:40:00+08:00\"");
    std::fs::write(folder.path("long.toml"), text).unwrap();
    let run = showclock(&["check", &folder.arg("long.toml")]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(":54:1: error: this segment ends 1465h10m after the show's first start: a show over 31 days is taken for a typo unless every segment carries its own date"),
        "{}",
        run.stderr
    );
}

#[test]
fn instants_outside_the_years_1_to_9999_are_refused_everywhere() {
    let folder = Folder::new("years");
    let text = std::fs::read_to_string(folder.path("agenda.toml"))
        .unwrap()
        .replace("start = \"09:40\"", "start = \"9999-12-31T23:30:00-08:00\"");
    std::fs::write(folder.path("late.toml"), text).unwrap();
    let run = showclock(&["check", &folder.arg("late.toml")]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(":56:9: error: the start is +10000-01-01T07:30:00Z, out of range: instants must fall between 0001-01-02 and 9999-12-30 (UTC)"),
        "{}",
        run.stderr
    );
    for at in [
        "9999-12-31T23:59:59-01:00",
        "0001-01-01T00:00:00Z",
        "2022-06-01T09:59:60+08:00",
    ] {
        let run = showclock(&["status", &folder.arg("agenda.toml"), "--at", at, "--json"]);
        assert_eq!(run.code, 2, "{at}: {}", run.stdout);
        assert!(run.stdout.is_empty());
        assert!(
            run.stderr.contains("out of range") || run.stderr.contains("a leap second"),
            "{at}: {}",
            run.stderr
        );
    }
    std::fs::write(
        folder.path("leap.jsonl"),
        "{\"at\":\"2016-12-31T23:59:60Z\",\"action\":\"start\"}\n",
    )
    .unwrap();
    let run = showclock(&[
        "status",
        &folder.arg("agenda.toml"),
        "--journal",
        &folder.arg("leap.jsonl"),
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("leap.jsonl:1:1: error: \"at\" is 2016-12-31T23:59:60, a leap second"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_five_gigabyte_agenda_is_refused_without_reading_it() {
    let folder = Folder::new("huge");
    let agenda = folder.path("huge.toml");
    // Sparse: five gigabytes that take no room on the disk.
    std::fs::File::create(&agenda)
        .unwrap()
        .set_len(5 * 1024 * 1024 * 1024)
        .unwrap();
    let started = Instant::now();
    let run = showclock(&["check", &agenda.display().to_string()]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("huge.toml:1:1: error: the agenda is 5368709120 bytes: more than the 16 MB an agenda may be"),
        "{}",
        run.stderr
    );
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[test]
fn a_speed_outside_its_range_is_refused() {
    for speed in ["1e-300", "0.001", "0", "-1", "3601", "inf", "NaN"] {
        let run = showclock(&[&format!("--speed={speed}")]);
        assert_eq!(run.code, 2, "{speed}");
        assert!(
            run.stderr
                .contains("is not a speed: give a number from 0.01 to 3600"),
            "{speed}: {}",
            run.stderr
        );
    }
}

#[test]
fn serve_on_a_damaged_journal_names_the_lines_and_how_to_mend_them() {
    let folder = Folder::new("serve-damaged");
    let (bytes, _) = damaged_journal();
    std::fs::write(folder.path("agenda.jsonl"), &bytes).unwrap();
    let run = showclock(&[
        "serve",
        &folder.arg("agenda.toml"),
        "--share",
        "127.0.0.1:0",
    ]);
    assert_eq!(run.code, 1);
    let journal = folder.arg("agenda.jsonl");
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert!(
        lines[0].starts_with(&format!("{journal}:3:1: error: time jumps ahead")),
        "{lines:#?}"
    );
    assert!(
        lines
            .last()
            .unwrap()
            .ends_with(&format!("`showclock journal repair {journal}` keeps every valid entry in order and sets the damaged lines aside")),
        "{lines:#?}"
    );
    assert_eq!(
        std::fs::read(folder.path("agenda.jsonl")).unwrap(),
        bytes,
        "left as it was"
    );
}

#[cfg(unix)]
#[test]
fn repairing_through_a_link_mends_the_file_and_keeps_the_link() {
    let folder = Folder::new("repair-link");
    let target = folder.path("agenda.jsonl");
    std::fs::write(&target, format!("{START}\ngarbage\n{NEXT_1}\n")).unwrap();
    let link = folder.path("link.jsonl");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let run = showclock(&["journal", "repair", &link.display().to_string()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        format!("{START}\n{NEXT_1}\n")
    );
}

#[test]
fn a_line_behind_a_refused_line_is_set_aside_without_a_crash() {
    // The first line is in time order but cannot be applied (there is no
    // segment to extend before the show); the second goes back in time
    // behind it. Found by the property test of repair.
    let folder = Folder::new("behind-refused");
    let journal = folder.arg("agenda.jsonl");
    std::fs::write(
        folder.path("agenda.jsonl"),
        "{\"at\":\"2022-06-01T00:32:04Z\",\"action\":\"extend\",\"seconds\":86401}\n\
         {\"at\":\"2022-06-01T00:30:00Z\",\"action\":\"clear_message\"}\n",
    )
    .unwrap();
    let check = showclock(&["journal", "check", &journal]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    let repair = showclock(&["journal", "repair", &journal]);
    assert_eq!(repair.code, 0, "{}", repair.stderr);
    let again = showclock(&["journal", "check", &journal]);
    assert_eq!(
        again.code, 0,
        "a repaired journal replays: {}",
        again.stderr
    );
}
