//! Format-neutral values: what fc-events keeps of members it does not model.
//!
//! Every typed struct in this crate carries an `extra` field of type [`Map`]. Decoding puts each member
//! the type does not know into it, in arrival order, and encoding writes them back, so a payload the
//! platform extends tomorrow still round-trips. The values are [`AnyValue`]s rather than
//! `serde_json::Value`s because some triggers (Tablestore) speak CBOR, whose byte strings JSON cannot hold.
//!
//! # The JSON rendering of bytes
//!
//! A CBOR byte string has no JSON counterpart. When an [`AnyValue::Bytes`] (or a Tablestore Blob) is
//! written to a human-readable format such as JSON, it becomes a one-member object
//! `{"$blob": "<standard base64 with padding>"}`; reading JSON turns exactly that shape back into bytes.
//! A JSON string is never read as bytes, so the two cannot be confused, and CBOR → JSON → CBOR keeps
//! bytes as bytes. In CBOR, which has a byte-string type of its own, a `{"$blob": ...}` map stays a map
//! (such a map is the rendering's one ambiguity: rendered to JSON, it reads back as bytes).
//!
//! JSON has no NaN or infinity either: writing a non-finite [`AnyValue::Float`] (only CBOR or a
//! hand-built value can hold one) to JSON fails instead of turning it into `null`.

use std::borrow::Cow;
use std::fmt;

#[cfg(feature = "schema")]
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use thin_vec::ThinVec;

use crate::wire::Text;

/// The member name of the JSON rendering of a byte string: `{"$blob": "<base64>"}`.
pub const BLOB_KEY: &str = "$blob";

/// Any value that JSON or CBOR can carry, kept losslessly.
///
/// Integers keep their integer-ness (`Int` for values that fit `i64`, `UInt` above it), floats stay
/// floats and byte strings stay bytes.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum AnyValue {
    /// `null` (JSON) or null/undefined (CBOR).
    #[default]
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer that fits `i64`.
    Int(i64),
    /// A non-negative integer above `i64::MAX`.
    UInt(u64),
    /// A floating-point number.
    Float(f64),
    /// A text string.
    String(String),
    /// A byte string (CBOR major type 2; `{"$blob": "..."}` in JSON).
    Bytes(Vec<u8>),
    /// An array.
    Array(Vec<AnyValue>),
    /// An object / map with text keys, in arrival order.
    Object(Map),
}

impl AnyValue {
    /// The string, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            AnyValue::String(s) => Some(s),
            _ => None,
        }
    }

    /// The integer, if this is an integer that fits `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            AnyValue::Int(i) => Some(i),
            AnyValue::UInt(u) => i64::try_from(u).ok(),
            _ => None,
        }
    }

    /// The number as `f64`, if this is any number.
    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            AnyValue::Int(i) => Some(i as f64),
            AnyValue::UInt(u) => Some(u as f64),
            AnyValue::Float(f) => Some(f),
            _ => None,
        }
    }

    /// The boolean, if this is a boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match *self {
            AnyValue::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// The bytes, if this is a byte string.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            AnyValue::Bytes(b) => Some(b),
            _ => None,
        }
    }

    /// The map, if this is an object.
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            AnyValue::Object(m) => Some(m),
            _ => None,
        }
    }

    /// Converts to a `serde_json::Value`; bytes become the `{"$blob": ...}` rendering.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            AnyValue::Null => J::Null,
            AnyValue::Bool(b) => J::Bool(*b),
            AnyValue::Int(i) => J::from(*i),
            AnyValue::UInt(u) => J::from(*u),
            AnyValue::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            AnyValue::String(s) => J::String(s.clone()),
            AnyValue::Bytes(b) => {
                let mut m = serde_json::Map::new();
                m.insert(BLOB_KEY.to_owned(), J::String(crate::wire::blob::encode(b)));
                J::Object(m)
            }
            AnyValue::Array(a) => J::Array(a.iter().map(AnyValue::to_json).collect()),
            AnyValue::Object(m) => {
                J::Object(m.iter().map(|(k, v)| (k.to_owned(), v.to_json())).collect())
            }
        }
    }
}

