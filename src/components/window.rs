//! Long lists on the page (a transcript of 100,000 lines, thousands of
//! conversations) are windowed (a list of up to [`ALL_UP_TO`] chunks is all
//! on the page): rows are grouped in chunks, and only the
//! chunks near the viewport are in the DOM; the others are empty boxes as
//! tall as they were when last shown (or as estimated), so the page scrolls
//! as if everything were there. An IntersectionObserver tells which chunks
//! are near; nothing runs while the page is still.
//!
//! A list renders its chunks as elements with `data-chunk="N"` inside the
//! element of the returned `NodeRef`, the content of chunk N only when
//! [`Window::shown`] says so; an empty chunk holds one `.vspacer` element
//! (or is itself the spacer) whose height this hook sets, through the
//! CSSOM (the page's policy has no inline style of the app's own).

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;
use yew::prelude::*;

/// How far beyond the viewport chunks are put on the page.
#[cfg(target_arch = "wasm32")]
const MARGIN: &str = "1200px 0px";

#[derive(Clone, PartialEq)]
pub struct Window {
    pub node: NodeRef,
    shown: Rc<BTreeSet<usize>>,
    pinned: Option<usize>,
    /// A short list is all on the page (and the browser's find sees all of it).
    all: bool,
}

impl Window {
    /// Whether the list is short enough to be all on the page (its rows may
    /// then go straight into the list, without chunks).
    pub fn all(&self) -> bool {
        self.all
    }

    /// Whether chunk `c` is put on the page.
    pub fn shown(&self, c: usize) -> bool {
        self.all || self.shown.contains(&c) || self.pinned == Some(c)
    }
}

/// Lists of at most this many chunks are not windowed.
pub const ALL_UP_TO: usize = 10;

/// `chunks`: how many; `rows(c)`: rows in chunk c (for the estimate);
/// `row_px`: a row's estimated height; `pinned`: a chunk always shown (the
/// one a link or a jump brings into view); `reset`: a key that starts over
/// (another conversation).
#[hook]
pub fn use_window(chunks: usize, rows: Rc<dyn Fn(usize) -> usize>, row_px: f64, pinned: Option<usize>, reset: u64) -> Window {
    let node = use_node_ref();
    let shown = use_mut_ref(|| BTreeSet::from([0usize, 1]));
    let heights = use_mut_ref(HashMap::<usize, f64>::new);
    let redraw = use_force_update();
    let observer: Rc<RefCell<Option<ObserverBox>>> = use_mut_ref(|| None);
    {
        let (shown, heights) = (shown.clone(), heights.clone());
        use_effect_with(reset, move |_| {
            *shown.borrow_mut() = BTreeSet::from([0usize, 1]);
            heights.borrow_mut().clear();
        });
    }
    let all = chunks <= ALL_UP_TO;
    #[cfg(target_arch = "wasm32")]
    {
        let (node, shown, heights, observer, redraw) = (node.clone(), shown.clone(), heights.clone(), observer.clone(), redraw.clone());
        // After every render: observe the chunks, and size the empty ones.
        use_effect(move || {
            wasm::after_render(&node, &shown, &heights, &observer, redraw, rows, row_px, pinned, all);
        });
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (&observer, &redraw, rows, row_px, &heights, all);
    let set = shown.borrow().clone();
    Window { node, shown: Rc::new(set), pinned, all }
}

/// The observer and its callback, kept for the list's life.
pub struct ObserverBox {
    #[cfg(target_arch = "wasm32")]
    observer: web_sys::IntersectionObserver,
    #[cfg(target_arch = "wasm32")]
    _callback: wasm_bindgen::closure::Closure<dyn Fn(js_sys::Array)>,
}

impl Drop for ObserverBox {
    fn drop(&mut self) {
        #[cfg(target_arch = "wasm32")]
        self.observer.disconnect();
    }
}

#[cfg(target_arch = "wasm32")]
mod wasm {
    use super::*;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    fn chunk_of(el: &web_sys::Element) -> Option<usize> {
        el.get_attribute("data-chunk")?.parse().ok()
    }

    #[allow(clippy::too_many_arguments)] // one call site: the hook's effect
    pub fn after_render(
        node: &NodeRef,
        shown: &Rc<RefCell<BTreeSet<usize>>>,
        heights: &Rc<RefCell<HashMap<usize, f64>>>,
        observer: &Rc<RefCell<Option<ObserverBox>>>,
        redraw: UseForceUpdateHandle,
        rows: Rc<dyn Fn(usize) -> usize>,
        row_px: f64,
        pinned: Option<usize>,
        all: bool,
    ) {
        let Some(root) = node.cast::<web_sys::Element>() else { return };
        if all {
            // Everything is on the page: no box keeps an earlier height.
            if let Ok(list) = root.query_selector_all("[data-chunk], .vspacer") {
                for i in 0..list.length() {
                    if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok()) {
                        let _ = el.style().remove_property("height");
                    }
                }
            }
            return;
        }
        if observer.borrow().is_none() {
            let (shown, heights) = (shown.clone(), heights.clone());
            let callback = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
                let mut changed = false;
                for e in entries.iter() {
                    let e: web_sys::IntersectionObserverEntry = e.unchecked_into();
                    let Some(c) = chunk_of(&e.target()) else { continue };
                    let mut set = shown.borrow_mut();
                    if e.is_intersecting() {
                        changed |= set.insert(c);
                    } else if set.contains(&c) {
                        // Leaving: remember how tall it really was.
                        let h = e.bounding_client_rect().height();
                        if h > 0.0 {
                            heights.borrow_mut().insert(c, h);
                        }
                        changed |= set.remove(&c);
                    }
                }
                if changed {
                    redraw.force_update();
                }
            });
            let init = web_sys::IntersectionObserverInit::new();
            init.set_root_margin(MARGIN);
            if let Ok(o) = web_sys::IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &init) {
                *observer.borrow_mut() = Some(ObserverBox { observer: o, _callback: callback });
            }
        }
        let obs = observer.borrow();
        let Some(obs) = obs.as_ref() else { return };
        let Ok(list) = root.query_selector_all(":scope > [data-chunk]") else { return };
        let set = shown.borrow();
        for i in 0..list.length() {
            let Some(el) = list.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) else { continue };
            let Some(c) = chunk_of(&el) else { continue };
            obs.observer.observe(&el);
            let spacer = el.query_selector(".vspacer").ok().flatten().unwrap_or_else(|| el.clone());
            let Ok(spacer) = spacer.dyn_into::<web_sys::HtmlElement>() else { continue };
            if set.contains(&c) || pinned == Some(c) {
                let _ = spacer.style().remove_property("height");
            } else {
                let h = heights.borrow().get(&c).copied().unwrap_or(rows(c) as f64 * row_px);
                let _ = spacer.style().set_property("height", &format!("{h}px"));
            }
        }
    }
}
