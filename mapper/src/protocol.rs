//! What the page and the mapper (a Web Worker) say to each other. The worker holds the table
//! read from the manager's file and the mapping being edited; the page shows the view-models it
//! sends back (every text already in both languages) and sends the manager's changes. So the
//! page needs no reader, no detection and no parser of its own: only these types, which is why
//! this module compiles without the `worker` feature (see Cargo.toml).
//!
//! Messages are postcard bytes (`kpi_core::protocol::encode`/`decode`). A file to read, or a customers file, travels beside its request as a
//! `Blob`; a conversion's export bytes and the sheet row of each of its tickets travel beside
//! the answer as a `Uint8Array` and a `Float64Array`, transferred rather than copied.

use kpi_core::domain::{Area, Kind, Tier};
use kpi_core::i18n::Lang;
use serde::{Deserialize, Serialize};

/// Rows not converted sent with a conversion; the download has all of them.
pub const PROBLEMS_SHOWN: usize = 500;

pub use kpi_core::i18n::Text;

/// Where a mapping the page holds comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Origin {
    /// The link's `map=`.
    Link,
    /// Remembered in this browser for a file layout (localStorage, by header signature).
    Remembered,
    /// A mapping file the manager loaded on the mapping page.
    Imported,
}

/// A mapping the page holds for the file it opens, in the compact link form or as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Given {
    pub text: String,
    pub origin: Origin,
}

/// From the page to the mapper.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Reads the file sent beside and proposes its mapping. `given` are the mappings the page
    /// holds, the link's first: the first made for this file's layout is used instead of the
    /// proposal (a workbook's other sheets are tried when a mapping names one).
    Read {
        id: u64,
        name: String,
        given: Vec<Given>,
    },
    /// One change of the manager's; answered with the new view (or why it was refused).
    Change { id: u64, change: Change },
    /// Writes the v1 export of the file under the mapping.
    Convert { id: u64 },
    /// Every row not converted, as JSON, for the download.
    ProblemsJson { id: u64, lang: Lang },
}

/// A change on the mapping page. Roles and date orders are the codes of the view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Change {
    /// The column of a role (`None`: no column).
    Column {
        role: String,
        column: Option<usize>,
    },
    /// Another worksheet: the file is read again and its columns detected anew.
    Sheet {
        name: String,
    },
    /// The header row (`None`: detected); the file is read again.
    HeaderRow {
        row: Option<u64>,
    },
    /// The text encoding of a text file (`utf8`, `gb18030`, `utf16`); the file is read again.
    Encoding {
        code: String,
    },
    /// The delimiter of a CSV file (`,` `;` or tab); the file is read again.
    Delimiter {
        delimiter: char,
    },
    /// The UTC offset, in minutes, of times written without one.
    Timezone {
        minutes: i32,
    },
    /// `day_first`, `month_first` or `None` (not chosen).
    DateOrder {
        order: Option<String>,
    },
    /// The export's "now" as typed (`None`: the latest time in the file).
    ExportedAt {
        text: Option<String>,
    },
    Organization {
        text: Option<String>,
    },
    GenerateIds {
        on: bool,
    },
    /// The kind of rows without one.
    DefaultKind {
        kind: Option<Kind>,
    },
    /// The district of rows without one.
    DefaultDistrict {
        name: Option<String>,
    },
    /// A word of the file mapped to a kind (`None`: the built-in reading, if any).
    KindWord {
        word: String,
        kind: Option<Kind>,
    },
    /// `Tier::Unrated` means "no tier".
    TierWord {
        word: String,
        tier: Option<Tier>,
    },
    /// 1–5, or 0 for "no score".
    ScoreWord {
        word: String,
        score: Option<u8>,
    },
    Area {
        district: String,
        area: Area,
    },
    Customers {
        district: String,
        customers: Option<u64>,
    },
    /// A "district, customers" table sent beside.
    CustomersFile {
        name: String,
    },
    /// A whole mapping (a downloaded mapping file, or the compact form).
    Replace {
        given: Given,
    },
}

/// From the mapper to the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Response {
    /// The worker has started: requests sent before now were not heard and are sent again.
    Ready,
    View {
        id: u64,
        view: Box<MappingView>,
    },
    /// The file cannot be read as a table: what happened and what to do, and the reader's own
    /// words for a "details" line.
    Failed {
        id: u64,
        error: Text,
        detail: String,
    },
    /// A change or a conversion that was not made, and why; the view on show stays valid.
    Refused {
        id: u64,
        error: Text,
    },
    /// The v1 export (bytes and ticket rows beside).
    Converted {
        id: u64,
        conversion: Box<Conversion>,
    },
    ProblemsJson {
        id: u64,
        json: String,
    },
}

