//! Reading a manager's file into a [`Table`]: Excel workbooks (`.xlsx`, and the older `.xls` the
//! 95598 system still writes), CSV text in whatever encoding and delimiter the system chose, and
//! JSON records (an array of flat objects, or one object per line).
//!
//! The format is recognised from the bytes, never from the file name: downloads are often named
//! `导出.do` or `report.xls` while holding CSV text or HTML.
//!
//! Every reader is bounded by [`limits`]: a file beyond them is refused with a message that says
//! what to do (export a shorter period), rather than exhausting the memory of the browser tab.
//! No value from the file reaches an `unwrap`, an index or unchecked arithmetic.

use crate::error::ReadError;
use crate::table::{column_letter, Cell, Encoding, FileKind, Row, Source, Table};
use kpi_core::calendar::days_from_civil;
use serde::de::{DeserializeSeed, SeqAccess, Visitor};
use serde_json::Value;
use std::io::Cursor;

/// The bounds of what is read. They are far above a month or a year of one company's work
/// orders, and low enough that the table fits comfortably in a browser tab's memory.
pub mod limits {
    /// Bytes of the file itself (CSV, JSON, workbook).
    pub const MAX_FILE_BYTES: usize = 200 << 20;
    /// Bytes a workbook may declare once unzipped: a zip "bomb" is refused before it is opened.
    pub const MAX_UNZIPPED_BYTES: u64 = 1 << 30;
    /// Excel's own row limit.
    pub const MAX_ROWS: usize = 1_048_576;
    /// A work-order list has tens of columns; a thousand means a wrong file or a wrong delimiter.
    pub const MAX_COLUMNS: usize = 1_024;
    /// Cell slots in all (rows × their width): about 20 columns for a million rows.
    pub const MAX_CELLS: usize = 20_000_000;
    /// Rows looked at to find the header row under a title.
    pub const HEADER_SEARCH_ROWS: usize = 30;
}

use limits::*;

/// Choices made before reading: which worksheet, which row holds the headers, and — for text
/// files, when the detection was wrong — the encoding and the delimiter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// Worksheet name; `None` reads the first sheet.
    pub sheet: Option<String>,
    /// Row number of the header row (as in [`Row::number`]); `None` detects it.
    pub header_row: Option<u64>,
    /// The text encoding; `None` detects it ([`decode`]).
    pub encoding: Option<Encoding>,
    /// The CSV delimiter (`,` `;` or tab); `None` detects it ([`detect_delimiter`]).
    pub delimiter: Option<u8>,
}

/// What the bytes are, recognised from their content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Xlsx,
    Xls,
    OtherSpreadsheet,
    Text,
}

fn sniff(bytes: &[u8]) -> Format {
    if bytes.starts_with(b"PK\x03\x04") {
        return match zip_names(bytes) {
            Some(names)
                if names.iter().any(|n| n == "xl/workbook.xml")
                    && !names.iter().any(|n| n == "xl/workbook.bin") =>
            {
                Format::Xlsx
            }
            Some(_) => Format::OtherSpreadsheet,
            // A zip that cannot be opened at all is most likely a workbook cut short by its
            // download: reading it as one says so ("damaged, download it again"), where "not
            // supported" would send the manager looking for another format.
            None => Format::Xlsx,
        };
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Format::Xls;
    }
    Format::Text
}

fn zip_names(bytes: &[u8]) -> Option<Vec<String>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut names = Vec::new();
    for i in 0..archive.len() {
        let file = archive.by_index_raw(i).ok()?;
        names.push(file.name().ok()?.to_string());
    }
    Some(names)
}

