//! Golden SVGs of the satisfaction view's charts over the `small.json` fixture (see golden.rs),
//! and their empty states.

mod common;

use common::{check, setup};
use kpi_core::i18n::Lang;
use kpi_core::views::satisfaction as vm;

#[test]
fn satisfaction_charts() {
    let (loaded, r) = setup();
    let ds = &loaded.dataset;
    use kpi_charts::satisfaction as c;
    let dist = vm::score_distribution(ds, r);
    let trend = vm::score_trend(ds, r);
    let districts = vm::by_district(ds, r);
    let kinds = vm::by_kind(ds, r);
    let bands = vm::by_resolution_time(ds, r);
    check(
        "satisfaction-distribution",
        &c::score_distribution(&dist, Lang::Zh),
    );
    check("satisfaction-trend", &c::trend(&trend, Lang::Zh));
    check("satisfaction-trend-en", &c::trend(&trend, Lang::En));
    check(
        "satisfaction-districts",
        &c::by_district(&districts, Lang::Zh),
    );
    check("satisfaction-kinds", &c::by_kind(&kinds, Lang::Zh));
    check("satisfaction-kinds-en", &c::by_kind(&kinds, Lang::En));
    check("satisfaction-coverage", &c::coverage(&districts, Lang::Zh));
    check(
        "satisfaction-resolution",
        &c::by_resolution_time(&bands, Lang::Zh),
    );
    check(
        "satisfaction-resolution-en",
        &c::by_resolution_time(&bands, Lang::En),
    );
}

#[test]
fn figures_agree_with_the_whole_view() {
    let (loaded, r) = setup();
    let ds = &loaded.dataset;
    // small.all.expected.json: satisfaction_mean 4.3478…, csat 83.79…% over 253 scores.
    let dist = vm::score_distribution(ds, r);
    assert_eq!(dist.total(), r.current.scored);
    let mean =
        (1..=5u64).zip(dist.counts).map(|(s, n)| s * n).sum::<u64>() as f64 / dist.total() as f64;
    assert!((mean - 4.3478260869565215).abs() < 1e-9);
    let bands = vm::by_resolution_time(ds, r);
    let scored: u64 = bands.bands.iter().map(|(_, s)| s.scored).sum();
    assert!(scored <= r.current.scored);
}

#[test]
fn empty_views_render_the_empty_state() {
    setup();
    use kpi_charts::satisfaction as c;
    let dist = vm::ScoreDistribution::default();
    assert!(c::score_distribution(&dist, Lang::Zh).is_empty());
    let trend = vm::ScoreTrend {
        months: vec![],
        mean_target: Some(4.5),
        csat_target: None,
    };
    assert!(c::trend(&trend, Lang::Zh).is_empty());
    let districts = vm::ScoresByDistrict {
        rows: vec![vm::DistrictScores {
            code: "A".into(),
            name: "甲区".into(),
            scores: vm::ScoreTally::default(),
            resolved: 0,
        }],
        mean_target: Some(4.5),
    };
    let d = c::by_district(&districts, Lang::Zh);
    assert!(d.is_empty());
    assert_eq!(d.table.rows[0][2], "—", "undefined is a dash, never 0");
    assert!(c::coverage(&districts, Lang::Zh).is_empty());
    let kinds = vm::ScoresByKind { rows: vec![] };
    assert!(c::by_kind(&kinds, Lang::Zh).is_empty());
    let bands = vm::ScoresByResolution {
        bands: vm::ResolutionBand::ALL
            .into_iter()
            .map(|b| (b, vm::ScoreTally::default()))
            .collect(),
    };
    let b = c::by_resolution_time(&bands, Lang::Zh);
    assert!(b.is_empty());
    assert_eq!(b.table.rows.len(), 5);
}
