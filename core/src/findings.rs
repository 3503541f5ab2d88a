//! Written findings (要点): one to three sentences per panel, computed from the figures, for the
//! slides of a review meeting and the monthly report. Each finding keeps its numbers; its text is
//! written in either language from them.
//!
//! The rules:
//! - **Movers**: among the KPIs of the cards (not the durations, and not backlog or overdue,
//!   whose earlier periods have had longer to close), the one whose value moved most relative to
//!   its comparison, 环比 and 同比 separately. Rates are told in 百分点. Both periods need at
//!   least [`SMALL_BASE`] tickets behind the figure, and a change that shows as zero is none.
//! - **Missed targets**: every KPI with a goal whose status is amber or red (the one status
//!   rule), with the gap; when none is missed, that every goal is met.
//! - **Vital few**: the shortest run of complaint categories that make up 80 % (kpis.md), named.
//! - **Best and worst districts** of a KPI, and how many districts miss its goal.
//! - **Worst districts**: those with the most missed goals (`views::districts::worst_districts`).
//! - **Warnings**: how many early warnings (`warnings.rs`), and the first.
//! - **A figure** in a sentence: value, goal and status, 环比 and 同比.
//! - **Small base**: a caveat when a figure rests on fewer than [`SMALL_BASE`] tickets
//!   ("基于 4 件投诉").
//!
//! Which of them a panel gets is [`for_panel`]; the findings slide gathers them ([`summary`]).

use crate::catalog::{Group, Metric};
use crate::comparison::{Change, Compare};
use crate::dataset::Info;
use crate::display;
use crate::domain::Members;
use crate::i18n::Lang;
use crate::kpi::Kpis;
use crate::panels::Panel;
use crate::report::Report;
use crate::status::{Goal, Status};
use crate::views::districts::worst_districts;
use crate::views::{district_value, period_goal, Which};
use crate::warnings::{warnings, Warning};
use serde::{Deserialize, Serialize};

/// Fewer tickets than this behind a figure earn a caveat, and keep it out of the movers.
pub const SMALL_BASE: u64 = 30;
/// Categories named in a vital-few sentence; more are "等".
const NAMED_CATEGORIES: usize = 4;

/// A KPI's value against its goal: the figures of a missed target.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Miss {
    pub metric: Metric,
    pub value: f64,
    pub goal: Goal,
}

/// One finding, with the numbers behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Finding {
    Mover {
        metric: Metric,
        compare: Compare,
        value: f64,
        before: f64,
        change: Change,
    },
    Missed(Vec<Miss>),
    AllMet {
        goals: usize,
    },
    VitalFew {
        categories: Vec<String>,
        share: f64,
        complaints: u64,
    },
    Extremes {
        metric: Metric,
        worst: (String, f64),
        best: (String, f64),
        /// Districts missing the goal, of those with a figure (when there is a goal).
        missing: Option<(usize, usize)>,
        members: Members,
    },
    WorstDistrict {
        name: String,
        red: usize,
        amber: usize,
        worst: Miss,
    },
    /// No district (or unit) misses a goal.
    NoDistrictMisses(Members),
    Warnings {
        breaches: usize,
        spikes: usize,
        first: Option<Box<Warning>>,
        members: Members,
    },
    Figure {
        metric: Metric,
        value: f64,
        goal: Option<Goal>,
        vs_previous: Option<Change>,
        vs_year_before: Option<Change>,
    },
    SmallBase {
        metric: Metric,
        base: u64,
    },
    NoTickets,
}

/// More missed targets than this are listed by name and gap only, the largest gap first.
const MISSES_IN_FULL: usize = 2;

fn goal_text(goal: &Goal, lang: Lang) -> String {
    goal.bound_text(lang)
}

/// "差 8.8 个百分点" / "超 0.36 件/万户" / "8.8 pp short".
fn gap_text(miss: &Miss, lang: Lang) -> String {
    let gap = display::amount(miss.metric, miss.value - miss.goal.value, lang);
    match (miss.goal.operator(), lang) {
        ("≤", Lang::Zh) => format!("超 {gap}"),
        (_, Lang::Zh) => format!("差 {gap}"),
        ("≤", Lang::En) => format!("{gap} over"),
        (_, Lang::En) => format!("{gap} short"),
    }
}

