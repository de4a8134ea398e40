//! Arbitrary bytes through every kind's decoder and validation; seeded with every fixture.
//!
//! Never a panic; and when detection and decoding succeed, the wire re-encoding decodes again to an
//! equal event whose JSON rendering is the same.
#![no_main]

use fc_events::{validate, Event, TriggerKind};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    for &kind in TriggerKind::ALL {
        if let Ok(event) = Event::from_slice_as(kind, data) {
            let _ = event.validate();
        }
    }
    let _ = validate::validate_slice(None, data);
    let Ok(event) = Event::from_slice(data) else { return };
    let wire = event.to_vec().expect("a decoded event encodes");
    let again = Event::from_slice_as(event.kind(), &wire)
        .unwrap_or_else(|e| panic!("re-encoded {} does not decode: {e}", event.kind()));
    let (a, b) = (event.to_json_value(), again.to_json_value());
    if let (Ok(a), Ok(b)) = (a, b) {
        assert_eq!(a, b, "{}: JSON rendering changed across a wire round trip", event.kind());
    }
});
