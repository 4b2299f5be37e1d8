// The plots in headless Chromium: the timeline (a bar per conversation, a mark
// per fact, a click opens the conversation, a time range filters the list),
// the I/O graph, and one conversation's TCP timing (a mark per TCP event, a
// click shows its frame in the transcript). Expected figures come from the CLI
// (postscope --timeline / --tcp-timing: the same core view-models), so the
// test checks that the page draws what the analysis holds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { start, openApp, fileFor, shots, root } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env.stop(); });

const LOSS = join(root, 'tests', 'fixtures', 'smtp-tcp-reordered-duplicate.pcap');
// A capture with many conversations: cargo run --release -p gencap -- --seed 3 --size 20M -o /tmp/many.pcap
const MANY = process.env.POSTSCOPE_MANY || '/tmp/many.pcap';
// The newest build of the CLI (debug or release).
const cli = ['debug', 'release'].map((p) => join(root, 'target', p, 'postscope')).filter(existsSync).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];

function csv(args) {
  const out = execFileSync(cli, args, { maxBuffer: 1 << 28 }).toString().trim().split('\n');
  return out.slice(1).map((l) => l.split(','));
}

async function open(page, path) {
  await page.setInputFiles('#file-input', fileFor(path));
  await page.waitForSelector(`#capture-summary h2:has-text("${path.split('/').pop()}")`, { timeout: 120000 });
  await page.waitForSelector('.timeline .tl-bar', { timeout: 120000 });
  await drawn(page);
}

// The timeline draws a thousand conversations in slices: busy until the last one is on the page
// (`chart`: the chart as it is once drawn again after a change, e.g. grouped).
async function drawn(page, chart = '.tl-chart') {
  await page.waitForSelector(`.timeline ${chart}:not([aria-busy])`, { timeout: 60000 });
}


// A picture of one view: scrolled to, then the viewport taken (an element
// screenshot waits for the element to stop moving, which a page laying out a
// thousand conversations below it may not do within the timeout).
async function shot(page, selector, name) {
  await page.evaluate((sel) => document.querySelector(sel)?.scrollIntoView({ block: 'start' }), selector);
  await page.screenshot({ path: join(shots, name) });
}

test('timeline and timing on a lab capture with a reordered and a duplicated segment', { skip: !cli && 'build the CLI first (cargo build -p postscope)' }, async () => {
  const { page, errors } = await openApp(env);
  await open(page, LOSS);
  const bars = csv(['--timeline', LOSS]);
  assert.equal(await page.locator('.timeline .tl-bar').count(), bars.length);
  // Marks: TLS, credentials, messages, FIN/RST, as the analysis has them.
  const marks = await page.locator('.timeline .tl-bar[data-stream="0"] .tl-mark').evaluateAll((ns) => ns.map((n) => n.dataset.kind));
  const row = bars[0];
  const ended = row[13];
  assert.equal(marks.filter((k) => k === 'message').length, Number(row[12]), `marks ${marks}`);
  assert.equal(marks.filter((k) => k === 'credential').length, Number(row[11]));
  assert.equal(marks.includes('rst'), ended === 'rst');
  assert.equal(marks.includes('fin'), ended !== 'open');
  // The I/O graph: a line for all frames and one per protocol present.
  assert.ok(await page.locator('.iograph .io-line[data-series="all"]').count() === 1);
  assert.ok(await page.locator('.iograph .io-line[data-series="smtp"]').count() === 1);
  await page.locator('.capture-plots').screenshot({ path: join(shots, 'plots-loss-capture.png') });

  // A click on the bar opens its conversation.
  await page.locator('.timeline .tl-bar[data-stream="0"] rect').first().click();
  await page.waitForSelector('#stream-list .stream-row.selected[data-stream="0"]');
  await page.waitForSelector('#transcript .line');

  // The conversation's timing: one mark per TCP event the analysis found.
  await page.locator('.stream-plots > summary').click();
  await page.waitForSelector('.timing .tm-stevens');
  const timing = csv(['--tcp-timing', '0', LOSS]);
  const expected = timing.filter((r) => r[0] === 'mark');
  assert.equal(await page.locator('.timing .tm-mark').count(), expected.length);
  const drawn = await page.locator('.timing .tm-mark').evaluateAll((ns) => ns.map((n) => `${n.dataset.frame}:${n.dataset.event}`).sort());
  assert.deepEqual(drawn, expected.map((r) => `${r[1]}:${r[5]}`).sort());
  assert.ok(drawn.includes('20:retransmission') && drawn.includes('13:out_of_order'), drawn.join(' '));
  assert.equal(await page.locator('.timing .tm-rtt-dot').count(), timing.filter((r) => r[0] === 'rtt').length);
  assert.equal(await page.locator('.timing .tm-seg').count(), timing.filter((r) => r[0] === 'segment').length);
  const reading = await page.locator('.timing .reading').innerText();
  assert.match(reading, /appeared a second time/);
  assert.match(reading, /arrived out of order/);
  // A count of one takes the singular ("1 segment", "once"), never "1 segments" or "1 times".
  assert.doesNotMatch(reading, /\b1 (segments|times|measurements)\b/, reading);
  const resent = expected.filter((r) => r[5] === 'retransmission' || r[5] === 'fast_retransmission').length;
  if (resent === 1) assert.match(reading, /\b1 segment appeared/, reading);
  await page.locator('.stream-plots').screenshot({ path: join(shots, 'plots-loss-timing.png') });

  // A click on the retransmission shows its frame in the transcript, with its explanation.
  await page.locator('.timing .tm-mark[data-event="retransmission"]').click();
  await page.waitForFunction(() => location.hash.includes('frame=20'));
  await page.waitForSelector('#transcript .focused');
  // The dark theme draws with its own colours.
  await page.evaluate(() => { document.documentElement.dataset.theme = 'dark'; });
  await page.locator('.stream-plots').screenshot({ path: join(shots, 'plots-loss-timing-dark.png') });
  assert.deepEqual(errors, []);
});

