//! The satisfaction view's charts: the score distribution, the monthly mean and CSAT against
//! their targets, mean score by district and by kind, survey coverage by district, and mean
//! score by resolution time. District and kind bars carry `data-category` for click-to-filter.

use crate::font::{AMBER, GREEN, THEME};
use crate::panel::{cell, off_target_colors, point, target_status, Chart, Table};
use crate::panel::{value_axis, LABEL_ROOM};
use charts_rs::{
    AxisLabelOverflow, BarChart, LineChart, Margin, Position, Series, SeriesCategory, Symbol,
    YAxisConfig,
};
use kpi_core::catalog::Better;
use kpi_core::catalog::Unit;
use kpi_core::i18n::Lang;
use kpi_core::stats::pct;
use kpi_core::views::satisfaction::{
    ScoreDistribution, ScoreTally, ScoreTrend, ScoresByDistrict, ScoresByKind, ScoresByResolution,
};

pub const WIDTH: f32 = 720.0;
pub const HEIGHT: f32 = 360.0;

/// A 1–5 score axis: from `min` (0 for bars, which must start at zero; 1 for a line) to 5.
fn score_axis(axis: &mut YAxisConfig, min: f32) {
    axis.min = Some(min);
    axis.max = Some(5.0);
    axis.split_number = (5.0 - min) as usize;
}

/// A 0–100% axis in `splits` steps.
fn percent_axis(base: &YAxisConfig, splits: usize) -> YAxisConfig {
    YAxisConfig {
        formatter: Some("{c}%".into()),
        min: Some(0.0),
        max: Some(100.0),
        split_number: splits,
        ..base.clone()
    }
}

/// A bar chart of the view's size with the title set and long labels cut with "…".
fn bar_chart(series: Vec<Series>, labels: Vec<String>, title: &str) -> BarChart {
    let mut c = BarChart::new_with_theme(series, labels, THEME);
    c.width = WIDTH;
    c.height = HEIGHT;
    c.title.text = title.to_string();
    c.x_axis.label_overflow = AxisLabelOverflow::Ellipsis;
    c
}

/// Room between the title block and the plot for the value label of a bar that reaches the top
/// of a fixed axis (a mean of 5, a CSAT of 100%), which would otherwise run into the title.
fn label_room(c: &mut BarChart) {
    let title = if c.sub_title.text.is_empty() {
        &mut c.title
    } else {
        &mut c.sub_title
    };
    title.margin = Some(Margin {
        bottom: 26.0,
        ..title.margin.unwrap_or_default()
    });
}

/// A series of values, undefined ones as gaps.
fn series(name: &str, values: impl Iterator<Item = Option<f64>>) -> Series {
    (name, values.map(point).collect::<Vec<Option<f32>>>()).into()
}

/// A target as a flat dashed line over `n` categories on `axis`, in palette colour `slot`,
/// named in the legend. Not a mark line: its label sits on the end of the line, where it
/// collides with other labels (two targets at one height, or the last bar's value).
fn target_line(name: String, target: f64, n: usize, axis: usize, slot: usize) -> Series {
    let mut s = Series::new(name, vec![target as f32; n]);
    s.category = Some(SeriesCategory::Line);
    s.y_axis_index = axis;
    s.index = Some(slot);
    s.stroke_dash_array = Some("6,3".into());
    s.symbol = Some(Symbol::None);
    s
}

/// "均分目标 4.5".
fn mean_target_name(target: f64, lang: Lang) -> String {
    format!("{} {target}", lang.pick("均分目标", "Mean target"))
}

/// A tally as table cells: tickets scored, mean score, CSAT %.
fn score_cells(s: &ScoreTally) -> [String; 3] {
    [
        cell(Unit::Count, Some(s.scored as f64)),
        cell(Unit::Score, s.mean()),
        cell(Unit::Percent, s.csat()),
    ]
}

