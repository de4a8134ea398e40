//! Tablestore: both encodings, the JSON rendering checked against an independent encoder, the typed
//! helpers, validation rules and malformed JSON.

mod common;

use std::path::{Path, PathBuf};

use fc_events::tablestore::{
    TablestoreColumn, TablestoreColumnType, TablestoreEvent, TablestorePrimaryKeyColumn,
    TablestoreRecord, TablestoreRecordType, TablestoreValue, TablestoreWireFormat,
};
use fc_events::validate::{validate, validate_slice, Fault};
use fc_events::{Event, Payload, TriggerKind};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tablestore")
}

fn fixtures(ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    v.sort();
    assert!(!v.is_empty());
    v
}

fn cbor_value(bytes: &[u8]) -> serde_cbor::Value {
    serde_cbor::from_slice(bytes).unwrap()
}

fn json_value(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).unwrap()
}

/// `make_cbor.py` wrote, with Python's cbor2 as the decoder, the JSON rendering of every `.cbor`
/// fixture. Ours must match it, and decoding that rendering must give back the CBOR value.
#[test]
fn cbor_fixtures_match_their_independent_json_rendering() {
    for path in fixtures("cbor") {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let rendering = dir()
            .join("json-rendering")
            .join(path.with_extension("json").file_name().unwrap());
        let expected = std::fs::read(&rendering).unwrap_or_else(|_| {
            panic!("{name}: no rendering; run tests/fixtures/tablestore/make_cbor.py")
        });
        let cbor = std::fs::read(&path).unwrap();

        let event = TablestoreEvent::from_slice(&cbor).unwrap();
        assert_eq!(event.format, TablestoreWireFormat::Cbor, "{name}");
        assert_eq!(
            event.to_json_value().unwrap(),
            json_value(&expected),
            "{name}: CBOR -> JSON"
        );

        let from_json = TablestoreEvent::from_slice(&expected).unwrap();
        assert_eq!(from_json.format, TablestoreWireFormat::Json, "{name}");
        assert_eq!(from_json, event, "{name}: same content from both encodings");
        assert_eq!(
            cbor_value(&from_json.to_cbor_vec().unwrap()),
            cbor_value(&cbor),
            "{name}: JSON -> CBOR"
        );
        // And the full loop through our own JSON bytes.
        let json = event.to_json_vec().unwrap();
        let back = TablestoreEvent::from_slice(&json).unwrap();
        assert_eq!(
            cbor_value(&back.to_cbor_vec().unwrap()),
            cbor_value(&cbor),
            "{name}: CBOR -> JSON -> CBOR"
        );
    }
}

#[test]
fn json_fixtures_survive_json_to_cbor_to_json() {
    for path in fixtures("json") {
        let name = path.display().to_string();
        let json = std::fs::read(&path).unwrap();
        let event = TablestoreEvent::from_slice(&json).unwrap();
        assert_eq!(event.format, TablestoreWireFormat::Json);
        let cbor = event.to_cbor_vec().unwrap();
        let back = TablestoreEvent::from_slice(&cbor).unwrap();
        assert_eq!(back.format, TablestoreWireFormat::Cbor);
        assert_eq!(
            json_value(&back.to_json_vec().unwrap()),
            json_value(&json),
            "{name}"
        );
    }
}

#[test]
fn wire_encoding_follows_the_input() {
    let cbor =
        std::fs::read(dir().join("tablestore-synthesized-from-fc3-doc-json-1.cbor")).unwrap();
    let json =
        std::fs::read(dir().join("tablestore-fc3-doc-trigger-event-formats-1.json")).unwrap();
    let from_cbor = Event::from_slice(&cbor).unwrap();
    let from_json = Event::from_slice(&json).unwrap();
    assert_eq!(from_cbor.kind(), TriggerKind::Tablestore);
    assert_eq!(from_json.kind(), TriggerKind::Tablestore);
    // The synthesized CBOR was made from that JSON: same content.
    assert_eq!(from_cbor, from_json);
    assert_eq!(cbor_value(&from_cbor.to_vec().unwrap()), cbor_value(&cbor));
    assert_eq!(json_value(&from_json.to_vec().unwrap()), json_value(&json));
    // A hand-built event is CBOR, like the trigger.
    let built = TablestoreEvent::new(vec![]);
    assert_eq!(built.format, TablestoreWireFormat::Cbor);
    assert!(built.encode().unwrap()[0] >= 0xa0);
    let as_json = built
        .with_format(TablestoreWireFormat::Json)
        .encode()
        .unwrap();
    assert_eq!(
        json_value(&as_json),
        serde_json::json!({"Version": "Sync-v1", "Records": []})
    );
    // Plain serde works too and records the format.
    let direct: TablestoreEvent = serde_json::from_slice(&json).unwrap();
    assert_eq!(direct.format, TablestoreWireFormat::Json);
    let direct: TablestoreEvent = serde_cbor::from_slice(&cbor).unwrap();
    assert_eq!(direct.format, TablestoreWireFormat::Cbor);
}

