//! CBOR floats as they arrived: the width (float16, float32 or float64) and the exact bits.
//!
//! serde's data model has no float16 and the CBOR codec hands a float16 and a float32 to a visitor
//! the same way (`visit_f32`), and writes every float in the shortest width that holds it exactly. A
//! value that must be written back byte for byte therefore needs its arrival recorded beside the
//! serde calls. While the CBOR codec decodes, it lists every float of the input in document order
//! ([`arrived`]); a visitor that receives a float takes the next one ([`take_arrived`]), and every
//! visitor that can receive a float in CBOR takes one, so the list stays aligned with the calls.
//! While the codec encodes, a value with a recorded width hands its exact bits over ([`push_written`])
//! and the codec writes them in place of a marker. Outside the codec both lists are off and these
//! calls do nothing.

// Without CBOR only the decode side's no-op is reached (from unknown members).
#![cfg_attr(not(feature = "cbor"), allow(dead_code))]

use std::cell::RefCell;

/// How wide a CBOR float is on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FloatWidth {
    /// IEEE 754 binary16 (`0xf9` and 2 bytes).
    F16,
    /// IEEE 754 binary32 (`0xfa` and 4 bytes).
    F32,
    /// IEEE 754 binary64 (`0xfb` and 8 bytes).
    F64,
}

impl FloatWidth {
    /// The CBOR initial byte of a float of this width.
    pub(crate) fn initial_byte(self) -> u8 {
        match self {
            FloatWidth::F16 => 0xf9,
            FloatWidth::F32 => 0xfa,
            FloatWidth::F64 => 0xfb,
        }
    }

    /// The number of bytes after the initial byte.
    pub(crate) fn len(self) -> usize {
        match self {
            FloatWidth::F16 => 2,
            FloatWidth::F32 => 4,
            FloatWidth::F64 => 8,
        }
    }
}

/// One CBOR float exactly as written: its width and its bits (in the low bits for F16 and F32).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct RawFloat {
    pub(crate) width: FloatWidth,
    pub(crate) bits: u64,
}

impl RawFloat {
    /// The float of `width` whose bits are `bits`.
    pub(crate) fn new(width: FloatWidth, bits: u64) -> Self {
        RawFloat { width, bits }
    }

    /// Its value, widened exactly to `f64` (a NaN stays a NaN).
    pub(crate) fn value(self) -> f64 {
        match self.width {
            FloatWidth::F16 => f16_to_f64(self.bits as u16),
            FloatWidth::F32 => f64::from(f32::from_bits(self.bits as u32)),
            FloatWidth::F64 => f64::from_bits(self.bits),
        }
    }

    /// `value` written in `width`, when that width holds it exactly (a NaN is held by every width).
    pub(crate) fn exact(value: f64, width: FloatWidth) -> Option<Self> {
        let bits = match width {
            FloatWidth::F16 => u64::from(f64_to_f16_exact(value)?),
            FloatWidth::F32 => {
                let narrow = value as f32;
                if f64::from(narrow) != value && !value.is_nan() {
                    return None;
                }
                u64::from(narrow.to_bits())
            }
            FloatWidth::F64 => value.to_bits(),
        };
        Some(RawFloat { width, bits })
    }

    /// The CBOR bytes: the initial byte, then the bits big-endian.
    pub(crate) fn write_to(self, out: &mut Vec<u8>) {
        out.push(self.width.initial_byte());
        let all = self.bits.to_be_bytes();
        out.extend_from_slice(&all[8 - self.width.len()..]);
    }

    /// Whether `value` (what the codec handed a visitor) is this float's value.
    fn holds(self, value: f64) -> bool {
        let mine = self.value();
        mine.to_bits() == value.to_bits() || (mine.is_nan() && value.is_nan())
    }
}

/// An IEEE 754 binary16 value, exactly as `f64`.
fn f16_to_f64(h: u16) -> f64 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exponent = i32::from((h >> 10) & 0x1f);
    let mantissa = f64::from(h & 0x3ff);
    match exponent {
        0 => sign * mantissa * 2f64.powi(-24),
        31 if mantissa == 0.0 => sign * f64::INFINITY,
        31 => f64::NAN,
        _ => sign * (1.0 + mantissa / 1024.0) * 2f64.powi(exponent - 15),
    }
}

/// The binary16 bits of `v` when binary16 holds it exactly (a NaN becomes the quiet NaN `0x7e00`).
fn f64_to_f16_exact(v: f64) -> Option<u16> {
    if v.is_nan() {
        return Some(0x7e00);
    }
    let sign: u16 = if v.is_sign_negative() { 0x8000 } else { 0 };
    let a = v.abs();
    if a == 0.0 {
        return Some(sign);
    }
    if a.is_infinite() {
        return Some(sign | 0x7c00);
    }
    if a < 2f64.powi(-14) {
        // Subnormal: a multiple of 2^-24 below 2^-14.
        let scaled = a * 2f64.powi(24);
        return (scaled.fract() == 0.0 && scaled < 1024.0).then_some(sign | scaled as u16);
    }
    let bits = a.to_bits();
    let exponent = ((bits >> 52) as i32) - 1023;
    let mantissa = bits & ((1 << 52) - 1);
    if exponent > 15 || mantissa & ((1 << 42) - 1) != 0 {
        return None;
    }
    Some(sign | (((exponent + 15) as u16) << 10) | (mantissa >> 42) as u16)
}