/// "抢修到达及时率 76.2%（目标 ≥ 85.0%，差 8.8 个百分点）".
fn miss_text(miss: &Miss, lang: Lang) -> String {
    let value = display::value(miss.metric, Some(miss.value), lang);
    let goal = goal_text(&miss.goal, lang);
    let gap = gap_text(miss, lang);
    match lang {
        Lang::Zh => format!("{} {value}（目标 {goal}，{gap}）", miss.metric.label(lang)),
        Lang::En => format!("{} {value} (target {goal}, {gap})", miss.metric.label(lang)),
    }
}

/// "上升 3.2 个百分点" / "rose 3.2 pp"; "持平" / "was level" when it shows as zero.
fn moved(change: Change, metric: Metric, lang: Lang) -> String {
    let size = change.size_text(metric, lang);
    match (change.shows_zero(metric), change.amount() > 0.0, lang) {
        (true, _, _) => lang.pick("持平", "was level").to_string(),
        (false, true, Lang::Zh) => format!("上升 {size}"),
        (false, false, Lang::Zh) => format!("下降 {size}"),
        (false, true, Lang::En) => format!("rose {size}"),
        (false, false, Lang::En) => format!("fell {size}"),
    }
}

/// "1 warning", "3 warnings".
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn list(items: &[String], lang: Lang) -> String {
    items.join(lang.pick("、", ", "))
}

