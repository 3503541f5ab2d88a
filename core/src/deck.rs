//! Decks for the review meeting: an ordered list of slides, each a panel of the registry with an
//! optional scope of its own, written in the link as `deck=kpi-cards,district-rates,pareto@TC`.
//!
//! - `panel` shows the panel for the link's scope (period, filters, comparison);
//! - `panel@CODE` shows it for district `CODE` (the link's other filters apply);
//! - `panel@*` repeats it for each district: the link's selected districts, or every district of
//!   the file when none is selected.
//!
//! Without `deck=` the default deck follows a monthly review ([`Deck::default`]).

use crate::dataset::Info;
use crate::panels::Panel;

/// Whose figures a slide shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SlideScope {
    /// The link's own scope.
    Link,
    /// One district (its code).
    District(String),
    /// One slide per district.
    EachDistrict,
}

/// A slide as the deck lists it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SlideSpec {
    pub panel: Panel,
    pub scope: SlideScope,
}

impl SlideSpec {
    pub fn new(panel: Panel) -> SlideSpec {
        SlideSpec {
            panel,
            scope: SlideScope::Link,
        }
    }

    /// `pareto`, `pareto@TC`, `pareto@*`.
    pub fn code(&self) -> String {
        match &self.scope {
            SlideScope::Link => self.panel.code().to_string(),
            SlideScope::District(d) => format!("{}@{}", self.panel.code(), d),
            SlideScope::EachDistrict => format!("{}@*", self.panel.code()),
        }
    }

    /// Reads one entry; `None` for an unknown panel or an empty district.
    pub fn parse(entry: &str) -> Option<SlideSpec> {
        let (panel, scope) = match entry.split_once('@') {
            None => (entry, SlideScope::Link),
            Some((p, "*")) => (p, SlideScope::EachDistrict),
            Some((_, "")) => return None,
            Some((p, d)) => (p, SlideScope::District(d.to_string())),
        };
        Some(SlideSpec {
            panel: Panel::parse(panel)?,
            scope,
        })
    }
}

/// One slide of an expanded deck: a panel and the district it is about, if any.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Slide {
    pub panel: Panel,
    pub district: Option<String>,
    /// The deck entry it comes from (a "for each district" entry makes several slides).
    pub spec: usize,
}

/// A deck: the slides of a presentation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Deck(pub Vec<SlideSpec>);

impl Default for Deck {
    /// A monthly review: the KPI wall with 环比 and 同比, complaints by district, the Pareto of
    /// causes, timeliness against the commitments, satisfaction, the three worst districts, the
    /// early warnings, and the findings.
    fn default() -> Deck {
        Deck(
            [
                Panel::Cards,
                Panel::DistrictRates,
                Panel::Pareto,
                Panel::Commitments,
                Panel::SatisfactionTrend,
                Panel::WorstDistricts,
                Panel::Warnings,
                Panel::Findings,
            ]
            .into_iter()
            .map(SlideSpec::new)
            .collect(),
        )
    }
}

impl Deck {
    /// Reads `deck=`: comma-separated entries. Entries that are not understood are returned
    /// beside the deck (for a notice), and left out.
    pub fn parse(text: &str) -> (Deck, Vec<String>) {
        let mut slides = Vec::new();
        let mut bad = Vec::new();
        for entry in text.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            match SlideSpec::parse(entry) {
                Some(s) => slides.push(s),
                None => bad.push(entry.to_string()),
            }
        }
        (Deck(slides), bad)
    }

    /// The value of `deck=`.
    pub fn code(&self) -> String {
        let codes: Vec<String> = self.0.iter().map(SlideSpec::code).collect();
        codes.join(",")
    }

    /// The slides, with "each district" entries repeated for `districts` (codes in order).
    pub fn expand(&self, districts: &[String]) -> Vec<Slide> {
        let mut out = Vec::new();
        for (i, spec) in self.0.iter().enumerate() {
            let slide = |district: Option<&String>| Slide {
                panel: spec.panel,
                district: district.cloned(),
                spec: i,
            };
            match &spec.scope {
                SlideScope::Link => out.push(slide(None)),
                SlideScope::District(d) => out.push(slide(Some(d))),
                SlideScope::EachDistrict => out.extend(districts.iter().map(|d| slide(Some(d)))),
            }
        }
        out
    }

    /// Adds a panel for the link's scope, or removes it if the deck has it.
    pub fn toggle_panel(&mut self, panel: Panel) {
        let spec = SlideSpec::new(panel);
        match self.0.iter().position(|s| *s == spec) {
            Some(i) => {
                self.0.remove(i);
            }
            None => self.0.push(spec),
        }
    }

    /// Whether the deck shows a panel for the link's scope.
    pub fn has_panel(&self, panel: Panel) -> bool {
        self.0.contains(&SlideSpec::new(panel))
    }

    /// Removes deck entry `index` (a slide, or all the slides of a "for each district" entry).
    pub fn remove(&mut self, index: usize) {
        if index < self.0.len() {
            self.0.remove(index);
        }
    }

    /// The deck with slide `index` (of the spec list) repeated for each district, or back to
    /// the link's scope.
    pub fn toggle_each_district(&mut self, index: usize) {
        if let Some(s) = self.0.get_mut(index) {
            s.scope = match s.scope {
                SlideScope::EachDistrict => SlideScope::Link,
                _ => SlideScope::EachDistrict,
            };
        }
    }
}

/// The districts "each district" repeats over: those the link selects, else every district of
/// the file, in the file's order.
pub fn each_district(info: &Info, selected: &[String]) -> Vec<String> {
    if selected.is_empty() {
        info.districts.iter().map(|d| d.code.clone()).collect()
    } else {
        info.districts
            .iter()
            .filter(|d| selected.contains(&d.code))
            .map(|d| d.code.clone())
            .collect()
    }
}

/// The bottom bar of a slide: "3 / 12 · 三台县 · 2026年10月" (the counter is its own element).
pub fn counter(index: usize, total: usize) -> String {
    format!("{} / {}", index + 1, total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decks_round_trip_and_expand() {
        let (deck, bad) = Deck::parse("kpi-cards,pareto@TC,nope,district-rates@*,league@");
        assert_eq!(bad, ["nope", "league@"]);
        assert_eq!(deck.code(), "kpi-cards,pareto@TC,district-rates@*");
        assert_eq!(Deck::parse(&deck.code()).0, deck);
        let slides = deck.expand(&["A".into(), "B".into()]);
        let got: Vec<(Panel, Option<&str>)> = slides
            .iter()
            .map(|s| (s.panel, s.district.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (Panel::Cards, None),
                (Panel::Pareto, Some("TC")),
                (Panel::DistrictRates, Some("A")),
                (Panel::DistrictRates, Some("B")),
            ]
        );
        assert_eq!(counter(2, 12), "3 / 12");
    }

    #[test]
    fn the_default_deck_is_a_monthly_review() {
        let codes = Deck::default().code();
        assert_eq!(
            codes,
            "kpi-cards,district-rates,pareto,commitments,satisfaction-trend,worst-districts,warnings,findings"
        );
        let mut deck = Deck::default();
        deck.toggle_each_district(1);
        assert!(deck.code().contains("district-rates@*"));
        deck.toggle_each_district(1);
        assert_eq!(deck, Deck::default());
        deck.toggle_panel(Panel::League);
        assert!(deck.has_panel(Panel::League));
        deck.toggle_panel(Panel::Cards);
        assert!(!deck.has_panel(Panel::Cards));
        deck.remove(0);
        assert_eq!(deck.0.first().map(|s| s.panel), Some(Panel::Pareto));
    }
}
