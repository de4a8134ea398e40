//! RocketMQ triggers: Alibaba Cloud RocketMQ messages delivered through EventBridge as CloudEvents, and
//! self-hosted Apache RocketMQ batches, which are not CloudEvents. Both are the kind `rocketmq`.
//!
//! ```
//! use fc_events::rocketmq::{RocketmqEvent, RocketmqMessage};
//!
//! let event = RocketmqEvent::from_slice(br#"[{"id":"94eb","source":"RocketMQ-Function-trigger",
//!   "specversion":"1.0","type":"mq:Topic:SendMessage","time":"2021-04-08T06:01:20.766Z",
//!   "data":{"topic":"TopicName","systemProperties":{"MIN_OFFSET":"0","TRACE_ON":"true",
//!   "CONSUME_START_TIME":1628577790396,"TAGS":"TagA"},"userProperties":{},"body":"TEST"}}]"#)?;
//! let RocketmqMessage::CloudEvent(message) = &event.as_slice()[0] else { unreachable!() };
//! let props = &message.data.as_typed().unwrap().system_properties;
//! assert_eq!(props.consume_start_time().unwrap().0, 1_628_577_790_396);
//! assert_eq!(props.min_offset(), Some(0));
//! assert_eq!(props.trace_on(), Some(true));
//!
//! // Self-hosted Apache RocketMQ: an array of plain messages.
//! let apache = RocketmqEvent::from_slice(br#"[{"msgId":"7F00","topic":"testTopic",
//!   "systemProperties":{"UNIQ_KEY":"7F00","CLUSTER":"DefaultCluster","MAX_OFFSET":"128"},
//!   "userProperties":{},"body":"Hello RocketMQ"}]"#)?;
//! let RocketmqMessage::Apache(m) = &apache.as_slice()[0] else { unreachable!() };
//! assert_eq!((m.body.as_str(), m.system_properties.max_offset()), ("Hello RocketMQ", Some(128)));
//! assert_eq!(apache.as_slice()[0].topic(), Ok("testTopic"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Quirks:
//! * `systemProperties` mixes value types: the samples send every value as a string except
//!   `CONSUME_START_TIME`, a number (epoch ms), while the doc table calls `MIN_OFFSET`/`MAX_OFFSET` Int
//!   and `TRACE_ON` Boolean. Numbers are kept as [`NumberOrString`] and `TRACE_ON` as any value, each
//!   in the form received, with typed accessors ([`RocketmqSystemProperties::min_offset`], …). The
//!   fc-runtime-go-sdk's `map[string]string` fails on these payloads.
//! * `subject` is `acs:mq:{region}:{uid}:{instanceId}%{topic}` (note the `%`).
//! * An element is a CloudEvent when it has `specversion` or `data`; otherwise it is a self-hosted
//!   Apache RocketMQ message (`msgId`, `topic`, `systemProperties`, `userProperties`, `body`).
//!
//! Documented in the FC help page "Formats of event for different triggers" (RocketMQ and self-hosted
//! Apache RocketMQ sections) and the fc-runtime-go-sdk `events/README_RocketMQ.md`.

use std::fmt;

#[cfg(feature = "schema")]
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserialize, DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde::{Serialize, Serializer};

use crate::codec::{Absent, Key};
use crate::events::batch::OneOrMany;
use crate::events::cloudevent::{
    decode_degrading, to_any, Attrs, CloudEvent, EventData, TypedData, UnfitData,
};
use crate::events::envelope::{Body, Record};
use crate::model::validate::{code, Validate, Validator};
use crate::model::Payload;
use crate::wire::any_value::{AnyValue, Map};
use crate::wire::error::DecodeError;
use crate::wire::kind::TriggerKind;
use crate::wire::number::NumberOrString;
use crate::wire::time::EpochMillis;
use crate::wire::Text;

/// The payload of a RocketMQ trigger: one message or a batch, each an EventBridge CloudEvent or a
/// self-hosted Apache RocketMQ message.
pub type RocketmqEvent = OneOrMany<RocketmqMessage>;

