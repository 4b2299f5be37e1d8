#!/usr/bin/python3
"""Makes assets/fonts/postscope-cjk.woff2: the Chinese glyphs the page itself
writes (the Simplified Chinese interface table locales/ui/zh.tsv, the CLI's
crates/cli/locales/zh.tsv, the explanation catalogue crates/core/locales/zh.tsv,
the built-in samples' Chinese tours assets/samples/*.tour.zh.json)
plus the CJK punctuation and full-width forms, cut from Noto Sans CJK SC
(Debian's fonts-noto-cjk, SIL Open Font License 1.1; its licence is beside the
subset as assets/fonts/OFL.txt). The page loads it only in the Chinese locale
(assets/style.css, under html:lang(zh)), so a classroom machine without a CJK
font shows the interface instead of boxes. Capture text is not in the
subset: a Chinese mail needs a CJK font of the machine's own.

Run it again whenever a zh.tsv or a zh tour changes: `apt-get install
fonts-noto-cjk python3-fonttools python3-brotli` (Debian's /usr/bin/python3;
or `pip install fonttools brotli`), then scripts/cjk-font.py.

    scripts/cjk-font.py --check   # exit 1, naming them, if a character of the sources is not in the woff2

(`--check` needs only fontTools and brotli; tests/cjk_font.rs runs it.)
"""
import pathlib, subprocess, sys, tempfile

root = pathlib.Path(__file__).resolve().parent.parent
SOURCES = ["locales/ui/zh.tsv", "crates/cli/locales/zh.tsv", "crates/core/locales/zh.tsv"] + sorted(
    str(p.relative_to(root)) for p in (root / "assets" / "samples").glob("*.tour.zh.json"))
FONT = pathlib.Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
OUT = root / "assets" / "fonts" / "postscope-cjk.woff2"

text = set()
for s in SOURCES:
    p = root / s
    if p.exists():
        # CJK and beyond, but not the Specials block (U+FFF0-FFFF: U+FFFD, which a text about a charset
        # shows, is in no CJK font; every system draws it from its own).
        text |= {c for c in p.read_text(encoding="utf-8") if ord(c) >= 0x2E80 and not 0xFFF0 <= ord(c) <= 0xFFFF}
chars = sorted(text)

if sys.argv[1:] == ["--check"]:
    try:
        from fontTools.ttLib import TTFont
        import brotli  # noqa: F401 (fontTools reads woff2 with it)
    except ImportError as e:
        print(f"scripts/cjk-font.py --check: {e}: apt-get install python3-fonttools python3-brotli", file=sys.stderr)
        sys.exit(2)
    cmap = TTFont(OUT).getBestCmap()
    missing = [c for c in chars if ord(c) not in cmap]
    if missing:
        print(f"scripts/cjk-font.py --check: {len(missing)} of the {len(chars)} Chinese characters of the sources are not in "
              f"{OUT.relative_to(root)}: {''.join(missing)}\nRun scripts/cjk-font.py again.", file=sys.stderr)
        sys.exit(1)
    print(f"scripts/cjk-font.py --check: the {len(chars)} Chinese characters of {len(SOURCES)} sources are all in {OUT.relative_to(root)}")
    sys.exit(0)
# CJK symbols and punctuation, full-width forms, the middle dot and arrows the page uses.
ranges = "U+3000-303F,U+FF00-FFEF,U+00B7,U+2014,U+2018-201D,U+2026,U+2190-2194,U+2E80-2EFF"
if not FONT.exists():
    sys.exit(f"scripts/cjk-font.py: {FONT} is missing: apt-get install fonts-noto-cjk")
with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as f:
    f.write("".join(chars))
OUT.parent.mkdir(parents=True, exist_ok=True)
# Face 2 of the collection is Noto Sans CJK SC (Simplified Chinese glyph forms).
subprocess.run([sys.executable, "-m", "fontTools.subset", str(FONT), "--font-number=2", f"--text-file={f.name}",
                f"--unicodes={ranges}", "--flavor=woff2", "--layout-features=*", "--no-hinting", "--desubroutinize",
                f"--output-file={OUT}"], check=True)
print(f"scripts/cjk-font.py: {len(chars)} Chinese characters from {', '.join(s for s in SOURCES if (root / s).exists())}; "
      f"{OUT.relative_to(root)} is {OUT.stat().st_size} bytes")