/// How many tickets scored 1 to 5; the satisfied scores (4 and 5, counted by CSAT) in green.
pub fn score_distribution(vm: &ScoreDistribution, lang: Lang) -> Chart {
    let title = lang
        .pick("满意度评分分布（件）", "Satisfaction scores (tickets)")
        .to_string();
    let total = vm.total();
    let label = |s: usize| match lang {
        Lang::Zh => format!("{s} 分"),
        Lang::En => format!("Score {s}"),
    };
    let table = Table {
        headers: vec![
            lang.pick("评分", "Score").into(),
            lang.pick("工单数", "Tickets").into(),
            lang.pick("占比 %", "Share %").into(),
            lang.pick("计为满意", "Counts as satisfied").into(),
        ],
        rows: (1..=5)
            .zip(vm.counts)
            .map(|(s, n)| {
                vec![
                    label(s),
                    cell(Unit::Count, Some(n as f64)),
                    cell(Unit::Percent, pct(n, total)),
                    if s >= 4 {
                        lang.pick("● 是", "● yes")
                    } else {
                        lang.pick("否", "no")
                    }
                    .into(),
                ]
            })
            .collect(),
    };
    if total == 0 {
        return Chart::empty(title, table);
    }
    let mut s: Series = (
        lang.pick("工单数", "Tickets"),
        vm.counts.iter().map(|&n| n as f32).collect::<Vec<f32>>(),
    )
        .into();
    s.label_show = true;
    s.colors = Some(
        (1..=5)
            .map(|s| Some(if s >= 4 { GREEN } else { AMBER }.into()))
            .collect(),
    );
    let mut c = bar_chart(vec![s], (1..=5).map(label).collect(), &title);
    c.sub_title.text = lang
        .pick(
            "绿色：满意（4–5 分，计入满意率）",
            "Green: satisfied (4–5, counted in CSAT)",
        )
        .into();
    c.legend.show = Some(false);
    c.series.label.formatter = "{t}".into();
    c.y_axis_configs[0].formatter = Some("{t}".into());
    let top = vm.counts.iter().copied().max().unwrap_or(0);
    value_axis(&mut c.y_axis_configs[0], top as f64, LABEL_ROOM, true);
    Chart::rendered(title, c.svg(), table)
}

/// Mean score (left axis, 1–5) and CSAT (right axis, 0–100%) per month, with their targets as
/// dashed lines in the series' colours.
pub fn trend(vm: &ScoreTrend, lang: Lang) -> Chart {
    let title = lang
        .pick(
            "每月满意度均分（分）与满意率（%）",
            "Mean score and CSAT % by month",
        )
        .to_string();
    let table = Table {
        headers: vec![
            lang.pick("月份", "Month").into(),
            lang.pick("有评分工单", "Scored tickets").into(),
            lang.pick("满意度均分", "Mean score").into(),
            lang.pick("满意率 %", "CSAT %").into(),
        ],
        rows: vm
            .months
            .iter()
            .map(|m| {
                let mut row = vec![m.month.to_string()];
                row.extend(score_cells(&m.scores));
                row
            })
            .collect(),
    };
    if vm.is_empty() {
        return Chart::empty(title, table);
    }
    let mean = series(
        lang.pick("满意度均分", "Mean score"),
        vm.months.iter().map(|m| m.scores.mean()),
    );
    let mut csat = series(
        lang.pick("满意率", "CSAT"),
        vm.months.iter().map(|m| m.scores.csat()),
    );
    csat.y_axis_index = 1;
    let mut lines = vec![mean, csat];
    // Targets in their series' colours (4.5 on 1–5 is 90% on 0–100: they may coincide).
    let n = vm.months.len();
    if let Some(t) = vm.mean_target {
        lines.push(target_line(mean_target_name(t, lang), t, n, 0, 0));
    }
    if let Some(t) = vm.csat_target {
        let name = format!("{} {t}%", lang.pick("满意率目标", "CSAT target"));
        lines.push(target_line(name, t, n, 1, 1));
    }
    let months = vm.months.iter().map(|m| m.month.to_string()).collect();
    let mut c = LineChart::new_with_theme(lines, months, THEME);
    c.width = WIDTH;
    c.height = HEIGHT;
    c.title.text = title.clone();
    c.legend.position = Some(Position::Bottom);
    c.x_axis.label_overflow = AxisLabelOverflow::Thin;
    score_axis(&mut c.y_axis_configs[0], 1.0);
    let right = percent_axis(&c.y_axis_configs[0], 4);
    c.y_axis_configs.push(right);
    Chart::rendered(title, c.svg(), table)
}

