//! The pages: each view is an ordered list of panels of the registry (`View::panels`), laid out
//! by the widgets. A page is made when its view is chosen and then only updates in place.

pub mod mapping;
pub mod present;
mod quality;
mod report;
mod slide;

use crate::i18n::{t, Msg};
use crate::state::use_dash;
use crate::widgets::cards::Cards;
use crate::widgets::findings::Findings;
use crate::widgets::league::League;
use crate::widgets::legend::StatusLegend;
use crate::widgets::panel::PanelView;
use kpi_core::link::View;
use kpi_core::panels::Panel;
use kpi_core::views::districts::HEATMAP_METRICS;
use leptos::prelude::*;

#[component]
pub fn Page() -> impl IntoView {
    let dash = use_dash();
    let view_code = Memo::new(move |_| dash.nav.link.with(|l| l.view));
    move || match view_code.get() {
        View::Quality => view! { <quality::QualityPage /> }.into_any(),
        View::Report => view! { <report::ReportPage /> }.into_any(),
        v => view! { <Panels view=v /> }.into_any(),
    }
}

/// The panels of a view, in the registry's order.
#[component]
fn Panels(view: View) -> impl IntoView {
    let panels = view
        .panels()
        .iter()
        .map(|&p| match p {
            Panel::Cards => view! { <Cards /> <StatusLegend /> }.into_any(),
            Panel::Findings => view! { <Findings /> }.into_any(),
            Panel::League => view! { <League sortable=view == View::Districts /> }.into_any(),
            Panel::Heatmap => view! { <HeatmapMetric /> <PanelView panel=p /> }.into_any(),
            p => view! { <PanelView panel=p /> }.into_any(),
        })
        .collect_view();
    view! {
        <main class="page" data-testid=format!("page-{}", view.code())>
            <div class="charts">{panels}</div>
        </main>
    }
}

/// The heatmap's KPI, kept in the link (`heat=`).
#[component]
fn HeatmapMetric() -> impl IntoView {
    let dash = use_dash();
    let nav = dash.nav;
    let lang = dash.lang;
    let heat = Memo::new(move |_| nav.link.with(|l| l.heat.key()));
    let options = HEATMAP_METRICS
        .into_iter()
        .map(|m| view! { <option value=m.key()>{move || m.label(lang.get())}</option> })
        .collect_view();
    view! {
        <label class="field heatmap-field">
            <span>{move || t(lang.get(), Msg::HeatmapMetric)}</span>
            <select
                data-testid="heatmap-metric"
                prop:value=heat
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    if let Some(m) = kpi_core::catalog::Metric::parse(&value) {
                        nav.update(false, |l| l.heat = m);
                    }
                }
            >
                {options}
            </select>
        </label>
    }
}
