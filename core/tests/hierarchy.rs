//! A file with a hierarchy (`$.units` and each district's `parent`): rankings show one level,
//! each unit the sum of its districts; `unit=` drills down and restricts the view to the unit;
//! a click on a unit drills, on a district filters.

mod support;

use kpi_core::hierarchy::{breadcrumb, level, unit_index, Level};
use kpi_core::kpi::Counts;
use kpi_core::link::{Dimension, LinkState};
use kpi_core::load::load;
use kpi_core::report::report;
use serde_json::{json, Value};

/// The small fixture under 达州供电公司, in three areas.
fn small_with_units() -> Vec<u8> {
    let mut doc: Value = serde_json::from_slice(&support::read("small.json")).unwrap();
    doc["units"] = json!([
        {"code": "DZ-P", "name": "达州供电公司", "parent": null},
        {"code": "CQ", "name": "城区", "parent": "DZ-P"},
        {"code": "BP", "name": "北片", "parent": "DZ-P"},
        {"code": "NP", "name": "南片", "parent": "DZ-P"},
    ]);
    for d in doc["districts"].as_array_mut().unwrap() {
        let parent = match d["code"].as_str().unwrap() {
            "TC" | "DC" => "CQ",
            "WY" | "XH" | "KJ" => "BP",
            _ => "NP",
        };
        d["parent"] = json!(parent);
    }
    serde_json::to_vec(&doc).unwrap()
}

#[test]
fn units_are_the_sums_of_their_districts_and_a_drill_down_is_their_filter() {
    let ds = load(&small_with_units()).unwrap().dataset;
    let q3 = "from=2026-07-01&to=2026-09-30";
    let (scope, notices) = LinkState::parse(q3).0.resolve(&ds);
    assert!(notices.is_empty());
    let flat = report(&ds, &scope);

    // The top level: the root's children, each the sum of its districts.
    let level_view = Level::of(&ds.info, &flat);
    let (info, rolled) = (level_view.info(), level_view.report());
    let codes: Vec<&str> = info.districts.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["CQ", "BP", "NP"]);
    for (i, m) in level(&ds.info, None).iter().enumerate() {
        let mut sum = Counts::default();
        for &d in &m.districts {
            sum.merge(&flat.district(d).current);
        }
        assert_eq!(rolled.district(i as u16).current, sum, "{}", m.code);
        let customers: u64 = m
            .districts
            .iter()
            .map(|&d| ds.districts[d as usize].customers.unwrap())
            .sum();
        assert_eq!(info.districts[i].customers, Some(customers));
    }
    assert_eq!(rolled.current, flat.current, "the cards do not change");
    assert_eq!(breadcrumb(&ds.info, None).len(), 1, "the root");

    // unit=BP: the view is BP's districts, its rankings BP's districts.
    let (scope, notices) = LinkState::parse(&format!("{q3}&unit=BP")).0.resolve(&ds);
    assert!(notices.is_empty());
    let (by_codes, _) = LinkState::parse(&format!("{q3}&district=WY,XH,KJ"))
        .0
        .resolve(&ds);
    assert_eq!(scope.filter.districts, by_codes.filter.districts);
    let bp = report(&ds, &scope);
    assert_eq!(bp.current, report(&ds, &by_codes).current);
    let bp_level = Level::of(&ds.info, &bp);
    let codes: Vec<&str> = bp_level
        .info()
        .districts
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    assert_eq!(codes, ["WY", "XH", "KJ"]);
    assert!(
        bp_level.report().filter.districts.is_empty(),
        "a drill-down selects nothing"
    );
    let names: Vec<String> = breadcrumb(&ds.info, unit_index(&ds.info, "BP"))
        .into_iter()
        .map(|(_, n)| n)
        .collect();
    assert_eq!(names, ["达州供电公司", "北片"]);

    // Clicks: a unit drills (the district choice of the level above is cleared), a district
    // toggles, the breadcrumb climbs.
    let mut link = LinkState::parse("district=TC").0;
    link.pick(&ds.info, "BP");
    assert_eq!(link.unit.as_deref(), Some("BP"));
    assert!(link.selected(Dimension::District).is_empty());
    link.pick(&ds.info, "XH");
    assert_eq!(link.selected(Dimension::District), ["XH"]);
    assert_eq!(link.to_query(), "?district=XH&unit=BP");
    link.climb(None);
    assert_eq!(link.to_query(), "");

    // An unknown unit is a notice, not an error.
    let (_, notices) = LinkState::parse("unit=ZZ").0.resolve(&ds);
    assert_eq!(notices.len(), 1);
}

#[test]
fn rankings_name_their_rows_units_one_level_up_and_districts_below() {
    use kpi_core::domain::Members;
    use kpi_core::hierarchy::members;
    use kpi_core::i18n::Lang;
    let ds = load(&small_with_units()).unwrap().dataset;
    let (scope, _) = LinkState::parse("preset=all").0.resolve(&ds);
    let top = report(&ds, &scope);
    let level = Level::of(&ds.info, &top);
    let (info, rolled) = (level.info(), level.report());
    assert_eq!(info.members, Members::Units);
    assert_eq!(members(&ds.info, None), Members::Units);
    let sheet = kpi_core::export::district_sheet(info, rolled, Lang::Zh);
    assert_eq!(
        (sheet.name.as_str(), &sheet.headers[..2]),
        ("单位", &["单位编码".to_string(), "单位".to_string()][..])
    );
    let sheet = kpi_core::export::district_sheet(info, rolled, Lang::En);
    assert_eq!(
        (sheet.name.as_str(), sheet.headers[1].as_str()),
        ("Units", "Unit")
    );
    let bulletin = kpi_core::bulletin::bulletin(&ds.info, &top, Lang::En);
    let headings: Vec<&str> = bulletin
        .sections
        .iter()
        .map(|s| s.heading.as_str())
        .collect();
    assert!(headings.contains(&"3. By unit"), "{headings:?}");
    let texts: Vec<String> = kpi_core::findings::summary(info, rolled)
        .iter()
        .map(|f| f.text(Lang::Zh))
        .collect();
    use kpi_core::findings::Finding;
    assert_eq!(
        Finding::NoDistrictMisses(info.members).text(Lang::Zh),
        "各单位有目标的指标均已达标。"
    );
    let quiet = Finding::Warnings {
        breaches: 0,
        spikes: 0,
        first: None,
        members: info.members,
    };
    assert_eq!(
        quiet.text(Lang::En),
        "No warnings: no unit misses a target by far or spikes."
    );
    assert!(texts.iter().all(|t| !t.contains("区县")), "{texts:?}");

    // Drilled into 北片, the rows are its districts again.
    let (scope, _) = LinkState::parse("preset=all&unit=BP").0.resolve(&ds);
    let bp = report(&ds, &scope);
    let level = Level::of(&ds.info, &bp);
    assert_eq!(level.info().members, Members::Districts);
    assert_eq!(
        members(&ds.info, unit_index(&ds.info, "BP")),
        Members::Districts
    );
    let sheet = kpi_core::export::district_sheet(level.info(), level.report(), Lang::Zh);
    assert_eq!(sheet.headers[1], "区县");
}

#[test]
fn files_without_units_rank_their_districts() {
    let ds = load(&support::read("small.json")).unwrap().dataset;
    let r = report(&ds, &Default::default());
    let l = Level::of(&ds.info, &r);
    assert_eq!(l.info().districts, ds.info.districts);
    assert_eq!(l.report(), &r);
}
