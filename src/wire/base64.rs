//! Standard base64 (RFC 4648 §4, alphabet `A–Z a–z 0–9 + /`): encoding with `=` padding, and
//! decoding that is strict about everything but, where asked, the padding.
//!
//! Decoding rejects, with the offset of the fault: a byte outside the alphabet (whitespace too), `=`
//! anywhere but the end of the last group of four or after fewer than two symbols in it, a text whose
//! last group has a single symbol, and a last symbol whose unused low bits are not zero (a text only
//! one encoder could not have written, so that decoding and encoding again gives the text back).
//! [`decode`] also requires the padding to complete the last group; [`decode_lenient`] accepts it
//! missing (published MNS queue samples drop it).

use std::fmt;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Not a symbol of the alphabet.
const NONE: u8 = 0xff;

/// The value of each byte as a symbol, or [`NONE`].
const VALUES: [u8; 256] = {
    let mut t = [NONE; 256];
    let mut i = 0;
    while i < 64 {
        t[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    t
};

/// Text that is not standard base64: what is wrong, and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Base64Error {
    /// A byte that is not a symbol of the alphabet, or `=` where padding cannot be.
    InvalidByte {
        /// Its offset in the text.
        offset: usize,
        /// The byte.
        byte: u8,
    },
    /// The last group of four has a single symbol, which cannot make a byte.
    InvalidLength {
        /// The number of symbols (padding excluded) up to and including that one.
        symbols: usize,
    },
    /// The last symbol sets bits that the decoded bytes do not use (no encoder writes that text).
    InvalidLastSymbol {
        /// Its offset in the text.
        offset: usize,
        /// The byte.
        byte: u8,
    },
    /// The `=` padding does not complete the last group of four.
    InvalidPadding,
}

/// A byte as a reader would want to see it in a message.
struct Shown(u8);

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            b @ 0x21..=0x7e => write!(f, "'{}'", b as char),
            b => write!(f, "byte 0x{b:02x}"),
        }
    }
}

impl fmt::Display for Base64Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Base64Error::InvalidByte { offset, byte } => {
                write!(f, "invalid symbol {} at offset {offset}", Shown(byte))
            }
            Base64Error::InvalidLength { symbols } => write!(
                f,
                "invalid length: the last group has a single symbol (at offset {})",
                symbols.saturating_sub(1)
            ),
            Base64Error::InvalidLastSymbol { offset, byte } => write!(
                f,
                "invalid last symbol {} at offset {offset} (it sets bits no byte uses)",
                Shown(byte)
            ),
            Base64Error::InvalidPadding => {
                f.write_str("invalid padding (`=` does not complete the last group of four)")
            }
        }
    }
}

impl std::error::Error for Base64Error {}

/// Standard base64 with padding.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    let mut chunks = bytes.chunks_exact(3);
    for c in &mut chunks {
        let n = u32::from(c[0]) << 16 | u32::from(c[1]) << 8 | u32::from(c[2]);
        for shift in [18, 12, 6, 0] {
            out.push(ALPHABET[(n >> shift) as usize & 63] as char);
        }
    }
    match *chunks.remainder() {
        [a] => {
            let n = u32::from(a) << 16;
            out.push(ALPHABET[(n >> 18) as usize & 63] as char);
            out.push(ALPHABET[(n >> 12) as usize & 63] as char);
            out.push_str("==");
        }
        [a, b] => {
            let n = u32::from(a) << 16 | u32::from(b) << 8;
            for shift in [18, 12, 6] {
                out.push(ALPHABET[(n >> shift) as usize & 63] as char);
            }
            out.push('=');
        }
        _ => {}
    }
    out
}

/// Decodes standard base64 whose padding completes the last group of four.
pub fn decode(text: &str) -> Result<Vec<u8>, Base64Error> {
    decode_bytes(text.as_bytes(), true)
}

/// Decodes standard base64 with or without its padding.
pub fn decode_lenient(text: &str) -> Result<Vec<u8>, Base64Error> {
    decode_bytes(text.as_bytes(), false)
}

