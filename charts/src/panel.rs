//! What a builder returns: the SVG, or why there is none, and the same figures as a table (the
//! accessible alternative, and the way to copy numbers).

use charts_rs::YAxisConfig;

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
            },
            Err(e) => Chart {
                title,
                svg: None,
                error: Some(e.to_string()),
                table,
            },
        }
    }

    /// A chart with nothing to draw.
    pub fn empty(title: String, table: Table) -> Chart {
        Chart {
            title,
            svg: None,
            error: None,
            table,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.svg.is_none() && self.error.is_none()
    }
}

/// A figure as a chart value (charts-rs draws `f32`); undefined stays a gap.
pub fn point(value: Option<f64>) -> Option<f32> {
    value.filter(|v| v.is_finite()).map(|v| v as f32)
}

/// A figure as table text: the display rounding of `kpi_core::display`, "—" when undefined.
pub fn cell(unit: kpi_core::catalog::Unit, value: Option<f64>) -> String {
    kpi_core::display::number(unit, value)
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

#[cfg(test)]
mod tests {
    use super::{value_axis, LABEL_ROOM};
    use charts_rs::YAxisConfig;

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