thread_local! {
    /// While the CBOR codec decodes: the input's floats in document order and the next one's index.
    static ARRIVED: RefCell<Option<(Vec<RawFloat>, usize)>> = const { RefCell::new(None) };
    /// While the CBOR codec encodes: the exact floats handed over, in the order they were written.
    static WRITTEN: RefCell<Option<Vec<RawFloat>>> = const { RefCell::new(None) };
}

/// Runs `f` (one decoding pass) with `floats` as the input's floats; restores the previous state after.
pub(crate) fn arrived<R>(floats: Vec<RawFloat>, f: impl FnOnce() -> R) -> R {
    let before = ARRIVED.with(|a| a.replace(Some((floats, 0))));
    let _restore = Restore(Some(before), |before| {
        ARRIVED.with(|a| *a.borrow_mut() = before)
    });
    f()
}

/// The next input float, if decoding is listing them and it holds `value`. Every visitor that may be
/// handed a float while CBOR is decoded calls this once per float, so the list stays aligned; should
/// it not, a float that does not match is skipped and the value is kept without its width.
pub(crate) fn take_arrived(value: f64) -> Option<RawFloat> {
    ARRIVED.with(|a| {
        let mut a = a.borrow_mut();
        let (floats, next) = a.as_mut()?;
        let raw = *floats.get(*next)?;
        *next += 1;
        raw.holds(value).then_some(raw)
    })
}

/// Runs `f` (one encoding) collecting the exact floats handed to [`push_written`], in order.
pub(crate) fn written<R>(f: impl FnOnce() -> R) -> (R, Vec<RawFloat>) {
    let before = WRITTEN.with(|w| w.replace(Some(Vec::new())));
    let result = f();
    let floats = WRITTEN.with(|w| w.replace(before)).unwrap_or_default();
    (result, floats)
}

/// Hands `raw` to the encoding in progress; `false` when none is collecting (write the value plainly).
pub(crate) fn push_written(raw: RawFloat) -> bool {
    WRITTEN.with(|w| match w.borrow_mut().as_mut() {
        Some(list) => {
            list.push(raw);
            true
        }
        None => false,
    })
}

/// Puts the saved state back when dropped (a panic in a visitor leaves no list behind).
struct Restore<T, F: FnMut(T)>(Option<T>, F);

impl<T, F: FnMut(T)> Drop for Restore<T, F> {
    fn drop(&mut self) {
        if let Some(saved) = self.0.take() {
            (self.1)(saved)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_f16_widens_and_narrows_back_to_its_bits() {
        for h in 0..=u16::MAX {
            let raw = RawFloat::new(FloatWidth::F16, u64::from(h));
            let v = raw.value();
            if v.is_nan() {
                continue;
            }
            assert_eq!(f64_to_f16_exact(v), Some(h), "{h:#06x} = {v}");
            assert_eq!(f64::from(f32::from_bits(f32_bits_of_f16(h))), v, "{h:#06x}");
        }
    }

    /// The binary32 bits of a binary16 value, derived independently (by field rebiasing).
    fn f32_bits_of_f16(h: u16) -> u32 {
        let sign = u32::from(h & 0x8000) << 16;
        let exponent = u32::from((h >> 10) & 0x1f);
        let mantissa = u32::from(h & 0x3ff);
        match exponent {
            0 if mantissa == 0 => sign,
            0 => {
                // Normalise the subnormal.
                let mut e: i32 = -14;
                let mut m = mantissa;
                while m & 0x400 == 0 {
                    m <<= 1;
                    e -= 1;
                }
                sign | (((e + 127) as u32) << 23) | ((m & 0x3ff) << 13)
            }
            31 => sign | 0x7f80_0000 | (mantissa << 13),
            _ => sign | ((exponent + 127 - 15) << 23) | (mantissa << 13),
        }
    }

    #[test]
    fn values_that_need_more_bits_are_not_narrowed() {
        assert_eq!(RawFloat::exact(0.1, FloatWidth::F16), None);
        assert_eq!(RawFloat::exact(0.1, FloatWidth::F32), None);
        assert_eq!(RawFloat::exact(65520.0, FloatWidth::F16), None);
        assert_eq!(RawFloat::exact(2f64.powi(-25), FloatWidth::F16), None);
        assert_eq!(
            RawFloat::exact(1.5, FloatWidth::F16).map(|r| r.bits),
            Some(0x3e00)
        );
        assert_eq!(
            RawFloat::exact(-0.0, FloatWidth::F16).map(|r| r.bits),
            Some(0x8000)
        );
    }

    #[test]
    fn take_arrived_is_off_outside_a_decode_and_skips_a_mismatch() {
        assert_eq!(take_arrived(1.0), None);
        let one = RawFloat::exact(1.0, FloatWidth::F64).unwrap();
        let two = RawFloat::exact(2.0, FloatWidth::F32).unwrap();
        arrived(vec![one, two], || {
            assert_eq!(take_arrived(3.0), None);
            assert_eq!(take_arrived(2.0), Some(two));
            assert_eq!(take_arrived(2.0), None);
        });
        assert_eq!(take_arrived(1.0), None);
    }
}
