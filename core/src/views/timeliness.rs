//! The timeliness view's figures: how long first responses and repair arrivals take (binned by
//! the district's area type, with the commitments as bin edges), the monthly median and p90 of
//! each duration, backlog and overdue work orders by district, and the oldest overdue tickets.
//!
//! Every figure is over the tickets of the view (`Report::rows` and its groups), as kpis.md
//! defines them; an undefined statistic is `None`.

use super::{district_bars, DistrictBars};
use crate::calendar::{local_date_time, Month, SECONDS_PER_DAY};
use crate::catalog::Metric;
use crate::dataset::{Dataset, Info};
use crate::domain::{Area, Kind};
use crate::i18n::Lang;
use crate::kpi::Kpis;
use crate::report::Report;
use crate::stats::Summary;
use crate::targets::Targets;
use serde::{Deserialize, Serialize};

/// Standard first-response bin edges, minutes: fine steps under the one-hour inquiry commitment,
/// then doubling up to the one-day complaint commitment.
pub const FIRST_RESPONSE_EDGES: [f64; 7] = [15.0, 30.0, 60.0, 120.0, 240.0, 480.0, 1440.0];

/// Standard repair-arrival bin edges, minutes, around the 45/90/120-minute commitments.
pub const REPAIR_ARRIVAL_EDGES: [f64; 7] = [15.0, 30.0, 45.0, 60.0, 90.0, 120.0, 180.0];

/// Whose commitment a limit is: a kind's (first response) or an area's (repair arrival).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LimitOf {
    Kind(Kind),
    Area(Area),
}

impl LimitOf {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            LimitOf::Kind(k) => k.label(lang),
            LimitOf::Area(a) => a.label(lang),
        }
    }
}

/// A service commitment drawn as a bin edge.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Limit {
    pub minutes: f64,
    pub of: LimitOf,
}

/// A histogram's bins for durations in whole seconds: `bin(secs)` is [`Histogram::bin`]`(secs)`
/// for every `secs`, by integer comparisons. The first view bins every ticket's first-response
/// and repair-arrival durations, and a division and a search among floating-point edges per
/// duration were about a sixth of its time.
#[derive(Debug, Clone)]
pub(crate) struct SecondsBins {
    /// Per edge, the fewest seconds whose minutes lie above it (2^32 when no `u32` does).
    first_after: Vec<u64>,
}

impl SecondsBins {
    pub(crate) fn bin(&self, secs: u32) -> usize {
        let secs = u64::from(secs);
        self.first_after.partition_point(|&first| first <= secs)
    }
}

/// The fewest whole seconds `s` with `edge < s / 60` as [`Histogram::bin`] computes it, found by
/// halving `0..=2^32`: the quotient never decreases as `s` grows, so the seconds above an edge
/// are all those from this one on, and a duration's bin is the number of edges it reaches.
fn first_after(edge: f64) -> u64 {
    let above = |s: u64| edge < s as f64 / 60.0;
    let (mut low, mut high) = (0u64, 1u64 << 32);
    if above(low) {
        return low;
    }
    // `above(low)` is false; `high` is past every u32 whether or not it is above.
    while high - low > 1 {
        let mid = low + (high - low) / 2;
        if above(mid) {
            high = mid;
        } else {
            low = mid;
        }
    }
    high
}

/// Durations binned by minutes, one row of counts per district area type.
///
/// Bin `i` holds durations `d` with `edges[i-1] < d ≤ edges[i]` (the first bin from 0, the
/// last everything above the final edge). Upper edges are inclusive because a milestone exactly
/// on its limit is met (kpis.md), so a bin edge at a limit separates met from late exactly.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Histogram {
    /// Upper edges in minutes, ascending; there are `edges.len() + 1` bins.
    pub edges: Vec<f64>,
    /// `counts[area.index()][bin]`, areas in `Area::ALL` order.
    pub counts: [Vec<u64>; 3],
    /// The commitments in force, shortest first; each positive one is one of `edges`.
    pub limits: Vec<Limit>,
}

