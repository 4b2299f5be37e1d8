// The analysis worker and the windowed lists: a large capture is read in
// slices inside a Web Worker with progress and a way to stop; conversations
// appear while it is read; a conversation's items are asked of the worker
// when it is opened; a transcript of 100,000 lines keeps few rows in the DOM.
// The large captures are made here: crates/gencap (realistic mail) and
// e2e/longcap.mjs (one conversation of 100,000 lines).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { start, openApp, shots, root } from './harness.mjs';
import { longSmtp } from './longcap.mjs';

let env;
const dir = join(root, 'target', 'bigcaps');
/** A generated capture of `size` ("30M"), made once by gencap. */
function generated(size, seed) {
  const f = join(dir, `gen-${size}.pcap`);
  if (!existsSync(f)) {
    mkdirSync(dir, { recursive: true });
    execFileSync('cargo', ['run', '-q', '--release', '-p', 'gencap', '--', '--seed', String(seed), '--size', size, '-o', f], { cwd: root, stdio: 'inherit' });
  }
  return f;
}

before(async () => { env = await start(); });
after(async () => { await env.stop(); });

/** Records what the page asks of its worker (the requests' JSON). */
async function recordRequests(page) {
  await page.addInitScript(() => {
    window.workerRequests = [];
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (m, ...rest) {
      if (m && typeof m.request === 'string') window.workerRequests.push(m.request);
      return post.call(this, m, ...rest);
    };
  });
}

test('a large capture is read in the worker with progress, conversations listed as found, and can be stopped', async () => {
  const file = generated('100M', 1);
  const page = await env.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await recordRequests(page);
  await page.goto(env.url);
  await page.waitForSelector('#transcript .line');
  // The built-in sample was analysed on the page: no worker yet.
  assert.equal(await page.evaluate(() => window.workerRequests.length), 0);
  await page.setInputFiles('#file-input', file);
  // Progress: bytes, frames and conversations, growing.
  const seen = [];
  await page.waitForSelector('#load-progress');
  // Watched for up to 30 s: under load the worker may take seconds to start reading.
  for (const end = Date.now() + 30000; Date.now() < end && seen.length < 3;) {
    const t = await page.locator('#load-progress').innerText().catch(() => '');
    const m = t.match(/\((\d+) of (\d+) bytes\) · (\d+) frames · (\d+) conversations? found/);
    if (m && Number(m[1]) > 0 && !seen.some((s) => s[0] === Number(m[1]))) seen.push(m.slice(1).map(Number));
    await page.waitForTimeout(100);
  }
  assert.ok(seen.length >= 2, `progress seen: ${JSON.stringify(seen)}`);
  assert.ok(seen.every(([b, total, f]) => b <= total && f > 0), JSON.stringify(seen));
  // Conversations appear while the file is still being read.
  await page.waitForSelector('#stream-list tr.stream-row');
  assert.ok(await page.locator('#load-progress').isVisible(), 'still reading when the first conversations show');
  await page.screenshot({ path: join(shots, 'worker-progress.png') });
  // Stop: what was read is analysed and shown, and the page goes on working.
  await page.click('#cancel-load');
  await page.waitForSelector('#capture-stopped', { timeout: 120000 });
  const stopped = await page.locator('#capture-stopped').innerText();
  const [, at, total] = stopped.match(/stopped at byte (\d+) of (\d+)/);
  assert.ok(Number(at) < Number(total), stopped);
  // The file was not cut short: no note may say so.
  assert.equal(await page.locator('#capture-warnings li:has-text("file ends in the middle")').count(), 0);
  await page.waitForSelector('#transcript .line');
  const rows = await page.locator('#stream-list tr.stream-row').count();
  assert.ok(rows > 0);
  await page.locator('#stream-list tr.stream-row').nth(Math.min(rows - 1, 3)).click();
  await page.waitForSelector('#transcript .line');
  await page.screenshot({ path: join(shots, 'worker-stopped.png') });
  await page.selectOption('#sample-select', '0');
  await page.waitForSelector('#capture-summary h2:has-text("Sample")');
  await page.waitForSelector('#transcript .line');
  assert.deepEqual(errors, []);
});

