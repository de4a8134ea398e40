//! Locating faults inside JSON-encoded string elements, where serde's path tracking stops.

use serde::de::DeserializeOwned;

use crate::events::batch::STRING_ELEMENT_FAULT;
use crate::wire::error::{DecodeError, Location};
use crate::wire::kind::TriggerKind;

/// `outer` followed by `inner` (a location inside a document embedded at `outer`).
pub(crate) fn join(outer: &Location, inner: &Location) -> Location {
    let mut loc = outer.clone();
    loc.pointer.push_str(&inner.pointer);
    if !inner.path.is_empty() {
        if !loc.path.is_empty() && !inner.path.starts_with('[') {
            loc.path.push('.');
        }
        loc.path.push_str(&inner.path);
    }
    loc
}

/// When `err` is a fault inside a string element holding a JSON-encoded `T`, decodes that string again
/// to point at the fault inside it: `/0/data/partition` is member `data.partition` of the object
/// encoded in string element 0. Other errors are returned unchanged.
pub(crate) fn in_string_element<T: DeserializeOwned>(
    kind: TriggerKind,
    bytes: &[u8],
    err: DecodeError,
) -> DecodeError {
    if !err.message.starts_with(STRING_ELEMENT_FAULT) {
        return err;
    }
    let Ok(doc) = serde_json::from_slice::<serde_json::Value>(bytes) else {
        return err;
    };
    let Some(serde_json::Value::String(text)) = doc.pointer(err.pointer()) else {
        return err;
    };
    // Read as the payload was: data that does not fit its model degrades, so the fault found is
    // the one that failed the payload.
    match crate::events::cloudevent::decode_degrading::<T>(kind, text.as_bytes()) {
        Ok(_) => err,
        Err(inner) => {
            let at = match (inner.line, inner.column) {
                (Some(l), Some(c)) => format!(", line {l}, column {c}"),
                _ => String::new(),
            };
            DecodeError::new(
                Some(kind),
                join(&err.location, &inner.location),
                inner.code,
                format!(
                    "{} (inside the JSON text of the string element{at})",
                    inner.message
                ),
            )
        }
    }
}
