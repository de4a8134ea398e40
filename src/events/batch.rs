//! Batch shapes shared by the EventBridge-delivered kinds and MQTT: one record or an array of them,
//! and array elements that arrive either as objects or as strings holding JSON.
//!
//! ```
//! use fc_events::batch::OneOrMany;
//!
//! let one: OneOrMany<serde_json::Value> = serde_json::from_str(r#"{"a":1}"#)?;
//! let many: OneOrMany<serde_json::Value> = serde_json::from_str(r#"[{"a":1},{"a":2}]"#)?;
//! assert_eq!((one.len(), one.is_batch()), (1, false));
//! assert_eq!((many.len(), many.is_batch()), (2, true));
//! // Each re-encodes in the form it was received in.
//! assert_eq!(serde_json::to_string(&one)?, r#"{"a":1}"#);
//! assert_eq!(serde_json::to_string(&many)?, r#"[{"a":1},{"a":2}]"#);
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! Which form arrives depends on the trigger's delivery mode: EventBridge's event-driven mode hands over
//! one event, its event-streaming mode (batch window) an array. Kafka triggers are always batches, and
//! some Kafka samples carry each event as a JSON-encoded string ([`ObjectOrString`]).

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};

#[cfg(feature = "schema")]
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::codec::Absent;
use crate::model::validate::{Validate, Validator};

/// A single record or a batch array, re-encoded in the form received.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum OneOrMany<T> {
    /// The payload was one object (boxed: a batch and a single record take the same room).
    One(Box<T>),
    /// The payload was an array (possibly of one element).
    Many(Vec<T>),
}

impl<T> Default for OneOrMany<T> {
    /// An empty batch.
    fn default() -> Self {
        OneOrMany::Many(Vec::new())
    }
}

impl<T> OneOrMany<T> {
    /// The records as a slice (one element for [`OneOrMany::One`]).
    pub fn as_slice(&self) -> &[T] {
        match self {
            OneOrMany::One(t) => std::slice::from_ref(&**t),
            OneOrMany::Many(v) => v,
        }
    }

    /// The records as a mutable slice.
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        match self {
            OneOrMany::One(t) => std::slice::from_mut(&mut **t),
            OneOrMany::Many(v) => v,
        }
    }

    /// The number of records.
    pub fn len(&self) -> usize {
        self.as_slice().len()
    }

    /// Whether there are no records (only an empty batch array).
    pub fn is_empty(&self) -> bool {
        self.as_slice().is_empty()
    }

    /// Whether the payload was an array.
    pub fn is_batch(&self) -> bool {
        matches!(self, OneOrMany::Many(_))
    }

    /// The first record.
    pub fn first(&self) -> Option<&T> {
        self.as_slice().first()
    }

    /// Iterates over the records.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.as_slice().iter()
    }

    /// Iterates mutably over the records.
    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, T> {
        self.as_mut_slice().iter_mut()
    }

    /// The records as a vector.
    pub fn into_vec(self) -> Vec<T> {
        match self {
            OneOrMany::One(t) => vec![*t],
            OneOrMany::Many(v) => v,
        }
    }

    /// The JSON Pointer of record `index` within the payload: `""` for a single record, `/{index}`
    /// in a batch.
    pub fn pointer_of(&self, index: usize) -> String {
        match self {
            OneOrMany::One(_) => String::new(),
            OneOrMany::Many(_) => format!("/{index}"),
        }
    }
}

impl<T> OneOrMany<T>
where
    Self: crate::model::Payload,
{
    /// Decodes a payload of this kind (one record or a batch) from its wire bytes; errors name the
    /// place of the fault.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, crate::wire::DecodeError> {
        <Self as crate::model::Payload>::decode(bytes)
    }
}

impl<T> From<T> for OneOrMany<T> {
    fn from(t: T) -> Self {
        OneOrMany::One(Box::new(t))
    }
}

impl<T> From<Vec<T>> for OneOrMany<T> {
    fn from(v: Vec<T>) -> Self {
        OneOrMany::Many(v)
    }
}

impl<T> IntoIterator for OneOrMany<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.into_vec().into_iter()
    }
}

impl<'a, T> IntoIterator for &'a OneOrMany<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T> Absent for OneOrMany<T> {}

impl<T: Serialize> Serialize for OneOrMany<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            OneOrMany::One(t) => t.serialize(s),
            OneOrMany::Many(v) => v.serialize(s),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>, bool);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = OneOrMany<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object or an array of objects")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<OneOrMany<T>, A::Error> {
                let d = SameFormat {
                    map,
                    human_readable: self.1,
                };
                T::deserialize(d).map(|t| OneOrMany::One(Box::new(t)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<OneOrMany<T>, A::Error> {
                Vec::<T>::deserialize(SeqAccessDeserializer::new(seq)).map(OneOrMany::Many)
            }
        }
        let human_readable = d.is_human_readable();
        d.deserialize_any(V(PhantomData, human_readable))
    }
}

/// A map handed on as a deserializer that says whether its format is human-readable as the outer
/// one did (`MapAccessDeserializer` always says yes; an EventBridge event reads CBOR leniently).
struct SameFormat<A> {
    map: A,
    human_readable: bool,
}

