//! The satisfaction view's charts: the score distribution, the monthly mean and CSAT against
//! their targets over the trend's 12 months, and mean score by kind and by resolution time.
//! (By-district bars are [`crate::bars`].)

use crate::font::theme_name;
use crate::overview::{month_cell, month_labels};
use crate::panel::{cell, count, value_axis, Chart, Table, LABEL_ROOM};
use crate::style::{apply, faded, status_fill, Style};
use crate::svg::label_bars;
use crate::text::{t, T};
use crate::timeliness::{period_band, target_line};
use charts_rs::{AxisLabelOverflow, BarChart, Position, Series, SeriesCategory, YAxisConfig};
use kpi_core::catalog::Unit;
use kpi_core::stats::pct;
use kpi_core::status::Status;
use kpi_core::views::satisfaction::{
    ScoreDistribution, ScoreTally, ScoreTrend, ScoresByKind, ScoresByResolution,
};

/// A 1–5 score axis from `min` to 5.
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

/// A bar chart of the style's size with the title set and long labels cut with "…".
fn bar_chart(series: Vec<Series>, labels: Vec<String>, title: &str, style: &Style) -> BarChart {
    let mut c = BarChart::new_with_theme(series, labels, theme_name(style.theme));
    apply(&mut c.base, &mut c.y_axis_configs, style);
    c.title.text = style.heading(title);
    c.x_axis.label_overflow = style.overflow(AxisLabelOverflow::Ellipsis);
    c
}

/// A series of values, undefined ones as gaps.
fn series(name: &str, values: impl Iterator<Item = Option<f64>>) -> Series {
    (
        name,
        values
            .map(crate::panel::point)
            .collect::<Vec<Option<f32>>>(),
    )
        .into()
}

/// A tally as table cells: tickets scored, mean score, CSAT %.
fn score_cells(s: &ScoreTally) -> [String; 3] {
    [
        count(s.scored),
        cell(Unit::Score, s.mean()),
        cell(Unit::Percent, s.csat()),
    ]
}

/// How many tickets scored 1 to 5; the satisfied scores (4 and 5, counted by CSAT) in the
/// "met" colour, the others in the "near" one.
pub fn score_distribution(vm: &ScoreDistribution, style: &Style) -> Chart {
    let lang = style.lang;
    let title = t(lang, T::ScoreDistributionTitle).to_string();
    let total = vm.total();
    let label = |s: usize| crate::text::score_label(lang, s);
    let table = Table {
        headers: vec![
            t(lang, T::Score).into(),
            t(lang, T::Tickets).into(),
            t(lang, T::SharePct).into(),
            t(lang, T::CountsAsSatisfied).into(),
        ],
        rows: (1..=5)
            .zip(vm.counts)
            .map(|(s, n)| {
                vec![
                    label(s),
                    count(n),
                    cell(Unit::Percent, pct(n, total)),
                    t(lang, if s >= 4 { T::YesDot } else { T::No }).into(),
                ]
            })
            .collect(),
    };
    if total == 0 {
        return Chart::empty(title, table);
    }
    let mut s: Series = (
        t(lang, T::Tickets),
        vm.counts.iter().map(|&n| n as f32).collect::<Vec<f32>>(),
    )
        .into();
    s.colors = Some(
        (1..=5)
            .map(|s| {
                let status = if s >= 4 { Status::Green } else { Status::Amber };
                Some(status_fill(style.theme, status).into())
            })
            .collect(),
    );
    let mut c = bar_chart(vec![s], (1..=5).map(label).collect(), &title, style);
    c.sub_title.text = t(lang, T::ScoreDistributionSubtitle).into();
    c.legend.show = Some(false);
    c.y_axis_configs[0].formatter = Some("{t}".into());
    let top = vm.counts.iter().copied().max().unwrap_or(0);
    value_axis(&mut c.y_axis_configs[0], top as f64, LABEL_ROOM, true);
    let values: Vec<String> = vm.counts.iter().map(|&n| count(n)).collect();
    let ink = style.palette().text;
    Chart::rendered(title, c.svg(), table).map_svg(|s| label_bars(s, &values, style.font, ink))
}

