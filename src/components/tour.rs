//! A guided tour of the capture on screen (`postscope_core::tour`): the
//! built-in sample's own, one carried in the file's section comment, or one
//! a teacher gives as JSON; step by step (each selects a conversation and a
//! frame, or a view, and says what to look at), ending with a question; and
//! "save capture + tour as one file" (a pcapng whose section comment holds
//! the tour). The tour's words are its author's, shown as text only; a
//! built-in sample's tour comes in the reader's language (NAME.tour.tr.json,
//! NAME.tour.zh.json beside the English one), a teacher's as written.

use postscope_core::tour::{Tour, View};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The words of this component.
mod ui {
    pub const SUMMARY: &str = "tour.summary";
    pub const NONE: &str = "tour.none";
    pub const ADD: &str = "tour.add";
    pub const START: &str = "tour.start";
    pub const PREV: &str = "tour.prev";
    pub const NEXT: &str = "tour.next";
    pub const CHECK: &str = "tour.check";
    pub const RIGHT: &str = "tour.right";
    pub const SAVE: &str = "tour.save";
    pub const END: &str = "tour.end";
    pub const PROBLEMS: &str = "tour.problems";
    pub const WRONG: &str = "tour.wrong";
    pub const STEP: &str = "tour.step";
    pub const TITLED: &str = "tour.titled";
}

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The tour, if the capture has one, in the reader's language when it has a translation.
    pub tour: Option<std::rc::Rc<Tour>>,
    /// The tour as written, when `tour` is its translation (a built-in tour's
    /// English): the panel starts again when this changes, and keeps its step
    /// when only the language does.
    #[prop_or_default]
    pub written: Option<std::rc::Rc<Tour>>,
    /// What does not fit the capture.
    #[prop_or_default]
    pub problems: Vec<String>,
    /// A step: select this conversation and bring this frame into view.
    pub on_step: Callback<(Option<u32>, Option<u32>)>,
    /// A tour file the teacher chose.
    pub on_add: Callback<web_sys::File>,
    /// Save the capture and the tour as one file.
    pub on_save: Callback<()>,
    /// Why saving failed, if it did.
    #[prop_or_default]
    pub error: Option<String>,
}

fn show_view(v: View) {
    #[cfg(target_arch = "wasm32")]
    {
        let id = match v {
            View::Transcript => "transcript",
            View::Message => "message-view",
            View::Phases => "phases",
        };
        if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id)) {
            el.scroll_into_view();
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = v;
}

