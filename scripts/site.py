#!/usr/bin/env python3
"""Finishes Trunk's dist/ for an offline classroom:

- the Content-Security-Policy in index.html gets the hash of the inline
  loader Trunk writes (in place of 'sha256-LOADER'), so no other inline
  script can run and nothing is loaded from another origin;
- dist/sw.js, the service worker, is written from assets/pwa/sw.js with the
  list of every built file and a version that is a hash of them all: a new
  build is a new worker, which replaces the old build's cache. The Chinese
  font (*.woff2) is listed apart: fetched only when the Chinese locale asks
  for it, and cached then. The translations of the explanations
  (locales/<tag>.tsv) are precached: an offline classroom switches language.

Usage: scripts/site.py [DIST]"""
import base64, hashlib, json, pathlib, re, sys

root = pathlib.Path(__file__).resolve().parent.parent
dist = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else root / "dist")
index = dist / "index.html"
html = index.read_text()

def sha256(text):
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, re.S)
if not inline:
    sys.exit("scripts/site.py: no inline loader script in dist/index.html; did the Trunk version change?")
# The placeholder, or the hashes a run before wrote (so a changed page can be finished again).
csp = re.compile(r"(<meta http-equiv=\"Content-Security-Policy\" content=\"[^\"]*script-src 'self' 'wasm-unsafe-eval' )((?:'sha256-[^']*' ?)+)")
if not csp.search(html):
    sys.exit("scripts/site.py: the Content-Security-Policy in index.html has no 'sha256-LOADER' to fill in")
html = csp.sub(lambda m: m.group(1) + " ".join(sha256(s) for s in inline), html, count=1)
index.write_text(html)

# Every file of the site (with its folder: locales/tr.tsv), the page itself as "./" too (the address a student opens).
skip = {"sw.js", "postscope.html"}
every = sorted(p.relative_to(dist).as_posix() for p in dist.rglob("*") if p.is_file() and p.relative_to(dist).as_posix() not in skip)
# Fetched only on demand (the Chinese font, only in the Chinese locale): not
# precached, so installing never downloads it; the worker keeps it once the page asked for it.
lazy = [f for f in every if f.endswith(".woff2")]
files = [f for f in every if f not in lazy]
digest = hashlib.sha256()
for name in every:
    digest.update(name.encode() + b"\0" + (dist / name).read_bytes() + b"\0")
version = digest.hexdigest()[:16]
sw = (root / "assets" / "pwa" / "sw.js").read_text()
sw = sw.replace("'__VERSION__'", json.dumps(version)).replace("__FILES__", json.dumps(["./"] + files)).replace("__LAZY__", json.dumps(lazy))
(dist / "sw.js").write_text(sw)
print(f"scripts/site.py: policy hashes {len(inline)} inline script(s); sw.js version {version}, {len(files) + 1} files precached, {len(lazy)} kept when first fetched")
