//! A view's figures: the period, its 环比 and 同比 comparisons, every district (whatever the
//! district filter: rankings mark the selected ones rather than hide the others), the 12 months
//! of the trend with the months they compare with, the last 13 months per district (heatmap,
//! early warnings), and the distributions and lists of the period's tickets.
//!
//! Figures come from the (district, month) groups of [`crate::groups`] where a month lies wholly
//! inside or outside each period — counts summed, percentiles selected across the groups' sorted
//! durations, distributions and list rows merged — and ticket by ticket where a period's day
//! cuts a month (or where groups are too many or too small to keep).
//!
//! A `Report` is plain data: the page receives it from the engine and builds every panel from it
//! and the file's [`Info`]. Its size follows what panels show — districts with tickets, at most
//! 24 months of totals and 13 per district — never the file's calendar span: a period is clamped
//! to the plausible window of 30 years (export-format.md), so no month range is larger than that.

use crate::calendar::{Day, Month};
use crate::comparison::Compare;
use crate::dataset::{Dataset, Info};
use crate::domain::Area;
use crate::filter::{Filter, Mask};
use crate::groups::{GroupCounts, Samples, Spread};
use crate::kpi::{Accumulator, Counts, Facts, Kpis};
use crate::load::{EARLIEST_BEFORE_EXPORT_SECS, LATEST_AFTER_EXPORT_SECS};
use crate::period::Period;
use crate::views::complaints::{key_complaints, KeyComplaints, KEY_COMPLAINTS_SHOWN};
use crate::views::satisfaction::ScoreTally;
use crate::views::timeliness::{oldest_overdue, Histogram, OverdueList, OVERDUE_SHOWN};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// Months on a trend chart and a sparkline.
pub const TREND_MONTHS: usize = 12;
/// Months per district kept for the heatmap (the last 12) and early warnings (a month against
/// the 12 before it).
pub const DISTRICT_MONTHS: usize = 13;

/// What a report is asked for: the period (`None` = all), the filter, and which comparison the
/// charts draw.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Scope {
    pub period: Option<Period>,
    pub filter: Filter,
    pub compare: Compare,
    /// The unit whose children rankings show (`crate::hierarchy`); the filter already holds
    /// its districts.
    #[serde(default)]
    pub unit: Option<u16>,
}

/// One district's counts over the period and its two comparisons (other filters applied).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DistrictFigures {
    pub index: u16,
    pub current: Counts,
    pub previous: Counts,
    pub year_before: Counts,
}

/// One district's counts for each of the [`DISTRICT_MONTHS`] months ending with the period's
/// last month.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DistrictMonths {
    pub index: u16,
    pub months: Vec<Counts>,
}

/// The 12 months ending with the period's last month, each with the month it is compared with:
/// the same month a year earlier (同比), or as many months earlier as the period touches (环比:
/// a month against the month before, a quarter's months against the quarter before).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Trend {
    pub months: Vec<Month>,
    /// Whether each month is (partly) inside the period: highlighted on the charts.
    pub selected: Vec<bool>,
    pub current: Vec<Kpis>,
    pub comparison_months: Vec<Month>,
    pub comparison: Vec<Kpis>,
}

