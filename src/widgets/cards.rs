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

/// "环比 +3.2 个百分点" and its direction, or "环比 —" when undefined.
fn change_line(
    metric: Metric,
    change: Option<Change>,
    label: Msg,
    lang: kpi_core::i18n::Lang,
) -> (String, &'static str) {
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

/// One card. Its figures change together on every answer, so the card is one reader that
/// rebuilds its parts in place (the elements stay; only changed texts and attributes are
/// written): a reader per part cost the page about 20 readers a card to wake on each click.
#[component]
fn KpiCard(metric: Metric, card: Memo<Option<Card>>, period: Memo<String>) -> impl IntoView {
    let dash = use_dash();
    let (lang, theme) = (dash.lang, dash.theme);
    let unit = metric.unit();
    let key = metric.key();
    move || {
        let lang = lang.get();
        let palette = Palette::of(theme.get());
        let definition = period.with(|p| format!("{} {p}", metric.definition(lang)));
        card.with(|c| {
            let c = c.as_ref();
            let get = |f: fn(&Card) -> Option<f64>| c.and_then(f);
            let status = c.and_then(|c| c.status);
            let goal = match c.and_then(|c| c.goal) {
                Some(g) => g.text(lang),
                None => t(lang, Msg::NoTarget).to_string(),
            };
            let spark = c.and_then(|c| sparkline::sparkline(&c.spark, &c.spark_selected));
            // A hidden line keeps valid attributes (an empty length is an error in the console).
            let part = |f: fn(&sparkline::Spark) -> String| {
                spark.as_ref().map_or_else(|| "0".to_string(), f)
            };
            let (first, first_way) =
                change_line(metric, c.and_then(|c| c.vs_previous), Msg::VsPrevious, lang);
            let (second, second_way) =
                change_line(metric, c.and_then(|c| c.vs_year_before), Msg::VsYearBefore, lang);
            let value = get(|c| c.value);
            view! {
                <article
                    class=format!("kpi status-{}", Status::code(status))
                    data-testid=format!("kpi-{key}")
                    data-value=raw(value)
                    data-previous=raw(get(|c| c.previous))
                    data-year-before=raw(get(|c| c.year_before))
                    data-status=Status::code(status)
                >
                    <h3>{metric.label(lang)}</h3>
                    <div class="spark" style:display=if spark.is_none() { "none" } else { "block" }>
                        <svg
                            class="sparkline"
                            viewBox=sparkline::VIEW_BOX
                            preserveAspectRatio="xMinYMid meet"
                            aria-hidden="true"
                        >
                            <rect
                                y="0"
                                height=sparkline::HEIGHT
                                fill=palette.highlight
                                x=part(|s| format!("{:.1}", s.band.map_or(0.0, |b| b.0)))
                                width=part(|s| format!("{:.1}", s.band.map_or(0.0, |b| b.1)))
                            />
                            <path
                                fill="none"
                                stroke-width="1.5"
                                stroke-linejoin="round"
                                stroke=palette.series[0]
                                d=spark.as_ref().map_or_else(|| "M0,0".to_string(), |s| s.path.clone())
                            />
                            <circle
                                r="2"
                                fill=palette.series[0]
                                cx=part(|s| format!("{:.1}", s.dot.0))
                                cy=part(|s| format!("{:.1}", s.dot.1))
                            />
                        </svg>
                    </div>
                    <p class="value">
                        {display::number(unit, value)}
                        <span class="unit">{value.map(|_| display::unit_suffix(unit, lang))}</span>
                    </p>
                    <p class="target">
                        <span data-testid=format!("kpi-{key}-goal")>{goal}</span>
                        <span class="badge">{status.map(|s| s.label(lang))}</span>
                    </p>
                    <ul class="changes">
                        <li class=format!("delta {first_way}")>{first}</li>
                        <li class=format!("delta {second_way}")>{second}</li>
                    </ul>
                    <details class="definition" data-testid=format!("kpi-{key}-definition")>
                        <summary>{t(lang, Msg::Definition)}</summary>
                        <p>{definition}</p>
                    </details>
                </article>
            }
        })
    }
}
