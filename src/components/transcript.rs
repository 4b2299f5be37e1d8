//! One conversation, in time order: TCP events, every protocol line with its
//! explanation, message content folded into blocks, credentials, TLS.
//! Everything from the capture goes into text nodes only.

use crate::components::density::{self, Density, DensitySwitch};
use crate::components::message_view::MessageView;
use crate::components::phases::PhaseBar;
use crate::components::window::use_window;
use crate::fold::{group, split_list, Group};
use crate::i18n::{count, t, tf, use_locale};
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
    /// The message shown right after its card (a phone's width), if any.
    #[prop_or_default]
    pub inline_message: Option<usize>,
    /// Another message picked in the inline message view.
    #[prop_or_default]
    pub on_pick_message: Callback<usize>,
    /// The inline message view closed.
    #[prop_or_default]
    pub on_close_message: Callback<()>,
}

/// The two ends of the conversation, for the direction of every row: its
/// arrow, and host:port on hover.
#[derive(Clone, Debug, PartialEq)]
struct Ends {
    client: String,
    server: String,
    /// A pasted transcript: it holds no addresses (`postscope_core::paste`), so none is shown.
    pasted: bool,
}

/// The side and the direction of a row ("C →" from the client, "← S" from
/// the server), with both ends' host:port as its title (none for a pasted transcript).
fn who_cell(d: Dir, ends: &Ends, lc: Locale) -> Html {
    let (mark, title) = match (d, ends.pasted) {
        (Dir::Client, false) => ("C →", tf(lc, "transcript.dir.c2s", &[&ends.client, &ends.server])),
        (Dir::Server, false) => ("← S", tf(lc, "transcript.dir.s2c", &[&ends.server, &ends.client])),
        (Dir::Client, true) => ("C →", t(lc, "transcript.dir.c2s.pasted").to_string()),
        (Dir::Server, true) => ("← S", t(lc, "transcript.dir.s2c.pasted").to_string()),
    };
    html! { <span class={classes!("who", dir_class(d))} title={title.clone()} aria-label={title}>{ mark }</span> }
}

#[derive(Properties, PartialEq)]
struct ExplainProps {
    explain: Explain,
    cx: Shared<Context>,
}

/// An explanation at the transcript's density: short (the first sentence,
/// the rest behind "more"), full (a list after its sentence folded, the
/// references quiet until hovered), or off.
#[function_component(Explanation)]
fn explanation(p: &ExplainProps) -> Html {
    let lc = use_locale();
    let density = use_context::<Density>().unwrap_or_default();
    let more = use_state(|| false);
    if p.explain.is_empty() || density == Density::Off {
        return html! {};
    }
    let full = said(&p.explain, &p.cx, lc);
    let toggle = {
        let more = more.clone();
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            more.set(!*more);
        })
    };
    if density == Density::Short && !*more {
        let short = explain::short(&p.explain, &p.cx, lc);
        // Its reference is on the page, shown when the row is hovered or focused.
        let cited = explain::short_reference(&p.explain, &p.cx, lc);
        return html! {
            <div class="explain short">
                { crate::components::glossary::linked(&short, lc) }
                if let Some(r) = cited { <span class="short-ref">{ " [" }{ crate::components::glossary::linked(&r, lc) }{ "]" }</span> }
                if short.trim() != full.trim() {
                    <button class="explain-more" aria-expanded="false" onclick={toggle}>{ t(lc, "transcript.more") }</button>
                }
            </div>
        };
    }
    let (head, list) = split_list(&full);
    html! {
        <div class={classes!("explain", (density == Density::Short).then_some("expanded"))}>
            if list.len() >= 3 {
                { crate::components::glossary::linked(head, lc) }
                <details class="explain-list">
                    <summary>{ count(lc, "transcript.explain_list", list.len()) }</summary>
                    <ul>{ for list.iter().map(|l| html! { <li>{ crate::components::glossary::linked(l, lc) }</li> }) }</ul>
                </details>
            } else {
                { crate::components::glossary::linked(&full, lc) }
            }
            if density == Density::Short {
                <button class="explain-more" aria-expanded="true" onclick={toggle}>{ t(lc, "transcript.less") }</button>
            }
        </div>
    }
}

