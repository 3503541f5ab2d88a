//! Conversion: a table and a mapping become a v1 export, and every row that cannot become a
//! ticket becomes a [`RowProblem`] naming its row — nothing is dropped silently.
//!
//! The export is then read by the dashboard's own loader ([`Converted::check`]), so a converted
//! ticket obeys exactly the rules of any other file (duplicate ids, a close before the opening,
//! a timestamp decades away); the loader's rejections are reported against the sheet row too.

use crate::mapping::Mapping;
use crate::roles::Role;
use crate::table::{Cell, FileKind, Row, Table};
use crate::text::{quote, Text};
use crate::values::{self, cell_text, normalize_word, parse_time, ScoreRead, TimeError, TimeForm};
use kpi_core::calendar::{parse_timestamp, Offset};
use kpi_core::domain::{Kind, Tier};
use kpi_core::error::LoadError;
use kpi_core::i18n::Lang;
use kpi_core::load::Loaded;
use kpi_core::v1::{timestamp, District, Export, Ticket};
use serde::{Deserialize, Serialize};

/// Where a row is, in the words of its file: an Excel or CSV row, or a JSON record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Place {
    Row(u64),
    Record(u64),
}

impl Place {
    pub fn of(table: &Table, row: &Row) -> Place {
        match table.source.kind {
            FileKind::Json => Place::Record(row.number),
            _ => Place::Row(row.number),
        }
    }

    pub fn text(self) -> Text {
        match self {
            Place::Row(n) => Text::new(format!("第 {n} 行"), format!("Row {n}")),
            Place::Record(n) => Text::new(format!("第 {n} 条记录"), format!("Record {n}")),
        }
    }

    pub fn number(self) -> u64 {
        match self {
            Place::Row(n) | Place::Record(n) => n,
        }
    }
}

/// Why a row did not become a ticket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "code")]
pub enum RowReason {
    NoId,
    NoOpened,
    NoDistrict,
    NoKind,
    UnknownKind {
        word: String,
    },
    UnknownTier {
        word: String,
    },
    UnknownScore {
        word: String,
    },
    BadTime {
        role: Role,
        value: String,
    },
    ImpossibleTime {
        role: Role,
        value: String,
    },
    AmbiguousDate {
        role: Role,
        value: String,
    },
    /// Rejected by the dashboard's loader after conversion (duplicate id, close before the
    /// opening…): its code and message.
    Rejected {
        loader_code: String,
        zh: String,
        en: String,
    },
}

/// One row that did not become a ticket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowProblem {
    pub place: Place,
    /// The row's id, when it had one.
    pub id: Option<String>,
    pub reason: RowReason,
}

impl RowProblem {
    /// The message for the manager: where, what happened, what to do.
    pub fn text(&self) -> Text {
        let place = self.place.text();
        let reason = self.reason.text();
        Text::new(
            format!("{}：{}", place.zh, reason.zh),
            format!("{}: {}", place.en, reason.en),
        )
    }

    pub fn message(&self, lang: Lang) -> String {
        self.text().get(lang).to_string()
    }
}

