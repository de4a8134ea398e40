//! Reading back what `convert` writes. The JSON and CBOR renderings of an event are not always its
//! wire form: an MNS STREAM body renders as a JSON string (or `{"$blob": ...}` when it is not UTF-8)
//! or a CBOR string, and every kind but Tablestore renders as a CBOR map that wire detection takes
//! for a Tablestore record. These are turned back into bytes the library reads.

use std::borrow::Cow;

use base64::Engine as _;
use fc_events::{TriggerKind, BLOB_KEY};

/// The bytes to decode and the kind they are known to be, for a rendering that is not a wire
/// form; `None` when `bytes` are to be read as they are.
pub fn unwrap(
    trigger: Option<TriggerKind>,
    bytes: &[u8],
) -> Option<(Cow<'_, [u8]>, Option<TriggerKind>)> {
    let mns = trigger.is_none_or(|k| k == TriggerKind::MnsTopic);
    let first = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
    match bytes[first] {
        // A JSON string: the JSON rendering of a text STREAM body.
        b'"' if mns => {
            let body: String = serde_json::from_slice(bytes).ok()?;
            Some((Cow::Owned(body.into_bytes()), Some(TriggerKind::MnsTopic)))
        }
        // `{"$blob": "..."}` alone: the JSON rendering of a binary STREAM body.
        b'{' if mns && may_be_blob(&bytes[first + 1..]) => {
            let map: serde_json::Map<String, serde_json::Value> =
                serde_json::from_slice(bytes).ok()?;
            match (map.len(), map.get(BLOB_KEY)) {
                (1, Some(serde_json::Value::String(b64))) => {
                    let body = base64::engine::general_purpose::STANDARD.decode(b64).ok()?;
                    Some((Cow::Owned(body), Some(TriggerKind::MnsTopic)))
                }
                _ => None,
            }
        }
        // A CBOR text or byte string: the CBOR rendering of a STREAM body (`{` holding `$blob`
        // was the arm above's to take or leave).
        0x40..=0x7b | 0x5f | 0x7f
            if first == 0
                && mns
                && string_fits(bytes)
                && !(bytes[0] == b'{'
                    && memchr::memmem::find(bytes, BLOB_KEY.as_bytes()).is_some()) =>
        {
            match serde_cbor::from_slice(bytes).ok()? {
                serde_cbor::Value::Text(t) => {
                    Some((Cow::Owned(t.into_bytes()), Some(TriggerKind::MnsTopic)))
                }
                serde_cbor::Value::Bytes(b) => Some((Cow::Owned(b), Some(TriggerKind::MnsTopic))),
                _ => None,
            }
        }
        // A CBOR map or array of a kind other than Tablestore: read through its JSON form.
        0x80..=0xbf if first == 0 => {
            if trigger == Some(TriggerKind::Tablestore) {
                return None;
            }
            if trigger.is_none()
                && fc_events::Event::from_slice_as(TriggerKind::Tablestore, bytes).is_ok()
            {
                return None;
            }
            let value: serde_cbor::Value = serde_cbor::from_slice(bytes).ok()?;
            let json = serde_json::to_vec(&to_json(value)?).ok()?;
            Some((Cow::Owned(json), trigger))
        }
        _ => None,
    }
}

/// Whether a JSON object (after its `{`) is to be read as `{"$blob": ...}` alone: it holds `$blob`
/// as written, and its first member name is `$blob` as written or holds an escape. Any other
/// first name cannot be the one name of the object, so the object is read no further.
fn may_be_blob(rest: &[u8]) -> bool {
    let Some(open) = rest.iter().position(|b| !b.is_ascii_whitespace()) else {
        return false;
    };
    if rest[open] != b'"' {
        return false;
    }
    let name = &rest[open + 1..];
    // A name whose first byte is neither `$` nor an escape cannot read as `$blob`, so the object
    // holds another name and is no blob: decided without a search (the common case, every other
    // kind's object).
    if !matches!(name.first(), Some(b'$' | b'\\')) {
        return false;
    }
    match memchr::memchr2(b'"', b'\\', name) {
        Some(end) if name[end] == b'"' => &name[..end] == BLOB_KEY.as_bytes(),
        Some(_) => memchr::memmem::find(rest, BLOB_KEY.as_bytes()).is_some(),
        None => false,
    }
}

