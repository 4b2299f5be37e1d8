#!/usr/bin/env python3
"""SMTP classroom demos with Python's smtplib (unmodified standard library).

  python3 scripts/lab/smtp_demo.py cram-md5      # AUTH CRAM-MD5 on 587
  python3 scripts/lab/smtp_demo.py utf8          # UTF-8 8-bit body, BODY=8BITMIME on 25
  python3 scripts/lab/smtp_demo.py smtputf8      # SMTPUTF8: a UTF-8 sender and raw UTF-8 headers on 2506
  python3 scripts/lab/smtp_demo.py multipart     # multipart/mixed with base64 attachments on 25
  python3 scripts/lab/smtp_demo.py encoded       # QP body, RFC 2047 Subject on 25
  python3 scripts/lab/smtp_demo.py seed          # fill bob's and alice's mailboxes
  python3 scripts/lab/smtp_demo.py idle-drop     # one more mail for alice (IMAP IDLE demo)
  python3 scripts/lab/smtp_demo.py auth-not-offered  # AUTH PLAIN on port 2504, whose EHLO offers no AUTH: 503
  python3 scripts/lab/smtp_demo.py bdat          # BDAT (RFC 3030 CHUNKING): two chunks, the first holds a line with a lone dot
  python3 scripts/lab/smtp_demo.py segments      # pipelined MAIL/RCPT/RCPT/DATA and a body, each write its own TCP segment
"""
import base64
import os
import smtplib
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labmail as L  # noqa: E402


def connect(port):
    s = smtplib.SMTP(L.HOST, port, local_hostname=L.EHLO_NAME, timeout=30)
    if os.environ.get("LAB_DEBUG"):
        s.set_debuglevel(1)
    return s


def cram_md5():
    user, password = L.ALICE
    with connect(587) as s:
        s.ehlo()
        # smtplib.login() picks the strongest mechanism the server offers:
        # CRAM-MD5 before PLAIN and LOGIN.
        assert "CRAM-MD5" in s.esmtp_features.get("auth", "").upper().split(), s.esmtp_features
        s.login(user, password)
        msg = L.plain(user, L.BOB[0], "Lab notes (sent with CRAM-MD5)",
                      "Bob,\n\nCRAM-MD5 never sends my password, only an HMAC of the\n"
                      "server's challenge.\n\nAlice\n")
        s.sendmail(user, [L.BOB[0]], L.as_bytes(msg))


def utf8():
    frm, to = L.ALICE[0], L.BOB[0]
    body = ("Menu for the lab party:\n"
            "  Crème brûlée, smørbrød, Käsespätzle\n"
            "  寿司 and 🍰 for dessert\n"
            "Prices in €, £ and ¥.\n\n"
            "— Alice\n")
    msg = L.utf8_8bit(frm, to, "Menu for the lab party", body)
    with connect(25) as s:
        s.ehlo()
        assert s.has_extn("8bitmime")
        s.sendmail(frm, [to], L.as_bytes(msg), mail_options=["BODY=8BITMIME"])


def smtputf8():
    """RFC 6531/6532: an internationalised sender and raw UTF-8 headers, on 2506."""
    from email.message import EmailMessage
    from email.policy import SMTPUTF8
    frm, to = "zoë@lab.example", L.BOB[0]
    msg = EmailMessage(policy=SMTPUTF8)
    msg["From"] = f"Zoë Çelik <{frm}>"
    msg["To"] = to
    msg["Subject"] = "Menü für das Laborfest: 寿司 🍣"
    msg["Date"] = L.formatdate(localtime=False)
    msg["Message-ID"] = L.make_msgid(domain="lab.example")
    msg.set_content("Bob,\n\nthe headers of this message are raw UTF-8: no encoded-words.\n\nZoë\n", cte="8bit")
    data = msg.as_bytes(policy=SMTPUTF8).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    with connect(2506) as s:
        s.ehlo()
        assert s.has_extn("smtputf8"), s.esmtp_features
        s.sendmail(frm, [to], data, mail_options=["SMTPUTF8", "BODY=8BITMIME"])


def multipart():
    frm, to = L.ALICE[0], L.BOB[0]
    msg = L.multipart(frm, to, "Lab schedule and stamp",
                      "Hi Bob,\n\nattached are the lab schedule and the stamp picture.\n\nAlice\n",
                      [L.attach_schedule(), L.attach_stamp()])
    with connect(25) as s:
        s.ehlo()
        s.sendmail(frm, [to], L.as_bytes(msg))


