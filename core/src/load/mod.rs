//! Reading an export into a [`Dataset`] plus record-level problems, from bytes that arrive in
//! chunks (a download or a file read in pieces), holding one chunk and the record being read —
//! never the whole file.
//!
//! The loader walks the top-level object itself and reads each element of `tickets` and
//! `surveys` in place: on the plain path (`plain.rs`) when all its members are plain values, as
//! nearly every record is, else with serde_json, which also reads the other members. When a
//! value is cut by a chunk boundary, or serde_json refuses it, the resumable [`scan::Scanner`]
//! finds where it ends and whether it is JSON at all: a syntax error stops the load (the file is
//! not JSON), a bad value inside a well-formed record (a lone surrogate escape, `1e400`) rejects
//! that record only.
//!
//! Two encodings of the same export are read (docs/data-format.md): the JSON document, and
//! NDJSON — the top-level members as the first value, then one ticket or survey per line.
//!
//! Records are judged as they arrive once the districts and `exported_at` are known. Records that
//! come before those members (allowed: member order means nothing in JSON) wait as raw text.

pub(crate) mod header;
mod input;
mod plain;
mod records;
pub mod scan;
mod settle;

pub use header::{EARLIEST_BEFORE_EXPORT_SECS, LATEST_AFTER_EXPORT_SECS, MAX_CUSTOMERS};
pub use records::MAX_LISTED_PROBLEMS;
pub use settle::REPEAT_WINDOW_SECS;

use crate::dataset::{Dataset, Meta};
use crate::error::LoadError;
use crate::problem::{Problem, Reason, RecordKind};
use crate::raw::{Members, RawRecord, RawSurvey, RawTicket, Record, Scalar};
use header::{invalid, Header, Key};
use input::Input;
use records::{not_an_object, Place, Records, Rejection};
use scan::{Scan, Scanner};
use serde::Deserialize;
use serde_json::Value;
use std::borrow::Cow;

/// Tickets read before the columns are sized for the whole file: enough to measure a ticket's
/// share of the file (a few hundred KB), few enough that growing to them by doubling is cheap.
const SAMPLED_TICKETS: usize = 4096;
/// Beyond this, the index and columns grow as tickets come (a wrong size must not take memory).
const MAX_EXPECTED_TICKETS: u128 = 20_000_000;

/// What a complete load yields.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub dataset: Dataset,
    /// Rejected records, in file order (tickets first), at most [`MAX_LISTED_PROBLEMS`].
    pub problems: Vec<Problem>,
    /// Rejected records in all, listed or not.
    pub rejected: u64,
    /// Accepted with a value set aside: a district whose `customers` is implausible.
    pub adjusted: Vec<Problem>,
    /// Records read from `tickets` and `surveys` (or NDJSON lines), accepted or not.
    pub ticket_records: u64,
    pub survey_records: u64,
}

/// How far a load has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    /// Bytes of the file consumed.
    pub bytes: u64,
    /// Records read (tickets and surveys).
    pub records: u64,
    /// Tickets accepted so far.
    pub tickets: u64,
}

/// Loads a whole export or cube in one call (tests, benchmarks, small files).
pub fn load(bytes: &[u8]) -> Result<Loaded, LoadError> {
    let mut loader = Loader::new();
    let total = bytes.len() as u64;
    let mut read = 0;
    let fed = bytes.chunks(1 << 20).try_for_each(|chunk| {
        loader.feed(chunk)?;
        read += chunk.len() as u64;
        loader.expect_rest(read, total);
        Ok(())
    });
    let loaded = match fed {
        Ok(()) => loader.finish(),
        Err(e) => Err(e),
    };
    match loaded {
        Err(LoadError::IsCube) => crate::cube::load(bytes),
        other => other,
    }
}

/// Parses one record. Read as bytes, serde_json checks UTF-8 string by string; a record checked
/// whole first (one pass, mostly ASCII) is read as text instead, which loads a file about a
/// tenth faster. A record that is not UTF-8 is read as bytes, for the same error as before.
fn parse_record<'a, T: serde::Deserialize<'a>>(bytes: &'a [u8]) -> serde_json::Result<T> {
    match std::str::from_utf8(bytes) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(bytes),
    }
}

