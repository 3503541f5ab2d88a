//! The one status rule: how a figure stands against its target. Cards, tables, bars, bullets,
//! heatmap cells, slides and exports all ask here, so one figure has one status everywhere.
//!
//! - **green / met**: the target is met (at or beyond it on the good side);
//! - **amber / near**: missed by no more than [`NEAR_BAND`] of the target (relative);
//! - **red / missed**: missed by more.
//!
//! Each status has a shape as well as a colour (● ◆ ▲), so it reads in greyscale and for
//! colour-blind readers.
//!
//! Targets are judged over the period they apply to: the complaint-rate target is annual
//! (kpis.md), so a period of d days is judged against target × d / 365.

use crate::catalog::{Better, Metric, Unit};
use crate::display;
use crate::i18n::Lang;
use crate::targets::Targets;
use serde::{Deserialize, Serialize};

/// A miss by at most this share of the target is "near" (amber): 5 %, e.g. a satisfaction mean
/// of 4.3 against 4.5 (4.4 % short), a complaint rate of 10.4 against 10 (4 % over). A 9.1 %
/// repeat share against 5 % (82 % over) is red.
pub const NEAR_BAND: f64 = 0.05;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    Green,
    Amber,
    Red,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Green, Status::Amber, Status::Red];

    /// Judges `value` against `goal` when `better` says which side is good.
    pub fn judge(better: Better, value: f64, goal: f64) -> Option<Status> {
        if !(value.is_finite() && goal.is_finite()) {
            return None;
        }
        let shortfall = match better {
            Better::Higher => goal - value,
            Better::Lower => value - goal,
            Better::Neither => return None,
        };
        Some(if shortfall <= 0.0 {
            Status::Green
        } else if shortfall <= NEAR_BAND * goal.abs() {
            Status::Amber
        } else {
            Status::Red
        })
    }

    /// For CSS classes and `data-status`: `green`, `amber`, `red`, or `none` without a target.
    pub fn code(status: Option<Status>) -> &'static str {
        match status {
            Some(Status::Green) => "green",
            Some(Status::Amber) => "amber",
            Some(Status::Red) => "red",
            None => "none",
        }
    }

    /// The shape that goes with the colour.
    pub fn mark(self) -> &'static str {
        match self {
            Status::Green => "●",
            Status::Amber => "◆",
            Status::Red => "▲",
        }
    }

    /// The status in words with its shape, so colour is never the only signal.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Status::Green => lang.pick("● 达标", "● On target"),
            Status::Amber => lang.pick("◆ 接近目标", "◆ Near target"),
            Status::Red => lang.pick("▲ 未达标", "▲ Off target"),
        }
    }

    /// What the status means, for the legend on the page.
    pub fn meaning(self, lang: Lang) -> &'static str {
        match self {
            Status::Green => lang.pick("达到目标", "target met"),
            Status::Amber => lang.pick(
                "未达目标，差距不超过目标值的 5%",
                "missed by at most 5% of the target",
            ),
            Status::Red => lang.pick(
                "未达目标，差距超过目标值的 5%",
                "missed by more than 5% of the target",
            ),
        }
    }
}

/// The target a figure is judged against over a period, and where it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    pub metric: Metric,
    /// The value in force for the period.
    pub value: f64,
    /// The annual target it was prorated from, and the period's days (complaint rate).
    pub prorated: Option<(f64, i32)>,
}

impl Goal {
    /// The goal of `metric` for a period of `days` days, if the export (or kpis.md's defaults)
    /// sets one.
    pub fn of(metric: Metric, targets: &Targets, days: i32) -> Option<Goal> {
        let target = metric.target(targets)?;
        if !target.is_finite() {
            return None;
        }
        Some(if metric.annual_target() {
            let days = days.max(1);
            let value = target * f64::from(days) / 365.0;
            // A target near f64::MAX prorated over many days is infinite: no usable goal
            // (found by tests/fuzz.rs: a card said "target ≤ inf").
            if !value.is_finite() {
                return None;
            }
            Goal {
                metric,
                value,
                prorated: Some((target, days)),
            }
        } else {
            Goal {
                metric,
                value: target,
                prorated: None,
            }
        })
    }

    pub fn judge(&self, value: Option<f64>) -> Option<Status> {
        Status::judge(self.metric.better(), value?, self.value)
    }

