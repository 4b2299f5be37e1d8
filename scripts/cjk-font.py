#!/usr/bin/python3
"""Makes assets/fonts/postscope-cjk.woff2: the Chinese glyphs the page itself
writes (the Simplified Chinese interface table locales/ui/zh.tsv, the CLI's
crates/cli/locales/zh.tsv, the explanation catalogue crates/core/locales/zh.tsv)
plus the CJK punctuation and full-width forms, cut from Noto Sans CJK SC
(Debian's fonts-noto-cjk, SIL Open Font License 1.1; its licence is beside the
subset as assets/fonts/OFL.txt). The page loads it only in the Chinese locale
(assets/style.css, under html:lang(zh)), so a classroom machine without a CJK
font shows the interface instead of boxes. Capture text is not in the
subset: a Chinese mail needs a CJK font of the machine's own.

Run it again whenever a zh.tsv changes (in particular once the Chinese
catalogue lands): `apt-get install fonts-noto-cjk python3-fonttools
python3-brotli` (Debian's /usr/bin/python3; or `pip install fonttools brotli`), then scripts/cjk-font.py.
"""
import pathlib, subprocess, sys, tempfile

root = pathlib.Path(__file__).resolve().parent.parent
SOURCES = ["locales/ui/zh.tsv", "crates/cli/locales/zh.tsv", "crates/core/locales/zh.tsv"]
FONT = pathlib.Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
OUT = root / "assets" / "fonts" / "postscope-cjk.woff2"

text = set()
for s in SOURCES:
    p = root / s
    if p.exists():
        text |= {c for c in p.read_text(encoding="utf-8") if ord(c) >= 0x2E80}
chars = sorted(text)
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