/// No single value (a record, the districts) may be larger than this: a file that has one is
/// refused rather than held.
pub const MAX_VALUE_BYTES: usize = 256 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Array {
    Tickets,
    Surveys,
}

impl Array {
    fn kind(self) -> RecordKind {
        match self {
            Array::Tickets => RecordKind::Ticket,
            Array::Surveys => RecordKind::Survey,
        }
    }
}

/// Where a record is read from: an array and its index, or the NDJSON stream position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Array(Array, usize),
    Stream(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Element {
    /// After `[`: an element or `]`.
    Open,
    /// After `,`: an element.
    Comma,
    /// After an element: `,` or `]`.
    After,
}

/// What a value being scanned is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Then {
    Skip,
    Key,
    Member(Key),
    Record(Slot),
}

#[derive(Debug, Clone)]
enum State {
    Start,
    /// After `{`: a key or `}`.
    ObjectOpen,
    /// After `,` between members: a key.
    MemberKey,
    /// After a key: `:`.
    Colon(Option<Key>),
    /// After `:`: the member's value.
    Value(Option<Key>),
    /// After a member's value: `,` or `}`.
    MemberNext,
    Elements {
        array: Array,
        index: usize,
        phase: Element,
    },
    /// Finding the end of a value that starts at file position `start`; `at` is how far the
    /// scanner has come.
    Scanning {
        scanner: Scanner,
        start: u64,
        at: u64,
        then: Then,
        /// The array state to return to after a record.
        resume: Option<(Array, usize)>,
    },
    /// After the top-level object: the end, or NDJSON records.
    AfterDocument,
    /// NDJSON records; `n` is the position of the next value in the stream.
    Stream {
        n: usize,
    },
}

/// An incremental export reader: [`Loader::feed`] chunks, then [`Loader::finish`].
pub struct Loader {
    input: Input,
    state: State,
    header: Header,
    records: Records,
    /// Raw records that came before the districts or `exported_at`.
    deferred: Vec<(Slot, std::ops::Range<usize>)>,
    deferred_bytes: Vec<u8>,
    ndjson: bool,
    failed: Option<LoadError>,
}

impl Default for Loader {
    fn default() -> Self {
        Loader::new()
    }
}

/// What one step of the state machine found.
enum Step {
    Continue,
    /// The bytes so far are used up.
    NeedMore,
}

impl Loader {
    pub fn new() -> Loader {
        Loader {
            input: Input::default(),
            state: State::Start,
            header: Header::default(),
            records: Records::default(),
            deferred: Vec::new(),
            deferred_bytes: Vec::new(),
            ndjson: false,
            failed: None,
        }
    }

    /// Told how far the source is read (`read` of its `total` bytes, as the source counts them:
    /// a gzip's compressed bytes) once enough tickets are in: makes room in the ticket ids' index
    /// and the columns for the tickets the whole file likely holds, so that each is allocated
    /// once. Measured on the file itself, the estimate follows its tickets' size (a converted
    /// sheet's are half an export's, a guess from the size alone was wrong by that much), with a
    /// sixteenth more. When that room is nearly used (the later tickets are shorter than the
    /// first), the file is measured again and room made for the new estimate, rather than the
    /// columns doubling. Cheap when there is room: call it after every chunk.
    pub fn expect_rest(&mut self, read: u64, total: u64) {
        let tickets = &mut self.records.tickets;
        let (have, room) = (tickets.len(), tickets.room());
        // Grown by doubling until then, the columns have less room than the tickets read when
        // the first 4096 are in: sized then, and later only when their room runs low.
        let nearly_full = room < (have / 64).max(SAMPLED_TICKETS);
        if have < SAMPLED_TICKETS || read == 0 || !nearly_full {
            return;
        }
        let whole = (have as u128 * u128::from(total) / u128::from(read)).min(MAX_EXPECTED_TICKETS);
        let whole = usize::try_from(whole).unwrap_or(0);
        let rest = whole.saturating_sub(have);
        if rest > room {
            tickets.reserve(rest + whole / 16);
        }
    }

    pub fn progress(&self) -> Progress {
        Progress {
            bytes: self.input.consumed(),
            records: self.records.ticket_records + self.records.survey_records,
            tickets: self.records.tickets.len() as u64,
        }
    }

