//! The districts view: the league table's figures as a table, the district × month heatmap and
//! the scorecards, both drawn by hand (charts-rs colours heatmap cells on a continuous scale and
//! repeats a bullet chart's axis under every bar; these need a colour per status, a legend, and
//! the values written with the core's rounding).

use crate::bars::status_text;
use crate::panel::{cell, Chart, Table};
use crate::style::{status_fill, status_ink, Style, LEVELS};
use crate::svg::{text_width, Svg};
use crate::text::with_unit;
use crate::text::{t, T};
use kpi_core::catalog::{Metric, Unit};
use kpi_core::display::{self, UNDEFINED};
use kpi_core::i18n::Lang;
use kpi_core::views::districts::{HeatRow, Heatmap, LeagueRow, Scale, Scorecard, Shade};

/// The league table as text: every district, each KPI with its status shape, and the 环比 /
/// 同比 changes.
pub fn league(rows: &[LeagueRow], style: &Style) -> Chart {
    let lang = style.lang;
    let title = style.term(T::LeagueTitle).to_string();
    let mut headers = vec![
        style.term(T::District).to_string(),
        t(lang, T::Area).into(),
        t(lang, T::Customers).into(),
    ];
    headers.extend(Metric::RANKED.iter().map(|&m| with_unit(m, lang)));
    let rows = rows
        .iter()
        .map(|r| {
            let mut row = vec![
                r.name.clone(),
                r.area.label(lang).into(),
                r.customers.map_or(UNDEFINED.into(), display::thousands),
            ];
            row.extend(r.cells.iter().map(|c| {
                let value = cell(c.metric.unit(), c.value);
                match c.status {
                    Some(s) => format!("{} {value}", s.mark()),
                    None => value,
                }
            }));
            row
        })
        .collect();
    Chart::table_only(title, Table { headers, rows })
}

/// The fill and text colour of a heatmap cell.
fn shade_colors(shade: Shade, style: &Style) -> (String, &'static str) {
    match shade {
        Shade::Status(s) => (status_fill(style.theme, s).into(), status_ink(s)),
        Shade::Level(l) => {
            let (fill, ink) = LEVELS[usize::from(l.min(4))];
            (fill.into(), ink)
        }
        Shade::Empty => (style.palette().grid.into(), style.palette().muted),
    }
}

/// A cell's text: the value by the display rules, with the status shape where it has one.
fn heat_text(value: Option<f64>, shade: Shade, unit: Unit) -> String {
    match (value, shade) {
        (None, _) => UNDEFINED.into(),
        (Some(_), Shade::Status(s)) => format!("{}{}", s.mark(), cell(unit, value)),
        (Some(_), _) => cell(unit, value),
    }
}

/// "11月" / "Nov", and the year under the first month and every January.
fn month_header(month: kpi_core::calendar::Month, lang: Lang) -> String {
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    match lang {
        Lang::Zh => format!("{}{}", month.month(), t(lang, T::MonthSuffix)),
        Lang::En => EN[(month.month() as usize).saturating_sub(1).min(11)].into(),
    }
}

