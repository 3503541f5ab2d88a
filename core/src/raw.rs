//! Stage one of validation: serde types that mirror the file as written.
//!
//! A ticket or survey is read leniently — every field as whatever JSON value it holds — so that a
//! wrong type in one record becomes a record-level problem in stage two (`load`) instead of a
//! serde error that would abort the whole file. Strings borrow from the input where they have no
//! escapes, so reading a ticket allocates nothing in the common case.

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

/// Any JSON value, keeping only what validation needs.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Cow<'a, str>),
    Array,
    Object,
}

impl Scalar<'_> {
    /// A short rendering of the value for a problem message.
    pub fn describe(&self) -> String {
        match self {
            Scalar::Null => "null".into(),
            Scalar::Bool(b) => b.to_string(),
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => f.to_string(),
            Scalar::Str(s) => format!("\"{s}\""),
            Scalar::Array => "[…]".into(),
            Scalar::Object => "{…}".into(),
        }
    }

    /// Detaches the value from the input buffer.
    pub fn into_owned(self) -> Scalar<'static> {
        match self {
            Scalar::Null => Scalar::Null,
            Scalar::Bool(b) => Scalar::Bool(b),
            Scalar::Int(i) => Scalar::Int(i),
            Scalar::Float(f) => Scalar::Float(f),
            Scalar::Str(s) => Scalar::Str(Cow::Owned(s.into_owned())),
            Scalar::Array => Scalar::Array,
            Scalar::Object => Scalar::Object,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Scalar::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A number that is exactly an integer: `5`, `-0`, `5.0` (within ±2^53, where every integer
    /// is exact in f64).
    pub fn exact_integer(&self) -> Option<i64> {
        match *self {
            Scalar::Int(i) => Some(i),
            Scalar::Float(f) if f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0 => {
                Some(f as i64)
            }
            _ => None,
        }
    }

    /// The same value from a parsed `serde_json::Value`.
    pub fn from_json(value: &serde_json::Value) -> Scalar<'static> {
        use serde_json::Value;
        match value {
            Value::Null => Scalar::Null,
            Value::Bool(b) => Scalar::Bool(*b),
            Value::Number(n) => match n.as_i64() {
                Some(i) => Scalar::Int(i),
                None => Scalar::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            Value::String(s) => Scalar::Str(Cow::Owned(s.clone())),
            Value::Array(_) => Scalar::Array,
            Value::Object(_) => Scalar::Object,
        }
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Scalar::Null)
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Scalar::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Scalar::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Scalar::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(i64::try_from(v).map_or(Scalar::Float(v as f64), Scalar::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Scalar::Float(v))
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Scalar::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Scalar::Str(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Scalar::Str(Cow::Owned(v)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar::Array)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Scalar::Object)
    }
}

impl<'de> Deserialize<'de> for Scalar<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
}

/// A JSON object key, borrowed where possible.
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// A lenient record read member by member, by serde or by the loader's plain path: one rule for
/// which names are fields and what a repeated one means.
pub trait Members<'a>: Default {
    /// The field names, as written in the file.
    const FIELDS: &'static [&'static str];

    /// Sets the field named `key`; an unknown name is ignored (the format may grow), and the
    /// first field set twice is remembered as the record's duplicate key.
    fn set(&mut self, key: &str, value: Scalar<'a>);
}

/// Declares a lenient record type: one optional [`Scalar`] per known field, unknown fields
/// ignored (the format may grow), a repeated field remembered as a problem.
macro_rules! raw_record {
    ($(#[$doc:meta])* $name:ident { $($field:ident),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Default, Clone, PartialEq)]
        pub struct $name<'a> {
            $(pub $field: Option<Scalar<'a>>,)+
            /// The first field name that appeared twice, if any.
            pub duplicate_key: Option<&'static str>,
        }

        impl<'a> Members<'a> for $name<'a> {
            const FIELDS: &'static [&'static str] = &[$(stringify!($field)),+];

            fn set(&mut self, key: &str, value: Scalar<'a>) {
                let (slot, name) = match key {
                    $(stringify!($field) => (&mut self.$field, stringify!($field)),)+
                    _ => return,
                };
                if slot.replace(value).is_some() && self.duplicate_key.is_none() {
                    self.duplicate_key = Some(name);
                }
            }
        }

        impl<'de> Deserialize<'de> for Record<$name<'de>> {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = Record<$name<'de>>;
                    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                        f.write_str("a record")
                    }
                    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                        let mut rec = $name::default();
                        while let Some(key) = map.next_key::<Key<'de>>()? {
                            if $name::FIELDS.contains(&&*key.0) {
                                rec.set(&key.0, map.next_value::<Scalar<'de>>()?);
                            } else {
                                map.next_value::<IgnoredAny>()?;
                            }
                        }
                        Ok(Record::Object(rec))
                    }
                    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                        while seq.next_element::<IgnoredAny>()?.is_some() {}
                        Ok(Record::NotAnObject)
                    }
                    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> { Ok(Record::NotAnObject) }
                    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> { Ok(Record::NotAnObject) }
                    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> { Ok(Record::NotAnObject) }
                    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> { Ok(Record::NotAnObject) }
                    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> { Ok(Record::NotAnObject) }
                    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> { Ok(Record::NotAnObject) }
                }
                d.deserialize_any(V)
            }
        }
    };
}

