//! Whole-file errors: the file cannot be read as a table at all. Each message is written for a
//! customer-service manager — Chinese first, plain words, what happened and what to do next —
//! because the person who sees it is the one who downloaded the file from the 95598 or
//! marketing system and can download it again in another form. Technical details (the library's
//! own words) are kept apart in `detail`, for a "details" disclosure or a support request.

use crate::read::limits;
use crate::text::{quote, Text};
use kpi_core::i18n::Lang;

/// Why a file could not be read as a table.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadError {
    Empty,
    /// The file is larger than the browser can safely hold.
    TooLarge {
        bytes: u64,
        limit: u64,
    },
    TooManyRows {
        limit: u64,
    },
    TooManyColumns {
        limit: u64,
    },
    TooManyCells {
        limit: u64,
    },
    /// Neither a workbook, nor text, nor JSON: a PDF, an image, a Word document…
    UnknownFormat,
    /// An `.ods`, `.xlsb` or other spreadsheet this reader does not take.
    UnsupportedSpreadsheet,
    /// A workbook that cannot be opened: damaged, cut short, or protected by a password.
    WorkbookUnreadable {
        detail: String,
    },
    SheetNotFound {
        sheet: String,
        available: Vec<String>,
    },
    EmptySheet {
        sheet: Option<String>,
    },
    /// No row looks like a header (a row with at least two filled cells).
    NoHeader,
    /// The header row is there but no data row follows.
    NoRows,
    /// JSON that is not a list of flat records.
    JsonNotRecords,
    /// JSON broken at a place.
    JsonBroken {
        line: usize,
        column: usize,
        detail: String,
    },
    /// The file is already a dashboard export: it needs no mapping.
    AlreadyAnExport,
    /// A CSV file the CSV reader refused.
    CsvUnreadable {
        line: u64,
        detail: String,
    },
}

