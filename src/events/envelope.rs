//! Handler envelopes: turn a batch into your own type, record by record, keeping each original record
//! next to its error so a handler can report partial batch failures.
//!
//! Modelled on the AWS Lambda Powertools parser envelopes. Each record kind knows where its user payload
//! lives and how it is encoded ([`Body`]): MNS queue `messageBody` (JSON text, or base64 of it),
//! RocketMQ and MQTT `body` (JSON text), RabbitMQ `body` and Kafka `value` (a JSON value, or a string
//! holding JSON), DTS images (a row object built from the column values), EventBridge `data`.
//!
//! ```
//! use fc_events::kafka::KafkaEvent;
//! use serde::Deserialize;
//!
//! #[derive(Deserialize)]
//! struct Order { id: u32 }
//!
//! let batch = KafkaEvent::from_slice(br#"[
//!   {"specversion":"1.0","id":"a","source":"acs:alikafka","type":"alikafka:Topic:Message",
//!    "time":"2022-06-23T02:49:51.589Z","data":{"topic":"t","partition":0,"offset":1,
//!    "timestamp":1655952591589,"value":"{\"id\": 7}"}},
//!   {"specversion":"1.0","id":"b","source":"acs:alikafka","type":"alikafka:Topic:Message",
//!    "time":"2022-06-23T02:49:51.589Z","data":{"topic":"t","partition":0,"offset":2,
//!    "timestamp":1655952591589,"value":"not json"}}
//! ]"#)?;
//! let parsed = batch.parse_records::<Order>();
//! let ok: Vec<u32> = parsed.successes().map(|(_, order)| order.id).collect();
//! assert_eq!(ok, [7]);
//! // The failed record is still at hand, with where and why.
//! let failed: Vec<_> = parsed.failures().collect();
//! assert_eq!(failed[0].1.id.as_deref(), Some("b"));
//! assert_eq!(failed[0].1.pointer, "/1/data/value");
//! assert_eq!(parsed.failed_ids(), ["b"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! String payloads are read as JSON text first; when that fails, the string itself is offered to your
//! type (so `String` works for plain-text bodies). MNS queue bodies may be base64 (the trigger's
//! `IsBase64Decode` setting decides, and the payload does not say which): they are tried as JSON text,
//! then as base64 of JSON, then as base64 of UTF-8 text, then as the text itself.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::events::batch::{ObjectOrString, OneOrMany};

/// Where a record's user payload is and how it is encoded.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Body<'a> {
    /// A JSON value (a string value is read as JSON text first).
    Json {
        /// JSON Pointer of the payload within the record.
        pointer: &'static str,
        /// The value.
        value: &'a serde_json::Value,
    },
    /// A JSON value kept as its text (a string value is read as JSON text first).
    JsonText {
        /// JSON Pointer of the payload within the record.
        pointer: &'static str,
        /// The value.
        text: &'a crate::wire::JsonText,
    },
    /// A value built from typed members (e.g. an OSS record or a DTS row).
    Owned {
        /// JSON Pointer of the payload within the record.
        pointer: &'static str,
        /// The value.
        value: serde_json::Value,
    },
    /// Text holding JSON (or plain text).
    Text {
        /// JSON Pointer of the payload within the record.
        pointer: &'static str,
        /// The text.
        text: &'a str,
    },
    /// Text that may be base64 of the payload.
    MaybeBase64 {
        /// JSON Pointer of the payload within the record.
        pointer: &'static str,
        /// The text as received.
        text: &'a str,
    },
    /// The record has no payload it can offer (e.g. a DTS record without images).
    Missing {
        /// JSON Pointer of where the payload should be.
        pointer: &'static str,
        /// Why there is none.
        reason: String,
    },
}

