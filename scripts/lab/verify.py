#!/usr/bin/env python3
"""Check every lab capture against what fixtures.json (scripts/lab/manifest.py) says.

  python3 scripts/lab/verify.py [DIR]        # DIR defaults to tests/fixtures

For each capture it
  * reads the file header itself: pcap or pcapng, link type, timestamp resolution;
  * asks tshark for the TCP payloads (tshark -T fields -e tcp.payload ...), rebuilds both
    directions of every TCP stream, and decodes SMTP, POP3 and IMAP with a small
    reference decoder of its own: logins (checking CRAM-MD5 and APOP digests against the
    listed password), server verdicts, and every message that crossed the wire
    (SMTP DATA, POP3 RETR/TOP, IMAP FETCH/UID FETCH/APPEND) with its Subject and attachments;
  * checks that tshark's own dissectors see the protocols (-Y 'smtp || pop || imap',
    with decode_as as -d) and TLS where the manifest says so;
and fails if anything differs from the manifest: nothing missing, nothing extra.
"""
import base64
import hashlib
import hmac
import json
import os
import re
import struct
import subprocess
import sys
from email import message_from_bytes, policy
from email.header import decode_header, make_header

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import manifest as M  # noqa: E402

SERVER_PORTS = {25: "smtp", 587: "smtp", 1025: "smtp", 465: "smtp",
                110: "pop3", 995: "pop3", 143: "imap", 993: "imap",
                24: "lmtp",                                    # Dovecot's LMTP service (RFC 2033)
                2501: "smtp", 2502: "smtp", 2503: "smtp", 2504: "smtp", 2505: "smtp", 2506: "smtp",  # lesson ports
                2600: "smtp"}                                  # the fake server of smtp-starttls-injection
IMPLICIT_TLS = {465, 993, 995}
LINKTYPES = {1: "ethernet", 113: "linux_sll", 276: "linux_sll2"}


class Mismatch(Exception):
    pass


# ---------------------------------------------------------------- file header
def file_header(path):
    with open(path, "rb") as fh:
        head = fh.read(64)
    magic = head[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\xa1\xb2\xc3\xd4", b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d"):
        le = magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1")
        e = "<" if le else ">"
        nano = magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d")
        snaplen, linktype = struct.unpack(e + "II", head[16:24])
        return {"format": "pcap", "link_type": LINKTYPES.get(linktype, str(linktype)),
                "timestamp_resolution": "nanosecond" if nano else "microsecond", "snaplen": snaplen}
    if magic == b"\x0a\x0d\x0d\x0a":
        bom = head[8:12]
        e = "<" if bom == b"\x4d\x3c\x2b\x1a" else ">"
        shb_len = struct.unpack(e + "I", head[4:8])[0]
        with open(path, "rb") as fh:
            fh.seek(shb_len)
            idb = fh.read(20)
        btype, blen, linktype, _res, snaplen = struct.unpack(e + "IIHHI", idb[:16])
        assert btype == 1, "second pcapng block is not an IDB"
        # if_tsresol option absent -> microseconds (dumpcap writes 6 = microseconds)
        return {"format": "pcapng", "link_type": LINKTYPES.get(linktype, str(linktype)),
                "timestamp_resolution": "microsecond", "snaplen": snaplen}
    raise Mismatch(f"unknown capture format (magic {magic.hex()})")


# ---------------------------------------------------------------- tshark
def tshark(path, args, decode_as=None):
    cmd = ["tshark", "-n", "-r", path]
    for port, proto in (decode_as or {}).items():
        # tshark has no LMTP dissector; its SMTP dissector reads LMTP's lines.
        cmd += ["-d", f"tcp.port=={port},{'smtp' if proto == 'lmtp' else proto}"]
    out = subprocess.run(cmd + args, capture_output=True, text=True)
    if out.returncode != 0:
        raise Mismatch(f"tshark failed: {out.stderr.strip()}")
    return out.stdout