impl Finding {
    /// The finding as a sentence.
    pub fn text(&self, lang: Lang) -> String {
        let v = |m: Metric, x: f64| display::value(m, Some(x), lang);
        match self {
            Finding::Mover {
                metric,
                compare,
                value,
                before,
                change,
            } => {
                let how = moved(*change, *metric, lang);
                let (value, before) = (v(*metric, *value), v(*metric, *before));
                match lang {
                    Lang::Zh => {
                        let then = pick_period(*compare, "上期", "去年同期");
                        format!(
                            "{}{}{how}，为 {value}（{then} {before}）。",
                            metric.label(lang),
                            compare.label(lang)
                        )
                    }
                    Lang::En => {
                        let on =
                            pick_period(*compare, "on the previous period", "on a year earlier");
                        format!(
                            "{} {how} {on}, to {value} (from {before}).",
                            metric.label(lang)
                        )
                    }
                }
            }
            Finding::Missed(misses) => {
                let items: Vec<String> = if misses.len() <= MISSES_IN_FULL {
                    misses.iter().map(|m| miss_text(m, lang)).collect()
                } else {
                    let mut sorted: Vec<&Miss> = misses.iter().collect();
                    crate::order::sort_by(&mut sorted, |a, b| {
                        b.goal
                            .shortfall(b.value)
                            .total_cmp(&a.goal.shortfall(a.value))
                    });
                    sorted
                        .iter()
                        .map(|m| {
                            let gap = gap_text(m, lang);
                            match lang {
                                Lang::Zh => format!("{}（{gap}）", m.metric.label(lang)),
                                Lang::En => format!("{} ({gap})", m.metric.label(lang)),
                            }
                        })
                        .collect()
                };
                match lang {
                    Lang::Zh => format!("未达标 {} 项：{}。", misses.len(), list(&items, lang)),
                    Lang::En => format!(
                        "{} missed: {}.",
                        plural(misses.len(), "target", "targets"),
                        list(&items, lang)
                    ),
                }
            }
            Finding::AllMet { goals } => match lang {
                Lang::Zh => format!("有目标的 {goals} 项指标全部达标。"),
                Lang::En => format!("All {goals} KPIs with a target are on target."),
            },
            Finding::VitalFew {
                categories,
                share,
                complaints,
            } => {
                let k = categories.len();
                let mut named: Vec<String> =
                    categories.iter().take(NAMED_CATEGORIES).cloned().collect();
                let more = k > NAMED_CATEGORIES;
                let share = display::number(crate::catalog::Unit::Percent, Some(*share));
                let total = display::thousands(*complaints);
                match lang {
                    Lang::Zh => {
                        let names = list(&named, lang);
                        let etc = if more { "等" } else { "" };
                        format!("{share}% 的投诉集中在{names}{etc} {k} 类（共 {total} 件投诉）。")
                    }
                    Lang::En => {
                        if more {
                            named.push("…".into());
                        }
                        format!(
                            "{share}% of complaints fall in {}: {} ({total} complaints).",
                            plural(k, "category", "categories"),
                            list(&named, lang)
                        )
                    }
                }
            }
            Finding::Extremes {
                metric,
                worst,
                best,
                missing,
                members,
            } => {
                let label = metric.label(lang);
                let (wn, wv) = (&worst.0, v(*metric, worst.1));
                let (bn, bv) = (&best.0, v(*metric, best.1));
                let tail = match (missing, lang) {
                    (Some((m, n)), Lang::Zh) => {
                        format!("；{n} 个{}中 {m} 个未达标", members.plural(lang))
                    }
                    (Some((m, n)), Lang::En) => {
                        format!("; {m} of {n} {} miss the target", members.plural(lang))
                    }
                    (None, _) => String::new(),
                };
                match lang {
                    Lang::Zh => {
                        format!("{label}最差的是{wn}（{wv}），最好的是{bn}（{bv}）{tail}。")
                    }
                    Lang::En => format!("{label}: worst {wn} ({wv}), best {bn} ({bv}){tail}."),
                }
            }
            Finding::WorstDistrict {
                name,
                red,
                amber,
                worst,
            } => {
                let n = red + amber;
                let item = miss_text(worst, lang);
                match lang {
                    Lang::Zh => {
                        format!("{name}：{n} 项未达标（{red} 项明显未达），最差的是{item}。")
                    }
                    Lang::En => format!(
                        "{name}: {} missed ({red} by far); worst {item}.",
                        plural(n, "target", "targets")
                    ),
                }
            }
            Finding::NoDistrictMisses(members) => match lang {
                Lang::Zh => format!("各{}有目标的指标均已达标。", members.plural(lang)),
                Lang::En => format!(
                    "Every {} is on target for every KPI with a target.",
                    members.singular(lang)
                ),
            },
            Finding::Warnings {
                breaches,
                spikes,
                first,
                members,
            } => {
                let n = breaches + spikes;
                let Some(w) = first else {
                    return match lang {
                        Lang::Zh => format!(
                            "本期无预警：没有{}指标明显未达标或异常波动。",
                            members.plural(lang)
                        ),
                        Lang::En => format!(
                            "No warnings: no {} misses a target by far or spikes.",
                            members.singular(lang)
                        ),
                    };
                };
                let what = format!(
                    "{}{}{} {}",
                    w.name,
                    lang.pick("", " "),
                    w.metric.label(lang),
                    display::value(w.metric, w.value, lang)
                );
                let why = w.reason(lang);
                match lang {
                    Lang::Zh => format!(
                        "预警 {n} 项（明显未达标 {breaches} 项，异常波动 {spikes} 项）；最需关注：{what}（{why}）。"
                    ),
                    Lang::En => format!(
                        "{} ({} missed by far, {}); most urgent: {what} ({why}).",
                        plural(n, "warning", "warnings"),
                        plural(*breaches, "target", "targets"),
                        plural(*spikes, "spike", "spikes"),
                    ),
                }
            }
            Finding::Figure {
                metric,
                value,
                goal,
                vs_previous,
                vs_year_before,
            } => {
                let mut text = format!(
                    "{}{}{}",
                    metric.label(lang),
                    lang.pick(" ", " was "),
                    v(*metric, *value)
                );
                if let Some(g) = goal {
                    let status = g.judge(Some(*value));
                    let goal = goal_text(g, lang);
                    let part = match (status, lang) {
                        (Some(Status::Green), Lang::Zh) => format!("，达到目标（{goal}）"),
                        (Some(Status::Green), Lang::En) => format!(", on target ({goal})"),
                        (_, _) => {
                            let miss = Miss {
                                metric: *metric,
                                value: *value,
                                goal: *g,
                            };
                            match lang {
                                Lang::Zh => {
                                    format!("，未达目标（{goal}），{}", gap_text(&miss, lang))
                                }
                                Lang::En => {
                                    format!(", off target ({goal}), {}", gap_text(&miss, lang))
                                }
                            }
                        }
                    };
                    text.push_str(&part);
                }
                let mut changes = Vec::new();
                for (change, compare) in [
                    (vs_previous, Compare::Previous),
                    (vs_year_before, Compare::YearBefore),
                ] {
                    if let Some(c) = change {
                        let how = moved(*c, *metric, lang);
                        changes.push(match lang {
                            Lang::Zh => format!("{}{how}", compare.label(lang)),
                            Lang::En => format!(
                                "{how} {}",
                                pick_period(compare, "on the previous period", "on a year earlier")
                            ),
                        });
                    }
                }
                if !changes.is_empty() {
                    text.push_str(lang.pick("；", "; "));
                    text.push_str(&changes.join(lang.pick("，", ", ")));
                }
                text.push_str(lang.pick("。", "."));
                text
            }
            Finding::SmallBase { metric, base } => match lang {
                Lang::Zh => format!(
                    "基于 {} {}，数量较少，解读需谨慎。",
                    display::thousands(*base),
                    metric.base_noun(lang)
                ),
                Lang::En => format!(
                    "Based on {} {}: a small base, read with care.",
                    display::thousands(*base),
                    metric.base_noun(lang)
                ),
            },
            Finding::NoTickets => lang
                .pick("本期没有工单。", "No tickets in the period.")
                .into(),
        }
    }
}

