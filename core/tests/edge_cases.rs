//! Table-driven KPI edge cases: empty view, one ticket, ties, all pending, missing customers.

use kpi_core::catalog::{Duration, Metric, Stat};
use kpi_core::filter::{select, Filter};
use kpi_core::kpi::{compute, Kpis};
use kpi_core::load::load;
use serde_json::{json, Value};

const NOW: &str = "2026-01-10T12:00:00+08:00";

fn export(districts: Value, tickets: Value, surveys: Value) -> Vec<u8> {
    json!({
        "format": "service-kpi-export", "version": 1, "exported_at": NOW,
        "districts": districts, "tickets": tickets, "surveys": surveys,
    })
    .to_string()
    .into_bytes()
}

fn two_districts() -> Value {
    json!([
        {"code": "A", "name": "甲区", "area": "urban", "customers": 10000},
        {"code": "B", "name": "乙县", "area": "remote", "customers": 30000}
    ])
}

fn kpis_of(bytes: Vec<u8>) -> Kpis {
    let loaded = load(bytes).expect("loads");
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let ds = &loaded.dataset;
    let filter = Filter::default();
    compute(ds, &select(ds, None, &filter), filter.customers(ds))
}

fn t(id: &str, opened: &str, kind: &str, extra: Value) -> Value {
    let mut v = json!({"id": id, "opened_at": opened, "district": "A", "kind": kind});
    if let (Some(obj), Some(more)) = (v.as_object_mut(), extra.as_object()) {
        obj.extend(more.clone());
    }
    v
}

#[test]
fn empty_view_has_counts_but_no_statistics() {
    let k = kpis_of(export(two_districts(), json!([]), json!([])));
    assert_eq!(k.tickets, 0);
    assert_eq!(
        k.complaint_rate_per_10k,
        Some(0.0),
        "a rate over known customers is 0, not undefined"
    );
    for m in Metric::cards() {
        let v = m.value(&k);
        match m {
            Metric::Tickets | Metric::Complaints | Metric::Backlog | Metric::Overdue => {
                assert_eq!(v, Some(0.0), "{}", m.key())
            }
            Metric::ComplaintRate => {}
            _ => assert_eq!(v, None, "{} must be undefined", m.key()),
        }
    }
    assert!(k.pareto.is_empty());
    assert_eq!(k.vital_few, None);
}

#[test]
fn one_ticket() {
    let k = kpis_of(export(
        two_districts(),
        json!([t(
            "1",
            "2026-01-05T08:00:00+08:00",
            "complaint",
            json!({
                "category": "电费电价", "customer_id": "c1",
                "first_response_at": "2026-01-05T08:30:30+08:00",
                "resolved_at": "2026-01-06T08:00:00+08:00", "satisfaction": 4
            })
        )]),
        json!([]),
    ));
    let median = Metric::Duration(Duration::FirstResponse, Stat::Median);
    let p90 = Metric::Duration(Duration::FirstResponse, Stat::P90);
    assert_eq!(median.value(&k), Some(30.5));
    assert_eq!(p90.value(&k), Some(30.5));
    assert_eq!(k.resolution_hours.mean, Some(24.0));
    assert_eq!(k.first_response_pct(), Some(100.0));
    assert_eq!(k.resolution_pct(), Some(100.0));
    assert_eq!(k.repeat_complaint_pct(), Some(0.0));
    assert_eq!(k.satisfaction_mean(), Some(4.0));
    assert_eq!(k.csat_pct(), Some(100.0));
    assert_eq!(k.survey_coverage_pct(), Some(100.0));
    assert_eq!(k.complaint_rate_per_10k, Some(0.25));
    assert_eq!(k.vital_few, Some(1));
    assert_eq!(k.pareto[0].cum_pct, 100.0);
}

#[test]
fn pareto_ties_sort_by_code_point_and_vital_few_hits_exactly_80() {
    // Counts: 乙 2, 甲 2, A 1 → ties by code point: "甲" (U+7532) < "乙" (U+4E59)? No: 乙 < 甲.
    let cats = ["甲", "乙", "甲", "乙", "A"];
    let tickets: Vec<Value> = cats
        .iter()
        .enumerate()
        .map(|(i, c)| {
            t(
                &i.to_string(),
                "2026-01-05T08:00:00+08:00",
                "complaint",
                json!({"category": c}),
            )
        })
        .collect();
    let bytes = export(two_districts(), Value::Array(tickets), json!([]));
    let loaded = load(bytes).unwrap();
    let ds = &loaded.dataset;
    let k = compute(ds, &select(ds, None, &Filter::default()), None);
    let order: Vec<&str> = k
        .pareto
        .iter()
        .map(|r| ds.categories.get(r.category))
        .collect();
    assert_eq!(order, ["乙", "甲", "A"]);
    assert_eq!(k.pareto[1].cum_pct, 80.0);
    assert_eq!(k.vital_few, Some(2), "4 of 5 is exactly 80%");
    assert_eq!(
        k.complaint_rate_per_10k, None,
        "no customers given to compute"
    );
}

