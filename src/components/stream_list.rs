//! The TCP conversations of the capture, numbered as Wireshark's tcp.stream,
//! across the page like Wireshark's packet list, with what happened in each
//! (logins, messages, TLS, missing bytes) and a filter for long captures.

use crate::components::transcript::seconds;
use crate::components::window::use_window;
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
    pub fn phrases(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if self.credentials > 0 {
            let who = match self.logins.as_slice() {
                [] => plural(self.credentials, "credential"),
                [one] => format!("login {one}"),
                many => format!("logins of {} users", many.len()),
            };
            let times = if self.credentials > 1 && !self.logins.is_empty() { format!(" ×{}", self.credentials) } else { String::new() };
            let refused = match self.refused {
                0 => String::new(),
                r if r == self.credentials => " · refused".to_string(),
                r => format!(" · {r} refused"),
            };
            let kind = if self.refused == self.credentials { "chip-login chip-refused" } else { "chip-login" };
            out.push((kind, format!("{who}{times}{refused}")));
        }
        match (self.messages, self.attachments) {
            (0, _) => {}
            (m, 0) => out.push(("chip-mail", plural(m, "message"))),
            (m, a) => out.push(("chip-mail", format!("{}, {}", plural(m, "message"), plural(a, "attachment")))),
        }
        if let Some(f) = self.tls_from {
            out.push(("chip-tls", format!("TLS from frame {f}")));
        }
        if self.missing_bytes > 0 {
            out.push(("chip-missing", format!("{} bytes missing", self.missing_bytes)));
        }
        if self.reset {
            out.push(("chip-reset", "ended by RST".to_string()));
        }
        out
    }
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
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
        Row::with(s, &Happened::of(s))
    }

    /// The row of a conversation whose `Happened` is known already.
    pub fn with(s: &Stream, h: &Happened) -> Row {
        let phrases = h.phrases();
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

fn row_view(s: &Stream, row: &Row, p: &Props) -> Html {
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
            title={format!("frames {}–{}, recognised by {}", s.first_frame, s.last_frame, s.recognised_by)}>
            <td>{ n }</td><td class={classes!("proto", format!("proto-{}", s.protocol.name()))}>{ protocol_label(s) }</td>
            <td class="addr">{ address(&s.client) }</td><td class="addr">{ address(&s.server) }</td>
            <td class="num">{ s.packets }</td><td class="num">{ s.client_bytes + s.server_bytes }</td>
            <td class="num">{ seconds(s.rel_start) }</td><td class="num">{ format!("{:.4}", s.duration) }</td>
            <td><div class="happened">{ for row.phrases.iter().map(|(kind, text)| html! { <span class={classes!("chip", *kind)}>{ text }</span> }) }</div></td>
        </tr>
    }
}

#[function_component(StreamList)]
pub fn stream_list(p: &Props) -> Html {
    let filter = use_state(String::new);
    let rows = use_memo((p.analysis.clone(), p.happened.clone()), |(a, h)| match h.as_ref().filter(|h| h.len() == a.streams.len()) {
        Some(h) => a.streams.iter().zip(h.iter()).map(|(s, h)| Row::with(s, h)).collect::<Vec<_>>(),
        None => a.streams.iter().map(Row::of).collect::<Vec<_>>(),
    });
    let oninput = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| filter.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let streams = &p.analysis.streams;
    let shown: Vec<(&Stream, &Row)> = streams.iter().zip(rows.iter()).filter(|(_, r)| matches(&filter, r)).collect();
    // Windowed: thousands of conversations, only the rows near the view on the page.
    let chunks = shown.len().div_ceil(CHUNK);
    let n = shown.len();
    let rows_in: std::rc::Rc<dyn Fn(usize) -> usize> = std::rc::Rc::new(move |c| (n - c * CHUNK).min(CHUNK));
    let pinned = p.selected.and_then(|sel| shown.iter().position(|(s, _)| s.stream == sel)).map(|i| i / CHUNK);
    let reset = (std::rc::Rc::as_ptr(&p.analysis.0) as usize as u64) ^ (filter.len() as u64) << 48;
    let window = use_window(chunks, rows_in, ROW_PX, pinned, reset);
    html! {
        <nav class="streams" aria-label="TCP conversations">
            <div class="streams-head">
                <h3>{"Conversations"}</h3>
                if streams.len() > 1 {
                    <input id="stream-filter" type="search" placeholder="filter: smtp, 10.0.0.5, :587, login, message …"
                        value={(*filter).clone()} {oninput} aria-label="Filter the conversations" />
                    <span id="stream-count" class="muted">
                        { if shown.len() == streams.len() { plural(streams.len(), "conversation") } else { format!("{} of {}", shown.len(), streams.len()) } }
                    </span>
                }
            </div>
            <div class="streams-scroll">
            <table id="stream-list" aria-label="TCP conversations: Enter or Space shows one" ref={window.node.clone()}>
                <thead><tr>
                    <th scope="col" title="tcp.stream in Wireshark">{"#"}</th><th scope="col">{"Protocol"}</th><th scope="col">{"Client"}</th><th scope="col">{"Server"}</th>
                    <th scope="col" title="packets">{"Packets"}</th><th scope="col" title="bytes on the wire, client + server">{"Bytes"}</th>
                    <th scope="col" title="seconds from the capture's first frame to the conversation's first packet (Wireshark's Rel Start)">{"Start (s)"}</th>
                    <th scope="col" title="seconds from the conversation's first packet to its last (Wireshark's Duration)">{"Duration (s)"}</th>
                    <th scope="col">{"What happened"}</th>
                </tr></thead>
                { for (0..chunks).map(|c| {
                    let part = &shown[c * CHUNK..((c + 1) * CHUNK).min(shown.len())];
                    if window.shown(c) {
                        html! { <tbody data-chunk={c.to_string()}>{ for part.iter().map(|(s, row)| row_view(s, row, p)) }</tbody> }
                    } else {
                        html! { <tbody data-chunk={c.to_string()}><tr class="vspacer" aria-hidden="true"><td colspan="9"></td></tr></tbody> }
                    }
                }) }
            </table>
            if shown.is_empty() {
                <p class="empty">{ format!("No conversation matches “{}”.", *filter) }</p>
            }
            </div>
        </nav>
    }
}
