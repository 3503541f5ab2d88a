// Files managers already have — 311 exports, a GBK CSV and an XLSX with Chinese headers, JSON
// records — open through the mapping step: every field's column is stated with samples and how
// they read, every assumption is listed, and after `mapping-apply` the dashboard's figures equal
// an independent computation from the raw file, written here in plain JavaScript (its own CSV
// splitter and clock arithmetic, not the app's code).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Dashboard } from './dashboard.mjs';
import {
  TEST_TIMEOUT_MS,
  closeEnough,
  fixturesDir,
  generate,
  generatedDir,
  launch,
  shutdown,
  withPage,
} from './harness.mjs';

const REAL = path.resolve(fixturesDir, '..', 'real');

// --- An independent reading of the files ----------------------------------------------------

/** RFC 4180: quotes, doubled quotes, separators and line breaks inside quotes. Each record
 * carries the line it starts on (the row number a manager sees). */
function parseCsv(text, sep = ',') {
  const records = [];
  let field = '';
  let record = [];
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === sep) {
      record.push(field);
      field = '';
    } else if (c === '\r') continue;
    else if (c === '\n') {
      record.push(field);
      records.push({ line: start, cells: record });
      field = '';
      record = [];
      line++;
      start = line;
    } else field += c;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push({ line: start, cells: record });
  }
  return records;
}

/** Records as objects by header, with their line. */
function table(text, sep) {
  const [head, ...rows] = parseCsv(text, sep);
  return rows.map((r) => ({ line: r.line, ...Object.fromEntries(head.cells.map((h, i) => [h, r.cells[i] ?? ''])) }));
}

const NULLS = new Set(['', 'na', 'n/a', 'null', 'none', 'nil', 'nan', '-', '--', '—', '/', '无', '#n/a']);
const blank = (v) => NULLS.has(String(v ?? '').trim().toLowerCase());

/** UTC milliseconds of `YYYY?MM?DD?hh?mm?ss` written at `offsetHours` (an offset written in the
 * text, like "+00", wins). */
function instant(text, offsetHours) {
  const m = /^(\d{4})\D(\d{2})\D(\d{2})\D(\d{2})\D(\d{2})\D(\d{2})(?:\.\d+)?([+-]\d{2})?/.exec(text.trim());
  assert.ok(m, `not a time: ${text}`);
  const own = m[7] === undefined ? offsetHours : Number(m[7]);
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) - own * 3600_000;
}

function mean(v) {
  return v.reduce((a, b) => a + b, 0) / v.length;
}

/** Median by linear interpolation (kpis.md). */
function median(v) {
  const s = [...v].sort((a, b) => a - b);
  const h = (s.length - 1) * 0.5;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo] + (h - lo) * (s[hi] - s[lo]);
}

/**
 * The figures of a 311 export over all its days, as the v1 rules have them: a row without a
 * district is not a ticket (the mapping found no district for it), the first of two rows with
 * one id wins, "now" is the latest time in the file, every ticket is a service request (these
 * files have no kind: resolution limit 120 h).
 */
function figures311(text, cols, offsetHours) {
  const rows = table(text);
  const seen = new Set();
  const kept = [];
  const blankLines = [];
  const duplicateLines = [];
  for (const r of rows) {
    if (blank(r[cols.district])) {
      blankLines.push(r.line);
      continue;
    }
    if (seen.has(r[cols.id].trim())) {
      duplicateLines.push(r.line);
      continue;
    }
    seen.add(r[cols.id].trim());
    const opened = instant(r[cols.opened], offsetHours);
    const closed = blank(r[cols.closed]) ? null : instant(r[cols.closed], offsetHours);
    kept.push({ district: r[cols.district].trim(), opened, closed });
  }
  const now = Math.max(...kept.flatMap((k) => (k.closed === null ? [k.opened] : [k.opened, k.closed])));
  const hours = kept.filter((k) => k.closed !== null).map((k) => (k.closed - k.opened) / 3600_000);
  const open = kept.filter((k) => k.closed === null);
  const byDistrict = {};
  for (const k of kept) byDistrict[k.district] = (byDistrict[k.district] ?? 0) + 1;
  return {
    rows: rows.length,
    tickets: kept.length,
    districts: Object.keys(byDistrict).length,
    byDistrict,
    backlog: open.length,
    overdue: open.filter((k) => now - k.opened > 120 * 3600_000).length,
    meanHours: mean(hours),
    medianHours: median(hours),
    blankLines,
    duplicateLines,
  };
}