/// Mean score (left axis, 1–5) and CSAT (right axis, 0–100%) per month on the period's band,
/// with their targets as dashed lines in the series' colours.
pub fn trend(vm: &ScoreTrend, style: &Style) -> Chart {
    let lang = style.lang;
    let title = t(lang, T::SatisfactionTrendTitle).to_string();
    let table = Table {
        headers: vec![
            t(lang, T::Month).into(),
            t(lang, T::ScoredTickets).into(),
            t(lang, T::MeanScore).into(),
            t(lang, T::CsatPct).into(),
        ],
        rows: vm
            .months
            .iter()
            .map(|m| {
                let mut row = vec![month_cell(m.month, m.selected, lang)];
                row.extend(score_cells(&m.scores));
                row
            })
            .collect(),
    };
    if vm.is_empty() {
        return Chart::empty(title, table);
    }
    let p = style.palette();
    let selected: Vec<bool> = vm.months.iter().map(|m| m.selected).collect();
    let mut mean = series(
        t(lang, T::MeanScore),
        vm.months.iter().map(|m| m.scores.mean()),
    );
    mean.category = Some(SeriesCategory::Line);
    let mut csat = series(t(lang, T::Csat), vm.months.iter().map(|m| m.scores.csat()));
    csat.category = Some(SeriesCategory::Line);
    csat.y_axis_index = 1;
    let mut all = vec![period_band(&selected, 5.0, style), mean, csat];
    let mut colors = vec![p.highlight.into(), p.series[0].into(), p.series[1].into()];
    let n = vm.months.len();
    if let Some(target) = vm.mean_target {
        all.push(target_line(
            crate::text::mean_target(lang, target),
            target,
            n,
            0,
            3,
        ));
        colors.push(p.series[0].into());
    }
    if let Some(target) = vm.csat_target {
        all.push(target_line(
            crate::text::csat_target(lang, target),
            target,
            n,
            1,
            4,
        ));
        colors.push(p.series[1].into());
    }
    let months: Vec<kpi_core::calendar::Month> = vm.months.iter().map(|m| m.month).collect();
    let mut c =
        BarChart::new_with_theme(all, month_labels(&months, style), theme_name(style.theme));
    apply(&mut c.base, &mut c.y_axis_configs, style);
    c.series.colors = colors;
    c.title.text = style.heading(&title);
    c.legend.position = Some(Position::Bottom);
    c.x_axis.label_overflow = style.overflow(AxisLabelOverflow::Thin);
    score_axis(&mut c.y_axis_configs[0], 0.0);
    let right = percent_axis(&c.y_axis_configs[0], 5);
    c.y_axis_configs.push(right);
    Chart::rendered(title, c.svg(), table)
}

