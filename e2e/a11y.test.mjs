// Accessible to every student: every control works from the keyboard with a
// visible focus, the light and dark themes, and axe-core (from node_modules,
// evaluated in the page) on every view in both themes, failing on any
// serious or critical violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { start, openApp, fileFor, shots, root } from './harness.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const fixtures = join(root, 'tests', 'fixtures');
const samples = JSON.parse(readFileSync(join(root, 'assets', 'samples', 'samples.json'), 'utf8'));
const MULTIPART = samples.findIndex((s) => s.file === 'smtp-multipart-attachment.pcap');

let env;
before(async () => { env = await start(); });
after(async () => { await env.stop(); });

/** What the focused element is and how its focus is drawn. */
const focused = (page) => page.evaluate(() => {
  const el = document.activeElement;
  // The file input is hidden: its focus is drawn on its label.
  const drawn = el.id === 'file-input' ? document.querySelector('label[for="file-input"]') : el;
  const s = getComputedStyle(drawn);
  return { id: el.id, cls: el.className, tag: el.tagName, frame: el.querySelector?.('[data-frame]')?.dataset.frame ?? el.dataset.frame,
    stream: el.dataset.stream, visible: el.matches(':focus-visible'), outline: `${s.outlineStyle} ${parseFloat(s.outlineWidth)}` };
});

function assertVisibleFocus(f, what) {
  assert.ok(f.visible, `${what} matches :focus-visible`);
  assert.match(f.outline, /^solid [3-9]/, `${what} has a visible outline (${f.outline})`);
}

test('everything works from the keyboard, with a visible focus', async () => {
  const { page, errors } = await openApp(env);
  await page.waitForSelector('#transcript .line');
  // Tab from the top: the language switch, the theme switch, the file input (drawn on its label), the key log input (on its label), the samples.
  await page.keyboard.press('Tab');
  let f = await focused(page);
  assert.equal(f.id, 'language-select');
  assertVisibleFocus(f, 'the language switch');
  await page.keyboard.press('Tab');
  f = await focused(page);
  assert.equal(f.id, 'theme-select');
  assertVisibleFocus(f, 'the theme switch');
  await page.keyboard.press('Tab');
  f = await focused(page);
  assert.equal(f.id, 'file-input');
  assertVisibleFocus(f, '"open a file"');
  await page.keyboard.press('Tab');
  f = await focused(page);
  assert.equal(f.id, 'keylog-input');
  assertVisibleFocus(f, '"add a TLS key log"');
  await page.keyboard.press('Tab');
  assert.equal((await focused(page)).id, 'sample-select');

  // A conversation row takes the focus, Enter and Space choose it.
  await page.selectOption('#sample-select', String(samples.findIndex((s) => s.file === 'multi-client.pcap')));
  await page.waitForSelector('#stream-list .stream-row[data-stream="2"]');
  await page.focus('#stream-filter');
  await page.keyboard.press('Tab');
  f = await focused(page);
  assert.equal(f.stream, '0', 'the first conversation row is the next stop after the filter');
  assertVisibleFocus(f, 'a conversation row');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#transcript[data-stream="1"]');
  assert.equal(await page.locator('#stream-list .stream-row[aria-current="true"]').getAttribute('data-stream'), '1');
  await page.keyboard.press('Tab');
  await page.keyboard.press(' ');
  await page.waitForSelector('#transcript[data-stream="2"]');

  // Transcript items: reachable, the arrows move, Enter selects (a link to the frame, as a click on its number).
  const first = page.locator('#transcript .item').first();
  await first.focus();
  f = await focused(page);
  assertVisibleFocus(f, 'a transcript item');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  f = await focused(page);
  assert.equal(f.cls, 'item');
  assert.equal(await page.evaluate(() => [...document.querySelectorAll('#transcript .item')].indexOf(document.activeElement)), 2);
  await page.keyboard.press('Enter');
  await page.waitForFunction((fr) => location.hash.endsWith(`frame=${fr}`), f.frame);
  assert.match(page.url(), new RegExp(`#sample=\\d+&stream=2&frame=${f.frame}$`));
  assert.equal(await page.locator('#transcript .item.focused[aria-current="true"]').count(), 1);
  assert.equal(await page.locator('#transcript .item.focused [data-frame]').first().getAttribute('data-frame'), f.frame);
  await page.keyboard.press('End');
  assert.equal(await page.evaluate(() => document.activeElement === [...document.querySelectorAll('#transcript .item')].at(-1)), true);

  // A phase jump moves the focus to where it jumped, not only the view.
  await page.selectOption('#sample-select', '0');
  await page.waitForSelector('#phases .phase-login button');
  assert.equal(await page.locator('#transcript .focused, #transcript [aria-current]').count(), 0, 'another capture shows nothing selected');
  await page.focus('#phases .phase-login button');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.classList.contains('item'));
  assert.match(await page.evaluate(() => document.activeElement.innerText), /AUTH LOGIN/);
  assertVisibleFocus(await focused(page), 'the item a phase jump lands on');

  // The message view's controls are buttons: a message shown from the keyboard.
  await page.selectOption('#sample-select', String(MULTIPART));
  await page.waitForSelector('.message-card .show-message');
  await page.focus('.message-card .show-message');
  f = await focused(page);
  assertVisibleFocus(f, 'a button');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#message-view #message-subject');
  await page.screenshot({ path: join(shots, 'keyboard-focus.png') });
  assert.deepEqual(errors, []);
});

