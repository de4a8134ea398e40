//! Members that decoding leaves optional but every documented payload carries: a payload without one
//! decodes, and validation reports it at its place (with the record's index in a batch, and the
//! variant it is missing from where the kind has variants).

mod common;

use fc_events::validate::validate_slice;
use fc_events::{Event, TriggerKind};
use serde_json::{json, Value};

fn real(path: &str) -> Value {
    let bytes = std::fs::read(common::fixtures_dir().join("real").join(path)).unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

/// Decodes `v` as `kind` (it must decode) and returns its faults as (pointer, code, message).
fn faults(kind: TriggerKind, v: &Value) -> Vec<(String, &'static str, String)> {
    let bytes = serde_json::to_vec(v).unwrap();
    Event::from_slice_as(kind, &bytes).unwrap_or_else(|e| panic!("{kind}: {e}"));
    let report = validate_slice(Some(kind), &bytes);
    report
        .faults
        .iter()
        .map(|f| (f.pointer.clone(), f.code, f.message.clone()))
        .collect()
}

fn pointers<'a>(f: &'a [(String, &'static str, String)]) -> Vec<(&'a str, &'static str)> {
    f.iter().map(|(p, c, _)| (p.as_str(), *c)).collect()
}

#[test]
fn timer_payload() {
    let mut v = real("timer/awesome-fc-nodejs-timer-readme-en__log-capture__1.json");
    assert!(faults(TriggerKind::Timer, &v).is_empty());
    v.as_object_mut().unwrap().remove("payload");
    let f = faults(TriggerKind::Timer, &v);
    assert_eq!(pointers(&f), [("/payload", "required")]);
    assert!(
        f[0].2.contains("every documented timer event"),
        "{}",
        f[0].2
    );
}

#[test]
fn oss_etag_in_the_second_record_names_its_event_name() {
    let mut v = real("oss/oss__fc-runtime-go-sdk__1.json");
    let mut second = v["events"][0].clone();
    second["eventName"] = json!("ObjectRemoved:DeleteObject");
    second["oss"]["object"]
        .as_object_mut()
        .unwrap()
        .remove("eTag");
    v["events"].as_array_mut().unwrap().push(second);
    let f = faults(TriggerKind::Oss, &v);
    assert_eq!(pointers(&f), [("/events/1/oss/object/eTag", "required")]);
    assert!(
        f[0].2
            .contains("every documented `ObjectRemoved:DeleteObject` notification"),
        "{}",
        f[0].2
    );
    // `null` is absent too.
    v["events"][1]["oss"]["object"]["eTag"] = Value::Null;
    assert_eq!(
        pointers(&faults(TriggerKind::Oss, &v)),
        [("/events/1/oss/object/eTag", "required")]
    );
}

#[test]
fn destination_function_error() {
    let text = std::fs::read_to_string(
        common::fixtures_dir()
            .join("fc-destination/fc-destination-edge-dlq-unmasked-timestamp.json"),
    )
    .unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    assert!(faults(TriggerKind::FcDestination, &v).is_empty());
    v["responseContext"]
        .as_object_mut()
        .unwrap()
        .remove("functionError");
    assert_eq!(
        pointers(&faults(TriggerKind::FcDestination, &v)),
        [("/responseContext/functionError", "required")]
    );
}

#[test]
fn http_request_body_query_and_user_agent() {
    let mut v = real("http-request/http-fc3__devsapp-fc3__2.json");
    assert!(faults(TriggerKind::HttpRequest, &v).is_empty());
    v.as_object_mut().unwrap().remove("body");
    v["requestContext"]["http"]
        .as_object_mut()
        .unwrap()
        .remove("userAgent");
    assert_eq!(
        pointers(&faults(TriggerKind::HttpRequest, &v)),
        [
            ("/body", "required"),
            ("/requestContext/http/userAgent", "required")
        ]
    );
    v.as_object_mut().unwrap().remove("queryParameters");
    assert_eq!(
        pointers(&faults(TriggerKind::HttpRequest, &v)),
        [
            ("/body", "required"),
            ("/queryParameters", "required"),
            ("/requestContext/http/userAgent", "required")
        ]
    );
}

#[test]
fn tablestore_put_timestamp_in_the_second_record_names_the_column_type() {
    let mut v = real("tablestore/tablestore-json-view__fc3-doc-trigger-event-formats__1.json");
    assert!(faults(TriggerKind::Tablestore, &v).is_empty());
    let mut second = v["Records"][0].clone();
    let columns = second["Columns"].as_array_mut().unwrap();
    columns.truncate(1);
    columns[0].as_object_mut().unwrap().remove("Timestamp");
    // A delete of every version has no cell version: no fault there.
    columns.push(json!({"Type": "DeleteAllVersions", "ColumnName": "gone"}));
    v["Records"].as_array_mut().unwrap().push(second);
    let f = faults(TriggerKind::Tablestore, &v);
    assert_eq!(
        pointers(&f),
        [("/Records/1/Columns/0/Timestamp", "required")]
    );
    assert!(f[0].2.contains("every documented Put column"), "{}", f[0].2);
}
