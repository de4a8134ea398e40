//! EventBridge trigger: custom events, `acs.oss` events with an OSS record, `acs.ecs` events, the
//! PutEvents input that is not a delivered event, malformed and invalid payloads.

mod common;

use fc_events::eventbridge::{EventbridgeData, EventbridgeEvent};
use fc_events::oss::OssEventName;
use fc_events::validate::{code, validate_slice};
use fc_events::{Event, TriggerKind};
use serde::Deserialize;
use serde_json::{json, Value};

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(format!("tests/fixtures/{path}")).unwrap()
}

fn oss_event() -> Value {
    serde_json::from_slice(&fixture(
        "eventbridge/eventbridge-edge-oss-object-created.json",
    ))
    .unwrap()
}

/// The same event with `data` first (before `source` and `type`).
fn data_first(v: &Value) -> Vec<u8> {
    let obj = v.as_object().unwrap();
    let mut text = format!("{{\"data\":{}", obj["data"]);
    for (k, val) in obj.iter().filter(|(k, _)| *k != "data") {
        text.push_str(&format!(",{}:{}", Value::from(k.as_str()), val));
    }
    text.push('}');
    text.into_bytes()
}

fn bytes(v: &Value) -> Vec<u8> {
    serde_json::to_vec(v).unwrap()
}

fn faults(v: &Value) -> Vec<(String, &'static str)> {
    validate_slice(Some(TriggerKind::Eventbridge), &bytes(v))
        .faults
        .into_iter()
        .map(|f| (f.pointer, f.code))
        .collect()
}

#[test]
fn the_put_events_input_is_not_a_delivered_event() {
    let input = fixture("invalid/eventbridge/eventbridge-custom-awesome-fc-code-example-1.json");
    let e = Event::from_slice(&input).unwrap_err();
    assert_eq!(e.kind, Some(TriggerKind::Eventbridge));
    assert_eq!((e.pointer(), e.code), ("/specversion", code::REQUIRED));
    let report = validate_slice(None, &input);
    assert_eq!(report.kind, Some(TriggerKind::Eventbridge));
    assert_eq!(report.faults.len(), 1);
    assert_eq!(report.faults[0].pointer, "/specversion");
    // As delivered (specversion, time and the aliyun* extensions added), it is valid.
    let delivered = fixture("eventbridge/eventbridge-edge-custom-delivered.json");
    let event = EventbridgeEvent::from_slice(&delivered).unwrap();
    let ev = event.first().unwrap();
    assert_eq!(
        ev.data.as_json().unwrap()["body"],
        "Hello eventbridge trigger !"
    );
    assert_eq!(
        ev.data_schema.as_deref(),
        Some("http://taobao.com/item.json")
    );
    assert_eq!(ev.aliyun_event_bus_name.as_deref(), Some("default"));
}

#[test]
fn oss_events_carry_one_oss_record_whatever_the_member_order() {
    let v = oss_event();
    for input in [bytes(&v), data_first(&v)] {
        let event = EventbridgeEvent::from_slice(&input).unwrap();
        let ev = event.first().unwrap();
        let record = ev.data.as_oss().expect("an OSS record");
        assert_eq!(record.event_name, OssEventName::PutObject);
        assert_eq!(record.oss.object.size, 122_539);
        assert_eq!(ev.ty, "oss:ObjectCreated:PutObject");
        let again: Value = serde_json::from_slice(&serde_json::to_vec(&event).unwrap()).unwrap();
        assert_eq!(again, v);
    }
    // Other acs.oss events (not object events) keep their data as JSON.
    let mut v = oss_event();
    v["type"] = json!("oss:BucketQueried:GetBucketStat");
    v["data"] = json!({"bucket": "b"});
    let event = EventbridgeEvent::from_slice(&bytes(&v)).unwrap();
    assert!(matches!(
        event.first().unwrap().data,
        EventbridgeData::Custom(_)
    ));
}

#[test]
fn ecs_events_have_accessors_for_common_members() {
    let event = EventbridgeEvent::from_slice(&fixture(
        "eventbridge/eventbridge-edge-ecs-state-change.json",
    ))
    .unwrap();
    let EventbridgeData::Ecs(ecs) = &event.first().unwrap().data else {
        panic!("an ECS event")
    };
    assert_eq!(ecs.instance_id(), Some("i-bp1ecr5go2go1****"));
    assert_eq!(ecs.state(), Some("Stopping"));
    assert_eq!(ecs.resource_type(), Some("ALIYUN::ECS::Instance"));
    assert_eq!(ecs.region_id(), None);
    let other: fc_events::eventbridge::EcsData =
        fc_events::eventbridge::EcsData(json!({"resourceId": "d-disk"}).into());
    assert_eq!(other.instance_id(), None, "a disk is not an instance");
}

