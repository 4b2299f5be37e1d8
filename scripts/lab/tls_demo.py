#!/usr/bin/python3
"""TLS sessions of the capture lab with a key log, as a classroom demo runs
them: Python's smtplib, imaplib and poplib over Python's ssl (OpenSSL), with
`SSLContext.keylog_filename` writing the NSS key log and the TLS version and
cipher suite forced.

    tls_demo.py KIND --keylog FILE --tls 1.2|1.3 [--cipher NAME] [--subject S]
        [--no-etm] [--resume] [--groups G1:G2]

KIND: smtp-starttls (587), smtps (465), imap-starttls (143), imaps (993),
pop3-stls (110), pop3s (995).

--cipher is an OpenSSL cipher name for TLS 1.2 (set_ciphers) or a TLS 1.3
suite name; Python has no call for TLS 1.3 suites, so for those the script
runs itself again with an OPENSSL_CONF that names the one suite.
--groups sets the key exchange groups the same way; OpenSSL sends a key share
for the first one only, so a first group the server lacks (ffdhe2048 for
Postfix) brings a HelloRetryRequest.
--no-etm turns off encrypt-then-MAC (RFC 7366) for a CBC suite.
--resume makes a second connection that resumes the first one's session
(smtps: Postfix shares its session ticket keys between smtpd processes
through tlsmgr; Dovecot starts a login process per connection, whose
ticket keys are its own).
"""

import argparse
import os
import sys
import tempfile

HOST = "127.0.0.1"
IDENTITIES = {"alice": ("alice@lab.example", "wonderland"), "bob": ("bob@lab.example", "hunter2")}
# SSL_OP_NO_ENCRYPT_THEN_MAC (OpenSSL 3.0); Python's ssl has no name for it.
OP_NO_ENCRYPT_THEN_MAC = 1 << 19


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("kind", choices=["smtp-starttls", "smtps", "imap-starttls", "imaps", "pop3-stls", "pop3s"])
    p.add_argument("--keylog", required=True)
    p.add_argument("--tls", choices=["1.2", "1.3"], required=True)
    p.add_argument("--cipher")
    p.add_argument("--subject", default="")
    p.add_argument("--no-etm", action="store_true")
    p.add_argument("--resume", action="store_true")
    p.add_argument("--groups")
    return p.parse_args()


def force_openssl_settings(settings):
    """Runs this script again with an OpenSSL configuration holding `settings`
    (Ciphersuites, Groups), which Python's ssl has no calls for."""
    marker = "POSTSCOPE_OPENSSL_SETTINGS"
    wanted = repr(sorted(settings.items()))
    if os.environ.get(marker) == wanted:
        return
    conf = tempfile.NamedTemporaryFile("w", prefix="postscope-tls-", suffix=".cnf", delete=False)
    conf.write(
        "openssl_conf = default_conf\n[default_conf]\nssl_conf = ssl_sect\n[ssl_sect]\n"
        "system_default = system_default_sect\n[system_default_sect]\n"
        + "".join(f"{k} = {v}\n" for k, v in settings.items())
    )
    conf.close()
    env = dict(os.environ, OPENSSL_CONF=conf.name, **{marker: wanted})
    os.execve(sys.executable, [sys.executable] + sys.argv, env)


def context(args):
    import ssl

    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE  # the lab's certificate is self-signed
    version = ssl.TLSVersion.TLSv1_2 if args.tls == "1.2" else ssl.TLSVersion.TLSv1_3
    ctx.minimum_version = ctx.maximum_version = version
    if args.cipher and args.tls == "1.2":
        ctx.set_ciphers(args.cipher)
    if args.no_etm:
        ctx.options |= OP_NO_ENCRYPT_THEN_MAC
    ctx.keylog_filename = args.keylog
    return ctx


def show(what, sock):
    print(f"{what}: {sock.version()} {sock.cipher()[0]} resumed={sock.session_reused}", file=sys.stderr)