test('a thousand conversations: grouped by server, a time range filters the list', { skip: (!existsSync(MANY) && `no ${MANY}: make it with gencap`) || (!cli && 'build the CLI first') }, async () => {
  const { page, errors } = await openApp(env);
  await open(page, MANY);
  const bars = csv(['--timeline', MANY]);
  assert.ok(bars.length > 200, `${bars.length} conversations`);
  assert.equal(await page.locator('.timeline .tl-bar').count(), bars.length);
  const marks = bars.reduce((n, r) => n + Number(r[11]) + Number(r[12]) + (r[10] ? 1 : 0), 0);
  const marksDrawn = await page.locator('.timeline .tl-mark:not(.mark-fin):not(.mark-rst)').count();
  assert.equal(marksDrawn, marks);
  await shot(page, '.capture-plots', 'plots-many.png');
  // Grouped by server: one lane per server.
  await page.locator('.tl-group').check();
  await drawn(page, '.tl-chart.tl-grouped');
  const servers = new Set(bars.map((r) => r[3]));
  assert.equal(await page.locator('.timeline .lane').count(), servers.size);
  // No label overlaps another or a bar: the servers' names sit in a column of their own, one per lane,
  // cut with "…" where too long, whole in their tooltip and accessible label.
  const geo = await page.evaluate(() => {
    const box = (e) => { const r = e.getBoundingClientRect(); return { x: r.left, y: r.top, r: r.right, b: r.bottom }; };
    return {
      labels: [...document.querySelectorAll('.timeline .lane-label')].map((e) => ({ ...box(e), text: [...e.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join(''), full: e.querySelector('title')?.textContent, lane: e.closest('.lane').getAttribute('aria-label') })),
      barsLeft: Math.min(...[...document.querySelectorAll('.timeline .tl-bar > rect:first-of-type')].map((e) => e.getBoundingClientRect().left)),
    };
  });
  assert.equal(geo.labels.length, servers.size, 'a label per server');
  const byY = [...geo.labels].sort((a, b) => a.y - b.y);
  for (let i = 1; i < byY.length; i++) assert.ok(byY[i].y >= byY[i - 1].b - 0.5, `labels ${byY[i - 1].text} and ${byY[i].text} overlap`);
  for (const l of geo.labels) {
    assert.ok(l.r <= geo.barsLeft + 0.5, `label ${l.text} runs into the bars (${l.r} > ${geo.barsLeft})`);
    assert.ok([...servers].some((s) => l.full === l.lane && l.full.startsWith(`${s}: `)), `label ${l.text}: its tooltip ${l.full} does not name its server`);
    assert.ok(l.full.startsWith(l.text.replace(/…$/, '')), `label ${l.text} is not the start of ${l.full}`);
    assert.match(l.lane, /conversations?$/);
  }
  // Marks are thinned where a lane's many conversations would pile them up: of one kind, at least 3 units apart.
  const thin = await page.evaluate(() => [...document.querySelectorAll('.timeline .lane')].every((lane) => {
    const at = {};
    return [...lane.querySelectorAll('.tl-mark')].every((m) => {
      const k = m.dataset.kind; const x = Number(m.getAttribute('x'));
      const ok = !(k in at) || at[k].every((y) => Math.abs(y - x) >= 2.99);
      (at[k] ||= []).push(x);
      return ok;
    });
  }));
  assert.ok(thin, 'two marks of one kind closer than 3 units in a lane');
  assert.ok(await page.locator('.timeline .tl-mark:not(.mark-fin):not(.mark-rst)').count() < marks, 'grouped, the marks are thinned');
  await shot(page, '.capture-plots', 'plots-many-grouped.png');
  // A time range: the list shows the conversations that overlap it.
  const [a, b] = [1.0, 2.0];
  await page.fill('.tl-from', String(a));
  await page.locator('.tl-from').dispatchEvent('change');
  await page.fill('.tl-to', String(b));
  await page.locator('.tl-to').dispatchEvent('change');
  const inRange = bars.filter((r) => Number(r[5]) >= a - 1e-6 && Number(r[4]) <= b + 1e-6).length;
  await page.waitForSelector(`#stream-count:has-text("${inRange} of ${bars.length}")`);
  assert.equal(await page.locator('#stream-list .stream-row').count(), inRange);
  await page.locator('.tl-zoom').click();
  await page.waitForSelector('.tl-whole:not([disabled])');
  await drawn(page);
  await shot(page, '.capture-plots', 'plots-many-zoomed.png');
  // A click on a bar opens that conversation (one row per conversation again).
  await page.locator('.tl-group').uncheck();
  await drawn(page, '.tl-chart:not(.tl-grouped)');
  const n = bars.find((r) => Number(r[4]) > a && Number(r[5]) < b)?.[0] ?? bars[0][0];
  await page.locator(`.timeline .tl-bar[data-stream="${n}"] rect`).first().click();
  await page.waitForSelector(`#stream-list .stream-row.selected[data-stream="${n}"]`);
  await page.locator('.stream-plots > summary').click();
  await page.waitForSelector('.timing .tm-stevens');
  await shot(page, '.stream-plots', 'plots-many-timing.png');
  assert.deepEqual(errors, []);
});
