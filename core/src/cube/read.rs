//! Reading a cube: stage one is lenient serde types (columns of integers), stage two checks
//! every index and the column totals and builds the grouped [`Cube`]. The top-level members a
//! cube shares with an export (`exported_at`, `timezone`, `districts`, `targets`) are read by
//! the export's own header code, so they follow the same rules.
//!
//! A cube is one JSON document of columns, read whole: it is the compact form of an export too
//! large to read, tens of MB where the export has GB.

use super::{Cell, Cube};
use crate::calendar::{Day, Month};
use crate::dataset::Tickets;
use crate::dataset::{CubeSource, Dataset, Info, Meta};
use crate::dictionary::Dictionary;
use crate::domain::{Kind, Members, Tier};
use crate::error::{LoadError, CUBE_FORMAT_NAME};
use crate::groups::Groups;
use crate::kpi::{Counts, DurationSum};
use crate::load::header::{Header, Key};
use crate::load::Loaded;
use crate::period::Period;
use crate::stats::Buckets;
use crate::timeliness::Tally;
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
struct RawCube {
    #[serde(default)]
    format: Value,
    #[serde(default)]
    version: Value,
    #[serde(default)]
    organization: Value,
    #[serde(default)]
    exported_at: Value,
    #[serde(default)]
    timezone: Value,
    #[serde(default)]
    districts: Value,
    #[serde(default)]
    units: Value,
    #[serde(default)]
    targets: Value,
    months: Vec<String>,
    categories: Vec<String>,
    channels: Vec<String>,
    cells: RawCells,
    histograms: RawHistograms,
    #[serde(default)]
    source: Option<RawSource>,
}

/// cube-format.md, "cells": one entry per cell in every column.
#[derive(Deserialize)]
struct RawCells {
    district: Vec<u32>,
    month: Vec<u32>,
    kind: Vec<u8>,
    category: Vec<u32>,
    channel: Vec<u32>,
    tier: Vec<u8>,
    tickets: Vec<u64>,
    fr_met: Vec<u64>,
    fr_breached: Vec<u64>,
    fr_pending: Vec<u64>,
    arr_met: Vec<u64>,
    arr_breached: Vec<u64>,
    arr_pending: Vec<u64>,
    res_met: Vec<u64>,
    res_breached: Vec<u64>,
    res_pending: Vec<u64>,
    backlog: Vec<u64>,
    overdue: Vec<u64>,
    complaints_with_customer: Vec<u64>,
    repeat_complaints: Vec<u64>,
    scored: Vec<u64>,
    satisfied: Vec<u64>,
    score_total: Vec<u64>,
    resolved: Vec<u64>,
    fr_n: Vec<u64>,
    fr_secs: Vec<u64>,
    arr_n: Vec<u64>,
    arr_secs: Vec<u64>,
    res_n: Vec<u64>,
    res_secs: Vec<u64>,
}

#[derive(Deserialize)]
struct RawHistograms {
    cell: Vec<u32>,
    measure: Vec<u8>,
    bucket: Vec<u16>,
    count: Vec<u32>,
}

#[derive(Deserialize, Default)]
struct RawSource {
    #[serde(default)]
    tickets: Option<u64>,
    #[serde(default)]
    rejected: Option<u64>,
    #[serde(default)]
    exports: Vec<String>,
}

fn bad(detail: impl Into<String>) -> LoadError {
    LoadError::BadCube {
        detail: detail.into(),
    }
}

/// Reads a whole cube.
pub fn load(bytes: &[u8]) -> Result<Loaded, LoadError> {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if text.iter().all(u8::is_ascii_whitespace) {
        return Err(LoadError::Empty);
    }
    let raw: RawCube = serde_json::from_slice(text).map_err(|e| {
        if e.is_syntax() || e.is_eof() {
            LoadError::NotJson {
                line: e.line(),
                column: e.column(),
                detail: e.to_string(),
            }
        } else {
            bad(e.to_string())
        }
    })?;
    build(raw)
}

