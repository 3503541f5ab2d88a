//! The dashboard's browser shell: a thin Leptos layer over `kpi_core`. Components read core
//! results and render them; no figure is computed here.

mod app;
mod browser;
mod chart_panel;
mod complaints;
mod districts;
mod filter_bar;
mod i18n;
mod load_report;
mod loading;
mod overview;
mod quality;
mod satisfaction;
mod timeliness;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
