//! HTTP trigger (FC 3.0 built-in runtimes): the `version: "v1"` request event, the response a
//! function returns, and the platform's own error answers.
//!
//! ```
//! use fc_events::http::{HttpRequest, HttpResponse};
//!
//! let bytes = br#"{"version":"v1","rawPath":"/api/items%20new","body":"aGk=","isBase64Encoded":true,
//!   "headers":{"Accept":"text/html,application/json","X-Acs-Date":"2023-08-17T14:08:11Z"},
//!   "queryParameters":{"tag":"a,b"},
//!   "requestContext":{"accountId":"1430000000000149","domainName":"trg.cn-hangzhou.fcapp.run",
//!     "domainPrefix":"trg","requestId":"","time":"2023-08-17T14:08:11Z","timeEpoch":"1692281291805",
//!     "http":{"method":"POST","path":"/api/items new","protocol":"HTTP/1.1",
//!       "sourceIp":"112.10.236.5","userAgent":"curl/8.0"}}}"#;
//! let request = HttpRequest::from_slice(bytes)?;
//! assert_eq!(request.method(), "POST");
//! assert_eq!(request.path(), "/api/items new");          // decoded; `raw_path` stays encoded
//! assert_eq!(request.header("accept"), Some("text/html,application/json"));
//! assert_eq!(request.header_values("Accept").collect::<Vec<_>>(), ["text/html", "application/json"]);
//! assert_eq!(request.query_values("tag").collect::<Vec<_>>(), ["a", "b"]);
//! assert_eq!(&*request.body_bytes()?, b"hi");
//! // `timeEpoch` is epoch milliseconds sent as a string: kept as sent, read typed.
//! assert_eq!(request.request_context.time_epoch_millis(), Some(1_692_281_291_805));
//!
//! let response = HttpResponse::binary([0xff, 0x00]).with_header("Cache-Control", "no-store");
//! let wire: serde_json::Value = serde_json::from_slice(&fc_events::Payload::encode(&response)?)?;
//! assert_eq!(wire["body"], "/wA=");
//! assert_eq!(wire["isBase64Encoded"], true);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Quirks:
//! * `rawPath` is URL-encoded; the decoded path is `requestContext.http.path`.
//! * Repeated headers and query keys arrive **comma-joined** (`"v1,v2"`), which cannot be told apart
//!   from one value that contains a comma. [`HttpRequest::header_values`] and
//!   [`HttpRequest::query_values`] split them.
//! * Header names keep the case they were sent in; [`HttpRequest::header`] ignores case.
//! * `requestContext.timeEpoch` is epoch milliseconds **as a string**; `requestContext.requestId` may be
//!   `""` (invoked through the API); `requestContext.triggerId` is sent but not documented.
//! * Whether `body` and `queryParameters` are left out of a request without them is not documented;
//!   both decode as absent (`None`) or present.
//! * Request headers such as `Connection` and `X-Fc-*` reach the event (the capture shows them), so
//!   the reserved-header rule applies to responses only.
//! * The response is `{statusCode, headers, isBase64Encoded, body}`; the platform's fallbacks for other
//!   shapes are not covered. [`HttpResponse`] shares its builder with the API Gateway response.
//! * When the platform itself answers (bad request, throttling, function failure), the response
//!   carries an `X-Fc-Error-Type` header: decode it with [`FcErrorResponse::from_parts`].
//!
//! Validation (beyond decoding) checks, from the FC guide's HTTP trigger limits:
//! * request: headers (names + values) ≤ 4 KB (`limit` at `/headers`), path plus query ≤ 4 KB
//!   (`limit` at `/rawPath`; the query length is reconstructed as `?k=v&k2=v2` from the decoded map,
//!   so it is a lower bound), body ≤ 6 MB after base64 decoding (`limit` at `/body`), `version` is
//!   `v1` (`enum`), `requestContext.time` is RFC 3339 and `timeEpoch` a plausible epoch in
//!   milliseconds (`format`/`range`), base64 bodies really are base64 (`format`);
//! * response: `statusCode` 100–599 (`range`), headers the platform reserves
//!   ([`RESERVED_RESPONSE_HEADERS`] and any `x-fc-` name, any case; `reserved-header` at
//!   `/headers/<name>`), headers ≤ 4 KB and body ≤ 6 MB (`limit`), base64 bodies.
//!
//! Documented in the FC 3.0 help page "Use an HTTP trigger to invoke a function" and the FC guide's
//! HTTP trigger chapter (limits, reserved headers, error table).
//!
//! Evidence (member audit): the FC 3.0 help page's request struct, the two devsapp captures (corpus),
//! FORMATS.md and, for responses, the help pages' sketch and the FC guide's sample functions. Every
//! request member decoding requires is sent by all of them. `body`, `queryParameters` and
//! `requestContext.http.userAgent` are sent by all of them as well: they stay optional to decoding
//! (FORMATS.md leaves their absence open) and validation now requires them. `triggerId` is sent by both
//! captures but not documented, so it stays optional. Every documented response shows all four members;
//! only `statusCode` is required, since a response is the function's own output.

