#!/usr/bin/env python3
"""LMTP (RFC 2033) with Python's smtplib.LMTP (unmodified standard library).

  python3 scripts/lab/lmtp_demo.py direct   # LHLO, MAIL, RCPT x3 (one unknown), DATA, one reply per accepted recipient, QUIT

Dovecot's LMTP service listens on 127.0.0.1:24 in the lab. smtplib.LMTP speaks
LHLO instead of EHLO, but its data() reads only the first of the replies that
LMTP sends after the final dot (one per accepted recipient, RFC 2033 section 4.2),
so the demo reads the others itself with getreply(), as a careful LMTP client must.
"""
import os
import smtplib
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labmail as L  # noqa: E402

SUBJECT = "Delivered over LMTP"
RECIPIENTS = [L.ALICE[0], L.BOB[0], "nobody@lab.example"]


def direct():
    s = smtplib.LMTP(L.HOST, 24, local_hostname=L.EHLO_NAME, timeout=30)
    if os.environ.get("LAB_DEBUG"):
        s.set_debuglevel(1)
    code, _ = s.ehlo()                                   # LHLO client.lab.example
    assert code == 250, code
    msg = L.plain("carol@lab.example", "alice@lab.example, bob@lab.example, nobody@lab.example", SUBJECT,
                  "Hello all,\n\nLMTP answers the final dot once per accepted recipient.\n\nCarol\n")
    code, _ = s.mail("carol@lab.example")               # MAIL FROM:<carol@lab.example>
    assert code == 250, code
    accepted = []
    for rcpt in RECIPIENTS:                              # RCPT TO: x3; nobody@ is refused here
        code, resp = s.rcpt(rcpt)
        print("RCPT", rcpt, code, resp, flush=True)
        if code == 250:
            accepted.append(rcpt)
    assert accepted == RECIPIENTS[:2], accepted
    code, resp = s.data(L.as_bytes(msg))                 # DATA ... . -> first recipient's reply
    print("after the dot, for", accepted[0], code, resp, flush=True)
    for rcpt in accepted[1:]:                            # and one more reply per further recipient
        code, resp = s.getreply()
        print("after the dot, for", rcpt, code, resp, flush=True)
    s.quit()                                             # QUIT


COMMANDS = {"direct": direct}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]]()
