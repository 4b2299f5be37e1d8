use super::*;

#[test]
fn message_scan_finds_messages_split_anyhow() {
    // EncryptedExtensions (2 bytes), Finished (3 bytes), KeyUpdate (1 byte)
    let msgs = [8, 0, 0, 2, 0, 0, 20, 0, 0, 3, 1, 2, 3, 24, 0, 0, 1, 0];
    for cut in 0..msgs.len() {
        let mut scan = MessageScan::default();
        let mut ended = scan.feed(&msgs[..cut]);
        ended.extend(scan.feed(&msgs[cut..]));
        assert_eq!(ended, vec![8, 20, 24], "cut at {cut}");
    }
    let mut scan = MessageScan::default();
    assert_eq!(scan.feed(&[4, 0, 0, 0, 11, 0xff]), vec![4]);
    assert_eq!(scan.remaining, 0);
    assert_eq!(scan.header, vec![11, 0xff]);
}

fn key_log_for(random: &[u8; 32]) -> KeyLog {
    let r: String = random.iter().map(|b| format!("{b:02x}")).collect();
    let mut text = format!("CLIENT_RANDOM {r} {}\n", "11".repeat(48));
    for (label, byte) in [
        ("CLIENT_HANDSHAKE_TRAFFIC_SECRET", "22"),
        ("SERVER_HANDSHAKE_TRAFFIC_SECRET", "33"),
        ("CLIENT_TRAFFIC_SECRET_0", "44"),
        ("SERVER_TRAFFIC_SECRET_0", "55"),
    ] {
        // 32 bytes for the SHA-256 suites; the SHA-384 one gets its own random below
        let len = if random[0] == 0x38 { 48 } else { 32 };
        text.push_str(&format!("{label} {r} {}\n", byte.repeat(len)));
    }
    KeyLog::parse(text.as_bytes())
}

/// Whatever the records hold, the decryptor answers without panicking, and
/// random bytes never pass for a record.
#[test]
fn random_records_of_every_length_fail_without_panic_for_every_suite() {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state as u8
    };
    let ids = [0x1301u16, 0x1302, 0x1303, 0xC02F, 0xC030, 0xCCA8, 0xC013, 0xC014, 0xC027, 0xC028, 0x002F, 0x003D];
    for id in ids {
        for etm in [false, true] {
            let s = suite(id).unwrap();
            let random = [if s.hash == Hash::Sha384 && s.tls13 { 0x38 } else { 0x01 }; 32];
            let keys = key_log_for(&random);
            let hello =
                ServerHello { random: [9; 32], version: if s.tls13 { 0x0304 } else { 0x0303 }, cipher_suite: id, encrypt_then_mac: etm };
            for len in (0..300).chain([16_383, 16_384, 16_640, 18_000]) {
                let mut d = Decryptor::new(&random, &hello, &keys).unwrap();
                // TLS 1.2: into the encrypted state first.
                d.decrypt(Dir::Client, CHANGE_CIPHER_SPEC, &[1]).unwrap();
                let body: Vec<u8> = (0..len).map(|_| next()).collect();
                for ct in [HANDSHAKE, APPLICATION_DATA, ALERT] {
                    match d.decrypt(Dir::Client, ct, &body) {
                        Ok(p) => assert!(!p.encrypted || s.tls13 && ct != APPLICATION_DATA, "{id:#x} {len}: {p:?}"),
                        Err(Failure::TooShort { .. } | Failure::BadTag { .. } | Failure::BadPadding { .. } | Failure::Stopped(_)) => {}
                        Err(f) => panic!("{id:#x} {len}: {f:?}"),
                    }
                }
            }
        }
    }
}

