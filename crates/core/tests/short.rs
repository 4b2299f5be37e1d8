//! The short form of an explanation (`explain::short`, what the app shows when
//! the reader picks "short"): the catalogue's first sentence, never a cut in
//! the middle of one, and never a full stop inside a value from the capture.

mod common;

use postscope_core::explain::{self, Context, Locale};
use postscope_core::model::{Item, LineKind};

/// Every item of every lab capture, in every language: the short form is the
/// start of the full one, ends where a sentence (or a list's intro) ends, and
/// is empty only when the whole explanation is.
#[test]
fn short_is_the_first_whole_sentence_of_every_explanation() {
    let checked = check_files(&common::fixtures());
    assert!(checked > 5_000, "only {checked} explanations checked");
}

/// The same over the public corpus (real captures of many servers), when it is there.
#[test]
fn short_is_the_first_whole_sentence_in_the_corpus() {
    let Some(files) = common::corpus() else { return };
    let small: Vec<_> = files.into_iter().filter(|p| std::fs::metadata(p).is_ok_and(|m| m.len() < 4 << 20)).collect();
    let checked = check_files(&small);
    assert!(checked > 5_000, "only {checked} explanations checked");
}

fn check_files(files: &[std::path::PathBuf]) -> usize {
    let mut checked = 0;
    for path in files {
        let a = common::analyze_file(path);
        for s in &a.streams {
            let cx = Context::of(s);
            for item in &s.items {
                for lc in Locale::ALL {
                    let full = explain::render(item.explain(), &cx, lc);
                    let short = explain::short(item.explain(), &cx, lc);
                    let name = common::short(path);
                    assert_eq!(full.trim().is_empty(), short.is_empty(), "{name} frame {}: {full:?} → {short:?}", item.frame());
                    if short.is_empty() {
                        continue;
                    }
                    let full = full.trim_start();
                    assert!(full.starts_with(&short), "{name} frame {} ({lc:?}): {short:?} is not the start of {full:?}", item.frame());
                    let rest = &full[short.len()..];
                    let ends = short.ends_with(['.', '!', '?', '。', '！', '？']);
                    let before_list = rest.trim_start_matches([':', '：']).split(" [").next().is_some_and(|r| r.trim().is_empty())
                        || rest.starts_with([':', '：', '\n'])
                        || rest.starts_with(" [") && full.contains('\n');
                    assert!(
                        ends || before_list || rest.trim().is_empty() || rest.starts_with(" ["),
                        "{name} frame {} ({lc:?}): {short:?} stops mid-sentence before {rest:?}",
                        item.frame()
                    );
                    assert!(
                        rest.is_empty() || rest.starts_with(char::is_whitespace) || rest.starts_with([':', '：', '\n']) || lc == Locale::Zh,
                        "{name} frame {} ({lc:?}): {short:?} cut a word before {rest:?}",
                        item.frame()
                    );
                    checked += 1;
                }
            }
        }
    }
    checked
}

fn fixture(name: &str) -> postscope_core::model::Analysis {
    common::analyze(&common::fixture(name))
}

/// RFC 9293 §3.5: the SYN opens the connection. Its short form says so and
/// nothing about options it did not finish saying.
#[test]
fn a_syn_in_short() {
    let a = fixture("smtp-auth-login.pcap");
    let s = &a.streams[0];
    let syn = s.items.iter().find(|i| matches!(i, Item::Tcp(_))).unwrap();
    assert_eq!(explain::short(syn.explain(), &Context::of(s), Locale::En), "SYN: the client asks to open a TCP connection to the server.");
    assert_eq!(explain::short_reference(syn.explain(), &Context::of(s), Locale::En).as_deref(), Some("RFC 9293 §3.5"));
}

/// RFC 9051 §7.2.2: a CAPABILITY response lists what the server supports.
/// The short form is the sentence before the list, without its colon, and
/// none of the capabilities' own sentences.
#[test]
fn an_imap_capability_list_in_short() {
    let a = fixture("imap-session.pcap");
    let s = &a.streams[0];
    let cx = Context::of(s);
    let caps = s
        .items
        .iter()
        .find_map(|i| match i {
            Item::Line(l) if l.kind == LineKind::Reply && l.text.starts_with("* CAPABILITY") => Some(l),
            _ => None,
        })
        .expect("a CAPABILITY response");
    let full = explain::render(&caps.explain, &cx, Locale::En);
    assert!(full.contains('\n'), "{full}");
    assert_eq!(explain::short(&caps.explain, &cx, Locale::En), "* CAPABILITY: the list of what this server supports, item by item");
}

/// RFC 5321 §4.2: a reply's text is the server's own; a full stop in it
/// ("2.0.0 Ok: queued as ...") is not where the catalogue's sentence ends.
#[test]
fn a_full_stop_in_a_value_from_the_capture_does_not_end_the_sentence() {
    let a = fixture("smtp-auth-login.pcap");
    let s = &a.streams[0];
    let cx = Context::of(s);
    let ehlo = s
        .items
        .iter()
        .find_map(|i| match i {
            Item::Line(l) if l.kind == LineKind::Command && l.verb.as_deref() == Some("EHLO") => Some(l),
            _ => None,
        })
        .expect("an EHLO");
    // "EHLO: the client greets the server, names itself (client.lab.example), and asks ...": the name's dots are the capture's.
    let short = explain::short(&ehlo.explain, &cx, Locale::En);
    assert!(short.starts_with("EHLO: the client greets the server, names itself ("), "{short}");
    assert!(short.ends_with("extensions the server supports."), "{short}");
}
