//! Asynchronous-invocation destination records: what Function Compute sends to a destination (a
//! function, an MNS queue or topic, EventBridge, RocketMQ) after an asynchronous invocation ends.
//!
//! A function configured as an `onSuccess` or `onFailure` destination is invoked with this record:
//!
//! ```
//! use fc_events::destination::{DestinationCondition, DestinationRecord};
//!
//! let record = DestinationRecord::from_slice(br#"{"timestamp":1599051600000,
//!   "requestContext":{"requestId":"c2ec5ab4-a6c9-4ff5-8dcd-30f4a33bd3c1",
//!     "functionArn":"acs:fc:cn-hangzhou:123456789:services/svc.LATEST/functions/main",
//!     "condition":"UnhandledInvocationError","approximateInvokeCount":3},
//!   "requestPayload":"{\"failure\":true}",
//!   "responseContext":{"statusCode":200,"functionError":"UnhandledInvocationError"},
//!   "responsePayload":"{\"errorMessage\":\"boom\",\"errorType\":\"MyError\"}"}"#)?;
//! let context = &record.request_context;
//! assert_eq!(context.condition, DestinationCondition::UnhandledInvocationError);
//! assert!(record.is_failure());
//! let arn = context.function()?;
//! assert_eq!((arn.service, arn.qualifier, arn.function), (Some("svc"), Some("LATEST"), "main"));
//! assert_eq!(record.request_payload_json().unwrap()["failure"], true);
//! assert_eq!(record.response_payload_json().unwrap()["errorType"], "MyError");
//! assert_eq!(record.timestamp.to_utc()?.timestamp(), 1_599_051_600);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Members: `timestamp`; `requestContext` with `requestId`, `functionArn`, `condition` and
//! `approximateInvokeCount`; `requestPayload`, the event the function was invoked with;
//! `responseContext` with `statusCode` and `functionError`; `responsePayload`, what the function
//! returned (its error object on failure).
//!
//! Quirks:
//! * `timestamp` comes in two forms. The FC 2.0 help page shows an RFC 3339 string
//!   (`"2020-08-20T12:00:00.000Z"`); the records published as received from MNS (awesome-fc
//!   examples) have a bare number there (masked as `xxxx`), epoch milliseconds like every other time
//!   of FC's asynchronous-invocation API. [`DestinationTime`] keeps either as received.
//! * `requestPayload` and `responsePayload` are **strings** holding the original text (JSON text
//!   escaped into the string), not objects: [`DestinationRecord::request_payload_json`] and
//!   [`DestinationRecord::response_payload_json`] parse them when they are JSON. A published record
//!   has a `responsePayload` that is not JSON at all.
//! * `responseContext.statusCode` is `200` even when the function failed: the failure is in
//!   `functionError` and `condition`.
//! * `condition`: `UnhandledInvocationError` (a published failure record) and `""` (a published
//!   record of a stateful asynchronous task stopped by hand) are seen in payloads;
//!   `HandledInvocationError` is FC's other error type of asynchronous invocations ("Configure a
//!   retry mechanism") and is expected in the same place, but no record with it has been published.
//!   What a success destination receives is not documented. The set is open: any other value is
//!   kept ([`DestinationCondition::Other`]) and is no fault. `functionError` carries the same names,
//!   or `""`.
//! * `functionArn` names the function in FC 2.0 form,
//!   `acs:fc:<region>:<account>:services/<service>.<qualifier>/functions/<function>`; in the
//!   published records region and account are empty (`acs:fc:::services/…`). FC 3.0 functions have
//!   no service (`acs:fc:<region>:<account>:functions/<function>`). [`DestinationContext::function`]
//!   reads both.
//! * `approximateInvokeCount` counts the attempts, retries included.
//!
//! Validation: `timestamp` an RFC 3339 time or epoch milliseconds between the years 2000 and 2100
//! (`format`, `range`); `functionArn` an FC function ARN (`format`); `approximateInvokeCount` at
//! least 1 and `statusCode` from 100 to 599 (`range`).
//!
//! Documented in the FC help pages "结果回调" / "Result callback" (FC 2.0, help.aliyun.com
//! document_detail/422720, "异步调用目标的事件内容": the record's members, with the RFC 3339 `timestamp`
//! `2020-08-20T12:00:00.000Z`; the member list above rests on the published records as much as on
//! that example) and
//! "Destinations for asynchronous invocations" (FC 3.0, alibabacloud.com/help/en/fc/user-guide/
//! result-callback: the destination services); the error types in "Configure a retry mechanism"
//! (error-handling-1-2). Published records: github:awesome-fc/async-invocation-dlq (README, a failure
//! record received from MNS) and github:awesome-fc/Stateful-Async-Invocation (README, a stopped
//! task); both mask `timestamp` and `requestId` as `xxxx`, and the second has a broken
//! `responsePayload` string (`"{\"info\":\"true"\"}"`), so neither is JSON as published.
//!
//! Evidence (member audit): the FC 2.0 help page's member list, the two published records (awesome-fc
//! DLQ and stateful-task READMEs, in the corpus as placeholders because of their masked `xxxx`) and
//! FORMATS.md. Every member is sent by all of them. `functionError` (`""` in the stateful-task record) stays
//! optional to decoding, since what a success destination receives is not documented, and validation now
//! requires it (`/responseContext/functionError`); the crate's own FC 3.0 fixture without it is an invalid
//! fixture now.

