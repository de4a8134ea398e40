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

use crate::wire::json_text::raw_token;
use crate::wire::{JsonText, Text};

/// The member name of the JSON rendering of a byte string: `{"$blob": "<base64>"}`.
pub const BLOB_KEY: &str = "$blob";

/// Any value that JSON or CBOR can carry, kept losslessly.
///
/// Integers keep their integer-ness (`Int` for values that fit `i64`, `UInt` above it), floats stay
/// floats and byte strings stay bytes.
#[derive(Debug, Clone, Default)]
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
    /// A value decoded from JSON, kept as its text: member order, duplicate-free objects, number
    /// spelling and size (`-0`, `1.50`, `1E400`, 30-digit integers) and string escapes (a lone
    /// surrogate too) are written back exactly. Every member decoded from JSON takes this form; the
    /// accessors (`as_str`, `as_i64`, `as_object`, …) read it as the value it holds.
    Json(JsonText),
}

impl AnyValue {
    /// The string, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            AnyValue::String(s) => Some(s),
            AnyValue::Json(t) => t.expanded()?.as_str(),
            _ => None,
        }
    }

    /// The integer, if this is an integer that fits `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            AnyValue::Int(i) => Some(i),
            AnyValue::UInt(u) => i64::try_from(u).ok(),
            AnyValue::Json(ref t) => t.as_json_str().parse().ok(),
            _ => None,
        }
    }

    /// The number as `f64`, if this is any number.
    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            AnyValue::Int(i) => Some(i as f64),
            AnyValue::UInt(u) => Some(u as f64),
            AnyValue::Float(f) => Some(f),
            AnyValue::Json(ref t) => t.expanded()?.as_f64(),
            _ => None,
        }
    }

    /// The boolean, if this is a boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match *self {
            AnyValue::Bool(b) => Some(b),
            AnyValue::Json(ref t) => t.expanded()?.as_bool(),
            _ => None,
        }
    }

    /// The bytes, if this is a byte string.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            AnyValue::Bytes(b) => Some(b),
            AnyValue::Json(t) => t.expanded()?.as_bytes(),
            _ => None,
        }
    }

    /// The map, if this is an object.
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            AnyValue::Object(m) => Some(m),
            AnyValue::Json(t) => t.expanded()?.as_object(),
            _ => None,
        }
    }

    /// The elements, if this is an array.
    pub fn as_array(&self) -> Option<&[AnyValue]> {
        match self {
            AnyValue::Array(a) => Some(a),
            AnyValue::Json(t) => t.expanded()?.as_array(),
            _ => None,
        }
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        match self {
            AnyValue::Null => true,
            AnyValue::Json(t) => t.is_null(),
            _ => false,
        }
    }

    /// The value with a JSON text read one level deep (its members and elements stay JSON text), for
    /// matching on the variants; any other value as it is. A string no `str` can hold (a lone
    /// surrogate escape) stays text.
    pub fn shallow(&self) -> &AnyValue {
        match self {
            AnyValue::Json(t) => t.expanded().unwrap_or(self),
            other => other,
        }
    }

    /// [`shallow`](Self::shallow), by value.
    pub fn into_shallow(self) -> AnyValue {
        match &self {
            AnyValue::Json(t) => t.expanded().cloned().unwrap_or(self),
            _ => self,
        }
    }

    /// The JSON text, if this value was decoded from JSON (and so kept as its text).
    pub fn as_json_text(&self) -> Option<&JsonText> {
        match self {
            AnyValue::Json(t) => Some(t),
            _ => None,
        }
    }

    /// The value as a tree of the other variants: JSON text is parsed (numbers become `Int`,
    /// `UInt` or `Float`, `{"$blob": ...}` becomes bytes). Fails for JSON no tree can hold (a number
    /// beyond the range of `f64`, a lone surrogate escape).
    pub fn to_tree(&self) -> Result<AnyValue, crate::wire::DecodeError> {
        match self {
            AnyValue::Json(t) => t.to_tree(),
            AnyValue::Array(a) => a
                .iter()
                .map(AnyValue::to_tree)
                .collect::<Result<_, _>>()
                .map(AnyValue::Array),
            AnyValue::Object(m) => {
                let mut out = Map::with_capacity(m.len());
                for (k, v) in m.iter() {
                    out.push(k, v.to_tree()?);
                }
                Ok(AnyValue::Object(out))
            }
            other => Ok(other.clone()),
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
            AnyValue::Json(t) => t.value().cloned().unwrap_or(J::Null),
        }
    }
}

impl PartialEq for AnyValue {
    /// Values are equal when they hold the same value; two JSON texts are equal when their texts are
    /// (`1.0` and `1` differ, as they re-encode differently), and a JSON text equals a tree when
    /// the text, read as a value, does.
    fn eq(&self, other: &Self) -> bool {
        use AnyValue as A;
        match (self, other) {
            (A::Json(a), A::Json(b)) => a == b,
            (A::Json(t), v) | (v, A::Json(t)) => t.expanded().is_some_and(|e| e == v),
            (A::Null, A::Null) => true,
            (A::Bool(a), A::Bool(b)) => a == b,
            (A::Int(a), A::Int(b)) => a == b,
            (A::UInt(a), A::UInt(b)) => a == b,
            (A::Float(a), A::Float(b)) => a == b,
            (A::String(a), A::String(b)) => a == b,
            (A::Bytes(a), A::Bytes(b)) => a == b,
            (A::Array(a), A::Array(b)) => a == b,
            (A::Object(a), A::Object(b)) => a == b,
            _ => false,
        }
    }
}

