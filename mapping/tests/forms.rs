//! Table-driven checks of the readers: time writings, kind/score/tier words, delimiter and
//! encoding detection, ambiguous day/month dates, the compact `map=` form.

use kpi_core::calendar::{days_from_civil, Offset};
use kpi_core::domain::{Area, Kind, Tier};
use kpi_mapping::mapping::{header_signature, DistrictSetting};
use kpi_mapping::proposal::Assumption;
use kpi_mapping::read::detect_delimiter;
use kpi_mapping::table::Encoding;
use kpi_mapping::values::{
    kind_word, parse_time, score_word, tier_word, DateOrder, ScoreRead, TimeError, TimeForm,
};
use kpi_mapping::{convert, propose, read, Cell, Mapping, ReadOptions, Role, RowReason};

fn local(y: i64, mo: u32, d: u32, h: i64, mi: i64, s: i64) -> i64 {
    days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s
}

#[test]
fn time_writings() {
    let at_0815 = local(2025, 10, 1, 8, 15, 0);
    #[rustfmt::skip]
    let cases: &[(&str, i64, Option<i32>, TimeForm)] = &[
        ("2025/10/1 8:15:00", at_0815, None, TimeForm::Local),
        ("2025/10/01 08:15", at_0815, None, TimeForm::Local),
        ("2025-10-01 08:15", at_0815, None, TimeForm::Local),
        ("2025-10-01T08:15:00", at_0815, None, TimeForm::Local),
        ("2025.10.01 08:15:00", at_0815, None, TimeForm::Local),
        ("2025年10月1日 8时15分", at_0815, None, TimeForm::Local),
        ("2025年10月1日8时15分0秒", at_0815, None, TimeForm::Local),
        ("2025年10月01日 08:15", at_0815, None, TimeForm::Local),
        ("2025年10月1日 8点15分", at_0815, None, TimeForm::Local),
        ("2025/10/1 下午 3:05", local(2025, 10, 1, 15, 5, 0), None, TimeForm::Local),
        ("10/31/2025 03:05:00 PM", local(2025, 10, 31, 15, 5, 0), None, TimeForm::Local),
        ("2025-10-01 12:30 AM", local(2025, 10, 1, 0, 30, 0), None, TimeForm::Local),
        ("2025-10-01 08:15:00.123", at_0815, None, TimeForm::Local),
        ("2025-10-01T08:15:00+08:00", at_0815, Some(8 * 3600), TimeForm::WithOffset),
        ("2025-10-01T00:15:00Z", local(2025, 10, 1, 0, 15, 0), Some(0), TimeForm::WithOffset),
        ("2018/05/08 07:51:45+00", local(2018, 5, 8, 7, 51, 45), Some(0), TimeForm::WithOffset),
        ("2025-10-01 08:15:00 -0530", at_0815, Some(-(5 * 3600 + 1800)), TimeForm::WithOffset),
        ("2025-10-01 08:15 UTC", at_0815, Some(0), TimeForm::WithOffset),
        ("2025-10-01", local(2025, 10, 1, 0, 0, 0), None, TimeForm::DateOnly),
        ("2025/10/1", local(2025, 10, 1, 0, 0, 0), None, TimeForm::DateOnly),
        ("2025年10月1日", local(2025, 10, 1, 0, 0, 0), None, TimeForm::DateOnly),
        ("20251001", local(2025, 10, 1, 0, 0, 0), None, TimeForm::DateOnly),
        ("20251001081500", at_0815, None, TimeForm::Local),
        ("45931.34375", at_0815, None, TimeForm::ExcelSerial),
        ("1759277700", local(2025, 10, 1, 0, 15, 0), Some(0), TimeForm::Epoch),
        ("1759277700000", local(2025, 10, 1, 0, 15, 0), Some(0), TimeForm::Epoch),
        ("25/12/2025 08:15", local(2025, 12, 25, 8, 15, 0), None, TimeForm::Local),
        ("12/25/2025 08:15", local(2025, 12, 25, 8, 15, 0), None, TimeForm::Local),
        ("07/07/2025", local(2025, 7, 7, 0, 0, 0), None, TimeForm::DateOnly),
    ];
    for (text, want, offset, form) in cases {
        let t = parse_time(&Cell::text(text), None).unwrap_or_else(|e| panic!("{text}: {e:?}"));
        assert_eq!(t.local, *want, "{text}");
        assert_eq!(t.offset.map(|o| o.0), *offset, "{text}");
        assert_eq!(t.form, *form, "{text}");
    }
    // Excel cells.
    let serial = parse_time(&Cell::DateTime(45931.34375), None).unwrap();
    assert_eq!((serial.local, serial.form), (at_0815, TimeForm::ExcelDate));
    let number = parse_time(&Cell::Number(45931.34375), None).unwrap();
    assert_eq!(
        (number.local, number.form),
        (at_0815, TimeForm::ExcelSerial)
    );
    // The zone applies to times without an offset only.
    assert_eq!(serial.utc(Offset(8 * 3600)), at_0815 - 8 * 3600);
    let z = parse_time(&Cell::text("2025-10-01T08:15:00Z"), None).unwrap();
    assert_eq!(z.utc(Offset(8 * 3600)), at_0815);
}

