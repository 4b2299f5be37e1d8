//! "What an eavesdropper learned": one panel for the whole capture, grouped
//! by conversation: every login, address, subject, attachment name and
//! message that crossed the wire readable, each a link to where it appears,
//! with its lesson; for TLS conversations what stayed hidden and what leaked
//! all the same. What Postscope read with a key log is listed apart.
//! Capture text goes into text nodes only.
//!
//! A capture of thousands of conversations is shown a [`PAGE`] of
//! conversations at a time (the worker sends each page when asked), under
//! counts of the whole capture and with how many are shown of how many.

use crate::state::Shared;
use postscope_core::eavesdropper::{Exposed, ExposedKind, Overheard};
use postscope_core::explain::Locale;
use yew::prelude::*;

/// The words of this view, in one place (for the locale table to come).
mod words {
    pub const TITLE: &str = "eaves.title";
    pub const NOTHING: &str = "eaves.nothing";
    pub const DECRYPTED: &str = "eaves.decrypted";
    pub const HIDDEN: &str = "eaves.hidden";
    pub const PASSWORD: &str = "eaves.password";
    pub const DIGEST: &str = "eaves.digest";
    pub const BYTES: &str = "eaves.bytes";
    pub const INTRO: &str = "eaves.intro";
    pub const INTRO_ONE: &str = "eaves.intro.one";
    pub const INTRO_DECRYPTED: &str = "eaves.intro.decrypted";
    pub const INTRO_DECRYPTED_ONE: &str = "eaves.intro.decrypted.one";
    pub const CONVERSATION: &str = "eaves.conversation";
    pub const FRAME: &str = "eaves.frame";
    pub const SHOWN: &str = "eaves.shown";
    pub const MORE: &str = "eaves.more";
}

/// Conversations the panel shows at first, and how many more each "show more" adds.
pub const PAGE: usize = 20;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// What an eavesdropper learned (`postscope_core::eavesdropper`), as the
    /// analysis worker made it; `None` until it has answered.
    pub eavesdropper: Option<Shared<postscope_core::eavesdropper::Eavesdropper>>,
    /// Called with (stream, frame) of the item chosen.
    pub on_goto: Callback<(u32, u32)>,
    /// How many conversations the whole panel has, when `eavesdropper` holds
    /// only the first of them (`None`: it holds them all).
    #[prop_or_default]
    pub total: Option<usize>,
    /// Asks for the next page: the conversations from the number given.
    #[prop_or_default]
    pub on_more: Callback<usize>,
}

fn kind_class(k: ExposedKind) -> &'static str {
    match k {
        ExposedKind::Credential => "credential",
        ExposedKind::Address => "address",
        ExposedKind::Subject => "subject",
        ExposedKind::Attachment => "attachment",
        ExposedKind::Body => "body",
    }
}

fn item_view(stream: u32, i: &Exposed, on_goto: &Callback<(u32, u32)>, lc: Locale) -> Html {
    let onclick = {
        let cb = on_goto.clone();
        let f = i.frame;
        Callback::from(move |_: MouseEvent| cb.emit((stream, f)))
    };
    let kind = postscope_core::explain::Phrase::new(i.kind.key(), &[]).fragment(lc);
    let detail_name = match i.kind {
        ExposedKind::Credential if i.lesson.key == "eaves.lesson.clear" || i.lesson.key == "eaves.lesson.decrypted" => {
            crate::i18n::t(lc, words::PASSWORD)
        }
        ExposedKind::Credential => crate::i18n::t(lc, words::DIGEST),
        ExposedKind::Body => crate::i18n::t(lc, words::BYTES),
        _ => "",
    };
    html! {
        <li class={classes!("exposed", kind_class(i.kind), i.decrypted.then_some("decrypted"))} data-stream={stream.to_string()} data-frame={i.frame.to_string()}>
            <button class="goto" {onclick}>{ crate::i18n::tf(lc, words::FRAME, &[&i.frame.to_string()]) }</button>
            <span class="exposed-kind">{ kind }</span>
            <span class="exposed-label">{ &i.label }</span>
            <code class="exposed-value">{ &i.value }</code>
            if let Some(d) = &i.detail {
                if i.kind == ExposedKind::Body {
                    <span class="exposed-detail"><code>{ d }</code>{ format!(" {detail_name}") }</span>
                } else {
                    <span class="exposed-detail">{ format!("{detail_name} ") }<code>{ d }</code></span>
                }
            }
        </li>
    }
}

