//! EventBridge trigger: custom events and Alibaba Cloud service events (`acs.oss`, `acs.ecs`, …)
//! delivered as CloudEvents, with `data` typed by `source`.
//!
//! ```
//! use fc_events::eventbridge::{EventbridgeData, EventbridgeEvent};
//!
//! // An OSS object notification through EventBridge: `data` is one OSS record.
//! let event = EventbridgeEvent::from_slice(br#"{"id":"1","source":"acs.oss","specversion":"1.0",
//!   "type":"oss:ObjectCreated:PutObject","time":"2022-08-13T06:45:43Z",
//!   "data":{"eventName":"ObjectCreated:PutObject","eventSource":"acs:oss",
//!   "eventTime":"2022-08-13T06:45:43.000Z","eventVersion":"1.0","region":"cn-hangzhou",
//!   "oss":{"bucket":{"arn":"acs:oss:cn-hangzhou:1:b","name":"b","ownerIdentity":"1"},
//!   "object":{"deltaSize":1,"key":"a.png","size":1},"ossSchemaVersion":"1.0","ruleId":"r"},
//!   "requestParameters":{"sourceIPAddress":"1.1.1.1"},"responseElements":{"requestId":"x"},
//!   "userIdentity":{"principalId":"1"}}}"#)?;
//! let EventbridgeData::Oss(record) = &event.first().unwrap().data else { unreachable!() };
//! assert_eq!(record.oss.object.key, "a.png");
//!
//! // A custom event: `data` is any JSON.
//! let custom = EventbridgeEvent::from_slice(br#"{"id":"2","source":"my.app","specversion":"1.0",
//!   "type":"ui:Created:PostObject","time":"2024-01-01T00:00:00Z","dataschema":"http://example.com/s.json",
//!   "data":{"body":"Hello","number":100}}"#)?;
//! let ev = custom.first().unwrap();
//! assert_eq!(ev.data.as_json().unwrap()["number"], 100);
//! assert_eq!(ev.data_schema.as_deref(), Some("http://example.com/s.json"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! How `data` is typed ([`EventbridgeData`]):
//! * `source` `acs.oss` with a `type` starting `oss:Object` → [`EventbridgeData::Oss`], one
//!   [`OssRecord`] **without** the native trigger's `{"events": [...]}` wrapper, and `type` carrying the
//!   `oss:` prefix (`oss:ObjectCreated:PutObject`) that the record's `eventName` lacks. A console
//!   capture published in Alibaba Cloud's DataWorks documentation (in `tests/fixtures/real/eventbridge/`)
//!   confirms the shape and shows no `ruleId`: that path has no notification rule, so the member is
//!   optional in [`OssRecord`] and required only of the native OSS trigger.
//! * data that does not fit the model its `source` and `type` promise → [`EventbridgeData::Unfit`]:
//!   the event still decodes ([`Payload::decode`], `Event::from_slice`), the data is kept as received,
//!   [`EventbridgeData::typed_error`] says why there is no typed view, and validation reports the misfit
//!   at its place inside `data`. A plain `serde_json::from_slice::<EventbridgeEvent>` stays strict.
//! * `source` `acs.ecs` → [`EventbridgeData::Ecs`]: kept as JSON with accessors for the common members
//!   (`instanceId`, `resourceId`, `state`, …). **No official sample exists**; the accessors follow the
//!   CloudMonitor ECS event content and return `None` when a member is missing.
//! * `source` `acs.ebs` → [`EventbridgeData::Ebs`], one [`EbsData`] (block-storage events as the
//!   EventBridge documentation's event list publishes them: `eventId`, `resourceId`, `eventLevel`,
//!   `eventCategory`, `eventStatus`, `eventName`, `startTime` in epoch milliseconds,
//!   `extraAttributes`, `resourceType`; ten of them are in `tests/fixtures/real/eventbridge/`).
//! * anything else (`acs.imm`, `acs.dashscope`, custom sources, …) → [`EventbridgeData::Custom`], any
//!   JSON: the envelope is typed, the data kept as received.
//!
//! The awesome-fc `event.json` (`{id, type, dataschema, subject, data, source}`) is a PutEvents
//! **input**, not a delivered event: delivery adds `specversion`, `time` and the aliyun* extensions.
//! It is therefore not a valid `eventbridge` payload; decoding it fails at `/specversion` (see
//! `tests/fixtures/invalid/eventbridge/`). A trigger whose event schema is `RawData` delivers only
//! `data`, which has no fixed shape: decode it as your own type.
//!
//! Documented in the FC help pages on EventBridge triggers and the EventBridge event-format page.

