// A file with a hierarchy: the league table and the by-district charts show one level with a
// breadcrumb; a click on a unit drills down (the cards follow it), the breadcrumb climbs back,
// and the level lives in the link (`unit=`).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Dashboard } from './dashboard.mjs';
import { TEST_TIMEOUT_MS, fixturesDir, generate, launch, shutdown, withPage } from './harness.mjs';

/** The small fixture under one company, in three areas. */
function hierarchical() {
  const doc = JSON.parse(readFileSync(path.join(fixturesDir, 'small.json'), 'utf8'));
  doc.units = [
    { code: 'DZ-P', name: '达州供电公司', parent: null },
    { code: 'CQ', name: '城区', parent: 'DZ-P' },
    { code: 'BP', name: '北片', parent: 'DZ-P' },
    { code: 'NP', name: '南片', parent: 'DZ-P' },
  ];
  const parent = { TC: 'CQ', DC: 'CQ', WY: 'BP', XH: 'BP', KJ: 'BP' };
  for (const d of doc.districts) d.parent = parent[d.code] ?? 'NP';
  return generate('small-units.json', JSON.stringify(doc));
}

describe('hierarchy', { timeout: TEST_TIMEOUT_MS }, () => {
  before(launch);
  after(shutdown);

  test('rank one level, drill into a unit, climb back by the breadcrumb', async (t) => {
    await withPage(t, async ({ page }) => {
      const file = hierarchical();
      const d = await Dashboard.open(page, `?data=${file}&view=districts&from=2026-07-01&to=2026-09-30`, { accepted: 2000 });
      assert.deepEqual(await d.leagueOrder(), ['CQ', 'BP', 'NP']);
      assert.equal(await d.text('breadcrumb'), '层级达州供电公司');
      // Its rows are units, and the headings say so; the charts' too.
      assert.deepEqual(await d.leagueHeadings(), { title: '各单位主要指标', column: '单位' });
      await page.waitForFunction(() => document.querySelector('[data-testid="panel-heatmap"] svg'));
      assert.ok((await d.svgTexts('heatmap')).some((s) => s.startsWith('各单位逐月')), 'the heatmap names units');

      await d.clickDistrictRow('BP');
      await d.waitReady();
      assert.equal(d.param('unit'), 'BP');
      assert.deepEqual(await d.leagueOrder(), ['WY', 'XH', 'KJ']);
      assert.match(await d.text('breadcrumb'), /达州供电公司.*北片/);
      assert.deepEqual(await d.leagueHeadings(), { title: '各区县主要指标', column: '区县' }, 'below, districts again');

      // The view is BP's districts: the same figures as choosing them.
      await d.tab('overview');
      const drilled = await d.kpi('tickets');
      await d.goto(`?data=${file}&from=2026-07-01&to=2026-09-30&district=WY,XH,KJ`);
      assert.equal((await d.kpi('tickets')).value, drilled.value);

      // A district at the lowest level filters; the breadcrumb climbs back to the top.
      await d.goto(`?data=${file}&view=districts&from=2026-07-01&to=2026-09-30&unit=BP`);
      await d.clickDistrictRow('XH');
      await d.waitReady();
      assert.equal(d.param('district'), 'XH');
      await page.click('[data-testid="breadcrumb-DZ-P"]');
      await d.waitReady();
      assert.equal(d.param('unit'), null);
      assert.equal(d.param('district'), null);
      assert.deepEqual(await d.leagueOrder(), ['CQ', 'BP', 'NP']);
    });
  });
});
