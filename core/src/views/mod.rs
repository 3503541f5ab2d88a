//! View-models: what each panel shows, computed from a [`Report`] and the file's [`Info`] in the
//! core, so chart builders and components only draw. They are cheap (no pass over tickets): the
//! page rebuilds them from the report it receives.
//!
//! [`Report`]: crate::report::Report
//! [`Info`]: crate::dataset::Info

pub mod complaints;
pub mod districts;
pub mod overview;
pub mod quality;
pub mod satisfaction;
pub mod timeliness;

use crate::catalog::Metric;
use crate::dataset::Info;
use crate::report::{DistrictFigures, Report};
use crate::status::{Goal, Status};
use serde::{Deserialize, Serialize};

/// Which period of a district's figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Current,
    Previous,
    YearBefore,
}

/// A metric of one district over a period: from its additive counts, with the district's own
/// customers as the per-10k denominator. `None` for the medians and p90s, which a breakdown does
/// not keep.
pub fn district_value(
    info: &Info,
    fig: &DistrictFigures,
    metric: Metric,
    which: Which,
) -> Option<f64> {
    let counts = match which {
        Which::Current => &fig.current,
        Which::Previous => &fig.previous,
        Which::YearBefore => &fig.year_before,
    };
    let customers = info.district(fig.index).and_then(|d| d.customers);
    metric.from_counts(counts, customers)
}

/// The goal of a metric over the report's period (the complaint-rate target prorated to its
/// days).
pub fn period_goal(info: &Info, report: &Report, metric: Metric) -> Option<Goal> {
    let days = report.period.map_or(365, |p| p.days());
    Goal::of(metric, &info.targets, days)
}

/// One bar of a by-district chart: a district in the file's order, its value, its status against
/// the period's goal, and whether the district filter selects it (the others are drawn faded
/// when some are selected, never hidden).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DistrictBar {
    pub code: String,
    pub name: String,
    pub value: Option<f64>,
    pub status: Option<Status>,
    pub selected: bool,
}

/// A metric for every district of the file, with its goal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DistrictBars {
    pub metric: Metric,
    pub bars: Vec<DistrictBar>,
    pub goal: Option<Goal>,
    /// Some district is selected: the others are faded.
    pub any_selected: bool,
}

impl DistrictBars {
    pub fn is_empty(&self) -> bool {
        self.bars.iter().all(|b| b.value.is_none())
    }
}

pub fn district_bars(info: &Info, report: &Report, metric: Metric) -> DistrictBars {
    let goal = period_goal(info, report, metric);
    let bars = info
        .districts
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let index = i as u16;
            let value = district_value(info, &report.district(index), metric, Which::Current);
            DistrictBar {
                code: d.code.clone(),
                name: d.name.clone(),
                value,
                status: goal.and_then(|g| g.judge(value)),
                selected: report.filter.districts.contains(&index),
            }
        })
        .collect();
    DistrictBars {
        metric,
        bars,
        goal,
        any_selected: !report.filter.districts.is_empty(),
    }
}
