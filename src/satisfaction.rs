//! The satisfaction view: score distribution, monthly mean and CSAT against their targets, mean
//! score by district and by kind, survey coverage by district, and mean score by resolution
//! time. District and kind charts are clickable to filter. Figures come from
//! `kpi_core::views::satisfaction`; this module only lays them out.

use crate::app::{Computed, Session};
use crate::chart_panel::{district_click_filter, ChartPanel, ChartsWhenReady, ClickFilter};
use kpi_core::i18n::Lang;
use kpi_core::link::Dimension;
use kpi_core::views::satisfaction::{self as views, ScoresByKind};
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn SatisfactionPage(
    session: Arc<Session>,
    computed: Arc<Computed>,
    lang: Signal<Lang>,
) -> impl IntoView {
    let ds = &session.loaded.dataset;
    let r = &computed.report;
    let distribution_vm = views::score_distribution(ds, r);
    let trend_vm = views::score_trend(ds, r);
    let districts_vm = views::by_district(ds, r);
    let kinds_vm = views::by_kind(ds, r);
    let bands_vm = views::by_resolution_time(ds, r);
    let district_filter = district_click_filter(ds);
    view! {
        <ChartsWhenReady lang=lang render=move |lang| {
            use kpi_charts::satisfaction as charts;
            view! {
                <div class="charts">
                    <ChartPanel
                        chart=charts::trend(&trend_vm, lang)
                        testid="chart-satisfaction-trend".into()
                        lang=lang.into()
                    />
                    <ChartPanel
                        chart=charts::score_distribution(&distribution_vm, lang)
                        testid="chart-score-distribution".into()
                        lang=lang.into()
                    />
                    <ChartPanel
                        chart=charts::by_district(&districts_vm, lang)
                        testid="chart-satisfaction-districts".into()
                        lang=lang.into()
                        filter=district_filter.clone()
                    />
                    <ChartPanel
                        chart=charts::coverage(&districts_vm, lang)
                        testid="chart-survey-coverage".into()
                        lang=lang.into()
                        filter=district_filter.clone()
                    />
                    <ChartPanel
                        chart=charts::by_kind(&kinds_vm, lang)
                        testid="chart-satisfaction-kinds".into()
                        lang=lang.into()
                        filter=kind_filter(&kinds_vm, lang)
                    />
                    <ChartPanel
                        chart=charts::by_resolution_time(&bands_vm, lang)
                        testid="chart-score-by-resolution".into()
                        lang=lang.into()
                    />
                </div>
            }
        } />
    }
}

/// Click-to-filter for the kind bars: their label (in the language drawn) to the kind's code.
fn kind_filter(vm: &ScoresByKind, lang: Lang) -> ClickFilter {
    ClickFilter {
        dim: Dimension::Kind,
        attr: "category",
        values: vm
            .rows
            .iter()
            .map(|k| (k.kind.label(lang).to_string(), k.kind.code().to_string()))
            .collect(),
    }
}
