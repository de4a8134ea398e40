//! MNS topic trigger: messages pushed from an MNS (Message Service) topic subscription.
//!
//! What the function receives depends on the subscription's `NotifyContentFormat` and on whether the
//! published message carries `MessageAttributes`. There are four shapes:
//!
//! | format | attributes | payload | variant |
//! |---|---|---|---|
//! | `STREAM` | none | the raw message body, any bytes (not JSON, not quoted) | [`MnsTopicEvent::Stream`] |
//! | `STREAM` | present | `{"body": "...", "attrs": {...}}` | [`MnsTopicEvent::StreamWithAttributes`] |
//! | `JSON` | none | `{"TopicOwner": ..., "Message": ..., "PublishTime": ..., ...}` | [`MnsTopicEvent::Json`] |
//! | `JSON` | present | the same object with the attributes merged into the top level | [`MnsTopicEvent::Json`] |
//!
//! ```
//! use fc_events::mns_topic::MnsTopicEvent;
//!
//! // STREAM without attributes: the body itself, kept byte for byte.
//! let event = MnsTopicEvent::from_slice(b"hello topic")?;
//! assert_eq!(event.body(), b"hello topic");
//! assert_eq!(event.to_wire()?, b"hello topic");
//!
//! // JSON with attributes merged into the top level.
//! let event = MnsTopicEvent::from_slice(br#"{"key":"value","TopicOwner":"1186","Message":"hi",
//!   "Subscriber":"1186","PublishTime":1550216302888,"SubscriptionName":"sub",
//!   "MessageMD5":"BA4BA9B48AC81F0F9C66F6C909C3A1B2","TopicName":"t","MessageId":"2F5B3C28"}"#)?;
//! let MnsTopicEvent::Json(message) = &event else { unreachable!() };
//! assert_eq!(message.message, "hi");
//! assert_eq!(message.publish_time.to_datetime()?.timestamp_millis(), 1_550_216_302_888);
//! assert_eq!(message.attribute_str("key"), Some("value"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! How bytes are told apart ([`MnsTopicEvent::from_slice`]): a JSON object whose members are exactly
//! `body` and `attrs` is a STREAM message with attributes; a JSON object with a `TopicOwner` member, or
//! with both `MessageId` and `Message`, is a JSON-format message (the same rule as
//! [`crate::detect`]); anything else — text, binary, JSON of any other shape, malformed JSON — is a
//! STREAM body and is kept byte for byte. Once a JSON shape is chosen it is decoded strictly: a
//! wrong type or a missing member is a located error.
//!
//! Quirks:
//! * A STREAM body is raw bytes; the docs call it a "JSON string" but show a bare `hello topic`.
//!   A body that happens to be JSON in one of the two shapes above cannot be told apart from them.
//! * `PublishTime` is epoch **milliseconds** as a JSON number ([`EpochMillis`]).
//! * In STREAM format the attribute `Extend` is a JSON-encoded **string** (`"{\"key\":\"value\"}"`),
//!   kept as a string ([`MnsTopicAttributes::extend_json`] parses it). In JSON format the
//!   attributes arrive merged into the top level (the samples show `"key": "value"`, the content of
//!   the STREAM sample's `Extend`, next to `TopicOwner`); they are kept in [`MnsTopicMessage::extra`]
//!   and reached with [`MnsTopicMessage::attributes`].
//! * `Message` stays base64 if the publisher encoded it; no flag says so
//!   ([`MnsTopicMessage::message_base64_decoded`] tries).
//! * The serde rendering ([`serde::Serialize`]/[`serde::Deserialize`]) of a STREAM body is a JSON
//!   string, or `{"$blob": "<base64>"}` when the body is not UTF-8. [`Payload::encode`] gives back the
//!   wire form: the raw bytes for a STREAM body, JSON otherwise.
//!
//! Validation: `PublishTime` within years 2000–2100 in milliseconds; the account, subscription,
//! topic and message ids not empty; `attrs.Extend` a JSON-encoded object; and a STREAM body that
//! starts like a JSON object (`{` then `"` or `}`) but is not well-formed JSON is reported as
//! `syntax` (far more often a hand-written JSON event with a typo than a message body).
//!
//! The same in FC 2.0 and 3.0 (FC help page "Formats of event for different triggers", MNS topic
//! section).
//!
//! Evidence (member audit): the fc3-doc, devsapp, go-sdk and awesome-fc samples of each format and three
//! README log captures (corpus). Every JSON-format member is sent by every JSON sample and capture; `body`
//! and `attrs` by every STREAM-with-attributes sample; nothing changed. `attrs.Extend` stays optional
//! (message attributes are the publisher's).

