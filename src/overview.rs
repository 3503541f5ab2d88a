//! The overview page: header facts, KPI cards against targets with the comparison period, and
//! the district table. Values come from `kpi_core::report`; this module only lays them out.

use crate::app::{source_name, Computed, Nav, Session};
use crate::chart_panel::{district_click_filter, ChartPanel, ChartsWhenReady};
use crate::districts::{raw, DistrictTable};
use crate::i18n::{metric_label, t, Msg};
use kpi_charts::sparkline::sparkline;
use kpi_core::catalog::{Better, Duration, Metric, Stat, Status};
use kpi_core::display;
use kpi_core::i18n::Lang;
use kpi_core::kpi::Kpis;
use kpi_core::link::View;
use kpi_core::period::Period;
use kpi_core::stats::delta;
use kpi_core::targets::Targets;
use kpi_core::views::overview as views;
use leptos::prelude::*;
use std::sync::Arc;

fn period_text(p: Option<Period>) -> String {
    match p {
        Some(p) => format!("{} – {}", p.from.date(), p.to.date()),
        None => display::UNDEFINED.into(),
    }
}

/// The facts every view starts with: organization, period and comparison period, record counts
/// (the rejected count opens the data-quality view), source and export time.
#[component]
pub fn Facts(session: Arc<Session>, computed: Arc<Computed>, lang: Signal<Lang>) -> impl IntoView {
    let loaded = &session.loaded;
    let ds = &loaded.dataset;
    let nav = expect_context::<Nav>();
    let organization = ds.meta.organization.clone().unwrap_or_default();
    let source = session.source.clone();
    let accepted = ds.len();
    let rejected = loaded.problems.len();
    let has_rejected = rejected != 0;
    let offset = ds.meta.offset;
    let exported = kpi_core::calendar::Day::of(ds.meta.exported_at, offset).date();
    let (period, comparison) = (computed.report.period, computed.report.comparison);
    view! {
        <section class="facts" data-testid="facts">
            <div class="fact org">
                <span class="org-name" data-testid="organization">{organization}</span>
            </div>
            <div class="fact">
                <span class="label">{move || t(lang.get(), Msg::Period)}</span>
                <span data-testid="period">{period_text(period)}</span>
            </div>
            <div class="fact">
                <span class="label">{move || t(lang.get(), Msg::ComparedWith)}</span>
                <span data-testid="comparison-period">{period_text(comparison)}</span>
            </div>
            <div class="fact">
                <span class="label">{move || t(lang.get(), Msg::Accepted)}</span>
                <span data-testid="accepted-count" data-value=accepted.to_string()>
                    {display::thousands(accepted as u64)}
                </span>
            </div>
            <div class="fact" class:warn=has_rejected>
                <span class="label">{move || t(lang.get(), Msg::Rejected)}</span>
                <a
                    href="?view=quality"
                    data-testid="rejected-count"
                    data-value=rejected.to_string()
                    on:click=move |ev| {
                        ev.prevent_default();
                        nav.update(true, |l| l.view = View::Quality);
                    }
                >
                    {display::thousands(rejected as u64)}
                </a>
            </div>
            <div class="fact">
                <span class="label">{move || t(lang.get(), Msg::Source)}</span>
                <span data-testid="source">{move || source_name(&source, lang.get())}</span>
            </div>
            <div class="fact">
                <span class="label">{move || t(lang.get(), Msg::Exported)}</span>
                <span>{format!("{exported} ({offset})")}</span>
            </div>
        </section>
    }
}

