//! IoT rule-engine payloads: any JSON, chosen explicitly, never detected, no rules beyond decoding.

use fc_events::iot::IotEvent;
use fc_events::validate::validate_slice;
use fc_events::{Event, Payload, TriggerKind};
use serde_json::{json, Value};

#[test]
fn any_json_is_an_iot_payload_when_chosen() {
    for input in [
        json!({"deviceName": "d", "n": 1.25, "nested": {"a": [null, true]}}),
        json!([{"a": 1}, {"a": 2}]),
        json!({}),
    ] {
        let bytes = input.to_string();
        let event = Event::from_slice_as(TriggerKind::Iot, bytes.as_bytes()).unwrap();
        assert_eq!(event.kind(), TriggerKind::Iot);
        assert!(event.validate().is_empty());
        let out: Value = serde_json::from_slice(&event.to_vec().unwrap()).unwrap();
        assert_eq!(out, input);
        // Never detected.
        assert!(Event::from_slice(bytes.as_bytes()).is_err(), "{input}");
    }
}

#[test]
fn typed_access() {
    let e = IotEvent::from_slice(br#"{"deviceName":"d","items":{"t":{"value":3}}}"#).unwrap();
    assert_eq!(e.get("deviceName"), Some(&json!("d")));
    assert_eq!(e.pointer("/items/t/value").and_then(Value::as_i64), Some(3));
    assert_eq!(e.as_object().map(|o| o.len()), Some(2));

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Reading {
        #[serde(rename = "deviceName")]
        device: u32,
    }
    let err = e.to_typed::<Reading>().unwrap_err();
    assert_eq!(err.pointer(), "/deviceName");
    assert_eq!(err.code, "type");
    assert_eq!(err.kind, Some(TriggerKind::Iot));
}

#[test]
fn only_syntax_can_fail() {
    let report = validate_slice(Some(TriggerKind::Iot), b"{\"a\":");
    assert_eq!(report.faults.len(), 1);
    assert_eq!(report.faults[0].code, "syntax");
    assert!(validate_slice(Some(TriggerKind::Iot), b"{\"a\":1}").is_valid());
    assert_eq!(
        IotEvent(json!({"x": 1})).to_json_value().unwrap(),
        json!({"x": 1})
    );
}

#[test]
fn sample_decodes_and_is_not_detected() {
    let bytes = fc_events::samples::sample(TriggerKind::Iot).unwrap();
    let event = Event::from_slice_as(TriggerKind::Iot, bytes).unwrap();
    assert!(event.validate().is_empty());
    assert!(Event::from_slice(bytes).is_err());
}
