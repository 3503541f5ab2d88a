//! Tickets grouped by district and month, so that a click adds up groups instead of tickets.
//!
//! Every panel but the distributions needs only additive [`Counts`], and most clicks change the
//! districts or the period, not the other filters. So the counts of each (district, month) group
//! under the dimension filters (kind, category, channel, tier) are computed once and kept by the
//! caller ([`GroupCounts`]); a report then sums whole groups, and walks single tickets only
//! where it needs them: the view's own tickets (percentiles, the Pareto, histograms, lists) and
//! months cut by a period of days. Counts are integers, so the sums are exact.
//!
//! What cannot be added up as counts is kept per group too, under the same filters
//! ([`Samples`]): each measure's durations sorted, so that a percentile of any union of groups
//! is a selection across sorted runs (exact, kpis.md's type 7), and the distributions and rows
//! of the period panels. A click on districts or periods then costs its groups, not its tickets.
//!
//! The groups follow the data: at most one per ticket, made at load in one pass.

use crate::cube::{Cube, GroupSum};
use crate::dataset::{Info, Tickets};
use crate::domain::{Kind, Tier};
use crate::filter::{Filter, Mask};
use crate::kpi::{Counts, Facts, DURATIONS};
use crate::stats::sort_durations;
use crate::views::complaints::newest_first;
use crate::views::satisfaction::{ResolutionBand, ScoreTally};
use crate::views::timeliness::{Histogram, SecondsBins};
use hashbrown::HashMap;

/// Groups summed at most. Beyond this the groups hold a ticket or two each (a file of tens of
/// thousands of districts, or years of sparse months): summing saves nothing, and their counts
/// would take memory that follows the file's spread rather than the view. Reports then count
/// ticket by ticket.
pub const MAX_SUMMED_GROUPS: usize = 1 << 17;

/// Groups hold samples only when they average at least this many tickets: below it a group's
/// fixed share of memory outweighs what summing saves, and reports walk their tickets.
pub const MIN_TICKETS_FOR_SAMPLES: usize = 64;

/// The (district, month) group of every ticket.
#[derive(Debug, Clone, Default)]
pub struct Groups {
    /// The group of each ticket row.
    of_row: Vec<u32>,
    /// Each group's district and month (a [`Tickets::month`] code), in order of first ticket.
    keys: Vec<(u16, u16)>,
}

