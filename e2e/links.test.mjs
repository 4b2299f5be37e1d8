// A teacher's deep link opens a sample at a frame; the phase ladder jumps; a
// click on a frame number puts a link to it in the address bar.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { start, shots } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env.stop(); });

test('#sample=N&stream=S&frame=F opens that sample and brings the frame into view', async () => {
  const page = await env.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${env.url}#sample=1&stream=0&frame=26`);
  await page.waitForSelector('#transcript .item.focused');
  assert.match(await page.locator('#capture-summary h2').innerText(), /POP3/);
  const frame = Number(await page.locator('#transcript .item.focused [data-frame]').first().getAttribute('data-frame'));
  assert.ok(frame <= 26 && frame >= 20, `focused item is at frame ${frame}`);
  await page.screenshot({ path: join(shots, 'deep-link.png') });
  assert.deepEqual(errors, []);
});

test('the phase ladder names each phase and jumps to it', async () => {
  const page = await env.context.newPage();
  await page.goto(env.url);
  await page.waitForSelector('#phases .phase');
  const titles = await page.locator('#phases .phase-title').allInnerTexts();
  assert.deepEqual(titles, ['TCP handshake', 'Greeting', 'Capabilities', 'Login', 'Envelope', 'Message', 'Goodbye']);
  await page.locator('#phases .phase-login button').click();
  const focused = page.locator('#transcript .item.focused');
  assert.match(await focused.innerText(), /AUTH LOGIN/);
  await page.locator('#transcript .line[data-frame="6"] .frame').click();
  assert.match(page.url(), /#sample=0&stream=0&frame=6$/);
  await page.screenshot({ path: join(shots, 'phases.png') });
});