/// The unzipped size a workbook declares for all its parts.
fn declared_unzipped(bytes: &[u8]) -> Result<u64, ReadError> {
    let unreadable = |e: zip::result::ZipError| ReadError::WorkbookUnreadable {
        detail: e.to_string(),
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(unreadable)?;
    let mut total = 0u64;
    for i in 0..archive.len() {
        let file = archive.by_index_raw(i).map_err(unreadable)?;
        total = total.saturating_add(file.size());
    }
    Ok(total)
}

/// The worksheet names of a workbook, in workbook order; empty for CSV and JSON.
pub fn sheet_names(bytes: &[u8]) -> Result<Vec<String>, ReadError> {
    use calamine::Reader;
    check_size(bytes)?;
    match sniff(bytes) {
        Format::Xlsx => {
            check_unzipped(bytes)?;
            let wb = calamine::Xlsx::new(Cursor::new(bytes)).map_err(workbook_error)?;
            Ok(wb.sheet_names())
        }
        Format::Xls => {
            let wb = calamine::Xls::new(Cursor::new(bytes)).map_err(workbook_error)?;
            Ok(wb.sheet_names())
        }
        Format::OtherSpreadsheet => Err(ReadError::UnsupportedSpreadsheet),
        Format::Text => Ok(Vec::new()),
    }
}

fn check_size(bytes: &[u8]) -> Result<(), ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ReadError::too_large(bytes.len()));
    }
    Ok(())
}

fn check_unzipped(bytes: &[u8]) -> Result<(), ReadError> {
    let unzipped = declared_unzipped(bytes)?;
    if unzipped > MAX_UNZIPPED_BYTES {
        return Err(ReadError::TooLarge {
            bytes: unzipped,
            limit: MAX_UNZIPPED_BYTES,
        });
    }
    Ok(())
}

fn workbook_error(e: impl std::fmt::Display) -> ReadError {
    ReadError::WorkbookUnreadable {
        detail: e.to_string(),
    }
}

/// Reads a file into a table.
pub fn read(bytes: &[u8], options: &ReadOptions) -> Result<Table, ReadError> {
    check_size(bytes)?;
    match sniff(bytes) {
        Format::Xlsx => read_xlsx(bytes, options),
        Format::Xls => read_xls(bytes, options),
        Format::OtherSpreadsheet => Err(ReadError::UnsupportedSpreadsheet),
        Format::Text => read_text(bytes, options),
    }
}

/// Rows as read, before the header is chosen; limits counted as they grow.
#[derive(Default)]
struct Rows {
    rows: Vec<Row>,
    slots: usize,
}

impl Rows {
    fn push(&mut self, number: u64, mut cells: Vec<Cell>) -> Result<(), ReadError> {
        while cells.last().is_some_and(Cell::is_empty) {
            cells.pop();
        }
        if cells.is_empty() {
            return Ok(());
        }
        if cells.len() > MAX_COLUMNS {
            return Err(ReadError::TooManyColumns {
                limit: MAX_COLUMNS as u64,
            });
        }
        if self.rows.len() >= MAX_ROWS {
            return Err(ReadError::TooManyRows {
                limit: MAX_ROWS as u64,
            });
        }
        self.slots = self.slots.saturating_add(cells.len());
        if self.slots > MAX_CELLS {
            return Err(ReadError::TooManyCells {
                limit: MAX_CELLS as u64,
            });
        }
        self.rows.push(Row { number, cells });
        Ok(())
    }
}