impl Histogram {
    /// Empty bins over the standard edges and every limit (each limit becomes an edge, so the
    /// bins stay exact whatever limits the export sets). Non-positive limits are no edge.
    /// Limits are kept shortest first.
    fn new(standard: &[f64], mut limits: Vec<Limit>) -> Histogram {
        limits.sort_by(|a, b| a.minutes.total_cmp(&b.minutes));
        let mut edges: Vec<f64> = standard
            .iter()
            .copied()
            .chain(limits.iter().map(|l| l.minutes))
            .filter(|e| e.is_finite() && *e > 0.0)
            .collect();
        edges.sort_by(f64::total_cmp);
        edges.dedup();
        let bins = edges.len() + 1;
        Histogram {
            edges,
            counts: [vec![0; bins], vec![0; bins], vec![0; bins]],
            limits,
        }
    }

    /// First-response minutes, with the commitments by kind as edges.
    pub fn first_response(targets: &Targets) -> Histogram {
        let limits = Kind::ALL
            .iter()
            .filter_map(|&k| {
                Some(Limit {
                    minutes: targets.first_response_min[k.index()]?,
                    of: LimitOf::Kind(k),
                })
            })
            .collect();
        Histogram::new(&FIRST_RESPONSE_EDGES, limits)
    }

    /// Repair-arrival minutes, with the commitments by area (45/90/120 by default) as edges.
    pub fn repair_arrival(targets: &Targets) -> Histogram {
        let limits = Area::ALL
            .iter()
            .filter_map(|&a| {
                Some(Limit {
                    minutes: targets.repair_arrival_min[a.index()]?,
                    of: LimitOf::Area(a),
                })
            })
            .collect();
        Histogram::new(&REPAIR_ARRIVAL_EDGES, limits)
    }

    /// Counts `n` durations of `secs` seconds for tickets in a district of `area`.
    pub(crate) fn add(&mut self, area: Area, secs: u32, n: u64) {
        self.add_to_bin(area, self.bin(secs), n);
    }

    /// The bin of a duration of `secs` seconds.
    pub(crate) fn bin(&self, secs: u32) -> usize {
        let minutes = f64::from(secs) / 60.0;
        self.edges.partition_point(|&e| e < minutes)
    }

    /// The same bins over whole seconds, found without a division (see [`SecondsBins`]).
    pub(crate) fn seconds_bins(&self) -> SecondsBins {
        SecondsBins {
            first_after: self.edges.iter().map(|&edge| first_after(edge)).collect(),
        }
    }

    /// Counts `n` tickets of a district of `area` in bin `bin`.
    pub(crate) fn add_to_bin(&mut self, area: Area, bin: usize, n: u64) {
        if let Some(count) = self
            .counts
            .get_mut(area.index())
            .and_then(|c| c.get_mut(bin))
        {
            *count += n;
        }
    }

    /// Number of bins.
    pub fn bins(&self) -> usize {
        self.edges.len() + 1
    }

    /// Tickets counted in bin `bin` over all areas.
    pub fn total(&self, bin: usize) -> u64 {
        self.counts.iter().filter_map(|c| c.get(bin)).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.counts.iter().all(|c| c.iter().all(|&n| n == 0))
    }

    /// The limits that are bin `bin`'s upper edge.
    pub fn limits_ending(&self, bin: usize) -> Vec<Limit> {
        match self.edges.get(bin) {
            Some(&edge) => self
                .limits
                .iter()
                .copied()
                .filter(|l| l.minutes == edge)
                .collect(),
            None => Vec::new(),
        }
    }

    /// Bin labels in minutes: "0–15", "15–30", …, ">1440".
    pub fn labels(&self) -> Vec<String> {
        let mut lower = "0".to_string();
        let mut out: Vec<String> = self
            .edges
            .iter()
            .map(|&e| {
                let upper = minutes_text(e);
                let label = format!("{lower}–{upper}");
                lower = upper;
                label
            })
            .collect();
        out.push(format!(">{lower}"));
        out
    }
}

/// Minutes as written on an axis: whole numbers without decimals, others with one.
pub fn minutes_text(m: f64) -> String {
    if m.fract() == 0.0 {
        format!("{m:.0}")
    } else {
        format!("{m:.1}")
    }
}

