//! Decoding entry points that report where a payload went wrong.
//!
//! JSON text decodes without tracking; a failure is placed from the reader's position
//! ([`crate::wire::locate`]). A JSON value already parsed (and CBOR, [`super::cbor`]) is decoded
//! under `serde_path_to_error`, which tracks the path as it reads.

use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::wire::error::{DecodeError, Location};
pub use crate::wire::json::{from_json_bytes, json_any};
use crate::wire::kind::TriggerKind;

/// Decodes JSON bytes into `T`, naming the kind in any error.
#[inline(always)]
pub fn json<'de, T: Deserialize<'de>>(
    kind: TriggerKind,
    bytes: &'de [u8],
) -> Result<T, DecodeError> {
    json_any(Some(kind), bytes)
}

/// Decodes a JSON value into `T` (used where a payload was already parsed, e.g. stringified batches).
#[allow(dead_code)] // used by the CloudEvents kinds
#[cfg(feature = "_located")]
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

/// Decodes CBOR bytes into `T`, naming the kind in any error (see [`super::cbor`]).
#[allow(dead_code)] // used by Tablestore
#[cfg(feature = "cbor")]
pub fn cbor<T: DeserializeOwned>(kind: TriggerKind, bytes: &[u8]) -> Result<T, DecodeError> {
    super::cbor::decode(kind, bytes)
}
