//! The messages between the page and its workers, as bytes: a load summary, an answer and a
//! workbook of real files come back equal to what was sent (postcard writes every field in
//! order, so a field the encoder skipped would shift every field after it).

mod support;

use kpi_core::bulletin::bulletin;
use kpi_core::catalog::Metric;
use kpi_core::export::workbook;
use kpi_core::i18n::Lang;
use kpi_core::link::LinkState;
use kpi_core::load::load;
use kpi_core::panels::Panel;
use kpi_core::problem::problems_json;
use kpi_core::protocol::{
    decode, encode, Answer, Canvas, DrawSpec, Drawable, Drawing, LoadProgress, Response, Source,
    Summary,
};
use kpi_core::report::report;
use kpi_core::sample::{generate, EMBEDDED};
use kpi_core::theme::Theme;

fn round_trip(response: Response) {
    let bytes = encode(&response).expect("every response encodes");
    assert_eq!(decode::<Response>(&bytes).as_ref(), Some(&response));
}

/// What the engine sends once a file has loaded, and the answer to `query`.
fn messages(json: &[u8], query: &str) -> (Summary, Answer) {
    let loaded = load(json).expect("loads");
    let ds = &loaded.dataset;
    let source = Source::File {
        name: "导出.json".into(),
        size: json.len() as u64,
    };
    let summary = Summary::of(source, &loaded, LoadProgress::default());
    let (link, _) = LinkState::parse(query);
    let (scope, notices) = link.resolve(ds);
    let answer = Answer {
        query: query.into(),
        report: report(ds, &scope),
        notices,
        millis: 1.25,
    };
    (summary, answer)
}

#[test]
fn the_samples_summary_and_answers_round_trip() {
    let sample = generate(EMBEDDED);
    for query in [
        "",
        "?preset=all",
        "?district=FC&compare=yoy",
        "?period=2099-01",
    ] {
        let (summary, answer) = messages(sample.as_bytes(), query);
        assert!(!answer.report.districts.is_empty() || query.contains("2099"));
        let info = summary.info.clone();
        round_trip(Response::Loaded {
            id: 1,
            summary: Box::new(summary),
        });
        for lang in [Lang::Zh, Lang::En] {
            round_trip(Response::Bulletin {
                id: 7,
                bulletin: Box::new(bulletin(&info, &answer.report, lang)),
            });
        }
        let spec = DrawSpec {
            what: Drawable::Panel(Panel::Pareto),
            canvas: Canvas {
                width: 1200.0,
                height: 520.0,
                font: 13.0,
                headed: true,
            },
            lang: Lang::En,
            theme: Theme::Light,
            heat: Metric::ComplaintRate,
            clickable: true,
        };
        round_trip(Response::Answer {
            id: 2,
            answer: Box::new(answer),
            drawings: vec![(spec, drawing())],
        });
    }
}

#[test]
fn a_dirty_files_problems_and_workbook_round_trip() {
    let dirty = support::read("dirty.json");
    let (summary, answer) = messages(&dirty, "?preset=all");
    assert!(summary.rejected > 0 && !summary.problems.is_empty());
    let sheets = workbook(
        &summary.info,
        &answer.report,
        &summary.problems,
        "dirty.json",
        Lang::Zh,
    );
    let bytes = encode(&sheets).unwrap();
    assert_eq!(decode::<Vec<kpi_core::export::Sheet>>(&bytes), Some(sheets));
    round_trip(Response::ProblemsJson {
        id: 3,
        json: problems_json(&summary.problems, Lang::En, |_| None),
    });
    round_trip(Response::Loaded {
        id: 4,
        summary: Box::new(summary),
    });
}

fn drawing() -> Drawing {
    Drawing {
        title: "各区县万户投诉率".into(),
        svg: Some("<svg data-district=\"FC\"></svg>".into()),
        error: None,
        headers: vec!["区县".into(), "件/万户".into()],
        rows: vec![vec!["城北".into(), "1.25".into()]],
        note: None,
    }
}

#[test]
fn a_drawing_and_a_hierarchy_round_trip() {
    round_trip(Response::Drawn {
        id: 5,
        drawing: Box::new(drawing()),
    });
    // Units and districts' parents: fields that the JSON messages left out when empty.
    let sample = generate(EMBEDDED);
    let (mut summary, _) = messages(sample.as_bytes(), "");
    summary.info.units = vec![kpi_core::dataset::Unit {
        code: "N".into(),
        name: "北片".into(),
        parent: None,
    }];
    for d in summary.info.districts.iter_mut().step_by(2) {
        d.parent = Some("N".into());
    }
    round_trip(Response::Loaded {
        id: 6,
        summary: Box::new(summary),
    });
}

#[test]
fn sheet_rows_are_written_beside_rejected_tickets() {
    let dirty = support::read("dirty.json");
    let loaded = load(&dirty).unwrap();
    let rows: Vec<u32> = (0..loaded.ticket_records as u32).map(|i| i + 2).collect();
    let json = problems_json(&loaded.problems, Lang::En, |i| rows.get(i).copied());
    let listed: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    assert_eq!(listed.len(), loaded.problems.len());
    for (p, row) in loaded.problems.iter().zip(&listed) {
        let expected = match p.record {
            kpi_core::problem::RecordKind::Ticket => Some(p.index as u64 + 2),
            _ => None,
        };
        assert_eq!(row.get("row").and_then(|r| r.as_u64()), expected, "{row}");
    }
    assert!(listed.iter().any(|r| r.get("row").is_some()));
    let plain = problems_json(&loaded.problems, Lang::En, |_| None);
    assert!(!plain.contains("\"row\""));
}
