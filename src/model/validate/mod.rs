//! Strict validation, kept apart from lenient decoding: the [`Validate`] trait every payload type
//! implements, the [`Validator`] that walks a value and records [`Fault`]s with their JSON Pointer,
//! and the stable fault [`code`]s. The public face is `fc_events::validate` (see the crate root).

use std::fmt;

use serde::Serialize;

mod position;
pub use position::{locate, locate_all, locate_faults, Position};

use crate::wire::error::DecodeError;
use crate::wire::kind::TriggerKind;
use crate::wire::number::NumberOrString;
use crate::wire::time::{BasicIso, Rfc3339};

pub use crate::wire::quote::{quote, Quoted, QUOTE_CHARS};

/// The stable fault codes.
pub mod code {
    /// A member has the wrong JSON type.
    pub const TYPE: &str = "type";
    /// A required member is missing.
    pub const REQUIRED: &str = "required";
    /// A string is not in the required form (time, base64, pattern).
    pub const FORMAT: &str = "format";
    /// A number is outside its allowed range.
    pub const RANGE: &str = "range";
    /// A value is not in a closed set.
    pub const ENUM: &str = "enum";
    /// A size limit of the platform is exceeded.
    pub const LIMIT: &str = "limit";
    /// A response header the platform reserves.
    pub const RESERVED_HEADER: &str = "reserved-header";
    /// Members that contradict each other (e.g. an event name and the shape of its parameters).
    pub const CONSISTENCY: &str = "consistency";
    /// Two trigger definitions that contradict each other (e.g. OSS triggers of one bucket that the
    /// same upload would both fire).
    pub const CONFLICT: &str = "conflict";
    /// The bytes are not well-formed JSON or CBOR.
    pub const SYNTAX: &str = "syntax";
    /// The trigger kind cannot be told from the payload.
    pub const UNKNOWN_KIND: &str = "unknown-kind";
    /// Any other decoding fault.
    pub const DATA: &str = "data";
}

/// How much a fault weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The payload breaks a rule of its kind: it is not valid.
    #[default]
    Error,
    /// An informational member breaks its documented form in a way the platform's own documented
    /// payloads also show (an `aliyunpublishtime` written `2020-11-19T21:04:42.179PRC`): reported, but
    /// the payload stays valid and the CLI's exit status is not affected.
    Warning,
}

impl Severity {
    /// Whether this is [`Severity::Error`].
    pub fn is_error(&self) -> bool {
        *self == Severity::Error
    }
}

/// One fault: where, what kind, and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fault {
    /// RFC 6901 JSON Pointer to the offending member (where it should be, when missing).
    pub pointer: String,
    /// A stable machine code, one of [`code`].
    pub code: &'static str,
    /// What was expected and what was found.
    pub message: String,
    /// Error (the payload is invalid) or warning (it stays valid). Serialized only for warnings.
    #[serde(skip_serializing_if = "Severity::is_error")]
    pub severity: Severity,
    /// For a fault the JSON decoder reported: the 1-based line where it stopped (`None` for faults
    /// found by validation, which are placed by their pointer). See [`Fault::position`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// With [`Fault::line`]: the 1-based column where the decoder stopped, counted in bytes as the
    /// decoder counts (a [`Position`] counts characters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

impl Fault {
    /// An error-level fault.
    pub fn error(
        pointer: impl Into<String>,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Fault {
            pointer: pointer.into(),
            code,
            message: message.into(),
            severity: Severity::Error,
            line: None,
            column: None,
        }
    }

    /// The decoder's line and column ([`Fault::line`], [`Fault::column`]), when it gave both.
    pub fn decoder_place(&self) -> Option<(usize, usize)> {
        self.line.zip(self.column)
    }

    /// Whether the fault makes the payload invalid (it is not a warning).
    pub fn is_error(&self) -> bool {
        self.severity.is_error()
    }
}

