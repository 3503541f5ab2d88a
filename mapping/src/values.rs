//! Reading the values of a cell: times in the many forms Chinese and English systems write them,
//! work-order kind words, customer tiers and return-visit scores.
//!
//! Each reader says what it could not read instead of guessing: an ambiguous `03/04/2025` is
//! [`TimeError::Ambiguous`] until the manager says which comes first, an unknown kind word is
//! listed for the manager to map, a score word outside the table is not a score.

use crate::table::{number_text, Cell};
use kpi_core::calendar::{
    civil_from_days, days_from_civil, days_in_month, Offset, SECONDS_PER_DAY,
};
use kpi_core::domain::{Kind, Tier};
use serde::{Deserialize, Serialize};

/// Words that mean "no value" in exports: blank, `NA`, `NULL`, `-`, `无`… They are read as
/// empty cells for every role (St. Louis writes `NA` for a request not yet closed).
pub const NULL_WORDS: [&str; 12] = [
    "na", "n/a", "null", "none", "nil", "nan", "-", "--", "—", "/", "无", "#n/a",
];

/// Whether a text means "no value".
pub fn is_null_word(text: &str) -> bool {
    let t = text.trim();
    t.is_empty() || NULL_WORDS.iter().any(|w| t.eq_ignore_ascii_case(w))
}

/// A cell's text for a text role (id, district, category…): trimmed, numbers without ".0",
/// `None` for an empty cell or a null word.
pub fn cell_text(cell: &Cell) -> Option<String> {
    let text = match cell {
        Cell::Empty => return None,
        Cell::Text(t) => t.trim().to_string(),
        Cell::Number(n) => number_text(*n),
        other => other.display(),
    };
    (!is_null_word(&text)).then_some(text)
}

/// Which of day and month comes first in dates like `03/04/2025` (year last).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    /// 03/04/2025 is 3 April (Europe, most of the world).
    DayFirst,
    /// 03/04/2025 is 4 March (United States).
    MonthFirst,
}

/// How a time was written: shown beside each sample and behind some assumptions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeForm {
    /// Date and time as text, without an offset: the chosen timezone applies.
    Local,
    /// A date without a time: 00:00 is assumed.
    DateOnly,
    /// With its own UTC offset (`Z`, `+08:00`, `+00`).
    WithOffset,
    /// An Excel date cell.
    ExcelDate,
    /// A plain number read as an Excel date serial number (45931.35 = 2025-10-01 08:24).
    ExcelSerial,
    /// Unix seconds or milliseconds (UTC).
    Epoch,
}

/// A time read from a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedTime {
    /// Wall-clock seconds since 1970-01-01 00:00 as written (local time).
    pub local: i64,
    /// The offset written with the value, if any.
    pub offset: Option<Offset>,
    pub form: TimeForm,
}

impl ParsedTime {
    /// The UTC instant: the value's own offset, else `zone`.
    pub fn utc(&self, zone: Offset) -> i64 {
        let offset = self.offset.unwrap_or(zone);
        self.local.saturating_sub(i64::from(offset.0))
    }
}

/// Why a time could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeError {
    /// Not a time in any known form.
    Unreadable,
    /// A date such as 03/04/2025 while the day/month order is not chosen.
    Ambiguous,
    /// A form that reads, but a date that does not exist (31 June, month 13, hour 25).
    Impossible,
}

/// A local wall-clock time, shown as `2025-10-01 08:15:00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Local(pub i64);

impl std::fmt::Display for Local {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let days = self.0.div_euclid(SECONDS_PER_DAY);
        let secs = self.0.rem_euclid(SECONDS_PER_DAY);
        let (y, m, d) = civil_from_days(days);
        write!(
            f,
            "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        )
    }
}

/// Excel's day 0 (serial numbers count from 1899-12-30 in the 1900 date system, once Excel's
/// 1900 leap-year bug is skipped, which only matters before March 1900).
fn excel_epoch_days() -> i64 {
    days_from_civil(1899, 12, 30)
}

