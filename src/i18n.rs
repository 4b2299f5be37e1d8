//! The interface's words in each language: one table per language,
//! `locales/ui/<tag>.tsv` (`key<TAB>text`, `{0}` arguments), English the
//! reference; and the reader's [`Locale`], given to every component as a
//! Yew context by the app. Capture text is never looked up here: it is shown
//! as sent. Explanations come from the core's catalogue in the same locale.

pub use postscope_core::explain::Locale;
use postscope_core::words::Words;
use yew::prelude::*;

/// The app's tables (English, Turkish, Simplified Chinese).
pub static UI: Words =
    Words::new(include_str!("../locales/ui/en.tsv"), include_str!("../locales/ui/tr.tsv"), include_str!("../locales/ui/zh.tsv"));

/// The words of `key` in `locale`.
pub fn t(locale: Locale, key: &'static str) -> &'static str {
    UI.get(locale, key)
}

/// The words of `key` with `{0}`, `{1}`, ... filled.
pub fn tf(locale: Locale, key: &str, args: &[&str]) -> String {
    UI.fill(locale, key, args)
}

/// A count ("3 conversations"; English has a singular, Turkish and Chinese do not).
pub fn count(locale: Locale, key: &str, n: usize) -> String {
    UI.count(locale, key, n as u64)
}

/// The reader's language, as the app provides it.
#[hook]
pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_default()
}
