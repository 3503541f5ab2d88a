// The meeting mode: the default deck driven with a clicker's keys on a 1080p screen and a 4:3
// projector, in both room themes, with no overlapping or cut text; decks and slides in the link;
// the automatic advance; the deck built from the dashboard.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Dashboard } from './dashboard.mjs';
import { launch, shutdown, withPage, TEST_TIMEOUT_MS } from './harness.mjs';

const DEFAULT_DECK = [
  'kpi-cards',
  'district-rates',
  'pareto',
  'commitments',
  'satisfaction-trend',
  'worst-districts',
  'warnings',
  'findings',
];

describe('meeting mode', { timeout: TEST_TIMEOUT_MS * 3 }, () => {
  before(launch);
  after(shutdown);

  for (const viewport of [
    { width: 1920, height: 1080 },
    { width: 1024, height: 768 },
  ]) {
    for (const theme of ['dark', 'contrast']) {
      test(`the default deck at ${viewport.width}×${viewport.height}, ${theme}`, async (t) => {
        await withPage(
          t,
          async ({ page }) => {
            const d = await Dashboard.present(page, `?present=1&theme=${theme}`);
            for (let n = 1; n <= DEFAULT_DECK.length; n++) {
              await d.waitSlide(n);
              assert.deepEqual(await d.slideCounter(), [n, DEFAULT_DECK.length]);
              const s = await d.slide();
              assert.equal(s.panel, DEFAULT_DECK[n - 1]);
              assert.ok(s.findings.length >= 1, `slide ${n} has findings`);
              assert.ok(s.findings.every((f) => f.length > 4), `slide ${n}: ${s.findings}`);
              assert.match(s.scope, /国网绵阳供电公司 · 2026年10月 · 全部区县 · 环比 2026年9月 · 同比 2025年10月/);
              assert.match(s.bar, /^\d+ \/ \d+ · 全部区县 · 2026年10月$/);
              assert.deepEqual(await d.slideProblems(), [], `slide ${n} (${s.panel})`);
              await d.screenshot(`slide-${viewport.width}-${theme}-${n}-${s.panel}`, false);
              await d.press('ArrowRight');
            }
            // The last slide stays the last; keys a clicker sends move about.
            await d.waitSlide(DEFAULT_DECK.length);
            await d.press('Home');
            await d.waitSlide(1);
            await d.press('End');
            await d.waitSlide(DEFAULT_DECK.length);
            await d.press('3', 'Enter');
            await d.waitSlide(3);
            assert.equal(d.param('slide'), '3');
            await d.press('PageUp');
            await d.waitSlide(2);
            await d.press('Space', 'PageDown');
            await d.waitSlide(4);
            await d.press('ArrowLeft');
            await d.waitSlide(3);
            await d.press('b');
            assert.ok(await d.exists('black-screen'));
            await d.press('b');
            assert.ok(!(await d.exists('black-screen')));
            await d.press('Escape');
            await d.waitReady(24000);
            assert.equal(d.param('present'), null);
            assert.equal(d.param('theme'), theme);
          },
          { viewport },
        );
      });
    }
  }

  test('decks and slides round-trip through the link; a slide per district', async (t) => {
    await withPage(t, async ({ page }) => {
      const query = '?present=1&deck=pareto@FC,kpi-cards,district-rates@*&slide=2';
      const d = await Dashboard.present(page, query);
      // pareto@FC, kpi-cards, then district-rates for each of the 9 districts.
      assert.deepEqual(await d.slideCounter(), [2, 11]);
      assert.equal((await d.slide()).panel, 'kpi-cards');
      await d.reload();
      await d.waitSlide(2);
      assert.equal((await d.slide()).panel, 'kpi-cards');
      await d.press('ArrowLeft');
      await d.waitSlide(1);
      let s = await d.slide();
      assert.deepEqual([s.panel, s.district], ['pareto', 'FC']);
      assert.match(s.scope, / · 涪城区 · /, 'the header names the slide\'s district');
      assert.match(s.bar, /^1 \/ 11 · 涪城区 · 2026年10月$/);
      await d.press('End');
      await d.waitSlide(11);
      s = await d.slide();
      assert.equal(s.panel, 'district-rates');
      assert.equal(s.district, 'PW');
      assert.equal(d.param('deck'), 'pareto@FC,kpi-cards,district-rates@*');
      assert.equal(d.param('slide'), '11');
      assert.deepEqual(await d.slideProblems(), []);
    });
  });

  test('auto advances until a key is pressed', async (t) => {
    await withPage(t, async ({ page }) => {
      const d = await Dashboard.present(page, '?present=1&auto=1');
      await d.waitSlide(3);
      await d.press('Shift');
      const [n] = await d.slideCounter();
      await page.waitForTimeout(2500);
      assert.deepEqual(await d.slideCounter(), [n, 8], 'paused by the key');
      assert.ok(await d.exists('slide'));
    });
  });

  test('the dashboard adds panels to the deck and starts it', async (t) => {
    await withPage(t, async ({ page }) => {
      const d = await Dashboard.open(page, '?view=complaints', { accepted: 24000 });
      await d.addToDeck('channels');
      assert.equal(d.param('deck'), [...DEFAULT_DECK, 'channels'].join(','));
      await d.addToDeck('pareto');
      assert.equal(d.param('deck'), [...DEFAULT_DECK.filter((p) => p !== 'pareto'), 'channels'].join(','));
      await d.startPresenting();
      await d.waitSlide(1);
      assert.deepEqual(await d.slideCounter(), [1, 8]);
      await d.press('End');
      await d.waitSlide(8);
      assert.equal((await d.slide()).panel, 'channels');
    });
  });
});
