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
        b'{' if mns && memchr::memmem::find(bytes, BLOB_KEY.as_bytes()).is_some() => {
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
        // A CBOR text or byte string: the CBOR rendering of a STREAM body.
        0x40..=0x7b | 0x5f | 0x7f if first == 0 && mns => {
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
