//! Exports of the view on show: the workbook (XLSX, written by the exporter worker), the view's
//! main table (CSV), printing (the print stylesheet lays it out on A4 landscape), and a panel's
//! chart as a picture (PNG at least 1920 px wide, with the chart font; SVG). Every file is named
//! after what it holds (`kpi_core::export::file_name`).

use crate::browser;
use crate::i18n::{source_name, t, Msg};
use crate::state::engine::DrawRequest;
use crate::state::{use_dash, Dash};
use kpi_charts::svg::{for_file, size};
use kpi_core::export::{file_name, Sheet};
use kpi_core::link::{Dimension, View};
use kpi_core::panels::Panel;
use kpi_core::protocol::{DrawSpec, Drawable, Drawing, TableSet};
use leptos::prelude::*;

/// The narrowest exported picture.
pub const PNG_WIDTH: f32 = 1920.0;

const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Which of a view's tables its CSV holds: the KPIs, the districts, the complaint categories,
/// the overdue tickets, the rejected records; the monthly report's district ranking.
fn csv_sheet(view: View) -> (TableSet, usize) {
    match view {
        View::Overview | View::Satisfaction => (TableSet::Workbook, 1),
        View::Districts => (TableSet::Workbook, 2),
        View::Complaints => (TableSet::Workbook, 3),
        View::Timeliness => (TableSet::Workbook, 4),
        View::Quality => (TableSet::Workbook, 7),
        View::Report => (TableSet::Report, 4),
    }
}

/// What an export is doing, for the status beside the buttons.
#[derive(Clone, PartialEq)]
enum Progress {
    Idle,
    Working,
    Failed(String),
}

/// The name of a file of the view on show.
fn name_of(dash: Dash, what: Option<&str>, ext: &str) -> Option<String> {
    let summary = dash.summary.get_untracked()?;
    let answer = dash.answer.get_untracked()?;
    let lang = dash.lang.get_untracked();
    Some(file_name(&summary.info, &answer.report, what, ext, lang))
}

/// Asks the engine for the tables of the view on show.
fn with_tables(dash: Dash, set: TableSet, then: impl FnOnce(Vec<Sheet>) + 'static) {
    let Some(summary) = dash.summary.get_untracked() else {
        return;
    };
    let lang = dash.lang.get_untracked();
    let source = source_name(&summary.source, lang);
    dash.engine
        .tables(&dash.scope.get_untracked(), lang, set, source, then);
}

#[component]
pub fn ExportBar() -> impl IntoView {
    let dash = use_dash();
    let lang = dash.lang;
    let progress = RwSignal::new(Progress::Idle);
    let view = move || dash.nav.link.with(|l| l.view);
    let fail = move |e: String| progress.set(Progress::Failed(e));
    let xlsx = move |_| {
        progress.set(Progress::Working);
        let report = view() == View::Report;
        let set = if report {
            TableSet::Report
        } else {
            TableSet::Workbook
        };
        let what = report.then(|| t(lang.get_untracked(), Msg::MonthlyReport));
        let Some(name) = name_of(dash, what, "xlsx") else {
            return;
        };
        with_tables(dash, set, move |sheets| {
            dash.exporter.xlsx(&sheets, move |result| match result {
                Ok(bytes) => match browser::download(&name, XLSX_MIME, &bytes) {
                    Ok(()) => progress.set(Progress::Idle),
                    Err(e) => fail(format!("{e:?}")),
                },
                Err(e) => fail(e),
            });
        });
    };
    let csv = move |_| {
        progress.set(Progress::Working);
        let (set, index) = csv_sheet(view());
        with_tables(dash, set, move |sheets| {
            let Some(sheet) = sheets.get(index) else {
                return fail(String::new());
            };
            let Some(name) = name_of(dash, Some(&sheet.name), "csv") else {
                return;
            };
            match browser::download(&name, "text/csv;charset=utf-8", &sheet.csv()) {
                Ok(()) => progress.set(Progress::Idle),
                Err(e) => fail(format!("{e:?}")),
            }
        });
    };
    view! {
        <div class="export-bar" data-testid="export-bar">
            <PrintScope />
            <button class="button" data-testid="export-xlsx" on:click=xlsx>
                {move || t(lang.get(), Msg::ExportXlsx)}
            </button>
            <button class="button" data-testid="export-csv" on:click=csv>
                {move || t(lang.get(), Msg::ExportCsv)}
            </button>
            <button class="button" data-testid="export-print" on:click=move |_| browser::print()>
                {move || t(lang.get(), Msg::Print)}
            </button>
            {move || match progress.get() {
                Progress::Idle => None,
                Progress::Working => Some(view! { <span class="hint" data-testid="export-status">{t(lang.get(), Msg::Exporting)}</span> }.into_any()),
                Progress::Failed(e) => Some(view! {
                    <span class="hint error" data-testid="export-status" role="alert">
                        {format!("{}{e}", t(lang.get(), Msg::ExportFailed))}
                    </span>
                }.into_any()),
            }}
        </div>
    }
}

