//! `postscope --extract DIR FILE`: every message as .eml, every attachment as
//! a file, names made safe, nothing ever overwritten.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures").join(name)
}

fn fresh_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("postscope-extract-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn extract(dir: &Path, capture: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_postscope")).arg("--extract").arg(dir).arg(capture).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
    v.sort();
    v
}

#[test]
fn messages_and_attachments_are_written_and_never_overwritten() {
    let dir = fresh_dir("multipart");
    let capture = fixture("smtp-multipart-attachment.pcap");
    let report = extract(&dir, &capture);
    assert_eq!(names(&dir), ["lab-schedule.txt", "stamp.png", "stream0-frame15-Lab schedule and stamp.eml"]);
    assert_eq!(report.lines().filter(|l| l.starts_with("wrote ")).count(), 3, "{report}");
    let eml = std::fs::read(dir.join("stream0-frame15-Lab schedule and stamp.eml")).unwrap();
    let a = postscope_core::analyze(&std::fs::read(&capture).unwrap(), Default::default());
    let want = format!("({} bytes): message, stream 0 SMTP DATA, frames 15..15, subject \"Lab schedule and stamp\"", eml.len());
    assert!(report.contains(&want), "{report}");
    assert_eq!(eml, a.messages().next().unwrap().raw, "the .eml holds the message as it crossed the wire");
    assert!(std::fs::read(dir.join("stamp.png")).unwrap().starts_with(b"\x89PNG\r\n\x1a\n"));
    assert!(std::fs::read_to_string(dir.join("lab-schedule.txt")).unwrap().starts_with("Postscope lab schedule\n"));

    // Again into the same folder: new names, the first files untouched.
    std::fs::write(dir.join("stamp.png"), b"mine").unwrap();
    let report = extract(&dir, &capture);
    assert_eq!(
        names(&dir),
        [
            "lab-schedule-1.txt",
            "lab-schedule.txt",
            "stamp-1.png",
            "stamp.png",
            "stream0-frame15-Lab schedule and stamp-1.eml",
            "stream0-frame15-Lab schedule and stamp.eml"
        ]
    );
    assert_eq!(std::fs::read(dir.join("stamp.png")).unwrap(), b"mine");
    assert!(report.contains("stamp-1.png"), "{report}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_capture_without_messages_says_so() {
    let dir = fresh_dir("none");
    let report = extract(&dir, &fixture("smtps-465.pcap"));
    assert!(report.contains("no message crossed the wire"), "{report}");
    assert!(names(&dir).is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn hostile_names_become_safe_file_names() {
    let dir = fresh_dir("hostile");
    let report = extract(&dir, &fixture("smtp-hostile-html.pcap"));
    let written = names(&dir);
    assert_eq!(written.len(), 3, "{written:?}");
    assert!(written.contains(&"etc_passwdscript.txt".to_string()), "{written:?}");
    assert!(written.contains(&"invoicegnp.exe".to_string()), "{written:?}");
    for n in &written {
        assert!(!n.contains(['/', '\\', '<', '>']) && !n.contains(".."), "{n:?}");
        assert!(!n.chars().any(|c| c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c)), "{n:?}");
    }
    // Nothing escaped the folder.
    assert!(!dir.parent().unwrap().join("etc").exists());
    // The report names the attachments with their control characters escaped.
    assert!(report.contains("\"invoice\\u{202e}gnp.exe\""), "{report}");
    assert!(!report.contains('\u{1b}') && !report.contains('\u{202e}'), "the report carries no raw control characters");
    let _ = std::fs::remove_dir_all(&dir);
}