/// One RocketMQ message as a CloudEvent; `data` that is not a RocketMQ message is kept as received
/// ([`TypedData::Unfit`]).
pub type RocketmqCloudEvent = CloudEvent<TypedData<RocketmqData>>;

/// One element of a RocketMQ payload.
// The variants differ by the CloudEvent attributes (about 330 bytes); boxing would cost an allocation
// per message of the common (CloudEvent) form to save room in the rare self-hosted form.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum RocketmqMessage {
    /// Alibaba Cloud RocketMQ through EventBridge.
    CloudEvent(RocketmqCloudEvent),
    /// Self-hosted Apache RocketMQ (FC 3.0).
    Apache(RocketmqApacheMessage),
}

impl Default for RocketmqMessage {
    fn default() -> Self {
        RocketmqMessage::CloudEvent(CloudEvent::default())
    }
}

impl RocketmqMessage {
    /// The topic; for a CloudEvent whose `data` does not fit its model, why there is none.
    pub fn topic(&self) -> Result<&str, &UnfitData> {
        match self {
            RocketmqMessage::CloudEvent(e) => e.data.typed().map(|d| &*d.topic),
            RocketmqMessage::Apache(m) => Ok(&m.topic),
        }
    }

    /// The message body; for a CloudEvent whose `data` does not fit its model, why there is none.
    pub fn body(&self) -> Result<&str, &UnfitData> {
        match self {
            RocketmqMessage::CloudEvent(e) => e.data.typed().map(|d| &*d.body),
            RocketmqMessage::Apache(m) => Ok(&m.body),
        }
    }

    /// The system properties; for a CloudEvent whose `data` does not fit its model, why there are
    /// none.
    pub fn system_properties(&self) -> Result<&RocketmqSystemProperties, &UnfitData> {
        match self {
            RocketmqMessage::CloudEvent(e) => e.data.typed().map(|d| &d.system_properties),
            RocketmqMessage::Apache(m) => Ok(&m.system_properties),
        }
    }
}

crate::codec::wire_struct! {
    /// The `data` of a RocketMQ CloudEvent. The evidence is the 6 genuine events in
    /// `tests/fixtures/real/rocketmq/` (FC 3.0 doc, fc-runtime-go-sdk, the EventBridge "route events
    /// to RocketMQ" page). A handler's log capture in awesome-fc also shows a `msgId` member in
    /// `data` (kept in `extra`), which no documented sample has.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct RocketmqData {
        /// The topic. Sent by every documented sample.
        "topic" => pub topic: Text,
        /// System properties (mixed value types). Sent by every documented sample.
        #[cfg_attr(feature = "schema", schemars(schema_with = "cloudevent_properties_schema"))]
        "systemProperties" => pub system_properties: RocketmqSystemProperties,
        /// User properties (string values expected; any value is kept). Sent by every documented
        /// sample (`{}`), so validation requires it; decoding accepts its absence.
        #[cfg_attr(feature = "schema", schemars(required))]
        "userProperties" => pub user_properties: Option<Map>,
        /// The message body. Sent by every documented sample.
        "body" => pub body: Text,
    }
}

crate::codec::wire_struct! {
    /// A self-hosted Apache RocketMQ message (not a CloudEvent). The only documented sample (the
    /// FC 3.0 doc's) sends every member below.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct RocketmqApacheMessage {
        /// The message id.
        "msgId" => pub msg_id: Text,
        /// The topic.
        "topic" => pub topic: Text,
        /// System properties (strings in the sample).
        #[cfg_attr(feature = "schema", schemars(schema_with = "apache_properties_schema"))]
        "systemProperties" => pub system_properties: RocketmqSystemProperties,
        /// User properties. Sent by the documented sample (`{}`), so validation requires it;
        /// decoding accepts its absence.
        #[cfg_attr(feature = "schema", schemars(required))]
        "userProperties" => pub user_properties: Option<Map>,
        /// The message body.
        "body" => pub body: Text,
    }
}

