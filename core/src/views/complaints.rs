//! The complaints view: what complaints are about (the category Pareto), where they come in (by
//! channel), how often a customer complains again (by district), and the key-account (tier A)
//! complaints one by one. Every figure is over the complaints in the view `T` (kpis.md).

use crate::calendar::{Day, Offset, SECONDS_PER_DAY};
use crate::dataset::{Dataset, NOT_YET};
use crate::domain::{Kind, Tier};
use crate::report::Report;

/// One category's bar of the Pareto.
#[derive(Debug, Clone, PartialEq)]
pub struct ParetoBar {
    /// The category label as in the file ("未分类" when missing): also the filter value.
    pub category: String,
    pub count: u64,
    /// Cumulative share of complaints up to and including this bar, 0..100.
    pub cum_pct: f64,
    /// In the vital few: the shortest prefix whose cumulative share reaches 80% (kpis.md).
    pub vital: bool,
}

/// Complaint counts per category, in the Pareto order of kpis.md (count descending, then
/// category ascending), as [`crate::kpi::Kpis::pareto`] already sorts them.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryPareto {
    pub bars: Vec<ParetoBar>,
    /// Complaints in the view (the denominator of the shares).
    pub total: u64,
}

/// The Pareto of the view's complaints, with the vital few marked.
pub fn category_pareto(ds: &Dataset, report: &Report) -> CategoryPareto {
    let k = &report.current;
    let vital = k.vital_few.unwrap_or(0);
    let bars: Vec<ParetoBar> = k
        .pareto
        .iter()
        .enumerate()
        .map(|(i, row)| ParetoBar {
            category: ds.categories.get(row.category).to_string(),
            count: row.count,
            cum_pct: row.cum_pct,
            vital: i < vital,
        })
        .collect();
    CategoryPareto {
        total: bars.iter().map(|b| b.count).sum(),
        bars,
    }
}

/// A label with a count.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelCount {
    pub label: String,
    pub count: u64,
}

/// Complaints per channel, count descending then label ascending (the Pareto order), channels
/// without a complaint left out.
#[derive(Debug, Clone, PartialEq)]
pub struct ChannelCounts {
    pub bars: Vec<LabelCount>,
    /// Complaints in the view (the denominator of the shares).
    pub total: u64,
}

/// Counts the complaints in the view by channel ("未知渠道" when the file gives none).
pub fn complaints_by_channel(ds: &Dataset, report: &Report) -> ChannelCounts {
    let t = &ds.tickets;
    let mut counts = vec![0u64; ds.channels.len()];
    for &row in &report.rows {
        let i = row as usize;
        if t.kind.get(i) != Some(&Kind::Complaint) {
            continue;
        }
        if let Some(n) = t.channel.get(i).and_then(|&c| counts.get_mut(c as usize)) {
            *n += 1;
        }
    }
    let mut bars: Vec<LabelCount> = counts
        .iter()
        .enumerate()
        .filter(|(_, &n)| n > 0)
        .map(|(c, &n)| LabelCount {
            label: ds.channels.get(c as u32).to_string(),
            count: n,
        })
        .collect();
    bars.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    ChannelCounts {
        total: bars.iter().map(|b| b.count).sum(),
        bars,
    }
}

/// One district's repeat-complaint share.
#[derive(Debug, Clone, PartialEq)]
pub struct RepeatBar {
    pub code: String,
    pub name: String,
    /// Complaints that repeat one of the same customer's within 30 days.
    pub repeats: u64,
    /// Complaints with a customer id: the denominator.
    pub with_customer: u64,
    /// `repeat_complaint_pct` = repeats / with_customer × 100; undefined without a complaint
    /// that has a customer id.
    pub pct: Option<f64>,
}

/// `repeat_complaint_pct` per district in the view, in the file's district order.
#[derive(Debug, Clone, PartialEq)]
pub struct RepeatShares {
    pub bars: Vec<RepeatBar>,
    /// The goal for the share, if the export sets one (an extension of v1).
    pub target: Option<f64>,
}

