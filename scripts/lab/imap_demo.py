#!/usr/bin/env python3
"""IMAP classroom demos with Python's imaplib (unmodified standard library).

  python3 scripts/lab/imap_demo.py session   # LOGIN, CAPABILITY, LIST, SELECT, SEARCH, FETCH BODY[], UID FETCH, LOGOUT
  python3 scripts/lab/imap_demo.py manage    # AUTHENTICATE PLAIN, EXAMINE, SELECT, STORE, EXPUNGE, APPEND, LOGOUT
  python3 scripts/lab/imap_demo.py idle      # LOGIN, SELECT, IDLE (a mail arrives), DONE, FETCH, LOGOUT
  python3 scripts/lab/imap_demo.py failed    # LOGIN with a wrong password, then LOGOUT
  python3 scripts/lab/imap_demo.py quick     # LOGIN, SELECT, FETCH 1 BODY[], LOGOUT
  python3 scripts/lab/imap_demo.py idle-wait # like idle, but the new mail comes from another client
  python3 scripts/lab/imap_demo.py folders   # LIST (special-use), CREATE, RENAME, STATUS, EXAMINE, UID SEARCH/FETCH/STORE/COPY/MOVE, DELETE
  python3 scripts/lab/imap_demo.py idle-keepalive  # IDLE for a few seconds: the server's "* OK Still here", then DONE
  python3 scripts/lab/imap_demo.py idle-no-done    # IDLE, then the client closes the connection without DONE
"""
import imaplib
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labmail as L  # noqa: E402

USER = "alice"          # Dovecot adds the realm: alice -> alice@lab.example
PASSWORD = L.ALICE[1]


def connect():
    m = imaplib.IMAP4(L.HOST, 143, timeout=30)
    if os.environ.get("LAB_DEBUG"):
        m.debug = 4
    return m


def check(result):
    typ, data = result
    assert typ == "OK", (typ, data)
    return data


def session():
    m = connect()
    check(m.login(USER, PASSWORD))                         # LOGIN alice wonderland
    check(m.capability())                                  # CAPABILITY (after login it grows)
    check(m.list())                                        # LIST "" *
    check(m.select("INBOX"))                               # SELECT INBOX
    nums = check(m.search(None, "ALL"))[0].split()         # SEARCH ALL
    assert len(nums) == 3, nums
    check(m.fetch(b"1", "(BODY[])"))                       # FETCH 1 (BODY[]): a whole message
    check(m.uid("FETCH", "1:*", "(FLAGS)"))                # UID FETCH 1:* (FLAGS)
    check(m.uid("FETCH", "2:3", "(BODY.PEEK[])"))          # UID FETCH 2:3 (BODY.PEEK[]): a PNG attachment, an encoded Subject
    m.logout()                                             # LOGOUT


def manage():
    m = connect()
    creds = f"\0{USER}\0{PASSWORD}".encode()
    check(m.authenticate("PLAIN", lambda challenge: creds))  # AUTHENTICATE PLAIN, then base64
    check(m.select("INBOX", readonly=True))                # EXAMINE INBOX (read-only)
    check(m.search(None, "UNSEEN"))                        # SEARCH UNSEEN
    check(m.select("INBOX"))                               # SELECT INBOX (read-write)
    check(m.store("1", "+FLAGS", "(\\Deleted)"))           # STORE 1 +FLAGS (\Deleted)
    check(m.expunge())                                     # EXPUNGE
    draft = L.plain(L.ALICE[0], L.ALICE[0], "Notes from the lab",
                    "APPEND uploads this message as a literal: {size} then the bytes.\n")
    check(m.append("INBOX", "(\\Seen)", None, L.as_bytes(draft)))  # APPEND INBOX (\Seen) {n}
    check(m.search(None, "ALL"))
    m.logout()


def idle(deliver=True):
    m = connect()
    check(m.login(USER, PASSWORD))
    check(m.select("INBOX"))
    # imaplib in Python 3.11 has no idle(); a demo speaks the two lines itself.
    tag = m._new_tag()
    m.send(tag + b" IDLE\r\n")
    line = m.readline()
    assert line.startswith(b"+"), line                    # "+ idling"
    print("IDLE started:", line.decode().strip(), flush=True)

    def drop():  # another client delivers a mail meanwhile (port 25, not recorded)
        time.sleep(1.0)
        import smtp_demo
        smtp_demo.idle_drop()
    t = threading.Thread(target=drop) if deliver else None
    if t:
        t.start()
    m.sock.settimeout(30)
    exists = None
    while exists is None:
        line = m.readline()
        print("server:", line, flush=True)
        if line.endswith(b"EXISTS\r\n"):
            exists = int(line.split()[1])
    if t:
        t.join()
    time.sleep(0.3)
    m.send(b"DONE\r\n")
    while True:
        line = m.readline()
        if line.startswith(tag):
            assert b" OK " in line, line
            break
    m.tagged_commands.pop(tag, None)
    check(m.fetch(str(exists), "(BODY[])"))                # FETCH the new message
    m.logout()


