//! Golden SVGs of the districts view (see `golden.rs`).

mod common;

use common::{check, setup};
use kpi_core::catalog::Metric;
use kpi_core::i18n::Lang;
use kpi_core::views::districts as vm;

#[test]
fn heatmap_and_scorecards() {
    let (loaded, r) = setup();
    let ds = &loaded.dataset;
    let heat = vm::heatmap(ds, r, Metric::FirstResponsePct);
    assert_eq!(heat.districts.len(), 7);
    assert_eq!(heat.months.len(), 12);
    check(
        "districts-heatmap",
        &kpi_charts::districts::heatmap(&heat, "首次响应及时率", Lang::Zh),
    );
    let cards = vm::scorecards(ds, r);
    assert_eq!(cards.len(), 7);
    // small.json sets no rate targets, only csat_pct's default (90) applies.
    assert_eq!(cards[0].items.len(), 1);
    let label = |m: Metric| m.name().to_string();
    check(
        "districts-scorecard",
        &kpi_charts::districts::scorecard(&cards[0], label, Lang::Zh),
    );
}

#[test]
fn heatmap_cells_are_the_district_month_figures() {
    let (loaded, r) = setup();
    let ds = &loaded.dataset;
    let heat = vm::heatmap(ds, r, Metric::Tickets);
    // Every ticket lands in exactly one cell.
    let total: f64 = heat.values.iter().flatten().map(|v| v.unwrap_or(0.0)).sum();
    assert_eq!(total, 2000.0);
    // A district's row adds up to its total in the report.
    let tc = r
        .districts
        .iter()
        .find(|(d, _)| ds.districts[usize::from(*d)].code == "TC")
        .unwrap();
    let row: f64 = heat.values[0].iter().map(|v| v.unwrap_or(0.0)).sum();
    assert_eq!(row, tc.1.tickets as f64);
}
