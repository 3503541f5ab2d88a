//! The page's side of the exporter: a Web Worker that writes XLSX workbooks, started on the
//! first XLSX export (its wasm is not part of what every visitor downloads). Requests sent
//! before it is ready wait for it.

use kpi_core::export::Sheet;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The worker's script, beside index.html (Trunk builds `exporter/` as `exporter`).
const WORKER_URL: &str = "./exporter_loader.js";

/// What to do with a workbook, or with why there is none.
type Done = Box<dyn FnOnce(Result<Vec<u8>, String>)>;

#[derive(Clone, Copy)]
pub struct Exporter {
    worker: StoredValue<Option<web_sys::Worker>, LocalStorage>,
    ready: StoredValue<bool>,
    queue: StoredValue<Vec<js_sys::Object>, LocalStorage>,
    waiting: StoredValue<Vec<(u32, Done)>, LocalStorage>,
    next: StoredValue<u32>,
}

impl Exporter {
    pub fn new() -> Exporter {
        Exporter {
            worker: StoredValue::new_local(None),
            ready: StoredValue::new(false),
            queue: StoredValue::new_local(Vec::new()),
            waiting: StoredValue::new_local(Vec::new()),
            next: StoredValue::new(1),
        }
    }

    /// Writes `sheets` as an XLSX workbook.
    pub fn xlsx(&self, sheets: &[Sheet], done: impl FnOnce(Result<Vec<u8>, String>) + 'static) {
        let text = match serde_json::to_string(sheets) {
            Ok(t) => t,
            Err(e) => return done(Err(e.to_string())),
        };
        if let Err(e) = self.start() {
            return done(Err(e));
        }
        let id = self.next.get_value();
        self.next.set_value(id + 1);
        self.waiting.update_value(|w| w.push((id, Box::new(done))));
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"id".into(), &id.into());
        let _ = js_sys::Reflect::set(&message, &"sheets".into(), &text.into());
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
        self.worker.set_value(Some(worker));
        Ok(())
    }

    fn receive(&self, data: JsValue) {
        let get = |k: &str| js_sys::Reflect::get(&data, &k.into()).unwrap_or(JsValue::UNDEFINED);
        if get("ready").is_truthy() {
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
        let Some(id) = get("id").as_f64().map(|v| v as u32) else {
            return;
        };
        let done = self.waiting.try_update_value(|w| {
            let i = w.iter().position(|(k, _)| *k == id)?;
            Some(w.remove(i).1)
        });
        let Some(done) = done.flatten() else {
            return;
        };
        let bytes = get("bytes");
        if bytes.is_object() {
            done(Ok(js_sys::Uint8Array::new(&bytes).to_vec()));
        } else {
            done(Err(get("error").as_string().unwrap_or_default()));
        }
    }
}