fn build(raw: RawCube) -> Result<Loaded, LoadError> {
    if raw.format.as_str() != Some(CUBE_FORMAT_NAME) {
        return Err(bad(format!("format ≠ \"{CUBE_FORMAT_NAME}\"")));
    }
    let mut header = Header::default();
    header.scalar(Key::Version, &raw.version)?;
    header.scalar(Key::Organization, &raw.organization)?;
    header.scalar(Key::ExportedAt, &raw.exported_at)?;
    header.scalar(Key::Timezone, &raw.timezone)?;
    header.scalar(Key::Districts, &raw.districts)?;
    header.scalar(Key::Units, &raw.units)?;
    header.scalar(Key::Targets, &raw.targets)?;
    let (Some(exported_at), Some(offset), Some(districts)) =
        (header.exported_at, header.offset(), header.districts.take())
    else {
        return Err(LoadError::MissingField {
            path: "$.exported_at".into(),
        });
    };
    let mut meta = Meta::new(header.organization.take(), exported_at.utc, offset);

    // Months as codes from the plausible window's first month, like the tickets' column.
    let base = meta.base_month.0;
    let latest = Day::of(exported_at.utc, offset).month().0 + 1;
    let months: Vec<u16> = raw
        .months
        .iter()
        .map(|m| {
            let month = parse_month(m).filter(|m| base <= m.0 && m.0 <= latest);
            month
                .and_then(|m| u16::try_from(m.0 - base).ok())
                .ok_or_else(|| {
                    bad(format!(
                        "$.months: \"{m}\" (YYYY-MM within 30 years of exported_at)"
                    ))
                })
        })
        .collect::<Result<_, _>>()?;

    // Labels interned like an export's: a repeated label gets one code.
    let intern = |labels: &[String], what: &str| -> Result<(Dictionary, Vec<u32>), LoadError> {
        let mut dict = Dictionary::default();
        let codes = labels
            .iter()
            .map(|l| dict.intern(l).ok_or_else(|| bad(format!("$.{what}"))))
            .collect::<Result<_, _>>()?;
        Ok((dict, codes))
    };
    let (categories, category_codes) = intern(&raw.categories, "categories")?;
    let (channels, channel_codes) = intern(&raw.channels, "channels")?;

    let c = &raw.cells;
    let n = c.district.len();
    // Every column has one entry per cell, and every count column's total fits a u64, so no
    // sum of cells can overflow.
    let values: [(&str, &Vec<u64>); 24] = [
        ("tickets", &c.tickets),
        ("fr_met", &c.fr_met),
        ("fr_breached", &c.fr_breached),
        ("fr_pending", &c.fr_pending),
        ("arr_met", &c.arr_met),
        ("arr_breached", &c.arr_breached),
        ("arr_pending", &c.arr_pending),
        ("res_met", &c.res_met),
        ("res_breached", &c.res_breached),
        ("res_pending", &c.res_pending),
        ("backlog", &c.backlog),
        ("overdue", &c.overdue),
        ("complaints_with_customer", &c.complaints_with_customer),
        ("repeat_complaints", &c.repeat_complaints),
        ("scored", &c.scored),
        ("satisfied", &c.satisfied),
        ("score_total", &c.score_total),
        ("resolved", &c.resolved),
        ("fr_n", &c.fr_n),
        ("fr_secs", &c.fr_secs),
        ("arr_n", &c.arr_n),
        ("arr_secs", &c.arr_secs),
        ("res_n", &c.res_n),
        ("res_secs", &c.res_secs),
    ];
    let dimensions = [
        ("month", c.month.len()),
        ("kind", c.kind.len()),
        ("category", c.category.len()),
        ("channel", c.channel.len()),
        ("tier", c.tier.len()),
    ];
    let lengths = dimensions
        .into_iter()
        .chain(values.iter().map(|&(name, col)| (name, col.len())));
    if let Some((name, _)) = lengths.into_iter().find(|&(_, len)| len != n) {
        return Err(bad(format!("$.cells.{name}: not one entry per cell")));
    }
    if u32::try_from(n).is_err() {
        return Err(LoadError::TooLarge);
    }
    for (name, col) in values {
        if col
            .iter()
            .try_fold(0u64, |a, &b| a.checked_add(b))
            .is_none()
        {
            return Err(bad(format!("$.cells.{name}: counts too large")));
        }
    }

    let at = |col: &Vec<u64>, i: usize| col.get(i).copied().unwrap_or(0);
    let mut keyed: Vec<((u16, u16), u32, Cell)> = Vec::with_capacity(n);
    for i in 0..n {
        let index = |col: &Vec<u32>| col.get(i).map(|&v| v as usize);
        let district = index(&c.district)
            .filter(|&d| d < districts.len())
            .and_then(|d| u16::try_from(d).ok());
        let month = index(&c.month).and_then(|m| months.get(m).copied());
        let kind = c
            .kind
            .get(i)
            .and_then(|&k| Kind::ALL.into_iter().find(|x| *x as u8 == k));
        let tier = c
            .tier
            .get(i)
            .and_then(|&t| Tier::ALL.into_iter().find(|x| *x as u8 == t));
        let category = index(&c.category).and_then(|k| category_codes.get(k).copied());
        let channel = index(&c.channel).and_then(|k| channel_codes.get(k).copied());
        let (Some(district), Some(month), Some(kind), Some(tier), Some(category), Some(channel)) =
            (district, month, kind, tier, category, channel)
        else {
            return Err(bad(format!("$.cells[{i}]: an index out of range")));
        };
        let tally = |met: &Vec<u64>, breached: &Vec<u64>, pending: &Vec<u64>| Tally {
            met: at(met, i),
            breached: at(breached, i),
            pending: at(pending, i),
        };
        let duration = |count: &Vec<u64>, secs: &Vec<u64>| DurationSum {
            n: at(count, i),
            secs: at(secs, i),
        };
        let tickets = at(&c.tickets, i);
        let mut by_kind = [0; 6];
        if let Some(k) = by_kind.get_mut(kind.index()) {
            *k = tickets;
        }
        let counts = Counts {
            tickets,
            by_kind,
            first_response: tally(&c.fr_met, &c.fr_breached, &c.fr_pending),
            repair_arrival: tally(&c.arr_met, &c.arr_breached, &c.arr_pending),
            resolution: tally(&c.res_met, &c.res_breached, &c.res_pending),
            backlog: at(&c.backlog, i),
            overdue: at(&c.overdue, i),
            complaints_with_customer: at(&c.complaints_with_customer, i),
            repeat_complaints: at(&c.repeat_complaints, i),
            scored: at(&c.scored, i),
            satisfied: at(&c.satisfied, i),
            score_total: at(&c.score_total, i),
            resolved: at(&c.resolved, i),
            durations: [
                duration(&c.fr_n, &c.fr_secs),
                duration(&c.arr_n, &c.arr_secs),
                duration(&c.res_n, &c.res_secs),
            ],
        };
        if let Err(what) = consistent(&counts, kind) {
            return Err(bad(format!("$.cells[{i}]: {what}")));
        }
        let cell = Cell {
            kind,
            tier,
            category,
            channel,
            counts,
        };
        keyed.push(((district, month), i as u32, cell));
    }
    // Grouped by (district, month); the file's order within a group is kept.
    keyed.sort_by_key(|(key, i, _)| (*key, *i));
    let mut position = vec![0u32; n];
    let mut groups: Vec<(u16, u16)> = Vec::new();
    let mut group_start: Vec<u32> = Vec::new();
    let mut cells = Vec::with_capacity(n);
    for (new, (key, old, cell)) in keyed.into_iter().enumerate() {
        if groups.last() != Some(&key) {
            groups.push(key);
            group_start.push(new as u32);
        }
        if let Some(p) = position.get_mut(old as usize) {
            *p = new as u32;
        }
        cells.push(cell);
    }
    group_start.push(n as u32);

    let (hist_start, buckets) = histograms(&raw.histograms, &position)?;
    let cube = Cube {
        cells,
        groups,
        group_start,
        hist_start,
        buckets,
    };
    // Each histogram holds as many durations as its cell counts.
    for (c, cell) in cube.cells.iter().enumerate() {
        for (m, d) in cell.counts.durations.iter().enumerate() {
            let n: u64 = cube
                .histogram(c, m)
                .iter()
                .map(|&(_, k)| u64::from(k))
                .sum();
            if n != d.n {
                return Err(bad(format!(
                    "$.histograms: measure {m} of a cell holds {n} durations, its cell counts {}",
                    d.n
                )));
            }
        }
    }

    meta.set_ticket_months(
        cube.groups
            .iter()
            .enumerate()
            .filter(|&(g, _)| cube.cells_of(g).any(|(_, c)| c.counts.tickets > 0))
            .map(|(_, &(_, m))| m),
    );
    // Whole months: the period "all" runs from the first day of the first month to the last day
    // of the last.
    meta.span = match (meta.ticket_months.first(), meta.ticket_months.last()) {
        (Some(&first), Some(&last)) => Some(Period {
            from: first.first_day(),
            to: Month(last.0 + 1).first_day().plus(-1),
        }),
        _ => None,
    };
    let counted: u64 = cube.cells.iter().map(|c| c.counts.tickets).sum();
    let source = raw.source.unwrap_or_default();
    meta.cube = Some(CubeSource {
        tickets: source.tickets.unwrap_or(counted),
        rejected: source.rejected,
        exports: source.exports,
    });
    Ok(Loaded {
        dataset: Dataset {
            info: Info {
                meta,
                districts,
                members: Members::Districts,
                units: std::mem::take(&mut header.units),
                targets: header.targets.clone(),
                categories,
                channels,
            },
            tickets: Tickets::default(),
            groups: Groups::default(),
            cube: Some(cube),
        },
        problems: Vec::new(),
        rejected: source.rejected.unwrap_or(0),
        adjusted: std::mem::take(&mut header.adjusted),
        ticket_records: counted + source.rejected.unwrap_or(0),
        survey_records: 0,
    })
}

