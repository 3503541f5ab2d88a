//! Stage two of validation: reading an export into a [`Dataset`] plus record-level problems.
//!
//! The loader walks the top-level object itself and hands each member, and each element of the
//! `tickets` and `surveys` arrays, to serde_json one at a time. That gives three things a single
//! `from_slice` could not: (1) work in bounded steps, so the browser can paint progress between
//! them and a 200 MB file does not freeze the tab; (2) a malformed record rejects only itself;
//! (3) tickets go straight into columns, never into a `Vec` of structs with `String`s.
//!
//! JSON syntax is still checked in full: every value is parsed by serde_json, and the loader
//! checks the punctuation between them.

use crate::calendar::{parse_timestamp, Offset};
use crate::dataset::{Dataset, District, Meta, NewTicket, Tickets, FLAG_REPEAT, NOT_YET};
use crate::dictionary::{Dictionary, InsertError};
use crate::domain::{Area, Kind, Tier, UNCATEGORIZED, UNKNOWN_CHANNEL};
use crate::error::{LoadError, FORMAT_NAME, FORMAT_VERSION};
use crate::problem::{Problem, Reason, RecordKind};
use crate::raw::{RawSurvey, RawTicket, Record, Scalar};
use crate::targets::Targets;
use crate::timeliness::{classify, Milestone, Outcome, Outcomes};
use hashbrown::HashMap;
use serde::de::{DeserializeOwned, IgnoredAny};
use serde::Deserialize;
use serde_json::Value;

/// What a complete load yields.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub dataset: Dataset,
    /// Rejected records, tickets first, each array in file order.
    pub problems: Vec<Problem>,
    /// Records read from `tickets` and `surveys`, accepted or not.
    pub ticket_records: usize,
    pub survey_records: usize,
}

/// How far a load has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub bytes_done: usize,
    pub bytes_total: usize,
    pub finished: bool,
}

/// Repeat-complaint window: 30 days (kpis.md, "Quality").
const REPEAT_WINDOW_SECS: i64 = 43_200 * 60;

