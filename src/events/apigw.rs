//! API Gateway trigger: the request event API Gateway passes to an event function, and the response
//! the function returns.
//!
//! ```
//! use fc_events::apigw::{ApigwRequest, ApigwResponse};
//!
//! let bytes = br#"{"path":"/testadd","httpMethod":"POST",
//!   "headers":{"X-Ca-Api-Gateway":"BE0C2165","Content-Type":"application/json"},
//!   "queryParameters":{"a":"12323"},"pathParameters":{},
//!   "body":"eyJuYW1lIjoidGVzdCJ9","isBase64Encoded":true}"#;
//! let request = ApigwRequest::from_slice(bytes)?;
//! assert_eq!(request.header("content-type"), Some("application/json"));
//! assert_eq!(request.query("a"), Some("12323"));
//! assert_eq!(&*request.body_bytes()?, br#"{"name":"test"}"#);
//!
//! // The answer: text, JSON (any `Serialize`) or binary, with headers and a status.
//! let response = ApigwResponse::json(&serde_json::json!({"ok": true}))?
//!     .status(201)
//!     .with_header("X-Request-Id", "42");
//! let wire: serde_json::Value = serde_json::from_slice(&fc_events::Payload::encode(&response)?)?;
//! assert_eq!(wire["statusCode"], 201);
//! assert_eq!(wire["body"], r#"{"ok":true}"#);
//! assert_eq!(wire["isBase64Encoded"], false);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Quirks:
//! * `isBase64Encoded` is a boolean in every captured request, but the documentation's schema and its
//!   sample functions write `"true"`/`"false"` strings; both decode ([`BoolOrString`]) and re-encode
//!   as sent. It can be `true` for a GET with an empty body.
//! * `queryParameters` and `pathParameters` are `{}` when empty; values are strings (a number is a
//!   decoding error at its pointer).
//! * `headers` include API Gateway's system headers (`X-Ca-Api-Gateway`, `X-Forwarded-For`,
//!   `CA-Host`, …) with their names' case as sent: look them up with [`ApigwRequest::header`], which
//!   ignores case.
//! * The documented sample functions return `statusCode` as a string (`"200"`) and `body` as a JSON
//!   object; [`ApigwResponse`] decodes both as sent. The builder always writes a number and a string
//!   body.
//! * API Gateway's own limits are not part of the FC guide; validation checks the status range
//!   (100–599), the flag's string form and that flagged bodies are base64. The HTTP trigger's limits
//!   and reserved headers apply to [`crate::http`], not here.
//! * A response has the same shape as the HTTP trigger's, so [`Event::from_slice`](crate::Event::from_slice)
//!   detects it as `http-response`; choose `apigw-response` explicitly with
//!   [`Event::from_slice_as`](crate::Event::from_slice_as).
//!
//! Documented in the FC guide (API Gateway trigger: event format and sample functions) and the FC 3.0
//! help page "Formats of event for different triggers" (API Gateway section, event functions only).
//!
//! Evidence (member audit): the docs' schema sketch, three published API Gateway event dumps (corpus) and
//! the FC guide's sample functions. Every request member is sent by all of them; nothing changed. The
//! response members are audited with the HTTP trigger's ([`crate::http`]).

use std::borrow::Cow;

pub use crate::events::http_common::BodyError;
use crate::model::validate::{quote, Validate, Validator};
use crate::model::Payload;
use crate::wire::error::DecodeError;
use crate::wire::kind::TriggerKind;
use crate::wire::Text;
pub use crate::wire::{BoolOrString, StringMap};

crate::codec::wire_struct! {
    /// The event API Gateway passes to a function.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct ApigwRequest {
        /// The matched request path, e.g. `/echo/phone`.
        ///
        /// Sent by every documented sample and capture (three published API Gateway event dumps and the docs' schema sketch).
        "path" => pub path: Text,
        /// The request method, e.g. `POST`.
        ///
        /// Sent by every documented sample and capture (three published API Gateway event dumps and the docs' schema sketch).
        "httpMethod" => pub http_method: Text,
        /// Every request header, including API Gateway's system headers.
        ///
        /// Sent by every documented sample and capture (three published API Gateway event dumps and the docs' schema sketch).
        "headers" => pub headers: StringMap,
        /// Query parameters; `{}` when none.
        ///
        /// Sent by every documented sample and capture (three published API Gateway event dumps and the docs' schema sketch).
        "queryParameters" => pub query_parameters: StringMap,
        /// Path parameters; `{}` when none.
        ///
        /// Sent by every documented sample and capture (three published API Gateway event dumps and the docs' schema sketch).
        "pathParameters" => pub path_parameters: StringMap,
        /// The request body as a string (base64 when flagged); `""` when empty.
        ///
        /// Sent by every documented sample and capture (three published API Gateway event dumps and the docs' schema sketch).
        "body" => pub body: Text,
        /// Whether `body` is base64: a boolean in captures, a string in the documentation.
        ///
        /// Sent by every documented sample and capture (three published API Gateway event dumps and the docs' schema sketch).
        "isBase64Encoded" => pub is_base64_encoded: BoolOrString,
    }
}

impl ApigwRequest {
    /// Decodes a request from JSON bytes.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, DecodeError> {
        <Self as Payload>::decode(bytes)
    }

    /// The value of header `name`, ignoring ASCII case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get_ignore_case(name)
    }

    /// The value of query parameter `name` (exact match).
    pub fn query(&self, name: &str) -> Option<&str> {
        self.query_parameters.get(name)
    }

    /// The value of path parameter `name` (exact match).
    pub fn path_parameter(&self, name: &str) -> Option<&str> {
        self.path_parameters.get(name)
    }

    /// Whether the body is flagged base64 (`true` or `"true"`).
    pub fn is_base64(&self) -> bool {
        self.is_base64_encoded.is_true()
    }

    /// The body bytes, base64-decoded when flagged.
    pub fn body_bytes(&self) -> Result<Cow<'_, [u8]>, BodyError> {
        crate::events::http_common::body_bytes(&self.body, self.is_base64())
    }

    /// The body (decoded when flagged) parsed as JSON into `T`.
    pub fn body_json<T: serde::de::DeserializeOwned>(&self) -> Result<T, BodyError> {
        crate::events::http_common::body_json(&self.body_bytes()?)
    }
}

impl Payload for ApigwRequest {
    const KIND: TriggerKind = TriggerKind::ApigwRequest;
}

impl Validate for ApigwRequest {
    fn validate(&self, v: &mut Validator) {
        if let BoolOrString::String(s) = &self.is_base64_encoded {
            if s != "true" && s != "false" {
                v.fault_at(
                    "isBase64Encoded",
                    crate::model::validate::code::FORMAT,
                    format!(
                        "expected true, false, \"true\" or \"false\", found {s:?}",
                        s = quote(s)
                    ),
                );
            }
        }
        crate::events::http_common::check_body(v, "body", &self.body, self.is_base64());
    }
}

crate::events::http_common::response_type! {
    /// The response an event function returns to API Gateway:
    /// `{isBase64Encoded, statusCode, headers, body}`.
    ///
    /// Build one with [`ApigwResponse::text`], [`ApigwResponse::json`] or [`ApigwResponse::binary`],
    /// then [`status`](ApigwResponse::status) and [`with_header`](ApigwResponse::with_header).
    ApigwResponse, TriggerKind::ApigwResponse
}

impl Validate for ApigwResponse {
    fn validate(&self, v: &mut Validator) {
        self.validate_common(v, None);
    }
}
