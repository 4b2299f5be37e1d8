//! The evidence under the story, as Wireshark shows it: the packet list
//! (every frame, or the conversation's, in Wireshark's columns, filtered by
//! words; only the rows near the viewport are built), the selected frame's
//! layers and hex dump, the frames a transcript line came in (its bytes
//! highlighted in each), the Wireshark display filters with a copy button,
//! and Follow TCP Stream (saved as text). The core builds every row, field
//! and filter; this file only shows them. Capture text goes into text nodes
//! only.

use crate::components::{hexdump::HexDump, layers::LayerTree};
use crate::frame_bytes;
use crate::state::{Data, Shared};
use postscope_core::dissect::{self, Field};
use postscope_core::model::{Analysis, Dir, Item, Line};
use postscope_core::packets::{self, Carried, FilterFinds, RowContext, Segment};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The words of this view, in one place (for the locale table to come).
pub struct Text;
impl Text {
    pub const TITLE: &'static str = "packets.title";
    pub const ONLY_STREAM: &'static str = "packets.only_stream";
    pub const FILTER_PLACEHOLDER: &'static str = "packets.filter_placeholder";
    pub const FILTER_LABEL: &'static str = "packets.filter_label";
    pub const COLUMNS: [&'static str; 7] = [
        "packets.columns.0",
        "packets.columns.1",
        "packets.columns.2",
        "packets.columns.3",
        "packets.columns.4",
        "packets.columns.5",
        "packets.columns.6",
    ];
    pub const NO_ROWS: &'static str = "packets.no_rows";
    pub const NO_FRAME: &'static str = "packets.no_frame";
    pub const READING: &'static str = "packets.reading";
    pub const COPY: &'static str = "packets.copy";
    pub const COPIED: &'static str = "packets.copied";
    pub const FILTERS: &'static str = "packets.filters";
    pub const FOLLOW: &'static str = "packets.follow";
    pub const FOLLOW_HIDE: &'static str = "packets.follow_hide";
    pub const SAVE_FOLLOW: &'static str = "packets.save_follow";
    pub const FOLLOW_NOTE: &'static str = "packets.follow_note";
    pub const LAYERS: &'static str = "packets.layers";
    pub const BYTES: &'static str = "packets.bytes";
}

fn finds_label(f: FilterFinds) -> &'static str {
    match f {
        FilterFinds::ThisLine => "packets.finds.thisline",
        FilterFinds::ItsFrames => "packets.finds.itsframes",
        FilterFinds::EveryLikeIt => "packets.finds.everylikeit",
        FilterFinds::Packet => "packets.finds.packet",
        FilterFinds::Conversation => "packets.finds.conversation",
    }
}

