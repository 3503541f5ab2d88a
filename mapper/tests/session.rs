//! The mapper's message handling, natively: a file read and proposed, changes answered with a
//! new view or refused with a reason, mappings given with a file used only for their layout,
//! and the v1 export written with the sheet row of each ticket. The export is then read by the
//! dashboard's own loader, as the engine will.

use kpi_core::domain::{Area, Kind, Tier};
use kpi_core::i18n::Lang;
use kpi_core::protocol::{decode, encode};
use kpi_mapper::protocol::{
    Change, Conversion, Given, MappingView, Origin, Place, Request, Response,
};
use kpi_mapper::session::{Outcome, Session};
use rust_xlsxwriter::Workbook;

fn real(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../../shared/data/real/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(path).unwrap()
}

fn read_file(s: &mut Session, name: &str, bytes: Vec<u8>, given: Vec<Given>) -> MappingView {
    let request = Request::Read {
        id: 1,
        name: name.into(),
        given,
    };
    view(s.handle(roundtrip(request), Some(bytes)))
}

/// Requests go through their bytes, as they do between the page and the worker.
fn roundtrip(request: Request) -> Request {
    decode(&encode(&request).unwrap()).unwrap()
}

fn view(outcome: Outcome) -> MappingView {
    let bytes = encode(&outcome.response).unwrap();
    match decode::<Response>(&bytes).unwrap() {
        Response::View { view, .. } => *view,
        other => panic!("expected a view, got {other:?}"),
    }
}

fn change(s: &mut Session, change: Change) -> Result<MappingView, String> {
    match s
        .handle(roundtrip(Request::Change { id: 2, change }), None)
        .response
    {
        Response::View { view, .. } => Ok(*view),
        Response::Refused { error, .. } => Err(error.zh),
        other => panic!("unexpected {other:?}"),
    }
}

fn convert(s: &mut Session) -> (Conversion, Vec<u8>, Vec<f64>) {
    let outcome = s.handle(Request::Convert { id: 3 }, None);
    match (outcome.response, outcome.export) {
        (Response::Converted { conversion, .. }, Some((bytes, rows))) => (*conversion, bytes, rows),
        (other, _) => panic!("expected a conversion, got {other:?}"),
    }
}

fn header<'a>(v: &'a MappingView, role: &str) -> Option<&'a str> {
    v.roles
        .iter()
        .find(|r| r.code == role)
        .and_then(|r| r.header.as_deref())
}

fn has(v: &MappingView, code: &str) -> bool {
    v.assumptions.iter().any(|a| a.code == code)
}

