//! A cube (docs/cube-format.md, built by `cube/cube.sql` on DuckDB; `cube/test_cube.py` checks
//! that the files here are what the SQL builds today) gives the same report as the raw export:
//! counts, rates and means exactly, medians and p90 within 1 %, for whole-month periods under
//! every kind of filter and both comparisons.

mod support;

use flate2::read::GzDecoder;
use kpi_core::calendar::Month;
use kpi_core::catalog::{Duration, Metric};
use kpi_core::comparison::Compare;
use kpi_core::dataset::Dataset;
use kpi_core::dictionary::Dictionary;
use kpi_core::domain::{Kind, Tier};
use kpi_core::filter::Filter;
use kpi_core::kpi::Kpis;
use kpi_core::load::load;
use kpi_core::period::Period;
use kpi_core::report::{report, Report, Scope};
use std::io::Read;
use std::path::PathBuf;
use support::close;

fn data(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/cubes")
        .join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    gunzip(bytes)
}

fn gunzip(bytes: Vec<u8>) -> Vec<u8> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return bytes;
    }
    let mut out = Vec::new();
    GzDecoder::new(&bytes[..]).read_to_end(&mut out).unwrap();
    out
}

/// The raw export and its cube.
fn pair(raw: Vec<u8>, cube: &str) -> (Dataset, Dataset) {
    let raw = load(&raw).expect("raw export loads").dataset;
    let cube = load(&data(cube)).expect("cube loads").dataset;
    assert!(cube.is_cube() && !raw.is_cube());
    assert_eq!(cube.meta.ticket_months, raw.meta.ticket_months);
    (raw, cube)
}

/// Percentiles within 1 % (cube-format.md's bound); everything else exact.
fn same_kpis(what: &str, raw: &Kpis, cube: &Kpis, errors: &mut Vec<String>) {
    if raw.counts != cube.counts {
        errors.push(format!(
            "{what}: counts {:?} ≠ {:?}",
            raw.counts, cube.counts
        ));
    }
    if raw.pareto != cube.pareto || raw.vital_few != cube.vital_few {
        errors.push(format!("{what}: pareto differs"));
    }
    for m in Metric::ALL {
        let (a, b) = (m.value(raw), m.value(cube));
        let ok = match (a, b) {
            (None, None) => true,
            (Some(a), Some(b)) if m.stat().is_some() && !m.additive() => {
                let percentile = !matches!(m.stat(), Some(kpi_core::catalog::Stat::Mean));
                if percentile {
                    (a - b).abs() <= 0.01 * a.abs().max(b.abs())
                } else {
                    close(a, b)
                }
            }
            (Some(a), Some(b)) => close(a, b),
            _ => false,
        };
        if !ok {
            errors.push(format!("{what}.{}: raw {a:?}, cube {b:?}", m.key()));
        }
    }
    for d in Duration::ALL {
        if d.summary(raw).n != d.summary(cube).n {
            errors.push(format!("{what}.{} n differs", d.name()));
        }
    }
}

fn same_reports(what: &str, raw: &Report, cube: &Report, errors: &mut Vec<String>) {
    assert_eq!(raw.period, cube.period, "{what}");
    same_kpis(
        &format!("{what} current"),
        &raw.current,
        &cube.current,
        errors,
    );
    same_kpis(
        &format!("{what} previous"),
        &raw.previous,
        &cube.previous,
        errors,
    );
    same_kpis(
        &format!("{what} year before"),
        &raw.year_before,
        &cube.year_before,
        errors,
    );
    if raw.districts != cube.districts {
        errors.push(format!("{what}: district figures differ"));
    }
    if raw.district_months != cube.district_months {
        errors.push(format!("{what}: district months differ"));
    }
    let (r, c) = (&raw.trend, &cube.trend);
    for (series, a, b) in [
        ("trend", &r.current, &c.current),
        ("comparison", &r.comparison, &c.comparison),
    ] {
        for (i, (a, b)) in a.iter().zip(b).enumerate() {
            same_kpis(&format!("{what} {series} {i}"), a, b, errors);
        }
    }
    if raw.channels != cube.channels {
        errors.push(format!(
            "{what}: channels {:?} ≠ {:?}",
            raw.channels, cube.channels
        ));
    }
    if raw.kind_scores != cube.kind_scores {
        errors.push(format!("{what}: scores by kind differ"));
    }
    if raw.overdue.total != cube.overdue.total {
        errors.push(format!("{what}: overdue total differs"));
    }
    if raw.key_complaints.total != cube.key_complaints.total {
        errors.push(format!("{what}: key complaints total differs"));
    }
    // Histogram bins from bucket representatives: the same tickets in all, nearly the same bins.
    for (a, b) in [
        (&raw.first_response, &cube.first_response),
        (&raw.repair_arrival, &cube.repair_arrival),
    ] {
        let total = |h: &kpi_core::views::timeliness::Histogram| -> u64 {
            (0..h.bins()).map(|i| h.total(i)).sum()
        };
        if total(a) != total(b) {
            errors.push(format!("{what}: histogram totals differ"));
        }
    }
}

