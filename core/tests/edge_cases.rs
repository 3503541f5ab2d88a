//! Table-driven KPI edge cases: empty view, one ticket, ties, all pending, missing customers,
//! surveys, repeats.

mod support;

use kpi_core::catalog::{Duration, Metric, Stat};
use kpi_core::filter::Filter;
use kpi_core::kpi::Kpis;
use kpi_core::report::{report, Scope};
use support::{clean, export, ticket, two_districts, whole, District, Survey, Ticket};

fn kpis(tickets: Vec<Ticket>, surveys: Vec<Survey>) -> Kpis {
    whole(&clean(&export(two_districts(), tickets, surveys))).current
}

#[test]
fn empty_view_has_counts_but_no_statistics() {
    let k = kpis(vec![], vec![]);
    assert_eq!(k.tickets(), 0);
    for m in Metric::ALL {
        let v = m.value(&k);
        match m {
            // Counts are real zeros; so is a rate over known customers.
            Metric::Tickets
            | Metric::Complaints
            | Metric::Backlog
            | Metric::Overdue
            | Metric::ComplaintRate => assert_eq!(v, Some(0.0), "{}", m.key()),
            _ => assert_eq!(v, None, "{} must be undefined", m.key()),
        }
    }
    assert!(k.pareto.is_empty());
    assert_eq!(k.vital_few, None);
}

#[test]
fn a_file_without_tickets_has_no_period_and_zero_counts() {
    let ds = clean(&export(two_districts(), vec![], vec![]));
    let r = whole(&ds);
    assert_eq!(r.period, None);
    assert_eq!(r.current.tickets(), 0);
    assert_eq!(Metric::CsatPct.value(&r.current), None);
}

#[test]
fn one_ticket() {
    let k = kpis(
        vec![Ticket {
            category: Some("电费电价".into()),
            customer_id: Some("c1".into()),
            first_response_at: Some("2026-01-05T08:30:30+08:00".into()),
            resolved_at: Some("2026-01-06T08:00:00+08:00".into()),
            satisfaction: Some(4),
            ..ticket("1", "2026-01-05T08:00:00+08:00", "A", "complaint")
        }],
        vec![],
    );
    let value = |m: Metric| m.value(&k);
    let fr = |s| Metric::Duration(Duration::FirstResponse, s);
    // (metric, expected)
    let table = [
        (fr(Stat::Median), Some(30.5)),
        (fr(Stat::P90), Some(30.5)),
        (fr(Stat::Mean), Some(30.5)),
        (
            Metric::Duration(Duration::Resolution, Stat::Mean),
            Some(24.0),
        ),
        (Metric::FirstResponsePct, Some(100.0)),
        (Metric::ResolutionPct, Some(100.0)),
        (Metric::RepeatComplaintPct, Some(0.0)),
        (Metric::SatisfactionMean, Some(4.0)),
        (Metric::CsatPct, Some(100.0)),
        (Metric::SurveyCoveragePct, Some(100.0)),
        // One complaint over 40,000 customers (A and B).
        (Metric::ComplaintRate, Some(0.25)),
        (Metric::RepairArrivalPct, None),
    ];
    for (m, want) in table {
        assert_eq!(value(m), want, "{}", m.key());
    }
    assert_eq!(k.vital_few, Some(1));
    assert_eq!(k.pareto[0].cum_pct, 100.0);
}

#[test]
fn pareto_ties_sort_by_code_point_and_vital_few_hits_exactly_80() {
    // Counts 甲 2, 乙 2, A 1: ties by code point, 乙 (U+4E59) before 甲 (U+7532).
    let cats = ["甲", "乙", "甲", "乙", "A"];
    let tickets = cats
        .iter()
        .enumerate()
        .map(|(i, c)| Ticket {
            category: Some((*c).into()),
            ..ticket(
                &i.to_string(),
                "2026-01-05T08:00:00+08:00",
                "A",
                "complaint",
            )
        })
        .collect();
    let ds = clean(&export(
        vec![District::new("A", "甲区", "urban", None)],
        tickets,
        vec![],
    ));
    let k = whole(&ds).current;
    let order: Vec<&str> = k
        .pareto
        .iter()
        .map(|r| ds.categories.get(r.category))
        .collect();
    assert_eq!(order, ["乙", "甲", "A"]);
    assert_eq!(k.pareto[1].cum_pct, 80.0);
    assert_eq!(k.vital_few, Some(2), "4 of 5 is exactly 80%");
    assert_eq!(
        k.complaint_rate_per_10k(),
        None,
        "no customers to divide by"
    );
}

