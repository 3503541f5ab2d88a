//! The monthly service-quality report (`view=report`), in the order of the national 12398
//! monthly bulletin: 总量 (volume, 同比/环比), 分类 (by kind and by category), 区域 (a district
//! ranking with status), 前N (the top categories and districts), 主要问题 (findings and early
//! warnings), 时限与满意度. Each section is sentences written from the figures (`findings.rs`)
//! and tables (`export.rs`), so the page, the printed PDF and the workbook say the same.

use crate::catalog::{Duration, Metric, Stat};
use crate::dataset::Info;
use crate::display;
use crate::domain::Kind;
use crate::export::{headers, kpi_sheet, warnings_sheet, Cell, Format, Sheet};
use crate::findings::{self, Finding};
use crate::i18n::Lang;
use crate::report::Report;
use crate::views::districts::{league, sort_rows, Sort};
use crate::views::period_goal;
use serde::{Deserialize, Serialize};

/// Rows of a "top N" table.
pub const TOP_N: usize = 5;

/// One section of the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// Stable id (`volume`, `kinds`, `districts`, `top`, `issues`, `service`).
    pub id: String,
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub tables: Vec<Sheet>,
}

/// The report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bulletin {
    pub title: String,
    pub sections: Vec<Section>,
}

impl Bulletin {
    /// Its tables, each named after its section, for the workbook.
    pub fn sheets(&self) -> Vec<Sheet> {
        self.sections
            .iter()
            .flat_map(|s| s.tables.iter().cloned())
            .collect()
    }
}

fn texts(found: impl IntoIterator<Item = Option<Finding>>, lang: Lang) -> Vec<String> {
    found.into_iter().flatten().map(|f| f.text(lang)).collect()
}

/// The rows of the KPI sheet for `metrics`, under another name.
fn kpi_rows(info: &Info, report: &Report, metrics: &[Metric], name: &str, lang: Lang) -> Sheet {
    let all = kpi_sheet(info, report, lang);
    Sheet {
        name: name.into(),
        headers: all.headers,
        rows: Metric::ALL
            .iter()
            .zip(all.rows)
            .filter(|(m, _)| metrics.contains(m))
            .map(|(_, r)| r)
            .collect(),
    }
}

/// A relative change of a count, as a number of per cent (undefined from zero).
fn relative(now: u64, before: u64) -> Cell {
    if before == 0 {
        return Cell::Empty;
    }
    Cell::Number(
        (now as f64 - before as f64) / before as f64 * 100.0,
        Format::Decimals(1),
    )
}

fn volume(info: &Info, report: &Report, lang: Lang) -> Section {
    let metrics = [
        Metric::Tickets,
        Metric::Complaints,
        Metric::ComplaintRate,
        Metric::Backlog,
        Metric::Overdue,
    ];
    Section {
        id: "volume".into(),
        heading: lang.pick("一、总量", "1. Volume").into(),
        paragraphs: texts(
            [Metric::Tickets, Metric::Complaints, Metric::ComplaintRate]
                .map(|m| findings::figure(info, report, m)),
            lang,
        ),
        tables: vec![kpi_rows(
            info,
            report,
            &metrics,
            lang.pick("总量", "Volume"),
            lang,
        )],
    }
}

fn kinds(info: &Info, report: &Report, lang: Lang) -> Section {
    let (now, prev, yoy) = (
        &report.current.counts,
        &report.previous.counts,
        &report.year_before.counts,
    );
    let total = now.tickets.max(1) as f64;
    let by_kind = Sheet {
        name: lang.pick("分类-类型", "By kind").into(),
        headers: headers(&[
            lang.pick("工单类型", "Kind"),
            lang.pick("本期（件）", "Period"),
            lang.pick("占比（%）", "Share (%)"),
            lang.pick("环比期（件）", "Previous period"),
            lang.pick("环比变化（%）", "Change vs previous (%)"),
            lang.pick("同比期（件）", "Same period last year"),
            lang.pick("同比变化（%）", "Change vs last year (%)"),
        ]),
        rows: Kind::ALL
            .iter()
            .map(|&k| {
                let (n, p, y) = (now.count(k), prev.count(k), yoy.count(k));
                vec![
                    Cell::text(k.label(lang)),
                    Cell::count(n),
                    Cell::Number(n as f64 / total * 100.0, Format::Decimals(1)),
                    Cell::count(p),
                    relative(n, p),
                    Cell::count(y),
                    relative(n, y),
                ]
            })
            .collect(),
    };
    let mut by_category = crate::export::pareto_sheet(info, report, lang);
    by_category.name = lang.pick("分类-投诉类别", "By category").into();
    let largest = Kind::ALL
        .iter()
        .max_by_key(|k| (now.count(**k), std::cmp::Reverse(k.index())))
        .copied()
        .unwrap_or(Kind::Repair);
    let share = display::number(
        crate::catalog::Unit::Percent,
        Some(now.count(largest) as f64 / total * 100.0),
    );
    let lead = match lang {
        Lang::Zh => format!(
            "按类型，{}最多，{} 件，占 {share}%。",
            largest.label(lang),
            display::thousands(now.count(largest))
        ),
        Lang::En => format!(
            "By kind, {} lead with {}, {share}% of all tickets.",
            largest.label(lang),
            display::thousands(now.count(largest))
        ),
    };
    let mut paragraphs = vec![lead];
    paragraphs.extend(texts([findings::vital_few(info, report)], lang));
    Section {
        id: "kinds".into(),
        heading: lang.pick("二、分类", "2. By kind and category").into(),
        paragraphs,
        tables: vec![by_kind, by_category],
    }
}

