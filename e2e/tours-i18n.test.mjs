// The built-in samples' guided tours in Turkish and Chinese (issue 16): with
// the browser in tr-TR or zh-CN every sample's tour is walked to its question
// in that language (NAME.tour.tr.json, NAME.tour.zh.json), and the answer is
// checked in it; the page's switch changes a running tour's language and
// keeps its step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { start, openApp, shots, root } from './harness.mjs';

const samples = JSON.parse(readFileSync(join(root, 'assets', 'samples', 'samples.json'), 'utf8'));
const tourOf = (file, tag) => JSON.parse(readFileSync(join(root, 'assets', 'samples', file.replace(/\.pcap$/, tag ? `.tour.${tag}.json` : '.tour.json')), 'utf8'));
const ui = (tag, key) => readFileSync(join(root, 'locales', 'ui', `${tag}.tsv`), 'utf8').split('\n').find((l) => l.startsWith(`${key}\t`)).split('\t')[1];

for (const [locale, tag] of [['tr-TR', 'tr'], ['zh-CN', 'zh']]) {
  test(`every sample's tour in ${tag}, chosen by the browser's language, walked to its question`, async () => {
    const env = await start(undefined, { locale });
    try {
      const { page, errors } = await openApp(env);
      await page.waitForSelector('#transcript .line');
      for (const [i, s] of samples.entries()) {
        const en = tourOf(s.file);
        const tour = tourOf(s.file, tag);
        await page.selectOption('#sample-select', String(i));
        await page.waitForSelector(`#tour summary:has-text("${tour.title}")`);
        assert.ok(!(await page.locator('#tour summary').innerText()).includes(en.title), `${s.file}: the English title`);
        await page.click('#tour-start');
        for (const [n, step] of tour.steps.entries()) {
          await page.waitForSelector(`#tour .tour-step[data-step="${n}"]`);
          const said = await page.locator('#tour-say').innerText();
          assert.equal(said, step.say, `${s.file} step ${n + 1}`);
          assert.notEqual(said, en.steps[n].say);
          if (step.stream !== undefined) await page.waitForSelector(`#transcript[data-stream="${step.stream}"]`);
          if (n === 1 && s.file === 'smtp-auth-login.pcap') await page.screenshot({ path: join(shots, `tour-${tag}-smtp-auth-login.png`) });
          await page.click('#tour-next');
        }
        assert.equal(await page.locator('#tour-ask').innerText(), tour.question.ask, s.file);
        if (tour.question.choices) {
          await page.click(`#tour .quiz-choice:text-is("${tour.question.answer}")`);
        } else {
          await page.fill('#tour-typed', tour.question.answer);
          await page.click('#tour .tour-question button');
        }
        const feedback = await page.locator('#tour-feedback').innerText();
        assert.ok(feedback.startsWith(ui(tag, 'tour.right')), `${s.file}: ${feedback}`);
        assert.ok(feedback.includes(tour.question.why), `${s.file}: ${feedback}`);
        if (s.file === 'smtp-starttls-587.pcap') await page.screenshot({ path: join(shots, `tour-${tag}-starttls-question.png`) });
        await page.click('#tour-end');
      }
      assert.deepEqual(errors, []);
    } finally { await env.stop(); }
  });
}

test('the switch changes a running tour\'s language and keeps its step', async () => {
  const env = await start(undefined, { locale: 'en-US' });
  try {
    const { page, errors } = await openApp(env);
    await page.waitForSelector('#tour-start');
    const file = samples[0].file;
    await page.click('#tour-start');
    await page.click('#tour-next');
    await page.click('#tour-next');
    await page.waitForSelector('#tour .tour-step[data-step="2"]');
    assert.equal(await page.locator('#tour-say').innerText(), tourOf(file).steps[2].say);
    for (const tag of ['tr', 'zh', 'en']) {
      await page.selectOption('#language-select', tag);
      const say = tag === 'en' ? tourOf(file).steps[2].say : tourOf(file, tag).steps[2].say;
      await page.waitForSelector(`#tour-say:has-text("${say.slice(0, 30)}")`);
      assert.equal(await page.locator('#tour-say').innerText(), say, tag);
      assert.equal(await page.getAttribute('#tour .tour-step', 'data-step'), '2', `${tag}: the step is kept`);
      if (tag === 'zh') {
        await page.evaluate(() => document.fonts.ready);
        await page.screenshot({ path: join(shots, 'tour-switched-zh.png') });
      }
    }
    assert.deepEqual(errors, []);
  } finally { await env.stop(); }
});
