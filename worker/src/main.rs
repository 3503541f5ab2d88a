//! The engine: a Web Worker that owns the loaded export. It reads a file or a download chunk by
//! chunk into the core's loader (never holding the whole input), reports progress, and answers
//! each report the page asks for by link. The page's main thread only draws, so it stays free
//! while millions of rows are read or counted.

mod draw;
mod load;
mod state;

use kpi_core::protocol::{decode, encode, Request, Response};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn scope() -> Option<DedicatedWorkerGlobalScope> {
    js_sys::global()
        .dyn_into::<DedicatedWorkerGlobalScope>()
        .ok()
}

/// Sends a response to the page: its bytes, whose buffer is handed over rather than copied.
pub fn send(response: &Response) {
    if let (Some(scope), Some(bytes)) = (scope(), encode(response)) {
        let array = js_sys::Uint8Array::from(bytes.as_slice());
        let _ = scope.post_message_with_transfer(&array, &js_sys::Array::of1(&array.buffer()));
    }
}

/// Milliseconds on a monotonic clock.
pub fn now() -> f64 {
    js_sys::Reflect::get(&js_sys::global(), &"performance".into())
        .ok()
        .and_then(|p| p.dyn_into::<web_sys::Performance>().ok())
        .map_or_else(js_sys::Date::now, |p| p.now())
}

/// A message is a request's bytes, or `{ request: <bytes>, file: File }` (a file to open), or
/// `{ request: <bytes>, rows: Float64Array }` (a converted sheet's rows, for the problems download).
fn on_message(event: MessageEvent) {
    let data = event.data();
    let bytes = data.dyn_ref::<js_sys::Uint8Array>().cloned().or_else(|| {
        js_sys::Reflect::get(&data, &"request".into())
            .ok()
            .and_then(|v| v.dyn_into::<js_sys::Uint8Array>().ok())
    });
    let Some(request) = bytes.and_then(|b| decode::<Request>(&b.to_vec())) else {
        return;
    };
    let beside = |name: &str| js_sys::Reflect::get(&data, &name.into()).ok();
    let file = beside("file").and_then(|f| f.dyn_into::<web_sys::File>().ok());
    let rows = beside("rows").and_then(|r| r.dyn_into::<js_sys::Float64Array>().ok());
    state::handle(request, file, rows);
}

fn main() {
    let Some(scope) = scope() else {
        return;
    };
    let handler = Closure::<dyn FnMut(MessageEvent)>::new(on_message);
    scope.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    handler.forget();
    // Which build this is, then that it takes requests: messages that came while the module was
    // being compiled found no handler, so the page holds them until then.
    let _ = scope.post_message(&kpi_core::protocol::BUILD.into());
    send(&Response::Ready);
    wasm_bindgen_futures::spawn_local(draw::load_font());
}
