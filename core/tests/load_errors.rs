//! Whole-file errors stop the load with a located message; record problems reject one record;
//! and no input, however broken, panics.

use kpi_core::error::LoadError;
use kpi_core::i18n::Lang;
use kpi_core::load::{load, Loader};
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
        match load(bytes) {
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
    let loaded = load(text.into_bytes()).unwrap();
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
    let loaded = load(doc(&format!("{DISTRICTS},{tickets}"))).unwrap();
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

#[test]
fn progress_is_reported_in_bounded_steps() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../public/sample.json");
    let bytes = std::fs::read(path).unwrap();
    let total = bytes.len();
    let mut loader = Loader::new(bytes).unwrap();
    let mut steps = 0;
    let mut last = 0;
    loop {
        let p = loader.step(1000).unwrap();
        assert!(p.bytes_done >= last && p.bytes_total == total);
        last = p.bytes_done;
        steps += 1;
        if p.finished {
            break;
        }
    }
    assert!(steps >= 20, "{steps} steps");
    assert_eq!(last, total);
    assert_eq!(loader.finish().unwrap().dataset.len(), 20_000);
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
        let _ = load(head[..cut].to_vec());
    }
    let replacements = [
        b'"', b'{', b'}', b'[', b']', b',', b':', b'\\', b'0', b'-', 0xFF, b'n',
    ];
    for (i, pos) in (0..head.len()).step_by(7).enumerate() {
        let mut corrupted = head.to_vec();
        corrupted[pos] = replacements[i % replacements.len()];
        let _ = load(corrupted);
    }
}
