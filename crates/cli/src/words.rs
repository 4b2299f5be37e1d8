//! The CLI's own words (the transcript's and `--summary`'s labels) in each
//! language: `crates/cli/locales/<tag>.tsv`, English the reference.

use postscope_core::words::Words;

pub static WORDS: Words =
    Words::new(include_str!("../locales/en.tsv"), include_str!("../locales/tr.tsv"), include_str!("../locales/zh.tsv"));

#[cfg(test)]
mod tests {
    use super::*;
    use postscope_core::explain::{parse_locale, Locale};

    /// Every language has every key English has (English's singular `.one`
    /// forms are optional), nothing English lacks, the same placeholders,
    /// and no malformed line.
    #[test]
    fn every_table_is_complete() {
        for locale in Locale::ALL {
            let (_, bad) = parse_locale(WORDS.source(locale));
            assert!(bad.is_empty(), "{}.tsv: lines {bad:?} are not key<TAB>text", locale.tag());
            let (missing, extra, differ) = postscope_core::words::compare(&WORDS, locale);
            assert!(missing.is_empty(), "{}.tsv lacks {missing:?}", locale.tag());
            assert!(extra.is_empty(), "{}.tsv has keys English lacks: {extra:?}", locale.tag());
            assert!(differ.is_empty(), "{}.tsv: other placeholders than English in {differ:?}", locale.tag());
        }
    }

    /// Every key the CLI's code names is in the English table.
    #[test]
    fn every_key_the_code_names_exists() {
        let src = [include_str!("main.rs"), include_str!("summary.rs")].concat();
        let mut checked = 0;
        for call in ["word(\"", "WORDS.get(locale, \"", "count(locale, \""] {
            for (at, _) in src.match_indices(call) {
                let rest = &src[at + call.len()..];
                let key = &rest[..rest.find('"').unwrap()];
                assert!(WORDS.has(Locale::En, key), "the CLI names {key:?}, which crates/cli/locales/en.tsv lacks");
                checked += 1;
            }
        }
        assert!(checked > 20, "only {checked} keys found");
    }
}
