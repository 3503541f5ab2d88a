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

    /// At most `max` bars for a chart of many units: the selected ones, then the worst and the
    /// best of the others (half each), worst first; `hidden` says how many are left out (the
    /// table keeps them all). Fewer bars than `max` stay as they are, in the file's order.
    pub fn condensed(&self, max: usize) -> (DistrictBars, usize) {
        if self.bars.len() <= max {
            return (self.clone(), 0);
        }
        let worse_first = |a: &&DistrictBar, b: &&DistrictBar| {
            let (x, y) = (a.value, b.value);
            let order = match (x, y) {
                (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(std::cmp::Ordering::Equal),
                (Some(_), None) => std::cmp::Ordering::Greater,
                (None, Some(_)) => std::cmp::Ordering::Less,
                (None, None) => std::cmp::Ordering::Equal,
            };
            match self.metric.better() {
                crate::catalog::Better::Higher => order,
                _ => order.reverse(),
            }
        };
        let selected: Vec<&DistrictBar> =
            self.bars.iter().filter(|b| b.selected).take(max).collect();
        let mut others: Vec<&DistrictBar> = self
            .bars
            .iter()
            .filter(|b| !b.selected && b.value.is_some())
            .collect();
        crate::order::sort_by(&mut others, worse_first);
        let room = max.saturating_sub(selected.len());
        let worst = room.div_ceil(2).min(others.len());
        let best = (room - worst).min(others.len() - worst);
        let mut kept: Vec<DistrictBar> = selected.into_iter().cloned().collect();
        kept.extend(others.iter().take(worst).map(|b| (*b).clone()));
        kept.extend(
            others
                .iter()
                .skip(others.len() - best)
                .map(|b| (*b).clone()),
        );
        let hidden = self.bars.len() - kept.len();
        (
            DistrictBars {
                bars: kept,
                ..self.clone()
            },
            hidden,
        )
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

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(code: &str, value: Option<f64>, selected: bool) -> DistrictBar {
        DistrictBar {
            code: code.into(),
            name: code.into(),
            value,
            status: None,
            selected,
        }
    }

    #[test]
    fn many_units_keep_the_selected_the_worst_and_the_best() {
        let mut bars: Vec<DistrictBar> = (0..30)
            .map(|i| bar(&format!("D{i:02}"), Some(f64::from(i)), false))
            .collect();
        bars[3].selected = true;
        bars.push(bar("N", None, false));
        let vm = DistrictBars {
            metric: Metric::ComplaintRate,
            bars,
            goal: None,
            any_selected: true,
        };
        let (c, hidden) = vm.condensed(7);
        let codes: Vec<&str> = c.bars.iter().map(|b| b.code.as_str()).collect();
        // Higher complaint rates are worse: D29, D28, D27 first, then the best three.
        assert_eq!(codes, ["D03", "D29", "D28", "D27", "D02", "D01", "D00"]);
        assert_eq!(hidden, 24);
        let (same, none) = vm.condensed(40);
        assert_eq!((same.bars.len(), none), (31, 0));
    }
}