/// Decodes `input` (data that does not fit its OSS model), and checks that the event still decodes,
/// says why it has no typed view, re-encodes to the input (values and number text), and that
/// validation reports the misfit at `pointer`.
fn assert_unfit(input: &[u8], pointer: &str, code: &'static str) {
    let event = Event::from_slice_as(TriggerKind::Eventbridge, input)
        .unwrap_or_else(|e| panic!("data that does not fit its model failed the event: {e}"));
    let Event::Eventbridge(events) = &event else {
        panic!("an EventBridge event")
    };
    let unfit: Vec<_> = events.iter().filter_map(|e| e.data.typed_error()).collect();
    assert_eq!(unfit.len(), 1, "one record has no typed view");
    assert!(events
        .iter()
        .all(|e| e.data.as_oss().is_some() || e.data.as_json().is_some()));
    let out = event.to_vec().unwrap();
    let a = common::json_text::parse(std::str::from_utf8(input).unwrap()).unwrap();
    let b = common::json_text::parse(std::str::from_utf8(&out).unwrap()).unwrap();
    assert_eq!(a.sorted(), b.sorted(), "the data is kept as received");
    let faults: Vec<_> = event
        .validate()
        .into_iter()
        .map(|f| (f.pointer, f.code))
        .collect();
    assert_eq!(faults, [(pointer.to_owned(), code)]);
    // The CBOR rendering decodes again (found by the `json_cbor` fuzz target on a real payload):
    // CBOR is read as leniently as JSON, so the misfit is kept, not an error.
    #[cfg(feature = "cbor")]
    {
        use fc_events::Payload;
        let cbor = events.to_cbor_vec().unwrap();
        let back: EventbridgeEvent = serde_cbor::from_slice(&cbor)
            .unwrap_or_else(|e| panic!("the CBOR rendering does not decode: {e}"));
        assert_eq!(back.to_json_vec().unwrap(), events.to_json_vec().unwrap());
        let unfit = back.iter().filter(|e| e.data.typed_error().is_some());
        assert_eq!(unfit.count(), 1);
    }
    // Through the validation entry point too, with the misfit named.
    let report = validate_slice(None, input);
    assert!(!report.is_valid());
    assert!(
        report.faults[0].message.contains("an OSS object record"),
        "{:?}",
        report.faults
    );
}

#[test]
fn a_bad_oss_record_degrades_to_kept_data_located_in_either_member_order() {
    let mut v = oss_event();
    v["data"]["oss"]["object"]["size"] = json!("big");
    for input in [bytes(&v), data_first(&v)] {
        assert_unfit(&input, "/data/oss/object/size", code::TYPE);
    }
    let mut v = oss_event();
    v["data"]["oss"]["bucket"]
        .as_object_mut()
        .unwrap()
        .remove("name");
    let batch = json!([oss_event(), v]);
    assert_unfit(&bytes(&batch), "/1/data/oss/bucket/name", code::REQUIRED);
    let text = format!(
        "[{}, {}]",
        serde_json::to_string(&oss_event()).unwrap(),
        String::from_utf8(data_first(&batch[1])).unwrap()
    );
    assert_unfit(text.as_bytes(), "/1/data/oss/bucket/name", code::REQUIRED);
    // A fault outside `data` still fails the event, at its place.
    let mut v = oss_event();
    v["data"]["oss"]["object"]["size"] = json!("big");
    v["id"] = json!(1);
    let e = Event::from_slice_as(TriggerKind::Eventbridge, &bytes(&v)).unwrap_err();
    assert_eq!(e.pointer(), "/id", "{e}");
}