    /// Bytes held by the reader's window (not by the columns).
    pub fn window_bytes(&self) -> usize {
        self.input.held() + self.deferred_bytes.capacity()
    }

    /// Reads the next chunk of the file.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<Progress, LoadError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        self.input.push(chunk);
        match self.run() {
            Ok(()) => Ok(self.progress()),
            Err(e) => {
                self.failed = Some(e.clone());
                Err(e)
            }
        }
    }

    /// The file has ended: checks what it said and settles the dataset.
    pub fn finish(mut self) -> Result<Loaded, LoadError> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        self.input.ended = true;
        self.run()?;
        match self.state {
            State::Start => return Err(LoadError::Empty),
            State::AfterDocument | State::Stream { .. } => {}
            _ => return Err(self.syntax_at(self.input.bytes().len(), "unexpected end of file")),
        }
        self.header.complete(self.ndjson)?;
        self.flush_deferred()?;
        self.settle()
    }

    fn run(&mut self) -> Result<(), LoadError> {
        loop {
            match self.step()? {
                Step::Continue => {}
                Step::NeedMore => return Ok(()),
            }
        }
    }

    fn syntax_at(&self, at: usize, detail: &str) -> LoadError {
        let (line, column) = self.input.location(at);
        LoadError::NotJson {
            line,
            column,
            detail: detail.into(),
        }
    }

    fn syntax(&self, detail: &str) -> LoadError {
        self.syntax_at(self.input.pos, detail)
    }

    /// The next byte after white space, or `None` when the input so far is used up (an error
    /// if the file has ended).
    fn next_byte(&mut self) -> Result<Option<u8>, LoadError> {
        match self.input.skip_ws() {
            Some(b) => Ok(Some(b)),
            None if self.input.ended => Err(self.syntax("unexpected end of file")),
            None => Ok(None),
        }
    }

    fn step(&mut self) -> Result<Step, LoadError> {
        let state = std::mem::replace(&mut self.state, State::Start);
        let (next, step) = self.advance(state)?;
        self.state = next;
        Ok(step)
    }

    fn advance(&mut self, state: State) -> Result<(State, Step), LoadError> {
        let need = |s: State| Ok((s, Step::NeedMore));
        let go = |s: State| Ok((s, Step::Continue));
        match state {
            State::Start => {
                let rest = self.input.rest();
                const BOM: &[u8] = b"\xEF\xBB\xBF";
                if rest.len() < BOM.len() && BOM.starts_with(rest) && !self.input.ended {
                    return need(State::Start);
                }
                if rest.starts_with(BOM) {
                    self.input.pos += BOM.len();
                }
                match self.input.skip_ws() {
                    None if self.input.ended => Err(LoadError::Empty),
                    None => need(State::Start),
                    Some(b'{') => {
                        self.input.pos += 1;
                        go(State::ObjectOpen)
                    }
                    Some(b'[') => Err(LoadError::NotAnExport {
                        found: "an array / 数组".into(),
                    }),
                    Some(_) => Err(self.syntax("expected a JSON object")),
                }
            }
            State::ObjectOpen => match self.next_byte()? {
                None => need(State::ObjectOpen),
                Some(b'}') => {
                    self.input.pos += 1;
                    go(State::AfterDocument)
                }
                Some(b'"') => self.key(),
                Some(_) => Err(self.syntax("expected a string key or `}`")),
            },
            State::MemberKey => match self.next_byte()? {
                None => need(State::MemberKey),
                Some(b'"') => self.key(),
                Some(_) => Err(self.syntax("expected a string key")),
            },
            State::Colon(key) => match self.next_byte()? {
                None => need(State::Colon(key)),
                Some(b':') => {
                    self.input.pos += 1;
                    go(State::Value(key))
                }
                Some(_) => Err(self.syntax("expected `:`")),
            },
            State::MemberNext => match self.next_byte()? {
                None => need(State::MemberNext),
                Some(b',') => {
                    self.input.pos += 1;
                    go(State::MemberKey)
                }
                Some(b'}') => {
                    self.input.pos += 1;
                    go(State::AfterDocument)
                }
                Some(_) => Err(self.syntax("expected `,` or `}`")),
            },
            State::Value(key) => match self.next_byte()? {
                None => need(State::Value(key)),
                Some(b) => self.value(key, b),
            },
            // The elements of an array are read in this loop, not one state per element: a
            // state is moved in and out of the loader at every step, and a million tickets took
            // three steps each.
            State::Elements {
                array,
                mut index,
                mut phase,
            } => loop {
                let Some(b) = self.next_byte()? else {
                    return need(State::Elements {
                        array,
                        index,
                        phase,
                    });
                };
                match (phase, b) {
                    (Element::Open | Element::After, b']') => {
                        self.input.pos += 1;
                        return go(State::MemberNext);
                    }
                    (Element::After, b',') => {
                        self.input.pos += 1;
                        phase = Element::Comma;
                    }
                    (Element::After, _) => return Err(self.syntax("expected `,` or `]`")),
                    (Element::Comma, b']') => return Err(self.syntax("expected a value")),
                    _ => match self.element(array, index)? {
                        Some(next) => {
                            index = next;
                            phase = Element::After;
                        }
                        None => {
                            return go(self.scan_from(
                                Then::Record(Slot::Array(array, index)),
                                Some((array, index)),
                            ))
                        }
                    },
                }
            },
            State::Scanning {
                mut scanner,
                start,
                at,
                then,
                resume,
            } => {
                let (start, at) = (self.input.index(start), self.input.index(at));
                let piece = self.input.bytes().get(at..).unwrap_or_default();
                let len = self.input.bytes().len();
                match scanner.scan(piece) {
                    Scan::Complete(n) => self.scanned(start, at + n, then, resume),
                    Scan::Error(off, detail) => Err(self.syntax_at(at + off, detail)),
                    Scan::NeedMore if self.input.ended => {
                        if scanner.finish() {
                            self.scanned(start, len, then, resume)
                        } else {
                            Err(self.syntax_at(len, "unexpected end of file"))
                        }
                    }
                    Scan::NeedMore => {
                        if then != Then::Skip && len.saturating_sub(start) > MAX_VALUE_BYTES {
                            return Err(LoadError::TooLarge);
                        }
                        let start = if then == Then::Skip {
                            // Skipped bytes need not be kept.
                            self.input.pos = len;
                            self.input.mark = None;
                            len
                        } else {
                            start
                        };
                        need(State::Scanning {
                            scanner,
                            start: self.input.position(start),
                            at: self.input.position(len),
                            then,
                            resume,
                        })
                    }
                }
            }
            State::AfterDocument => match self.input.skip_ws() {
                None => need(State::AfterDocument),
                Some(b'{') => {
                    // NDJSON: the header was the first value; records follow one per line.
                    self.ndjson = true;
                    self.header.complete(true)?;
                    self.flush_deferred()?;
                    go(State::Stream { n: 1 })
                }
                Some(_) => Err(self.syntax("unexpected content after the end of the document")),
            },
            State::Stream { n } => match self.input.skip_ws() {
                None => need(State::Stream { n }),
                Some(_) => self.stream_record(n),
            },
        }
    }

    /// A member key starts at the current position (a `"`).
    fn key(&mut self) -> Result<(State, Step), LoadError> {
        match parse_at::<Cow<str>>(self.input.rest()) {
            Ok((key, len)) => {
                let key = Key::parse(&key);
                self.input.pos += len;
                Ok((State::Colon(key), Step::Continue))
            }
            Err(_) => Ok((self.scan_from(Then::Key, None), Step::Continue)),
        }
    }

    /// Starts scanning the value at the current position.
    fn scan_from(&mut self, then: Then, resume: Option<(Array, usize)>) -> State {
        let start = self.input.position(self.input.pos);
        self.input.mark = (then != Then::Skip).then_some(start);
        State::Scanning {
            scanner: Scanner::new(),
            start,
            at: start,
            then,
            resume,
        }
    }

    /// A member's value starts at the current position with byte `b`.
    fn value(&mut self, key: Option<Key>, b: u8) -> Result<(State, Step), LoadError> {
        let Some(key) = key else {
            return Ok((self.scan_from(Then::Skip, None), Step::Continue));
        };
        self.header.see(key)?;
        match (key, b) {
            (Key::Tickets | Key::Surveys, b'[') => {
                self.input.pos += 1;
                let array = if key == Key::Tickets {
                    Array::Tickets
                } else {
                    Array::Surveys
                };
                Ok((
                    State::Elements {
                        array,
                        index: 0,
                        phase: Element::Open,
                    },
                    Step::Continue,
                ))
            }
            (Key::Surveys, b'n') => Ok((self.scan_from(Then::Member(key), None), Step::Continue)),
            (Key::Tickets | Key::Surveys, _) => Err(invalid(key.path(), "数组", "an array")),
            _ => match parse_at::<Value>(self.input.rest()) {
                Ok((value, len)) => {
                    self.input.pos += len;
                    self.member(key, &value)?;
                    Ok((State::MemberNext, Step::Continue))
                }
                Err(_) => Ok((self.scan_from(Then::Member(key), None), Step::Continue)),
            },
        }
    }

    /// A header member's value was read.
    fn member(&mut self, key: Key, value: &Value) -> Result<(), LoadError> {
        if key == Key::Surveys {
            // `"surveys": null`: no surveys.
            return Ok(());
        }
        self.header.scalar(key, value)?;
        if self.header.ready() && !self.deferred.is_empty() {
            self.flush_deferred()?;
        }
        Ok(())
    }

    /// A value found complete by the scanner, at buffer indices `start..end`.
    fn scanned(
        &mut self,
        start: usize,
        end: usize,
        then: Then,
        resume: Option<(Array, usize)>,
    ) -> Result<(State, Step), LoadError> {
        self.input.mark = None;
        let next = match then {
            Then::Skip => {
                self.input.pos = end;
                State::MemberNext
            }
            Then::Key => {
                let key = self
                    .input
                    .bytes()
                    .get(start..end)
                    .and_then(|b| serde_json::from_slice::<Cow<str>>(b).ok())
                    .and_then(|k| Key::parse(&k));
                self.input.pos = end;
                State::Colon(key)
            }
            Then::Member(key) => {
                let slice = self.input.bytes().get(start..end).unwrap_or_default();
                let value = serde_json::from_slice::<Value>(slice)
                    .map_err(|_| invalid(key.path(), "有效的 JSON 值", "a valid JSON value"))?;
                self.input.pos = end;
                self.member(key, &value)?;
                State::MemberNext
            }
            Then::Record(slot) => {
                let bytes = self
                    .input
                    .bytes()
                    .get(start..end)
                    .unwrap_or_default()
                    .to_vec();
                self.input.pos = end;
                self.record_bytes(slot, &bytes, true)?;
                match (slot, resume) {
                    (Slot::Stream(n), _) => State::Stream { n: n + 1 },
                    (_, Some((array, index))) => State::Elements {
                        array,
                        index: index + 1,
                        phase: Element::After,
                    },
                    (Slot::Array(array, index), None) => State::Elements {
                        array,
                        index: index + 1,
                        phase: Element::After,
                    },
                }
            }
        };
        Ok((next, Step::Continue))
    }

    /// Reads the element of `tickets` or `surveys` at the current position and returns the
    /// next index, or `None` when the scanner must find where it ends (cut by the chunk's end,
    /// or not readable by serde_json: see the module's doc).
    fn element(&mut self, array: Array, index: usize) -> Result<Option<usize>, LoadError> {
        let rest = self.input.rest();
        let parsed = match array {
            Array::Tickets => record_at::<RawTicket>(rest).map(|(r, len)| {
                if self.header.ready() {
                    self.records.count(RecordKind::Ticket);
                    self.records
                        .ticket(&self.header, Place::Array(RecordKind::Ticket, index), &r);
                    (true, len)
                } else {
                    (false, len)
                }
            }),
            Array::Surveys => record_at::<RawSurvey>(rest).map(|(r, len)| {
                if self.header.ready() {
                    self.records.count(RecordKind::Survey);
                    self.records
                        .survey(&self.header, Place::Array(RecordKind::Survey, index), &r);
                    (true, len)
                } else {
                    (false, len)
                }
            }),
        };
        let Ok((done, len)) = parsed else {
            return Ok(None);
        };
        let start = self.input.pos;
        self.input.pos += len;
        if !done {
            self.defer(Slot::Array(array, index), start, start + len)?;
        }
        Ok(Some(index + 1))
    }

    /// An NDJSON record starts at the current position.
    fn stream_record(&mut self, n: usize) -> Result<(State, Step), LoadError> {
        match record_at::<RawRecord>(self.input.rest()) {
            Ok((record, len)) => {
                stream_parsed(&self.header, &mut self.records, n, record);
                self.input.pos += len;
                Ok((State::Stream { n: n + 1 }, Step::Continue))
            }
            Err(_) => Ok((
                self.scan_from(Then::Record(Slot::Stream(n)), None),
                Step::Continue,
            )),
        }
    }

    /// A complete record's text (from the scanner, or set aside earlier). `fresh` is false for
    /// a deferred record, already counted.
    fn record_bytes(&mut self, slot: Slot, bytes: &[u8], fresh: bool) -> Result<(), LoadError> {
        if !self.header.ready() {
            // Only array records can come before the header is complete. A fresh one is counted
            // now, as `defer` counts those of the fast path: the flush passes `fresh = false`.
            // (Found by tests/fuzz.rs: a record before the header that was cut by a chunk
            // boundary, or held a lone surrogate, was never counted.)
            if let (true, Slot::Array(array, _)) = (fresh, slot) {
                self.records.count(array.kind());
            }
            let start = self.deferred_bytes.len();
            self.deferred_bytes.extend_from_slice(bytes);
            let end = self.deferred_bytes.len();
            self.deferred.push((slot, start..end));
            return Ok(());
        }
        match slot {
            Slot::Array(array, index) => {
                let kind = array.kind();
                let place = Place::Array(kind, index);
                if fresh {
                    self.records.count(kind);
                }
                let outcome = match array {
                    Array::Tickets => parse_record::<Record<RawTicket>>(bytes)
                        .map(|r| self.records.ticket(&self.header, place, &r)),
                    Array::Surveys => parse_record::<Record<RawSurvey>>(bytes)
                        .map(|r| self.records.survey(&self.header, place, &r)),
                };
                if let Err(e) = outcome {
                    let rejection = bad_value(bytes, &e);
                    self.records.reject(place, rejection);
                }
            }
            Slot::Stream(n) => match parse_record::<Record<RawRecord>>(bytes) {
                Ok(record) => stream_parsed(&self.header, &mut self.records, n, record),
                Err(e) => {
                    let rejection = bad_value(bytes, &e);
                    let kind = if looks_like_survey(bytes) {
                        RecordKind::Survey
                    } else {
                        RecordKind::Ticket
                    };
                    let index = match kind {
                        RecordKind::Survey => self.records.survey_records,
                        _ => self.records.ticket_records,
                    } as usize;
                    self.records.count(kind);
                    self.records
                        .reject(Place::Stream(kind, index, n), rejection);
                }
            },
        }
        Ok(())
    }

    /// Sets a record aside until the districts and `exported_at` are known.
    fn defer(&mut self, slot: Slot, start: usize, end: usize) -> Result<(), LoadError> {
        if let Slot::Array(array, _) = slot {
            self.records.count(array.kind());
        }
        let bytes = self.input.bytes().get(start..end).unwrap_or_default();
        if self.deferred_bytes.len() + bytes.len() > isize::MAX as usize / 2 {
            return Err(LoadError::TooLarge);
        }
        let at = self.deferred_bytes.len();
        self.deferred_bytes.extend_from_slice(bytes);
        self.deferred.push((slot, at..self.deferred_bytes.len()));
        Ok(())
    }

    fn flush_deferred(&mut self) -> Result<(), LoadError> {
        if !self.header.ready() {
            return Ok(());
        }
        let deferred = std::mem::take(&mut self.deferred);
        let bytes = std::mem::take(&mut self.deferred_bytes);
        for (slot, range) in deferred {
            let text = bytes.get(range).unwrap_or_default();
            self.record_bytes(slot, text, false)?;
        }
        Ok(())
    }

    /// Settles per-ticket facts and builds the dataset.
    fn settle(self) -> Result<Loaded, LoadError> {
        let Loader {
            header,
            mut records,
            ..
        } = self;
        let (Some(exported_at), Some(districts), Some(offset)) = (
            header.exported_at,
            header.districts.clone(),
            header.offset(),
        ) else {
            return Err(LoadError::MissingField {
                path: Key::ExportedAt.path().into(),
            });
        };
        // The columns were reserved for the tickets the file was estimated to hold: their unused
        // tails are given back before settling allocates anything, which can then reuse them.
        records.tickets.shrink_to_fit();
        records::apply_surveys(&mut records);
        settle::settle_outcomes(
            &mut records.tickets,
            &districts,
            &header.targets,
            exported_at.utc,
        );
        let complaints = std::mem::take(&mut records.complaints);
        settle::mark_repeats(&mut records.tickets, &complaints);
        let mut problems = records.problems;
        // Tickets first, then surveys, each in file order (deferred records were judged late).
        problems.sort_by_key(|p| (p.record, p.index));
        let meta = Meta::new(header.organization, exported_at.utc, offset);
        let dataset = Dataset::build(
            meta,
            districts,
            header.units,
            header.targets,
            records.tickets,
            records.categories,
            records.channels,
        );
        Ok(Loaded {
            dataset,
            problems,
            rejected: records.rejected,
            adjusted: header.adjusted,
            ticket_records: records.ticket_records,
            survey_records: records.survey_records,
        })
    }
}