mod error;

use std::borrow::Cow;

use chrono::{DateTime, Utc};

pub use self::error::{FcErrorResponse, FcErrorType, ERROR_TYPE_HEADER};
pub use crate::events::http_common::BodyError;
use crate::events::http_common::{check_body, check_limit, KB, MB};
use crate::model::validate::{code, Validate, Validator};
use crate::model::Payload;
use crate::wire::error::DecodeError;
use crate::wire::kind::TriggerKind;
use crate::wire::time::{Rfc3339, TimeError};
use crate::wire::Text;
pub use crate::wire::{BoolOrString, StringMap};

/// Request headers: names plus values, at most this many bytes.
pub const MAX_REQUEST_HEADERS_BYTES: usize = 4 * KB;
/// Request path including the query, at most this many bytes.
pub const MAX_PATH_AND_QUERY_BYTES: usize = 4 * KB;
/// Request or response body after base64 decoding, at most this many bytes.
pub const MAX_BODY_BYTES: usize = 6 * MB;
/// Response headers: names plus values, at most this many bytes.
pub const MAX_RESPONSE_HEADERS_BYTES: usize = 4 * KB;

/// Response headers the platform reserves (lower case); names starting with `x-fc-` are reserved too.
pub const RESERVED_RESPONSE_HEADERS: &[&str] = &[
    "connection",
    "content-length",
    "content-encoding",
    "date",
    "keep-alive",
    "proxy-authenticate",
    "server",
    "trailer",
    "transfer-encoding",
    "upgrade",
];

/// Whether a function may not set response header `name` (any case).
pub fn is_reserved_response_header(name: &str) -> bool {
    name.get(..5)
        .is_some_and(|p| p.eq_ignore_ascii_case("x-fc-"))
        || RESERVED_RESPONSE_HEADERS
            .iter()
            .any(|r| r.eq_ignore_ascii_case(name))
}

crate::codec::wire_struct! {
    /// The `version: "v1"` event an HTTP trigger passes to a function in an FC 3.0 built-in runtime.
    #[derive(Debug, Clone, PartialEq, Default)]
    #[cfg_attr(feature = "schema", schemars(transform = request_members_required))]
    pub struct HttpRequest {
        /// `v1`.
        ///
        /// Sent by the documented request struct (FC 3.0 help page) and both devsapp captures.
        "version" => pub version: Text,
        /// The URL-encoded request path, without the query.
        ///
        /// Sent by the documented request struct (FC 3.0 help page) and both devsapp captures.
        "rawPath" => pub raw_path: Text,
        /// The body as a string (base64 when flagged).
        ///
        /// Sent by the documented request struct and both devsapp captures; optional to decoding, required by validation.
        "body" => pub body: Option<Text>,
        /// Whether `body` is base64 (binary content).
        ///
        /// Sent by the documented request struct (FC 3.0 help page) and both devsapp captures.
        "isBase64Encoded" => pub is_base64_encoded: bool,
        /// Request headers; repeated headers comma-joined.
        ///
        /// Sent by the documented request struct (FC 3.0 help page) and both devsapp captures.
        "headers" => pub headers: StringMap,
        /// Query parameters; repeated keys comma-joined; `{}` when none.
        ///
        /// Sent by the documented request struct and both devsapp captures (`{}` when empty); optional to decoding, required by validation.
        "queryParameters" => pub query_parameters: Option<StringMap>,
        /// Who, where and when.
        ///
        /// Sent by the documented request struct (FC 3.0 help page) and both devsapp captures.
        "requestContext" => pub request_context: HttpRequestContext,
    }
}

