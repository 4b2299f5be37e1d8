//! The TCP conversations of the capture, numbered as Wireshark's tcp.stream,
//! across the page like Wireshark's packet list, with what happened in each
//! (logins, messages, TLS, missing bytes) and a filter for long captures.

use crate::components::transcript::seconds;
use crate::components::window::use_window;
use crate::i18n::{count, t, tf, use_locale, Locale};
use crate::state::Shared;
use postscope_core::model::{Analysis, Item, Protocol, Stream, TcpKind};
use std::net::SocketAddr;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub analysis: Shared<Analysis>,
    pub selected: Option<u32>,
    pub on_select: Callback<u32>,
    /// What happened in each conversation, in the order of `analysis.streams`,
    /// when the page holds only the overview (the analysis worker made it);
    /// else it is read from the items.
    #[prop_or_default]
    pub happened: Option<Shared<Vec<Happened>>>,
    /// A time range chosen on the timeline (nanoseconds since frame 1): only the conversations that overlap it.
    #[prop_or_default]
    pub range: Option<(u64, u64)>,
}

/// What happened in one conversation, in a few words a class can scan.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Happened {
    pub logins: Vec<String>,
    pub credentials: usize,
    /// Credentials the server turned down.
    pub refused: usize,
    pub messages: usize,
    /// Attachments of those messages.
    pub attachments: usize,
    pub tls_from: Option<u32>,
    pub missing_bytes: u64,
    pub reset: bool,
}

impl Happened {
    pub fn of(s: &Stream) -> Happened {
        let mut h = Happened { tls_from: s.tls_from_frame, ..Happened::default() };
        for item in &s.items {
            match item {
                Item::Credential(c) => {
                    h.credentials += 1;
                    h.refused += usize::from(c.accepted == Some(false));
                    if let Some(u) = &c.username {
                        if !h.logins.contains(u) {
                            h.logins.push(u.clone());
                        }
                    }
                }
                Item::Message(m) => {
                    h.messages += 1;
                    h.attachments += m.attachments.len();
                }
                Item::Gap(g) => h.missing_bytes += g.bytes,
                Item::Tcp(t) if t.event == TcpKind::Rst => h.reset = true,
                _ => {}
            }
        }
        h
    }

    /// Short phrases, most telling first.
    /// What happened, in English.
    pub fn phrases(&self) -> Vec<(&'static str, String)> {
        self.phrases_in(Locale::En)
    }

    /// What happened, in `lc`.
    pub fn phrases_in(&self, lc: Locale) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if self.credentials > 0 {
            let who = match self.logins.as_slice() {
                [] => count(lc, "happened.credentials", self.credentials),
                [one] => tf(lc, "happened.login", &[one]),
                many => tf(lc, "happened.logins", &[&many.len().to_string()]),
            };
            let times = if self.credentials > 1 && !self.logins.is_empty() { format!(" ×{}", self.credentials) } else { String::new() };
            let refused = match self.refused {
                0 => String::new(),
                r if r == self.credentials => t(lc, "happened.refused").to_string(),
                r => tf(lc, "happened.refused_n", &[&r.to_string()]),
            };
            let kind = if self.refused == self.credentials { "chip-login chip-refused" } else { "chip-login" };
            out.push((kind, format!("{who}{times}{refused}")));
        }
        match (self.messages, self.attachments) {
            (0, _) => {}
            (m, 0) => out.push(("chip-mail", count(lc, "happened.messages", m))),
            (m, a) => out.push((
                "chip-mail",
                tf(lc, "happened.messages_attachments", &[&count(lc, "happened.messages", m), &count(lc, "happened.attachments", a)]),
            )),
        }
        if let Some(f) = self.tls_from {
            out.push(("chip-tls", tf(lc, "happened.tls_from", &[&f.to_string()])));
        }
        if self.missing_bytes > 0 {
            out.push(("chip-missing", tf(lc, "happened.missing", &[&self.missing_bytes.to_string()])));
        }
        if self.reset {
            out.push(("chip-reset", t(lc, "happened.rst").to_string()));
        }
        out
    }
}

fn protocol_label(s: &Stream) -> String {
    let name = s.protocol.name().to_uppercase();
    if s.tls_from_frame.is_some() && s.protocol != Protocol::Tls {
        format!("{name}+TLS")
    } else {
        name
    }
}

