//! The width an element has on screen, so charts are drawn for it: text measured at its real
//! size on a phone and on a projector, rather than a fixed drawing scaled up or down.

use leptos::html::ElementType;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Widths are rounded to this many pixels, so a resize redraws a chart only now and then.
const STEP: f64 = 40.0;

/// The element's content width in pixels, rounded down to [`STEP`]; 0 until its first layout.
pub fn use_width<E>(node: NodeRef<E>) -> ReadSignal<f32>
where
    E: ElementType,
    E::Output: JsCast + Clone + 'static,
{
    let (width, set_width) = signal(0.0f32);
    Effect::new(move |_| {
        let Some(el) = node.get() else {
            return;
        };
        let Ok(el) = el.dyn_into::<web_sys::Element>() else {
            return;
        };
        let measure = move |w: f64| {
            let w = ((w / STEP).floor() * STEP) as f32;
            if w > 0.0 && (w - width.get_untracked()).abs() > 0.5 {
                set_width.set(w);
            }
        };
        // No width is read here: reading it would lay out the page inside the task that made
        // the panels (on the first view, that task then ran past 50 ms). The observer reports
        // the first width from the next frame's own layout.
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            if let Some(entry) = entries.get(0).dyn_ref::<web_sys::ResizeObserverEntry>() {
                measure(entry.content_rect().width());
            }
        });
        if let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
            observer.observe(&el);
            let observer = send_wrapper::SendWrapper::new(observer);
            on_cleanup(move || observer.disconnect());
        }
        callback.forget();
    });
    width
}
