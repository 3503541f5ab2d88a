//! Filters: which tickets are in the view. A filter change only re-runs the report's pass over
//! the columns; the file is never read again.

use crate::dataset::{Info, Tickets};
use crate::domain::{Kind, Tier};
use serde::{Deserialize, Serialize};

/// The dimension filters. An empty list means "all".
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Filter {
    /// District indices into `Info::districts`.
    pub districts: Vec<u16>,
    pub kinds: Vec<Kind>,
    /// Category codes (`Info::categories`).
    pub categories: Vec<u32>,
    /// Channel codes (`Info::channels`).
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

    /// Whether district `index` is in view (every district when none is selected).
    pub fn has_district(&self, index: u16) -> bool {
        self.districts.is_empty() || self.districts.contains(&index)
    }

    /// The sum of `customers` over the districts in the view (all districts when none is
    /// selected): the denominator of per-10k rates. Undefined if any of them lacks `customers`
    /// (or, impossibly with at most 65,535 districts of at most 10^9, the sum overflowed).
    pub fn customers(&self, info: &Info) -> Option<u64> {
        let each = |d: &crate::dataset::District| d.customers;
        if self.districts.is_empty() {
            info.districts
                .iter()
                .try_fold(0u64, |sum, d| sum.checked_add(each(d)?))
        } else {
            self.districts.iter().try_fold(0u64, |sum, &i| {
                sum.checked_add(info.district(i).and_then(each)?)
            })
        }
    }
}

/// A filter compiled into membership tables for the per-row test.
pub(crate) struct Mask {
    districts: Option<Vec<bool>>,
    kinds: Option<Vec<bool>>,
    categories: Option<Vec<bool>>,
    channels: Option<Vec<bool>>,
    tiers: Option<Vec<bool>>,
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

impl Mask {
    pub fn new(filter: &Filter, info: &Info) -> Mask {
        Mask {
            districts: table(&filter.districts, info.districts.len(), usize::from),
            kinds: table(&filter.kinds, Kind::ALL.len(), Kind::index),
            categories: table(&filter.categories, info.categories.len(), |c| c as usize),
            channels: table(&filter.channels, info.channels.len(), |c| c as usize),
            tiers: table(&filter.tiers, Tier::ALL.len(), Tier::index),
        }
    }

    /// Every filter but the districts accepts row `i` (ranking panels keep every district).
    #[inline]
    pub fn dimensions(&self, t: &Tickets, i: usize) -> bool {
        let (Some(&kind), Some(&category), Some(&channel), Some(&tier)) = (
            t.kind.get(i),
            t.category.get(i),
            t.channel.get(i),
            t.tier.get(i),
        ) else {
            return false;
        };
        self.accepts(kind, category, channel, tier)
    }

    /// Every filter but the districts accepts this combination (a ticket's or a cube cell's).
    #[inline]
    pub fn accepts(&self, kind: Kind, category: u32, channel: u32, tier: Tier) -> bool {
        accepts(&self.kinds, kind.index())
            && accepts(&self.categories, category as usize)
            && accepts(&self.channels, channel as usize)
            && accepts(&self.tiers, tier.index())
    }

    #[inline]
    pub fn district(&self, d: u16) -> bool {
        accepts(&self.districts, usize::from(d))
    }
}