use std::borrow::Cow;
use std::fmt;

#[cfg(feature = "schema")]
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{Serialize, Serializer};

use crate::codec::Key;
use crate::model::validate::{code, quote, Validate, Validator};
use crate::model::Payload;
use crate::wire::any_value::{AnyValue, Map, BLOB_KEY};
use crate::wire::error::{DecodeError, EncodeError};
use crate::wire::kind::TriggerKind;
use crate::wire::time::EpochMillis;
use crate::wire::Text;

/// The payload of an MNS topic trigger, in one of its four shapes.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum MnsTopicEvent {
    /// `STREAM` format without attributes: the raw message body.
    Stream(MnsStreamBody),
    /// `STREAM` format with attributes: `{"body": ..., "attrs": {...}}`.
    StreamWithAttributes(MnsTopicStreamMessage),
    /// `JSON` format, with or without attributes (merged into the top level when present).
    Json(MnsTopicMessage),
}

impl Default for MnsTopicEvent {
    fn default() -> Self {
        MnsTopicEvent::Stream(MnsStreamBody::default())
    }
}

/// The subscription's `NotifyContentFormat`, as seen from the payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MnsNotifyContentFormat {
    /// `STREAM`: the body, raw or with `attrs`.
    Stream,
    /// `JSON`: the message described in a JSON object.
    Json,
}

impl MnsTopicEvent {
    /// Decodes a payload from its wire bytes (any bytes are a valid STREAM body; see the module docs
    /// for how the shapes are told apart).
    pub fn from_slice(bytes: &[u8]) -> Result<Self, DecodeError> {
        <Self as Payload>::decode(bytes)
    }

    /// The wire form: the raw bytes of a STREAM body, JSON for the other shapes.
    pub fn to_wire(&self) -> Result<Vec<u8>, EncodeError> {
        <Self as Payload>::encode(self)
    }

    /// The message body as bytes, whatever the shape (`Message` in JSON format).
    pub fn body(&self) -> &[u8] {
        match self {
            MnsTopicEvent::Stream(b) => b.as_bytes(),
            MnsTopicEvent::StreamWithAttributes(m) => m.body.as_bytes(),
            MnsTopicEvent::Json(m) => m.message.as_bytes(),
        }
    }

    /// The message body as text, when it is UTF-8.
    pub fn body_str(&self) -> Option<&str> {
        std::str::from_utf8(self.body()).ok()
    }

    /// Which notify format the payload was sent in.
    pub fn format(&self) -> MnsNotifyContentFormat {
        match self {
            MnsTopicEvent::Json(_) => MnsNotifyContentFormat::Json,
            _ => MnsNotifyContentFormat::Stream,
        }
    }
}

/// A STREAM body: the published message's bytes, exactly as received.
///
/// Its serde rendering is a string when the bytes are UTF-8 and `{"$blob": "<base64>"}` (a byte
/// string in CBOR) when they are not.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct MnsStreamBody(pub Vec<u8>);

impl MnsStreamBody {
    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The bytes as text, when they are UTF-8.
    pub fn to_str(&self) -> Result<&str, std::str::Utf8Error> {
        std::str::from_utf8(&self.0)
    }

    /// The bytes.
    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }

    /// Parses the body as JSON, for publishers that send JSON bodies in STREAM format.
    pub fn json(&self) -> Result<serde_json::Value, serde_json::Error> {
        serde_json::from_slice(&self.0)
    }
}

