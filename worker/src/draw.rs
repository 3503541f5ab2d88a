//! Drawing charts in the engine, so the page's wasm carries no chart library and its main thread
//! never lays out a chart. The chart font is fetched and registered with charts-rs once; draws
//! asked before it is ready wait for it.
//!
//! Draws are queued and run one per task, so a message that arrives meanwhile (a click's report)
//! is answered before the charts of the view before it are finished.

use crate::send;
use crate::state::{answer, loaded, quality_figures};
use kpi_charts::{font, quality, render, Chart, Style};
use kpi_core::panels::{model, Options};
use kpi_core::protocol::{DrawSpec, Drawable, Drawing, Request, Response};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The chart font, beside index.html (a worker's relative URLs resolve against its script).
const FONT_URL: &str = "fonts/NotoSansSC-subset.ttf";

/// Where the font stands.
enum Font {
    Loading(Vec<Request>),
    Ready(Rc<Vec<u8>>),
    Failed(String),
}

thread_local! {
    static FONT: RefCell<Font> = const { RefCell::new(Font::Loading(Vec::new())) };
    /// Draws asked for and not yet run, and the channel that runs the next one.
    static QUEUE: RefCell<VecDeque<Request>> = const { RefCell::new(VecDeque::new()) };
    static NEXT: RefCell<Option<web_sys::MessageChannel>> = const { RefCell::new(None) };
    static SCHEDULED: Cell<bool> = const { Cell::new(false) };
}

/// Queues a `Draw` request; it runs in a task of its own, after messages already waiting.
pub fn enqueue(request: Request) {
    QUEUE.with(|q| q.borrow_mut().push_back(request));
    schedule();
}

/// Posts to a message channel: a new task that comes after the worker's waiting messages,
/// without the clamping of nested timers.
fn schedule() {
    if SCHEDULED.with(Cell::get) {
        return;
    }
    let port = NEXT.with(|n| {
        if n.borrow().is_none() {
            let channel = web_sys::MessageChannel::new().ok()?;
            let run = Closure::<dyn FnMut()>::new(run_next);
            channel
                .port1()
                .set_onmessage(Some(run.as_ref().unchecked_ref()));
            run.forget();
            *n.borrow_mut() = Some(channel);
        }
        n.borrow().as_ref().map(web_sys::MessageChannel::port2)
    });
    match port {
        Some(port) if port.post_message(&wasm_bindgen::JsValue::NULL).is_ok() => {
            SCHEDULED.with(|s| s.set(true));
        }
        // No channel: draw now, as before the queue.
        _ => {
            while let Some(r) = QUEUE.with(|q| q.borrow_mut().pop_front()) {
                draw(r);
            }
        }
    }
}

fn run_next() {
    SCHEDULED.with(|s| s.set(false));
    if let Some(request) = QUEUE.with(|q| q.borrow_mut().pop_front()) {
        draw(request);
    }
    if QUEUE.with(|q| !q.borrow().is_empty()) {
        schedule();
    }
}

async fn fetch_font() -> Result<Vec<u8>, String> {
    let scope: web_sys::WorkerGlobalScope = js_sys::global()
        .dyn_into()
        .map_err(|_| "not a worker".to_string())?;
    let err = |e: wasm_bindgen::JsValue| format!("{e:?}");
    let response: web_sys::Response = JsFuture::from(scope.fetch_with_str(FONT_URL))
        .await
        .map_err(err)?
        .dyn_into()
        .map_err(err)?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(err)?)
        .await
        .map_err(err)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Fetches and registers the font, then draws what waited for it.
pub async fn load_font() {
    let outcome = match fetch_font().await {
        Ok(bytes) => font::register(&bytes).map(|()| bytes).map_err(|e| e.0),
        Err(e) => Err(e),
    };
    let waiting = FONT.with(|f| {
        let next = match outcome {
            Ok(bytes) => Font::Ready(Rc::new(bytes)),
            Err(e) => Font::Failed(e),
        };
        match std::mem::replace(&mut *f.borrow_mut(), next) {
            Font::Loading(waiting) => waiting,
            _ => Vec::new(),
        }
    });
    for request in waiting {
        draw(request);
    }
}

/// Answers a `Draw` request (once the font is there: until then it waits as it came).
pub fn draw(request: Request) {
    let Request::Draw {
        id,
        query,
        spec,
        embed_font,
    } = &request
    else {
        return;
    };
    let Some(drawing) = drawing(query, spec, *embed_font) else {
        FONT.with(|f| {
            if let Font::Loading(waiting) = &mut *f.borrow_mut() {
                waiting.push(request.clone());
            }
        });
        return;
    };
    send(&Response::Drawn {
        id: *id,
        drawing: Box::new(drawing),
    });
}

/// The chart `spec` for the view of `query`; `None` while the font is loading. With no export
/// on show yet, an empty drawing ("no data").
pub fn drawing(query: &str, spec: &DrawSpec, embed_font: bool) -> Option<Drawing> {
    let font = FONT.with(|f| match &*f.borrow() {
        Font::Loading(_) => None,
        Font::Ready(bytes) => Some(Ok(Rc::clone(bytes))),
        Font::Failed(e) => Some(Err(e.clone())),
    })?;
    let bytes = match font {
        Ok(bytes) => bytes,
        Err(e) => {
            return Some(Drawing {
                error: Some(e),
                ..Drawing::default()
            })
        }
    };
    let style = Style::on(spec.canvas, spec.lang, spec.theme);
    let chart: Option<Chart> = match spec.what {
        Drawable::Panel(panel) => answer(query).zip(loaded()).map(|(a, l)| {
            let info = &l.dataset.info;
            let m = model(panel, info, &a.report, Options { heat: spec.heat });
            let style = Style {
                members: kpi_core::hierarchy::members(info, a.report.unit),
                ..style
            };
            render(&m, &style)
        }),
        Drawable::FieldCoverage => {
            quality_figures().map(|(c, _)| quality::field_coverage(&c, &style))
        }
        Drawable::Anomalies => quality_figures().map(|(_, a)| quality::anomalies(&a, &style)),
    };
    let Some(chart) = chart else {
        return Some(Drawing::default());
    };
    let chart = if embed_font {
        chart.map_svg(|svg| kpi_charts::svg::with_font(svg, &bytes))
    } else {
        chart
    };
    let chart = if spec.clickable {
        let hint = kpi_charts::text::t(spec.lang, kpi_charts::text::T::ClickToFilter);
        chart.map_svg(|svg| kpi_charts::svg::focusable(svg, hint))
    } else {
        chart
    };
    Some(Drawing::from(chart))
}