/// "frames 6–18, 7 segments": where a line came in, and the frames between
/// its segments that carried none of it (acknowledgements, the other side).
fn carried_words(line: &Line, lc: crate::i18n::Locale) -> String {
    use crate::i18n::{t, tf};
    let mut frames: Vec<u32> = line.frames.iter().map(|s| s.frame).collect();
    frames.dedup();
    match frames.as_slice() {
        [] => t(lc, "packets.carried.none").into(),
        [one] => tf(lc, "packets.carried.one", &[&one.to_string()]),
        [first, .., last] => {
            let between = (last - first + 1) as usize - frames.len();
            let (f, l, n) = (first.to_string(), last.to_string(), frames.len().to_string());
            match between {
                0 => tf(lc, "packets.carried.frames", &[&f, &l, &n]),
                1 => tf(lc, "packets.carried.frames.between.one", &[&f, &l, &n]),
                b => tf(lc, "packets.carried.frames.between", &[&f, &l, &n, &b.to_string()]),
            }
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub analysis: Shared<Analysis>,
    /// Where the frames' bytes can be read again.
    pub data: Option<Data>,
    /// The conversation on screen.
    pub stream: u32,
    /// A line the user picked in the transcript (its number in the stream).
    #[prop_or_default]
    pub line: Option<u32>,
    /// The whole frame index, once the worker sent it (`analysis.frames` has
    /// only the rows of the conversation on screen).
    #[prop_or_default]
    pub all_frames: Option<Shared<postscope_core::frames::Frames>>,
    /// The list is to show every frame and the whole index is not here yet.
    #[prop_or_default]
    pub on_need_all: Callback<()>,
}

const ROW_PX: f64 = 26.0;
const VISIBLE: usize = 14;
const OVERSCAN: usize = 10;

/// What the search words are matched against for frame `n`: its conversation, lines and TCP events.
fn search_text(a: &Analysis, carried: &Carried, n: u32, stream: Option<u32>) -> String {
    let mut s = format!("{n} ");
    if let Some(st) = stream.and_then(|i| a.streams.get(i as usize)) {
        s.push_str(&format!("{} {} {} ", st.protocol.name(), st.client, st.server));
    }
    for (l, _) in carried.lines(a, n) {
        s.push_str(&l.text);
        s.push(' ');
    }
    for e in carried.events(a, n) {
        s.push_str(e.event.name());
        s.push(' ');
    }
    s.to_lowercase()
}

fn copy_text(text: &str) {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        let Some(nav) = web_sys::window().map(|w| w.navigator()) else { return };
        let Ok(clip) = js_sys::Reflect::get(&nav, &"clipboard".into()) else { return };
        if let Ok(f) = js_sys::Reflect::get(&clip, &"writeText".into()).and_then(|f| f.dyn_into::<js_sys::Function>()) {
            let _ = f.call1(&clip, &text.into());
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = text;
}

#[derive(Properties, PartialEq)]
struct FilterProps {
    label: AttrValue,
    filter: AttrValue,
}

/// A display filter with its copy button.
#[function_component(FilterRow)]
fn filter_row(p: &FilterProps) -> Html {
    let lc = crate::i18n::use_locale();
    let copied = use_state(|| false);
    let onclick = {
        let (filter, copied) = (p.filter.clone(), copied.clone());
        Callback::from(move |_: MouseEvent| {
            copy_text(&filter);
            copied.set(true);
        })
    };
    html! {
        <li class="ws-filter">
            <span class="what">{ p.label.clone() }</span>
            <code class="filter">{ p.filter.clone() }</code>
            <button class="button copy" {onclick} aria-label={format!("{} {}", crate::i18n::t(lc, Text::COPY), p.filter)}>{ if *copied { crate::i18n::t(lc, Text::COPIED) } else { crate::i18n::t(lc, Text::COPY) } }</button>
        </li>
    }
}

#[function_component(Packets)]
pub fn packets(p: &Props) -> Html {
    let lc = crate::i18n::use_locale();
    let only_stream = use_state(|| true);
    // The page holds the index rows of the conversation on screen; the whole
    // index is asked of the analysis worker once the list is to show every frame.
    let whole = p.all_frames.clone().filter(|_| !*only_stream);
    {
        let (need, on_need_all) = (!*only_stream && p.all_frames.is_none(), p.on_need_all.clone());
        use_effect_with(need, move |need| {
            if *need {
                on_need_all.emit(())
            }
        });
    }
    let a: Shared<Analysis> = (*use_memo((p.analysis.clone(), whole), |(a, w)| match w {
        Some(f) => Shared(Rc::new(Analysis { capture: a.capture.clone(), streams: a.streams.clone(), frames: (**f).clone() })),
        None => a.clone(),
    }))
    .clone();
    let carried = use_memo(a.clone(), |a| Carried::new(a));
    let words = use_state(String::new);
    let selected = use_state(|| None::<u32>);
    let field = use_state(|| None::<(u32, u32)>);
    let scroll = use_state(|| 0.0f64);
    let follow = use_state(|| None::<Vec<packets::Block>>);
    let cache: Rc<RefCell<HashMap<u32, Vec<u8>>>> = (*use_memo(a.clone(), |_| Rc::new(RefCell::new(HashMap::new())))).clone();
    let pending: Rc<RefCell<HashSet<u32>>> = (*use_memo(a.clone(), |_| Rc::new(RefCell::new(HashSet::new())))).clone();
    let version = use_state(|| 0u32);
    let gzip = a.capture.gzip;
    let list_ref = use_node_ref();

    let stream = a.streams.iter().find(|s| s.stream == p.stream);
    let line: Option<&Line> = p.line.and_then(|n| {
        stream?.items.iter().find_map(|i| match i {
            Item::Line(l) if l.number == n => Some(l),
            _ => None,
        })
    });
    // A picked line selects the first frame that carried it.
    {
        let selected = selected.clone();
        let field = field.clone();
        let first = line.and_then(|l| l.frames.first().map(|s| s.frame));
        use_effect_with((p.stream, p.line, first), move |(_, _, first)| {
            if first.is_some() {
                selected.set(*first);
                field.set(None);
            }
        });
    }
    // The frames the list shows.
    let shown: Rc<Vec<u32>> = {
        let (a, carried) = (a.clone(), carried.clone());
        (*use_memo((a.clone(), *only_stream, p.stream, (*words).clone()), move |(_, only, stream, words)| {
            let words: Vec<String> = words.split_whitespace().map(str::to_lowercase).collect();
            Rc::new(
                a.frames
                    .iter()
                    .filter(|(_, r)| !*only || r.tcp_stream() == Some(*stream))
                    .filter(|(n, r)| {
                        words.is_empty() || {
                            let text = search_text(&a, &carried, *n, r.tcp_stream());
                            words.iter().all(|w| text.contains(w.as_str()))
                        }
                    })
                    .map(|(n, _)| n)
                    .collect::<Vec<u32>>(),
            )
        }))
        .clone()
    };
    let bytes_of = {
        let (data, cache, a) = (p.data.clone(), cache.clone(), a.clone());
        move |n: u32| -> Option<Vec<u8>> {
            match &data {
                Some(Data::Sample(bytes)) if !gzip => a.frames.get(n).map(|r| frame_bytes::from_sample(bytes, &r)),
                _ => cache.borrow().get(&n).cloned(),
            }
        }
    };
    let first = ((*scroll / ROW_PX) as usize).saturating_sub(OVERSCAN);
    let last = (first + VISIBLE + 2 * OVERSCAN).min(shown.len());
    let mut wanted: Vec<u32> = shown[first.min(last)..last].to_vec();
    if let Some(s) = *selected {
        wanted.push(s);
    }
    // A user's file: read the frames in view that are not read yet, in one slice.
    if let Some(data @ Data::File(_)) = &p.data {
        let missing: Vec<(u32, postscope_core::frames::FrameRow)> = wanted
            .iter()
            .filter(|n| !cache.borrow().contains_key(n) && !pending.borrow().contains(n))
            .filter_map(|&n| Some((n, a.frames.get(n)?)))
            .collect();
        if !missing.is_empty() && !gzip {
            for (n, _) in &missing {
                pending.borrow_mut().insert(*n);
            }
            let (data, cache, pending, version) = (data.clone(), cache.clone(), pending.clone(), version.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(read) = frame_bytes::read_many(&data, gzip, &missing).await {
                    for (n, b) in read {
                        pending.borrow_mut().remove(&n);
                        cache.borrow_mut().insert(n, b);
                    }
                    version.set(*version + 1);
                }
            });
        }
    }
    let line_frames: HashSet<u32> = line.map(|l| l.frames.iter().map(|s| s.frame).collect()).unwrap_or_default();
    let rows: Vec<Html> = shown[first.min(last)..last]
        .iter()
        .filter_map(|&n| {
            let r = a.frames.get(n)?;
            let bytes = bytes_of(n);
            let events = carried.events(&a, n);
            let lines = carried.lines(&a, n);
            let cx = RowContext::of(&a, &r, &events, &lines);
            let row = bytes.as_deref().map(|b| packets::row(n, &r, b, &cx));
            let onclick = {
                let (selected, field) = (selected.clone(), field.clone());
                Callback::from(move |_: MouseEvent| {
                    selected.set(Some(n));
                    field.set(None);
                })
            };
            let dir = match r.dir() {
                Some(Dir::Client) => "client",
                Some(Dir::Server) => "server",
                None => "other",
            };
            let class = classes!("pkt-row", dir, (*selected == Some(n)).then_some("selected"), line_frames.contains(&n).then_some("carried"));
            Some(html! {
                <div {class} role="row" key={n} data-frame={n.to_string()} {onclick} tabindex="0" aria-selected={(*selected == Some(n)).to_string()}>
                    if let Some(row) = row {
                        <span role="cell" class="c-no">{ row.number }</span>
                        <span role="cell" class="c-time">{ row.time }</span>
                        <span role="cell" class="c-src">{ row.source }</span>
                        <span role="cell" class="c-dst">{ row.destination }</span>
                        <span role="cell" class="c-proto">{ row.protocol }</span>
                        <span role="cell" class="c-len">{ row.length }</span>
                        <span role="cell" class="c-info">{ row.info }</span>
                    } else {
                        <span role="cell" class="c-no">{ n }</span>
                        <span role="cell" class="c-info muted">{ if gzip { frame_bytes::GZIP } else { crate::i18n::t(lc, Text::READING) } }</span>
                    }
                </div>
            })
        })
        .collect();
    let onscroll = {
        let (scroll, list_ref) = (scroll.clone(), list_ref.clone());
        Callback::from(move |_: Event| {
            if let Some(el) = list_ref.cast::<web_sys::Element>() {
                scroll.set(el.scroll_top() as f64);
            }
        })
    };
    let on_words = {
        let words = words.clone();
        Callback::from(move |e: InputEvent| words.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_only = {
        let only_stream = only_stream.clone();
        Callback::from(move |_: Event| only_stream.set(!*only_stream))
    };
    // The selected frame: its layers and bytes.
    let detail = selected.and_then(|n| {
        let r = a.frames.get(n)?;
        let bytes = bytes_of(n)?;
        let lines = carried.lines(&a, n);
        let s = r.tcp_stream().and_then(|i| a.streams.get(i as usize));
        let cx = dissect::Context {
            number: n,
            row: &r,
            first_ns: a.frames.first_ns().unwrap_or(0),
            protocol: s.map_or(postscope_core::model::Protocol::Unknown, |s| s.protocol),
            basis: s.map(|s| &s.tcp),
            lines: &lines,
        };
        let layers = dissect::dissect(&bytes, &cx);
        let payload_start = dissect::parse(r.link_type, &bytes).tcp.map(|t| t.payload_start as u32);
        // The picked line's bytes in this frame.
        let marked: Vec<(u32, u32)> = match (line, payload_start) {
            (Some(l), Some(ps)) => {
                l.frames.iter().filter(|s| s.frame == n).filter_map(|s| s.bytes).map(|(a, b)| (ps + a, ps + b)).collect()
            }
            _ => Vec::new(),
        };
        Some((n, bytes, layers, marked))
    });
    let on_field = {
        let field = field.clone();
        Callback::from(move |range: (u32, u32)| field.set(Some(range)))
    };
    let on_byte = {
        let field = field.clone();
        let layers = detail.as_ref().map(|d| Rc::new(d.2.clone()));
        Callback::from(move |at: u32| {
            if let Some(layers) = &layers {
                let path = Field::path_at(layers, at);
                let mut level: &[Field] = layers;
                let mut hit = None;
                for i in path {
                    hit = Some((level[i].start, level[i].end));
                    level = &level[i].children;
                }
                field.set(hit);
            }
        })
    };
    let follow_click = {
        let (follow, data, analysis, stream) = (follow.clone(), p.data.clone(), a.clone(), p.stream);
        Callback::from(move |_: MouseEvent| {
            if follow.is_some() {
                return follow.set(None);
            }
            let Some(data) = data.clone() else { return };
            let (follow, analysis) = (follow.clone(), analysis.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let rows: Vec<_> = analysis.frames.iter().filter(|(_, r)| r.tcp_stream() == Some(stream) && r.payload > 0).collect();
                let Ok(read) = frame_bytes::read_many(&data, analysis.capture.gzip, &rows).await else { return };
                let Some(s) = analysis.streams.get(stream as usize) else { return };
                let segs: Vec<(u32, Dir, u32, Vec<u8>, u32)> = rows
                    .iter()
                    .zip(read)
                    .filter_map(|((n, r), (_, b))| {
                        let t = dissect::parse(r.link_type, &b).tcp?;
                        let dir = r.dir()?;
                        Some((*n, dir, s.tcp.relative(dir, t.seq), b[t.payload_start.min(b.len())..].to_vec(), r.payload))
                    })
                    .collect();
                let blocks = packets::follow(segs.iter().map(|(frame, dir, rel_seq, payload, wire_len)| Segment {
                    frame: *frame,
                    dir: *dir,
                    rel_seq: *rel_seq,
                    payload,
                    wire_len: *wire_len,
                }));
                follow.set(Some(blocks));
            });
        })
    };
    let save_follow = {
        let (follow, analysis, stream) = (follow.clone(), a.clone(), p.stream);
        Callback::from(move |_: MouseEvent| {
            if let (Some(blocks), Some(s)) = (&*follow, analysis.streams.get(stream as usize)) {
                crate::save::save(&format!("tcp-stream-{stream}.txt"), "text/plain", packets::follow_text(s, blocks).as_bytes());
            }
        })
    };
    let spacer_top = (first as f64 * ROW_PX) as u64;
    let spacer_bottom = ((shown.len() - last) as f64 * ROW_PX) as u64;
    html! {
        <section class="packets" id="packets" aria-label={crate::i18n::t(lc, Text::TITLE)}>
            <h3>{ crate::i18n::t(lc, Text::TITLE) }</h3>
            <div class="packet-tools">
                <input id="packet-filter" type="search" placeholder={crate::i18n::t(lc, Text::FILTER_PLACEHOLDER)} value={(*words).clone()} oninput={on_words} aria-label={crate::i18n::t(lc, Text::FILTER_LABEL)} />
                <label><input id="only-stream" type="checkbox" checked={*only_stream} onchange={on_only} />{ format!(" {}", crate::i18n::t(lc, Text::ONLY_STREAM)) }</label>
                <span class="count">{ crate::i18n::tf(lc, "packets.count", &[&shown.len().to_string(), &a.frames.len().to_string()]) }</span>
                <button class="button follow" onclick={follow_click} disabled={p.data.is_none() || gzip}>{ if follow.is_some() { crate::i18n::t(lc, Text::FOLLOW_HIDE) } else { crate::i18n::t(lc, Text::FOLLOW) } }</button>
            </div>
            <div class="pkt-table" role="table" aria-label={crate::i18n::t(lc, Text::TITLE)} aria-rowcount={(shown.len() + 1).to_string()}>
            <div class="pkt-head" role="row">
                { for Text::COLUMNS.iter().zip(["c-no", "c-time", "c-src", "c-dst", "c-proto", "c-len", "c-info"]).map(|(k, c)| html! { <span role="columnheader" class={c}>{ crate::i18n::t(lc, k) }</span> }) }
            </div>
            <div class="pkt-list" role="rowgroup" ref={list_ref} {onscroll} tabindex="0">
                <svg class="spacer" width="1" height={spacer_top.to_string()} aria-hidden="true"></svg>
                { for rows }
                <svg class="spacer" width="1" height={spacer_bottom.to_string()} aria-hidden="true"></svg>
            </div>
            </div>
            if shown.is_empty() { <p class="empty">{ crate::i18n::t(lc, Text::NO_ROWS) }</p> }
            if let Some(blocks) = &*follow {
                <div class="follow-view">
                    <p class="note">{ crate::i18n::t(lc, Text::FOLLOW_NOTE) }<button class="button save-follow" onclick={save_follow}>{ crate::i18n::t(lc, Text::SAVE_FOLLOW) }</button></p>
                    <pre class="follow" aria-label={crate::i18n::t(lc, Text::FOLLOW)}>
                        { for blocks.iter().map(|b| html! { <span class={if b.dir == Dir::Client { "client" } else { "server" }} data-frame={b.frame.to_string()}>{ packets::ascii(&b.bytes) }</span> }) }
                    </pre>
                </div>
            }
            <div class="filters">
                <h4>{ crate::i18n::t(lc, Text::FILTERS) }</h4>
                <ul>
                    if let Some(l) = line {
                        { for packets::line_filters(l).into_iter().map(|f| html! { <FilterRow label={crate::i18n::t(lc, finds_label(f.finds))} filter={f.filter} /> }) }
                    }
                    if let Some(n) = *selected {
                        <FilterRow label={crate::i18n::t(lc, finds_label(FilterFinds::Packet))} filter={packets::packet_filter(n)} />
                    }
                    <FilterRow label={crate::i18n::t(lc, finds_label(FilterFinds::Conversation))} filter={packets::conversation_filter(p.stream)} />
                </ul>
            </div>
            if let Some(l) = line {
                <div class="carried">
                    <p>{ carried_words(l, lc) }</p>
                    <div class="carried-frames">
                        { for l.frames.iter().map(|s| {
                            let n = s.frame;
                            let onclick = { let (selected, field) = (selected.clone(), field.clone()); Callback::from(move |_: MouseEvent| { selected.set(Some(n)); field.set(None); }) };
                            html! { <button class={classes!("button", "frame-button", (*selected == Some(n)).then_some("selected"))} {onclick}>{ crate::i18n::tf(lc, "packets.frame", &[&n.to_string()]) }</button> }
                        }) }
                    </div>
                </div>
            }
            if let Some((n, bytes, layers, marked)) = detail {
                <div class="frame-detail" data-frame={n.to_string()}>
                    <div class="layers-pane">
                        <h4>{ crate::i18n::t(lc, Text::LAYERS) }</h4>
                        <LayerTree layers={Rc::new(layers)} selected={*field} on_select={on_field} />
                    </div>
                    <div class="bytes-pane">
                        <h4>{ crate::i18n::t(lc, Text::BYTES) }</h4>
                        <HexDump bytes={Rc::new(bytes)} selected={*field} marked={Rc::new(marked)} on_byte={on_byte} />
                    </div>
                </div>
            } else {
                <p class="muted">{ if selected.is_some() { crate::i18n::t(lc, Text::READING) } else { crate::i18n::t(lc, Text::NO_FRAME) } }</p>
            }
        </section>
    }
}