/// Every figure of one view.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Report {
    /// The period shown; `None` only when the file has no accepted ticket.
    pub period: Option<Period>,
    /// 环比 and 同比 periods (kpis.md, "Breakdowns and comparison").
    pub previous_period: Option<Period>,
    pub year_before_period: Option<Period>,
    pub compare: Compare,
    pub filter: Filter,
    /// The unit whose children rankings show ([`Scope::unit`]).
    pub unit: Option<u16>,
    pub current: Kpis,
    pub previous: Kpis,
    pub year_before: Kpis,
    /// Districts with a ticket in the period or a comparison, in file order.
    pub districts: Vec<DistrictFigures>,
    pub trend: Trend,
    /// The months of `district_months`, oldest first.
    pub district_month_keys: Vec<Month>,
    /// Districts with a ticket in those months, in file order.
    pub district_months: Vec<DistrictMonths>,
    /// Minutes to first response (tickets that have one) and to arrival (repairs), by area.
    pub first_response: Histogram,
    pub repair_arrival: Histogram,
    /// Complaints per channel code, channels with none left out.
    pub channels: Vec<(u32, u64)>,
    /// Tickets scoring 1..=5 (`scores[s - 1]`).
    pub scores: [u64; 5],
    /// Scores by kind (`Kind::index`) and by resolution-time band (`ResolutionBand::index`).
    pub kind_scores: [ScoreTally; 6],
    pub band_scores: [ScoreTally; 5],
    pub overdue: OverdueList,
    pub key_complaints: KeyComplaints,
}

impl Report {
    /// The figures of district `index` (zero counts when it had no ticket).
    pub fn district(&self, index: u16) -> DistrictFigures {
        match self.districts.binary_search_by_key(&index, |d| d.index) {
            Ok(i) => self.districts.get(i).cloned().unwrap_or_default(),
            Err(_) => DistrictFigures {
                index,
                ..DistrictFigures::default()
            },
        }
    }

    /// The months of district `index`, if it had a ticket in them.
    pub fn months_of(&self, index: u16) -> Option<&DistrictMonths> {
        let i = self
            .district_months
            .binary_search_by_key(&index, |d| d.index)
            .ok()?;
        self.district_months.get(i)
    }

    /// The chart's comparison: 环比 or 同比 figures of the whole view.
    pub fn compared(&self) -> &Kpis {
        match self.compare {
            Compare::Previous => &self.previous,
            Compare::YearBefore => &self.year_before,
        }
    }

    pub fn compared_period(&self) -> Option<Period> {
        match self.compare {
            Compare::Previous => self.previous_period,
            Compare::YearBefore => self.year_before_period,
        }
    }
}

/// The plausible days of a file: 30 years before `exported_at` to a day after it. No period
/// reaches beyond them, so no month range of a report can be larger.
pub fn plausible_days(info: &Info) -> Period {
    let m = &info.meta;
    Period {
        from: Day::of(m.exported_at - EARLIEST_BEFORE_EXPORT_SECS, m.offset),
        to: Day::of(m.exported_at + LATEST_AFTER_EXPORT_SECS, m.offset),
    }
}

/// No slot: the month is not on the trend or the district months.
pub(crate) const NONE: u8 = u8::MAX;

/// Per calendar month of the pass: its slot among the trend's distinct months and among the
/// district months.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MonthSlots {
    pub month: u8,
    pub district: u8,
}

/// Computes a view. `scope.period: None` means "all": first to last day with an opened ticket.
pub fn report(ds: &Dataset, scope: &Scope) -> Report {
    report_with(ds, scope, &mut GroupCounts::default())
}

/// How a month lies against a period: outside it, wholly inside, or cut by one of its days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cover {
    Out,
    Whole,
    Part,
}

impl Cover {
    /// Month `[start, end)` against period `[a, b)`, in UTC seconds.
    fn of((start, end): (i64, i64), (a, b): (i64, i64)) -> Cover {
        if end <= a || b <= start {
            Cover::Out
        } else if a <= start && end <= b {
            Cover::Whole
        } else {
            Cover::Part
        }
    }
}

/// Where the tickets of one (district, month) group count in a report.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Place {
    pub slot: MonthSlots,
    pub district: u16,
    /// The district filter keeps it (rankings and the heatmap count every district).
    pub in_view: bool,
    /// The month against the period, its 环比 and its 同比.
    pub covers: [Cover; 3],
    /// Its counts come from the group's sum; otherwise ticket by ticket.
    summed: bool,
    /// Its tickets are visited: for samples of the view, or to be counted one by one.
    walk: bool,
}

