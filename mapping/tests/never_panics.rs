//! A sweep of truncated and corrupted inputs through every entry point: reading, proposing,
//! converting, checking, the customers table, the saved mapping forms. Nothing may panic
//! (debug build: an arithmetic overflow would panic here too); errors are fine.

use kpi_mapping::{
    convert, propose, read, read_customers, sheet_names, values, Cell, Mapping, ReadOptions,
};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::io::{Read, Write};

/// Deterministic pseudo-random numbers (xorshift), so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Everything a file goes through in the app.
fn exercise(bytes: &[u8]) {
    let _ = sheet_names(bytes);
    let _ = read_customers(bytes);
    let Ok(table) = read(bytes, &ReadOptions::default()) else {
        return;
    };
    let p = propose(&table);
    for a in &p.assumptions {
        let _ = a.text();
    }
    let _ = Mapping::from_param(&p.mapping.to_param());
    let mut variants = vec![p.mapping.clone()];
    let mut every = p.mapping.clone();
    every.generate_ids = true;
    every.default_district = Some("X".into());
    every.default_kind = Some(kpi_core::domain::Kind::Repair);
    every.date_order = Some(values::DateOrder::DayFirst);
    // Every role on every column: the wildest mapping a manager could click together.
    for (i, role) in kpi_mapping::Role::ALL.iter().enumerate() {
        every.columns.insert(*role, i % table.headers.len().max(1));
    }
    variants.push(every);
    for m in variants {
        if let Ok(converted) = convert(&table, &m) {
            for problem in &converted.problems {
                let _ = problem.text();
            }
            let _ = converted.check();
        }
    }
}

fn mutate(rng: &mut Rng, original: &[u8]) -> Vec<u8> {
    let mut b = original.to_vec();
    for _ in 0..1 + rng.below(4) {
        if b.is_empty() {
            break;
        }
        let at = rng.below(b.len());
        match rng.below(6) {
            0 => b[at] = rng.next() as u8,
            1 => {
                let special = b"\",;\t\n\r{}[]:0";
                b[at] = special[rng.below(special.len())];
            }
            2 => b.truncate(at),
            3 => b.insert(at, b'"'),
            4 => {
                let end = (at + rng.below(64)).min(b.len());
                b.drain(at..end);
            }
            _ => {
                let from = rng.below(b.len());
                let end = (from + rng.below(32)).min(b.len());
                let piece = b[from..end].to_vec();
                b.splice(at..at, piece);
            }
        }
    }
    b
}

fn sweep(name: &str, original: &[u8], seed: u64, mutations: usize) {
    let stride = (original.len() / 300).max(1);
    for cut in (0..original.len()).step_by(stride) {
        exercise(&original[..cut]);
    }
    let mut rng = Rng(seed);
    for _ in 0..mutations {
        exercise(&mutate(&mut rng, original));
    }
    eprintln!("{name}: {} bytes swept", original.len());
}

fn xlsx() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "工单明细").unwrap();
    for (c, h) in [
        "工单编号",
        "受理时间",
        "供电单位",
        "业务类型",
        "办结时间",
        "回访满意度",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    let f = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    for r in 2..40u32 {
        ws.write_number(r, 0, 2_510_000_000.0 + f64::from(r))
            .unwrap();
        let at = ExcelDateTime::from_ymd(2025, 10, (r % 28 + 1) as u8)
            .unwrap()
            .and_hms(8, 15, 0)
            .unwrap();
        ws.write_datetime_with_format(r, 1, &at, &f).unwrap();
        ws.write_string(r, 2, ["通川区", "达川区"][r as usize % 2])
            .unwrap();
        ws.write_string(r, 3, ["投诉", "报修", "咨询"][r as usize % 3])
            .unwrap();
        ws.write_string(r, 4, format!("2025/10/{} 18:00", r % 28 + 1))
            .unwrap();
        ws.write_number(r, 5, f64::from(r % 5 + 1)).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

/// The parts of a zip, to corrupt the XML inside a workbook rather than its compression.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().unwrap().to_string(), data)
        })
        .collect()
}

fn rezip(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in parts {
        out.start_file(name.as_str(), options).unwrap();
        out.write_all(data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn csv_files_never_panic() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/data/real/baltimore311_2018_sample500.csv"
    ))
    .unwrap();
    sweep("baltimore", &text.as_bytes()[..12_000], 1, 600);
    let chinese = "标题\n工单编号,受理时间,供电单位,业务类型,客户分级,回访满意度,办结时间\n\
        1,2025/10/1 8:15:00,通川区,投诉,A类,满意,2025年10月2日 8时15分\n\
        2,03/04/2025 08:00,达川区,举报,D,好评,45931.5\n\
        3,2025-10-01T08:15:00+08:00,,报修,B,5,2025-10-01 07:00\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(chinese);
    sweep("gbk", &gbk, 2, 1500);
    sweep("utf8", chinese.as_bytes(), 3, 1500);
}

