//! Chinese text lives in catalogs, so that a term is spelled once and every string has its
//! English twin. This test reads the workspace's sources and fails on a string literal holding
//! CJK outside the files allowed to hold it, and on a term spelled in a variant we do not use.
//!
//! - The page (`src/`), the charts, the engine worker and the mapper worker have one catalog
//!   each.
//! - In the core and the mapping crate a term is written in both languages beside the type that
//!   owns it (`Kind::label`, `Metric::definition`, a record problem's reason), so the allowed
//!   files are those owners, each listed with why.
//! - Test modules (from `#[cfg(test)]` on) and comments are not read.

use std::path::{Path, PathBuf};

/// Files that may hold CJK literals, and why.
const ALLOWED: &[(&str, &str)] = &[
    ("src/i18n.rs", "the page's catalog"),
    ("charts/src/text.rs", "the charts' catalog"),
    (
        "core/src/bulletin.rs",
        "the monthly report's headings and sentences",
    ),
    (
        "core/src/catalog.rs",
        "KPI names, units, groups and definitions",
    ),
    ("core/src/comparison.rs", "comparison names (环比, 同比)"),
    ("core/src/display.rs", "number and duration formats"),
    ("core/src/domain.rs", "kinds, tiers and areas"),
    ("core/src/error.rs", "whole-file load errors"),
    (
        "core/src/export.rs",
        "sheet names and column headings of the exports",
    ),
    (
        "core/src/findings.rs",
        "the written findings and the warnings' reasons",
    ),
    ("core/src/link.rs", "filter dimensions and link notices"),
    (
        "core/src/load/header.rs",
        "errors in the export's top-level members",
    ),
    ("core/src/load/mod.rs", "what a member was expected to be"),
    ("core/src/problem.rs", "record problems in the load report"),
    ("core/src/protocol.rs", "engine failures"),
    (
        "core/src/sample.rs",
        "the embedded sample's districts and categories",
    ),
    ("core/src/status.rs", "target statuses"),
    ("core/src/targets.rs", "errors in the targets member"),
    ("core/src/theme.rs", "theme names"),
    ("core/src/views/quality.rs", "field and anomaly names"),
    ("core/src/views/satisfaction.rs", "resolution-time bands"),
    ("core/src/views/timeliness.rs", "durations written out"),
    (
        "mapping/src/roles.rs",
        "header synonyms: the input's vocabulary",
    ),
    (
        "mapping/src/values.rs",
        "kind, tier, score and time words: the input's vocabulary",
    ),
    ("mapping/src/error.rs", "file errors for a manager"),
    ("mapping/src/convert.rs", "record problems of a mapped file"),
    (
        "mapping/src/proposal.rs",
        "the assumptions a proposal states",
    ),
    (
        "mapping/src/customers.rs",
        "the customers file's header words and errors",
    ),
    ("mapping/src/read.rs", "encoding and sheet errors"),
    ("mapping/src/mapping.rs", "role names"),
    (
        "mapper/src/text.rs",
        "the mapper's catalog: how a column was found, notes on given mappings",
    ),
];

/// Variants of a term that drifted in before, and the spelling we use.
const TERMS: &[(&str, &str)] = &[
    ("工单号", "工单编号"),
    ("逾期", "超时"),
    ("解决时间", "办结时间"),
    ("在途", "未办结"),
    ("同期比", "同比"),
];

/// Directories whose term spellings are checked (the mapping crate reads variants on purpose).
const TERM_ROOTS: &[&str] = &[
    "src",
    "charts/src",
    "core/src",
    "worker/src",
    "exporter/src",
    "mapper/src",
];

const ROOTS: &[&str] = &[
    "src",
    "charts/src",
    "core/src",
    "worker/src",
    "exporter/src",
    "mapping/src",
    "mapper/src",
];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("core sits in the workspace")
        .to_path_buf()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xFF00..=0xFFEF)
}

