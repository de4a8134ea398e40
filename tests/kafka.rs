//! Kafka trigger: object and JSON-string elements, value of any JSON, handler envelope, malformed and
//! invalid payloads (with pointers that continue into string elements).

mod common;

use fc_events::kafka::KafkaEvent;
use fc_events::validate::{code, validate_slice};
use fc_events::{Event, TriggerKind};
use serde::Deserialize;
use serde_json::{json, Value};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("tests/fixtures/kafka/{name}")).unwrap()
}

fn event(id: &str, offset: i64, value: Value) -> Value {
    json!({
        "specversion": "1.0", "id": id, "source": "acs:alikafka", "type": "alikafka:Topic:Message",
        "subject": "acs:alikafka_pre-cn-i7m2t7t1****:topic:mytopic",
        "datacontenttype": "application/json; charset=utf-8",
        "time": "2022-06-23T02:49:51.589Z", "aliyunaccountid": "164901546557****",
        "data": {"topic": "mytopic", "partition": 7, "offset": offset,
                 "timestamp": 1655952591589i64,
                 "headers": {"headers": [], "isReadOnly": false}, "value": value}
    })
}

/// The event JSON-encoded into a string element.
fn stringified(v: &Value) -> Value {
    Value::String(serde_json::to_string(v).unwrap())
}

fn bytes(v: &Value) -> Vec<u8> {
    serde_json::to_vec(v).unwrap()
}

fn decode_fault(v: &Value) -> (String, &'static str) {
    let e = Event::from_slice_as(TriggerKind::Kafka, &bytes(v)).expect_err("must fail");
    assert_eq!(e.kind, Some(TriggerKind::Kafka));
    (e.pointer().to_owned(), e.code)
}

fn faults(v: &Value) -> Vec<(String, &'static str)> {
    validate_slice(Some(TriggerKind::Kafka), &bytes(v))
        .faults
        .into_iter()
        .map(|f| (f.pointer, f.code))
        .collect()
}

#[test]
fn stringified_elements_decode_and_come_back_verbatim() {
    for name in [
        "kafka-batch-stringified-fc-runtime-go-sdk-1.json",
        "kafka-batch-stringified-awesome-fc-code-example-1.json",
        "kafka-edge-mixed-object-and-string.json",
    ] {
        let input = fixture(name);
        let event = KafkaEvent::from_slice(&input).unwrap();
        let element = event.as_slice().iter().find(|e| e.is_string()).unwrap();
        // The decoded value holds everything the string held.
        let inner: Value = serde_json::from_str(element.raw().unwrap()).unwrap();
        assert_eq!(
            serde_json::to_value(element.get()).unwrap(),
            inner,
            "{name}"
        );
        // The string element is written back exactly as received, not re-serialized.
        let out: Vec<Value> = serde_json::from_slice(&serde_json::to_vec(&event).unwrap()).unwrap();
        let original: Vec<Value> = serde_json::from_slice(&input).unwrap();
        assert_eq!(out, original, "{name}");
    }
    let go = KafkaEvent::from_slice(&fixture("kafka-batch-stringified-fc-runtime-go-sdk-1.json"))
        .unwrap();
    let record = go.first().unwrap();
    assert!(record.is_string());
    assert_eq!(record.data.as_typed().unwrap().partition, 9);
    assert_eq!(
        record.data.as_typed().unwrap().value_str().as_deref(),
        Some("b'{\\n    \"Test\": \"TestKafkaEventBridgetrigger\"\\n}'")
    );
    assert_eq!(
        record.data.as_typed().unwrap().key,
        None,
        "no key in this sample"
    );
    assert_eq!(
        record.data_content_type.as_deref(),
        Some("application/json; charset=utf-8")
    );
}

