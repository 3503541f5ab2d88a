//! The filter bar: the period (presets, a month of the file, or custom days), the five
//! dimension filters, the comparison drawn on charts, active filters as removable chips, "clear
//! all", "copy link", and notices for link values that were not understood. Every control writes
//! the link; nothing is kept here but whether the bar is unfolded on a phone.

use crate::browser;
use crate::i18n::{month_label, t, Msg};
use crate::state::use_dash;
use kpi_core::calendar::Date;
use kpi_core::comparison::Compare;
use kpi_core::link::{dimension_values, selected_labels, Dimension, PeriodChoice, Preset};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Options listed at most in one dropdown (a file may hold thousands of categories); the rest
/// are reached by link.
const OPTIONS_SHOWN: usize = 300;

/// Closes every open dropdown that does not contain `target`.
fn close_dropdowns_outside(target: Option<web_sys::EventTarget>) {
    let target = target.and_then(|t| t.dyn_into::<web_sys::Node>().ok());
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(open) = doc.query_selector_all("details.dropdown[open]") else {
        return;
    };
    for i in 0..open.length() {
        if let Some(el) = open
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        {
            if !target.as_ref().is_some_and(|t| el.contains(Some(t))) {
                let _ = el.remove_attribute("open");
            }
        }
    }
}