test('a conversation\'s items are asked of the worker when it is opened, not held for all', async () => {
  const page = await env.context.newPage();
  await recordRequests(page);
  await page.goto(env.url);
  await page.waitForSelector('#transcript .line');
  await page.setInputFiles('#file-input', join(root, 'tests', 'fixtures', 'multi-client.pcap'));
  await page.waitForSelector('#capture-summary h2:has-text("multi-client.pcap")');
  await page.waitForSelector('#transcript .line');
  // Each view of the whole capture asked the worker for its own data, and shows it.
  await page.waitForSelector('#overview');
  await page.waitForSelector('.capture-plots svg');
  const kinds = await page.evaluate(() => window.workerRequests.map((r) => Object.keys(JSON.parse(r))[0]));
  for (const k of ['Open', 'Paragraph', 'Timeline', 'IoGraph', 'Eavesdropper', 'Stream']) assert.ok(kinds.includes(k), `${k} not asked: ${kinds}`);
  assert.ok(!kinds.includes('Frames'), 'the whole frame index is not asked while the packet list shows one conversation');
  const first = await page.locator('#transcript').getAttribute('data-stream');
  const other = await page.locator(`#stream-list tr.stream-row:not([data-stream="${first}"])`).first().getAttribute('data-stream');
  const before = await page.evaluate(() => window.workerRequests.length);
  await page.click(`#stream-list tr.stream-row[data-stream="${other}"]`);
  await page.waitForSelector(`#transcript[data-stream="${other}"] .line`);
  const asked = await page.evaluate((b) => window.workerRequests.slice(b), before);
  assert.ok(asked.some((r) => JSON.parse(r).Stream?.stream === Number(other)), JSON.stringify(asked));
  assert.ok(asked.every((r) => !r.includes('"Open"')), 'no re-reading of the file');
});

test('the error page after a file the worker read goes back to it, its other conversations still asked of the worker', async () => {
  const page = await env.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await recordRequests(page);
  await page.goto(env.url);
  await page.waitForSelector('#transcript .line');
  await page.setInputFiles('#file-input', join(root, 'tests', 'fixtures', 'multi-client.pcap'));
  await page.waitForSelector('#capture-summary h2:has-text("multi-client.pcap")');
  await page.waitForSelector('#transcript .line');
  const first = await page.locator('#transcript').getAttribute('data-stream');
  await page.setInputFiles('#file-input', { name: 'notes.pcap', mimeType: 'application/octet-stream', buffer: Buffer.from('these are my notes, not a capture\n') });
  await page.waitForSelector('#capture-error');
  assert.match(await page.locator('#error-back').innerText(), /Back to multi-client\.pcap/);
  await page.click('#error-back');
  await page.waitForSelector('#capture-summary h2:has-text("multi-client.pcap")');
  await page.waitForSelector(`#transcript[data-stream="${first}"] .line`);
  // Another conversation is answered by the worker, which kept the capture (nothing read again).
  const before = await page.evaluate(() => window.workerRequests.length);
  const other = await page.locator(`#stream-list tr.stream-row:not([data-stream="${first}"])`).first().getAttribute('data-stream');
  await page.click(`#stream-list tr.stream-row[data-stream="${other}"]`);
  await page.waitForSelector(`#transcript[data-stream="${other}"] .line`, { timeout: 10000 });
  const asked = await page.evaluate((b) => window.workerRequests.slice(b), before);
  assert.ok(asked.every((r) => !r.includes('"Open"')), 'no re-reading of the file');
  await page.screenshot({ path: join(shots, 'worker-back.png') });
  assert.deepEqual(errors, []);
});

