//! The roles a column can play — the fields of a v1 ticket — and how a column is found for
//! each: by its header (Chinese and English synonyms used by 95598, marketing and 311 systems),
//! or, failing that, by what its values look like. Every detection says how it was made, so the
//! mapping page can show it and the manager can correct it.

use crate::table::{Cell, Table};
use crate::text::Text;
use crate::values::{
    self, kind_word, normalize_word, parse_time, score_word, tier_word, ScoreRead,
};
use kpi_core::i18n::Lang;
use serde::{Deserialize, Serialize};

/// A field of the v1 ticket that a column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Id,
    Opened,
    District,
    Kind,
    Category,
    Channel,
    CustomerId,
    Tier,
    FirstResponse,
    Arrival,
    Resolved,
    Satisfaction,
}

impl Role {
    pub const ALL: [Role; 12] = [
        Role::Id,
        Role::Opened,
        Role::District,
        Role::Kind,
        Role::Category,
        Role::Channel,
        Role::CustomerId,
        Role::Tier,
        Role::FirstResponse,
        Role::Arrival,
        Role::Resolved,
        Role::Satisfaction,
    ];

    /// The role's name on the mapping page.
    pub fn label(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Role::Id => ("工单编号", "Ticket id"),
            Role::Opened => ("受理时间", "Opened at"),
            Role::District => ("供电单位（区县）", "District"),
            Role::Kind => ("业务类型", "Kind"),
            Role::Category => ("诉求分类", "Category"),
            Role::Channel => ("受理渠道", "Channel"),
            Role::CustomerId => ("户号", "Customer id"),
            Role::Tier => ("客户分级", "Customer tier"),
            Role::FirstResponse => ("首次响应时间", "First response at"),
            Role::Arrival => ("到达现场时间", "Arrived on site at"),
            Role::Resolved => ("办结时间", "Resolved at"),
            Role::Satisfaction => ("回访满意度", "Satisfaction"),
        };
        lang.pick(zh, en)
    }

    pub fn text(self) -> Text {
        Text::new(self.label(Lang::Zh), self.label(Lang::En))
    }

    /// Whether the role holds a time.
    pub fn is_time(self) -> bool {
        matches!(
            self,
            Role::Opened | Role::FirstResponse | Role::Arrival | Role::Resolved
        )
    }

    /// The one-letter code of the compact `map=` form.
    pub fn letter(self) -> char {
        match self {
            Role::Id => 'i',
            Role::Opened => 'o',
            Role::District => 'd',
            Role::Kind => 'k',
            Role::Category => 'g',
            Role::Channel => 'h',
            Role::CustomerId => 'u',
            Role::Tier => 't',
            Role::FirstResponse => 'f',
            Role::Arrival => 'a',
            Role::Resolved => 'r',
            Role::Satisfaction => 's',
        }
    }

    pub fn from_letter(c: char) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.letter() == c)
    }

    /// Header synonyms, normalised (lower case, no spaces, `_` or `-`), best first. Chinese
    /// ones also match a longer header that contains them ("工单受理时间" contains "受理时间").
    pub fn synonyms(self) -> &'static [&'static str] {
        match self {
            Role::Id => &[
                "工单编号",
                "工单号",
                "编号",
                "工单流水号",
                "流水号",
                "受理编号",
                "申请编号",
                "id",
                "ticketid",
                "ticketno",
                "caseenquiryid",
                "caseid",
                "casenumber",
                "servicerequestnum",
                "servicerequestid",
                "requestid",
                "srnumber",
                "workorderid",
                "orderid",
                "srrecordid",
                "objectid",
            ],
            Role::Opened => &[
                "受理时间",
                "创建时间",
                "登记时间",
                "来电时间",
                "报修时间",
                "投诉时间",
                "受理日期",
                "工单创建时间",
                "opened",
                "openedat",
                "opendt",
                "opendate",
                "created",
                "createdat",
                "createddate",
                "createdon",
                "datetimeinit",
                "requesteddatetime",
                "requesteddate",
                "reportedat",
                "received",
                "receiveddate",
                "dateopened",
            ],
            Role::District => &[
                "供电单位",
                "区县",
                "所属单位",
                "区县公司",
                "供电公司",
                "所属区县",
                "责任单位",
                "管理单位",
                "供电所",
                "district",
                "neighborhood",
                "neighbourhood",
                "borough",
                "area",
                "region",
                "ward",
                "councildistrict",
            ],
            Role::Kind => &[
                "业务类型",
                "工单类型",
                "业务类别",
                "工单类别",
                "诉求类型",
                "服务类型",
                "kind",
                "tickettype",
                "ordertype",
                "workordertype",
                "casetype",
                "requestkind",
            ],
            Role::Category => &[
                "诉求分类",
                "业务子类",
                "投诉分类",
                "问题分类",
                "业务小类",
                "工单子类",
                "诉求内容",
                "反映类型",
                "category",
                "subcategory",
                "srtype",
                "type",
                "problemcode",
                "requesttype",
                "servicename",
                "reason",
            ],
            Role::Channel => &[
                "受理渠道",
                "渠道",
                "工单来源",
                "来源",
                "受理方式",
                "来电渠道",
                "channel",
                "source",
                "methodreceived",
                "callertype",
                "origin",
                "method",
                "receivedvia",
            ],
            Role::CustomerId => &[
                "户号",
                "客户编号",
                "用户编号",
                "客户号",
                "用户号",
                "customerid",
                "customer",
                "accountid",
                "accountno",
                "account",
            ],
            Role::Tier => &[
                "客户分级",
                "客户等级",
                "客户级别",
                "用户等级",
                "重要等级",
                "tier",
                "customertier",
                "customerclass",
                "customerlevel",
                "segment",
            ],
            Role::FirstResponse => &[
                "首次响应时间",
                "响应时间",
                "首次联系时间",
                "接单时间",
                "firstresponse",
                "firstresponseat",
                "firstresponsedt",
                "respondedat",
                "responsetime",
                "acknowledgedat",
            ],
            Role::Arrival => &[
                "到达现场时间",
                "到达时间",
                "到场时间",
                "抵达现场时间",
                "arrivedat",
                "arrival",
                "arrivaltime",
                "onsiteat",
                "onsite",
            ],
            Role::Resolved => &[
                "办结时间",
                "归档时间",
                "完成时间",
                "处理完成时间",
                "结单时间",
                "关闭时间",
                "办结日期",
                "修复时间",
                "resolved",
                "resolvedat",
                "closed",
                "closeddt",
                "closedat",
                "closedate",
                "closeddate",
                "datetimeclosed",
                "completed",
                "completedat",
                "resolutiondate",
            ],
            Role::Satisfaction => &[
                "回访满意度",
                "满意度",
                "客户满意度",
                "满意度评价",
                "回访结果",
                "评价",
                "satisfaction",
                "satisfactionscore",
                "csat",
                "score",
                "rating",
            ],
        }
    }
}

