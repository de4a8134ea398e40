//! The platform's own error answers to HTTP trigger requests.
//!
//! When FC itself rejects a request or the function fails, the HTTP response carries an
//! `X-Fc-Error-Type` header. The FC guide's table lists these answers:
//!
//! | `X-Fc-Error-Type` | status | cause |
//! |---|---|---|
//! | `FcCommonError` | 400 | the request exceeds the limits (headers 4 KB, path plus query 4 KB, body 6 MB; error code `InvalidArgument`) |
//! | `FcCommonError` | 400 | the `Date` or `Authorization` header is missing where the trigger requires authentication |
//! | `FcCommonError` | 403 | the signature is wrong, or `Date` is more than 15 minutes away from the server's time |
//! | `FcCommonError` | 403 | the method is not one the trigger allows (e.g. POST to a GET-only trigger) |
//! | `FcCommonError` | 404 | the function has no HTTP trigger |
//! | `FcCommonError` | 429 | throttled (e.g. the concurrency limit is reached); slow down |
//! | `UnhandledInvocationError` | 502 | the function's response exceeds the limits (headers 4 KB, body 6 MB; error code `BadResponse`) |
//! | `UnhandledInvocationError` | 502 | the function failed while handling the request |
//! | `UnhandledInvocationError` | 502 | the function did not answer the HTTP request the way the trigger expects |
//! | `FcCommonError` | 500 | an internal error of the platform; retry |
//! | `FcCommonError` | 503 | the platform is temporarily unavailable; retry |
//!
//! The body's shape is not in the guide: [`FcErrorResponse::from_parts`] reads a JSON body with
//! `ErrorCode`/`ErrorMessage` (FC 2.0 style) or `Code`/`Message` (FC 3.0 style) and a `RequestId`,
//! and keeps any body as received.

use crate::codec::open_enum;

/// The name of the header that marks an answer from the platform rather than from the function.
pub const ERROR_TYPE_HEADER: &str = "X-Fc-Error-Type";

open_enum! {
    /// The value of `X-Fc-Error-Type`.
    pub enum FcErrorType {
        /// A request the platform rejected, or a platform fault.
        FcCommonError = "FcCommonError",
        /// The function failed or answered in a way the platform could not pass on.
        UnhandledInvocationError = "UnhandledInvocationError",
    }
}

/// One row of the guide's error table: type, status, cause, whether retrying can help.
struct Documented {
    error_type: &'static str,
    status: u16,
    cause: &'static str,
    retry: bool,
}

const TABLE: &[Documented] = &[
    Documented {
        error_type: "FcCommonError",
        status: 400,
        cause: "the request exceeds the HTTP trigger limits (headers 4 KB, path plus query 4 KB, body 6 MB)",
        retry: false,
    },
    Documented {
        error_type: "FcCommonError",
        status: 400,
        cause: "the Date or Authorization header is missing and the trigger requires authentication",
        retry: false,
    },
    Documented {
        error_type: "FcCommonError",
        status: 403,
        cause: "the signature is wrong, or the Date header is more than 15 minutes away from the server's time",
        retry: false,
    },
    Documented {
        error_type: "FcCommonError",
        status: 403,
        cause: "the request method is not one the trigger allows",
        retry: false,
    },
    Documented {
        error_type: "FcCommonError",
        status: 404,
        cause: "the function has no HTTP trigger",
        retry: false,
    },
    Documented {
        error_type: "FcCommonError",
        status: 429,
        cause: "the request was throttled (e.g. the concurrency limit is reached)",
        retry: true,
    },
    Documented {
        error_type: "UnhandledInvocationError",
        status: 502,
        cause: "the function's response exceeds the limits (headers 4 KB, body 6 MB)",
        retry: false,
    },
    Documented {
        error_type: "UnhandledInvocationError",
        status: 502,
        cause: "the function failed while handling the request",
        retry: false,
    },
    Documented {
        error_type: "UnhandledInvocationError",
        status: 502,
        cause: "the function did not answer the HTTP request the way the trigger expects",
        retry: false,
    },
    Documented {
        error_type: "FcCommonError",
        status: 500,
        cause: "an internal error of the platform",
        retry: true,
    },
    Documented {
        error_type: "FcCommonError",
        status: 503,
        cause: "the platform is temporarily unavailable",
        retry: true,
    },
];

