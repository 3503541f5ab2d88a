//! The complaints view's charts: the category Pareto and complaints by channel (bars carry
//! `data-category` = the label, for click-to-filter), and the tier-A complaint list as a table.

use crate::font::theme_name;
use crate::panel::{cell, count, value_axis, Chart, Table};
use crate::style::{apply, faded, Style};
use crate::svg::label_bars;
use crate::text::{t, T};
use charts_rs::{
    AxisLabelOverflow, BarChart, MarkLine, MarkLineCategory, Position, Series, SeriesCategory,
    YAxisConfig,
};
use kpi_core::catalog::Unit;
use kpi_core::i18n::Lang;
use kpi_core::stats::pct;
use kpi_core::views::complaints::{CategoryPareto, ChannelCounts, KeyComplaints, Progress};

/// Count bars for a category axis: one series, long labels cut with "…" (the table has them
/// whole), counts written on the bars.
fn count_bars(series: Series, labels: Vec<String>, title: &str, style: &Style) -> BarChart {
    let mut c = BarChart::new_with_theme(vec![series], labels, theme_name(style.theme));
    apply(&mut c.base, &mut c.y_axis_configs, style);
    c.title.text = style.heading(title);
    c.x_axis.label_overflow = style.overflow(AxisLabelOverflow::Ellipsis);
    c.y_axis_configs[0].formatter = Some("{t}".into());
    c
}

/// Per-bar colours: `color`, faded where a filter selects other bars.
fn selection_colors(
    selected: impl Iterator<Item = bool> + Clone,
    color: impl Fn(usize) -> String,
) -> Option<Vec<Option<charts_rs::Color>>> {
    let any = selected.clone().any(|s| s);
    Some(
        selected
            .enumerate()
            .map(|(i, s)| {
                let c = color(i);
                Some(if any && !s { faded(&c) } else { c }.as_str().into())
            })
            .collect(),
    )
}

/// Complaints by category, most frequent first, with the cumulative share as a line on a
/// 0–100% right axis and the 80% line. The vital few (the shortest prefix reaching 80%) are
/// drawn in blue and starred, the rest in grey; the sub-title and the table say so in words.
pub fn pareto(vm: &CategoryPareto, style: &Style) -> Chart {
    let lang = style.lang;
    let title = t(lang, T::ParetoTitle).to_string();
    let table = Table {
        headers: vec![
            t(lang, T::Category).into(),
            t(lang, T::Complaints).into(),
            t(lang, T::SharePct).into(),
            t(lang, T::CumulativePct).into(),
            t(lang, T::VitalFew).into(),
        ],
        rows: vm
            .bars
            .iter()
            .map(|b| {
                vec![
                    b.category.clone(),
                    count(b.count),
                    cell(Unit::Percent, pct(b.count, vm.total)),
                    cell(Unit::Percent, Some(b.cum_pct)),
                    t(lang, if b.vital { T::Yes } else { T::No }).into(),
                ]
            })
            .collect(),
    };
    if vm.total == 0 {
        return Chart::empty(title, table);
    }
    let p = style.palette();
    let mut bars: Series = (
        t(lang, T::Complaints),
        vm.bars.iter().map(|b| b.count as f32).collect::<Vec<f32>>(),
    )
        .into();
    bars.colors = selection_colors(vm.bars.iter().map(|b| b.selected), |i| {
        let vital = vm.bars.get(i).is_some_and(|b| b.vital);
        if vital { p.series[0] } else { p.muted }.to_string()
    });
    let mut line: Series = (
        t(lang, T::CumulativeShare),
        vm.bars
            .iter()
            .map(|b| Some(b.cum_pct as f32))
            .collect::<Vec<Option<f32>>>(),
    )
        .into();
    line.category = Some(SeriesCategory::Line);
    line.y_axis_index = 1;
    line.index = Some(5);
    line.mark_lines = vec![MarkLine {
        category: MarkLineCategory::Value(80.0),
        color: Some(p.series[5].into()),
        stroke_dash_array: Some("6,3".into()),
        ..Default::default()
    }];
    let labels = vm.bars.iter().map(|b| b.category.clone()).collect();
    let mut c = count_bars(bars, labels, &title, style);
    c.series_list.push(line);
    c.sub_title.text = t(lang, T::ParetoSubtitle).into();
    c.legend.position = Some(Position::Bottom);
    // Room for the 80% line (on the right axis) to pass above every bar and its label.
    let top = vm.bars.iter().map(|b| b.count).max().unwrap_or(0);
    value_axis(&mut c.y_axis_configs[0], top as f64, 1.4, true);
    let right = YAxisConfig {
        formatter: Some("{c}%".into()),
        min: Some(0.0),
        max: Some(100.0),
        split_number: 5,
        ..c.y_axis_configs[0].clone()
    };
    c.y_axis_configs.push(right);
    let values: Vec<String> = vm
        .bars
        .iter()
        .map(|b| {
            if b.vital {
                format!("★{}", count(b.count))
            } else {
                count(b.count)
            }
        })
        .collect();
    let ink = p.text;
    Chart::rendered(title, c.svg(), table).map_svg(|s| label_bars(s, &values, style.font, ink))
}

