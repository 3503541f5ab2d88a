//! The tables that leave the dashboard: the sheets of the XLSX workbook and the CSV files, with
//! typed cells (numbers stay numbers, with the display's decimals as their format), and the names
//! of the files. One model for both formats, so a CSV holds exactly what its sheet holds.
//!
//! - CSV is UTF-8 with a byte-order mark and no `sep=` line (Excel ignores the mark after one),
//!   CRLF line ends, fields quoted where they must be. A text cell that starts with `=`, `+`,
//!   `-`, `@`, a tab or a carriage return gets a leading `'` so that a spreadsheet never runs it
//!   as a formula. A long string of digits (an id of 12 or more, or one with a leading zero) is
//!   written `="…"`, which Excel shows as that text instead of a rounded number; it is the only
//!   formula the file holds, and only ever around digits.
//! - Column widths are set from the content, counting a wide character (hanzi) as two, since a
//!   spreadsheet's own autofit counts one.

use crate::calendar::Date;
use crate::catalog::{Metric, Unit};
use crate::comparison::{Change, Compare};
use crate::dataset::Info;
use crate::display;
use crate::domain::{Kind, Members};
use crate::findings::{summary, Finding};
use crate::i18n::Lang;
use crate::kpi::Kpis;
use crate::period::Period;
use crate::problem::Problem;
use crate::report::Report;
use crate::status::Status;
use crate::views::districts::league;
use crate::views::period_goal;
use crate::warnings::warnings;
use serde::{Deserialize, Serialize};

/// How a number is shown: a count, or a decimal with this many places.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Format {
    Count,
    Decimals(u8),
}

impl Format {
    /// The display's format for a unit (`display.rs`).
    pub fn of(unit: Unit) -> Format {
        match unit {
            Unit::Count => Format::Count,
            Unit::Percent | Unit::Minutes | Unit::Hours => Format::Decimals(1),
            Unit::PerTenThousand | Unit::Score => Format::Decimals(2),
        }
    }

    /// The spreadsheet number format: "#,##0", "0.0", "0.00".
    pub fn excel(self) -> String {
        match self {
            Format::Count => "#,##0".into(),
            Format::Decimals(0) => "0".into(),
            Format::Decimals(n) => format!("0.{}", "0".repeat(usize::from(n))),
        }
    }

    fn decimals(self) -> usize {
        match self {
            Format::Count => 0,
            Format::Decimals(n) => usize::from(n),
        }
    }

    /// The number as the screen shows it (with thousands separators for counts).
    pub fn show(self, v: f64) -> String {
        match self {
            Format::Count if v >= 0.0 => display::thousands(v.round() as u64),
            _ => format!("{v:.*}", self.decimals()),
        }
    }
}

/// One cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Cell {
    Text(String),
    Number(f64, Format),
    Empty,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// A figure of `metric`: a number in its unit's format, empty when undefined.
    pub fn figure(metric: Metric, v: Option<f64>) -> Cell {
        match v.filter(|v| v.is_finite()) {
            Some(v) => Cell::Number(v, Format::of(metric.unit())),
            None => Cell::Empty,
        }
    }

    pub fn count(n: u64) -> Cell {
        Cell::Number(n as f64, Format::Count)
    }

    /// The cell as the screen shows it ("—" when empty).
    pub fn show(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number(v, f) => f.show(*v),
            Cell::Empty => display::UNDEFINED.into(),
        }
    }
}

/// One table: a sheet of the workbook, or a CSV file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sheet {
    /// Its name (≤ 31 characters, none of `[]:*?/\`).
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// The widest a column is made, in character widths.
const MAX_WIDTH: usize = 60;

/// Display width of text: 2 for a wide character (CJK, fullwidth forms), 1 otherwise.
pub fn text_width(text: &str) -> usize {
    text.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}

impl Sheet {
    /// Each column's width in character widths: its widest cell or header as shown, plus room.
    pub fn widths(&self) -> Vec<usize> {
        self.headers
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let cells = self
                    .rows
                    .iter()
                    .filter_map(|r| r.get(i))
                    .map(|c| text_width(&c.show()));
                (cells.fold(text_width(h), usize::max) + 2).min(MAX_WIDTH)
            })
            .collect()
    }

    /// The sheet as a CSV file (see the module's rules).
    pub fn csv(&self) -> Vec<u8> {
        let mut out = String::from("\u{FEFF}");
        let line = |cells: Vec<String>| cells.join(",") + "\r\n";
        out.push_str(&line(self.headers.iter().map(|h| csv_text(h)).collect()));
        for row in &self.rows {
            out.push_str(&line(row.iter().map(csv_cell).collect()));
        }
        out.into_bytes()
    }
}