#[test]
fn a_311_export_is_proposed_converted_and_loaded_with_its_rows() {
    let mut s = Session::new();
    let v = read_file(
        &mut s,
        "baltimore.csv",
        real("baltimore311_2018_sample500.csv"),
        vec![],
    );
    assert_eq!(v.file.kind, "csv");
    assert_eq!(v.file.rows, 500);
    assert_eq!(header(&v, "id"), Some("servicerequestnum"));
    assert_eq!(header(&v, "opened"), Some("createddate"));
    assert_eq!(header(&v, "district"), Some("neighborhood"));
    assert_eq!(header(&v, "resolved"), Some("closedate"));
    assert_eq!(header(&v, "kind"), None);
    let opened = v.roles.iter().find(|r| r.code == "opened").unwrap();
    assert_eq!(opened.samples.len(), 5);
    assert_eq!(
        opened.found.as_ref().unwrap().en,
        "by its header (“createddate”)"
    );
    assert!(opened.samples[0].reading.is_ok());
    // Every default is stated; none needs an answer, so the file may load.
    for code in [
        "kind_not_given",
        "district_blank",
        "customers_not_given",
        "exported_at_latest",
    ] {
        assert!(has(&v, code), "{code}: {:?}", v.assumptions);
    }
    assert!(v.blocked.is_empty(), "{:?}", v.blocked);
    assert_eq!(v.settings.default_kind, Some(Kind::Request));
    assert_eq!(
        v.settings.exported_at_default.as_deref(),
        Some("2020-02-10 16:53:30")
    );
    assert_eq!(v.districts.iter().map(|d| d.rows).sum::<u64>(), 461);
    assert!(v
        .districts
        .iter()
        .all(|d| d.area == Area::Urban && d.customers.is_none()));
    assert_eq!(v.applied, None);
    assert!(!v.confirmed);

    let (c, bytes, rows) = convert(&mut s);
    assert_eq!((c.rows, c.tickets, c.not_converted), (500, 461, 39));
    assert_eq!(c.place, Place::Row);
    assert!(c.problems.iter().all(|p| p.code == "no_district"));
    assert!(c.problems[0].reason.zh.starts_with("没有供电单位"));
    assert_eq!(rows.len(), 461);
    assert!(rows.windows(2).all(|w| w[0] < w[1]), "rows in sheet order");
    assert_eq!(rows[0], 2.0, "the first data row is line 2");
    let loaded = kpi_core::load::load(&bytes).unwrap();
    assert_eq!(loaded.dataset.len(), 461);
    assert!(loaded.problems.is_empty());
    assert!(
        c.param.contains(&format!(".G{}", v.signature)),
        "{}",
        c.param
    );

    let json = match s
        .handle(
            Request::ProblemsJson {
                id: 4,
                lang: Lang::En,
            },
            None,
        )
        .response
    {
        Response::ProblemsJson { json, .. } => json,
        other => panic!("{other:?}"),
    };
    let problems: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    assert_eq!(problems.len(), 39);
    assert_eq!(problems[0]["row"], c.problems[0].row);
    assert_eq!(problems[0]["code"], "no_district");

    // The confirmed mapping, given back with the same file (a reload, or the link), is used
    // as it was confirmed; the export is the same.
    let mut again = Session::new();
    let given = vec![Given {
        text: c.param.clone(),
        origin: Origin::Link,
    }];
    let v2 = read_file(
        &mut again,
        "baltimore.csv",
        real("baltimore311_2018_sample500.csv"),
        given,
    );
    assert_eq!(v2.applied, Some(Origin::Link));
    assert!(v2.confirmed);
    assert_eq!(
        v2.roles[1].found.as_ref().unwrap().en,
        "from the link's mapping"
    );
    assert_eq!(convert(&mut again).1, bytes);
}

#[test]
fn a_mapping_is_used_only_for_the_layout_it_was_made_for() {
    let mut s = Session::new();
    let v = read_file(&mut s, "boston.csv", real("boston311_100.csv"), vec![]);
    let boston = convert(&mut s).0.param;
    // Boston's mapping with St. Louis: the link's is refused with a note, a remembered one
    // silently (it belongs to another report), and the proposal stands.
    let given = vec![
        Given {
            text: boston.clone(),
            origin: Origin::Remembered,
        },
        Given {
            text: boston.clone(),
            origin: Origin::Link,
        },
    ];
    let v2 = read_file(&mut s, "stl.csv", real("stlouis_csb_2018_01.csv"), given);
    assert_eq!(v2.applied, None);
    assert_eq!(v2.notes.len(), 1, "{:?}", v2.notes);
    assert!(v2.notes[0].zh.contains("另一种表头"));
    assert_eq!(header(&v2, "id"), Some("requestid"));
    assert_ne!(v.signature, v2.signature);
    // A remembered mapping for this layout is used among others.
    let mut stl = Session::new();
    read_file(&mut stl, "stl.csv", real("stlouis_csb_2018_01.csv"), vec![]);
    change(&mut stl, Change::Timezone { minutes: -360 }).unwrap();
    let stl_param = convert(&mut stl).0.param;
    let given = vec![
        Given {
            text: boston,
            origin: Origin::Remembered,
        },
        Given {
            text: stl_param.clone(),
            origin: Origin::Remembered,
        },
    ];
    let v3 = read_file(&mut s, "stl.csv", real("stlouis_csb_2018_01.csv"), given);
    assert_eq!(v3.applied, Some(Origin::Remembered));
    assert!(v3.confirmed);
    assert_eq!(v3.settings.timezone_minutes, -360);
    // A hand-written mapping (no layout) is used by position, but not as confirmed.
    let given = vec![Given {
        text: "m1.i0.o1.d5.Z-360.Kq".into(),
        origin: Origin::Link,
    }];
    let v4 = read_file(&mut s, "stl.csv", real("stlouis_csb_2018_01.csv"), given);
    assert_eq!(v4.applied, Some(Origin::Link));
    assert!(!v4.confirmed);
    assert_eq!(header(&v4, "district"), Some("neighborhood"));
    // One that points beyond the columns, or cannot be read, is not used, and said so.
    for bad in ["m1.i0.o99", "m1.q0", "{not json"] {
        let given = vec![Given {
            text: bad.into(),
            origin: Origin::Link,
        }];
        let v5 = read_file(&mut s, "stl.csv", real("stlouis_csb_2018_01.csv"), given);
        assert_eq!(v5.applied, None, "{bad}");
        assert_eq!(v5.notes.len(), 1, "{bad}");
    }
}

