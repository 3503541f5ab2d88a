//! The data-quality view's figures, over every accepted ticket of the file (filters do not
//! apply: the question is what the export contains, not what a view selects). Rejected records
//! are the load report's business; these are the accepted tickets' gaps and oddities.

use crate::dataset::{Dataset, FLAG_CUSTOMER, NOT_YET};
use crate::domain::{Kind, Tier};
use crate::i18n::Lang;
use crate::stats::pct;
use serde::{Deserialize, Serialize};

/// An optional ticket field whose presence is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Field {
    Category,
    Channel,
    CustomerId,
    CustomerTier,
    FirstResponse,
    /// Over repair tickets only: arrival on site means nothing for the other kinds.
    Arrival,
    Resolved,
    /// The final score: the ticket's own `satisfaction` or a survey's.
    Score,
}

impl Field {
    pub const ALL: [Field; 8] = [
        Field::Category,
        Field::Channel,
        Field::CustomerId,
        Field::CustomerTier,
        Field::FirstResponse,
        Field::Arrival,
        Field::Resolved,
        Field::Score,
    ];

    /// The field's name in the export.
    pub fn key(self) -> &'static str {
        match self {
            Field::Category => "category",
            Field::Channel => "channel",
            Field::CustomerId => "customer_id",
            Field::CustomerTier => "customer_tier",
            Field::FirstResponse => "first_response_at",
            Field::Arrival => "arrived_at",
            Field::Resolved => "resolved_at",
            Field::Score => "satisfaction",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Field::Category => lang.pick("业务分类", "Category"),
            Field::Channel => lang.pick("受理渠道", "Channel"),
            Field::CustomerId => lang.pick("客户编号", "Customer ID"),
            Field::CustomerTier => lang.pick("客户分级", "Customer tier"),
            Field::FirstResponse => lang.pick("首次响应时间", "First response"),
            Field::Arrival => lang.pick("到达现场时间（仅报修）", "Arrival (repairs only)"),
            Field::Resolved => lang.pick("办结时间", "Resolution"),
            Field::Score => lang.pick("满意度评分（含回访）", "Satisfaction (incl. surveys)"),
        }
    }
}

/// How many of the tickets a field applies to have it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    pub field: Field,
    pub present: u64,
    /// Tickets the field applies to: every accepted ticket, repairs for the arrival.
    pub eligible: u64,
}

impl Coverage {
    /// `present / eligible × 100`, undefined when no ticket is eligible.
    pub fn pct(&self) -> Option<f64> {
        pct(self.present, self.eligible)
    }
}

/// Coverage of every optional field over all accepted tickets, in [`Field::ALL`] order: each
/// counted down its own column, so the summary of a load costs a few passes over bytes.
///
/// A missing category or channel is stored as code 0 of its dictionary (the labels "未分类" and
/// "未知渠道", see `load`), so code 0 counts as absent; a file that writes those very labels is
/// counted as not having the field either, which is what the labels mean.
pub fn field_coverage(ds: &Dataset) -> Vec<Coverage> {
    let t = &ds.tickets;
    let count = |n: usize| n as u64;
    let tickets = count(t.len());
    let happened = |column: &[u32]| count(column.iter().filter(|&&v| v != NOT_YET).count());
    Field::ALL
        .iter()
        .map(|&field| {
            let (present, eligible) = match field {
                Field::Category => (
                    count(t.category.iter().filter(|&&c| c != 0).count()),
                    tickets,
                ),
                Field::Channel => (
                    count(t.channel.iter().filter(|&&c| c != 0).count()),
                    tickets,
                ),
                Field::CustomerId => (
                    count(t.flags.iter().filter(|&&f| f & FLAG_CUSTOMER != 0).count()),
                    tickets,
                ),
                Field::CustomerTier => (
                    count(t.tier.iter().filter(|&&x| x != Tier::Unrated).count()),
                    tickets,
                ),
                Field::FirstResponse => (happened(&t.first_response), tickets),
                // Only repairs have an arrival.
                Field::Arrival => t.kind.iter().zip(&t.arrived).fold(
                    (0, 0),
                    |(present, eligible), (&kind, &arrived)| {
                        let repair = u64::from(kind == Kind::Repair);
                        (
                            present + repair * u64::from(arrived != NOT_YET),
                            eligible + repair,
                        )
                    },
                ),
                Field::Resolved => (happened(&t.resolved), tickets),
                Field::Score => (count(t.score.iter().filter(|&&s| s > 0).count()), tickets),
            };
            Coverage {
                field,
                present,
                eligible,
            }
        })
        .collect()
}

