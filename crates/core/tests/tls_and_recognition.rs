//! Where TLS starts and what its hellos show, checked against tshark's
//! ClientHellos (section (d) of each corpus oracle); and protocol recognition
//! when the port says nothing.

mod common;

use postscope_core::model::{Item, LineKind, Protocol, Recognition, TlsKind};

/// (frame, tcp.stream, server name) of every ClientHello tshark found.
fn oracle_hellos(capture: &std::path::Path) -> Vec<(u32, u32, String)> {
    let oracle = std::fs::read_to_string(format!("{}.oracle.txt", capture.display())).unwrap_or_default();
    let Some(start) = oracle.find("## (d)") else {
        return Vec::new();
    };
    oracle[start..]
        .lines()
        .skip(1)
        .take_while(|l| !l.starts_with("## "))
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            Some((f.first()?.parse().ok()?, f.get(1)?.parse().ok()?, f.get(3).unwrap_or(&"").to_string()))
        })
        .collect()
}

#[test]
fn every_client_hello_tshark_finds_is_found_with_its_server_name() {
    let mut hellos = 0;
    let Some(files) = common::corpus() else {
        return;
    };
    for f in files {
        let expected = oracle_hellos(&f);
        if expected.is_empty() {
            continue;
        }
        let a = common::analyze_file(&f);
        for (frame, stream, sni) in expected {
            hellos += 1;
            let s = a.streams.iter().find(|s| s.stream == stream).unwrap_or_else(|| panic!("{}: no stream {stream}", common::short(&f)));
            let hello = s.items.iter().find_map(|i| match i {
                Item::Tls(t) if t.kind == TlsKind::ClientHello && t.frame == frame => Some(t),
                _ => None,
            });
            let hello = hello.unwrap_or_else(|| panic!("{}: no ClientHello at frame {frame} (stream {stream})", common::short(&f)));
            if !sni.is_empty() {
                assert!(common::said(&a, hello).contains(&format!("\"{sni}\"")), "{}: {}", common::short(&f), common::said(&a, hello));
            }
            assert!(common::said(&a, hello).contains("versions offered"), "{}", common::said(&a, hello));
            let from = s.tls_from_frame.unwrap_or_else(|| panic!("{}: stream {stream} not marked encrypted", common::short(&f)));
            assert!(from <= frame, "{}: encrypted from {from}, after the ClientHello at {frame}", common::short(&f));
            // Nothing after the start of TLS in the client's direction is read as mail lines.
            let after =
                s.items.iter().any(|i| matches!(i, Item::Line(l) if l.dir == hello.dir && l.frame > frame && l.kind != LineKind::Other));
            assert!(!after, "{}: client lines after TLS started", common::short(&f));
        }
    }
    assert!(hellos >= 20, "only {hellos} ClientHellos in the oracles");
}

/// Wireshark dissects this implicit-TLS session on 587 as SMTP garbage and finds no TLS.
#[test]
fn implicit_tls_on_587_is_tls_not_smtp_garbage_unlike_wireshark() {
    let Some(a) = common::corpus_analysis("kung-foo__certgrep/sess_smtps.pcapng") else {
        return;
    };
    let s = &a.streams[0];
    assert_eq!(s.tls_from_frame, Some(4));
    assert!(s.items.iter().all(|i| !matches!(i, Item::Line(_))), "no SMTP line at all");
    let tls: Vec<_> = s.items.iter().filter_map(|i| if let Item::Tls(t) = i { Some(t) } else { None }).collect();
    assert_eq!(tls[0].kind, TlsKind::ClientHello);
    let hello = common::said(&a, tls[0]);
    assert!(hello.contains("Implicit TLS") && hello.contains("port 587"), "{hello}");
    let server_hello = tls.iter().find(|t| t.kind == TlsKind::ServerHello).unwrap();
    let said = common::said(&a, *server_hello);
    assert!(said.contains("TLS 1.0 with TLS_RSA_WITH_RC4_128_MD5"), "{said}");
    let data = tls.iter().find(|t| t.kind == TlsKind::ApplicationData).unwrap();
    let said = common::said(&a, *data);
    assert!(said.contains("Encrypted application data") && said.contains("What a student can still learn"), "{said}");
}