impl From<&str> for MnsStreamBody {
    fn from(s: &str) -> Self {
        MnsStreamBody(s.as_bytes().to_vec())
    }
}

impl From<String> for MnsStreamBody {
    fn from(s: String) -> Self {
        MnsStreamBody(s.into_bytes())
    }
}

impl From<Vec<u8>> for MnsStreamBody {
    fn from(b: Vec<u8>) -> Self {
        MnsStreamBody(b)
    }
}

impl From<&[u8]> for MnsStreamBody {
    fn from(b: &[u8]) -> Self {
        MnsStreamBody(b.to_vec())
    }
}

crate::codec::wire_struct! {
    /// `STREAM` format with attributes: `{"body": ..., "attrs": {...}}`.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct MnsTopicStreamMessage {
        /// The message body.
        ///
        /// Sent by every STREAM-with-attributes sample (fc3-doc, devsapp).
        "body" => pub body: Text,
        /// The message attributes.
        ///
        /// Sent by every STREAM-with-attributes sample (fc3-doc, devsapp).
        "attrs" => pub attrs: MnsTopicAttributes,
    }
}

crate::codec::wire_struct! {
    /// The message attributes of a STREAM message (`attrs`). Attributes other than `Extend` are kept
    /// in `extra`.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct MnsTopicAttributes {
        /// User data as a JSON-encoded **string**, e.g. `"{\"key\":\"value\"}"`.
        ///
        /// Sent by both STREAM-with-attributes samples; optional because attributes are the publisher's (a message may carry none).
        "Extend" => pub extend: Option<Text>,
    }
}

impl MnsTopicAttributes {
    /// Parses `Extend` (a JSON-encoded string); `None` when there is no `Extend`.
    pub fn extend_json(&self) -> Option<Result<serde_json::Value, serde_json::Error>> {
        self.extend.as_deref().map(serde_json::from_str)
    }

    /// An attribute other than `Extend`, by name.
    pub fn get(&self, name: &str) -> Option<&AnyValue> {
        self.extra.get(name)
    }
}

crate::codec::wire_struct! {
    /// A `JSON`-format message. Message attributes, when the message has any, arrive merged into the
    /// top level and are kept in `extra` ([`MnsTopicMessage::attributes`]).
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct MnsTopicMessage {
        /// The topic owner's account id.
        ///
        /// Sent by every JSON-format sample and capture (fc3-doc, devsapp, go-sdk, awesome-fc, three README log captures).
        "TopicOwner" => pub topic_owner: Text,
        /// The message body (still base64 if the publisher encoded it).
        ///
        /// Sent by every JSON-format sample and capture (fc3-doc, devsapp, go-sdk, awesome-fc, three README log captures).
        "Message" => pub message: Text,
        /// The subscriber's account id.
        ///
        /// Sent by every JSON-format sample and capture (fc3-doc, devsapp, go-sdk, awesome-fc, three README log captures).
        "Subscriber" => pub subscriber: Text,
        /// When the message was published, in epoch milliseconds.
        ///
        /// Sent by every JSON-format sample and capture (fc3-doc, devsapp, go-sdk, awesome-fc, three README log captures).
        "PublishTime" => pub publish_time: EpochMillis,
        /// The subscription name.
        ///
        /// Sent by every JSON-format sample and capture (fc3-doc, devsapp, go-sdk, awesome-fc, three README log captures).
        "SubscriptionName" => pub subscription_name: Text,
        /// MD5 of the message body (upper-case hex).
        ///
        /// Sent by every JSON-format sample and capture (fc3-doc, devsapp, go-sdk, awesome-fc, three README log captures).
        "MessageMD5" => pub message_md5: Text,
        /// The topic name.
        ///
        /// Sent by every JSON-format sample and capture (fc3-doc, devsapp, go-sdk, awesome-fc, three README log captures).
        "TopicName" => pub topic_name: Text,
        /// The message id.
        ///
        /// Sent by every JSON-format sample and capture (fc3-doc, devsapp, go-sdk, awesome-fc, three README log captures).
        "MessageId" => pub message_id: Text,
    }
}

