//! DataHub trigger: typed accessors, round trips, detection, located decode errors and validation.

mod common;

use common::roundtrip::assert_same_json;
use fc_events::datahub::{DatahubEvent, DatahubEventName, DatahubEventSource};
use fc_events::detect::detect;
use fc_events::validate::{code, validate_slice};
use fc_events::{Event, TriggerKind};
use serde_json::{json, Value};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("tests/fixtures/datahub/{name}")).unwrap()
}

fn payload() -> Value {
    json!({
        "eventSource": "acs:datahub",
        "eventName": "acs:datahub:putRecord",
        "eventSourceARN": "/projects/p/topics/t",
        "region": "cn-hangzhou",
        "records": [
            {"eventId": "0:12345", "systemTime": 1463000123000u64, "data": "[\"a\",\"b\"]"},
            {"eventId": "1:7", "systemTime": 1463000156000u64, "data": "[\"c\",null]"}
        ]
    })
}

fn bytes(v: &Value) -> Vec<u8> {
    serde_json::to_vec(v).unwrap()
}

#[test]
fn published_payloads_give_project_topic_shards_times_and_columns() {
    let e = DatahubEvent::from_slice(&fixture("datahub-gh-user-notes-46559450802-1.json")).unwrap();
    assert_eq!(e.event_source, DatahubEventSource::Datahub);
    assert_eq!(e.event_name, DatahubEventName::PutRecord);
    assert_eq!(
        e.project_and_topic(),
        Some(("test_project_name", "test_topic_name"))
    );
    assert_eq!(e.region, "cn-hangzhou");
    let ids: Vec<_> = e
        .records
        .iter()
        .map(|r| r.shard_and_sequence().unwrap())
        .collect();
    assert_eq!(ids, [("0", 12345), ("0", 12346)]);
    let times: Vec<_> = e
        .records
        .iter()
        .map(|r| r.system_time.to_datetime().unwrap().to_rfc3339())
        .collect();
    assert_eq!(
        times,
        ["2016-05-11T20:55:23+00:00", "2016-05-11T20:55:56+00:00"]
    );
    assert_eq!(
        e.records[1].columns().unwrap(),
        [Some("f_ex_id".to_owned()), Some("f_symbol".to_owned())]
    );
}

#[test]
fn blob_records_keep_their_text() {
    let e = DatahubEvent::from_slice(&fixture("datahub-edge-blob-topic.json")).unwrap();
    assert_eq!(e.project(), Some("iot_logs"));
    assert_eq!(e.topic(), Some("device_blob"));
    // A sequence above 2^53 survives (it is text on the wire).
    assert_eq!(e.records[0].sequence(), Some(9_007_199_254_740_993));
    assert_eq!(
        e.records[0].data_base64().unwrap(),
        br#"{"device":"sensor-1","temp":21.5}"#
    );
    assert!(e.records[0].columns().is_err());
    assert_eq!(e.records[1].data, "plain text line é with a \"quote\"");
    assert_eq!(e.records[1].shard_id(), Some("12"));
    // Unknown members are kept, at the top and in records.
    assert!(e.extra.get("connectorId").is_some());
    assert!(e.records[1].extra.get("attributes").is_some());
}

#[test]
fn every_fixture_round_trips_value_for_value_and_number_text_for_number_text() {
    let mut seen = 0;
    for entry in std::fs::read_dir("tests/fixtures/datahub").unwrap() {
        let path = entry.unwrap().path();
        let input = std::fs::read(&path).unwrap();
        let event = Event::from_slice_as(TriggerKind::Datahub, &input).unwrap();
        assert_same_json(
            &path.display().to_string(),
            &input,
            &event.to_vec().unwrap(),
        );
        seen += 1;
    }
    assert!(seen >= 3, "found {seen} fixtures");
    // And one built here, with a 64-bit time.
    let v = payload();
    let out = DatahubEvent::from_slice(&bytes(&v)).unwrap();
    assert_same_json("built", &bytes(&v), &serde_json::to_vec(&out).unwrap());
}

