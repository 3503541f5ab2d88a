//! The overview's charts.

use crate::font::{FADED, GREY, PALETTE, THEME};
use crate::panel::{cell, off_target_colors, point, target_status, Chart, Table};
use charts_rs::{
    AxisLabelOverflow, BarChart, MarkLine, MarkLineCategory, Position, Series, SeriesCategory,
};
use kpi_core::catalog::Better;
use kpi_core::catalog::Unit;
use kpi_core::domain::Kind;
use kpi_core::i18n::Lang;
use kpi_core::views::overview::{DistrictRates, KindTrend};

pub const WIDTH: f32 = 720.0;
pub const HEIGHT: f32 = 340.0;

/// Month labels: "2026-03" in both languages (unambiguous on a projector).
fn month_labels(trend: &KindTrend) -> Vec<String> {
    trend.months.iter().map(|m| m.to_string()).collect()
}

/// Stacked bars of tickets by kind per month, the comparison period's totals as a faded dashed
/// line over them.
pub fn kind_trend(vm: &KindTrend, lang: Lang) -> Chart {
    let title = lang
        .pick(
            "每月工单量（按类型，虚线为对比期合计）",
            "Tickets per month by kind (dashed: comparison period total)",
        )
        .to_string();
    let mut headers = vec![lang.pick("月份", "Month").to_string()];
    headers.extend(Kind::ALL.iter().map(|k| k.label(lang).to_string()));
    headers.push(lang.pick("对比期合计", "Comparison total").to_string());
    let rows = vm
        .months
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let mut row = vec![m.to_string()];
            row.extend(
                vm.counts
                    .iter()
                    .map(|c| c.get(i).copied().unwrap_or(0).to_string()),
            );
            row.push(
                vm.previous
                    .get(i)
                    .copied()
                    .flatten()
                    .map_or_else(|| "—".into(), |n| n.to_string()),
            );
            row
        })
        .collect();
    let table = Table { headers, rows };
    if vm.is_empty() {
        return Chart::empty(title, table);
    }
    let mut series: Vec<Series> = Kind::ALL
        .iter()
        .zip(&vm.counts)
        .map(|(k, counts)| {
            let mut s: Series = (
                k.label(lang),
                counts.iter().map(|&n| n as f32).collect::<Vec<f32>>(),
            )
                .into();
            s.stack = Some("kinds".into());
            s
        })
        .collect();
    // The overlay only when the comparison period has tickets: a line along zero says nothing.
    let has_previous = vm.previous.iter().any(|n| n.is_some_and(|n| n > 0));
    if has_previous {
        let mut previous: Series = (
            lang.pick("对比期合计", "Comparison total"),
            vm.previous
                .iter()
                .map(|n| n.map(|n| n as f32))
                .collect::<Vec<Option<f32>>>(),
        )
            .into();
        previous.category = Some(SeriesCategory::Line);
        previous.stroke_dash_array = Some("5,4".into());
        series.push(previous);
    }
    let mut c = BarChart::new_with_theme(series, month_labels(vm), THEME);
    // Six kinds in the palette's first six colours; the seventh series (the overlay) is faded.
    c.series.colors = PALETTE[..6].iter().map(|&c| c.into()).collect();
    c.series.colors.push(FADED.into());
    c.width = WIDTH;
    c.height = HEIGHT;
    c.title.text = title.clone();
    c.legend.position = Some(Position::Bottom);
    c.x_axis.label_overflow = AxisLabelOverflow::Thin;
    c.y_axis_configs[0].formatter = Some("{t}".into());
    Chart::rendered(title, c.svg(), table)
}

/// Complaints per 10 000 customers by district; bars over the target are drawn in red (and the
/// table says so in words), the target is a dashed mark line. Bars carry `data-category` = the
/// district name for click-to-filter.
pub fn district_rates(vm: &DistrictRates, lang: Lang) -> Chart {
    let title = lang
        .pick(
            "各区县万户投诉率（件/万户）",
            "Complaints per 10k customers by district",
        )
        .to_string();
    let table = Table {
        headers: vec![
            lang.pick("区县", "District").into(),
            lang.pick("万户投诉率", "Per 10k").into(),
            lang.pick("对照目标", "Against target").into(),
        ],
        rows: vm
            .bars
            .iter()
            .map(|b| {
                let status = target_status(b.value, vm.target, Better::Lower, lang);
                vec![b.name.clone(), cell(Unit::PerTenThousand, b.value), status]
            })
            .collect(),
    };
    if vm.bars.iter().all(|b| b.value.is_none()) {
        return Chart::empty(title, table);
    }
    let mut s: Series = (
        lang.pick("万户投诉率", "Per 10k"),
        vm.bars
            .iter()
            .map(|b| point(b.value))
            .collect::<Vec<Option<f32>>>(),
    )
        .into();
    s.label_show = true;
    s.colors = off_target_colors(vm.bars.iter().map(|b| b.value), vm.target, Better::Lower);
    if let Some(target) = vm.target {
        s.mark_lines = vec![MarkLine {
            category: MarkLineCategory::Value(target as f32),
            color: Some(GREY.into()),
            stroke_dash_array: Some("6,3".into()),
            ..Default::default()
        }];
    }
    let names = vm.bars.iter().map(|b| b.name.clone()).collect();
    let mut c = BarChart::new_with_theme(vec![s], names, THEME);
    c.width = WIDTH;
    c.height = HEIGHT;
    c.title.text = title.clone();
    if let Some(t) = vm.target {
        c.sub_title.text = format!("{} {t}", lang.pick("虚线：目标", "dashed: target"));
    }
    c.legend.show = Some(false);
    c.series.label.formatter = "{:.2}".into();
    c.x_axis.label_overflow = AxisLabelOverflow::Ellipsis;
    Chart::rendered(title, c.svg(), table)
}
