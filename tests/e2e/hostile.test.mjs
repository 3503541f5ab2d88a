// The files that broke the reader before (shared/data/hostile) in the browser: each loads, or is
// refused with a message, and no view panics or freezes.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Dashboard } from './dashboard.mjs';
import { TEST_TIMEOUT_MS, launch, shutdown, withPage } from './harness.mjs';

const FILES = [
  '01-customers-sum-overflow.json',
  '02-year-9999-one-district.json',
  '03-year-0001-9999-80-districts.json',
  '04-small-with-one-year-9999-typo.json',
  '05-100k-top-level-members.json',
  '06-65535-districts-no-tickets.json',
  '07-year-span-3000-categories.json',
];

describe('hostile files in the browser', { timeout: TEST_TIMEOUT_MS * 2 }, () => {
  before(launch);
  after(shutdown);

  for (const file of FILES) {
    test(file, async (t) => {
      await withPage(t, async ({ page }) => {
        const started = Date.now();
        const d = await Dashboard.open(page, `?data=shared/hostile/${file}&preset=all`);
        for (const view of ['districts', 'complaints', 'timeliness', 'satisfaction', 'quality']) {
          await d.tab(view);
          await d.waitReady();
        }
        const seconds = (Date.now() - started) / 1000;
        t.diagnostic(`${file}: every view in ${seconds.toFixed(1)} s`);
        assert.ok(seconds < 30, `${file} took ${seconds} s`);
      });
    });
  }

  test('the overflowing customers: no rate instead of a wrapped one, and a note', async (t) => {
    await withPage(t, async ({ page }) => {
      const d = await Dashboard.open(page, '?data=shared/hostile/01-customers-sum-overflow.json&preset=all', {
        accepted: 1,
      });
      assert.equal((await d.kpi('complaint_rate_per_10k')).value, null);
      await d.tab('quality');
      assert.match(await d.text('adjusted-table'), /customers/);
    });
  });
});
