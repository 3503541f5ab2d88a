//! The data-quality view's charts: how often each optional field is filled in, and how many
//! tickets show each timestamp anomaly. Both are over the whole file (filters do not apply),
//! and the titles say so.

use crate::font::theme_name;
use crate::panel::{cell, count, count_axis, point, Chart, Table};
use crate::style::{apply, Style};
use crate::text::{t, T};
use charts_rs::{HorizontalBarChart, Series};
use kpi_core::catalog::Unit;
use kpi_core::views::quality::{AnomalyCount, Coverage};

/// One horizontal bar per label, the first label at the top (charts-rs draws index 0 at the
/// bottom, so both lists are reversed).
fn bars(
    labels: Vec<String>,
    values: Vec<Option<f32>>,
    name: &str,
    color: &str,
    style: &Style,
) -> HorizontalBarChart {
    let rows = labels.len();
    let mut values = values;
    values.reverse();
    let mut labels = labels;
    labels.reverse();
    let mut s: Series = (name, values).into();
    s.label_show = true;
    let mut c = HorizontalBarChart::new_with_theme(vec![s], labels, theme_name(style.theme));
    let sized = Style {
        height: style.rows_height(rows, 34.0),
        ..*style
    };
    apply(&mut c.base, &mut c.y_axis_configs, &sized);
    c.series.colors = vec![color.into()];
    c.legend.show = Some(false);
    c.margin.right = style.font * 4.0;
    c
}

/// Share of accepted tickets that have each optional field, in %.
pub fn field_coverage(vm: &[Coverage], style: &Style) -> Chart {
    let lang = style.lang;
    let title = t(lang, T::FieldCoverageTitle).to_string();
    let table = Table {
        headers: vec![
            t(lang, T::Field).into(),
            t(lang, T::ExportField).into(),
            t(lang, T::FilledIn).into(),
            t(lang, T::Applicable).into(),
            t(lang, T::CoveragePct).into(),
        ],
        rows: vm
            .iter()
            .map(|c| {
                vec![
                    c.field.label(lang).into(),
                    c.field.key().into(),
                    count(c.present),
                    count(c.eligible),
                    cell(Unit::Percent, c.pct()),
                ]
            })
            .collect(),
    };
    if vm.iter().all(|c| c.pct().is_none()) {
        return Chart::empty(title, table);
    }
    let labels = vm.iter().map(|c| c.field.label(lang).to_string()).collect();
    let values = vm.iter().map(|c| point(c.pct())).collect();
    let p = style.palette();
    let mut c = bars(labels, values, t(lang, T::Coverage), p.series[0], style);
    c.title.text = style.heading(&title);
    c.sub_title.text = t(lang, T::FieldCoverageSubtitle).into();
    c.series.label.formatter = "{c}%".into();
    let axis = &mut c.y_axis_configs[0];
    axis.formatter = Some("{c}%".into());
    axis.min = Some(0.0);
    axis.max = Some(100.0);
    axis.split_number = 5;
    Chart::rendered(title, c.svg(), table)
}

/// Tickets per timestamp anomaly; the table adds what each means and a few example ids.
pub fn anomalies(vm: &[AnomalyCount], style: &Style) -> Chart {
    let lang = style.lang;
    let title = t(lang, T::AnomaliesTitle).to_string();
    let table = Table {
        headers: vec![
            t(lang, T::Anomaly).into(),
            t(lang, T::Tickets).into(),
            t(lang, T::ExampleIds).into(),
            t(lang, T::Meaning).into(),
        ],
        rows: vm
            .iter()
            .map(|a| {
                vec![
                    a.anomaly.label(lang).into(),
                    count(a.count),
                    a.examples.join(", "),
                    a.anomaly.meaning(lang).into(),
                ]
            })
            .collect(),
    };
    if vm.iter().all(|a| a.count == 0) {
        return Chart::empty(title, table);
    }
    let labels = vm
        .iter()
        .map(|a| a.anomaly.label(lang).to_string())
        .collect();
    let values = vm.iter().map(|a| Some(a.count as f32)).collect();
    let p = style.palette();
    let mut c = bars(labels, values, t(lang, T::Tickets), p.series[1], style);
    c.title.text = style.heading(&title);
    c.sub_title.text = t(lang, T::AnomaliesSubtitle).into();
    c.series.label.formatter = "{t}".into();
    let largest = vm.iter().map(|a| a.count).max().unwrap_or(0);
    count_axis(&mut c.y_axis_configs[0], largest);
    Chart::rendered(title, c.svg(), table)
}
