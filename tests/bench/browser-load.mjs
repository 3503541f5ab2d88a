// In-browser load measurement: generates an export of N tickets (default 700 000, about 210 MB),
// opens the release build in headless Chromium with ?data=, and prints what a manager would feel:
// time to a ready dashboard, parse throughput, the longest main-thread block (long tasks), and
// the wasm memory held afterwards. A benchmark that prints figures, not a pass/fail test.
//
//   node tests/bench/browser-load.mjs [TICKETS]      (needs dist/ from `trunk build --release`)

import { execFileSync } from 'node:child_process';
import { mkdirSync, openSync, closeSync, statSync } from 'node:fs';
import path from 'node:path';

const tickets = Number(process.argv[2] ?? 700000);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const dir = path.join(root, 'target', 'bench');
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `export-${tickets}.json`);
try {
  statSync(file);
} catch {
  const fd = openSync(file, 'w');
  execFileSync('cargo', ['run', '-q', '-p', 'kpi-core', '--release', '--bin', 'gen-sample', '--', String(tickets), '1', '12'], {
    cwd: root,
    stdio: ['ignore', fd, 'inherit'],
  });
  closeSync(fd);
}
const bytes = statSync(file).size;

process.env.KPI_FIXTURES = dir;
const { start, stop } = await import('../e2e/server.mjs');
const { chromium } = await import('playwright-core');
const server = await start();
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-quic'],
});
try {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
    addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail.wasm; });
  });
  let firstProgress = null;
  const t0 = Date.now();
  await page.goto(`${server.url}/?data=fixtures/${path.basename(file)}`);
  // Watch the progress bar: the page must paint between slices.
  const samples = new Set();
  while (true) {
    const state = await page.getAttribute('[data-testid="load-status"]', 'data-state').catch(() => null);
    const text = await page.textContent('[data-testid="load-status"]').catch(() => '');
    if (text && /%/.test(text)) { samples.add(text.trim()); firstProgress ??= Date.now() - t0; }
    if (state === 'ready' || state === 'error') break;
    await page.waitForTimeout(50);
  }
  const ready = Date.now() - t0;
  const figures = await page.evaluate(() => ({
    longest: Math.max(0, ...window.__longTasks),
    over200: window.__longTasks.filter((d) => d > 200).length,
    memory: window.__wasm?.memory?.buffer?.byteLength ?? null,
    accepted: document.querySelector('[data-testid="accepted-count"]')?.getAttribute('data-value'),
  }));
  console.log(`tickets:                 ${figures.accepted}`);
  console.log(`file size:               ${(bytes / 1e6).toFixed(1)} MB`);
  console.log(`navigation to ready:     ${ready} ms (${(bytes / 1e6 / (ready / 1000)).toFixed(0)} MB/s end to end, download included)`);
  console.log(`first progress painted:  ${firstProgress} ms; distinct progress texts seen: ${samples.size}`);
  console.log(`longest main-thread task: ${figures.longest.toFixed(0)} ms; tasks over 200 ms: ${figures.over200}`);
  console.log(`wasm memory afterwards:  ${figures.memory === null ? 'n/a' : (figures.memory / 1e6).toFixed(0) + ' MB'}`);
  console.log(`default view computed in: ${Number(await page.getAttribute('[data-testid="compute-ms"]', 'data-value')).toFixed(1)} ms`);

  // A filter change: click a district row, then a kind; time until the next frame is painted.
  const { CLICK_TO_PAINT } = await import('../e2e/helpers.mjs');
  await page.evaluate(CLICK_TO_PAINT);
  for (const [what, selector] of [
    ['district row click', '[data-testid="district-row-FC"]'],
    ['add a second district', '[data-testid="option-district-JY"]'],
    ['remove both', '[data-testid="clear-filters"]'],
  ]) {
    const ms = await page.evaluate((sel) => window.clickToPaint(sel), selector);
    await page.waitForTimeout(300);
    const compute = await page.getAttribute('[data-testid="compute-ms"]', 'data-value');
    console.log(`${what.padEnd(24)} click-to-paint ${ms.toFixed(0)} ms (select + KPIs ${Number(compute).toFixed(1)} ms)`);
  }
} finally {
  await browser.close();
  await stop();
}
