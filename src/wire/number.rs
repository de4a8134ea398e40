//! Numbers that the documentation calls strings and the samples send as numbers (or the reverse).

use std::borrow::Cow;
use std::fmt;

#[cfg(feature = "schema")]
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};

use crate::wire::member::Absent;

/// A number that may arrive as a JSON number or as a string of digits; re-encoded in the form
/// received. A string that is not a number is kept too (validation reports it).
#[derive(Debug, Clone, PartialEq)]
pub enum NumberOrString {
    /// Sent as an integer that fits `i64`.
    Int(i64),
    /// Sent as an integer above `i64::MAX`.
    UInt(u64),
    /// Sent as a floating-point number.
    Float(f64),
    /// Sent as a string.
    String(String),
}

impl Default for NumberOrString {
    fn default() -> Self {
        NumberOrString::Int(0)
    }
}

impl NumberOrString {
    /// The pattern the JSON Schema uses for the string form: a finite decimal number as Rust parses
    /// it (sign, digits with an optional fraction, optional exponent), surrounding whitespace allowed.
    pub const PATTERN: &'static str =
        r"^\s*[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?\s*$";

    /// The value as `i64`, parsing a string if needed.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            NumberOrString::Int(i) => Some(*i),
            NumberOrString::UInt(u) => i64::try_from(*u).ok(),
            NumberOrString::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Some(*f as i64),
            NumberOrString::Float(_) => None,
            NumberOrString::String(s) => s.trim().parse().ok(),
        }
    }

    /// The value as `u64`, parsing a string if needed.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            NumberOrString::UInt(u) => Some(*u),
            NumberOrString::String(s) => s.trim().parse().ok(),
            other => other.as_i64().and_then(|i| u64::try_from(i).ok()),
        }
    }

    /// The value as `f64`, parsing a string if needed.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            NumberOrString::Int(i) => Some(*i as f64),
            NumberOrString::UInt(u) => Some(*u as f64),
            NumberOrString::Float(f) => Some(*f),
            NumberOrString::String(s) => s.trim().parse().ok(),
        }
    }

    /// Whether the value was sent as a string.
    pub fn is_string(&self) -> bool {
        matches!(self, NumberOrString::String(_))
    }
}

impl From<i64> for NumberOrString {
    fn from(i: i64) -> Self {
        NumberOrString::Int(i)
    }
}

impl fmt::Display for NumberOrString {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            NumberOrString::Int(i) => write!(f, "{i}"),
            NumberOrString::UInt(u) => write!(f, "{u}"),
            NumberOrString::Float(x) => write!(f, "{x}"),
            NumberOrString::String(s) => f.write_str(s),
        }
    }
}

impl Absent for NumberOrString {}

impl Serialize for NumberOrString {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            NumberOrString::Int(i) => s.serialize_i64(*i),
            NumberOrString::UInt(u) => s.serialize_u64(*u),
            NumberOrString::Float(f) => s.serialize_f64(*f),
            NumberOrString::String(v) => s.serialize_str(v),
        }
    }
}

impl<'de> Deserialize<'de> for NumberOrString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = NumberOrString;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number or a numeric string")
            }
            fn visit_i64<E>(self, v: i64) -> Result<NumberOrString, E> {
                Ok(NumberOrString::Int(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<NumberOrString, E> {
                Ok(i64::try_from(v).map_or(NumberOrString::UInt(v), NumberOrString::Int))
            }
            fn visit_f64<E>(self, v: f64) -> Result<NumberOrString, E> {
                Ok(NumberOrString::Float(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<NumberOrString, E> {
                Ok(NumberOrString::String(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<NumberOrString, E> {
                Ok(NumberOrString::String(v))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(feature = "schema")]
impl JsonSchema for NumberOrString {
    fn schema_name() -> Cow<'static, str> {
        "NumberOrString".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({
            "description": "A number, or a string holding a number.",
            "anyOf": [
                { "type": "number" },
                { "type": "string", "pattern": NumberOrString::PATTERN }
            ]
        })
    }
}

/// The schema of a [`NumberOrString`] whose numeric value must lie in `MIN..=MAX`: the number branch
/// carries `minimum`/`maximum` (a string's value cannot be bounded in JSON Schema; validation checks it).
#[cfg(feature = "schema")]
pub(crate) fn schema_in_range<const MIN: i64, const MAX: i64>(_: &mut SchemaGenerator) -> Schema {
    schemars::json_schema!({
        "description": "A number, or a string holding a number.",
        "anyOf": [
            { "type": "number", "minimum": MIN, "maximum": MAX },
            { "type": "string", "pattern": NumberOrString::PATTERN }
        ]
    })
}
