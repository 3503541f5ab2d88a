//! Early warnings (预警): the KPI × district cases a review meeting should look at, each with
//! the numbers behind it. Two rules, over the [`Metric::RATES`] of every district with a ticket
//! in the period (whatever the district filter, like the other rankings):
//!
//! - **Breach (未达标)**: the district's figure over the period is red under the one status rule
//!   (`status.rs`): it misses its goal by more than the amber band. The complaint-rate goal is
//!   prorated to the period's days.
//! - **Spike (异常波动)**: the district's figure in the period's last month is worse than the mean
//!   of the 12 months before it by more than [`SIGMAS`] sample standard deviations (n − 1):
//!   above mean + 3σ where lower is better, below mean − 3σ where higher is better. It needs a
//!   figure in at least [`MIN_HISTORY`] of those months (a month without any ticket of the
//!   district has none: the data did not cover it), and at least [`SPIKE_MIN_BASE`]
//!   tickets behind the month's figure, so that one complaint after quiet months is no alarm.
//!   With σ = 0 (the same figure every month) any worse figure is a spike.
//!
//! A case that is both is one warning with both reasons. Warnings are ordered by severity:
//! cases with both reasons, then breaches by how far they miss (relative to the goal), then
//! spikes by how many σ they lie out.

use crate::catalog::{Better, Metric};
use crate::dataset::Info;
use crate::kpi::Counts;
use crate::report::Report;
use crate::status::{Goal, Status};
use crate::views::{district_value, period_goal, Which};
use serde::{Deserialize, Serialize};

/// How many standard deviations from the trailing mean make a spike.
pub const SIGMAS: f64 = 3.0;
/// Months of history a spike needs (of the 12 before the month).
pub const MIN_HISTORY: usize = 6;
/// Tickets (the KPI's base, `Metric::base`) a month's figure needs to be called a spike.
pub const SPIKE_MIN_BASE: u64 = 10;

/// A district's figure against its own last 12 months.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Spike {
    /// The figure of the period's last month.
    pub value: f64,
    /// Mean and sample standard deviation of the months before it that have a figure.
    pub mean: f64,
    pub sd: f64,
    pub months: usize,
    /// mean ± 3σ: the figure is beyond it on the bad side.
    pub threshold: f64,
    /// Tickets behind the month's figure.
    pub base: u64,
}

impl Spike {
    /// How many σ the month lies out (∞ when σ = 0).
    pub fn sigmas(&self) -> f64 {
        if self.sd > 0.0 {
            (self.value - self.mean).abs() / self.sd
        } else {
            f64::INFINITY
        }
    }
}

/// One warning: a KPI of a district, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Warning {
    pub district: u16,
    pub code: String,
    pub name: String,
    pub metric: Metric,
    /// The district's figure over the period, its goal and the tickets behind it (breach).
    pub value: Option<f64>,
    pub goal: Option<Goal>,
    pub base: u64,
    pub breach: bool,
    pub spike: Option<Spike>,
}

impl Warning {
    /// How far the period's figure misses its goal, relative to the goal (0 when it does not).
    pub fn shortfall(&self) -> f64 {
        match (self.value, self.goal) {
            (Some(v), Some(g)) => g.shortfall(v),
            _ => 0.0,
        }
    }
}

/// Whether `value` is beyond mean ± 3σ of `history` on the bad side; the spike's figures if so.
fn spike(metric: Metric, value: f64, history: &[f64], base: u64) -> Option<Spike> {
    if history.len() < MIN_HISTORY || base < SPIKE_MIN_BASE {
        return None;
    }
    let n = history.len() as f64;
    let mean = history.iter().sum::<f64>() / n;
    let var = history.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let sd = var.sqrt();
    let (threshold, out) = match metric.better() {
        Better::Lower => (mean + SIGMAS * sd, value > mean + SIGMAS * sd),
        Better::Higher => (mean - SIGMAS * sd, value < mean - SIGMAS * sd),
        Better::Neither => return None,
    };
    // A figure equal to a flat history is not out; rounding noise of a flat history neither.
    let out = out && (value - mean).abs() > 1e-9 * mean.abs().max(1.0);
    out.then_some(Spike {
        value,
        mean,
        sd,
        months: history.len(),
        threshold,
        base,
    })
}

