//! Kafka trigger (ApsaraMQ for Kafka through EventBridge, always event-streaming): a batch of
//! CloudEvents whose elements are objects **or JSON-encoded strings**.
//!
//! ```
//! use fc_events::kafka::KafkaEvent;
//!
//! // One element as an object, one as a string holding the same kind of object.
//! let bytes = br#"[
//!   {"specversion":"1.0","id":"8e21","source":"acs:alikafka","type":"alikafka:Topic:Message",
//!    "time":"2022-06-23T02:49:51.589Z","data":{"topic":"mytopic","partition":7,"offset":25,
//!    "timestamp":1655952591589,"headers":{"headers":[],"isReadOnly":false},"key":"keytest",
//!    "value":"hello kafka msg"}},
//!   "{\"specversion\":\"1.0\",\"id\":\"1cb5\",\"source\":\"acs:alikafka\",\"type\":\"alikafka:Topic:Message\",\"data\":{\"topic\":\"HelloTopic\",\"partition\":9,\"offset\":3,\"timestamp\":1659346376797,\"value\":{\"Test\":1}}}"
//! ]"#;
//! let event = KafkaEvent::from_slice(bytes)?;
//! let records = event.as_slice();
//! assert!(!records[0].is_string() && records[1].is_string());
//! let (first, second) = (records[0].data.as_typed().unwrap(), records[1].data.as_typed().unwrap());
//! assert_eq!(first.key_str().as_deref(), Some("keytest"));
//! assert_eq!(first.value_str().as_deref(), Some("hello kafka msg"));
//! assert_eq!(second.value.get("Test"), Some(&serde_json::json!(1)));
//! assert_eq!(second.timestamp_millis().unwrap().0, 1_659_346_376_797);
//! // Each element re-encodes in the form received: the string comes back verbatim.
//! let again: serde_json::Value = serde_json::from_slice(&serde_json::to_vec(&event)?)?;
//! assert_eq!(again, serde_json::from_slice::<serde_json::Value>(bytes)?);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Quirks:
//! * Elements are CloudEvent objects (FC 3.0 doc, awesome-fc Go/Java/Python) or strings holding one
//!   (fc-runtime-go-sdk, awesome-fc Node.js); both decode, per element ([`ObjectOrString`]). Error and
//!   validation pointers continue into a string element's JSON text: `/0/data/offset` is member
//!   `data.offset` of the event encoded in string element 0.
//! * `data.value` depends on the trigger task's data format: a string (`Text`), base64 (`Binary`) or
//!   parsed JSON (`Json`), so it is any JSON value, kept as the JSON text sent
//!   ([`JsonText`]). Samples show a Python bytes repr (`b'{…}'`) passing
//!   through as text.
//! * `data.key` is in the FC 3.0 doc but missing from older samples: optional, any JSON value (kept as
//!   its text too).
//! * `data.timestamp` is epoch ms; the doc table calls it String while samples send numbers: both
//!   decode ([`NumberOrString`]).
//! * `data.headers.headers` is empty in every sample; its element shape is unknown and kept as any
//!   JSON. `isReadOnly` is "reserved, meaningless" per the doc.
//! * `data` that is not a Kafka record (a member missing or of another type) does not fail the
//!   batch: that record's data is kept as received ([`TypedData::Unfit`]) and validation reports
//!   the misfit at its place (`/0/data/offset`).
//! * `subject` is `acs:alikafka_{instance}:topic:{topic}` (one sample adds an `acs:alikafka:` prefix).
//!
//! Documented in the FC help page "Formats of event for different triggers" (Kafka section) and the
//! fc-runtime-go-sdk `events/README_KAFKA_EVENTBRIDGE.md`.

use std::borrow::Cow;

use crate::events::batch::{ObjectOrString, OneOrMany};
use crate::events::cloudevent::{decode_degrading, CloudEvent, EventData, TypedData};
use crate::events::envelope::Body;
use crate::model::validate::{Validate, Validator};
use crate::model::Payload;
use crate::wire::error::DecodeError;
use crate::wire::kind::TriggerKind;
use crate::wire::number::NumberOrString;
use crate::wire::time::EpochMillis;
use crate::{AnyValue, JsonText, Text};

/// The payload of a Kafka trigger: a batch (a single event is accepted too) whose elements are
/// objects or JSON-encoded strings.
pub type KafkaEvent = OneOrMany<KafkaRecord>;

/// One element of a Kafka batch: a CloudEvent, as an object or as a JSON-encoded string.
pub type KafkaRecord = ObjectOrString<KafkaCloudEvent>;

