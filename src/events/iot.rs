//! IoT Platform trigger (legacy): the rule engine forwards whatever JSON its SQL `SELECT` produces.
//!
//! There is no fixed shape, so [`IotEvent`] keeps the payload as the JSON text it arrived as: decoding
//! checks that the text is JSON and copies it, without building a tree, and encoding writes the same
//! text back. Decode it into the shape your rule produces with [`IotEvent::to_typed`], or look inside
//! with [`IotEvent::value`], [`IotEvent::get`] and [`IotEvent::pointer`] (the text is parsed into a
//! `serde_json::Value` on first use, once). Because any JSON could be an IoT payload,
//! [`Event::from_slice`](crate::Event::from_slice) never detects this kind: choose it explicitly.
//!
//! ```
//! use fc_events::{iot::IotEvent, Event, TriggerKind};
//!
//! let bytes = br#"{"deviceName":"sensor-1","temperature":21.5,"items":{"humidity":40}}"#;
//! let event = Event::from_slice_as(TriggerKind::Iot, bytes)?;
//! let Event::Iot(iot) = &event else { unreachable!() };
//! assert_eq!(iot.get("deviceName").and_then(|v| v.as_str()), Some("sensor-1"));
//! assert_eq!(iot.pointer("/items/humidity").and_then(|v| v.as_i64()), Some(40));
//!
//! // Decode into the shape your rule's SELECT produces.
//! #[derive(serde::Deserialize)]
//! struct Reading { #[serde(rename = "deviceName")] device: String, temperature: f64 }
//! let reading: Reading = iot.to_typed()?;
//! assert_eq!((reading.device.as_str(), reading.temperature), ("sensor-1", 21.5));
//!
//! // The wire form is the text received, byte for byte.
//! assert_eq!(event.to_vec()?, bytes);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Quirks:
//! * Any JSON value decodes, not only objects; bytes that are not JSON fail with a `syntax` error.
//!   Whitespace around the value is not kept; everything inside it is.
//! * JSON that a `serde_json::Value` cannot hold (a number beyond the range of `f64`, a lone
//!   surrogate escape such as `"\ud800"`, nesting deeper than 128 levels) is still kept as text, but
//!   [`IotEvent::value`] reports it as an error instead of a value.
//! * Validation has no rules beyond decoding: the payload's shape is the user's own.
//! * The FC 3.0 documentation no longer describes this trigger; FC 2.0-era typings model it as a map
//!   of strings, which this type also covers.
//!
//! Evidence (member audit): no FC source documents a shape (FORMATS.md: whatever the rule's `SELECT`
//! produces) and the corpus has no IoT payload; there are no members to audit.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::model::validate::{Validate, Validator};
use crate::model::Payload;
use crate::wire::error::{DecodeError, EncodeError};
use crate::wire::kind::TriggerKind;
use crate::wire::JsonText;

/// An IoT rule-engine payload: any JSON, kept as the text received (a [`JsonText`]).
///
/// Two payloads are equal when their texts are equal.
#[derive(Clone, Default, PartialEq)]
pub struct IotEvent {
    json: JsonText,
}

impl IotEvent {
    /// Decodes a payload from JSON bytes.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, DecodeError> {
        <Self as Payload>::decode(bytes)
    }

    /// The JSON text, exactly as received (without surrounding whitespace).
    pub fn as_json_str(&self) -> &str {
        self.json.as_json_str()
    }

    /// The payload as a [`JsonText`].
    pub fn as_json_text(&self) -> &JsonText {
        &self.json
    }

    /// The payload as a `serde_json::Value`, parsed from the text on first use. Fails only for JSON
    /// a `Value` cannot hold (see the module docs); the error names the place.
    pub fn value(&self) -> Result<&Value, DecodeError> {
        self.json.value().map_err(|e| e.with_kind(TriggerKind::Iot))
    }

    /// Member `key` of an object payload.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.json.get(key)
    }

    /// The value at an RFC 6901 JSON Pointer.
    pub fn pointer(&self, pointer: &str) -> Option<&Value> {
        self.json.pointer(pointer)
    }

    /// The members, when the payload is an object.
    pub fn as_object(&self) -> Option<&serde_json::Map<String, Value>> {
        self.json.as_object()
    }

    /// Decodes the payload into the user's own type, straight from the text; errors name the place
    /// of the fault.
    pub fn to_typed<T: DeserializeOwned>(&self) -> Result<T, DecodeError> {
        self.json
            .to_typed()
            .map_err(|e| e.with_kind(TriggerKind::Iot))
    }

    /// The payload as a `serde_json::Value`.
    pub fn into_value(self) -> Result<Value, DecodeError> {
        self.json
            .into_value()
            .map_err(|e| e.with_kind(TriggerKind::Iot))
    }
}

impl fmt::Debug for IotEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("IotEvent")
            .field(&self.json.as_json_str())
            .finish()
    }
}

impl From<Value> for IotEvent {
    fn from(v: Value) -> Self {
        IotEvent {
            json: JsonText::from(v),
        }
    }
}

impl From<JsonText> for IotEvent {
    fn from(json: JsonText) -> Self {
        IotEvent { json }
    }
}

/// Writes the text itself into this crate's JSON encoders and the value the text holds into any
/// other serializer (see [`JsonText`]).
impl Serialize for IotEvent {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.json.serialize(s)
    }
}

/// Keeps the text when deserializing from serde_json; builds it from the value with any other
/// deserializer (see [`JsonText`]).
impl<'de> Deserialize<'de> for IotEvent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        JsonText::deserialize(d).map(IotEvent::from)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for IotEvent {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "IotEvent".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An IoT rule-engine payload: any JSON, kept as the text received.",
        })
    }
}

impl Payload for IotEvent {
    const KIND: TriggerKind = TriggerKind::Iot;

    /// The text received.
    fn encode(&self) -> Result<Vec<u8>, EncodeError> {
        Ok(self.as_json_str().as_bytes().to_vec())
    }

    fn to_json_vec(&self) -> Result<Vec<u8>, EncodeError> {
        self.encode()
    }

    fn to_json_value(&self) -> Result<Value, EncodeError> {
        self.value().cloned().map_err(EncodeError::from)
    }
}

impl Validate for IotEvent {
    /// No rules: the payload's shape is whatever the user's rule produces.
    fn validate(&self, _: &mut Validator) {}
}