function assertClose(actual, expected, what) {
  assert.ok(closeEnough(actual, expected), `${what}: got ${actual}, expected ${expected}`);
}

/** The dashboard's figures (period "all") against the independent ones. */
async function assertFigures(d, e, t) {
  t.diagnostic(
    `expected: ${e.tickets} tickets, ${e.districts} districts, backlog ${e.backlog}, overdue ${e.overdue}, ` +
      `resolution mean ${e.meanHours.toFixed(4)} h, median ${e.medianHours.toFixed(4)} h`,
  );
  assert.equal((await d.kpi('tickets')).value, e.tickets);
  assert.equal((await d.kpi('backlog')).value, e.backlog);
  assert.equal((await d.kpi('overdue')).value, e.overdue);
  assertClose((await d.kpi('resolution_hours-mean')).value, e.meanHours, 'mean resolution hours');
  assertClose((await d.kpi('resolution_hours-median')).value, e.medianHours, 'median resolution hours');
  assert.equal((await d.kpi('complaints')).value, 0);
  assert.equal((await d.kpi('complaint_rate_per_10k')).value, null, 'no customers: no rate');
}

// --- A 95598 work-order list with Chinese headers -------------------------------------------

const HEADERS = ['工单编号', '受理时间', '供电单位', '业务类型', '诉求分类', '受理渠道', '户号', '客户分级', '首次响应时间', '到达现场时间', '办结时间', '回访满意度'];

// id, opened (October 2025: day, hour, minute, +08:00), district, kind word, category, channel,
// customer, tier, then first response, arrival and resolution in minutes after opening, score.
// 举报 is not a kind word the app knows: the manager maps it to 投诉 on the mapping page.
const ORDERS = [
  ['2510010001', [1, 8, 15], '通川区', '投诉', '电费电价', '95598', '0012345678', 'A类', 25, null, 1545, '满意'],
  ['2510010002', [1, 9, 0], '通川区', '故障报修', '停电', '95598', '0012345679', 'B', 10, 40, 180, '非常满意'],
  ['2510020003', [2, 14, 30], '达川区', '报修', '停电', '网上国网', '', '', 5, 95, 300, '5'],
  ['2510030004', [3, 10, 0], '达川区', '咨询', '电费查询', '95598', '', '', 3, null, 20, ''],
  ['2510050005', [5, 16, 45], '宣汉县', '业务办理', '新装增容', '营业厅', '0099', 'C类', 60, null, null, ''],
  ['2510060006', [6, 8, 0], '宣汉县', '投诉', '服务态度', '12398', '0099', '', 1500, null, 5000, '不满意'],
  ['2510070007', [7, 11, 11], '通川区', '意见建议', '其他', '95598', '', '', null, null, 2880, '基本满意'],
  ['2510080008', [8, 9, 30], '达川区', '表扬', '服务态度', '95598', '', 'A', null, null, null, ''],
  ['2510090009', [9, 13, 5], '宣汉县', '举报', '窃电', '95598', '0100', '', 30, null, 4320, '不满意'],
  ['2510100010', [10, 20, 40], '通川区', '查询', '电费查询', '网上国网', '', '', 2, null, 15, '满意'],
];
const CUSTOMERS = { 通川区: 215400, 达川区: 180000, 宣汉县: 125000 };
// The built-in reading of the satisfaction words, as the mapping page states it.
const SCORES = { 满意: 4, 非常满意: 5, 5: 5, 不满意: 2, 基本满意: 4 };
const KINDS = { 投诉: 'complaint', 举报: 'complaint', 故障报修: 'repair', 报修: 'repair', 咨询: 'inquiry', 查询: 'inquiry', 业务办理: 'request', 意见建议: 'suggestion', 表扬: 'praise' };
const RESOLUTION_HOURS = { complaint: 168, repair: 4, inquiry: 24, request: 120, suggestion: 168 };

/** Wall-clock minutes of an order's opening, from 2025-10-01 00:00. */
const openedMinutes = ([d, h, m]) => (d - 1) * 1440 + h * 60 + m;
const clock = (minutes) => {
  const d = Math.floor(minutes / 1440) + 1;
  return { d, h: Math.floor((minutes % 1440) / 60), m: minutes % 60 };
};

/** A local time in one of the three writings of 95598 exports. */
function written(form, minutes) {
  const { d, h, m } = clock(minutes);
  const p = (n) => String(n).padStart(2, '0');
  return [`2025/10/${d} ${h}:${p(m)}:00`, `2025-10-${p(d)} ${p(h)}:${p(m)}`, `2025年10月${d}日 ${h}时${m}分`][form % 3];
}