/// District × month of one KPI. Every cell carries `data-district` (the district code, for
/// click-to-filter), `data-month` and its shade (`data-status` or `data-level`).
pub fn heatmap(vm: &Heatmap, style: &Style) -> Chart {
    let lang = style.lang;
    let unit = vm.metric.unit();
    let title = format!(
        "{}{}",
        style.term(T::HeatmapTitlePrefix),
        with_unit(vm.metric, lang)
    );
    let mut headers = vec![style.term(T::District).to_string()];
    headers.extend(vm.months.iter().map(|m| m.to_string()));
    let table = Table {
        headers,
        rows: vm
            .rows
            .iter()
            .map(|r| {
                let mut row = vec![r.name.clone()];
                row.extend(r.cells.iter().map(|&(v, s)| heat_text(v, s, unit)));
                row
            })
            .collect(),
    };
    if vm.is_empty() || vm.months.is_empty() {
        return Chart::empty(title, table);
    }
    let p = style.palette();
    let f = style.font;
    let margin = f;
    let title_h = style.title_room(1.6);
    let subtitle = match &vm.scale {
        Scale::Goal {
            annual: true,
            target,
        } => format!(
            "{}{}",
            t(lang, T::HeatGoalProrated),
            display::plain(unit, *target)
        ),
        Scale::Goal { .. } => t(lang, T::HeatGoal).into(),
        Scale::Levels { .. } => t(lang, T::HeatLevels).into(),
    };
    let header_h = f * 3.4;
    let row_h = (f * 2.0).round();
    let name = |r: &HeatRow| {
        if r.selected {
            format!("▶ {}", r.name)
        } else {
            r.name.clone()
        }
    };
    let widest_name = vm
        .rows
        .iter()
        .map(|r| text_width(f, &name(r)))
        .fold(0.0, f32::max);
    let left = (widest_name + f).min(style.width * 0.3);
    let grid_w = style.width - left - margin * 2.0;
    let col_w = grid_w / vm.months.len() as f32;
    // Cell text size: fits the widest value in a column, down to 70 % of the font.
    let widest_value = vm
        .rows
        .iter()
        .flat_map(|r| r.cells.iter().map(|&(v, s)| heat_text(v, s, unit)))
        .map(|text| text_width(f, &text))
        .fold(0.0, f32::max);
    let cell_font = if widest_value > col_w - 4.0 {
        (f * (col_w - 4.0) / widest_value).floor()
    } else {
        f
    };
    let show_values = cell_font >= f * 0.7;
    let legend = vm.scale.legend(vm.metric, lang);
    let legend_h = f * 2.6;
    let top = margin + title_h + f * 1.6 + header_h;
    let height = top + row_h * vm.rows.len() as f32 + legend_h + margin;

    let mut s = Svg::new(style.width, height, p.background);
    style.write_title(&mut s, margin, &title);
    s.text(
        margin,
        margin + title_h + f * 0.8,
        f,
        p.muted,
        "start",
        &subtitle,
    );
    let x0 = margin + left;
    let mut last_year = None;
    for (i, m) in vm.months.iter().enumerate() {
        let cx = x0 + col_w * (i as f32 + 0.5);
        let mut header = month_header(*m, lang);
        if text_width(f, &header) > col_w - 2.0 {
            // A narrow column: the month's number alone.
            header = m.month().to_string();
        }
        s.text(cx, top - f * 1.9, f, p.muted, "middle", &header);
        if last_year != Some(m.year()) {
            let year = m.year().to_string();
            // The year under its first month, shortened where the column is narrow.
            let year = if text_width(style.small(0.85), &year) > col_w * 1.6 {
                format!("'{}", m.year() % 100)
            } else {
                year
            };
            s.text(
                cx,
                top - f * 0.45,
                style.small(0.85),
                p.muted,
                "middle",
                &year,
            );
            last_year = Some(m.year());
        }
    }
    for (r, row) in vm.rows.iter().enumerate() {
        let y = top + row_h * r as f32;
        let label = name(row);
        let label = if text_width(f, &label) > left - f * 0.5 {
            let mut cut: String = label.chars().take(6).collect();
            cut.push('…');
            cut
        } else {
            label
        };
        s.text_weighted(
            x0 - f * 0.5,
            y + row_h * 0.65,
            f,
            p.text,
            "end",
            &label,
            row.selected,
        );
        for (i, &(value, shade)) in row.cells.iter().enumerate() {
            let x = x0 + col_w * i as f32;
            let (fill, ink) = shade_colors(shade, style);
            let month = vm.months.get(i).map(|m| m.to_string()).unwrap_or_default();
            let mark = match shade {
                Shade::Status(st) => (
                    "status",
                    kpi_core::status::Status::code(Some(st)).to_string(),
                ),
                Shade::Level(l) => ("level", l.to_string()),
                Shade::Empty => ("level", "none".to_string()),
            };
            s.rect(
                x + 1.0,
                y + 1.0,
                col_w - 2.0,
                row_h - 2.0,
                &fill,
                &[
                    ("district", &row.code),
                    ("month", &month),
                    (mark.0, &mark.1),
                ],
            );
            if show_values {
                s.text(
                    x + col_w / 2.0,
                    y + row_h * 0.5 + cell_font * 0.35,
                    cell_font,
                    ink,
                    "middle",
                    &heat_text(value, shade, unit),
                );
            }
        }
    }
    // The legend: each shade with what it stands for.
    let mut lx = margin;
    let ly = top + row_h * vm.rows.len() as f32 + f;
    for (shade, text) in &legend {
        let (fill, _) = shade_colors(*shade, style);
        s.rect(lx, ly, f, f, &fill, &[]);
        s.text(lx + f * 1.3, ly + f * 0.85, f, p.text, "start", text);
        lx += f * 2.6 + text_width(f, text);
    }
    Chart::drawn(title, s.finish(), table)
}

/// The scale of a scorecard track: 0–100 for shares, 0–5 for scores, else up to twice the goal
/// or a little past the value.
fn track_max(metric: Metric, value: Option<f64>, goal: f64) -> f64 {
    match metric.unit() {
        Unit::Percent => 100.0_f64.max(value.unwrap_or(0.0)),
        Unit::Score => 5.0,
        _ => (goal * 2.0)
            .max(value.unwrap_or(0.0) * 1.15)
            .max(f64::MIN_POSITIVE),
    }
}

