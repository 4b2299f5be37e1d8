//! The text transcript never hands a capture's control characters to the
//! terminal: an ESC inside a line would otherwise be an escape sequence.

use std::process::Command;

#[test]
fn control_characters_from_the_capture_are_shown_not_sent() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    // A real capture whose server greeting we know, with an ESC written into
    // one byte of the line (same length, so the TCP framing is untouched).
    let mut bytes = std::fs::read(root.join("tests/fixtures/smtp-auth-login.pcap")).unwrap();
    let at = bytes.windows(4).position(|w| w == b"220 ").expect("greeting in the fixture") + 4;
    bytes[at] = 0x1b;
    let dir = std::env::temp_dir().join(format!("postscope-term-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("esc.pcap");
    std::fs::write(&file, &bytes).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_postscope")).arg(&file).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(!out.stdout.contains(&0x1b), "an ESC byte reached the terminal");
    assert!(text.contains("S: 220 ⟨ESC⟩"), "the ESC is shown where it was: {}", &text[..text.len().min(600)]);
    let _ = std::fs::remove_dir_all(&dir);
}