/// An NDJSON record, read: a ticket or a survey by its fields.
fn stream_parsed(header: &Header, records: &mut Records, n: usize, record: Record<RawRecord<'_>>) {
    let (kind, index) = match &record {
        Record::Object(raw) if raw.ticket_id.is_some() && raw.id.is_none() => {
            (RecordKind::Survey, records.survey_records)
        }
        _ => (RecordKind::Ticket, records.ticket_records),
    };
    let place = Place::Stream(kind, index as usize, n);
    records.count(kind);
    match record {
        Record::Object(raw) => match raw.split() {
            Ok(ticket) => records.ticket(header, place, &Record::Object(ticket)),
            Err(survey) => records.survey(header, place, &Record::Object(survey)),
        },
        Record::NotAnObject => records.reject(place, not_an_object()),
    }
}

/// Parses one JSON value at the start of `bytes`; returns it and its length.
///
/// A value that ends with a digit exactly at the end of `bytes` is a number that may go on in
/// the next chunk (`1` then `0`, `1` then `.0`); serde_json takes it as complete, so it is
/// refused here and the caller's scanner, which knows whether the file has ended, reads it
/// whole. (Found by tests/fuzz.rs: `"version":1.0` fed in two pieces was "not JSON".)
fn parse_at<'de, T: Deserialize<'de>>(bytes: &'de [u8]) -> Result<(T, usize), serde_json::Error> {
    let mut stream = serde_json::Deserializer::from_slice(bytes).into_iter::<T>();
    match stream.next() {
        Some(Ok(_))
            if stream.byte_offset() == bytes.len()
                && bytes.last().is_some_and(u8::is_ascii_digit) =>
        {
            Err(serde::de::Error::custom("a number that may continue"))
        }
        Some(Ok(value)) => Ok((value, stream.byte_offset())),
        Some(Err(e)) => Err(e),
        None => Err(serde::de::Error::custom("no value")),
    }
}

