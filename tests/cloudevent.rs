//! The CloudEvents envelope shared by the EventBridge-delivered kinds: attributes, extensions, time
//! forms, one-or-many, detection against the native triggers, and envelope validation rules.

mod common;

use fc_events::batch::OneOrMany;
use fc_events::cloudevent::CloudEvent;
use fc_events::detect::detect;
use fc_events::validate::{code, validate_slice};
use fc_events::{Event, TriggerKind};
use serde_json::{json, Value};

/// A valid MNS queue event as a JSON value: the attributes every documented MNS queue event carries.
fn mns(id: &str) -> Value {
    json!({
        "id": id, "source": "MNS-f-t", "specversion": "1.0", "type": "mns:Queue:SendMessage",
        "datacontenttype": "application/json; charset=utf-8",
        "subject": "acs:mns:cn-hangzhou:1:queues/q",
        "time": "2021-04-08T06:28:17.093Z",
        "aliyunaccountid": "1", "aliyunpublishtime": "2021-10-15T07:06:34.028Z",
        "aliyunoriginalaccountid": "1", "aliyuneventbusname": "MNS-f-t",
        "aliyunregionid": "cn-hangzhou", "aliyunpublishaddr": "42.120.XX.XX",
        "data": {"requestId": "r", "messageId": "m", "messageBody": "TEST"}
    })
}

fn bytes(v: &Value) -> Vec<u8> {
    serde_json::to_vec(v).unwrap()
}

/// Decodes as `kind` and returns `(pointer, code)` of the error.
fn decode_fault(kind: TriggerKind, v: &Value) -> (String, &'static str) {
    let e = Event::from_slice_as(kind, &bytes(v)).expect_err("must fail");
    assert_eq!(e.kind, Some(kind), "{e}");
    (e.pointer().to_owned(), e.code)
}

/// Validates as `kind` and returns every `(pointer, code)`.
fn faults(kind: TriggerKind, v: &Value) -> Vec<(String, &'static str)> {
    validate_slice(Some(kind), &bytes(v))
        .faults
        .into_iter()
        .map(|f| (f.pointer, f.code))
        .collect()
}

fn round_trip(kind: TriggerKind, v: &Value) -> Value {
    let event = Event::from_slice_as(kind, &bytes(v)).unwrap();
    serde_json::from_slice(&event.to_vec().unwrap()).unwrap()
}

#[test]
fn time_with_0_to_9_fractional_digits_parses_and_re_encodes_as_received() {
    for digits in 0..=9 {
        let frac = if digits == 0 {
            String::new()
        } else {
            format!(".{}", "123456789".get(..digits).unwrap())
        };
        let time = format!("2022-07-22T06:34:27{frac}Z");
        let publish = format!("2022-07-22T06:34:27{frac}+08:00");
        let mut v = mns("a");
        v["time"] = json!(time);
        v["aliyunpublishtime"] = json!(publish);
        assert_eq!(round_trip(TriggerKind::MnsQueue, &v), v, "{digits} digits");
        assert!(
            faults(TriggerKind::MnsQueue, &v).is_empty(),
            "{digits} digits"
        );
        let ev: CloudEvent = serde_json::from_value(v).unwrap();
        let t = ev.time.as_ref().unwrap();
        assert_eq!(t.as_str(), time);
        let nanos = t.to_utc().unwrap().timestamp_subsec_nanos();
        let expected: u32 = format!("{:0<9}", frac.trim_start_matches('.'))
            .parse()
            .unwrap();
        assert_eq!(nanos, expected, "{digits} digits");
        assert_eq!(
            ev.aliyun_publish_time
                .unwrap()
                .to_utc()
                .unwrap()
                .timestamp(),
            t.to_utc().unwrap().timestamp() - 8 * 3600
        );
    }
}

