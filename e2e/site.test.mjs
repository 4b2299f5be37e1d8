// Offline and installable: the served site asks no other origin for
// anything (and its Content-Security-Policy forbids it), installs as a
// Progressive Web App, works with the server gone after one visit, and a
// new build's service worker replaces the old build's cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { start, openApp, fileFor, shots, root } from './harness.mjs';

const fixtures = join(root, 'tests', 'fixtures');
const samples = JSON.parse(readFileSync(join(root, 'assets', 'samples', 'samples.json'), 'utf8'));
const MULTIPART = samples.findIndex((s) => s.file === 'smtp-multipart-attachment.pcap');
const swVersion = (dir) => readFileSync(join(dir, 'sw.js'), 'utf8').match(/^const VERSION = "([0-9a-f]{16})";$/m)[1];

/** Every request of the context (pages, frames and the service worker) that is not for 127.0.0.1. */
function recordRemote(context, base) {
  const remote = [];
  const onRequest = (r) => { if (!r.url().startsWith(base) && !/^(data|blob|about):/.test(r.url())) remote.push(r.url()); };
  context.on('request', onRequest);
  return { remote, stop: () => context.off('request', onRequest) };
}

/** Waits until a service worker controls the page; returns the cache names. */
async function controlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller !== null, null, { timeout: 20000 });
  return page.evaluate(() => caches.keys());
}

test('the served site makes no request to any other origin, and its policy forbids one', async () => {
  const env = await start();
  try {
    const rec = recordRemote(env.context, env.url);
    const { page, errors } = await openApp(env);
    await page.waitForSelector('#transcript .line');
    // A sample, a file, the message view (with its picture from a data: URL).
    await page.selectOption('#sample-select', String(MULTIPART));
    await page.waitForSelector('#message-view img.image-preview');
    await page.setInputFiles('#file-input', fileFor(join(fixtures, 'imap-session.pcap')));
    await page.waitForSelector('#capture-summary h2:has-text("imap-session.pcap")');
    await page.locator('.message-card .show-message').first().click();
    await page.waitForSelector('#message-view #message-subject');
    assert.deepEqual(errors, []);

    // The policy is in force: a request to elsewhere and an injected inline script are both refused.
    const refused = await page.evaluate(async () => {
      const seen = [];
      document.addEventListener('securitypolicyviolation', (e) => seen.push(e.effectiveDirective));
      const fetched = await fetch('http://192.0.2.1/probe').then(() => 'fetched', (e) => String(e));
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true';
      document.head.append(s);
      const img = new Image();
      img.src = 'http://192.0.2.1/pixel.gif';
      await new Promise((r) => setTimeout(r, 500));
      return { fetched, injected: window.__injected === true, seen };
    });
    assert.notEqual(refused.fetched, 'fetched');
    assert.equal(refused.injected, false, 'an inline script not hashed in the policy does not run');
    for (const d of ['connect-src', 'script-src-elem', 'img-src']) assert.ok(refused.seen.includes(d), `${d} refused: ${refused.seen}`);
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.equal(policy.replace(/'sha256-[A-Za-z0-9+/=]+'/, 'HASH'),
      "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' HASH; style-src 'self' 'unsafe-inline'; img-src 'self' data:; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'");

    rec.stop();
    // The probes above were refused by the policy before leaving; nothing else left 127.0.0.1.
    assert.deepEqual(rec.remote.filter((u) => !u.startsWith('http://192.0.2.1/')), [], 'no request left 127.0.0.1');

    // The sealed frame of an HTML mail inherits the policy: the mail's own styles
    // apply (its <style> is read); the hostile-mail test checks that nothing remote loads.
    await page.setInputFiles('#file-input', fileFor(join(fixtures, 'smtp-hostile-html.pcap')));
    await page.waitForSelector('#message-view iframe.html-render');
    const sealed = page.frameLocator('#message-view iframe.html-render');
    await sealed.locator('h1').waitFor();
    assert.equal(await sealed.locator('style').evaluate((el) => el.sheet?.cssRules.length), 2, 'the mail\'s inline <style> applies');
  } finally {
    await env.stop();
  }
});

