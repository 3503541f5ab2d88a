//! What a builder returns — the SVG, or why there is none, and the same figures as a table (the
//! accessible alternative, and the way to copy numbers) — and [`render`], which draws any panel
//! of the core's registry at any size.

use crate::style::Style;
use crate::text::{t, T};
use charts_rs::YAxisConfig;
use kpi_core::catalog::Unit;
use kpi_core::i18n::Lang;
use kpi_core::panels::Model;

/// The figures of a chart as rows of text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// A built chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub title: String,
    /// The SVG; `None` when the view has no data (the panel shows "本期无数据").
    pub svg: Option<String>,
    /// Set when charts-rs refused the input (the panel shows it instead of a broken chart).
    pub error: Option<String>,
    pub table: Table,
    /// What an empty panel says instead of "本期无数据" ("各区县均已达标").
    pub note: Option<String>,
}

impl Chart {
    /// A chart from a charts-rs render result.
    pub fn rendered(title: String, svg: charts_rs::Result<String>, table: Table) -> Chart {
        match svg {
            Ok(svg) => Chart {
                title,
                svg: Some(svg),
                error: None,
                table,
                note: None,
            },
            Err(e) => Chart {
                title,
                svg: None,
                error: Some(e.to_string()),
                table,
                note: None,
            },
        }
    }

    /// A chart drawn by hand.
    pub fn drawn(title: String, svg: String, table: Table) -> Chart {
        Chart {
            title,
            svg: Some(svg),
            error: None,
            table,
            note: None,
        }
    }

    /// A chart with nothing to draw.
    pub fn empty(title: String, table: Table) -> Chart {
        Chart {
            title,
            svg: None,
            error: None,
            table,
            note: None,
        }
    }

    /// A table only (the league table, ticket lists).
    pub fn table_only(title: String, table: Table) -> Chart {
        Chart::empty(title, table)
    }

    pub fn is_empty(&self) -> bool {
        self.svg.is_none() && self.error.is_none()
    }

    /// What the panel says when it has nothing to show.
    pub fn with_note(mut self, note: &str) -> Chart {
        self.note = Some(note.to_string());
        self
    }

    /// Adds to the SVG after charts-rs drew it.
    pub fn map_svg(mut self, f: impl FnOnce(&str) -> String) -> Chart {
        self.svg = self.svg.map(|s| f(&s));
        self
    }
}

impl From<Chart> for kpi_core::protocol::Drawing {
    fn from(c: Chart) -> Self {
        kpi_core::protocol::Drawing {
            title: c.title,
            svg: c.svg,
            error: c.error,
            headers: c.table.headers,
            rows: c.table.rows,
            note: c.note,
        }
    }
}

/// Draws a panel's model. Cards are not a chart: their model is laid out by the page.
pub fn render(model: &Model, style: &Style) -> Chart {
    use crate::{complaints, districts, overview, satisfaction, timeliness};
    match model {
        Model::Cards(_) => Chart::empty(String::new(), Table::default()),
        Model::Findings(vm) => crate::review::findings(vm, style.lang),
        Model::Commitments(vm) => crate::review::commitments(vm, style),
        Model::WorstDistricts(vm) => crate::review::worst_districts(vm, style),
        Model::Warnings(vm) => crate::review::warnings(vm, style),
        Model::KindTrend(vm) => overview::kind_trend(vm, style),
        Model::Bars(vm) => crate::bars::district_bars(vm, style),
        Model::League(rows) => districts::league(rows, style),
        Model::Heatmap(vm) => districts::heatmap(vm, style),
        Model::Scorecards(vm) => districts::scorecards(vm, style),
        Model::Pareto(vm) => complaints::pareto(vm, style),
        Model::Channels(vm) => complaints::channels(vm, style),
        Model::KeyComplaints(vm) => complaints::key_complaints(vm, style.lang),
        Model::FirstResponse(vm) => timeliness::first_response_histogram(vm, style),
        Model::RepairArrival(vm) => timeliness::repair_arrival_histogram(vm, style),
        Model::ResponseTrend(vm) => timeliness::response_trend(vm, style),
        Model::ResolutionTrend(vm) => timeliness::resolution_trend(vm, style),
        Model::Backlog(vm) => timeliness::backlog_by_district(vm, style),
        Model::OverdueList(vm) => timeliness::overdue_list(vm, style.lang),
        Model::SatisfactionTrend(vm) => satisfaction::trend(vm, style),
        Model::ScoreDistribution(vm) => satisfaction::score_distribution(vm, style),
        Model::SatisfactionKinds(vm) => satisfaction::by_kind(vm, style),
        Model::ScoreByResolution(vm) => satisfaction::by_resolution_time(vm, style),
        Model::NeedsTickets(inner) => Chart::empty(render(inner, style).title, Table::default())
            .with_note(t(style.lang, T::NeedsTickets)),
    }
}

