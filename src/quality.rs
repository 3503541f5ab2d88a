//! The data-quality view: the load report (rejected records) first, since the overview's
//! rejected count links here; then, over every accepted ticket (filters do not apply), how often
//! each optional field is filled in and which timestamp patterns look wrong. Figures come from
//! `kpi_core::views::quality`; this module only lays them out.

use crate::app::{Computed, Session};
use crate::chart_panel::{ChartPanel, ChartsWhenReady};
use kpi_charts::quality as charts;
use kpi_core::display;
use kpi_core::i18n::Lang;
use kpi_core::views::quality::{self as views, AnomalyCount};
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn QualityPage(
    session: Arc<Session>,
    computed: Arc<Computed>,
    lang: Signal<Lang>,
) -> impl IntoView {
    // Whole-file figures: the view's filters and period do not apply.
    let _ = &computed;
    let ds = &session.loaded.dataset;
    let coverage = views::field_coverage(ds);
    let found = views::anomalies(ds);
    let accepted = ds.len() as u64;
    let for_charts = found.clone();
    view! {
        <crate::load_report::LoadReport session=session.clone() lang=lang />
        <section class="tq-section" data-testid="accepted-quality">
            <h2>
                {move || lang.get().pick("有效工单的数据质量", "Quality of the accepted tickets")}
                <small class="hint">
                    {move || match lang.get() {
                        Lang::Zh => format!("全部 {} 张有效工单，不受筛选影响", display::thousands(accepted)),
                        Lang::En => format!("All {} accepted tickets; filters do not apply", display::thousands(accepted)),
                    }}
                </small>
            </h2>
            <ChartsWhenReady lang=lang render=move |lang| {
                let anomalies = charts::anomalies(&for_charts, lang);
                view! {
                    <div class="charts">
                        <ChartPanel
                            chart=charts::field_coverage(&coverage, lang)
                            testid="chart-field-coverage".into()
                            lang=lang.into()
                        />
                        // All counts zero: the table below says so; an empty chart would read
                        // as "no data".
                        {(!anomalies.is_empty()).then(|| view! {
                            <ChartPanel chart=anomalies testid="chart-anomalies".into() lang=lang.into() />
                        })}
                    </div>
                }
            } />
            <AnomalyTable found=found lang=lang />
        </section>
    }
}

/// Every anomaly with its count, example ids (text nodes only) and meaning.
#[component]
fn AnomalyTable(found: Vec<AnomalyCount>, lang: Signal<Lang>) -> impl IntoView {
    let none = found.iter().all(|a| a.count == 0);
    let rows = move || {
        let lang = lang.get();
        found
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
    };
    let header = move |zh: &'static str, en: &'static str, num: bool| {
        view! { <th scope="col" class:num=num>{move || lang.get().pick(zh, en)}</th> }
    };
    view! {
        <h3>{move || lang.get().pick("时间戳异常说明", "Timestamp anomalies explained")}</h3>
        {none.then(|| view! {
            <p class="ok">{move || lang.get().pick("未发现时间戳异常。", "No timestamp anomaly found.")}</p>
        })}
        <div class="table-scroll">
            <table data-testid="anomaly-table">
                <thead>
                    <tr>
                        {header("异常", "Anomaly", false)}
                        {header("工单数", "Tickets", true)}
                        {header("示例工单号", "Example ids", false)}
                        {header("含义", "Meaning", false)}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
