//! The satisfaction view: how scores are spread, how the mean and CSAT move month by month, how
//! they differ by district and by kind, how many resolved tickets were surveyed, and whether slow
//! resolutions score worse. A ticket's score is its latest survey's, else its own (kpis.md);
//! the load settles it once, so here a score is just the `score` column (0 = none).

use super::{district_bars, DistrictBars};
use crate::calendar::Month;
use crate::catalog::Metric;
use crate::dataset::Info;
use crate::domain::Kind;
use crate::i18n::Lang;
use crate::kpi::Counts;
use crate::report::Report;
use crate::stats::pct;
use serde::{Deserialize, Serialize};

/// Scores of a group of tickets: the sums behind `satisfaction_mean` and `csat_pct`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ScoreTally {
    /// Tickets with a score.
    pub scored: u64,
    /// Sum of their scores.
    pub total: u64,
    /// Those scoring 4 or 5.
    pub satisfied: u64,
}

impl ScoreTally {
    /// The tally a group's counts already hold.
    pub fn of(k: &Counts) -> ScoreTally {
        ScoreTally {
            scored: k.scored,
            total: k.score_total,
            satisfied: k.satisfied,
        }
    }

    /// Adds another group's tally.
    pub fn merge(&mut self, o: &ScoreTally) {
        self.scored += o.scored;
        self.total += o.total;
        self.satisfied += o.satisfied;
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
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
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

pub fn score_distribution(report: &Report) -> ScoreDistribution {
    ScoreDistribution {
        counts: report.scores,
    }
}

/// One month's scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthScores {
    pub month: Month,
    pub selected: bool,
    pub scores: ScoreTally,
}

/// Mean score and CSAT per month of the trend, with their targets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

pub fn score_trend(info: &Info, report: &Report) -> ScoreTrend {
    let t = &report.trend;
    ScoreTrend {
        months: t
            .months
            .iter()
            .zip(&t.current)
            .zip(&t.selected)
            .map(|((m, k), &selected)| MonthScores {
                month: *m,
                selected,
                scores: ScoreTally::of(&k.counts),
            })
            .collect(),
        mean_target: info.targets.satisfaction_mean,
        csat_target: info.targets.csat_pct,
    }
}

/// Mean score by district (every district of the file) against its goal.
pub fn by_district(info: &Info, report: &Report) -> DistrictBars {
    district_bars(info, report, Metric::SatisfactionMean)
}

/// Survey coverage by district.
pub fn coverage(info: &Info, report: &Report) -> DistrictBars {
    district_bars(info, report, Metric::SurveyCoveragePct)
}

/// One kind's scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KindScores {
    pub kind: Kind,
    /// Tickets of this kind in the view (scored or not).
    pub tickets: u64,
    pub scores: ScoreTally,
    pub selected: bool,
}

/// Scores per kind, in `Kind::ALL` order, for the kinds that have a ticket in the view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoresByKind {
    pub rows: Vec<KindScores>,
}

pub fn by_kind(report: &Report) -> ScoresByKind {
    ScoresByKind {
        rows: Kind::ALL
            .iter()
            .zip(report.kind_scores)
            .map(|(&kind, scores)| KindScores {
                kind,
                tickets: report.current.count(kind),
                scores,
                selected: report.filter.kinds.contains(&kind),
            })
            .filter(|k| k.tickets > 0)
            .collect(),
    }
}

/// How long a resolved ticket took, in five bands. Each band holds durations above its lower
/// bound up to and including its upper one, as a time limit is "met" at exactly its value
/// (kpis.md): so "≤ 4 h" is exactly the repair commitment, "≤ 24 h" the inquiry one and
/// "≤ 7 d" (168 h) the complaint one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoresByResolution {
    pub bands: Vec<(ResolutionBand, ScoreTally)>,
}

impl ScoresByResolution {
    pub fn is_empty(&self) -> bool {
        self.bands.iter().all(|(_, s)| s.scored == 0)
    }
}

