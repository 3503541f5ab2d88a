//! The districts view: the league table (every district, the main KPIs with status, 环比 and
//! 同比), a district × month heatmap of one KPI, and a scorecard per district against the goals.

use super::{district_value, period_goal, Which};
use crate::calendar::{days_in_month, Month};
use crate::catalog::{Better, Metric, Unit};
use crate::comparison::Change;
use crate::dataset::{District, Info};
use crate::domain::Area;
use crate::i18n::Lang;
use crate::report::Report;
use crate::status::{Goal, Status};
use hashbrown::HashMap;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// One figure of the league table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeagueCell {
    pub metric: Metric,
    pub value: Option<f64>,
    pub status: Option<Status>,
    pub vs_previous: Option<Change>,
    pub vs_year_before: Option<Change>,
}

/// A row's key where rows are kept across answers: its code, and how many rows before it had the
/// same code (a level may hold a unit and a district of the same code; keys must differ).
pub type RowKey = (String, usize);

pub fn row_keys<'a>(codes: impl Iterator<Item = &'a str>) -> Vec<RowKey> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    codes
        .map(|code| {
            let n = seen.entry(code).or_insert(0);
            let key = (code.to_string(), *n);
            *n += 1;
            key
        })
        .collect()
}

/// One district's row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeagueRow {
    pub index: u16,
    pub code: String,
    pub name: String,
    pub area: Area,
    pub customers: Option<u64>,
    pub selected: bool,
    pub cells: Vec<LeagueCell>,
}

impl LeagueRow {
    pub fn value(&self, metric: Metric) -> Option<f64> {
        self.cells
            .iter()
            .find(|c| c.metric == metric)
            .and_then(|c| c.value)
    }
}

/// Every district of the file with the [`Metric::RANKED`] figures, in file order.
pub fn league(info: &Info, report: &Report) -> Vec<LeagueRow> {
    let goals: Vec<Option<Goal>> = Metric::RANKED
        .iter()
        .map(|&m| period_goal(info, report, m))
        .collect();
    info.districts
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let index = i as u16;
            let fig = report.district(index);
            let cells = Metric::RANKED
                .iter()
                .zip(&goals)
                .map(|(&metric, goal)| {
                    let value = district_value(info, &fig, metric, Which::Current);
                    let had = |c: &crate::kpi::Counts| c.tickets > 0;
                    let previous = had(&fig.previous)
                        .then(|| district_value(info, &fig, metric, Which::Previous))
                        .flatten();
                    let year_before = had(&fig.year_before)
                        .then(|| district_value(info, &fig, metric, Which::YearBefore))
                        .flatten();
                    LeagueCell {
                        metric,
                        value,
                        status: goal.and_then(|g| g.judge(value)),
                        vs_previous: Change::of(metric, value, previous),
                        vs_year_before: Change::of(metric, value, year_before),
                    }
                })
                .collect();
            LeagueRow {
                index,
                code: d.code.clone(),
                name: d.name.clone(),
                area: d.area,
                customers: d.customers,
                selected: report.filter.districts.contains(&index),
                cells,
            }
        })
        .collect()
}

/// The league table's order: a KPI and a direction (`sort=<kpi>[-desc]` in links).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Sort {
    pub metric: Metric,
    pub descending: bool,
}

impl Sort {
    pub fn parse(text: &str) -> Option<Sort> {
        let (key, descending) = match text.strip_suffix("-desc") {
            Some(key) => (key, true),
            None => (text, false),
        };
        Some(Sort {
            metric: Metric::parse(key)?,
            descending,
        })
    }

    pub fn code(self) -> String {
        if self.descending {
            format!("{}-desc", self.metric.key())
        } else {
            self.metric.key()
        }
    }

    /// A click on a heading: a new column sorts worst first; the same column flips.
    pub fn toggled(current: Option<Sort>, metric: Metric) -> Sort {
        match current {
            Some(s) if s.metric == metric => Sort {
                metric,
                descending: !s.descending,
            },
            _ => Sort {
                metric,
                descending: metric.better() != Better::Higher,
            },
        }
    }
}

