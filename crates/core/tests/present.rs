//! Presentation mode's steps and hidden secrets, on the lab's recordings.

mod common;

use postscope_core::explain::{self, Context, Locale};
use postscope_core::model::{Analysis, Item, LineKind, TcpKind};
use postscope_core::phases::PhaseKind;
use postscope_core::present::{steps, Secrets, MASK};
use postscope_core::{analyze, Options};

fn fixture(name: &str) -> Analysis {
    analyze(&std::fs::read(common::root().join("tests/fixtures").join(name)).unwrap(), Options::default())
}

/// Everything presentation mode can put on screen for a stream, masked.
fn on_screen(a: &Analysis, secrets: &Secrets) -> String {
    let s = &a.streams[0];
    let cx = Context::of(s);
    let mut out = String::new();
    for i in &s.items {
        out.push_str(&secrets.mask(&explain::render(i.explain(), &cx, Locale::En)));
        match i {
            Item::Line(l) => {
                out.push_str(&secrets.mask(&l.text));
                out.push_str(&secrets.mask(l.decoded.as_deref().unwrap_or("")));
            }
            Item::Credential(c) => {
                out.push_str(&secrets.mask(c.username.as_deref().unwrap_or("")));
                out.push_str(&secrets.mask(c.password.as_deref().unwrap_or("")));
                out.push_str(&secrets.mask(c.secret.as_deref().unwrap_or("")));
            }
            _ => {}
        }
        out.push('\n');
    }
    out
}

/// The credentials the lab recorded in a fixture (tests/fixtures/fixtures.json).
fn lab_credentials(name: &str) -> Vec<(String, String, String)> {
    let all: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(common::root().join("tests/fixtures/fixtures.json")).unwrap()).unwrap();
    let f = all.as_array().unwrap().iter().find(|f| f["file"] == name).unwrap();
    f["credentials"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["mechanism"].as_str().unwrap().into(), c["username"].as_str().unwrap().into(), c["password"].as_str().unwrap().into()))
        .collect()
}

#[test]
fn no_password_survives_masking() {
    use base64::Engine;
    let b64 = |s: &[u8]| base64::engine::general_purpose::STANDARD.encode(s);
    for name in ["smtp-auth-plain.pcap", "smtp-auth-login.pcap", "pop3-session.pcap", "imap-session.pcap", "pop3-failed-login.pcap"] {
        let (mechanism, user, password) = lab_credentials(name).remove(0);
        // Where the password crosses: RFC 4616 §2 (PLAIN: authzid NUL authcid NUL passwd, in Base64 per
        // RFC 4954 §4), LOGIN's second Base64 answer, POP3 PASS (RFC 1939 §7), IMAP LOGIN (RFC 9051 §6.2.3).
        let carried = match mechanism.as_str() {
            "PLAIN" => Some(b64(format!("\0{user}\0{password}").as_bytes())),
            "LOGIN" if name.starts_with("smtp") => Some(b64(password.as_bytes())),
            _ => None,
        };
        let a = fixture(name);
        let secrets = Secrets::of(&a.streams[0]);
        // The capture does show it (else the test proves nothing).
        let shown = on_screen(&a, &Secrets::default());
        assert!(shown.contains(&password), "{name}: the password is not on screen even unmasked");
        let masked = on_screen(&a, &secrets);
        assert!(!masked.contains(&password), "{name}: {password} still shown:\n{masked}");
        assert!(masked.contains(MASK), "{name}");
        if let Some(b) = carried {
            assert!(shown.contains(&b) && !masked.contains(&b), "{name}: the Base64 {b} of the password");
        }
        // The username stays: a class may see who logged in.
        assert!(masked.contains(user.split('@').next().unwrap()), "{name}");
    }
}

#[test]
fn steps_follow_the_dialogue() {
    let a = fixture("smtp-auth-plain.pcap");
    let s = &a.streams[0];
    let st = steps(s);
    // The TCP handshake (RFC 9293 §3.5) is the first step, the teardown (§3.6) the last.
    assert_eq!(st[0].phase, PhaseKind::Handshake);
    assert!(s.items[st[0].first..=st[0].last].iter().all(|i| matches!(i, Item::Tcp(_))));
    let last = st.last().unwrap();
    assert!(s.items[last.first..=last.last].iter().all(|i| matches!(i, Item::Tcp(_))), "the teardown is a step of its own");
    assert!(s.items[last.first..=last.last].iter().any(|i| matches!(i, Item::Tcp(t) if t.event == TcpKind::Fin)));
    // The message (RFC 5321 §4.1.1.4: the lines after 354) is a step of its own.
    let message = st.iter().find(|x| matches!(&s.items[x.first], Item::Line(l) if l.kind == LineKind::Content)).expect("a message step");
    assert!(matches!(&s.items[message.first - 1], Item::Line(l) if l.verb.as_deref() == Some("354")));
    // The server speaks first (RFC 5321 §3.1): the greeting is step two.
    assert_eq!(st[1].phase, PhaseKind::Greeting);
    // Every command begins a step, and every item is in exactly one step, in order.
    let mut next = 0;
    for step in &st {
        assert_eq!(step.first, next);
        assert!(step.last >= step.first);
        next = step.last + 1;
    }
    assert_eq!(next, s.items.len());
    for (i, item) in s.items.iter().enumerate() {
        if let Item::Line(l) = item {
            if l.kind == LineKind::Command {
                assert!(st.iter().any(|x| x.first == i), "command {:?} does not start a step", l.text);
            }
        }
    }
    // The AUTH command and its 235 reply are one step (RFC 4954 §6: 235 ends the exchange).
    let auth = st.iter().find(|x| matches!(&s.items[x.first], Item::Line(l) if l.verb.as_deref() == Some("AUTH"))).unwrap();
    assert!(s.items[auth.first..=auth.last].iter().any(|i| matches!(i, Item::Line(l) if l.verb.as_deref() == Some("235"))));
}
