// Browser tests of the release build in dist/ (run `trunk build --release` first; scripts/test.sh
// does), with node:test and playwright-core driving Debian's chromium.
//
// The DOM contract the app implements is described next to each helper below; the expected
// figures come from the shared fixtures (../shared/data/fixtures, or $KPI_FIXTURES).

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { start, stop, repoRoot, distDir, fixturesDir } from './server.mjs';

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
const VIEWPORT = { width: 1440, height: 900 };
const READY_TIMEOUT_MS = 60_000;
const TEST_TIMEOUT_MS = 180_000;
const SCREENSHOT_DIR = path.join(repoRoot, 'target', 'e2e');

const STATUS = '[data-testid="load-status"]';
const ACCEPTED = '[data-testid="accepted-count"]';
const REJECTED = '[data-testid="rejected-count"]';

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
const KPI_KEYS = [...SCALAR_KPIS, ...STAT_KPIS.flatMap((name) => STATS.map((s) => `${name}-${s}`))];

const DIRTY_CODES = [
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
const MARKUP_ID = '<img src=x onerror=alert(1)>';

// A console message that means the wasm code panicked or trapped.
const PANIC_RE = /panicked at|RuntimeError|unreachable executed|wasm trap/i;

let browser;
let baseUrl;
let smallExpected;

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

// ---------------------------------------------------------------------------------------------
// Pages

/**
 * Runs `fn` with a fresh context and page, collecting page errors (uncaught exceptions, e.g. a
 * wasm panic), console errors and dialogs. Fails if any page error or panic message occurred.
 */
async function withPage(t, fn) {
  const context = await browser.newContext({ viewport: VIEWPORT, acceptDownloads: true });
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
async function waitForReady(page, accepted) {
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

async function waitForError(page) {
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

async function intAttr(page, selector, name = 'data-value') {
  const raw = await page.evaluate(([sel, n]) => document.querySelector(sel)?.getAttribute(n) ?? null, [
    selector,
    name,
  ]);
  assert.notEqual(raw, null, `${selector} has no ${name} attribute (or is missing)`);
  assert.match(raw.trim(), /^-?\d+$/, `${selector} ${name}=${JSON.stringify(raw)} is not an integer`);
  return Number(raw.trim());
}

async function assertCounts(page, accepted, rejected) {
  assert.equal(await intAttr(page, ACCEPTED), accepted, 'accepted-count data-value');
  assert.equal(await intAttr(page, REJECTED), rejected, 'rejected-count data-value');
}

// ---------------------------------------------------------------------------------------------
// KPI cards

function expectedFor(period, key) {
  const m = key.match(/^(.+)-(mean|median|p90)$/);
  const value = m ? period[m[1]]?.[m[2]] : period[key];
  if (value === undefined) throw new Error(`expected file has no figure for ${key}`);
  return value;
}

function closeEnough(actual, expected) {
  return (
    actual === expected ||
    Math.abs(actual - expected) <= 1e-9 * Math.max(Math.abs(actual), Math.abs(expected))
  );
}

/** Returns null if `raw` (an attribute) matches `expected` (number or null), else why not. */
function mismatch(raw, expected) {
  if (raw === null) return 'attribute missing';
  const text = raw.trim();
  if (expected === null) return text === '' ? null : `got ${JSON.stringify(raw)}, expected "" (undefined)`;
  if (text === '') return `got "" (undefined), expected ${expected}`;
  const actual = Number(text);
  if (!Number.isFinite(actual)) return `got ${JSON.stringify(raw)}, not a number; expected ${expected}`;
  return closeEnough(actual, expected) ? null : `got ${text}, expected ${expected}`;
}

/** Every KPI card's data-value/data-previous equals expected.current/previous (rel. 1e-9). */
async function assertKpis(page, expected) {
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
    `${problems.length} KPI mismatch(es) against small.all.expected.json:\n  ${problems.join('\n  ')}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Tests

describe('overview page (dist/ release build)', () => {
  before(
    async () => {
      if (!existsSync(path.join(distDir, 'index.html'))) {
        throw new Error(
          `${path.join(distDir, 'index.html')} not found: build the app first with ` +
            '`trunk build --release` (bash scripts/test.sh does it before these tests)',
        );
      }
      const expectedFile = path.join(fixturesDir, 'small.all.expected.json');
      if (!existsSync(expectedFile)) {
        throw new Error(
          `${expectedFile} not found: the shared fixtures must sit beside the repo ` +
            '(../shared/data/fixtures) or be named by KPI_FIXTURES',
        );
      }
      if (!existsSync(CHROMIUM)) {
        throw new Error(`${CHROMIUM} not found: run bash scripts/setup.sh (installs Debian's chromium)`);
      }
      smallExpected = readJson(expectedFile);
      ({ url: baseUrl } = await start());
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    },
    { timeout: 60_000 },
  );

  after(async () => {
    await browser?.close().catch(() => {});
    await stop();
  });

  it('loads ?data=fixtures/small.json with the expected KPIs', { timeout: TEST_TIMEOUT_MS }, (t) =>
    withPage(t, async ({ page }) => {
      await page.goto(`${baseUrl}/?data=fixtures/small.json`);
      await waitForReady(page, smallExpected.accepted);
      await assertCounts(page, 2000, 0);
      await assertKpis(page, smallExpected);
    }),
  );

  it('loads small.json through the file picker with the expected KPIs', { timeout: TEST_TIMEOUT_MS }, (t) =>
    withPage(t, async ({ page }) => {
      await page.goto(`${baseUrl}/`);
      await waitForReady(page, 20000); // the embedded sample first
      const input = page.locator('input[data-testid="file-input"]');
      assert.equal(await input.count(), 1, 'exactly one input[data-testid="file-input"]');
      assert.equal(await input.getAttribute('type'), 'file', 'file-input is an <input type="file">');
      await input.setInputFiles(path.join(fixturesDir, 'small.json'));
      await waitForReady(page, 2000);
      await assertCounts(page, 2000, 0);
      await assertKpis(page, smallExpected);
    }),
  );

  it('reports the rejected records of dirty.json safely and downloads them', { timeout: TEST_TIMEOUT_MS }, (t) =>
    withPage(t, async ({ page, dialogs }) => {
      await page.goto(`${baseUrl}/?data=fixtures/dirty.json`);
      await waitForReady(page, 600);
      await assertCounts(page, 600, 10);

      const rows = await page.evaluate(() =>
        [...document.querySelectorAll('[data-testid="load-report"] [data-testid="problem-row"]')].map((row) => ({
          hasIndex: row.hasAttribute('data-index'),
          hasPath: row.hasAttribute('data-path'),
          code: row.getAttribute('data-code'),
          id: row.querySelector('[data-testid="problem-id"]')?.textContent ?? null,
        })),
      );
      assert.equal(rows.length, 10, `expected 10 problem rows in load-report, found ${rows.length}`);
      const noAttrs = rows.filter((r) => !r.hasIndex || !r.hasPath || !r.code);
      assert.equal(
        noAttrs.length,
        0,
        `problem rows without data-index / data-path / data-code: ${JSON.stringify(noAttrs)}`,
      );
      const codes = new Set(rows.map((r) => r.code));
      const missingCodes = DIRTY_CODES.filter((c) => !codes.has(c));
      assert.deepEqual(missingCodes, [], `problem codes missing from the report (found: ${[...codes].join(', ')})`);

      const ids = rows.map((r) => r.id?.trim());
      assert.ok(
        ids.includes(MARKUP_ID),
        `no problem-id cell shows ${JSON.stringify(MARKUP_ID)} as text; ids: ${JSON.stringify(ids)}`,
      );
      const injected = await page.evaluate(
        () =>
          document.querySelectorAll('[data-testid="load-report"] img, [data-testid="load-report"] script')
            .length,
      );
      assert.equal(injected, 0, 'load-report contains <img>/<script> elements: record text was rendered as markup');
      assert.equal(
        await page.evaluate(() => document.querySelectorAll('img[src="x"]').length),
        0,
        'an <img src="x"> from the data was injected into the page',
      );

      const button = page.locator('[data-testid="download-report"]');
      assert.equal(await button.count(), 1, 'exactly one [data-testid="download-report"]');
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 15_000 }),
        button.click(),
      ]);
      assert.equal(await download.failure(), null, 'the report download failed');
      const file = await download.path();
      const text = await readFile(file, 'utf8');
      let report;
      try {
        report = JSON.parse(text);
      } catch (err) {
        assert.fail(`downloaded report (${download.suggestedFilename()}) is not JSON: ${err.message}`);
      }
      assert.ok(Array.isArray(report), `downloaded report is not a JSON array: ${text.slice(0, 200)}`);
      assert.equal(report.length, 10, 'downloaded report has one entry per rejected record');

      await page.waitForTimeout(300); // let a (wrongly) injected onerror handler run, if any
      assert.deepEqual(dialogs, [], 'a dialog was opened (script from the data ran)');
    }),
  );

  it('shows the embedded sample by default, in Chinese and in English', { timeout: TEST_TIMEOUT_MS }, (t) =>
    withPage(t, async ({ page }) => {
      await page.goto(`${baseUrl}/`);
      await waitForReady(page, 20000);
      assert.equal(await intAttr(page, ACCEPTED), 20000, 'accepted-count of the sample');
      assert.equal(await intAttr(page, '[data-testid="kpi-tickets"]'), 20000, 'kpi-tickets data-value of the sample');

      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.evaluate(() => document.fonts.ready);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'overview.png'), fullPage: true });

      const textBefore = await page.evaluate(() => document.body.innerText);
      const toggle = page.locator('[data-testid="lang-toggle"]');
      assert.equal(await toggle.count(), 1, 'exactly one [data-testid="lang-toggle"]');
      await toggle.click();
      try {
        await page.waitForFunction((before) => document.body.innerText !== before, textBefore, {
          timeout: 10_000,
        });
      } catch (err) {
        if (err?.name !== 'TimeoutError') throw err;
        assert.fail('clicking lang-toggle did not change the page text');
      }
      await page.evaluate(() => document.fonts.ready);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'overview-en.png'), fullPage: true });
      t.diagnostic(`screenshots in ${path.relative(repoRoot, SCREENSHOT_DIR)}/`);
    }),
  );

  it('shows an error for ?data= naming a missing file', { timeout: TEST_TIMEOUT_MS }, (t) =>
    withPage(t, async ({ page }) => {
      await page.goto(`${baseUrl}/?data=fixtures/does-not-exist.json`);
      await waitForError(page);
      const message = page.locator('[data-testid="load-error"]');
      assert.equal(await message.count(), 1, 'exactly one [data-testid="load-error"]');
      assert.ok(await message.isVisible(), 'load-error message is not visible');
      const text = (await message.textContent())?.trim() ?? '';
      assert.notEqual(text, '', 'load-error message is empty');
    }),
  );
});
