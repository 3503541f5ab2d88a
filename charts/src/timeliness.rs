//! The timeliness view's charts: first-response and repair-arrival histograms by area type,
//! monthly median/p90 trends, and backlog/overdue by district.

use crate::font::{BLUE, PALETTE, RED, THEME};
use crate::panel::{cell, point, Chart, Table};
use charts_rs::{AxisLabelOverflow, BarChart, LineChart, Position, Series, YAxisConfig};
use kpi_core::catalog::Unit;
use kpi_core::domain::Area;
use kpi_core::i18n::Lang;
use kpi_core::views::timeliness::{
    minutes_text, BacklogBar, DurationTrend, Histogram, LimitOf, Quantiles,
};

pub const WIDTH: f32 = 720.0;
pub const HEIGHT: f32 = 340.0;

/// A count axis with thousands separators. Below [`FEW`] the automatic steps would be
/// fractions (0.7, 1.4 …) of a whole ticket, so the axis then steps by one up to the largest
/// count.
pub(crate) fn count_axis(axis: &mut YAxisConfig, largest: u64) {
    /// The largest count up to which the axis steps by one.
    const FEW: u64 = 6;
    axis.formatter = Some("{t}".into());
    if largest <= FEW {
        let top = largest.max(1);
        axis.min = Some(0.0);
        axis.max = Some(top as f32);
        axis.split_number = top as usize;
    }
}

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
    parts.join(lang.pick("、", ", "))
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
    let mut headers = vec![lang.pick("用时（分钟）", "Minutes").to_string()];
    headers.extend(Area::ALL.iter().map(|a| a.label(lang).to_string()));
    headers.push(lang.pick("合计", "Total").into());
    headers.push(lang.pick("该档上限为时限", "Bin ends at limit").into());
    let rows = vm
        .labels()
        .into_iter()
        .enumerate()
        .map(|(i, label)| {
            let mut row = vec![label];
            row.extend(
                vm.counts
                    .iter()
                    .map(|c| cell(Unit::Count, c.get(i).map(|&n| n as f64))),
            );
            row.push(cell(Unit::Count, Some(vm.total(i) as f64)));
            let limits: Vec<&str> = vm
                .limits_ending(i)
                .iter()
                .map(|l| l.of.label(lang))
                .collect();
            row.push(limits.join(lang.pick("、", ", ")));
            row
        })
        .collect();
    Table { headers, rows }
}

/// Bars of counts per bin, one series per area type (legend names given), bins ending at a
/// limit marked.
fn histogram(
    vm: &Histogram,
    title: String,
    subtitle: String,
    names: [String; 3],
    lang: Lang,
) -> Chart {
    let table = histogram_table(vm, lang);
    if vm.is_empty() {
        return Chart::empty(title, table);
    }
    let series: Vec<Series> = names
        .into_iter()
        .zip(&vm.counts)
        .map(|(name, counts)| {
            Series::new(name, counts.iter().map(|&n| n as f32).collect::<Vec<f32>>())
        })
        .collect();
    let mut c = BarChart::new_with_theme(series, bin_labels(vm), THEME);
    c.width = WIDTH;
    c.height = HEIGHT;
    c.title.text = title.clone();
    c.sub_title.text = subtitle;
    c.legend.position = Some(Position::Bottom);
    c.x_axis.label_overflow = AxisLabelOverflow::Rotate;
    let largest = vm.counts.iter().flatten().copied().max().unwrap_or(0);
    count_axis(&mut c.y_axis_configs[0], largest);
    Chart::rendered(title, c.svg(), table)
}