use std::fmt;

#[cfg(feature = "schema")]
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::{Serialize, Serializer};

use crate::codec::{Absent, Key};
use crate::events::batch::OneOrMany;
use crate::events::cloudevent::{Attrs, CloudEvent, EventData};
use crate::events::envelope::Body;
use crate::events::oss::OssRecord;
use crate::model::validate::{Validate, Validator};
use crate::model::Payload;
use crate::wire::error::{DecodeError, Location};
use crate::wire::kind::TriggerKind;
use crate::wire::{AnyValue, JsonText, Text};

/// The payload of an EventBridge trigger: one event or a batch.
pub type EventbridgeEvent = OneOrMany<EventbridgeCloudEvent>;

/// One EventBridge event, `data` typed by `source`.
pub type EventbridgeCloudEvent = CloudEvent<EventbridgeData>;

/// The `data` of an EventBridge event, by `source`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum EventbridgeData {
    /// `acs.oss` object events: one OSS record.
    Oss(Box<OssRecord>),
    /// `acs.ecs` events.
    Ecs(EcsData),
    /// `acs.ebs` (block storage) events: one [`EbsData`].
    Ebs(Box<EbsData>),
    /// Any other event: the data as received, kept as its JSON text (member order, number spelling
    /// and escapes written back exactly).
    Custom(JsonText),
    /// Data that does not fit the model its `source` and `type` promise (an `acs.oss` object event
    /// whose `data` is not an OSS record), kept as received. Decoding with [`Payload::decode`] (and
    /// [`Event::from_slice`](crate::Event::from_slice)) yields this instead of failing; validation
    /// reports the misfit at its place inside `data`.
    Unfit(Box<UnfitData>),
}

/// `data` that does not fit its typed model: the text as received and why it does not fit.
#[derive(Debug, Clone, PartialEq)]
pub struct UnfitData {
    /// The data exactly as received.
    pub data: JsonText,
    /// What the event's `source` and `type` promised, e.g. `an OSS object record`.
    pub expected: &'static str,
    /// Why the data is not that; its location is relative to `data`.
    pub error: DecodeError,
    form: Form,
}

impl Default for EventbridgeData {
    fn default() -> Self {
        EventbridgeData::Custom(JsonText::default())
    }
}

impl EventbridgeData {
    /// What `data` of an event from `source` with `ty` decodes as.
    fn form(source: Option<&str>, ty: Option<&str>) -> Form {
        match source {
            Some("acs.oss") if ty.is_some_and(|t| t.starts_with("oss:Object")) => Form::Oss,
            Some("acs.ecs") => Form::Ecs,
            Some("acs.ebs") => Form::Ebs,
            _ => Form::Custom,
        }
    }

    /// The data as a `serde_json::Value` (parsed from the text on first use), for ECS and custom
    /// events; `None` also for JSON a `Value` cannot hold (see [`JsonText::value`]).
    pub fn as_json(&self) -> Option<&serde_json::Value> {
        self.as_json_text()?.value().ok()
    }

    /// The data as its JSON text, for ECS and custom events and data that did not fit its model.
    pub fn as_json_text(&self) -> Option<&JsonText> {
        match self {
            EventbridgeData::Ecs(e) => Some(&e.0),
            EventbridgeData::Custom(v) => Some(v),
            EventbridgeData::Unfit(u) => Some(&u.data),
            EventbridgeData::Oss(_) | EventbridgeData::Ebs(_) => None,
        }
    }

