//! The dashboard's page: a thin Leptos layer. The data lives in the engine (a Web Worker,
//! `worker/`); every figure is computed by `kpi_core` and drawn by `kpi_charts`; the page keeps
//! the state in the link and lays out what comes back.
//!
//! Layers, each using only those below it: `app` (shell) → `pages` → `widgets` → `state`
//! (link, engine client, session) → `i18n`, `browser`.

mod app;
mod browser;
mod i18n;
mod pages;
mod state;
mod widgets;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
