//! The mapper's own words (the assumptions, row problems and file errors are kpi-mapping's):
//! how a column was found, what happened to a mapping given with the file, and notes on a
//! customers file. Chinese first, for a manager.

use crate::protocol::{Origin, Text};
use kpi_mapping::text::quote;
use kpi_mapping::FoundBy;

/// How a role's column was found.
pub fn found(by: &FoundBy) -> Text {
    match by {
        FoundBy::Header { synonym } => Text::new(
            format!("按列名识别（{}）", quote(synonym)),
            format!("by its header ({})", quote(synonym)),
        ),
        FoundBy::HeaderContains { synonym } => Text::new(
            format!("列名包含 {}", quote(synonym)),
            format!("the header contains {}", quote(synonym)),
        ),
        FoundBy::Content => Text::new("按内容判断，请核对", "by its values: please check"),
        FoundBy::Chosen => Text::new("已选择", "chosen"),
    }
}

/// A column that comes from a mapping given with the file.
pub fn from_given(origin: Origin) -> Text {
    match origin {
        Origin::Link => Text::new("按链接中的映射", "from the link's mapping"),
        Origin::Remembered => Text::new("按本机保存的映射", "from the mapping saved here"),
        Origin::Imported => Text::new("按导入的映射文件", "from the mapping file loaded"),
    }
}

/// A mapping given with the file is used.
pub fn given_used(origin: Origin) -> Text {
    match origin {
        Origin::Link => Text::new(
            "已使用链接中的映射（与本文件的表头相符）。",
            "The link's mapping is used (it was made for this file's headers).",
        ),
        Origin::Remembered => Text::new(
            "已使用本机为这种表头保存的映射（上次确认时保存）。如表格内容有变化，请核对。",
            "The mapping saved here for these headers is used (saved when last confirmed). Please check it if the file has changed.",
        ),
        Origin::Imported => Text::new("已使用导入的映射文件。", "The mapping file loaded is used."),
    }
}

/// A mapping given was made for other headers: not used.
pub fn given_other_layout(origin: Origin) -> Text {
    match origin {
        Origin::Link => Text::new(
            "链接中的映射是为另一种表头的文件保存的，没有使用；已按本文件的列重新识别。请核对后确认。",
            "The link's mapping was made for a file with other headers and is not used; the columns were detected again for this file. Please check them, then confirm.",
        ),
        Origin::Remembered => Text::new(
            "保存的映射是为另一种表头的文件保存的，没有使用。",
            "The saved mapping was made for a file with other headers and is not used.",
        ),
        Origin::Imported => Text::new(
            "导入的映射是为另一种表头的文件保存的，已按列的位置使用。请逐项核对。",
            "The mapping file was made for a file with other headers; it is used by column position. Please check every role.",
        ),
    }
}

/// A mapping given names no layout (written by hand): used, to be checked.
pub fn given_without_layout(origin: Origin) -> Text {
    let (zh, en) = match origin {
        Origin::Link => ("链接中的映射", "The link's mapping"),
        Origin::Remembered => ("保存的映射", "The saved mapping"),
        Origin::Imported => ("导入的映射", "The mapping file"),
    };
    Text::new(
        format!("{zh}没有注明适用于哪种表头，已按列的位置使用。请核对后确认。"),
        format!("{en} does not say which headers it was made for; it is used by column position. Please check it, then confirm."),
    )
}

/// A mapping given points at columns the file does not have.
pub fn given_does_not_fit(origin: Origin, columns: usize) -> Text {
    let (zh, en) = match origin {
        Origin::Link => ("链接中的映射", "The link's mapping"),
        Origin::Remembered => ("保存的映射", "The saved mapping"),
        Origin::Imported => ("导入的映射", "The mapping file"),
    };
    Text::new(
        format!("{zh}用到了本文件没有的列（本文件共 {columns} 列），没有使用；已按本文件的列重新识别。"),
        format!("{en} uses columns this file does not have (it has {columns}); it is not used and the columns were detected again."),
    )
}