/// Every whole month of the file, a quarter and a year, under filters of each dimension.
fn scopes(ds: &Dataset) -> Vec<(String, Scope)> {
    let mut periods: Vec<(String, Option<Period>)> = ds
        .meta
        .ticket_months
        .iter()
        .map(|m: &Month| (m.to_string(), Some(Period::months_from(*m, *m))))
        .collect();
    if let (Some(first), Some(last)) = (ds.meta.ticket_months.first(), ds.meta.ticket_months.last())
    {
        periods.push((
            "all months".into(),
            Some(Period::months_from(*first, *last)),
        ));
    }
    let filters = [
        ("all", Filter::default()),
        (
            "complaints and repairs",
            Filter {
                kinds: vec![Kind::Complaint, Kind::Repair],
                ..Filter::default()
            },
        ),
        (
            "first district",
            Filter {
                districts: vec![0],
                ..Filter::default()
            },
        ),
        (
            "category 0, channel 0",
            Filter {
                categories: vec![0],
                channels: vec![0],
                ..Filter::default()
            },
        ),
        (
            "tier A",
            Filter {
                tiers: vec![Tier::A],
                ..Filter::default()
            },
        ),
    ];
    let mut out = Vec::new();
    for (label, period) in &periods {
        for (f, filter) in &filters {
            for compare in [Compare::Previous, Compare::YearBefore] {
                out.push((
                    format!("{label} / {f} / {compare:?}"),
                    Scope {
                        period: *period,
                        filter: filter.clone(),
                        compare,
                        unit: None,
                    },
                ));
            }
        }
    }
    out
}

/// Category and channel codes are interned in each file's own order: filters name them by label.
fn translate(scope: &Scope, from: &Dataset, to: &Dataset) -> Scope {
    let recode = |codes: &[u32], a: &Dictionary, b: &Dictionary| -> Vec<u32> {
        codes.iter().filter_map(|&c| b.code(a.get(c))).collect()
    };
    let mut s = scope.clone();
    s.filter.categories = recode(&scope.filter.categories, &from.categories, &to.categories);
    s.filter.channels = recode(&scope.filter.channels, &from.channels, &to.channels);
    s
}

fn check(raw: &Dataset, cube: &Dataset) {
    let mut errors = Vec::new();
    let scopes = scopes(raw);
    for (what, scope) in &scopes {
        let r = report(raw, scope);
        let c = report(cube, &translate(scope, raw, cube));
        // Codes may differ between the two files: compare by label where they appear.
        let relabel = |rep: &Report, ds: &Dataset| -> Report {
            let mut rep = rep.clone();
            for k in [&mut rep.current, &mut rep.previous, &mut rep.year_before] {
                for row in &mut k.pareto {
                    row.category = raw
                        .categories
                        .code(ds.categories.get(row.category))
                        .unwrap_or(u32::MAX);
                }
            }
            for (c, _) in &mut rep.channels {
                *c = raw.channels.code(ds.channels.get(*c)).unwrap_or(u32::MAX);
            }
            rep.channels.sort();
            rep
        };
        let mut r = r;
        r.channels.sort();
        same_reports(what, &r, &relabel(&c, cube), &mut errors);
    }
    assert!(
        errors.is_empty(),
        "{} differences over {} views:\n{}",
        errors.len(),
        scopes.len(),
        errors.join("\n")
    );
}

#[test]
fn the_small_fixture_and_its_cube_agree() {
    let (raw, cube) = pair(support::read("small.json"), "small.cube.json");
    check(&raw, &cube);
}

#[test]
fn the_dirty_fixture_and_its_cube_agree() {
    let (raw, cube) = pair(support::read("dirty.json"), "dirty.cube.json");
    check(&raw, &cube);
}

#[test]
fn the_embedded_sample_and_its_cube_agree() {
    let sample =
        std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../public/sample.json.gz"))
            .expect("the embedded sample");
    let (raw, cube) = pair(gunzip(sample), "sample.cube.json.gz");
    check(&raw, &cube);
}
