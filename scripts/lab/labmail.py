"""Shared bits of the Postscope lab demos: identities and the lab's messages.

Nothing here talks to the network; the demo scripts do that with the
standard library's smtplib, poplib and imaplib, the way a classroom demo would.
"""
import base64
import struct
import zlib
from email.message import EmailMessage
from email.mime.application import MIMEApplication
from email.mime.base import MIMEBase
from email.mime.image import MIMEImage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email import charset as _charset
from email import encoders
from email.utils import formatdate, make_msgid

HOST = "127.0.0.1"
ALICE = ("alice@lab.example", "wonderland")
BOB = ("bob@lab.example", "hunter2")
WRONG_PASSWORD = "open-sesame"
EHLO_NAME = "client.lab.example"


def stamp_png() -> bytes:
    """A 16x16 PNG postage stamp, built byte for byte (same bytes every run)."""
    w = h = 16
    rows = []
    for y in range(h):
        row = bytearray([0])  # filter type 0
        for x in range(w):
            edge = x in (0, w - 1) or y in (0, h - 1)
            perforation = edge and (x + y) % 2 == 0
            inner = 4 <= x <= 11 and 4 <= y <= 11
            if perforation:
                rgb = (255, 255, 255)
            elif edge:
                rgb = (200, 40, 40)
            elif inner:
                rgb = (40, 90, 200) if (x - 4) + (y - 4) < 8 else (250, 210, 60)
            else:
                rgb = (245, 240, 225)
            row += bytes(rgb)
        rows.append(bytes(row))
    raw = b"".join(rows)

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


SCHEDULE_TXT = (
    "Postscope lab schedule\n"
    "09:00  SMTP: EHLO, AUTH, MAIL, RCPT, DATA\n"
    "10:30  POP3: USER, PASS, LIST, RETR, DELE\n"
    "13:00  IMAP: LOGIN, SELECT, FETCH, IDLE\n"
    "15:00  STARTTLS and why it matters\n"
)


def _headers(msg, frm, to, subject):
    msg["From"] = frm
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain="lab.example")
    return msg


def plain(frm, to, subject, body):
    """A short US-ASCII text/plain message."""
    msg = MIMEText(body, "plain", "us-ascii")
    return _headers(msg, frm, to, subject)


def utf8_8bit(frm, to, subject, body):
    """text/plain; charset=utf-8 sent as raw 8-bit (needs BODY=8BITMIME)."""
    cs = _charset.Charset("utf-8")
    cs.body_encoding = None          # no base64 / QP: the bytes go as they are
    msg = MIMEText(body, "plain", cs)
    msg.replace_header("Content-Transfer-Encoding", "8bit")
    return _headers(msg, frm, to, subject)


def encoded_word_b(text):
    """RFC 2047 'B' encoded-word, written out explicitly so the lesson shows it."""
    return "=?UTF-8?B?" + base64.b64encode(text.encode("utf-8")).decode("ascii") + "?="


def qp_with_encoded_subject(frm, to, subject, body):
    """Quoted-printable UTF-8 body and a Subject as a =?UTF-8?B?...?= encoded-word."""
    cs = _charset.Charset("utf-8")
    cs.body_encoding = _charset.QP
    msg = MIMEText(body, "plain", cs)
    return _headers(msg, frm, to, encoded_word_b(subject))


def multipart(frm, to, subject, text, attachments):
    """multipart/mixed: a text part plus base64 attachments [(name, bytes, maintype, subtype)]."""
    msg = MIMEMultipart("mixed")
    _headers(msg, frm, to, subject)
    msg.preamble = "This is a multi-part message in MIME format.\n"
    msg.attach(MIMEText(text, "plain", "us-ascii"))
    for name, data, maintype, subtype in attachments:
        part = MIMEBase(maintype, subtype, name=name)
        part.set_payload(data)
        encoders.encode_base64(part)
        part.add_header("Content-Disposition", "attachment", filename=name)
        msg.attach(part)
    return msg


def attach_stamp():
    return ("stamp.png", stamp_png(), "image", "png")


def attach_schedule():
    return ("lab-schedule.txt", SCHEDULE_TXT.encode("ascii"), "text", "plain")


def as_bytes(msg) -> bytes:
    """Wire form with CRLF line ends."""
    data = msg.as_bytes()
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


# ------------------------------------------------------------------ mailboxes
# What the lab delivers (through Postfix, port 25) before the POP3 and IMAP
# lessons. Order matters: message numbers and UIDs follow it.
def seed_messages():
    bob = BOB[0]
    alice = ALICE[0]
    return [
        (bob, plain("postmaster@lab.example", bob, "Welcome to the POP3 lab",
                    "Hello Bob,\n\nthis mailbox is read with POP3 in the lab.\n"
                    "Try STAT, LIST, UIDL, TOP and RETR.\n\n-- the postmaster\n")),
        (bob, multipart(alice, bob, "Your lab badge",
                        "Hi Bob,\n\nyour badge picture is attached.\n\nAlice\n",
                        [attach_stamp()])),
        (bob, plain("carol@lab.example", bob, "Reading list for Monday",
                    "Bob, please read before Monday:\n"
                    "1. RFC 5321 (SMTP)\n"
                    "2. RFC 1939 (POP3)\n"
                    "3. RFC 9051 (IMAP4rev2)\n"
                    ".signature lines that start with a dot get dot-stuffed on the wire\n"
                    "Carol\n")),
        (alice, plain("postmaster@lab.example", alice, "Welcome to the IMAP lab",
                      "Hello Alice,\n\nthis mailbox is read with IMAP in the lab.\n"
                      "Try SELECT, SEARCH, FETCH, STORE and IDLE.\n\n-- the postmaster\n")),
        (alice, multipart(bob, alice, "Photos from the lab trip",
                          "Hi Alice,\n\nhere is the stamp we saw on the trip.\n\nBob\n",
                          [attach_stamp()])),
        (alice, qp_with_encoded_subject(bob, alice, "Café at 3 pm ☕",
                                        "Alice, the café meeting moved to 3 pm.\n"
                                        "Bring the crème brûlée recipe!\n\nBob\n")),
    ]


IDLE_SUBJECT = "You've got mail (IDLE demo)"
