//! CBOR: the one place that knows which crate reads it (serde_cbor) and how its gaps are closed.
//!
//! Only Tablestore speaks CBOR. Everything format-specific lives here so the crate could be swapped
//! (for ciborium, say) without touching a model module; the models see plain serde calls
//! (`visit_bytes` for byte strings, `is_human_readable() == false`).
//!
//! What serde_cbor 0.11 does with each feature of RFC 8949, and what this module adds (each line is
//! proven by a test in `tests/tablestore_cbor.rs`):
//!
//! | input | serde_cbor | here |
//! |---|---|---|
//! | definite and indefinite maps, arrays, byte and text strings (chunked) | accepted | as is |
//! | integers of any width (1, 2, 4, 8 bytes, non-minimal too), negative integers | accepted | as is |
//! | float16, float32, float64 | accepted (f16/f32 widened exactly) | as is |
//! | a length header past the end of the input (e.g. 2^60 bytes) | EOF error before allocating | named as malformed CBOR with the byte offset |
//! | nesting deeper than 127 levels | "recursion limit exceeded" | named as too deep |
//! | trailing bytes after the item | error | as is |
//! | tags (major type 6) | silently dropped without the `tags` feature | the feature is on, so a tag reaches the visitor, which rejects it with its location; the self-describe tag 55799 in front of the payload is skipped (it carries no meaning) |
//! | `undefined` (0xf7) | read as null | as is: an unknown member holding `undefined` re-encodes as null; a Tablestore value or key cannot be null |
//! | non-text map keys | passed to the key visitor | rejected by [`crate::codec::Key`] with the map's location |
//! | a byte string where text is expected | serde's `String` takes UTF-8 bytes (a silent type change) | text members are [`crate::Text`], which rejects bytes |
//!
//! Errors keep the location (`Records[0].PrimaryKey[0].Value`) that `serde_path_to_error` finds on a
//! second, tracked pass; valid payloads pay for one pass only.

#[cfg(feature = "cbor")]
use serde::de::DeserializeOwned;
#[cfg(feature = "cbor")]
use serde::Serialize;

#[cfg(feature = "cbor")]
use crate::wire::error::{CborError, DecodeError, EncodeError, Location};
#[cfg(feature = "cbor")]
use crate::wire::kind::TriggerKind;

/// The self-describe tag 55799 (`0xd9d9f7`), which an encoder may put in front of a CBOR item.
pub const SELF_DESCRIBE: [u8; 3] = [0xd9, 0xd9, 0xf7];

/// The deepest nesting serde_cbor accepts.
pub const MAX_DEPTH: usize = 127;

/// Whether the bytes are CBOR rather than JSON text. JSON text starts with an ASCII byte (white space,
/// `{`, `[`, …); every CBOR item that can hold a payload (a map, an array, a tag) starts with a byte of
/// 0x80 or more.
pub fn looks_like_cbor(bytes: &[u8]) -> bool {
    matches!(bytes.first(), Some(&b) if b >= 0x80 && !bytes.starts_with(b"\xef\xbb\xbf"))
}

/// Encodes `value` as one CBOR item (definite lengths).
#[cfg(feature = "cbor")]
pub fn to_vec<T: Serialize>(value: &T) -> Result<Vec<u8>, EncodeError> {
    serde_cbor::to_vec(value).map_err(|e| EncodeError::Cbor(cbor_error(&e, 0)))
}

/// The crate's own error for a serde_cbor error; `skipped` bytes were stripped before the codec
/// read the input.
#[cfg(feature = "cbor")]
fn cbor_error(e: &serde_cbor::Error, skipped: u64) -> CborError {
    if e.is_syntax() || e.is_eof() {
        let text = e.to_string();
        let what = text.split(" at offset ").next().unwrap_or(&text);
        CborError::new(what, Some(e.offset() + skipped))
    } else {
        CborError::new(e.to_string(), None)
    }
}

/// Decodes one CBOR item into `T`, naming the kind and the place in any error.
#[cfg(feature = "cbor")]
pub fn decode<T: DeserializeOwned>(kind: TriggerKind, bytes: &[u8]) -> Result<T, DecodeError> {
    let (body, skipped) = match bytes.strip_prefix(&SELF_DESCRIBE[..]) {
        Some(rest) => (rest, SELF_DESCRIBE.len() as u64),
        None => (bytes, 0),
    };
    match serde_cbor::from_slice(body) {
        Ok(v) => Ok(v),
        Err(fast) => {
            let mut de = serde_cbor::Deserializer::from_slice(body);
            let tracked: Result<T, _> = serde_path_to_error::deserialize(&mut de);
            Err(match tracked {
                Err(e) => {
                    let loc = location(e.path(), &e.inner().to_string());
                    let inner = e.into_inner();
                    error(kind, loc, &inner, skipped)
                }
                // The typed decode succeeded, so the fault is after the item (trailing bytes).
                Ok(_) => error(kind, Location::root(), &fast, skipped),
            })
        }
    }
}

/// The location of an error. serde_path_to_error records a non-text key it could print (an integer,
/// a boolean) as if it were a member name; a key error points at the map instead.
#[cfg(feature = "cbor")]
fn location(path: &serde_path_to_error::Path, message: &str) -> Location {
    use serde_path_to_error::Segment;
    let segments: Vec<&Segment> = path.iter().collect();
    let mut keep = segments.len();
    if let Some(Segment::Map { key }) = segments.last() {
        if message.ends_with("expected a text map key") && message.contains(&format!("`{key}`")) {
            keep -= 1;
        }
    }
    Location::from_segments(segments[..keep].iter().copied())
}

/// Turns a serde_cbor error into a located [`DecodeError`] with a message a person can act on.
#[cfg(feature = "cbor")]
fn error(kind: TriggerKind, loc: Location, e: &serde_cbor::Error, skipped: u64) -> DecodeError {
    if e.is_syntax() || e.is_eof() {
        let own = cbor_error(e, skipped);
        let what = own.message();
        let at = own.offset().unwrap_or(0);
        let message = if e.is_eof() {
            format!(
                "malformed CBOR: {what} at byte {at}: the input ends before the item does \
                 (truncated, or a length header claims more bytes than there are)"
            )
        } else if what == "recursion limit exceeded" {
            format!("malformed CBOR: nested deeper than {MAX_DEPTH} levels at byte {at}")
        } else {
            format!("malformed CBOR: {what} at byte {at}")
        };
        return DecodeError::new(Some(kind), loc, "syntax", message);
    }
    let text = e.to_string();
    match text.strip_prefix("invalid type: newtype struct, ") {
        // With the `tags` feature a tagged item arrives as a newtype struct.
        Some(rest) => DecodeError::new(
            Some(kind),
            loc,
            "type",
            format!("invalid type: a tagged CBOR item (tags are not supported), {rest}"),
        ),
        None => DecodeError::from_serde(Some(kind), loc, &text),
    }
}
