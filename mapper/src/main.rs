//! The mapper worker's message loop. Requests arrive as `{ request: <bytes>, file?: Blob }`
//! and are handled one at a time, in order: a request waits while the one before it reads its
//! Blob, so a change never overtakes the file it changes. Answers go out as
//! `{ response: <bytes>, bytes?: Uint8Array, rows?: Float64Array }`, the arrays transferred
//! (messages in the bytes of `kpi_core::protocol::encode`).

#[cfg(target_arch = "wasm32")]
mod worker {
    use kpi_core::protocol::{decode, encode};
    use kpi_mapper::protocol::{Request, Response};
    use kpi_mapper::session::{Outcome, Session};
    use std::cell::{Cell, RefCell};
    use std::collections::VecDeque;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{Blob, DedicatedWorkerGlobalScope, MessageEvent};

    thread_local! {
        static SESSION: RefCell<Session> = RefCell::new(Session::new());
        static QUEUE: RefCell<VecDeque<JsValue>> = const { RefCell::new(VecDeque::new()) };
        static BUSY: Cell<bool> = const { Cell::new(false) };
    }

    fn scope() -> Option<DedicatedWorkerGlobalScope> {
        js_sys::global().dyn_into().ok()
    }

    fn on_message(event: MessageEvent) {
        QUEUE.with(|q| q.borrow_mut().push_back(event.data()));
        if !BUSY.with(Cell::get) {
            BUSY.with(|b| b.set(true));
            wasm_bindgen_futures::spawn_local(drain());
        }
    }

    async fn drain() {
        while let Some(data) = QUEUE.with(|q| q.borrow_mut().pop_front()) {
            handle(data).await;
        }
        BUSY.with(|b| b.set(false));
    }

    async fn handle(data: JsValue) {
        let get = |k: &str| js_sys::Reflect::get(&data, &k.into()).unwrap_or(JsValue::UNDEFINED);
        let Some(request) = get("request")
            .dyn_into::<js_sys::Uint8Array>()
            .ok()
            .and_then(|bytes| decode::<Request>(&bytes.to_vec()))
        else {
            return;
        };
        // A Blob that cannot be read (the file was moved or deleted meanwhile) arrives as no
        // file at all, which the session answers with a message saying so.
        let beside = match get("file").dyn_into::<Blob>() {
            Ok(blob) => JsFuture::from(blob.array_buffer())
                .await
                .ok()
                .map(|buffer| js_sys::Uint8Array::new(&buffer).to_vec()),
            Err(_) => None,
        };
        let outcome = SESSION.with(|s| s.borrow_mut().handle(request, beside));
        post(outcome);
    }

    fn post(outcome: Outcome) {
        let Some(scope) = scope() else {
            return;
        };
        let Some(response) = encode(&outcome.response) else {
            return;
        };
        let response = js_sys::Uint8Array::from(response.as_slice());
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"response".into(), &response);
        match outcome.export {
            Some((bytes, rows)) => {
                let bytes = js_sys::Uint8Array::from(bytes.as_slice());
                let rows = js_sys::Float64Array::from(rows.as_slice());
                let _ = js_sys::Reflect::set(&message, &"bytes".into(), &bytes);
                let _ = js_sys::Reflect::set(&message, &"rows".into(), &rows);
                let transfer = js_sys::Array::of2(&bytes.buffer(), &rows.buffer());
                let _ = scope.post_message_with_transfer(&message, &transfer);
            }
            None => {
                let _ = scope.post_message(&message);
            }
        }
    }

    pub fn start() {
        let Some(scope) = scope() else {
            return;
        };
        let handler = Closure::<dyn FnMut(MessageEvent)>::new(on_message);
        scope.set_onmessage(Some(handler.as_ref().unchecked_ref()));
        handler.forget();
        // Which build this is (kpi_core::protocol::BUILD), then that it takes requests.
        let _ = scope.post_message(&kpi_core::protocol::BUILD.into());
        post(Response::Ready.into());
    }
}

fn main() {
    #[cfg(target_arch = "wasm32")]
    worker::start();
}
