//! The exporter: a Web Worker started on the first XLSX export, so that the XLSX writer is not
//! part of what every visitor downloads. It receives the tables (`kpi_core::protocol::encode`)
//! and answers with the workbook's bytes, or with why it could not write them.

#[cfg(target_arch = "wasm32")]
mod worker {
    use kpi_core::export::Sheet;
    use kpi_core::protocol::decode;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    fn scope() -> Option<DedicatedWorkerGlobalScope> {
        js_sys::global().dyn_into().ok()
    }

    /// A request is `{ id, sheets: <bytes> }`; the answer `{ id, bytes }` or `{ id, error }`.
    fn on_message(event: MessageEvent) {
        let data = event.data();
        let get = |k: &str| js_sys::Reflect::get(&data, &k.into()).unwrap_or(JsValue::UNDEFINED);
        let id = get("id");
        let answer = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&answer, &"id".into(), &id);
        let sheets = get("sheets")
            .dyn_into::<js_sys::Uint8Array>()
            .ok()
            .and_then(|bytes| decode::<Vec<Sheet>>(&bytes.to_vec()));
        let outcome = match sheets {
            Some(sheets) => kpi_exporter::xlsx(&sheets).map_err(|e| e.to_string()),
            None => Err("the tables could not be read".into()),
        };
        match outcome {
            Ok(bytes) => {
                let array = js_sys::Uint8Array::from(bytes.as_slice());
                let _ = js_sys::Reflect::set(&answer, &"bytes".into(), &array);
            }
            Err(e) => {
                let _ = js_sys::Reflect::set(&answer, &"error".into(), &e.into());
            }
        }
        if let Some(s) = scope() {
            let _ = s.post_message(&answer);
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
        let ready = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&ready, &"ready".into(), &JsValue::TRUE);
        let _ = scope.post_message(&ready);
    }
}

fn main() {
    #[cfg(target_arch = "wasm32")]
    worker::start();
}
