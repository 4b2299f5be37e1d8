// End to end: the built site in headless Chromium, opened the ways a person opens it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, openApp, fileFor, dropFile, shots, corpus, needsCorpus, root } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env.stop(); });

const SMTP = join(corpus, 'zeek__zeek', 'smtp.pcap');

test('the first screen already shows a sample conversation, explained', async () => {
  const { page, errors } = await openApp(env);
  const samples = join(root, 'assets', 'samples', 'samples.json');
  if (existsSync(samples)) {
    await page.waitForSelector('#transcript .line');
    const lines = await page.locator('#transcript .line').count();
    assert.ok(lines > 5, `expected the default sample's lines, saw ${lines}`);
    const explained = await page.locator('#transcript .line .explain').count();
    assert.ok(explained > 5, 'lines carry explanations');
  } else {
    await page.waitForSelector('#drop-zone');
  }
  await page.screenshot({ path: join(shots, 'first-screen.png'), fullPage: false });
  assert.deepEqual(errors, []);
});

test('a capture opened with the file picker shows its SMTP dialogue and decoded login', needsCorpus, async () => {
  const { page, errors } = await openApp(env);
  await page.setInputFiles('#file-input', fileFor(SMTP));
  await page.waitForSelector('#capture-summary h2:has-text("smtp.pcap")');
  await page.waitForSelector('#transcript[data-stream="0"]');
  const text = await page.locator('#transcript').innerText();
  assert.match(text, /EHLO GP/);
  assert.match(text, /AUTH LOGIN/);
  assert.match(text, /Base64 decoded: Username:/);
  assert.match(text, /gurpartap@patriots\.in/);
  assert.match(text, /235 Authentication succeeded/);
  // Frame numbers as Wireshark shows them: EHLO is frame 7, the 235 frame 15.
  assert.equal(await page.locator('#transcript .line[data-frame="7"] code.text').first().innerText(), 'EHLO GP');
  assert.equal(await page.locator('#transcript .line[data-frame="15"] .verb').first().innerText(), '235');
  const rows = await page.locator('#stream-list .stream-row').count();
  assert.equal(rows, 6, 'tshark -z conv,tcp lists 6 TCP conversations');
  await page.screenshot({ path: join(shots, 'file-picker-smtp.png'), fullPage: false });
  assert.deepEqual(errors, []);
});

test('a capture dropped on the page opens the same way', needsCorpus, async () => {
  const { page, errors } = await openApp(env);
  await dropFile(page, join(corpus, 'zeek__zeek', 'pop3.pcap'));
  await page.waitForSelector('#capture-summary h2:has-text("pop3.pcap")');
  await page.waitForSelector('#transcript .line');
  const text = await page.locator('#transcript').innerText();
  assert.match(text, /\+OK/);
  await page.screenshot({ path: join(shots, 'drop-pop3.png'), fullPage: false });
  assert.deepEqual(errors, []);
});

test('a file that is not a capture gets a clear message on the page', async () => {
  const { page, errors } = await openApp(env);
  const bogus = join(root, 'target', 'not-a-capture.txt');
  writeFileSync(bogus, 'Hello, this is a text file and not a packet capture.\n');
  await page.setInputFiles('#file-input', fileFor(bogus));
  const msg = await page.locator('#capture-error').innerText();
  assert.match(msg, /could not read not-a-capture\.txt/);
  assert.match(msg, /not a packet capture/);
  await page.screenshot({ path: join(shots, 'not-a-capture.png') });
  assert.deepEqual(errors, []);
});

test('the conversation list says what happened in each and filters a long capture', async () => {
  const { page, errors } = await openApp(env);
  await page.setInputFiles('#file-input', fileFor(join(root, 'tests', 'fixtures', 'multi-client.pcap')));
  await page.waitForSelector('#capture-summary h2:has-text("multi-client.pcap")');
  await page.waitForSelector('#stream-list .stream-row[data-stream="2"]');
  // What the lab recorded (fixtures.json): logins of alice (IMAP), bob (POP3), bob@lab.example (SMTP), one message each.
  const row = (n) => page.locator(`#stream-list .stream-row[data-stream="${n}"] .happened`).innerText();
  assert.match(await row(0), /login alice[\s\S]*1 message/);
  assert.match(await row(1), /login bob[\s\S]*1 message/);
  assert.match(await row(2), /login bob@lab\.example[\s\S]*1 message/);
  assert.equal(await page.locator('#stream-count').innerText(), '3 conversations');
  await page.fill('#stream-filter', 'login bob');
  await page.waitForSelector('#stream-count:has-text("2 of 3")');
  assert.deepEqual(await page.locator('#stream-list .stream-row').evaluateAll((rows) => rows.map((r) => r.dataset.stream)), ['1', '2']);
  await page.fill('#stream-filter', ':143');
  await page.waitForSelector('#stream-count:has-text("1 of 3")');
  assert.match(await page.locator('#stream-list .stream-row').innerText(), /IMAP/);
  await page.fill('#stream-filter', 'no such thing');
  await page.waitForSelector('.streams .empty:has-text("No conversation matches")');
  assert.equal(await page.locator('#stream-list .stream-row').count(), 0);
  await page.fill('#stream-filter', '');
  assert.equal(await page.locator('#stream-list .stream-row').count(), 3);
  await page.screenshot({ path: join(shots, 'conversations.png'), fullPage: false });
  assert.deepEqual(errors, []);
});