impl MnsTopicMessage {
    /// The message attributes merged into the top level (every member this type does not model), in
    /// arrival order.
    pub fn attributes(&self) -> impl Iterator<Item = (&str, &AnyValue)> {
        self.extra.iter()
    }

    /// A message attribute by name.
    pub fn attribute(&self, name: &str) -> Option<&AnyValue> {
        self.extra.get(name)
    }

    /// A message attribute by name, when it is a string.
    pub fn attribute_str(&self, name: &str) -> Option<&str> {
        self.attribute(name).and_then(AnyValue::as_str)
    }

    /// Whether the message carries attributes.
    pub fn has_attributes(&self) -> bool {
        !self.extra.is_empty()
    }

    /// The message body decoded from standard base64, for publishers that encode it; `None` when it
    /// is not base64.
    pub fn message_base64_decoded(&self) -> Option<Vec<u8>> {
        crate::wire::blob::decode(&self.message).ok()
    }
}

/// Which shape a JSON object's member names select.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Stream,
    StreamWithAttributes,
    Json,
}

impl Shape {
    /// The shape the member names select.
    fn of<'k>(keys: impl IntoIterator<Item = &'k str>) -> Shape {
        let mut seen = MemberNames::default();
        for key in keys {
            seen.note(key);
        }
        seen.shape()
    }

    /// The shape of wire bytes: only a well-formed JSON object can select a JSON shape.
    fn of_bytes(bytes: &[u8]) -> Shape {
        let first = bytes.iter().copied().find(|b| !b.is_ascii_whitespace());
        if first != Some(b'{') {
            return Shape::Stream;
        }
        match crate::codec::decode::from_json_bytes::<MemberNames>(bytes) {
            Ok(seen) => seen.shape(),
            Err(_) => Shape::Stream,
        }
    }
}

/// What the member names of an object say about its shape; read from JSON without keeping the
/// names or the values.
#[derive(Default)]
struct MemberNames {
    count: usize,
    body: bool,
    attrs: bool,
    topic_owner: bool,
    message_id: bool,
    message: bool,
}

impl MemberNames {
    fn note(&mut self, key: &str) {
        self.count += 1;
        match key {
            "body" => self.body = true,
            "attrs" => self.attrs = true,
            "TopicOwner" => self.topic_owner = true,
            "MessageId" => self.message_id = true,
            "Message" => self.message = true,
            _ => {}
        }
    }

    fn shape(&self) -> Shape {
        if self.count == 2 && self.body && self.attrs {
            Shape::StreamWithAttributes
        } else if self.topic_owner || (self.message_id && self.message) {
            Shape::Json
        } else {
            Shape::Stream
        }
    }
}

impl<'de> Deserialize<'de> for MemberNames {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = MemberNames;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<MemberNames, A::Error> {
                let mut seen = MemberNames::default();
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    map.next_value::<IgnoredAny>()?;
                    seen.note(key.as_str());
                }
                Ok(seen)
            }
        }
        d.deserialize_map(V)
    }
}

impl MnsTopicEvent {
    /// The common JSON-object shapes in one pass: the shape the first member name suggests is
    /// decoded directly, and kept only when it is the shape [`Shape::of_bytes`] would select (a
    /// `MnsTopicMessage` has `TopicOwner`; a `MnsTopicStreamMessage` must have exactly `body` and
    /// `attrs`). Anything else (`None`) takes the two-pass path, which also locates errors.
    fn decode_one_pass(bytes: &[u8]) -> Option<Self> {
        use crate::codec::decode::from_json_bytes;
        match first_member_name(bytes)? {
            b"body" | b"attrs" => from_json_bytes::<MnsTopicStreamMessage>(bytes)
                .ok()
                .filter(|m| m.extra.is_empty())
                .map(MnsTopicEvent::StreamWithAttributes),
            _ => from_json_bytes::<MnsTopicMessage>(bytes)
                .ok()
                .map(MnsTopicEvent::Json),
        }
    }
}

