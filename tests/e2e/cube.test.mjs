// A cube (docs/cube-format.md) opens like an export: its cards equal the fixtures' expected
// figures (medians and p90 within the format's 1 %), the sample's cube gives the sample's
// figures, ticket lists say they need the raw export, and a period of days becomes whole months
// with a notice. The cubes are those of core/tests/data/cubes (built by cube/cube.sql).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Dashboard } from './dashboard.mjs';
import { TEST_TIMEOUT_MS, expected, launch, shutdown, withPage } from './harness.mjs';

describe('cubes', { timeout: TEST_TIMEOUT_MS }, () => {
  before(launch);
  after(shutdown);

  test('the small fixture’s cube: every card equals the expected figures of Q3, TC and XH', async (t) => {
    await withPage(t, async ({ page }) => {
      const exp = expected('small.q3-TC-XH.expected.json');
      const d = await Dashboard.open(page, '?data=cubes/small.cube.json&from=2026-07-01&to=2026-09-30&district=TC,XH', {
        accepted: 2000,
      });
      assert.equal(await d.attr('cube-banner', 'data-tickets'), '2000');
      assert.match(await d.text('cube-banner'), /汇总文件（cube）/);
      await d.assertKpis(exp, { percentiles: 0.01 });
    });
  });

  test('the sample’s cube shows the sample’s figures; lists need the raw export', async (t) => {
    await withPage(t, async ({ page }) => {
      const raw = await Dashboard.open(page, '');
      const keys = ['tickets', 'complaints', 'first_response_pct', 'backlog', 'overdue', 'csat_pct', 'resolution_hours-mean'];
      const want = {};
      for (const k of keys) want[k] = await raw.kpi(k);
      const accepted = Number(await raw.attr('accepted-count'));
      const d = await Dashboard.open(page, '?data=cubes/sample.cube.json.gz', { accepted });
      assert.equal(await d.text('period'), await raw.text('period'), 'the same latest month');
      for (const k of keys) {
        const got = await d.kpi(k);
        assert.deepEqual([got.value, got.previous, got.yearBefore], [want[k].value, want[k].previous, want[k].yearBefore], k);
      }
      await d.tab('timeliness');
      const overdue = page.locator('[data-testid="panel-overdue-list"] [data-testid="empty-state"]');
      assert.match(await overdue.textContent(), /原始导出文件/);
    });
  });

  test('a period of days becomes its whole months, and says so', async (t) => {
    await withPage(t, async ({ page }) => {
      const d = await Dashboard.open(page, '?data=cubes/small.cube.json&from=2026-09-03&to=2026-09-20', { accepted: 2000 });
      assert.equal(await d.text('period'), '2026-09-01 – 2026-09-30');
      assert.match(await d.text('url-notices'), /整月/);
    });
  });
});
