// The capture-wide views on the built site: the capture in one paragraph,
// the packet sequence diagram (its arrows against tshark's frames of the
// conversation; a click on an arrow selects its line, a click on a line its
// arrow), what an eavesdropper learned (against the lab's known credentials
// and messages, tests/fixtures/fixtures.json), and the built-in sample that
// comes with its key log, read side by side with its encrypted records.
// Screenshots at 1024x768, 1400x1000 and 390x844 under target/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { start, openApp, shots, root } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env.stop(); });

const samples = JSON.parse(readFileSync(join(root, 'assets', 'samples', 'samples.json'), 'utf8'));
const fixtures = JSON.parse(readFileSync(join(root, 'tests', 'fixtures', 'fixtures.json'), 'utf8'));
const LOGIN = samples.findIndex((s) => s.file === 'smtp-auth-login.pcap');
const KEYED = samples.findIndex((s) => s.keylog);

async function openSample(page, n) {
  await page.goto(`${env.url}#sample=${n}`);
  await page.reload();
  await page.waitForSelector(`#capture-summary h2:has-text("${samples[n].title}")`);
  await page.waitForSelector('#transcript .line');
}

test('the sequence diagram has one arrow per frame of the conversation, as tshark counts them', async () => {
  const { page, errors } = await openApp(env);
  await openSample(page, LOGIN);
  const file = join(root, 'assets', 'samples', samples[LOGIN].file);
  const frames = execFileSync('tshark', ['-r', file, '-Y', 'tcp.stream == 0', '-T', 'fields', '-e', 'frame.number'], { encoding: 'utf8' })
    .trim().split('\n').map(Number);
  const arrows = await page.locator('#sequence .arrow').evaluateAll((gs) => gs.map((g) => Number(g.dataset.frame)));
  assert.deepEqual(arrows, frames);
  // The handshake as RFC 9293 §3.5 has it, and the login on a client's arrow.
  assert.match(await page.locator('#sequence .arrow').nth(0).textContent(), /\[SYN\] Len=0/);
  assert.match(await page.locator('#sequence .arrow').nth(1).textContent(), /\[SYN, ACK\] Len=0/);
  const auth = page.locator('#sequence .arrow.from-client', { hasText: 'AUTH LOGIN' });
  assert.equal(await auth.count(), 1);
  assert.equal(await page.locator('#sequence .bracket-handshake').count(), 1);
  assert.equal(await page.locator('#sequence .bracket-teardown').count(), 1);
  // The same, as a table for screen readers.
  assert.equal(await page.locator('#sequence table tbody tr').count(), frames.length);

  // A click on the arrow selects its line in the transcript...
  const frame = await auth.getAttribute('data-frame');
  await auth.click();
  await page.waitForSelector('#transcript .focused');
  assert.equal(await page.locator('#transcript .focused [data-frame]').first().getAttribute('data-frame'), frame);
  assert.match(await page.locator('#transcript .focused').innerText(), /AUTH LOGIN/);
  assert.equal(await page.locator('#sequence .arrow.selected').getAttribute('data-frame'), frame);
  // ...and a click on another line's frame number selects its arrow.
  const mail = page.locator('#transcript .line.command', { hasText: 'MAIL FROM' });
  const mailFrame = await mail.getAttribute('data-frame');
  await mail.locator('.frame').click();
  await page.waitForSelector(`#sequence .arrow.selected[data-frame="${mailFrame}"]`);

  // Evenly spaced or to scale: the same arrows, placed by time.
  await page.locator('#spacing-scale').check();
  assert.equal(await page.locator('#sequence .arrow').count(), frames.length);
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.locator('#sequence').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, 'sequence-1024.png') });
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.locator('#spacing-even').check();
  await page.locator('#sequence').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, 'sequence-1400.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.locator('#sequence').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, 'sequence-phone.png') });
  assert.deepEqual(errors, []);
});

