//! What a builder returns: the SVG, or why there is none, and the same figures as a table (the
//! accessible alternative, and the way to copy numbers).

use crate::font::RED;
use charts_rs::YAxisConfig;
use kpi_core::catalog::Better;
use kpi_core::i18n::Lang;

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

/// Whether a value misses its target on the side that matters: below a floor when higher is
/// better, above a ceiling when lower is better.
pub fn misses(value: Option<f64>, target: Option<f64>, better: Better) -> bool {
    match (value, target, better) {
        (Some(v), Some(t), Better::Higher) => v < t,
        (Some(v), Some(t), Better::Lower) => v > t,
        _ => false,
    }
}

/// A value against its target in words, with a shape, so colour is never the only signal:
/// "● 达标", "▲ 超出目标" (over a ceiling), "▼ 低于目标" (under a floor), or "—".
pub fn target_status(
    value: Option<f64>,
    target: Option<f64>,
    better: Better,
    lang: Lang,
) -> String {
    match (value, target) {
        (Some(_), Some(_)) if misses(value, target, better) => match better {
            Better::Lower => lang.pick("▲ 超出目标", "▲ above target"),
            _ => lang.pick("▼ 低于目标", "▼ below target"),
        },
        (Some(_), Some(_)) => lang.pick("● 达标", "● on target"),
        _ => kpi_core::display::UNDEFINED,
    }
    .into()
}

/// Per-bar colours: bars that miss the target in red, the others in the series colour.
pub fn off_target_colors(
    values: impl Iterator<Item = Option<f64>>,
    target: Option<f64>,
    better: Better,
) -> Option<Vec<Option<charts_rs::Color>>> {
    Some(
        values
            .map(|v| misses(v, target, better).then(|| RED.into()))
            .collect(),
    )
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
    use super::{misses, target_status, value_axis, LABEL_ROOM};
    use charts_rs::YAxisConfig;
    use kpi_core::catalog::Better;
    use kpi_core::i18n::Lang;

    #[test]
    fn values_against_floors_and_ceilings() {
        let (floor, ceiling) = (Better::Higher, Better::Lower);
        assert!(misses(Some(4.4), Some(4.5), floor));
        assert!(
            !misses(Some(4.5), Some(4.5), floor),
            "on the target is on target"
        );
        assert!(misses(Some(1.6), Some(1.5), ceiling));
        assert!(!misses(None, Some(1.5), ceiling));
        assert!(!misses(Some(9.0), None, ceiling));
        assert_eq!(
            target_status(Some(1.6), Some(1.5), ceiling, Lang::Zh),
            "▲ 超出目标"
        );
        assert_eq!(
            target_status(Some(4.4), Some(4.5), floor, Lang::En),
            "▼ below target"
        );
        assert_eq!(
            target_status(Some(4.6), Some(4.5), floor, Lang::Zh),
            "● 达标"
        );
        assert_eq!(target_status(None, Some(4.5), floor, Lang::Zh), "—");
    }

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
