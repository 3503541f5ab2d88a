//! The timeliness view's charts: first-response and repair-arrival histograms by area type (the
//! commitments are bin edges, marked ◆), monthly median/p90 trends over the trend's 12 months
//! (the period's months on a shaded band), backlog/overdue by district, and the oldest overdue
//! tickets as a table.

use crate::bars::title as by_district_title;
use crate::font::theme_name;
use crate::overview::{month_cell, month_labels};
use crate::panel::{cell, count, count_axis, point, value_axis, Chart, Table, LABEL_ROOM};
use crate::style::{apply, faded, Style};
use crate::svg::label_bars;
use crate::text::{t, T};
use charts_rs::{AxisLabelOverflow, BarChart, Position, Series, SeriesCategory, Symbol};
use kpi_core::catalog::Unit;
use kpi_core::domain::Area;
use kpi_core::i18n::Lang;
use kpi_core::views::timeliness::{
    minutes_text, span_text, Backlog, DurationTrend, Histogram, LimitOf, OverdueList, Quantiles,
};

/// Marks a bin whose upper edge is a service commitment (the subtitle says so).
const LIMIT_MARK: &str = "◆";

/// "咨询 60、投诉 1440" / "inquiry 60, complaint 1440": the limits a histogram marks.
fn limits_text(vm: &Histogram, lang: Lang) -> String {
    let parts: Vec<String> = vm
        .limits
        .iter()
        .map(|l| {
            let name = match lang {
                Lang::Zh => l.of.label(lang).to_string(),
                Lang::En => l.of.label(lang).to_lowercase(),
            };
            format!("{name} {}", minutes_text(l.minutes))
        })
        .collect();
    parts.join(t(lang, T::ListSeparator))
}

/// Bin labels, with [`LIMIT_MARK`] after a bin that ends at a limit.
fn bin_labels(vm: &Histogram) -> Vec<String> {
    vm.labels()
        .into_iter()
        .enumerate()
        .map(|(i, label)| {
            if vm.limits_ending(i).is_empty() {
                label
            } else {
                format!("{label}{LIMIT_MARK}")
            }
        })
        .collect()
}

/// The histogram's figures: one row per bin, counts by area, the total and the limits ending
/// at the bin.
fn histogram_table(vm: &Histogram, lang: Lang) -> Table {
    let mut headers = vec![t(lang, T::Minutes).to_string()];
    headers.extend(Area::ALL.iter().map(|a| a.label(lang).to_string()));
    headers.push(t(lang, T::Total).into());
    headers.push(t(lang, T::BinEndsAtLimit).into());
    let rows = vm
        .labels()
        .into_iter()
        .enumerate()
        .map(|(i, label)| {
            let mut row = vec![label];
            row.extend(
                vm.counts
                    .iter()
                    .map(|c| count(c.get(i).copied().unwrap_or(0))),
            );
            row.push(count(vm.total(i)));
            let limits: Vec<&str> = vm
                .limits_ending(i)
                .iter()
                .map(|l| l.of.label(lang))
                .collect();
            row.push(limits.join(t(lang, T::ListSeparator)));
            row
        })
        .collect();
    Table { headers, rows }
}

/// Bars of counts per bin, one series per area type, bins ending at a limit marked.
fn histogram(
    vm: &Histogram,
    title: String,
    subtitle: String,
    names: [String; 3],
    style: &Style,
) -> Chart {
    let table = histogram_table(vm, style.lang);
    if vm.is_empty() {
        return Chart::empty(title, table);
    }
    let series: Vec<Series> = names
        .into_iter()
        .zip(&vm.counts)
        .map(|(name, counts)| Series::new(name, counts.iter().map(|&n| n as f32).collect()))
        .collect();
    let mut c = BarChart::new_with_theme(series, bin_labels(vm), theme_name(style.theme));
    apply(&mut c.base, &mut c.y_axis_configs, style);
    c.title.text = style.heading(&title);
    c.sub_title.text = subtitle;
    c.legend.position = Some(Position::Bottom);
    c.x_axis.label_overflow = style.overflow(AxisLabelOverflow::Rotate);
    let largest = vm.counts.iter().flatten().copied().max().unwrap_or(0);
    count_axis(&mut c.y_axis_configs[0], largest);
    Chart::rendered(title, c.svg(), table)
}