crate::codec::wire_struct! {
    /// RocketMQ system properties; the known keys typed leniently, any other key kept in `extra`.
    /// Every key is optional when decoding. Validation requires the keys every documented sample of
    /// the form sends: through EventBridge `CONSUME_START_TIME`, `MIN_OFFSET`, `MAX_OFFSET`,
    /// `TRACE_ON`, `TAGS`, `KEYS`, `MSG_REGION` and `INSTANCE_ID` (6 of 6; `UNIQ_KEY` in 1);
    /// self-hosted `UNIQ_KEY`, `CLUSTER`, `MIN_OFFSET`, `MAX_OFFSET` and `TAGS` (the one sample).
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct RocketmqSystemProperties {
        /// When consumption started, epoch ms (a number in samples).
        "CONSUME_START_TIME" => pub consume_start_time: Option<NumberOrString>,
        /// The queue's minimum offset (a string in samples, Int per the doc table).
        "MIN_OFFSET" => pub min_offset: Option<NumberOrString>,
        /// The queue's maximum offset.
        "MAX_OFFSET" => pub max_offset: Option<NumberOrString>,
        /// Whether tracing is on: `"true"`/`"false"` in samples, Boolean per the doc table.
        "TRACE_ON" => pub trace_on: Option<AnyValue>,
        /// The message tag.
        "TAGS" => pub tags: Option<Text>,
        /// The message keys.
        "KEYS" => pub keys: Option<Text>,
        /// The region the message was sent in.
        "MSG_REGION" => pub msg_region: Option<Text>,
        /// The RocketMQ instance id.
        "INSTANCE_ID" => pub instance_id: Option<Text>,
        /// The message's unique key.
        "UNIQ_KEY" => pub uniq_key: Option<Text>,
        /// The cluster (self-hosted).
        "CLUSTER" => pub cluster: Option<Text>,
    }
}

impl RocketmqSystemProperties {
    /// `CONSUME_START_TIME` as epoch milliseconds (from a number or a numeric string).
    pub fn consume_start_time(&self) -> Option<EpochMillis> {
        self.consume_start_time
            .as_ref()
            .and_then(NumberOrString::as_i64)
            .map(EpochMillis)
    }

    /// `MIN_OFFSET` as a number (from a number or a numeric string).
    pub fn min_offset(&self) -> Option<i64> {
        self.min_offset.as_ref().and_then(NumberOrString::as_i64)
    }

    /// `MAX_OFFSET` as a number (from a number or a numeric string).
    pub fn max_offset(&self) -> Option<i64> {
        self.max_offset.as_ref().and_then(NumberOrString::as_i64)
    }

    /// `TRACE_ON` as a boolean (from a boolean or `"true"`/`"false"`).
    pub fn trace_on(&self) -> Option<bool> {
        match self.trace_on.as_ref()?.shallow() {
            AnyValue::Bool(b) => Some(*b),
            AnyValue::String(s) => s.parse().ok(),
            _ => None,
        }
    }

    /// Any property, as received.
    pub fn get(&self, key: &str) -> Option<AnyValue> {
        match self.property(key) {
            Property::Number(v) => v.as_ref().map(|n| match n {
                NumberOrString::Int(i) => AnyValue::Int(*i),
                NumberOrString::UInt(u) => AnyValue::UInt(*u),
                NumberOrString::Float(f) => AnyValue::Float(*f),
                NumberOrString::String(s) => AnyValue::String(s.clone()),
            }),
            Property::Text(v) => v.as_deref().map(AnyValue::from),
            Property::Any(v) => v.cloned(),
        }
    }

    /// Whether property `key` was sent (what [`get`](Self::get) finds, without building it).
    fn has(&self, key: &str) -> bool {
        match self.property(key) {
            Property::Number(v) => v.is_some(),
            Property::Text(v) => v.is_some(),
            Property::Any(v) => v.is_some(),
        }
    }

