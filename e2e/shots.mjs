// Not a test: screenshots of every built-in sample's transcript, for review
// (node e2e/shots.mjs after scripts/build; images in target/screenshots/).
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { start, openApp, shots, root } from './harness.mjs';

const samples = JSON.parse(readFileSync(join(root, 'assets', 'samples', 'samples.json'), 'utf8'));
const env = await start();
try {
  const { page, errors } = await openApp(env);
  await page.waitForSelector('#transcript .line');
  for (let i = 0; i < samples.length; i++) {
    await page.selectOption('#sample-select', String(i));
    await page.waitForSelector(`#capture-summary h2:has-text("${samples[i].title}")`);
    const rows = await page.locator('#stream-list .stream-row').count();
    for (let r = 0; r < rows; r++) {
      await page.locator('#stream-list .stream-row').nth(r).click();
      await page.waitForSelector(`#transcript[data-stream="${r}"]`);
      // Open every folded block so the screenshot shows all of it.
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
      const file = join(shots, `sample-${i}-stream-${r}.png`);
      await page.locator('#transcript').screenshot({ path: file });
      console.log(file);
    }
  }
  if (errors.length) console.log('console errors:', errors);
} finally {
  await env.stop();
}