/// `POINTER: MESSAGE [CODE]` (`(root)` for the whole payload, `warning: ` before a warning's
/// message), with `(line N, column M)` after the message when the decoder placed the fault.
impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let p = if self.pointer.is_empty() {
            "(root)"
        } else {
            &self.pointer
        };
        let warning = if self.is_error() { "" } else { "warning: " };
        write!(f, "{p}: {warning}{}", self.message)?;
        if let Some((l, c)) = self.decoder_place() {
            write!(f, " (line {l}, column {c})")?;
        }
        write!(f, " [{}]", self.code)
    }
}

impl Fault {
    /// Where in `bytes` (the input this fault was found in) the fault is: where the value its
    /// pointer names begins, or, for a syntax fault, where the decoder stopped (see
    /// [`locate_faults`]). Line and column in JSON, byte offset in CBOR. Computed on demand, so that
    /// valid inputs never pay for it; for several faults, [`Report::positions`] takes one pass.
    pub fn position(&self, bytes: &[u8]) -> Option<Position> {
        locate_faults(bytes, std::slice::from_ref(self))
            .pop()
            .flatten()
    }
}

/// The decode error as a fault: its pointer, code and message, and the line and column where the
/// decoder stopped ([`Fault::line`], [`Fault::column`]) when it told them.
impl From<&DecodeError> for Fault {
    fn from(e: &DecodeError) -> Self {
        let mut fault = Fault::error(e.location.pointer.clone(), e.code, e.message.clone());
        if let (Some(l), Some(c)) = (e.line, e.column) {
            fault.line = Some(l);
            fault.column = Some(c);
        }
        fault
    }
}

/// Every fault of a payload; `Display`s one line per fault.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(transparent)]
pub struct Faults(pub Vec<Fault>);

impl std::error::Error for Faults {}

impl fmt::Display for Faults {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        for (i, fault) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{fault}")?;
        }
        Ok(())
    }
}

/// The result of validating one payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The kind the payload was validated as (`None` when it could not be detected).
    pub kind: Option<TriggerKind>,
    /// Every fault; empty when the payload is valid.
    pub faults: Vec<Fault>,
}

impl Report {
    /// Whether there are no error-level faults (warnings leave a payload valid).
    pub fn is_valid(&self) -> bool {
        self.faults.iter().all(|f| !f.is_error())
    }

    /// The position of each fault in `bytes` (the payload validated), in the faults' order, in one
    /// pass over the bytes (see [`locate_faults`]).
    pub fn positions(&self, bytes: &[u8]) -> Vec<Option<Position>> {
        locate_faults(bytes, &self.faults)
    }

    /// The faults as an error, or `Ok` when valid.
    pub fn into_result(self) -> Result<(), Faults> {
        if self.is_valid() {
            Ok(())
        } else {
            Err(Faults(self.faults))
        }
    }
}

/// Validates a typed value, returning every fault.
pub fn validate<T: Validate + ?Sized>(value: &T) -> Vec<Fault> {
    let mut v = Validator::new();
    value.validate(&mut v);
    v.into_faults()
}

/// A typed value that can be checked against its trigger's rules.
pub trait Validate {
    /// Reports every fault of `self` into `v`, at `v`'s current location.
    fn validate(&self, v: &mut Validator);
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self, v: &mut Validator) {
        for (i, item) in self.iter().enumerate() {
            v.at_index(i, |v| item.validate(v));
        }
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self, v: &mut Validator) {
        if let Some(x) = self {
            x.validate(v);
        }
    }
}

/// Collects faults while walking a value; knows the current location.
///
/// Only the JSON Pointer is kept while walking (appended and truncated in place, no allocation per
/// member), so a valid payload costs little more than the checks themselves.
#[derive(Debug)]
pub struct Validator {
    pointer: String,
    faults: Vec<Fault>,
}

impl Default for Validator {
    fn default() -> Self {
        Validator::new()
    }
}

impl Validator {
    /// A validator at the root.
    pub fn new() -> Self {
        Validator {
            pointer: String::new(),
            faults: Vec::new(),
        }
    }

    /// Before the pointer first grows: room for the pointer of most members, one allocation
    /// instead of a doubling chain (and none for payloads whose checks all sit at the root).
    #[inline]
    fn reserve_pointer(&mut self) {
        if self.pointer.capacity() == 0 {
            self.pointer.reserve(64);
        }
    }

