//! The KPI cards, in the catalog's groups and order: value and unit, the goal for the period
//! (prorated where it is annual) with the status as shape and word, the changes 环比 and 同比,
//! a 12-month sparkline with the period's months shaded, and the definition (口径). Cards are
//! made once; their figures update in place.

use crate::i18n::{period_sentence, t, Msg};
use crate::state::use_dash;
use kpi_charts::sparkline;
use kpi_charts::style::Palette;
use kpi_core::catalog::{Group, Metric};
use kpi_core::comparison::{Change, Direction};
use kpi_core::display;
use kpi_core::status::Status;
use kpi_core::views::overview::{self, Card};
use leptos::prelude::*;

/// An attribute value for tests: the unrounded number, empty when undefined.
pub fn raw(value: Option<f64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

#[component]
pub fn Cards() -> impl IntoView {
    let dash = use_dash();
    let cards = Memo::new(move |_| {
        let summary = dash.summary.get()?;
        let answer = dash.answer.get()?;
        Some(overview::cards(&summary.info, &answer.report))
    });
    // One sentence for every card's definition, changed only when the period is.
    let period = Memo::new(move |_| {
        let lang = dash.lang.get();
        dash.answer
            .with(|a| a.as_ref().map(|a| period_sentence(&a.report, lang)))
            .unwrap_or_default()
    });
    let groups = Metric::groups()
        .into_iter()
        .map(|(group, metrics)| {
            let wide = group == Group::Durations;
            let list = metrics
                .into_iter()
                .map(|m| {
                    let card = Memo::new(move |_| {
                        cards.with(|c| {
                            c.as_ref()?
                                .iter()
                                .flat_map(|(_, cards)| cards)
                                .find(|c| c.metric == m)
                                .cloned()
                        })
                    });
                    view! { <KpiCard metric=m card=card period=period /> }
                })
                .collect_view();
            view! {
                <section class="card-group" class:wide=wide>
                    <h2>{move || group.label(dash.lang.get())}</h2>
                    <div class="cards">{list}</div>
                </section>
            }
        })
        .collect_view();
    view! { <div class="card-groups" data-testid="kpi-cards">{groups}</div> }
}

/// "环比 +3.2 个百分点" with its direction, or "环比 —" when undefined.
fn change_line(
    metric: Metric,
    change: Option<Change>,
    label: Msg,
) -> impl Fn(kpi_core::i18n::Lang) -> (String, &'static str) {
    move |lang| {
        let head = t(lang, label);
        match change {
            Some(c) => (
                format!("{head} {}", c.marked(metric, lang)),
                c.direction(metric).code(),
            ),
            None => (
                format!("{head} {}", display::UNDEFINED),
                Direction::Flat.code(),
            ),
        }
    }
}

#[component]
fn KpiCard(metric: Metric, card: Memo<Option<Card>>, period: Memo<String>) -> impl IntoView {
    let dash = use_dash();
    let lang = dash.lang;
    let get = move |f: fn(&Card) -> Option<f64>| card.with(|c| c.as_ref().and_then(f));
    let status = move || card.with(|c| c.as_ref().and_then(|c| c.status));
    let unit = metric.unit();
    let key = metric.key();
    let goal = move || {
        let lang = lang.get();
        card.with(|c| match c.as_ref().and_then(|c| c.goal) {
            Some(g) => g.text(lang),
            None => t(lang, Msg::NoTarget).to_string(),
        })
    };
    let spark = Memo::new(move |_| {
        card.with(|c| {
            c.as_ref()
                .and_then(|c| sparkline::sparkline(&c.spark, &c.spark_selected))
        })
    });
    let palette = move || Palette::of(dash.theme.get());
    // A hidden line keeps valid attributes (an empty length is an error in the console).
    let part = move |f: fn(&sparkline::Spark) -> String| {
        spark.with(|s| s.as_ref().map_or_else(|| "0".to_string(), f))
    };
    let changes = Memo::new(move |_| {
        let lang = lang.get();
        card.with(|c| {
            let c = c.as_ref()?;
            Some([
                change_line(metric, c.vs_previous, Msg::VsPrevious)(lang),
                change_line(metric, c.vs_year_before, Msg::VsYearBefore)(lang),
            ])
        })
    });
    // The two lines stay; their words and direction change in place.
    let line = move |i: usize| {
        let text = move || changes.with(|l| l.as_ref().and_then(|l| l.get(i)).map(|l| l.0.clone()));
        let class = move || {
            let direction = changes.with(|l| l.as_ref().and_then(|l| l.get(i)).map_or("", |l| l.1));
            format!("delta {direction}")
        };
        view! { <li class=class>{text}</li> }
    };
    let definition = move || period.with(|p| format!("{} {p}", metric.definition(lang.get())));
    view! {
        <article
            class=move || format!("kpi status-{}", Status::code(status()))
            data-testid=format!("kpi-{key}")
            data-value=move || raw(get(|c| c.value))
            data-previous=move || raw(get(|c| c.previous))
            data-year-before=move || raw(get(|c| c.year_before))
            data-status=move || Status::code(status())
        >
            <h3>{move || metric.label(lang.get())}</h3>
            // One line per card, its shapes changed in place (a new SVG per click costs a parse).
            <div class="spark" style:display=move || spark.with(|s| if s.is_none() { "none" } else { "block" })>
                <svg
                    class="sparkline"
                    viewBox=sparkline::VIEW_BOX
                    preserveAspectRatio="xMinYMid meet"
                    aria-hidden="true"
                >
                    <rect
                        y="0"
                        height=sparkline::HEIGHT
                        fill=move || palette().highlight
                        x=move || part(|s| format!("{:.1}", s.band.map_or(0.0, |b| b.0)))
                        width=move || part(|s| format!("{:.1}", s.band.map_or(0.0, |b| b.1)))
                    />
                    <path
                        fill="none"
                        stroke-width="1.5"
                        stroke-linejoin="round"
                        stroke=move || palette().series[0]
                        d=move || spark.with(|s| s.as_ref().map_or_else(|| "M0,0".to_string(), |s| s.path.clone()))
                    />
                    <circle
                        r="2"
                        fill=move || palette().series[0]
                        cx=move || part(|s| format!("{:.1}", s.dot.0))
                        cy=move || part(|s| format!("{:.1}", s.dot.1))
                    />
                </svg>
            </div>
            <p class="value">
                {move || display::number(unit, get(|c| c.value))}
                <span class="unit">
                    {move || get(|c| c.value).map(|_| display::unit_suffix(unit, lang.get()))}
                </span>
            </p>
            <p class="target">
                <span data-testid=format!("kpi-{key}-goal")>{goal}</span>
                <span class="badge">{move || status().map(|s| s.label(lang.get()))}</span>
            </p>
            <ul class="changes">{line(0)}{line(1)}</ul>
            <details class="definition" data-testid=format!("kpi-{key}-definition")>
                <summary>{move || t(lang.get(), Msg::Definition)}</summary>
                <p>{definition}</p>
            </details>
        </article>
    }
}
