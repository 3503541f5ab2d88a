//! Filters: which tickets are in the view. A filter change only re-runs [`select`] over the
//! columns; the file is never parsed again.

use crate::dataset::Dataset;
use crate::domain::{Kind, Tier};
use crate::period::Period;

/// The dimension filters. An empty list means "all".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// District indices into `Dataset::districts`.
    pub districts: Vec<u16>,
    pub kinds: Vec<Kind>,
    /// Category codes (`Dataset::categories`).
    pub categories: Vec<u32>,
    /// Channel codes (`Dataset::channels`).
    pub channels: Vec<u32>,
    pub tiers: Vec<Tier>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.districts.is_empty()
            && self.kinds.is_empty()
            && self.categories.is_empty()
            && self.channels.is_empty()
            && self.tiers.is_empty()
    }

    /// The sum of `customers` over the districts in the view (all districts when none is
    /// selected): the denominator of per-10k rates. Undefined if any of them lacks `customers`.
    pub fn customers(&self, ds: &Dataset) -> Option<u64> {
        if self.districts.is_empty() {
            ds.districts.iter().map(|d| d.customers).sum()
        } else {
            self.districts
                .iter()
                .map(|&i| ds.districts.get(usize::from(i)).and_then(|d| d.customers))
                .sum()
        }
    }
}

/// A membership table over codes `0..len`; `None` accepts everything.
fn table<T: Copy>(values: &[T], len: usize, index: impl Fn(T) -> usize) -> Option<Vec<bool>> {
    if values.is_empty() {
        return None;
    }
    let mut t = vec![false; len];
    for &v in values {
        if let Some(slot) = t.get_mut(index(v)) {
            *slot = true;
        }
    }
    Some(t)
}

fn accepts(table: &Option<Vec<bool>>, code: usize) -> bool {
    table
        .as_ref()
        .is_none_or(|t| t.get(code).copied().unwrap_or(false))
}

/// Rows of the tickets that opened on a local day inside `period` (any day when `None`) and pass
/// every dimension filter, in row order.
pub fn select(ds: &Dataset, period: Option<Period>, filter: &Filter) -> Vec<u32> {
    let t = &ds.tickets;
    let (start, end) = match period {
        Some(p) => (
            p.from.start_utc(ds.meta.offset),
            p.to.plus(1).start_utc(ds.meta.offset),
        ),
        None => (i64::MIN, i64::MAX),
    };
    let districts = table(&filter.districts, ds.districts.len(), usize::from);
    let kinds = table(&filter.kinds, Kind::ALL.len(), Kind::index);
    let categories = table(&filter.categories, ds.categories.len(), |c| c as usize);
    let channels = table(&filter.channels, ds.channels.len(), |c| c as usize);
    let tiers = table(&filter.tiers, Tier::ALL.len(), Tier::index);
    let mut rows = Vec::new();
    for (i, &opened) in t.opened.iter().enumerate() {
        if opened < start || opened >= end {
            continue;
        }
        let keep = accepts(&districts, usize::from(t.district[i]))
            && accepts(&kinds, t.kind[i].index())
            && accepts(&categories, t.category[i] as usize)
            && accepts(&channels, t.channel[i] as usize)
            && accepts(&tiers, t.tier[i].index());
        if keep {
            rows.push(i as u32);
        }
    }
    rows
}
