//! The page's side of the mapper: a Web Worker that reads Excel, CSV and JSON-records files and
//! runs the mapping step, started the first time a file is not a v1 export (its wasm, with the
//! Excel and CSV readers, is not part of what every visitor downloads). Requests sent before it
//! is ready wait for it; each answer goes to the callback of its request.

use kpi_mapper::protocol::{Request, Response, Text};
use leptos::prelude::*;
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

type Done = Box<dyn FnOnce(Reply)>;

#[derive(Clone, Copy)]
pub struct Mapper {
    worker: StoredValue<Option<web_sys::Worker>, LocalStorage>,
    ready: StoredValue<bool>,
    queue: StoredValue<Vec<js_sys::Object>, LocalStorage>,
    waiting: StoredValue<Vec<(u64, Done)>, LocalStorage>,
    next: StoredValue<u64>,
}

/// Why the worker could not answer: it could not start, or it stopped.
fn broken(detail: &str) -> Response {
    Response::Failed {
        id: 0,
        error: Text::new(
            crate::i18n::t(kpi_core::i18n::Lang::Zh, crate::i18n::Msg::MapperBroken),
            crate::i18n::t(kpi_core::i18n::Lang::En, crate::i18n::Msg::MapperBroken),
        ),
        detail: detail.to_string(),
    }
}

impl Mapper {
    pub fn new() -> Mapper {
        Mapper {
            worker: StoredValue::new_local(None),
            ready: StoredValue::new(false),
            queue: StoredValue::new_local(Vec::new()),
            waiting: StoredValue::new_local(Vec::new()),
            next: StoredValue::new(1),
        }
    }

    /// A request id (the same counter for every request, so answers are told apart).
    pub fn id(&self) -> u64 {
        let id = self.next.get_value();
        self.next.set_value(id + 1);
        id
    }

    /// Sends a request (with the Blob it reads, if any); `done` gets the answer.
    pub fn send(
        &self,
        id: u64,
        request: &Request,
        blob: Option<&web_sys::Blob>,
        done: impl FnOnce(Reply) + 'static,
    ) {
        if let Err(e) = self.start() {
            return done(Reply {
                response: broken(&e),
                export: None,
            });
        }
        let Ok(text) = serde_json::to_string(request) else {
            return;
        };
        self.waiting.update_value(|w| w.push((id, Box::new(done))));
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"request".into(), &text.into());
        if let Some(blob) = blob {
            let _ = js_sys::Reflect::set(&message, &"file".into(), blob);
        }
        if self.ready.get_value() {
            self.post(&message);
        } else {
            self.queue.update_value(|q| q.push(message));
        }
    }

    fn post(&self, message: &js_sys::Object) {
        self.worker.with_value(|w| {
            if let Some(w) = w {
                let _ = w.post_message(message);
            }
        });
    }

    /// Starts the worker once.
    fn start(&self) -> Result<(), String> {
        if self.worker.with_value(Option::is_some) {
            return Ok(());
        }
        let worker = web_sys::Worker::new(WORKER_URL).map_err(|e| format!("{e:?}"))?;
        let this = *self;
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                this.receive(e.data())
            });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        // A worker that fails (its script missing, a trap) answers nothing more: every request
        // waiting is told, and the next one starts a new worker.
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
            let detail = e
                .dyn_ref::<web_sys::ErrorEvent>()
                .map(|e| e.message())
                .unwrap_or_default();
            this.fail_all(&detail);
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        on_error.forget();
        self.worker.set_value(Some(worker));
        Ok(())
    }

    fn fail_all(&self, detail: &str) {
        if let Some(w) = self.worker.try_update_value(Option::take).flatten() {
            w.terminate();
        }
        self.ready.set_value(false);
        self.queue.update_value(Vec::clear);
        let waiting = self
            .waiting
            .try_update_value(std::mem::take)
            .unwrap_or_default();
        for (_, done) in waiting {
            done(Reply {
                response: broken(detail),
                export: None,
            });
        }
    }

    fn receive(&self, data: JsValue) {
        let get = |k: &str| js_sys::Reflect::get(&data, &k.into()).unwrap_or(JsValue::UNDEFINED);
        let Some(response) = get("response")
            .as_string()
            .and_then(|text| serde_json::from_str::<Response>(&text).ok())
        else {
            return;
        };
        let id = match &response {
            Response::Ready => {
                self.ready.set_value(true);
                let queued = self
                    .queue
                    .try_update_value(std::mem::take)
                    .unwrap_or_default();
                for m in queued {
                    self.post(&m);
                }
                return;
            }
            Response::View { id, .. }
            | Response::Failed { id, .. }
            | Response::Refused { id, .. }
            | Response::Converted { id, .. }
            | Response::ProblemsJson { id, .. } => *id,
        };
        let done = self.waiting.try_update_value(|w| {
            let i = w.iter().position(|(k, _)| *k == id)?;
            Some(w.remove(i).1)
        });
        let Some(done) = done.flatten() else {
            return;
        };
        let export = match (
            get("bytes").dyn_into::<js_sys::Uint8Array>(),
            get("rows").dyn_into::<js_sys::Float64Array>(),
        ) {
            (Ok(bytes), Ok(rows)) => Some((bytes, rows)),
            _ => None,
        };
        done(Reply { response, export });
    }
}
