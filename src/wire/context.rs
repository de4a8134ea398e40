//! The invocation context FC hands a custom runtime in `x-fc-*` request headers, typed.
//!
//! FC 3.0 runs a custom runtime as an HTTP server; every request it sends (event invocation
//! `POST /invoke`, HTTP-trigger request, lifecycle hooks `POST /initialize`, `GET /pre-freeze`,
//! `GET /pre-stop`) carries the invocation context as headers. [`InvokeContext::from_headers`] reads
//! them from any iterator of `(name, value)` pairs, names compared case-insensitively, so it works
//! with `http::HeaderMap`, a `Vec` of strings, or a test's array, and needs no server:
//!
//! ```
//! use fc_events::context::InvokeContext;
//!
//! let ctx = InvokeContext::from_headers([
//!     ("X-Fc-Request-Id", "1-23-45"),
//!     ("x-fc-function-memory", "512"),
//!     ("x-fc-function-deadline", "1700000060000"),
//!     ("x-fc-access-key-secret", "s3cr3t"),
//!     ("x-fc-access-key-id", "STS.id"),
//!     ("x-fc-security-token", "token"),
//!     ("x-fc-instance-id", "c-1"),
//!     ("content-type", "application/octet-stream"),
//! ])?;
//! assert_eq!(ctx.request_id.as_deref(), Some("1-23-45"));
//! assert_eq!(ctx.function_memory_mb, Some(512));
//! assert_eq!(ctx.deadline.map(|d| d.timestamp()), Some(1_700_000_060));
//! // Unknown `x-fc-*` headers are kept; other headers are not part of the context.
//! assert_eq!(ctx.extra_header("x-fc-instance-id"), Some("c-1"));
//! // Credentials are never printed.
//! let creds = ctx.credentials.as_ref().unwrap();
//! assert_eq!(creds.access_key_secret.expose(), "s3cr3t");
//! assert!(!format!("{ctx:?}").contains("s3cr3t"));
//! # Ok::<(), fc_events::context::ContextError>(())
//! ```
//!
//! # The headers
//!
//! Every header below is typed; any other `x-fc-*` header is kept as text in
//! [`InvokeContext::extra`]. Headers not starting with `x-fc-` are ignored. Every member is optional:
//! FC does not send all of them on every request (lifecycle hooks carry fewer), and a local test
//! sends what it likes.
//!
//! | Header | Member | Type |
//! |---|---|---|
//! | `x-fc-request-id` | `request_id` | text |
//! | `x-fc-access-key-id`, `x-fc-access-key-secret`, `x-fc-security-token` | `credentials` | [`Credentials`] (redacted) |
//! | `x-fc-function-name` | `function_name` | text |
//! | `x-fc-function-handler` | `function_handler` | text |
//! | `x-fc-function-memory` | `function_memory_mb` | integer, MB |
//! | `x-fc-function-timeout` | `function_timeout` | integer seconds, as a `Duration` |
//! | `x-fc-function-deadline` | `deadline` | integer milliseconds since the Unix epoch, as a UTC time |
//! | `x-fc-function-type` | `function_type` | integer (0 invoke, 1 initializer, 2 pre-freeze, 3 pre-stop) |
//! | `x-fc-function-initializer` | `function_initializer` | text |
//! | `x-fc-initialization-timeout` | `initialization_timeout` | integer seconds, as a `Duration` |
//! | `x-fc-instance-lifecycle-pre-stop-handler` | `pre_stop_handler` | text |
//! | `x-fc-instance-lifecycle-pre-freeze-handler` | `pre_freeze_handler` | text |
//! | `x-fc-service-name` | `service_name` | text |
//! | `x-fc-service-logproject` | `service_log_project` | text |
//! | `x-fc-service-logstore` | `service_log_store` | text |
//! | `x-fc-region` | `region` | text |
//! | `x-fc-account-id` | `account_id` | text |
//! | `x-fc-qualifier` | `qualifier` | text |
//! | `x-fc-version-id` | `version_id` | text |
//! | `x-fc-retry-count` | `retry_count` | integer |
//! | `x-fc-client-ip` | `client_ip` | IP address |
//! | `x-fc-http-params` | `http_params` | text (FC 2.0: base64 JSON of the HTTP request) |
//! | `x-fc-control-path` | `control_path` | [`ControlPath`] |
//!
//! Sources: the Go runtime SDK
//! (`aliyun/fc-runtime-go-sdk@7505dd1c7d5d0377a6efa154e8e4e6e39bd48a10:fc/runtime_api_client.go`,
//! the header constants, and `@436aee2bcc486d61f9ba091a3f5f84aa7d83e83f:fc/invoke_loop.go`, which
//! parses the deadline as epoch milliseconds and the timeout and retry count as integers), and the
//! FC custom-runtime specification ("Common request headers in Function Compute", Alibaba Cloud
//! help `fc/user-guide/specification-details`, and "Custom runtime event functions", which lists the
//! `x-fc-control-path` values `/invoke`, `/http-invoke` and `/initialize`).
//!
//! # Malformed headers
//!
//! A typed header whose value does not parse (`x-fc-function-memory: lots`) is an error,
//! [`ContextError`], naming the header and what was expected: FC always sends these as numbers, so a
//! malformed one means the request did not come from FC as documented, and guessing would hide it. A
//! header repeated with different values is an error for the same reason.