#[test]
fn data_a_value_cannot_hold_is_kept_not_lost() {
    let input = br#"{"id":"1","source":"my.app","specversion":"1.0","type":"t","time":"2024-01-01T00:00:00Z","aliyuneventbusname":"default","aliyunregionid":"cn-hangzhou","data":{"big":1E400,"n":123456789012345678901234567890}}"#;
    let event = Event::from_slice_as(TriggerKind::Eventbridge, input).unwrap();
    let out = event.to_vec().unwrap();
    let a = common::json_text::parse(std::str::from_utf8(input).unwrap()).unwrap();
    let b = common::json_text::parse(std::str::from_utf8(&out).unwrap()).unwrap();
    assert_eq!(a.sorted(), b.sorted());
    assert!(event.validate().is_empty(), "{:?}", event.validate());
    let Event::Eventbridge(events) = &event else {
        panic!()
    };
    // Custom data has no model to misfit: it is kept as its text.
    let data = &events.first().unwrap().data;
    assert!(data.typed_error().is_none());
    assert!(data.as_json_text().is_some());
    // A `serde_json::Value` cannot hold `1E400`: the value rendering says so, naming the place.
    match event.to_json_value() {
        Err(fc_events::EncodeError::Unrepresentable(e)) => {
            assert_eq!(e.pointer(), "/data/big", "{e}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn validation_checks_the_oss_record_and_the_type() {
    assert!(faults(&oss_event()).is_empty());
    let mut v = oss_event();
    v["data"]["eventTime"] = json!("13/08/2022");
    v["data"]["oss"]["object"]["size"] = json!(-1);
    assert_eq!(
        faults(&json!([v])),
        [
            ("/0/data/eventTime".to_owned(), code::FORMAT),
            ("/0/data/oss/object/size".to_owned(), code::RANGE)
        ]
    );
    let mut v: Value = serde_json::from_slice(&fixture(
        "eventbridge/eventbridge-edge-ecs-state-change.json",
    ))
    .unwrap();
    v[0]["type"] = json!("oss:Instance:StateChange");
    assert_eq!(faults(&v), [("/0/type".to_owned(), code::CONSISTENCY)]);
}

#[derive(Debug, Deserialize)]
struct Custom {
    number: u32,
}

#[derive(Debug, Deserialize)]
struct Upload {
    oss: Oss,
}
#[derive(Debug, Deserialize)]
struct Oss {
    object: Object,
}
#[derive(Debug, Deserialize)]
struct Object {
    key: String,
}

#[test]
fn handler_envelope_reads_data() {
    let custom = EventbridgeEvent::from_slice(&fixture(
        "eventbridge/eventbridge-edge-custom-delivered.json",
    ))
    .unwrap();
    let numbers = custom.parse_records::<Custom>().into_result().unwrap();
    assert_eq!(numbers[0].number, 100);
    let oss = EventbridgeEvent::from_slice(&bytes(&oss_event())).unwrap();
    let uploads = oss.parse_records::<Upload>().into_result().unwrap();
    assert_eq!(uploads[0].oss.object.key, "source/a.png");
    let err = oss.parse_records::<Custom>().into_result().unwrap_err();
    assert_eq!(err.pointer, "/data");
    assert_eq!(
        err.id.as_deref(),
        Some("4bb9b4a4-1c2e-4c7d-9d77-6b1c2f3e****")
    );
}

#[test]
fn block_storage_events_from_the_documentation_are_typed() {
    let dir = std::path::Path::new("tests/fixtures/real/eventbridge");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Ok(event) = EventbridgeEvent::from_slice(&std::fs::read(&path).unwrap()) else {
            continue; // malformed as published: the corpus test checks those
        };
        let first = event.first().unwrap();
        if first.source != "acs.ebs" {
            continue;
        }
        seen += 1;
        let ebs = first
            .data
            .as_ebs()
            .unwrap_or_else(|| panic!("{name}: not typed"));
        assert_eq!(
            first.ty,
            format!("ebs:{}:{}", ebs.event_category, ebs.event_name),
            "{name}"
        );
        assert!(ebs.start_time().is_some(), "{name}");
        assert!(
            ebs.extra_attributes.get("EcsInstanceId").is_some(),
            "{name}"
        );
    }
    assert_eq!(seen, 10);
    // A start time that is not a number does not fit the model: kept, and reported at its place.
    let mut v: Value = serde_json::from_slice(
        &std::fs::read(
            dir.join("aliyun-eventbridge-doc-block-storage-events__ebs-NoSnapshot__1.json"),
        )
        .unwrap(),
    )
    .unwrap();
    v["data"]["startTime"] = json!("yesterday");
    assert_eq!(faults(&v), [("/data/startTime".to_owned(), code::TYPE)]);
}
