//! CDN trigger: parameter typing by event name, malformed payloads, validation rules and the
//! published samples that are invalid as published.

mod common;

use fc_events::cdn::{CdnEvent, CdnEventName, CdnEventParameter, CdnLogFileParameter};
use fc_events::validate::{code, validate_slice};
use fc_events::{Event, TriggerKind};
use serde_json::{json, Value};

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(common::fixtures_dir().join(path)).unwrap()
}

fn fixture_value(path: &str) -> Value {
    serde_json::from_slice(&fixture(path)).unwrap()
}

/// `(pointer, code)` of every fault of `value` validated as a CDN payload.
fn faults(value: &Value) -> Vec<(String, &'static str)> {
    common::faults_as(TriggerKind::Cdn, value)
}

fn fault(pointer: &str, code: &'static str) -> Vec<(String, &'static str)> {
    common::one_fault(pointer, code)
}

/// A valid CachedObjectsRefreshed payload.
fn cached() -> Value {
    fixture_value("cdn/cdn-fc3-doc-trigger-event-formats-2.json")
}

/// A valid LogFileCreated payload.
fn log_file() -> Value {
    fixture_value("cdn/cdn-fc3-doc-trigger-event-formats-1.json")
}

fn decode_err(value: &Value) -> fc_events::DecodeError {
    Event::from_slice_as(TriggerKind::Cdn, value.to_string().as_bytes()).unwrap_err()
}

#[test]
fn each_event_name_gets_its_parameter_shape() {
    let cases = [
        ("cdn/cdn-fc3-doc-trigger-event-formats-1.json", "LogFile"),
        (
            "cdn/cdn-fc3-doc-trigger-event-formats-2.json",
            "CachedObjects",
        ),
        ("cdn/cdn-edge-cached-objects-pushed.json", "CachedObjects"),
        ("cdn/cdn-edge-cached-objects-blocked.json", "CachedObjects"),
        (
            "cdn/cdn-fc3-doc-trigger-event-formats-3.json",
            "DomainStatus",
        ),
        ("cdn/cdn-edge-domain-stopped.json", "DomainStatus"),
        ("cdn/cdn-fc3-doc-trigger-event-formats-4.json", "Domain"),
        ("cdn/cdn-edge-domain-deleted.json", "Domain"),
    ];
    let mut names = Vec::new();
    for (path, expected) in cases {
        let event = CdnEvent::from_slice(&fixture(path)).unwrap();
        let record = &event.events[0];
        assert!(record.event_name.is_known(), "{path}");
        let variant = match &record.event_parameter {
            CdnEventParameter::LogFile(_) => "LogFile",
            CdnEventParameter::CachedObjects(_) => "CachedObjects",
            CdnEventParameter::DomainStatus(_) => "DomainStatus",
            CdnEventParameter::Domain(_) => "Domain",
            _ => "Other",
        };
        assert_eq!(variant, expected, "{path}");
        assert!(record.event_parameter.fits(&record.event_name), "{path}");
        names.push(record.event_name.as_str().to_owned());
    }
    names.sort();
    let mut known: Vec<_> = CdnEventName::KNOWN.iter().map(|s| s.to_string()).collect();
    known.sort();
    assert_eq!(names, known, "every known event name is covered");
}

#[test]
fn typed_accessors_read_the_documented_units() {
    let event =
        CdnEvent::from_slice(&fixture("cdn/cdn-fc3-doc-trigger-event-formats-1.json")).unwrap();
    let record = &event.events[0];
    assert_eq!(record.event_time.as_str(), "2018-06-14T15:31:49+08:00");
    assert_eq!(
        record.event_time.to_utc().unwrap().timestamp(),
        1_528_961_509
    );
    assert_eq!(record.resource.domain, "example.com");
    assert_eq!(record.event_parameter.domain(), Some("example.com"));
    let CdnEventParameter::LogFile(p) = &record.event_parameter else {
        panic!("{record:?}")
    };
    assert_eq!(p.start_datetime().unwrap().timestamp(), 1_528_959_600);
    assert_eq!(p.end_datetime().unwrap().timestamp(), 1_528_959_900);
    assert_eq!(p.file_size_bytes(), Some(1_788_115));
}