#[test]
fn json_files_never_panic() {
    let json = r#"[{"id":"1","opened":"2025-10-01 08:00","district":"A","kind":"投诉","score":5},{"id":2,"opened":45931.5,"district":null,"kind":["x"],"score":"满意"}]"#;
    sweep("json", json.as_bytes(), 4, 1500);
    let ndjson = "{\"id\":\"a\",\"opened\":\"2025-10-01 08:00\",\"district\":\"A\"}\n{\"id\":\"b\",\"opened\":\"bad\"}\n";
    sweep("ndjson", ndjson.as_bytes(), 5, 1500);
    exercise(&"[".repeat(100_000).into_bytes());
    exercise(&"{\"a\":".repeat(50_000).into_bytes());
}

#[test]
fn workbooks_never_panic() {
    let book = xlsx();
    sweep("xlsx", &book, 6, 300);
    // Corrupt the XML inside, keeping the zip valid.
    let parts = unzip(&book);
    let mut rng = Rng(7);
    for round in 0..300 {
        let mut parts = parts.clone();
        let which = rng.below(parts.len());
        let data = &mut parts[which].1;
        if round % 3 == 0 {
            let cut = rng.below(data.len());
            data.truncate(cut);
        } else {
            *data = mutate(&mut rng, data);
        }
        exercise(&rezip(&parts));
    }
    // Hand-made sheets: huge row and column numbers, a dimension bomb.
    let sheet = |cells: &str| {
        let mut parts = parts.clone();
        for (name, data) in parts.iter_mut() {
            if name == "xl/worksheets/sheet1.xml" {
                *data = format!(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><dimension ref=\"A1:XFD1048576\"/><sheetData>{cells}</sheetData></worksheet>"
                )
                .into_bytes();
            }
        }
        rezip(&parts)
    };
    for cells in [
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><c r="B1" t="inlineStr"><is><t>opened</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#,
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><c r="B1" t="inlineStr"><is><t>x</t></is></c></row><row r="2"><c r="ZZZZ2"><v>1</v></c></row>"#,
        r#"<row r="1"><c r="A1" t="s"><v>99999</v></c><c r="B1" t="d"><v>not a date</v></c><c r="C1" t="n"><v>1e400</v></c></row>"#,
        r#"<row r="4294967294"><c><v>1</v></c></row><row><c><v>2</v></c></row>"#,
    ] {
        exercise(&sheet(cells));
    }
}

#[test]
fn mapping_forms_never_panic() {
    let mut m = Mapping::default();
    m.columns.insert(kpi_mapping::Role::Id, 3);
    m.kind_words
        .insert("举报".into(), kpi_core::domain::Kind::Complaint);
    m.exported_at = Some("2025-11-01T08:00:00+08:00".into());
    let param = m.to_param();
    let json = m.to_json();
    let mut rng = Rng(8);
    for _ in 0..3000 {
        let p = mutate(&mut rng, param.as_bytes());
        let _ = Mapping::from_param(&String::from_utf8_lossy(&p));
        let j = mutate(&mut rng, json.as_bytes());
        let _ = Mapping::from_json(&String::from_utf8_lossy(&j));
    }
    for text in [
        "N99999999999999",
        "N00000000000000",
        "Z-1439",
        "C18446744073709551615~QQ",
        "C18446744073709551616~QQ",
        "H18446744073709551615",
        "o18446744073709551616",
    ] {
        let _ = Mapping::from_param(&format!("m1.{text}"));
    }
    // Extreme values through a conversion.
    let mut m = Mapping::default();
    m.columns.insert(kpi_mapping::Role::Id, 0);
    m.columns.insert(kpi_mapping::Role::Opened, 1);
    m.default_district = Some("A".into());
    m.default_kind = Some(kpi_core::domain::Kind::Repair);
    m.timezone = kpi_core::calendar::Offset(-(23 * 3600 + 59 * 60));
    for opened in [
        "0001-01-01 00:00",
        "9999-12-31 23:59:59",
        "99999",
        "9999999999999",
        "1e308",
        "-5",
    ] {
        let csv = format!("id,opened\n1,{opened}\n2,2025-10-01 08:00\n");
        let table = read(csv.as_bytes(), &ReadOptions::default()).unwrap();
        if let Ok(c) = convert(&table, &m) {
            let _ = c.check();
        }
    }
    for n in [
        f64::MAX,
        f64::MIN,
        f64::INFINITY,
        1e15,
        2_958_465.999_999_9,
        0.000_001,
    ] {
        let _ = values::parse_time(&Cell::Number(n), None);
        let _ = values::parse_time(&Cell::DateTime(n), None);
        let _ = Cell::DateTime(n).display();
        let _ = values::score_word(&Cell::Number(n));
    }
}
