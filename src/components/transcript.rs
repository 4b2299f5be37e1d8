//! One conversation, in time order: TCP events, every protocol line with its
//! explanation, message content folded into blocks, credentials, TLS.
//! Everything from the capture goes into text nodes only.

use crate::state::Shared;
use postscope_core::model::{Analysis, Dir, Item, Line, LineKind};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub analysis: Shared<Analysis>,
    /// The stream to show (tcp.stream).
    pub stream: u32,
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

fn line_view(l: &Line) -> Html {
    let kind = match l.kind {
        LineKind::Command => "command",
        LineKind::Reply => "reply",
        LineKind::Sasl => "sasl",
        LineKind::Content => "content",
        LineKind::Other => "other",
    };
    html! {
        <div class={classes!("line", dir_class(l.dir), kind)} data-frame={l.frame.to_string()} data-dir={dir_class(l.dir)}>
            <span class="frame" title="frame number, as in Wireshark">{ l.frame }</span>
            <span class="who" title={if l.dir == Dir::Client { "client to server" } else { "server to client" }}>{ who(l.dir) }</span>
            <div class="body">
                <div class="wire">
                    if let Some(v) = &l.verb { <span class="verb">{ v }</span> }
                    <code class="text">{ &l.text }</code>
                </div>
                if let Some(d) = &l.decoded {
                    <div class="decoded">{"Base64 decoded: "}<code>{ d }</code></div>
                }
                if !l.explain.is_empty() { <p class="explain">{ &l.explain }</p> }
            </div>
        </div>
    }
}

fn content_block(lines: &[&Line]) -> Html {
    let first = lines[0];
    let last = lines[lines.len() - 1];
    let frames = if first.frame == last.frame { format!("frame {}", first.frame) } else { format!("frames {}–{}", first.frame, last.frame) };
    html! {
        <details class={classes!("content-block", dir_class(first.dir))} open={lines.len() <= OPEN_LINES} data-frame={first.frame.to_string()}>
            <summary>{ format!("{} content: {} line{} ({frames})", if first.dir == Dir::Client { "Client sends" } else { "Server sends" }, lines.len(), if lines.len() == 1 { "" } else { "s" }) }</summary>
            <div class="content-lines">
                { for lines.iter().map(|l| html! {
                    <div class="cline" data-frame={l.frame.to_string()}>
                        <code class="text">{ if l.text.is_empty() { "\u{00a0}" } else { l.text.as_str() } }</code>
                        if !l.explain.is_empty() { <span class="explain">{ &l.explain }</span> }
                    </div>
                }) }
            </div>
        </details>
    }
}

fn item_view(item: &Item) -> Html {
    match item {
        Item::Line(l) => line_view(l),
        Item::Tcp(t) => html! {
            <div class={classes!("tcp", dir_class(t.dir))} data-frame={t.frame.to_string()}>
                <span class="frame">{ t.frame }</span>
                <span class="who">{ who(t.dir) }</span>
                <div class="body"><span class="badge">{ format!("TCP {}", t.event.replace('_', " ").to_uppercase()) }</span>
                    <span class="seq">{ format!(" seq={} ack={}", t.seq, t.ack) }</span>
                    <p class="explain">{ &t.explain }</p></div>
            </div>
        },
        Item::Gap(g) => html! {
            <div class={classes!("gap", dir_class(g.dir))} data-frame={g.frame.to_string()}>
                <span class="frame">{ g.frame }</span><span class="who">{ who(g.dir) }</span>
                <div class="body"><span class="badge">{ format!("{} bytes missing", g.bytes) }</span><p class="explain">{ &g.explain }</p></div>
            </div>
        },
        Item::Tls(t) => html! {
            <div class={classes!("tls", dir_class(t.dir))} data-frame={t.frame.to_string()}>
                <span class="frame">{ t.frame }</span><span class="who">{ who(t.dir) }</span>
                <div class="body"><span class="badge">{ format!("TLS {}", t.what.replace('_', " ")) }</span><p class="explain">{ &t.explain }</p></div>
            </div>
        },
        Item::Credential(c) => html! {
            <div class="credential" data-frame={c.frame.to_string()}>
                <span class="frame">{ c.frame }</span><span class="who">{"!"}</span>
                <div class="body">
                    <span class="badge">{ format!("Credentials ({})", c.mechanism) }</span>
                    <dl>
                        <dt>{"username"}</dt><dd><code class="cred-user">{ c.username.clone().unwrap_or_else(|| "—".into()) }</code></dd>
                        if c.password.is_some() || c.secret.is_none() {
                            <dt>{"password"}</dt><dd><code class="cred-pass">{ c.password.clone().unwrap_or_else(|| "—".into()) }</code></dd>
                        }
                        if let Some(s) = &c.secret { <dt>{"instead of the password"}</dt><dd><code>{ s }</code></dd> }
                        <dt>{"server said"}</dt><dd>{ match c.accepted { Some(true) => "accepted", Some(false) => "rejected", None => "not seen" } }</dd>
                    </dl>
                    <p class="explain">{ &c.explain }</p>
                </div>
            </div>
        },
    }
}

#[function_component(Transcript)]
pub fn transcript(p: &Props) -> Html {
    let Some(s) = p.analysis.streams.iter().find(|s| s.stream == p.stream) else { return html! {} };
    let mut views = Vec::new();
    let mut i = 0;
    while i < s.items.len() {
        if let Item::Line(l) = &s.items[i] {
            if l.kind == LineKind::Content {
                let mut block = vec![l];
                let mut j = i + 1;
                while let Some(Item::Line(n)) = s.items.get(j) {
                    if n.kind != LineKind::Content || n.dir != l.dir {
                        break;
                    }
                    block.push(n);
                    j += 1;
                }
                views.push(content_block(&block));
                i = j;
                continue;
            }
        }
        views.push(item_view(&s.items[i]));
        i += 1;
    }
    html! {
        <section id="transcript" class="transcript" data-stream={s.stream.to_string()}>
            <h3>{ format!("Stream {} · {} · client {} ↔ server {}", s.stream, s.protocol.name().to_uppercase(), s.client, s.server) }</h3>
            <p class="stream-facts">
                { format!("Frames {}–{}, {} packets. Recognised by {}.", s.first_frame, s.last_frame, s.packets, s.recognised_by) }
                if let Some(f) = s.tls_from_frame { { format!(" Encrypted with TLS from frame {f} on.") } }
            </p>
            if s.items.is_empty() {
                <p class="empty">{"Nothing in this conversation can be shown: it carried no bytes Postscope can read."}</p>
            }
            { for views }
        </section>
    }
}