/// How a role's column was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "by")]
pub enum FoundBy {
    /// The header is a synonym of the role.
    Header { synonym: String },
    /// The header contains a Chinese synonym.
    HeaderContains { synonym: String },
    /// The values look like the role's (times, kind words, 1–5 scores…).
    Content,
    /// The manager chose it (or the mapping given did).
    Chosen,
}

/// A header normalised for matching: without spaces, `_`, `-`, and anything in brackets
/// ("受理时间（北京时间）" → "受理时间").
pub fn normalize_header(header: &str) -> String {
    let mut out = String::new();
    let mut depth = 0u32;
    for c in header.chars() {
        match c {
            '(' | '（' | '[' | '【' => depth = depth.saturating_add(1),
            ')' | '）' | ']' | '】' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            _ => out.push(c),
        }
    }
    normalize_word(&out).replace(['.', '/', ':', '：'], "")
}

/// A match of a header against a role: (quality, synonym rank) — lower is better.
fn header_match(role: Role, header: &str) -> Option<(u8, usize, FoundBy)> {
    let h = normalize_header(header);
    if h.is_empty() {
        return None;
    }
    let synonyms = role.synonyms();
    if let Some(rank) = synonyms.iter().position(|s| *s == h) {
        return Some((0, rank, FoundBy::Header { synonym: h }));
    }
    synonyms.iter().enumerate().find_map(|(rank, s)| {
        let chinese = s.chars().count() >= 2 && !s.is_ascii();
        (chinese && h.contains(s)).then(|| {
            (
                1,
                rank,
                FoundBy::HeaderContains {
                    synonym: s.to_string(),
                },
            )
        })
    })
}

