//! What is loaded, and what is happening: a load in progress, a file on the mapping step or a
//! failed load never replaces a dashboard that is showing.

use kpi_core::protocol::{Failure, LoadProgress, Source, Summary};
use std::sync::Arc;

/// The load under way, or how the last one ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Activity {
    Idle,
    Loading {
        id: u64,
        source: Source,
        progress: LoadProgress,
    },
    Failed {
        source: Source,
        failure: Failure,
    },
    /// The mapper reads a file that is not a v1 export.
    Reading {
        source: Source,
    },
    /// The mapping step waits for the manager.
    Mapping {
        source: Source,
    },
}

/// A loaded export on show, with a number that changes with every load (reports are asked again
/// when it does).
#[derive(Debug, Clone)]
pub struct Shown {
    pub generation: u64,
    pub summary: Arc<Summary>,
}

impl PartialEq for Shown {
    fn eq(&self, other: &Self) -> bool {
        self.generation == other.generation
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub shown: Option<Shown>,
    pub activity: Activity,
}

impl Session {
    pub fn new() -> Session {
        Session {
            shown: None,
            activity: Activity::Idle,
        }
    }

    /// `load-status`'s `data-state`: `ready` once something is on show and nothing is loading,
    /// `error` when the last load failed, `mapping` while the mapping step waits for the
    /// manager, else `loading`.
    pub fn state_code(&self) -> &'static str {
        match (&self.activity, &self.shown) {
            (Activity::Failed { .. }, _) => "error",
            (Activity::Mapping { .. }, _) => "mapping",
            (Activity::Loading { .. } | Activity::Reading { .. }, _) => "loading",
            (Activity::Idle, Some(_)) => "ready",
            (Activity::Idle, None) => "loading",
        }
    }
}
