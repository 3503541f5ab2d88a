// The shared fixtures' figures, through links and through the file picker, in the browser: every
// KPI card equals the independently computed expected values (rel. 1e-9), for the period and its
// comparison. The same export as NDJSON and gzip gives the same figures.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Dashboard } from './dashboard.mjs';
import { DIRTY_CODES, MARKUP_ID, TEST_TIMEOUT_MS, expected, fixturesDir, generate, launch, shutdown, withPage } from './harness.mjs';

/** The link of an expected file's view. */
function linkOf(exp, extra = '') {
  const v = exp.view;
  const parts = [`from=${v.from}`, `to=${v.to}`];
  if (v.districts.length) parts.push(`district=${v.districts.join(',')}`);
  if (v.kinds.length) parts.push(`kind=${v.kinds.join(',')}`);
  return `?data=fixtures/${extra || 'small.json'}&${parts.join('&')}`;
}

describe('shared fixtures in the browser', { timeout: TEST_TIMEOUT_MS }, () => {
  before(launch);
  after(shutdown);

  for (const name of ['small.all', 'small.q3-TC-XH', 'small.2026-01-complaint-repair']) {
    test(`${name}: every card equals the expected figures, period and 环比`, async (t) => {
      await withPage(t, async ({ page }) => {
        const exp = expected(`${name}.expected.json`);
        const d = await Dashboard.open(page, linkOf(exp), { accepted: exp.accepted });
        assert.deepEqual(await d.counts(), { accepted: exp.accepted, rejected: exp.rejected });
        await d.assertKpis(exp);
      });
    });
  }

  test('dirty.json: rejected records with their codes, markup shown as text', async (t) => {
    await withPage(t, async ({ page, dialogs }) => {
      const exp = expected('dirty.all.expected.json');
      const d = await Dashboard.open(page, linkOf(exp, 'dirty.json'), { accepted: exp.accepted });
      assert.deepEqual(await d.counts(), { accepted: exp.accepted, rejected: exp.rejected });
      await d.assertKpis(exp);
      await d.tab('quality');
      const rows = await page.locator('[data-testid="problem-row"]').evaluateAll((rs) =>
        rs.map((r) => ({ code: r.getAttribute('data-code'), id: r.querySelector('[data-testid="problem-id"]').textContent })),
      );
      assert.equal(rows.length, exp.rejected);
      for (const r of rows) assert.ok(DIRTY_CODES.includes(r.code), `unexpected code ${r.code}`);
      assert.ok(rows.some((r) => r.code === 'implausible_timestamp'), 'the survey dated after the export');
      assert.ok(rows.some((r) => r.id === MARKUP_ID), 'the markup id is shown as text');
      assert.equal(await page.locator('img[src="x"]').count(), 0, 'no element from the markup');
      assert.deepEqual(dialogs, []);
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="download-problems"]')]);
      const json = JSON.parse(readFileSync(await download.path(), 'utf8'));
      assert.equal(json.length, exp.rejected);
    });
  });

  test('a link without a period opens on the latest complete month against the month before', async (t) => {
    await withPage(t, async ({ page }) => {
      const d = await Dashboard.open(page, '?data=fixtures/small.json', { accepted: 2000 });
      assert.equal(await d.text('period'), '2026-10-01 – 2026-10-31');
      assert.equal(await d.text('comparison-period'), '2026-09-01 – 2026-09-30');
      assert.equal(await d.text('year-before-period'), '2025-10-01 – 2025-10-31');
      // The card's comparison is September's own figure: the same as opening September.
      const october = await d.kpi('tickets');
      await d.goto('?data=fixtures/small.json&from=2026-09-01&to=2026-09-30');
      const september = await d.kpi('tickets');
      assert.equal(october.previous, september.value);
      assert.ok(october.text.includes('环比'), 'the card says 环比');
    });
  });

  test('the file picker loads an export and drops the link to the old data', async (t) => {
    await withPage(t, async ({ page }) => {
      const exp = expected('small.all.expected.json');
      const d = await Dashboard.open(page, '?preset=all', { accepted: 24000 });
      await d.openFile(path.join(fixturesDir, 'small.json'));
      await d.waitReady(exp.accepted);
      assert.equal(d.param('data'), null, 'a local file cannot be named in a link');
      assert.equal(await d.text('source'), 'small.json');
      await d.assertKpis(exp);
    });
  });

  test('NDJSON and gzip are the same export, gzip known by its bytes', async (t) => {
    const doc = JSON.parse(readFileSync(path.join(fixturesDir, 'small.json'), 'utf8'));
    const { tickets, surveys, ...header } = doc;
    const ndjson = [header, ...tickets, ...surveys].map((x) => JSON.stringify(x)).join('\n') + '\n';
    generate('small.ndjson', ndjson);
    generate('small.ndjson.gz', gzipSync(ndjson));
    const gz = gzipSync(readFileSync(path.join(fixturesDir, 'small.json')));
    generate('small.json.gz', gz);
    generate('small-gzip.json', gz);
    const exp = expected('small.q3-TC-XH.expected.json');
    const v = exp.view;
    const scope = `from=${v.from}&to=${v.to}&district=${v.districts.join(',')}`;
    // A gzip named .json, and a .json.gz the server has the browser decode on the way.
    const files = ['small.ndjson', 'small.ndjson.gz', 'small.json.gz', 'small-gzip.json'].map((f) => `generated/${f}`);
    files.push('encoded/small.json.gz');
    for (const file of files) {
      await withPage(t, async ({ page }) => {
        const d = await Dashboard.open(page, `?data=${file}&${scope}`, { accepted: exp.accepted });
        await d.assertKpis(exp);
      });
    }
  });

  test('a missing file and a link to another site say so, and what to do', async (t) => {
    await withPage(t, async ({ page }) => {
      const d = await Dashboard.open(page, '?data=fixtures/nope.json', { expectError: true });
      assert.match(await d.text('load-error'), /nope\.json/);
      await page.goto(`${d.url().origin}/?data=https://example.com/x.json`);
      await d.waitForError();
      assert.match(await d.text('load-error'), /同一网站|own site/);
    });
  });
});
