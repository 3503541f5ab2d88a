//! The global filter bar: period (presets or custom days), the five dimension filters, the
//! comparison, active filters as removable chips, "clear all", "copy link", and notices for link
//! parameters that were not understood. Every control writes the link; nothing is kept here.

use crate::app::{Computed, Nav, Session};
use crate::i18n::{t, Msg};
use kpi_core::domain::{Kind, Tier};
use kpi_core::i18n::Lang;
use kpi_core::link::{Dimension, PeriodChoice, Preset};
use kpi_core::report::Compare;
use leptos::prelude::*;
use std::sync::Arc;

/// How an option is named: data labels are shown as they are, kinds and tiers in the UI language.
#[derive(Clone)]
enum Label {
    Text(String),
    Kind(Kind),
    Tier(Tier),
}

impl Label {
    fn text(&self, lang: Lang) -> String {
        match self {
            Label::Text(s) => s.clone(),
            Label::Kind(k) => k.label(lang).to_string(),
            Label::Tier(t) => t.label(lang).to_string(),
        }
    }
}

/// The values a dimension can take in this dataset: (value in links, label).
fn options(session: &Session, dim: Dimension) -> Vec<(String, Label)> {
    let ds = &session.loaded.dataset;
    match dim {
        Dimension::District => ds
            .districts
            .iter()
            .map(|d| (d.code.clone(), Label::Text(d.name.clone())))
            .collect(),
        Dimension::Kind => Kind::ALL
            .into_iter()
            .map(|k| (k.code().to_string(), Label::Kind(k)))
            .collect(),
        Dimension::Tier => Tier::ALL
            .into_iter()
            .map(|t| (t.code().to_string(), Label::Tier(t)))
            .collect(),
        Dimension::Category | Dimension::Channel => {
            let dict = if dim == Dimension::Category {
                &ds.categories
            } else {
                &ds.channels
            };
            let mut values: Vec<(String, Label)> = dict
                .iter()
                .map(|(_, v)| (v.to_string(), Label::Text(v.to_string())))
                .collect();
            values.sort_by(|a, b| a.0.cmp(&b.0));
            values
        }
    }
}

