//! What the bytes of a payload are before its kind is detected: a UTF-8 byte order mark is
//! skipped (never a reason to take the payload for a raw MNS text body); UTF-16/UTF-32 text, a
//! leading NUL and a CBOR payload behind a tag other than self-describe are named in an error.

/// The payload to decode, after the checks.
pub struct Prepared<'a> {
    /// The bytes to decode (without a UTF-8 byte order mark).
    pub bytes: &'a [u8],
    /// A UTF-8 byte order mark was skipped.
    pub bom: bool,
}

/// The note printed when a byte order mark was skipped.
pub const BOM_NOTE: &str = "a UTF-8 byte order mark at the start was skipped";

/// Checks the encoding of a payload; the error names what the bytes are.
pub fn prepare(bytes: &[u8]) -> Result<Prepared<'_>, String> {
    const FIX: &str = "payloads are UTF-8 JSON, CBOR or UTF-8 text; convert the file to UTF-8";
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Ok(Prepared {
            bytes: rest,
            bom: true,
        });
    }
    let named = |what: &str| Err(format!("the payload is {what}: {FIX}"));
    match bytes {
        [0xFF, 0xFE, 0, 0, ..] => return named("UTF-32 (little-endian) text"),
        [0, 0, 0xFE, 0xFF, ..] => return named("UTF-32 (big-endian) text"),
        [0xFF, 0xFE, ..] => return named("UTF-16 (little-endian) text"),
        [0xFE, 0xFF, ..] => return named("UTF-16 (big-endian) text"),
        [a, 0, 0, 0, b, 0, 0, 0, ..] if ascii(*a) && ascii(*b) => {
            return named("UTF-32 (little-endian) text without a byte order mark")
        }
        [0, 0, 0, a, 0, 0, 0, b, ..] if ascii(*a) && ascii(*b) => {
            return named("UTF-32 (big-endian) text without a byte order mark")
        }
        [a, 0, b, 0, ..] if ascii(*a) && ascii(*b) => {
            return named("UTF-16 (little-endian) text without a byte order mark")
        }
        [0, a, 0, b, ..] if ascii(*a) && ascii(*b) => {
            return named("UTF-16 (big-endian) text without a byte order mark")
        }
        [0, ..] => return Err(
            "the payload starts with a NUL byte: it is binary data, neither JSON, CBOR nor text"
                .to_owned(),
        ),
        // A CBOR tag head (major type 6) other than the self-describe tag 55799 (d9 d9 f7).
        [first @ 0xc0..=0xdb, ..] if !bytes.starts_with(&[0xd9, 0xd9, 0xf7]) => {
            let tag = cbor_tag(bytes).map_or_else(|| format!("0x{first:02x}"), |t| t.to_string());
            return Err(format!(
                "the payload is a CBOR item behind tag {tag}: only the self-describe tag 55799 may \
                 precede a CBOR payload"
            ));
        }
        _ => {}
    }
    Ok(Prepared { bytes, bom: false })
}

/// A non-NUL ASCII byte: a code unit of UTF-16/32 text holding ASCII.
fn ascii(b: u8) -> bool {
    b != 0 && b.is_ascii()
}

fn cbor_tag(b: &[u8]) -> Option<u64> {
    let info = b.first()? & 0x1f;
    Some(match info {
        0..=23 => u64::from(info),
        24 => u64::from(*b.get(1)?),
        25 => u64::from(u16::from_be_bytes(b.get(1..3)?.try_into().ok()?)),
        26 => u64::from(u32::from_be_bytes(b.get(1..5)?.try_into().ok()?)),
        27 => u64::from_be_bytes(b.get(1..9)?.try_into().ok()?),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_named() {
        let p = prepare(b"\xEF\xBB\xBF{}").unwrap();
        assert!(p.bom);
        assert_eq!(p.bytes, b"{}");
        assert!(prepare(b"\xFF\xFE{\0")
            .err()
            .unwrap()
            .contains("UTF-16 (little-endian) text:"));
        assert!(prepare(b"{\0\"\0")
            .err()
            .unwrap()
            .contains("UTF-16 (little-endian) text without"));
        assert!(prepare(b"\0\0\0{\0\0\0\"")
            .err()
            .unwrap()
            .contains("UTF-32 (big-endian)"));
        assert!(prepare(b"\0\xa1").err().unwrap().contains("NUL byte"));
        assert!(prepare(b"\xd8\x40\xa0").err().unwrap().contains("tag 64"));
        assert!(!prepare(b"\xd9\xd9\xf7\xa0").unwrap().bom);
        assert!(!prepare(b"plain text").unwrap().bom);
    }
}
