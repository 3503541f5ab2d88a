//! The export's top-level members other than the record arrays: what the file is (`format`,
//! `version`), whose it is (`organization`), its "now" (`exported_at`), calendar (`timezone`),
//! districts and targets. A problem here is a whole-file problem: without them no record can be
//! judged.

use crate::calendar::{parse_timestamp, Instant, Offset, SECONDS_PER_DAY};
use crate::dataset::{District, Unit};
use crate::domain::Area;
use crate::error::{LoadError, CUBE_FORMAT_NAME, FORMAT_NAME, FORMAT_VERSION};
use crate::problem::{Problem, Reason, RecordKind};
use crate::raw::Scalar;
use crate::targets::Targets;
use hashbrown::HashMap;
use serde_json::Value;

/// More customers than this in one district is taken for a typing error: the district's
/// `customers` is treated as missing (and said so in the load report). The largest Chinese
/// prefecture-level supply company serves a few million customers.
pub const MAX_CUSTOMERS: u64 = 1_000_000_000;

/// Timestamps later than this after `exported_at` are implausible (export-format.md).
pub const LATEST_AFTER_EXPORT_SECS: i64 = SECONDS_PER_DAY;
/// Timestamps earlier than this before `exported_at` are implausible: 10,958 days, 30 years.
pub const EARLIEST_BEFORE_EXPORT_SECS: i64 = 10_958 * SECONDS_PER_DAY;

/// The top-level members the reader knows. Any other member is skipped unread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Key {
    Format,
    Version,
    Organization,
    ExportedAt,
    Timezone,
    Districts,
    Units,
    Targets,
    Tickets,
    Surveys,
}

impl Key {
    pub fn parse(key: &str) -> Option<Key> {
        Some(match key {
            "format" => Key::Format,
            "version" => Key::Version,
            "organization" => Key::Organization,
            "exported_at" => Key::ExportedAt,
            "timezone" => Key::Timezone,
            "districts" => Key::Districts,
            "units" => Key::Units,
            "targets" => Key::Targets,
            "tickets" => Key::Tickets,
            "surveys" => Key::Surveys,
            _ => return None,
        })
    }

    pub fn path(self) -> &'static str {
        match self {
            Key::Format => "$.format",
            Key::Version => "$.version",
            Key::Organization => "$.organization",
            Key::ExportedAt => "$.exported_at",
            Key::Timezone => "$.timezone",
            Key::Districts => "$.districts",
            Key::Units => "$.units",
            Key::Targets => "$.targets",
            Key::Tickets => "$.tickets",
            Key::Surveys => "$.surveys",
        }
    }

    fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// What the top-level members said so far.
#[derive(Debug, Default)]
pub(crate) struct Header {
    seen: u16,
    format_ok: bool,
    version_ok: bool,
    pub organization: Option<String>,
    pub exported_at: Option<Instant>,
    pub timezone: Option<Offset>,
    pub districts: Option<Vec<District>>,
    pub district_codes: HashMap<String, u16>,
    pub units: Vec<Unit>,
    pub targets: Targets,
    /// Districts whose `customers` was set aside (load report).
    pub adjusted: Vec<Problem>,
}

impl Header {
    /// Records that `key` was met; a known member given twice is a whole-file error.
    pub fn see(&mut self, key: Key) -> Result<(), LoadError> {
        if self.seen & key.bit() != 0 {
            return Err(LoadError::DuplicateKey {
                path: key.path().into(),
            });
        }
        self.seen |= key.bit();
        Ok(())
    }

    pub fn has(&self, key: Key) -> bool {
        self.seen & key.bit() != 0
    }

    /// Records can be judged: the districts and "now" are known.
    pub fn ready(&self) -> bool {
        self.districts.is_some() && self.exported_at.is_some()
    }

    /// Whether a UTC instant is plausible for this export (export-format.md, "Timestamps").
    pub fn plausible(&self, utc: i64) -> bool {
        self.exported_at.is_none_or(|now| {
            utc <= now.utc.saturating_add(LATEST_AFTER_EXPORT_SECS)
                && utc >= now.utc.saturating_sub(EARLIEST_BEFORE_EXPORT_SECS)
        })
    }

    /// The calendar offset: `timezone`, else that of `exported_at`.
    pub fn offset(&self) -> Option<Offset> {
        self.timezone.or(self.exported_at.map(|t| t.offset))
    }