#[test]
fn tls_fixtures_are_encrypted_from_the_right_frame() {
    // (fixture, frame of the ClientHello, per tshark -Y tls.handshake.type==1)
    for (file, frame) in [
        ("smtp-starttls-587.pcap", 11),
        ("smtps-465.pcap", 4),
        ("pop3-stls.pcap", 12),
        ("pop3s-995.pcap", 4),
        ("imap-starttls.pcap", 12),
        ("imaps-993.pcap", 4),
    ] {
        let a = common::analyze_file(&common::fixtures_dir().join(file));
        let s = &a.streams[0];
        assert_eq!(s.tls_from_frame, Some(frame), "{file}");
        let hello =
            s.items.iter().find_map(|i| if let Item::Tls(t) = i { (t.kind == TlsKind::ClientHello).then_some(t) } else { None }).unwrap();
        assert_eq!(hello.frame, frame, "{file}");
        let chosen =
            s.items.iter().find_map(|i| if let Item::Tls(t) = i { (t.kind == TlsKind::ServerHello).then_some(t) } else { None }).unwrap();
        let said = common::said(&a, chosen);
        assert!(said.contains("TLS 1.3 with TLS_"), "{file}: {said}");
        // TLS 1.3 encrypts the rest of the handshake: each side's first flight is said to be that.
        let hs13: Vec<_> = s
            .items
            .iter()
            .filter_map(|i| if let Item::Tls(t) = i { (t.explain.key() == Some("tls.handshake13")).then_some(t.dir) } else { None })
            .collect();
        assert_eq!(hs13.len(), 2, "{file}: {hs13:?}");
        assert_ne!(hs13[0], hs13[1], "{file}");
        assert_eq!(a.credentials().count(), 0, "{file}: the login is inside TLS");
    }
}

/// Wireshark does not recognise SMTP on 1025 without Decode As.
#[test]
fn smtp_on_port_1025_is_recognised_by_its_greeting() {
    let a = common::analyze_file(&common::fixtures_dir().join("smtp-port-1025.pcap"));
    let s = &a.streams[0];
    assert_eq!(s.protocol, Protocol::Smtp);
    // Recognised from its first bytes (the greeting), not from a port.
    assert_eq!(s.recognised_by, Recognition::Content { protocol: Protocol::Smtp });
    assert!(s.recognised_by.to_string().starts_with("content"), "{}", s.recognised_by);
    let plain = common::analyze_file(&common::fixtures_dir().join("smtp-port-1025.pcap"));
    let forced = common::analyze_file_with(&common::fixtures_dir().join("smtp-port-1025.pcap"), common::decode_as(1025, Protocol::Smtp));
    let texts = |a: &postscope_core::Analysis| a.lines().map(|l| (l.frame, l.text.clone(), common::said(a, l))).collect::<Vec<_>>();
    assert_eq!(texts(&plain), texts(&forced), "recognised by content, it reads exactly as with --decode-as");
    assert_eq!(forced.streams[0].recognised_by, Recognition::DecodeAs { port: 1025 });
    assert_eq!(forced.streams[0].recognised_by.to_string(), "decode-as port 1025");
}

/// Mail inside a tunnel: Wireshark gets the roles of the CONNECT capture wrong.
#[test]
fn smtp_inside_socks5_and_http_connect_tunnels() {
    for (file, tunnel) in [("zeek__zeek/connect-with-smtp.pcap", "HTTP CONNECT"), ("arkime__arkime/socks5-smtp-503.pcap", "SOCKS5")] {
        let Some(a) = common::corpus_analysis(file) else {
            return;
        };
        let s = &a.streams[0];
        assert_eq!(s.protocol, Protocol::Smtp, "{file}");
        assert!(matches!(s.recognised_by, Recognition::Tunnel { protocol: Protocol::Smtp, .. }), "{file}: {}", s.recognised_by);
        assert!(s.recognised_by.to_string().contains(tunnel), "{file}: {}", s.recognised_by);
        let greeting = a.lines().find(|l| l.kind == LineKind::Reply).unwrap();
        assert_eq!((greeting.dir, greeting.verb.as_deref()), (postscope_core::model::Dir::Server, Some("220")), "{file}");
        assert!(common::said(&a, greeting).contains("greeting"), "{file}");
    }
}

/// A decode-as choice can also turn a mail port off, or read a port as another protocol.
#[test]
fn decode_as_overrides_the_port() {
    let f = common::fixtures_dir().join("pop3-session.pcap");
    let a = common::analyze_file_with(&f, common::decode_as(110, Protocol::Unknown));
    assert_eq!(a.streams[0].protocol, Protocol::Unknown);
    assert_eq!(a.lines().count(), 0);
}