#[test]
fn a_changed_string_element_is_re_encoded_from_its_value() {
    let input = json!([stringified(&event("a", 1, json!("v")))]);
    let mut batch = KafkaEvent::from_slice(&bytes(&input)).unwrap();
    let element = &mut batch.as_mut_slice()[0];
    assert!(element.raw().is_some());
    element.data.typed_mut().unwrap().offset = 2; // through DerefMut: forgets the received text
    assert!(element.raw().is_none());
    assert!(element.is_string());
    let out: Value = serde_json::from_slice(&serde_json::to_vec(&batch).unwrap()).unwrap();
    let inner: Value = serde_json::from_str(out[0].as_str().unwrap()).unwrap();
    assert_eq!(inner["data"]["offset"], 2);
    // And it can be turned into an object element.
    batch.as_mut_slice()[0].set_string(false);
    let out: Value = serde_json::from_slice(&serde_json::to_vec(&batch).unwrap()).unwrap();
    assert_eq!(out[0]["data"]["offset"], 2);
}

#[test]
fn key_optional_value_any_json_timestamp_number_or_string() {
    let doc = KafkaEvent::from_slice(&fixture("kafka-batch-fc3-doc-trigger-event-formats-1.json"))
        .unwrap();
    let d = doc.first().unwrap().data.as_typed().unwrap();
    assert_eq!(d.key_str().as_deref(), Some("keytest"));
    assert_eq!(d.value_str().as_deref(), Some("hello kafka msg"));
    assert_eq!(d.timestamp_millis().unwrap().0, 1_655_952_591_589);
    assert_eq!(d.headers.as_ref().unwrap().is_read_only, Some(false));

    let mixed =
        KafkaEvent::from_slice(&fixture("kafka-edge-mixed-object-and-string.json")).unwrap();
    let [first, second] = mixed.as_slice() else {
        panic!()
    };
    assert_eq!(
        first.data.as_typed().unwrap().value,
        json!({"orderId": 42, "items": [1, 2]})
    );
    assert_eq!(
        first
            .data
            .as_typed()
            .unwrap()
            .headers
            .as_ref()
            .unwrap()
            .headers[0]
            .as_object()
            .and_then(|h| h.get("key"))
            .and_then(|k| k.as_str())
            .unwrap(),
        "trace"
    );
    assert!(second.data.as_typed().unwrap().timestamp.is_string());
    assert_eq!(
        second
            .data
            .as_typed()
            .unwrap()
            .timestamp_millis()
            .unwrap()
            .0,
        1_655_952_591_590
    );
    assert_eq!(
        second.extension("unknownext").map(|v| v.to_json()),
        Some(json!([true]))
    );

    let single = KafkaEvent::from_slice(&fixture("kafka-edge-single-object.json")).unwrap();
    assert!(!single.is_batch());
    assert_eq!(
        single.first().unwrap().data.as_typed().unwrap().offset,
        9_007_199_254_740_993
    );
    assert_eq!(
        single.first().unwrap().data.as_typed().unwrap().value,
        Value::Null
    );
}

#[derive(Debug, Deserialize)]
struct Order {
    #[serde(rename = "orderId")]
    order_id: u32,
}

#[test]
fn handler_envelope_over_objects_and_strings() {
    let v = json!([
        event("a", 1, json!({"orderId": 1})),
        stringified(&event("b", 2, json!("{\"orderId\": 2}"))),
        event("c", 3, json!("b'{}'")),
        stringified(&event("d", 4, json!({"orderId": "four"}))),
    ]);
    let batch = KafkaEvent::from_slice(&bytes(&v)).unwrap();
    let parsed = batch.parse_records::<Order>();
    let ok: Vec<u32> = parsed.successes().map(|(_, o)| o.order_id).collect();
    assert_eq!(ok, [1, 2]);
    let errors: Vec<_> = parsed
        .failures()
        .map(|(r, e)| (r.id.as_str(), r.is_string(), e.pointer.as_str()))
        .collect();
    assert_eq!(
        errors,
        [
            ("c", false, "/2/data/value"),
            ("d", true, "/3/data/value/orderId")
        ]
    );
    assert_eq!(parsed.failed_ids(), ["c", "d"]);
}

