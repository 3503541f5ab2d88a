//! Whole-file errors stop the load with a located message; record problems reject one record;
//! and no input, however broken, panics.

mod support;

use kpi_core::error::LoadError;
use kpi_core::i18n::Lang;
use kpi_core::load::{load, Loaded, Loader};
use kpi_core::problem::Reason;

const HEAD: &str =
    r#""format":"service-kpi-export","version":1,"exported_at":"2026-01-10T12:00:00+08:00""#;
const DISTRICTS: &str = r#""districts":[{"code":"A","name":"甲","area":"urban","customers":100}]"#;

/// A file and the check its error must pass.
type Case = (Vec<u8>, fn(&LoadError) -> bool);

fn doc(members: &str) -> Vec<u8> {
    format!("{{{HEAD},{members}}}").into_bytes()
}

#[test]
fn whole_file_errors() {
    let cases: Vec<Case> = vec![
        (b"".to_vec(), |e| *e == LoadError::Empty),
        (b"  \n ".to_vec(), |e| *e == LoadError::Empty),
        (b"<html>".to_vec(), |e| {
            matches!(
                e,
                LoadError::NotJson {
                    line: 1,
                    column: 1,
                    ..
                }
            )
        }),
        (b"[1,2]".to_vec(), |e| {
            matches!(e, LoadError::NotAnExport { .. })
        }),
        (br#"{"format":"other"}"#.to_vec(), |e| {
            matches!(e, LoadError::NotAnExport { .. })
        }),
        (br#"{"a":1}"#.to_vec(), |e| {
            matches!(e, LoadError::NotAnExport { .. })
        }),
        (
            br#"{"format":"service-kpi-export","version":2}"#.to_vec(),
            |e| matches!(e, LoadError::NewerVersion { .. }),
        ),
        (
            br#"{"format":"service-kpi-export","version":"1"}"#.to_vec(),
            |e| matches!(e, LoadError::UnknownVersion { .. }),
        ),
        (doc(r#""districts":[],"tickets":[]"#), |e| {
            *e == LoadError::NoDistricts
        }),
        (
            doc(r#""tickets":[]"#),
            |e| matches!(e, LoadError::MissingField { path } if path == "$.districts"),
        ),
        (
            doc(DISTRICTS),
            |e| matches!(e, LoadError::MissingField { path } if path == "$.tickets"),
        ),
        (
            doc(&format!("{DISTRICTS},\"tickets\":{{}}")),
            |e| matches!(e, LoadError::InvalidField { path, .. } if path == "$.tickets"),
        ),
        (
            doc(&format!("{DISTRICTS},\"tickets\":[],\"tickets\":[]")),
            |e| matches!(e, LoadError::DuplicateKey { .. }),
        ),
        (
            doc(
                r#""districts":[{"code":"A","area":"urban"},{"code":"A","area":"rural"}],"tickets":[]"#,
            ),
            |e| matches!(e, LoadError::DuplicateDistrict { path, .. } if path == "$.districts[1].code"),
        ),
        (
            doc(r#""districts":[{"code":"A","area":"city"}],"tickets":[]"#),
            |e| matches!(e, LoadError::InvalidField { path, .. } if path == "$.districts[0].area"),
        ),
        (doc(&format!("{DISTRICTS},\"tickets\":[]}} extra")), |e| {
            matches!(e, LoadError::NotJson { .. })
        }),
        (
            doc(&format!("{DISTRICTS},\"tickets\":[{{\"id\":\"1\",}}]")),
            |e| matches!(e, LoadError::NotJson { line: 1, .. }),
        ),
        (doc(&format!("{DISTRICTS},\"tickets\":[1 2]")), |e| {
            matches!(e, LoadError::NotJson { .. })
        }),
        (
            format!("{{{HEAD},\n{DISTRICTS},\n\"tickets\":[\n{{\"id\": tru}}]}}").into_bytes(),
            |e| {
                matches!(
                    e,
                    LoadError::NotJson {
                        line: 4,
                        column: 11,
                        ..
                    }
                )
            },
        ),
        (
            doc(&format!(
                "{DISTRICTS},\"tickets\":[],\"targets\":{{\"csat_pct\":\"high\"}}"
            )),
            |e| matches!(e, LoadError::InvalidField { path, .. } if path == "$.targets.csat_pct"),
        ),
        (
            doc(&format!("{DISTRICTS},\"tickets\":[],\"timezone\":\"CST\"")),
            |e| matches!(e, LoadError::InvalidField { path, .. } if path == "$.timezone"),
        ),
    ];
    for (i, (bytes, check)) in cases.into_iter().enumerate() {
        match load(&bytes) {
            Ok(_) => panic!("case {i}: loaded"),
            Err(e) => {
                assert!(check(&e), "case {i}: {e:?}");
                assert!(!e.message(Lang::Zh).is_empty() && !e.message(Lang::En).is_empty());
                assert!(e.to_string().contains(" / "), "Display is bilingual");
            }
        }
    }
}

