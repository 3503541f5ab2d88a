//! Golden SVGs of the timeliness view's charts, fed the whole-file report of `small.json`
//! (see `golden.rs` for how to regenerate and review them).

mod common;

use common::{check, setup};
use kpi_charts::timeliness as charts;
use kpi_core::i18n::Lang;
use kpi_core::views::timeliness as vm;

#[test]
fn histograms() {
    let (loaded, r) = setup();
    let ds = &loaded.dataset;
    let first = vm::first_response_histogram(ds, r);
    check(
        "timeliness-first-response",
        &charts::first_response_histogram(&first, Lang::Zh),
    );
    check(
        "timeliness-first-response-en",
        &charts::first_response_histogram(&first, Lang::En),
    );
    let arrival = vm::repair_arrival_histogram(ds, r);
    check(
        "timeliness-repair-arrival",
        &charts::repair_arrival_histogram(&arrival, Lang::Zh),
    );
    check(
        "timeliness-repair-arrival-en",
        &charts::repair_arrival_histogram(&arrival, Lang::En),
    );
}

#[test]
fn trends() {
    let (_, r) = setup();
    let trend = vm::duration_trend(r);
    check(
        "timeliness-response-trend",
        &charts::response_trend(&trend, Lang::Zh),
    );
    check(
        "timeliness-resolution-trend",
        &charts::resolution_trend(&trend, Lang::Zh),
    );
    check(
        "timeliness-response-trend-en",
        &charts::response_trend(&trend, Lang::En),
    );
}

#[test]
fn backlog() {
    let (loaded, r) = setup();
    let bars = vm::backlog_by_district(&loaded.dataset, r);
    check(
        "timeliness-backlog",
        &charts::backlog_by_district(&bars, Lang::Zh),
    );
    check(
        "timeliness-backlog-en",
        &charts::backlog_by_district(&bars, Lang::En),
    );
}

#[test]
fn limits_are_marked_on_their_bins() {
    let (loaded, r) = setup();
    let c = charts::first_response_histogram(
        &vm::first_response_histogram(&loaded.dataset, r),
        Lang::Zh,
    );
    let svg = c.svg.as_deref().unwrap();
    assert!(
        svg.contains("\n30–60◆\n") && svg.contains("\n480–1440◆\n"),
        "{svg}"
    );
    let limit_column: Vec<&str> = c.table.rows.iter().map(|r| r[5].as_str()).collect();
    assert_eq!(limit_column, ["", "", "咨询", "", "", "", "投诉", ""]);
}

#[test]
fn empty_views_render_the_empty_state() {
    setup();
    let histogram = vm::Histogram {
        edges: vec![15.0, 30.0],
        counts: [vec![0; 3], vec![0; 3], vec![0; 3]],
        limits: vec![],
    };
    let c = charts::first_response_histogram(&histogram, Lang::Zh);
    assert!(c.is_empty());
    assert_eq!(c.table.rows.len(), 3, "the table still lists every bin");
    assert!(charts::repair_arrival_histogram(&histogram, Lang::En).is_empty());

    let gaps = vm::Quantiles {
        median: vec![None; 2],
        p90: vec![None; 2],
    };
    let trend = vm::DurationTrend {
        months: vec![
            kpi_core::calendar::Month(2026 * 12),
            kpi_core::calendar::Month(2026 * 12 + 1),
        ],
        first_response: gaps.clone(),
        repair_arrival: gaps.clone(),
        resolution: gaps,
    };
    let c = charts::response_trend(&trend, Lang::Zh);
    assert!(c.is_empty());
    assert_eq!(c.table.rows[0][1], "—", "undefined is a dash, never 0");
    assert!(charts::resolution_trend(&trend, Lang::Zh).is_empty());

    let calm = vec![vm::BacklogBar {
        code: "TC".into(),
        name: "通川区".into(),
        backlog: 0,
        overdue: 0,
    }];
    assert!(charts::backlog_by_district(&calm, Lang::Zh).is_empty());
    assert!(charts::backlog_by_district(&[], Lang::Zh).is_empty());
}
