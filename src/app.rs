//! The dashboard shell: one route, all state in the query string (see `kpi_core::link`), the
//! loading life cycle, and the page layout.

use crate::complaints::ComplaintsPage;
use crate::districts::DistrictsPage;
use crate::filter_bar::FilterBar;
use crate::i18n::{t, view_label, Msg};
use crate::loading::{self, Failure, Source, SAMPLE_URL};
use crate::overview::{Facts, Overview};
use crate::quality::QualityPage;
use crate::satisfaction::SatisfactionPage;
use crate::timeliness::TimelinessPage;
use kpi_core::filter::Filter;
use kpi_core::i18n::Lang;
use kpi_core::link::{LinkState, Notice, View};
use kpi_core::load::Loaded;
use kpi_core::report::{report, Report};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Router;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;
use std::future::Future;
use std::sync::Arc;

/// A successfully loaded export.
pub struct Session {
    pub source: Source,
    pub loaded: Loaded,
}

#[derive(Clone)]
pub enum LoadState {
    Fetching(Source),
    Parsing {
        source: Source,
        done: usize,
        total: usize,
    },
    Ready(Arc<Session>),
    Failed(Source, Failure),
}

#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <Dashboard />
        </Router>
    }
}

/// The link state (parsed from the URL) and the way to change it. The URL is the single source
/// of truth: components never hold filter state of their own.
#[derive(Clone, Copy)]
pub struct Nav {
    pub link: Memo<LinkState>,
    pub notices: Memo<Vec<Notice>>,
    go: Callback<(LinkState, bool)>,
}

impl Nav {
    /// Changes the link. `push` adds a history entry (changing view); filter changes replace the
    /// current one, so the back button moves between views, not between keystrokes.
    pub fn update(&self, push: bool, change: impl FnOnce(&mut LinkState)) {
        let mut state = self.link.get_untracked();
        change(&mut state);
        self.go.run((state, push));
    }
}

/// Whether the chart font is registered with charts-rs: charts are drawn only once it is, so
/// that Chinese labels are measured with the font the browser draws them in.
#[derive(Debug, Clone, PartialEq)]
pub enum Fonts {
    Loading,
    Ready,
    Failed(String),
}

/// The CJK font: the browser's @font-face and charts-rs measure with this same file.
const FONT_URL: &str = "fonts/NotoSansSC-subset.otf";

