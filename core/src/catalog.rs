//! The KPI catalog: every figure the dashboard shows, in one order, with its name, unit, which
//! direction is good, its target, its label and its definition (口径). Cards, tables, charts,
//! slides, exports, links and tests all name a KPI from here.

use crate::i18n::Lang;
use crate::kpi::{Counts, Kpis};
use crate::stats::Summary;
use crate::targets::Targets;
use serde::{Deserialize, Serialize};

/// How a figure is measured, for display.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unit {
    Count,
    Percent,
    PerTenThousand,
    Minutes,
    Hours,
    Score,
}

/// Which direction of change is an improvement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Better {
    Higher,
    Lower,
    /// Volume: neither direction is good in itself.
    Neither,
}

/// One KPI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Duration {
    FirstResponse,
    RepairArrival,
    Resolution,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Stat {
    Mean,
    Median,
    P90,
}

/// The groups of KPI cards, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Group {
    Volume,
    Timeliness,
    Backlog,
    Satisfaction,
    Durations,
}

impl Group {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Group::Volume => lang.pick("业务量与投诉", "Volume and complaints"),
            Group::Timeliness => lang.pick("时限达标", "Timeliness"),
            Group::Backlog => lang.pick("积压与重复投诉", "Backlog and repeats"),
            Group::Satisfaction => lang.pick("客户满意度", "Satisfaction"),
            Group::Durations => lang.pick("处理时长", "Durations"),
        }
    }
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

    /// Index into `Counts::durations`.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Seconds per display unit: minutes, or hours for resolution.
    pub fn unit_secs(self) -> f64 {
        match self {
            Duration::Resolution => 3600.0,
            _ => 60.0,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Duration::FirstResponse => lang.pick("首次响应时长", "First response time"),
            Duration::RepairArrival => lang.pick("抢修到达时长", "Repair arrival time"),
            Duration::Resolution => lang.pick("办结时长", "Resolution time"),
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

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Stat::Mean => lang.pick("均值", "mean"),
            Stat::Median => lang.pick("中位数", "median"),
            Stat::P90 => lang.pick("P90", "p90"),
        }
    }
}

impl Metric {
    /// Every KPI, in the one display order of cards, tables and exports.
    pub const ALL: [Metric; 21] = [
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
        Metric::Duration(Duration::FirstResponse, Stat::Mean),
        Metric::Duration(Duration::FirstResponse, Stat::Median),
        Metric::Duration(Duration::FirstResponse, Stat::P90),
        Metric::Duration(Duration::RepairArrival, Stat::Mean),
        Metric::Duration(Duration::RepairArrival, Stat::Median),
        Metric::Duration(Duration::RepairArrival, Stat::P90),
        Metric::Duration(Duration::Resolution, Stat::Mean),
        Metric::Duration(Duration::Resolution, Stat::Median),
        Metric::Duration(Duration::Resolution, Stat::P90),
    ];

    /// The KPIs of a district ranking (league table, district exports): the additive ones.
    pub const RANKED: [Metric; 11] = [
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
    ];

    /// The rates a district is scored on against targets (scorecards, warnings).
    pub const RATES: [Metric; 7] = [
        Metric::ComplaintRate,
        Metric::FirstResponsePct,
        Metric::RepairArrivalPct,
        Metric::ResolutionPct,
        Metric::RepeatComplaintPct,
        Metric::SatisfactionMean,
        Metric::CsatPct,
    ];

    /// The card group of each KPI.
    pub fn group(self) -> Group {
        match self {
            Metric::Tickets | Metric::Complaints | Metric::ComplaintRate => Group::Volume,
            Metric::FirstResponsePct | Metric::RepairArrivalPct | Metric::ResolutionPct => {
                Group::Timeliness
            }
            Metric::Backlog | Metric::Overdue | Metric::RepeatComplaintPct => Group::Backlog,
            Metric::SatisfactionMean | Metric::CsatPct | Metric::SurveyCoveragePct => {
                Group::Satisfaction
            }
            Metric::Duration(..) => Group::Durations,
        }
    }

