//! A view's figures: the current period, the comparison period, and breakdowns by district and
//! by month, all under the same filter.

use crate::calendar::Month;
use crate::dataset::Dataset;
use crate::filter::{select, Filter};
use crate::kpi::{compute, Kpis};
use crate::period::Period;

/// What the current period is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Compare {
    /// The run of equally many days just before (kpis.md; the default).
    #[default]
    Previous,
    /// The same dates one year earlier.
    YearBefore,
}

impl Compare {
    pub fn code(self) -> &'static str {
        match self {
            Compare::Previous => "prev",
            Compare::YearBefore => "yoy",
        }
    }

    pub fn from_code(code: &str) -> Option<Compare> {
        match code {
            "prev" => Some(Compare::Previous),
            "yoy" => Some(Compare::YearBefore),
            _ => None,
        }
    }
}

/// Figures of one view.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The period shown; `None` only when the file has no accepted ticket.
    pub period: Option<Period>,
    pub comparison: Option<Period>,
    pub current: Kpis,
    pub previous: Kpis,
    /// Per district, in the file's district order, restricted to the districts in the view.
    pub districts: Vec<(u16, Kpis)>,
    /// Per local calendar month of the period.
    pub months: Vec<(Month, Kpis)>,
}

/// Computes a view. `period: None` means "all": first to last day with an opened ticket.
pub fn report(ds: &Dataset, period: Option<Period>, filter: &Filter, compare: Compare) -> Report {
    let period = period.or_else(|| ds.full_period());
    let comparison = period.map(|p| match compare {
        Compare::Previous => p.previous(),
        Compare::YearBefore => p.year_before(),
    });
    let customers = filter.customers(ds);
    let rows = match period {
        Some(p) => select(ds, Some(p), filter),
        None => Vec::new(),
    };
    let previous_rows = match comparison {
        Some(p) => select(ds, Some(p), filter),
        None => Vec::new(),
    };
    Report {
        period,
        comparison,
        current: compute(ds, &rows, customers),
        previous: compute(ds, &previous_rows, customers),
        districts: by_district(ds, &rows, filter),
        months: period.map_or_else(Vec::new, |p| by_month(ds, &rows, p)),
    }
}

/// The same KPIs per district; each district's own `customers` is its per-10k denominator.
pub fn by_district(ds: &Dataset, rows: &[u32], filter: &Filter) -> Vec<(u16, Kpis)> {
    let mut groups: Vec<Vec<u32>> = vec![Vec::new(); ds.districts.len()];
    for &row in rows {
        if let Some(g) = ds
            .tickets
            .district
            .get(row as usize)
            .and_then(|&d| groups.get_mut(usize::from(d)))
        {
            g.push(row);
        }
    }
    groups
        .into_iter()
        .enumerate()
        .filter(|(d, _)| filter.districts.is_empty() || filter.districts.contains(&(*d as u16)))
        .map(|(d, group)| {
            let customers = ds.districts.get(d).and_then(|x| x.customers);
            (d as u16, compute(ds, &group, customers))
        })
        .collect()
}

/// The same KPIs per local calendar month; the per-10k denominator stays the view's.
pub fn by_month(ds: &Dataset, rows: &[u32], period: Period) -> Vec<(Month, Kpis)> {
    let months = period.months();
    let Some(first) = months.first().copied() else {
        return Vec::new();
    };
    let mut groups: Vec<Vec<u32>> = vec![Vec::new(); months.len()];
    for &row in rows {
        let slot = (ds.day(row).month().0 - first.0) as usize;
        if let Some(g) = groups.get_mut(slot) {
            g.push(row);
        }
    }
    months
        .into_iter()
        .zip(groups)
        .map(|(m, group)| (m, compute(ds, &group, None)))
        .collect()
}