def streams(path):
    """{stream: {'server_port', 'ip_version', 'c2s': bytes, 's2c': bytes, 'cut': int,
    'segments': {'c2s': [payload...], 's2c': [...]}}} from tshark.

    Each direction is rebuilt by sequence number, not by capture order, so segments
    captured out of order or twice give the bytes the receiver got; 'cut' counts the
    payload bytes a short snaplen left out of the file (their place is left empty)."""
    rows = tshark(path, ["-T", "fields", "-E", "separator=\t",
                         "-e", "tcp.stream", "-e", "ip.version", "-e", "ipv6.version",
                         "-e", "tcp.srcport", "-e", "tcp.dstport", "-e", "tcp.flags.syn",
                         "-e", "tcp.flags.ack", "-e", "tcp.seq_raw", "-e", "tcp.len", "-e", "tcp.payload"])
    st = {}
    for line in rows.splitlines():
        f = line.split("\t")
        if len(f) < 10 or not f[0]:
            continue
        sid = int(f[0])
        s = st.setdefault(sid, {"server_port": None, "ip_version": None, "segs": []})
        s["ip_version"] = 6 if f[2] else 4
        sport, dport = int(f[3]), int(f[4])
        syn, ack = f[5] in ("1", "True"), f[6] in ("1", "True")
        if syn and not ack:
            s["server_port"] = dport
        s["segs"].append((sport, dport, syn, int(f[7]), int(f[8] or 0), bytes.fromhex(f[9].replace(":", ""))))
    for sid, s in st.items():
        sp = s["server_port"]
        if sp is None:
            raise Mismatch(f"tcp.stream {sid}: no SYN in the capture")
        isn, segs = {}, {"c2s": [], "s2c": []}
        for sport, dport, syn, seq, tcp_len, payload in s["segs"]:
            d = "s2c" if sport == sp else "c2s"
            if syn:
                isn[d] = seq + 1
            elif tcp_len:
                segs[d].append((seq, tcp_len, payload))
        data, cut = {}, 0
        for d in ("c2s", "s2c"):
            if segs[d] and d not in isn:
                raise Mismatch(f"tcp.stream {sid}: data before SYN")
            buf, nxt = bytearray(), isn.get(d, 0)
            for seq, tcp_len, payload in sorted(segs[d], key=lambda x: x[0]):  # stable: first copy first
                if seq > nxt:
                    raise Mismatch(f"tcp.stream {sid}: {d} gap of {seq - nxt} bytes (packet lost?)")
                if seq + tcp_len <= nxt:
                    continue                                   # a duplicate, or already covered
                missing = tcp_len - len(payload)               # cut off by the snaplen
                cut += missing
                buf += (payload + b"\0" * missing)[nxt - seq:]
                nxt = seq + tcp_len
            data[d] = bytes(buf)
        s["c2s"], s["s2c"], s["cut"] = data["c2s"], data["s2c"], cut
        s["segments"] = {d: [p for _, _, p in segs[d]] for d in segs}
        del s["segs"]
    return st


# ---------------------------------------------------------------- helpers
class Reader:
    def __init__(self, data):
        self.data, self.pos = data, 0

    def eof(self):
        return self.pos >= len(self.data)

    def line(self):
        i = self.data.find(b"\r\n", self.pos)
        if i < 0:
            if self.eof():
                return None
            i = len(self.data) - 2
        out = self.data[self.pos:i + 2]
        self.pos = i + 2
        return out

    def take(self, n):
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out

    def until_dot(self):
        """POP3/SMTP multi-line block ending with CRLF.CRLF; returns the un-dot-stuffed lines."""
        lines = []
        while True:
            ln = self.line()
            if ln is None:
                raise Mismatch("multi-line block without final dot")
            if ln == b".\r\n":
                return b"".join(lines)
            lines.append(ln[1:] if ln.startswith(b".") else ln)


def b64(s):
    return base64.b64decode(s.strip() + b"=" * (-len(s.strip()) % 4))


