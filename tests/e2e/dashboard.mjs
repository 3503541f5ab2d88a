// The page object: everything the browser tests do to the dashboard and read from it, by the
// page's stable `data-testid`s. Tests never use raw selectors.

import assert from 'node:assert/strict';
import path from 'node:path';
import { ctx, KPI_KEYS, expectedFor, mismatch, SCREENSHOT_DIR } from './harness.mjs';

const READY_TIMEOUT_MS = 60_000;
const id = (testid) => `[data-testid="${testid}"]`;

export class Dashboard {
  constructor(page) {
    this.page = page;
  }

  /** Opens the dashboard at `query` (e.g. "?view=districts") and waits until it is ready. */
  static async open(page, query = '', { accepted, expectError = false } = {}) {
    const d = new Dashboard(page);
    await page.goto(`${ctx.baseUrl}/${query}`);
    if (expectError) await d.waitForError();
    else await d.waitReady(accepted);
    return d;
  }

  /** A one-line description of the page's load state, for failure messages. */
  async state() {
    return this.page
      .evaluate(() => {
        const attr = (sel, name) => document.querySelector(sel)?.getAttribute(name) ?? '(absent)';
        const error = document.querySelector('[data-testid="load-error"]')?.textContent?.trim();
        return (
          `load-status=${attr('[data-testid="load-status"]', 'data-state')}, ` +
          `accepted=${attr('[data-testid="accepted-count"]', 'data-value')}, ` +
          `query=${attr('[data-testid="compute-ms"]', 'data-query')}` +
          (error ? `, load-error: ${JSON.stringify(error)}` : '')
        );
      })
      .catch((err) => `(page state unavailable: ${err.message})`);
  }

  /**
   * Waits until load-status is `ready` (the figures of the link's view are on show) and, when
   * given, accepted-count is `accepted`; fails at once on `error`.
   */
  async waitReady(accepted) {
    let outcome;
    try {
      const handle = await this.page.waitForFunction(
        (want) => {
          const state = document.querySelector('[data-testid="load-status"]')?.getAttribute('data-state');
          if (state === 'error') return 'error';
          if (state !== 'ready') return false;
          if (want === undefined || want === null) return 'ready';
          const value = document.querySelector('[data-testid="accepted-count"]')?.getAttribute('data-value');
          return value != null && Number(value) === want ? 'ready' : false;
        },
        accepted ?? null,
        { timeout: READY_TIMEOUT_MS, polling: 50 },
      );
      outcome = await handle.jsonValue();
    } catch (err) {
      if (err?.name !== 'TimeoutError') throw err;
      assert.fail(`not ready after ${READY_TIMEOUT_MS / 1000} s: ${await this.state()}`);
    }
    if (outcome === 'error') assert.fail(`loading failed instead of becoming ready: ${await this.state()}`);
  }

  async waitForError() {
    try {
      await this.page.waitForFunction(
        () => document.querySelector('[data-testid="load-status"]')?.getAttribute('data-state') === 'error',
        null,
        { timeout: READY_TIMEOUT_MS, polling: 50 },
      );
    } catch (err) {
      if (err?.name !== 'TimeoutError') throw err;
      assert.fail(`load-status did not reach data-state=error: ${await this.state()}`);
    }
  }

  /**
   * Waits until the figures on show are those of a link whose query holds every string of
   * `has` and none of `lacks`.
   */
  async waitForView(has = [], lacks = []) {
    try {
      await this.page.waitForFunction(
        ([has, lacks]) => {
          const q = document.querySelector('[data-testid="compute-ms"]')?.getAttribute('data-query');
          const state = document.querySelector('[data-testid="load-status"]')?.getAttribute('data-state');
          return (
            typeof q === 'string' &&
            state === 'ready' &&
            has.every((x) => q.includes(x)) &&
            lacks.every((x) => !q.includes(x))
          );
        },
        [has, lacks],
        { timeout: READY_TIMEOUT_MS, polling: 50 },
      );
    } catch (err) {
      if (err?.name !== 'TimeoutError') throw err;
      assert.fail(`the view with ${has} and without ${lacks} did not come: ${await this.state()}`);
    }
  }

  url() {
    return new URL(this.page.url());
  }

  param(name) {
    return this.url().searchParams.get(name);
  }