    /// How far `value` misses the goal, relative to it: 0.12 is 12 % short of it (or over it,
    /// where lower is better); 0 when it is met. Ranks misses of different units.
    pub fn shortfall(&self, value: f64) -> f64 {
        if self.value == 0.0 || !value.is_finite() {
            return 0.0;
        }
        let miss = match self.metric.better() {
            Better::Higher => self.value - value,
            Better::Lower => value - self.value,
            Better::Neither => 0.0,
        };
        (miss / self.value.abs()).max(0.0)
    }

    /// "≤" or "≥".
    pub fn operator(&self) -> &'static str {
        match self.metric.better() {
            Better::Lower => "≤",
            _ => "≥",
        }
    }

    /// "≥ 85.0%", "≤ 0.85 件/万户": the goal inside a sentence or on a slide, without its
    /// proration note.
    pub fn bound_text(&self, lang: Lang) -> String {
        format!(
            "{} {}",
            self.operator(),
            display::value(self.metric, Some(self.value), lang)
        )
    }

    /// "目标 ≤ 0.85 件/万户（年目标 10，按 31 天折算）" / "Target ≤ 0.85 per 10k customers
    /// (annual 10, prorated to 31 days)".
    pub fn text(&self, lang: Lang) -> String {
        let unit = self.metric.unit();
        let value = display::value(self.metric, Some(self.value), lang);
        let head = format!(
            "{} {} {value}",
            lang.pick("目标", "Target"),
            self.operator()
        );
        match self.prorated {
            Some((annual, days)) => {
                let annual = display::plain(unit, annual);
                match lang {
                    Lang::Zh => format!("{head}（年目标 {annual}，按 {days} 天折算）"),
                    Lang::En => format!("{head} (annual {annual}, prorated to {days} days)"),
                }
            }
            None => head,
        }
    }

    /// The goal's value as shown beside a figure of the same unit.
    pub fn value_text(&self) -> String {
        let unit: Unit = self.metric.unit();
        display::number(unit, Some(self.value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_rule_with_a_relative_band() {
        use Better::{Higher, Lower};
        // (better, value, goal, status)
        let table = [
            (Higher, 91.0, 90.0, Some(Status::Green)),
            (Higher, 90.0, 90.0, Some(Status::Green)),
            (Higher, 85.5, 90.0, Some(Status::Amber)), // exactly 5 % short
            (Higher, 85.4, 90.0, Some(Status::Red)),
            (Higher, 4.41, 4.5, Some(Status::Amber)),
            (Higher, 4.2, 4.5, Some(Status::Red)),
            (Lower, 10.12, 10.0, Some(Status::Amber)),
            (Lower, 10.6, 10.0, Some(Status::Red)),
            (Lower, 9.1, 5.0, Some(Status::Red)),
            (Lower, 0.0, 0.0, Some(Status::Green)),
            (Lower, 0.1, 0.0, Some(Status::Red)),
            (Better::Neither, 1.0, 1.0, None),
            (Higher, f64::NAN, 1.0, None),
        ];
        for (better, value, goal, want) in table {
            assert_eq!(
                Status::judge(better, value, goal),
                want,
                "{value} vs {goal}"
            );
        }
    }

    #[test]
    fn the_complaint_rate_target_is_prorated() {
        let targets = Targets {
            complaint_rate_per_10k: Some(10.0),
            ..Targets::default()
        };
        let g = Goal::of(Metric::ComplaintRate, &targets, 31).unwrap();
        assert!((g.value - 10.0 * 31.0 / 365.0).abs() < 1e-12);
        assert_eq!(
            g.text(Lang::Zh),
            "目标 ≤ 0.85 件/万户（年目标 10，按 31 天折算）"
        );
        assert_eq!(
            g.text(Lang::En),
            "Target ≤ 0.85 per 10k customers (annual 10, prorated to 31 days)"
        );
        assert_eq!(g.judge(Some(0.5)), Some(Status::Green));
        assert_eq!(g.judge(Some(0.87)), Some(Status::Amber));
        assert_eq!(g.judge(None), None);
        let s = Goal::of(Metric::SatisfactionMean, &targets, 31).unwrap();
        assert_eq!(s.prorated, None);
        assert_eq!(s.text(Lang::Zh), "目标 ≥ 4.50 分");
        assert!(Goal::of(Metric::Tickets, &targets, 31).is_none());
    }
}
