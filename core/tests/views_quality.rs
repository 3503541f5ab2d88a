//! The data-quality view-models on a tiny export with hand-computed figures.

use kpi_core::load::load;
use kpi_core::views::quality::{anomalies, field_coverage, Anomaly, Field, EXAMPLES};
use serde_json::{json, Value};

const NOW: &str = "2026-01-10T12:00:00+08:00";

fn export(tickets: Value, surveys: Value) -> kpi_core::load::Loaded {
    let bytes = json!({
        "format": "service-kpi-export", "version": 1, "exported_at": NOW,
        "districts": [{"code": "A", "name": "甲区", "area": "urban"}],
        "tickets": tickets, "surveys": surveys,
    })
    .to_string()
    .into_bytes();
    let loaded = load(bytes).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    loaded
}

fn t(id: &str, kind: &str, opened: &str, extra: Value) -> Value {
    let mut v = json!({"id": id, "opened_at": opened, "district": "A", "kind": kind});
    if let (Some(obj), Some(more)) = (v.as_object_mut(), extra.as_object()) {
        obj.extend(more.clone());
    }
    v
}

const OPENED: &str = "2026-01-05T08:00:00+08:00";

/// t1 has every field (and responds at 0 s); t2 is a repair whose response and arrival come after
/// its resolution; t3 a repair resolved without arrival, scored by a survey; t4 opens after the
/// export, with an arrival though not a repair and a response 40 days later; t5 writes the
/// "missing" category label itself; t6 responds at 0 s.
fn sample() -> kpi_core::load::Loaded {
    export(
        json!([
            t(
                "t1",
                "complaint",
                OPENED,
                json!({
                "category": "电费", "channel": "95598", "customer_id": "c1", "customer_tier": "A",
                "first_response_at": OPENED, "resolved_at": "2026-01-05T09:00:00+08:00",
                "satisfaction": 5})
            ),
            t(
                "t2",
                "repair",
                OPENED,
                json!({
                "first_response_at": "2026-01-05T11:00:00+08:00",
                "arrived_at": "2026-01-05T10:00:00+08:00",
                "resolved_at": "2026-01-05T09:00:00+08:00"})
            ),
            t(
                "t3",
                "repair",
                OPENED,
                json!({
                "category": "线路", "resolved_at": "2026-01-05T10:00:00+08:00"})
            ),
            t(
                "t4",
                "inquiry",
                "2026-01-11T08:00:00+08:00",
                json!({
                "arrived_at": "2026-01-11T09:00:00+08:00",
                "first_response_at": "2026-02-20T08:00:00+08:00"})
            ),
            t("t5", "request", OPENED, json!({"category": "未分类"})),
            t(
                "t6",
                "complaint",
                OPENED,
                json!({"first_response_at": OPENED})
            ),
        ]),
        json!([{"ticket_id": "t3", "surveyed_at": "2026-01-06T08:00:00+08:00", "score": 4}]),
    )
}

#[test]
fn coverage_counts_present_over_applicable() {
    let loaded = sample();
    let c = field_coverage(&loaded.dataset);
    let got: Vec<(Field, u64, u64)> = c.iter().map(|c| (c.field, c.present, c.eligible)).collect();
    assert_eq!(
        got,
        vec![
            (Field::Category, 2, 6), // t5's literal "未分类" is no category
            (Field::Channel, 1, 6),
            (Field::CustomerId, 1, 6),
            (Field::CustomerTier, 1, 6),
            (Field::FirstResponse, 4, 6),
            (Field::Arrival, 1, 2), // repairs only: t2 of t2, t3
            (Field::Resolved, 3, 6),
            (Field::Score, 2, 6), // t1's own, t3's survey
        ]
    );
    assert_eq!(c[5].pct(), Some(50.0));
    assert!((c[0].pct().unwrap() - 100.0 / 3.0).abs() < 1e-9);
}

#[test]
fn each_anomaly_with_its_examples() {
    let loaded = sample();
    let found: Vec<(Anomaly, u64, Vec<String>)> = anomalies(&loaded.dataset)
        .into_iter()
        .map(|a| (a.anomaly, a.count, a.examples))
        .collect();
    let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        found,
        vec![
            (Anomaly::OpenedAfterExport, 1, ids(&["t4"])),
            (Anomaly::MilestoneAfterExport, 1, ids(&["t4"])),
            (Anomaly::InstantResponse, 2, ids(&["t1", "t6"])),
            (Anomaly::RespondedAfterResolved, 1, ids(&["t2"])),
            (Anomaly::ArrivedAfterResolved, 1, ids(&["t2"])),
            (Anomaly::RepairResolvedWithoutArrival, 1, ids(&["t3"])),
            (Anomaly::ArrivalOnNonRepair, 1, ids(&["t4"])),
            (Anomaly::MilestoneAfter30Days, 1, ids(&["t4"])),
        ]
    );
}

#[test]
fn examples_are_capped_and_an_empty_file_has_no_shares() {
    let tickets: Vec<Value> = (0..7)
        .map(|i| {
            t(
                &format!("z{i}"),
                "inquiry",
                OPENED,
                json!({"first_response_at": OPENED}),
            )
        })
        .collect();
    let loaded = export(Value::Array(tickets), json!([]));
    let instant = anomalies(&loaded.dataset)
        .into_iter()
        .find(|a| a.anomaly == Anomaly::InstantResponse)
        .unwrap();
    assert_eq!(instant.count, 7);
    assert_eq!(instant.examples, vec!["z0", "z1", "z2", "z3", "z4"]);
    assert_eq!(instant.examples.len(), EXAMPLES);

    let empty = export(json!([]), json!([]));
    assert!(field_coverage(&empty.dataset)
        .iter()
        .all(|c| c.pct().is_none()));
    assert!(anomalies(&empty.dataset).iter().all(|a| a.count == 0));
}
