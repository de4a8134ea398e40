//! HTTP trigger: samples and a request builder.

use serde::Serialize;

use crate::events::http::{HttpRequest, HttpRequestContext, HttpResponse};
use crate::wire::EncodeError;
use crate::wire::StringMap;
use crate::wire::Text;

impl HttpRequest {
    /// The bundled sample (`fc-events sample http-request`): `POST /orders/42?verbose=1` with the
    /// JSON body `{"quantity":2}`, received `2023-08-17T14:08:11Z` on
    /// `order-api-trigger.cn-hangzhou.fcapp.run`.
    ///
    /// ```
    /// use fc_events::http::HttpRequest;
    ///
    /// let mut request = HttpRequest::sample();
    /// request.request_context.http.source_ip = "10.0.0.1".into();
    /// assert!(fc_events::validate::validate(&request).is_empty());
    /// ```
    pub fn sample() -> Self {
        super::sample()
    }

    /// A `method` request for `path` (decoded; `rawPath` is its percent-encoded form) with no query
    /// and no body. The headers are the sample's `Accept` and `User-Agent`; account, domain,
    /// request id and time (`2023-08-17T14:08:11Z`) are the sample's. Chain the `with_*` methods
    /// for the rest.
    ///
    /// ```
    /// use fc_events::http::HttpRequest;
    ///
    /// let request = HttpRequest::new("POST", "/orders")
    ///     .with_header("X-Tenant", "acme")
    ///     .with_query("dryRun", "true")
    ///     .with_json_body(&serde_json::json!({"quantity": 2}))?;
    /// assert_eq!(request.method(), "POST");
    /// assert_eq!(request.query("dryRun"), Some("true"));
    /// assert_eq!(request.header("content-type"), Some("application/json"));
    /// assert!(fc_events::validate::validate(&request).is_empty());
    /// # Ok::<(), fc_events::EncodeError>(())
    /// ```
    pub fn new(method: impl Into<Text>, path: impl Into<Text>) -> Self {
        let mut request = HttpRequest::sample();
        let path = path.into();
        request.raw_path = Text::from(percent_encode_path(&path));
        request.headers.remove("Content-Type");
        request.query_parameters = Some(StringMap::new());
        request.body = None;
        request.is_base64_encoded = false;
        request.request_context.http.method = method.into();
        request.request_context.http.path = path;
        request
    }

    /// Sets a header, replacing any header of the same name in any letter case.
    ///
    /// ```
    /// use fc_events::http::HttpRequest;
    ///
    /// let request = HttpRequest::new("GET", "/").with_header("authorization", "Bearer t");
    /// assert_eq!(request.header("Authorization"), Some("Bearer t"));
    /// ```
    pub fn with_header(mut self, name: impl Into<Text>, value: impl Into<Text>) -> Self {
        self.headers.set_ignore_case(name, value);
        self
    }

    /// Sets query parameter `name` (join repeated values with commas, as FC does).
    ///
    /// ```
    /// use fc_events::http::HttpRequest;
    ///
    /// assert_eq!(HttpRequest::new("GET", "/").with_query("page", "2").query("page"), Some("2"));
    /// ```
    pub fn with_query(mut self, name: impl Into<Text>, value: impl Into<Text>) -> Self {
        self.query_parameters
            .get_or_insert_with(StringMap::new)
            .insert(name, value);
        self
    }

    /// Sets a text body (not base64).
    ///
    /// ```
    /// use fc_events::http::HttpRequest;
    ///
    /// let request = HttpRequest::new("POST", "/notes").with_body("hello");
    /// assert_eq!(request.body.as_deref(), Some("hello"));
    /// ```
    pub fn with_body(mut self, body: impl Into<Text>) -> Self {
        self.body = Some(body.into());
        self.is_base64_encoded = false;
        self
    }

    /// Sets a binary body: base64-encoded and flagged so, as FC sends binary content.
    ///
    /// ```
    /// use fc_events::http::HttpRequest;
    ///
    /// let request = HttpRequest::new("PUT", "/blobs/1").with_binary_body(b"\x00\xff");
    /// assert!(request.is_base64_encoded);
    /// assert_eq!(request.body.as_deref(), Some("AP8="));
    /// ```
    pub fn with_binary_body(mut self, bytes: impl AsRef<[u8]>) -> Self {
        self.body = Some(Text::from(crate::wire::blob::encode(bytes.as_ref())));
        self.is_base64_encoded = true;
        self
    }

    /// Sets `value` serialized to JSON as the (text) body, and `Content-Type: application/json`.
    ///
    /// ```
    /// use fc_events::http::HttpRequest;
    ///
    /// let request = HttpRequest::new("POST", "/orders").with_json_body(&[1, 2, 3])?;
    /// assert_eq!(request.body.as_deref(), Some("[1,2,3]"));
    /// # Ok::<(), fc_events::EncodeError>(())
    /// ```
    pub fn with_json_body<T: Serialize + ?Sized>(self, value: &T) -> Result<Self, EncodeError> {
        let body = serde_json::to_string(value)?;
        Ok(self
            .with_body(body)
            .with_header("Content-Type", "application/json"))
    }
}

impl HttpRequestContext {
    /// The `requestContext` of [`HttpRequest::sample`].
    ///
    /// ```
    /// use fc_events::http::HttpRequestContext;
    ///
    /// assert_eq!(HttpRequestContext::sample().time.as_str(), "2023-08-17T14:08:11Z");
    /// ```
    pub fn sample() -> Self {
        HttpRequest::sample().request_context
    }
}

impl HttpResponse {
    /// The bundled sample (`fc-events sample http-response`). Build others with
    /// [`HttpResponse::text`], [`HttpResponse::json`] or [`HttpResponse::binary`].
    ///
    /// ```
    /// use fc_events::http::HttpResponse;
    ///
    /// assert_eq!(HttpResponse::sample().status_i64(), Some(200));
    /// ```
    pub fn sample() -> Self {
        super::sample()
    }
}

/// `path` with every byte outside RFC 3986's unreserved set and `/` percent-encoded.
fn percent_encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
