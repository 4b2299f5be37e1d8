//! "Decode as": read the selected conversation's server port as another
//! protocol (the CLI's `--decode-as PORT=PROTO`), for a classroom server on
//! an odd port or a guess Postscope got wrong. Choosing analyses the capture
//! again: a built-in sample at once, the user's file by reading it again in
//! slices (its bytes are not kept in memory meanwhile).

use crate::i18n::{t, tf, use_locale, Locale};
use postscope_core::model::Protocol;
use postscope_core::protocols::PROTOCOLS;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The server port of the selected conversation.
    pub port: u16,
    /// How the conversation is read now.
    pub protocol: Protocol,
    /// The user's choice for this port, if any.
    pub chosen: Option<Protocol>,
    pub recognised_by: String,
    /// (port, protocol), or `None` to go back to automatic recognition.
    pub on_change: Callback<(u16, Option<Protocol>)>,
    /// False while loading.
    pub enabled: bool,
    /// The file is being read again for a choice just made.
    #[prop_or_default]
    pub busy: bool,
}

/// "automatic", then every protocol of the table.
fn choices(lc: Locale) -> impl Iterator<Item = (&'static str, &'static str)> {
    std::iter::once(("auto", t(lc, "decode_as.auto"))).chain(PROTOCOLS.iter().map(|s| (s.names[0], s.label)))
}

#[function_component(DecodeAs)]
pub fn decode_as(p: &Props) -> Html {
    let lc = use_locale();
    let onchange = {
        let (cb, port) = (p.on_change.clone(), p.port);
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let value = select.value();
            cb.emit((port, if value == "auto" { None } else { postscope_core::protocols::by_name(&value) }));
        })
    };
    let current = p.chosen.map_or("auto", |c| c.name());
    html! {
        <p id="decode-as" class="decode-as">
            <label for="decode-as-select">{ tf(lc, "decode_as.label", &[&p.port.to_string()]) }</label>
            <select id="decode-as-select" {onchange} disabled={!p.enabled || p.busy}>
                { for choices(lc).map(|(value, label)| html! {
                    <option value={value} selected={value == current}>{ label }</option>
                }) }
            </select>
            if p.busy {
                <span class="decode-as-now busy">{ t(lc, "decode_as.busy") }</span>
            } else {
                <span class="decode-as-now">{ tf(lc, "decode_as.now", &[&p.protocol.name().to_uppercase(), &p.recognised_by]) }</span>
            }
        </p>
    }
}
