//! Presentation mode: one conversation a step at a time, in large type for a
//! projector (`postscope_core::present`): the step's lines with their
//! explanations, the ladder of phases advancing with it, a live region that
//! announces the step, and a "hide secrets" switch that masks passwords and
//! the Base64 that carries them. Arrow keys, Space and Page Up/Down (what a
//! presenter's clicker sends) move; Escape leaves.
//! Everything from the capture goes into text nodes only.

use crate::state::Shared;
use postscope_core::explain::{self, Context};
use postscope_core::model::{Analysis, Dir, Item};
use postscope_core::phases::phases;
use postscope_core::present::{steps, Secrets};
use yew::prelude::*;

/// The words of this component.
mod ui {
    pub const OPEN: &str = "present.open";
    pub const TITLE: &str = "present.title";
    pub const HIDE: &str = "present.hide";
    pub const PREV: &str = "present.prev";
    pub const NEXT: &str = "present.next";
    pub const CLOSE: &str = "present.close";
    pub const KEYS: &str = "present.keys";
    pub const CLIENT: &str = "present.client";
    pub const SERVER: &str = "present.server";
    pub const CREDENTIALS: &str = "present.credentials";
    pub const PASSWORD: &str = "present.password";
    pub const USERNAME: &str = "present.username";
    pub const MESSAGE: &str = "present.message";
    pub const MORE: &str = "present.more";
    pub const LINES: &str = "present.lines";
    pub const STATUS: &str = "present.status";
    pub const PHASES: &str = "present.phases";
}

/// Most lines of one step shown (a long message is cut, and says how many more).
const STEP_LINES: usize = 14;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub analysis: Shared<Analysis>,
    pub stream: u32,
}

#[function_component(Presenter)]
pub fn presenter(p: &Props) -> Html {
    let open = use_state(|| false);
    let lc = crate::i18n::use_locale();
    let at = use_state(|| 0usize);
    let hide = use_state(|| true);
    let stage = use_node_ref();
    // The step's lines: a panel of its own that scrolls when a step is longer than the screen
    // (the header, the ladder and the buttons stay in view at 1024x768).
    let panel = use_node_ref();
    let opener = use_node_ref();
    let was_open = use_mut_ref(|| false);
    {
        // The keyboard goes to the stage when it opens, and back to the button when it closes
        // (never to the button when the page first shows it: that would steal the page's focus).
        let (stage, opener, is_open) = (stage.clone(), opener.clone(), *open);
        let was_open = was_open.clone();
        use_effect_with(is_open, move |_| {
            let closed = std::mem::replace(&mut *was_open.borrow_mut(), is_open) && !is_open;
            let el = if is_open {
                stage.cast::<web_sys::HtmlElement>()
            } else if closed {
                opener.cast::<web_sys::HtmlElement>()
            } else {
                None
            };
            if let Some(el) = el {
                let _ = el.focus();
            }
        });
    }
    {
        // A new step starts at its top: its first line and explanation in view.
        let panel = panel.clone();
        use_effect_with((*at, *open), move |_| {
            if let Some(el) = panel.cast::<web_sys::Element>() {
                el.set_scroll_top(0);
            }
        });
    }
    let Some(s) = p.analysis.streams.iter().find(|s| s.stream == p.stream) else {
        return html! {};
    };
    let list = steps(s);
    let open_click = {
        let (open, at) = (open.clone(), at.clone());
        Callback::from(move |_: MouseEvent| {
            at.set(0);
            open.set(true);
        })
    };
    let button = html! { <button id="present-open" class="class-button" ref={opener} onclick={open_click}>{ crate::i18n::t(lc, ui::OPEN) }</button> };
    if !*open || list.is_empty() {
        return button;
    }
    let n = (*at).min(list.len() - 1);
    let step = list[n];
    let go = {
        let at = at.clone();
        let len = list.len();
        move |d: isize| {
            let next = (n as isize + d).clamp(0, len as isize - 1) as usize;
            at.set(next);
        }
    };
    let len_all = list.len();
    let onkeydown = {
        let (go, open, panel) = (go.clone(), open.clone(), panel.clone());
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            // ↓ and ↑ scroll a long step's lines (the stage keeps the keyboard).
            "ArrowDown" | "ArrowUp" => {
                if let Some(el) = panel.cast::<web_sys::Element>() {
                    e.prevent_default();
                    let by = if e.key() == "ArrowDown" { 60 } else { -60 };
                    el.set_scroll_top(el.scroll_top() + by);
                }
            }
            "ArrowRight" | " " | "PageDown" => {
                e.prevent_default();
                go(1)
            }
            "ArrowLeft" | "PageUp" => {
                e.prevent_default();
                go(-1)
            }
            "Home" => {
                e.prevent_default();
                go(-(len_all as isize))
            }
            "End" => {
                e.prevent_default();
                go(len_all as isize)
            }
            "Escape" => {
                e.prevent_default();
                open.set(false)
            }
            _ => {}
        })
    };
    let prev = {
        let go = go.clone();
        Callback::from(move |_: MouseEvent| go(-1))
    };
    let next = Callback::from(move |_: MouseEvent| go(1));
    let close = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(false))
    };
    let toggle = {
        let hide = hide.clone();
        Callback::from(move |e: Event| hide.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().checked()))
    };
    let secrets = if *hide { Secrets::of(s) } else { Secrets::default() };
    let m = |t: &str| secrets.mask(t);
    let cx = Context::of(s);
    let said = |e: &postscope_core::model::Explain| m(&explain::render(e, &cx, lc));
    let phase_key = step.phase.key();
    let phase_title = explain::say_in(lc, &[&format!("{phase_key}.title")], &[]);
    let items = &s.items[step.first..=step.last];
    let shown: Vec<&Item> = items.iter().take(STEP_LINES).collect();
    let more = items.len().saturating_sub(shown.len());
    let ladder = phases(s);
    let current_item = step.first;
    html! {
        <>
        { button }
        <section id="present" class="present" role="dialog" aria-modal="true" aria-labelledby="present-title" tabindex="-1" ref={stage} {onkeydown}>
            <header class="present-top">
                <h2 id="present-title">{ format!("{} · {}", crate::i18n::t(lc, ui::TITLE), phase_title) }</h2>
                <label class="present-hide"><input id="hide-secrets" type="checkbox" checked={*hide} onchange={toggle} />{ crate::i18n::t(lc, ui::HIDE) }</label>
                <button class="class-button" onclick={close}>{ crate::i18n::t(lc, ui::CLOSE) }</button>
            </header>
            <ol class="present-ladder" aria-label={crate::i18n::t(lc, ui::PHASES)}>
                { for ladder.iter().map(|ph| {
                    let here = (ph.first_item..=ph.last_item).contains(&current_item);
                    let key = ph.kind.key();
                    html! { <li class={classes!("rung", here.then_some("here"))} aria-current={here.then_some("step")}>{ explain::say_in(lc, &[&format!("{key}.title")], &[]) }</li> }
                }) }
            </ol>
            <p class="present-phase">{ explain::say_in(lc, &[phase_key], &[]) }</p>
            <div class="present-step" ref={panel} tabindex="0" role="region" aria-label={crate::i18n::t(lc, ui::LINES)}>
                { for shown.iter().map(|i| step_item(i, &m, &said, lc)) }
                if more > 0 { <p class="present-more">{ crate::i18n::count(lc, ui::MORE, more) }</p> }
            </div>
            <footer class="present-bottom">
                <button class="class-button" onclick={prev} disabled={n == 0}>{ crate::i18n::t(lc, ui::PREV) }</button>
                <p id="present-status" class="present-status" role="status" aria-live="polite">{ crate::i18n::tf(lc, ui::STATUS, &[&(n + 1).to_string(), &list.len().to_string(), &phase_title]) }</p>
                <button class="class-button" onclick={next} disabled={n + 1 == list.len()}>{ crate::i18n::t(lc, ui::NEXT) }</button>
                <p class="present-keys">{ crate::i18n::t(lc, ui::KEYS) }</p>
            </footer>
        </section>
        </>
    }
}

