//! One slide: a panel of the registry drawn at slide size for its own scope, under a header that
//! always says whose figures these are (organization, period, districts, comparison), with the
//! written findings below it and a bottom bar like "3 / 12 · 三台县 · 2026年10月".

use crate::i18n::{comparisons, period_label, t, Msg};
use crate::state::drawing::use_drawing;
use crate::state::nav::slide_query;
use crate::state::{use_dash, Shared};
use crate::widgets::cards::raw;
use kpi_core::catalog::Group;
use kpi_core::deck::{counter, Slide};
use kpi_core::display;
use kpi_core::findings::{self, for_panel, Finding};
use kpi_core::hierarchy::Level;
use kpi_core::i18n::Lang;
use kpi_core::link::Dimension;
use kpi_core::panels::Shape;
use kpi_core::protocol::{Canvas, Drawable, Drawing};
use kpi_core::status::Status;
use kpi_core::views::overview::{self, Card};
use leptos::prelude::*;
use std::sync::Arc;

/// The slide's body, between its header and its findings, in stage pixels.
const BODY_W: f32 = 1792.0;
const BODY_H: f32 = 640.0;
/// Table rows that fit a slide; the rest are counted.
const TABLE_ROWS: usize = 10;

/// How a chart is drawn on a slide: at the size it is shown, with 24 px text, without its own
/// title (the slide's header says it).
const SLIDE_CANVAS: Canvas = Canvas {
    width: BODY_W,
    height: BODY_H,
    font: 24.0,
    headed: false,
};

/// A slide's figures: what the page lays out from the report (the KPI wall, the findings) and
/// the chart or table the engine drew.
struct Drawn {
    cards: Vec<Card>,
    /// The findings panel's list.
    list: Vec<String>,
    /// The 1–3 findings under the body.
    findings: Vec<String>,
    drawing: Option<Shared<Drawing>>,
}