/// Mean score per district (0–5); districts below the target in red, the target dashed.
pub fn by_district(vm: &ScoresByDistrict, lang: Lang) -> Chart {
    let title = lang
        .pick(
            "各区县满意度均分（分）",
            "Mean satisfaction score by district",
        )
        .to_string();
    let table = Table {
        headers: vec![
            lang.pick("区县", "District").into(),
            lang.pick("有评分工单", "Scored tickets").into(),
            lang.pick("满意度均分", "Mean score").into(),
            lang.pick("满意率 %", "CSAT %").into(),
            lang.pick("对照均分目标", "Against target").into(),
        ],
        rows: vm
            .rows
            .iter()
            .map(|d| {
                let mut row = vec![d.name.clone()];
                row.extend(score_cells(&d.scores));
                row.push(target_status(
                    d.scores.mean(),
                    vm.mean_target,
                    Better::Higher,
                    lang,
                ));
                row
            })
            .collect(),
    };
    if vm.rows.iter().all(|d| d.scores.mean().is_none()) {
        return Chart::empty(title, table);
    }
    let mut s = series(
        lang.pick("满意度均分", "Mean score"),
        vm.rows.iter().map(|d| d.scores.mean()),
    );
    s.label_show = true;
    s.colors = off_target_colors(
        vm.rows.iter().map(|d| d.scores.mean()),
        vm.mean_target,
        Better::Higher,
    );
    let names = vm.rows.iter().map(|d| d.name.clone()).collect();
    let mut c = bar_chart(vec![s], names, &title);
    if let Some(t) = vm.mean_target {
        // Black (palette slot 7) shows on both the blue and the red bars. Pushed after `new`,
        // which renumbers the slots of the series it is given.
        let name = mean_target_name(t, lang);
        c.series_list
            .push(target_line(name, t, vm.rows.len(), 0, 7));
        c.sub_title.text = lang.pick("红色：低于目标", "red: below target").into();
    }
    c.legend.position = Some(Position::Bottom);
    c.series.label.formatter = "{:.2}".into();
    // Inside the bars: above them the labels would sit on the target line.
    c.series_label_position = Some(Position::Inside);
    c.series.label.font.color = "#FFFFFF".into();
    score_axis(&mut c.y_axis_configs[0], 0.0);
    Chart::rendered(title, c.svg(), table)
}

/// Mean score (left axis, 0–5) and CSAT (right axis, 0–100%) per kind of ticket.
pub fn by_kind(vm: &ScoresByKind, lang: Lang) -> Chart {
    let title = lang
        .pick(
            "各类工单满意度均分（分）与满意率（%）",
            "Mean score and CSAT % by kind",
        )
        .to_string();
    let table = Table {
        headers: vec![
            lang.pick("工单类型", "Kind").into(),
            lang.pick("工单数", "Tickets").into(),
            lang.pick("有评分工单", "Scored tickets").into(),
            lang.pick("满意度均分", "Mean score").into(),
            lang.pick("满意率 %", "CSAT %").into(),
        ],
        rows: vm
            .rows
            .iter()
            .map(|k| {
                let mut row = vec![
                    k.kind.label(lang).to_string(),
                    cell(Unit::Count, Some(k.tickets as f64)),
                ];
                row.extend(score_cells(&k.scores));
                row
            })
            .collect(),
    };
    if vm.rows.iter().all(|k| k.scores.mean().is_none()) {
        return Chart::empty(title, table);
    }
    let mut mean = series(
        lang.pick("满意度均分", "Mean score"),
        vm.rows.iter().map(|k| k.scores.mean()),
    );
    mean.label_show = true;
    let mut csat = series(
        lang.pick("满意率", "CSAT"),
        vm.rows.iter().map(|k| k.scores.csat()),
    );
    csat.label_show = true;
    csat.y_axis_index = 1;
    let labels = vm
        .rows
        .iter()
        .map(|k| k.kind.label(lang).to_string())
        .collect();
    let mut c = bar_chart(vec![mean, csat], labels, &title);
    label_room(&mut c);
    c.legend.position = Some(Position::Bottom);
    c.series.label.formatter = "{:.2}".into();
    score_axis(&mut c.y_axis_configs[0], 0.0);
    let right = percent_axis(&c.y_axis_configs[0], 5);
    c.y_axis_configs.push(right);
    Chart::rendered(title, c.svg(), table)
}