/// The relations every cell's counts have when they come from tickets (cube-format.md): a cube
/// that breaks one would show rates over 100 % or scores outside 1–5.
fn consistent(c: &Counts, kind: Kind) -> Result<(), &'static str> {
    let tally = |t: &Tally| t.met.checked_add(t.breached)?.checked_add(t.pending);
    let within = |part: Option<u64>, whole: u64| part.is_some_and(|p| p <= whole);
    let repair = kind == Kind::Repair;
    let complaint = kind == Kind::Complaint;
    let checks = [
        (
            within(tally(&c.first_response), c.tickets),
            "first-response outcomes exceed tickets",
        ),
        (
            within(tally(&c.repair_arrival), if repair { c.tickets } else { 0 }),
            "arrival outcomes of tickets that are not repairs",
        ),
        (
            within(tally(&c.resolution), c.tickets),
            "resolution outcomes exceed tickets",
        ),
        (
            c.backlog.checked_add(c.resolved) == Some(c.tickets),
            "backlog and resolved do not add up to tickets",
        ),
        (c.overdue <= c.backlog, "overdue exceeds backlog"),
        (
            c.complaints_with_customer <= if complaint { c.tickets } else { 0 },
            "repeat-complaint counts of tickets that are not complaints",
        ),
        (
            c.repeat_complaints <= c.complaints_with_customer,
            "repeats exceed complaints with a customer",
        ),
        (
            c.scored <= c.tickets && c.satisfied <= c.scored,
            "scores exceed tickets",
        ),
        (
            c.score_total >= c.scored && c.score_total <= c.scored.saturating_mul(5),
            "score total outside 1–5 per score",
        ),
        (
            c.durations[0].n <= c.tickets,
            "first responses exceed tickets",
        ),
        (
            c.durations[1].n <= if repair { c.tickets } else { 0 },
            "arrivals of tickets that are not repairs",
        ),
        (
            c.durations[2].n == c.resolved,
            "resolution times do not match resolved tickets",
        ),
    ];
    match checks.iter().find(|(ok, _)| !ok) {
        Some((_, what)) => Err(what),
        None => Ok(()),
    }
}

