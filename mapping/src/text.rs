//! Bilingual text. Everything this crate tells a manager — an assumption, a row problem, a
//! whole-file error — is written in Chinese and in English, Chinese first, because the mapping
//! step is where a manager decides whether the figures can be trusted: a message they cannot
//! read is a figure they cannot trust.

pub use kpi_core::i18n::Text;

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
