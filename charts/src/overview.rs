//! The overview's chart: tickets by kind per month over the trend's 12 months, the period's
//! months in full colour and the others faded, with the months they compare with (环比 or 同比)
//! as a dashed line aligned month by month.

use crate::font::theme_name;
use crate::panel::{count, count_axis, Chart, Table};
use crate::style::{apply, faded, Style};
use crate::text::{t, T};
use charts_rs::{AxisLabelOverflow, BarChart, Position, Series, SeriesCategory};
use kpi_core::calendar::Month;
use kpi_core::comparison::Compare;
use kpi_core::domain::Kind;
use kpi_core::i18n::Lang;
use kpi_core::views::overview::KindTrend;

/// Month labels: "2026-03" in both languages (unambiguous on a projector); on a phone "3月" /
/// "Mar", with the year at January (the table has the full months).
pub fn month_labels(months: &[Month], style: &Style) -> Vec<String> {
    if !style.narrow() {
        return months.iter().map(|m| m.to_string()).collect();
    }
    months
        .iter()
        .map(|m| crate::text::short_month(style.lang, m.year(), m.month()))
        .collect()
}

/// The name of a trend's comparison series: "上一周期（环比）" / "去年同月（同比）".
pub fn comparison_name(compare: Compare, lang: Lang) -> &'static str {
    match compare {
        Compare::Previous => t(lang, T::ComparePreviousSeries),
        Compare::YearBefore => t(lang, T::CompareYearSeries),
    }
}

/// The table's note on the selection: "本期" beside the period's months.
pub fn month_cell(month: Month, selected: bool, lang: Lang) -> String {
    if selected {
        format!("{month} {}", t(lang, T::InPeriod))
    } else {
        month.to_string()
    }
}

pub fn kind_trend(vm: &KindTrend, style: &Style) -> Chart {
    let lang = style.lang;
    let title = t(lang, T::KindTrendTitle).to_string();
    let compared = comparison_name(vm.compare, lang);
    let mut headers = vec![t(lang, T::Month).to_string()];
    headers.extend(Kind::ALL.iter().map(|k| k.label(lang).to_string()));
    headers.push(t(lang, T::Total).into());
    headers.push(format!("{compared} {}", t(lang, T::MonthCompared)));
    headers.push(format!("{compared} {}", t(lang, T::Total)));
    let rows = vm
        .months
        .iter()
        .enumerate()
        .map(|(i, &m)| {
            let mut row = vec![month_cell(m, vm.selected.get(i) == Some(&true), lang)];
            let counts: Vec<u64> = vm
                .counts
                .iter()
                .map(|c| c.get(i).copied().unwrap_or(0))
                .collect();
            row.extend(counts.iter().map(|&n| count(n)));
            row.push(count(counts.iter().sum()));
            row.push(
                vm.comparison_months
                    .get(i)
                    .map_or_else(String::new, |m| m.to_string()),
            );
            row.push(
                vm.comparison
                    .get(i)
                    .copied()
                    .flatten()
                    .map_or(kpi_core::display::UNDEFINED.into(), count),
            );
            row
        })
        .collect();
    let table = Table { headers, rows };
    if vm.is_empty() {
        return Chart::empty(title, table);
    }
    let p = style.palette();
    let mut series: Vec<Series> = Kind::ALL
        .iter()
        .zip(&vm.counts)
        .enumerate()
        .map(|(k, (kind, counts))| {
            let mut s: Series = (
                kind.label(lang),
                counts.iter().map(|&n| n as f32).collect::<Vec<f32>>(),
            )
                .into();
            s.stack = Some("kinds".into());
            let color = p.series[k];
            s.colors = Some(
                vm.selected
                    .iter()
                    .map(|&sel| {
                        Some(if sel {
                            color.into()
                        } else {
                            faded(color).as_str().into()
                        })
                    })
                    .collect(),
            );
            s
        })
        .collect();
    // The comparison only when it has tickets: a line along zero says nothing.
    if vm.comparison.iter().any(|n| n.is_some_and(|n| n > 0)) {
        let mut previous: Series = (
            compared,
            vm.comparison
                .iter()
                .map(|n| n.map(|n| n as f32))
                .collect::<Vec<Option<f32>>>(),
        )
            .into();
        previous.category = Some(SeriesCategory::Line);
        previous.stroke_dash_array = Some("5,4".into());
        series.push(previous);
    }
    let mut c = BarChart::new_with_theme(
        series,
        month_labels(&vm.months, style),
        theme_name(style.theme),
    );
    apply(&mut c.base, &mut c.y_axis_configs, style);
    c.series.colors = p.series[..6].iter().map(|&c| c.into()).collect();
    c.series.colors.push(p.comparison.into());
    c.title.text = style.heading(&title);
    c.sub_title.text = t(lang, T::TrendSubtitle).into();
    c.legend.position = Some(Position::Bottom);
    c.x_axis.label_overflow = style.overflow(AxisLabelOverflow::Thin);
    let largest = (0..vm.months.len())
        .map(|i| {
            vm.counts
                .iter()
                .map(|c| c.get(i).copied().unwrap_or(0))
                .sum::<u64>()
        })
        .chain(vm.comparison.iter().flatten().copied())
        .max()
        .unwrap_or(0);
    count_axis(&mut c.y_axis_configs[0], largest);
    Chart::rendered(title, c.svg(), table)
}
