//! The proposal the mapping page shows: for each role the column found (and how), five sample
//! values with how each reads, and every assumption the conversion would make — as data, with
//! bilingual text, so that nothing is guessed silently. Assumptions that need the manager's
//! answer say so ([`Assumption::needs_answer`]); the page asks them before the dashboard opens.

use crate::convert::{read_cell, Reading, RowReason};
use crate::mapping::{Mapping, DEFAULT_ZONE};
use crate::roles::{detect, FoundBy, Role};
use crate::table::{Encoding, FileKind, Table};
use crate::text::{quote, Text};
use crate::values::{
    self, cell_text, normalize_word, order_evidence, parse_time, DateOrder, TimeForm,
};
use kpi_core::calendar::Offset;
use kpi_core::domain::Kind;
use kpi_core::i18n::Lang;
use serde::{Deserialize, Serialize};

/// One thing the conversion assumes. The page lists them all; none is applied unseen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "code")]
pub enum Assumption {
    /// Rows above the header row were skipped (a title).
    HeaderRow {
        row: u64,
    },
    /// The text encoding the file was read in, and whether characters were lost.
    Encoding {
        encoding: Encoding,
        replaced: bool,
    },
    Delimiter {
        delimiter: char,
    },
    /// Rows with more cells than the header: the extra cells are kept under column letters.
    RaggedRows {
        rows: u64,
    },
    /// A role's column was recognised by its values, not its header.
    ColumnByContent {
        role: Role,
        header: String,
    },
    /// An optional role has no column: what follows for the figures.
    RoleMissing {
        role: Role,
    },
    /// No id column: ids `R<row>` made from row numbers.
    IdsGenerated,
    /// No column for a required role: the manager must choose one.
    RequiredMissing {
        role: Role,
    },
    /// Times without an offset are taken in this one.
    Timezone {
        offset: String,
    },
    /// A time column's values carry their own offset, which wins over the timezone.
    OwnOffsets {
        role: Role,
        offset: String,
    },
    /// The day/month order was told by a value whose first or second number is above 12.
    DateOrderDetected {
        order: DateOrder,
        example: String,
    },
    /// Dates like 03/04/2025 whose order nothing in the file tells: asked.
    DateOrderAsked {
        example: String,
        rows: usize,
    },
    /// A time column holds dates without times: 00:00 is used.
    DateOnly {
        role: Role,
    },
    /// Plain numbers read as Excel date serial numbers (or Unix time).
    NumbersAsDates {
        role: Role,
        form: TimeForm,
    },
    /// Words meaning "empty" (NA, NULL, -…) found in a column.
    NullWords {
        role: Role,
        words: Vec<String>,
    },
    /// Districts are the names in the data (code = name), urban unless changed.
    DistrictsFromData {
        count: usize,
        names: Vec<String>,
    },
    /// No district column: all tickets in one district.
    OneDistrict {
        name: String,
    },
    /// Rows with a blank district: problems unless a district is chosen for them.
    DistrictBlank {
        rows: usize,
        name: Option<String>,
    },
    /// No district has customers: per-10k rates undefined.
    CustomersNotGiven,
    /// Some districts lack customers: per-10k rates undefined when they are in view.
    CustomersPartial {
        missing: Vec<String>,
    },
    /// `exported_at` ("now") is the latest timestamp in the file.
    ExportedAtLatest {
        at: String,
    },
    /// No kind column: every ticket counted as this kind.
    KindNotGiven {
        kind: Option<Kind>,
    },
    /// Rows with a blank kind get this kind (or are problems).
    KindBlank {
        rows: usize,
        kind: Option<Kind>,
    },
    /// The kind words of the file and the kind each maps to.
    KindWords {
        words: Vec<WordUse<Kind>>,
    },
    /// A kind word nobody mapped: please map.
    KindWordUnknown {
        word: String,
        rows: usize,
    },
    /// The satisfaction words of the file and the score each maps to.
    ScoreWords {
        words: Vec<WordUse<u8>>,
    },
    ScoreWordUnknown {
        word: String,
        rows: usize,
    },
    TierWordUnknown {
        word: String,
        rows: usize,
    },
}

/// A word of the file, what it maps to, how many rows use it, and whether the manager chose it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WordUse<T> {
    pub word: String,
    pub value: T,
    pub rows: usize,
    pub chosen: bool,
}

