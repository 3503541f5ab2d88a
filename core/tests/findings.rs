//! Written findings and early warnings against hand-computed figures (`findings.rs`,
//! `warnings.rs`). Each scenario is a small export whose numbers are worked out in comments.

mod support;

use kpi_core::catalog::Metric;
use kpi_core::findings::{for_panel, summary, Finding};
use kpi_core::i18n::Lang;
use kpi_core::link::LinkState;
use kpi_core::panels::Panel;
use kpi_core::report::{report, Report};
use kpi_core::warnings::warnings;
use support::{export, ticket, District, Export, Ticket};

/// `n` complaints in district `d` in month `month` ("2025-12"), opened on days 1.. at 09:00,
/// answered after 30 minutes (or never) and resolved after 2 hours, with category `category`.
fn complaints(d: &str, month: &str, n: usize, answered: bool, category: &str) -> Vec<Ticket> {
    (0..n)
        .map(|i| {
            let day = i % 28 + 1;
            let at = |h: u32, m: u32| format!("{month}-{day:02}T{h:02}:{m:02}:00+08:00");
            Ticket {
                category: Some(category.into()),
                first_response_at: answered.then(|| at(9, 30)),
                resolved_at: Some(at(11, 0)),
                ..ticket(
                    &format!("{d}-{month}-{category}-{answered}-{i}"),
                    &at(9, 0),
                    d,
                    "complaint",
                )
            }
        })
        .collect()
}

fn with_targets(mut e: Export) -> Export {
    e.targets = Some(serde_json::json!({
        "complaint_rate_per_10k": 10,
        "first_response_pct": 90,
        "resolution_pct": 85
    }));
    e
}

fn districts() -> Vec<District> {
    vec![
        District::new("A", "甲区", "urban", Some(10_000)),
        District::new("B", "乙县", "remote", Some(30_000)),
    ]
}

fn december(e: &Export) -> (kpi_core::dataset::Dataset, Report) {
    let ds = support::clean(e);
    let (scope, _) = LinkState::parse("from=2025-12-01&to=2025-12-31")
        .0
        .resolve(&ds);
    let r = report(&ds, &scope);
    (ds, r)
}

/// December 2025: A has 40 complaints (30 answered in 30 min, 10 never), B has 20 (answered).
/// November: 50 in A, answered. December 2024: 30 in A, answered. All resolved in 2 h.
///
/// - tickets 60 against 50 (环比 +20.0 %) and 30 (同比 +100.0 %); complaints and the complaint
///   rate move the same, and the tie goes to the first in the catalog (工单总量).
/// - complaint rate 60 / 40,000 × 10,000 = 15.00 against 10 × 31 / 365 = 0.8493 (超 14.15);
///   first response 50 / 60 = 83.3 % against 90 % (差 6.7 个百分点, 7.4 % short: red);
///   resolution 100 % (met). 3 goals, 2 missed.
/// - by district: A 40.00, B 6.67 per 10k, both over the goal. A misses 2 goals (rate, first
///   response 30 / 40 = 75.0 %), B one.
fn meeting() -> Export {
    let mut t = complaints("A", "2025-12", 30, true, "电费");
    t.extend(complaints("A", "2025-12", 10, false, "停电"));
    t.extend(complaints("B", "2025-12", 20, true, "电费"));
    t.extend(complaints("A", "2025-11", 50, true, "电费"));
    t.extend(complaints("A", "2024-12", 30, true, "电费"));
    with_targets(export(districts(), t, vec![]))
}

fn texts(found: &[Finding], lang: Lang) -> Vec<String> {
    found.iter().map(|f| f.text(lang)).collect()
}

#[test]
fn the_kpi_wall_tells_movers_and_missed_targets() {
    let (ds, r) = december(&meeting());
    assert_eq!(
        texts(&for_panel(Panel::Cards, &ds, &r), Lang::Zh),
        [
            "工单总量环比上升 20.0%，为 60 件（上期 50 件）。",
            "工单总量同比上升 100.0%，为 60 件（去年同期 30 件）。",
            "未达标 2 项：万户投诉率 15.00 件/万户（目标 ≤ 0.85 件/万户，超 14.15 件/万户）、首次响应及时率 83.3%（目标 ≥ 90.0%，差 6.7 个百分点）。",
        ]
    );
    assert_eq!(
        texts(&for_panel(Panel::Cards, &ds, &r), Lang::En)[2],
        "2 targets missed: Complaints per 10k customers 15.00 per 10k customers (target ≤ 0.85 per 10k customers, 14.15 per 10k customers over), First response on time 83.3% (target ≥ 90.0%, 6.7 pp short)."
    );
}

#[test]
fn districts_best_worst_and_the_worst_ones() {
    let (ds, r) = december(&meeting());
    assert_eq!(
        texts(&for_panel(Panel::DistrictRates, &ds, &r), Lang::Zh),
        [
            "万户投诉率 15.00 件/万户，未达目标（≤ 0.85 件/万户），超 14.15 件/万户；环比上升 2.50 件/万户，同比上升 7.50 件/万户。",
            "万户投诉率最差的是甲区（40.00 件/万户），最好的是乙县（6.67 件/万户）；2 个区县中 2 个未达标。",
        ]
    );
    assert_eq!(
        texts(&for_panel(Panel::WorstDistricts, &ds, &r), Lang::Zh),
        [
            "甲区：2 项未达标（2 项明显未达），最差的是万户投诉率 40.00 件/万户（目标 ≤ 0.85 件/万户，超 39.15 件/万户）。",
            "乙县：1 项未达标（1 项明显未达），最差的是万户投诉率 6.67 件/万户（目标 ≤ 0.85 件/万户，超 5.82 件/万户）。",
        ]
    );
}