/// Loads a whole export in one call (tests, benchmarks, small files).
pub fn load(bytes: Vec<u8>) -> Result<Loaded, LoadError> {
    let mut loader = Loader::new(bytes)?;
    while !loader.step(usize::MAX)?.finished {}
    loader.finish()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Array {
    Tickets,
    Surveys,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Inside the top-level object, before a key or the closing brace.
    Members {
        first: bool,
    },
    /// Inside `tickets` or `surveys`; afterwards continue at `resume` (the top-level members, or
    /// the end of the document when the array was read out of order).
    Elements {
        array: Array,
        index: usize,
        first: bool,
        resume: Resume,
    },
    Done,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Resume {
    Members,
    End(usize),
}

/// A survey that passed its own checks; its ticket is looked up once all tickets are read.
struct PendingSurvey {
    index: usize,
    ticket_id: String,
    surveyed_at: i64,
    score: u8,
}

/// An incremental export reader. Call [`Loader::step`] until it reports `finished`, then
/// [`Loader::finish`].
pub struct Loader {
    bytes: Vec<u8>,
    pos: usize,
    state: State,
    seen: Vec<String>,
    format_ok: bool,
    version_ok: bool,
    organization: Option<String>,
    exported_at: Option<crate::calendar::Instant>,
    timezone: Option<Offset>,
    districts: Option<Vec<District>>,
    district_codes: HashMap<String, u16>,
    targets: Targets,
    /// Where `tickets` starts when it came before `districts` and must wait for them.
    deferred_tickets: Option<usize>,
    tickets_seen: bool,
    tickets: Tickets,
    categories: Dictionary,
    channels: Dictionary,
    /// Complainants' customer ids (interned) with the row of each complaint.
    complainants: Dictionary,
    complaints: Vec<(u32, u32)>,
    surveys: Vec<PendingSurvey>,
    problems: Vec<Problem>,
    ticket_records: usize,
    survey_records: usize,
}

impl Loader {
    /// Starts a load. Fails at once for an empty file or one that is not a JSON object.
    pub fn new(bytes: Vec<u8>) -> Result<Loader, LoadError> {
        let mut pos = if bytes.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        pos = skip_ws(&bytes, pos);
        match bytes.get(pos) {
            None => return Err(LoadError::Empty),
            Some(b'{') => pos += 1,
            Some(b'[') => {
                return Err(LoadError::NotAnExport {
                    found: "an array / 数组".into(),
                })
            }
            Some(_) => {
                // Let serde_json say what is wrong and where.
                return Err(match serde_json::from_slice::<IgnoredAny>(&bytes[pos..]) {
                    Err(e) => LoadError::from_json(&e, &bytes, pos),
                    Ok(_) => LoadError::NotAnExport {
                        found: "a single value / 单个值".into(),
                    },
                });
            }
        }
        let mut categories = Dictionary::default();
        let mut channels = Dictionary::default();
        // Code 0 of each is the "missing" label, so it exists even when no ticket lacks one.
        categories.intern(UNCATEGORIZED);
        channels.intern(UNKNOWN_CHANNEL);
        Ok(Loader {
            bytes,
            pos,
            state: State::Members { first: true },
            seen: Vec::new(),
            format_ok: false,
            version_ok: false,
            organization: None,
            exported_at: None,
            timezone: None,
            districts: None,
            district_codes: HashMap::new(),
            targets: Targets::default(),
            deferred_tickets: None,
            tickets_seen: false,
            tickets: Tickets::default(),
            categories,
            channels,
            complainants: Dictionary::default(),
            complaints: Vec::new(),
            surveys: Vec::new(),
            problems: Vec::new(),
            ticket_records: 0,
            survey_records: 0,
        })
    }

    pub fn progress(&self) -> Progress {
        Progress {
            bytes_done: self.pos,
            bytes_total: self.bytes.len(),
            finished: self.state == State::Done,
        }
    }

    /// Reads up to `budget` records (array elements or top-level members).
    pub fn step(&mut self, budget: usize) -> Result<Progress, LoadError> {
        let mut left = budget.max(1);
        while left > 0 && self.state != State::Done {
            left -= 1;
            match self.state {
                State::Members { first } => self.member(first)?,
                State::Elements {
                    array,
                    index,
                    first,
                    resume,
                } => self.element(array, index, first, resume)?,
                State::Done => {}
            }
        }
        Ok(self.progress())
    }

    /// One top-level member, or the closing brace.
    fn member(&mut self, first: bool) -> Result<(), LoadError> {
        self.pos = skip_ws(&self.bytes, self.pos);
        match self.bytes.get(self.pos) {
            Some(b'}') => {
                self.pos += 1;
                return self.end_of_object();
            }
            Some(b',') if !first => {
                self.pos = skip_ws(&self.bytes, self.pos + 1);
            }
            Some(_) if first => {}
            _ => return Err(self.syntax("expected `,` or `}`")),
        }
        let key: String = self.value()?;
        self.pos = skip_ws(&self.bytes, self.pos);
        if self.bytes.get(self.pos) != Some(&b':') {
            return Err(self.syntax("expected `:`"));
        }
        self.pos = skip_ws(&self.bytes, self.pos + 1);
        if self.seen.contains(&key) {
            return Err(LoadError::DuplicateKey {
                path: format!("$.{key}"),
            });
        }
        self.seen.push(key.clone());
        self.state = State::Members { first: false };
        match key.as_str() {
            "format" => {
                let v = self.scalar()?;
                if v.as_str() != Some(FORMAT_NAME) {
                    return Err(LoadError::NotAnExport {
                        found: v.describe(),
                    });
                }
                self.format_ok = true;
            }
            "version" => {
                let v = self.scalar()?;
                match v {
                    Scalar::Int(FORMAT_VERSION) => self.version_ok = true,
                    Scalar::Int(n) if n > FORMAT_VERSION => {
                        return Err(LoadError::NewerVersion {
                            found: n.to_string(),
                        })
                    }
                    other => {
                        return Err(LoadError::UnknownVersion {
                            found: other.describe(),
                        })
                    }
                }
            }
            "organization" => {
                let v = self.scalar()?;
                self.organization = match v {
                    Scalar::Null => None,
                    Scalar::Str(s) => Some(s.into_owned()),
                    _ => return Err(invalid("$.organization", "文本", "text")),
                };
            }
            "exported_at" => {
                let v = self.scalar()?;
                let instant = v.as_str().and_then(parse_timestamp).ok_or_else(|| {
                    invalid(
                        "$.exported_at",
                        "带时区的 RFC 3339 时间",
                        "an RFC 3339 timestamp with an offset",
                    )
                })?;
                self.exported_at = Some(instant);
            }
            "timezone" => {
                let v = self.scalar()?;
                self.timezone = match v {
                    Scalar::Null => None,
                    Scalar::Str(s) => Some(Offset::parse(&s).ok_or_else(|| {
                        invalid(
                            "$.timezone",
                            "UTC 偏移，如 +08:00",
                            "a UTC offset such as +08:00",
                        )
                    })?),
                    _ => {
                        return Err(invalid(
                            "$.timezone",
                            "UTC 偏移，如 +08:00",
                            "a UTC offset such as +08:00",
                        ))
                    }
                };
            }
            "districts" => {
                let v: Value = self.value()?;
                let districts = parse_districts(&v)?;
                self.district_codes = districts
                    .iter()
                    .enumerate()
                    .map(|(i, d)| (d.code.clone(), i as u16))
                    .collect();
                self.districts = Some(districts);
            }
            "targets" => {
                let v: Value = self.value()?;
                if !v.is_null() {
                    self.targets = Targets::from_json(&v)?;
                }
            }
            "tickets" => {
                self.tickets_seen = true;
                self.open_array(Array::Tickets, "$.tickets")?;
            }
            "surveys" => {
                if self.bytes.get(self.pos) == Some(&b'n') {
                    self.scalar()?;
                } else {
                    self.open_array(Array::Surveys, "$.surveys")?;
                }
            }
            _ => {
                let _: IgnoredAny = self.value()?;
            }
        }
        Ok(())
    }

    /// Enters an array member, or sets `tickets` aside until `districts` has been read.
    fn open_array(&mut self, array: Array, path: &str) -> Result<(), LoadError> {
        if self.bytes.get(self.pos) != Some(&b'[') {
            return Err(invalid(path, "数组", "an array"));
        }
        if array == Array::Tickets && self.districts.is_none() {
            self.deferred_tickets = Some(self.pos);
            let _: IgnoredAny = self.value()?;
            return Ok(());
        }
        self.pos += 1;
        self.state = State::Elements {
            array,
            index: 0,
            first: true,
            resume: Resume::Members,
        };
        Ok(())
    }

    fn end_of_object(&mut self) -> Result<(), LoadError> {
        let end = skip_ws(&self.bytes, self.pos);
        if end != self.bytes.len() {
            return Err(LoadError::syntax(
                &self.bytes,
                end,
                "unexpected content after the end of the document",
            ));
        }
        if !self.format_ok {
            return Err(LoadError::NotAnExport {
                found: "nothing / 无".into(),
            });
        }
        for (ok, field) in [
            (self.version_ok, "$.version"),
            (self.exported_at.is_some(), "$.exported_at"),
            (self.districts.is_some(), "$.districts"),
            (self.tickets_seen, "$.tickets"),
        ] {
            if !ok {
                return Err(LoadError::MissingField { path: field.into() });
            }
        }
        match self.deferred_tickets.take() {
            Some(start) => {
                self.pos = start + 1;
                self.state = State::Elements {
                    array: Array::Tickets,
                    index: 0,
                    first: true,
                    resume: Resume::End(end),
                };
            }
            None => {
                self.pos = end;
                self.state = State::Done;
            }
        }
        Ok(())
    }

    /// One array element, or the closing bracket.
    fn element(
        &mut self,
        array: Array,
        index: usize,
        first: bool,
        resume: Resume,
    ) -> Result<(), LoadError> {
        self.pos = skip_ws(&self.bytes, self.pos);
        match self.bytes.get(self.pos) {
            Some(b']') => {
                self.pos += 1;
                self.state = match resume {
                    Resume::Members => State::Members { first: false },
                    Resume::End(end) => {
                        self.pos = end;
                        State::Done
                    }
                };
                return Ok(());
            }
            Some(b',') if !first => self.pos = skip_ws(&self.bytes, self.pos + 1),
            Some(_) if first => {}
            _ => return Err(self.syntax("expected `,` or `]`")),
        }
        match array {
            Array::Tickets => self.ticket(index)?,
            Array::Surveys => self.survey(index)?,
        }
        self.state = State::Elements {
            array,
            index: index + 1,
            first: false,
            resume,
        };
        Ok(())
    }

    fn ticket(&mut self, index: usize) -> Result<(), LoadError> {
        self.ticket_records += 1;
        let (record, end) = parse_at::<Record<RawTicket>>(&self.bytes, self.pos)?;
        let outcome = match record {
            Record::NotAnObject => Err(Rejection::new(None, String::new(), Reason::NotAnObject)),
            Record::Object(raw) => {
                let mut ctx = TicketContext {
                    district_codes: &self.district_codes,
                    categories: &mut self.categories,
                    channels: &mut self.channels,
                };
                match validate_ticket(&raw, &mut ctx) {
                    Ok((ticket, customer)) => {
                        let kind = ticket.kind;
                        match self.tickets.push(ticket) {
                            Ok(row) => {
                                if let (Kind::Complaint, Some(customer)) = (kind, customer) {
                                    let code = self.complainants.intern(customer);
                                    self.complaints.push((code.unwrap_or(u32::MAX), row));
                                }
                                Ok(())
                            }
                            Err(InsertError::Duplicate(_)) => Err(Rejection::new(
                                id_of(&raw),
                                ".id".into(),
                                Reason::DuplicateId,
                            )),
                            Err(InsertError::Full) => {
                                Err(Rejection::new(id_of(&raw), String::new(), Reason::TooLarge))
                            }
                        }
                    }
                    Err(rejection) => Err(rejection),
                }
            }
        };
        if let Err(r) = outcome {
            self.problems.push(Problem {
                record: RecordKind::Ticket,
                index,
                id: r.id,
                path: format!("$.tickets[{index}]{}", r.field),
                reason: r.reason,
            });
        }
        self.pos = end;
        Ok(())
    }

    fn survey(&mut self, index: usize) -> Result<(), LoadError> {
        self.survey_records += 1;
        let (record, end) = parse_at::<Record<RawSurvey>>(&self.bytes, self.pos)?;
        self.pos = end;
        let outcome = match record {
            Record::NotAnObject => Err(Rejection::new(None, String::new(), Reason::NotAnObject)),
            Record::Object(raw) => validate_survey(&raw).map(|(ticket_id, surveyed_at, score)| {
                self.surveys.push(PendingSurvey {
                    index,
                    ticket_id,
                    surveyed_at,
                    score,
                })
            }),
        };
        if let Err(r) = outcome {
            self.problems.push(Problem {
                record: RecordKind::Survey,
                index,
                id: r.id,
                path: format!("$.surveys[{index}]{}", r.field),
                reason: r.reason,
            });
        }
        Ok(())
    }

    /// Settles what needs every record: survey scores and repeat complaints.
    pub fn finish(mut self) -> Result<Loaded, LoadError> {
        if self.state != State::Done {
            while !self.step(usize::MAX)?.finished {}
        }
        let (Some(exported_at), Some(districts)) = (self.exported_at, self.districts.take()) else {
            return Err(LoadError::MissingField {
                path: "$.exported_at".into(),
            });
        };
        self.apply_surveys();
        mark_repeats(&mut self.tickets, &self.complaints);
        settle_outcomes(
            &mut self.tickets,
            &districts,
            &self.targets,
            exported_at.utc,
        );
        self.problems
            .sort_by_key(|p| (p.record == RecordKind::Survey, p.index));
        let dataset = Dataset {
            meta: Meta {
                organization: self.organization,
                exported_at: exported_at.utc,
                offset: self.timezone.unwrap_or(exported_at.offset),
            },
            districts,
            targets: self.targets,
            tickets: self.tickets,
            categories: self.categories,
            channels: self.channels,
        }
        .seal();
        Ok(Loaded {
            dataset,
            problems: self.problems,
            ticket_records: self.ticket_records,
            survey_records: self.survey_records,
        })
    }

    /// A survey score overrides the ticket's own; of several, the latest `surveyed_at` wins, and
    /// on equal times the one later in the file (export-format.md, "Survey").
    fn apply_surveys(&mut self) {
        let mut best: HashMap<u32, (i64, u8)> = HashMap::new();
        for s in &self.surveys {
            match self.tickets.row_of(&s.ticket_id) {
                Some(row) => {
                    let slot = best.entry(row).or_insert((s.surveyed_at, s.score));
                    if s.surveyed_at >= slot.0 {
                        *slot = (s.surveyed_at, s.score);
                    }
                }
                None => self.problems.push(Problem {
                    record: RecordKind::Survey,
                    index: s.index,
                    id: Some(s.ticket_id.clone()),
                    path: format!("$.surveys[{}].ticket_id", s.index),
                    reason: Reason::UnknownTicket(s.ticket_id.clone()),
                }),
            }
        }
        for (row, (_, score)) in best {
            if let Some(slot) = self.tickets.score.get_mut(row as usize) {
                *slot = score;
            }
        }
    }

    /// Parses a scalar member value at the current position and moves past it.
    fn scalar(&mut self) -> Result<Scalar<'static>, LoadError> {
        let (value, end) = parse_at::<Scalar>(&self.bytes, self.pos)?;
        self.pos = end;
        Ok(value.into_owned())
    }

    /// Parses the value at the current position and moves past it.
    fn value<T: DeserializeOwned>(&mut self) -> Result<T, LoadError> {
        let (value, end) = parse_at::<T>(&self.bytes, self.pos)?;
        self.pos = end;
        Ok(value)
    }

    fn syntax(&self, detail: &str) -> LoadError {
        if self.pos >= self.bytes.len() {
            LoadError::syntax(&self.bytes, self.pos, "unexpected end of file")
        } else {
            LoadError::syntax(&self.bytes, self.pos, detail)
        }
    }
}

/// Parses one JSON value starting at `pos`; returns it and the position just after it.
fn parse_at<'de, T: Deserialize<'de>>(
    bytes: &'de [u8],
    pos: usize,
) -> Result<(T, usize), LoadError> {
    let rest = bytes.get(pos..).unwrap_or_default();
    let mut stream = serde_json::Deserializer::from_slice(rest).into_iter::<T>();
    match stream.next() {
        Some(Ok(value)) => Ok((value, pos + stream.byte_offset())),
        Some(Err(e)) => Err(LoadError::from_json(&e, bytes, pos)),
        None => Err(LoadError::syntax(
            bytes,
            bytes.len(),
            "unexpected end of file",
        )),
    }
}

fn skip_ws(bytes: &[u8], mut pos: usize) -> usize {
    while matches!(bytes.get(pos), Some(b' ' | b'\n' | b'\r' | b'\t')) {
        pos += 1;
    }
    pos
}

fn invalid(path: &str, expected_zh: &'static str, expected_en: &'static str) -> LoadError {
    LoadError::InvalidField {
        path: path.into(),
        expected_zh,
        expected_en,
    }
}

fn parse_districts(value: &Value) -> Result<Vec<District>, LoadError> {
    let items = match value {
        Value::Array(items) => items,
        Value::Null => return Err(LoadError::NoDistricts),
        _ => return Err(invalid("$.districts", "数组", "an array")),
    };
    if items.is_empty() {
        return Err(LoadError::NoDistricts);
    }
    if items.len() > usize::from(u16::MAX) {
        return Err(LoadError::TooLarge);
    }
    let mut districts: Vec<District> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let path = format!("$.districts[{i}]");
        let obj = item
            .as_object()
            .ok_or_else(|| invalid(&path, "对象", "an object"))?;
        let code = match obj.get("code").and_then(Value::as_str) {
            Some(c) if !c.trim().is_empty() => c.to_string(),
            _ => {
                return Err(invalid(
                    &format!("{path}.code"),
                    "非空文本",
                    "non-empty text",
                ))
            }
        };
        if districts.iter().any(|d| d.code == code) {
            return Err(LoadError::DuplicateDistrict {
                path: format!("{path}.code"),
                code,
            });
        }
        let name = match obj.get("name") {
            None | Some(Value::Null) => code.clone(),
            Some(Value::String(n)) if !n.trim().is_empty() => n.clone(),
            Some(_) => {
                return Err(invalid(
                    &format!("{path}.name"),
                    "非空文本",
                    "non-empty text",
                ))
            }
        };
        let area = obj
            .get("area")
            .and_then(Value::as_str)
            .and_then(Area::parse)
            .ok_or_else(|| {
                invalid(
                    &format!("{path}.area"),
                    " urban、rural 或 remote 之一",
                    "one of urban, rural, remote",
                )
            })?;
        let customers = match obj.get("customers") {
            None | Some(Value::Null) => None,
            Some(v) => Some(v.as_u64().ok_or_else(|| {
                invalid(
                    &format!("{path}.customers"),
                    "非负整数",
                    "a non-negative integer",
                )
            })?),
        };
        districts.push(District {
            code,
            name,
            area,
            customers,
        });
    }
    Ok(districts)
}

