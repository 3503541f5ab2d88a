//! The one font of every chart, and the chart themes.
//!
//! charts-rs measures text with the font named by `font_family`; an unregistered name silently
//! falls back to its embedded Roboto, which has no CJK glyphs and measures Chinese at half width
//! (labels then overlap). So the app's CJK subset is registered here and every theme names it.

use crate::style::Palette;
use charts_rs::{add_fonts, add_theme, get_font_families, get_theme, THEME_DARK, THEME_LIGHT};
use kpi_core::theme::Theme;

/// The family name inside `public/fonts/NotoSansSC-subset.ttf`, as the browser's @font-face
/// also declares it.
pub const FAMILY: &str = "Noto Sans CJK SC";

/// Why the charts cannot be drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontError(pub String);

/// The charts-rs theme of a page theme.
pub fn theme_name(theme: Theme) -> &'static str {
    match theme {
        Theme::Light => "kpi-light",
        Theme::Dark => "kpi-dark",
        Theme::Contrast => "kpi-contrast",
    }
}

/// Registers the CJK font and the themes. Idempotent; call before rendering any chart.
pub fn register(font: &[u8]) -> Result<(), FontError> {
    add_fonts(&[font]).map_err(|e| FontError(e.to_string()))?;
    let families = get_font_families().map_err(|e| FontError(e.to_string()))?;
    if !families.iter().any(|f| f == FAMILY) {
        return Err(FontError(format!(
            "the font does not declare the family {FAMILY}"
        )));
    }
    for theme in Theme::ALL {
        let base = if theme == Theme::Dark {
            THEME_DARK
        } else {
            THEME_LIGHT
        };
        let p = Palette::of(theme);
        let mut t = (*get_theme(base)).clone();
        t.font_family = FAMILY.to_string();
        t.background_color = p.background.into();
        t.series.colors = p.series.iter().map(|&c| c.into()).collect();
        add_theme(theme_name(theme), t);
    }
    Ok(())
}
