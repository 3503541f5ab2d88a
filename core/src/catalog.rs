//! The KPI cards: which figure, its unit, which direction is good, its target and RAG status.
//! One table, so the UI, the tests and the link format all name a KPI the same way.

use crate::i18n::Lang;
use crate::kpi::Kpis;
use crate::stats::Summary;
use crate::targets::Targets;

/// How a figure is measured, for display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Count,
    Percent,
    PerTenThousand,
    Minutes,
    Hours,
    Score,
}

/// Which direction of change is an improvement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    Higher,
    Lower,
    /// Volume: neither direction is good in itself.
    Neither,
}

/// Red/amber/green against a target. Never shown as colour alone (the UI adds text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Green,
    Amber,
    Red,
}

impl Status {
    /// The status as a shape and a word, so colour is never the only signal.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Status::Green => lang.pick("● 达标", "● On target"),
            Status::Amber => lang.pick("◆ 接近目标", "◆ Near target"),
            Status::Red => lang.pick("▲ 未达标", "▲ Off target"),
        }
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
}

/// One KPI card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    Tickets,
    Complaints,
    ComplaintRate,
    FirstResponsePct,
    RepairArrivalPct,
    ResolutionPct,
    Backlog,
    Overdue,
    RepeatComplaintPct,
    SatisfactionMean,
    CsatPct,
    SurveyCoveragePct,
    Duration(Duration, Stat),
}

/// The duration measures of kpis.md, "Timeliness".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duration {
    FirstResponse,
    RepairArrival,
    Resolution,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stat {
    Mean,
    Median,
    P90,
}

impl Duration {
    pub const ALL: [Duration; 3] = [
        Duration::FirstResponse,
        Duration::RepairArrival,
        Duration::Resolution,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Duration::FirstResponse => "first_response_min",
            Duration::RepairArrival => "repair_arrival_min",
            Duration::Resolution => "resolution_hours",
        }
    }

    pub fn summary(self, k: &Kpis) -> &Summary {
        match self {
            Duration::FirstResponse => &k.first_response_min,
            Duration::RepairArrival => &k.repair_arrival_min,
            Duration::Resolution => &k.resolution_hours,
        }
    }
}

impl Stat {
    pub const ALL: [Stat; 3] = [Stat::Mean, Stat::Median, Stat::P90];

    pub fn name(self) -> &'static str {
        match self {
            Stat::Mean => "mean",
            Stat::Median => "median",
            Stat::P90 => "p90",
        }
    }
}

impl Metric {
    /// Every card of the overview, in display order.
    pub fn cards() -> Vec<Metric> {
        let mut cards = vec![
            Metric::Tickets,
            Metric::Complaints,
            Metric::ComplaintRate,
            Metric::FirstResponsePct,
            Metric::RepairArrivalPct,
            Metric::ResolutionPct,
            Metric::Backlog,
            Metric::Overdue,
            Metric::RepeatComplaintPct,
            Metric::SatisfactionMean,
            Metric::CsatPct,
            Metric::SurveyCoveragePct,
        ];
        for d in Duration::ALL {
            for s in Stat::ALL {
                cards.push(Metric::Duration(d, s));
            }
        }
        cards
    }

