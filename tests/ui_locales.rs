//! The interface's tables, `locales/ui/<tag>.tsv`: every language has every
//! key English has (English's `.one` singular forms are optional elsewhere),
//! nothing English lacks, the same placeholders; every key the app's code
//! names is in the English table (or is an explanation of the catalogue).

use postscope_core::explain::{entry, parse_locale, Locale};
use postscope_core::words::compare;
use postscope_web::i18n::UI;

#[test]
fn every_table_is_complete() {
    for locale in Locale::ALL {
        let (entries, bad) = parse_locale(UI.source(locale));
        assert!(bad.is_empty(), "locales/ui/{}.tsv: lines {bad:?} are not key<TAB>text", locale.tag());
        assert!(entries.len() > 100, "locales/ui/{}.tsv has only {} entries", locale.tag(), entries.len());
        let (missing, extra, differ) = compare(&UI, locale);
        assert!(missing.is_empty(), "locales/ui/{}.tsv lacks {missing:?}", locale.tag());
        assert!(extra.is_empty(), "locales/ui/{}.tsv has keys English lacks: {extra:?}", locale.tag());
        assert!(differ.is_empty(), "locales/ui/{}.tsv: other placeholders than English in {differ:?}", locale.tag());
    }
}

/// The Turkish and Chinese tables are translations, not copies of English
/// (a few words are the same in every language: "TCP {1}", "{0}, {1}").
#[test]
fn the_tables_are_translated() {
    let en: std::collections::HashMap<_, _> = parse_locale(UI.source(Locale::En)).0.into_iter().collect();
    for locale in [Locale::Tr, Locale::Zh] {
        let (entries, _) = parse_locale(UI.source(locale));
        let same: Vec<&str> = entries
            .iter()
            .filter(|(k, t)| en.get(k) == Some(t) && t.chars().filter(|c| c.is_alphabetic()).count() > 3)
            .map(|(k, _)| *k)
            .collect();
        assert!(same.is_empty(), "{}: the same as English: {same:?}", locale.tag());
    }
}

/// A TCP event's label in the transcript and the presentation: flags stay
/// the protocol's (SYN ACK), analysis events are in the reader's words, and
/// English keeps the model's name.
#[test]
fn tcp_event_labels_are_translated() {
    use postscope_core::model::TcpKind::{self, *};
    use postscope_web::i18n::{tcp_badge, tcp_event};
    assert_eq!(tcp_badge(Locale::En, LostSegment), "TCP LOST SEGMENT");
    assert_eq!(tcp_badge(Locale::En, SynAck), "TCP SYN ACK");
    let all: [TcpKind; 14] = [
        Syn,
        SynAck,
        Ack,
        Fin,
        Rst,
        Retransmission,
        FastRetransmission,
        AckedUnseen,
        OutOfOrder,
        LostSegment,
        DuplicateAck,
        ZeroWindow,
        WindowFull,
        KeepAlive,
    ];
    for locale in [Locale::Tr, Locale::Zh] {
        assert_eq!(tcp_badge(locale, SynAck), "TCP SYN ACK", "a flag's name is the protocol's");
        assert_eq!(tcp_event(locale, Retransmission), UI.get(locale, "timing.event.retransmission"));
        for k in all {
            let flag = matches!(k, Syn | SynAck | Ack | Fin | Rst);
            let words = tcp_event(locale, k);
            assert!(flag || k == KeepAlive || words != k.name().replace('_', " "), "{} {k:?}: {words}", locale.tag());
        }
    }
}