/// The scope as text, for print only (the filter bar is not printed): "区县：三台县；工单类型：投诉".
#[component]
fn PrintScope() -> impl IntoView {
    let dash = use_dash();
    let text = move || {
        let lang = dash.lang.get();
        let summary = dash.summary.get()?;
        let parts: Vec<String> = dash.nav.link.with(|l| {
            Dimension::ALL
                .into_iter()
                .filter(|&d| !l.selected(d).is_empty())
                .map(|d| {
                    let names =
                        kpi_core::link::selected_labels(&summary.info, d, l.selected(d), lang);
                    let sep = kpi_charts::text::t(lang, kpi_charts::text::T::ListSeparator);
                    crate::i18n::labeled(lang, d.label(lang), &names.join(sep))
                })
                .collect()
        });
        let filters = if parts.is_empty() {
            t(lang, Msg::NoFilters).to_string()
        } else {
            parts.join(t(lang, Msg::ClauseSeparator))
        };
        Some(crate::i18n::labeled(lang, t(lang, Msg::Filters), &filters))
    };
    view! { <p class="print-only print-scope" data-testid="print-scope">{text}</p> }
}

/// The PNG and SVG buttons of a chart panel.
#[component]
pub fn PictureButtons(panel: Panel, width: ReadSignal<f32>) -> impl IntoView {
    let dash = use_dash();
    // The chart drawn for a file by the engine: the panel's look at 1920 px or more (its text
    // scaled with it); for a PNG with the font inside the SVG (an image cannot use page fonts).
    let draw = move |embed_font: bool, then: Box<dyn FnOnce(Drawing)>| {
        let w = width.get_untracked().max(320.0);
        let canvas = super::panel::canvas_for(w);
        let canvas = if w < PNG_WIDTH {
            canvas.scaled(PNG_WIDTH)
        } else {
            canvas
        };
        let request = DrawRequest {
            query: dash.scope.get_untracked(),
            spec: DrawSpec {
                what: Drawable::Panel(panel),
                canvas,
                lang: dash.lang.get_untracked(),
                theme: dash.theme.get_untracked(),
                heat: dash.heat.get_untracked(),
                clickable: false,
            },
            embed_font,
        };
        dash.engine.draw(request, then);
    };
    let png = move |_| {
        let Some(name) = name_of(dash, Some(panel.code()), "png") else {
            return;
        };
        draw(
            true,
            Box::new(move |d| {
                let Some(svg) = d.svg else {
                    return;
                };
                leptos::task::spawn_local(async move {
                    let Some((w, h)) = size(&svg) else {
                        return;
                    };
                    match browser::svg_to_png(&svg, w.ceil() as u32, h.ceil() as u32).await {
                        Ok(bytes) => {
                            let _ = browser::download(&name, "image/png", &bytes);
                        }
                        Err(e) => leptos::logging::error!("PNG export failed: {e}"),
                    }
                });
            }),
        );
    };
    let svg = move |_| {
        let Some(name) = name_of(dash, Some(panel.code()), "svg") else {
            return;
        };
        draw(
            false,
            Box::new(move |d| {
                if let Some(svg) = d.svg {
                    let _ = browser::download(&name, "image/svg+xml", for_file(&svg).as_bytes());
                }
            }),
        );
    };
    view! {
        <button class="link-button" data-testid="export-png" data-panel=panel.code() on:click=png>
            "PNG"
        </button>
        <button class="link-button" data-testid="export-svg" data-panel=panel.code() on:click=svg>
            "SVG"
        </button>
    }
}
