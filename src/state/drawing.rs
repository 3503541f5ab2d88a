//! Charts drawn by the engine: a panel asks for its chart at the size it has on screen and
//! keeps showing the last one until the new one comes, so the page never lays out a chart on
//! its main thread and carries no chart library.

use super::engine::DrawRequest;
use super::{use_dash, Shared};
use kpi_core::link::DEFAULT_HEAT;
use kpi_core::panels::Panel;
use kpi_core::protocol::{Canvas, Drawable, Drawing};
use leptos::prelude::*;
use std::sync::Arc;

/// A chart the engine draws: the last drawing that came, and whether a newer one is on its way
/// (the panel says so with `data-drawing`, which tests wait on).
#[derive(Clone, Copy)]
pub struct EngineDrawing {
    pub drawing: RwSignal<Option<Shared<Drawing>>>,
    pub pending: RwSignal<bool>,
}

impl EngineDrawing {
    /// `pending` or `done`, for `data-drawing`.
    pub fn state(&self) -> &'static str {
        if self.pending.get() {
            "pending"
        } else {
            "done"
        }
    }
}

/// The drawing of `what` for the link's scope (or `query` when given: a slide's own scope) on
/// `canvas`, redrawn when the figures, the file, the size, the language, the theme or (for the
/// heatmap) its KPI change. No drawing until the first one comes. `clickable`: its bars and
/// cells filter on a click (a panel on screen), so the engine makes them take focus.
pub fn use_drawing(
    what: Drawable,
    canvas: impl Fn() -> Option<Canvas> + Send + Sync + 'static,
    query: Option<Memo<String>>,
    clickable: bool,
) -> EngineDrawing {
    let dash = use_dash();
    let drawing = RwSignal::new(None::<Shared<Drawing>>);
    let pending = RwSignal::new(true);
    // Only the answer to the latest request is shown (an older one may come after it).
    let latest = StoredValue::new(0u64);
    Effect::new(move |_| {
        let Some(canvas) = canvas() else {
            return;
        };
        if dash.generation.get().is_none() {
            return;
        }
        let query = match query {
            Some(q) => q.get(),
            None => dash.scope.get(),
        };
        let heat = if what == Drawable::Panel(Panel::Heatmap) {
            dash.heat.get()
        } else {
            DEFAULT_HEAT
        };
        let request = DrawRequest {
            query,
            what,
            canvas,
            lang: dash.lang.get(),
            theme: dash.theme.get(),
            heat,
            embed_font: false,
            clickable,
        };
        let token = latest.get_value() + 1;
        latest.set_value(token);
        pending.set(true);
        // The panel may be gone by the time the drawing comes (the view changed).
        dash.engine.draw(request, move |d| {
            if latest.try_get_value() == Some(token) {
                let _ = drawing.try_set(Some(Shared(Arc::new(d))));
                let _ = pending.try_set(false);
            }
        });
    });
    EngineDrawing { drawing, pending }
}
