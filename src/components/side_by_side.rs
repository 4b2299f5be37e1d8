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
    pub const TITLE: &str = "What crossed the wire, and what was inside";
    pub const WIRE: &str = "What crossed the wire (an eavesdropper's view)";
    pub const INSIDE: &str = "What was inside (read with the key log)";
    pub const FRAME: &str = "Frame";
    pub const NOTHING: &str = "(no line starts in this record)";
    pub fn intro(from: u32, clear: u32) -> String {
        format!(
            "Before frame {from}, {clear} line{} crossed in clear: an eavesdropper read them as you do. From frame {from} on, an eavesdropper saw only the left column: record types, sizes, sides and times.",
            if clear == 1 { "" } else { "s" }
        )
    }
    pub fn record(kind: &str, bytes: u64) -> String {
        format!("TLS {} · {bytes} bytes", kind.replace('_', " "))
    }
    pub fn who(from_client: bool) -> &'static str {
        if from_client {
            "C→S"
        } else {
            "S→C"
        }
    }
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
            <summary><h4>{ words::TITLE }</h4></summary>
            <p class="sbs-intro">{ words::intro(v.tls_from, v.clear_lines) }</p>
            <div class="sbs-scroll">
                <table class="sbs" {onclick}>
                    <thead><tr><th scope="col">{ words::FRAME }</th><th scope="col">{ words::WIRE }</th><th scope="col">{ words::INSIDE }</th></tr></thead>
                    <tbody>
                        { for v.rows.iter().map(|r| html! {
                            <tr data-frame={r.frame.to_string()} class={classes!(if r.from_client { "client" } else { "server" }, (p.focus == Some(r.frame)).then_some("selected"))}>
                                <td class="sbs-frame">{ r.frame }<span class="sbs-who">{ words::who(r.from_client) }</span></td>
                                <td class="sbs-wire">
                                    { for r.wire.iter().map(|w| html! { <div class="record">{ words::record(&w.kind, w.bytes) }</div> }) }
                                </td>
                                <td class="sbs-inside">
                                    if r.inside.is_empty() { <span class="sbs-nothing">{ words::NOTHING }</span> }
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
