//! `--io-graph`, `--timeline`, `--tcp-timing`: CSV for slides. The figures
//! themselves are checked against tshark in crates/core/tests/plots.rs; here,
//! that the CLI prints them, and says what is wrong with its arguments.

use std::path::PathBuf;
use std::process::{Command, Output};

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures").join(name).display().to_string()
}

fn postscope(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_postscope")).args(args).output().unwrap()
}

fn rows(out: &Output) -> Vec<Vec<String>> {
    String::from_utf8_lossy(&out.stdout).lines().map(|l| l.split(',').map(String::from).collect()).collect()
}

/// The fixture's tshark io,stat at 1 s (tshark -q -z io,stat,1,frame,smtp: 27
/// frames, 2652 bytes; 19 SMTP frames, 2108 bytes, all in interval 0).
#[test]
fn io_graph_prints_frames_and_bytes_per_interval_and_protocol() {
    let out = postscope(&["--io-graph", "1s", &fixture("smtp-auth-login.pcap")]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let r = rows(&out);
    assert_eq!(r[0][..5], ["start_s", "all_frames", "all_bytes", "smtp_frames", "smtp_bytes"]);
    assert_eq!(r.len(), 2, "{r:?}");
    assert_eq!(r[1][..5], ["0.000000", "27", "2652", "19", "2108"]);
    // Protocol lines add up to all frames.
    let sum: u64 = (3..r[1].len()).step_by(2).map(|i| r[1][i].parse::<u64>().unwrap()).sum();
    assert_eq!(sum, 27);
}

#[test]
fn io_graph_of_one_conversation_has_its_two_directions() {
    let out = postscope(&["--io-graph", "auto", "--stream", "0", &fixture("smtp-auth-login.pcap")]);
    assert_eq!(out.status.code(), Some(0));
    let r = rows(&out);
    assert_eq!(r[0], ["start_s", "client_frames", "client_bytes", "server_frames", "server_bytes"]);
    let total: u64 = r[1..].iter().map(|x| x[1].parse::<u64>().unwrap() + x[3].parse::<u64>().unwrap()).sum();
    assert_eq!(total, 27);
}

#[test]
fn timeline_prints_a_row_per_conversation() {
    let out = postscope(&["--timeline", &fixture("multi-client.pcap")]);
    assert_eq!(out.status.code(), Some(0));
    let r = rows(&out);
    assert_eq!(r[0][0], "stream");
    let json = postscope(&["--json", &fixture("multi-client.pcap")]);
    let streams = String::from_utf8_lossy(&json.stdout).lines().filter(|l| l.contains("\"type\":\"stream\"")).count();
    assert!(streams > 1);
    assert_eq!(r.len() - 1, streams);
    assert!(r[1..].iter().all(|x| x.last().is_some_and(|e| ["fin", "rst", "open"].contains(&e.as_str()))));
}

/// fixtures.json: frame 20 of smtp-tcp-duplicate repeats frame 19.
#[test]
fn tcp_timing_prints_segments_round_trips_windows_and_marks() {
    let out = postscope(&["--tcp-timing", "0", &fixture("smtp-tcp-duplicate.pcap")]);
    assert_eq!(out.status.code(), Some(0));
    let r = rows(&out);
    assert_eq!(r[0], ["kind", "frame", "time_s", "side", "value", "detail"]);
    for kind in ["segment", "rtt", "window", "mark"] {
        assert!(r.iter().any(|x| x[0] == kind), "no {kind} row");
    }
    assert!(r.iter().any(|x| x[0] == "mark" && x[1] == "20" && x[5] == "retransmission"), "{r:?}");
}

#[test]
fn wrong_plot_arguments_say_what_is_wrong() {
    let out = postscope(&["--io-graph", "20s", &fixture("smtp-auth-login.pcap")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("from 1ms to 10s"));
    let out = postscope(&["--tcp-timing", "9", &fixture("smtp-auth-login.pcap")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("there is no conversation 9"), "{}", String::from_utf8_lossy(&out.stderr));
    let out = postscope(&["--stream", "0", &fixture("smtp-auth-login.pcap")]);
    assert_eq!(out.status.code(), Some(2));
}
