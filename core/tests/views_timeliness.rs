//! The timeliness view-models on a tiny export with hand-computed figures.

use kpi_core::domain::{Area, Kind};
use kpi_core::filter::Filter;
use kpi_core::load::{load, Loaded};
use kpi_core::report::{report, Compare, Report};
use kpi_core::views::timeliness::{self as vm, LimitOf};
use serde_json::{json, Value};

const NOW: &str = "2026-01-10T12:00:00+08:00";

fn t(id: &str, district: &str, kind: &str, opened: &str, extra: Value) -> Value {
    let mut v = json!({"id": id, "opened_at": opened, "district": district, "kind": kind});
    if let (Some(obj), Some(more)) = (v.as_object_mut(), extra.as_object()) {
        obj.extend(more.clone());
    }
    v
}

/// A (urban) and B (remote). Durations: c1 responds at 0 s, i1 at exactly 60 min, i2 at 61 min;
/// r1 arrives after 50 min, r2 after exactly 120 min. Unresolved at NOW: c1 (5 d 4 h old, within
/// its 168 h), r1 (6 h old, 4 h limit: overdue by 2 h), i1 (2 d old, 24 h limit: overdue by
/// 1 d), p1 (praise: no limit).
fn loaded() -> Loaded {
    let tickets = json!([
        t(
            "c1",
            "A",
            "complaint",
            "2026-01-05T08:00:00+08:00",
            json!({"category": "电费", "first_response_at": "2026-01-05T08:00:00+08:00"})
        ),
        t(
            "r1",
            "A",
            "repair",
            "2026-01-10T06:00:00+08:00",
            json!({"category": "线路", "arrived_at": "2026-01-10T06:50:00+08:00"})
        ),
        t(
            "r2",
            "B",
            "repair",
            "2026-01-09T12:00:00+08:00",
            json!({"arrived_at": "2026-01-09T14:00:00+08:00", "resolved_at": "2026-01-09T15:00:00+08:00"})
        ),
        t(
            "i1",
            "A",
            "inquiry",
            "2026-01-08T12:00:00+08:00",
            json!({"category": "查询", "first_response_at": "2026-01-08T13:00:00+08:00"})
        ),
        t(
            "i2",
            "B",
            "inquiry",
            "2026-01-09T12:00:00+08:00",
            json!({"first_response_at": "2026-01-09T13:01:00+08:00", "resolved_at": "2026-01-09T14:00:00+08:00"})
        ),
        t("p1", "B", "praise", "2025-11-20T09:00:00+08:00", json!({})),
    ]);
    let bytes = json!({
        "format": "service-kpi-export", "version": 1, "exported_at": NOW,
        "districts": [
            {"code": "A", "name": "甲区", "area": "urban"},
            {"code": "B", "name": "乙县", "area": "remote"}
        ],
        "tickets": tickets,
    })
    .to_string()
    .into_bytes();
    let loaded = load(bytes).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    loaded
}

fn whole(loaded: &Loaded) -> Report {
    report(&loaded.dataset, None, &Filter::default(), Compare::Previous)
}

#[test]
fn first_response_bins_by_area_with_kind_limits_as_edges() {
    let loaded = loaded();
    let h = vm::first_response_histogram(&loaded.dataset, &whole(&loaded));
    assert_eq!(h.edges, vec![15.0, 30.0, 60.0, 120.0, 240.0, 480.0, 1440.0]);
    // 0 s → 0–15; exactly 60 min → 30–60 (met); 61 min → 60–120.
    assert_eq!(h.counts[Area::Urban.index()], vec![1, 0, 1, 0, 0, 0, 0, 0]);
    assert_eq!(h.counts[Area::Rural.index()], vec![0; 8]);
    assert_eq!(h.counts[Area::Remote.index()], vec![0, 0, 0, 1, 0, 0, 0, 0]);
    let limits: Vec<(f64, LimitOf)> = h.limits.iter().map(|l| (l.minutes, l.of)).collect();
    assert_eq!(
        limits,
        vec![
            (60.0, LimitOf::Kind(Kind::Inquiry)),
            (1440.0, LimitOf::Kind(Kind::Complaint))
        ]
    );
    assert_eq!(h.limits_ending(2)[0].of, LimitOf::Kind(Kind::Inquiry));
    assert_eq!(h.labels()[7], ">1440");
}

#[test]
fn repair_arrival_bins_by_area() {
    let loaded = loaded();
    let h = vm::repair_arrival_histogram(&loaded.dataset, &whole(&loaded));
    assert_eq!(h.edges, vec![15.0, 30.0, 45.0, 60.0, 90.0, 120.0, 180.0]);
    assert_eq!(h.counts[Area::Urban.index()], vec![0, 0, 0, 1, 0, 0, 0, 0]);
    assert_eq!(h.counts[Area::Remote.index()], vec![0, 0, 0, 0, 0, 1, 0, 0]);
    assert_eq!(h.limits.len(), 3);
    assert_eq!(h.limits_ending(5)[0].of, LimitOf::Area(Area::Remote));
}