/// The mapping step's view of a file under the current mapping.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MappingView {
    pub file: FileFacts,
    /// The twelve roles, in the order of a v1 ticket.
    pub roles: Vec<RoleRow>,
    pub settings: Settings,
    pub kind_words: Vec<Word<Kind>>,
    pub tier_words: Vec<Word<Tier>>,
    pub score_words: Vec<Word<u8>>,
    pub districts: Vec<DistrictRow>,
    /// Every assumption the conversion makes (kpi-mapping's `Assumption`s).
    pub assumptions: Vec<Note>,
    /// What happened to the mappings given, a customers file, long lists cut short.
    pub notes: Vec<Text>,
    /// Why the file cannot be loaded yet: questions to answer, required columns. Empty when
    /// the confirm button may load it.
    pub blocked: Vec<Text>,
    /// The mapping given that is applied, if any.
    pub applied: Option<Origin>,
    /// Whether the mapping was confirmed before for this very layout (remembered, or a link
    /// written on apply): the page may then load without showing the step.
    pub confirmed: bool,
    /// The header signature of the table read.
    pub signature: String,
    /// The mapping in the compact link form and as JSON (for `map=`, memory and download).
    pub param: String,
    pub json: String,
}

/// A column of the table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnName {
    pub index: usize,
    /// Excel's letter: A, B, … AA.
    pub letter: String,
    pub header: String,
}

/// How the file was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileFacts {
    pub name: String,
    /// `xlsx`, `xls`, `csv`, `json` or `ndjson`.
    pub kind: String,
    /// Every worksheet (workbooks), and the one read.
    pub sheets: Vec<String>,
    pub sheet: Option<String>,
    pub header_row: u64,
    /// Text files: the encoding read in (`utf8`, `gb18030`, `utf16`) and, for CSV, the
    /// delimiter.
    pub encoding: Option<String>,
    pub delimiter: Option<char>,
    /// Data rows under the header.
    pub rows: u64,
    pub columns: Vec<ColumnName>,
}

/// One role: its column, how it was found, five samples and how they read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleRow {
    /// `id`, `opened`, `district`, `kind`, `category`, `channel`, `customer_id`, `tier`,
    /// `first_response`, `arrival`, `resolved`, `satisfaction`.
    pub code: String,
    pub label: Text,
    /// A ticket cannot be made without it (or its stated fallback).
    pub required: bool,
    pub column: Option<usize>,
    pub header: Option<String>,
    /// How the column was found: by header, by content, chosen, from a saved mapping.
    pub found: Option<Text>,
    pub samples: Vec<SampleView>,
}

/// A value of the file and what it becomes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SampleView {
    pub row: u64,
    pub raw: String,
    /// The value in the export, or why it cannot be read.
    pub reading: Result<String, Text>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    pub timezone_minutes: i32,
    /// `day_first`, `month_first`, or `None` when not chosen.
    pub date_order: Option<String>,
    /// Whether the file has dates like 03/04/2025 (the order matters).
    pub date_order_matters: bool,
    /// The "now" chosen, as local time in the timezone (`YYYY-MM-DD HH:MM:SS`).
    pub exported_at: Option<String>,
    /// The latest time in the file: the "now" when none is chosen.
    pub exported_at_default: Option<String>,
    pub organization: Option<String>,
    pub generate_ids: bool,
    pub default_kind: Option<Kind>,
    pub default_district: Option<String>,
}

/// A distinct value of a kind, tier or satisfaction column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Word<T> {
    pub word: String,
    pub rows: u64,
    /// What it maps to; `None`: unknown, to be chosen.
    pub value: Option<T>,
    /// The manager chose it (else it is the built-in reading).
    pub chosen: bool,
}

/// A district of the data, with what the file cannot say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DistrictRow {
    pub name: String,
    pub rows: u64,
    pub area: Area,
    pub customers: Option<u64>,
}

/// An assumption, stated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub code: String,
    pub text: Text,
    pub needs_answer: bool,
}

/// How a row is named in its file: an Excel or CSV row, or a JSON record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Place {
    Row,
    Record,
}

/// A row that did not become a ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowNote {
    pub row: u64,
    pub id: Option<String>,
    pub code: String,
    pub reason: Text,
}

/// A written export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conversion {
    pub name: String,
    pub place: Place,
    /// Data rows read, tickets written, rows that did not become tickets.
    pub rows: u64,
    pub tickets: u64,
    pub not_converted: u64,
    /// The first [`PROBLEMS_SHOWN`] rows not converted.
    pub problems: Vec<RowNote>,
    pub signature: String,
    /// The mapping used, as confirmed (its layout set): for `map=`, memory and download.
    pub param: String,
    pub json: String,
}