#[test]
fn key_order_bom_and_unknown_fields_do_not_matter() {
    let text = format!(
        "\u{feff}{{\"tickets\":[{{\"id\":\"1\",\"opened_at\":\"2026-01-01T00:00:00Z\",\"district\":\"A\",\"kind\":\"repair\",\"new_field\":[1,{{}}]}}],\"surveys\":null,\"extension\":{{}},{HEAD},{DISTRICTS}}}"
    );
    let loaded = load(text.as_bytes()).unwrap();
    assert_eq!(loaded.dataset.len(), 1);
    assert!(loaded.problems.is_empty());
    // The calendar offset defaults to exported_at's.
    assert_eq!(loaded.dataset.meta.offset.0, 8 * 3600);
}

#[test]
fn record_problems_reject_only_their_record() {
    let tickets = r#""tickets":[
        {"id":"ok","opened_at":"2026-01-01T00:00:00+08:00","district":"A","kind":"inquiry"},
        {"id":5,"opened_at":"2026-01-01T00:00:00+08:00","district":"A","kind":"inquiry"},
        {"id":"t","opened_at":"2026-01-01T00:00:00+08:00","district":"A","kind":"inquiry","customer_tier":"VIP"},
        {"id":"s","opened_at":"2026-01-01T00:00:00+08:00","district":"A","kind":"inquiry","satisfaction":4.5},
        {"id":"d","opened_at":"2026-01-01T00:00:00+08:00","district":"A","kind":"inquiry","kind":"repair"},
        {"id":"c","opened_at":"2026-01-01T00:00:00+08:00","district":"A","kind":"inquiry","category":7},
        {"id":"e","opened_at":"2026-01-01T00:00:00+08:00","district":"A","kind":"inquiry","arrived_at":"2025-12-31T23:59:59+08:00"},
        {"id":"ok","opened_at":"2026-01-01T00:00:00+08:00","district":"A","kind":"inquiry"},
        null
    ],"surveys":[{"ticket_id":"ok","surveyed_at":"x","score":3},{"ticket_id":"ok","surveyed_at":"2026-01-02T00:00:00+08:00","score":0},7]"#;
    let loaded = load(&doc(&format!("{DISTRICTS},{tickets}"))).unwrap();
    assert_eq!(loaded.dataset.len(), 1);
    let got: Vec<(usize, &str, &str)> = loaded
        .problems
        .iter()
        .map(|p| (p.index, p.path.as_str(), p.reason.code()))
        .collect();
    assert_eq!(
        got,
        [
            (1, "$.tickets[1].id", "not_text"),
            (2, "$.tickets[2].customer_tier", "unknown_tier"),
            (3, "$.tickets[3].satisfaction", "score_out_of_range"),
            (4, "$.tickets[4].kind", "duplicate_key"),
            (5, "$.tickets[5].category", "not_text"),
            (6, "$.tickets[6].arrived_at", "before_opened"),
            (7, "$.tickets[7].id", "duplicate_id"),
            (8, "$.tickets[8]", "not_an_object"),
            (0, "$.surveys[0].surveyed_at", "bad_timestamp"),
            (1, "$.surveys[1].score", "score_out_of_range"),
            (2, "$.surveys[2]", "not_an_object"),
        ]
    );
    assert_eq!(
        loaded.problems[2].reason,
        Reason::ScoreOutOfRange("4.5".into())
    );
    assert_eq!(loaded.ticket_records, 9);
    assert_eq!(loaded.survey_records, 3);
}

