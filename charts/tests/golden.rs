//! Golden SVGs: every panel of the registry, drawn from the shared `small.json` fixture, must
//! produce exactly the committed SVG. charts-rs is deterministic given the same font and version.
//! After an intended change, regenerate with `UPDATE_GOLDEN=1 cargo test -p kpi-charts`, and
//! look at the new files before committing them.

mod common;

use common::{check, setup};
use kpi_charts::{font, render, Style};
use kpi_core::i18n::Lang;
use kpi_core::link::View;
use kpi_core::panels::{model, Model, Options, Panel, Shape};
use kpi_core::report::Report;
use kpi_core::theme::Theme;

fn draw(panel: Panel, r: &Report, style: &Style) -> kpi_charts::Chart {
    let ds = &setup().ds;
    let options = Options {
        heat: kpi_core::link::DEFAULT_HEAT,
    };
    render(&model(panel, &ds.info, r, options), style)
}

/// Every chart panel of every page, in Chinese, on the first screen (a month).
#[test]
fn every_chart_panel_on_the_first_screen() {
    let data = setup();
    let style = Style::panel(Lang::Zh, Theme::Light);
    for view in View::ALL {
        for &panel in view.panels() {
            if panel.shape() == Shape::Chart {
                check(panel.code(), &draw(panel, &data.month, &style));
            }
        }
    }
}

/// The whole year, in English; a selection with 同比; the dark projector theme; a slide.
#[test]
fn variants() {
    let data = setup();
    let en = Style::panel(Lang::En, Theme::Light);
    for panel in [
        Panel::KindTrend,
        Panel::DistrictRates,
        Panel::Heatmap,
        Panel::Pareto,
    ] {
        check(
            &format!("{}-all-en", panel.code()),
            &draw(panel, &data.all, &en),
        );
    }
    let zh = Style::panel(Lang::Zh, Theme::Light);
    for panel in [
        Panel::KindTrend,
        Panel::DistrictRates,
        Panel::Heatmap,
        Panel::SatisfactionDistricts,
    ] {
        check(
            &format!("{}-selected", panel.code()),
            &draw(panel, &data.selected, &zh),
        );
    }
    let dark = Style::panel(Lang::Zh, Theme::Dark);
    for panel in [Panel::DistrictRates, Panel::Heatmap, Panel::ResponseTrend] {
        check(
            &format!("{}-dark", panel.code()),
            &draw(panel, &data.month, &dark),
        );
    }
    // The charts of the default deck, drawn at slide size in the projector theme.
    let slide = Style::slide(Lang::Zh, Theme::Dark);
    for panel in [
        Panel::DistrictRates,
        Panel::Pareto,
        Panel::Commitments,
        Panel::SatisfactionTrend,
        Panel::WorstDistricts,
    ] {
        check(
            &format!("{}-slide", panel.code()),
            &draw(panel, &data.month, &slide),
        );
    }
}

#[test]
fn tables_have_every_row() {
    let data = setup();
    let style = Style::panel(Lang::Zh, Theme::Light);
    let league = draw(Panel::League, &data.month, &style);
    assert_eq!(league.table.rows.len(), data.ds.districts.len());
    assert!(league.svg.is_none());
}

#[test]
fn chinese_is_measured_with_the_cjk_font() {
    setup();
    let w = charts_rs::measure_text_width_family(font::FAMILY, 14.0, "北川羌族自治县")
        .unwrap()
        .width();
    assert!(w > 90.0, "CJK glyphs are full width: {w}");
}

/// A bar's label, the table and the legend agree on each district's status.
#[test]
fn bars_say_their_status_in_shape_and_word() {
    let data = setup();
    let ds = &data.ds;
    let style = Style::panel(Lang::Zh, Theme::Light);
    let Model::Bars(vm) = model(
        Panel::DistrictRates,
        &ds.info,
        &data.month,
        Options {
            heat: kpi_core::link::DEFAULT_HEAT,
        },
    ) else {
        panic!("bars")
    };
    let chart = render(&Model::Bars(vm.clone()), &style);
    let svg = chart.svg.unwrap();
    for (bar, row) in vm.bars.iter().zip(&chart.table.rows) {
        if let (Some(status), Some(_)) = (bar.status, bar.value) {
            assert_eq!(row[2], status.label(Lang::Zh));
            let label = format!(
                "{} {}",
                status.mark(),
                kpi_core::display::number(kpi_core::catalog::Unit::PerTenThousand, bar.value)
            );
            assert!(svg.contains(&format!(">{label}</text>")), "{label}");
        }
    }
}

#[test]
fn empty_views_render_the_empty_state() {
    setup();
    let empty = Report::default();
    let ds = &setup().ds;
    let style = Style::panel(Lang::Zh, Theme::Light);
    // A rate over known customers is a real 0 even without tickets: those bars stay.
    for panel in Panel::ALL {
        if panel.shape() == Shape::Chart
            && !matches!(panel, Panel::DistrictRates | Panel::Scorecards)
        {
            let m = model(
                panel,
                &ds.info,
                &empty,
                Options {
                    heat: kpi_core::link::DEFAULT_HEAT,
                },
            );
            let c = render(&m, &style);
            assert!(c.is_empty(), "{panel:?}");
        }
    }
}

/// The data-quality page's charts, over the whole file.
#[test]
fn quality_charts() {
    let ds = &setup().ds;
    let coverage = kpi_core::views::quality::field_coverage(ds);
    let anomalies = kpi_core::views::quality::anomalies(ds);
    for lang in [Lang::Zh, Lang::En] {
        let style = Style::panel(lang, Theme::Light);
        let suffix = if lang == Lang::En { "-en" } else { "" };
        check(
            &format!("field-coverage{suffix}"),
            &kpi_charts::quality::field_coverage(&coverage, &style),
        );
        check(
            &format!("anomalies{suffix}"),
            &kpi_charts::quality::anomalies(&anomalies, &style),
        );
    }
}
