// Usage: node tests/bench/browser-load.mjs [TICKETS] [--no-duckdb]        (TICKETS defaults to 1,000,000)
//        node tests/bench/browser-load.mjs --file PATH      (any file the dashboard opens, e.g. a
//                                                            cube; no DuckDB run)
//
// A benchmark that prints figures, not a pass/fail test. It opens the release build in dist/
// (made by `trunk build --release`; this script never builds) in headless Chromium with
// ?data=<a generated export of TICKETS tickets> and measures what a manager feels: time to a
// ready dashboard, first progress, throughput, the longest main-thread block, memory per ticket,
// and 20 filter clicks (engine compute time and click-to-paint). Then, in the same browser, it
// runs the named rival, DuckDB-wasm, on the same tickets: instantiate, fetch + ingest, and the
// SQL equivalent of a re-filter, and prints the ratios next to the issue's aims.
//
// Files live in target/bench/: export-N.json (made once with `cargo run … gen-sample -- N 1 12`,
// about 300 bytes a ticket) and, for DuckDB, export-N.tickets.json (the same tickets, one object
// a line). Node never holds a file: both HTTP servers stream from disk, and the conversion streams.

import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, openSync, closeSync, readdirSync, readFileSync, readSync, renameSync, statSync, symlinkSync, unlinkSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const USAGE = 'usage: node tests/bench/browser-load.mjs [TICKETS] [--no-duckdb]   (TICKETS defaults to 1,000,000)\n' +
  '       node tests/bench/browser-load.mjs --file PATH';
const args = process.argv.slice(2);
const fileAt = args.indexOf('--file');
const givenFile = fileAt >= 0 ? args[fileAt + 1] : null;
if (fileAt >= 0) args.splice(fileAt, 2);
const withDuckdb = !args.includes('--no-duckdb') && !givenFile;
const countArg = args.filter((a) => a !== '--no-duckdb');
const tickets = countArg.length === 0 ? 1_000_000 : Number(countArg[0].replace(/[,_]/g, ''));
if (countArg.length > 1 || !Number.isInteger(tickets) || tickets <= 0 || args.includes('--help') || (fileAt >= 0 && !givenFile)) {
  console.error(USAGE);
  process.exit(2);
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const benchDir = path.join(root, 'target', 'bench');
// The build served (tests/e2e/server.mjs serves KPI_DIST when given, as the tests do).
const distDir = process.env.KPI_DIST ? path.resolve(process.env.KPI_DIST) : path.join(root, 'dist');
const duckdbDist = path.join(root, 'node_modules', '@duckdb', 'duckdb-wasm', 'dist');
const exportFile = givenFile ? path.join(benchDir, path.basename(givenFile)) : path.join(benchDir, `export-${tickets}.json`);
const ticketsFile = path.join(benchDir, `export-${tickets}.tickets.json`);
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
// The e2e harness's flags (tests/e2e/harness.mjs), so the figures match what the tests see.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic'];
const VIEWPORT = { width: 1440, height: 900 };
const CLICKS = 20;
const QUERIES = 20;
const KINDS = ['complaint', 'repair', 'inquiry', 'request', 'suggestion', 'praise'];

const note = (text) => process.stderr.write(`[bench] ${text}\n`);

if (!existsSync(path.join(distDir, 'index.html'))) {
  console.error(`${distDir}/index.html not found: build the app first (trunk build --release)`);
  process.exit(1);
}
if (!existsSync(CHROMIUM)) {
  console.error(`${CHROMIUM} not found (bash scripts/setup.sh installs Debian's chromium)`);
  process.exit(1);
}
if (withDuckdb && !existsSync(path.join(duckdbDist, 'duckdb-browser.mjs'))) {
  console.error('node_modules/@duckdb/duckdb-wasm is missing: run `npm ci` (or pass --no-duckdb)');
  process.exit(1);
}

// ---- Data ---------------------------------------------------------------------------------

mkdirSync(benchDir, { recursive: true });
if (givenFile && path.resolve(givenFile) !== exportFile) {
  // Served from target/bench like a generated export.
  if (existsSync(exportFile)) unlinkSync(exportFile);
  symlinkSync(path.resolve(givenFile), exportFile);
}
if (!existsSync(exportFile)) {
  // Written under another name first, so an interrupted run leaves no half file to reuse.
  note(`generating ${exportFile} (about ${(tickets * 300 / 1e6).toFixed(1)} MB)…`);
  const part = `${exportFile}.part`;
  const fd = openSync(part, 'w');
  try {
    execFileSync('cargo', ['run', '-q', '-p', 'kpi-core', '--release', '--bin', 'gen-sample', '--', String(tickets), '1', '12'], {
      cwd: root,
      stdio: ['ignore', fd, 'inherit'],
    });
  } finally {
    closeSync(fd);
  }
  renameSync(part, exportFile);
}
const exportBytes = statSync(exportFile).size;
// A given file may be gzip or a cube: its districts are then read from the page.
const header = givenFile ? await readHeader(exportFile).catch(() => ({ districts: [] })) : await readHeader(exportFile);

/** The export's members before `tickets` (districts, timezone…), read from the file's head only. */
async function readHeader(file) {
  const handle = await open(file, 'r');
  try {
    let text = '';
    const block = Buffer.alloc(1 << 16);
    for (let offset = 0; offset < 16 << 20; offset += block.length) {
      const { bytesRead } = await handle.read(block, 0, block.length, offset);
      if (bytesRead === 0) break;
      text += block.toString('utf8', 0, bytesRead);
      const at = text.search(/,\s*"tickets"\s*:/);
      if (at >= 0) return JSON.parse(text.slice(0, at).replace(/^\uFEFF/, '') + '}');
    }
  } finally {
    await handle.close();
  }
  throw new Error(`${file}: no "tickets" member after the header in its first 16 MB`);
}

/**
 * Writes the export's tickets as a JSON array with one ticket object a line, streaming: a byte
 * scanner follows strings and nesting, and copies each element of the top-level `tickets` array.
 * DuckDB-wasm gets this file because its built-in JSON reader (insertJSONFromPath) reads a top-
 * level array of rows, while `read_json` (NDJSON) lives in DuckDB's json extension, which
 * DuckDB-wasm downloads from its extension site at run time and this machine cannot reach.
 */
async function flattenTickets(from, to) {
  const part = `${to}.part`;
  const out = createWriteStream(part);
  const write = async (chunk) => {
    if (!out.write(chunk)) await once(out, 'drain');
  };
  let depth = 0;
  let inString = false;
  let escaped = false;
  let keyBytes = null; // the string being read at depth 1 (a member name), if short
  let lastKey = '';
  let inTickets = false;
  let pieces = null; // the current ticket's bytes, across chunks
  let count = 0;
  await write('[\n');
  for await (const chunk of createReadStream(from, { highWaterMark: 1 << 20 })) {
    let start = pieces ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 0x5c) escaped = true;
        else if (c === 0x22) {
          inString = false;
          if (keyBytes) lastKey = Buffer.from(keyBytes).toString('utf8');
          keyBytes = null;
        } else if (keyBytes) {
          if (keyBytes.length < 32) keyBytes.push(c);
          else keyBytes = null;
        }
        continue;
      }
      if (c === 0x22) {
        inString = true;
        keyBytes = depth === 1 ? [] : null;
      } else if (c === 0x7b || c === 0x5b) {
        if (depth === 1 && c === 0x5b && lastKey === 'tickets') inTickets = true;
        else if (inTickets && depth === 2 && c === 0x7b) {
          start = i;
          pieces = [];
        }
        depth++;
      } else if (c === 0x7d || c === 0x5d) {
        depth--;
        if (inTickets && depth === 2 && c === 0x7d && pieces) {
          pieces.push(chunk.subarray(start, i + 1));
          await write(count === 0 ? '' : ',\n');
          for (const p of pieces) await write(p);
          count++;
          pieces = null;
          start = -1;
        } else if (inTickets && depth === 1) {
          inTickets = false;
          lastKey = '';
        }
      }
    }
    // A ticket that goes on in the next chunk: keep a copy of its beginning.
    if (pieces) pieces.push(Buffer.from(chunk.subarray(Math.max(start, 0))));
  }
  await write('\n]\n');
  out.end();
  await once(out, 'finish');
  renameSync(part, to);
  return count;
}