def idle_wait():
    """IDLE until someone else's mail arrives (the multi-client capture sends it with swaks)."""
    idle(deliver=False)


def quick():
    m = connect()
    check(m.login(USER, PASSWORD))
    check(m.select("INBOX"))
    check(m.fetch(b"1", "(BODY[])"))
    m.logout()


def failed():
    m = connect()
    try:
        m.login(USER, L.WRONG_PASSWORD)
    except imaplib.IMAP4.error as e:
        print("login refused as expected:", e)
    else:
        sys.exit("the wrong password was accepted?!")
    m.logout()


def folders():
    m = connect()
    check(m.login(USER, PASSWORD))
    check(m.list())                                        # LIST "" *: \Drafts \Sent \Trash (RFC 6154)
    check(m.create("Projects"))                            # CREATE Projects
    check(m.rename("Projects", "Archive"))                 # RENAME Projects Archive
    check(m.status("INBOX", "(MESSAGES UNSEEN UIDNEXT)"))  # STATUS without selecting
    check(m.select("INBOX", readonly=True))                # EXAMINE: [READ-ONLY], PERMANENTFLAGS ()
    check(m.fetch(b"1", "(BODY[])"))                       # BODY[] in a read-only mailbox: \Seen is not set
    check(m.select("INBOX"))                               # SELECT: [READ-WRITE]
    check(m.uid("SEARCH", "UNSEEN"))                       # UID SEARCH UNSEEN: all three still unseen
    check(m.uid("FETCH", "1", "(BODY.PEEK[])"))            # BODY.PEEK[]: no \Seen
    check(m.uid("FETCH", "1", "(FLAGS)"))
    check(m.uid("FETCH", "1", "(BODY[])"))                 # BODY[]: the server adds FLAGS (\Seen)
    check(m.uid("STORE", "2", "+FLAGS", "(\\Seen)"))      # UID STORE 2 +FLAGS (\Seen)
    check(m.uid("COPY", "2", "Archive"))                   # UID COPY: [COPYUID ...]
    check(m.uid("MOVE", "3", "Trash"))                     # UID MOVE (RFC 6851): copied, then expunged here
    check(m.uid("SEARCH", "ALL"))
    check(m.status("Trash", "(MESSAGES UNSEEN UIDNEXT)"))
    check(m.delete("Archive"))                             # DELETE Archive
    check(m.list())
    m.logout()


def _idle_start(m):
    tag = m._new_tag()
    m.send(tag + b" IDLE\r\n")
    line = m.readline()
    assert line.startswith(b"+"), line                    # "+ idling"
    return tag


def idle_keepalive():
    """IDLE long enough to get the server's keep-alive lines (imap_idle_notify_interval = 1 s)."""
    m = connect()
    check(m.login(USER, PASSWORD))
    check(m.select("INBOX"))
    tag = _idle_start(m)
    m.sock.settimeout(10)
    still = 0
    while still < 2:
        line = m.readline()
        print("server:", line, flush=True)
        if line.startswith(b"* OK"):
            still += 1
    m.send(b"DONE\r\n")
    while True:
        line = m.readline()
        if line.startswith(tag):
            assert b" OK " in line, line
            break
    m.tagged_commands.pop(tag, None)
    m.logout()


def idle_no_done():
    """IDLE, then the client goes away: no DONE, no LOGOUT, just the TCP close."""
    m = connect()
    check(m.login(USER, PASSWORD))
    check(m.select("INBOX"))
    _idle_start(m)
    time.sleep(0.5)
    m.shutdown()                                           # closes the socket (FIN) in the middle of IDLE


COMMANDS = {"folders": folders, "idle-keepalive": idle_keepalive, "idle-no-done": idle_no_done,
            "session": session, "manage": manage, "idle": idle, "failed": failed, "quick": quick,
            "idle-wait": idle_wait}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]]()