/// Largest Excel serial number: 9999-12-31.
const MAX_SERIAL: f64 = 2_958_466.0;

/// The local wall-clock time of an Excel serial number, to the nearest second.
pub fn serial_to_local(serial: f64) -> Option<Local> {
    if !serial.is_finite() || !(0.0..MAX_SERIAL).contains(&serial) {
        return None;
    }
    let days = serial.floor();
    let secs = ((serial - days) * 86_400.0).round() as i64;
    let days = days as i64 + excel_epoch_days();
    Some(Local(days * SECONDS_PER_DAY + secs))
}

/// Reads a time from a cell. `order` settles dates like 03/04/2025; `None` leaves them
/// [`TimeError::Ambiguous`] (a date whose first number is above 12, like 25/03/2025, reads
/// unambiguously whatever `order` says, unless `order` contradicts it).
pub fn parse_time(cell: &Cell, order: Option<DateOrder>) -> Result<ParsedTime, TimeError> {
    match cell {
        Cell::DateTime(serial) => serial_to_local(*serial)
            .map(|l| local(l.0, TimeForm::ExcelDate))
            .ok_or(TimeError::Impossible),
        Cell::Number(n) => parse_number(*n),
        Cell::Text(t) => parse_text(t, order),
        Cell::Empty | Cell::Bool(_) => Err(TimeError::Unreadable),
    }
}

fn local(secs: i64, form: TimeForm) -> ParsedTime {
    ParsedTime {
        local: secs,
        offset: None,
        form,
    }
}

fn parse_number(n: f64) -> Result<ParsedTime, TimeError> {
    if !n.is_finite() || n <= 0.0 {
        return Err(TimeError::Unreadable);
    }
    if n < MAX_SERIAL {
        return serial_to_local(n)
            .map(|l| local(l.0, TimeForm::ExcelSerial))
            .ok_or(TimeError::Impossible);
    }
    if n.fract() == 0.0 && (19_000_101.0..=99_991_231.0).contains(&n) {
        return compact(&number_text(n));
    }
    epoch(n)
}

/// Unix seconds (10 digits) or milliseconds (13 digits).
fn epoch(n: f64) -> Result<ParsedTime, TimeError> {
    let secs = if (1e9..1e10).contains(&n) {
        n.floor() as i64
    } else if (1e12..1e13).contains(&n) {
        (n / 1000.0).floor() as i64
    } else {
        return Err(TimeError::Unreadable);
    };
    Ok(ParsedTime {
        local: secs,
        offset: Some(Offset(0)),
        form: TimeForm::Epoch,
    })
}

/// Splits a leading run of ASCII digits (at most 9): its value, its length and the rest.
fn number(s: &str) -> Option<(u32, usize, &str)> {
    let len = s.bytes().take_while(u8::is_ascii_digit).count();
    if len == 0 || len > 9 {
        return None;
    }
    let (digits, rest) = s.split_at_checked(len)?;
    Some((digits.parse().ok()?, len, rest))
}

fn date_secs(year: u32, month: u32, day: u32) -> Result<i64, TimeError> {
    if !(1..=9999).contains(&year)
        || !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(i64::from(year), month)
    {
        return Err(TimeError::Impossible);
    }
    Ok(days_from_civil(i64::from(year), month, day) * SECONDS_PER_DAY)
}

fn time_secs(hour: u32, minute: u32, second: u32) -> Result<i64, TimeError> {
    if hour > 23 || minute > 59 || second > 59 {
        return Err(TimeError::Impossible);
    }
    Ok(i64::from(hour * 3600 + minute * 60 + second))
}