function orderCells(o, i) {
  const at = (after, shift) => (after === null ? '' : written(i + shift, openedMinutes(o[1]) + after));
  return [o[0], at(0, 0), o[2], o[3], o[4], o[5], o[6], o[7], at(o[8], 1), at(o[9], 2), at(o[10], 1), o[11]];
}

function ordersCsv() {
  return [HEADERS, ...ORDERS.map(orderCells)].map((r) => r.join(',')).join('\r\n') + '\r\n';
}

/** The figures of ORDERS over all their days, by kpis.md, with 举报 counted as a complaint. */
function ordersFigures() {
  const t = ORDERS.map((o) => ({
    district: o[2],
    kind: KINDS[o[3]],
    opened: openedMinutes(o[1]),
    fr: o[8],
    arrival: o[9],
    resolved: o[10],
    score: o[11] === '' ? null : SCORES[o[11]],
  }));
  const now = Math.max(...t.flatMap((x) => [x.opened, ...[x.fr, x.arrival, x.resolved].filter((v) => v !== null).map((v) => x.opened + v)]));
  const scores = t.map((x) => x.score).filter((s) => s !== null);
  const open = t.filter((x) => x.resolved === null);
  const complaints = t.filter((x) => x.kind === 'complaint').length;
  const customers = Object.values(CUSTOMERS).reduce((a, b) => a + b, 0);
  return {
    tickets: t.length,
    complaints,
    backlog: open.length,
    overdue: open.filter((x) => RESOLUTION_HOURS[x.kind] !== undefined && now - x.opened > RESOLUTION_HOURS[x.kind] * 60).length,
    meanHours: mean(t.filter((x) => x.resolved !== null).map((x) => x.resolved / 60)),
    medianHours: median(t.filter((x) => x.resolved !== null).map((x) => x.resolved / 60)),
    firstResponseMedian: median(t.filter((x) => x.fr !== null).map((x) => x.fr)),
    arrivalMedian: median(t.filter((x) => x.kind === 'repair' && x.arrival !== null).map((x) => x.arrival)),
    satisfactionMean: mean(scores),
    csat: (scores.filter((s) => s >= 4).length / scores.length) * 100,
    rate: (complaints / customers) * 10000,
    nowIso: (({ d, h, m }) => `2025-10-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00+08:00`)(clock(now)),
  };
}

async function assertOrders(d, withCustomers, t) {
  const e = ordersFigures();
  t.diagnostic(`expected: ${JSON.stringify(e)}`);
  for (const [key, value] of [
    ['tickets', e.tickets],
    ['complaints', e.complaints],
    ['backlog', e.backlog],
    ['overdue', e.overdue],
  ]) {
    assert.equal((await d.kpi(key)).value, value, key);
  }
  assertClose((await d.kpi('resolution_hours-mean')).value, e.meanHours, 'mean resolution');
  assertClose((await d.kpi('resolution_hours-median')).value, e.medianHours, 'median resolution');
  assertClose((await d.kpi('first_response_min-median')).value, e.firstResponseMedian, 'median first response');
  assertClose((await d.kpi('repair_arrival_min-median')).value, e.arrivalMedian, 'median repair arrival');
  assertClose((await d.kpi('satisfaction_mean')).value, e.satisfactionMean, 'satisfaction');
  assertClose((await d.kpi('csat_pct')).value, e.csat, 'csat');
  const rate = (await d.kpi('complaint_rate_per_10k')).value;
  if (withCustomers) assertClose(rate, e.rate, 'complaint rate');
  else assert.equal(rate, null);
}

