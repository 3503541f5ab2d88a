//! The KPIs of `shared/spec/kpis.md`, computed over a set of ticket rows (the view `T`).
//! Each field documents its formula; undefined statistics are `None`.

use crate::dataset::{Dataset, Tickets, FLAG_CUSTOMER, FLAG_REPEAT, NOT_YET};
use crate::domain::Kind;
use crate::stats::{pct, summarize, Summary};
use crate::timeliness::{Milestone, Outcomes, Tally};

/// One category's line of the complaint Pareto.
#[derive(Debug, Clone, PartialEq)]
pub struct ParetoRow {
    /// Category code (`Dataset::categories`).
    pub category: u32,
    pub count: u64,
    /// Cumulative share of complaints up to and including this row, 0..100.
    pub cum_pct: f64,
}

/// Every KPI of one view.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Kpis {
    /// |T|.
    pub tickets: u64,
    /// Tickets in T by kind, indexed by `Kind::index`.
    pub by_kind: [u64; 6],
    /// complaints / C × 10 000, C = customers of the districts in the view; undefined when any of
    /// them lacks `customers` or C = 0. Not annualized.
    pub complaint_rate_per_10k: Option<f64>,
    /// Minutes from opening to first response, over tickets that have one.
    pub first_response_min: Summary,
    /// Over tickets whose kind has a first-response limit.
    pub first_response: Tally,
    /// Minutes from opening to arrival on site, over repair tickets that have it.
    pub repair_arrival_min: Summary,
    /// Over repair tickets, limit by district area.
    pub repair_arrival: Tally,
    /// Hours from opening to resolution, over tickets that have it.
    pub resolution_hours: Summary,
    /// Over tickets whose kind has a resolution limit.
    pub resolution: Tally,
    /// Tickets without `resolved_at`.
    pub backlog: u64,
    /// Backlog tickets past their resolution limit at `now`.
    pub overdue: u64,
    /// Complaints with a customer id, and those that repeat one within 30 days.
    pub complaints_with_customer: u64,
    pub repeat_complaints: u64,
    /// Tickets with a satisfaction score, and those scoring 4 or 5.
    pub scored: u64,
    pub satisfied: u64,
    /// Sum of scores (for the mean).
    pub score_total: u64,
    /// Tickets with `resolved_at`.
    pub resolved: u64,
    /// Complaint counts by category, count descending then category ascending (code points).
    pub pareto: Vec<ParetoRow>,
    /// Length of the shortest Pareto prefix whose cumulative share is ≥ 80%.
    pub vital_few: Option<usize>,
}

impl Kpis {
    pub fn complaints(&self) -> u64 {
        self.by_kind[Kind::Complaint.index()]
    }

    pub fn count(&self, kind: Kind) -> u64 {
        self.by_kind[kind.index()]
    }

    pub fn first_response_pct(&self) -> Option<f64> {
        self.first_response.pct()
    }

    pub fn repair_arrival_pct(&self) -> Option<f64> {
        self.repair_arrival.pct()
    }

    pub fn resolution_pct(&self) -> Option<f64> {
        self.resolution.pct()
    }

    /// Share of complaints with a customer id that repeat an earlier complaint, × 100.
    pub fn repeat_complaint_pct(&self) -> Option<f64> {
        pct(self.repeat_complaints, self.complaints_with_customer)
    }

    /// Mean score over tickets that have one.
    pub fn satisfaction_mean(&self) -> Option<f64> {
        (self.scored > 0).then(|| self.score_total as f64 / self.scored as f64)
    }

    /// Share of scores ≥ 4, × 100.
    pub fn csat_pct(&self) -> Option<f64> {
        pct(self.satisfied, self.scored)
    }

    /// Tickets with a score / tickets with `resolved_at`, × 100.
    pub fn survey_coverage_pct(&self) -> Option<f64> {
        pct(self.scored, self.resolved)
    }
}

/// What the KPIs need of one ticket, read from the columns.
#[derive(Debug, Clone, Copy)]
pub struct Facts {
    pub kind: Kind,
    pub outcomes: Outcomes,
    pub first_response: u32,
    pub arrived: u32,
    pub resolved: u32,
    pub category: u32,
    pub flags: u8,
    pub score: u8,
}

impl Facts {
    /// The facts of ticket `row`; `None` for a row that does not exist.
    pub fn of(t: &Tickets, row: u32) -> Option<Facts> {
        let i = row as usize;
        Some(Facts {
            kind: *t.kind.get(i)?,
            outcomes: *t.outcomes.get(i)?,
            first_response: *t.first_response.get(i)?,
            arrived: *t.arrived.get(i)?,
            resolved: *t.resolved.get(i)?,
            category: *t.category.get(i)?,
            flags: *t.flags.get(i)?,
            score: *t.score.get(i)?,
        })
    }
}

