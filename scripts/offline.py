#!/usr/bin/env python3
"""Makes dist/postscope.html: the whole app in one file that opens from a
double-click (file://), with no server and no network.

Browsers refuse to fetch a module script or a .wasm file from a page opened
as file://, so the stylesheet, the JavaScript glue and the WebAssembly bytes
are put inside the page: the glue is imported from a blob: URL and the wasm
is handed to it as bytes.

Its own Content-Security-Policy allows exactly that and nothing else: the
one inline script by its hash, the glue from a blob: URL, the wasm compiled
from bytes ('wasm-unsafe-eval'), inline styles (the page's stylesheet, and
the styles of an HTML mail in the message view's sealed frame, which
inherits the page's policy), images from data: URLs, and no request to
anywhere. The web manifest and the
service worker are for the served site only (no worker is registered from
file://), so their links are left out, and the icon is inlined."""
import base64, hashlib, json, pathlib, re, sys

dist = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "dist")
html = (dist / "index.html").read_text()

def css(m):
    # The Chinese font is a file beside the site's page; this single file loads
    # nothing (default-src 'none'), so its @font-face goes: Chinese uses the machine's fonts.
    text = re.sub(r"@font-face\s*\{[^}]*\}", "", (dist / m.group(1)).read_text())
    return "<style>\n" + text + "\n</style>"
html = re.sub(r'<link rel="stylesheet" href="\./([^"]+)"[^>]*/?>', css, html)
html = re.sub(r'<link rel="(modulepreload|preload)"[^>]*>', "", html)

m = re.search(r"<script type=\"module\"[^>]*>\s*import init, \* as bindings from '\./([^']+)';\s*const wasm = await init\(\{ module_or_path: '\./([^']+)' \}\);", html)
if not m:
    sys.exit("scripts/offline.py: dist/index.html does not have the loader Trunk writes; did the Trunk version change?")
glue = (dist / m.group(1)).read_text()
wasm = base64.b64encode((dist / m.group(2)).read_bytes()).decode()
loader = f"""<script type="module">
const glue = {json.dumps(glue)};
const bytes = Uint8Array.from(atob("{wasm}"), (c) => c.charCodeAt(0));
const bindings = await import(URL.createObjectURL(new Blob([glue], {{ type: "text/javascript" }})));
const wasm = await bindings.default({{ module_or_path: bytes }});"""
# The analysis worker: its glue and wasm inlined in a blob: URL the page
# starts it from (src/worker/client.rs reads window.postscopeWorkerUrl).
worker_glue = (dist / "worker.js").read_text()
worker_wasm = base64.b64encode((dist / "worker_bg.wasm").read_bytes()).decode()
worker_src = (worker_glue + f"""
wasm_bindgen({{ module_or_path: Uint8Array.from(atob("{worker_wasm}"), (c) => c.charCodeAt(0)) }});
""")
loader = loader.replace("<script type=\"module\">\n", "<script type=\"module\">\n" + f"""window.postscopeWorkerUrl = URL.createObjectURL(new Blob([{json.dumps(worker_src)}], {{ type: "text/javascript" }}));\n""", 1)
# The explanations' translations (src/i18n.rs reads window.postscopeLocales
# before it would fetch locales/<tag>.tsv, which file:// forbids).
translations = {p.stem: p.read_text() for p in sorted((dist / "locales").glob("*.tsv"))}
if not translations:
    sys.exit("scripts/offline.py: dist/locales/ has no translation (*.tsv); index.html copies crates/core/locales there")
loader = loader.replace("<script type=\"module\">\n", "<script type=\"module\">\n" + "window.postscopeLocales = " + json.dumps(translations).replace("</", "<\\/") + ";\n", 1)
start = m.start()
end = m.end()
html = html[:start] + loader + html[end:]

def sha256(text):
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, re.S)
styles = re.findall(r"<style>(.*?)</style>", html, re.S)
if len(scripts) != 1 or len(styles) != 1:
    sys.exit(f"scripts/offline.py: expected one inline script and one stylesheet, found {len(scripts)} and {len(styles)}")
policy = ("default-src 'none'; script-src " + sha256(scripts[0]) + " blob: 'wasm-unsafe-eval'; worker-src blob:; child-src blob:; style-src 'unsafe-inline'"
          + "; img-src data:; object-src 'none'; base-uri 'none'; form-action 'none'")
html, n = re.subn(r'<meta http-equiv="Content-Security-Policy" content="[^"]*"\s*/?>',
                  f'<meta http-equiv="Content-Security-Policy" content="{policy}" />', html)
if n != 1:
    sys.exit("scripts/offline.py: dist/index.html has no Content-Security-Policy to replace")
html = re.sub(r'<link rel="(manifest|apple-touch-icon)"[^>]*>\s*', "", html)
icon = "data:image/svg+xml;base64," + base64.b64encode((dist / "icon.svg").read_bytes()).decode()
html = re.sub(r'<link rel="icon" href="icon\.svg"', f'<link rel="icon" href="{icon}"', html)
(dist / "postscope.html").write_text(html)
print(f"wrote {dist / 'postscope.html'} ({len(html)} bytes): open it from any folder, no server needed")
