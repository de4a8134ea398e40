//! Bytes in human-readable formats: `{"$blob": "<standard base64>"}`; raw byte strings elsewhere.

use serde::ser::{SerializeMap, Serializer};

use crate::wire::any_value::BLOB_KEY;

/// Standard base64 with padding.
pub fn encode(bytes: &[u8]) -> String {
    crate::wire::base64::encode(bytes)
}

/// Standard base64 with padding, strictly.
pub fn decode(text: &str) -> Result<Vec<u8>, crate::wire::Base64Error> {
    crate::wire::base64::decode(text)
}

/// Writes bytes as a CBOR byte string, or as `{"$blob": ...}` to a human-readable format.
pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
    if s.is_human_readable() {
        let mut m = s.serialize_map(Some(1))?;
        m.serialize_entry(BLOB_KEY, &encode(bytes))?;
        m.end()
    } else {
        s.serialize_bytes(bytes)
    }
}
