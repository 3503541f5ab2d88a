//! The table read from a manager's file: headers, then rows of cells, each row with the row
//! number the manager sees in Excel (or the line of a CSV file, the record of a JSON file), so
//! that a problem can say "第 12 行" and the manager finds that row at once.
//!
//! Cells keep the type Excel gave them where it decides how a value is read: an Excel date is a
//! serial number of days, and must not be mistaken for a count, nor a count for a date.

use serde::{Deserialize, Serialize};

/// One cell.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub enum Cell {
    #[default]
    Empty,
    Text(Box<str>),
    Number(f64),
    /// An Excel date/time cell: its serial number in the 1900 date system (days since
    /// 1899-12-30, the fraction is the time of day). Workbooks in the 1904 system are shifted.
    DateTime(f64),
    Bool(bool),
}

impl Cell {
    pub fn text(s: &str) -> Cell {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s.into())
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as the manager sees it: text as typed, whole numbers without ".0", Excel dates
    /// as `YYYY-MM-DD HH:MM:SS`.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.to_string(),
            Cell::Number(n) => number_text(*n),
            Cell::DateTime(serial) => match crate::values::serial_to_local(*serial) {
                Some(local) => local.to_string(),
                None => number_text(*serial),
            },
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        }
    }
}

/// A number as text: integral values without a fraction (an id typed as a number in Excel
/// arrives as 2510010001.0 and must read "2510010001").
pub fn number_text(n: f64) -> String {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// One data row.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Row {
    /// The row number shown to the manager: the Excel row (1-based, the header row counts), the
    /// CSV line on which the record starts, the NDJSON line, or the JSON array's record number.
    pub number: u64,
    pub cells: Vec<Cell>,
}

impl Row {
    /// The cell of a column; a short row simply has empty cells at its end.
    pub fn cell(&self, column: usize) -> &Cell {
        const EMPTY: Cell = Cell::Empty;
        self.cells.get(column).unwrap_or(&EMPTY)
    }
}

/// What kind of file a table came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    Xlsx,
    Xls,
    Csv,
    Json,
    Ndjson,
}

/// The text encoding a CSV file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    Utf8,
    /// GBK and its superset GB18030: what Excel and most Chinese systems write when they save
    /// "CSV" on a Chinese Windows.
    Gb18030,
    /// Excel's "Unicode text" (UTF-16 with a byte-order mark).
    Utf16,
}

/// Where a table came from and how it was read: shown to the manager, part of the proposal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub kind: FileKind,
    /// The worksheet read (workbooks only) and every sheet's name.
    pub sheet: Option<String>,
    pub sheets: Vec<String>,
    pub encoding: Option<Encoding>,
    /// Characters that could not be decoded and were replaced by "�".
    pub replaced_characters: bool,
    pub delimiter: Option<char>,
    /// The row number of the header row (rows above it were skipped as titles).
    pub header_row: u64,
    /// Data rows whose number of cells differs from the header's.
    pub ragged_rows: u64,
}

/// A whole table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub source: Source,
    /// Column names as shown: blank headers become "列 C" (the column letter), repeated ones
    /// get " (2)", " (3)", so that every column can be named in a message.
    pub headers: Vec<String>,
    /// The header cells exactly as in the file (trimmed), for the layout signature.
    pub raw_headers: Vec<String>,
    pub rows: Vec<Row>,
}

impl Table {
    pub fn header(&self, column: usize) -> Option<&str> {
        self.headers.get(column).map(String::as_str)
    }

    /// A stable signature of the header row, to remember a mapping per file layout.
    pub fn signature(&self) -> String {
        crate::mapping::header_signature(&self.raw_headers)
    }
}

/// The Excel column letter of a 0-based column index: 0 → A, 26 → AA.
pub fn column_letter(column: usize) -> String {
    let mut n = column.saturating_add(1);
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(16383), "XFD");
    }

    #[test]
    fn numbers_display_like_excel() {
        assert_eq!(number_text(2510010001.0), "2510010001");
        assert_eq!(number_text(4.5), "4.5");
        assert_eq!(Cell::text("").display(), "");
    }
}
