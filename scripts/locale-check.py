#!/usr/bin/env python3
"""Check a locale file (crates/core/locales/LANG.tsv) against the English
catalogue (the `entries! { NAME; "key", "RFC", "text"; ... }` macros in
crates/core/src/explain/*.rs).

    scripts/locale-check.py crates/core/locales/zh.tsv      # check, exit 1 on any problem
    scripts/locale-check.py --skeleton > skeleton.tsv       # key<TAB>English text, by source file

Checks: every English key present exactly once (KEY.singular, English's form
for a count of 1, is optional), no key the catalogue lacks,
the same set of placeholders {0}, {1}, ... as the English text, no tab,
carriage return or newline inside a text, no empty text.
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXPLAIN = ROOT / "crates" / "core" / "src" / "explain"
# The order of the catalogue's parts (mod.rs PARTS).
FILES = ["catalogue.rs", "smtp.rs", "lmtp.rs", "pop3.rs", "imap.rs", "plots.rs", "lesson.rs", "paste.rs", "quiz.rs", "glossary.rs", "notes.rs"]
PLACEHOLDER = re.compile(r"\{(\d+)\}")


def rust_string(src, i):
    """Parses the Rust string literal starting at src[i] == '"'; returns (value, index after it)."""
    assert src[i] == '"'
    i += 1
    out = []
    while True:
        c = src[i]
        if c == '"':
            return "".join(out), i + 1
        if c == "\\":
            n = src[i + 1]
            if n == "\n":  # continuation: skip the newline and the next line's leading whitespace
                i += 2
                while src[i] in " \t\r\n":
                    i += 1
                continue
            simple = {'"': '"', "\\": "\\", "n": "\n", "t": "\t", "r": "\r", "0": "\0", "'": "'"}
            if n in simple:
                out.append(simple[n])
                i += 2
                continue
            if n == "u":
                close = src.index("}", i)
                out.append(chr(int(src[i + 3 : close], 16)))
                i = close + 1
                continue
            if n == "x":
                out.append(chr(int(src[i + 2 : i + 4], 16)))
                i += 4
                continue
            raise ValueError(f"unknown escape \\{n} at {i}")
        out.append(c)
        i += 1


def entries_of(path):
    """(key, rfc, text) for every entry in the entries! macros of one file."""
    src = path.read_text(encoding="utf-8")
    out = []
    for m in re.finditer(r"^entries!\s*\{\s*\w+\s*;", src, re.M):
        i = m.end()
        strings = []
        while True:
            c = src[i]
            if c.isspace() or c == ",":
                i += 1
            elif src.startswith("//", i):
                i = src.index("\n", i)
            elif c == '"':
                s, i = rust_string(src, i)
                strings.append(s)
            elif c == ";":
                if len(strings) != 3:
                    raise ValueError(f"{path.name}: entry with {len(strings)} strings: {strings!r}")
                out.append(tuple(strings))
                strings = []
                i += 1
            elif c == "}":
                if strings:
                    raise ValueError(f"{path.name}: unterminated entry {strings!r}")
                break
            else:
                raise ValueError(f"{path.name}: unexpected {c!r} at offset {i}")
    return out


def catalogue():
    """[(file, key, rfc, text)] in catalogue order."""
    return [(f, *e) for f in FILES for e in entries_of(EXPLAIN / f)]


def skeleton():
    current = None
    for f, key, _rfc, text in catalogue():
        if f != current:
            print(f"# ---- {f}")
            current = f
        print(f"{key}\t{text}")


def check(path):
    english = {}
    for _f, key, _rfc, text in catalogue():
        if key in english:
            print(f"english catalogue: duplicate key {key}")
        english[key] = text
    problems = []
    seen = {}
    raw = Path(path).read_bytes()
    try:
        content = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        print(f"{path}: not UTF-8: {e}")
        return 1
    if content.startswith("\ufeff"):
        problems.append("file starts with a byte-order mark")
    for n, line in enumerate(content.split("\n"), 1):
        if line.endswith("\r"):
            problems.append(f"line {n}: carriage return")
            line = line[:-1]
        if line == "" or line.startswith("#"):
            continue
        if "\t" not in line:
            problems.append(f"line {n}: no tab between key and text")
            continue
        key, text = line.split("\t", 1)
        if "\t" in text:
            problems.append(f"line {n} ({key}): tab inside the text")
        if not text.strip():
            problems.append(f"line {n} ({key}): empty text")
        if key in seen:
            problems.append(f"line {n}: key {key} again (first on line {seen[key]})")
            continue
        seen[key] = n
        if key not in english:
            problems.append(f"line {n}: key {key} is not in the English catalogue")
            continue
        want = sorted(set(PLACEHOLDER.findall(english[key])), key=int)
        got = sorted(set(PLACEHOLDER.findall(text)), key=int)
        if want != got:
            problems.append(f"line {n} ({key}): placeholders {got} but English has {want}")
    # KEY.singular is English's form for a count of 1, optional in a language whose one form serves every count.
    missing = [k for k in english if k not in seen and not k.endswith(".singular")]
    for k in missing:
        problems.append(f"missing key {k}")
    for p in problems:
        print(p)
    print(f"{path}: {len(seen)} keys, English catalogue {len(english)} keys, "
          f"{len(missing)} missing, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--skeleton"]:
        skeleton()
    elif len(sys.argv) == 2:
        sys.exit(check(sys.argv[1]))
    else:
        print(__doc__)
        sys.exit(2)
