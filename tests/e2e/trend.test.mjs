// Trend charts: 12 months ending with the period's last month, each month compared with the
// month it is compared with (the month before for 环比 of a month, three months before for a
// quarter, a year before for 同比). The chart's own table is read and checked against counts
// computed here, independently, from small.json.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Dashboard } from './dashboard.mjs';
import { TEST_TIMEOUT_MS, fixturesDir, launch, shutdown, withPage } from './harness.mjs';

/** Tickets per local month ("YYYY-MM") of small.json, whose timestamps are all +08:00. */
function ticketsPerMonth() {
  const doc = JSON.parse(readFileSync(path.join(fixturesDir, 'small.json'), 'utf8'));
  const counts = new Map();
  for (const t of doc.tickets) {
    assert.ok(t.opened_at.endsWith('+08:00'));
    const month = t.opened_at.slice(0, 7);
    counts.set(month, (counts.get(month) ?? 0) + 1);
  }
  return counts;
}

/** The month `n` months before "YYYY-MM". */
function monthsBefore(month, n) {
  const [y, m] = month.split('-').map(Number);
  const k = y * 12 + (m - 1) - n;
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
}

const number = (text) => (text === '—' ? null : Number(text.replace(/,/g, '')));

describe('trend charts', { timeout: TEST_TIMEOUT_MS }, () => {
  before(launch);
  after(shutdown);

  const cases = [
    // (link, last month, months in the period, shift of the comparison)
    ['', '2026-10', 1, 1],
    ['&preset=last-month', '2026-10', 1, 1],
    ['&preset=last-quarter', '2026-09', 3, 3],
    ['&preset=last-quarter&compare=yoy', '2026-09', 3, 12],
    ['&from=2026-03-01&to=2026-03-31&compare=yoy', '2026-03', 1, 12],
  ];
  for (const [link, last, months, shift] of cases) {
    test(`kind trend of "${link || 'default'}": 12 months to ${last}, compared ${shift} month(s) back`, async (t) => {
      const counts = ticketsPerMonth();
      const first = [...counts.keys()].sort()[0];
      await withPage(t, async ({ page }) => {
        const d = await Dashboard.open(page, `?data=fixtures/small.json${link}`, { accepted: 2000 });
        const table = await d.panelTable('kind-trend');
        assert.equal(table.rows.length, 12);
        const totalAt = table.headers.findIndex((h) => h === '合计');
        const comparedMonthAt = table.headers.findIndex((h) => h.endsWith('对比月份'));
        const comparedAt = table.headers.length - 1;
        table.rows.forEach((row, i) => {
          const month = monthsBefore(last, 11 - i);
          assert.ok(row[0].startsWith(month), `row ${i}: ${row[0]} is ${month}`);
          assert.equal(row[0].includes('本期'), i >= 12 - months, `row ${i} highlighted`);
          assert.equal(number(row[totalAt]), counts.get(month) ?? 0, `${month} total`);
          const compared = monthsBefore(month, shift);
          assert.equal(row[comparedMonthAt], compared);
          const want = compared < first ? null : counts.get(compared) ?? 0;
          assert.equal(number(row[comparedAt]), want, `${month} compared with ${compared}`);
        });
      });
    });
  }

  test('sparklines span the same 12 months with the period shaded', async (t) => {
    await withPage(t, async ({ page }) => {
      await Dashboard.open(page, '?data=fixtures/small.json', { accepted: 2000 });
      const spark = page.locator('[data-testid="kpi-tickets"] .spark svg');
      assert.equal(await spark.count(), 1, 'a one-month period still has its sparkline');
      assert.equal(await spark.locator('rect').count(), 1, 'the period is shaded');
    });
  });
});
