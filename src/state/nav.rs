//! The link as state: the query string parsed into a `LinkState`, and the one way to change it.

use kpi_core::link::{Dimension, LinkState, Notice};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

/// The link (parsed from the URL) and the way to change it. Components never hold view state of
/// their own: they call [`Nav::update`], which writes the link.
#[derive(Clone, Copy)]
pub struct Nav {
    pub link: Memo<LinkState>,
    pub notices: Memo<Vec<Notice>>,
    go: Callback<(LinkState, bool)>,
}

impl Nav {
    /// Reads the link from the router's location. Call once, inside the router.
    pub fn new() -> Nav {
        let location = use_location();
        let parsed = Memo::new(move |_| LinkState::parse(&location.search.get()));
        let link = Memo::new(move |_| parsed.with(|p| p.0.clone()));
        let notices = Memo::new(move |_| parsed.with(|p| p.1.clone()));
        let navigate = use_navigate();
        let go = Callback::new(move |(state, push): (LinkState, bool)| {
            let path = location.pathname.get_untracked();
            navigate(
                &format!("{path}{}", state.to_query()),
                NavigateOptions {
                    replace: !push,
                    scroll: false,
                    ..Default::default()
                },
            );
        });
        Nav { link, notices, go }
    }

    /// Changes the link. `push` adds a history entry (changing view or slide); other changes
    /// replace the current one, so the back button moves between views, not between clicks.
    pub fn update(&self, push: bool, change: impl FnOnce(&mut LinkState)) {
        let mut state = self.link.get_untracked();
        change(&mut state);
        if state != self.link.get_untracked() {
            self.go.run((state, push));
        }
    }
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