const HEADERS: [&str; 12] = [
    "工单编号",
    "受理时间",
    "供电单位",
    "业务类型",
    "诉求分类",
    "受理渠道",
    "户号",
    "客户分级",
    "首次响应时间",
    "到达现场时间",
    "办结时间",
    "回访满意度",
];

fn chinese_rows() -> Vec<[&'static str; 12]> {
    vec![
        [
            "1",
            "2025/10/1 8:15:00",
            "通川区",
            "投诉",
            "电费电价",
            "95598",
            "001",
            "A类",
            "2025/10/1 8:40:00",
            "",
            "2025/10/2 10:00:00",
            "满意",
        ],
        [
            "2",
            "2025-10-02 09:00",
            "达川区",
            "举报",
            "服务态度",
            "95598",
            "002",
            "B",
            "2025-10-02 09:10",
            "",
            "2025-10-02 12:00",
            "不满意",
        ],
        [
            "3",
            "2025年10月3日 8时15分",
            "宣汉县",
            "故障报修",
            "停电",
            "网上国网",
            "003",
            "VIP",
            "2025年10月3日 8时20分",
            "2025年10月3日 9时00分",
            "",
            "很好",
        ],
    ]
}

fn gbk_csv() -> Vec<u8> {
    let mut text = HEADERS.join(",") + "\r\n";
    for row in chinese_rows() {
        text += &(row.join(",") + "\r\n");
    }
    encoding_rs::GBK.encode(&text).0.into_owned()
}