#[function_component(TourPanel)]
pub fn tour_panel(p: &Props) -> Html {
    let lc = crate::i18n::use_locale();
    // None: not started; Some(n): step n; Some(len): the question.
    let at = use_state(|| None::<usize>);
    let given = use_state(|| None::<String>);
    let typed = use_node_ref();
    {
        let (at, given) = (at.clone(), given.clone());
        use_effect_with(p.written.clone().or_else(|| p.tour.clone()), move |_| {
            at.set(None);
            given.set(None);
        });
    }
    {
        // Another language: the same step, but an answer given in the other language's words is forgotten.
        let given = given.clone();
        use_effect_with(p.tour.clone(), move |_| given.set(None));
    }
    let on_file = {
        let on_add = p.on_add.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(f) = input.files().and_then(|l| l.get(0)) {
                on_add.emit(f);
            }
            input.set_value("");
        })
    };
    let add = html! {
        <p class="tour-add">
            <label class="button" for="tour-input">{ crate::i18n::t(lc, ui::ADD) }</label>
            <input id="tour-input" type="file" accept=".json,application/json" onchange={on_file} />
        </p>
    };
    let Some(tour) = p.tour.clone() else {
        return html! {
            <details id="tour" class="tour">
                <summary>{ crate::i18n::t(lc, ui::SUMMARY) }</summary>
                <p>{ crate::i18n::t(lc, ui::NONE) }</p>
                { add }
            </details>
        };
    };
    let len = tour.steps.len();
    let go = {
        let (at, on_step, tour) = (at.clone(), p.on_step.clone(), tour.clone());
        move |n: usize| {
            if let Some(s) = tour.steps.get(n) {
                if s.stream.is_some() || s.frame.is_some() {
                    on_step.emit((s.stream, s.frame));
                }
                if let Some(v) = s.view {
                    show_view(v);
                }
            }
            at.set(Some(n.min(len)));
        }
    };
    let body = match *at {
        None => {
            let go = go.clone();
            html! { <button id="tour-start" class="class-button" onclick={Callback::from(move |_: MouseEvent| go(0))}>{ crate::i18n::t(lc, ui::START) }</button> }
        }
        Some(n) if n < len => {
            let (back, next) = (go.clone(), go.clone());
            html! {
                <div class="tour-step" data-step={n.to_string()}>
                    <p class="tour-progress">{ crate::i18n::tf(lc, ui::STEP, &[&(n + 1).to_string(), &len.to_string()]) }</p>
                    <p id="tour-say" class="tour-say" aria-live="polite">{ &tour.steps[n].say }</p>
                    <button class="class-button" disabled={n == 0} onclick={Callback::from(move |_: MouseEvent| back(n.saturating_sub(1)))}>{ crate::i18n::t(lc, ui::PREV) }</button>
                    <button id="tour-next" class="class-button" onclick={Callback::from(move |_: MouseEvent| next(n + 1))}>{ crate::i18n::t(lc, ui::NEXT) }</button>
                </div>
            }
        }
        Some(_) => match &tour.question {
            None => html! {},
            Some(q) => {
                let answer = {
                    let given = given.clone();
                    Callback::from(move |a: String| given.set(Some(a)))
                };
                let check = {
                    let (answer, typed) = (answer.clone(), typed.clone());
                    Callback::from(move |_: MouseEvent| {
                        if let Some(i) = typed.cast::<HtmlInputElement>() {
                            answer.emit(i.value());
                        }
                    })
                };
                html! {
                    <div class="tour-question">
                        <p id="tour-ask" class="quiz-question">{ &q.ask }</p>
                        if q.choices.is_empty() {
                            <input id="tour-typed" ref={typed} type="text" aria-labelledby="tour-ask" />
                            <button class="class-button" onclick={check}>{ crate::i18n::t(lc, ui::CHECK) }</button>
                        } else {
                            <div class="quiz-choices" role="group" aria-labelledby="tour-ask">
                                { for q.choices.iter().map(|c| {
                                    let (answer, c2) = (answer.clone(), c.clone());
                                    html! { <button class="quiz-choice" onclick={Callback::from(move |_: MouseEvent| answer.emit(c2.clone()))}>{ c }</button> }
                                }) }
                            </div>
                        }
                        if let Some(g) = given.as_deref() {
                            <div id="tour-feedback" class={classes!("quiz-feedback", if q.is_right(g) { "right" } else { "wrong" })} role="status">
                                <p class="quiz-verdict">{ if q.is_right(g) { crate::i18n::t(lc, ui::RIGHT).to_string() } else { crate::i18n::tf(lc, ui::WRONG, &[&q.answer]) } }</p>
                                if let Some(w) = &q.why { <p>{ w }</p> }
                            </div>
                        }
                    </div>
                }
            }
        },
    };
    let on_save = {
        let cb = p.on_save.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    // While it runs, the tour floats at the foot of the window (`.tour.running`), so its words
    // stay in view whatever its steps scroll to; leaving puts it back in the page.
    let running = at.is_some();
    let end = {
        let at = at.clone();
        Callback::from(move |_: MouseEvent| at.set(None))
    };
    html! {
        <details id="tour" class={classes!("tour", running.then_some("running"))} open=true>
            <summary>{ crate::i18n::tf(lc, ui::TITLED, &[crate::i18n::t(lc, ui::SUMMARY), &tour.title]) }</summary>
            if running { <button id="tour-end" class="class-button tour-end" onclick={end}>{ crate::i18n::t(lc, ui::END) }</button> }
            if !p.problems.is_empty() {
                <div class="warnings"><p>{ crate::i18n::t(lc, ui::PROBLEMS) }</p><ul>{ for p.problems.iter().map(|m| html! { <li>{ m }</li> }) }</ul></div>
            }
            { body }
            if !running {
                <p class="tour-tools">
                    <button id="tour-save" class="class-button" onclick={on_save}>{ crate::i18n::t(lc, ui::SAVE) }</button>
                    if let Some(e) = &p.error { <span class="error">{ e }</span> }
                </p>
                { add }
            }
        </details>
    }
}

/// The tour panel fed from the page's state: the tour a teacher gave, else
/// the one the file carries, else the sample's; steps select through the
/// page's actions; saving bundles the capture on screen with the tour.
#[derive(Properties, PartialEq)]
pub struct HostProps {
    pub state: yew::UseReducerHandle<crate::state::State>,
    /// A tour is shown and the whole frame index (which saving the capture
    /// with its tour writes from) is not on the page: ask the worker for it.
    #[prop_or_default]
    pub on_need_frames: Callback<()>,
}