/// What a load says, for comparing two loads of the same data.
fn summary(l: &Loaded) -> String {
    let ds = &l.dataset;
    let rows: Vec<String> = (0..ds.len() as u32)
        .map(|r| format!("{}:{}", ds.tickets.id(r), ds.day(r).date()))
        .collect();
    format!(
        "{} accepted [{}]; {} rejected {:?}; {} ticket and {} survey records",
        ds.len(),
        rows.join(","),
        l.rejected,
        l.problems
            .iter()
            .map(|p| format!("{}@{}", p.reason.code(), p.path))
            .collect::<Vec<_>>(),
        l.ticket_records,
        l.survey_records
    )
}

#[test]
fn chunk_boundaries_change_nothing() {
    let bytes = support::read("dirty.json");
    let whole = summary(&load(&bytes).unwrap());
    for size in [1usize, 7, 64, 1000, 65_536] {
        let mut loader = Loader::new();
        let mut last = 0;
        for chunk in bytes.chunks(size) {
            let p = loader.feed(chunk).unwrap();
            assert!(p.bytes >= last, "progress goes forward");
            last = p.bytes;
        }
        assert_eq!(
            summary(&loader.finish().unwrap()),
            whole,
            "chunks of {size}"
        );
    }
}

#[test]
fn the_window_holds_a_chunk_and_a_record_not_the_file() {
    let bytes = kpi_core::sample::generate(kpi_core::sample::EMBEDDED).into_bytes();
    let mut loader = Loader::new();
    let mut most = 0;
    for chunk in bytes.chunks(64 << 10) {
        loader.feed(chunk).unwrap();
        most = most.max(loader.window_bytes());
    }
    assert!(most < 512 << 10, "window reached {most} bytes");
    assert_eq!(loader.finish().unwrap().dataset.len(), 24_000);
}

#[test]
fn ndjson_is_the_same_export() {
    let json = support::read("small.json");
    let doc: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let mut header = doc.clone();
    let obj = header.as_object_mut().unwrap();
    obj.remove("tickets");
    obj.remove("surveys");
    let mut lines = vec![header.to_string()];
    for t in doc["tickets"].as_array().unwrap() {
        lines.push(t.to_string());
    }
    for s in doc["surveys"].as_array().unwrap() {
        lines.push(s.to_string());
    }
    let ndjson = lines.join("\n") + "\n";
    let a = load(&json).unwrap();
    let b = load(ndjson.as_bytes()).unwrap();
    assert_eq!(summary(&a), summary(&b));
    let r = |l: &Loaded| support::whole(&l.dataset);
    assert_eq!(r(&a), r(&b));
    // A bad line rejects itself; its path names the value's position in the stream.
    let broken = format!(
        "{}\n{{\"id\":\"x\",\"opened_at\":\"soon\",\"district\":\"TC\",\"kind\":\"repair\"}}\n7\n",
        header
    );
    let l = load(broken.as_bytes()).unwrap();
    let got: Vec<(String, &str)> = l
        .problems
        .iter()
        .map(|p| (p.path.clone(), p.reason.code()))
        .collect();
    assert_eq!(
        got,
        [
            ("$[1].opened_at".to_string(), "bad_timestamp"),
            ("$[2]".to_string(), "not_an_object")
        ]
    );
}

#[test]
fn bad_values_reject_their_record_only() {
    let tickets = r#""tickets":[
        {"id":"s","opened_at":"2026-01-01T00:00:00+08:00","district":"A","kind":"inquiry","category":"\ud800"},
        {"id":"n","opened_at":"2026-01-01T00:00:00+08:00","district":"A","kind":"inquiry","satisfaction":1e400},
        {"id":"k","opened_at":"2026-01-01T00:00:00+08:00","district":"A","kind":"inquiry","\udfff":1},
        {"id":"f","opened_at":"2026-01-01T00:00:00+08:00","district":"A","kind":"inquiry","satisfaction":5.0},
        {"id":"z","opened_at":"2026-01-01T00:00:00+08:00","district":"A","kind":"inquiry","satisfaction":-0},
        {"id":"ok","opened_at":"2026-01-01T00:00:00+08:00","district":"A","kind":"inquiry"}
    ]"#;
    let text = format!(
        r#"{{"format":"service-kpi-export","version":1.0,"exported_at":"2026-01-10T12:00:00+08:00","districts":[{{"code":"A","area":"urban","customers":-0}}],{tickets}}}"#
    );
    let loaded = load(text.as_bytes()).unwrap();
    let got: Vec<(&str, Option<&str>, &str)> = loaded
        .problems
        .iter()
        .map(|p| (p.path.as_str(), p.id.as_deref(), p.reason.code()))
        .collect();
    assert_eq!(
        got,
        [
            ("$.tickets[0].category", Some("s"), "bad_value"),
            ("$.tickets[1].satisfaction", Some("n"), "bad_value"),
            ("$.tickets[2]", Some("k"), "bad_value"),
            ("$.tickets[4].satisfaction", Some("z"), "score_out_of_range"),
        ]
    );
    assert_eq!(loaded.dataset.len(), 2, "5.0 is the score 5");
    assert_eq!(
        loaded.dataset.districts[0].customers,
        Some(0),
        "-0 customers"
    );
}