#[component]
pub fn SlideView(slide: Slide, number: usize, total: usize) -> impl IntoView {
    let dash = use_dash();
    let nav = dash.nav;
    let lang = dash.lang;
    let panel = slide.panel;
    let district = slide.district.clone();
    let query = Memo::new(move |_| nav.link.with(|l| slide_query(l, district.as_deref())));
    let answer = dash.answer_for(query);
    let drawing = matches!(panel.shape(), Shape::Chart | Shape::Table).then(|| {
        use_drawing(
            Drawable::Panel(panel),
            || Some(SLIDE_CANVAS),
            Some(query),
            false,
        )
    });
    let drawn = Memo::new(move |_| {
        let summary = dash.summary.get()?;
        let answer = answer.get()?;
        let lang = lang.get();
        let drawing = match drawing {
            Some(d) => Some(d.value.get()?),
            None => None,
        };
        let level = Level::of(&summary.info, &answer.report);
        let (info, report) = (level.info(), level.report());
        let texts = |found: Vec<Finding>| found.iter().map(|f| f.text(lang)).collect::<Vec<_>>();
        let cards = match panel.shape() {
            Shape::Cards => overview::cards(info, report)
                .into_iter()
                .filter(|(g, _)| *g != Group::Durations)
                .flat_map(|(_, c)| c)
                .collect(),
            _ => Vec::new(),
        };
        let list = match panel.shape() {
            Shape::Findings => texts(findings::summary(info, report)),
            _ => Vec::new(),
        };
        Some(Shared(Arc::new(Drawn {
            cards,
            list,
            findings: texts(for_panel(panel, info, report)),
            drawing,
        })))
    });

    let title = move || {
        let lang = lang.get();
        match panel.shape() {
            Shape::Cards => t(lang, Msg::KpiWall).to_string(),
            Shape::Findings => kpi_charts::text::t(lang, kpi_charts::text::T::FindingsTitle).into(),
            _ => drawn.with(|d| {
                d.as_ref()
                    .and_then(|d| d.drawing.as_ref())
                    .map(|c| c.title.clone())
                    .unwrap_or_default()
            }),
        }
    };
    // Whose districts: the slide's own, the link's selection, or all of them.
    let slide_district = slide.district.clone();
    let districts = Memo::new(move |_| {
        let lang = lang.get();
        let codes: Vec<String> = match &slide_district {
            Some(d) => vec![d.clone()],
            None => nav.link.with(|l| l.selected(Dimension::District).to_vec()),
        };
        if codes.is_empty() {
            return t(lang, Msg::AllDistricts).to_string();
        }
        dash.summary.with(|s| {
            let info = s.as_ref().map(|s| &s.info);
            codes
                .iter()
                .map(|c| {
                    info.and_then(|i| i.districts.iter().find(|d| &d.code == c))
                        .map_or_else(|| c.clone(), |d| d.name.clone())
                })
                .collect::<Vec<_>>()
                .join(kpi_charts::text::t(
                    lang,
                    kpi_charts::text::T::ListSeparator,
                ))
        })
    });
    let organization = move || {
        dash.summary
            .with(|s| s.as_ref().and_then(|s| s.info.meta.organization.clone()))
            .unwrap_or_default()
    };
    let period = move || {
        answer.with(|a| {
            a.as_ref()
                .map(|a| period_label(a.report.period, lang.get()))
                .unwrap_or_default()
        })
    };
    let compared = move || {
        answer.with(|a| {
            a.as_ref()
                .map(|a| comparisons(&a.report, lang.get()))
                .unwrap_or_default()
        })
    };

    let body = move || {
        let lang = lang.get();
        let Some(d) = drawn.get() else {
            return view! { <p class="slide-waiting">{t(lang, Msg::WaitingFigures)}</p> }
                .into_any();
        };
        match (panel.shape(), &d.drawing) {
            (Shape::Cards, _) => view! { <KpiWall cards=d.cards.clone() lang=lang /> }.into_any(),
            (Shape::Findings, _) => {
                let items = d
                    .list
                    .iter()
                    .map(|text| view! { <li data-testid="finding">{text.clone()}</li> })
                    .collect_view();
                view! { <ol class="slide-findings-list">{items}</ol> }.into_any()
            }
            (Shape::Table, Some(table)) => {
                if table.rows.is_empty() {
                    let note = table
                        .note
                        .clone()
                        .unwrap_or_else(|| t(lang, Msg::NoData).into());
                    return view! { <p class="slide-note">{note}</p> }.into_any();
                }
                let more = table.rows.len().saturating_sub(TABLE_ROWS);
                let head = table
                    .headers
                    .iter()
                    .map(|h| view! { <th scope="col">{h.clone()}</th> })
                    .collect_view();
                let rows = table
                    .rows
                    .iter()
                    .take(TABLE_ROWS)
                    .map(|r| view! { <tr>{r.iter().map(|c| view! { <td>{c.clone()}</td> }).collect_view()}</tr> })
                    .collect_view();
                view! {
                    <table class="slide-table">
                        <thead><tr>{head}</tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                    {(more > 0).then(|| view! { <p class="slide-more">{crate::i18n::more_rows(lang, TABLE_ROWS, more)}</p> })}
                }
                .into_any()
            }
            (_, Some(chart)) => match &chart.svg {
                Some(svg) => {
                    view! { <div class="slide-chart" inner_html=svg.clone()></div> }.into_any()
                }
                None => {
                    let note = chart
                        .error
                        .clone()
                        .or_else(|| chart.note.clone())
                        .unwrap_or_else(|| t(lang, Msg::NoData).into());
                    view! { <p class="slide-note">{note}</p> }.into_any()
                }
            },
            (_, None) => {
                view! { <p class="slide-waiting">{t(lang, Msg::WaitingFigures)}</p> }.into_any()
            }
        }
    };
    let findings = move || {
        if matches!(panel.shape(), Shape::Findings) {
            return None;
        }
        let items = drawn.with(|d| d.as_ref().map(|d| d.findings.clone()))?;
        Some(view! {
            <ul class="slide-findings">
                {items.into_iter().map(|f| view! { <li data-testid="finding">{f}</li> }).collect_view()}
            </ul>
        })
    };
    view! {
        <section
            class="slide"
            data-panel=panel.code()
            data-district=slide.district.clone().unwrap_or_default()
            data-query=move || query.get()
            data-ready=move || drawn.with(Option::is_some).to_string()
        >
            <header class="slide-header">
                <h2>{title}</h2>
                <p class="slide-scope">
                    {move || {
                        let parts = [organization(), period(), districts.get(), compared()];
                        parts.into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" · ")
                    }}
                </p>
            </header>
            <div class="slide-body">{body}</div>
            {findings}
            <footer class="slide-bar">
                <span data-testid="slide-counter">{counter(number, total)}</span>
                <span>{move || format!(" · {} · {}", districts.get(), period())}</span>
            </footer>
        </section>
    }
}

/// The KPI wall: the cards' KPIs (durations aside) in four columns, figures readable from the
/// back of a room.
#[component]
fn KpiWall(cards: Vec<Card>, lang: Lang) -> impl IntoView {
    let items = cards
        .into_iter()
        .map(|c| {
            let unit = c.metric.unit();
            let goal = c.goal.map_or_else(
                || t(lang, Msg::NoTarget).to_string(),
                |g| format!("{} {}", t(lang, Msg::Target), g.bound_text(lang)),
            );
            let changes = [
                (Msg::VsPrevious, c.vs_previous),
                (Msg::VsYearBefore, c.vs_year_before),
            ]
            .into_iter()
            .map(|(label, change)| {
                let (text, direction) = match change {
                    Some(ch) => (ch.marked(c.metric, lang), ch.direction(c.metric).code()),
                    None => (display::UNDEFINED.to_string(), "flat"),
                };
                view! { <li class=format!("delta {direction}")>{format!("{} {text}", t(lang, label))}</li> }
            })
            .collect_view();
            view! {
                <article
                    class=format!("wall-card status-{}", Status::code(c.status))
                    data-testid=format!("slide-kpi-{}", c.metric.key())
                    data-value=raw(c.value)
                >
                    <h3>{c.metric.label(lang)}</h3>
                    <p class="value">
                        {display::number(unit, c.value)}
                        <span class="unit">{c.value.map(|_| display::unit_suffix(unit, lang))}</span>
                    </p>
                    <p class="target">
                        <span>{goal}</span>
                        {c.status.map(|s| view! { <span class="badge">{s.label(lang)}</span> })}
                    </p>
                    <ul class="changes">{changes}</ul>
                </article>
            }
        })
        .collect_view();
    view! { <div class="kpi-wall">{items}</div> }
}