#[test]
fn detection_picks_datahub_and_leaves_other_kinds_alone() {
    assert_eq!(detect(&bytes(&payload())).unwrap(), TriggerKind::Datahub);
    // Either clue is enough: the eventSource alone, or the ARN and records without it.
    let mut v = payload();
    v.as_object_mut().unwrap().remove("eventSource");
    assert_eq!(detect(&bytes(&v)).unwrap(), TriggerKind::Datahub);
    let only_source = json!({"eventSource": "acs:datahub", "records": "x"});
    assert_eq!(detect(&bytes(&only_source)).unwrap(), TriggerKind::Datahub);
    // OSS records carry `eventSource` inside `events`, not at the top: still OSS.
    let oss = fc_events::samples::sample(TriggerKind::Oss).unwrap();
    assert_eq!(detect(oss).unwrap(), TriggerKind::Oss);
    // `records` alone, or another eventSource, is no DataHub payload.
    for v in [
        json!({"records": []}),
        json!({"eventSource": "acs:oss", "region": "cn-hangzhou"}),
    ] {
        assert!(detect(&bytes(&v)).is_err(), "{v}");
    }
    // Every kind's sample is still detected as its kind (IoT is never detected; the API Gateway
    // response has the HTTP response's shape).
    for &kind in TriggerKind::ALL {
        let Some(sample) = fc_events::samples::sample(kind) else {
            continue;
        };
        let expected = match kind {
            TriggerKind::Iot => continue,
            TriggerKind::ApigwResponse => TriggerKind::HttpResponse,
            k => k,
        };
        assert_eq!(detect(sample).unwrap(), expected, "{kind}");
    }
}

#[test]
fn decode_errors_name_the_place() {
    let cases: [(&str, Value, &str, &str); 5] = [
        ("records", json!("x"), "/records", code::TYPE),
        (
            "systemTime",
            json!("1463000123000"),
            "/records/0/systemTime",
            code::TYPE,
        ),
        ("data", json!(["a", "b"]), "/records/0/data", code::TYPE),
        ("eventId", json!(12345), "/records/0/eventId", code::TYPE),
        ("eventSourceARN", Value::Null, "/eventSourceARN", code::TYPE),
    ];
    for (member, value, pointer, code) in cases {
        let mut v = payload();
        if member == "records" || member == "eventSourceARN" {
            v[member] = value;
        } else {
            v["records"][0][member] = value;
        }
        let e = Event::from_slice_as(TriggerKind::Datahub, &bytes(&v)).unwrap_err();
        assert_eq!((e.pointer(), e.code), (pointer, code), "{member}: {e}");
    }
    // A missing member is named where it should be.
    let mut v = payload();
    v["records"][1]
        .as_object_mut()
        .unwrap()
        .remove("systemTime");
    let e = Event::from_slice_as(TriggerKind::Datahub, &bytes(&v)).unwrap_err();
    assert_eq!(
        (e.pointer(), e.code),
        ("/records/1/systemTime", code::REQUIRED)
    );
}

#[test]
fn validation_reports_every_fault_with_its_pointer() {
    let mut v = payload();
    v["eventSource"] = json!("acs:oss");
    v["eventName"] = json!("acs:datahub:getRecord");
    v["eventSourceARN"] = json!("/projects/p/topics/");
    v["records"][0]["eventId"] = json!("0-12345");
    v["records"][1]["systemTime"] = json!(1463000156);
    let report = validate_slice(Some(TriggerKind::Datahub), &bytes(&v));
    let found: Vec<_> = report
        .faults
        .iter()
        .map(|f| (f.pointer.as_str(), f.code))
        .collect();
    assert_eq!(
        found,
        [
            ("/eventSource", code::ENUM),
            ("/eventName", code::ENUM),
            ("/eventSourceARN", code::FORMAT),
            ("/records/0/eventId", code::FORMAT),
            ("/records/1/systemTime", code::RANGE),
        ]
    );
    // Unknown values still decode and are kept.
    let e = DatahubEvent::from_slice(&bytes(&v)).unwrap();
    assert_eq!(e.event_source.as_str(), "acs:oss");
    assert!(!e.event_name.is_known());
    // A valid payload has no fault; an empty batch has one.
    assert!(validate_slice(None, &bytes(&payload())).is_valid());
    let mut v = payload();
    v["records"] = json!([]);
    let report = validate_slice(None, &bytes(&v));
    assert_eq!(report.kind, Some(TriggerKind::Datahub));
    assert_eq!(
        common::pointer_codes(&report.faults),
        [("/records", code::RANGE)]
    );
}

#[test]
fn the_round_trip_check_sees_a_respelled_number() {
    let respelled = std::panic::catch_unwind(|| assert_same_json("t", b"[1.50]", b"[1.5]"));
    assert!(respelled.is_err());
    let changed = std::panic::catch_unwind(|| assert_same_json("t", b"[1]", b"[2]"));
    assert!(changed.is_err());
    assert_same_json("t", br#"{"a":1,"b":2.50}"#, br#"{"b":2.50,"a":1}"#);
}