    /// Where property `key` is held.
    fn property(&self, key: &str) -> Property<'_> {
        match key {
            "CONSUME_START_TIME" => Property::Number(&self.consume_start_time),
            "MIN_OFFSET" => Property::Number(&self.min_offset),
            "MAX_OFFSET" => Property::Number(&self.max_offset),
            "TRACE_ON" => Property::Any(self.trace_on.as_ref()),
            "TAGS" => Property::Text(&self.tags),
            "KEYS" => Property::Text(&self.keys),
            "MSG_REGION" => Property::Text(&self.msg_region),
            "INSTANCE_ID" => Property::Text(&self.instance_id),
            "UNIQ_KEY" => Property::Text(&self.uniq_key),
            "CLUSTER" => Property::Text(&self.cluster),
            other => Property::Any(self.extra.get(other)),
        }
    }
}

impl Validate for RocketmqSystemProperties {
    fn validate(&self, v: &mut Validator) {
        if let Some(n) = &self.consume_start_time {
            if let Some(ms) = v.integer("CONSUME_START_TIME", n) {
                v.epoch("CONSUME_START_TIME", ms, 1_000);
            }
        }
        for (key, n) in [
            ("MIN_OFFSET", &self.min_offset),
            ("MAX_OFFSET", &self.max_offset),
        ] {
            if let Some(n) = n {
                if let Some(i) = v.integer(key, n) {
                    v.non_negative(key, i);
                }
            }
        }
        match self.trace_on.as_ref().map(AnyValue::shallow) {
            None | Some(AnyValue::Bool(_)) => {}
            Some(AnyValue::String(s)) if s == "true" || s == "false" => {}
            Some(other) => v.fault_at(
                "TRACE_ON",
                code::FORMAT,
                format!(
                    "expected a boolean or \"true\"/\"false\", found {}",
                    serde_json::to_string(other).unwrap_or_default()
                ),
            ),
        }
    }
}

impl RocketmqSystemProperties {
    /// Reports each of the properties every documented sample of a form sends that is missing.
    fn check_sent(&self, v: &mut Validator, keys: &[&str], producer: &[&str]) {
        let missing = |key: &&&str| !self.has(key);
        for key in keys.iter().filter(missing) {
            v.fault_at(
                key,
                code::REQUIRED,
                format!(
                    "expected system property `{key}` (every documented message carries it), found none"
                ),
            );
        }
        for key in producer.iter().filter(missing) {
            v.warn_at(
                key,
                code::REQUIRED,
                format!(
                    "no system property `{key}`: every documented message carries it, but a producer may send a message without it"
                ),
            );
        }
    }
}

