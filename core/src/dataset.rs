//! The columnar dataset: one vector per ticket field, strings dictionary-encoded.
//!
//! Filters and KPIs scan a few columns over up to a million rows, so the layout is chosen for that:
//! timestamps are integers (opening as UTC seconds, milestones as seconds after opening), labels
//! are `u32` codes into a [`Dictionary`], and per-ticket facts that never change with a filter
//! (the final satisfaction score, whether a complaint is a repeat) are settled at load time.
//! A ticket costs about 40 bytes plus its id.

use crate::calendar::{Day, Offset};
use crate::dictionary::{Dictionary, InsertError, UniqueStrings};
use crate::domain::{Area, Kind, Tier};
use crate::period::Period;
use crate::targets::Targets;
use crate::timeliness::Outcomes;

/// A supply district (区县公司) as declared in `$.districts`.
#[derive(Debug, Clone, PartialEq)]
pub struct District {
    pub code: String,
    pub name: String,
    pub area: Area,
    /// Number of customers, needed for per-10k rates.
    pub customers: Option<u64>,
}

/// File-level facts.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    pub organization: Option<String>,
    /// `exported_at` as UTC seconds: the "now" of pending and overdue logic.
    pub exported_at: i64,
    /// The offset used for calendar bucketing (days, months).
    pub offset: Offset,
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
        self.outcomes.push(Outcomes::default());
        Ok(row)
    }

    pub fn len(&self) -> usize {
        self.opened.len()
    }

    pub fn is_empty(&self) -> bool {
        self.opened.is_empty()
    }

    pub fn id(&self, row: u32) -> &str {
        self.ids.get(row)
    }

    /// Row of a ticket id.
    pub fn row_of(&self, id: &str) -> Option<u32> {
        self.ids.position(id)
    }

    fn heap_bytes(&self) -> usize {
        self.ids.heap_bytes()
            + self.opened.capacity() * 8
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

    fn shrink_to_fit(&mut self) {
        self.opened.shrink_to_fit();
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

/// A loaded export, ready for filtering and KPIs.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub meta: Meta,
    pub districts: Vec<District>,
    pub targets: Targets,
    pub tickets: Tickets,
    pub categories: Dictionary,
    pub channels: Dictionary,
}

impl Dataset {
    pub(crate) fn seal(mut self) -> Dataset {
        self.tickets.shrink_to_fit();
        self
    }

    /// Number of accepted tickets.
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

    /// The period "all": first to last local day on which an accepted ticket opened.
    pub fn full_period(&self) -> Option<Period> {
        let first = self.tickets.opened.iter().min()?;
        let last = self.tickets.opened.iter().max()?;
        Some(Period {
            from: Day::of(*first, self.meta.offset),
            to: Day::of(*last, self.meta.offset),
        })
    }

    pub fn district_index(&self, code: &str) -> Option<u16> {
        self.districts
            .iter()
            .position(|d| d.code == code)
            .and_then(|i| u16::try_from(i).ok())
    }

    /// Bytes held on the heap by the ticket columns and dictionaries.
    pub fn heap_bytes(&self) -> usize {
        self.tickets.heap_bytes() + self.categories.heap_bytes() + self.channels.heap_bytes()
    }
}
