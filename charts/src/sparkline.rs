//! Sparklines: a KPI's 12 months as a tiny inline SVG line on its card, the period's months on a
//! shaded band. Too small for axes or labels, so it is drawn directly rather than with charts-rs;
//! a gap marks an undefined month. The card's own figures stay the accessible reading; the line
//! is `aria-hidden`.

use std::fmt::Write;

pub const WIDTH: f64 = 120.0;
pub const HEIGHT: f64 = 28.0;

/// The SVG of a sparkline, or `None` with fewer than two defined points.
pub fn sparkline(
    values: &[Option<f64>],
    selected: &[bool],
    color: &str,
    band: &str,
) -> Option<String> {
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
    let mut shade = String::new();
    let first = selected.iter().position(|&s| s);
    let last = selected.iter().rposition(|&s| s);
    if let (Some(a), Some(b)) = (first, last) {
        let x0 = (a as f64 - 0.5).max(0.0) * step;
        let x1 = ((b as f64 + 0.5) * step).min(WIDTH);
        let _ = write!(
            shade,
            r#"<rect x="{x0:.1}" y="0" width="{:.1}" height="{HEIGHT}" fill="{band}"/>"#,
            (x1 - x0).max(2.0)
        );
    }
    let mut path = String::new();
    let mut pen_down = false;
    let mut last_point = None;
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
                last_point = Some((px, py));
            }
            None => pen_down = false,
        }
    }
    let (lx, ly) = last_point?;
    Some(format!(
        r#"<svg class="sparkline" viewBox="-2 0 {w} {HEIGHT}" width="{w}" height="{HEIGHT}" preserveAspectRatio="xMinYMid meet" aria-hidden="true">{shade}<path d="{d}" fill="none" stroke="{color}" stroke-width="1.5" stroke-linejoin="round"/><circle cx="{lx:.1}" cy="{ly:.1}" r="2" fill="{color}"/></svg>"#,
        w = WIDTH + 4.0,
        d = path.trim_start(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_band_and_degenerate_input() {
        assert_eq!(sparkline(&[], &[], "#000", "#ff0"), None);
        assert_eq!(
            sparkline(&[Some(1.0), None], &[false, true], "#000", "#ff0"),
            None
        );
        let svg = sparkline(
            &[Some(1.0), None, Some(3.0), Some(2.0)],
            &[false, false, false, true],
            "#000",
            "#ff0",
        )
        .unwrap();
        assert!(
            svg.contains(r#"d="M0.0,25.0 M80.0,3.0 L120.0,14.0""#),
            "{svg}"
        );
        assert!(
            svg.contains(r##"<rect x="100.0" y="0" width="20.0""##),
            "{svg}"
        );
        let flat = sparkline(&[Some(5.0), Some(5.0)], &[false, false], "#000", "#ff0").unwrap();
        assert!(flat.contains("M0.0,25.0 L120.0,25.0"), "{flat}");
    }
}