impl RowReason {
    pub fn text(&self) -> Text {
        match self {
            RowReason::NoId => Text::new(
                "没有工单编号。请在表格中补上编号；如果系统本来就不导出编号，可在映射中选择“按行号生成编号”。",
                "The row has no ticket id. Please fill it in; if the system does not export ids, choose “generate ids from row numbers” in the mapping.",
            ),
            RowReason::NoOpened => Text::new(
                "受理时间是空的。每张工单都需要受理时间才能统计，请在表格中补上。",
                "The opening time is empty. Every ticket needs one to be counted; please fill it in.",
            ),
            RowReason::NoDistrict => Text::new(
                "没有供电单位（区县）。请在表格中补上，或在映射中为缺少单位的工单指定一个单位。",
                "The row has no district. Please fill it in, or choose in the mapping a district for rows without one.",
            ),
            RowReason::NoKind => Text::new(
                "没有业务类型。请在表格中补上，或在映射中为缺少类型的工单指定一个类型。",
                "The row has no kind. Please fill it in, or choose in the mapping a kind for rows without one.",
            ),
            RowReason::UnknownKind { word } => Text::new(
                format!("业务类型 {} 无法识别。请在映射中把它对应到 投诉、故障报修、咨询、业务申请、意见建议 或 表扬。", quote(word)),
                format!("The kind {} is not recognised. Please map it to complaint, repair, inquiry, request, suggestion or praise.", quote(word)),
            ),
            RowReason::UnknownTier { word } => Text::new(
                format!("客户分级 {} 无法识别（应为 A、B、C 类）。请在映射中指定它对应的分级，或视为未分级。", quote(word)),
                format!("The customer tier {} is not recognised (A, B or C expected). Please map it to a tier, or to “unrated”.", quote(word)),
            ),
            RowReason::UnknownScore { word } => Text::new(
                format!("回访满意度 {} 既不是 1–5 分，也不是已知的满意度用语。请在映射中指定它对应的分数，或视为未评价。", quote(word)),
                format!("The satisfaction {} is neither a score 1–5 nor a known satisfaction word. Please map it to a score, or to “no score”.", quote(word)),
            ),
            RowReason::BadTime { role, value } => Text::new(
                format!("{} {} 不是可识别的时间。可识别的写法如 2025-10-01 08:15、2025/10/1 8:15:00、2025年10月1日8时15分。请改正该单元格。", role.label(Lang::Zh), quote(value)),
                format!("{} {} is not a time that can be read. Readable forms are e.g. 2025-10-01 08:15, 2025/10/1 8:15:00, 10/01/2025 08:15. Please correct the cell.", role.label(Lang::En), quote(value)),
            ),
            RowReason::ImpossibleTime { role, value } => Text::new(
                format!("{} {} 不是真实存在的日期或时刻（例如 6 月 31 日、25 点）。请改正该单元格。", role.label(Lang::Zh), quote(value)),
                format!("{} {} is not a real date or time of day (such as 31 June or 25 o'clock). Please correct the cell.", role.label(Lang::En), quote(value)),
            ),
            RowReason::AmbiguousDate { role, value } => Text::new(
                format!("{} {} 的日和月无法区分（可能是几月几日，也可能是几日几月）。请在映射中选择日期顺序。", role.label(Lang::Zh), quote(value)),
                format!("{} {} could be day/month or month/day. Please choose the date order in the mapping.", role.label(Lang::En), quote(value)),
            ),
            RowReason::Rejected { zh, en, .. } => Text::new(zh.clone(), en.clone()),
        }
    }

    /// A stable code, for the downloadable report.
    pub fn code(&self) -> &str {
        match self {
            RowReason::NoId => "no_id",
            RowReason::NoOpened => "no_opened",
            RowReason::NoDistrict => "no_district",
            RowReason::NoKind => "no_kind",
            RowReason::UnknownKind { .. } => "unknown_kind",
            RowReason::UnknownTier { .. } => "unknown_tier",
            RowReason::UnknownScore { .. } => "unknown_score",
            RowReason::BadTime { .. } => "bad_time",
            RowReason::ImpossibleTime { .. } => "impossible_time",
            RowReason::AmbiguousDate { .. } => "ambiguous_date",
            RowReason::Rejected { loader_code, .. } => loader_code,
        }
    }
}

/// Why no export could be written at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConvertError {
    /// No column is chosen for the opening time.
    NoOpenedColumn,
    /// No id column, and generating ids is not accepted.
    NoIdColumn,
    /// No district column and no district chosen for all rows.
    NoDistrictColumn,
    /// No row could be converted (the problems say why).
    NothingConverted,
    /// The "now" typed in is not a time.
    BadExportedAt { value: String },
}

