//! MNS topic trigger: the four shapes, how bytes are told apart, the serde rendering, malformed
//! payloads, validation rules and the sample that is invalid as published.

mod common;

use fc_events::mns_topic::{MnsNotifyContentFormat, MnsStreamBody, MnsTopicEvent, MnsTopicMessage};
use fc_events::validate::{code, validate_slice};
use fc_events::{Event, Payload, TriggerKind};
use serde_json::{json, Value};

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(common::fixtures_dir().join(path)).unwrap()
}

fn decode(bytes: &[u8]) -> MnsTopicEvent {
    match Event::from_slice_as(TriggerKind::MnsTopic, bytes).unwrap() {
        Event::MnsTopic(e) => e,
        other => panic!("{other:?}"),
    }
}

/// `(pointer, code)` of every fault of `bytes` validated as an MNS topic payload.
fn faults(bytes: &[u8]) -> Vec<(String, &'static str)> {
    let report = validate_slice(Some(TriggerKind::MnsTopic), bytes);
    assert_eq!(report.kind, Some(TriggerKind::MnsTopic));
    report
        .faults
        .into_iter()
        .map(|f| (f.pointer, f.code))
        .collect()
}

fn json_message() -> Value {
    serde_json::from_slice(&fixture("mns-topic/mns-topic-devsapp-fc3-1.json")).unwrap()
}