use std::fmt;
use std::net::IpAddr;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};

/// The typed invocation context of one request. See the [module docs](self) for the headers.
#[derive(Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct InvokeContext {
    /// `x-fc-request-id`: the request id; FC logs use it to tie lines to an invocation.
    pub request_id: Option<String>,
    /// The temporary STS credentials of the function's role (`x-fc-access-key-id`,
    /// `x-fc-access-key-secret`, `x-fc-security-token`); `None` when none of the three is sent.
    pub credentials: Option<Credentials>,
    /// `x-fc-function-name`.
    pub function_name: Option<String>,
    /// `x-fc-function-handler` (meaningless for a custom runtime, sent anyway).
    pub function_handler: Option<String>,
    /// `x-fc-function-memory`: the memory limit, in MB.
    pub function_memory_mb: Option<u64>,
    /// `x-fc-function-timeout`: the function's timeout (whole seconds on the wire).
    pub function_timeout: Option<Duration>,
    /// `x-fc-function-deadline`: when the invocation times out (epoch milliseconds on the wire).
    pub deadline: Option<DateTime<Utc>>,
    /// `x-fc-function-type`: 0 invocation, 1 initializer, 2 pre-freeze, 3 pre-stop (Go runtime SDK).
    pub function_type: Option<u32>,
    /// `x-fc-function-initializer`: the initializer handler name.
    pub function_initializer: Option<String>,
    /// `x-fc-initialization-timeout`: the initializer's timeout (whole seconds on the wire).
    pub initialization_timeout: Option<Duration>,
    /// `x-fc-instance-lifecycle-pre-stop-handler`.
    pub pre_stop_handler: Option<String>,
    /// `x-fc-instance-lifecycle-pre-freeze-handler`.
    pub pre_freeze_handler: Option<String>,
    /// `x-fc-service-name` (FC 2.0 services).
    pub service_name: Option<String>,
    /// `x-fc-service-logproject`: the SLS project the function logs to.
    pub service_log_project: Option<String>,
    /// `x-fc-service-logstore`: the SLS Logstore the function logs to.
    pub service_log_store: Option<String>,
    /// `x-fc-region`, e.g. `cn-hangzhou`.
    pub region: Option<String>,
    /// `x-fc-account-id`: the owner's account id.
    pub account_id: Option<String>,
    /// `x-fc-qualifier`: the version or alias invoked.
    pub qualifier: Option<String>,
    /// `x-fc-version-id`: the version invoked.
    pub version_id: Option<String>,
    /// `x-fc-retry-count`: how many times an asynchronous invocation has been retried.
    pub retry_count: Option<u32>,
    /// `x-fc-client-ip`: the caller's address.
    pub client_ip: Option<IpAddr>,
    /// `x-fc-http-params`: FC 2.0's base64 JSON description of an HTTP-trigger request, as sent.
    pub http_params: Option<String>,
    /// `x-fc-control-path`: what kind of request this is.
    pub control_path: Option<ControlPath>,
    /// Every other `x-fc-*` header, name lowercased, in the order received.
    pub extra: Vec<(String, String)>,
}