test('times are Wireshark\'s: each frame since the first, each conversation\'s start and duration', async () => {
  const file = join(root, 'tests', 'fixtures', 'multi-client.pcap');
  // The oracle: tshark's frame.time_relative for every frame.
  const tshark = execFileSync('tshark', ['-n', '-r', file, '-T', 'fields', '-e', 'frame.number', '-e', 'frame.time_relative'], { encoding: 'utf8' });
  const times = new Map(tshark.trim().split('\n').map((l) => l.split('\t')).map(([f, t]) => [f, Number(t).toFixed(6)]));
  const { page, errors } = await openApp(env);
  await page.setInputFiles('#file-input', fileFor(file));
  await page.waitForSelector('#capture-summary h2:has-text("multi-client.pcap")');
  await page.locator('#stream-list .stream-row[data-stream="2"]').click();
  await page.waitForSelector('#transcript[data-stream="2"]');
  assert.equal(await page.locator('#transcript .frame .time').count(), 0, 'times are off until asked for');
  await page.check('#show-times');
  await page.waitForSelector('#transcript.with-times .frame .time');
  const shown = await page.locator('#transcript .item > [data-frame]').evaluateAll((items) =>
    items.map((i) => [i.dataset.frame, i.querySelector(':scope > .frame .time')?.textContent]).filter(([, t]) => t));
  assert.ok(shown.length > 10, `times shown: ${shown.length}`);
  for (const [frame, t] of shown) assert.equal(t, times.get(frame), `frame ${frame}`);
  // The conversation's start and duration: its first and last frame's times (no time goes backwards here).
  const cells = await page.locator('#stream-list .stream-row[data-stream="2"] td.num').allInnerTexts();
  const [first, last] = (await page.locator('#transcript .stream-facts').innerText()).match(/Frames (\d+)–(\d+)/).slice(1);
  assert.equal(cells[2], times.get(first));
  assert.equal(cells[3], (Number(times.get(last)) - Number(times.get(first))).toFixed(4));
  // A click on a time still links to its frame.
  await page.locator('#transcript .frame .time').nth(3).click();
  assert.match(page.url(), new RegExp(`frame=${shown[3][0]}$`));
  await page.screenshot({ path: join(shots, 'times.png'), fullPage: false });
  assert.deepEqual(errors, []);
});

test('a burst of TCP events is one folded block, so a long capture stays quick', needsCorpus, async () => {
  // Three copies of a real capture, one after the other: the second and third
  // replay the first's segments, which TCP analysis calls out of order,
  // window full, ... thousands of events in a row.
  const src = join(corpus, 'OISF__suricata-verify', 'mime-stream-depth__input.pcap');
  const file = join(mkdtempSync(join(tmpdir(), 'postscope-')), 'three-copies.pcap');
  execFileSync('mergecap', ['-a', '-F', 'pcap', '-w', file, src, src, src]);
  const { page, errors } = await openApp(env);
  await page.setInputFiles('#file-input', file);
  await page.waitForSelector('#capture-summary h2:has-text("three-copies.pcap")');
  const run = page.locator('#transcript details.tcp-run');
  await run.first().waitFor();
  const summary = await run.first().locator('summary').innerText();
  const [, n, first, last] = summary.match(/^TCP: (\d+) events in a row, frames (\d+)–(\d+): /);
  assert.ok(Number(n) > 1000, summary);
  assert.ok(Number(first) < Number(last), summary);
  assert.ok(await page.locator('#transcript .item').count() < 2000, 'the burst is not on the page until asked for');
  assert.equal(await run.first().locator('.tcp').count(), 0);
  await run.first().locator('summary').click();
  await page.waitForSelector('#transcript details.tcp-run[open] .tcp');
  const shown = await run.first().locator('.tcp').count();
  const rest = await run.first().locator('button.show-all').innerText();
  assert.equal(shown + Number(rest.match(/Show the other (\d+) events/)[1]), Number(n));
  assert.equal(await run.first().locator('.tcp').first().getAttribute('data-frame'), first);
  await page.screenshot({ path: join(shots, 'tcp-run.png'), fullPage: false });
  assert.deepEqual(errors, []);
});
