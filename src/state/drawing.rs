//! What the engine makes on request, kept for a panel or a page: charts (a panel asks for its
//! chart at the size it has on screen, so the page never lays out a chart on its main thread and
//! carries no chart library) and the monthly report. Each keeps showing the last one until the
//! new one comes.

use super::engine::DrawRequest;
use super::{use_dash, Shared};
use kpi_core::bulletin::Bulletin;
use kpi_core::i18n::Lang;
use kpi_core::link::DEFAULT_HEAT;
use kpi_core::panels::Panel;
use kpi_core::protocol::{Canvas, DrawSpec, Drawable, Drawing};
use leptos::prelude::*;
use std::sync::Arc;

/// The last answer that came to a request the engine answers, and whether a newer one is on its
/// way (said with `data-drawing`, which tests wait on).
pub struct Requested<T: Send + Sync + 'static> {
    pub value: RwSignal<Option<Shared<T>>>,
    pub pending: RwSignal<bool>,
}

impl<T: Send + Sync + 'static> Clone for Requested<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Requested<T> {}

impl<T: Send + Sync + 'static> Requested<T> {
    /// `pending` or `done`, for `data-drawing`.
    pub fn state(&self) -> &'static str {
        if self.pending.get() {
            "pending"
        } else {
            "done"
        }
    }
}

/// A chart the engine draws.
pub type EngineDrawing = Requested<Drawing>;

/// Asks again whenever `request` changes (`None`: nothing to ask yet); `ask` sends it with what
/// to do with the answer. Only the answer to the latest request is kept (an older one may come
/// after it), and none after the panel or page is gone.
fn requested<T, R>(
    request: impl Fn() -> Option<R> + 'static,
    ask: impl Fn(R, Box<dyn FnOnce(T)>) + 'static,
) -> Requested<T>
where
    T: Send + Sync + 'static,
    R: 'static,
{
    let value = RwSignal::new(None::<Shared<T>>);
    let pending = RwSignal::new(true);
    let latest = StoredValue::new(0u64);
    Effect::new(move |_| {
        let Some(request) = request() else {
            return;
        };
        let token = latest.get_value() + 1;
        latest.set_value(token);
        pending.set(true);
        ask(
            request,
            Box::new(move |answer| {
                if latest.try_get_value() == Some(token) {
                    let _ = value.try_set(Some(Shared(Arc::new(answer))));
                    let _ = pending.try_set(false);
                }
            }),
        );
    });
    Requested { value, pending }
}

/// The drawing of `what` for the link's scope (or `query` when given: a slide's own scope) on
/// `canvas`, redrawn when the figures, the file, the size, the language, the theme or (for the
/// heatmap) its KPI change. No drawing until the first one comes. `clickable`: its bars and
/// cells filter on a click (a panel on screen), so the engine makes them take focus.
///
/// A chart of the link's own scope stands on screen: the engine is told what it is
/// (`Engine::stand`) and draws it with the answer to the next click, so that the view and its
/// charts show together.
pub fn use_drawing(
    what: Drawable,
    canvas: impl Fn() -> Option<Canvas> + Send + Sync + 'static,
    query: Option<Memo<String>>,
    clickable: bool,
) -> EngineDrawing {
    let dash = use_dash();
    let engine = dash.engine;
    let standing = query.is_none().then(|| engine.stand());
    if let Some(slot) = standing {
        on_cleanup(move || engine.sit(slot));
    }
    requested(
        move || {
            let canvas = canvas()?;
            dash.generation.get()?;
            let query = match query {
                Some(q) => q.get(),
                None => dash.scope.get(),
            };
            let heat = if what == Drawable::Panel(Panel::Heatmap) {
                dash.heat.get()
            } else {
                DEFAULT_HEAT
            };
            Some(DrawRequest {
                query,
                spec: DrawSpec {
                    what,
                    canvas,
                    lang: dash.lang.get(),
                    theme: dash.theme.get(),
                    heat,
                    clickable,
                },
                embed_font: false,
            })
        },
        move |request: DrawRequest, then| {
            if let Some(slot) = standing {
                engine.stands_for(slot, &request.spec);
            }
            engine.draw(request, then)
        },
    )
}

/// A monthly report, with the link of the view it reports on and its language.
pub struct Report {
    pub query: String,
    pub lang: Lang,
    pub bulletin: Bulletin,
}

/// The monthly report of the link's view, in the link's language. It says which view and
/// language it is of, so that what the page writes around it (the period, the comparisons)
/// changes with it, not one answer ahead.
pub fn use_bulletin() -> Requested<Report> {
    let dash = use_dash();
    requested(
        move || {
            dash.generation.get()?;
            Some((dash.scope.get(), dash.lang.get()))
        },
        move |(query, lang): (String, Lang), then| {
            let asked = query.clone();
            dash.engine.bulletin(asked, lang, move |bulletin| {
                then(Report {
                    query,
                    lang,
                    bulletin,
                })
            })
        },
    )
}