/// `YYYY-MM`.
fn parse_month(text: &str) -> Option<Month> {
    let (y, m) = text.split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    let year: i32 = y.parse().ok()?;
    let month: i32 = m.parse().ok()?;
    (1..=12)
        .contains(&month)
        .then(|| Month(year * 12 + month - 1))
}

/// [`Cube::hist_start`] and [`Cube::buckets`].
type Histograms = (Vec<u32>, Vec<(u16, u32)>);

/// The histogram rows by cell (in the new order) and measure, buckets ascending: a counting
/// sort, linear in the rows.
fn histograms(h: &RawHistograms, position: &[u32]) -> Result<Histograms, LoadError> {
    let rows = h.cell.len();
    if h.measure.len() != rows || h.bucket.len() != rows || h.count.len() != rows {
        return Err(bad("$.histograms: not one entry per row"));
    }
    if u32::try_from(rows).is_err() {
        return Err(LoadError::TooLarge);
    }
    let slots = position.len() * 3;
    let slot_of = |i: usize| -> Option<usize> {
        let cell = *position.get(*h.cell.get(i)? as usize)? as usize;
        let m = *h.measure.get(i)?;
        let b = *h.bucket.get(i)?;
        (m < 3 && b <= Buckets::MAX).then_some(cell * 3 + usize::from(m))
    };
    let mut start = vec![0u32; slots + 1];
    for i in 0..rows {
        let s = slot_of(i).ok_or_else(|| bad(format!("$.histograms[{i}]: out of range")))?;
        if let Some(n) = start.get_mut(s + 1) {
            *n += 1;
        }
    }
    for s in 1..start.len() {
        let before = start.get(s - 1).copied().unwrap_or(0);
        if let Some(n) = start.get_mut(s) {
            *n += before;
        }
    }
    let mut next = start.clone();
    let mut buckets = vec![(0u16, 0u32); rows];
    for i in 0..rows {
        let (Some(s), Some(&b), Some(&count)) = (slot_of(i), h.bucket.get(i), h.count.get(i))
        else {
            continue;
        };
        if let Some(at) = next.get_mut(s) {
            if let Some(row) = buckets.get_mut(*at as usize) {
                *row = (b, count);
            }
            *at += 1;
        }
    }
    for s in 0..slots {
        let (a, b) = (
            start.get(s).copied().unwrap_or(0),
            start.get(s + 1).copied().unwrap_or(0),
        );
        if let Some(rows) = buckets.get_mut(a as usize..b as usize) {
            rows.sort_unstable_by_key(|r| r.0);
        }
    }
    Ok((start, buckets))
}
