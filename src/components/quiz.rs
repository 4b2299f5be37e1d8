//! Questions drawn from the selected conversation (`postscope_core::quiz`),
//! answered by clicking a choice or typing, with the explanation of the line
//! that holds the answer shown afterwards. The score stays in this browser
//! (localStorage), never sent anywhere.

use crate::state::Shared;
use postscope_core::explain::{self, Context};
use postscope_core::model::Analysis;
use postscope_core::quiz::{questions, Question};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The words of this component.
mod ui {
    pub const SUMMARY: &str = "quiz.summary";
    pub const TYPE: &str = "quiz.type";
    pub const CHECK: &str = "quiz.check";
    pub const NEXT: &str = "quiz.next";
    pub const NONE: &str = "quiz.none";
    pub const PROGRESS: &str = "quiz.progress";
    pub const SCORE: &str = "quiz.score";
}

const KEY: &str = "postscope.quiz.score";

fn storage() -> Option<web_sys::Storage> {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window().and_then(|w| w.local_storage().ok().flatten())
    }
    #[cfg(not(target_arch = "wasm32"))]
    None
}

/// The score kept in the browser: right answers and answers given.
fn load_score() -> (u32, u32) {
    let s = storage().and_then(|s| s.get_item(KEY).ok().flatten()).unwrap_or_default();
    let mut parts = s.split('/').map(|p| p.parse::<u32>().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

fn save_score(score: (u32, u32)) {
    if let Some(s) = storage() {
        let _ = s.set_item(KEY, &format!("{}/{}", score.0, score.1));
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub analysis: Shared<Analysis>,
    pub stream: u32,
}

#[function_component(Quiz)]
pub fn quiz(p: &Props) -> Html {
    let at = use_state(|| 0usize);
    let lc = crate::i18n::use_locale();
    // The answer given to the current question.
    let given = use_state(|| None::<String>);
    let score = use_state(load_score);
    let typed = use_node_ref();
    {
        let (at, given) = (at.clone(), given.clone());
        use_effect_with(p.stream, move |_| {
            at.set(0);
            given.set(None);
        });
    }
    let Some(s) = p.analysis.streams.iter().find(|s| s.stream == p.stream) else {
        return html! {};
    };
    let qs = questions(s);
    let body = if qs.is_empty() {
        html! { <p>{ crate::i18n::t(lc, ui::NONE) }</p> }
    } else {
        let n = (*at).min(qs.len() - 1);
        let q: &Question = &qs[n];
        let answer = {
            let (given, score) = (given.clone(), score.clone());
            let q = q.clone();
            Callback::from(move |a: String| {
                if given.is_some() {
                    return;
                }
                let mut sc = *score;
                sc.1 += 1;
                if q.is_right(&a) {
                    sc.0 += 1;
                }
                save_score(sc);
                score.set(sc);
                given.set(Some(a));
            })
        };
        let check = {
            let (answer, typed) = (answer.clone(), typed.clone());
            move || {
                if let Some(i) = typed.cast::<HtmlInputElement>() {
                    answer.emit(i.value());
                }
            }
        };
        let onkeydown = {
            let check = check.clone();
            Callback::from(move |e: KeyboardEvent| {
                if e.key() == "Enter" {
                    e.prevent_default();
                    check();
                }
            })
        };
        let onclick_check = Callback::from(move |_: MouseEvent| check());
        let next = {
            let (at, given) = (at.clone(), given.clone());
            let len = qs.len();
            Callback::from(move |_: MouseEvent| {
                at.set((n + 1) % len);
                given.set(None);
            })
        };
        let words = explain::render(&explain::with(&[&q.key], q.args.iter().map(|a| a.into()).collect()), &Context::default(), lc);
        let cx = Context::of(s);
        html! {
            <div class="quiz-q" data-kind={format!("{:?}", q.kind)}>
                <p class="quiz-progress">{ crate::i18n::tf(lc, ui::PROGRESS, &[&(n + 1).to_string(), &qs.len().to_string()]) }</p>
                <p id="quiz-question" class="quiz-question">{ words }</p>
                if q.choices.is_empty() {
                    <label for="quiz-typed">{ crate::i18n::t(lc, ui::TYPE) }</label>
                    <input id="quiz-typed" ref={typed} type="text" inputmode="numeric" disabled={given.is_some()} {onkeydown} />
                    <button class="class-button" onclick={onclick_check} disabled={given.is_some()}>{ crate::i18n::t(lc, ui::CHECK) }</button>
                } else {
                    <div class="quiz-choices" role="group" aria-labelledby="quiz-question">
                        { for q.choices.iter().map(|c| {
                            let (answer, c2) = (answer.clone(), c.clone());
                            let onclick = Callback::from(move |_: MouseEvent| answer.emit(c2.clone()));
                            let mark = given.as_deref().map(|g| if q.is_right(c) { "right" } else if g == c { "wrong" } else { "" });
                            html! { <button class={classes!("quiz-choice", mark)} {onclick} disabled={given.is_some()}>{ c }</button> }
                        }) }
                    </div>
                }
                if let Some(g) = given.as_deref() {
                    <div id="quiz-feedback" class={classes!("quiz-feedback", if q.is_right(g) { "right" } else { "wrong" })} role="status" aria-live="polite">
                        <p class="quiz-verdict">{ if q.is_right(g) { explain::say_in(lc, &["quiz.right"], &[]) } else { explain::say_in(lc, &["quiz.wrong"], &[&q.answer]) } }</p>
                        <p class="quiz-why">{ explain::render(s.items[q.item].explain(), &cx, lc) }</p>
                        <button id="quiz-next" class="class-button" onclick={next}>{ crate::i18n::t(lc, ui::NEXT) }</button>
                    </div>
                }
            </div>
        }
    };
    html! {
        <details id="quiz" class="quiz">
            <summary>{ crate::i18n::t(lc, ui::SUMMARY) }</summary>
            { body }
            <p id="quiz-score" class="quiz-score">{ crate::i18n::tf(lc, ui::SCORE, &[&score.0.to_string(), &score.1.to_string()]) }</p>
        </details>
    }
}
