// The message view in headless Chromium: hostile mail stays inert, messages
// and attachments are saved byte for byte, every built-in sample shows its
// messages, and a message cut by the end of the capture is marked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, openApp, fileFor, shots, root } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env.stop(); });

const fixtures = join(root, 'tests', 'fixtures');
const index = JSON.parse(readFileSync(join(fixtures, 'fixtures.json'), 'utf8'));
// The TLS recordings (one is a built-in sample, read with its key log: its messages are read inside TLS).
const tlsManifest = JSON.parse(readFileSync(join(fixtures, 'tls', 'manifest.json'), 'utf8'));
const TITLE = 'Postscope — how email really travels';

/** Every request the browser makes, from any page or frame of the context, with how it ended. */
function recordRequests(context) {
  const urls = [];
  const failed = new Map();
  const answered = [];
  const onRequest = (r) => urls.push(r.url());
  const onFailed = (r) => failed.set(r.url(), r.failure()?.errorText ?? '');
  const onResponse = (r) => answered.push(r.url());
  context.on('request', onRequest);
  context.on('requestfailed', onFailed);
  context.on('response', onResponse);
  return {
    urls, failed, answered,
    stop: () => { context.off('request', onRequest); context.off('requestfailed', onFailed); context.off('response', onResponse); },
  };
}

/** Opens a file from tests/fixtures and waits for its analysis. */
async function openFixture(page, name) {
  await page.setInputFiles('#file-input', fileFor(join(fixtures, name)));
  await page.waitForSelector(`#capture-summary h2:has-text("${name}")`);
}

async function download(page, click) {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = join(mkdtempSync(join(tmpdir(), 'postscope-dl-')), 'file');
  await d.saveAs(path);
  return { name: d.suggestedFilename(), bytes: readFileSync(path) };
}

function tsharkImf(capture) {
  try {
    execFileSync('tshark', ['--version'], { stdio: 'ignore' });
  } catch {
    assert.ok(!process.env.CI, 'tshark is needed under CI');
    return null;
  }
  const dir = mkdtempSync(join(tmpdir(), 'postscope-imf-'));
  execFileSync('tshark', ['-r', capture, '--disable-protocol', 'pop', '--disable-protocol', 'imap', '--export-objects', `imf,${dir}`, '-q'], { stdio: 'ignore' });
  return readdirSync(dir).map((f) => readFileSync(join(dir, f)));
}

