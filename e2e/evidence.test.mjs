// The packet view in headless Chromium: the packet list's count and columns
// against tshark for the same file (a sample, and a user's file read again
// with Blob.slice), the bytes highlighted after clicking a transcript line
// compared with the line's bytes, the layer tree and the hex dump selecting
// each other, the Wireshark filters, and Follow TCP Stream saved as text
// compared with tshark's. Screenshots at 1024x768 and 1400x1000.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, openApp, fileFor, shots, root } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env.stop(); });

const fixtures = join(root, 'tests', 'fixtures');

function tshark(args) {
  return execFileSync('tshark', args, { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' }, stdio: ['ignore', 'pipe', 'ignore'] });
}

/** tshark's packet list: No., Time, Source, Destination, Protocol, Length, Info per frame. */
function tsharkRows(capture) {
  const out = tshark(['-r', capture, '-T', 'fields', '-E', 'separator=\u0001',
    '-e', 'frame.number', '-e', '_ws.col.Time', '-e', '_ws.col.Source', '-e', '_ws.col.Destination',
    '-e', '_ws.col.Protocol', '-e', '_ws.col.Length', '-e', '_ws.col.Info']);
  return out.trim().split('\n').map((l) => l.split('\u0001'));
}

async function openFixture(page, name) {
  await page.setInputFiles('#file-input', fileFor(join(fixtures, name)));
  await page.waitForSelector(`#capture-summary h2:has-text("${name}")`);
}

/** The rows the virtualised list has built, as arrays of cell texts. */
async function shownRows(page) {
  await page.waitForFunction(() => !document.querySelector('#packets .pkt-row .muted'));
  return page.$$eval('#packets .pkt-row', (rows) => rows.map((r) => [...r.querySelectorAll('[role=cell]')].map((c) => c.textContent)));
}

async function allFrames(page) {
  const box = page.locator('#only-stream');
  if (await box.isChecked()) await box.uncheck();
}

/** Compares the built rows with tshark's; the Info of TCP-only rows word for word, the others' Protocol beside it. */
function compareRows(ours, theirs) {
  assert.ok(ours.length >= 10, `only ${ours.length} rows built`);
  for (const o of ours) {
    const t = theirs[Number(o[0]) - 1];
    assert.deepEqual(o.slice(0, 4), t.slice(0, 4), `frame ${o[0]}: No., Time, Source, Destination`);
    assert.equal(o[5], t[5], `frame ${o[0]}: Length`);
    if (t[4] === 'TCP') assert.equal(o[6], t[6], `frame ${o[0]}: Info`);
  }
}

for (const how of ['sample', 'file']) {
  test(`packet list of smtp-auth-login (${how}) has tshark's count and columns`, async () => {
    const { page, errors } = await openApp(env);
    if (how === 'file') await openFixture(page, 'smtp-auth-login.pcap');
    await page.waitForSelector('#packets .pkt-row');
    await allFrames(page);
    const theirs = tsharkRows(join(fixtures, 'smtp-auth-login.pcap'));
    const count = await page.textContent('#packets .count');
    assert.equal(count, `${theirs.length} of ${theirs.length} packets`);
    const ours = await shownRows(page);
    compareRows(ours, theirs);
    // The mail rows say what tshark says.
    const byNo = new Map(ours.map((o) => [o[0], o]));
    assert.equal(byNo.get('9')[6], 'C: AUTH LOGIN');
    assert.equal(byNo.get('9')[6], theirs[8][6]);
    assert.equal(byNo.get('14')[6], theirs[13][6]);
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test('a long list builds only the rows near the viewport, and scrolling builds the next', async () => {
  const { page } = await openApp(env);
  await openFixture(page, 'multi-client.pcap');
  await allFrames(page);
  const theirs = tsharkRows(join(fixtures, 'multi-client.pcap'));
  assert.equal(await page.textContent('#packets .count'), `${theirs.length} of ${theirs.length} packets`);
  const built = await page.$$eval('#packets .pkt-row', (r) => r.length);
  assert.ok(built < theirs.length && built <= 40, `${built} rows built for ${theirs.length}`);
  await page.$eval('#packets .pkt-list', (el) => { el.scrollTop = el.scrollHeight; });
  await page.waitForSelector(`#packets .pkt-row[data-frame="${theirs.length}"]`);
  compareRows(await shownRows(page), theirs);
  await page.close();
});

test('clicking the PASS line lights its frame and highlights exactly its bytes', async () => {
  const { page, errors } = await openApp(env);
  await openFixture(page, 'pop3-session.pcap');
  await page.waitForSelector('.line[data-line] code.text:text-is("PASS hunter2")');
  await page.click('.line[data-line]:has(code.text:text-is("PASS hunter2")) code.text');
  await page.waitForSelector('#packets .frame-detail');
  const carried = await page.$$eval('#packets .pkt-row.carried', (r) => r.map((x) => x.dataset.frame));
  assert.deepEqual(carried, ['12']);
  // The bytes marked in the hex dump are the line's, line end included (RFC 1939 §3: a command ends with CRLF).
  const hex = await page.$$eval('#packets .hex .b.mark', (b) => b.map((x) => x.textContent).join(''));
  assert.equal(Buffer.from(hex, 'hex').toString('latin1'), 'PASS hunter2\r\n');
  const asc = await page.$$eval('#packets .asc .a.mark', (b) => b.map((x) => x.textContent).join(''));
  assert.equal(asc, 'PASS hunter2..');
  // tshark agrees on where they are: frame 12's TCP payload is those bytes.
  const payload = tshark(['-r', join(fixtures, 'pop3-session.pcap'), '-Y', 'frame.number == 12', '-T', 'fields', '-e', 'tcp.payload']).trim();
  assert.equal(payload, hex);
  // The filters: this line, every PASS, the packet, the conversation.
  const filters = await page.$$eval('#packets .ws-filter code', (c) => c.map((x) => x.textContent));
  assert.ok(filters.includes('tcp.stream == 0 && frame.number == 12'), filters.join(' / '));
  assert.ok(filters.includes('pop.request.command == "PASS"'), filters.join(' / '));
  assert.ok(filters.includes('tcp.stream == 0'));
  for (const f of filters) {
    const found = tshark(['-r', join(fixtures, 'pop3-session.pcap'), '-Y', f, '-T', 'fields', '-e', 'frame.number']).trim();
    assert.ok(found.length > 0, `tshark finds nothing with ${f}`);
  }
  // Selecting a byte selects the field that holds it; the field's bytes are marked.
  await page.click('#packets .asc .a.mark >> nth=0');
  // (the POP layer and the TCP payload hold the same bytes, so they are marked too)
  const sel = await page.$$eval('#packets .layers button.field.selected', (b) => b.map((x) => x.textContent));
  assert.ok(sel.includes('Command Line: PASS hunter2'), sel.join(' / '));
  // Selecting a field marks its bytes: the TCP source port is two bytes, 0x… of the client's port.
  await page.click('#packets .layers button.field:text-matches("^Source Port: ")');
  const port = await page.$$eval('#packets .hex .b.sel', (b) => b.map((x) => x.textContent).join(''));
  const srcport = tshark(['-r', join(fixtures, 'pop3-session.pcap'), '-Y', 'frame.number == 12', '-T', 'fields', '-e', 'tcp.srcport']).trim();
  assert.equal(parseInt(port, 16), Number(srcport));
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.locator('#packets').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, 'evidence-1024x768.png') });
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.locator('#packets .frame-detail').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, 'evidence-1400x1000.png') });
  assert.deepEqual(errors, []);
  await page.close();
});

test('Follow TCP Stream shows both sides and saves tshark\'s text', async () => {
  const { page } = await openApp(env);
  await openFixture(page, 'smtp-auth-login.pcap');
  await page.click('#packets button.follow');
  await page.waitForSelector('#packets pre.follow .client');
  const text = await page.textContent('#packets pre.follow');
  assert.match(text, /AUTH LOGIN/);
  assert.ok(await page.$('#packets pre.follow .server'));
  const [d] = await Promise.all([page.waitForEvent('download'), page.click('#packets button.save-follow')]);
  const path = join(mkdtempSync(join(tmpdir(), 'postscope-follow-')), 'f.txt');
  await d.saveAs(path);
  assert.equal(d.suggestedFilename(), 'tcp-stream-0.txt');
  const theirs = tshark(['-r', join(fixtures, 'smtp-auth-login.pcap'), '-q', '-z', 'follow,tcp,ascii,0']);
  assert.equal(readFileSync(path, 'utf8'), theirs);
  await page.locator('#packets .follow-view').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, 'evidence-follow-1400x1000.png') });
  await page.close();
});
