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
//
// With --generated: generated mail captures of 10 and 100 MB (crates/gencap,
// seeds 2 and 1, made once under target/bigcaps/), each opened 3 times: the
// time from the file chosen to the first conversation's transcript on
// screen (drop-to-ready; the file goes through the input, as a drop does
// through a DataTransfer, into the same worker path), the analysis worker's
// time in the core, the renderer's peak memory (the resident memory of
// Chromium's renderer processes, page and worker, sampled every 50 ms from
// /proc; the page's JS heap from CDP Performance.getMetrics at ready; the
// WebAssembly memory of the worker and of the page when ready, which never
// shrinks, so the worker's is its peak),
// the longest main-thread task (PerformanceObserver "longtask"), both up to
// ready and up to every capture-wide view drawn (the paragraph, the
// eavesdropper panel and the timeline, which come after the transcript) plus
// 0.5 s, and the time to open the conversation in the middle of the list once
// the capture is on screen (click to the first paint of its transcript; the
// worker reads its frames again from the file). BENCH_DIST=dir serves another
// build (e.g. main's) instead of dist/.
//
//   scripts/build && node bench/wasm.mjs --generated
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { start, openApp, fileFor, corpus, root } from '../e2e/harness.mjs';

const generatedMode = process.argv.includes('--generated');
const files = process.argv.slice(2).filter((a) => a !== '--generated');
if (files.length === 0 && !generatedMode) {
  files.push(join(corpus, 'OISF__suricata-verify', 'mime-stream-depth__input.pcap'));
  files.push(join(corpus, 'snort3__snort3_demo', 'smtp-lorem.pcap'));
  const src = files[0];
  const three = join(mkdtempSync(join(tmpdir(), 'postscope-bench-')), 'three-copies.pcap');
  execFileSync('mergecap', ['-a', '-F', 'pcap', '-w', three, src, src, src]);
  files.push(three);
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
if (generatedMode) {
  await generated();
  process.exit(0);
}
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

/** Resident memory (bytes) of this run's Chromium renderer processes (page
 * and worker), summed: only the descendants of the browser process started
 * with this run's own user-data-dir, never another Chromium on the machine. */
function rendererRss(profile) {
  const procs = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const ppid = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1]);
      procs.set(Number(pid), { cmd, ppid });
    } catch { /* gone */ }
  }
  const ours = new Set([...procs].filter(([, p]) => p.cmd.includes(`--user-data-dir=${profile}`) && !p.cmd.includes('--type=')).map(([pid]) => pid));
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, p] of procs) if (!ours.has(pid) && ours.has(p.ppid)) { ours.add(pid); grew = true; }
  }
  let sum = 0;
  for (const pid of ours) {
    if (!procs.get(pid).cmd.includes('--type=renderer')) continue;
    try {
      const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
      if (m) sum += Number(m[1]) * 1024;
    } catch { /* gone */ }
  }
  if (sum === 0) throw new Error(`no renderer of this run's Chromium (${profile}) found in /proc`);
  return sum;
}