#[test]
fn numbers_sent_as_strings_decode_and_re_encode_as_strings() {
    let bytes = fixture("cdn/cdn-edge-log-file-numbers-as-strings.json");
    let event = CdnEvent::from_slice(&bytes).unwrap();
    let CdnEventParameter::LogFile(p) = &event.events[0].event_parameter else {
        panic!()
    };
    assert!(p.file_size.is_string());
    assert_eq!(p.file_size_bytes(), Some(5_368_709_120));
    assert_eq!(p.start_datetime().unwrap().timestamp(), 1_716_166_800);
    let out: Value = serde_json::to_value(&event).unwrap();
    assert_eq!(
        out["events"][0]["eventParameter"]["fileSize"],
        json!("5368709120")
    );
    assert_eq!(
        out["events"][0]["eventParameter"]["endTime"],
        json!("1716170400")
    );

    let event = CdnEvent::from_slice(&fixture(
        "cdn/cdn-edge-cached-objects-numbers-as-strings.json",
    ))
    .unwrap();
    let CdnEventParameter::CachedObjects(p) = &event.events[0].event_parameter else {
        panic!()
    };
    assert_eq!(p.task_id.as_i64(), Some(15_837_201_999));
    assert!(p.task_id.is_string());
    assert!(!p.complete_time.is_string());
    assert_eq!(p.create_datetime().unwrap().timestamp(), 1_716_167_400);
}

#[test]
fn unknown_event_names_keep_the_raw_parameter() {
    let input = fixture_value("cdn/cdn-edge-unknown-event.json");
    let event: CdnEvent = serde_json::from_value(input.clone()).unwrap();
    let record = &event.events[0];
    assert_eq!(
        record.event_name,
        CdnEventName::Other("CdnCertificateRenewed".into())
    );
    let CdnEventParameter::Other(raw) = &record.event_parameter else {
        panic!("{record:?}")
    };
    assert_eq!(raw.to_json(), input["events"][0]["eventParameter"]);
    assert_eq!(record.event_parameter.domain(), Some("static.example.com"));
    assert_eq!(
        record.extra.get("retries").and_then(|v| v.as_i64()),
        Some(0)
    );
    assert_eq!(serde_json::to_value(&event).unwrap(), input);
}

#[test]
fn parameter_before_name_is_typed_and_round_trips() {
    let bytes = fixture("cdn/cdn-edge-parameter-before-name.json");
    let event = CdnEvent::from_slice(&bytes).unwrap();
    let CdnEventParameter::CachedObjects(p) = &event.events[0].event_parameter else {
        panic!("{:?}", event.events[0])
    };
    assert_eq!(p.object_type.as_str(), "Directory");
    assert_eq!(
        p.extra.get("priority").and_then(|v| v.as_str()),
        Some("high")
    );
    let input: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(serde_json::to_value(&event).unwrap(), input);
}

#[test]
fn parameter_of_the_wrong_shape_is_located_in_either_member_order() {
    let mut v = fixture_value("cdn/cdn-fc3-doc-trigger-event-formats-4.json");
    v["events"][0]["eventName"] = json!("CdnDomainStarted");
    let e = decode_err(&v);
    assert_eq!(
        (e.pointer(), e.code),
        ("/events/0/eventParameter/status", "required")
    );

    // The same record with eventParameter written before eventName.
    let text = r#"{"events":[{"eventParameter":{"domain":"example.com","status":7},"eventName":"CdnDomainStopped","eventVersion":"1.0.0","eventSource":"cdn","region":"cn-hangzhou","eventTime":"2018-03-16T14:19:55+08:00","traceId":"t","resource":{"domain":"example.com"},"userIdentity":{"aliUid":"1"}}]}"#;
    let e = Event::from_slice_as(TriggerKind::Cdn, text.as_bytes()).unwrap_err();
    assert_eq!(
        (e.pointer(), e.code),
        ("/events/0/eventParameter/status", "type")
    );
    // Plain serde users get the inner place in the message.
    let e = serde_json::from_str::<CdnEvent>(text)
        .unwrap_err()
        .to_string();
    assert!(e.contains("eventParameter.status: invalid type"), "{e}");
}

