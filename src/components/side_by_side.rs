//! The lesson of a conversation decrypted with a key log, side by side: what
//! crossed the wire (the encrypted records an eavesdropper saw) beside what
//! was inside them (the dialogue Postscope read with the keys), frame by
//! frame. Capture text goes into text nodes only.

use crate::state::Shared;
use postscope_core::model::Analysis;
use postscope_core::side_by_side::{side_by_side, InsideKind};
use yew::prelude::*;

/// The words of this view, in one place (for the locale table to come).
mod words {
    pub const TITLE: &str = "sbs.title";
    pub const WIRE: &str = "sbs.wire";
    pub const INSIDE: &str = "sbs.inside";
    pub const FRAME: &str = "sbs.frame";
    pub const NOTHING: &str = "sbs.nothing";
    pub const INTRO: &str = "sbs.intro";
    pub const INTRO_ONE: &str = "sbs.intro.one";
    pub const RECORD: &str = "sbs.record";
    pub const C2S: &str = "sbs.c2s";
    pub const S2C: &str = "sbs.s2c";
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub analysis: Shared<Analysis>,
    pub stream: u32,
    #[prop_or_default]
    pub focus: Option<u32>,
    pub on_focus: Callback<u32>,
}

fn kind_class(k: InsideKind) -> &'static str {
    match k {
        InsideKind::Command => "command",
        InsideKind::Reply => "reply",
        InsideKind::Content => "content",
        InsideKind::Sasl => "sasl",
        InsideKind::Other => "other",
        InsideKind::Login => "login",
        InsideKind::Message => "message",
        InsideKind::Tls => "tls",
    }
}

#[function_component(SideBySide)]
pub fn side_by_side_view(p: &Props) -> Html {
    let lc = crate::i18n::use_locale();
    let view = use_memo((p.analysis.clone(), p.stream), |(a, n)| a.streams.iter().find(|s| s.stream == *n).and_then(side_by_side));
    let Some(v) = view.as_ref() else {
        return html! {};
    };
    let onclick = {
        let cb = p.on_focus.clone();
        Callback::from(move |e: MouseEvent| {
            let el: web_sys::Element = e.target_unchecked_into();
            if let Some(f) =
                el.closest("tr[data-frame]").ok().flatten().and_then(|r| r.get_attribute("data-frame")).and_then(|t| t.parse().ok())
            {
                cb.emit(f);
            }
        })
    };
    html! {
        <details id="side-by-side" class="wire-inside" open=true>
            <summary><h4>{ crate::i18n::t(lc, words::TITLE) }</h4></summary>
            <p class="sbs-intro">{ crate::i18n::tf(lc, if v.clear_lines == 1 { words::INTRO_ONE } else { words::INTRO }, &[&v.tls_from.to_string(), &v.clear_lines.to_string()]) }</p>
            <div class="sbs-scroll">
                <table class="sbs" {onclick}>
                    <thead><tr><th scope="col">{ crate::i18n::t(lc, words::FRAME) }</th><th scope="col">{ crate::i18n::t(lc, words::WIRE) }</th><th scope="col">{ crate::i18n::t(lc, words::INSIDE) }</th></tr></thead>
                    <tbody>
                        { for v.rows.iter().map(|r| html! {
                            <tr data-frame={r.frame.to_string()} class={classes!(if r.from_client { "client" } else { "server" }, (p.focus == Some(r.frame)).then_some("selected"))}>
                                <td class="sbs-frame">{ r.frame }<span class="sbs-who">{ crate::i18n::t(lc, if r.from_client { words::C2S } else { words::S2C }) }</span></td>
                                <td class="sbs-wire">
                                    { for r.wire.iter().map(|w| html! { <div class="record">{ crate::i18n::tf(lc, words::RECORD, &[&w.kind.replace('_', " "), &w.bytes.to_string()]) }</div> }) }
                                </td>
                                <td class="sbs-inside">
                                    if r.inside.is_empty() { <span class="sbs-nothing">{ crate::i18n::t(lc, words::NOTHING) }</span> }
                                    { for r.inside.iter().map(|i| html! { <div class={classes!("inside", kind_class(i.kind))}><code>{ &i.text }</code></div> }) }
                                </td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </details>
    }
}
