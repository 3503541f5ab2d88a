//! The status legend: what green, amber and red mean, in shape, colour and words (the one rule
//! of `kpi_core::status`).

use crate::i18n::{t, Msg};
use crate::state::use_dash;
use kpi_core::status::Status;
use leptos::prelude::*;

#[component]
pub fn StatusLegend() -> impl IntoView {
    let lang = use_dash().lang;
    let items = Status::ALL
        .into_iter()
        .map(|s| {
            view! {
                <li class=format!("legend-item status-{}", Status::code(Some(s)))>
                    <span class="badge">{move || s.label(lang.get())}</span>
                    {move || s.meaning(lang.get())}
                </li>
            }
        })
        .collect_view();
    view! {
        <aside class="status-legend" data-testid="status-legend">
            <span class="label">{move || t(lang.get(), Msg::StatusRule)}</span>
            <ul>{items}</ul>
        </aside>
    }
}