impl Body<'_> {
    /// The JSON Pointer of the payload within its record.
    pub fn pointer(&self) -> &'static str {
        match self {
            Body::Json { pointer, .. }
            | Body::JsonText { pointer, .. }
            | Body::Owned { pointer, .. }
            | Body::Text { pointer, .. }
            | Body::MaybeBase64 { pointer, .. }
            | Body::Missing { pointer, .. } => pointer,
        }
    }

    /// Decodes the payload into `T`. Errors carry the pointer of the fault within the record.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, BodyError> {
        let at = |inner: &str, message: String| BodyError {
            pointer: format!("{}{inner}", self.pointer()),
            message,
        };
        match self {
            Body::Json { value, .. } => parse_value(value).map_err(|(p, m)| at(&p, m)),
            Body::Owned { value, .. } => parse_value(value).map_err(|(p, m)| at(&p, m)),
            Body::JsonText { text, .. } => parse_json_text(text).map_err(|(p, m)| at(&p, m)),
            Body::Text { text, .. } => parse_text(text).map_err(|m| at("", m)),
            Body::MaybeBase64 { text, .. } => parse_maybe_base64(text).map_err(|m| at("", m)),
            Body::Missing { reason, .. } => Err(at("", reason.clone())),
        }
    }
}

/// A record payload that could not be decoded into the handler's type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyError {
    /// JSON Pointer of the fault within the record (e.g. `/data/value/orderId`).
    pub pointer: String,
    /// What was expected and what was found.
    pub message: String,
}

crate::wire::error::error_type!(BodyError: e => "{}: {}", e.pointer, e.message);

fn parse_value<T: DeserializeOwned>(value: &serde_json::Value) -> Result<T, (String, String)> {
    if let serde_json::Value::String(text) = value {
        return parse_text(text).map_err(|m| (String::new(), m));
    }
    located(value)
}

fn parse_json_text<T: DeserializeOwned>(
    json: &crate::wire::JsonText,
) -> Result<T, (String, String)> {
    if let Some(text) = json.as_str() {
        return parse_text(&text).map_err(|m| (String::new(), m));
    }
    located(&mut serde_json::Deserializer::from_str(json.as_json_str()))
}

/// Decodes `T`, pairing a failure's JSON Pointer with its message.
fn located<'de, T: DeserializeOwned, D: serde::Deserializer<'de>>(
    de: D,
) -> Result<T, (String, String)> {
    serde_path_to_error::deserialize::<_, T>(de).map_err(|e| {
        let pointer = crate::wire::error::Location::from_path(e.path()).pointer;
        (pointer, e.into_inner().to_string())
    })
}

fn parse_text<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    match serde_json::from_str::<T>(text) {
        Ok(t) => Ok(t),
        Err(json) => {
            as_string(text).ok_or_else(|| format!("the text is not the expected JSON: {json}"))
        }
    }
}

/// The string itself as `T`, for types that take plain text.
fn as_string<T: DeserializeOwned>(text: &str) -> Option<T> {
    T::deserialize(serde::de::value::StrDeserializer::<serde::de::value::Error>::new(text)).ok()
}

fn parse_maybe_base64<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let json = match serde_json::from_str::<T>(text) {
        Ok(t) => return Ok(t),
        Err(e) => e,
    };
    if let Ok(bytes) = decode_base64(text) {
        if let Ok(t) = serde_json::from_slice::<T>(&bytes) {
            return Ok(t);
        }
        if let Some(t) = std::str::from_utf8(&bytes).ok().and_then(as_string) {
            return Ok(t);
        }
    }
    as_string(text).ok_or_else(|| {
        format!("the body is neither the expected JSON nor base64 of it (as JSON text: {json})")
    })
}

/// Text that is not base64 (also [`crate::Base64Error`]).
pub use crate::wire::Base64Error;

/// Decodes standard-alphabet base64, with or without `=` padding (published MNS queue samples drop
/// it). Reports, rather than guesses, when the text is not base64.
pub fn decode_base64(text: &str) -> Result<Vec<u8>, Base64Error> {
    crate::wire::base64::decode_lenient(text)
}

/// A record of a batch: knows where its payload is and its id.
pub trait Record {
    /// The record's payload and how it is encoded.
    fn body(&self) -> Body<'_>;

    /// The record's id (the CloudEvent `id`, the RocketMQ `msgId`), for partial-failure reports.
    fn record_id(&self) -> Option<&str> {
        None
    }
}

