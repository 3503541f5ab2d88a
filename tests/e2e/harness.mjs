// The browser tests' harness: one Chromium and one static server per test file, a fresh context
// per test, and a failure whenever the page threw (a wasm panic kills the app). Tests talk to the
// page only through the `Dashboard` page object (dashboard.mjs).

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { start, stop, repoRoot, distDir, fixturesDir, generatedDir } from './server.mjs';

export { repoRoot, fixturesDir, generatedDir };

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];
export const VIEWPORT = { width: 1440, height: 900 };
export const TEST_TIMEOUT_MS = 180_000;
export const SCREENSHOT_DIR = path.join(repoRoot, 'target', 'e2e');

// A console message that means the wasm code panicked or trapped.
const PANIC_RE = /panicked at|RuntimeError|unreachable executed|wasm trap/i;

/** The browser and the server's base URL of the running test file. */
export const ctx = { browser: null, baseUrl: null };

export function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** A fixture's expected figures. */
export function expected(name) {
  return readJson(path.join(fixturesDir, name));
}

/** Writes a file the server serves as /generated/<name>. */
export function generate(name, content) {
  mkdirSync(generatedDir, { recursive: true });
  writeFileSync(path.join(generatedDir, name), content);
  return `generated/${name}`;
}

/** Starts the server and the browser (in a `before` hook); fails clearly if anything is missing. */
export async function launch() {
  if (!existsSync(path.join(distDir, 'index.html'))) {
    throw new Error(
      `${path.join(distDir, 'index.html')} not found: build the app first with ` +
        '`trunk build --release` (bash scripts/test.sh does it before these tests)',
    );
  }
  if (!existsSync(path.join(fixturesDir, 'small.all.expected.json'))) {
    throw new Error(
      `${fixturesDir} has no fixtures: the shared fixtures must sit beside the repo ` +
        '(../shared/data/fixtures) or be named by KPI_FIXTURES',
    );
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: run bash scripts/setup.sh (installs Debian's chromium)`);
  }
  ({ url: ctx.baseUrl } = await start());
  ctx.browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Closes the browser and the server (in an `after` hook). */
export async function shutdown() {
  await ctx.browser?.close().catch(() => {});
  ctx.browser = null;
  await stop();
}

/**
 * Runs `fn` with a fresh context and page, collecting page errors (uncaught exceptions, e.g. a
 * wasm panic), console errors, dialogs and every request. Fails if any page error or panic
 * message occurred.
 */
export async function withPage(t, fn, options = {}) {
  const context = await ctx.browser.newContext({
    viewport: options.viewport ?? VIEWPORT,
    acceptDownloads: true,
  });
  if (options.clipboard) {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ctx.baseUrl });
  }
  const page = await context.newPage();
  const session = { page, context, pageErrors: [], consoleErrors: [], dialogs: [], requests: [] };
  page.on('pageerror', (err) => session.pageErrors.push(err?.stack || String(err)));
  page.on('console', (msg) => {
    if (msg.type() === 'error') session.consoleErrors.push(msg.text());
  });
  page.on('dialog', (dialog) => {
    session.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  context.on('request', (req) => session.requests.push(req.url()));

  let failure = null;
  try {
    await fn(session);
  } catch (err) {
    failure = err;
  } finally {
    await context.close().catch(() => {});
  }

  for (const text of session.consoleErrors) t.diagnostic(`console error: ${text}`);
  const panics = session.consoleErrors.filter((text) => PANIC_RE.test(text));
  const problems = [
    ...session.pageErrors.map((e) => `page error: ${e}`),
    ...panics.map((e) => `console: ${e}`),
  ];
  if (problems.length > 0) {
    const then = failure ? `\n(and then the test failed: ${failure.message})` : '';
    assert.fail(`the page threw (a wasm panic?):\n  ${problems.join('\n  ')}${then}`);
  }
  if (failure) throw failure;
}

export function closeEnough(actual, expected, rel = 1e-9) {
  return (
    actual === expected ||
    Math.abs(actual - expected) <= rel * Math.max(Math.abs(actual), Math.abs(expected))
  );
}

/** Returns null if `raw` (an attribute) matches `expected` (number or null) to relative `rel`,
 * else why not. */
export function mismatch(raw, expected, rel = 1e-9) {
  if (raw === null || raw === undefined) return 'attribute missing';
  const text = raw.trim();
  if (expected === null) return text === '' ? null : `got ${JSON.stringify(raw)}, expected "" (undefined)`;
  if (text === '') return `got "" (undefined), expected ${expected}`;
  const actual = Number(text);
  if (!Number.isFinite(actual)) return `got ${JSON.stringify(raw)}, not a number; expected ${expected}`;
  return closeEnough(actual, expected, rel) ? null : `got ${text}, expected ${expected}`;
}

// KPI cards: [data-testid="kpi-<key>"] with data-value / data-previous (unrounded number, or ""
// when undefined). `<name>-<stat>` keys map to expected[name][stat].
const SCALAR_KPIS = [
  'tickets',
  'complaints',
  'complaint_rate_per_10k',
  'first_response_pct',
  'repair_arrival_pct',
  'resolution_pct',
  'backlog',
  'overdue',
  'repeat_complaint_pct',
  'satisfaction_mean',
  'csat_pct',
  'survey_coverage_pct',
];
const STAT_KPIS = ['first_response_min', 'repair_arrival_min', 'resolution_hours'];
const STATS = ['mean', 'median', 'p90'];
export const KPI_KEYS = [...SCALAR_KPIS, ...STAT_KPIS.flatMap((name) => STATS.map((s) => `${name}-${s}`))];

export function expectedFor(period, key) {
  const m = key.match(/^(.+)-(mean|median|p90)$/);
  const value = m ? period[m[1]]?.[m[2]] : period[key];
  if (value === undefined) throw new Error(`expected file has no figure for ${key}`);
  return value;
}

export const DIRTY_CODES = [
  'unknown_district',
  'bad_timestamp',
  'not_an_object',
  'duplicate_id',
  'score_out_of_range',
  'before_opened',
  'unknown_kind',
  'missing',
  'unknown_ticket',
  'implausible_timestamp',
];
export const MARKUP_ID = '<img src=x onerror=alert(1)>';