/// Items in runs of one lesson, each run followed by its lesson once.
fn grouped(o: &Overheard, decrypted: bool, on_goto: &Callback<(u32, u32)>, lc: Locale) -> Html {
    let items: Vec<&Exposed> = o.items.iter().filter(|i| i.decrypted == decrypted).collect();
    let mut runs: Vec<(&postscope_core::explain::Phrase, Vec<&Exposed>)> = Vec::new();
    for i in items {
        match runs.iter_mut().find(|(l, _)| **l == i.lesson) {
            Some((_, v)) => v.push(i),
            None => runs.push((&i.lesson, vec![i])),
        }
    }
    html! {
        { for runs.iter().map(|(lesson, items)| html! {
            <div class="exposed-run">
                <ul class="exposed-list">{ for items.iter().map(|i| item_view(o.stream, i, on_goto, lc)) }</ul>
                <p class="lesson">{ lesson.say(lc) }</p>
            </div>
        }) }
    }
}

#[function_component(Eavesdropper)]
pub fn eavesdropper_panel(p: &Props) -> Html {
    let lc = crate::i18n::use_locale();
    let Some(e) = p.eavesdropper.as_ref() else {
        return html! {};
    };
    if e.conversations.is_empty() {
        return html! {};
    }
    html! {
        <details id="eavesdropper" class="eavesdropper" open=true>
            <summary><h3>{ crate::i18n::t(lc, words::TITLE) }</h3></summary>
            <p class="eaves-intro">{ if e.readable == 0 && e.decrypted == 0 { crate::i18n::t(lc, words::NOTHING).to_string() } else { crate::i18n::tf(lc, match (e.readable == 1, e.decrypted > 0) {
                (true, false) => words::INTRO_ONE,
                (false, false) => words::INTRO,
                (true, true) => words::INTRO_DECRYPTED_ONE,
                (false, true) => words::INTRO_DECRYPTED,
            }, &[&e.readable.to_string(), &e.decrypted.to_string()]) } }</p>
            { for e.conversations.iter().map(|o| html! {
                <section class="overheard" data-stream={o.stream.to_string()}>
                    <h4>{ crate::i18n::tf(lc, words::CONVERSATION, &[&o.stream.to_string(), &o.protocol, crate::components::no_address_text(lc, &o.client, true).unwrap_or(&o.client), crate::components::no_address_text(lc, &o.server, false).unwrap_or(&o.server)]) }</h4>
                    { grouped(o, false, &p.on_goto, lc) }
                    if o.items.iter().any(|i| i.decrypted) {
                        <h5>{ crate::i18n::t(lc, words::DECRYPTED) }</h5>
                        { grouped(o, true, &p.on_goto, lc) }
                    }
                    if let Some(t) = &o.tls {
                        <div class="tls-lesson">
                            <h5>{ crate::i18n::t(lc, words::HIDDEN) }</h5>
                            <p class="hidden">{ t.hidden.say(lc) }</p>
                            <ul class="leaks">
                                { for t.leaks.iter().map(|l| {
                                    let onclick = { let cb = p.on_goto.clone(); let (s, f) = (o.stream, l.frame); Callback::from(move |_: MouseEvent| cb.emit((s, f))) };
                                    html! { <li class="leak" data-frame={l.frame.to_string()}><button class="goto" {onclick}>{ crate::i18n::tf(lc, words::FRAME, &[&l.frame.to_string()]) }</button>{ l.what.say(lc) }</li> }
                                }) }
                            </ul>
                        </div>
                    }
                </section>
            }) }
            if let Some(total) = p.total.filter(|t| *t > e.conversations.len()) {
                <p class="eaves-more">
                    <span id="eaves-shown" class="muted">{ crate::i18n::tf(lc, words::SHOWN, &[&e.conversations.len().to_string(), &total.to_string()]) }</span>
                    { " " }
                    <button id="eaves-more" class="button" onclick={{ let (cb, n) = (p.on_more.clone(), e.conversations.len()); Callback::from(move |_: MouseEvent| cb.emit(n)) }}>
                        { crate::i18n::tf(lc, words::MORE, &[&PAGE.min(total - e.conversations.len()).to_string()]) }
                    </button>
                </p>
            }
        </details>
    }
}
