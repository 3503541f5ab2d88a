//! The link as state: the query string parsed into a `LinkState`, and the one way to change it.
//! The page has one address (`/`), so the history API is used directly: a change of view is a
//! history entry, any other change replaces the current one, and back/forward (`popstate`) read
//! the address again.
//!
//! A change whose figures are not yet computed is held until they come (or [`HOLD`] has passed),
//! then shown with them: the filter chip, the cards and the charts change in one update and one
//! frame, rather than a frame with the new chip over the old figures and then another. The
//! address is written at once (the engine computes meanwhile), so it never lags the page.

use kpi_core::link::{Dimension, LinkState, Notice};
use leptos::leptos_dom::helpers::{set_timeout_with_handle, TimeoutHandle};
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::prelude::*;

/// How long a change waits for its figures before it is shown over the last ones. A click
/// answered within it looks immediate; a slower one still shows at once that it was heard.
const HOLD: Duration = Duration::from_millis(100);

/// A change waiting for its figures.
struct Held {
    state: LinkState,
    timer: Option<TimeoutHandle>,
}

/// The link (parsed from the URL) and the way to change it. Components never hold view state of
/// their own: they call [`Nav::update`], which writes the link.
#[derive(Clone, Copy)]
pub struct Nav {
    pub link: Memo<LinkState>,
    pub notices: Memo<Vec<Notice>>,
    /// The address's query string, as written last.
    search: RwSignal<String>,
    /// Told of a new link before it is written, so that the engine computes while the page
    /// waits; says whether to hold the link until [`Nav::release_when`] (its figures are to come).
    ahead: StoredValue<Option<Callback<LinkState, bool>>>,
    held: StoredValue<Option<Held>>,
}

impl Nav {
    /// Reads the link from the address, and again on back and forward.
    pub fn new() -> Nav {
        let search = RwSignal::new(location_search());
        let held = StoredValue::new(None);
        if let Some(window) = web_sys::window() {
            let on_pop = Closure::<dyn FnMut()>::new(move || {
                take(held);
                search.set(location_search());
            });
            let _ = window
                .add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
            on_pop.forget();
        }
        let parsed = Memo::new(move |_| LinkState::parse(&search.get()));
        let link = Memo::new(move |_| parsed.with(|p| p.0.clone()));
        let notices = Memo::new(move |_| parsed.with(|p| p.1.clone()));
        Nav {
            link,
            notices,
            search,
            ahead: StoredValue::new(None),
            held,
        }
    }

    /// One part of the link (the language, the sort order) as a signal that changes only when
    /// the part does. A memo would do, except that reactive_graph marks every reader of a memo
    /// for checking on each change of what the memo reads, copying its list of readers at
    /// each step: the language has hundreds of readers, and every click changes the link.
    pub fn part<T>(
        &self,
        part: impl Fn(&LinkState) -> T + Copy + Send + Sync + 'static,
    ) -> ReadSignal<T>
    where
        T: PartialEq + Send + Sync + 'static,
    {
        let (read, write) = signal(self.link.with_untracked(part));
        let link = self.link;
        Effect::new(move |_| {
            let value = link.with(part);
            if read.with_untracked(|v| *v != value) {
                write.set(value);
            }
        });
        read
    }

    /// Runs `f` with each new link before it is written; when it returns true, the link is held
    /// until [`Nav::release_when`] lets it go, or for [`HOLD`] at most.
    pub fn before_change(&self, f: impl Fn(LinkState) -> bool + Send + Sync + 'static) {
        self.ahead.set_value(Some(Callback::new(f)));
    }

    /// Changes the link. `push` adds a history entry (changing view or slide); other changes
    /// replace the current one, so the back button moves between views, not between clicks.
    /// The address is written at once, while the engine computes; the page follows when the
    /// figures come. A change made while another is held builds on the held one.
    pub fn update(&self, push: bool, change: impl FnOnce(&mut LinkState)) {
        let mut state = self
            .held
            .with_value(|h| h.as_ref().map(|h| h.state.clone()))
            .unwrap_or_else(|| self.link.get_untracked());
        let before = state.clone();
        change(&mut state);
        if state == before {
            return;
        }
        take(self.held);
        let hold = self.ahead.get_value().is_some_and(|a| a.run(state.clone()));
        let query = state.to_query();
        write_address(&query, push);
        if hold {
            let nav = *self;
            let timer = set_timeout_with_handle(move || nav.release_when(|_| true), HOLD).ok();
            self.held.set_value(Some(Held { state, timer }));
        } else {
            self.search.set(query);
        }
    }

    /// Shows the held link if `ready` says its figures have come.
    pub fn release_when(&self, ready: impl FnOnce(&LinkState) -> bool) {
        let go = self
            .held
            .with_value(|h| h.as_ref().is_some_and(|h| ready(&h.state)));
        if let Some(held) = go.then(|| take(self.held)).flatten() {
            self.search.set(held.state.to_query());
        }
    }
}

/// Takes the held link, if any, and stops its timer.
fn take(held: StoredValue<Option<Held>>) -> Option<Held> {
    let held = held.try_update_value(Option::take).flatten()?;
    if let Some(timer) = held.timer {
        timer.clear();
    }
    Some(held)
}

/// The address's query string (with its `?`, or empty).
fn location_search() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// Writes the query string into the address bar, keeping the path.
fn write_address(query: &str, push: bool) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(history) = window.history() else {
        return;
    };
    let url = match query {
        "" => window.location().pathname().unwrap_or_else(|_| "/".into()),
        q => q.to_string(),
    };
    let _ = if push {
        history.push_state_with_url(&JsValue::NULL, "", Some(&url))
    } else {
        history.replace_state_with_url(&JsValue::NULL, "", Some(&url))
    };
}

/// The part of a link that decides the figures: period, filters, comparison. Changing the view,
/// the language, the theme or a panel's setting asks for no new report.
pub fn scope_query(link: &LinkState) -> String {
    let defaults = LinkState::default();
    let scope = LinkState {
        period: link.period,
        selected: link.selected.clone(),
        compare: link.compare,
        unit: link.unit.clone(),
        ..defaults
    };
    scope.to_query()
}

/// The scope of a slide: the link's, with the district filter set to the slide's district.
pub fn slide_query(link: &LinkState, district: Option<&str>) -> String {
    let mut scoped = link.clone();
    if let Some(d) = district {
        scoped.selected[Dimension::District as usize] = vec![d.to_string()];
    }
    scope_query(&scoped)
}
