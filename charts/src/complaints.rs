//! The complaints view's charts: the category Pareto, complaints by channel, and the
//! repeat-complaint share by district. Bars carry `data-category` (the category, channel or
//! district label) for click-to-filter.

use crate::font::{AMBER, BLUE, GREY, RED, THEME};
use crate::panel::{
    cell, off_target_colors, point, target_status, value_axis, Chart, Table, LABEL_ROOM,
};
use charts_rs::{
    AxisLabelOverflow, BarChart, MarkLine, MarkLineCategory, Position, Series, SeriesCategory,
    YAxisConfig,
};
use kpi_core::catalog::Better;
use kpi_core::catalog::Unit;
use kpi_core::i18n::Lang;
use kpi_core::stats::pct;
use kpi_core::views::complaints::{CategoryPareto, ChannelCounts, RepeatShares};

pub const WIDTH: f32 = 720.0;
pub const HEIGHT: f32 = 360.0;

/// A mark line in a colour of its own (the series colour would hide it on a bar).
fn mark_line(value: f64, color: &str) -> MarkLine {
    MarkLine {
        category: MarkLineCategory::Value(value as f32),
        color: Some(color.into()),
        stroke_dash_array: Some("6,3".into()),
        ..Default::default()
    }
}

/// Count bars for a category axis: one series, no legend, counts on the bars, long labels cut
/// with "…" (the table has them whole).
fn count_bars(series: Series, labels: Vec<String>, title: &str) -> BarChart {
    let mut c = BarChart::new_with_theme(vec![series], labels, THEME);
    c.width = WIDTH;
    c.height = HEIGHT;
    c.title.text = title.to_string();
    c.x_axis.label_overflow = AxisLabelOverflow::Ellipsis;
    c.y_axis_configs[0].formatter = Some("{t}".into());
    c
}

/// Complaints by category, most frequent first, with the cumulative share as a line on a
/// 0–100% right axis and the 80% line. The vital few (the shortest prefix reaching 80%) are
/// drawn in blue, the rest in grey; the sub-title and the table say so in words.
pub fn pareto(vm: &CategoryPareto, lang: Lang) -> Chart {
    let title = lang
        .pick(
            "投诉业务类别帕累托图（件，累计占比 %）",
            "Complaints by category: Pareto (count, cumulative %)",
        )
        .to_string();
    let table = Table {
        headers: vec![
            lang.pick("业务类别", "Category").into(),
            lang.pick("投诉件数", "Complaints").into(),
            lang.pick("占比 %", "Share %").into(),
            lang.pick("累计占比 %", "Cumulative %").into(),
            lang.pick("关键少数", "Vital few").into(),
        ],
        rows: vm
            .bars
            .iter()
            .map(|b| {
                vec![
                    b.category.clone(),
                    cell(Unit::Count, Some(b.count as f64)),
                    cell(Unit::Percent, pct(b.count, vm.total)),
                    cell(Unit::Percent, Some(b.cum_pct)),
                    if b.vital {
                        lang.pick("★ 是", "★ yes")
                    } else {
                        lang.pick("否", "no")
                    }
                    .into(),
                ]
            })
            .collect(),
    };
    if vm.total == 0 {
        return Chart::empty(title, table);
    }
    let mut bars: Series = (
        lang.pick("投诉件数", "Complaints"),
        vm.bars.iter().map(|b| b.count as f32).collect::<Vec<f32>>(),
    )
        .into();
    bars.label_show = true;
    bars.colors = Some(
        vm.bars
            .iter()
            .map(|b| Some(if b.vital { BLUE } else { GREY }.into()))
            .collect(),
    );
    let mut line: Series = (
        lang.pick("累计占比", "Cumulative share"),
        vm.bars
            .iter()
            .map(|b| point(Some(b.cum_pct)))
            .collect::<Vec<Option<f32>>>(),
    )
        .into();
    line.category = Some(SeriesCategory::Line);
    line.y_axis_index = 1;
    line.index = Some(1);
    line.mark_lines = vec![mark_line(80.0, RED)];
    let labels = vm.bars.iter().map(|b| b.category.clone()).collect();
    let mut c = count_bars(bars, labels, &title);
    c.series_list.push(line);
    c.sub_title.text = lang
        .pick(
            "蓝色柱为关键少数（累计占比达 80%）；虚线：80%",
            "Blue bars: the vital few (cumulative share reaches 80%); dashed: 80%",
        )
        .into();
    c.legend.position = Some(Position::Bottom);
    c.series.label.formatter = "{t}".into();
    // Room for the 80% line (on the right axis) to pass above every bar and its label.
    let top = vm.bars.iter().map(|b| b.count).max().unwrap_or(0);
    value_axis(&mut c.y_axis_configs[0], top as f64, 1.4, true);
    c.y_axis_configs.push(YAxisConfig {
        formatter: Some("{c}%".into()),
        min: Some(0.0),
        max: Some(100.0),
        split_number: 5,
        ..c.y_axis_configs[0].clone()
    });
    Chart::rendered(title, c.svg(), table)
}

