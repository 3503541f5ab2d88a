//! Golden SVGs: each builder, fed the view-models of the shared `small.json` fixture, must
//! produce exactly the committed SVG. charts-rs is deterministic given the same font and version.
//! After an intended change, regenerate with `UPDATE_GOLDEN=1 cargo test -p kpi-charts`, and
//! look at the new files before committing them.

mod common;

use common::{check, setup};
use kpi_charts::font;
use kpi_core::i18n::Lang;

#[test]
fn overview_charts() {
    let (loaded, r) = setup();
    let ds = &loaded.dataset;
    use kpi_core::views::overview as vm;
    check(
        "overview-kind-trend",
        &kpi_charts::overview::kind_trend(&vm::kind_trend(r), Lang::Zh),
    );
    check(
        "overview-district-rates",
        &kpi_charts::overview::district_rates(&vm::district_rates(ds, r), Lang::Zh),
    );
    check(
        "overview-district-rates-en",
        &kpi_charts::overview::district_rates(&vm::district_rates(ds, r), Lang::En),
    );
}

#[test]
fn chinese_is_measured_with_the_cjk_font() {
    setup();
    let w = charts_rs::measure_text_width_family(font::FAMILY, 14.0, "北川羌族自治县")
        .unwrap()
        .width();
    assert!(w > 90.0, "CJK glyphs are full width: {w}");
}

#[test]
fn empty_views_render_the_empty_state() {
    setup();
    let trend = kpi_core::views::overview::KindTrend {
        months: vec![],
        counts: vec![vec![]; 6],
        previous: vec![],
    };
    let c = kpi_charts::overview::kind_trend(&trend, Lang::Zh);
    assert!(c.is_empty());
}
