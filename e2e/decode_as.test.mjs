// "Decode as" in the app: the same choice as the CLI's --decode-as, made per
// conversation, re-analysing the capture already loaded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { copyFileSync, mkdtempSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { start, openApp, fileFor, shots, root } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env.stop(); });

const PORT_1025 = join(root, 'tests', 'fixtures', 'smtp-port-1025.pcap');

test('a port can be read as another protocol, and back to automatic', async () => {
  const { page, errors } = await openApp(env);
  await page.setInputFiles('#file-input', fileFor(PORT_1025));
  await page.waitForSelector('#capture-summary h2:has-text("smtp-port-1025.pcap")');
  await page.waitForSelector('#transcript .line');
  // Recognised by its greeting, with no choice made.
  assert.match(await page.locator('#decode-as').innerText(), /Read port 1025 as[\s\S]*Read as SMTP now \(content/);
  assert.equal(await page.locator('#decode-as-select').inputValue(), 'auto');
  const lines = await page.locator('#transcript .line').count();
  assert.ok(lines > 10, `SMTP lines shown: ${lines}`);

  // "Not mail": the conversation's bytes are counted, no line is explained.
  await page.selectOption('#decode-as-select', 'unknown');
  await page.waitForSelector('#decode-as:has-text("Read as UNKNOWN now (decode-as port 1025)")');
  assert.equal(await page.locator('#transcript .line').count(), 0);
  assert.match(await page.locator('#stream-list .stream-row[data-stream="0"]').innerText(), /UNKNOWN/);

  // Read as SMTP by choice: the same lines as recognised by content.
  await page.selectOption('#decode-as-select', 'smtp');
  await page.waitForSelector('#decode-as:has-text("Read as SMTP now (decode-as port 1025)")');
  assert.equal(await page.locator('#transcript .line').count(), lines);
  assert.match(await page.locator('#transcript').innerText(), /220 greeting/);
  await page.screenshot({ path: join(shots, 'decode-as.png'), fullPage: false });

  // Back to automatic.
  await page.selectOption('#decode-as-select', 'auto');
  await page.waitForSelector('#decode-as:has-text("(content")');
  assert.equal(await page.locator('#transcript .line').count(), lines);
  assert.deepEqual(errors, []);
});

test('a built-in sample can be decoded as another protocol too', async () => {
  const { page, errors } = await openApp(env);
  await page.waitForSelector('#transcript .line');
  await page.waitForSelector('#decode-as-select:not([disabled])');
  await page.selectOption('#decode-as-select', 'pop3');
  await page.waitForSelector('#decode-as:has-text("Read as POP3 now")');
  // SMTP replies read as POP3 are not +OK/-ERR: said to be so, not explained as POP3 replies.
  assert.match(await page.locator('#transcript').innerText(), /neither \+OK nor -ERR/);
  assert.deepEqual(errors, []);
});

test('a file that is gone when "decode as" reads it again gets a clear message, and the page stays', async () => {
  // "Decode as" reads the user's file again (its bytes are not kept): if the
  // file was removed meanwhile, the page says so and keeps what it showed.
  const file = join(mkdtempSync(join(tmpdir(), 'postscope-')), 'gone.pcap');
  copyFileSync(PORT_1025, file);
  const { page, errors } = await openApp(env);
  await page.setInputFiles('#file-input', file);
  await page.waitForSelector('#capture-summary h2:has-text("gone.pcap")');
  await page.waitForSelector('#transcript .line');
  unlinkSync(file);
  await page.selectOption('#decode-as-select', 'pop3');
  await page.waitForSelector('#capture-error');
  const text = await page.locator('#capture-error').innerText();
  assert.match(text, /^Postscope could not read gone\.pcap: the browser could not read the file at byte 0: .+ \(reading it again for "read port 1025 as"\)$/);
  assert.ok(await page.locator('#transcript .line').count() > 0, 'the transcript read before stays');
  // The choice shows what the page really shows: still automatic (SMTP).
  assert.equal(await page.locator('#decode-as-select').inputValue(), 'auto');
  assert.match(await page.locator('#decode-as').innerText(), /Read as SMTP now/);
  await page.screenshot({ path: join(shots, 'decode-as-file-gone.png') });
  assert.deepEqual(errors.filter((e) => !/ERR_FILE_NOT_FOUND|NotFoundError|NotReadableError/.test(e)), []);
});
