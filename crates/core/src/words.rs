//! The words of an interface (the app's buttons and headings, the CLI's
//! labels) in each [`Locale`]: one table per language, in the format of the
//! catalogue's translations (`key<TAB>text`, `#` comments, `{0}` arguments),
//! built into the shell that shows them. English is the reference table: a
//! key another table lacks is shown in English (the shells' tests fail on it).

use crate::explain::{parse_locale, Locale};
use std::collections::HashMap;
use std::sync::OnceLock;

/// One interface's tables, English, Turkish and Chinese, parsed on first use.
pub struct Words {
    sources: [&'static str; 3],
    tables: [OnceLock<HashMap<&'static str, &'static str>>; 3],
}

fn index(locale: Locale) -> usize {
    Locale::ALL.iter().position(|l| *l == locale).unwrap_or(0)
}

impl Words {
    /// The tables, in the order of [`Locale::ALL`] (English, Turkish, Chinese).
    pub const fn new(en: &'static str, tr: &'static str, zh: &'static str) -> Words {
        Words { sources: [en, tr, zh], tables: [OnceLock::new(), OnceLock::new(), OnceLock::new()] }
    }
    /// The file text of a language's table.
    pub fn source(&self, locale: Locale) -> &'static str {
        self.sources[index(locale)]
    }
    fn table(&self, locale: Locale) -> &HashMap<&'static str, &'static str> {
        let i = index(locale);
        self.tables[i].get_or_init(|| parse_locale(self.sources[i]).0.into_iter().collect())
    }
    /// Whether this language's table has `key`.
    pub fn has(&self, locale: Locale, key: &str) -> bool {
        self.table(locale).contains_key(key)
    }
    /// The text of `key`: this language's, else English's, else the key itself
    /// (so a forgotten key is visible, never blank).
    pub fn get<'a>(&self, locale: Locale, key: &'a str) -> &'a str
    where
        'static: 'a,
    {
        self.table(locale).get(key).or_else(|| self.table(Locale::En).get(key)).copied().unwrap_or(key)
    }
    /// The text of `key` with `{0}`, `{1}`, ... filled from `args`.
    pub fn fill(&self, locale: Locale, key: &str, args: &[&str]) -> String {
        fill(self.get(locale, key), args)
    }
    /// A count: `key.one` for 1 where the language has that form (English
    /// does; Turkish and Chinese say "3 ileti", "3 封", with no plural), else `key`, with `{0}` = n.
    pub fn count(&self, locale: Locale, key: &str, n: u64) -> String {
        let one = format!("{key}.one");
        let key =
            if n == 1 && (self.has(locale, &one) || (!self.has(locale, key) && self.has(Locale::En, &one))) { one.as_str() } else { key };
        fill(self.get(locale, key), &[&n.to_string()])
    }
}

/// Fills `{N}` in `text`; a placeholder without an argument is left as it is.
pub fn fill(text: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').and_then(|c| after[..c].parse::<usize>().ok().map(|n| (n, c))) {
            Some((n, c)) if n < args.len() => {
                out.push_str(args[n]);
                rest = &after[c + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `{N}` placeholders of a text, for the tables' tests.
pub fn placeholders(text: &str) -> std::collections::BTreeSet<usize> {
    let mut out = std::collections::BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        if let Some(n) = after.find('}').and_then(|c| after[..c].parse::<usize>().ok()) {
            out.insert(n);
        }
        rest = after;
    }
    out
}

/// What a table lacks against English, what it has that English lacks, and
/// its keys whose placeholders differ from English's: for the shells' tests.
/// `key.one` (English's singular) is optional in other languages.
pub fn compare(words: &Words, locale: Locale) -> (Vec<&'static str>, Vec<&'static str>, Vec<&'static str>) {
    let en = words.table(Locale::En);
    let other = words.table(locale);
    let mut missing: Vec<_> = en.keys().filter(|k| !k.ends_with(".one") && !other.contains_key(*k)).copied().collect();
    let mut extra: Vec<_> = other.keys().filter(|k| !en.contains_key(*k)).copied().collect();
    let mut differ: Vec<_> =
        other.iter().filter(|(k, t)| en.get(*k).is_some_and(|e| placeholders(e) != placeholders(t))).map(|(k, _)| *k).collect();
    missing.sort();
    extra.sort();
    differ.sort();
    (missing, extra, differ)
}

#[cfg(test)]
mod tests {
    use super::*;

    static W: Words = Words::new("a\tapple {0}\nn\t{0} things\nn.one\t{0} thing\n", "a\telma {0}\nn\t{0} şey\n", "# none yet\n");

    #[test]
    fn lookup_fill_count_and_fallback() {
        assert_eq!(W.fill(Locale::Tr, "a", &["x"]), "elma x");
        assert_eq!(W.fill(Locale::Zh, "a", &["x"]), "apple x", "falls back to English");
        assert_eq!(W.get(Locale::En, "nope"), "nope");
        assert_eq!(W.count(Locale::En, "n", 1), "1 thing");
        assert_eq!(W.count(Locale::En, "n", 2), "2 things");
        assert_eq!(W.count(Locale::Tr, "n", 1), "1 şey");
        assert_eq!(W.count(Locale::Zh, "n", 1), "1 thing");
        let (missing, extra, differ) = compare(&W, Locale::Zh);
        assert_eq!((missing, extra, differ), (vec!["a", "n"], vec![], vec![]));
        assert_eq!(compare(&W, Locale::Tr), (vec![], vec![], vec![]));
    }
}