fn kind_text(k: Kind) -> Text {
    Text::new(k.label(Lang::Zh), k.label(Lang::En))
}

fn order_text(o: DateOrder) -> Text {
    match o {
        DateOrder::DayFirst => Text::new("日/月/年", "day/month/year"),
        DateOrder::MonthFirst => Text::new("月/日/年", "month/day/year"),
    }
}

impl Assumption {
    /// Whether the manager must answer before the figures can be trusted.
    pub fn needs_answer(&self) -> bool {
        matches!(
            self,
            Assumption::RequiredMissing { .. }
                | Assumption::DateOrderAsked { .. }
                | Assumption::KindWordUnknown { .. }
                | Assumption::ScoreWordUnknown { .. }
                | Assumption::TierWordUnknown { .. }
                | Assumption::KindNotGiven { kind: None }
        ) || matches!(self, Assumption::Encoding { replaced: true, .. })
    }

    pub fn message(&self, lang: Lang) -> String {
        self.text().get(lang).to_string()
    }

    pub fn text(&self) -> Text {
        match self {
            Assumption::HeaderRow { row } => Text::new(
                format!("表头在第 {row} 行，上面的标题行已跳过。如不对，请选择表头所在的行。"),
                format!("The header is on row {row}; the title rows above it are skipped. If that is wrong, choose the header row."),
            ),
            Assumption::Encoding { encoding, replaced } => {
                let (zh, en) = match encoding {
                    Encoding::Utf8 => ("UTF-8", "UTF-8"),
                    Encoding::Gb18030 => ("GBK（GB18030）", "GBK (GB18030)"),
                    Encoding::Utf16 => ("Unicode（UTF-16）", "Unicode (UTF-16)"),
                };
                if *replaced {
                    Text::new(
                        format!("文件按 {zh} 编码读取，但有些字符无法识别，显示为“�”。请在 Excel 中另存为 .xlsx 后再试。"),
                        format!("The file was read as {en}, but some characters could not be decoded and show as “�”. Please save it as .xlsx in Excel and try again."),
                    )
                } else {
                    Text::new(format!("文件按 {zh} 编码读取。"), format!("The file was read as {en}."))
                }
            }
            Assumption::Delimiter { delimiter } => {
                let (zh, en) = match delimiter {
                    ',' => ("逗号", "commas"),
                    ';' => ("分号", "semicolons"),
                    '\t' => ("制表符", "tabs"),
                    _ => ("其他符号", "another character"),
                };
                Text::new(format!("各列以{zh}分隔。"), format!("Columns are separated by {en}."))
            }
            Assumption::RaggedRows { rows } => Text::new(
                format!("有 {rows} 行的列数比表头多，多出的单元格按列字母命名保留。如果数据错位，可能是选错了分隔符或有未加引号的逗号。"),
                format!("{} more cells than the header; the extra cells are kept under column letters. If the data looks shifted, a delimiter or an unquoted comma may be wrong.", rows_have(*rows)),
            ),
            Assumption::ColumnByContent { role, header } => Text::new(
                format!("“{}”按内容判断为 {} 列（列名 {}）。请确认。", role.label(Lang::Zh), role.label(Lang::Zh), quote(header)),
                format!("The {} column was recognised by its values (header {}). Please confirm.", role.label(Lang::En), quote(header)),
            ),
            Assumption::RoleMissing { role } => role_missing(*role),
            Assumption::IdsGenerated => Text::new(
                "文件没有工单编号列：按行号生成编号（如 R12 表示第 12 行）。同一文件内编号唯一，但与系统中的工单号无关。",
                "The file has no ticket id column: ids are made from row numbers (R12 is row 12). They are unique within the file but are not the system's ticket numbers.",
            ),
            Assumption::RequiredMissing { role } => Text::new(
                format!("没有找到“{}”列，这一列是必需的。请选择它所在的列。", role.label(Lang::Zh)),
                format!("No column was found for “{}”, which is required. Please choose it.", role.label(Lang::En)),
            ),
            Assumption::Timezone { offset } => Text::new(
                format!("没有标明时区的时间按 {offset}（北京时间为 +08:00）理解。如数据来自其他时区，请修改。"),
                format!("Times written without an offset are taken as {offset} (Beijing time is +08:00). Change it if the data comes from another timezone."),
            ),
            Assumption::OwnOffsets { role, offset } => Text::new(
                format!("“{}”的时间自带时区（{offset}），按其自身时区换算；按日、按月统计时使用所选时区。", role.label(Lang::Zh)),
                format!("“{}” times carry their own offset ({offset}) and are read with it; days and months are counted in the chosen timezone.", role.label(Lang::En)),
            ),
            Assumption::DateOrderDetected { order, example } => {
                let o = order_text(*order);
                Text::new(
                    format!("日期按 {} 顺序读取（依据 {} 这样的值）。", o.zh, quote(example)),
                    format!("Dates are read as {} (from values such as {}).", o.en, quote(example)),
                )
            }
            Assumption::DateOrderAsked { example, rows } => Text::new(
                format!("有 {rows} 行的日期（如 {}）无法判断是“日/月”还是“月/日”。请选择日期顺序，否则这些行不会导入。", quote(example)),
                format!("{} dates (such as {}) that could be day/month or month/day. Please choose the order, or these rows are not imported.", rows_have(*rows as u64), quote(example)),
            ),
            Assumption::DateOnly { role } => Text::new(
                format!("“{}”只有日期没有时刻，按当天 00:00 计算；相关时长只精确到天。", role.label(Lang::Zh)),
                format!("“{}” has dates without times; 00:00 is used, so durations are only exact to the day.", role.label(Lang::En)),
            ),
            Assumption::NumbersAsDates { role, form } => match form {
                TimeForm::Epoch => Text::new(
                    format!("“{}”是数字，按 Unix 时间戳（UTC）读取。", role.label(Lang::Zh)),
                    format!("“{}” holds numbers, read as Unix timestamps (UTC).", role.label(Lang::En)),
                ),
                _ => Text::new(
                    format!("“{}”是数字，按 Excel 日期序号读取（如 45931.35 = 2025-10-01 08:24）。", role.label(Lang::Zh)),
                    format!("“{}” holds numbers, read as Excel date serial numbers (45931.35 = 2025-10-01 08:24).", role.label(Lang::En)),
                ),
            },
            Assumption::NullWords { role, words } => Text::new(
                format!("“{}”中的 {} 视为空值。", role.label(Lang::Zh), words.iter().map(|w| quote(w)).collect::<Vec<_>>().join("、")),
                format!("In “{}”, {} are read as empty.", role.label(Lang::En), words.iter().map(|w| quote(w)).collect::<Vec<_>>().join(", ")),
            ),
            Assumption::DistrictsFromData { count, .. } => Text::new(
                format!("供电单位取自数据中的名称（共 {count} 个），名称即编码；默认均为城市区域（到达现场时限 45 分钟），可逐个修改为农村或偏远。"),
                format!("Districts are the {count} names in the data (the name is the code); each is urban by default (45-minute arrival commitment) and can be changed to rural or remote."),
            ),
            Assumption::OneDistrict { name } => Text::new(
                format!("文件没有供电单位列：全部工单计入 {}。", quote(name)),
                format!("The file has no district column: all tickets are counted under {}.", quote(name)),
            ),
            Assumption::DistrictBlank { rows, name } => match name {
                Some(n) => Text::new(
                    format!("有 {rows} 行没有供电单位，计入 {}。", quote(n)),
                    format!("{} no district: counted under {}.", rows_have(*rows as u64), quote(n)),
                ),
                None => Text::new(
                    format!("有 {rows} 行没有供电单位，这些行不会导入（会在问题清单中列出）。如需保留，请为它们指定一个单位。"),
                    format!("{} no district: not imported (listed as problems). To keep such rows, choose a district for them.", rows_have(*rows as u64)),
                ),
            },
            Assumption::CustomersNotGiven => Text::new(
                "未提供各单位的客户数：“万户投诉率”无法计算。可逐个填写，或导入“单位,客户数”表格。",
                "No district has a customer count: complaints per 10,000 customers cannot be computed. Type them in, or load a “district, customers” table.",
            ),
            Assumption::CustomersPartial { missing } => Text::new(
                format!("{} 未提供客户数：包含它们时“万户投诉率”无法计算。", missing.iter().map(|w| quote(w)).collect::<Vec<_>>().join("、")),
                format!("{} have no customer count: complaints per 10,000 customers cannot be computed when they are in view.", missing.iter().map(|w| quote(w)).collect::<Vec<_>>().join(", ")),
            ),
            Assumption::ExportedAtLatest { at } => Text::new(
                format!("统计截止时间（判断超时、积压的“现在”）取文件中最晚的时间 {at}。如需按今天计算，请修改。"),
                format!("The “as of” time (the “now” of overdue and backlog) is the latest time in the file, {at}. Change it to count as of today."),
            ),
            Assumption::KindNotGiven { kind } => match kind {
                Some(k) => {
                    let t = kind_text(*k);
                    Text::new(
                        format!("文件没有业务类型列：全部工单按“{}”统计。如不对，请选择类型列或修改。", t.zh),
                        format!("The file has no kind column: every ticket is counted as “{}”. Choose a kind column or change it if that is wrong.", t.en),
                    )
                }
                None => Text::new(
                    "文件没有业务类型列。请选择类型所在的列，或指定全部工单的类型。",
                    "The file has no kind column. Please choose it, or name the kind of all tickets.",
                ),
            },
            Assumption::KindBlank { rows, kind } => match kind {
                Some(k) => {
                    let t = kind_text(*k);
                    Text::new(
                        format!("有 {rows} 行没有业务类型，按“{}”统计。", t.zh),
                        format!("{} no kind: counted as “{}”.", rows_have(*rows as u64), t.en),
                    )
                }
                None => Text::new(
                    format!("有 {rows} 行没有业务类型，这些行不会导入。如需保留，请为它们指定一个类型。"),
                    format!("{} no kind: not imported. To keep such rows, choose a kind for them.", rows_have(*rows as u64)),
                ),
            },
            Assumption::KindWords { words } => Text::new(
                format!("业务类型对应：{}。", words.iter().map(|w| format!("{}→{}", quote(&w.word), kind_text(w.value).zh)).collect::<Vec<_>>().join("，")),
                format!("Kinds: {}.", words.iter().map(|w| format!("{} → {}", quote(&w.word), kind_text(w.value).en)).collect::<Vec<_>>().join(", ")),
            ),
            Assumption::KindWordUnknown { word, rows } => Text::new(
                format!("业务类型 {}（{rows} 行）无法识别，请指定它对应的类型。", quote(word)),
                format!("The kind {} ({}) is not recognised; please map it.", quote(word), rows_en(*rows as u64)),
            ),
            Assumption::ScoreWords { words } => Text::new(
                format!("满意度对应：{}（4 分及以上计为满意）。", words.iter().map(|w| format!("{}→{}", quote(&w.word), score_zh(w.value))).collect::<Vec<_>>().join("，")),
                format!("Satisfaction: {} (4 and above count as satisfied).", words.iter().map(|w| format!("{} → {}", quote(&w.word), score_en(w.value))).collect::<Vec<_>>().join(", ")),
            ),
            Assumption::ScoreWordUnknown { word, rows } => Text::new(
                format!("满意度 {}（{rows} 行）无法识别，请指定它对应的分数（1–5）或“未评价”。", quote(word)),
                format!("The satisfaction {} ({}) is not recognised; please map it to a score 1–5 or to “no score”.", quote(word), rows_en(*rows as u64)),
            ),
            Assumption::TierWordUnknown { word, rows } => Text::new(
                format!("客户分级 {}（{rows} 行）无法识别，请指定它对应 A、B、C 类或“未分级”。", quote(word)),
                format!("The customer tier {} ({}) is not recognised; please map it to A, B, C or “unrated”.", quote(word), rows_en(*rows as u64)),
            ),
        }
    }
}