def mail_summary(raw, protocol, via):
    m = message_from_bytes(raw, policy=policy.compat32)
    raw_subject = m.get("Subject")
    if raw_subject is not None and not isinstance(raw_subject, str):
        # Raw UTF-8 in the header (RFC 6532, sent with SMTPUTF8): compat32 gives a Header; read the header's bytes as UTF-8.
        head = raw.split(b"\r\n\r\n", 1)[0].replace(b"\r\n ", b" ").replace(b"\r\n\t", b" ")
        line = next(l for l in head.split(b"\r\n") if l.lower().startswith(b"subject:"))
        raw_subject = line[8:].strip().decode("utf-8", "replace")
    raw_subject = re.sub(r"\s*\n\s*", " ", raw_subject) if raw_subject is not None else None
    subject = str(make_header(decode_header(raw_subject))) if raw_subject is not None else None
    atts = [p.get_filename() for p in m.walk() if p.get_filename()]
    out = {"protocol": protocol, "via": via, "subject": subject}
    if raw_subject != subject:
        out["subject_raw"] = raw_subject
    out["attachments"] = atts
    out["encrypted"] = False
    out["size"] = len(raw)  # bytes as they crossed the wire, dot-stuffing undone
    return out


def without_size(m):
    return {k: v for k, v in m.items() if k != "size"}


def with_sizes(fixture, found_messages):
    """fixture (a fixtures.json entry) with "size" on each clear-text message, taken from
    what this decoder found in the capture (matched by protocol, via and subject, in order)."""
    pool = list(found_messages)
    out = dict(fixture)
    msgs = []
    for m in fixture["messages"]:
        m = without_size(m)
        if not m["encrypted"]:
            for i, f in enumerate(pool):
                if (f["protocol"], f["via"], f["subject"]) == (m["protocol"], m["via"], m["subject"]):
                    m["size"] = pool.pop(i)["size"]
                    break
        msgs.append(m)
    out["messages"] = msgs
    return out


def sasl_decode(mech, responses, challenges):
    """-> (username, password or None, digest check info)"""
    mech = mech.upper()
    if mech == "PLAIN":
        parts = b64(responses[0]).split(b"\0")
        return parts[1].decode(), parts[2].decode(), None
    if mech == "LOGIN":
        return b64(responses[0]).decode(), b64(responses[1]).decode(), None
    if mech == "CRAM-MD5":
        user, digest = b64(responses[0]).decode().rsplit(" ", 1)
        return user, None, ("cram", b64(challenges[0]), digest)
    raise Mismatch(f"unsupported SASL mechanism {mech}")


def cred(protocol, mech, user, password, check, accepted):
    return {"protocol": protocol, "mechanism": mech, "username": user, "password": password,
            "accepted": accepted, "encrypted": False, "_check": check}


# ---------------------------------------------------------------- SMTP
def parse_smtp_replies(data):
    r = Reader(data)
    while True:
        lines = []
        while True:
            ln = r.line()
            if ln is None:
                if lines:
                    yield int(lines[0][:3]), lines
                return
            lines.append(ln)
            if len(ln) < 4 or ln[3:4] != b"-":
                break
        try:
            code = int(lines[0][:3])
        except ValueError:
            return
        yield code, lines