fn quoted(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// A text field: formula-looking text defused, long digit strings kept as text.
fn csv_text(s: &str) -> String {
    let digits = !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if digits && (s.len() >= 12 || (s.len() > 1 && s.starts_with('0'))) {
        return format!("\"=\"\"{s}\"\"\"");
    }
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        return quoted(&format!("'{s}"));
    }
    quoted(s)
}

fn csv_cell(c: &Cell) -> String {
    match c {
        Cell::Text(s) => csv_text(s),
        // Plain digits (no thousands separators), rounded as shown.
        Cell::Number(v, f) => format!("{v:.*}", f.decimals()),
        Cell::Empty => String::new(),
    }
}

/// Characters a file name cannot hold on Windows, macOS or Linux.
fn safe(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect()
}

/// "2026-10" for a whole month, "2026-07至2026-09" for whole months, else the days.
fn period_part(p: Option<Period>, lang: Lang) -> String {
    let to = lang.pick("至", "_to_");
    let Some(p) = p else {
        return lang.pick("全部", "all").into();
    };
    let month = |d: Date| d.to_string().chars().take(7).collect::<String>();
    match p.whole_months() {
        Some(1) => month(p.from.date()),
        Some(_) => format!("{}{to}{}", month(p.from.date()), month(p.to.date())),
        None => format!("{}{to}{}", p.from.date(), p.to.date()),
    }
}

/// The districts a link selects, by name: up to three, else how many.
fn districts_part(info: &Info, report: &Report, lang: Lang) -> Option<String> {
    let names: Vec<&str> = report
        .filter
        .districts
        .iter()
        .filter_map(|&i| info.district(i).map(|d| d.name.as_str()))
        .collect();
    match names.len() {
        0 => None,
        1..=3 => Some(names.join(lang.pick("、", "+"))),
        n => Some(match lang {
            Lang::Zh => format!("{n}个{}", info.members.plural(lang)),
            Lang::En => format!("{n}-{}", info.members.plural(lang)),
        }),
    }
}

/// What a file holds, in its name: "供电服务质量_2026-10_三台县.xlsx". `what` names a part
/// ("pareto", "月度报告"), when the file is not the whole workbook.
pub fn file_name(
    info: &Info,
    report: &Report,
    what: Option<&str>,
    ext: &str,
    lang: Lang,
) -> String {
    let mut parts = vec![
        lang.pick("供电服务质量", "service-quality").to_string(),
        period_part(report.period, lang),
    ];
    parts.extend(districts_part(info, report, lang));
    parts.extend(what.map(str::to_string));
    format!("{}.{ext}", safe(&parts.join("_")))
}

/// A change as two cells: its size in its own unit, and that unit.
/// Column headings from the catalog's words.
pub(crate) fn headers(list: &[&str]) -> Vec<String> {
    list.iter().map(|h| h.to_string()).collect()
}

fn change_cells(metric: Metric, change: Option<Change>, lang: Lang) -> [Cell; 2] {
    match change {
        Some(Change::Points(d)) => [
            Cell::Number(d, Format::Decimals(1)),
            Cell::text(lang.pick("个百分点", "pp")),
        ],
        Some(Change::Relative(d)) => [Cell::Number(d, Format::Decimals(1)), Cell::text("%")],
        Some(Change::Absolute(d)) => [
            Cell::Number(d, Format::of(metric.unit())),
            Cell::text(display::unit_suffix(metric.unit(), lang)),
        ],
        None => [Cell::Empty, Cell::Empty],
    }
}

fn status_cell(status: Option<Status>, lang: Lang) -> Cell {
    status.map_or(Cell::Empty, |s| Cell::text(s.label(lang)))
}