/// Why one record is rejected: the offending field (a path suffix like `.opened_at`) and reason.
struct Rejection {
    id: Option<String>,
    field: String,
    reason: Reason,
}

impl Rejection {
    fn new(id: Option<String>, field: String, reason: Reason) -> Rejection {
        Rejection { id, field, reason }
    }
}

struct TicketContext<'a> {
    district_codes: &'a HashMap<String, u16>,
    categories: &'a mut Dictionary,
    channels: &'a mut Dictionary,
}

fn id_of(raw: &RawTicket<'_>) -> Option<String> {
    raw.id.as_ref().and_then(Scalar::as_str).map(str::to_string)
}

/// Checks one ticket against export-format.md. Returns the row to store and, for the
/// repeat-complaint rule, the customer id.
fn validate_ticket<'r>(
    raw: &'r RawTicket<'_>,
    ctx: &mut TicketContext<'_>,
) -> Result<(NewTicket<'r>, Option<&'r str>), Rejection> {
    let reject =
        |field: &str, reason: Reason| Rejection::new(id_of(raw), format!(".{field}"), reason);
    if let Some(key) = raw.duplicate_key {
        return Err(reject(key, Reason::DuplicateKey));
    }
    let id = required_text(&raw.id).map_err(|r| reject("id", r))?;
    let opened_text = required_text(&raw.opened_at).map_err(|r| reject("opened_at", r))?;
    let opened = parse_timestamp(opened_text)
        .ok_or_else(|| reject("opened_at", Reason::BadTimestamp(opened_text.into())))?
        .utc;
    let district_code = required_text(&raw.district).map_err(|r| reject("district", r))?;
    let district = *ctx
        .district_codes
        .get(district_code)
        .ok_or_else(|| reject("district", Reason::UnknownDistrict(district_code.into())))?;
    let kind_text = required_text(&raw.kind).map_err(|r| reject("kind", r))?;
    let kind = Kind::parse(kind_text)
        .ok_or_else(|| reject("kind", Reason::UnknownKind(kind_text.into())))?;
    let category = optional_text(&raw.category).map_err(|r| reject("category", r))?;
    let channel = optional_text(&raw.channel).map_err(|r| reject("channel", r))?;
    let customer = optional_text(&raw.customer_id).map_err(|r| reject("customer_id", r))?;
    let tier = match optional_text(&raw.customer_tier).map_err(|r| reject("customer_tier", r))? {
        None => Tier::Unrated,
        Some(t) => Tier::parse_rated(t)
            .ok_or_else(|| reject("customer_tier", Reason::UnknownTier(t.into())))?,
    };
    let milestone = |field: &'static str, value: &Option<Scalar<'_>>| -> Result<u32, Rejection> {
        let Some(text) = optional_text(value).map_err(|r| reject(field, r))? else {
            return Ok(NOT_YET);
        };
        let at = parse_timestamp(text)
            .ok_or_else(|| reject(field, Reason::BadTimestamp(text.into())))?
            .utc;
        let after = at - opened;
        if after < 0 {
            return Err(reject(field, Reason::BeforeOpened));
        }
        u32::try_from(after)
            .ok()
            .filter(|&s| s != NOT_YET)
            .ok_or_else(|| reject(field, Reason::TooLarge))
    };
    let first_response = milestone("first_response_at", &raw.first_response_at)?;
    let arrived = milestone("arrived_at", &raw.arrived_at)?;
    let resolved = milestone("resolved_at", &raw.resolved_at)?;
    let score = score(&raw.satisfaction).map_err(|r| reject("satisfaction", r))?;
    let category = ctx
        .categories
        .intern(category.unwrap_or(UNCATEGORIZED))
        .ok_or_else(|| reject("category", Reason::TooLarge))?;
    let channel = ctx
        .channels
        .intern(channel.unwrap_or(UNKNOWN_CHANNEL))
        .ok_or_else(|| reject("channel", Reason::TooLarge))?;
    Ok((
        NewTicket {
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
        },
        customer,
    ))
}