#[test]
fn unknown_words_are_asked_and_answered() {
    let mut s = Session::new();
    let v = read_file(&mut s, "工单.csv", gbk_csv(), vec![]);
    for (role, h) in v.roles.iter().zip(HEADERS) {
        assert_eq!(role.header.as_deref(), Some(h), "{}", role.code);
    }
    assert!(has(&v, "encoding"));
    // 举报 (a kind), VIP (a tier) and 很好 (a score) are not known: three questions.
    assert_eq!(v.blocked.len(), 3, "{:?}", v.blocked);
    let unknown = |words: Vec<Option<String>>| words.into_iter().flatten().collect::<Vec<_>>();
    assert_eq!(
        unknown(
            v.kind_words
                .iter()
                .map(|w| w.value.is_none().then(|| w.word.clone()))
                .collect()
        ),
        ["举报"]
    );
    assert_eq!(
        v.kind_words
            .iter()
            .find(|w| w.word == "投诉")
            .unwrap()
            .value,
        Some(Kind::Complaint)
    );
    assert!(matches!(
        s.handle(Request::Convert { id: 9 }, None).response,
        Response::Refused { .. }
    ));
    change(
        &mut s,
        Change::KindWord {
            word: "举报".into(),
            kind: Some(Kind::Complaint),
        },
    )
    .unwrap();
    change(
        &mut s,
        Change::TierWord {
            word: "VIP".into(),
            tier: Some(Tier::A),
        },
    )
    .unwrap();
    let v = change(
        &mut s,
        Change::ScoreWord {
            word: "很好".into(),
            score: Some(5),
        },
    )
    .unwrap();
    assert!(v.blocked.is_empty(), "{:?}", v.blocked);
    let chosen = v.kind_words.iter().find(|w| w.word == "举报").unwrap();
    assert!(chosen.chosen && chosen.value == Some(Kind::Complaint));
    let (c, bytes, rows) = convert(&mut s);
    assert_eq!((c.tickets, c.not_converted), (3, 0));
    assert_eq!(rows, [2.0, 3.0, 4.0]);
    let loaded = kpi_core::load::load(&bytes).unwrap();
    assert_eq!(loaded.dataset.len(), 3);
    let export: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(export["tickets"][1]["kind"], "complaint");
    assert_eq!(export["tickets"][2]["customer_tier"], "A");
    assert_eq!(export["tickets"][2]["satisfaction"], 5);
    assert_eq!(
        export["tickets"][2]["opened_at"],
        "2025-10-03T08:15:00+08:00"
    );
    assert_eq!(export["exported_at"], "2025-10-03T09:00:00+08:00");
}

#[test]
fn settings_are_checked_and_districts_edited() {
    let mut s = Session::new();
    read_file(&mut s, "工单.csv", gbk_csv(), vec![]);
    assert!(change(&mut s, Change::Timezone { minutes: 15 * 60 }).is_err());
    assert!(change(
        &mut s,
        Change::Column {
            role: "opened".into(),
            column: Some(12)
        }
    )
    .is_err());
    assert!(change(
        &mut s,
        Change::Column {
            role: "nonsense".into(),
            column: Some(1)
        }
    )
    .is_err());
    assert!(change(
        &mut s,
        Change::DateOrder {
            order: Some("sideways".into())
        }
    )
    .is_err());
    assert!(change(
        &mut s,
        Change::ScoreWord {
            word: "x".into(),
            score: Some(6)
        }
    )
    .is_err());
    let err = change(
        &mut s,
        Change::ExportedAt {
            text: Some("昨天".into()),
        },
    )
    .unwrap_err();
    assert!(err.contains("统计截止时间"), "{err}");
    let v = change(
        &mut s,
        Change::ExportedAt {
            text: Some("2025-11-01 08:00".into()),
        },
    )
    .unwrap();
    assert_eq!(
        v.settings.exported_at.as_deref(),
        Some("2025-11-01 08:00:00")
    );
    assert!(v.param.contains(".N20251101080000"), "{}", v.param);
    let v = change(&mut s, Change::Timezone { minutes: -300 }).unwrap();
    assert_eq!(v.settings.timezone_minutes, -300);
    assert!(has(&v, "timezone"));

    let v = change(
        &mut s,
        Change::Area {
            district: "宣汉县".into(),
            area: Area::Remote,
        },
    )
    .unwrap();
    assert_eq!(
        v.districts
            .iter()
            .find(|d| d.name == "宣汉县")
            .unwrap()
            .area,
        Area::Remote
    );
    let customers = "供电单位,客户数\n通川区,215400\n达川区,\"180,000\"\n万源市,1\n宣汉县,不详\n";
    let request = Request::Change {
        id: 5,
        change: Change::CustomersFile {
            name: "客户数.csv".into(),
        },
    };
    let v = view(s.handle(request, Some(customers.as_bytes().to_vec())));
    let of = |name: &str| {
        v.districts
            .iter()
            .find(|d| d.name == name)
            .unwrap()
            .customers
    };
    assert_eq!(
        (of("通川区"), of("达川区"), of("宣汉县")),
        (Some(215_400), Some(180_000), None)
    );
    assert!(
        v.notes.iter().any(|n| n.zh.contains("“万源市”")),
        "{:?}",
        v.notes
    );
    assert!(
        v.notes.iter().any(|n| n.zh.contains("第 5 行")),
        "{:?}",
        v.notes
    );
    let v = change(
        &mut s,
        Change::Customers {
            district: "宣汉县".into(),
            customers: Some(125_000),
        },
    )
    .unwrap();
    assert!(!has(&v, "customers_partial") && !has(&v, "customers_not_given"));

    // Removing the district column: every row goes to the district named for rows without one.
    change(
        &mut s,
        Change::Column {
            role: "district".into(),
            column: None,
        },
    )
    .unwrap();
    let v = change(
        &mut s,
        Change::DefaultDistrict {
            name: Some("  全公司 ".into()),
        },
    )
    .unwrap();
    assert_eq!(v.districts.len(), 1);
    assert_eq!(
        (v.districts[0].name.as_str(), v.districts[0].rows),
        ("全公司", 3)
    );
    assert_eq!(v.roles[2].header, None);

    // Nothing open: refused, never a panic.
    let mut empty = Session::new();
    assert!(change(&mut empty, Change::GenerateIds { on: true }).is_err());
    assert!(matches!(
        empty.handle(Request::Convert { id: 1 }, None).response,
        Response::Refused { .. }
    ));
}

