//! What the API Gateway and HTTP triggers share: string maps (headers, query and path parameters),
//! bodies that may be base64, flags sent as booleans or strings, and the response a function returns
//! together with its builder (declared once here, instantiated by `apigw` and `http`).

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::codec::Absent;
use crate::validate::{code, Validator};
use crate::Text;

/// One kilobyte as the HTTP trigger limits count it.
pub(crate) const KB: usize = 1024;
/// One megabyte as the HTTP trigger limits count it.
pub(crate) const MB: usize = 1024 * 1024;

/// A JSON object whose values are all strings (headers, query and path parameters), kept in arrival
/// order.
///
/// Lookups by exact name ([`get`](Self::get)) or ignoring ASCII case
/// ([`get_ignore_case`](Self::get_ignore_case), what HTTP header names need). Decoding rejects a
/// name given twice (a plain map would silently keep only one of the values) and any value that is
/// not a string.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StringMap(Vec<(Text, Text)>);

impl StringMap {
    /// An empty map.
    pub fn new() -> Self {
        StringMap(Vec::new())
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value of `name`, matched exactly.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The value of the first entry whose name equals `name` ignoring ASCII case.
    pub fn get_ignore_case(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether `name` is present, matched exactly.
    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Sets `name` (matched exactly) to `value`, returning the previous value. A new name is
    /// appended.
    pub fn insert(&mut self, name: impl Into<Text>, value: impl Into<Text>) -> Option<Text> {
        let (name, value) = (name.into(), value.into());
        match self.0.iter_mut().find(|(k, _)| *k == name) {
            Some((_, v)) => Some(std::mem::replace(v, value)),
            None => {
                self.0.push((name, value));
                None
            }
        }
    }

    /// Sets `name` to `value`, replacing every entry whose name equals `name` ignoring ASCII case
    /// (the replacement takes the place of the first one). Returns the first replaced value.
    pub fn set_ignore_case(
        &mut self,
        name: impl Into<Text>,
        value: impl Into<Text>,
    ) -> Option<Text> {
        let (name, value) = (name.into(), value.into());
        let first = self
            .0
            .iter()
            .position(|(k, _)| k.eq_ignore_ascii_case(&name));
        match first {
            Some(i) => {
                let mut index = 0;
                self.0.retain(|(k, _)| {
                    let keep = index <= i || !k.eq_ignore_ascii_case(&name);
                    index += 1;
                    keep
                });
                Some(std::mem::replace(&mut self.0[i], (name, value)).1)
            }
            None => {
                self.0.push((name, value));
                None
            }
        }
    }

    /// Removes `name` (matched exactly), returning its value.
    pub fn remove(&mut self, name: &str) -> Option<Text> {
        let i = self.0.iter().position(|(k, _)| k == name)?;
        Some(self.0.remove(i).1)
    }

    /// The entries in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The names in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }

    /// The total size of names and values in bytes (what the HTTP trigger's header limit counts).
    pub fn byte_len(&self) -> usize {
        self.0.iter().map(|(k, v)| k.len() + v.len()).sum()
    }
}

impl<K: Into<Text>, V: Into<Text>> FromIterator<(K, V)> for StringMap {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut m = StringMap::new();
        for (k, v) in iter {
            m.insert(k, v);
        }
        m
    }
}

impl<'a> IntoIterator for &'a StringMap {
    type Item = (&'a str, &'a str);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (Text, Text)>,
        fn(&'a (Text, Text)) -> (&'a str, &'a str),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

impl IntoIterator for StringMap {
    type Item = (Text, Text);
    type IntoIter = std::vec::IntoIter<(Text, Text)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl Absent for StringMap {}

impl Serialize for StringMap {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl<'de> Deserialize<'de> for StringMap {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = StringMap;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of strings")
            }
            #[inline]
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<StringMap, A::Error> {
                let mut entries: Vec<(Text, Text)> =
                    Vec::with_capacity(access.size_hint().unwrap_or(0).min(64));
                let mut names = crate::codec::Names::new();
                while let Some(key) = access.next_key::<crate::codec::Key<'de>>()? {
                    if !names.is_new(key.as_str(), &entries, |(k, _)| k.as_str()) {
                        return Err(de::Error::custom(format_args!(
                            "duplicate key `{}`",
                            key.as_str()
                        )));
                    }
                    let value: Text = access.next_value()?;
                    entries.push((Text::from(key.as_str()), value));
                }
                Ok(StringMap(entries))
            }
        }
        d.deserialize_map(V)
    }
}

impl JsonSchema for StringMap {
    fn schema_name() -> Cow<'static, str> {
        "StringMap".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({
            "type": "object",
            "additionalProperties": { "type": "string" },
        })
    }
}