/// A mapping given cannot be read at all.
pub fn given_unreadable(origin: Origin, why: &kpi_mapping::Text) -> Text {
    let (zh, en) = match origin {
        Origin::Link => ("链接中的映射", "The link's mapping"),
        Origin::Remembered => ("保存的映射", "The saved mapping"),
        Origin::Imported => ("导入的映射文件", "The mapping file"),
    };
    Text::new(
        format!("{zh}无法读取：{}", why.zh),
        format!("{en} cannot be read: {}", why.en),
    )
}

/// A sheet named by a mapping is not in the workbook.
pub fn sheet_missing(sheet: &str) -> Text {
    Text::new(
        format!("映射指定的工作表 {} 不在本文件中，已读取第一个工作表。", quote(sheet)),
        format!("The mapping names worksheet {}, which this file does not have; the first sheet is read.", quote(sheet)),
    )
}

/// Customers read from a second file.
pub fn customers_read(name: &str, entries: usize) -> Text {
    Text::new(
        format!("已从 {} 读取 {entries} 个单位的客户数。", quote(name)),
        format!(
            "Customers of {entries} districts were read from {}.",
            quote(name)
        ),
    )
}

/// Districts of the customers file that the data does not have.
pub fn customers_unused(names: &[String]) -> Text {
    let list: Vec<String> = names.iter().take(10).map(|n| quote(n)).collect();
    let more = names.len().saturating_sub(10);
    let (zh_more, en_more) = if more > 0 {
        (
            format!(" 等 {} 个", names.len()),
            format!(" and {more} more"),
        )
    } else {
        (String::new(), String::new())
    };
    Text::new(
        format!("客户数表中的 {}{zh_more} 不是数据中的单位名称，未使用。请检查名称是否一致。", list.join("、")),
        format!("{}{en_more} in the customers file are not districts of the data and are not used. Please check the names.", list.join(", ")),
    )
}

/// A long list shown in part.
pub fn list_cut(what_zh: &str, what_en: &str, shown: usize, total: usize) -> Text {
    Text::new(
        format!("{what_zh}共 {total} 个，只列出前 {shown} 个。如果数量远超预期，可能选错了列。"),
        format!("There are {total} {what_en}; the first {shown} are listed. If that is far more than expected, a column may be chosen wrongly."),
    )
}

/// Assumptions of one kind beyond those listed.
pub fn more_assumptions(count: usize) -> Text {
    Text::new(
        format!("同类问题还有 {count} 项未列出。"),
        format!("{count} more of the same kind are not listed."),
    )
}

/// Distinct values of a column: the words shown above the word tables.
pub const DISTRICTS: (&str, &str) = ("供电单位", "districts");
pub const WORDS: (&str, &str) = ("不同的值", "distinct values");

/// The mapping cannot be loaded while questions remain.
pub fn still_asked(count: usize) -> Text {
    Text::new(
        format!("还有 {count} 个问题需要回答，回答后才能载入。"),
        format!("{count} questions remain to be answered before the file can be loaded."),
    )
}

/// A value typed for a setting that cannot be used.
pub fn bad_offset(minutes: i32) -> Text {
    Text::new(
        format!("时区偏移 {minutes} 分钟超出范围（应在 −14:00 到 +14:00 之间）。"),
        format!("A UTC offset of {minutes} minutes is out of range (−14:00 to +14:00)."),
    )
}

pub fn bad_column(column: usize, columns: usize) -> Text {
    Text::new(
        format!(
            "第 {} 列不存在（本表共 {columns} 列）。",
            column.saturating_add(1)
        ),
        format!(
            "Column {} does not exist (the table has {columns}).",
            column.saturating_add(1)
        ),
    )
}

pub fn bad_score(score: u8) -> Text {
    Text::new(
        format!("满意度分数 {score} 不在 1–5 之内。"),
        format!("A satisfaction score of {score} is not within 1–5."),
    )
}

pub fn unknown_code(code: &str) -> Text {
    Text::new(
        format!("无法识别的选项 {}。", quote(code)),
        format!("Unknown option {}.", quote(code)),
    )
}

pub fn no_file() -> Text {
    Text::new(
        "没有收到文件内容。请重新选择文件。",
        "The file's content did not arrive. Please choose the file again.",
    )
}

pub fn nothing_open() -> Text {
    Text::new(
        "映射页面已过期（文件不再打开）。请重新打开文件。",
        "The mapping step has expired (the file is no longer open). Please open the file again.",
    )
}