#[test]
fn the_four_shapes_are_told_apart() {
    let stream = decode(&fixture("mns-topic/mns-topic-devsapp-fc3-4.txt"));
    assert_eq!(
        stream,
        MnsTopicEvent::Stream(MnsStreamBody::from("hello topic"))
    );
    assert_eq!(stream.format(), MnsNotifyContentFormat::Stream);

    let MnsTopicEvent::StreamWithAttributes(m) =
        decode(&fixture("mns-topic/mns-topic-devsapp-fc3-3.json"))
    else {
        panic!()
    };
    assert_eq!(m.body, "hello topic");
    assert_eq!(m.attrs.extend.as_deref(), Some(r#"{"key":"value"}"#));
    assert_eq!(
        m.attrs.extend_json().unwrap().unwrap(),
        json!({"key": "value"})
    );

    let event = decode(&fixture("mns-topic/mns-topic-devsapp-fc3-1.json"));
    assert_eq!(event.format(), MnsNotifyContentFormat::Json);
    let MnsTopicEvent::Json(m) = event else {
        panic!()
    };
    assert!(!m.has_attributes());
    assert_eq!(m.publish_time.0, 1_550_216_480_040);
    assert_eq!(
        m.publish_time.to_datetime().unwrap().timestamp_millis(),
        1_550_216_480_040
    );

    let MnsTopicEvent::Json(m) = decode(&fixture("mns-topic/mns-topic-devsapp-fc3-2.json")) else {
        panic!()
    };
    assert!(m.has_attributes());
    let attrs: Vec<_> = m.attributes().map(|(k, v)| (k, v.to_json())).collect();
    assert_eq!(attrs, vec![("key", json!("value"))]);
    assert_eq!(m.attribute_str("key"), Some("value"));
    assert_eq!(
        m.attribute("TopicOwner"),
        None,
        "known members are not attributes"
    );
}

#[test]
fn attributes_of_any_json_type_are_kept_in_order() {
    let bytes = fixture("mns-topic/mns-topic-edge-json-attrs-typed.json");
    let MnsTopicEvent::Json(m) = decode(&bytes) else {
        panic!()
    };
    let names: Vec<_> = m.attributes().map(|(k, _)| k).collect();
    assert_eq!(names, ["tenant", "priority", "tags", "nested"]);
    assert_eq!(m.attribute("priority").and_then(|v| v.as_i64()), Some(3));
    assert_eq!(m.attribute_str("priority"), None);
    assert_eq!(
        m.message_base64_decoded().as_deref(),
        Some(&b"hello topic"[..])
    );
    let out: Value = serde_json::from_slice(&m_to_vec(&m)).unwrap();
    assert_eq!(out, serde_json::from_slice::<Value>(&bytes).unwrap());
}

fn m_to_vec(m: &MnsTopicMessage) -> Vec<u8> {
    serde_json::to_vec(m).unwrap()
}

#[test]
fn stream_bodies_that_look_like_json_round_trip_byte_for_byte() {
    for body in [
        &br#"{"orderId": 42, "status": "paid"}"#[..],
        b"  {\n  \"a\" : [1, 2.50, 1e3]\n}\n",
        b"{user} logged in",
        b"[INFO] started",
        b"[1, 2, 3]",
        br#"{"body": "x", "attrs": {}, "more": 1}"#,
        br#"{"Message": "no MessageId, so not the JSON format"}"#,
        b"",
        b"\"quoted\"",
    ] {
        let event = decode(body);
        assert_eq!(
            event,
            MnsTopicEvent::Stream(MnsStreamBody::from(body)),
            "{body:?}"
        );
        assert_eq!(event.to_wire().unwrap(), body);
        assert_eq!(Event::MnsTopic(event).to_vec().unwrap(), body);
        assert_eq!(faults(body), vec![], "{body:?}");
    }
}

#[test]
fn non_utf8_bodies_are_kept_and_detected() {
    let bytes = fixture("mns-topic/mns-topic-edge-stream-non-utf8.txt");
    assert!(std::str::from_utf8(&bytes).is_err());
    let event = Event::from_slice(&bytes).unwrap();
    assert_eq!(event.kind(), TriggerKind::MnsTopic);
    assert_eq!(event.to_vec().unwrap(), bytes);
    let Event::MnsTopic(mns) = &event else {
        panic!()
    };
    assert_eq!(mns.body(), &bytes[..]);
    assert_eq!(mns.body_str(), None);
}

#[test]
fn serde_rendering_of_stream_bodies() {
    // UTF-8: a JSON string.
    let event = decode(b"hello topic");
    assert_eq!(serde_json::to_value(&event).unwrap(), json!("hello topic"));
    assert_eq!(
        serde_json::from_value::<MnsTopicEvent>(json!("hello topic")).unwrap(),
        event
    );

    // Not UTF-8: {"$blob": base64}, and bytes in CBOR.
    let raw = fixture("mns-topic/mns-topic-edge-stream-non-utf8.txt");
    let event = decode(&raw);
    let rendered = event.to_json_value().unwrap();
    let blob = rendered[fc_events::BLOB_KEY].as_str().unwrap().to_owned();
    assert_eq!(rendered.as_object().unwrap().len(), 1);
    use base64::Engine as _;
    assert_eq!(
        base64::engine::general_purpose::STANDARD
            .decode(&blob)
            .unwrap(),
        raw
    );
    assert_eq!(
        serde_json::from_value::<MnsTopicEvent>(rendered).unwrap(),
        event
    );
    let cbor = event.to_cbor_vec().unwrap();
    assert_eq!(
        common::cbor_value(&cbor),
        serde_cbor::Value::Bytes(raw.clone())
    );
    assert_eq!(
        serde_cbor::from_slice::<MnsTopicEvent>(&cbor).unwrap(),
        event
    );
    assert_eq!(
        serde_json::from_value::<MnsStreamBody>(json!({"$blob": &blob}))
            .unwrap()
            .0,
        raw
    );

    // A bad blob is an error, not a silent string.
    let e = serde_json::from_value::<MnsTopicEvent>(json!({"$blob": "not base64!"})).unwrap_err();
    assert!(e.to_string().contains("base64"), "{e}");
}

#[test]
fn serde_reads_the_json_shapes_directly() {
    for path in [
        "mns-topic/mns-topic-devsapp-fc3-1.json",
        "mns-topic/mns-topic-devsapp-fc3-2.json",
        "mns-topic/mns-topic-devsapp-fc3-3.json",
    ] {
        let bytes = fixture(path);
        let via_serde: MnsTopicEvent = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(
            via_serde,
            MnsTopicEvent::from_slice(&bytes).unwrap(),
            "{path}"
        );
        let input: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(serde_json::to_value(&via_serde).unwrap(), input, "{path}");
        let cbor = serde_cbor::to_vec(&via_serde).unwrap();
        assert_eq!(
            serde_cbor::from_slice::<MnsTopicEvent>(&cbor).unwrap(),
            via_serde,
            "{path}"
        );
    }
    // Only raw bytes can be a STREAM body of any shape; serde needs one of the shapes.
    let e = serde_json::from_value::<MnsTopicEvent>(json!({"a": 1})).unwrap_err();
    assert!(e.to_string().contains("STREAM body"), "{e}");
    assert!(serde_json::from_value::<MnsTopicEvent>(json!(5)).is_err());
    // Errors inside a shape name the member.
    let mut v = json_message();
    v["PublishTime"] = json!("yesterday");
    let e = serde_json::from_value::<MnsTopicEvent>(v)
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("PublishTime: invalid type"), "{e}");
}

#[test]
fn malformed_json_shapes_name_the_member() {
    let cases: Vec<(Value, &str, &str)> = vec![
        (
            {
                let mut v = json_message();
                v["PublishTime"] = json!("1550216480040");
                v
            },
            "/PublishTime",
            "type",
        ),
        (
            {
                let mut v = json_message();
                v.as_object_mut().unwrap().remove("MessageId");
                v
            },
            "/MessageId",
            "required",
        ),
        (
            {
                let mut v = json_message();
                v["Message"] = json!({"nested": true});
                v
            },
            "/Message",
            "type",
        ),
        (json!({"body": 1, "attrs": {}}), "/body", "type"),
        (json!({"body": "x", "attrs": "Extend"}), "/attrs", "type"),
        (
            json!({"body": "x", "attrs": {"Extend": {"key": "value"}}}),
            "/attrs/Extend",
            "type",
        ),
    ];
    for (value, pointer, code) in cases {
        let e =
            Event::from_slice_as(TriggerKind::MnsTopic, value.to_string().as_bytes()).unwrap_err();
        assert_eq!(e.kind, Some(TriggerKind::MnsTopic));
        assert_eq!((e.pointer(), e.code), (pointer, code), "{value}");
    }
    let dup = br#"{"TopicOwner":"1","TopicOwner":"2","Message":"m"}"#;
    let e = Event::from_slice_as(TriggerKind::MnsTopic, dup).unwrap_err();
    assert!(e.message.contains("duplicate field"), "{e}");
}

#[test]
fn null_optional_extend_is_absent() {
    let MnsTopicEvent::StreamWithAttributes(m) =
        decode(br#"{"body":"x","attrs":{"Extend":null,"Other":"y"}}"#)
    else {
        panic!()
    };
    assert_eq!(m.attrs.extend, None);
    assert_eq!(m.attrs.extend_json().map(|r| r.is_ok()), None);
    assert_eq!(m.attrs.get("Other").and_then(|v| v.as_str()), Some("y"));
}

// ---- validation rules ----

#[test]
fn publish_time_is_epoch_milliseconds() {
    let mut v = json_message();
    assert_eq!(faults(v.to_string().as_bytes()), vec![]);
    v["PublishTime"] = json!(1_550_216_480);
    assert_eq!(
        faults(v.to_string().as_bytes()),
        vec![("/PublishTime".to_owned(), code::RANGE)]
    );
}

#[test]
fn identifying_members_are_not_empty() {
    let mut v = json_message();
    v["TopicName"] = json!("");
    v["MessageId"] = json!("");
    assert_eq!(
        faults(v.to_string().as_bytes()),
        vec![
            ("/TopicName".to_owned(), code::FORMAT),
            ("/MessageId".to_owned(), code::FORMAT)
        ]
    );
}

#[test]
fn extend_is_a_json_encoded_object() {
    let ok = json!({"body": "x", "attrs": {"Extend": "{\"key\":\"value\"}"}});
    assert_eq!(faults(ok.to_string().as_bytes()), vec![]);
    for bad in ["{\\\"key\\\":\\\"value\\\"}", "[1,2]", "key=value"] {
        let v = json!({"body": "x", "attrs": {"Extend": bad}});
        assert_eq!(
            faults(v.to_string().as_bytes()),
            vec![("/attrs/Extend".to_owned(), code::FORMAT)],
            "{bad}"
        );
    }
}

#[test]
fn a_stream_body_that_starts_like_a_json_object_must_be_json() {
    // Broken JSON is still a STREAM body when decoding: nothing is lost...
    let broken = br#"{"TopicOwner": "1", "Message": "m",}"#;
    assert_eq!(decode(broken).to_wire().unwrap(), broken);
    // ...but validation reports it.
    let report = validate_slice(Some(TriggerKind::MnsTopic), broken);
    assert_eq!(report.faults.len(), 1);
    assert_eq!(
        (report.faults[0].pointer.as_str(), report.faults[0].code),
        ("", code::SYNTAX)
    );
    assert!(
        report.faults[0].message.contains("column"),
        "{}",
        report.faults[0]
    );
    // Text that merely starts with a brace is fine.
    assert_eq!(faults(b"{user} logged in"), vec![]);
    assert_eq!(faults(b"{}"), vec![]);
}

// ---- the sample that is invalid as published ----

#[test]
fn published_stream_attrs_samples_with_doubled_backslashes_are_rejected() {
    let corrected = fixture("mns-topic/mns-topic-edge-stream-attrs-corrected.json");
    for path in [
        "invalid/mns-topic/mns-topic-fc3-doc-trigger-event-formats-3.json",
        "invalid/mns-topic/mns-topic-seed-4.json",
    ] {
        let bytes = fixture(path);
        // Detection: not well-formed JSON.
        let e = Event::from_slice(&bytes).unwrap_err();
        assert_eq!(e.code, "syntax", "{path}");
        assert!(e.line.is_some() && e.column.is_some());
        let report = validate_slice(None, &bytes);
        assert_eq!(report.kind, None);
        assert_eq!(report.faults.len(), 1);
        assert_eq!(report.faults[0].code, code::SYNTAX);
        // As an MNS topic payload it is a STREAM body (kept as is) that validation rejects.
        assert_eq!(decode(&bytes).to_wire().unwrap(), bytes);
        assert_eq!(
            faults(&bytes),
            vec![(String::new(), code::SYNTAX)],
            "{path}"
        );
        // Undoubling the backslashes gives the corrected sample.
        let text = String::from_utf8(bytes).unwrap().replace("\\\\", "\\");
        let fixed: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            fixed,
            serde_json::from_slice::<Value>(&corrected).unwrap(),
            "{path}"
        );
    }
    let MnsTopicEvent::StreamWithAttributes(m) = decode(&corrected) else {
        panic!()
    };
    assert_eq!(
        m.attrs.extend_json().unwrap().unwrap(),
        json!({"key": "value"})
    );
    assert_eq!(faults(&corrected), vec![]);
}

#[test]
fn kind_and_sample_are_registered() {
    let sample = fc_events::samples::sample(TriggerKind::MnsTopic).unwrap();
    let event = Event::from_slice(sample).unwrap();
    assert_eq!(event.kind(), TriggerKind::MnsTopic);
    assert!(event.validate().is_empty());
    assert_eq!(<MnsTopicEvent as Payload>::KIND, TriggerKind::MnsTopic);
}