/// `20251001`, `202510010815`, `20251001081500`.
fn compact(s: &str) -> Result<ParsedTime, TimeError> {
    let field = |from: usize, to: usize| -> Result<u32, TimeError> {
        s.get(from..to)
            .and_then(|d| d.parse().ok())
            .ok_or(TimeError::Unreadable)
    };
    let date = date_secs(field(0, 4)?, field(4, 6)?, field(6, 8)?)?;
    match s.len() {
        8 => Ok(local(date, TimeForm::DateOnly)),
        12 => Ok(local(
            date + time_secs(field(8, 10)?, field(10, 12)?, 0)?,
            TimeForm::Local,
        )),
        14 => Ok(local(
            date + time_secs(field(8, 10)?, field(10, 12)?, field(12, 14)?)?,
            TimeForm::Local,
        )),
        _ => Err(TimeError::Unreadable),
    }
}

fn strip_any<'a>(s: &'a str, prefixes: &[&str]) -> Option<&'a str> {
    prefixes.iter().find_map(|p| s.strip_prefix(p))
}

/// Reads a time written as text.
pub fn parse_text(text: &str, order: Option<DateOrder>) -> Result<ParsedTime, TimeError> {
    let s = text.trim();
    if s.is_empty() {
        return Err(TimeError::Unreadable);
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return match s.len() {
            8 | 12 | 14 => compact(s),
            5 => s
                .parse::<f64>()
                .map_err(|_| TimeError::Unreadable)
                .and_then(parse_number),
            10 | 13 => s
                .parse::<f64>()
                .map_err(|_| TimeError::Unreadable)
                .and_then(epoch),
            _ => Err(TimeError::Unreadable),
        };
    }
    // An Excel serial number saved as text by a CSV export: 45931.35.
    if let Some((whole, fraction)) = s.split_once('.') {
        if whole.len() == 5
            && !fraction.is_empty()
            && whole
                .bytes()
                .chain(fraction.bytes())
                .all(|b| b.is_ascii_digit())
        {
            return s
                .parse::<f64>()
                .map_err(|_| TimeError::Unreadable)
                .and_then(parse_number);
        }
    }
    let (date, rest) = parse_date(s, order)?;
    let rest = rest.trim_start();
    if rest.is_empty() {
        return Ok(local(date, TimeForm::DateOnly));
    }
    let rest = rest.strip_prefix(['T', 't']).unwrap_or(rest).trim_start();
    let (secs, offset) = parse_clock(rest)?;
    let secs = date.checked_add(secs).ok_or(TimeError::Impossible)?;
    Ok(ParsedTime {
        local: secs,
        offset,
        form: if offset.is_some() {
            TimeForm::WithOffset
        } else {
            TimeForm::Local
        },
    })
}

/// The date part: `2025-10-01`, `2025/10/1`, `2025.10.01`, `2025年10月1日`, `1/10/2025`
/// (with `order`). Returns seconds of local midnight and the rest of the text.
fn parse_date(s: &str, order: Option<DateOrder>) -> Result<(i64, &str), TimeError> {
    let (a, la, rest) = number(s).ok_or(TimeError::Unreadable)?;
    let (chinese, rest) = match rest.strip_prefix('年') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let separator = if chinese {
        None
    } else {
        Some(rest.chars().next().ok_or(TimeError::Unreadable)?)
    };
    let rest = match separator {
        Some(sep @ ('-' | '/' | '.')) => rest.strip_prefix(sep).ok_or(TimeError::Unreadable)?,
        Some(_) => return Err(TimeError::Unreadable),
        None => rest,
    };
    let (b, lb, rest) = number(rest.trim_start()).ok_or(TimeError::Unreadable)?;
    let rest = match separator {
        Some(sep) => rest.strip_prefix(sep).ok_or(TimeError::Unreadable)?,
        None => rest.strip_prefix('月').ok_or(TimeError::Unreadable)?,
    };
    let (c, lc, rest) = number(rest.trim_start()).ok_or(TimeError::Unreadable)?;
    let rest = if chinese {
        strip_any(rest, &["日", "号"]).ok_or(TimeError::Unreadable)?
    } else {
        rest
    };
    if la == 4 && lb <= 2 && lc <= 2 {
        return Ok((date_secs(a, b, c)?, rest));
    }
    if chinese || lc != 4 || la > 2 || lb > 2 {
        return Err(TimeError::Unreadable);
    }
    // Year last: day/month order.
    let (day, month) = match order {
        _ if a == b => (a, b),
        Some(DateOrder::DayFirst) => (a, b),
        Some(DateOrder::MonthFirst) => (b, a),
        None if a > 12 => (a, b),
        None if b > 12 => (b, a),
        None => return Err(TimeError::Ambiguous),
    };
    Ok((date_secs(c, month, day)?, rest))
}