#[test]
fn every_key_the_app_names_exists() {
    fn rust_files(dir: &std::path::Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                rust_files(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    let mut sources = Vec::new();
    rust_files(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut sources);
    let prefixes = [
        "app",
        "language",
        "theme",
        "open",
        "error",
        "summary",
        "note",
        "streams",
        "happened",
        "decode_as",
        "transcript",
        "phases",
        "message",
        "list",
        "present",
        "tour",
        "quiz",
        "paste",
        "timeline",
        "timing",
        "iograph",
        "eaves",
        "overview",
        "sbs",
        "sequence",
        "packets",
        "plots",
        "layers",
        "side",
        "hexdump",
        "sample",
    ];
    let mut checked = 0;
    for src in &sources {
        for piece in src.split('"').skip(1).step_by(2) {
            let Some((prefix, rest)) = piece.split_once('.') else { continue };
            if !prefixes.contains(&prefix)
                || rest.is_empty()
                || piece.ends_with('.')
                || !piece.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'_')
            {
                continue;
            }
            assert!(UI.has(Locale::En, piece) || entry(piece).is_some(), "the app names {piece:?}, which locales/ui/en.tsv lacks");
            checked += 1;
        }
    }
    assert!(checked > 120, "only {checked} keys found");
}

/// The views added in the classroom, plots and evidence sessions (issue 16):
/// rendered in Turkish and in Chinese, none shows a sentence of the English
/// table (a key a language lacks falls back to English) nor one of the
/// English words their literals used to be; rendered in English the same
/// check finds those sentences, so it can fail.
#[cfg(not(target_arch = "wasm32"))]
mod views {
    use postscope_core::explain::Locale;
    use postscope_core::model::Analysis;
    use postscope_core::paste::Pasted;
    use postscope_core::tour::Tour;
    use postscope_web::components::{
        eavesdropper::Eavesdropper,
        glossary::Glossary,
        overview::Overview,
        packets::Packets,
        paste::{PasteArea, PasteNote},
        plots::{CapturePlots, StreamPlots},
        present::Presenter,
        quiz::Quiz,
        sequence::SequenceDiagram,
        side_by_side::SideBySide,
        tour::TourPanel,
    };
    use postscope_web::i18n::UI;
    use postscope_web::samples::{sample_options, SAMPLES};
    use postscope_web::state::Shared;
    use std::rc::Rc;
    use yew::prelude::*;

    #[derive(Properties, PartialEq)]
    struct ViewsProps {
        analysis: Shared<Analysis>,
        stream: u32,
        locale: Locale,
        tour: Option<Rc<Tour>>,
        pasted: Option<Shared<Pasted>>,
    }

    #[function_component(Views)]
    fn all_views(p: &ViewsProps) -> Html {
        let a = p.analysis.clone();
        let n = p.stream;
        // The capture-wide views' data, as the page makes it for an analysis it holds whole.
        let v = postscope_web::state::Views::of(&a);
        html! {
            <ContextProvider<Locale> context={p.locale}>
                <Overview paragraph={v.paragraph.clone()} />
                <CapturePlots timeline={v.timeline.clone()} io_graph={v.io_graph.clone()} on_interval={Callback::noop()} selected={Some(n)} on_select={Callback::noop()} range={None} on_range={Callback::noop()} />
                <Presenter analysis={a.clone()} stream={n} />
                <Quiz analysis={a.clone()} stream={n} />
                <SequenceDiagram analysis={a.clone()} stream={n} on_focus={Callback::noop()} />
                <SideBySide analysis={a.clone()} stream={n} on_focus={Callback::noop()} />
                <StreamPlots analysis={a.clone()} stream={n} on_focus={Callback::noop()} open=true />
                <Packets analysis={a.clone()} data={None} stream={n} />
                <Eavesdropper eavesdropper={v.eavesdropper.clone()} on_goto={Callback::noop()} />
                <TourPanel tour={p.tour.clone()} on_step={Callback::noop()} on_add={Callback::noop()} on_save={Callback::noop()} />
                <PasteArea on_paste={Callback::noop()} />
                if let Some(t) = p.pasted.clone() { <PasteNote pasted={t} /> }
                <Glossary />
            </ContextProvider<Locale>>
        }
    }

    /// What a reader sees of `html`: its text nodes and its labels (aria-label, title, placeholder).
    fn visible(html: &str) -> String {
        let mut out = String::new();
        let mut rest = html;
        while let Some(open) = rest.find('<') {
            out.push_str(&rest[..open]);
            out.push('\n');
            let Some(close) = rest[open..].find('>') else { break };
            let tag = &rest[open..open + close];
            for attr in ["aria-label=\"", "title=\"", "placeholder=\""] {
                let mut t = tag;
                while let Some(i) = t.find(attr) {
                    let v = &t[i + attr.len()..];
                    let end = v.find('"').unwrap_or(v.len());
                    out.push_str(&v[..end]);
                    out.push('\n');
                    t = &v[end..];
                }
            }
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
        out.replace("&#x27;", "'")
            .replace("&#39;", "'")
            .replace("&quot;", "\"")
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
    }

    /// The English table's sentences of these views, cut at their placeholders: the pieces
    /// of two words or more that a reader would recognise as English.
    fn english_pieces() -> Vec<String> {
        let prefixes = [
            "present.",
            "tour.",
            "quiz.",
            "paste.",
            "glossary.",
            "timeline.",
            "timing.",
            "iograph.",
            "eaves.",
            "overview.",
            "sbs.",
            "sequence.",
            "packets.",
            "plots.",
            "layers.",
            "side.",
            "sample.",
        ];
        let (entries, _) = postscope_core::explain::parse_locale(UI.source(Locale::En));
        let mut out: Vec<String> = Vec::new();
        for (k, text) in entries {
            if !prefixes.iter().any(|p| k.starts_with(p)) {
                continue;
            }
            for piece in text.split(['{', '}']) {
                let piece = piece.trim_matches(|c: char| !c.is_alphanumeric());
                // "Follow TCP Stream" is Wireshark's menu item: named as the student finds it there.
                if piece.split_whitespace().count() >= 2
                    && piece.chars().filter(|c| c.is_alphabetic()).count() >= 8
                    && piece != "Follow TCP Stream"
                {
                    out.push(piece.to_string());
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// Words the views' English literals were made of, not found in capture text or in the
    /// Turkish and Chinese tables.
    const ENGLISH: &[&str] = &[
        "conversation",
        "Conversation",
        "Packets",
        "packets",
        "Timeline",
        "Step ",
        "Question",
        "frames",
        "round trip",
        "eavesdropper",
        "Presentation",
        "secrets",
        "Guided",
        "Glossary",
        "transcript",
        "the capture",
        "Previous",
        "Next ",
        "Score",
        "Interval",
        "Sequence number",
        "window",
        "evenly",
    ];

    fn render(file: &str, bytes: &'static [u8], stream: u32, locale: Locale, tour: Option<&str>, pasted: Option<Pasted>) -> String {
        let analysis = match &pasted {
            Some(p) => postscope_core::paste::analysis(p),
            None => postscope_core::analyze(bytes, sample_options(bytes, Default::default())),
        };
        let tour = tour.map(|j| Tour::parse(j).unwrap_or_else(|e| panic!("{file}: {}", postscope_core::explain::plain(&e))));
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let html = rt.block_on(
            yew::ServerRenderer::<Views>::with_props(move || ViewsProps {
                analysis: Shared(Rc::new(analysis)),
                stream,
                locale,
                tour: tour.map(Rc::new),
                pasted: pasted.map(|p| Shared(Rc::new(p))),
            })
            .render(),
        );
        visible(&html)
    }

    fn cases(locale: Locale) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for s in SAMPLES {
            // Every conversation of the sample that holds most of them (multi-client), else the first.
            // A built-in tour is shown in the reader's language: its English title is not on the page.
            let text = render(s.file, s.bytes, 0, locale, s.tour_in(locale), None);
            if locale != Locale::En {
                let english = Tour::parse(s.tour.unwrap()).unwrap();
                assert!(!text.contains(&english.title), "{} {}: the tour's English title {:?}", locale.tag(), s.file, english.title);
            }
            out.push((s.file.to_string(), text));
        }
        let loss: &'static [u8] = Box::leak(
            std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/smtp-tcp-reordered-duplicate.pcap"))
                .unwrap()
                .into_boxed_slice(),
        );
        out.push(("smtp-tcp-reordered-duplicate.pcap".into(), render("loss", loss, 0, locale, None, None)));
        let telnet = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/paste/telnet-smtp.txt")).unwrap();
        out.push(("paste/telnet-smtp.txt".into(), render("telnet", &[], 0, locale, None, Some(postscope_core::paste::read(&telnet)))));
        out
    }

    #[test]
    fn the_new_views_speak_turkish_and_chinese() {
        let pieces = english_pieces();
        assert!(pieces.len() > 80, "only {} English pieces", pieces.len());
        // In English the check finds what it looks for: it can fail.
        let english = cases(Locale::En);
        let seen: usize = pieces.iter().filter(|p| english.iter().any(|(_, t)| t.contains(p.as_str()))).count();
        assert!(seen > 60, "only {seen} of the English sentences found in the English rendering");
        for w in ["conversation", "Packets", "Timeline", "Question", "frames"] {
            assert!(english.iter().any(|(_, t)| t.contains(w)), "{w:?} not in the English rendering");
        }
        for locale in [Locale::Tr, Locale::Zh] {
            for (file, text) in cases(locale) {
                let left: Vec<&String> = pieces.iter().filter(|p| text.contains(p.as_str())).collect();
                assert!(left.is_empty(), "{} {file}: English left: {left:?}", locale.tag());
                let words: Vec<&&str> = ENGLISH.iter().filter(|w| text.contains(**w)).collect();
                assert!(
                    words.is_empty(),
                    "{} {file}: English words left: {words:?} in\n{}",
                    locale.tag(),
                    text.lines().filter(|l| words.iter().any(|w| l.contains(**w))).collect::<Vec<_>>().join("\n")
                );
            }
        }
    }
}