impl ConvertError {
    pub fn text(&self) -> Text {
        match self {
            ConvertError::NoOpenedColumn => Text::new(
                "还没有选择“受理时间”所在的列。请在映射中选择它：每张工单都按受理时间统计。",
                "No column is chosen for the opening time. Please choose it in the mapping: every ticket is counted by when it was opened.",
            ),
            ConvertError::NoIdColumn => Text::new(
                "还没有选择“工单编号”所在的列。请选择它；如果文件没有编号，可选择“按行号生成编号”。",
                "No column is chosen for the ticket id. Please choose it; if the file has no ids, choose “generate ids from row numbers”.",
            ),
            ConvertError::NoDistrictColumn => Text::new(
                "还没有选择“供电单位（区县）”所在的列。请选择它，或为全部工单指定一个单位。",
                "No column is chosen for the district. Please choose it, or name one district for all tickets.",
            ),
            ConvertError::NothingConverted => Text::new(
                "没有一行能转换成工单。请查看下面列出的各行问题，多半是某一列选错了。",
                "No row could be converted into a ticket. Please look at the row problems listed: most likely a column is chosen wrongly.",
            ),
            ConvertError::BadExportedAt { value } => Text::new(
                format!("统计截止时间 {} 不是可识别的时间。请按 2025-11-01 08:00 的格式填写。", quote(value)),
                format!("The “as of” time {} cannot be read. Please type it like 2025-11-01 08:00.", quote(value)),
            ),
        }
    }
}

impl std::fmt::Display for ConvertError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text().both())
    }
}

impl std::error::Error for ConvertError {}

/// The result of a conversion.
#[derive(Debug, Clone, PartialEq)]
pub struct Converted {
    pub export: Export,
    /// Rows that did not become tickets, in row order.
    pub problems: Vec<RowProblem>,
    /// The place of each ticket of `export.tickets`, by index.
    pub places: Vec<Place>,
}

/// A converted export read by the dashboard's loader.
#[derive(Debug, Clone)]
pub struct Checked {
    pub loaded: Loaded,
    /// The conversion's problems and the loader's rejections, in row order.
    pub problems: Vec<RowProblem>,
}

impl Converted {
    /// Reads the export with the dashboard's own loader, so that converted rows obey the same
    /// record rules as any export; its rejections are reported against their sheet rows.
    pub fn check(&self) -> Result<Checked, LoadError> {
        let loaded = kpi_core::load::load(&self.export.to_bytes())?;
        let mut problems = self.problems.clone();
        for p in &loaded.problems {
            if p.record != kpi_core::problem::RecordKind::Ticket {
                continue;
            }
            let Some(place) = self.places.get(p.index).copied() else {
                continue;
            };
            problems.push(RowProblem {
                place,
                id: p.id.clone(),
                reason: RowReason::Rejected {
                    loader_code: p.reason.code().to_string(),
                    zh: p.reason.message(Lang::Zh),
                    en: p.reason.message(Lang::En),
                },
            });
        }
        problems.sort_by_key(|p| p.place.number());
        Ok(Checked { loaded, problems })
    }
}

/// A cell read for one role under a mapping.
#[derive(Debug, Clone, PartialEq)]
pub enum Reading {
    /// Empty, or a null word.
    Nothing,
    Text(String),
    Time {
        utc: i64,
        form: TimeForm,
        offset: Option<Offset>,
    },
    Kind(Kind),
    Tier(Tier),
    Score(u8),
}

