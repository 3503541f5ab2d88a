//! A work-order list as a 95598 manager downloads it — Chinese headers, local times in three
//! writings, kind and score words, district names — as a GBK CSV and as an XLSX workbook (with
//! a title row and real Excel date cells). Both load and give the figures computed by hand.

mod support;

use kpi_core::i18n::Lang;
use kpi_mapping::proposal::Assumption;
use kpi_mapping::table::{Encoding, FileKind};
use kpi_mapping::{propose, read, read_customers, ReadOptions, Role, RowReason};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use support::*;

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

/// One work order: opened on 2025-10-`day` at `h:m`, milestones in minutes after opening.
struct Order {
    id: u64,
    day: u32,
    h: u32,
    m: u32,
    district: &'static str,
    kind: &'static str,
    category: &'static str,
    channel: &'static str,
    customer: &'static str,
    tier: &'static str,
    first_response: Option<i64>,
    arrival: Option<i64>,
    resolved: Option<i64>,
    score: &'static str,
}

#[rustfmt::skip]
const ORDERS: [Order; 8] = [
    Order { id: 2510010001, day: 1, h: 8, m: 15, district: "通川区", kind: "投诉", category: "电费电价", channel: "95598", customer: "0012345678", tier: "A类", first_response: Some(25), arrival: None, resolved: Some(1545), score: "满意" },
    Order { id: 2510010002, day: 1, h: 9, m: 0, district: "通川区", kind: "故障报修", category: "停电", channel: "95598", customer: "0012345679", tier: "B", first_response: Some(10), arrival: Some(40), resolved: Some(180), score: "非常满意" },
    Order { id: 2510020003, day: 2, h: 14, m: 30, district: "达川区", kind: "报修", category: "停电", channel: "网上国网", customer: "", tier: "", first_response: Some(5), arrival: Some(95), resolved: Some(300), score: "5" },
    Order { id: 2510030004, day: 3, h: 10, m: 0, district: "达川区", kind: "咨询", category: "电费查询", channel: "95598", customer: "", tier: "", first_response: Some(3), arrival: None, resolved: Some(20), score: "" },
    Order { id: 2510050005, day: 5, h: 16, m: 45, district: "宣汉县", kind: "业务办理", category: "新装增容", channel: "营业厅", customer: "0099", tier: "C类", first_response: Some(60), arrival: None, resolved: None, score: "" },
    Order { id: 2510060006, day: 6, h: 8, m: 0, district: "宣汉县", kind: "投诉", category: "服务态度", channel: "12398", customer: "0099", tier: "", first_response: Some(1500), arrival: None, resolved: Some(5000), score: "不满意" },
    Order { id: 2510070007, day: 7, h: 11, m: 11, district: "通川区", kind: "意见建议", category: "其他", channel: "95598", customer: "", tier: "", first_response: None, arrival: None, resolved: Some(2880), score: "基本满意" },
    Order { id: 2510080008, day: 8, h: 9, m: 30, district: "达川区", kind: "表扬", category: "服务态度", channel: "95598", customer: "", tier: "A", first_response: None, arrival: None, resolved: None, score: "" },
];

/// Wall-clock minutes since 2025-10-01 00:00 → (day, hour, minute).
fn clock(o: &Order, after: i64) -> (u32, u32, u32) {
    let t = i64::from(o.day - 1) * 1440 + i64::from(o.h * 60 + o.m) + after;
    (
        (t / 1440 + 1) as u32,
        (t % 1440 / 60) as u32,
        (t % 60) as u32,
    )
}

/// The three writings of a local time, taken in turn.
fn written(form: usize, (d, h, m): (u32, u32, u32)) -> String {
    match form % 3 {
        0 => format!("2025/10/{d} {h}:{m:02}:00"),
        1 => format!("2025-10-{d:02} {h:02}:{m:02}"),
        _ => format!("2025年10月{d}日 {h}时{m}分"),
    }
}

fn cells(i: usize, o: &Order) -> Vec<String> {
    let t = |after: Option<i64>, shift: usize| {
        after
            .map(|a| written(i + shift, clock(o, a)))
            .unwrap_or_default()
    };
    vec![
        o.id.to_string(),
        t(Some(0), 0),
        o.district.into(),
        o.kind.into(),
        o.category.into(),
        o.channel.into(),
        o.customer.into(),
        o.tier.into(),
        t(o.first_response, 1),
        t(o.arrival, 2),
        t(o.resolved, 1),
        o.score.into(),
    ]
}