/// The `x-fc-control-path` header: which entry point FC is calling.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ControlPath {
    /// `/invoke`: an event invocation.
    Invoke,
    /// `/http-invoke`: an HTTP-trigger request.
    HttpInvoke,
    /// `/initialize`: the Initializer hook.
    Initialize,
    /// `/pre-freeze`: the PreFreeze hook.
    PreFreeze,
    /// `/pre-stop`: the PreStop hook.
    PreStop,
    /// Any other value, kept as sent.
    Other(String),
}

impl ControlPath {
    /// Reads a header value.
    pub fn parse(s: &str) -> ControlPath {
        match s {
            "/invoke" => ControlPath::Invoke,
            "/http-invoke" => ControlPath::HttpInvoke,
            "/initialize" => ControlPath::Initialize,
            "/pre-freeze" => ControlPath::PreFreeze,
            "/pre-stop" => ControlPath::PreStop,
            other => ControlPath::Other(other.to_owned()),
        }
    }

    /// The header value.
    pub fn as_str(&self) -> &str {
        match self {
            ControlPath::Invoke => "/invoke",
            ControlPath::HttpInvoke => "/http-invoke",
            ControlPath::Initialize => "/initialize",
            ControlPath::PreFreeze => "/pre-freeze",
            ControlPath::PreStop => "/pre-stop",
            ControlPath::Other(s) => s,
        }
    }
}

impl fmt::Display for ControlPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The temporary STS credentials FC passes for the function's role. `Debug` shows the key id only;
/// the secret and the token print as `<redacted>`.
#[derive(Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Credentials {
    /// `x-fc-access-key-id` (an STS key id, `STS.…`; not secret by itself, printed redacted all the
    /// same since logs are often shared).
    pub access_key_id: Secret,
    /// `x-fc-access-key-secret`.
    pub access_key_secret: Secret,
    /// `x-fc-security-token`.
    pub security_token: Secret,
}

impl Credentials {
    /// Credentials from their three parts.
    pub fn new(
        access_key_id: impl Into<String>,
        access_key_secret: impl Into<String>,
        security_token: impl Into<String>,
    ) -> Credentials {
        Credentials {
            access_key_id: Secret::new(access_key_id),
            access_key_secret: Secret::new(access_key_secret),
            security_token: Secret::new(security_token),
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &self.access_key_secret)
            .field("security_token", &self.security_token)
            .finish()
    }
}

/// A text that `Debug` and `Display` never show (`<redacted>`, or `<empty>` when empty). Read it
/// with [`Secret::expose`].
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The value itself: the one way to read it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_empty() {
            "<empty>"
        } else {
            "<redacted>"
        })
    }
}

/// A context header that could not be read: which header, its value, and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextError {
    /// The header name, lowercased.
    pub header: String,
    /// The value received (never a credential: those are not parsed).
    pub value: String,
    /// What was expected.
    pub expected: &'static str,
}

impl fmt::Display for ContextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "header {}: expected {}, found {:?}",
            self.header, self.expected, self.value
        )
    }
}

impl std::error::Error for ContextError {}

/// The typed headers, their names and how each is written back by [`InvokeContext::to_headers`].
const NAMES: &[&str] = &[
    "x-fc-request-id",
    "x-fc-access-key-id",
    "x-fc-access-key-secret",
    "x-fc-security-token",
    "x-fc-function-name",
    "x-fc-function-handler",
    "x-fc-function-memory",
    "x-fc-function-timeout",
    "x-fc-function-deadline",
    "x-fc-function-type",
    "x-fc-function-initializer",
    "x-fc-initialization-timeout",
    "x-fc-instance-lifecycle-pre-stop-handler",
    "x-fc-instance-lifecycle-pre-freeze-handler",
    "x-fc-service-name",
    "x-fc-service-logproject",
    "x-fc-service-logstore",
    "x-fc-region",
    "x-fc-account-id",
    "x-fc-qualifier",
    "x-fc-version-id",
    "x-fc-retry-count",
    "x-fc-client-ip",
    "x-fc-http-params",
    "x-fc-control-path",
];

