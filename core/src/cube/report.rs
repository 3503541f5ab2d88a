//! A view's report from a cube: the frame and totals of the tickets' report
//! ([`crate::report::Frame`]), fed with (district, month) group sums instead of tickets.
//!
//! The sums of every group under the dimension filters (kind, category, channel, tier) are made
//! once per set of those filters and kept by the caller, like the tickets' group counts: a click
//! on districts or periods then adds up at most one sum per group, whatever the cube's size.
//!
//! A cube's months are whole: a month counts in a period it touches (links widen a period of
//! days to whole months and say so, `link.rs`). The period's distributions come from the
//! buckets: the first-response and arrival histograms place each bucket at its representative
//! (a duration within 1 % of a bin edge may fall in the next bin); the score distribution, the
//! scores by resolution time and the lists of single tickets need the raw export, and their
//! panels say so (`panels::needs_tickets`); the lists' totals are exact.

use super::Cube;
use crate::dataset::Info;
use crate::domain::{Area, Tier};
use crate::filter::Mask;
use crate::groups::GroupCounts;
use crate::kpi::{Counts, DURATIONS};
use crate::report::{Cover, Frame, PeriodView, Report, Scope};
use crate::stats::Buckets;
use crate::views::satisfaction::ScoreTally;

/// What the cells of one (district, month) group add up to under the dimension filters.
#[derive(Debug, Clone, Default)]
pub(crate) struct GroupSum {
    counts: Counts,
    /// `(bucket, durations)` per measure, buckets ascending.
    buckets: [Vec<(u16, u64)>; DURATIONS],
    /// Complaints per category and per channel, `(code, count)`.
    categories: Vec<(u32, u64)>,
    channels: Vec<(u32, u64)>,
    /// Score tallies by kind (`Kind::index`).
    kinds: [ScoreTally; 6],
    /// Complaints from tier-A customers.
    key_complaints: u64,
}

/// Dense scratch counts over small codes, emptied after each group: only the codes touched are
/// visited, so a group costs its cells, not the code range.
#[derive(Default)]
struct Scratch {
    counts: Vec<u64>,
    touched: Vec<u32>,
}

impl Scratch {
    fn add(&mut self, code: u32, n: u64) {
        let i = code as usize;
        if self.counts.len() <= i {
            self.counts.resize(i + 1, 0);
        }
        if let Some(c) = self.counts.get_mut(i) {
            if *c == 0 {
                self.touched.push(code);
            }
            *c += n;
        }
    }

    /// The codes touched, ascending, with their counts; the scratch is empty again.
    fn take(&mut self) -> Vec<(u32, u64)> {
        self.touched.sort_unstable();
        let counts = &mut self.counts;
        let out = self
            .touched
            .iter()
            .filter_map(|&k| {
                let c = counts.get_mut(k as usize)?;
                Some((k, std::mem::take(c)))
            })
            .filter(|&(_, n)| n > 0)
            .collect();
        self.touched.clear();
        out
    }
}

/// The sum of every group's cells that the dimension filters accept.
pub(crate) fn sums(cube: &Cube, mask: &Mask) -> Vec<GroupSum> {
    let mut buckets: [Scratch; DURATIONS] = Default::default();
    let mut categories = Scratch::default();
    let mut channels = Scratch::default();
    (0..cube.groups.len())
        .map(|g| {
            let mut sum = GroupSum::default();
            for (c, cell) in cube.cells_of(g) {
                if !mask.accepts(cell.kind, cell.category, cell.channel, cell.tier) {
                    continue;
                }
                sum.counts.merge(&cell.counts);
                for (m, scratch) in buckets.iter_mut().enumerate() {
                    for &(k, n) in cube.histogram(c, m) {
                        scratch.add(u32::from(k), u64::from(n));
                    }
                }
                if let Some(k) = sum.kinds.get_mut(cell.kind.index()) {
                    k.merge(&ScoreTally::of(&cell.counts));
                }
                let complaints = cell.counts.complaints();
                if complaints > 0 {
                    categories.add(cell.category, complaints);
                    channels.add(cell.channel, complaints);
                    if cell.tier == Tier::A {
                        sum.key_complaints += complaints;
                    }
                }
            }
            for (out, scratch) in sum.buckets.iter_mut().zip(&mut buckets) {
                *out = scratch
                    .take()
                    .into_iter()
                    .map(|(k, n)| (u16::try_from(k).unwrap_or(Buckets::MAX), n))
                    .collect();
            }
            sum.categories = categories.take();
            sum.channels = channels.take();
            sum
        })
        .collect()
}

/// Computes a view from a cube (the tickets' [`crate::report::report_with`] calls it).
pub fn report(info: &Info, cube: &Cube, scope: &Scope, cache: &mut GroupCounts) -> Report {
    let frame = match Frame::new(info, scope) {
        Ok(frame) => frame,
        Err(empty) => return *empty,
    };
    let mut totals = frame.totals(info);
    let mut view = PeriodView::new(info);
    let (mut overdue, mut key_complaints) = (0u64, 0u64);
    let sums = cache.cube(cube, &scope.filter, &frame.mask);
    for (&(district, m), g) in cube.groups.iter().zip(sums) {
        if g.counts.tickets == 0 {
            continue;
        }
        let Some(p) = frame.place(district, info.month_of(m), true, true) else {
            continue;
        };
        let inside = p.covers.map(|c| c != Cover::Out);
        totals.count(&p, inside, &g.counts);
        if !p.in_view {
            continue;
        }
        for slot in totals.slots(p.slot.month, inside) {
            for (m, rows) in g.buckets.iter().enumerate() {
                slot.acc.add_buckets(m, rows);
            }
            for &(c, n) in &g.categories {
                slot.acc.add_complaints(c, n);
            }
        }
        if !inside[0] {
            continue;
        }
        let area = info.district(district).map_or(Area::Urban, |d| d.area);
        let secs = |k: u16| Buckets::representative(usize::from(k)).round() as u32;
        for &(k, n) in &g.buckets[0] {
            view.first_response.add(area, secs(k), n);
        }
        for &(k, n) in &g.buckets[1] {
            view.repair_arrival.add(area, secs(k), n);
        }
        for &(c, n) in &g.channels {
            view.add_channel(c, n);
        }
        for (a, b) in view.kind_scores.iter_mut().zip(&g.kinds) {
            a.merge(b);
        }
        overdue += g.counts.overdue;
        key_complaints += g.key_complaints;
    }
    view.overdue.total = usize::try_from(overdue).unwrap_or(usize::MAX);
    view.key_complaints.total = usize::try_from(key_complaints).unwrap_or(usize::MAX);
    frame.finish(info, scope, totals, view)
}