    /// Why there is no typed view of the data: `Some` when the data does not fit the model its
    /// `source` and `type` promise (the error's location is relative to `data`).
    pub fn typed_error(&self) -> Option<&DecodeError> {
        match self {
            EventbridgeData::Unfit(u) => Some(&u.error),
            _ => None,
        }
    }

    /// The block-storage event, for `acs.ebs` events.
    pub fn as_ebs(&self) -> Option<&EbsData> {
        match self {
            EventbridgeData::Ebs(e) => Some(e),
            _ => None,
        }
    }

    /// The OSS record, for `acs.oss` object events.
    pub fn as_oss(&self) -> Option<&OssRecord> {
        match self {
            EventbridgeData::Oss(r) => Some(r),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Form {
    Oss,
    Ecs,
    Ebs,
    Custom,
}

impl Form {
    /// Types data kept as text; data that does not fit becomes [`EventbridgeData::Unfit`].
    fn type_text(self, text: JsonText) -> EventbridgeData {
        fn typed<T: serde::de::DeserializeOwned>(
            form: Form,
            text: JsonText,
            expected: &'static str,
            wrap: impl FnOnce(T) -> EventbridgeData,
        ) -> EventbridgeData {
            match text.to_typed::<T>() {
                Ok(value) => wrap(value),
                Err(error) => EventbridgeData::Unfit(Box::new(UnfitData {
                    data: text,
                    expected,
                    error,
                    form,
                })),
            }
        }
        match self {
            Form::Oss => typed(self, text, "an OSS object record", |r| {
                EventbridgeData::Oss(Box::new(r))
            }),
            Form::Ebs => typed(self, text, "a block-storage (EBS) event", |e| {
                EventbridgeData::Ebs(Box::new(e))
            }),
            Form::Ecs => EventbridgeData::Ecs(EcsData(text)),
            Form::Custom => EventbridgeData::Custom(text),
        }
    }
}

/// The `data` of an `acs.ecs` event, kept as JSON with accessors for the common members. No official
/// sample exists: each accessor returns `None` when its member is missing or not a string.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EcsData(pub JsonText);

impl EcsData {
    fn str(&self, key: &str) -> Option<&str> {
        self.0.get(key)?.as_str()
    }

    /// `instanceId`, or else `resourceId` when it names an instance (`i-…`).
    pub fn instance_id(&self) -> Option<&str> {
        self.str("instanceId")
            .or_else(|| self.resource_id().filter(|r| r.starts_with("i-")))
    }

    /// `resourceId`.
    pub fn resource_id(&self) -> Option<&str> {
        self.str("resourceId")
    }

    /// `resourceType`, e.g. `ALIYUN::ECS::Instance`.
    pub fn resource_type(&self) -> Option<&str> {
        self.str("resourceType")
    }

    /// `state`, e.g. `Running`, `Stopping`.
    pub fn state(&self) -> Option<&str> {
        self.str("state")
    }

    /// `regionId`.
    pub fn region_id(&self) -> Option<&str> {
        self.str("regionId")
    }
}

impl Serialize for EventbridgeData {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            EventbridgeData::Oss(r) => r.serialize(s),
            EventbridgeData::Ecs(e) => e.0.serialize(s),
            EventbridgeData::Ebs(e) => e.serialize(s),
            EventbridgeData::Custom(v) => v.serialize(s),
            EventbridgeData::Unfit(u) => u.data.serialize(s),
        }
    }
}

impl Absent for EventbridgeData {}

#[cfg(feature = "schema")]
impl JsonSchema for EventbridgeData {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "EventbridgeData".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({
            "description": "Any JSON (ECS and custom events); for `acs.oss` object events (a `type` \
                starting `oss:Object`) an OSS record and for `acs.ebs` events a block-storage event, which \
                the event's schema requires with `if`/`then`."
        })
    }
}

