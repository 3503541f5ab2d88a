//! The mapper's state between messages: the file read (its bytes, to read another sheet), the
//! table, and the mapping being edited. Each request is answered with one response; the page
//! never sees the table, only the view-models built here.
//!
//! Everything a manager decides is a [`Change`] to the [`Mapping`]; after each, the whole view
//! is built again from kpi-mapping's own functions (`assumptions`, `preview`), so that what the
//! page states is exactly what the conversion will do.

use crate::protocol::{
    self as p, Change, ColumnName, Conversion, DistrictRow, FileFacts, Given, MappingView, Note,
    Origin, Request, Response, RoleRow, SampleView, Settings, Word, PROBLEMS_SHOWN,
};
use crate::text;
use kpi_core::calendar::{parse_timestamp, Offset};
use kpi_core::domain::Area;
use kpi_core::i18n::Lang;
use kpi_mapping::convert::ConvertError;
use kpi_mapping::proposal::{assumptions, preview, Assumption};
use kpi_mapping::table::{column_letter, Cell, FileKind};
use kpi_mapping::values::{
    cell_text, kind_word, normalize_word, parse_text, score_word, tier_word, Local, ScoreRead,
};
use kpi_mapping::{
    convert, propose, read, read_customers, DateOrder, FoundBy, Mapping, ReadOptions, Role,
    RowProblem, Table,
};

/// Words and districts listed on the mapping page; more are counted, not listed.
const WORDS_LISTED: usize = 100;
const DISTRICTS_LISTED: usize = 500;
/// Assumptions of one kind listed (a free-text column chosen as "kind" would ask thousands).
const SAME_ASSUMPTIONS_LISTED: usize = 20;
/// Questions quoted under the confirm button.
const BLOCKING_LISTED: usize = 5;
/// Distinct values tallied per column.
const DISTINCT_TALLIED: usize = 10_000;
/// Offsets in use on Earth: −12:00 to +14:00.
const OFFSET_MINUTES: std::ops::RangeInclusive<i32> = -14 * 60..=14 * 60;

/// An answer, with the export's bytes and its tickets' sheet rows after a conversion.
#[derive(Debug)]
pub struct Outcome {
    pub response: Response,
    pub export: Option<(Vec<u8>, Vec<f64>)>,
}

impl From<Response> for Outcome {
    fn from(response: Response) -> Outcome {
        Outcome {
            response,
            export: None,
        }
    }
}

/// The worker's state.
#[derive(Default)]
pub struct Session {
    open: Option<Open>,
    /// The last conversion's rows that did not become tickets (those of the mapped file on
    /// show, even while another file is on the mapping step), for the download.
    problems: Vec<RowProblem>,
}

/// The file on the mapping page.
struct Open {
    name: String,
    bytes: Vec<u8>,
    options: ReadOptions,
    table: Table,
    mapping: Mapping,
    /// How each detected column was found; roles set by hand or by a given mapping are not here.
    found: Vec<(Role, FoundBy)>,
    /// Roles the manager set on the page.
    chosen: Vec<Role>,
    /// The mappings the page gave with the file (tried again on another sheet).
    given: Vec<Given>,
    applied: Option<Origin>,
    confirmed: bool,
    /// What happened to the mappings given, and to a customers file.
    notes: Vec<p::Text>,
    customer_notes: Vec<p::Text>,
}

fn t(text: kpi_mapping::Text) -> p::Text {
    p::Text {
        zh: text.zh,
        en: text.en,
    }
}

fn refused(id: u64, error: p::Text) -> Outcome {
    Response::Refused { id, error }.into()
}

/// A serde code (`snake_case`) read back as its type.
fn from_code<T: serde::de::DeserializeOwned>(code: &str) -> Result<T, p::Text> {
    serde_json::from_value(serde_json::Value::String(code.to_string()))
        .map_err(|_| text::unknown_code(code))
}