/// "1 row" / "12 rows".
fn rows_en(n: u64) -> String {
    if n == 1 {
        "1 row".into()
    } else {
        format!("{n} rows")
    }
}

/// "1 row has" / "12 rows have", to start a sentence.
fn rows_have(n: u64) -> String {
    if n == 1 {
        "1 row has".into()
    } else {
        format!("{n} rows have")
    }
}

fn score_zh(s: u8) -> String {
    if s == 0 {
        "未评价".into()
    } else {
        format!("{s} 分")
    }
}

fn score_en(s: u8) -> String {
    if s == 0 {
        "no score".into()
    } else {
        s.to_string()
    }
}

fn role_missing(role: Role) -> Text {
    let (zh, en) = match role {
        Role::Category => ("投诉分类统计（帕累托）全部计为“未分类”。", "the complaint Pareto counts every complaint as “未分类” (uncategorised)."),
        Role::Channel => ("渠道统计全部计为“未知渠道”。", "channel figures count every ticket as “未知渠道” (unknown channel)."),
        Role::CustomerId => ("无法计算重复投诉率。", "the repeat-complaint rate cannot be computed."),
        Role::Tier => ("全部工单计为“未分级”。", "every ticket is counted as unrated."),
        Role::FirstResponse => ("首次响应时长和及时率无法计算。", "first-response times and rates cannot be computed."),
        Role::Arrival => ("到达现场时长和及时率无法计算。", "arrival times and rates cannot be computed."),
        Role::Resolved => ("全部工单视为未办结：积压即全部工单，办结时长无法计算。", "every ticket counts as unresolved: the backlog is every ticket and resolution times cannot be computed."),
        Role::Satisfaction => ("满意度指标无法计算。", "satisfaction figures cannot be computed."),
        _ => ("", ""),
    };
    Text::new(
        format!("没有“{}”列：{zh}", role.label(Lang::Zh)),
        format!("No “{}” column: {en}", role.label(Lang::En)),
    )
}

