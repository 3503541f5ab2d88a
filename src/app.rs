//! The dashboard shell: one route, all state in the query string (see `kpi_core::link`); the
//! header, the load status, the filter bar, the tabs and the page of the link's view. Every part
//! is created once and updates in place as the link and the figures change.

use crate::browser;
use crate::i18n::{t, Msg};
use crate::pages::present::Presentation;
use crate::pages::Page;
use crate::state::{use_dash, Dash, Engine, Fonts, Nav};
use crate::widgets::export::ExportBar;
use crate::widgets::{facts::Facts, filter_bar::FilterBar, status::LoadStatus, tabs::Tabs};
use kpi_core::i18n::Lang;
use kpi_core::link::View;
use kpi_core::protocol::{Failure, Source};
use kpi_core::theme::Theme;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Router;

/// The CJK font: the browser's @font-face and charts-rs measure with this same file.
const FONT_URL: &str = "fonts/NotoSansSC-subset.ttf";

/// The embedded sample, beside index.html.
pub const SAMPLE_URL: &str = "sample.json.gz";

#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <Dashboard />
        </Router>
    }
}

/// Opens what the link names: `?data=` (same origin only), else the embedded sample.
fn open_from_link(dash: Dash) {
    let data = dash.nav.link.get_untracked().data;
    match data {
        Some(link) => match browser::same_origin_url(&link) {
            Some(absolute) => dash.engine.open(Source::Url { link, absolute }, None),
            None => dash.engine.refuse(
                Source::Url {
                    link: link.clone(),
                    absolute: String::new(),
                },
                Failure::other_site(&link),
            ),
        },
        None => dash.engine.open(Source::Sample(SAMPLE_URL.into()), None),
    }
}

#[component]
fn Dashboard() -> impl IntoView {
    let nav = Nav::new();
    let engine = Engine::start();
    let dash = Dash::new(nav, engine);
    provide_context(dash);
    let lang = dash.lang;

    // The chart font, fetched once and registered with charts-rs.
    spawn_local(async move {
        dash.fonts.set(match browser::fetch_bytes(FONT_URL).await {
            Ok(bytes) => match kpi_charts::font::register(&bytes) {
                Ok(()) => {
                    dash.font_bytes.set_value(Some(std::rc::Rc::new(bytes)));
                    Fonts::Ready
                }
                Err(e) => Fonts::Failed(e.0),
            },
            Err(e) => Fonts::Failed(e),
        });
    });
    open_from_link(dash);

    Effect::new(move |_| {
        let lang = lang.get();
        browser::set_title(t(lang, Msg::AppTitle));
        browser::set_root_attribute("lang", lang.pick("zh-CN", "en"));
    });
    Effect::new(move |_| browser::set_root_attribute("data-theme", dash.theme.get().code()));

    let presenting = Memo::new(move |_| nav.link.with(|l| l.present));
    view! {
        <Show when=move || presenting.get() fallback=Desk>
            <Show
                when=move || dash.summary.with(Option::is_some)
                fallback=|| view! { <LoadStatus /> }
            >
                <Presentation />
            </Show>
        </Show>
    }
}

/// The dashboard at a desk: header, load status, facts, filters, tabs and the view's page.
#[component]
fn Desk() -> impl IntoView {
    let dash = use_dash();
    let (nav, engine, lang) = (dash.nav, dash.engine, dash.lang);

    let dragging = RwSignal::new(false);
    let open_file = move |file: web_sys::File| {
        // A local file cannot be named in a link: drop `data` so the link does not point
        // elsewhere.
        nav.update(false, |l| l.data = None);
        let source = Source::File {
            name: file.name(),
            size: file.size() as u64,
        };
        engine.open(source, Some(&file));
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
    let theme_options = Theme::ALL
        .into_iter()
        .map(|th| view! { <option value=th.code()>{move || th.label(lang.get())}</option> })
        .collect_view();

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
                            accept=".json,.ndjson,.gz,application/json"
                            data-testid="file-input"
                            on:change=on_pick
                        />
                    </label>
                    <span class="hint">{move || t(lang.get(), Msg::DropHint)}</span>
                    <label class="field inline">
                        <span class="sr-only">{move || t(lang.get(), Msg::Theme)}</span>
                        <select
                            data-testid="theme"
                            prop:value=move || dash.theme.get().code()
                            on:change=move |ev| {
                                let value = event_target_value(&ev);
                                nav.update(false, |l| l.theme = Theme::parse(&value).unwrap_or_default());
                            }
                        >
                            {theme_options}
                        </select>
                    </label>
                    <button class="button" data-testid="lang-toggle" on:click=toggle_lang>
                        {move || t(lang.get(), Msg::LangSwitch)}
                    </button>
                    <button
                        class="button"
                        data-testid="present-start"
                        on:click=move |_| nav.update(true, |l| {
                            l.present = true;
                            l.slide = 1;
                        })
                    >
                        {move || t(lang.get(), Msg::Present)}
                    </button>
                </div>
            </header>
            <div class="drop-overlay">{move || t(lang.get(), Msg::DropHere)}</div>
            <LoadStatus />
            <Show when=move || dash.summary.with(Option::is_some)>
                <Facts />
                <FilterBar />
                <Tabs />
                <Show when=move || nav.link.with(|l| l.view != View::Report)>
                    <ExportBar />
                </Show>
                <Page />
                <Footer />
            </Show>
        </div>
    }
}

/// The time the engine took for the view on show (`compute-ms`), and which view that is.
#[component]
fn Footer() -> impl IntoView {
    let dash = use_dash();
    let millis = move || dash.answer.with(|a| a.as_ref().map_or(0.0, |a| a.millis));
    let query = move || {
        dash.answer
            .with(|a| a.as_ref().map(|a| a.query.clone()).unwrap_or_default())
    };
    view! {
        <footer class="footer">
            <span data-testid="compute-ms" data-value=move || millis().to_string() data-query=query>
                {move || format!("{} {:.1} ms", t(dash.lang.get(), Msg::ComputeTime), millis())}
            </span>
        </footer>
    }
}