#[test]
fn times_that_do_not_read() {
    #[rustfmt::skip]
    let cases: &[(&str, TimeError)] = &[
        ("", TimeError::Unreadable),
        ("昨天", TimeError::Unreadable),
        ("2025-10", TimeError::Unreadable),
        ("2025-10-01 8", TimeError::Unreadable),
        ("2025-10-01 08:15 上海", TimeError::Unreadable),
        ("2025-10-01 08:15:00+25:00", TimeError::Unreadable),
        ("25-10-01", TimeError::Unreadable),
        ("2025/13/45 08:00", TimeError::Impossible),
        ("2025-02-29", TimeError::Impossible),
        ("2025-06-31 08:00", TimeError::Impossible),
        ("2025-10-01 24:00", TimeError::Impossible),
        ("2025-10-01 08:60", TimeError::Impossible),
        ("03/04/2025", TimeError::Ambiguous),
        ("03/04/2025 08:00", TimeError::Ambiguous),
        ("99999999999999999999", TimeError::Unreadable),
        ("１２３", TimeError::Unreadable),
    ];
    for (text, want) in cases {
        assert_eq!(
            parse_time(&Cell::text(text), None).err(),
            Some(*want),
            "{text}"
        );
    }
    assert_eq!(
        parse_time(&Cell::Number(f64::NAN), None).err(),
        Some(TimeError::Unreadable)
    );
    assert_eq!(
        parse_time(&Cell::Number(-1.0), None).err(),
        Some(TimeError::Unreadable)
    );
    assert_eq!(
        parse_time(&Cell::Bool(true), None).err(),
        Some(TimeError::Unreadable)
    );
}

#[test]
fn day_month_order() {
    let day_first = Some(DateOrder::DayFirst);
    let month_first = Some(DateOrder::MonthFirst);
    let t = |text: &str, order| parse_time(&Cell::text(text), order).map(|t| t.local);
    assert_eq!(t("03/04/2025", day_first), Ok(local(2025, 4, 3, 0, 0, 0)));
    assert_eq!(t("03/04/2025", month_first), Ok(local(2025, 3, 4, 0, 0, 0)));
    // A value that contradicts the chosen order is not a date.
    assert_eq!(t("25/03/2025", month_first), Err(TimeError::Impossible));

    // Detection over a column: one unambiguous value settles the order, and says so.
    let file = "id,opened,district\n1,03/04/2025 08:00,A\n2,25/04/2025 09:00,A\n";
    let table = read(file.as_bytes(), &ReadOptions::default()).unwrap();
    let p = propose(&table);
    assert_eq!(p.mapping.date_order, Some(DateOrder::DayFirst));
    assert!(p.assumptions.contains(&Assumption::DateOrderDetected {
        order: DateOrder::DayFirst,
        example: "25/04/2025 09:00".into()
    }));
    // Nothing tells the order: it is asked, and until answered those rows are problems.
    let file =
        "id,opened,district\n1,03/04/2025 08:00,A\n2,05/06/2025 09:00,A\n3,07/07/2025 10:00,A\n";
    let table = read(file.as_bytes(), &ReadOptions::default()).unwrap();
    let p = propose(&table);
    assert_eq!(p.mapping.date_order, None);
    let asked = p
        .assumptions
        .iter()
        .find(|a| matches!(a, Assumption::DateOrderAsked { .. }))
        .unwrap();
    assert_eq!(
        asked,
        &Assumption::DateOrderAsked {
            example: "03/04/2025 08:00".into(),
            rows: 2
        }
    );
    assert!(asked.needs_answer());
    let converted = convert(&table, &p.mapping).unwrap();
    assert_eq!(converted.export.tickets.len(), 1, "07/07 reads either way");
    assert!(matches!(
        converted.problems[0].reason,
        RowReason::AmbiguousDate {
            role: Role::Opened,
            ..
        }
    ));
    let mut answered = p.mapping.clone();
    answered.date_order = Some(DateOrder::MonthFirst);
    let converted = convert(&table, &answered).unwrap();
    assert_eq!(
        converted.export.tickets[0].opened_at,
        "2025-03-04T08:00:00+08:00"
    );
    assert!(converted.problems.is_empty());
}