fn to_code<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// An assumption's stable code (its serde tag).
fn assumption_code(a: &Assumption) -> String {
    serde_json::to_value(a)
        .ok()
        .and_then(|v| v.get("code").and_then(|c| c.as_str()).map(str::to_string))
        .unwrap_or_default()
}

/// A given mapping could not be used; `None` when nothing needs saying (a mapping remembered
/// for another layout is simply not the one for this file).
type NotUsed = Option<p::Text>;

impl Session {
    pub fn new() -> Session {
        Session::default()
    }

    /// Answers one request; `beside` is the file sent with it.
    pub fn handle(&mut self, request: Request, beside: Option<Vec<u8>>) -> Outcome {
        match request {
            Request::Read { id, name, given } => self.read(id, name, given, beside),
            Request::Change { id, change } => match self.open.as_mut() {
                Some(open) => match open.change(change, beside) {
                    Ok(()) => Response::View {
                        id,
                        view: Box::new(open.view()),
                    }
                    .into(),
                    Err(error) => refused(id, error),
                },
                None => refused(id, text::nothing_open()),
            },
            Request::Convert { id } => match self.open.as_ref() {
                Some(open) => match open.convert(id) {
                    Ok((outcome, problems)) => {
                        self.problems = problems;
                        outcome
                    }
                    Err(error) => refused(id, error),
                },
                None => refused(id, text::nothing_open()),
            },
            Request::ProblemsJson { id, lang } => Response::ProblemsJson {
                id,
                json: problems_json(&self.problems, lang),
            }
            .into(),
        }
    }

    /// Reads a file. A file that cannot be read leaves the one before in place.
    fn read(
        &mut self,
        id: u64,
        name: String,
        given: Vec<Given>,
        bytes: Option<Vec<u8>>,
    ) -> Outcome {
        let Some(bytes) = bytes else {
            return Response::Failed {
                id,
                error: text::no_file(),
                detail: String::new(),
            }
            .into();
        };
        let options = ReadOptions::default();
        let table = match read(&bytes, &options) {
            Ok(table) => table,
            Err(e) => {
                return Response::Failed {
                    id,
                    error: t(e.text()),
                    detail: e.detail().to_string(),
                }
                .into()
            }
        };
        let mut open = Open::proposed(name, bytes, options, table, given);
        open.try_given_all();
        let view = open.view();
        self.open = Some(open);
        Response::View {
            id,
            view: Box::new(view),
        }
        .into()
    }
}

impl Open {
    fn proposed(
        name: String,
        bytes: Vec<u8>,
        options: ReadOptions,
        table: Table,
        given: Vec<Given>,
    ) -> Open {
        let (mapping, found) = detected(&table, &options);
        Open {
            name,
            bytes,
            options,
            table,
            mapping,
            found,
            chosen: Vec::new(),
            given,
            applied: None,
            confirmed: false,
            notes: Vec::new(),
            customer_notes: Vec::new(),
        }
    }

    /// Tries the given mappings in order; the first that fits is applied.
    fn try_given_all(&mut self) {
        let given = self.given.clone();
        for g in &given {
            match self.try_given(g) {
                Ok(()) => return,
                Err(Some(note)) => self.notes.push(note),
                Err(None) => {}
            }
        }
    }

