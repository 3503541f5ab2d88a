//! The dashboard shell: one route, all state in the query string (see `kpi_core::link`); the
//! header, the load status, the filter bar, the tabs and the page of the link's view. Every part
//! is created once and updates in place as the link and the figures change.

use crate::browser;
use crate::i18n::{t, Msg};
use crate::pages::mapping::MappingPage;
use crate::pages::present::Presentation;
use crate::pages::Page;
use crate::state::session::Activity;
use crate::state::{use_dash, Dash, Engine, Nav};
use crate::widgets::breadcrumb::Breadcrumb;
use crate::widgets::cube::CubeBanner;
use crate::widgets::export::ExportBar;
use crate::widgets::mapped::MappedBanner;
use crate::widgets::{facts::Facts, filter_bar::FilterBar, status::LoadStatus, tabs::Tabs};
use kpi_core::i18n::Lang;
use kpi_core::link::View;
use kpi_core::theme::Theme;
use leptos::prelude::*;

/// The embedded sample, beside index.html.
pub const SAMPLE_URL: &str = "sample.json.gz";

#[component]
pub fn App() -> impl IntoView {
    let nav = Nav::new();
    let engine = Engine::start();
    let dash = Dash::new(nav, engine);
    provide_context(dash);
    let lang = dash.lang;
    dash.intake.open_from_link(SAMPLE_URL);

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
    let (nav, lang, intake) = (dash.nav, dash.lang, dash.intake);

    let dragging = RwSignal::new(false);
    // Routed by its first bytes: a v1 export to the engine, anything else to the mapping step.
    let open_file = move |file: web_sys::File| intake.open_file(file);
    // The mapping step takes the place of the dashboard, which is kept (hidden) as it was.
    let mapping = Memo::new(move |_| {
        dash.engine
            .session
            .with(|s| matches!(s.activity, Activity::Mapping { .. }))
    });
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
                            accept=".json,.ndjson,.jsonl,.gz,.xlsx,.xls,.csv,.tsv,.txt,application/json,text/csv"
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
            <Show when=move || mapping.get()>
                <MappingPage />
            </Show>
            <div class="desk" hidden=move || mapping.get()>
                <Show when=move || dash.summary.with(Option::is_some)>
                    <MappedBanner />
                    <CubeBanner />
                    <Facts />
                    <FilterBar />
                    <Breadcrumb />
                    <Tabs />
                    <Show when=move || nav.link.with(|l| l.view != View::Report)>
                        <ExportBar />
                    </Show>
                    <Page />
                    <Footer />
                </Show>
            </div>
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