fn decode_bytes(input: &[u8], canonical_padding: bool) -> Result<Vec<u8>, Base64Error> {
    let rem = input.len() % 4;
    // A last byte that cannot belong to a group (a newline, say) is named before anything else.
    if rem == 1 {
        let (offset, &byte) = (input.len() - 1, input.last().unwrap_or(&0));
        if byte != b'=' && VALUES[usize::from(byte)] == NONE {
            return Err(Base64Error::InvalidByte { offset, byte });
        }
    }
    // Every group but the last holds four symbols and no padding.
    let body = input
        .len()
        .saturating_sub(rem)
        .saturating_sub(if rem == 0 { 4 } else { 0 });
    let mut out = Vec::with_capacity(input.len() / 4 * 3 + 3);
    for (g, group) in input[..body].chunks_exact(4).enumerate() {
        let mut n = 0u32;
        for (i, &byte) in group.iter().enumerate() {
            let v = VALUES[usize::from(byte)];
            if v == NONE {
                return Err(Base64Error::InvalidByte {
                    offset: g * 4 + i,
                    byte,
                });
            }
            n = n << 6 | u32::from(v);
        }
        out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
    }
    // The last group: one to four bytes, symbols then padding.
    let mut symbols = 0usize;
    let mut pads = 0usize;
    let mut first_pad = 0usize;
    let mut last = 0u8;
    let mut n = 0u32;
    for (i, &byte) in input[body..].iter().enumerate() {
        let offset = body + i;
        if byte == b'=' {
            if i < 2 {
                return Err(Base64Error::InvalidByte { offset, byte });
            }
            if pads == 0 {
                first_pad = offset;
            }
            pads += 1;
            continue;
        }
        if pads > 0 {
            return Err(Base64Error::InvalidByte {
                offset: first_pad,
                byte: b'=',
            });
        }
        let v = VALUES[usize::from(byte)];
        if v == NONE {
            return Err(Base64Error::InvalidByte { offset, byte });
        }
        last = byte;
        n |= u32::from(v) << (26 - 6 * symbols);
        symbols += 1;
    }
    if !input.is_empty() && symbols < 2 {
        return Err(Base64Error::InvalidLength {
            symbols: body + symbols,
        });
    }
    if canonical_padding && (pads + symbols) % 4 != 0 {
        return Err(Base64Error::InvalidPadding);
    }
    let bytes = symbols * 6 / 8;
    if n & (!0u32 >> (bytes * 8)) != 0 {
        return Err(Base64Error::InvalidLastSymbol {
            offset: body + symbols - 1,
            byte: last,
        });
    }
    out.extend_from_slice(&n.to_be_bytes()[..bytes]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ::base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
    use ::base64::engine::DecodePaddingMode;
    use ::base64::{DecodeError, Engine as _};
    use proptest::prelude::*;

    /// The reference decoder's verdict in this module's terms.
    fn reference(text: &[u8], canonical_padding: bool) -> Result<Vec<u8>, Base64Error> {
        const LENIENT: GeneralPurpose = GeneralPurpose::new(
            &::base64::alphabet::STANDARD,
            GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
        );
        let engine = if canonical_padding {
            &STANDARD
        } else {
            &LENIENT
        };
        engine.decode(text).map_err(|e| match e {
            DecodeError::InvalidByte(offset, byte) => Base64Error::InvalidByte { offset, byte },
            DecodeError::InvalidLength(symbols) => Base64Error::InvalidLength { symbols },
            DecodeError::InvalidLastSymbol(offset, byte) => {
                Base64Error::InvalidLastSymbol { offset, byte }
            }
            DecodeError::InvalidPadding => Base64Error::InvalidPadding,
        })
    }

    /// Texts near base64: valid encodings, cut, padded, with stray bytes.
    fn near_base64() -> impl Strategy<Value = Vec<u8>> {
        let symbol = prop_oneof![
            8 => proptest::sample::select(ALPHABET.to_vec()),
            2 => Just(b'='),
            1 => proptest::sample::select(b" \n-_!\xc3\x00".to_vec()),
        ];
        prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..40).prop_map(|b| encode(&b).into_bytes()),
            proptest::collection::vec(any::<u8>(), 0..40).prop_map(|b| {
                let mut t = encode(&b).into_bytes();
                while t.last() == Some(&b'=') {
                    t.pop();
                }
                t
            }),
            proptest::collection::vec(symbol, 0..24),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        #[test]
        fn encodes_as_the_reference(bytes in proptest::collection::vec(any::<u8>(), 0..100)) {
            prop_assert_eq!(encode(&bytes), STANDARD.encode(&bytes));
            prop_assert_eq!(decode(&encode(&bytes)), Ok(bytes));
        }

        #[test]
        fn decodes_and_refuses_as_the_reference(text in near_base64()) {
            for canonical in [true, false] {
                prop_assert_eq!(
                    decode_bytes(&text, canonical),
                    reference(&text, canonical),
                    "{:?}, canonical padding {}", String::from_utf8_lossy(&text), canonical
                );
            }
        }
    }

    /// A text, whether padding must be canonical, and the bytes or the message.
    type Case = (&'static str, bool, Result<&'static [u8], &'static str>);

    #[test]
    fn names_each_fault() {
        let cases: &[Case] = &[
            ("", true, Ok(b"")),
            ("QQ==", true, Ok(b"A")),
            ("QUI=", true, Ok(b"AB")),
            ("QUJD", true, Ok(b"ABC")),
            ("QQ", false, Ok(b"A")),
            (
                "QQ",
                true,
                Err("invalid padding (`=` does not complete the last group of four)"),
            ),
            ("QQ=", false, Ok(b"A")),
            ("QUJD\n", true, Err("invalid symbol byte 0x0a at offset 4")),
            ("QU!D", true, Err("invalid symbol '!' at offset 2")),
            ("Q===", true, Err("invalid symbol '=' at offset 1")),
            (
                "QUJDQ",
                false,
                Err("invalid length: the last group has a single symbol (at offset 4)"),
            ),
            (
                "QR==",
                true,
                Err("invalid last symbol 'R' at offset 1 (it sets bits no byte uses)"),
            ),
            ("QQ=A", true, Err("invalid symbol '=' at offset 2")),
        ];
        for &(text, canonical, want) in cases {
            let got = decode_bytes(text.as_bytes(), canonical);
            match want {
                Ok(bytes) => assert_eq!(got.as_deref(), Ok(bytes), "{text:?}"),
                Err(message) => assert_eq!(got.unwrap_err().to_string(), message, "{text:?}"),
            }
        }
    }
}
