//! Met / breached / pending against a service commitment (kpis.md, "Timeliness").

use crate::dataset::NOT_YET;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The milestone happened within the limit.
    Met,
    /// It happened late, or has not happened and the limit has already passed at `now`.
    Breached,
    /// It has not happened and the limit has not passed yet: left out of the rate.
    Pending,
}

/// Classifies one milestone. `elapsed` is seconds from opening to the milestone ([`NOT_YET`] when
/// missing), `waited` is seconds from opening to `now`, `limit` the commitment in seconds.
pub fn classify(elapsed: u32, waited: i64, limit: f64) -> Outcome {
    if elapsed != NOT_YET {
        if f64::from(elapsed) <= limit {
            Outcome::Met
        } else {
            Outcome::Breached
        }
    } else if waited as f64 > limit {
        Outcome::Breached
    } else {
        Outcome::Pending
    }
}

/// Counts of outcomes and the rate met / (met + breached) × 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    pub met: u64,
    pub breached: u64,
    pub pending: u64,
}

impl Tally {
    pub fn add(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Met => self.met += 1,
            Outcome::Breached => self.breached += 1,
            Outcome::Pending => self.pending += 1,
        }
    }

    /// Undefined when nothing is decided yet (met + breached = 0).
    pub fn pct(&self) -> Option<f64> {
        crate::stats::pct(self.met, self.met + self.breached)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_at_the_boundaries() {
        let limit = 45.0 * 60.0;
        // (elapsed, waited, expected)
        let table = [
            (2700, 9999, Outcome::Met),        // exactly on the limit counts as met
            (2701, 9999, Outcome::Breached),   // one second late
            (0, 0, Outcome::Met),              // same instant
            (NOT_YET, 2700, Outcome::Pending), // still inside the limit at now
            (NOT_YET, 2701, Outcome::Breached),
            (NOT_YET, -50, Outcome::Pending), // opened after the export
        ];
        for (elapsed, waited, expected) in table {
            assert_eq!(
                classify(elapsed, waited, limit),
                expected,
                "{elapsed} {waited}"
            );
        }
        let mut t = Tally::default();
        assert_eq!(t.pct(), None);
        t.add(Outcome::Pending);
        assert_eq!(t.pct(), None);
        for o in [Outcome::Met, Outcome::Met, Outcome::Met, Outcome::Breached] {
            t.add(o);
        }
        assert_eq!(t.pct(), Some(75.0));
        assert_eq!(t.pending, 1);
    }
}
