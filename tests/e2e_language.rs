//! The real binary in Chinese and in English: the terminal follows --lang
//! or LANG, a speaker's export follows their own language, and nothing a
//! machine reads (JSON, the journal) changes with the language.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use common::{BIN, Tmux};

const BILINGUAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/bilingual.toml");

fn workdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("showclock-lang-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(BILINGUAL, dir.join("agenda.toml")).unwrap();
    dir
}

/// The binary with only `LANG` set among the locale variables.
fn showclock(dir: &Path, lang: &str, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", lang)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// Plays the same show in tmux: start, then the producer's canned message 1.
fn play(dir: &Path, tmux: &Tmux, session: &str, locale: &str, flag: &str, started: &str) {
    let command = format!(
        "cd {} && exec env -u LC_ALL -u LC_MESSAGES LANG={locale} {BIN} agenda.toml {flag} --at 2022-06-01T08:59:58+08:00",
        dir.display()
    );
    tmux.start(session, &command);
    tmux.keys(session, &["Space"]);
    tmux.wait_for(session, started, Duration::from_secs(5));
    tmux.keys(session, &["v"]);
    tmux.keys(session, &["1"]);
}

#[test]
fn the_screen_speaks_the_terminals_language_and_the_journal_does_not() {
    let zh_dir = workdir("zh");
    let en_dir = workdir("en");
    let tmux = Tmux::new("language");
    // Chinese from LANG alone.
    play(&zh_dir, &tmux, "zh", "zh_CN.UTF-8", "", "当前 1/3");
    let screen = tmux.wait_for("zh", "请收尾", Duration::from_secs(5));
    assert!(screen.contains("中美零排放中重型车辆数字对话"), "{screen}");
    assert!(screen.contains("北京 6月1日 周三"), "{screen}");
    assert!(screen.contains("发给所有人"), "{screen}");
    // English from --lang, whatever LANG says.
    play(&en_dir, &tmux, "en", "zh_CN.UTF-8", "--lang en", "NOW 1/3");
    let screen = tmux.wait_for("en", "Wrap up", Duration::from_secs(5));
    assert!(
        screen.contains("Zero-Emission Trucks: a China-US Dialogue"),
        "{screen}"
    );
    assert!(screen.contains("Beijing Wed 1 Jun"), "{screen}");
    for session in ["zh", "en"] {
        tmux.keys(session, &["q"]);
        tmux.keys(session, &["y"]);
    }
    std::thread::sleep(Duration::from_millis(500));

    // (`--at` plays a rehearsal: its journal is the rehearsal's.) The two
    // journals differ only in when each key was pressed.
    let actions = |dir: &Path| -> Vec<String> {
        std::fs::read_to_string(dir.join("agenda.rehearsal.jsonl"))
            .unwrap()
            .lines()
            .map(|line| {
                let mut entry: serde_json::Value = serde_json::from_str(line).unwrap();
                let object = entry.as_object_mut().unwrap();
                object.remove("at");
                object.remove("id");
                entry.to_string()
            })
            .collect()
    };
    let (zh, en) = (actions(&zh_dir), actions(&en_dir));
    assert_eq!(zh.len(), 2, "{zh:?}");
    assert_eq!(zh, en);
    assert!(zh[1].contains("\"Wrap up\""), "{zh:?}");

    // On one journal, JSON is byte for byte the same in every language.
    let at = "--at=2022-06-01T09:05:00+08:00";
    let json: Vec<String> = [
        ("zh_CN.UTF-8", None),
        ("en_US.UTF-8", None),
        ("C", Some("zh-Hans")),
    ]
    .iter()
    .map(|(lang, flag)| {
        let mut args = vec![
            "status",
            "agenda.toml",
            "--json",
            at,
            "--journal",
            "agenda.rehearsal.jsonl",
        ];
        if let Some(flag) = flag {
            args.extend(["--lang", flag]);
        }
        stdout(&showclock(&zh_dir, lang, &args))
    })
    .collect();
    assert_eq!(json[0], json[1]);
    assert_eq!(json[0], json[2]);
    assert!(json[0].contains("\"title\": \"Welcome\""), "{}", json[0]);
}

#[test]
fn status_report_and_exports_in_each_language() {
    let dir = workdir("headless");
    std::fs::write(
        dir.join("agenda.jsonl"),
        "{\"at\":\"2022-06-01T01:00:00Z\",\"action\":\"start\"}\n",
    )
    .unwrap();
    let at = "--at=2022-06-01T09:05:00+08:00";
    let text = stdout(&showclock(
        &dir,
        "zh_CN.UTF-8",
        &["status", "agenda.toml", at],
    ));
    assert!(
        text.starts_with("中美零排放中重型车辆数字对话 — 进行中"),
        "{text}"
    );
    assert!(text.contains("北京    6月1日 周三 09:05:00"), "{text}");
    assert!(text.contains("太平洋  5月31日 周二 下午6:05:00"), "{text}");
    assert!(text.contains("当前：1/3 欢迎致辞 — 剩余 05:00"), "{text}");
    let text = stdout(&showclock(&dir, "C.UTF-8", &["status", "agenda.toml", at]));
    assert!(
        text.contains("Now:  1/3 Welcome — 05:00 remaining"),
        "{text}"
    );
    assert!(text.contains("Pacific  Tue 31 May 6:05:00 PM"), "{text}");

    let check = stdout(&showclock(&dir, "zh_CN.UTF-8", &["check", "agenda.toml"]));
    assert!(
        check.contains("共 3 个环节，从第一个开始到最后一个结束共 55m"),
        "{check}"
    );
    // Columns line up by display width: the Chinese 12-hour times are as
    // wide as their column.
    assert!(
        check.contains("    1     09:00  下午6:00     10m  欢迎致辞"),
        "{check}"
    );

    let report = stdout(&showclock(
        &dir,
        "C",
        &["report", "agenda.toml", at, "--lang", "zh-Hans"],
    ));
    assert!(report.contains("| # | 环节 | 计划开始（北京）"), "{report}");
    assert!(report.contains("节目尚未结束。"), "{report}");

    // A speaker's run-of-show is in their own language; --lang overrides.
    let theirs = stdout(&showclock(
        &dir,
        "C",
        &[
            "export",
            "agenda.toml",
            "--format",
            "markdown",
            "--speaker",
            "王云石",
        ],
    ));
    assert!(
        theirs.contains("您参与的环节（共 3 个环节中的 1 个）"),
        "{theirs}"
    );
    assert!(
        theirs.contains("- **北京**: 2022年6月1日 星期三, 09:10–09:40"),
        "{theirs}"
    );
    let english = stdout(&showclock(
        &dir,
        "C",
        &[
            "export",
            "agenda.toml",
            "--format",
            "markdown",
            "--speaker",
            "王云石",
            "--lang",
            "en",
        ],
    ));
    assert!(
        english.contains("Your part of the show (1 of 3 segments)."),
        "{english}"
    );

    // A language showclock does not have is refused with the ones it has.
    let refused = showclock(&dir, "C", &["status", "agenda.toml", "--lang", "fr"]);
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("en (English), zh-Hans (简体中文)"),
        "{stderr}"
    );
}
