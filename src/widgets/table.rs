//! A table of text rows: a chart's figures, or a list of tickets. Every cell is a text node.

use kpi_charts::Table;
use leptos::prelude::*;

/// Rows drawn at most; a long list says how many more there are (its export has all of them).
pub const ROWS_SHOWN: usize = 500;

#[component]
pub fn DataTable(
    table: Table,
    caption: String,
    #[prop(optional)] testid: &'static str,
) -> impl IntoView {
    let more = table.rows.len().saturating_sub(ROWS_SHOWN);
    let rows = table
        .rows
        .into_iter()
        .take(ROWS_SHOWN)
        .map(|r| view! { <tr>{r.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr> })
        .collect_view();
    let testid = if testid.is_empty() {
        "chart-table"
    } else {
        testid
    };
    view! {
        <div class="table-scroll" tabindex="0">
            <table class="chart-table" data-testid=testid>
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        {table.headers.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            {(more > 0).then(|| view! { <p class="hint">{format!("+{more}")}</p> })}
        </div>
    }
}
