//! The league table: every district (the district filter marks rows, it does not remove them),
//! the ranked KPIs with their status, and the change against the link's comparison. Sorted by the
//! link's `sort=`; a heading click sorts (worst first), a second click flips. Rows are
//! click-to-filter controls, by mouse or keyboard.

use super::cards::raw;
use crate::i18n::{t, Msg};
use crate::state::use_dash;
use kpi_charts::text::{term, T};
use kpi_core::catalog::Metric;
use kpi_core::comparison::Compare;
use kpi_core::display;
use kpi_core::domain::Members;
use kpi_core::hierarchy::Level;
use kpi_core::status::Status;
use kpi_core::views::districts::{
    league, row_keys, sort_rows, LeagueCell, LeagueRow, RowKey, Sort,
};
use leptos::prelude::*;
use std::collections::HashMap;

/// Rows drawn at most (a province file may have thousands of units); the export has them all.
const ROWS_SHOWN: usize = 300;

#[component]
pub fn League(#[prop(optional)] sortable: bool) -> impl IntoView {
    let dash = use_dash();
    let nav = dash.nav;
    let lang = dash.lang;
    let sort = nav.part(|l| l.sort);
    let compare = nav.part(|l| l.compare);
    let ranked = Memo::new(move |_| {
        let summary = dash.summary.get()?;
        let answer = dash.answer.get()?;
        let level = Level::of(&summary.info, &answer.report);
        let mut rows = league(level.info(), level.report());
        if sortable {
            sort_rows(&mut rows, sort.get());
        }
        Some(Ranked {
            members: level.info().members,
            rows,
        })
    });
    // One level up the hierarchy the rows are units, and the headings say so.
    let members =
        Memo::new(move |_| ranked.with(|r| r.as_ref().map_or(Members::Districts, |r| r.members)));
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
    // Rows keyed by member: an answer changes their figures in place (a district click only
    // moves the selection mark), a sort moves them. A level may hold a unit and a district of
    // the same code, so a key is the code and how many rows before it had that code.
    let keys = Memo::new(move |_| {
        ranked.with(|r| {
            row_keys(
                r.iter()
                    .flat_map(|r| &r.rows)
                    .take(ROWS_SHOWN)
                    .map(|row| row.code.as_str()),
            )
        })
    });
    let positions = Memo::new(move |_| {
        keys.with(|k| {
            k.iter()
                .cloned()
                .enumerate()
                .map(|(i, key)| (key, i))
                .collect::<HashMap<_, _>>()
        })
    });
    let more = move || {
        ranked.with(|r| {
            r.as_ref()
                .map_or(0, |r| r.rows.len().saturating_sub(ROWS_SHOWN))
        })
    };
    view! {
        <section class="district-table" data-testid="league">
            <h2>
                {move || term(lang.get(), members.get(), T::LeagueTitle)}
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
                            <th scope="col">{move || members.get().noun(lang.get())}</th>
                            <th scope="col">{move || t(lang.get(), Msg::Area)}</th>
                            <th scope="col" class="num">{move || t(lang.get(), Msg::Customers)}</th>
                            {Metric::RANKED.iter().map(|&m| header(m)).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || keys.get() key=RowKey::clone let:key>
                            <Row key=key ranked=ranked positions=positions compare=compare />
                        </For>
                    </tbody>
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
fn Row(
    key: RowKey,
    ranked: Memo<Option<Ranked>>,
    positions: Memo<HashMap<RowKey, usize>>,
    compare: ReadSignal<Compare>,
) -> impl IntoView {
    let dash = use_dash();
    let (nav, lang) = (dash.nav, dash.lang);
    let code = key.0.clone();
    let row = Memo::new(move |_| {
        let i = positions.with(|p| p.get(&key).copied())?;
        ranked.with(|r| r.as_ref()?.rows.get(i).cloned())
    });
    let selected = move || row.with(|r| r.as_ref().is_some_and(|r| r.selected));
    let toggle = {
        let code = code.clone();
        move || {
            if let Some(s) = dash.summary.get_untracked() {
                nav.update(false, |l| l.pick(&s.info, &code));
            }
        }
    };
    let toggle_key = toggle.clone();
    let cells = Metric::RANKED
        .iter()
        .map(|&m| cell(&code, row, m, lang, compare))
        .collect_view();
    let name = move || {
        row.with(|r| match r {
            Some(r) if r.selected => format!("▶ {}", r.name),
            Some(r) => r.name.clone(),
            None => String::new(),
        })
    };
    let area = move || row.with(|r| r.as_ref().map(|r| r.area.label(lang.get())));
    let customers = move || {
        row.with(|r| r.as_ref().and_then(|r| r.customers))
            .map_or_else(|| display::UNDEFINED.into(), display::thousands)
    };
    view! {
        <tr
            class="clickable"
            class:selected=selected
            tabindex="0"
            aria-selected=move || selected().to_string()
            data-testid=format!("district-row-{code}")
            on:click=move |_| toggle()
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if matches!(ev.key().as_str(), "Enter" | " ") {
                    ev.prevent_default();
                    toggle_key();
                }
            }
        >
            <th scope="row">{name}</th>
            <td>{area}</td>
            <td class="num">{customers}</td>
            {cells}
        </tr>
    }
}

/// The rows of the level shown, and what they are.
#[derive(Clone, PartialEq)]
struct Ranked {
    members: Members,
    rows: Vec<LeagueRow>,
}

/// What a cell shows of its figure, in the link's language and comparison.
#[derive(Clone, PartialEq)]
struct CellText {
    value: String,
    change: String,
    direction: &'static str,
    /// Both changes, for the tooltip.
    both: String,
}

fn cell(
    code: &str,
    row: Memo<Option<LeagueRow>>,
    metric: Metric,
    lang: ReadSignal<kpi_core::i18n::Lang>,
    compare: ReadSignal<Compare>,
) -> impl IntoView {
    let figure = Memo::new(move |_| {
        row.with(|r| {
            r.as_ref()?
                .cells
                .iter()
                .find(|c| c.metric == metric)
                .cloned()
        })
    });
    let status = move || figure.with(|c| Status::code(c.as_ref().and_then(|c| c.status)));
    let text = Memo::new(move |_| {
        let (lang, compare) = (lang.get(), compare.get());
        figure.with(|c| c.as_ref().map(|c| cell_text(c, lang, compare)))
    });
    let part =
        move |f: fn(&CellText) -> String| text.with(|t| t.as_ref().map(f).unwrap_or_default());
    view! {
        <td
            class=move || format!("num status-{}", status())
            data-testid=format!("district-{code}-{}", metric.key())
            data-value=move || figure.with(|c| raw(c.as_ref().and_then(|c| c.value)))
            data-status=status
            title=move || part(|t| t.both.clone())
        >
            <span class="cell-value">{move || part(|t| t.value.clone())}</span>
            <small class=move || part(|t| format!("cell-change {}", t.direction))>
                {move || part(|t| t.change.clone())}
            </small>
        </td>
    }
}

fn cell_text(c: &LeagueCell, lang: kpi_core::i18n::Lang, compare: Compare) -> CellText {
    let value = display::number(c.metric.unit(), c.value);
    let value = match c.status {
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
    CellText {
        value,
        change: format!("{} {change_text}", compare.label(lang)),
        direction,
        both,
    }
}
