// TLS with a key log in the page: a lab STARTTLS recording is read inside TLS
// once its key log is given (after the capture, or dropped with it), entirely
// in the browser; without it, nothing inside TLS can be read.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join, basename } from 'node:path';
import { readFileSync } from 'node:fs';
import { start, openApp, fileFor, shots, root } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env.stop(); });

const CAPTURE = join(root, 'tests', 'fixtures', 'tls', 'smtp-starttls-tls13-aes128gcm.pcap');
const KEYS = join(root, 'tests', 'fixtures', 'tls', 'smtp-starttls-tls13-aes128gcm.keys');

test('a key log given after the capture reads the dialogue inside STARTTLS', async () => {
  const { page, errors } = await openApp(env);
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.setInputFiles('#file-input', fileFor(CAPTURE));
  await page.waitForSelector('#capture-summary h2:has-text("smtp-starttls-tls13-aes128gcm.pcap")');
  await page.waitForSelector('#transcript .line');
  // Without the keys: the login is inside TLS, so no line after STARTTLS and no credential.
  assert.equal(await page.locator('#transcript .line.decrypted').count(), 0);
  assert.doesNotMatch(await page.locator('#transcript').innerText(), /wonderland/);

  await page.setInputFiles('#keylog-input', fileFor(KEYS));
  await page.waitForSelector('#transcript .line.decrypted');
  const text = await page.locator('#transcript').innerText();
  // The second EHLO and the AUTH that were encrypted on the wire, with the password the lab sent.
  assert.match(text, /AUTH PLAIN/);
  assert.match(await page.locator('#transcript .cred-pass').first().innerText(), /wonderland/);
  // The whole explanation of a decrypted line says what the wire showed (its short form is only the first sentence).
  await page.selectOption('#density-select', 'full');
  await page.waitForFunction(() => !document.querySelector('#transcript .explain.short'));
  assert.match(await page.locator('#transcript').innerText(), /an eavesdropper without the keys saw only an encrypted TLS record/i);
  assert.ok((await page.locator('#transcript .line.decrypted').count()) > 5);
  assert.match(await page.locator('.keylog-hint').innerText(), /Key log in use: smtp-starttls-tls13-aes128gcm\.keys/);
  await page.locator('#transcript .line.decrypted').first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, 'keylog-decrypted.png'), fullPage: false });
  assert.ok(requests.every((u) => u.startsWith(env.url)), `only the page's own files were fetched: ${requests.filter((u) => !u.startsWith(env.url))}`);
  assert.deepEqual(errors, []);
});

test('a capture and its key log dropped together are read with the keys', async () => {
  const { page, errors } = await openApp(env);
  await page.waitForSelector('#transcript .line');
  const files = [CAPTURE, KEYS].map((p) => ({ name: basename(p), bytes: [...readFileSync(p)] }));
  const data = await page.evaluateHandle((files) => {
    const d = new DataTransfer();
    for (const f of files) d.items.add(new File([new Uint8Array(f.bytes)], f.name));
    return d;
  }, files);
  for (const type of ['dragenter', 'dragover', 'drop']) {
    await page.dispatchEvent('#drop-zone', type, { dataTransfer: data });
  }
  await page.waitForSelector('#capture-summary h2:has-text("smtp-starttls-tls13-aes128gcm.pcap")');
  await page.waitForSelector('#transcript .line.decrypted');
  assert.match(await page.locator('#transcript .cred-pass').first().innerText(), /wonderland/);
  assert.deepEqual(errors, []);
});
