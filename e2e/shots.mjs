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
      // As a student sees it (long content folded), in slices a reader can read.
      const box = await page.locator('#transcript').boundingBox();
      const slice = 1400;
      for (let y = 0, n = 0; y < box.height && n < 12; y += slice, n++) {
        const file = join(shots, `sample-${i}-stream-${r}-${n}.png`);
        const clip = { x: box.x, y: box.y + y, width: box.width, height: Math.min(slice, box.height - y) };
        await page.screenshot({ path: file, clip, fullPage: true });
        console.log(file);
      }
    }
  }
  if (errors.length) console.log('console errors:', errors);
} finally {
  await env.stop();
}
