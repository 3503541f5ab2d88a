//! The page's side of the mapper: a Web Worker that reads Excel, CSV and JSON-records files and
//! runs the mapping step, started the first time a file is not a v1 export (its wasm, with the
//! Excel and CSV readers, is not part of what every visitor downloads).

use super::on_demand::{member, message, Incoming, OnDemandWorker};
use crate::browser;
use kpi_mapper::protocol::{Request, Response, Text};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The worker's script, beside index.html (Trunk builds `mapper/` as `mapper`).
const WORKER_URL: &str = "./mapper_loader.js";

/// An answer, with the export's bytes and its tickets' sheet rows after a conversion (kept as
/// JavaScript arrays: they go on to the engine and are read a few at a time, never copied into
/// the page's memory).
pub struct Reply {
    pub response: Response,
    pub export: Option<(js_sys::Uint8Array, js_sys::Float64Array)>,
}

#[derive(Clone, Copy)]
pub struct Mapper {
    worker: OnDemandWorker<Reply>,
}

/// Why the worker could not answer: it could not start, or it stopped.
fn broken(detail: &str) -> Reply {
    Reply {
        response: Response::Failed {
            id: 0,
            error: Text::new(
                crate::i18n::t(kpi_core::i18n::Lang::Zh, crate::i18n::Msg::MapperBroken),
                crate::i18n::t(kpi_core::i18n::Lang::En, crate::i18n::Msg::MapperBroken),
            ),
            detail: detail.to_string(),
        },
        export: None,
    }
}

/// The mapper's messages: `{response}` (its bytes), with `bytes` and `rows` after a conversion.
fn read(data: &JsValue) -> Incoming<Reply> {
    let Some(response) = browser::from_message::<Response>(member(data, "response")) else {
        return Incoming::Other;
    };
    let id = match &response {
        Response::Ready => return Incoming::Ready,
        Response::View { id, .. }
        | Response::Failed { id, .. }
        | Response::Refused { id, .. }
        | Response::Converted { id, .. }
        | Response::ProblemsJson { id, .. } => *id,
    };
    let export = match (
        member(data, "bytes").dyn_into::<js_sys::Uint8Array>(),
        member(data, "rows").dyn_into::<js_sys::Float64Array>(),
    ) {
        (Ok(bytes), Ok(rows)) => Some((bytes, rows)),
        _ => None,
    };
    Incoming::Answer(id, Reply { response, export })
}

impl Mapper {
    pub fn new() -> Mapper {
        Mapper {
            worker: OnDemandWorker::new(WORKER_URL, read, broken),
        }
    }

    /// A request id (the same counter for every request, so answers are told apart).
    pub fn id(&self) -> u64 {
        self.worker.id()
    }

    /// Sends a request (with the Blob it reads, if any); `done` gets the answer.
    pub fn send(
        &self,
        id: u64,
        request: &Request,
        blob: Option<&web_sys::Blob>,
        done: impl FnOnce(Reply) + 'static,
    ) {
        let Some(bytes) = browser::to_message(request) else {
            return;
        };
        let mut members: Vec<(&str, &JsValue)> = vec![("request", &bytes)];
        if let Some(blob) = blob {
            members.push(("file", blob.as_ref()));
        }
        self.worker.send(id, message(&members), done);
    }
}
