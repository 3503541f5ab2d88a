//! The page's side of the exporter: a Web Worker that writes XLSX workbooks, started on the
//! first XLSX export (its wasm is not part of what every visitor downloads).

use super::on_demand::{member, message, Incoming, OnDemandWorker};
use crate::browser;
use kpi_core::export::Sheet;
use wasm_bindgen::prelude::*;

/// The worker's script, beside index.html (Trunk builds `exporter/` as `exporter`).
const WORKER_URL: &str = "./exporter_loader.js";

/// A workbook's bytes, or why there are none.
pub type Workbook = Result<Vec<u8>, String>;

#[derive(Clone, Copy)]
pub struct Exporter {
    worker: OnDemandWorker<Workbook>,
}

/// The exporter's messages: `{ready: true}` once started, then `{id, bytes}` or `{id, error}`.
fn read(data: &JsValue) -> Incoming<Workbook> {
    if member(data, "ready").is_truthy() {
        return Incoming::Ready;
    }
    let Some(id) = member(data, "id").as_f64() else {
        return Incoming::Other;
    };
    let bytes = member(data, "bytes");
    let workbook = if bytes.is_object() {
        Ok(js_sys::Uint8Array::new(&bytes).to_vec())
    } else {
        Err(member(data, "error").as_string().unwrap_or_default())
    };
    Incoming::Answer(id as u64, workbook)
}

impl Exporter {
    pub fn new() -> Exporter {
        Exporter {
            worker: OnDemandWorker::new(WORKER_URL, read, |detail| Err(detail.to_string())),
        }
    }

    /// Writes `sheets` as an XLSX workbook.
    pub fn xlsx(&self, sheets: &[Sheet], done: impl FnOnce(Workbook) + 'static) {
        let Some(bytes) = browser::to_message(sheets) else {
            return done(Err("the tables could not be written".into()));
        };
        let id = self.worker.id();
        let request = message(&[("id", &JsValue::from(id as f64)), ("sheets", &bytes)]);
        self.worker.send(id, request, done);
    }
}