impl From<serde_json::Value> for AnyValue {
    fn from(v: serde_json::Value) -> Self {
        use serde_json::Value as J;
        match v {
            J::Null => AnyValue::Null,
            J::Bool(b) => AnyValue::Bool(b),
            J::Number(n) => {
                if let Some(i) = n.as_i64() {
                    AnyValue::Int(i)
                } else if let Some(u) = n.as_u64() {
                    AnyValue::UInt(u)
                } else {
                    AnyValue::Float(n.as_f64().unwrap_or(f64::NAN))
                }
            }
            J::String(s) => AnyValue::String(s),
            J::Array(a) => AnyValue::Array(a.into_iter().map(AnyValue::from).collect()),
            J::Object(o) => {
                let map = Map(o
                    .into_iter()
                    .map(|(k, v)| (Text::from(k), AnyValue::from(v)))
                    .collect());
                map.into_blob_or_object()
            }
        }
    }
}

impl From<&str> for AnyValue {
    fn from(s: &str) -> Self {
        AnyValue::String(s.to_owned())
    }
}

impl From<String> for AnyValue {
    fn from(s: String) -> Self {
        AnyValue::String(s)
    }
}

impl From<i64> for AnyValue {
    fn from(i: i64) -> Self {
        AnyValue::Int(i)
    }
}

impl From<bool> for AnyValue {
    fn from(b: bool) -> Self {
        AnyValue::Bool(b)
    }
}

impl Serialize for AnyValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            AnyValue::Null => s.serialize_unit(),
            AnyValue::Bool(b) => s.serialize_bool(*b),
            AnyValue::Int(i) => s.serialize_i64(*i),
            AnyValue::UInt(u) => s.serialize_u64(*u),
            // JSON has no NaN or infinity; serde_json would silently write `null`.
            AnyValue::Float(f) if !f.is_finite() && s.is_human_readable() => {
                Err(serde::ser::Error::custom(format_args!(
                    "the floating point number {f} has no JSON rendering"
                )))
            }
            AnyValue::Float(f) => s.serialize_f64(*f),
            AnyValue::String(v) => s.serialize_str(v),
            AnyValue::Bytes(b) => crate::wire::blob::serialize(b, s),
            AnyValue::Array(a) => {
                let mut seq = s.serialize_seq(Some(a.len()))?;
                for v in a {
                    seq.serialize_element(v)?;
                }
                seq.end()
            }
            AnyValue::Object(m) => m.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for AnyValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let human_readable = d.is_human_readable();
        d.deserialize_any(AnyVisitor { human_readable })
    }
}

/// `human_readable`: whether `{"$blob": ...}` means bytes. Only in JSON-like formats; in CBOR such a
/// map is just a map (bytes have their own major type there), so it must stay a map.
#[derive(Clone, Copy)]
struct AnyVisitor {
    human_readable: bool,
}

