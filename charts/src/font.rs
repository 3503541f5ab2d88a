//! The one font of every chart, and the chart theme.
//!
//! charts-rs measures text with the font named by `font_family`; an unregistered name silently
//! falls back to its embedded Roboto, which has no CJK glyphs and measures Chinese at half width
//! (labels then overlap). So the app's CJK subset is registered here and the theme names it.

use charts_rs::{add_fonts, add_theme, get_font_families, get_theme, Color, THEME_LIGHT};

/// The family name inside `public/fonts/NotoSansSC-subset.otf`, as the browser's @font-face
/// also declares it.
pub const FAMILY: &str = "Noto Sans CJK SC";

/// The theme every builder uses.
pub const THEME: &str = "kpi";

/// Okabe–Ito: distinguishable with the common colour-vision deficiencies.
pub const PALETTE: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
];

/// Colours with a fixed meaning.
pub const GREEN: &str = "#009E73";
pub const AMBER: &str = "#E69F00";
pub const RED: &str = "#D55E00";
pub const BLUE: &str = "#0072B2";
pub const GREY: &str = "#9AA4AF";
/// The comparison period: a faded grey.
pub const FADED: &str = "#7F8C9980";

/// Why the charts cannot be drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontError(pub String);

/// Registers the CJK font and the theme. Idempotent; call before rendering any chart.
pub fn register(otf: &[u8]) -> Result<(), FontError> {
    add_fonts(&[otf]).map_err(|e| FontError(e.to_string()))?;
    let families = get_font_families().map_err(|e| FontError(e.to_string()))?;
    if !families.iter().any(|f| f == FAMILY) {
        return Err(FontError(format!(
            "the font does not declare the family {FAMILY}"
        )));
    }
    let mut theme = (*get_theme(THEME_LIGHT)).clone();
    theme.font_family = FAMILY.to_string();
    theme.series.colors = PALETTE.into_iter().map(Color::from).collect();
    add_theme(THEME, theme);
    Ok(())
}
