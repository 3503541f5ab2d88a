// Browser tests of the six views: every chart renders (or shows its empty state), no two chart
// texts overlap (text bounding boxes), screenshots of each view are saved to look at, a click on
// a district bar filters the dashboard, and each chart toggles to its table.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  ctx, launch, shutdown, withPage, waitForReady, TEST_TIMEOUT_MS, SCREENSHOT_DIR,
} from './helpers.mjs';

const VIEWS = ['overview', 'districts', 'complaints', 'timeliness', 'satisfaction', 'quality'];

/** Waits until the chart font is in and every chart panel shows an SVG, a table or a state. */
async function waitForCharts(page) {
  await page.waitForFunction(
    () => {
      const text = document.body.innerText;
      if (text.includes('图表加载中') || text.includes('Loading charts')) return false;
      return [...document.querySelectorAll('.chart-panel')].every(
        (p) => p.querySelector('svg, table, .chart-empty, .chart-error'),
      );
    },
    null,
    { timeout: 30_000 },
  );
  await page.evaluate(() => document.fonts.ready);
}

/**
 * In the page: pairs of <text> elements of one chart whose boxes overlap by more than 1 px in
 * both directions. Texts sharing a line (one label split across elements) do not occur in
 * charts-rs output, so any overlap is a layout fault.
 */
function overlaps() {
  const found = [];
  for (const panel of document.querySelectorAll('.chart-panel')) {
    const boxes = [...panel.querySelectorAll('svg text')]
      .filter((t) => t.textContent.trim() !== '' && getComputedStyle(t).opacity !== '0')
      .map((t) => ({ text: t.textContent.trim(), r: t.getBoundingClientRect() }))
      .filter((b) => b.r.width > 0 && b.r.height > 0);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i].r;
        const b = boxes[j].r;
        const dx = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const dy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (dx > 1 && dy > 1) {
          found.push(`${panel.dataset.testid}: "${boxes[i].text}" overlaps "${boxes[j].text}"`);
        }
      }
    }
  }
  return found;
}

describe('the six views (dist/ release build)', () => {
  before(launch, { timeout: 60_000 });
  after(shutdown);

  for (const data of ['', 'fixtures/small.json']) {
    for (const lang of ['zh', 'en']) {
      const label = `${data || 'embedded sample'} (${lang})`;
      it(`every view renders without overlapping chart text: ${label}`, { timeout: TEST_TIMEOUT_MS }, (t) =>
        withPage(t, async ({ page }) => {
          mkdirSync(SCREENSHOT_DIR, { recursive: true });
          for (const view of VIEWS) {
            const query = new URLSearchParams({ ...(data && { data }), view, lang });
            await page.goto(`${ctx.baseUrl}/?${query}`);
            await waitForReady(page, data ? 2000 : 20000);
            await waitForCharts(page);
            const svgs = await page.locator('.chart-panel svg').count();
            if (view !== 'quality' || data) {
              assert.ok(svgs > 0 || view === 'quality', `${view}: no chart drawn`);
            }
            const bad = await page.evaluate(overlaps);
            assert.deepEqual(bad, [], `${view} (${label}): overlapping chart text`);
            const errors = await page.locator('.chart-error').allTextContents();
            assert.deepEqual(errors, [], `${view}: charts that could not be drawn`);
            const name = `view-${view}-${data ? 'small' : 'sample'}-${lang}.png`;
            await page.screenshot({ path: path.join(SCREENSHOT_DIR, name), fullPage: true });
          }
        }),
      );
    }
  }

  it('clicking a district bar filters the dashboard and a second click clears it', { timeout: TEST_TIMEOUT_MS }, (t) =>
    withPage(t, async ({ page }) => {
      await page.goto(`${ctx.baseUrl}/?data=fixtures/small.json`);
      await waitForReady(page, 2000);
      await waitForCharts(page);
      const before = await page.getAttribute('[data-testid="kpi-tickets"]', 'data-value');
      await page.click('[data-testid="chart-district-rates"] rect[data-category="达川区"]');
      await page.waitForFunction(() => new URL(location.href).searchParams.get('district') === 'DC');
      await page.waitForFunction(
        (b) => document.querySelector('[data-testid="kpi-tickets"]')?.getAttribute('data-value') !== b,
        before,
      );
      const dc = await page.getAttribute('[data-testid="district-DC-tickets"]', 'data-value');
      assert.equal(await page.getAttribute('[data-testid="kpi-tickets"]', 'data-value'), dc);
      await waitForCharts(page);
      await page.click('[data-testid="chart-district-rates"] rect[data-category="达川区"]');
      await page.waitForFunction(() => !new URL(location.href).searchParams.has('district'));
      assert.equal(await page.getAttribute('[data-testid="kpi-tickets"]', 'data-value'), before);
    }),
  );

  it('a heatmap cell filters by its district; charts toggle to tables', { timeout: TEST_TIMEOUT_MS }, (t) =>
    withPage(t, async ({ page }) => {
      await page.goto(`${ctx.baseUrl}/?data=fixtures/small.json&view=districts`);
      await waitForReady(page, 2000);
      await waitForCharts(page);
      await page.click('[data-testid="chart-district-heatmap"] rect[data-y="宣汉县"] >> nth=0');
      await page.waitForFunction(() => new URL(location.href).searchParams.get('district') === 'XH');
      await waitForCharts(page);
      await page.click('[data-testid="chart-district-heatmap-toggle"]');
      const rows = await page.locator('[data-testid="chart-district-heatmap"] [data-testid="chart-table"] tbody tr').count();
      assert.equal(rows, 1, 'the table has the one filtered district');
    }),
  );

  it('a period without tickets shows empty states, not broken charts', { timeout: TEST_TIMEOUT_MS }, (t) =>
    withPage(t, async ({ page }) => {
      for (const view of VIEWS) {
        await page.goto(`${ctx.baseUrl}/?data=fixtures/small.json&from=2020-01-01&to=2020-01-31&view=${view}`);
        await waitForReady(page, 2000);
        await waitForCharts(page);
        assert.deepEqual(await page.locator('.chart-error').allTextContents(), [], view);
        if (view !== 'quality') {
          const empty = await page.locator('[data-testid="empty-state"]').count();
          assert.ok(empty > 0, `${view}: an empty state is shown`);
        }
      }
      await page.goto(`${ctx.baseUrl}/?data=fixtures/small.json&from=2020-01-01&to=2020-01-31`);
      await waitForReady(page, 2000);
      assert.equal(await page.getAttribute('[data-testid="kpi-csat_pct"]', 'data-value'), '');
      assert.equal((await page.textContent('[data-testid="kpi-csat_pct"] .value')).trim(), '—');
    }),
  );
});