/// A sample value of a role's column and how it reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sample {
    pub row: u64,
    pub raw: String,
    /// What the value becomes in the export, or why it cannot.
    pub reading: Result<String, Text>,
}

/// One role on the mapping page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleView {
    pub role: Role,
    pub column: Option<usize>,
    pub header: Option<String>,
    pub found_by: Option<FoundBy>,
    pub samples: Vec<Sample>,
}

/// What the mapping page shows first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Proposal {
    pub mapping: Mapping,
    pub roles: Vec<RoleView>,
    pub assumptions: Vec<Assumption>,
    /// The header signature, to remember the mapping for this layout.
    pub signature: String,
}

/// Number of sample values per role.
pub const SAMPLES: usize = 5;

fn describe(reading: &Reading, mapping: &Mapping) -> String {
    match reading {
        Reading::Nothing => "—".into(),
        Reading::Text(t) => t.clone(),
        Reading::Time { utc, .. } => kpi_core::v1::timestamp(*utc, mapping.timezone),
        Reading::Kind(k) => format!("{} {}", k.code(), k.label(Lang::Zh)),
        Reading::Tier(t) => t.code().to_string(),
        Reading::Score(s) => s.to_string(),
    }
}

/// The role views for a mapping: column, header and samples. `found` says how each column was
/// found (from [`propose`]); columns not in it count as chosen.
pub fn preview(table: &Table, mapping: &Mapping, found: &[(Role, FoundBy)]) -> Vec<RoleView> {
    Role::ALL
        .iter()
        .map(|&role| {
            let column = mapping.column(role);
            let samples = match column {
                Some(c) => table
                    .rows
                    .iter()
                    .filter(|r| !r.cell(c).is_empty())
                    .take(SAMPLES)
                    .map(|r| {
                        let cell = r.cell(c);
                        Sample {
                            row: r.number,
                            raw: cell.display(),
                            reading: read_cell(cell, role, mapping)
                                .map(|reading| describe(&reading, mapping))
                                .map_err(|reason| reason.text()),
                        }
                    })
                    .collect(),
                None => Vec::new(),
            };
            RoleView {
                role,
                column,
                header: column.and_then(|c| table.header(c)).map(str::to_string),
                found_by: column.map(|_| {
                    found
                        .iter()
                        .find(|(r, _)| *r == role)
                        .map(|(_, by)| by.clone())
                        .unwrap_or(FoundBy::Chosen)
                }),
                samples,
            }
        })
        .collect()
}