/// Whether a CBOR text or byte string head declares no more bytes than follow it: a definite
/// length beyond the end cannot be read, so such bytes (JSON beginning with `{` or `[`, which are
/// heads with an 8-byte length) are not tried as CBOR. Indefinite lengths are always tried.
fn string_fits(bytes: &[u8]) -> bool {
    let head = |n: usize| -> Option<u64> {
        let b = bytes.get(1..1 + n)?;
        Some(b.iter().fold(0u64, |acc, &x| (acc << 8) | u64::from(x)))
    };
    let (len, size) = match bytes[0] & 0x1f {
        info @ 0..=23 => (Some(u64::from(info)), 0),
        24 => (head(1), 1),
        25 => (head(2), 2),
        26 => (head(4), 4),
        27 => (head(8), 8),
        _ => return true,
    };
    len.is_some_and(|len| len <= (bytes.len() - 1 - size) as u64)
}

/// The JSON value of a CBOR value (byte strings as `{"$blob": base64}`); `None` for what JSON
/// cannot hold (tags, NaN, integers beyond 64 bits).
fn to_json(v: serde_cbor::Value) -> Option<serde_json::Value> {
    use serde_cbor::Value as C;
    use serde_json::Value as J;
    Some(match v {
        C::Null => J::Null,
        C::Bool(b) => J::Bool(b),
        C::Integer(i) => match (u64::try_from(i), i64::try_from(i)) {
            (Ok(u), _) => J::from(u),
            (_, Ok(s)) => J::from(s),
            _ => return None,
        },
        C::Float(f) => J::Number(serde_json::Number::from_f64(f)?),
        C::Bytes(b) => {
            let mut m = serde_json::Map::new();
            m.insert(
                BLOB_KEY.to_owned(),
                J::String(base64::engine::general_purpose::STANDARD.encode(b)),
            );
            J::Object(m)
        }
        C::Text(t) => J::String(t),
        C::Array(a) => J::Array(a.into_iter().map(to_json).collect::<Option<_>>()?),
        C::Map(m) => {
            let mut out = serde_json::Map::new();
            for (k, v) in m {
                let key = match k {
                    C::Text(t) => t,
                    C::Integer(i) => i.to_string(),
                    _ => return None,
                };
                out.insert(key, to_json(v)?);
            }
            J::Object(out)
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unwrapped(bytes: &[u8]) -> Option<(Vec<u8>, Option<TriggerKind>)> {
        unwrap(None, bytes).map(|(b, k)| (b.into_owned(), k))
    }

    #[test]
    fn blob_objects_are_read_back_whatever_the_spelling_of_the_name() {
        let mns = Some(TriggerKind::MnsTopic);
        for json in [
            &br#"{"$blob":"aGk="}"#[..],
            br#" { "$blob" : "aGk=" }"#,
            br#"{"\u0024blob":"AAA=","$blob":"aGk="}"#,
            br#"{"$blob":"AAA=","$blob":"aGk="}"#,
        ] {
            assert_eq!(unwrapped(json), Some((b"hi".to_vec(), mns)), "{json:?}");
        }
        for json in [
            &br#"{"a":1,"$blob":"aGk="}"#[..],
            br#"{"$blobs":"aGk="}"#,
            br#"{"$blob":"aGk=","a":1}"#,
            br#"{}"#,
            // An escaped name is read only beside `$blob` as written.
            br#"{"\u0024blob":"aGk="}"#,
            br#"{"$blob"#,
        ] {
            assert_eq!(unwrapped(json), None, "{json:?}");
        }
        assert!(may_be_blob(br#""\u0061":1,"$blob":"aGk="}"#));
        assert!(!may_be_blob(br#""\u0061":1}"#));
        assert!(!may_be_blob(br#""a":1,"$blob":"aGk="}"#));
    }

    #[test]
    fn cbor_strings_are_tried_only_when_their_length_fits() {
        // "hi" as a CBOR text string, its length in every head width (non-preferred ones too).
        for cbor in [
            &b"\x62hi"[..],
            b"\x78\x02hi",
            b"\x79\x00\x02hi",
            b"\x7a\x00\x00\x00\x02hi",
            b"\x7b\x00\x00\x00\x00\x00\x00\x00\x02hi",
            b"\x7f\x62hi\xff",
        ] {
            assert!(string_fits(cbor), "{cbor:?}");
            assert_eq!(
                unwrapped(cbor),
                Some((b"hi".to_vec(), Some(TriggerKind::MnsTopic))),
                "{cbor:?}"
            );
        }
        // A declared length beyond the end, and JSON read as a CBOR head.
        for bytes in [
            &b"\x63hi"[..],
            b"\x7b\x00\x00\x00\x00\x00\x00\x00\x03hi",
            b"\x7b\x00",
            br#"{"a":1}"#,
            b"[1]",
        ] {
            assert!(!string_fits(bytes), "{bytes:?}");
        }
        // A CBOR text string that begins with `{` and holds `$blob` is left to the JSON reading.
        let odd = b"\x7b\x00\x00\x00\x00\x00\x00\x00\x05$blob";
        assert!(string_fits(odd));
        assert_eq!(unwrapped(odd), None);
    }
}
