//! The panel registry: every chart, table and list the dashboard can show, with a stable id (used
//! in links, decks, slides and export file names), the page it belongs to, and the function that
//! computes its view-model from a report. A page is an ordered list of panel ids; a slide is a
//! panel with its own scope. The chart crate draws a model at any size (`kpi_charts::render`).

use crate::catalog::Metric;
use crate::dataset::Info;
use crate::findings::{self, Finding, COMMITMENTS};
use crate::link::View;
use crate::report::Report;
use crate::views::{self, complaints, districts, overview, satisfaction, timeliness, DistrictBars};
use crate::warnings::{self, Warning};

/// Districts on the worst-districts panel (the default deck's "three worst districts").
pub const WORST_SHOWN: usize = 3;
use serde::{Deserialize, Serialize};

/// A panel. The order of [`Panel::ALL`] is the order on the pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Panel {
    Cards,
    Findings,
    KindTrend,
    DistrictRates,
    League,
    WorstDistricts,
    Warnings,
    Heatmap,
    Scorecards,
    Pareto,
    Channels,
    Repeat,
    KeyComplaints,
    Commitments,
    FirstResponse,
    RepairArrival,
    ResponseTrend,
    ResolutionTrend,
    Backlog,
    OverdueList,
    SatisfactionTrend,
    ScoreDistribution,
    SatisfactionDistricts,
    SurveyCoverage,
    SatisfactionKinds,
    ScoreByResolution,
}

/// What a panel is drawn as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A chart with a table alternative.
    Chart,
    /// A table only (the league table, ticket lists).
    Table,
    /// The KPI cards.
    Cards,
    /// Written findings.
    Findings,
}

impl Panel {
    pub const ALL: [Panel; 26] = [
        Panel::Cards,
        Panel::Findings,
        Panel::KindTrend,
        Panel::DistrictRates,
        Panel::League,
        Panel::WorstDistricts,
        Panel::Warnings,
        Panel::Heatmap,
        Panel::Scorecards,
        Panel::Pareto,
        Panel::Channels,
        Panel::Repeat,
        Panel::KeyComplaints,
        Panel::Commitments,
        Panel::FirstResponse,
        Panel::RepairArrival,
        Panel::ResponseTrend,
        Panel::ResolutionTrend,
        Panel::Backlog,
        Panel::OverdueList,
        Panel::SatisfactionTrend,
        Panel::ScoreDistribution,
        Panel::SatisfactionDistricts,
        Panel::SurveyCoverage,
        Panel::SatisfactionKinds,
        Panel::ScoreByResolution,
    ];