#[test]
fn setup_refuses_what_it_cannot_decrypt() {
    let random = [1; 32];
    let keys = key_log_for(&random);
    let hello = |version, cipher_suite| ServerHello { random: [9; 32], version, cipher_suite, encrypt_then_mac: false };
    assert_eq!(Decryptor::new(&random, &hello(0x0303, 0x0005), &keys).err(), Some(Failure::UnsupportedSuite(0x0005)));
    assert_eq!(Decryptor::new(&random, &hello(0x0302, 0xC013), &keys).err(), Some(Failure::UnsupportedVersion(0x0302)));
    // a TLS 1.3 suite in a TLS 1.2 hello, and the other way round
    assert_eq!(Decryptor::new(&random, &hello(0x0303, 0x1301), &keys).err(), Some(Failure::UnsupportedSuite(0x1301)));
    assert_eq!(Decryptor::new(&random, &hello(0x0304, 0xC02F), &keys).err(), Some(Failure::UnsupportedSuite(0xC02F)));
    assert_eq!(Decryptor::new(&[2; 32], &hello(0x0304, 0x1301), &keys).err(), Some(Failure::NoKeyMatches { client_random: [2; 32] }));
    // TLS 1.2 for a random that has only TLS 1.3 secrets
    let only13 = KeyLog::parse(format!("CLIENT_TRAFFIC_SECRET_0 {} {}\n", "03".repeat(32), "44".repeat(32)).as_bytes());
    assert_eq!(Decryptor::new(&[3; 32], &hello(0x0303, 0xC02F), &only13).err(), Some(Failure::MissingSecret(Label::ClientRandom)));
    // SHA-384 suite with 32-byte secrets: both directions say so
    let mut d = Decryptor::new(&random, &hello(0x0304, 0x1302), &keys).unwrap();
    let want = Failure::SecretLength { label: Label::ClientHandshakeTrafficSecret, bytes: 32, expected: 48 };
    assert_eq!(d.decrypt(Dir::Client, APPLICATION_DATA, &[0; 40]), Err(Failure::Stopped(Box::new(want))));
    // records in the clear pass as they are
    let p = d.decrypt(Dir::Server, CHANGE_CIPHER_SPEC, &[1]).unwrap();
    assert_eq!((p.encrypted, p.content_type, p.bytes), (false, CHANGE_CIPHER_SPEC, vec![1]));
}

#[test]
fn hellos_are_read_and_a_retry_request_is_recognised() {
    // ClientHello header + version + random
    let mut ch = vec![1, 0, 0, 40, 3, 3];
    ch.extend([7u8; 32]);
    assert_eq!(client_hello_random(&ch), Some([7; 32]));
    assert_eq!(client_hello_random(&ch[..37]), None);
    assert_eq!(client_hello_random(&[2, 0, 0, 0]), None);
    // ServerHello: TLS 1.3 via supported_versions, with encrypt_then_mac (not meaningful in 1.3, but read)
    let mut body = vec![3, 3];
    body.extend(HELLO_RETRY_REQUEST_RANDOM);
    body.push(0); // session id
    body.extend([0x13, 0x02, 0]); // suite, compression
    let exts = [0, 43, 0, 2, 3, 4, 0, 22, 0, 0];
    body.extend((exts.len() as u16).to_be_bytes());
    body.extend(exts);
    let mut sh = vec![2, 0, 0, body.len() as u8];
    sh.extend(&body);
    let hello = ServerHello::parse(&sh).unwrap();
    assert_eq!(hello, ServerHello { random: HELLO_RETRY_REQUEST_RANDOM, version: 0x0304, cipher_suite: 0x1302, encrypt_then_mac: true });
    assert!(hello.is_retry_request());
    for cut in 0..sh.len() {
        assert_eq!(ServerHello::parse(&sh[..cut]), None, "cut at {cut}");
    }
    // A session passes over the retry request and waits for the real ServerHello.
    let mut session = Session::new();
    let keys = key_log_for(&[7; 32]);
    session.record(Dir::Client, HANDSHAKE, &ch, &keys).unwrap();
    session.record(Dir::Server, HANDSHAKE, &sh, &keys).unwrap();
    assert!(session.decryptor().is_none() && session.setup_failure().is_none());
    assert_eq!(session.record(Dir::Server, APPLICATION_DATA, &[0; 30], &keys), Err(Failure::NoHellos));
}