if (withDuckdb && !existsSync(ticketsFile)) {
  note(`writing ${ticketsFile} (the tickets, one a line) for DuckDB…`);
  note(`${(await flattenTickets(exportFile, ticketsFile)).toLocaleString('en')} tickets written`);
}

// ---- Servers ------------------------------------------------------------------------------

// The dashboard is served by the e2e server (dist/ at /, KPI_FIXTURES at /fixtures/), which
// must see KPI_FIXTURES before it is imported.
process.env.KPI_FIXTURES = benchDir;
const { start, stop } = await import('../e2e/server.mjs');
const { chromium } = await import('playwright-core');

// DuckDB gets its own tiny server: a blank page whose import map resolves the bare imports of
// duckdb-browser.mjs (apache-arrow, and arrow's flatbuffers and tslib) to node_modules, the
// package's dist/ files, and the tickets file. No CSP here: the dashboard's CSP is in its own
// index.html only.
const BENCH_PAGE = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>DuckDB-wasm bench</title>
<script type="importmap">${JSON.stringify({
  imports: {
    'apache-arrow': '/npm/apache-arrow/Arrow.dom.mjs',
    flatbuffers: '/npm/flatbuffers/mjs/flatbuffers.js',
    tslib: '/npm/tslib/tslib.es6.mjs',
  },
})}</script>
</head><body></body></html>`;
const DUCKDB_ROUTES = [
  ['/duckdb/', duckdbDist],
  ['/npm/apache-arrow/', path.join(root, 'node_modules', 'apache-arrow')],
  ['/npm/flatbuffers/', path.join(root, 'node_modules', 'flatbuffers')],
  ['/npm/tslib/', path.join(root, 'node_modules', 'tslib')],
  ['/data/', benchDir],
];
const TYPES = { '.mjs': 'text/javascript', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };

function startDuckdbServer() {
  const server = createServer(async (req, res) => {
    const url = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (url === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      return res.end(BENCH_PAGE);
    }
    const route = DUCKDB_ROUTES.find(([prefix]) => url.startsWith(prefix));
    const file = route && path.resolve(route[1], '.' + path.posix.normalize('/' + url.slice(route[0].length)));
    const info = file && file.startsWith(route[1] + path.sep) ? await stat(file).catch(() => null) : null;
    if (!info?.isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not found\n');
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-length': info.size,
      'cache-control': 'no-store',
    });
    createReadStream(file).on('error', () => res.destroy()).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// ---- Helpers ------------------------------------------------------------------------------

/** Percentile with linear interpolation between closest ranks (kpis.md's rule). */
function pct(values, p) {
  if (values.length === 0) return NaN;
  const x = [...values].sort((a, b) => a - b);
  const h = (x.length - 1) * p;
  const lo = Math.floor(h);
  return x[lo] + (h - lo) * ((x[lo + 1] ?? x[lo]) - x[lo]);
}

/** Rejects if `promise` takes longer than `ms`, naming what did not come. */
function deadline(promise, ms, what) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing after ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Resident memory (bytes) of this run's Chromium renderer processes (descendants of node). */
function rendererRss() {
  const parent = new Map();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      parent.set(Number(pid), Number(fields[1]));
    } catch {
      // the process ended meanwhile
    }
  }
  const ours = (pid) => {
    for (let p = parent.get(pid); p; p = parent.get(p)) if (p === process.pid) return true;
    return false;
  };
  let total = 0;
  let largest = 0;
  for (const pid of parent.keys()) {
    try {
      if (!ours(pid) || !readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      total += kb * 1024;
      largest = Math.max(largest, kb * 1024);
    } catch {
      // the process ended meanwhile
    }
  }
  return { total, largest };
}

const ms = (v) => (Number.isFinite(v) ? `${v.toFixed(v < 10 ? 1 : 0)} ms` : 'n/a');
const mb = (v) => `${(v / 1e6).toFixed(1)} MB`;
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : NaN);
const times = (r) => (Number.isFinite(r) ? `${r.toFixed(1)}×` : 'n/a');

/**
 * Whether a wasm file keeps its "name" custom section. wasm-opt drops it (without -g), and
 * `trunk build --release` runs wasm-opt: a kept name section means the figures are not those of
 * an optimized build. Reads the section headers only.
 */
function keepsNames(file) {
  const fd = openSync(file, 'r');
  try {
    const size = statSync(file).size;
    const head = Buffer.alloc(32);
    // An unsigned LEB128 in `head` from index i: [value, index after it].
    const leb = (i) => {
      let value = 0;
      for (let shift = 0; i < head.length; shift += 7, i++) {
        value += (head[i] & 0x7f) * 2 ** shift;
        if (head[i] < 0x80) return [value, i + 1];
      }
      return [NaN, i];
    };
    // After the 8-byte preamble, each section is: id, LEB128 length, body (a custom section's,
    // id 0, starts with its name).
    for (let at = 8; at < size;) {
      readSync(fd, head, 0, head.length, at);
      const [length, body] = leb(1);
      if (!Number.isFinite(length)) return false;
      if (head[0] === 0) {
        const [nameLength, name] = leb(body);
        if (head.toString('latin1', name, name + nameLength) === 'name') return true;
      }
      at += body + length;
    }
    return false;
  } finally {
    closeSync(fd);
  }
}

// ---- In-page code (real functions: the dashboard's CSP forbids eval and strings) -----------

/**
 * Installed before the dashboard's scripts: records long tasks, the first painted progress,
 * and the painted ready state (load-status ready and a first view computed). Times are
 * performance.now(), i.e. milliseconds since navigation start.
 */
function instrument() {
  const b = (window.__bench = {
    longTasks: [], progressSeen: null, progressPainted: null, progressTexts: new Set(),
    lastProgress: null, ready: null, readyPainted: null, failed: null,
  });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) b.longTasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });

  const afterPaint = (then) => requestAnimationFrame(() => requestAnimationFrame(() => then(performance.now())));
  const watch = new MutationObserver(() => {
    const now = performance.now();
    const progress = document.querySelector('[data-testid="load-progress"]');
    if (progress) {
      const bar = document.querySelector('[data-testid="load-status"] progress');
      const text = `${progress.textContent.trim()}${bar?.hasAttribute('value') ? ` (bar ${Number(bar.value).toFixed(0)}%)` : ''}`;
      b.progressTexts.add(text);
      b.lastProgress = text;
      if (b.progressSeen === null) {
        b.progressSeen = now;
        afterPaint((t) => { b.progressPainted = t; });
      }
    }
    const state = document.querySelector('[data-testid="load-status"]')?.getAttribute('data-state');
    if (state === 'error') {
      b.failed = document.querySelector('[data-testid="load-error"]')?.textContent?.trim() || 'load-status is error';
      watch.disconnect();
    }
    const footer = document.querySelector('[data-testid="compute-ms"]');
    // The default view's query is the empty string: the attribute's presence is what counts.
    if (state === 'ready' && footer?.hasAttribute('data-query') && footer.hasAttribute('data-value')) {
      b.ready = now;
      watch.disconnect();
      afterPaint((t) => { b.readyPainted = t; });
    }
  });
  watch.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
}

/**
 * Clicks `sel` and resolves when the frame after `compute-ms` names a new query is painted.
 * All timing is in the page, so playwright's round trips do not count.
 */
function clickToPaint({ sel, timeoutMs }) {
  return new Promise((resolve) => {
    const el = document.querySelector(sel);
    const footer = document.querySelector('[data-testid="compute-ms"]');
    if (!el || !footer) {
      resolve({ missing: el ? 'compute-ms' : sel });
      return;
    }
    const before = footer.getAttribute('data-query');
    let t0 = 0;
    const observer = new MutationObserver(() => {
      const query = footer.getAttribute('data-query');
      if (query === before) return;
      observer.disconnect();
      clearTimeout(timer);
      const answered = performance.now() - t0;
      const compute = Number(footer.getAttribute('data-value'));
      requestAnimationFrame(() => requestAnimationFrame(() => {
        resolve({ start: t0, end: performance.now(), paint: performance.now() - t0, answered, compute, query });
      }));
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      resolve({ start: t0, timedOut: true });
    }, timeoutMs);
    observer.observe(footer, { attributes: true, attributeFilter: ['data-query'] });
    t0 = performance.now();
    el.click();
  });
}

/** The period on show and a few KPI cards' unrounded values, to check DuckDB's SQL against. */
function readFigures() {
  const value = (key) => Number(document.querySelector(`[data-testid="kpi-${key}"]`)?.getAttribute('data-value'));
  return {
    period: document.querySelector('[data-testid="period"]')?.textContent?.trim(),
    tickets: value('tickets'),
    frtMedian: value('first_response_min-median'),
    frtP90: value('first_response_min-p90'),
    resMedian: value('resolution_hours-median'),
  };
}

// ---- Dashboard ----------------------------------------------------------------------------

async function benchDashboard(browser, baseUrl) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err?.message ?? err}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('crash', () => problems.push('the page crashed (renderer out of memory?)'));
  let engine = null;
  page.on('worker', (w) => {
    if (w.url().includes('engine')) engine = w;
  });
  await page.addInitScript(instrument);

  const r = { problems, clicks: [] };
  // Generous: 2 minutes plus 2 s per 10 MB (the 10M-ticket file is about 3 GB).
  const readyTimeout = 120_000 + exportBytes / 5_000;
  note(`dashboard: opening ${path.basename(exportFile)} (${mb(exportBytes)})…`);
  await page.goto(`${baseUrl}/?data=fixtures/${path.basename(exportFile)}`, { waitUntil: 'commit' });
  try {
    await page.waitForFunction(() => {
      const b = window.__bench;
      return b !== undefined && (b.readyPainted !== null || b.failed !== null);
    }, null, {
      timeout: readyTimeout,
      polling: 250,
    });
  } catch (err) {
    problems.push(`not ready: ${err.message.split('\n')[0]}`);
    await context.close();
    return r;
  }
  Object.assign(r, await page.evaluate(() => {
    const b = window.__bench;
    const attr = (id, name) => document.querySelector(`[data-testid="${id}"]`)?.getAttribute(name);
    return {
      failed: b.failed, ready: b.readyPainted, progressPainted: b.progressPainted,
      progressTexts: b.progressTexts.size, lastProgress: b.lastProgress,
      held: Number(attr('load-status', 'data-held-bytes')) || null,
      accepted: Number(attr('accepted-count', 'data-value')), rejected: Number(attr('rejected-count', 'data-value') ?? 0),
      firstCompute: Number(attr('compute-ms', 'data-value')), firstQuery: attr('compute-ms', 'data-query'),
    };
  }));
  if (r.failed) {
    problems.push(`load failed: ${r.failed}`);
    await context.close();
    return r;
  }
  // The engine's wasm memory: its wasm_bindgen glue (a no-modules script) returns the instance's
  // exports when called again, memory included.
  r.wasmMemory = engine
    ? await engine.evaluate(async () => (await wasm_bindgen()).memory.buffer.byteLength).catch((e) => {
      problems.push(`engine memory unreadable: ${e.message.split('\n')[0]}`);
      return NaN;
    })
    : NaN;
  r.rss = rendererRss();

  // 20 clicks: a league-table row (one district), a second district from the filter dropdown,
  // then clear — cycling through the districts so each district view is new to the engine.
  const codes = await page.evaluate((known) => (known.length ? known : [...document.querySelectorAll('[data-testid^="district-row-"]')]
    .map((r) => r.getAttribute('data-testid').slice('district-row-'.length)))
    .filter((c) => document.querySelector(`[data-testid="district-row-${c}"]`)),
  header.districts.map((d) => d.code));
  // The second district comes from the filter's options: in a file with units, the table's rows
  // are units, which the district filter does not list.
  const options = await page.evaluate(() => [...document.querySelectorAll('[data-testid^="option-district-"]')]
    .map((o) => o.getAttribute('data-testid').slice('option-district-'.length)));
  const plan = [];
  for (let i = 0; plan.length < CLICKS && codes.length > 0; i++) {
    const one = codes[i % codes.length];
    const near = codes[(i + 1 + Math.floor(codes.length / 2)) % codes.length];
    const two = options.includes(near) || options.length === 0
      ? near
      : options[(i + 1 + Math.floor(options.length / 2)) % options.length];
    plan.push({ kind: 'district row', what: one, sel: `[data-testid="district-row-${one}"]` });
    if (two !== one) plan.push({ kind: 'add 2nd district', what: `+${two}`, sel: `[data-testid="option-district-${two}"]` });
    plan.push({ kind: 'clear filters', what: '', sel: '[data-testid="clear-filters"]' });
  }
  plan.length = Math.min(plan.length, CLICKS);
  note(`dashboard: ready; ${plan.length} clicks…`);
  const clickTimeout = 30_000 + tickets / 50;
  try {
    await clickThrough(page, plan, r, clickTimeout);
  } catch (err) {
    problems.push(`clicks stopped: ${err.message.split('\n')[0]}`);
  }
  // Long tasks sorted by when they started: before ready, or between the first click and the
  // last paint.
  const done = r.clicks.filter((c) => c.start !== undefined);
  const from = done.length ? done[0].start : Infinity;
  const to = done.length ? Math.max(...done.map((c) => c.end ?? c.start + clickTimeout)) : -Infinity;
  const tasks = await page.evaluate(() => window.__bench.longTasks).catch(() => []);
  r.longLoad = tasks.filter(([t]) => t < r.ready);
  r.longClicks = tasks.filter(([t]) => t >= from && t <= to);
  await context.close();
  return r;
}

/** Runs the planned clicks one by one, timing each in the page. */
async function clickThrough(page, plan, r, clickTimeout) {
  const { problems } = r;
  const seen = new Set([r.firstQuery]);
  for (const step of plan) {
    if (step.kind === 'add 2nd district') await page.click('[data-testid="filter-district"] summary');
    else await page.evaluate((sel) => document.querySelector(sel)?.scrollIntoView({ block: 'center' }), step.sel);
    await page.waitForTimeout(300);
    const c = { ...step, ...(await page.evaluate(clickToPaint, { sel: step.sel, timeoutMs: clickTimeout })) };
    c.repeat = c.query !== undefined && seen.has(c.query);
    if (c.query !== undefined) seen.add(c.query);
    r.clicks.push(c);
    if (!r.check && step.kind === 'district row' && Number.isFinite(c.paint)) r.check = { district: step.what, ...(await page.evaluate(readFigures)) };
    if (c.missing) problems.push(`click ${r.clicks.length} (${step.kind} ${step.what}): ${c.missing} not on the page`);
    if (c.timedOut) problems.push(`click ${r.clicks.length} (${step.kind} ${step.what}): no new view painted within ${clickTimeout / 1000} s`);
    if (step.kind === 'add 2nd district') {
      await page.keyboard.press('Escape');
      if (await page.evaluate(() => document.querySelector('[data-testid="filter-district"]')?.hasAttribute('open'))) {
        problems.push(`click ${r.clicks.length}: the district dropdown stayed open after Escape`);
      }
    }
    await page.waitForFunction(
      () => document.querySelector('[data-testid="load-status"]')?.getAttribute('data-state') === 'ready',
      null, { timeout: clickTimeout, polling: 100 },
    ).catch(() => problems.push(`click ${r.clicks.length}: load-status did not come back to ready`));
  }
}

// ---- DuckDB-wasm --------------------------------------------------------------------------

/** Imports DuckDB-wasm, picks a bundle (EH or MVP) and opens a database and a connection. */
async function duckdbInstantiate() {
  const t0 = performance.now();
  const duckdb = await import(`${location.origin}/duckdb/duckdb-browser.mjs`);
  const imported = performance.now() - t0;
  const base = `${location.origin}/duckdb/`;
  const bundle = await duckdb.selectBundle({
    mvp: { mainModule: `${base}duckdb-mvp.wasm`, mainWorker: `${base}duckdb-browser-mvp.worker.js` },
    eh: { mainModule: `${base}duckdb-eh.wasm`, mainWorker: `${base}duckdb-browser-eh.worker.js` },
  });
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(bundle.mainWorker));
  await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
  const conn = await db.connect();
  // Extensions would be fetched from the internet: never try (a known function of an extension
  // then fails at once instead of hanging on the request).
  await conn.query('SET autoinstall_known_extensions = false');
  await conn.query('SET autoload_known_extensions = false');
  window.__duck = { db, conn };
  return {
    ms: performance.now() - t0,
    imported,
    bundle: bundle.mainModule.includes('-eh') ? 'EH (wasm exceptions)' : 'MVP',
    version: await db.getVersion(),
  };
}

/**
 * Fetches the tickets file and loads it into a table with DuckDB-wasm's built-in JSON reader
 * (types detected, like read_json_auto), then adds what the queries group and measure: the
 * local month (the export's UTC offset) and durations in minutes and hours.
 */
async function duckdbIngest({ url, offsetMinutes }) {
  const { db, conn } = window.__duck;
  const t0 = performance.now();
  const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  const t1 = performance.now();
  await db.registerFileBuffer('tickets.json', bytes);
  await conn.insertJSONFromPath('tickets.json', { name: 'raw' });
  await conn.query(`CREATE TABLE tickets AS SELECT *,
      strftime(opened_at + INTERVAL (${offsetMinutes}) MINUTE, '%Y-%m') AS month,
      (epoch(first_response_at) - epoch(opened_at)) / 60 AS first_response_min,
      (epoch(resolved_at) - epoch(opened_at)) / 3600 AS resolution_hours
    FROM raw`);
  await conn.query('DROP TABLE raw');
  await db.dropFile('tickets.json');
  const t2 = performance.now();
  const row = (await conn.query(`SELECT count(*)::DOUBLE AS n,
      (SELECT string_agg(column_name || ' ' || data_type, ', ') FROM information_schema.columns
        WHERE table_name = 'tickets' AND column_name IN ('opened_at', 'first_response_at', 'arrived_at', 'resolved_at', 'satisfaction')) AS types,
      (SELECT memory_usage FROM pragma_database_size()) AS memory
    FROM tickets`)).toArray()[0];
  return { fetch: t1 - t0, ingest: t2 - t1, total: t2 - t0, rows: row.n, types: row.types, memory: row.memory };
}

/**
 * The SQL of a re-filter, `count` times across districts and kinds: for one district, per month,
 * tickets by kind and the first-response (minutes) and resolution (hours) median and p90; and
 * for one kind, the same by district. Timed in the page, result rows in JS included.
 */
async function duckdbQueries({ districts, kinds, count, check }) {
  const { conn } = window.__duck;
  const kindCounts = kinds.map((k) => `count(*) FILTER (WHERE kind = '${k}') AS ${k}`).join(', ');
  const stats = `quantile_cont(first_response_min, 0.5) AS frt_median, quantile_cont(first_response_min, 0.9) AS frt_p90,
    quantile_cont(resolution_hours, 0.5) AS res_median, quantile_cont(resolution_hours, 0.9) AS res_p90`;
  const runs = [];
  for (let i = 0; i < count; i++) {
    const district = districts[i % districts.length];
    const kind = kinds[i % kinds.length];
    const t0 = performance.now();
    await conn.query(`SELECT month, count(*) AS tickets, ${kindCounts}, ${stats}
      FROM tickets WHERE district = '${district}' GROUP BY month ORDER BY month`);
    const t1 = performance.now();
    await conn.query(`SELECT district, count(*) AS tickets, ${stats}
      FROM tickets WHERE kind = '${kind}' GROUP BY district ORDER BY district`);
    const t2 = performance.now();
    runs.push({ months: t1 - t0, byDistrict: t2 - t1, total: t2 - t0 });
  }
  // The same figures as the dashboard's cards for one district and month, when it had them.
  const figures = check && (await conn.query(`SELECT count(*)::DOUBLE AS tickets, ${stats}
    FROM tickets WHERE district = '${check.district}' AND month = '${check.month}'`)).toArray()[0];
  return { runs, figures: figures && { ...figures.toJSON() } };
}

async function benchDuckdb(browser, check) {
  const server = await startDuckdbServer();
  const origin = `http://127.0.0.1:${server.address().port}`;
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const r = { problems: [] };
  page.on('pageerror', (err) => r.problems.push(`page error: ${err?.message ?? err}`));
  page.on('crash', () => r.problems.push('the DuckDB page crashed (out of memory?)'));
  const slow = 120_000 + exportBytes / 5_000;
  try {
    await page.goto(`${origin}/`);
    note('duckdb: instantiating…');
    r.instantiate = await deadline(page.evaluate(duckdbInstantiate), 120_000, 'DuckDB instantiate');
    note('duckdb: fetch + ingest…');
    const [, sign, hh, mm] = /^([+-])(\d\d):?(\d\d)$/.exec(header.timezone ?? '+00:00') ?? [0, '+', '00', '00'];
    const offsetMinutes = (sign === '-' ? -1 : 1) * (Number(hh) * 60 + Number(mm));
    r.load = await deadline(page.evaluate(duckdbIngest, { url: `${origin}/data/${path.basename(ticketsFile)}`, offsetMinutes }),
      slow, 'DuckDB fetch + ingest');
    r.rss = rendererRss();
    note('duckdb: queries…');
    ({ runs: r.queries, figures: r.figures } = await deadline(page.evaluate(duckdbQueries, {
      districts: header.districts.map((d) => d.code), kinds: KINDS, count: QUERIES, check,
    }), slow, 'DuckDB queries'));
  } catch (err) {
    r.problems.push(err.message.split('\n')[0]);
  } finally {
    await context.close();
    server.close();
  }
  return r;
}

