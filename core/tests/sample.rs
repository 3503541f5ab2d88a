//! The embedded sample (`public/sample.json`) is exactly what the generator produces, and it
//! shows what a manager expects of a real year: open tickets, surveys, repeats, a Pareto.

use kpi_core::filter::Filter;
use kpi_core::load::load;
use kpi_core::report::{report, Compare};
use kpi_core::sample::{generate, EMBEDDED};

#[test]
fn embedded_sample_is_the_generators_output() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../public/sample.json");
    let committed = std::fs::read_to_string(path).expect("public/sample.json");
    assert!(
        committed == generate(EMBEDDED),
        "public/sample.json is stale: run `cargo run -p kpi-core --release --bin gen-sample > public/sample.json`"
    );
    let loaded = load(committed.into_bytes()).unwrap();
    assert!(loaded.problems.is_empty());
    let ds = &loaded.dataset;
    let r = report(ds, None, &Filter::default(), Compare::Previous);
    let k = &r.current;
    assert_eq!(k.tickets, 20_000);
    assert_eq!(r.months.len(), 12);
    assert!(k.backlog > 0 && k.overdue > 0);
    assert!(k.repeat_complaints > 0);
    assert!(k.vital_few.is_some_and(|v| v >= 2 && v < k.pareto.len()));
    let coverage = k.survey_coverage_pct().unwrap();
    assert!((20.0..60.0).contains(&coverage), "{coverage}");
    let csat = k.csat_pct().unwrap();
    assert!((60.0..95.0).contains(&csat), "{csat}");
    // Summer peak: August has clearly more tickets than April.
    let month = |m: u32| {
        r.months
            .iter()
            .find(|(k, _)| k.month() == m)
            .unwrap()
            .1
            .tickets
    };
    assert!(month(8) as f64 > month(4) as f64 * 1.3);
    eprintln!(
        "sample: complaints {} rate {:?} fr% {:?} arr% {:?} res% {:?} backlog {} overdue {} repeat% {:?} sat {:?} csat {:?} cov {:?} months {:?}",
        k.complaints(), k.complaint_rate_per_10k, k.first_response_pct(), k.repair_arrival_pct(),
        k.resolution_pct(), k.backlog, k.overdue, k.repeat_complaint_pct(), k.satisfaction_mean(),
        k.csat_pct(), k.survey_coverage_pct(), r.months.iter().map(|m| m.1.tickets).collect::<Vec<_>>()
    );
}