#[component]
pub fn FilterBar(
    session: Arc<Session>,
    computed: Arc<Computed>,
    lang: Signal<Lang>,
) -> impl IntoView {
    let nav = expect_context::<Nav>();
    let span = session.loaded.dataset.full_period();
    let (min, max) = span.map_or((String::new(), String::new()), |p| {
        (p.from.date().to_string(), p.to.date().to_string())
    });
    let shown = computed.report.period;

    let preset_value = move || match nav.link.with(|l| l.period) {
        PeriodChoice::Preset(p) => p.code().to_string(),
        PeriodChoice::Custom { .. } => "custom".to_string(),
    };
    let on_preset = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        nav.update(false, |l| {
            l.period = match Preset::parse(&value) {
                Some(p) => PeriodChoice::Preset(p),
                None => PeriodChoice::Custom {
                    from: shown.map(|p| p.from.date()),
                    to: shown.map(|p| p.to.date()),
                },
            }
        });
    };
    let is_custom = move || matches!(nav.link.with(|l| l.period), PeriodChoice::Custom { .. });
    let date_value = move |end_of: bool| {
        let p = match nav.link.with(|l| l.period) {
            PeriodChoice::Custom { from, to } => {
                if end_of {
                    to
                } else {
                    from
                }
            }
            PeriodChoice::Preset(_) => None,
        };
        p.map(|d| d.to_string()).unwrap_or_default()
    };
    let on_date = move |end_of: bool, ev: leptos::ev::Event| {
        let value = kpi_core::calendar::Date::parse(&event_target_value(&ev));
        nav.update(false, |l| {
            let (from, to) = match l.period {
                PeriodChoice::Custom { from, to } => (from, to),
                PeriodChoice::Preset(_) => (None, None),
            };
            l.period = if end_of {
                PeriodChoice::Custom { from, to: value }
            } else {
                PeriodChoice::Custom { from: value, to }
            };
        });
    };

    let dropdowns = Dimension::ALL
        .into_iter()
        .map(|dim| {
            let items = options(&session, dim)
                .into_iter()
                .map(|(value, label)| {
                    let checked_value = value.clone();
                    let checked = move || nav.link.with(|l| l.selected(dim).contains(&checked_value));
                    let toggle_value = value.clone();
                    view! {
                        <label class="option">
                            <input
                                type="checkbox"
                                data-testid=format!("option-{}-{value}", dim.param())
                                prop:checked=checked
                                on:change=move |_| nav.update(false, |l| l.toggle(dim, &toggle_value))
                            />
                            {move || label.text(lang.get())}
                        </label>
                    }
                })
                .collect_view();
            let count = move || nav.link.with(|l| l.selected(dim).len());
            view! {
                <details class="dropdown" data-testid=format!("filter-{}", dim.param())>
                    <summary class:active=move || count() != 0>
                        {move || dim.label(lang.get())}
                        {move || (count() > 0).then(|| format!(" · {}", count()))}
                    </summary>
                    <div class="menu">{items}</div>
                </details>
            }
        })
        .collect_view();

    let labels: Vec<(Dimension, Vec<(String, Label)>)> = Dimension::ALL
        .into_iter()
        .map(|d| (d, options(&session, d)))
        .collect();
    let chips =
        move || {
            let lang = lang.get();
            let link = nav.link.get();
            let mut chips = Vec::new();
            if link.period != PeriodChoice::default() {
                let text = match (link.period, shown) {
                    (PeriodChoice::Preset(p), _) => p.label(lang).to_string(),
                    (_, Some(p)) => format!("{} – {}", p.from.date(), p.to.date()),
                    (_, None) => t(lang, Msg::Custom).to_string(),
                };
                chips.push(view! {
                <button
                    class="chip"
                    data-testid="chip-period"
                    on:click=move |_| nav.update(false, |l| l.period = PeriodChoice::default())
                >
                    {format!("{}：{text} ×", t(lang, Msg::Period))}
                </button>
            }
            .into_any());
            }
            for (dim, options) in &labels {
                let dim = *dim;
                for value in link.selected(dim) {
                    let label = options
                        .iter()
                        .find(|(v, _)| v == value)
                        .map_or_else(|| value.clone(), |(_, l)| l.text(lang));
                    let remove = value.clone();
                    chips.push(
                        view! {
                            <button
                                class="chip"
                                data-testid=format!("chip-{}-{value}", dim.param())
                                on:click=move |_| nav.update(false, |l| l.toggle(dim, &remove))
                            >
                                {format!("{}：{label} ×", dim.label(lang))}
                            </button>
                        }
                        .into_any(),
                    );
                }
            }
            chips
        };

    let copied = RwSignal::new(false);
    let copy_link = move |_| {
        let Some(window) = web_sys::window() else {
            return;
        };
        let Ok(href) = window.location().href() else {
            return;
        };
        let promise = window.navigator().clipboard().write_text(&href);
        leptos::task::spawn_local(async move {
            copied.set(wasm_bindgen_futures::JsFuture::from(promise).await.is_ok());
        });
    };

    let data_notices = computed.notices.clone();
    let notices = move || {
        let lang = lang.get();
        let mut all: Vec<String> = nav
            .notices
            .with(|n| n.iter().map(|x| x.message(lang)).collect());
        all.extend(data_notices.iter().map(|x| x.message(lang)));
        (!all.is_empty()).then(|| {
            view! {
                <div class="notice" role="status" data-testid="url-notices">
                    <strong>{t(lang, Msg::LinkNotices)}</strong>
                    <ul>{all.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                </div>
            }
        })
    };

    view! {
        <section class="filter-bar" data-testid="filter-bar">
            <div class="controls">
                <label class="field">
                    <span>{move || t(lang.get(), Msg::Period)}</span>
                    <select data-testid="period-preset" on:change=on_preset prop:value=preset_value>
                        {Preset::ALL
                            .into_iter()
                            .map(|p| view! { <option value=p.code()>{move || p.label(lang.get())}</option> })
                            .collect_view()}
                        <option value="custom">{move || t(lang.get(), Msg::Custom)}</option>
                    </select>
                </label>
                <Show when=is_custom>
                    <label class="field">
                        <span>{move || t(lang.get(), Msg::From)}</span>
                        <input
                            type="date"
                            data-testid="period-from"
                            min=min.clone()
                            max=max.clone()
                            prop:value=move || date_value(false)
                            on:change=move |ev| on_date(false, ev)
                        />
                    </label>
                    <label class="field">
                        <span>{move || t(lang.get(), Msg::To)}</span>
                        <input
                            type="date"
                            data-testid="period-to"
                            min=min.clone()
                            max=max.clone()
                            prop:value=move || date_value(true)
                            on:change=move |ev| on_date(true, ev)
                        />
                    </label>
                </Show>
                {dropdowns}
                <label class="field">
                    <span>{move || t(lang.get(), Msg::CompareWith)}</span>
                    <select
                        data-testid="compare"
                        prop:value=move || nav.link.with(|l| l.compare.code())
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            nav.update(false, |l| l.compare = Compare::from_code(&value).unwrap_or_default());
                        }
                    >
                        <option value="prev">{move || t(lang.get(), Msg::ComparePrevious)}</option>
                        <option value="yoy">{move || t(lang.get(), Msg::CompareYearBefore)}</option>
                    </select>
                </label>
                <button class="button" data-testid="copy-link" on:click=copy_link>
                    {move || t(lang.get(), if copied.get() { Msg::Copied } else { Msg::CopyLink })}
                </button>
            </div>
            <div class="chips" data-testid="active-filters">
                {chips}
                <Show when=move || nav.link.with(|l| l.has_filters())>
                    <button
                        class="chip clear"
                        data-testid="clear-filters"
                        on:click=move |_| nav.update(false, |l| l.clear_filters())
                    >
                        {move || t(lang.get(), Msg::ClearAll)}
                    </button>
                </Show>
            </div>
            {notices}
        </section>
    }
}