  async goto(query) {
    await this.page.goto(`${ctx.baseUrl}/${query}`);
    await this.waitReady();
  }

  async reload() {
    await this.page.reload();
    await this.waitReady();
  }

  // --- Reading ----------------------------------------------------------------------------

  async attr(testid, name = 'data-value') {
    return this.page.evaluate(([sel, n]) => document.querySelector(sel)?.getAttribute(n) ?? null, [id(testid), name]);
  }

  async text(testid) {
    return (await this.page.locator(id(testid)).first().textContent())?.trim() ?? null;
  }

  async exists(testid) {
    return (await this.page.locator(id(testid)).count()) > 0;
  }

  async counts() {
    return {
      accepted: Number(await this.attr('accepted-count')),
      rejected: Number(await this.attr('rejected-count')),
    };
  }

  /** A KPI card's figures: value, 环比 and 同比 values (unrounded, null when undefined), status. */
  async kpi(key) {
    const raw = await this.page.evaluate((sel) => {
      const el = document.querySelector(sel);
      if (!el) return null;
      return {
        value: el.getAttribute('data-value'),
        previous: el.getAttribute('data-previous'),
        yearBefore: el.getAttribute('data-year-before'),
        status: el.getAttribute('data-status'),
        text: el.textContent,
      };
    }, id(`kpi-${key}`));
    assert.ok(raw, `card kpi-${key} not found`);
    const num = (s) => (s === null || s.trim() === '' ? null : Number(s));
    return { ...raw, value: num(raw.value), previous: num(raw.previous), yearBefore: num(raw.yearBefore) };
  }

  /** Every KPI card's data-value/data-previous equals expected.current/previous (rel. 1e-9). */
  async assertKpis(expected) {
    const cards = await this.page.evaluate((keys) => {
      const out = {};
      for (const key of keys) {
        const el = document.querySelector(`[data-testid="kpi-${key}"]`);
        out[key] = el ? { value: el.getAttribute('data-value'), previous: el.getAttribute('data-previous') } : null;
      }
      return out;
    }, KPI_KEYS);
    const problems = [];
    for (const key of KPI_KEYS) {
      const card = cards[key];
      if (!card) {
        problems.push(`kpi-${key}: card not found`);
        continue;
      }
      const now = mismatch(card.value, expectedFor(expected.current, key));
      if (now) problems.push(`kpi-${key} data-value: ${now}`);
      const before = mismatch(card.previous, expectedFor(expected.previous, key));
      if (before) problems.push(`kpi-${key} data-previous: ${before}`);
    }
    assert.equal(problems.length, 0, `${problems.length} KPI mismatch(es):\n  ${problems.join('\n  ')}`);
  }

  /** A league-table cell: its unrounded value, status and text. */
  async districtCell(code, key) {
    return this.page.evaluate((sel) => {
      const el = document.querySelector(sel);
      return el
        ? { value: el.getAttribute('data-value'), status: el.getAttribute('data-status'), text: el.textContent.trim() }
        : null;
    }, id(`district-${code}-${key}`));
  }

  /** The district codes of the league table, top to bottom. */
  async leagueOrder() {
    return this.page.evaluate(() =>
      [...document.querySelectorAll('[data-testid^="district-row-"]')].map((r) =>
        r.getAttribute('data-testid').slice('district-row-'.length),
      ),
    );
  }

  /** The bars of a panel's chart: label text drawn on each (in drawing order) and the bars' names. */
  async bars(panel) {
    return this.page.evaluate((sel) => {
      const root = document.querySelector(sel);
      if (!root) return null;
      return [...root.querySelectorAll('rect[data-category]')].map((r) => ({
        category: r.getAttribute('data-category'),
        series: r.getAttribute('data-series'),
        fill: r.getAttribute('fill'),
      }));
    }, id(`panel-${panel}`));
  }

  /** Every `<text>` of a panel's SVG. */
  async svgTexts(panel) {
    return this.page.evaluate(
      (sel) => [...(document.querySelector(sel)?.querySelectorAll('svg text') ?? [])].map((t) => t.textContent.trim()),
      id(`panel-${panel}`),
    );
  }