/// A timestamp pattern that the format allows but that is probably wrong at the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Anomaly {
    OpenedAfterExport,
    MilestoneAfterExport,
    InstantResponse,
    RespondedAfterResolved,
    ArrivedAfterResolved,
    RepairResolvedWithoutArrival,
    ArrivalOnNonRepair,
    MilestoneAfter30Days,
}

/// A milestone more than 30 days after opening is an anomaly.
pub const LATE_MILESTONE_SECS: u32 = 30 * 86_400;

/// Example ids kept per anomaly.
pub const EXAMPLES: usize = 5;

/// One ticket's timestamps: opening (UTC seconds), milestones (seconds after opening or
/// [`NOT_YET`]), and its kind.
struct Stamps {
    opened: i64,
    first: u32,
    arrived: u32,
    resolved: u32,
    kind: Kind,
}

impl Stamps {
    fn of(ds: &Dataset, i: usize) -> Option<Stamps> {
        let t = &ds.tickets;
        Some(Stamps {
            opened: *t.opened.get(i)?,
            first: *t.first_response.get(i)?,
            arrived: *t.arrived.get(i)?,
            resolved: *t.resolved.get(i)?,
            kind: *t.kind.get(i)?,
        })
    }

    fn milestones(&self) -> impl Iterator<Item = u32> {
        [self.first, self.arrived, self.resolved]
            .into_iter()
            .filter(|&m| m != NOT_YET)
    }
}

/// `a` and `b` both happened and `a` came strictly later.
fn later(a: u32, b: u32) -> bool {
    a != NOT_YET && b != NOT_YET && a > b
}

impl Anomaly {
    pub const ALL: [Anomaly; 8] = [
        Anomaly::OpenedAfterExport,
        Anomaly::MilestoneAfterExport,
        Anomaly::InstantResponse,
        Anomaly::RespondedAfterResolved,
        Anomaly::ArrivedAfterResolved,
        Anomaly::RepairResolvedWithoutArrival,
        Anomaly::ArrivalOnNonRepair,
        Anomaly::MilestoneAfter30Days,
    ];

    /// Whether a ticket shows the pattern. `now` is `exported_at`.
    fn test(self, s: &Stamps, now: i64) -> bool {
        match self {
            Anomaly::OpenedAfterExport => s.opened > now,
            Anomaly::MilestoneAfterExport => s.milestones().any(|m| s.opened + i64::from(m) > now),
            Anomaly::InstantResponse => s.first == 0,
            Anomaly::RespondedAfterResolved => later(s.first, s.resolved),
            Anomaly::ArrivedAfterResolved => later(s.arrived, s.resolved),
            Anomaly::RepairResolvedWithoutArrival => {
                s.kind == Kind::Repair && s.resolved != NOT_YET && s.arrived == NOT_YET
            }
            Anomaly::ArrivalOnNonRepair => s.kind != Kind::Repair && s.arrived != NOT_YET,
            Anomaly::MilestoneAfter30Days => s.milestones().any(|m| m > LATE_MILESTONE_SECS),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Anomaly::OpenedAfterExport => "opened_after_export",
            Anomaly::MilestoneAfterExport => "milestone_after_export",
            Anomaly::InstantResponse => "instant_response",
            Anomaly::RespondedAfterResolved => "responded_after_resolved",
            Anomaly::ArrivedAfterResolved => "arrived_after_resolved",
            Anomaly::RepairResolvedWithoutArrival => "repair_resolved_without_arrival",
            Anomaly::ArrivalOnNonRepair => "arrival_on_non_repair",
            Anomaly::MilestoneAfter30Days => "milestone_after_30_days",
        }
    }