def smtp(args, ctx, implicit, session=None):
    import smtplib
    from email.message import EmailMessage

    user, password = IDENTITIES["alice"]
    msg = EmailMessage()
    msg["From"] = user
    msg["To"] = IDENTITIES["bob"][0]
    msg["Subject"] = args.subject
    msg.set_content(f"Sent over {'SMTPS' if implicit else 'SMTP with STARTTLS'} in TLS {args.tls}.\n")
    if implicit and session is not None:
        s = resumed_smtps(ctx, session)
    elif implicit:
        s = smtplib.SMTP_SSL(HOST, 465, local_hostname="client.lab.example", context=ctx)
    else:
        s = smtplib.SMTP(HOST, 587, local_hostname="client.lab.example")
        s.ehlo()
        s.starttls(context=ctx)
    s.ehlo()
    show("smtp", s.sock)
    # smtplib would take CRAM-MD5 first; the lab wants the password in the dialogue.
    s.user, s.password = user, password
    s.auth("PLAIN", s.auth_plain)
    s.send_message(msg)
    got = s.sock.session
    s.quit()
    return got


def resumed_smtps(ctx, session):
    """SMTP_SSL that offers `session` for resumption (smtplib has no argument for it)."""
    import smtplib
    import socket

    class Resuming(smtplib.SMTP_SSL):
        def _get_socket(self, host, port, timeout):
            sock = socket.create_connection((host, port), timeout, self.source_address)
            return self.context.wrap_socket(sock, server_hostname=host, session=session)

    return Resuming(HOST, 465, local_hostname="client.lab.example", context=ctx)


def imap(args, ctx, implicit, session=None):
    import imaplib

    user, password = "alice", IDENTITIES["alice"][1]
    if implicit and session is not None:
        m = resumed_imap(ctx, session)
    elif implicit:
        m = imaplib.IMAP4_SSL(HOST, 993, ssl_context=ctx)
    else:
        m = imaplib.IMAP4(HOST, 143)
        m.starttls(ssl_context=ctx)
    show("imap", m.sock)
    m.login(user, password)
    m.select("INBOX")
    m.fetch("1", "(BODY[])")
    got = m.sock.session
    m.logout()
    return got


def resumed_imap(ctx, session):
    """IMAP4_SSL that offers `session` for resumption (imaplib has no argument for it)."""
    import imaplib

    class Resuming(imaplib.IMAP4_SSL):
        def _create_socket(self, timeout):
            sock = imaplib.IMAP4._create_socket(self, timeout)
            return self.ssl_context.wrap_socket(sock, server_hostname=self.host, session=session)

    return Resuming(HOST, 993, ssl_context=ctx)


def pop3(args, ctx, implicit, session=None):
    import poplib

    user, password = "bob", IDENTITIES["bob"][1]
    if implicit:
        p = poplib.POP3_SSL(HOST, 995, context=ctx)
    else:
        p = poplib.POP3(HOST, 110)
        p.stls(context=ctx)
    show("pop3", p.sock)
    p.user(user)
    p.pass_(password)
    p.retr(1)
    p.quit()


def main():
    args = parse_args()
    settings = {}
    if args.tls == "1.3" and args.cipher:
        settings["Ciphersuites"] = args.cipher
    if args.groups:
        settings["Groups"] = args.groups
    if settings:
        force_openssl_settings(settings)
    ctx = context(args)
    if settings:
        # OpenSSL read its configuration when the context was made; the file
        # written by force_openssl_settings is no longer needed.
        os.remove(os.environ["OPENSSL_CONF"])
    proto, implicit = {
        "smtp-starttls": (smtp, False),
        "smtps": (smtp, True),
        "imap-starttls": (imap, False),
        "imaps": (imap, True),
        "pop3-stls": (pop3, False),
        "pop3s": (pop3, True),
    }[args.kind]
    session = proto(args, ctx, implicit)
    if args.resume:
        if args.kind not in ("smtps", "imaps") or session is None:
            sys.exit("--resume is made for smtps and imaps")
        # The TLS 1.3 ticket came after the handshake; it is in the session now.
        proto(args, ctx, implicit, session=session)


if __name__ == "__main__":
    main()