/// The KPIs of the view: current, 环比 and 同比 values with their changes, goal and status.
pub fn kpi_sheet(info: &Info, report: &Report, lang: Lang) -> Sheet {
    let columns = [
        lang.pick("指标", "KPI"),
        lang.pick("单位", "Unit"),
        lang.pick("本期", "Period"),
        lang.pick("环比期", "Previous period"),
        lang.pick("环比变化", "Change vs previous"),
        lang.pick("环比变化单位", "Change unit"),
        lang.pick("同比期", "Same period last year"),
        lang.pick("同比变化", "Change vs last year"),
        lang.pick("同比变化单位", "Change unit"),
        lang.pick("目标", "Target"),
        lang.pick("状态", "Status"),
    ];
    let rows = Metric::ALL
        .iter()
        .map(|&m| {
            let card = crate::views::overview::card(info, report, m);
            let mut row = vec![
                Cell::text(m.label(lang)),
                Cell::text(display::unit_suffix(m.unit(), lang)),
                Cell::figure(m, card.value),
                Cell::figure(m, card.previous),
            ];
            row.extend(change_cells(m, card.vs_previous, lang));
            row.push(Cell::figure(m, card.year_before));
            row.extend(change_cells(m, card.vs_year_before, lang));
            row.push(
                card.goal
                    .map_or(Cell::Empty, |g| Cell::text(g.bound_text(lang))),
            );
            row.push(status_cell(card.status, lang));
            row
        })
        .collect();
    Sheet {
        name: lang.pick("指标", "KPIs").into(),
        headers: headers(&columns),
        rows,
    }
}

/// Every district with the ranked KPIs and, for those with a goal, their status.
pub fn district_sheet(info: &Info, report: &Report, lang: Lang) -> Sheet {
    let goals: Vec<Metric> = Metric::RANKED
        .iter()
        .copied()
        .filter(|&m| period_goal(info, report, m).is_some())
        .collect();
    let mut headers = vec![
        code_heading(info.members, lang),
        info.members.noun(lang).into(),
        lang.pick("区域类型", "Area").into(),
        lang.pick("客户数", "Customers").into(),
    ];
    for m in Metric::RANKED {
        headers.push(with_unit(m, lang));
        if goals.contains(&m) {
            headers.push(format!("{}{}", m.label(lang), lang.pick("状态", " status")));
        }
    }
    let rows = league(info, report)
        .into_iter()
        .map(|r| {
            let mut row = vec![
                Cell::text(r.code.clone()),
                Cell::text(r.name.clone()),
                Cell::text(r.area.label(lang)),
                r.customers.map_or(Cell::Empty, Cell::count),
            ];
            for cell in &r.cells {
                row.push(Cell::figure(cell.metric, cell.value));
                if goals.contains(&cell.metric) {
                    row.push(status_cell(cell.status, lang));
                }
            }
            row
        })
        .collect();
    Sheet {
        name: info.members.title(lang).into(),
        headers,
        rows,
    }
}

/// The heading of a ranking's code column: "区县编码" / "单位编码" / "Code".
fn code_heading(members: Members, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}编码", members.noun(lang)),
        Lang::En => "Code".into(),
    }
}

/// "万户投诉率（件/万户）".
pub(crate) fn with_unit(m: Metric, lang: Lang) -> String {
    let unit = display::unit_suffix(m.unit(), lang);
    match (unit.is_empty(), lang) {
        (true, _) => m.label(lang),
        (false, Lang::Zh) => format!("{}（{unit}）", m.label(lang)),
        (false, Lang::En) => format!("{} ({unit})", m.label(lang)),
    }
}

/// The complaint Pareto: count, share, cumulative share, vital few.
pub fn pareto_sheet(info: &Info, report: &Report, lang: Lang) -> Sheet {
    let k: &Kpis = &report.current;
    let total = k.complaints().max(1) as f64;
    let vital = k.vital_few.unwrap_or(0);
    let rows = k
        .pareto
        .iter()
        .enumerate()
        .map(|(i, r)| {
            vec![
                Cell::text(info.categories.get(r.category)),
                Cell::count(r.count),
                Cell::Number(r.count as f64 / total * 100.0, Format::Decimals(1)),
                Cell::Number(r.cum_pct, Format::Decimals(1)),
                Cell::text(if i < vital {
                    lang.pick("是", "yes")
                } else {
                    lang.pick("否", "no")
                }),
            ]
        })
        .collect();
    Sheet {
        name: lang.pick("投诉分类", "Complaint categories").into(),
        headers: headers(&[
            lang.pick("业务类别", "Category"),
            lang.pick("投诉件数", "Complaints"),
            lang.pick("占比（%）", "Share (%)"),
            lang.pick("累计占比（%）", "Cumulative (%)"),
            lang.pick("关键少数", "Vital few"),
        ]),
        rows,
    }
}