/// An address as two unbreakable pieces, host and port, so a narrow column
/// wraps between them and never inside a number.
/// An end of the conversation: its address, or "client" / "server" when it has none (a pasted transcript).
fn end(lc: Locale, a: &SocketAddr, client: bool) -> Html {
    match crate::components::no_address(lc, a, client) {
        Some(side) => html! { <span class="side" title={t(lc, "side.no_address")}>{ side }</span> },
        None => address(a),
    }
}

fn address(a: &SocketAddr) -> Html {
    let host = match a {
        SocketAddr::V4(v4) => v4.ip().to_string(),
        SocketAddr::V6(v6) => format!("[{}]", v6.ip()),
    };
    html! { <><span class="host">{ host }</span><span class="port">{ format!(":{}", a.port()) }</span></> }
}

/// What a row shows of a conversation beside its numbers, worked out once
/// per analysis: its phrases, and the lower-case text the filter searches
/// (number, protocol, addresses and the phrases).
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub phrases: Vec<(&'static str, String)>,
    search: String,
}

impl Row {
    pub fn of(s: &Stream) -> Row {
        Row::of_in(s, Locale::En)
    }

    /// The row with its phrases in `lc` (the filter searches the words shown).
    pub fn of_in(s: &Stream, lc: Locale) -> Row {
        Row::with_in(s, &Happened::of(s), lc)
    }

    /// The row of a conversation whose `Happened` is known already (the worker sent it).
    pub fn with_in(s: &Stream, h: &Happened, lc: Locale) -> Row {
        let phrases = h.phrases_in(lc);
        let words: Vec<&str> = phrases.iter().map(|(_, p)| p.as_str()).collect();
        let search = format!("{} {} {} {} {}", s.stream, protocol_label(s), s.client, s.server, words.join(" ")).to_lowercase();
        Row { phrases, search }
    }
}

/// Does a conversation match what the user typed? Every word must appear in
/// its number, protocol, addresses or what happened.
pub fn matches(filter: &str, row: &Row) -> bool {
    filter.split_whitespace().all(|w| row.search.contains(&w.to_lowercase()))
}

/// Rows per chunk of the windowed list, and a row's estimated height.
const CHUNK: usize = 50;
const ROW_PX: f64 = 34.0;

fn row_view(s: &Stream, row: &Row, p: &Props, lc: Locale) -> Html {
    let n = s.stream;
    let onclick = {
        let cb = p.on_select.clone();
        Callback::from(move |_| cb.emit(n))
    };
    // Enter or Space selects the row, as a click does.
    let onkeydown = {
        let cb = p.on_select.clone();
        Callback::from(move |e: KeyboardEvent| {
            if matches!(e.key().as_str(), "Enter" | " ") {
                e.prevent_default();
                cb.emit(n)
            }
        })
    };
    let selected = p.selected == Some(n);
    let mail = !matches!(s.protocol, Protocol::Unknown);
    html! {
        <tr class={classes!("stream-row", selected.then_some("selected"), (!mail).then_some("not-mail"))} data-stream={n.to_string()} {onclick} {onkeydown}
            tabindex="0" aria-current={selected.then_some("true")}
            title={tf(lc, "streams.row.title", &[&s.first_frame.to_string(), &s.last_frame.to_string(), &s.recognised_by.render(lc)])}>
            <td>{ n }</td><td class={classes!("proto", format!("proto-{}", s.protocol.name()))}>{ protocol_label(s) }</td>
            <td class="addr">{ end(lc, &s.client, true) }</td><td class="addr">{ end(lc, &s.server, false) }</td>
            <td class="num">{ s.packets }</td><td class="num">{ s.client_bytes + s.server_bytes }</td>
            <td class="num">{ seconds(s.rel_start) }</td><td class="num">{ format!("{:.4}", s.duration) }</td>
            <td><div class="happened">{ for row.phrases.iter().map(|(kind, text)| html! { <span class={classes!("chip", *kind)}>{ text }</span> }) }</div></td>
        </tr>
    }
}

