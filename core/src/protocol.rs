//! What the page and the engine (a Web Worker that holds the data) say to each other. The page
//! never holds the tickets: it asks for a report by the link that describes the view and draws
//! what comes back, so the main thread stays free while a million rows are counted.
//!
//! Messages are postcard bytes ([`encode`], [`decode`]); a file to open travels beside its
//! request as a `File`. The page, the engine, the mapper and the exporter all speak it.

use crate::dataset::Info;
use crate::i18n::Lang;
use crate::link::Notice;
use crate::problem::Problem;
use crate::report::Report;
use crate::views::quality::{AnomalyCount, Coverage};
use serde::{Deserialize, Serialize};

/// A message as bytes. Postcard, not JSON: a struct is its fields in order, so decoding needs no
/// field names. The page decodes an answer of 100 KB on every click, and its decoder is the
/// largest part of the page's wasm that is not view code. Enums and structs only, every field
/// always written (postcard cannot skip one).
pub fn encode<T: Serialize + ?Sized>(message: &T) -> Option<Vec<u8>> {
    postcard::to_allocvec(message).ok()
}

/// A message from its bytes; `None` when they are not one.
pub fn decode<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    postcard::from_bytes(bytes).ok()
}

/// Rejected records sent with a load summary; the download has all of them.
pub const PROBLEMS_SHOWN: usize = 500;

/// This build's identity (a hash made by core/build.rs). A worker's first message is this text,
/// alone: a page holds its messages until it has seen its own, so that a worker kept in the
/// browser's cache from an older build is found out instead of misread. Worker files have no
/// hash in their names.
pub const BUILD: &str = env!("KPI_BUILD");

/// From the page to the engine. In the bytes a variant is its position: new ones go at the end,
/// so that a page and an engine of neighbouring builds still agree on the others.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Open an export: a URL (absolute, same origin), or the `File` sent beside the request.
    /// `name` says what it is (a `.gz` name is decompressed).
    Open { id: u64, source: Source },
    /// Stop the load `id`.
    Cancel { id: u64 },
    /// The report of the view a link describes (its query string), and the charts on screen
    /// drawn for it (`draw`, sent back in the answer), so that the page changes once.
    Query {
        id: u64,
        query: String,
        draw: Vec<DrawSpec>,
    },
    /// Every rejected record as JSON, in a language, for the download. For a file the mapper
    /// converted, the sheet row of each ticket (a `Float64Array` by ticket index) travels beside
    /// the request as `rows`, and each rejected ticket's row is written beside it: the manager
    /// looks rows up in their own sheet, not in the converted export.
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
    /// A chart drawn for the report of a link's view (or for the file's quality figures).
    /// `embed_font` puts the chart font in the SVG (for a PNG made of it).
    Draw {
        id: u64,
        query: String,
        spec: DrawSpec,
        embed_font: bool,
    },
    /// The monthly report (`bulletin.rs`) of a link's view, in a language.
    Bulletin { id: u64, query: String, lang: Lang },
}

/// A chart to draw, for whichever view: what, at which size, in which language and theme,
/// the heatmap's KPI, and whether its parts that filter on a click take focus and say so (a
/// panel on screen).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DrawSpec {
    pub what: Drawable,
    pub canvas: Canvas,
    pub lang: Lang,
    pub theme: crate::theme::Theme,
    pub heat: crate::catalog::Metric,
    pub clickable: bool,
}

/// What a drawing shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Drawable {
    Panel(crate::panels::Panel),
    /// The data-quality view's charts, over the whole file.
    FieldCoverage,
    Anomalies,
}

/// The size a chart is drawn at: its width and height in pixels, its text size, and whether
/// it writes its own title (a slide writes it in its header).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Canvas {
    pub width: f32,
    pub height: f32,
    pub font: f32,
    pub headed: bool,
}

impl Canvas {
    /// The same chart at another width, its height and text scaled with it (an export at least
    /// 1920 px wide looks like the panel on screen).
    pub fn scaled(self, width: f32) -> Canvas {
        let k = if self.width > 0.0 {
            width / self.width
        } else {
            1.0
        };
        Canvas {
            width,
            height: self.height * k,
            font: self.font * k,
            headed: self.headed,
        }
    }
}

/// A drawn chart: its SVG, or why there is none, and the same figures as a table.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Drawing {
    pub title: String,
    pub svg: Option<String>,
    /// The chart library refused the input.
    pub error: Option<String>,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// What an empty panel says instead of "no data".
    pub note: Option<String>,
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