impl From<JsonText> for AnyValue {
    fn from(t: JsonText) -> Self {
        AnyValue::Json(t)
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
            // The text itself into this crate's JSON encoders; the value it holds elsewhere.
            AnyValue::Json(t) if crate::wire::json_text::raw_out() => t.serialize(s),
            AnyValue::Json(t) => match t.to_tree() {
                Ok(tree) => tree.serialize(s),
                Err(e) => Err(serde::ser::Error::custom(e)),
            },
        }
    }
}

impl<'de> Deserialize<'de> for AnyValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // serde_json hands over the text of the value (its raw-value protocol); other formats
        // call `visit_newtype_struct`, and the value is read as a tree.
        let visitor = AnyVisitor {
            human_readable: d.is_human_readable(),
            nested: Nested::Any,
            raw: true,
        };
        d.deserialize_newtype_struct(raw_token(), visitor)
    }
}

/// An [`AnyValue`] read as a tree all the way down (no JSON text kept): for locating a fault, since
/// serde_json reports a syntax error inside a value taken as text at the value's start.
pub(crate) struct Tree(#[allow(dead_code)] pub(crate) AnyValue);

impl<'de> Deserialize<'de> for Tree {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let visitor = AnyVisitor {
            human_readable: d.is_human_readable(),
            nested: Nested::Tree,
            raw: false,
        };
        d.deserialize_any(visitor).map(Tree)
    }
}

/// How the members and elements inside a value are read.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Nested {
    /// As [`AnyValue`]s: from JSON, each kept as its text.
    Any,
    /// As trees all the way down.
    Tree,
}

/// `human_readable`: whether `{"$blob": ...}` means bytes. Only in JSON-like formats; in CBOR such a
/// map is just a map (bytes have their own major type there), so it must stay a map.
#[derive(Clone, Copy)]
pub(crate) struct AnyVisitor {
    pub(crate) human_readable: bool,
    pub(crate) nested: Nested,
    /// Whether a map whose first key is serde_json's raw-value token is the value's text: only
    /// when the text was asked for, so that a real object with that member name stays an object.
    pub(crate) raw: bool,
}

impl<'de> de::DeserializeSeed<'de> for AnyVisitor {
    type Value = AnyValue;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<AnyValue, D::Error> {
        match self.nested {
            Nested::Any => AnyValue::deserialize(d),
            Nested::Tree => d.deserialize_any(AnyVisitor { raw: false, ..self }),
        }
    }
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
        de::DeserializeSeed::deserialize(self, d)
    }
    /// The answer of a format without serde_json's raw-value protocol to the request for the
    /// text. Any other newtype (a tagged CBOR item) is not a value this type keeps.
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<AnyValue, D::Error> {
        if !self.raw {
            return Err(de::Error::invalid_type(
                de::Unexpected::NewtypeStruct,
                &self,
            ));
        }
        d.deserialize_any(AnyVisitor { raw: false, ..self })
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
        // Keeps the CBOR codec's list of arrived floats aligned (the width itself is not kept here).
        let _ = crate::wire::float::take_arrived(v);
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
        let inner = AnyVisitor { raw: false, ..self };
        while let Some(v) = seq.next_element_seed(inner)? {
            out.push(v);
        }
        Ok(AnyValue::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AnyValue, A::Error> {
        let mut out = Map::with_capacity(map.size_hint().unwrap_or(0).min(64));
        let mut names = crate::wire::member::Names::new();
        while let Some(k) = map.next_key::<crate::wire::member::Key<'de>>()? {
            if self.raw && out.is_empty() && k.as_str() == raw_token() {
                // serde_json's raw-value protocol: the value's text.
                let text = map.next_value::<String>()?;
                check_text(&text)?;
                return Ok(AnyValue::Json(JsonText::from_checked(text)));
            }
            if !out.is_new(&mut names, k.as_str()) {
                return Err(crate::wire::member::duplicate(k.as_str()));
            }
            let v = map.next_value_seed(AnyVisitor { raw: false, ..self })?;
            out.push(k.into_text(), v);
        }
        if self.human_readable {
            Ok(out.into_blob_or_object())
        } else {
            Ok(AnyValue::Object(out))
        }
    }
}

/// How deep arrays and objects may nest inside a value kept as text: serde_json's own limit for the
/// values it builds, so that every kept value can also be read as a tree.
pub(crate) const MAX_DEPTH: usize = 128;

/// Whether a message is one [`check_text`] gives (possibly after a place or other prefix).
pub(crate) fn is_kept_text_fault(message: &str) -> bool {
    message.contains(" inside this value)") || message.contains(KEPT_TOO_DEEP)
}

