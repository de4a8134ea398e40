//! Decoding a value that had to be buffered first.
//!
//! Some members can only be typed once a sibling is known (CDN `eventParameter` depends on
//! `eventName`), and some payloads only once all their member names are known (MNS topic shapes).
//! Such values are read into an [`AnyValue`] and typed afterwards with [`from_any`]. The error then
//! carries the place inside the buffered value in its message, since the outer decoder's path ends
//! where the buffering started.

use serde::de::{self, DeserializeSeed};

use crate::wire::any_value::AnyValue;
use crate::wire::error::Location;

/// Types `value` with `seed`. `context` is the member the value was buffered from (`""` at the
/// payload root); a failure becomes `E::custom("<context>.<inner path>: <message>")`, or the bare
/// message when both are empty, so that root-level errors keep their serde wording ("missing field").
pub(crate) fn from_any<'de, S, E>(seed: S, value: &AnyValue, context: &str) -> Result<S::Value, E>
where
    S: DeserializeSeed<'de>,
    E: de::Error,
{
    let json = value.to_json();
    let mut track = serde_path_to_error::Track::new();
    match seed.deserialize(serde_path_to_error::Deserializer::new(json, &mut track)) {
        Ok(v) => Ok(v),
        Err(e) => {
            let inner = Location::from_path(&track.path()).path;
            let place = match (context.is_empty(), inner.is_empty()) {
                (true, true) => String::new(),
                (true, false) => inner,
                (false, true) => context.to_owned(),
                (false, false) if inner.starts_with('[') => format!("{context}{inner}"),
                (false, false) => format!("{context}.{inner}"),
            };
            if place.is_empty() {
                Err(E::custom(e))
            } else {
                Err(E::custom(format_args!("{place}: {e}")))
            }
        }
    }
}
