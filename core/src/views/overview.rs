//! The overview's charts: tickets by kind per month against the comparison period, complaint
//! rates per district against the target, and a 12-month sparkline per KPI card.

use crate::calendar::Month;
use crate::catalog::Metric;
use crate::dataset::Dataset;
use crate::domain::Kind;
use crate::report::Report;

/// Tickets per month by kind, with the comparison period's monthly totals overlaid. The
/// comparison months are matched by position (first month with first month), since the two
/// periods have equally many days but need not start on the same day of the month.
#[derive(Debug, Clone, PartialEq)]
pub struct KindTrend {
    pub months: Vec<Month>,
    /// `counts[kind][month]`, kinds in `Kind::ALL` order.
    pub counts: Vec<Vec<u64>>,
    /// Comparison-period totals by month position; `None` past its end.
    pub previous: Vec<Option<u64>>,
}

pub fn kind_trend(report: &Report) -> KindTrend {
    let months: Vec<Month> = report.months.iter().map(|(m, _)| *m).collect();
    let counts = Kind::ALL
        .iter()
        .map(|&k| report.months.iter().map(|(_, x)| x.count(k)).collect())
        .collect();
    let previous = (0..months.len())
        .map(|i| report.previous_months.get(i).map(|(_, k)| k.tickets))
        .collect();
    KindTrend {
        months,
        counts,
        previous,
    }
}

impl KindTrend {
    pub fn is_empty(&self) -> bool {
        self.counts.iter().all(|c| c.iter().all(|&n| n == 0))
    }
}

/// One bar per district in the view.
#[derive(Debug, Clone, PartialEq)]
pub struct DistrictBar {
    pub code: String,
    pub name: String,
    pub value: Option<f64>,
}

/// Complaints per 10 000 customers by district, and the target as a mark line.
#[derive(Debug, Clone, PartialEq)]
pub struct DistrictRates {
    pub bars: Vec<DistrictBar>,
    pub target: Option<f64>,
}

pub fn district_rates(ds: &Dataset, report: &Report) -> DistrictRates {
    DistrictRates {
        bars: district_bars(ds, report, Metric::ComplaintRate),
        target: ds.targets.complaint_rate_per_10k,
    }
}

/// A metric per district in the view, in the file's district order.
pub fn district_bars(ds: &Dataset, report: &Report, metric: Metric) -> Vec<DistrictBar> {
    report
        .districts_of(ds)
        .map(|(d, k)| DistrictBar {
            code: d.code.clone(),
            name: d.name.clone(),
            value: metric.value(k),
        })
        .collect()
}

/// The last (up to) twelve months of a metric in the period, for a card's sparkline.
pub fn sparkline(report: &Report, metric: Metric) -> Vec<Option<f64>> {
    let skip = report.months.len().saturating_sub(12);
    report
        .months
        .iter()
        .skip(skip)
        .map(|(_, k)| metric.value(k))
        .collect()
}