/// The start of [`check_text`]'s message for a value nested too deep.
const KEPT_TOO_DEEP: &str = "recursion limit exceeded: the value nests deeper than";

/// Checks JSON text kept as it is, in one pass over its bytes: no array or object nests deeper than
/// [`MAX_DEPTH`], and no object has a member name twice (names compared unescaped, in time linear
/// in the number of members; see [`Names`](crate::wire::member::Names)). The error names the place inside
/// the text as a JSON Pointer.
pub(crate) fn check_text<E: de::Error>(text: &str) -> Result<(), E> {
    /// One open array or object.
    struct Level<'a> {
        object: bool,
        /// The member names so far (objects).
        keys: Vec<Cow<'a, str>>,
        names: crate::wire::member::Names,
        /// The element index (arrays).
        index: usize,
    }
    let bytes = text.as_bytes();
    let mut stack: Vec<Level<'_>> = Vec::new();
    let mut expect_key = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i + 1;
                let mut j = start;
                let mut escaped = false;
                while j < bytes.len() {
                    match bytes[j] {
                        b'\\' => {
                            escaped = true;
                            j += 2;
                            continue;
                        }
                        b'"' => break,
                        _ => j += 1,
                    }
                }
                if expect_key {
                    expect_key = false;
                    let raw = &text[start..j];
                    let key: Cow<'_, str> = if escaped {
                        serde_json::from_str::<String>(&text[i..=j])
                            .map_or(Cow::Borrowed(raw), Cow::Owned)
                    } else {
                        Cow::Borrowed(raw)
                    };
                    if let Some(level) = stack.last_mut() {
                        if !level.names.is_new(&key, &level.keys, |k| k) {
                            let at = pointer(&stack);
                            return Err(E::custom(format_args!(
                                "duplicate field `{key}` (at {at}/{} inside this value)",
                                escape_token(&key)
                            )));
                        }
                        level.keys.push(key);
                    }
                }
                i = j + 1;
                continue;
            }
            open @ (b'[' | b'{') => {
                if stack.len() >= MAX_DEPTH {
                    return Err(E::custom(format_args!(
                        "{KEPT_TOO_DEEP} {MAX_DEPTH} levels"
                    )));
                }
                let object = open == b'{';
                stack.push(Level {
                    object,
                    keys: Vec::new(),
                    names: crate::wire::member::Names::new(),
                    index: 0,
                });
                expect_key = object;
            }
            b']' | b'}' => {
                stack.pop();
            }
            b',' => {
                if let Some(level) = stack.last_mut() {
                    if level.object {
                        expect_key = true;
                    } else {
                        level.index += 1;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    return Ok(());

    /// The JSON Pointer of the innermost open value (the last key of each object, the index of
    /// each array).
    fn pointer(stack: &[Level<'_>]) -> String {
        let mut out = String::new();
        // The innermost level is the object holding the duplicate; its own place ends here.
        for level in &stack[..stack.len().saturating_sub(1)] {
            out.push('/');
            if level.object {
                out.push_str(&escape_token(level.keys.last().map_or("", |k| k)));
            } else {
                out.push_str(&level.index.to_string());
            }
        }
        out
    }

    fn escape_token(key: &str) -> Cow<'_, str> {
        if key.contains(['~', '/']) {
            Cow::Owned(key.replace('~', "~0").replace('/', "~1"))
        } else {
            Cow::Borrowed(key)
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
/// faithful. An empty map allocates nothing; with the `compact` feature (on by default) it is one
/// pointer wide, so every typed struct carries its capture of unknown members at the cost of eight
/// bytes (a `Vec`'s 24 without the feature).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Map(Members);

/// The members underneath: a thin vector with the `compact` feature, a `Vec` without.
#[cfg(feature = "compact")]
type Members = thin_vec::ThinVec<(Text, AnyValue)>;
#[cfg(not(feature = "compact"))]
type Members = Vec<(Text, AnyValue)>;

impl Map {
    /// An empty map.
    pub const fn new() -> Self {
        Map(Members::new())
    }

    /// An empty map with room for `n` members.
    pub fn with_capacity(n: usize) -> Self {
        Map(Members::with_capacity(n))
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

    /// Whether `key` is not a member yet, checked with `names` (linear overall; see
    /// [`Names`](crate::wire::member::Names)).
    #[inline]
    pub(crate) fn is_new(&self, names: &mut crate::wire::member::Names, key: &str) -> bool {
        names.is_new(key, &self.0, |(k, _)| k.as_str())
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
        if let [(k, v)] = self.0.as_slice() {
            if let (true, Some(s)) = (k == BLOB_KEY, v.as_str()) {
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
        let visitor = AnyVisitor {
            human_readable: d.is_human_readable(),
            nested: Nested::Any,
            raw: false,
        };
        match d.deserialize_map(visitor)? {
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
        AnyValue::Json(t) => match t.as_json_str().as_bytes().first() {
            Some(b'n') => "null",
            Some(b't' | b'f') => "boolean",
            Some(b'"') => "string",
            Some(b'[') => "array",
            Some(b'{') => "map",
            _ => "number",
        },
    }
}