fn excel_serial(dt: &calamine::ExcelDateTime) -> f64 {
    // Through the civil date calamine computes, so that 1904-system workbooks come out right.
    let (y, mo, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
    let days =
        days_from_civil(i64::from(y), u32::from(mo), u32::from(d)) - days_from_civil(1899, 12, 30);
    let secs =
        f64::from(u32::from(h) * 3600 + u32::from(mi) * 60 + u32::from(s)) + f64::from(ms) / 1000.0;
    days as f64 + secs / 86_400.0
}

fn xlsx_cell(value: calamine::DataRef<'_>) -> Cell {
    use calamine::DataRef as D;
    match value {
        D::Int(i) => Cell::Number(i as f64),
        D::Float(f) => Cell::Number(f),
        D::String(s) => Cell::text(&s),
        D::SharedString(s) => Cell::text(s),
        D::Bool(b) => Cell::Bool(b),
        D::DateTime(dt) if dt.is_datetime() => Cell::DateTime(excel_serial(&dt)),
        D::DateTime(dt) => Cell::Number(dt.as_f64()),
        D::DateTimeIso(s) | D::DurationIso(s) => Cell::text(&s),
        D::Error(e) => Cell::text(&e.to_string()),
        D::Empty => Cell::Empty,
    }
}

fn xls_cell(value: &calamine::Data) -> Cell {
    use calamine::Data as D;
    match value {
        D::Int(i) => Cell::Number(*i as f64),
        D::Float(f) => Cell::Number(*f),
        D::String(s) => Cell::text(s),
        D::Bool(b) => Cell::Bool(*b),
        D::DateTime(dt) if dt.is_datetime() => Cell::DateTime(excel_serial(dt)),
        D::DateTime(dt) => Cell::Number(dt.as_f64()),
        D::DateTimeIso(s) | D::DurationIso(s) => Cell::text(s),
        D::Error(e) => Cell::text(&e.to_string()),
        D::Empty => Cell::Empty,
    }
}

fn choose_sheet(names: &[String], wanted: Option<&str>) -> Result<String, ReadError> {
    match wanted {
        Some(w) => names
            .iter()
            .find(|n| n.as_str() == w)
            .cloned()
            .ok_or_else(|| ReadError::SheetNotFound {
                sheet: w.to_string(),
                available: names.to_vec(),
            }),
        None => names
            .first()
            .cloned()
            .ok_or(ReadError::EmptySheet { sheet: None }),
    }
}

/// Places sparse cells `(row, column, value)` into rows, within the limits.
fn place_cells(mut cells: Vec<(u32, u32, Cell)>) -> Result<Rows, ReadError> {
    cells.sort_by_key(|&(r, c, _)| (r, c));
    let mut rows = Rows::default();
    let mut current: Option<(u32, Vec<Cell>)> = None;
    for (r, c, cell) in cells {
        let c = c as usize;
        if c >= MAX_COLUMNS {
            return Err(ReadError::TooManyColumns {
                limit: MAX_COLUMNS as u64,
            });
        }
        if current.as_ref().is_some_and(|(row, _)| *row != r) {
            if let Some((row, done)) = current.take() {
                rows.push(u64::from(row) + 1, done)?;
            }
        }
        let (_, line) = current.get_or_insert_with(|| (r, Vec::new()));
        if line.len() <= c {
            line.resize(c + 1, Cell::Empty);
        }
        if let Some(slot) = line.get_mut(c) {
            *slot = cell;
        }
    }
    if let Some((row, done)) = current {
        rows.push(u64::from(row) + 1, done)?;
    }
    Ok(rows)
}

fn read_xlsx(bytes: &[u8], options: &ReadOptions) -> Result<Table, ReadError> {
    use calamine::Reader;
    check_unzipped(bytes)?;
    let mut wb = calamine::Xlsx::new(Cursor::new(bytes)).map_err(workbook_error)?;
    let names = wb.sheet_names();
    let sheet = choose_sheet(&names, options.sheet.as_deref())?;
    let mut reader = wb.worksheet_cells_reader(&sheet).map_err(workbook_error)?;
    let mut cells = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(workbook_error)? {
        let (r, c) = cell.get_position();
        let value = xlsx_cell(cell.get_value().clone());
        if value.is_empty() {
            continue;
        }
        if r as usize >= MAX_ROWS {
            return Err(ReadError::TooManyRows {
                limit: MAX_ROWS as u64,
            });
        }
        if cells.len() >= MAX_CELLS {
            return Err(ReadError::TooManyCells {
                limit: MAX_CELLS as u64,
            });
        }
        cells.push((r, c, value));
    }
    let rows = place_cells(cells)?;
    let source = Source {
        kind: FileKind::Xlsx,
        sheets: names,
        sheet: Some(sheet),
        ..source(FileKind::Xlsx)
    };
    finish(rows.rows, source, options)
}

fn read_xls(bytes: &[u8], options: &ReadOptions) -> Result<Table, ReadError> {
    use calamine::Reader;
    let mut wb = calamine::Xls::new(Cursor::new(bytes)).map_err(workbook_error)?;
    let names = wb.sheet_names();
    let sheet = choose_sheet(&names, options.sheet.as_deref())?;
    let range = wb.worksheet_range(&sheet).map_err(workbook_error)?;
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut cells = Vec::new();
    for (r, c, value) in range.used_cells() {
        let value = xls_cell(value);
        if value.is_empty() {
            continue;
        }
        if cells.len() >= MAX_CELLS {
            return Err(ReadError::TooManyCells {
                limit: MAX_CELLS as u64,
            });
        }
        let r = u32::try_from(r).unwrap_or(u32::MAX).saturating_add(row0);
        let c = u32::try_from(c).unwrap_or(u32::MAX).saturating_add(col0);
        cells.push((r, c, value));
    }
    let rows = place_cells(cells)?;
    let source = Source {
        sheets: names,
        sheet: Some(sheet),
        ..source(FileKind::Xls)
    };
    finish(rows.rows, source, options)
}

fn source(kind: FileKind) -> Source {
    Source {
        kind,
        sheet: None,
        sheets: Vec::new(),
        encoding: None,
        replaced_characters: false,
        delimiter: None,
        header_row: 1,
        ragged_rows: 0,
    }
}

/// Decodes text: a byte-order mark decides; else valid UTF-8 is UTF-8; else GB18030 (which
/// contains GBK and GB2312), what a Chinese Windows writes. Returns the text, its encoding and
/// whether any byte could not be decoded.
pub fn decode(bytes: &[u8]) -> (String, Encoding, bool) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let (text, errors) = encoding_rs::UTF_8.decode_without_bom_handling(rest);
        return (text.into_owned(), Encoding::Utf8, errors);
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let (text, _, errors) = encoding_rs::UTF_16LE.decode(bytes);
        return (text.into_owned(), Encoding::Utf16, errors);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), Encoding::Utf8, false),
        Err(_) => {
            let (text, errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            (text.into_owned(), Encoding::Gb18030, errors)
        }
    }
}