pub fn repeat_by_district(ds: &Dataset, report: &Report) -> RepeatShares {
    let bars = report
        .districts_of(ds)
        .map(|(d, k)| RepeatBar {
            code: d.code.clone(),
            name: d.name.clone(),
            repeats: k.repeat_complaints,
            with_customer: k.complaints_with_customer,
            pct: k.repeat_complaint_pct(),
        })
        .collect();
    RepeatShares {
        bars,
        target: ds.targets.repeat_complaint_pct,
    }
}

/// Where a complaint stands at `now` (`exported_at`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Progress {
    /// Resolved, this many hours after it was opened.
    Resolved { hours: f64 },
    /// Not resolved; `overdue` when past its resolution limit at `now` (kpis.md, "backlog").
    Open { overdue: bool },
}

/// One key-account complaint, ready to list. Labels are the file's own text.
#[derive(Debug, Clone, PartialEq)]
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
#[derive(Debug, Clone, PartialEq)]
pub struct KeyComplaints {
    /// The newest [`KEY_COMPLAINTS_SHOWN`] of them.
    pub rows: Vec<KeyComplaint>,
    /// How many there are in the view.
    pub total: usize,
}

/// Complaints in the view whose customer tier is A, newest opening first (equal times by id, so
/// the order does not depend on the file's order).
pub fn key_complaints(ds: &Dataset, report: &Report) -> KeyComplaints {
    let t = &ds.tickets;
    let mut rows: Vec<(i64, u32)> = report
        .rows
        .iter()
        .filter(|&&row| {
            let i = row as usize;
            t.kind.get(i) == Some(&Kind::Complaint) && t.tier.get(i) == Some(&Tier::A)
        })
        .filter_map(|&row| Some((*t.opened.get(row as usize)?, row)))
        .collect();
    rows.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| t.id(a.1).cmp(t.id(b.1))));
    KeyComplaints {
        total: rows.len(),
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

/// A UTC instant as local date and time to the minute, `2026-03-05 14:07`.
fn local_date_time(utc: i64, offset: Offset) -> String {
    let seconds = (utc + i64::from(offset.0)).rem_euclid(SECONDS_PER_DAY);
    format!(
        "{} {:02}:{:02}",
        Day::of(utc, offset).date(),
        seconds / 3600,
        seconds / 60 % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::Filter;
    use crate::load::load;
    use crate::report::{report, Compare};
    use serde_json::{json, Value};

    /// A two-district export "now" 2026-01-10 12:00 (+08:00) with the given tickets.
    fn view(tickets: Value) -> (Dataset, Report) {
        let bytes = json!({
            "format": "service-kpi-export", "version": 1,
            "exported_at": "2026-01-10T12:00:00+08:00",
            "districts": [
                {"code": "A", "name": "甲区", "area": "urban"},
                {"code": "B", "name": "乙县", "area": "rural"}
            ],
            "tickets": tickets,
        })
        .to_string()
        .into_bytes();
        let loaded = load(bytes).unwrap();
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        let ds = loaded.dataset;
        let r = report(&ds, None, &Filter::default(), Compare::Previous);
        (ds, r)
    }

    fn complaint(id: &str, opened: &str, district: &str, extra: Value) -> Value {
        let mut v = json!({"id": id, "opened_at": opened, "district": district,
                           "kind": "complaint"});
        if let (Some(o), Some(more)) = (v.as_object_mut(), extra.as_object()) {
            o.extend(more.clone());
        }
        v
    }

    #[test]
    fn pareto_marks_the_vital_few_and_channels_sort_like_it() {
        // Categories 电费 ×3, 停电 ×1, none ×1: cumulative 60%, 80% → the first two are the
        // vital few (80% reached exactly). Channels 95598 ×2, 12345 ×2, none ×1.
        let (ds, r) = view(json!([
            complaint("1", "2026-01-02T08:00:00+08:00", "A",
                      json!({"category": "电费", "channel": "95598"})),
            complaint("2", "2026-01-02T09:00:00+08:00", "A",
                      json!({"category": "电费", "channel": "12345"})),
            complaint("3", "2026-01-03T09:00:00+08:00", "B",
                      json!({"category": "电费", "channel": "95598"})),
            complaint("4", "2026-01-03T10:00:00+08:00", "B",
                      json!({"category": "停电", "channel": "12345"})),
            complaint("5", "2026-01-04T10:00:00+08:00", "B", json!({})),
            {"id": "6", "opened_at": "2026-01-04T10:00:00+08:00", "district": "A",
             "kind": "inquiry", "category": "电费", "channel": "95598"},
        ]));
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
        let (ds, r) = view(json!([
            complaint(
                "1",
                "2026-01-01T08:00:00+08:00",
                "A",
                json!({"customer_id": "c1"})
            ),
            complaint(
                "2",
                "2026-01-05T08:00:00+08:00",
                "A",
                json!({"customer_id": "c1"})
            ),
            complaint(
                "3",
                "2026-01-05T09:00:00+08:00",
                "A",
                json!({"customer_id": "c2"})
            ),
            complaint("4", "2026-01-05T09:00:00+08:00", "B", json!({})),
        ]));
        let s = repeat_by_district(&ds, &r);
        assert_eq!(s.bars.len(), 2);
        assert_eq!((s.bars[0].repeats, s.bars[0].with_customer), (1, 3));
        assert!((s.bars[0].pct.unwrap() - 100.0 / 3.0).abs() < 1e-9);
        assert_eq!(s.bars[1].pct, None);
        assert_eq!(s.target, None);
    }

    #[test]
    fn key_complaints_newest_first_with_status() {
        // Complaint limit 168 h. "k1" resolved after 30 h; "k2" open since 1 Jan (9.2 days at
        // now: overdue); "k3" open since 9 Jan (not overdue). "b1" is tier B, left out.
        let (ds, r) = view(json!([
            complaint(
                "k1",
                "2026-01-03T23:30:00+08:00",
                "B",
                json!({
                "customer_tier": "A", "category": "电费", "channel": "95598",
                "resolved_at": "2026-01-05T05:30:00+08:00", "satisfaction": 2})
            ),
            complaint(
                "k2",
                "2026-01-01T07:05:00+08:00",
                "A",
                json!({"customer_tier": "A"})
            ),
            complaint(
                "k3",
                "2026-01-09T10:00:00+08:00",
                "A",
                json!({"customer_tier": "A"})
            ),
            complaint(
                "b1",
                "2026-01-09T11:00:00+08:00",
                "A",
                json!({"customer_tier": "B"})
            ),
        ]));
        let k = key_complaints(&ds, &r);
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
        assert_eq!(k.rows[2].opened, "2026-01-01 07:05");
        assert_eq!(k.rows[2].score, None);
        assert_eq!(k.rows[2].category, "未分类");
    }

    #[test]
    fn key_complaints_are_capped() {
        let tickets: Vec<Value> = (0..KEY_COMPLAINTS_SHOWN + 5)
            .map(|n| {
                complaint(
                    &format!("{n:04}"),
                    "2026-01-02T08:00:00+08:00",
                    "A",
                    json!({"customer_tier": "A", "resolved_at": "2026-01-02T09:00:00+08:00"}),
                )
            })
            .collect();
        let (ds, r) = view(Value::Array(tickets));
        let k = key_complaints(&ds, &r);
        assert_eq!(k.total, KEY_COMPLAINTS_SHOWN + 5);
        assert_eq!(k.rows.len(), KEY_COMPLAINTS_SHOWN);
        assert_eq!(k.rows[0].id, "0000", "equal times: by id");
    }

    #[test]
    fn local_time_uses_the_export_offset() {
        let utc = crate::calendar::parse_timestamp("2025-12-31T16:30:00Z")
            .unwrap()
            .utc;
        assert_eq!(local_date_time(utc, Offset(8 * 3600)), "2026-01-01 00:30");
        assert_eq!(local_date_time(utc, Offset(-5 * 3600)), "2025-12-31 11:30");
    }
}
