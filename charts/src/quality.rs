//! The data-quality view's charts: how often each optional field is filled in, and how many
//! tickets show each timestamp anomaly. Both are over the whole file (filters do not apply),
//! and the titles say so.

use crate::font::{AMBER, BLUE, THEME};
use crate::panel::{cell, point, Chart, Table};
use charts_rs::{HorizontalBarChart, Series};
use kpi_core::catalog::Unit;
use kpi_core::i18n::Lang;
use kpi_core::views::quality::{AnomalyCount, Coverage};

pub const WIDTH: f32 = 720.0;

/// Height for `rows` horizontal bars: room for the title, the axis and ~34 px a bar.
fn height(rows: usize) -> f32 {
    110.0 + 34.0 * rows as f32
}

/// One horizontal bar per label, the first label at the top (charts-rs draws index 0 at the
/// bottom, so both lists are reversed).
fn bars(
    labels: Vec<String>,
    values: Vec<Option<f32>>,
    name: &str,
    color: &str,
) -> HorizontalBarChart {
    let rows = labels.len();
    let mut values = values;
    values.reverse();
    let mut labels = labels;
    labels.reverse();
    let mut s: Series = (name, values).into();
    s.label_show = true;
    let mut c = HorizontalBarChart::new_with_theme(vec![s], labels, THEME);
    c.series.colors = vec![color.into()];
    c.width = WIDTH;
    c.height = height(rows);
    c.legend.show = Some(false);
    c.margin.right = 48.0;
    c
}

/// Share of accepted tickets that have each optional field, in %.
pub fn field_coverage(vm: &[Coverage], lang: Lang) -> Chart {
    let title = lang
        .pick(
            "字段填写率（%，全部有效工单，不受筛选影响）",
            "Field coverage (% of all accepted tickets; filters do not apply)",
        )
        .to_string();
    let table = Table {
        headers: vec![
            lang.pick("字段", "Field").into(),
            lang.pick("导出字段名", "Export field").into(),
            lang.pick("有值工单", "Filled in").into(),
            lang.pick("适用工单", "Applicable").into(),
            lang.pick("填写率（%）", "Coverage (%)").into(),
        ],
        rows: vm
            .iter()
            .map(|c| {
                vec![
                    c.field.label(lang).into(),
                    c.field.key().into(),
                    cell(Unit::Count, Some(c.present as f64)),
                    cell(Unit::Count, Some(c.eligible as f64)),
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
    let mut c = bars(labels, values, lang.pick("填写率", "Coverage"), BLUE);
    c.title.text = title.clone();
    c.sub_title.text = lang
        .pick(
            "到场时间仅统计故障报修；满意度含回访评分",
            "arrival: repairs only; satisfaction includes survey scores",
        )
        .into();
    c.series.label.formatter = "{c}%".into();
    let axis = &mut c.y_axis_configs[0];
    axis.formatter = Some("{c}%".into());
    axis.min = Some(0.0);
    axis.max = Some(100.0);
    axis.split_number = 5;
    Chart::rendered(title, c.svg(), table)
}

/// Tickets per timestamp anomaly; the table adds what each means and a few example ids.
pub fn anomalies(vm: &[AnomalyCount], lang: Lang) -> Chart {
    let title = lang
        .pick(
            "时间戳异常（件，全部有效工单，不受筛选影响）",
            "Timestamp anomalies (tickets; all accepted tickets, filters do not apply)",
        )
        .to_string();
    let table = Table {
        headers: vec![
            lang.pick("异常", "Anomaly").into(),
            lang.pick("工单数", "Tickets").into(),
            lang.pick("示例工单号", "Example ids").into(),
            lang.pick("含义", "Meaning").into(),
        ],
        rows: vm
            .iter()
            .map(|a| {
                vec![
                    a.anomaly.label(lang).into(),
                    cell(Unit::Count, Some(a.count as f64)),
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
    let mut c = bars(labels, values, lang.pick("工单数", "Tickets"), AMBER);
    c.title.text = title.clone();
    c.sub_title.text = lang
        .pick(
            "一张工单可有多种异常；含义见下表",
            "a ticket may show several; see the table below for meanings",
        )
        .into();
    c.series.label.formatter = "{t}".into();
    let largest = vm.iter().map(|a| a.count).max().unwrap_or(0);
    crate::timeliness::count_axis(&mut c.y_axis_configs[0], largest);
    Chart::rendered(title, c.svg(), table)
}