/// Complaints per channel, most first.
pub fn channels(vm: &ChannelCounts, style: &Style) -> Chart {
    let lang = style.lang;
    let title = t(lang, T::ChannelsTitle).to_string();
    let table = Table {
        headers: vec![
            t(lang, T::Channel).into(),
            t(lang, T::Complaints).into(),
            t(lang, T::SharePct).into(),
        ],
        rows: vm
            .bars
            .iter()
            .map(|b| {
                vec![
                    b.label.clone(),
                    count(b.count),
                    cell(Unit::Percent, pct(b.count, vm.total)),
                ]
            })
            .collect(),
    };
    if vm.total == 0 {
        return Chart::empty(title, table);
    }
    let p = style.palette();
    let mut s: Series = (
        t(lang, T::Complaints),
        vm.bars.iter().map(|b| b.count as f32).collect::<Vec<f32>>(),
    )
        .into();
    s.colors = selection_colors(vm.bars.iter().map(|b| b.selected), |_| p.series[0].into());
    let labels = vm.bars.iter().map(|b| b.label.clone()).collect();
    let mut c = count_bars(s, labels, &title, style);
    c.legend.show = Some(false);
    let top = vm.bars.iter().map(|b| b.count).max().unwrap_or(0);
    value_axis(
        &mut c.y_axis_configs[0],
        top as f64,
        crate::panel::LABEL_ROOM,
        true,
    );
    let values: Vec<String> = vm.bars.iter().map(|b| count(b.count)).collect();
    let ink = p.text;
    Chart::rendered(title, c.svg(), table).map_svg(|s| label_bars(s, &values, style.font, ink))
}

/// The status of a complaint in words with a shape where it matters.
pub fn progress_text(progress: Progress, lang: Lang) -> String {
    match progress {
        Progress::Resolved { hours } => format!(
            "{} {} {}",
            t(lang, T::ResolvedIn),
            cell(Unit::Hours, Some(hours)),
            kpi_core::display::unit_suffix(Unit::Hours, lang)
        ),
        Progress::Open { overdue: true } => t(lang, T::OpenOverdue).into(),
        Progress::Open { overdue: false } => t(lang, T::OpenWithinLimit).into(),
    }
}

/// The tier-A complaints of the view, newest first.
pub fn key_complaints(vm: &KeyComplaints, lang: Lang) -> Chart {
    let title = crate::text::titled_count(lang, T::KeyComplaintsTitle, vm.total as u64);
    let table = Table {
        headers: [
            T::TicketId,
            T::Opened,
            T::District,
            T::Category,
            T::Channel,
            T::Status,
            T::Score,
        ]
        .iter()
        .map(|&h| t(lang, h).to_string())
        .collect(),
        rows: vm
            .rows
            .iter()
            .map(|c| {
                vec![
                    c.id.clone(),
                    c.opened.clone(),
                    c.district.clone(),
                    c.category.clone(),
                    c.channel.clone(),
                    progress_text(c.progress, lang),
                    c.score
                        .map_or(kpi_core::display::UNDEFINED.into(), |s| s.to_string()),
                ]
            })
            .collect(),
    };
    Chart::table_only(title, table)
}
