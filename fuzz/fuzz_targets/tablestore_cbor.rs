//! Arbitrary bytes through the Tablestore decoders; seeded with the `.cbor` fixtures.
#![no_main]

#[path = "check.rs"]
mod check;

libfuzzer_sys::fuzz_target!(|data: &[u8]| check::check(data));