// ---- Run and report -----------------------------------------------------------------------

// Other work on the 2 cores skews every figure: the load average is printed with the machine.
const loadBefore = os.loadavg()[0];
const { url: baseUrl } = await start();
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const chromiumVersion = browser.version();
let dash;
let duck = null;
try {
  dash = await benchDashboard(browser, baseUrl).catch((err) => ({ problems: [`dashboard: ${err.message.split('\n')[0]}`], clicks: [] }));
  // A period of one whole month (the default, 最近整月) can be checked against DuckDB's months.
  const month = /^(\d{4}-\d{2})-01 – \1-\d{2}$/.exec(dash.check?.period ?? '')?.[1];
  if (withDuckdb) duck = await benchDuckdb(browser, month && { district: dash.check.district, month });
} finally {
  await browser.close();
  await stop();
}

const out = [];
const line = (label, value) => out.push(`${label.padEnd(34)}${value}`);
out.push(givenFile ? `== browser-load: ${path.basename(givenFile)} ==` : `== browser-load: ${tickets.toLocaleString("en")} tickets ==`);
line('machine', `${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Chromium ${chromiumVersion}, node ${process.version}`);
line('load average (1 min)', `${loadBefore.toFixed(1)} before, ${os.loadavg()[0].toFixed(1)} after${loadBefore > 1 ? '  — other processes were busy: expect noisy figures' : ''}`);
const wasms = readdirSync(distDir).filter((f) => f.endsWith('_bg.wasm')).map((f) => path.join(distDir, f));
const unoptimized = wasms.filter(keepsNames).map((f) => path.basename(f));
line('dist build', `${statSync(path.join(distDir, 'index.html')).mtime.toISOString()} (${path.relative(root, distDir)}/index.html); ` +
  wasms.map((f) => `${path.basename(f).replace(/-[0-9a-f]{16}_bg/, '_bg')} ${mb(statSync(f).size)}`).join(', '));