impl<'de, A: MapAccess<'de>> Deserializer<'de> for SameFormat<A> {
    type Error = A::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        visitor.visit_map(self.map)
    }

    fn is_human_readable(&self) -> bool {
        self.human_readable
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

#[cfg(feature = "schema")]
impl<T: JsonSchema> JsonSchema for OneOrMany<T> {
    fn schema_name() -> Cow<'static, str> {
        format!("OneOrMany_{}", T::schema_name()).into()
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let one = g.subschema_for::<T>();
        schemars::json_schema!({
            "description": "One record, or a batch array of them (EventBridge event-streaming mode).",
            "anyOf": [one, { "type": "array", "items": one }]
        })
    }
}

impl<T: Validate> Validate for OneOrMany<T> {
    fn validate(&self, v: &mut Validator) {
        match self {
            OneOrMany::One(t) => t.validate(v),
            OneOrMany::Many(items) => items.validate(v),
        }
    }
}

/// An array element that arrives as an object, or as a string holding the object's JSON text (the
/// stringified Kafka batches). Re-encoded in the form received: a string element gives back the very
/// string it came in as, unless the value was changed through [`DerefMut`] / [`ObjectOrString::get_mut`],
/// in which case the string is rebuilt from the value.
///
/// ```
/// use fc_events::batch::ObjectOrString;
///
/// let v: Vec<ObjectOrString<serde_json::Value>> =
///     serde_json::from_str(r#"[{"a":1}, "{\"a\": 2}"]"#)?;
/// assert!(!v[0].is_string() && v[1].is_string());
/// assert_eq!(v[1]["a"], 2);
/// assert_eq!(serde_json::to_string(&v)?, r#"[{"a":1},"{\"a\": 2}"]"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct ObjectOrString<T> {
    value: T,
    stringified: bool,
    /// The string as received, while the value is unchanged.
    raw: Option<String>,
}

impl<T> ObjectOrString<T> {
    /// A value sent as an object.
    pub fn object(value: T) -> Self {
        ObjectOrString {
            value,
            stringified: false,
            raw: None,
        }
    }

    /// A value sent as a string holding its JSON text.
    pub fn string(value: T) -> Self {
        ObjectOrString {
            value,
            stringified: true,
            raw: None,
        }
    }

    /// Whether the element arrived (and is encoded) as a JSON-encoded string.
    pub fn is_string(&self) -> bool {
        self.stringified
    }

    /// Sets whether the element is encoded as a string.
    pub fn set_string(&mut self, stringified: bool) {
        self.stringified = stringified;
    }

    /// The string as received, while the value has not been changed.
    pub fn raw(&self) -> Option<&str> {
        self.raw.as_deref()
    }

    /// The value.
    pub fn get(&self) -> &T {
        &self.value
    }

    /// The value, mutably; forgets the received string, so encoding rebuilds it.
    pub fn get_mut(&mut self) -> &mut T {
        self.raw = None;
        &mut self.value
    }

    /// The value.
    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T> Deref for ObjectOrString<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> DerefMut for ObjectOrString<T> {
    fn deref_mut(&mut self) -> &mut T {
        self.get_mut()
    }
}

impl<T: PartialEq> PartialEq for ObjectOrString<T> {
    /// Equal when the values and the forms are equal (the received text is not compared).
    fn eq(&self, other: &Self) -> bool {
        self.stringified == other.stringified && self.value == other.value
    }
}

impl<T> Absent for ObjectOrString<T> {}

impl<T: Serialize> Serialize for ObjectOrString<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if !self.stringified {
            return self.value.serialize(s);
        }
        match &self.raw {
            Some(raw) => s.serialize_str(raw),
            None => {
                let text = serde_json::to_string(&self.value).map_err(serde::ser::Error::custom)?;
                s.serialize_str(&text)
            }
        }
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for ObjectOrString<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: DeserializeOwned> Visitor<'de> for V<T> {
            type Value = ObjectOrString<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object or a string holding a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map)).map(ObjectOrString::object)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                self.visit_string(v.to_owned())
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                let parsed = serde_json::from_str::<T>(&v);
                // Typed data that does not fit is kept as its text (as the lenient read of a whole
                // JSON payload does), so that a CBOR rendering of such an element reads back.
                #[cfg(feature = "cloudevents")]
                let parsed = parsed.or_else(|_| {
                    crate::events::cloudevent::with_lenient(|| serde_json::from_str::<T>(&v))
                });
                match parsed {
                    Ok(value) => Ok(ObjectOrString {
                        value,
                        stringified: true,
                        raw: Some(v),
                    }),
                    Err(e) => Err(E::custom(format_args!(
                        "{STRING_ELEMENT_FAULT}: {}",
                        crate::wire::error::json_message(&e)
                    ))),
                }
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

/// How a fault inside a JSON-encoded string element begins; the kinds that accept such elements
/// re-locate it into the string (see [`crate::kafka`]).
pub(crate) const STRING_ELEMENT_FAULT: &str = "the JSON text in this string element is invalid";

#[cfg(feature = "schema")]
impl<T: JsonSchema> JsonSchema for ObjectOrString<T> {
    fn schema_name() -> Cow<'static, str> {
        format!("ObjectOrString_{}", T::schema_name()).into()
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let object = g.subschema_for::<T>();
        schemars::json_schema!({
            "anyOf": [
                object,
                {
                    "type": "string",
                    "contentMediaType": "application/json",
                    "description": "The same object, JSON-encoded into a string."
                }
            ]
        })
    }
}

impl<T: Validate> Validate for ObjectOrString<T> {
    /// Validates the value; pointers into a string element continue into its JSON text
    /// (`/0/data/offset` is member `data.offset` of the object encoded in string element 0).
    fn validate(&self, v: &mut Validator) {
        self.value.validate(v);
    }
}