impl<R: Record> Record for ObjectOrString<R> {
    fn body(&self) -> Body<'_> {
        self.get().body()
    }
    fn record_id(&self) -> Option<&str> {
        self.get().record_id()
    }
}

/// Why one record could not be turned into the handler's type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordError {
    /// The record's position in the batch (0 for a single record).
    pub index: usize,
    /// The record's id, when it has one.
    pub id: Option<String>,
    /// JSON Pointer of the fault within the whole payload (e.g. `/1/data/value`).
    pub pointer: String,
    /// What was expected and what was found.
    pub message: String,
}

crate::wire::error::error_type!(RecordError: e => "record {}{}: {}: {}",
    e.index,
    e.id.as_deref()
        .map(|i| format!(" ({i})"))
        .unwrap_or_default(),
    e.pointer,
    e.message
);

/// One record's outcome: the original record and the decoded value or the error.
#[derive(Debug)]
pub struct Parsed<'a, R, T> {
    /// The record's position in the batch.
    pub index: usize,
    /// The original record.
    pub record: &'a R,
    /// The decoded payload, or why it could not be decoded.
    pub result: Result<T, RecordError>,
}

/// The outcome of [`OneOrMany::parse_records`]: one [`Parsed`] per record, in order.
#[derive(Debug)]
pub struct ParsedBatch<'a, R, T> {
    /// The outcomes, in batch order.
    pub records: Vec<Parsed<'a, R, T>>,
}

impl<'a, R, T> ParsedBatch<'a, R, T> {
    /// The records that decoded, with their values.
    pub fn successes(&self) -> impl Iterator<Item = (&'a R, &T)> + '_ {
        self.records
            .iter()
            .filter_map(|p| p.result.as_ref().ok().map(|t| (p.record, t)))
    }

    /// The records that failed, with their errors.
    pub fn failures(&self) -> impl Iterator<Item = (&'a R, &RecordError)> + '_ {
        self.records
            .iter()
            .filter_map(|p| p.result.as_ref().err().map(|e| (p.record, e)))
    }

    /// Whether every record decoded.
    pub fn all_ok(&self) -> bool {
        self.records.iter().all(|p| p.result.is_ok())
    }

    /// The ids of the records that failed (records without an id are left out; see
    /// [`ParsedBatch::failures`] for every failure).
    pub fn failed_ids(&self) -> Vec<&str> {
        self.records
            .iter()
            .filter(|p| p.result.is_err())
            .filter_map(|p| p.result.as_ref().err()?.id.as_deref())
            .collect()
    }

    /// The decoded values, or the first error.
    pub fn into_result(self) -> Result<Vec<T>, RecordError> {
        self.records.into_iter().map(|p| p.result).collect()
    }
}

impl<'a, R, T> IntoIterator for ParsedBatch<'a, R, T> {
    type Item = Parsed<'a, R, T>;
    type IntoIter = std::vec::IntoIter<Parsed<'a, R, T>>;
    fn into_iter(self) -> Self::IntoIter {
        self.records.into_iter()
    }
}

impl<R: Record> OneOrMany<R> {
    /// Decodes each record's payload into `T`, keeping every record next to its result.
    pub fn parse_records<T: DeserializeOwned>(&self) -> ParsedBatch<'_, R, T> {
        let records = self
            .iter()
            .enumerate()
            .map(|(index, record)| {
                let result = record.body().parse::<T>().map_err(|e| RecordError {
                    index,
                    id: record.record_id().map(str::to_owned),
                    pointer: format!("{}{}", self.pointer_of(index), e.pointer),
                    message: e.message,
                });
                Parsed {
                    index,
                    record,
                    result,
                }
            })
            .collect();
        ParsedBatch { records }
    }
}

impl fmt::Display for Body<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Body::Json { pointer, .. }
            | Body::JsonText { pointer, .. }
            | Body::Owned { pointer, .. } => {
                write!(f, "JSON at {pointer}")
            }
            Body::Text { pointer, .. } => write!(f, "text at {pointer}"),
            Body::MaybeBase64 { pointer, .. } => write!(f, "text or base64 at {pointer}"),
            Body::Missing { pointer, reason } => write!(f, "nothing at {pointer}: {reason}"),
        }
    }
}
