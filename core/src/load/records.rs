//! Stage two of validation for the records: a ticket or survey read leniently (`raw.rs`) is
//! checked against export-format.md and either stored in the columns or rejected with its reason.
//! A rejection concerns that record only.

use super::header::Header;
use crate::calendar::parse_timestamp;
use crate::dataset::{NewTicket, Tickets, NOT_YET};
use crate::dictionary::{Dictionary, InsertError};
use crate::domain::{Kind, Tier, UNCATEGORIZED, UNKNOWN_CHANNEL};
use crate::problem::{Problem, Reason, RecordKind};
use crate::raw::{RawSurvey, RawTicket, Record, Scalar};
use hashbrown::hash_map::Entry;
use hashbrown::HashMap;

/// Rejected records kept one by one for the load report; past this only their number is kept,
/// so a file of millions of bad records cannot exhaust memory.
pub const MAX_LISTED_PROBLEMS: usize = 100_000;

/// Where a record stands in the file: its array and index, or its position in an NDJSON
/// stream (`$[n]`, the header being `$[0]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    Array(RecordKind, usize),
    Stream(RecordKind, usize, usize),
}

impl Place {
    pub fn kind(self) -> RecordKind {
        match self {
            Place::Array(k, _) | Place::Stream(k, _, _) => k,
        }
    }

    /// Index among the records of its kind.
    pub fn index(self) -> usize {
        match self {
            Place::Array(_, i) | Place::Stream(_, i, _) => i,
        }
    }

    pub fn path(self) -> String {
        match self {
            Place::Array(RecordKind::Survey, i) => format!("$.surveys[{i}]"),
            Place::Array(_, i) => format!("$.tickets[{i}]"),
            Place::Stream(_, _, n) => format!("$[{n}]"),
        }
    }
}

/// A survey that passed its own checks before its ticket was read: its ticket is looked up once
/// all tickets are read.
#[derive(Debug, Clone)]
pub(crate) struct PendingSurvey {
    pub place: Place,
    pub ticket_id: String,
    pub surveyed_at: i64,
    pub score: u8,
}

/// The accepted records so far, in columns, and the rejected ones.
#[derive(Debug)]
pub(crate) struct Records {
    pub tickets: Tickets,
    pub categories: Dictionary,
    pub channels: Dictionary,
    /// Complainants' customer ids (interned) with the row of each complaint.
    pub complainants: Dictionary,
    pub complaints: Vec<(u32, u32)>,
    /// Surveys read before their ticket, in file order.
    pub surveys: Vec<PendingSurvey>,
    /// The `surveyed_at` of the survey whose score each surveyed ticket row holds so far.
    pub surveyed: SurveyTimes,
    pub problems: Vec<Problem>,
    /// Rejected records, listed or not.
    pub rejected: u64,
    pub ticket_records: u64,
    pub survey_records: u64,
}

impl Default for Records {
    fn default() -> Self {
        let mut categories = Dictionary::default();
        let mut channels = Dictionary::default();
        // Code 0 of each is the "missing" label, so it exists even when no ticket lacks one.
        categories.intern(UNCATEGORIZED);
        channels.intern(UNKNOWN_CHANNEL);
        Records {
            tickets: Tickets::default(),
            categories,
            channels,
            complainants: Dictionary::default(),
            complaints: Vec::new(),
            surveys: Vec::new(),
            surveyed: SurveyTimes::default(),
            problems: Vec::new(),
            rejected: 0,
            ticket_records: 0,
            survey_records: 0,
        }
    }
}

/// Why one record is rejected: the offending field and the reason.
pub(crate) struct Rejection {
    pub id: Option<String>,
    /// `.field`, or empty for the record as a whole.
    pub field: String,
    pub reason: Reason,
}

impl Records {
    pub fn count(&mut self, kind: RecordKind) {
        match kind {
            RecordKind::Survey => self.survey_records += 1,
            _ => self.ticket_records += 1,
        }
    }

    pub fn reject(&mut self, place: Place, r: Rejection) {
        self.rejected += 1;
        if self.problems.len() < MAX_LISTED_PROBLEMS {
            self.problems.push(Problem {
                record: place.kind(),
                index: place.index(),
                id: r.id,
                path: format!("{}{}", place.path(), r.field),
                reason: r.reason,
            });
        }
    }

