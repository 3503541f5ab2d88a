//! The shared fixtures' expected figures (computed by two independent implementations), checked
//! to a relative tolerance of 1e-9.

mod support;

use kpi_core::calendar::Date;
use kpi_core::catalog::{Duration, Metric, Stat};
use kpi_core::comparison::Compare;
use kpi_core::domain::Kind;
use kpi_core::filter::Filter;
use kpi_core::kpi::Kpis;
use kpi_core::link::LinkState;
use kpi_core::load::{load, Loaded};
use kpi_core::period::Period;
use kpi_core::report::{report, Scope};
use serde_json::Value;
use support::{close, read};

fn check_number(what: &str, actual: Option<f64>, expected: &Value, errors: &mut Vec<String>) {
    let ok = match (actual, expected.as_f64()) {
        (None, None) => expected.is_null(),
        (Some(a), Some(e)) => close(a, e),
        _ => false,
    };
    if !ok {
        errors.push(format!("{what}: got {actual:?}, expected {expected}"));
    }
}

/// Compares every figure of one period against the expected JSON object.
fn check_period(label: &str, loaded: &Loaded, k: &Kpis, exp: &Value, errors: &mut Vec<String>) {
    let ds = &loaded.dataset;
    let field = |name: &str| &exp[name];
    for m in Metric::ALL {
        let expected = match m.stat() {
            Some(s) => &exp[m.name()][s.name()],
            None => field(m.name()),
        };
        check_number(
            &format!("{label}.{}", m.key()),
            m.value(k),
            expected,
            errors,
        );
    }
    for d in Duration::ALL {
        let n = d.summary(k).n as f64;
        check_number(
            &format!("{label}.{}.n (counts)", d.name()),
            Some(k.counts.durations[d.index()].n as f64),
            &exp[d.name()]["n"],
            errors,
        );
        check_number(
            &format!("{label}.{}.n", d.name()),
            Some(n),
            &exp[d.name()]["n"],
            errors,
        );
    }
    for kind in Kind::ALL {
        check_number(
            &format!("{label}.by_kind.{}", kind.code()),
            Some(k.count(kind) as f64),
            &exp["by_kind"][kind.code()],
            errors,
        );
    }
    let pareto: Vec<(String, u64, f64)> = k
        .pareto
        .iter()
        .map(|r| {
            (
                ds.categories.get(r.category).to_string(),
                r.count,
                r.cum_pct,
            )
        })
        .collect();
    let expected_pareto: Vec<(String, u64, f64)> = exp["pareto"]
        .as_array()
        .expect("pareto array")
        .iter()
        .map(|r| {
            (
                r["category"].as_str().unwrap().to_string(),
                r["count"].as_u64().unwrap(),
                r["cum_pct"].as_f64().unwrap(),
            )
        })
        .collect();
    let same = pareto.len() == expected_pareto.len()
        && pareto
            .iter()
            .zip(&expected_pareto)
            .all(|(a, e)| a.0 == e.0 && a.1 == e.1 && close(a.2, e.2));
    if !same {
        errors.push(format!(
            "{label}.pareto: got {pareto:?}, expected {expected_pareto:?}"
        ));
    }
    check_number(
        &format!("{label}.vital_few"),
        k.vital_few.map(|v| v as f64),
        &exp["vital_few"],
        errors,
    );
}

fn codes(list: &Value) -> String {
    let codes: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    codes.join(",")
}

