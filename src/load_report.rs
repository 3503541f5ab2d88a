//! The load report: every rejected record with its index, id, JSON path and reason, and a button
//! to download them as JSON. Values from the file are rendered as text nodes, never as markup.

use crate::app::Session;
use crate::browser::download;
use crate::i18n::{t, Msg};
use kpi_core::i18n::Lang;
use kpi_core::problem::{problems_json, RecordKind};
use leptos::prelude::*;
use std::sync::Arc;

/// Rows drawn in the page; the download always has all of them.
const SHOWN: usize = 500;

#[component]
pub fn LoadReport(session: Arc<Session>, lang: Signal<Lang>) -> impl IntoView {
    let loaded = &session.loaded;
    let total = loaded.problems.len();
    let summary = {
        let (tickets, surveys, accepted) = (
            loaded.ticket_records,
            loaded.survey_records,
            loaded.dataset.len(),
        );
        move || {
            match lang.get() {
            Lang::Zh => format!("读取工单记录 {tickets} 条、回访记录 {surveys} 条；有效工单 {accepted} 条；被拒记录 {total} 条。"),
            Lang::En => format!("Read {tickets} ticket and {surveys} survey records; {accepted} tickets accepted; {total} records rejected."),
        }
        }
    };
    let for_download = session.clone();
    let on_download = move |_| {
        let json = problems_json(&for_download.loaded.problems, lang.get_untracked());
        if let Err(e) = download("rejected-records.json", "application/json", &json) {
            leptos::logging::error!("download failed: {e:?}");
        }
    };
    let rows = loaded
        .problems
        .iter()
        .take(SHOWN)
        .map(|p| {
            let record = p.record;
            let reason = p.reason.clone();
            view! {
                <tr
                    data-testid="problem-row"
                    data-index=p.index.to_string()
                    data-path=p.path.clone()
                    data-code=p.reason.code()
                >
                    <td>
                        {move || match record {
                            RecordKind::Ticket => t(lang.get(), Msg::Ticket),
                            RecordKind::Survey => t(lang.get(), Msg::Survey),
                        }}
                    </td>
                    <td class="num">{p.index}</td>
                    <td data-testid="problem-id" class="mono">{p.id.clone().unwrap_or_default()}</td>
                    <td class="mono">{p.path.clone()}</td>
                    <td>{move || reason.message(lang.get())}</td>
                </tr>
            }
        })
        .collect_view();
    let truncated = total > SHOWN;
    view! {
        <section class="load-report" id="load-report" data-testid="load-report">
            <h2>{move || t(lang.get(), Msg::LoadReport)}</h2>
            <p>{summary}</p>
            {if total == 0 {
                view! { <p class="ok">{move || t(lang.get(), Msg::NoProblems)}</p> }.into_any()
            } else {
                view! {
                    <button class="button" data-testid="download-report" on:click=on_download>
                        {move || t(lang.get(), Msg::DownloadReport)}
                    </button>
                    <div class="table-scroll">
                        <table>
                            <thead>
                                <tr>
                                    <th scope="col">{move || t(lang.get(), Msg::Record)}</th>
                                    <th scope="col" class="num">{move || t(lang.get(), Msg::Index)}</th>
                                    <th scope="col">{move || t(lang.get(), Msg::RecordId)}</th>
                                    <th scope="col">{move || t(lang.get(), Msg::JsonPath)}</th>
                                    <th scope="col">{move || t(lang.get(), Msg::Reason)}</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                    {truncated.then(|| view! {
                        <p class="note">
                            {move || match lang.get() {
                                Lang::Zh => format!("页面仅列出前 {SHOWN} 条，完整列表请下载。"),
                                Lang::En => format!("Only the first {SHOWN} are listed; download for all."),
                            }}
                        </p>
                    })}
                }
                    .into_any()
            }}
        </section>
    }
}
