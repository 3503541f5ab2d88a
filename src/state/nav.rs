//! The link as state: the query string parsed into a `LinkState`, and the one way to change it.
//! The page has one address (`/`), so the history API is used directly: a change of view is a
//! history entry, any other change replaces the current one, and back/forward (`popstate`) read
//! the address again.

use kpi_core::link::{Dimension, LinkState, Notice};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// The link (parsed from the URL) and the way to change it. Components never hold view state of
/// their own: they call [`Nav::update`], which writes the link.
#[derive(Clone, Copy)]
pub struct Nav {
    pub link: Memo<LinkState>,
    pub notices: Memo<Vec<Notice>>,
    /// The address's query string, as written last.
    search: RwSignal<String>,
    /// Told of a new link before it is written: writing the URL and updating what depends on it
    /// takes the main thread a few milliseconds, in which the engine can already compute.
    ahead: StoredValue<Option<Callback<LinkState>>>,
}

impl Nav {
    /// Reads the link from the address, and again on back and forward.
    pub fn new() -> Nav {
        let search = RwSignal::new(location_search());
        if let Some(window) = web_sys::window() {
            let on_pop = Closure::<dyn FnMut()>::new(move || search.set(location_search()));
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
        }
    }

    /// Runs `f` with each new link before it is written.
    pub fn before_change(&self, f: impl Fn(LinkState) + Send + Sync + 'static) {
        self.ahead.set_value(Some(Callback::new(f)));
    }

    /// Changes the link. `push` adds a history entry (changing view or slide); other changes
    /// replace the current one, so the back button moves between views, not between clicks.
    pub fn update(&self, push: bool, change: impl FnOnce(&mut LinkState)) {
        let mut state = self.link.get_untracked();
        change(&mut state);
        if state == self.link.get_untracked() {
            return;
        }
        if let Some(ahead) = self.ahead.get_value() {
            ahead.run(state.clone());
        }
        let query = state.to_query();
        write_address(&query, push);
        self.search.set(query);
    }
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