/// Complaints per channel, most first.
pub fn channels(vm: &ChannelCounts, lang: Lang) -> Chart {
    let title = lang
        .pick("各受理渠道投诉量（件）", "Complaints by channel")
        .to_string();
    let table = Table {
        headers: vec![
            lang.pick("受理渠道", "Channel").into(),
            lang.pick("投诉件数", "Complaints").into(),
            lang.pick("占比 %", "Share %").into(),
        ],
        rows: vm
            .bars
            .iter()
            .map(|b| {
                vec![
                    b.label.clone(),
                    cell(Unit::Count, Some(b.count as f64)),
                    cell(Unit::Percent, pct(b.count, vm.total)),
                ]
            })
            .collect(),
    };
    if vm.total == 0 {
        return Chart::empty(title, table);
    }
    let mut s: Series = (
        lang.pick("投诉件数", "Complaints"),
        vm.bars.iter().map(|b| b.count as f32).collect::<Vec<f32>>(),
    )
        .into();
    s.label_show = true;
    let labels = vm.bars.iter().map(|b| b.label.clone()).collect();
    let mut c = count_bars(s, labels, &title);
    c.legend.show = Some(false);
    c.series.label.formatter = "{t}".into();
    let top = vm.bars.iter().map(|b| b.count).max().unwrap_or(0);
    value_axis(&mut c.y_axis_configs[0], top as f64, LABEL_ROOM, true);
    Chart::rendered(title, c.svg(), table)
}

/// Repeat-complaint share per district; bars above the goal (when the export sets one) in red,
/// and the table says so in words. Undefined shares (no complaint with a customer id) are gaps.
pub fn repeat_by_district(vm: &RepeatShares, lang: Lang) -> Chart {
    let title = lang
        .pick(
            "各区县重复投诉率（%，30 天内同一客户再次投诉）",
            "Repeat complaints by district (%, same customer within 30 days)",
        )
        .to_string();
    let table = Table {
        headers: vec![
            lang.pick("区县", "District").into(),
            lang.pick("重复投诉", "Repeats").into(),
            lang.pick("有客户编号的投诉", "Complaints with customer id")
                .into(),
            lang.pick("重复投诉率 %", "Repeat %").into(),
            lang.pick("对照目标", "Against target").into(),
        ],
        rows: vm
            .bars
            .iter()
            .map(|b| {
                let status = target_status(b.pct, vm.target, Better::Lower, lang);
                vec![
                    b.name.clone(),
                    cell(Unit::Count, Some(b.repeats as f64)),
                    cell(Unit::Count, Some(b.with_customer as f64)),
                    cell(Unit::Percent, b.pct),
                    status,
                ]
            })
            .collect(),
    };
    if vm.bars.iter().all(|b| b.pct.is_none()) {
        return Chart::empty(title, table);
    }
    let mut s: Series = (
        lang.pick("重复投诉率", "Repeat %"),
        vm.bars
            .iter()
            .map(|b| point(b.pct))
            .collect::<Vec<Option<f32>>>(),
    )
        .into();
    s.label_show = true;
    s.colors = off_target_colors(vm.bars.iter().map(|b| b.pct), vm.target, Better::Lower);
    if let Some(t) = vm.target {
        s.mark_lines = vec![mark_line(t, AMBER)];
    }
    let names = vm.bars.iter().map(|b| b.name.clone()).collect();
    let mut c = count_bars(s, names, &title);
    c.legend.show = Some(false);
    if let Some(t) = vm.target {
        c.sub_title.text = format!("{} {t}%", lang.pick("虚线：目标", "dashed: target"));
    }
    c.series.label.formatter = "{:.1}".into();
    c.y_axis_configs[0].formatter = Some("{c}%".into());
    let top = vm
        .bars
        .iter()
        .filter_map(|b| b.pct)
        .chain(vm.target)
        .fold(0.0, f64::max);
    value_axis(&mut c.y_axis_configs[0], top, LABEL_ROOM, false);
    Chart::rendered(title, c.svg(), table)
}
