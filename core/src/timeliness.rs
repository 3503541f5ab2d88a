//! Met / breached / pending against a service commitment (kpis.md, "Timeliness").

use crate::dataset::NOT_YET;
use serde::{Deserialize, Serialize};

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

/// The three milestones' outcomes and the overdue flag of one ticket, packed in a byte. They depend
/// only on the ticket, the targets and `now`, never on a filter, so they are settled once at load
/// time and a filter change only counts them. Two bits per milestone (first response, repair
/// arrival, resolution): 0 = no limit applies, 1 met, 2 breached, 3 pending; bit 6 = overdue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Outcomes(pub u8);

/// The milestones, in bit order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Milestone {
    FirstResponse = 0,
    RepairArrival = 1,
    Resolution = 2,
}

const OVERDUE: u8 = 1 << 6;

impl Outcomes {
    pub fn set(&mut self, milestone: Milestone, outcome: Outcome) {
        let code = match outcome {
            Outcome::Met => 1,
            Outcome::Breached => 2,
            Outcome::Pending => 3,
        };
        let shift = 2 * milestone as u8;
        self.0 = (self.0 & !(3 << shift)) | (code << shift);
    }

    /// The outcome of a milestone; `None` when no limit applies to this ticket.
    pub fn get(self, milestone: Milestone) -> Option<Outcome> {
        match (self.0 >> (2 * milestone as u8)) & 3 {
            1 => Some(Outcome::Met),
            2 => Some(Outcome::Breached),
            3 => Some(Outcome::Pending),
            _ => None,
        }
    }

    /// Unresolved and past its resolution limit at `now`.
    pub fn overdue(self) -> bool {
        self.0 & OVERDUE != 0
    }

    pub fn set_overdue(&mut self) {
        self.0 |= OVERDUE;
    }
}

/// Counts of outcomes and the rate met / (met + breached) × 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Tally {
    pub met: u64,
    pub breached: u64,
    pub pending: u64,
}

impl Tally {
    /// Counts one ticket's outcome; `None` (no limit applies) is not counted.
    pub fn add(&mut self, outcome: Option<Outcome>) {
        match outcome {
            Some(Outcome::Met) => self.met += 1,
            Some(Outcome::Breached) => self.breached += 1,
            Some(Outcome::Pending) => self.pending += 1,
            None => {}
        }
    }

    pub fn merge(&mut self, other: &Tally) {
        self.met += other.met;
        self.breached += other.breached;
        self.pending += other.pending;
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
        t.add(Some(Outcome::Pending));
        t.add(None);
        assert_eq!(t.pct(), None);
        for o in [Outcome::Met, Outcome::Met, Outcome::Met, Outcome::Breached] {
            t.add(Some(o));
        }
        assert_eq!(t.pct(), Some(75.0));
        assert_eq!(t.pending, 1);
    }

    #[test]
    fn packed_outcomes() {
        let mut o = Outcomes::default();
        assert_eq!(o.get(Milestone::FirstResponse), None);
        o.set(Milestone::RepairArrival, Outcome::Pending);
        o.set(Milestone::Resolution, Outcome::Breached);
        o.set(Milestone::Resolution, Outcome::Met);
        o.set_overdue();
        assert_eq!(o.get(Milestone::FirstResponse), None);
        assert_eq!(o.get(Milestone::RepairArrival), Some(Outcome::Pending));
        assert_eq!(o.get(Milestone::Resolution), Some(Outcome::Met));
        assert!(o.overdue());
    }
}