/// The oldest overdue tickets of the view (the list the page shows).
pub fn overdue_sheet(report: &Report, lang: Lang) -> Sheet {
    let hours = |secs: i64| Cell::Number(secs as f64 / 3600.0, Format::Decimals(1));
    let rows = report
        .overdue
        .tickets
        .iter()
        .map(|t| {
            vec![
                Cell::text(t.id.clone()),
                Cell::text(t.district.clone()),
                Cell::text(t.kind.label(lang)),
                Cell::text(t.category.clone()),
                Cell::text(t.opened.clone()),
                hours(t.age_secs),
                hours(t.past_limit_secs),
            ]
        })
        .collect();
    Sheet {
        name: lang.pick("超期工单", "Overdue").into(),
        headers: headers(&[
            lang.pick("工单编号", "Ticket id"),
            lang.pick("区县", "District"),
            lang.pick("工单类型", "Kind"),
            lang.pick("业务类别", "Category"),
            lang.pick("受理时间", "Opened"),
            lang.pick("已历时（小时）", "Age (h)"),
            lang.pick("超出时限（小时）", "Past limit (h)"),
        ]),
        rows,
    }
}

/// The early warnings with the numbers behind them.
pub fn warnings_sheet(info: &Info, report: &Report, lang: Lang) -> Sheet {
    let rows = warnings(info, report)
        .iter()
        .map(|w| {
            vec![
                Cell::text(w.code.clone()),
                Cell::text(w.name.clone()),
                Cell::text(w.metric.label(lang)),
                Cell::figure(w.metric, w.value),
                Cell::text(if w.breach {
                    lang.pick("明显未达标", "target missed by far")
                } else {
                    lang.pick("异常波动", "spike")
                }),
                Cell::text(w.reason(lang)),
                Cell::count(w.base),
            ]
        })
        .collect();
    Sheet {
        name: lang.pick("预警", "Warnings").into(),
        headers: headers(&[
            &code_heading(info.members, lang),
            info.members.noun(lang),
            lang.pick("指标", "KPI"),
            lang.pick("本期", "Period"),
            lang.pick("类型", "Rule"),
            lang.pick("依据", "Basis"),
            lang.pick("工单数", "Tickets"),
        ]),
        rows,
    }
}

/// The written findings.
pub fn findings_sheet(found: &[Finding], lang: Lang) -> Sheet {
    Sheet {
        name: lang.pick("要点", "Findings").into(),
        headers: vec![
            lang.pick("序号", "No.").into(),
            lang.pick("要点", "Finding").into(),
        ],
        rows: found
            .iter()
            .enumerate()
            .map(|(i, f)| vec![Cell::count(i as u64 + 1), Cell::text(f.text(lang))])
            .collect(),
    }
}

/// Every rejected record of the load.
pub fn rejected_sheet(problems: &[Problem], lang: Lang) -> Sheet {
    let rows = problems
        .iter()
        .map(|p| {
            vec![
                Cell::text(p.record.label(lang)),
                Cell::count(p.index as u64),
                Cell::text(p.id.clone().unwrap_or_default()),
                Cell::text(p.path.clone()),
                Cell::text(p.reason.message(lang)),
            ]
        })
        .collect();
    Sheet {
        name: lang.pick("被拒记录", "Rejected records").into(),
        headers: headers(&[
            lang.pick("记录", "Record"),
            lang.pick("序号", "Index"),
            lang.pick("编号", "Id"),
            lang.pick("位置", "Position"),
            lang.pick("原因", "Reason"),
        ]),
        rows,
    }
}

/// "2026-10-01 – 2026-10-31", or "—".
fn period_text(p: Option<Period>) -> String {
    p.map_or(display::UNDEFINED.into(), |p| {
        format!("{} – {}", p.from.date(), p.to.date())
    })
}