    /// The card groups with their KPIs, in [`Metric::ALL`] order.
    pub fn groups() -> Vec<(Group, Vec<Metric>)> {
        let mut out: Vec<(Group, Vec<Metric>)> = Vec::new();
        for m in Metric::ALL {
            match out.last_mut() {
                Some((g, list)) if *g == m.group() => list.push(m),
                _ => out.push((m.group(), vec![m])),
            }
        }
        out
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

    /// The statistic of a duration KPI.
    pub fn stat(self) -> Option<Stat> {
        match self {
            Metric::Duration(_, s) => Some(s),
            _ => None,
        }
    }

    /// Stable id for tests, links and exports: `first_response_pct`, `first_response_min-median`.
    pub fn key(self) -> String {
        match self.stat() {
            Some(s) => format!("{}-{}", self.name(), s.name()),
            None => self.name().to_string(),
        }
    }

    /// The KPI of a [`Metric::key`].
    pub fn parse(key: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|m| m.key() == key)
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
            Metric::ComplaintRate => k.complaint_rate_per_10k(),
            Metric::Duration(d, s) => {
                let summary = d.summary(k);
                match s {
                    Stat::Mean => summary.mean,
                    Stat::Median => summary.median,
                    Stat::P90 => summary.p90,
                }
            }
            _ => self.from_counts(&k.counts, k.customers),
        }
    }

    /// The value from additive counts alone, where it can be had (everything but the medians and
    /// 90th percentiles). `customers` is the per-10k denominator of the group.
    pub fn from_counts(self, c: &Counts, customers: Option<u64>) -> Option<f64> {
        match self {
            Metric::Tickets => Some(c.tickets as f64),
            Metric::Complaints => Some(c.complaints() as f64),
            Metric::ComplaintRate => c.complaint_rate(customers),
            Metric::FirstResponsePct => c.first_response.pct(),
            Metric::RepairArrivalPct => c.repair_arrival.pct(),
            Metric::ResolutionPct => c.resolution.pct(),
            Metric::Backlog => Some(c.backlog as f64),
            Metric::Overdue => Some(c.overdue as f64),
            Metric::RepeatComplaintPct => c.repeat_complaint_pct(),
            Metric::SatisfactionMean => c.satisfaction_mean(),
            Metric::CsatPct => c.csat_pct(),
            Metric::SurveyCoveragePct => c.survey_coverage_pct(),
            Metric::Duration(d, Stat::Mean) => c
                .durations
                .get(d.index())
                .and_then(|s| s.mean(d.unit_secs())),
            Metric::Duration(..) => None,
        }
    }

    /// How many tickets (or scores) a value rests on: the complaints behind a complaint or
    /// repeat rate, the decided tickets (met + breached) behind a timeliness rate, the scores
    /// behind satisfaction, the resolved tickets behind survey coverage, the tickets otherwise.
    /// Findings say it when it is small ("基于 4 件投诉").
    pub fn base(self, c: &Counts) -> u64 {
        let decided = |t: &crate::timeliness::Tally| t.met + t.breached;
        match self {
            Metric::Complaints | Metric::ComplaintRate => c.complaints(),
            Metric::RepeatComplaintPct => c.complaints_with_customer,
            Metric::FirstResponsePct => decided(&c.first_response),
            Metric::RepairArrivalPct => decided(&c.repair_arrival),
            Metric::ResolutionPct => decided(&c.resolution),
            Metric::SatisfactionMean | Metric::CsatPct => c.scored,
            Metric::SurveyCoveragePct => c.resolved,
            Metric::Duration(d, _) => c.durations.get(d.index()).map_or(0, |s| s.n),
            Metric::Tickets | Metric::Backlog | Metric::Overdue => c.tickets,
        }
    }

    /// What [`Metric::base`] counts, after its number: "件投诉", "complaints".
    pub fn base_noun(self, lang: Lang) -> &'static str {
        match self {
            Metric::Complaints | Metric::ComplaintRate => lang.pick("件投诉", "complaints"),
            Metric::RepeatComplaintPct => {
                lang.pick("件有客户编号的投诉", "complaints with a customer id")
            }
            Metric::FirstResponsePct | Metric::RepairArrivalPct | Metric::ResolutionPct => {
                lang.pick("件已判定的工单", "decided tickets")
            }
            Metric::SatisfactionMean | Metric::CsatPct => lang.pick("个评分", "scores"),
            Metric::SurveyCoveragePct => lang.pick("件已办结工单", "resolved tickets"),
            Metric::Duration(..) | Metric::Tickets | Metric::Backlog | Metric::Overdue => {
                lang.pick("件工单", "tickets")
            }
        }
    }

    /// Whether [`Metric::from_counts`] gives the value.
    pub fn additive(self) -> bool {
        !matches!(self, Metric::Duration(_, Stat::Median | Stat::P90))
    }

    /// The target as the export (or kpis.md's defaults) sets it, before any proration.
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

    /// The target is a yearly figure, prorated to a period's days (kpis.md: complaint rate).
    pub fn annual_target(self) -> bool {
        self == Metric::ComplaintRate
    }

    /// The KPI's name on a card, a table heading, a slide.
    pub fn label(self, lang: Lang) -> String {
        let base = match self {
            Metric::Tickets => lang.pick("工单总量", "Tickets"),
            Metric::Complaints => lang.pick("投诉量", "Complaints"),
            Metric::ComplaintRate => lang.pick("万户投诉率", "Complaints per 10k customers"),
            Metric::FirstResponsePct => lang.pick("首次响应及时率", "First response on time"),
            Metric::RepairArrivalPct => lang.pick("抢修到达及时率", "Repair arrival on time"),
            Metric::ResolutionPct => lang.pick("办结及时率", "Resolved on time"),
            Metric::Backlog => lang.pick("未办结工单", "Backlog"),
            Metric::Overdue => lang.pick("超期未办结", "Overdue"),
            Metric::RepeatComplaintPct => lang.pick("重复投诉率", "Repeat complaints"),
            Metric::SatisfactionMean => lang.pick("满意度均分", "Satisfaction score"),
            Metric::CsatPct => lang.pick("客户满意率", "CSAT"),
            Metric::SurveyCoveragePct => lang.pick("回访覆盖率", "Survey coverage"),
            Metric::Duration(d, _) => d.label(lang),
        };
        match self.stat() {
            None => base.to_string(),
            Some(s) => match lang {
                Lang::Zh => format!("{base}（{}）", s.label(lang)),
                Lang::En => format!("{base} ({})", s.label(lang)),
            },
        }
    }

    /// The definition (口径) in one sentence: what is counted over which tickets (kpis.md).
    pub fn definition(self, lang: Lang) -> &'static str {
        match self {
            Metric::Tickets => lang.pick(
                "统计期内受理的工单数（按受理时间所在的本地日期归期，含各类型）。",
                "Work orders opened in the period (by local opening date), all kinds.",
            ),
            Metric::Complaints => lang.pick(
                "统计期内受理的投诉类工单数。",
                "Complaint work orders opened in the period.",
            ),
            Metric::ComplaintRate => lang.pick(
                "投诉量 ÷ 所选区县客户数 × 10000，不年化；年度目标按统计期天数 ÷ 365 折算。",
                "Complaints ÷ customers of the districts in view × 10,000, not annualized; the annual target is prorated by days ÷ 365.",
            ),
            Metric::FirstResponsePct => lang.pick(
                "时限内首次响应的工单 ÷（时限内 + 超时）× 100；时限按工单类型（投诉 1440 分钟、咨询 60 分钟，或导出文件所设），尚未响应且未超时的不计入。",
                "Tickets first answered within their limit ÷ (within + late) × 100; limits by kind (complaints 1440 min, inquiries 60 min, or as the export sets); unanswered tickets still inside their limit are left out.",
            ),
            Metric::RepairArrivalPct => lang.pick(
                "按时到达现场的报修工单 ÷（按时 + 超时）× 100；时限按区县类型（城市 45、农村 90、偏远 120 分钟，或导出文件所设）。",
                "Repair tickets reached on site within their limit ÷ (within + late) × 100; limits by district area (urban 45, rural 90, remote 120 min, or as the export sets).",
            ),
            Metric::ResolutionPct => lang.pick(
                "时限内办结的工单 ÷（时限内 + 超时）× 100；时限按工单类型（报修 4、咨询 24、业务申请 120、投诉与建议 168 小时），未办结且未超时的不计入。",
                "Tickets resolved within their limit ÷ (within + late) × 100; limits by kind (repair 4, inquiry 24, request 120, complaint and suggestion 168 hours); open tickets still inside their limit are left out.",
            ),
            Metric::Backlog => lang.pick(
                "统计期内受理、截至导出时间尚未办结的工单数。",
                "Tickets opened in the period and not resolved at export time.",
            ),
            Metric::Overdue => lang.pick(
                "未办结工单中，截至导出时间已超过办结时限的工单数。",
                "Of the backlog, tickets past their resolution limit at export time.",
            ),
            Metric::RepeatComplaintPct => lang.pick(
                "有客户编号的投诉中，同一客户在此前 30 天内（不含同一时刻）另有投诉的占比 × 100；前一投诉可在任何区县、不受筛选限制。",
                "Of complaints with a customer id, the share whose customer complained in the 30 days before (not at the same instant), in any district and whatever the filters, × 100.",
            ),
            Metric::SatisfactionMean => lang.pick(
                "有评分工单的满意度平均分（1–5 分）；有回访的以最新一次回访评分为准。",
                "Mean satisfaction score (1–5) of tickets with a score; the latest survey's score overrides the ticket's own.",
            ),
            Metric::CsatPct => lang.pick(
                "评分为 4 或 5 分的工单 ÷ 有评分的工单 × 100。",
                "Tickets scoring 4 or 5 ÷ tickets with a score × 100.",
            ),
            Metric::SurveyCoveragePct => lang.pick(
                "有评分的工单 ÷ 已办结的工单 × 100（回访了未办结工单时可超过 100%）。",
                "Tickets with a score ÷ resolved tickets × 100 (above 100% when open tickets were surveyed).",
            ),
            Metric::Duration(Duration::FirstResponse, _) => lang.pick(
                "受理到首次响应的分钟数，统计有首次响应时间的工单；中位数与 P90 为线性插值百分位。",
                "Minutes from opening to first response, over tickets that have one; median and p90 interpolate linearly (type 7).",
            ),
            Metric::Duration(Duration::RepairArrival, _) => lang.pick(
                "受理到抢修人员到达现场的分钟数，统计有到达时间的报修工单；中位数与 P90 为线性插值百分位。",
                "Minutes from opening to the crew's arrival on site, over repair tickets that have it; median and p90 interpolate linearly (type 7).",
            ),
            Metric::Duration(Duration::Resolution, _) => lang.pick(
                "受理到办结的小时数，统计已办结的工单；中位数与 P90 为线性插值百分位。",
                "Hours from opening to resolution, over resolved tickets; median and p90 interpolate linearly (type 7).",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_order_keys_round_trip_and_groups_follow_it() {
        assert_eq!(Metric::ALL.len(), 21);
        for m in Metric::ALL {
            assert_eq!(Metric::parse(&m.key()), Some(m));
        }
        assert_eq!(
            Metric::Duration(Duration::FirstResponse, Stat::Median).key(),
            "first_response_min-median"
        );
        let flattened: Vec<Metric> = Metric::groups().into_iter().flat_map(|g| g.1).collect();
        assert_eq!(flattened, Metric::ALL);
        assert_eq!(Metric::groups().len(), 5);
        assert!(Metric::RANKED.iter().all(|m| m.additive()));
        assert!(!Metric::Duration(Duration::Resolution, Stat::P90).additive());
    }
}
