//! The data-quality view: the load report first (the rejected count links here), then, over
//! every accepted ticket (filters do not apply), how often each optional field is filled in and
//! which timestamp patterns look wrong. Computed once per load by the engine.

use crate::i18n::{t, Msg};
use crate::state::drawing::use_drawing;
use crate::state::use_dash;
use crate::widgets::load_report::LoadReport;
use crate::widgets::table::DataTable;
use kpi_core::display;
use kpi_core::protocol::{Canvas, Drawable};
use leptos::prelude::*;

#[component]
pub fn QualityPage() -> impl IntoView {
    let dash = use_dash();
    let lang = dash.lang;
    // The whole file's figures, drawn by the engine at a panel's size.
    let canvas = || {
        Some(Canvas {
            width: 720.0,
            height: 360.0,
            font: 13.0,
            headed: true,
        })
    };
    let coverage = use_drawing(Drawable::FieldCoverage, canvas, None, false);
    let anomalies = use_drawing(Drawable::Anomalies, canvas, None, false);
    let accepted = move || dash.summary.get().map_or(0, |s| s.accepted);
    let svg = move |second: bool| {
        let drawing = if second { anomalies } else { coverage };
        drawing
            .value
            .with(|d| d.as_ref().and_then(|d| d.svg.clone()).unwrap_or_default())
    };
    let anomaly_rows = move || {
        let lang = lang.get();
        dash.summary.get().map(|s| {
            s.anomalies
                .iter()
                .map(|a| {
                    view! {
                        <tr data-testid="anomaly-row" data-code=a.anomaly.code() data-count=a.count.to_string()>
                            <th scope="row">{a.anomaly.label(lang)}</th>
                            <td class="num">{display::thousands(a.count)}</td>
                            <td class="mono">{a.examples.join(", ")}</td>
                            <td class="meaning">{a.anomaly.meaning(lang)}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <main class="page" data-testid="page-quality">
            <LoadReport />
            <section class="tq-section" data-testid="accepted-quality">
                <h2>
                    {move || t(lang.get(), Msg::AcceptedQuality)}
                    <small class="hint">{move || crate::i18n::whole_file(lang.get(), accepted())}</small>
                </h2>
                <div class="charts">
                    <figure class="chart-panel" data-testid="panel-field-coverage" data-drawing=move || coverage.state()>
                        <div class="chart-svg" inner_html=move || svg(false)></div>
                    </figure>
                    <figure class="chart-panel" data-testid="panel-anomalies" data-drawing=move || anomalies.state()>
                        <div class="chart-svg" inner_html=move || svg(true)></div>
                    </figure>
                </div>
                <h3>{move || t(lang.get(), Msg::AnomaliesExplained)}</h3>
                <div class="table-scroll" tabindex="0">
                    <table data-testid="anomaly-table">
                        <thead>
                            <tr>
                                <th scope="col">{move || t(lang.get(), Msg::Anomaly)}</th>
                                <th scope="col" class="num">{move || t(lang.get(), Msg::Tickets)}</th>
                                <th scope="col">{move || t(lang.get(), Msg::ExampleIds)}</th>
                                <th scope="col">{move || t(lang.get(), Msg::Meaning)}</th>
                            </tr>
                        </thead>
                        <tbody>{anomaly_rows}</tbody>
                    </table>
                </div>
                {move || coverage.value.get().map(|c| {
                    let table = kpi_charts::Table {
                        headers: c.headers.clone(),
                        rows: c.rows.clone(),
                    };
                    view! { <DataTable table=table caption=c.title.clone() testid="coverage-table" /> }
                })}
            </section>
        </main>
    }
}