#[test]
fn typed_extensions_and_unknown_extensions_are_kept() {
    let mut v = mns("a");
    v["aliyunaccountid"] = json!("1649");
    v["aliyunoriginalaccountid"] = json!("1650");
    v["aliyuneventbusname"] = json!("bus");
    v["aliyunregionid"] = json!("cn-chengdu");
    v["aliyunpublishaddr"] = json!("42.120.XX.XX");
    v["traceparent"] = json!("00-abc-01");
    v["myext"] = json!({"nested": [1, 2.5, null, true]});
    v["dataschema"] = json!("http://example.com/s.json");
    let ev: CloudEvent = serde_json::from_value(v.clone()).unwrap();
    assert_eq!(ev.aliyun_account_id.as_deref(), Some("1649"));
    assert_eq!(ev.aliyun_original_account_id.as_deref(), Some("1650"));
    assert_eq!(ev.aliyun_event_bus_name.as_deref(), Some("bus"));
    assert_eq!(ev.aliyun_region_id.as_deref(), Some("cn-chengdu"));
    assert_eq!(ev.aliyun_publish_addr.as_deref(), Some("42.120.XX.XX"));
    assert_eq!(ev.data_schema.as_deref(), Some("http://example.com/s.json"));
    // Unknown extensions are kept in arrival order.
    let text = br#"{"zz":1,"id":"a","source":"s","specversion":"1.0","type":"t","aa":2,"data":null,"mm":3}"#;
    let ordered: CloudEvent = serde_json::from_slice(text).unwrap();
    assert_eq!(ordered.extra.keys().collect::<Vec<_>>(), ["zz", "aa", "mm"]);
    assert_eq!(ordered.data, Value::Null);
    assert_eq!(serde_json::to_value(&ev).unwrap(), v);
    assert_eq!(round_trip(TriggerKind::MnsQueue, &v), v);
    assert!(faults(TriggerKind::MnsQueue, &v).is_empty());
}

#[test]
fn generic_envelope_with_a_user_data_type() {
    #[derive(serde::Deserialize, serde::Serialize, Debug, PartialEq)]
    struct Message {
        #[serde(rename = "messageBody")]
        body: String,
        #[serde(flatten)]
        rest: serde_json::Map<String, Value>,
    }
    let v = mns("a");
    let ev: CloudEvent<Message> = serde_json::from_value(v.clone()).unwrap();
    assert_eq!(ev.data.body, "TEST");
    assert_eq!(serde_json::to_value(&ev).unwrap(), v);
    let plain: CloudEvent = serde_json::from_value(v).unwrap();
    let mapped = plain.map_data(|d| d["messageBody"].as_str().unwrap().to_owned());
    assert_eq!(mapped.data, "TEST");
    // A wrong data type is located under /data.
    let mut bad = mns("a");
    bad["data"]["messageBody"] = json!(1);
    let e = serde_path_to_error::deserialize::<_, CloudEvent<Message>>(bad).unwrap_err();
    assert_eq!(e.path().to_string(), "data.messageBody");
}

#[test]
fn single_and_batch_re_encode_in_the_form_received() {
    let one = mns("a");
    let batch_of_one = json!([mns("a")]);
    let batch = json!([mns("a"), mns("b")]);
    for v in [&one, &batch_of_one, &batch] {
        assert_eq!(&round_trip(TriggerKind::MnsQueue, v), v);
    }
    let decoded: OneOrMany<CloudEvent> = serde_json::from_value(batch_of_one).unwrap();
    assert!(decoded.is_batch());
    assert_eq!(decoded.len(), 1);
    let decoded: OneOrMany<CloudEvent> = serde_json::from_value(one).unwrap();
    assert!(!decoded.is_batch());
    assert_eq!(decoded.pointer_of(0), "");
}

#[test]
fn a_missing_required_attribute_is_pointed_at_where_it_should_be() {
    for attr in ["id", "source", "specversion", "type", "data"] {
        let mut v = mns("a");
        v.as_object_mut().unwrap().remove(attr);
        assert_eq!(
            decode_fault(TriggerKind::MnsQueue, &v),
            (format!("/{attr}"), code::REQUIRED)
        );
        let batch = json!([mns("a"), v]);
        assert_eq!(
            decode_fault(TriggerKind::MnsQueue, &batch),
            (format!("/1/{attr}"), code::REQUIRED)
        );
    }
}

#[test]
fn wrong_attribute_types_are_located() {
    for (attr, bad) in [
        ("time", json!(5)),
        ("id", json!(1)),
        ("aliyunpublishtime", json!(["x"])),
        ("subject", json!({})),
    ] {
        let mut v = mns("a");
        v[attr] = bad;
        assert_eq!(
            decode_fault(TriggerKind::MnsQueue, &json!([mns("x"), v])),
            (format!("/1/{attr}"), code::TYPE)
        );
    }
}

#[test]
fn null_optional_attributes_are_absent() {
    let mut v = mns("a");
    v["subject"] = Value::Null;
    let ev: CloudEvent = serde_json::from_value(v).unwrap();
    assert_eq!(ev.subject, None);
}

