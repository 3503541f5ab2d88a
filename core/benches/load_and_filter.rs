//! Load and query a million generated tickets natively.
//!
//! Prints the figures the issue tracks (parse-into-columns throughput, bytes held per ticket),
//! then lets divan time the operations: a full load, a district filter plus KPIs, a multi-filter
//! change, and a whole report (current, comparison, per-district and per-month KPIs).
//! Run: `cargo bench -p kpi-core`.

use kpi_core::calendar::Date;
use kpi_core::comparison::Compare;
use kpi_core::domain::Kind;
use kpi_core::filter::Filter;
use kpi_core::groups::GroupCounts;
use kpi_core::load::{load, Loaded};
use kpi_core::period::Period;
use kpi_core::report::{report, report_with, Scope};
use kpi_core::sample::{generate, SampleSpec};
use std::hint::black_box;
use std::sync::OnceLock;
use std::time::Instant;

const TICKETS: usize = 1_000_000;

fn json() -> &'static str {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(|| {
        generate(SampleSpec {
            tickets: TICKETS,
            seed: 1,
            months: 12,
        })
    })
}

fn loaded() -> &'static Loaded {
    static LOADED: OnceLock<Loaded> = OnceLock::new();
    LOADED.get_or_init(|| load(json().as_bytes()).expect("generated export loads"))
}

fn main() {
    let bytes = json().as_bytes();
    let size = bytes.len();
    let start = Instant::now();
    let l = load(bytes).expect("generated export loads");
    let secs = start.elapsed().as_secs_f64();
    let held = l.dataset.heap_bytes();
    println!("tickets:               {}", l.dataset.len());
    println!("JSON size:             {:.1} MB", size as f64 / 1e6);
    println!(
        "parse into columns:    {:.0} ms ({:.0} MB/s)",
        secs * 1e3,
        size as f64 / 1e6 / secs
    );
    println!(
        "held by the dataset:   {:.1} MB ({:.1} bytes/ticket)",
        held as f64 / 1e6,
        held as f64 / l.dataset.len() as f64
    );
    drop(l);
    divan::main();
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn load_1m(bencher: divan::Bencher) {
    bencher.bench(|| black_box(load(json().as_bytes()).map(|l| l.dataset.len())));
}

/// One district selected on the first screen (the latest month): the whole report.
#[divan::bench(sample_count = 20)]
fn district_filter_report() -> u64 {
    let ds = &loaded().dataset;
    let (mut scope, _) = kpi_core::link::LinkState::default().resolve(ds);
    scope.filter.districts = vec![ds.district_index("ST").unwrap_or(0)];
    report(ds, &scope).current.tickets()
}

/// A district click as the engine answers it: the group counts of the file's dimension filters
/// are kept from the view before, so only the district's own tickets are visited.
#[divan::bench(sample_count = 20)]
fn district_click_kept_counts(bencher: divan::Bencher) {
    let ds = &loaded().dataset;
    let (mut scope, _) = kpi_core::link::LinkState::default().resolve(ds);
    let mut kept = GroupCounts::default();
    report_with(ds, &scope, &mut kept);
    scope.filter.districts = vec![ds.district_index("ST").unwrap_or(0)];
    bencher.bench_local(|| report_with(ds, &scope, &mut kept).current.tickets());
}

/// A filter change as a manager makes it: a quarter, two districts, complaints and repairs;
/// current and comparison KPIs plus the district and month breakdowns.
#[divan::bench(sample_count = 20)]
fn multi_filter_change() -> u64 {
    let ds = &loaded().dataset;
    let filter = Filter {
        districts: vec![
            ds.district_index("FC").unwrap_or(0),
            ds.district_index("JY").unwrap_or(1),
        ],
        kinds: vec![Kind::Complaint, Kind::Repair],
        ..Filter::default()
    };
    let period = Period::new(
        Date::new(2026, 7, 1).unwrap(),
        Date::new(2026, 9, 30).unwrap(),
    );
    let scope = Scope {
        period,
        filter,
        compare: Compare::Previous,
        unit: None,
    };
    report(ds, &scope).current.tickets()
}

/// The default view: the whole year, all districts, with every breakdown.
#[divan::bench(sample_count = 10)]
fn full_report() -> u64 {
    let ds = &loaded().dataset;
    report(ds, &Scope::default()).current.tickets()
}