impl InvokeContext {
    /// The names of every typed header, lowercased.
    pub const HEADERS: &'static [&'static str] = NAMES;

    /// Reads the context from request headers: `(name, value)` pairs, names in any case. Headers
    /// that do not start with `x-fc-` are ignored. O(n) in the number of headers.
    pub fn from_headers<I, N, V>(headers: I) -> Result<InvokeContext, ContextError>
    where
        I: IntoIterator<Item = (N, V)>,
        N: AsRef<str>,
        V: AsRef<str>,
    {
        let mut ctx = InvokeContext::default();
        let (mut key_id, mut key_secret, mut token) = (None, None, None);
        for (name, value) in headers {
            let (name, value) = (name.as_ref(), value.as_ref());
            if name.len() < 5 || !name[..5].eq_ignore_ascii_case("x-fc-") {
                continue;
            }
            let lower = name.to_ascii_lowercase();
            let err = |expected| ContextError {
                header: lower.clone(),
                value: value.to_owned(),
                expected,
            };
            let text = || Some(value.to_owned());
            match lower.as_str() {
                "x-fc-request-id" => set(&mut ctx.request_id, text(), &lower, value)?,
                "x-fc-access-key-id" => set(&mut key_id, text(), &lower, "")?,
                "x-fc-access-key-secret" => set(&mut key_secret, text(), &lower, "")?,
                "x-fc-security-token" => set(&mut token, text(), &lower, "")?,
                "x-fc-function-name" => set(&mut ctx.function_name, text(), &lower, value)?,
                "x-fc-function-handler" => set(&mut ctx.function_handler, text(), &lower, value)?,
                "x-fc-function-memory" => {
                    let n = integer(value).ok_or_else(|| err("an integer (MB)"))?;
                    set(&mut ctx.function_memory_mb, Some(n), &lower, value)?
                }
                "x-fc-function-timeout" => {
                    let n = integer(value).ok_or_else(|| err("an integer (seconds)"))?;
                    set(
                        &mut ctx.function_timeout,
                        Some(Duration::from_secs(n)),
                        &lower,
                        value,
                    )?
                }
                "x-fc-function-deadline" => {
                    let t = integer(value)
                        .and_then(|ms| i64::try_from(ms).ok())
                        .and_then(|ms| Utc.timestamp_millis_opt(ms).single())
                        .ok_or_else(|| err("an integer (milliseconds since the Unix epoch)"))?;
                    set(&mut ctx.deadline, Some(t), &lower, value)?
                }
                "x-fc-function-type" => {
                    let n = integer(value)
                        .and_then(|n| u32::try_from(n).ok())
                        .ok_or_else(|| err("an integer"))?;
                    set(&mut ctx.function_type, Some(n), &lower, value)?
                }
                "x-fc-function-initializer" => {
                    set(&mut ctx.function_initializer, text(), &lower, value)?
                }
                "x-fc-initialization-timeout" => {
                    let n = integer(value).ok_or_else(|| err("an integer (seconds)"))?;
                    set(
                        &mut ctx.initialization_timeout,
                        Some(Duration::from_secs(n)),
                        &lower,
                        value,
                    )?
                }
                "x-fc-instance-lifecycle-pre-stop-handler" => {
                    set(&mut ctx.pre_stop_handler, text(), &lower, value)?
                }
                "x-fc-instance-lifecycle-pre-freeze-handler" => {
                    set(&mut ctx.pre_freeze_handler, text(), &lower, value)?
                }
                "x-fc-service-name" => set(&mut ctx.service_name, text(), &lower, value)?,
                "x-fc-service-logproject" => {
                    set(&mut ctx.service_log_project, text(), &lower, value)?
                }
                "x-fc-service-logstore" => set(&mut ctx.service_log_store, text(), &lower, value)?,
                "x-fc-region" => set(&mut ctx.region, text(), &lower, value)?,
                "x-fc-account-id" => set(&mut ctx.account_id, text(), &lower, value)?,
                "x-fc-qualifier" => set(&mut ctx.qualifier, text(), &lower, value)?,
                "x-fc-version-id" => set(&mut ctx.version_id, text(), &lower, value)?,
                "x-fc-retry-count" => {
                    let n = integer(value)
                        .and_then(|n| u32::try_from(n).ok())
                        .ok_or_else(|| err("an integer"))?;
                    set(&mut ctx.retry_count, Some(n), &lower, value)?
                }
                "x-fc-client-ip" => {
                    let ip = value
                        .trim()
                        .parse::<IpAddr>()
                        .map_err(|_| err("an IP address"))?;
                    set(&mut ctx.client_ip, Some(ip), &lower, value)?
                }
                "x-fc-http-params" => set(&mut ctx.http_params, text(), &lower, value)?,
                "x-fc-control-path" => set(
                    &mut ctx.control_path,
                    Some(ControlPath::parse(value)),
                    &lower,
                    value,
                )?,
                _ => ctx.extra.push((lower, value.to_owned())),
            }
        }
        if key_id.is_some() || key_secret.is_some() || token.is_some() {
            ctx.credentials = Some(Credentials::new(
                key_id.unwrap_or_default(),
                key_secret.unwrap_or_default(),
                token.unwrap_or_default(),
            ));
        }
        Ok(ctx)
    }

    /// The value of an unknown `x-fc-*` header (name in any case), the first when repeated.
    pub fn extra_header(&self, name: &str) -> Option<&str> {
        self.extra
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The time left before the deadline, from `now`; `None` without a deadline, zero once past.
    pub fn remaining(&self, now: DateTime<Utc>) -> Option<Duration> {
        self.deadline
            .map(|d| (d - now).to_std().unwrap_or(Duration::ZERO))
    }

    /// The context written back as headers, the way FC sends them: typed members in the order of
    /// [`InvokeContext::HEADERS`], then [`InvokeContext::extra`]. The credentials are included in
    /// clear (this is what a local invoke sends). `from_headers(ctx.to_headers())` gives `ctx` back.
    pub fn to_headers(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut push = |name: &str, value: Option<String>| {
            if let Some(v) = value {
                out.push((name.to_owned(), v));
            }
        };
        let creds = self.credentials.as_ref();
        push("x-fc-request-id", self.request_id.clone());
        push(
            "x-fc-access-key-id",
            creds.map(|c| c.access_key_id.expose().to_owned()),
        );
        push(
            "x-fc-access-key-secret",
            creds.map(|c| c.access_key_secret.expose().to_owned()),
        );
        push(
            "x-fc-security-token",
            creds.map(|c| c.security_token.expose().to_owned()),
        );
        push("x-fc-function-name", self.function_name.clone());
        push("x-fc-function-handler", self.function_handler.clone());
        push(
            "x-fc-function-memory",
            self.function_memory_mb.map(|n| n.to_string()),
        );
        push(
            "x-fc-function-timeout",
            self.function_timeout.map(|d| d.as_secs().to_string()),
        );
        push(
            "x-fc-function-deadline",
            self.deadline.map(|d| d.timestamp_millis().to_string()),
        );
        push(
            "x-fc-function-type",
            self.function_type.map(|n| n.to_string()),
        );
        push(
            "x-fc-function-initializer",
            self.function_initializer.clone(),
        );
        push(
            "x-fc-initialization-timeout",
            self.initialization_timeout.map(|d| d.as_secs().to_string()),
        );
        push(
            "x-fc-instance-lifecycle-pre-stop-handler",
            self.pre_stop_handler.clone(),
        );
        push(
            "x-fc-instance-lifecycle-pre-freeze-handler",
            self.pre_freeze_handler.clone(),
        );
        push("x-fc-service-name", self.service_name.clone());
        push("x-fc-service-logproject", self.service_log_project.clone());
        push("x-fc-service-logstore", self.service_log_store.clone());
        push("x-fc-region", self.region.clone());
        push("x-fc-account-id", self.account_id.clone());
        push("x-fc-qualifier", self.qualifier.clone());
        push("x-fc-version-id", self.version_id.clone());
        push("x-fc-retry-count", self.retry_count.map(|n| n.to_string()));
        push("x-fc-client-ip", self.client_ip.map(|ip| ip.to_string()));
        push("x-fc-http-params", self.http_params.clone());
        push(
            "x-fc-control-path",
            self.control_path.as_ref().map(|c| c.as_str().to_owned()),
        );
        out.extend(self.extra.iter().cloned());
        out
    }
}