/// Sorted duration runs of whole groups, per measure.
pub(crate) type Runs<'a> = [Vec<&'a [u32]>; crate::kpi::DURATIONS];

/// Where one set of KPIs accumulates: what tickets and cells add, and whole groups' sorted
/// duration runs.
#[derive(Clone, Default)]
pub(crate) struct Slot<'a> {
    pub acc: Accumulator,
    pub runs: Runs<'a>,
}

impl Slot<'_> {
    fn finish(self, customers: Option<u64>, order: impl Fn(u32, u32) -> Ordering) -> Kpis {
        self.acc.finish(&self.runs, customers, order)
    }
}

/// The totals a report fills from groups and tickets.
pub(crate) struct Totals<'a> {
    current: Slot<'a>,
    previous: Slot<'a>,
    year_before: Slot<'a>,
    /// By the frame's distinct months (`MonthSlots::month`).
    months: Vec<Slot<'a>>,
    figure_slot: Vec<u32>,
    figures: Vec<DistrictFigures>,
    dm_slot: Vec<u32>,
    dm: Vec<DistrictMonths>,
}

impl<'a> Totals<'a> {
    /// The slots of the view that what lies in `month` (a `MonthSlots::month`) feeds: its trend
    /// month, and the period, its 环比 and its 同比 where `inside` says.
    pub fn slots(
        &mut self,
        month: u8,
        [in_cur, in_prev, in_yoy]: [bool; 3],
    ) -> impl Iterator<Item = &mut Slot<'a>> {
        let month = (month != NONE)
            .then(|| self.months.get_mut(usize::from(month)))
            .flatten();
        [
            in_cur.then_some(&mut self.current),
            in_prev.then_some(&mut self.previous),
            in_yoy.then_some(&mut self.year_before),
            month,
        ]
        .into_iter()
        .flatten()
    }

    /// Adds counts `c` of a group (or of one ticket) wherever they belong; `inside` says
    /// whether they fall in the period, its 环比 and its 同比.
    pub fn count(&mut self, p: &Place, inside: [bool; 3], c: &Counts) {
        let [in_cur, in_prev, in_yoy] = inside;
        if p.slot.district != NONE {
            let row = lazy_slot(&mut self.dm_slot, &mut self.dm, p.district, || {
                DistrictMonths {
                    index: p.district,
                    months: vec![Counts::default(); DISTRICT_MONTHS],
                }
            });
            if let Some(m) = row.and_then(|r| r.months.get_mut(usize::from(p.slot.district))) {
                m.merge(c);
            }
        }
        if in_cur || in_prev || in_yoy {
            let fig = lazy_slot(&mut self.figure_slot, &mut self.figures, p.district, || {
                DistrictFigures {
                    index: p.district,
                    ..DistrictFigures::default()
                }
            });
            if let Some(fig) = fig {
                if in_cur {
                    fig.current.merge(c);
                }
                if in_prev {
                    fig.previous.merge(c);
                }
                if in_yoy {
                    fig.year_before.merge(c);
                }
            }
        }
        if !p.in_view {
            return;
        }
        for slot in self.slots(p.slot.month, inside) {
            slot.acc.merge_counts(c);
        }
    }
}

/// The frame of one report: its periods, the months it shows and where each month counts.
/// Shared by reports of tickets and of cubes ([`crate::cube`]).
pub(crate) struct Frame {
    pub period: Period,
    previous_period: Period,
    year_before_period: Period,
    first: Month,
    last: Month,
    trend_months: Vec<Month>,
    comparison_months: Vec<Month>,
    /// The trend's months and the months they compare with, ascending, without repeats.
    distinct: Vec<Month>,
    district_month_keys: Vec<Month>,
    /// The first month of `slots`.
    lo: i32,
    slots: Vec<MonthSlots>,
    /// The period, its 环比 and its 同比 as `[start, end)` UTC seconds.
    pub bounds: [(i64, i64); 3],
    offset: crate::calendar::Offset,
    pub customers: Option<u64>,
    pub mask: Mask,
}