impl EventData for EventbridgeData {
    /// `data` is any JSON, except that an event from `acs.oss` with a `type` starting `oss:Object`
    /// carries an OSS record, and an event from `acs.ecs` has a `type` starting `ecs:` (the same
    /// rules as decoding and validation).
    #[cfg(feature = "schema")]
    fn envelope_schema(generator: &mut SchemaGenerator) -> Schema {
        let data = generator.subschema_for::<Self>();
        let oss = generator.subschema_for::<OssRecord>();
        let ebs = generator.subschema_for::<EbsData>();
        let mut schema = crate::events::cloudevent::data_member_schema(data, None);
        schema.insert(
            "allOf".into(),
            serde_json::json!([
                {
                    "if": {
                        "properties": {
                            "source": { "const": "acs.oss" },
                            "type": { "type": "string", "pattern": "^oss:Object" }
                        },
                        "required": ["source", "type"]
                    },
                    "then": { "properties": { "data": oss } }
                },
                {
                    "if": {
                        "properties": { "source": { "const": "acs.ebs" } },
                        "required": ["source"]
                    },
                    "then": { "properties": { "data": ebs } }
                },
                {
                    "if": {
                        "properties": { "source": { "const": "acs.ecs" } },
                        "required": ["source"]
                    },
                    "then": {
                        "properties": { "type": { "type": "string", "pattern": "^ecs:" } }
                    }
                }
            ]),
        );
        schema
    }
    fn type_prefix(&self) -> Option<&'static str> {
        match self {
            EventbridgeData::Oss(_) => Some("oss:"),
            EventbridgeData::Ecs(_) => Some("ecs:"),
            EventbridgeData::Ebs(_) => Some("ebs:"),
            EventbridgeData::Unfit(u) => match u.form {
                Form::Oss => Some("oss:"),
                Form::Ecs => Some("ecs:"),
                Form::Ebs => Some("ebs:"),
                Form::Custom => None,
            },
            EventbridgeData::Custom(_) => None,
        }
    }
    fn validate_data(&self, v: &mut Validator) {
        match self {
            EventbridgeData::Oss(record) => record.validate(v),
            EventbridgeData::Ebs(data) => data.validate(v),
            // Custom data has no model: JSON a `Value` cannot hold is still valid JSON data.
            EventbridgeData::Unfit(u) if u.form != Form::Custom => {
                let at = u.error.location.pointer.clone();
                let message = format!(
                    "expected {} (from `source` and `type`): {}",
                    u.expected, u.error.message
                );
                // The pointer of the misfit inside `data`, segment by segment.
                let segments: Vec<String> = at
                    .split('/')
                    .skip(1)
                    .map(|s| s.replace("~1", "/").replace("~0", "~"))
                    .collect();
                fault_below(v, &segments, u.error.code, message);
            }
            _ => {}
        }
    }
    fn body(&self) -> Body<'_> {
        match self {
            EventbridgeData::Oss(r) => owned_body(r),
            EventbridgeData::Ebs(e) => owned_body(e),
            EventbridgeData::Ecs(e) => Body::JsonText {
                pointer: "/data",
                text: &e.0,
            },
            EventbridgeData::Custom(v) => Body::JsonText {
                pointer: "/data",
                text: v,
            },
            EventbridgeData::Unfit(u) => Body::JsonText {
                pointer: "/data",
                text: &u.data,
            },
        }
    }
}

impl Payload for EventbridgeEvent {
    const KIND: TriggerKind = TriggerKind::Eventbridge;

