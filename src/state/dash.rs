//! The dashboard's shared state in one context: the link, the engine, what is on show and the
//! answer for the link's view. Widgets read from here and update in place when it changes.

use super::nav::scope_query;
use super::{Engine, Nav};
use kpi_core::catalog::Metric;
use kpi_core::i18n::Lang;
use kpi_core::protocol::{Answer, Summary};
use kpi_core::theme::Theme;
use leptos::prelude::*;
use std::sync::Arc;

/// A shared value compared by identity: a new report is "changed" without comparing its
/// figures one by one.
#[derive(Debug)]
pub struct Shared<T>(pub Arc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Arc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

#[derive(Clone, Copy)]
pub struct Dash {
    pub nav: Nav,
    pub engine: Engine,
    /// The file on show, and its load's number (answers are kept per load).
    pub summary: Memo<Option<Shared<Summary>>>,
    pub generation: Memo<Option<u64>>,
    /// The link's view, without the view, language and panel settings.
    pub scope: Memo<String>,
    /// The answer for `scope`; while a new one is computed, the last one of the same file.
    pub answer: Memo<Option<Shared<Answer>>>,
    pub lang: ReadSignal<Lang>,
    pub theme: ReadSignal<Theme>,
    /// The heatmap's KPI (`heat=`).
    pub heat: Memo<Metric>,
    pub exporter: super::Exporter,
    /// Opening files: the mapper and the mapping step.
    pub intake: super::Intake,
}

impl Dash {
    pub fn new(nav: Nav, engine: Engine) -> Dash {
        let session = engine.session;
        let shown = Memo::new(move |_| session.with(|s| s.shown.clone()));
        let summary =
            Memo::new(move |_| shown.with(|s| s.as_ref().map(|s| Shared(Arc::clone(&s.summary)))));
        let generation = Memo::new(move |_| shown.with(|s| s.as_ref().map(|s| s.generation)));
        let scope = Memo::new(move |_| nav.link.with(scope_query));
        // A click's report is asked for at once (the effect below then finds it asked), and the
        // click is held until it comes, so that the page changes once.
        nav.before_change(move |link| {
            let Some(g) = generation.get_untracked() else {
                return false;
            };
            let query = scope_query(&link);
            engine.ask_view(g, &query);
            !engine.has_answer(g, &query)
        });
        engine.on_answer(move |g, query| {
            nav.release_when(|link| {
                generation.get_untracked() == Some(g) && scope_query(link) == query
            })
        });
        Effect::new(move |_| {
            if let Some(g) = shown.with(|s| s.as_ref().map(|s| s.generation)) {
                engine.ask_view(g, &scope.get());
            }
        });
        let answer = Memo::new(move |previous: Option<&Option<Shared<Answer>>>| {
            let generation = shown.with(|s| s.as_ref().map(|s| s.generation))?;
            match engine.answer(generation, &scope.get()) {
                Some(a) => Some(Shared(a)),
                // Keep the last figures of this file until the new ones come.
                None => previous
                    .cloned()
                    .flatten()
                    .filter(|a| of_generation(&engine, generation, a)),
            }
        });
        let lang = nav.part(|l| l.lang);
        let theme = nav.part(|l| l.theme);
        Dash {
            nav,
            engine,
            summary,
            generation,
            scope,
            answer,
            lang,
            theme,
            heat: Memo::new(move |_| nav.link.with(|l| l.heat)),
            exporter: super::Exporter::new(),
            intake: super::Intake::new(engine, nav),
        }
    }

    /// The answer for another scope (a slide's), asked for when the file or the scope changes;
    /// `None` until it has come.
    pub fn answer_for(&self, query: Memo<String>) -> Memo<Option<Shared<Answer>>> {
        let (engine, generation) = (self.engine, self.generation);
        Effect::new(move |_| {
            if let Some(g) = generation.get() {
                engine.ask(g, &query.get());
            }
        });
        Memo::new(move |_| {
            let g = generation.get()?;
            engine.answer(g, &query.get()).map(Shared)
        })
    }

    /// Asks for a scope ahead of time (the next slide), so that it shows at once.
    pub fn prefetch(&self, query: &str) {
        if let Some(g) = self.generation.get_untracked() {
            self.engine.ask(g, query);
        }
    }

    /// The answer for the current view has come (not an older one kept on show).
    pub fn settled(&self) -> bool {
        self.answer
            .with(|a| a.as_ref().is_some_and(|a| a.query == self.scope.get()))
    }
}

/// Whether a kept answer was computed for this load (not for the file shown before).
fn of_generation(engine: &Engine, generation: u64, answer: &Shared<Answer>) -> bool {
    engine
        .answer(generation, &answer.query)
        .is_some_and(|b| Arc::ptr_eq(&b, &answer.0))
}

pub fn use_dash() -> Dash {
    expect_context::<Dash>()
}