fn check_expected(data: &str, expected: &str) {
    let loaded = load(&read(data)).expect("fixture loads");
    let exp: Value = serde_json::from_slice(&read(expected)).unwrap();
    let ds = &loaded.dataset;
    let view = &exp["view"];
    let date = |k: &str| Date::parse(view[k].as_str().unwrap()).unwrap();
    let period = Period::new(date("from"), date("to")).unwrap();
    let filter = Filter {
        districts: view["districts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| ds.district_index(c.as_str().unwrap()).expect("district"))
            .collect(),
        kinds: view["kinds"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| Kind::parse(c.as_str().unwrap()).expect("kind"))
            .collect(),
        ..Filter::default()
    };
    // The same view written as a link resolves to the same period and filter.
    let query = format!(
        "from={}&to={}&district={}&kind={}",
        view["from"].as_str().unwrap(),
        view["to"].as_str().unwrap(),
        codes(&view["districts"]),
        codes(&view["kinds"]),
    );
    let (state, notices) = LinkState::parse(&query);
    assert!(notices.is_empty(), "{notices:?}");
    let (scope, notices) = state.resolve(ds);
    assert!(notices.is_empty(), "{notices:?}");
    let expected_scope = Scope {
        period: Some(period),
        filter,
        compare: Compare::Previous,
        unit: None,
    };
    assert_eq!(scope, expected_scope, "{query}");
    let r = report(ds, &scope);
    let mut errors = Vec::new();
    check_period("current", &loaded, &r.current, &exp["current"], &mut errors);
    check_period(
        "previous",
        &loaded,
        &r.previous,
        &exp["previous"],
        &mut errors,
    );
    assert_eq!(
        ds.len() as u64,
        exp["accepted"].as_u64().unwrap(),
        "accepted"
    );
    assert_eq!(
        loaded.rejected,
        exp["rejected"].as_u64().unwrap(),
        "rejected: {:#?}",
        loaded.problems
    );
    assert_eq!(loaded.problems.len() as u64, loaded.rejected);
    assert!(errors.is_empty(), "{expected}:\n{}", errors.join("\n"));
}

#[test]
fn small_all() {
    check_expected("small.json", "small.all.expected.json");
}

#[test]
fn small_q3_two_districts() {
    check_expected("small.json", "small.q3-TC-XH.expected.json");
}

#[test]
fn small_january_complaints_and_repairs() {
    check_expected("small.json", "small.2026-01-complaint-repair.expected.json");
}

#[test]
fn dirty_all() {
    check_expected("dirty.json", "dirty.all.expected.json");
}

#[test]
fn preset_all_is_the_whole_file() {
    let loaded = load(&read("small.json")).unwrap();
    let exp: Value = serde_json::from_slice(&read("small.all.expected.json")).unwrap();
    let (scope, _) = LinkState::parse("preset=all").0.resolve(&loaded.dataset);
    let r = report(&loaded.dataset, &scope);
    let p = r.period.unwrap();
    assert_eq!(
        p.from.date().to_string(),
        exp["view"]["from"].as_str().unwrap()
    );
    assert_eq!(p.to.date().to_string(), exp["view"]["to"].as_str().unwrap());
    assert_eq!(r.current.tickets(), 2000);
    let median = Metric::Duration(Duration::FirstResponse, Stat::Median);
    assert!(close(median.value(&r.current).unwrap(), 19.416666666666668));
}

/// A link without a period opens on the latest complete month (October for an export taken on
/// 1 November), compared with September and with October a year earlier.
#[test]
fn the_default_period_is_the_latest_complete_month() {
    let loaded = load(&read("small.json")).unwrap();
    let ds = &loaded.dataset;
    let (scope, notices) = LinkState::parse("").0.resolve(ds);
    assert!(notices.is_empty());
    let r = report(ds, &scope);
    let text = |p: Option<Period>| p.map(|p| format!("{}..{}", p.from.date(), p.to.date()));
    assert_eq!(text(r.period).as_deref(), Some("2026-10-01..2026-10-31"));
    assert_eq!(
        text(r.previous_period).as_deref(),
        Some("2026-09-01..2026-09-30")
    );
    assert_eq!(
        text(r.year_before_period).as_deref(),
        Some("2025-10-01..2025-10-31")
    );
    // The same figures as the explicit link.
    let (explicit, _) = LinkState::parse("from=2026-10-01&to=2026-10-31")
        .0
        .resolve(ds);
    assert_eq!(report(ds, &explicit), r);
    // The trend ends with October and compares each month with the month before.
    let months: Vec<String> = r.trend.months.iter().map(|m| m.to_string()).collect();
    assert_eq!(months.first().map(String::as_str), Some("2025-11"));
    assert_eq!(months.last().map(String::as_str), Some("2026-10"));
    assert_eq!(r.trend.selected.iter().filter(|&&s| s).count(), 1);
    assert_eq!(r.trend.comparison_months[11].to_string(), "2026-09");
    assert_eq!(r.trend.comparison[11].tickets(), r.previous.tickets());
    assert_eq!(r.trend.current[11].tickets(), r.current.tickets());
}