/// Running totals of one group of tickets (the view, one district, one month). Adding a ticket
/// only counts: the timeliness outcomes were settled at load time (`timeliness::Outcomes`).
#[derive(Debug, Clone)]
pub struct Accumulator {
    k: Kpis,
    first: Vec<u32>,
    arrival: Vec<u32>,
    resolution: Vec<u32>,
    categories: Vec<u64>,
}

impl Accumulator {
    pub fn new(ds: &Dataset) -> Accumulator {
        Accumulator {
            k: Kpis::default(),
            first: Vec::new(),
            arrival: Vec::new(),
            resolution: Vec::new(),
            categories: vec![0; ds.categories.len()],
        }
    }

    /// Adds ticket `row`.
    pub fn add(&mut self, t: &Tickets, row: u32) {
        if let Some(facts) = Facts::of(t, row) {
            self.add_facts(&facts);
        }
    }

    /// Adds a ticket already read from the columns: a report adds each ticket to the view, its
    /// district and its month, and reads the columns only once for the three.
    pub fn add_facts(&mut self, f: &Facts) {
        let k = &mut self.k;
        k.tickets += 1;
        k.by_kind[f.kind.index()] += 1;

        if f.first_response != NOT_YET {
            self.first.push(f.first_response);
        }
        k.first_response
            .add(f.outcomes.get(Milestone::FirstResponse));

        if f.kind == Kind::Repair {
            if f.arrived != NOT_YET {
                self.arrival.push(f.arrived);
            }
            k.repair_arrival
                .add(f.outcomes.get(Milestone::RepairArrival));
        }

        if f.resolved != NOT_YET {
            self.resolution.push(f.resolved);
            k.resolved += 1;
        } else {
            k.backlog += 1;
        }
        k.resolution.add(f.outcomes.get(Milestone::Resolution));
        if f.outcomes.overdue() {
            k.overdue += 1;
        }

        if f.kind == Kind::Complaint {
            if let Some(c) = self.categories.get_mut(f.category as usize) {
                *c += 1;
            }
            if f.flags & FLAG_CUSTOMER != 0 {
                k.complaints_with_customer += 1;
                if f.flags & FLAG_REPEAT != 0 {
                    k.repeat_complaints += 1;
                }
            }
        }

        if f.score > 0 {
            k.scored += 1;
            k.score_total += u64::from(f.score);
            if f.score >= 4 {
                k.satisfied += 1;
            }
        }
    }

    /// The KPIs of the tickets added. `customers` is the per-10k denominator of the group.
    pub fn finish(mut self, ds: &Dataset, customers: Option<u64>) -> Kpis {
        let mut k = self.k;
        k.first_response_min = summarize(&mut self.first, 60.0);
        k.repair_arrival_min = summarize(&mut self.arrival, 60.0);
        k.resolution_hours = summarize(&mut self.resolution, 3600.0);
        k.complaint_rate_per_10k = match customers {
            Some(c) if c > 0 => Some(k.complaints() as f64 / c as f64 * 10_000.0),
            _ => None,
        };
        (k.pareto, k.vital_few) = pareto(ds, &self.categories);
        k
    }
}

/// Computes every KPI over `rows`. `customers` is the per-10k denominator of the view
/// ([`crate::filter::Filter::customers`]).
pub fn compute(ds: &Dataset, rows: &[u32], customers: Option<u64>) -> Kpis {
    let mut acc = Accumulator::new(ds);
    for &row in rows {
        acc.add(&ds.tickets, row);
    }
    acc.finish(ds, customers)
}

/// Sorts category counts and accumulates shares. The 80% test is done on integers
/// (cum × 5 ≥ total × 4) so that an exact 80% is never lost to rounding.
fn pareto(ds: &Dataset, counts: &[u64]) -> (Vec<ParetoRow>, Option<usize>) {
    let mut rows: Vec<(u32, u64)> = counts
        .iter()
        .enumerate()
        .filter(|(_, &n)| n > 0)
        .map(|(c, &n)| (c as u32, n))
        .collect();
    rows.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| ds.categories.get(a.0).cmp(ds.categories.get(b.0)))
    });
    let total: u64 = rows.iter().map(|r| r.1).sum();
    let mut cum = 0;
    let mut vital_few = None;
    let out = rows
        .into_iter()
        .enumerate()
        .map(|(i, (category, count))| {
            cum += count;
            if vital_few.is_none() && cum * 5 >= total * 4 {
                vital_few = Some(i + 1);
            }
            ParetoRow {
                category,
                count,
                cum_pct: cum as f64 / total as f64 * 100.0,
            }
        })
        .collect();
    (out, vital_few)
}