    /// Applies a given mapping if it was made for this file: its layout (header signature) is
    /// the table's, on the sheet and header row it names. A mapping without a layout (typed by
    /// hand) is applied by position when its columns exist, and not counted as confirmed.
    fn try_given(&mut self, given: &Given) -> Result<(), NotUsed> {
        let origin = given.origin;
        let quiet = origin == Origin::Remembered;
        let parsed = if given.text.trim_start().starts_with('{') {
            Mapping::from_json(&given.text)
        } else {
            Mapping::from_param(&given.text)
        };
        let mapping = match parsed {
            Ok(m) => m,
            Err(e) => return Err((!quiet).then(|| text::given_unreadable(origin, &e.text()))),
        };
        let options = ReadOptions {
            sheet: mapping.sheet.clone(),
            header_row: mapping.header_row,
            encoding: mapping.encoding,
            delimiter: mapping.delimiter.and_then(|c| u8::try_from(c).ok()),
        };
        let reread;
        let table = if options == self.options {
            &self.table
        } else {
            if let Some(sheet) = &options.sheet {
                if !self.table.source.sheets.contains(sheet) {
                    return Err((!quiet).then(|| text::sheet_missing(sheet)));
                }
            }
            match read(&self.bytes, &options) {
                Ok(table) => {
                    reread = table;
                    &reread
                }
                Err(e) => return Err((!quiet).then(|| t(e.text()))),
            }
        };
        let signature = table.signature();
        let fits = mapping.columns.values().all(|&c| c < table.headers.len());
        let (confirmed, note) = match &mapping.layout {
            Some(layout) if *layout == signature => (true, text::given_used(origin)),
            Some(_) if origin == Origin::Imported && fits => {
                (false, text::given_other_layout(origin))
            }
            Some(_) => return Err((!quiet).then(|| text::given_other_layout(origin))),
            None if fits => (false, text::given_without_layout(origin)),
            None => {
                return Err((!quiet).then(|| text::given_does_not_fit(origin, table.headers.len())))
            }
        };
        let table = table.clone();
        self.options = options;
        self.table = table;
        self.mapping = mapping;
        self.found.clear();
        self.chosen.clear();
        self.applied = Some(origin);
        self.confirmed = confirmed;
        self.notes.push(note);
        Ok(())
    }

    /// Reads the file again with other options and proposes anew (another sheet or header row),
    /// trying the remembered mappings for the new layout.
    fn reread(&mut self, options: ReadOptions) -> Result<(), p::Text> {
        let table = read(&self.bytes, &options).map_err(|e| t(e.text()))?;
        let (mapping, found) = detected(&table, &options);
        self.options = options;
        self.table = table;
        self.mapping = mapping;
        self.found = found;
        self.chosen.clear();
        self.applied = None;
        self.confirmed = false;
        self.notes.clear();
        let remembered: Vec<Given> = self
            .given
            .iter()
            .filter(|g| g.origin == Origin::Remembered)
            .cloned()
            .collect();
        for g in &remembered {
            if self.try_given(g).is_ok() {
                break;
            }
        }
        Ok(())
    }

