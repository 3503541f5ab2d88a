//! Customers per district from a second, small table ("供电单位, 客户数"), as managers keep it
//! in a spreadsheet of their own. The per-10k complaint rate needs it; the work-order file
//! never carries it.

use crate::error::ReadError;
use crate::read::{read, ReadOptions};
use crate::roles::{normalize_header, Role};
use crate::table::Cell;
use crate::text::{quote, Text};
use serde::{Deserialize, Serialize};

/// Header synonyms of the customers column (normalised).
const CUSTOMER_HEADERS: [&str; 10] = [
    "客户数",
    "户数",
    "用户数",
    "客户数量",
    "用户数量",
    "客户总数",
    "customers",
    "households",
    "accounts",
    "customercount",
];

/// The customers read, and rows that could not be read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerList {
    pub entries: Vec<(String, u64)>,
    pub problems: Vec<(u64, Text)>,
}

/// A count as written: `215400`, `215,400`, `21.54万`.
pub fn parse_count(cell: &Cell) -> Option<u64> {
    let value = match cell {
        Cell::Number(n) => *n,
        Cell::Text(t) => {
            let t: String = t
                .trim()
                .chars()
                .filter(|c| !matches!(c, ',' | '，' | ' '))
                .collect();
            let (digits, scale) = match t.strip_suffix('万') {
                Some(d) => (d.to_string(), 10_000.0),
                None => (t.strip_suffix('户').unwrap_or(&t).to_string(), 1.0),
            };
            digits.parse::<f64>().ok()? * scale
        }
        _ => return None,
    };
    let rounded = value.round();
    (value.is_finite() && value >= 0.0 && (value - rounded).abs() < 1e-6 && rounded < 1e15)
        .then_some(rounded as u64)
}

/// Reads a district/customers table (CSV or a workbook). The district column is the one whose
/// header names a district (else the first); the customers column the one named like
/// "客户数"/"customers" (else the second).
pub fn read_customers(bytes: &[u8]) -> Result<CustomerList, ReadError> {
    let table = read(bytes, &ReadOptions::default())?;
    let normalized: Vec<String> = table.headers.iter().map(|h| normalize_header(h)).collect();
    let district = normalized
        .iter()
        .position(|h| Role::District.synonyms().contains(&h.as_str()))
        .unwrap_or(0);
    let customers = normalized
        .iter()
        .position(|h| CUSTOMER_HEADERS.contains(&h.as_str()))
        .or_else(|| (0..normalized.len()).find(|&c| c != district))
        .ok_or(ReadError::NoHeader)?;
    let mut list = CustomerList {
        entries: Vec::new(),
        problems: Vec::new(),
    };
    for row in &table.rows {
        let Some(name) = crate::values::cell_text(row.cell(district)) else {
            continue;
        };
        let cell = row.cell(customers);
        match parse_count(cell) {
            Some(n) => list.entries.push((name, n)),
            None => list.problems.push((
                row.number,
                Text::new(
                    format!(
                        "第 {} 行：{} 的客户数 {} 不是非负整数，已跳过。",
                        row.number,
                        quote(&name),
                        quote(&cell.display())
                    ),
                    format!(
                        "Row {}: the customers of {}, {}, is not a whole number; skipped.",
                        row.number,
                        quote(&name),
                        quote(&cell.display())
                    ),
                ),
            )),
        }
    }
    Ok(list)
}
