//! Reading an export as it arrives: a download's body or a file's stream, chunk by chunk into
//! the core's loader, decompressed on the way when it is gzip. Progress goes to the page a few
//! times a second; a newer open or a cancel stops the read between chunks.

use crate::state::{current_load, keep};
use crate::{now, send};
use kpi_core::error::LoadError;
use kpi_core::i18n::Lang;
use kpi_core::load::{Loaded, Loader};
use kpi_core::protocol::{Failure, LoadProgress, Response, Source, Summary, PROBLEMS_SHOWN};
use kpi_core::views::quality;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStream, ReadableStreamDefaultReader, WorkerGlobalScope};

/// Progress is sent at most this often.
const PROGRESS_EVERY_MS: f64 = 100.0;

fn failure(kind: &str, zh: String, en: String) -> Failure {
    Failure {
        kind: kind.into(),
        zh,
        en,
    }
}

fn load_failure(e: &LoadError) -> Failure {
    failure("load", e.message(Lang::Zh), e.message(Lang::En))
}

/// A failure to get bytes: what happened, and what to do.
fn fetch_failure(name: &str, detail: &str) -> Failure {
    failure(
        "fetch",
        format!("无法读取数据文件 {name}：{detail}。请检查链接或文件是否存在，或重新选择文件。"),
        format!("The data file {name} could not be read: {detail}. Check that the link or file exists, or pick the file again."),
    )
}

/// Opens the byte stream of a source (decompressed if gzip) and its size when known.
async fn open(
    source: &Source,
    file: Option<web_sys::File>,
) -> Result<(ReadableStream, Option<u64>), Failure> {
    let name = source.name().to_string();
    let err = |e: JsValue| fetch_failure(&name, &e.as_string().unwrap_or_else(|| format!("{e:?}")));
    let (stream, total) = match source {
        Source::File { size, .. } => {
            let file = file.ok_or_else(|| fetch_failure(&name, "no file"))?;
            (file.stream(), Some(*size))
        }
        Source::Sample(url) | Source::Url { absolute: url, .. } => {
            let scope: WorkerGlobalScope = js_sys::global()
                .dyn_into()
                .map_err(|_| fetch_failure(&name, "not a worker"))?;
            let response: web_sys::Response = JsFuture::from(scope.fetch_with_str(url))
                .await
                .map_err(&err)?
                .dyn_into()
                .map_err(&err)?;
            if !response.ok() {
                return Err(fetch_failure(
                    &name,
                    &format!("HTTP {} {}", response.status(), response.status_text()),
                ));
            }
            let total = response
                .headers()
                .get("content-length")
                .ok()
                .flatten()
                .and_then(|v| v.parse().ok());
            let body = response
                .body()
                .ok_or_else(|| fetch_failure(&name, "empty response"))?;
            (body, total)
        }
    };
    if source.gzipped() {
        let pair = gunzip().map_err(&err)?;
        // The compressed size says nothing of the bytes read after decompression.
        return Ok((stream.pipe_through(&pair), None));
    }
    Ok((stream, total))
}

/// The browser's `DecompressionStream("gzip")` (built by name: web-sys has it only as an
/// unstable API).
fn gunzip() -> Result<web_sys::ReadableWritablePair, JsValue> {
    let ctor: js_sys::Function =
        js_sys::Reflect::get(&js_sys::global(), &"DecompressionStream".into())?.dyn_into()?;
    let ds = js_sys::Reflect::construct(&ctor, &js_sys::Array::of1(&"gzip".into()))?;
    let readable: ReadableStream = js_sys::Reflect::get(&ds, &"readable".into())?.dyn_into()?;
    let writable: web_sys::WritableStream =
        js_sys::Reflect::get(&ds, &"writable".into())?.dyn_into()?;
    Ok(web_sys::ReadableWritablePair::new(&readable, &writable))
}

/// Reads one export and sends `Loaded` or `Failed` for load `id`.
pub async fn read_export(id: u64, source: Source, file: Option<web_sys::File>) {
    let started = now();
    let current = current_load();
    let outcome = read(id, &source, file, started, &current).await;
    if current.get() != id {
        return;
    }
    match outcome {
        Ok((loaded, progress)) => {
            let summary = summarize(source, &loaded, progress);
            keep(loaded);
            send(&Response::Loaded {
                id,
                summary: Box::new(summary),
            });
        }
        Err(failure) => send(&Response::Failed { id, failure }),
    }
}

async fn read(
    id: u64,
    source: &Source,
    file: Option<web_sys::File>,
    started: f64,
    current: &std::rc::Rc<std::cell::Cell<u64>>,
) -> Result<(Loaded, LoadProgress), Failure> {
    let (stream, total) = open(source, file).await?;
    let reader: ReadableStreamDefaultReader = stream
        .get_reader()
        .dyn_into()
        .map_err(|_| fetch_failure(source.name(), "no reader"))?;
    let mut loader = Loader::new();
    let mut progress = LoadProgress {
        total,
        ..LoadProgress::default()
    };
    let mut last_sent = 0.0;
    loop {
        let chunk = JsFuture::from(reader.read())
            .await
            .map_err(|e| fetch_failure(source.name(), &format!("{e:?}")))?;
        if current.get() != id {
            let _ = reader.cancel();
            return Err(failure(
                "cancelled",
                "已取消加载。".into(),
                "Loading was cancelled.".into(),
            ));
        }
        let done = js_sys::Reflect::get(&chunk, &"done".into())
            .ok()
            .and_then(|d| d.as_bool())
            .unwrap_or(true);
        if done {
            break;
        }
        let value = js_sys::Reflect::get(&chunk, &"value".into()).unwrap_or(JsValue::UNDEFINED);
        let bytes = js_sys::Uint8Array::new(&value).to_vec();
        let p = loader.feed(&bytes).map_err(|e| load_failure(&e))?;
        progress.bytes += bytes.len() as u64;
        progress.tickets = p.tickets;
        progress.records = p.records;
        progress.millis = now() - started;
        if progress.millis - last_sent >= PROGRESS_EVERY_MS {
            last_sent = progress.millis;
            send(&Response::Progress { id, progress });
        }
    }
    let loaded = loader.finish().map_err(|e| load_failure(&e))?;
    progress.tickets = loaded.dataset.len() as u64;
    progress.millis = now() - started;
    Ok((loaded, progress))
}

/// What the page needs of a load: the file's facts, the load report, the whole-file figures.
fn summarize(source: Source, loaded: &Loaded, progress: LoadProgress) -> Summary {
    let ds = &loaded.dataset;
    Summary {
        source,
        info: ds.info.clone(),
        accepted: ds.len() as u64,
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
        coverage: quality::field_coverage(ds),
        anomalies: quality::anomalies(ds),
        progress,
        held_bytes: ds.heap_bytes() as u64,
    }
}
