//! One panel of the registry: its chart (or the same figures as a table, a choice kept in the
//! link's `table=`), its empty state, and click-to-filter on its bars, cells and rows — by mouse,
//! and by keyboard (the engine draws the clickable parts focusable; Enter or Space toggles the
//! filter).

use super::export::PictureButtons;
use super::table::DataTable;
use crate::i18n::{t, Msg};
use crate::state::drawing::{use_drawing, EngineDrawing};
use crate::state::{use_dash, Dash};
use kpi_charts::Table;
use kpi_core::domain::Kind;
use kpi_core::hierarchy::Level;
use kpi_core::link::Dimension;
use kpi_core::panels::{Panel, Shape};
use kpi_core::protocol::{Canvas, Drawable};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The attributes charts put on clickable parts.
const CLICKABLE: &str = "[data-category],[data-district]";

/// The canvas of a panel `width` pixels wide: drawn at that size, so its text is measured as it
/// will be read (12 px on a phone, 13–14 px on a desk or a projector).
pub fn canvas_for(width: f32) -> Canvas {
    let (height, font) = if width < 560.0 {
        ((width * 0.8).max(280.0), 12.0)
    } else {
        (
            (width * 0.5).clamp(340.0, 520.0),
            if width > 1200.0 { 14.0 } else { 13.0 },
        )
    };
    Canvas {
        width,
        height,
        font,
        headed: true,
    }
}

/// A table's canvas: its figures do not depend on the width.
const TABLE_CANVAS: Canvas = Canvas {
    width: 720.0,
    height: 360.0,
    font: 13.0,
    headed: true,
};

/// The drawing of `panel` for the link's view at `width` (tables at any width).
pub fn use_chart(panel: Panel, width: ReadSignal<f32>) -> EngineDrawing {
    use_drawing(
        Drawable::Panel(panel),
        move || match panel.shape() {
            Shape::Chart => Some(width.get()).filter(|w| *w > 0.0).map(canvas_for),
            _ => Some(TABLE_CANVAS),
        },
        None,
        panel.filters_on_click(),
    )
}

/// The filter a click on element `el` of `panel`'s chart toggles: the dimension and the value
/// written in the link.
fn click_target(dash: Dash, panel: Panel, el: &web_sys::Element) -> Option<(Dimension, String)> {
    let hit = el.closest(CLICKABLE).ok()??;
    if let Some(code) = hit.get_attribute("data-district") {
        return Some((Dimension::District, code));
    }
    let label = hit.get_attribute("data-category")?;
    if panel.by_district() {
        // The bars are the members of the level shown: units or districts.
        let (summary, answer) = (dash.summary.get_untracked()?, dash.answer.get_untracked()?);
        let level = Level::of(&summary.info, &answer.report);
        let d = level.info().districts.iter().find(|d| d.name == label)?;
        return Some((Dimension::District, d.code.clone()));
    }
    match panel {
        Panel::Pareto => Some((Dimension::Category, label)),
        Panel::Channels => Some((Dimension::Channel, label)),
        Panel::SatisfactionKinds => {
            let lang = dash.lang.get_untracked();
            let kind = Kind::ALL
                .into_iter()
                .find(|k| k.label(lang) == label || k.short_label(lang) == label)?;
            Some((Dimension::Kind, kind.code().to_string()))
        }
        _ => None,
    }
}

