//! The conversation list: what it says happened in each conversation agrees
//! with what the lab recorded (tests/fixtures/fixtures.json), the filter
//! finds conversations by protocol, address, port and login, and the table
//! renders each address as host and port.
#![cfg(not(target_arch = "wasm32"))]

use postscope_core::model::Analysis;
use postscope_web::components::stream_list::{matches, Happened, Props, Row, StreamList};
use postscope_web::state::Shared;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use yew::Callback;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn analyse(file: &str) -> Analysis {
    postscope_core::analyze(&std::fs::read(fixtures().join(file)).unwrap(), Default::default())
}

/// As the app shows a fixture after the user's "decode as" choice that fixtures.json
/// names (`decode_as`: ports no reader recognises by itself, e.g. LMTP on port 24).
fn analyse_as_recorded(entry: &serde_json::Value) -> Analysis {
    let mut options = postscope_core::Options::default();
    for (port, proto) in entry["decode_as"].as_object().unwrap() {
        let p = postscope_core::protocols::by_name(proto.as_str().unwrap()).unwrap();
        options.decode_as.push((port.parse().unwrap(), p));
    }
    postscope_core::analyze(&std::fs::read(fixtures().join(entry["file"].as_str().unwrap())).unwrap(), options)
}

#[test]
fn what_happened_agrees_with_the_lab_record() {
    let index: serde_json::Value = serde_json::from_slice(&std::fs::read(fixtures().join("fixtures.json")).unwrap()).unwrap();
    let entries = index.as_array().unwrap();
    assert!(entries.len() >= 25);
    for f in entries {
        let file = f["file"].as_str().unwrap();
        let a = analyse_as_recorded(f);
        let all: Vec<Happened> = a.streams.iter().map(Happened::of).collect();
        let clear = |key: &str| f[key].as_array().unwrap().iter().filter(|x| x["encrypted"] == false).cloned().collect::<Vec<_>>();
        let messages: usize = all.iter().map(|h| h.messages).sum();
        assert_eq!(messages, clear("messages").len(), "{file}: messages");
        let attachments: usize = all.iter().map(|h| h.attachments).sum();
        let recorded: usize = clear("messages").iter().map(|m| m["attachments"].as_array().unwrap().len()).sum();
        assert_eq!(attachments, recorded, "{file}: attachments");
        let logins: Vec<&String> = all.iter().flat_map(|h| &h.logins).collect();
        for c in clear("credentials") {
            let user = c["username"].as_str().unwrap();
            assert!(logins.iter().any(|l| *l == user), "{file}: login {user} not in {logins:?}");
        }
        assert_eq!(all.iter().any(|h| h.tls_from.is_some()), !f["tls"].is_null(), "{file}: TLS");
        if f.get("snaplen").is_some() {
            // recorded with a short snaplen on purpose (smtp-snaplen-120): the list must say bytes are missing
            assert!(all.iter().any(|h| h.missing_bytes > 0), "{file}: cut at snaplen {}, but nothing is missing", f["snaplen"]);
        } else {
            assert!(all.iter().all(|h| h.missing_bytes == 0), "{file}: the lab's captures lose nothing");
        }
    }
}

#[test]
fn phrases_name_the_login_the_messages_and_tls() {
    let a = analyse("smtp-starttls-587.pcap");
    let h = Happened::of(&a.streams[0]);
    let phrases: Vec<String> = h.phrases().into_iter().map(|(_, p)| p).collect();
    // The login and the message went inside TLS: only TLS can be said, and
    // that the client aborted the connection (as every lab TLS client does).
    assert_eq!(phrases.len(), 2, "{phrases:?}");
    assert!(phrases[0].starts_with("TLS from frame "), "{phrases:?}");
    assert_eq!(phrases[1], "ended by RST");

    let a = analyse("smtp-auth-login.pcap");
    let phrases: Vec<String> = Happened::of(&a.streams[0]).phrases().into_iter().map(|(_, p)| p).collect();
    assert_eq!(phrases, ["login alice@lab.example", "1 message"]);

    let a = analyse("smtp-multipart-attachment.pcap");
    let phrases: Vec<String> = Happened::of(&a.streams[0]).phrases().into_iter().map(|(_, p)| p).collect();
    assert_eq!(phrases, ["1 message, 2 attachments"]); // lab-schedule.txt and stamp.png (fixtures.json)

    let a = analyse("imap-failed-login.pcap");
    let h = Happened::of(&a.streams[0]);
    assert_eq!((h.credentials, h.refused), (1, 1));
    assert_eq!(h.phrases()[0], ("chip-login chip-refused", "login alice · refused".to_string()));
}

#[test]
fn the_filter_finds_conversations_by_protocol_address_port_and_login() {
    let a = analyse("multi-client.pcap");
    let found = |filter: &str| -> Vec<String> {
        a.streams.iter().filter(|s| matches(filter, &Row::of(s))).map(|s| s.protocol.name().to_string()).collect()
    };
    assert_eq!(found("").len(), 3);
    assert_eq!(found("pop3"), ["pop3"]);
    assert_eq!(found("IMAP"), ["imap"]);
    assert_eq!(found(":143"), ["imap"]);
    let mut bob = found("login bob");
    bob.sort();
    assert_eq!(bob, ["pop3", "smtp"]);
    assert_eq!(found("smtp message"), ["smtp"]);
    assert!(found("nothing-like-this").is_empty());
}

#[tokio::test]
async fn rows_show_hosts_and_ports_apart_and_what_happened() {
    let html = yew::ServerRenderer::<StreamList>::with_props(|| Props {
        analysis: Shared(Rc::new(analyse("smtp-auth-login.pcap"))),
        selected: Some(0),
        on_select: Callback::noop(),
        happened: None,
        range: None,
    })
    .render()
    .await;
    assert!(html.contains(r#"<span class="host">127.0.0.1</span><span class="port">:587</span>"#), "{html}");
    assert!(html.contains(r#"<span class="chip chip-login">login alice@lab.example</span>"#), "{html}");
    assert!(html.contains(r#"<span class="chip chip-mail">1 message</span>"#), "{html}");
    assert!(html.contains(r#"class="stream-row selected""#), "{html}");
}
