//! A member name given twice is rejected everywhere, with its place: in typed structs, among
//! unknown members (a handful or thousands), inside unknown members and untyped data kept as
//! text, and in sub-documents that are buffered before they can be typed.

use fc_events::{Event, TriggerKind};

/// Decodes `doc` as `kind`, which must fail for `name` given twice; returns the error's pointer
/// and message.
fn rejected(kind: TriggerKind, doc: &str, name: &str) -> (String, String) {
    let e = Event::from_slice_as(kind, doc.as_bytes())
        .expect_err("a member given twice must be rejected");
    assert!(
        e.message.contains(&format!("duplicate field `{name}`"))
            || e.message.contains(&format!("duplicate key `{name}`")),
        "{e}"
    );
    (e.pointer().to_owned(), e.message.clone())
}

const TIMER: &str = r#""triggerTime":"2023-12-26T07:49:00Z","triggerName":"t""#;

#[test]
fn among_unknown_members_few_and_many() {
    let (at, _) = rejected(
        TriggerKind::Timer,
        &format!(r#"{{{TIMER},"x":1,"x":2}}"#),
        "x",
    );
    assert_eq!(at, "");
    // Past the scanned prefix the names are hashed: the duplicate is still found, first or last.
    for dup in ["m0", "m4999"] {
        let members: String = (0..5_000).map(|i| format!(r#","m{i}":{i}"#)).collect();
        let doc = format!(r#"{{{TIMER}{members},"{dup}":0}}"#);
        rejected(TriggerKind::Timer, &doc, dup);
    }
    // The same names once each decode.
    let members: String = (0..5_000).map(|i| format!(r#","m{i}":{i}"#)).collect();
    assert!(Event::from_slice_as(
        TriggerKind::Timer,
        format!("{{{TIMER}{members}}}").as_bytes()
    )
    .is_ok());
}

#[test]
fn inside_an_unknown_member_kept_as_text() {
    let doc = format!(r#"{{{TIMER},"x":{{"a":[{{"b":1,"c":2,"b":3}}]}}}}"#);
    let (at, message) = rejected(TriggerKind::Timer, &doc, "b");
    assert_eq!(at, "/x");
    assert!(message.contains("at /a/0/b inside this value"), "{message}");
    // Names are compared unescaped.
    let doc = format!(r#"{{{TIMER},"x":{{"a":1,"\u0061":2}}}}"#);
    rejected(TriggerKind::Timer, &doc, "a");
    // Equal names in different objects are no duplicates.
    let doc = format!(r#"{{{TIMER},"x":{{"a":{{"a":1}},"b":{{"a":2}}}}}}"#);
    assert!(Event::from_slice_as(TriggerKind::Timer, doc.as_bytes()).is_ok());
}

const CE: &str = r#""id":"1","specversion":"1.0","time":"2024-01-01T00:00:00Z""#;

#[test]
fn in_eventbridge_data_in_place_and_buffered() {
    // Custom data, after `source` and `type` and before them (buffered).
    let custom = r#"{"a":1,"n":{"k":1,"k":2}}"#;
    for doc in [
        format!(r#"{{{CE},"source":"my.app","type":"my:Thing","data":{custom}}}"#),
        format!(r#"{{"data":{custom},{CE},"source":"my.app","type":"my:Thing"}}"#),
    ] {
        let (at, message) = rejected(TriggerKind::Eventbridge, &doc, "k");
        assert_eq!(at, "/data", "{doc}");
        assert!(message.contains("at /n/k inside this value"), "{message}");
    }
    // An OSS record buffered before `source`: typed afterwards, the duplicate is still found.
    let record =
        r#"{"eventName":"ObjectCreated:PutObject","eventName":"ObjectRemoved:DeleteObject"}"#;
    let doc = format!(
        r#"{{"data":{record},{CE},"source":"acs.oss","type":"oss:ObjectCreated:PutObject"}}"#
    );
    let (at, message) = rejected(TriggerKind::Eventbridge, &doc, "eventName");
    assert!(
        at.starts_with("/data") || message.contains("data"),
        "{at}: {message}"
    );
}

#[test]
fn in_a_cdn_parameter_before_its_event_name() {
    let doc = r#"{"events":[{"eventParameter":{"domain":"a.com","domain":"b.com","status":"offline"},
        "eventName":"CdnDomainStopped","eventVersion":"1.0.0","eventSource":"cdn","region":"cn-hangzhou",
        "eventTime":"2018-03-16T14:19:55+08:00","traceId":"t","resource":{"domain":"a.com"},
        "userIdentity":{"aliUid":"1"}}]}"#;
    let (at, message) = rejected(TriggerKind::Cdn, doc, "domain");
    assert!(
        at.starts_with("/events/0")
            && (at.contains("eventParameter") || message.contains("eventParameter")),
        "{at}: {message}"
    );
}

#[test]
fn in_kafka_records_sent_as_strings() {
    let record = |data: &str| {
        let inner = format!(
            r#"{{{CE},"source":"acs:alikafka","type":"alikafka:Topic:Message","data":{data}}}"#
        );
        format!("[{}]", serde_json::to_string(&inner).unwrap())
    };
    let base = r#""topic":"t","partition":1,"offset":2,"timestamp":1655952591589,"value":"v""#;
    // A modelled member twice, an unknown member twice, a name twice inside a header.
    for (data, name) in [
        (format!(r#"{{{base},"topic":"u"}}"#), "topic"),
        (format!(r#"{{{base},"x":1,"x":2}}"#), "x"),
        (
            format!(r#"{{{base},"headers":{{"headers":[{{"k":"a","k":"b"}}]}}}}"#),
            "k",
        ),
    ] {
        let (at, message) = rejected(TriggerKind::Kafka, &record(&data), name);
        assert!(at.starts_with("/0/data"), "{at}: {message}");
    }
}

#[test]
fn in_oss_user_metadata_which_keeps_its_order() {
    let doc = |meta: &str| {
        format!(
            r#"{{"events":[{{"eventName":"ObjectCreated:PutObject","eventSource":"acs:oss","eventTime":"2022-08-13T06:45:43.000Z","eventVersion":"1.0","oss":{{"bucket":{{"arn":"acs:oss:cn-hangzhou:1:b","name":"b","ownerIdentity":"1"}},"object":{{"deltaSize":1,"eTag":"e","key":"k","size":1,"objectMeta":{{"userMeta":{meta}}}}},"ossSchemaVersion":"1.0","ruleId":"r"}},"region":"cn-hangzhou","requestParameters":{{"sourceIPAddress":"1"}},"responseElements":{{"requestId":"1"}},"userIdentity":{{"principalId":"1"}}}}]}}"#
        )
    };
    let (at, _) = rejected(
        TriggerKind::Oss,
        &doc(r#"{"x-oss-meta-b":"1","x-oss-meta-b":"2"}"#),
        "x-oss-meta-b",
    );
    assert_eq!(at, "/events/0/oss/object/objectMeta/userMeta");
    // Names out of order come back in the order they arrived, value for value.
    let meta = r#"{"x-oss-meta-z":"1","x-oss-meta-a":"2","x-oss-meta-m":"3"}"#;
    let event = Event::from_slice_as(TriggerKind::Oss, doc(meta).as_bytes()).unwrap();
    let again = String::from_utf8(event.to_json_vec().unwrap()).unwrap();
    assert!(again.contains(&format!(r#""userMeta":{meta}"#)), "{again}");
}