#[test]
fn kind_words() {
    #[rustfmt::skip]
    let cases: &[(&str, Option<Kind>)] = &[
        ("投诉", Some(Kind::Complaint)), (" 投诉类 ", Some(Kind::Complaint)), ("Complaint", Some(Kind::Complaint)),
        ("故障报修", Some(Kind::Repair)), ("报修", Some(Kind::Repair)), ("抢修", Some(Kind::Repair)), ("Fault Repair", Some(Kind::Repair)),
        ("咨询", Some(Kind::Inquiry)), ("查询", Some(Kind::Inquiry)), ("Enquiry", Some(Kind::Inquiry)),
        ("业务申请", Some(Kind::Request)), ("业务办理", Some(Kind::Request)), ("service_request", Some(Kind::Request)),
        ("意见建议", Some(Kind::Suggestion)), ("建议", Some(Kind::Suggestion)), ("suggestion", Some(Kind::Suggestion)),
        ("表扬", Some(Kind::Praise)), ("Praise", Some(Kind::Praise)),
        ("举报", None), ("其他", None), ("", None),
    ];
    for (word, want) in cases {
        assert_eq!(kind_word(word), *want, "{word}");
    }
    // Unknown words are listed, mapped by the manager, then convert.
    let file = "工单编号,受理时间,供电单位,业务类型\n1,2025-10-01 08:00,通川区,举报\n2,2025-10-01 09:00,通川区,投诉\n3,2025-10-01 10:00,通川区,举报\n";
    let table = read(file.as_bytes(), &ReadOptions::default()).unwrap();
    let p = propose(&table);
    assert!(p.assumptions.contains(&Assumption::KindWordUnknown {
        word: "举报".into(),
        rows: 2
    }));
    let converted = convert(&table, &p.mapping).unwrap();
    assert_eq!(converted.problems.len(), 2);
    assert_eq!(
        converted.problems[0].reason,
        RowReason::UnknownKind {
            word: "举报".into()
        }
    );
    let mut m = p.mapping;
    m.set_kind_word(" 举报 ", Kind::Complaint);
    let converted = convert(&table, &m).unwrap();
    assert!(converted.problems.is_empty());
    assert_eq!(converted.export.tickets[0].kind, "complaint");
}

#[test]
fn score_and_tier_words() {
    #[rustfmt::skip]
    let scores: &[(Cell, ScoreRead)] = &[
        (Cell::text("非常满意"), ScoreRead::Score(5)), (Cell::text("满意"), ScoreRead::Score(4)),
        (Cell::text("基本满意"), ScoreRead::Score(4)), (Cell::text("一般"), ScoreRead::Score(3)),
        (Cell::text("不满意"), ScoreRead::Score(2)), (Cell::text("非常不满意"), ScoreRead::Score(1)),
        (Cell::text("Very satisfied"), ScoreRead::Score(5)), (Cell::text("dissatisfied"), ScoreRead::Score(2)),
        (Cell::text("5"), ScoreRead::Score(5)), (Cell::text("4分"), ScoreRead::Score(4)), (Cell::text("3.0"), ScoreRead::Score(3)),
        (Cell::Number(1.0), ScoreRead::Score(1)), (Cell::Number(4.5), ScoreRead::Unknown), (Cell::Number(7.0), ScoreRead::Unknown),
        (Cell::text("未回访"), ScoreRead::NoScore), (Cell::text(""), ScoreRead::NoScore), (Cell::text("NA"), ScoreRead::NoScore),
        (Cell::text("0"), ScoreRead::Unknown), (Cell::text("好评"), ScoreRead::Unknown),
    ];
    for (cell, want) in scores {
        assert_eq!(score_word(cell), *want, "{cell:?}");
    }
    #[rustfmt::skip]
    let tiers: &[(&str, Option<Tier>)] = &[
        ("A", Some(Tier::A)), ("a", Some(Tier::A)), ("A类", Some(Tier::A)), ("B类客户", Some(Tier::B)),
        ("C级", Some(Tier::C)), ("Tier B", Some(Tier::B)), ("D类", None), ("重要客户", None),
    ];
    for (word, want) in tiers {
        assert_eq!(tier_word(word), *want, "{word}");
    }
    // A manager's score mapping wins over the built-in one, and 0 means "no score".
    let file = "工单编号,受理时间,供电单位,回访满意度\n1,2025-10-01 08:00,A,好评\n2,2025-10-01 09:00,A,满意\n3,2025-10-01 10:00,A,差评\n";
    let table = read(file.as_bytes(), &ReadOptions::default()).unwrap();
    let mut m = propose(&table).mapping;
    assert_eq!(m.column(Role::Satisfaction), Some(3));
    m.set_score_word("好评", 5);
    m.set_score_word("满意", 5);
    m.set_score_word("差评", 0);
    let converted = convert(&table, &m).unwrap();
    let scores: Vec<Option<u8>> = converted
        .export
        .tickets
        .iter()
        .map(|t| t.satisfaction)
        .collect();
    assert_eq!(scores, [Some(5), Some(5), None]);
}

