//! The complaints view: what complaints are about (the category Pareto), where they come in (by
//! channel), how often a customer complains again (by district), and the key-account (tier A)
//! complaints one by one. Every figure is over the complaints in the view `T` (kpis.md).

use super::{district_bars, DistrictBars};
use crate::calendar::local_date_time;
use crate::catalog::Metric;
use crate::dataset::{Dataset, Info, Tickets, NOT_YET};
use crate::report::Report;
use serde::{Deserialize, Serialize};

/// One category's bar of the Pareto.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParetoBar {
    /// The category label as in the file ("未分类" when missing): also the filter value.
    pub category: String,
    pub count: u64,
    /// Cumulative share of complaints up to and including this bar, 0..100.
    pub cum_pct: f64,
    /// In the vital few: the shortest prefix whose cumulative share reaches 80% (kpis.md).
    pub vital: bool,
    /// Selected by the category filter.
    pub selected: bool,
}

/// Complaint counts per category, in the Pareto order of kpis.md (count descending, then
/// category ascending), as [`crate::kpi::Kpis::pareto`] already sorts them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryPareto {
    pub bars: Vec<ParetoBar>,
    /// Complaints in the view (the denominator of the shares).
    pub total: u64,
}

/// The Pareto of the view's complaints, with the vital few marked.
pub fn category_pareto(info: &Info, report: &Report) -> CategoryPareto {
    let k = &report.current;
    let vital = k.vital_few.unwrap_or(0);
    let bars: Vec<ParetoBar> = k
        .pareto
        .iter()
        .enumerate()
        .map(|(i, row)| ParetoBar {
            category: info.categories.get(row.category).to_string(),
            count: row.count,
            cum_pct: row.cum_pct,
            vital: i < vital,
            selected: report.filter.categories.contains(&row.category),
        })
        .collect();
    CategoryPareto {
        total: bars.iter().map(|b| b.count).sum(),
        bars,
    }
}

/// A label with a count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabelCount {
    pub label: String,
    pub count: u64,
    pub selected: bool,
}

/// Complaints per channel, count descending then label ascending (the Pareto order), channels
/// without a complaint left out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChannelCounts {
    pub bars: Vec<LabelCount>,
    /// Complaints in the view (the denominator of the shares).
    pub total: u64,
}

/// The complaints in the view by channel ("未知渠道" when the file gives none).
pub fn complaints_by_channel(info: &Info, report: &Report) -> ChannelCounts {
    let mut bars: Vec<LabelCount> = report
        .channels
        .iter()
        .map(|&(c, n)| LabelCount {
            label: info.channels.get(c).to_string(),
            count: n,
            selected: report.filter.channels.contains(&c),
        })
        .collect();
    bars.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    ChannelCounts {
        total: bars.iter().map(|b| b.count).sum(),
        bars,
    }
}

/// `repeat_complaint_pct` per district of the file, against its goal (an extension of v1).
pub fn repeat_by_district(info: &Info, report: &Report) -> DistrictBars {
    district_bars(info, report, Metric::RepeatComplaintPct)
}

/// Where a complaint stands at `now` (`exported_at`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Progress {
    /// Resolved, this many hours after it was opened.
    Resolved { hours: f64 },
    /// Not resolved; `overdue` when past its resolution limit at `now` (kpis.md, "backlog").
    Open { overdue: bool },
}

/// One key-account complaint, ready to list. Labels are the file's own text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyComplaint {
    pub id: String,
    /// Local (export time zone) opening time, `2026-03-05 14:07`.
    pub opened: String,
    pub district: String,
    pub category: String,
    pub channel: String,
    pub progress: Progress,
    /// The ticket's final score 1..=5 (latest survey, else its own), if any.
    pub score: Option<u8>,
}

/// At most this many key-account complaints are listed; the page says how many more there are.
pub const KEY_COMPLAINTS_SHOWN: usize = 200;

/// The view's complaints from tier-A customers, newest first.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct KeyComplaints {
    /// The newest [`KEY_COMPLAINTS_SHOWN`] of them.
    pub rows: Vec<KeyComplaint>,
    /// How many there are in the view.
    pub total: usize,
}