impl Frame {
    /// The frame of `scope`, or the empty report of a file without an accepted ticket.
    pub fn new(info: &Info, scope: &Scope) -> Result<Frame, Box<Report>> {
        let customers = scope.filter.customers(info);
        let period = scope
            .period
            .or(info.meta.span)
            .and_then(|p| p.clamp(plausible_days(info)));
        let Some(period) = period else {
            let empty = Kpis {
                customers,
                ..Kpis::default()
            };
            return Err(Box::new(Report {
                compare: scope.compare,
                filter: scope.filter.clone(),
                unit: scope.unit,
                current: empty.clone(),
                previous: empty.clone(),
                year_before: empty,
                ..Report::default()
            }));
        };
        let previous_period = period.previous();
        let year_before_period = period.year_before();
        let (first, last) = period.month_span();

        // The months of the trend, those they compare with, and the district months.
        let shift = match scope.compare {
            Compare::Previous => last.0 - first.0 + 1,
            Compare::YearBefore => 12,
        };
        let trend_months: Vec<Month> = (0..TREND_MONTHS as i32)
            .map(|i| Month(last.0 - (TREND_MONTHS as i32 - 1) + i))
            .collect();
        let comparison_months: Vec<Month> =
            trend_months.iter().map(|m| Month(m.0 - shift)).collect();
        let mut distinct: Vec<Month> = trend_months
            .iter()
            .chain(&comparison_months)
            .copied()
            .collect();
        distinct.sort();
        distinct.dedup();
        let dm_first = Month(last.0 - (DISTRICT_MONTHS as i32 - 1));
        let district_month_keys: Vec<Month> = (0..DISTRICT_MONTHS as i32)
            .map(|i| Month(dm_first.0 + i))
            .collect();

        // One slot table over every month the pass looks at (at most ~750 entries: a plausible
        // period is ≤ 30 years and a shift ≤ its length).
        let lo = [
            distinct.first().map_or(first.0, |m| m.0),
            dm_first.0,
            previous_period.from.month().0,
            year_before_period.from.month().0,
            first.0,
        ]
        .into_iter()
        .min()
        .unwrap_or(first.0);
        let span = usize::try_from(last.0 - lo + 1).unwrap_or(0);
        let mut slots = vec![
            MonthSlots {
                month: NONE,
                district: NONE,
            };
            span
        ];
        let index = |m: &Month| usize::try_from(m.0 - lo).ok();
        for (i, m) in distinct.iter().enumerate() {
            if let Some(s) = index(m).and_then(|j| slots.get_mut(j)) {
                s.month = i as u8;
            }
        }
        for (i, m) in district_month_keys.iter().enumerate() {
            if let Some(s) = index(m).and_then(|j| slots.get_mut(j)) {
                s.district = i as u8;
            }
        }

        let offset = info.meta.offset;
        let bounds = |p: Period| (p.from.start_utc(offset), p.to.plus(1).start_utc(offset));
        Ok(Frame {
            period,
            previous_period,
            year_before_period,
            first,
            last,
            trend_months,
            comparison_months,
            distinct,
            district_month_keys,
            lo,
            slots,
            bounds: [
                bounds(period),
                bounds(previous_period),
                bounds(year_before_period),
            ],
            offset,
            customers,
            mask: Mask::new(&scope.filter, info),
        })
    }

