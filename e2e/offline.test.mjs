// The single-file build opens from a double-click: file://, no server, no network.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { start, fileFor, shots, root } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env.stop(); });

/** Opens dist/postscope.html from file:// in a new page of `context` and a lab
 * capture in it (not the shared corpus, so this runs on any clone), recording
 * console and page errors and every request to anything but file:, blob: and data:. */
async function openFileInSingleFile(context) {
  const page = await context.newPage();
  const errors = [];
  const requests = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => { if (!/^(file|blob|data):/.test(r.url())) requests.push(r.url()); });
  await page.goto(pathToFileURL(join(root, 'dist', 'postscope.html')).href);
  await page.waitForSelector('#transcript .line');
  await page.setInputFiles('#file-input', fileFor(join(root, 'tests', 'fixtures', 'smtp-auth-login.pcap')));
  await page.waitForSelector('#capture-summary h2:has-text("smtp-auth-login.pcap")');
  return { page, errors, requests };
}

test('dist/postscope.html works from file:// and makes no request', async () => {
  const { page, errors, requests } = await openFileInSingleFile(env.context);
  assert.match(await page.locator('#transcript').innerText(), /235 2\.7\.0 Authentication successful/);
  await page.screenshot({ path: join(shots, 'offline-file.png') });
  assert.deepEqual(errors, []);
  assert.deepEqual(requests, [], 'nothing is fetched from anywhere');
});

test('dist/postscope.html has its own policy: nothing from anywhere, no other inline script, no service worker', async () => {
  const page = await env.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(pathToFileURL(join(root, 'dist', 'postscope.html')).href);
  await page.waitForSelector('#transcript .line');
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.equal(policy.replace(/'sha256-[A-Za-z0-9+/=]+'/, 'HASH'),
    "default-src 'none'; script-src HASH blob: 'wasm-unsafe-eval'; worker-src blob:; child-src blob:; style-src 'unsafe-inline'; img-src data:; object-src 'none'; base-uri 'none'; form-action 'none'");
  const probe = await page.evaluate(async () => {
    const seen = [];
    document.addEventListener('securitypolicyviolation', (e) => seen.push(e.effectiveDirective));
    const fetched = await fetch('http://192.0.2.1/probe').then(() => 'fetched', (e) => String(e));
    const s = document.createElement('script');
    s.textContent = 'window.__injected = true';
    document.head.append(s);
    await new Promise((r) => setTimeout(r, 300));
    return { fetched, injected: window.__injected === true, seen, sw: navigator.serviceWorker?.controller ?? null };
  });
  assert.notEqual(probe.fetched, 'fetched');
  assert.equal(probe.injected, false);
  assert.ok(probe.seen.includes('connect-src') && probe.seen.includes('script-src-elem'), String(probe.seen));
  assert.equal(probe.sw, null, 'no service worker from file://');
  assert.equal(await page.locator('link[rel="manifest"]').count(), 0);
  assert.deepEqual(errors, []);
});

test('dist/postscope.html explains in Turkish for a Turkish reader, with the translation inside the file', async () => {
  // file:// forbids fetching locales/tr.tsv: scripts/offline.py carries the translations in the page.
  const tr = await start(undefined, { locale: 'tr-TR' });
  try {
    const { page, errors, requests } = await openFileInSingleFile(tr.context);
    // RFC 4954 §6: 235 means the authentication succeeded (the key smtp.reply.235).
    const said = readFileSync(join(root, 'crates', 'core', 'locales', 'tr.tsv'), 'utf8').match(/^smtp\.reply\.235\t(.*)$/m)[1];
    assert.ok((await page.locator('#transcript').innerText()).includes(said), 'the 235 reply explained in Turkish');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'tr');
    await page.screenshot({ path: join(shots, 'offline-file-tr.png') });
    assert.deepEqual(errors, []);
    assert.deepEqual(requests, [], 'nothing is fetched from anywhere');
  } finally {
    await tr.stop();
  }
});
