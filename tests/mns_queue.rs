//! MNS queue trigger: base64 bodies, handler envelope, malformed and invalid payloads.

mod common;

use fc_events::mns_queue::{MnsQueueData, MnsQueueEvent};
use fc_events::validate::{code, validate_slice};
use fc_events::{Event, TriggerKind};
use serde::Deserialize;
use serde_json::{json, Value};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("tests/fixtures/mns-queue/{name}")).unwrap()
}

fn event(body: &str) -> Value {
    json!({
        "id": format!("id-{body}"), "source": "MNS-f-t", "specversion": "1.0",
        "type": "mns:Queue:SendMessage", "datacontenttype": "application/json; charset=utf-8",
        "subject": "acs:mns:cn-hangzhou:1:queues/q", "time": "2021-04-08T06:28:17.093Z",
        "aliyunaccountid": "1", "aliyunpublishtime": "2021-10-15T07:06:34.028Z",
        "aliyunoriginalaccountid": "1", "aliyuneventbusname": "MNS-f-t",
        "aliyunregionid": "cn-hangzhou", "aliyunpublishaddr": "42.120.XX.XX",
        "data": {"requestId": "r", "messageId": "m", "messageBody": body}
    })
}

fn data(body: &str) -> MnsQueueData {
    serde_json::from_value(event(body)["data"].clone()).unwrap()
}

#[test]
fn base64_bodies_decode_and_plain_ones_are_reported() {
    let one =
        MnsQueueEvent::from_slice(&fixture("mns-queue-awesome-fc-code-example-1.json")).unwrap();
    let body = one.first().unwrap().data.as_typed().unwrap();
    assert_eq!(
        body.decode_body_base64().unwrap(),
        b"mock mns queue message"
    );
    // The published sample without its `=` padding still decodes.
    let three =
        MnsQueueEvent::from_slice(&fixture("mns-queue-awesome-fc-code-example-3.json")).unwrap();
    assert_eq!(
        three.first().unwrap().data.as_typed().unwrap().body_text(),
        "mock mns queue message\n"
    );
    // "TEST" happens to be base64, of bytes that are not text: the text helper keeps it as is.
    assert_eq!(
        data("TEST").decode_body_base64().unwrap(),
        [0x4c, 0x44, 0x93]
    );
    assert_eq!(data("TEST").body_text(), "TEST");
    // Not base64: the error says why.
    let e = data("hello world!").decode_body_base64().unwrap_err();
    assert_eq!(e.to_string(), "invalid symbol byte 0x20 at offset 5", "{e}");
    assert!(data("ab=c").decode_body_base64().is_err());
    assert_eq!(data("").decode_body_base64().unwrap(), b"");
}

#[derive(Debug, Deserialize, PartialEq)]
struct Order {
    #[serde(rename = "orderId")]
    order_id: u32,
}

#[test]
fn handler_envelope_reads_json_text_or_base64_and_keeps_failed_records() {
    let batch = json!([
        event(r#"{"orderId": 1}"#),
        event("eyJvcmRlcklkIjogMn0="), // base64 of {"orderId": 2}
        event("TEST"),
        event("eyJvcmRlcklkIjogM30"), // unpadded base64 of {"orderId": 3}
    ]);
    let decoded = MnsQueueEvent::from_slice(&serde_json::to_vec(&batch).unwrap()).unwrap();
    let parsed = decoded.parse_records::<Order>();
    let ok: Vec<u32> = parsed.successes().map(|(_, o)| o.order_id).collect();
    assert_eq!(ok, [1, 2, 3]);
    let failed: Vec<_> = parsed.failures().collect();
    assert_eq!(failed.len(), 1);
    let (record, err) = failed[0];
    assert_eq!(
        record.data.as_typed().unwrap().message_body,
        "TEST",
        "the original record is kept"
    );
    assert_eq!(err.index, 2);
    assert_eq!(err.id.as_deref(), Some("id-TEST"));
    assert_eq!(err.pointer, "/2/data/messageBody");
    assert_eq!(parsed.failed_ids(), ["id-TEST"]);
    assert!(!parsed.all_ok());

    // Plain-text handlers: base64 of text is decoded, other text is taken as is.
    let texts = decoded.parse_records::<String>().into_result().unwrap();
    assert_eq!(
        texts,
        [
            r#"{"orderId": 1}"#,
            r#"{"orderId": 2}"#,
            "TEST",
            r#"{"orderId": 3}"#
        ]
    );

    // A single event: pointers start at the root.
    let one = MnsQueueEvent::from_slice(&serde_json::to_vec(&event("nope")).unwrap()).unwrap();
    let err = one.parse_records::<Order>().into_result().unwrap_err();
    assert_eq!((err.index, err.pointer.as_str()), (0, "/data/messageBody"));
}

#[test]
fn data_that_is_not_a_queue_message_degrades_and_is_located() {
    let mut v = event("x");
    v["data"]["messageBody"] = json!(42);
    let input = serde_json::to_vec(&json!([event("a"), v])).unwrap();
    assert_eq!(
        common::degrades(TriggerKind::MnsQueue, &input, &[1]),
        common::one_fault("/1/data/messageBody", code::TYPE)
    );
    let batch = MnsQueueEvent::from_slice(&input).unwrap();
    assert!(batch.as_slice()[0].data.typed().is_ok());
    let unfit = batch.as_slice()[1].data.typed().unwrap_err();
    assert_eq!(unfit.expected, "an MNS queue message");
    assert_eq!(
        (unfit.error.pointer(), unfit.error.code),
        ("/messageBody", code::TYPE)
    );
    // A plain serde decode stays strict.
    assert!(serde_json::from_slice::<MnsQueueEvent>(&input).is_err());

    let mut v = event("x");
    v["data"].as_object_mut().unwrap().remove("messageId");
    assert_eq!(
        common::degrades(
            TriggerKind::MnsQueue,
            &serde_json::to_vec(&v).unwrap(),
            &[0]
        ),
        common::one_fault("/data/messageId", code::REQUIRED)
    );

    let mut v = event("x");
    v["data"] = json!("a string");
    assert_eq!(
        common::degrades(
            TriggerKind::MnsQueue,
            &serde_json::to_vec(&v).unwrap(),
            &[0]
        ),
        common::one_fault("/data", code::TYPE)
    );

    // A fault outside `data` still fails the event, at its place.
    let mut v = event("x");
    v["data"]["messageBody"] = json!(42);
    v["subject"] = json!(7);
    let e =
        Event::from_slice_as(TriggerKind::MnsQueue, &serde_json::to_vec(&v).unwrap()).unwrap_err();
    assert_eq!((e.pointer(), e.code), ("/subject", code::TYPE));
}

#[test]
fn unknown_data_members_are_kept() {
    let mut v = event("x");
    v["data"]["messageTag"] = json!("new");
    let decoded =
        Event::from_slice_as(TriggerKind::MnsQueue, &serde_json::to_vec(&v).unwrap()).unwrap();
    let again: Value = serde_json::from_slice(&decoded.to_vec().unwrap()).unwrap();
    assert_eq!(again, v);
}

#[test]
fn validation_rules() {
    let ok = serde_json::to_vec(&event("x")).unwrap();
    assert!(validate_slice(Some(TriggerKind::MnsQueue), &ok).is_valid());
    let mut v = event("x");
    v["data"]["messageId"] = json!("");
    let report = validate_slice(
        Some(TriggerKind::MnsQueue),
        &serde_json::to_vec(&v).unwrap(),
    );
    let got: Vec<_> = common::pointer_codes(&report.faults);
    assert_eq!(got, [("/data/messageId", code::FORMAT)]);
}