/// The raw text of the first member name of a JSON object (`None` when `bytes` do not start like
/// an object with a member). Only a hint for which shape to try first.
fn first_member_name(bytes: &[u8]) -> Option<&[u8]> {
    let mut rest = bytes
        .trim_ascii_start()
        .strip_prefix(b"{")?
        .trim_ascii_start();
    rest = rest.strip_prefix(b"\"")?;
    let end = rest.iter().position(|&b| b == b'"')?;
    Some(&rest[..end])
}

impl Payload for MnsTopicEvent {
    const KIND: TriggerKind = TriggerKind::MnsTopic;

    fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        match Self::decode_one_pass(bytes) {
            Some(event) => Ok(event),
            None => Self::decode_two_pass(bytes),
        }
    }

    fn encode(&self) -> Result<Vec<u8>, EncodeError> {
        match self {
            MnsTopicEvent::Stream(b) => Ok(b.0.clone()),
            MnsTopicEvent::StreamWithAttributes(m) => Ok(crate::wire::json_text::to_json_vec(m)?),
            MnsTopicEvent::Json(m) => Ok(crate::wire::json_text::to_json_vec(m)?),
        }
    }
}

impl MnsTopicEvent {
    /// The reference path: the shape scan selects the shape, then the typed decode runs (and
    /// locates any error).
    fn decode_two_pass(bytes: &[u8]) -> Result<Self, DecodeError> {
        match Shape::of_bytes(bytes) {
            Shape::Stream => Ok(MnsTopicEvent::Stream(MnsStreamBody(bytes.to_vec()))),
            Shape::StreamWithAttributes => crate::codec::decode::json(Self::KIND, bytes)
                .map(MnsTopicEvent::StreamWithAttributes),
            Shape::Json => crate::codec::decode::json(Self::KIND, bytes).map(MnsTopicEvent::Json),
        }
    }
}

impl Validate for MnsTopicEvent {
    fn validate(&self, v: &mut Validator) {
        match self {
            MnsTopicEvent::Stream(b) => b.validate(v),
            MnsTopicEvent::StreamWithAttributes(m) => m.validate(v),
            MnsTopicEvent::Json(m) => m.validate(v),
        }
    }
}

impl Validate for MnsStreamBody {
    /// Any bytes are a STREAM body, except bytes that start like a JSON object (`{` then `"` or `}`)
    /// and are not well-formed JSON: those are a hand-written JSON event with a syntax error far more
    /// often than a message body, and are reported as `syntax`.
    fn validate(&self, v: &mut Validator) {
        let mut rest = self.0.iter().copied().filter(|b| !b.is_ascii_whitespace());
        if rest.next() != Some(b'{') || !matches!(rest.next(), Some(b'"' | b'}')) {
            return;
        }
        if let Err(e) = serde_json::from_slice::<IgnoredAny>(&self.0) {
            v.fault(
                code::SYNTAX,
                format!(
                    "expected well-formed JSON or a body that does not start like a JSON object; \
                     found a STREAM body that starts like one but is not JSON: {e}"
                ),
            );
        }
    }
}

impl Validate for MnsTopicStreamMessage {
    fn validate(&self, v: &mut Validator) {
        v.field("attrs", &self.attrs);
    }
}

impl Validate for MnsTopicAttributes {
    fn validate(&self, v: &mut Validator) {
        let Some(extend) = &self.extend else { return };
        match serde_json::from_str::<serde_json::Value>(extend) {
            Ok(serde_json::Value::Object(_)) => {}
            Ok(other) => v.fault_at(
                "Extend",
                code::FORMAT,
                format!(
                    "expected a JSON-encoded object such as \"{{\\\"key\\\":\\\"value\\\"}}\", \
                     found JSON {}",
                    crate::codec::describe_json(&other)
                ),
            ),
            Err(e) => {
                v.fault_at(
                    "Extend",
                    code::FORMAT,
                    format!(
                    "expected a JSON-encoded object such as \"{{\\\"key\\\":\\\"value\\\"}}\", \
                     found {extend:?}, which is not JSON ({e})", extend = quote(extend)),
                )
            }
        }
    }
}

