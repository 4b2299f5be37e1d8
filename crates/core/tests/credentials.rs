//! Credentials, checked against what the lab knows it typed
//! (tests/fixtures/fixtures.json) and against the corpus captures whose
//! credentials are known. Any difference fails: username, password (or the
//! digest that stands for it, recomputed from the known password), mechanism,
//! and whether the server accepted it.

mod common;

use postscope_core::model::{Analysis, Credential, Item, LineKind, Protocol};
use serde_json::Value;

/// The challenge or greeting timestamp a digest was computed over: the last
/// decoded server prompt (CRAM-MD5) or the greeting's `<...>` (APOP) before it.
fn digest_input(a: &Analysis, c: &Credential) -> Option<String> {
    let s = a.streams.iter().find(|s| s.stream == c.stream)?;
    let mut found = None;
    for item in &s.items {
        match item {
            Item::Credential(x) if std::ptr::eq(&**x, c) => break,
            Item::Line(l) if l.kind == LineKind::Reply && c.mechanism == "CRAM-MD5" => {
                if let Some(d) = l.decoded.as_ref().filter(|d| !d.is_empty()) {
                    found = Some(d.clone());
                }
            }
            Item::Line(l) if l.kind == LineKind::Reply && c.mechanism == "APOP" && found.is_none() => {
                if let (Some(a), Some(b)) = (l.text.find('<'), l.text.rfind('>')) {
                    found = Some(l.text[a..=b].to_string());
                }
            }
            _ => {}
        }
    }
    found
}

/// Checks one found credential against the password the lab used.
fn same_secret(a: &Analysis, c: &Credential, password: &str) -> Result<(), String> {
    match c.mechanism.as_str() {
        "CRAM-MD5" | "APOP" => {
            if c.password.is_some() {
                return Err(format!("{} must not claim to know the password", c.mechanism));
            }
            let input = digest_input(a, c).ok_or("no challenge before the answer")?;
            let expected = if c.mechanism == "APOP" {
                common::hex(&common::md5(format!("{input}{password}").as_bytes()))
            } else {
                common::hex(&common::hmac_md5(password.as_bytes(), input.as_bytes()))
            };
            match &c.secret {
                Some(s) if *s == expected => Ok(()),
                other => Err(format!("digest {other:?}, but {password:?} over {input:?} gives {expected}")),
            }
        }
        _ => match &c.password {
            Some(p) if p == password => Ok(()),
            other => Err(format!("password {other:?}, expected {password:?}")),
        },
    }
}

