//! The glossary at the foot of the page, and explanations with their links:
//! each term's first appearance links to its entry, each RFC citation to the
//! RFC Editor's page of that section (`postscope_core::glossary`). Plain
//! links: nothing is fetched unless the reader follows one.

use postscope_core::explain;
use postscope_core::glossary::{spans, Link, TERMS};
use yew::prelude::*;

/// The words of this component.
mod ui {
    pub const RFC_TITLE: &str = "glossary.rfc_title";
    pub const TERM_TITLE: &str = "glossary.term_title";
}

/// A rendered explanation, as text nodes and links.
pub fn linked(text: &str, lc: crate::i18n::Locale) -> Html {
    html! {
        { for spans(text).into_iter().map(|s| match s.link {
            None => html! { { s.text } },
            Some(Link::Term { key }) => html! { <a class="term" href={format!("#glossary-{key}")} title={crate::i18n::t(lc, ui::TERM_TITLE)}>{ s.text }</a> },
            Some(Link::Rfc { url }) => html! { <a class="rfc" href={url} target="_blank" rel="noopener noreferrer" title={crate::i18n::t(lc, ui::RFC_TITLE)}>{ s.text }</a> },
        }) }
    }
}

#[function_component(Glossary)]
pub fn glossary() -> Html {
    let lc = crate::i18n::use_locale();
    html! {
        <section id="glossary" class="glossary" aria-labelledby="glossary-title">
            <h2 id="glossary-title">{ explain::say_in(lc, &["glossary.title"], &[]) }</h2>
            <dl>
                { for TERMS.iter().map(|t| html! {
                    <>
                        <dt id={format!("glossary-{}", t.key)}>{ explain::say_in(lc, &[&format!("glossary.{}.term", t.key)], &[]) }</dt>
                        <dd>{ linked(&explain::say_in(lc, &[&format!("glossary.{}", t.key)], &[]), lc) }</dd>
                    </>
                }) }
            </dl>
        </section>
    }
}
