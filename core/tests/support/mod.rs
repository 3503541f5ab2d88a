//! Shared by the integration tests: the shared fixtures, one way to build an export (named
//! fields, `kpi_core::v1`), and the report of a whole file.
#![allow(dead_code)]

pub mod heap;

use kpi_core::dataset::Dataset;
use kpi_core::load::{load, Loaded};
use kpi_core::report::{report, Report, Scope};
pub use kpi_core::v1::{District, Export, Survey, Ticket};
use std::path::PathBuf;

pub fn fixtures() -> PathBuf {
    std::env::var_os("KPI_FIXTURES").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/fixtures"),
        PathBuf::from,
    )
}

/// A file of the shared data (`fixtures`, `hostile`, `real`).
pub fn shared(dir: &str, name: &str) -> Vec<u8> {
    let path = fixtures().join("..").join(dir).join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

pub fn read(name: &str) -> Vec<u8> {
    shared("fixtures", name)
}

/// Relative closeness at 1e-9, as the fixtures README asks.
pub fn close(actual: f64, expected: f64) -> bool {
    actual == expected || (actual - expected).abs() <= 1e-9 * expected.abs().max(actual.abs())
}

/// "Now" of the built exports.
pub const NOW: &str = "2026-01-10T12:00:00+08:00";

/// A ticket with the four required fields; the rest with struct update syntax.
pub fn ticket(id: &str, opened_at: &str, district: &str, kind: &str) -> Ticket {
    Ticket {
        id: id.into(),
        opened_at: opened_at.into(),
        district: district.into(),
        kind: kind.into(),
        ..Ticket::default()
    }
}

/// Districts A (甲区, urban, 10,000 customers) and B (乙县, remote, 30,000).
pub fn two_districts() -> Vec<District> {
    vec![
        District::new("A", "甲区", "urban", Some(10_000)),
        District::new("B", "乙县", "remote", Some(30_000)),
    ]
}

pub fn export(districts: Vec<District>, tickets: Vec<Ticket>, surveys: Vec<Survey>) -> Export {
    let mut e = Export::new(NOW, districts);
    e.tickets = tickets;
    e.surveys = surveys;
    e
}

/// Loads an export that must have no rejected record.
pub fn clean(e: &Export) -> Dataset {
    let loaded = load(&e.to_bytes()).expect("loads");
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    loaded.dataset
}

pub fn loaded(e: &Export) -> Loaded {
    load(&e.to_bytes()).expect("loads")
}

/// The report of the whole file (period "all").
pub fn whole(ds: &Dataset) -> Report {
    report(ds, &Scope::default())
}

/// Loads export bytes that must have no rejected record.
pub fn clean_bytes(bytes: &[u8]) -> Dataset {
    let loaded = load(bytes).expect("loads");
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    loaded.dataset
}
