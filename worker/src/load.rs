//! Reading an export as it arrives: a download's body or a file's stream, chunk by chunk into
//! the core's loader, decompressed on the way when it is gzip. Progress goes to the page a few
//! times a second; a newer open or a cancel stops the read between chunks.

use crate::state::{current_load, keep};
use crate::{now, send};
use kpi_core::error::LoadError;
use kpi_core::load::{Loaded, Loader};
use kpi_core::protocol::{Failure, LoadProgress, Response, Source, Summary};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStream, ReadableStreamDefaultReader, WorkerGlobalScope};

/// Progress is sent at most this often.
const PROGRESS_EVERY_MS: f64 = 100.0;

/// Opens the byte stream of a source and its size when known.
async fn open(
    source: &Source,
    file: Option<web_sys::File>,
) -> Result<(ReadableStream, Option<u64>), Failure> {
    let name = source.name().to_string();
    let err =
        |e: JsValue| Failure::unreadable(&name, &e.as_string().unwrap_or_else(|| format!("{e:?}")));
    match source {
        Source::File { size, .. } => {
            let file = file.ok_or_else(|| Failure::unreadable(&name, "no file"))?;
            Ok((file.stream(), Some(*size)))
        }
        Source::Sample(url) | Source::Url { absolute: url, .. } => {
            let scope: WorkerGlobalScope = js_sys::global()
                .dyn_into()
                .map_err(|_| Failure::unreadable(&name, "not a worker"))?;
            let response: web_sys::Response = JsFuture::from(scope.fetch_with_str(url))
                .await
                .map_err(&err)?
                .dyn_into()
                .map_err(&err)?;
            if !response.ok() {
                return Err(Failure::unreadable(
                    &name,
                    &format!("HTTP {} {}", response.status(), response.status_text()),
                ));
            }
            // A server that sends the file with `Content-Encoding` has the browser decode it, and
            // its length is then the encoded one: only a plain body's length is the bytes read.
            let headers = response.headers();
            let header = |h: &str| headers.get(h).ok().flatten();
            let total = header("content-length")
                .filter(|_| header("content-encoding").is_none())
                .and_then(|v| v.parse().ok());
            let body = response
                .body()
                .ok_or_else(|| Failure::unreadable(&name, "empty response"))?;
            Ok((body, total))
        }
    }
}

/// A stream's next chunk, or `None` at its end.
async fn next_chunk(reader: &ReadableStreamDefaultReader) -> Result<Option<Vec<u8>>, JsValue> {
    let chunk = JsFuture::from(reader.read()).await?;
    let done = js_sys::Reflect::get(&chunk, &"done".into())
        .ok()
        .and_then(|d| d.as_bool())
        .unwrap_or(true);
    if done {
        return Ok(None);
    }
    let value = js_sys::Reflect::get(&chunk, &"value".into())?;
    // Streams give `Uint8Array`s: copied once, into wasm memory (`Uint8Array::new` of one would
    // copy it first in JS).
    let bytes = match value.dyn_into::<js_sys::Uint8Array>() {
        Ok(array) => array,
        Err(other) => js_sys::Uint8Array::new(&other),
    };
    Ok(Some(bytes.to_vec()))
}

fn reader_of(stream: &ReadableStream) -> Result<ReadableStreamDefaultReader, JsValue> {
    stream.get_reader().dyn_into().map_err(JsValue::from)
}

/// The two bytes every gzip member starts with.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Inflates a gzip source with the browser's `DecompressionStream("gzip")` (built by name:
/// web-sys has it only as an unstable API). A pump writes the raw chunks, starting with those
/// already read to sniff the format, while the load reads the inflated side; it counts the raw
/// bytes for progress and stops when the load gives up.
fn inflate(
    raw: ReadableStreamDefaultReader,
    head: Vec<u8>,
    raw_bytes: Rc<Cell<u64>>,
) -> Result<ReadableStreamDefaultReader, JsValue> {
    let ctor: js_sys::Function =
        js_sys::Reflect::get(&js_sys::global(), &"DecompressionStream".into())?.dyn_into()?;
    let ds = js_sys::Reflect::construct(&ctor, &js_sys::Array::of1(&"gzip".into()))?;
    let readable: ReadableStream = js_sys::Reflect::get(&ds, &"readable".into())?.dyn_into()?;
    let writable: web_sys::WritableStream =
        js_sys::Reflect::get(&ds, &"writable".into())?.dyn_into()?;
    let writer = writable.get_writer()?;
    wasm_bindgen_futures::spawn_local(async move {
        let write = |bytes: &[u8]| {
            JsFuture::from(writer.write_with_chunk(&js_sys::Uint8Array::from(bytes)))
        };
        let pumped: Result<(), JsValue> = async {
            write(&head).await?;
            while let Some(chunk) = next_chunk(&raw).await? {
                raw_bytes.set(raw_bytes.get() + chunk.len() as u64);
                write(&chunk).await?;
            }
            JsFuture::from(writer.close()).await.map(|_| ())
        }
        .await;
        if let Err(e) = pumped {
            // The inflated side reports the error (a corrupt member) or was cancelled by the load.
            let _ = writer.abort_with_reason(&e);
            let _ = raw.cancel();
        }
    });
    reader_of(&readable)
}

