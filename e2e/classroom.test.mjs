// The classroom (issue 15) in headless Chromium: presentation mode walked
// with the keyboard only and secrets hidden, questions answered right and
// wrong, pasted telnet and swaks transcripts explained.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { start, openApp, shots, root } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env.stop(); });

// The default sample is smtp-auth-login.pcap: alice@lab.example logs in with
// AUTH LOGIN, password "wonderland" (tests/fixtures/fixtures.json), sent as
// the Base64 answer d29uZGVybGFuZA== (RFC 4954 §4).
const PASSWORD = 'wonderland';
const PASSWORD_B64 = 'd29uZGVybGFuZA==';
const samples = JSON.parse(readFileSync(join(root, 'assets', 'samples', 'samples.json'), 'utf8'));

/** Presses Tab until the element with `id` has the focus (at most 80 presses). */
async function tabTo(page, id) {
  for (let i = 0; i < 80; i++) {
    if (await page.evaluate(() => document.activeElement && document.activeElement.id) === id) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached #${id}`);
}

test('presentation mode: a keyboard-only walk at 1024x768 with secrets hidden', async () => {
  const { page, errors } = await openApp(env);
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.waitForSelector('#transcript .line');
  await tabTo(page, 'present-open');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#present');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'present', 'the stage has the keyboard');
  assert.equal(await page.isChecked('#hide-secrets'), true, 'secrets are hidden from the start');
  const status = async () => page.locator('#present-status').innerText();
  assert.equal(await page.locator('#present-status').getAttribute('aria-live'), 'polite');
  const first = await status();
  const total = Number(first.match(/of (\d+)/)[1]);
  // The handshake, the greeting, its six commands (EHLO, AUTH LOGIN, MAIL, RCPT, DATA, QUIT) each with
  // its reply, the message after 354, and the teardown.
  assert.equal(total, 10, first);
  assert.match(first, /^Step 1 of \d+: TCP handshake$/);
  const seen = [];
  const keys = ['ArrowRight', ' ', 'PageDown'];
  for (let i = 0; i < total - 1; i++) {
    const text = await page.locator('#present').innerText();
    assert.ok(!text.includes(PASSWORD) && !text.includes(PASSWORD_B64), `step ${i + 1} shows the password:\n${text}`);
    seen.push(text);
    if (/AUTH LOGIN/.test(text)) await page.screenshot({ path: join(shots, 'present-1024-login.png') });
    if (i === 0) await page.screenshot({ path: join(shots, 'present-1024-handshake.png') });
    await page.keyboard.press(keys[i % keys.length]);
    assert.equal(await status(), await page.locator('#present-status').innerText());
  }
  assert.match(await status(), new RegExp(`^Step ${total} of ${total}: Goodbye$`));
  // The ladder follows: the last step's rung is the current one.
  assert.equal(await page.locator('.present-ladder [aria-current="step"]').innerText(), 'Goodbye');
  assert.ok(seen.some((t) => /AUTH LOGIN/.test(t) && /••••••••/.test(t)), 'the login step shows the mask');
  // Back with ArrowLeft and PageUp.
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('PageUp');
  assert.match(await status(), new RegExp(`^Step ${total - 2} of ${total}:`));
  // Unmasked, the same steps do show the password (so the check above can fail).
  await page.keyboard.press('Home');
  assert.match(await status(), /^Step 1 of/);
  let unmasked = false;
  await page.uncheck('#hide-secrets');
  await page.focus('#present');
  for (let i = 0; i < total; i++) {
    if ((await page.locator('#present').innerText()).includes(PASSWORD)) { unmasked = true; break; }
    await page.keyboard.press('ArrowRight');
  }
  assert.ok(unmasked, 'with "hide secrets" off the password is on screen');
  await page.check('#hide-secrets');
  await page.focus('#present');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#present', { state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement.id), 'present-open', 'Escape gives the keyboard back');
  await page.screenshot({ path: join(shots, 'present-1024-closed.png') });
  assert.deepEqual(errors, []);
});

/** For the step on screen: the stage does not scroll past the window, the buttons are in it, and the step's first explanation is visible in its panel. */
async function stepFits(page, label) {
  const m = await page.evaluate(() => {
    const stage = document.querySelector('#present');
    const panel = stage.querySelector('.present-step');
    const status = document.querySelector('#present-status').getBoundingClientRect();
    const p = panel.getBoundingClientRect();
    const first = panel.querySelector('.pexplain');
    const e = first && first.getBoundingClientRect();
    return { over: stage.scrollHeight - stage.clientHeight, status: status.bottom, vh: innerHeight, panelTop: p.top, panelBottom: p.bottom,
      explainTop: e ? e.top : null, explainBottom: e ? e.bottom : null, scrolls: panel.scrollHeight > panel.clientHeight + 1, lines: panel.children.length };
  });
  assert.ok(m.over <= 1, `${label}: the stage runs ${m.over}px past the bottom of the window`);
  assert.ok(m.status <= m.vh, `${label}: the step counter is below the window (${m.status} > ${m.vh})`);
  assert.ok(m.panelBottom <= m.vh + 1, `${label}: the step panel ends below the window`);
  if (m.explainTop !== null) {
    assert.ok(m.explainTop >= m.panelTop - 1 && m.explainTop < m.panelBottom - 10, `${label}: the first explanation is not in view (${JSON.stringify(m)})`);
  }
  return m;
}

test('presentation mode at 1024x768: every step fits the projector, a long one scrolls inside its panel', async () => {
  const { page, errors } = await openApp(env);
  await page.setViewportSize({ width: 1024, height: 768 });
  let scrolled = 0;
  // The login sample (the default) and the multipart mail, whose message step is the longest.
  for (const [i, name] of [[0, 'login'], [samples.findIndex((s) => s.file === 'smtp-multipart-attachment.pcap'), 'multipart']]) {
    await page.selectOption('#sample-select', String(i));
    await page.waitForSelector(`#capture-summary h2:has-text("${samples[i].title}")`);
    await page.waitForSelector('#transcript .line');
    await page.click('#present-open');
    await page.waitForSelector('#present');
    const total = Number((await page.locator('#present-status').innerText()).match(/of (\d+)/)[1]);
    let longest = { lines: 0 };
    for (let n = 1; n <= total; n++) {
      const m = await stepFits(page, `${name} step ${n}`);
      if (m.lines > longest.lines) longest = { ...m, n };
      if (m.scrolls) {
        // ↓ scrolls a long step's lines; the next step starts at its top again.
        await page.keyboard.press('ArrowDown');
        assert.ok(await page.evaluate(() => document.querySelector('.present-step').scrollTop) > 0, `${name} step ${n}: ↓ does not scroll`);
        assert.match(await page.locator('#present-status').innerText(), new RegExp(`^Step ${n} of`), '↓ does not change the step');
        await page.screenshot({ path: join(shots, `present-1024-${name}-long-scrolled.png`) });
        await page.keyboard.press('ArrowUp');
        scrolled++;
      }
      if (n < total) await page.keyboard.press('ArrowRight');
    }
    // The longest step, from its first step again.
    await page.keyboard.press('Home');
    for (let n = 1; n < longest.n; n++) await page.keyboard.press('ArrowRight');
    await stepFits(page, `${name} longest step`);
    await page.screenshot({ path: join(shots, `present-1024-${name}-longest.png`) });
    await page.keyboard.press('Escape');
    await page.waitForSelector('#present', { state: 'detached' });
  }
  assert.ok(scrolled > 0, 'no step was long enough to need its panel to scroll: the test proves nothing');
  assert.deepEqual(errors, []);
});

test('questions drawn from the capture, answered right and then wrong, the score kept', async () => {
  const { page, errors } = await openApp(env);
  await page.waitForSelector('#transcript .line');
  await page.evaluate(() => localStorage.removeItem('postscope.quiz.score'));
  await page.reload();
  await page.waitForSelector('#quiz');
  await page.click('#quiz summary');
  // The first command is EHLO: RFC 5321 §4.1.1.1, the server answers 250.
  assert.match(await page.locator('#quiz-question').innerText(), /The client sent “EHLO .*”\. Which reply code/);
  await page.click('.quiz-choice:text-is("250")');
  assert.match(await page.locator('#quiz-feedback').innerText(), /^Right\./);
  assert.match(await page.locator('#quiz-feedback .quiz-why').innerText(), /250/);
  assert.match(await page.locator('#quiz-score').innerText(), /1 right of 1 answered/);
  await page.screenshot({ path: join(shots, 'quiz-right.png') });
  await page.click('#quiz-next');
  // Next: which reply says the password was accepted? RFC 4954 §6: 235, so 250 is wrong.
  assert.match(await page.locator('#quiz-question').innerText(), /password was accepted/);
  await page.click('.quiz-choice:text-is("250")');
  assert.match(await page.locator('#quiz-feedback').innerText(), /Not this time: the answer in the capture is 235/);
  assert.equal(await page.locator('.quiz-choice.right').innerText(), '235');
  assert.match(await page.locator('#quiz-score').innerText(), /1 right of 2 answered/);
  await page.screenshot({ path: join(shots, 'quiz-wrong.png') });
  // The score stays in this browser.
  await page.reload();
  await page.waitForSelector('#quiz');
  await page.click('#quiz summary');
  assert.match(await page.locator('#quiz-score').innerText(), /1 right of 2 answered/);
  assert.deepEqual(errors, []);
});

async function paste(page, file) {
  await page.waitForSelector('#paste');
  await page.click('#paste summary');
  await page.fill('#paste-input', readFileSync(join(root, 'tests', 'fixtures', 'paste', file), 'utf8'));
  await page.click('#paste-explain');
  await page.waitForSelector('#paste-note');
}

test('a pasted telnet session is explained, its sides inferred and said to be', async () => {
  const { page, errors } = await openApp(env);
  await paste(page, 'telnet-smtp.txt');
  // The whole explanation, not its short form (the transcript starts short: issue 14 item 8).
  await page.selectOption('#density-select', 'full');
  const note = await page.locator('#paste-note').innerText();
  assert.match(note, /not a capture/);
  assert.match(note, /telnet marks neither side, so Postscope inferred/);
  assert.match(await page.locator('#capture-summary h2').innerText(), /Pasted transcript \(telnet\)/);
  // RFC 5321 §4.2: a line with a reply code is the server's; the 550 refuses the unknown recipient.
  const refused = page.locator('#transcript .line[data-dir="server"]:has-text("550 5.1.1")');
  assert.equal(await refused.count(), 1);
  assert.match(await refused.locator('.explain').innerText(), /5\.1\.1/);
  assert.equal(await page.locator('#transcript .line[data-dir="client"]:has-text("RCPT TO:<nobody@lab.example>")').count(), 1);
  // The message's lines are the client's (after 354, up to the lone dot).
  assert.match(await page.locator('#transcript').innerText(), /Hello Bob, this came through telnet\./);
  // A transcript has no addresses: its sides are only the client and the server, and the note says so.
  assert.doesNotMatch(await page.locator('main').innerText(), /0\.0\.0\.0/);
  assert.match(note, /addresses/);
  assert.deepEqual(await page.locator('#stream-list .stream-row td.addr').allInnerTexts(), ['client', 'server']);
  assert.match(await page.locator('#transcript h3').innerText(), /client ↔ server/);
  // Nor has it a tour, packets, time or a TCP paragraph: those views stay away.
  for (const view of ['#tour', '#overview', '.capture-plots', '.stream-plots', '#packets', '.sequence']) {
    assert.equal(await page.locator(view).count(), 0, `${view} is shown for a pasted transcript`);
  }
  await page.screenshot({ path: join(shots, 'paste-telnet.png'), fullPage: false });
  assert.deepEqual(errors, []);
});

test('a pasted swaks session is explained from its markers, TLS included', async () => {
  const { page, errors } = await openApp(env);
  await paste(page, 'swaks-starttls-auth-plain.txt');
  // The whole explanation, not its short form (the transcript starts short: issue 14 item 8).
  await page.selectOption('#density-select', 'full');
  const note = await page.locator('#paste-note').innerText();
  assert.match(note, /swaks' own markers/);
  assert.doesNotMatch(note, /inferred/);
  assert.equal(await page.locator('#transcript .line[data-dir="client"]:has(code.text:text-is("STARTTLS"))').count(), 1);
  // RFC 4954 §6: 235 ends a successful AUTH; swaks printed it with <~, inside TLS.
  const ok = page.locator('#transcript .line[data-dir="server"]:has-text("235 2.7.0")');
  assert.equal(await ok.count(), 1);
  assert.match(await ok.locator('.explain').innerText(), /Inside TLS/);
  assert.doesNotMatch(await page.locator('#transcript').innerText(), /key log/);
  await page.screenshot({ path: join(shots, 'paste-swaks.png'), fullPage: false });
  assert.deepEqual(errors, []);
});

test('a glossary link in an explanation is followed, and every RFC citation links to the RFC Editor', async () => {
  const { page, errors } = await openApp(env);
  await page.waitForSelector('#transcript .line');
  // The whole explanation, not its short form (the transcript starts short: issue 14 item 8).
  await page.selectOption('#density-select', 'full');
  await page.waitForFunction(() => !document.querySelector('#transcript .explain.short'));
  const term = page.locator('#transcript .line .explain a.term').first();
  const href = await term.getAttribute('href');
  // A glossary key may have digits ("base64": with the EHLO keyword lines folded, it is the first term a line shows).
  assert.match(href, /^#glossary-[a-z][a-z0-9]*$/);
  await term.click();
  assert.equal(await page.evaluate(() => location.hash), href);
  const entry = page.locator(href);
  assert.ok(await entry.isVisible());
  const box = await entry.boundingBox();
  assert.ok(box.y >= 0 && box.y < 1000, `the entry is scrolled into view (y=${box.y})`);
  assert.ok((await page.locator(`${href} + dd`).innerText()).length > 20);
  // RFC 5321 §4.1.1.1 for EHLO: the citation is a plain link to the RFC Editor, never fetched.
  const rfc = page.locator('#transcript .line:has(code.text:text-is("EHLO localhost")) .explain a.rfc, #transcript .line .explain a.rfc').first();
  assert.match(await rfc.getAttribute('href'), /^https:\/\/www\.rfc-editor\.org\/rfc\/rfc\d+(#section-[0-9A-Za-z.]+)?$/);
  const all = await page.$$eval('#transcript a.rfc', (as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
  assert.ok(all.length > 10);
  for (const [text, url] of all) {
    const m = text.match(/^RFC (\d+)(?: §([0-9A-Za-z.]+))?$/);
    assert.ok(m, text);
    assert.equal(url, `https://www.rfc-editor.org/rfc/rfc${m[1]}${m[2] ? `#section-${m[2]}` : ''}`);
  }
  await page.screenshot({ path: join(shots, 'glossary-followed.png'), fullPage: false });
  assert.deepEqual(errors, []);
});

test('every sample has a tour for students, walked to its question', async () => {
  const { page, errors } = await openApp(env);
  await page.waitForSelector('#transcript .line');
  for (const [i, s] of samples.entries()) {
    const tour = JSON.parse(readFileSync(join(root, 'assets', 'samples', s.file.replace(/\.pcap$/, '.tour.json')), 'utf8'));
    await page.selectOption('#sample-select', String(i));
    await page.waitForSelector(`#capture-summary h2:has-text("${s.title}")`);
    await page.waitForSelector('#tour-start');
    assert.match(await page.locator('#tour summary').innerText(), new RegExp(tour.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    await page.click('#tour-start');
    for (const [n, step] of tour.steps.entries()) {
      assert.equal(await page.locator('#tour-say').innerText(), step.say, `${s.file} step ${n + 1}`);
      if (step.stream !== undefined) {
        await page.waitForSelector(`#transcript[data-stream="${step.stream}"]`);
      }
      if (step.frame !== undefined) {
        // The step's frame is marked in the transcript.
        await page.waitForSelector(`#transcript .focused[data-frame="${step.frame}"], #transcript [aria-current="true"]`);
      }
      // The step scrolled the page to its line or view: the tour's own words stay in the window,
      // and do not cover the line they point at.
      await page.waitForTimeout(100);
      const vh = page.viewportSize().height;
      const say = await page.locator('#tour-say').boundingBox();
      assert.ok(say && say.y >= 0 && say.y + say.height <= vh, `${s.file} step ${n + 1}: the tour's text is out of view (${JSON.stringify(say)}, window ${vh})`);
      if (step.frame !== undefined) {
        const line = await page.locator('#transcript .focused').first().boundingBox();
        const card = await page.locator('#tour').boundingBox();
        assert.ok(line && line.y >= -2 && line.y < vh, `${s.file} step ${n + 1}: the step's line is out of view`);
        const overlap = line.y < card.y + card.height && card.y < line.y + line.height && line.x < card.x + card.width && card.x < line.x + line.width;
        assert.ok(!overlap || line.y < card.y, `${s.file} step ${n + 1}: the tour covers the start of its line`);
      }
      if (n === 1) await page.screenshot({ path: join(shots, `tour-${s.file.replace(/\.pcap$/, '')}.png`) });
      await page.click('#tour-next');
    }
    assert.equal(await page.locator('#tour-ask').innerText(), tour.question.ask);
    if (tour.question.choices) {
      await page.click(`#tour .quiz-choice:text-is("${tour.question.answer}")`);
    } else {
      await page.fill('#tour-typed', tour.question.answer);
      await page.click('#tour .tour-question button');
    }
    assert.match(await page.locator('#tour-feedback').innerText(), /^Right\./, s.file);
  }
  assert.deepEqual(errors, []);
});

test('a tour shared as one file with its capture, and opened again', async () => {
  const { page, errors } = await openApp(env);
  await page.waitForSelector('#transcript .line');
  // A teacher's own tour for the POP3 sample.
  await page.selectOption('#sample-select', String(samples.findIndex((s) => s.file === 'pop3-session.pcap')));
  await page.waitForSelector('#tour-start');
  const mine = { title: 'My POP3 lesson', steps: [{ stream: 0, frame: 16, say: 'Read the answer to STAT.' }], question: { ask: 'How many messages?', answer: '3' } };
  await page.setInputFiles('#tour-input', { name: 'lesson.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(mine)) });
  await page.waitForSelector('#tour summary:has-text("My POP3 lesson")');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#tour-save')]);
  const path = join(shots, '..', 'pop3-session-tour.pcapng');
  await download.saveAs(path);
  assert.equal(download.suggestedFilename(), 'pop3-session-tour.pcapng');
  const bytes = readFileSync(path);
  assert.equal(bytes.readUInt32LE(0), 0x0A0D0D0A, 'a pcapng section header');
  // Opened again as any capture: the tour comes with it.
  const again = await openApp(env);
  await again.page.waitForSelector('#transcript .line');
  await again.page.setInputFiles('#file-input', path);
  await again.page.waitForSelector('#capture-summary h2:has-text("pop3-session-tour.pcapng")');
  await again.page.waitForSelector('#tour summary:has-text("My POP3 lesson")');
  await again.page.click('#tour-start');
  assert.equal(await again.page.locator('#tour-say').innerText(), 'Read the answer to STAT.');
  await again.page.waitForSelector('#transcript .focused[data-frame="16"], #transcript [aria-current="true"]');
  await again.page.click('#tour-next');
  await again.page.fill('#tour-typed', '3');
  await again.page.click('#tour .tour-question button');
  assert.match(await again.page.locator('#tour-feedback').innerText(), /^Right\./);
  await again.page.screenshot({ path: join(shots, 'tour-shared-reopened.png') });
  assert.deepEqual(errors, []);
  assert.deepEqual(again.errors, []);
});
