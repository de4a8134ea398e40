//! CloudMonitor / ECS system events: typed access, malformed input and every validation rule (a
//! passing and a failing case with the exact pointer and code).

mod common;

use fc_events::system_event::{
    SystemEvent, SystemEventContent, SystemEventLevel, SystemEventStatus, SystemEventType,
};
use fc_events::validate::validate_slice;
use fc_events::{Event, Payload, TriggerKind};
use serde_json::{json, Value};

fn ecs() -> Value {
    json!({
        "product": "ECS",
        "content": {
            "executeFinishTime": "2018-06-08T01:25:37Z",
            "executeStartTime": "2018-06-08T01:23:37Z",
            "ecsInstanceName": "timewarp",
            "eventId": "e-t4nhcpqcu8fqushpn3mm",
            "eventType": "SystemFailure.Reboot",
            "ecsInstanceId": "i-bp18l0uopocfcl8xxxx"
        },
        "resourceId": "acs:ecs:cn-hangzhou:12345678:instance/i-bp18l0uopocfcl8xxxx",
        "level": "CRITICAL",
        "instanceName": "instanceName",
        "status": "Executing",
        "name": "Instance:SystemFailure.Reboot:Executing",
        "regionId": "cn-hangzhou"
    })
}

fn callback() -> Value {
    let path = common::fixtures_dir()
        .join("system-event/system-event-cms-callback-doc-59543137647-1.json");
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// Validated with detection, so every case also proves the payload is taken as a system event.
fn faults(value: &Value) -> Vec<(String, &'static str)> {
    let report = validate_slice(None, value.to_string().as_bytes());
    assert_eq!(report.kind, Some(TriggerKind::SystemEvent));
    report
        .faults
        .into_iter()
        .map(|f| (f.pointer, f.code))
        .collect()
}

fn one(pointer: &str, code: &'static str) -> Vec<(String, &'static str)> {
    common::one_fault(pointer, code)
}

#[test]
fn both_shapes_decode_with_typed_access() {
    let e: SystemEvent = serde_json::from_value(ecs()).unwrap();
    assert!(e.is_ecs());
    assert_eq!(e.level, SystemEventLevel::Critical);
    assert_eq!(e.status, Some(SystemEventStatus::Executing));
    assert_eq!(e.event_time, None);
    let c = e.ecs_content().unwrap();
    assert_eq!(c.event_type, Some(SystemEventType::SystemFailureReboot));
    assert_eq!(
        c.execute_finish_time
            .as_ref()
            .unwrap()
            .to_utc()
            .unwrap()
            .timestamp(),
        1_528_421_137
    );

    let e: SystemEvent = serde_json::from_value(callback()).unwrap();
    assert_eq!(e.event_type, Some(SystemEventType::StatusNotification));
    assert_eq!(e.status, Some(SystemEventStatus::Normal));
    let t = e.event_time.as_ref().unwrap();
    assert_eq!(t.as_str(), "20230217T103516.475+0800");
    assert_eq!(
        t.to_datetime().unwrap().timestamp_millis(),
        1_676_601_316_475
    );
    let name = e.name_parts().unwrap();
    assert_eq!(
        (name.resource, name.event, name.status),
        ("Instance", "StateChange", None)
    );
    let c = e.ecs_content().unwrap();
    assert_eq!(c.state.as_deref(), Some("Deleted"));
    assert_eq!(c.instance_type.as_deref(), Some("ecs.c6e.large"));
}

#[test]
fn content_as_a_string_reads_like_an_object() {
    let mut v = callback();
    v["content"] = json!(v["content"].to_string());
    let e: SystemEvent = serde_json::from_value(v.clone()).unwrap();
    assert!(e.content.is_string());
    assert_eq!(e.ecs_content().unwrap().state.as_deref(), Some("Deleted"));
    assert_eq!(e.to_json_value().unwrap(), v, "kept as a string");
    assert!(faults(&v).is_empty());
}

#[test]
fn content_errors_point_into_content() {
    // An object is typed while decoding.
    let mut v = ecs();
    v["content"]["eventType"] = json!(5);
    let err = SystemEvent::from_slice(v.to_string().as_bytes()).unwrap_err();
    assert_eq!((err.pointer(), err.code), ("/content/eventType", "type"));

    // A string holding JSON is typed on request.
    let mut v = ecs();
    v["content"] = json!(r#"{"eventId":"e-1","eventType":5}"#);
    let e: SystemEvent = serde_json::from_value(v).unwrap();
    let err = e.content_as::<SystemEventContent>().unwrap_err();
    assert_eq!(err.pointer(), "/content/eventType");
    assert_eq!(err.path(), "content.eventType");
    assert_eq!(err.code, "type");

    let mut v = ecs();
    v["content"] = json!("plain text");
    let e: SystemEvent = serde_json::from_value(v).unwrap();
    assert_eq!(e.ecs_content().unwrap_err().pointer(), "/content");
}

#[test]
fn unknown_values_are_kept() {
    let mut v = ecs();
    v["status"] = json!("Paused");
    v["eventType"] = json!("Future.Event");
    v["newMember"] = json!({"x": [1]});
    let e: SystemEvent = serde_json::from_value(v.clone()).unwrap();
    assert_eq!(e.status, Some(SystemEventStatus::Other("Paused".into())));
    assert!(!e.event_type.as_ref().unwrap().is_known());
    assert_eq!(e.to_json_value().unwrap(), v);
}

#[test]
fn valid_events_are_clean() {
    assert!(faults(&ecs()).is_empty());
    assert!(faults(&callback()).is_empty());
}

#[test]
fn level_is_a_closed_set() {
    for ok in ["CRITICAL", "WARN", "INFO"] {
        let mut v = ecs();
        v["level"] = json!(ok);
        assert!(faults(&v).is_empty(), "{ok}");
    }
    let mut v = ecs();
    v["level"] = json!("DEBUG");
    assert_eq!(faults(&v), one("/level", "enum"));
    v["level"] = json!("info");
    assert_eq!(faults(&v), one("/level", "enum"));
}

#[test]
fn event_time_is_basic_iso() {
    let mut v = callback();
    v["eventTime"] = json!("20230217T103516Z");
    assert!(faults(&v).is_empty());
    v["eventTime"] = json!("2023-02-17T10:35:16.475+08:00");
    assert_eq!(faults(&v), one("/eventTime", "format"));
}

#[test]
fn content_times_are_rfc3339() {
    let mut v = ecs();
    v["content"]["notBefore"] = json!("2018-06-08T01:20:00Z");
    assert!(faults(&v).is_empty());
    v["content"]["executeStartTime"] = json!("20180608T012337Z");
    assert_eq!(faults(&v), one("/content/executeStartTime", "format"));
}

#[test]
fn content_is_an_object_or_a_string() {
    for bad in [json!(1), json!(null), json!([])] {
        let mut v = ecs();
        v["content"] = bad;
        assert_eq!(faults(&v), one("/content", "type"));
    }
}

#[test]
fn name_agrees_with_content_event_type() {
    // The FC guide's own example: content says InstanceFailure, the name says SystemFailure.
    let path = common::fixtures_dir().join("invalid/system-event/system-event-seed-ecs-1.json");
    let bytes = std::fs::read(path).unwrap();
    let report = validate_slice(None, &bytes);
    assert_eq!(report.kind, Some(TriggerKind::SystemEvent));
    let got: Vec<_> = common::pointer_codes(&report.faults);
    assert_eq!(got, [("/name", "consistency")]);
    assert!(
        report.faults[0].message.contains("InstanceFailure.Reboot"),
        "{}",
        report.faults[0]
    );
}

#[test]
fn name_agrees_with_status() {
    let mut v = ecs();
    v["status"] = json!("Executed");
    assert_eq!(faults(&v), one("/name", "consistency"));
    v["name"] = json!("Instance:SystemFailure.Reboot:Executed");
    assert!(faults(&v).is_empty());
}

#[test]
fn name_agrees_with_a_top_level_ecs_event_code() {
    let mut v = ecs();
    v["eventType"] = json!("SystemFailure.Reboot");
    assert!(faults(&v).is_empty());
    v["eventType"] = json!("SystemMaintenance.Reboot");
    assert_eq!(faults(&v), one("/name", "consistency"));
    // A CloudMonitor category is not an event code: not compared.
    v["eventType"] = json!("StatusNotification");
    assert!(faults(&v).is_empty());
}

#[test]
fn name_rule_applies_to_ecs_three_part_names_only() {
    let mut v = ecs();
    v["product"] = json!("RDS");
    v["status"] = json!("Executed");
    assert!(faults(&v).is_empty(), "not ECS");
    let mut v = ecs();
    v["name"] = json!("Instance:StateChange");
    assert!(faults(&v).is_empty(), "no status part");
}

#[test]
fn malformed_inputs_name_the_place() {
    let mut v = ecs();
    v.as_object_mut().unwrap().remove("level");
    assert_eq!(faults(&v), one("/level", "required"));

    let mut v = callback();
    v["eventTime"] = json!(20230217);
    assert_eq!(faults(&v), one("/eventTime", "type"));

    let e = Event::from_slice_as(
        TriggerKind::SystemEvent,
        br#"{"product":"ECS","content":{}"#,
    )
    .unwrap_err();
    assert_eq!(e.code, "syntax");
}

#[test]
fn sample_decodes_validates_and_is_detected() {
    let bytes = fc_events::samples::sample(TriggerKind::SystemEvent).unwrap();
    let event = Event::from_slice(bytes).unwrap();
    assert_eq!(event.kind(), TriggerKind::SystemEvent);
    assert!(event.validate().is_empty());
}

#[test]
fn name_parts_take_two_or_three_parts() {
    let parts = |name: &str| {
        let mut v = ecs();
        v["name"] = json!(name);
        let e: SystemEvent = serde_json::from_value(v).unwrap();
        e.name_parts().map(|p| {
            (
                p.resource.to_owned(),
                p.event.to_owned(),
                p.status.map(str::to_owned),
            )
        })
    };
    let own = |r: &str, e: &str, s: Option<&str>| {
        Some((r.to_owned(), e.to_owned(), s.map(str::to_owned)))
    };
    assert_eq!(
        parts("Instance:StateChange"),
        own("Instance", "StateChange", None)
    );
    assert_eq!(
        parts("Instance:A.B:Executed"),
        own("Instance", "A.B", Some("Executed"))
    );
    assert_eq!(parts("a::"), own("a", "", Some("")));
    assert_eq!(parts("Instance"), None);
    assert_eq!(parts("a:b:c:d"), None);
}
