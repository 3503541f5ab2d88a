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

    /// gzip by its name: decompressed while it is read.
    pub fn gzipped(&self) -> bool {
        let name = match self {
            Source::Url { absolute, .. } => absolute.split(['?', '#']).next().unwrap_or(""),
            other => other.name(),
        };
        name.to_ascii_lowercase().ends_with(".gz")
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
        let Request::Open { source, .. } = r else {
            unreachable!()
        };
        assert!(source.gzipped());
        assert!(!Source::Sample("sample.json".into()).gzipped());
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
