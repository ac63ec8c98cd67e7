//! The translation files and the code agree: every language has every
//! message, no file has one that nothing uses, and everything the code asks
//! for exists.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The message ids of a Fluent file (terms and comments left out).
fn ids(file: &str) -> BTreeSet<String> {
    file.lines()
        .filter(|line| line.starts_with(|c: char| c.is_ascii_lowercase()))
        .filter_map(|line| line.split_once('=').map(|(id, _)| id.trim().to_string()))
        .collect()
}

fn languages() -> Vec<(String, BTreeSet<String>)> {
    let mut out: Vec<_> = std::fs::read_dir(root().join("i18n"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
        .map(|p| {
            let tag = p.file_stem().unwrap().to_string_lossy().into_owned();
            (tag, ids(&std::fs::read_to_string(&p).unwrap()))
        })
        .collect();
    out.sort();
    out
}

/// Every source file that may name a message: the Rust code and the pages.
fn sources() -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path
                .extension()
                .is_some_and(|e| e == "rs" || e == "js" || e == "html")
            {
                // Comments may show how to ask for a message.
                let text = std::fs::read_to_string(&path).unwrap();
                let code: Vec<&str> = text
                    .lines()
                    .filter(|line| !line.trim_start().starts_with("//"))
                    .collect();
                out.push((path.clone(), code.join("\n")));
            }
        }
    }
    let mut out = Vec::new();
    walk(&root().join("src"), &mut out);
    walk(&root().join("web"), &mut out);
    out
}

/// The ids the code asks for: `t!(LANG, "id"…)` and `.say("id"` in Rust,
/// `t("id"` and `data-t="id"` in the pages.
fn asked_for(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let id_at = |piece: &str, opener: char| -> Option<String> {
        let rest = piece.strip_prefix(opener)?;
        let id: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        (!id.is_empty() && rest[id.len()..].starts_with(opener)).then_some(id)
    };
    let word_starts = |at: usize| {
        !text[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
    };
    for (at, _) in text.match_indices("t!(").filter(|(at, _)| word_starts(*at)) {
        // The language expression, then the id.
        let piece = &text[at + 3..];
        if let Some(comma) = piece.find(',').filter(|&c| c < 60) {
            out.extend(id_at(piece[comma + 1..].trim_start(), '"'));
        }
    }
    for marker in [".say(", "t(", "data-t="] {
        for (at, _) in text.match_indices(marker) {
            // `t(` alone, not the end of `get(`.
            let before = text[..at].chars().next_back();
            if marker == "t(" && before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
            {
                continue;
            }
            let piece = &text[at + marker.len()..];
            out.extend(id_at(piece, '"').or_else(|| id_at(piece, '\'')));
        }
    }
    out
}

#[test]
fn every_language_has_every_message_and_no_other() {
    let languages = languages();
    let (_, english) = languages.iter().find(|(tag, _)| tag == "en").unwrap();
    assert!(languages.len() >= 2, "en and zh-Hans at least");
    for (tag, ids) in &languages {
        let missing: Vec<_> = english.difference(ids).collect();
        let extra: Vec<_> = ids.difference(english).collect();
        assert!(missing.is_empty(), "i18n/{tag}.ftl lacks {missing:?}");
        assert!(
            extra.is_empty(),
            "i18n/{tag}.ftl has {extra:?}, which en.ftl has not"
        );
    }
}

#[test]
fn every_message_is_used_and_every_message_used_exists() {
    let languages = languages();
    let (_, english) = languages.iter().find(|(tag, _)| tag == "en").unwrap();
    let sources = sources();
    let unused: Vec<_> = english
        .iter()
        .filter(|id| {
            let quoted = [format!("\"{id}\""), format!("'{id}'")];
            !sources
                .iter()
                .any(|(_, text)| quoted.iter().any(|q| text.contains(q.as_str())))
        })
        .collect();
    assert!(unused.is_empty(), "messages no code uses: {unused:?}");
    for (path, text) in &sources {
        let unknown: Vec<_> = asked_for(text)
            .into_iter()
            .filter(|id| !english.contains(id))
            .collect();
        assert!(
            unknown.is_empty(),
            "{} asks for messages i18n/en.ftl has not: {unknown:?}",
            path.display()
        );
    }
}

#[test]
fn every_language_file_parses_and_names_its_date_locale() {
    // Loading every language parses its file and its date-locale.
    let names: Vec<&str> = showclock::i18n::languages()
        .iter()
        .map(|l| l.tag())
        .collect();
    assert_eq!(names[0], "en");
    assert!(names.contains(&"zh-Hans"));
}