    /// The KPI's name in kpis.md (`first_response_pct`; `first_response_min` for a duration).
    pub fn name(self) -> &'static str {
        match self {
            Metric::Tickets => "tickets",
            Metric::Complaints => "complaints",
            Metric::ComplaintRate => "complaint_rate_per_10k",
            Metric::FirstResponsePct => "first_response_pct",
            Metric::RepairArrivalPct => "repair_arrival_pct",
            Metric::ResolutionPct => "resolution_pct",
            Metric::Backlog => "backlog",
            Metric::Overdue => "overdue",
            Metric::RepeatComplaintPct => "repeat_complaint_pct",
            Metric::SatisfactionMean => "satisfaction_mean",
            Metric::CsatPct => "csat_pct",
            Metric::SurveyCoveragePct => "survey_coverage_pct",
            Metric::Duration(d, _) => d.name(),
        }
    }

    /// The statistic of a duration card.
    pub fn stat(self) -> Option<Stat> {
        match self {
            Metric::Duration(_, s) => Some(s),
            _ => None,
        }
    }

    /// Stable id for tests and links: `first_response_pct`, `first_response_min-median`.
    pub fn key(self) -> String {
        match self.stat() {
            Some(s) => format!("{}-{}", self.name(), s.name()),
            None => self.name().to_string(),
        }
    }

    pub fn unit(self) -> Unit {
        match self {
            Metric::Tickets | Metric::Complaints | Metric::Backlog | Metric::Overdue => Unit::Count,
            Metric::ComplaintRate => Unit::PerTenThousand,
            Metric::SatisfactionMean => Unit::Score,
            Metric::Duration(Duration::Resolution, _) => Unit::Hours,
            Metric::Duration(..) => Unit::Minutes,
            _ => Unit::Percent,
        }
    }

    pub fn better(self) -> Better {
        match self {
            Metric::Tickets => Better::Neither,
            Metric::FirstResponsePct
            | Metric::RepairArrivalPct
            | Metric::ResolutionPct
            | Metric::SatisfactionMean
            | Metric::CsatPct
            | Metric::SurveyCoveragePct => Better::Higher,
            _ => Better::Lower,
        }
    }

    /// The unrounded value, `None` when undefined.
    pub fn value(self, k: &Kpis) -> Option<f64> {
        match self {
            Metric::Tickets => Some(k.tickets as f64),
            Metric::Complaints => Some(k.complaints() as f64),
            Metric::ComplaintRate => k.complaint_rate_per_10k,
            Metric::FirstResponsePct => k.first_response_pct(),
            Metric::RepairArrivalPct => k.repair_arrival_pct(),
            Metric::ResolutionPct => k.resolution_pct(),
            Metric::Backlog => Some(k.backlog as f64),
            Metric::Overdue => Some(k.overdue as f64),
            Metric::RepeatComplaintPct => k.repeat_complaint_pct(),
            Metric::SatisfactionMean => k.satisfaction_mean(),
            Metric::CsatPct => k.csat_pct(),
            Metric::SurveyCoveragePct => k.survey_coverage_pct(),
            Metric::Duration(d, s) => {
                let summary = d.summary(k);
                match s {
                    Stat::Mean => summary.mean,
                    Stat::Median => summary.median,
                    Stat::P90 => summary.p90,
                }
            }
        }
    }

    /// The goal this card is judged against, if the export (or kpis.md's defaults) sets one.
    pub fn target(self, t: &Targets) -> Option<f64> {
        match self {
            Metric::ComplaintRate => t.complaint_rate_per_10k,
            Metric::SatisfactionMean => t.satisfaction_mean,
            Metric::CsatPct => t.csat_pct,
            Metric::FirstResponsePct => t.first_response_pct,
            Metric::RepairArrivalPct => t.repair_arrival_pct,
            Metric::ResolutionPct => t.resolution_pct,
            Metric::RepeatComplaintPct => t.repeat_complaint_pct,
            _ => None,
        }
    }

    /// Green at or beyond the target; amber within a tolerance of it (5 percentage points for a
    /// percentage, 0.2 for a 1–5 score, 20% of the target otherwise); red beyond that.
    pub fn status(self, value: Option<f64>, target: Option<f64>) -> Option<Status> {
        let (v, t) = (value?, target?);
        let tolerance = match self.unit() {
            Unit::Percent => 5.0,
            Unit::Score => 0.2,
            _ => t.abs() * 0.2,
        };
        let shortfall = match self.better() {
            Better::Higher => t - v,
            Better::Lower => v - t,
            Better::Neither => return None,
        };
        Some(if shortfall <= 0.0 {
            Status::Green
        } else if shortfall <= tolerance {
            Status::Amber
        } else {
            Status::Red
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_status() {
        assert_eq!(
            Metric::Duration(Duration::FirstResponse, Stat::Median).key(),
            "first_response_min-median"
        );
        assert_eq!(Metric::cards().len(), 21);
        let csat = Metric::CsatPct;
        assert_eq!(csat.status(Some(91.0), Some(90.0)), Some(Status::Green));
        assert_eq!(csat.status(Some(90.0), Some(90.0)), Some(Status::Green));
        assert_eq!(csat.status(Some(86.0), Some(90.0)), Some(Status::Amber));
        assert_eq!(csat.status(Some(80.0), Some(90.0)), Some(Status::Red));
        assert_eq!(csat.status(None, Some(90.0)), None);
        let rate = Metric::ComplaintRate;
        assert_eq!(rate.status(Some(1.0), Some(1.5)), Some(Status::Green));
        assert_eq!(rate.status(Some(1.7), Some(1.5)), Some(Status::Amber));
        assert_eq!(rate.status(Some(2.0), Some(1.5)), Some(Status::Red));
        assert_eq!(Metric::Tickets.status(Some(1.0), Some(1.0)), None);
    }
}
