//! The capture in one paragraph, above the conversations: how many, over how
//! long, and what happened in each, in plain language from the catalogue.

use crate::state::Shared;
use postscope_core::model::Analysis;
use postscope_core::overview::paragraph;
use yew::prelude::*;

/// The words of this view, in one place (for the locale table to come).
mod words {
    pub const LABEL: &str = "overview.label";
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub analysis: Shared<Analysis>,
}

#[function_component(Overview)]
pub fn overview(p: &Props) -> Html {
    let para = use_memo(p.analysis.clone(), |a| paragraph(a));
    let lc = crate::i18n::use_locale();
    if p.analysis.streams.is_empty() {
        return html! {};
    }
    let text: Vec<String> = para.sentences.iter().map(|s| s.fragment(lc)).collect();
    html! {
        <p id="overview" class="overview" aria-label={crate::i18n::t(lc, words::LABEL)}>{ text.join(" ") }</p>
    }
}
