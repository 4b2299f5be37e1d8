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

use crate::i18n::{t, tf, use_locale, Locale};
use crate::save::save;
use crate::state::Shared;
use postscope_core::explain;
use postscope_core::message::inspect::{
    has_hidden, image_data_url, inspect_in, sandbox_document, visible, wire_text, HeaderView, Inspection, PartKind, PartView, KEY_HEADERS,
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
    /// Closes the view (the transcript then takes the whole width).
    #[prop_or_default]
    pub on_close: Callback<()>,
}

/// Whether the message was fetched as its header only (IMAP FETCH
/// BODY[HEADER], BODY[HEADER.FIELDS (...)], RFC822.HEADER: RFC 9051 §6.4.5):
/// no body crossed the wire, so it is shown as a header, with no parts.
pub fn header_only(m: &Message) -> bool {
    m.section.as_deref().is_some_and(|s| s.trim_start().to_ascii_uppercase().starts_with("HEADER"))
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

fn truncated_note(was_cut: bool, lc: Locale) -> Html {
    if was_cut {
        html! { <p class="note">{ explain::say_in(lc, &["message.view.truncated"], &[&(SHOWN / 1024).to_string()]) }</p> }
    } else {
        html! {}
    }
}

fn hidden_note(texts: &[&str], lc: Locale) -> Html {
    if texts.iter().any(|t| has_hidden(t)) {
        html! { <p class="note hidden-chars">{ explain::say_in(lc, &["message.view.hidden"], &[]) }</p> }
    } else {
        html! {}
    }
}

fn title_of(m: &Message, lc: Locale) -> String {
    match m.subject.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(s) => visible(s),
        None => tf(lc, "message.no_subject", &[&m.command]),
    }
}

/// Why a message is not complete ("312 bytes missing, end not captured"), or `None`.
pub fn incomplete_why(m: &Message) -> Option<String> {
    incomplete_why_in(m, Locale::En)
}

/// [`incomplete_why`] in `lc`.
pub fn incomplete_why_in(m: &Message, lc: Locale) -> Option<String> {
    if m.complete {
        return None;
    }
    let mut parts = Vec::new();
    if m.missing_bytes > 0 {
        parts.push(tf(lc, "message.missing", &[&m.missing_bytes.to_string()]));
    }
    if m.ended_early {
        parts.push(t(lc, "message.end_unseen").to_string());
    }
    if m.cut {
        parts.push(t(lc, "message.cut").to_string());
    }
    Some(parts.join(t(lc, "list.comma")))
}

fn status(m: &Message, lc: Locale) -> Html {
    match incomplete_why_in(m, lc) {
        None => html! { <span class="badge ok">{ t(lc, "message.complete") }</span> },
        Some(why) => html! { <span class="badge incomplete" id="message-incomplete">{ tf(lc, "message.incomplete", &[&why]) }</span> },
    }
}

fn header_row(h: &HeaderView, lc: Locale) -> Html {
    let raw = visible(&h.raw);
    let decoded = h.decoded.as_deref().map(visible);
    html! {
        <tr class="header" data-name={visible(&h.name).to_ascii_lowercase()}>
            <th scope="row">{ visible(&h.name) }</th>
            <td>
                if let Some(d) = decoded {
                    <div class="side-by-side">
                        <div><span class="label">{ t(lc, "message.on_the_wire") }</span><code class="wire-text">{ raw }</code></div>
                        <div><span class="label">{ t(lc, "message.decoded") }</span><span class="decoded-text">{ d.clone() }</span></div>
                    </div>
                    if h.encoded_words {
                        <p class="explain">{ explain::say_in(lc, &["mime.encoded_word"], &[&d]) }</p>
                    }
                } else {
                    <code class="wire-text">{ raw }</code>
                }
                if !h.explain.is_empty() { <p class="explain">{ &h.explain }</p> }
            </td>
        </tr>
    }
}

fn key_headers(i: &Inspection, lc: Locale) -> Html {
    let rows: Vec<&HeaderView> = KEY_HEADERS.iter().filter_map(|k| i.header(k)).collect();
    let texts: Vec<&str> = rows.iter().flat_map(|h| [h.raw.as_str(), h.decoded.as_deref().unwrap_or("")]).collect();
    html! {
        <section class="key-headers">
            <h4>{ t(lc, "message.key_headers") }</h4>
            { hidden_note(&texts, lc) }
            <table class="headers" id="key-headers">{ for rows.into_iter().map(|h| header_row(h, lc)) }</table>
        </section>
    }
}

