// Every view, in both languages and both room themes, at a phone's, a projector's and a desk's
// width: no chart label runs into another, the page never scrolls sideways, the phone's first
// screen shows KPI cards, the league table shows every column. Screenshots go to target/e2e/ to be
// looked at.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Dashboard } from './dashboard.mjs';
import { TEST_TIMEOUT_MS, launch, shutdown, withPage } from './harness.mjs';

const VIEWS = ['overview', 'districts', 'complaints', 'timeliness', 'satisfaction', 'quality', 'report'];
const WIDTHS = [
  { width: 390, height: 844 },
  { width: 1024, height: 768 },
  { width: 1920, height: 1080 },
];

describe('every view at every width', { timeout: TEST_TIMEOUT_MS * 4 }, () => {
  before(launch);
  after(shutdown);

  for (const viewport of WIDTHS) {
    for (const [lang, theme] of [
      ['zh', 'light'],
      ['en', 'dark'],
    ]) {
      test(`${viewport.width} px, ${lang}, ${theme}`, async (t) => {
        await withPage(
          t,
          async ({ page }) => {
            const d = await Dashboard.open(page, `?lang=${lang}&theme=${theme}`, { accepted: 24000 });
            for (const view of VIEWS) {
              await d.tab(view);
              await d.waitReady();
              await page.waitForTimeout(150);
              assert.deepEqual(await d.textOverlaps(), [], `${view}: overlapping chart labels`);
              assert.ok((await d.horizontalOverflow()) <= 0, `${view}: the page scrolls sideways`);
              await d.screenshot(`view-${view}-${viewport.width}-${lang}-${theme}`);
            }
          },
          { viewport },
        );
      });
    }
  }

  test('a phone opens on KPI cards', async (t) => {
    await withPage(
      t,
      async ({ page }) => {
        await Dashboard.open(page, '', { accepted: 24000 });
        const top = await page.locator('[data-testid="kpi-tickets"]').evaluate((el) => el.getBoundingClientRect().top);
        assert.ok(top < 844, `the first card starts at ${top} px, below the first screen`);
        await page.screenshot({ path: 'target/e2e/first-screen-390.png' });
      },
      { viewport: { width: 390, height: 844 } },
    );
  });

  test('at 1024 px the league table shows every column (scrolling inside it)', async (t) => {
    await withPage(
      t,
      async ({ page }) => {
        const d = await Dashboard.open(page, '?view=districts', { accepted: 24000 });
        const header = page.locator('[data-testid="district-table"] thead th');
        assert.equal(await header.count(), 14);
        const last = page.locator('[data-testid="sort-csat_pct"]');
        await last.scrollIntoViewIfNeeded();
        assert.ok(await last.isVisible(), 'the last column can be reached');
        assert.ok((await d.horizontalOverflow()) <= 0);
      },
      { viewport: { width: 1024, height: 768 } },
    );
  });

  test('an empty period shows empty states and "—", not zeros', async (t) => {
    await withPage(t, async ({ page }) => {
      const d = await Dashboard.open(page, '?data=fixtures/small.json&from=2024-01-01&to=2024-01-31&view=satisfaction', {
        accepted: 2000,
      });
      assert.ok((await page.locator('[data-testid="empty-state"]').count()) >= 3);
      await d.tab('overview');
      assert.equal((await d.kpi('csat_pct')).value, null);
      assert.equal((await d.kpi('tickets')).value, 0);
    });
  });
});