  /** The heatmap cell of a district and month. */
  async heatCell(code, month) {
    return this.page.evaluate(
      ([sel, c, m]) => {
        const r = document.querySelector(`${sel} rect[data-district="${c}"][data-month="${m}"]`);
        return r ? { status: r.getAttribute('data-status'), level: r.getAttribute('data-level'), fill: r.getAttribute('fill') } : null;
      },
      [id('panel-heatmap'), code, month],
    );
  }

  /** A scorecard item of a district and KPI. */
  async scorecardItem(code, key) {
    return this.page.evaluate(
      ([sel, c, k]) => {
        const r = document.querySelector(`${sel} rect[data-district="${c}"][data-kpi="${k}"]`);
        return r ? { status: r.getAttribute('data-status'), fill: r.getAttribute('fill') } : null;
      },
      [id('panel-scorecards'), code, key],
    );
  }

  /** Shows a panel as a table (through its toggle) and reads its header and rows. */
  async panelTable(panel) {
    if (!(await this.page.locator(`${id(`panel-${panel}`)} ${id('chart-table')}`).count())) {
      await this.page.click(id(`panel-${panel}-toggle`));
    }
    await this.page.waitForSelector(`${id(`panel-${panel}`)} ${id('chart-table')}`);
    return this.page.evaluate((sel) => {
      const table = document.querySelector(`${sel} [data-testid="chart-table"]`);
      const cells = (row) => [...row.querySelectorAll('th, td')].map((c) => c.textContent.trim());
      return { headers: cells(table.querySelector('thead tr')), rows: [...table.querySelectorAll('tbody tr')].map(cells) };
    }, id(`panel-${panel}`));
  }

  /**
   * Pairs of overlapping `<text>` boxes in the panels' SVGs (labels colliding). Two turned axis
   * labels are not compared: their upright boxes overlap while the words do not.
   */
  async textOverlaps() {
    return this.page.evaluate(() => {
      const found = [];
      for (const svg of document.querySelectorAll('.chart-svg svg')) {
        const boxes = [...svg.querySelectorAll('text')]
          .filter((t) => t.textContent.trim() !== '')
          .map((t) => ({
            text: t.textContent.trim(),
            r: t.getBoundingClientRect(),
            turned: /rotate/.test(t.getAttribute('transform') ?? ''),
          }))
          .filter((b) => b.r.width > 0 && b.r.height > 0);
        for (let i = 0; i < boxes.length; i++) {
          for (let j = i + 1; j < boxes.length; j++) {
            if (boxes[i].turned && boxes[j].turned) continue;
            const a = boxes[i].r;
            const b = boxes[j].r;
            const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
            const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
            if (w > 3 && h > 3) found.push(`${boxes[i].text} × ${boxes[j].text}`);
          }
        }
      }
      return found;
    });
  }

  async horizontalOverflow() {
    return this.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  }

  // --- Acting -------------------------------------------------------------------------------

  async tab(view) {
    await this.page.click(id(`tab-${view}`));
    await this.page.waitForSelector(id(`page-${view}`));
  }

  /** Clicks the bar of `category` in a panel's chart. */
  async clickBar(panel, category) {
    await this.page.locator(`${id(`panel-${panel}`)} rect[data-category="${category}"]`).first().click();
  }

  async clickHeatCell(code, month) {
    await this.page.locator(`${id('panel-heatmap')} rect[data-district="${code}"][data-month="${month}"]`).click();
  }

  async clickDistrictRow(code) {
    await this.page.click(id(`district-row-${code}`));
  }

  async sortBy(key) {
    await this.page.click(id(`sort-${key}`));
  }

  async chooseHeatmapMetric(key) {
    await this.page.selectOption(id('heatmap-metric'), key);
  }

  async choosePreset(code) {
    await this.page.selectOption(id('period-preset'), code);
  }

  async openDropdown(dim) {
    await this.page.click(`${id(`filter-${dim}`)} summary`);
  }

  async dropdownOpen(dim) {
    return this.page.evaluate((sel) => document.querySelector(sel)?.hasAttribute('open') ?? false, id(`filter-${dim}`));
  }

  async check(dim, value) {
    await this.page.click(id(`option-${dim}-${value}`));
  }

  async openFile(file) {
    await this.page.setInputFiles(id('file-input'), file);
  }

  async screenshot(name, fullPage = true) {
    await this.page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage });
  }
}
