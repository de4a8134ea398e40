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
        IotEvent::from(json!({"x": 1})).to_json_value().unwrap(),
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

#[test]
fn the_text_is_kept_byte_for_byte() {
    // Number spellings, member order and escapes that a `Value` would normalise.
    let text = r#"{"z":1.0,"a":1e2,"big":18446744073709551616,"s":"\u00e9\n","n":-0}"#;
    let event = Event::from_slice_as(TriggerKind::Iot, format!("  {text}\n").as_bytes()).unwrap();
    assert_eq!(String::from_utf8(event.to_vec().unwrap()).unwrap(), text);
    assert_eq!(
        String::from_utf8(event.to_json_vec().unwrap()).unwrap(),
        text
    );
    let Event::Iot(iot) = &event else {
        panic!("not iot")
    };
    assert_eq!(iot.as_json_str(), text);
    assert_eq!(iot.get("s").and_then(Value::as_str), Some("é\n"));
    // The value view is the text parsed, and CBOR carries that value.
    let from_cbor: Value = serde_cbor::from_slice(&event.to_cbor_vec().unwrap()).unwrap();
    assert_eq!(&from_cbor, iot.value().unwrap());
    assert_eq!(
        event.to_json_value().unwrap(),
        serde_json::from_str::<Value>(text).unwrap()
    );
}

#[test]
fn json_a_value_cannot_hold_is_kept_and_reported_where_it_is() {
    let text = r#"{"ok":1,"reading":[0,1e400]}"#;
    let iot = IotEvent::from_slice(text.as_bytes()).unwrap();
    assert_eq!(iot.encode().unwrap(), text.as_bytes());
    let err = iot.value().unwrap_err();
    assert_eq!((err.code, err.pointer()), ("syntax", "/reading/1"));
    assert_eq!(iot.get("ok"), None);
    assert!(iot.to_json_value().is_err());
    assert!(iot.to_cbor_vec().is_err());
    assert!(validate_slice(Some(TriggerKind::Iot), text.as_bytes()).is_valid());
}

/// A JSON payload may repeat a member name (found by the `json_cbor` fuzz target on an invalid
/// timer fixture decoded as IoT): the wire form and the JSON rendering keep the text as sent, and the
/// CBOR rendering, whose maps cannot repeat a key, is refused with an error naming the member
/// instead of a panic or a map that silently keeps one of the two.
#[test]
fn a_repeated_member_name_is_kept_as_text_and_refused_by_cbor() {
    let text = r#"{"triggerName":"TestTimer","triggerName":"OtherTimer","n":1}"#;
    let iot = IotEvent::from_slice(text.as_bytes()).unwrap();
    assert_eq!(iot.encode().unwrap(), text.as_bytes());
    assert_eq!(iot.to_json_vec().unwrap(), text.as_bytes());
    let err = iot.to_cbor_vec().unwrap_err();
    assert!(
        err.to_string().contains("duplicate field `triggerName`"),
        "{err}"
    );
}

/// Found by the `json_cbor` fuzz target on a Tablestore JSON fixture read as IoT: a `$blob` object
/// in kept JSON renders as a CBOR byte string, and reading that CBOR back gives the same JSON (it
/// failed with "invalid type: byte array").
#[test]
fn a_blob_in_kept_json_survives_cbor() {
    let text = r#"{"pk":{"$blob":"yv4="},"n":[1,{"$blob":""}]}"#;
    let iot = IotEvent::from_slice(text.as_bytes()).unwrap();
    let cbor = iot.to_cbor_vec().unwrap();
    let bytes = serde_cbor::Value::Bytes(vec![0xca, 0xfe]);
    let value: serde_cbor::Value = serde_cbor::from_slice(&cbor).unwrap();
    let serde_cbor::Value::Map(m) = &value else {
        panic!("{value:?}")
    };
    assert_eq!(m.get(&serde_cbor::Value::Text("pk".into())), Some(&bytes));
    let back: IotEvent = serde_cbor::from_slice(&cbor).unwrap();
    assert_eq!(back.to_json_vec().unwrap(), text.as_bytes());
}

#[test]
fn serde_paths_agree_with_the_wire_paths() {
    let text = r#"{"deviceName":"d","t":[1,2.5,null]}"#;
    let wire = IotEvent::from_slice(text.as_bytes()).unwrap();
    // Through serde: any format, by value.
    let via_serde: IotEvent = serde_json::from_str(text).unwrap();
    assert_eq!(via_serde.value().unwrap(), wire.value().unwrap());
    let cbor = serde_cbor::to_vec(&wire).unwrap();
    let from_cbor: IotEvent = serde_cbor::from_slice(&cbor).unwrap();
    assert_eq!(from_cbor.value().unwrap(), wire.value().unwrap());
    assert_eq!(serde_json::to_string(&wire).unwrap(), text);
    assert_eq!(
        wire.clone().into_value().unwrap(),
        json!({"deviceName": "d", "t": [1, 2.5, null]})
    );
    assert_eq!(IotEvent::default().as_json_str(), "null");
}

/// `-0` is a float (negative zero) to serde_json; through CBOR it must come back as one, not as the
/// integer `0` (a fuzz finding).
#[test]
fn negative_zero_keeps_its_sign_through_cbor() {
    for text in ["-0", r#"{"t":-0}"#, "[-0,0,-0.0]"] {
        let event = IotEvent::decode(text.as_bytes()).unwrap();
        let cbor = event.to_cbor_vec().unwrap();
        let back: IotEvent = serde_cbor::from_slice(&cbor).unwrap();
        let want: Value = serde_json::from_str(text).unwrap();
        let got: Value = serde_json::from_slice(&back.to_json_vec().unwrap()).unwrap();
        assert_eq!(got, want, "{text}");
        // `Value` equality does not see the sign of zero: compare the renderings too.
        assert_eq!(got.to_string(), want.to_string(), "{text}");
    }
}