/// What a year-last date like `03/04/2025` says about the day/month order: `Some(order)` when
/// one of its first two numbers is above 12, `None` when it could be either (or is no such
/// date).
pub fn order_evidence(text: &str) -> Option<DateOrder> {
    let (a, la, rest) = number(text.trim())?;
    let sep = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '/' | '-' | '.'))?;
    let (b, lb, rest) = number(rest.strip_prefix(sep)?)?;
    let (_, lc, _) = number(rest.strip_prefix(sep)?)?;
    if la > 2 || lb > 2 || lc != 4 {
        return None;
    }
    match (a > 12, b > 12) {
        (true, false) => Some(DateOrder::DayFirst),
        (false, true) => Some(DateOrder::MonthFirst),
        _ => None,
    }
}

/// Whether a text is a year-last date whose day/month order cannot be told from itself.
pub fn is_ambiguous_date(text: &str) -> bool {
    matches!(parse_text(text, None), Err(TimeError::Ambiguous))
}

/// The clock part: `8:15`, `08:15:00`, `08:15:00.123`, `8时15分`, `8点15分30秒`, with
/// `AM`/`PM`/`上午`/`下午`, then an optional offset `Z`, `+08:00`, `+0800`, `+08`, `UTC`.
fn parse_clock(s: &str) -> Result<(i64, Option<Offset>), TimeError> {
    let mut s = s;
    let mut half: Option<bool> = None;
    if let Some(r) = strip_any(s, &["上午", "凌晨", "早上"]) {
        half = Some(false);
        s = r.trim_start();
    } else if let Some(r) = strip_any(s, &["下午", "晚上", "中午"]) {
        half = Some(true);
        s = r.trim_start();
    }
    let (mut hour, _, rest) = number(s).ok_or(TimeError::Unreadable)?;
    let (chinese, rest) = match strip_any(rest, &["时", "点"]) {
        Some(r) => (true, r),
        None => (false, rest.strip_prefix(':').ok_or(TimeError::Unreadable)?),
    };
    let (minute, rest) = match number(rest) {
        Some((m, _, r)) => (m, r),
        None if chinese => (0, rest),
        None => return Err(TimeError::Unreadable),
    };
    let mut rest = rest;
    let mut second = 0;
    if chinese {
        rest = rest.strip_prefix('分').unwrap_or(rest);
        if let Some((sec, _, r)) = number(rest) {
            second = sec;
            rest = r.strip_prefix('秒').unwrap_or(r);
        }
    } else if let Some(r) = rest.strip_prefix(':') {
        let (sec, _, r) = number(r).ok_or(TimeError::Unreadable)?;
        second = sec;
        rest = r;
        if let Some(r) = rest.strip_prefix(['.', ',']) {
            let digits = r.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return Err(TimeError::Unreadable);
            }
            rest = r.get(digits..).unwrap_or("");
        }
    }
    let mut rest = rest.trim_start();
    if let Some(r) = strip_any(rest, &["AM", "am", "a.m.", "上午"]) {
        half = Some(false);
        rest = r.trim_start();
    } else if let Some(r) = strip_any(rest, &["PM", "pm", "p.m.", "下午"]) {
        half = Some(true);
        rest = r.trim_start();
    }
    // "下午 15:00" (a 24-hour clock with a redundant half) is common and read as written.
    match half {
        Some(false) if hour == 12 => hour = 0,
        Some(true) if hour < 12 => hour = hour.saturating_add(12),
        _ => {}
    }
    let secs = time_secs(hour, minute, second)?;
    let offset = parse_offset(rest)?;
    Ok((secs, offset))
}