/// Reads one export or cube and sends `Loaded` or `Failed` for load `id`.
pub async fn read_export(id: u64, source: Source, file: Option<web_sys::File>) {
    let started = now();
    let current = current_load();
    let mut outcome = read(
        id,
        &source,
        file.clone(),
        Reader::Export(Box::default()),
        started,
        &current,
    )
    .await;
    // A cube names its format first: the export's reader stops there, and the source is read
    // again, whole, as a cube (a file's stream can be opened twice; a download is fetched again).
    if matches!(&outcome, Err(Restart::AsCube)) {
        outcome = read(
            id,
            &source,
            file,
            Reader::Cube(Vec::new()),
            started,
            &current,
        )
        .await;
    }
    let outcome = outcome.map_err(|r| match r {
        Restart::Failed(f) => f,
        Restart::AsCube => Failure::load(&LoadError::IsCube),
    });
    if current.get() != id {
        return;
    }
    match outcome {
        Ok((loaded, progress)) => {
            let summary = Summary::of(source, &loaded, progress);
            let quality = (summary.coverage.clone(), summary.anomalies.clone());
            keep(loaded, quality);
            send(&Response::Loaded {
                id,
                summary: Box::new(summary),
            });
        }
        Err(failure) => send(&Response::Failed { id, failure }),
    }
}

/// What reads the bytes: the export's streaming loader, or a cube's bytes gathered whole.
enum Reader {
    Export(Box<Loader>),
    Cube(Vec<u8>),
}

/// Why a read ended without a dataset.
enum Restart {
    Failed(Failure),
    /// The file is a cube: read it again as one.
    AsCube,
}

impl From<Failure> for Restart {
    fn from(f: Failure) -> Restart {
        Restart::Failed(f)
    }
}

/// Reads the source into the loader. Gzip is recognised by its first bytes, not by the name: a
/// `.json.gz` may arrive already decoded by the browser, and a gzip may be named anything.
async fn read(
    id: u64,
    source: &Source,
    file: Option<web_sys::File>,
    mut reader_of_bytes: Reader,
    started: f64,
    current: &Rc<Cell<u64>>,
) -> Result<(Loaded, LoadProgress), Restart> {
    let name = source.name();
    let unreadable = |e: JsValue| Failure::unreadable(name, &format!("{e:?}"));
    let (stream, total) = open(source, file).await?;
    let raw = reader_of(&stream).map_err(|_| Failure::unreadable(name, "no reader"))?;
    // Enough bytes to sniff the format (a first chunk is rarely shorter).
    let mut head = Vec::new();
    while head.len() < GZIP_MAGIC.len() {
        match next_chunk(&raw).await.map_err(unreadable)? {
            Some(chunk) => head.extend_from_slice(&chunk),
            None => break,
        }
    }
    let raw_bytes = Rc::new(Cell::new(head.len() as u64));
    let gzip = head.starts_with(&GZIP_MAGIC);
    let (reader, mut pending) = if gzip {
        let inflated = inflate(raw, head, raw_bytes.clone()).map_err(unreadable)?;
        (inflated, None)
    } else {
        (raw, Some(head))
    };
    let mut progress = LoadProgress {
        total,
        ..LoadProgress::default()
    };
    let mut last_sent = 0.0;
    loop {
        let chunk = match pending.take() {
            Some(head) => Some(head),
            None => {
                let chunk = next_chunk(&reader).await.map_err(unreadable)?;
                if let (false, Some(c)) = (gzip, &chunk) {
                    raw_bytes.set(raw_bytes.get() + c.len() as u64);
                }
                chunk
            }
        };
        if current.get() != id {
            let _ = reader.cancel();
            return Err(Failure::cancelled().into());
        }
        let Some(bytes) = chunk else { break };
        match &mut reader_of_bytes {
            Reader::Export(loader) => match loader.feed(&bytes) {
                Ok(p) => {
                    progress.tickets = p.tickets;
                    progress.records = p.records;
                    // A gzip's share read is of its compressed bytes, as `total` is, and runs a
                    // chunk or two ahead of the inflated bytes read: asked once an eighth of the
                    // file is read, that is a small part of it.
                    let read = raw_bytes.get();
                    if let Some(total) = total.filter(|&t| !gzip || read >= t / 8) {
                        loader.expect_rest(read, total);
                    }
                }
                Err(LoadError::IsCube) => {
                    let _ = reader.cancel();
                    return Err(Restart::AsCube);
                }
                Err(e) => return Err(Failure::load(&e).into()),
            },
            Reader::Cube(all) => all.extend_from_slice(&bytes),
        }
        progress.bytes = raw_bytes.get();
        progress.millis = now() - started;
        if progress.millis - last_sent >= PROGRESS_EVERY_MS {
            last_sent = progress.millis;
            send(&Response::Progress { id, progress });
        }
    }
    let loaded = match reader_of_bytes {
        Reader::Export(loader) => loader.finish(),
        Reader::Cube(all) => kpi_core::cube::load(&all),
    }
    .map_err(|e| Failure::load(&e))?;
    progress.tickets = loaded.dataset.accepted();
    progress.millis = now() - started;
    Ok((loaded, progress))
}
