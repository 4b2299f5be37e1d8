//! The messages of one conversation, rebuilt from the packets: the headers
//! that matter, the Received chain oldest hop first, the MIME tree, and each
//! part as it crossed the wire next to what it decodes to. Messages and
//! parts can be saved.
//!
//! Everything from the capture goes into text nodes, with one exception: an
//! HTML part is rendered in an `<iframe sandbox="">` through `srcdoc`, under a
//! Content-Security-Policy that loads nothing (see
//! `postscope_core::message::inspect::sandbox_document`). Headers and file
//! names are passed through `visible`, so escape sequences and
//! direction overrides show instead of acting.

use crate::save::save;
use crate::state::Shared;
use postscope_core::explain;
use postscope_core::message::inspect::{
    has_hidden, image_data_url, inspect, sandbox_document, visible, wire_text, HeaderView, Inspection, PartKind, PartView, KEY_HEADERS,
};
use postscope_core::model::{Analysis, Dir, Item, Message};
use yew::prelude::*;

/// Most bytes of one text shown on the page (saving keeps all of them).
const SHOWN: usize = 128 * 1024;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub analysis: Shared<Analysis>,
    /// The conversation (tcp.stream).
    pub stream: u32,
    /// Which of its messages is shown (0 for the first).
    pub index: usize,
    pub on_select: Callback<usize>,
}

/// The messages of `stream`, in order.
pub fn stream_messages(a: &Analysis, stream: u32) -> Vec<&Message> {
    a.streams
        .iter()
        .filter(|s| s.stream == stream)
        .flat_map(|s| s.items.iter())
        .filter_map(|i| match i {
            Item::Message(m) => Some(&**m),
            _ => None,
        })
        .collect()
}

fn cut(s: &str) -> (&str, bool) {
    if s.len() <= SHOWN {
        return (s, false);
    }
    let mut end = SHOWN;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    (&s[..end], true)
}

fn truncated_note(was_cut: bool) -> Html {
    if was_cut {
        html! { <p class="note">{ explain::say(&["message.view.truncated"], &[&(SHOWN / 1024).to_string()]) }</p> }
    } else {
        html! {}
    }
}

fn hidden_note(texts: &[&str]) -> Html {
    if texts.iter().any(|t| has_hidden(t)) {
        html! { <p class="note hidden-chars">{ explain::say(&["message.view.hidden"], &[]) }</p> }
    } else {
        html! {}
    }
}

fn title_of(m: &Message) -> String {
    match m.subject.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(s) => visible(s),
        None => format!("({} without a subject)", m.command),
    }
}

/// Why a message is not complete ("312 bytes missing, end not captured"), or `None`.
pub fn incomplete_why(m: &Message) -> Option<String> {
    if m.complete {
        return None;
    }
    let mut parts = Vec::new();
    if m.missing_bytes > 0 {
        parts.push(format!("{} bytes missing", m.missing_bytes));
    }
    if m.ended_early {
        parts.push("end not captured".to_string());
    }
    if m.cut {
        parts.push("cut".to_string());
    }
    Some(parts.join(", "))
}

fn status(m: &Message) -> Html {
    match incomplete_why(m) {
        None => html! { <span class="badge ok">{"complete"}</span> },
        Some(why) => html! { <span class="badge incomplete" id="message-incomplete">{ format!("incomplete: {why}") }</span> },
    }
}

fn header_row(h: &HeaderView) -> Html {
    let raw = visible(&h.raw);
    let decoded = h.decoded.as_deref().map(visible);
    html! {
        <tr class="header" data-name={visible(&h.name).to_ascii_lowercase()}>
            <th scope="row">{ visible(&h.name) }</th>
            <td>
                if let Some(d) = decoded {
                    <div class="side-by-side">
                        <div><span class="label">{"on the wire"}</span><code class="wire-text">{ raw }</code></div>
                        <div><span class="label">{"decoded"}</span><span class="decoded-text">{ d.clone() }</span></div>
                    </div>
                    if h.encoded_words {
                        <p class="explain">{ explain::say(&["mime.encoded_word"], &[&d]) }</p>
                    }
                } else {
                    <code class="wire-text">{ raw }</code>
                }
                if !h.explain.is_empty() { <p class="explain">{ &h.explain }</p> }
            </td>
        </tr>
    }
}

fn key_headers(i: &Inspection) -> Html {
    let rows: Vec<&HeaderView> = KEY_HEADERS.iter().filter_map(|k| i.header(k)).collect();
    let texts: Vec<&str> = rows.iter().flat_map(|h| [h.raw.as_str(), h.decoded.as_deref().unwrap_or("")]).collect();
    html! {
        <section class="key-headers">
            <h4>{"Headers that matter"}</h4>
            { hidden_note(&texts) }
            <table class="headers" id="key-headers">{ for rows.into_iter().map(header_row) }</table>
        </section>
    }
}

