//! Bilingual text. Everything this crate tells a manager — an assumption, a row problem, a
//! whole-file error — is written in Chinese and in English, Chinese first, because the mapping
//! step is where a manager decides whether the figures can be trusted: a message they cannot
//! read is a figure they cannot trust.

use kpi_core::i18n::Lang;
use serde::{Deserialize, Serialize};

/// One message in both display languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The message in one language.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    /// Both languages on one line, Chinese first: for logs and plain-text reports.
    pub fn both(&self) -> String {
        format!("{} / {}", self.zh, self.en)
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.both())
    }
}

/// A value from the file quoted in a message: shortened to 40 characters so that one runaway
/// cell cannot flood the mapping page, and always shown as text by the page.
pub fn quote(value: &str) -> String {
    const MAX: usize = 40;
    let mut out: String = value.chars().take(MAX).collect();
    if value.chars().nth(MAX).is_some() {
        out.push('…');
    }
    format!("“{out}”")
}
