//! The load status: progress (bytes, tickets, rate) with a cancel button, a file being read for
//! the mapping step or waiting on it, or why a load failed. `data-state` is `loading`, `ready`,
//! `mapping` or `error` (tests wait on it); a failure never hides the dashboard that was
//! showing.

use crate::i18n::{source_name, t, Msg};
use crate::state::session::Activity;
use crate::state::use_dash;
use kpi_core::display;
use leptos::prelude::*;

#[component]
pub fn LoadStatus() -> impl IntoView {
    let dash = use_dash();
    let lang = dash.lang;
    let session = dash.engine.session;
    let state = move || {
        let code = session.with(|s| s.state_code());
        // Ready means the figures of the link's view are on show.
        if code == "ready" && !dash.settled() {
            "loading"
        } else {
            code
        }
    };
    let body = move || {
        let lang = lang.get();
        match session.with(|s| s.activity.clone()) {
            Activity::Idle => ().into_any(),
            Activity::Loading {
                source, progress, ..
            } => {
                let mb = progress.bytes as f64 / 1e6;
                let rate = progress
                    .rate()
                    .map_or(String::new(), |r| format!(" · {r:.0} MB/s"));
                let text = format!(
                    "{} · {} {mb:.1} MB · {} {}{rate}",
                    source_name(&source, lang),
                    t(lang, Msg::Read),
                    display::thousands(progress.tickets),
                    t(lang, Msg::TicketsUnit),
                );
                let percent = progress.percent();
                view! {
                    <div class="progress-row">
                        <p class="progress-text" data-testid="load-progress">{text}</p>
                        <button class="button" data-testid="load-cancel" on:click=move |_| dash.engine.cancel()>
                            {t(lang, Msg::Cancel)}
                        </button>
                    </div>
                    {match percent {
                        Some(p) => view! { <progress max="100" value=p></progress> }.into_any(),
                        None => view! { <progress></progress> }.into_any(),
                    }}
                }
                .into_any()
            }
            Activity::Reading { source } => {
                let leave = dash.intake.has_dashboard().then(|| view! {
                    <button class="button" data-testid="load-cancel" on:click=move |_| dash.intake.cancel()>
                        {t(lang, Msg::Cancel)}
                    </button>
                });
                view! {
                    <div class="progress-row">
                        <p class="progress-text" data-testid="load-progress">
                            {format!("{} · {}", source_name(&source, lang), t(lang, Msg::ReadingFile))}
                        </p>
                        {leave}
                    </div>
                    <progress></progress>
                }
                .into_any()
            }
            Activity::Mapping { source } => view! {
                <p class="mapping-status" data-testid="mapping-status">
                    <strong class="mono">{source_name(&source, lang)}</strong>
                    " · "
                    {t(lang, Msg::MappingWaiting)}
                </p>
            }
            .into_any(),
            Activity::Failed { source, failure } => {
                let kept = session.with(|s| s.shown.is_some());
                view! {
                    <div class="error" role="alert" data-testid="load-error" data-kind=failure.kind.clone()>
                        <strong>{t(lang, Msg::LoadFailed)}</strong>
                        " · "
                        {source_name(&source, lang)}
                        <p>{failure.message(lang).to_string()}</p>
                        {kept.then(|| view! { <p class="hint">{t(lang, Msg::StillShowing)}</p> })}
                    </div>
                }
                .into_any()
            }
        }
    };
    // The bytes the engine holds for the file shown (its columns), for the benchmark.
    let held = move || session.with(|s| s.shown.as_ref().map(|s| s.summary.held_bytes.to_string()));
    view! {
        <div class="status" data-testid="load-status" data-state=state data-held-bytes=held>
            {body}
        </div>
    }
}