/// A flag sent as a JSON boolean or as the string `"true"`/`"false"` (the API Gateway documentation
/// and its sample functions write the string form); re-encoded in the form received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BoolOrString {
    /// Sent as a boolean.
    Bool(bool),
    /// Sent as a string.
    String(String),
}

impl Default for BoolOrString {
    fn default() -> Self {
        BoolOrString::Bool(false)
    }
}

impl BoolOrString {
    /// The flag; `None` for a string other than `"true"` or `"false"`.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            BoolOrString::Bool(b) => Some(*b),
            BoolOrString::String(s) if s == "true" => Some(true),
            BoolOrString::String(s) if s == "false" => Some(false),
            BoolOrString::String(_) => None,
        }
    }

    /// Whether the flag is set (`true` or `"true"`).
    pub fn is_true(&self) -> bool {
        self.as_bool() == Some(true)
    }
}

impl From<bool> for BoolOrString {
    fn from(b: bool) -> Self {
        BoolOrString::Bool(b)
    }
}

impl Absent for BoolOrString {}

impl Serialize for BoolOrString {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            BoolOrString::Bool(b) => s.serialize_bool(*b),
            BoolOrString::String(v) => s.serialize_str(v),
        }
    }
}

impl<'de> Deserialize<'de> for BoolOrString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = BoolOrString;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a boolean or \"true\"/\"false\"")
            }
            fn visit_bool<E>(self, v: bool) -> Result<BoolOrString, E> {
                Ok(BoolOrString::Bool(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<BoolOrString, E> {
                Ok(BoolOrString::String(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<BoolOrString, E> {
                Ok(BoolOrString::String(v))
            }
        }
        d.deserialize_any(V)
    }
}

impl JsonSchema for BoolOrString {
    fn schema_name() -> Cow<'static, str> {
        "BoolOrString".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({
            "anyOf": [
                { "type": "boolean" },
                { "type": "string", "enum": ["true", "false"] }
            ]
        })
    }
}

/// Why a body could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BodyError {
    /// `isBase64Encoded` is true but the body is not standard base64.
    #[error("the body is flagged base64 but is not valid standard base64: {0}")]
    Base64(#[from] base64::DecodeError),
    /// `isBase64Encoded` is true but the body is not a string (a response body given as JSON).
    #[error("the body is flagged base64 but is not a string")]
    NotAString,
    /// The body is not the JSON the caller asked for.
    #[error("the body is not the expected JSON: {0}")]
    Json(String),
}

/// The bytes of a string body: base64-decoded when `base64` is set, the UTF-8 text otherwise.
pub(crate) fn body_bytes(body: &str, base64: bool) -> Result<Cow<'_, [u8]>, BodyError> {
    if base64 {
        Ok(Cow::Owned(crate::codec::blob::decode(body)?))
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
            #[schemars(extend(
                "if" = {
                    "properties": { "isBase64Encoded": { "enum": [true, "true"] } },
                    "required": ["isBase64Encoded"]
                },
                "then" = { "properties": { "body": { "type": ["string", "null"] } } }
            ))]
            pub struct $name {
                /// The HTTP status, 100–599. A number, or a string holding one (what the documented
                /// sample functions return).
                #[schemars(schema_with = "crate::number::schema_in_range::<100, 599>")]
                "statusCode" => pub status_code: $crate::NumberOrString,
                /// Response headers.
                "headers" => pub headers: Option<$crate::web::StringMap>,
                /// Whether `body` is base64 (binary content).
                "isBase64Encoded" => pub is_base64_encoded: Option<$crate::web::BoolOrString>,
                /// The body: a string (base64 when flagged). The documented sample functions also
                /// return a JSON object here; it is kept as sent.
                "body" => pub body: Option<$crate::JsonText>,
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
                    status_code: $crate::NumberOrString::Int(i64::from(status)),
                    headers: None,
                    is_base64_encoded: None,
                    body: None,
                    extra: $crate::Map::new(),
                }
            }

            /// Decodes a response from JSON bytes. Errors name the place of the fault.
            pub fn from_slice(bytes: &[u8]) -> Result<Self, $crate::DecodeError> {
                <Self as $crate::Payload>::decode(bytes)
            }

            /// `200` with a text body and `Content-Type: text/plain; charset=utf-8`.
            pub fn text(body: impl Into<String>) -> Self {
                Self::with_string_body(body.into(), false, "text/plain; charset=utf-8")
            }

            /// `200` with `value` serialized to a JSON string body and
            /// `Content-Type: application/json`.
            pub fn json<T: ::serde::Serialize + ?Sized>(
                value: &T,
            ) -> Result<Self, $crate::EncodeError> {
                let body = ::serde_json::to_string(value)?;
                Ok(Self::with_string_body(body, false, "application/json"))
            }

            /// `200` with a binary body: base64-encoded, `isBase64Encoded: true` and
            /// `Content-Type: application/octet-stream`.
            pub fn binary(bytes: impl AsRef<[u8]>) -> Self {
                let body = $crate::codec::blob::encode(bytes.as_ref());
                Self::with_string_body(body, true, "application/octet-stream")
            }

            fn with_string_body(body: String, base64: bool, content_type: &str) -> Self {
                let mut r = Self::new(200);
                r.body = Some($crate::JsonText::string(&body));
                r.is_base64_encoded = Some($crate::web::BoolOrString::Bool(base64));
                r.headers = Some($crate::web::StringMap::from_iter([(
                    "Content-Type",
                    content_type,
                )]));
                r
            }

            /// Sets the status.
            pub fn status(mut self, status: u16) -> Self {
                self.status_code = $crate::NumberOrString::Int(i64::from(status));
                self
            }

            /// Sets a header, replacing any header of the same name in any letter case.
            pub fn with_header(mut self, name: impl Into<$crate::Text>, value: impl Into<$crate::Text>) -> Self {
                self.headers
                    .get_or_insert_with($crate::web::StringMap::new)
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
            pub fn body_bytes(&self) -> Result<::std::borrow::Cow<'_, [u8]>, $crate::web::BodyError> {
                let Some(body) = self.body.as_ref() else {
                    return Ok(::std::borrow::Cow::Borrowed(&[]));
                };
                match (body.as_str(), self.is_base64()) {
                    (Some(::std::borrow::Cow::Borrowed(s)), b64) => $crate::web::body_bytes(s, b64),
                    (Some(::std::borrow::Cow::Owned(s)), b64) => {
                        $crate::web::body_bytes(&s, b64).map(|b| ::std::borrow::Cow::Owned(b.into_owned()))
                    }
                    (None, true) => Err($crate::web::BodyError::NotAString),
                    (None, false) => Ok(::std::borrow::Cow::Borrowed(body.as_json_str().as_bytes())),
                }
            }

            /// Checks the rules every response shares: status 100–599, the flag's string form, a
            /// flagged body being a base64 string; and the body size in bytes (decoded when
            /// flagged) against `max_body`, when given.
            fn validate_common(&self, v: &mut $crate::validate::Validator, max_body: Option<usize>) {
                use $crate::validate::code;
                match self.status_code.as_i64() {
                    Some(n) => v.range("statusCode", n, 100, 599),
                    None => v.fault_at(
                        "statusCode",
                        code::FORMAT,
                        format!("expected an integer HTTP status, found {:?}", self.status_code.to_string()),
                    ),
                }
                if let Some($crate::web::BoolOrString::String(s)) = &self.is_base64_encoded {
                    if s != "true" && s != "false" {
                        v.fault_at(
                            "isBase64Encoded",
                            code::FORMAT,
                            format!("expected true, false, \"true\" or \"false\", found {s:?}"),
                        );
                    }
                }
                let Some(body) = self.body.as_ref() else {
                    return;
                };
                let size = if self.is_base64() {
                    match body.as_str() {
                        Some(s) => $crate::web::check_body(v, "body", &s, true),
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
                    $crate::web::check_limit(v, "body", "a response body", size, max);
                }
            }
        }

        impl $crate::Payload for $name {
            const KIND: $crate::TriggerKind = $kind;
        }
    };
}

pub(crate) use response_type;