/// What the workbook holds: organization, periods, filters, source, export time.
pub fn about_sheet(info: &Info, report: &Report, source: &str, lang: Lang) -> Sheet {
    let districts = districts_part(info, report, lang).unwrap_or_else(|| match lang {
        Lang::Zh => format!("全部{}", info.members.plural(lang)),
        Lang::En => format!("all {}", info.members.plural(lang)),
    });
    let kinds: Vec<&str> = Kind::ALL
        .iter()
        .filter(|k| report.filter.kinds.contains(k))
        .map(|k| k.label(lang))
        .collect();
    let pairs: Vec<(&str, String)> = vec![
        (
            lang.pick("单位", "Organization"),
            info.meta.organization.clone().unwrap_or_default(),
        ),
        (lang.pick("统计期", "Period"), period_text(report.period)),
        (
            Compare::Previous.label(lang),
            period_text(report.previous_period),
        ),
        (
            Compare::YearBefore.label(lang),
            period_text(report.year_before_period),
        ),
        (info.members.title(lang), districts),
        (
            lang.pick("工单类型", "Kinds"),
            if kinds.is_empty() {
                lang.pick("全部", "all").to_string()
            } else {
                kinds.join(lang.pick("、", ", "))
            },
        ),
        (lang.pick("数据来源", "Source"), source.to_string()),
        (
            lang.pick("导出时间", "Exported at"),
            crate::calendar::local_date_time(info.meta.exported_at, info.meta.offset),
        ),
    ];
    Sheet {
        name: lang.pick("说明", "About").into(),
        headers: vec![
            lang.pick("项目", "Item").into(),
            lang.pick("内容", "Value").into(),
        ],
        rows: pairs
            .into_iter()
            .map(|(k, v)| vec![Cell::text(k), Cell::text(v)])
            .collect(),
    }
}

/// The review pack's workbook: about, KPIs, districts, complaint categories, overdue tickets,
/// warnings, findings and rejected records.
pub fn workbook(
    info: &Info,
    report: &Report,
    problems: &[Problem],
    source: &str,
    lang: Lang,
) -> Vec<Sheet> {
    let level = crate::hierarchy::Level::of(info, report);
    let (info, report) = (level.info(), level.report());
    vec![
        about_sheet(info, report, source, lang),
        kpi_sheet(info, report, lang),
        district_sheet(info, report, lang),
        pareto_sheet(info, report, lang),
        overdue_sheet(report, lang),
        warnings_sheet(info, report, lang),
        findings_sheet(&summary(info, report), lang),
        rejected_sheet(problems, lang),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_has_a_bom_defused_formulas_and_long_ids_as_text() {
        let sheet = Sheet {
            name: "t".into(),
            headers: vec!["编号".into(), "值".into(), "备注".into()],
            rows: vec![
                vec![
                    Cell::text("202610010000123"),
                    Cell::Number(-1.25, Format::Decimals(1)),
                    Cell::text("=HYPERLINK(\"x\")"),
                ],
                vec![
                    Cell::text("0042"),
                    Cell::Number(20000.0, Format::Count),
                    Cell::text("a,b \"c\""),
                ],
                vec![Cell::text("-3"), Cell::Empty, Cell::text("@SUM(A1)")],
                vec![Cell::text("12345"), Cell::Empty, Cell::text("+1")],
            ],
        };
        let bytes = sheet.csv();
        assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert_eq!(
            text,
            "编号,值,备注\r\n\
             \"=\"\"202610010000123\"\"\",-1.2,\"'=HYPERLINK(\"\"x\"\")\"\r\n\
             \"=\"\"0042\"\"\",20000,\"a,b \"\"c\"\"\"\r\n\
             '-3,,'@SUM(A1)\r\n\
             12345,,'+1\r\n"
        );
    }

    #[test]
    fn widths_count_hanzi_twice_and_formats_follow_the_display() {
        let sheet = Sheet {
            name: "t".into(),
            headers: vec!["区县".into(), "x".into()],
            rows: vec![vec![Cell::text("北川羌族自治县"), Cell::count(1_234_567)]],
        };
        assert_eq!(sheet.widths(), [16, 11]);
        assert_eq!(Format::of(Unit::Percent).excel(), "0.0");
        assert_eq!(Format::of(Unit::Count).excel(), "#,##0");
        assert_eq!(Format::of(Unit::Score).excel(), "0.00");
        assert_eq!(Cell::Number(89.66, Format::Decimals(1)).show(), "89.7");
        assert_eq!(text_width("a中"), 3);
    }

    #[test]
    fn file_names_say_what_they_hold() {
        assert_eq!(safe("a/b:c?"), "a_b_c_");
    }
}