/// Survey coverage per district: scored tickets / resolved tickets. It can pass 100% when open
/// tickets were surveyed, so the axis is not capped.
pub fn coverage(vm: &ScoresByDistrict, lang: Lang) -> Chart {
    let title = lang
        .pick(
            "各区县回访覆盖率（%，有评分 / 已办结）",
            "Survey coverage by district (%, scored / resolved)",
        )
        .to_string();
    let table = Table {
        headers: vec![
            lang.pick("区县", "District").into(),
            lang.pick("有评分工单", "Scored tickets").into(),
            lang.pick("已办结工单", "Resolved tickets").into(),
            lang.pick("回访覆盖率 %", "Coverage %").into(),
        ],
        rows: vm
            .rows
            .iter()
            .map(|d| {
                vec![
                    d.name.clone(),
                    cell(Unit::Count, Some(d.scores.scored as f64)),
                    cell(Unit::Count, Some(d.resolved as f64)),
                    cell(Unit::Percent, d.coverage()),
                ]
            })
            .collect(),
    };
    if vm.rows.iter().all(|d| d.coverage().is_none()) {
        return Chart::empty(title, table);
    }
    let mut s = series(
        lang.pick("回访覆盖率", "Coverage"),
        vm.rows.iter().map(|d| d.coverage()),
    );
    s.label_show = true;
    s.index = Some(2);
    let names = vm.rows.iter().map(|d| d.name.clone()).collect();
    let mut c = bar_chart(vec![s], names, &title);
    c.legend.show = Some(false);
    c.series.label.formatter = "{:.1}".into();
    c.y_axis_configs[0].formatter = Some("{c}%".into());
    let top = vm
        .rows
        .iter()
        .filter_map(|d| d.coverage())
        .fold(0.0, f64::max);
    value_axis(&mut c.y_axis_configs[0], top, LABEL_ROOM, false);
    Chart::rendered(title, c.svg(), table)
}

/// Mean score of resolved tickets by how long the resolution took; the number of scored tickets
/// is in each band's label (a mean of a handful says little).
pub fn by_resolution_time(vm: &ScoresByResolution, lang: Lang) -> Chart {
    let title = lang
        .pick(
            "办结时长与满意度均分（分）",
            "Mean score by resolution time",
        )
        .to_string();
    let table = Table {
        headers: vec![
            lang.pick("办结时长", "Resolution time").into(),
            lang.pick("有评分工单 n", "Scored tickets n").into(),
            lang.pick("满意度均分", "Mean score").into(),
            lang.pick("满意率 %", "CSAT %").into(),
        ],
        rows: vm
            .bands
            .iter()
            .map(|(band, s)| {
                let mut row = vec![band.label(lang).to_string()];
                row.extend(score_cells(s));
                row
            })
            .collect(),
    };
    if vm.is_empty() {
        return Chart::empty(title, table);
    }
    let mut s = series(
        lang.pick("满意度均分", "Mean score"),
        vm.bands.iter().map(|(_, s)| s.mean()),
    );
    s.label_show = true;
    let labels = vm
        .bands
        .iter()
        .map(|(band, s)| format!("{} (n={})", band.label(lang), s.scored))
        .collect();
    let mut c = bar_chart(vec![s], labels, &title);
    c.sub_title.text = lang
        .pick(
            "已办结且有评分的工单；括号内为工单数",
            "Resolved tickets with a score; n in brackets",
        )
        .into();
    label_room(&mut c);
    c.legend.show = Some(false);
    c.series.label.formatter = "{:.2}".into();
    score_axis(&mut c.y_axis_configs[0], 0.0);
    Chart::rendered(title, c.svg(), table)
}