    fn change(&mut self, change: Change, beside: Option<Vec<u8>>) -> Result<(), p::Text> {
        let m = &mut self.mapping;
        match change {
            Change::Column { role, column } => {
                let role: Role = from_code(&role)?;
                match column {
                    Some(c) if c >= self.table.headers.len() => {
                        return Err(text::bad_column(c, self.table.headers.len()))
                    }
                    Some(c) => {
                        m.columns.insert(role, c);
                    }
                    None => {
                        m.columns.remove(&role);
                    }
                }
                self.found.retain(|(r, _)| *r != role);
                if !self.chosen.contains(&role) {
                    self.chosen.push(role);
                }
            }
            Change::Sheet { name } => {
                return self.reread(ReadOptions {
                    sheet: Some(name),
                    header_row: None,
                    ..self.options.clone()
                })
            }
            Change::HeaderRow { row } => {
                return self.reread(ReadOptions {
                    header_row: row,
                    ..self.options.clone()
                })
            }
            Change::Encoding { code } => {
                return self.reread(ReadOptions {
                    encoding: Some(from_code(&code)?),
                    ..self.options.clone()
                })
            }
            Change::Delimiter { delimiter } => {
                let delimiter = match delimiter {
                    ',' | ';' | '\t' => delimiter as u8,
                    other => return Err(text::unknown_code(&other.to_string())),
                };
                return self.reread(ReadOptions {
                    delimiter: Some(delimiter),
                    ..self.options.clone()
                });
            }
            Change::Timezone { minutes } => {
                if !OFFSET_MINUTES.contains(&minutes) {
                    return Err(text::bad_offset(minutes));
                }
                m.timezone = Offset(minutes.saturating_mul(60));
            }
            Change::DateOrder { order } => {
                m.date_order = match order {
                    Some(code) => Some(from_code::<DateOrder>(&code)?),
                    None => None,
                }
            }
            Change::ExportedAt { text } => {
                m.exported_at = match text.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                    None => None,
                    Some(typed) => {
                        // Kept as RFC 3339, the only form the link's `N` item carries.
                        let utc = parse_timestamp(typed)
                            .map(|i| i.utc)
                            .or_else(|| {
                                parse_text(typed, m.date_order)
                                    .ok()
                                    .map(|p| p.utc(m.timezone))
                            })
                            .ok_or_else(|| {
                                t(ConvertError::BadExportedAt {
                                    value: typed.to_string(),
                                }
                                .text())
                            })?;
                        Some(kpi_core::v1::timestamp(utc, m.timezone))
                    }
                }
            }
            Change::Organization { text } => {
                m.organization = text.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
            }
            Change::GenerateIds { on } => m.generate_ids = on,
            Change::DefaultKind { kind } => m.default_kind = kind,
            Change::DefaultDistrict { name } => {
                m.default_district = name.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
            }
            Change::KindWord { word, kind } => match kind {
                Some(k) => m.set_kind_word(&word, k),
                None => {
                    m.kind_words.remove(&normalize_word(&word));
                }
            },
            Change::TierWord { word, tier } => match tier {
                Some(tier) => m.set_tier_word(&word, tier),
                None => {
                    m.tier_words.remove(&normalize_word(&word));
                }
            },
            Change::ScoreWord { word, score } => match score {
                Some(s) if s > 5 => return Err(text::bad_score(s)),
                Some(s) => m.set_score_word(&word, s),
                None => {
                    m.score_words.remove(&normalize_word(&word));
                }
            },
            Change::Area { district, area } => {
                m.districts.entry(district.clone()).or_default().area = area;
                tidy_district(m, &district);
            }
            Change::Customers {
                district,
                customers,
            } => {
                m.districts.entry(district.clone()).or_default().customers = customers;
                tidy_district(m, &district);
            }
            Change::CustomersFile { name } => {
                let bytes = beside.ok_or_else(text::no_file)?;
                let list = read_customers(&bytes).map_err(|e| t(e.text()))?;
                m.set_customers(&list.entries);
                let known = self.district_names();
                let unused: Vec<String> = list
                    .entries
                    .iter()
                    .map(|(n, _)| n.clone())
                    .filter(|n| !known.contains(n))
                    .collect();
                self.customer_notes = vec![text::customers_read(&name, list.entries.len())];
                self.customer_notes
                    .extend(list.problems.into_iter().take(20).map(|(_, note)| t(note)));
                if !unused.is_empty() {
                    self.customer_notes.push(text::customers_unused(&unused));
                }
            }
            Change::Replace { given } => {
                return match self.try_given(&given) {
                    Ok(()) => Ok(()),
                    Err(note) => {
                        Err(note.unwrap_or_else(|| text::given_other_layout(given.origin)))
                    }
                }
            }
        }
        Ok(())
    }

    /// The districts the conversion would write: the names of the district column, and the
    /// district chosen for rows without one.
    fn district_names(&self) -> Vec<String> {
        self.districts().into_iter().map(|d| d.0).collect()
    }

    /// Districts with their rows, in order of first appearance.
    fn districts(&self) -> Vec<(String, u64)> {
        let m = &self.mapping;
        let (mut out, blank): (Vec<(String, u64)>, u64) = match m.column(Role::District) {
            Some(column) => (
                tally(&self.table, column, false)
                    .into_iter()
                    .map(|(word, _, rows)| (word, rows))
                    .collect(),
                self.table
                    .rows
                    .iter()
                    .filter(|r| cell_text(r.cell(column)).is_none())
                    .count() as u64,
            ),
            None => (Vec::new(), self.table.rows.len() as u64),
        };
        if let (Some(name), true) = (&m.default_district, blank > 0) {
            match out.iter_mut().find(|d| d.0 == *name) {
                Some(d) => d.1 = d.1.saturating_add(blank),
                None => out.push((name.clone(), blank)),
            }
        }
        out
    }

    /// The mapping as it would be confirmed: for this layout.
    fn confirmed_mapping(&self) -> Mapping {
        let mut m = self.mapping.clone();
        m.layout = Some(self.table.signature());
        m
    }

    fn found_text(&self, role: Role) -> p::Text {
        if let Some((_, by)) = self.found.iter().find(|(r, _)| *r == role) {
            return text::found(by);
        }
        match self.applied {
            Some(origin) if !self.chosen.contains(&role) => text::from_given(origin),
            _ => text::found(&FoundBy::Chosen),
        }
    }

    fn view(&self) -> MappingView {
        let table = &self.table;
        let m = &self.mapping;
        let all = assumptions(table, m, &self.found);
        let questions: Vec<&Assumption> = all.iter().filter(|a| a.needs_answer()).collect();
        let mut blocked: Vec<p::Text> = questions
            .iter()
            .take(BLOCKING_LISTED)
            .map(|a| t(a.text()))
            .collect();
        if questions.len() > BLOCKING_LISTED {
            blocked.push(text::still_asked(questions.len()));
        }
        let date_order_matters = all.iter().any(|a| {
            matches!(
                a,
                Assumption::DateOrderAsked { .. } | Assumption::DateOrderDetected { .. }
            )
        });
        let exported_at_default = all.iter().find_map(|a| match a {
            Assumption::ExportedAtLatest { at } => local_text(at, m.timezone),
            _ => None,
        });
        let mut notes = self.notes.clone();
        notes.extend(self.customer_notes.iter().cloned());
        let roles = preview(table, m, &self.found)
            .into_iter()
            .map(|r| RoleRow {
                code: to_code(&r.role),
                label: t(r.role.text()),
                required: matches!(
                    r.role,
                    Role::Id | Role::Opened | Role::District | Role::Kind
                ),
                column: r.column,
                header: r.header,
                found: r.column.map(|_| self.found_text(r.role)),
                samples: r
                    .samples
                    .into_iter()
                    .map(|s| SampleView {
                        row: s.row,
                        raw: s.raw,
                        reading: s.reading.map_err(t),
                    })
                    .collect(),
            })
            .collect();
        let kind_words = self.words(Role::Kind, &mut notes, |word, key| {
            let chosen = m.kind_words.get(key).copied();
            (chosen.or_else(|| kind_word(word)), chosen.is_some())
        });
        let tier_words = self.words(Role::Tier, &mut notes, |word, key| {
            let chosen = m.tier_words.get(key).copied();
            (chosen.or_else(|| tier_word(word)), chosen.is_some())
        });
        let score_words = self.words(Role::Satisfaction, &mut notes, |word, key| {
            let chosen = m.score_words.get(key).copied();
            let built_in = match score_word(&Cell::text(word)) {
                ScoreRead::Score(s) => Some(s),
                ScoreRead::NoScore => Some(0),
                ScoreRead::Unknown => None,
            };
            (chosen.or(built_in), chosen.is_some())
        });
        let all_districts = self.districts();
        if all_districts.len() > DISTRICTS_LISTED {
            notes.push(text::list_cut(
                text::DISTRICTS.0,
                text::DISTRICTS.1,
                DISTRICTS_LISTED,
                all_districts.len(),
            ));
        }
        let districts = all_districts
            .into_iter()
            .take(DISTRICTS_LISTED)
            .map(|(name, rows)| {
                let setting = m.district(&name);
                DistrictRow {
                    name,
                    rows,
                    area: setting.area,
                    customers: setting.customers,
                }
            })
            .collect();
        let confirmed = self.confirmed_mapping();
        MappingView {
            file: FileFacts {
                name: self.name.clone(),
                kind: to_code(&table.source.kind),
                sheets: table.source.sheets.clone(),
                sheet: table.source.sheet.clone(),
                header_row: table.source.header_row,
                encoding: table.source.encoding.map(|e| to_code(&e)),
                delimiter: table.source.delimiter,
                rows: table.rows.len() as u64,
                columns: table
                    .headers
                    .iter()
                    .enumerate()
                    .map(|(index, header)| ColumnName {
                        index,
                        letter: column_letter(index),
                        header: header.clone(),
                    })
                    .collect(),
            },
            roles,
            settings: Settings {
                timezone_minutes: m.timezone.0 / 60,
                date_order: m.date_order.map(|o| to_code(&o)),
                date_order_matters,
                exported_at: m
                    .exported_at
                    .as_deref()
                    .and_then(|at| local_text(at, m.timezone)),
                exported_at_default,
                organization: m.organization.clone(),
                generate_ids: m.generate_ids,
                default_kind: m.default_kind,
                default_district: m.default_district.clone(),
            },
            kind_words,
            tier_words,
            score_words,
            districts,
            assumptions: notes_of(&all),
            notes,
            blocked,
            applied: self.applied,
            confirmed: self.confirmed,
            signature: table.signature(),
            param: confirmed.to_param(),
            json: confirmed.to_json(),
        }
    }

    /// The distinct values of a role's column and what each maps to, most used first.
    fn words<T>(
        &self,
        role: Role,
        notes: &mut Vec<p::Text>,
        value: impl Fn(&str, &str) -> (Option<T>, bool),
    ) -> Vec<Word<T>> {
        let Some(column) = self.mapping.column(role) else {
            return Vec::new();
        };
        let mut words = tally(&self.table, column, true);
        words.sort_by_key(|w| std::cmp::Reverse(w.2));
        if words.len() > WORDS_LISTED {
            notes.push(text::list_cut(
                text::WORDS.0,
                text::WORDS.1,
                WORDS_LISTED,
                words.len(),
            ));
        }
        words
            .into_iter()
            .take(WORDS_LISTED)
            .map(|(word, key, rows)| {
                let (value, chosen) = value(&word, &key);
                Word {
                    word,
                    rows,
                    value,
                    chosen,
                }
            })
            .collect()
    }

    /// The v1 export, and the rows that did not become tickets; refused while questions remain.
    fn convert(&self, id: u64) -> Result<(Outcome, Vec<RowProblem>), p::Text> {
        if let Some(first) = self.view().blocked.into_iter().next() {
            return Err(first);
        }
        let mapping = self.confirmed_mapping();
        let converted = convert(&self.table, &mapping).map_err(|e| t(e.text()))?;
        let rows: Vec<f64> = converted
            .places
            .iter()
            .map(|place| place.number() as f64)
            .collect();
        let export = converted.export.to_bytes();
        let place = match self.table.source.kind {
            FileKind::Json => p::Place::Record,
            _ => p::Place::Row,
        };
        let conversion = Conversion {
            name: self.name.clone(),
            place,
            rows: self.table.rows.len() as u64,
            tickets: converted.export.tickets.len() as u64,
            not_converted: converted.problems.len() as u64,
            problems: converted
                .problems
                .iter()
                .take(PROBLEMS_SHOWN)
                .map(|problem| p::RowNote {
                    row: problem.place.number(),
                    id: problem.id.clone(),
                    code: problem.reason.code().to_string(),
                    reason: t(problem.reason.text()),
                })
                .collect(),
            signature: self.table.signature(),
            param: mapping.to_param(),
            json: mapping.to_json(),
        };
        let outcome = Outcome {
            response: Response::Converted {
                id,
                conversion: Box::new(conversion),
            },
            export: Some((export, rows)),
        };
        Ok((outcome, converted.problems))
    }
}