#[test]
fn duplicate_attributes_are_rejected() {
    let text = r#"[{"id":"a","id":"b","source":"s","specversion":"1.0","type":"mns:Queue:SendMessage","data":{}}]"#;
    let e = Event::from_slice_as(TriggerKind::MnsQueue, text.as_bytes()).unwrap_err();
    assert_eq!(e.pointer(), "/0");
    assert!(e.message.contains("duplicate field `id`"), "{}", e.message);
    let text = r#"{"x":1,"x":2,"id":"a","source":"s","specversion":"1.0","type":"t","data":{}}"#;
    let e = Event::from_slice_as(TriggerKind::Eventbridge, text.as_bytes()).unwrap_err();
    assert!(e.message.contains("duplicate field `x`"), "{}", e.message);
}

#[test]
fn payloads_that_are_neither_object_nor_array_fail_at_the_root() {
    for text in ["42", "\"text\"", "null"] {
        let e = Event::from_slice_as(TriggerKind::MnsQueue, text.as_bytes()).unwrap_err();
        assert_eq!((e.pointer(), e.code), ("", code::TYPE), "{text}: {e}");
    }
}

#[test]
fn envelope_rules_each_pass_and_fail() {
    // specversion must be 1.0
    let mut v = mns("a");
    v["specversion"] = json!("0.3");
    assert_eq!(
        faults(TriggerKind::MnsQueue, &v),
        [("/specversion".to_owned(), code::ENUM)]
    );
    // time and aliyunpublishtime must be RFC 3339
    let mut v = mns("a");
    v["time"] = json!("2021-04-08 06:28");
    v["aliyunpublishtime"] = json!("1634281594028");
    assert_eq!(
        faults(TriggerKind::MnsQueue, &json!([v])),
        [
            ("/0/time".to_owned(), code::FORMAT),
            ("/0/aliyunpublishtime".to_owned(), code::FORMAT)
        ]
    );
    // time is required by validation (EventBridge always sets it), not by decoding
    let mut v = mns("a");
    v.as_object_mut().unwrap().remove("time");
    assert!(Event::from_slice_as(TriggerKind::MnsQueue, &bytes(&v)).is_ok());
    assert_eq!(
        faults(TriggerKind::MnsQueue, &v),
        [("/time".to_owned(), code::REQUIRED)]
    );
    // id, source and type must not be empty
    let mut v = mns("a");
    v["id"] = json!("");
    v["source"] = json!("");
    assert_eq!(
        faults(TriggerKind::MnsQueue, &v),
        [
            ("/id".to_owned(), code::FORMAT),
            ("/source".to_owned(), code::FORMAT)
        ]
    );
    // the type must belong to the kind
    let mut v = mns("a");
    v["type"] = json!("mq:Topic:SendMessage");
    assert_eq!(
        faults(TriggerKind::MnsQueue, &v),
        [("/type".to_owned(), code::CONSISTENCY)]
    );
}

#[test]
fn every_fault_of_a_batch_is_reported() {
    let mut a = mns("a");
    a["time"] = json!("bad");
    let mut b = mns("b");
    b["specversion"] = json!("2.0");
    b["data"]["messageId"] = json!("");
    let report = validate_slice(None, &bytes(&json!([a, mns("ok"), b])));
    assert_eq!(report.kind, Some(TriggerKind::MnsQueue));
    let got: Vec<_> = common::pointer_codes(&report.faults);
    assert_eq!(
        got,
        [
            ("/0/time", code::FORMAT),
            ("/2/specversion", code::ENUM),
            ("/2/data/messageId", code::FORMAT)
        ]
    );
    assert!(report.faults[1].message.contains("\"2.0\""));
}

fn ce(ty: &str, source: &str) -> Value {
    json!({"id": "1", "source": source, "specversion": "1.0", "type": ty, "data": {}})
}