impl Validate for MnsTopicMessage {
    fn validate(&self, v: &mut Validator) {
        v.non_empty("TopicOwner", &self.topic_owner);
        v.non_empty("Subscriber", &self.subscriber);
        v.epoch("PublishTime", self.publish_time.0, 1_000);
        v.non_empty("SubscriptionName", &self.subscription_name);
        v.non_empty("TopicName", &self.topic_name);
        v.non_empty("MessageId", &self.message_id);
    }
}

impl Serialize for MnsStreamBody {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match std::str::from_utf8(&self.0) {
            Ok(text) => s.serialize_str(text),
            Err(_) => crate::wire::blob::serialize(&self.0, s),
        }
    }
}

impl<'de> Deserialize<'de> for MnsStreamBody {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match MnsTopicEvent::deserialize(d)? {
            MnsTopicEvent::Stream(b) => Ok(b),
            _ => Err(de::Error::custom(
                "expected a STREAM body (a string or {\"$blob\": \"<base64>\"}), found an MNS topic message object",
            )),
        }
    }
}

impl Serialize for MnsTopicEvent {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            MnsTopicEvent::Stream(b) => b.serialize(s),
            MnsTopicEvent::StreamWithAttributes(m) => m.serialize(s),
            MnsTopicEvent::Json(m) => m.serialize(s),
        }
    }
}

/// Reads the serde rendering: a string or bytes (STREAM body), `{"$blob": "<base64>"}` (a STREAM body
/// that is not UTF-8), or an object of one of the two JSON shapes. Any other object is an error here:
/// only raw bytes ([`MnsTopicEvent::from_slice`]) can be a STREAM body of arbitrary shape.
impl<'de> Deserialize<'de> for MnsTopicEvent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(EventVisitor)
    }
}

struct EventVisitor;

