//! The capture in one paragraph, above the conversations: how many, over how
//! long, and what happened in each, in plain language from the catalogue.

use crate::state::Shared;
use postscope_core::overview::Paragraph;
use yew::prelude::*;

/// The words of this view, in one place (for the locale table to come).
mod words {
    pub const LABEL: &str = "overview.label";
}

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The paragraph (`postscope_core::overview::paragraph`), as the analysis
    /// worker made it; `None` until it has answered.
    pub paragraph: Option<Shared<Paragraph>>,
}

#[function_component(Overview)]
pub fn overview(p: &Props) -> Html {
    let lc = crate::i18n::use_locale();
    let Some(para) = p.paragraph.as_ref() else {
        return html! {};
    };
    let text: Vec<String> = para.sentences.iter().map(|s| s.fragment(lc)).collect();
    html! {
        <p id="overview" class="overview" aria-label={crate::i18n::t(lc, words::LABEL)}>{ text.join(" ") }</p>
    }
}