fn workbook() -> Vec<u8> {
    let mut wb = Workbook::new();
    let notes = wb.add_worksheet();
    notes.set_name("说明").unwrap();
    for (r, (k, v)) in [("项目", "内容"), ("导出人", "张三"), ("范围", "2025年10月")]
        .iter()
        .enumerate()
    {
        notes.write_string(r as u32, 0, *k).unwrap();
        notes.write_string(r as u32, 1, *v).unwrap();
    }
    let data = wb.add_worksheet();
    data.set_name("工单明细").unwrap();
    for (c, h) in HEADERS.iter().enumerate() {
        data.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in chinese_rows().iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            data.write_string(r as u32 + 1, c as u16, *v).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn a_workbook_sheet_is_chosen_and_remembered() {
    let mut s = Session::new();
    let v = read_file(&mut s, "工单.xlsx", workbook(), vec![]);
    assert_eq!(v.file.kind, "xlsx");
    assert_eq!(v.file.sheets, ["说明", "工单明细"]);
    assert_eq!(v.file.sheet.as_deref(), Some("说明"));
    assert_eq!(header(&v, "opened"), None);
    assert!(!v.blocked.is_empty());
    let v = change(
        &mut s,
        Change::Sheet {
            name: "工单明细".into(),
        },
    )
    .unwrap();
    assert_eq!(header(&v, "opened"), Some("受理时间"));
    assert!(change(
        &mut s,
        Change::Sheet {
            name: "Sheet9".into()
        }
    )
    .unwrap_err()
    .contains("说明、工单明细"));
    change(
        &mut s,
        Change::KindWord {
            word: "举报".into(),
            kind: Some(Kind::Complaint),
        },
    )
    .unwrap();
    change(
        &mut s,
        Change::TierWord {
            word: "VIP".into(),
            tier: Some(Tier::Unrated),
        },
    )
    .unwrap();
    change(
        &mut s,
        Change::ScoreWord {
            word: "很好".into(),
            score: Some(0),
        },
    )
    .unwrap();
    let (c, bytes, _) = convert(&mut s);
    assert!(
        c.param.contains(".S"),
        "the sheet travels with the mapping: {}",
        c.param
    );
    let export: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert!(
        export["tickets"][2].get("customer_tier").is_none(),
        "VIP → no tier"
    );
    assert!(
        export["tickets"][2].get("satisfaction").is_none(),
        "很好 → no score"
    );
    // Remembered for the data sheet's layout: the next read of the workbook finds that sheet.
    let given = vec![Given {
        text: c.json.clone(),
        origin: Origin::Remembered,
    }];
    let v = read_file(&mut Session::new(), "工单.xlsx", workbook(), given);
    assert_eq!(v.file.sheet.as_deref(), Some("工单明细"));
    assert_eq!(v.applied, Some(Origin::Remembered));
    assert!(v.blocked.is_empty());
}

#[test]
fn the_encoding_and_delimiter_can_be_chosen_and_travel_in_the_link() {
    let mut s = Session::new();
    let v = read_file(&mut s, "工单.csv", gbk_csv(), vec![]);
    assert_eq!(v.file.encoding.as_deref(), Some("gb18030"));
    assert_eq!(v.file.delimiter, Some(','));
    // Read as UTF-8: characters are replaced, the file cannot load, and it says why.
    let v = change(
        &mut s,
        Change::Encoding {
            code: "utf8".into(),
        },
    )
    .unwrap();
    assert_eq!(v.file.encoding.as_deref(), Some("utf8"));
    assert!(v
        .assumptions
        .iter()
        .any(|a| a.code == "encoding" && a.needs_answer));
    assert!(!v.blocked.is_empty());
    let v = change(
        &mut s,
        Change::Encoding {
            code: "gb18030".into(),
        },
    )
    .unwrap();
    assert_eq!(header(&v, "opened"), Some("受理时间"));
    assert!(v.param.contains(".Eg"), "{}", v.param);
    // Semicolons: one column, so nothing is found; back to commas.
    let v = change(&mut s, Change::Delimiter { delimiter: ';' }).unwrap();
    assert_eq!(v.file.columns.len(), 1);
    assert!(v.param.contains(".Ls"), "{}", v.param);
    let v = change(&mut s, Change::Delimiter { delimiter: ',' }).unwrap();
    assert_eq!(v.file.columns.len(), 12);
    assert!(change(&mut s, Change::Delimiter { delimiter: '|' }).is_err());
    assert!(change(
        &mut s,
        Change::Encoding {
            code: "latin1".into()
        }
    )
    .is_err());
    // Given back with the file, the choices read it the same way.
    change(
        &mut s,
        Change::KindWord {
            word: "举报".into(),
            kind: Some(Kind::Complaint),
        },
    )
    .unwrap();
    change(
        &mut s,
        Change::TierWord {
            word: "VIP".into(),
            tier: Some(Tier::A),
        },
    )
    .unwrap();
    change(
        &mut s,
        Change::ScoreWord {
            word: "很好".into(),
            score: Some(5),
        },
    )
    .unwrap();
    let param = convert(&mut s).0.param;
    let given = vec![Given {
        text: param,
        origin: Origin::Link,
    }];
    let again = read_file(&mut Session::new(), "工单.csv", gbk_csv(), given);
    assert!(
        again.confirmed && again.blocked.is_empty(),
        "{:?}",
        again.notes
    );
}

#[test]
fn files_that_are_not_tables_are_refused_with_a_message() {
    let mut s = Session::new();
    let before = read_file(&mut s, "工单.csv", gbk_csv(), vec![]);
    for (bytes, words) in [
        (Vec::new(), "空的"),
        (
            b"%PDF-1.4\x00\x01\x02\x03\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00".to_vec(),
            "无法识别",
        ),
        (b"PK\x03\x04broken".to_vec(), "Excel 文件打不开"),
        (
            br#"{"format":"service-kpi-export","version":1,"tickets":[]}"#.to_vec(),
            "导出文件",
        ),
    ] {
        let request = Request::Read {
            id: 7,
            name: "x".into(),
            given: vec![],
        };
        match s.handle(request, Some(bytes)).response {
            Response::Failed { error, .. } => assert!(error.zh.contains(words), "{}", error.zh),
            other => panic!("{other:?}"),
        }
    }
    // The file read before is still open.
    let after = change(&mut s, Change::GenerateIds { on: false }).unwrap();
    assert_eq!(after.signature, before.signature);
    let request = Request::Read {
        id: 8,
        name: "x".into(),
        given: vec![],
    };
    assert!(matches!(
        s.handle(request, None).response,
        Response::Failed { .. }
    ));
}
