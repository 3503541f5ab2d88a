//! Record-level problems: a ticket or survey that is rejected while the rest of the file loads.
//! Nothing is dropped silently: every rejected record becomes a [`Problem`] in the load report.

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// Which array a rejected record came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RecordKind {
    Ticket,
    Survey,
    /// A district of `$.districts` (accepted, with a value set aside).
    District,
}

impl RecordKind {
    /// "工单", "回访", "区县".
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            RecordKind::Ticket => lang.pick("工单", "Ticket"),
            RecordKind::Survey => lang.pick("回访", "Survey"),
            RecordKind::District => lang.pick("区县", "District"),
        }
    }
}

/// One rejected record: where it is and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    pub record: RecordKind,
    /// Position in its array (0-based, as in the JSON path).
    pub index: usize,
    /// The record's `id` (`ticket_id` for a survey), when it had a usable one.
    pub id: Option<String>,
    /// JSON path of the offending value, e.g. `$.tickets[74].opened_at`.
    pub path: String,
    pub reason: Reason,
}

/// Why a record was rejected. Values quoted from the file are kept verbatim (they are shown as
/// text, never as markup).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Reason {
    NotAnObject,
    Missing,
    NotText,
    Empty,
    BadTimestamp(String),
    UnknownDistrict(String),
    UnknownKind(String),
    UnknownTier(String),
    DuplicateId,
    DuplicateKey,
    ScoreOutOfRange(String),
    BeforeOpened,
    UnknownTicket(String),
    TooLarge,
    /// A timestamp later than a day after `exported_at` or more than 30 years before it.
    Implausible(String),
    /// Well-formed JSON that holds a value no reader can take (a lone surrogate escape, a
    /// number beyond f64): serde_json's words.
    BadValue(String),
    /// A district's `customers` beyond [`crate::load::MAX_CUSTOMERS`]: treated as missing.
    CustomersTooLarge(String),
}