def decode_smtp(c2s, s2c, found, lmtp=False):
    """SMTP, or LMTP (RFC 2033) when lmtp: LHLO instead of EHLO, and after the final dot
    one reply per recipient accepted at RCPT (section 4.2). Appends to found["smtp"] one
    transcript per stream: [(VERB, [reply codes])], with the RCPT address for RCPT."""
    replies = parse_smtp_replies(s2c)
    nxt = lambda: next(replies, (None, []))  # noqa: E731
    code, lines = nxt()
    host = found.get("greeting_host", "mail.lab.example").encode()
    if code != 220 or host not in lines[0]:
        raise Mismatch(f"SMTP greeting is not the lab's: {lines[:1]}")
    r = Reader(c2s)
    tls = None
    log = []
    found.setdefault("smtp", []).append(log)
    accepted = []          # recipients accepted in this transaction
    bdat = bytearray()
    while not r.eof():
        ln = r.line()
        words = ln.split()
        verb = words[0].upper().decode() if words else ""
        if verb in ("EHLO", "HELO", "LHLO") and (verb == "LHLO") != lmtp:
            raise Mismatch(f"{verb} in {'an LMTP' if lmtp else 'an SMTP'} session")
        if verb == "RCPT":
            code, _ = nxt()
            addr = ln.split(b":", 1)[1].strip().split()[0].strip(b"<>").decode()
            log.append(("RCPT", [code], addr))
            if code is not None and 200 <= code < 300:
                accepted.append(addr)
            continue
        if verb in ("MAIL", "RSET"):
            accepted = []
            bdat = bytearray()
        if verb == "BDAT":
            size, last = int(words[1]), len(words) > 2 and words[2].upper() == b"LAST"
            bdat += r.take(size)
            code, _ = nxt()
            log.append(("BDAT", [code]))
            if last:
                m = mail_summary(bytes(bdat), "smtp", "BDAT")
                if code != 250:
                    m["refused"] = True
                found["messages"].append(m)
            continue
        if verb == "AUTH":
            mech = words[1].decode().upper()
            responses = [words[2]] if len(words) > 2 else []
            challenges = []
            code, lines = nxt()
            while code == 334:
                challenges.append(lines[0][4:].strip())
                responses.append(r.line().strip())
                code, lines = nxt()
            user, pw, check = sasl_decode(mech, responses, challenges)
            found["credentials"].append(cred("smtp", mech, user, pw, check, code == 235))
            log.append(("AUTH", [code]))
        elif verb == "DATA":
            code, _ = nxt()
            entry = ("DATA", [code])
            log.append(entry)
            if code == 354:
                body = r.until_dot()
                # LMTP: one reply per accepted recipient (RFC 2033 4.2); SMTP: one reply
                after = [nxt()[0] for _ in (accepted if lmtp else [None])]
                if lmtp:
                    log.extend(("DOT", [c], addr) for addr, c in zip(accepted, after))
                else:
                    entry[1].extend(after)
                # the message crossed the wire; "refused" when no recipient got it (a 5xx/4xx after the dot)
                m = mail_summary(body, "lmtp" if lmtp else "smtp", "DATA")
                if not any(c == 250 for c in after):
                    m["refused"] = True
                found["messages"].append(m)
        elif verb == "STARTTLS":
            code, _ = nxt()
            log.append(("STARTTLS", [code]))
            if code == 220:
                if r.eof():
                    break          # the client gave up before any TLS handshake: still clear text
                tls = "starttls"
                break
        else:
            code, _ = nxt()
            log.append((verb, [code]))
    return tls


# ---------------------------------------------------------------- POP3
def decode_pop3(c2s, s2c, found):
    s = Reader(s2c)
    greeting = s.line()
    if not greeting.startswith(b"+OK"):
        raise Mismatch("POP3 greeting is not +OK")
    m = re.search(rb"<[^>]+>", greeting)
    apop_ts = m.group(0) if m else None
    r = Reader(c2s)
    user = None
    tls = None
    while not r.eof():
        ln = r.line()
        words = ln.split()
        verb = words[0].upper().decode()
        if verb == "AUTH" and len(words) > 1:
            mech = words[1].decode().upper()
            responses = [words[2]] if len(words) > 2 and words[2] != b"=" else []
            challenges = []
            resp = s.line()
            while resp.startswith(b"+ ") or resp == b"+\r\n":
                challenges.append(resp[2:].strip())
                responses.append(r.line().strip())
                resp = s.line()
            u, pw, check = sasl_decode(mech, responses, challenges)
            found["credentials"].append(cred("pop3", mech, u, pw, check, resp.startswith(b"+OK")))
            continue
        resp = s.line()
        ok = resp.startswith(b"+OK")
        if verb == "USER":
            user = words[1].decode()
        elif verb == "PASS":
            found["credentials"].append(cred("pop3", "USER", user, ln[5:].rstrip(b"\r\n").decode(), None, ok))
        elif verb == "APOP":
            found["credentials"].append(cred("pop3", "APOP", words[1].decode(), None,
                                             ("apop", apop_ts, words[2].decode()), ok))
        elif verb == "STLS" and ok:
            tls = "starttls"
            break
        multi = verb in ("CAPA", "TOP", "RETR") or (verb in ("LIST", "UIDL") and len(words) == 1)
        if ok and multi:
            block = s.until_dot()
            if verb in ("RETR", "TOP"):
                found["messages"].append(mail_summary(block, "pop3", verb))
    return tls