    /// The stable id.
    pub fn code(self) -> &'static str {
        match self {
            Panel::Cards => "kpi-cards",
            Panel::Findings => "findings",
            Panel::KindTrend => "kind-trend",
            Panel::DistrictRates => "district-rates",
            Panel::League => "league",
            Panel::WorstDistricts => "worst-districts",
            Panel::Warnings => "warnings",
            Panel::Heatmap => "heatmap",
            Panel::Scorecards => "scorecards",
            Panel::Pareto => "pareto",
            Panel::Channels => "channels",
            Panel::Repeat => "repeat",
            Panel::KeyComplaints => "key-complaints",
            Panel::Commitments => "commitments",
            Panel::FirstResponse => "first-response",
            Panel::RepairArrival => "repair-arrival",
            Panel::ResponseTrend => "response-trend",
            Panel::ResolutionTrend => "resolution-trend",
            Panel::Backlog => "backlog",
            Panel::OverdueList => "overdue-list",
            Panel::SatisfactionTrend => "satisfaction-trend",
            Panel::ScoreDistribution => "score-distribution",
            Panel::SatisfactionDistricts => "satisfaction-districts",
            Panel::SurveyCoverage => "survey-coverage",
            Panel::SatisfactionKinds => "satisfaction-kinds",
            Panel::ScoreByResolution => "score-by-resolution",
        }
    }

    pub fn parse(code: &str) -> Option<Panel> {
        Panel::ALL.into_iter().find(|p| p.code() == code)
    }

    pub fn shape(self) -> Shape {
        match self {
            Panel::Cards => Shape::Cards,
            Panel::Findings => Shape::Findings,
            Panel::League | Panel::Warnings | Panel::KeyComplaints | Panel::OverdueList => {
                Shape::Table
            }
            _ => Shape::Chart,
        }
    }

    /// Whether it shows single tickets or single scores, which a cube does not have.
    pub fn needs_tickets(self) -> bool {
        matches!(
            self,
            Panel::KeyComplaints
                | Panel::OverdueList
                | Panel::ScoreDistribution
                | Panel::ScoreByResolution
        )
    }

    /// Whether a click on one of its bars, cells or rows filters: by a district, a complaint
    /// category, a channel or a kind.
    pub fn filters_on_click(self) -> bool {
        self.by_district()
            || matches!(
                self,
                Panel::Pareto | Panel::Channels | Panel::SatisfactionKinds
            )
    }

    /// Whether a click on one of its bars, cells or rows filters by a district.
    pub fn by_district(self) -> bool {
        matches!(
            self,
            Panel::DistrictRates
                | Panel::League
                | Panel::WorstDistricts
                | Panel::Warnings
                | Panel::Heatmap
                | Panel::Repeat
                | Panel::Backlog
                | Panel::SatisfactionDistricts
                | Panel::SurveyCoverage
        )
    }
}

impl View {
    /// The panels of a page, in order. The data-quality page is the load report and the file's
    /// own figures, and the monthly report is text and tables (`bulletin.rs`): not panels.
    pub fn panels(self) -> &'static [Panel] {
        match self {
            View::Overview => &[
                Panel::Cards,
                Panel::Findings,
                Panel::KindTrend,
                Panel::DistrictRates,
                Panel::League,
            ],
            View::Districts => &[
                Panel::League,
                Panel::WorstDistricts,
                Panel::Warnings,
                Panel::Heatmap,
                Panel::Scorecards,
            ],
            View::Complaints => &[
                Panel::Pareto,
                Panel::Channels,
                Panel::Repeat,
                Panel::KeyComplaints,
            ],
            View::Timeliness => &[
                Panel::Commitments,
                Panel::FirstResponse,
                Panel::RepairArrival,
                Panel::ResponseTrend,
                Panel::ResolutionTrend,
                Panel::Backlog,
                Panel::OverdueList,
            ],
            View::Satisfaction => &[
                Panel::SatisfactionTrend,
                Panel::ScoreDistribution,
                Panel::SatisfactionDistricts,
                Panel::SurveyCoverage,
                Panel::SatisfactionKinds,
                Panel::ScoreByResolution,
            ],
            View::Quality | View::Report => &[],
        }
    }
}

/// What a panel shows, computed from a report: the view-model the chart crate draws.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Model {
    Cards(Vec<(crate::catalog::Group, Vec<overview::Card>)>),
    Findings(Vec<Finding>),
    Commitments(Vec<overview::Card>),
    WorstDistricts(Vec<districts::Scorecard>),
    Warnings(Vec<Warning>),
    KindTrend(overview::KindTrend),
    Bars(DistrictBars),
    League(Vec<districts::LeagueRow>),
    Heatmap(districts::Heatmap),
    Scorecards(Vec<districts::Scorecard>),
    Pareto(complaints::CategoryPareto),
    Channels(complaints::ChannelCounts),
    KeyComplaints(complaints::KeyComplaints),
    FirstResponse(timeliness::Histogram),
    RepairArrival(timeliness::Histogram),
    ResponseTrend(timeliness::DurationTrend),
    ResolutionTrend(timeliness::DurationTrend),
    Backlog(timeliness::Backlog),
    OverdueList(timeliness::OverdueList),
    SatisfactionTrend(satisfaction::ScoreTrend),
    ScoreDistribution(satisfaction::ScoreDistribution),
    SatisfactionKinds(satisfaction::ScoresByKind),
    ScoreByResolution(satisfaction::ScoresByResolution),
    /// A panel of single tickets or scores, for a cube that has none: drawn as its title and a
    /// note that it needs the raw export.
    NeedsTickets(Box<Model>),
}

