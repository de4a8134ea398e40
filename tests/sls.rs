//! SLS trigger: decoding, malformed payloads and validation rules.

mod common;

use fc_events::sls::SlsEvent;
use fc_events::validate::code;
use fc_events::{Event, TriggerKind};
use serde_json::{json, Value};

fn sample() -> Value {
    let bytes =
        std::fs::read(common::fixtures_dir().join("sls/sls-fc3-doc-trigger-event-formats-1.json"))
            .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

/// `(pointer, code)` of every fault of `value` validated as an SLS payload.
fn faults(value: &Value) -> Vec<(String, &'static str)> {
    common::faults_as(TriggerKind::Sls, value)
}

fn fault(pointer: &str, code: &'static str) -> Vec<(String, &'static str)> {
    common::one_fault(pointer, code)
}

#[test]
fn decodes_with_serde_and_keeps_the_parameter_as_any_json() {
    let bytes =
        std::fs::read(common::fixtures_dir().join("sls/sls-edge-parameter-json.json")).unwrap();
    let event: SlsEvent = serde_json::from_slice(&bytes).unwrap();
    let parameter = event.parameter.value().unwrap();
    assert_eq!(parameter["target"]["logstore"], "etl-out");
    assert_eq!(parameter["fields"][2], Value::Null);
    assert_eq!(event.source.shard_id, 7);
    assert_eq!(
        event.source.extra.get("topic").and_then(|v| v.as_str()),
        Some("unknown member inside source")
    );
    assert_eq!(
        event.extra.get("region").and_then(|v| v.as_str()),
        Some("cn-beijing")
    );
    assert_eq!(
        event.cursor_time.to_datetime().unwrap().timestamp(),
        1_700_000_000
    );
    let input: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(serde_json::to_value(&event).unwrap(), input);

    for parameter in [json!(null), json!([1, "a"]), json!("text"), json!(3.5)] {
        let mut v = sample();
        v["parameter"] = parameter.clone();
        let event: SlsEvent = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(event.parameter, parameter);
        assert_eq!(serde_json::to_value(&event).unwrap(), v);
    }
}

/// A change to the sample.
type Edit = fn(&mut Value);

#[test]
fn malformed_payloads_name_the_member() {
    let cases: Vec<(Edit, &str, &str)> = vec![
        (
            |v| v["source"]["shardId"] = json!("0"),
            "/source/shardId",
            "type",
        ),
        (
            |v| v["cursorTime"] = json!("1529486425"),
            "/cursorTime",
            "type",
        ),
        (
            |v| v["cursorTime"] = json!(1529486425.5),
            "/cursorTime",
            "type",
        ),
        (
            |v| {
                v["source"].as_object_mut().unwrap().remove("endCursor");
            },
            "/source/endCursor",
            "required",
        ),
        (
            |v| {
                v.as_object_mut().unwrap().remove("parameter");
            },
            "/parameter",
            "required",
        ),
        (|v| v["source"] = json!([]), "/source", "type"),
        (|v| v["jobName"] = json!(null), "/jobName", "type"),
    ];
    for (edit, pointer, code) in cases {
        let mut v = sample();
        edit(&mut v);
        let e = Event::from_slice_as(TriggerKind::Sls, v.to_string().as_bytes()).unwrap_err();
        assert_eq!(e.kind, Some(TriggerKind::Sls));
        assert_eq!((e.pointer(), e.code), (pointer, code), "{v}");
    }
}

#[test]
fn valid_sample_has_no_faults() {
    assert_eq!(faults(&sample()), vec![]);
}

#[test]
fn cursor_time_is_epoch_seconds() {
    let mut v = sample();
    v["cursorTime"] = json!(1_529_486_425_000_i64);
    assert_eq!(faults(&v), fault("/cursorTime", code::RANGE));
    v["cursorTime"] = json!(-1);
    assert_eq!(faults(&v), fault("/cursorTime", code::RANGE));
}

#[test]
fn shard_id_is_not_negative() {
    let mut v = sample();
    v["source"]["shardId"] = json!(3);
    assert_eq!(faults(&v), vec![]);
    v["source"]["shardId"] = json!(-1);
    assert_eq!(faults(&v), fault("/source/shardId", code::RANGE));
}

#[test]
fn project_logstore_and_endpoint_are_not_empty() {
    let mut v = sample();
    v["source"]["endpoint"] = json!("");
    v["source"]["projectName"] = json!("");
    v["source"]["logstoreName"] = json!("");
    assert_eq!(
        faults(&v),
        vec![
            ("/source/endpoint".to_owned(), code::FORMAT),
            ("/source/projectName".to_owned(), code::FORMAT),
            ("/source/logstoreName".to_owned(), code::FORMAT),
        ]
    );
}

#[test]
fn kind_and_sample_are_registered() {
    let sample = fc_events::samples::sample(TriggerKind::Sls).unwrap();
    let event = Event::from_slice(sample).unwrap();
    assert_eq!(event.kind(), TriggerKind::Sls);
    assert!(event.validate().is_empty());
}
