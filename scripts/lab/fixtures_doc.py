#!/usr/bin/env python3
"""Write fixtures.json and one NAME.md note per capture, and install them.

  fixtures_doc.py --stage DIR --commands CMDDIR
      writes DIR/fixtures.json and DIR/NAME.md for the captures in DIR
      (CMDDIR holds the exact client commands and capture filters the lab used)
  fixtures_doc.py --stage DIR --commands CMDDIR --only NAME...
      the same, but writes notes only for the named fixtures (record --only): the
      other captures and notes in DIR are the ones already in tests/fixtures
  fixtures_doc.py --install DIR --fixtures tests/fixtures --samples assets/samples
      replaces the lab's previous files in tests/fixtures with those in DIR and
      copies the chosen samples to assets/samples with samples.json
  fixtures_doc.py --notes DIR NAME...
      rewrites the notes of the named fixtures in DIR from the manifest, without
      recording: the client commands and capture filter are read from the old note
  fixtures_doc.py --sizes DIR
      rewrites DIR/fixtures.json with the size of every clear-text message, as
      verify.py's own decoder finds it in the captures (bytes as they crossed
      the wire, dot-stuffing undone); --stage does this too
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import manifest as M  # noqa: E402
import verify as V  # noqa: E402

MECH_TEXT = {
    ("pop3", "USER"): "USER/PASS",
    ("imap", "LOGIN"): "LOGIN command",
}


def tshark_lines(path, decode_as, display_filter, limit=60):
    cmd = ["tshark", "-n", "-r", path]
    for port, proto in decode_as.items():
        proto = "smtp" if proto == "lmtp" else proto  # tshark has no LMTP dissector; its SMTP one reads LMTP's lines
        cmd += ["-d", f"tcp.port=={port},{proto}"]
    cmd += ["-Y", display_filter, "-T", "fields", "-e", "frame.number", "-e", "tcp.stream",
            "-e", "_ws.col.Protocol", "-e", "_ws.col.Info"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.splitlines()
    rows = []
    for line in out[:limit]:
        f = line.split("\t")
        info = f[3] if len(f) > 3 else ""
        if len(info) > 110:
            info = info[:107] + "..."
        rows.append(f"{f[0]:>4}  {f[1]:>2}  {f[2]:<8} {info}")
    if len(out) > limit:
        rows.append(f"... ({len(out) - limit} more)")
    return rows


def packet_count(path):
    out = subprocess.run(["tshark", "-n", "-r", path, "-T", "fields", "-e", "frame.number"],
                         capture_output=True, text=True, check=True).stdout
    return len(out.split())


def describe_cred(c):
    mech = MECH_TEXT.get((c["protocol"], c["mechanism"]), c["mechanism"])
    verdict = "accepted" if c["accepted"] else "**refused**"
    where = "inside TLS, not readable in the capture" if c["encrypted"] else "in clear text"
    return (f"- {c['protocol'].upper()} {mech}: user `{c['username']}`, password `{c['password']}` "
            f"— {verdict}, {where}")


def shown(text):
    """Control and format characters (ESC, U+202E...) written as \\u{...}, so a note never carries them."""
    return "".join(f"\\u{{{ord(c):04X}}}" if unicodedata.category(c) in ("Cc", "Cf") else c for c in text)


def describe_msg(m):
    att = ", attachments: " + ", ".join(f"`{shown(a)}`" for a in m["attachments"]) if m["attachments"] else ""
    raw = f" (on the wire: `{m['subject_raw']}`)" if m.get("subject_raw") else ""
    enc = " — inside TLS" if m["encrypted"] else ""
    enc += " — cut by the snaplen: only its first bytes are in the capture" if m.get("cut") else ""
    enc += " — **refused** by the server after the data" if m.get("refused") else ""
    return f"- {m['protocol'].upper()} {m['via']}: “{shown(m['subject'])}”{raw}{att}{enc}"


def note(spec, path, commands, capture_filter):
    j = M.fixture_json(spec)
    _, _, _, kind_text = M.KINDS[spec["kind"]]
    d_args = " ".join(f"-d tcp.port=={p},{'smtp' if v == 'lmtp' else v}" for p, v in j["decode_as"].items())
    d_args = d_args + " " if d_args else ""
    lines = [
        f"# {j['title']}",
        "",
        f"- **File:** `{j['file']}` ({os.path.getsize(path)} bytes, {packet_count(path)} packets)",
        f"- **Format and link type:** {kind_text}",
        f"- **Protocols:** {', '.join(p.upper() for p in j['protocols'])}"
        + {None: "", "starttls": " (upgraded to TLS with STARTTLS/STLS)",
           "implicit": " (implicit TLS from the first byte)"}[j["tls"]],
        f"- **Network:** IPv{'/'.join(map(str, j['ip_versions']))} on loopback, "
        f"{j['tcp_streams']} TCP stream{'s' if j['tcp_streams'] != 1 else ''}",
    ]
    if j["decode_as"]:
        lines.append("- **Decode as:** " + ", ".join(f"TCP port {p} → {v.upper()}" for p, v in j["decode_as"].items())
                     + f" (`tshark {d_args.strip()}`)")
    how = spec.get("how", "Recorded by `scripts/lab/record` against the lab's own Postfix and Dovecot on loopback "
                               "(capture filter `{filter}`), with this client command:")
    lines += ["", "## What it shows", "", spec["shows"], "",
              "## How it was made", "",
              how.replace("{filter}", capture_filter), "", "```sh"]
    lines += commands
    lines += ["```", "", "## Logins", ""]
    lines += [describe_cred(c) for c in j["credentials"]] or ["- none (no login in this session)"]
    lines += ["", "## Messages that crossed the wire", ""]
    lines += [describe_msg(m) for m in j["messages"]] or ["- none"]
    lines += ["", "## What to look for", ""]
    lines += [f"- {x}" for x in spec["look_for"]]
    if spec.get("rfc"):
        lines += ["", "## What decides the right explanation", ""]
        lines += [f"- {x}" for x in spec["rfc"]]
    flt = "smtp || pop || imap || tls.handshake"
    lines += ["", "## The conversation, as tshark shows it", "",
              f"`tshark -r {j['file']} {d_args}-Y '{flt}' -T fields -e frame.number -e tcp.stream "
              "-e _ws.col.Protocol -e _ws.col.Info`", "", "```"]
    lines += tshark_lines(path, j["decode_as"], flt)
    lines += ["```", ""]
    return "\n".join(lines)


def stage(args):
    filters = {}
    with open(os.path.join(args.commands, "captures.tsv"), encoding="utf-8") as fh:
        for row in fh:
            name, _kind, flt = row.rstrip("\n").split("\t")
            filters[name] = flt
    fixtures = []
    only = set(args.only or [])
    for spec in M.FIXTURES:
        fn = M.fixture_file(spec)
        path = os.path.join(args.stage, fn)
        if not os.path.exists(path):
            sys.exit(f"missing capture {path}")
        if only and spec["name"] not in only:
            fixtures.append(sized_json(spec, path))   # recorded earlier: its capture and note stay
            continue
        with open(os.path.join(args.commands, spec["name"] + ".txt"), encoding="utf-8") as fh:
            commands = [ln.rstrip("\n") for ln in fh if ln.strip()]
        with open(os.path.join(args.stage, spec["name"] + ".md"), "w", encoding="utf-8") as fh:
            fh.write(note(spec, path, commands, filters[spec["name"]]))
        fixtures.append(sized_json(spec, path))
    write_index(os.path.join(args.stage, "fixtures.json"), fixtures)


def sized_json(spec, path):
    """The fixtures.json entry of spec, with the message sizes found in the capture at path."""
    try:
        _problems, found = V.verify(path, spec)
    except Exception as e:  # verify.py reports the problem itself; the entry stays without sizes
        print(f"note: no message sizes for {path}: {e}", file=sys.stderr)
        return M.fixture_json(spec)
    return V.with_sizes(M.fixture_json(spec), found["messages"])


def write_index(path, fixtures):
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(fixtures, fh, indent=2, ensure_ascii=False)
        fh.write("\n")


def sizes(args):
    fixtures = [sized_json(spec, os.path.join(args.sizes, M.fixture_file(spec))) for spec in M.FIXTURES]
    write_index(os.path.join(args.sizes, "fixtures.json"), fixtures)


def renote(directory, names):
    import re
    by_name = {s["name"]: s for s in M.FIXTURES}
    for name in names:
        spec = by_name[name]
        md = os.path.join(directory, name + ".md")
        with open(md, encoding="utf-8") as fh:
            old = fh.read()
        block = re.search(r"## How it was made\n\n.*?```sh\n(.*?)```", old, re.S)
        flt = re.search(r"capture filter `([^`]+)`", old)
        if not block or not flt:
            sys.exit(f"{md}: cannot find the commands and capture filter of the old note")
        commands = [ln for ln in block.group(1).splitlines() if ln.strip()]
        with open(md, "w", encoding="utf-8") as fh:
            fh.write(note(spec, os.path.join(directory, M.fixture_file(spec)), commands, flt.group(1)))


def _old_files(directory, index, key="file"):
    path = os.path.join(directory, index)
    if not os.path.exists(path):
        return []
    try:
        with open(path, encoding="utf-8") as fh:
            return [e[key] for e in json.load(fh)]
    except (ValueError, KeyError, TypeError):
        return []


def install(args):
    src, dst, smp = args.install, args.fixtures, args.samples
    os.makedirs(dst, exist_ok=True)
    os.makedirs(smp, exist_ok=True)
    # remove what the previous run wrote (and only that)
    for f in _old_files(dst, "fixtures.json"):
        base = os.path.splitext(f)[0]
        for p in (os.path.join(dst, f), os.path.join(dst, base + ".md")):
            if os.path.exists(p):
                os.remove(p)
    for spec in M.FIXTURES:
        fn = M.fixture_file(spec)
        for f in (fn, spec["name"] + ".md"):
            shutil.copyfile(os.path.join(src, f), os.path.join(dst, f))
            os.chmod(os.path.join(dst, f), 0o644)
    shutil.copyfile(os.path.join(src, "fixtures.json"), os.path.join(dst, "fixtures.json"))
    os.chmod(os.path.join(dst, "fixtures.json"), 0o644)

    for f in _old_files(smp, "samples.json"):
        p = os.path.join(smp, f)
        if os.path.exists(p):
            os.remove(p)
    by_name = {s["name"]: s for s in M.FIXTURES}
    samples = []
    for name, title, summary in M.SAMPLES:
        fn = M.fixture_file(by_name[name])
        shutil.copyfile(os.path.join(src, fn), os.path.join(smp, fn))
        os.chmod(os.path.join(smp, fn), 0o644)
        samples.append({"file": fn, "title": title, "summary": summary})
    with open(os.path.join(smp, "samples.json"), "w", encoding="utf-8") as fh:
        json.dump(samples, fh, indent=2, ensure_ascii=False)
        fh.write("\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stage")
    ap.add_argument("--commands")
    ap.add_argument("--install")
    ap.add_argument("--fixtures")
    ap.add_argument("--samples")
    ap.add_argument("--sizes")
    ap.add_argument("--only", nargs="+")
    ap.add_argument("--notes", nargs="+", metavar=("DIR", "NAME"))
    a = ap.parse_args()
    if a.notes:
        renote(a.notes[0], a.notes[1:])
    elif a.sizes:
        sizes(a)
    elif a.stage and a.commands:
        stage(a)
    elif a.install and a.fixtures and a.samples:
        install(a)
    else:
        ap.error("use --stage DIR --commands DIR, --install DIR --fixtures DIR --samples DIR, or --sizes DIR")


if __name__ == "__main__":
    main()
