//! A cube (docs/cube-format.md): the additive counts of every KPI per district, month, kind,
//! category, channel and tier, with log-bucket duration histograms, built by `cube/cube.sql` on
//! DuckDB or Spark from exports too large for a browser. The dashboard opens it like an export:
//! [`read`] turns it into a [`Dataset`] whose `cube` holds the cells, and [`report`] computes a
//! view's [`crate::report::Report`] from them with the same frame, counts and KPI code as the
//! tickets' report. Counts, rates and means are exact; medians and p90 come from the buckets
//! (within 1 %). What needs single tickets or days (lists, the score distribution, day periods)
//! is marked as needing the raw file.

mod read;
mod report;

pub use read::load;
pub use report::report;
pub(crate) use report::{sums, GroupSum};

use crate::domain::{Kind, Tier};
use crate::kpi::Counts;

/// One cell: a combination of the dimensions and its counts.
#[derive(Debug, Clone)]
pub(crate) struct Cell {
    pub kind: Kind,
    pub tier: Tier,
    pub category: u32,
    pub channel: u32,
    pub counts: Counts,
}

/// The cells of a cube, grouped by (district, month) like the tickets of an export
/// ([`crate::groups`]): a click sums groups.
#[derive(Debug, Clone, Default)]
pub struct Cube {
    /// Sorted by group.
    pub(crate) cells: Vec<Cell>,
    /// Each group's district and month (a [`crate::dataset::Tickets`] month code), ascending.
    pub(crate) groups: Vec<(u16, u16)>,
    /// The cells of group `g` are `cells[group_start[g]..group_start[g + 1]]`.
    pub(crate) group_start: Vec<u32>,
    /// The histogram of cell `c` and measure `m` is `buckets[hist_start[3c + m]..hist_start[3c
    /// + m + 1]]`: `(bucket, count)` rows, buckets ascending.
    pub(crate) hist_start: Vec<u32>,
    pub(crate) buckets: Vec<(u16, u32)>,
}

impl Cube {
    /// The cells of group `g`, with their index.
    pub(crate) fn cells_of(&self, g: usize) -> impl Iterator<Item = (usize, &Cell)> {
        let start = self.group_start.get(g).map_or(0, |&s| s as usize);
        let end = self.group_start.get(g + 1).map_or(start, |&s| s as usize);
        (start..end).filter_map(|c| Some((c, self.cells.get(c)?)))
    }

    /// The histogram rows of cell `c` for measure `m` (0 first response, 1 arrival, 2 resolution).
    pub(crate) fn histogram(&self, c: usize, m: usize) -> &[(u16, u32)] {
        let at = |i: usize| self.hist_start.get(i).map_or(0, |&s| s as usize);
        let (a, b) = (at(3 * c + m), at(3 * c + m + 1));
        self.buckets.get(a..b).unwrap_or_default()
    }

    pub fn len(&self) -> usize {
        self.cells.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    pub fn heap_bytes(&self) -> usize {
        self.cells.capacity() * std::mem::size_of::<Cell>()
            + self.groups.capacity() * 4
            + self.group_start.capacity() * 4
            + self.hist_start.capacity() * 4
            + self.buckets.capacity() * std::mem::size_of::<(u16, u32)>()
    }
}