fn validate_survey(raw: &RawSurvey<'_>) -> Result<(String, i64, u8), Rejection> {
    let id = raw
        .ticket_id
        .as_ref()
        .and_then(Scalar::as_str)
        .map(str::to_string);
    let reject =
        |field: &str, reason: Reason| Rejection::new(id.clone(), format!(".{field}"), reason);
    if let Some(key) = raw.duplicate_key {
        return Err(reject(key, Reason::DuplicateKey));
    }
    let ticket_id = required_text(&raw.ticket_id).map_err(|r| reject("ticket_id", r))?;
    let at_text = required_text(&raw.surveyed_at).map_err(|r| reject("surveyed_at", r))?;
    let at = parse_timestamp(at_text)
        .ok_or_else(|| reject("surveyed_at", Reason::BadTimestamp(at_text.into())))?;
    match score(&raw.score).map_err(|r| reject("score", r))? {
        0 => Err(reject("score", Reason::Missing)),
        s => Ok((ticket_id.to_string(), at.utc, s)),
    }
}

/// A required, non-empty string field.
fn required_text<'r>(value: &'r Option<Scalar<'_>>) -> Result<&'r str, Reason> {
    match value {
        None | Some(Scalar::Null) => Err(Reason::Missing),
        Some(Scalar::Str(s)) if s.trim().is_empty() => Err(Reason::Empty),
        Some(Scalar::Str(s)) => Ok(s),
        Some(_) => Err(Reason::NotText),
    }
}

