//! Writing a v1 export: the file format as plain serde types. The mapping step writes the data of
//! a manager's own Excel or CSV file as a v1 export, and tests build their files with it (named
//! fields, so no test passes arguments in the wrong order).

use crate::calendar::{Day, Offset, SECONDS_PER_DAY};
use crate::error::{FORMAT_NAME, FORMAT_VERSION};
use serde::{Deserialize, Serialize};

/// A whole export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Export {
    pub format: String,
    pub version: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    pub exported_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    pub districts: Vec<District>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub targets: Option<serde_json::Value>,
    pub tickets: Vec<Ticket>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub surveys: Vec<Survey>,
}

impl Export {
    /// An export taken at `exported_at` (RFC 3339) with these districts and nothing else.
    pub fn new(exported_at: &str, districts: Vec<District>) -> Export {
        Export {
            format: FORMAT_NAME.into(),
            version: FORMAT_VERSION,
            organization: None,
            exported_at: exported_at.into(),
            timezone: None,
            districts,
            targets: None,
            tickets: Vec::new(),
            surveys: Vec::new(),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        self.to_json().into_bytes()
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct District {
    pub code: String,
    pub name: String,
    pub area: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customers: Option<u64>,
}

impl District {
    pub fn new(code: &str, name: &str, area: &str, customers: Option<u64>) -> District {
        District {
            code: code.into(),
            name: name.into(),
            area: area.into(),
            customers,
        }
    }
}

/// A work order. Optional fields left `None` are not written.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Ticket {
    pub id: String,
    pub opened_at: String,
    pub district: String,
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_tier: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_response_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arrived_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub satisfaction: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Survey {
    pub ticket_id: String,
    pub surveyed_at: String,
    pub score: u8,
}

/// An RFC 3339 timestamp of a UTC instant, written in `offset`: "2026-10-01T08:15:00+08:00".
pub fn timestamp(utc: i64, offset: Offset) -> String {
    let local = utc + i64::from(offset.0);
    let of_day = local.rem_euclid(SECONDS_PER_DAY);
    format!(
        "{}T{:02}:{:02}:{:02}{offset}",
        Day::of(utc, offset).date(),
        of_day / 3600,
        of_day / 60 % 60,
        of_day % 60
    )
}

/// The timestamp `minutes` after `at` (an RFC 3339 timestamp), in `at`'s own offset.
pub fn after(at: &str, minutes: i64) -> String {
    match crate::calendar::parse_timestamp(at) {
        Some(t) => timestamp(t.utc + minutes * 60, t.offset),
        None => at.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_round_trip() {
        assert_eq!(
            after("2026-10-01T23:50:00+08:00", 15),
            "2026-10-02T00:05:00+08:00"
        );
        assert_eq!(
            after("2026-01-01T00:00:00Z", -1),
            "2025-12-31T23:59:00+00:00"
        );
        let mut e = Export::new(
            "2026-11-01T08:00:00+08:00",
            vec![District::new("A", "甲", "urban", None)],
        );
        e.tickets.push(Ticket {
            id: "1".into(),
            opened_at: "2026-10-01T08:00:00+08:00".into(),
            district: "A".into(),
            kind: "repair".into(),
            ..Ticket::default()
        });
        let loaded = crate::load::load(&e.to_bytes()).unwrap();
        assert_eq!(loaded.dataset.len(), 1);
        assert!(loaded.problems.is_empty());
    }
}