#[component]
pub fn FilterBar() -> impl IntoView {
    let dash = use_dash();
    let nav = dash.nav;
    let lang = dash.lang;
    let unfolded = RwSignal::new(false);
    // A click outside an open dropdown closes it.
    let _outside =
        window_event_listener(leptos::ev::click, |ev| close_dropdowns_outside(ev.target()));
    let summary = move || dash.summary.get();
    let span = move || summary().and_then(|s| s.info.full_period());
    let months = move || {
        let mut m = summary()
            .map(|s| s.info.meta.ticket_months.clone())
            .unwrap_or_default();
        m.reverse();
        m
    };
    let shown_period = Memo::new(move |_| {
        dash.answer
            .with(|a| a.as_ref().and_then(|a| a.report.period))
    });

    // Memos: a control's value is written to the DOM only when it changes, not on every click.
    let preset_value = Memo::new(move |_| nav.link.with(|l| l.period.menu_value()));
    let on_preset = move |ev: leptos::ev::Event| {
        let choice = PeriodChoice::from_menu(&event_target_value(&ev), shown_period.get());
        nav.update(false, |l| l.period = choice);
    };
    let is_custom = move || nav.link.with(|l| l.period.is_custom_days());
    let date_value = move |end: bool| {
        Memo::new(move |_| {
            nav.link
                .with(|l| l.period.bound(end))
                .map(|d| d.to_string())
                .unwrap_or_default()
        })
    };
    let compare_value = Memo::new(move |_| nav.link.with(|l| l.compare.code()));
    let on_date = move |end: bool, ev: leptos::ev::Event| {
        let date = Date::parse(&event_target_value(&ev));
        nav.update(false, |l| l.period = l.period.with_bound(end, date));
    };
    let bound = move |end: bool| {
        span().map_or(String::new(), |p| {
            if end { p.to.date() } else { p.from.date() }.to_string()
        })
    };

    let dropdowns = Dimension::ALL
        .into_iter()
        .map(|dim| {
            // The dimension's selection: a click in another dimension reruns none of its boxes.
            let selected = nav.part(move |l| l.selected(dim).to_vec());
            let items = move || {
                let lang = lang.get();
                let all = summary()
                    .map(|s| dimension_values(&s.info, dim, lang))
                    .unwrap_or_default();
                let more = all.len().saturating_sub(OPTIONS_SHOWN);
                let list = all
                    .into_iter()
                    .take(OPTIONS_SHOWN)
                    .map(|(value, label)| {
                        let checked_value = value.clone();
                        let checked = move || selected.with(|s| s.contains(&checked_value));
                        let toggle_value = value.clone();
                        view! {
                            <label class="option">
                                <input
                                    type="checkbox"
                                    data-testid=format!("option-{}-{value}", dim.param())
                                    prop:checked=checked
                                    on:change=move |_| nav.update(false, |l| l.toggle(dim, &toggle_value))
                                />
                                {label}
                            </label>
                        }
                    })
                    .collect_view();
                view! {
                    {list}
                    {(more > 0).then(|| view! { <p class="hint">{crate::i18n::more_options(lang, more)}</p> })}
                }
            };
            let count = move || selected.with(Vec::len);
            let on_key = move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Escape" {
                    if let Some(d) = ev
                        .current_target()
                        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    {
                        let _ = d.remove_attribute("open");
                        if let Ok(Some(s)) = d.query_selector("summary") {
                            if let Ok(s) = s.dyn_into::<web_sys::HtmlElement>() {
                                let _ = s.focus();
                            }
                        }
                    }
                }
            };
            view! {
                <details class="dropdown" data-testid=format!("filter-{}", dim.param()) on:keydown=on_key>
                    <summary class:active=move || count() != 0>
                        {move || dim.label(lang.get())}
                        {move || (count() > 0).then(|| format!(" · {}", count()))}
                    </summary>
                    <div class="menu">{items}</div>
                </details>
            }
        })
        .collect_view();

    // What the chips show: they are rebuilt when a filter changes, not on every change of the
    // link (a sort, a table shown, a slide added) or every answer.
    let chosen = Memo::new(move |_| {
        nav.link
            .with(|l| (l.period, Dimension::ALL.map(|d| l.selected(d).to_vec())))
    });
    let chips = move || {
        let lang = lang.get();
        let (period, selected) = chosen.get();
        let Some(summary) = summary() else {
            return Vec::new();
        };
        let mut chips = Vec::new();
        if period != PeriodChoice::default() {
            let text = match (period, period.as_month(), shown_period.get()) {
                (PeriodChoice::Preset(p), _, _) => p.label(lang).to_string(),
                (_, Some(m), _) => month_label(m, lang),
                (_, _, Some(p)) => format!("{} – {}", p.from.date(), p.to.date()),
                _ => t(lang, Msg::Custom).to_string(),
            };
            chips.push(
                view! {
                    <button
                        class="chip"
                        data-testid="chip-period"
                        on:click=move |_| nav.update(false, |l| l.period = PeriodChoice::default())
                    >
                        {crate::i18n::chip(lang, t(lang, Msg::Period), &text)}
                    </button>
                }
                .into_any(),
            );
        }
        for (dim, values) in Dimension::ALL.into_iter().zip(selected) {
            let labels = selected_labels(&summary.info, dim, &values, lang);
            for (value, label) in values.into_iter().zip(labels) {
                let remove = value.clone();
                chips.push(
                    view! {
                        <button
                            class="chip"
                            data-testid=format!("chip-{}-{value}", dim.param())
                            on:click=move |_| nav.update(false, |l| l.toggle(dim, &remove))
                        >
                            {crate::i18n::chip(lang, dim.label(lang), &label)}
                        </button>
                    }
                    .into_any(),
                );
            }
        }
        chips
    };

    let copied = RwSignal::new(None::<bool>);
    let local_file = move || nav.link.with(|l| l.file.is_some());
    let copy_link = move |_| {
        leptos::task::spawn_local(async move {
            let ok = match browser::href() {
                Some(href) => browser::copy(&href).await,
                None => false,
            };
            copied.set(Some(ok));
        });
    };
    let notices = move || {
        let lang = lang.get();
        let mut all: Vec<String> = nav
            .notices
            .with(|n| n.iter().map(|x| x.message(lang)).collect());
        dash.answer.with(|a| {
            if let Some(a) = a {
                all.extend(a.notices.iter().map(|x| x.message(lang)));
            }
        });
        (!all.is_empty()).then(|| {
            view! {
                <div class="notice" role="status" data-testid="url-notices">
                    <strong>{t(lang, Msg::LinkNotices)}</strong>
                    <ul>{all.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                </div>
            }
        })
    };
    let month_options = move || {
        let lang = lang.get();
        months()
            .into_iter()
            .map(|m| view! { <option value=format!("month:{m}")>{month_label(m, lang)}</option> })
            .collect_view()
    };
    let active = move || {
        nav.link
            .with(|l| l.selected.iter().map(Vec::len).sum::<usize>())
    };

    view! {
        <section class="filter-bar" class:open=move || unfolded.get() data-testid="filter-bar">
            <button
                class="button filters-toggle"
                aria-expanded=move || unfolded.get().to_string()
                on:click=move |_| unfolded.update(|u| *u = !*u)
            >
                {move || {
                    let n = active();
                    let head = t(lang.get(), Msg::Filters);
                    if n > 0 { format!("{head} · {n}") } else { head.to_string() }
                }}
            </button>
            <div class="controls">
                <label class="field">
                    <span>{move || t(lang.get(), Msg::Period)}</span>
                    <select data-testid="period-preset" on:change=on_preset prop:value=preset_value>
                        {Preset::ALL
                            .into_iter()
                            .map(|p| view! { <option value=p.code()>{move || p.label(lang.get())}</option> })
                            .collect_view()}
                        <optgroup label=move || t(lang.get(), Msg::Months)>{month_options}</optgroup>
                        <option value="custom">{move || t(lang.get(), Msg::Custom)}</option>
                    </select>
                </label>
                <Show when=is_custom>
                    <label class="field">
                        <span>{move || t(lang.get(), Msg::From)}</span>
                        <input
                            type="date"
                            data-testid="period-from"
                            min=move || bound(false)
                            max=move || bound(true)
                            prop:value=date_value(false)
                            on:change=move |ev| on_date(false, ev)
                        />
                    </label>
                    <label class="field">
                        <span>{move || t(lang.get(), Msg::To)}</span>
                        <input
                            type="date"
                            data-testid="period-to"
                            min=move || bound(false)
                            max=move || bound(true)
                            prop:value=date_value(true)
                            on:change=move |ev| on_date(true, ev)
                        />
                    </label>
                </Show>
                {dropdowns}
                <label class="field">
                    <span>{move || t(lang.get(), Msg::ChartsCompare)}</span>
                    <select
                        data-testid="compare"
                        prop:value=compare_value
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            nav.update(false, |l| l.compare = Compare::from_code(&value).unwrap_or_default());
                        }
                    >
                        {Compare::ALL
                            .into_iter()
                            .map(|c| view! { <option value=c.code()>{move || c.label(lang.get())}</option> })
                            .collect_view()}
                    </select>
                </label>
                <button class="button" data-testid="copy-link" on:click=copy_link>
                    {move || t(lang.get(), match copied.get() {
                        Some(true) => Msg::Copied,
                        Some(false) => Msg::CopyFailed,
                        None => Msg::CopyLink,
                    })}
                </button>
                {move || (local_file() && copied.get().is_some()).then(|| view! {
                    <span class="hint" data-testid="copy-note">{t(lang.get(), Msg::LinkWithoutFile)}</span>
                })}
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
