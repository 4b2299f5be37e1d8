// The single-file build opens from a double-click: file://, no server, no network.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { start, fileFor, shots, root } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env.stop(); });

test('dist/postscope.html works from file:// and makes no request', async () => {
  const page = await env.context.newPage();
  const errors = [];
  const requests = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => { if (!/^(file|blob|data):/.test(r.url())) requests.push(r.url()); });
  await page.goto(pathToFileURL(join(root, 'dist', 'postscope.html')).href);
  await page.waitForSelector('#transcript .line');
  // A lab capture (not the shared corpus), so this runs on any clone.
  await page.setInputFiles('#file-input', fileFor(join(root, 'tests', 'fixtures', 'smtp-auth-login.pcap')));
  await page.waitForSelector('#capture-summary h2:has-text("smtp-auth-login.pcap")');
  assert.match(await page.locator('#transcript').innerText(), /235 2\.7\.0 Authentication successful/);
  await page.screenshot({ path: join(shots, 'offline-file.png') });
  assert.deepEqual(errors, []);
  assert.deepEqual(requests, [], 'nothing is fetched from anywhere');
});
