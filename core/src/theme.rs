//! The page's colour theme, as a link parameter (`theme=`): a light one for the desk, a dark one
//! for a projector in a dim room, and a high-contrast light one for a washed-out projector.
//! Colours themselves are the chart crate's and the style sheet's business.

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Theme {
    #[default]
    Light,
    Dark,
    Contrast,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::Light, Theme::Dark, Theme::Contrast];

    pub fn code(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Contrast => "contrast",
        }
    }

    pub fn parse(code: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|t| t.code() == code)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Theme::Light => lang.pick("浅色", "Light"),
            Theme::Dark => lang.pick("深色（投影）", "Dark (projector)"),
            Theme::Contrast => lang.pick("高对比度", "High contrast"),
        }
    }
}
