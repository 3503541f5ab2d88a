//! The KPIs of `shared/spec/kpis.md` over a group of tickets (the view `T`, a district, a month).
//!
//! Two layers: [`Counts`] are additive — two groups' counts add up to their union's, which is
//! what a breakdown cell or a pre-aggregated cube holds — and [`Kpis`] add what is not additive:
//! medians and 90th percentiles of the durations, the category Pareto, and the per-10k rate
//! (its denominator depends on which districts are in view). Undefined statistics are `None`.

use crate::dataset::{Tickets, FLAG_CUSTOMER, FLAG_REPEAT, NOT_YET};
use crate::domain::Kind;
use crate::stats::{pct, summarize, summarize_buckets, summarize_runs, Summary};
use crate::timeliness::{Milestone, Outcomes, Tally};
use serde::{Deserialize, Serialize};

/// The duration measures of kpis.md, "Timeliness", in `Counts::durations` order.
pub const DURATIONS: usize = 3;

/// Sum and count of one duration (whole seconds), for its mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DurationSum {
    pub n: u64,
    /// Seconds. A duration is at most 30 years (plausible timestamps), so even 2^32 tickets
    /// cannot overflow a u64.
    pub secs: u64,
}

impl DurationSum {
    fn add(&mut self, secs: u32) {
        self.n += 1;
        self.secs = self.secs.saturating_add(u64::from(secs));
    }

    fn merge(&mut self, other: &DurationSum) {
        self.n += other.n;
        self.secs = self.secs.saturating_add(other.secs);
    }

    /// The mean in `unit_secs` units (60 for minutes, 3600 for hours).
    pub fn mean(&self, unit_secs: f64) -> Option<f64> {
        (self.n > 0).then(|| self.secs as f64 / self.n as f64 / unit_secs)
    }
}

/// The additive counts of a group of tickets: everything kpis.md needs except percentiles,
/// the Pareto and the per-10k denominator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Counts {
    /// |T|.
    pub tickets: u64,
    /// Tickets by kind, indexed by `Kind::index`.
    pub by_kind: [u64; 6],
    /// Over tickets whose kind has a first-response limit.
    pub first_response: Tally,
    /// Over repair tickets, limit by district area.
    pub repair_arrival: Tally,
    /// Over tickets whose kind has a resolution limit.
    pub resolution: Tally,
    /// Tickets without `resolved_at`.
    pub backlog: u64,
    /// Backlog tickets past their resolution limit at `now`.
    pub overdue: u64,
    /// Complaints with a customer id, and those that repeat one within 30 days.
    pub complaints_with_customer: u64,
    pub repeat_complaints: u64,
    /// Tickets with a satisfaction score, those scoring 4 or 5, and the sum of scores.
    pub scored: u64,
    pub satisfied: u64,
    pub score_total: u64,
    /// Tickets with `resolved_at`.
    pub resolved: u64,
    /// First response (all tickets that have one), repair arrival (repairs that have one),
    /// resolution (tickets that have one).
    pub durations: [DurationSum; DURATIONS],
}

impl Counts {
    pub fn complaints(&self) -> u64 {
        self.by_kind[Kind::Complaint.index()]
    }

    pub fn count(&self, kind: Kind) -> u64 {
        self.by_kind[kind.index()]
    }

    /// Adds one ticket.
    pub fn add(&mut self, f: &Facts) {
        self.tickets += 1;
        self.by_kind[f.kind.index()] += 1;
        for (sum, d) in self.durations.iter_mut().zip(f.durations()) {
            if let Some(d) = d {
                sum.add(d);
            }
        }
        self.first_response
            .add(f.outcomes.get(Milestone::FirstResponse));
        if f.kind == Kind::Repair {
            self.repair_arrival
                .add(f.outcomes.get(Milestone::RepairArrival));
        }
        if f.resolved != NOT_YET {
            self.resolved += 1;
        } else {
            self.backlog += 1;
        }
        self.resolution.add(f.outcomes.get(Milestone::Resolution));
        if f.outcomes.overdue() {
            self.overdue += 1;
        }
        if f.kind == Kind::Complaint && f.flags & FLAG_CUSTOMER != 0 {
            self.complaints_with_customer += 1;
            if f.flags & FLAG_REPEAT != 0 {
                self.repeat_complaints += 1;
            }
        }
        if f.score > 0 {
            self.scored += 1;
            self.score_total += u64::from(f.score);
            if f.score >= 4 {
                self.satisfied += 1;
            }
        }
    }

