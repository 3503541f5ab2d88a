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