    /// Checks one ticket and stores it, or rejects it.
    pub fn ticket(&mut self, header: &Header, place: Place, record: &Record<RawTicket<'_>>) {
        let checked = match record {
            Record::Object(raw) => self.validate_ticket(header, raw),
            Record::NotAnObject => Err(not_an_object()),
        };
        if let Err(r) = checked {
            self.reject(place, r);
        }
    }

    fn validate_ticket(&mut self, header: &Header, raw: &RawTicket<'_>) -> Result<(), Rejection> {
        let reject = |field: &str, reason: Reason| Rejection {
            id: raw.id.as_ref().and_then(Scalar::as_str).map(str::to_string),
            field: format!(".{field}"),
            reason,
        };
        if let Some(key) = raw.duplicate_key {
            return Err(reject(key, Reason::DuplicateKey));
        }
        let id = required_text(&raw.id).map_err(|r| reject("id", r))?;
        let opened =
            timestamp(header, required_text(&raw.opened_at)).map_err(|r| reject("opened_at", r))?;
        let district_code = required_text(&raw.district).map_err(|r| reject("district", r))?;
        let district = *header
            .district_codes
            .get(district_code)
            .ok_or_else(|| reject("district", Reason::UnknownDistrict(district_code.into())))?;
        let kind_text = required_text(&raw.kind).map_err(|r| reject("kind", r))?;
        let kind = Kind::parse(kind_text)
            .ok_or_else(|| reject("kind", Reason::UnknownKind(kind_text.into())))?;
        let category = optional_text(&raw.category).map_err(|r| reject("category", r))?;
        let channel = optional_text(&raw.channel).map_err(|r| reject("channel", r))?;
        let customer = optional_text(&raw.customer_id).map_err(|r| reject("customer_id", r))?;
        let tier =
            match optional_text(&raw.customer_tier).map_err(|r| reject("customer_tier", r))? {
                None => Tier::Unrated,
                Some(t) => Tier::parse_rated(t)
                    .ok_or_else(|| reject("customer_tier", Reason::UnknownTier(t.into())))?,
            };
        let milestone =
            |field: &'static str, value: &Option<Scalar<'_>>| -> Result<u32, Rejection> {
                let text = match optional_text(value) {
                    Ok(None) => return Ok(NOT_YET),
                    Ok(Some(text)) => text,
                    Err(r) => return Err(reject(field, r)),
                };
                let at = timestamp(header, Ok(text)).map_err(|r| reject(field, r))?;
                let after = at - opened;
                if after < 0 {
                    return Err(reject(field, Reason::BeforeOpened));
                }
                // Both ends are plausible, so `after` is at most 30 years: always below NOT_YET.
                u32::try_from(after)
                    .ok()
                    .filter(|&s| s != NOT_YET)
                    .ok_or_else(|| reject(field, Reason::TooLarge))
            };
        let first_response = milestone("first_response_at", &raw.first_response_at)?;
        let arrived = milestone("arrived_at", &raw.arrived_at)?;
        let resolved = milestone("resolved_at", &raw.resolved_at)?;
        let score = score(&raw.satisfaction).map_err(|r| reject("satisfaction", r))?;
        let category = self
            .categories
            .intern(category.unwrap_or(UNCATEGORIZED))
            .ok_or_else(|| reject("category", Reason::TooLarge))?;
        let channel = self
            .channels
            .intern(channel.unwrap_or(UNKNOWN_CHANNEL))
            .ok_or_else(|| reject("channel", Reason::TooLarge))?;
        let complainant = match (kind, customer) {
            (Kind::Complaint, Some(c)) => Some(
                self.complainants
                    .intern(c)
                    .ok_or_else(|| reject("customer_id", Reason::TooLarge))?,
            ),
            _ => None,
        };
        let row = self
            .tickets
            .push(NewTicket {
                id,
                opened,
                first_response,
                arrived,
                resolved,
                district,
                kind,
                category,
                channel,
                tier,
                score,
                has_customer: customer.is_some(),
            })
            .map_err(|e| match e {
                InsertError::Duplicate(_) => reject("id", Reason::DuplicateId),
                InsertError::Full => reject("id", Reason::TooLarge),
            })?;
        if let Some(c) = complainant {
            self.complaints.push((c, row));
        }
        Ok(())
    }