/// Detects the columns and proposes a mapping, with its samples and assumptions.
pub fn propose(table: &Table) -> Proposal {
    let detected = detect(table);
    let mut mapping = Mapping::default();
    let mut found: Vec<(Role, FoundBy)> = Vec::new();
    for (role, hit) in detected {
        if let Some((column, by)) = hit {
            mapping.columns.insert(role, column);
            found.push((role, by));
        }
    }
    // Times that carry one offset throughout: count the days in it.
    if let Some(offset) = mapping
        .column(Role::Opened)
        .and_then(|c| common_offset(table, c))
    {
        mapping.timezone = offset;
    }
    mapping.date_order = date_order(table, &mapping).0;
    if mapping.column(Role::Id).is_none() {
        mapping.generate_ids = true;
    }
    if mapping.column(Role::Kind).is_none() {
        // 311 and marketing files have no kind: "request" is the neutral reading, stated.
        mapping.default_kind = Some(Kind::Request);
    }
    if mapping.column(Role::District).is_none() {
        mapping.default_district = Some("全部".into());
    }
    let assumptions = assumptions(table, &mapping, &found);
    Proposal {
        roles: preview(table, &mapping, &found),
        mapping,
        assumptions,
        signature: table.signature(),
    }
}

/// The offset every time of a column carries, if they all carry the same one.
fn common_offset(table: &Table, column: usize) -> Option<Offset> {
    let mut common: Option<Offset> = None;
    for row in &table.rows {
        let cell = row.cell(column);
        if cell_text(cell).is_none() {
            continue;
        }
        let t = parse_time(cell, Some(DateOrder::DayFirst)).ok()?;
        let offset = t.offset?;
        if common.is_some_and(|c| c != offset) {
            return None;
        }
        common = Some(offset);
    }
    common
}

