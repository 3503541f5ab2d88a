//! Reporting periods: inclusive runs of local calendar days, and the comparison period.

use crate::calendar::{Date, Day, Month};

/// An inclusive run of local days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: Day,
    pub to: Day,
}

impl Period {
    pub fn new(from: Date, to: Date) -> Option<Period> {
        let (from, to) = (from.day(), to.day());
        (from <= to).then_some(Period { from, to })
    }

    /// Number of days, at least 1.
    pub fn days(&self) -> i32 {
        self.to.0.saturating_sub(self.from.0).saturating_add(1)
    }

    pub fn contains(&self, day: Day) -> bool {
        self.from <= day && day <= self.to
    }

    /// The run of equally many days ending the day before this period starts (kpis.md,
    /// "Breakdowns and comparison").
    pub fn previous(&self) -> Period {
        Period {
            from: self.from.plus(-self.days()),
            to: self.from.plus(-1),
        }
    }

    /// The same dates one year earlier (29 February maps to 28 February).
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

    /// The calendar months the period touches, in order.
    pub fn months(&self) -> Vec<Month> {
        let (first, last) = (self.from.month(), self.to.month());
        (first.0..=last.0).map(Month).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(from: &str, to: &str) -> Period {
        Period::new(Date::parse(from).unwrap(), Date::parse(to).unwrap()).unwrap()
    }

    #[test]
    fn previous_period_has_equally_many_days() {
        let q3 = p("2026-07-01", "2026-09-30");
        assert_eq!(q3.days(), 92);
        let prev = q3.previous();
        assert_eq!(prev.from.date().to_string(), "2026-03-31");
        assert_eq!(prev.to.date().to_string(), "2026-06-30");
        let jan = p("2026-01-01", "2026-01-31").previous();
        assert_eq!(jan.from.date().to_string(), "2025-12-01");
        assert_eq!(jan.to.date().to_string(), "2025-12-31");
        assert_eq!(
            p("2026-03-05", "2026-03-05").previous(),
            p("2026-03-04", "2026-03-04")
        );
    }

    #[test]
    fn year_before_and_months() {
        let y = p("2024-02-01", "2024-02-29").year_before();
        assert_eq!(y, p("2023-02-01", "2023-02-28"));
        let months = p("2025-11-15", "2026-02-01").months();
        let names: Vec<String> = months.iter().map(|m| m.to_string()).collect();
        assert_eq!(names, ["2025-11", "2025-12", "2026-01", "2026-02"]);
        assert!(Period::new(
            Date::parse("2026-02-01").unwrap(),
            Date::parse("2026-01-01").unwrap()
        )
        .is_none());
    }
}