#[test]
fn all_pending_leaves_rates_undefined() {
    // Opened 10 minutes before `now`, nothing happened yet: every milestone is pending.
    let k = kpis_of(export(
        two_districts(),
        json!([
            t("1", "2026-01-10T11:50:00+08:00", "inquiry", json!({})),
            t("2", "2026-01-10T11:50:00+08:00", "repair", json!({})),
            t("3", "2026-01-10T11:55:00+08:00", "complaint", json!({}))
        ]),
        json!([]),
    ));
    assert_eq!(k.first_response.pending, 2);
    assert_eq!(k.first_response_pct(), None);
    assert_eq!(k.repair_arrival.pending, 1);
    assert_eq!(k.repair_arrival_pct(), None);
    assert_eq!(k.resolution_pct(), None);
    assert_eq!((k.backlog, k.overdue), (3, 0));
    assert_eq!(k.survey_coverage_pct(), None);
}

#[test]
fn overdue_and_breach_without_milestone() {
    // A repair opened 5 h before now without arrival or resolution: both breached (45 min, 4 h).
    let k = kpis_of(export(
        two_districts(),
        json!([t("1", "2026-01-10T07:00:00+08:00", "repair", json!({}))]),
        json!([]),
    ));
    assert_eq!(k.repair_arrival.breached, 1);
    assert_eq!(k.repair_arrival_pct(), Some(0.0));
    assert_eq!(k.overdue, 1);
    assert_eq!(k.repair_arrival_min.n, 0);
}

#[test]
fn missing_customers_make_the_rate_undefined() {
    let districts = json!([
        {"code": "A", "name": "甲区", "area": "urban", "customers": 10000},
        {"code": "B", "name": "乙县", "area": "rural"}
    ]);
    let bytes = export(
        districts,
        json!([t("1", "2026-01-05T08:00:00+08:00", "complaint", json!({}))]),
        json!([]),
    );
    let loaded = load(bytes).unwrap();
    let ds = &loaded.dataset;
    let all = Filter::default();
    let only_a = Filter {
        districts: vec![0],
        ..Filter::default()
    };
    assert_eq!(all.customers(ds), None);
    assert_eq!(only_a.customers(ds), Some(10000));
    let k = compute(ds, &select(ds, None, &only_a), only_a.customers(ds));
    assert_eq!(k.complaint_rate_per_10k, Some(1.0));
    let zero = json!([{"code": "A", "name": "甲", "area": "urban", "customers": 0}]);
    let k = kpis_of(export(zero, json!([]), json!([])));
    assert_eq!(k.complaint_rate_per_10k, None, "C = 0");
}

#[test]
fn surveys_override_and_latest_wins_ties_go_to_the_later_record() {
    let tickets = json!([
        t(
            "1",
            "2026-01-01T08:00:00+08:00",
            "inquiry",
            json!({"resolved_at": "2026-01-01T09:00:00+08:00", "satisfaction": 1})
        ),
        t(
            "2",
            "2026-01-01T08:00:00+08:00",
            "inquiry",
            json!({"resolved_at": "2026-01-01T09:00:00+08:00"})
        )
    ]);
    let surveys = json!([
        {"ticket_id": "1", "surveyed_at": "2026-01-03T10:00:00+08:00", "score": 5},
        {"ticket_id": "1", "surveyed_at": "2026-01-02T10:00:00+08:00", "score": 2},
        {"ticket_id": "2", "surveyed_at": "2026-01-02T10:00:00+08:00", "score": 2},
        {"ticket_id": "2", "surveyed_at": "2026-01-02T10:00:00+08:00", "score": 4}
    ]);
    let k = kpis_of(export(two_districts(), tickets, surveys));
    assert_eq!(k.scored, 2);
    assert_eq!(k.satisfaction_mean(), Some(4.5));
    assert_eq!(k.csat_pct(), Some(100.0));
}

#[test]
fn repeat_complaints_look_back_thirty_days_over_the_whole_file() {
    let c = |id: &str, opened: &str, customer: &str, district: &str| json!({"id": id, "opened_at": opened, "district": district, "kind": "complaint", "customer_id": customer});
    let tickets = json!([
        c("1", "2025-12-01T08:00:00+08:00", "x", "A"),
        c("2", "2025-12-31T08:00:00+08:00", "x", "B"), // exactly 30 days later: repeat
        c("3", "2026-01-30T08:00:01+08:00", "x", "A"), // 30 days and 1 s after #2: not
        c("4", "2025-12-01T08:00:00+08:00", "y", "A"),
        c("5", "2025-12-01T08:00:00+08:00", "y", "A"), // same instant: not a repeat
        {"id": "6", "opened_at": "2025-12-02T08:00:00+08:00", "district": "A", "kind": "repair", "customer_id": "z"},
        c("7", "2025-12-03T08:00:00+08:00", "z", "A"), // earlier ticket was not a complaint
        {"id": "8", "opened_at": "2025-12-03T08:00:00+08:00", "district": "A", "kind": "complaint"}
    ]);
    let loaded = load(export(two_districts(), tickets, json!([]))).unwrap();
    let ds = &loaded.dataset;
    // Filters are ignored for the look-back: district B alone still sees #1 in district A.
    let only_b = Filter {
        districts: vec![1],
        ..Filter::default()
    };
    let k = compute(ds, &select(ds, None, &only_b), None);
    assert_eq!((k.repeat_complaints, k.complaints_with_customer), (1, 1));
    let k = compute(ds, &select(ds, None, &Filter::default()), None);
    assert_eq!((k.repeat_complaints, k.complaints_with_customer), (1, 6));
}
