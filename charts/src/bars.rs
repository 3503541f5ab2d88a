//! A KPI by district: one bar per district in the file's order, coloured and marked by its
//! status against the period's goal (one series per status, so the legend names them), the goal
//! as a dashed line, districts outside the filter faded, and every value written with the
//! core's display rounding and the status shape ("▲ 10.12"). Bars carry `data-category` = the
//! district name for click-to-filter.

use crate::font::theme_name;
use crate::panel::{cell, hide_unreadable_axis, point, value_axis, Chart, Table, LABEL_ROOM};
use crate::style::{apply, faded, status_fill, status_ink, Style};
use crate::svg::label_bars_with;
use crate::text::with_unit;
use crate::text::{t, T};
use crate::timeliness::target_line;
use charts_rs::{AxisLabelOverflow, BarChart, LegendCategory, Position, Series};
use kpi_core::catalog::Unit;
use kpi_core::display::UNDEFINED;
use kpi_core::status::Status;
use kpi_core::views::{DistrictBar, DistrictBars};

/// The title of a by-district chart: "各区县万户投诉率（件/万户）".
pub fn title(vm: &DistrictBars, style: &Style) -> String {
    let name = with_unit(vm.metric, style.lang);
    format!("{}{name}", style.term(T::ByDistrictPrefix))
}

/// The status of a bar in words, or "—" without a goal or a value.
pub fn status_text(status: Option<Status>, style: &Style) -> String {
    status.map_or(UNDEFINED.into(), |s| s.label(style.lang).into())
}

/// The label on a bar: the status shape and the value as the cards show it.
fn label(bar: &DistrictBar, unit: Unit) -> String {
    let value = cell(unit, bar.value);
    match (bar.value, bar.status) {
        (None, _) => String::new(),
        (Some(_), Some(s)) => format!("{} {value}", s.mark()),
        (Some(_), None) => value,
    }
}

/// Bars drawn at most; more units keep the worst and the best, and the table has all of them.
pub const MAX_BARS: usize = 20;

pub fn district_bars(all: &DistrictBars, style: &Style) -> Chart {
    let lang = style.lang;
    let vm = all;
    let unit = vm.metric.unit();
    let title = title(vm, style);
    let table = Table {
        headers: vec![
            style.term(T::District).into(),
            with_unit(vm.metric, lang),
            t(lang, T::AgainstGoal).into(),
        ],
        rows: vm
            .bars
            .iter()
            .map(|b| {
                let name = if b.selected {
                    format!("{} {}", b.name, t(lang, T::SelectedMark))
                } else {
                    b.name.clone()
                };
                vec![name, cell(unit, b.value), status_text(b.status, style)]
            })
            .collect(),
    };
    if vm.is_empty() {
        return Chart::empty(title, table);
    }
    let (condensed, hidden) = all.condensed(MAX_BARS);
    let vm = &condensed;
    let p = style.palette();
    // One series per status present (and one for bars without a status), stacked on one
    // column: each district has its value in exactly one of them.
    let groups: Vec<(Option<Status>, String, String)> = [
        Some(Status::Green),
        Some(Status::Amber),
        Some(Status::Red),
        None,
    ]
    .into_iter()
    .filter(|s| vm.bars.iter().any(|b| b.value.is_some() && b.status == *s))
    .map(|s| {
        let color = s.map_or(p.series[0], |s| status_fill(style.theme, s));
        let name = s.map_or_else(|| vm.metric.label(lang), |s| s.label(lang).to_string());
        (s, color.to_string(), name)
    })
    .collect();
    let series: Vec<Series> = groups
        .iter()
        .map(|(status, color, name)| {
            let mut s: Series = (
                name.as_str(),
                vm.bars
                    .iter()
                    .map(|b| point(b.value).filter(|_| b.status == *status))
                    .collect::<Vec<Option<f32>>>(),
            )
                .into();
            s.stack = Some("status".into());
            s.colors = Some(
                vm.bars
                    .iter()
                    .map(|b| {
                        Some(if vm.any_selected && !b.selected {
                            faded(color).as_str().into()
                        } else {
                            color.as_str().into()
                        })
                    })
                    .collect(),
            );
            s
        })
        .collect();
    let names: Vec<String> = vm.bars.iter().map(|b| b.name.clone()).collect();
    let bars = vm.bars.len();
    let mut c = BarChart::new_with_theme(series, names, theme_name(style.theme));
    apply(&mut c.base, &mut c.y_axis_configs, style);
    c.series.colors = groups.iter().map(|g| g.1.as_str().into()).collect();
    c.title.text = style.heading(&title);
    if let Some(goal) = vm.goal {
        // A flat line rather than a mark line, whose end label charts-rs rounds to one decimal.
        let name = format!("{} {}", goal.operator(), goal.value_text());
        let slot = c.series.colors.len();
        c.series_list
            .push(target_line(name, goal.value, bars, 0, slot));
        c.series.colors.push(p.target.into());
        c.sub_title.text = format!("{}{}", t(lang, T::DashedGoal), goal.text(lang));
    }
    if hidden > 0 {
        let note = crate::text::hidden_units(lang, MAX_BARS, hidden);
        c.sub_title.text = crate::text::joined(lang, &[&c.sub_title.text, &note]);
    }
    if vm.any_selected {
        let note = style.term(T::FadedNotSelected);
        c.sub_title.text = crate::text::joined(lang, &[&c.sub_title.text, note]);
    }
    c.legend.position = Some(Position::Bottom);
    c.legend.category = LegendCategory::Rect;
    c.legend.show = Some(vm.goal.is_some());
    c.x_axis.label_overflow = style.overflow(AxisLabelOverflow::Ellipsis);
    if unit == Unit::Percent {
        c.y_axis_configs[0].formatter = Some("{c}%".into());
    }
    let top = vm
        .bars
        .iter()
        .filter_map(|b| b.value)
        .chain(vm.goal.map(|g| g.value))
        .fold(0.0, f64::max);
    value_axis(
        &mut c.y_axis_configs[0],
        top,
        LABEL_ROOM,
        unit == Unit::Count,
    );
    let axis = c.y_axis_configs[0].clone();
    hide_unreadable_axis(&mut c.base, &axis);
    // Labels in drawing order: series by series, districts in order within each.
    let labels: Vec<String> = groups
        .iter()
        .flat_map(|(status, _, _)| {
            vm.bars
                .iter()
                .filter(move |b| b.value.is_some() && b.status == *status)
                .map(|b| label(b, unit))
        })
        .collect();
    // Inside the bar in the ink of its fill (a goal line crosses the bars' tops).
    let inks: Vec<&str> = groups
        .iter()
        .flat_map(|(status, _, _)| {
            let ink = status.map_or("#FFFFFF", status_ink);
            vm.bars
                .iter()
                .filter(move |b| b.value.is_some() && b.status == *status)
                .map(move |b| {
                    if vm.any_selected && !b.selected {
                        p.text
                    } else {
                        ink
                    }
                })
        })
        .collect();
    let text = p.text;
    Chart::rendered(title, c.svg(), table)
        .map_svg(|svg| label_bars_with(svg, &labels, style.font, text, &inks))
}
