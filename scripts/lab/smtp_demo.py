#!/usr/bin/env python3
"""SMTP classroom demos with Python's smtplib (unmodified standard library).

  python3 scripts/lab/smtp_demo.py cram-md5      # AUTH CRAM-MD5 on 587
  python3 scripts/lab/smtp_demo.py utf8          # UTF-8 8-bit body, BODY=8BITMIME on 25
  python3 scripts/lab/smtp_demo.py multipart     # multipart/mixed with base64 attachments on 25
  python3 scripts/lab/smtp_demo.py encoded       # QP body, RFC 2047 Subject on 25
  python3 scripts/lab/smtp_demo.py seed          # fill bob's and alice's mailboxes
  python3 scripts/lab/smtp_demo.py idle-drop     # one more mail for alice (IMAP IDLE demo)
"""
import os
import smtplib
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


COMMANDS = {"cram-md5": cram_md5, "utf8": utf8, "multipart": multipart,
            "encoded": encoded, "seed": seed, "idle-drop": idle_drop}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]]()