impl Reason {
    /// A stable machine-readable code, for the downloaded report.
    pub fn code(&self) -> &'static str {
        match self {
            Reason::NotAnObject => "not_an_object",
            Reason::Missing => "missing",
            Reason::NotText => "not_text",
            Reason::Empty => "empty",
            Reason::BadTimestamp(_) => "bad_timestamp",
            Reason::UnknownDistrict(_) => "unknown_district",
            Reason::UnknownKind(_) => "unknown_kind",
            Reason::UnknownTier(_) => "unknown_tier",
            Reason::DuplicateId => "duplicate_id",
            Reason::DuplicateKey => "duplicate_key",
            Reason::ScoreOutOfRange(_) => "score_out_of_range",
            Reason::BeforeOpened => "before_opened",
            Reason::UnknownTicket(_) => "unknown_ticket",
            Reason::TooLarge => "too_large",
            Reason::Implausible(_) => "implausible_timestamp",
            Reason::BadValue(_) => "bad_value",
            Reason::CustomersTooLarge(_) => "customers_too_large",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Reason::NotAnObject, Lang::Zh) => "记录不是 JSON 对象".into(),
            (Reason::NotAnObject, Lang::En) => "record is not a JSON object".into(),
            (Reason::Missing, Lang::Zh) => "缺少必填字段".into(),
            (Reason::Missing, Lang::En) => "required field is missing".into(),
            (Reason::NotText, Lang::Zh) => "应为文本（字符串）".into(),
            (Reason::NotText, Lang::En) => "expected text (a string)".into(),
            (Reason::Empty, Lang::Zh) => "不能为空".into(),
            (Reason::Empty, Lang::En) => "must not be empty".into(),
            (Reason::BadTimestamp(v), Lang::Zh) => {
                format!("时间格式无效（应为带时区的 RFC 3339 时间）：{v}")
            }
            (Reason::BadTimestamp(v), Lang::En) => {
                format!("invalid timestamp (expected RFC 3339 with an offset): {v}")
            }
            (Reason::UnknownDistrict(v), Lang::Zh) => format!("未知的供电区域编码：{v}"),
            (Reason::UnknownDistrict(v), Lang::En) => format!("unknown district code: {v}"),
            (Reason::UnknownKind(v), Lang::Zh) => format!("未知的工单类型：{v}"),
            (Reason::UnknownKind(v), Lang::En) => format!("unknown work-order kind: {v}"),
            (Reason::UnknownTier(v), Lang::Zh) => format!("客户等级应为 A、B 或 C：{v}"),
            (Reason::UnknownTier(v), Lang::En) => format!("customer tier must be A, B or C: {v}"),
            (Reason::DuplicateId, Lang::Zh) => "工单编号重复（保留首次出现的记录）".into(),
            (Reason::DuplicateId, Lang::En) => {
                "duplicate work-order id (the first occurrence is kept)".into()
            }
            (Reason::DuplicateKey, Lang::Zh) => "同一字段出现了两次".into(),
            (Reason::DuplicateKey, Lang::En) => "the same field appears twice".into(),
            (Reason::ScoreOutOfRange(v), Lang::Zh) => format!("满意度评分应为 1 到 5 的整数：{v}"),
            (Reason::ScoreOutOfRange(v), Lang::En) => {
                format!("satisfaction score must be an integer from 1 to 5: {v}")
            }
            (Reason::BeforeOpened, Lang::Zh) => "时间早于工单受理时间 opened_at".into(),
            (Reason::BeforeOpened, Lang::En) => "timestamp is before opened_at".into(),
            (Reason::UnknownTicket(v), Lang::Zh) => format!("回访对应的工单不存在：{v}"),
            (Reason::UnknownTicket(v), Lang::En) => format!("survey refers to no ticket: {v}"),
            (Reason::TooLarge, Lang::Zh) => "超出可处理的容量".into(),
            (Reason::TooLarge, Lang::En) => "beyond the capacity the dashboard can hold".into(),
            (Reason::Implausible(v), Lang::Zh) => format!(
                "时间不合理（晚于导出时间一天以上，或早于导出时间三十年以上），可能是年份录入错误：{v}"
            ),
            (Reason::Implausible(v), Lang::En) => format!(
                "implausible timestamp (more than a day after the export, or over 30 years before it; a mistyped year?): {v}"
            ),
            (Reason::BadValue(v), Lang::Zh) => format!("值无法读取：{v}"),
            (Reason::BadValue(v), Lang::En) => format!("unreadable value: {v}"),
            (Reason::CustomersTooLarge(v), Lang::Zh) => format!(
                "客户数 {v} 超过十亿，疑为录入错误，按缺失处理（该区县不计算万户投诉率）"
            ),
            (Reason::CustomersTooLarge(v), Lang::En) => format!(
                "customer count {v} exceeds one billion, probably a typing error; treated as missing (no per-10k rate for this district)"
            ),
        }
    }
}

#[derive(Serialize)]
struct ProblemRow<'a> {
    record: RecordKind,
    index: usize,
    id: Option<&'a str>,
    path: &'a str,
    code: &'static str,
    reason: String,
    /// The sheet row of a rejected ticket of a file the mapper converted.
    #[serde(skip_serializing_if = "Option::is_none")]
    row: Option<u32>,
}

/// The load report's rejected records as pretty JSON, for the "download" button. `sheet_row`:
/// for a converted sheet, the row of the ticket at an index, written beside each rejected ticket.
pub fn problems_json(
    problems: &[Problem],
    lang: Lang,
    sheet_row: impl Fn(usize) -> Option<u32>,
) -> String {
    let rows: Vec<ProblemRow<'_>> = problems
        .iter()
        .map(|p| ProblemRow {
            record: p.record,
            index: p.index,
            id: p.id.as_deref(),
            path: &p.path,
            code: p.reason.code(),
            reason: p.reason.message(lang),
            row: (p.record == RecordKind::Ticket)
                .then(|| sheet_row(p.index))
                .flatten(),
        })
        .collect();
    serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".into())
}
