//! The data-quality view-models on a tiny export with hand-computed figures.

mod support;

use kpi_core::dataset::Dataset;
use kpi_core::views::quality::{anomalies, field_coverage, Anomaly, Field, EXAMPLES};
use support::{clean, export, ticket, District, Survey, Ticket};

const OPENED: &str = "2026-01-05T08:00:00+08:00";

fn one_district(tickets: Vec<Ticket>, surveys: Vec<Survey>) -> Dataset {
    clean(&export(
        vec![District::new("A", "甲区", "urban", None)],
        tickets,
        surveys,
    ))
}

/// t1 has every field (and responds at 0 s); t2 is a repair whose response and arrival come after
/// its resolution; t3 a repair resolved without arrival, scored by a survey; t4 opens after the
/// export (within the day a clock may be off), with an arrival though not a repair; t5 writes the
/// "missing" category label itself; t6 responds at 0 s; t7 is first answered 40 days after it
/// opened.
fn sample() -> Dataset {
    let t = |id: &str, kind: &str| ticket(id, OPENED, "A", kind);
    one_district(
        vec![
            Ticket {
                category: Some("电费".into()),
                channel: Some("95598".into()),
                customer_id: Some("c1".into()),
                customer_tier: Some("A".into()),
                first_response_at: Some(OPENED.into()),
                resolved_at: Some("2026-01-05T09:00:00+08:00".into()),
                satisfaction: Some(5),
                ..t("t1", "complaint")
            },
            Ticket {
                first_response_at: Some("2026-01-05T11:00:00+08:00".into()),
                arrived_at: Some("2026-01-05T10:00:00+08:00".into()),
                resolved_at: Some("2026-01-05T09:00:00+08:00".into()),
                ..t("t2", "repair")
            },
            Ticket {
                category: Some("线路".into()),
                resolved_at: Some("2026-01-05T10:00:00+08:00".into()),
                ..t("t3", "repair")
            },
            Ticket {
                arrived_at: Some("2026-01-11T09:00:00+08:00".into()),
                ..ticket("t4", "2026-01-11T08:00:00+08:00", "A", "inquiry")
            },
            Ticket {
                category: Some("未分类".into()),
                ..t("t5", "request")
            },
            Ticket {
                first_response_at: Some(OPENED.into()),
                ..t("t6", "complaint")
            },
            Ticket {
                first_response_at: Some("2025-12-11T08:00:00+08:00".into()),
                ..ticket("t7", "2025-11-01T08:00:00+08:00", "A", "request")
            },
        ],
        vec![Survey {
            ticket_id: "t3".into(),
            surveyed_at: "2026-01-06T08:00:00+08:00".into(),
            score: 4,
        }],
    )
}

#[test]
fn coverage_counts_present_over_applicable() {
    let ds = sample();
    let c = field_coverage(&ds);
    let got: Vec<(Field, u64, u64)> = c.iter().map(|c| (c.field, c.present, c.eligible)).collect();
    assert_eq!(
        got,
        vec![
            (Field::Category, 2, 7), // t5's literal "未分类" is no category
            (Field::Channel, 1, 7),
            (Field::CustomerId, 1, 7),
            (Field::CustomerTier, 1, 7),
            (Field::FirstResponse, 4, 7),
            (Field::Arrival, 1, 2), // repairs only: t2 of t2, t3
            (Field::Resolved, 3, 7),
            (Field::Score, 2, 7), // t1's own, t3's survey
        ]
    );
    assert_eq!(c[5].pct(), Some(50.0));
    assert!((c[0].pct().unwrap() - 200.0 / 7.0).abs() < 1e-9);
}

#[test]
fn each_anomaly_with_its_examples() {
    let ds = sample();
    let found: Vec<(Anomaly, u64, Vec<String>)> = anomalies(&ds)
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
            (Anomaly::MilestoneAfter30Days, 1, ids(&["t7"])),
        ]
    );
}

#[test]
fn examples_are_capped_and_an_empty_file_has_no_shares() {
    let tickets = (0..7)
        .map(|i| Ticket {
            first_response_at: Some(OPENED.into()),
            ..ticket(&format!("z{i}"), OPENED, "A", "inquiry")
        })
        .collect();
    let ds = one_district(tickets, vec![]);
    let instant = anomalies(&ds)
        .into_iter()
        .find(|a| a.anomaly == Anomaly::InstantResponse)
        .unwrap();
    assert_eq!(instant.count, 7);
    assert_eq!(instant.examples, vec!["z0", "z1", "z2", "z3", "z4"]);
    assert_eq!(instant.examples.len(), EXAMPLES);

    let empty = one_district(vec![], vec![]);
    assert!(field_coverage(&empty).iter().all(|c| c.pct().is_none()));
    assert!(anomalies(&empty).iter().all(|a| a.count == 0));
}