fn dir_class(d: Dir) -> &'static str {
    match d {
        Dir::Client => "client",
        Dir::Server => "server",
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

fn line_view(l: &Line, times: Option<&Frames>, cx: &Shared<Context>, ends: &Ends, lc: Locale) -> Html {
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
            { who_cell(l.dir, ends, lc) }
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
                <Explanation explain={l.explain.clone()} cx={cx.clone()} />
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
    ends: Shared<Ends>,
    /// Item indices of the block's lines.
    start: usize,
    end: usize,
}

/// A run of message lines, folded when long. Its lines are only put on the
/// page while it is open, so a large message costs nothing until asked for.
#[function_component(ContentBlock)]
fn content_block(p: &BlockProps) -> Html {
    let lc = use_locale();
    let density = use_context::<Density>().unwrap_or_default();
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
    let first = lines[0];
    // The lines a message's item for the rest counts are lines of the block too.
    let count: u64 = lines.iter().map(|l| l.stands_for()).sum();
    let last_frame = lines.iter().map(|l| l.last_frame()).max().unwrap_or(first.frame);
    let frames = if first.frame == last_frame {
        tf(lc, "transcript.frame", &[&first.frame.to_string()])
    } else {
        tf(lc, "transcript.frames", &[&first.frame.to_string(), &last_frame.to_string()])
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
            <summary>{ who_cell(first.dir, &p.ends, lc) }{ " " }{ tf(lc, if first.dir == Dir::Client { "transcript.block.client" } else { "transcript.block.server" }, &[&crate::i18n::count(lc, "transcript.block.lines", count as usize), &frames, &tcp_note]) }</summary>
            if is_open {
                <div class="content-lines" tabindex="0">
                    { for items[..shown].iter().map(|i| match i {
                        // The lines not listed one by one: what it says of them is shown whatever the density.
                        Item::Line(l) if l.elided.is_some() => html! {
                            <div class="cline elided" data-frame={l.frame.to_string()}>
                                <span class="explain">{ said(&l.explain, cx, lc) }</span>
                            </div>
                        },
                        Item::Line(l) => html! {
                            <div class="cline" data-frame={l.frame.to_string()}>
                                <code class="text">{ if l.text.is_empty() { "\u{00a0}" } else { l.text.as_str() } }</code>
                                if !l.explain.is_empty() && density != Density::Off {
                                    <span class="explain">{ if density == Density::Short { explain::short(&l.explain, cx, lc) } else { said(&l.explain, cx, lc) } }</span>
                                }
                            </div>
                        },
                        Item::Tcp(t) => html! {
                            <div class="cline tcp-inline" data-frame={t.frame.to_string()} title={said(&t.explain, cx, lc)}>
                                { tf(lc, "transcript.tcp_inline", &[&t.frame.to_string(), &crate::i18n::tcp_event(lc, t.event)]) }
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

/// "retransmission ×3, duplicate ack ×1": the kinds in a run, most frequent first.
pub fn run_summary(items: &[Item], lc: Locale) -> String {
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
    counts.iter().map(|(k, n)| format!("{} ×{n}", crate::i18n::tcp_event(lc, *k))).collect::<Vec<_>>().join(t(lc, "list.comma"))
}

/// What a folded run says before it is opened.
#[derive(Clone, Copy, PartialEq)]
enum RunKind {
    /// TCP analysis events.
    Tcp,
    /// Encrypted application-data records.
    Tls,
    /// The lines of a multi-line reply after its first (EHLO keywords).
    Reply,
}

#[derive(Properties, PartialEq)]
struct RunProps {
    analysis: Shared<Analysis>,
    stream: u32,
    cx: Shared<Context>,
    ends: Shared<Ends>,
    start: usize,
    end: usize,
    kind: RunKind,
}

/// The summary of a folded run.
fn run_title(kind: RunKind, items: &[Item], lc: Locale) -> String {
    let (first, last) = (items[0].frame(), items[items.len() - 1].frame());
    match kind {
        RunKind::Tcp => {
            tf(lc, "transcript.tcp_run", &[&items.len().to_string(), &first.to_string(), &last.to_string(), &run_summary(items, lc)])
        }
        RunKind::Tls => {
            let records: Vec<&postscope_core::model::TlsRecord> =
                items.iter().filter_map(|i| if let Item::Tls(t) = i { Some(t) } else { None }).collect();
            let bytes = |d: Dir| records.iter().filter(|r| r.dir == d).map(|r| r.bytes).sum::<u64>().to_string();
            let n = |d: Dir| records.iter().filter(|r| r.dir == d).count().to_string();
            tf(
                lc,
                "transcript.tls_run",
                &[
                    &records.len().to_string(),
                    &first.to_string(),
                    &last.to_string(),
                    &n(Dir::Client),
                    &bytes(Dir::Client),
                    &n(Dir::Server),
                    &bytes(Dir::Server),
                ],
            )
        }
        RunKind::Reply => {
            let words: Vec<&str> = items
                .iter()
                .filter_map(|i| {
                    if let Item::Line(l) = i {
                        Some(l.text.get(4..).unwrap_or("").split_whitespace().next().unwrap_or(""))
                    } else {
                        None
                    }
                })
                .collect();
            tf(lc, "transcript.reply_lines", &[&words.len().to_string(), &words.join(", ")])
        }
    }
}

/// A folded run (TCP events, encrypted records, a reply's lines); its members are put on the page only when opened.
#[function_component(Run)]
fn run(r: &RunProps) -> Html {
    let p = r;
    let lc = use_locale();
    let open = use_state(|| false);
    let all = use_state(|| false);
    let Some(s) = p.analysis.streams.iter().find(|s| s.stream == p.stream) else {
        return html! {};
    };
    let items = &s.items[p.start..p.end];
    let first = items[0].frame();
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| open.set(e.target_unchecked_into::<web_sys::HtmlDetailsElement>().open()))
    };
    let shown = if *all { items.len() } else { items.len().min(SHOW_LINES) };
    let show_all = {
        let all = all.clone();
        Callback::from(move |_: MouseEvent| all.set(true))
    };
    let (class, who) = match r.kind {
        RunKind::Tcp => ("tcp-run", None),
        RunKind::Tls => ("tls-run", None),
        RunKind::Reply => ("reply-run", Some(Dir::Server)),
    };
    html! {
        <details class={classes!("run", class, who.map(dir_class))} open={*open} {ontoggle} data-frame={first.to_string()}>
            <summary>
                if let Some(d) = who { { who_cell(d, &p.ends, lc) }{ " " } }
                { run_title(r.kind, items, lc) }
            </summary>
            if *open {
                { for items[..shown].iter().map(|i| item_view(i, None, &p.cx, &p.ends, lc)) }
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
    cx: &Shared<Context>,
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
    let header = crate::components::message_view::header_only(m);
    html! {
        <div class={classes!("message-card", dir_class(m.dir), header.then_some("header-only"))} data-frame={m.last_frame.to_string()} data-message={n.to_string()}>
            { frame_cell(m.last_frame, times, lc) }<span class="who">{"✉"}</span>
            <div class="body">
                <span class="badge">{ tf(lc, if header { "transcript.card.header" } else { "transcript.card" }, &[&m.command, &m.size.to_string(), &status]) }</span>
                <span class="card-subject">{ subject }</span>
                <button class="button show-message" {onclick}>{ t(lc, if header { "transcript.card.show_header" } else { "transcript.card.show" }) }</button>
                <Explanation explain={m.explain.clone()} cx={cx.clone()} />
            </div>
        </div>
    }
}

fn item_view(item: &Item, times: Option<&Frames>, cx: &Shared<Context>, ends: &Ends, lc: Locale) -> Html {
    match item {
        Item::Line(l) => line_view(l, times, cx, ends, lc),
        Item::Tcp(t) => html! {
            <div class={classes!("tcp", dir_class(t.dir))} data-frame={t.frame.to_string()}>
                { frame_cell(t.frame, times, lc) }
                { who_cell(t.dir, ends, lc) }
                <div class="body"><span class="badge">{ crate::i18n::tcp_badge(lc, t.event) }</span>
                    <span class="seq">{ format!(" seq={} ack={}", t.seq, t.ack) }</span>
                    <Explanation explain={t.explain.clone()} cx={cx.clone()} /></div>
            </div>
        },
        Item::Gap(g) => html! {
            <div class={classes!("gap", dir_class(g.dir))} data-frame={g.frame.to_string()}>
                { frame_cell(g.frame, times, lc) }{ who_cell(g.dir, ends, lc) }
                <div class="body"><span class="badge">{ tf(lc, "transcript.gap", &[&g.bytes.to_string()]) }</span><Explanation explain={g.explain.clone()} cx={cx.clone()} /></div>
            </div>
        },
        Item::Tls(t) => html! {
            <div class={classes!("tls", dir_class(t.dir))} data-frame={t.frame.to_string()}>
                { frame_cell(t.frame, times, lc) }{ who_cell(t.dir, ends, lc) }
                <div class="body"><span class="badge">{ format!("TLS {}", t.kind.name().replace('_', " ")) }</span><Explanation explain={t.explain.clone()} cx={cx.clone()} /></div>
            </div>
        },
        Item::Credential(c) => credential_view(c, None, &Callback::noop(), times, cx, ends, lc),
        // Shown by message_card, which knows the message's place in the stream.
        Item::Message(_) => html! {},
    }
}

/// Credentials that crossed the wire, the password large, with a way to the
/// packets and bytes that carried them (the line `line`, as a click on it).
fn credential_view(
    c: &postscope_core::model::Credential,
    line: Option<u32>,
    on_line: &Callback<u32>,
    times: Option<&Frames>,
    cx: &Shared<Context>,
    ends: &Ends,
    lc: Locale,
) -> Html {
    let evidence = line.map(|n| {
        let on_line = on_line.clone();
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            on_line.emit(n);
            scroll_to_packets();
        })
    });
    html! {
        <div class="credential client" data-frame={c.frame.to_string()}>
            { frame_cell(c.frame, times, lc) }{ who_cell(Dir::Client, ends, lc) }
            <div class="body">
                <span class="badge">{ tf(lc, "transcript.cred", &[&c.mechanism]) }</span>
                <dl>
                    <dt>{ t(lc, "transcript.cred.user") }</dt><dd><code class="cred-user">{ c.username.clone().unwrap_or_else(|| "—".into()) }</code></dd>
                    if c.password.is_some() || c.secret.is_none() {
                        <dt>{ t(lc, "transcript.cred.password") }</dt><dd><code class="cred-pass">{ c.password.clone().unwrap_or_else(|| "—".into()) }</code></dd>
                    }
                    if let Some(s) = &c.secret { <dt>{ t(lc, "transcript.cred.secret") }</dt><dd><code class="cred-secret">{ s }</code></dd> }
                    <dt>{ t(lc, "transcript.cred.said") }</dt><dd>{ t(lc, match c.accepted { Some(true) => "transcript.cred.accepted", Some(false) => "transcript.cred.rejected", None => "transcript.cred.unseen" }) }</dd>
                </dl>
                if let Some(onclick) = evidence {
                    <button class="button cred-evidence" {onclick}>{ t(lc, "transcript.cred.evidence") }</button>
                }
                <Explanation explain={c.explain.clone()} cx={cx.clone()} />
            </div>
        </div>
    }
}

/// Brings the packet view (the frames and bytes of the line just picked) into view.
fn scroll_to_packets() {
    #[cfg(target_arch = "wasm32")]
    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("packets")) {
        el.scroll_into_view_with_bool(true);
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

#[function_component(Transcript)]
pub fn transcript(p: &Props) -> Html {
    let lc = use_locale();
    // The conversation's context, made once per analysis and stream and shared by every block.
    let shared_cx =
        use_memo((p.analysis.clone(), p.stream), |(a, n)| a.streams.iter().find(|s| s.stream == *n).map(Context::of).unwrap_or_default());
    let show_times = use_state(|| false);
    let density = use_state(density::stored);
    let ends = use_memo((p.analysis.clone(), p.stream), |(a, n)| {
        a.streams
            .iter()
            .find(|s| s.stream == *n)
            .map(|s| Ends { client: s.client.to_string(), server: s.server.to_string(), pasted: s.client.ip().is_unspecified() })
            .unwrap_or(Ends { client: String::new(), server: String::new(), pasted: false })
    });
    let ends = Shared(ends);
    // The folded rows, each with the number of the stream's messages before
    // it (cheap: indices only), made once per conversation; the window then
    // puts on the page only the chunks of these rows near the viewport.
    let groups = use_memo((p.analysis.clone(), p.stream), |(a, n)| {
        a.streams
            .iter()
            .find(|s| s.stream == *n)
            .map(|s| {
                let mut messages = 0;
                group(&s.items)
                    .into_iter()
                    .map(|g| {
                        let before = messages;
                        if let Group::One(i) = g {
                            if matches!(s.items[i], Item::Message(_)) {
                                messages += 1;
                            }
                        }
                        (g, before)
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    let jump = use_state(|| None::<usize>);
    // (item index, frame) of every row, to find where a frame is shown.
    let anchors: Vec<(usize, u32)> = p
        .analysis
        .streams
        .iter()
        .find(|s| s.stream == p.stream)
        .map(|s| {
            groups
                .iter()
                .map(|(g, _)| {
                    let i = g.start();
                    (i, if let Item::Message(m) = &s.items[i] { m.last_frame } else { s.items[i].frame() })
                })
                .collect()
        })
        .unwrap_or_default();
    let target = p.focus.and_then(|f| anchors.iter().rev().find(|(_, fr)| *fr <= f).map(|(i, _)| *i));
    // Windowed: only the chunks of rows near the viewport are on the page; the
    // row a link or a phase jump brings into view is always there.
    let pinned_row = target.or(*jump).and_then(|i| groups.iter().rposition(|(g, _)| g.start() <= i));
    let chunks = groups.len().div_ceil(CHUNK);
    let n_rows = groups.len();
    let rows: std::rc::Rc<dyn Fn(usize) -> usize> = std::rc::Rc::new(move |c| (n_rows - c * CHUNK).min(CHUNK));
    let reset = (u64::from(p.stream) << 32) ^ (std::rc::Rc::as_ptr(&p.analysis.0) as usize as u64);
    let window = use_window(chunks, rows, ROW_PX, pinned_row.map(|v| v / CHUNK), reset);
    let Some(s) = p.analysis.streams.iter().find(|s| s.stream == p.stream) else {
        return html! {};
    };
    let times = show_times.then_some(&p.analysis.frames);
    let cx = Shared(shared_cx.clone());
    let view_of = |&(g, n): &(Group, usize)| -> Html {
        let i = g.start();
        let view = match g {
            Group::Content { start, end } => {
                html! { <ContentBlock analysis={p.analysis.clone()} stream={p.stream} cx={cx.clone()} ends={ends.clone()} {start} {end} /> }
            }
            Group::ReplyLines { start, end } => {
                html! { <Run analysis={p.analysis.clone()} stream={p.stream} cx={cx.clone()} ends={ends.clone()} {start} {end} kind={RunKind::Reply} /> }
            }
            Group::TlsRun { start, end } => {
                html! { <Run analysis={p.analysis.clone()} stream={p.stream} cx={cx.clone()} ends={ends.clone()} {start} {end} kind={RunKind::Tls} /> }
            }
            Group::TcpRun { start, end } => {
                html! { <Run analysis={p.analysis.clone()} stream={p.stream} cx={cx.clone()} ends={ends.clone()} {start} {end} kind={RunKind::Tcp} /> }
            }
            Group::One(i) => match &s.items[i] {
                Item::Message(m) => {
                    let card = message_card(m, n, &p.on_message, times, &cx, lc);
                    if p.inline_message == Some(n) {
                        // On a phone the message view follows the card that opened it.
                        html! { <>{ card }<MessageView analysis={p.analysis.clone()} stream={p.stream} index={n} on_select={p.on_pick_message.clone()} on_close={p.on_close_message.clone()} /></> }
                    } else {
                        card
                    }
                }
                Item::Credential(c) => {
                    // The client's line that carried it: the last one in its frame.
                    let line = s.items[..i].iter().rev().find_map(|x| match x {
                        Item::Line(l) if l.dir == Dir::Client && l.frame == c.frame => Some(l.number),
                        _ => None,
                    });
                    credential_view(c, line, &p.on_line, times, &cx, &ends, lc)
                }
                item => item_view(item, times, &cx, &ends, lc),
            },
        };
        html! { <div class="item" id={format!("item-{i}")} key={i} role="listitem" tabindex="0">{ view }</div> }
    };
    let views: Vec<Html> = if window.all() {
        // A short conversation: every row straight in the list (as the keyboard's next and previous row are).
        groups.iter().map(view_of).collect()
    } else {
        (0..chunks)
            .map(|c| {
                if window.shown(c) {
                    html! { <div class="vchunk" role="none" data-chunk={c.to_string()}>{ for groups[c * CHUNK..((c + 1) * CHUNK).min(groups.len())].iter().map(view_of) }</div> }
                } else {
                    html! { <div class="vchunk" role="none" data-chunk={c.to_string()}></div> }
                }
            })
            .collect()
    };
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
                { tf(lc, "transcript.facts", &[&s.first_frame.to_string(), &s.last_frame.to_string(), &s.packets.to_string(), &seconds(s.duration), &seconds(s.rel_start), &s.recognised_by.render(lc)]) }
                if let Some(f) = s.tls_from_frame { { tf(lc, "transcript.tls_from", &[&f.to_string()]) } }
            </p>
            <p class="transcript-controls">
                <span class="who-legend" aria-label={t(lc, "transcript.legend")}>
                    if ends.pasted {
                        <span class="legend-item client"><span class="who client">{"C →"}</span>{ t(lc, "transcript.legend.client.pasted") }</span>
                        <span class="legend-item server"><span class="who server">{"← S"}</span>{ t(lc, "transcript.legend.server.pasted") }</span>
                    } else {
                        <span class="legend-item client"><span class="who client">{"C →"}</span>{ tf(lc, "transcript.legend.client", &[&s.client.to_string()]) }</span>
                        <span class="legend-item server"><span class="who server">{"← S"}</span>{ tf(lc, "transcript.legend.server", &[&s.server.to_string()]) }</span>
                    }
                </span>
                <label class="show-times">
                    <input id="show-times" type="checkbox" checked={*show_times} onchange={{
                        let show_times = show_times.clone();
                        Callback::from(move |_: Event| show_times.set(!*show_times))
                    }} />
                    { t(lc, "transcript.show_times") }
                </label>
                <DensitySwitch value={*density} on_change={{ let density = density.clone(); Callback::from(move |d| density.set(d)) }} />
            </p>
            <PhaseBar analysis={p.analysis.clone()} stream={p.stream} {on_jump} />
            if s.items.is_empty() {
                <p class="empty">{ t(lc, "transcript.empty") }</p>
            }
            <ContextProvider<Density> context={*density}>
                <div class={classes!("items", format!("density-{}", density.name()))} role="list" aria-label={t(lc, "transcript.items")} ref={window.node.clone()}>{ for views }</div>
            </ContextProvider<Density>>
        </section>
    }
}