/// Over the tickets in the view that are resolved and have a score.
pub fn by_resolution_time(report: &Report) -> ScoresByResolution {
    ScoresByResolution {
        bands: ResolutionBand::ALL
            .into_iter()
            .zip(report.band_scores)
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load;
    use crate::report::{report, Scope};
    use crate::v1::{after, District, Export, Survey, Ticket};

    /// A ticket opened at `opened`, resolved `hours` later (open when `None`), with a score.
    fn ticket(
        id: &str,
        opened: &str,
        district: &str,
        kind: &str,
        hours: Option<i64>,
        score: Option<u8>,
    ) -> Ticket {
        Ticket {
            id: id.into(),
            opened_at: opened.into(),
            district: district.into(),
            kind: kind.into(),
            resolved_at: hours.map(|h| after(opened, h * 60)),
            satisfaction: score,
            ..Ticket::default()
        }
    }

    /// Two districts, "now" 2026-03-01 (+08:00), targets mean 4.2 and CSAT 80.
    fn view(tickets: Vec<Ticket>, surveys: Vec<Survey>) -> (Info, Report) {
        let mut e = Export::new(
            "2026-03-01T00:00:00+08:00",
            vec![
                District::new("A", "甲区", "urban", None),
                District::new("B", "乙县", "rural", None),
            ],
        );
        e.targets = Some(serde_json::json!({"satisfaction_mean": 4.2, "csat_pct": 80}));
        e.tickets = tickets;
        e.surveys = surveys;
        let loaded = load(&e.to_bytes()).unwrap();
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        let ds = loaded.dataset;
        let r = report(&ds, &Scope::default());
        (ds.info, r)
    }

    /// January: A complaint 5 (2 h), A repair 4 (4 h exactly), B inquiry 2 (30 h, surveyed 1
    /// later), B inquiry resolved unscored (200 h). February: A complaint open, scored 3.
    fn fixture() -> (Info, Report) {
        view(
            vec![
                ticket(
                    "1",
                    "2026-01-05T08:00:00+08:00",
                    "A",
                    "complaint",
                    Some(2),
                    Some(5),
                ),
                ticket(
                    "2",
                    "2026-01-06T08:00:00+08:00",
                    "A",
                    "repair",
                    Some(4),
                    Some(4),
                ),
                ticket(
                    "3",
                    "2026-01-07T08:00:00+08:00",
                    "B",
                    "inquiry",
                    Some(30),
                    Some(2),
                ),
                ticket(
                    "4",
                    "2026-01-08T08:00:00+08:00",
                    "B",
                    "inquiry",
                    Some(200),
                    None,
                ),
                ticket(
                    "5",
                    "2026-02-02T08:00:00+08:00",
                    "A",
                    "complaint",
                    None,
                    Some(3),
                ),
            ],
            vec![Survey {
                ticket_id: "3".into(),
                surveyed_at: "2026-01-09T08:00:00+08:00".into(),
                score: 1,
            }],
        )
    }

    #[test]
    fn distribution_and_trend() {
        let (info, r) = fixture();
        let d = score_distribution(&r);
        assert_eq!(
            d.counts,
            [1, 0, 1, 1, 1],
            "the survey's 1 replaces the ticket's 2"
        );
        assert_eq!(d.total(), r.current.counts.scored);

        let t = score_trend(&info, &r);
        assert_eq!(t.months.len(), 12);
        let jan = t.months[10].scores;
        assert_eq!(t.months[10].month.to_string(), "2026-01");
        assert_eq!(jan.mean(), Some(10.0 / 3.0));
        assert!((jan.csat().unwrap() - 200.0 / 3.0).abs() < 1e-9);
        assert_eq!(t.months[11].scores.mean(), Some(3.0));
        assert_eq!(t.months[11].scores.csat(), Some(0.0));
        assert!(t.months[11].selected && !t.months[9].selected);
        assert_eq!((t.mean_target, t.csat_target), (Some(4.2), Some(80.0)));
        assert!(!t.is_empty());
    }

    #[test]
    fn districts_kinds_and_coverage() {
        let (info, r) = fixture();
        let d = by_district(&info, &r);
        // A: scores 5, 4, 3 (mean 4, on the 4.2 goal: 4.8 % short, amber), resolved 2 →
        // coverage 150%. B: score 1, resolved 2 → 50%.
        assert_eq!(d.bars[0].value, Some(4.0));
        assert_eq!(d.bars[0].status, Some(crate::status::Status::Amber));
        assert_eq!(d.bars[1].value, Some(1.0));
        assert_eq!(d.bars[1].status, Some(crate::status::Status::Red));
        let c = coverage(&info, &r);
        assert_eq!(c.bars[0].value, Some(150.0));
        assert_eq!(c.bars[1].value, Some(50.0));

        let k = by_kind(&r);
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

        let (_, r) = fixture();
        let b = by_resolution_time(&r);
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
        let (info, r) = view(vec![], vec![]);
        assert_eq!(score_distribution(&r).total(), 0);
        assert!(score_trend(&info, &r).is_empty());
        let d = by_district(&info, &r);
        assert!(d.bars.iter().all(|d| d.value.is_none()));
        assert!(coverage(&info, &r).bars.iter().all(|d| d.value.is_none()));
        assert!(by_kind(&r).rows.is_empty());
        assert!(by_resolution_time(&r).is_empty());
    }
}
