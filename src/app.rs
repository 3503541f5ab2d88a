//! The dashboard shell: one `/` route, state in the query string (`data`, `lang`), the loading
//! life cycle, and the page layout.

use crate::i18n::{t, Msg};
use crate::load_report::LoadReport;
use crate::loading::{self, Failure, Source, SAMPLE_URL};
use crate::overview::Overview;
use kpi_core::i18n::Lang;
use kpi_core::load::Loaded;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Router;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
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

#[component]
fn Dashboard() -> impl IntoView {
    let query = use_query_map();
    let lang = Signal::derive(move || {
        query.with(|q| {
            q.get("lang")
                .and_then(|c| Lang::from_code(&c))
                .unwrap_or_default()
        })
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
    match query.with_untracked(|q| q.get("data")) {
        Some(url) if !url.trim().is_empty() => begin(
            Source::Url(url.clone()),
            Box::pin(loading::fetch_bytes(url)),
        ),
        _ => begin(
            Source::Sample,
            Box::pin(loading::fetch_bytes(SAMPLE_URL.into())),
        ),
    }

    let open_file = move |file: web_sys::File| {
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

    let navigate = use_navigate();
    let location = use_location();
    let toggle_lang = move |_| {
        let next = match lang.get_untracked() {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        };
        let mut params = query.get_untracked();
        params.replace("lang", next.code().to_string());
        let path = location.pathname.get_untracked();
        navigate(
            &format!("{path}{}", params.to_query_string()),
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
    };
    Effect::new(move |_| {
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            doc.set_title(t(lang.get(), Msg::AppTitle));
            if let Some(root) = doc.document_element() {
                let _ = root.set_attribute("lang", lang.get().pick("zh-CN", "en"));
            }
        }
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
            {move || match state.get() {
                LoadState::Ready(session) => {
                    view! {
                        <Overview session=session.clone() lang=lang />
                        <LoadReport session=session lang=lang />
                    }
                        .into_any()
                }
                _ => ().into_any(),
            }}
        </div>
    }
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
