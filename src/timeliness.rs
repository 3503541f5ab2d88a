//! The timeliness view: how long first responses and repair arrivals take against their
//! commitments, the monthly median/p90 of each duration, backlog and overdue work by district
//! (click to filter), and the oldest overdue tickets. Figures come from
//! `kpi_core::views::timeliness`; this module only lays them out.

use crate::app::{Computed, Session};
use crate::chart_panel::{district_click_filter, ChartPanel, ChartsWhenReady};
use kpi_charts::timeliness as charts;
use kpi_core::calendar::Day;
use kpi_core::i18n::Lang;
use kpi_core::views::timeliness::{self as views, span_text, OverdueList, OVERDUE_SHOWN};
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn TimelinessPage(
    session: Arc<Session>,
    computed: Arc<Computed>,
    lang: Signal<Lang>,
) -> impl IntoView {
    let ds = &session.loaded.dataset;
    let r = &computed.report;
    let first = views::first_response_histogram(ds, r);
    let arrival = views::repair_arrival_histogram(ds, r);
    let trend = views::duration_trend(r);
    let backlog = views::backlog_by_district(ds, r);
    let overdue = views::oldest_overdue(ds, r);
    let now = Day::of(ds.meta.exported_at, ds.meta.offset)
        .date()
        .to_string();
    let district_filter = district_click_filter(ds);
    view! {
        <ChartsWhenReady lang=lang render=move |lang| {
            view! {
                <div class="charts">
                    <ChartPanel
                        chart=charts::first_response_histogram(&first, lang)
                        testid="chart-first-response".into()
                        lang=lang.into()
                    />
                    <ChartPanel
                        chart=charts::repair_arrival_histogram(&arrival, lang)
                        testid="chart-repair-arrival".into()
                        lang=lang.into()
                    />
                    <ChartPanel
                        chart=charts::response_trend(&trend, lang)
                        testid="chart-response-trend".into()
                        lang=lang.into()
                    />
                    <ChartPanel
                        chart=charts::resolution_trend(&trend, lang)
                        testid="chart-resolution-trend".into()
                        lang=lang.into()
                    />
                    <ChartPanel
                        chart=charts::backlog_by_district(&backlog, lang)
                        testid="chart-backlog".into()
                        lang=lang.into()
                        filter=district_filter.clone()
                    />
                </div>
            }
        } />
        <OldestOverdue list=overdue now=now lang=lang />
    }
}

/// The overdue tickets of the view, oldest first, as an HTML table. File values (id, district,
/// category) are text nodes only.
#[component]
fn OldestOverdue(list: OverdueList, now: String, lang: Signal<Lang>) -> impl IntoView {
    let total = list.total;
    let hint = move || match lang.get() {
        Lang::Zh => format!("未办结且已超过办结时限（以导出时间 {now} 计），受理最早的在前"),
        Lang::En => format!(
            "Unresolved and past their resolution limit (at export time, {now}), oldest first"
        ),
    };
    let rows = move || {
        let lang = lang.get();
        list.tickets
            .iter()
            .map(|t| {
                view! {
                    <tr data-testid="overdue-row" data-age-secs=t.age_secs.to_string()>
                        <td class="mono">{t.id.clone()}</td>
                        <td>{t.kind.label(lang)}</td>
                        <td>{t.district.clone()}</td>
                        <td>{t.category.clone()}</td>
                        <td class="num">{t.opened.clone()}</td>
                        <td class="num">{span_text(t.age_secs, lang)}</td>
                        <td class="num overdue">{span_text(t.past_limit_secs, lang)}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let header = move |zh: &'static str, en: &'static str, num: bool| {
        view! { <th scope="col" class:num=num>{move || lang.get().pick(zh, en)}</th> }
    };
    let note = move || {
        let lang = lang.get();
        if total == 0 {
            Some(
                lang.pick("本视图没有超时工单。", "No overdue tickets in this view.")
                    .to_string(),
            )
        } else if total > OVERDUE_SHOWN {
            Some(match lang {
                Lang::Zh => format!("共 {total} 张超时工单，仅列出受理最早的 {OVERDUE_SHOWN} 张。"),
                Lang::En => {
                    format!("{total} overdue tickets; only the {OVERDUE_SHOWN} oldest are listed.")
                }
            })
        } else {
            None
        }
    };
    view! {
        <section class="tq-section" data-testid="oldest-overdue" data-total=total.to_string()>
            <h2>
                {move || lang.get().pick("最久的超时工单", "Oldest overdue tickets")}
                <small class="hint">{hint}</small>
            </h2>
            {(total > 0).then(|| view! {
                <div class="table-scroll">
                    <table>
                        <thead>
                            <tr>
                                {header("工单号", "Ticket", false)}
                                {header("类型", "Kind", false)}
                                {header("区县", "District", false)}
                                {header("分类", "Category", false)}
                                {header("受理时间", "Opened", true)}
                                {header("已历时", "Age", true)}
                                {header("超出时限", "Past limit", true)}
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            })}
            <p class="note" data-testid="overdue-note">{note}</p>
        </section>
    }
}