/// Reads one cell for a role. Word tables: the manager's choices first, then the built-in ones.
pub fn read_cell(cell: &Cell, role: Role, mapping: &Mapping) -> Result<Reading, RowReason> {
    let Some(text) = cell_text(cell) else {
        return Ok(Reading::Nothing);
    };
    match role {
        Role::Opened | Role::FirstResponse | Role::Arrival | Role::Resolved => {
            match parse_time(cell, mapping.date_order) {
                Ok(t) => Ok(Reading::Time {
                    utc: t.utc(mapping.timezone),
                    form: t.form,
                    offset: t.offset,
                }),
                Err(TimeError::Unreadable) => Err(RowReason::BadTime { role, value: text }),
                Err(TimeError::Impossible) => Err(RowReason::ImpossibleTime { role, value: text }),
                Err(TimeError::Ambiguous) => Err(RowReason::AmbiguousDate { role, value: text }),
            }
        }
        Role::Kind => mapping
            .kind_words
            .get(&normalize_word(&text))
            .copied()
            .or_else(|| values::kind_word(&text))
            .map(Reading::Kind)
            .ok_or(RowReason::UnknownKind { word: text }),
        Role::Tier => match mapping.tier_words.get(&normalize_word(&text)) {
            Some(Tier::Unrated) => Ok(Reading::Nothing),
            Some(t) => Ok(Reading::Tier(*t)),
            None => values::tier_word(&text)
                .map(Reading::Tier)
                .ok_or(RowReason::UnknownTier { word: text }),
        },
        Role::Satisfaction => match mapping.score_words.get(&normalize_word(&text)) {
            Some(0) => Ok(Reading::Nothing),
            Some(s) if *s <= 5 => Ok(Reading::Score(*s)),
            Some(_) => Err(RowReason::UnknownScore { word: text }),
            None => match values::score_word(cell) {
                ScoreRead::Score(s) => Ok(Reading::Score(s)),
                ScoreRead::NoScore => Ok(Reading::Nothing),
                ScoreRead::Unknown => Err(RowReason::UnknownScore { word: text }),
            },
        },
        Role::Id | Role::District | Role::Category | Role::Channel | Role::CustomerId => {
            Ok(Reading::Text(text))
        }
    }
}

/// One row's ticket fields before the export's "now" is known.
struct Draft {
    place: Place,
    id: String,
    opened: i64,
    district: String,
    kind: Kind,
    category: Option<String>,
    channel: Option<String>,
    customer_id: Option<String>,
    tier: Option<Tier>,
    first_response: Option<i64>,
    arrived: Option<i64>,
    resolved: Option<i64>,
    satisfaction: Option<u8>,
}

fn read_row(row: &Row, place: Place, mapping: &Mapping) -> Result<Draft, RowProblem> {
    let read = |role: Role| -> Result<Reading, RowReason> {
        match mapping.column(role) {
            Some(column) => read_cell(row.cell(column), role, mapping),
            None => Ok(Reading::Nothing),
        }
    };
    let text = |role: Role| -> Option<String> {
        match read(role) {
            Ok(Reading::Text(t)) => Some(t),
            _ => None,
        }
    };
    let id = match text(Role::Id) {
        Some(id) => Some(id),
        None if mapping.generate_ids => Some(format!("R{}", place.number())),
        None => None,
    };
    let fail = |reason: RowReason| RowProblem {
        place,
        id: id.clone(),
        reason,
    };
    let Some(id_text) = id.clone() else {
        return Err(fail(RowReason::NoId));
    };
    let time = |role: Role| -> Result<Option<i64>, RowProblem> {
        match read(role) {
            Ok(Reading::Time { utc, .. }) => Ok(Some(utc)),
            Ok(_) => Ok(None),
            Err(reason) => Err(fail(reason)),
        }
    };
    let opened = time(Role::Opened)?.ok_or_else(|| fail(RowReason::NoOpened))?;
    let district = text(Role::District)
        .or_else(|| mapping.default_district.clone())
        .ok_or_else(|| fail(RowReason::NoDistrict))?;
    let kind = match read(Role::Kind) {
        Ok(Reading::Kind(k)) => k,
        Ok(_) => mapping
            .default_kind
            .ok_or_else(|| fail(RowReason::NoKind))?,
        Err(reason) => return Err(fail(reason)),
    };
    let tier = match read(Role::Tier) {
        Ok(Reading::Tier(t)) => Some(t),
        Ok(_) => None,
        Err(reason) => return Err(fail(reason)),
    };
    let satisfaction = match read(Role::Satisfaction) {
        Ok(Reading::Score(s)) => Some(s),
        Ok(_) => None,
        Err(reason) => return Err(fail(reason)),
    };
    Ok(Draft {
        place,
        id: id_text,
        opened,
        district,
        kind,
        category: text(Role::Category),
        channel: text(Role::Channel),
        customer_id: text(Role::CustomerId),
        tier,
        first_response: time(Role::FirstResponse)?,
        arrived: time(Role::Arrival)?,
        resolved: time(Role::Resolved)?,
        satisfaction,
    })
}

