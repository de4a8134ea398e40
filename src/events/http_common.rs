//! What the API Gateway and HTTP triggers share: bodies that may be base64, size limits, and the
//! response a function returns together with its builder (declared once here, instantiated by
//! `apigw` and `http`). Their string maps and boolean-or-string flags are wire types
//! (`StringMap`, `BoolOrString` in the `wire` module).

use std::borrow::Cow;

use crate::model::validate::{code, Validator};

/// One kilobyte as the HTTP trigger limits count it.
pub(crate) const KB: usize = 1024;
/// One megabyte as the HTTP trigger limits count it.
pub(crate) const MB: usize = 1024 * 1024;

/// Why a body could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BodyError {
    /// `isBase64Encoded` is true but the body is not standard base64.
    Base64(crate::wire::Base64Error),
    /// `isBase64Encoded` is true but the body is not a string (a response body given as JSON).
    NotAString,
    /// The body is not the JSON the caller asked for.
    Json(String),
}

impl std::fmt::Display for BodyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BodyError::Base64(e) => write!(
                f,
                "the body is flagged base64 but is not valid standard base64: {e}"
            ),
            BodyError::NotAString => f.write_str("the body is flagged base64 but is not a string"),
            BodyError::Json(m) => write!(f, "the body is not the expected JSON: {m}"),
        }
    }
}

impl std::error::Error for BodyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BodyError::Base64(e) => Some(e),
            _ => None,
        }
    }
}

impl From<crate::wire::Base64Error> for BodyError {
    fn from(e: crate::wire::Base64Error) -> Self {
        BodyError::Base64(e)
    }
}

/// The bytes of a string body: base64-decoded when `base64` is set, the UTF-8 text otherwise.
pub(crate) fn body_bytes(body: &str, base64: bool) -> Result<Cow<'_, [u8]>, BodyError> {
    if base64 {
        Ok(Cow::Owned(crate::wire::blob::decode(body)?))
    } else {
        Ok(Cow::Borrowed(body.as_bytes()))
    }
}

/// Parses a body as JSON into `T`.
pub(crate) fn body_json<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, BodyError> {
    serde_json::from_slice(bytes).map_err(|e| BodyError::Json(e.to_string()))
}

/// The parts of a comma-joined multi-value (how the HTTP trigger passes repeated headers and query
/// keys), trimmed of surrounding white space.
pub(crate) fn split_joined(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').map(str::trim)
}

/// Checks a base64-flagged string body at member `key`; returns the size of the body in bytes
/// (decoded when flagged), or `None` when it cannot be decoded (the fault is reported).
pub(crate) fn check_body(v: &mut Validator, key: &str, body: &str, base64: bool) -> Option<usize> {
    if base64 {
        v.base64(key, body)
    } else {
        Some(body.len())
    }
}

/// Reports a `limit` fault at member `key` when `size` exceeds `max` bytes.
pub(crate) fn check_limit(v: &mut Validator, key: &str, what: &str, size: usize, max: usize) {
    if size > max {
        v.fault_at(
            key,
            code::LIMIT,
            format!(
                "expected {what} of at most {} ({max} bytes), found {size} bytes",
                human(max)
            ),
        );
    }
}

fn human(bytes: usize) -> String {
    if bytes % MB == 0 {
        format!("{} MB", bytes / MB)
    } else if bytes % KB == 0 {
        format!("{} KB", bytes / KB)
    } else {
        format!("{bytes} bytes")
    }
}

