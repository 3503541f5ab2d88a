// The review pack: every export downloads and opens again — the workbook read back with openpyxl
// equals the screen, the CSV starts with its byte-order mark, a panel's PNG is 1920 px wide with
// its title drawn, the SVG holds the chart, and the printed report is searchable text with the
// district names and no Type 3 font.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Dashboard } from './dashboard.mjs';
import { launch, shutdown, withPage, TEST_TIMEOUT_MS } from './harness.mjs';
import { pdfFonts, pdfPages, pdfText, readXlsx } from './readers.mjs';

const DISTRICTS = ['涪城区', '游仙区', '安州区', '江油市', '三台县', '盐亭县', '梓潼县', '北川羌族自治县', '平武县'];

describe('exports', { timeout: TEST_TIMEOUT_MS * 2 }, () => {
  before(launch);
  after(shutdown);

  test('the workbook read back equals the screen', async (t) => {
    await withPage(t, async ({ page }) => {
      const d = await Dashboard.open(page, '?district=JY', { accepted: 24000 });
      const file = await d.download('export-xlsx');
      assert.equal(file.name, '供电服务质量_2026-10_江油市.xlsx');
      const sheets = readXlsx(file.file);
      assert.deepEqual(
        sheets.map((s) => s.name),
        ['说明', '指标', '区县', '投诉分类', '超期工单', '预警', '要点', '被拒记录'],
      );
      for (const s of sheets) assert.equal(s.freeze, 'A2', `${s.name}: header row frozen`);
      const kpis = sheets[1];
      assert.deepEqual(kpis.rows[0].slice(0, 4), ['指标', '单位', '本期', '环比期']);
      // Each card's value is the sheet's number (unrounded), in the card order.
      for (const [key, label] of [
        ['tickets', '工单总量'],
        ['complaints', '投诉量'],
        ['complaint_rate_per_10k', '万户投诉率'],
        ['first_response_pct', '首次响应及时率'],
        ['satisfaction_mean', '满意度均分'],
      ]) {
        const card = await d.kpi(key);
        const row = kpis.rows.find((r) => r[0] === label);
        assert.ok(row, label);
        assert.equal(typeof row[2], 'number', `${label} is a number`);
        assert.ok(Math.abs(row[2] - card.value) <= 1e-9 * Math.max(1, Math.abs(card.value)), `${label}: ${row[2]} vs ${card.value}`);
        if (card.previous != null) assert.ok(Math.abs(row[3] - card.previous) <= 1e-9 * Math.max(1, Math.abs(card.previous)));
      }
      const rateRow = kpis.rows.findIndex((r) => r[0] === '首次响应及时率');
      assert.equal(kpis.formats[2], '#,##0', 'a count keeps its format');
      assert.ok(rateRow > 0);
      // Column widths are set for hanzi (two per character), not left to autofit.
      assert.ok(kpis.widths.A >= 16, `KPI column width ${kpis.widths.A}`);
      // The district sheet has every district; the about sheet names the scope.
      assert.deepEqual(sheets[2].rows.slice(1).map((r) => r[1]), DISTRICTS);
      assert.ok(sheets[0].rows.some((r) => r[0] === '区县' && r[1] === '江油市'));
    });
  });

  test('the CSV begins with a byte-order mark and holds the view\'s table', async (t) => {
    await withPage(t, async ({ page }) => {
      const d = await Dashboard.open(page, '?view=complaints', { accepted: 24000 });
      const file = await d.download('export-csv');
      assert.equal(file.name, '供电服务质量_2026-10_投诉分类.csv');
      assert.deepEqual([...file.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
      const text = file.bytes.subarray(3).toString('utf8');
      assert.ok(!text.startsWith('sep='));
      const lines = text.trimEnd().split('\r\n');
      assert.equal(lines[0], '业务类别,投诉件数,占比（%）,累计占比（%）,关键少数');
      const pareto = await d.bars('pareto');
      assert.equal(lines.length - 1, pareto.length, 'one line per category');
    });
  });

  test('a panel exports as a 1920 px PNG with its title, and as SVG', async (t) => {
    await withPage(t, async ({ page }) => {
      const d = await Dashboard.open(page, '?view=complaints&lang=en', { accepted: 24000 });
      const png = await d.download('export-png');
      assert.match(png.name, /^service-quality_2026-10_pareto\.png$/);
      assert.deepEqual([...png.bytes.subarray(1, 4)], [0x50, 0x4e, 0x47], 'a PNG');
      const width = png.bytes.readUInt32BE(16);
      const height = png.bytes.readUInt32BE(20);
      assert.ok(width >= 1920, `width ${width}`);
      assert.ok(height > 400, `height ${height}`);
      assert.ok((await d.pngInk(png.bytes)) > 2000, 'the title band is not blank');
      const svg = await d.download('export-svg', 'channels');
      assert.equal(svg.name, 'service-quality_2026-10_channels.svg');
      const text = svg.bytes.toString('utf8');
      assert.match(text, /^<svg/);
      assert.match(text, /Complaints by channel/);
    });
  });

  test('the monthly report prints as searchable text and exports its tables', async (t) => {
    await withPage(t, async ({ page }) => {
      const d = await Dashboard.open(page, '?view=report', { accepted: 24000 });
      for (const id of ['volume', 'kinds', 'districts', 'top', 'issues', 'service']) {
        assert.ok(await d.exists(`report-${id}`), id);
      }
      assert.ok(await d.exists('report'));
      const pdf = await d.printPdf('report');
      const text = pdfText(pdf);
      for (const name of DISTRICTS) assert.ok(text.includes(name), `the PDF names ${name}`);
      assert.ok(text.includes('一、总量') && text.includes('六、时限与满意度'));
      assert.ok(!/[\u2F00-\u2FDF\u2E80-\u2EFF]/.test(text), 'no Kangxi radicals in place of hanzi');
      assert.ok(!text.includes('导出 Excel'), 'no controls printed');
      const fonts = pdfFonts(pdf);
      assert.ok(!/Type 3/.test(fonts), `no Type 3 font:\n${fonts}`);
      assert.match(fonts, /CID TrueType|TrueType/);
      const file = await d.download('export-xlsx');
      assert.equal(file.name, '供电服务质量_2026-10_月度报告.xlsx');
      const names = readXlsx(file.file).map((s) => s.name);
      assert.deepEqual(names, ['说明', '总量', '分类-类型', '分类-投诉类别', '区域排名', '前N-投诉类别', '前N-区县', '预警', '时限与满意度']);
    });
  });

  test('a deck prints as a PDF, one slide per page', async (t) => {
    await withPage(t, async ({ page }) => {
      const d = await Dashboard.present(page, '?present=1');
      await d.printDeck();
      const pdf = await d.printPdf('deck');
      assert.equal(pdfPages(pdf), 8);
      const text = pdfText(pdf);
      for (const title of ['关键指标', '服务承诺达标情况', '本期要点']) assert.ok(text.includes(title), title);
      assert.ok(text.includes('1 / 8') && text.includes('8 / 8'));
      assert.ok(!/Type 3/.test(pdfFonts(pdf)));
    });
  });

  test('the printed dashboard has no controls, the filters as text, and whole panels', async (t) => {
    await withPage(t, async ({ page }) => {
      await Dashboard.open(page, '?district=FC,YX&kind=complaint', { accepted: 24000 });
      const d = new Dashboard(page);
      const pdf = await d.printPdf('overview');
      const text = pdfText(pdf);
      assert.match(text, /筛选：区县：涪城区、游仙区；工单类型：投诉/);
      for (const control of ['复制链接', '打开导出文件', '显示表格', '加入演示']) {
        assert.ok(!text.includes(control), `"${control}" is not printed`);
      }
      assert.ok(pdfPages(pdf) >= 2);
      assert.ok(!/Type 3/.test(pdfFonts(pdf)));
    });
  });
});