/// Milestones further than this after the latest opening are not taken as "now": a typed year
/// 2099 in one close time must not make every other ticket look 70 years old. Such a ticket is
/// then rejected by the loader as implausible, with its row.
const NOW_HORIZON_SECS: i64 = 10 * 366 * 86_400;

/// The export's "now" when none is given: the latest timestamp of the converted rows (milestones
/// beyond [`NOW_HORIZON_SECS`] after the latest opening left out).
pub fn latest_time(drafts_opened: &[i64], milestones: &[i64]) -> Option<i64> {
    let latest_opened = drafts_opened.iter().copied().max()?;
    let horizon = latest_opened.saturating_add(NOW_HORIZON_SECS);
    Some(
        milestones
            .iter()
            .copied()
            .filter(|&t| t <= horizon)
            .fold(latest_opened, i64::max),
    )
}

/// Converts a table under a mapping.
pub fn convert(table: &Table, mapping: &Mapping) -> Result<Converted, ConvertError> {
    if mapping.column(Role::Opened).is_none() {
        return Err(ConvertError::NoOpenedColumn);
    }
    if mapping.column(Role::Id).is_none() && !mapping.generate_ids {
        return Err(ConvertError::NoIdColumn);
    }
    if mapping.column(Role::District).is_none() && mapping.default_district.is_none() {
        return Err(ConvertError::NoDistrictColumn);
    }
    let given_now = match &mapping.exported_at {
        Some(text) => Some(
            parse_timestamp(text)
                .map(|t| t.utc)
                .or_else(|| {
                    values::parse_text(text, mapping.date_order)
                        .ok()
                        .map(|t| t.utc(mapping.timezone))
                })
                .ok_or_else(|| ConvertError::BadExportedAt {
                    value: text.clone(),
                })?,
        ),
        None => None,
    };
    let mut drafts = Vec::new();
    let mut problems = Vec::new();
    for row in &table.rows {
        match read_row(row, Place::of(table, row), mapping) {
            Ok(d) => drafts.push(d),
            Err(p) => problems.push(p),
        }
    }
    if drafts.is_empty() {
        return Err(ConvertError::NothingConverted);
    }
    let now = match given_now {
        Some(n) => n,
        None => {
            let opened: Vec<i64> = drafts.iter().map(|d| d.opened).collect();
            let milestones: Vec<i64> = drafts
                .iter()
                .flat_map(|d| [d.first_response, d.arrived, d.resolved])
                .flatten()
                .collect();
            latest_time(&opened, &milestones).unwrap_or(0)
        }
    };
    let zone = mapping.timezone;
    let mut districts: Vec<District> = Vec::new();
    let mut tickets = Vec::with_capacity(drafts.len());
    let mut places = Vec::with_capacity(drafts.len());
    for d in drafts {
        if !districts.iter().any(|x| x.code == d.district) {
            let setting = mapping.district(&d.district);
            districts.push(District::new(
                &d.district,
                &d.district,
                setting.area.code(),
                setting.customers,
            ));
        }
        let at = |t: Option<i64>| t.map(|t| timestamp(t, zone));
        tickets.push(Ticket {
            id: d.id,
            opened_at: timestamp(d.opened, zone),
            district: d.district,
            kind: d.kind.code().to_string(),
            category: d.category,
            channel: d.channel,
            customer_id: d.customer_id,
            customer_tier: d.tier.map(|t| t.code().to_string()),
            first_response_at: at(d.first_response),
            arrived_at: at(d.arrived),
            resolved_at: at(d.resolved),
            satisfaction: d.satisfaction,
        });
        places.push(d.place);
    }
    let mut export = Export::new(&timestamp(now, zone), districts);
    export.timezone = Some(zone.to_string());
    export.organization = mapping.organization.clone();
    export.tickets = tickets;
    Ok(Converted {
        export,
        problems,
        places,
    })
}