crate::codec::wire_struct! {
    /// `requestContext` of an HTTP trigger event.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct HttpRequestContext {
        /// The account id of the function's owner.
        ///
        /// Sent by the documented request struct (FC 3.0 help page) and both devsapp captures.
        "accountId" => pub account_id: Text,
        /// `<trigger-id>.<region>.fcapp.run`, or `{uid}.{region}.fc.aliyuncs.com` through the API.
        ///
        /// Sent by the documented request struct (FC 3.0 help page) and both devsapp captures.
        "domainName" => pub domain_name: Text,
        /// The first label of `domainName`.
        ///
        /// Sent by the documented request struct (FC 3.0 help page) and both devsapp captures.
        "domainPrefix" => pub domain_prefix: Text,
        /// The request line and client.
        ///
        /// Sent by the documented request struct (FC 3.0 help page) and both devsapp captures.
        "http" => pub http: HttpRequestInfo,
        /// The request id; `""` when invoked through the API.
        ///
        /// Sent by the documented request struct (FC 3.0 help page) and both devsapp captures.
        "requestId" => pub request_id: Text,
        /// When the request arrived, RFC 3339 without fraction.
        ///
        /// Sent by the documented request struct (FC 3.0 help page) and both devsapp captures.
        "time" => pub time: Rfc3339,
        /// When the request arrived, epoch milliseconds **as a string**.
        ///
        /// Sent by the documented request struct (FC 3.0 help page) and both devsapp captures.
        "timeEpoch" => pub time_epoch: Text,
        /// The trigger's id (sent, not documented).
        ///
        /// Sent by both devsapp captures; not in the documented request struct.
        "triggerId" => pub trigger_id: Option<Text>,
    }
}

crate::codec::wire_struct! {
    /// `requestContext.http`: the request line and the client.
    #[derive(Debug, Clone, PartialEq, Default)]
    #[cfg_attr(feature = "schema", schemars(transform = user_agent_required))]
    pub struct HttpRequestInfo {
        /// The request method.
        ///
        /// Sent by the documented request struct (FC 3.0 help page) and both devsapp captures.
        "method" => pub method: Text,
        /// The decoded request path.
        ///
        /// Sent by the documented request struct (FC 3.0 help page) and both devsapp captures.
        "path" => pub path: Text,
        /// e.g. `HTTP/1.1`.
        ///
        /// Sent by the documented request struct (FC 3.0 help page) and both devsapp captures.
        "protocol" => pub protocol: Text,
        /// The client's IP address.
        ///
        /// Sent by the documented request struct (FC 3.0 help page) and both devsapp captures.
        "sourceIp" => pub source_ip: Text,
        /// The client's `User-Agent`; optional because a client may send none.
        ///
        /// Sent by the documented request struct and both devsapp captures; optional to decoding, required by validation.
        "userAgent" => pub user_agent: Option<Text>,
    }
}

impl HttpRequest {
    /// Decodes a request from JSON bytes.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, DecodeError> {
        <Self as Payload>::decode(bytes)
    }

    /// The request method (`requestContext.http.method`).
    pub fn method(&self) -> &str {
        &self.request_context.http.method
    }

    /// The decoded request path (`requestContext.http.path`); `raw_path` is the encoded form.
    pub fn path(&self) -> &str {
        &self.request_context.http.path
    }

    /// The value of header `name`, ignoring ASCII case; repeated headers are comma-joined.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get_ignore_case(name)
    }

    /// The values of header `name` (ignoring case), split at the commas that join repeated headers.
    /// Empty when the header is absent. A value that itself contains commas is split too.
    pub fn header_values<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a str> + 'a {
        self.header(name)
            .into_iter()
            .flat_map(crate::events::http_common::split_joined)
    }

    /// The value of query parameter `name` (exact match); repeated keys are comma-joined.
    pub fn query(&self, name: &str) -> Option<&str> {
        self.query_parameters.as_ref()?.get(name)
    }

    /// The values of query parameter `name`, split at the commas that join repeated keys.
    pub fn query_values<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a str> + 'a {
        self.query(name)
            .into_iter()
            .flat_map(crate::events::http_common::split_joined)
    }

    /// The body bytes, base64-decoded when flagged; empty without a body.
    pub fn body_bytes(&self) -> Result<Cow<'_, [u8]>, BodyError> {
        match &self.body {
            Some(b) => crate::events::http_common::body_bytes(b, self.is_base64_encoded),
            None => Ok(Cow::Borrowed(&[])),
        }
    }

    /// The body (decoded when flagged) parsed as JSON into `T`.
    pub fn body_json<T: serde::de::DeserializeOwned>(&self) -> Result<T, BodyError> {
        crate::events::http_common::body_json(&self.body_bytes()?)
    }

    /// The size that the path-plus-query limit counts: `rawPath` and the query rebuilt as
    /// `?k=v&k2=v2` from the decoded map (the original query string is not sent, so this is a
    /// lower bound of its encoded length).
    pub fn path_and_query_len(&self) -> usize {
        let query = self.query_parameters.as_ref().map_or(0, |q| {
            q.iter().map(|(k, v)| k.len() + v.len() + 2).sum::<usize>()
        });
        self.raw_path.len() + query
    }
}

