//! `--lang en|tr|zh`: the explanations and the words of the transcript and of
//! `--summary` in the chosen language; with `--json`, `explain` translated and
//! `key` unchanged. English by default, whatever LANG says.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures").join(name)
}

fn postscope(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_postscope")).args(args).env("LANG", "tr_TR.UTF-8").env("LC_ALL", "tr_TR.UTF-8").output().unwrap()
}

fn stdout(args: &[&str]) -> String {
    let out = postscope(args);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// RFC 5321 §4.2.2: 354 asks for the message, ended by a line with a lone dot.
#[test]
fn the_transcript_in_turkish() {
    let f = fixture("smtp-auth-plain.pcap");
    let f = f.to_str().unwrap();
    let tr = stdout(&["--lang", "tr", f]);
    let line354 = tr.lines().skip_while(|l| !l.contains(" S: 354 ")).nth(1).expect("the explanation under 354");
    assert!(line354.contains("354: sunucu iletiye hazır.") && line354.contains("tek bir nokta"), "{line354}");
    assert!(tr.starts_with("pcap yakalaması, 27 çerçeve"), "{}", &tr[..80]);
    assert!(tr.contains("== akış 0 SMTP"), "{tr}");
    assert!(!tr.contains("the server is ready for the message"), "English left in the Turkish transcript");
    // Capture text is shown as sent, never translated.
    assert!(tr.contains(" C: EHLO client.lab.example"), "{tr}");
    // The default is English, though LANG and LC_ALL say Turkish.
    let en = stdout(&[f]);
    assert!(en.contains("354: the server is ready for the message."), "{en}");
    assert_eq!(en, stdout(&["--lang", "en", f]));
}

#[test]
fn the_summary_in_turkish_and_chinese_words() {
    let f = fixture("smtp-auth-plain.pcap");
    let f = f.to_str().unwrap();
    let tr = stdout(&["--summary", "--lang", "tr", f]);
    assert!(tr.contains("1 konuşma, 0 uyarı"), "{tr}");
    assert!(tr.contains("oturum açma PLAIN kullanıcı \"bob@lab.example\" kabul edildi"), "{tr}");
    assert!(tr.contains("  iletiler: 1 (1 tam, 0 eksik)"), "{tr}");
    assert!(!tr.contains("conversation"), "{tr}");
    let zh = stdout(&["--summary", "--lang", "zh", f]);
    assert!(zh.contains("1 个会话") && zh.contains("合计："), "{zh}");
    let en = stdout(&["--summary", f]);
    assert!(en.contains("1 conversation, 0 warnings"), "{en}");
}

/// With --json every record has the same fields and `key`s in each language;
/// only `explain` differs.
#[test]
fn json_keeps_the_keys_and_translates_explain() {
    let f = fixture("smtp-auth-plain.pcap");
    let f = f.to_str().unwrap();
    let parse = |s: String| s.lines().map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()).collect::<Vec<_>>();
    let en = parse(stdout(&["--json", f]));
    let tr = parse(stdout(&["--json", "--lang", "tr", f]));
    assert_eq!(en.len(), tr.len());
    let mut translated = 0;
    for (e, t) in en.iter().zip(&tr) {
        assert_eq!(e["key"], t["key"]);
        let (mut e2, mut t2) = (e.clone(), t.clone());
        e2.as_object_mut().unwrap().remove("explain");
        t2.as_object_mut().unwrap().remove("explain");
        assert_eq!(e2, t2, "only explain may differ");
        if let (Some(a), Some(b)) = (e["explain"].as_str(), t["explain"].as_str()) {
            if !a.is_empty() {
                assert_ne!(a, b, "{a}");
                translated += 1;
            }
        }
    }
    assert!(translated > 30, "{translated}");
    let r354 = tr.iter().find(|r| r["verb"] == "354").unwrap();
    assert_eq!(r354["key"], "smtp.reply.354");
    assert!(r354["explain"].as_str().unwrap().starts_with("354: sunucu iletiye hazır."), "{r354}");
}