fn csv_text() -> String {
    let mut out = HEADERS.join(",") + "\r\n";
    for (i, o) in ORDERS.iter().enumerate() {
        out += &(cells(i, o).join(",") + "\r\n");
    }
    out
}

const CUSTOMERS_CSV: &str = "供电单位,客户数\n通川区,215400\n达川区,\"180,000\"\n宣汉县,12.5万\n";

/// The figures, by hand from ORDERS.
fn check_figures(f: &Figures) {
    assert_eq!(f.tickets, 8);
    assert_eq!(f.complaints, 2);
    assert_eq!(
        f.by_district
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect::<Vec<_>>(),
        [("宣汉县", 2), ("达川区", 3), ("通川区", 3)]
    );
    assert_eq!(f.backlog, 2);
    let hours = [1545.0, 180.0, 300.0, 20.0, 5000.0, 2880.0].map(|m: f64| m / 60.0);
    assert!(close(f.resolution_mean_h.unwrap(), mean(&hours)));
    assert!(close(
        f.resolution_median_h.unwrap(),
        (300.0 + 1545.0) / 2.0 / 60.0
    ));
    // 满意 4, 非常满意 5, "5", 不满意 2, 基本满意 4.
    assert!(close(f.satisfaction_mean.unwrap(), 20.0 / 5.0));
    assert!(close(
        f.first_response_median_min.unwrap(),
        (10.0 + 25.0) / 2.0
    ));
    assert!(close(f.complaint_rate.unwrap(), 2.0 / 520_400.0 * 10_000.0));
}

fn checked_mapping(table: &kpi_mapping::Table) -> kpi_mapping::Mapping {
    let p = propose(table);
    for (role, header) in Role::ALL.iter().zip(HEADERS) {
        assert_eq!(
            p.mapping.column(*role).map(|c| table.headers[c].as_str()),
            Some(header),
            "{role:?}"
        );
    }
    assert!(p.assumptions.contains(&Assumption::Timezone {
        offset: "+08:00".into()
    }));
    assert!(p.assumptions.contains(&Assumption::CustomersNotGiven));
    assert!(!p
        .assumptions
        .iter()
        .any(|a| matches!(a, Assumption::KindWordUnknown { .. })));
    let scores = p.assumptions.iter().find_map(|a| match a {
        Assumption::ScoreWords { words } => Some(
            words
                .iter()
                .map(|w| (w.word.as_str(), w.value))
                .collect::<Vec<_>>(),
        ),
        _ => None,
    });
    assert_eq!(
        scores.unwrap(),
        [("满意", 4), ("非常满意", 5), ("不满意", 2), ("基本满意", 4)]
    );
    let mut m = p.mapping;
    m.set_customers(&read_customers(CUSTOMERS_CSV.as_bytes()).unwrap().entries);
    m.exported_at = Some("2025-11-01T08:00:00+08:00".into());
    m
}

#[test]
fn gbk_csv_with_chinese_headers() {
    let text = csv_text();
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "really GBK, not UTF-8"
    );
    let table = read(&bytes, &ReadOptions::default()).unwrap();
    assert_eq!(table.source.encoding, Some(Encoding::Gb18030));
    assert_eq!(table.source.delimiter, Some(','));
    assert_eq!(table.headers, HEADERS);
    let m = checked_mapping(&table);
    let (converted, checked) = convert_and_check(&table, &m);
    assert!(
        converted.problems.is_empty() && checked.problems.is_empty(),
        "{:?}",
        checked.problems
    );
    let t = &converted.export.tickets[2];
    assert_eq!(t.opened_at, "2025-10-02T14:30:00+08:00");
    assert_eq!(t.arrived_at.as_deref(), Some("2025-10-02T16:05:00+08:00"));
    assert_eq!(
        converted.export.tickets[0].customer_tier.as_deref(),
        Some("A")
    );
    check_figures(&figures(&checked));
}

