// The page object: everything the browser tests do to the dashboard and read from it, by the
// page's stable `data-testid`s. Tests never use raw selectors.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
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
          // Charts are drawn by the engine after the figures come: wait for every one on show.
          if (document.querySelector('[data-drawing="pending"]')) return false;
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
            !document.querySelector('[data-drawing="pending"]') &&
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

  /** Reloads the page and waits for it: the dashboard, or a slide in the meeting mode. */
  async reload() {
    await this.page.reload();
    if (this.param('present') === '1') await this.waitSlide();
    else await this.waitReady();
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
  /** Every KPI card against an expected file; medians and p90 to relative `percentiles` (a
   * cube's bound is 0.01), everything else to 1e-9. */
  async assertKpis(expected, { percentiles = 1e-9 } = {}) {
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
      const rel = /-(median|p90)$/.test(key) ? percentiles : 1e-9;
      const now = mismatch(card.value, expectedFor(expected.current, key), rel);
      if (now) problems.push(`kpi-${key} data-value: ${now}`);
      const before = mismatch(card.previous, expectedFor(expected.previous, key), rel);
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

  /** The league table's title (without its hint) and the heading of its first column. */
  async leagueHeadings() {
    return this.page.evaluate(() => {
      const h2 = document.querySelector('[data-testid="league"] h2');
      const th = document.querySelector('[data-testid="district-table"] thead th');
      const hint = h2?.querySelector('small')?.textContent ?? '';
      return { title: h2?.textContent.replace(hint, '').trim(), column: th?.textContent.trim() };
    });
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

  /** The first elements reaching past the window's right edge, described for a failure message. */
  async widerThanPage() {
    return this.page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
        .slice(0, 5)
        .map((e) => `<${e.tagName.toLowerCase()} class="${e.className}"> ${e.textContent.slice(0, 40)}`)
        .join('; '));
  }

  // --- The meeting mode ---------------------------------------------------------------------

  /** Opens the meeting mode at `query` (with `present=1`) and waits for the slide's figures. */
  static async present(page, query) {
    const d = new Dashboard(page);
    await page.goto(`${ctx.baseUrl}/${query}`);
    await d.waitSlide();
    return d;
  }

  /** Waits until slide `n` (1-based, any when omitted) is on show with its figures drawn. */
  async waitSlide(n) {
    await this.page.waitForFunction(
      (want) => {
        const counter = document.querySelector('[data-testid="slide-counter"]')?.textContent ?? '';
        const ready = document.querySelector('.slide')?.getAttribute('data-ready') === 'true';
        return ready && (want == null || counter.startsWith(`${want} /`));
      },
      n ?? null,
      { timeout: READY_TIMEOUT_MS, polling: 50 },
    );
  }

  /** "3 / 12" as [3, 12]. */
  async slideCounter() {
    const text = (await this.text('slide-counter')).trim();
    assert.match(text, /^\d+ \/ \d+$/, `slide counter "${text}"`);
    return text.split(' / ').map(Number);
  }

  /** What the slide on show is: its panel, district, title, scope line, bottom bar, findings. */
  async slide() {
    return this.page.evaluate(() => {
      const s = document.querySelector('.slide');
      return {
        panel: s.getAttribute('data-panel'),
        district: s.getAttribute('data-district'),
        title: s.querySelector('.slide-header h2')?.textContent.trim(),
        scope: s.querySelector('.slide-scope')?.textContent.trim(),
        bar: s.querySelector('.slide-bar')?.textContent.trim(),
        findings: [...s.querySelectorAll('[data-testid="finding"]')].map((f) => f.textContent.trim()),
      };
    });
  }

  /** Presses a key (or several, in turn) as a clicker or keyboard would. */
  async press(...keys) {
    for (const key of keys) await this.page.keyboard.press(key);
  }

  /**
   * What is wrong with the slide on show, as text: the stage not fitting the window or not
   * letterboxed, text overlapping other text (HTML and chart labels), text cut by the stage or its
   * box, KPI figures under 64 px or chart labels under 22 px (in stage pixels).
   */
  async slideProblems() {
    return this.page.evaluate(() => {
      const problems = [];
      const stage = document.querySelector('[data-testid="slide"]');
      const sr = stage.getBoundingClientRect();
      const [vw, vh] = [innerWidth, innerHeight];
      if (sr.left < -1 || sr.top < -1 || sr.right > vw + 1 || sr.bottom > vh + 1) {
        problems.push(`stage ${sr.width}x${sr.height} at ${sr.left},${sr.top} outside ${vw}x${vh}`);
      }
      if (Math.abs(sr.width - vw) > 1.5 && Math.abs(sr.height - vh) > 1.5) {
        problems.push(`stage ${sr.width}x${sr.height} touches neither side of ${vw}x${vh}`);
      }
      if (Math.abs(sr.width / sr.height - 16 / 9) > 0.01) problems.push(`stage is not 16:9`);
      const scale = sr.width / 1920;
      if (document.documentElement.scrollWidth > vw || document.documentElement.scrollHeight > vh) {
        problems.push('the window scrolls');
      }
      // Leaf boxes of text: HTML elements whose own text is not blank, and SVG texts.
      const texts = [];
      for (const el of stage.querySelectorAll('*')) {
        const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== '');
        if (!own) continue;
        const svgText = el instanceof SVGElement;
        if (svgText && /rotate/.test(el.getAttribute('transform') ?? '')) continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        texts.push({ el, r, svgText, text: el.textContent.trim().slice(0, 40) });
      }
      for (let i = 0; i < texts.length; i++) {
        const a = texts[i];
        // Cut: outside the stage, or outside a box that hides its overflow.
        let box = a.el.parentElement;
        while (box && box !== stage) {
          const cs = getComputedStyle(box);
          if (cs.overflow !== 'visible' && !(box instanceof SVGElement)) {
            const b = box.getBoundingClientRect();
            if (a.r.bottom > b.bottom + 2 || a.r.right > b.right + 2) problems.push(`cut: ${a.text}`);
            break;
          }
          box = box.parentElement;
        }
        if (a.r.right > sr.right + 1 || a.r.bottom > sr.bottom + 1) problems.push(`off the stage: ${a.text}`);
        for (let j = i + 1; j < texts.length; j++) {
          const b = texts[j];
          if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
          const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
          const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
          if (w > 3 * scale && h > 3 * scale) problems.push(`overlap: ${a.text} × ${b.text}`);
        }
        const size = parseFloat(getComputedStyle(a.el).fontSize);
        if (a.svgText) {
          const svg = a.el.ownerSVGElement;
          const k = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width / scale;
          if (size * k < 21.5) problems.push(`chart label ${(size * k).toFixed(1)} px: ${a.text}`);
        }
      }
      for (const v of stage.querySelectorAll('.wall-card .value')) {
        const size = parseFloat(getComputedStyle(v).fontSize);
        if (size < 64) problems.push(`KPI figure ${size} px`);
      }
      return problems;
    });
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

  /**
   * Clicks `testid` in the page and samples every animation frame until the view's answer is
   * on show: which filter chips, which answered query (compute-ms) and how many charts still to
   * come (`data-drawing` pending) each frame showed, and how long after the click the answer
   * came.
   */
  async clickWatchingFrames(testid) {
    return this.page.evaluate((sel) => new Promise((resolve) => {
      const footer = document.querySelector('[data-testid="compute-ms"]');
      const before = footer.getAttribute('data-query');
      const chips = () => [...document.querySelectorAll('[data-testid^="chip-"]')].map((c) => c.getAttribute('data-testid'));
      const frames = [];
      let answered = null;
      const t0 = performance.now();
      const sample = () => {
        frames.push({ chips: chips(), query: footer.getAttribute('data-query'), pending: document.querySelectorAll('[data-drawing="pending"]').length });
        if (answered === null && footer.getAttribute('data-query') !== before) answered = performance.now() - t0;
        if (answered !== null || performance.now() - t0 > 10_000) resolve({ answered, frames });
        else requestAnimationFrame(sample);
      };
      document.querySelector(sel).click();
      requestAnimationFrame(sample);
    }), id(testid));
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

  /**
   * Clicks an export button (`export-xlsx`, `export-csv`, `export-png` of a panel, …) and
   * returns the file it downloads: its suggested name, where it was saved and its bytes.
   */
  async download(testid, panel) {
    const selector = panel ? `${id(testid)}[data-panel="${panel}"]` : id(testid);
    const [download] = await Promise.all([
      this.page.waitForEvent('download', { timeout: READY_TIMEOUT_MS }),
      this.page.locator(selector).first().click(),
    ]);
    const name = download.suggestedFilename();
    const file = path.join(SCREENSHOT_DIR, 'downloads', name);
    await download.saveAs(file);
    return { name, file, bytes: readFileSync(file) };
  }

  /** How many pixels of a PNG's top band (its title) differ from its background. */
  async pngInk(bytes, band = 0.12) {
    return this.page.evaluate(
      async ([b64, share]) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const c = document.createElement('canvas');
        c.width = img.width;
        c.height = Math.max(1, Math.round(img.height * share));
        const ctx = c.getContext('2d');
        ctx.drawImage(img, 0, 0);
        const data = ctx.getImageData(0, 0, c.width, c.height).data;
        const bg = [data[0], data[1], data[2]];
        let ink = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (Math.abs(data[i] - bg[0]) + Math.abs(data[i + 1] - bg[1]) + Math.abs(data[i + 2] - bg[2]) > 96) ink++;
        }
        return ink;
      },
      [bytes.toString('base64'), band],
    );
  }

  /** The page printed to a PDF (A4 landscape, the print stylesheet), saved under `name`. */
  async printPdf(name) {
    await this.page.emulateMedia({ media: 'print' });
    const file = path.join(SCREENSHOT_DIR, 'downloads', `${name}.pdf`);
    mkdirSync(path.dirname(file), { recursive: true });
    await this.page.pdf({ path: file, format: 'A4', landscape: true, printBackground: true, preferCSSPageSize: true });
    await this.page.emulateMedia({ media: 'screen' });
    return file;
  }

  /** Lays the deck out for printing and waits until every slide has its figures. */
  async printDeck() {
    // The print dialog is the browser's; the test prints with page.pdf instead.
    await this.page.evaluate(() => {
      window.print = () => {};
    });
    await this.page.click(id('deck-print-start'));
    await this.page.waitForSelector(`${id('deck-print')}[data-ready="true"]`, { timeout: READY_TIMEOUT_MS, state: 'attached' });
  }

  /** Adds a panel to the deck, or takes it out (its "加入演示" button). */
  async addToDeck(panel) {
    const before = this.page.url();
    await this.page.click(id(`panel-${panel}-deck`));
    await this.page.waitForFunction((url) => location.href !== url, before);
  }

  async startPresenting() {
    await this.page.click(id('present-start'));
  }

  // --- The mapping step (a file that is not a v1 export) -----------------------------------

  /** Waits until the mapping step waits for the manager (load-status `mapping`), settled. */
  async waitMapping() {
    let outcome;
    try {
      const handle = await this.page.waitForFunction(
        () => {
          const state = document.querySelector('[data-testid="load-status"]')?.getAttribute('data-state');
          if (state === 'error') return 'error';
          const page = document.querySelector('[data-testid="mapping-page"]');
          return state === 'mapping' && page?.getAttribute('data-busy') === 'false' ? 'mapping' : false;
        },
        null,
        { timeout: READY_TIMEOUT_MS, polling: 50 },
      );
      outcome = await handle.jsonValue();
    } catch (err) {
      if (err?.name !== 'TimeoutError') throw err;
      assert.fail(`the mapping step did not come: ${await this.state()}`);
    }
    if (outcome === 'error') assert.fail(`reading failed instead of the mapping step: ${await this.state()}`);
  }

  /** Opens `query` and waits for the mapping step. */
  static async openMapping(page, query) {
    const d = new Dashboard(page);
    await page.goto(`${ctx.baseUrl}/${query}`);
    await d.waitMapping();
    return d;
  }

  /** Does `action` on the mapping page and waits for the worker's answer to it. */
  async mappingChange(action) {
    const seq = Number(await this.attr('mapping-page', 'data-seq'));
    await action();
    try {
      await this.page.waitForFunction(
        (before) => {
          const el = document.querySelector('[data-testid="mapping-page"]');
          return Number(el?.getAttribute('data-seq')) > before && el?.getAttribute('data-busy') === 'false';
        },
        seq,
        { timeout: READY_TIMEOUT_MS, polling: 50 },
      );
    } catch (err) {
      if (err?.name !== 'TimeoutError') throw err;
      assert.fail(`the mapping page did not answer the change: ${await this.state()}`);
    }
  }

  /** A field of the mapping step: its column (index, header), how it was found, its samples. */
  async mappingRole(code) {
    const role = await this.page.evaluate((sel) => {
      const row = document.querySelector(sel);
      if (!row) return null;
      return {
        column: row.getAttribute('data-column'),
        header: row.getAttribute('data-header'),
        found: row.querySelector('.found')?.textContent.trim() ?? '',
        samples: [...row.querySelectorAll('[data-testid="mapping-sample"]')].map((s) => ({
          row: Number(s.getAttribute('data-row')),
          ok: s.getAttribute('data-ok') === 'true',
          raw: s.querySelector('.raw').textContent,
          reading: s.querySelector('.reading').textContent,
        })),
      };
    }, id(`mapping-role-${code}`));
    assert.ok(role, `mapping-role-${code} not found`);
    return role;
  }

  /** Every assumption stated: code, text and whether it needs an answer. */
  async mappingAssumptions() {
    return this.page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="mapping-assumption"]')].map((li) => ({
        code: li.getAttribute('data-code'),
        text: li.textContent.trim(),
        needsAnswer: li.getAttribute('data-needs-answer') === 'true',
      })),
    );
  }

  async mappingNotes() {
    return this.page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="mapping-note"]')].map((li) => li.textContent.trim()),
    );
  }

  async mappingApplyEnabled() {
    return this.page.locator(id('mapping-apply')).isEnabled();
  }

  /** Chooses a field's column by its header (`null`: no column). */
  async chooseMappingColumn(role, header) {
    const sel = id(`mapping-column-${role}`);
    const value = header === null ? '' : await this.page.evaluate(
      ([s, h]) => [...document.querySelector(s).options].find((o) => o.textContent.endsWith(` · ${h}`))?.value,
      [sel, header],
    );
    assert.ok(value !== undefined, `no column ${header}`);
    await this.mappingChange(() => this.page.selectOption(sel, value));
  }

  /** The value of a control of the mapping page (a select's option, an input's text). */
  async mappingValue(testid) {
    return this.page.inputValue(id(testid));
  }

  /** `utf8`, `gb18030` or `utf16`: the file is read again. */
  async chooseEncoding(code) {
    await this.mappingChange(() => this.page.selectOption(id('mapping-encoding'), code));
  }

  /** Loads a mapping file (as downloaded) on the mapping page. */
  async importMapping(file) {
    await this.mappingChange(() => this.page.setInputFiles(id('mapping-import'), file));
  }

  /** Leaves the mapping step for the dashboard that was on show. */
  async cancelMapping() {
    await this.page.click(id('mapping-cancel'));
  }

  /** From a mapped file's dashboard back to its mapping step. */
  async editMapping() {
    await this.page.click(id('mapping-edit'));
    await this.waitMapping();
  }

  async copyLink() {
    await this.page.click(id('copy-link'));
  }

  async chooseSheet(name) {
    await this.mappingChange(() => this.page.selectOption(id('mapping-sheet'), name));
  }

  /** The timezone of times without an offset, in minutes east of UTC. */
  async chooseTimezone(minutes) {
    await this.mappingChange(() => this.page.selectOption(id('mapping-timezone'), String(minutes)));
  }

  /** `day_first`, `month_first` or '' (not chosen). */
  async chooseDateOrder(order) {
    await this.mappingChange(() => this.page.selectOption(id('mapping-date-order'), order));
  }

  async setExportedAt(text) {
    await this.mappingChange(() => this.page.fill(id('mapping-exported-at'), text).then(() => this.page.press(id('mapping-exported-at'), 'Tab')));
  }

  /** Maps a word of a kind, tier or score column (`testid`: mapping-kind-word, …). */
  async mapWord(testid, word, value) {
    const sel = `${id(testid)}[data-word="${word}"]`;
    await this.mappingChange(() => this.page.selectOption(sel, value));
  }

  /** The words of a column on the mapping page and what each maps to ('' = unknown). */
  async mappingWords(testid) {
    return this.page.evaluate(
      (sel) => Object.fromEntries([...document.querySelectorAll(sel)].map((s) => [s.getAttribute('data-word'), s.value])),
      id(testid),
    );
  }

  async setDistrictArea(district, area) {
    await this.mappingChange(() => this.page.selectOption(`${id('mapping-area')}[data-district="${district}"]`, area));
  }

  async loadCustomersFile(file) {
    await this.mappingChange(() => this.page.setInputFiles(id('mapping-customers-file'), file));
  }

  /** Confirms the mapping and waits for the dashboard. */
  async applyMapping(accepted) {
    await this.page.click(id('mapping-apply'));
    await this.waitReady(accepted);
  }

  /** The note over a mapped dashboard: rows read and not converted. */
  async mappedBanner() {
    const rows = await this.attr('mapping-banner', 'data-rows');
    if (rows === null) return null;
    return { rows: Number(rows), notConverted: Number(await this.attr('mapping-banner', 'data-not-converted')) };
  }

  /** The load report's rows of a mapped file that did not become tickets: sheet row and code. */
  async rowsNotConverted() {
    return this.page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="mapping-problem-row"]')].map((r) => ({
        row: Number(r.getAttribute('data-row')),
        code: r.getAttribute('data-code'),
      })),
    );
  }

  /** The load report's rejected records: index, code and (mapped files) sheet row. */
  async rejectedRecords() {
    return this.page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="problem-row"]')].map((r) => ({
        index: Number(r.getAttribute('data-index')),
        code: r.getAttribute('data-code'),
        row: r.getAttribute('data-row') ? Number(r.getAttribute('data-row')) : null,
        text: r.textContent,
      })),
    );
  }

  /** Tickets per district from the league table (view=districts). */
  async districtTickets() {
    return this.page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll('[data-testid^="district-row-"]')].map((r) => {
          const code = r.getAttribute('data-testid').slice('district-row-'.length);
          const cell = r.querySelector(`[data-testid="district-${CSS.escape(code)}-tickets"]`);
          return [code, cell ? Number(cell.getAttribute('data-value')) : null];
        }),
      ),
    );
  }

  /** Waits until the link has `name` (the page writes `file=`/`map=` once a file is on show). */
  async waitForParam(name) {
    await this.page.waitForFunction((n) => new URL(location.href).searchParams.has(n), name, {
      timeout: READY_TIMEOUT_MS,
      polling: 50,
    });
    return this.param(name);
  }

  async openFile(file) {
    await this.page.setInputFiles(id('file-input'), file);
  }

  /** Drops a file (its name and bytes) on the page, as a manager drags it from a folder. */
  async dropFile(name, bytes) {
    const transfer = await this.page.evaluateHandle(
      ([n, b64]) => {
        const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const t = new DataTransfer();
        t.items.add(new File([data], n));
        return t;
      },
      [name, Buffer.from(bytes).toString('base64')],
    );
    await this.page.dispatchEvent('.app', 'drop', { dataTransfer: transfer });
  }

  /** A picture of the whole page at the viewport's width, taken with a viewport as tall as the
   * page so that sticky bars sit where they end up rather than over the middle. */
  async screenshotWhole(name) {
    const { width } = this.page.viewportSize();
    const height = await this.page.evaluate(() => document.documentElement.scrollHeight);
    await this.page.setViewportSize({ width, height });
    await this.screenshot(name, false);
  }

  async screenshot(name, fullPage = true) {
    await this.page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage });
  }
}
