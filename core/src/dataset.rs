//! The columnar dataset: one vector per ticket field, strings dictionary-encoded, and the
//! file-level facts ([`Info`]) that the page needs without the columns.
//!
//! Filters and KPIs scan a few columns over millions of rows, so the layout is chosen for that:
//! timestamps are integers (opening as UTC seconds, milestones as seconds after opening), labels
//! are `u32` codes into a [`Dictionary`], the local month of opening is a `u16`, and per-ticket
//! facts that never change with a filter (the final satisfaction score, whether a complaint is a
//! repeat, the timeliness outcomes) are settled at load time.

use crate::calendar::{Day, Month, Offset};
use crate::dictionary::{Dictionary, InsertError, UniqueStrings};
use crate::domain::{Area, Kind, Members, Tier};
use crate::groups::Groups;
use crate::load::EARLIEST_BEFORE_EXPORT_SECS;
use crate::period::Period;
use crate::targets::Targets;
use crate::timeliness::Outcomes;
use serde::{Deserialize, Serialize};

/// A supply district (区县公司) as declared in `$.districts`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct District {
    pub code: String,
    pub name: String,
    pub area: Area,
    /// Number of customers, needed for per-10k rates.
    pub customers: Option<u64>,
    /// The code of the unit above it (`$.units`), if the file has a hierarchy.
    #[serde(default)]
    pub parent: Option<String>,
}

/// A unit above the districts (`$.units`: 省, 市, …), for rankings one level at a time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    pub code: String,
    pub name: String,
    /// The unit above it; `None` at the top.
    pub parent: Option<String>,
}

/// File-level facts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    pub organization: Option<String>,
    /// `exported_at` as UTC seconds: the "now" of pending and overdue logic.
    pub exported_at: i64,
    /// The offset used for calendar bucketing (days, months).
    pub offset: Offset,
    /// The month of the earliest plausible timestamp (30 years before `exported_at`): the
    /// `month` column counts from it, so it fits a `u16` whatever the file.
    pub base_month: Month,
    /// First to last local day on which an accepted ticket opened: the period "all".
    pub span: Option<Period>,
    /// The calendar months with at least one ticket, ascending (at most 362: 30 years).
    pub ticket_months: Vec<Month>,
    /// Set when the file is a cube (docs/cube-format.md): what it aggregated. A cube has whole
    /// months and no single tickets.
    #[serde(default)]
    pub cube: Option<CubeSource>,
}

/// What a cube says it aggregated (`$.source`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CubeSource {
    /// Accepted tickets counted in its cells.
    pub tickets: u64,
    /// Records rejected when it was built, if it says.
    pub rejected: Option<u64>,
    /// The exports it was built from.
    pub exports: Vec<String>,
}

impl Meta {
    pub fn new(organization: Option<String>, exported_at: i64, offset: Offset) -> Meta {
        Meta {
            organization,
            exported_at,
            offset,
            base_month: Day::of(exported_at - EARLIEST_BEFORE_EXPORT_SECS, offset).month(),
            span: None,
            ticket_months: Vec::new(),
            cube: None,
        }
    }

    /// Sets [`Meta::ticket_months`] from the month codes (counted from `base_month`) of the
    /// tickets, repeated or in any order.
    pub(crate) fn set_ticket_months(&mut self, codes: impl Iterator<Item = u16>) {
        let mut seen = vec![false; 1 << 16];
        for m in codes {
            if let Some(s) = seen.get_mut(usize::from(m)) {
                *s = true;
            }
        }
        let base = self.base_month.0;
        self.ticket_months = seen
            .iter()
            .enumerate()
            .filter(|(_, &s)| s)
            .map(|(i, _)| Month(base + i as i32))
            .collect();
    }

    /// The local day of `exported_at`.
    pub fn today(&self) -> Day {
        Day::of(self.exported_at, self.offset)
    }
}

/// Sentinel for a milestone that has not happened ("not yet").
pub const NOT_YET: u32 = u32::MAX;

pub(crate) const FLAG_CUSTOMER: u8 = 1;
pub(crate) const FLAG_REPEAT: u8 = 2;

