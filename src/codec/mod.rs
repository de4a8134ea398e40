//! Shared codecs: the one place that knows how members are read and written.
//!
//! * `wire_struct!` declares a struct whose unknown members are captured into
//!   `extra` by a hand-rolled visitor (no `#[serde(flatten)]`, which buffers every member and costs
//!   about a quarter of decode speed).
//! * `open_enum!` declares a string enum whose unknown values are kept in `Other`.
//! * [`Key`], [`missing`] and [`Absent`] are the pieces those macros expand to.
//! * [`blob`] renders bytes in human-readable formats; [`decode`] turns serde errors into located ones;
//!   [`any`] types values that had to be buffered first.
//!   [`cbor`] holds everything specific to CBOR.

pub(crate) mod any;
pub(crate) mod blob;
pub(crate) mod cbor;
pub(crate) mod decode;
mod macros;

#[allow(unused_imports)] // every trigger feature uses them; a build with none does not
pub(crate) use macros::{open_enum, wire_struct};

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, Visitor};

use crate::value::AnyValue;

/// A map key, borrowed from the input when the format allows it.
///
/// Keys that are not text (CBOR allows integers, byte strings, …) are rejected with a clear error.
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key text.
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key as an owned string.
    #[inline]
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }

    /// The key as [`Text`](crate::Text): inline, without an allocation, when short.
    #[inline]
    pub fn into_text(self) -> crate::Text {
        match self.0 {
            Cow::Borrowed(s) => crate::Text::from(s),
            Cow::Owned(s) => crate::Text::from(s),
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text map key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// What a required member's type becomes when the member is absent: `Option`s become `None`, every
/// other type fails with serde's "missing field" error.
pub fn missing<'de, T: Deserialize<'de>, E: de::Error>(field: &'static str) -> Result<T, E> {
    T::deserialize(MissingField(field, PhantomData))
}

struct MissingField<E>(&'static str, PhantomData<E>);

impl<'de, E: de::Error> Deserializer<'de> for MissingField<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, E> {
        Err(E::missing_field(self.0))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// Whether a member is left out when encoding. Only `None` is; every other value is written.
pub trait Absent {
    /// True when the member should not be written.
    fn is_absent(&self) -> bool {
        false
    }
}

impl<T> Absent for Option<T> {
    #[inline]
    fn is_absent(&self) -> bool {
        self.is_none()
    }
}

macro_rules! present_always {
    ($($t:ty),* $(,)?) => { $( impl Absent for $t {} )* };
}

present_always!(
    String,
    bool,
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
    f32,
    f64,
    AnyValue,
    crate::value::Map,
    serde_json::Value,
    crate::JsonText,
);

impl<T> Absent for Vec<T> {}
impl<K, V> Absent for std::collections::BTreeMap<K, V> {}
impl<K, V, S> Absent for std::collections::HashMap<K, V, S> {}
impl<T> Absent for Box<T> {}

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

/// A short description of a JSON value's type, with its article, for messages.
#[allow(dead_code)] // a build with none of the kinds that use it
pub fn describe_json(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// Detects a member name given twice, in time linear in the number of members.
///
/// Small objects (the common case) are checked by scanning the names kept so far, which is faster
/// than hashing for a handful of names; past [`Names::SCAN`] names a hash set takes over, so an
/// object with 100,000 members costs 100,000 set insertions instead of five billion comparisons.
#[derive(Default)]
pub struct Names(Option<std::collections::HashSet<crate::Text>>);

impl Names {
    /// Up to this many names are scanned; beyond, they are hashed.
    pub const SCAN: usize = 16;

    /// No names yet.
    #[inline]
    pub const fn new() -> Self {
        Names(None)
    }

    /// Whether `key` is not among `kept` (the names accepted so far, in order, read with `name`).
    /// Call it once per accepted name, before keeping it.
    #[inline]
    pub fn is_new<T>(&mut self, key: &str, kept: &[T], name: impl Fn(&T) -> &str) -> bool {
        match &mut self.0 {
            Some(set) => set.insert(crate::Text::from(key)),
            None if kept.len() < Self::SCAN => !kept.iter().any(|k| name(k) == key),
            None => {
                let mut set: std::collections::HashSet<crate::Text> =
                    kept.iter().map(|k| crate::Text::from(name(k))).collect();
                let new = set.insert(crate::Text::from(key));
                self.0 = Some(set);
                new
            }
        }
    }
}

/// The error for member `key` given twice.
#[inline(never)]
pub fn duplicate<E: de::Error>(key: &str) -> E {
    E::custom(format_args!("duplicate field `{key}`"))
}