    /// The faults collected so far.
    pub fn into_faults(self) -> Vec<Fault> {
        self.faults
    }

    /// The JSON Pointer of the current location.
    pub fn pointer(&self) -> &str {
        &self.pointer
    }

    /// Runs `f` at member `key` of the current location.
    pub fn at(&mut self, key: &str, f: impl FnOnce(&mut Self)) {
        self.reserve_pointer();
        let len = self.pointer.len();
        crate::wire::error::push_pointer_key(&mut self.pointer, key);
        f(self);
        self.pointer.truncate(len);
    }

    /// Runs `f` at index `i` of the current location.
    pub fn at_index(&mut self, i: usize, f: impl FnOnce(&mut Self)) {
        self.reserve_pointer();
        let len = self.pointer.len();
        self.pointer.push('/');
        self.pointer.push_str(itoa::Buffer::new().format(i));
        f(self);
        self.pointer.truncate(len);
    }

    /// Validates `value` at member `key`.
    pub fn field<T: Validate + ?Sized>(&mut self, key: &str, value: &T) {
        self.at(key, |v| value.validate(v));
    }

    /// Reports a fault at the current location.
    pub fn fault(&mut self, code: &'static str, message: impl Into<String>) {
        self.faults
            .push(Fault::error(self.pointer.clone(), code, message));
    }

    /// Reports a warning at member `key` of the current location: a fault that leaves the payload
    /// valid (see [`Severity::Warning`]).
    pub fn warn_at(&mut self, key: &str, code: &'static str, message: impl Into<String>) {
        let message = message.into();
        self.at(key, |v| {
            let mut fault = Fault::error(v.pointer.clone(), code, message);
            fault.severity = Severity::Warning;
            v.faults.push(fault);
        });
    }

    /// Reports a fault at member `key` of the current location.
    pub fn fault_at(&mut self, key: &str, code: &'static str, message: impl Into<String>) {
        let message = message.into();
        self.at(key, |v| v.fault(code, message));
    }

    /// Checks that member `key` is an RFC 3339 time.
    pub fn rfc3339(&mut self, key: &str, t: &Rfc3339) {
        if !t.is_valid() {
            self.fault_at(
                key,
                code::FORMAT,
                format!("expected an RFC 3339 time, found {:?}", quote(t.as_str())),
            );
        }
    }

    /// Checks that member `key` is an ISO 8601 basic-format time.
    pub fn basic_iso(&mut self, key: &str, t: &BasicIso) {
        if t.to_datetime().is_err() {
            self.fault_at(
                key,
                code::FORMAT,
                format!("expected an ISO 8601 basic-format time such as 20230217T103516.475+0800, found {:?}", quote(t.as_str())),
            );
        }
    }

    /// Checks that member `key` is within `min..=max`.
    pub fn range(&mut self, key: &str, value: i64, min: i64, max: i64) {
        if value < min || value > max {
            self.fault_at(
                key,
                code::RANGE,
                format!("expected a number from {min} to {max}, found {value}"),
            );
        }
    }

    /// Checks that member `key` is not negative.
    pub fn non_negative(&mut self, key: &str, value: i64) {
        if value < 0 {
            self.fault_at(
                key,
                code::RANGE,
                format!("expected a non-negative number, found {value}"),
            );
        }
    }

    /// Checks that member `key`, a number that may arrive as a string ([`NumberOrString`]), holds an
    /// integer: a string that is not one, or a fraction, is a `type` fault; an integer above
    /// `i64::MAX` is a `range` fault. Returns the integer when there is one.
    pub fn integer(&mut self, key: &str, n: &NumberOrString) -> Option<i64> {
        if let Some(i) = n.as_i64() {
            return Some(i);
        }
        let (code, message) = match n {
            NumberOrString::String(s) => (
                code::TYPE,
                format!("expected an integer, as a number or a string of digits, found the string {s:?}", s = quote(s)),
            ),
            NumberOrString::UInt(u) => (
                code::RANGE,
                format!("expected an integer up to {}, found {u}", i64::MAX),
            ),
            other => (code::TYPE, format!("expected an integer, found {other}")),
        };
        self.fault_at(key, code, message);
        None
    }