impl fmt::Debug for InvokeContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Written out so that a member added later cannot print a credential by accident: the
        // credentials go through their own redacting Debug.
        f.debug_struct("InvokeContext")
            .field("request_id", &self.request_id)
            .field("credentials", &self.credentials)
            .field("function_name", &self.function_name)
            .field("function_handler", &self.function_handler)
            .field("function_memory_mb", &self.function_memory_mb)
            .field("function_timeout", &self.function_timeout)
            .field("deadline", &self.deadline)
            .field("function_type", &self.function_type)
            .field("function_initializer", &self.function_initializer)
            .field("initialization_timeout", &self.initialization_timeout)
            .field("pre_stop_handler", &self.pre_stop_handler)
            .field("pre_freeze_handler", &self.pre_freeze_handler)
            .field("service_name", &self.service_name)
            .field("service_log_project", &self.service_log_project)
            .field("service_log_store", &self.service_log_store)
            .field("region", &self.region)
            .field("account_id", &self.account_id)
            .field("qualifier", &self.qualifier)
            .field("version_id", &self.version_id)
            .field("retry_count", &self.retry_count)
            .field("client_ip", &self.client_ip)
            .field("http_params", &self.http_params)
            .field("control_path", &self.control_path)
            .field("extra", &self.extra)
            .finish()
    }
}

