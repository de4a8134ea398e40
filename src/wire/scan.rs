//! Finding where a run of plain string bytes ends in JSON text, a word (8 bytes) at a time: the
//! crate's JSON reader and detection's pre-scan both step through strings with it.

/// One flag per byte value: whether it ends a run of plain string bytes.
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = true;
        b += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
};

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of the first byte of `w` (in memory order) that is `"`, `\\` or a control byte, and
/// maybe of bytes after it; zero when there is none. Each term is the classic test for a byte
/// below a bound (`x - 0x01.. & !x`, for `x` the word itself against 0x20, and the word xor-ed
/// with the quote and with the backslash against 1): a borrow can flag bytes above the first hit
/// but never below it, so the lowest flag is exact, and only it is used.
#[inline(always)]
fn special(w: u64) -> u64 {
    let quote = w ^ (ONES * b'"' as u64);
    let backslash = w ^ (ONES * b'\\' as u64);
    (w.wrapping_sub(ONES * 0x20) & !w
        | quote.wrapping_sub(ONES) & !quote
        | backslash.wrapping_sub(ONES) & !backslash)
        & HIGHS
}

/// The index, from `i`, of the first `"`, `\\` or control byte of `bytes`; `None` when there is
/// none. A word at a time while eight bytes remain (past the string's end too: a word is only
/// looked at up to its first hit), then a byte at a time.
#[inline(always)]
pub(crate) fn string_stop(bytes: &[u8], mut i: usize) -> Option<usize> {
    while let Some(word) = bytes.get(i..i + 8) {
        let Ok(word) = <[u8; 8]>::try_from(word) else {
            break;
        };
        let hits = special(u64::from_le_bytes(word));
        if hits != 0 {
            return Some(i + (hits.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        if SPECIAL[b as usize] {
            return Some(i);
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The word-at-a-time search finds what a byte-at-a-time one finds, at every offset.
        #[test]
        fn finds_the_first_stop(bytes in prop::collection::vec(
            prop_oneof![Just(b'"'), Just(b'\\'), 0u8..0x20, 0x20u8..=0xff, Just(b'a')], 0..40),
            from in 0usize..42,
        ) {
            let expected = bytes.iter().enumerate().skip(from).find(|(_, &b)| SPECIAL[b as usize]).map(|(i, _)| i);
            prop_assert_eq!(string_stop(&bytes, from), expected);
        }
    }

    #[test]
    fn every_stop_byte_is_found_in_every_lane() {
        for stop in (0u8..0x20).chain([b'"', b'\\']) {
            for lane in 0..16 {
                let mut bytes = vec![b'x'; 24];
                bytes[lane] = stop;
                // A byte just above each bound before it, to tempt a borrow.
                if lane > 0 {
                    bytes[lane - 1] = 0x21;
                }
                assert_eq!(
                    string_stop(&bytes, 0),
                    Some(lane),
                    "byte {stop:#x} at {lane}"
                );
            }
        }
        assert_eq!(string_stop(b"plain text without a stop", 0), None);
    }
}
