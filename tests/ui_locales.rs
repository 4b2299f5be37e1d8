//! The interface's tables, `locales/ui/<tag>.tsv`: every language has every
//! key English has (English's `.one` singular forms are optional elsewhere),
//! nothing English lacks, the same placeholders; every key the app's code
//! names is in the English table (or is an explanation of the catalogue).

use postscope_core::explain::{entry, parse_locale, Locale};
use postscope_core::words::compare;
use postscope_web::i18n::UI;

#[test]
fn every_table_is_complete() {
    for locale in Locale::ALL {
        let (entries, bad) = parse_locale(UI.source(locale));
        assert!(bad.is_empty(), "locales/ui/{}.tsv: lines {bad:?} are not key<TAB>text", locale.tag());
        assert!(entries.len() > 100, "locales/ui/{}.tsv has only {} entries", locale.tag(), entries.len());
        let (missing, extra, differ) = compare(&UI, locale);
        assert!(missing.is_empty(), "locales/ui/{}.tsv lacks {missing:?}", locale.tag());
        assert!(extra.is_empty(), "locales/ui/{}.tsv has keys English lacks: {extra:?}", locale.tag());
        assert!(differ.is_empty(), "locales/ui/{}.tsv: other placeholders than English in {differ:?}", locale.tag());
    }
}

/// The Turkish and Chinese tables are translations, not copies of English
/// (a few words are the same in every language: "TCP {1}", "{0}, {1}").
#[test]
fn the_tables_are_translated() {
    let en: std::collections::HashMap<_, _> = parse_locale(UI.source(Locale::En)).0.into_iter().collect();
    for locale in [Locale::Tr, Locale::Zh] {
        let (entries, _) = parse_locale(UI.source(locale));
        let same: Vec<&str> = entries
            .iter()
            .filter(|(k, t)| en.get(k) == Some(t) && t.chars().filter(|c| c.is_alphabetic()).count() > 3)
            .map(|(k, _)| *k)
            .collect();
        assert!(same.is_empty(), "{}: the same as English: {same:?}", locale.tag());
    }
}

#[test]
fn every_key_the_app_names_exists() {
    fn rust_files(dir: &std::path::Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                rust_files(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    let mut sources = Vec::new();
    rust_files(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut sources);
    let prefixes = [
        "app",
        "language",
        "theme",
        "open",
        "error",
        "summary",
        "note",
        "streams",
        "happened",
        "decode_as",
        "transcript",
        "phases",
        "message",
        "list",
    ];
    let mut checked = 0;
    for src in &sources {
        for piece in src.split('"').skip(1).step_by(2) {
            let Some((prefix, rest)) = piece.split_once('.') else { continue };
            if !prefixes.contains(&prefix)
                || rest.is_empty()
                || !piece.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'_')
            {
                continue;
            }
            assert!(UI.has(Locale::En, piece) || entry(piece).is_some(), "the app names {piece:?}, which locales/ui/en.tsv lacks");
            checked += 1;
        }
    }
    assert!(checked > 120, "only {checked} keys found");
}