    /// Takes a scalar member's value (parsed from the file).
    pub fn scalar(&mut self, key: Key, value: &Value) -> Result<(), LoadError> {
        match key {
            Key::Format => {
                if value.as_str() == Some(CUBE_FORMAT_NAME) {
                    return Err(LoadError::IsCube);
                }
                if value.as_str() != Some(FORMAT_NAME) {
                    return Err(LoadError::NotAnExport {
                        found: describe(value),
                    });
                }
                self.format_ok = true;
            }
            Key::Version => match exact_integer(value) {
                Some(FORMAT_VERSION) => self.version_ok = true,
                Some(n) if n > FORMAT_VERSION => {
                    return Err(LoadError::NewerVersion {
                        found: n.to_string(),
                    })
                }
                _ => {
                    return Err(LoadError::UnknownVersion {
                        found: describe(value),
                    })
                }
            },
            Key::Organization => {
                self.organization = match value {
                    Value::Null => None,
                    Value::String(s) => Some(s.clone()),
                    _ => return Err(invalid(key.path(), "文本", "text")),
                }
            }
            Key::ExportedAt => {
                let instant = value.as_str().and_then(parse_timestamp).ok_or_else(|| {
                    invalid(
                        key.path(),
                        "带时区的 RFC 3339 时间",
                        "an RFC 3339 timestamp with an offset",
                    )
                })?;
                self.exported_at = Some(instant);
            }
            Key::Timezone => {
                self.timezone = match value {
                    Value::Null => None,
                    Value::String(s) => Some(Offset::parse(s).ok_or_else(bad_timezone)?),
                    _ => return Err(bad_timezone()),
                }
            }
            Key::Districts => {
                let (districts, adjusted) = parse_districts(value)?;
                self.district_codes = districts
                    .iter()
                    .enumerate()
                    .filter_map(|(i, d)| Some((d.code.clone(), u16::try_from(i).ok()?)))
                    .collect();
                self.districts = Some(districts);
                self.adjusted = adjusted;
            }
            Key::Units => self.units = parse_units(value)?,
            Key::Targets => {
                if !value.is_null() {
                    self.targets = Targets::from_json(value)?;
                }
            }
            Key::Tickets | Key::Surveys => {}
        }
        Ok(())
    }

    /// The checks at the end of the top-level object. `records_follow` is true for NDJSON,
    /// whose records come after it instead of in `tickets`.
    pub fn complete(&self, records_follow: bool) -> Result<(), LoadError> {
        if !self.format_ok {
            return Err(LoadError::NotAnExport {
                found: "nothing / 无".into(),
            });
        }
        for (ok, key) in [
            (self.version_ok, Key::Version),
            (self.exported_at.is_some(), Key::ExportedAt),
            (self.districts.is_some(), Key::Districts),
            (records_follow || self.has(Key::Tickets), Key::Tickets),
        ] {
            if !ok {
                return Err(LoadError::MissingField {
                    path: key.path().into(),
                });
            }
        }
        Ok(())
    }
}

fn bad_timezone() -> LoadError {
    invalid(
        Key::Timezone.path(),
        "UTC 偏移，如 +08:00",
        "a UTC offset such as +08:00",
    )
}

pub(crate) fn invalid(
    path: &str,
    expected_zh: &'static str,
    expected_en: &'static str,
) -> LoadError {
    LoadError::InvalidField {
        path: path.into(),
        expected_zh,
        expected_en,
    }
}

/// A short rendering of a value for a message.
fn describe(value: &Value) -> String {
    match value {
        Value::Array(_) => "[…]".into(),
        Value::Object(_) => "{…}".into(),
        other => {
            let text = other.to_string();
            match text.char_indices().nth(40) {
                Some((cut, _)) => format!("{}…", &text[..cut]),
                None => text,
            }
        }
    }
}

/// A JSON number that is exactly an integer: `1`, `-0`, `1.0` and `5e0` are; `1.5` is not.
pub(crate) fn exact_integer(value: &Value) -> Option<i64> {
    let n = value.as_number()?;
    if let Some(i) = n.as_i64() {
        return Some(i);
    }
    let f = n.as_f64()?;
    // Within ±2^53 every integer is exact in f64, and the conversion below is exact too.
    (f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0).then_some(f as i64)
}