#[component]
pub fn Overview(
    session: Arc<Session>,
    computed: Arc<Computed>,
    lang: Signal<Lang>,
) -> impl IntoView {
    let ds = &session.loaded.dataset;
    let r = &computed.report;
    let trend_vm = views::kind_trend(r);
    let rates_vm = views::district_rates(ds, r);
    let district_filter = district_click_filter(ds);

    let groups: [(Msg, Vec<Metric>); 5] = [
        (
            Msg::Volume,
            vec![Metric::Tickets, Metric::Complaints, Metric::ComplaintRate],
        ),
        (
            Msg::Timeliness,
            vec![
                Metric::FirstResponsePct,
                Metric::RepairArrivalPct,
                Metric::ResolutionPct,
            ],
        ),
        (
            Msg::Quality,
            vec![Metric::Backlog, Metric::Overdue, Metric::RepeatComplaintPct],
        ),
        (
            Msg::Satisfaction,
            vec![
                Metric::SatisfactionMean,
                Metric::CsatPct,
                Metric::SurveyCoveragePct,
            ],
        ),
        (
            Msg::Durations,
            Duration::ALL
                .into_iter()
                .flat_map(|d| Stat::ALL.map(|s| Metric::Duration(d, s)))
                .collect(),
        ),
    ];
    let cards = groups
        .into_iter()
        .map(|(title, metrics)| {
            let wide = title == Msg::Durations;
            let cards = metrics
                .into_iter()
                .map(|m| {
                    view! {
                        <KpiCard
                            metric=m
                            current=r.current.clone()
                            previous=r.previous.clone()
                            targets=ds.targets.clone()
                            lang=lang
                            spark=sparkline(&views::sparkline(r, m), "#0072B2")
                        />
                    }
                })
                .collect_view();
            view! {
                <section class="card-group" class:wide=wide>
                    <h2>{move || t(lang.get(), title)}</h2>
                    <div class="cards">{cards}</div>
                </section>
            }
        })
        .collect_view();

    view! {
        <div class="card-groups">{cards}</div>
        <ChartsWhenReady lang=lang render=move |lang| {
            let trend = kpi_charts::overview::kind_trend(&trend_vm, lang);
            let rates = kpi_charts::overview::district_rates(&rates_vm, lang);
            view! {
                <div class="charts">
                    <ChartPanel chart=trend testid="chart-kind-trend".into() lang=lang.into() />
                    <ChartPanel
                        chart=rates
                        testid="chart-district-rates".into()
                        lang=lang.into()
                        filter=district_filter.clone()
                    />
                </div>
            }
        } />
        <DistrictTable session=session.clone() computed=computed.clone() lang=lang sortable=false />
    }
}

/// One KPI: value, unit, target and RAG status (shape + text, never colour alone), and the change
/// against the comparison period.
#[component]
fn KpiCard(
    metric: Metric,
    current: Kpis,
    previous: Kpis,
    targets: Targets,
    lang: Signal<Lang>,
    spark: Option<String>,
) -> impl IntoView {
    let value = metric.value(&current);
    let prev = metric.value(&previous);
    let target = metric.target(&targets);
    let status = metric.status(value, target);
    let change = delta(value, prev);
    let previous_has_data = previous.tickets > 0;
    let direction = match (change.filter(|_| previous_has_data), metric.better()) {
        (Some(d), Better::Higher) if d > 0.0 => "good",
        (Some(d), Better::Higher) if d < 0.0 => "bad",
        (Some(d), Better::Lower) if d < 0.0 => "good",
        (Some(d), Better::Lower) if d > 0.0 => "bad",
        _ => "flat",
    };
    let arrow = match change {
        Some(d) if d > 0.0 => "▲ ",
        Some(d) if d < 0.0 => "▼ ",
        _ => "",
    };
    let key = metric.key();
    view! {
        <article
            class=format!("kpi status-{}", Status::code(status))
            data-testid=format!("kpi-{key}")
            data-value=raw(value)
            data-previous=raw(prev)
            data-status=Status::code(status)
        >
            <h3>{move || metric_label(lang.get(), metric)}</h3>
            {spark.map(|svg| view! { <div class="spark" inner_html=svg></div> })}
            <p class="value">
                {display::number(metric.unit(), value)}
                <span class="unit">
                    {move || value.map(|_| display::unit_suffix(metric.unit(), lang.get()))}
                </span>
            </p>
            <p class="target">
                {move || {
                    let lang = lang.get();
                    match target {
                        Some(goal) => {
                            let op = match metric.better() {
                                Better::Lower => "≤",
                                _ => "≥",
                            };
                            format!(
                                "{} {op} {}",
                                t(lang, Msg::Target),
                                display::value(metric, Some(goal), lang),
                            )
                        }
                        None => t(lang, Msg::NoTarget).to_string(),
                    }
                }}
                <span class="badge">{move || status.map(|s| s.label(lang.get()))}</span>
            </p>
            <p class=format!("delta {direction}")>
                {move || {
                    let lang = lang.get();
                    if previous_has_data {
                        format!(
                            "{} {arrow}{}",
                            t(lang, Msg::VsPrevious),
                            display::delta(metric, change, lang),
                        )
                    } else {
                        t(lang, Msg::NoPreviousData).to_string()
                    }
                }}
            </p>
        </article>
    }
}
