//! Arbitrary bytes through every kind's decoder and validation; seeded with every fixture.
//!
//! Never a panic; and when detection and decoding succeed, the wire re-encoding decodes again to an
//! equal event (JSON text kept as `JsonText` compares as text, so it must survive byte for byte) whose
//! JSON rendering is the same. An IoT payload, kept as its text, encodes back to
//! exactly that text, and its value view agrees with `serde_json::Value`.
#![no_main]

use fc_events::{validate, Event, TriggerKind};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    for &kind in TriggerKind::ALL {
        if let Ok(event) = Event::from_slice_as(kind, data) {
            let _ = event.validate();
        }
    }
    if let Ok(Event::Iot(iot)) = Event::from_slice_as(TriggerKind::Iot, data) {
        let text = std::str::from_utf8(data).expect("an IoT payload is UTF-8");
        assert_eq!(iot.as_json_str(), text.trim_matches([' ', '\t', '\n', '\r']));
        let wire = Event::Iot(iot.clone()).to_vec().expect("an IoT payload encodes");
        assert_eq!(wire, iot.as_json_str().as_bytes());
        let reference = serde_json::from_slice::<serde_json::Value>(data);
        match (iot.value(), reference) {
            (Ok(ours), Ok(theirs)) => assert_eq!(ours, &theirs),
            (Err(_), Err(_)) => {}
            (ours, theirs) => panic!("IoT value view {ours:?} disagrees with Value {theirs:?}"),
        }
    }
    let _ = validate::validate_slice(None, data);
    let Ok(event) = Event::from_slice(data) else { return };
    let wire = event.to_vec().expect("a decoded event encodes");
    let again = Event::from_slice_as(event.kind(), &wire)
        .unwrap_or_else(|e| panic!("re-encoded {} does not decode: {e}", event.kind()));
    assert_eq!(event, again, "{}: the event changed across a wire round trip", event.kind());
    let (a, b) = (event.to_json_value(), again.to_json_value());
    if let (Ok(a), Ok(b)) = (a, b) {
        assert_eq!(a, b, "{}: JSON rendering changed across a wire round trip", event.kind());
    }
});