# ---------------------------------------------------------------- IMAP
LITERAL = re.compile(rb"\{(\d+)(\+?)\}\r\n$")


def imap_items(data):
    """Split a stream into items: each is (line-with-literals-joined, [literal bytes...], [text-before-each-literal])."""
    r = Reader(data)
    while not r.eof():
        text, lits, befores = b"", [], []
        while True:
            ln = r.line()
            if ln is None:
                return
            m = LITERAL.search(ln)
            text += ln
            if not m:
                break
            befores.append(text)
            lits.append(r.take(int(m.group(1))))
            text += b"<literal>"
        yield text, lits, befores


def imap_astrings(s):
    """Tokenise IMAP arguments: atoms, "quoted", and <literal> placeholders (returned as None)."""
    out, i = [], 0
    while i < len(s):
        c = s[i:i + 1]
        if c in b" \r\n":
            i += 1
        elif c == b'"':
            j, buf = i + 1, b""
            while s[j:j + 1] != b'"':
                if s[j:j + 1] == b"\\":
                    j += 1
                buf += s[j:j + 1]
                j += 1
            out.append(buf)
            i = j + 1
        elif s.startswith(b"<literal>", i):
            out.append(None)
            i += len(b"<literal>")
        elif c == b"{":
            i = s.index(b"}", i) + 1
        else:
            j = i
            while j < len(s) and s[j:j + 1] not in b" \r\n":
                j += 1
            out.append(s[i:j])
            i = j
    return out


def decode_imap(c2s, s2c, found):
    server = list(imap_items(s2c))
    if not server or not server[0][0].startswith(b"* OK"):
        raise Mismatch("IMAP greeting is not * OK")
    # tag -> tagged status; untagged responses and continuations belong to the next tagged one
    tagged, untagged_for, conts_for, pending, pconts = {}, {}, {}, [], []
    for text, lits, befores in server[1:]:
        if text.startswith(b"* "):
            pending.append((text, lits, befores))
        elif text.startswith(b"+"):
            pconts.append(text[1:].strip())
        else:
            m = re.match(rb"([!#-'*-Z^-z|~]+) (OK|NO|BAD)\b", text, re.I)
            if not m:      # TLS records after STARTTLS, or garbage: not IMAP
                continue
            tag, status = m.group(1), m.group(2)
            tagged[tag] = status.upper()
            untagged_for[tag], conts_for[tag] = pending, pconts
            pending, pconts = [], []
    r = Reader(c2s)
    tls = None
    while not r.eof():
        item = None
        ln = r.line()
        text, lits = ln, []
        while LITERAL.search(text):
            m = LITERAL.search(text)
            lits.append(r.take(int(m.group(1))))
            text = text[:m.start()] + b"<literal>" + r.line()
        words = text.rstrip(b"\r\n").split(b" ", 2)
        tag, verb = words[0], words[1].upper().decode() if len(words) > 1 else ""
        args = words[2] if len(words) > 2 else b""
        status = tagged.get(tag)
        if verb == "UID":
            sub = args.split(b" ", 1)
            verb, args = "UID " + sub[0].upper().decode(), sub[1] if len(sub) > 1 else b""
        if verb == "LOGIN":
            toks = imap_astrings(args)
            lit = iter(lits)
            user, pw = [(t if t is not None else next(lit)).decode() for t in toks[:2]]
            found["credentials"].append(cred("imap", "LOGIN", user, pw, None, status == b"OK"))
        elif verb == "AUTHENTICATE":
            a = args.split()
            mech = a[0].decode().upper()
            responses = [a[1]] if len(a) > 1 else []
            challenges = conts_for.get(tag, [])
            while len(responses) < len(challenges) or (mech == "PLAIN" and not responses):
                responses.append(r.line().strip())
            u, pw, check = sasl_decode(mech, responses, challenges)
            found["credentials"].append(cred("imap", mech, u, pw, check, status == b"OK"))
        elif verb == "IDLE":
            done = r.line()
            if done is None:
                found.setdefault("idle_without_done", 0)
                found["idle_without_done"] += 1    # the client closed the connection in IDLE
            elif done.strip().upper() != b"DONE":
                raise Mismatch(f"IDLE not ended by DONE: {done!r}")
        elif verb == "APPEND" and status == b"OK":
            for raw in lits:
                found["messages"].append(mail_summary(raw, "imap", "APPEND"))
        elif verb == "STARTTLS" and status == b"OK":
            tls = "starttls"
            break
        if verb in ("FETCH", "UID FETCH") and status == b"OK":
            for utext, ulits, befores in untagged_for.get(tag, []):
                for before, raw in zip(befores, ulits):
                    if re.search(rb"(BODY\[\]|RFC822)(<0>)? \{\d+\}\r\n$", before):
                        found["messages"].append(mail_summary(raw, "imap", verb))
        del item
    return tls


