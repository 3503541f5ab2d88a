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
    ///
    /// A change that rounds to nothing where it is shown has no direction: "±0.00 分" is neither
    /// green nor red.
    pub fn direction(self, metric: Metric) -> Direction {
        let d = self.amount();
        if !d.is_finite() || self.shows_zero(metric) {
            return Direction::Flat;
        }
        match (metric.better(), d > 0.0) {
            (Better::Higher, true) | (Better::Lower, false) => Direction::Better,
            (Better::Higher, false) | (Better::Lower, true) => Direction::Worse,
            (Better::Neither, _) => Direction::Flat,
        }
    }

    /// The size of the change with the decimals it is shown with: points and per cent like a
    /// rate, anything else in the figure's own unit.
    fn magnitude(self, metric: Metric) -> String {
        match self {
            Change::Points(d) | Change::Relative(d) => {
                display::number(Unit::Percent, Some(d.abs()))
            }
            Change::Absolute(d) => display::number(metric.unit(), Some(d.abs())),
        }
    }

    /// Whether the change rounds to zero where it is shown.
    pub fn shows_zero(self, metric: Metric) -> bool {
        self.magnitude(metric)
            .trim_start_matches(['0', '.', ','])
            .is_empty()
    }

    /// "▲ +3.2 个百分点": the change with an arrow for its sign, none when it shows as zero.
    pub fn marked(self, metric: Metric, lang: Lang) -> String {
        let text = self.text(metric, lang);
        match (self.shows_zero(metric), self.amount() > 0.0) {
            (true, _) => text,
            (false, true) => format!("▲ {text}"),
            (false, false) => format!("▼ {text}"),
        }
    }

    /// The change without its sign: "3.2 个百分点", "4.1%", "0.12 件/万户".
    pub fn size_text(self, metric: Metric, lang: Lang) -> String {
        match self {
            Change::Relative(d) => format!("{}%", display::number(Unit::Percent, Some(d.abs()))),
            Change::Points(d) | Change::Absolute(d) => display::amount(metric, d, lang),
        }
    }

    /// "+3.2 个百分点", "−4.1%", "+0.12 件/万户", "±0.0 pp".
    pub fn text(self, metric: Metric, lang: Lang) -> String {
        let sign = if self.shows_zero(metric) {
            "±"
        } else if self.amount() > 0.0 {
            "+"
        } else {
            "−"
        };
        format!("{sign}{}", self.size_text(metric, lang))
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

    #[test]
    fn a_change_that_shows_as_zero_has_no_arrow_and_no_colour() {
        let c = |m, a, b| Change::of(m, Some(a), Some(b)).unwrap();
        // 4.262 against 4.258: "±0.00 分", neither better nor worse.
        let tiny = c(Metric::SatisfactionMean, 4.262, 4.258);
        assert!(tiny.shows_zero(Metric::SatisfactionMean));
        assert_eq!(tiny.marked(Metric::SatisfactionMean, Lang::Zh), "±0.00 分");
        assert_eq!(tiny.direction(Metric::SatisfactionMean), Direction::Flat);
        let drop = c(Metric::SatisfactionMean, 4.20, 4.26);
        assert_eq!(
            drop.marked(Metric::SatisfactionMean, Lang::Zh),
            "▼ −0.06 分"
        );
        assert_eq!(drop.direction(Metric::SatisfactionMean), Direction::Worse);
        let up = c(Metric::CsatPct, 83.2, 80.0);
        assert_eq!(up.marked(Metric::CsatPct, Lang::En), "▲ +3.2 pp");
    }
}