/// Decodes text in a chosen encoding (a byte-order mark of that encoding is dropped).
pub fn decode_as(bytes: &[u8], encoding: Encoding) -> (String, Encoding, bool) {
    let (text, errors) = match encoding {
        Encoding::Utf8 => {
            let rest = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            let (text, errors) = encoding_rs::UTF_8.decode_without_bom_handling(rest);
            (text.into_owned(), errors)
        }
        Encoding::Gb18030 => {
            let (text, errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            (text.into_owned(), errors)
        }
        // Little-endian unless a byte-order mark says otherwise, as Excel writes it.
        Encoding::Utf16 => {
            let (text, _, errors) = encoding_rs::UTF_16LE.decode(bytes);
            (text.into_owned(), errors)
        }
    };
    (text, encoding, errors)
}

fn read_text(bytes: &[u8], options: &ReadOptions) -> Result<Table, ReadError> {
    let (text, encoding, replaced) = match options.encoding {
        Some(chosen) => decode_as(bytes, chosen),
        None => decode(bytes),
    };
    // Binary files (PDF, images, Word) decode to text full of control characters.
    let sample: Vec<char> = text.chars().take(4096).collect();
    let control = sample
        .iter()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        .count();
    if sample.is_empty() || control.saturating_mul(20) > sample.len() {
        return Err(if text.trim().is_empty() {
            ReadError::Empty
        } else {
            ReadError::UnknownFormat
        });
    }
    if text.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    let trimmed = text.trim_start();
    if trimmed.starts_with('<') {
        // An HTML page saved as ".xls" (some systems do this), or an error page.
        return Err(ReadError::UnknownFormat);
    }
    let mut table = if trimmed.starts_with('[') || trimmed.starts_with('{') {
        // JSON records have no header row to choose: the keys are the headers.
        read_json(&text)?
    } else {
        read_csv(&text, options)?
    };
    table.source.encoding = Some(encoding);
    table.source.replaced_characters = replaced;
    Ok(table)
}

/// The delimiter: the one of `,` `;` tab that splits the first lines into the same number of
/// fields (at least two) most consistently; on a tie, the one giving more fields, then the
/// order above. A one-column file reads with `,`.
pub fn detect_delimiter(text: &str) -> u8 {
    const WINDOW: usize = 64 << 10;
    const LINES: usize = 30;
    let mut end = text.len().min(WINDOW);
    while !text.is_char_boundary(end) {
        end = end.saturating_sub(1);
    }
    let head = text.get(..end).unwrap_or("");
    let cut = end < text.len();
    let mut best: (u32, usize, u8) = (0, 0, b',');
    for delimiter in [b',', b';', b'\t'] {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(head.as_bytes());
        let mut counts: Vec<usize> = reader
            .records()
            .take(LINES)
            .filter_map(Result::ok)
            .map(|r| r.len())
            .collect();
        if cut && counts.len() > 1 {
            counts.pop();
        }
        let Some(mode) = mode(&counts) else { continue };
        if mode < 2 {
            continue;
        }
        let same = counts.iter().filter(|&&c| c == mode).count();
        // Share of consistent lines in percent: 100 for a clean file.
        let share = (same.saturating_mul(100) / counts.len().max(1)) as u32;
        if (share, mode) > (best.0, best.1) {
            best = (share, mode, delimiter);
        }
    }
    best.2
}

fn mode(counts: &[usize]) -> Option<usize> {
    let mut sorted = counts.to_vec();
    sorted.sort_unstable();
    let mut best: Option<(usize, usize)> = None;
    let mut i = 0;
    while let Some(&v) = sorted.get(i) {
        let n = sorted.iter().skip(i).take_while(|&&x| x == v).count();
        if best.is_none_or(|(_, bn)| n > bn || (n == bn && v > best.map_or(0, |b| b.0))) {
            best = Some((v, n));
        }
        i = i.saturating_add(n.max(1));
    }
    best.map(|b| b.0)
}

fn read_csv(text: &str, options: &ReadOptions) -> Result<Table, ReadError> {
    let delimiter = options.delimiter.unwrap_or_else(|| detect_delimiter(text));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Rows::default();
    let mut record = csv::StringRecord::new();
    // Line numbers are counted here: the csv crate's own skip blank lines inconsistently
    // (and count "\r\n" files differently), and a manager must find "第 12 行" in the file.
    let bytes = text.as_bytes();
    let (mut counted, mut line) = (0usize, 1u64);
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let mut start = record.position().map_or(counted, |p| p.byte() as usize);
                while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
                    start = start.saturating_add(1);
                }
                if start > counted {
                    let newlines = bytes.get(counted..start).unwrap_or(&[]);
                    line = line
                        .saturating_add(newlines.iter().filter(|&&b| b == b'\n').count() as u64);
                    counted = start;
                }
                if record.len() > MAX_COLUMNS {
                    return Err(ReadError::TooManyColumns {
                        limit: MAX_COLUMNS as u64,
                    });
                }
                let cells = record.iter().map(Cell::text).collect();
                rows.push(line, cells)?;
            }
            Err(e) => {
                return Err(ReadError::CsvUnreadable {
                    line: e.position().map_or(line, |p| p.line()),
                    detail: e.to_string(),
                })
            }
        }
    }
    let source = Source {
        delimiter: Some(char::from(delimiter)),
        ..source(FileKind::Csv)
    };
    finish(rows.rows, source, options)
}

