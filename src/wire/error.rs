//! Errors: every decode failure names the kind, the place (JSON Pointer and dotted path) and what was
//! expected.

use std::fmt;

use serde::Serialize;

use crate::wire::kind::TriggerKind;

/// Implements `Display` (from a format string over a binding of the value) and `std::error::Error`
/// (without a source) for an error type.
macro_rules! error_type {
    ($t:ty: $v:ident => $($fmt:tt)+) => {
        impl ::std::fmt::Display for $t {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let $v = self;
                write!(f, $($fmt)+)
            }
        }

        impl ::std::error::Error for $t {}
    };
}
pub(crate) use error_type;

/// A place inside a payload, as an RFC 6901 JSON Pointer and as a dotted path (`events[0].oss`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Location {
    /// RFC 6901 JSON Pointer, `""` for the whole payload.
    pub pointer: String,
    /// The same place written `events[0].oss.object.size`; `""` for the whole payload.
    pub path: String,
}

impl Location {
    /// The whole payload.
    pub fn root() -> Self {
        Location::default()
    }

    /// Builds a location from `serde_path_to_error`'s path.
    #[cfg(feature = "_located")]
    pub(crate) fn from_path(path: &serde_path_to_error::Path) -> Self {
        Location::from_segments(path.iter())
    }

    /// Builds a location from `serde_path_to_error` segments.
    #[cfg(feature = "_located")]
    pub(crate) fn from_segments<'a>(
        segments: impl IntoIterator<Item = &'a serde_path_to_error::Segment>,
    ) -> Self {
        use serde_path_to_error::Segment;
        let mut loc = Location::root();
        for seg in segments {
            match seg {
                Segment::Seq { index } => loc.push_index(*index),
                Segment::Map { key } => loc.push_key(key),
                Segment::Enum { variant } => loc.push_key(variant),
                Segment::Unknown => {}
            }
        }
        loc
    }

    /// Appends an object member.
    pub fn push_key(&mut self, key: &str) {
        push_pointer_key(&mut self.pointer, key);
        if !self.path.is_empty() {
            self.path.push('.');
        }
        self.path.push_str(key);
    }

    /// Appends an array index.
    pub fn push_index(&mut self, index: usize) {
        use fmt::Write as _;
        let _ = write!(self.pointer, "/{index}");
        let _ = write!(self.path, "[{index}]");
    }

    /// This location with a member appended.
    pub fn key(&self, key: &str) -> Self {
        let mut l = self.clone();
        l.push_key(key);
        l
    }

    /// This location with an index appended.
    pub fn index(&self, index: usize) -> Self {
        let mut l = self.clone();
        l.push_index(index);
        l
    }
}

/// Appends `/key` to a JSON Pointer, escaping `~` and `/` as RFC 6901 says.
pub(crate) fn push_pointer_key(pointer: &mut String, key: &str) {
    pointer.push('/');
    // A byte loop: the standard library's search for a set of chars costs more than the push.
    if !key.bytes().any(|b| b == b'~' || b == b'/') {
        pointer.push_str(key);
        return;
    }
    for c in key.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if self.pointer.is_empty() {
            f.write_str("(root)")
        } else {
            f.write_str(&self.pointer)
        }
    }
}

/// A payload that could not be decoded.
///
/// `Display` gives one line: `oss: /events/0/oss/object/size: invalid type: string "x", expected i64`.
/// The details are boxed (errors stay one pointer wide on the hot path) and reached through `Deref`:
/// `err.code`, `err.location`, `err.message`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct DecodeError(Box<DecodeErrorDetail>);

error_type!(DecodeError: e => "{}", e.0);

/// What a [`DecodeError`] says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct DecodeErrorDetail {
    /// The kind being decoded, when known.
    pub kind: Option<TriggerKind>,
    /// Where the fault is. A missing member is pointed at where it should be.
    #[serde(flatten)]
    pub location: Location,
    /// A stable machine code: `syntax`, `type`, `required`, `enum`, `format`, `range`, `unknown-kind`, `data`.
    pub code: &'static str,
    /// What was expected and what was found.
    pub message: String,
    /// 1-based line of a JSON syntax or data error, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column of a JSON syntax or data error, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

impl fmt::Display for DecodeErrorDetail {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if let Some(k) = self.kind {
            write!(f, "{k}: ")?;
        }
        write!(f, "{}: {}", self.location, self.message)
    }
}

impl std::ops::Deref for DecodeError {
    type Target = DecodeErrorDetail;
    fn deref(&self) -> &DecodeErrorDetail {
        &self.0
    }
}

impl DecodeError {
    /// The same error, naming `kind`.
    pub(crate) fn with_kind(mut self, kind: TriggerKind) -> Self {
        self.0.kind = Some(kind);
        self
    }

    /// An error at `location` with an explicit code.
    pub fn new(
        kind: Option<TriggerKind>,
        location: Location,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        DecodeError(Box::new(DecodeErrorDetail {
            kind,
            location,
            code,
            message: message.into(),
            line: None,
            column: None,
        }))
    }

