"""The TLS recordings with key logs (tests/fixtures/tls/): what each one is,
which client made it and what crossed the wire inside TLS. The single source
of tests/fixtures/tls/manifest.json and the notes NAME.md, written by
record_tls.py.
"""

ALICE = ("alice@lab.example", "wonderland")
BOB = ("bob@lab.example", "hunter2")

# Mails put in the mailboxes (through port 25, not recorded) before the POP3
# and IMAP sessions, so RETR 1 and FETCH 1 read them.
SEED = {
    "alice": "Welcome to the IMAP over TLS lab",
    "bob": "Welcome to the POP3 over TLS lab",
}

PORTS = {"smtp-starttls": 587, "smtps": 465, "imap-starttls": 143, "imaps": 993, "pop3-stls": 110, "pop3s": 995}
PROTOCOL = {"smtp-starttls": "smtp", "smtps": "smtp", "imap-starttls": "imap", "imaps": "imap", "pop3-stls": "pop3", "pop3s": "pop3"}

SUITES = {
    # OpenSSL name -> IANA number and name
    "ECDHE-RSA-AES128-GCM-SHA256": (0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
    "ECDHE-RSA-AES256-GCM-SHA384": (0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
    "ECDHE-RSA-CHACHA20-POLY1305": (0xCCA8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
    "ECDHE-RSA-AES128-SHA": (0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"),
    "ECDHE-RSA-AES256-SHA384": (0xC028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"),
    "TLS_AES_128_GCM_SHA256": (0x1301, "TLS_AES_128_GCM_SHA256"),
    "TLS_AES_256_GCM_SHA384": (0x1302, "TLS_AES_256_GCM_SHA384"),
    "TLS_CHACHA20_POLY1305_SHA256": (0x1303, "TLS_CHACHA20_POLY1305_SHA256"),
}


def rec(name, kind, tls, cipher, client="python", title="", extra=None, connections=1, groups=None, priority=None):
    proto = PROTOCOL[kind]
    if proto == "smtp":
        user, password = ALICE
        credentials = [{"protocol": "smtp", "mechanism": "PLAIN", "username": user, "password": password}] * connections
        messages = [{"protocol": "smtp", "via": "DATA", "subject": f"TLS lab: {name}"}] * connections
    elif proto == "imap":
        credentials = [{"protocol": "imap", "mechanism": "LOGIN", "username": "alice", "password": ALICE[1]}] * connections
        messages = [{"protocol": "imap", "via": "FETCH", "subject": SEED["alice"]}] * connections
    else:
        credentials = [{"protocol": "pop3", "mechanism": "USER", "username": "bob", "password": BOB[1]}]
        messages = [{"protocol": "pop3", "via": "RETR", "subject": SEED["bob"]}]
    number, iana = SUITES[cipher]
    return {
        "file": f"{name}.pcap",
        "keys": f"{name}.keys",
        "title": title,
        "kind": kind,
        "protocol": proto,
        "port": PORTS[kind],
        "tls": "starttls" if kind in ("smtp-starttls", "imap-starttls", "pop3-stls") else "implicit",
        "tls_version": tls,
        "cipher_suite": iana,
        "cipher_suite_id": number,
        "openssl_cipher": cipher,
        "client": client,
        "groups": groups,
        "gnutls_priority": priority,
        "tcp_streams": connections,
        "extra": extra or [],
        "credentials": credentials,
        "messages": messages,
    }


RECORDINGS = [
    # TLS 1.3
    rec("smtp-starttls-tls13-aes128gcm", "smtp-starttls", "1.3", "TLS_AES_128_GCM_SHA256",
        title="SMTP submission (587) with STARTTLS, TLS 1.3 AES-128-GCM, AUTH PLAIN and a message"),
    rec("smtps-tls13-chacha20", "smtps", "1.3", "TLS_CHACHA20_POLY1305_SHA256",
        title="SMTPS (465), TLS 1.3 ChaCha20-Poly1305, AUTH PLAIN and a message"),
    rec("imaps-tls13-aes256gcm", "imaps", "1.3", "TLS_AES_256_GCM_SHA384",
        title="IMAPS (993), TLS 1.3 AES-256-GCM, LOGIN and FETCH"),
    rec("imap-starttls-tls13-chacha20", "imap-starttls", "1.3", "TLS_CHACHA20_POLY1305_SHA256",
        title="IMAP (143) with STARTTLS, TLS 1.3 ChaCha20-Poly1305, LOGIN and FETCH"),
    rec("pop3s-tls13-aes128gcm", "pop3s", "1.3", "TLS_AES_128_GCM_SHA256",
        title="POP3S (995), TLS 1.3 AES-128-GCM, USER/PASS and RETR"),
    rec("pop3-stls-tls13-aes256gcm", "pop3-stls", "1.3", "TLS_AES_256_GCM_SHA384",
        title="POP3 (110) with STLS, TLS 1.3 AES-256-GCM, USER/PASS and RETR"),
    # TLS 1.2
    rec("smtp-starttls-tls12-chacha20", "smtp-starttls", "1.2", "ECDHE-RSA-CHACHA20-POLY1305",
        title="SMTP submission (587) with STARTTLS, TLS 1.2 ECDHE-RSA ChaCha20-Poly1305, AUTH PLAIN and a message"),
    rec("smtps-tls12-aes256gcm", "smtps", "1.2", "ECDHE-RSA-AES256-GCM-SHA384", client="curl",
        title="SMTPS (465) by curl, TLS 1.2 ECDHE-RSA AES-256-GCM (SHA-384 PRF), AUTH PLAIN and a message"),
    rec("imaps-tls12-aes128gcm", "imaps", "1.2", "ECDHE-RSA-AES128-GCM-SHA256",
        title="IMAPS (993), TLS 1.2 ECDHE-RSA AES-128-GCM, LOGIN and FETCH"),
    rec("imap-starttls-tls12-aes256gcm", "imap-starttls", "1.2", "ECDHE-RSA-AES256-GCM-SHA384",
        title="IMAP (143) with STARTTLS, TLS 1.2 ECDHE-RSA AES-256-GCM, LOGIN and FETCH"),
    rec("pop3s-tls12-chacha20", "pop3s", "1.2", "ECDHE-RSA-CHACHA20-POLY1305",
        title="POP3S (995), TLS 1.2 ECDHE-RSA ChaCha20-Poly1305, USER/PASS and RETR"),
    rec("pop3-stls-tls12-aes128gcm", "pop3-stls", "1.2", "ECDHE-RSA-AES128-GCM-SHA256",
        title="POP3 (110) with STLS, TLS 1.2 ECDHE-RSA AES-128-GCM, USER/PASS and RETR"),
    # TLS 1.2 CBC
    rec("smtp-starttls-tls12-aes128cbc-sha", "smtp-starttls", "1.2", "ECDHE-RSA-AES128-SHA",
        title="SMTP submission (587) with STARTTLS, TLS 1.2 AES-128-CBC with HMAC-SHA1, encrypt-then-MAC",
        extra=["encrypt_then_mac"]),
    rec("imaps-tls12-aes256cbc-sha384", "imaps", "1.2", "ECDHE-RSA-AES256-SHA384",
        title="IMAPS (993), TLS 1.2 AES-256-CBC with HMAC-SHA384, MAC-then-encrypt (encrypt-then-MAC turned off)",
        extra=["no_encrypt_then_mac"]),
    # TLS 1.3 special cases
    rec("imaps-tls13-keyupdate", "imaps", "1.3", "TLS_AES_128_GCM_SHA256", client="openssl",
        title="IMAPS (993) by openssl s_client, TLS 1.3, with KeyUpdate: 'K' (both sides update) and then 'k' (the client only)",
        extra=["key_update"]),
    rec("smtps-tls13-resumed", "smtps", "1.3", "TLS_AES_128_GCM_SHA256", connections=2,
        title="SMTPS (465), TLS 1.3, two connections: the second resumes the first's session with its ticket (PSK)",
        extra=["resumed"]),
    # GnuTLS (gnutls-cli, SSLKEYLOGFILE) instead of OpenSSL
    rec("imaps-tls13-gnutls-chacha20", "imaps", "1.3", "TLS_CHACHA20_POLY1305_SHA256", client="gnutls",
        priority="NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+CHACHA20-POLY1305",
        title="IMAPS (993) by gnutls-cli, TLS 1.3 ChaCha20-Poly1305, LOGIN and FETCH"),
    rec("pop3s-tls12-gnutls-aes128cbc-sha", "pop3s", "1.2", "ECDHE-RSA-AES128-SHA", client="gnutls",
        priority="NORMAL:-VERS-ALL:+VERS-TLS1.2:-CIPHER-ALL:+AES-128-CBC:-MAC-ALL:+SHA1:%NO_ETM",
        title="POP3S (995) by gnutls-cli, TLS 1.2 AES-128-CBC with HMAC-SHA1, MAC-then-encrypt (%NO_ETM), USER/PASS and RETR",
        extra=["no_encrypt_then_mac"]),
    rec("smtps-tls12-resumed", "smtps", "1.2", "ECDHE-RSA-AES128-GCM-SHA256", connections=2,
        title="SMTPS (465), TLS 1.2, two connections: the second resumes the first's session (abbreviated handshake, its own client random)",
        extra=["resumed"]),
    rec("smtps-tls13-hrr", "smtps", "1.3", "TLS_AES_256_GCM_SHA384", groups="ffdhe2048:X25519",
        title="SMTPS (465), TLS 1.3 after a HelloRetryRequest (the client's one key share is for ffdhe2048, which Postfix does not take; it asks for X25519)",
        extra=["hello_retry_request"]),
]

# The same keys injected into a pcapng as a decryption secrets block
# (editcap --inject-secrets tls,KEYS).
DSB = {"file": "pop3s-tls13-aes128gcm-dsb.pcapng", "from": "pop3s-tls13-aes128gcm"}