/// Minutes from opening to first response, binned, by the district's area type. First-response
/// limits are by kind, so the marks name the kinds.
pub fn first_response_histogram(vm: &Histogram, style: &Style) -> Chart {
    let lang = style.lang;
    let subtitle = if vm.limits.is_empty() {
        t(lang, T::NoFirstResponseLimits).to_string()
    } else {
        format!(
            "{LIMIT_MARK} {}{}{}",
            t(lang, T::BinEndsAtLimitPrefix),
            limits_text(vm, lang),
            t(lang, T::MinutesBinsInclusive)
        )
    };
    let names = Area::ALL.map(|a| a.label(lang).to_string());
    histogram(
        vm,
        t(lang, T::FirstResponseTitle).into(),
        subtitle,
        names,
        style,
    )
}

/// Minutes from opening to arrival on site for repairs, binned, by area type; each area's limit
/// is in its legend name and marked on the bin it ends.
pub fn repair_arrival_histogram(vm: &Histogram, style: &Style) -> Chart {
    let lang = style.lang;
    let names = Area::ALL.map(|a| {
        let limit = vm.limits.iter().find(|l| l.of == LimitOf::Area(a));
        match limit {
            Some(l) => crate::text::area_limit(lang, a.label(lang), &minutes_text(l.minutes)),
            None => crate::text::area_no_limit(lang, a.label(lang)),
        }
    });
    histogram(
        vm,
        t(lang, T::RepairArrivalTitle).into(),
        t(lang, T::RepairArrivalSubtitle).into(),
        names,
        style,
    )
}

/// One measure of a trend: its name, its monthly values, its colour and whether it is dashed.
struct Line<'a> {
    name: String,
    values: &'a [Option<f64>],
    color: &'static str,
    dashed: bool,
}

/// The shaded band of the period's months: a bar series as tall as the axis behind the lines.
pub fn period_band(selected: &[bool], top: f32, style: &Style) -> Series {
    let mut s: Series = (
        t(style.lang, T::InPeriod),
        selected
            .iter()
            .map(|&sel| sel.then_some(top))
            .collect::<Vec<Option<f32>>>(),
    )
        .into();
    s.colors = Some(
        selected
            .iter()
            .map(|_| Some(style.palette().highlight.into()))
            .collect(),
    );
    s
}

