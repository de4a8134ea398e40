//! Arbitrary bytes through the Tablestore decoders; seeded with the `.json` fixtures and run with
//! `-dict=fuzz/tablestore.dict` so mutations keep to JSON's tokens.
#![no_main]

#[path = "check.rs"]
mod check;

libfuzzer_sys::fuzz_target!(|data: &[u8]| check::check(data));
