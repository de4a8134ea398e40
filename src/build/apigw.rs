//! API Gateway: samples and a request builder.

use serde::Serialize;

use crate::events::apigw::{ApigwRequest, ApigwResponse};
use crate::wire::EncodeError;
use crate::wire::Text;
use crate::wire::{BoolOrString, StringMap};

impl ApigwRequest {
    /// The bundled sample (`fc-events sample apigw-request`): `POST /orders/42` with path
    /// parameter `id` = `42`, query `verbose=1` and the base64 JSON body `{"quantity": 2}`.
    ///
    /// ```
    /// use fc_events::apigw::ApigwRequest;
    ///
    /// let mut request = ApigwRequest::sample();
    /// request.path_parameters.insert("id", "7");
    /// assert_eq!(request.path_parameter("id"), Some("7"));
    /// ```
    pub fn sample() -> Self {
        super::sample()
    }

    /// A `method` request for `path` with no query, no path parameters and an empty body; the
    /// headers are API Gateway's system headers of the sample (`X-Ca-Api-Gateway`,
    /// `X-Forwarded-For`). Chain the `with_*` methods for the rest.
    ///
    /// ```
    /// use fc_events::apigw::ApigwRequest;
    ///
    /// let request = ApigwRequest::new("GET", "/orders/42")
    ///     .with_path_parameter("id", "42")
    ///     .with_query("verbose", "1")
    ///     .with_header("Accept", "application/json");
    /// assert_eq!(request.http_method, "GET");
    /// assert_eq!(request.query("verbose"), Some("1"));
    /// assert!(fc_events::validate::validate(&request).is_empty());
    /// ```
    pub fn new(method: impl Into<Text>, path: impl Into<Text>) -> Self {
        let mut request = ApigwRequest::sample();
        request.http_method = method.into();
        request.path = path.into();
        request.headers.remove("Content-Type");
        request.query_parameters = StringMap::new();
        request.path_parameters = StringMap::new();
        request.body = Text::default();
        request.is_base64_encoded = BoolOrString::Bool(false);
        request
    }

    /// Sets a header, replacing any header of the same name in any letter case.
    ///
    /// ```
    /// use fc_events::apigw::ApigwRequest;
    ///
    /// let request = ApigwRequest::new("GET", "/").with_header("x-tenant", "a");
    /// assert_eq!(request.header("X-Tenant"), Some("a"));
    /// ```
    pub fn with_header(mut self, name: impl Into<Text>, value: impl Into<Text>) -> Self {
        self.headers.set_ignore_case(name, value);
        self
    }

    /// Sets query parameter `name`.
    ///
    /// ```
    /// use fc_events::apigw::ApigwRequest;
    ///
    /// assert_eq!(ApigwRequest::new("GET", "/").with_query("q", "cats").query("q"), Some("cats"));
    /// ```
    pub fn with_query(mut self, name: impl Into<Text>, value: impl Into<Text>) -> Self {
        self.query_parameters.insert(name, value);
        self
    }

    /// Sets path parameter `name`.
    ///
    /// ```
    /// use fc_events::apigw::ApigwRequest;
    ///
    /// let request = ApigwRequest::new("GET", "/users/9").with_path_parameter("user", "9");
    /// assert_eq!(request.path_parameter("user"), Some("9"));
    /// ```
    pub fn with_path_parameter(mut self, name: impl Into<Text>, value: impl Into<Text>) -> Self {
        self.path_parameters.insert(name, value);
        self
    }

    /// Sets a text body (not base64).
    ///
    /// ```
    /// use fc_events::apigw::ApigwRequest;
    ///
    /// let request = ApigwRequest::new("POST", "/notes").with_body("hello");
    /// assert_eq!(&*request.body_bytes()?, b"hello");
    /// # Ok::<(), fc_events::apigw::BodyError>(())
    /// ```
    pub fn with_body(mut self, body: impl Into<Text>) -> Self {
        self.body = body.into();
        self.is_base64_encoded = BoolOrString::Bool(false);
        self
    }

    /// Sets a binary body: base64-encoded and flagged so, as API Gateway sends binary content.
    ///
    /// ```
    /// use fc_events::apigw::ApigwRequest;
    ///
    /// let request = ApigwRequest::new("PUT", "/blobs/1").with_binary_body([0u8, 1, 255]);
    /// assert!(request.is_base64());
    /// assert_eq!(&*request.body_bytes()?, &[0, 1, 255]);
    /// # Ok::<(), fc_events::apigw::BodyError>(())
    /// ```
    pub fn with_binary_body(mut self, bytes: impl AsRef<[u8]>) -> Self {
        self.body = Text::from(crate::wire::blob::encode(bytes.as_ref()));
        self.is_base64_encoded = BoolOrString::Bool(true);
        self
    }

    /// Sets `value` serialized to JSON as the (text) body, and `Content-Type: application/json`.
    ///
    /// ```
    /// use fc_events::apigw::ApigwRequest;
    ///
    /// let request = ApigwRequest::new("POST", "/orders").with_json_body(&serde_json::json!({"qty": 2}))?;
    /// let body: serde_json::Value = request.body_json().unwrap();
    /// assert_eq!(body["qty"], 2);
    /// # Ok::<(), fc_events::EncodeError>(())
    /// ```
    pub fn with_json_body<T: Serialize + ?Sized>(self, value: &T) -> Result<Self, EncodeError> {
        let body = serde_json::to_string(value)?;
        Ok(self
            .with_body(body)
            .with_header("Content-Type", "application/json"))
    }
}

impl ApigwResponse {
    /// The bundled sample (`fc-events sample apigw-response`). Build others with
    /// [`ApigwResponse::text`], [`ApigwResponse::json`] or [`ApigwResponse::binary`].
    ///
    /// ```
    /// use fc_events::apigw::ApigwResponse;
    ///
    /// let response = ApigwResponse::sample();
    /// assert!(fc_events::validate::validate(&response).is_empty());
    /// ```
    pub fn sample() -> Self {
        super::sample()
    }
}