/// The order of the list: newest opening first; equal times by id, so the order does not
/// depend on the file's.
pub(crate) fn newest_first(t: &Tickets, a: &(i64, u32), b: &(i64, u32)) -> std::cmp::Ordering {
    b.0.cmp(&a.0).then_with(|| t.id(a.1).cmp(t.id(b.1)))
}

/// The tier-A complaints of the view, `total` in all: `rows` (opening time and row, gathered by
/// the report) hold at least the newest [`KEY_COMPLAINTS_SHOWN`] of them.
pub fn key_complaints(ds: &Dataset, mut rows: Vec<(i64, u32)>, total: usize) -> KeyComplaints {
    let t = &ds.tickets;
    rows.sort_by(|a, b| newest_first(t, a, b));
    KeyComplaints {
        total,
        rows: rows
            .iter()
            .take(KEY_COMPLAINTS_SHOWN)
            .filter_map(|&(opened, row)| key_complaint(ds, row, opened))
            .collect(),
    }
}

/// One listed complaint; `None` only for a row outside the columns.
fn key_complaint(ds: &Dataset, row: u32, opened: i64) -> Option<KeyComplaint> {
    let t = &ds.tickets;
    let i = row as usize;
    let resolved = *t.resolved.get(i)?;
    let progress = if resolved == NOT_YET {
        Progress::Open {
            overdue: t.outcomes.get(i)?.overdue(),
        }
    } else {
        Progress::Resolved {
            hours: f64::from(resolved) / 3600.0,
        }
    };
    let district = ds.districts.get(usize::from(*t.district.get(i)?))?;
    Some(KeyComplaint {
        id: t.id(row).to_string(),
        opened: local_date_time(opened, ds.meta.offset),
        district: district.name.clone(),
        category: ds.categories.get(*t.category.get(i)?).to_string(),
        channel: ds.channels.get(*t.channel.get(i)?).to_string(),
        progress,
        score: t.score.get(i).copied().filter(|&s| s > 0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load;
    use crate::report::{report, Scope};
    use crate::v1::{District, Export, Ticket};

    /// A two-district export "now" 2026-01-10 12:00 (+08:00) with the given tickets.
    fn view(tickets: Vec<Ticket>) -> (Dataset, Report) {
        let mut e = Export::new(
            "2026-01-10T12:00:00+08:00",
            vec![
                District::new("A", "甲区", "urban", None),
                District::new("B", "乙县", "rural", None),
            ],
        );
        e.tickets = tickets;
        let loaded = load(&e.to_bytes()).unwrap();
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        let ds = loaded.dataset;
        let r = report(&ds, &Scope::default());
        (ds, r)
    }

    fn complaint(id: &str, opened: &str, district: &str) -> Ticket {
        Ticket {
            id: id.into(),
            opened_at: opened.into(),
            district: district.into(),
            kind: "complaint".into(),
            ..Ticket::default()
        }
    }

    fn some(s: &str) -> Option<String> {
        Some(s.into())
    }

    #[test]
    fn pareto_marks_the_vital_few_and_channels_sort_like_it() {
        // Categories 电费 ×3, 停电 ×1, none ×1: cumulative 60%, 80% → the first two are the
        // vital few (80% reached exactly). Channels 95598 ×2, 12345 ×2, none ×1.
        let c = |id, opened, d, cat: Option<String>, ch: Option<String>| Ticket {
            category: cat,
            channel: ch,
            ..complaint(id, opened, d)
        };
        let (ds, r) = view(vec![
            c(
                "1",
                "2026-01-02T08:00:00+08:00",
                "A",
                some("电费"),
                some("95598"),
            ),
            c(
                "2",
                "2026-01-02T09:00:00+08:00",
                "A",
                some("电费"),
                some("12345"),
            ),
            c(
                "3",
                "2026-01-03T09:00:00+08:00",
                "B",
                some("电费"),
                some("95598"),
            ),
            c(
                "4",
                "2026-01-03T10:00:00+08:00",
                "B",
                some("停电"),
                some("12345"),
            ),
            c("5", "2026-01-04T10:00:00+08:00", "B", None, None),
            Ticket {
                kind: "inquiry".into(),
                ..c(
                    "6",
                    "2026-01-04T10:00:00+08:00",
                    "A",
                    some("电费"),
                    some("95598"),
                )
            },
        ]);
        let p = category_pareto(&ds, &r);
        assert_eq!(p.total, 5);
        let got: Vec<(&str, u64, bool)> = p
            .bars
            .iter()
            .map(|b| (b.category.as_str(), b.count, b.vital))
            .collect();
        assert_eq!(
            got,
            [("电费", 3, true), ("停电", 1, true), ("未分类", 1, false)]
        );
        assert!((p.bars[1].cum_pct - 80.0).abs() < 1e-9);

        let c = complaints_by_channel(&ds, &r);
        assert_eq!(c.total, 5);
        let got: Vec<(&str, u64)> = c.bars.iter().map(|b| (b.label.as_str(), b.count)).collect();
        assert_eq!(got, [("12345", 2), ("95598", 2), ("未知渠道", 1)]);
    }

    #[test]
    fn repeat_share_is_undefined_without_customer_ids() {
        // District A: c1 complains on the 1st and again on the 5th (a repeat), c2 once: 1/3.
        // District B: one complaint without a customer id: undefined, not 0.
        let with = |id, opened, customer: &str| Ticket {
            customer_id: some(customer),
            ..complaint(id, opened, "A")
        };
        let (ds, r) = view(vec![
            with("1", "2026-01-01T08:00:00+08:00", "c1"),
            with("2", "2026-01-05T08:00:00+08:00", "c1"),
            with("3", "2026-01-05T09:00:00+08:00", "c2"),
            complaint("4", "2026-01-05T09:00:00+08:00", "B"),
        ]);
        let s = repeat_by_district(&ds, &r);
        assert_eq!(s.bars.len(), 2);
        assert!((s.bars[0].value.unwrap() - 100.0 / 3.0).abs() < 1e-9);
        assert_eq!(s.bars[1].value, None);
        assert_eq!(s.goal, None);
    }

    #[test]
    fn key_complaints_newest_first_with_status() {
        // Complaint limit 168 h. "k1" resolved after 30 h; "k2" open since 1 Jan (9.2 days at
        // now: overdue); "k3" open since 9 Jan (not overdue). "b1" is tier B, left out.
        let tier = |t: Ticket, tier: &str| Ticket {
            customer_tier: some(tier),
            ..t
        };
        let (_, r) = view(vec![
            tier(
                Ticket {
                    category: some("电费"),
                    channel: some("95598"),
                    resolved_at: some("2026-01-05T05:30:00+08:00"),
                    satisfaction: Some(2),
                    ..complaint("k1", "2026-01-03T23:30:00+08:00", "B")
                },
                "A",
            ),
            tier(complaint("k2", "2026-01-01T07:05:00+08:00", "A"), "A"),
            tier(complaint("k3", "2026-01-09T10:00:00+08:00", "A"), "A"),
            tier(complaint("b1", "2026-01-09T11:00:00+08:00", "A"), "B"),
        ]);
        let k = &r.key_complaints;
        assert_eq!(k.total, 3);
        let ids: Vec<&str> = k.rows.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["k3", "k1", "k2"]);
        let k1 = &k.rows[1];
        assert_eq!(k1.opened, "2026-01-03 23:30");
        assert_eq!(k1.district, "乙县");
        assert_eq!(
            (k1.category.as_str(), k1.channel.as_str()),
            ("电费", "95598")
        );
        assert_eq!(k1.progress, Progress::Resolved { hours: 30.0 });
        assert_eq!(k1.score, Some(2));
        assert_eq!(k.rows[0].progress, Progress::Open { overdue: false });
        assert_eq!(k.rows[2].progress, Progress::Open { overdue: true });
        assert_eq!(k.rows[2].score, None);
        assert_eq!(k.rows[2].category, "未分类");
    }

    #[test]
    fn key_complaints_are_capped() {
        let tickets = (0..KEY_COMPLAINTS_SHOWN + 5)
            .map(|n| Ticket {
                customer_tier: some("A"),
                resolved_at: some("2026-01-02T09:00:00+08:00"),
                ..complaint(&format!("{n:04}"), "2026-01-02T08:00:00+08:00", "A")
            })
            .collect();
        let (_, r) = view(tickets);
        let k = &r.key_complaints;
        assert_eq!(k.total, KEY_COMPLAINTS_SHOWN + 5);
        assert_eq!(k.rows.len(), KEY_COMPLAINTS_SHOWN);
        assert_eq!(k.rows[0].id, "0000", "equal times: by id");
    }
}