    /// Where the tickets of district `district` in `month` count; `None` when nowhere. `summed`
    /// says whether whole months may take the sum of their group, `sampled` whether its samples
    /// too (then its tickets are not visited).
    pub fn place(&self, district: u16, month: Month, summed: bool, sampled: bool) -> Option<Place> {
        let slot = *usize::try_from(month.0 - self.lo)
            .ok()
            .and_then(|j| self.slots.get(j))?;
        let days = (
            month.first_day().start_utc(self.offset),
            Month(month.0 + 1).first_day().start_utc(self.offset),
        );
        let covers = self.bounds.map(|p| Cover::of(days, p));
        let touched = covers.iter().any(|&c| c != Cover::Out);
        if !touched && slot.month == NONE && slot.district == NONE {
            return None;
        }
        let in_view = self.mask.district(district);
        let summed = summed && !covers.contains(&Cover::Part);
        Some(Place {
            slot,
            district,
            in_view,
            covers,
            summed,
            walk: !summed || (!sampled && in_view && (touched || slot.month != NONE)),
        })
    }

    /// Empty totals for this frame.
    pub fn totals<'a>(&self, info: &Info) -> Totals<'a> {
        let with_pareto = || Slot {
            acc: Accumulator::with_pareto(info.categories.len()),
            runs: Runs::default(),
        };
        Totals {
            current: with_pareto(),
            previous: with_pareto(),
            year_before: with_pareto(),
            months: vec![Slot::default(); self.distinct.len()],
            // Districts get their slots when their first ticket comes (a file may declare 65,535).
            figure_slot: vec![u32::MAX; info.districts.len()],
            figures: Vec::new(),
            dm_slot: vec![u32::MAX; info.districts.len()],
            dm: Vec::new(),
        }
    }

    /// The report of the totals and the period's distributions.
    pub fn finish(self, info: &Info, scope: &Scope, totals: Totals, view: PeriodView) -> Report {
        let Totals {
            current,
            previous,
            year_before,
            months,
            mut figures,
            mut dm,
            ..
        } = totals;
        let customers = self.customers;
        let order = |a: u32, b: u32| info.categories.get(a).cmp(info.categories.get(b));
        let month_kpis: Vec<Kpis> = months
            .into_iter()
            .map(|slot| slot.finish(customers, order))
            .collect();
        let distinct = &self.distinct;
        let kpis_of = |m: &Month| {
            distinct
                .binary_search(m)
                .ok()
                .and_then(|i| month_kpis.get(i))
                .cloned()
                .unwrap_or_default()
        };
        let (first, last) = (self.first, self.last);
        let in_period = |m: &Month| first.0 <= m.0 && m.0 <= last.0;
        let trend = Trend {
            selected: self.trend_months.iter().map(in_period).collect(),
            current: self.trend_months.iter().map(kpis_of).collect(),
            comparison: self.comparison_months.iter().map(kpis_of).collect(),
            months: self.trend_months,
            comparison_months: self.comparison_months,
        };
        figures.sort_by_key(|f| f.index);
        dm.sort_by_key(|d| d.index);
        Report {
            period: Some(self.period),
            previous_period: Some(self.previous_period),
            year_before_period: Some(self.year_before_period),
            compare: scope.compare,
            filter: scope.filter.clone(),
            unit: scope.unit,
            current: current.finish(customers, order),
            previous: previous.finish(customers, order),
            year_before: year_before.finish(customers, order),
            districts: figures,
            trend,
            district_month_keys: self.district_month_keys,
            district_months: dm,
            first_response: view.first_response,
            repair_arrival: view.repair_arrival,
            channels: view
                .channels
                .into_iter()
                .enumerate()
                .filter(|&(_, n)| n > 0)
                .map(|(c, n)| (c as u32, n))
                .collect(),
            scores: view.scores,
            kind_scores: view.kind_scores,
            band_scores: view.band_scores,
            overdue: view.overdue,
            key_complaints: view.key_complaints,
        }
    }
}

/// The distributions and lists of the period's tickets in view.
pub(crate) struct PeriodView {
    pub first_response: Histogram,
    pub repair_arrival: Histogram,
    /// Complaints per channel code.
    pub channels: Vec<u64>,
    pub scores: [u64; 5],
    pub kind_scores: [ScoreTally; 6],
    pub band_scores: [ScoreTally; 5],
    pub overdue: OverdueList,
    pub key_complaints: KeyComplaints,
}

