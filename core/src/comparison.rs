//! What a period is compared with, and how a change is told: 环比 (the period before) and 同比
//! (the same period a year earlier), percentage points for rates, per cent for counts.

use crate::catalog::{Better, Metric, Unit};
use crate::display;
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// Which comparison the charts draw (both are on the cards and tables).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Compare {
    /// 环比: the period before (kpis.md; the default).
    #[default]
    Previous,
    /// 同比: the same period a year earlier.
    YearBefore,
}

impl Compare {
    pub const ALL: [Compare; 2] = [Compare::Previous, Compare::YearBefore];

    pub fn code(self) -> &'static str {
        match self {
            Compare::Previous => "prev",
            Compare::YearBefore => "yoy",
        }
    }

    pub fn from_code(code: &str) -> Option<Compare> {
        match code {
            "prev" => Some(Compare::Previous),
            "yoy" => Some(Compare::YearBefore),
            _ => None,
        }
    }

    /// "环比" / "同比"; in English "vs previous" / "vs last year".
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Compare::Previous => lang.pick("环比", "vs previous"),
            Compare::YearBefore => lang.pick("同比", "vs last year"),
        }
    }

    /// The name of the comparison period: "上一周期" / "去年同期".
    pub fn period_label(self, lang: Lang) -> &'static str {
        match self {
            Compare::Previous => lang.pick("上一周期", "Previous period"),
            Compare::YearBefore => lang.pick("去年同期", "Same period last year"),
        }
    }
}

/// A change of one figure against its comparison.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Change {
    /// Percentage points (a rate or share).
    Points(f64),
    /// Per cent of the comparison value (a count with a non-zero comparison).
    Relative(f64),
    /// In the figure's own unit (per-10k rates, scores, durations, a count from zero).
    Absolute(f64),
}

impl Change {
    /// current − previous as the reader expects it for `metric`; undefined if either is.
    pub fn of(metric: Metric, current: Option<f64>, previous: Option<f64>) -> Option<Change> {
        let (c, p) = (current?, previous?);
        Some(match metric.unit() {
            Unit::Percent => Change::Points(c - p),
            Unit::Count if p > 0.0 => Change::Relative((c - p) / p * 100.0),
            _ => Change::Absolute(c - p),
        })
    }

    pub fn amount(self) -> f64 {
        match self {
            Change::Points(d) | Change::Relative(d) | Change::Absolute(d) => d,
        }
    }

    /// Whether the change is an improvement, a deterioration, or neither (a volume, or no
    /// visible change).
    pub fn direction(self, metric: Metric) -> Direction {
        let d = self.amount();
        if d == 0.0 || !d.is_finite() {
            return Direction::Flat;
        }
        match (metric.better(), d > 0.0) {
            (Better::Higher, true) | (Better::Lower, false) => Direction::Better,
            (Better::Higher, false) | (Better::Lower, true) => Direction::Worse,
            (Better::Neither, _) => Direction::Flat,
        }
    }

    /// "+3.2 个百分点", "−4.1%", "+0.12 件/万户", "±0.0 pp".
    pub fn text(self, metric: Metric, lang: Lang) -> String {
        let unit = metric.unit();
        let (magnitude, suffix) = match self {
            Change::Points(d) => (
                display::number(Unit::Percent, Some(d.abs())),
                lang.pick(" 个百分点", " pp"),
            ),
            Change::Relative(d) => (display::number(Unit::Percent, Some(d.abs())), "%"),
            Change::Absolute(d) => {
                let s = display::unit_suffix(unit, lang);
                (
                    display::number(unit, Some(d.abs())),
                    if s.is_empty() { "" } else { s },
                )
            }
        };
        let sign = if magnitude.trim_start_matches(['0', '.', ',']).is_empty() {
            "±"
        } else if self.amount() > 0.0 {
            "+"
        } else {
            "−"
        };
        match self {
            Change::Absolute(_) if !suffix.is_empty() => format!("{sign}{magnitude} {suffix}"),
            _ => format!("{sign}{magnitude}{suffix}"),
        }
    }
}

/// Which way a change went for the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    Better,
    Worse,
    Flat,
}

impl Direction {
    pub fn code(self) -> &'static str {
        match self {
            Direction::Better => "good",
            Direction::Worse => "bad",
            Direction::Flat => "flat",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_move_in_points_counts_in_per_cent() {
        let zh = Lang::Zh;
        let c = |m, a, b| Change::of(m, Some(a), Some(b)).unwrap();
        assert_eq!(
            c(Metric::CsatPct, 83.2, 80.0).text(Metric::CsatPct, zh),
            "+3.2 个百分点"
        );
        assert_eq!(
            c(Metric::CsatPct, 80.0, 81.1).text(Metric::CsatPct, Lang::En),
            "−1.1 pp"
        );
        assert_eq!(
            c(Metric::Complaints, 105.0, 100.0).text(Metric::Complaints, zh),
            "+5.0%"
        );
        assert_eq!(
            c(Metric::Complaints, 12.0, 0.0).text(Metric::Complaints, zh),
            "+12 件"
        );
        assert_eq!(
            c(Metric::ComplaintRate, 0.5, 0.38).text(Metric::ComplaintRate, zh),
            "+0.12 件/万户"
        );
        assert_eq!(
            c(Metric::CsatPct, 80.01, 80.0).text(Metric::CsatPct, Lang::En),
            "±0.0 pp"
        );
        assert_eq!(Change::of(Metric::CsatPct, None, Some(1.0)), None);
        assert_eq!(
            c(Metric::Overdue, 5.0, 9.0).direction(Metric::Overdue),
            Direction::Better
        );
        assert_eq!(
            c(Metric::CsatPct, 79.0, 80.0).direction(Metric::CsatPct),
            Direction::Worse
        );
        assert_eq!(
            c(Metric::Tickets, 9.0, 5.0).direction(Metric::Tickets),
            Direction::Flat
        );
    }
}