#[test]
fn malformed_records_name_the_member() {
    let mut v = log_file();
    v["events"][0]["eventParameter"]["fileSize"] = json!(true);
    let e = decode_err(&v);
    assert_eq!(
        (e.pointer(), e.code),
        ("/events/0/eventParameter/fileSize", "type")
    );

    let mut v = cached();
    v["events"][0]["eventParameter"]["objectPath"] = json!("/a.mp4");
    let e = decode_err(&v);
    assert_eq!(
        (e.pointer(), e.code),
        ("/events/0/eventParameter/objectPath", "type")
    );

    let mut v = cached();
    v["events"][0]["eventParameter"] = json!(null);
    let e = decode_err(&v);
    assert_eq!((e.pointer(), e.code), ("/events/0/eventParameter", "type"));

    for member in [
        "eventName",
        "eventParameter",
        "eventTime",
        "userIdentity",
        "traceId",
    ] {
        let mut v = cached();
        v["events"][0].as_object_mut().unwrap().remove(member);
        let e = decode_err(&v);
        assert_eq!(
            (e.pointer(), e.code),
            (format!("/events/0/{member}").as_str(), "required"),
            "{member}"
        );
    }

    let mut v = cached();
    v["events"][0]["resource"] = json!({});
    let e = decode_err(&v);
    assert_eq!(
        (e.pointer(), e.code),
        ("/events/0/resource/domain", "required")
    );
}

#[test]
fn duplicate_members_are_rejected() {
    let text = String::from_utf8(fixture("cdn/cdn-fc3-doc-trigger-event-formats-4.json")).unwrap();
    for (from, to) in [
        (
            r#""eventParameter": { "domain": "example.com" }"#,
            r#""eventParameter": { "domain": "example.com" }, "eventParameter": {}"#,
        ),
        (
            r#""region": "cn-hangzhou""#,
            r#""region": "cn-hangzhou", "region": "cn-beijing""#,
        ),
        (
            r#""eventName": "CdnDomainAdded""#,
            r#""eventName": "CdnDomainAdded", "x": 1, "x": 2"#,
        ),
    ] {
        assert!(text.contains(from));
        let e =
            Event::from_slice_as(TriggerKind::Cdn, text.replace(from, to).as_bytes()).unwrap_err();
        assert!(e.message.contains("duplicate field"), "{e}");
        assert_eq!(e.pointer(), "/events/0");
    }
}

#[test]
fn cbor_rendering_round_trips() {
    for path in [
        "cdn/cdn-edge-unknown-event.json",
        "cdn/cdn-edge-log-file-numbers-as-strings.json",
        "cdn/cdn-devsapp-fc3-2.json",
    ] {
        let event = CdnEvent::from_slice(&fixture(path)).unwrap();
        let cbor = serde_cbor::to_vec(&event).unwrap();
        let back: CdnEvent = serde_cbor::from_slice(&cbor).unwrap();
        assert_eq!(back, event, "{path}");
    }
}

// ---- validation rules: one passing and one failing case each ----

#[test]
fn valid_samples_have_no_faults() {
    assert_eq!(faults(&cached()), vec![]);
    assert_eq!(faults(&log_file()), vec![]);
}

#[test]
fn event_time_must_be_rfc3339() {
    let mut v = cached();
    v["events"][0]["eventTime"] = json!("2018-03-16T14:19:55Z");
    assert_eq!(faults(&v), vec![]);
    v["events"][0]["eventTime"] = json!("2018-03-16 14:19:55");
    assert_eq!(faults(&v), fault("/events/0/eventTime", code::FORMAT));
}

#[test]
fn object_type_is_a_closed_set() {
    let mut v = cached();
    v["events"][0]["eventParameter"]["objectType"] = json!("Directory");
    assert_eq!(faults(&v), vec![]);
    v["events"][0]["eventParameter"]["objectType"] = json!("Folder");
    let report = validate_slice(Some(TriggerKind::Cdn), v.to_string().as_bytes());
    assert_eq!(report.faults.len(), 1);
    assert_eq!(
        report.faults[0].pointer,
        "/events/0/eventParameter/objectType"
    );
    assert_eq!(report.faults[0].code, code::ENUM);
    assert!(
        report.faults[0].message.contains("File, Directory"),
        "{}",
        report.faults[0]
    );
    assert!(
        report.faults[0].message.contains("\"Folder\""),
        "{}",
        report.faults[0]
    );
}

