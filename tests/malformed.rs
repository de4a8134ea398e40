//! Malformed payloads: each must fail with an error that names the place and the kind of fault.

use fc_events::{Event, TriggerKind};

/// Decodes `input` as `kind` and returns `(pointer, path, code)` of the error.
fn fault(kind: TriggerKind, input: &str) -> (String, String, &'static str) {
    let e = Event::from_slice_as(kind, input.as_bytes()).expect_err("must fail");
    assert_eq!(e.kind, Some(kind));
    (e.pointer().to_owned(), e.path().to_owned(), e.code)
}

const OSS: &str = r#"{"events":[{"eventName":"ObjectCreated:PutObject","eventSource":"acs:oss","eventTime":"2022-08-13T06:45:43.000Z","eventVersion":"1.0","region":"cn-hangzhou","oss":{"bucket":{"arn":"a","name":"b","ownerIdentity":"1"},"object":{"deltaSize":1,"key":"k","size":SIZE},"ossSchemaVersion":"1.0","ruleId":"r"},"requestParameters":{"sourceIPAddress":"1.1.1.1"},"responseElements":{"requestId":"x"},"userIdentity":{"principalId":"1"}}]}"#;

#[test]
fn oss_wrong_type_names_the_path() {
    let (ptr, path, code) = fault(TriggerKind::Oss, &OSS.replace("SIZE", "\"big\""));
    assert_eq!(ptr, "/events/0/oss/object/size");
    assert_eq!(path, "events[0].oss.object.size");
    assert_eq!(code, "type");
}

#[test]
fn oss_missing_member_points_where_it_should_be() {
    let input = OSS.replace("SIZE", "1").replace(r#""name":"b","#, "");
    let (ptr, _, code) = fault(TriggerKind::Oss, &input);
    assert_eq!(ptr, "/events/0/oss/bucket/name");
    assert_eq!(code, "required");
}

#[test]
fn oss_duplicate_member_is_rejected() {
    let input = OSS
        .replace("SIZE", "1")
        .replace(r#""key":"k""#, r#""key":"k","key":"j""#);
    let (ptr, _, _) = fault(TriggerKind::Oss, &input);
    assert_eq!(ptr, "/events/0/oss/object");
}

#[test]
fn oss_null_optional_is_absent_and_unknown_enum_kept() {
    let input = OSS
        .replace("SIZE", "5000000000")
        .replace(r#""eTag"#, r#""x"#)
        .replace("ObjectCreated:PutObject", "ObjectRestore:Completed")
        .replace(r#""key":"k""#, r#""key":"k","eTag":null"#);
    let e = fc_events::oss::OssEvent::from_slice(input.as_bytes()).unwrap();
    let rec = &e.events[0];
    assert_eq!(rec.oss.object.e_tag, None);
    assert_eq!(rec.oss.object.size, 5_000_000_000);
    assert_eq!(rec.event_name.as_str(), "ObjectRestore:Completed");
    assert!(!rec.event_name.is_known());
}

#[test]
fn timer_syntax_error_has_line_and_column() {
    let e = Event::from_slice_as(TriggerKind::Timer, b"{\n\"triggerTime\": }").unwrap_err();
    assert_eq!(e.code, "syntax");
    assert_eq!(e.line, Some(2));
}

#[test]
fn timer_payload_must_be_a_string() {
    let (ptr, _, code) = fault(
        TriggerKind::Timer,
        r#"{"triggerTime":"2023-12-26T07:49:00Z","triggerName":"t","payload":{"a":1}}"#,
    );
    assert_eq!(ptr, "/payload");
    assert_eq!(code, "type");
}

#[test]
fn trailing_garbage_is_a_syntax_error() {
    let e = Event::from_slice_as(
        TriggerKind::Timer,
        br#"{"triggerTime":"2023-12-26T07:49:00Z","triggerName":"t"} x"#,
    )
    .unwrap_err();
    assert_eq!(e.code, "syntax");
}

#[test]
fn undetectable_payload_is_reported() {
    let e = Event::from_slice(br#"{"hello":"world"}"#).unwrap_err();
    assert_eq!(e.code, "unknown-kind");
    assert!(e.message.contains("hello"), "{}", e.message);
    let e = Event::from_slice(b"[]").unwrap_err();
    assert_eq!(e.code, "unknown-kind");
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = format!(
        r#"{{"triggerTime":"2023-12-26T07:49:00Z","triggerName":"t","x":{}{}}}"#,
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let e = Event::from_slice_as(TriggerKind::Timer, deep.as_bytes()).unwrap_err();
    assert!(e.message.contains("recursion"), "{}", e.message);
    assert!(Event::from_slice(deep.as_bytes()).is_err());
}
