//! The load report: every rejected record with its index, id, path and reason (the first 500
//! shown, all of them downloadable as JSON), and the districts whose customer count was set
//! aside. Values from the file are text nodes, never markup.

use crate::i18n::{t, Msg};
use crate::state::use_dash;
use kpi_core::display;
use kpi_core::problem::{Problem, RecordKind};
use leptos::prelude::*;

fn record_label(kind: RecordKind) -> Msg {
    match kind {
        RecordKind::Ticket => Msg::Ticket,
        RecordKind::Survey => Msg::Survey,
        RecordKind::District => Msg::District,
    }
}

fn rows(problems: Vec<Problem>, lang: kpi_core::i18n::Lang) -> impl IntoView {
    problems
        .into_iter()
        .map(|p| {
            view! {
                <tr
                    data-testid="problem-row"
                    data-index=p.index.to_string()
                    data-path=p.path.clone()
                    data-code=p.reason.code()
                >
                    <td>{t(lang, record_label(p.record))}</td>
                    <td class="num">{p.index}</td>
                    <td data-testid="problem-id" class="mono">{p.id.clone().unwrap_or_default()}</td>
                    <td class="mono">{p.path.clone()}</td>
                    <td>{p.reason.message(lang)}</td>
                </tr>
            }
        })
        .collect_view()
}

#[component]
pub fn LoadReport() -> impl IntoView {
    let dash = use_dash();
    let lang = dash.lang;
    let summary = move || dash.summary.get();
    let line = move || {
        summary().map(|s| {
            crate::i18n::load_summary(
                lang.get(),
                s.ticket_records,
                s.survey_records,
                s.accepted,
                s.rejected,
            )
        })
    };
    let shown = move || summary().map_or(0, |s| s.problems.len() as u64);
    let total = move || summary().map_or(0, |s| s.rejected);
    let header = move |m: Msg, num: bool| view! { <th scope="col" class:num=num>{move || t(lang.get(), m)}</th> };
    view! {
        <section class="load-report" data-testid="load-report">
            <h2>{move || t(lang.get(), Msg::LoadReport)}</h2>
            <p>{line}</p>
            <Show
                when=move || { total() > 0 }
                fallback=move || view! { <p class="ok">{move || t(lang.get(), Msg::NoProblems)}</p> }
            >
                <button
                    class="button"
                    data-testid="download-problems"
                    on:click=move |_| dash.engine.download_problems(lang.get_untracked())
                >
                    {move || t(lang.get(), Msg::DownloadReport)}
                </button>
                {move || (total() > shown()).then(|| view! {
                    <p class="hint">{crate::i18n::problems_shown(lang.get(), shown(), total())}</p>
                })}
                <div class="table-scroll" tabindex="0">
                    <table data-testid="problem-table">
                        <thead>
                            <tr>
                                {header(Msg::Record, false)}
                                {header(Msg::Index, true)}
                                {header(Msg::RecordId, false)}
                                {header(Msg::JsonPath, false)}
                                {header(Msg::Reason, false)}
                            </tr>
                        </thead>
                        <tbody>{move || summary().map(|s| rows(s.problems.clone(), lang.get()))}</tbody>
                    </table>
                </div>
            </Show>
            {move || {
                let adjusted = summary().map(|s| s.adjusted.clone()).unwrap_or_default();
                (!adjusted.is_empty()).then(|| {
                    let n = display::thousands(adjusted.len() as u64);
                    view! {
                        <h3>{move || t(lang.get(), Msg::Adjusted)}{format!(" ({n})")}</h3>
                        <div class="table-scroll" tabindex="0">
                            <table data-testid="adjusted-table">
                                <tbody>{rows(adjusted, lang.get())}</tbody>
                            </table>
                        </div>
                    }
                })
            }}
        </section>
    }
}