#[test]
fn all_pending_leaves_rates_undefined() {
    // Opened minutes before `now`, nothing happened yet: every milestone is pending.
    let k = kpis(
        vec![
            ticket("1", "2026-01-10T11:50:00+08:00", "A", "inquiry"),
            ticket("2", "2026-01-10T11:50:00+08:00", "A", "repair"),
            ticket("3", "2026-01-10T11:55:00+08:00", "A", "complaint"),
        ],
        vec![],
    );
    let c = &k.counts;
    assert_eq!(c.first_response.pending, 2);
    assert_eq!(Metric::FirstResponsePct.value(&k), None);
    assert_eq!(c.repair_arrival.pending, 1);
    assert_eq!(Metric::RepairArrivalPct.value(&k), None);
    assert_eq!(Metric::ResolutionPct.value(&k), None);
    assert_eq!((c.backlog, c.overdue), (3, 0));
    assert_eq!(Metric::SurveyCoveragePct.value(&k), None);
}

#[test]
fn overdue_and_breach_without_milestone() {
    // A repair opened 5 h before now without arrival or resolution: both breached (45 min, 4 h).
    let k = kpis(
        vec![ticket("1", "2026-01-10T07:00:00+08:00", "A", "repair")],
        vec![],
    );
    assert_eq!(k.counts.repair_arrival.breached, 1);
    assert_eq!(Metric::RepairArrivalPct.value(&k), Some(0.0));
    assert_eq!(k.counts.overdue, 1);
    assert_eq!(k.repair_arrival_min.n, 0);
}

#[test]
fn missing_customers_make_the_rate_undefined() {
    let districts = vec![
        District::new("A", "甲区", "urban", Some(10_000)),
        District::new("B", "乙县", "rural", None),
    ];
    let ds = clean(&export(
        districts,
        vec![ticket("1", "2026-01-05T08:00:00+08:00", "A", "complaint")],
        vec![],
    ));
    let all = Filter::default();
    let only_a = Filter {
        districts: vec![0],
        ..Filter::default()
    };
    assert_eq!(all.customers(&ds), None);
    assert_eq!(only_a.customers(&ds), Some(10_000));
    let r = report(
        &ds,
        &Scope {
            filter: only_a,
            ..Scope::default()
        },
    );
    assert_eq!(r.current.complaint_rate_per_10k(), Some(1.0));
    let zero = clean(&export(
        vec![District::new("A", "甲", "urban", Some(0))],
        vec![],
        vec![],
    ));
    assert_eq!(whole(&zero).current.complaint_rate_per_10k(), None, "C = 0");
}

#[test]
fn surveys_override_and_latest_wins_ties_go_to_the_later_record() {
    let resolved = |id: &str, score: Option<u8>| Ticket {
        resolved_at: Some("2026-01-01T09:00:00+08:00".into()),
        satisfaction: score,
        ..ticket(id, "2026-01-01T08:00:00+08:00", "A", "inquiry")
    };
    let survey = |id: &str, at: &str, score: u8| Survey {
        ticket_id: id.into(),
        surveyed_at: at.into(),
        score,
    };
    let k = kpis(
        vec![resolved("1", Some(1)), resolved("2", None)],
        vec![
            survey("1", "2026-01-03T10:00:00+08:00", 5),
            survey("1", "2026-01-02T10:00:00+08:00", 2),
            survey("2", "2026-01-02T10:00:00+08:00", 2),
            survey("2", "2026-01-02T10:00:00+08:00", 4),
        ],
    );
    assert_eq!(k.counts.scored, 2);
    assert_eq!(Metric::SatisfactionMean.value(&k), Some(4.5));
    assert_eq!(Metric::CsatPct.value(&k), Some(100.0));
}