    /// From a serde message (any format): classifies the message and points missing members at
    /// where they should be.
    /// Long values the message quotes are cut ([`crate::wire::quote::quote`]).
    pub fn from_serde(kind: Option<TriggerKind>, mut location: Location, message: &str) -> Self {
        let message = &crate::wire::quote::shorten_quoted(message);
        let code = classify(message);
        if let Some(field) = missing_field_name(message) {
            location.push_key(field);
        }
        DecodeError::new(kind, location, code, message)
    }

    /// From a `serde_json` error, keeping its line and column.
    pub fn from_json(kind: Option<TriggerKind>, location: Location, e: &serde_json::Error) -> Self {
        let mut err = DecodeError::from_serde(kind, location, &json_message(e));
        if matches!(
            e.classify(),
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof
        ) {
            err.0.code = "syntax";
        }
        if e.line() > 0 {
            err.0.line = Some(e.line());
            err.0.column = Some(e.column());
        }
        err
    }

    /// The details, mutably.
    pub fn detail_mut(&mut self) -> &mut DecodeErrorDetail {
        &mut self.0
    }

    /// The JSON Pointer of the fault.
    pub fn pointer(&self) -> &str {
        &self.location.pointer
    }

    /// The dotted path of the fault (`events[0].oss.object.size`).
    pub fn path(&self) -> &str {
        &self.location.path
    }
}

/// A serde_json error's message without the ` at line L column C` its `Display` adds.
///
/// An error raised again through `serde::de::Error::custom` must be given this: serde_json reads a
/// position back out of a custom message, so a message that still carried it would place the new
/// error where the old one was (in a text decoded on its own, not in the payload).
pub(crate) fn json_message(e: &serde_json::Error) -> String {
    let mut full = e.to_string();
    if e.line() > 0 {
        if let Some(i) = full.rfind(" at line ") {
            full.truncate(i);
        }
    }
    full
}

fn classify(message: &str) -> &'static str {
    if message.starts_with("missing field") {
        "required"
    } else if message.starts_with("invalid type") {
        "type"
    } else if message.starts_with("unknown variant") {
        "enum"
    } else if message.contains(" out of range") {
        "range"
    } else if message.starts_with("invalid value") || message.starts_with("invalid length") {
        "format"
    } else if message.contains("recursion limit")
        || message.contains("EOF")
        || message.contains("trailing")
    {
        "syntax"
    } else {
        "data"
    }
}

fn missing_field_name(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("missing field `")?;
    rest.split('`').next()
}

/// An event that could not be encoded (only possible for hand-built values, e.g. a non-finite float
/// bound for JSON).
#[derive(Debug)]
#[non_exhaustive]
pub enum EncodeError {
    /// JSON encoding failed.
    Json(serde_json::Error),
    /// CBOR encoding failed.
    Cbor(CborError),
    /// The payload holds JSON text (a [`JsonText`](crate::JsonText)) that a `serde_json::Value`
    /// cannot hold (a number beyond `f64`, a lone surrogate escape or nesting deeper than 128
    /// levels), and the output needs the value.
    Unrepresentable(DecodeError),
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EncodeError::Json(e) => write!(f, "JSON encoding failed: {e}"),
            EncodeError::Cbor(e) => write!(f, "CBOR encoding failed: {e}"),
            EncodeError::Unrepresentable(e) => {
                write!(f, "the payload cannot be represented as a value: {e}")
            }
        }
    }
}

impl std::error::Error for EncodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            EncodeError::Json(e) => Some(e),
            EncodeError::Cbor(e) => Some(e),
            EncodeError::Unrepresentable(e) => Some(e),
        }
    }
}

impl From<serde_json::Error> for EncodeError {
    fn from(e: serde_json::Error) -> Self {
        EncodeError::Json(e)
    }
}

impl From<CborError> for EncodeError {
    fn from(e: CborError) -> Self {
        EncodeError::Cbor(e)
    }
}

impl From<DecodeError> for EncodeError {
    fn from(e: DecodeError) -> Self {
        EncodeError::Unrepresentable(e)
    }
}

/// A failure of the CBOR codec: its message and, where the codec knows it, the byte offset.
///
/// The crate's own type, so that the CBOR codec behind it can change without changing this API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CborError {
    message: String,
    offset: Option<u64>,
}

impl CborError {
    /// An error with the codec's message and, where known, the byte offset of the fault.
    pub(crate) fn new(message: impl Into<String>, offset: Option<u64>) -> Self {
        CborError {
            message: message.into(),
            offset,
        }
    }

    /// What went wrong, without the offset.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The byte offset of the fault in the CBOR input, where the codec knows it (never when
    /// encoding).
    pub fn offset(&self) -> Option<u64> {
        self.offset
    }
}

impl fmt::Display for CborError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        match self.offset {
            Some(at) => write!(f, " at byte {at}"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for CborError {}
