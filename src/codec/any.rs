//! Decoding a value that had to be buffered first.
//!
//! Some members can only be typed once a sibling is known (CDN `eventParameter` depends on
//! `eventName`), and some payloads only once all their member names are known (MNS topic shapes).
//! Such values are read into an [`AnyValue`] and typed afterwards with [`from_any`], straight from
//! the value (a member decoded from JSON is typed from its text, so nothing passes through
//! `serde_json::Value`, and a member given twice is rejected as it is in place). The error then
//! carries the place inside the buffered value in its message, since the outer decoder's path ends
//! where the buffering started.

use serde::de::value::{MapDeserializer, SeqDeserializer, StrDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, Visitor};

use crate::wire::any_value::AnyValue;
use crate::wire::error::Location;

/// Types `value` with `seed`. `context` is the member the value was buffered from (`""` at the
/// payload root); a failure becomes `E::custom("<context>.<inner path>: <message>")`, or the bare
/// message when both are empty, so that root-level errors keep their serde wording ("missing field").
pub(crate) fn from_any<'de, S, E>(seed: S, value: &AnyValue, context: &str) -> Result<S::Value, E>
where
    S: DeserializeSeed<'de>,
    E: de::Error,
{
    let mut track = serde_path_to_error::Track::new();
    match seed.deserialize(serde_path_to_error::Deserializer::new(
        AnyRef(value),
        &mut track,
    )) {
        Ok(v) => Ok(v),
        Err(e) => {
            let inner = Location::from_path(&track.path()).path;
            let place = match (context.is_empty(), inner.is_empty()) {
                (true, true) => String::new(),
                (true, false) => inner,
                (false, true) => context.to_owned(),
                (false, false) if inner.starts_with('[') => format!("{context}{inner}"),
                (false, false) => format!("{context}.{inner}"),
            };
            // The message without the inner text's position (see `json_message`): the error is
            // placed where the outer reader is.
            let message = crate::wire::error::json_message(&e);
            if place.is_empty() {
                Err(E::custom(message))
            } else {
                Err(E::custom(format_args!("{place}: {message}")))
            }
        }
    }
}

/// A deserializer over a buffered [`AnyValue`]; a JSON text inside is read by serde_json itself.
#[derive(Clone, Copy)]
pub(crate) struct AnyRef<'a>(pub(crate) &'a AnyValue);

/// A serde_json deserializer over a kept text. It reads from a byte reader so that it serves any
/// lifetime (nothing is borrowed from the buffer).
fn json_of(text: &str) -> serde_json::Deserializer<serde_json::de::IoRead<&[u8]>> {
    serde_json::Deserializer::from_reader(text.as_bytes())
}

/// Runs `$call` on a serde_json deserializer over the text, checking that nothing follows.
macro_rules! on_text {
    ($text:expr, |$de:ident| $call:expr) => {{
        let mut $de = json_of($text.as_json_str());
        let value = $call?;
        $de.end()?;
        Ok(value)
    }};
}

impl<'de> IntoDeserializer<'de, serde_json::Error> for AnyRef<'_> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

macro_rules! forward_json {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, serde_json::Error> {
                match self.0 {
                    AnyValue::Json(t) => on_text!(t, |de| (&mut de).$method(visitor)),
                    _ => self.deserialize_any(visitor),
                }
            }
        )*
    };
}

impl<'de> Deserializer<'de> for AnyRef<'_> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, serde_json::Error> {
        match self.0 {
            AnyValue::Null => visitor.visit_unit(),
            AnyValue::Bool(b) => visitor.visit_bool(*b),
            AnyValue::Int(i) => visitor.visit_i64(*i),
            AnyValue::UInt(u) => visitor.visit_u64(*u),
            AnyValue::Float(f) => visitor.visit_f64(*f),
            AnyValue::String(s) => visitor.visit_str(s),
            AnyValue::Bytes(b) => visitor.visit_bytes(b),
            AnyValue::Array(a) => {
                let mut seq = SeqDeserializer::new(a.iter().map(AnyRef));
                let value = visitor.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(value)
            }
            AnyValue::Object(m) => {
                let mut map = MapDeserializer::new(
                    m.iter()
                        .map(|(k, v)| (StrDeserializer::<serde_json::Error>::new(k), AnyRef(v))),
                );
                let value = visitor.visit_map(&mut map)?;
                map.end()?;
                Ok(value)
            }
            AnyValue::Json(t) => on_text!(t, |de| (&mut de).deserialize_any(visitor)),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(
        self,
        visitor: V,
    ) -> Result<V::Value, serde_json::Error> {
        match self.0 {
            AnyValue::Null => visitor.visit_none(),
            AnyValue::Json(t) => on_text!(t, |de| (&mut de).deserialize_option(visitor)),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, serde_json::Error> {
        match self.0 {
            AnyValue::Json(t) => {
                on_text!(t, |de| (&mut de).deserialize_newtype_struct(name, visitor))
            }
            _ => visitor.visit_newtype_struct(self),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, serde_json::Error> {
        match self.0 {
            AnyValue::Json(t) => {
                on_text!(t, |de| (&mut de).deserialize_enum(name, variants, visitor))
            }
            AnyValue::String(s) => visitor.visit_enum(StrDeserializer::<serde_json::Error>::new(s)),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, serde_json::Error> {
        match self.0 {
            AnyValue::Json(t) => {
                on_text!(t, |de| (&mut de).deserialize_struct(name, fields, visitor))
            }
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, serde_json::Error> {
        match self.0 {
            AnyValue::Json(t) => on_text!(t, |de| (&mut de).deserialize_unit_struct(name, visitor)),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, serde_json::Error> {
        match self.0 {
            AnyValue::Json(t) => on_text!(t, |de| (&mut de).deserialize_tuple(len, visitor)),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, serde_json::Error> {
        match self.0 {
            AnyValue::Json(t) => {
                on_text!(t, |de| (&mut de)
                    .deserialize_tuple_struct(name, len, visitor))
            }
            _ => self.deserialize_any(visitor),
        }
    }

    forward_json! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
        deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char deserialize_str
        deserialize_string deserialize_bytes deserialize_byte_buf deserialize_unit deserialize_seq
        deserialize_map deserialize_identifier deserialize_ignored_any
    }
}
