//! The embedded sample (`public/sample.json.gz`) is exactly what the generator produces, and it
//! shows what a manager expects of real years: open tickets, surveys, repeats, a Pareto, and a
//! first screen with 环比 and 同比.

use kpi_core::catalog::Metric;
use kpi_core::link::LinkState;
use kpi_core::load::load;
use kpi_core::report::report;
use kpi_core::sample::{generate, EMBEDDED};

#[test]
fn embedded_sample_is_the_generators_output() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../public/sample.json.gz");
    let gz = std::fs::read(path).expect("public/sample.json.gz");
    let mut committed = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut committed)
        .expect("the sample is gzip of UTF-8");
    assert!(
        committed == generate(EMBEDDED),
        "public/sample.json.gz is stale: run `cargo run -p kpi-core --release --bin gen-sample | gzip -9n > public/sample.json.gz`"
    );
    let loaded = load(committed.as_bytes()).unwrap();
    assert!(loaded.problems.is_empty());
    let ds = &loaded.dataset;
    let (scope, _) = LinkState::parse("preset=all").0.resolve(ds);
    let r = report(ds, &scope);
    let k = &r.current;
    let c = &k.counts;
    assert_eq!(c.tickets, 24_000);
    assert_eq!(r.trend.selected.iter().filter(|&&s| s).count(), 12);
    assert!(c.backlog > 0 && c.overdue > 0);
    assert!(c.repeat_complaints > 0);
    assert!(k.vital_few.is_some_and(|v| v >= 2 && v < k.pareto.len()));
    let coverage = c.survey_coverage_pct().unwrap();
    assert!((20.0..60.0).contains(&coverage), "{coverage}");
    let csat = c.csat_pct().unwrap();
    assert!((60.0..95.0).contains(&csat), "{csat}");
    // Summer peak: August has clearly more tickets than April.
    let month = |m: u32| {
        let i = r.trend.months.iter().position(|k| k.month() == m).unwrap();
        r.trend.current[i].tickets()
    };
    assert!(month(8) as f64 > month(4) as f64 * 1.3);
    let values: Vec<String> = Metric::ALL
        .iter()
        .map(|m| format!("{} {:?}", m.key(), m.value(k)))
        .collect();
    eprintln!("sample: {}", values.join("; "));
    // The first screen: the latest complete month against the month before, with changes.
    let (first, _) = LinkState::parse("").0.resolve(ds);
    let r = report(ds, &first);
    assert!(r.current.tickets() > 0 && r.previous.tickets() > 0);
    assert!(r.year_before.tickets() > 0, "the latest month has a 同比");
}