/// Rows that did not become tickets, in one language, for the download.
fn problems_json(problems: &[RowProblem], lang: Lang) -> String {
    let rows: Vec<serde_json::Value> = problems
        .iter()
        .map(|problem| {
            let (key, n) = match problem.place {
                kpi_mapping::Place::Row(n) => ("row", n),
                kpi_mapping::Place::Record(n) => ("record", n),
            };
            serde_json::json!({
                key: n,
                "id": problem.id,
                "code": problem.reason.code(),
                "reason": problem.reason.text().get(lang),
            })
        })
        .collect();
    serde_json::to_string_pretty(&rows).unwrap_or_default()
}

/// The mapping kpi-mapping proposes for a table read with `options`, and how each column was
/// found.
fn detected(table: &Table, options: &ReadOptions) -> (Mapping, Vec<(Role, FoundBy)>) {
    let proposal = propose(table);
    let found = proposal
        .roles
        .iter()
        .filter_map(|r| match &r.found_by {
            Some(FoundBy::Chosen) | None => None,
            Some(by) => Some((r.role, by.clone())),
        })
        .collect();
    let mut mapping = proposal.mapping;
    // The link must say how the file was read, where the manager chose it.
    mapping.sheet = options.sheet.clone();
    mapping.header_row = options.header_row;
    mapping.encoding = options.encoding;
    mapping.delimiter = options.delimiter.map(char::from);
    (mapping, found)
}

