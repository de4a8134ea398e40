//! Typed `data` that degrades instead of failing: [`TypedData`] holds the data in its model, or, when
//! the data does not fit that model, its text as received with the reason ([`UnfitData`]).
//!
//! How decoding degrades: a kind's [`Payload::decode`](crate::model::Payload::decode) first reads
//! the payload with every `data` typed in place (the fast path: no text is kept). Only when that
//! fails is the payload read again with [`decode_degrading`]'s lenient flag set: each `data` is then
//! kept as its text (sliced from the input) and typed from the text, so data that does not fit
//! becomes [`TypedData::Unfit`], and a fault outside `data` still fails the payload, located.

use std::cell::Cell;
use std::fmt;

#[cfg(feature = "schema")]
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{DeserializeOwned, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

use crate::codec::Absent;
use crate::events::cloudevent::EventData;
use crate::events::envelope::Body;
use crate::model::validate::{code, Validator};
use crate::wire::error::DecodeError;
use crate::wire::kind::TriggerKind;
use crate::wire::JsonText;

/// `data` that does not fit its typed model: the text as received and why it does not fit.
#[derive(Debug, Clone, PartialEq)]
pub struct UnfitData {
    /// The data exactly as received (its JSON text: member order, number spelling and escapes).
    pub data: JsonText,
    /// What the event promised `data` to be, e.g. `a Kafka record`.
    pub expected: &'static str,
    /// Why the data is not that; its location is relative to `data`.
    pub error: DecodeError,
    /// The `type` prefix events with this data carry, for validation.
    type_prefix: Option<&'static str>,
}

impl UnfitData {
    /// Data `text` that did not decode as `expected`, for `error`.
    pub(crate) fn new(
        data: JsonText,
        expected: &'static str,
        error: DecodeError,
        type_prefix: Option<&'static str>,
    ) -> Self {
        // The text is valid JSON (it was checked when kept): a "syntax" error while typing it is a
        // number beyond the range of its field (`1E400` for an integer).
        let error = if error.code == code::SYNTAX {
            DecodeError::new(
                error.kind,
                error.location.clone(),
                code::RANGE,
                error.message.clone(),
            )
        } else {
            error
        };
        UnfitData {
            data,
            expected,
            error,
            type_prefix,
        }
    }

    /// The `type` prefix that events with this data carry, when the model fixes one.
    pub fn type_prefix(&self) -> Option<&'static str> {
        self.type_prefix
    }

    /// Reports the misfit as a fault at its place below the current location (`data`): the error's
    /// pointer, segment by segment, with the error's code.
    pub(crate) fn report(&self, v: &mut Validator) {
        let message = format!("expected {}: {}", self.expected, self.error.message);
        let segments: Vec<String> = self
            .error
            .location
            .pointer
            .split('/')
            .skip(1)
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
            .collect();
        fault_below(v, &segments, self.error.code, message);
    }
}

impl fmt::Display for UnfitData {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "data is not {}: {}: {}",
            self.expected, self.error.location, self.error.message
        )
    }
}

impl std::error::Error for UnfitData {}

/// Reports a fault at the member path `segments` below the current location.
fn fault_below(v: &mut Validator, segments: &[String], code: &'static str, message: String) {
    match segments.split_first() {
        None => v.fault(code, message),
        Some((first, rest)) => match first.parse::<usize>() {
            Ok(i) => v.at_index(i, |v| fault_below(v, rest, code, message)),
            Err(_) => v.at(first, |v| fault_below(v, rest, code, message)),
        },
    }
}

/// A CloudEvent's `data` in its typed model `T`, or kept as received when it does not fit `T`.
///
/// Decoding a payload ([`Payload::decode`](crate::model::Payload::decode),
/// [`Event::from_slice`](crate::Event::from_slice)) does not fail on data that does not fit: the
/// event decodes with [`TypedData::Unfit`], [`TypedData::typed`] says why there is no typed view,
/// validation reports the misfit at its place inside `data` (`/data/offset`, `/0/data/...` in a
/// batch), and encoding writes the data's text back as received. A plain
/// `serde_json::from_slice` of the payload type stays strict.
///
/// ```
/// use fc_events::kafka::KafkaEvent;
///
/// // `offset` is a string: the record still decodes, without a typed view of its data.
/// let bytes = br#"[{"specversion":"1.0","id":"1","source":"acs:alikafka",
///   "type":"alikafka:Topic:Message","subject":"acs:alikafka_x:topic:t","aliyunaccountid":"1",
///   "datacontenttype":"application/json","time":"2022-06-23T02:49:51.589Z",
///   "data":{"topic":"t","partition":7,"offset":"25","timestamp":1655952591589,"value":"v"}}]"#;
/// let event = KafkaEvent::from_slice(bytes)?;
/// let data = &event.first().unwrap().data;
/// let unfit = data.typed().unwrap_err();
/// assert_eq!(unfit.error.pointer(), "/offset");
/// assert_eq!(unfit.data.as_json_str(),
///     r#"{"topic":"t","partition":7,"offset":"25","timestamp":1655952591589,"value":"v"}"#);
/// let faults = fc_events::validate::validate(&event);
/// assert_eq!((faults.len(), faults[0].pointer.as_str()), (1, "/0/data/offset"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum TypedData<T> {
    /// The data in its model.
    Typed(T),
    /// Data that does not fit the model, kept as received.
    Unfit(Box<UnfitData>),
}

