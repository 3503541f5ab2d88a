//! The complaints view: the category Pareto, complaints by channel, the repeat-complaint share
//! by district (each clickable to filter), and the key-account (tier A) complaints listed one by
//! one. Figures come from `kpi_core::views::complaints`; this module only lays them out.

use crate::app::{Computed, Session};
use crate::chart_panel::{district_click_filter, ChartPanel, ChartsWhenReady, ClickFilter};
use kpi_core::catalog::Unit;
use kpi_core::display;
use kpi_core::i18n::Lang;
use kpi_core::link::Dimension;
use kpi_core::views::complaints::{self as views, KeyComplaint, KeyComplaints, Progress};
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn ComplaintsPage(
    session: Arc<Session>,
    computed: Arc<Computed>,
    lang: Signal<Lang>,
) -> impl IntoView {
    let ds = &session.loaded.dataset;
    let r = &computed.report;
    let pareto_vm = views::category_pareto(ds, r);
    let channels_vm = views::complaints_by_channel(ds, r);
    let repeat_vm = views::repeat_by_district(ds, r);
    let key = views::key_complaints(ds, r);
    // Bars carry their label; a category or channel label is also its value in the link.
    let category_filter = label_filter(
        Dimension::Category,
        pareto_vm.bars.iter().map(|b| &b.category),
    );
    let channel_filter = label_filter(
        Dimension::Channel,
        channels_vm.bars.iter().map(|b| &b.label),
    );
    let district_filter = district_click_filter(ds);
    view! {
        <ChartsWhenReady lang=lang render=move |lang| {
            let pareto = kpi_charts::complaints::pareto(&pareto_vm, lang);
            let channels = kpi_charts::complaints::channels(&channels_vm, lang);
            let repeat = kpi_charts::complaints::repeat_by_district(&repeat_vm, lang);
            view! {
                <div class="charts">
                    <ChartPanel
                        chart=pareto
                        testid="chart-complaint-pareto".into()
                        lang=lang.into()
                        filter=category_filter.clone()
                    />
                    <ChartPanel
                        chart=channels
                        testid="chart-complaint-channels".into()
                        lang=lang.into()
                        filter=channel_filter.clone()
                    />
                    <ChartPanel
                        chart=repeat
                        testid="chart-repeat-complaints".into()
                        lang=lang.into()
                        filter=district_filter.clone()
                    />
                </div>
            }
        } />
        <KeyComplaintTable key=key lang=lang />
    }
}

/// Click-to-filter where the bar's label is the link value itself (categories, channels).
fn label_filter<'a>(dim: Dimension, labels: impl Iterator<Item = &'a String>) -> ClickFilter {
    ClickFilter {
        dim,
        attr: "category",
        values: labels.map(|l| (l.clone(), l.clone())).collect(),
    }
}

/// The status cell: resolved after how long, or open and whether past its limit (a shape and a
/// word, never colour alone).
fn progress_text(progress: Progress, lang: Lang) -> String {
    match progress {
        Progress::Resolved { hours } => format!(
            "{} {} {}",
            lang.pick("已办结，用时", "Resolved in"),
            display::number(Unit::Hours, Some(hours)),
            display::unit_suffix(Unit::Hours, lang),
        ),
        Progress::Open { overdue: true } => lang.pick("▲ 未办结，已超期", "▲ Open, overdue").into(),
        Progress::Open { overdue: false } => {
            lang.pick("未办结，未超期", "Open, within limit").into()
        }
    }
}

fn progress_class(progress: Progress) -> &'static str {
    match progress {
        Progress::Resolved { .. } => "resolved",
        Progress::Open { overdue: true } => "overdue",
        Progress::Open { overdue: false } => "open",
    }
}

/// The tier-A complaints of the view, newest first, at most
/// [`views::KEY_COMPLAINTS_SHOWN`] of them. Every value from the file is a text node.
#[component]
fn KeyComplaintTable(key: KeyComplaints, lang: Signal<Lang>) -> impl IntoView {
    let total = key.total;
    let shown = key.rows.len();
    let rows = Arc::new(key.rows);
    move || {
        let lang = lang.get();
        let heading = match lang {
            Lang::Zh => format!("A 类客户投诉（{total} 件）"),
            Lang::En => format!("Tier A customer complaints ({total})"),
        };
        let note = (shown < total).then(|| match lang {
            Lang::Zh => format!("仅列出最新的 {shown} 件，共 {total} 件；可按区县、类别等筛选以缩小范围。"),
            Lang::En => format!(
                "Showing the newest {shown} of {total}; filter by district, category… to narrow the list."
            ),
        });
        let body = if rows.is_empty() {
            view! {
                <p class="chart-empty" data-testid="empty-state">
                    {lang.pick("本期无 A 类客户投诉", "No tier A complaints in this view")}
                </p>
            }
            .into_any()
        } else {
            let lines = rows.iter().map(|c| key_row(c, lang)).collect_view();
            view! {
                <div class="table-scroll">
                    <table>
                        <thead>
                            <tr>
                                <th scope="col">{lang.pick("工单编号", "Ticket")}</th>
                                <th scope="col">{lang.pick("受理时间", "Opened")}</th>
                                <th scope="col">{lang.pick("区县", "District")}</th>
                                <th scope="col">{lang.pick("业务类别", "Category")}</th>
                                <th scope="col">{lang.pick("受理渠道", "Channel")}</th>
                                <th scope="col">{lang.pick("处理状态", "Status")}</th>
                                <th scope="col" class="num">{lang.pick("满意度", "Score")}</th>
                            </tr>
                        </thead>
                        <tbody>{lines}</tbody>
                    </table>
                </div>
            }
            .into_any()
        };
        view! {
            <section
                class="key-complaints"
                data-testid="tier-a-complaints"
                data-total=total.to_string()
            >
                <h2>{heading}</h2>
                {note.map(|n| view! { <p class="note" data-testid="tier-a-more">{n}</p> })}
                {body}
            </section>
        }
    }
}

/// One complaint's row.
fn key_row(c: &KeyComplaint, lang: Lang) -> impl IntoView {
    let score = c.score.map_or_else(
        || display::UNDEFINED.to_string(),
        |s| format!("{s} {}", display::unit_suffix(Unit::Score, lang)),
    );
    view! {
        <tr data-testid="tier-a-row" data-id=c.id.clone()>
            <td class="mono">{c.id.clone()}</td>
            <td>{c.opened.clone()}</td>
            <td>{c.district.clone()}</td>
            <td>{c.category.clone()}</td>
            <td>{c.channel.clone()}</td>
            <td class=format!("progress {}", progress_class(c.progress))>
                {progress_text(c.progress, lang)}
            </td>
            <td class="num">{score}</td>
        </tr>
    }
}