use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, Utc};
#[cfg(feature = "schema")]
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::codec::Absent;
use crate::model::validate::{code, Validate, Validator};
use crate::model::Payload;
use crate::wire::error::DecodeError;
use crate::wire::kind::TriggerKind;
use crate::wire::time::{EpochMillis, Rfc3339, TimeError};
use crate::wire::Text;

crate::codec::wire_struct! {
    /// The record FC sends to a destination after an asynchronous invocation.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct DestinationRecord {
        /// When the invocation ended: epoch milliseconds or an RFC 3339 string.
        ///
        /// Sent by both published records (awesome-fc DLQ and stateful-task READMEs) and the FC 2.0 help page's member list.
        "timestamp" => pub timestamp: DestinationTime,
        /// Which invocation, of which function, and why the record was sent.
        ///
        /// Sent by both published records (awesome-fc DLQ and stateful-task READMEs) and the FC 2.0 help page's member list.
        "requestContext" => pub request_context: DestinationContext,
        /// The event the function was invoked with, as its text.
        ///
        /// Sent by both published records (awesome-fc DLQ and stateful-task READMEs) and the FC 2.0 help page's member list.
        "requestPayload" => pub request_payload: Text,
        /// The function's status and error.
        ///
        /// Sent by both published records (awesome-fc DLQ and stateful-task READMEs) and the FC 2.0 help page's member list.
        "responseContext" => pub response_context: DestinationResponseContext,
        /// What the function returned (its error object on failure), as its text.
        ///
        /// Sent by both published records (awesome-fc DLQ and stateful-task READMEs) and the FC 2.0 help page's member list.
        "responsePayload" => pub response_payload: Text,
    }
}

crate::codec::wire_struct! {
    /// `requestContext`: the invocation.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct DestinationContext {
        /// The request id of the asynchronous invocation.
        ///
        /// Sent by both published records (awesome-fc DLQ and stateful-task READMEs) and the FC 2.0 help page's member list.
        "requestId" => pub request_id: Text,
        /// The function, `acs:fc:<region>:<account>:services/<service>.<qualifier>/functions/<function>`.
        #[cfg_attr(feature = "schema", schemars(regex(pattern = "^acs:fc:[^:]*:[^:]*:(services/[^/]+/)?functions/[^/]+$")))]
        ///
        /// Sent by both published records (awesome-fc DLQ and stateful-task READMEs) and the FC 2.0 help page's member list.
        "functionArn" => pub function_arn: Text,
        /// Why the record was sent: `UnhandledInvocationError`, `HandledInvocationError`, `""`, ….
        ///
        /// Sent by both published records (awesome-fc DLQ and stateful-task READMEs) and the FC 2.0 help page's member list.
        "condition" => pub condition: DestinationCondition,
        /// How many times the function was invoked, retries included.
        #[cfg_attr(feature = "schema", schemars(range(min = 1)))]
        ///
        /// Sent by both published records (awesome-fc DLQ and stateful-task READMEs) and the FC 2.0 help page's member list.
        "approximateInvokeCount" => pub approximate_invoke_count: i64,
    }
}

crate::codec::wire_struct! {
    /// `responseContext`: how the function answered.
    #[derive(Debug, Clone, PartialEq, Default)]
    #[cfg_attr(feature = "schema", schemars(transform = function_error_required))]
    pub struct DestinationResponseContext {
        /// The HTTP status of the invocation; `200` even when the function failed.
        #[cfg_attr(feature = "schema", schemars(range(min = 100, max = 599)))]
        ///
        /// Sent by both published records (awesome-fc DLQ and stateful-task READMEs) and the FC 2.0 help page's member list.
        "statusCode" => pub status_code: i64,
        /// The function's error type (`UnhandledInvocationError`, `HandledInvocationError`), or `""`.
        ///
        /// Sent by both published records (`""` in the stateful-task one) and listed by the FC 2.0 help page; optional to decoding (what a success destination receives is not documented), required by validation.
        "functionError" => pub function_error: Option<Text>,
    }
}

