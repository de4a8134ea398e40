//! DTS trigger: the invalid-as-published sample, Java ByteBuffer columns, rows, handler envelope,
//! malformed and invalid payloads.

mod common;

use fc_events::dts::{decode_java_byte_buffer, DtsData, DtsEvent, DtsOperationType, DtsValueError};
use fc_events::validate::{code, validate_slice};
use fc_events::{Event, TriggerKind};
use serde::Deserialize;
use serde_json::{json, Value};

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(format!("tests/fixtures/{path}")).unwrap()
}

fn corrected() -> Value {
    serde_json::from_slice(&fixture("dts/dts-edge-fc3-doc-unmasked-id.json")).unwrap()
}

fn bytes(v: &Value) -> Vec<u8> {
    serde_json::to_vec(v).unwrap()
}

/// The typed data of the first record of `v`, decoded.
fn first_data(v: &Value) -> DtsData {
    let event = DtsEvent::from_slice(&bytes(v)).unwrap();
    event.first().unwrap().data.as_typed().unwrap().clone()
}

fn decode_fault(v: &Value) -> (String, &'static str) {
    let e = Event::from_slice_as(TriggerKind::Dts, &bytes(v)).expect_err("must fail");
    (e.pointer().to_owned(), e.code)
}

/// The one fault of a batch whose record 0's data does not fit its model, which must degrade.
fn misfit(v: &Value) -> (String, &'static str) {
    let faults = common::degrades(TriggerKind::Dts, &bytes(v), &[0]);
    assert_eq!(faults.len(), 1, "{faults:?}");
    faults[0].clone()
}

fn faults(v: &Value) -> Vec<(String, &'static str)> {
    validate_slice(Some(TriggerKind::Dts), &bytes(v))
        .faults
        .into_iter()
        .map(|f| (f.pointer, f.code))
        .collect()
}

#[test]
fn the_published_sample_is_invalid_json_at_the_masked_id() {
    let published = fixture("invalid/dts/dts-batch-fc3-doc-trigger-event-formats-1.json");
    let e = Event::from_slice_as(TriggerKind::Dts, &published).unwrap_err();
    assert_eq!(
        (e.code, e.line, e.column),
        (code::SYNTAX, Some(1), Some(24))
    );
    assert_eq!(e.kind, Some(TriggerKind::Dts));
    // Detection fails the same way (the bytes are not JSON).
    let e = Event::from_slice(&published).unwrap_err();
    assert_eq!(
        (e.code, e.line, e.column),
        (code::SYNTAX, Some(1), Some(24))
    );
    let report = validate_slice(None, &published);
    assert_eq!(report.faults.len(), 1);
    assert_eq!(report.faults[0].code, code::SYNTAX);
    // The fault keeps the decoder's place as fields, and its message plain.
    assert_eq!(
        (report.faults[0].line, report.faults[0].column),
        (Some(1), Some(24)),
        "{}",
        report.faults[0]
    );
    assert!(
        !report.faults[0].message.contains("line 1"),
        "{}",
        report.faults[0]
    );
    assert!(report.faults[0].to_string().contains("(line 1, column 24)"));
    // Placed where the decoder stopped (a pointer into malformed text would name the root).
    assert!(matches!(
        report.positions(&published)[0],
        Some(fc_events::validate::Position::Json {
            line: 1,
            column: 24,
            ..
        })
    ));
}

