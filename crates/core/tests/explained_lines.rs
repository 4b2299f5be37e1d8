//! Issue #5's measure of done: on every lab fixture and every corpus capture,
//! every command and reply line has a verb and a non-empty explanation; SASL
//! lines and lines that fit no grammar ("other") have an explanation too.
//! Message content is exempt (its lines are explained where they carry
//! structure, headers and the end of the message, not line by line).

mod common;

use postscope_core::model::{Item, LineKind};

#[derive(Default, Debug)]
struct Count {
    files: usize,
    commands: usize,
    replies: usize,
    sasl: usize,
    other: usize,
    content: usize,
    unexplained: Vec<String>,
}

fn count(files: &[std::path::PathBuf]) -> Count {
    let mut c = Count { files: files.len(), ..Count::default() };
    for f in files {
        let a = common::analyze_file(f);
        for s in &a.streams {
            let cx = postscope_core::explain::Context::of(s);
            for item in &s.items {
                let Item::Line(l) = item else { continue };
                let explained = !postscope_core::explain::render(&l.explain, &cx, Default::default()).trim().is_empty();
                let ok = match l.kind {
                    LineKind::Command => {
                        c.commands += 1;
                        explained && l.verb.as_deref().is_some_and(|v| !v.trim().is_empty())
                    }
                    LineKind::Reply => {
                        c.replies += 1;
                        explained && l.verb.as_deref().is_some_and(|v| !v.trim().is_empty())
                    }
                    LineKind::Sasl => {
                        c.sasl += 1;
                        explained
                    }
                    LineKind::Other => {
                        c.other += 1;
                        explained
                    }
                    LineKind::Content => {
                        c.content += 1;
                        true
                    }
                };
                if !ok {
                    let text: String = l.text.chars().take(60).collect();
                    c.unexplained.push(format!(
                        "{} stream {} frame {} {:?} {:?} {text:?}",
                        common::short(f),
                        s.stream,
                        l.frame,
                        l.kind,
                        l.verb
                    ));
                }
            }
        }
    }
    c
}

fn check(what: &str, c: &Count, min_files: usize, min_lines: usize) {
    println!(
        "{what}: {} files, {} commands, {} replies, {} SASL lines, {} other lines, {} content lines; {} without a verb or an explanation",
        c.files,
        c.commands,
        c.replies,
        c.sasl,
        c.other,
        c.content,
        c.unexplained.len()
    );
    assert!(c.files >= min_files, "{what}: only {} captures found", c.files);
    assert!(c.commands + c.replies >= min_lines, "{what}: only {} command and reply lines", c.commands + c.replies);
    assert!(c.unexplained.is_empty(), "{what}: {} lines lack a verb or an explanation:\n{}", c.unexplained.len(), c.unexplained.join("\n"));
}

#[test]
fn every_fixture_line_is_explained() {
    let files = common::fixtures();
    check("fixtures", &count(&files), 24, 450);
}

#[test]
fn every_corpus_line_is_explained() {
    let Some(files) = common::corpus() else {
        return;
    };
    check("corpus", &count(&files), 100, 2500);
}

/// Lines that fit no grammar are said to be so, not dressed up as replies:
/// zeek's pop3-unknown-commands.pcap has a server that sends junk lines.
#[test]
fn junk_from_a_pop3_server_is_not_taken_for_replies() {
    let Some(a) = common::corpus_analysis("zeek__zeek/pop3-unknown-commands.pcap") else {
        return;
    };
    let junk: Vec<_> = a.lines().filter(|l| l.kind == LineKind::Other).collect();
    assert_eq!(junk.len(), 3, "{junk:?}");
    for l in junk {
        let said = common::said(&a, l);
        assert!(said.contains("neither +OK nor -ERR"), "{said}");
    }
    // The STAT reply after the junk is still matched to STAT.
    let stat = a.lines().find(|l| l.text.starts_with("+OK 1 236")).unwrap();
    let said = common::said(&a, stat);
    // RFC 1939 §5: a positive STAT answer gives the number of messages and their size.
    assert!(said.contains("messages in the mailbox: 1, 236 bytes in all"), "{said}");
}