fn districts(info: &Info, report: &Report, lang: Lang) -> Section {
    let shown = [
        Metric::Tickets,
        Metric::Complaints,
        Metric::ComplaintRate,
        Metric::FirstResponsePct,
        Metric::RepairArrivalPct,
        Metric::ResolutionPct,
        Metric::SatisfactionMean,
    ];
    let rate_goal = period_goal(info, report, Metric::ComplaintRate).is_some();
    let mut rows = league(info, report);
    rows.retain(|r| r.value(Metric::Tickets).is_some_and(|t| t > 0.0));
    // Worst complaint rate first; districts without one last, in file order.
    sort_rows(
        &mut rows,
        Some(Sort {
            metric: Metric::ComplaintRate,
            descending: true,
        }),
    );
    let mut head = vec![
        lang.pick("排名", "Rank").to_string(),
        info.members.noun(lang).into(),
    ];
    head.extend(shown.iter().map(|m| crate::export::with_unit(*m, lang)));
    if rate_goal {
        head.push(lang.pick("万户投诉率状态", "Complaint rate status").into());
    }
    let table = Sheet {
        name: lang.pick("区域排名", "District ranking").into(),
        headers: head,
        rows: rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let mut row = vec![Cell::count(i as u64 + 1), Cell::text(r.name.clone())];
                row.extend(shown.iter().map(|&m| Cell::figure(m, r.value(m))));
                if rate_goal {
                    let status = r
                        .cells
                        .iter()
                        .find(|c| c.metric == Metric::ComplaintRate)
                        .and_then(|c| c.status);
                    row.push(status.map_or(Cell::Empty, |s| Cell::text(s.label(lang))));
                }
                row
            })
            .collect(),
    };
    let mut paragraphs = texts(
        [findings::extremes(info, report, Metric::ComplaintRate)],
        lang,
    );
    paragraphs.extend(
        findings::worst(info, report, 1)
            .iter()
            .map(|f| f.text(lang)),
    );
    Section {
        id: "districts".into(),
        heading: match lang {
            Lang::Zh => "三、区域".into(),
            Lang::En => format!("3. By {}", info.members.singular(lang)),
        },
        paragraphs,
        tables: vec![table],
    }
}

