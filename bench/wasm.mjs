// WebAssembly speed in headless Chromium: the time from choosing a capture in
// the file picker to its analysis on screen (read in slices, analysed by the
// wasm core, rendered by Yew), median over 5 runs, next to the native CLI on
// the same file in the same run (median over 5 runs) — the ratio is the figure.
// Also the longest main-thread task from choosing the file to the analysis on
// screen (PerformanceObserver "longtask", median over the runs): how long the
// page can stop answering. The default set includes three copies of a
// capture one after the other (mergecap -a), whose replayed segments make a
// burst of thousands of TCP analysis events.
//
//   scripts/build && node bench/wasm.mjs [capture ...]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { start, openApp, fileFor, corpus, root } from '../e2e/harness.mjs';

const files = process.argv.slice(2);
if (files.length === 0) {
  files.push(join(corpus, 'OISF__suricata-verify', 'mime-stream-depth__input.pcap'));
  files.push(join(corpus, 'snort3__snort3_demo', 'smtp-lorem.pcap'));
  const src = files[0];
  const three = join(mkdtempSync(join(tmpdir(), 'postscope-bench-')), 'three-copies.pcap');
  execFileSync('mergecap', ['-a', '-F', 'pcap', '-w', three, src, src, src]);
  files.push(three);
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const cli = join(root, 'target', 'release', 'postscope');
execFileSync('cargo', ['build', '--release', '-q', '-p', 'postscope'], { cwd: root, stdio: 'inherit' });

const env = await start();
try {
  for (const f of files) {
    const size = statSync(f).size;
    const wasm = [];
    const core = [];
    const longest = [];
    for (let i = 0; i < 5; i++) {
      const { page } = await openApp(env);
      await page.waitForSelector('#drop-zone');
      // Timed inside the page, from the input's change event (the file is
      // chosen) to the first paint after the analysis is on screen; the time
      // Playwright takes to hand the file to the browser is not counted.
      await page.evaluate(() => {
        document.querySelector('#file-input').addEventListener('change', () => { window.tChange = performance.now(); }, { capture: true });
        window.longTasks = [];
        new PerformanceObserver((l) => window.longTasks.push(...l.getEntries().map((e) => [e.startTime, e.duration]))).observe({ type: 'longtask' });
      });
      const t0 = performance.now();
      await page.setInputFiles('#file-input', fileFor(f));
      await page.waitForSelector(`#capture-summary h2:has-text("${basename(f)}")`, { timeout: 120000 });
      wasm.push(await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(performance.now() - window.tChange)))));
      core.push(await page.evaluate(() => window.postscopeTimings.analysis_ms));
      await page.waitForTimeout(300); // long tasks are reported after they end
      longest.push(await page.evaluate(() => Math.max(0, ...window.longTasks.filter(([t]) => t >= window.tChange).map(([, d]) => d))));
      if (process.env.VERBOSE) console.log(await page.evaluate(() => JSON.stringify(window.postscopeTimings)), performance.now() - t0);
      await page.close();
    }
    const native = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      execFileSync(cli, [f], { stdio: 'ignore' });
      native.push(performance.now() - t0);
    }
    const w = median(wasm), c = median(core), n = median(native), l = median(longest);
    console.log(`${basename(f)} (${size} B): in Chromium, file chosen to analysis on screen ${w.toFixed(0)} ms, of which the wasm core ${c.toFixed(0)} ms (${(size / 1048.576 / c).toFixed(1)} MB/s), longest main-thread task ${l.toFixed(0)} ms; native CLI (analysis + text output) ${n.toFixed(0)} ms; core wasm/native ${(c / n).toFixed(1)}x`);
  }
} finally {
  await env.stop();
}