/// The ticket columns. All have the same length; a row number indexes all of them.
#[derive(Debug, Default, Clone)]
pub struct Tickets {
    pub(crate) ids: UniqueStrings,
    pub(crate) opened: Vec<i64>,
    /// Local month of opening, counted from `Meta::base_month`.
    pub(crate) month: Vec<u16>,
    pub(crate) first_response: Vec<u32>,
    pub(crate) arrived: Vec<u32>,
    pub(crate) resolved: Vec<u32>,
    pub(crate) district: Vec<u16>,
    pub(crate) kind: Vec<Kind>,
    pub(crate) category: Vec<u32>,
    pub(crate) channel: Vec<u32>,
    pub(crate) tier: Vec<Tier>,
    /// Final satisfaction score 1..=5 (latest survey, else the ticket's own), 0 for none.
    pub(crate) score: Vec<u8>,
    pub(crate) flags: Vec<u8>,
    /// Timeliness outcomes, settled once all tickets are read (`Outcomes`).
    pub(crate) outcomes: Vec<Outcomes>,
}

/// One validated ticket on its way into the columns.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NewTicket<'a> {
    pub id: &'a str,
    pub opened: i64,
    pub first_response: u32,
    pub arrived: u32,
    pub resolved: u32,
    pub district: u16,
    pub kind: Kind,
    pub category: u32,
    pub channel: u32,
    pub tier: Tier,
    pub score: u8,
    pub has_customer: bool,
}

impl Tickets {
    pub(crate) fn push(&mut self, t: NewTicket<'_>) -> Result<u32, InsertError> {
        let row = self.ids.insert(t.id)?;
        self.opened.push(t.opened);
        self.first_response.push(t.first_response);
        self.arrived.push(t.arrived);
        self.resolved.push(t.resolved);
        self.district.push(t.district);
        self.kind.push(t.kind);
        self.category.push(t.category);
        self.channel.push(t.channel);
        self.tier.push(t.tier);
        self.score.push(t.score);
        self.flags
            .push(if t.has_customer { FLAG_CUSTOMER } else { 0 });
        Ok(row)
    }

    pub fn len(&self) -> usize {
        self.opened.len()
    }

    /// Makes room for `additional` more tickets: their ids and the columns filled while reading.
    /// Grown by doubling instead, ten million tickets' columns were copied about once more in
    /// all, and held up to twice their size while the load lasted. Only a wish: without
    /// the memory, the columns grow as before (and are fitted to their length once read).
    pub(crate) fn reserve(&mut self, additional: usize) {
        self.ids.reserve(additional);
        let _ = self.opened.try_reserve_exact(additional);
        let _ = self.first_response.try_reserve_exact(additional);
        let _ = self.arrived.try_reserve_exact(additional);
        let _ = self.resolved.try_reserve_exact(additional);
        let _ = self.district.try_reserve_exact(additional);
        let _ = self.kind.try_reserve_exact(additional);
        let _ = self.category.try_reserve_exact(additional);
        let _ = self.channel.try_reserve_exact(additional);
        let _ = self.tier.try_reserve_exact(additional);
        let _ = self.score.try_reserve_exact(additional);
        let _ = self.flags.try_reserve_exact(additional);
    }

    pub fn is_empty(&self) -> bool {
        self.opened.is_empty()
    }

    /// Tickets the columns take before they must grow.
    pub(crate) fn room(&self) -> usize {
        self.opened.capacity() - self.opened.len()
    }

    pub fn id(&self, row: u32) -> &str {
        self.ids.get(row)
    }

    /// Row of a ticket id (lookups in no order build the ids' index).
    pub fn row_of(&mut self, id: &str) -> Option<u32> {
        self.ids.position(id)
    }

    pub(crate) fn set_score(&mut self, row: u32, score: u8) {
        if let Some(slot) = self.score.get_mut(row as usize) {
            *slot = score;
        }
    }

    pub(crate) fn mark_repeat(&mut self, row: u32) {
        if let Some(flags) = self.flags.get_mut(row as usize) {
            *flags |= FLAG_REPEAT;
        }
    }