/// Sorts rows by a KPI; undefined values go last whichever the direction, ties keep file order.
pub fn sort_rows(rows: &mut [LeagueRow], sort: Option<Sort>) {
    let Some(sort) = sort else {
        return;
    };
    crate::order::sort_by(rows, |a, b| {
        match (a.value(sort.metric), b.value(sort.metric)) {
            (Some(x), Some(y)) => {
                let o = x.partial_cmp(&y).unwrap_or(Ordering::Equal);
                if sort.descending {
                    o.reverse()
                } else {
                    o
                }
            }
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    });
}

/// The KPIs a manager can put on the heatmap (all from additive counts).
pub const HEATMAP_METRICS: [Metric; 8] = [
    Metric::Tickets,
    Metric::Complaints,
    Metric::ComplaintRate,
    Metric::FirstResponsePct,
    Metric::RepairArrivalPct,
    Metric::ResolutionPct,
    Metric::SatisfactionMean,
    Metric::CsatPct,
];

/// How a heatmap cell is shaded. Darker is always worse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Shade {
    /// Against the month's goal.
    Status(Status),
    /// On a fixed scale without a goal: 0 (lightest, best) to 4 (darkest, worst).
    Level(u8),
    /// No value.
    Empty,
}

/// The heatmap's colour scale and its legend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Scale {
    /// Cells coloured by status against the goal of their month (the complaint-rate goal is
    /// prorated to the month's days).
    Goal { annual: bool, target: f64 },
    /// Five levels between four fixed breaks, ascending. `worse_high`: higher values are darker.
    Levels { breaks: [f64; 4], worse_high: bool },
}

impl Scale {
    /// The legend: each shade with what it stands for.
    pub fn legend(&self, metric: Metric, lang: Lang) -> Vec<(Shade, String)> {
        match self {
            Scale::Goal { .. } => Status::ALL
                .iter()
                .map(|&s| (Shade::Status(s), s.label(lang).to_string()))
                .collect(),
            Scale::Levels { breaks, worse_high } => {
                let unit = metric.unit();
                let f = |v: f64| crate::display::plain(unit, v);
                let mut ranges = vec![
                    format!("< {}", f(breaks[0])),
                    format!("{}–{}", f(breaks[0]), f(breaks[1])),
                    format!("{}–{}", f(breaks[1]), f(breaks[2])),
                    format!("{}–{}", f(breaks[2]), f(breaks[3])),
                    format!("≥ {}", f(breaks[3])),
                ];
                if !worse_high {
                    ranges.reverse();
                }
                ranges
                    .into_iter()
                    .enumerate()
                    .map(|(i, text)| (Shade::Level(i as u8), text))
                    .collect()
            }
        }
    }
}

/// One district's row of the heatmap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeatRow {
    pub code: String,
    pub name: String,
    pub selected: bool,
    /// (value, shade) per month.
    pub cells: Vec<(Option<f64>, Shade)>,
}

/// One KPI per district and month (the trend's 12 months). Rows are the districts with a ticket
/// in those months, and any selected one, in file order: an export of hundreds of units does not
/// draw hundreds of empty rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Heatmap {
    pub metric: Metric,
    pub months: Vec<Month>,
    pub rows: Vec<HeatRow>,
    pub scale: Scale,
}

impl Heatmap {
    pub fn is_empty(&self) -> bool {
        self.rows
            .iter()
            .all(|r| r.cells.iter().all(|c| c.0.is_none()))
    }
}

/// Fixed breaks for a share that should be high: 95, 90, 80, 70 %.
const PERCENT_BREAKS: [f64; 4] = [70.0, 80.0, 90.0, 95.0];
/// Fixed breaks for a 1–5 score that should be high.
const SCORE_BREAKS: [f64; 4] = [3.5, 4.0, 4.25, 4.5];