#[test]
fn data_that_is_not_a_kafka_record_degrades_in_objects_and_strings() {
    // A wrong type inside the JSON text of string element 1.
    let mut bad = event("b", 1, json!("v"));
    bad["data"]["partition"] = json!("seven");
    let v = json!([event("a", 0, json!("v")), stringified(&bad)]);
    assert_eq!(
        common::degrades(TriggerKind::Kafka, &bytes(&v), &[1]),
        common::one_fault("/1/data/partition", code::TYPE)
    );
    let batch = KafkaEvent::from_slice(&bytes(&v)).unwrap();
    assert!(batch.as_slice()[1].is_string());
    let unfit = batch.as_slice()[1].data.typed().unwrap_err();
    assert_eq!(unfit.expected, "a Kafka record");
    assert_eq!(unfit.error.pointer(), "/partition");
    // A missing member inside a string element.
    let mut bad = event("b", 1, json!("v"));
    bad["data"].as_object_mut().unwrap().remove("offset");
    assert_eq!(
        common::degrades(
            TriggerKind::Kafka,
            &bytes(&json!([stringified(&bad)])),
            &[0]
        ),
        common::one_fault("/0/data/offset", code::REQUIRED)
    );
    // Faults in object elements are located as usual.
    let mut bad = event("b", 1, json!("v"));
    bad["data"]["headers"]["headers"] = json!({});
    assert_eq!(
        common::degrades(TriggerKind::Kafka, &bytes(&json!([bad])), &[0]),
        common::one_fault("/0/data/headers/headers", code::TYPE)
    );
}

#[test]
fn faults_outside_data_fail_and_point_into_string_elements() {
    // A wrong attribute type inside the JSON text of string element 1 (its data misfits too).
    let mut bad = event("b", 1, json!("v"));
    bad["data"]["partition"] = json!("seven");
    bad["subject"] = json!(7);
    let v = json!([event("a", 0, json!("v")), stringified(&bad)]);
    assert_eq!(decode_fault(&v), ("/1/subject".to_owned(), code::TYPE));
    let e = Event::from_slice_as(TriggerKind::Kafka, &bytes(&v)).unwrap_err();
    assert!(
        e.message
            .contains("inside the JSON text of the string element"),
        "{}",
        e.message
    );
    assert_eq!(e.path(), "[1].subject");
    // A string element that is not JSON at all.
    assert_eq!(
        decode_fault(&json!(["not json"])),
        ("/0".to_owned(), code::SYNTAX)
    );
    // An element that is neither an object nor a string.
    assert_eq!(
        decode_fault(&json!([event("a", 0, json!(1)), 5])),
        ("/1".to_owned(), code::TYPE)
    );
}

#[test]
fn validation_rules_each_pass_and_fail_in_objects_and_strings() {
    assert!(faults(&json!([
        event("a", 0, json!(1)),
        stringified(&event("b", 1, json!(2)))
    ]))
    .is_empty());
    let mut bad = event("a", -1, json!(1));
    bad["data"]["partition"] = json!(-7);
    bad["data"]["timestamp"] = json!(1655952591i64); // seconds, not milliseconds
    assert_eq!(
        faults(&json!([bad.clone()])),
        [
            ("/0/data/partition".to_owned(), code::RANGE),
            ("/0/data/offset".to_owned(), code::RANGE),
            ("/0/data/timestamp".to_owned(), code::RANGE)
        ]
    );
    // The same faults inside a string element.
    assert_eq!(
        faults(&json!([event("x", 0, json!(1)), stringified(&bad)])),
        [
            ("/1/data/partition".to_owned(), code::RANGE),
            ("/1/data/offset".to_owned(), code::RANGE),
            ("/1/data/timestamp".to_owned(), code::RANGE)
        ]
    );
    let mut bad = event("a", 0, json!(1));
    bad["data"]["timestamp"] = json!("yesterday");
    bad["time"] = json!("2022-06-23");
    assert_eq!(
        faults(&json!([bad])),
        [
            ("/0/time".to_owned(), code::FORMAT),
            ("/0/data/timestamp".to_owned(), code::TYPE)
        ]
    );
}