/// Figures of the current view, recomputed from the columns when the link's scope changes.
#[derive(Debug, Clone, PartialEq)]
pub struct Computed {
    pub report: Report,
    pub filter: Filter,
    /// Link values the data does not have (unknown district code, …).
    pub notices: Vec<Notice>,
    /// Time to select and compute, for the speed readout.
    pub millis: f64,
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

#[component]
fn Dashboard() -> impl IntoView {
    let location = use_location();
    let parsed = Memo::new(move |_| LinkState::parse(&location.search.get()));
    let link = Memo::new(move |_| parsed.with(|p| p.0.clone()));
    let notices = Memo::new(move |_| parsed.with(|p| p.1.clone()));
    let lang = Signal::derive(move || link.with(|l| l.lang));
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
    let nav = Nav { link, notices, go };
    provide_context(nav);

    let fonts = RwSignal::new(Fonts::Loading);
    provide_context(fonts);
    spawn_local(async move {
        fonts.set(match loading::fetch_bytes(FONT_URL.into()).await {
            Ok(bytes) => match kpi_charts::font::register(&bytes) {
                Ok(()) => Fonts::Ready,
                Err(e) => Fonts::Failed(e.0),
            },
            Err(Failure::Fetch(e)) => Fonts::Failed(e),
            Err(Failure::Load(e)) => Fonts::Failed(e.to_string()),
        });
    });

    let state = RwSignal::new(LoadState::Fetching(Source::Sample));
    let generation = StoredValue::new(0u64);
    let dragging = RwSignal::new(false);

    // Starts a load; a later one supersedes it.
    let begin =
        move |source: Source,
              bytes: std::pin::Pin<Box<dyn Future<Output = Result<Vec<u8>, Failure>>>>| {
            let id = generation.get_value() + 1;
            generation.set_value(id);
            let current = move || generation.get_value() == id;
            state.set(LoadState::Fetching(source.clone()));
            spawn_local(async move {
                let bytes = match bytes.await {
                    Ok(b) => b,
                    Err(f) => {
                        if current() {
                            state.set(LoadState::Failed(source, f));
                        }
                        return;
                    }
                };
                let progress_source = source.clone();
                let outcome = loading::parse(bytes, move |p| {
                    if current() {
                        state.set(LoadState::Parsing {
                            source: progress_source.clone(),
                            done: p.bytes_done,
                            total: p.bytes_total,
                        });
                    }
                    current()
                })
                .await;
                if !current() {
                    return;
                }
                match outcome {
                    Some(Ok(loaded)) => {
                        state.set(LoadState::Ready(Arc::new(Session { source, loaded })))
                    }
                    Some(Err(e)) => state.set(LoadState::Failed(source, Failure::Load(e))),
                    None => {}
                }
            });
        };

    // The first load: `?data=<url>` (relative to the page) or the embedded sample.
    match link.get_untracked().data {
        Some(url) => begin(
            Source::Url(url.clone()),
            Box::pin(loading::fetch_bytes(url)),
        ),
        None => begin(
            Source::Sample,
            Box::pin(loading::fetch_bytes(SAMPLE_URL.into())),
        ),
    }

    // A local file cannot be named in a link: drop `data` so the URL does not point elsewhere.
    let open_file = move |file: web_sys::File| {
        nav.update(false, |l| l.data = None);
        begin(
            Source::File(file.name()),
            Box::pin(loading::read_file(file)),
        );
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            open_file(file);
        }
        input.set_value("");
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(file) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        {
            open_file(file);
        }
    };
    let toggle_lang = move |_| {
        nav.update(false, |l| {
            l.lang = match l.lang {
                Lang::Zh => Lang::En,
                Lang::En => Lang::Zh,
            }
        })
    };
    Effect::new(move |_| {
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            doc.set_title(t(lang.get(), Msg::AppTitle));
            if let Some(root) = doc.document_element() {
                let _ = root.set_attribute("lang", lang.get().pick("zh-CN", "en"));
            }
        }
    });

    // What the figures depend on: the link without view and language, so switching either does
    // not recompute.
    let scope = Memo::new(move |_| {
        let mut s = link.get();
        s.view = View::default();
        s.lang = Lang::default();
        s
    });
    let computed = Memo::new(move |_| {
        let LoadState::Ready(session) = state.get() else {
            return None;
        };
        let ds = &session.loaded.dataset;
        let started = now_ms();
        let (period, filter, notices) = scope.with(|s| s.resolve(ds));
        let compare = scope.with(|s| s.compare);
        let report = report(ds, period, &filter, compare);
        Some(Arc::new(Computed {
            report,
            filter,
            notices,
            millis: now_ms() - started,
        }))
    });

    view! {
        <div
            class="app"
            class:dragging=move || dragging.get()
            on:dragover=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                dragging.set(true);
            }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop
        >
            <header class="topbar">
                <h1>{move || t(lang.get(), Msg::AppTitle)}</h1>
                <div class="actions">
                    <label class="button primary">
                        {move || t(lang.get(), Msg::OpenFile)}
                        <input
                            type="file"
                            accept=".json,application/json"
                            data-testid="file-input"
                            on:change=on_pick
                        />
                    </label>
                    <span class="hint">{move || t(lang.get(), Msg::DropHint)}</span>
                    <button class="button" data-testid="lang-toggle" on:click=toggle_lang>
                        {move || t(lang.get(), Msg::LangSwitch)}
                    </button>
                </div>
            </header>
            <div class="drop-overlay">{move || t(lang.get(), Msg::DropHere)}</div>
            <Status state=state lang=lang />
            {move || {
                let (LoadState::Ready(session), Some(computed)) = (state.get(), computed.get()) else {
                    return ().into_any();
                };
                let page = match link.with(|l| l.view) {
                    View::Overview => {
                        view! { <Overview session=session.clone() computed=computed.clone() lang=lang /> }
                            .into_any()
                    }
                    View::Districts => {
                        view! { <DistrictsPage session=session.clone() computed=computed.clone() lang=lang /> }
                            .into_any()
                    }
                    View::Complaints => {
                        view! { <ComplaintsPage session=session.clone() computed=computed.clone() lang=lang /> }
                            .into_any()
                    }
                    View::Timeliness => {
                        view! { <TimelinessPage session=session.clone() computed=computed.clone() lang=lang /> }
                            .into_any()
                    }
                    View::Satisfaction => {
                        view! { <SatisfactionPage session=session.clone() computed=computed.clone() lang=lang /> }
                            .into_any()
                    }
                    View::Quality => {
                        view! { <QualityPage session=session.clone() computed=computed.clone() lang=lang /> }
                            .into_any()
                    }
                };
                let millis = computed.millis;
                view! {
                    <FilterBar session=session.clone() computed=computed.clone() lang=lang />
                    <Tabs lang=lang />
                    <Facts session=session.clone() computed=computed.clone() lang=lang />
                    {page}
                    <footer class="footer">
                        <span data-testid="compute-ms" data-value=millis.to_string()>
                            {move || format!("{} {millis:.1} ms", t(lang.get(), Msg::ComputeTime))}
                        </span>
                    </footer>
                }
                    .into_any()
            }}
        </div>
    }
}