test('a hostile HTML mail is shown as text and in a sealed frame: nothing runs, nothing loads', async () => {
  const requests = recordRequests(env.context);
  const { page, errors } = await openApp(env);
  await page.waitForSelector('#transcript .line');
  assert.equal(await page.title(), TITLE);
  await openFixture(page, 'smtp-hostile-html.pcap');
  await page.waitForSelector('#message-view iframe.html-render');
  // Give anything that could run (script, onload, onerror, meta refresh, autofocus) time to run.
  await page.waitForTimeout(2000);

  // Nothing ran: the title is ours, the script's marker element is nowhere.
  assert.equal(await page.title(), TITLE, 'the page title is unchanged');
  assert.equal(await page.locator('#pwned-by-mail').count(), 0, 'no element added by the mail');
  assert.equal(await page.evaluate(() => document.querySelectorAll('#message-view script, #transcript script').length), 0);
  assert.equal(page.url(), env.url, 'the page did not navigate');

  // The one place HTML is rendered: a sandboxed iframe with a no-network policy inside.
  const frames = page.locator('#message-view iframe');
  assert.equal(await frames.count(), 1);
  assert.equal(await frames.first().getAttribute('sandbox'), '', 'sandbox="" (no allow-scripts, no allow-same-origin)');
  const srcdoc = await frames.first().getAttribute('srcdoc');
  assert.match(srcdoc, /^<!DOCTYPE html><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">/);
  assert.ok(srcdoc.includes('pwned-by-mail'), 'the hostile HTML is what the frame holds');

  // No request left for a remote host. Chromium sometimes reports the CSS background
  // image as a request that its Content-Security-Policy check then stops before it is
  // sent ("csp"): allowed, as long as it is stopped that way and nothing answered it.
  requests.stop();
  const remote = (u) => !u.startsWith(env.url) && !/^(data|blob|about):/.test(u);
  assert.deepEqual(requests.answered.filter(remote), [], 'no remote host answered anything');
  for (const u of requests.urls.filter(remote)) {
    assert.match(requests.failed.get(u) ?? 'not stopped', /^(csp|net::ERR_BLOCKED_BY_CSP)$/, `${u} was stopped by the policy before it was sent`);
  }

  // Chromium says why: each attempt was blocked by the sandbox or the policy.
  for (const e of errors) assert.match(e, /Content Security Policy|sandboxed|allow-scripts/, `unexpected console error: ${e}`);
  assert.ok(errors.some((e) => /Blocked script execution in 'about:srcdoc'/.test(e)), 'the script was blocked');
  assert.ok(errors.some((e) => /tracker\.invalid\/pixel\.gif/.test(e)), 'the remote image was blocked');
  assert.ok(errors.some((e) => /styles\.invalid\/remote\.css/.test(e)), 'the remote CSS was blocked');

  // Headers and file names carrying markup and control characters are text, with the tricks shown.
  const subject = await page.locator('#message-subject').innerText();
  assert.equal(subject, "Your invoice <script>alert('subject')</script> ⟨ESC⟩[31mOVERDUE⟨ESC⟩[0m");
  const headers = await page.locator('#key-headers').innerText();
  assert.match(headers, /"<img src=x onerror=alert\('from'\)>" <mallory@lab\.example>/);
  assert.equal(await page.locator('#message-view img[src^="http"]').count(), 0);
  const tree = await page.locator('#mime-tree').innerText();
  assert.match(tree, /“\.\.\/\.\.\/etc\/passwd<script>\.txt”/);
  assert.match(tree, /“invoice⟨U\+202E⟩gnp\.exe”/);

  // No escape or direction character reaches the page as such, explanations included.
  const shown = await page.locator('#message-view').innerText();
  assert.ok(!/[\u001b\u202a-\u202e\u2066-\u2069]/.test(shown), 'hidden characters are shown, not obeyed');
  assert.match(shown, /attachment: offered as a file to save \(invoice⟨U\+202E⟩gnp\.exe\)/);

  // Saving an attachment uses a safe file name.
  const saved = await download(page, () => page.locator('#message-view button.save-part', { hasText: 'passwd' }).click());
  assert.equal(saved.name, 'etc_passwdscript.txt');
  assert.equal(saved.bytes.toString(), 'root:x:0:0:not really:/root:/bin/sh');
  const rlo = await download(page, () => page.locator('#message-view button.save-part', { hasText: 'invoice' }).click());
  assert.equal(rlo.name, 'invoicegnp.exe');

  await page.locator('#message-view').screenshot({ path: join(shots, 'message-hostile.png') });
  assert.equal(await page.title(), TITLE);
});

test('the whole message saves as .eml byte for byte, and attachments decoded', async () => {
  const { page, errors } = await openApp(env);
  await page.waitForSelector('#transcript .line');
  await openFixture(page, 'smtp-multipart-attachment.pcap');
  await page.waitForSelector('#message-view #save-eml');
  const entry = index.find((f) => f.file === 'smtp-multipart-attachment.pcap').messages[0];
  assert.equal(await page.locator('#message-subject').innerText(), entry.subject);
  const eml = await download(page, () => page.locator('#save-eml').click());
  assert.equal(eml.name, `${entry.subject}.eml`);
  assert.equal(eml.bytes.length, entry.size, 'fixtures.json gives the size as it crossed the wire');
  const imf = tsharkImf(join(fixtures, 'smtp-multipart-attachment.pcap'));
  if (imf) {
    assert.equal(imf.length, 1);
    assert.ok(eml.bytes.equals(imf[0]), 'the .eml is byte for byte tshark\'s IMF object');
  }
  const png = await download(page, () => page.locator('#message-view button.save-part', { hasText: 'stamp.png' }).click());
  assert.equal(png.name, 'stamp.png');
  assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  // The picture is shown from a data: URL, and the base64 on the wire sits next to it.
  assert.equal(await page.locator('#message-view img.image-preview[src^="data:image/png;base64,iVBORw0KGgo"]').count(), 1);
  await page.locator('#message-view').screenshot({ path: join(shots, 'message-multipart.png') });
  assert.deepEqual(errors, []);
});

test('every built-in sample shows the messages that crossed the wire', async () => {
  const samples = JSON.parse(readFileSync(join(root, 'assets', 'samples', 'samples.json'), 'utf8'));
  const { page, errors } = await openApp(env);
  await page.waitForSelector('#transcript .line');
  let seen = 0;
  for (const [i, s] of samples.entries()) {
    await page.selectOption('#sample-select', { value: String(i) });
    await page.waitForSelector(`#capture-summary h2:has-text("${s.title}")`);
    const listed = index.find((f) => f.file === s.file)
      ?? (s.keylog && { messages: tlsManifest.find((f) => f.file === s.file).messages.map((m) => ({ ...m, encrypted: false })) });
    const clear = listed.messages.filter((m) => !m.encrypted);
    // Walk every conversation and collect the subjects its message view lists.
    const subjects = [];
    for (const row of await page.locator('#stream-list .stream-row').all()) {
      await row.click();
      await page.waitForSelector('#message-view');
      const n = await page.locator('.message-card').count();
      for (let k = 0; k < n; k++) {
        await page.locator('.message-card .show-message').nth(k).click();
        await page.waitForSelector(`#message-view[data-index="${k}"]`);
        subjects.push(await page.locator('#message-subject').innerText());
      }
      if (n === 0) assert.match(await page.locator('#message-view').innerText(), /No message crossed the wire/);
    }
    assert.deepEqual([...subjects].sort(), clear.map((m) => m.subject).sort(), `${s.file}: the messages fixtures.json lists`);
    seen += subjects.length;
    await page.locator('#stream-list .stream-row').first().click();
    await page.screenshot({ path: join(shots, `messages-sample-${i}.png`) });
  }
  assert.ok(seen >= 8, `only ${seen} messages seen in the samples`);
  assert.deepEqual(errors, []);
});

/** The capture up to and including frame n (classic little-endian pcap). */
function cutAfterFrame(bytes, n) {
  let at = 24;
  for (let i = 0; i < n; i++) at += 16 + bytes.readUInt32LE(at + 8);
  return bytes.subarray(0, at);
}

test('a message whose end is not in the capture is still shown, marked incomplete', async () => {
  const { page, errors } = await openApp(env);
  await page.waitForSelector('#transcript .line');
  const cut = join(mkdtempSync(join(tmpdir(), 'postscope-cut-')), 'smtp-auth-plain-cut.pcap');
  writeFileSync(cut, cutAfterFrame(readFileSync(join(fixtures, 'smtp-auth-plain.pcap')), 19));
  await page.setInputFiles('#file-input', fileFor(cut));
  await page.waitForSelector('#message-view #message-incomplete');
  assert.match(await page.locator('#message-incomplete').innerText(), /incomplete: .*end not captured/);
  assert.equal(await page.locator('#message-subject').innerText(), 'Re: Lunch on Friday?');
  assert.match(await page.locator('#message-view .message > .explain').first().innerText(), /before this message does/);
  await page.locator('#message-view').screenshot({ path: join(shots, 'message-incomplete.png') });
  assert.deepEqual(errors, []);
});