/// A system property's field, by its kind of value.
enum Property<'a> {
    Number(&'a Option<NumberOrString>),
    Text(&'a Option<Text>),
    Any(Option<&'a AnyValue>),
}

/// The system properties every documented RocketMQ CloudEvent carries.
const CLOUDEVENT_PROPERTIES: &[&str] = &[
    "CONSUME_START_TIME",
    "MIN_OFFSET",
    "MAX_OFFSET",
    "TRACE_ON",
    "MSG_REGION",
    "INSTANCE_ID",
];

/// The system properties the documented self-hosted Apache RocketMQ message carries.
const APACHE_PROPERTIES: &[&str] = &["UNIQ_KEY", "CLUSTER", "MIN_OFFSET", "MAX_OFFSET"];

/// The properties the producer sets per message, which every documented sample of a form has: a
/// message sent without tags or keys has neither, so their absence is a warning, not a fault.
const CLOUDEVENT_PRODUCER_PROPERTIES: &[&str] = &["TAGS", "KEYS"];
/// The same for the self-hosted form (its sample has tags, no keys).
const APACHE_PRODUCER_PROPERTIES: &[&str] = &["TAGS"];

/// The system properties' schema with `keys` required (and not `null`), as validation reads them.
#[cfg(feature = "schema")]
fn properties_schema(g: &mut SchemaGenerator, keys: &[&str]) -> Schema {
    let properties = g.subschema_for::<RocketmqSystemProperties>();
    let present: serde_json::Map<String, serde_json::Value> = keys
        .iter()
        .map(|k| {
            (
                (*k).to_owned(),
                serde_json::json!({ "not": { "type": "null" } }),
            )
        })
        .collect();
    schemars::json_schema!({
        "allOf": [properties],
        "properties": present,
        "required": keys,
    })
}

#[cfg(feature = "schema")]
fn cloudevent_properties_schema(g: &mut SchemaGenerator) -> Schema {
    properties_schema(g, CLOUDEVENT_PROPERTIES)
}

#[cfg(feature = "schema")]
fn apache_properties_schema(g: &mut SchemaGenerator) -> Schema {
    properties_schema(g, APACHE_PROPERTIES)
}

impl Validate for RocketmqData {
    fn validate(&self, v: &mut Validator) {
        v.non_empty("topic", &self.topic);
        v.field("systemProperties", &self.system_properties);
        v.at("systemProperties", |v| {
            self.system_properties.check_sent(
                v,
                CLOUDEVENT_PROPERTIES,
                CLOUDEVENT_PRODUCER_PROPERTIES,
            )
        });
        v.require(
            "userProperties",
            self.user_properties.is_some(),
            "every documented RocketMQ message",
        );
    }
}

impl EventData for RocketmqData {
    const TYPE_PREFIX: Option<&'static str> = Some("mq:");
    const DESCRIPTION: &'static str = "a RocketMQ message";
    /// Every documented RocketMQ CloudEvent carries these (6 of 6); the EventBridge page's event
    /// has no `aliyunaccountid`, `aliyunoriginalaccountid`, `aliyunregionid` or `aliyunpublishaddr`.
    const ALWAYS_SENT: &'static [&'static str] = &[
        "datacontenttype",
        "subject",
        "aliyunpublishtime",
        "aliyuneventbusname",
    ];
    fn validate_data(&self, v: &mut Validator) {
        self.validate(v);
    }
    fn body(&self) -> Body<'_> {
        Body::Text {
            pointer: "/data/body",
            text: &self.body,
        }
    }
}

impl Validate for RocketmqApacheMessage {
    fn validate(&self, v: &mut Validator) {
        v.non_empty("msgId", &self.msg_id);
        v.non_empty("topic", &self.topic);
        v.field("systemProperties", &self.system_properties);
        v.at("systemProperties", |v| {
            self.system_properties
                .check_sent(v, APACHE_PROPERTIES, APACHE_PRODUCER_PROPERTIES)
        });
        v.require(
            "userProperties",
            self.user_properties.is_some(),
            "every documented RocketMQ message",
        );
    }
}

impl Validate for RocketmqMessage {
    fn validate(&self, v: &mut Validator) {
        match self {
            RocketmqMessage::CloudEvent(e) => e.validate(v),
            RocketmqMessage::Apache(m) => m.validate(v),
        }
    }
}

impl Record for RocketmqMessage {
    fn body(&self) -> Body<'_> {
        match self {
            RocketmqMessage::CloudEvent(e) => e.body(),
            RocketmqMessage::Apache(m) => Body::Text {
                pointer: "/body",
                text: &m.body,
            },
        }
    }
    fn record_id(&self) -> Option<&str> {
        match self {
            RocketmqMessage::CloudEvent(e) => Some(&e.id),
            RocketmqMessage::Apache(m) => Some(&m.msg_id),
        }
    }
}

impl Payload for RocketmqEvent {
    const KIND: TriggerKind = TriggerKind::Rocketmq;

    /// Decodes JSON; `data` that is not a RocketMQ message degrades to [`TypedData::Unfit`]
    /// instead of failing the event; a fault inside a self-hosted Apache RocketMQ message is
    /// located inside it.
    fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        decode_degrading::<Self>(Self::KIND, bytes).map_err(|err| locate_apache(bytes, err))
    }
}