/// The record at the start of `bytes` and the length of its text: read on the plain path when
/// it is plain (nearly always), else by serde_json as [`parse_at`] reads any value.
fn record_at<'de, T>(bytes: &'de [u8]) -> Result<(Record<T>, usize), serde_json::Error>
where
    T: Members<'de>,
    Record<T>: Deserialize<'de>,
{
    plain::record(bytes).map_or_else(|| parse_at(bytes), Ok)
}

/// serde_json's message without its position (which is relative to a slice, not the file).
fn detail(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(cut) => text[..cut].to_string(),
        None => text,
    }
}

/// A record that is well-formed JSON but holds a value serde_json cannot take (a lone
/// surrogate, a number beyond f64, text that is not UTF-8): finds the member that holds it by
/// trying each member alone, and the record's id if it has a readable one.
fn bad_value(bytes: &[u8], error: &serde_json::Error) -> Rejection {
    let mut rejection = Rejection {
        id: None,
        field: String::new(),
        reason: Reason::BadValue(detail(error)),
    };
    let mut found = false;
    for (key, value) in members(bytes) {
        let parsed = serde_json::from_slice::<Scalar>(value);
        match (&key, parsed) {
            (Some(k), Ok(Scalar::Str(s))) if k == "id" || k == "ticket_id" => {
                rejection.id = Some(s.into_owned());
            }
            (_, Err(e)) if !found => {
                found = true;
                rejection.reason = Reason::BadValue(detail(&e));
                rejection.field = key.map(|k| format!(".{k}")).unwrap_or_default();
            }
            _ => {}
        }
    }
    rejection
}