fn received_chain(i: &Inspection) -> Html {
    html! {
        <section class="received">
            <h4>{"Received chain, oldest hop first"}</h4>
            if i.received.is_empty() {
                <p class="explain">{ explain::say(&["message.view.received_none"], &[]) }</p>
            } else {
                <p class="explain">{ &i.received_explain }</p>
                <ol class="hops" id="received-chain">
                    { for i.received.iter().map(|h| html! {
                        <li class="hop">
                            <p class="hop-explain">{ visible(&h.explain) }</p>
                            <details><summary>{"as written"}</summary><code class="wire-text">{ visible(&h.raw) }</code></details>
                        </li>
                    }) }
                </ol>
            }
        </section>
    }
}

fn part_label(p: &PartView) -> String {
    let id = if p.id.is_empty() { "message".to_string() } else { format!("part {}", p.id) };
    let mut s = format!("{id}: {}", p.content_type);
    if let Some(c) = &p.charset {
        s.push_str(&format!("; charset={c}"));
    }
    if p.kind != PartKind::Multipart {
        s.push_str(&format!(" · {}", p.encoding));
        s.push_str(&format!(" · {} bytes", p.data.len()));
    }
    if let Some(f) = &p.filename {
        s.push_str(&format!(" · “{}”", visible(f)));
    }
    s
}

/// The indent of a part in the tree, as a class (`depth-0` … `depth-8`): the
/// app sets no inline style (the page's Content-Security-Policy allows them
/// only so that an HTML mail keeps its own styles in the sealed frame).
fn depth_class(depth: u32) -> String {
    format!("depth-{}", depth.min(8))
}

fn mime_tree(i: &Inspection) -> Html {
    html! {
        <section class="mime">
            <h4>{"MIME structure"}</h4>
            <ul class="mime-tree" id="mime-tree">
                { for i.parts.iter().map(|p| html! {
                    <li class={classes!("mime-node", if p.kind == PartKind::Multipart { "multipart" } else { "leaf" }, depth_class(p.depth))} data-part={p.id.clone()}>
                        <span class="mime-type">{ part_label(p) }</span>
                        if p.kind == PartKind::Multipart || p.kind == PartKind::Message {
                            <p class="explain">{ p.explain.first().cloned().unwrap_or_default() }</p>
                        }
                    </li>
                }) }
            </ul>
        </section>
    }
}

fn hex_preview(data: &[u8]) -> String {
    data.iter().take(48).map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(" ") + if data.len() > 48 { " …" } else { "" }
}

fn part_body(p: &PartView, key: &str) -> Html {
    let name = p.filename.clone().unwrap_or_else(|| format!("{key}-part-{}", if p.id.is_empty() { "0" } else { &p.id }));
    let save_part = {
        let (name, ct, data) = (name.clone(), p.content_type.clone(), p.data.clone());
        Callback::from(move |_: MouseEvent| save(&name, &ct, &data))
    };
    let wire = wire_text(&p.wire);
    let (wire_shown, wire_cut) = cut(&wire);
    let decoded: Html = match (p.kind, p.text.as_deref()) {
        (PartKind::Html, Some(html_text)) => {
            let (src, src_cut) = cut(html_text);
            html! {
                <div class="html-part">
                    <iframe class="html-render" sandbox="" srcdoc={sandbox_document(html_text)} referrerpolicy="no-referrer"
                        title="the HTML part, rendered in a sealed frame: no script, no form, no network"></iframe>
                    <p class="explain">{ explain::say(&["message.view.html_source"], &[]) }</p>
                    <pre tabindex="0" class="decoded-text html-source">{ src }</pre>
                    { truncated_note(src_cut) }
                </div>
            }
        }
        (_, Some(text)) => {
            let (t, t_cut) = cut(text);
            html! { <><pre tabindex="0" class="decoded-text">{ t }</pre>{ truncated_note(t_cut) }</> }
        }
        _ => html! {
            <>
                if let Some(url) = image_data_url(&p.content_type, &p.data) {
                    <img class="image-preview" src={url} alt={format!("the picture in part {}", p.id)} />
                }
                <p class="explain">{ explain::say(&["message.view.binary"], &[&p.data.len().to_string()]) }</p>
                <code class="hex">{ hex_preview(&p.data) }</code>
            </>
        },
    };
    let hidden = p.filename.as_deref().map(|f| hidden_note(&[f])).unwrap_or_default();
    html! {
        <details class={classes!("part", format!("kind-{:?}", p.kind).to_lowercase())} open=true data-part={p.id.clone()}>
            <summary>{ part_label(p) }</summary>
            { hidden }
            { for p.explain.iter().map(|e| html! { <p class="explain">{ e }</p> }) }
            <div class="side-by-side part-bodies">
                <div class="encoded">
                    <span class="label">{ format!("as it crossed the wire ({})", p.encoding) }</span>
                    <pre tabindex="0" class="wire-text">{ wire_shown }</pre>
                    { truncated_note(wire_cut) }
                </div>
                <div class="decoded">
                    <span class="label">{ match &p.charset { Some(c) => format!("decoded ({c} → Unicode)"), None => "decoded".to_string() } }</span>
                    { decoded }
                </div>
            </div>
            <button class="button save-part" onclick={save_part}>
                { match &p.filename { Some(f) => format!("Save “{}”", visible(f)), None => "Save this part".to_string() } }
            </button>
        </details>
    }
}

