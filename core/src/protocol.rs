//! What the page and the engine (a Web Worker that holds the data) say to each other. The page
//! never holds the tickets: it asks for a report by the link that describes the view and draws
//! what comes back, so the main thread stays free while a million rows are counted.
//!
//! Messages are JSON text; a file to open travels beside its request as a `File`.

use crate::dataset::Info;
use crate::i18n::Lang;
use crate::link::Notice;
use crate::problem::Problem;
use crate::report::Report;
use crate::views::quality::{AnomalyCount, Coverage};
use serde::{Deserialize, Serialize};

/// Rejected records sent with a load summary; the download has all of them.
pub const PROBLEMS_SHOWN: usize = 500;

/// From the page to the engine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Open an export: a URL (absolute, same origin), or the `File` sent beside the request.
    /// `name` says what it is (a `.gz` name is decompressed).
    Open { id: u64, source: Source },
    /// Stop the load `id`.
    Cancel { id: u64 },
    /// The report of the view a link describes (its query string).
    Query { id: u64, query: String },
    /// Every rejected record as JSON, in a language, for the download.
    ProblemsJson { id: u64, lang: Lang },
    /// The tables of an export of a link's view: the review workbook (with every rejected
    /// record) or the monthly report's. `source` names the data in the workbook's about sheet.
    Tables {
        id: u64,
        query: String,
        lang: Lang,
        set: TableSet,
        source: String,
    },
}

/// Which tables an export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TableSet {
    /// `export::workbook`: about, KPIs, districts, categories, overdue, warnings, findings,
    /// rejected records.
    Workbook,
    /// The monthly report's tables (`bulletin.rs`), after the about sheet.
    Report,
}

/// Where an export comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Source {
    /// The embedded sample.
    Sample(String),
    /// `?data=`: the URL as written in the link, and the absolute URL it resolves to.
    Url { link: String, absolute: String },
    /// A file the user picked or dropped (sent beside the request).
    File { name: String, size: u64 },
}

impl Source {
    pub fn name(&self) -> &str {
        match self {
            Source::Sample(name) => name,
            Source::Url { link, .. } => link,
            Source::File { name, .. } => name,
        }
    }
}

/// From the engine to the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Response {
    /// The engine has started: requests sent before now were not heard and are sent again.
    Ready,
    Progress {
        id: u64,
        progress: LoadProgress,
    },
    Loaded {
        id: u64,
        summary: Box<Summary>,
    },
    Failed {
        id: u64,
        failure: Failure,
    },
    Answer {
        id: u64,
        answer: Box<Answer>,
    },
    ProblemsJson {
        id: u64,
        json: String,
    },
    Tables {
        id: u64,
        sheets: Vec<crate::export::Sheet>,
    },
}

/// How far a load has come.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct LoadProgress {
    /// Bytes read (after decompression), and the size when known.
    pub bytes: u64,
    pub total: Option<u64>,
    pub tickets: u64,
    pub records: u64,
    /// Milliseconds since the load began.
    pub millis: f64,
}

impl LoadProgress {
    /// Megabytes per second so far.
    pub fn rate(&self) -> Option<f64> {
        (self.millis > 0.0).then(|| self.bytes as f64 / 1e6 / (self.millis / 1e3))
    }

    /// 0..100 when the size is known.
    pub fn percent(&self) -> Option<f64> {
        self.total
            .filter(|&t| t > 0)
            .map(|t| (self.bytes as f64 / t as f64 * 100.0).min(100.0))
    }
}

/// Why nothing was loaded, in both languages (the engine's words for a manager).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    /// `fetch`, `load` or `cancelled`.
    pub kind: String,
    pub zh: String,
    pub en: String,
}

impl Failure {
    fn new(kind: &str, zh: String, en: String) -> Failure {
        Failure {
            kind: kind.into(),
            zh,
            en,
        }
    }

    /// The export could not be read as one (its first whole-file error).
    pub fn load(e: &crate::error::LoadError) -> Failure {
        Failure::new("load", e.message(Lang::Zh), e.message(Lang::En))
    }

    /// The bytes could not be got: what happened, and what to do.
    pub fn unreadable(name: &str, detail: &str) -> Failure {
        Failure::new(
            "fetch",
            format!("无法读取数据文件 {name}：{detail}。请检查链接或文件是否存在，或重新选择文件。"),
            format!("The data file {name} could not be read: {detail}. Check that the link or file exists, or pick the file again."),
        )
    }

    /// A newer load replaced this one.
    pub fn cancelled() -> Failure {
        Failure::new(
            "cancelled",
            "已取消加载。".into(),
            "Loading was cancelled.".into(),
        )
    }

    /// The browser refused to start the engine worker.
    pub fn no_worker(detail: &str) -> Failure {
        Failure::new(
            "fetch",
            format!("浏览器未能启动数据处理线程：{detail}。请使用较新的 Chrome、Edge 或 Firefox。"),
            format!("The browser could not start the data worker: {detail}. Please use a recent Chrome, Edge or Firefox."),
        )
    }

    /// A `?data=` link to another site is not opened.
    pub fn other_site(link: &str) -> Failure {
        Failure::new(
            "fetch",
            format!("链接中的数据地址 {link} 不在本看板所在的网站上。为保护数据，看板只打开同一网站上的文件，或您在本机选择的文件。请把导出文件放到看板所在的目录，或用「打开导出文件」选择它。"),
            format!("The data address {link} in the link is not on this dashboard's site. To protect the data, the dashboard only opens files on its own site or files you pick on this computer. Put the export beside the dashboard, or open it with \"Open export\"."),
        )
    }

    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// A loaded export, as the page needs it: the file's facts, the load report, and the figures of
/// the whole file (computed once per load).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub source: Source,
    pub info: Info,
    pub accepted: u64,
    pub rejected: u64,
    pub ticket_records: u64,
    pub survey_records: u64,
    /// The first [`PROBLEMS_SHOWN`] rejected records.
    pub problems: Vec<Problem>,
    /// Accepted with a value set aside (district customers).
    pub adjusted: Vec<Problem>,
    pub coverage: Vec<Coverage>,
    pub anomalies: Vec<AnomalyCount>,
    pub progress: LoadProgress,
    /// Bytes held by the columns.
    pub held_bytes: u64,
}

/// A report and what the link said that the data does not have.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    pub query: String,
    pub report: Report,
    pub notices: Vec<Notice>,
    /// Time to compute it, in the engine.
    pub millis: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_round_trip_as_json() {
        let r = Request::Open {
            id: 3,
            source: Source::Url {
                link: "exports/a.json.gz".into(),
                absolute: "http://x/exports/a.json.gz?v=1".into(),
            },
        };
        let text = serde_json::to_string(&r).unwrap();
        assert_eq!(serde_json::from_str::<Request>(&text).unwrap(), r);
        let p = LoadProgress {
            bytes: 50_000_000,
            total: Some(100_000_000),
            tickets: 1,
            records: 1,
            millis: 500.0,
        };
        assert_eq!(p.rate(), Some(100.0));
        assert_eq!(p.percent(), Some(50.0));
    }
}
