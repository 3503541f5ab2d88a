//! Reporting periods: inclusive runs of local calendar days, and what they are compared with.

use crate::calendar::{Date, Day, Month};
use serde::{Deserialize, Serialize};

/// An inclusive run of local days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Period {
    pub from: Day,
    pub to: Day,
}

impl Period {
    pub fn new(from: Date, to: Date) -> Option<Period> {
        let (from, to) = (from.day(), to.day());
        (from <= to).then_some(Period { from, to })
    }

    /// The whole calendar months `first` to `last`.
    pub fn months_from(first: Month, last: Month) -> Period {
        Period {
            from: first.first_day(),
            to: Month(last.0 + 1).first_day().plus(-1),
        }
    }

    /// Number of days, at least 1.
    pub fn days(&self) -> i32 {
        self.to.0.saturating_sub(self.from.0).saturating_add(1)
    }

    pub fn contains(&self, day: Day) -> bool {
        self.from <= day && day <= self.to
    }

    /// The number of whole calendar months, when the period is exactly that: it starts on a
    /// 1st and ends on the last day of a month.
    pub fn whole_months(&self) -> Option<i32> {
        let (first, last) = (self.from.month(), self.to.month());
        let whole =
            self.from == first.first_day() && self.to == Month(last.0 + 1).first_day().plus(-1);
        whole.then_some(last.0 - first.0 + 1)
    }

    /// The comparison period 环比 (kpis.md, "Breakdowns and comparison"): as many whole months
    /// immediately before a period of whole months (October → September, a quarter → the
    /// quarter before); otherwise the run of equally many days ending the day before.
    pub fn previous(&self) -> Period {
        match self.whole_months() {
            Some(n) => Period::months_from(
                Month(self.from.month().0 - n),
                Month(self.from.month().0 - 1),
            ),
            None => Period {
                from: self.from.plus(-self.days()),
                to: self.from.plus(-1),
            },
        }
    }

    /// The comparison period 同比: the same dates one calendar year earlier (29 February maps to
    /// 28 February); for whole months, the same months a year earlier.
    pub fn year_before(&self) -> Period {
        let back = |day: Day| {
            let d = day.date();
            let year = d.year - 1;
            Date::new(year, d.month, d.day)
                .or_else(|| Date::new(year, d.month, d.day - 1))
                .map_or(day.plus(-365), Date::day)
        };
        Period {
            from: back(self.from),
            to: back(self.to),
        }
    }

    /// The first and last calendar month the period touches.
    pub fn month_span(&self) -> (Month, Month) {
        (self.from.month(), self.to.month())
    }

    /// The part of the period inside `bounds`, if any.
    pub fn clamp(&self, bounds: Period) -> Option<Period> {
        let from = self.from.max(bounds.from);
        let to = self.to.min(bounds.to);
        (from <= to).then_some(Period { from, to })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(from: &str, to: &str) -> Period {
        Period::new(Date::parse(from).unwrap(), Date::parse(to).unwrap()).unwrap()
    }

    #[test]
    fn whole_months_compare_with_the_months_before() {
        // (period, 环比, 同比)
        let table = [
            (
                ("2026-10-01", "2026-10-31"),
                ("2026-09-01", "2026-09-30"),
                ("2025-10-01", "2025-10-31"),
            ),
            (
                ("2026-07-01", "2026-09-30"),
                ("2026-04-01", "2026-06-30"),
                ("2025-07-01", "2025-09-30"),
            ),
            (
                ("2026-01-01", "2026-12-31"),
                ("2025-01-01", "2025-12-31"),
                ("2025-01-01", "2025-12-31"),
            ),
            (
                ("2026-03-01", "2026-03-31"),
                ("2026-02-01", "2026-02-28"),
                ("2025-03-01", "2025-03-31"),
            ),
            (
                ("2024-02-01", "2024-02-29"),
                ("2024-01-01", "2024-01-31"),
                ("2023-02-01", "2023-02-28"),
            ),
            (
                ("2026-01-01", "2026-01-31"),
                ("2025-12-01", "2025-12-31"),
                ("2025-01-01", "2025-01-31"),
            ),
            // Not whole months: equally many days before.
            (
                ("2026-03-05", "2026-03-05"),
                ("2026-03-04", "2026-03-04"),
                ("2025-03-05", "2025-03-05"),
            ),
            (
                ("2026-10-02", "2026-10-31"),
                ("2026-09-02", "2026-10-01"),
                ("2025-10-02", "2025-10-31"),
            ),
            (
                ("2024-02-29", "2024-03-10"),
                ("2024-02-18", "2024-02-28"),
                ("2023-02-28", "2023-03-10"),
            ),
        ];
        for ((f, t), (pf, pt), (yf, yt)) in table {
            let period = p(f, t);
            assert_eq!(period.previous(), p(pf, pt), "环比 of {f}..{t}");
            assert_eq!(period.year_before(), p(yf, yt), "同比 of {f}..{t}");
        }
        assert_eq!(p("2026-07-01", "2026-09-30").whole_months(), Some(3));
        assert_eq!(p("2026-07-01", "2026-09-29").whole_months(), None);
        assert_eq!(p("2026-07-02", "2026-09-30").whole_months(), None);
    }

    #[test]
    fn spans_and_clamps() {
        let (first, last) = p("2025-11-15", "2026-02-01").month_span();
        assert_eq!(
            (first.to_string(), last.to_string()),
            ("2025-11".into(), "2026-02".into())
        );
        assert!(Period::new(
            Date::parse("2026-02-01").unwrap(),
            Date::parse("2026-01-01").unwrap()
        )
        .is_none());
        let bounds = p("2026-01-10", "2026-12-31");
        assert_eq!(
            p("2020-01-01", "2026-02-01").clamp(bounds),
            Some(p("2026-01-10", "2026-02-01"))
        );
        assert_eq!(p("2020-01-01", "2020-02-01").clamp(bounds), None);
        assert_eq!(p("2026-10-01", "2026-10-31").days(), 31);
    }
}
