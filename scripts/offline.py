#!/usr/bin/env python3
"""Makes dist/postscope.html: the whole app in one file that opens from a
double-click (file://), with no server and no network.

Browsers refuse to fetch a module script or a .wasm file from a page opened
as file://, so the stylesheet, the JavaScript glue and the WebAssembly bytes
are put inside the page: the glue is imported from a blob: URL and the wasm
is handed to it as bytes."""
import base64, json, pathlib, re, sys

dist = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "dist")
html = (dist / "index.html").read_text()

def css(m):
    return "<style>\n" + (dist / m.group(1)).read_text() + "\n</style>"
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
start = m.start()
end = m.end()
html = html[:start] + loader + html[end:]
(dist / "postscope.html").write_text(html)
print(f"wrote {dist / 'postscope.html'} ({len(html)} bytes): open it from any folder, no server needed")
