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

/// A TCP event's name as the transcript labels it: a flag's (SYN, SYN ACK,
/// FIN) in every language; an analysis event (retransmission, out of order)
/// as the model names it in English, in the reader's words (`timing.event.*`) elsewhere.
pub fn tcp_event(locale: Locale, k: postscope_core::model::TcpKind) -> String {
    use postscope_core::model::TcpKind::*;
    let name = k.name().replace('_', " ");
    let key = format!("timing.event.{}", k.name());
    if locale == Locale::En || matches!(k, Syn | SynAck | Ack | Fin | Rst) || !UI.has(locale, &key) {
        name
    } else {
        tf(locale, &key, &[])
    }
}

/// The badge of a TCP event ("TCP SYN ACK", "TCP RETRANSMISSION"; "TCP yeniden iletim", "TCP 重传").
pub fn tcp_badge(locale: Locale, k: postscope_core::model::TcpKind) -> String {
    let words = tcp_event(locale, k);
    if words.is_ascii() && (locale == Locale::En || words == k.name().replace('_', " ")) {
        format!("TCP {}", words.to_uppercase())
    } else {
        format!("TCP {words}")
    }
}
