//! Walks `tests/fixtures/<kind>/`: every file must decode as its kind, be detected as its kind, and
//! re-encode to a value equal to the input (JSON value for JSON, CBOR value for CBOR, bytes for text),
//! and validate without faults.

mod common;

use fc_events::Event;

#[test]
fn every_fixture_round_trips_and_is_detected() {
    let fixtures = common::valid_fixtures();
    assert!(
        fixtures.len() >= 7,
        "fixtures missing: found {}",
        fixtures.len()
    );
    let mut failures = Vec::new();
    for (kind, path) in &fixtures {
        let bytes = std::fs::read(path).unwrap();
        let name = path
            .strip_prefix(common::fixtures_dir())
            .unwrap()
            .display()
            .to_string();
        let event = match Event::from_slice_as(*kind, &bytes) {
            Ok(e) => e,
            Err(e) => {
                failures.push(format!("{name}: decode failed: {e}"));
                continue;
            }
        };
        assert_eq!(event.kind(), *kind, "{name}");
        let faults = event.validate();
        if !faults.is_empty() {
            failures.push(format!("{name}: valid fixture has faults: {faults:?}"));
        }
        // The value rendering is the JSON rendering's value.
        let rendered = event
            .to_json_vec()
            .map(|v| serde_json::from_slice::<serde_json::Value>(&v).unwrap());
        match (event.to_json_value(), rendered) {
            (Ok(a), Ok(b)) if a == b => {}
            (a, b) => failures.push(format!("{name}: to_json_value {a:?}, rendered {b:?}")),
        }
        let out = event.to_vec().unwrap();
        let equal = match common::ext(path) {
            "cbor" => common::cbor_value(&out) == common::cbor_value(&bytes),
            "txt" => out == bytes,
            _ => {
                let a: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
                let b: serde_json::Value = serde_json::from_slice(&out).unwrap();
                if a != b {
                    failures.push(format!(
                        "{name}: re-encoded JSON differs\n  in:  {a}\n  out: {b}"
                    ));
                    continue;
                }
                true
            }
        };
        if !equal {
            failures.push(format!("{name}: re-encoded bytes differ"));
        }
        match (Event::from_slice(&bytes), common::detected_as(*kind)) {
            (Ok(e), Some(expected)) if e.kind() == expected => {}
            (Err(_), None) => {}
            (got, expected) => failures.push(format!(
                "{name}: detected {:?}, expected {:?}",
                got.map(|e| e.kind()).map_err(|e| e.to_string()),
                expected
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