#[test]
fn delimiters_and_encodings() {
    #[rustfmt::skip]
    let cases: &[(&str, u8)] = &[
        ("a,b,c\n1,2,3\n4,5,6\n", b','),
        ("a;b;c\n1;2;3\n4;5;6\n", b';'),
        ("a\tb\tc\n1\t2\t3\n", b'\t'),
        // Commas inside a semicolon file's text do not fool it.
        ("id;text;n\n1;a, b, c;2\n2;d;3\n3;e, f;4\n", b';'),
        // Quoted delimiters are fields, not separators.
        ("id,text\n1,\"x;y;z\"\n2,\"a;b\"\n", b','),
        ("single\nrow\n", b','),
    ];
    for (text, want) in cases {
        assert_eq!(detect_delimiter(text), *want, "{text:?}");
    }
    let text = "工单编号,受理时间,供电单位\n1,2025-10-01 08:00,通川区\n";
    let read_as = |bytes: &[u8]| read(bytes, &ReadOptions::default()).unwrap();
    let utf8 = read_as(text.as_bytes());
    assert_eq!(utf8.source.encoding, Some(Encoding::Utf8));
    let bom = read_as(&[b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat());
    assert_eq!(
        (bom.source.encoding, bom.headers[0].as_str()),
        (Some(Encoding::Utf8), "工单编号")
    );
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    let gbk = read_as(&gbk);
    assert_eq!(
        (gbk.source.encoding, gbk.rows[0].cells[2].display()),
        (Some(Encoding::Gb18030), "通川区".into())
    );
    assert!(!gbk.source.replaced_characters);
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in text.replace(',', "\t").encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    let utf16 = read_as(&utf16);
    assert_eq!(
        (utf16.source.encoding, utf16.source.delimiter),
        (Some(Encoding::Utf16), Some('\t'))
    );
    assert_eq!(utf16.headers, ["工单编号", "受理时间", "供电单位"]);
    // JSON records: an array, and one object per line.
    let json = r#"[{"工单编号":"1","受理时间":"2025-10-01 08:00","供电单位":"通川区"},{"工单编号":2,"受理时间":null,"供电单位":"达川区","备注":"x"}]"#;
    let t = read_as(json.as_bytes());
    assert_eq!(t.headers, ["工单编号", "受理时间", "供电单位", "备注"]);
    assert_eq!(
        (t.rows[1].number, t.rows[1].cells[0].display()),
        (2, "2".into())
    );
    let ndjson = "{\"id\":\"a\",\"opened\":\"2025-10-01 08:00\"}\n\n{\"id\":\"b\",\"opened\":\"2025-10-02 08:00\"}\n";
    let t = read_as(ndjson.as_bytes());
    assert_eq!(t.rows.iter().map(|r| r.number).collect::<Vec<_>>(), [1, 3]);
}

#[test]
fn compact_form_round_trip() {
    let mut m = Mapping::default();
    assert_eq!(m.to_param(), "m1");
    assert_eq!(Mapping::from_param("m1").unwrap(), m);
    m.columns.insert(Role::Id, 0);
    m.columns.insert(Role::Opened, 1);
    m.columns.insert(Role::District, 16);
    m.timezone = Offset(-5 * 3600);
    m.date_order = Some(DateOrder::MonthFirst);
    m.exported_at = Some("2025-11-01T08:00:00-05:00".into());
    m.generate_ids = true;
    m.default_kind = Some(Kind::Request);
    m.default_district = Some("未填写".into());
    m.header_row = Some(3);
    m.sheet = Some("工单明细".into());
    m.organization = Some("国网达州供电公司".into());
    m.kind_words.insert("举报".into(), Kind::Complaint);
    m.tier_words.insert("重要客户".into(), Tier::A);
    m.tier_words.insert("普通".into(), Tier::Unrated);
    m.score_words.insert("好评".into(), 5);
    m.score_words.insert("差评".into(), 0);
    m.districts.insert(
        "宣汉县".into(),
        DistrictSetting {
            area: Area::Rural,
            customers: Some(125_000),
        },
    );
    m.districts.insert(
        "万源市".into(),
        DistrictSetting {
            area: Area::Remote,
            customers: None,
        },
    );
    m.districts.insert(
        "通川区".into(),
        DistrictSetting {
            area: Area::Urban,
            customers: Some(215_400),
        },
    );
    let param = m.to_param();
    assert!(
        param
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.~".contains(&b)),
        "{param}"
    );
    assert!(
        param.starts_with("m1.i0.o1.d16.Z-300.Dm.N20251101080000.I.Kq."),
        "{param}"
    );
    assert_eq!(Mapping::from_param(&param).unwrap(), m);
    assert_eq!(Mapping::from_json(&m.to_json()).unwrap(), m);
    // A typical link stays short.
    let typical = Mapping::from_param("m1.i0.o5.d16.g3.h4.r9.Z-300.Dm").unwrap();
    assert_eq!(typical.to_param(), "m1.i0.o5.d16.g3.h4.r9.Z-300.Dm");
    for bad in [
        "",
        "m2",
        "m1.",
        "m1.x0",
        "m1.iA",
        "m1.Z9999",
        "m1.Dq",
        "m1.N2025",
        "m1.Wz5Li-",
        "m1.B*",
        "m1.P9YWI",
        "m1.C12",
        "m1.o99999",
    ] {
        assert!(Mapping::from_param(bad).is_err(), "{bad}");
    }
    assert!(Mapping::from_json("{\"timezone\":\"+25:00\"}").is_err());
    assert_eq!(Mapping::from_json("{}").unwrap(), Mapping::default());
}

#[test]
fn header_signatures_identify_layouts() {
    let a = read(
        "工单编号,受理时间\n1,2025-10-01 08:00\n".as_bytes(),
        &ReadOptions::default(),
    )
    .unwrap();
    let b = read(
        "工单编号,受理时间\n2,2025-11-01 08:00\n3,x\n".as_bytes(),
        &ReadOptions::default(),
    )
    .unwrap();
    let c = read(
        "受理时间,工单编号\n2025-10-01 08:00,1\n".as_bytes(),
        &ReadOptions::default(),
    )
    .unwrap();
    assert_eq!(a.signature(), b.signature());
    assert_ne!(a.signature(), c.signature());
    assert_eq!(
        a.signature(),
        header_signature(&["工单编号".into(), "受理时间".into()])
    );
    assert_eq!(a.signature().len(), 16);
}

#[test]
fn nothing_is_assumed_silently() {
    // A bare file: no id, no kind, no district column.
    let file = "受理时间,办结时间\n2025-10-01 08:00,2025-10-01 09:30\n2025-10-02 08:00,\n";
    let table = read(file.as_bytes(), &ReadOptions::default()).unwrap();
    let p = propose(&table);
    for a in [
        Assumption::IdsGenerated,
        Assumption::OneDistrict {
            name: "全部".into(),
        },
        Assumption::KindNotGiven {
            kind: Some(Kind::Request),
        },
        Assumption::CustomersNotGiven,
        Assumption::Timezone {
            offset: "+08:00".into(),
        },
        Assumption::RoleMissing {
            role: Role::Satisfaction,
        },
        Assumption::ExportedAtLatest {
            at: "2025-10-02T08:00:00+08:00".into(),
        },
    ] {
        assert!(p.assumptions.contains(&a), "{a:?} in {:#?}", p.assumptions);
        assert!(!a.text().zh.is_empty() && !a.text().en.is_empty());
    }
    let converted = convert(&table, &p.mapping).unwrap();
    let ids: Vec<&str> = converted
        .export
        .tickets
        .iter()
        .map(|t| t.id.as_str())
        .collect();
    assert_eq!(ids, ["R2", "R3"]);
    assert_eq!(converted.export.exported_at, "2025-10-02T08:00:00+08:00");
    assert_eq!(converted.export.districts[0].code, "全部");
    // Without accepting generated ids, a missing id column stops with a plain message.
    let mut m = p.mapping;
    m.generate_ids = false;
    let err = convert(&table, &m).unwrap_err();
    assert!(err.text().zh.contains("工单编号"));
}
