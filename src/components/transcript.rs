//! One conversation, in time order: TCP events, every protocol line with its
//! explanation, message content folded into blocks, credentials, TLS.
//! Everything from the capture goes into text nodes only.

use crate::components::phases::PhaseBar;
use crate::components::window::use_window;
use crate::i18n::{t, tf, use_locale};
use crate::state::Shared;
use postscope_core::explain::{self, Context, Explain, Locale};
use postscope_core::frames::Frames;
use postscope_core::model::{Analysis, Dir, Item, Line, LineKind, TcpKind};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub analysis: Shared<Analysis>,
    /// The stream to show (tcp.stream).
    pub stream: u32,
    /// Shows the n-th message of the stream in the message view.
    #[prop_or_default]
    pub on_message: Callback<usize>,
    /// A frame to bring into view when the stream is shown (from a deep link).
    #[prop_or_default]
    pub focus: Option<u32>,
    /// Called with a frame number the user clicked, to make a link to it.
    #[prop_or_default]
    pub on_focus: Callback<u32>,
    /// Called with a line's number in the stream when the user clicks it (the packet view shows its frames).
    #[prop_or_default]
    pub on_line: Callback<u32>,
}

fn dir_class(d: Dir) -> &'static str {
    match d {
        Dir::Client => "client",
        Dir::Server => "server",
    }
}

fn who(d: Dir) -> &'static str {
    match d {
        Dir::Client => "C",
        Dir::Server => "S",
    }
}

/// Content blocks longer than this start folded.
const OPEN_LINES: usize = 40;