impl fmt::Display for InvokeContext {
    /// One line for logs: request id, function, region; never credentials.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "request {} function {} region {}",
            self.request_id.as_deref().unwrap_or("-"),
            self.function_name.as_deref().unwrap_or("-"),
            self.region.as_deref().unwrap_or("-"),
        )
    }
}

/// Sets a member once; a repeated header must repeat the same value.
fn set<T: PartialEq>(
    slot: &mut Option<T>,
    value: Option<T>,
    header: &str,
    shown: &str,
) -> Result<(), ContextError> {
    match (slot.as_ref(), value) {
        (Some(old), Some(new)) if *old != new => Err(ContextError {
            header: header.to_owned(),
            value: shown.to_owned(),
            expected: "one value (the header is repeated with different values)",
        }),
        (_, new) => {
            if slot.is_none() {
                *slot = new;
            }
            Ok(())
        }
    }
}

/// A non-negative decimal integer, surrounding blanks allowed (as HTTP header values may carry).
fn integer(s: &str) -> Option<u64> {
    let s = s.trim();
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full() -> Vec<(&'static str, &'static str)> {
        vec![
            ("x-fc-request-id", "rid-1"),
            ("x-fc-access-key-id", "STS.key"),
            ("x-fc-access-key-secret", "the-secret"),
            ("x-fc-security-token", "the-token"),
            ("x-fc-function-name", "fn"),
            ("x-fc-function-handler", "index.handler"),
            ("x-fc-function-memory", "512"),
            ("x-fc-function-timeout", "60"),
            ("x-fc-function-deadline", "1700000060123"),
            ("x-fc-function-type", "0"),
            ("x-fc-function-initializer", "index.init"),
            ("x-fc-initialization-timeout", "30"),
            ("x-fc-instance-lifecycle-pre-stop-handler", "index.stop"),
            ("x-fc-instance-lifecycle-pre-freeze-handler", "index.freeze"),
            ("x-fc-service-name", "svc"),
            ("x-fc-service-logproject", "proj"),
            ("x-fc-service-logstore", "store"),
            ("x-fc-region", "cn-hangzhou"),
            ("x-fc-account-id", "1234567890"),
            ("x-fc-qualifier", "LATEST"),
            ("x-fc-version-id", "3"),
            ("x-fc-retry-count", "2"),
            ("x-fc-client-ip", "10.0.0.1"),
            ("x-fc-http-params", "eyJwYXRoIjoiLyJ9"),
            ("x-fc-control-path", "/invoke"),
            ("x-fc-instance-id", "c-abc"),
        ]
    }

    #[test]
    fn every_documented_header_is_typed() {
        let ctx = InvokeContext::from_headers(full()).unwrap();
        assert_eq!(ctx.request_id.as_deref(), Some("rid-1"));
        assert_eq!(ctx.function_name.as_deref(), Some("fn"));
        assert_eq!(ctx.function_handler.as_deref(), Some("index.handler"));
        assert_eq!(ctx.function_memory_mb, Some(512));
        assert_eq!(ctx.function_timeout, Some(Duration::from_secs(60)));
        assert_eq!(
            ctx.deadline.unwrap().to_rfc3339(),
            "2023-11-14T22:14:20.123+00:00"
        );
        assert_eq!(ctx.function_type, Some(0));
        assert_eq!(ctx.function_initializer.as_deref(), Some("index.init"));
        assert_eq!(ctx.initialization_timeout, Some(Duration::from_secs(30)));
        assert_eq!(ctx.pre_stop_handler.as_deref(), Some("index.stop"));
        assert_eq!(ctx.pre_freeze_handler.as_deref(), Some("index.freeze"));
        assert_eq!(ctx.service_name.as_deref(), Some("svc"));
        assert_eq!(ctx.service_log_project.as_deref(), Some("proj"));
        assert_eq!(ctx.service_log_store.as_deref(), Some("store"));
        assert_eq!(ctx.region.as_deref(), Some("cn-hangzhou"));
        assert_eq!(ctx.account_id.as_deref(), Some("1234567890"));
        assert_eq!(ctx.qualifier.as_deref(), Some("LATEST"));
        assert_eq!(ctx.version_id.as_deref(), Some("3"));
        assert_eq!(ctx.retry_count, Some(2));
        assert_eq!(ctx.client_ip, Some("10.0.0.1".parse().unwrap()));
        assert_eq!(ctx.http_params.as_deref(), Some("eyJwYXRoIjoiLyJ9"));
        assert_eq!(ctx.control_path, Some(ControlPath::Invoke));
        let c = ctx.credentials.as_ref().unwrap();
        assert_eq!(c.access_key_id.expose(), "STS.key");
        assert_eq!(c.access_key_secret.expose(), "the-secret");
        assert_eq!(c.security_token.expose(), "the-token");
        assert_eq!(
            ctx.extra,
            vec![("x-fc-instance-id".to_owned(), "c-abc".to_owned())]
        );
    }

    #[test]
    fn every_typed_name_is_recognised() {
        // A typed header never lands in `extra`: the table and the parser agree.
        for name in InvokeContext::HEADERS {
            let value = match *name {
                "x-fc-client-ip" => "::1",
                "x-fc-control-path" => "/invoke",
                _ => "7",
            };
            let ctx = InvokeContext::from_headers([(*name, value)]).unwrap();
            assert!(ctx.extra.is_empty(), "{name} was not typed");
            assert_ne!(ctx, InvokeContext::default(), "{name} was dropped");
        }
    }

    #[test]
    fn to_headers_round_trips_value_for_value() {
        let input = full();
        let ctx = InvokeContext::from_headers(input.clone()).unwrap();
        let out = ctx.to_headers();
        let as_pairs: Vec<(&str, &str)> =
            out.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        assert_eq!(as_pairs, input);
        assert_eq!(InvokeContext::from_headers(out).unwrap(), ctx);
    }

    #[test]
    fn names_are_case_insensitive_and_others_ignored() {
        let ctx = InvokeContext::from_headers([
            ("X-FC-REQUEST-ID", "a"),
            ("X-Fc-Function-Memory", " 128 "),
            ("Content-Type", "application/json"),
            ("X-Fc-Custom", "kept"),
        ])
        .unwrap();
        assert_eq!(ctx.request_id.as_deref(), Some("a"));
        assert_eq!(ctx.function_memory_mb, Some(128));
        assert_eq!(ctx.extra, vec![("x-fc-custom".into(), "kept".into())]);
        assert_eq!(ctx.extra_header("X-FC-CUSTOM"), Some("kept"));
    }

    #[test]
    fn malformed_numbers_name_the_header() {
        for (name, value, expected) in [
            ("x-fc-function-memory", "lots", "an integer (MB)"),
            ("x-fc-function-timeout", "-1", "an integer (seconds)"),
            (
                "x-fc-function-deadline",
                "2024-01-01",
                "an integer (milliseconds since the Unix epoch)",
            ),
            ("x-fc-retry-count", "99999999999", "an integer"),
            ("x-fc-client-ip", "nowhere", "an IP address"),
        ] {
            let e = InvokeContext::from_headers([(name, value)]).unwrap_err();
            assert_eq!(e.header, name);
            assert_eq!(e.expected, expected);
            assert_eq!(
                e.to_string(),
                format!("header {name}: expected {expected}, found {value:?}")
            );
        }
    }

    #[test]
    fn repeated_headers_must_agree() {
        let same = [("x-fc-region", "a"), ("x-fc-region", "a")];
        assert_eq!(
            InvokeContext::from_headers(same).unwrap().region.as_deref(),
            Some("a")
        );
        let e =
            InvokeContext::from_headers([("x-fc-region", "a"), ("X-Fc-Region", "b")]).unwrap_err();
        assert_eq!(e.header, "x-fc-region");
        assert_eq!(e.value, "b");
    }

    #[test]
    fn credentials_never_printed() {
        let ctx = InvokeContext::from_headers(full()).unwrap();
        for shown in [
            format!("{ctx:?}"),
            format!("{ctx:#?}"),
            ctx.to_string(),
            format!("{:?}", ctx.credentials),
            ctx.credentials
                .as_ref()
                .unwrap()
                .access_key_secret
                .to_string(),
        ] {
            for secret in ["STS.key", "the-secret", "the-token"] {
                assert!(!shown.contains(secret), "{secret} shown in {shown}");
            }
        }
        assert!(format!("{ctx:?}").contains("<redacted>"));
        assert!(format!("{ctx:?}").contains("rid-1"));
        assert_eq!(
            ctx.to_string(),
            "request rid-1 function fn region cn-hangzhou"
        );
        // A repeated credential with another value is reported without showing either value.
        let e = InvokeContext::from_headers([
            ("x-fc-security-token", "tok-A"),
            ("x-fc-security-token", "tok-B"),
        ])
        .unwrap_err();
        assert_eq!(e.header, "x-fc-security-token");
        assert!(!e.to_string().contains("tok-"), "{e}");
    }

    #[test]
    fn partial_credentials_and_remaining_time() {
        let ctx = InvokeContext::from_headers([
            ("x-fc-access-key-id", "id"),
            ("x-fc-function-deadline", "1000"),
        ])
        .unwrap();
        let c = ctx.credentials.clone().unwrap();
        assert_eq!(c.access_key_secret.expose(), "");
        assert_eq!(c.access_key_secret.to_string(), "<empty>");
        let now = Utc.timestamp_millis_opt(400).unwrap();
        assert_eq!(ctx.remaining(now), Some(Duration::from_millis(600)));
        let later = Utc.timestamp_millis_opt(5000).unwrap();
        assert_eq!(ctx.remaining(later), Some(Duration::ZERO));
        assert_eq!(InvokeContext::default().remaining(now), None);
    }

    #[test]
    fn control_path_values() {
        for s in [
            "/invoke",
            "/http-invoke",
            "/initialize",
            "/pre-freeze",
            "/pre-stop",
            "/else",
        ] {
            assert_eq!(ControlPath::parse(s).as_str(), s);
        }
        assert_eq!(
            ControlPath::parse("/else"),
            ControlPath::Other("/else".into())
        );
    }

    #[test]
    fn linear_in_header_count() {
        // Complexity guard: 100,000 unknown headers are read in one pass; a per-header cost that
        // grew with the count (a quadratic scan) would not finish in the test's time.
        let headers: Vec<(String, String)> = (0..100_000)
            .map(|i| (format!("x-fc-h{i}"), i.to_string()))
            .collect();
        let ctx = InvokeContext::from_headers(headers.iter().map(|(n, v)| (n, v))).unwrap();
        assert_eq!(ctx.extra.len(), 100_000);
        assert_eq!(ctx.extra_header("x-fc-h99999"), Some("99999"));
    }
}