impl Groups {
    /// Groups the sealed columns: one pass, one hash lookup per ticket.
    pub(crate) fn of(t: &Tickets) -> Groups {
        let mut index: HashMap<(u16, u16), u32> = HashMap::new();
        let mut keys = Vec::new();
        let mut last: Option<((u16, u16), u32)> = None;
        let of_row = t
            .district
            .iter()
            .zip(&t.month)
            .map(|(&d, &m)| {
                let key = (d, m);
                // Exports are often sorted by district or time: runs skip the lookup.
                if let Some((k, g)) = last {
                    if k == key {
                        return g;
                    }
                }
                let g = *index.entry(key).or_insert_with(|| {
                    keys.push(key);
                    u32::try_from(keys.len() - 1).unwrap_or(u32::MAX)
                });
                last = Some((key, g));
                g
            })
            .collect();
        Groups { of_row, keys }
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The group of ticket `row`.
    #[inline]
    pub(crate) fn of_row(&self, row: usize) -> Option<usize> {
        self.of_row.get(row).map(|&g| g as usize)
    }

    /// District and month code of each group, by group index.
    pub(crate) fn keys(&self) -> &[(u16, u16)] {
        &self.keys
    }

    pub fn heap_bytes(&self) -> usize {
        self.of_row.capacity() * std::mem::size_of::<u32>()
            + self.keys.capacity() * std::mem::size_of::<(u16, u16)>()
    }
}

/// What one group's tickets give beyond counts, under the dimension filters.
#[derive(Debug, Clone, Default)]
pub(crate) struct Samples {
    /// Each measure's durations (`kpi::DURATIONS` order), ascending.
    pub durations: [Vec<u32>; DURATIONS],
    /// Complaints per category code.
    pub categories: Vec<(u32, u64)>,
    pub spread: Spread,
}

/// What the period panels show of some tickets of one area: distributions and list rows. A
/// group keeps one; a report gathers the tickets it walks into one per area.
#[derive(Debug, Clone, Default)]
pub(crate) struct Spread {
    /// Complaints per channel code.
    pub channels: Vec<(u32, u64)>,
    /// Tickets per bin of the first-response and the repair-arrival histogram.
    pub first_response: Vec<u64>,
    pub repair_arrival: Vec<u64>,
    /// Scores 1..=5, tallies by kind and by resolution band.
    pub scores: [u64; 5],
    pub kinds: [ScoreTally; 6],
    pub bands: [ScoreTally; 5],
    /// (opened, row) of the overdue tickets, oldest first, and of the tier-A complaints, newest
    /// first (the orders of their lists) once sealed.
    pub overdue: Vec<(i64, u32)>,
    pub key_complaints: Vec<(i64, u32)>,
}

/// The first-response and repair-arrival bins a [`Spread`] counts, over whole seconds (the
/// histograms' edges, which follow the file's targets).
pub(crate) type Bins = (SecondsBins, SecondsBins);

pub(crate) fn bins(info: &Info) -> Bins {
    (
        Histogram::first_response(&info.targets).seconds_bins(),
        Histogram::repair_arrival(&info.targets).seconds_bins(),
    )
}

impl Spread {
    pub(crate) fn add(&mut self, t: &Tickets, i: usize, f: &Facts, bins: &Bins) {
        let [first_response, arrived, resolved] = f.durations();
        if let Some(d) = first_response {
            bump(&mut self.first_response, bins.0.bin(d));
        }
        if let Some(d) = arrived {
            bump(&mut self.repair_arrival, bins.1.bin(d));
        }
        if let Some(d) = resolved {
            if let Some(b) = self.bands.get_mut(ResolutionBand::of(d).index()) {
                b.add(f.score);
            }
        }
        if let Some(n) = usize::from(f.score)
            .checked_sub(1)
            .and_then(|s| self.scores.get_mut(s))
        {
            *n += 1;
        }
        if let Some(k) = self.kinds.get_mut(f.kind.index()) {
            k.add(f.score);
        }
        let opened = t.opened.get(i).copied().unwrap_or(0);
        if f.outcomes.overdue() {
            self.overdue.push((opened, i as u32));
        }
        if f.kind == Kind::Complaint {
            if let Some(&c) = t.channel.get(i) {
                self.channels.push((c, 1));
            }
            if t.tier.get(i) == Some(&Tier::A) {
                self.key_complaints.push((opened, i as u32));
            }
        }
    }

    /// Sorts the rows in the order their lists show them and folds the channels.
    pub(crate) fn seal(&mut self, t: &Tickets) {
        self.overdue.sort_unstable();
        self.key_complaints.sort_by(|a, b| newest_first(t, a, b));
        fold(&mut self.channels);
    }
}

/// Entries `(code, n)` summed per code, codes ascending.
fn fold(list: &mut Vec<(u32, u64)>) {
    list.sort_unstable_by_key(|&(c, _)| c);
    list.dedup_by(|b, a| {
        let same = a.0 == b.0;
        if same {
            a.1 += b.1;
        }
        same
    });
    list.shrink_to_fit();
}

impl Samples {
    /// Empty samples with room for the durations and complaints that `counts` counted.
    fn sized(counts: &Counts) -> Samples {
        let room = |n: u64| usize::try_from(n).unwrap_or(0);
        Samples {
            durations: counts.durations.map(|d| Vec::with_capacity(room(d.n))),
            categories: Vec::with_capacity(room(counts.complaints())),
            spread: Spread::default(),
        }
    }

    fn add(&mut self, t: &Tickets, i: usize, f: &Facts, bins: &Bins) {
        for (list, d) in self.durations.iter_mut().zip(f.durations()) {
            list.extend(d);
        }
        if f.kind == Kind::Complaint {
            self.categories.push((f.category, 1));
        }
        self.spread.add(t, i, f, bins);
    }