    /// Decodes JSON. Data that does not fit the model its `source` promises does not fail the event:
    /// the event is read again with every such `data` kept as its text
    /// ([`EventbridgeData::Unfit`]); only a fault outside `data` fails, located at its place.
    fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        match crate::codec::decode::json::<Self>(Self::KIND, bytes) {
            Ok(event) => Ok(event),
            Err(err) => match crate::codec::decode::from_json_bytes::<OneOrMany<Lenient>>(bytes) {
                Ok(OneOrMany::One(e)) => Ok(OneOrMany::One(Box::new(e.0))),
                Ok(OneOrMany::Many(v)) => Ok(OneOrMany::Many(v.into_iter().map(|e| e.0).collect())),
                Err(_) => Err(locate_data(bytes, err)),
            },
        }
    }
}

/// Points a fault found while typing buffered `data` at its place inside `data`.
fn locate_data(bytes: &[u8], err: DecodeError) -> DecodeError {
    let Ok(plain) = serde_json::from_slice::<OneOrMany<CloudEvent>>(bytes) else {
        return err;
    };
    for (i, event) in plain.iter().enumerate() {
        if let Form::Oss = EventbridgeData::form(Some(&event.source), Some(&event.ty)) {
            if let Err(inner) = crate::codec::decode::json::<OssRecord>(
                TriggerKind::Eventbridge,
                event.data.as_json_str().as_bytes(),
            ) {
                let mut at = Location::root();
                if plain.is_batch() {
                    at.push_index(i);
                }
                at.push_key("data");
                return DecodeError::new(
                    Some(TriggerKind::Eventbridge),
                    crate::events::cloudevent::locate::join(&at, &inner.location),
                    inner.code,
                    inner.message.clone(),
                );
            }
        }
    }
    err
}

/// Reads `data` kept as text, checked as unknown members are: no member name twice, nesting
/// limited (inside the value, so that an error names `data`).
struct Checked;

impl<'de> de::DeserializeSeed<'de> for Checked {
    type Value = JsonText;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<JsonText, D::Error> {
        let text = JsonText::deserialize(d)?;
        crate::wire::any_value::check_text(text.as_json_str())?;
        Ok(text)
    }
}

/// `data` as read: typed when `source` and `type` came first, else kept as text (buffered, or when
/// reading leniently).
enum Pending {
    Typed(EventbridgeData),
    Buffered(JsonText),
}

/// The body of typed data: its JSON rendering, at `/data`.
fn owned_body<T: Serialize>(data: &T) -> Body<'static> {
    match serde_json::to_value(data) {
        Ok(value) => Body::Owned {
            pointer: "/data",
            value,
        },
        Err(e) => Body::Missing {
            pointer: "/data",
            reason: e.to_string(),
        },
    }
}

/// Reports a fault at the member path `segments` below the current location.
fn fault_below(v: &mut Validator, segments: &[String], code: &'static str, message: String) {
    match segments.split_first() {
        None => v.fault(code, message),
        Some((first, rest)) => match first.parse::<usize>() {
            Ok(i) => v.at_index(i, |v| fault_below(v, rest, code, message)),
            Err(_) => v.at(first, |v| fault_below(v, rest, code, message)),
        },
    }
}

/// An event read with its `data` kept as text and typed afterwards, so that data that does not fit
/// its model is kept ([`EventbridgeData::Unfit`]) instead of failing the event.
struct Lenient(CloudEvent<EventbridgeData>);

impl<'de> Deserialize<'de> for Lenient {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(V { lenient: true }).map(Lenient)
    }
}

/// `data` is typed by `source`, so this event has its own visitor: `data` is decoded in place when
/// `source` and `type` came before it (the usual order), and buffered otherwise.
///
/// A binary format (CBOR) is read leniently, as [`Payload::decode`] reads JSON after a first try:
/// `data` that does not fit its model is kept ([`EventbridgeData::Unfit`]), so that the CBOR
/// rendering of such an event decodes again.
impl<'de> Deserialize<'de> for CloudEvent<EventbridgeData> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let lenient = !d.is_human_readable();
        d.deserialize_map(V { lenient })
    }
}

/// The event visitor; `lenient` keeps `data` as text before typing it (see [`Lenient`]).
struct V {
    lenient: bool,
}