#[function_component(TourHost)]
pub fn tour_host(p: &HostProps) -> Html {
    use crate::state::{Action, Data};
    use postscope_core::tour;
    let given = use_state(|| None::<(String, std::rc::Rc<Tour>)>);
    let lc = crate::i18n::use_locale();
    let error = use_state(|| None::<String>);
    let state = &p.state;
    let Some(a) = state.analysis.clone() else {
        return html! {};
    };
    let name = state.source.as_ref().map(|s| s.name.clone()).unwrap_or_default();
    // A tour given for another capture does not follow to the next one.
    let given_here = given.as_ref().filter(|(n, _)| *n == name).map(|(_, t)| t.clone());
    let carried = match tour::from_comments(&a.capture.comments) {
        Some(Ok(t)) => Some(std::rc::Rc::new(t)),
        _ => None,
    };
    let sample =
        state.source.as_ref().and_then(|s| s.sample_title.as_deref()).and_then(|t| crate::samples::SAMPLES.iter().find(|x| x.title == t));
    // A built-in tour is shown in the reader's language (its English when it has no translation).
    let parsed = |json: Option<&str>| json.and_then(|j| Tour::parse(j).ok()).map(std::rc::Rc::new);
    let built_in = parsed(sample.and_then(|s| s.tour_in(lc)));
    let written = if given_here.is_none() && carried.is_none() { parsed(sample.and_then(|s| s.tour)) } else { None };
    let current = given_here.or(carried).or(built_in);
    let said = move |e: &postscope_core::explain::Explain| postscope_core::explain::render(e, &Default::default(), lc);
    let carried_error = match tour::from_comments(&a.capture.comments) {
        Some(Err(e)) => Some(said(&e)),
        _ => None,
    };
    let problems: Vec<String> = current.as_ref().map(|t| t.problems(&a).iter().map(said).collect()).unwrap_or_default();
    {
        let (need, on_need) = (current.is_some() && state.views.frames.is_none(), p.on_need_frames.clone());
        use_effect_with(need, move |need| {
            if *need {
                on_need.emit(())
            }
        });
    }
    let on_step = {
        let state = state.clone();
        Callback::from(move |(stream, frame): (Option<u32>, Option<u32>)| {
            if let Some(s) = stream {
                state.dispatch(Action::Select(s));
            }
            if let Some(f) = frame {
                state.dispatch(Action::Focus(f));
            }
        })
    };
    let on_add = {
        let (given, error, name) = (given.clone(), error.clone(), name.clone());
        Callback::from(move |file: web_sys::File| {
            let (given, error, name) = (given.clone(), error.clone(), name.clone());
            #[cfg(target_arch = "wasm32")]
            wasm_bindgen_futures::spawn_local(async move {
                let fname = file.name();
                match gloo_file::futures::read_as_text(&gloo_file::Blob::from(file)).await {
                    Ok(text) => match Tour::parse(&text) {
                        Ok(t) => {
                            error.set(None);
                            given.set(Some((name, std::rc::Rc::new(t))));
                        }
                        Err(e) => error.set(Some(format!("{fname}: {}", postscope_core::explain::render(&e, &Default::default(), lc)))),
                    },
                    Err(e) => error.set(Some(crate::i18n::tf(lc, "tour.error.read", &[&fname, &e.to_string()]))),
                }
            });
            #[cfg(not(target_arch = "wasm32"))]
            let _ = (file, given, error, name);
        })
    };
    let on_save = {
        let (error, current, a, data, name) = (error.clone(), current.clone(), a.clone(), state.data.clone(), name.clone());
        let whole = state.views.frames.clone().filter(|_| !state.local);
        Callback::from(move |_: ()| {
            let Some(t) = current.clone() else { return };
            if a.capture.gzip {
                error.set(Some(crate::i18n::t(lc, "tour.error.gzip").into()));
                return;
            }
            let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s).to_string();
            let out = format!("{stem}-tour.pcapng");
            let write = {
                let (error, t) = (error.clone(), t.clone());
                // The page's analysis holds only the opened conversation's index rows; saving writes every frame.
                let a = match whole.clone() {
                    Some(f) => {
                        std::rc::Rc::new(postscope_core::Analysis { capture: a.capture.clone(), streams: Vec::new(), frames: (*f).clone() })
                    }
                    None => a.0.clone(),
                };
                move |bytes: &[u8]| match tour::bundle(bytes, &a, &t) {
                    Some(b) => {
                        error.set(None);
                        crate::save::save(&out, "application/octet-stream", &b)
                    }
                    None => error.set(Some(crate::i18n::t(lc, "tour.error.long").into())),
                }
            };
            match data.clone() {
                Some(Data::Sample(bytes)) => write(bytes),
                #[cfg(target_arch = "wasm32")]
                Some(Data::File(file)) => {
                    let error = error.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        match gloo_file::futures::read_as_bytes(&gloo_file::Blob::from(file)).await {
                            Ok(bytes) => write(&bytes),
                            Err(e) => error.set(Some(crate::i18n::tf(lc, "tour.error.reread", &[&e.to_string()]))),
                        }
                    });
                }
                _ => error.set(Some(crate::i18n::t(lc, "tour.error.no_file").into())),
            }
        })
    };
    let err = (*error).clone().or(carried_error);
    html! { <TourPanel tour={current} {written} {problems} {on_step} {on_add} {on_save} error={err} /> }
}
