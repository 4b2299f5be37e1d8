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

/// Runs `then` once `locale`'s explanations can be given: at once when they
/// can (English; a language fetched before; the native tests, which build
/// every language in), else after its translation file is fetched and given
/// to the core ([`Locale::install`]). The served site has the files beside
/// its page (`locales/<tag>.tsv`, precached by the service worker); the
/// single-file copy carries them in `window.postscopeLocales`
/// (scripts/offline.py). If the file cannot be had, `then` still runs and
/// the explanations stay in English: the console says why, and the page says
/// so beside the language switch ([`explanations_missing`]); the next choice
/// of the language tries again.
pub fn when_ready(locale: Locale, then: impl FnOnce() + 'static) {
    if locale.is_ready() {
        return then();
    }
    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_futures::spawn_local(async move {
        match fetch_translation(locale).await {
            Ok(text) => locale.install(text),
            Err(e) => web_sys::console::error_1(
                &format!("Postscope: the {} explanations could not be loaded ({e}); they are shown in English", locale.tag()).into(),
            ),
        }
        then();
    });
    #[cfg(not(target_arch = "wasm32"))]
    then();
}

/// Whether the page is in `locale` but its explanations are shown in English
/// because the translation file could not be had: the page is drawn in a
/// language only once [`when_ready`] has tried to fetch it, so a language
/// that is still not ready then is one whose file failed.
pub fn explanations_missing(locale: Locale) -> bool {
    !locale.is_ready()
}

/// A language's translation file: the single-file copy's, else the site's.
#[cfg(target_arch = "wasm32")]
async fn fetch_translation(locale: Locale) -> Result<String, String> {
    use wasm_bindgen::JsCast;
    let window = web_sys::window().ok_or("no window")?;
    let carried = js_sys::Reflect::get(&window, &"postscopeLocales".into())
        .ok()
        .filter(|v| v.is_object())
        .and_then(|all| js_sys::Reflect::get(&all, &locale.tag().into()).ok())
        .and_then(|v| v.as_string());
    if let Some(text) = carried {
        return Ok(text);
    }
    let js = |e: wasm_bindgen::JsValue| format!("{e:?}");
    let url = format!("locales/{}.tsv", locale.tag());
    let response: web_sys::Response =
        wasm_bindgen_futures::JsFuture::from(window.fetch_with_str(&url)).await.map_err(js)?.dyn_into().map_err(js)?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    let text = wasm_bindgen_futures::JsFuture::from(response.text().map_err(js)?).await.map_err(js)?;
    text.as_string().ok_or_else(|| format!("{url}: not text"))
}

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