/// The members of a JSON object given as text: each key (when it is readable) and its value's
/// text. Stops at anything unexpected; the caller only uses this to explain a rejection.
fn members(bytes: &[u8]) -> Vec<(Option<String>, &[u8])> {
    let mut out = Vec::new();
    let skip = |mut i: usize| {
        while bytes.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
            i += 1;
        }
        i
    };
    let mut i = skip(0);
    if bytes.get(i) != Some(&b'{') {
        return out;
    }
    i += 1;
    loop {
        i = skip(i);
        if bytes.get(i) != Some(&b'"') {
            return out;
        }
        let mut key_scan = Scanner::new();
        let Scan::Complete(key_len) = key_scan.scan(&bytes[i..]) else {
            return out;
        };
        let key = serde_json::from_slice::<String>(&bytes[i..i + key_len]).ok();
        i = skip(i + key_len);
        if bytes.get(i) != Some(&b':') {
            return out;
        }
        i = skip(i + 1);
        let mut value_scan = Scanner::new();
        let Scan::Complete(len) = value_scan.scan(&bytes[i..]) else {
            return out;
        };
        out.push((key, &bytes[i..i + len]));
        i = skip(i + len);
        if bytes.get(i) != Some(&b',') {
            return out;
        }
        i += 1;
    }
}