/// Picks the word for a comparison's period.
fn pick_period<'a>(compare: Compare, previous: &'a str, year_before: &'a str) -> &'a str {
    match compare {
        Compare::Previous => previous,
        Compare::YearBefore => year_before,
    }
}

impl Warning {
    /// Why it is a warning, with the numbers: "目标 ≥ 85.0%" / "近 12 个月均值 2.00，阈值 4.27".
    pub fn reason(&self, lang: Lang) -> String {
        let mut parts = Vec::new();
        if let (true, Some(g)) = (self.breach, self.goal) {
            parts.push(format!(
                "{} {}",
                lang.pick("目标", "target"),
                goal_text(&g, lang)
            ));
        }
        if let Some(s) = self.spike {
            let n = |x: f64| display::value(self.metric, Some(x), lang);
            parts.push(match lang {
                Lang::Zh => format!(
                    "当月 {}，近 {} 个月均值 {}，3σ 阈值 {}",
                    n(s.value),
                    s.months,
                    n(s.mean),
                    n(s.threshold)
                ),
                Lang::En => format!(
                    "month {}, {}-month mean {}, 3σ threshold {}",
                    n(s.value),
                    s.months,
                    n(s.mean),
                    n(s.threshold)
                ),
            });
        }
        parts.join(lang.pick("；", "; "))
    }
}

/// The KPIs of the cards that movers are chosen from (see the module's rules).
fn mover_candidates() -> impl Iterator<Item = Metric> {
    Metric::ALL.into_iter().filter(|m| {
        m.group() != Group::Durations && !matches!(m, Metric::Backlog | Metric::Overdue)
    })
}

/// The largest mover against one comparison.
fn mover(report: &Report, compare: Compare) -> Option<Finding> {
    let before: &Kpis = match compare {
        Compare::Previous => &report.previous,
        Compare::YearBefore => &report.year_before,
    };
    let now = &report.current;
    mover_candidates()
        .filter_map(|metric| {
            if metric.base(&now.counts) < SMALL_BASE || metric.base(&before.counts) < SMALL_BASE {
                return None;
            }
            let (value, previous) = (metric.value(now)?, metric.value(before)?);
            let change = Change::of(metric, Some(value), Some(previous))?;
            if change.shows_zero(metric) || previous == 0.0 {
                return None;
            }
            let relative = ((value - previous) / previous).abs();
            Some((relative, metric, value, previous, change))
        })
        // The largest; among equals (to rounding) the first in the catalog's order, so that a
        // volume and its rate moving alike are told as the volume.
        .fold(
            None,
            |best: Option<(f64, Metric, f64, f64, Change)>, x| match best {
                Some(b) if x.0 <= b.0 * (1.0 + 1e-9) => Some(b),
                _ => Some(x),
            },
        )
        .map(|(_, metric, value, before, change)| Finding::Mover {
            metric,
            compare,
            value,
            before,
            change,
        })
}

