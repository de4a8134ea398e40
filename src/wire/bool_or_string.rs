//! [`BoolOrString`]: a flag sent as a JSON boolean or as the string `"true"`/`"false"`.

#[cfg(feature = "schema")]
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

use crate::wire::member::Absent;

/// A flag sent as a JSON boolean or as the string `"true"`/`"false"` (the API Gateway documentation
/// and its sample functions write the string form); re-encoded in the form received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BoolOrString {
    /// Sent as a boolean.
    Bool(bool),
    /// Sent as a string.
    String(String),
}

impl Default for BoolOrString {
    fn default() -> Self {
        BoolOrString::Bool(false)
    }
}

impl BoolOrString {
    /// The flag; `None` for a string other than `"true"` or `"false"`.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            BoolOrString::Bool(b) => Some(*b),
            BoolOrString::String(s) if s == "true" => Some(true),
            BoolOrString::String(s) if s == "false" => Some(false),
            BoolOrString::String(_) => None,
        }
    }

    /// Whether the flag is set (`true` or `"true"`).
    pub fn is_true(&self) -> bool {
        self.as_bool() == Some(true)
    }
}

impl From<bool> for BoolOrString {
    fn from(b: bool) -> Self {
        BoolOrString::Bool(b)
    }
}

impl Absent for BoolOrString {}

impl Serialize for BoolOrString {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            BoolOrString::Bool(b) => s.serialize_bool(*b),
            BoolOrString::String(v) => s.serialize_str(v),
        }
    }
}

impl<'de> Deserialize<'de> for BoolOrString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = BoolOrString;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a boolean or \"true\"/\"false\"")
            }
            fn visit_bool<E>(self, v: bool) -> Result<BoolOrString, E> {
                Ok(BoolOrString::Bool(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<BoolOrString, E> {
                Ok(BoolOrString::String(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<BoolOrString, E> {
                Ok(BoolOrString::String(v))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(feature = "schema")]
impl JsonSchema for BoolOrString {
    fn schema_name() -> Cow<'static, str> {
        "BoolOrString".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({
            "anyOf": [
                { "type": "boolean" },
                { "type": "string", "enum": ["true", "false"] }
            ]
        })
    }
}
