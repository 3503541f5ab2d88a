// Browser tests of the overview page on the release build in dist/ (run `trunk build --release`
// first; scripts/test.sh does), with node:test and playwright-core driving Debian's chromium.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  ctx, launch, shutdown, expected, withPage, waitForReady, waitForError, assertCounts, assertKpis,
  intAttr, fixturesDir, repoRoot, TEST_TIMEOUT_MS, SCREENSHOT_DIR, ACCEPTED, REJECTED, STATUS,
  DIRTY_CODES, MARKUP_ID, KPI_KEYS, READY_TIMEOUT_MS, VIEWPORT,
} from './helpers.mjs';

// ---------------------------------------------------------------------------------------------
// Tests

describe('overview page (dist/ release build)', () => {
  let smallExpected;
  let baseUrl;
  before(
    async () => {
      await launch();
      baseUrl = ctx.baseUrl;
      smallExpected = expected('small.all.expected.json');
    },
    { timeout: 60_000 },
  );
  after(shutdown);

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

  it('loads a file dropped anywhere on the page', { timeout: TEST_TIMEOUT_MS }, (t) =>
    withPage(t, async ({ page }) => {
      await page.goto(`${baseUrl}/?data=fixtures/dirty.json`);
      await waitForReady(page, 600);
      // A real drop: a DragEvent carrying the file, dispatched on a table cell deep in the page.
      await page.evaluate(async () => {
        const text = await (await fetch('fixtures/small.json')).text();
        const data = new DataTransfer();
        data.items.add(new File([text], 'small.json', { type: 'application/json' }));
        const target = document.querySelector('[data-testid="district-table"] td') ?? document.body;
        target.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
        target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      });
      await waitForReady(page, smallExpected.accepted);
      await assertCounts(page, 2000, 0);
      await assertKpis(page, smallExpected);
      assert.equal(new URL(page.url()).searchParams.get('data'), null, 'a local file is not named in the link');
    }),
  );

  it('reports the rejected records of dirty.json safely and downloads them', { timeout: TEST_TIMEOUT_MS }, (t) =>
    withPage(t, async ({ page, dialogs }) => {
      await page.goto(`${baseUrl}/?data=fixtures/dirty.json`);
      await waitForReady(page, 600);
      await assertCounts(page, 600, 10);
      // The header's rejected count opens the data-quality view with the load report.
      await page.click(REJECTED);
      await page.waitForSelector('[data-testid="load-report"]');

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