/// Groups by district and month (kpis.md, "Breakdowns": the same definitions over the matching
/// subset; each district's own customers are the per-10k denominator). Colour: by status where
/// the KPI has a goal, else on fixed breaks — which do not depend on the district filter, since
/// every district is a row whatever the filter.
pub fn heatmap(info: &Info, report: &Report, metric: Metric) -> Heatmap {
    let keys = &report.district_month_keys;
    let skip = keys.len().saturating_sub(crate::report::TREND_MONTHS);
    let months: Vec<Month> = keys.iter().skip(skip).copied().collect();
    let mut shown: Vec<u16> = report
        .district_months
        .iter()
        .map(|r| r.index)
        .chain(report.filter.districts.iter().copied())
        .collect();
    shown.sort_unstable();
    shown.dedup();
    let values: Vec<(u16, Vec<Option<f64>>)> = shown
        .into_iter()
        .filter_map(|index| Some((index, info.district(index)?)))
        .map(|(index, d)| {
            let row = report.months_of(index);
            let cells = (0..months.len())
                .map(|m| {
                    let counts = row.and_then(|r| r.months.get(m + skip))?;
                    if counts.tickets == 0 {
                        return None;
                    }
                    metric.from_counts(counts, d.customers)
                })
                .collect();
            (index, cells)
        })
        .collect();
    let scale = match metric.target(&info.targets) {
        Some(target) => Scale::Goal {
            annual: metric.annual_target(),
            target,
        },
        None => {
            let breaks = match metric.unit() {
                Unit::Percent => PERCENT_BREAKS,
                Unit::Score => SCORE_BREAKS,
                _ => {
                    let max = values
                        .iter()
                        .flat_map(|(_, c)| c.iter().flatten())
                        .copied()
                        .fold(0.0, f64::max);
                    count_breaks(max)
                }
            };
            Scale::Levels {
                breaks,
                worse_high: metric.better() != Better::Higher,
            }
        }
    };
    let rows = values
        .into_iter()
        .map(|(index, cells)| {
            let d = info.district(index);
            HeatRow {
                code: d.map(|d| d.code.clone()).unwrap_or_default(),
                name: d.map(|d| d.name.clone()).unwrap_or_default(),
                selected: report.filter.districts.contains(&index),
                cells: cells
                    .into_iter()
                    .zip(&months)
                    .map(|(v, &m)| (v, shade(info, &scale, metric, m, v)))
                    .collect(),
            }
        })
        .collect();
    Heatmap {
        metric,
        months,
        rows,
        scale,
    }
}

/// Four even breaks up to a round ceiling above `max` (counts and per-10k rates).
fn count_breaks(max: f64) -> [f64; 4] {
    let step = if max > 0.0 && max.is_finite() {
        let raw = max / 5.0;
        let magnitude = 10f64.powi(raw.log10().floor() as i32);
        [1.0, 2.0, 2.5, 5.0, 10.0]
            .iter()
            .map(|m| m * magnitude)
            .find(|&s| s * 5.0 >= max)
            .unwrap_or(10.0 * magnitude)
    } else {
        1.0
    };
    [step, 2.0 * step, 3.0 * step, 4.0 * step]
}

fn shade(info: &Info, scale: &Scale, metric: Metric, month: Month, value: Option<f64>) -> Shade {
    let Some(v) = value else {
        return Shade::Empty;
    };
    match scale {
        Scale::Goal { .. } => {
            let days = days_in_month(i64::from(month.year()), month.month()) as i32;
            Goal::of(metric, &info.targets, days)
                .and_then(|g| g.judge(Some(v)))
                .map_or(Shade::Empty, Shade::Status)
        }
        Scale::Levels { breaks, worse_high } => {
            let above = breaks.iter().filter(|&&b| v >= b).count() as u8;
            Shade::Level(if *worse_high { above } else { 4 - above })
        }
    }
}

/// One district's rates against their goals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scorecard {
    pub code: String,
    pub name: String,
    pub selected: bool,
    /// (metric, value, goal, status) for each rate with a goal.
    pub items: Vec<(Metric, Option<f64>, Goal, Option<Status>)>,
}

/// Scorecards shown at most (the league table has every district).
pub const SCORECARDS_SHOWN: usize = 60;

/// The [`Metric::RATES`] that have a goal over the report's period.
fn rate_goals(info: &Info, report: &Report) -> Vec<Goal> {
    Metric::RATES
        .iter()
        .filter_map(|&m| period_goal(info, report, m))
        .collect()
}

/// One district's scorecard against `goals`.
fn scorecard(info: &Info, report: &Report, index: u16, d: &District, goals: &[Goal]) -> Scorecard {
    let fig = report.district(index);
    Scorecard {
        code: d.code.clone(),
        name: d.name.clone(),
        selected: report.filter.districts.contains(&index),
        items: goals
            .iter()
            .map(|g| {
                let v = district_value(info, &fig, g.metric, Which::Current);
                (g.metric, v, *g, g.judge(v))
            })
            .collect(),
    }
}

/// The [`Metric::RATES`] that have a goal in this file, for each district with a ticket in the
/// period (and each selected one), at most [`SCORECARDS_SHOWN`].
pub fn scorecards(info: &Info, report: &Report) -> Vec<Scorecard> {
    let goals = rate_goals(info, report);
    info.districts
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            let index = *i as u16;
            report.filter.districts.contains(&index) || report.district(index).current.tickets > 0
        })
        .take(SCORECARDS_SHOWN)
        .map(|(i, d)| scorecard(info, report, i as u16, d, &goals))
        .collect()
}

impl Scorecard {
    /// Goals missed: (red, amber).
    pub fn misses(&self) -> (usize, usize) {
        let count = |s: Status| self.items.iter().filter(|i| i.3 == Some(s)).count();
        (count(Status::Red), count(Status::Amber))
    }