/// The day/month order the time columns tell, an example, and how many ambiguous values
/// remain: `(Some(order), example)` if values tell one order only; `(None, …)` otherwise.
fn date_order(
    table: &Table,
    mapping: &Mapping,
) -> (Option<DateOrder>, Option<String>, usize, Option<String>) {
    let mut day_first: Option<String> = None;
    let mut month_first: Option<String> = None;
    let mut ambiguous = 0usize;
    let mut ambiguous_example = None;
    for role in Role::ALL.into_iter().filter(|r| r.is_time()) {
        let Some(column) = mapping.column(role) else {
            continue;
        };
        for row in &table.rows {
            let crate::table::Cell::Text(t) = row.cell(column) else {
                continue;
            };
            match order_evidence(t) {
                Some(DateOrder::DayFirst) => {
                    day_first.get_or_insert_with(|| t.trim().to_string());
                }
                Some(DateOrder::MonthFirst) => {
                    month_first.get_or_insert_with(|| t.trim().to_string());
                }
                None => {
                    if values::is_ambiguous_date(t) {
                        ambiguous = ambiguous.saturating_add(1);
                        ambiguous_example.get_or_insert_with(|| t.trim().to_string());
                    }
                }
            }
        }
    }
    match (day_first, month_first) {
        (Some(e), None) => (
            Some(DateOrder::DayFirst),
            Some(e),
            ambiguous,
            ambiguous_example,
        ),
        (None, Some(e)) => (
            Some(DateOrder::MonthFirst),
            Some(e),
            ambiguous,
            ambiguous_example,
        ),
        _ => (None, None, ambiguous, ambiguous_example),
    }
}

/// Tallies of words of a column: (word as first written, normalised, rows).
fn tally_words(table: &Table, column: usize) -> Vec<(String, String, usize)> {
    let mut words: Vec<(String, String, usize)> = Vec::new();
    for row in &table.rows {
        let Some(text) = cell_text(row.cell(column)) else {
            continue;
        };
        let key = normalize_word(&text);
        match words.iter_mut().find(|w| w.1 == key) {
            Some(w) => w.2 = w.2.saturating_add(1),
            None => {
                if words.len() < 10_000 {
                    words.push((text, key, 1));
                }
            }
        }
    }
    words
}