#[test]
fn an_unknown_language_is_a_usage_error() {
    let out = postscope(&["--lang", "de", "x.pcap"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--lang") && err.contains("en") && err.contains("tr") && err.contains("zh"), "{err}");
}

/// The capture's notes follow `--lang` too (issue #16): in the transcript, in
/// `--summary`, and as the JSON's `message`, where `kind`, `frame` and
/// `offset` stay the same and English is the default.
#[test]
fn the_notes_follow_lang() {
    let bytes = std::fs::read(fixture("smtp-auth-plain.pcap")).unwrap();
    let dir = std::env::temp_dir().join(format!("postscope-lang-notes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cut = dir.join("cut.pcap");
    std::fs::write(&cut, &bytes[..bytes.len() - 9]).unwrap();
    let f = cut.to_str().unwrap();
    let en_note = "The file ends in the middle of packet";
    let tr = stdout(&["--lang", "tr", f]);
    assert!(tr.contains("paketin ortasında bitiyor") && !tr.contains(en_note), "{tr}");
    let summary = stdout(&["--summary", "--lang", "zh", f]);
    assert!(summary.contains("个数据包中间结束") && !summary.contains(en_note), "{summary}");
    let first = |s: String| serde_json::from_str::<serde_json::Value>(s.lines().next().unwrap()).unwrap();
    let en = first(stdout(&["--json", f]));
    let zh = first(stdout(&["--json", "--lang", "zh", f]));
    let (e, z) = (&en["warnings"][0], &zh["warnings"][0]);
    assert_eq!(e["kind"], "truncated");
    assert!(e["message"].as_str().unwrap().starts_with(en_note), "{e}");
    assert!(z["message"].as_str().unwrap().starts_with("文件在第"), "{z}");
    for field in ["kind", "frame", "offset"] {
        assert_eq!(e[field], z[field], "{field}");
    }
    let summary_json = first(stdout(&["--summary", "--json", "--lang", "tr", f]));
    assert!(summary_json["warnings"][0]["message"].as_str().unwrap().starts_with("Dosya "), "{summary_json}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `--help` follows `--lang` (either order, either form), lists every option,
/// and keeps no English sentence; without `--lang` it is English, whatever
/// LANG says.
#[test]
fn help_in_each_language() {
    let flags = [
        "--json",
        "--summary",
        "--decode-as",
        "--extract",
        "--keylog",
        "--lang",
        "--io-graph",
        "--stream",
        "--timeline",
        "--tcp-timing",
        "--help",
        "--version",
    ];
    let english = ["Print", "Usage", "Options", "Arguments", "default", "possible values", " the "];
    for (args, heading, words) in [
        (
            &["--lang", "tr", "--help"][..],
            "Kullanım: postscope [SEÇENEKLER] <DOSYA>",
            &["Seçenekler:", "Argümanlar:", "Yardımı yazdır"][..],
        ),
        (&["--help", "--lang=zh"][..], "用法: postscope [选项] <文件>", &["选项:", "参数:", "显示帮助"][..]),
        (&["-h", "--lang", "zh"][..], "用法: postscope [选项] <文件>", &["选项:", "参数:"][..]),
    ] {
        let help = stdout(args);
        assert!(help.contains(heading), "{args:?}:\n{help}");
        for w in words.iter().chain(&flags) {
            assert!(help.contains(w), "{args:?}: {w} missing from\n{help}");
        }
        for w in english {
            assert!(!help.contains(w), "{args:?}: English {w:?} left in\n{help}");
        }
    }
    let en = stdout(&["--help"]);
    assert!(en.contains("Usage: postscope [OPTIONS] <FILE>") && en.contains("Print help"), "{en}");
    // The Chinese summary lines up: every option's text starts in one column (CJK characters are two wide).
    let zh = stdout(&["-h", "--lang", "zh"]);
    let columns: std::collections::BTreeSet<usize> = zh
        .lines()
        .filter(|l| l.trim_start().starts_with("--"))
        .map(|l| {
            let flag_end = l.trim_start().find("  ").unwrap() + (l.len() - l.trim_start().len());
            let text_start = flag_end + l[flag_end..].len() - l[flag_end..].trim_start().len();
            l[..text_start].chars().map(|c| if c > '\u{2e80}' { 2 } else { 1 }).sum()
        })
        .collect();
    assert_eq!(columns.len(), 1, "the options' texts start in columns {columns:?}:\n{zh}");
}

/// A usage error follows `--lang` too: what is wrong in the reader's words
/// (the value parsers' reasons included), the usage line, exit 2, nothing on
/// stdout; in English it stays clap's (tests/args.rs).
#[test]
fn usage_errors_in_each_language() {
    let f = fixture("smtp-auth-plain.pcap");
    let f = f.to_str().unwrap();
    let cases: [(&[&str], &[&str]); 8] = [
        (&["--lang", "tr", "--jsn", f], &["hata: '--jsn' postscope'un bir seçeneği değil; benzer bir seçenek var: '--json'"]),
        (&["--lang", "zh"], &["错误：缺少必需的 <文件>"]),
        (
            &["--lang", "tr", "--decode-as", "70000=smtp", f],
            &["'70000=smtp', --decode-as <PORT=PROTO> değeri olarak okunamadı: 70000 bir TCP portu değil"],
        ),
        (&["--lang", "zh", "--decode-as", "1025=smtps", f], &["smtps 不是 Postscope 能读取的协议", "smtp, lmtp, pop3, imap, tls, unknown"]),
        (&["--lang", "tr", "--json", "--io-graph", "1s", f], &["birlikte kullanılamaz"]),
        (&["--lang", "zh", "--io-graph", "20s", f], &["间隔必须在 1ms 到 10s 之间"]),
        (&["--lang", "tr", "--lang", "tr", f], &["--lang <DİL> yalnızca bir kez verilebilir"]),
        (&["--lang", "tr", "--extract"], &["--extract <DİZİN> bir değer ister"]),
    ];
    for (args, want) in cases {
        let out = postscope(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        for w in want {
            assert!(err.contains(w), "{args:?}: {w:?} not in\n{err}");
        }
        // The language of the message is the last --lang's.
        let turkish = args.iter().rposition(|a| *a == "--lang").map(|i| args[i + 1]) == Some("tr");
        let (usage, more) = if turkish {
            ("Kullanım: postscope [SEÇENEKLER] <DOSYA>", "Daha fazla bilgi için '--help' yazın.")
        } else {
            ("用法: postscope [选项] <文件>", "要了解更多信息，请试试 '--help'。")
        };
        assert!(err.contains(usage) && err.contains(more), "{args:?}:\n{err}");
        assert!(!err.contains("error:") && !err.contains("Usage:") && !err.contains("argument"), "{args:?}: English left in\n{err}");
    }
}