/// One tab per view; a tab change is a history entry, so back/forward move between views.
#[component]
fn Tabs(lang: Signal<Lang>) -> impl IntoView {
    let nav = expect_context::<Nav>();
    let tabs = View::ALL
        .into_iter()
        .map(|v| {
            let active = move || nav.link.with(|l| l.view == v);
            view! {
                <button
                    class="tab"
                    class:active=active
                    role="tab"
                    aria-selected=move || active().to_string()
                    data-testid=format!("tab-{}", v.code())
                    on:click=move |_| nav.update(true, |l| l.view = v)
                >
                    {move || view_label(lang.get(), v)}
                </button>
            }
        })
        .collect_view();
    view! { <nav class="tabs" role="tablist">{tabs}</nav> }
}

/// Loading progress, or the reason a load failed. Carries `data-state` for tests.
#[component]
fn Status(state: RwSignal<LoadState>, lang: Signal<Lang>) -> impl IntoView {
    let state_name = move || match state.get() {
        LoadState::Fetching(_) | LoadState::Parsing { .. } => "loading",
        LoadState::Ready(_) => "ready",
        LoadState::Failed(..) => "error",
    };
    view! {
        <div class="status" data-testid="load-status" data-state=state_name>
            {move || {
                let lang = lang.get();
                match state.get() {
                    LoadState::Fetching(source) => {
                        let msg = match source {
                            Source::File(_) => Msg::Reading,
                            _ => Msg::Downloading,
                        };
                        view! { <p class="progress-text">{t(lang, msg)}</p> }.into_any()
                    }
                    LoadState::Parsing { source, done, total } => {
                        let pct = if total > 0 { done as f64 / total as f64 * 100.0 } else { 0.0 };
                        view! {
                            <p class="progress-text">
                                {format!(
                                    "{} · {} {pct:.0}%",
                                    source_name(&source, lang),
                                    t(lang, Msg::Parsing),
                                )}
                            </p>
                            <progress max="100" value=pct></progress>
                        }
                            .into_any()
                    }
                    LoadState::Failed(source, failure) => {
                        let (title, detail) = match failure {
                            Failure::Fetch(e) => (t(lang, Msg::FetchFailed), e),
                            Failure::Load(e) => (t(lang, Msg::LoadFailed), e.message(lang)),
                        };
                        let name = source_name(&source, lang);
                        view! {
                            <div class="error" role="alert" data-testid="load-error">
                                <strong>{title}</strong>
                                " · "
                                {name}
                                <p>{detail}</p>
                            </div>
                        }
                            .into_any()
                    }
                    LoadState::Ready(_) => ().into_any(),
                }
            }}
        </div>
    }
}

/// How a data source is named on screen.
pub fn source_name(source: &Source, lang: Lang) -> String {
    match source {
        Source::Sample => t(lang, Msg::EmbeddedSample).to_string(),
        Source::Url(u) => u.clone(),
        Source::File(f) => f.clone(),
    }
}