impl<'de> Visitor<'de> for EventVisitor {
    type Value = MnsTopicEvent;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(
            "an MNS topic message: a STREAM body (a string), {\"body\", \"attrs\"}, or a JSON-format \
             object with TopicOwner",
        )
    }

    fn visit_str<E>(self, v: &str) -> Result<MnsTopicEvent, E> {
        Ok(MnsTopicEvent::Stream(MnsStreamBody::from(v)))
    }

    fn visit_string<E>(self, v: String) -> Result<MnsTopicEvent, E> {
        Ok(MnsTopicEvent::Stream(MnsStreamBody::from(v)))
    }

    fn visit_bytes<E>(self, v: &[u8]) -> Result<MnsTopicEvent, E> {
        Ok(MnsTopicEvent::Stream(MnsStreamBody::from(v)))
    }

    fn visit_byte_buf<E>(self, v: Vec<u8>) -> Result<MnsTopicEvent, E> {
        Ok(MnsTopicEvent::Stream(MnsStreamBody(v)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<MnsTopicEvent, A::Error> {
        let mut members = Map::new();
        let mut names = crate::codec::Names::new();
        while let Some(key) = access.next_key::<Key<'de>>()? {
            if !members.is_new(&mut names, key.as_str()) {
                return Err(crate::codec::duplicate(key.as_str()));
            }
            let value = access.next_value::<AnyValue>()?;
            members.push(key.into_text(), value);
        }
        if let (1, Some(text)) = (
            members.len(),
            members.get(BLOB_KEY).and_then(AnyValue::as_str),
        ) {
            return crate::wire::blob::decode(text)
                .map(|b| MnsTopicEvent::Stream(MnsStreamBody(b)))
                .map_err(|e| {
                    de::Error::custom(format_args!("`{BLOB_KEY}` is not standard base64: {e}"))
                });
        }
        let shape = Shape::of(members.keys());
        let value = AnyValue::Object(members);
        match shape {
            Shape::StreamWithAttributes => {
                crate::codec::any::from_any(std::marker::PhantomData, &value, "")
                    .map(MnsTopicEvent::StreamWithAttributes)
            }
            Shape::Json => crate::codec::any::from_any(std::marker::PhantomData, &value, "")
                .map(MnsTopicEvent::Json),
            Shape::Stream => Err(de::Error::invalid_value(
                de::Unexpected::Map,
                &"a STREAM body (a string or {\"$blob\": \"<base64>\"}), {\"body\", \"attrs\"}, \
                  or a JSON-format object with TopicOwner (or MessageId and Message)",
            )),
        }
    }
}

impl crate::codec::Absent for MnsStreamBody {}
impl crate::codec::Absent for MnsTopicEvent {}

#[cfg(feature = "schema")]
impl JsonSchema for MnsStreamBody {
    fn schema_name() -> Cow<'static, str> {
        "MnsStreamBody".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({
            "description": "A STREAM body: the raw message bytes. On the wire they are sent as they \
                are; in JSON they are a string, or {\"$blob\": \"<base64>\"} when not UTF-8.",
            "anyOf": [
                { "type": "string" },
                {
                    "type": "object",
                    "properties": { "$blob": { "type": "string", "contentEncoding": "base64" } },
                    "required": ["$blob"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

#[cfg(feature = "schema")]
impl JsonSchema for MnsTopicEvent {
    fn schema_name() -> Cow<'static, str> {
        "MnsTopicEvent".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let stream = generator.subschema_for::<MnsStreamBody>();
        let with_attrs = generator.subschema_for::<MnsTopicStreamMessage>();
        let json = generator.subschema_for::<MnsTopicMessage>();
        schemars::json_schema!({
            "description": "An MNS topic message: a STREAM body, a STREAM body with attributes, or a \
                JSON-format message (attributes merged into the top level).",
            "anyOf": [stream, with_attrs, json]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one-pass path is only a shortcut: wherever it answers, the reference path gives the same
    /// event.
    #[test]
    fn one_pass_agrees_with_the_two_pass_path() {
        let mut inputs: Vec<Vec<u8>> = Vec::new();
        for dir in [
            "tests/fixtures/mns-topic",
            "tests/fixtures/invalid/mns-topic",
        ] {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
            for entry in std::fs::read_dir(dir).unwrap() {
                inputs.push(std::fs::read(entry.unwrap().path()).unwrap());
            }
        }
        let json = r#""TopicOwner":"1","Message":"m","Subscriber":"1","PublishTime":1550216480040,"SubscriptionName":"s","MessageMD5":"M","TopicName":"t","MessageId":"i""#;
        for text in [
            format!("{{{json}}}"),
            format!("{{{json},\"k\":\"v\"}}"),
            format!("{{{json},\"body\":\"b\",\"attrs\":{{}}}}"),
            format!("{{\"body\":\"b\",{json}}}"),
            format!("{{{json},\"TopicOwner\":\"dup\"}}"),
            format!("{{{}}}", json.replace("1550216480040", "\"soon\"")),
            r#"{"body":"b","attrs":{"Extend":"{}"}}"#.to_owned(),
            r#"{"attrs":{},"body":"b"}"#.to_owned(),
            r#"{"body":"b","attrs":{},"more":1}"#.to_owned(),
            r#"{"body":5,"attrs":{}}"#.to_owned(),
            r#"{"body":"b"}"#.to_owned(),
            r#"{"Message":"m","MessageId":"i"}"#.to_owned(),
            r#"{"Message":5}"#.to_owned(),
            r#"{"body":"b","attrs":{}"#.to_owned(),
            r#" {} "#.to_owned(),
            r#"{"#.to_owned(),
            "plain text".to_owned(),
        ] {
            inputs.push(text.into_bytes());
        }
        let mut shortcuts = 0;
        for bytes in &inputs {
            let reference = MnsTopicEvent::decode_two_pass(bytes);
            if let Some(fast) = MnsTopicEvent::decode_one_pass(bytes) {
                shortcuts += 1;
                assert_eq!(
                    Ok(&fast),
                    reference.as_ref(),
                    "{}",
                    String::from_utf8_lossy(bytes)
                );
            }
            assert_eq!(MnsTopicEvent::decode(bytes), reference);
        }
        assert!(
            shortcuts >= 8,
            "only {shortcuts} inputs took the one-pass path"
        );
    }
}