#[test]
fn implausible_timestamps_reject_their_record() {
    let e = support::export(
        support::two_districts(),
        vec![
            support::ticket("typo", "9999-01-05T08:00:00+08:00", "A", "repair"),
            support::ticket("old", "1995-01-05T08:00:00+08:00", "A", "repair"),
            support::ticket("ok-old", "1996-02-01T08:00:00+08:00", "A", "repair"),
            support::ticket("ok", "2026-01-11T11:00:00+08:00", "A", "repair"),
            support::Ticket {
                resolved_at: Some("2026-01-11T13:00:00+08:00".into()),
                ..support::ticket("late", "2026-01-10T08:00:00+08:00", "A", "repair")
            },
        ],
        vec![support::Survey {
            ticket_id: "ok".into(),
            surveyed_at: "2026-01-11T14:00:00+08:00".into(),
            score: 5,
        }],
    );
    let loaded = support::loaded(&e);
    let got: Vec<(&str, &str)> = loaded
        .problems
        .iter()
        .map(|p| (p.path.as_str(), p.reason.code()))
        .collect();
    assert_eq!(
        got,
        [
            ("$.tickets[0].opened_at", "implausible_timestamp"),
            ("$.tickets[1].opened_at", "implausible_timestamp"),
            ("$.tickets[4].resolved_at", "implausible_timestamp"),
            ("$.surveys[0].surveyed_at", "implausible_timestamp"),
        ]
    );
    assert!(loaded.problems[0].reason.message(Lang::Zh).contains("9999"));
    assert_eq!(loaded.dataset.len(), 2);
}

#[test]
fn records_before_the_header_wait_for_it() {
    let text = format!(
        r#"{{"tickets":[{{"id":"1","opened_at":"2030-01-01T00:00:00Z","district":"A","kind":"repair"}},{{"id":"2","opened_at":"2026-01-01T00:00:00Z","district":"A","kind":"repair"}}],"surveys":[{{"ticket_id":"2","surveyed_at":"2026-01-02T00:00:00Z","score":4}}],{HEAD},{DISTRICTS}}}"#
    );
    let mut loaded = load(text.as_bytes()).unwrap();
    assert_eq!(loaded.dataset.len(), 1);
    assert_eq!(loaded.problems[0].path, "$.tickets[0].opened_at");
    assert_eq!(loaded.ticket_records, 2);
    assert_eq!(loaded.survey_records, 1);
    assert_eq!(loaded.dataset.tickets.row_of("2"), Some(0));
}

/// Every prefix of a real file and a sweep of single-byte corruptions either load or fail with a
/// LoadError; none may panic (a panic in wasm kills the page).
#[test]
fn truncated_and_corrupted_input_never_panics() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/data/fixtures/dirty.json"
    );
    let bytes = std::fs::read(path).unwrap();
    let head = &bytes[..bytes.len().min(6000)];
    for cut in 0..head.len() {
        let _ = load(&head[..cut]);
    }
    let replacements = [
        b'"', b'{', b'}', b'[', b']', b',', b':', b'\\', b'0', b'-', 0xFF, b'n',
    ];
    for (i, pos) in (0..head.len()).step_by(7).enumerate() {
        let mut corrupted = head.to_vec();
        corrupted[pos] = replacements[i % replacements.len()];
        let _ = load(&corrupted);
    }
}
