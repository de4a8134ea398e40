//! IoT Platform trigger (legacy): the rule engine forwards whatever JSON its SQL `SELECT` produces.
//!
//! There is no fixed shape, so [`IotEvent`] is an opaque wrapper around `serde_json::Value`. Because any
//! JSON could be an IoT payload, [`Event::from_slice`](crate::Event::from_slice) never detects this
//! kind: choose it explicitly.
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
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Quirks:
//! * Any JSON value decodes, not only objects; bytes that are not JSON fail with a `syntax` error.
//! * Validation has no rules beyond decoding: the payload's shape is the user's own.
//! * The FC 3.0 documentation no longer describes this trigger; FC 2.0-era typings model it as a map
//!   of strings, which the wrapper also covers.

use std::ops::Deref;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::DecodeError;
use crate::event::Payload;
use crate::kind::TriggerKind;
use crate::validate::{Validate, Validator};

/// An IoT rule-engine payload: any JSON, kept as received.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct IotEvent(pub serde_json::Value);

impl IotEvent {
    /// Decodes a payload from JSON bytes.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, DecodeError> {
        <Self as Payload>::decode(bytes)
    }

    /// Member `key` of an object payload.
    pub fn get(&self, key: &str) -> Option<&serde_json::Value> {
        self.0.get(key)
    }

    /// The value at an RFC 6901 JSON Pointer.
    pub fn pointer(&self, pointer: &str) -> Option<&serde_json::Value> {
        self.0.pointer(pointer)
    }

    /// The members, when the payload is an object.
    pub fn as_object(&self) -> Option<&serde_json::Map<String, serde_json::Value>> {
        self.0.as_object()
    }

    /// Decodes the payload into the user's own type; errors name the place of the fault.
    pub fn to_typed<T: DeserializeOwned>(&self) -> Result<T, DecodeError> {
        crate::codec::decode::json_value(TriggerKind::Iot, self.0.clone())
    }

    /// The JSON value.
    pub fn into_inner(self) -> serde_json::Value {
        self.0
    }
}

impl Deref for IotEvent {
    type Target = serde_json::Value;
    fn deref(&self) -> &serde_json::Value {
        &self.0
    }
}

impl From<serde_json::Value> for IotEvent {
    fn from(v: serde_json::Value) -> Self {
        IotEvent(v)
    }
}

impl Payload for IotEvent {
    const KIND: TriggerKind = TriggerKind::Iot;
}

impl Validate for IotEvent {
    /// No rules: the payload's shape is whatever the user's rule produces.
    fn validate(&self, _: &mut Validator) {}
}