#[function_component(StreamList)]
pub fn stream_list(p: &Props) -> Html {
    let lc = use_locale();
    let filter = use_state(String::new);
    let rows =
        use_memo((p.analysis.clone(), p.happened.clone(), lc), |(a, h, lc)| match h.as_ref().filter(|h| h.len() == a.streams.len()) {
            Some(h) => a.streams.iter().zip(h.iter()).map(|(s, h)| Row::with_in(s, h, *lc)).collect::<Vec<_>>(),
            None => a.streams.iter().map(|s| Row::of_in(s, *lc)).collect::<Vec<_>>(),
        });
    let oninput = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| filter.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let streams = &p.analysis.streams;
    let in_range =
        |s: &Stream| p.range.is_none_or(|(a, b)| s.rel_start + s.duration >= a as f64 / 1e9 - 1e-9 && s.rel_start <= b as f64 / 1e9 + 1e-9);
    let shown: Vec<(&Stream, &Row)> = streams.iter().zip(rows.iter()).filter(|(s, r)| matches(&filter, r) && in_range(s)).collect();
    // Windowed: thousands of conversations, only the rows near the view on the page.
    let chunks = shown.len().div_ceil(CHUNK);
    let n = shown.len();
    let rows_in: std::rc::Rc<dyn Fn(usize) -> usize> = std::rc::Rc::new(move |c| (n - c * CHUNK).min(CHUNK));
    let pinned = p.selected.and_then(|sel| shown.iter().position(|(s, _)| s.stream == sel)).map(|i| i / CHUNK);
    let range_key = p.range.map_or(0, |(a, b)| a ^ b.rotate_left(17));
    let reset = (std::rc::Rc::as_ptr(&p.analysis.0) as usize as u64) ^ (filter.len() as u64) << 48 ^ range_key;
    let window = use_window(chunks, rows_in, ROW_PX, pinned, reset);
    html! {
        <nav class="streams" aria-label={t(lc, "streams.nav")}>
            <div class="streams-head">
                <h3>{ t(lc, "streams.title") }</h3>
                if streams.len() > 1 {
                    <input id="stream-filter" type="search" placeholder={t(lc, "streams.filter.placeholder")}
                        value={(*filter).clone()} {oninput} aria-label={t(lc, "streams.filter.label")} />
                    <span id="stream-count" class="muted">
                        { if shown.len() == streams.len() { count(lc, "streams.count", streams.len()) } else { tf(lc, "streams.count_of", &[&shown.len().to_string(), &streams.len().to_string()]) } }
                    </span>
                }
            </div>
            <div class="streams-scroll">
            <table id="stream-list" aria-label={t(lc, "streams.table")} ref={window.node.clone()}>
                <thead><tr>
                    <th scope="col" title={t(lc, "streams.col.n.title")}>{"#"}</th><th scope="col">{ t(lc, "streams.col.protocol") }</th><th scope="col">{ t(lc, "streams.col.client") }</th><th scope="col">{ t(lc, "streams.col.server") }</th>
                    <th scope="col" title={t(lc, "streams.col.packets.title")}>{ t(lc, "streams.col.packets") }</th><th scope="col" title={t(lc, "streams.col.bytes.title")}>{ t(lc, "streams.col.bytes") }</th>
                    <th scope="col" title={t(lc, "streams.col.start.title")}>{ t(lc, "streams.col.start") }</th>
                    <th scope="col" title={t(lc, "streams.col.duration.title")}>{ t(lc, "streams.col.duration") }</th>
                    <th scope="col">{ t(lc, "streams.col.happened") }</th>
                </tr></thead>
                { for (0..chunks).map(|c| {
                    let part = &shown[c * CHUNK..((c + 1) * CHUNK).min(shown.len())];
                    if window.shown(c) {
                        html! { <tbody data-chunk={c.to_string()}>{ for part.iter().map(|(s, row)| row_view(s, row, p, lc)) }</tbody> }
                    } else {
                        html! { <tbody data-chunk={c.to_string()}><tr class="vspacer" aria-hidden="true"><td colspan="9"></td></tr></tbody> }
                    }
                }) }
            </table>
            if shown.is_empty() {
                <p class="empty">{ tf(lc, "streams.no_match", &[&filter]) }</p>
            }
            </div>
        </nav>
    }
}