#[test]
fn detection_by_source_and_type() {
    let cases = [
        (
            ce("mns:Queue:SendMessage", "MNS-f-t"),
            TriggerKind::MnsQueue,
        ),
        (
            ce("mq:Topic:SendMessage", "RocketMQ-f-t"),
            TriggerKind::Rocketmq,
        ),
        (
            ce("amqp:Queue:SendMessage", "acs:amqp"),
            TriggerKind::Rabbitmq,
        ),
        (
            ce("alikafka:Topic:Message", "acs:alikafka"),
            TriggerKind::Kafka,
        ),
        (ce("dts:ConsumeMessage", "DTSstreamDemo"), TriggerKind::Dts),
        (
            ce("oss:ObjectCreated:PutObject", "acs.oss"),
            TriggerKind::Eventbridge,
        ),
        (
            ce("ecs:Instance:StateChange", "acs.ecs"),
            TriggerKind::Eventbridge,
        ),
        (
            ce("ui:Created:PostObject", "my.event"),
            TriggerKind::Eventbridge,
        ),
        // A service event on the default bus is an EventBridge event whatever its type says.
        (
            ce("mns:Queue:SendMessage", "acs.mns"),
            TriggerKind::Eventbridge,
        ),
    ];
    for (v, kind) in cases {
        assert_eq!(detect(&bytes(&v)).unwrap(), kind, "{v}");
        assert_eq!(detect(&bytes(&json!([v.clone(), v]))).unwrap(), kind);
    }
    // Kafka's stringified elements.
    let s = serde_json::to_string(&ce("alikafka:Topic:Message", "acs:alikafka")).unwrap();
    assert_eq!(detect(&bytes(&json!([s]))).unwrap(), TriggerKind::Kafka);
}

#[test]
fn detection_tells_eventbridge_forms_from_native_triggers() {
    let native_oss =
        std::fs::read("tests/fixtures/oss/oss-fc3-doc-trigger-event-formats-1.json").unwrap();
    assert_eq!(detect(&native_oss).unwrap(), TriggerKind::Oss);
    let eb_oss =
        std::fs::read("tests/fixtures/eventbridge/eventbridge-edge-oss-object-created.json")
            .unwrap();
    assert_eq!(detect(&eb_oss).unwrap(), TriggerKind::Eventbridge);
    let cms = br#"{"product":"ECS","eventType":"StatusNotification","resourceId":"acs:ecs:cn-hangzhou:1:instance/i-1","content":{"state":"Stopping"},"name":"Instance:StateChange","eventTime":"20230217T103516.475+0800"}"#;
    assert_eq!(detect(cms).unwrap(), TriggerKind::SystemEvent);
    let eb_ecs =
        std::fs::read("tests/fixtures/eventbridge/eventbridge-edge-ecs-state-change.json").unwrap();
    assert_eq!(detect(&eb_ecs).unwrap(), TriggerKind::Eventbridge);
    // MNS topic {body, attrs} versus MQTT {props, body}.
    assert_eq!(
        detect(br#"{"body":"x","attrs":{}}"#).unwrap(),
        TriggerKind::MnsTopic
    );
    assert_eq!(
        detect(br#"{"props":{"firstTopic":"t"},"body":"x"}"#).unwrap(),
        TriggerKind::Mqtt
    );
    // Self-hosted RocketMQ, single and batch.
    let apache = br#"{"msgId":"1","topic":"t","systemProperties":{},"body":"b"}"#;
    assert_eq!(detect(apache).unwrap(), TriggerKind::Rocketmq);
    // A PutEvents input (no specversion) is detected, so that decoding names what is missing.
    let put = br#"{"id":"1","source":"my.event","type":"ui:Created","data":{}}"#;
    assert_eq!(detect(put).unwrap(), TriggerKind::Eventbridge);
    let e = Event::from_slice(put).unwrap_err();
    assert_eq!((e.pointer(), e.code), ("/specversion", code::REQUIRED));
    // Without `data` it is not taken for a CloudEvent.
    assert!(detect(br#"{"id":"1","source":"my.event","type":"ui:Created"}"#).is_err());
}

const KINDS: [TriggerKind; 7] = [
    TriggerKind::MnsQueue,
    TriggerKind::Rocketmq,
    TriggerKind::Rabbitmq,
    TriggerKind::Kafka,
    TriggerKind::Dts,
    TriggerKind::Mqtt,
    TriggerKind::Eventbridge,
];

#[test]
fn each_kind_has_a_valid_detected_sample_and_a_schema() {
    for kind in KINDS {
        let sample = fc_events::samples::sample(kind).expect("a sample");
        let event = Event::from_slice(sample).unwrap();
        assert_eq!(event.kind(), kind);
        assert!(
            event.validate().is_empty(),
            "{kind}: {:?}",
            event.validate()
        );
        let schema =
            fc_events::schema::schema(kind, fc_events::schema::Draft::Draft07).expect("a schema");
        let text = schema.to_string();
        // One event or a batch of them.
        assert!(schema.get("anyOf").is_some(), "{kind}: {text}");
        assert!(text.contains("\"items\""), "{kind}");
        if kind != TriggerKind::Mqtt {
            assert!(text.contains("\"specversion\""), "{kind}");
            assert!(text.contains("\"aliyunpublishtime\""), "{kind}");
        }
    }
}
