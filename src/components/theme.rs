//! The light and the dark theme: the system's choice (prefers-color-scheme)
//! unless the student picks one here, remembered in localStorage. The
//! choice is the `data-theme` attribute of `<html>`; the colours are in
//! assets/style.css.

use crate::i18n::{t, use_locale};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

const KEY: &str = "postscope-theme";
const CHOICES: [(&str, &str); 3] = [("system", "theme.system"), ("light", "theme.light"), ("dark", "theme.dark")];

fn storage() -> Option<web_sys::Storage> {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window().and_then(|w| w.local_storage().ok().flatten())
    }
    #[cfg(not(target_arch = "wasm32"))]
    None
}

/// The remembered choice: "light", "dark" or "system".
pub fn stored() -> String {
    storage().and_then(|s| s.get_item(KEY).ok().flatten()).filter(|t| t == "light" || t == "dark").unwrap_or_else(|| "system".to_string())
}

/// Puts `theme` on `<html>` ("system" removes the attribute, leaving it to prefers-color-scheme).
pub fn apply(theme: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = match theme {
            "light" | "dark" => root.set_attribute("data-theme", theme),
            _ => root.remove_attribute("data-theme"),
        };
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = theme;
}

#[function_component(ThemeSwitch)]
pub fn theme_switch() -> Html {
    let lc = use_locale();
    let theme = use_state(stored);
    let onchange = {
        let theme = theme.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(s) = storage() {
                let _ = if value == "system" { s.remove_item(KEY) } else { s.set_item(KEY, &value) };
            }
            apply(&value);
            theme.set(value);
        })
    };
    html! {
        <p class="theme-switch">
            <label for="theme-select">{ t(lc, "theme.label") }</label>
            <select id="theme-select" {onchange}>
                { for CHOICES.iter().map(|(value, label)| html! {
                    <option value={*value} selected={*theme == *value}>{ t(lc, label) }</option>
                }) }
            </select>
        </p>
    }
}
