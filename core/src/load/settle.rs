//! Per-ticket facts that no filter can change, settled once all records are read: each
//! milestone's met/breached/pending outcome and the overdue flag, and whether a complaint repeats
//! an earlier one of the same customer. A filter change then only counts them.

use crate::dataset::{District, Tickets, NOT_YET};
use crate::domain::Kind;
use crate::targets::Targets;
use crate::timeliness::{classify, Milestone, Outcome, Outcomes};

/// Repeat-complaint window: 30 days (kpis.md, "Quality").
pub const REPEAT_WINDOW_SECS: i64 = 43_200 * 60;

/// Classifies every ticket's milestones against its limits at `now` (kpis.md, "Timeliness"):
/// first response by kind, repair arrival by district area (repairs only), resolution by kind,
/// and overdue = unresolved and breaching the resolution limit.
pub(crate) fn settle_outcomes(
    tickets: &mut Tickets,
    districts: &[District],
    targets: &Targets,
    now: i64,
) {
    let first = Kind::ALL.map(|k| targets.first_response_secs(k));
    let resolution = Kind::ALL.map(|k| targets.resolution_secs(k));
    let arrival: Vec<Option<f64>> = districts
        .iter()
        .map(|d| targets.repair_arrival_secs(d.area))
        .collect();
    let outcomes: Vec<Outcomes> = (0..tickets.len())
        .map(|i| {
            let (Some(&opened), Some(&kind)) = (tickets.opened.get(i), tickets.kind.get(i)) else {
                return Outcomes::default();
            };
            let waited = now - opened;
            let mut o = Outcomes::default();
            if let (Some(limit), Some(&at)) = (first[kind.index()], tickets.first_response.get(i)) {
                o.set(Milestone::FirstResponse, classify(at, waited, limit));
            }
            if kind == Kind::Repair {
                let limit = tickets
                    .district
                    .get(i)
                    .and_then(|&d| arrival.get(usize::from(d)).copied().flatten());
                if let (Some(limit), Some(&at)) = (limit, tickets.arrived.get(i)) {
                    o.set(Milestone::RepairArrival, classify(at, waited, limit));
                }
            }
            if let (Some(limit), Some(&at)) = (resolution[kind.index()], tickets.resolved.get(i)) {
                let outcome = classify(at, waited, limit);
                o.set(Milestone::Resolution, outcome);
                if at == NOT_YET && outcome == Outcome::Breached {
                    o.set_overdue();
                }
            }
            o
        })
        .collect();
    tickets.outcomes = outcomes;
}

/// Flags each complaint whose customer has another complaint opened 0 < Δ ≤ 30 days before it
/// (kpis.md, `repeat_complaint_pct`). After one sort by (customer, time), a walk keeps, per
/// customer, the latest time strictly before the current one: linear in the complaints, even
/// when thousands share one instant.
pub(crate) fn mark_repeats(tickets: &mut Tickets, complaints: &[(u32, u32)]) {
    let mut by_customer: Vec<(u32, i64, u32)> = complaints
        .iter()
        .filter_map(|&(customer, row)| {
            let opened = *tickets.opened.get(row as usize)?;
            Some((customer, opened, row))
        })
        .collect();
    by_customer.sort_unstable();
    // (customer, time) of the previous entry, and the latest earlier time of that customer.
    let mut previous: Option<(u32, i64)> = None;
    let mut earlier: Option<i64> = None;
    for &(customer, opened, row) in &by_customer {
        match previous {
            Some((c, t)) if c == customer && t < opened => earlier = Some(t),
            Some((c, _)) if c == customer => {}
            _ => earlier = None,
        }
        previous = Some((customer, opened));
        if earlier.is_some_and(|t| opened - t <= REPEAT_WINDOW_SECS) {
            tickets.mark_repeat(row);
        }
    }
}
