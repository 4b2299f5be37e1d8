//! A frame's bytes as Wireshark's bytes pane: offset, sixteen bytes in hex,
//! the same as ASCII. The selected field's bytes and a picked line's bytes
//! are marked; clicking a byte selects the field that holds it.

use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub bytes: Rc<Vec<u8>>,
    /// The selected field's bytes.
    pub selected: Option<(u32, u32)>,
    /// The bytes of the picked transcript line in this frame.
    pub marked: Rc<Vec<(u32, u32)>>,
    pub on_byte: Callback<u32>,
}

#[function_component(HexDump)]
pub fn hex_dump(p: &Props) -> Html {
    let lc = crate::i18n::use_locale();
    let in_sel = |i: u32| p.selected.is_some_and(|(a, b)| a <= i && i < b);
    let in_mark = |i: u32| p.marked.iter().any(|&(a, b)| a <= i && i < b);
    let rows = p.bytes.chunks(16).enumerate().map(|(r, chunk)| {
        let base = (r * 16) as u32;
        let cell = |k: usize, text: String, kind: &'static str| {
            let i = base + k as u32;
            let onclick = {
                let on_byte = p.on_byte.clone();
                Callback::from(move |_: MouseEvent| on_byte.emit(i))
            };
            html! { <span class={classes!(kind, in_sel(i).then_some("sel"), in_mark(i).then_some("mark"))} data-i={i.to_string()} {onclick}>{ text }</span> }
        };
        html! {
            <div class="hex-row">
                <span class="off">{ format!("{base:04x}") }</span>
                <span class="hex">{ for chunk.iter().enumerate().map(|(k, b)| cell(k, format!("{b:02x}"), "b")) }</span>
                <span class="asc">{ for chunk.iter().enumerate().map(|(k, b)| cell(k, if (0x20..0x7f).contains(b) { (*b as char).to_string() } else { ".".into() }, "a")) }</span>
            </div>
        }
    });
    html! { <div class="hexdump" aria-label={crate::i18n::t(lc, "hexdump.label")}>{ for rows }</div> }
}