test('a light and a dark theme: the system\'s, or the one chosen, remembered', async () => {
  const { page, errors } = await openApp(env);
  await page.waitForSelector('#transcript .line');
  const bg = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  await page.emulateMedia({ colorScheme: 'light' });
  assert.equal(await bg(), 'rgb(250, 251, 252)');
  await page.emulateMedia({ colorScheme: 'dark' });
  assert.equal(await bg(), 'rgb(17, 21, 27)', 'the system\'s dark theme, with nothing chosen');
  await page.selectOption('#theme-select', 'light');
  assert.equal(await bg(), 'rgb(250, 251, 252)', 'light chosen overrides the system');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.selectOption('#theme-select', 'dark');
  assert.equal(await page.evaluate(() => [document.documentElement.dataset.theme, localStorage.getItem('postscope-theme')]).then(String), 'dark,dark');
  await page.reload();
  await page.waitForSelector('#transcript .line');
  assert.equal(await bg(), 'rgb(17, 21, 27)', 'the choice is remembered');
  assert.equal(await page.locator('#theme-select').inputValue(), 'dark');
  await page.screenshot({ path: join(shots, 'theme-dark.png') });
  await page.selectOption('#theme-select', 'system');
  assert.equal(await page.evaluate(() => localStorage.getItem('postscope-theme')), null);
  assert.equal(await bg(), 'rgb(250, 251, 252)');
  assert.deepEqual(errors, []);
});

/** Runs axe-core on the page; returns the serious and critical violations, described. */
async function axe(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'], iframes: false }));
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`).join(' | ')}`);
}

const views = {
  'start page': async (page) => { await page.waitForSelector('#transcript .line'); },
  'a sample: conversations and transcript, times shown': async (page) => {
    await page.selectOption('#sample-select', String(samples.findIndex((s) => s.file === 'multi-client.pcap')));
    await page.waitForSelector('#stream-list .stream-row[data-stream="2"]');
    await page.locator('#stream-list .stream-row[data-stream="1"]').click();
    await page.check('#show-times');
    await page.waitForSelector('#transcript.with-times .frame .time');
    await page.locator('#transcript .item').nth(4).focus();
    await page.keyboard.press('Enter');
  },
  'the message view': async (page) => {
    await page.selectOption('#sample-select', String(MULTIPART));
    await page.waitForSelector('#message-view img.image-preview');
  },
  'the message view of an HTML mail, and credentials': async (page) => {
    await page.setInputFiles('#file-input', fileFor(join(fixtures, 'smtp-hostile-html.pcap')));
    await page.waitForSelector('#message-view iframe.html-render');
  },
  'TLS and a refused login': async (page) => {
    await page.setInputFiles('#file-input', fileFor(join(fixtures, 'pop3-failed-login.pcap')));
    await page.waitForSelector('#capture-summary h2:has-text("pop3-failed-login.pcap")');
    await page.selectOption('#sample-select', String(samples.findIndex((s) => s.file === 'smtp-starttls-587.pcap')));
    await page.waitForSelector('#phases .phase-tls');
  },
  'the error page for a non-capture': async (page) => {
    const bogus = join(root, 'target', 'not-a-capture.txt');
    writeFileSync(bogus, 'Hello, this is a text file and not a packet capture.\n');
    await page.setInputFiles('#file-input', fileFor(bogus));
    await page.waitForSelector('#capture-error');
  },
};

for (const theme of ['light', 'dark']) {
  test(`axe finds no serious or critical problem on any view, ${theme} theme`, async () => {
    const { page, errors } = await openApp(env);
    await page.emulateMedia({ colorScheme: theme });
    const found = [];
    for (const [name, open] of Object.entries(views)) {
      await open(page);
      for (const v of await axe(page)) found.push(`${name}: ${v}`);
      await page.screenshot({ path: join(shots, `a11y-${theme}-${name.replace(/[^a-z]+/g, '-')}.png`) });
    }
    assert.deepEqual(found, []);
    assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme), theme);
    assert.deepEqual(errors.filter((e) => !/Content Security Policy|sandboxed|allow-scripts/.test(e)), []);
  });
}
