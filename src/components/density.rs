//! How much of each explanation the transcript shows: a short form (the
//! catalogue's first sentence, `postscope_core::explain::short`, with the
//! rest a click away), the full text, or none. The choice is remembered in
//! localStorage and given to the transcript's rows as a Yew context.

use crate::i18n::{t, use_locale};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

const KEY: &str = "postscope-density";

/// The transcript's density.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Density {
    /// One sentence per row, the rest on request: what a first reading needs.
    #[default]
    Short,
    /// Every explanation in full (references quiet until hovered).
    Full,
    /// The wire only.
    Off,
}

impl Density {
    pub const ALL: [Density; 3] = [Density::Short, Density::Full, Density::Off];

    pub fn name(self) -> &'static str {
        match self {
            Density::Short => "short",
            Density::Full => "full",
            Density::Off => "off",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Density::Short => "density.short",
            Density::Full => "density.full",
            Density::Off => "density.off",
        }
    }

    pub fn from_name(name: &str) -> Option<Density> {
        Density::ALL.into_iter().find(|d| d.name() == name)
    }
}

fn storage() -> Option<web_sys::Storage> {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window().and_then(|w| w.local_storage().ok().flatten())
    }
    #[cfg(not(target_arch = "wasm32"))]
    None
}

/// The remembered choice (short when none was made).
pub fn stored() -> Density {
    storage().and_then(|s| s.get_item(KEY).ok().flatten()).and_then(|v| Density::from_name(&v)).unwrap_or_default()
}

fn remember(d: Density) {
    if let Some(s) = storage() {
        let _ = s.set_item(KEY, d.name());
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub value: Density,
    pub on_change: Callback<Density>,
}

/// The switch: short, full or off.
#[function_component(DensitySwitch)]
pub fn density_switch(p: &Props) -> Html {
    let lc = use_locale();
    let onchange = {
        let cb = p.on_change.clone();
        Callback::from(move |e: Event| {
            if let Some(d) = Density::from_name(&e.target_unchecked_into::<HtmlSelectElement>().value()) {
                remember(d);
                cb.emit(d);
            }
        })
    };
    html! {
        <label class="density-switch">
            { t(lc, "density.label") }
            <select id="density-select" {onchange}>
                { for Density::ALL.iter().map(|d| html! {
                    <option value={d.name()} selected={*d == p.value}>{ t(lc, d.label()) }</option>
                }) }
            </select>
        </label>
    }
}
