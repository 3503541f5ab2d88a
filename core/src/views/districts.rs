//! The districts view: a district × month heatmap of one KPI, and a scorecard per district of
//! the rates that have targets. (The league table reads `Report::districts` directly.)

use crate::calendar::Month;
use crate::catalog::Metric;
use crate::dataset::Dataset;
use crate::kpi::Accumulator;
use crate::report::Report;

/// The KPIs a manager can put on the heatmap.
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

/// One KPI per district (rows) and month (columns).
#[derive(Debug, Clone, PartialEq)]
pub struct Heatmap {
    pub metric: Metric,
    pub months: Vec<Month>,
    /// (code, name) per row, in the file's district order, districts of the view only.
    pub districts: Vec<(String, String)>,
    /// `values[district][month]`; `None` where the KPI is undefined for that cell.
    pub values: Vec<Vec<Option<f64>>>,
}

impl Heatmap {
    pub fn is_empty(&self) -> bool {
        self.values.iter().flatten().all(Option::is_none)
    }
}

/// Groups the view's rows by district and month and computes `metric` per cell (kpis.md,
/// "Breakdowns": the same definitions over the matching subset; each district's own customers
/// are the per-10k denominator).
pub fn heatmap(ds: &Dataset, report: &Report, metric: Metric) -> Heatmap {
    let months: Vec<Month> = report.months.iter().map(|(m, _)| *m).collect();
    let first = months.first().map_or(0, |m| m.0);
    let shown: Vec<u16> = report.districts.iter().map(|(d, _)| *d).collect();
    let mut cells: Vec<Vec<Accumulator>> =
        vec![vec![Accumulator::new(ds); months.len()]; ds.districts.len()];
    let t = &ds.tickets;
    for &row in &report.rows {
        let Some(&district) = t.district.get(row as usize) else {
            continue;
        };
        let slot = usize::try_from(ds.day(row).month().0 - first).ok();
        if let Some(acc) = cells
            .get_mut(usize::from(district))
            .and_then(|r| slot.and_then(|s| r.get_mut(s)))
        {
            acc.add(t, row);
        }
    }
    let mut districts = Vec::new();
    let mut values = Vec::new();
    for (i, row) in cells.into_iter().enumerate() {
        let Some(d) = ds.districts.get(i).filter(|_| shown.contains(&(i as u16))) else {
            continue;
        };
        districts.push((d.code.clone(), d.name.clone()));
        values.push(
            row.into_iter()
                .map(|acc| metric.value(&acc.finish(ds, d.customers)))
                .collect(),
        );
    }
    Heatmap {
        metric,
        months,
        districts,
        values,
    }
}

/// One district's rates against their goals.
#[derive(Debug, Clone, PartialEq)]
pub struct Scorecard {
    pub code: String,
    pub name: String,
    /// (metric, value, target) for each rate with a target.
    pub items: Vec<(Metric, Option<f64>, f64)>,
}

/// The rates that have a target in this file, per district of the view.
pub fn scorecards(ds: &Dataset, report: &Report) -> Vec<Scorecard> {
    let rates = [
        Metric::FirstResponsePct,
        Metric::RepairArrivalPct,
        Metric::ResolutionPct,
        Metric::CsatPct,
        Metric::SurveyCoveragePct,
    ];
    let targeted: Vec<(Metric, f64)> = rates
        .into_iter()
        .filter_map(|m| m.target(&ds.targets).map(|t| (m, t)))
        .collect();
    report
        .districts_of(ds)
        .map(|(d, k)| Scorecard {
            code: d.code.clone(),
            name: d.name.clone(),
            items: targeted.iter().map(|&(m, t)| (m, m.value(k), t)).collect(),
        })
        .collect()
}
