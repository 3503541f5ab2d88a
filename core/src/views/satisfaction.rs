//! The satisfaction view: how scores are spread, how the mean and CSAT move month by month, how
//! they differ by district and by kind, how many resolved tickets were surveyed, and whether slow
//! resolutions score worse. A ticket's score is its latest survey's, else its own (kpis.md);
//! the load settles it once, so here a score is just the `score` column (0 = none).

use crate::calendar::Month;
use crate::dataset::{Dataset, NOT_YET};
use crate::domain::Kind;
use crate::i18n::Lang;
use crate::kpi::Kpis;
use crate::report::Report;
use crate::stats::pct;

/// Scores of a group of tickets: the sums behind `satisfaction_mean` and `csat_pct`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ScoreTally {
    /// Tickets with a score.
    pub scored: u64,
    /// Sum of their scores.
    pub total: u64,
    /// Those scoring 4 or 5.
    pub satisfied: u64,
}

impl ScoreTally {
    /// The tally a group's KPIs already hold.
    pub fn of(k: &Kpis) -> ScoreTally {
        ScoreTally {
            scored: k.scored,
            total: k.score_total,
            satisfied: k.satisfied,
        }
    }

    /// Counts one score 1..=5; 0 (no score) is not counted.
    pub fn add(&mut self, score: u8) {
        if score > 0 {
            self.scored += 1;
            self.total += u64::from(score);
            if score >= 4 {
                self.satisfied += 1;
            }
        }
    }

    /// `satisfaction_mean`: the arithmetic mean of the scores; undefined without one.
    pub fn mean(&self) -> Option<f64> {
        (self.scored > 0).then(|| self.total as f64 / self.scored as f64)
    }

    /// `csat_pct`: the share of scores ≥ 4, × 100; undefined without a score.
    pub fn csat(&self) -> Option<f64> {
        pct(self.satisfied, self.scored)
    }
}

/// How many tickets in the view scored 1, 2, 3, 4 and 5.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScoreDistribution {
    /// `counts[s - 1]` = tickets whose score is `s`.
    pub counts: [u64; 5],
}

impl ScoreDistribution {
    /// Tickets with a score.
    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }
}

pub fn score_distribution(ds: &Dataset, report: &Report) -> ScoreDistribution {
    let mut d = ScoreDistribution::default();
    for &row in &report.rows {
        let score = ds.tickets.score.get(row as usize).copied().unwrap_or(0);
        if let Some(n) = usize::from(score)
            .checked_sub(1)
            .and_then(|s| d.counts.get_mut(s))
        {
            *n += 1;
        }
    }
    d
}

/// One month's scores.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthScores {
    pub month: Month,
    pub scores: ScoreTally,
}

/// Mean score and CSAT per calendar month of the period, with their targets.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreTrend {
    pub months: Vec<MonthScores>,
    pub mean_target: Option<f64>,
    pub csat_target: Option<f64>,
}

impl ScoreTrend {
    /// No month has a score: nothing to draw.
    pub fn is_empty(&self) -> bool {
        self.months.iter().all(|m| m.scores.scored == 0)
    }
}

pub fn score_trend(ds: &Dataset, report: &Report) -> ScoreTrend {
    ScoreTrend {
        months: report
            .months
            .iter()
            .map(|(m, k)| MonthScores {
                month: *m,
                scores: ScoreTally::of(k),
            })
            .collect(),
        mean_target: ds.targets.satisfaction_mean,
        csat_target: ds.targets.csat_pct,
    }
}

/// One district's scores and survey coverage.
#[derive(Debug, Clone, PartialEq)]
pub struct DistrictScores {
    pub code: String,
    pub name: String,
    pub scores: ScoreTally,
    /// Tickets with `resolved_at`: the denominator of the coverage.
    pub resolved: u64,
}

impl DistrictScores {
    /// `survey_coverage_pct` = tickets with a score / tickets resolved × 100; undefined without a
    /// resolved ticket. It can pass 100 when open tickets were surveyed.
    pub fn coverage(&self) -> Option<f64> {
        pct(self.scores.scored, self.resolved)
    }
}