impl HttpRequestContext {
    /// `timeEpoch` as a number of milliseconds; `None` when it is not an integer.
    pub fn time_epoch_millis(&self) -> Option<i64> {
        self.time_epoch.parse().ok()
    }

    /// `timeEpoch` as a time.
    pub fn time_epoch_datetime(&self) -> Result<DateTime<Utc>, TimeError> {
        self.time_epoch_millis()
            .and_then(DateTime::from_timestamp_millis)
            .ok_or_else(|| TimeError {
                value: self.time_epoch.to_string(),
                expected: "epoch milliseconds as a string of digits",
            })
    }
}

impl Payload for HttpRequest {
    const KIND: TriggerKind = TriggerKind::HttpRequest;
}

/// The schema of [`HttpRequest`]: `body` and `queryParameters` required, as validation requires them.
#[cfg(feature = "schema")]
fn request_members_required(schema: &mut schemars::Schema) {
    crate::model::dialect::require_members(schema, &["body", "queryParameters"]);
}

/// The schema of [`HttpRequestInfo`]: `userAgent` required, as validation requires it.
#[cfg(feature = "schema")]
fn user_agent_required(schema: &mut schemars::Schema) {
    crate::model::dialect::require_members(schema, &["userAgent"]);
}

impl Validate for HttpRequest {
    fn validate(&self, v: &mut Validator) {
        v.one_of("version", &self.version, &["v1"]);
        check_limit(
            v,
            "headers",
            "request headers (names + values)",
            self.headers.byte_len(),
            MAX_REQUEST_HEADERS_BYTES,
        );
        check_limit(
            v,
            "rawPath",
            "a request path plus query",
            self.path_and_query_len(),
            MAX_PATH_AND_QUERY_BYTES,
        );
        if let Some(body) = &self.body {
            if let Some(size) = check_body(v, "body", body, self.is_base64_encoded) {
                check_limit(v, "body", "a request body", size, MAX_BODY_BYTES);
            }
        }
        v.require(
            "body",
            self.body.is_some(),
            "every documented request event",
        );
        v.require(
            "queryParameters",
            self.query_parameters.is_some(),
            "every documented request event",
        );
        v.field("requestContext", &self.request_context);
    }
}

impl Validate for HttpRequestContext {
    fn validate(&self, v: &mut Validator) {
        v.rfc3339("time", &self.time);
        v.at("http", |v| {
            v.require(
                "userAgent",
                self.http.user_agent.is_some(),
                "every documented request event",
            )
        });
        match self.time_epoch_millis() {
            Some(ms) if self.time_epoch.bytes().all(|b| b.is_ascii_digit()) => {
                v.epoch("timeEpoch", ms, 1_000)
            }
            _ => v.fault_at(
                "timeEpoch",
                code::FORMAT,
                format!(
                    "expected epoch milliseconds as a string of digits, found {:?}",
                    crate::model::validate::quote(&self.time_epoch)
                ),
            ),
        }
    }
}

crate::events::http_common::response_type! {
    /// The response a function returns to an HTTP trigger:
    /// `{statusCode, headers, isBase64Encoded, body}`.
    ///
    /// Build one with [`HttpResponse::text`], [`HttpResponse::json`] or [`HttpResponse::binary`],
    /// then [`status`](HttpResponse::status) and [`with_header`](HttpResponse::with_header).
    HttpResponse, TriggerKind::HttpResponse
}

impl Validate for HttpResponse {
    fn validate(&self, v: &mut Validator) {
        self.validate_common(v, Some(MAX_BODY_BYTES));
        if let Some(headers) = &self.headers {
            if headers.keys().any(is_reserved_response_header) {
                v.at("headers", |v| {
                    for name in headers.keys().filter(|n| is_reserved_response_header(n)) {
                        v.fault_at(
                            name,
                            code::RESERVED_HEADER,
                            format!(
                                "expected a header the function may set, found `{name}`, which the platform reserves ({}, x-fc-*)",
                                RESERVED_RESPONSE_HEADERS.join(", ")
                            ),
                        );
                    }
                });
            }
            check_limit(
                v,
                "headers",
                "response headers (names + values)",
                headers.byte_len(),
                MAX_RESPONSE_HEADERS_BYTES,
            );
        }
    }
}