#[test]
fn warnings_list_breaches_most_severe_first() {
    let (ds, r) = december(&meeting());
    let w = warnings(&ds, &r);
    let got: Vec<(String, Metric, bool, bool)> = w
        .iter()
        .map(|w| (w.code.clone(), w.metric, w.breach, w.spike.is_some()))
        .collect();
    // Shortfalls: A's rate (40 − 0.849) / 0.849 = 46.1, B's 6.85, A's first response
    // (90 − 75) / 90 = 0.167. A's rate history (30, ten months of 0, 50: mean 6.67, σ 16.1)
    // puts 40 below its threshold of 55.1: no spike.
    assert_eq!(
        got,
        [
            ("A".into(), Metric::ComplaintRate, true, false),
            ("B".into(), Metric::ComplaintRate, true, false),
            ("A".into(), Metric::FirstResponsePct, true, false),
        ]
    );
    assert_eq!(
        texts(&for_panel(Panel::Warnings, &ds, &r), Lang::Zh),
        ["预警 3 项（明显未达标 3 项，异常波动 0 项）；最需关注：甲区万户投诉率 40.00 件/万户（目标 ≤ 0.85 件/万户）。"]
    );
}

#[test]
fn the_pareto_names_the_vital_few_and_warns_of_a_small_base() {
    // December: 12 电费, 8 停电, 3 抄表, 2 服务态度 (25 complaints). 电费 + 停电 = 20 = 80 %.
    let mut t = complaints("A", "2025-12", 12, true, "电费");
    t.extend(complaints("A", "2025-12", 8, true, "停电"));
    t.extend(complaints("B", "2025-12", 3, true, "抄表"));
    t.extend(complaints("B", "2025-12", 2, true, "服务态度"));
    let (ds, r) = december(&with_targets(export(districts(), t, vec![])));
    let found = for_panel(Panel::Pareto, &ds, &r);
    let zh = texts(&found, Lang::Zh);
    assert_eq!(zh[0], "80.0% 的投诉集中在电费、停电 2 类（共 25 件投诉）。");
    assert_eq!(zh[2], "基于 25 件投诉，数量较少，解读需谨慎。");
    assert_eq!(
        texts(&found, Lang::En)[0],
        "80.0% of complaints fall in 2 categories: 电费, 停电 (25 complaints)."
    );
    assert_eq!(
        texts(&found, Lang::En)[2],
        "Based on 25 complaints: a small base, read with care."
    );
}

#[test]
fn a_month_three_sigmas_above_its_year_is_a_spike() {
    // A: 18 and 22 complaints in alternate months from December 2024 to November 2025 (mean
    // 20.00 per 10k, sample σ = √(12 × 4 / 11) = 2.0889, threshold 26.27), then 60 in December.
    let mut t = Vec::new();
    for (i, month) in [
        "2024-12", "2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06", "2025-07",
        "2025-08", "2025-09", "2025-10", "2025-11",
    ]
    .iter()
    .enumerate()
    {
        t.extend(complaints(
            "A",
            month,
            if i % 2 == 0 { 18 } else { 22 },
            true,
            "电费",
        ));
    }
    t.extend(complaints("A", "2025-12", 60, true, "电费"));
    // No complaint-rate goal: the spike is the only reason.
    let mut e = export(districts(), t, vec![]);
    e.targets = Some(serde_json::json!({ "first_response_pct": 90 }));
    let (ds, r) = december(&e);
    let w = warnings(&ds, &r);
    assert_eq!(w.len(), 1);
    let s = w[0].spike.expect("a spike");
    assert!((s.mean - 20.0).abs() < 1e-9);
    assert!((s.sd - (48.0f64 / 11.0).sqrt()).abs() < 1e-9);
    assert_eq!(s.months, 12);
    assert_eq!(
        w[0].reason(Lang::Zh),
        "当月 60.00 件/万户，近 12 个月均值 20.00 件/万户，3σ 阈值 26.27 件/万户"
    );
    assert_eq!(
        texts(&for_panel(Panel::Warnings, &ds, &r), Lang::En),
        ["1 warning (0 targets missed by far, 1 spike); most urgent: 甲区 Complaints per 10k customers 60.00 per 10k customers (month 60.00 per 10k customers, 12-month mean 20.00 per 10k customers, 3σ threshold 26.27 per 10k customers)."]
    );
}

#[test]
fn an_empty_period_says_so_and_the_summary_gathers_the_rest() {
    let (ds, r) = december(&meeting());
    let all = texts(&summary(&ds, &r), Lang::Zh);
    assert_eq!(all.len(), 6, "{all:#?}");
    assert!(
        all[3].starts_with("83.3% 的投诉集中在电费 1 类"),
        "{}",
        all[3]
    );
    assert!(all[4].starts_with("甲区：2 项未达标"));
    assert!(all[5].starts_with("预警 3 项"));
    let ds = support::clean(&meeting());
    let (scope, _) = LinkState::parse("from=2025-06-01&to=2025-06-30")
        .0
        .resolve(&ds);
    let r = report(&ds, &scope);
    assert_eq!(
        texts(&for_panel(Panel::Pareto, &ds, &r), Lang::Zh),
        ["本期没有工单。"]
    );
}
