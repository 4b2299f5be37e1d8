#!/usr/bin/env python3
"""POP3 classroom demos with Python's poplib (unmodified standard library).

  python3 scripts/lab/pop3_demo.py session   # USER/PASS, CAPA, STAT, LIST, UIDL, TOP, RETR, DELE, QUIT
  python3 scripts/lab/pop3_demo.py apop      # APOP login, STAT, RETR, QUIT
  python3 scripts/lab/pop3_demo.py failed    # USER/PASS with a wrong password, then QUIT
  python3 scripts/lab/pop3_demo.py quick     # USER/PASS, STAT, RETR 1, QUIT (for the multi-client capture)
  python3 scripts/lab/pop3_demo.py quit-early  # QUIT in the AUTHORIZATION state, before any login
  python3 scripts/lab/pop3_demo.py dele-quit   # DELE 1, DELE 2, QUIT (UPDATE deletes); a second session sees 1 message
  python3 scripts/lab/pop3_demo.py dele-rset   # DELE 1, RSET (unmarks it), QUIT: nothing deleted
"""
import os
import poplib
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labmail as L  # noqa: E402

USER = "bob"            # Dovecot adds the realm: bob -> bob@lab.example
PASSWORD = L.BOB[1]


def connect():
    p = poplib.POP3(L.HOST, 110, timeout=30)
    if os.environ.get("LAB_DEBUG"):
        p.set_debuglevel(2)
    return p


def session():
    p = connect()
    p.capa()                       # CAPA
    p.user(USER)                   # USER bob
    p.pass_(PASSWORD)              # PASS hunter2
    count, size = p.stat()         # STAT
    assert count == 3, (count, size)
    p.list()                       # LIST
    p.uidl()                       # UIDL
    p.top(2, 0)                    # TOP 2 0: headers of message 2 only
    p.retr(1)                      # RETR 1
    p.retr(3)                      # RETR 3 (has a dot-stuffed line)
    p.dele(1)                      # DELE 1 (takes effect at QUIT)
    p.quit()                       # QUIT


def apop():
    p = connect()
    p.apop(USER, PASSWORD)         # APOP bob <md5 of timestamp+password>
    count, _ = p.stat()
    assert count == 3, count
    p.retr(2)                      # the message with the PNG attachment
    p.quit()


def failed():
    p = connect()
    p.user(USER)
    try:
        p.pass_(L.WRONG_PASSWORD)
    except poplib.error_proto as e:
        print("login refused as expected:", e)
    else:
        sys.exit("the wrong password was accepted?!")
    p.quit()


def quick():
    p = connect()
    p.user(USER)
    p.pass_(PASSWORD)
    p.stat()
    p.retr(1)
    p.quit()


def quit_early():
    p = connect()                  # greeting: the AUTHORIZATION state
    p.quit()                       # QUIT before USER: no UPDATE state, nothing to delete


def dele_quit():
    p = connect()
    p.user(USER)
    p.pass_(PASSWORD)
    count, _ = p.stat()
    assert count == 3, count
    p.dele(1)                      # DELE 1: marked, not yet gone
    p.dele(2)                      # DELE 2
    count, _ = p.stat()            # STAT no longer counts marked messages
    assert count == 1, count
    p.quit()                       # QUIT: the UPDATE state removes 1 and 2
    p = connect()                  # a second session: only one message left
    p.user(USER)
    p.pass_(PASSWORD)
    count, _ = p.stat()
    assert count == 1, count
    p.list()
    p.quit()


def dele_rset():
    p = connect()
    p.user(USER)
    p.pass_(PASSWORD)
    p.dele(1)                      # DELE 1
    count, _ = p.stat()
    assert count == 2, count
    p.rset()                       # RSET: every mark is undone
    count, _ = p.stat()
    assert count == 3, count
    p.quit()                       # QUIT: nothing is deleted


COMMANDS = {"session": session, "apop": apop, "failed": failed, "quick": quick,
            "quit-early": quit_early, "dele-quit": dele_quit, "dele-rset": dele_rset}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]]()