impl<'de> Visitor<'de> for AnyVisitor {
    type Value = AnyValue;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_unit<E>(self) -> Result<AnyValue, E> {
        Ok(AnyValue::Null)
    }
    fn visit_none<E>(self) -> Result<AnyValue, E> {
        Ok(AnyValue::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<AnyValue, D::Error> {
        AnyValue::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<AnyValue, E> {
        Ok(AnyValue::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<AnyValue, E> {
        Ok(AnyValue::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<AnyValue, E> {
        Ok(i64::try_from(v).map_or(AnyValue::UInt(v), AnyValue::Int))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<AnyValue, E> {
        if let Ok(i) = i64::try_from(v) {
            Ok(AnyValue::Int(i))
        } else if let Ok(u) = u64::try_from(v) {
            Ok(AnyValue::UInt(u))
        } else {
            Err(E::custom(format_args!(
                "integer {v} is out of the 64-bit range"
            )))
        }
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<AnyValue, E> {
        u64::try_from(v)
            .map(|u| self.visit_u64::<E>(u).unwrap_or(AnyValue::UInt(u)))
            .map_err(|_| E::custom(format_args!("integer {v} is out of the 64-bit range")))
    }
    fn visit_f64<E>(self, v: f64) -> Result<AnyValue, E> {
        Ok(AnyValue::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<AnyValue, E> {
        Ok(AnyValue::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<AnyValue, E> {
        Ok(AnyValue::String(v))
    }
    fn visit_bytes<E>(self, v: &[u8]) -> Result<AnyValue, E> {
        Ok(AnyValue::Bytes(v.to_vec()))
    }
    fn visit_byte_buf<E>(self, v: Vec<u8>) -> Result<AnyValue, E> {
        Ok(AnyValue::Bytes(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<AnyValue, A::Error> {
        // Cap the preallocation: a hostile length header must not reserve gigabytes.
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(v) = seq.next_element()? {
            out.push(v);
        }
        Ok(AnyValue::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AnyValue, A::Error> {
        let mut out = Map::with_capacity(map.size_hint().unwrap_or(0).min(64));
        while let Some(k) = map.next_key::<crate::wire::member::Key<'de>>()? {
            let v = map.next_value::<AnyValue>()?;
            out.push(k.into_text(), v);
        }
        if self.human_readable {
            Ok(out.into_blob_or_object())
        } else {
            Ok(AnyValue::Object(out))
        }
    }
}

#[cfg(feature = "schema")]
impl JsonSchema for AnyValue {
    fn schema_name() -> Cow<'static, str> {
        "AnyValue".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        Schema::from(true)
    }
}

/// An ordered map of members with text keys: the unknown members of a typed struct, or an object
/// inside an [`AnyValue`].
///
/// Lookups are linear; these maps are small (usually empty) and order is what makes re-encoding
/// faithful. An empty map is one pointer wide and allocates nothing, so every typed struct carries
/// its capture of unknown members at the cost of eight bytes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Map(ThinVec<(Text, AnyValue)>);

impl Map {
    /// An empty map.
    pub const fn new() -> Self {
        Map(ThinVec::new())
    }

    /// An empty map with room for `n` members.
    pub fn with_capacity(n: usize) -> Self {
        Map(ThinVec::with_capacity(n))
    }

    /// The number of members.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no members.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value of member `key`, if present.
    pub fn get(&self, key: &str) -> Option<&AnyValue> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Whether member `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Sets member `key`, replacing an existing value in place; returns the old value.
    pub fn insert(
        &mut self,
        key: impl Into<String>,
        value: impl Into<AnyValue>,
    ) -> Option<AnyValue> {
        let key = Text::from(key.into());
        let value = value.into();
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some((_, slot)) => Some(std::mem::replace(slot, value)),
            None => {
                self.0.push((key, value));
                None
            }
        }
    }

    /// Removes member `key`, returning its value.
    pub fn remove(&mut self, key: &str) -> Option<AnyValue> {
        let i = self.0.iter().position(|(k, _)| k == key)?;
        Some(self.0.remove(i).1)
    }

    /// The members in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &AnyValue)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }

    /// Appends without checking for an existing key (decoders reject duplicates themselves).
    pub(crate) fn push(&mut self, key: impl Into<Text>, value: AnyValue) {
        let key = key.into();
        self.0.push((key, value));
    }

    /// Serializes the members into an open map serializer (used by the typed structs).
    pub(crate) fn serialize_members<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        Ok(())
    }

    /// The JSON rendering of a blob, `{"$blob": "<base64>"}`, becomes bytes; anything else stays an object.
    fn into_blob_or_object(self) -> AnyValue {
        if let [(k, AnyValue::String(s))] = self.0.as_slice() {
            if k == BLOB_KEY {
                if let Ok(bytes) = crate::wire::blob::decode(s) {
                    return AnyValue::Bytes(bytes);
                }
            }
        }
        AnyValue::Object(self)
    }
}

impl<K: Into<String>, V: Into<AnyValue>> FromIterator<(K, V)> for Map {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut m = Map::new();
        for (k, v) in iter {
            m.insert(k, v);
        }
        m
    }
}

impl Serialize for Map {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        self.serialize_members(&mut m)?;
        m.end()
    }
}

impl<'de> Deserialize<'de> for Map {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match AnyValue::deserialize(d)? {
            AnyValue::Object(m) => Ok(m),
            other => Err(de::Error::custom(format_args!(
                "invalid type: {}, expected a map",
                describe(&other)
            ))),
        }
    }
}

#[cfg(feature = "schema")]
impl JsonSchema for Map {
    fn schema_name() -> Cow<'static, str> {
        "Map".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({ "type": "object" })
    }
}

/// A short description of a value's type, for error messages.
pub fn describe(v: &AnyValue) -> &'static str {
    match v {
        AnyValue::Null => "null",
        AnyValue::Bool(_) => "boolean",
        AnyValue::Int(_) | AnyValue::UInt(_) => "integer",
        AnyValue::Float(_) => "floating point number",
        AnyValue::String(_) => "string",
        AnyValue::Bytes(_) => "byte string",
        AnyValue::Array(_) => "array",
        AnyValue::Object(_) => "map",
    }
}
