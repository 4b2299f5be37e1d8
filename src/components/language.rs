//! The page's language: the one remembered in localStorage, else the first
//! of the browser's `navigator.languages` Postscope has, else English; the
//! switch in the header changes it. It is the `lang` attribute of `<html>`
//! (which also picks the Chinese font, see assets/style.css) and the
//! [`Locale`] the app gives every component.

use crate::i18n::{t, Locale};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

const KEY: &str = "postscope-lang";

/// Each language, named in itself.
const CHOICES: [(Locale, &str); 3] = [(Locale::En, "English"), (Locale::Tr, "Türkçe"), (Locale::Zh, "中文（简体）")];

fn storage() -> Option<web_sys::Storage> {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window().and_then(|w| w.local_storage().ok().flatten())
    }
    #[cfg(not(target_arch = "wasm32"))]
    None
}

/// The browser's preferred languages, most preferred first.
fn browser_languages() -> Vec<String> {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window().map(|w| w.navigator().languages().iter().filter_map(|v| v.as_string()).collect()).unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    Vec::new()
}

/// The language to start in: remembered, else the browser's, else English.
pub fn initial() -> Locale {
    if let Some(l) = storage().and_then(|s| s.get_item(KEY).ok().flatten()).and_then(|t| Locale::from_tag(&t)) {
        return l;
    }
    let langs = browser_languages();
    Locale::negotiate(langs.iter().map(|s| s.as_str()))
}

/// The `lang` attribute for a locale ("zh-CN": Simplified Chinese, so the browser picks Simplified glyphs).
pub fn html_lang(locale: Locale) -> &'static str {
    match locale {
        Locale::Zh => "zh-CN",
        other => other.tag(),
    }
}

/// Puts the language on `<html lang>`.
pub fn apply(locale: Locale) {
    #[cfg(target_arch = "wasm32")]
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", html_lang(locale));
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = locale;
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub locale: Locale,
    pub on_change: Callback<Locale>,
}

#[function_component(LanguageSwitch)]
pub fn language_switch(p: &Props) -> Html {
    let onchange = {
        let cb = p.on_change.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            let locale = Locale::from_tag(&value).unwrap_or_default();
            if let Some(s) = storage() {
                let _ = s.set_item(KEY, locale.tag());
            }
            let cb = cb.clone();
            // The language's explanations are fetched first (once), so the page changes language in one step.
            crate::i18n::when_ready(locale, move || {
                apply(locale);
                cb.emit(locale);
            });
        })
    };
    html! {
        <p class="language-switch">
            <label for="language-select">{ t(p.locale, "language.label") }</label>
            <select id="language-select" {onchange}>
                { for CHOICES.iter().map(|(l, name)| html! {
                    <option value={l.tag()} lang={html_lang(*l)} selected={p.locale == *l}>{ *name }</option>
                }) }
            </select>
            if crate::i18n::explanations_missing(p.locale) {
                <span id="language-missing" class="language-missing" role="status">{ t(p.locale, "language.missing") }</span>
            }
        </p>
    }
}