# ---------------------------------------------------------------- checks
def check_digest(c, expected_password):
    chk = c.pop("_check")
    if chk is None:
        return c
    kind = chk[0]
    if kind == "cram":
        challenge, digest = chk[1], chk[2]
        want = hmac.new(expected_password.encode(), challenge, hashlib.md5).hexdigest()
    else:
        ts, digest = chk[1], chk[2]
        want = hashlib.md5(ts + expected_password.encode()).hexdigest()
    c["password"] = expected_password if hmac.compare_digest(want, digest) else "<digest does not match>"
    return c


def canon(items):
    return sorted(json.dumps(i, sort_keys=True, ensure_ascii=False) for i in items)


def verify(path, spec):
    problems = []
    exp = M.fixture_json(spec)
    hdr = file_header(path)
    for k in ("format", "link_type", "timestamp_resolution"):
        if hdr[k] != exp[k]:
            problems.append(f"{k}: file has {hdr[k]}, manifest says {exp[k]}")
    snaplen = exp.get("snaplen")
    if snaplen is None and hdr["snaplen"] < 65535:
        problems.append(f"snaplen {hdr['snaplen']} is too small")
    if snaplen is not None and hdr["snaplen"] != snaplen:
        problems.append(f"snaplen {hdr['snaplen']}, manifest says {snaplen}")

    st = streams(path)
    if len(st) != exp["tcp_streams"]:
        problems.append(f"{len(st)} TCP streams, manifest says {exp['tcp_streams']}")
    cut = sum(s["cut"] for s in st.values())
    if snaplen is None and cut:
        problems.append(f"{cut} payload bytes are missing from the frames (snaplen?)")
    if snaplen is not None and not cut:
        problems.append(f"snaplen {snaplen}, but no frame lost bytes to it")
    found = {"credentials": [], "messages": []}
    if spec.get("greeting_host"):
        found["greeting_host"] = spec["greeting_host"]
    protos, tls_modes, ipv = set(), set(), set()
    for sid, s in sorted(st.items()):
        port = s["server_port"]
        proto = SERVER_PORTS.get(port)
        if proto is None:
            problems.append(f"stream {sid}: unexpected server port {port}")
            continue
        protos.add(proto)
        ipv.add(s["ip_version"])
        if not s["c2s"] or not s["s2c"]:
            problems.append(f"stream {sid}: no payload in one direction")
            continue
        if port in IMPLICIT_TLS:
            if s["c2s"][:1] != b"\x16":
                problems.append(f"stream {sid}: port {port} does not start with a TLS handshake")
            tls_modes.add("implicit")
            continue
        if snaplen is not None:
            # frames cut short: the protocol cannot be decoded reliably from what is left;
            # the greeting must still be readable (it fits in the snaplen)
            if not s["s2c"].startswith(b"220 mail.lab.example "):
                problems.append(f"stream {sid}: the greeting is not readable in the cut capture")
            tls_modes.add(None)
            continue
        decoder = {"smtp": decode_smtp, "pop3": decode_pop3, "imap": decode_imap,
                   "lmtp": lambda c, sv, f: decode_smtp(c, sv, f, lmtp=True)}[proto]
        try:
            mode = decoder(s["c2s"], s["s2c"], found)
        except Mismatch as e:
            problems.append(f"stream {sid}: {e}")
            continue
        except Exception as e:  # a decoder crash is a failed verification, with context
            problems.append(f"stream {sid}: decoder error {type(e).__name__}: {e}")
            continue
        tls_modes.add(mode)
    if sorted(protos) != sorted(exp["protocols"]):
        problems.append(f"protocols {sorted(protos)}, manifest says {exp['protocols']}")
    if sorted(ipv) != sorted(exp["ip_versions"]):
        problems.append(f"IP versions {sorted(ipv)}, manifest says {exp['ip_versions']}")
    want_tls = {exp["tls"]}
    if tls_modes != want_tls:
        problems.append(f"TLS {sorted(map(str, tls_modes))}, manifest says {exp['tls']}")

    # credentials: decoded clear-text ones must equal the manifest's unencrypted ones
    pw_by_user = {}
    for c in exp["credentials"]:
        pw_by_user.setdefault((c["protocol"], c["username"]), c["password"])
    got_creds = [check_digest(c, pw_by_user.get((c["protocol"], c["username"]), "?"))
                 for c in found["credentials"]]
    want_creds = [c for c in exp["credentials"] if not c["encrypted"]]
    if canon(got_creds) != canon(want_creds):
        problems.append("credentials differ:\n    capture:  " + "\n              ".join(canon(got_creds))
                        + "\n    manifest: " + "\n              ".join(canon(want_creds)))
    want_msgs = [m for m in exp["messages"] if not m["encrypted"] and not m.get("cut")]
    got_msgs = [without_size(m) for m in found["messages"]]
    if canon(got_msgs) != canon(want_msgs):
        problems.append("messages differ:\n    capture:  " + "\n              ".join(canon(got_msgs))
                        + "\n    manifest: " + "\n              ".join(canon(want_msgs)))
    # encrypted entries: their protocol must really run inside TLS here
    for item in exp["credentials"] + exp["messages"]:
        if item["encrypted"] and exp["tls"] is None:
            problems.append(f"{item} is marked encrypted but the capture has no TLS")
        if item.get("cut") and snaplen is None:
            problems.append(f"{item} is marked cut but the capture has its whole frames")

    # the commands and reply codes, stream by stream (SMTP and LMTP lessons that list them)
    if "transcript" in spec:
        got = [[" ".join([e[0]] + ([e[2]] if len(e) > 2 else []) + [",".join(map(str, e[1]))]) for e in log]
               for log in found.get("smtp", [])]
        if got != spec["transcript"]:
            problems.append("SMTP/LMTP transcript differs:\n    capture:  " + repr(got)
                            + "\n    manifest: " + repr(spec["transcript"]))
    if "lmtp" in exp:
        log = [e for t in found.get("smtp", []) for e in t]
        got = {"commands": [e[0] for e in log if e[0] != "DOT"],
               "recipients": [{"address": e[2], "rcpt": e[1][0],
                               "after_dot": next((d[1][0] for d in log if d[0] == "DOT" and d[2] == e[2]), None)}
                              for e in log if e[0] == "RCPT"]}
        if got != exp["lmtp"]:
            problems.append(f"LMTP differs:\n    capture:  {got}\n    manifest: {exp['lmtp']}")
    if spec.get("injected"):
        want = b"220 2.0.0 Ready to start TLS\r\n" + spec["injected"].encode()
        if not any(seg == want for s in st.values() for seg in s["segments"]["s2c"]):
            problems.append(f"no server segment holds exactly {want!r}")
    if found.get("idle_without_done", 0) != spec.get("idle_without_done", 0):
        problems.append(f"{found.get('idle_without_done', 0)} IDLE commands not ended by DONE, "
                        f"manifest says {spec.get('idle_without_done', 0)}")

    # tshark's own dissectors agree
    dissected = tshark(path, ["-Y", "smtp || pop || imap", "-T", "fields", "-e", "frame.protocols"],
                       exp["decode_as"])
    seen = set()
    for line in dissected.splitlines():
        layers = line.split(":")
        seen |= {"smtp" if "smtp" in layers else None, "pop3" if "pop" in layers else None,
                 "imap" if "imap" in layers else None}
    seen.discard(None)
    # Wireshark 4.0 has no LMTP dissector: with -d tcp.port==24,smtp it reads LMTP as SMTP
    want_seen = {"smtp" if p == "lmtp" else p for p in exp["protocols"]} if exp["tls"] != "implicit" else set()
    if seen != want_seen:
        problems.append(f"tshark dissects {sorted(seen)}, expected {sorted(want_seen)}")
    if exp["tls"]:
        hello = tshark(path, ["-Y", "tls.handshake.type == 1", "-T", "fields", "-e", "frame.number"],
                       exp["decode_as"])
        if not hello.strip():
            problems.append("manifest says TLS but tshark finds no TLS Client Hello")
    hiccups = tshark(path, ["-Y", "tcp.analysis.retransmission || tcp.analysis.lost_segment || "
                                  "tcp.analysis.out_of_order || tcp.analysis.duplicate_ack",
                            "-T", "fields", "-e", "frame.number"])
    if hiccups.split():
        print(f"warn {os.path.basename(path)}: TCP retransmissions in frames {' '.join(hiccups.split())}")
    if exp["decode_as"]:
        plain = tshark(path, ["-Y", "smtp || pop || imap"])
        if plain.strip():
            problems.append("decode_as given, but tshark dissects the mail protocol without it")
    return problems, found


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "tests", "fixtures")
    failed = 0
    names = set()
    sized = []  # fixtures.json as it should be: the manifest plus the sizes found
    for spec in M.FIXTURES:
        fn = M.fixture_file(spec)
        names.add(fn)
        path = os.path.join(d, fn)
        if not os.path.exists(path):
            print(f"FAIL {fn}: missing")
            failed += 1
            continue
        try:
            problems, found = verify(path, spec)
        except Mismatch as e:
            problems, found = [str(e)], {"credentials": [], "messages": []}
        sized.append(with_sizes(M.fixture_json(spec), found["messages"]))
        if problems:
            failed += 1
            print(f"FAIL {fn}")
            for p in problems:
                print("   -", p)
        else:
            print(f"ok   {fn}: {len(found['credentials'])} clear-text logins, "
                  f"{len(found['messages'])} clear-text messages")
    extra = sorted(f for f in os.listdir(d) if f.endswith((".pcap", ".pcapng")) and f not in names)
    for f in extra:
        print(f"FAIL {f}: not in the manifest")
        failed += 1
    js = os.path.join(d, "fixtures.json")
    if os.path.exists(js):
        with open(js, encoding="utf-8") as fh:
            on_disk = json.load(fh)
        plain = [dict(f, messages=[without_size(m) for m in f.get("messages", [])]) for f in on_disk]
        if plain != [M.fixture_json(f) for f in M.FIXTURES]:
            print("FAIL fixtures.json differs from scripts/lab/manifest.py (rerun fixtures_doc.py)")
            failed += 1
        elif on_disk != sized:
            print("FAIL fixtures.json: message sizes differ from the captures (fixtures_doc.py --sizes DIR)")
            failed += 1
    total = len(M.FIXTURES)
    print(f"{total - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