fn received_chain(i: &Inspection, lc: Locale) -> Html {
    html! {
        <section class="received">
            <h4>{ t(lc, "message.received") }</h4>
            if i.received.is_empty() {
                <p class="explain">{ explain::say_in(lc, &["message.view.received_none"], &[]) }</p>
            } else {
                <p class="explain">{ &i.received_explain }</p>
                <ol class="hops" id="received-chain">
                    { for i.received.iter().map(|h| html! {
                        <li class="hop">
                            <p class="hop-explain">{ visible(&h.explain) }</p>
                            <details><summary>{ t(lc, "message.as_written") }</summary><code class="wire-text">{ visible(&h.raw) }</code></details>
                        </li>
                    }) }
                </ol>
            }
        </section>
    }
}

fn part_label(p: &PartView, lc: Locale) -> String {
    let id = if p.id.is_empty() { t(lc, "message.part.root").to_string() } else { tf(lc, "message.part", &[&p.id]) };
    let mut s = format!("{id}: {}", p.content_type);
    if let Some(c) = &p.charset {
        s.push_str(&format!("; charset={c}"));
    }
    if p.kind != PartKind::Multipart {
        s.push_str(&format!(" · {}", p.encoding));
        s.push_str(&tf(lc, "message.part.bytes", &[&p.data.len().to_string()]));
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

fn mime_tree(i: &Inspection, lc: Locale) -> Html {
    html! {
        <section class="mime">
            <h4>{ t(lc, "message.mime") }</h4>
            <ul class="mime-tree" id="mime-tree">
                { for i.parts.iter().map(|p| html! {
                    <li class={classes!("mime-node", if p.kind == PartKind::Multipart { "multipart" } else { "leaf" }, depth_class(p.depth))} data-part={p.id.clone()}>
                        <span class="mime-type">{ part_label(p, lc) }</span>
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

fn part_body(p: &PartView, key: &str, lc: Locale) -> Html {
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
                        title={t(lc, "message.html.title")}></iframe>
                    <p class="explain">{ explain::say_in(lc, &["message.view.html_source"], &[]) }</p>
                    <pre tabindex="0" class="decoded-text html-source">{ src }</pre>
                    { truncated_note(src_cut, lc) }
                </div>
            }
        }
        (_, Some(text)) => {
            let (t, t_cut) = cut(text);
            html! { <><pre tabindex="0" class="decoded-text">{ t }</pre>{ truncated_note(t_cut, lc) }</> }
        }
        _ => html! {
            <>
                if let Some(url) = image_data_url(&p.content_type, &p.data) {
                    <img class="image-preview" src={url} alt={tf(lc, "message.picture", &[&p.id])} />
                }
                <p class="explain">{ explain::say_in(lc, &["message.view.binary"], &[&p.data.len().to_string()]) }</p>
                <code class="hex">{ hex_preview(&p.data) }</code>
            </>
        },
    };
    let hidden = p.filename.as_deref().map(|f| hidden_note(&[f], lc)).unwrap_or_default();
    html! {
        <details class={classes!("part", format!("kind-{:?}", p.kind).to_lowercase())} open=true data-part={p.id.clone()}>
            <summary>{ part_label(p, lc) }</summary>
            { hidden }
            { for p.explain.iter().map(|e| html! { <p class="explain">{ e }</p> }) }
            <div class="side-by-side part-bodies">
                <div class="encoded">
                    <span class="label">{ tf(lc, "message.part.wire", &[&p.encoding]) }</span>
                    <pre tabindex="0" class="wire-text">{ wire_shown }</pre>
                    { truncated_note(wire_cut, lc) }
                </div>
                <div class="decoded">
                    <span class="label">{ match &p.charset { Some(c) => tf(lc, "message.part.decoded_charset", &[c]), None => t(lc, "message.decoded").to_string() } }</span>
                    { decoded }
                </div>
            </div>
            <button class="button save-part" onclick={save_part}>
                { match &p.filename { Some(f) => tf(lc, "message.save_file", &[&visible(f)]), None => t(lc, "message.save_part").to_string() } }
            </button>
        </details>
    }
}

fn all_headers(i: &Inspection, lc: Locale) -> Html {
    html! {
        <details class="all-headers">
            <summary>{ tf(lc, "message.all_headers", &[&i.headers.len().to_string()]) }</summary>
            <table class="headers">{ for i.headers.iter().map(|h| header_row(h, lc)) }</table>
        </details>
    }
}

#[function_component(MessageView)]
pub fn message_view(p: &Props) -> Html {
    let lc = use_locale();
    let messages = stream_messages(&p.analysis, p.stream);
    let index = p.index.min(messages.len().saturating_sub(1));
    let inspection = {
        let (analysis, stream) = (p.analysis.clone(), p.stream);
        use_memo((analysis, stream, index, lc), move |(a, stream, index, lc)| {
            stream_messages(a, *stream).get(*index).map(|m| inspect_in(&m.raw, *lc)).unwrap_or_default()
        })
    };
    let Some(s) = p.analysis.streams.iter().find(|s| s.stream == p.stream) else {
        return html! {};
    };
    if messages.is_empty() {
        return html! {
            <section id="message-view" class="message-view empty-view">
                <h3>{ t(lc, "message.title") }</h3>
                <p class="explain">{ explain::say_in(lc, &["message.view.none"], &[]) }</p>
                if let Some(f) = s.tls_from_frame {
                    <p class="explain">{ explain::say_in(lc, &["message.view.encrypted"], &[&f.to_string()]) }</p>
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
        Dir::Client => t(lc, "message.c2s"),
        Dir::Server => t(lc, "message.s2c"),
    };
    let frames = if m.first_frame == m.last_frame {
        tf(lc, "transcript.frame", &[&m.first_frame.to_string()])
    } else {
        tf(lc, "transcript.frames", &[&m.first_frame.to_string(), &m.last_frame.to_string()])
    };
    let on_close = {
        let cb = p.on_close.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let header = header_only(m);
    html! {
        <section id="message-view" class={classes!("message-view", header.then_some("header-only"))} data-stream={p.stream.to_string()} data-index={index.to_string()}>
            <div class="message-view-top">
                <h3>{ tf(lc, "message.title.n", &[&messages.len().to_string()]) }</h3>
                <button id="message-close" class="message-close" onclick={on_close}>{ t(lc, "message.close") }</button>
            </div>
            if messages.len() > 1 {
                <ol class="message-list" aria-label={t(lc, "message.list")}>
                    { for messages.iter().enumerate().map(|(n, x)| {
                        let cb = p.on_select.clone();
                        html! {
                            <li class={classes!("message-pick", (n == index).then_some("selected"))}>
                                <button aria-current={(n == index).then_some("true")} onclick={Callback::from(move |_: MouseEvent| cb.emit(n))}>
                                    { tf(lc, "message.pick", &[&x.command, &title_of(x, lc), &x.first_frame.to_string()]) }
                                </button>
                            </li>
                        }
                    }) }
                </ol>
            }
            <article class="message" data-frame={m.first_frame.to_string()}>
                <h4 class="message-subject" id="message-subject">{ title_of(m, lc) }</h4>
                <p class="stream-facts">
                    { tf(lc, "message.facts", &[&m.protocol.name().to_uppercase(), &m.command, from_to, &frames, &m.size.to_string()]) }
                    { status(m, lc) }
                </p>
                <p class="explain">{ explain::render(&m.explain, &explain::Context::default(), lc) }</p>
                if header {
                    // Only the header crossed the wire: no body, no parts to save.
                    <p class="explain header-only-note">{ explain::say_in(lc, &["message.view.header_only"], &[&visible(m.section.as_deref().unwrap_or(""))]) }</p>
                    { key_headers(i, lc) }
                    { received_chain(i, lc) }
                    { all_headers(i, lc) }
                } else {
                <p>
                    <button class="button" id="save-eml" onclick={save_eml} title={explain::say_in(lc, &["message.view.eml"], &[])}>{ t(lc, "message.save_eml") }</button>
                </p>
                if !i.parsed {
                    <p class="explain">{ explain::say_in(lc, &["message.view.unparsed"], &[]) }</p>
                } else {
                    { key_headers(i, lc) }
                    { received_chain(i, lc) }
                    { mime_tree(i, lc) }
                    <section class="parts">
                        <h4>{ t(lc, "message.parts") }</h4>
                        { for i.parts.iter().filter(|p| p.kind != PartKind::Multipart && p.kind != PartKind::Message).map(|p| part_body(p, &key, lc)) }
                    </section>
                    { all_headers(i, lc) }
                }
                }
                <details class="raw-message">
                    <summary>{ t(lc, "message.raw") }</summary>
                    <p class="explain">{ explain::say_in(lc, &["message.view.wire"], &[]) }</p>
                    { {
                        let w = wire_text(&m.raw);
                        let (shown, was_cut) = cut(&w);
                        html! { <><pre tabindex="0" class="wire-text">{ shown.to_string() }</pre>{ truncated_note(was_cut, lc) }</> }
                    } }
                </details>
            </article>
        </section>
    }
}