test('a transcript of 100,000 lines keeps few rows on the page and scrolls to its end', async () => {
  const file = join(dir, 'long-100k.pcap');
  mkdirSync(dir, { recursive: true });
  if (!existsSync(file)) writeFileSync(file, longSmtp(100000));
  const page = await env.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(env.url);
  await page.waitForSelector('#transcript .line');
  await page.setInputFiles('#file-input', file);
  await page.waitForSelector('#capture-summary h2:has-text("long-100k.pcap")', { timeout: 120000 });
  await page.waitForSelector('#transcript .line', { timeout: 120000 });
  const lines = await page.evaluate(() => document.querySelectorAll('#transcript .line').length);
  assert.ok(lines < 1000, `${lines} line rows in the DOM`);
  await page.evaluate(() => {
    window.longTasks = [];
    new PerformanceObserver((l) => window.longTasks.push(...l.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
  });
  // Scroll down the whole transcript, a screen at a time for a while, then to the end.
  for (let i = 0; i < 30; i++) { await page.mouse.wheel(0, 900); await page.waitForTimeout(30); }
  const mid = await page.evaluate(() => document.querySelectorAll('#transcript .line').length);
  assert.ok(mid < 1000, `${mid} line rows in the DOM after scrolling`);
  for (let i = 0; i < 10 && !(await page.locator('#transcript .line:has-text("QUIT")').count()); i++) {
    // The transcript's own end (the sequence diagram, plots and packets follow it on the page).
    await page.evaluate(() => window.scrollTo(0, scrollY + document.querySelector('#transcript').getBoundingClientRect().bottom - innerHeight));
    await page.waitForTimeout(300);
  }
  await page.waitForSelector('#transcript .line:has-text("QUIT")');
  assert.match(await page.locator('#transcript .line').last().innerText(), /221/);
  const end = await page.evaluate(() => document.querySelectorAll('#transcript .line').length);
  assert.ok(end < 1000, `${end} line rows in the DOM at the end`);
  const longest = await page.evaluate(() => Math.max(0, ...window.longTasks));
  console.log(`# 100,000 lines: ${lines} / ${mid} / ${end} line rows in the DOM (start / scrolled / end); longest task while scrolling ${longest.toFixed(0)} ms`);
  await page.screenshot({ path: join(shots, 'worker-100k-end.png') });
  assert.deepEqual(errors, []);
});

test('the longest main-thread task while a large generated capture loads is reported, and the capture-wide views mount a few of its conversations, saying how many', async () => {
  const file = generated('100M', 1);
  const page = await env.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await recordRequests(page);
  await page.addInitScript(() => {
    window.longTasks = [];
    new PerformanceObserver((l) => window.longTasks.push(...l.getEntries().map((e) => [e.startTime, e.duration]))).observe({ type: 'longtask' });
  });
  await page.goto(env.url);
  await page.waitForSelector('#transcript .line');
  const t0 = await page.evaluate(() => performance.now());
  await page.setInputFiles('#file-input', file);
  await page.waitForSelector('#capture-summary h2:has-text("gen-100M.pcap")', { timeout: 300000 });
  await page.waitForSelector('#transcript .line', { timeout: 60000 });
  await page.waitForTimeout(300);
  const tasks = await page.evaluate((t0) => window.longTasks.filter(([t]) => t >= t0).map(([, d]) => d), t0);
  const longest = Math.max(0, ...tasks);
  console.log(`# 100 MB generated capture: ${tasks.length} long tasks on the page's thread while it loaded, the longest ${longest.toFixed(0)} ms`);
  // The whole file was read: its conversations are all listed.
  const facts = await page.locator('#capture-summary .facts').innerText();
  const n = Number(facts.match(/(\d+) TCP conversations/)[1]);
  assert.ok(n > 100, facts);
  assert.equal(await page.locator('#stream-count').innerText(), `${n} conversations`);
  // Times are the benchmark's (bench/wasm.mjs); here, what the views put on the page.
  // The list: windowed, a few chunks of rows.
  const listed = await page.locator('#stream-list tr.stream-row').count();
  assert.ok(listed > 0 && listed <= 200, `${listed} conversation rows in the DOM of ${n}`);
  // The paragraph: a dozen conversations told, the rest counted (crates/core's PARAGRAPH_STREAMS).
  await page.waitForSelector('#overview');
  const para = await page.locator('#overview').innerText();
  assert.match(para, new RegExp(`${n - 12} more conversations are listed below`), para);
  // The eavesdropper: its counts are the whole capture's, its first 20 conversations shown, with how many there are.
  await page.waitForSelector('#eavesdropper .overheard');
  const sections = async () => page.locator('#eavesdropper .overheard').count();
  assert.equal(await sections(), 20);
  const shown = await page.locator('#eaves-shown').innerText();
  const [, first, of] = shown.match(/The first (\d+) of the (\d+) conversations that gave something away are shown/).map(Number);
  assert.equal(first, 20);
  assert.ok(of > 20 && of <= n, shown);
  assert.match(await page.locator('#eavesdropper .eaves-intro').innerText(), /^\d+ items crossed the wire readable/);
  // Asked for more, it shows 20 more, asked of the worker a page at a time.
  await page.click('#eaves-more');
  await page.waitForSelector('#eavesdropper .overheard >> nth=39');
  assert.equal(await sections(), 40);
  assert.match(await page.locator('#eaves-shown').innerText(), new RegExp(`The first 40 of the ${of} `));
  const pages = await page.evaluate(() => window.workerRequests.map((r) => JSON.parse(r)).filter((r) => r.Eavesdropper).map((r) => r.Eavesdropper));
  assert.deepEqual(pages.map((p) => [p.from, p.count]), [[0, 20], [20, 20]]);
  // The timeline: a bar for every conversation once drawn (in slices); its table is made when opened, and windowed.
  await page.waitForSelector('.timeline .tl-chart:not([aria-busy])', { timeout: 60000 });
  assert.equal(await page.locator('.timeline .tl-bar').count(), n);
  assert.equal(await page.locator('.tl-table tbody tr:not(.vspacer)').count(), 0);
  await page.locator('.timeline .plot-table > summary').click();
  await page.waitForSelector('.tl-table tbody tr:not(.vspacer)');
  const tableRows = await page.locator('.tl-table tbody tr:not(.vspacer)').count();
  assert.ok(tableRows > 0 && tableRows <= 200, `${tableRows} timeline table rows in the DOM of ${n}`);
  // The ready page, as a class sees it first, on a wide and on a projector's screen.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(shots, 'worker-100M-ready-1400.png') });
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.screenshot({ path: join(shots, 'worker-100M-ready-1024.png') });
  await page.evaluate(() => document.querySelector('#eavesdropper').scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: join(shots, 'worker-100M-eavesdropper-1024.png') });
  await page.evaluate(() => document.querySelector('.capture-plots').scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: join(shots, 'worker-100M-timeline-1024.png') });
  assert.deepEqual(errors, []);
});

