//! The written findings of the view (本期要点): the movers, missed targets, vital few, worst
//! district and warnings, computed by the core from the report on show.

use crate::state::use_dash;
use kpi_charts::text::{t, T};
use kpi_core::findings::summary;
use kpi_core::hierarchy::Level;
use leptos::prelude::*;

#[component]
pub fn Findings() -> impl IntoView {
    let dash = use_dash();
    let lang = dash.lang;
    let items = Memo::new(move |_| {
        let s = dash.summary.get()?;
        let a = dash.answer.get()?;
        let lang = lang.get();
        let level = Level::of(&s.info, &a.report);
        Some(
            summary(level.info(), level.report())
                .iter()
                .map(|f| f.text(lang))
                .collect::<Vec<String>>(),
        )
    });
    view! {
        <section class="chart-panel findings-panel wide" data-testid="panel-findings" data-panel="findings">
            <h2 class="panel-heading">{move || t(lang.get(), T::FindingsTitle)}</h2>
            <ul class="findings">
                {move || {
                    items
                        .get()
                        .unwrap_or_default()
                        .into_iter()
                        .map(|f| view! { <li data-testid="finding">{f}</li> })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}