fn top(info: &Info, report: &Report, lang: Lang) -> Section {
    let previous: Vec<(u32, u64)> = report
        .previous
        .pareto
        .iter()
        .map(|r| (r.category, r.count))
        .collect();
    let categories = Sheet {
        name: lang.pick("前N-投诉类别", "Top categories").into(),
        headers: headers(&[
            lang.pick("排名", "Rank"),
            lang.pick("业务类别", "Category"),
            lang.pick("本期投诉（件）", "Complaints"),
            lang.pick("环比期（件）", "Previous period"),
            lang.pick("环比变化（件）", "Change (complaints)"),
        ]),
        rows: report
            .current
            .pareto
            .iter()
            .take(TOP_N)
            .enumerate()
            .map(|(i, r)| {
                let before = previous
                    .iter()
                    .find(|(c, _)| *c == r.category)
                    .map_or(0, |p| p.1);
                vec![
                    Cell::count(i as u64 + 1),
                    Cell::text(info.categories.get(r.category)),
                    Cell::count(r.count),
                    Cell::count(before),
                    Cell::Number(r.count as f64 - before as f64, Format::Count),
                ]
            })
            .collect(),
    };
    let mut by_complaints: Vec<(String, u64, u64)> = report
        .districts
        .iter()
        .filter_map(|f| {
            let d = info.district(f.index)?;
            Some((
                d.name.clone(),
                f.current.complaints(),
                f.previous.complaints(),
            ))
        })
        .filter(|x| x.1 > 0)
        .collect();
    by_complaints.sort_by_key(|x| std::cmp::Reverse(x.1));
    let total = report.current.complaints().max(1) as f64;
    let districts = Sheet {
        name: match lang {
            Lang::Zh => format!("前N-{}", info.members.plural(lang)),
            Lang::En => format!("Top {}", info.members.plural(lang)),
        },
        headers: headers(&[
            lang.pick("排名", "Rank"),
            info.members.noun(lang),
            lang.pick("本期投诉（件）", "Complaints"),
            lang.pick("占比（%）", "Share (%)"),
            lang.pick("环比期（件）", "Previous period"),
        ]),
        rows: by_complaints
            .into_iter()
            .take(TOP_N)
            .enumerate()
            .map(|(i, (name, n, before))| {
                vec![
                    Cell::count(i as u64 + 1),
                    Cell::text(name),
                    Cell::count(n),
                    Cell::Number(n as f64 / total * 100.0, Format::Decimals(1)),
                    Cell::count(before),
                ]
            })
            .collect(),
    };
    let lead = match lang {
        Lang::Zh => format!(
            "投诉最多的 {TOP_N} 个业务类别与 {TOP_N} 个{}如下。",
            info.members.plural(lang)
        ),
        Lang::En => format!(
            "The {TOP_N} categories and the {TOP_N} {} with most complaints.",
            info.members.plural(lang)
        ),
    };
    Section {
        id: "top".into(),
        heading: lang.pick("四、前N", "4. Top N").into(),
        paragraphs: vec![lead],
        tables: vec![categories, districts],
    }
}

fn issues(info: &Info, report: &Report, lang: Lang) -> Section {
    Section {
        id: "issues".into(),
        heading: lang.pick("五、主要问题", "5. Main issues").into(),
        paragraphs: findings::summary(info, report)
            .iter()
            .map(|f| f.text(lang))
            .collect(),
        tables: vec![warnings_sheet(info, report, lang)],
    }
}

fn service(info: &Info, report: &Report, lang: Lang) -> Section {
    let metrics = [
        Metric::FirstResponsePct,
        Metric::RepairArrivalPct,
        Metric::ResolutionPct,
        Metric::Duration(Duration::FirstResponse, Stat::Median),
        Metric::Duration(Duration::RepairArrival, Stat::Median),
        Metric::Duration(Duration::Resolution, Stat::Median),
        Metric::SatisfactionMean,
        Metric::CsatPct,
        Metric::SurveyCoveragePct,
    ];
    Section {
        id: "service".into(),
        heading: lang
            .pick("六、时限与满意度", "6. Timeliness and satisfaction")
            .into(),
        paragraphs: texts(
            [
                Metric::FirstResponsePct,
                Metric::RepairArrivalPct,
                Metric::ResolutionPct,
                Metric::SatisfactionMean,
                Metric::CsatPct,
            ]
            .map(|m| findings::figure(info, report, m)),
            lang,
        ),
        tables: vec![kpi_rows(
            info,
            report,
            &metrics,
            lang.pick("时限与满意度", "Timeliness and satisfaction"),
            lang,
        )],
    }
}

/// The monthly report of a view.
pub fn bulletin(info: &Info, report: &Report, lang: Lang) -> Bulletin {
    let level = crate::hierarchy::Level::of(info, report);
    let (info, report) = (level.info(), level.report());
    let org = info.meta.organization.clone().unwrap_or_default();
    let title = match lang {
        Lang::Zh => format!("{org}供电服务质量月度报告"),
        Lang::En => format!("{org} service-quality monthly report"),
    };
    let sections = if report.current.tickets() == 0 {
        vec![Section {
            id: "volume".into(),
            heading: lang.pick("一、总量", "1. Volume").into(),
            paragraphs: vec![Finding::NoTickets.text(lang)],
            tables: Vec::new(),
        }]
    } else {
        vec![
            volume(info, report, lang),
            kinds(info, report, lang),
            districts(info, report, lang),
            top(info, report, lang),
            issues(info, report, lang),
            service(info, report, lang),
        ]
    };
    Bulletin {
        title: title.trim().to_string(),
        sections,
    }
}
