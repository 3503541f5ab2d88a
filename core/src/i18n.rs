//! The two display languages. Core messages (load errors, record problems) are written in both,
//! because a manager reading a load report must understand why a record was rejected.

/// Display language: Chinese first, English as a switch.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// Chooses between the Chinese and the English text of one message.
    pub fn pick<T>(self, zh: T, en: T) -> T {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// The `lang` query-parameter value.
    pub fn code(self) -> &'static str {
        self.pick("zh", "en")
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// One message in both display languages, Chinese first: what the mapping step and its worker
/// tell a manager travels with both, and the page shows the one chosen.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
        lang.pick(&self.zh, &self.en)
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
