// Shared helpers of the browser tests: one Chromium and one static server per test file, a fresh
// context per test, and assertions on the app's DOM contract (data-testid attributes). The
// expected figures come from the shared fixtures (../shared/data/fixtures, or $KPI_FIXTURES).

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { start, stop, repoRoot, distDir, fixturesDir } from './server.mjs';

export { repoRoot, fixturesDir };

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
export const READY_TIMEOUT_MS = 60_000;
export const TEST_TIMEOUT_MS = 180_000;
export const SCREENSHOT_DIR = path.join(repoRoot, 'target', 'e2e');

export const STATUS = '[data-testid="load-status"]';
export const ACCEPTED = '[data-testid="accepted-count"]';
export const REJECTED = '[data-testid="rejected-count"]';

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
];
export const MARKUP_ID = '<img src=x onerror=alert(1)>';

// A console message that means the wasm code panicked or trapped.
const PANIC_RE = /panicked at|RuntimeError|unreachable executed|wasm trap/i;

/** The browser and the server's base URL of the running test file. */
export const ctx = { browser: null, baseUrl: null };

export function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

// ---------------------------------------------------------------------------------------------
// Pages

/**
 * Runs `fn` with a fresh context and page, collecting page errors (uncaught exceptions, e.g. a
 * wasm panic), console errors and dialogs. Fails if any page error or panic message occurred.
 */