    /// Sorts the durations, folds the categories and seals the spread.
    fn seal(&mut self, t: &Tickets, scratch: &mut Vec<u32>) {
        for d in &mut self.durations {
            sort_durations(d, scratch);
            d.shrink_to_fit();
        }
        fold(&mut self.categories);
        self.spread.seal(t);
    }
}

fn bump(bins: &mut Vec<u64>, bin: usize) {
    if bins.len() <= bin {
        bins.resize(bin + 1, 0);
    }
    if let Some(n) = bins.get_mut(bin) {
        *n += 1;
    }
}

/// The group sums a report reads: counts, and samples where groups are large enough.
pub(crate) struct Sums<'a> {
    pub counts: &'a [Counts],
    pub samples: Option<&'a [Samples]>,
}

/// What group sums depend on: the filter without its districts (they never apply to groups).
fn dimensions_of(filter: &Filter) -> Filter {
    Filter {
        districts: Vec::new(),
        ..filter.clone()
    }
}

/// The counts of each group under one set of dimension filters, kept between reports (the
/// engine holds one per loaded file; a lone report makes its own).
#[derive(Debug, Clone, Default)]
pub struct GroupCounts {
    /// The filter they were counted under, districts left out (they never apply to groups).
    key: Option<Filter>,
    counts: Vec<Counts>,
    samples: Option<Vec<Samples>>,
    /// Reports count ticket by ticket (the reference the sums are tested against).
    walk_only: bool,
    /// A cube's group sums under the same filter (a file is tickets or a cube, never both).
    cube: Vec<GroupSum>,
}

impl GroupCounts {
    /// Kept counts that are never used: every report counts ticket by ticket. The reference
    /// the summed reports are tested against.
    pub fn walk_only() -> GroupCounts {
        GroupCounts {
            walk_only: true,
            ..GroupCounts::default()
        }
    }

    /// The counts (and samples) of every group under `filter`'s dimensions, counted now unless
    /// they were for the same dimensions last time; `None` when there are too many groups to
    /// sum.
    pub(crate) fn get(
        &mut self,
        info: &Info,
        t: &Tickets,
        groups: &Groups,
        filter: &Filter,
        mask: &Mask,
    ) -> Option<Sums<'_>> {
        if groups.len() > MAX_SUMMED_GROUPS || self.walk_only {
            return None;
        }
        let key = dimensions_of(filter);
        if self.key.as_ref() != Some(&key) || self.counts.len() != groups.len() {
            let mut counts = vec![Counts::default(); groups.len()];
            let accepted = |i: usize| mask.dimensions(t, i).then(|| Facts::of(t, i)).flatten();
            for (i, &g) in groups.of_row.iter().enumerate() {
                if let (Some(f), Some(c)) = (accepted(i), counts.get_mut(g as usize)) {
                    c.add(&f);
                }
            }
            // A second pass, into samples made the size the counts say: grown by doubling as
            // they filled, they were copied on the way and took up to twice their size, and the
            // first view of a file was the engine's largest use of memory.
            let with_samples = groups.len().saturating_mul(MIN_TICKETS_FOR_SAMPLES) <= t.len();
            let mut samples: Option<Vec<Samples>> =
                with_samples.then(|| counts.iter().map(Samples::sized).collect());
            if let Some(samples) = samples.as_mut() {
                let bins = bins(info);
                for (i, &g) in groups.of_row.iter().enumerate() {
                    if let (Some(f), Some(s)) = (accepted(i), samples.get_mut(g as usize)) {
                        s.add(t, i, &f, &bins);
                    }
                }
                let mut scratch = Vec::new();
                for s in samples.iter_mut() {
                    s.seal(t, &mut scratch);
                }
            }
            self.counts = counts;
            self.samples = samples;
            self.key = Some(key);
        }
        Some(Sums {
            counts: &self.counts,
            samples: self.samples.as_deref(),
        })
    }

    /// The sums of every group of `cube` under `filter`'s dimensions, summed now unless they
    /// were for the same dimensions last time.
    pub(crate) fn cube(&mut self, cube: &Cube, filter: &Filter, mask: &Mask) -> &[GroupSum] {
        let key = dimensions_of(filter);
        if self.key.as_ref() != Some(&key) || self.cube.len() != cube.groups.len() {
            self.cube = crate::cube::sums(cube, mask);
            self.counts = Vec::new();
            self.samples = None;
            self.key = Some(key);
        }
        &self.cube
    }
}