impl<'de> Visitor<'de> for V {
    type Value = CloudEvent<EventbridgeData>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a CloudEvent object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
        let mut attrs = Attrs::default();
        let mut data: Option<Pending> = None;
        while let Some(key) = access.next_key::<Key<'de>>()? {
            if key.as_str() == "data" {
                if data.is_some() {
                    return Err(de::Error::duplicate_field("data"));
                }
                data = Some(
                    if !self.lenient && attrs.source().is_some() && attrs.ty().is_some() {
                        Pending::Typed(match EventbridgeData::form(attrs.source(), attrs.ty()) {
                            Form::Oss => EventbridgeData::Oss(access.next_value()?),
                            Form::Ecs => {
                                EventbridgeData::Ecs(EcsData(access.next_value_seed(Checked)?))
                            }
                            Form::Ebs => EventbridgeData::Ebs(access.next_value()?),
                            Form::Custom => {
                                EventbridgeData::Custom(access.next_value_seed(Checked)?)
                            }
                        })
                    } else {
                        Pending::Buffered(access.next_value_seed(Checked)?)
                    },
                );
            } else if !attrs.read(key.as_str(), &mut access)? {
                attrs.push_extra(key, &mut access)?;
            }
        }
        let data = match data {
            None => return Err(de::Error::missing_field("data")),
            Some(Pending::Typed(d)) => d,
            Some(Pending::Buffered(text)) if self.lenient => {
                EventbridgeData::form(attrs.source(), attrs.ty()).type_text(text)
            }
            Some(Pending::Buffered(v)) => match EventbridgeData::form(attrs.source(), attrs.ty()) {
                Form::Oss => EventbridgeData::Oss(crate::codec::any::from_any(
                    std::marker::PhantomData,
                    &AnyValue::Json(v),
                    "data",
                )?),
                Form::Ebs => EventbridgeData::Ebs(crate::codec::any::from_any(
                    std::marker::PhantomData,
                    &AnyValue::Json(v),
                    "data",
                )?),
                Form::Ecs => EventbridgeData::Ecs(EcsData(v)),
                Form::Custom => EventbridgeData::Custom(v),
            },
        };
        attrs.finish(data)
    }
}

crate::codec::wire_struct! {
    /// The `data` of an `acs.ebs` (block storage) event, e.g. type `ebs:Disk:NoSnapshot`. Every member
    /// below is in every published sample; unknown ones are kept.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct EbsData {
        /// The event id, e.g. `e-2zec86…`.
        "eventId" => pub event_id: Text,
        /// The disk (or instance) the event is about, e.g. `d-2zef8thfnbx…`.
        "resourceId" => pub resource_id: Text,
        /// `INFO`, `WARN` or `CRITICAL`.
        "eventLevel" => pub event_level: Text,
        /// The category, the middle part of `type` (`Disk`).
        "eventCategory" => pub event_category: Text,
        /// The event's status, e.g. `WillExecute`.
        "eventStatus" => pub event_status: Text,
        /// The event's name, the last part of `type` (`NoSnapshot`).
        "eventName" => pub event_name: Text,
        /// When the event started, epoch milliseconds.
        "startTime" => pub start_time: i64,
        /// Event-specific details, e.g. `{"EcsInstanceId": "i-…", "TotalMinutes": 1390}`.
        "extraAttributes" => pub extra_attributes: crate::wire::Map,
        /// The resource's type, e.g. `Disk`.
        "resourceType" => pub resource_type: Text,
    }
}

impl EbsData {
    /// `startTime` as a time; `None` when out of range.
    pub fn start_time(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        chrono::DateTime::from_timestamp_millis(self.start_time)
    }
}

impl Validate for EbsData {
    fn validate(&self, v: &mut Validator) {
        v.non_empty("eventId", &self.event_id);
        v.non_empty("eventName", &self.event_name);
        v.epoch("startTime", self.start_time, 1000);
    }
}