    /// The item that misses its goal by the most, relative to the goal.
    pub fn worst_item(&self) -> Option<&(Metric, Option<f64>, Goal, Option<Status>)> {
        self.items
            .iter()
            .filter(|i| matches!(i.3, Some(Status::Red | Status::Amber)))
            .max_by(|a, b| shortfall(a).total_cmp(&shortfall(b)))
    }
}

/// How far an item misses its goal, relative to the goal (0 when it meets it).
fn shortfall(item: &(Metric, Option<f64>, Goal, Option<Status>)) -> f64 {
    item.1.map_or(0.0, |v| item.2.shortfall(v))
}

/// The `n` worst districts of the period: those with a missed goal, by the number of red
/// statuses, then amber ones, then the sum of their relative shortfalls; ties in file order.
/// Every district with a ticket is ranked (not only the first [`SCORECARDS_SHOWN`]).
pub fn worst_districts(info: &Info, report: &Report, n: usize) -> Vec<Scorecard> {
    let goals = rate_goals(info, report);
    let mut cards: Vec<(usize, Scorecard)> = report
        .districts
        .iter()
        .filter(|f| f.current.tickets > 0)
        .filter_map(|f| {
            let d = info.district(f.index)?;
            Some((
                usize::from(f.index),
                scorecard(info, report, f.index, d, &goals),
            ))
        })
        .filter(|(_, c)| c.misses() != (0, 0))
        .collect();
    let total = |c: &Scorecard| c.items.iter().map(shortfall).sum::<f64>();
    crate::order::sort_by(&mut cards, |(i, a), (j, b)| {
        let (ar, aa) = a.misses();
        let (br, ba) = b.misses();
        br.cmp(&ar)
            .then(ba.cmp(&aa))
            .then(total(b).total_cmp(&total(a)))
            .then(i.cmp(j))
    });
    cards.into_iter().take(n).map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_keys_differ_when_codes_repeat() {
        let keys = row_keys(["A", "B", "A", "A#1", "A"].into_iter());
        let want = [("A", 0), ("B", 0), ("A", 1), ("A#1", 0), ("A", 2)];
        assert_eq!(keys, want.map(|(c, n)| (c.to_string(), n)));
    }

    #[test]
    fn sort_codes_and_toggles() {
        let s = Sort::parse("complaint_rate_per_10k-desc").unwrap();
        assert_eq!((s.metric, s.descending), (Metric::ComplaintRate, true));
        assert_eq!(s.code(), "complaint_rate_per_10k-desc");
        assert!(!Sort::parse("csat_pct").unwrap().descending);
        assert_eq!(Sort::parse("nope"), None);
        // A new column sorts worst first: highest complaint rate, lowest CSAT.
        assert!(Sort::toggled(None, Metric::ComplaintRate).descending);
        assert!(!Sort::toggled(None, Metric::CsatPct).descending);
        let again = Sort::toggled(Some(s), Metric::ComplaintRate);
        assert!(!again.descending);
    }

    #[test]
    fn undefined_values_sort_last_both_ways() {
        let row = |name: &str, v: Option<f64>| LeagueRow {
            index: 0,
            code: name.into(),
            name: name.into(),
            area: Area::Urban,
            customers: None,
            selected: false,
            cells: vec![LeagueCell {
                metric: Metric::CsatPct,
                value: v,
                status: None,
                vs_previous: None,
                vs_year_before: None,
            }],
        };
        let mut rows = vec![row("a", None), row("b", Some(2.0)), row("c", Some(9.0))];
        let order = |rows: &[LeagueRow]| rows.iter().map(|r| r.code.clone()).collect::<Vec<_>>();
        sort_rows(&mut rows, Sort::parse("csat_pct-desc"));
        assert_eq!(order(&rows), ["c", "b", "a"]);
        sort_rows(&mut rows, Sort::parse("csat_pct"));
        assert_eq!(order(&rows), ["b", "c", "a"]);
    }

    #[test]
    fn count_breaks_are_round() {
        assert_eq!(count_breaks(47.0), [10.0, 20.0, 30.0, 40.0]);
        assert_eq!(count_breaks(1200.0), [250.0, 500.0, 750.0, 1000.0]);
        assert_eq!(count_breaks(0.0), [1.0, 2.0, 3.0, 4.0]);
        assert_eq!(count_breaks(0.9), [0.2, 0.4, 0.6000000000000001, 0.8]);
    }
}
