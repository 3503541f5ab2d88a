//! The real 311 exports in shared/data/real load through the mapping, and their figures equal
//! an independent computation from the raw CSV (parsed here with plain code, not the crate's
//! reader), under the loader's rules: blank districts are row problems, the first occurrence of
//! an id wins, "now" is the latest timestamp in the file.

mod support;

use kpi_core::calendar::Offset;
use kpi_mapping::proposal::Assumption;
use kpi_mapping::{propose, read, ReadOptions, Role, RowReason};
use std::collections::{BTreeMap, HashSet};
use support::*;

fn real(name: &str) -> String {
    let path = format!(
        "{}/../../shared/data/real/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path).unwrap()
}

/// What the test expects, computed from the raw records.
struct Expected {
    tickets: u64,
    by_district: BTreeMap<String, u64>,
    backlog: u64,
    overdue_request: u64,
    mean_h: f64,
    median_h: f64,
    now: i64,
    blank_district_lines: Vec<u64>,
    duplicate_lines: Vec<u64>,
}

/// Independent figures: `district_blank` tells a missing district ("", " ", "NA"); every file
/// here has no kind, so every ticket is a request (resolution target 120 hours).
fn expected(
    text: &str,
    id: &str,
    opened: &str,
    closed: &str,
    district: &str,
    offset_hours: i64,
) -> Expected {
    let blank = |v: &str| v.trim().is_empty() || v.trim() == "NA";
    let mut seen = HashSet::new();
    let mut kept = Vec::new();
    let mut blank_district_lines = Vec::new();
    let mut duplicate_lines = Vec::new();
    // Data rows start on line 2; no field of these files spans lines.
    for (i, r) in records(text).iter().enumerate() {
        let line = i as u64 + 2;
        if blank(&r[district]) {
            blank_district_lines.push(line);
            continue;
        }
        let o = fixed_time(&r[opened], offset_hours).unwrap();
        let c = if blank(&r[closed]) {
            None
        } else {
            fixed_time(&r[closed], offset_hours)
        };
        if !seen.insert(r[id].clone()) {
            duplicate_lines.push(line);
            continue;
        }
        kept.push((r[district].trim().to_string(), o, c));
    }
    let now = kept
        .iter()
        .flat_map(|k| [Some(k.1), k.2])
        .flatten()
        .max()
        .unwrap();
    let mut by_district = BTreeMap::new();
    for k in &kept {
        *by_district.entry(k.0.clone()).or_insert(0) += 1;
    }
    let hours: Vec<f64> = kept
        .iter()
        .filter_map(|k| k.2.map(|c| (c - k.1) as f64 / 3600.0))
        .collect();
    let open: Vec<_> = kept.iter().filter(|k| k.2.is_none()).collect();
    Expected {
        tickets: kept.len() as u64,
        by_district,
        backlog: open.len() as u64,
        overdue_request: open.iter().filter(|k| now - k.1 > 120 * 3600).count() as u64,
        mean_h: mean(&hours),
        median_h: median(&hours),
        now,
        blank_district_lines,
        duplicate_lines,
    }
}

fn assert_figures(f: &Figures, e: &Expected) {
    eprintln!(
        "tickets {} districts {} backlog {} overdue {} mean {:.4} h median {:.4} h",
        e.tickets,
        e.by_district.len(),
        e.backlog,
        e.overdue_request,
        e.mean_h,
        e.median_h
    );
    assert_eq!(f.tickets, e.tickets);
    assert_eq!(f.by_district, e.by_district);
    assert_eq!(f.backlog, e.backlog);
    assert_eq!(f.overdue, e.overdue_request);
    assert!(
        close(f.resolution_mean_h.unwrap(), e.mean_h),
        "{:?} {}",
        f.resolution_mean_h,
        e.mean_h
    );
    assert!(
        close(f.resolution_median_h.unwrap(), e.median_h),
        "{:?} {}",
        f.resolution_median_h,
        e.median_h
    );
    assert_eq!(f.complaints, 0);
    assert_eq!(
        f.complaint_rate, None,
        "no customers given: per-10k rate undefined"
    );
}

fn header_of(table: &kpi_mapping::Table, m: &kpi_mapping::Mapping, role: Role) -> Option<String> {
    m.column(role).map(|c| table.headers[c].clone())
}

#[test]
fn baltimore_311_with_the_detected_mapping() {
    let text = real("baltimore311_2018_sample500.csv");
    let table = read(text.as_bytes(), &ReadOptions::default()).unwrap();
    assert_eq!(table.rows.len(), 500);
    let p = propose(&table);
    let m = &p.mapping;
    let h = |r| header_of(&table, m, r);
    assert_eq!(h(Role::Id).as_deref(), Some("servicerequestnum"));
    assert_eq!(h(Role::Opened).as_deref(), Some("createddate"));
    assert_eq!(h(Role::District).as_deref(), Some("neighborhood"));
    assert_eq!(h(Role::Category).as_deref(), Some("srtype"));
    assert_eq!(h(Role::Channel).as_deref(), Some("methodreceived"));
    assert_eq!(h(Role::Resolved).as_deref(), Some("closedate"));
    assert_eq!(h(Role::Kind), None);
    assert_eq!(h(Role::Satisfaction), None);
    // "+00" on every time: the data's own offset is used for the calendar, and said so.
    assert_eq!(m.timezone, Offset(0));
    assert!(p.assumptions.contains(&Assumption::OwnOffsets {
        role: Role::Opened,
        offset: "+00:00".into()
    }));
    assert!(p.assumptions.contains(&Assumption::KindNotGiven {
        kind: Some(kpi_core::domain::Kind::Request)
    }));
    assert!(p.assumptions.contains(&Assumption::DistrictBlank {
        rows: 39,
        name: None
    }));
    assert!(p.assumptions.contains(&Assumption::CustomersNotGiven));
    assert!(p.assumptions.iter().any(
        |a| matches!(a, Assumption::ExportedAtLatest { at } if at == "2020-02-10T16:53:30+00:00")
    ));
    let opened = &p.roles[1];
    assert_eq!(opened.samples.len(), 5);
    assert_eq!(opened.samples[0].raw, "2018/05/08 07:51:45+00");
    assert_eq!(
        opened.samples[0].reading,
        Ok("2018-05-08T07:51:45+00:00".into())
    );

    let (converted, checked) = convert_and_check(&table, m);
    let e = expected(
        &text,
        "servicerequestnum",
        "createddate",
        "closedate",
        "neighborhood",
        0,
    );
    assert_eq!(e.tickets, 461);
    assert_eq!(checked.loaded.dataset.meta.exported_at, e.now);
    assert_figures(&figures(&checked), &e);
    let lines: Vec<u64> = converted
        .problems
        .iter()
        .map(|p| p.place.number())
        .collect();
    assert_eq!(lines, e.blank_district_lines);
    assert!(converted
        .problems
        .iter()
        .all(|p| p.reason == RowReason::NoDistrict));
    assert!(checked.problems.len() == 39 && checked.loaded.problems.is_empty());
    let first = &converted.problems[0];
    assert!(first
        .message(kpi_core::i18n::Lang::Zh)
        .starts_with(&format!("第 {} 行：没有供电单位", first.place.number())));
}

#[test]
fn baltimore_blank_districts_kept_under_a_chosen_name() {
    let text = real("baltimore311_2018_sample500.csv");
    let table = read(text.as_bytes(), &ReadOptions::default()).unwrap();
    let mut m = propose(&table).mapping;
    m.default_district = Some("未填写".into());
    let (converted, checked) = convert_and_check(&table, &m);
    assert!(converted.problems.is_empty());
    let f = figures(&checked);
    assert_eq!(f.tickets, 500);
    assert_eq!(f.by_district["未填写"], 39);
}

#[test]
fn boston_311_with_a_stated_timezone() {
    let text = real("boston311_100.csv");
    let table = read(text.as_bytes(), &ReadOptions::default()).unwrap();
    let p = propose(&table);
    let mut m = p.mapping.clone();
    let h = |r| header_of(&table, &m, r);
    assert_eq!(h(Role::Id).as_deref(), Some("case_enquiry_id"));
    assert_eq!(h(Role::Opened).as_deref(), Some("open_dt"));
    assert_eq!(h(Role::Resolved).as_deref(), Some("closed_dt"));
    assert_eq!(h(Role::District).as_deref(), Some("neighborhood"));
    assert_eq!(h(Role::Category).as_deref(), Some("type"));
    assert_eq!(h(Role::Channel).as_deref(), Some("source"));
    // No offset in the data: +08:00 is assumed and said; the test states Boston's (EST).
    assert!(p.assumptions.contains(&Assumption::Timezone {
        offset: "+08:00".into()
    }));
    m.timezone = Offset(-5 * 3600);
    let (converted, checked) = convert_and_check(&table, &m);
    let e = expected(
        &text,
        "case_enquiry_id",
        "open_dt",
        "closed_dt",
        "neighborhood",
        -5,
    );
    assert_eq!(checked.loaded.dataset.meta.exported_at, e.now);
    assert_eq!(e.tickets, 100 - e.blank_district_lines.len() as u64);
    assert_figures(&figures(&checked), &e);
    let lines: Vec<u64> = converted
        .problems
        .iter()
        .map(|p| p.place.number())
        .collect();
    assert_eq!(lines, e.blank_district_lines);
    assert_eq!(
        converted.export.exported_at,
        kpi_core::v1::timestamp(e.now, Offset(-5 * 3600))
    );
}

#[test]
fn st_louis_csb_with_na_values_and_duplicate_ids() {
    let text = real("stlouis_csb_2018_01.csv");
    let table = read(text.as_bytes(), &ReadOptions::default()).unwrap();
    let p = propose(&table);
    let mut m = p.mapping.clone();
    let h = |r| header_of(&table, &m, r);
    assert_eq!(h(Role::Id).as_deref(), Some("requestid"));
    assert_eq!(h(Role::Opened).as_deref(), Some("datetimeinit"));
    assert_eq!(h(Role::Resolved).as_deref(), Some("datetimeclosed"));
    assert_eq!(h(Role::District).as_deref(), Some("neighborhood"));
    assert_eq!(h(Role::Category).as_deref(), Some("problemcode"));
    assert_eq!(h(Role::Channel).as_deref(), Some("callertype"));
    assert_eq!(
        h(Role::Tier),
        None,
        "address types A/B are not customer tiers"
    );
    assert!(p.assumptions.contains(&Assumption::NullWords {
        role: Role::Resolved,
        words: vec!["NA".into()]
    }));
    m.timezone = Offset(-6 * 3600);
    let (converted, checked) = convert_and_check(&table, &m);
    let e = expected(
        &text,
        "requestid",
        "datetimeinit",
        "datetimeclosed",
        "neighborhood",
        -6,
    );
    assert_eq!(checked.loaded.dataset.meta.exported_at, e.now);
    assert_figures(&figures(&checked), &e);
    // Blank districts are the mapping's problems, duplicate ids the loader's: both by line.
    let no_district: Vec<u64> = converted
        .problems
        .iter()
        .map(|p| p.place.number())
        .collect();
    assert_eq!(no_district, e.blank_district_lines);
    let duplicates: Vec<u64> = checked
        .problems
        .iter()
        .filter(|p| p.reason.code() == "duplicate_id")
        .map(|p| p.place.number())
        .collect();
    assert_eq!(duplicates, e.duplicate_lines);
    assert!(!duplicates.is_empty());
    assert_eq!(checked.problems.len(), no_district.len() + duplicates.len());
}

#[test]
fn an_explicit_mapping_gives_the_same_figures_as_the_detected_one() {
    // The St. Louis mapping written by hand, in the compact link form.
    let text = real("stlouis_csb_2018_01.csv");
    let table = read(text.as_bytes(), &ReadOptions::default()).unwrap();
    let m = kpi_mapping::Mapping::from_param("m1.i0.o1.d5.g7.h4.r12.Z-360.Kq").unwrap();
    let (_, checked) = convert_and_check(&table, &m);
    let e = expected(
        &text,
        "requestid",
        "datetimeinit",
        "datetimeclosed",
        "neighborhood",
        -6,
    );
    assert_figures(&figures(&checked), &e);
}