/// The warnings of a report, most severe first.
pub fn warnings(info: &Info, report: &Report) -> Vec<Warning> {
    let goals: Vec<(Metric, Option<Goal>)> = Metric::RATES
        .iter()
        .map(|&m| (m, period_goal(info, report, m)))
        .collect();
    let mut out = Vec::new();
    for fig in report.districts.iter().filter(|f| f.current.tickets > 0) {
        let Some(district) = info.district(fig.index) else {
            continue;
        };
        let months = report.months_of(fig.index);
        for &(metric, goal) in &goals {
            let value = district_value(info, fig, metric, Which::Current);
            let breach = goal.and_then(|g| g.judge(value)) == Some(Status::Red);
            let spike = months.and_then(|m| {
                let (last, before) = m.months.split_last()?;
                let of = |c: &Counts| metric.from_counts(c, district.customers);
                // A month in which the district has no ticket at all is no figure: the data
                // did not cover it (a per-10k rate would read 0 there).
                let history: Vec<f64> = before
                    .iter()
                    .filter(|c| c.tickets > 0)
                    .filter_map(of)
                    .collect();
                spike(metric, of(last)?, &history, metric.base(last))
            });
            if breach || spike.is_some() {
                out.push(Warning {
                    district: fig.index,
                    code: district.code.clone(),
                    name: district.name.clone(),
                    metric,
                    value,
                    goal,
                    base: metric.base(&fig.current),
                    breach,
                    spike,
                });
            }
        }
    }
    crate::order::sort_by(&mut out, |a, b| {
        let rank = |w: &Warning| match (w.breach, w.spike.is_some()) {
            (true, true) => 0,
            (true, false) => 1,
            _ => 2,
        };
        let severity = |w: &Warning| {
            if w.breach {
                w.shortfall()
            } else {
                w.spike.map_or(0.0, |s| s.sigmas())
            }
        };
        rank(a)
            .cmp(&rank(b))
            .then(severity(b).total_cmp(&severity(a)))
            .then(a.district.cmp(&b.district))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spikes_are_three_sigmas_out_on_the_bad_side() {
        // History 1, 2, 3, 2, 1, 2, 3, 2 (mean 2, sample σ = √(4/7) = 0.7559): the threshold
        // above is 2 + 3 × 0.7559 = 4.2678.
        let h = [1.0, 2.0, 3.0, 2.0, 1.0, 2.0, 3.0, 2.0];
        let s = spike(Metric::ComplaintRate, 4.3, &h, 12).unwrap();
        assert!((s.mean - 2.0).abs() < 1e-12);
        assert!((s.sd - (4.0f64 / 7.0).sqrt()).abs() < 1e-12);
        assert!((s.threshold - 4.267_786_838_055_363).abs() < 1e-9);
        assert_eq!(spike(Metric::ComplaintRate, 4.2, &h, 12), None);
        // Higher is better: a drop below mean − 3σ (−0.2678) cannot happen for a rate ≥ 0 here,
        // a rise is never a spike.
        assert_eq!(spike(Metric::CsatPct, 4.3, &h, 12), None);
        let pct = [90.0, 92.0, 91.0, 90.0, 92.0, 91.0];
        // mean 91, σ = √(4/5) = 0.8944: below 88.3167 is a spike.
        assert!(spike(Metric::CsatPct, 88.0, &pct, 40).is_some());
        assert_eq!(spike(Metric::CsatPct, 88.5, &pct, 40), None);
    }

    #[test]
    fn a_spike_needs_history_and_a_base() {
        let h = [1.0, 1.0, 1.0, 1.0, 1.0];
        assert_eq!(spike(Metric::ComplaintRate, 9.0, &h, 50), None, "5 months");
        let h = [1.0; 12];
        assert_eq!(spike(Metric::ComplaintRate, 9.0, &h, 9), None, "9 tickets");
        // A flat history: any worse figure is out (σ = 0), the same figure is not.
        let s = spike(Metric::ComplaintRate, 1.5, &h, 10).unwrap();
        assert!(s.sigmas().is_infinite());
        assert_eq!(spike(Metric::ComplaintRate, 1.0, &h, 10), None);
    }
}
