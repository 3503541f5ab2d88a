// Browser tests of filters that travel: a link with filters reproduces the fixture views exactly
// (current and previous period), clicking changes the URL and the figures, a reload keeps the
// view, garbage parameters give a notice and no crash, and back/forward move between views.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  ctx, launch, shutdown, expected, withPage, waitForReady, assertKpis, TEST_TIMEOUT_MS, CLICK_TO_PAINT,
} from './helpers.mjs';

const Q3 = '/?data=fixtures/small.json&from=2026-07-01&to=2026-09-30&district=TC,XH';
const JAN = '/?data=fixtures/small.json&from=2026-01-01&to=2026-01-31&kind=complaint,repair';

const kpi = (page, key) =>
  page.getAttribute(`[data-testid="kpi-${key}"]`, 'data-value');

/** The query of the page's URL, parsed. */
const query = (page) => new URL(page.url()).searchParams;

/** Waits until a KPI card's data-value differs from `before`. */
async function waitForChange(page, key, before) {
  await page.waitForFunction(
    ([k, b]) => document.querySelector(`[data-testid="kpi-${k}"]`)?.getAttribute('data-value') !== b,
    [key, before],
    { timeout: 10_000 },
  );
}

describe('filters and links (dist/ release build)', () => {
  before(launch, { timeout: 60_000 });
  after(shutdown);

  it('a link with a quarter and two districts shows the fixture figures', { timeout: TEST_TIMEOUT_MS }, (t) =>
    withPage(t, async ({ page }) => {
      await page.goto(ctx.baseUrl + Q3);
      await waitForReady(page, 2000);
      await assertKpis(page, expected('small.q3-TC-XH.expected.json'));
      // The filters show as chips.
      for (const chip of ['chip-period', 'chip-district-TC', 'chip-district-XH']) {
        assert.ok(await page.isVisible(`[data-testid="${chip}"]`), `${chip} visible`);
      }
    }),
  );

  it('a link with a month and two kinds shows the fixture figures', { timeout: TEST_TIMEOUT_MS }, (t) =>
    withPage(t, async ({ page }) => {
      await page.goto(ctx.baseUrl + JAN);
      await waitForReady(page, 2000);
      await assertKpis(page, expected('small.2026-01-complaint-repair.expected.json'));
      // Repeated parameters mean the same as comma-separated ones.
      await page.goto(
        `${ctx.baseUrl}/?data=fixtures/small.json&from=2026-01-01&to=2026-01-31&kind=complaint&kind=repair`,
      );
      await waitForReady(page, 2000);
      await assertKpis(page, expected('small.2026-01-complaint-repair.expected.json'));
    }),
  );

  it('clicking a district filters, updates the URL, survives a reload, and clicks back off', { timeout: TEST_TIMEOUT_MS }, (t) =>
    withPage(t, async ({ page }) => {
      await page.addInitScript(CLICK_TO_PAINT);
      await page.goto(`${ctx.baseUrl}/?data=fixtures/small.json`);
      await waitForReady(page, 2000);
      const all = await kpi(page, 'tickets');
      assert.equal(all, '2000');
      const historyBefore = await page.evaluate(() => history.length);

      const timing = await page.evaluate(() => clickToPaint('[data-testid="district-row-TC"]'));
      await waitForChange(page, 'tickets', all);
      const computeMs = await page.getAttribute('[data-testid="compute-ms"]', 'data-value');
      t.diagnostic(
        `click-to-paint on small.json (2,000 tickets): ${timing.toFixed(1)} ms; ` +
          `select + KPIs ${Number(computeMs).toFixed(2)} ms`,
      );

      assert.equal(query(page).get('district'), 'TC');
      assert.equal(query(page).get('data'), 'fixtures/small.json');
      const tc = await kpi(page, 'tickets');
      assert.notEqual(tc, all);
      assert.equal(
        await page.evaluate(() => history.length),
        historyBefore,
        'a filter change replaces the history entry',
      );

      await page.reload();
      await waitForReady(page, 2000);
      assert.equal(await kpi(page, 'tickets'), tc, 'the reloaded link shows the same view');
      assert.ok(await page.isVisible('[data-testid="chip-district-TC"]'));

      await page.click('[data-testid="district-row-TC"]');
      await waitForChange(page, 'tickets', tc);
      assert.equal(await kpi(page, 'tickets'), all);
      assert.equal(query(page).get('district'), null);
    }),
  );

  it('filter bar controls write the link; chips remove; clear all resets', { timeout: TEST_TIMEOUT_MS }, (t) =>
    withPage(t, async ({ page }) => {
      await page.goto(`${ctx.baseUrl}/?data=fixtures/small.json`);
      await waitForReady(page, 2000);
      await page.selectOption('[data-testid="period-preset"]', 'last-quarter');
      await page.waitForFunction(() => new URL(location.href).searchParams.get('preset') === 'last-quarter');
      await page.click('[data-testid="filter-kind"] summary');
      await page.check('[data-testid="option-kind-complaint"]');
      await page.waitForFunction(() => new URL(location.href).searchParams.get('kind') === 'complaint');
      assert.equal(await kpi(page, 'tickets'), await kpi(page, 'complaints'));
      await page.selectOption('[data-testid="compare"]', 'yoy');
      await page.waitForFunction(() => new URL(location.href).searchParams.get('compare') === 'yoy');

      await page.click('[data-testid="chip-kind-complaint"]');
      await page.waitForFunction(() => !new URL(location.href).searchParams.has('kind'));
      await page.click('[data-testid="clear-filters"]');
      await page.waitForFunction(() => !new URL(location.href).searchParams.has('preset'));
      assert.equal(await kpi(page, 'tickets'), '2000');
      assert.equal(query(page).get('compare'), 'yoy', 'clearing filters keeps the comparison');
    }),
  );

  it('"copy link" puts the exact view on the clipboard', { timeout: TEST_TIMEOUT_MS }, (t) =>
    withPage(t, async ({ page, context }) => {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ctx.baseUrl });
      await page.goto(ctx.baseUrl + Q3 + '&view=districts&compare=yoy');
      await waitForReady(page, 2000);
      await page.click('[data-testid="copy-link"]');
      await page.waitForFunction(() => document.querySelector('[data-testid="copy-link"]').textContent.includes('已复制'));
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      assert.equal(copied, page.url());
      const params = new URL(copied).searchParams;
      assert.equal(params.get('district'), 'TC,XH');
      assert.equal(params.get('view'), 'districts');
      assert.equal(params.get('compare'), 'yoy');
    }),
  );

  it('garbage parameters are ignored with a visible notice, never a crash', { timeout: TEST_TIMEOUT_MS }, (t) =>
    withPage(t, async ({ page }) => {
      const garbage =
        '/?data=fixtures/small.json&view=%3Cscript%3E&from=2026-13-99&kind=gossip&district=NOPE' +
        '&tier=Z&compare=sideways&lang=xx&preset=someday&%ZZ=1&utm_source=mail&category=%E0%A4';
      await page.goto(ctx.baseUrl + garbage);
      await waitForReady(page, 2000);
      const notice = page.locator('[data-testid="url-notices"]');
      assert.ok(await notice.isVisible(), 'notice shown');
      const text = await notice.textContent();
      for (const word of ['gossip', 'NOPE', 'utm_source', 'someday', '2026-13-99', '<script>']) {
        assert.ok(text.includes(word), `notice mentions ${word}: ${text}`);
      }
      // What is left is the default view of the whole file.
      await assertKpis(page, expected('small.all.expected.json'));
      assert.equal(await page.locator('script[src*="x"]').count(), 0);
    }),
  );

  it('back and forward move between views', { timeout: TEST_TIMEOUT_MS }, (t) =>
    withPage(t, async ({ page }) => {
      await page.goto(`${ctx.baseUrl}/?data=fixtures/small.json&district=TC`);
      await waitForReady(page, 2000);
      await page.click('[data-testid="tab-districts"]');
      await page.waitForSelector('[data-testid="sort-tickets"]');
      assert.equal(query(page).get('view'), 'districts');
      assert.equal(query(page).get('district'), 'TC', 'filters stay when the view changes');
      await page.click('[data-testid="tab-quality"]');
      await page.waitForSelector('[data-testid="load-report"]');
      await page.goBack();
      await page.waitForFunction(() => new URL(location.href).searchParams.get('view') === 'districts');
      await page.goBack();
      await page.waitForSelector('[data-testid="kpi-tickets"]');
      assert.equal(query(page).get('view'), null);
      await page.goForward();
      await page.waitForFunction(() => new URL(location.href).searchParams.get('view') === 'districts');
    }),
  );
});
