// What the page's long tasks are: one load of a capture in headless Chromium
// with a Chromium trace (CDP Tracing: the renderer's tasks, what ran in
// them, and V8's CPU samples), from the file chosen to the first
// conversation's transcript on screen and 3 s after. Each task of the page's
// main thread over 50 ms is listed with its time, the trace events inside it
// (layout, style, script, timers, messages) and the functions its CPU
// samples were in (self time; WebAssembly functions are named only in a
// build that keeps its name section). Not a benchmark: tracing slows the
// page; the figures to compare are bench/wasm.mjs's.
//
//   scripts/build && node bench/trace.mjs [capture] [dist]
//   node bench/trace.mjs --report target/trace-gen-100M.pcap.json
//
// The capture defaults to target/bigcaps/gen-100M.pcap (gencap --seed 1
// --size 100M); the trace is written to target/trace-<capture>.json.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { basename, join } from 'node:path';
import { start, openApp, root } from '../e2e/harness.mjs';

if (process.argv[2] === '--report') {
  // The report of a trace written before.
  const trace = JSON.parse(readFileSync(process.argv[3], 'utf8'));
  report(Array.isArray(trace) ? trace : trace.traceEvents, process.argv[3]);
  process.exit(0);
}
const file = process.argv[2] || join(root, 'target', 'bigcaps', 'gen-100M.pcap');
if (!existsSync(file) && basename(file) === 'gen-100M.pcap') {
  execFileSync('cargo', ['run', '-q', '--release', '-p', 'gencap', '--', '--seed', '1', '--size', '100M', '-o', file], { cwd: root, stdio: 'inherit' });
}
const env = await start(process.argv[3]);
try {
  const { page } = await openApp(env);
  await page.waitForSelector('#transcript .line');
  const cdp = await env.context.newCDPSession(page);
  await cdp.send('Tracing.start', {
    transferMode: 'ReturnAsStream',
    traceConfig: {
      includedCategories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute',
        'disabled-by-default-v8.cpu_profiler', 'blink.user_timing'],
    },
  });
  await page.evaluate(() => performance.mark('postscope-chosen'));
  await page.setInputFiles('#file-input', file);
  await page.waitForSelector(`#capture-summary h2:has-text("${basename(file)}")`, { timeout: 600000 });
  await page.waitForSelector('#transcript .line', { timeout: 600000 });
  await page.waitForTimeout(3000);
  const complete = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.end');
  const { stream } = await complete;
  const parts = [];
  for (;;) {
    const { data, eof, base64Encoded } = await cdp.send('IO.read', { handle: stream, size: 1 << 20 });
    parts.push(base64Encoded ? Buffer.from(data, 'base64').toString() : data);
    if (eof) break;
  }
  await cdp.send('IO.close', { handle: stream });
  const text = parts.join('');
  const out = join(root, 'target', `trace-${basename(file)}.json`);
  writeFileSync(out, text);
  const trace = JSON.parse(text);
  report(Array.isArray(trace) ? trace : trace.traceEvents, out);
} finally {
  await env.stop();
}

function report(events, out) {
  // The page's main thread: the renderer's main thread that saw our mark.
  const mark = events.find((e) => e.name === 'postscope-chosen');
  const names = new Map(events.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args.name]));
  const main = mark ? `${mark.pid}:${mark.tid}` : [...names].find(([, n]) => n === 'CrRendererMain')?.[0];
  const on = (e) => `${e.pid}:${e.tid}` === main;
  const t0 = mark?.ts ?? 0;
  // A task is logged twice, nested (ThreadControllerImpl::RunTask around RunTask): the outer one is kept.
  const tasks = events.filter((e) => on(e) && e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && e.ts >= t0 && e.dur > 50000)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur)
    .filter((e, i, all) => i === 0 || e.ts >= all[i - 1].ts + all[i - 1].dur);
  // CPU samples of the main thread: a Profile event, then ProfileChunks (nodes, samples, timeDeltas).
  const nodes = new Map();
  const samples = [];
  const profiles = new Set(events.filter((e) => e.name === 'Profile' && on(e)).map((e) => e.id));
  let t = null;
  for (const e of events) {
    if (e.name === 'Profile' && profiles.has(e.id)) t = e.args.data.startTime;
    if (e.name !== 'ProfileChunk' || !profiles.has(e.id)) continue;
    const p = e.args.data.cpuProfile || {};
    for (const n of p.nodes || []) nodes.set(n.id, n);
    const deltas = e.args.data.timeDeltas || [];
    (p.samples || []).forEach((id, i) => { t += deltas[i] || 0; samples.push([t, id]); });
  }
  const name = (id) => { const f = nodes.get(id)?.callFrame; return f ? (f.functionName || `(anonymous ${basename(f.url || '')})`) : '?'; };
  console.log(`${tasks.length} main-thread tasks over 50 ms after the file was chosen (trace: ${out})`);
  for (const task of tasks) {
    const end = task.ts + task.dur;
    const inside = events.filter((e) => on(e) && e.ph === 'X' && e.ts >= task.ts && e.ts + (e.dur || 0) <= end && e !== task);
    const by = {};
    for (const e of inside) {
      const what = e.name === 'EventDispatch' ? `EventDispatch(${e.args?.data?.type})` : e.name === 'FunctionCall' ? `FunctionCall(${basename(e.args?.data?.url || '')}:${e.args?.data?.functionName || ''})` : e.name;
      by[what] = (by[what] || 0) + e.dur;
    }
    const top = Object.entries(by).filter(([k]) => !/RunTask|ThreadController/.test(k)).sort((a, b) => b[1] - a[1]).slice(0, 8);
    const self = {};
    for (const [st, id] of samples) if (st >= task.ts && st <= end) self[name(id)] = (self[name(id)] || 0) + 1;
    const n = Object.values(self).reduce((a, b) => a + b, 0) || 1;
    const hot = Object.entries(self).sort((a, b) => b[1] - a[1]).slice(0, 8);
    console.log(`\n+${((task.ts - t0) / 1000).toFixed(0)} ms: a task of ${(task.dur / 1000).toFixed(0)} ms`);
    console.log(`  events: ${top.map(([k, d]) => `${k} ${(d / 1000).toFixed(0)} ms`).join('; ')}`);
    console.log(`  samples (${n}): ${hot.map(([k, c]) => `${k} ${(100 * c / n).toFixed(0)}%`).join('; ')}`);
  }
}
