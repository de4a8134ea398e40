//! RocketMQ trigger: EventBridge CloudEvents and self-hosted Apache RocketMQ messages, mixed-type
//! system properties, handler envelope, malformed and invalid payloads.

mod common;

use fc_events::rocketmq::{RocketmqEvent, RocketmqMessage};
use fc_events::validate::{code, validate_slice};
use fc_events::{AnyValue, Event, TriggerKind};
use serde::Deserialize;
use serde_json::{json, Value};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("tests/fixtures/rocketmq/{name}")).unwrap()
}

fn cloud(body: &str) -> Value {
    json!({
        "id": format!("id-{body}"), "source": "RocketMQ-f-t", "specversion": "1.0",
        "type": "mq:Topic:SendMessage", "datacontenttype": "application/json; charset=utf-8",
        "subject": "acs:mq:cn-hangzhou:1:MQ_INST_1_x%TopicName",
        "time": "2021-04-08T06:01:20.766Z", "aliyunpublishtime": "2021-04-08T06:01:20.725Z",
        "aliyuneventbusname": "RocketMQ-f-t",
        "data": {
            "topic": "TopicName",
            "systemProperties": {"MIN_OFFSET": "0", "TRACE_ON": "true", "MAX_OFFSET": "8",
                "MSG_REGION": "cn-hangzhou", "KEYS": "k", "CONSUME_START_TIME": 1628577790396i64,
                "TAGS": "TagA", "INSTANCE_ID": "MQ_INST_1_x"},
            "userProperties": {},
            "body": body
        }
    })
}

fn apache(body: &str) -> Value {
    json!({
        "msgId": format!("msg-{body}"), "topic": "testTopic",
        "systemProperties": {"UNIQ_KEY": "k", "CLUSTER": "DefaultCluster", "MIN_OFFSET": "0",
            "TAGS": "TagA", "MAX_OFFSET": "128"},
        "userProperties": {}, "body": body
    })
}

fn bytes(v: &Value) -> Vec<u8> {
    serde_json::to_vec(v).unwrap()
}

fn decode_fault(v: &Value) -> (String, &'static str) {
    let e = Event::from_slice_as(TriggerKind::Rocketmq, &bytes(v)).expect_err("must fail");
    (e.pointer().to_owned(), e.code)
}

/// The one fault of a payload whose data at record `at` does not fit its model, which must degrade.
fn misfit(v: &Value, at: usize) -> (String, &'static str) {
    let faults = common::degrades(TriggerKind::Rocketmq, &bytes(v), &[at]);
    assert_eq!(faults.len(), 1, "{faults:?}");
    faults[0].clone()
}

fn faults(v: &Value) -> Vec<(String, &'static str)> {
    validate_slice(Some(TriggerKind::Rocketmq), &bytes(v))
        .faults
        .into_iter()
        .map(|f| (f.pointer, f.code))
        .collect()
}

#[test]
fn system_properties_with_mixed_types_have_typed_accessors() {
    let event = RocketmqEvent::from_slice(&fixture("rocketmq-fc-runtime-go-sdk-1.json")).unwrap();
    let RocketmqMessage::CloudEvent(e) = event.first().unwrap() else {
        panic!("a CloudEvent")
    };
    let p = &e.data.as_typed().unwrap().system_properties;
    assert_eq!(p.consume_start_time().unwrap().0, 1_628_577_790_396);
    assert_eq!(
        p.consume_start_time()
            .unwrap()
            .to_datetime()
            .unwrap()
            .to_rfc3339(),
        "2021-08-10T06:43:10.396+00:00"
    );
    assert_eq!((p.min_offset(), p.max_offset()), (Some(0), Some(8)));
    assert_eq!(p.trace_on(), Some(true));
    assert_eq!(p.tags.as_deref(), Some("systemProperties.TAGS"));
    assert_eq!(
        p.instance_id.as_deref(),
        Some("MQ_INST_164901546557****_BXhFHryi")
    );
    assert_eq!(p.get("MSG_REGION"), Some(AnyValue::from("cn-hangzhou")));
    assert_eq!(
        p.get("CONSUME_START_TIME"),
        Some(AnyValue::Int(1_628_577_790_396))
    );
    assert!(e.subject.as_deref().unwrap().ends_with("%TopicName"));

    // The doc table's types (numbers and a boolean) decode as well, and unknown keys are kept.
    let typed =
        RocketmqEvent::from_slice(&fixture("rocketmq-edge-typed-system-properties.json")).unwrap();
    let p = typed.first().unwrap().system_properties().unwrap();
    assert_eq!(
        (p.min_offset(), p.max_offset(), p.trace_on()),
        (Some(0), Some(8), Some(false))
    );
    assert_eq!(p.get("BORNHOST"), Some(AnyValue::from("10.0.0.2")));
}

