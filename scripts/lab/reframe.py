#!/usr/bin/env python3
"""Re-frame a real capture: the same packets, in another order or twice.

  python3 scripts/lab/reframe.py BASE.pcap OUTDIR

The lab machine's kernel has no netem queueing discipline (`tc qdisc add dev lo
root netem` answers "Specified qdisc kind is unknown"), so TCP reordering and
duplication cannot be produced on the wire here. Instead the lab records a real
SMTP session (smtp_demo.py segments: several client segments in flight at once)
and this script rewrites that capture's records, bytes untouched:

  smtp-tcp-reordered.pcap          two adjacent client segments swapped
  smtp-tcp-duplicate.pcap          one client segment captured twice
  smtp-tcp-reordered-duplicate.pcap both, in the client's direction

Timestamps stay in file order: swapped records exchange their timestamps (the
capture point saw the later-sent segment first), and a duplicate is stamped one
microsecond after its original. Nothing else changes: no checksum, no sequence
number, no payload byte. Classic pcap, Ethernet link type, as tcpdump -i lo writes it.
"""
import os
import struct
import sys


def read_pcap(path):
    with open(path, "rb") as fh:
        data = fh.read()
    if data[:4] != b"\xd4\xc3\xb2\xa1":
        sys.exit(f"{path}: expected a little-endian microsecond pcap")
    header, pos, recs = data[:24], 24, []
    while pos + 16 <= len(data):
        sec, usec, incl, orig = struct.unpack("<IIII", data[pos:pos + 16])
        recs.append([sec, usec, orig, data[pos + 16:pos + 16 + incl]])
        pos += 16 + incl
    return header, recs


def tcp_info(frame):
    """(src port, dst port, payload length) of an Ethernet/IPv4/TCP frame, or None."""
    if len(frame) < 54 or frame[12:14] != b"\x08\x00" or frame[23] != 6:
        return None
    ihl = (frame[14] & 0x0F) * 4
    total = struct.unpack(">H", frame[16:18])[0]
    t = 14 + ihl
    sport, dport = struct.unpack(">HH", frame[t:t + 4])
    doff = (frame[t + 12] >> 4) * 4
    return sport, dport, total - ihl - doff


def write_pcap(path, header, recs):
    with open(path, "wb") as fh:
        fh.write(header)
        for sec, usec, orig, frame in recs:
            fh.write(struct.pack("<IIII", sec, usec, len(frame), orig) + frame)


def ts(r):
    return r[0] * 1_000_000 + r[1]


def set_ts(r, micros):
    r[0], r[1] = divmod(micros, 1_000_000)


def client_data(recs, server_port=25):
    return [i for i, r in enumerate(recs)
            if (t := tcp_info(r[3])) and t[1] == server_port and t[2] > 0]


def payload(frame):
    sport, dport, n = tcp_info(frame)
    return frame[len(frame) - n:] if n else b""


def swap_pair(recs, data):
    """(i, j): the client segment holding the second RCPT and the one holding DATA right
    after it. The notes describe exactly this swap, so any other layout is an error
    (the lab then records the session again)."""
    for a, b in zip(data, data[1:]):
        if payload(recs[b][3]) == b"DATA\r\n" and payload(recs[a][3]).startswith(b"RCPT TO:<alice@"):
            if b != a + 1:
                sys.exit("the second RCPT and DATA are not adjacent records in this recording")
            return a, b
    sys.exit("no RCPT TO:<alice@...> segment followed by a DATA segment in this recording")


def dup_index(recs, data):
    """The last body segment: the client segment right before the one holding the final '.'."""
    for a, b in zip(data, data[1:]):
        if payload(recs[b][3]) == b".\r\n":
            return a
    sys.exit("no segment of its own holds the final dot in this recording")


def swapped(recs, a, b):
    out = [list(r) for r in recs]
    ta, tb = ts(out[a]), ts(out[b])
    out[a], out[b] = out[b], out[a]
    set_ts(out[a], ta)
    set_ts(out[b], tb)
    return out


def duplicated(recs, i):
    out = [list(r) for r in recs]
    dup = list(out[i])
    nxt = ts(out[i + 1]) if i + 1 < len(out) else ts(out[i]) + 2
    set_ts(dup, min(ts(out[i]) + 1, (ts(out[i]) + nxt) // 2))
    out.insert(i + 1, dup)
    return out


def main():
    base, outdir = sys.argv[1], sys.argv[2]
    header, recs = read_pcap(base)
    data = client_data(recs)
    a, b = swap_pair(recs, data)
    dup = dup_index(recs, data)
    write_pcap(os.path.join(outdir, "smtp-tcp-reordered.pcap"), header, swapped(recs, a, b))
    write_pcap(os.path.join(outdir, "smtp-tcp-duplicate.pcap"), header, duplicated(recs, dup))
    both = swapped(recs, a, b)
    write_pcap(os.path.join(outdir, "smtp-tcp-reordered-duplicate.pcap"), header, duplicated(both, dup))
    print(f"swapped frames {a + 1} and {b + 1}; duplicated frame {dup + 1} (as frame {dup + 2})")


if __name__ == "__main__":
    main()