#[test]
fn monthly_medians_and_p90_with_gaps() {
    let loaded = loaded();
    let trend = vm::duration_trend(&whole(&loaded));
    let months: Vec<String> = trend.months.iter().map(|m| m.to_string()).collect();
    assert_eq!(months, vec!["2025-11", "2025-12", "2026-01"]);
    // November has only the praise (no durations), December no ticket: gaps, not 0.
    let f = &trend.first_response;
    assert_eq!(&f.median[..2], &[None, None]);
    // January: 0, 60, 61 min → median 60; p90: h = 1.8 → 60 + 0.8 × 1.
    assert_eq!(f.median[2], Some(60.0));
    assert!((f.p90[2].unwrap() - 60.8).abs() < 1e-9);
    // Arrivals 50 and 120 min → median 85, p90 50 + 0.9 × 70.
    assert_eq!(trend.repair_arrival.median[2], Some(85.0));
    assert!((trend.repair_arrival.p90[2].unwrap() - 113.0).abs() < 1e-9);
    // Resolutions 3 h and 2 h → median 2.5, p90 2.9.
    assert_eq!(trend.resolution.median[2], Some(2.5));
    assert!((trend.resolution.p90[2].unwrap() - 2.9).abs() < 1e-9);
    assert!(!trend.resolution.is_empty());
}

#[test]
fn backlog_and_oldest_overdue() {
    let loaded = loaded();
    let ds = &loaded.dataset;
    let r = whole(&loaded);
    let bars: Vec<(String, u64, u64)> = vm::backlog_by_district(ds, &r)
        .into_iter()
        .map(|b| (b.code, b.backlog, b.overdue))
        .collect();
    assert_eq!(bars, vec![("A".into(), 3, 2), ("B".into(), 1, 0)]);

    let list = vm::oldest_overdue(ds, &r);
    assert_eq!(list.total, 2);
    let i1 = &list.tickets[0];
    assert_eq!(
        (
            i1.id.as_str(),
            i1.kind,
            i1.district.as_str(),
            i1.category.as_str()
        ),
        ("i1", Kind::Inquiry, "甲区", "查询")
    );
    assert_eq!(i1.opened, "2026-01-08 12:00");
    assert_eq!(i1.age_secs, 2 * 86_400);
    assert_eq!(i1.past_limit_secs, 86_400);
    let r1 = &list.tickets[1];
    assert_eq!(
        (r1.id.as_str(), r1.age_secs, r1.past_limit_secs),
        ("r1", 6 * 3600, 2 * 3600)
    );
}

#[test]
fn a_filtered_view_lists_only_its_tickets() {
    let loaded = loaded();
    let ds = &loaded.dataset;
    let filter = Filter {
        districts: vec![1],
        ..Filter::default()
    };
    let r = report(ds, None, &filter, Compare::Previous);
    let bars = vm::backlog_by_district(ds, &r);
    assert_eq!(bars.len(), 1);
    assert_eq!((bars[0].backlog, bars[0].overdue), (1, 0));
    let list = vm::oldest_overdue(ds, &r);
    assert_eq!(list.total, 0);
    assert!(list.tickets.is_empty());
    assert!(
        vm::first_response_histogram(ds, &r).counts[Area::Urban.index()]
            .iter()
            .all(|&n| n == 0)
    );
}

#[test]
fn the_list_stops_at_fifty() {
    let tickets: Vec<Value> = (0..60)
        .map(|i| {
            t(
                &format!("q{i:02}"),
                "A",
                "request",
                &format!("2025-12-{:02}T08:00:00+08:00", 1 + i % 28),
                json!({}),
            )
        })
        .collect();
    let bytes = json!({
        "format": "service-kpi-export", "version": 1, "exported_at": NOW,
        "districts": [{"code": "A", "name": "甲区", "area": "urban"}],
        "tickets": tickets,
    })
    .to_string()
    .into_bytes();
    let loaded = load(bytes).unwrap();
    let list = vm::oldest_overdue(&loaded.dataset, &whole(&loaded));
    assert_eq!(list.total, 60);
    assert_eq!(list.tickets.len(), vm::OVERDUE_SHOWN);
    // Oldest first, ties (same opening) in file order: q00 and q28 opened on Dec 1.
    let first: Vec<&str> = list.tickets[..3].iter().map(|t| t.id.as_str()).collect();
    assert_eq!(first, vec!["q00", "q28", "q56"]);
}
