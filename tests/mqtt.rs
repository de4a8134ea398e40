//! MQTT trigger: single and batch, handler envelope, malformed and invalid payloads.

mod common;

use fc_events::envelope::Record;
use fc_events::mqtt::MqttEvent;
use fc_events::validate::{code, validate_slice};
use fc_events::{Event, TriggerKind};
use serde::Deserialize;
use serde_json::{json, Value};

fn message(body: &str) -> Value {
    json!({"props": {"firstTopic": "t", "secondTopic": "/a/b", "clientId": "GID@@@d"}, "body": body})
}

fn bytes(v: &Value) -> Vec<u8> {
    serde_json::to_vec(v).unwrap()
}

fn decode_fault(v: &Value) -> (String, &'static str) {
    let e = Event::from_slice_as(TriggerKind::Mqtt, &bytes(v)).expect_err("must fail");
    (e.pointer().to_owned(), e.code)
}

#[test]
fn single_and_batch() {
    let batch = MqttEvent::from_slice(
        &std::fs::read("tests/fixtures/mqtt/mqtt-batch-fc3-doc-trigger-event-formats-1.json")
            .unwrap(),
    )
    .unwrap();
    assert!(batch.is_batch());
    let m = batch.first().unwrap();
    assert_eq!(m.props.topic(), "testTopic/testMq4****");
    assert_eq!(m.props.client_id.as_deref(), Some("consumerGroupID@@@xxx"));

    let single =
        MqttEvent::from_slice(&std::fs::read("tests/fixtures/mqtt/mqtt-edge-single.json").unwrap())
            .unwrap();
    assert!(!single.is_batch());
    assert_eq!(
        single.first().unwrap().props.topic(),
        "testTopic/devices/d1"
    );
    // secondTopic and clientId are optional.
    let bare = MqttEvent::from_slice(br#"[{"props":{"firstTopic":"t"},"body":""}]"#).unwrap();
    assert_eq!(bare.first().unwrap().props.topic(), "t");
}

#[derive(Debug, Deserialize)]
struct Reading {
    temp: f64,
}

#[test]
fn handler_envelope_reads_json_bodies() {
    let v = json!([message(r#"{"temp": 21.5}"#), message("hello")]);
    let batch = MqttEvent::from_slice(&bytes(&v)).unwrap();
    let parsed = batch.parse_records::<Reading>();
    assert_eq!(
        parsed.successes().map(|(_, r)| r.temp).collect::<Vec<_>>(),
        [21.5]
    );
    let (record, err) = parsed.failures().next().unwrap();
    assert_eq!(record.body, "hello");
    assert_eq!((err.pointer.as_str(), err.id.as_deref()), ("/1/body", None));
    assert!(parsed.failed_ids().is_empty(), "MQTT messages have no id");
    // One record on its own.
    let err = batch.as_slice()[1].body().parse::<Reading>().unwrap_err();
    assert_eq!(err.pointer, "/body");
    assert!(
        err.to_string()
            .starts_with("/body: the text is not the expected JSON"),
        "{err}"
    );
}

#[test]
fn malformed_payloads_are_located() {
    let mut v = message("x");
    v["props"].as_object_mut().unwrap().remove("firstTopic");
    assert_eq!(
        decode_fault(&json!([v])),
        ("/0/props/firstTopic".to_owned(), code::REQUIRED)
    );
    let mut v = message("x");
    v["body"] = json!({"temp": 1});
    assert_eq!(
        decode_fault(&json!([message("a"), v])),
        ("/1/body".to_owned(), code::TYPE)
    );
    assert_eq!(decode_fault(&json!([1])), ("/0".to_owned(), code::TYPE));
}

#[test]
fn validation_rules() {
    assert!(validate_slice(Some(TriggerKind::Mqtt), &bytes(&json!([message("x")]))).is_valid());
    let mut v = message("x");
    v["props"]["firstTopic"] = json!("");
    let report = validate_slice(None, &bytes(&json!([v])));
    assert_eq!(report.kind, Some(TriggerKind::Mqtt));
    let got: Vec<_> = common::pointer_codes(&report.faults);
    assert_eq!(got, [("/0/props/firstTopic", code::FORMAT)]);
}