/// Every assumption a mapping makes on a table. Recomputed as the manager edits the mapping.
pub fn assumptions(table: &Table, mapping: &Mapping, found: &[(Role, FoundBy)]) -> Vec<Assumption> {
    let mut out = Vec::new();
    let src = &table.source;
    if src.header_row > 1 {
        out.push(Assumption::HeaderRow {
            row: src.header_row,
        });
    }
    if let Some(encoding) = src.encoding {
        if src.kind == FileKind::Csv || encoding != Encoding::Utf8 || src.replaced_characters {
            out.push(Assumption::Encoding {
                encoding,
                replaced: src.replaced_characters,
            });
        }
    }
    if let Some(delimiter) = src.delimiter {
        out.push(Assumption::Delimiter { delimiter });
    }
    if src.ragged_rows > 0 {
        out.push(Assumption::RaggedRows {
            rows: src.ragged_rows,
        });
    }
    for (role, by) in found {
        if *by == FoundBy::Content {
            if let Some(header) = mapping.column(*role).and_then(|c| table.header(c)) {
                out.push(Assumption::ColumnByContent {
                    role: *role,
                    header: header.to_string(),
                });
            }
        }
    }
    if mapping.column(Role::Opened).is_none() {
        out.push(Assumption::RequiredMissing { role: Role::Opened });
    }
    if mapping.column(Role::Id).is_none() {
        out.push(if mapping.generate_ids {
            Assumption::IdsGenerated
        } else {
            Assumption::RequiredMissing { role: Role::Id }
        });
    }
    // Times.
    let mut any_local = false;
    for role in Role::ALL.into_iter().filter(|r| r.is_time()) {
        let Some(column) = mapping.column(role) else {
            continue;
        };
        let mut forms: Vec<TimeForm> = Vec::new();
        let mut offset = None;
        for row in &table.rows {
            if let Ok(Reading::Time {
                form, offset: o, ..
            }) = read_cell(row.cell(column), role, mapping)
            {
                if !forms.contains(&form) {
                    forms.push(form);
                }
                if o.is_some() {
                    offset = o;
                }
            }
        }
        any_local |= forms
            .iter()
            .any(|f| *f != TimeForm::WithOffset && *f != TimeForm::Epoch);
        if forms.contains(&TimeForm::WithOffset) {
            if let Some(o) = offset {
                out.push(Assumption::OwnOffsets {
                    role,
                    offset: o.to_string(),
                });
            }
        }
        if forms.contains(&TimeForm::DateOnly) {
            out.push(Assumption::DateOnly { role });
        }
        for form in [TimeForm::ExcelSerial, TimeForm::Epoch] {
            if forms.contains(&form) {
                out.push(Assumption::NumbersAsDates { role, form });
            }
        }
    }
    if any_local || mapping.timezone != DEFAULT_ZONE {
        out.push(Assumption::Timezone {
            offset: mapping.timezone.to_string(),
        });
    }
    let (order, example, ambiguous, ambiguous_example) = date_order(table, mapping);
    match (mapping.date_order, order, example) {
        (Some(chosen), Some(found), Some(example)) if chosen == found => {
            out.push(Assumption::DateOrderDetected {
                order: found,
                example,
            })
        }
        (None, _, _) if ambiguous > 0 => out.push(Assumption::DateOrderAsked {
            example: ambiguous_example.unwrap_or_default(),
            rows: ambiguous,
        }),
        _ => {}
    }
    // Null words.
    for (role, &column) in &mapping.columns {
        let mut words: Vec<String> = Vec::new();
        for row in &table.rows {
            if let crate::table::Cell::Text(t) = row.cell(column) {
                let t = t.trim();
                if !t.is_empty()
                    && values::is_null_word(t)
                    && !words.iter().any(|w| w == t)
                    && words.len() < 5
                {
                    words.push(t.to_string());
                }
            }
        }
        if !words.is_empty() {
            out.push(Assumption::NullWords { role: *role, words });
        }
    }
    // Districts.
    match mapping.column(Role::District) {
        Some(column) => {
            let words = tally_words(table, column);
            let blank = table
                .rows
                .iter()
                .filter(|r| cell_text(r.cell(column)).is_none())
                .count();
            out.push(Assumption::DistrictsFromData {
                count: words.len(),
                names: words.iter().map(|w| w.0.clone()).collect(),
            });
            if blank > 0 {
                out.push(Assumption::DistrictBlank {
                    rows: blank,
                    name: mapping.default_district.clone(),
                });
            }
            let mut names: Vec<String> = words.into_iter().map(|w| w.0).collect();
            if blank > 0 {
                names.extend(mapping.default_district.clone());
            }
            customers(&names, mapping, &mut out);
        }
        None => match &mapping.default_district {
            Some(name) => {
                out.push(Assumption::OneDistrict { name: name.clone() });
                customers(std::slice::from_ref(name), mapping, &mut out);
            }
            None => out.push(Assumption::RequiredMissing {
                role: Role::District,
            }),
        },
    }
    // Kinds.
    match mapping.column(Role::Kind) {
        Some(column) => {
            let mut known = Vec::new();
            for (word, key, rows) in tally_words(table, column) {
                let chosen = mapping.kind_words.get(&key).copied();
                match chosen.or_else(|| values::kind_word(&word)) {
                    Some(value) => known.push(WordUse {
                        word,
                        value,
                        rows,
                        chosen: chosen.is_some(),
                    }),
                    None => out.push(Assumption::KindWordUnknown { word, rows }),
                }
            }
            if !known.is_empty() {
                out.push(Assumption::KindWords { words: known });
            }
            let blank = table
                .rows
                .iter()
                .filter(|r| cell_text(r.cell(column)).is_none())
                .count();
            if blank > 0 {
                out.push(Assumption::KindBlank {
                    rows: blank,
                    kind: mapping.default_kind,
                });
            }
        }
        None => out.push(Assumption::KindNotGiven {
            kind: mapping.default_kind,
        }),
    }
    // Scores and tiers.
    if let Some(column) = mapping.column(Role::Satisfaction) {
        let mut words = Vec::new();
        for (word, key, rows) in tally_words(table, column) {
            let chosen = mapping.score_words.get(&key).copied();
            let cell = crate::table::Cell::text(&word);
            let value = chosen.or(match values::score_word(&cell) {
                values::ScoreRead::Score(s) => Some(s),
                values::ScoreRead::NoScore => Some(0),
                values::ScoreRead::Unknown => None,
            });
            match value {
                // Plain digits need no explanation; words do.
                Some(_) if chosen.is_none() && word.trim().parse::<f64>().is_ok() => {}
                Some(value) => words.push(WordUse {
                    word,
                    value,
                    rows,
                    chosen: chosen.is_some(),
                }),
                None => out.push(Assumption::ScoreWordUnknown { word, rows }),
            }
        }
        if !words.is_empty() {
            out.push(Assumption::ScoreWords { words });
        }
    }
    if let Some(column) = mapping.column(Role::Tier) {
        for (word, key, rows) in tally_words(table, column) {
            if !mapping.tier_words.contains_key(&key) && values::tier_word(&word).is_none() {
                out.push(Assumption::TierWordUnknown { word, rows });
            }
        }
    }
    for role in [
        Role::Category,
        Role::Channel,
        Role::CustomerId,
        Role::Tier,
        Role::FirstResponse,
        Role::Arrival,
        Role::Resolved,
        Role::Satisfaction,
    ] {
        if mapping.column(role).is_none() {
            out.push(Assumption::RoleMissing { role });
        }
    }
    if mapping.exported_at.is_none() {
        if let Some(at) = latest(table, mapping) {
            out.push(Assumption::ExportedAtLatest {
                at: kpi_core::v1::timestamp(at, mapping.timezone),
            });
        }
    }
    out
}

