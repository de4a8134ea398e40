//! Decoding entry points that report where a payload went wrong.
//!
//! The fast path decodes without tracking; only when it fails is the payload decoded again under
//! `serde_path_to_error` to learn the location. Valid payloads pay nothing for error locations.

use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::error::{DecodeError, Location};
use crate::kind::TriggerKind;

/// Decodes JSON bytes into `T`, naming the kind in any error.
pub fn json<'de, T: Deserialize<'de>>(
    kind: TriggerKind,
    bytes: &'de [u8],
) -> Result<T, DecodeError> {
    json_any(Some(kind), bytes)
}

/// Decodes JSON bytes into `T` that is not a trigger payload (e.g. a trigger definition): errors name
/// `kind` only when given.
pub fn json_any<'de, T: Deserialize<'de>>(
    kind: Option<TriggerKind>,
    bytes: &'de [u8],
) -> Result<T, DecodeError> {
    match from_json_bytes(bytes) {
        Ok(v) => Ok(v),
        Err(fast) => Err(locate_json::<T>(kind, bytes, fast)),
    }
}

/// `serde_json::from_slice`, faster: the input is checked to be UTF-8 once, as a whole, instead of
/// string by string (serde_json checks every string it reads from a byte slice, which costs about a
/// fifth of a typed decode). Input that is not UTF-8 takes `from_slice`, for its located error.
#[inline]
pub fn from_json_bytes<'de, T: serde::Deserialize<'de>>(bytes: &'de [u8]) -> serde_json::Result<T> {
    match std::str::from_utf8(bytes) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(bytes),
    }
}

/// Decodes a JSON value into `T` (used where a payload was already parsed, e.g. stringified batches).
#[allow(dead_code)] // used by the CloudEvents kinds
pub fn json_value<T: DeserializeOwned>(
    kind: TriggerKind,
    value: serde_json::Value,
) -> Result<T, DecodeError> {
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(v) => Ok(v),
        Err(e) => {
            let loc = Location::from_path(e.path());
            Err(DecodeError::from_serde(
                Some(kind),
                loc,
                &e.into_inner().to_string(),
            ))
        }
    }
}

fn locate_json<'de, T: Deserialize<'de>>(
    kind: Option<TriggerKind>,
    bytes: &'de [u8],
    fast: serde_json::Error,
) -> DecodeError {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let tracked: Result<T, _> = serde_path_to_error::deserialize(&mut de);
    match tracked {
        Err(e) => {
            let loc = Location::from_path(e.path());
            let inner = e.into_inner();
            DecodeError::from_json(kind, loc, &inner)
        }
        // The typed decode succeeded, so the fault is after the value (trailing characters).
        Ok(_) => match de.end() {
            Err(e) => DecodeError::from_json(kind, Location::root(), &e),
            Ok(()) => DecodeError::from_json(kind, Location::root(), &fast),
        },
    }
}

/// Decodes CBOR bytes into `T`, naming the kind in any error (see [`super::cbor`]).
#[allow(dead_code)] // used by Tablestore
pub fn cbor<T: DeserializeOwned>(kind: TriggerKind, bytes: &[u8]) -> Result<T, DecodeError> {
    super::cbor::decode(kind, bytes)
}
