//! Embeds every translation file of `i18n/` in the binary: a new language is
//! a new `i18n/TAG.ftl`, with no code to change.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("i18n");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the i18n folder")
        .map(|entry| entry.expect("an i18n entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "ftl"))
        .collect();
    files.sort();
    let mut out = String::from("&[\n");
    for path in files {
        println!("cargo:rerun-if-changed={}", path.display());
        let tag = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("a file name");
        writeln!(
            out,
            "    ({tag:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    out.push(']');
    let target = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("languages.rs");
    std::fs::write(target, out).expect("the language list");
}