fn customers(names: &[String], mapping: &Mapping, out: &mut Vec<Assumption>) {
    let missing: Vec<String> = names
        .iter()
        .filter(|n| mapping.district(n).customers.is_none())
        .cloned()
        .collect();
    if missing.is_empty() {
        return;
    }
    if missing.len() == names.len() {
        out.push(Assumption::CustomersNotGiven);
    } else {
        out.push(Assumption::CustomersPartial { missing });
    }
}

/// The "now" a conversion would use: the latest timestamp of the rows that read.
fn latest(table: &Table, mapping: &Mapping) -> Option<i64> {
    let time = |row: &crate::table::Row, role: Role| -> Option<i64> {
        let column = mapping.column(role)?;
        match read_cell(row.cell(column), role, mapping) {
            Ok(Reading::Time { utc, .. }) => Some(utc),
            _ => None,
        }
    };
    let opened: Vec<i64> = table
        .rows
        .iter()
        .filter_map(|r| time(r, Role::Opened))
        .collect();
    let milestones: Vec<i64> = table
        .rows
        .iter()
        .flat_map(|r| {
            [
                time(r, Role::FirstResponse),
                time(r, Role::Arrival),
                time(r, Role::Resolved),
            ]
        })
        .flatten()
        .collect();
    crate::convert::latest_time(&opened, &milestones)
}

/// Why a reason is about a word the manager can map (for the page to offer the mapping).
pub fn mappable_word(reason: &RowReason) -> Option<(Role, &str)> {
    match reason {
        RowReason::UnknownKind { word } => Some((Role::Kind, word)),
        RowReason::UnknownTier { word } => Some((Role::Tier, word)),
        RowReason::UnknownScore { word } => Some((Role::Satisfaction, word)),
        _ => None,
    }
}