fn parse_offset(s: &str) -> Result<Option<Offset>, TimeError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if matches!(s, "Z" | "z" | "UTC" | "GMT" | "utc" | "gmt") {
        return Ok(Some(Offset(0)));
    }
    let (sign, rest) = match s.strip_prefix('+') {
        Some(r) => (1, r),
        None => (-1, s.strip_prefix('-').ok_or(TimeError::Unreadable)?),
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) || rest.matches(':').count() > 1 {
        return Err(TimeError::Unreadable);
    }
    let (h, m) = match digits.len() {
        1 | 2 => (digits.parse::<i32>().ok(), Some(0)),
        4 => (
            digits.get(0..2).and_then(|d| d.parse::<i32>().ok()),
            digits.get(2..4).and_then(|d| d.parse::<i32>().ok()),
        ),
        _ => (None, None),
    };
    match (h, m) {
        (Some(h), Some(m)) if h <= 23 && m <= 59 => Ok(Some(Offset(sign * (h * 3600 + m * 60)))),
        _ => Err(TimeError::Unreadable),
    }
}

/// Parses a timezone as the manager types it: `+08:00`, `+8`, `-05:00`, `Z`, `UTC+8`.
pub fn parse_zone(text: &str) -> Option<Offset> {
    let t = text.trim();
    let t = strip_any(t, &["UTC", "GMT", "utc", "gmt"])
        .unwrap_or(t)
        .trim();
    if t.is_empty() {
        return Some(Offset(0));
    }
    parse_offset(t).ok().flatten()
}

/// Normalises a word for the word tables: trimmed, lower case, without spaces, `_` and `-`.
pub fn normalize_word(word: &str) -> String {
    word.trim()
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '·'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The built-in kind words (normalised), Chinese and English.
pub const KIND_WORDS: [(&str, Kind); 48] = [
    ("投诉", Kind::Complaint),
    ("投诉类", Kind::Complaint),
    ("服务投诉", Kind::Complaint),
    ("客户投诉", Kind::Complaint),
    ("complaint", Kind::Complaint),
    ("complaints", Kind::Complaint),
    ("故障报修", Kind::Repair),
    ("报修", Kind::Repair),
    ("故障", Kind::Repair),
    ("抢修", Kind::Repair),
    ("故障抢修", Kind::Repair),
    ("报修类", Kind::Repair),
    ("repair", Kind::Repair),
    ("faultrepair", Kind::Repair),
    ("fault", Kind::Repair),
    ("outage", Kind::Repair),
    ("咨询", Kind::Inquiry),
    ("查询", Kind::Inquiry),
    ("业务咨询", Kind::Inquiry),
    ("信息查询", Kind::Inquiry),
    ("咨询类", Kind::Inquiry),
    ("inquiry", Kind::Inquiry),
    ("enquiry", Kind::Inquiry),
    ("query", Kind::Inquiry),
    ("question", Kind::Inquiry),
    ("业务申请", Kind::Request),
    ("业务办理", Kind::Request),
    ("服务申请", Kind::Request),
    ("申请", Kind::Request),
    ("办理", Kind::Request),
    ("request", Kind::Request),
    ("servicerequest", Kind::Request),
    ("application", Kind::Request),
    ("意见建议", Kind::Suggestion),
    ("意见", Kind::Suggestion),
    ("建议", Kind::Suggestion),
    ("意见与建议", Kind::Suggestion),
    ("suggestion", Kind::Suggestion),
    ("suggestions", Kind::Suggestion),
    ("feedback", Kind::Suggestion),
    ("表扬", Kind::Praise),
    ("表彰", Kind::Praise),
    ("感谢", Kind::Praise),
    ("表扬类", Kind::Praise),
    ("praise", Kind::Praise),
    ("compliment", Kind::Praise),
    ("commendation", Kind::Praise),
    ("thanks", Kind::Praise),
];

/// A kind word of the built-in table (the v1 codes `complaint`… included).
pub fn kind_word(word: &str) -> Option<Kind> {
    let w = normalize_word(word);
    KIND_WORDS
        .iter()
        .find(|(k, _)| *k == w)
        .map(|(_, kind)| *kind)
        .or_else(|| Kind::parse(&w))
}

/// A customer tier as written: `A`, `a`, `A类`, `A类客户`, `A级`, `Tier A`.
pub fn tier_word(word: &str) -> Option<Tier> {
    let w = normalize_word(word);
    let w = strip_any(&w, &["tier", "class", "level"]).unwrap_or(&w);
    let w = ["类客户", "级客户", "类", "级", "客户"]
        .iter()
        .find_map(|s| w.strip_suffix(s))
        .unwrap_or(w);
    match w {
        "a" => Some(Tier::A),
        "b" => Some(Tier::B),
        "c" => Some(Tier::C),
        _ => None,
    }
}

/// What a satisfaction cell says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoreRead {
    Score(u8),
    /// No score given ("未回访", blank…): the ticket simply has none.
    NoScore,
    Unknown,
}