/// Rows looked at to judge a column by its values.
const CONTENT_ROWS: usize = 200;

/// Share (0..=1) of a column's filled cells among its first rows that satisfy `ok`, and how
/// many were filled.
fn content_share(table: &Table, column: usize, ok: impl Fn(&Cell) -> bool) -> (f64, usize) {
    let mut filled = 0usize;
    let mut good = 0usize;
    for row in table.rows.iter().take(CONTENT_ROWS) {
        let cell = row.cell(column);
        if cell.is_empty() || matches!(cell, Cell::Text(t) if values::is_null_word(t)) {
            continue;
        }
        filled = filled.saturating_add(1);
        if ok(cell) {
            good = good.saturating_add(1);
        }
    }
    if filled == 0 {
        return (0.0, 0);
    }
    (good as f64 / filled as f64, filled)
}

/// Whether a column looks like times.
pub fn looks_like_times(table: &Table, column: usize) -> bool {
    let (share, filled) = content_share(table, column, |c| match c {
        // A plain number is a time only as an Excel date cell; counts are numbers too.
        Cell::Number(_) => false,
        _ => !matches!(
            parse_time(c, Some(values::DateOrder::DayFirst)),
            Err(values::TimeError::Unreadable)
        ),
    });
    filled > 0 && share >= 0.8
}

fn looks_like(table: &Table, role: Role, column: usize) -> bool {
    match role {
        Role::Opened => looks_like_times(table, column),
        Role::Kind => {
            let (share, filled) = content_share(table, column, |c| {
                values::cell_text(c).is_some_and(|t| kind_word(&t).is_some())
            });
            filled > 0 && share >= 0.6
        }
        Role::Tier => {
            // Bare letters A/B/C are too common (address types, shifts) to be tiers by content
            // alone: only "A类", "B级", "Tier C" are.
            let (share, filled) = content_share(table, column, |c| {
                values::cell_text(c)
                    .is_some_and(|t| tier_word(&t).is_some() && t.trim().chars().count() > 1)
            });
            filled > 0 && share >= 0.9
        }
        Role::Satisfaction => {
            let (share, filled) = content_share(table, column, |c| {
                matches!(score_word(c), ScoreRead::Score(_))
            });
            let mut distinct = [false; 5];
            for row in table.rows.iter().take(CONTENT_ROWS) {
                if let ScoreRead::Score(s) = score_word(row.cell(column)) {
                    if let Some(d) = distinct.get_mut(usize::from(s).saturating_sub(1)) {
                        *d = true;
                    }
                }
            }
            let (words, _) = content_share(
                table,
                column,
                |c| matches!(c, Cell::Text(t) if t.contains("满意") || normalize_word(t).contains("satisf")),
            );
            // Plain numbers 1–5 are scores only if they vary like scores; a column of 1s and
            // 2s is more likely a flag or a count.
            filled > 0
                && share >= 0.9
                && (words > 0.5 || distinct.iter().filter(|d| **d).count() >= 3)
        }
        _ => false,
    }
}

/// Whether nearly all of a column's values are kind words.
fn all_kind_words(table: &Table, column: usize) -> bool {
    let (share, filled) = content_share(table, column, |c| {
        values::cell_text(c).is_some_and(|t| kind_word(&t).is_some())
    });
    filled > 0 && share >= 0.9
}

