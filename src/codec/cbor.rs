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
//! | float16, float32, float64 | accepted (f16/f32 widened exactly, both through `visit_f32`); written in the shortest exact width | the input's floats are listed in document order before the decode ([`crate::wire::float`]), so a value can keep the width and bits it arrived in; a value that kept them is written in them again ([`serialize_exact_float`]) |
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
use crate::wire::float::{self, FloatWidth, RawFloat};
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

/// Encodes `value` as one CBOR item (definite lengths). A float written through
/// [`serialize_exact_float`] keeps its width and bits; every other float takes the shortest width
/// that holds it exactly.
#[cfg(feature = "cbor")]
pub fn to_vec<T: Serialize>(value: &T) -> Result<Vec<u8>, EncodeError> {
    let (encoded, exact) = float::written(|| serde_cbor::to_vec(value));
    let encoded = encoded.map_err(|e| EncodeError::Cbor(cbor_error(&e, 0)))?;
    if exact.is_empty() {
        return Ok(encoded);
    }
    put_exact_floats(&encoded, &exact)
        .ok_or_else(|| EncodeError::Cbor(CborError::new("an exact float lost its place", None)))
}

/// The tag that marks, in the codec's own output, where an exact float goes (followed by `null`).
/// No other tag is ever written: decoding rejects tags, and no model type writes one.
#[cfg(feature = "cbor")]
const EXACT_FLOAT_TAG: u64 = 0x6663_6576; // "fcev"

/// Writes `raw` exactly when the CBOR codec is encoding (a marker it replaces), else as a plain `f64`.
#[cfg(feature = "cbor")]
pub(crate) fn serialize_exact_float<S: serde::Serializer>(
    raw: RawFloat,
    s: S,
) -> Result<S::Ok, S::Error> {
    if !s.is_human_readable() && float::push_written(raw) {
        serde_cbor::tags::Tagged::new(Some(EXACT_FLOAT_TAG), ()).serialize(s)
    } else {
        s.serialize_f64(raw.value())
    }
}

#[cfg(feature = "cbor")]
/// One CBOR data item head: its major type, the argument, and the head's length in bytes. `None`
/// when the input ends inside the head or the head is reserved (additional information 28–30).
/// Indefinite lengths and the break byte have argument 0 (what follows are items of their own).
fn head(bytes: &[u8], at: usize) -> Option<(u8, u64, usize)> {
    let first = *bytes.get(at)?;
    let (major, info) = (first >> 5, first & 0x1f);
    let (argument, len) = match info {
        0..=23 => (u64::from(info), 1),
        24..=27 => {
            let n = 1usize << (info - 24);
            let body = bytes.get(at + 1..at + 1 + n)?;
            let mut all = [0u8; 8];
            all[8 - n..].copy_from_slice(body);
            (u64::from_be_bytes(all), 1 + n)
        }
        31 => (0, 1),
        _ => return None,
    };
    Some((major, argument, len))
}

#[cfg(feature = "cbor")]
/// The length of the whole item whose head is at `at`, when its content is not separate items (the
/// payload of a byte or text string; otherwise just the head). `None` past the end of the input.
fn skip(bytes: &[u8], at: usize) -> Option<(u8, u64, usize, usize)> {
    let (major, argument, len) = head(bytes, at)?;
    let first = bytes[at];
    let total = match major {
        2 | 3 if first & 0x1f != 31 => {
            let payload = usize::try_from(argument).ok()?;
            len.checked_add(payload)
                .filter(|&t| at.checked_add(t).is_some_and(|end| end <= bytes.len()))?
        }
        _ => len,
    };
    Some((major, argument, len, total))
}

#[cfg(feature = "cbor")]
/// Every float of one CBOR item, in document order: a linear walk over the item heads (arrays, maps
/// and tags need no count, their contents are the heads that follow). Stops at the first malformed
/// head; the decoder then names the fault.
pub(crate) fn floats(bytes: &[u8]) -> Vec<RawFloat> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some((major, argument, len, total)) = skip(bytes, at) {
        if major == 7 {
            let width = match bytes[at] {
                0xf9 => Some(FloatWidth::F16),
                0xfa => Some(FloatWidth::F32),
                0xfb => Some(FloatWidth::F64),
                _ => None,
            };
            if let (Some(width), 3 | 5 | 9) = (width, len) {
                out.push(RawFloat::new(width, argument));
            }
        }
        at += total;
    }
    out
}

/// `encoded` with each marker of [`serialize_exact_float`] replaced by the next of `exact`. `None`
/// when the markers and the list disagree (a bug, reported rather than written).
#[cfg(feature = "cbor")]
fn put_exact_floats(encoded: &[u8], exact: &[RawFloat]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(encoded.len() + exact.len() * 8);
    let mut next = exact.iter();
    let mut at = 0;
    while at < encoded.len() {
        let (major, argument, _, total) = skip(encoded, at)?;
        if major == 6 && argument == EXACT_FLOAT_TAG {
            if encoded.get(at + total) != Some(&0xf6) {
                return None;
            }
            next.next()?.write_to(&mut out);
            at += total + 1;
        } else {
            out.extend_from_slice(&encoded[at..at + total]);
            at += total;
        }
    }
    next.next().is_none().then_some(out)
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
    let listed = floats(body);
    let first = if listed.is_empty() {
        serde_cbor::from_slice(body)
    } else {
        float::arrived(listed, || serde_cbor::from_slice(body))
    };
    match first {
        Ok(v) => Ok(v),
        Err(fast) => {
            let mut de = serde_cbor::Deserializer::from_slice(body);
            let tracked: Result<T, _> =
                float::arrived(floats(body), || serde_path_to_error::deserialize(&mut de));
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
