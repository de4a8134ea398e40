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

#[cfg(feature = "_located")]
pub(crate) mod any;
pub(crate) mod cbor;
pub(crate) mod decode;
mod macros;

#[allow(unused_imports)] // every trigger feature uses them; a build with none does not
pub(crate) use macros::{open_enum, wire_struct};

use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, Visitor};

pub(crate) use crate::wire::member::Members;
pub use crate::wire::member::{duplicate, Absent, Key, Names};

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