/// Scores per district in the view (file order), with the target of the mean score.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoresByDistrict {
    pub rows: Vec<DistrictScores>,
    pub mean_target: Option<f64>,
}

pub fn by_district(ds: &Dataset, report: &Report) -> ScoresByDistrict {
    let rows = report
        .districts_of(ds)
        .map(|(d, k)| DistrictScores {
            code: d.code.clone(),
            name: d.name.clone(),
            scores: ScoreTally::of(k),
            resolved: k.resolved,
        })
        .collect();
    ScoresByDistrict {
        rows,
        mean_target: ds.targets.satisfaction_mean,
    }
}

/// One kind's scores.
#[derive(Debug, Clone, PartialEq)]
pub struct KindScores {
    pub kind: Kind,
    /// Tickets of this kind in the view (scored or not).
    pub tickets: u64,
    pub scores: ScoreTally,
}

/// Scores per kind, in `Kind::ALL` order, for the kinds that have a ticket in the view.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoresByKind {
    pub rows: Vec<KindScores>,
}

pub fn by_kind(ds: &Dataset, report: &Report) -> ScoresByKind {
    let t = &ds.tickets;
    let mut tallies = [ScoreTally::default(); 6];
    for &row in &report.rows {
        let i = row as usize;
        if let (Some(kind), Some(&score)) = (t.kind.get(i), t.score.get(i)) {
            if let Some(tally) = tallies.get_mut(kind.index()) {
                tally.add(score);
            }
        }
    }
    ScoresByKind {
        rows: Kind::ALL
            .iter()
            .zip(tallies)
            .map(|(&kind, scores)| KindScores {
                kind,
                tickets: report.current.count(kind),
                scores,
            })
            .filter(|k| k.tickets > 0)
            .collect(),
    }
}

/// How long a resolved ticket took, in five bands. Each band holds durations above its lower
/// bound up to and including its upper one, as a time limit is "met" at exactly its value
/// (kpis.md): so "≤ 4 h" is exactly the repair commitment, "≤ 24 h" the inquiry one and
/// "≤ 7 d" (168 h) the complaint one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResolutionBand {
    UpTo4Hours,
    UpTo24Hours,
    UpTo3Days,
    UpTo7Days,
    Over7Days,
}

impl ResolutionBand {
    pub const ALL: [ResolutionBand; 5] = [
        ResolutionBand::UpTo4Hours,
        ResolutionBand::UpTo24Hours,
        ResolutionBand::UpTo3Days,
        ResolutionBand::UpTo7Days,
        ResolutionBand::Over7Days,
    ];

    /// The band of a resolution time in seconds.
    pub fn of(seconds: u32) -> ResolutionBand {
        const HOUR: u32 = 3600;
        match seconds {
            s if s <= 4 * HOUR => ResolutionBand::UpTo4Hours,
            s if s <= 24 * HOUR => ResolutionBand::UpTo24Hours,
            s if s <= 72 * HOUR => ResolutionBand::UpTo3Days,
            s if s <= 168 * HOUR => ResolutionBand::UpTo7Days,
            _ => ResolutionBand::Over7Days,
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ResolutionBand::UpTo4Hours => lang.pick("≤4小时", "≤ 4 h"),
            ResolutionBand::UpTo24Hours => lang.pick("4–24小时", "4–24 h"),
            ResolutionBand::UpTo3Days => lang.pick("1–3天", "1–3 d"),
            ResolutionBand::UpTo7Days => lang.pick("3–7天", "3–7 d"),
            ResolutionBand::Over7Days => lang.pick(">7天", "> 7 d"),
        }
    }
}

/// Scores of resolved tickets by how long the resolution took, bands in [`ResolutionBand::ALL`]
/// order (all five, empty ones with no mean).
#[derive(Debug, Clone, PartialEq)]
pub struct ScoresByResolution {
    pub bands: Vec<(ResolutionBand, ScoreTally)>,
}

