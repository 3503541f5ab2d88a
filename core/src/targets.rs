//! Service commitments (per-ticket time limits) and dashboard goals, with the defaults of kpis.md.

use crate::domain::{Area, Kind};
use crate::error::LoadError;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Targets in force for a file: the export's `targets`, each missing key at its default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Targets {
    /// First-response limit in minutes, by kind.
    pub first_response_min: [Option<f64>; 6],
    /// Repair-arrival limit in minutes, by district area.
    pub repair_arrival_min: [Option<f64>; 3],
    /// Resolution limit in hours, by kind.
    pub resolution_hours: [Option<f64>; 6],
    pub satisfaction_mean: Option<f64>,
    pub csat_pct: Option<f64>,
    pub complaint_rate_per_10k: Option<f64>,
    /// Goals for the timeliness rates and the repeat share. Not in the v1 contract (an accepted
    /// extension, see docs/data-format.md); without them those cards show no RAG status.
    pub first_response_pct: Option<f64>,
    pub repair_arrival_pct: Option<f64>,
    pub resolution_pct: Option<f64>,
    pub repeat_complaint_pct: Option<f64>,
}

impl Default for Targets {
    /// The defaults of kpis.md ("Defaults for targets").
    fn default() -> Self {
        let mut first_response_min = [None; 6];
        first_response_min[Kind::Complaint.index()] = Some(1440.0);
        first_response_min[Kind::Inquiry.index()] = Some(60.0);
        let mut resolution_hours = [None; 6];
        resolution_hours[Kind::Complaint.index()] = Some(168.0);
        resolution_hours[Kind::Repair.index()] = Some(4.0);
        resolution_hours[Kind::Inquiry.index()] = Some(24.0);
        resolution_hours[Kind::Request.index()] = Some(120.0);
        resolution_hours[Kind::Suggestion.index()] = Some(168.0);
        Targets {
            first_response_min,
            repair_arrival_min: [Some(45.0), Some(90.0), Some(120.0)],
            resolution_hours,
            satisfaction_mean: Some(4.5),
            csat_pct: Some(90.0),
            complaint_rate_per_10k: None,
            first_response_pct: None,
            repair_arrival_pct: None,
            resolution_pct: None,
            repeat_complaint_pct: None,
        }
    }
}

impl Targets {
    /// Reads `$.targets`. Every key is optional; a key given as `null` removes that target.
    /// A present but malformed value stops the load: a wrong commitment would silently change
    /// every timeliness figure.
    pub fn from_json(value: &Value) -> Result<Targets, LoadError> {
        let mut t = Targets::default();
        let obj = object(value, "$.targets")?;
        if let Some(v) = obj.get("first_response_min") {
            by_kind(v, "$.targets.first_response_min", &mut t.first_response_min)?;
        }
        if let Some(v) = obj.get("resolution_hours") {
            by_kind(v, "$.targets.resolution_hours", &mut t.resolution_hours)?;
        }
        if let Some(v) = obj.get("repair_arrival_min") {
            let path = "$.targets.repair_arrival_min";
            for (key, limit) in object(v, path)? {
                let area = Area::parse(key).ok_or_else(|| invalid_key(path, key))?;
                t.repair_arrival_min[area.index()] = number(limit, &format!("{path}.{key}"))?;
            }
        }
        let scalars: [(&str, &mut Option<f64>); 7] = [
            ("satisfaction_mean", &mut t.satisfaction_mean),
            ("csat_pct", &mut t.csat_pct),
            ("complaint_rate_per_10k", &mut t.complaint_rate_per_10k),
            ("first_response_pct", &mut t.first_response_pct),
            ("repair_arrival_pct", &mut t.repair_arrival_pct),
            ("resolution_pct", &mut t.resolution_pct),
            ("repeat_complaint_pct", &mut t.repeat_complaint_pct),
        ];
        for (key, slot) in scalars {
            if let Some(v) = obj.get(key) {
                *slot = number(v, &format!("$.targets.{key}"))?;
            }
        }
        Ok(t)
    }

    /// First-response limit of a kind, in seconds.
    pub fn first_response_secs(&self, kind: Kind) -> Option<f64> {
        self.first_response_min[kind.index()].map(|m| m * 60.0)
    }

    /// Repair-arrival limit for a district area, in seconds.
    pub fn repair_arrival_secs(&self, area: Area) -> Option<f64> {
        self.repair_arrival_min[area.index()].map(|m| m * 60.0)
    }

    /// Resolution limit of a kind, in seconds (hours × 60 minutes × 60).
    pub fn resolution_secs(&self, kind: Kind) -> Option<f64> {
        self.resolution_hours[kind.index()].map(|h| h * 3600.0)
    }
}

fn object<'v>(value: &'v Value, path: &str) -> Result<&'v Map<String, Value>, LoadError> {
    value.as_object().ok_or_else(|| LoadError::InvalidField {
        path: path.into(),
        expected_zh: "对象",
        expected_en: "an object",
    })
}

fn by_kind(value: &Value, path: &str, slots: &mut [Option<f64>; 6]) -> Result<(), LoadError> {
    for (key, limit) in object(value, path)? {
        let kind = Kind::parse(key).ok_or_else(|| invalid_key(path, key))?;
        slots[kind.index()] = number(limit, &format!("{path}.{key}"))?;
    }
    Ok(())
}

fn invalid_key(path: &str, key: &str) -> LoadError {
    LoadError::InvalidField {
        path: format!("{path}.{key}"),
        expected_zh: "已知的工单类型或区域类型",
        expected_en: "a known work-order kind or area type",
    }
}

/// A non-negative finite number, or `null` for "no target".
fn number(value: &Value, path: &str) -> Result<Option<f64>, LoadError> {
    match value {
        Value::Null => Ok(None),
        Value::Number(n) => match n.as_f64() {
            Some(x) if x.is_finite() && x >= 0.0 => Ok(Some(x)),
            _ => Err(non_negative(path)),
        },
        _ => Err(non_negative(path)),
    }
}

fn non_negative(path: &str) -> LoadError {
    LoadError::InvalidField {
        path: path.into(),
        expected_zh: "非负数值",
        expected_en: "a non-negative number",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn missing_keys_keep_their_defaults() {
        let t =
            Targets::from_json(&json!({"first_response_min": {"complaint": 720}, "csat_pct": 85}))
                .unwrap();
        assert_eq!(t.first_response_min[Kind::Complaint.index()], Some(720.0));
        assert_eq!(t.first_response_min[Kind::Inquiry.index()], Some(60.0));
        assert_eq!(t.csat_pct, Some(85.0));
        assert_eq!(t.satisfaction_mean, Some(4.5));
        assert_eq!(t.resolution_secs(Kind::Repair), Some(4.0 * 3600.0));
        assert_eq!(t.resolution_secs(Kind::Praise), None);
        assert_eq!(t.repair_arrival_secs(Area::Remote), Some(7200.0));
    }

    #[test]
    fn malformed_targets_name_their_path() {
        let err = Targets::from_json(&json!({"repair_arrival_min": {"urban": -5}})).unwrap_err();
        assert!(
            matches!(err, LoadError::InvalidField { ref path, .. } if path == "$.targets.repair_arrival_min.urban")
        );
        let err = Targets::from_json(&json!({"resolution_hours": {"gossip": 1}})).unwrap_err();
        assert!(
            matches!(err, LoadError::InvalidField { ref path, .. } if path == "$.targets.resolution_hours.gossip")
        );
        let t = Targets::from_json(&json!({"satisfaction_mean": null})).unwrap();
        assert_eq!(t.satisfaction_mean, None);
    }
}
