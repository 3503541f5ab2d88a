//! Display rounding. Figures are computed unrounded; only what is shown is rounded, here, so the
//! UI and tests agree on what a manager sees. Undefined shows as "—", never 0.

use crate::catalog::{Metric, Unit};
use crate::i18n::Lang;

/// Shown for an undefined statistic.
pub const UNDEFINED: &str = "—";

/// Groups thousands: 20000 → "20,000".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Decimal places shown for a unit.
fn decimals(unit: Unit) -> usize {
    match unit {
        Unit::Count => 0,
        Unit::Percent | Unit::Minutes | Unit::Hours => 1,
        Unit::PerTenThousand | Unit::Score => 2,
    }
}

/// The number part of a value, without its unit.
pub fn number(unit: Unit, value: Option<f64>) -> String {
    match value {
        None => UNDEFINED.into(),
        Some(v) if unit == Unit::Count && v >= 0.0 => thousands(v.round() as u64),
        Some(v) => format!("{v:.*}", decimals(unit)),
    }
}

/// A number with the unit's decimals but no trailing zeros: 10 → "10", 1.5 → "1.5" (a target
/// as the export states it).
pub fn plain(unit: Unit, value: f64) -> String {
    let text = format!("{value:.*}", decimals(unit).max(2));
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// The unit as written after a number.
pub fn unit_suffix(unit: Unit, lang: Lang) -> &'static str {
    match unit {
        Unit::Count => lang.pick("件", ""),
        Unit::Percent => "%",
        Unit::PerTenThousand => lang.pick("件/万户", "per 10k customers"),
        Unit::Minutes => lang.pick("分钟", "min"),
        Unit::Hours => lang.pick("小时", "h"),
        Unit::Score => lang.pick("分", "/ 5"),
    }
}

/// A value with its unit: "88.2%", "19.4 分钟", "—".
pub fn value(metric: Metric, value: Option<f64>, lang: Lang) -> String {
    let unit = metric.unit();
    let n = number(unit, value);
    let suffix = unit_suffix(unit, lang);
    if value.is_none() || suffix.is_empty() {
        n
    } else if unit == Unit::Percent {
        format!("{n}{suffix}")
    } else {
        format!("{n} {suffix}")
    }
}

/// The size of a difference between two values of `metric`, without its sign: "8.8 个百分点",
/// "0.24 分", "12 件". A gap to a target, or a rise or fall told in words.
pub fn amount(metric: Metric, difference: f64, lang: Lang) -> String {
    let unit = metric.unit();
    let n = number(unit, Some(difference.abs()));
    let suffix = match unit {
        Unit::Percent => lang.pick("个百分点", "pp"),
        Unit::Score => lang.pick("分", "points"),
        _ => unit_suffix(unit, lang),
    };
    if suffix.is_empty() {
        n
    } else {
        format!("{n} {suffix}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Duration, Stat};

    #[test]
    fn rounding_only_at_display() {
        let zh = Lang::Zh;
        assert_eq!(thousands(20000), "20,000");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(value(Metric::Tickets, Some(20000.0), zh), "20,000 件");
        assert_eq!(value(Metric::Tickets, Some(20000.0), Lang::En), "20,000");
        assert_eq!(value(Metric::CsatPct, Some(83.79446640316206), zh), "83.8%");
        assert_eq!(value(Metric::CsatPct, None, zh), "—");
        let median = Metric::Duration(Duration::FirstResponse, Stat::Median);
        assert_eq!(value(median, Some(19.416666666666668), zh), "19.4 分钟");
        assert_eq!(
            value(Metric::SatisfactionMean, Some(4.3478), Lang::En),
            "4.35 / 5"
        );
        assert_eq!(amount(Metric::CsatPct, -2.345, zh), "2.3 个百分点");
        assert_eq!(amount(Metric::CsatPct, 0.04, Lang::En), "0.0 pp");
        assert_eq!(amount(Metric::Backlog, 12.0, zh), "12 件");
        assert_eq!(
            amount(Metric::SatisfactionMean, -0.244, Lang::En),
            "0.24 points"
        );
    }
}