/// Whether an unreadable NDJSON record is a survey: it names a `ticket_id` and no `id`.
fn looks_like_survey(bytes: &[u8]) -> bool {
    let keys: Vec<Option<String>> = members(bytes).into_iter().map(|(k, _)| k).collect();
    keys.iter().any(|k| k.as_deref() == Some("ticket_id"))
        && !keys.iter().any(|k| k.as_deref() == Some("id"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An export of `long` tickets padded with `pad` spaces each, then `short` plain ones.
    fn export(long: usize, pad: usize, short: usize) -> Vec<u8> {
        let mut out = String::from(
            r#"{"format":"service-kpi-export","version":1,"exported_at":"2026-11-01T08:00:00+08:00","timezone":"+08:00","districts":[{"code":"TC","name":"通川区","area":"urban","customers":1000}],"tickets":["#,
        );
        for i in 0..long + short {
            if i > 0 {
                out.push(',');
            }
            let padding = if i < long {
                " ".repeat(pad)
            } else {
                String::new()
            };
            out.push_str(&format!(
                r#"{{"id":"T{i}","opened_at":"2026-10-06T19:53:00+08:00","district":"TC","kind":"inquiry","category":"电费查询","channel":"95598"{padding}}}"#
            ));
        }
        out.push_str("]}");
        out.into_bytes()
    }

    /// Room in the columns after each 64 KB chunk, fed as the worker feeds a download, and the
    /// tickets read.
    fn most_room(bytes: &[u8]) -> (usize, usize) {
        let mut loader = Loader::new();
        let total = bytes.len() as u64;
        let (mut read, mut most) = (0, 0);
        for chunk in bytes.chunks(64 << 10) {
            loader.feed(chunk).expect("the export reads");
            read += chunk.len() as u64;
            loader.expect_rest(read, total);
            let t = &loader.records.tickets;
            most = most.max(t.len() + t.room());
        }
        (most, loader.records.tickets.len())
    }

    #[test]
    fn the_columns_are_sized_from_the_file_and_again_when_later_tickets_are_shorter() {
        // Alike tickets: room for the estimate and its sixteenth, made once.
        let (most, n) = most_room(&export(0, 0, 20_000));
        assert_eq!(n, 20_000);
        assert!(most <= n + n / 12, "room for {most} tickets, {n} read");
        // The first 8192 twice as long as the rest: the first estimate is 23% short. Doubled,
        // the columns would have room for 1.6 times the tickets read; measured again, for the
        // tickets and a margin.
        let (most, n) = most_room(&export(8192, 112, 7000));
        assert_eq!(n, 15_192);
        assert!(most <= n + n / 8, "room for {most} tickets, {n} read");
    }
}
