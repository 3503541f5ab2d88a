//! Sparklines: a KPI's 12 months as a tiny line on its card, the period's months on a shaded
//! band. Too small for axes or labels, so it is drawn directly rather than with charts-rs; a gap
//! marks an undefined month. The card's own figures stay the accessible reading; the line is
//! `aria-hidden`. The page keeps one `<svg>` per card and sets these shapes' attributes in place.

use std::fmt::Write;

pub const WIDTH: f64 = 120.0;
pub const HEIGHT: f64 = 28.0;
/// The `viewBox` of the line: a little room left of the first month for the line's width.
pub const VIEW_BOX: &str = "-2 0 124 28";

/// What a sparkline draws, in its own coordinates (`WIDTH` × `HEIGHT`).
#[derive(Debug, Clone, PartialEq)]
pub struct Spark {
    /// The shaded band behind the period's months: `x` and width.
    pub band: Option<(f64, f64)>,
    /// The line (an SVG path; `M` after a gap).
    pub path: String,
    /// The last month's point, marked with a dot.
    pub dot: (f64, f64),
}

/// The sparkline of 12 months, or `None` with fewer than two defined points.
pub fn sparkline(values: &[Option<f64>], selected: &[bool]) -> Option<Spark> {
    let defined: Vec<f64> = values
        .iter()
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .collect();
    if defined.len() < 2 {
        return None;
    }
    let min = defined.iter().copied().fold(f64::INFINITY, f64::min);
    let max = defined.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let span = if max > min { max - min } else { 1.0 };
    let step = if values.len() > 1 {
        WIDTH / (values.len() - 1) as f64
    } else {
        0.0
    };
    let pad = 3.0;
    let y = |v: f64| pad + (HEIGHT - 2.0 * pad) * (1.0 - (v - min) / span);
    let first = selected.iter().position(|&s| s);
    let last = selected.iter().rposition(|&s| s);
    let band = first.zip(last).map(|(a, b)| {
        let x0 = (a as f64 - 0.5).max(0.0) * step;
        let x1 = ((b as f64 + 0.5) * step).min(WIDTH);
        (x0, (x1 - x0).max(2.0))
    });
    let mut path = String::new();
    let mut pen_down = false;
    let mut dot = None;
    for (i, v) in values.iter().enumerate() {
        match v.filter(|v| v.is_finite()) {
            Some(v) => {
                let (px, py) = (i as f64 * step, y(v));
                let _ = write!(
                    path,
                    "{}{px:.1},{py:.1}",
                    if pen_down { " L" } else { " M" }
                );
                pen_down = true;
                dot = Some((px, py));
            }
            None => pen_down = false,
        }
    }
    Some(Spark {
        band,
        path: path.trim_start().to_string(),
        dot: dot?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_band_and_degenerate_input() {
        assert_eq!(sparkline(&[], &[]), None);
        assert_eq!(sparkline(&[Some(1.0), None], &[false, true]), None);
        let spark = sparkline(
            &[Some(1.0), None, Some(3.0), Some(2.0)],
            &[false, false, false, true],
        )
        .unwrap();
        assert_eq!(spark.path, "M0.0,25.0 M80.0,3.0 L120.0,14.0");
        assert_eq!(spark.band, Some((100.0, 20.0)));
        assert_eq!(spark.dot, (120.0, 14.0));
        let flat = sparkline(&[Some(5.0), Some(5.0)], &[false, false]).unwrap();
        assert_eq!(flat.path, "M0.0,25.0 L120.0,25.0");
        assert_eq!(flat.band, None);
    }
}