/// Reads `$.districts`. Codes are checked for duplicates with a hash set (linear in the count).
fn parse_districts(value: &Value) -> Result<(Vec<District>, Vec<Problem>), LoadError> {
    let items = match value {
        Value::Array(items) => items,
        Value::Null => return Err(LoadError::NoDistricts),
        _ => return Err(invalid("$.districts", "数组", "an array")),
    };
    if items.is_empty() {
        return Err(LoadError::NoDistricts);
    }
    if items.len() > usize::from(u16::MAX) {
        return Err(LoadError::TooLarge);
    }
    let mut districts: Vec<District> = Vec::with_capacity(items.len());
    let mut codes: HashMap<&str, ()> = HashMap::with_capacity(items.len());
    let mut adjusted = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = format!("$.districts[{i}]");
        let obj = item
            .as_object()
            .ok_or_else(|| invalid(&path, "对象", "an object"))?;
        let code = match obj.get("code").and_then(Value::as_str) {
            Some(c) if !c.trim().is_empty() => c,
            _ => {
                return Err(invalid(
                    &format!("{path}.code"),
                    "非空文本",
                    "non-empty text",
                ))
            }
        };
        if codes.insert(code, ()).is_some() {
            return Err(LoadError::DuplicateDistrict {
                path: format!("{path}.code"),
                code: code.to_string(),
            });
        }
        let name = match obj.get("name") {
            None | Some(Value::Null) => code.to_string(),
            Some(Value::String(n)) if !n.trim().is_empty() => n.clone(),
            Some(_) => {
                return Err(invalid(
                    &format!("{path}.name"),
                    "非空文本",
                    "non-empty text",
                ))
            }
        };
        let area = obj
            .get("area")
            .and_then(Value::as_str)
            .and_then(Area::parse)
            .ok_or_else(|| {
                invalid(
                    &format!("{path}.area"),
                    " urban、rural 或 remote 之一",
                    "one of urban, rural, remote",
                )
            })?;
        let customers = match obj.get("customers") {
            None | Some(Value::Null) => None,
            Some(v) => match exact_integer(v) {
                Some(n) if (0..=MAX_CUSTOMERS as i64).contains(&n) => Some(n as u64),
                Some(n) if n > MAX_CUSTOMERS as i64 => {
                    adjusted.push(Problem {
                        record: RecordKind::District,
                        index: i,
                        id: Some(code.to_string()),
                        path: format!("{path}.customers"),
                        reason: Reason::CustomersTooLarge(n.to_string()),
                    });
                    None
                }
                // Beyond ±2^53 (u64::MAX, 1e300): a number but no usable count.
                None if v.is_number() && v.as_f64().is_some_and(|f| f > 0.0) => {
                    adjusted.push(Problem {
                        record: RecordKind::District,
                        index: i,
                        id: Some(code.to_string()),
                        path: format!("{path}.customers"),
                        reason: Reason::CustomersTooLarge(Scalar::from_json(v).describe()),
                    });
                    None
                }
                _ => {
                    return Err(invalid(
                        &format!("{path}.customers"),
                        "非负整数",
                        "a non-negative integer",
                    ))
                }
            },
        };
        let parent = optional_code(obj.get("parent"), &format!("{path}.parent"))?;
        districts.push(District {
            code: code.to_string(),
            name,
            area,
            customers,
            parent,
        });
    }
    Ok((districts, adjusted))
}

/// An optional code: absent or `null` is `None`, else non-empty text.
fn optional_code(value: Option<&Value>, path: &str) -> Result<Option<String>, LoadError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(Some(s.clone())),
        Some(_) => Err(invalid(path, "非空文本或 null", "non-empty text or null")),
    }
}

/// Reads `$.units`: the units above the districts, each `{code, name, parent}`. Whether the
/// parents form a tree is `crate::hierarchy`'s concern (it reads a broken one as flat).
fn parse_units(value: &Value) -> Result<Vec<Unit>, LoadError> {
    let items = match value {
        Value::Null => return Ok(Vec::new()),
        Value::Array(items) => items,
        _ => return Err(invalid("$.units", "数组", "an array")),
    };
    if items.len() > usize::from(u16::MAX) {
        return Err(LoadError::TooLarge);
    }
    let mut codes: HashMap<&str, ()> = HashMap::with_capacity(items.len());
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let path = format!("$.units[{i}]");
            let obj = item
                .as_object()
                .ok_or_else(|| invalid(&path, "对象", "an object"))?;
            let code = optional_code(obj.get("code"), &format!("{path}.code"))?
                .ok_or_else(|| invalid(&format!("{path}.code"), "非空文本", "non-empty text"))?;
            if codes
                .insert(obj.get("code").and_then(Value::as_str).unwrap_or(""), ())
                .is_some()
            {
                return Err(LoadError::DuplicateDistrict {
                    path: format!("{path}.code"),
                    code,
                });
            }
            let name = optional_code(obj.get("name"), &format!("{path}.name"))?
                .unwrap_or_else(|| code.clone());
            let parent = optional_code(obj.get("parent"), &format!("{path}.parent"))?;
            Ok(Unit { code, name, parent })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn integers_written_as_floats_are_the_same_numbers() {
        for (v, want) in [
            (json!(1), Some(1)),
            (json!(1.0), Some(1)),
            (json!(-0.0), Some(0)),
            (json!(5e0), Some(5)),
            (json!(1.5), None),
            (json!("1"), None),
            (json!(1e300), None),
        ] {
            assert_eq!(exact_integer(&v), want, "{v}");
        }
    }

    #[test]
    fn oversized_customers_are_set_aside_with_a_note() {
        let v = json!([
            {"code": "A", "area": "urban", "customers": u64::MAX},
            {"code": "B", "area": "rural", "customers": 2_000_000_000u64},
            {"code": "C", "area": "remote", "customers": 1e9},
            {"code": "D", "area": "remote", "customers": -0.0}
        ]);
        let (d, notes) = parse_districts(&v).unwrap();
        let customers: Vec<Option<u64>> = d.iter().map(|d| d.customers).collect();
        assert_eq!(customers, [None, None, Some(1_000_000_000), Some(0)]);
        assert_eq!(notes.len(), 2);
        assert_eq!(notes[0].path, "$.districts[0].customers");
        assert!(
            parse_districts(&json!([{"code": "A", "area": "urban", "customers": -3}])).is_err()
        );
    }
}