test('when no worker can start, the page reads the capture itself in slices and says so in the progress area', async () => {
  const file = generated('30M', 2);
  const page = await env.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // A browser without workers (as a page whose worker cannot start): the constructor throws.
  await page.addInitScript(() => {
    window.Worker = function () { throw new Error('workers are off in this test'); };
    window.longTasks = [];
    new PerformanceObserver((l) => window.longTasks.push(...l.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
  });
  await page.goto(env.url);
  // The built-in sample is read on the page, every view as with the worker.
  await page.waitForSelector('#transcript .line');
  await page.waitForSelector('#overview');
  await page.setInputFiles('#file-input', file);
  await page.waitForSelector('#on-page');
  assert.match(await page.locator('#on-page').innerText(), /analysis worker cannot be used in this browser here \(this browser could not start a worker: .*workers are off in this test.*\), so the capture is read on this page/);
  // The page still answers while it reads: progress moves between slices.
  const first = await page.locator('#load-progress').innerText();
  await page.waitForFunction((t) => { const p = document.querySelector('#load-progress'); return !p || p.innerText !== t; }, first, { timeout: 60000 });
  await page.waitForSelector('#capture-summary h2:has-text("gen-30M.pcap")', { timeout: 300000 });
  await page.waitForSelector('#transcript .line', { timeout: 60000 });
  const facts = await page.locator('#capture-summary .facts').innerText();
  const n = Number(facts.match(/(\d+) TCP conversations/)[1]);
  assert.ok(n > 30, facts);
  assert.equal(await page.locator('#stream-count').innerText(), `${n} conversations`);
  await page.waitForSelector('#eavesdropper');
  const longest = Math.max(0, ...(await page.evaluate(() => window.longTasks)));
  console.log(`# on the page, no worker: 30 MB generated capture read, ${n} conversations; longest task ${longest.toFixed(0)} ms`);
  await page.screenshot({ path: join(shots, 'worker-on-page.png') });
  assert.deepEqual(errors, []);
});

/** What the worker answers, as the page receives it (the messages' JSON). */
async function recordAnswers(page) {
  await page.addInitScript(() => {
    window.workerAnswers = [];
    const W = window.Worker;
    window.Worker = function (...args) {
      const w = new W(...args);
      w.addEventListener('message', (e) => { if (typeof e.data === 'string' && e.data.startsWith('{"Stream"')) window.workerAnswers.push(e.data); });
      return w;
    };
    window.Worker.prototype = W.prototype;
  });
}

/** An item as the transcript orders it: its kind, frame, side, and for a line its verb and text. */
const itemKey = (i) => JSON.stringify([i.type, i.frame, i.dir ?? null, i.type === 'line' ? [i.verb ?? null, i.text] : null, i.event ?? null]);

test('a conversation of a large capture, read again from the file when opened, is the one the CLI writes', async () => {
  // The worker keeps only what the capture-wide views need of each conversation; opening one
  // reads its frames again (Blob.slice) and analyses them alone. What comes back must be what
  // the analysis of the whole file says of that conversation: the CLI's --json, item for item.
  const file = generated('10M', 2);
  const page = await env.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await recordRequests(page);
  await recordAnswers(page);
  await page.goto(env.url);
  await page.waitForSelector('#transcript .line');
  await page.setInputFiles('#file-input', file);
  await page.waitForSelector('#capture-summary h2:has-text("gen-10M.pcap")', { timeout: 300000 });
  await page.waitForSelector('#transcript .line', { timeout: 60000 });
  const rows = page.locator('#stream-list tr.stream-row');
  await rows.first().waitFor();
  const count = await rows.count();
  assert.ok(count > 20, `${count} conversations`);
  const cli = execFileSync('cargo', ['run', '-q', '--release', '-p', 'postscope', '--', '--json', file], { cwd: root, maxBuffer: 1 << 30 }).toString();
  const records = cli.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const checked = [];
  // A conversation near the middle of the file and the last one (far from where the reading started).
  for (const nth of [Math.floor(count / 2), count - 1]) {
    const row = rows.nth(nth);
    await row.scrollIntoViewIfNeeded();
    const stream = Number(await row.getAttribute('data-stream'));
    const before = await page.evaluate(() => window.workerAnswers.length);
    await row.click();
    await page.waitForSelector(`#transcript[data-stream="${stream}"] .line`, { timeout: 60000 });
    const answer = JSON.parse(await page.evaluate((b) => window.workerAnswers.slice(b).at(-1), before)).Stream.stream;
    assert.equal(answer.stream, stream);
    const want = records.filter((r) => r.stream === stream && r.type !== 'stream');
    const header = records.find((r) => r.type === 'stream' && r.stream === stream);
    assert.ok(want.length > 10, `stream ${stream}: ${want.length} records from the CLI`);
    assert.deepEqual(answer.items.map(itemKey), want.map(itemKey), `stream ${stream}: items differ from the CLI's`);
    for (const k of ['first_frame', 'last_frame', 'packets', 'protocol', 'client', 'server']) assert.equal(String(answer[k]), String(header[k]), `stream ${stream}: ${k}`);
    // The messages and credentials as the CLI has them.
    for (const type of ['message', 'credential']) {
      const pick = (xs) => xs.filter((i) => i.type === type).map((i) => JSON.stringify([i.frame ?? i.first_frame, i.subject ?? null, i.size ?? null, i.username ?? null, i.password ?? null]));
      assert.deepEqual(pick(answer.items), pick(want), `stream ${stream}: ${type}s`);
    }
    // The rows on screen are those lines: number, frame and text.
    const lines = answer.items.filter((i) => i.type === 'line');
    const shown = await page.$$eval(`#transcript[data-stream="${stream}"] .line`, (ls) => ls.map((l) => [Number(l.dataset.line), Number(l.dataset.frame), l.querySelector('code.text').textContent]));
    assert.ok(shown.length > 0);
    for (const [n, frame, text] of shown) {
      const l = lines.find((x) => x.number === n);
      assert.deepEqual([frame, text], [l?.frame, l?.text], `stream ${stream}, line ${n}`);
    }
    checked.push([stream, answer.items.length]);
  }
  // The file was not opened again (no new Open): only its pieces were read.
  const kinds = await page.evaluate(() => window.workerRequests.map((r) => Object.keys(JSON.parse(r))[0]));
  assert.equal(kinds.filter((k) => k === 'Open').length, 1, kinds.join(' '));
  console.log(`# gen-10M: conversations ${checked.map(([s, n]) => `${s} (${n} items)`).join(', ')} read again from the file equal the CLI's`);
  await page.screenshot({ path: join(shots, 'worker-read-again.png') });
  assert.deepEqual(errors, []);
});