/// Missed goals among `metrics`, or that all with a goal are met.
fn misses(info: &Info, report: &Report, metrics: &[Metric]) -> Option<Finding> {
    let mut goals = 0;
    let mut missed = Vec::new();
    for &metric in metrics {
        let Some(goal) = period_goal(info, report, metric) else {
            continue;
        };
        let Some(value) = metric.value(&report.current) else {
            continue;
        };
        goals += 1;
        if matches!(goal.judge(Some(value)), Some(Status::Red | Status::Amber)) {
            missed.push(Miss {
                metric,
                value,
                goal,
            });
        }
    }
    match (goals, missed.is_empty()) {
        (0, _) => None,
        (_, true) => Some(Finding::AllMet { goals }),
        (_, false) => Some(Finding::Missed(missed)),
    }
}

pub(crate) fn vital_few(info: &Info, report: &Report) -> Option<Finding> {
    let k = &report.current;
    let n = k.vital_few?;
    let categories = k
        .pareto
        .iter()
        .take(n)
        .map(|r| info.categories.get(r.category).to_string())
        .collect();
    Some(Finding::VitalFew {
        categories,
        share: k.pareto.get(n.checked_sub(1)?)?.cum_pct,
        complaints: k.complaints(),
    })
}

/// The best and worst district on `metric` (at least two with a figure).
pub(crate) fn extremes(info: &Info, report: &Report, metric: Metric) -> Option<Finding> {
    let values: Vec<(String, f64)> = report
        .districts
        .iter()
        .filter(|f| f.current.tickets > 0)
        .filter_map(|f| {
            let v = district_value(info, f, metric, Which::Current)?;
            Some((info.district(f.index)?.name.clone(), v))
        })
        .collect();
    if values.len() < 2 {
        return None;
    }
    let worse = |a: f64, b: f64| match metric.better() {
        crate::catalog::Better::Higher => b.total_cmp(&a),
        _ => a.total_cmp(&b),
    };
    // The first of equals in file order: max_by keeps the last, so compare strictly.
    let mut worst = &values[0];
    let mut best = &values[0];
    for x in &values[1..] {
        if worse(x.1, worst.1).is_gt() {
            worst = x;
        }
        if worse(x.1, best.1).is_lt() {
            best = x;
        }
    }
    let goal = period_goal(info, report, metric);
    let missing = goal.map(|g| {
        let m = values
            .iter()
            .filter(|(_, v)| matches!(g.judge(Some(*v)), Some(Status::Red | Status::Amber)))
            .count();
        (m, values.len())
    });
    Some(Finding::Extremes {
        metric,
        worst: worst.clone(),
        best: best.clone(),
        missing,
        members: info.members,
    })
}

/// One finding per district among the `n` worst, or that none misses a goal.
pub(crate) fn worst(info: &Info, report: &Report, n: usize) -> Vec<Finding> {
    let cards = worst_districts(info, report, n);
    if cards.is_empty() {
        return vec![Finding::NoDistrictMisses(info.members)];
    }
    cards
        .iter()
        .filter_map(|c| {
            let (red, amber) = c.misses();
            let (metric, value, goal, _) = *c.worst_item()?;
            Some(Finding::WorstDistrict {
                name: c.name.clone(),
                red,
                amber,
                worst: Miss {
                    metric,
                    value: value?,
                    goal,
                },
            })
        })
        .collect()
}

fn warning_summary(all: &[Warning], members: Members) -> Finding {
    Finding::Warnings {
        members,
        breaches: all.iter().filter(|w| w.breach).count(),
        spikes: all
            .iter()
            .filter(|w| !w.breach && w.spike.is_some())
            .count(),
        first: all.first().cloned().map(Box::new),
    }
}

/// A KPI in a sentence: value, goal, 环比 and 同比.
pub(crate) fn figure(info: &Info, report: &Report, metric: Metric) -> Option<Finding> {
    let value = metric.value(&report.current)?;
    let change =
        |k: &Kpis| Change::of(metric, Some(value), metric.value(k)).filter(|_| k.tickets() > 0);
    Some(Finding::Figure {
        metric,
        value,
        goal: period_goal(info, report, metric),
        vs_previous: change(&report.previous),
        vs_year_before: change(&report.year_before),
    })
}