/// Rows of JSON records: columns are the keys in order of first appearance.
#[derive(Default)]
struct Records {
    keys: Vec<String>,
    rows: Rows,
    error: Option<ReadError>,
}

impl Records {
    fn add(&mut self, number: u64, record: Vec<(String, Value)>) -> Result<(), ReadError> {
        let mut cells: Vec<Cell> = Vec::with_capacity(self.keys.len());
        for (key, value) in record {
            let column = match self.keys.iter().position(|k| *k == key) {
                Some(c) => c,
                None => {
                    if self.keys.len() >= MAX_COLUMNS {
                        return Err(ReadError::TooManyColumns {
                            limit: MAX_COLUMNS as u64,
                        });
                    }
                    self.keys.push(key);
                    self.keys.len().saturating_sub(1)
                }
            };
            if cells.len() <= column {
                cells.resize(column.saturating_add(1), Cell::Empty);
            }
            if let Some(slot) = cells.get_mut(column) {
                *slot = json_cell(value);
            }
        }
        self.rows.push(number, cells)
    }

    fn into_table(self, kind: FileKind) -> Result<Table, ReadError> {
        if self.rows.rows.is_empty() {
            return Err(ReadError::NoRows);
        }
        let raw: Vec<String> = self.keys.iter().map(|k| k.trim().to_string()).collect();
        let source = Source {
            header_row: 0,
            ..source(kind)
        };
        Ok(build(raw, self.rows.rows, source))
    }
}