#[test]
fn blob_rendering_is_not_a_string() {
    let doc = |value: &str| {
        format!(
            r#"{{"Version":"Sync-v1","Records":[{{"Type":"PutRow","Info":{{"Timestamp":1506416585740836}},
            "PrimaryKey":[{{"ColumnName":"id","Value":{value}}}],"Columns":[]}}]}}"#
        )
    };
    let pk = |value: &str| {
        TablestoreEvent::from_slice(doc(value).as_bytes())
            .map(|e| e.records[0].primary_key[0].value.clone())
    };
    assert_eq!(
        pk(r#"{"$blob":"AAEC"}"#).unwrap(),
        TablestoreValue::Blob(vec![0, 1, 2])
    );
    assert_eq!(
        pk(r#"{"$blob":""}"#).unwrap(),
        TablestoreValue::Blob(vec![])
    );
    // A string that happens to be base64 is a String.
    assert_eq!(
        pk(r#""AAEC""#).unwrap(),
        TablestoreValue::String("AAEC".into())
    );
    // The rendering written for a Blob.
    let e = TablestoreEvent::from_slice(doc(r#"{"$blob":"3q2+7w=="}"#).as_bytes()).unwrap();
    let v = e.to_json_value().unwrap();
    assert_eq!(
        v["Records"][0]["PrimaryKey"][0]["Value"],
        serde_json::json!({"$blob": "3q2+7w=="})
    );
    // In CBOR it is a byte string (major type 2).
    use serde_cbor::Value as C;
    let m = |pairs: Vec<(&str, C)>| {
        C::Map(
            pairs
                .into_iter()
                .map(|(k, v)| (C::Text(k.into()), v))
                .collect(),
        )
    };
    let expected = m(vec![
        ("Version", C::Text("Sync-v1".into())),
        (
            "Records",
            C::Array(vec![m(vec![
                ("Type", C::Text("PutRow".into())),
                ("Info", m(vec![("Timestamp", C::Integer(1506416585740836))])),
                (
                    "PrimaryKey",
                    C::Array(vec![m(vec![
                        ("ColumnName", C::Text("id".into())),
                        ("Value", C::Bytes(vec![0xde, 0xad, 0xbe, 0xef])),
                    ])]),
                ),
                ("Columns", C::Array(vec![])),
            ])]),
        ),
    ]);
    assert_eq!(cbor_value(&e.to_cbor_vec().unwrap()), expected);

    // Malformed renderings are located errors.
    for (value, code) in [
        (r#"{"$blob":"AAE"}"#, "format"),      // unpadded
        (r#"{"$blob":"A-E="}"#, "format"),     // not the standard alphabet
        (r#"{"$blob":"AAE=","x":1}"#, "type"), // extra member
        (r#"{"$blob":1}"#, "type"),            // not a string
        (r#"{"a":1}"#, "type"),                // any other map
        (r#"[1]"#, "type"),
        (r#"null"#, "type"),
    ] {
        let e = Event::from_slice_as(TriggerKind::Tablestore, doc(value).as_bytes()).unwrap_err();
        assert!(
            e.pointer().starts_with("/Records/0/PrimaryKey/0/Value"),
            "{value}: {e}"
        );
        assert_eq!(e.code, code, "{value}: {e}");
    }
}

#[test]
fn doubles_stay_doubles_and_integers_stay_integers_in_json() {
    let e = TablestoreEvent::new(vec![TablestoreRecord::new(
        TablestoreRecordType::PutRow,
        1_506_416_585_740_836,
        vec![TablestorePrimaryKeyColumn::new("id", i64::MIN)],
        vec![
            TablestoreColumn::put("two", 2.0, 1_506_416_585_741),
            TablestoreColumn::put("big", i64::MAX, 1_506_416_585_741),
            TablestoreColumn::put("tiny", 5e-324, 1_506_416_585_741),
        ],
    )]);
    let json = e.to_json_vec().unwrap();
    let text = String::from_utf8(json.clone()).unwrap();
    assert!(text.contains(r#""Value":2.0"#), "{text}");
    assert!(text.contains(r#""Value":9223372036854775807"#), "{text}");
    assert!(text.contains(r#""Value":-9223372036854775808"#), "{text}");
    assert_eq!(TablestoreEvent::from_slice(&json).unwrap(), e);
}

#[test]
fn helpers() {
    let json = std::fs::read(dir().join("tablestore-edge-cbor2-all-types.cbor")).unwrap();
    let e = TablestoreEvent::from_slice(&json).unwrap();
    let put = &e.records[0];
    assert_eq!(put.record_type, TablestoreRecordType::PutRow);
    assert_eq!(
        put.primary_key_value("pk_int"),
        Some(&TablestoreValue::Integer(i64::MAX))
    );
    assert_eq!(
        put.primary_key_value("pk_str").and_then(|v| v.as_str()),
        Some("键-ключ-🔑")
    );
    assert_eq!(
        put.primary_key_value("pk_blob").and_then(|v| v.as_bytes()),
        Some(&b"\x00\xff\x10"[..])
    );
    assert_eq!(put.primary_key_value("nope"), None);
    assert_eq!(
        put.column_value("double_tenth").and_then(|v| v.as_f64()),
        Some(0.1)
    );
    assert_eq!(
        put.column_value("bool_false").and_then(|v| v.as_bool()),
        Some(false)
    );
    assert_eq!(
        put.column_value("int_min").and_then(|v| v.as_i64()),
        Some(i64::MIN)
    );
    assert_eq!(
        put.column("blob_empty").map(|c| &c.column_type),
        Some(&TablestoreColumnType::Put)
    );
    assert_eq!(
        put.time().unwrap().timestamp_micros(),
        1_506_416_585_740_836
    );
    assert_eq!(
        put.time().unwrap().to_rfc3339(),
        "2017-09-26T09:03:05.740836+00:00"
    );
    assert_eq!(
        put.columns[0].time().unwrap().unwrap().timestamp_millis(),
        1_506_416_585_741
    );
    assert_eq!(put.puts().count(), 13);

    let update = &e.records[1];
    assert_eq!(update.changed_columns(), ["a", "b", "c"]);
    assert_eq!(
        update.column_value("a").and_then(|v| v.as_str()),
        Some("new")
    );
    // Deleted columns have no value, and DeleteAllVersions no version.
    assert_eq!(update.column_value("b"), None);
    assert_eq!(
        update.column("b").unwrap().column_type,
        TablestoreColumnType::DeleteOneVersion
    );
    assert!(update.column("c").unwrap().time().is_none());
    assert_eq!(update.puts().map(|(n, _)| n).collect::<Vec<_>>(), ["a"]);

    let delete = &e.records[2];
    assert_eq!(delete.record_type, TablestoreRecordType::DeleteRow);
    assert!(delete.changed_columns().is_empty());

    // The same name twice: the first entry, and the first value.
    let r = TablestoreRecord::new(
        TablestoreRecordType::UpdateRow,
        1_506_416_585_740_836,
        vec![],
        vec![
            TablestoreColumn::delete_one_version("x", 1_506_416_585_000),
            TablestoreColumn::put("x", "v2", 1_506_416_585_741),
            TablestoreColumn::delete_all_versions("y"),
        ],
    );
    assert_eq!(
        r.column("x").unwrap().column_type,
        TablestoreColumnType::DeleteOneVersion
    );
    assert_eq!(r.column_value("x"), Some(&TablestoreValue::from("v2")));
    assert_eq!(r.changed_columns(), ["x", "y"]);

    // Times outside chrono's range are errors, not panics.
    for ts in [i64::MIN, i64::MAX] {
        let r = TablestoreRecord::new(
            TablestoreRecordType::PutRow,
            ts,
            vec![],
            vec![TablestoreColumn::put("x", 1, ts)],
        );
        assert!(r.time().is_err());
        assert!(r.columns[0].time().unwrap().is_err());
        assert_eq!(validate(&TablestoreEvent::new(vec![r])).len(), 2);
    }
}

#[test]
fn unknown_values_and_members_are_kept() {
    let json = br#"{"Version":"Sync-v2","Records":[{"Type":"MergeRow","Info":{"Timestamp":1506416585740836,"Lsn":"9"},
      "PrimaryKey":[{"ColumnName":"id","Value":1}],
      "Columns":[{"Type":"Increment","ColumnName":"n","Value":1,"Timestamp":1506416585741,"Delta":{"$blob":"AQ=="}}],
      "Stream":{"Shard":[1,2.5,null]}}],"Next":"tok"}"#;
    let e = TablestoreEvent::from_slice(json).unwrap();
    assert_eq!(e.version, "Sync-v2");
    assert_eq!(e.records[0].record_type.as_str(), "MergeRow");
    assert!(!e.records[0].record_type.is_known());
    assert_eq!(
        e.records[0].columns[0].column_type,
        TablestoreColumnType::Other("Increment".into())
    );
    assert_eq!(
        e.records[0].columns[0]
            .extra
            .get("Delta")
            .and_then(|v| v.as_bytes()),
        Some(&[1u8][..])
    );
    assert_eq!(json_value(&e.to_vec().unwrap()), json_value(json));
    let cbor = e.to_cbor_vec().unwrap();
    assert_eq!(
        json_value(
            &TablestoreEvent::from_slice(&cbor)
                .unwrap()
                .to_json_vec()
                .unwrap()
        ),
        json_value(json)
    );
}

fn faults(e: &TablestoreEvent) -> Vec<(String, &'static str)> {
    validate(e)
        .into_iter()
        .map(|f: Fault| (f.pointer, f.code))
        .collect()
}

fn valid_event() -> TablestoreEvent {
    TablestoreEvent::new(vec![TablestoreRecord::new(
        TablestoreRecordType::UpdateRow,
        1_506_416_585_740_836,
        vec![
            TablestorePrimaryKeyColumn::new("a", 1),
            TablestorePrimaryKeyColumn::new("b", "s"),
            TablestorePrimaryKeyColumn::new("c", vec![1u8]),
        ],
        vec![
            TablestoreColumn::put("x", 1.5, 1_506_416_585_741),
            TablestoreColumn::delete_one_version("y", 1_506_416_585_741),
            TablestoreColumn::delete_all_versions("z"),
        ],
    )])
}

#[test]
fn validation_passes_on_a_valid_event() {
    assert_eq!(faults(&valid_event()), []);
}

#[test]
fn validation_closed_sets_are_enum_faults() {
    let mut e = valid_event();
    e.records[0].record_type = "MergeRow".into();
    e.records[0].columns[1].column_type = "DeleteRow".into();
    let f = validate(&e);
    assert_eq!(
        common::pointer_codes(&f),
        [
            ("/Records/0/Type", "enum"),
            ("/Records/0/Columns/1/Type", "enum")
        ]
    );
    assert!(
        f[0].message.contains("PutRow, UpdateRow, DeleteRow") && f[0].message.contains("MergeRow"),
        "{}",
        f[0].message
    );
    assert!(
        f[1].message.contains("DeleteOneVersion") && f[1].message.contains("\"DeleteRow\""),
        "{}",
        f[1].message
    );
}

#[test]
fn validation_put_needs_a_value() {
    let mut e = valid_event();
    e.records[0].columns[0].value = None;
    // A delete without a value is fine.
    assert!(e.records[0].columns[1].value.is_none());
    let f = validate(&e);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(
        (f[0].pointer.as_str(), f[0].code),
        ("/Records/0/Columns/0/Value", "required")
    );
    assert!(f[0].message.contains("Put"), "{}", f[0].message);
}

#[test]
fn validation_timestamps_must_be_plausible() {
    let mut e = valid_event();
    // Milliseconds where microseconds belong, and microseconds where milliseconds belong.
    e.records[0].info.timestamp.0 = 1_506_416_585_740;
    e.records[0].columns[0].timestamp = Some(fc_events::time::EpochMillis(1_506_416_585_740_836));
    e.records[0].columns[1].timestamp = Some(fc_events::time::EpochMillis(-1));
    assert_eq!(
        faults(&e),
        [
            ("/Records/0/Info/Timestamp".to_owned(), "range"),
            ("/Records/0/Columns/0/Timestamp".to_owned(), "range"),
            ("/Records/0/Columns/1/Timestamp".to_owned(), "range"),
        ]
    );
    let f = validate(&e);
    assert!(
        f[0].message.contains("microseconds") && f[0].message.contains("1506416585740"),
        "{}",
        f[0].message
    );
    assert!(f[1].message.contains("milliseconds"), "{}", f[1].message);
}

#[test]
fn validation_primary_key_types() {
    let mut e = valid_event();
    e.records[0].primary_key[1].value = TablestoreValue::Double(1.0.into());
    e.records[0].primary_key[2].value = TablestoreValue::Boolean(true);
    let f = validate(&e);
    assert_eq!(
        common::pointer_codes(&f),
        [
            ("/Records/0/PrimaryKey/1/Value", "type"),
            ("/Records/0/PrimaryKey/2/Value", "type")
        ]
    );
    assert!(f[0].message.contains("found a Double"), "{}", f[0].message);
}

#[test]
fn validation_reports_every_fault_across_records() {
    let mut e = valid_event();
    e.records.push(e.records[0].clone());
    e.records[1].record_type = "X".into();
    e.records[1].columns[0].value = None;
    e.records[0].info.timestamp.0 = 0;
    assert_eq!(
        faults(&e),
        [
            ("/Records/0/Info/Timestamp".to_owned(), "range"),
            ("/Records/1/Type".to_owned(), "enum"),
            ("/Records/1/Columns/0/Value".to_owned(), "required"),
        ]
    );
}

#[test]
fn validation_of_raw_bytes_in_both_encodings() {
    let json =
        br#"{"Version":"Sync-v1","Records":[{"Type":"Upsert","Info":{"Timestamp":1506416585740836},
      "PrimaryKey":[{"ColumnName":"id","Value":1}],"Columns":[{"Type":"Put","ColumnName":"c"}]}]}"#;
    let report = validate_slice(None, json);
    assert_eq!(report.kind, Some(TriggerKind::Tablestore));
    let got: Vec<_> = common::pointer_codes(&report.faults);
    assert_eq!(
        got,
        [
            ("/Records/0/Type", "enum"),
            ("/Records/0/Columns/0/Value", "required"),
            // Every documented Put column carries its cell version.
            ("/Records/0/Columns/0/Timestamp", "required")
        ]
    );
    let cbor = TablestoreEvent::from_slice(json)
        .unwrap()
        .to_cbor_vec()
        .unwrap();
    assert_eq!(validate_slice(None, &cbor).faults, report.faults);
}

#[test]
fn devsapp_schema_placeholder_is_invalid() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/invalid/tablestore/tablestore-devsapp-fc3-1.json");
    let report = validate_slice(None, &std::fs::read(path).unwrap());
    assert_eq!(report.kind, Some(TriggerKind::Tablestore));
    let got: Vec<_> = common::pointer_codes(&report.faults);
    assert_eq!(
        got,
        [("/Records/0/Info/Timestamp", "type")],
        "{:?}",
        report.faults
    );
    assert!(
        report.faults[0].message.contains("\"int64\""),
        "{}",
        report.faults[0].message
    );
}

/// Decodes `json` as Tablestore and returns (pointer, path, code).
fn json_fault(json: &str) -> (String, String, &'static str) {
    let e = Event::from_slice_as(TriggerKind::Tablestore, json.as_bytes()).unwrap_err();
    assert_eq!(e.kind, Some(TriggerKind::Tablestore));
    (e.pointer().to_owned(), e.path().to_owned(), e.code)
}

const DOC: &str = r#"{"Version":"Sync-v1","Records":[{"Type":"PutRow","Info":{"Timestamp":TS},
  "PrimaryKey":[{"ColumnName":"id","Value":PK}],"Columns":[{"Type":"Put","ColumnName":"c","Value":1,"Timestamp":1506416585741}]}]}"#;

fn doc(ts: &str, pk: &str) -> String {
    DOC.replace("TS", ts).replace("PK", pk)
}

#[test]
fn malformed_json_is_located() {
    assert!(TablestoreEvent::from_slice(doc("1506416585740836", "1").as_bytes()).is_ok());
    let (ptr, path, code) = json_fault(&doc("1506416585740836", r#"{"a":{"b":1}}"#));
    assert_eq!(
        (ptr.as_str(), path.as_str(), code),
        (
            "/Records/0/PrimaryKey/0/Value",
            "Records[0].PrimaryKey[0].Value",
            "type"
        )
    );
    let (ptr, _, code) = json_fault(&doc("\"1506416585740836\"", "1"));
    assert_eq!((ptr.as_str(), code), ("/Records/0/Info/Timestamp", "type"));
    let (ptr, _, code) = json_fault(&doc("1506416585740836", "18446744073709551615"));
    assert_eq!(
        (ptr.as_str(), code),
        ("/Records/0/PrimaryKey/0/Value", "range")
    );
    let (ptr, _, code) =
        json_fault(&doc("1506416585740836", "1").replace(r#""ColumnName":"id","#, ""));
    assert_eq!(
        (ptr.as_str(), code),
        ("/Records/0/PrimaryKey/0/ColumnName", "required")
    );
    let (ptr, _, code) = json_fault(
        &doc("1506416585740836", "1").replace(r#","Columns":[{"#, r#","Columns":[{"Value":2,"#),
    );
    assert_eq!((ptr.as_str(), code), ("/Records/0/Columns/0", "data"));
    let (ptr, _, code) = json_fault(r#"{"Version":"Sync-v1"}"#);
    assert_eq!((ptr.as_str(), code), ("/Records", "required"));
    let (_, _, code) = json_fault(&doc("1506416585740836", "1")[..60]);
    assert_eq!(code, "syntax");
}

#[test]
fn json_nesting_10000_levels_is_a_located_error() {
    let deep = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
    let (ptr, _, code) = json_fault(&doc("1506416585740836", &deep));
    // Arrays in arrays: the first element is named (the reader's position cannot tell it from
    // the array around it; see `src/wire/locate.rs`).
    assert_eq!(
        (ptr.as_str(), code),
        ("/Records/0/PrimaryKey/0/Value/0", "type")
    );
    // In an unknown member, where any value is accepted, the depth limit stops it.
    let e = Event::from_slice_as(
        TriggerKind::Tablestore,
        doc("1506416585740836", "1")
            .replace(r#""Version""#, &format!(r#""Deep":{deep},"Version""#))
            .as_bytes(),
    )
    .unwrap_err();
    assert_eq!(e.pointer(), "/Deep", "{e}");
    assert!(e.message.contains("recursion limit"), "{e}");
}

#[test]
fn sample_is_cbor_and_valid() {
    let bytes = fc_events::samples::sample(TriggerKind::Tablestore).unwrap();
    assert!(bytes[0] >= 0xa0, "the sample is the wire form, CBOR");
    let report = validate_slice(None, bytes);
    assert_eq!(report.kind, Some(TriggerKind::Tablestore));
    assert!(report.is_valid(), "{:?}", report.faults);
}

#[test]
fn schema_describes_the_json_rendering() {
    use fc_events::schema::{schema, Draft};
    let s = schema(TriggerKind::Tablestore, Draft::Draft07).unwrap();
    assert_eq!(s["title"], "TablestoreEvent");
    assert_eq!(s["required"], serde_json::json!(["Version", "Records"]));
    let defs = &s["definitions"];
    assert_eq!(
        defs["TablestoreRecordType"]["enum"],
        serde_json::json!(["PutRow", "UpdateRow", "DeleteRow"])
    );
    assert_eq!(
        defs["TablestoreColumnType"]["enum"],
        serde_json::json!(["Put", "DeleteOneVersion", "DeleteAllVersions"])
    );
    let value = serde_json::to_string(&defs["TablestoreValue"]).unwrap();
    assert!(
        value.contains(r#""$blob""#) && value.contains("base64"),
        "{value}"
    );
    let column = &defs["TablestoreColumn"];
    assert_eq!(
        column["required"],
        serde_json::json!(["Type", "ColumnName"])
    );
}
