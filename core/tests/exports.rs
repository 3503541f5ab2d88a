//! The review pack's tables (`export.rs`) and the monthly report (`bulletin.rs`) on the shared
//! fixture: the numbers are the fixture's expected figures, typed as numbers.

mod support;

use kpi_core::bulletin::bulletin;
use kpi_core::catalog::Metric;
use kpi_core::export::{file_name, workbook, Cell, Format};
use kpi_core::i18n::Lang;
use kpi_core::link::LinkState;
use kpi_core::load::load;
use kpi_core::report::report;

fn number(c: &Cell) -> f64 {
    match c {
        Cell::Number(v, _) => *v,
        other => panic!("not a number: {other:?}"),
    }
}

#[test]
fn the_workbook_holds_the_figures_as_numbers() {
    let loaded = load(&support::read("small.json")).unwrap();
    let ds = &loaded.dataset;
    let expected: serde_json::Value =
        serde_json::from_slice(&support::read("small.all.expected.json")).unwrap();
    let (scope, _) = LinkState::parse("preset=all").0.resolve(ds);
    let r = report(ds, &scope);
    let sheets = workbook(ds, &r, &loaded.problems, "small.json", Lang::Zh);
    let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "说明",
            "指标",
            "区县",
            "投诉分类",
            "超期工单",
            "预警",
            "要点",
            "被拒记录"
        ]
    );
    let kpis = &sheets[1];
    assert_eq!(kpis.rows.len(), Metric::ALL.len());
    let cur = &expected["current"];
    for (metric, key) in [
        (Metric::Tickets, "tickets"),
        (Metric::Complaints, "complaints"),
        (Metric::ComplaintRate, "complaint_rate_per_10k"),
        (Metric::FirstResponsePct, "first_response_pct"),
        (Metric::SatisfactionMean, "satisfaction_mean"),
    ] {
        let i = Metric::ALL.iter().position(|m| *m == metric).unwrap();
        let got = number(&kpis.rows[i][2]);
        let want = cur[key].as_f64().unwrap();
        assert!(support::close(got, want), "{key}: {got} vs {want}");
    }
    // Formats follow the display: 1 decimal for a percentage, a count as an integer.
    assert!(matches!(
        kpis.rows[3][2],
        Cell::Number(_, Format::Decimals(1))
    ));
    assert!(matches!(kpis.rows[0][2], Cell::Number(_, Format::Count)));
    let pareto = &sheets[3];
    assert_eq!(pareto.rows.len(), 7);
    assert_eq!(pareto.rows[0][0], Cell::text("电费电价"));
    assert_eq!(number(&pareto.rows[0][1]), 45.0);
    assert!(support::close(
        number(&pareto.rows[3][3]),
        81.92771084337349
    ));
    assert_eq!(pareto.rows[3][4], Cell::text("是"));
    assert_eq!(pareto.rows[4][4], Cell::text("否"));
    let districts = &sheets[2];
    assert_eq!(districts.rows.len(), 7);
    assert_eq!(districts.rows[0][1], Cell::text("通川区"));
    assert_eq!(sheets[7].rows.len(), 0, "small.json has no rejected record");
}

#[test]
fn file_names_say_the_period_and_the_districts() {
    let ds = support::clean_bytes(&support::read("small.json"));
    let name = |q: &str, what: Option<&str>, ext: &str, lang: Lang| {
        let (scope, _) = LinkState::parse(q).0.resolve(&ds);
        file_name(&ds, &report(&ds, &scope), what, ext, lang)
    };
    assert_eq!(
        name(
            "from=2026-10-01&to=2026-10-31&district=KJ",
            None,
            "xlsx",
            Lang::Zh
        ),
        "供电服务质量_2026-10_开江县.xlsx"
    );
    assert_eq!(
        name("preset=last-quarter", Some("pareto"), "png", Lang::Zh),
        "供电服务质量_2026-07至2026-09_pareto.png"
    );
    assert_eq!(
        name(
            "from=2026-10-05&to=2026-10-09&district=TC,DC,WY,XH",
            None,
            "csv",
            Lang::En
        ),
        "service-quality_2026-10-05_to_2026-10-09_4-districts.csv"
    );
}

#[test]
fn the_monthly_report_follows_the_bulletin() {
    let ds = support::clean_bytes(&support::read("small.json"));
    let (scope, _) = LinkState::parse("").0.resolve(&ds);
    let r = report(&ds, &scope);
    let b = bulletin(&ds, &r, Lang::Zh);
    assert_eq!(b.title, "国网达州供电公司供电服务质量月度报告");
    let ids: Vec<&str> = b.sections.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        ["volume", "kinds", "districts", "top", "issues", "service"]
    );
    for s in &b.sections {
        assert!(!s.paragraphs.is_empty(), "{}", s.id);
        assert!(
            s.paragraphs.iter().all(|p| p.ends_with('。')),
            "{:?}",
            s.paragraphs
        );
    }
    // 区域: every district with a ticket, worst complaint rate first.
    let ranking = &b.sections[2].tables[0];
    let rates: Vec<f64> = ranking
        .rows
        .iter()
        .filter_map(|row| match &row[4] {
            Cell::Number(v, _) => Some(*v),
            _ => None,
        })
        .collect();
    assert!(rates.windows(2).all(|w| w[0] >= w[1]), "{rates:?}");
    // 前N: at most five rows each.
    assert!(b.sections[3].tables.iter().all(|t| t.rows.len() <= 5));
    assert_eq!(b.sheets().len(), 8);
    let en = bulletin(&ds, &r, Lang::En);
    assert_eq!(en.sections[0].heading, "1. Volume");
}