/// One element of the `tickets` or `surveys` array: an object, or something that is not.
#[derive(Debug, Clone, PartialEq)]
pub enum Record<T> {
    Object(T),
    NotAnObject,
}

raw_record!(
    /// A work order as written in `tickets[]`.
    RawTicket {
        id,
        opened_at,
        district,
        kind,
        category,
        channel,
        customer_id,
        customer_tier,
        first_response_at,
        arrived_at,
        resolved_at,
        satisfaction,
    }
);

raw_record!(
    /// A return-visit survey as written in `surveys[]`.
    RawSurvey {
        ticket_id,
        surveyed_at,
        score,
    }
);

raw_record!(
    /// An NDJSON line: a ticket or a survey, told apart by its fields (`RawRecord::split`).
    RawRecord {
        id,
        opened_at,
        district,
        kind,
        category,
        channel,
        customer_id,
        customer_tier,
        first_response_at,
        arrived_at,
        resolved_at,
        satisfaction,
        ticket_id,
        surveyed_at,
        score,
    }
);

impl<'a> RawRecord<'a> {
    /// A line that names a `ticket_id` and no `id` is a survey; anything else is a ticket
    /// (docs/data-format.md, "NDJSON").
    pub fn split(self) -> Result<RawTicket<'a>, RawSurvey<'a>> {
        if self.ticket_id.is_some() && self.id.is_none() {
            return Err(RawSurvey {
                ticket_id: self.ticket_id,
                surveyed_at: self.surveyed_at,
                score: self.score,
                duplicate_key: self.duplicate_key,
            });
        }
        Ok(RawTicket {
            id: self.id,
            opened_at: self.opened_at,
            district: self.district,
            kind: self.kind,
            category: self.category,
            channel: self.channel,
            customer_id: self.customer_id,
            customer_tier: self.customer_tier,
            first_response_at: self.first_response_at,
            arrived_at: self.arrived_at,
            resolved_at: self.resolved_at,
            satisfaction: self.satisfaction,
            duplicate_key: self.duplicate_key,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ticket_with_wrong_types_still_reads() {
        let json = r#"{"id": 7, "opened_at": "x", "kind": ["a"], "extra": {"deep": [1,2]}, "satisfaction": 4.5}"#;
        let Record::Object(t) = serde_json::from_str::<Record<RawTicket>>(json).unwrap() else {
            panic!("object expected")
        };
        assert_eq!(t.id, Some(Scalar::Int(7)));
        assert_eq!(t.kind, Some(Scalar::Array));
        assert_eq!(t.satisfaction, Some(Scalar::Float(4.5)));
        assert_eq!(t.district, None);
        assert_eq!(t.duplicate_key, None);
    }

    #[test]
    fn non_objects_and_duplicate_keys() {
        for json in ["\"not an object\"", "null", "3", "[1]", "true"] {
            assert_eq!(
                serde_json::from_str::<Record<RawTicket>>(json).unwrap(),
                Record::NotAnObject
            );
        }
        let Record::Object(t) =
            serde_json::from_str::<Record<RawTicket>>(r#"{"id":"a","id":"b"}"#).unwrap()
        else {
            panic!("object expected")
        };
        assert_eq!(t.duplicate_key, Some("id"));
    }

    #[test]
    fn strings_borrow_unless_escaped() {
        let json = br#"{"id":"plain","category":"a\"b"}"#;
        let Record::Object(t) = serde_json::from_slice::<Record<RawTicket>>(json).unwrap() else {
            panic!("object expected")
        };
        assert!(matches!(t.id, Some(Scalar::Str(Cow::Borrowed("plain")))));
        assert_eq!(t.category.unwrap().as_str(), Some("a\"b"));
    }
}
