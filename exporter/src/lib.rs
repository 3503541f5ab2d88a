//! Writing the review pack's tables (`kpi_core::export::Sheet`) as an XLSX workbook: one
//! worksheet per table, numbers as numbers with the display's number format, the header row in
//! bold and frozen, and column widths set from the content with a hanzi counted as two
//! characters (rust_xlsxwriter's autofit counts one).

use kpi_core::export::{Cell, Sheet};
use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// A worksheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, unique in the
/// workbook.
fn sheet_name(name: &str, taken: &[String]) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(31)
        .collect();
    let clean = if clean.trim().is_empty() {
        "Sheet".to_string()
    } else {
        clean
    };
    let mut candidate = clean.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&candidate)) {
        let suffix = format!(" ({n})");
        let keep = 31usize.saturating_sub(suffix.chars().count());
        candidate = clean.chars().take(keep).collect::<String>() + &suffix;
        n += 1;
    }
    candidate
}

/// The workbook's bytes.
pub fn xlsx(sheets: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let header = Format::new().set_bold().set_background_color("#E8F3F1");
    let mut taken = Vec::new();
    for sheet in sheets {
        let name = sheet_name(&sheet.name, &taken);
        taken.push(name.clone());
        let ws = book.add_worksheet();
        ws.set_name(&name)?;
        for (c, h) in sheet.headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &header)?;
        }
        let formats: Vec<Format> = sheet
            .rows
            .first()
            .map(|r| {
                r.iter()
                    .map(|cell| match cell {
                        Cell::Number(_, f) => Format::new().set_num_format(f.excel()),
                        _ => Format::new(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let col = c as u16;
                match cell {
                    Cell::Text(s) => {
                        ws.write_string(r, col, s)?;
                    }
                    Cell::Number(v, f) => {
                        let same = formats.get(c).filter(
                            |_| matches!(sheet.rows[0].get(c), Some(Cell::Number(_, g)) if g == f),
                        );
                        match same {
                            Some(fmt) => ws.write_number_with_format(r, col, *v, fmt)?,
                            None => ws.write_number_with_format(
                                r,
                                col,
                                *v,
                                &Format::new().set_num_format(f.excel()),
                            )?,
                        };
                    }
                    Cell::Empty => {}
                }
            }
        }
        for (c, w) in sheet.widths().into_iter().enumerate() {
            ws.set_column_width(c as u16, w as f64)?;
        }
        ws.set_freeze_panes(1, 0)?;
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};
    use kpi_core::export::Format as NumberFormat;
    use std::io::Cursor;

    #[test]
    fn tables_read_back_as_written() {
        let sheets = vec![
            Sheet {
                name: "指标".into(),
                headers: vec!["指标".into(), "本期".into()],
                rows: vec![
                    vec![
                        Cell::text("首次响应及时率"),
                        Cell::Number(89.696_969, NumberFormat::Decimals(1)),
                    ],
                    vec![
                        Cell::text("工单总量"),
                        Cell::Number(827.0, NumberFormat::Count),
                    ],
                    vec![Cell::text("—"), Cell::Empty],
                ],
            },
            Sheet {
                name: "a/b:c*d?e[f]g\\h that is far too long".into(),
                headers: vec!["编号".into()],
                rows: vec![vec![Cell::text("202610010000123")]],
            },
            Sheet {
                name: "指标".into(),
                headers: vec![],
                rows: vec![],
            },
        ];
        let bytes = xlsx(&sheets).unwrap();
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
        assert_eq!(
            book.sheet_names(),
            ["指标", "a_b_c_d_e_f_g_h that is far too", "指标 (2)"]
        );
        let range = book.worksheet_range("指标").unwrap();
        assert_eq!(range.get((0, 1)), Some(&Data::String("本期".into())));
        assert_eq!(range.get((1, 1)), Some(&Data::Float(89.696_969)));
        assert_eq!(range.get((2, 1)), Some(&Data::Float(827.0)));
        let ids = book
            .worksheet_range("a_b_c_d_e_f_g_h that is far too")
            .unwrap();
        assert_eq!(
            ids.get((1, 0)),
            Some(&Data::String("202610010000123".into())),
            "a long id stays text"
        );
    }
}
