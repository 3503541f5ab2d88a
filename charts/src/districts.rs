//! The districts view's charts: the district × month heatmap and the per-district scorecards.

use crate::font::{AMBER, GREEN, RED, THEME};
use crate::panel::{cell, Chart, Table};
use charts_rs::{Bullet, BulletChart, HeatmapChart};
use kpi_core::catalog::{Better, Metric, Status, Unit};
use kpi_core::display::UNDEFINED;
use kpi_core::i18n::Lang;
use kpi_core::views::districts::{Heatmap, Scorecard};

/// District × month heatmap. Darker is more; the subtitle says whether more is better. Cells
/// carry `data-y` = the district name for click-to-filter.
pub fn heatmap(vm: &Heatmap, metric_label: &str, lang: Lang) -> Chart {
    let unit = vm.metric.unit();
    let title = match lang {
        Lang::Zh => format!("各区县逐月{metric_label}"),
        Lang::En => format!("{metric_label} by district and month"),
    };
    let mut headers = vec![lang.pick("区县", "District").to_string()];
    headers.extend(vm.months.iter().map(|m| m.to_string()));
    let table = Table {
        headers,
        rows: vm
            .districts
            .iter()
            .zip(&vm.values)
            .map(|((_, name), row)| {
                let mut r = vec![name.clone()];
                r.extend(row.iter().map(|&v| cell(unit, v)));
                r
            })
            .collect(),
    };
    if vm.is_empty() || vm.months.is_empty() || vm.districts.is_empty() {
        return Chart::empty(title, table);
    }
    let width = vm.months.len();
    // Row 0 is drawn at the bottom: put the first district on top.
    let rows = vm.districts.len();
    let data: Vec<(usize, f32)> = vm
        .values
        .iter()
        .enumerate()
        .flat_map(|(d, row)| {
            row.iter().enumerate().filter_map(move |(m, v)| {
                let v = v.filter(|v| v.is_finite())? as f32;
                Some(((rows - 1 - d) * width + m, v))
            })
        })
        .collect();
    let y: Vec<String> = vm.districts.iter().rev().map(|(_, n)| n.clone()).collect();
    let x: Vec<String> = vm.months.iter().map(|m| m.to_string()).collect();
    let mut c = HeatmapChart::new_with_theme(data, x, y, THEME);
    c.width = 900.0;
    c.height = 80.0 + 36.0 * rows as f32;
    c.title.text = title.clone();
    c.sub_title.text = match vm.metric.better() {
        Better::Higher => lang.pick(
            "颜色越深数值越高（越好）；列为月份",
            "darker = higher (better); columns are months",
        ),
        Better::Lower => lang.pick(
            "颜色越深数值越高（越差）；列为月份",
            "darker = higher (worse); columns are months",
        ),
        Better::Neither => lang.pick(
            "颜色越深数值越高；列为月份",
            "darker = higher; columns are months",
        ),
    }
    .into();
    let values: Vec<f32> = c.heatmap_series.data.iter().map(|d| d.value).collect();
    c.heatmap_series.min = values.iter().copied().fold(f32::INFINITY, f32::min);
    c.heatmap_series.max = values.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    c.heatmap_series.colors = vec!["#EFF6FB".into(), "#6BAED6".into(), "#08306B".into()];
    c.series.label.formatter = match unit {
        Unit::Count => "{:.0}".into(),
        Unit::PerTenThousand | Unit::Score => "{:.2}".into(),
        _ => "{:.1}".into(),
    };
    Chart::rendered(title, c.svg(), table)
}

/// Bullets of one district's rates against their targets: the bar is the value, the tick the
/// target; background bands mark "more than 10 points short", "within 10", "at or above".
pub fn scorecard(vm: &Scorecard, label: impl Fn(Metric) -> String, lang: Lang) -> Chart {
    let title = format!("{} · {}", vm.name, lang.pick("目标达成", "against targets"));
    let table = Table {
        headers: vec![
            lang.pick("指标", "KPI").into(),
            lang.pick("数值", "Value").into(),
            lang.pick("目标", "Target").into(),
            lang.pick("状态", "Status").into(),
        ],
        rows: vm
            .items
            .iter()
            .map(|&(m, v, t)| {
                let status = m.status(v, Some(t)).map_or(UNDEFINED, |s| s.label(lang));
                vec![
                    label(m),
                    cell(m.unit(), v),
                    cell(m.unit(), Some(t)),
                    status.into(),
                ]
            })
            .collect(),
    };
    let bullets: Vec<Bullet> = vm
        .items
        .iter()
        .filter_map(|&(m, v, t)| {
            let value = v.filter(|v| v.is_finite())? as f32;
            let color = match m.status(v, Some(t)) {
                Some(Status::Green) => GREEN,
                Some(Status::Amber) => AMBER,
                _ => RED,
            };
            Some(Bullet {
                name: label(m),
                value,
                target: Some(t as f32),
                ranges: vec![(t as f32 - 10.0).max(0.0), t as f32, 100.0],
                min: Some(0.0),
                max: Some(100.0),
                color: Some(color.into()),
            })
        })
        .collect();
    if bullets.is_empty() {
        return Chart::empty(title, table);
    }
    let rows = bullets.len();
    let mut c = BulletChart::new_with_theme(bullets, THEME);
    c.width = 440.0;
    c.height = 60.0 + 46.0 * rows as f32;
    c.title.text = title.clone();
    c.label_show = true;
    c.range_colors = vec!["#E9ECEF".into(), "#D5DBE1".into(), "#C1C9D2".into()];
    c.y_axis_configs[0].formatter = Some("{c}%".into());
    Chart::rendered(title, c.svg(), table)
}