/// Declares a response type a function returns (`{statusCode, headers, isBase64Encoded, body}`)
/// with its builder, accessors and [`Payload`](crate::Payload) implementation. The API Gateway and
/// HTTP trigger responses are the same shape; each module instantiates it under its own name so
/// that the two kinds stay distinct types.
macro_rules! response_type {
    (
        $(#[$meta:meta])*
        $name:ident, $kind:expr
    ) => {
        $crate::codec::wire_struct! {
            $(#[$meta])*
            #[derive(Debug, Clone, PartialEq)]
            // As validation: a body flagged base64 is a string (or absent).
            #[cfg_attr(feature = "schema", schemars(extend(
                "if" = {
                    "properties": { "isBase64Encoded": { "enum": [true, "true"] } },
                    "required": ["isBase64Encoded"]
                },
                "then" = { "properties": { "body": { "type": ["string", "null"] } } }
            )))]
            pub struct $name {
                /// The HTTP status, 100–599. A number, or a string holding one (what the documented
                /// sample functions return).
                #[cfg_attr(feature = "schema", schemars(schema_with = "crate::wire::number::schema_in_range::<100, 599>"))]
                ///
                /// Shown by every documented response (the help pages' sketch, the FC guide's sample
                /// functions in four languages); no capture of a response is published.
                "statusCode" => pub status_code: $crate::wire::NumberOrString,
                /// Response headers.
                ///
                /// Shown by every documented response (the help pages' sketch, the FC guide's sample
                /// functions in four languages); optional to decoding and validation, since a response is
                /// the function's own output.
                "headers" => pub headers: Option<$crate::wire::StringMap>,
                /// Whether `body` is base64 (binary content).
                ///
                /// Shown by every documented response (the help pages' sketch, the FC guide's sample
                /// functions in four languages); optional to decoding and validation, since a response is
                /// the function's own output.
                "isBase64Encoded" => pub is_base64_encoded: Option<$crate::wire::BoolOrString>,
                /// The body: a string (base64 when flagged). The documented sample functions also
                /// return a JSON object here; it is kept as sent.
                ///
                /// Shown by every documented response (the help pages' sketch, the FC guide's sample
                /// functions in four languages); optional to decoding and validation, since a response is
                /// the function's own output.
                "body" => pub body: Option<$crate::wire::JsonText>,
            }
        }

        impl Default for $name {
            /// `200` with no headers and no body.
            fn default() -> Self {
                Self::new(200)
            }
        }

        impl $name {
            /// A response with `status`, no headers and no body.
            pub fn new(status: u16) -> Self {
                $name {
                    status_code: $crate::wire::NumberOrString::Int(i64::from(status)),
                    headers: None,
                    is_base64_encoded: None,
                    body: None,
                    extra: $crate::wire::Map::new(),
                }
            }

            /// Decodes a response from JSON bytes. Errors name the place of the fault.
            pub fn from_slice(bytes: &[u8]) -> Result<Self, $crate::wire::DecodeError> {
                <Self as $crate::model::Payload>::decode(bytes)
            }

            /// `200` with a text body and `Content-Type: text/plain; charset=utf-8`.
            pub fn text(body: impl Into<String>) -> Self {
                Self::with_string_body(body.into(), false, "text/plain; charset=utf-8")
            }

            /// `200` with `value` serialized to a JSON string body and
            /// `Content-Type: application/json`.
            pub fn json<T: ::serde::Serialize + ?Sized>(
                value: &T,
            ) -> Result<Self, $crate::wire::EncodeError> {
                let body = ::serde_json::to_string(value)?;
                Ok(Self::with_string_body(body, false, "application/json"))
            }

            /// `200` with a binary body: base64-encoded, `isBase64Encoded: true` and
            /// `Content-Type: application/octet-stream`.
            pub fn binary(bytes: impl AsRef<[u8]>) -> Self {
                let body = $crate::wire::blob::encode(bytes.as_ref());
                Self::with_string_body(body, true, "application/octet-stream")
            }

            fn with_string_body(body: String, base64: bool, content_type: &str) -> Self {
                let mut r = Self::new(200);
                r.body = Some($crate::wire::JsonText::string(&body));
                r.is_base64_encoded = Some($crate::wire::BoolOrString::Bool(base64));
                r.headers = Some($crate::wire::StringMap::from_iter([(
                    "Content-Type",
                    content_type,
                )]));
                r
            }

            /// Sets the status.
            pub fn status(mut self, status: u16) -> Self {
                self.status_code = $crate::wire::NumberOrString::Int(i64::from(status));
                self
            }

            /// Sets a header, replacing any header of the same name in any letter case.
            pub fn with_header(mut self, name: impl Into<$crate::wire::Text>, value: impl Into<$crate::wire::Text>) -> Self {
                self.headers
                    .get_or_insert_with($crate::wire::StringMap::new)
                    .set_ignore_case(name, value);
                self
            }

            /// The status as a number (parsing a string), or `None` when it is not an integer.
            pub fn status_i64(&self) -> Option<i64> {
                self.status_code.as_i64()
            }

            /// Whether the body is flagged base64 (`true` or `"true"`).
            pub fn is_base64(&self) -> bool {
                self.is_base64_encoded.as_ref().is_some_and(|f| f.is_true())
            }

            /// The value of header `name`, ignoring ASCII case.
            pub fn header(&self, name: &str) -> Option<&str> {
                self.headers.as_ref()?.get_ignore_case(name)
            }

            /// The body as text: the string (unescaped), or the JSON text of any other body as
            /// sent; `None` without a body.
            pub fn body_text(&self) -> Option<::std::borrow::Cow<'_, str>> {
                let body = self.body.as_ref()?;
                Some(body.as_str().unwrap_or(::std::borrow::Cow::Borrowed(body.as_json_str())))
            }

            /// The body bytes: base64-decoded when flagged; empty without a body.
            pub fn body_bytes(&self) -> Result<::std::borrow::Cow<'_, [u8]>, $crate::events::http_common::BodyError> {
                let Some(body) = self.body.as_ref() else {
                    return Ok(::std::borrow::Cow::Borrowed(&[]));
                };
                match (body.as_str(), self.is_base64()) {
                    (Some(::std::borrow::Cow::Borrowed(s)), b64) => $crate::events::http_common::body_bytes(s, b64),
                    (Some(::std::borrow::Cow::Owned(s)), b64) => {
                        $crate::events::http_common::body_bytes(&s, b64).map(|b| ::std::borrow::Cow::Owned(b.into_owned()))
                    }
                    (None, true) => Err($crate::events::http_common::BodyError::NotAString),
                    (None, false) => Ok(::std::borrow::Cow::Borrowed(body.as_json_str().as_bytes())),
                }
            }

            /// Checks the rules every response shares: status 100–599, the flag's string form, a
            /// flagged body being a base64 string; and the body size in bytes (decoded when
            /// flagged) against `max_body`, when given.
            fn validate_common(&self, v: &mut $crate::model::validate::Validator, max_body: Option<usize>) {
                use $crate::model::validate::code;
                match self.status_code.as_i64() {
                    Some(n) => v.range("statusCode", n, 100, 599),
                    None => v.fault_at(
                        "statusCode",
                        code::FORMAT,
                        format!("expected an integer HTTP status, found {:?}", $crate::model::validate::quote(&self.status_code.to_string())),
                    ),
                }
                if let Some($crate::wire::BoolOrString::String(s)) = &self.is_base64_encoded {
                    if s != "true" && s != "false" {
                        v.fault_at(
                            "isBase64Encoded",
                            code::FORMAT,
                            format!("expected true, false, \"true\" or \"false\", found {s:?}", s = $crate::model::validate::quote(s)),
                        );
                    }
                }
                let Some(body) = self.body.as_ref() else {
                    return;
                };
                let size = if self.is_base64() {
                    match body.as_str() {
                        Some(s) => $crate::events::http_common::check_body(v, "body", &s, true),
                        None => {
                            v.fault_at(
                                "body",
                                code::TYPE,
                                format!(
                                    "expected a base64 string (isBase64Encoded is true), found {}",
                                    body.describe()
                                ),
                            );
                            None
                        }
                    }
                } else {
                    // The text's length bounds the string's: count the string only when it
                    // could be over the limit.
                    let text = body.as_json_str().len();
                    match max_body {
                        Some(max) if text > max => Some(body.str_len().unwrap_or(text)),
                        _ => None,
                    }
                };
                if let (Some(size), Some(max)) = (size, max_body) {
                    $crate::events::http_common::check_limit(v, "body", "a response body", size, max);
                }
            }
        }

        impl $crate::model::Payload for $name {
            const KIND: $crate::wire::TriggerKind = $kind;
        }
    };
}

pub(crate) use response_type;