#[test]
fn numeric_strings_must_be_numbers() {
    let mut v = cached();
    v["events"][0]["eventParameter"]["taskId"] = json!("2089687230");
    assert_eq!(faults(&v), vec![]);
    v["events"][0]["eventParameter"]["taskId"] = json!("task-1");
    assert_eq!(
        faults(&v),
        fault("/events/0/eventParameter/taskId", code::TYPE)
    );
    v["events"][0]["eventParameter"]["taskId"] = json!(1.5);
    assert_eq!(
        faults(&v),
        fault("/events/0/eventParameter/taskId", code::TYPE)
    );

    let mut v = log_file();
    v["events"][0]["eventParameter"]["fileSize"] = json!("1.7 MB");
    assert_eq!(
        faults(&v),
        fault("/events/0/eventParameter/fileSize", code::TYPE)
    );
}

#[test]
fn epoch_second_times_are_in_range() {
    let mut v = log_file();
    v["events"][0]["eventParameter"]["startTime"] = json!(1_528_959_600_000_i64);
    v["events"][0]["eventParameter"]["endTime"] = json!(1_528_959_900_000_i64);
    assert_eq!(
        faults(&v),
        vec![
            ("/events/0/eventParameter/startTime".to_owned(), code::RANGE),
            ("/events/0/eventParameter/endTime".to_owned(), code::RANGE),
        ]
    );
    let mut v = cached();
    v["events"][0]["eventParameter"]["createTime"] = json!("0");
    assert_eq!(
        faults(&v),
        fault("/events/0/eventParameter/createTime", code::RANGE)
    );
}

#[test]
fn sizes_and_task_ids_are_not_negative() {
    let mut v = log_file();
    v["events"][0]["eventParameter"]["fileSize"] = json!(0);
    assert_eq!(faults(&v), vec![]);
    v["events"][0]["eventParameter"]["fileSize"] = json!(-1);
    assert_eq!(
        faults(&v),
        fault("/events/0/eventParameter/fileSize", code::RANGE)
    );
    let mut v = cached();
    v["events"][0]["eventParameter"]["taskId"] = json!("-5");
    assert_eq!(
        faults(&v),
        fault("/events/0/eventParameter/taskId", code::RANGE)
    );
}

#[test]
fn periods_do_not_end_before_they_start() {
    let mut v = log_file();
    v["events"][0]["eventParameter"]["endTime"] = json!(1_528_959_600);
    assert_eq!(faults(&v), vec![]);
    v["events"][0]["eventParameter"]["endTime"] = json!(1_528_959_000);
    assert_eq!(
        faults(&v),
        fault("/events/0/eventParameter/endTime", code::CONSISTENCY)
    );
    let mut v = cached();
    v["events"][0]["eventParameter"]["completeTime"] = json!(1_521_180_000);
    assert_eq!(
        faults(&v),
        fault("/events/0/eventParameter/completeTime", code::CONSISTENCY)
    );
}

#[test]
fn parameter_shape_must_match_the_event_name() {
    // Decoding always picks the shape from the name; a value built in code can disagree.
    let mut event =
        CdnEvent::from_slice(&fixture("cdn/cdn-fc3-doc-trigger-event-formats-4.json")).unwrap();
    assert!(fc_events::validate::validate(&event).is_empty());
    let mut parameter = CdnLogFileParameter::default();
    parameter.domain = "example.com".into();
    event.events[0].event_parameter = CdnEventParameter::LogFile(parameter);
    let found = fc_events::validate::validate(&event);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].pointer, "/events/0/eventParameter");
    assert_eq!(found[0].code, code::CONSISTENCY);
    assert!(found[0].message.contains("CdnDomainAdded"), "{}", found[0]);
    // An unknown name accepts any parameter (the parameter's own rules still apply).
    event.events[0].event_name = CdnEventName::from("CdnSomethingNew");
    let found = fc_events::validate::validate(&event);
    assert!(!found.is_empty());
    assert!(
        found.iter().all(|f| f.code != code::CONSISTENCY),
        "{found:?}"
    );
}