    /// Checks that an epoch time at member `key` is plausible: between 2000-01-01 and 2100-01-01
    /// in the given unit (`units_per_second` = 1, 1_000 or 1_000_000).
    pub fn epoch(&mut self, key: &str, value: i64, units_per_second: i64) {
        let unit = match units_per_second {
            1 => "seconds",
            1_000 => "milliseconds",
            _ => "microseconds",
        };
        let (min, max) = crate::wire::time::plausible_epoch_range(units_per_second);
        if value < min || value > max {
            self.fault_at(
                key,
                code::RANGE,
                format!("expected an epoch time in {unit} between years 2000 and 2100 ({min}..={max}), found {value}"),
            );
        }
    }

    /// Checks that member `key` holds one of `known` (a closed set).
    pub fn one_of(&mut self, key: &str, value: &str, known: &[&str]) {
        if !known.contains(&value) {
            self.fault_at(
                key,
                code::ENUM,
                format!(
                    "expected one of {}, found {value:?}",
                    known.join(", "),
                    value = quote(value)
                ),
            );
        }
    }

    /// Checks that member `key` is standard base64 (with padding); returns the decoded size in bytes,
    /// or `None` after reporting a `format` fault.
    pub fn base64(&mut self, key: &str, text: &str) -> Option<usize> {
        match crate::wire::blob::decode(text) {
            Ok(bytes) => Some(bytes.len()),
            Err(e) => {
                self.fault_at(
                    key,
                    code::FORMAT,
                    format!("expected standard base64, found {} ({e})", quote(text)),
                );
                None
            }
        }
    }

    /// Reports member `key` as missing (`required`) unless `present`; `carrier` names what always
    /// carries it (`"every documented timer event"`, or a variant: `"every documented Put column"`).
    pub fn require(&mut self, key: &str, present: bool, carrier: &str) {
        if !present {
            self.fault_at(
                key,
                code::REQUIRED,
                format!("expected `{key}`, which {carrier} carries, found none"),
            );
        }
    }

    /// Checks that member `key` is not empty.
    pub fn non_empty(&mut self, key: &str, value: &str) {
        if value.is_empty() {
            self.fault_at(key, code::FORMAT, "expected a non-empty string, found \"\"");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::error::Location;

    #[test]
    fn a_decode_error_becomes_a_fault_with_its_place_as_fields() {
        let mut e = DecodeError::new(
            None,
            Location::root().index(0),
            code::SYNTAX,
            "trailing comma",
        );
        let fault = Fault::from(&e);
        assert_eq!(fault.message, "trailing comma");
        assert_eq!(fault.decoder_place(), None);
        assert_eq!(fault.to_string(), "/0: trailing comma [syntax]");
        e.detail_mut().line = Some(3);
        e.detail_mut().column = Some(7);
        let fault = Fault::from(&e);
        // The message is the decoder's own; the place is in fields, and `Display` still shows it.
        assert_eq!(
            (fault.pointer.as_str(), fault.code, fault.message.as_str()),
            ("/0", code::SYNTAX, "trailing comma")
        );
        assert_eq!((fault.line, fault.column), (Some(3), Some(7)));
        assert_eq!(fault.decoder_place(), Some((3, 7)));
        assert_eq!(
            fault.to_string(),
            "/0: trailing comma (line 3, column 7) [syntax]"
        );
        assert_eq!(
            serde_json::to_value(&fault).unwrap(),
            serde_json::json!({"pointer": "/0", "code": "syntax", "message": "trailing comma", "line": 3, "column": 7})
        );
        // Validation faults serialize as before: no place.
        assert_eq!(
            serde_json::to_value(Fault::error("/a", code::TYPE, "m")).unwrap(),
            serde_json::json!({"pointer": "/a", "code": "type", "message": "m"})
        );
    }
}