impl<T> TypedData<T> {
    /// The typed data, or why there is none.
    pub fn typed(&self) -> Result<&T, &UnfitData> {
        match self {
            TypedData::Typed(t) => Ok(t),
            TypedData::Unfit(u) => Err(u),
        }
    }

    /// The typed data to change, or why there is none.
    pub fn typed_mut(&mut self) -> Result<&mut T, &mut UnfitData> {
        match self {
            TypedData::Typed(t) => Ok(t),
            TypedData::Unfit(u) => Err(u),
        }
    }

    /// The typed data, or why there is none.
    pub fn into_typed(self) -> Result<T, Box<UnfitData>> {
        match self {
            TypedData::Typed(t) => Ok(t),
            TypedData::Unfit(u) => Err(u),
        }
    }

    /// The typed data, when the data fits its model.
    pub fn as_typed(&self) -> Option<&T> {
        self.typed().ok()
    }

    /// The data that does not fit its model, with why.
    pub fn unfit(&self) -> Option<&UnfitData> {
        self.typed().err()
    }

    /// Why there is no typed view of the data (the error's location is relative to `data`).
    pub fn typed_error(&self) -> Option<&DecodeError> {
        self.unfit().map(|u| &u.error)
    }
}

impl<T: DeserializeOwned + EventData> TypedData<T> {
    /// Types data kept as its text: [`TypedData::Unfit`] when it does not fit `T`.
    pub fn from_text(text: JsonText) -> Self {
        match text.to_typed::<T>() {
            Ok(t) => TypedData::Typed(t),
            Err(error) => TypedData::Unfit(Box::new(UnfitData::new(
                text,
                T::DESCRIPTION,
                error,
                T::TYPE_PREFIX,
            ))),
        }
    }
}

impl<T> From<T> for TypedData<T> {
    fn from(t: T) -> Self {
        TypedData::Typed(t)
    }
}

impl<T: Default> Default for TypedData<T> {
    fn default() -> Self {
        TypedData::Typed(T::default())
    }
}

impl<T> Absent for TypedData<T> {}

impl<T: Serialize> Serialize for TypedData<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            TypedData::Typed(t) => t.serialize(s),
            TypedData::Unfit(u) => u.data.serialize(s),
        }
    }
}

/// Typed in place, or (while a failed payload is read again, and from a binary format) kept as text
/// and typed from it.
impl<'de, T: DeserializeOwned + EventData> Deserialize<'de> for TypedData<T> {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // From a binary format (CBOR) too, so that the rendering of unfit data decodes again.
        if lenient() || !d.is_human_readable() {
            let text = read_checked(d)?;
            Ok(TypedData::from_text(text))
        } else {
            T::deserialize(d).map(TypedData::Typed)
        }
    }
}

/// The schema of the model: validation requires the data to fit it.
#[cfg(feature = "schema")]
impl<T: JsonSchema> JsonSchema for TypedData<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

impl<T: EventData> EventData for TypedData<T> {
    const TYPE_PREFIX: Option<&'static str> = T::TYPE_PREFIX;
    const DESCRIPTION: &'static str = T::DESCRIPTION;
    const ALWAYS_SENT: &'static [&'static str] = T::ALWAYS_SENT;

    fn type_prefix(&self) -> Option<&'static str> {
        match self {
            TypedData::Typed(t) => t.type_prefix(),
            TypedData::Unfit(u) => u.type_prefix,
        }
    }
    fn validate_data(&self, v: &mut Validator) {
        match self {
            TypedData::Typed(t) => t.validate_data(v),
            TypedData::Unfit(u) => u.report(v),
        }
    }
    /// The typed data's body; for data that does not fit, none, with why.
    fn body(&self) -> Body<'_> {
        match self {
            TypedData::Typed(t) => t.body(),
            TypedData::Unfit(u) => Body::Missing {
                pointer: "/data",
                reason: u.to_string(),
            },
        }
    }
}

thread_local! {
    /// Set while [`decode_degrading`] reads a payload again, keeping every typed `data` as its text.
    static LENIENT: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` with every typed `data` read leniently (kept as text, then typed); the previous state
/// comes back afterwards, also on a panic.
pub(crate) fn with_lenient<R>(f: impl FnOnce() -> R) -> R {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            LENIENT.with(|l| l.set(self.0));
        }
    }
    let _restore = Restore(LENIENT.with(|l| l.replace(true)));
    f()
}

/// Whether `data` is being read leniently (kept as text, then typed).
pub(crate) fn lenient() -> bool {
    LENIENT.with(Cell::get)
}

/// Reads a value kept as text, checked as unknown members are: no member name twice, nesting
/// limited (inside the value, so that an error names `data`).
pub(crate) fn read_checked<'de, D: Deserializer<'de>>(d: D) -> Result<JsonText, D::Error> {
    let text = JsonText::deserialize(d)?;
    crate::wire::any_value::check_text(text.as_json_str())?;
    Ok(text)
}

/// Decodes JSON `bytes` as `P`; when that fails, reads them again with every [`TypedData`] (and
/// EventBridge's data) kept as text and typed from it, so that data that does not fit its model
/// degrades instead of failing. Only a fault outside such data fails: the error of the second
/// reading, located.
pub(crate) fn decode_degrading<P: DeserializeOwned>(
    kind: TriggerKind,
    bytes: &[u8],
) -> Result<P, DecodeError> {
    match crate::codec::decode::json::<P>(kind, bytes) {
        Ok(p) => Ok(p),
        Err(_) => with_lenient(|| crate::codec::decode::json::<P>(kind, bytes)),
    }
}