test('the eavesdropper panel lists what the lab sent in clear, with its lesson', async () => {
  const { page, errors } = await openApp(env);
  for (const [n, sample] of samples.entries()) {
    const fx = fixtures.find((f) => f.file === sample.file);
    if (!fx) continue;
    await openSample(page, n);
    await page.waitForSelector('#eavesdropper');
    const panel = page.locator('#eavesdropper');
    for (const c of fx.credentials) {
      const item = panel.locator('.exposed.credential', { hasText: c.username });
      if (c.encrypted) {
        assert.equal(await item.count(), 0, `${sample.file}: ${c.username} logged in inside TLS`);
        continue;
      }
      assert.ok(await item.count() >= 1, `${sample.file}: the login of ${c.username}`);
      if (c.mechanism !== 'CRAM-MD5' && c.mechanism !== 'APOP') {
        assert.equal(await item.first().locator('.exposed-detail code').innerText(), c.password, `${sample.file}`);
      }
    }
    for (const m of fx.messages) {
      const subject = panel.locator('.exposed.subject', { hasText: m.subject });
      assert.equal(await subject.count() > 0, !m.encrypted, `${sample.file}: ${m.subject}`);
    }
    if (fx.credentials.some((c) => !c.encrypted)) {
      assert.match(await panel.innerText(), /would have hidden it\. \[RFC 8314 §3\]/);
    }
  }
  // The STARTTLS sample: what TLS hid, and what leaked all the same.
  const starttls = samples.findIndex((s) => s.file === 'smtp-starttls-587.pcap');
  await openSample(page, starttls);
  const text = await page.locator('#eavesdropper .tls-lesson').innerText();
  assert.match(text, /cannot be read without the keys/);
  assert.match(text, /Sizes and times/);
  // A click on an item goes to its frame in its conversation.
  await openSample(page, LOGIN);
  const cred = page.locator('#eavesdropper .exposed.credential').first();
  const frame = await cred.getAttribute('data-frame');
  await cred.locator('button.goto').click();
  await page.waitForSelector('#transcript .focused');
  assert.ok(Number(await page.locator('#transcript .focused [data-frame]').first().getAttribute('data-frame')) <= Number(frame));
  for (const [w, h, name] of [[1024, 768, '1024'], [1400, 1000, '1400'], [390, 844, 'phone']]) {
    await page.setViewportSize({ width: w, height: h });
    await page.locator('#eavesdropper').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, `eavesdropper-${name}.png`) });
  }
  // The capture in one paragraph, above the conversations.
  await page.setViewportSize({ width: 1400, height: 1000 });
  assert.match(await page.locator('#overview').innerText(), /^1 TCP conversation in .* the client logged in with AUTH LOGIN as "alice@lab\.example" \(accepted\); it sent the message "Lunch on Friday\?" with DATA/);
  assert.deepEqual(errors, []);
});

test('the key-log sample shows the decrypted dialogue beside the records that carried it', async () => {
  assert.ok(KEYED >= 0, 'a built-in sample comes with its key log');
  const { page, errors } = await openApp(env);
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await openSample(page, KEYED);
  await page.waitForSelector('#transcript .line.decrypted');
  assert.match(await page.locator('#transcript .cred-pass').first().innerText(), /wonderland/);
  const sbs = page.locator('#side-by-side');
  await sbs.waitFor();
  const rows = sbs.locator('tbody tr');
  assert.ok(await rows.count() > 5);
  // The AUTH line, inside, beside an encrypted application-data record of the same frame
  // (the AUTH command with its Base64 answer, not EHLO's "250-AUTH PLAIN LOGIN" keyword line).
  const auth = rows.filter({ has: page.locator('.sbs-inside', { hasText: /AUTH PLAIN [A-Za-z0-9+\/=]{8,}/ }) }).first();
  assert.match(await auth.locator('.sbs-wire').innerText(), /TLS application data · \d+ bytes/);
  const frame = await auth.getAttribute('data-frame');
  assert.equal(await page.locator(`#transcript .line.decrypted[data-frame="${frame}"]`, { hasText: 'AUTH PLAIN' }).count(), 1);
  assert.ok(await sbs.locator('.inside.login', { hasText: 'wonderland' }).count() === 1);
  assert.ok(await sbs.locator('.inside.message', { hasText: 'TLS lab: smtp-starttls-tls13-aes128gcm' }).count() === 1);
  // The eavesdropper panel keeps what the keys revealed apart from what crossed in clear.
  const dec = page.locator('#eavesdropper .exposed.credential.decrypted');
  assert.equal(await dec.count(), 1);
  assert.match(await page.locator('#eavesdropper').innerText(), /Read only with the key log/);
  for (const [w, h, name] of [[1024, 768, '1024'], [1400, 1000, '1400'], [390, 844, 'phone']]) {
    await page.setViewportSize({ width: w, height: h });
    await auth.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, `side-by-side-${name}.png`) });
  }
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.locator('#overview').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, 'keyed-sample-top-1400.png') });
  assert.ok(requests.every((u) => u.startsWith(env.url)), 'nothing of the key log is sent anywhere');
  assert.deepEqual(errors, []);
});
