//! Reports that sum (district, month) groups (counts, and sorted durations and distributions
//! for percentiles and the period panels), with the sums kept between clicks as the engine
//! keeps them, equal reports computed afresh and reports counted ticket by ticket: for every kind of period (a month, a
//! quarter, the whole file with months cut at both ends, days across month ends), district and
//! dimension filters, and both comparisons, in the order a manager clicks through them.

mod support;

use kpi_core::dataset::Dataset;
use kpi_core::groups::GroupCounts;
use kpi_core::link::LinkState;
use kpi_core::load::load;
use kpi_core::report::{report, report_with};
use kpi_core::sample::{generate, SampleSpec};

/// Links in click order: district clicks (same dimensions: the kept counts are reused), then a
/// dimension filter (counted again), then back.
const LINKS: &[&str] = &[
    "",
    "district=TC",
    "district=TC,XH",
    "preset=all",
    "preset=all&district=TC",
    "preset=last-quarter&compare=yoy",
    "from=2026-08-15&to=2026-10-03",
    "from=2026-08-15&to=2026-10-03&district=TC",
    "kind=complaint",
    "kind=complaint&district=TC",
    "kind=complaint,repair&tier=A&preset=all",
    "category=1&channel=0",
    "district=XH",
    "",
];

/// Kept sums equal fresh ones, and both equal the report counted ticket by ticket.
fn same_as_fresh(ds: &Dataset) {
    let mut kept = GroupCounts::default();
    for &link in LINKS {
        let (state, _) = LinkState::parse(link);
        let (scope, _) = state.resolve(ds);
        let summed = report_with(ds, &scope, &mut kept);
        let fresh = report(ds, &scope);
        assert_eq!(summed, fresh, "{link}");
        let walked = report_with(ds, &scope, &mut GroupCounts::walk_only());
        assert_eq!(summed, walked, "{link}: sums against tickets");
    }
}

#[test]
fn kept_group_counts_give_the_fresh_report_on_the_fixtures() {
    for name in ["small.json", "dirty.json"] {
        same_as_fresh(&load(&support::read(name)).expect("loads").dataset);
    }
}

#[test]
fn kept_group_counts_give_the_fresh_report_over_two_years() {
    let json = generate(SampleSpec {
        tickets: 30_000,
        seed: 7,
        months: 24,
    });
    same_as_fresh(&support::clean_bytes(json.as_bytes()));
}