#[test]
fn apache_messages_single_and_batch() {
    let batch = RocketmqEvent::from_slice(&fixture(
        "rocketmq-apache-selfbuilt-batch-fc3-doc-trigger-event-formats-1.json",
    ))
    .unwrap();
    assert!(batch.is_batch());
    let RocketmqMessage::Apache(m) = batch.first().unwrap() else {
        panic!("an Apache message")
    };
    assert_eq!(m.msg_id, "7F0000010BDD2A84AEE70DA49B57****");
    assert_eq!(
        m.system_properties.cluster.as_deref(),
        Some("DefaultCluster")
    );
    assert_eq!(m.system_properties.max_offset(), Some(128));
    assert_eq!(batch.first().unwrap().body(), Ok("Hello RocketMQ"));

    let single = RocketmqEvent::from_slice(&fixture("rocketmq-edge-single-apache.json")).unwrap();
    assert!(!single.is_batch());
    let m = single.first().unwrap();
    assert_eq!(m.topic(), Ok("testTopic"));
    // CONSUME_START_TIME as a string of digits.
    assert_eq!(
        m.system_properties()
            .unwrap()
            .consume_start_time()
            .unwrap()
            .0,
        1_628_577_790_396
    );
}

#[test]
fn a_batch_may_mix_both_forms_and_re_encodes_unchanged() {
    // Members the other form uses are kept as unknown members (not misread).
    let mut odd_cloud = cloud("c");
    odd_cloud["msgId"] = json!("stray");
    odd_cloud["body"] = json!({"not": "a string"});
    let mut odd_apache = apache("a");
    odd_apache["id"] = json!("x");
    odd_apache["time"] = json!("whenever");
    odd_apache["aliyunregionid"] = Value::Null;
    let v = json!([odd_cloud, odd_apache]);
    let event = Event::from_slice_as(TriggerKind::Rocketmq, &bytes(&v)).unwrap();
    let again: Value = serde_json::from_slice(&event.to_vec().unwrap()).unwrap();
    assert_eq!(again, v);
    let Event::Rocketmq(r) = &event else { panic!() };
    assert!(matches!(r.as_slice()[0], RocketmqMessage::CloudEvent(_)));
    assert!(matches!(r.as_slice()[1], RocketmqMessage::Apache(_)));
}

#[derive(Debug, Deserialize)]
struct Order {
    #[serde(rename = "orderId")]
    order_id: u32,
}