fn all_headers(i: &Inspection) -> Html {
    html! {
        <details class="all-headers">
            <summary>{ format!("All {} headers", i.headers.len()) }</summary>
            <table class="headers">{ for i.headers.iter().map(header_row) }</table>
        </details>
    }
}

#[function_component(MessageView)]
pub fn message_view(p: &Props) -> Html {
    let messages = stream_messages(&p.analysis, p.stream);
    let index = p.index.min(messages.len().saturating_sub(1));
    let inspection = {
        let (analysis, stream) = (p.analysis.clone(), p.stream);
        use_memo((analysis, stream, index), move |(a, stream, index)| {
            stream_messages(a, *stream).get(*index).map(|m| inspect(&m.raw)).unwrap_or_default()
        })
    };
    let Some(s) = p.analysis.streams.iter().find(|s| s.stream == p.stream) else {
        return html! {};
    };
    if messages.is_empty() {
        return html! {
            <section id="message-view" class="message-view empty-view">
                <h3>{"Messages"}</h3>
                <p class="explain">{ explain::say(&["message.view.none"], &[]) }</p>
                if let Some(f) = s.tls_from_frame {
                    <p class="explain">{ explain::say(&["message.view.encrypted"], &[&f.to_string()]) }</p>
                }
            </section>
        };
    }
    let m = messages[index];
    let i = &*inspection;
    let key = format!("stream{}-frame{}", m.stream, m.first_frame);
    let save_eml = {
        let name = format!("{}.eml", m.subject.clone().filter(|s| !s.trim().is_empty()).unwrap_or_else(|| key.clone()));
        let raw = m.raw.clone();
        Callback::from(move |_: MouseEvent| save(&name, "message/rfc822", &raw))
    };
    let from_to = match m.dir {
        Dir::Client => "client → server",
        Dir::Server => "server → client",
    };
    let frames = if m.first_frame == m.last_frame {
        format!("frame {}", m.first_frame)
    } else {
        format!("frames {}–{}", m.first_frame, m.last_frame)
    };
    html! {
        <section id="message-view" class="message-view" data-stream={p.stream.to_string()} data-index={index.to_string()}>
            <h3>{ format!("Messages ({})", messages.len()) }</h3>
            if messages.len() > 1 {
                <ol class="message-list" aria-label="The messages of this conversation">
                    { for messages.iter().enumerate().map(|(n, x)| {
                        let cb = p.on_select.clone();
                        html! {
                            <li class={classes!("message-pick", (n == index).then_some("selected"))}>
                                <button aria-current={(n == index).then_some("true")} onclick={Callback::from(move |_: MouseEvent| cb.emit(n))}>
                                    { format!("{} · {} · frame {}", x.command, title_of(x), x.first_frame) }
                                </button>
                            </li>
                        }
                    }) }
                </ol>
            }
            <article class="message" data-frame={m.first_frame.to_string()}>
                <h4 class="message-subject" id="message-subject">{ title_of(m) }</h4>
                <p class="stream-facts">
                    { format!("{} {} · {from_to} · {frames} · {} bytes ", m.protocol.name().to_uppercase(), m.command, m.size) }
                    { status(m) }
                </p>
                <p class="explain">{ explain::plain(&m.explain) }</p>
                <p>
                    <button class="button" id="save-eml" onclick={save_eml} title={explain::say(&["message.view.eml"], &[])}>{"Save as .eml"}</button>
                </p>
                if !i.parsed {
                    <p class="explain">{ explain::say(&["message.view.unparsed"], &[]) }</p>
                } else {
                    { key_headers(i) }
                    { received_chain(i) }
                    { mime_tree(i) }
                    <section class="parts">
                        <h4>{"Parts, encoded and decoded"}</h4>
                        { for i.parts.iter().filter(|p| p.kind != PartKind::Multipart && p.kind != PartKind::Message).map(|p| part_body(p, &key)) }
                    </section>
                    { all_headers(i) }
                }
                <details class="raw-message">
                    <summary>{"The whole message as it crossed the wire"}</summary>
                    <p class="explain">{ explain::say(&["message.view.wire"], &[]) }</p>
                    { {
                        let w = wire_text(&m.raw);
                        let (shown, was_cut) = cut(&w);
                        html! { <><pre tabindex="0" class="wire-text">{ shown.to_string() }</pre>{ truncated_note(was_cut) }</> }
                    } }
                </details>
            </article>
        </section>
    }
}
