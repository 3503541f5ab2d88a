//! The load report: every rejected record with its index, id, path and reason (the first 500
//! shown, all of them downloadable as JSON), and the districts whose customer count was set
//! aside. For a mapped file, first the sheet rows that did not become tickets, and every
//! rejected ticket with its sheet row: the manager finds "第 12 行" in their own file. Values
//! from the file are text nodes, never markup.

use crate::i18n::{mapped_line, sheet_place, t, Msg};
use crate::state::intake::Mapped;
use crate::state::use_dash;
use kpi_core::display;
use kpi_core::i18n::Lang;
use kpi_core::problem::{Problem, RecordKind};
use leptos::prelude::*;

fn record_label(kind: RecordKind) -> Msg {
    match kind {
        RecordKind::Ticket => Msg::Ticket,
        RecordKind::Survey => Msg::Survey,
        RecordKind::District => Msg::District,
    }
}

fn rows(problems: Vec<Problem>, lang: Lang, mapped: Option<Mapped>) -> impl IntoView {
    problems
        .into_iter()
        .map(|p| {
            let row = mapped
                .as_ref()
                .filter(|_| p.record == RecordKind::Ticket)
                .and_then(|m| m.row(p.index));
            let place = mapped.as_ref().map(|m| m.conversion.place);
            view! {
                <tr
                    data-testid="problem-row"
                    data-index=p.index.to_string()
                    data-path=p.path.clone()
                    data-code=p.reason.code()
                    data-row=row.map(|r| r.to_string()).unwrap_or_default()
                >
                    {place.map(|place| view! {
                        <td class="num">{row.map(|r| sheet_place(lang, place, r)).unwrap_or_default()}</td>
                    })}
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
    let mapped = move || dash.intake.shown_mapped();
    let shown = move || summary().map_or(0, |s| s.problems.len() as u64);
    let total = move || summary().map_or(0, |s| s.rejected);
    let header = move |m: Msg, num: bool| view! { <th scope="col" class:num=num>{move || t(lang.get(), m)}</th> };
    view! {
        <section class="load-report" data-testid="load-report">
            <h2>{move || t(lang.get(), Msg::LoadReport)}</h2>
            {move || mapped().map(|m| not_converted(&m, lang.get(), dash.intake))}
            <p>{line}</p>
            <Show
                when=move || { total() > 0 }
                fallback=move || view! { <p class="ok">{move || t(lang.get(), Msg::NoProblems)}</p> }
            >
                <button
                    class="button"
                    data-testid="download-problems"
                    on:click=move |_| {
                        let rows = mapped().map(|m| m.rows);
                        dash.engine.download_problems(lang.get_untracked(), rows)
                    }
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
                                {move || mapped().is_some().then(|| header(Msg::SheetRow, true))}
                                {header(Msg::Record, false)}
                                {header(Msg::Index, true)}
                                {header(Msg::RecordId, false)}
                                {header(Msg::JsonPath, false)}
                                {header(Msg::Reason, false)}
                            </tr>
                        </thead>
                        <tbody>{move || summary().map(|s| rows(s.problems.clone(), lang.get(), mapped()))}</tbody>
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
                                <tbody>{rows(adjusted, lang.get(), None)}</tbody>
                            </table>
                        </div>
                    }
                })
            }}
        </section>
    }
}

/// The sheet rows of a mapped file that did not become tickets (the first 500; the download has
/// all of them).
fn not_converted(m: &Mapped, lang: Lang, intake: crate::state::Intake) -> impl IntoView {
    let c = &m.conversion;
    let items = c
        .problems
        .iter()
        .map(|p| {
            view! {
                <tr data-testid="mapping-problem-row" data-row=p.row.to_string() data-code=p.code.clone()>
                    <td class="num">{sheet_place(lang, c.place, p.row)}</td>
                    <td class="mono">{p.id.clone().unwrap_or_default()}</td>
                    <td>{p.reason.get(lang).to_string()}</td>
                </tr>
            }
        })
        .collect_view();
    let total = c.not_converted;
    let shown = c.problems.len() as u64;
    let name = m.source.name().to_string();
    view! {
        <div class="not-converted" data-testid="mapping-problems" data-count=total.to_string()>
            <p>{mapped_line(lang, &name, c.rows, c.tickets, total)}</p>
            {(total > 0).then(|| view! {
                <h3>{t(lang, Msg::NotConverted)}{format!(" ({})", display::thousands(total))}</h3>
                <button
                    class="button"
                    data-testid="download-mapping-problems"
                    on:click=move |_| intake.download_row_problems(lang)
                >
                    {t(lang, Msg::DownloadRowProblems)}
                </button>
                {(total > shown).then(|| view! {
                    <p class="hint">{crate::i18n::problems_shown(lang, shown, total)}</p>
                })}
                <div class="table-scroll" tabindex="0">
                    <table data-testid="mapping-problem-table">
                        <thead>
                            <tr>
                                <th scope="col" class="num">{t(lang, Msg::SheetRow)}</th>
                                <th scope="col">{t(lang, Msg::RecordId)}</th>
                                <th scope="col">{t(lang, Msg::Reason)}</th>
                            </tr>
                        </thead>
                        <tbody>{items}</tbody>
                    </table>
                </div>
            })}
        </div>
    }
}