impl Absent for RocketmqMessage {}

impl Serialize for RocketmqMessage {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            RocketmqMessage::CloudEvent(e) => e.serialize(s),
            RocketmqMessage::Apache(m) => m.serialize(s),
        }
    }
}

#[cfg(feature = "schema")]
impl JsonSchema for RocketmqMessage {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "RocketmqMessage".into()
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let ce = g.subschema_for::<RocketmqCloudEvent>();
        let apache = g.subschema_for::<RocketmqApacheMessage>();
        schemars::json_schema!({
            "description": "An EventBridge CloudEvent (has `specversion`) or a self-hosted Apache RocketMQ message.",
            "anyOf": [ce, apache]
        })
    }
}

/// One pass over the members, keeping both readings open. CloudEvent attributes and `data` are read
/// typed. The Apache message members are read typed once `msgId` has come before any CloudEvent marker
/// (`specversion`, `data`), as in the published self-hosted form, so they must then have their Apache
/// types; before that, or in an element that is already a CloudEvent, they are held as plain values. The element's form is settled at the end: in a CloudEvent the message members are unknown
/// members, kept as they are; in an Apache message held values are typed then (a fault there is
/// located by [`Payload::decode`]).
impl<'de> Deserialize<'de> for RocketmqMessage {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RocketmqMessage;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a RocketMQ CloudEvent or Apache RocketMQ message object")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut access: A,
            ) -> Result<RocketmqMessage, A::Error> {
                let mut attrs = Attrs::default();
                let mut data: Option<TypedData<RocketmqData>> = None;
                let mut msg_id: Option<Slot<Text>> = None;
                let mut topic: Option<Slot<Text>> = None;
                let mut system_properties: Option<Slot<RocketmqSystemProperties>> = None;
                let mut user_properties: Option<Slot<Option<Map>>> = None;
                let mut body: Option<Slot<Text>> = None;
                while let Some(key) = access.next_key::<Key<'de>>()? {
                    let k = key.as_str();
                    // Apache members are typed as they come once `msgId` came before any
                    // CloudEvent marker.
                    let apache = msg_id.is_some() && data.is_none() && !attrs.has_specversion();
                    macro_rules! slot {
                        ($slot:ident, $wire:literal) => {{
                            if $slot.is_some() {
                                return Err(de::Error::duplicate_field($wire));
                            }
                            $slot = Some(if apache {
                                Slot::Typed(access.next_value()?)
                            } else {
                                Slot::Held(access.next_value()?)
                            });
                        }};
                    }
                    match k {
                        "data" => {
                            if data.is_some() {
                                return Err(de::Error::duplicate_field("data"));
                            }
                            data = Some(access.next_value()?);
                        }
                        "msgId" => {
                            if msg_id.is_some() {
                                return Err(de::Error::duplicate_field("msgId"));
                            }
                            msg_id = Some(if data.is_none() && !attrs.has_specversion() {
                                Slot::Typed(access.next_value()?)
                            } else {
                                Slot::Held(access.next_value()?)
                            });
                        }
                        "topic" => slot!(topic, "topic"),
                        "systemProperties" => slot!(system_properties, "systemProperties"),
                        "userProperties" => slot!(user_properties, "userProperties"),
                        "body" => slot!(body, "body"),
                        _ => {
                            if !attrs.read(k, &mut access)? {
                                attrs.push_extra(key, &mut access)?;
                            }
                        }
                    }
                }
                if attrs.has_specversion() || data.is_some() {
                    // A CloudEvent: the message members at the top level are unknown members.
                    let mut stray = |name: &str, v: Option<AnyValue>| {
                        if let Some(v) = v {
                            attrs.extra.push(name, v);
                        }
                    };
                    stray("msgId", msg_id.map(Slot::into_any));
                    stray("topic", topic.map(Slot::into_any));
                    stray("systemProperties", system_properties.map(Slot::into_any));
                    stray("userProperties", user_properties.map(Slot::into_any));
                    stray("body", body.map(Slot::into_any));
                    let data = match data {
                        Some(d) => d,
                        None => return Err(de::Error::missing_field("data")),
                    };
                    return attrs.finish(data).map(RocketmqMessage::CloudEvent);
                }
                fn required<T: DeserializeOwned, E: de::Error>(
                    slot: Option<Slot<T>>,
                    name: &'static str,
                ) -> Result<T, E> {
                    slot.ok_or_else(|| E::missing_field(name))?.into_typed()
                }
                Ok(RocketmqMessage::Apache(RocketmqApacheMessage {
                    msg_id: required(msg_id, "msgId")?,
                    topic: required(topic, "topic")?,
                    system_properties: required(system_properties, "systemProperties")?,
                    user_properties: match user_properties {
                        Some(slot) => slot.into_typed()?,
                        None => None,
                    },
                    body: required(body, "body")?,
                    extra: attrs.into_members(),
                }))
            }
        }
        d.deserialize_map(V)
    }
}

