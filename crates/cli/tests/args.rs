//! The command line: every flag as before (`[--json] [--decode-as PORT=PROTO]...
//! [--extract DIR] FILE`, now with `--summary`), clap's help and errors, and
//! the progress bar drawn only on a terminal.

use postscope_core::model::Protocol;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures").join(name)
}

fn postscope(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_postscope")).args(args).output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn help_lists_every_flag_and_exits_0() {
    for flag in ["--help", "-h"] {
        let out = postscope(&[flag]);
        assert_eq!(out.status.code(), Some(0), "{flag}");
        let help = text(&out.stdout);
        for f in ["--json", "--summary", "--decode-as <PORT=PROTO>", "--extract <DIR>", "<FILE>", "--version"] {
            assert!(help.contains(f), "{flag}: {f} missing from\n{help}");
        }
        for p in Protocol::ALL {
            assert!(help.contains(p.name()), "{flag}: {} missing from\n{help}", p.name());
        }
    }
}

#[test]
fn usage_errors_exit_2_and_say_what_is_wrong() {
    let cases: [(&[&str], &str); 6] = [
        (&[], "<FILE>"),
        (&["--bogus", "x.pcap"], "--bogus"),
        (&["a.pcap", "b.pcap"], "b.pcap"),
        (&["--decode-as", "1025", "x.pcap"], "expected PORT=PROTO"),
        (&["--decode-as", "70000=smtp", "x.pcap"], "70000 is not a TCP port"),
        (&["--extract"], "--extract <DIR>"),
    ];
    for (args, want) in cases {
        let out = postscope(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = text(&out.stderr);
        assert!(err.starts_with("error: ") && err.contains(want), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn an_unknown_protocol_is_refused_with_the_list_of_protocols() {
    let out = postscope(&["--decode-as", "1025=smtps", fixture("smtp-port-1025.pcap").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("1025=smtps") && err.contains("smtps is not a protocol"), "{err}");
    let names: Vec<&str> = Protocol::ALL.iter().map(|p| p.name()).collect();
    assert!(err.contains(&names.join(", ")), "every protocol listed: {err}");
    // The list is the core's, whole and without repeats: each name reads back as its protocol.
    for p in Protocol::ALL {
        assert_eq!(postscope_core::protocols::by_name(p.name()), Some(p));
        assert_eq!(Protocol::ALL.iter().filter(|q| **q == p).count(), 1);
    }
}

/// The `recognised_by` of each `stream` record.
fn recognised(json: &str) -> Vec<String> {
    json.lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|r| r["type"] == "stream")
        .map(|r| format!("{} {}", r["protocol"].as_str().unwrap(), r["recognised_by"].as_str().unwrap()))
        .collect()
}

#[test]
fn decode_as_may_be_repeated_and_flags_may_follow_the_file() {
    let file = fixture("multi-client.pcap");
    let file = file.to_str().unwrap();
    let out = postscope(&[file, "--decode-as", "143=smtp", "--json", "--decode-as", "110=SMTP"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let by = recognised(&text(&out.stdout));
    assert_eq!(by, ["smtp decode-as port 143", "smtp decode-as port 110", "smtp port 587"]);
    let out = postscope(&["--json", file]);
    assert_eq!(recognised(&text(&out.stdout)), ["imap port 143", "pop3 port 110", "smtp port 587"]);
}

#[test]
fn json_is_the_cores_json_lines_byte_for_byte() {
    for name in ["multi-client.pcap", "smtp-hostile-html.pcap", "imap-idle.pcapng"] {
        let file = fixture(name);
        let out = postscope(&["--json", file.to_str().unwrap()]);
        assert!(out.status.success());
        let a = postscope_core::analyze(&std::fs::read(&file).unwrap(), Default::default());
        assert_eq!(text(&out.stdout), postscope_core::jsonl::to_string(&a), "{name}");
        assert!(out.stderr.is_empty(), "{name}: {}", text(&out.stderr));
    }
}

#[test]
fn a_file_that_cannot_be_read_exits_1() {
    let out = postscope(&["/nonexistent/capture.pcap"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).starts_with("postscope: cannot open /nonexistent/capture.pcap"), "{}", text(&out.stderr));
}

/// Runs `postscope ARGS > /dev/null` with stderr on a pseudo-terminal
/// (util-linux `script`) and returns what was drawn on it.
fn on_a_terminal(args: &str) -> std::process::Child {
    let cmd = format!("stty cols 100 2>/dev/null; '{}' {args} > /dev/null", env!("CARGO_BIN_EXE_postscope"));
    Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("util-linux `script` runs a command on a pseudo-terminal")
}

#[test]
fn progress_is_drawn_on_a_terminal_for_a_long_read_only() {
    // A capture that arrives slowly, through a pipe (as `<(zcat capture.gz)`).
    let dir = std::env::temp_dir().join(format!("postscope-progress-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("slow.pcap");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let child = on_a_terminal(&format!("--summary '{}'", fifo.display()));
    let bytes = std::fs::read(fixture("multi-client.pcap")).unwrap();
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || -> std::io::Result<()> {
            use std::io::Write;
            let mut w = std::fs::OpenOptions::new().write(true).open(&fifo)?;
            w.write_all(&bytes[..bytes.len() / 2])?;
            w.flush()?;
            std::thread::sleep(std::time::Duration::from_millis(800));
            w.write_all(&bytes[bytes.len() / 2..])
        })
    };
    let out = child.wait_with_output().unwrap();
    if !writer.is_finished() {
        // postscope ended without reading the pipe: let the writer's open return
        // (opening a FIFO for reading and writing never waits, on Linux).
        drop(std::fs::OpenOptions::new().read(true).write(true).open(&fifo));
    }
    let written = writer.join().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(written.is_ok(), "the capture was not read whole: {written:?}");
    let drawn = text(&out.stdout);
    assert!(out.status.success(), "{drawn}");
    assert!(drawn.contains(" frames, ") && drawn.contains(" conversations"), "no progress drawn: {drawn:?}");
    assert!(drawn.contains(" KiB"), "bytes read: {drawn:?}");

    // A small capture read at once: nothing drawn.
    let out = on_a_terminal(&format!("--summary '{}'", fixture("multi-client.pcap").display())).wait_with_output().unwrap();
    assert!(out.status.success());
    assert!(!text(&out.stdout).contains("frames"), "a progress bar for a small file: {:?}", text(&out.stdout));
}

#[test]
fn with_summary_the_extract_report_goes_to_stderr() {
    let dir = std::env::temp_dir().join(format!("postscope-args-extract-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let file = fixture("smtp-auth-login.pcap");
    let out = postscope(&["--summary", "--extract", dir.to_str().unwrap(), file.to_str().unwrap()]);
    let written = std::fs::read_dir(&dir).map(|d| d.count()).unwrap_or(0);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(stdout.starts_with("pcap capture, ") && stdout.contains("\ntotals: "), "{stdout}");
    assert!(!stdout.contains("wrote "), "{stdout}");
    assert!(stderr.starts_with("wrote ") && stderr.contains("Lunch on Friday?"), "{stderr}");
    assert_eq!(written, 1);
}

/// `--keylog FILE`: the login inside STARTTLS is read from the decrypted
/// dialogue and marked decrypted; without the key log it is not there at all.
#[test]
fn keylog_decrypts_the_dialogue_inside_tls() {
    let cap = fixture("tls/smtp-starttls-tls13-aes128gcm.pcap");
    let keys = fixture("tls/smtp-starttls-tls13-aes128gcm.keys");
    let with = postscope(&["--json", "--keylog", keys.to_str().unwrap(), cap.to_str().unwrap()]);
    assert_eq!(with.status.code(), Some(0), "{}", text(&with.stderr));
    let records: Vec<serde_json::Value> = text(&with.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let cred = records.iter().find(|r| r["type"] == "credential").expect("the login inside TLS");
    assert_eq!((cred["username"].as_str(), cred["password"].as_str()), (Some("alice@lab.example"), Some("wonderland")));
    assert_eq!(cred["decrypted"], true);
    assert!(records.iter().any(|r| r["type"] == "line" && r["verb"] == "AUTH" && r["decrypted"] == true));
    let without = postscope(&["--json", cap.to_str().unwrap()]);
    assert!(!text(&without.stdout).contains("\"type\":\"credential\""), "no credential can be read without the keys");
    let missing = postscope(&["--keylog", "/nonexistent/keys.log", cap.to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing.stderr).contains("cannot read the key log /nonexistent/keys.log"), "{}", text(&missing.stderr));
}
