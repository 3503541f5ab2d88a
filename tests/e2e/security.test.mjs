// The data never leaves the browser: the Content-Security-Policy is in force (no inline script,
// no request to another origin), opening a file sends no request beyond the page's origin, and
// labels holding markup, bidi overrides or NUL are shown as text everywhere.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import path from 'node:path';
import { Dashboard } from './dashboard.mjs';
import { TEST_TIMEOUT_MS, fixturesDir, generate, launch, shutdown, withPage } from './harness.mjs';

describe('security', { timeout: TEST_TIMEOUT_MS }, () => {
  before(launch);
  after(shutdown);

  test('the CSP forbids inline script and requests to other origins', async (t) => {
    await withPage(t, async ({ page }) => {
      const d = await Dashboard.open(page, '', { accepted: 24000 });
      const policy = await page.evaluate(
        () => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '',
      );
      assert.match(policy, /script-src 'self' 'wasm-unsafe-eval'/);
      assert.match(policy, /connect-src 'self' blob: data:/);
      assert.equal(await page.locator('script:not([src])').count(), 0, 'no inline script in the page');
      const outcome = await page.evaluate(async () => {
        const violations = [];
        document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
        const s = document.createElement('script');
        s.textContent = 'window.__inline = 1';
        document.body.append(s);
        let fetched = 'allowed';
        try {
          await fetch('http://example.invalid/x.json');
        } catch {
          fetched = 'blocked';
        }
        await new Promise((r) => setTimeout(r, 100));
        return { inline: window.__inline ?? null, fetched, violations };
      });
      assert.equal(outcome.inline, null, 'inline script did not run');
      assert.equal(outcome.fetched, 'blocked');
      assert.ok(outcome.violations.some((v) => v.startsWith('script-src')), outcome.violations.join());
      assert.ok(outcome.violations.some((v) => v.startsWith('connect-src')), outcome.violations.join());
      assert.ok(d);
    });
  });

  test('opening a file sends no request beyond the page', async (t) => {
    await withPage(t, async ({ page, requests }) => {
      const d = await Dashboard.open(page, '', { accepted: 24000 });
      const before = requests.length;
      await d.openFile(path.join(fixturesDir, 'small.json'));
      await d.waitReady(2000);
      for (const view of ['districts', 'complaints', 'quality']) await d.tab(view);
      const origin = d.url().origin;
      const after = requests.slice(before);
      const foreign = requests.filter((u) => !(u.startsWith(origin) || u.startsWith('blob:') || u.startsWith('data:')));
      assert.deepEqual(foreign, [], 'every request stays on the page origin');
      assert.deepEqual(
        after.filter((u) => u.startsWith(origin)),
        [],
        'the file is read in the browser, not sent',
      );
    });
  });

  test('labels with markup, bidi overrides and NUL are text in tables and charts', async (t) => {
    const evil = '<b id="evil">粗体</b>';
    const rtl = '渠道\u202Eevil';
    const nul = '分类\u0000X';
    const file = generate(
      'labels.json',
      JSON.stringify({
        format: 'service-kpi-export',
        version: 1,
        exported_at: '2026-11-01T08:00:00+08:00',
        districts: [{ code: 'M', name: '<i id="evil2">区</i>', area: 'urban', customers: 1000 }],
        tickets: [0, 1, 2].map((i) => ({
          id: `t${i}<script>`,
          opened_at: `2026-10-0${i + 1}T09:00:00+08:00`,
          district: 'M',
          kind: 'complaint',
          category: [evil, nul, '普通'][i],
          channel: rtl,
          customer_tier: 'A',
        })),
      }),
    );
    await withPage(t, async ({ page, dialogs }) => {
      const d = await Dashboard.open(page, `?data=${file}&view=complaints`, { accepted: 3 });
      assert.equal(await page.locator('#evil, #evil2').count(), 0, 'no element made from a label');
      const texts = await d.svgTexts('pareto');
      assert.ok(texts.some((x) => x.includes('<b id="evil">')), `the markup drawn as text: ${texts.join(' | ')}`);
      assert.ok(!texts.join('').includes('\u202E') && !texts.join('').includes('\u0000'), 'no override or NUL drawn');
      const ids = await page.locator('[data-testid="panel-key-complaints"] td').allTextContents();
      assert.ok(ids.some((x) => x.includes('<script>')), 'ids shown as text');
      assert.deepEqual(dialogs, []);
    });
  });
});