/// Settings a panel takes from the link besides the scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// The heatmap's KPI.
    pub heat: Metric,
}

/// The view-model of `panel` for `report`.
pub fn model(panel: Panel, info: &Info, report: &Report, options: Options) -> Model {
    // Rankings show one level of the hierarchy; other panels do not read the districts.
    let level = crate::hierarchy::Level::of(info, report);
    let model = figures(panel, level.info(), level.report(), options);
    if info.is_cube() && panel.needs_tickets() {
        Model::NeedsTickets(Box::new(model))
    } else {
        model
    }
}

fn figures(panel: Panel, info: &Info, report: &Report, options: Options) -> Model {
    match panel {
        Panel::Cards => Model::Cards(overview::cards(info, report)),
        Panel::Findings => Model::Findings(findings::summary(info, report)),
        Panel::Commitments => Model::Commitments(
            COMMITMENTS
                .iter()
                .map(|&m| overview::card(info, report, m))
                .collect(),
        ),
        Panel::WorstDistricts => {
            Model::WorstDistricts(districts::worst_districts(info, report, WORST_SHOWN))
        }
        Panel::Warnings => Model::Warnings(warnings::warnings(info, report)),
        Panel::KindTrend => Model::KindTrend(overview::kind_trend(info, report)),
        Panel::DistrictRates => {
            Model::Bars(views::district_bars(info, report, Metric::ComplaintRate))
        }
        Panel::League => Model::League(districts::league(info, report)),
        Panel::Heatmap => Model::Heatmap(districts::heatmap(info, report, options.heat)),
        Panel::Scorecards => Model::Scorecards(districts::scorecards(info, report)),
        Panel::Pareto => Model::Pareto(complaints::category_pareto(info, report)),
        Panel::Channels => Model::Channels(complaints::complaints_by_channel(info, report)),
        Panel::Repeat => Model::Bars(complaints::repeat_by_district(info, report)),
        Panel::KeyComplaints => Model::KeyComplaints(report.key_complaints.clone()),
        Panel::FirstResponse => Model::FirstResponse(report.first_response.clone()),
        Panel::RepairArrival => Model::RepairArrival(report.repair_arrival.clone()),
        Panel::ResponseTrend => Model::ResponseTrend(timeliness::duration_trend(report)),
        Panel::ResolutionTrend => Model::ResolutionTrend(timeliness::duration_trend(report)),
        Panel::Backlog => Model::Backlog(timeliness::backlog_by_district(info, report)),
        Panel::OverdueList => Model::OverdueList(report.overdue.clone()),
        Panel::SatisfactionTrend => {
            Model::SatisfactionTrend(satisfaction::score_trend(info, report))
        }
        Panel::ScoreDistribution => {
            Model::ScoreDistribution(satisfaction::score_distribution(report))
        }
        Panel::SatisfactionDistricts => Model::Bars(satisfaction::by_district(info, report)),
        Panel::SurveyCoverage => Model::Bars(satisfaction::coverage(info, report)),
        Panel::SatisfactionKinds => Model::SatisfactionKinds(satisfaction::by_kind(report)),
        Panel::ScoreByResolution => {
            Model::ScoreByResolution(satisfaction::by_resolution_time(report))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_every_panel_has_a_page() {
        let mut codes: Vec<&str> = Panel::ALL.iter().map(|p| p.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Panel::ALL.len());
        for p in Panel::ALL {
            assert_eq!(Panel::parse(p.code()), Some(p));
            assert!(View::ALL.iter().any(|v| v.panels().contains(&p)), "{p:?}");
        }
    }
}
