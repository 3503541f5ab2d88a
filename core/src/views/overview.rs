//! The overview: a card per KPI (value, goal and status, 环比 and 同比, a 12-month sparkline,
//! the definition), and tickets by kind per month against the comparison months.

use super::period_goal;
use crate::calendar::Month;
use crate::catalog::{Group, Metric};
use crate::comparison::{Change, Compare};
use crate::dataset::Info;
use crate::domain::Kind;
use crate::report::Report;
use crate::status::{Goal, Status};
use serde::{Deserialize, Serialize};

/// One KPI card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Card {
    pub metric: Metric,
    pub value: Option<f64>,
    /// The 环比 and 同比 values (a count of 0 when the comparison period is empty).
    pub previous: Option<f64>,
    pub year_before: Option<f64>,
    pub goal: Option<Goal>,
    pub status: Option<Status>,
    /// Changes against 环比 and 同比; `None` where either side is undefined or the comparison
    /// period has no ticket.
    pub vs_previous: Option<Change>,
    pub vs_year_before: Option<Change>,
    /// The 12 months ending with the period's last month.
    pub spark: Vec<Option<f64>>,
    /// Which of those months are in the period.
    pub spark_selected: Vec<bool>,
}

/// The cards in their groups, in the catalog's one order.
pub fn cards(info: &Info, report: &Report) -> Vec<(Group, Vec<Card>)> {
    Metric::groups()
        .into_iter()
        .map(|(group, metrics)| {
            let cards = metrics.into_iter().map(|m| card(info, report, m)).collect();
            (group, cards)
        })
        .collect()
}

/// The card of one KPI.
pub fn card(info: &Info, report: &Report, metric: Metric) -> Card {
    let value = metric.value(&report.current);
    let previous = metric.value(&report.previous);
    let year_before = metric.value(&report.year_before);
    // A change against a period without any ticket says nothing ("+100 %" from nothing).
    let has = |k: &crate::kpi::Kpis| k.tickets() > 0;
    let goal = period_goal(info, report, metric);
    Card {
        metric,
        value,
        previous,
        year_before,
        goal,
        status: goal.and_then(|g| g.judge(value)),
        vs_previous: Change::of(metric, value, previous).filter(|_| has(&report.previous)),
        vs_year_before: Change::of(metric, value, year_before).filter(|_| has(&report.year_before)),
        spark: report
            .trend
            .current
            .iter()
            .map(|k| metric.value(k))
            .collect(),
        spark_selected: report.trend.selected.clone(),
    }
}

/// Tickets per month by kind over the trend's 12 months, with each month's comparison total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KindTrend {
    pub months: Vec<Month>,
    pub selected: Vec<bool>,
    /// `counts[kind][month]`, kinds in `Kind::ALL` order.
    pub counts: Vec<Vec<u64>>,
    pub compare: Compare,
    /// The month each month is compared with, and its total; `None` for a month outside the
    /// file's months (no data, rather than zero tickets).
    pub comparison_months: Vec<Month>,
    pub comparison: Vec<Option<u64>>,
}

impl KindTrend {
    pub fn is_empty(&self) -> bool {
        self.counts.iter().all(|c| c.iter().all(|&n| n == 0))
    }
}

pub fn kind_trend(info: &Info, report: &Report) -> KindTrend {
    let t = &report.trend;
    let months = &info.meta.ticket_months;
    let covered = |m: &Month| {
        months.first().is_some_and(|first| first <= m)
            && months.last().is_some_and(|last| m <= last)
    };
    KindTrend {
        months: t.months.clone(),
        selected: t.selected.clone(),
        counts: Kind::ALL
            .iter()
            .map(|&k| t.current.iter().map(|x| x.count(k)).collect())
            .collect(),
        compare: report.compare,
        comparison_months: t.comparison_months.clone(),
        comparison: t
            .comparison_months
            .iter()
            .zip(&t.comparison)
            .map(|(m, k)| covered(m).then(|| k.tickets()))
            .collect(),
    }
}
