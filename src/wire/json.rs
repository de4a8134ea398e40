//! Reading JSON text: the whole input checked to be UTF-8 once, and a failed decode located from
//! where the reader stopped. Valid payloads pay nothing for error locations.

use serde::Deserialize;

use crate::wire::error::DecodeError;
use crate::wire::kind::TriggerKind;

/// Decodes JSON bytes into `T` that is not a trigger payload (e.g. a trigger definition): errors name
/// `kind` only when given.
#[inline(always)]
pub fn json_any<'de, T: Deserialize<'de>>(
    kind: Option<TriggerKind>,
    bytes: &'de [u8],
) -> Result<T, DecodeError> {
    match from_json_bytes(bytes) {
        Ok(v) => Ok(v),
        Err(fast) => Err(locate_json(kind, bytes, fast)),
    }
}

/// `serde_json::from_slice`, faster: the input is checked to be UTF-8 once, as a whole, instead of
/// string by string (serde_json checks every string it reads from a byte slice, which costs about a
/// fifth of a typed decode).
///
/// JSON text is UTF-8 (RFC 8259, section 8.1), so input that is not is refused whatever `T` would
/// have read of it; the error is serde_json's own for these bytes (read as an untyped value), at
/// its line and column. `T` is read from the checked text, by the crate's own reader first when
/// `fast-reader` is on (see [`from_text`]); never by a second reader over the byte slice, which would
/// add a third copy of every payload type's decoder.
#[inline(always)]
pub fn from_json_bytes<'de, T: serde::Deserialize<'de>>(bytes: &'de [u8]) -> serde_json::Result<T> {
    match std::str::from_utf8(bytes) {
        Ok(text) => from_text(text),
        Err(utf8) => Err(not_utf8(bytes, &utf8)),
    }
}

/// `T` from JSON text: through the crate's own reader when it is compiled in, and through
/// serde_json for whatever that reader declines (every fault included, so errors are serde_json's).
#[inline(always)]
fn from_text<'de, T: serde::Deserialize<'de>>(text: &'de str) -> serde_json::Result<T> {
    #[cfg(feature = "fast-reader")]
    if let Ok(v) = crate::wire::reader::from_str(text) {
        return Ok(v);
    }
    serde_json::from_str(text)
}

/// The error serde_json gives for bytes that are not UTF-8 (never inlined: one copy for all types).
#[cold]
#[inline(never)]
fn not_utf8(bytes: &[u8], utf8: &std::str::Utf8Error) -> serde_json::Error {
    match serde_json::from_slice::<Sink>(bytes) {
        Err(e) => e,
        // Not reached: a value is read string by string, and each string is checked.
        Ok(_) => serde::de::Error::custom(format_args!(
            "the input is not UTF-8 (byte {})",
            utf8.valid_up_to()
        )),
    }
}

/// Any JSON value, read and dropped: what a `serde_json::Value` accepts (every value, through
/// `deserialize_any`, map keys as strings), so a failed read fails as a `Value`'s would, with far less
/// code than building one.
struct Sink;

impl<'de> serde::Deserialize<'de> for Sink {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Sink, D::Error> {
        d.deserialize_any(SinkVisitor)
    }
}

/// A map key, read as a string as a `Value`'s map reads it.
struct SinkKey;

impl<'de> serde::Deserialize<'de> for SinkKey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<SinkKey, D::Error> {
        d.deserialize_str(SinkVisitor).map(|Sink| SinkKey)
    }
}

struct SinkVisitor;

impl<'de> serde::de::Visitor<'de> for SinkVisitor {
    type Value = Sink;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any valid JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Sink, E> {
        Ok(Sink)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Sink, E> {
        Ok(Sink)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Sink, E> {
        Ok(Sink)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Sink, E> {
        Ok(Sink)
    }
    fn visit_str<E>(self, _: &str) -> Result<Sink, E> {
        Ok(Sink)
    }
    fn visit_unit<E>(self) -> Result<Sink, E> {
        Ok(Sink)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Sink, A::Error> {
        while seq.next_element::<Sink>()?.is_some() {}
        Ok(Sink)
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Sink, A::Error> {
        while map.next_key::<SinkKey>()?.is_some() {
            map.next_value::<Sink>()?;
        }
        Ok(Sink)
    }
}

/// The error for a failed decode of `bytes`, at the place [`locate`](crate::wire::locate) finds
/// from the reader's position (never inlined: one copy for every payload type).
#[cold]
#[inline(never)]
fn locate_json(kind: Option<TriggerKind>, bytes: &[u8], fast: serde_json::Error) -> DecodeError {
    DecodeError::from_json(kind, crate::wire::locate::locate(bytes, &fast), &fast)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Small JSON-ish texts: valid documents, near misses and invalid UTF-8 inside and outside
    /// strings.
    fn jsonish() -> impl Strategy<Value = Vec<u8>> {
        const PIECES: &[&[u8]] = &[
            b"{",
            b"}",
            b"[",
            b"]",
            b",",
            b":",
            b" ",
            b"\"k\"",
            b"\"\\u00e9\\n\"",
            b"\"\\ud800\"",
            "\"é€😀\"".as_bytes(),
            b"\"\xff\"",
            b"\"\xc3\"",
            b"\xe2\x82",
            b"1.5e3",
            b"-0",
            b"18446744073709551616",
            b"true",
            b"null",
        ];
        let piece = prop::sample::select(PIECES);
        prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
    }

    proptest! {
        /// The whole-input UTF-8 check changes nothing but speed: the same documents decode to the
        /// same values, and the same inputs fail, at the same line and column.
        #[test]
        fn from_json_bytes_is_from_slice(bytes in jsonish()) {
            let ours = from_json_bytes::<serde_json::Value>(&bytes);
            let reference = serde_json::from_slice::<serde_json::Value>(&bytes);
            match (ours, reference) {
                (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
                (Err(a), Err(b)) => {
                    prop_assert_eq!((a.line(), a.column()), (b.line(), b.column()));
                    prop_assert_eq!(a.to_string(), b.to_string());
                }
                (a, b) => prop_assert!(false, "{:?} vs {:?} for {:?}", a, b, bytes),
            }
        }
    }

    #[test]
    fn invalid_utf8_in_a_string_is_located_as_before() {
        let bytes = b"{\"a\":\"ok\",\"b\":\"\xff\"}";
        let ours = from_json_bytes::<serde_json::Value>(bytes).unwrap_err();
        let reference = serde_json::from_slice::<serde_json::Value>(bytes).unwrap_err();
        assert_eq!(ours.to_string(), reference.to_string());
    }
}