/// Which worker opens a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// A v1 export (JSON, NDJSON, gzip): the engine streams it.
    Engine,
    /// Anything else — a workbook, CSV text, JSON records — goes through the mapping step.
    Mapper,
}

/// What a `?data=` link's name says, before anything is fetched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    /// A workbook or CSV/text table: the mapper.
    Table,
    /// JSON or NDJSON: a v1 export or records; the first bytes decide ([`route`]).
    Json,
    /// Anything else (`.gz`, no extension): the engine, which streams it and says what is wrong.
    Other,
}

/// What a file name says (case-insensitive extension).
pub fn named(name: &str) -> Named {
    let path = name.split(['?', '#']).next().unwrap_or_default();
    let extension = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "xlsx" | "xlsm" | "xls" | "csv" | "tsv" | "txt" => Named::Table,
        "json" | "ndjson" | "jsonl" => Named::Json,
        _ => Named::Other,
    }
}

/// Decides from a file's first bytes (64 KB are plenty) who opens it. Only a v1 export can go
/// straight to the engine: gzip (the engine decompresses it), or a JSON object that is not a
/// flat record. A record is recognised when the first line is a whole JSON object holding no
/// array or object and no `format` member: the first line of an NDJSON work-order list (a v1
/// NDJSON's first line holds `format` and the `districts` array). A pretty-printed object whose
/// first line does not parse goes to the engine, which reads v1 exports in any layout and says
/// what is wrong with anything else.
pub fn route(prefix: &[u8]) -> Route {
    if prefix.starts_with(&[0x1f, 0x8b]) {
        return Route::Engine;
    }
    let text = prefix.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(prefix);
    let start = text
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(text.len());
    let text = text.get(start..).unwrap_or_default();
    if !text.starts_with(b"{") {
        return Route::Mapper;
    }
    let line = match text.iter().position(|&b| b == b'\n') {
        Some(end) => text.get(..end).unwrap_or_default(),
        None => text,
    };
    match serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(line) {
        Ok(members) => {
            let flat = members.values().all(|v| !(v.is_array() || v.is_object()));
            if flat && !members.contains_key("format") {
                Route::Mapper
            } else {
                Route::Engine
            }
        }
        Err(_) => Route::Engine,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v1_exports_go_to_the_engine_and_the_rest_to_the_mapper() {
        let v1 = br#"{"format":"service-kpi-export","version":1,"exported_at":"2026-11-01T08:00:00+08:00","districts":[],"tickets":[]}"#;
        assert_eq!(route(v1), Route::Engine);
        // NDJSON v1: the first line holds the top-level members.
        let nd =
            b"{\"format\":\"service-kpi-export\",\"version\":1,\"districts\":[]}\n{\"id\":\"1\"}\n";
        assert_eq!(route(nd), Route::Engine);
        assert_eq!(route(b"\x1f\x8b\x08\x00"), Route::Engine);
        // Pretty-printed: the first line alone is not an object; the engine reads any layout.
        assert_eq!(
            route(b"{\n  \"format\": \"service-kpi-export\",\n"),
            Route::Engine
        );
        // Cut inside the first line (a 64 KB prefix of one long line): the engine.
        assert_eq!(
            route(b"{\"format\":\"service-kpi-export\",\"tickets\":[{\"id\""),
            Route::Engine
        );

        assert_eq!(route(b"[{\"id\":\"1\"}]"), Route::Mapper);
        assert_eq!(route(b"\xEF\xBB\xBF  [\n{\"id\":1}]"), Route::Mapper);
        let records =
            "{\"工单编号\":\"1\",\"受理时间\":\"2025-10-01 08:00\"}\n{\"工单编号\":\"2\"}\n";
        assert_eq!(route(records.as_bytes()), Route::Mapper);
        assert_eq!(
            route("工单编号,受理时间\n1,2025-10-01\n".as_bytes()),
            Route::Mapper
        );
        assert_eq!(route(b"PK\x03\x04rest of a workbook"), Route::Mapper);
        assert_eq!(route(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), Route::Mapper);
        assert_eq!(
            route(b"%PDF-1.4"),
            Route::Mapper,
            "the mapper explains what it is not"
        );
        assert_eq!(
            route(b""),
            Route::Mapper,
            "the mapper says the file is empty"
        );
    }

    #[test]
    fn link_names() {
        assert_eq!(named("exports/工单.XLSX"), Named::Table);
        assert_eq!(named("real/boston.csv?v=2"), Named::Table);
        assert_eq!(named("a.tsv"), Named::Table);
        assert_eq!(named("exports/2026-10.json"), Named::Json);
        assert_eq!(named("records.ndjson#top"), Named::Json);
        assert_eq!(named("exports/2026-10.json.gz"), Named::Other);
        assert_eq!(named("export"), Named::Other);
    }
}