    /// Checks one survey. A valid one scores its ticket now if the ticket was read (exports list
    /// surveys after tickets); else it waits for its ticket to be looked up at the end.
    pub fn survey(&mut self, header: &Header, place: Place, record: &Record<RawSurvey<'_>>) {
        let Record::Object(raw) = record else {
            return self.reject(place, not_an_object());
        };
        let reject = |field: &str, reason: Reason| Rejection {
            id: raw
                .ticket_id
                .as_ref()
                .and_then(Scalar::as_str)
                .map(str::to_string),
            field: format!(".{field}"),
            reason,
        };
        let checked = (|| {
            if let Some(key) = raw.duplicate_key {
                return Err(reject(key, Reason::DuplicateKey));
            }
            let ticket_id = required_text(&raw.ticket_id).map_err(|r| reject("ticket_id", r))?;
            let at = timestamp(header, required_text(&raw.surveyed_at))
                .map_err(|r| reject("surveyed_at", r))?;
            match score(&raw.score).map_err(|r| reject("score", r))? {
                0 => Err(reject("score", Reason::Missing)),
                s => Ok((ticket_id, at, s)),
            }
        })();
        match checked {
            Ok((ticket_id, surveyed_at, score)) => match self.tickets.row_of(ticket_id) {
                // Read after every survey of its ticket so far: it wins ties.
                Some(row) => self.take_survey(row, surveyed_at, score, true),
                None => self.surveys.push(PendingSurvey {
                    place,
                    ticket_id: ticket_id.to_string(),
                    surveyed_at,
                    score,
                }),
            },
            Err(r) => self.reject(place, r),
        }
    }

    /// The one rule for a ticket's surveys (export-format.md): the latest `surveyed_at` wins,
    /// and on equal times the one later in the file. `later_in_file` says whether this survey
    /// comes after those of ticket `row` taken so far.
    fn take_survey(&mut self, row: u32, surveyed_at: i64, score: u8, later_in_file: bool) {
        let wins = self.surveyed.take(row, surveyed_at, |held| {
            surveyed_at > held || (later_in_file && surveyed_at == held)
        });
        if wins {
            self.tickets.set_score(row, score);
        }
    }
}

/// The `surveyed_at` of the survey whose score each surveyed ticket row holds so far.
///
/// Surveys usually follow their tickets' order. While their rows ascend, the times are kept in
/// a list in that order, with no hashing: a hash map of every surveyed row cost a cache miss a
/// survey, a quarter of the time of reading the benchmark's 1.46M surveys (natively). A row
/// before the last one is searched for in the list, and the first such row that is not there
/// moves the times into a map.
#[derive(Debug)]
pub(crate) enum SurveyTimes {
    Ascending(Vec<(u32, i64)>),
    Any(HashMap<u32, i64>),
}

impl Default for SurveyTimes {
    fn default() -> Self {
        SurveyTimes::Ascending(Vec::new())
    }
}

impl SurveyTimes {
    /// Takes time `at` for `row` if the row holds none yet, or if `wins` says so of the time it
    /// holds; returns whether it was taken.
    fn take(&mut self, row: u32, at: i64, wins: impl FnOnce(i64) -> bool) -> bool {
        let held = match self {
            SurveyTimes::Ascending(list) => {
                if list.last().is_none_or(|&(last, _)| last < row) {
                    list.push((row, at));
                    return true;
                }
                match list.binary_search_by_key(&row, |&(r, _)| r) {
                    Ok(i) => match list.get_mut(i) {
                        Some((_, held)) => held,
                        None => return false,
                    },
                    Err(_) => {
                        let mut map: HashMap<u32, i64> = std::mem::take(list).into_iter().collect();
                        map.insert(row, at);
                        *self = SurveyTimes::Any(map);
                        return true;
                    }
                }
            }
            SurveyTimes::Any(map) => match map.entry(row) {
                Entry::Vacant(slot) => {
                    slot.insert(at);
                    return true;
                }
                Entry::Occupied(slot) => slot.into_mut(),
            },
        };
        let won = wins(*held);
        if won {
            *held = at;
        }
        won
    }
}

pub(crate) fn not_an_object() -> Rejection {
    Rejection {
        id: None,
        field: String::new(),
        reason: Reason::NotAnObject,
    }
}

/// A timestamp field: RFC 3339 with an offset, and plausible for the export.
fn timestamp(header: &Header, text: Result<&str, Reason>) -> Result<i64, Reason> {
    let text = text?;
    let utc = parse_timestamp(text)
        .ok_or_else(|| Reason::BadTimestamp(text.into()))?
        .utc;
    if header.plausible(utc) {
        Ok(utc)
    } else {
        Err(Reason::Implausible(text.into()))
    }
}

/// Empty or only white space: `trim().is_empty()`, but it stops at the first character that is
/// not white space instead of trimming both ends (every text field of every ticket asks).
fn blank(text: &str) -> bool {
    text.chars().all(char::is_whitespace)
}

