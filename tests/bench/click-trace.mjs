// Usage: node tests/bench/click-trace.mjs [TICKETS]        (TICKETS defaults to 1,000,000)
//
// Where a click's time goes, for work on click-to-paint. It opens the release build in dist/ with
// target/bench/export-TICKETS.json (written by browser-load.mjs), records a Chromium trace over
// nine clicks (three rounds of a district row, a second district from the filter's dropdown and
// "clear filters", as browser-load.mjs clicks), and prints each click's
// tasks in order on the page's main thread and in the engine worker, with the browser's own
// phases (style, layout, pre-paint, paint) inside them. A figure, not a test: it never fails on
// a time. For wasm function names, build with the page's `data-wasm-opt="0" data-keep-debug` into
// another directory and point KPI_DIST at it.

import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const tickets = Number((process.argv[2] ?? '1000000').replace(/[,_]/g, ''));
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const benchDir = path.join(root, 'target', 'bench');
const file = `export-${tickets}.json`;
if (!Number.isInteger(tickets) || tickets <= 0 || !existsSync(path.join(benchDir, file))) {
  console.error(`usage: node tests/bench/click-trace.mjs [TICKETS]; needs ${path.join(benchDir, file)} (run browser-load.mjs first)`);
  process.exit(2);
}
process.env.KPI_FIXTURES = benchDir;
const { start, stop } = await import('../e2e/server.mjs');
const { url: base } = await start();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
await page.goto(`${base}/?data=fixtures/${file}`);
await page.waitForSelector('[data-testid="compute-ms"][data-query]', { state: 'attached', timeout: 600_000 });
await page.waitForTimeout(2000);
const codes = await page.evaluate(() => [...document.querySelectorAll('[data-testid^="district-row-"]')]
  .map((r) => r.getAttribute('data-testid').slice('district-row-'.length)));
const options = await page.evaluate(() => [...document.querySelectorAll('[data-testid^="option-district-"]')]
  .map((o) => o.getAttribute('data-testid').slice('option-district-'.length)));
const plan = [];
for (let round = 0; round < 3; round++) {
  const one = codes[round % codes.length];
  const two = options.find((o) => o !== one && !plan.some((p) => p.endsWith(`-${o}"]`)));
  plan.push(`[data-testid="district-row-${one}"]`);
  if (two) plan.push(`[data-testid="option-district-${two}"]`);
  plan.push('[data-testid="clear-filters"]');
}

const cdp = await page.context().newCDPSession(page);
await cdp.send('Tracing.start', { categories: 'devtools.timeline,blink,disabled-by-default-devtools.timeline.stack', transferMode: 'ReturnAsStream' });
const clicks = [];
for (const sel of plan) {
  const second = sel.includes('option-district-');
  if (second) await page.click('[data-testid="filter-district"] summary');
  else await page.evaluate((s) => document.querySelector(s)?.scrollIntoView({ block: 'center' }), sel);
  await page.waitForTimeout(300);
  // Timed in the page as browser-load.mjs does: until the frame after compute-ms names the view.
  clicks.push(await page.evaluate((s) => new Promise((resolve) => {
    const footer = document.querySelector('[data-testid="compute-ms"]');
    const before = footer.getAttribute('data-query');
    const t0 = performance.now();
    const watch = new MutationObserver(() => {
      if (footer.getAttribute('data-query') === before) return;
      watch.disconnect();
      const answered = performance.now() - t0;
      requestAnimationFrame(() => requestAnimationFrame(() => resolve({ sel: s, answered, paint: performance.now() - t0 })));
    });
    watch.observe(footer, { attributes: true });
    console.timeStamp('timed click');
    document.querySelector(s).click();
  }), sel));
  if (second) await page.keyboard.press('Escape');
  await page.waitForTimeout(400);
}
const ended = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
await cdp.send('Tracing.end');
const { stream } = await ended;
const parts = [];
for (;;) {
  const chunk = await cdp.send('IO.read', { handle: stream });
  parts.push(chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString() : chunk.data);
  if (chunk.eof) break;
}
await browser.close();
await stop();

const events = JSON.parse(parts.join('')).traceEvents;
const threads = new Map();
for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args.name);
const complete = events.filter((e) => e.ph === 'X' && e.dur != null).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
const on = (name) => complete.filter((e) => threads.get(`${e.pid}:${e.tid}`) === name);
const main = on('CrRendererMain');
const worker = on('DedicatedWorker thread');
// The timed clicks (opening the dropdown is a click too): the first after each mark.
const marks = events.filter((e) => e.name === 'TimeStamp' && e.args?.data?.message === 'timed click').map((e) => e.ts).sort((a, b) => a - b);
const starts = marks.map((ts) => main.find((e) => e.ts >= ts && e.name === 'EventDispatch' && e.args?.data?.type === 'click')).filter(Boolean);
const PHASES = { UpdateLayoutTree: 'style', Layout: 'layout', PrePaint: 'pre-paint', Paint: 'paint', ParseHTML: 'parse' };
const ms = (us) => (us / 1000).toFixed(1);

/** The outermost tasks of a thread between `from` and `to`, each with its browser phases. */
function tasks(list, from, to) {
  const out = [];
  let end = -1;
  for (const e of list) {
    if (e.ts < from || e.ts > to || e.ts < end) continue;
    end = e.ts + e.dur;
    if (e.dur < 300) continue;
    const phases = new Map();
    for (const k of list) {
      if (k.ts >= e.ts && k.ts + k.dur <= end && k !== e && PHASES[k.name]) phases.set(PHASES[k.name], (phases.get(PHASES[k.name]) ?? 0) + k.dur);
    }
    // A layout forced by script names the function that asked for it.
    const forced = list.find((k) => k.ts >= e.ts && k.ts <= end && k.name === 'Layout' && k.args?.beginData?.stackTrace?.length);
    const by = forced ? `  (forced by ${forced.args.beginData.stackTrace[0].functionName || '?'})` : '';
    out.push(`${ms(e.ts - from).padStart(7)} +${ms(e.dur).padStart(5)} ms  ${e.name}${[...phases].map(([p, d]) => `  ${p} ${ms(d)}`).join('')}${by}`);
  }
  return out;
}

console.log(`== click trace: ${tickets.toLocaleString('en')} tickets, dist ${process.env.KPI_DIST ?? 'dist/'} ==`);
starts.forEach((s, i) => {
  const c = clicks[i];
  console.log(`\n-- click ${i + 1}: ${c?.sel ?? '?'}  answered ${c ? c.answered.toFixed(0) : '?'} ms, painted ${c ? c.paint.toFixed(0) : '?'} ms`);
  const to = s.ts + (c ? c.paint * 1000 + 5000 : 150_000);
  console.log('  page main thread (ms after the click):');
  for (const line of tasks(main, s.ts, to)) console.log(`    ${line}`);
  console.log('  engine worker:');
  for (const line of tasks(worker, s.ts, to)) console.log(`    ${line}`);
});