/// Minutes from opening to first response, binned, by the district's area type. First-response
/// limits are by kind, so the marks name the kinds.
pub fn first_response_histogram(vm: &Histogram, lang: Lang) -> Chart {
    let title = lang
        .pick(
            "首次响应用时分布（件，按分钟分档）",
            "First-response time (tickets, binned by minutes)",
        )
        .to_string();
    let subtitle = if vm.limits.is_empty() {
        lang.pick(
            "未设首次响应时限；各档含上限",
            "No first-response limits; bins include their upper edge",
        )
        .to_string()
    } else {
        match lang {
            Lang::Zh => format!(
                "{LIMIT_MARK} 该档上限为时限：{} 分钟；各档含上限",
                limits_text(vm, lang)
            ),
            Lang::En => format!(
                "{LIMIT_MARK} bin ends at a limit: {} min; bins include their upper edge",
                limits_text(vm, lang)
            ),
        }
    };
    let names = Area::ALL.map(|a| a.label(lang).to_string());
    histogram(vm, title, subtitle, names, lang)
}

/// Minutes from opening to arrival on site for repairs, binned, by area type; each area's limit
/// is in its legend name and marked on the bin it ends.
pub fn repair_arrival_histogram(vm: &Histogram, lang: Lang) -> Chart {
    let title = lang
        .pick(
            "故障报修到场用时分布（件，按分钟分档）",
            "Repair arrival time (tickets, binned by minutes)",
        )
        .to_string();
    let subtitle = lang
        .pick(
            "◆ 该档上限为区域到场时限（见图例）；各档含上限",
            "◆ bin ends at an area's limit (see legend); bins include their upper edge",
        )
        .to_string();
    let names = Area::ALL.map(|a| {
        let limit = vm.limits.iter().find(|l| l.of == LimitOf::Area(a));
        match (limit, lang) {
            (Some(l), Lang::Zh) => {
                format!("{}（时限 {} 分钟）", a.label(lang), minutes_text(l.minutes))
            }
            (Some(l), Lang::En) => {
                format!("{} (limit {} min)", a.label(lang), minutes_text(l.minutes))
            }
            (None, Lang::Zh) => format!("{}（未设时限）", a.label(lang)),
            (None, Lang::En) => format!("{} (no limit)", a.label(lang)),
        }
    });
    histogram(vm, title, subtitle, names, lang)
}

/// One measure of a trend: its name, its monthly values, its colour, dashed or not, and
/// whether its points are labelled.
struct Line<'a> {
    name: String,
    values: &'a [Option<f64>],
    color: &'static str,
    dashed: bool,
    labels: bool,
}

/// A line chart over the trend's months; undefined months are gaps.
fn trend_chart(
    vm: &DurationTrend,
    title: String,
    unit: Unit,
    lines: Vec<Line<'_>>,
    lang: Lang,
) -> Chart {
    let mut headers = vec![lang.pick("月份", "Month").to_string()];
    headers.extend(lines.iter().map(|l| l.name.clone()));
    let rows = vm
        .months
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let mut row = vec![m.to_string()];
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
    let colors = lines.iter().map(|l| l.color.into()).collect();
    let series = lines
        .into_iter()
        .map(|l| {
            let mut s: Series = (
                l.name.as_str(),
                l.values
                    .iter()
                    .map(|&v| point(v))
                    .collect::<Vec<Option<f32>>>(),
            )
                .into();
            if l.dashed {
                s.stroke_dash_array = Some("6,4".into());
            }
            s.label_show = l.labels;
            s
        })
        .collect();
    let months = vm.months.iter().map(|m| m.to_string()).collect();
    let mut c = LineChart::new_with_theme(series, months, THEME);
    c.series.colors = colors;
    c.width = WIDTH;
    c.height = HEIGHT;
    c.title.text = title.clone();
    c.sub_title.text = lang
        .pick(
            "实线：中位数；虚线：P90；断开处为当月无数据",
            "solid: median; dashed: p90; gaps: no data that month",
        )
        .into();
    c.legend.position = Some(Position::Bottom);
    c.x_axis.label_overflow = AxisLabelOverflow::Thin;
    c.y_axis_configs[0].formatter = Some("{t}".into());
    c.y_axis_configs[0].min = Some(0.0);
    c.series.label.formatter = "{:.1}".into();
    Chart::rendered(title, c.svg(), table)
}