/// An optional string field; absent, `null` and blank all mean "not given".
fn optional_text<'r>(value: &'r Option<Scalar<'_>>) -> Result<Option<&'r str>, Reason> {
    match value {
        None | Some(Scalar::Null) => Ok(None),
        Some(Scalar::Str(s)) if s.trim().is_empty() => Ok(None),
        Some(Scalar::Str(s)) => Ok(Some(s)),
        Some(_) => Err(Reason::NotText),
    }
}

/// A satisfaction score: an integer 1..=5, or 0 when absent.
fn score(value: &Option<Scalar<'_>>) -> Result<u8, Reason> {
    match value {
        None | Some(Scalar::Null) => Ok(0),
        Some(Scalar::Int(n)) if (1..=5).contains(n) => Ok(*n as u8),
        Some(other) => Err(Reason::ScoreOutOfRange(other.describe())),
    }
}

/// Classifies every ticket's milestones against its limits at `now` (kpis.md, "Timeliness"):
/// first response by kind, repair arrival by district area (repairs only), resolution by kind,
/// and overdue = unresolved and breaching the resolution limit.
fn settle_outcomes(tickets: &mut Tickets, districts: &[District], targets: &Targets, now: i64) {
    let first = Kind::ALL.map(|k| targets.first_response_secs(k));
    let resolution = Kind::ALL.map(|k| targets.resolution_secs(k));
    let arrival: Vec<Option<f64>> = districts
        .iter()
        .map(|d| targets.repair_arrival_secs(d.area))
        .collect();
    let t = &mut *tickets;
    for (i, slot) in t.outcomes.iter_mut().enumerate() {
        let (Some(&opened), Some(&kind)) = (t.opened.get(i), t.kind.get(i)) else {
            continue;
        };
        let waited = now - opened;
        let mut o = Outcomes::default();
        if let (Some(limit), Some(&at)) = (first[kind.index()], t.first_response.get(i)) {
            o.set(Milestone::FirstResponse, classify(at, waited, limit));
        }
        if kind == Kind::Repair {
            let limit = t
                .district
                .get(i)
                .and_then(|&d| arrival.get(usize::from(d)).copied().flatten());
            if let (Some(limit), Some(&at)) = (limit, t.arrived.get(i)) {
                o.set(Milestone::RepairArrival, classify(at, waited, limit));
            }
        }
        if let (Some(limit), Some(&at)) = (resolution[kind.index()], t.resolved.get(i)) {
            let outcome = classify(at, waited, limit);
            o.set(Milestone::Resolution, outcome);
            if at == NOT_YET && outcome == Outcome::Breached {
                o.set_overdue();
            }
        }
        *slot = o;
    }
}

/// Flags each complaint whose customer has another complaint opened 0 < Δ ≤ 30 days before it
/// (kpis.md, `repeat_complaint_pct`). Filters never change this, so it is settled once here.
fn mark_repeats(tickets: &mut Tickets, complaints: &[(u32, u32)]) {
    let mut by_customer: Vec<(u32, i64, u32)> = complaints
        .iter()
        .filter_map(|&(customer, row)| {
            let opened = *tickets.opened.get(row as usize)?;
            Some((customer, opened, row))
        })
        .collect();
    by_customer.sort_unstable();
    let mut group_start = 0;
    for i in 0..by_customer.len() {
        let (customer, opened, row) = by_customer[i];
        if i > 0 && by_customer[i - 1].0 != customer {
            group_start = i;
        }
        // The latest earlier complaint of the same customer with a strictly earlier time.
        let previous = by_customer[group_start..i]
            .iter()
            .rev()
            .find(|&&(_, t, _)| t < opened);
        if previous.is_some_and(|&(_, t, _)| opened - t <= REPEAT_WINDOW_SECS) {
            if let Some(flags) = tickets.flags.get_mut(row as usize) {
                *flags |= FLAG_REPEAT;
            }
        }
    }
}