if (unoptimized.length) line('', `WARNING: ${unoptimized.join(', ')} keep a name section: wasm-opt did not run, not an optimized release build`);
line('export file', `${path.relative(root, exportFile)}: ${mb(exportBytes)}, ${header.districts.length} districts, timezone ${header.timezone ?? '(offset of exported_at)'}`);

out.push('', '-- dashboard (release build, ?data=fixtures/…) --');
line('tickets accepted / rejected', `${dash.accepted?.toLocaleString('en') ?? 'n/a'} / ${dash.rejected?.toLocaleString('en') ?? 'n/a'}`);
if (Number.isFinite(dash.ready)) {
  line('navigation → ready, painted', `${ms(dash.ready)}  (load-status ready and the first view computed: ${ms(dash.firstCompute)} in the engine)`);
  line('first progress painted', `${ms(dash.progressPainted)}  (${dash.progressTexts} distinct progress texts; last: ${dash.lastProgress ?? 'none'})`);
  line('throughput, end to end', `${(exportBytes / 1e6 / (dash.ready / 1000)).toFixed(1)} MB/s  (file bytes ÷ navigation-to-ready: page, wasm and download included)`);
  // Long tasks are those over 50 ms; none means the main thread never blocked that long.
  const longest = (tasks) => {
    if (tasks.length === 0) return 'none over 50 ms';
    const [at, most] = tasks.reduce((a, b) => (b[1] > a[1] ? b : a));
    return `${ms(most)} at ${(at / 1000).toFixed(1)} s (${tasks.length} over 50 ms, ${tasks.filter(([, d]) => d > 200).length} over 200 ms)`;
  };
  line('longest main-thread task: load', longest(dash.longLoad));
  line('longest main-thread task: clicks', longest(dash.longClicks));
  const perTicket = (v) => (Number.isFinite(v) && dash.accepted > 0 ? `${(v / dash.accepted).toFixed(0)} B/ticket (${mb(v)})` : 'n/a');
  line('memory: columns held by engine', `${perTicket(dash.held)}  — the engine's held_bytes (load-status data-held-bytes: dataset columns + interned strings)`);
  line('memory: engine wasm memory', `${perTicket(dash.wasmMemory)}  — the worker's WebAssembly.Memory size after load (never shrinks: the load's peak, buffers included)`);
  line('memory: renderer RSS', `${mb(dash.rss.total)} for this browser's renderers (largest ${mb(dash.rss.largest)}), page + engine worker, from /proc`);

  const ok = dash.clicks.filter((c) => Number.isFinite(c.paint));
  const fresh = ok.filter((c) => !c.repeat);
  out.push('', `  #  click              target  click→paint  answer   engine compute  data-query`);
  dash.clicks.forEach((c, i) => {
    const state = c.timedOut ? 'NEVER PAINTED' : c.missing ? `missing ${c.missing}` : '';
    out.push(`${String(i + 1).padStart(3)}  ${c.kind.padEnd(17)}  ${c.what.padEnd(6)}  ${state || ms(c.paint).padStart(11)}  ${Number.isFinite(c.answered) ? ms(c.answered).padStart(7) : ''}  ${Number.isFinite(c.compute) ? ms(c.compute).padStart(8) + (c.repeat ? ' (cached)' : '         ') : ''}  ${c.query ?? ''}`);
  });
  out.push('  (answer: click → compute-ms names the new view; cached: a view shown before, answered from the cache, compute is the original\'s)', '');
  line('engine compute per click', `median ${ms(pct(fresh.map((c) => c.compute), 0.5))}, p95 ${ms(pct(fresh.map((c) => c.compute), 0.95))}  over ${fresh.length} views computed fresh (compute-ms data-value)`);
  for (const kind of ['district row', 'add 2nd district', 'clear filters']) {
    const v = ok.filter((c) => c.kind === kind).map((c) => c.paint);
    line(`click→paint: ${kind}`, `p50 ${ms(pct(v, 0.5))}, p95 ${ms(pct(v, 0.95))}  (${v.length} clicks)`);
  }
  line('click→paint: all clicks', `p50 ${ms(pct(ok.map((c) => c.paint), 0.5))}, p95 ${ms(pct(ok.map((c) => c.paint), 0.95))}  (${ok.length} of ${dash.clicks.length} painted)`);
  line('click→paint: fresh views only', `p50 ${ms(pct(fresh.map((c) => c.paint), 0.5))}, p95 ${ms(pct(fresh.map((c) => c.paint), 0.95))}`);
  dash.fresh = fresh;
}