/// A member read typed, or held as a plain value until the element's form is known.
enum Slot<T> {
    Typed(T),
    Held(AnyValue),
}

impl<T: DeserializeOwned> Slot<T> {
    fn into_typed<E: de::Error>(self) -> Result<T, E> {
        match self {
            Slot::Typed(t) => Ok(t),
            Slot::Held(v) => crate::codec::any::from_any(std::marker::PhantomData, &v, ""),
        }
    }
}

impl<T: Serialize> Slot<T> {
    fn into_any(self) -> AnyValue {
        match self {
            Slot::Typed(t) => to_any(&t),
            Slot::Held(v) => v,
        }
    }
}

/// Points a fault inside a self-hosted Apache RocketMQ message at its place, by decoding the message
/// again on its own.
fn locate_apache(bytes: &[u8], err: DecodeError) -> DecodeError {
    let Ok(doc) = serde_json::from_slice::<serde_json::Value>(bytes) else {
        return err;
    };
    // Only faults reported at an element (held members are typed when the element ends).
    let at_element = err.pointer().is_empty()
        || (doc.is_array() && err.pointer()[1..].bytes().all(|b| b.is_ascii_digit()));
    let Some(element) = doc.pointer(err.pointer()).filter(|_| at_element) else {
        return err;
    };
    let is_apache = element
        .as_object()
        .is_some_and(|o| !o.contains_key("specversion") && !o.contains_key("data"));
    if !is_apache {
        return err;
    }
    match crate::codec::decode::json_value::<RocketmqApacheMessage>(
        TriggerKind::Rocketmq,
        element.clone(),
    ) {
        Ok(_) => err,
        Err(inner) => DecodeError::new(
            Some(TriggerKind::Rocketmq),
            crate::events::cloudevent::locate::join(&err.location, &inner.location),
            inner.code,
            inner.message.clone(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `has` answers what `get` finds, for every modelled property and an unmodelled one, on
    /// properties with all of them, none of them, and each of them alone.
    #[test]
    fn has_agrees_with_get() {
        let names = [
            "CONSUME_START_TIME",
            "MIN_OFFSET",
            "MAX_OFFSET",
            "TRACE_ON",
            "TAGS",
            "KEYS",
            "MSG_REGION",
            "INSTANCE_ID",
            "UNIQ_KEY",
            "CLUSTER",
            "OTHER",
        ];
        let all: String = names
            .iter()
            .map(|n| format!(r#""{n}":"1""#))
            .collect::<Vec<_>>()
            .join(",");
        let mut cases = vec!["{}".to_owned(), format!("{{{all}}}")];
        cases.extend(names.iter().map(|n| format!(r#"{{"{n}":"1"}}"#)));
        for case in &cases {
            let p: RocketmqSystemProperties = serde_json::from_str(case).unwrap();
            for n in names {
                assert_eq!(p.has(n), p.get(n).is_some(), "{n} in {case}");
            }
        }
    }
}