/// Lines over the trend's months on the period's band; undefined months are gaps.
fn trend_chart(
    vm: &DurationTrend,
    title: String,
    unit: Unit,
    lines: Vec<Line<'_>>,
    style: &Style,
) -> Chart {
    let lang = style.lang;
    let mut headers = vec![t(lang, T::Month).to_string()];
    headers.extend(lines.iter().map(|l| l.name.clone()));
    let rows = vm
        .months
        .iter()
        .enumerate()
        .map(|(i, &m)| {
            let mut row = vec![month_cell(m, vm.selected.get(i) == Some(&true), lang)];
            row.extend(
                lines
                    .iter()
                    .map(|l| cell(unit, l.values.get(i).copied().flatten())),
            );
            row
        })
        .collect();
    let table = Table { headers, rows };
    if lines.iter().all(|l| l.values.iter().all(Option::is_none)) {
        return Chart::empty(title, table);
    }
    let top = lines
        .iter()
        .flat_map(|l| l.values.iter().flatten())
        .copied()
        .fold(0.0, f64::max);
    let mut axis = charts_rs::YAxisConfig::default();
    value_axis(&mut axis, top, LABEL_ROOM, false);
    let band_top = axis.max.unwrap_or(top as f32);
    let mut colors: Vec<charts_rs::Color> = vec![style.palette().highlight.into()];
    colors.extend(lines.iter().map(|l| charts_rs::Color::from(l.color)));
    let mut series = vec![period_band(&vm.selected, band_top, style)];
    series.extend(lines.into_iter().map(|l| {
        let mut s: Series = (
            l.name.as_str(),
            l.values
                .iter()
                .map(|&v| point(v))
                .collect::<Vec<Option<f32>>>(),
        )
            .into();
        s.category = Some(SeriesCategory::Line);
        if l.dashed {
            s.stroke_dash_array = Some("6,4".into());
        }
        s
    }));
    let mut c = BarChart::new_with_theme(
        series,
        month_labels(&vm.months, style),
        theme_name(style.theme),
    );
    apply(&mut c.base, &mut c.y_axis_configs, style);
    c.series.colors = colors;
    c.title.text = style.heading(&title);
    c.sub_title.text = t(lang, T::QuantileSubtitle).into();
    c.legend.position = Some(Position::Bottom);
    c.x_axis.label_overflow = style.overflow(AxisLabelOverflow::Thin);
    c.y_axis_configs[0].formatter = Some("{t}".into());
    c.y_axis_configs[0].min = axis.min;
    c.y_axis_configs[0].max = axis.max;
    c.y_axis_configs[0].split_number = axis.split_number;
    Chart::rendered(title, c.svg(), table)
}

/// The median and p90 lines of one duration.
fn quantile_lines<'a>(
    q: &'a Quantiles,
    name: &str,
    color: &'static str,
    lang: Lang,
) -> [Line<'a>; 2] {
    [
        Line {
            name: format!("{name} {}", t(lang, T::Median)),
            values: &q.median,
            color,
            dashed: false,
        },
        Line {
            name: format!("{name} P90"),
            values: &q.p90,
            color,
            dashed: true,
        },
    ]
}

/// Monthly median and p90 of first-response and repair-arrival minutes.
pub fn response_trend(vm: &DurationTrend, style: &Style) -> Chart {
    let lang = style.lang;
    let p = style.palette();
    let mut lines = Vec::from(quantile_lines(
        &vm.first_response,
        t(lang, T::FirstResponse),
        p.series[0],
        lang,
    ));
    lines.extend(quantile_lines(
        &vm.repair_arrival,
        t(lang, T::RepairArrival),
        p.series[1],
        lang,
    ));
    trend_chart(
        vm,
        t(lang, T::ResponseTrendTitle).into(),
        Unit::Minutes,
        lines,
        style,
    )
}

/// Monthly median and p90 of resolution hours.
pub fn resolution_trend(vm: &DurationTrend, style: &Style) -> Chart {
    let lang = style.lang;
    let p = style.palette();
    let lines = Vec::from(quantile_lines(
        &vm.resolution,
        t(lang, T::Resolution),
        p.series[2],
        lang,
    ));
    trend_chart(
        vm,
        t(lang, T::ResolutionTrendTitle).into(),
        Unit::Hours,
        lines,
        style,
    )
}

