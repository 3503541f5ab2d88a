//! Tickets grouped by district and month, so that a click adds up groups instead of tickets.
//!
//! Every panel but the distributions needs only additive [`Counts`], and most clicks change the
//! districts or the period, not the other filters. So the counts of each (district, month) group
//! under the dimension filters (kind, category, channel, tier) are computed once and kept by the
//! caller ([`GroupCounts`]); a report then sums whole groups, and walks single tickets only
//! where it needs them: the view's own tickets (percentiles, the Pareto, histograms, lists) and
//! months cut by a period of days. Counts are integers, so the sums are exact.
//!
//! The groups follow the data: at most one per ticket, made at load in one pass.

use crate::cube::{Cube, GroupSum};
use crate::dataset::Tickets;
use crate::filter::{Filter, Mask};
use crate::kpi::{Counts, Facts};
use hashbrown::HashMap;

/// Groups summed at most. Beyond this the groups hold a ticket or two each (a file of tens of
/// thousands of districts, or years of sparse months): summing saves nothing, and their counts
/// would take memory that follows the file's spread rather than the view. Reports then count
/// ticket by ticket.
pub const MAX_SUMMED_GROUPS: usize = 1 << 17;

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

/// The counts of each group under one set of dimension filters, kept between reports (the
/// engine holds one per loaded file; a lone report makes its own).
#[derive(Debug, Clone, Default)]
pub struct GroupCounts {
    /// The filter they were counted under, districts left out (they never apply to groups).
    key: Option<Filter>,
    counts: Vec<Counts>,
    /// A cube's group sums under the same filter (a file is tickets or a cube, never both).
    cube: Vec<GroupSum>,
}

impl GroupCounts {
    /// The counts of every group under `filter`'s dimensions, counted now unless they were for
    /// the same dimensions last time; `None` when there are too many groups to sum.
    pub(crate) fn get(
        &mut self,
        t: &Tickets,
        groups: &Groups,
        filter: &Filter,
        mask: &Mask,
    ) -> Option<&[Counts]> {
        if groups.len() > MAX_SUMMED_GROUPS {
            return None;
        }
        let key = Filter {
            districts: Vec::new(),
            ..filter.clone()
        };
        if self.key.as_ref() != Some(&key) || self.counts.len() != groups.len() {
            let mut counts = vec![Counts::default(); groups.len()];
            for (i, &g) in groups.of_row.iter().enumerate() {
                if !mask.dimensions(t, i) {
                    continue;
                }
                if let (Some(c), Some(f)) = (counts.get_mut(g as usize), Facts::of(t, i)) {
                    c.add(&f);
                }
            }
            self.counts = counts;
            self.key = Some(key);
        }
        Some(&self.counts)
    }

    /// The sums of every group of `cube` under `filter`'s dimensions, summed now unless they
    /// were for the same dimensions last time.
    pub(crate) fn cube(&mut self, cube: &Cube, filter: &Filter, mask: &Mask) -> &[GroupSum] {
        let key = Filter {
            districts: Vec::new(),
            ..filter.clone()
        };
        if self.key.as_ref() != Some(&key) || self.cube.len() != cube.groups.len() {
            self.cube = crate::cube::sums(cube, mask);
            self.counts = Vec::new();
            self.key = Some(key);
        }
        &self.cube
    }
}