/// The built-in score words (normalised). 基本满意 counts as satisfied (4), as the 95598
/// return-visit 满意率 counts 满意 and 基本满意 together; every entry can be changed in the
/// mapping, and the proposal shows the ones the file uses.
pub const SCORE_WORDS: [(&str, u8); 30] = [
    ("非常满意", 5),
    ("很满意", 5),
    ("十分满意", 5),
    ("满意", 4),
    ("比较满意", 4),
    ("较满意", 4),
    ("基本满意", 4),
    ("一般", 3),
    ("还行", 3),
    ("不太满意", 2),
    ("不满意", 2),
    ("较不满意", 2),
    ("非常不满意", 1),
    ("很不满意", 1),
    ("极不满意", 1),
    ("verysatisfied", 5),
    ("excellent", 5),
    ("satisfied", 4),
    ("good", 4),
    ("neutral", 3),
    ("average", 3),
    ("fair", 3),
    ("dissatisfied", 2),
    ("unsatisfied", 2),
    ("poor", 2),
    ("verydissatisfied", 1),
    ("veryunsatisfied", 1),
    ("verypoor", 1),
    ("★★★★★", 5),
    ("★", 1),
];

/// Words meaning the customer gave no score.
pub const NO_SCORE_WORDS: [&str; 8] = [
    "未回访",
    "未评价",
    "未接通",
    "拒绝回访",
    "拒绝评价",
    "不需回访",
    "notsurveyed",
    "noanswer",
];

/// Reads a satisfaction cell: 1–5 (also `5.0`, `5分`, `5星`), a word of [`SCORE_WORDS`], a
/// word meaning "no score", or unknown.
pub fn score_word(cell: &Cell) -> ScoreRead {
    let text = match cell {
        Cell::Number(n) => {
            return if n.fract() == 0.0 && (1.0..=5.0).contains(n) {
                ScoreRead::Score(*n as u8)
            } else {
                ScoreRead::Unknown
            }
        }
        Cell::Empty => return ScoreRead::NoScore,
        Cell::Text(t) => t.as_ref(),
        _ => return ScoreRead::Unknown,
    };
    if is_null_word(text) {
        return ScoreRead::NoScore;
    }
    let w = normalize_word(text);
    if NO_SCORE_WORDS.contains(&w.as_str()) {
        return ScoreRead::NoScore;
    }
    if let Some((_, s)) = SCORE_WORDS.iter().find(|(k, _)| *k == w) {
        return ScoreRead::Score(*s);
    }
    let digits = ["分", "星", ".0"]
        .iter()
        .find_map(|s| w.strip_suffix(s))
        .unwrap_or(&w);
    match digits {
        "1" | "2" | "3" | "4" | "5" => digits.parse().map_or(ScoreRead::Unknown, ScoreRead::Score),
        _ => ScoreRead::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locals_display() {
        let t = parse_text("2025/10/1 8:15:00", None).unwrap();
        assert_eq!(Local(t.local).to_string(), "2025-10-01 08:15:00");
    }
}
