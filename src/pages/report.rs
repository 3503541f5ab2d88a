//! The monthly report (`view=report`): the bulletin's six sections for the view's scope, as the
//! core writes them (`kpi_core::bulletin`, in the engine: the page does not carry its code),
//! laid out for reading and for printing on A4.

use crate::i18n::{comparisons, period_label};
use crate::state::drawing::use_bulletin;
use crate::state::use_dash;
use crate::widgets::export::ExportBar;
use kpi_core::export::{Cell, Sheet};
use leptos::prelude::*;

#[component]
pub fn ReportPage() -> impl IntoView {
    let dash = use_dash();
    let report = use_bulletin();
    // The period and comparisons of the view the report is of (its answer is kept).
    let scope = move || {
        let r = report.value.get()?;
        let answer = dash.engine.answer(dash.generation.get()?, &r.query)?;
        Some(format!(
            "{} · {}",
            period_label(answer.report.period, r.lang),
            comparisons(&answer.report, r.lang)
        ))
    };
    let sections = move || {
        report.value.get().map(|r| {
            r.bulletin
                .sections
                .iter()
                .map(|s| {
                    view! {
                        <section class="report-section" data-testid=format!("report-{}", s.id)>
                            <h2>{s.heading.clone()}</h2>
                            {s.paragraphs.iter().map(|p| view! { <p>{p.clone()}</p> }).collect_view()}
                            {s.tables.iter().map(|t| view! { <SheetTable sheet=t.clone() /> }).collect_view()}
                        </section>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <main class="page report" data-testid="page-report">
            <ExportBar />
            <article data-testid="report" data-drawing=move || report.state()>
                <h1 class="report-title">{move || report.value.with(|r| r.as_ref().map(|r| r.bulletin.title.clone()))}</h1>
                <p class="report-scope" data-testid="report-scope">{scope}</p>
                {sections}
            </article>
        </main>
    }
}

/// A table of the report: numbers right-aligned as the display rounds them.
#[component]
fn SheetTable(sheet: Sheet) -> impl IntoView {
    // A short table is kept on one page; a long one continues with its headings repeated.
    let short = sheet.rows.len() <= 12;
    let head = sheet
        .headers
        .iter()
        .map(|h| view! { <th scope="col">{h.clone()}</th> })
        .collect_view();
    let rows = sheet
        .rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| {
                    let numeric = matches!(c, Cell::Number(..));
                    view! { <td class:num=numeric>{c.show()}</td> }
                })
                .collect_view()
        })
        .map(|cells| view! { <tr>{cells}</tr> })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="report-table" class:short=short data-sheet=sheet.name.clone()>
                <caption>{sheet.name.clone()}</caption>
                <thead><tr>{head}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