export async function withPage(t, fn) {
  const context = await ctx.browser.newContext({ viewport: VIEWPORT, acceptDownloads: true });
  const page = await context.newPage();
  const session = { page, context, pageErrors: [], consoleErrors: [], dialogs: [] };
  page.on('pageerror', (err) => session.pageErrors.push(err?.stack || String(err)));
  page.on('console', (msg) => {
    if (msg.type() === 'error') session.consoleErrors.push(msg.text());
  });
  page.on('dialog', (dialog) => {
    session.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });

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

/** A one-line description of the page's load state, for failure messages. */
async function loadState(page) {
  return page
    .evaluate(
      ([status, accepted, rejected]) => {
        const attr = (sel, name) => document.querySelector(sel)?.getAttribute(name) ?? '(absent)';
        const error = document.querySelector('[data-testid="load-error"]')?.textContent?.trim();
        return (
          `load-status data-state=${attr(status, 'data-state')}, accepted=${attr(accepted, 'data-value')}, ` +
          `rejected=${attr(rejected, 'data-value')}` +
          (error ? `, load-error: ${JSON.stringify(error)}` : '')
        );
      },
      [STATUS, ACCEPTED, REJECTED],
    )
    .catch((err) => `(page state unavailable: ${err.message})`);
}

/**
 * Waits until load-status says `ready` and accepted-count is `accepted`; fails at once if the
 * state becomes `error`, and with the page's state after READY_TIMEOUT_MS.
 */
export async function waitForReady(page, accepted) {
  let outcome;
  try {
    const handle = await page.waitForFunction(
      ([status, acceptedSel, want]) => {
        const state = document.querySelector(status)?.getAttribute('data-state');
        if (state === 'error') return 'error';
        if (state !== 'ready') return false;
        const value = document.querySelector(acceptedSel)?.getAttribute('data-value');
        return value != null && value.trim() !== '' && Number(value) === want ? 'ready' : false;
      },
      [STATUS, ACCEPTED, accepted],
      { timeout: READY_TIMEOUT_MS, polling: 100 },
    );
    outcome = await handle.jsonValue();
  } catch (err) {
    if (err?.name !== 'TimeoutError') throw err;
    assert.fail(
      `not ready with ${accepted} accepted tickets after ${READY_TIMEOUT_MS / 1000} s: ${await loadState(page)}`,
    );
  }
  if (outcome === 'error') {
    assert.fail(`loading failed (data-state=error) instead of becoming ready: ${await loadState(page)}`);
  }
}

export async function waitForError(page) {
  try {
    await page.waitForFunction(
      (status) => document.querySelector(status)?.getAttribute('data-state') === 'error',
      STATUS,
      { timeout: READY_TIMEOUT_MS, polling: 100 },
    );
  } catch (err) {
    if (err?.name !== 'TimeoutError') throw err;
    assert.fail(`load-status did not reach data-state=error: ${await loadState(page)}`);
  }
}

export async function intAttr(page, selector, name = 'data-value') {
  const raw = await page.evaluate(([sel, n]) => document.querySelector(sel)?.getAttribute(n) ?? null, [
    selector,
    name,
  ]);
  assert.notEqual(raw, null, `${selector} has no ${name} attribute (or is missing)`);
  assert.match(raw.trim(), /^-?\d+$/, `${selector} ${name}=${JSON.stringify(raw)} is not an integer`);
  return Number(raw.trim());
}

export async function assertCounts(page, accepted, rejected) {
  assert.equal(await intAttr(page, ACCEPTED), accepted, 'accepted-count data-value');
  assert.equal(await intAttr(page, REJECTED), rejected, 'rejected-count data-value');
}

// ---------------------------------------------------------------------------------------------
// KPI cards

export function expectedFor(period, key) {
  const m = key.match(/^(.+)-(mean|median|p90)$/);
  const value = m ? period[m[1]]?.[m[2]] : period[key];
  if (value === undefined) throw new Error(`expected file has no figure for ${key}`);
  return value;
}

export function closeEnough(actual, expected) {
  return (
    actual === expected ||
    Math.abs(actual - expected) <= 1e-9 * Math.max(Math.abs(actual), Math.abs(expected))
  );
}

/** Returns null if `raw` (an attribute) matches `expected` (number or null), else why not. */
export function mismatch(raw, expected) {
  if (raw === null) return 'attribute missing';
  const text = raw.trim();
  if (expected === null) return text === '' ? null : `got ${JSON.stringify(raw)}, expected "" (undefined)`;
  if (text === '') return `got "" (undefined), expected ${expected}`;
  const actual = Number(text);
  if (!Number.isFinite(actual)) return `got ${JSON.stringify(raw)}, not a number; expected ${expected}`;
  return closeEnough(actual, expected) ? null : `got ${text}, expected ${expected}`;
}

/** Every KPI card's data-value/data-previous equals expected.current/previous (rel. 1e-9). */
export async function assertKpis(page, expected) {
  const cards = await page.evaluate((keys) => {
    const out = {};
    for (const key of keys) {
      const el = document.querySelector(`[data-testid="kpi-${key}"]`);
      out[key] = el
        ? { value: el.getAttribute('data-value'), previous: el.getAttribute('data-previous') }
        : null;
    }
    return out;
  }, KPI_KEYS);

  const problems = [];
  for (const key of KPI_KEYS) {
    const card = cards[key];
    if (!card) {
      problems.push(`kpi-${key}: card [data-testid="kpi-${key}"] not found`);
      continue;
    }
    const now = mismatch(card.value, expectedFor(expected.current, key));
    if (now) problems.push(`kpi-${key} data-value: ${now}`);
    const before = mismatch(card.previous, expectedFor(expected.previous, key));
    if (before) problems.push(`kpi-${key} data-previous: ${before}`);
  }
  assert.equal(
    problems.length,
    0,
    `${problems.length} KPI mismatch(es) against the expected file:\n  ${problems.join('\n  ')}`,
  );
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

/** Reads a fixture's expected figures. */
export function expected(name) {
  return readJson(path.join(fixturesDir, name));
}

/**
 * In the page: clicks `selector` and resolves with the milliseconds until the frame after the
 * KPI cards changed has been painted (a MutationObserver, then two animation frames).
 */
export const CLICK_TO_PAINT = `
window.clickToPaint = (selector) => new Promise((resolve) => {
  const start = performance.now();
  const observer = new MutationObserver(() => {
    observer.disconnect();
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - start)));
  });
  observer.observe(document.body, { subtree: true, childList: true, attributes: true });
  document.querySelector(selector).click();
});`;