fn json_cell(value: Value) -> Cell {
    match value {
        Value::Null => Cell::Empty,
        Value::Bool(b) => Cell::Bool(b),
        Value::Number(n) => n.as_f64().map_or(Cell::Empty, Cell::Number),
        Value::String(s) => Cell::text(&s),
        other => Cell::text(&other.to_string()),
    }
}

/// A JSON value that is either a record — its members in file order (serde_json's own map
/// sorts keys unless a crate-wide feature is turned on, and the columns must keep the file's
/// order) — or something else.
enum Element {
    Record(Vec<(String, Value)>),
    Other,
}

impl<'de> serde::Deserialize<'de> for Element {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ElementVisitor)
    }
}

struct ElementVisitor;

impl<'de> Visitor<'de> for ElementVisitor {
    type Value = Element;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a record")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Element, A::Error> {
        let mut members = Vec::new();
        while let Some((key, value)) = map.next_entry::<String, Value>()? {
            members.push((key, value));
        }
        Ok(Element::Record(members))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Element, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(Element::Other)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Element, E> {
        Ok(Element::Other)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Element, E> {
        Ok(Element::Other)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Element, E> {
        Ok(Element::Other)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Element, E> {
        Ok(Element::Other)
    }

    fn visit_str<E>(self, _: &str) -> Result<Element, E> {
        Ok(Element::Other)
    }

    fn visit_unit<E>(self) -> Result<Element, E> {
        Ok(Element::Other)
    }
}

struct ArraySeed<'a>(&'a mut Records);

impl<'de> DeserializeSeed<'de> for ArraySeed<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ArraySeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an array of records")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut number: u64 = 0;
        while let Some(element) = seq.next_element::<Element>()? {
            number = number.saturating_add(1);
            let outcome = match element {
                Element::Record(record) => self.0.add(number, record),
                Element::Other => Err(ReadError::JsonNotRecords),
            };
            if let Err(e) = outcome {
                self.0.error = Some(e);
                return Err(serde::de::Error::custom("stopped"));
            }
        }
        Ok(())
    }
}

fn json_broken(e: &serde_json::Error) -> ReadError {
    ReadError::JsonBroken {
        line: e.line(),
        column: e.column(),
        detail: e.to_string(),
    }
}

