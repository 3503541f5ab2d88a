//! Pure core of the service-quality KPI dashboard.
//!
//! Everything that decides a figure lives here and nowhere else: reading and validating an export
//! (format v1), the columnar dataset, filters and periods, and the KPI definitions of
//! `shared/spec/kpis.md`. The crate has no browser or UI dependency, so every rule is tested
//! natively with `cargo test`; the Leptos app only calls it and renders what it returns.

pub mod bulletin;
pub mod calendar;
pub mod catalog;
pub mod comparison;
pub mod cube;
pub mod dataset;
pub mod deck;
pub mod dictionary;
pub mod display;
pub mod domain;
pub mod error;
pub mod export;
pub mod filter;
pub mod findings;
pub mod groups;
pub mod hierarchy;
pub mod i18n;
pub mod kpi;
pub mod link;
pub mod load;
pub mod order;
pub mod panels;
pub mod period;
pub mod problem;
pub mod protocol;
pub mod raw;
pub mod report;
pub mod sample;
pub mod stats;
pub mod status;
pub mod targets;
pub mod theme;
pub mod timeliness;
pub mod v1;
pub mod views;
pub mod warnings;