impl ScoresByResolution {
    pub fn is_empty(&self) -> bool {
        self.bands.iter().all(|(_, s)| s.scored == 0)
    }
}

/// Over the tickets in the view that are resolved and have a score.
pub fn by_resolution_time(ds: &Dataset, report: &Report) -> ScoresByResolution {
    let t = &ds.tickets;
    let mut tallies = [ScoreTally::default(); 5];
    for &row in &report.rows {
        let i = row as usize;
        let (Some(&resolved), Some(&score)) = (t.resolved.get(i), t.score.get(i)) else {
            continue;
        };
        if resolved == NOT_YET {
            continue;
        }
        if let Some(tally) = tallies.get_mut(ResolutionBand::of(resolved).index()) {
            tally.add(score);
        }
    }
    ScoresByResolution {
        bands: ResolutionBand::ALL.into_iter().zip(tallies).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::Filter;
    use crate::load::load;
    use crate::report::{report, Compare};
    use serde_json::{json, Value};

    /// Two districts, "now" 2026-03-01 (+08:00), targets mean 4.2 and CSAT 80.
    fn view(tickets: Value, surveys: Value) -> (Dataset, Report) {
        let bytes = json!({
            "format": "service-kpi-export", "version": 1,
            "exported_at": "2026-03-01T00:00:00+08:00",
            "districts": [
                {"code": "A", "name": "甲区", "area": "urban"},
                {"code": "B", "name": "乙县", "area": "rural"}
            ],
            "targets": {"satisfaction_mean": 4.2, "csat_pct": 80},
            "tickets": tickets, "surveys": surveys,
        })
        .to_string()
        .into_bytes();
        let loaded = load(bytes).unwrap();
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        let ds = loaded.dataset;
        let r = report(&ds, None, &Filter::default(), Compare::Previous);
        (ds, r)
    }

    /// A ticket opened at `opened`, resolved `hours` later (open when `None`), with a score.
    fn ticket(
        id: &str,
        opened: &str,
        district: &str,
        kind: &str,
        hours: Option<i64>,
        score: Option<u8>,
    ) -> Value {
        let mut v = json!({"id": id, "opened_at": opened, "district": district, "kind": kind});
        if let Some(h) = hours {
            let t = crate::calendar::parse_timestamp(opened).unwrap().utc + h * 3600;
            let day = crate::calendar::Day::of(t, crate::calendar::Offset(0)).date();
            let s = t.rem_euclid(86_400);
            v["resolved_at"] = json!(format!("{day}T{:02}:{:02}:00Z", s / 3600, s / 60 % 60));
        }
        if let Some(s) = score {
            v["satisfaction"] = json!(s);
        }
        v
    }

    /// January: A complaint 5 (2 h), A repair 4 (4 h exactly), B inquiry 2 (30 h, surveyed 1
    /// later), B inquiry resolved unscored (200 h). February: A complaint open, scored 3.
    fn fixture() -> (Dataset, Report) {
        view(
            json!([
                ticket(
                    "1",
                    "2026-01-05T08:00:00+08:00",
                    "A",
                    "complaint",
                    Some(2),
                    Some(5)
                ),
                ticket(
                    "2",
                    "2026-01-06T08:00:00+08:00",
                    "A",
                    "repair",
                    Some(4),
                    Some(4)
                ),
                ticket(
                    "3",
                    "2026-01-07T08:00:00+08:00",
                    "B",
                    "inquiry",
                    Some(30),
                    Some(2)
                ),
                ticket(
                    "4",
                    "2026-01-08T08:00:00+08:00",
                    "B",
                    "inquiry",
                    Some(200),
                    None
                ),
                ticket(
                    "5",
                    "2026-02-02T08:00:00+08:00",
                    "A",
                    "complaint",
                    None,
                    Some(3)
                ),
            ]),
            json!([{"ticket_id": "3", "surveyed_at": "2026-01-09T08:00:00+08:00", "score": 1}]),
        )
    }

    #[test]
    fn distribution_and_trend() {
        let (ds, r) = fixture();
        let d = score_distribution(&ds, &r);
        assert_eq!(
            d.counts,
            [1, 0, 1, 1, 1],
            "the survey's 1 replaces the ticket's 2"
        );
        assert_eq!(d.total(), r.current.scored);

        let t = score_trend(&ds, &r);
        assert_eq!(t.months.len(), 2);
        let jan = t.months[0].scores;
        assert_eq!(jan.mean(), Some(10.0 / 3.0));
        assert!((jan.csat().unwrap() - 200.0 / 3.0).abs() < 1e-9);
        assert_eq!(t.months[1].scores.mean(), Some(3.0));
        assert_eq!(t.months[1].scores.csat(), Some(0.0));
        assert_eq!((t.mean_target, t.csat_target), (Some(4.2), Some(80.0)));
        assert!(!t.is_empty());
    }

    #[test]
    fn districts_kinds_and_coverage() {
        let (ds, r) = fixture();
        let d = by_district(&ds, &r);
        // A: scores 5, 4, 3 (mean 4, CSAT 66.7%), resolved 2 → coverage 150%.
        // B: score 1 (mean 1, CSAT 0), resolved 2 → 50%.
        assert_eq!(d.rows[0].scores.mean(), Some(4.0));
        assert_eq!(d.rows[0].coverage(), Some(150.0));
        assert_eq!(d.rows[1].scores.mean(), Some(1.0));
        assert_eq!(d.rows[1].scores.csat(), Some(0.0));
        assert_eq!(d.rows[1].coverage(), Some(50.0));

        let k = by_kind(&ds, &r);
        let got: Vec<(Kind, u64, Option<f64>, Option<f64>)> = k
            .rows
            .iter()
            .map(|k| (k.kind, k.tickets, k.scores.mean(), k.scores.csat()))
            .collect();
        assert_eq!(
            got,
            [
                (Kind::Complaint, 2, Some(4.0), Some(50.0)),
                (Kind::Repair, 1, Some(4.0), Some(100.0)),
                (Kind::Inquiry, 2, Some(1.0), Some(0.0)),
            ]
        );
    }

    #[test]
    fn resolution_bands_include_their_upper_bound() {
        assert_eq!(ResolutionBand::of(4 * 3600), ResolutionBand::UpTo4Hours);
        assert_eq!(
            ResolutionBand::of(4 * 3600 + 1),
            ResolutionBand::UpTo24Hours
        );
        assert_eq!(ResolutionBand::of(72 * 3600), ResolutionBand::UpTo3Days);
        assert_eq!(ResolutionBand::of(168 * 3600), ResolutionBand::UpTo7Days);
        assert_eq!(
            ResolutionBand::of(168 * 3600 + 1),
            ResolutionBand::Over7Days
        );

        let (ds, r) = fixture();
        let b = by_resolution_time(&ds, &r);
        let got: Vec<(u64, Option<f64>)> =
            b.bands.iter().map(|(_, s)| (s.scored, s.mean())).collect();
        // ≤4 h: 5 and 4; 1–3 d: the survey's 1; >7 d: resolved but unscored; the open one is out.
        assert_eq!(
            got,
            [
                (2, Some(4.5)),
                (0, None),
                (1, Some(1.0)),
                (0, None),
                (0, None)
            ]
        );
    }

    #[test]
    fn an_empty_view_has_no_statistic() {
        let (ds, r) = view(json!([]), json!([]));
        assert_eq!(score_distribution(&ds, &r).total(), 0);
        assert!(score_trend(&ds, &r).is_empty());
        let d = by_district(&ds, &r);
        assert!(d
            .rows
            .iter()
            .all(|d| d.scores.mean().is_none() && d.coverage().is_none()));
        assert!(by_kind(&ds, &r).rows.is_empty());
        assert!(by_resolution_time(&ds, &r).is_empty());
    }
}
