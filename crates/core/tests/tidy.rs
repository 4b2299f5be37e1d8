//! Tidy checks on the repository itself (after rust-analyzer's xtask tidy):
//! every repository path ARCHITECTURE.md names in backticks exists, so the
//! code map cannot drift from the tree without a test failing; and every
//! catalogue file is in the list `scripts/locale-check.py` checks.

mod common;

use std::path::{Path, PathBuf};

/// What the build writes, which a fresh checkout does not hold:
/// `scripts/build` writes `dist/`.
const GENERATED: &[&str] = &["dist/"];

/// Whether a backticked span reads as a repository path: no spaces or
/// pattern characters, not a URL, and either a `/` in it or the ending of a
/// source, document, manifest or script file.
fn looks_like_path(span: &str) -> bool {
    let plain = !span.is_empty() && !span.contains("://") && !span.chars().any(|c| c.is_whitespace() || "{}*<>|$#=,;()[]".contains(c));
    let ending = [".rs", ".md", ".toml", ".mjs", ".py", ".sh"].iter().any(|e| span.ends_with(e));
    plain && (span.contains('/') || ending)
}

/// The paths named in backticks, each with the paragraph (code map item)
/// it is in, from Markdown text.
fn named_paths(markdown: &str) -> Vec<(usize, Vec<String>)> {
    let mut out = Vec::new();
    let mut in_code_block = false;
    for (i, line) in markdown.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            in_code_block = !in_code_block;
            continue;
        }
        if in_code_block {
            continue;
        }
        let spans: Vec<String> = line.split('`').skip(1).step_by(2).filter(|s| looks_like_path(s)).map(String::from).collect();
        if !spans.is_empty() {
            out.push((i + 1, spans));
        }
    }
    out
}

/// The paths of a line that exist nowhere: a path is looked up from the
/// repository root, and from every folder the same line named before it
/// (and that folder's parents), as "`src/` ... `components/` ...
/// `stream_list.rs`" names `src/components/stream_list.rs`.
fn missing(root: &Path, spans: &[String]) -> Vec<String> {
    let mut bases: Vec<PathBuf> = vec![root.to_path_buf()];
    let mut gone = Vec::new();
    for span in spans {
        let found = bases.iter().rev().find_map(|b| {
            let mut dir = Some(b.as_path());
            while let Some(d) = dir {
                if d.join(span).exists() {
                    return Some(d.join(span));
                }
                if d == root {
                    break;
                }
                dir = d.parent();
            }
            None
        });
        match found {
            Some(p) if p.is_dir() => bases.push(p),
            // A file's folder: "`analyzer.rs` ...; `model.rs`".
            Some(p) => bases.extend(p.parent().map(Path::to_path_buf)),
            None if GENERATED.iter().any(|g| span.starts_with(g)) => {}
            None => gone.push(span.clone()),
        }
    }
    gone
}

#[test]
fn every_path_architecture_md_names_exists() {
    let root = common::root();
    let text = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    let named = named_paths(&text);
    assert!(named.iter().map(|(_, s)| s.len()).sum::<usize>() > 50, "ARCHITECTURE.md names few paths: {named:?}");
    let gone: Vec<String> = named
        .iter()
        .flat_map(|(line, spans)| missing(&root, spans).into_iter().map(move |s| format!("ARCHITECTURE.md:{line}: `{s}`")))
        .collect();
    assert!(gone.is_empty(), "ARCHITECTURE.md names paths that do not exist:\n{}", gone.join("\n"));
}

/// The check itself: a renamed file is caught, a file named from its
/// folder is found, and words that are not paths are left alone.
#[test]
fn the_path_check_catches_a_rename() {
    let root = common::root();
    let line = "- `crates/core/src/capture/` the reader: `mod.rs`, `pcap.rs`, `pcapng.rs`; `crates/core/src/net/link.rs`";
    let (_, spans) = &named_paths(line)[0];
    assert_eq!(spans.len(), 5);
    assert!(missing(&root, spans).is_empty(), "{:?}", missing(&root, spans));
    let renamed = line.replace("pcapng.rs", "pcap_ng.rs").replace("net/link.rs", "net/links.rs");
    let (_, spans) = &named_paths(&renamed)[0];
    assert_eq!(missing(&root, spans), ["pcap_ng.rs", "crates/core/src/net/links.rs"]);
    assert!(
        named_paths("`smtp.reply.550.RCPT`, `Analyzer::{new, feed, finish}`, `#sample=N&stream=S`, `https://example.org/a.md`").is_empty()
    );
    assert!(named_paths("```\nsrc/not_a_path.rs\n```").is_empty());
}

/// The catalogue files of `crates/core/src/explain/`: the ones that hold
/// entries (`entries! {`), by file name.
fn catalogue_files(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .filter(|p| std::fs::read_to_string(p).unwrap().contains("entries! {"))
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

/// The file names in `FILES = [...]` of `scripts/locale-check.py`.
fn locale_check_files(script: &str) -> Vec<String> {
    let Some(list) = script.lines().find_map(|l| l.strip_prefix("FILES = [")) else { return Vec::new() };
    let list = list.split(']').next().unwrap_or("");
    let mut out: Vec<String> = list.split(',').map(|s| s.trim().trim_matches('"').to_string()).filter(|s| !s.is_empty()).collect();
    out.sort();
    out
}

/// Every catalogue file is covered by the translations' key check
/// (`scripts/locale-check.py` reads only the files its `FILES` names), and
/// it names no file that is not one.
#[test]
fn every_catalogue_file_is_in_the_locale_check() {
    let root = common::root();
    let on_disk = catalogue_files(&root.join("crates/core/src/explain"));
    assert!(on_disk.len() >= 10 && on_disk.contains(&"catalogue.rs".to_string()), "{on_disk:?}");
    let listed = locale_check_files(&std::fs::read_to_string(root.join("scripts/locale-check.py")).unwrap());
    assert_eq!(listed, on_disk, "scripts/locale-check.py's FILES against the catalogue files of crates/core/src/explain/");
}

/// The check itself: a catalogue file left out of the list is caught.
#[test]
fn the_locale_check_list_test_catches_a_missing_file() {
    let listed = locale_check_files("X = 1\nFILES = [\"catalogue.rs\", \"smtp.rs\"]\nY = 2\n");
    assert_eq!(listed, ["catalogue.rs", "smtp.rs"]);
    let root = common::root();
    let on_disk = catalogue_files(&root.join("crates/core/src/explain"));
    assert_ne!(listed, on_disk);
    assert!(locale_check_files("no list here").is_empty());
}
