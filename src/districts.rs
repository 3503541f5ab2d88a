//! The district league table: the main KPIs per district with RAG status, sortable by any
//! column, each row a click-to-filter control for that district.

use crate::app::{Computed, Nav, Session};
use crate::chart_panel::{district_click_filter, ChartPanel, ChartsWhenReady};
use crate::i18n::{metric_label, t, Msg};
use kpi_core::catalog::{Metric, Status};
use kpi_core::display;
use kpi_core::i18n::Lang;
use kpi_core::link::Dimension;
use kpi_core::views::districts as views;
use leptos::prelude::*;
use std::cmp::Ordering;
use std::sync::Arc;

/// An attribute value for tests: the unrounded number, empty when undefined.
pub fn raw(value: Option<f64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

const COLUMNS: [Metric; 11] = [
    Metric::Tickets,
    Metric::Complaints,
    Metric::ComplaintRate,
    Metric::FirstResponsePct,
    Metric::RepairArrivalPct,
    Metric::ResolutionPct,
    Metric::Backlog,
    Metric::Overdue,
    Metric::RepeatComplaintPct,
    Metric::SatisfactionMean,
    Metric::CsatPct,
];

/// The districts view: the sortable league table, a district × month heatmap of a chosen KPI,
/// and a scorecard per district against the targets.
#[component]
pub fn DistrictsPage(
    session: Arc<Session>,
    computed: Arc<Computed>,
    lang: Signal<Lang>,
) -> impl IntoView {
    let ds = &session.loaded.dataset;
    let chosen = RwSignal::new(Metric::ComplaintRate);
    let cards = views::scorecards(ds, &computed.report);
    // Grouping by district and month depends on the KPI only; a language switch redraws the SVG.
    let heat_session = session.clone();
    let heat_computed = computed.clone();
    let heat_vm = Memo::new(move |_| {
        views::heatmap(
            &heat_session.loaded.dataset,
            &heat_computed.report,
            chosen.get(),
        )
    });
    let filter = crate::chart_panel::ClickFilter {
        attr: "y",
        ..district_click_filter(ds)
    };
    let options = views::HEATMAP_METRICS
        .into_iter()
        .enumerate()
        .map(|(i, m)| view! { <option value=i.to_string()>{move || metric_label(lang.get(), m)}</option> })
        .collect_view();
    let selected_index = move || {
        views::HEATMAP_METRICS
            .iter()
            .position(|&m| m == chosen.get())
            .unwrap_or(0)
            .to_string()
    };
    view! {
        <DistrictTable session=session.clone() computed=computed.clone() lang=lang sortable=true />
        <section class="heatmap-section">
            <label class="field">
                <span>{move || t(lang.get(), Msg::HeatmapMetric)}</span>
                <select
                    data-testid="heatmap-metric"
                    prop:value=selected_index
                    on:change=move |ev| {
                        let i: usize = event_target_value(&ev).parse().unwrap_or(0);
                        if let Some(&m) = views::HEATMAP_METRICS.get(i) {
                            chosen.set(m);
                        }
                    }
                >
                    {options}
                </select>
            </label>
            <ChartsWhenReady lang=lang render=move |lang| {
                let chart = heat_vm.with(|vm| {
                    kpi_charts::districts::heatmap(vm, &metric_label(lang, vm.metric), lang)
                });
                view! {
                    <ChartPanel chart=chart testid="chart-district-heatmap".into() lang=lang.into() filter=filter.clone() wide=true />
                }
            } />
        </section>
        <ChartsWhenReady lang=lang render=move |lang| {
            let panels = cards
                .iter()
                .map(|card| {
                    let chart = kpi_charts::districts::scorecard(card, |m| metric_label(lang, m), lang);
                    view! { <ChartPanel chart=chart testid=format!("chart-scorecard-{}", card.code) lang=lang.into() /> }
                })
                .collect_view();
            view! { <div class="scorecards">{panels}</div> }
        } />
    }
}

#[component]
pub fn DistrictTable(
    session: Arc<Session>,
    computed: Arc<Computed>,
    lang: Signal<Lang>,
    sortable: bool,
) -> impl IntoView {
    let nav = expect_context::<Nav>();
    // (column, descending); `None` keeps the file's district order.
    let sort = RwSignal::new(None::<(Metric, bool)>);
    let rows = move || {
        let ds = &session.loaded.dataset;
        let targets = &ds.targets;
        let mut rows: Vec<_> = computed.report.districts.iter().collect();
        if let Some((metric, descending)) = sort.get() {
            rows.sort_by(|a, b| {
                let (x, y) = (metric.value(&a.1), metric.value(&b.1));
                // Undefined values go last whichever the direction.
                match (x, y) {
                    (Some(x), Some(y)) => {
                        let o = x.partial_cmp(&y).unwrap_or(Ordering::Equal);
                        if descending {
                            o.reverse()
                        } else {
                            o
                        }
                    }
                    (Some(_), None) => Ordering::Less,
                    (None, Some(_)) => Ordering::Greater,
                    (None, None) => Ordering::Equal,
                }
            });
        }
        rows.into_iter()
            .filter_map(|(index, k)| {
                let d = ds.districts.get(usize::from(*index))?;
                let code = d.code.clone();
                let cells = COLUMNS
                    .iter()
                    .map(|&m| {
                        let v = m.value(k);
                        let status = Status::code(m.status(v, m.target(targets)));
                        view! {
                            <td
                                class=format!("num status-{status}")
                                data-testid=format!("district-{code}-{}", m.key())
                                data-value=raw(v)
                            >
                                {display::number(m.unit(), v)}
                            </td>
                        }
                    })
                    .collect_view();
                let area = d.area;
                let toggle = code.clone();
                let selected = nav.link.with(|l| l.selected(Dimension::District).contains(&code));
                Some(view! {
                    <tr
                        class="clickable"
                        class:selected=selected
                        data-testid=format!("district-row-{code}")
                        on:click=move |_| nav.update(false, |l| l.toggle(Dimension::District, &toggle))
                    >
                        <th scope="row">{d.name.clone()}</th>
                        <td>{move || area.label(lang.get())}</td>
                        <td class="num">
                            {d.customers.map_or_else(|| display::UNDEFINED.into(), display::thousands)}
                        </td>
                        {cells}
                    </tr>
                })
            })
            .collect_view()
    };
    let header = move |m: Metric| {
        let unit = m.unit();
        let arrow = move || match sort.get() {
            Some((s, true)) if s == m => " ▼",
            Some((s, false)) if s == m => " ▲",
            _ => "",
        };
        view! {
            <th
                scope="col"
                class="num"
                class:sortable=sortable
                data-testid=format!("sort-{}", m.key())
                on:click=move |_| {
                    if sortable {
                        sort.update(|s| {
                            *s = match *s {
                                Some((c, d)) if c == m => Some((m, !d)),
                                _ => Some((m, true)),
                            }
                        })
                    }
                }
            >
                {move || metric_label(lang.get(), m)}
                {arrow}
                <small>{move || display::unit_suffix(unit, lang.get())}</small>
            </th>
        }
    };
    view! {
        <section class="district-table">
            <h2>
                {move || t(lang.get(), Msg::DistrictTable)}
                <small class="hint">
                    {move || {
                        let lang = lang.get();
                        if sortable {
                            format!("{} · {}", t(lang, Msg::SortBy), t(lang, Msg::ClickToFilter))
                        } else {
                            t(lang, Msg::ClickToFilter).to_string()
                        }
                    }}
                </small>
            </h2>
            <div class="table-scroll">
                <table data-testid="district-table">
                    <thead>
                        <tr>
                            <th scope="col">{move || t(lang.get(), Msg::District)}</th>
                            <th scope="col">{move || t(lang.get(), Msg::Area)}</th>
                            <th scope="col" class="num">{move || t(lang.get(), Msg::Customers)}</th>
                            {COLUMNS.iter().map(|&m| header(m)).collect_view()}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
