//! The panels of a review meeting: the service commitments as bullets, the worst districts,
//! the early warnings and the written findings. The last two are text: their "chart" is a
//! table, which the page and the slides lay out.

use crate::bars::status_text;
use crate::panel::{count, Chart, Table};
use crate::style::{status_fill, Style};
use crate::svg::{text_width, Svg};
use crate::text::{t, T};
use kpi_core::comparison::Compare;
use kpi_core::display;
use kpi_core::findings::Finding;
use kpi_core::i18n::Lang;
use kpi_core::views::districts::Scorecard;
use kpi_core::views::overview::Card;
use kpi_core::warnings::Warning;

/// "环比 +1.8 个百分点 · 同比 +0.5 个百分点": a card's changes on one line.
fn changes(card: &Card, lang: Lang) -> String {
    [
        (Compare::Previous, card.vs_previous),
        (Compare::YearBefore, card.vs_year_before),
    ]
    .iter()
    .map(|(c, change)| {
        let text = change.map_or(display::UNDEFINED.to_string(), |ch| {
            ch.marked(card.metric, lang)
        });
        format!("{} {text}", c.label(lang))
    })
    .collect::<Vec<_>>()
    .join(" · ")
}

/// One bullet per commitment rate: the bar in its status colour on a 0–100 % track, the target
/// as a tick, the value with its status shape, and the 环比 / 同比 changes under the name. Bars
/// carry `data-kpi` and `data-status`.
pub fn commitments(cards: &[Card], style: &Style) -> Chart {
    let lang = style.lang;
    let title = t(lang, T::CommitmentsTitle).to_string();
    let table = Table {
        headers: vec![
            t(lang, T::Kpi).into(),
            t(lang, T::ThisPeriod).into(),
            t(lang, T::Goal).into(),
            t(lang, T::Status).into(),
            Compare::Previous.label(lang).into(),
            Compare::YearBefore.label(lang).into(),
        ],
        rows: cards
            .iter()
            .map(|c| {
                let change = |ch: Option<kpi_core::comparison::Change>| {
                    ch.map_or(display::UNDEFINED.into(), |ch| ch.text(c.metric, lang))
                };
                vec![
                    c.metric.label(lang),
                    display::value(c.metric, c.value, lang),
                    c.goal.map_or(display::UNDEFINED.into(), |g| g.text(lang)),
                    status_text(c.status, style),
                    change(c.vs_previous),
                    change(c.vs_year_before),
                ]
            })
            .collect(),
    };
    if cards.iter().all(|c| c.value.is_none()) {
        return Chart::empty(title, table);
    }
    let p = style.palette();
    let f = style.font;
    let margin = f;
    let title_h = style.title_room(2.0);
    let small = style.small(0.85);
    let widest = |size: f32, texts: &mut dyn Iterator<Item = String>| {
        texts.map(|t| text_width(size, &t)).fold(0.0, f32::max)
    };
    let label_w = widest(f * 1.05, &mut cards.iter().map(|c| c.metric.label(lang)));
    let changes_w = widest(small, &mut cards.iter().map(|c| changes(c, lang)));
    let goal_text = |c: &Card| {
        c.goal.map(|g| {
            format!(
                "{} {} {}",
                t(lang, T::Goal),
                g.operator(),
                display::value(c.metric, Some(g.value), lang)
            )
        })
    };
    let widest_goal = format!("{} ≥ 100.0%", t(lang, T::Goal));
    let value_w = text_width(f * 1.3, "▲ 100.0%").max(text_width(small, &widest_goal));
    // Name and changes beside the bar when they fit in 42 % of the width; on a narrow panel
    // (or in a wordier language) stacked: the name over the bar, the changes under it.
    let stacked = label_w.max(changes_w) > style.width * 0.42;
    let row_min = if stacked { f * 5.6 } else { f * 4.4 };
    // On a slide the rows share the body's height (up to a loose spacing); on a panel they are
    // compact.
    let rows = cards.len().max(1) as f32;
    let row_h = if style.headed {
        row_min
    } else {
        ((style.height - 2.0 * margin) / rows).clamp(row_min, f * 7.0)
    };
    let height = margin + title_h + row_h * cards.len() as f32 + margin;
    let track_x = if stacked {
        margin
    } else {
        margin + label_w.max(changes_w) + f
    };
    let track_w = (style.width - track_x - value_w - 2.0 * f).max(f * 4.0);
    let scale = |v: f64| (v / 100.0).clamp(0.0, 1.0) as f32 * track_w;
    let mut s = Svg::new(style.width, height, p.background);
    style.write_title(&mut s, margin, &title);
    for (i, c) in cards.iter().enumerate() {
        let y = margin + title_h + row_h * i as f32;
        let label = c.metric.label(lang);
        let vx = track_x + track_w + f;
        let (bar_y, bar_h, value_y) = if stacked {
            (y + f * 1.8, f * 1.8, y + f * 3.15)
        } else {
            (y + f * 0.6, f * 2.2, y + f * 1.5)
        };
        if stacked {
            s.text_weighted(margin, y + f * 1.2, f * 1.05, p.text, "start", &label, true);
            s.text(
                margin,
                y + f * 4.9,
                small,
                p.muted,
                "start",
                &changes(c, lang),
            );
            if let Some(goal) = goal_text(c) {
                s.text(
                    style.width - margin,
                    y + f * 1.2,
                    small,
                    p.muted,
                    "end",
                    &goal,
                );
            }
        } else {
            s.text_weighted(margin, y + f * 1.4, f * 1.05, p.text, "start", &label, true);
            s.text(
                margin,
                y + f * 2.9,
                small,
                p.muted,
                "start",
                &changes(c, lang),
            );
            if let Some(goal) = goal_text(c) {
                s.text(vx, y + f * 3.1, small, p.muted, "start", &goal);
            }
        }
        s.rect(track_x, bar_y, track_w, bar_h, p.grid, &[]);
        if let Some(v) = c.value {
            let fill = c
                .status
                .map_or(p.series[0], |st| status_fill(style.theme, st));
            let key = c.metric.key();
            s.rect(
                track_x,
                bar_y + bar_h * 0.15,
                scale(v).max(1.0),
                bar_h * 0.7,
                fill,
                &[
                    ("kpi", key.as_str()),
                    ("status", kpi_core::status::Status::code(c.status)),
                ],
            );
        }
        if let Some(g) = c.goal {
            let gx = track_x + scale(g.value);
            s.line(
                gx,
                bar_y - f * 0.2,
                gx,
                bar_y + bar_h + f * 0.2,
                p.target,
                None,
            );
        }
        let value = match c.status {
            Some(st) => format!("{} {}", st.mark(), display::value(c.metric, c.value, lang)),
            None => display::value(c.metric, c.value, lang),
        };
        s.text_weighted(vx, value_y, f * 1.3, p.text, "start", &value, true);
    }
    Chart::drawn(title, s.finish(), table)
}