    /// Adds another group's counts (union of disjoint groups).
    pub fn merge(&mut self, o: &Counts) {
        self.tickets += o.tickets;
        for (a, b) in self.by_kind.iter_mut().zip(o.by_kind) {
            *a += b;
        }
        self.first_response.merge(&o.first_response);
        self.repair_arrival.merge(&o.repair_arrival);
        self.resolution.merge(&o.resolution);
        self.backlog += o.backlog;
        self.overdue += o.overdue;
        self.complaints_with_customer += o.complaints_with_customer;
        self.repeat_complaints += o.repeat_complaints;
        self.scored += o.scored;
        self.satisfied += o.satisfied;
        self.score_total += o.score_total;
        self.resolved += o.resolved;
        for (a, b) in self.durations.iter_mut().zip(&o.durations) {
            a.merge(b);
        }
    }

    /// complaints / C × 10 000; undefined without a positive C (kpis.md). Not annualized.
    pub fn complaint_rate(&self, customers: Option<u64>) -> Option<f64> {
        match customers {
            Some(c) if c > 0 => Some(self.complaints() as f64 / c as f64 * 10_000.0),
            _ => None,
        }
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

/// One category's line of the complaint Pareto.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParetoRow {
    /// Category code (`Info::categories`).
    pub category: u32,
    pub count: u64,
    /// Cumulative share of complaints up to and including this row, 0..100.
    pub cum_pct: f64,
}

/// Every KPI of one group.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Kpis {
    pub counts: Counts,
    /// The per-10k denominator: customers of the districts in view (kpis.md).
    pub customers: Option<u64>,
    /// Minutes from opening to first response, over tickets that have one.
    pub first_response_min: Summary,
    /// Minutes from opening to arrival on site, over repair tickets that have it.
    pub repair_arrival_min: Summary,
    /// Hours from opening to resolution, over tickets that have it.
    pub resolution_hours: Summary,
    /// Complaint counts by category, count descending then category ascending (code points).
    pub pareto: Vec<ParetoRow>,
    /// Length of the shortest Pareto prefix whose cumulative share is ≥ 80%.
    pub vital_few: Option<usize>,
}

impl Kpis {
    pub fn tickets(&self) -> u64 {
        self.counts.tickets
    }

    pub fn complaints(&self) -> u64 {
        self.counts.complaints()
    }

    pub fn count(&self, kind: Kind) -> u64 {
        self.counts.count(kind)
    }

    /// complaints / C × 10 000 (kpis.md, "Volume").
    pub fn complaint_rate_per_10k(&self) -> Option<f64> {
        self.counts.complaint_rate(self.customers)
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
    /// The ticket's value of each duration measure ([`DURATIONS`] order): first response when
    /// responded, repair arrival for a repair that arrived, resolution when resolved.
    pub fn durations(&self) -> [Option<u32>; DURATIONS] {
        let known = |d: u32| (d != NOT_YET).then_some(d);
        [
            known(self.first_response),
            known(self.arrived).filter(|_| self.kind == Kind::Repair),
            known(self.resolved),
        ]
    }

    /// The facts of ticket `row`; `None` for a row that does not exist.
    pub fn of(t: &Tickets, row: usize) -> Option<Facts> {
        Some(Facts {
            kind: *t.kind.get(row)?,
            outcomes: *t.outcomes.get(row)?,
            first_response: *t.first_response.get(row)?,
            arrived: *t.arrived.get(row)?,
            resolved: *t.resolved.get(row)?,
            category: *t.category.get(row)?,
            flags: *t.flags.get(row)?,
            score: *t.score.get(row)?,
        })
    }
}

/// Running totals of one group: its counts, the durations themselves (for percentiles) or,
/// from a cube, their log-bucket histograms, and, for the groups that show a Pareto, complaint
/// counts per category.
#[derive(Debug, Clone, Default)]
pub struct Accumulator {
    counts: Counts,
    durations: [Vec<u32>; DURATIONS],
    /// Durations per [`crate::stats::Buckets`] bucket (a cube's); empty for tickets.
    buckets: [Vec<u64>; DURATIONS],
    /// Complaints per category code; empty when the group shows no Pareto.
    categories: Vec<u64>,
}

impl Accumulator {
    /// An accumulator with a Pareto over `categories` category codes.
    pub fn with_pareto(categories: usize) -> Accumulator {
        Accumulator {
            categories: vec![0; categories],
            ..Accumulator::default()
        }
    }