fn read_json(text: &str) -> Result<Table, ReadError> {
    let trimmed = text.trim_start();
    let mut records = Records::default();
    if trimmed.starts_with('[') {
        let mut de = serde_json::Deserializer::from_str(text);
        let outcome = ArraySeed(&mut records).deserialize(&mut de);
        if let Some(e) = records.error.take() {
            return Err(e);
        }
        outcome.map_err(|e| json_broken(&e))?;
        de.end().map_err(|e| json_broken(&e))?;
        return records.into_table(FileKind::Json);
    }
    // One object per line (NDJSON), or a single object.
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Element>();
    let mut line: u64 = 1;
    let mut counted = 0usize;
    loop {
        // The line on which the next value starts: newlines up to its first character.
        let start = stream.byte_offset();
        let rest = text.get(start..).unwrap_or("");
        let skipped = rest.len().saturating_sub(rest.trim_start().len());
        let upto = start.saturating_add(skipped);
        line = line.saturating_add(
            text.get(counted..upto)
                .unwrap_or("")
                .bytes()
                .filter(|&b| b == b'\n')
                .count() as u64,
        );
        counted = upto.max(counted);
        match stream.next() {
            None => break,
            Some(Ok(Element::Record(record))) => {
                let is_export = record.iter().any(|(k, v)| {
                    k == "format" && v.as_str() == Some(kpi_core::error::FORMAT_NAME)
                });
                if is_export {
                    return Err(ReadError::AlreadyAnExport);
                }
                records.add(line, record)?;
            }
            Some(Ok(Element::Other)) => return Err(ReadError::JsonNotRecords),
            Some(Err(e)) => return Err(json_broken(&e)),
        }
    }
    records.into_table(FileKind::Ndjson)
}

/// Chooses the header row and builds the table.
fn finish(rows: Vec<Row>, mut source: Source, options: &ReadOptions) -> Result<Table, ReadError> {
    if rows.is_empty() {
        return Err(ReadError::EmptySheet {
            sheet: source.sheet.clone(),
        });
    }
    let header_at = match options.header_row {
        Some(n) => rows
            .iter()
            .position(|r| r.number == n)
            .ok_or(ReadError::NoHeader)?,
        None => detect_header(&rows).ok_or(ReadError::NoHeader)?,
    };
    let mut rows = rows;
    let data = rows.split_off(header_at.saturating_add(1));
    let header = rows.pop().ok_or(ReadError::NoHeader)?;
    if data.is_empty() {
        return Err(ReadError::NoRows);
    }
    source.header_row = header.number;
    let raw: Vec<String> = header
        .cells
        .iter()
        .map(|c| c.display().trim().to_string())
        .collect();
    Ok(build(raw, data, source))
}

/// The header row: among the first rows, the first whose filled cells number at least half of
/// the widest row's (and at least two) and are mostly text — a title such as "工单明细表
/// （2025年10月）" above it fills one cell and is skipped.
fn detect_header(rows: &[Row]) -> Option<usize> {
    let filled = |r: &Row| r.cells.iter().filter(|c| !c.is_empty()).count();
    let widest = rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .map(filled)
        .max()
        .unwrap_or(0);
    let needed = (widest.saturating_add(1) / 2).max(2).min(widest.max(1));
    rows.iter().take(HEADER_SEARCH_ROWS).position(|r| {
        let n = filled(r);
        let text = r
            .cells
            .iter()
            .filter(|c| matches!(c, Cell::Text(_)))
            .count();
        n >= needed && text.saturating_mul(2) >= n
    })
}

