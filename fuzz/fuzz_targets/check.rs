//! The property both targets check on arbitrary bytes.
//!
//! Decoding never panics (detected or as Tablestore). When Tablestore decoding succeeds:
//! * the wire re-encoding decodes to an equal event;
//! * the CBOR rendering and the JSON rendering (when the event has no NaN or infinity, which JSON
//!   cannot hold) each decode to an event of the same value (the same CBOR rendering: unknown members
//!   read from JSON are kept as their text, read from CBOR as values; Doubles from CBOR keep their
//!   width), and CBOR -> JSON -> CBOR gives the same values;
//! * the re-encoding is equal to the input as a value: a CBOR value for CBOR input, a JSON value for
//!   JSON input.
//!
//! "Equal" is `==` plus equal `Debug` text, so NaN (never `==` itself) is compared too. A member whose
//! value is null is treated like an absent one (the crate's rule: an optional member given as null is
//! re-encoded as absent), so null members are dropped from both sides before comparing values.

use fc_events::tablestore::{TablestoreEvent, TablestoreWireFormat};
use fc_events::{Event, Payload, TriggerKind};

fn decode(bytes: &[u8]) -> TablestoreEvent {
    match Event::from_slice_as(TriggerKind::Tablestore, bytes) {
        Ok(Event::Tablestore(t)) => t,
        Ok(other) => panic!("decoded as {:?}", other.kind()),
        Err(e) => panic!("re-encoded bytes do not decode: {e}\n{bytes:?}"),
    }
}

fn assert_same(a: &TablestoreEvent, b: &TablestoreEvent, what: &str) {
    let da = format!("{:?}", a.clone().with_format(TablestoreWireFormat::Cbor));
    let db = format!("{:?}", b.clone().with_format(TablestoreWireFormat::Cbor));
    assert_eq!(da, db, "{what}");
    if !da.contains("NaN") {
        assert!(a == b, "{what}");
    }
}

/// Equal across formats: unknown members read from JSON are kept as their text, read from CBOR as
/// values, and a Double read from CBOR keeps its width; their CBOR renderings must hold the same
/// values (compared as `serde_cbor::Value`s, so float widths do not count, by `Debug` text so that
/// NaN does).
fn assert_same_value(a: &TablestoreEvent, b: &TablestoreEvent, what: &str) {
    let ca = cbor_value(&a.to_cbor_vec().expect("CBOR encoding"));
    let cb = cbor_value(&b.to_cbor_vec().expect("CBOR encoding"));
    assert!(ca == cb, "{what}\n{a:?}\n{b:?}");
}

fn cbor_value(bytes: &[u8]) -> String {
    let body = bytes.strip_prefix(&[0xd9, 0xd9, 0xf7][..]).unwrap_or(bytes);
    format!("{:?}", serde_cbor::from_slice::<serde_cbor::Value>(body).expect("CBOR"))
}

pub fn check(data: &[u8]) {
    let _ = Event::from_slice(data);
    let _ = fc_events::validate::validate_slice(None, data);
    let event = match Event::from_slice_as(TriggerKind::Tablestore, data) {
        Ok(Event::Tablestore(t)) => t,
        Ok(other) => panic!("decoded as {:?}", other.kind()),
        Err(_) => return,
    };
    let _ = fc_events::validate::validate(&event);

    let wire = event.encode().expect("wire encoding");
    assert_same(&decode(&wire), &event, "wire round trip");

    let cbor = event.to_cbor_vec().expect("CBOR encoding");
    let from_cbor = decode(&cbor);
    assert_same_value(&from_cbor, &event, "CBOR rendering");

    let debug = format!("{event:?}");
    let finite = !debug.contains("NaN") && !debug.contains("inf");
    // The one documented ambiguity of the JSON rendering: a CBOR map (in an unknown member) whose
    // only member is `$blob` with base64 text reads back from JSON as bytes.
    let blob_lookalike = debug.contains("\"$blob\"");
    match event.to_json_vec() {
        Ok(_) if blob_lookalike => {}
        Ok(json) => {
            let from_json = decode(&json);
            assert_same_value(&from_json, &event, "JSON rendering");
            let cbor2 = from_json.to_cbor_vec().expect("CBOR encoding");
            assert_eq!(cbor_value(&cbor2), cbor_value(&cbor), "CBOR -> JSON -> CBOR");
        }
        Err(e) => assert!(
            !finite,
            "JSON encoding failed without a non-finite float: {e}"
        ),
    }

    match event.format {
        TablestoreWireFormat::Cbor => {
            let body = data.strip_prefix(&[0xd9, 0xd9, 0xf7][..]).unwrap_or(data);
            let input =
                drop_null_members_cbor(serde_cbor::from_slice(body).expect("input is CBOR"));
            let output =
                drop_null_members_cbor(serde_cbor::from_slice(&wire).expect("output is CBOR"));
            assert!(
                input == output,
                "CBOR value changed\n in:  {input:?}\n out: {output:?}"
            );
        }
        TablestoreWireFormat::Json => {
            let input =
                drop_null_members_json(serde_json::from_slice(data).expect("input is JSON"));
            let output =
                drop_null_members_json(serde_json::from_slice(&wire).expect("output is JSON"));
            assert_eq!(input, output, "JSON value changed");
        }
        _ => unreachable!(),
    }
}

fn drop_null_members_cbor(v: serde_cbor::Value) -> serde_cbor::Value {
    use serde_cbor::Value as C;
    match v {
        C::Map(m) => C::Map(
            m.into_iter()
                .filter(|(_, v)| *v != C::Null)
                .map(|(k, v)| (k, drop_null_members_cbor(v)))
                .collect(),
        ),
        C::Array(a) => C::Array(a.into_iter().map(drop_null_members_cbor).collect()),
        other => other,
    }
}

fn drop_null_members_json(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        J::Object(m) => J::Object(
            m.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, drop_null_members_json(v)))
                .collect(),
        ),
        J::Array(a) => J::Array(a.into_iter().map(drop_null_members_json).collect()),
        other => other,
    }
}