if (duck) {
  out.push('', '-- DuckDB-wasm (same browser, own page and worker) --');
  if (duck.instantiate) {
    line('version, bundle', `${duck.instantiate.version}, ${duck.instantiate.bundle} (selectBundle), served from node_modules`);
    line('instantiate', `${ms(duck.instantiate.ms)}  (import the JS ${ms(duck.instantiate.imported)}, then worker + wasm + connect)`);
  }
  if (duck.load) {
    line('input', `${path.relative(root, ticketsFile)}: ${mb(statSync(ticketsFile).size)}, the export's tickets one object a line in a JSON array; ${duck.load.rows.toLocaleString('en')} rows`);
    line('', 'read with insertJSONFromPath (DuckDB-wasm\'s built-in JSON reader, types detected). read_json/read_json_auto on');
    line('', 'NDJSON need the json extension, fetched at run time from DuckDB\'s site (unreachable here); the built-in');
    line('', 'reader cannot read the original export (its top level is an object): both tried, neither possible offline');
    line('', `detected: ${duck.load.types}`);
    line('fetch + ingest', `${ms(duck.load.total)}  (fetch ${ms(duck.load.fetch)}, ingest + derived columns ${ms(duck.load.ingest)})`);
    line('instantiate + fetch + ingest', ms(duck.instantiate.ms + duck.load.total));
    line('memory', `DuckDB memory_usage ${duck.load.memory}; renderer RSS ${mb(duck.rss.total)} (largest ${mb(duck.rss.largest)})`);
  }
  if (duck.queries) {
    const q = duck.queries;
    line('re-filter query (both SQL)', `median ${ms(pct(q.map((x) => x.total), 0.5))}, p90 ${ms(pct(q.map((x) => x.total), 0.9))}  over ${q.length} runs, districts and kinds cycled`);
    line('  one district by month', `median ${ms(pct(q.map((x) => x.months), 0.5))}, p90 ${ms(pct(q.map((x) => x.months), 0.9))}`);
    line('  one kind by district', `median ${ms(pct(q.map((x) => x.byDistrict), 0.5))}, p90 ${ms(pct(q.map((x) => x.byDistrict), 0.9))}`);
  }
  if (duck.figures) {
    const d = dash.check;
    const f = duck.figures;
    const n = (v) => (v === null || v === undefined ? '—' : Number(v).toFixed(2));
    line(`same SQL checked: ${d.district}, ${d.period.slice(0, 7)}`, `dashboard tickets ${d.tickets}, first response median ${n(d.frtMedian)} / p90 ${n(d.frtP90)} min, resolution median ${n(d.resMedian)} h`);
    line('', `DuckDB    tickets ${f.tickets}, first response median ${n(f.frt_median)} / p90 ${n(f.frt_p90)} min, resolution median ${n(f.res_median)} h`);
  }

  if (duck.load && Number.isFinite(dash.ready)) {
    const load = ratio(duck.instantiate.ms + duck.load.total, dash.ready);
    out.push('', '-- ratios (DuckDB ÷ dashboard; above 1 the dashboard is faster) --');
    line('load: DuckDB total ÷ ready', `${times(load)}   aim ≥ 4×  ${load >= 4 ? 'met' : 'not met'}`);
    if (duck.queries && dash.fresh.length) {
      const dq = pct(duck.queries.map((x) => x.total), 0.5);
      const vsCompute = ratio(dq, pct(dash.fresh.map((c) => c.compute), 0.5));
      const vsPaint = ratio(dq, pct(dash.fresh.map((c) => c.paint), 0.5));
      line('re-filter: query ÷ compute', `${times(vsCompute)}   aim ≥ 5×  ${vsCompute >= 5 ? 'met' : 'not met'}  (medians; engine compute of fresh views)`);
      line('re-filter: query ÷ click→paint', `${times(vsPaint)}   aim ≥ 5×  ${vsPaint >= 5 ? 'met' : 'not met'}  (medians; DuckDB has no page to paint)`);
    }
  }
}

const problems = [...dash.problems, ...(duck?.problems ?? [])];
out.push('', problems.length ? `-- problems seen (${problems.length}) --` : '-- problems seen: none --');
for (const p of [...new Set(problems)]) out.push(`  ${p}`);
console.log(out.join('\n'));