    fn heap_bytes(&self) -> usize {
        self.ids.heap_bytes()
            + self.opened.capacity() * 8
            + self.month.capacity() * 2
            + (self.first_response.capacity() + self.arrived.capacity() + self.resolved.capacity())
                * 4
            + self.district.capacity() * 2
            + self.kind.capacity()
            + (self.category.capacity() + self.channel.capacity()) * 4
            + self.tier.capacity()
            + self.score.capacity()
            + self.flags.capacity()
            + self.outcomes.capacity()
    }

    pub(crate) fn shrink_to_fit(&mut self) {
        self.ids.shrink_to_fit();
        self.opened.shrink_to_fit();
        self.month.shrink_to_fit();
        self.first_response.shrink_to_fit();
        self.arrived.shrink_to_fit();
        self.resolved.shrink_to_fit();
        self.district.shrink_to_fit();
        self.kind.shrink_to_fit();
        self.category.shrink_to_fit();
        self.channel.shrink_to_fit();
        self.tier.shrink_to_fit();
        self.score.shrink_to_fit();
        self.flags.shrink_to_fit();
        self.outcomes.shrink_to_fit();
    }
}

/// What an export says besides its tickets: enough for the page to name every district,
/// category and channel, state the targets and the period, without holding a column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Info {
    pub meta: Meta,
    pub districts: Vec<District>,
    /// What `districts` are: the file's districts, or the units of a level of the hierarchy
    /// (`crate::hierarchy::roll_up` puts them in the districts' place).
    #[serde(default)]
    pub members: Members,
    /// The units above the districts, if the file has a hierarchy (`crate::hierarchy`).
    #[serde(default)]
    pub units: Vec<Unit>,
    pub targets: Targets,
    pub categories: Dictionary,
    pub channels: Dictionary,
}

impl Info {
    pub fn district_index(&self, code: &str) -> Option<u16> {
        self.districts
            .iter()
            .position(|d| d.code == code)
            .and_then(|i| u16::try_from(i).ok())
    }

    pub fn district(&self, index: u16) -> Option<&District> {
        self.districts.get(usize::from(index))
    }

    /// Whether the file is a cube: whole months, no single tickets.
    pub fn is_cube(&self) -> bool {
        self.meta.cube.is_some()
    }

    /// The period "all": first to last local day on which an accepted ticket opened.
    pub fn full_period(&self) -> Option<Period> {
        self.meta.span
    }

    /// The calendar month of a `month` column value.
    pub fn month_of(&self, index: u16) -> Month {
        Month(self.meta.base_month.0 + i32::from(index))
    }
}

/// A loaded export, ready for filtering and KPIs.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub info: Info,
    pub tickets: Tickets,
    /// The (district, month) group of each ticket, for reports that sum groups.
    pub groups: Groups,
    /// A cube's cells instead of tickets (`tickets` is then empty).
    pub cube: Option<crate::cube::Cube>,
}

impl std::ops::Deref for Dataset {
    type Target = Info;

    fn deref(&self) -> &Info {
        &self.info
    }
}

/// Days the file may span for [`ticket_months`] to look months up in a table (30 years, 22 KB).
const MONTH_TABLE_DAYS: i32 = 30 * 366;

/// The month of each ticket opened at `opened` (UTC seconds), counted from `base` (0 for
/// months before it, `u16::MAX` past the range). A ticket's local day is one division; its
/// month comes from a table of the days the file spans (`span`), when that is at most
/// [`MONTH_TABLE_DAYS`], else from the calendar. The calendar for every ticket was a third of
/// sealing 10M tickets.
fn ticket_months(opened: &[i64], offset: Offset, base: Month, span: Option<Period>) -> Vec<u16> {
    let code = |day: Day| u16::try_from((day.month().0 - base.0).max(0)).unwrap_or(u16::MAX);
    let (first, table): (i32, Vec<u16>) = match span {
        Some(p) if i64::from(p.to.0) - i64::from(p.from.0) < i64::from(MONTH_TABLE_DAYS) => (
            p.from.0,
            (p.from.0..=p.to.0).map(|d| code(Day(d))).collect(),
        ),
        _ => (0, Vec::new()),
    };
    opened
        .iter()
        .map(|&t| {
            let day = Day::of(t, offset);
            usize::try_from(i64::from(day.0) - i64::from(first))
                .ok()
                .and_then(|k| table.get(k).copied())
                .unwrap_or_else(|| code(day))
        })
        .collect()
}