#[test]
fn xlsx_with_a_title_row_and_excel_dates() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("工单明细").unwrap();
    ws.write_string(0, 0, "国网达州供电公司 工单明细（2025年10月）")
        .unwrap();
    for (c, h) in HEADERS.iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    for (i, o) in ORDERS.iter().enumerate() {
        let r = i as u32 + 2;
        for (c, v) in cells(i, o).iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r, c as u16, v).unwrap();
            }
        }
        // Ids as numbers, opening times as real Excel date cells, one score as a number.
        ws.write_number(r, 0, o.id as f64).unwrap();
        let at = ExcelDateTime::from_ymd(2025, 10, o.day as u8)
            .unwrap()
            .and_hms(o.h as u16, o.m as u8, 0)
            .unwrap();
        ws.write_datetime_with_format(r, 1, &at, &date).unwrap();
        if o.score == "5" {
            ws.write_number(r, 11, 5).unwrap();
        }
    }
    // A row that cannot be a ticket: month 13.
    ws.write_string(10, 0, "2510090009").unwrap();
    ws.write_string(10, 1, "2025/13/45 08:00").unwrap();
    ws.write_string(10, 2, "通川区").unwrap();
    ws.write_string(10, 3, "投诉").unwrap();
    let other = wb.add_worksheet();
    other.set_name("说明").unwrap();
    other.write_string(0, 0, "本表由系统导出").unwrap();
    let bytes = wb.save_to_buffer().unwrap();

    assert_eq!(
        kpi_mapping::sheet_names(&bytes).unwrap(),
        ["工单明细", "说明"]
    );
    let table = read(&bytes, &ReadOptions::default()).unwrap();
    assert_eq!(table.source.kind, FileKind::Xlsx);
    assert_eq!(table.source.header_row, 2);
    assert_eq!(table.headers, HEADERS);
    assert_eq!(table.rows[0].number, 3);
    let p = propose(&table);
    assert!(p.assumptions.contains(&Assumption::HeaderRow { row: 2 }));
    let opened = &p.roles[1];
    assert_eq!(opened.samples[0].raw, "2025-10-01 08:15:00");
    assert_eq!(
        opened.samples[0].reading,
        Ok("2025-10-01T08:15:00+08:00".into())
    );
    assert_eq!(p.roles[0].samples[0].raw, "2510010001");
    let m = checked_mapping(&table);
    let (converted, checked) = convert_and_check(&table, &m);
    assert_eq!(converted.problems.len(), 1);
    let bad = &converted.problems[0];
    assert_eq!(bad.place.number(), 11);
    assert!(matches!(
        bad.reason,
        RowReason::ImpossibleTime {
            role: Role::Opened,
            ..
        }
    ));
    assert!(
        bad.message(Lang::Zh)
            .starts_with("第 11 行：受理时间 “2025/13/45 08:00” 不是真实存在的日期"),
        "{}",
        bad.message(Lang::Zh)
    );
    assert!(bad.message(Lang::En).starts_with("Row 11: Opened at"));
    check_figures(&figures(&checked));

    // The second sheet, chosen by name, is read on its own.
    let err = read(
        &bytes,
        &ReadOptions {
            sheet: Some("说明".into()),
            ..ReadOptions::default()
        },
    )
    .unwrap_err();
    assert_eq!(err, kpi_mapping::ReadError::NoRows);
    let err = read(
        &bytes,
        &ReadOptions {
            sheet: Some("Sheet9".into()),
            ..ReadOptions::default()
        },
    )
    .unwrap_err();
    assert!(err.message(Lang::Zh).contains("工单明细、说明"));
}

#[test]
fn customers_from_a_second_table() {
    let list = read_customers(CUSTOMERS_CSV.as_bytes()).unwrap();
    assert_eq!(
        list.entries,
        [
            ("通川区".to_string(), 215_400),
            ("达川区".into(), 180_000),
            ("宣汉县".into(), 125_000)
        ]
    );
    let bad = read_customers("区县,户数\n通川区,很多\n达川区,100\n".as_bytes()).unwrap();
    assert_eq!(bad.entries, [("达川区".to_string(), 100)]);
    assert_eq!(bad.problems.len(), 1);
    assert_eq!(bad.problems[0].0, 2);
}