/// Median and p90 of one duration per month; `None` for a month without a value (a gap).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Quantiles {
    pub median: Vec<Option<f64>>,
    pub p90: Vec<Option<f64>>,
}

impl Quantiles {
    fn of(months: &[Kpis], summary: impl Fn(&Kpis) -> &Summary) -> Quantiles {
        Quantiles {
            median: months.iter().map(|k| summary(k).median).collect(),
            p90: months.iter().map(|k| summary(k).p90).collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.median.iter().chain(&self.p90).all(Option::is_none)
    }
}

/// The monthly median and p90 (kpis.md, type-7 percentiles) of the three durations over the
/// trend's 12 months: first response and repair arrival in minutes, resolution in hours.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DurationTrend {
    pub months: Vec<Month>,
    pub selected: Vec<bool>,
    pub first_response: Quantiles,
    pub repair_arrival: Quantiles,
    pub resolution: Quantiles,
}

pub fn duration_trend(report: &Report) -> DurationTrend {
    let t = &report.trend;
    DurationTrend {
        months: t.months.clone(),
        selected: t.selected.clone(),
        first_response: Quantiles::of(&t.current, |k| &k.first_response_min),
        repair_arrival: Quantiles::of(&t.current, |k| &k.repair_arrival_min),
        resolution: Quantiles::of(&t.current, |k| &k.resolution_hours),
    }
}

/// Backlog by district (every district of the file), with the overdue part.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Backlog {
    pub backlog: DistrictBars,
    pub overdue: Vec<Option<f64>>,
}

pub fn backlog_by_district(info: &Info, report: &Report) -> Backlog {
    Backlog {
        backlog: district_bars(info, report, Metric::Backlog),
        overdue: district_bars(info, report, Metric::Overdue)
            .bars
            .into_iter()
            .map(|b| b.value)
            .collect(),
    }
}

/// Rows listed at most in the oldest-overdue table.
pub const OVERDUE_SHOWN: usize = 50;

/// An overdue ticket as listed: file values as they are (shown as text only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OverdueTicket {
    pub id: String,
    pub kind: Kind,
    pub district: String,
    pub category: String,
    /// Opening time, local to the export: "2026-10-06 19:53".
    pub opened: String,
    /// Seconds from opening to `now`.
    pub age_secs: i64,
    /// Seconds past the resolution limit at `now` (age − limit; > 0 for an overdue ticket).
    pub past_limit_secs: i64,
}

/// The oldest overdue tickets of the view, and how many there are in all.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OverdueList {
    pub tickets: Vec<OverdueTicket>,
    pub total: usize,
}

/// The overdue tickets of the view (unresolved and past their resolution limit at `now`),
/// `total` in all, oldest opening first (ties in file order), at most [`OVERDUE_SHOWN`]: `rows`
/// (opening time and row, gathered by the report) hold at least the oldest of them.
pub fn oldest_overdue(ds: &Dataset, mut rows: Vec<(i64, u32)>, total: usize) -> OverdueList {
    rows.sort_unstable();
    let tickets = rows
        .into_iter()
        .take(OVERDUE_SHOWN)
        .filter_map(|(opened, row)| overdue_ticket(ds, row, opened))
        .collect();
    OverdueList { tickets, total }
}

fn overdue_ticket(ds: &Dataset, row: u32, opened: i64) -> Option<OverdueTicket> {
    let t = &ds.tickets;
    let i = row as usize;
    let kind = *t.kind.get(i)?;
    let district = ds.districts.get(usize::from(*t.district.get(i)?))?;
    let age_secs = ds.meta.exported_at - opened;
    let limit = ds.targets.resolution_secs(kind)?;
    Some(OverdueTicket {
        id: t.id(row).to_string(),
        kind,
        district: district.name.clone(),
        category: ds.categories.get(*t.category.get(i)?).to_string(),
        opened: local_date_time(opened, ds.meta.offset),
        age_secs,
        past_limit_secs: age_secs - limit.round() as i64,
    })
}

