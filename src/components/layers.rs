//! A frame's layers as a tree, as Wireshark's packet details pane: each
//! layer folds; selecting a field marks its bytes in the hex dump.

use postscope_core::dissect::Field;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub layers: Rc<Vec<Field>>,
    /// The byte range selected (a field's, or the field holding a byte clicked in the dump).
    pub selected: Option<(u32, u32)>,
    pub on_select: Callback<(u32, u32)>,
}

fn field_view(f: &Field, depth: usize, selected: Option<(u32, u32)>, on_select: &Callback<(u32, u32)>) -> Html {
    let range = (f.start, f.end);
    let is_sel = selected == Some(range) && f.end > f.start;
    let onclick = {
        let on_select = on_select.clone();
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            if range.1 > range.0 {
                on_select.emit(range);
            }
        })
    };
    let label = html! {
        <button class={classes!("field", is_sel.then_some("selected"), (f.end == f.start).then_some("computed"))} {onclick}
            aria-pressed={is_sel.to_string()} data-start={f.start.to_string()} data-end={f.end.to_string()}>{ &f.label }</button>
    };
    if f.children.is_empty() {
        return html! { <li role="treeitem">{ label }</li> };
    }
    // Wireshark opens no layer by default; here the ones a student reads first are open: TCP and the mail unit.
    let open = depth == 0 && (f.label.starts_with("Transmission Control") || !f.label.contains(", ") && !f.label.starts_with("Frame "))
        || selected.is_some_and(|(a, b)| f.start <= a && b <= f.end && depth == 0);
    html! {
        <li role="treeitem">
            <details {open}>
                <summary>{ label }</summary>
                <ul role="group">{ for f.children.iter().map(|c| field_view(c, depth + 1, selected, on_select)) }</ul>
            </details>
        </li>
    }
}

#[function_component(LayerTree)]
pub fn layer_tree(p: &Props) -> Html {
    let lc = crate::i18n::use_locale();
    html! {
        <ul class="layers" role="tree" aria-label={crate::i18n::t(lc, "layers.label")}>
            { for p.layers.iter().map(|f| field_view(f, 0, p.selected, &p.on_select)) }
        </ul>
    }
}
