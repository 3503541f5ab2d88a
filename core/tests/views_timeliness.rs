//! The timeliness view-models on a tiny export with hand-computed figures.

mod support;

use kpi_core::dataset::Dataset;
use kpi_core::domain::{Area, Kind};
use kpi_core::filter::Filter;
use kpi_core::report::{report, Scope};
use kpi_core::views::timeliness::{self as vm, LimitOf};
use support::{clean, export, ticket, whole, District, Ticket};

fn districts() -> Vec<District> {
    vec![
        District::new("A", "甲区", "urban", None),
        District::new("B", "乙县", "remote", None),
    ]
}

/// A (urban) and B (remote). Durations: c1 responds at 0 s, i1 at exactly 60 min, i2 at 61 min;
/// r1 arrives after 50 min, r2 after exactly 120 min. Unresolved at NOW: c1 (5 d 4 h old, within
/// its 168 h), r1 (6 h old, 4 h limit: overdue by 2 h), i1 (2 d old, 24 h limit: overdue by
/// 1 d), p1 (praise: no limit).
fn dataset() -> Dataset {
    let some = |s: &str| Some(s.to_string());
    clean(&export(
        districts(),
        vec![
            Ticket {
                category: some("电费"),
                first_response_at: some("2026-01-05T08:00:00+08:00"),
                ..ticket("c1", "2026-01-05T08:00:00+08:00", "A", "complaint")
            },
            Ticket {
                category: some("线路"),
                arrived_at: some("2026-01-10T06:50:00+08:00"),
                ..ticket("r1", "2026-01-10T06:00:00+08:00", "A", "repair")
            },
            Ticket {
                arrived_at: some("2026-01-09T14:00:00+08:00"),
                resolved_at: some("2026-01-09T15:00:00+08:00"),
                ..ticket("r2", "2026-01-09T12:00:00+08:00", "B", "repair")
            },
            Ticket {
                category: some("查询"),
                first_response_at: some("2026-01-08T13:00:00+08:00"),
                ..ticket("i1", "2026-01-08T12:00:00+08:00", "A", "inquiry")
            },
            Ticket {
                first_response_at: some("2026-01-09T13:01:00+08:00"),
                resolved_at: some("2026-01-09T14:00:00+08:00"),
                ..ticket("i2", "2026-01-09T12:00:00+08:00", "B", "inquiry")
            },
            ticket("p1", "2025-11-20T09:00:00+08:00", "B", "praise"),
        ],
        vec![],
    ))
}

#[test]
fn first_response_bins_by_area_with_kind_limits_as_edges() {
    let h = whole(&dataset()).first_response;
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
    let h = whole(&dataset()).repair_arrival;
    assert_eq!(h.edges, vec![15.0, 30.0, 45.0, 60.0, 90.0, 120.0, 180.0]);
    assert_eq!(h.counts[Area::Urban.index()], vec![0, 0, 0, 1, 0, 0, 0, 0]);
    assert_eq!(h.counts[Area::Remote.index()], vec![0, 0, 0, 0, 0, 1, 0, 0]);
    assert_eq!(h.limits.len(), 3);
    assert_eq!(h.limits_ending(5)[0].of, LimitOf::Area(Area::Remote));
}

#[test]
fn monthly_medians_and_p90_with_gaps() {
    let trend = vm::duration_trend(&whole(&dataset()));
    let months: Vec<String> = trend.months.iter().map(|m| m.to_string()).collect();
    assert_eq!(
        months.len(),
        12,
        "always the 12 months ending with the period"
    );
    assert_eq!(&months[9..], ["2025-11", "2025-12", "2026-01"]);
    assert_eq!(trend.selected.iter().filter(|&&s| s).count(), 3);
    // November has only the praise (no durations), December no ticket: gaps, not 0.
    let f = &trend.first_response;
    assert_eq!(&f.median[9..11], &[None, None]);
    // January: 0, 60, 61 min → median 60; p90: h = 1.8 → 60 + 0.8 × 1.
    assert_eq!(f.median[11], Some(60.0));
    assert!((f.p90[11].unwrap() - 60.8).abs() < 1e-9);
    // Arrivals 50 and 120 min → median 85, p90 50 + 0.9 × 70.
    assert_eq!(trend.repair_arrival.median[11], Some(85.0));
    assert!((trend.repair_arrival.p90[11].unwrap() - 113.0).abs() < 1e-9);
    // Resolutions 3 h and 2 h → median 2.5, p90 2.9.
    assert_eq!(trend.resolution.median[11], Some(2.5));
    assert!((trend.resolution.p90[11].unwrap() - 2.9).abs() < 1e-9);
    assert!(!trend.resolution.is_empty());
}

#[test]
fn backlog_and_oldest_overdue() {
    let ds = dataset();
    let r = whole(&ds);
    let b = vm::backlog_by_district(&ds, &r);
    let bars: Vec<(String, Option<f64>, Option<f64>)> = b
        .backlog
        .bars
        .iter()
        .zip(&b.overdue)
        .map(|(bar, &o)| (bar.code.clone(), bar.value, o))
        .collect();
    assert_eq!(
        bars,
        vec![
            ("A".into(), Some(3.0), Some(2.0)),
            ("B".into(), Some(1.0), Some(0.0))
        ]
    );

    let list = &r.overdue;
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
fn a_filtered_view_lists_only_its_tickets_but_ranks_every_district() {
    let ds = dataset();
    let scope = Scope {
        filter: Filter {
            districts: vec![1],
            ..Filter::default()
        },
        ..Scope::default()
    };
    let r = report(&ds, &scope);
    let b = vm::backlog_by_district(&ds, &r);
    // Both districts stay on the chart; B is marked as selected.
    let bars: Vec<(&str, Option<f64>, bool)> = b
        .backlog
        .bars
        .iter()
        .map(|x| (x.code.as_str(), x.value, x.selected))
        .collect();
    assert_eq!(bars, vec![("A", Some(3.0), false), ("B", Some(1.0), true)]);
    assert!(b.backlog.any_selected);
    assert_eq!(r.current.counts.backlog, 1);
    assert_eq!(r.overdue.total, 0);
    assert!(r.overdue.tickets.is_empty());
    assert!(r.first_response.counts[Area::Urban.index()]
        .iter()
        .all(|&n| n == 0));
}

#[test]
fn the_list_stops_at_fifty() {
    let tickets = (0..60)
        .map(|i| {
            ticket(
                &format!("q{i:02}"),
                &format!("2025-12-{:02}T08:00:00+08:00", 1 + i % 28),
                "A",
                "request",
            )
        })
        .collect();
    let ds = clean(&export(districts(), tickets, vec![]));
    let list = whole(&ds).overdue;
    assert_eq!(list.total, 60);
    assert_eq!(list.tickets.len(), vm::OVERDUE_SHOWN);
    // Oldest first, ties (same opening) in file order: q00, q28 and q56 opened on Dec 1.
    let first: Vec<&str> = list.tickets[..3].iter().map(|t| t.id.as_str()).collect();
    assert_eq!(first, vec!["q00", "q28", "q56"]);
}