    /// Adds the counts of tickets whose samples come through [`Accumulator::add_samples`].
    pub fn merge_counts(&mut self, c: &Counts) {
        self.counts.merge(c);
    }

    /// Adds what cannot be summed from groups: a ticket's durations and its Pareto category.
    pub fn add_samples(&mut self, f: &Facts) {
        for (list, d) in self.durations.iter_mut().zip(f.durations()) {
            list.extend(d);
        }
        if f.kind == Kind::Complaint {
            if let Some(c) = self.categories.get_mut(f.category as usize) {
                *c += 1;
            }
        }
    }

    /// Adds `n` complaints of `category` (a cube cell's).
    pub fn add_complaints(&mut self, category: u32, n: u64) {
        if let Some(c) = self.categories.get_mut(category as usize) {
            *c += n;
        }
    }

    /// Adds a histogram of measure `m` (`(bucket, count)` rows, a cube cell's).
    pub fn add_buckets(&mut self, m: usize, rows: &[(u16, u64)]) {
        if let Some(b) = self.buckets.get_mut(m) {
            for &(k, n) in rows {
                let k = usize::from(k);
                if b.len() <= k {
                    b.resize(k + 1, 0);
                }
                if let Some(slot) = b.get_mut(k) {
                    *slot += n;
                }
            }
        }
    }

    /// The KPIs of what was added, with whole groups' durations given as sorted runs (their
    /// counts were merged): percentiles select across the runs and the durations added one by
    /// one. `customers` is the per-10k denominator of the group; `category_order` compares two
    /// category codes by their labels.
    pub fn finish(
        mut self,
        runs: &[Vec<&[u32]>; DURATIONS],
        customers: Option<u64>,
        category_order: impl Fn(u32, u32) -> std::cmp::Ordering,
    ) -> Kpis {
        let (pareto, vital_few) = pareto(&self.categories, category_order);
        let counts = self.counts;
        // Samples of tickets (with sorted runs of groups), or a cube's buckets with the exact
        // sums of its counts.
        let mut summary = |m: usize, unit: f64| {
            let sum = counts.durations.get(m).copied().unwrap_or_default();
            let groups = runs.get(m).filter(|r| !r.is_empty());
            match (self.durations.get_mut(m), self.buckets.get(m), groups) {
                (Some(d), _, Some(groups)) => {
                    d.sort_unstable();
                    let mut all: Vec<&[u32]> = groups.clone();
                    all.push(d);
                    summarize_runs(&all, sum, unit)
                }
                (Some(d), Some(b), None) if d.is_empty() && !b.is_empty() => {
                    summarize_buckets(b, sum, unit)
                }
                (Some(d), _, None) => summarize(d, unit),
                _ => Summary::default(),
            }
        };
        Kpis {
            counts,
            customers,
            first_response_min: summary(0, 60.0),
            repair_arrival_min: summary(1, 60.0),
            resolution_hours: summary(2, 3600.0),
            pareto,
            vital_few,
        }
    }
}

/// Sorts category counts (count descending, then label ascending) and accumulates shares. The
/// 80% test is done on integers (cum × 5 ≥ total × 4) so that an exact 80% is never lost to
/// rounding.
pub fn pareto(
    counts: &[u64],
    order: impl Fn(u32, u32) -> std::cmp::Ordering,
) -> (Vec<ParetoRow>, Option<usize>) {
    let mut rows: Vec<(u32, u64)> = counts
        .iter()
        .enumerate()
        .filter(|(_, &n)| n > 0)
        .map(|(c, &n)| (c as u32, n))
        .collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| order(a.0, b.0)));
    let total: u64 = rows.iter().map(|r| r.1).sum();
    let mut cum = 0u64;
    let mut vital_few = None;
    let out = rows
        .into_iter()
        .enumerate()
        .map(|(i, (category, count))| {
            cum += count;
            if vital_few.is_none() && cum.saturating_mul(5) >= total.saturating_mul(4) {
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