impl ReadError {
    pub fn text(&self) -> Text {
        match self {
            ReadError::Empty => Text::new(
                "文件是空的，没有任何内容。请确认下载已完成，再重新选择文件。",
                "The file is empty. Please check that the download finished, then choose the file again.",
            ),
            ReadError::TooLarge { bytes, limit } => Text::new(
                format!(
                    "文件太大（{} MB），超过了浏览器能安全处理的 {} MB。请在系统中缩小导出的时间范围（例如按月导出）后再试。",
                    bytes >> 20,
                    limit >> 20
                ),
                format!(
                    "The file is too large ({} MB); the browser can safely handle {} MB. Please export a shorter period (for example one month at a time) and try again.",
                    bytes >> 20,
                    limit >> 20
                ),
            ),
            ReadError::TooManyRows { limit } => Text::new(
                format!("表格超过 {limit} 行，超出了浏览器能处理的范围。请按月或按单位分开导出后再试。"),
                format!("The table has more than {limit} rows, more than the browser can handle. Please export it in parts (by month or by unit) and try again."),
            ),
            ReadError::TooManyColumns { limit } => Text::new(
                format!("表格超过 {limit} 列，不像是工单明细表。请确认选择的是工单明细，或只导出需要的列。"),
                format!("The table has more than {limit} columns; it does not look like a work-order list. Please check the file, or export only the columns needed."),
            ),
            ReadError::TooManyCells { limit } => Text::new(
                format!("表格的单元格超过 {limit} 个，超出了浏览器能处理的范围。请缩小导出的时间范围或只导出需要的列。"),
                format!("The table has more than {limit} cells, more than the browser can handle. Please export a shorter period or only the columns needed."),
            ),
            ReadError::UnknownFormat => Text::new(
                "无法识别这个文件：它不是 Excel（.xlsx/.xls）、CSV 或 JSON 文件。请在系统中把工单明细导出为 Excel 或 CSV 后再试。",
                "This file cannot be recognised: it is not an Excel (.xlsx/.xls), CSV or JSON file. Please export the work-order list as Excel or CSV and try again.",
            ),
            ReadError::UnsupportedSpreadsheet => Text::new(
                "暂不支持这种表格格式。请在 Excel 或 WPS 中打开，另存为 .xlsx 或 CSV 后再试。",
                "This spreadsheet format is not supported. Please open it in Excel or WPS, save it as .xlsx or CSV, and try again.",
            ),
            ReadError::WorkbookUnreadable { .. } => Text::new(
                "Excel 文件打不开：文件可能已损坏、没有下载完整，或设置了打开密码。请重新下载；如有密码，请在 Excel 中取消密码并另存为 .xlsx 后再试。",
                "The Excel file cannot be opened: it may be damaged, incompletely downloaded, or password-protected. Please download it again; if it has a password, remove it in Excel and save it as .xlsx.",
            ),
            ReadError::SheetNotFound { sheet, available } => Text::new(
                format!("找不到工作表 {}。文件中的工作表有：{}。请重新选择。", quote(sheet), available.join("、")),
                format!("There is no worksheet {}. The workbook has: {}. Please choose one of them.", quote(sheet), available.join(", ")),
            ),
            ReadError::EmptySheet { sheet } => match sheet {
                Some(s) => Text::new(
                    format!("工作表 {} 是空的。如果数据在另一个工作表，请选择那个工作表。", quote(s)),
                    format!("Worksheet {} is empty. If the data is on another worksheet, please choose that one.", quote(s)),
                ),
                None => Text::new(
                    "文件中没有数据。请确认导出时选择了工单明细。",
                    "The file holds no data. Please check that the work-order list was exported.",
                ),
            },
            ReadError::NoHeader => Text::new(
                "找不到表头行（列名所在的行）。工单明细的第一行（或标题下的第一行）应是“工单编号、受理时间……”这样的列名。请检查文件。",
                "No header row was found. The first row (or the first row under a title) should name the columns, such as “工单编号, 受理时间…” or “id, opened…”. Please check the file.",
            ),
            ReadError::NoRows => Text::new(
                "表格只有表头，没有工单数据。请确认导出的时间范围内有工单。",
                "The table has a header but no work orders. Please check that the exported period has work orders.",
            ),
            ReadError::JsonNotRecords => Text::new(
                "这个 JSON 文件不是工单记录列表。应为 [{…}, {…}] 形式的数组，或每行一条 {…} 记录。请确认导出格式。",
                "This JSON file is not a list of work-order records. It should be an array [{…}, {…}], or one {…} record per line. Please check the export.",
            ),
            ReadError::JsonBroken { line, column, .. } => Text::new(
                format!("JSON 文件在第 {line} 行第 {column} 列附近损坏（可能没有下载完整）。请重新下载后再试。"),
                format!("The JSON file is broken near line {line}, column {column} (perhaps the download was cut short). Please download it again."),
            ),
            ReadError::AlreadyAnExport => Text::new(
                "这已经是看板的导出文件，无需映射。请直接用“打开文件”载入它。",
                "This is already a dashboard export and needs no mapping. Please open it directly with “Open file”.",
            ),
            ReadError::CsvUnreadable { line, .. } => Text::new(
                format!("CSV 文件在第 {line} 行附近无法读取。请在 Excel 中打开该文件，另存为 .xlsx 后再试。"),
                format!("The CSV file cannot be read near line {line}. Please open it in Excel, save it as .xlsx, and try again."),
            ),
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        self.text().get(lang).to_string()
    }

    /// The reading library's own words, for a "details" disclosure; empty when there are none.
    pub fn detail(&self) -> &str {
        match self {
            ReadError::WorkbookUnreadable { detail }
            | ReadError::JsonBroken { detail, .. }
            | ReadError::CsvUnreadable { detail, .. } => detail,
            _ => "",
        }
    }

    pub(crate) fn too_large(bytes: usize) -> ReadError {
        ReadError::TooLarge {
            bytes: bytes as u64,
            limit: limits::MAX_FILE_BYTES as u64,
        }
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text().both())
    }
}

impl std::error::Error for ReadError {}