/// The scorecards of the worst districts.
pub fn worst_districts(vm: &[Scorecard], style: &Style) -> Chart {
    let title = style.term(T::WorstDistrictsTitle).to_string();
    crate::districts::scorecards_titled(vm, style, title).with_note(style.term(T::NoDistrictMisses))
}

/// The early warnings as a table: district, KPI, the period's value, why, and the tickets
/// behind it.
pub fn warnings(vm: &[Warning], style: &Style) -> Chart {
    let lang = style.lang;
    let title = t(lang, T::WarningsTitle).to_string();
    let table = Table {
        headers: vec![
            style.term(T::District).into(),
            t(lang, T::Kpi).into(),
            t(lang, T::ThisPeriod).into(),
            t(lang, T::Basis).into(),
            t(lang, T::Tickets).into(),
        ],
        rows: vm
            .iter()
            .map(|w| {
                vec![
                    w.name.clone(),
                    w.metric.label(lang),
                    display::value(w.metric, w.value, lang),
                    w.reason(lang),
                    count(w.base),
                ]
            })
            .collect(),
    };
    Chart::table_only(title, table).with_note(t(lang, T::NoWarnings))
}

/// The written findings, one per row.
pub fn findings(vm: &[Finding], lang: Lang) -> Chart {
    let title = t(lang, T::FindingsTitle).to_string();
    let table = Table {
        headers: vec![t(lang, T::Finding).into()],
        rows: vm.iter().map(|f| vec![f.text(lang)]).collect(),
    };
    Chart::table_only(title, table)
}