/// A required, non-empty string field.
fn required_text<'r>(value: &'r Option<Scalar<'_>>) -> Result<&'r str, Reason> {
    match value {
        None | Some(Scalar::Null) => Err(Reason::Missing),
        Some(Scalar::Str(s)) if blank(s) => Err(Reason::Empty),
        Some(Scalar::Str(s)) => Ok(s),
        Some(_) => Err(Reason::NotText),
    }
}

/// An optional string field; absent, `null` and blank all mean "not given".
fn optional_text<'r>(value: &'r Option<Scalar<'_>>) -> Result<Option<&'r str>, Reason> {
    match value {
        None | Some(Scalar::Null) => Ok(None),
        Some(Scalar::Str(s)) if blank(s) => Ok(None),
        Some(Scalar::Str(s)) => Ok(Some(s)),
        Some(_) => Err(Reason::NotText),
    }
}

/// A satisfaction score: an integer 1..=5 (`5.0` is the same number), or 0 when absent.
fn score(value: &Option<Scalar<'_>>) -> Result<u8, Reason> {
    match value {
        None | Some(Scalar::Null) => Ok(0),
        Some(s) => match s.exact_integer() {
            Some(n) if (1..=5).contains(&n) => Ok(n as u8),
            _ => Err(Reason::ScoreOutOfRange(s.describe())),
        },
    }
}

/// Applies the surveys read before their tickets, once every ticket is read. Each was read
/// before every survey already applied to its ticket, so they are taken from the last back: one
/// wins only with a strictly later `surveyed_at` than the surveys after it in the file. Those of
/// unknown tickets are rejected in file order, so that the listed problems are the first ones.
pub(crate) fn apply_surveys(records: &mut Records) {
    let mut found = Vec::new();
    for s in std::mem::take(&mut records.surveys) {
        match records.tickets.row_of(&s.ticket_id) {
            Some(row) => found.push((row, s.surveyed_at, s.score)),
            None => records.reject(
                s.place,
                Rejection {
                    id: Some(s.ticket_id.clone()),
                    field: ".ticket_id".into(),
                    reason: Reason::UnknownTicket(s.ticket_id),
                },
            ),
        }
    }
    for (row, surveyed_at, score) in found.into_iter().rev() {
        records.take_survey(row, surveyed_at, score, false);
    }
    // Only the load needs them: freed before the dataset is built.
    records.surveyed = SurveyTimes::default();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule applied with a map throughout, the reference for [`SurveyTimes`].
    fn by_map(surveys: &[(u32, i64)]) -> Vec<bool> {
        let mut held: HashMap<u32, i64> = HashMap::new();
        surveys
            .iter()
            .map(|&(row, at)| match held.get(&row) {
                Some(&h) if at < h => false,
                _ => {
                    held.insert(row, at);
                    true
                }
            })
            .collect()
    }

    #[test]
    fn survey_times_in_any_order_take_what_a_map_takes() {
        let cases: [&[(u32, i64)]; 6] = [
            // Ascending rows, one survey each: never a map.
            &[(0, 5), (3, 1), (4, 9), (10, 2)],
            // A row again at once: a later time wins, an earlier one does not, a tie does.
            &[(1, 5), (1, 7), (1, 6), (1, 7), (2, 1)],
            // A row again after others: found in the list.
            &[(1, 5), (4, 1), (9, 2), (4, 3), (1, 4), (9, 2), (12, 0)],
            // A new row before the last: into a map, and on from there.
            &[
                (2, 5),
                (8, 1),
                (5, 3),
                (2, 4),
                (2, 6),
                (5, 2),
                (8, 9),
                (1, 1),
            ],
            // Descending (surveys read before their tickets are applied from the last back).
            &[(9, 1), (7, 1), (7, 2), (3, 1), (9, 0)],
            &[],
        ];
        for surveys in cases {
            let mut times = SurveyTimes::default();
            let taken: Vec<bool> = surveys
                .iter()
                .map(|&(row, at)| times.take(row, at, |held| at >= held))
                .collect();
            assert_eq!(taken, by_map(surveys), "{surveys:?}");
        }
        let mut ascending = SurveyTimes::default();
        for (row, at) in [(0, 5), (3, 1), (3, 2), (0, 1), (4, 9)] {
            ascending.take(row, at, |held| at >= held);
        }
        assert!(matches!(ascending, SurveyTimes::Ascending(_)));
    }
}