impl PeriodView {
    pub fn new(info: &Info) -> PeriodView {
        PeriodView {
            first_response: Histogram::first_response(&info.targets),
            repair_arrival: Histogram::repair_arrival(&info.targets),
            channels: Vec::new(),
            scores: [0; 5],
            kind_scores: [ScoreTally::default(); 6],
            band_scores: [ScoreTally::default(); 5],
            overdue: OverdueList::default(),
            key_complaints: KeyComplaints::default(),
        }
    }

    /// Adds `n` complaints of channel `c`.
    pub fn add_channel(&mut self, c: u32, n: u64) {
        let c = c as usize;
        if self.channels.len() <= c {
            self.channels.resize(c + 1, 0);
        }
        if let Some(k) = self.channels.get_mut(c) {
            *k += n;
        }
    }
}

/// [`report`] with the group counts kept by the caller: a report whose dimension filters are
/// those of the last one sums groups without counting tickets again.
pub fn report_with(ds: &Dataset, scope: &Scope, cache: &mut GroupCounts) -> Report {
    let info = &ds.info;
    if let Some(cube) = &ds.cube {
        return crate::cube::report(info, cube, scope, cache);
    }
    let frame = match Frame::new(info, scope) {
        Ok(frame) => frame,
        Err(empty) => return *empty,
    };
    let [cur, prev, yoy] = frame.bounds;
    let areas: Vec<Area> = info.districts.iter().map(|d| d.area).collect();
    let mut totals = frame.totals(info);
    let mut view = PeriodView::new(info);
    // Rows of the period's lists: every walked one, each group's first (its list's order);
    // and how many there are in all.
    let mut rows = ListRows::default();

    // Where each (district, month) group counts; `None` for groups this report does not use.
    let t = &ds.tickets;
    let sums = cache.get(info, t, &ds.groups, &scope.filter, &frame.mask);
    let sampled = sums.as_ref().is_some_and(|s| s.samples.is_some());
    let places: Vec<Option<Place>> = ds
        .groups
        .keys()
        .iter()
        .map(|&(district, m)| frame.place(district, info.month_of(m), sums.is_some(), sampled))
        .collect();

    // Whole groups: their counts at once, and their samples.
    if let Some(sums) = &sums {
        for (place, c) in places.iter().zip(sums.counts) {
            if let Some(p) = place.filter(|p| p.summed && c.tickets > 0) {
                totals.count(&p, p.covers.map(|c| c == Cover::Whole), c);
            }
        }
        for (place, s) in places.iter().zip(sums.samples.unwrap_or_default()) {
            if let Some(p) = place.filter(|p| p.summed && p.in_view) {
                let area = areas
                    .get(usize::from(p.district))
                    .copied()
                    .unwrap_or(Area::Urban);
                add_samples(&mut totals, &mut view, &p, area, s, &mut rows);
            }
        }
    }

    // Single tickets: counts where groups are not summed, samples and lists of the view. A
    // click whose groups are all summed visits none.
    let walked = if places.iter().flatten().any(|p| p.walk) {
        t.opened.as_slice()
    } else {
        &[]
    };
    let bins = crate::groups::bins(info);
    // The walked tickets of the period, by their district's area.
    let mut walked_spread: [Spread; 3] = Default::default();
    for (i, &opened) in walked.iter().enumerate() {
        let Some(p) = ds
            .groups
            .of_row(i)
            .and_then(|g| places.get(g).copied().flatten())
            .filter(|p| p.walk)
        else {
            continue;
        };
        if !frame.mask.dimensions(t, i) {
            continue;
        }
        let Some(f) = Facts::of(t, i) else {
            continue;
        };
        let inside = if p.summed {
            p.covers.map(|c| c == Cover::Whole)
        } else {
            let inside = [cur, prev, yoy].map(|(a, b)| a <= opened && opened < b);
            let mut one = Counts::default();
            one.add(&f);
            totals.count(&p, inside, &one);
            inside
        };
        if !p.in_view {
            continue;
        }
        for slot in totals.slots(p.slot.month, inside) {
            slot.acc.add_samples(&f);
        }
        if !inside[0] {
            continue;
        }
        let area = areas
            .get(usize::from(p.district))
            .copied()
            .unwrap_or(Area::Urban);
        if let Some(w) = walked_spread.get_mut(area.index()) {
            w.add(t, i, &f, &bins);
        }
    }
    for (area, mut w) in Area::ALL.into_iter().zip(walked_spread) {
        w.seal(t);
        add_spread(&mut view, area, &w, &mut rows);
    }
    view.overdue = oldest_overdue(ds, rows.overdue, rows.overdue_total);
    view.key_complaints = key_complaints(ds, rows.key, rows.key_total);
    frame.finish(info, scope, totals, view)
}