#[test]
fn byte_buffer_columns_decode_from_hb_alone() {
    let event = DtsEvent::from_slice(&bytes(&corrected())).unwrap();
    let data = event.first().unwrap().data.as_typed().unwrap();
    assert_eq!(data.id.as_i64(), Some(3_210_000));
    assert_eq!(data.operation_type, DtsOperationType::Update);
    assert_eq!(data.source_time().unwrap().0, 1_654_847_757);
    assert_eq!(
        data.topic_partition.topic,
        "cn_hangzhou_rm_1234****_test_version2"
    );
    assert_eq!(data.schema.table_name.as_deref(), Some("message_info"));
    assert_eq!(
        data.schema.name_index.as_ref().unwrap()["topic"].raw_data_type_num,
        253
    );
    let before = data.before_image.as_ref().unwrap();
    // `limit`/`capacity` say 9, `hb` holds 5 bytes: `hb` wins.
    assert_eq!(before.values[1].bytes().unwrap().unwrap(), b"hello");
    assert_eq!(before.values[1].text().unwrap().unwrap(), "hello");
    assert_eq!(
        before.values[0].bytes(),
        None,
        "a number column is not a buffer"
    );
    assert_eq!(
        data.row().unwrap(),
        *json!({"id": 115, "topic": "bye"}).as_object().unwrap()
    );
    assert_eq!(
        before.row(&data.schema).unwrap(),
        *json!({"id": 115, "topic": "hello"}).as_object().unwrap()
    );

    // Java bytes are signed: -28 -72 -83 is the UTF-8 of 中.
    let insert =
        DtsEvent::from_slice(&fixture("dts/dts-edge-insert-no-before-image.json")).unwrap();
    let data = insert.first().unwrap().data.as_typed().unwrap();
    assert_eq!(data.operation_type, DtsOperationType::Insert);
    assert!(data.id.is_string());
    assert_eq!(data.current_image().unwrap().0, "/data/afterImage");
    assert_eq!(
        data.row().unwrap(),
        *json!({"id": 7, "name": "中a", "note": null})
            .as_object()
            .unwrap()
    );

    // The helper on its own.
    assert_eq!(
        decode_java_byte_buffer(&json!({"hb": [-1, 255, 0]}))
            .unwrap()
            .unwrap(),
        [255, 255, 0]
    );
    assert_eq!(decode_java_byte_buffer(&json!(5)), None);
    assert_eq!(decode_java_byte_buffer(&json!({"hb": "x"})), None);
    assert_eq!(
        decode_java_byte_buffer(&json!({"hb": [1, 256]}))
            .unwrap()
            .unwrap_err(),
        DtsValueError::NotAByte {
            index: 1,
            found: "256".to_owned()
        }
    );
}

#[test]
fn text_needs_a_known_charset_and_valid_bytes() {
    let mut v = corrected();
    v[0]["data"]["afterImage"]["values"][1]["charset"] = json!("gbk");
    let after = first_data(&v).after_image.unwrap();
    assert_eq!(
        after.values[1].text().unwrap(),
        Err(DtsValueError::UnsupportedCharset("gbk".into()))
    );
    assert_eq!(after.values[1].bytes().unwrap().unwrap(), b"bye");
    let mut v = corrected();
    v[0]["data"]["afterImage"]["values"][1]["data"]["hb"] = json!([-1]);
    let err = first_data(&v).row().unwrap_err();
    assert!(matches!(err, DtsValueError::InvalidText { .. }), "{err}");
    // Without a charset a buffer is binary: base64 in the row.
    let mut v = corrected();
    v[0]["data"]["afterImage"]["values"][1]
        .as_object_mut()
        .unwrap()
        .remove("charset");
    assert_eq!(first_data(&v).row().unwrap()["topic"], "Ynll");
}

#[derive(Debug, Deserialize, PartialEq)]
struct Message {
    id: u64,
    topic: String,
}

#[test]
fn handler_envelope_yields_rows() {
    let mut delete = corrected()[0].clone();
    delete["data"]["operationType"] = json!("DELETE");
    delete["data"].as_object_mut().unwrap().remove("afterImage");
    let mut no_image = corrected()[0].clone();
    no_image["id"] = json!("no-image");
    no_image["data"]
        .as_object_mut()
        .unwrap()
        .remove("afterImage");
    no_image["data"]
        .as_object_mut()
        .unwrap()
        .remove("beforeImage");
    let mut bad_text = corrected()[0].clone();
    bad_text["id"] = json!("bad-text");
    bad_text["data"]["afterImage"]["values"][1]["data"]["hb"] = json!([-1]);
    let v = json!([corrected()[0], delete, no_image, bad_text]);
    let batch = DtsEvent::from_slice(&bytes(&v)).unwrap();
    let parsed = batch.parse_records::<Message>();
    let ok: Vec<_> = parsed
        .successes()
        .map(|(_, m)| (m.id, m.topic.as_str()))
        .collect();
    assert_eq!(ok, [(115, "bye"), (115, "hello")]);
    let errors: Vec<_> = parsed
        .failures()
        .map(|(r, e)| (r.id.as_str(), e.pointer.as_str()))
        .collect();
    // No image: an empty row lacks the fields; a broken buffer is reported at its image.
    assert_eq!(
        errors,
        [("no-image", "/2/data"), ("bad-text", "/3/data/afterImage")]
    );
}