/// An error answer from the platform, decoded from an HTTP response's status, headers and body.
///
/// ```
/// use fc_events::http::{FcErrorResponse, FcErrorType};
///
/// let headers = [("content-type", "application/json"), ("x-fc-error-type", "FcCommonError")];
/// let body = br#"{"ErrorCode":"InvalidArgument","ErrorMessage":"body is too large"}"#;
/// let e = FcErrorResponse::from_parts(400, headers, body).expect("a platform error");
/// assert_eq!(e.error_type, FcErrorType::FcCommonError);
/// assert_eq!(e.code.as_deref(), Some("InvalidArgument"));
/// assert!(!e.is_retryable());
/// assert!(e.documented_causes().iter().any(|c| c.contains("limits")));
///
/// // A response without the header is the function's own answer.
/// assert!(FcErrorResponse::from_parts(400, [("content-type", "text/plain")], b"nope").is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FcErrorResponse {
    /// The `X-Fc-Error-Type` header's value.
    pub error_type: FcErrorType,
    /// The HTTP status.
    pub status: u16,
    /// The error code from a JSON body (`ErrorCode` or `Code`), e.g. `InvalidArgument`.
    pub code: Option<String>,
    /// The error message from a JSON body (`ErrorMessage` or `Message`).
    pub message: Option<String>,
    /// The request id: the body's `RequestId`, else the `X-Fc-Request-Id` header.
    pub request_id: Option<String>,
    /// The body as received.
    pub body: Vec<u8>,
}

impl FcErrorResponse {
    /// Decodes a platform error from a response's parts; `None` when there is no `X-Fc-Error-Type`
    /// header (the answer is the function's own). Header names are matched ignoring case.
    pub fn from_parts<I, K, V>(status: u16, headers: I, body: &[u8]) -> Option<Self>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let mut error_type = None;
        let mut header_request_id = None;
        for (k, v) in headers {
            let k = k.as_ref();
            if k.eq_ignore_ascii_case(ERROR_TYPE_HEADER) {
                error_type = Some(FcErrorType::from(v.as_ref().trim()));
            } else if k.eq_ignore_ascii_case("x-fc-request-id") {
                header_request_id = Some(v.as_ref().to_owned());
            }
        }
        let error_type = error_type?;
        let json: Option<serde_json::Map<String, serde_json::Value>> =
            serde_json::from_slice(body).ok();
        let text = |keys: &[&str]| -> Option<String> {
            let obj = json.as_ref()?;
            keys.iter()
                .find_map(|k| obj.get(*k).and_then(|v| v.as_str()).map(str::to_owned))
        };
        Some(FcErrorResponse {
            error_type,
            status,
            code: text(&["ErrorCode", "Code", "errorCode", "code"]),
            message: text(&["ErrorMessage", "Message", "errorMessage", "message"]),
            request_id: text(&["RequestId", "requestId"]).or(header_request_id),
            body: body.to_vec(),
        })
    }

    /// What the FC guide's table says can cause this type and status; empty when the pair is not in
    /// the table.
    pub fn documented_causes(&self) -> Vec<&'static str> {
        self.rows().map(|d| d.cause).collect()
    }

    /// Whether this type and status appear in the FC guide's table.
    pub fn is_documented(&self) -> bool {
        self.rows().next().is_some()
    }

    /// Whether retrying (with backoff) can help: throttling (429), platform faults (500, 503).
    pub fn is_retryable(&self) -> bool {
        match self.rows().next() {
            Some(_) => self.rows().any(|d| d.retry),
            None => matches!(self.status, 429 | 500 | 503),
        }
    }

    /// The body as text (lossy for bytes that are not UTF-8).
    pub fn body_text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }

    fn rows(&self) -> impl Iterator<Item = &'static Documented> + '_ {
        TABLE
            .iter()
            .filter(move |d| d.status == self.status && d.error_type == self.error_type.as_str())
    }
}

impl std::fmt::Display for FcErrorResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "{} {}", self.status, self.error_type)?;
        if let Some(c) = &self.code {
            write!(f, " {c}")?;
        }
        if let Some(m) = &self.message {
            write!(f, ": {m}")?;
        }
        Ok(())
    }
}

impl std::error::Error for FcErrorResponse {}
