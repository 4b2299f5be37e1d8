// The three-language check of issue 16: the same conversations (the AUTH LOGIN
// sample, the STARTTLS sample, a damaged capture with lost and reordered
// segments) in English, Turkish and Chinese, chosen by the browser's language
// and by the page's switch: the page reads the same either way, Turkish and
// Chinese keep none of our English words, and the message view, the phases,
// the presentation and the tour are photographed (target/screenshots/three-*).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { start, openApp, shots, root, dropFile } from './harness.mjs';

const CASES = [
  { name: 'auth-login', sample: 0 },
  { name: 'starttls', sample: 3 },
  { name: 'damaged', file: join(root, 'tests/fixtures/smtp-tcp-reordered-duplicate.pcap') },
];
// Our words in English that must not be left on a Turkish or Chinese page (capture text, protocol
// words, Wireshark's Info column and the glossary's spelled-out acronyms are not ours to translate).
const OURS = /\b(conversation|Conversations?|Packets|Guided tour|Step \d|Question|Start the tour|OUT OF ORDER|LOST SEGMENT|RETRANSMISSION|lost segment|out of order|bytes missing|frames? \d|decoded|Show|Save|Close|The server|the client)\b/;

/** The page's own text: without capture text, protocol values and Wireshark's columns. */
const own = (page) => page.evaluate(() => {
  const copy = document.body.cloneNode(true);
  copy.querySelectorAll('code, .text, .lane-label, .addr, .exposed-label, .exposed-value, .c-info, .c-src, .c-dst, .follow, .layers, .hex, text.label, .who, pre, script, style, iframe, option, .glossary').forEach((n) => n.remove());
  const out = []; const walk = document.createTreeWalker(copy, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) { const t = walk.currentNode.textContent.trim(); if (t) out.push(t); }
  return out.join('\n');
});

async function open(page, c) {
  await page.waitForSelector('#transcript .line');
  if (c.file) {
    await dropFile(page, c.file);
    await page.waitForSelector(`#capture-summary:has-text("${c.file.split('/').pop()}")`);
  } else if (c.sample) {
    await page.selectOption('#sample-select', String(c.sample));
    await page.waitForTimeout(300);
  }
  await page.waitForSelector('#transcript .line');
  await page.evaluate(() => document.fonts.ready);
}

async function photograph(page, prefix) {
  for (const sel of ['#transcript', '#phases', '#message-view']) {
    if (await page.evaluate((s) => { const e = document.querySelector(s); e?.scrollIntoView({ block: 'start' }); return !!e; }, sel)) {
      await page.screenshot({ path: join(shots, `${prefix}-${sel.slice(1)}.png`) });
    }
  }
  await page.click('#present-open');
  await page.waitForSelector('#present');
  for (let k = 0; k < 3; k++) await page.keyboard.press('ArrowRight');
  await page.screenshot({ path: join(shots, `${prefix}-present.png`) });
  const stage = await page.locator('#present').innerText();
  await page.keyboard.press('Escape');
  let tour = '';
  if (await page.locator('#tour-start').count()) {
    await page.click('#tour-start');
    await page.click('#tour-next');
    tour = await page.locator('#tour').innerText();
    await page.screenshot({ path: join(shots, `${prefix}-tour.png`) });
    await page.click('#tour-end');
  }
  return { stage, tour };
}

for (const c of CASES) {
  test(`${c.name} in en, tr and zh: the same page by the browser's language and by the switch`, async () => {
    const texts = {};
    for (const [locale, tag] of [['en-US', 'en'], ['tr-TR', 'tr'], ['zh-CN', 'zh']]) {
      const env = await start(undefined, { locale });
      try {
        const { page, errors } = await openApp(env);
        await open(page, c);
        texts[tag] = await own(page);
        const { stage, tour } = await photograph(page, `three-${c.name}-${tag}`);
        if (tag !== 'en') {
          for (const [where, t] of [['page', texts[tag]], ['presentation', stage], ['tour', tour]]) {
            const m = t.match(OURS);
            assert.ok(!m, `${c.name} ${tag} ${where}: English "${m && m[0]}" in\n${t.split('\n').filter((l) => OURS.test(l)).join('\n')}`);
          }
        }
        assert.deepEqual(errors, []);
      } finally { await env.stop(); }
    }
    assert.match(texts.en, OURS, 'the check finds our English words on the English page');
    // By the switch: English first, then each language; the page reads as it did when the browser chose it.
    const env = await start(undefined, { locale: 'en-US' });
    try {
      const { page, errors } = await openApp(env);
      await open(page, c);
      for (const tag of ['tr', 'zh', 'en']) {
        await page.selectOption('#language-select', tag);
        await page.waitForFunction((t) => document.documentElement.lang.startsWith(t), tag);
        await page.evaluate(() => document.fonts.ready);
        assert.equal(await own(page), texts[tag], `${c.name}: ${tag} by the switch`);
      }
      await page.selectOption('#language-select', 'zh');
      await photograph(page, `three-${c.name}-zh-switched`);
      assert.deepEqual(errors, []);
    } finally { await env.stop(); }
  });
}