#[test]
fn data_that_is_not_a_change_record_degrades_and_is_located() {
    let mut v = corrected();
    v[0]["data"]["topicPartition"]["partition"] = json!("0");
    assert_eq!(
        misfit(&v),
        ("/0/data/topicPartition/partition".to_owned(), code::TYPE)
    );
    let mut v = corrected();
    v[0]["data"]["schema"]["recordFields"][1]
        .as_object_mut()
        .unwrap()
        .remove("fieldName");
    assert_eq!(
        misfit(&v),
        (
            "/0/data/schema/recordFields/1/fieldName".to_owned(),
            code::REQUIRED
        )
    );
    let mut v = corrected();
    v[0]["data"]["beforeImage"]["values"] = json!({});
    assert_eq!(
        misfit(&v),
        ("/0/data/beforeImage/values".to_owned(), code::TYPE)
    );
    let mut v = corrected();
    v[0]["data"]["operationType"] = json!(1);
    assert_eq!(misfit(&v), ("/0/data/operationType".to_owned(), code::TYPE));
    let event = DtsEvent::from_slice(&bytes(&v)).unwrap();
    let unfit = event.first().unwrap().data.typed().unwrap_err();
    assert_eq!(unfit.expected, "a DTS change record");
    // A fault outside `data` still fails the event, at its place.
    v[0]["time"] = json!(false);
    assert_eq!(decode_fault(&v), ("/0/time".to_owned(), code::TYPE));
}

#[test]
fn validation_rules_each_pass_and_fail() {
    assert!(faults(&corrected()).is_empty());
    let mut v = corrected();
    v[0]["data"]["sourceTimestamp"] = json!(1654847757000i64); // milliseconds, not seconds
    v[0]["data"]["offset"] = json!(-1);
    v[0]["data"]["topicPartition"]["partition"] = json!(-2);
    v[0]["data"]["id"] = json!(-5);
    assert_eq!(
        faults(&v),
        [
            ("/0/data/id".to_owned(), code::RANGE),
            ("/0/data/topicPartition/partition".to_owned(), code::RANGE),
            ("/0/data/offset".to_owned(), code::RANGE),
            ("/0/data/sourceTimestamp".to_owned(), code::RANGE)
        ]
    );
    let mut v = corrected();
    v[0]["data"]["sourceTimestamp"] = json!("June");
    v[0]["data"]["afterImage"]["values"][1]["data"]["hb"] = json!([98, 300, 101]);
    v[0]["data"]["beforeImage"]["values"] = json!([{"data": 1}]);
    assert_eq!(
        faults(&v),
        [
            ("/0/data/sourceTimestamp".to_owned(), code::TYPE),
            ("/0/data/beforeImage/values".to_owned(), code::CONSISTENCY),
            (
                "/0/data/afterImage/values/1/data/hb/1".to_owned(),
                code::RANGE
            )
        ]
    );
    // Elements that are not integers, and bytes given in any JSON spelling.
    for (hb, at) in [
        (json!([98, "b", 101]), Some(1)),
        (json!([98, 1.5]), Some(1)),
        (json!([-128, 255, null]), Some(2)),
        (json!([-128, 255, 0]), None),
    ] {
        let mut v = corrected();
        v[0]["data"]["afterImage"]["values"][1]["data"]["hb"] = hb.clone();
        let expected: Vec<(String, &str)> = at
            .map(|i| {
                (
                    format!("/0/data/afterImage/values/1/data/hb/{i}"),
                    code::RANGE,
                )
            })
            .into_iter()
            .collect();
        assert_eq!(faults(&v), expected, "{hb}");
    }
    let mut v = corrected();
    v[0]["data"]["afterImage"]["values"][1]["data"] = json!({"hb": "not an array"});
    assert!(
        faults(&v).is_empty(),
        "not a ByteBuffer, so not checked as one"
    );
    // A string id and an unknown operation type are fine.
    let mut v = corrected();
    v[0]["data"]["id"] = json!("3210000");
    v[0]["data"]["operationType"] = json!("HEARTBEAT");
    assert!(faults(&v).is_empty());
}