/// Mean score (left axis, 0–5) and CSAT (right axis, 0–100%) per kind of ticket; kinds outside
/// the filter faded. Bars carry `data-category` = the kind's label.
pub fn by_kind(vm: &ScoresByKind, style: &Style) -> Chart {
    let lang = style.lang;
    let title = t(lang, T::SatisfactionKindsTitle).to_string();
    let table = Table {
        headers: vec![
            t(lang, T::Kind).into(),
            t(lang, T::Tickets).into(),
            t(lang, T::ScoredTickets).into(),
            t(lang, T::MeanScore).into(),
            t(lang, T::CsatPct).into(),
        ],
        rows: vm
            .rows
            .iter()
            .map(|k| {
                let mut row = vec![k.kind.label(lang).to_string(), count(k.tickets)];
                row.extend(score_cells(&k.scores));
                row
            })
            .collect(),
    };
    if vm.rows.iter().all(|k| k.scores.mean().is_none()) {
        return Chart::empty(title, table);
    }
    let p = style.palette();
    let any = vm.rows.iter().any(|k| k.selected);
    let colors = |color: &str| {
        Some(
            vm.rows
                .iter()
                .map(|k| {
                    Some(
                        if any && !k.selected {
                            faded(color)
                        } else {
                            color.to_string()
                        }
                        .as_str()
                        .into(),
                    )
                })
                .collect(),
        )
    };
    let mut mean = series(
        t(lang, T::MeanScore),
        vm.rows.iter().map(|k| k.scores.mean()),
    );
    mean.colors = colors(p.series[0]);
    let mut csat = series(t(lang, T::Csat), vm.rows.iter().map(|k| k.scores.csat()));
    csat.y_axis_index = 1;
    csat.colors = colors(p.series[1]);
    let labels = vm
        .rows
        .iter()
        .map(|k| {
            if style.narrow() {
                k.kind.short_label(lang)
            } else {
                k.kind.label(lang)
            }
            .to_string()
        })
        .collect();
    let mut c = bar_chart(vec![mean, csat], labels, &title, style);
    // Short names on a phone: cut rather than turned, so the legend keeps its place.
    c.x_axis.label_overflow = AxisLabelOverflow::Ellipsis;
    c.series.colors = vec![p.series[0].into(), p.series[1].into()];
    c.legend.position = Some(Position::Bottom);
    score_axis(&mut c.y_axis_configs[0], 0.0);
    // Room above a 5.0 or a 100 % for its label.
    c.y_axis_configs[0].max = Some(6.0);
    c.y_axis_configs[0].split_number = 6;
    let right = YAxisConfig {
        max: Some(120.0),
        split_number: 6,
        ..percent_axis(&c.y_axis_configs[0], 6)
    };
    c.y_axis_configs.push(right);
    let labels: Vec<String> = vm
        .rows
        .iter()
        .filter_map(|k| k.scores.mean().map(|v| cell(Unit::Score, Some(v))))
        .chain(
            vm.rows
                .iter()
                .filter_map(|k| k.scores.csat().map(|v| cell(Unit::Percent, Some(v)))),
        )
        .collect();
    let ink = p.text;
    Chart::rendered(title, c.svg(), table).map_svg(|s| label_bars(s, &labels, style.font, ink))
}

/// Mean score of resolved tickets by how long the resolution took; the number of scored tickets
/// is in each band's label (a mean of a handful says little).
pub fn by_resolution_time(vm: &ScoresByResolution, style: &Style) -> Chart {
    let lang = style.lang;
    let title = t(lang, T::ScoreByResolutionTitle).to_string();
    let table = Table {
        headers: vec![
            t(lang, T::ResolutionTime).into(),
            t(lang, T::ScoredTicketsN).into(),
            t(lang, T::MeanScore).into(),
            t(lang, T::CsatPct).into(),
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
    let s = series(
        t(lang, T::MeanScore),
        vm.bands.iter().map(|(_, s)| s.mean()),
    );
    let labels = vm
        .bands
        .iter()
        .map(|(band, s)| format!("{} (n={})", band.label(lang), s.scored))
        .collect();
    let mut c = bar_chart(vec![s], labels, &title, style);
    c.sub_title.text = t(lang, T::ScoreByResolutionSubtitle).into();
    c.legend.show = Some(false);
    score_axis(&mut c.y_axis_configs[0], 0.0);
    c.y_axis_configs[0].max = Some(6.0);
    c.y_axis_configs[0].split_number = 6;
    let values: Vec<String> = vm
        .bands
        .iter()
        .filter(|(_, s)| s.mean().is_some())
        .map(|(_, s)| cell(Unit::Score, s.mean()))
        .collect();
    let ink = style.palette().text;
    Chart::rendered(title, c.svg(), table).map_svg(|s| label_bars(s, &values, style.font, ink))
}