test('it installs as an app, and works with the server gone after the first visit', async () => {
  const env = await start();
  try {
    const rec = recordRemote(env.context, env.url);
    const { page, errors } = await openApp(env);
    await page.waitForSelector('#transcript .line');
    // Chromium's own view of the manifest: installable, nothing missing.
    const cdp = await env.context.newCDPSession(page);
    const { installabilityErrors: installErrors } = await cdp.send('Page.getInstallabilityErrors');
    assert.deepEqual(installErrors, [], 'Chromium finds the app installable');
    const { url: manifestUrl } = await cdp.send('Page.getAppManifest');
    assert.equal(manifestUrl, `${env.url}manifest.webmanifest`);
    const manifest = JSON.parse(readFileSync(join(root, 'dist', 'manifest.webmanifest'), 'utf8'));
    assert.equal(manifest.display, 'standalone');
    assert.equal(manifest.start_url, './');
    for (const icon of manifest.icons) {
      const r = await page.evaluate((src) => fetch(src).then((r) => [r.status, r.headers.get('content-type')]), icon.src);
      assert.equal(r[0], 200, icon.src);
    }

    // The service worker of this build holds every built file.
    const version = swVersion(join(root, 'dist'));
    assert.deepEqual(await controlled(page), [`postscope-${version}`]);
    const files = JSON.parse(readFileSync(join(root, 'dist', 'sw.js'), 'utf8').match(/^const FILES = (.*);$/m)[1]);
    const cached = await page.evaluate(async (v) => (await (await caches.open(`postscope-${v}`)).keys()).map((r) => r.url), version);
    assert.deepEqual(cached.sort(), files.map((f) => new URL(f, env.url).href).sort());
    for (const f of ['index.html', 'manifest.webmanifest', 'icon.svg']) assert.ok(files.includes(f), f);
    // The first load stays small: the wasm, its JavaScript and the stylesheet under 1 MB gzipped.
    // The analysis worker's loader, glue and wasm are not part of it: the built-in sample is
    // analysed on the page, and the page starts the worker with the first file opened — so the
    // page has not fetched them (the service worker precaches them in the background).
    const first = files.filter((f) => /^(app-.*\.(js|wasm)|style-.*\.css)$/.test(f));
    const gz = first.reduce((n, f) => n + gzipSync(readFileSync(join(root, 'dist', f))).length, 0);
    assert.equal(first.length, 3);
    const fetched = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
    assert.ok(fetched.some((f) => /app-.*_bg\.wasm$/.test(f)), fetched.join(' '));
    assert.ok(!fetched.some((f) => /worker(_loader|_bg)?\.(js|wasm)$/.test(f)), `the page fetched the worker before any file: ${fetched.join(' ')}`);
    // The explanations in another language are fetched when that language is
    // the reader's: the English page fetched none, and the first load in any
    // language (with its translation) stays under 1 MB.
    assert.ok(!fetched.some((f) => /\/locales\//.test(f)), `the English page fetched a translation: ${fetched.join(' ')}`);
    const translations = files.filter((f) => /^locales\/[a-z]+\.tsv$/.test(f));
    assert.deepEqual(translations.sort(), ['locales/tr.tsv', 'locales/zh.tsv']);
    const largest = Math.max(...translations.map((f) => gzipSync(readFileSync(join(root, 'dist', f))).length));
    assert.ok(gz + largest < 1024 * 1024, `first load ${gz} bytes gzipped, ${gz + largest} with the largest translation`);
    assert.ok(files.some((f) => /^app-[0-9a-f]+_bg\.wasm$/.test(f)) && files.some((f) => /^style-[0-9a-f]+\.css$/.test(f)));

    // The server goes away and the network is off: the page still opens, with its samples.
    await env.stopServer();
    await env.context.setOffline(true);
    await assert.rejects(fetch(env.url), 'the server is really gone');
    await page.goto('about:blank');
    await page.goto(`${env.url}#sample=${MULTIPART}`);
    await page.waitForSelector('#transcript .line');
    await page.waitForSelector('#message-view img.image-preview');
    assert.equal(await page.locator('#message-subject').innerText(), 'Lab schedule and stamp');
    await page.selectOption('#sample-select', '1');
    await page.waitForSelector('#capture-summary h2:has-text("POP3")');
    await page.screenshot({ path: join(shots, 'offline-after-first-visit.png') });
    // A switch to Turkish with the server gone: its explanations come from the
    // precache (RFC 1939 §7: a greeting with a timestamp offers APOP; the key pop3.greeting.apop).
    await page.selectOption('#language-select', 'tr');
    await page.waitForFunction(() => document.documentElement.lang === 'tr');
    const tr = readFileSync(join(root, 'crates', 'core', 'locales', 'tr.tsv'), 'utf8').match(/^pop3\.greeting\.apop\t(.*)$/m)[1];
    const want = tr.split('{0}')[1].trim();
    await page.waitForFunction((w) => document.querySelector('#transcript')?.innerText.includes(w), want, { timeout: 10000 })
      .catch(() => assert.fail(`the POP3 greeting is not explained in Turkish offline: ${want}`));
    await page.selectOption('#language-select', 'en');
    assert.deepEqual(errors, []);
    rec.stop();
    assert.deepEqual(rec.remote, []);
  } finally {
    await env.context.setOffline(false);
    await env.stop();
  }
});

test('a new build brings a new service worker, which replaces the old build\'s cache', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'postscope-site-')), 'dist');
  cpSync(join(root, 'dist'), dir, { recursive: true });
  const env = await start(dir);
  try {
    const { page, errors } = await openApp(env);
    await page.waitForSelector('#transcript .line');
    const first = swVersion(dir);
    assert.deepEqual(await controlled(page), [`postscope-${first}`]);
    // "The next build": the page changes, scripts/site.py finishes the folder again.
    writeFileSync(join(dir, 'index.html'), readFileSync(join(dir, 'index.html'), 'utf8').replace('<body></body>', '<body data-build="second"></body>'));
    execFileSync('python3', [join(root, 'scripts', 'site.py'), dir]);
    const second = swVersion(dir);
    assert.notEqual(second, first, 'a changed build has a new version');
    // The browser looks for a new worker on a visit (as update() does at once): it
    // installs, takes this build's files and drops the old build's cache.
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
    let keys;
    for (let i = 0; i < 100; i++) {
      keys = await page.evaluate(() => caches.keys());
      if (keys.length === 1 && keys[0] === `postscope-${second}`) break;
      await page.waitForTimeout(200);
    }
    assert.deepEqual(keys, [`postscope-${second}`], 'only the new build is kept');
    await page.reload();
    await page.waitForSelector('body[data-build="second"] #transcript .line');
    assert.deepEqual(errors, []);
  } finally {
    await env.stop();
  }
});
