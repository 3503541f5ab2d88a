//! Golden SVGs of the complaints view's charts over the `small.json` fixture (see golden.rs),
//! and their empty states.

mod common;

use common::{check, setup};
use kpi_core::i18n::Lang;
use kpi_core::views::complaints as vm;

#[test]
fn complaints_charts() {
    let (loaded, r) = setup();
    let ds = &loaded.dataset;
    let pareto = vm::category_pareto(ds, r);
    let channels = vm::complaints_by_channel(ds, r);
    let repeats = vm::repeat_by_district(ds, r);
    use kpi_charts::complaints as c;
    check("complaints-pareto", &c::pareto(&pareto, Lang::Zh));
    check("complaints-pareto-en", &c::pareto(&pareto, Lang::En));
    check("complaints-channels", &c::channels(&channels, Lang::Zh));
    check(
        "complaints-repeat",
        &c::repeat_by_district(&repeats, Lang::Zh),
    );
    check(
        "complaints-repeat-en",
        &c::repeat_by_district(&repeats, Lang::En),
    );
}

#[test]
fn pareto_bars_carry_the_category_and_the_table_names_the_vital_few() {
    let (loaded, r) = setup();
    let p = vm::category_pareto(&loaded.dataset, r);
    let chart = kpi_charts::complaints::pareto(&p, Lang::Zh);
    let svg = chart.svg.unwrap();
    for b in &p.bars {
        assert!(
            svg.contains(&format!("data-category=\"{}\"", b.category)),
            "{}",
            b.category
        );
    }
    // small.json: 45 + 36 + 29 + 26 of 166 reach 81.9%, so four categories are the vital few.
    let vital: Vec<&str> = chart
        .table
        .rows
        .iter()
        .filter(|r| r[4].contains('是'))
        .map(|r| r[0].as_str())
        .collect();
    assert_eq!(vital, ["电费电价", "停电问题", "服务态度", "业扩报装"]);
}

#[test]
fn empty_views_render_the_empty_state() {
    setup();
    let pareto = vm::CategoryPareto {
        bars: vec![],
        total: 0,
    };
    assert!(kpi_charts::complaints::pareto(&pareto, Lang::Zh).is_empty());
    let channels = vm::ChannelCounts {
        bars: vec![],
        total: 0,
    };
    assert!(kpi_charts::complaints::channels(&channels, Lang::Zh).is_empty());
    let repeats = vm::RepeatShares {
        bars: vec![vm::RepeatBar {
            code: "A".into(),
            name: "甲区".into(),
            repeats: 0,
            with_customer: 0,
            pct: None,
        }],
        target: None,
    };
    let c = kpi_charts::complaints::repeat_by_district(&repeats, Lang::Zh);
    assert!(c.is_empty());
    assert_eq!(c.table.rows[0][3], "—", "undefined is a dash, never 0");
}