/// The caveat when `metric` rests on few tickets in the period.
fn small_base(report: &Report, metric: Metric) -> Option<Finding> {
    let base = metric.base(&report.current.counts);
    (base < SMALL_BASE).then_some(Finding::SmallBase { metric, base })
}

/// The KPI a panel is about, for the findings of a panel without rules of its own.
fn subject(panel: Panel) -> Metric {
    match panel {
        Panel::Cards | Panel::KindTrend => Metric::Tickets,
        Panel::DistrictRates | Panel::League | Panel::Heatmap => Metric::ComplaintRate,
        Panel::Pareto | Panel::Channels | Panel::KeyComplaints => Metric::Complaints,
        Panel::Repeat => Metric::RepeatComplaintPct,
        Panel::FirstResponse | Panel::ResponseTrend => Metric::FirstResponsePct,
        Panel::RepairArrival | Panel::Commitments => Metric::RepairArrivalPct,
        Panel::ResolutionTrend => Metric::ResolutionPct,
        Panel::Backlog | Panel::OverdueList => Metric::Overdue,
        Panel::ScoreDistribution => Metric::CsatPct,
        Panel::SurveyCoverage => Metric::SurveyCoveragePct,
        Panel::SatisfactionTrend
        | Panel::SatisfactionDistricts
        | Panel::SatisfactionKinds
        | Panel::ScoreByResolution => Metric::SatisfactionMean,
        Panel::Scorecards | Panel::WorstDistricts | Panel::Warnings | Panel::Findings => {
            Metric::ComplaintRate
        }
    }
}

/// The timeliness KPIs that have service commitments behind them.
pub const COMMITMENTS: [Metric; 3] = [
    Metric::FirstResponsePct,
    Metric::RepairArrivalPct,
    Metric::ResolutionPct,
];

/// One to three findings for a panel (a slide).
pub fn for_panel(panel: Panel, info: &Info, report: &Report) -> Vec<Finding> {
    if report.current.tickets() == 0 {
        return vec![Finding::NoTickets];
    }
    let m = subject(panel);
    let found: Vec<Option<Finding>> = match panel {
        Panel::Cards => vec![
            mover(report, Compare::Previous),
            mover(report, Compare::YearBefore),
            misses(info, report, &Metric::ALL),
        ],
        Panel::Pareto => vec![
            vital_few(info, report),
            figure(info, report, Metric::ComplaintRate),
            small_base(report, Metric::Complaints),
        ],
        Panel::Commitments => vec![
            misses(info, report, &COMMITMENTS),
            extremes(info, report, Metric::RepairArrivalPct),
            small_base(report, Metric::RepairArrivalPct),
        ],
        Panel::SatisfactionTrend => vec![
            figure(info, report, Metric::SatisfactionMean),
            figure(info, report, Metric::CsatPct),
            small_base(report, Metric::SatisfactionMean),
        ],
        Panel::WorstDistricts | Panel::Scorecards => {
            return worst(info, report, crate::panels::WORST_SHOWN);
        }
        Panel::Warnings => vec![Some(warning_summary(&warnings(info, report), info.members))],
        Panel::Findings => return summary(info, report),
        _ => {
            let ranked = Metric::RANKED.contains(&m) && m != Metric::Tickets;
            vec![
                figure(info, report, m),
                ranked.then(|| extremes(info, report, m)).flatten(),
                small_base(report, m),
            ]
        }
    };
    let out: Vec<Finding> = found.into_iter().flatten().take(3).collect();
    if out.is_empty() {
        figure(info, report, Metric::Tickets).into_iter().collect()
    } else {
        out
    }
}

/// The findings slide: the movers, the missed targets, the vital few, the worst district and
/// the warnings.
pub fn summary(info: &Info, report: &Report) -> Vec<Finding> {
    if report.current.tickets() == 0 {
        return vec![Finding::NoTickets];
    }
    let mut out: Vec<Finding> = [
        mover(report, Compare::Previous),
        mover(report, Compare::YearBefore),
        misses(info, report, &Metric::ALL),
        vital_few(info, report),
    ]
    .into_iter()
    .flatten()
    .collect();
    out.extend(worst(info, report, 1));
    out.push(warning_summary(&warnings(info, report), info.members));
    out
}