/// Adds a whole group's samples where its place says: the trend month, the comparisons, and the
/// period's distributions and rows.
fn add_samples<'a>(
    totals: &mut Totals<'a>,
    view: &mut PeriodView,
    p: &Place,
    area: Area,
    s: &'a Samples,
    rows: &mut ListRows,
) {
    let inside = p.covers.map(|c| c == Cover::Whole);
    for slot in totals.slots(p.slot.month, inside) {
        for (run, d) in slot.runs.iter_mut().zip(&s.durations) {
            if !d.is_empty() {
                run.push(d);
            }
        }
        for &(c, n) in &s.categories {
            slot.acc.add_complaints(c, n);
        }
    }
    if inside[0] {
        add_spread(view, area, &s.spread, rows);
    }
}

/// Adds the period's distributions and list rows of some tickets of `area`.
fn add_spread(view: &mut PeriodView, area: Area, s: &Spread, rows: &mut ListRows) {
    for (bin, &n) in s.first_response.iter().enumerate() {
        view.first_response.add_to_bin(area, bin, n);
    }
    for (bin, &n) in s.repair_arrival.iter().enumerate() {
        view.repair_arrival.add_to_bin(area, bin, n);
    }
    for &(c, n) in &s.channels {
        view.add_channel(c, n);
    }
    for (a, b) in view.scores.iter_mut().zip(&s.scores) {
        *a += b;
    }
    for (a, b) in view.kind_scores.iter_mut().zip(&s.kinds) {
        a.merge(b);
    }
    for (a, b) in view.band_scores.iter_mut().zip(&s.bands) {
        a.merge(b);
    }
    // A list's first rows are among the first rows of its parts.
    fn first(list: &[(i64, u32)], n: usize) -> &[(i64, u32)] {
        list.get(..n).unwrap_or(list)
    }
    rows.overdue
        .extend_from_slice(first(&s.overdue, OVERDUE_SHOWN));
    rows.overdue_total += s.overdue.len();
    rows.key
        .extend_from_slice(first(&s.key_complaints, KEY_COMPLAINTS_SHOWN));
    rows.key_total += s.key_complaints.len();
}

/// Rows gathered for the period's lists, and how many the lists hold in all.
#[derive(Default)]
struct ListRows {
    overdue: Vec<(i64, u32)>,
    overdue_total: usize,
    key: Vec<(i64, u32)>,
    key_total: usize,
}

/// The entry of district `d` in a list that only holds districts with tickets, made on first use.
fn lazy_slot<'a, T>(
    slots: &mut [u32],
    list: &'a mut Vec<T>,
    d: u16,
    make: impl FnOnce() -> T,
) -> Option<&'a mut T> {
    let slot = slots.get_mut(usize::from(d))?;
    if *slot == u32::MAX {
        *slot = u32::try_from(list.len()).ok()?;
        list.push(make());
    }
    list.get_mut(*slot as usize)
}
