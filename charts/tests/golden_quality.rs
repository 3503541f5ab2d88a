//! Golden SVGs of the data-quality view's charts, over the whole `small.json` file (see
//! `golden.rs` for how to regenerate and review them).

mod common;

use common::{check, setup};
use kpi_charts::quality as charts;
use kpi_core::i18n::Lang;
use kpi_core::views::quality as vm;

#[test]
fn field_coverage() {
    let (loaded, _) = setup();
    let coverage = vm::field_coverage(&loaded.dataset);
    check(
        "quality-coverage",
        &charts::field_coverage(&coverage, Lang::Zh),
    );
    check(
        "quality-coverage-en",
        &charts::field_coverage(&coverage, Lang::En),
    );
}

#[test]
fn anomalies() {
    let (loaded, _) = setup();
    let found = vm::anomalies(&loaded.dataset);
    check("quality-anomalies", &charts::anomalies(&found, Lang::Zh));
    check("quality-anomalies-en", &charts::anomalies(&found, Lang::En));
}

#[test]
fn empty_views_render_the_empty_state() {
    setup();
    let nothing: Vec<vm::Coverage> = vm::Field::ALL
        .iter()
        .map(|&field| vm::Coverage {
            field,
            present: 0,
            eligible: 0,
        })
        .collect();
    let c = charts::field_coverage(&nothing, Lang::Zh);
    assert!(c.is_empty());
    assert_eq!(c.table.rows[0][4], "—", "undefined is a dash, never 0");
    let clean: Vec<vm::AnomalyCount> = vm::Anomaly::ALL
        .iter()
        .map(|&anomaly| vm::AnomalyCount {
            anomaly,
            count: 0,
            examples: vec![],
        })
        .collect();
    let c = charts::anomalies(&clean, Lang::En);
    assert!(c.is_empty());
    assert_eq!(c.table.rows.len(), vm::Anomaly::ALL.len());
}
