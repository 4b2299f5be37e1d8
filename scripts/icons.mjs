// Makes the app's PNG icons from the hand-drawn assets/pwa/icon.svg, drawn
// by Debian's Chromium (playwright-core): node scripts/icons.mjs. The PNGs
// are committed; run this again only when the SVG changes.
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'assets', 'pwa');
const svg = readFileSync(join(dir, 'icon.svg'), 'utf8');
const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'postscope-icons-')), {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  for (const size of [192, 512]) {
    const page = await context.newPage();
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(`<html><body style="margin:0">${svg.replace('width="512" height="512"', `width="${size}" height="${size}"`)}</body></html>`);
    await page.screenshot({ path: join(dir, `icon-${size}.png`), clip: { x: 0, y: 0, width: size, height: size } });
    console.log(`wrote assets/pwa/icon-${size}.png`);
  }
} finally {
  await context.close();
}