/// The median and p90 lines of one duration; `labels` writes the median's values on its points
/// (when the p90 dwarfs it, the median's line alone would sit flat along the axis).
fn quantile_lines<'a>(
    q: &'a Quantiles,
    name: &str,
    color: &'static str,
    labels: bool,
    lang: Lang,
) -> [Line<'a>; 2] {
    [
        Line {
            name: format!("{name} {}", lang.pick("中位数", "median")),
            values: &q.median,
            color,
            dashed: false,
            labels,
        },
        Line {
            name: format!("{name} P90"),
            values: &q.p90,
            color,
            dashed: true,
            labels: false,
        },
    ]
}

/// Monthly median and p90 of first-response and repair-arrival minutes.
pub fn response_trend(vm: &DurationTrend, lang: Lang) -> Chart {
    let title = lang
        .pick(
            "首次响应与报修到场用时月度趋势（分钟）",
            "First response and repair arrival by month (minutes)",
        )
        .to_string();
    let mut lines = Vec::from(quantile_lines(
        &vm.first_response,
        lang.pick("首次响应", "First response"),
        BLUE,
        false,
        lang,
    ));
    lines.extend(quantile_lines(
        &vm.repair_arrival,
        lang.pick("报修到场", "Repair arrival"),
        PALETTE[1],
        false,
        lang,
    ));
    trend_chart(vm, title, Unit::Minutes, lines, lang)
}

/// Monthly median and p90 of resolution hours.
pub fn resolution_trend(vm: &DurationTrend, lang: Lang) -> Chart {
    let title = lang
        .pick(
            "办结用时月度趋势（小时）",
            "Resolution time by month (hours)",
        )
        .to_string();
    let lines = Vec::from(quantile_lines(
        &vm.resolution,
        lang.pick("办结", "Resolution"),
        PALETTE[2],
        true,
        lang,
    ));
    trend_chart(vm, title, Unit::Hours, lines, lang)
}

/// Backlog and overdue tickets per district, side by side. Bars carry `data-category` = the
/// district name for click-to-filter.
pub fn backlog_by_district(vm: &[BacklogBar], lang: Lang) -> Chart {
    let title = lang
        .pick(
            "各区县积压与超时工单（件）",
            "Backlog and overdue by district (tickets)",
        )
        .to_string();
    let (backlog, overdue) = (
        lang.pick("未办结", "Backlog"),
        lang.pick("已超办结时限", "Overdue"),
    );
    let table = Table {
        headers: vec![
            lang.pick("区县", "District").into(),
            backlog.into(),
            overdue.into(),
        ],
        rows: vm
            .iter()
            .map(|b| {
                vec![
                    b.name.clone(),
                    cell(Unit::Count, Some(b.backlog as f64)),
                    cell(Unit::Count, Some(b.overdue as f64)),
                ]
            })
            .collect(),
    };
    if vm.iter().all(|b| b.backlog == 0) {
        return Chart::empty(title, table);
    }
    let series = vec![
        Series::new(
            backlog.into(),
            vm.iter().map(|b| b.backlog as f32).collect(),
        ),
        Series::new(
            overdue.into(),
            vm.iter().map(|b| b.overdue as f32).collect(),
        ),
    ];
    let names = vm.iter().map(|b| b.name.clone()).collect();
    let mut c = BarChart::new_with_theme(series, names, THEME);
    c.series.colors = vec![BLUE.into(), RED.into()];
    for s in &mut c.series_list {
        s.label_show = true;
    }
    c.width = WIDTH;
    c.height = HEIGHT;
    c.title.text = title.clone();
    c.sub_title.text = lang
        .pick(
            "超时：未办结且已超过办结时限（以导出时间计）",
            "overdue: unresolved and past its resolution limit at export time",
        )
        .into();
    c.legend.position = Some(Position::Bottom);
    c.series.label.formatter = "{:.0}".into();
    c.x_axis.label_overflow = AxisLabelOverflow::Ellipsis;
    let largest = vm.iter().map(|b| b.backlog).max().unwrap_or(0);
    count_axis(&mut c.y_axis_configs[0], largest);
    Chart::rendered(title, c.svg(), table)
}