/// A figure as a chart value (charts-rs draws `f32`); undefined stays a gap.
pub fn point(value: Option<f64>) -> Option<f32> {
    value.filter(|v| v.is_finite()).map(|v| v as f32)
}

/// A figure as table text: the display rounding of `kpi_core::display`, "—" when undefined.
pub fn cell(unit: Unit, value: Option<f64>) -> String {
    kpi_core::display::number(unit, value)
}

/// A count as table text.
pub fn count(n: u64) -> String {
    kpi_core::display::thousands(n)
}

/// Room above the highest bar for its value label: charts-rs may otherwise end the axis at the
/// maximum itself, and that bar's label then runs into the title.
pub const LABEL_ROOM: f64 = 1.12;

/// A 0-based value axis in five steps reaching at least `max × room`. The step is the smallest
/// nice number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10ⁿ; whole for counts) that gets there;
/// five steps keep the grid in line with a 0–100% right axis. Nothing is set without a positive
/// finite `max`.
pub fn value_axis(axis: &mut YAxisConfig, max: f64, room: f64, whole: bool) {
    let want = max * room;
    if !(want.is_finite() && want > 0.0) {
        return;
    }
    let raw = want / 5.0;
    let magnitude = 10f64.powi(raw.log10().floor() as i32);
    let step = [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|&s| s >= raw && (!whole || s.fract() == 0.0))
        .unwrap_or(10.0 * magnitude)
        .max(if whole { 1.0 } else { 0.0 });
    axis.min = Some(0.0);
    axis.max = Some((step * 5.0) as f32);
    axis.split_number = 5;
}

/// Hides a value axis whose steps charts-rs cannot write (it writes one decimal: steps of 0.05
/// would read 0, 0.1, 0.1, 0.2 …). The bars carry their values, so nothing is lost.
pub fn hide_unreadable_axis(base: &mut charts_rs::ChartBase, axis: &YAxisConfig) {
    if let (Some(max), n) = (axis.max, axis.split_number.max(1)) {
        let step = max / n as f32;
        let tenths = step * 10.0;
        if (tenths - tenths.round()).abs() > 1e-3 {
            base.y_axis_hidden = true;
        }
    }
}

/// A count axis with thousands separators that steps by whole tickets.
pub fn count_axis(axis: &mut YAxisConfig, largest: u64) {
    axis.formatter = Some("{t}".into());
    value_axis(axis, largest.max(1) as f64, LABEL_ROOM, true);
}

/// "月份" / "Month" and the other headings shared by tables.
pub fn heading(lang: Lang, text: T) -> String {
    t(lang, text).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn top(max: f64, room: f64, whole: bool) -> Option<f32> {
        let mut a = YAxisConfig::default();
        value_axis(&mut a, max, room, whole);
        a.max
    }

    #[test]
    fn value_axes_leave_room_above_the_highest_bar() {
        assert_eq!(top(45.0, LABEL_ROOM, true), Some(60.0));
        assert_eq!(top(45.0, 1.4, true), Some(75.0));
        assert_eq!(top(90.0, LABEL_ROOM, true), Some(125.0));
        assert_eq!(top(471.0, LABEL_ROOM, true), Some(600.0));
        assert_eq!(
            top(1.0, LABEL_ROOM, true),
            Some(5.0),
            "whole steps for counts"
        );
        assert_eq!(top(10.7, LABEL_ROOM, true), Some(15.0));
        assert_eq!(top(10.7, LABEL_ROOM, false), Some(12.5));
        assert_eq!(top(35.0, LABEL_ROOM, false), Some(40.0));
        assert_eq!(top(0.0, LABEL_ROOM, true), None);
        assert_eq!(top(f64::NAN, LABEL_ROOM, false), None);
    }
}