    /// A short name, for chart labels.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Anomaly::OpenedAfterExport => lang.pick("受理晚于导出", "Opened after export"),
            Anomaly::MilestoneAfterExport => lang.pick("节点晚于导出", "Milestone after export"),
            Anomaly::InstantResponse => lang.pick("受理即响应（0 秒）", "Response at 0 s"),
            Anomaly::RespondedAfterResolved => {
                lang.pick("响应晚于办结", "Response after resolution")
            }
            Anomaly::ArrivedAfterResolved => lang.pick("到场晚于办结", "Arrival after resolution"),
            Anomaly::RepairResolvedWithoutArrival => {
                lang.pick("报修办结无到场", "Repair resolved, no arrival")
            }
            Anomaly::ArrivalOnNonRepair => lang.pick("非报修有到场", "Arrival on a non-repair"),
            Anomaly::MilestoneAfter30Days => lang.pick("节点超 30 天", "Milestone after 30 days"),
        }
    }

    /// What the pattern means and how it affects the figures.
    pub fn meaning(self, lang: Lang) -> &'static str {
        match self {
            Anomaly::OpenedAfterExport => lang.pick(
                "受理时间晚于文件导出时间：时钟或时区有误。其尚未发生的节点均按“未到期”处理。",
                "Opened after the file was exported: a clock or time-zone error. Its missing milestones count as pending.",
            ),
            Anomaly::MilestoneAfterExport => lang.pick(
                "首次响应、到场或办结时间晚于导出时间：记录了未来的时间。",
                "A first response, arrival or resolution later than the export: a time in the future.",
            ),
            Anomaly::InstantResponse => lang.pick(
                "首次响应与受理同一秒：多为系统自动回执而非人工响应，会拉低响应时长、抬高达标率。",
                "First response in the same second as opening: usually an automatic receipt, not a person; it lowers durations and raises the rate.",
            ),
            Anomaly::RespondedAfterResolved => lang.pick(
                "首次响应晚于办结：节点顺序颠倒，可能是补录。",
                "First response after resolution: milestones out of order, probably entered afterwards.",
            ),
            Anomaly::ArrivedAfterResolved => lang.pick(
                "到达现场晚于办结：节点顺序颠倒，可能是补录。",
                "Arrival on site after resolution: milestones out of order, probably entered afterwards.",
            ),
            Anomaly::RepairResolvedWithoutArrival => lang.pick(
                "故障报修已办结但无到场时间：超过时限后在到场及时率中计为超时。",
                "A repair resolved without an arrival time: once past its limit it counts as late in the arrival rate.",
            ),
            Anomaly::ArrivalOnNonRepair => lang.pick(
                "非故障报修工单带有到场时间：不参与任何指标，可能是类型填错。",
                "An arrival time on a ticket that is not a repair: used by no figure; perhaps the wrong kind.",
            ),
            Anomaly::MilestoneAfter30Days => lang.pick(
                "某节点在受理 30 天之后：可能是日期录入错误，会显著抬高均值和 P90。",
                "A milestone more than 30 days after opening: perhaps a mistyped date; it inflates means and p90.",
            ),
        }
    }
}

/// How many accepted tickets show a pattern, with the first few ids in file order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnomalyCount {
    pub anomaly: Anomaly,
    pub count: u64,
    pub examples: Vec<String>,
}

/// Every timestamp anomaly over all accepted tickets, in [`Anomaly::ALL`] order; a ticket may
/// show several.
pub fn anomalies(ds: &Dataset) -> Vec<AnomalyCount> {
    let now = ds.meta.exported_at;
    let mut out: Vec<AnomalyCount> = Anomaly::ALL
        .iter()
        .map(|&anomaly| AnomalyCount {
            anomaly,
            count: 0,
            examples: Vec::new(),
        })
        .collect();
    for i in 0..ds.len() {
        let Some(s) = Stamps::of(ds, i) else {
            continue;
        };
        for a in out.iter_mut().filter(|a| a.anomaly.test(&s, now)) {
            a.count += 1;
            if a.examples.len() < EXAMPLES {
                a.examples.push(ds.tickets.id(i as u32).to_string());
            }
        }
    }
    out
}