/// Brings item `index` of the transcript into view and marks it.
fn scroll_to_item(index: usize) {
    #[cfg(target_arch = "wasm32")]
    {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        clear_mark();
        if let Some(el) = doc.get_element_by_id(&format!("item-{index}")) {
            el.scroll_into_view_with_bool(true);
            let _ = el.class_list().add_1("focused");
            let _ = el.set_attribute("aria-current", "true");
            // The keyboard follows the eye: a phase jump or a deep link moves the focus too.
            if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
                let _ = el.focus();
            }
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = index;
}

/// Unmarks the item marked by `scroll_to_item` (a new capture or conversation shows nothing selected).
fn clear_mark() {
    #[cfg(target_arch = "wasm32")]
    if let Some(Ok(Some(old))) = web_sys::window().and_then(|w| w.document()).map(|d| d.query_selector("#transcript .focused")) {
        let _ = old.class_list().remove_1("focused");
        let _ = old.remove_attribute("aria-current");
    }
}

/// Seconds since the capture's first frame, as Wireshark's Time column prints them.
pub fn seconds(t: f64) -> String {
    format!("{t:.6}")
}

/// The frame number (a click makes a link to it) and, when times are shown,
/// the frame's time as in Wireshark's Time column.
fn frame_cell(frame: u32, times: Option<&Frames>, lc: Locale) -> Html {
    let time = times.and_then(|t| t.since_first(frame));
    html! {
        <span class="frame" title={t(lc, "transcript.frame.title")}>
            { frame }
            if let Some(secs) = time { <span class="time" title={t(lc, "transcript.time.title")}>{ seconds(secs) }</span> }
        </span>
    }
}

/// An explanation in words, in its conversation's context.
fn said(e: &Explain, cx: &Context, lc: Locale) -> String {
    explain::render(e, cx, lc)
}

fn line_view(l: &Line, times: Option<&Frames>, cx: &Context, lc: Locale) -> Html {
    let kind = match l.kind {
        LineKind::Command => "command",
        LineKind::Reply => "reply",
        LineKind::Sasl => "sasl",
        LineKind::Content => "content",
        LineKind::Other => "other",
    };
    html! {
        <div class={classes!("line", dir_class(l.dir), kind, l.decrypted.then_some("decrypted"))} data-frame={l.frame.to_string()} data-dir={dir_class(l.dir)} data-line={l.number.to_string()}>
            { frame_cell(l.frame, times, lc) }
            <span class="who" title={if l.dir == Dir::Client { t(lc, "transcript.c2s") } else { t(lc, "transcript.s2c") }}>{ who(l.dir) }</span>
            <div class="body">
                <div class="wire">
                    if let Some(v) = &l.verb { <span class="verb">{ v }</span> }
                    <code class="text">{ &l.text }</code>
                    if l.decrypted {
                        <span class="decrypted-mark" title={t(lc, "transcript.decrypted.title")}>{ t(lc, "transcript.decrypted") }</span>
                    }
                </div>
                if let Some(d) = &l.decoded {
                    <div class="decoded">{ if l.kind == LineKind::Content { t(lc, "transcript.decoded.words") } else { t(lc, "transcript.decoded.base64") } }<code>{ d }</code></div>
                }
                if !l.explain.is_empty() { <p class="explain">{ crate::components::glossary::linked(&said(&l.explain, cx, lc), lc) }</p> }
            </div>
        </div>
    }
}

/// Most lines of one block put on the page at once; the rest on request.
const SHOW_LINES: usize = 2000;

#[derive(Properties, PartialEq)]
struct BlockProps {
    analysis: Shared<Analysis>,
    stream: u32,
    /// The stream's context for rendering, made once by the transcript.
    cx: Shared<Context>,
    /// Item indices of the block's lines.
    start: usize,
    end: usize,
}

/// A run of message lines, folded when long. Its lines are only put on the
/// page while it is open, so a large message costs nothing until asked for.
#[function_component(ContentBlock)]
fn content_block(p: &BlockProps) -> Html {
    let lc = use_locale();
    let open = use_state(|| false);
    let opened_once = use_state(|| false);
    let all = use_state(|| false);
    let Some(s) = p.analysis.streams.iter().find(|s| s.stream == p.stream) else {
        return html! {};
    };
    let cx = &*p.cx;
    let items = &s.items[p.start..p.end];
    let lines: Vec<&Line> = items
        .iter()
        .filter_map(|i| match i {
            Item::Line(l) => Some(l),
            _ => None,
        })
        .collect();
    let is_open = if *opened_once { *open } else { lines.len() <= OPEN_LINES };
    let tcp_events = items.len() - lines.len();
    let (first, last) = (lines[0], lines[lines.len() - 1]);
    let frames = if first.frame == last.frame {
        tf(lc, "transcript.frame", &[&first.frame.to_string()])
    } else {
        tf(lc, "transcript.frames", &[&first.frame.to_string(), &last.frame.to_string()])
    };
    let ontoggle = {
        let (open, opened_once) = (open.clone(), opened_once.clone());
        Callback::from(move |e: Event| {
            let d: web_sys::HtmlDetailsElement = e.target_unchecked_into();
            open.set(d.open());
            opened_once.set(true);
        })
    };
    let shown = if *all { items.len() } else { items.len().min(SHOW_LINES) };
    let tcp_note = match tcp_events {
        0 => String::new(),
        n => crate::i18n::count(lc, "transcript.block.tcp_events", n),
    };
    let show_all = {
        let all = all.clone();
        Callback::from(move |_: MouseEvent| all.set(true))
    };
    html! {
        <details class={classes!("content-block", dir_class(first.dir))} open={is_open} {ontoggle} data-frame={first.frame.to_string()}>
            <summary>{ tf(lc, if first.dir == Dir::Client { "transcript.block.client" } else { "transcript.block.server" }, &[&crate::i18n::count(lc, "transcript.block.lines", lines.len()), &frames, &tcp_note]) }</summary>
            if is_open {
                <div class="content-lines" tabindex="0">
                    { for items[..shown].iter().map(|i| match i {
                        Item::Line(l) => html! {
                            <div class="cline" data-frame={l.frame.to_string()}>
                                <code class="text">{ if l.text.is_empty() { "\u{00a0}" } else { l.text.as_str() } }</code>
                                if !l.explain.is_empty() { <span class="explain">{ said(&l.explain, cx, lc) }</span> }
                            </div>
                        },
                        Item::Tcp(t) => html! {
                            <div class="cline tcp-inline" data-frame={t.frame.to_string()} title={said(&t.explain, cx, lc)}>
                                { tf(lc, "transcript.tcp_inline", &[&t.frame.to_string(), &t.event.name().replace('_', " ")]) }
                            </div>
                        },
                        _ => html! {},
                    }) }
                    if shown < items.len() {
                        <button class="show-all" onclick={show_all}>{ tf(lc, "transcript.show_lines", &[&(items.len() - shown).to_string()]) }</button>
                    }
                </div>
            }
        </details>
    }
}

/// This many TCP analysis events in a row (retransmissions, duplicate ACKs,
/// ...) are folded into one block: a burst of thousands reads as one fact,
/// and costs the page nothing until opened.
const TCP_RUN: usize = 8;

/// The handshake and teardown are always shown one by one.
fn foldable(item: &Item) -> bool {
    matches!(item, Item::Tcp(t) if !t.event.is_open_or_close())
}

/// "retransmission ×3, duplicate ack ×1": the kinds in a run, most frequent first.
pub fn run_summary(items: &[Item]) -> String {
    let mut counts: Vec<(TcpKind, usize)> = Vec::new();
    for i in items {
        if let Item::Tcp(t) = i {
            match counts.iter_mut().find(|(k, _)| *k == t.event) {
                Some((_, n)) => *n += 1,
                None => counts.push((t.event, 1)),
            }
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    counts.iter().map(|(k, n)| format!("{} ×{n}", k.name().replace('_', " "))).collect::<Vec<_>>().join(", ")
}

/// A run of TCP analysis events, folded; its events are put on the page only when opened.
#[function_component(TcpRun)]
fn tcp_run(p: &BlockProps) -> Html {
    let lc = use_locale();
    let open = use_state(|| false);
    let all = use_state(|| false);
    let Some(s) = p.analysis.streams.iter().find(|s| s.stream == p.stream) else {
        return html! {};
    };
    let cx = &*p.cx;
    let items = &s.items[p.start..p.end];
    let (first, last) = (items[0].frame(), items[items.len() - 1].frame());
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| open.set(e.target_unchecked_into::<web_sys::HtmlDetailsElement>().open()))
    };
    let shown = if *all { items.len() } else { items.len().min(SHOW_LINES) };
    let show_all = {
        let all = all.clone();
        Callback::from(move |_: MouseEvent| all.set(true))
    };
    html! {
        <details class="tcp-run" open={*open} {ontoggle} data-frame={first.to_string()}>
            <summary>{ tf(lc, "transcript.tcp_run", &[&items.len().to_string(), &first.to_string(), &last.to_string(), &run_summary(items)]) }</summary>
            if *open {
                { for items[..shown].iter().map(|i| item_view(i, None, cx, lc)) }
                if shown < items.len() {
                    <button class="show-all" onclick={show_all}>{ tf(lc, "transcript.show_events", &[&(items.len() - shown).to_string()]) }</button>
                }
            }
        </details>
    }
}

/// Where a message ends in the transcript: what it was, and a way to the message view.
fn message_card(
    m: &postscope_core::model::Message,
    n: usize,
    on_message: &Callback<usize>,
    times: Option<&Frames>,
    cx: &Context,
    lc: Locale,
) -> Html {
    let onclick = {
        let cb = on_message.clone();
        Callback::from(move |_: MouseEvent| cb.emit(n))
    };
    let subject =
        m.subject.as_deref().map(postscope_core::message::inspect::visible).unwrap_or_else(|| t(lc, "transcript.no_subject").into());
    let status = crate::components::message_view::incomplete_why_in(m, lc)
        .map(|why| tf(lc, "transcript.card.incomplete", &[&why]))
        .unwrap_or_default();
    html! {
        <div class={classes!("message-card", dir_class(m.dir))} data-frame={m.last_frame.to_string()}>
            { frame_cell(m.last_frame, times, lc) }<span class="who">{"✉"}</span>
            <div class="body">
                <span class="badge">{ tf(lc, "transcript.card", &[&m.command, &m.size.to_string(), &status]) }</span>
                <span class="card-subject">{ subject }</span>
                <button class="button show-message" {onclick}>{ t(lc, "transcript.card.show") }</button>
                <p class="explain">{ said(&m.explain, cx, lc) }</p>
            </div>
        </div>
    }
}

fn item_view(item: &Item, times: Option<&Frames>, cx: &Context, lc: Locale) -> Html {
    match item {
        Item::Line(l) => line_view(l, times, cx, lc),
        Item::Tcp(t) => html! {
            <div class={classes!("tcp", dir_class(t.dir))} data-frame={t.frame.to_string()}>
                { frame_cell(t.frame, times, lc) }
                <span class="who">{ who(t.dir) }</span>
                <div class="body"><span class="badge">{ format!("TCP {}", t.event.name().replace('_', " ").to_uppercase()) }</span>
                    <span class="seq">{ format!(" seq={} ack={}", t.seq, t.ack) }</span>
                    <p class="explain">{ said(&t.explain, cx, lc) }</p></div>
            </div>
        },
        Item::Gap(g) => html! {
            <div class={classes!("gap", dir_class(g.dir))} data-frame={g.frame.to_string()}>
                { frame_cell(g.frame, times, lc) }<span class="who">{ who(g.dir) }</span>
                <div class="body"><span class="badge">{ tf(lc, "transcript.gap", &[&g.bytes.to_string()]) }</span><p class="explain">{ said(&g.explain, cx, lc) }</p></div>
            </div>
        },
        Item::Tls(t) => html! {
            <div class={classes!("tls", dir_class(t.dir))} data-frame={t.frame.to_string()}>
                { frame_cell(t.frame, times, lc) }<span class="who">{ who(t.dir) }</span>
                <div class="body"><span class="badge">{ format!("TLS {}", t.kind.name().replace('_', " ")) }</span><p class="explain">{ said(&t.explain, cx, lc) }</p></div>
            </div>
        },
        Item::Credential(c) => html! {
            <div class="credential" data-frame={c.frame.to_string()}>
                { frame_cell(c.frame, times, lc) }<span class="who">{"!"}</span>
                <div class="body">
                    <span class="badge">{ tf(lc, "transcript.cred", &[&c.mechanism]) }</span>
                    <dl>
                        <dt>{ t(lc, "transcript.cred.user") }</dt><dd><code class="cred-user">{ c.username.clone().unwrap_or_else(|| "—".into()) }</code></dd>
                        if c.password.is_some() || c.secret.is_none() {
                            <dt>{ t(lc, "transcript.cred.password") }</dt><dd><code class="cred-pass">{ c.password.clone().unwrap_or_else(|| "—".into()) }</code></dd>
                        }
                        if let Some(s) = &c.secret { <dt>{ t(lc, "transcript.cred.secret") }</dt><dd><code>{ s }</code></dd> }
                        <dt>{ t(lc, "transcript.cred.said") }</dt><dd>{ t(lc, match c.accepted { Some(true) => "transcript.cred.accepted", Some(false) => "transcript.cred.rejected", None => "transcript.cred.unseen" }) }</dd>
                    </dl>
                    <p class="explain">{ said(&c.explain, cx, lc) }</p>
                </div>
            </div>
        },
        // Shown by message_card, which knows the message's place in the stream.
        Item::Message(_) => html! {},
    }
}

/// The keyboard on a transcript item: Enter or Space selects it (as a click
/// on its frame number: a link to the frame), the arrow keys move to the
/// next or previous item, Home and End to the first and last.
fn on_item_key(e: &KeyboardEvent, on_focus: &Callback<u32>) {
    let Some(item) = e.target_dyn_into::<web_sys::HtmlElement>().filter(|t| t.class_list().contains("item")) else {
        return;
    };
    let next = match e.key().as_str() {
        "Enter" | " " => {
            e.prevent_default();
            let frame = item.query_selector("[data-frame]").ok().flatten().and_then(|f| f.get_attribute("data-frame"));
            if let Some(f) = frame.and_then(|f| f.parse::<u32>().ok()) {
                on_focus.emit(f);
            }
            return;
        }
        // Rows are in chunks (the windowed list): the next row may be in the next chunk.
        "ArrowDown" => item.next_element_sibling().or_else(|| {
            item.parent_element().and_then(|c| c.next_element_sibling()).and_then(|c| c.query_selector(":scope > .item").ok().flatten())
        }),
        "ArrowUp" => item.previous_element_sibling().or_else(|| {
            item.parent_element()
                .and_then(|c| c.previous_element_sibling())
                .and_then(|c| c.query_selector_all(":scope > .item").ok())
                .and_then(|l| l.item(l.length().wrapping_sub(1)))
                .and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
        }),
        "Home" => item.closest(".items").ok().flatten().and_then(|l| l.query_selector(".item").ok().flatten()),
        "End" => item
            .closest(".items")
            .ok()
            .flatten()
            .and_then(|l| l.query_selector_all(".item").ok())
            .and_then(|l| l.item(l.length().wrapping_sub(1)))
            .and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok()),
        _ => return,
    };
    if let Some(n) = next.and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(n).ok()) {
        e.prevent_default();
        let _ = n.focus();
    }
}

