//! Test helpers: a plain CSV splitter and time arithmetic written independently of the crate,
//! so that the expected figures do not come from the code under test; and the dashboard's
//! figures of a converted export, computed by kpi-core.

#![allow(dead_code)]

use kpi_core::calendar::days_from_civil;
use kpi_core::catalog::{Duration, Metric, Stat};
use kpi_core::link::LinkState;
use kpi_core::report::report;
use kpi_mapping::{convert, Checked, Converted, Mapping, Table};
use std::collections::BTreeMap;

/// RFC 4180 records: quotes, doubled quotes, commas and newlines inside quotes.
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            ',' => row.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// Records as maps from header to value.
pub fn records(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut rows = parse_csv(text).into_iter();
    let header = rows.next().unwrap();
    rows.map(|r| header.iter().cloned().zip(r).collect())
        .collect()
}

/// UTC seconds of a wall-clock time at a fixed offset (hours).
pub fn secs(y: i64, mo: u32, d: u32, h: i64, mi: i64, s: i64, offset_hours: i64) -> i64 {
    days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s - offset_hours * 3600
}

/// `YYYY?MM?DD?hh?mm?ss` with any single separators (fractions ignored), at an offset.
pub fn fixed_time(text: &str, offset_hours: i64) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() < 19 || !b[0].is_ascii_digit() {
        return None;
    }
    let n = |from: usize, to: usize| text[from..to].parse::<i64>().unwrap();
    Some(secs(
        n(0, 4),
        n(5, 7) as u32,
        n(8, 10) as u32,
        n(11, 13),
        n(14, 16),
        n(17, 19),
        offset_hours,
    ))
}

pub fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

/// Median by linear interpolation (R type 7), as kpis.md defines it.
pub fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let h = (s.len() - 1) as f64 * 0.5;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(s.len() - 1);
    s[lo] + (h - lo as f64) * (s[hi] - s[lo])
}

pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9 * b.abs().max(1.0)
}

/// The dashboard's figures of a converted export, over the period "all".
pub struct Figures {
    pub tickets: u64,
    pub backlog: u64,
    pub overdue: u64,
    pub by_district: BTreeMap<String, u64>,
    pub resolution_mean_h: Option<f64>,
    pub resolution_median_h: Option<f64>,
    pub complaints: u64,
    pub satisfaction_mean: Option<f64>,
    pub first_response_median_min: Option<f64>,
    pub complaint_rate: Option<f64>,
}

pub fn figures(checked: &Checked) -> Figures {
    let ds = &checked.loaded.dataset;
    let (scope, _) = LinkState::parse("preset=all").0.resolve(ds);
    let r = report(ds, &scope);
    let k = &r.current;
    let mut by_district = BTreeMap::new();
    for d in &r.districts {
        let code = ds.district(d.index).unwrap().code.clone();
        by_district.insert(code, d.current.tickets);
    }
    Figures {
        tickets: k.counts.tickets,
        backlog: k.counts.backlog,
        overdue: k.counts.overdue,
        by_district,
        resolution_mean_h: Metric::Duration(Duration::Resolution, Stat::Mean).value(k),
        resolution_median_h: Metric::Duration(Duration::Resolution, Stat::Median).value(k),
        complaints: k.counts.complaints(),
        satisfaction_mean: Metric::SatisfactionMean.value(k),
        first_response_median_min: Metric::Duration(Duration::FirstResponse, Stat::Median).value(k),
        complaint_rate: Metric::ComplaintRate.value(k),
    }
}

/// Converts and checks with the dashboard loader.
pub fn convert_and_check(table: &Table, mapping: &Mapping) -> (Converted, Checked) {
    let converted = convert(table, mapping).unwrap();
    let checked = converted.check().unwrap();
    (converted, checked)
}