/// A card per district: each rate with a goal as a bar on its own track, the goal as a tick,
/// the bar in its status colour and the value with its shape. Items carry `data-district`,
/// `data-kpi` and `data-status`.
pub fn scorecards(vm: &[Scorecard], style: &Style) -> Chart {
    scorecards_titled(vm, style, style.term(T::ScorecardsTitle).to_string())
}

/// Scorecards under another title (the worst districts).
pub fn scorecards_titled(vm: &[Scorecard], style: &Style, title: String) -> Chart {
    let lang = style.lang;
    let mut headers = vec![style.term(T::District).to_string()];
    let metrics: Vec<Metric> = vm
        .first()
        .map(|c| c.items.iter().map(|i| i.0).collect())
        .unwrap_or_default();
    headers.extend(metrics.iter().map(|&m| with_unit(m, lang)));
    let table = Table {
        headers,
        rows: vm
            .iter()
            .map(|c| {
                let mut row = vec![c.name.clone()];
                row.extend(c.items.iter().map(|&(m, v, g, st)| {
                    format!(
                        "{} / {} {}",
                        cell(m.unit(), v),
                        g.value_text(),
                        status_text(st, style)
                    )
                }));
                row
            })
            .collect(),
    };
    let has_value = vm.iter().any(|c| c.items.iter().any(|i| i.1.is_some()));
    if metrics.is_empty() || !has_value {
        return Chart::empty(title, table);
    }
    let p = style.palette();
    let f = style.font;
    let margin = f;
    // A few cards (the worst districts) share the width in one row when each keeps room for
    // its labels; more wrap at a card's natural width.
    let few = vm.len().clamp(1, 3) as f32;
    let shared = (style.width - margin * (few + 1.0)) / few;
    let card_w = if vm.len() <= 3 && shared >= f * 18.0 {
        shared.min(f * 26.0)
    } else {
        f * 26.0
    }
    .min(style.width - 2.0 * margin);
    let columns = (((style.width - margin) / (card_w + margin)).floor() as usize).max(1);
    let item_h = f * 2.2;
    let card_h = f * 2.4 + item_h * metrics.len() as f32 + f * 0.6;
    let rows = vm.len().div_ceil(columns);
    let title_h = style.title_room(1.8);
    let height = margin + title_h + (card_h + margin) * rows as f32;
    let label_w = metrics
        .iter()
        .map(|m| text_width(style.small(0.9), &m.label(lang)))
        .fold(0.0, f32::max)
        .min(card_w * 0.45);
    let value_w = f * 5.5;
    let mut s = Svg::new(style.width, height, p.background);
    style.write_title(&mut s, margin, &title);
    for (i, card) in vm.iter().enumerate() {
        let x = margin + (card_w + margin) * (i % columns) as f32;
        let y = margin + title_h + (card_h + margin) * (i / columns) as f32;
        s.rect(x, y, card_w, card_h, p.grid, &[]);
        s.rect(
            x + 1.0,
            y + 1.0,
            card_w - 2.0,
            card_h - 2.0,
            p.background,
            &[],
        );
        let name = if card.selected {
            format!("▶ {}", card.name)
        } else {
            card.name.clone()
        };
        s.text_weighted(x + f * 0.6, y + f * 1.6, f, p.text, "start", &name, true);
        for (j, &(metric, value, goal, status)) in card.items.iter().enumerate() {
            let iy = y + f * 2.4 + item_h * j as f32;
            let label = metric.label(lang);
            s.text(
                x + f * 0.6,
                iy + item_h * 0.6,
                style.small(0.9),
                p.muted,
                "start",
                &label,
            );
            let tx = x + f * 0.6 + label_w + f * 0.5;
            let tw = (card_w - (tx - x) - value_w).max(f);
            let max = track_max(metric, value, goal.value);
            let scale = |v: f64| (v / max).clamp(0.0, 1.0) as f32 * tw;
            s.rect(tx, iy + item_h * 0.25, tw, item_h * 0.5, p.grid, &[]);
            if let Some(v) = value {
                let fill = status.map_or(p.series[0], |st| status_fill(style.theme, st));
                s.rect(
                    tx,
                    iy + item_h * 0.3,
                    scale(v).max(1.0),
                    item_h * 0.4,
                    fill,
                    &[
                        ("district", &card.code),
                        ("kpi", &metric.key()),
                        ("status", kpi_core::status::Status::code(status)),
                    ],
                );
            }
            let gx = tx + scale(goal.value);
            s.line(
                gx,
                iy + item_h * 0.15,
                gx,
                iy + item_h * 0.85,
                p.target,
                None,
            );
            let text = match status {
                Some(st) => format!("{} {}", st.mark(), cell(metric.unit(), value)),
                None => cell(metric.unit(), value),
            };
            s.text(
                x + card_w - f * 0.5,
                iy + item_h * 0.62,
                style.small(0.9),
                p.text,
                "end",
                &text,
            );
        }
    }
    Chart::drawn(title, s.finish(), table)
}