crate::codec::open_enum! {
    /// `requestContext.condition`: why FC sent the record.
    #[derive(Default)]
    pub enum DestinationCondition {
        /// The function failed with an error it did not handle (after its retries).
        UnhandledInvocationError = "UnhandledInvocationError",
        /// The function reported an error.
        HandledInvocationError = "HandledInvocationError",
        /// No condition: a stateful asynchronous task stopped by hand.
        #[default]
        None = "",
    }
}

impl DestinationRecord {
    /// Decodes a record from JSON bytes.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, DecodeError> {
        <Self as Payload>::decode(bytes)
    }

    /// `requestPayload` parsed as JSON, or `None` when the text is not JSON.
    pub fn request_payload_json(&self) -> Option<serde_json::Value> {
        serde_json::from_str(&self.request_payload).ok()
    }

    /// `responsePayload` parsed as JSON, or `None` when the text is not JSON.
    pub fn response_payload_json(&self) -> Option<serde_json::Value> {
        serde_json::from_str(&self.response_payload).ok()
    }

    /// Whether the record reports a failed invocation: a non-empty `functionError` or an error
    /// `condition`.
    pub fn is_failure(&self) -> bool {
        let error = self
            .response_context
            .function_error
            .as_deref()
            .is_some_and(|e| !e.is_empty());
        error
            || matches!(
                self.request_context.condition,
                DestinationCondition::UnhandledInvocationError
                    | DestinationCondition::HandledInvocationError
            )
    }
}

/// The parts of an FC function ARN, borrowed from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct FunctionArn<'a> {
    /// The region (empty in the published records).
    pub region: &'a str,
    /// The account id (empty in the published records).
    pub account: &'a str,
    /// The service (FC 2.0); `None` for an FC 3.0 function.
    pub service: Option<&'a str>,
    /// The version or alias after the service name (`LATEST`, …), when given.
    pub qualifier: Option<&'a str>,
    /// The function name.
    pub function: &'a str,
}

/// A `functionArn` that is not an FC function ARN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionArnError(pub String);

crate::wire::error::error_type!(FunctionArnError: e => "`{}` is not an FC function ARN (acs:fc:<region>:<account>:[services/<service>[.<qualifier>]/]functions/<function>)",
    e.0
);

impl DestinationContext {
    /// The parts of `functionArn`.
    pub fn function(&self) -> Result<FunctionArn<'_>, FunctionArnError> {
        parse_function_arn(&self.function_arn)
            .ok_or_else(|| FunctionArnError(self.function_arn.to_string()))
    }
}

fn parse_function_arn(arn: &str) -> Option<FunctionArn<'_>> {
    let rest = arn.strip_prefix("acs:fc:")?;
    // Byte searches: these ids are short, and `str::split_once` with a char sets up a searcher.
    let (region, rest) = crate::wire::text::split_once_str(rest, ":")?;
    let (account, resource) = crate::wire::text::split_once_str(rest, ":")?;
    let plain = |s: &str| !s.is_empty() && !s.bytes().any(|b| b == b'/');
    let (service, qualifier, function) = match resource.strip_prefix("services/") {
        Some(rest) => {
            let (service, function) = crate::wire::text::split_once_str(rest, "/functions/")?;
            let (service, qualifier) = match crate::wire::text::split_once_str(service, ".") {
                Some((s, q)) => (s, Some(q).filter(|q| !q.is_empty())),
                None => (service, None),
            };
            (
                plain(service).then_some(service)?.into(),
                qualifier,
                function,
            )
        }
        None => (None, None, resource.strip_prefix("functions/")?),
    };
    plain(function).then_some(FunctionArn {
        region,
        account,
        service,
        qualifier,
        function,
    })
}

/// `timestamp`: epoch milliseconds (a JSON number) or an RFC 3339 string, kept in the form received.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DestinationTime {
    /// Epoch milliseconds, as a JSON number (the records published as received).
    Millis(EpochMillis),
    /// A string, read as RFC 3339 (the FC 2.0 documentation's example).
    Rfc3339(Rfc3339),
}

impl Default for DestinationTime {
    fn default() -> Self {
        DestinationTime::Millis(EpochMillis::default())
    }
}

impl DestinationTime {
    /// The time in UTC.
    pub fn to_utc(&self) -> Result<DateTime<Utc>, TimeError> {
        match self {
            DestinationTime::Millis(ms) => ms.to_datetime(),
            DestinationTime::Rfc3339(t) => t.to_utc(),
        }
    }
}

impl fmt::Display for DestinationTime {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            DestinationTime::Millis(ms) => write!(f, "{}", ms.0),
            DestinationTime::Rfc3339(t) => f.write_str(t.as_str()),
        }
    }
}