/// Rows per chunk of the windowed transcript, and a row's estimated height.
const CHUNK: usize = 40;
const ROW_PX: f64 = 56.0;

/// One row of the transcript, by item indices.
#[derive(Clone, Copy, Debug, PartialEq)]
enum View {
    /// A run of content lines (TCP events inside it included): items start..end.
    Block {
        start: usize,
        end: usize,
    },
    /// The message card of item `at`, the stream's `n`-th message.
    Card {
        at: usize,
        n: usize,
    },
    /// A folded run of TCP analysis events.
    Run {
        start: usize,
        end: usize,
    },
    One(usize),
}

impl View {
    fn start(&self) -> usize {
        match *self {
            View::Block { start, .. } | View::Run { start, .. } => start,
            View::Card { at, .. } => at,
            View::One(i) => i,
        }
    }
    fn frame(&self, items: &[Item]) -> u32 {
        match (self, &items[self.start()]) {
            (View::Card { .. }, Item::Message(m)) => m.last_frame,
            (_, i) => i.frame(),
        }
    }
}

/// The rows of a conversation: content runs in one block, long runs of TCP
/// events folded, a card where each message ended, every other item a row.
fn plan(items: &[Item]) -> Vec<View> {
    let mut views = Vec::new();
    let mut i = 0;
    let mut messages = 0;
    while i < items.len() {
        if let Item::Line(l) = &items[i] {
            if l.kind == LineKind::Content {
                // One block for the whole run of content, TCP events inside it included.
                let (mut j, mut end) = (i + 1, i + 1);
                loop {
                    match items.get(j) {
                        Some(Item::Line(n)) if n.kind == LineKind::Content && n.dir == l.dir => end = j + 1,
                        Some(Item::Tcp(_)) => {}
                        _ => break,
                    }
                    j += 1;
                }
                views.push(View::Block { start: i, end });
                i = end;
                continue;
            }
        }
        if let Item::Message(_) = &items[i] {
            views.push(View::Card { at: i, n: messages });
            messages += 1;
            i += 1;
            continue;
        }
        if foldable(&items[i]) {
            let end = i + items[i..].iter().take_while(|x| foldable(x)).count();
            if end - i >= TCP_RUN {
                views.push(View::Run { start: i, end });
                i = end;
                continue;
            }
        }
        views.push(View::One(i));
        i += 1;
    }
    views
}