fn build(raw: Vec<String>, rows: Vec<Row>, mut source: Source) -> Table {
    let header_width = raw.len();
    let width = rows
        .iter()
        .map(|r| r.cells.len())
        .max()
        .unwrap_or(0)
        .max(header_width);
    source.ragged_rows = rows.iter().filter(|r| r.cells.len() > header_width).count() as u64;
    let mut headers: Vec<String> = Vec::with_capacity(width);
    for column in 0..width {
        let name = raw.get(column).map(String::as_str).unwrap_or("");
        let base = if name.is_empty() {
            format!("列 {}", column_letter(column))
        } else {
            name.to_string()
        };
        let mut unique = base.clone();
        let mut n = 1u32;
        while headers.contains(&unique) {
            n = n.saturating_add(1);
            unique = format!("{base} ({n})");
        }
        headers.push(unique);
    }
    Table {
        source,
        headers,
        raw_headers: raw,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chosen_encoding_and_delimiter_override_the_detection() {
        // A file that splits as well on either: the detection takes commas, the manager who
        // knows it is semicolons says so.
        let csv = "a;b,c\n1;2,3\n";
        let detected = read(csv.as_bytes(), &ReadOptions::default()).unwrap();
        assert_eq!(detected.headers, ["a;b", "c"]);
        let chosen = ReadOptions {
            delimiter: Some(b';'),
            ..ReadOptions::default()
        };
        let t = read(csv.as_bytes(), &chosen).unwrap();
        assert_eq!(t.headers, ["a", "b,c"]);
        assert_eq!(t.source.delimiter, Some(';'));
        // A GBK file read as UTF-8 by choice: characters are replaced, and the table says so.
        let (gbk, _, _) = encoding_rs::GBK.encode("编号,时间\n1,2025-10-01 08:00\n");
        let as_utf8 = ReadOptions {
            encoding: Some(Encoding::Utf8),
            ..ReadOptions::default()
        };
        let t = read(&gbk, &as_utf8).unwrap();
        assert_eq!(t.source.encoding, Some(Encoding::Utf8));
        assert!(t.source.replaced_characters);
        let t = read(&gbk, &ReadOptions::default()).unwrap();
        assert_eq!(t.headers, ["编号", "时间"]);
    }

    #[test]
    fn a_workbook_cut_short_is_called_damaged_not_unsupported() {
        let cut = b"PK\x03\x04\x14\x00\x06\x00 the rest of the download never came";
        assert!(matches!(
            read(cut, &ReadOptions::default()),
            Err(ReadError::WorkbookUnreadable { .. })
        ));
    }

    #[test]
    fn title_rows_are_skipped() {
        let csv =
            "工单明细表（2025年10月）\n\n工单编号,受理时间,供电单位\n1,2025-10-01 08:00,通川\n";
        let t = read(csv.as_bytes(), &ReadOptions::default()).unwrap();
        assert_eq!(t.headers, ["工单编号", "受理时间", "供电单位"]);
        assert_eq!(t.source.header_row, 3);
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].number, 4);
    }

    #[test]
    fn blank_and_repeated_headers_are_named() {
        let t = read(b"a,,a\n1,2,3\n", &ReadOptions::default()).unwrap();
        assert_eq!(t.headers, ["a", "列 B", "a (2)"]);
    }

    #[test]
    fn html_and_binary_are_refused() {
        assert_eq!(
            read(b"<html><body>error</body></html>", &ReadOptions::default()),
            Err(ReadError::UnknownFormat)
        );
        let pdf: Vec<u8> = (0u8..=255).cycle().take(5000).collect();
        assert!(read(&pdf, &ReadOptions::default()).is_err());
        assert_eq!(read(b"", &ReadOptions::default()), Err(ReadError::Empty));
        assert_eq!(
            read(b"  \n ", &ReadOptions::default()),
            Err(ReadError::Empty)
        );
    }

    #[test]
    fn a_dashboard_export_is_pointed_to_the_right_door() {
        let e = br#"{"format":"service-kpi-export","version":1}"#;
        assert_eq!(
            read(e, &ReadOptions::default()),
            Err(ReadError::AlreadyAnExport)
        );
    }
}
