// Shared set-up of the browser tests: serve dist/ on 127.0.0.1 and drive
// Debian's Chromium with playwright-core. No network beyond loopback.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, basename } from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const shots = join(root, 'target', 'screenshots');
export const corpus = join(root, '..', 'shared', 'corpus', 'public');
// The shared corpus sits beside the project in CI. Elsewhere the tests that
// open its captures are skipped with a note, as the Rust tests do; with
// CI=true a missing corpus is a failure.
if (!existsSync(corpus) && process.env.CI) throw new Error(`CI=true but the shared corpus is missing at ${corpus}`);
export const needsCorpus = existsSync(corpus) ? {} : { skip: `the shared corpus is missing at ${corpus} (CI=true makes this a failure)` };
mkdirSync(shots, { recursive: true });

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}

async function waitForServer(url, tries = 100) {
  for (let i = 0; i < tries; i++) {
    try { const r = await fetch(url); if (r.ok) return; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server at ${url} did not start`);
}

/** Serves `dir` (dist/ unless told) on a free port of 127.0.0.1; returns its url and a stop(). */
export async function serve(dir = join(root, 'dist')) {
  const port = await freePort();
  const server = spawn('python3', ['-m', 'http.server', '--bind', '127.0.0.1', String(port), '--directory', dir], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}/`;
  await waitForServer(url);
  const stopped = new Promise((resolve) => server.once('exit', resolve));
  return { url, stop: async () => { server.kill(); await stopped; } };
}

/** Starts the static server (of `dir`, dist/ unless told) and the browser (with Playwright context `options`, such as a `locale`); returns helpers, stopServer() and stop(). */
export async function start(dir, options = {}) {
  const { url, stop: stopServer } = await serve(dir);
  const profile = mkdtempSync(join(tmpdir(), 'postscope-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    ...options,
  });
  const stop = async () => { await context.close(); await stopServer(); };
  // `profile`: this Chromium's own user-data-dir, which tells its processes from any other Chromium's.
  return { url, context, stop, stopServer, profile };
}

/** Opens the app in a new page, recording console errors and page errors. */
export async function openApp(env) {
  const page = await env.context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(env.url);
  return { page, errors };
}

export function fileFor(path) {
  return { name: basename(path), mimeType: 'application/octet-stream', buffer: readFileSync(path) };
}

/** Drops a file on the drop zone the way a browser does: dragenter, dragover, drop with a DataTransfer. */
export async function dropFile(page, path) {
  const bytes = [...readFileSync(path)];
  const data = await page.evaluateHandle(({ bytes, name }) => {
    const d = new DataTransfer();
    d.items.add(new File([new Uint8Array(bytes)], name));
    return d;
  }, { bytes, name: basename(path) });
  for (const type of ['dragenter', 'dragover', 'drop']) {
    await page.dispatchEvent('#drop-zone', type, { dataTransfer: data });
  }
}