#[test]
fn all_faults_are_reported_together() {
    let mut v = cached();
    let p = &mut v["events"][0]["eventParameter"];
    p["objectType"] = json!("Folder");
    p["taskId"] = json!("x");
    p["createTime"] = json!(5);
    v["events"][0]["eventTime"] = json!("yesterday");
    assert_eq!(
        faults(&v),
        vec![
            ("/events/0/eventTime".to_owned(), code::FORMAT),
            (
                "/events/0/eventParameter/createTime".to_owned(),
                code::RANGE
            ),
            ("/events/0/eventParameter/objectType".to_owned(), code::ENUM),
            ("/events/0/eventParameter/taskId".to_owned(), code::TYPE),
        ]
    );
}

// ---- samples that are invalid as published ----

/// Checks that `path` is rejected with one syntax fault, detected or decoded as CDN, and returns the
/// line and column of the fault.
fn syntax_fault(path: &str) -> (usize, usize) {
    let bytes = fixture(path);
    for kind in [None, Some(TriggerKind::Cdn)] {
        let report = validate_slice(kind, &bytes);
        assert_eq!(report.faults.len(), 1, "{path}: {:?}", report.faults);
        assert_eq!(report.faults[0].code, code::SYNTAX, "{path}");
    }
    let e = Event::from_slice_as(TriggerKind::Cdn, &bytes).unwrap_err();
    assert_eq!(e.code, "syntax");
    (e.line.unwrap(), e.column.unwrap())
}

/// Removes the trailing commas the published samples have (`,` before `}`).
fn without_trailing_commas(bytes: &[u8]) -> Value {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ',' {
            let rest: String = chars.clone().collect();
            if rest.trim_start().starts_with('}') {
                continue;
            }
        }
        out.push(c);
    }
    serde_json::from_str(&out).unwrap()
}

#[test]
fn devsapp_log_file_sample_has_a_trailing_comma() {
    let path = "invalid/cdn/cdn-devsapp-fc3-4.json";
    // The comma ends line 22; the parser stops at the `}` after it.
    assert_eq!(syntax_fault(path), (23, 5));
    // With the comma removed it is a valid LogFileCreated event.
    let repaired = without_trailing_commas(&fixture(path));
    assert_eq!(faults(&repaired), vec![]);
    assert_eq!(
        repaired["events"][0]["eventParameter"],
        log_file()["events"][0]["eventParameter"]
    );
}

#[test]
fn devsapp_domain_added_sample_has_a_trailing_comma_and_the_wrong_name() {
    let path = "invalid/cdn/cdn-devsapp-fc3-3.json";
    // `"domain": "chongshi.alicdn.com",` then `}` on line 14.
    assert_eq!(syntax_fault(path), (14, 5));
    // With the comma removed, its eventName (CdnDomainStarted) asks for a `status` it lacks.
    let mut repaired = without_trailing_commas(&fixture(path));
    assert_eq!(repaired["events"][0]["eventName"], "CdnDomainStarted");
    assert_eq!(
        faults(&repaired),
        fault("/events/0/eventParameter/status", code::REQUIRED)
    );
    // Named as its file says, it is valid.
    repaired["events"][0]["eventName"] = json!("CdnDomainAdded");
    assert_eq!(faults(&repaired), vec![]);
}

#[test]
fn seed_domain_added_example_has_the_same_faults() {
    let path = "invalid/cdn/cdn-seed-5.json";
    assert_eq!(syntax_fault(path), (14, 1));
    let repaired = without_trailing_commas(&fixture(path));
    assert_eq!(
        faults(&repaired),
        fault("/events/0/eventParameter/status", code::REQUIRED)
    );
}

#[test]
fn seed_envelope_example_has_a_placeholder_parameter() {
    let bytes = fixture("invalid/cdn/cdn-seed-4.json");
    for kind in [None, Some(TriggerKind::Cdn)] {
        let report = validate_slice(kind, &bytes);
        assert_eq!(report.kind, Some(TriggerKind::Cdn));
        let got: Vec<_> = common::pointer_codes(&report.faults);
        assert_eq!(
            got,
            vec![("/events/0/eventParameter/domain", code::REQUIRED)]
        );
    }
}

#[test]
fn kind_and_sample_are_registered() {
    let sample = fc_events::samples::sample(TriggerKind::Cdn).unwrap();
    let event = Event::from_slice(sample).unwrap();
    assert_eq!(event.kind(), TriggerKind::Cdn);
    assert!(event.validate().is_empty());
}