def encoded():
    frm, to = L.BOB[0], L.ALICE[0]
    body = ("Grüße aus dem Labor!\n\n"
            "Quoted-printable keeps this mail 7-bit: ü becomes =C3=BC on the wire,\n"
            "and a line longer than 76 characters is wrapped with a soft line break "
            "(an equals sign at the end of the line) so that no line is too long.\n\n"
            "Bob\n")
    msg = L.qp_with_encoded_subject(frm, to, "Grüße aus dem Labor ✉", body)
    with connect(25) as s:
        s.ehlo()
        s.sendmail(frm, [to], L.as_bytes(msg))


def _deliver(rcpt, msg, port=25):
    with connect(port) as s:
        s.ehlo()
        s.sendmail(msg["From"], [rcpt], L.as_bytes(msg))


def seed():
    for rcpt, msg in L.seed_messages():
        _deliver(rcpt, msg)
        time.sleep(1.1)  # distinct delivery seconds keep the Maildir order stable


def idle_drop():
    msg = L.plain(L.BOB[0], L.ALICE[0], L.IDLE_SUBJECT,
                  "Alice,\n\nthis mail arrived while your client was in IDLE.\n\nBob\n")
    _deliver(L.ALICE[0], msg)


def auth_not_offered():
    user, password = L.ALICE
    with connect(2504) as s:
        s.ehlo()
        assert not s.has_extn("auth"), s.esmtp_features   # this port does not offer AUTH
        # s.login() would refuse before sending anything; a demo sends the command itself
        blob = base64.b64encode(f"\0{user}\0{password}".encode()).decode()
        code, resp = s.docmd("AUTH", "PLAIN " + blob)
        print("AUTH:", code, resp, flush=True)
        assert code == 503, (code, resp)


BDAT_SUBJECT = "Sent in BDAT chunks"


def bdat():
    frm, to = L.ALICE[0], L.BOB[0]
    msg = L.plain(frm, to, BDAT_SUBJECT,
                  "Bob,\n\nthe next line is a single dot, and BDAT does not end the message there:\n"
                  ".\n"
                  "with BDAT the byte count says where a chunk ends, so dots are not stuffed.\n\nAlice\n")
    data = L.as_bytes(msg)
    cut = data.index(b"\r\n.\r\n") + 5 + 20                # the first chunk ends a little after the lone dot
    with connect(25) as s:
        s.ehlo()
        assert s.has_extn("chunking"), s.esmtp_features
        code, _ = s.mail(frm)
        assert code == 250, code
        code, _ = s.rcpt(to)
        assert code == 250, code
        for chunk, last in ((data[:cut], False), (data[cut:], True)):
            s.send(f"BDAT {len(chunk)}{' LAST' if last else ''}\r\n".encode() + chunk)
            code, resp = s.getreply()
            print("BDAT:", code, resp, flush=True)
            assert code == 250, (code, resp)


SEGMENTS_SUBJECT = "One write, one segment"


def segments():
    """Python smtplib with TCP_NODELAY: the pipelined commands and the body go out in separate
    writes, so several client segments are in flight at once (scripts/lab/reframe.py then
    re-frames this real capture to show reordering and duplication)."""
    frm, to = L.ALICE[0], L.BOB[0]
    msg = L.plain(frm, to, SEGMENTS_SUBJECT,
                  "Bob,\n\nthis mail left the client in several TCP segments.\n"
                  "Their order on the wire is not the order of the bytes:\n"
                  "the sequence numbers are.\n\nAlice\n")
    data = L.as_bytes(msg)
    with connect(25) as s:
        s.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        s.ehlo()
        assert s.has_extn("pipelining")
        for cmd in (f"MAIL FROM:<{frm}>", f"RCPT TO:<{to}>", f"RCPT TO:<{L.ALICE[0]}>", "DATA"):
            s.send(cmd.encode() + b"\r\n")             # four writes, no waiting (RFC 2920 PIPELINING)
        for want in (250, 250, 250, 354):
            code, resp = s.getreply()
            assert code == want, (code, resp)
        lines = data[:-2].split(b"\r\n")                 # data ends with CRLF
        quarter = max(1, -(-len(lines) // 4))
        parts = [b"\r\n".join(lines[i:i + quarter]) + b"\r\n" for i in range(0, len(lines), quarter)]
        for part in parts:                                  # the body in several writes, back to back
            s.send(part)
        s.send(b".\r\n")
        code, resp = s.getreply()
        assert code == 250, (code, resp)


COMMANDS = {"auth-not-offered": auth_not_offered, "bdat": bdat, "segments": segments,
            "cram-md5": cram_md5, "utf8": utf8, "smtputf8": smtputf8, "multipart": multipart,
            "encoded": encoded, "seed": seed, "idle-drop": idle_drop}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]]()