/// The detected column of each role, with how it was found. A column serves one role, except
/// that the manager may later point two roles at one column.
pub fn detect(table: &Table) -> Vec<(Role, Option<(usize, FoundBy)>)> {
    let mut taken: Vec<usize> = Vec::new();
    let mut found: Vec<(Role, Option<(usize, FoundBy)>)> =
        Role::ALL.iter().map(|r| (*r, None)).collect();
    // By header: best (quality, rank) pairs first over all roles, so a column that is an exact
    // synonym of one role is not taken by another role's looser match.
    let mut candidates: Vec<(u8, usize, usize, usize, FoundBy)> = Vec::new();
    for (ri, role) in Role::ALL.iter().enumerate() {
        for (column, header) in table.headers.iter().enumerate() {
            if let Some((quality, rank, by)) = header_match(*role, header) {
                candidates.push((quality, rank, ri, column, by));
            }
        }
    }
    candidates.sort_by_key(|c| (c.0, c.1, c.2, c.3));
    for (_, _, ri, column, by) in candidates {
        let Some(slot) = found.get_mut(ri) else {
            continue;
        };
        if slot.1.is_some() || taken.contains(&column) {
            continue;
        }
        slot.1 = Some((column, by));
        taken.push(column);
    }
    // A generic header ("Type", "类型") is a category synonym, but a column whose values are
    // nearly all kind words (Complaint, 报修…) is the kind: taken for it when no header named
    // one (said as found by content), and the category is then not given.
    let kind_named = found
        .iter()
        .any(|(r, hit)| *r == Role::Kind && hit.is_some());
    let category = found
        .iter()
        .find(|(r, _)| *r == Role::Category)
        .and_then(|(_, hit)| hit.as_ref().map(|(c, _)| *c));
    if let (false, Some(column)) = (kind_named, category) {
        if all_kind_words(table, column) {
            for (role, hit) in found.iter_mut() {
                match role {
                    Role::Kind => *hit = Some((column, FoundBy::Content)),
                    Role::Category => *hit = None,
                    _ => {}
                }
            }
        }
    }
    // By content, for the roles a header did not name.
    for role in [Role::Opened, Role::Kind, Role::Satisfaction, Role::Tier] {
        let Some(slot) = found.iter_mut().find(|(r, _)| *r == role) else {
            continue;
        };
        if slot.1.is_some() {
            continue;
        }
        let column =
            (0..table.headers.len()).find(|c| !taken.contains(c) && looks_like(table, role, *c));
        if let Some(column) = column {
            slot.1 = Some((column, FoundBy::Content));
            taken.push(column);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_normalise() {
        assert_eq!(normalize_header(" 受理时间（北京时间） "), "受理时间");
        assert_eq!(normalize_header("Case_Enquiry_ID"), "caseenquiryid");
        assert_eq!(normalize_header("open_dt"), "opendt");
    }

    #[test]
    fn a_type_column_of_kind_words_is_the_kind() {
        let column = |csv: &str, role: Role| {
            let table = crate::read::read(csv.as_bytes(), &Default::default()).unwrap();
            detect(&table)
                .into_iter()
                .find(|(r, _)| *r == role)
                .and_then(|(_, hit)| hit)
                .map(|(c, by)| (table.headers[c].clone(), by))
        };
        let kinds = "id,opened,Type\n1,2025-10-01 08:00,Complaint\n2,2025-10-01 09:00,报修\n";
        assert_eq!(
            column(kinds, Role::Kind),
            Some(("Type".into(), FoundBy::Content))
        );
        assert_eq!(column(kinds, Role::Category), None);
        // A 311 "type" holds request types: the category, as its header says.
        let types = "id,opened,type\n1,2025-10-01 08:00,Street Light Outage\n2,2025-10-01 09:00,Complaint\n";
        assert_eq!(column(types, Role::Kind), None);
        assert_eq!(
            column(types, Role::Category).map(|c| c.0),
            Some("type".into())
        );
        // A header that names the kind keeps it, and the category keeps its own.
        let both = "id,opened,业务类型,type\n1,2025-10-01 08:00,投诉,Complaint\n";
        assert_eq!(
            column(both, Role::Kind).map(|c| c.0),
            Some("业务类型".into())
        );
        assert_eq!(
            column(both, Role::Category).map(|c| c.0),
            Some("type".into())
        );
    }

    #[test]
    fn every_synonym_is_normalised() {
        for role in Role::ALL {
            for s in role.synonyms() {
                assert_eq!(normalize_header(s), *s, "{role:?}");
            }
        }
    }
}