#[test]
fn handler_envelope_parses_bodies_of_both_forms() {
    let v = json!([
        cloud(r#"{"orderId": 1}"#),
        apache(r#"{"orderId": 2}"#),
        cloud("TEST")
    ]);
    let event = RocketmqEvent::from_slice(&bytes(&v)).unwrap();
    let parsed = event.parse_records::<Order>();
    let ok: Vec<u32> = parsed.successes().map(|(_, o)| o.order_id).collect();
    assert_eq!(ok, [1, 2]);
    let (record, err) = parsed.failures().next().unwrap();
    assert_eq!(record.body(), Ok("TEST"));
    assert_eq!((err.index, err.pointer.as_str()), (2, "/2/data/body"));
    assert_eq!(parsed.failed_ids(), ["id-TEST"]);
    // Apache records report their msgId and body pointer.
    let v = json!([apache("oops")]);
    let event = RocketmqEvent::from_slice(&bytes(&v)).unwrap();
    let err = event.parse_records::<Order>().into_result().unwrap_err();
    assert_eq!(
        (err.id.as_deref(), err.pointer.as_str()),
        (Some("msg-oops"), "/0/body")
    );
}

#[test]
fn malformed_payloads_are_located_and_misfit_data_degrades() {
    let mut v = cloud("x");
    v["data"]["systemProperties"]["TAGS"] = json!(5);
    assert_eq!(
        misfit(&json!([v]), 0),
        ("/0/data/systemProperties/TAGS".to_owned(), code::TYPE)
    );
    // An Apache message without msgId.
    let mut v = apache("x");
    v.as_object_mut().unwrap().remove("msgId");
    assert_eq!(
        decode_fault(&json!([apache("a"), v])),
        ("/1/msgId".to_owned(), code::REQUIRED)
    );
    // A CloudEvent (it has specversion) without data.
    let mut v = cloud("x");
    v.as_object_mut().unwrap().remove("data");
    assert_eq!(decode_fault(&v), ("/data".to_owned(), code::REQUIRED));
    // A CloudEvent (it has data) without specversion.
    let mut v = cloud("x");
    v.as_object_mut().unwrap().remove("specversion");
    assert_eq!(
        decode_fault(&v),
        ("/specversion".to_owned(), code::REQUIRED)
    );
    // body must be a string.
    let mut v = apache("x");
    v["body"] = json!(["x"]);
    assert_eq!(decode_fault(&v), ("/body".to_owned(), code::TYPE));
    let mut v = cloud("x");
    v["data"]["systemProperties"]["MIN_OFFSET"] = json!(true);
    assert_eq!(
        misfit(&v, 0),
        ("/data/systemProperties/MIN_OFFSET".to_owned(), code::TYPE)
    );
    let event = RocketmqEvent::from_slice(&bytes(&v)).unwrap();
    let unfit = event.first().unwrap().topic().unwrap_err();
    assert_eq!(unfit.expected, "a RocketMQ message");
    assert_eq!(unfit.error.pointer(), "/systemProperties/MIN_OFFSET");
    // A fault outside `data` still fails the event, at its place.
    v["type"] = json!(["mq"]);
    assert_eq!(decode_fault(&v), ("/type".to_owned(), code::TYPE));
}

#[test]
fn system_property_rules_each_pass_and_fail() {
    assert!(faults(&json!([cloud("x"), apache("y")])).is_empty());
    let sp = |key: &str, value: Value| {
        let mut v = cloud("x");
        v["data"]["systemProperties"][key] = value;
        faults(&v)
    };
    let at = |key: &str, code: &'static str| vec![(format!("/data/systemProperties/{key}"), code)];
    // CONSUME_START_TIME is epoch milliseconds, as a number or a string of digits.
    assert!(sp("CONSUME_START_TIME", json!("1628577790396")).is_empty());
    assert_eq!(
        sp("CONSUME_START_TIME", json!(1628577790)),
        at("CONSUME_START_TIME", code::RANGE)
    );
    assert_eq!(
        sp("CONSUME_START_TIME", json!("soon")),
        at("CONSUME_START_TIME", code::TYPE)
    );
    assert_eq!(
        sp("CONSUME_START_TIME", json!(1.5)),
        at("CONSUME_START_TIME", code::TYPE)
    );
    // Offsets are non-negative integers.
    assert!(sp("MIN_OFFSET", json!(3)).is_empty());
    assert_eq!(sp("MIN_OFFSET", json!("-1")), at("MIN_OFFSET", code::RANGE));
    assert_eq!(sp("MAX_OFFSET", json!(-8)), at("MAX_OFFSET", code::RANGE));
    assert_eq!(
        sp("MAX_OFFSET", json!("eight")),
        at("MAX_OFFSET", code::TYPE)
    );
    // TRACE_ON is a boolean or "true"/"false".
    assert!(sp("TRACE_ON", json!(false)).is_empty());
    assert!(sp("TRACE_ON", json!("false")).is_empty());
    assert_eq!(sp("TRACE_ON", json!("yes")), at("TRACE_ON", code::FORMAT));
    assert_eq!(sp("TRACE_ON", json!(1)), at("TRACE_ON", code::FORMAT));
    // The Apache form has the same rules, and needs a msgId and a topic.
    let mut v = apache("x");
    v["systemProperties"]["MAX_OFFSET"] = json!("-1");
    v["msgId"] = json!("");
    assert_eq!(
        faults(&json!([v])),
        [
            ("/0/msgId".to_owned(), code::FORMAT),
            ("/0/systemProperties/MAX_OFFSET".to_owned(), code::RANGE)
        ]
    );
    // A RocketMQ CloudEvent carries an `mq:` type.
    let mut v = cloud("x");
    v["type"] = json!("mns:Queue:SendMessage");
    assert_eq!(faults(&v), [("/type".to_owned(), code::CONSISTENCY)]);
}

#[test]
fn member_order_does_not_change_the_reading() {
    // `msgId` first, then CloudEvent markers: the message members become unknown members.
    let text = r#"[{"msgId":"m","body":"x","specversion":"1.0","id":"i","source":"s","type":"mq:Topic:SendMessage","time":"2021-04-08T06:01:20Z","data":{"topic":"t","systemProperties":{},"body":"b"}}]"#;
    let event = RocketmqEvent::from_slice(text.as_bytes()).unwrap();
    let RocketmqMessage::CloudEvent(e) = event.first().unwrap() else {
        panic!()
    };
    assert_eq!(e.extension("msgId").and_then(|v| v.as_str()), Some("m"));
    let again: Value = serde_json::from_slice(&serde_json::to_vec(&event).unwrap()).unwrap();
    assert_eq!(again, serde_json::from_str::<Value>(text).unwrap());
    // Once `msgId` came first, the message members are read with their Apache types.
    let text = r#"[{"msgId":"m","body":{"x":1},"specversion":"1.0","id":"i","source":"s","type":"t","data":{"topic":"t","systemProperties":{},"body":"b"}}]"#;
    let e = Event::from_slice_as(TriggerKind::Rocketmq, text.as_bytes()).unwrap_err();
    assert_eq!((e.pointer(), e.code), ("/0/body", code::TYPE));
    // Apache messages with `msgId` first or last decode alike, and faults are located either way.
    let first = r#"{"msgId":"m","topic":"t","systemProperties":{"MAX_OFFSET":"1"},"body":"b"}"#;
    let last = r#"{"topic":"t","systemProperties":{"MAX_OFFSET":"1"},"body":"b","msgId":"m"}"#;
    assert_eq!(
        RocketmqEvent::from_slice(first.as_bytes()).unwrap(),
        RocketmqEvent::from_slice(last.as_bytes()).unwrap()
    );
    for text in [
        r#"[{"msgId":"m","topic":"t","systemProperties":{"TAGS":1},"body":"b"}]"#,
        r#"[{"topic":"t","systemProperties":{"TAGS":1},"body":"b","msgId":"m"}]"#,
    ] {
        let e = Event::from_slice_as(TriggerKind::Rocketmq, text.as_bytes()).unwrap_err();
        assert_eq!(
            (e.pointer(), e.code),
            ("/0/systemProperties/TAGS", code::TYPE),
            "{text}"
        );
    }
}

#[test]
fn a_message_without_tags_or_keys_is_valid_with_a_warning_for_each() {
    let bytes = fc_events::samples::sample(fc_events::TriggerKind::Rocketmq).unwrap();
    let mut v: serde_json::Value = serde_json::from_slice(bytes).unwrap();
    let props = v[0]["data"]["systemProperties"].as_object_mut().unwrap();
    assert!(props.remove("TAGS").is_some() && props.remove("KEYS").is_some());
    let report = fc_events::validate::validate_slice(None, &serde_json::to_vec(&v).unwrap());
    assert!(report.is_valid(), "{:?}", report.faults);
    let warned: Vec<&str> = report.faults.iter().map(|f| f.pointer.as_str()).collect();
    assert_eq!(
        warned,
        [
            "/0/data/systemProperties/TAGS",
            "/0/data/systemProperties/KEYS"
        ]
    );
    // A property every message carries is still a fault.
    let props = v[0]["data"]["systemProperties"].as_object_mut().unwrap();
    props.remove("MSG_REGION");
    let report = fc_events::validate::validate_slice(None, &serde_json::to_vec(&v).unwrap());
    assert!(!report.is_valid());
}