#[component]
pub fn PanelView(panel: Panel) -> impl IntoView {
    let dash = use_dash();
    let nav = dash.nav;
    let lang = dash.lang;
    let figure = NodeRef::<leptos::html::Figure>::new();
    let width = super::size::use_width(figure);
    let drawn = use_chart(panel, width);
    let chart = drawn.value;
    // Parts of the link that change only when this panel's choices do (every click changes the
    // link).
    let shown_as_table = nav.part(move |l| l.shows_table(panel.code()));
    let as_table = move || shown_as_table.get();
    let toggle = move |target: Option<web_sys::EventTarget>| {
        let Some(el) = target.and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
            return;
        };
        match click_target(dash, panel, &el) {
            Some((Dimension::District, code)) => {
                if let Some(s) = dash.summary.get_untracked() {
                    nav.update(false, |l| l.pick(&s.info, &code));
                }
            }
            Some((dim, value)) => nav.update(false, |l| l.toggle(dim, &value)),
            None => {}
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if matches!(ev.key().as_str(), "Enter" | " ") {
            ev.prevent_default();
            toggle(ev.target());
        }
    };
    let clickable = panel.filters_on_click();
    let title = move || chart.with(|c| c.as_ref().map(|c| c.title.clone()).unwrap_or_default());
    // What the body shows; the chart's container stays while only its SVG changes.
    #[derive(Clone, Copy, PartialEq)]
    enum Mode {
        Waiting,
        Svg,
        Table,
        Error,
        Empty,
    }
    let mode = Memo::new(move |_| {
        chart.with(|c| match c {
            None => Mode::Waiting,
            Some(_) if panel.shape() == Shape::Table || as_table() => Mode::Table,
            Some(c) if c.svg.is_some() => Mode::Svg,
            Some(c) if c.error.is_some() => Mode::Error,
            Some(_) => Mode::Empty,
        })
    });
    let svg = move || chart.with(|c| c.as_ref().and_then(|c| c.svg.clone()).unwrap_or_default());
    let body = move || {
        let lang = lang.get();
        match mode.get() {
            Mode::Waiting => view! { <p class="chart-empty">{t(lang, Msg::LoadingCharts)}</p> }.into_any(),
            Mode::Svg => view! {
                <div
                    class="chart-svg"
                    class:clickable=clickable
                    inner_html=svg
                    on:click=move |ev| toggle(ev.target())
                    on:keydown=on_key
                ></div>
            }
            .into_any(),
            Mode::Table => {
                let table = move || {
                    chart.get().map(|c| match (&c.note, c.rows.is_empty()) {
                        (Some(note), true) => view! {
                            <p class="chart-title">{c.title.clone()}</p>
                            <p class="chart-empty" data-testid="empty-state">{note.clone()}</p>
                        }
                        .into_any(),
                        _ => {
                            let table = Table {
                                headers: c.headers.clone(),
                                rows: c.rows.clone(),
                            };
                            view! { <DataTable table=table caption=c.title.clone() /> }.into_any()
                        }
                    })
                };
                table.into_any()
            }
            Mode::Error => view! {
                <p class="chart-title">{title}</p>
                <p class="chart-error" role="alert">
                    {t(lang, Msg::ChartFailed)}
                    {move || chart.with(|c| c.as_ref().and_then(|c| c.error.clone()).unwrap_or_default())}
                </p>
            }
            .into_any(),
            Mode::Empty => {
                let note = move || {
                    chart.with(|c| c.as_ref().and_then(|c| c.note.clone()))
                        .unwrap_or_else(|| t(lang, Msg::NoData).to_string())
                };
                view! {
                    <p class="chart-title">{title}</p>
                    <p class="chart-empty" data-testid="empty-state">{note}</p>
                }
                .into_any()
            }
        }
    };
    let toggle_button = (panel.shape() == Shape::Chart).then(|| {
        view! {
            <button
                class="link-button"
                data-testid=format!("panel-{}-toggle", panel.code())
                aria-pressed=move || as_table().to_string()
                on:click=move |_| nav.update(false, |l| l.toggle_table(panel.code()))
            >
                {move || t(lang.get(), if as_table() { Msg::ShowChart } else { Msg::ShowTable })}
            </button>
        }
    });
    let held_in_deck = nav.part(move |l| l.deck().has_panel(panel));
    let in_deck = move || held_in_deck.get();
    let deck_button = view! {
        <button
            class="link-button"
            data-testid=format!("panel-{}-deck", panel.code())
            aria-pressed=move || in_deck().to_string()
            on:click=move |_| {
                nav.update(false, |l| {
                    let mut deck = l.deck();
                    deck.toggle_panel(panel);
                    l.deck = (!deck.0.is_empty()).then_some(deck);
                })
            }
        >
            {move || t(lang.get(), if in_deck() { Msg::InDeck } else { Msg::AddToDeck })}
        </button>
    };
    view! {
        <figure
            node_ref=figure
            class="chart-panel"
            class:wide=matches!(panel, Panel::Heatmap | Panel::Scorecards | Panel::KindTrend)
            data-testid=format!("panel-{}", panel.code())
            data-panel=panel.code()
            data-drawing=move || drawn.state()
        >
            <figcaption>
                <span class="sr-only">{title}</span>
                {toggle_button}
                {deck_button}
                {(panel.shape() == Shape::Chart).then(|| view! { <PictureButtons panel=panel width=width /> })}
            </figcaption>
            {body}
        </figure>
    }
}