async function generated() {
  const dir = join(root, 'target', 'bigcaps');
  mkdirSync(dir, { recursive: true });
  // BENCH_SIZES=10M,100M,500M (seeds 2, 1, 5); BENCH_RUNS runs each (3).
  const seeds = { '10M': 2, '100M': 1, '500M': 5 };
  const sizes = (process.env.BENCH_SIZES || '10M,100M').split(',').map((s) => [s, seeds[s] ?? 7]);
  const nruns = Number(process.env.BENCH_RUNS || 3);
  const env = await start(process.env.BENCH_DIST);
  try {
    for (const [size, seed] of sizes) {
      const f = join(dir, `gen-${size}.pcap`);
      if (!existsSync(f)) execFileSync('cargo', ['run', '-q', '--release', '-p', 'gencap', '--', '--seed', String(seed), '--size', size, '-o', f], { cwd: root, stdio: 'inherit' });
      const bytes = statSync(f).size;
      const runs = [];
      for (let i = 0; i < nruns; i++) {
        const { page } = await openApp(env);
        await page.waitForSelector('#transcript .line');
        const cdp = await env.context.newCDPSession(page);
        await cdp.send('Performance.enable');
        await page.evaluate(() => {
          document.querySelector('#file-input').addEventListener('change', () => { window.tChange = performance.now(); }, { capture: true });
          window.longTasks = [];
          new PerformanceObserver((l) => window.longTasks.push(...l.getEntries().map((e) => [e.startTime, e.duration]))).observe({ type: 'longtask' });
        });
        const base = rendererRss(env.profile);
        let peak = base;
        const timer = setInterval(() => { peak = Math.max(peak, rendererRss(env.profile)); }, 50);
        await page.setInputFiles('#file-input', f);
        await page.waitForSelector(`#capture-summary h2:has-text("${basename(f)}")`, { timeout: 600000 });
        await page.waitForSelector('#transcript .line', { timeout: 600000 });
        const ready = await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(performance.now() - window.tChange))));
        clearInterval(timer);
        peak = Math.max(peak, rendererRss(env.profile));
        const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
        const { analysis_ms: core, worker_wasm: workerWasm, page_wasm: pageWasm } = await page.evaluate(() => window.postscopeTimings);
        // Then the capture-wide views, asked of the worker once the overview is on screen.
        for (const view of ['#overview', '#eavesdropper', '.timeline .tl-chart:not([aria-busy])']) await page.waitForSelector(view, { timeout: 120000 });
        const views = await page.evaluate(() => performance.now() - window.tChange);
        await page.waitForTimeout(500); // long tasks are reported after they end
        const longest = await page.evaluate((ready) => Math.max(0, ...window.longTasks.filter(([t]) => t >= window.tChange && t < window.tChange + ready).map(([, d]) => d)), ready);
        const longestAll = await page.evaluate(() => Math.max(0, ...window.longTasks.filter(([t]) => t >= window.tChange).map(([, d]) => d)));
        // Opening a conversation once the capture is on screen: the one in the middle of the
        // list, from just before the click to the first paint with its transcript.
        const rows = page.locator('#stream-list tr.stream-row');
        const row = rows.nth(Math.floor((await rows.count()) / 2));
        await row.scrollIntoViewIfNeeded();
        const stream = await row.getAttribute('data-stream');
        const t1 = await page.evaluate(() => performance.now());
        await row.click();
        await page.waitForSelector(`#transcript[data-stream="${stream}"] .line`, { timeout: 120000 });
        const open = await page.evaluate((t1) => new Promise((r) => requestAnimationFrame(() => r(performance.now() - t1))), t1);
        const after = rendererRss(env.profile);
        runs.push({ ready, core, peak, base, heap: metrics.JSHeapUsedSize, workerWasm, pageWasm, longest, views, longestAll, open, after });
        if (process.env.VERBOSE) console.log(JSON.stringify(runs.at(-1)));
        await page.close();
      }
      if (size === sizes.at(-1)[0]) await series(env, f, size);
      const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
      const m = (k) => median(runs.map((r) => r[k]));
      const mb = (b) => (b / 1048576).toFixed(0);
      const growth = median(runs.map((r) => r.peak - r.base));
      console.log(`${basename(f)} (${bytes} B): drop-to-ready ${m('ready').toFixed(0)} ms (${(bytes / 1048.576 / m('ready')).toFixed(1)} MB/s), worker core ${m('core').toFixed(0)} ms (${(bytes / 1048.576 / m('core')).toFixed(1)} MB/s); renderer peak RSS ${mb(m('peak'))} MiB (${mb(m('base'))} MiB before the file; ${(m('peak') / bytes).toFixed(2)}x the file), growth ${mb(growth)} MiB (${(growth / bytes).toFixed(2)}x the file), ${mb(m('after'))} MiB after a conversation was opened; page JS heap at ready ${mb(m('heap'))} MiB, WebAssembly memory of the worker ${mb(m('workerWasm'))} MiB and of the page ${mb(m('pageWasm'))} MiB; longest main-thread task ${m('longest').toFixed(0)} ms up to ready; every capture-wide view drawn ${m('views').toFixed(0)} ms, longest main-thread task up to then ${m('longestAll').toFixed(0)} ms; a conversation opened in ${m('open').toFixed(0)} ms (medians of ${runs.length}); load average after: ${load}`);
    }
  } finally {
    await env.stop();
  }
}

/** Screenshots while a large file loads (a run of its own, not timed): progress, first conversations, ready. */
async function series(env, f, size) {
  const { page } = await openApp(env);
  await page.waitForSelector('#transcript .line');
  await page.setInputFiles('#file-input', f);
  const every = size === '500M' ? 2000 : 600;
  for (let n = 0; n < 90; n++) {
    await page.screenshot({ path: join(root, 'target', 'screenshots', `load-${size}-${String(n).padStart(2, '0')}.png`) });
    if (await page.locator(`#capture-summary h2:has-text("${basename(f)}")`).count() && await page.locator('#transcript .line').count()) break;
    await page.waitForTimeout(every);
  }
  await page.close();
}
