//! A Web Worker started on first use (the exporter, the mapper): their wasm is not part of what
//! every visitor downloads. Messages sent before the worker says it is ready wait for it; each
//! answer goes to the callback of its request id; a worker that fails (its script missing, a
//! trap) tells every request still waiting, and the next request starts a new one.

use super::build::{BuildCheck, Heard};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// What a message from the worker is.
pub enum Incoming<A> {
    /// It has started and takes requests.
    Ready,
    /// The answer to request `id`.
    Answer(u64, A),
    /// Nothing a request waits for.
    Other,
}

type Done<A> = Box<dyn FnOnce(A)>;

pub struct OnDemandWorker<A: 'static> {
    /// The worker's script, beside index.html.
    url: &'static str,
    /// Reads a message of the worker.
    read: fn(&JsValue) -> Incoming<A>,
    /// The answer every waiting request gets when the worker cannot start or stops.
    broken: fn(&str) -> A,
    worker: StoredValue<Option<web_sys::Worker>, LocalStorage>,
    ready: StoredValue<bool>,
    build: BuildCheck,
    queue: StoredValue<Vec<js_sys::Object>, LocalStorage>,
    waiting: StoredValue<Vec<(u64, Done<A>)>, LocalStorage>,
    next: StoredValue<u64>,
}

// By hand: a derive would ask `A: Copy`, and only handles are copied.
impl<A: 'static> Clone for OnDemandWorker<A> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<A: 'static> Copy for OnDemandWorker<A> {}

impl<A: 'static> OnDemandWorker<A> {
    pub fn new(
        url: &'static str,
        read: fn(&JsValue) -> Incoming<A>,
        broken: fn(&str) -> A,
    ) -> Self {
        OnDemandWorker {
            url,
            read,
            broken,
            worker: StoredValue::new_local(None),
            ready: StoredValue::new(false),
            build: BuildCheck::new(),
            queue: StoredValue::new_local(Vec::new()),
            waiting: StoredValue::new_local(Vec::new()),
            next: StoredValue::new(1),
        }
    }

    /// A request id (one counter for every request, so answers are told apart).
    pub fn id(&self) -> u64 {
        let id = self.next.get_value();
        self.next.set_value(id + 1);
        id
    }

    /// Posts `message` (which carries `id` as the worker expects it); `done` gets the answer.
    pub fn send(&self, id: u64, message: js_sys::Object, done: impl FnOnce(A) + 'static) {
        if let Err(e) = self.start() {
            return done((self.broken)(&e));
        }
        self.waiting.update_value(|w| w.push((id, Box::new(done))));
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
        let worker = web_sys::Worker::new(self.url).map_err(|e| format!("{e:?}"))?;
        let this = *self;
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                this.receive(&e.data())
            });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
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
        self.build.restart();
        self.queue.update_value(Vec::clear);
        let waiting = self
            .waiting
            .try_update_value(std::mem::take)
            .unwrap_or_default();
        for (_, done) in waiting {
            done((self.broken)(detail));
        }
    }

    fn receive(&self, data: &JsValue) {
        match self.build.hear(data) {
            Heard::Named => return,
            Heard::Message => {}
            // Every request is told, and the page reloads past the browser's cache.
            Heard::OtherBuild => {
                let failure = kpi_core::protocol::Failure::stale_worker();
                self.fail_all(&format!("{} / {}", failure.zh, failure.en));
                return crate::browser::reload_past_cache();
            }
        }
        match (self.read)(data) {
            Incoming::Ready => {
                self.ready.set_value(true);
                let queued = self
                    .queue
                    .try_update_value(std::mem::take)
                    .unwrap_or_default();
                for m in queued {
                    self.post(&m);
                }
            }
            Incoming::Answer(id, answer) => {
                let done = self.waiting.try_update_value(|w| {
                    let i = w.iter().position(|(k, _)| *k == id)?;
                    Some(w.remove(i).1)
                });
                if let Some(done) = done.flatten() {
                    done(answer);
                }
            }
            Incoming::Other => {}
        }
    }
}

/// Member `key` of a worker's message object (undefined when missing).
pub fn member(data: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(data, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// A message object with the given members.
pub fn message(members: &[(&str, &JsValue)]) -> js_sys::Object {
    let m = js_sys::Object::new();
    for (key, value) in members {
        let _ = js_sys::Reflect::set(&m, &(*key).into(), value);
    }
    m
}