impl Dataset {
    /// Seals the columns (fitted to their length by the loader): the month of each ticket and
    /// the period "all".
    pub(crate) fn build(
        mut meta: Meta,
        districts: Vec<District>,
        units: Vec<Unit>,
        targets: Targets,
        mut tickets: Tickets,
        categories: Dictionary,
        channels: Dictionary,
    ) -> Dataset {
        meta.span = match (tickets.opened.iter().min(), tickets.opened.iter().max()) {
            (Some(&first), Some(&last)) => Some(Period {
                from: Day::of(first, meta.offset),
                to: Day::of(last, meta.offset),
            }),
            _ => None,
        };
        tickets.month = ticket_months(&tickets.opened, meta.offset, meta.base_month, meta.span);
        meta.set_ticket_months(tickets.month.iter().copied());
        let groups = Groups::of(&tickets);
        Dataset {
            groups,
            cube: None,
            info: Info {
                meta,
                districts,
                members: Members::Districts,
                units,
                targets,
                categories,
                channels,
            },
            tickets,
        }
    }

    /// Accepted tickets: those held, or those a cube counted.
    pub fn accepted(&self) -> u64 {
        self.meta
            .cube
            .as_ref()
            .map_or(self.tickets.len() as u64, |c| c.tickets)
    }

    /// Number of accepted tickets held.
    pub fn len(&self) -> usize {
        self.tickets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tickets.is_empty()
    }

    /// Local calendar day on which a ticket opened.
    pub fn day(&self, row: u32) -> Day {
        let opened = self.tickets.opened.get(row as usize).copied().unwrap_or(0);
        Day::of(opened, self.meta.offset)
    }

    /// Bytes held on the heap by the ticket columns and dictionaries.
    pub fn heap_bytes(&self) -> usize {
        self.tickets.heap_bytes()
            + self.groups.heap_bytes()
            + self.cube.as_ref().map_or(0, crate::cube::Cube::heap_bytes)
            + self.categories.heap_bytes()
            + self.channels.heap_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{parse_timestamp, Date};

    fn span(opened: &[i64], offset: Offset) -> Option<Period> {
        Some(Period {
            from: Day::of(*opened.iter().min()?, offset),
            to: Day::of(*opened.iter().max()?, offset),
        })
    }

    #[test]
    fn ticket_months_from_the_table_are_the_calendars() {
        let utc = |text: &str| parse_timestamp(text).map(|t| t.utc).unwrap();
        let base = Date::new(2025, 1, 1).unwrap().month_key();
        let cases: [(&str, Vec<&str>); 4] = [
            // Either side of local midnights at month ends, in the file's offset.
            (
                "+08:00",
                vec![
                    "2026-05-31T23:59:59+08:00",
                    "2026-06-01T00:00:00+08:00",
                    "2026-05-31T16:00:00Z",
                    "2026-05-31T15:59:59Z",
                    "2024-12-31T23:59:59+08:00",
                    "2028-02-29T12:00:00+08:00",
                ],
            ),
            (
                "-05:30",
                vec![
                    "2026-01-01T03:00:00Z",
                    "2026-01-01T06:00:00Z",
                    "2025-03-01T00:00:00-05:30",
                ],
            ),
            // Wider than the table: every month from the calendar.
            (
                "Z",
                vec![
                    "1990-01-01T00:00:00Z",
                    "2026-10-05T08:00:00Z",
                    "2061-07-01T00:00:00Z",
                ],
            ),
            ("Z", vec!["1969-12-31T23:59:59Z", "1970-01-01T00:00:00Z"]),
        ];
        for (offset, texts) in cases {
            let offset = Offset::parse(offset).unwrap();
            let opened: Vec<i64> = texts.iter().map(|t| utc(t)).collect();
            let months = ticket_months(&opened, offset, base, span(&opened, offset));
            // Without a span there is no table: the calendar, ticket by ticket.
            let by_calendar = ticket_months(&opened, offset, base, None);
            assert_eq!(months, by_calendar, "{texts:?}");
        }
        assert!(ticket_months(&[], Offset(0), base, None).is_empty());
    }
}
