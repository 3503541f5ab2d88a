//! The league table: every district (the district filter marks rows, it does not remove them),
//! the ranked KPIs with their status, and the change against the link's comparison. Sorted by the
//! link's `sort=`; a heading click sorts (worst first), a second click flips. Rows are
//! click-to-filter controls, by mouse or keyboard.

use super::cards::raw;
use crate::i18n::{t, Msg};
use crate::state::use_dash;
use kpi_core::catalog::Metric;
use kpi_core::comparison::Compare;
use kpi_core::display;
use kpi_core::hierarchy::Level;
use kpi_core::status::Status;
use kpi_core::views::districts::{league, sort_rows, LeagueCell, LeagueRow, Sort};
use leptos::prelude::*;

/// Rows drawn at most (a province file may have thousands of units); the export has them all.
const ROWS_SHOWN: usize = 300;

#[component]
pub fn League(#[prop(optional)] sortable: bool) -> impl IntoView {
    let dash = use_dash();
    let nav = dash.nav;
    let lang = dash.lang;
    let sort = Memo::new(move |_| nav.link.with(|l| l.sort));
    let rows = Memo::new(move |_| {
        let summary = dash.summary.get()?;
        let answer = dash.answer.get()?;
        let level = Level::of(&summary.info, &answer.report);
        let mut rows = league(level.info(), level.report());
        if sortable {
            sort_rows(&mut rows, sort.get());
        }
        Some(rows)
    });
    let header = move |m: Metric| {
        let aria = move || match sort.get() {
            Some(s) if s.metric == m && sortable => {
                if s.descending {
                    "descending"
                } else {
                    "ascending"
                }
            }
            _ => "none",
        };
        let arrow = move || match sort.get() {
            Some(Sort {
                metric,
                descending: true,
            }) if metric == m => " ▼",
            Some(Sort {
                metric,
                descending: false,
            }) if metric == m => " ▲",
            _ => "",
        };
        let label = move || metric_heading(m, lang.get());
        let head = if sortable {
            view! {
                <button
                    class="sort"
                    data-testid=format!("sort-{}", m.key())
                    on:click=move |_| nav.update(false, |l| l.sort = Some(Sort::toggled(l.sort, m)))
                >
                    {label}
                    {arrow}
                </button>
            }
            .into_any()
        } else {
            view! { <span>{label}</span> }.into_any()
        };
        view! { <th scope="col" class="num" aria-sort=aria>{head}</th> }
    };
    let body = move || {
        let lang = lang.get();
        let compare = nav.link.with(|l| l.compare);
        rows.get()
            .unwrap_or_default()
            .into_iter()
            .take(ROWS_SHOWN)
            .map(|row| view! { <Row row=row lang=lang compare=compare /> })
            .collect_view()
    };
    let more = move || rows.with(|r| r.as_ref().map_or(0, |r| r.len().saturating_sub(ROWS_SHOWN)));
    view! {
        <section class="district-table" data-testid="league">
            <h2>
                {move || t(lang.get(), Msg::DistrictTable)}
                <small class="hint">
                    {move || {
                        let lang = lang.get();
                        if sortable {
                            format!("{} · {}", t(lang, Msg::SortBy), t(lang, Msg::ClickToFilter))
                        } else {
                            t(lang, Msg::ClickToFilter).to_string()
                        }
                    }}
                </small>
            </h2>
            <div class="table-scroll" tabindex="0">
                <table data-testid="district-table">
                    <thead>
                        <tr>
                            <th scope="col">{move || t(lang.get(), Msg::District)}</th>
                            <th scope="col">{move || t(lang.get(), Msg::Area)}</th>
                            <th scope="col" class="num">{move || t(lang.get(), Msg::Customers)}</th>
                            {Metric::RANKED.iter().map(|&m| header(m)).collect_view()}
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
            {move || (more() > 0).then(|| view! {
                <p class="hint" data-testid="league-more">{crate::i18n::more_rows(lang.get(), ROWS_SHOWN, more())}</p>
            })}
        </section>
    }
}

/// "万户投诉率 件/万户"; a unit the name already says is not repeated ("Complaints per 10k
/// customers").
fn metric_heading(m: Metric, lang: kpi_core::i18n::Lang) -> String {
    let unit = display::unit_suffix(m.unit(), lang);
    let label = m.label(lang);
    if unit.is_empty() || label.ends_with(unit.trim()) {
        label
    } else {
        format!("{label} {unit}")
    }
}

#[component]
fn Row(row: LeagueRow, lang: kpi_core::i18n::Lang, compare: Compare) -> impl IntoView {
    let dash = use_dash();
    let nav = dash.nav;
    let code = row.code.clone();
    let toggle = move || {
        if let Some(s) = dash.summary.get_untracked() {
            nav.update(false, |l| l.pick(&s.info, &code));
        }
    };
    let toggle_key = toggle.clone();
    let cells = row
        .cells
        .iter()
        .map(|c| cell(&row.code, c, lang, compare))
        .collect_view();
    view! {
        <tr
            class="clickable"
            class:selected=row.selected
            tabindex="0"
            aria-selected=row.selected.to_string()
            data-testid=format!("district-row-{}", row.code)
            on:click=move |_| toggle()
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if matches!(ev.key().as_str(), "Enter" | " ") {
                    ev.prevent_default();
                    toggle_key();
                }
            }
        >
            <th scope="row">{if row.selected { format!("▶ {}", row.name) } else { row.name.clone() }}</th>
            <td>{row.area.label(lang)}</td>
            <td class="num">{row.customers.map_or_else(|| display::UNDEFINED.into(), display::thousands)}</td>
            {cells}
        </tr>
    }
}

fn cell(code: &str, c: &LeagueCell, lang: kpi_core::i18n::Lang, compare: Compare) -> impl IntoView {
    let status = Status::code(c.status);
    let value = display::number(c.metric.unit(), c.value);
    let text = match c.status {
        Some(s) => format!("{} {value}", s.mark()),
        None => value,
    };
    let change = match compare {
        Compare::Previous => c.vs_previous,
        Compare::YearBefore => c.vs_year_before,
    };
    let both = [
        (Msg::VsPrevious, c.vs_previous),
        (Msg::VsYearBefore, c.vs_year_before),
    ]
    .map(|(label, ch)| {
        format!(
            "{} {}",
            t(lang, label),
            ch.map_or(display::UNDEFINED.into(), |ch| ch.text(c.metric, lang))
        )
    })
    .join(" · ");
    let (change_text, direction) = match change {
        Some(ch) => (ch.text(c.metric, lang), ch.direction(c.metric).code()),
        None => (display::UNDEFINED.to_string(), "flat"),
    };
    view! {
        <td
            class=format!("num status-{status}")
            data-testid=format!("district-{code}-{}", c.metric.key())
            data-value=raw(c.value)
            data-status=status
            title=both
        >
            <span class="cell-value">{text}</span>
            <small class=format!("cell-change {direction}")>
                {format!("{} {change_text}", compare.label(lang))}
            </small>
        </td>
    }
}