/// From the engine to the page (new variants at the end, as for [`Request`]).
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
    /// A view's report, with the charts the query asked to be drawn for it (those the font
    /// was ready for, in the order asked).
    Answer {
        id: u64,
        answer: Box<Answer>,
        drawings: Vec<(DrawSpec, Drawing)>,
    },
    ProblemsJson {
        id: u64,
        json: String,
    },
    Tables {
        id: u64,
        sheets: Vec<crate::export::Sheet>,
    },
    Drawn {
        id: u64,
        drawing: Box<Drawing>,
    },
    Bulletin {
        id: u64,
        bulletin: Box<crate::bulletin::Bulletin>,
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

    /// A worker of another build answered: the browser kept an older copy of its files in its
    /// cache. The page fetches them again and reloads itself once; this shows if that did not
    /// help.
    pub fn stale_worker() -> Failure {
        Failure::new(
            "fetch",
            "仪表板已更新，但浏览器缓存中的数据处理程序仍是旧版本。页面正在重新加载；若此提示仍在，请按 Ctrl+F5 强制刷新。".into(),
            "The dashboard was updated, but the browser kept an older version of its data worker. The page is reloading; if this message stays, force a reload (Ctrl+F5).".into(),
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

    /// A `?file=` link to a file picked on a computer, opened where the browser does not hold
    /// it (another computer, another browser, or its storage was cleared).
    pub fn local_file_missing(name: &str) -> Failure {
        Failure::new(
            "local",
            format!("链接指向本机文件 {name}，但这个浏览器里没有保存它（可能是在另一台电脑上打开的，或浏览器数据已清除）。请用「打开导出文件」重新选择该文件，链接中的筛选和列映射会自动沿用。"),
            format!("The link names the local file {name}, which this browser does not hold (it was opened on another computer, or the browser's data was cleared). Please open the file with \"Open export\"; the link's filters and column mapping will apply to it."),
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

impl Summary {
    /// What the page needs of a load: the file's facts, the load report (its first
    /// [`PROBLEMS_SHOWN`] rejected records), the whole-file figures.
    pub fn of(source: Source, loaded: &crate::load::Loaded, progress: LoadProgress) -> Summary {
        let ds = &loaded.dataset;
        Summary {
            source,
            info: ds.info.clone(),
            accepted: ds.accepted(),
            rejected: loaded.rejected,
            ticket_records: loaded.ticket_records,
            survey_records: loaded.survey_records,
            problems: loaded
                .problems
                .iter()
                .take(PROBLEMS_SHOWN)
                .cloned()
                .collect(),
            adjusted: loaded.adjusted.clone(),
            coverage: crate::views::quality::field_coverage(ds),
            anomalies: crate::views::quality::anomalies(ds),
            progress,
            held_bytes: ds.heap_bytes() as u64,
        }
    }
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

    fn spec() -> DrawSpec {
        DrawSpec {
            what: Drawable::Panel(crate::panels::Panel::Heatmap),
            canvas: Canvas {
                width: 390.5,
                height: 312.0,
                font: 12.0,
                headed: true,
            },
            lang: Lang::Zh,
            theme: crate::theme::Theme::Dark,
            heat: crate::catalog::Metric::ComplaintRate,
            clickable: false,
        }
    }

    #[test]
    fn requests_round_trip_as_bytes() {
        let requests = [
            Request::Open {
                id: 3,
                source: Source::Url {
                    link: "exports/a.json.gz".into(),
                    absolute: "http://x/exports/a.json.gz?v=1".into(),
                },
            },
            Request::Cancel { id: 4 },
            Request::Bulletin {
                id: 8,
                query: "?view=report".into(),
                lang: Lang::En,
            },
            Request::Query {
                id: 5,
                query: "?district=FC,YT&kind=complaint".into(),
                draw: vec![spec()],
            },
            Request::ProblemsJson {
                id: 6,
                lang: Lang::En,
            },
            Request::Draw {
                id: 7,
                query: String::new(),
                spec: spec(),
                embed_font: true,
            },
        ];
        for r in requests {
            let bytes = encode(&r).unwrap();
            assert_eq!(decode::<Request>(&bytes), Some(r));
        }
        assert_eq!(decode::<Request>(b"\xff\xff"), None);
    }

    #[test]
    fn progress_says_rate_and_share() {
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
