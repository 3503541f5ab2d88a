//! Calendar arithmetic and RFC 3339 timestamps.
//!
//! Timestamps are held as UTC seconds since the Unix epoch; calendar bucketing (days, months) is
//! done in the export's own UTC offset, as kpis.md requires. The civil-date conversions are Howard
//! Hinnant's `days_from_civil`/`civil_from_days`, exact for the whole proleptic Gregorian calendar.
//! Hand-written rather than a date crate: parsing four timestamps per ticket for a million tickets
//! is the hot path of a load, and this parser does no allocation.

use serde::{Deserialize, Serialize};
use std::fmt;

pub const SECONDS_PER_DAY: i64 = 86_400;

/// A local calendar day, counted in days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Day(pub i32);

/// A local calendar month, counted as `year * 12 + (month - 1)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Month(pub i32);

/// A civil date (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

/// A UTC offset in seconds east of Greenwich, as written `+08:00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Offset(pub i32);

pub fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a civil date.
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((month + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    // Both values are small and non-negative by construction (1..=31, 1..=12).
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

impl Day {
    /// The local day on which a UTC instant falls in the given offset.
    pub fn of(utc_seconds: i64, offset: Offset) -> Day {
        let local = utc_seconds + i64::from(offset.0);
        Day(clamp_i32(local.div_euclid(SECONDS_PER_DAY)))
    }

    pub fn date(self) -> Date {
        let (y, m, d) = civil_from_days(i64::from(self.0));
        Date {
            year: clamp_i32(y),
            month: m,
            day: d,
        }
    }

    pub fn month(self) -> Month {
        self.date().month_key()
    }

    /// The UTC second at which this local day starts.
    pub fn start_utc(self, offset: Offset) -> i64 {
        i64::from(self.0) * SECONDS_PER_DAY - i64::from(offset.0)
    }

    pub fn plus(self, days: i32) -> Day {
        Day(self.0.saturating_add(days))
    }
}

impl Date {
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let valid =
            (1..=12).contains(&month) && day >= 1 && day <= days_in_month(i64::from(year), month);
        valid.then_some(Date { year, month, day })
    }

    pub fn day(self) -> Day {
        Day(clamp_i32(days_from_civil(
            i64::from(self.year),
            self.month,
            self.day,
        )))
    }

    pub fn month_key(self) -> Month {
        Month(
            self.year
                .saturating_mul(12)
                .saturating_add(self.month as i32 - 1),
        )
    }

    /// Parses `YYYY-MM-DD` (the `from`/`to` form of links and of the fixtures).
    pub fn parse(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year = digits(&b[0..4])?;
        let month = digits(&b[5..7])?;
        let day = digits(&b[8..10])?;
        Date::new(year as i32, month, day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Month {
    pub fn year(self) -> i32 {
        self.0.div_euclid(12)
    }

    /// 1..=12.
    pub fn month(self) -> u32 {
        self.0.rem_euclid(12) as u32 + 1
    }

    pub fn first_day(self) -> Day {
        Date {
            year: self.year(),
            month: self.month(),
            day: 1,
        }
        .day()
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

impl Offset {
    /// Parses `+08:00`, `-05:30` or `Z`.
    pub fn parse(text: &str) -> Option<Offset> {
        Offset::parse_bytes(text.as_bytes())
    }

    /// [`Offset::parse`] of the bytes that end a timestamp (any bytes: only ASCII ones parse).
    fn parse_bytes(b: &[u8]) -> Option<Offset> {
        if b == b"Z" || b == b"z" {
            return Some(Offset(0));
        }
        if b.len() != 6 || b[3] != b':' {
            return None;
        }
        let sign = match b[0] {
            b'+' => 1,
            b'-' => -1,
            _ => return None,
        };
        let hours = digits(&b[1..3])?;
        let minutes = digits(&b[4..6])?;
        if hours > 23 || minutes > 59 {
            return None;
        }
        Some(Offset(sign * (hours * 3600 + minutes * 60) as i32))
    }
}

impl fmt::Display for Offset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { '-' } else { '+' };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{:02}:{:02}", abs / 3600, abs / 60 % 60)
    }
}

/// An instant read from an RFC 3339 timestamp: UTC seconds and the offset it was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Instant {
    pub utc: i64,
    pub offset: Offset,
}

/// Parses an RFC 3339 timestamp with an offset: `2025-10-01T08:15:00+08:00`, `…Z`, with optional
/// fractional seconds. `t`/`z` and a space separator are accepted as RFC 3339 allows. Fractional
/// seconds are truncated: durations are whole seconds, shown in minutes and hours.
/// Returns `None` for anything else, including impossible dates (`2025-02-30`) and leap seconds.
pub fn parse_timestamp(text: &str) -> Option<Instant> {
    let b = text.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    if !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let year = digits(&b[0..4])?;
    let month = digits(&b[5..7])?;
    let day = digits(&b[8..10])?;
    let hour = digits(&b[11..13])?;
    let minute = digits(&b[14..16])?;
    let second = digits(&b[17..19])?;
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(i64::from(year), month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let mut rest = &b[19..];
    if rest.first() == Some(&b'.') {
        let fraction = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if fraction == 0 {
            return None;
        }
        rest = &rest[1 + fraction..];
    }
    let offset = Offset::parse_bytes(rest)?;
    let days = days_from_civil(i64::from(year), month, day);
    let local = days * SECONDS_PER_DAY + i64::from(hour * 3600 + minute * 60 + second);
    Some(Instant {
        utc: local - i64::from(offset.0),
        offset,
    })
}

/// A UTC instant as local date and time to the minute in `offset`: "2026-03-05 14:07".
pub fn local_date_time(utc: i64, offset: Offset) -> String {
    let of_day = (utc + i64::from(offset.0)).rem_euclid(SECONDS_PER_DAY);
    format!(
        "{} {:02}:{:02}",
        Day::of(utc, offset).date(),
        of_day / 3600,
        of_day / 60 % 60
    )
}

/// Parses a run of ASCII digits (at most 9, so it cannot overflow).
fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 9 {
        return None;
    }
    b.iter().try_fold(0u32, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

fn clamp_i32(v: i64) -> i32 {
    v.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip_over_four_centuries() {
        for days in -200_000..200_000 {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(civil_from_days(20_454), (2026, 1, 1));
    }

    #[test]
    fn timestamps() {
        let t = parse_timestamp("2025-10-01T08:15:00+08:00").unwrap();
        assert_eq!(t.offset, Offset(8 * 3600));
        assert_eq!(t.utc, parse_timestamp("2025-10-01T00:15:00Z").unwrap().utc);
        assert_eq!(
            parse_timestamp("2025-10-01T00:15:00.999Z").unwrap().utc,
            t.utc
        );
        assert_eq!(
            parse_timestamp("2024-02-29 23:59:59-05:30").unwrap().offset,
            Offset(-(5 * 3600 + 30 * 60))
        );
        for bad in [
            "not a time",
            "2025-13-45T99:00:00+08:00",
            "2025-02-29T00:00:00+08:00",
            "2025-10-01T08:15:00",
            "2025-10-01T08:15:60Z",
            "2025-10-01T08:15:00+8:00",
            "2025-10-01T08:15:00.+08:00",
            "２０２５-10-01T08:15:00Z",
            "",
        ] {
            assert_eq!(parse_timestamp(bad), None, "{bad}");
        }
    }

    #[test]
    fn local_days_use_the_offset() {
        let t = parse_timestamp("2025-12-31T23:30:00+08:00").unwrap();
        assert_eq!(
            Day::of(t.utc, Offset(8 * 3600)).date().to_string(),
            "2025-12-31"
        );
        assert_eq!(
            Day::of(t.utc, Offset(9 * 3600)).date().to_string(),
            "2026-01-01"
        );
        let day = Date::parse("2026-01-31").unwrap().day();
        assert_eq!(day.month().to_string(), "2026-01");
        assert_eq!(day.start_utc(Offset(8 * 3600)) % SECONDS_PER_DAY, 16 * 3600);
        assert_eq!(Date::parse("2026-02-30"), None);
        assert_eq!(Offset(-(3 * 3600 + 1800)).to_string(), "-03:30");
    }
}
