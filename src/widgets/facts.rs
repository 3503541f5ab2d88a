//! The facts every view starts with: organization, the period and what it is compared with
//! (环比 and 同比), record counts (the rejected count opens the data-quality view), source and
//! export time.

use crate::i18n::{period_text, source_name, t, Msg};
use crate::state::use_dash;
use kpi_core::calendar::Day;
use kpi_core::display;
use kpi_core::link::View;
use leptos::prelude::*;

#[component]
pub fn Facts() -> impl IntoView {
    let dash = use_dash();
    let lang = dash.lang;
    let nav = dash.nav;
    let summary = move || dash.summary.get();
    let organization = move || {
        summary()
            .and_then(|s| s.info.meta.organization.clone())
            .unwrap_or_default()
    };
    let periods = move || {
        dash.answer.with(|a| {
            a.as_ref().map(|a| {
                let r = &a.report;
                (r.period, r.previous_period, r.year_before_period)
            })
        })
    };
    let accepted = move || summary().map_or(0, |s| s.accepted);
    // A mapped file's rows that did not become tickets are rejected too: nothing is dropped
    // without being counted.
    let rejected = move || {
        let not_converted = dash
            .intake
            .shown_mapped()
            .map_or(0, |m| m.conversion.not_converted);
        summary().map_or(0, |s| s.rejected) + not_converted
    };
    let exported = move || {
        summary().map_or(String::new(), |s| {
            let m = &s.info.meta;
            format!("{} ({})", Day::of(m.exported_at, m.offset).date(), m.offset)
        })
    };
    view! {
        <section class="facts" data-testid="facts">
            <div class="fact org">
                <span class="org-name" data-testid="organization">{organization}</span>
            </div>
            <div class="fact">
                <span class="label">{move || t(lang.get(), Msg::Period)}</span>
                <span data-testid="period">
                    {move || period_text(periods().and_then(|p| p.0), lang.get())}
                </span>
            </div>
            <div class="fact">
                <span class="label">{move || t(lang.get(), Msg::VsPrevious)}</span>
                <span data-testid="comparison-period">
                    {move || period_text(periods().and_then(|p| p.1), lang.get())}
                </span>
            </div>
            <div class="fact">
                <span class="label">{move || t(lang.get(), Msg::VsYearBefore)}</span>
                <span data-testid="year-before-period">
                    {move || period_text(periods().and_then(|p| p.2), lang.get())}
                </span>
            </div>
            <div class="fact">
                <span class="label">{move || t(lang.get(), Msg::Accepted)}</span>
                <span data-testid="accepted-count" data-value=move || accepted().to_string()>
                    {move || display::thousands(accepted())}
                </span>
            </div>
            <div class="fact" class:warn=move || rejected() != 0>
                <span class="label">{move || t(lang.get(), Msg::Rejected)}</span>
                <a
                    href="?view=quality"
                    data-testid="rejected-count"
                    data-value=move || rejected().to_string()
                    on:click=move |ev| {
                        ev.prevent_default();
                        nav.update(true, |l| l.view = View::Quality);
                    }
                >
                    {move || display::thousands(rejected())}
                </a>
            </div>
            <div class="fact">
                <span class="label">{move || t(lang.get(), Msg::Source)}</span>
                <span data-testid="source">
                    {move || summary().map(|s| source_name(&s.source, lang.get())).unwrap_or_default()}
                </span>
            </div>
            <div class="fact">
                <span class="label">{move || t(lang.get(), Msg::Exported)}</span>
                <span>{exported}</span>
            </div>
        </section>
    }
}