/// A span of time in its two largest units: "3 天 4 小时", "2 小时 5 分钟", "40 分钟"
/// ("3 d 4 h", "2 h 5 min", "40 min"). Negative spans read as 0.
pub fn span_text(secs: i64, lang: Lang) -> String {
    let secs = secs.max(0);
    let (days, hours, minutes) = (
        secs / SECONDS_PER_DAY,
        secs % SECONDS_PER_DAY / 3600,
        secs % 3600 / 60,
    );
    match lang {
        Lang::Zh if days > 0 => format!("{days} 天 {hours} 小时"),
        Lang::Zh if hours > 0 => format!("{hours} 小时 {minutes} 分钟"),
        Lang::Zh => format!("{minutes} 分钟"),
        Lang::En if days > 0 => format!("{days} d {hours} h"),
        Lang::En if hours > 0 => format!("{hours} h {minutes} min"),
        Lang::En => format!("{minutes} min"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_over_seconds_equal_the_histograms_bins_at_every_edge() {
        // Whole, fractional and unreachable edges, and edges one step either side of a whole
        // number of seconds, where a division could round either way.
        let edge_sets: [&[f64]; 5] = [
            &FIRST_RESPONSE_EDGES,
            &REPAIR_ARRIVAL_EDGES,
            &[0.1, 1.0 / 3.0, 7.5, 44.999_999, 45.000_001, 1e12],
            &[
                15.000_000_000_000_002,
                29.999_999_999_999_996,
                71_582_788.25,
            ],
            &[],
        ];
        for edges in edge_sets {
            let h = Histogram::new(edges, Vec::new());
            let by_seconds = h.seconds_bins();
            let mut seconds: Vec<u32> = vec![0, 1, 59, 60, 61, u32::MAX - 1, u32::MAX];
            for &e in edges {
                let at = (e * 60.0).floor().clamp(0.0, f64::from(u32::MAX)) as u32;
                seconds.extend((0..=6).map(|d| at.saturating_sub(3).saturating_add(d)));
            }
            seconds.extend((0..5000).map(|i| i * 7919 % 200_000));
            for s in seconds {
                assert_eq!(by_seconds.bin(s), h.bin(s), "{s} s over {edges:?}");
            }
        }
    }

    #[test]
    fn bins_include_their_upper_edge_and_limits_become_edges() {
        let limits = vec![
            Limit {
                minutes: 100.0,
                of: LimitOf::Kind(Kind::Inquiry),
            },
            Limit {
                minutes: 60.0,
                of: LimitOf::Kind(Kind::Complaint),
            },
            Limit {
                minutes: 0.0,
                of: LimitOf::Kind(Kind::Repair),
            },
        ];
        let mut h = Histogram::new(&[15.0, 60.0], limits);
        assert_eq!(h.edges, vec![15.0, 60.0, 100.0]);
        assert_eq!(h.labels(), vec!["0–15", "15–60", "60–100", ">100"]);
        for secs in [0, 900, 901, 3600, 6000, 6001] {
            h.add(Area::Rural, secs, 1);
        }
        assert_eq!(h.counts[Area::Rural.index()], vec![2, 2, 1, 1]);
        assert_eq!(h.total(0), 2);
        assert_eq!(h.limits_ending(1)[0].of, LimitOf::Kind(Kind::Complaint));
        assert!(h.limits_ending(3).is_empty());
    }

    #[test]
    fn times_and_spans() {
        use crate::calendar::Offset;
        let cst = Offset(8 * 3600);
        // 2026-01-01T00:00:00Z is 08:00 in +08:00.
        assert_eq!(local_date_time(1_767_225_600, cst), "2026-01-01 08:00");
        assert_eq!(
            local_date_time(1_767_225_600 - 1, Offset(0)),
            "2025-12-31 23:59"
        );
        assert_eq!(
            span_text(3 * 86_400 + 4 * 3600 + 59, Lang::Zh),
            "3 天 4 小时"
        );
        assert_eq!(span_text(2 * 3600 + 5 * 60, Lang::En), "2 h 5 min");
        assert_eq!(span_text(40 * 60 + 30, Lang::Zh), "40 分钟");
        assert_eq!(span_text(-5, Lang::En), "0 min");
        assert_eq!(minutes_text(45.0), "45");
        assert_eq!(minutes_text(22.5), "22.5");
    }
}