/// One Kafka message as a CloudEvent; `data` that is not a Kafka record is kept as received
/// ([`TypedData::Unfit`]).
pub type KafkaCloudEvent = CloudEvent<TypedData<KafkaData>>;

crate::codec::wire_struct! {
    /// The `data` of a Kafka event: one Kafka record. The evidence is the 8 events in
    /// `tests/fixtures/real/kafka/` (FC 3.0 doc, fc-runtime-go-sdk, awesome-fc).
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct KafkaData {
        /// The topic. Sent by every documented sample.
        "topic" => pub topic: Text,
        /// The partition. Sent by every documented sample.
        #[cfg_attr(feature = "schema", schemars(range(min = 0)))]
        "partition" => pub partition: i64,
        /// The record's offset in its partition. Sent by every documented sample.
        #[cfg_attr(feature = "schema", schemars(range(min = 0)))]
        "offset" => pub offset: i64,
        /// The record timestamp, epoch ms (a number in samples). Sent by every documented sample.
        #[cfg_attr(feature = "schema", schemars(schema_with = "crate::wire::number::schema_in_range::<946684800000, 4102444800000>"))]
        "timestamp" => pub timestamp: NumberOrString,
        /// Record headers. Sent by every documented sample, so validation requires it; decoding
        /// accepts its absence.
        #[cfg_attr(feature = "schema", schemars(required))]
        "headers" => pub headers: Option<KafkaHeaders>,
        /// The record key, when sent: in the FC 3.0 doc's sample, absent from the other six
        /// (fc-runtime-go-sdk, awesome-fc), so optional.
        "key" => pub key: Option<JsonText>,
        /// The record value: a string, base64 text, or JSON (per the task's data format). Sent by
        /// every documented sample.
        "value" => pub value: JsonText,
    }
}

impl KafkaData {
    /// The timestamp as epoch milliseconds (from a number or a numeric string).
    pub fn timestamp_millis(&self) -> Option<EpochMillis> {
        self.timestamp.as_i64().map(EpochMillis)
    }

    /// The key when it is a string (unescaped).
    pub fn key_str(&self) -> Option<Cow<'_, str>> {
        self.key.as_ref()?.as_str()
    }

    /// The value when it is a string (unescaped).
    pub fn value_str(&self) -> Option<Cow<'_, str>> {
        self.value.as_str()
    }
}

crate::codec::wire_struct! {
    /// The `headers` member of a Kafka record.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct KafkaHeaders {
        /// The headers (empty in every sample; element shape undocumented). Sent by every
        /// documented sample.
        "headers" => pub headers: Vec<AnyValue>,
        /// Reserved. Sent by every documented sample, so validation requires it; decoding accepts
        /// its absence.
        #[cfg_attr(feature = "schema", schemars(required))]
        "isReadOnly" => pub is_read_only: Option<bool>,
    }
}

impl Payload for KafkaEvent {
    const KIND: TriggerKind = TriggerKind::Kafka;

    /// Decodes JSON; `data` that is not a Kafka record degrades to [`TypedData::Unfit`] instead of
    /// failing the event; a fault outside `data` inside a string element is pointed at inside its
    /// JSON text.
    fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        decode_degrading::<Self>(Self::KIND, bytes).map_err(|err| {
            crate::events::cloudevent::locate::in_string_element::<KafkaCloudEvent>(
                Self::KIND,
                bytes,
                err,
            )
        })
    }
}

impl Validate for KafkaData {
    fn validate(&self, v: &mut Validator) {
        v.non_negative("partition", self.partition);
        v.non_negative("offset", self.offset);
        if let Some(ms) = v.integer("timestamp", &self.timestamp) {
            v.epoch("timestamp", ms, 1_000);
        }
        v.require(
            "headers",
            self.headers.is_some(),
            "every documented Kafka event",
        );
        if let Some(h) = &self.headers {
            v.at("headers", |v| {
                v.require(
                    "isReadOnly",
                    h.is_read_only.is_some(),
                    "every documented Kafka event",
                )
            });
        }
    }
}

impl EventData for KafkaData {
    const TYPE_PREFIX: Option<&'static str> = Some("alikafka:");
    const DESCRIPTION: &'static str = "a Kafka record";
    /// Every documented Kafka event carries these (8 of 8 in the corpus); none carries another
    /// aliyun* extension.
    const ALWAYS_SENT: &'static [&'static str] = &["datacontenttype", "subject", "aliyunaccountid"];
    fn validate_data(&self, v: &mut Validator) {
        self.validate(v);
    }
    fn body(&self) -> Body<'_> {
        Body::JsonText {
            pointer: "/data/value",
            text: &self.value,
        }
    }
}