fn side(d: Dir, lc: crate::i18n::Locale) -> (&'static str, &'static str) {
    match d {
        Dir::Client => ("client", crate::i18n::t(lc, ui::CLIENT)),
        Dir::Server => ("server", crate::i18n::t(lc, ui::SERVER)),
    }
}

fn step_item(
    i: &Item,
    m: &dyn Fn(&str) -> String,
    said: &dyn Fn(&postscope_core::model::Explain) -> String,
    lc: crate::i18n::Locale,
) -> Html {
    match i {
        Item::Line(l) => {
            let (class, who) = side(l.dir, lc);
            html! {
                <div class={classes!("pline", class)}>
                    <span class="pwho">{ who }</span>
                    <code class="ptext">{ m(&l.text) }</code>
                    if let Some(d) = &l.decoded { <code class="pdecoded">{ format!("= {}", m(d)) }</code> }
                    if !l.explain.is_empty() { <p class="pexplain">{ crate::components::glossary::linked(&said(&l.explain), lc) }</p> }
                </div>
            }
        }
        Item::Tcp(t) => {
            let (class, who) = side(t.dir, lc);
            html! {
                <div class={classes!("pline", "ptcp", class)}>
                    <span class="pwho">{ who }</span>
                    <code class="ptext">{ crate::i18n::tcp_badge(lc, t.event) }</code>
                    <p class="pexplain">{ said(&t.explain) }</p>
                </div>
            }
        }
        Item::Credential(c) => html! {
            <div class="pline pcred">
                <span class="pwho">{ crate::i18n::t(lc, ui::CREDENTIALS) }</span>
                <code class="ptext">{ format!("{}: {}  {}: {}", crate::i18n::t(lc, ui::USERNAME), m(c.username.as_deref().unwrap_or("—")), crate::i18n::t(lc, ui::PASSWORD), m(c.password.as_deref().or(c.secret.as_deref()).unwrap_or("—"))) }</code>
                <p class="pexplain">{ said(&c.explain) }</p>
            </div>
        },
        Item::Message(msg) => html! {
            <div class="pline pmsg">
                <span class="pwho">{ crate::i18n::t(lc, ui::MESSAGE) }</span>
                <code class="ptext">{ m(msg.subject.as_deref().unwrap_or("")) }</code>
                <p class="pexplain">{ said(&msg.explain) }</p>
            </div>
        },
        Item::Gap(g) => html! { <div class="pline pgap"><p class="pexplain">{ said(&g.explain) }</p></div> },
        Item::Tls(t) => html! { <div class="pline ptls"><p class="pexplain">{ said(&t.explain) }</p></div> },
    }
}