impl Absent for DestinationTime {}

impl Serialize for DestinationTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            DestinationTime::Millis(ms) => s.serialize_i64(ms.0),
            DestinationTime::Rfc3339(t) => s.serialize_str(t.as_str()),
        }
    }
}

impl<'de> Deserialize<'de> for DestinationTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = DestinationTime;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("epoch milliseconds (an integer) or an RFC 3339 string")
            }
            fn visit_i64<E>(self, v: i64) -> Result<DestinationTime, E> {
                Ok(DestinationTime::Millis(EpochMillis(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<DestinationTime, E> {
                i64::try_from(v)
                    .map(|v| DestinationTime::Millis(EpochMillis(v)))
                    .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
            }
            fn visit_str<E>(self, v: &str) -> Result<DestinationTime, E> {
                Ok(DestinationTime::Rfc3339(Rfc3339::from(v)))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(feature = "schema")]
impl JsonSchema for DestinationTime {
    fn schema_name() -> Cow<'static, str> {
        "DestinationTime".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let millis = generator.subschema_for::<EpochMillis>();
        let rfc3339 = generator.subschema_for::<Rfc3339>();
        schemars::json_schema!({
            "description": "Epoch milliseconds (a number) or an RFC 3339 string.",
            "anyOf": [millis, rfc3339]
        })
    }
}

impl Payload for DestinationRecord {
    const KIND: TriggerKind = TriggerKind::FcDestination;
}

/// The schema of [`DestinationResponseContext`]: `functionError` required, as validation requires it.
#[cfg(feature = "schema")]
fn function_error_required(schema: &mut schemars::Schema) {
    crate::model::dialect::require_members(schema, &["functionError"]);
}

impl Validate for DestinationRecord {
    fn validate(&self, v: &mut Validator) {
        match &self.timestamp {
            DestinationTime::Millis(ms) => v.epoch("timestamp", ms.0, 1_000),
            DestinationTime::Rfc3339(t) => v.rfc3339("timestamp", t),
        }
        v.field("requestContext", &self.request_context);
        v.field("responseContext", &self.response_context);
    }
}

impl Validate for DestinationContext {
    fn validate(&self, v: &mut Validator) {
        if parse_function_arn(&self.function_arn).is_none() {
            v.fault_at(
                "functionArn",
                code::FORMAT,
                format!(
                    "expected acs:fc:<region>:<account>:[services/<service>.<qualifier>/]functions/<function>, found {:?}",
                    self.function_arn.as_str()
                ),
            );
        }
        v.range(
            "approximateInvokeCount",
            self.approximate_invoke_count,
            1,
            i64::MAX,
        );
    }
}

impl Validate for DestinationResponseContext {
    fn validate(&self, v: &mut Validator) {
        v.range("statusCode", self.status_code, 100, 599);
        v.require(
            "functionError",
            self.function_error.is_some(),
            "every documented destination record",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_arns_of_both_generations_are_read() {
        let a =
            parse_function_arn("acs:fc:::services/Destination-destination.LATEST/functions/main")
                .unwrap();
        assert_eq!(
            (a.region, a.account, a.service, a.qualifier, a.function),
            (
                "",
                "",
                Some("Destination-destination"),
                Some("LATEST"),
                "main"
            )
        );
        let a = parse_function_arn("acs:fc:cn-hangzhou:123:services/s/functions/f").unwrap();
        assert_eq!((a.service, a.qualifier), (Some("s"), None));
        let a = parse_function_arn("acs:fc:cn-shanghai:1234:functions/my-func").unwrap();
        assert_eq!(
            (a.region, a.service, a.function),
            ("cn-shanghai", None, "my-func")
        );
        for bad in [
            "",
            "acs:fc:::functions/",
            "acs:fc:::services//functions/f",
            "acs:fc:::services/s/functions/f/g",
            "acs:fc:cn-shanghai:1234/functions/my-func",
            "arn:aws:lambda:us-east-1:1:function:f",
            "acs:fc:::services/s.LATEST",
        ] {
            assert_eq!(parse_function_arn(bad), None, "{bad}");
        }
    }

    #[test]
    fn both_timestamp_forms_decode_and_keep_their_form() {
        for text in [r#"1599051600000"#, r#""2020-08-20T12:00:00.000Z""#] {
            let t: DestinationTime = serde_json::from_str(text).unwrap();
            assert_eq!(serde_json::to_string(&t).unwrap(), text);
            assert!(t.to_utc().is_ok());
        }
        assert!(serde_json::from_str::<DestinationTime>("1.5").is_err());
        assert!(serde_json::from_str::<DestinationTime>("18446744073709551615").is_err());
        assert!(serde_json::from_str::<DestinationTime>("{}").is_err());
    }
}