#[test]
fn every_fixture_credential_matches_what_the_lab_typed() {
    let list: Vec<Value> = serde_json::from_slice(&std::fs::read(common::fixtures_dir().join("fixtures.json")).unwrap()).unwrap();
    assert_eq!(list.len(), 48);
    let mut checked = 0;
    let mut problems = Vec::new();
    for fx in &list {
        let file = fx["file"].as_str().unwrap();
        let a = common::analyze_file(&common::fixtures_dir().join(file));
        let expected: Vec<&Value> = fx["credentials"].as_array().unwrap().iter().collect();
        let mut found: Vec<&Credential> = a.credentials().collect();
        for e in &expected {
            let proto = postscope_core::protocols::by_name(e["protocol"].as_str().unwrap()).unwrap();
            let (mech, user, pass) = (e["mechanism"].as_str().unwrap(), e["username"].as_str().unwrap(), e["password"].as_str().unwrap());
            let accepted = e["accepted"].as_bool();
            if e["encrypted"].as_bool() == Some(true) {
                // Inside TLS: nothing may be shown, and the stream must say it is encrypted.
                let stream = a.streams.iter().find(|s| s.protocol == proto || s.protocol == Protocol::Tls);
                if stream.and_then(|s| s.tls_from_frame).is_none() {
                    problems.push(format!("{file}: the {mech} login is encrypted, but no stream is marked TLS"));
                }
                checked += 1;
                continue;
            }
            let pos = found.iter().position(|c| c.protocol == proto && c.mechanism == mech && c.username.as_deref() == Some(user));
            let Some(pos) = pos else {
                problems.push(format!("{file}: {proto:?} {mech} {user} not found; found {found:?}"));
                continue;
            };
            let c = found.remove(pos);
            if let Err(e) = same_secret(&a, c, pass) {
                problems.push(format!("{file}: {user}: {e}"));
            }
            if c.accepted != accepted {
                problems.push(format!("{file}: {user}: accepted {:?}, expected {accepted:?}", c.accepted));
            }
            checked += 1;
        }
        for extra in found {
            problems.push(format!("{file}: a credential the lab did not use: {extra:?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let total: usize = list.iter().map(|f| f["credentials"].as_array().unwrap().len()).sum();
    assert_eq!(checked, total, "every credential of fixtures.json is checked");
    assert_eq!(total, 26);
}

struct Known {
    file: &'static str,
    mechanism: &'static str,
    username: &'static str,
    password: Option<&'static str>,
    accepted: Option<bool>,
}

const CORPUS: &[Known] = &[
    Known {
        file: "zeek__zeek/smtp.pcap",
        mechanism: "LOGIN",
        username: "gurpartap@patriots.in",
        password: Some("punjab@123"),
        accepted: Some(true),
    },
    Known {
        file: "arkime__arkime/smtp-data-250.pcap",
        mechanism: "PLAIN",
        username: "12345678@aol.com",
        password: Some("passwd"),
        accepted: Some(true),
    },
    Known {
        file: "arkime__arkime/smtp-data-521.pcap",
        mechanism: "PLAIN",
        username: "123456789@aol.com",
        password: Some("1234567"),
        accepted: Some(true),
    },
    Known {
        file: "zeek__zeek/pop3.pcap",
        mechanism: "PLAIN",
        username: "digitalinvestigator@networksims.com",
        password: Some("napier"),
        accepted: Some(false),
    },
    Known {
        file: "zeek__zeek/pop3.pcap",
        mechanism: "PLAIN",
        username: "digitalinvestigator@networksims.com",
        password: Some("napier123"),
        accepted: Some(true),
    },
    Known {
        file: "ntop__nDPI/pop3.pcap",
        mechanism: "PLAIN",
        username: "digitalinvestigator@networksims.com",
        password: Some("napier"),
        accepted: Some(false),
    },
    Known {
        file: "ntop__nDPI/pop3.pcap",
        mechanism: "USER",
        username: "cicciopernacchio@mail.com",
        password: Some("pippozzo"),
        accepted: Some(true),
    },
    // The PcapPlusPlus file is 7 packets cut from the same session as zeek's, with the Password: prompt lost.
    Known {
        file: "seladb__PcapPlusPlus/Smtp.pcap",
        mechanism: "LOGIN",
        username: "gurpartap@patriots.in",
        password: Some("punjab@123"),
        accepted: None,
    },
    Known {
        file: "OISF__suricata-verify/pop3-auth-01__input.pcap",
        mechanism: "XOAUTH2",
        username: "joe.speedboat",
        password: None,
        accepted: Some(true),
    },
    Known {
        file: "OISF__suricata-verify/smtp-bug-5989__input.pcap",
        mechanism: "LOGIN",
        username: "galunt",
        password: Some("V1v1tr0n"),
        accepted: None,
    },
];

#[test]
fn corpus_credentials_are_the_known_ones() {
    for k in CORPUS {
        let Some(a) = common::corpus_analysis(k.file) else {
            return;
        };
        let hit = a.credentials().find(|c| {
            c.mechanism == k.mechanism
                && c.username.as_deref() == Some(k.username)
                && c.password.as_deref() == k.password
                && c.accepted == k.accepted
        });
        assert!(
            hit.is_some(),
            "{}: no {} {} {:?} accepted={:?}; found {:?}",
            k.file,
            k.mechanism,
            k.username,
            k.password,
            k.accepted,
            a.credentials().collect::<Vec<_>>()
        );
    }
}

/// A brute-force run: 16 connections, 69 AUTH LOGIN attempts, all refused with 535.
#[test]
fn sixty_nine_refused_logins_in_the_brute_force_capture() {
    let Some(a) = common::corpus_analysis("rosetscmite__poc_tools/smtp.pcap") else {
        return;
    };
    let creds: Vec<_> = a.credentials().collect();
    assert_eq!(creds.len(), 69);
    assert!(creds.iter().all(|c| c.mechanism == "LOGIN" && c.accepted == Some(false) && c.password.is_some()), "{creds:?}");
    assert!(creds.iter().all(|c| c.username.as_deref() == Some("hong_xu")), "{creds:?}");
    let rejections = a.lines().filter(|l| l.verb.as_deref() == Some("535")).count();
    assert_eq!(rejections, 69);
}

/// NTLM over SMTP, IMAP and POP3: the AUTHENTICATE message's names, and no password.
#[test]
fn ntlm_shows_domain_user_and_workstation_but_no_password() {
    let Some(a) = common::corpus_analysis("arkime__arkime/ntlm_synthetic.pcap") else {
        return;
    };
    let creds: Vec<_> = a.credentials().collect();
    let users: Vec<_> = creds.iter().map(|c| (c.protocol, c.username.clone().unwrap_or_default())).collect();
    assert_eq!(
        users,
        vec![
            (Protocol::Smtp, "SMTPDOM\\jack".to_string()),
            (Protocol::Imap, "IMAPDOM\\kate".to_string()),
            (Protocol::Pop3, "POP3DOM\\liam".to_string())
        ]
    );
    for c in &creds {
        assert_eq!(c.mechanism, "NTLM");
        assert_eq!(c.password, None, "NTLM never sends the password");
        assert_eq!(c.secret.as_deref().map(str::len), Some(48), "the 24-byte response, in hex");
        assert_eq!(c.accepted, Some(true));
        let said = common::said(&a, *c);
        assert!(said.contains("challenge response, not the password"), "{said}");
    }
    let step3: Vec<_> = a.lines().filter(|l| l.explain.has("sasl.ntlm.authenticate")).collect();
    assert_eq!(step3.len(), 3);
    let said = common::said(&a, step3[0]);
    assert!(said.contains("NTLM step 3") && said.contains("user \"jack\""), "{said}");
    assert!(said.contains("workstation \""), "{said}");
}

/// Every Base64 line of a login shows its decoded text.
#[test]
fn every_sasl_line_shows_its_decoded_text() {
    let mut seen = 0;
    let Some(corpus) = common::corpus() else {
        return;
    };
    for f in common::fixtures().iter().chain(corpus.iter()) {
        let a = common::analyze_file(f);
        for l in a.lines().filter(|l| l.kind == LineKind::Sasl) {
            let base64 = postscope_core::mail::sasl::decode_b64(&l.text).is_some() && l.text.trim() != "*";
            if base64 {
                seen += 1;
                assert!(l.decoded.is_some(), "{}: frame {}: {:?} has no decoded text", common::short(f), l.frame, l.text);
            }
        }
    }
    assert!(seen > 150, "only {seen} Base64 SASL lines");
}

/// Wireshark strips the first and last character of an IMAP LOGIN password
/// and keeps a quoted username's quotes; Postscope shows both as typed.
#[test]
fn imap_login_strings_are_shown_as_typed_unlike_wireshark() {
    let a = common::analyze_file(&common::fixtures_dir().join("imap-session.pcap"));
    let c = a.credentials().next().unwrap();
    assert_eq!(c.username.as_deref(), Some("alice"));
    assert_eq!(c.password.as_deref(), Some("wonderland"), "not \"onderlan\" as Wireshark shows it");
    let Some(a) = common::corpus_analysis("ntop__nDPI/imap.pcap") else {
        return;
    };
    let c = a.credentials().next().unwrap();
    assert_eq!((c.username.as_deref(), c.password.as_deref()), (Some("samir"), Some("pfres")));
}

#[test]
fn md5_and_hmac_md5_match_their_rfc_examples() {
    assert_eq!(common::hex(&common::md5(b"")), "d41d8cd98f00b204e9800998ecf8427e");
    assert_eq!(common::hex(&common::md5(b"The quick brown fox jumps over the lazy dog")), "9e107d9d372bb6826bd81d3542a419d6");
    // RFC 2195 §2's example: user tim, password tanstaaftanstaaf.
    let challenge = b"<1896.697170952@postoffice.reston.mci.net>";
    assert_eq!(common::hex(&common::hmac_md5(b"tanstaaftanstaaf", challenge)), "b913a602c7eda7a495b4e6e7334d3890");
}