/// Drops a district's settings when they are the defaults again (keeps `map=` short).
fn tidy_district(m: &mut Mapping, name: &str) {
    if m.districts
        .get(name)
        .is_some_and(|s| s.area == Area::Urban && s.customers.is_none())
    {
        m.districts.remove(name);
    }
}

/// An RFC 3339 time as local wall-clock text in `zone`.
fn local_text(at: &str, zone: Offset) -> Option<String> {
    let instant = parse_timestamp(at)?;
    Some(Local(instant.utc.saturating_add(i64::from(zone.0))).to_string())
}

/// The distinct values of a column: (as first written, normalised, rows), in order of first
/// appearance. `words` normalises case and spacing (kind and score words); districts are
/// compared as written, since the name is the code.
fn tally(table: &Table, column: usize, words: bool) -> Vec<(String, String, u64)> {
    let mut out: Vec<(String, String, u64)> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for row in &table.rows {
        let Some(value) = cell_text(row.cell(column)) else {
            continue;
        };
        let key = if words {
            normalize_word(&value)
        } else {
            value.clone()
        };
        match index.get(&key) {
            Some(&i) => {
                if let Some(entry) = out.get_mut(i) {
                    entry.2 = entry.2.saturating_add(1);
                }
            }
            None if out.len() < DISTINCT_TALLIED => {
                index.insert(key.clone(), out.len());
                out.push((value, key, 1));
            }
            None => {}
        }
    }
    out
}

/// The assumptions as stated on the page: at most [`SAME_ASSUMPTIONS_LISTED`] of one kind, the
/// rest counted.
fn notes_of(all: &[Assumption]) -> Vec<Note> {
    let mut out: Vec<Note> = Vec::new();
    let mut per_code: Vec<(String, usize)> = Vec::new();
    for a in all {
        let code = assumption_code(a);
        let seen = match per_code.iter_mut().find(|(c, _)| *c == code) {
            Some(entry) => {
                entry.1 = entry.1.saturating_add(1);
                entry.1
            }
            None => {
                per_code.push((code.clone(), 1));
                1
            }
        };
        if seen <= SAME_ASSUMPTIONS_LISTED {
            out.push(Note {
                code,
                text: t(a.text()),
                needs_answer: a.needs_answer(),
            });
        }
    }
    for (code, count) in per_code {
        if count > SAME_ASSUMPTIONS_LISTED {
            let needs_answer = out.iter().any(|n| n.code == code && n.needs_answer);
            out.push(Note {
                code,
                text: text::more_assumptions(count - SAME_ASSUMPTIONS_LISTED),
                needs_answer,
            });
        }
    }
    out
}
