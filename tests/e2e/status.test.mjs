// One status rule everywhere: a crafted file where one district sits in the amber band of its
// (prorated) complaint-rate goal shows the same status and mark in its card, its table cell, its
// chart bar, its heatmap cell and its scorecard — and the page's status colours are the charts'.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Dashboard } from './dashboard.mjs';
import { TEST_TIMEOUT_MS, generate, launch, shutdown, withPage } from './harness.mjs';

/**
 * Three districts of 200,000 customers; October 2026 (31 days) against an annual goal of 12
 * complaints per 10k, prorated to 12 × 31 / 365 = 1.019. 甲区 10 complaints (0.50: met), 乙县 21
 * (1.05: 3 % over, near), 丙县 40 (2.00: missed).
 */
function amberFile() {
  const districts = [
    { code: 'A', name: '甲区', area: 'urban', customers: 200000 },
    { code: 'B', name: '乙县', area: 'rural', customers: 200000 },
    { code: 'C', name: '丙县', area: 'remote', customers: 200000 },
  ];
  const tickets = [];
  for (const [code, n] of [['A', 10], ['B', 21], ['C', 40]]) {
    for (let i = 0; i < n; i++) {
      const day = String(1 + (i % 28)).padStart(2, '0');
      tickets.push({
        id: `${code}${i}`,
        opened_at: `2026-10-${day}T09:00:00+08:00`,
        district: code,
        kind: 'complaint',
        category: '电费电价',
        resolved_at: `2026-10-${day}T18:00:00+08:00`,
      });
    }
  }
  return JSON.stringify({
    format: 'service-kpi-export',
    version: 1,
    organization: '测试供电公司',
    exported_at: '2026-11-01T08:00:00+08:00',
    districts,
    targets: { complaint_rate_per_10k: 12 },
    tickets,
  });
}

describe('one status rule', { timeout: TEST_TIMEOUT_MS }, () => {
  before(launch);
  after(shutdown);

  test('the amber district is amber with ◆ in its card, table cell, bar, heatmap cell and scorecard', async (t) => {
    const file = generate('amber.json', amberFile());
    await withPage(t, async ({ page }) => {
      let d = await Dashboard.open(page, `?data=${file}&district=B`, { accepted: 71 });
      const card = await d.kpi('complaint_rate_per_10k');
      assert.equal(card.value, 1.05);
      assert.equal(card.status, 'amber');
      assert.ok(card.text.includes('◆'), 'the card shows the shape');
      assert.equal(
        await d.text('kpi-complaint_rate_per_10k-goal'),
        '目标 ≤ 1.02 件/万户（年目标 12，按 31 天折算）',
        'the prorated goal says it is prorated',
      );

      const cell = await d.districtCell('B', 'complaint_rate_per_10k');
      assert.equal(cell.status, 'amber');
      assert.ok(cell.text.startsWith('◆'), cell.text);
      assert.equal((await d.districtCell('A', 'complaint_rate_per_10k')).status, 'green');
      assert.equal((await d.districtCell('C', 'complaint_rate_per_10k')).status, 'red');

      const bars = await d.bars('district-rates');
      const bar = bars.find((b) => b.category === '乙县');
      assert.equal(bar.series, '◆ 接近目标', 'the bar is in the amber series');
      const texts = await d.svgTexts('district-rates');
      assert.ok(texts.includes('◆ 1.05'), `the bar's label: ${texts.join(' | ')}`);
      assert.ok(texts.includes('▲ 2.00') && texts.includes('● 0.50'));

      d = await Dashboard.open(page, `?data=${file}&view=districts`, { accepted: 71 });
      const heat = await d.heatCell('B', '2026-10');
      assert.equal(heat.status, 'amber');
      assert.equal(heat.fill, bar.fill.slice(0, 7), 'the same colour as the bar');
      const item = await d.scorecardItem('B', 'complaint_rate_per_10k');
      assert.equal(item.status, 'amber');
      assert.equal(item.fill, heat.fill);
      // The legend on the page explains the band.
      await d.tab('overview');
      assert.match(await d.text('status-legend'), /5%/);
      // The page's badge colour is the charts' amber.
      const badge = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--status-amber').trim());
      assert.equal(badge.toUpperCase(), heat.fill.toUpperCase());
    });
  });
});