/// Backlog and overdue tickets per district, side by side; districts outside the filter faded.
/// Bars carry `data-category` = the district name for click-to-filter.
pub fn backlog_by_district(vm: &Backlog, style: &Style) -> Chart {
    let lang = style.lang;
    let title = format!(
        "{}{}",
        by_district_title(&vm.backlog, style),
        t(lang, T::AndOverdue)
    );
    let bars = &vm.backlog.bars;
    let table = Table {
        headers: vec![
            style.term(T::District).into(),
            t(lang, T::Backlog).into(),
            t(lang, T::Overdue).into(),
        ],
        rows: bars
            .iter()
            .zip(&vm.overdue)
            .map(|(b, &o)| {
                vec![
                    b.name.clone(),
                    cell(Unit::Count, b.value),
                    cell(Unit::Count, o),
                ]
            })
            .collect(),
    };
    if bars.iter().all(|b| b.value.unwrap_or(0.0) == 0.0) {
        return Chart::empty(title, table);
    }
    // Many units: the most and least backlogged, each with its own overdue count.
    let (shown, hidden) = vm.backlog.condensed(crate::bars::MAX_BARS);
    let overdue_of = |code: &str| {
        vm.backlog
            .bars
            .iter()
            .position(|b| b.code == code)
            .and_then(|i| vm.overdue.get(i).copied().flatten())
    };
    let overdue_values: Vec<Option<f64>> = shown.bars.iter().map(|b| overdue_of(&b.code)).collect();
    let bars = &shown.bars;
    let p = style.palette();
    let any = vm.backlog.any_selected;
    let colors = |color: &str| {
        Some(
            bars.iter()
                .map(|b| {
                    Some(
                        if any && !b.selected {
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
    let mut backlog = Series::new(
        t(lang, T::Backlog).into(),
        bars.iter().map(|b| b.value.unwrap_or(0.0) as f32).collect(),
    );
    backlog.colors = colors(p.series[0]);
    let mut overdue = Series::new(
        t(lang, T::Overdue).into(),
        overdue_values
            .iter()
            .map(|o| o.unwrap_or(0.0) as f32)
            .collect(),
    );
    overdue.colors = colors(p.series[5]);
    let names = bars.iter().map(|b| b.name.clone()).collect();
    let mut c = BarChart::new_with_theme(vec![backlog, overdue], names, theme_name(style.theme));
    apply(&mut c.base, &mut c.y_axis_configs, style);
    c.series.colors = vec![p.series[0].into(), p.series[5].into()];
    c.title.text = style.heading(&title);
    c.sub_title.text = t(lang, T::OverdueSubtitle).into();
    if hidden > 0 {
        let note = crate::text::hidden_units(lang, crate::bars::MAX_BARS, hidden);
        c.sub_title.text = crate::text::joined(lang, &[&c.sub_title.text, &note]);
    }
    c.legend.position = Some(Position::Bottom);
    c.x_axis.label_overflow = style.overflow(AxisLabelOverflow::Ellipsis);
    let largest = bars.iter().filter_map(|b| b.value).fold(0.0, f64::max) as u64;
    count_axis(&mut c.y_axis_configs[0], largest);
    let labels: Vec<String> = bars
        .iter()
        .map(|b| cell(Unit::Count, b.value))
        .chain(overdue_values.iter().map(|&o| cell(Unit::Count, o)))
        .collect();
    let ink = p.text;
    Chart::rendered(title, c.svg(), table).map_svg(|s| label_bars(s, &labels, style.font, ink))
}

/// The oldest overdue tickets, as a table.
pub fn overdue_list(vm: &OverdueList, lang: Lang) -> Chart {
    let title = crate::text::titled_count(lang, T::OverdueListTitle, vm.total as u64);
    let table = Table {
        headers: [
            T::TicketId,
            T::Kind,
            T::District,
            T::Category,
            T::Opened,
            T::Age,
            T::PastLimit,
        ]
        .iter()
        .map(|&h| t(lang, h).to_string())
        .collect(),
        rows: vm
            .tickets
            .iter()
            .map(|o| {
                vec![
                    o.id.clone(),
                    o.kind.label(lang).into(),
                    o.district.clone(),
                    o.category.clone(),
                    o.opened.clone(),
                    span_text(o.age_secs, lang),
                    span_text(o.past_limit_secs, lang),
                ]
            })
            .collect(),
    };
    Chart::table_only(title, table)
}

/// Used by the symbol-less target lines of other trend charts.
pub fn target_line(name: String, value: f64, n: usize, axis: usize, color_slot: usize) -> Series {
    let mut s = Series::new(name, vec![value as f32; n]);
    s.category = Some(SeriesCategory::Line);
    s.y_axis_index = axis;
    s.index = Some(color_slot);
    s.stroke_dash_array = Some("6,3".into());
    s.symbol = Some(Symbol::None);
    s
}
