//! A view's figures: the current period, the comparison period, and breakdowns by district and
//! by month, all under the same filter.

use crate::calendar::Month;
use crate::dataset::{Dataset, District, Tickets};
use crate::filter::{select, Filter};
use crate::kpi::{Accumulator, Facts, Kpis};
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
    /// Per local calendar month of the comparison period.
    pub previous_months: Vec<(Month, Kpis)>,
    /// Rows of the tickets in the view (current period), for lists and distributions.
    pub rows: Vec<u32>,
}

impl Report {
    /// The districts of the view with their figures, in the file's district order.
    pub fn districts_of<'a>(
        &'a self,
        ds: &'a Dataset,
    ) -> impl Iterator<Item = (&'a District, &'a Kpis)> + 'a {
        self.districts
            .iter()
            .filter_map(|(i, k)| Some((ds.districts.get(usize::from(*i))?, k)))
    }
}

/// Computes a view. `period: None` means "all": first to last day with an opened ticket.
/// The current period's total, district and month groups are filled in one pass over its rows.
pub fn report(ds: &Dataset, period: Option<Period>, filter: &Filter, compare: Compare) -> Report {
    let period = period.or_else(|| ds.full_period());
    let comparison = period.map(|p| match compare {
        Compare::Previous => p.previous(),
        Compare::YearBefore => p.year_before(),
    });
    let customers = filter.customers(ds);
    let rows = period.map_or_else(Vec::new, |p| select(ds, Some(p), filter));
    let previous_rows = comparison.map_or_else(Vec::new, |p| select(ds, Some(p), filter));

    let months = period.map_or_else(Vec::new, |p| p.months());
    // UTC start of each month and the end of the last one: a ticket's month is found by a binary
    // search over these, not by a calendar conversion per ticket.
    let offset = ds.meta.offset;
    let bounds: Vec<i64> = months
        .iter()
        .map(|m| m.first_day().start_utc(offset))
        .chain(
            months
                .last()
                .map(|m| Month(m.0 + 1).first_day().start_utc(offset)),
        )
        .collect();

    let t = &ds.tickets;
    let mut total = Accumulator::new(ds);
    let mut districts: Vec<Accumulator> = vec![Accumulator::new(ds); ds.districts.len()];
    let mut by_month: Vec<Accumulator> = vec![Accumulator::new(ds); months.len()];
    for &row in &rows {
        let Some(facts) = Facts::of(t, row) else {
            continue;
        };
        total.add_facts(&facts);
        if let Some(acc) = t
            .district
            .get(row as usize)
            .and_then(|&d| districts.get_mut(usize::from(d)))
        {
            acc.add_facts(&facts);
        }
        if let Some(acc) = month_slot(t, row, &bounds).and_then(|i| by_month.get_mut(i)) {
            acc.add_facts(&facts);
        }
    }
    // The comparison period: its total and its months, in one pass like the current period.
    let previous_month_keys = comparison.map_or_else(Vec::new, |p| p.months());
    let previous_bounds = month_bounds(ds, &previous_month_keys);
    let mut previous = Accumulator::new(ds);
    let mut previous_by_month = vec![Accumulator::new(ds); previous_month_keys.len()];
    for &row in &previous_rows {
        let Some(facts) = Facts::of(t, row) else {
            continue;
        };
        previous.add_facts(&facts);
        if let Some(acc) =
            month_slot(t, row, &previous_bounds).and_then(|i| previous_by_month.get_mut(i))
        {
            acc.add_facts(&facts);
        }
    }
    let previous_months = previous_month_keys
        .into_iter()
        .zip(previous_by_month)
        .map(|(m, acc)| (m, acc.finish(ds, customers)))
        .collect();
    Report {
        period,
        comparison,
        current: total.finish(ds, customers),
        previous: previous.finish(ds, customers),
        previous_months,
        districts: districts
            .into_iter()
            .enumerate()
            .filter(|(d, _)| filter.districts.is_empty() || filter.districts.contains(&(*d as u16)))
            .map(|(d, acc)| {
                let customers = ds.districts.get(d).and_then(|x| x.customers);
                (d as u16, acc.finish(ds, customers))
            })
            .collect(),
        months: months
            .into_iter()
            .zip(by_month)
            .map(|(m, acc)| (m, acc.finish(ds, customers)))
            .collect(),
        rows,
    }
}

/// UTC start of each month and the end of the last one: a ticket's month is then found by a
/// binary search ([`month_slot`]), not by a calendar conversion per ticket.
fn month_bounds(ds: &Dataset, months: &[Month]) -> Vec<i64> {
    let offset = ds.meta.offset;
    months
        .iter()
        .map(|m| m.first_day().start_utc(offset))
        .chain(
            months
                .last()
                .map(|m| Month(m.0 + 1).first_day().start_utc(offset)),
        )
        .collect()
}

/// Index of the month a ticket opened in, given [`month_bounds`].
fn month_slot(t: &Tickets, row: u32, bounds: &[i64]) -> Option<usize> {
    let opened = *t.opened.get(row as usize)?;
    bounds.partition_point(|&b| b <= opened).checked_sub(1)
}