/** Writes the Chinese list as a GBK CSV (iconv: what a Chinese Windows' Excel saves). */
function gbkCsv() {
  const file = path.join(generatedDir, '95598工单明细-GBK.csv');
  mkdirSync(generatedDir, { recursive: true });
  writeFileSync(file, execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GBK'], { input: ordersCsv() }));
  return file;
}

/**
 * The Chinese list as an XLSX written by openpyxl: a first sheet of notes, then 工单明细 with
 * ids as numbers, opening times as Excel date cells, first responses as bare serial numbers,
 * arrivals and resolutions as text, a score as a number.
 */
function xlsxFile() {
  const file = path.join(generatedDir, '95598工单明细.xlsx');
  mkdirSync(generatedDir, { recursive: true });
  const rows = ORDERS.map((o, i) => ({ cells: orderCells(o, i), opened: o[1], fr: o[8] }));
  const script = `
import json, sys, datetime
from openpyxl import Workbook
data = json.loads(sys.stdin.read())
wb = Workbook()
notes = wb.active
notes.title = '说明'
for row in [['项目', '内容'], ['导出人', '张三'], ['范围', '2025年10月']]:
    notes.append(row)
ws = wb.create_sheet('工单明细')
ws.append(data['headers'])
base = datetime.datetime(1899, 12, 30)
for r in data['rows']:
    cells = r['cells']
    d, h, m = r['opened']
    opened = datetime.datetime(2025, 10, d, h, m)
    row = [int(cells[0]), opened] + cells[2:]
    if r['fr'] is not None:
        row[8] = ((opened + datetime.timedelta(minutes=r['fr'])) - base).total_seconds() / 86400
    if cells[11] == '5':
        row[11] = 5
    ws.append(row)
    ws.cell(row=ws.max_row, column=2).number_format = 'yyyy-mm-dd hh:mm'
wb.save(sys.argv[1])
`;
  execFileSync('/usr/bin/python3', ['-c', script, file], { input: JSON.stringify({ headers: HEADERS, rows }) });
  return file;
}

function customersCsv() {
  const file = path.join(generatedDir, '客户数.csv');
  writeFileSync(file, '供电单位,客户数\n' + Object.entries(CUSTOMERS).map(([k, v]) => `${k},${v}`).join('\n') + '\n');
  return file;
}

/** Checks the detected columns of the Chinese list and answers its one question (举报). */
async function mapOrders(d) {
  for (const [i, role] of ['id', 'opened', 'district', 'kind', 'category', 'channel', 'customer_id', 'tier', 'first_response', 'arrival', 'resolved', 'satisfaction'].entries()) {
    assert.equal((await d.mappingRole(role)).header, HEADERS[i], role);
  }
  const kinds = await d.mappingWords('mapping-kind-word');
  assert.equal(kinds['举报'], '', '举报 is asked, not guessed');
  assert.equal(kinds['投诉'], 'complaint');
  assert.equal(kinds['报修'], 'repair');
  assert.equal(kinds['查询'], 'inquiry');
  assert.equal(kinds['业务办理'], 'request');
  const asked = (await d.mappingAssumptions()).filter((a) => a.needsAnswer);
  assert.equal(asked.length, 1, JSON.stringify(asked));
  assert.match(asked[0].text, /举报/);
  assert.equal(await d.mappingApplyEnabled(), false, 'a question is open');
  assert.match(await d.text('mapping-blocked'), /举报/);
  assert.deepEqual(await d.mappingWords('mapping-score-word'), { 满意: '4', 非常满意: '5', 5: '5', 不满意: '2', 基本满意: '4' });
  assert.deepEqual(await d.mappingWords('mapping-tier-word'), { A类: 'A', B: 'B', C类: 'C', A: 'A' });
  await d.mapWord('mapping-kind-word', '举报', 'complaint');
  assert.ok(await d.mappingApplyEnabled());
}

describe('files that are not v1 exports, through the mapping step', { timeout: TEST_TIMEOUT_MS * 3 }, () => {
  before(launch);
  after(shutdown);

  test('Baltimore 311: detected mapping stated, figures equal the raw file', async (t) => {
    const file = 'baltimore311_2018_sample500.csv';
    const e = figures311(readFileSync(path.join(REAL, file), 'utf8'), {
      id: 'servicerequestnum',
      opened: 'createddate',
      closed: 'closedate',
      district: 'neighborhood',
    }, 0);
    await withPage(t, async ({ page }) => {
      const d = await Dashboard.openMapping(page, `?data=shared/real/${file}&preset=all`);
      const expectColumns = {
        id: 'servicerequestnum',
        opened: 'createddate',
        district: 'neighborhood',
        category: 'srtype',
        channel: 'methodreceived',
        resolved: 'closedate',
        kind: '',
        satisfaction: '',
      };
      for (const [role, header] of Object.entries(expectColumns)) {
        assert.equal((await d.mappingRole(role)).header, header, role);
      }
      const opened = await d.mappingRole('opened');
      assert.equal(opened.samples.length, 5);
      assert.deepEqual(opened.samples[0], { row: 2, ok: true, raw: '2018/05/08 07:51:45+00', reading: '2018-05-08T07:51:45+00:00' });
      assert.match(opened.found, /createddate/);
      const stated = (await d.mappingAssumptions()).map((a) => a.code);
      for (const code of ['own_offsets', 'kind_not_given', 'districts_from_data', 'district_blank', 'customers_not_given', 'exported_at_latest']) {
        assert.ok(stated.includes(code), `${code} is stated: ${stated}`);
      }
      assert.ok(await d.mappingApplyEnabled(), 'nothing to answer: the file may load');
      await d.applyMapping(e.tickets);
      await assertFigures(d, e, t);
      assert.deepEqual(await d.mappedBanner(), { rows: e.rows, notConverted: e.blankLines.length });
      assert.equal(Number(await d.attr('rejected-count')), e.blankLines.length, 'rows not converted are counted as rejected');
      assert.match(await d.waitForParam('map'), /^m1\./);
      assert.equal(d.param('data'), `shared/real/${file}`);
      await d.tab('districts');
      await d.waitReady();
      assert.deepEqual(await d.districtTickets(), e.byDistrict);
      await d.tab('quality');
      await d.waitReady();
      const notConverted = await d.rowsNotConverted();
      assert.deepEqual(notConverted.map((r) => r.row), e.blankLines, 'the sheet rows without a district');
      assert.ok(notConverted.every((r) => r.code === 'no_district'));
      assert.match(await d.text('mapping-problem-table'), /第 \d+ 行/);
    });
  });
  test('Boston 311: the timezone is chosen on the page, figures equal the raw file', async (t) => {
    const file = 'boston311_100.csv';
    const e = figures311(readFileSync(path.join(REAL, file), 'utf8'), {
      id: 'case_enquiry_id',
      opened: 'open_dt',
      closed: 'closed_dt',
      district: 'neighborhood',
    }, -5);
    await withPage(t, async ({ page }) => {
      const d = await Dashboard.openMapping(page, `?data=shared/real/${file}&preset=all`);
      assert.equal((await d.mappingRole('opened')).header, 'open_dt');
      assert.equal((await d.mappingRole('resolved')).header, 'closed_dt');
      assert.equal((await d.mappingRole('district')).header, 'neighborhood');
      // No offset in the data: +08:00 is assumed and said; Boston is on EST.
      const zone = (await d.mappingAssumptions()).find((a) => a.code === 'timezone');
      assert.match(zone.text, /\+08:00/);
      await d.chooseTimezone(-300);
      assert.match((await d.mappingAssumptions()).find((a) => a.code === 'timezone').text, /-05:00/);
      // A column taken away is said to be missing, with what follows; chosen again, it says so.
      await d.chooseMappingColumn('channel', null);
      const missing = (await d.mappingAssumptions()).filter((a) => a.code === 'role_missing').map((a) => a.text);
      assert.ok(missing.some((text) => text.includes('受理渠道') && text.includes('未知渠道')), missing.join(' | '));
      await d.chooseMappingColumn('channel', 'source');
      assert.equal((await d.mappingRole('channel')).found, '已选择');
      assert.equal((await d.mappingRole('opened')).samples[0].reading, '2022-01-21T13:47:00-05:00');
      await d.applyMapping(e.tickets);
      await assertFigures(d, e, t);
      assert.match(await d.waitForParam('map'), /\.Z-300/);
    });
  });

  test('St. Louis: NA stated as empty, duplicate ids rejected by the loader with their sheet rows', async (t) => {
    const file = 'stlouis_csb_2018_01.csv';
    const e = figures311(readFileSync(path.join(REAL, file), 'utf8'), {
      id: 'requestid',
      opened: 'datetimeinit',
      closed: 'datetimeclosed',
      district: 'neighborhood',
    }, -6);
    await withPage(t, async ({ page }) => {
      const d = await Dashboard.openMapping(page, `?data=shared/real/${file}&preset=all`);
      assert.equal((await d.mappingRole('id')).header, 'requestid');
      assert.equal((await d.mappingRole('tier')).header, '', 'address types A/B are not customer tiers');
      const nulls = (await d.mappingAssumptions()).filter((a) => a.code === 'null_words').map((a) => a.text);
      assert.ok(nulls.some((text) => text.includes('办结时间') && text.includes('NA')), nulls.join(' | '));
      await d.chooseTimezone(-360);
      await d.applyMapping(e.tickets);
      await assertFigures(d, e, t);
      await d.tab('quality');
      await d.waitReady();
      assert.deepEqual((await d.rowsNotConverted()).map((r) => r.row), e.blankLines);
      const duplicates = (await d.rejectedRecords()).filter((r) => r.code === 'duplicate_id');
      assert.deepEqual(duplicates.map((r) => r.row), e.duplicateLines, 'each duplicate cites its CSV line');
      assert.ok(duplicates[0].text.includes(`第 ${e.duplicateLines[0]} 行`));
      // The download cites the same lines: the engine reads them from the sheet's rows sent with the request.
      const listed = JSON.parse((await d.download('download-problems')).bytes.toString('utf8'));
      assert.deepEqual(listed.filter((p) => p.code === 'duplicate_id').map((p) => p.row), e.duplicateLines);
      assert.equal(Number(await d.attr('rejected-count')), e.blankLines.length + e.duplicateLines.length);
    });
  });

  test('a GBK CSV with Chinese headers: one unknown word asked, figures by hand, kept over a reload', async (t) => {
    const file = gbkCsv();
    await withPage(t, async ({ page }) => {
      const d = await Dashboard.open(page, '?preset=all');
      await d.openFile(file);
      await d.waitMapping();
      assert.match(await d.text('mapping-file'), /CSV/);
      assert.ok((await d.mappingAssumptions()).some((a) => a.code === 'encoding' && /GBK/.test(a.text)), 'the encoding is stated');
      // Read as UTF-8 instead, the headers are garbled: times may still be found by their
      // content, but not the Chinese columns, so nothing can be applied; GBK again, all is.
      assert.equal(await d.mappingValue('mapping-encoding'), 'gb18030');
      await d.chooseEncoding('utf8');
      assert.notEqual((await d.mappingRole('opened')).header, HEADERS[1]);
      assert.equal((await d.mappingRole('kind')).header, '');
      assert.equal(await d.mappingApplyEnabled(), false);
      await d.chooseEncoding('gb18030');
      await mapOrders(d);
      // Customers from a second small file; one district made rural.
      await d.loadCustomersFile(customersCsv());
      await d.setDistrictArea('宣汉县', 'rural');
      assert.ok(!(await d.mappingAssumptions()).some((a) => a.code.startsWith('customers_')));
      const stated = (await d.mappingAssumptions()).find((a) => a.code === 'exported_at_latest');
      assert.ok(stated.text.includes(ordersFigures().nowIso), `"now" is the latest time, stated: ${stated.text}`);
      await d.applyMapping(ORDERS.length);
      await assertOrders(d, true, t);
      assert.equal(await d.waitForParam('file'), '95598工单明细-GBK.csv');
      assert.equal(d.param('data'), null);
      assert.match(d.param('map'), /\.Ar/, 'the rural district travels in the link');
      // A reload opens the same local file with the same mapping, straight to the dashboard.
      await d.reload();
      await assertOrders(d, true, t);
      assert.deepEqual(await d.mappedBanner(), { rows: ORDERS.length, notConverted: 0 });
      assert.equal(await d.exists('mapping-page'), false);
      // The link cannot carry the file, and says so when copied.
      await d.copyLink();
      assert.match(await d.text('copy-note'), /本地文件/);
      // The converted data downloads as a v1 export; the mapping as JSON.
      const exportFile = await d.download('mapping-download-export');
      assert.equal(exportFile.name, '95598工单明细-GBK-看板格式.json');
      const exported = JSON.parse(exportFile.bytes);
      assert.equal(exported.format, 'service-kpi-export');
      assert.equal(exported.tickets.length, ORDERS.length);
      assert.equal(exported.exported_at, ordersFigures().nowIso);
      assert.deepEqual(exported.districts.map((x) => [x.code, x.area, x.customers]), [
        ['通川区', 'urban', 215400],
        ['达川区', 'urban', 180000],
        ['宣汉县', 'rural', 125000],
      ]);
      assert.equal(exported.tickets.find((x) => x.id === '2510090009').kind, 'complaint', '举报 as mapped');
      const mappingFile = await d.download('mapping-download-mapping');
      assert.equal(mappingFile.name, '95598工单明细-GBK-映射.json');
      const mappingJson = mappingFile.bytes.toString('utf8');
      const mapping = JSON.parse(mappingJson);
      assert.equal(mapping.kind_words['举报'], 'Complaint');
      assert.match(mapping.layout, /^[0-9a-f]{16}$/);
      // That file, loaded on another computer (a fresh browser) with the same export, answers
      // the mapping step's question.
      const saved = path.join(generatedDir, 'mapping.json');
      writeFileSync(saved, mappingJson);
      await withPage(t, async ({ page: other }) => {
        const o = await Dashboard.open(other, '?preset=all');
        await o.openFile(file);
        await o.waitMapping();
        assert.equal(await o.mappingApplyEnabled(), false);
        await o.importMapping(saved);
        assert.ok(await o.mappingApplyEnabled(), 'the imported mapping answers 举报');
        await o.applyMapping(ORDERS.length);
        await assertOrders(o, true, t);
      });
    });
  });

  test('an XLSX with Chinese headers: the data sheet chosen, Excel dates and serials read', async (t) => {
    const file = xlsxFile();
    await withPage(t, async ({ page }) => {
      const d = await Dashboard.open(page, '?preset=all');
      await d.openFile(file);
      await d.waitMapping();
      assert.match(await d.text('mapping-file'), /Excel/);
      assert.equal((await d.mappingRole('opened')).header, '', 'the notes sheet has no times');
      assert.equal(await d.mappingApplyEnabled(), false);
      await d.chooseSheet('工单明细');
      await mapOrders(d);
      const opened = await d.mappingRole('opened');
      assert.equal(opened.samples[0].raw, '2025-10-01 08:15:00');
      assert.equal(opened.samples[0].reading, '2025-10-01T08:15:00+08:00');
      assert.equal((await d.mappingRole('id')).samples[0].raw, '2510010001', 'an id typed as a number keeps its digits');
      assert.ok(
        (await d.mappingAssumptions()).some((a) => a.code === 'numbers_as_dates' && a.text.includes('首次响应时间')),
        'bare numbers read as Excel dates are stated',
      );
      await d.applyMapping(ORDERS.length);
      await assertOrders(d, false, t);
      assert.match(await d.waitForParam('map'), /\.S/, 'the sheet travels with the mapping');
    });
  });

  test('JSON records and NDJSON by link and by picker', async (t) => {
    const records = ORDERS.map((o, i) => Object.fromEntries(HEADERS.map((h, c) => [h, orderCells(o, i)[c]])));
    const json = generate('orders.json', JSON.stringify(records));
    const ndjson = path.join(generatedDir, 'orders.ndjson');
    writeFileSync(ndjson, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    await withPage(t, async ({ page }) => {
      let d = await Dashboard.openMapping(page, `?data=${json}&preset=all`);
      assert.match(await d.text('mapping-file'), /JSON/);
      await mapOrders(d);
      await d.applyMapping(ORDERS.length);
      await assertOrders(d, false, t);
      // The same columns as NDJSON: the mapping confirmed a moment ago is remembered for this
      // layout (localStorage, by header signature) and answers every question, so the file
      // loads without the step; the banner says it was mapped and leads back to the step.
      d = await Dashboard.open(page, '?preset=all');
      await d.openFile(ndjson);
      await d.waitReady(ORDERS.length);
      await assertOrders(d, false, t);
      assert.deepEqual(await d.mappedBanner(), { rows: ORDERS.length, notConverted: 0 });
      await d.editMapping();
      assert.match(await d.text('mapping-file'), /NDJSON/);
      assert.ok((await d.mappingNotes()).some((n) => n.includes('映射')), 'the step says which mapping it shows');
      assert.equal((await d.mappingWords('mapping-kind-word'))['举报'], 'complaint');
    });
  });

  test('dates that could be day/month or month/day are asked; UTF-8 with BOM, semicolons, date-only', async (t) => {
    const lines = [
      'Ticket No;Created;District;Type;Closed',
      '1;03/10/2025 08:00;North;Complaint;04/10/2025 14:00',
      '2;05/10/2025;North;Repair;05/10/2025 06:00',
      '3;07/10/2025 09:30;South;Inquiry;',
    ];
    const file = generate('ambiguous.csv', '\uFEFF' + lines.join('\r\n') + '\r\n');
    await withPage(t, async ({ page }) => {
      const d = await Dashboard.openMapping(page, `?data=${file}&preset=all`);
      const asked = (await d.mappingAssumptions()).find((a) => a.code === 'date_order_asked');
      assert.ok(asked?.needsAnswer, 'the order is asked');
      assert.ok((await d.mappingAssumptions()).some((a) => a.code === 'delimiter' && /分号/.test(a.text)));
      // "Type" is a category's header, but its values are kind words: the kind, said so.
      const kind = await d.mappingRole('kind');
      assert.equal(kind.header, 'Type');
      assert.match(kind.found, /按内容判断/);
      assert.equal((await d.mappingRole('opened')).samples[0].ok, false);
      assert.equal(await d.mappingApplyEnabled(), false);
      await d.chooseDateOrder('day_first');
      assert.equal((await d.mappingRole('opened')).samples[0].reading, '2025-10-03T08:00:00+08:00');
      assert.ok((await d.mappingAssumptions()).some((a) => a.code === 'date_only'), 'a date without a time is stated');
      // "Now" typed by the manager: the open inquiry (24 h) is overdue by then.
      await d.setExportedAt('2025-10-31 08:00');
      assert.equal(await d.mappingValue('mapping-exported-at'), '2025-10-31 08:00:00');
      assert.ok(!(await d.mappingAssumptions()).some((a) => a.code === 'exported_at_latest'), 'no default once typed');
      await d.applyMapping(3);
      assert.equal((await d.kpi('backlog')).value, 1);
      assert.equal((await d.kpi('overdue')).value, 1);
      assert.equal(await d.text('period'), '2025-10-03 – 2025-10-07');
      // 30 h and 6 h (the date-only opening counts from 00:00).
      assertClose((await d.kpi('resolution_hours-mean')).value, 18, 'mean resolution');
      assert.equal((await d.kpi('complaints')).value, 1);
      assert.match(d.param('map'), /\.Dd\..*N20251031080000/);
    });
  });

  test('a file dropped on the page goes through the same step', async (t) => {
    await withPage(t, async ({ page }) => {
      const d = await Dashboard.open(page, '?preset=all');
      await d.dropFile('boston311_100.csv', readFileSync(path.join(REAL, 'boston311_100.csv')));
      await d.waitMapping();
      assert.equal((await d.mappingRole('id')).header, 'case_enquiry_id');
    });
  });

  test('an error never replaces the dashboard on show, and the mapping step can be left', async (t) => {
    const broken = path.join(generatedDir, '工单.xlsx');
    writeFileSync(broken, Buffer.from('PK\x03\x04 not really a workbook'));
    const pdf = path.join(generatedDir, '说明.csv');
    writeFileSync(pdf, Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(200, 0)]));
    await withPage(t, async ({ page }) => {
      const d = await Dashboard.open(page, '?preset=all', { accepted: 24000 });
      const before = (await d.kpi('tickets')).value;
      await d.openFile(broken);
      await d.waitForError();
      assert.match(await d.text('load-error'), /Excel 文件打不开.*请重新下载/);
      assert.equal((await d.kpi('tickets')).value, before, 'the sample is still on show');
      assert.match(await d.text('load-error'), /仍显示此前已加载的数据/);
      await d.openFile(pdf);
      await d.waitForError();
      assert.match(await d.text('load-error'), /无法识别这个文件.*请在系统中把工单明细导出为 Excel 或 CSV/);
      // A mapping step left with "cancel": the dashboard as it was, the link unchanged.
      const url = d.url().href;
      await d.openFile(path.join(REAL, 'boston311_100.csv'));
      await d.waitMapping();
      await d.cancelMapping();
      await d.waitReady(24000);
      assert.equal((await d.kpi('tickets')).value, before);
      assert.equal(d.url().href, url);
      // An English reader gets the English message.
      await d.goto('?preset=all&lang=en');
      await d.openFile(broken);
      await d.waitForError();
      assert.match(await d.text('load-error'), /The Excel file cannot be opened/);
    });
  });

  test('a link to a local file opened where the file is not kept says what to do', async (t) => {
    await withPage(t, async ({ page }) => {
      const d = await Dashboard.open(page, '?file=%E5%B7%A5%E5%8D%95.csv&map=m1.i0.o1', { expectError: true });
      assert.match(await d.text('load-error'), /本机文件 工单\.csv.*请用「打开导出文件」重新选择该文件/);
    });
  });

  test('screenshots of the mapping step at 390 and 1920 px, in Chinese and English', async (t) => {
    const file = gbkCsv();
    for (const [width, height] of [[390, 844], [1920, 1080]]) {
      for (const lang of ['zh', 'en']) {
        await withPage(
          t,
          async ({ page }) => {
            const d = await Dashboard.open(page, `?preset=all&lang=${lang}`);
            await d.openFile(file);
            await d.waitMapping();
            assert.equal(await d.horizontalOverflow(), 0, `nothing wider than ${width} px: ${await d.widerThanPage()}`);
            await d.screenshotWhole(`mapping-${width}-${lang}`);
          },
          { viewport: { width, height } },
        );
      }
    }
  });
});