#[function_component(Transcript)]
pub fn transcript(p: &Props) -> Html {
    let lc = use_locale();
    // The conversation's context, made once per analysis and stream and shared by every block.
    let shared_cx =
        use_memo((p.analysis.clone(), p.stream), |(a, n)| a.streams.iter().find(|s| s.stream == *n).map(Context::of).unwrap_or_default());
    let Some(s) = p.analysis.streams.iter().find(|s| s.stream == p.stream) else {
        return html! {};
    };
    let show_times = use_state(|| false);
    let jump = use_state(|| None::<usize>);
    let times = show_times.then_some(&p.analysis.frames);
    let cx = &*shared_cx;
    // What each row of the transcript is (cheap: indices only), made once per conversation.
    let plan = use_memo((p.analysis.clone(), p.stream), |(a, n)| {
        a.streams.iter().find(|s| s.stream == *n).map(|s| plan(&s.items)).unwrap_or_default()
    });
    let anchors: Vec<(usize, u32)> = plan.iter().map(|v| (v.start(), v.frame(&s.items))).collect();
    let target = p.focus.and_then(|f| anchors.iter().rev().find(|(_, fr)| *fr <= f).map(|(i, _)| *i));
    // Windowed: only the chunks of rows near the viewport are on the page.
    let pinned_view = target.or(*jump).and_then(|i| plan.iter().position(|v| v.start() == i));
    let chunks = plan.len().div_ceil(CHUNK);
    let n_views = plan.len();
    let rows: std::rc::Rc<dyn Fn(usize) -> usize> = std::rc::Rc::new(move |c| (n_views - c * CHUNK).min(CHUNK));
    let reset = (u64::from(p.stream) << 32) ^ (std::rc::Rc::as_ptr(&p.analysis.0) as usize as u64);
    let window = use_window(chunks, rows, ROW_PX, pinned_view.map(|v| v / CHUNK), reset);
    let view_of = |v: &View| -> Html {
        match *v {
            View::Block { start, end } => {
                html! { <div class="item" id={format!("item-{start}")} key={start} role="listitem" tabindex="0"><ContentBlock analysis={p.analysis.clone()} stream={p.stream} cx={Shared(shared_cx.clone())} start={start} end={end} /></div> }
            }
            View::Card { at, n } => {
                let Item::Message(m) = &s.items[at] else { return html! {} };
                html! { <div class="item" id={format!("item-{at}")} key={at} role="listitem" tabindex="0">{ message_card(m, n, &p.on_message, times, cx, lc) }</div> }
            }
            View::Run { start, end } => {
                html! { <div class="item" id={format!("item-{start}")} key={start} role="listitem" tabindex="0"><TcpRun analysis={p.analysis.clone()} stream={p.stream} cx={Shared(shared_cx.clone())} start={start} end={end} /></div> }
            }
            View::One(i) => {
                html! { <div class="item" id={format!("item-{i}")} key={i} role="listitem" tabindex="0">{ item_view(&s.items[i], times, cx, lc) }</div> }
            }
        }
    };
    let views = (0..chunks).map(|c| {
        if window.shown(c) {
            html! { <div class="vchunk" role="none" data-chunk={c.to_string()}>{ for plan[c * CHUNK..((c + 1) * CHUNK).min(plan.len())].iter().map(view_of) }</div> }
        } else {
            html! { <div class="vchunk" role="none" data-chunk={c.to_string()}></div> }
        }
    });
    use_effect_with((p.stream, target), |(_, target)| match *target {
        Some(i) => scroll_to_item(i),
        None => clear_mark(),
    });
    {
        // A phase jump: its row is put on the page first, then brought into view.
        let jump = jump.clone();
        use_effect_with(*jump, move |j| {
            if let Some(i) = *j {
                scroll_to_item(i);
                jump.set(None);
            }
        });
    }
    let on_jump = {
        let jump = jump.clone();
        Callback::from(move |i: usize| jump.set(Some(i)))
    };
    let onclick = {
        let on_focus = p.on_focus.clone();
        let on_line = p.on_line.clone();
        Callback::from(move |e: MouseEvent| {
            // A click on a frame number (or its time) makes a link to it.
            let el: web_sys::Element = e.target_unchecked_into();
            if let Some(n) =
                el.closest("[data-line]").ok().flatten().and_then(|l| l.get_attribute("data-line")).and_then(|t| t.parse().ok())
            {
                on_line.emit(n);
            }
            if let Ok(Some(cell)) = el.closest(".frame") {
                let item = cell.closest("[data-frame]").ok().flatten();
                if let Some(f) = item.and_then(|i| i.get_attribute("data-frame")).and_then(|t| t.parse::<u32>().ok()) {
                    on_focus.emit(f);
                }
            }
        })
    };
    let onkeydown = {
        let on_focus = p.on_focus.clone();
        Callback::from(move |e: KeyboardEvent| on_item_key(&e, &on_focus))
    };
    html! {
        <section id="transcript" class={classes!("transcript", show_times.then_some("with-times"))} data-stream={s.stream.to_string()} {onclick} {onkeydown}
            aria-label={tf(lc, "transcript.label", &[&s.stream.to_string()])}>
            <h3>{ if s.client.ip().is_unspecified() {
                // A pasted transcript has no addresses (`postscope_core::paste`).
                tf(lc, "transcript.title.pasted", &[&s.protocol.name().to_uppercase()])
            } else {
                tf(lc, "transcript.title", &[&s.stream.to_string(), &s.protocol.name().to_uppercase(), &s.client.to_string(), &s.server.to_string()])
            } }</h3>
            <p class="stream-facts">
                { tf(lc, "transcript.facts", &[&s.first_frame.to_string(), &s.last_frame.to_string(), &s.packets.to_string(), &seconds(s.duration), &seconds(s.rel_start), &s.recognised_by]) }
                if let Some(f) = s.tls_from_frame { { tf(lc, "transcript.tls_from", &[&f.to_string()]) } }
                <label class="show-times">
                    <input id="show-times" type="checkbox" checked={*show_times} onchange={{
                        let show_times = show_times.clone();
                        Callback::from(move |_: Event| show_times.set(!*show_times))
                    }} />
                    { t(lc, "transcript.show_times") }
                </label>
            </p>
            <PhaseBar analysis={p.analysis.clone()} stream={p.stream} {on_jump} />
            if s.items.is_empty() {
                <p class="empty">{ t(lc, "transcript.empty") }</p>
            }
            <div class="items" role="list" aria-label={t(lc, "transcript.items")} ref={window.node.clone()}>{ for views }</div>
        </section>
    }
}
