//! The CLI's own words (the transcript's and `--summary`'s labels) in each
//! language: `crates/cli/locales/<tag>.tsv`, English the reference.

use postscope_core::words::Words;

pub static WORDS: Words =
    Words::new(include_str!("../locales/en.tsv"), include_str!("../locales/tr.tsv"), include_str!("../locales/zh.tsv"));

thread_local! {
    /// The language `--lang` asked for, set before the arguments are parsed
    /// (help.rs), for the words of the value parsers' errors.
    static CHOSEN: std::cell::Cell<postscope_core::explain::Locale> = const { std::cell::Cell::new(postscope_core::explain::Locale::En) };
}

/// Sets the language of [`said`].
pub fn choose(locale: postscope_core::explain::Locale) {
    CHOSEN.with(|c| c.set(locale));
}

/// The words of `key` in the chosen language, `{0}`, `{1}`, ... filled.
pub fn said(key: &str, args: &[&str]) -> String {
    WORDS.fill(CHOSEN.with(|c| c.get()), key, args)
}

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

    /// Every TCP event the transcript names has its words in every language:
    /// English keeps the JSON's name, Turkish and Chinese write the events that
    /// are not a flag's name (SYN, FIN, ACK) in their own words.
    #[test]
    fn every_tcp_event_has_its_words() {
        use postscope_core::model::TcpKind::{self, *};
        let all = [
            Syn,
            SynAck,
            Ack,
            Fin,
            Rst,
            Retransmission,
            FastRetransmission,
            AckedUnseen,
            OutOfOrder,
            LostSegment,
            DuplicateAck,
            ZeroWindow,
            WindowFull,
            KeepAlive,
        ];
        // A kind added to the model and not to this list stops the build here.
        let _exhaustive = |k: TcpKind| match k {
            Syn | SynAck | Ack | Fin | Rst | Retransmission | FastRetransmission | AckedUnseen | OutOfOrder | LostSegment
            | DuplicateAck | ZeroWindow | WindowFull | KeepAlive => (),
        };
        for k in all {
            let key = format!("tcp.event.{}", k.name());
            assert_eq!(WORDS.get(Locale::En, &key), k.name(), "{key}");
            for locale in [Locale::Tr, Locale::Zh] {
                assert!(WORDS.has(locale, &key), "{}.tsv lacks {key}", locale.tag());
                let flag = matches!(k, Syn | SynAck | Ack | Fin | Rst | KeepAlive);
                assert!(flag || WORDS.get(locale, &key) != k.name(), "{}.tsv: {key} left in English", locale.tag());
            }
        }
    }

    /// Every key the CLI's code names is in the English table.
    #[test]
    fn every_key_the_code_names_exists() {
        let src = [include_str!("main.rs"), include_str!("summary.rs"), include_str!("plots.rs"), include_str!("help.rs")].concat();
        let mut checked = 0;
        for call in ["word(\"", "WORDS.get(locale, \"", "count(locale, \"", "said(\"", "word(locale, \""] {
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
