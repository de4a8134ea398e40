//! Asynchronous-invocation destination records: both timestamp forms, payload texts, ARNs, round
//! trips, detection against the HTTP request (which also has `requestContext`), errors and validation.

mod common;

use common::roundtrip::assert_same_json;
use fc_events::destination::{DestinationCondition, DestinationRecord, DestinationTime};
use fc_events::detect::detect;
use fc_events::validate::{code, validate_slice};
use fc_events::{Event, TriggerKind};
use serde_json::{json, Value};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("tests/fixtures/fc-destination/{name}")).unwrap()
}

fn record() -> Value {
    json!({
        "timestamp": 1600000000000u64,
        "requestContext": {
            "requestId": "r-1",
            "functionArn": "acs:fc:cn-hangzhou:123:services/s.LATEST/functions/f",
            "condition": "UnhandledInvocationError",
            "approximateInvokeCount": 3
        },
        "requestPayload": "{\"a\":1}",
        "responseContext": {"statusCode": 200, "functionError": "UnhandledInvocationError"},
        "responsePayload": "{\"errorMessage\":\"boom\"}"
    })
}

fn bytes(v: &Value) -> Vec<u8> {
    serde_json::to_vec(v).unwrap()
}

#[test]
fn the_published_failure_record_reads_as_documented() {
    let r =
        DestinationRecord::from_slice(&fixture("fc-destination-edge-dlq-unmasked-timestamp.json"))
            .unwrap();
    let c = &r.request_context;
    assert_eq!(c.condition, DestinationCondition::UnhandledInvocationError);
    assert_eq!(c.approximate_invoke_count, 1);
    let f = c.function().unwrap();
    assert_eq!(
        (f.region, f.account, f.service, f.qualifier, f.function),
        (
            "",
            "",
            Some("Destination-destination"),
            Some("LATEST"),
            "main"
        )
    );
    assert!(r.is_failure());
    // Status 200 even on failure.
    assert_eq!(r.response_context.status_code, 200);
    assert_eq!(r.request_payload_json(), Some(json!({"failure": true})));
    let error = r.response_payload_json().unwrap();
    assert_eq!(error["errorType"], "MyError");
    assert_eq!(error["stackTrace"][0][1], "line 13");
    assert!(matches!(r.timestamp, DestinationTime::Millis(_)));
    assert_eq!(r.timestamp.to_utc().unwrap().timestamp(), 1_600_000_000);
}

#[test]
fn a_stopped_task_has_no_condition_and_no_error() {
    let r = DestinationRecord::from_slice(&fixture(
        "fc-destination-edge-stateful-unmasked-repaired.json",
    ))
    .unwrap();
    assert_eq!(r.request_context.condition, DestinationCondition::None);
    assert_eq!(r.request_context.condition.as_str(), "");
    assert_eq!(r.response_context.function_error.as_deref(), Some(""));
    assert!(!r.is_failure());
    assert_eq!(r.response_payload_json(), Some(json!({"info": "true"})));
}

#[test]
fn the_documented_form_has_an_rfc3339_time_and_payloads_may_not_be_json() {
    let r = DestinationRecord::from_slice(&fixture("fc-destination-edge-fc2-doc-rfc3339.json"))
        .unwrap();
    let DestinationTime::Rfc3339(t) = &r.timestamp else {
        panic!("expected the string form: {:?}", r.timestamp);
    };
    assert_eq!(t.as_str(), "2020-08-20T12:00:00.000Z");
    assert_eq!(r.timestamp.to_utc().unwrap().timestamp(), 1_597_924_800);
    assert_eq!(r.request_payload_json(), None);
    assert_eq!(r.request_payload, "plain text event, not JSON");
    assert_eq!(
        r.request_context.condition,
        DestinationCondition::HandledInvocationError
    );
    let f = r.request_context.function().unwrap();
    assert_eq!(
        (f.region, f.account, f.qualifier),
        ("cn-hangzhou", "123456789012", Some("prod"))
    );
    assert!(r.extra.get("unknownMember").is_some());
    // FC 3.0: no service; no functionError member (decodes; validation requires it, see the
    // invalid fixture's sidecar); an empty response.
    let r = DestinationRecord::from_slice(
        &std::fs::read(
            "tests/fixtures/invalid/fc-destination/fc-destination-edge-fc3-function.json",
        )
        .unwrap(),
    )
    .unwrap();
    let f = r.request_context.function().unwrap();
    assert_eq!((f.service, f.function), (None, "my-func"));
    assert_eq!(r.response_context.function_error, None);
    assert_eq!(r.response_payload_json(), None);
    assert_eq!(r.request_payload_json().unwrap()["n"], 1.5);
}

#[test]
fn every_fixture_round_trips_value_for_value_and_number_text_for_number_text() {
    let mut seen = 0;
    for entry in std::fs::read_dir("tests/fixtures/fc-destination").unwrap() {
        let path = entry.unwrap().path();
        let input = std::fs::read(&path).unwrap();
        let event = Event::from_slice_as(TriggerKind::FcDestination, &input).unwrap();
        assert_same_json(
            &path.display().to_string(),
            &input,
            &event.to_vec().unwrap(),
        );
        seen += 1;
    }
    assert!(seen >= 3, "found {seen} fixtures");
    // Both timestamp forms keep their form; payload texts keep their escapes' meaning.
    for ts in [json!(1600000000000u64), json!("2020-08-20T12:00:00+08:00")] {
        let mut v = record();
        v["timestamp"] = ts;
        v["requestPayload"] = json!("line\n\"quoted\" \u{1F600}");
        let out = DestinationRecord::from_slice(&bytes(&v)).unwrap();
        assert_same_json("built", &bytes(&v), &serde_json::to_vec(&out).unwrap());
    }
}