/// The string literals of the code before its test module, with their line numbers. Comments
/// are skipped; raw strings, escapes and char literals are understood well enough for our code.
fn literals(source: &str) -> Vec<(usize, String)> {
    let code = match source.find("#[cfg(test)]") {
        Some(at) => &source[..at],
        None => source,
    };
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            '\n' => {
                line += 1;
                i += 1;
            }
            '/' if next == Some('/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '/' if next == Some('*') => {
                i += 2;
                while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                    line += usize::from(chars[i] == '\n');
                    i += 1;
                }
                i += 2;
            }
            'r' if next == Some('"') || next == Some('#') => {
                let mut j = i + 1;
                let mut hashes = 0;
                while chars.get(j) == Some(&'#') {
                    hashes += 1;
                    j += 1;
                }
                if chars.get(j) != Some(&'"') {
                    i += 1;
                    continue;
                }
                let start_line = line;
                let mut text = String::new();
                j += 1;
                while j < chars.len() {
                    if chars[j] == '"' && (1..=hashes).all(|k| chars.get(j + k) == Some(&'#')) {
                        break;
                    }
                    line += usize::from(chars[j] == '\n');
                    text.push(chars[j]);
                    j += 1;
                }
                out.push((start_line, text));
                i = j + 1 + hashes;
            }
            '"' => {
                let start_line = line;
                let mut text = String::new();
                let mut j = i + 1;
                while j < chars.len() && chars[j] != '"' {
                    if chars[j] == '\\' {
                        j += 1;
                    }
                    if let Some(&ch) = chars.get(j) {
                        line += usize::from(ch == '\n');
                        text.push(ch);
                    }
                    j += 1;
                }
                out.push((start_line, text));
                i = j + 1;
            }
            '\'' => {
                // A char literal ('x', '\n', '"') or a lifetime ('a): skip a char literal whole
                // so that its quote does not open a string.
                if next == Some('\\') {
                    let mut j = i + 2;
                    while j < chars.len() && chars[j] != '\'' {
                        j += 1;
                    }
                    i = j + 1;
                } else if chars.get(i + 2) == Some(&'\'') {
                    i += 3;
                } else {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    out
}

fn relative(path: &Path) -> String {
    path.strip_prefix(workspace())
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

#[test]
fn cjk_literals_live_in_catalogs() {
    let mut files = Vec::new();
    for root in ROOTS {
        rust_files(&workspace().join(root), &mut files);
    }
    assert!(files.len() > 50, "the sources were found: {}", files.len());
    let mut stray = Vec::new();
    for path in &files {
        let name = relative(path);
        if ALLOWED.iter().any(|(f, _)| *f == name) {
            continue;
        }
        let source = std::fs::read_to_string(path).expect("a source file reads");
        for (line, text) in literals(&source) {
            if text.chars().any(is_cjk) {
                stray.push(format!("{name}:{line}: {text:?}"));
            }
        }
    }
    assert!(
        stray.is_empty(),
        "Chinese text outside the catalogs (move it to the crate's catalog):\n{}",
        stray.join("\n")
    );
}

#[test]
fn the_allowed_files_exist_and_hold_chinese() {
    // An entry for a file that is gone or no longer needs it would let a new file of that name
    // slip through unread.
    for (name, why) in ALLOWED {
        let path = workspace().join(name);
        let Ok(source) = std::fs::read_to_string(&path) else {
            panic!("{name} ({why}) is listed but missing");
        };
        assert!(
            literals(&source).iter().any(|(_, t)| t.chars().any(is_cjk)),
            "{name} ({why}) is listed but holds no Chinese"
        );
    }
}

#[test]
fn terms_are_spelled_one_way() {
    let mut files = Vec::new();
    for root in TERM_ROOTS {
        rust_files(&workspace().join(root), &mut files);
    }
    let mut drift = Vec::new();
    for path in &files {
        let source = std::fs::read_to_string(path).expect("a source file reads");
        for (line, text) in literals(&source) {
            for (variant, term) in TERMS {
                if text.contains(variant) {
                    drift.push(format!("{}:{line}: {variant} → {term}", relative(path)));
                }
            }
        }
    }
    assert!(
        drift.is_empty(),
        "terms spelled another way:\n{}",
        drift.join("\n")
    );
}

#[test]
fn the_scanner_reads_rust_as_written() {
    let src = r##"
// "注释" is a comment
let a = "甲"; /* "块" */
let b = r#"乙 "quoted""#;
let c = '"'; let d = "丙\"丁";
fn f<'a>(x: &'a str) -> &'a str { "戊" }
#[cfg(test)]
mod tests { const X: &str = "测试"; }
"##;
    let found: Vec<(usize, String)> = literals(src)
        .into_iter()
        .filter(|(_, t)| t.chars().any(is_cjk))
        .collect();
    assert_eq!(
        found,
        vec![
            (3, "甲".to_string()),
            (4, "乙 \"quoted\"".to_string()),
            (5, "丙\"丁".to_string()),
            (6, "戊".to_string()),
        ]
    );
}
