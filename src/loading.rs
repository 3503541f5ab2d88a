//! Getting an export's bytes (embedded sample, `?data=` link, file picker, drag and drop) and
//! feeding them to the core loader in slices, so the page keeps painting progress.

use crate::browser::yield_to_browser;
use kpi_core::error::LoadError;
use kpi_core::load::{Loaded, Loader, Progress};

/// Where the data came from, for the header and for error messages.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    Sample,
    Url(String),
    File(String),
}

/// The relative URL of the embedded sample, shipped beside index.html.
pub const SAMPLE_URL: &str = "sample.json";

/// Records handed to the loader per slice: about 1–2 MB of JSON, a few milliseconds of work.
const RECORDS_PER_SLICE: usize = 8_000;

/// Why nothing was loaded.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// The bytes could not be had (network, file system).
    Fetch(String),
    /// The bytes are not a usable export.
    Load(LoadError),
}

/// Downloads a URL relative to the page.
pub async fn fetch_bytes(url: String) -> Result<Vec<u8>, Failure> {
    let response = gloo_net::http::Request::get(&url)
        .send()
        .await
        .map_err(|e| Failure::Fetch(format!("{url}: {e}")))?;
    if !response.ok() {
        return Err(Failure::Fetch(format!(
            "{url}: HTTP {} {}",
            response.status(),
            response.status_text()
        )));
    }
    response
        .binary()
        .await
        .map_err(|e| Failure::Fetch(format!("{url}: {e}")))
}

/// Reads a file the user picked or dropped.
pub async fn read_file(file: web_sys::File) -> Result<Vec<u8>, Failure> {
    let file = gloo_file::File::from(file);
    gloo_file::futures::read_as_bytes(&file)
        .await
        .map_err(|e| Failure::Fetch(e.to_string()))
}

/// Parses and validates in slices, reporting progress after each. `on_progress` returns false
/// when this load has been superseded (the user opened another file), which stops it.
pub async fn parse(
    bytes: Vec<u8>,
    on_progress: impl Fn(Progress) -> bool,
) -> Option<Result<Loaded, LoadError>> {
    let mut loader = match Loader::new(bytes) {
        Ok(l) => l,
        Err(e) => return Some(Err(e)),
    };
    loop {
        match loader.step(RECORDS_PER_SLICE) {
            Err(e) => return Some(Err(e)),
            Ok(p) if p.finished => break,
            Ok(p) => {
                if !on_progress(p) {
                    return None;
                }
            }
        }
        yield_to_browser().await;
    }
    Some(loader.finish())
}