#[test]
fn detection_tells_a_destination_record_from_an_http_request() {
    assert_eq!(
        detect(&bytes(&record())).unwrap(),
        TriggerKind::FcDestination
    );
    for name in [
        "fc-destination-edge-dlq-unmasked-timestamp.json",
        "fc-destination-edge-fc2-doc-rfc3339.json",
    ] {
        assert_eq!(
            detect(&fixture(name)).unwrap(),
            TriggerKind::FcDestination,
            "{name}"
        );
    }
    // The HTTP trigger's request also has `requestContext`, with `rawPath` and no `responseContext`.
    let http = fc_events::samples::sample(TriggerKind::HttpRequest).unwrap();
    assert_eq!(detect(http).unwrap(), TriggerKind::HttpRequest);
    // `requestContext` alone is neither.
    assert!(detect(br#"{"requestContext":{}}"#).is_err());
    // Without `responseContext` it is not detected as a destination record.
    let mut v = record();
    v.as_object_mut().unwrap().remove("responseContext");
    assert!(detect(&bytes(&v)).is_err());
}

#[test]
fn decode_errors_name_the_place() {
    let cases: [(&str, &str, Value, &str, &str); 5] = [
        ("", "timestamp", json!(1.5), "/timestamp", code::TYPE),
        ("", "timestamp", json!(true), "/timestamp", code::TYPE),
        (
            "",
            "requestPayload",
            json!({"a": 1}),
            "/requestPayload",
            code::TYPE,
        ),
        (
            "requestContext",
            "approximateInvokeCount",
            json!("3"),
            "/requestContext/approximateInvokeCount",
            code::TYPE,
        ),
        (
            "responseContext",
            "statusCode",
            Value::Null,
            "/responseContext/statusCode",
            code::TYPE,
        ),
    ];
    for (parent, member, value, pointer, code) in cases {
        let mut v = record();
        if parent.is_empty() {
            v[member] = value;
        } else {
            v[parent][member] = value;
        }
        let e = Event::from_slice_as(TriggerKind::FcDestination, &bytes(&v)).unwrap_err();
        assert_eq!((e.pointer(), e.code), (pointer, code), "{member}: {e}");
    }
    // A missing member is named where it should be.
    for (parent, member) in [("", "timestamp"), ("requestContext", "functionArn")] {
        let mut v = record();
        let at = if parent.is_empty() {
            &mut v
        } else {
            &mut v[parent]
        };
        at.as_object_mut().unwrap().remove(member);
        let e = Event::from_slice_as(TriggerKind::FcDestination, &bytes(&v)).unwrap_err();
        let pointer = if parent.is_empty() {
            format!("/{member}")
        } else {
            format!("/{parent}/{member}")
        };
        assert_eq!((e.pointer(), e.code), (pointer.as_str(), code::REQUIRED));
    }
    // The published records, timestamp masked as a bare `xxxx`, are not JSON.
    for name in [
        "fc-destination-awesome-fc-async-invocation-dlq-1.json",
        "fc-destination-awesome-fc-stateful-async-invocation-1.json",
    ] {
        let text = std::fs::read(format!("tests/fixtures/invalid/fc-destination/{name}")).unwrap();
        let e = Event::from_slice_as(TriggerKind::FcDestination, &text).unwrap_err();
        assert_eq!(
            (e.pointer(), e.code, e.line, e.column),
            ("/timestamp", code::SYNTAX, Some(1), Some(14)),
            "{name}"
        );
    }
}

#[test]
fn validation_reports_every_fault_with_its_pointer() {
    let mut v = record();
    v["timestamp"] = json!(1600000000);
    v["requestContext"]["functionArn"] = json!("acs:fc:cn-hangzhou:123:services/s.LATEST");
    v["requestContext"]["approximateInvokeCount"] = json!(0);
    v["requestContext"]["condition"] = json!("Success");
    v["responseContext"]["statusCode"] = json!(600);
    let report = validate_slice(Some(TriggerKind::FcDestination), &bytes(&v));
    assert_eq!(
        common::pointer_codes(&report.faults),
        [
            ("/timestamp", code::RANGE),
            ("/requestContext/functionArn", code::FORMAT),
            ("/requestContext/approximateInvokeCount", code::RANGE),
            ("/responseContext/statusCode", code::RANGE),
        ]
    );
    // An unknown condition is kept, not a fault (the set is open).
    let r = DestinationRecord::from_slice(&bytes(&v)).unwrap();
    assert_eq!(
        r.request_context.condition,
        DestinationCondition::Other("Success".into())
    );
    let mut v = record();
    v["timestamp"] = json!("2020-08-20T12:00:00");
    let report = validate_slice(None, &bytes(&v));
    assert_eq!(report.kind, Some(TriggerKind::FcDestination));
    assert_eq!(
        common::pointer_codes(&report.faults),
        [("/timestamp", code::FORMAT)]
    );
    assert!(validate_slice(None, &bytes(&record())).is_valid());
}