/// A survey is applied as it is read when its ticket came before it, and at the end when not
/// (NDJSON may put it first): the winner is the same either way.
#[test]
fn surveys_before_and_after_their_ticket_follow_the_same_rule() {
    const HEAD: &str = r#"{"format":"service-kpi-export","version":1,"exported_at":"2026-01-10T12:00:00+08:00","districts":[{"code":"A","name":"甲","area":"urban","customers":100}]}"#;
    const TICKET: &str = r#"{"id":"1","opened_at":"2026-01-01T08:00:00+08:00","district":"A","kind":"inquiry","resolved_at":"2026-01-01T09:00:00+08:00","satisfaction":1}"#;
    let s = |day: u8, score: u8| {
        format!(
            r#"{{"ticket_id":"1","surveyed_at":"2026-01-0{day}T10:00:00+08:00","score":{score}}}"#
        )
    };
    // (surveys before the ticket, surveys after it, the score that wins)
    let cases = [
        (vec![], vec![], 1),
        (vec![s(3, 5)], vec![s(2, 2)], 5),
        (vec![s(2, 2)], vec![s(2, 4)], 4),
        (vec![s(2, 4), s(2, 2)], vec![], 2),
        (vec![], vec![s(2, 4), s(2, 2)], 2),
        (vec![], vec![s(3, 5), s(2, 2)], 5),
        (vec![s(2, 3)], vec![s(1, 5)], 3),
        (vec![s(2, 3), s(4, 2), s(4, 4)], vec![s(3, 5), s(4, 1)], 1),
        (vec![s(2, 3), s(4, 2), s(4, 4)], vec![s(3, 5)], 4),
    ];
    for (before, after, winner) in cases {
        let mut lines = vec![HEAD.to_string()];
        lines.extend(before.iter().cloned());
        lines.push(TICKET.into());
        lines.extend(after.iter().cloned());
        let ds = support::clean_bytes((lines.join("\n") + "\n").as_bytes());
        let mean = Metric::SatisfactionMean.value(&whole(&ds).current);
        assert_eq!(mean, Some(f64::from(winner)), "{before:?} then {after:?}");
    }
}

#[test]
fn repeat_complaints_look_back_thirty_days_over_the_whole_file() {
    let c = |id: &str, opened: &str, customer: &str, district: &str| Ticket {
        customer_id: Some(customer.into()),
        ..ticket(id, opened, district, "complaint")
    };
    let tickets = vec![
        c("1", "2025-12-01T08:00:00+08:00", "x", "A"),
        c("2", "2025-12-31T08:00:00+08:00", "x", "B"), // exactly 30 days later: repeat
        c("3", "2026-01-30T08:00:01+08:00", "x", "A"), // 30 days and 1 s after #2: not
        c("4", "2025-12-01T08:00:00+08:00", "y", "A"),
        c("5", "2025-12-01T08:00:00+08:00", "y", "A"), // same instant: not a repeat
        Ticket {
            customer_id: Some("z".into()),
            ..ticket("6", "2025-12-02T08:00:00+08:00", "A", "repair")
        },
        c("7", "2025-12-03T08:00:00+08:00", "z", "A"), // the earlier ticket is no complaint
        ticket("8", "2025-12-03T08:00:00+08:00", "A", "complaint"),
        // Three at one instant after one earlier: all three repeat it (and not each other).
        c("9", "2025-12-10T08:00:00+08:00", "w", "A"),
        c("10", "2025-12-11T08:00:00+08:00", "w", "A"),
        c("11", "2025-12-11T08:00:00+08:00", "w", "A"),
        c("12", "2025-12-11T08:00:00+08:00", "w", "A"),
    ];
    let mut e = export(two_districts(), tickets, vec![]);
    // #3 lies after "now" + 1 day: export later.
    e.exported_at = "2026-02-01T00:00:00+08:00".into();
    let ds = clean(&e);
    // Filters are ignored for the look-back: district B alone still sees #1 in district A.
    let only_b = Scope {
        filter: Filter {
            districts: vec![1],
            ..Filter::default()
        },
        ..Scope::default()
    };
    let k = report(&ds, &only_b).current.counts;
    assert_eq!((k.repeat_complaints, k.complaints_with_customer), (1, 1));
    let k = whole(&ds).current.counts;
    assert_eq!((k.repeat_complaints, k.complaints_with_customer), (4, 10));
}
