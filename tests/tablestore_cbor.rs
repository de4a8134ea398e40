//! What the CBOR decoder (serde_cbor behind `codec::cbor`) accepts and rejects, proven on
//! hand-assembled bytes: one test per row of the table in `src/codec/cbor.rs`.

mod cbor_builder;

use cbor_builder::*;
use fc_events::tablestore::{TablestoreEvent, TablestoreValue, TablestoreWireFormat};
use fc_events::{AnyValue, Event, Payload, TriggerKind};

fn decode(bytes: &[u8]) -> TablestoreEvent {
    TablestoreEvent::from_slice(bytes).unwrap_or_else(|e| panic!("{e}\n{bytes:02x?}"))
}

fn pk_value(bytes: &[u8]) -> TablestoreValue {
    decode(bytes).records[0].primary_key[0].value.clone()
}

fn column_value(value: Vec<u8>) -> TablestoreValue {
    let e = decode(&event(int(1), vec![put("c", value)]));
    e.records[0].columns[0].value.clone().unwrap()
}

/// Decoding fails; returns (pointer, code, message).
fn fails(bytes: &[u8]) -> (String, &'static str, String) {
    let e = Event::from_slice_as(TriggerKind::Tablestore, bytes).expect_err("must fail");
    assert_eq!(e.kind, Some(TriggerKind::Tablestore));
    (e.pointer().to_owned(), e.code, e.message.clone())
}

/// Re-encodes as CBOR and compares with the input as CBOR values (serde_cbor::Value).
fn assert_cbor_round_trip(bytes: &[u8]) {
    let out = decode(bytes).encode().unwrap();
    let a: serde_cbor::Value = serde_cbor::from_slice(bytes).unwrap();
    let b: serde_cbor::Value = serde_cbor::from_slice(&out).unwrap();
    assert_eq!(a, b);
}

#[test]
fn definite_and_indefinite_maps_and_arrays_decode_alike() {
    let definite = event(text("k"), vec![put("c", int(5))]);
    let indefinite = indef_map(&[
        ("Version", chunked_text(&["Sync", "-v1"])),
        (
            "Records",
            indef_array(&[indef_map(&[
                ("Type", text("PutRow")),
                ("Info", indef_map(&[("Timestamp", uint(TS_US))])),
                (
                    "PrimaryKey",
                    indef_array(&[indef_map(&[
                        ("ColumnName", chunked_text(&["i", "", "d"])),
                        ("Value", chunked_text(&["k"])),
                    ])]),
                ),
                (
                    "Columns",
                    indef_array(&[indef_map(&[
                        ("Type", text("Put")),
                        ("ColumnName", text("c")),
                        ("Value", int(5)),
                        ("Timestamp", uint(TS_MS)),
                    ])]),
                ),
            ])]),
        ),
    ]);
    assert_eq!(decode(&indefinite), decode(&definite));
    assert_cbor_round_trip(&indefinite);
}

#[test]
fn chunked_byte_and_text_strings() {
    assert_eq!(
        pk_value(&event(chunked_bytes(&[b"\x00\x01", b"", b"\x02"]), vec![])),
        TablestoreValue::Blob(vec![0, 1, 2])
    );
    assert_eq!(
        pk_value(&event(chunked_bytes(&[]), vec![])),
        TablestoreValue::Blob(vec![])
    );
    assert_eq!(
        pk_value(&event(chunked_text(&["héllo", " ", "wörld"]), vec![])),
        TablestoreValue::String("héllo wörld".into())
    );
    // A chunk of the wrong major type is malformed (RFC 8949 §3.2.3).
    let mut bad = vec![0x5f];
    bad.extend(text("x"));
    bad.push(0xff);
    let (ptr, code, _) = fails(&event(bad, vec![]));
    assert_eq!(
        (ptr.as_str(), code),
        ("/Records/0/PrimaryKey/0/Value", "syntax")
    );
}

#[test]
fn any_key_order() {
    let shuffled = map(&[
        (
            "Records",
            array(&[map(&[
                ("Columns", array(&[])),
                (
                    "PrimaryKey",
                    array(&[map(&[("Value", int(-3)), ("ColumnName", text("id"))])]),
                ),
                ("Info", map(&[("Timestamp", uint(TS_US))])),
                ("Type", text("DeleteRow")),
            ])]),
        ),
        ("Version", text("Sync-v1")),
    ]);
    let e = decode(&shuffled);
    assert_eq!(
        e.records[0].primary_key_value("id"),
        Some(&TablestoreValue::Integer(-3))
    );
    assert_cbor_round_trip(&shuffled);
}

#[test]
fn integers_of_every_width() {
    // 1 written in 1, 2, 3, 5 and 9 bytes.
    for encoded in [
        vec![0x01],
        vec![0x18, 1],
        vec![0x19, 0, 1],
        vec![0x1a, 0, 0, 0, 1],
        vec![0x1b, 0, 0, 0, 0, 0, 0, 0, 1],
    ] {
        assert_eq!(column_value(encoded), TablestoreValue::Integer(1));
    }
    // -1 likewise.
    for encoded in [
        vec![0x20],
        vec![0x38, 0],
        vec![0x39, 0, 0],
        vec![0x3a, 0, 0, 0, 0],
        vec![0x3b, 0, 0, 0, 0, 0, 0, 0, 0],
    ] {
        assert_eq!(column_value(encoded), TablestoreValue::Integer(-1));
    }
    assert_eq!(
        column_value(int(i64::MAX)),
        TablestoreValue::Integer(i64::MAX)
    );
    assert_eq!(
        column_value(int(i64::MIN)),
        TablestoreValue::Integer(i64::MIN)
    );
}

#[test]
fn integers_outside_i64_are_range_errors() {
    for encoded in [uint(u64::MAX), uint(1 << 63), head(1, 1 << 63)] {
        let (ptr, code, msg) = fails(&event(encoded, vec![]));
        assert_eq!(ptr, "/Records/0/PrimaryKey/0/Value");
        assert_eq!(code, "range", "{msg}");
        assert!(msg.contains("signed 64-bit"), "{msg}");
    }
}

#[test]
fn float16_float32_float64() {
    assert_eq!(column_value(f16_bits(0x3e00)), TablestoreValue::from(1.5));
    assert_eq!(
        column_value(f16_bits(0x7bff)),
        TablestoreValue::from(65504.0)
    );
    assert_eq!(
        column_value(f16_bits(0x0001)),
        TablestoreValue::from(2f64.powi(-24))
    );
    let neg_zero = column_value(f16_bits(0x8000)).as_f64().unwrap();
    assert!(neg_zero == 0.0 && neg_zero.is_sign_negative());
    assert_eq!(
        column_value(f16_bits(0x7c00)),
        TablestoreValue::from(f64::INFINITY)
    );
    assert!(column_value(f16_bits(0x7e00)).as_f64().unwrap().is_nan());
    assert_eq!(
        column_value(f32(1.0 / 3.0)),
        TablestoreValue::from(f64::from(1.0f32 / 3.0))
    );
    assert_eq!(column_value(f64(0.1)), TablestoreValue::from(0.1));
    // A float that is a whole number stays a Double.
    assert_eq!(column_value(f64(2.0)), TablestoreValue::from(2.0));
    assert_cbor_round_trip(&event(
        int(1),
        vec![put("h", f16_bits(0x3e00)), put("s", f32(0.25))],
    ));
}

#[test]
fn non_finite_doubles_stay_in_cbor_and_refuse_json() {
    let e = decode(&event(int(1), vec![put("inf", f16_bits(0x7c00))]));
    assert_eq!(e.format, TablestoreWireFormat::Cbor);
    assert_eq!(decode(&e.to_cbor_vec().unwrap()), e);
    let err = e.to_json_vec().unwrap_err().to_string();
    assert!(err.contains("no JSON rendering"), "{err}");
    // The same in an unknown member.
    let e = decode(&event(
        int(1),
        vec![map(&[
            ("Type", text("Put")),
            ("ColumnName", text("c")),
            ("Value", int(1)),
            ("Score", f16_bits(0x7e00)),
        ])],
    ));
    assert!(e.to_json_vec().is_err());
}

#[test]
fn byte_strings_are_blobs_and_text_map_lookalikes_stay_maps() {
    assert_eq!(
        pk_value(&event(bytes(b"\xca\xfe"), vec![])),
        TablestoreValue::Blob(vec![0xca, 0xfe])
    );
    // In CBOR, a text map shaped like the JSON rendering of a blob is a map, not bytes.
    let lookalike = map(&[("$blob", text("AAE="))]);
    let bytes_in = record(
        vec![pk("id", int(1))],
        vec![],
        vec![("Note", lookalike.clone())],
    );
    let bytes_in = map(&[
        ("Version", text("Sync-v1")),
        ("Records", array(&[bytes_in])),
    ]);
    let e = decode(&bytes_in);
    assert!(matches!(
        e.records[0].extra.get("Note"),
        Some(AnyValue::Object(_))
    ));
    assert_cbor_round_trip(&bytes_in);
    // As a Tablestore value it is a map, which is not a value.
    let (ptr, code, _) = fails(&event(lookalike, vec![]));
    assert_eq!(
        (ptr.as_str(), code),
        ("/Records/0/PrimaryKey/0/Value", "type")
    );
}

#[test]
fn undefined_is_null_in_unknown_members_and_not_a_value() {
    let e = decode(&map(&[
        ("Version", text("Sync-v1")),
        ("Records", array(&[])),
        ("Later", vec![0xf7]),
    ]));
    assert_eq!(e.extra.get("Later"), Some(&AnyValue::Null));
    let (ptr, code, _) = fails(&event(vec![0xf7], vec![]));
    assert_eq!(
        (ptr.as_str(), code),
        ("/Records/0/PrimaryKey/0/Value", "type")
    );
    // A null column Value is an absent one.
    let e = decode(&event(int(1), vec![put("c", vec![0xf6])]));
    assert_eq!(e.records[0].columns[0].value, None);
}

#[test]
fn tags_are_rejected_where_they_are() {
    // Tag 2 (bignum) around a byte string, as a primary-key value.
    let mut tagged = vec![0xc2];
    tagged.extend(bytes(&[1, 0, 0, 0, 0, 0, 0, 0, 0]));
    let (ptr, code, msg) = fails(&event(tagged.clone(), vec![]));
    assert_eq!(ptr, "/Records/0/PrimaryKey/0/Value");
    assert_eq!(code, "type");
    assert!(msg.contains("tagged CBOR item"), "{msg}");
    // In an unknown member.
    let doc = map(&[
        ("Version", text("Sync-v1")),
        ("Records", array(&[])),
        ("X", tagged),
    ]);
    let (ptr, code, msg) = fails(&doc);
    assert_eq!((ptr.as_str(), code), ("/X", "type"), "{msg}");
}

#[test]
fn self_describe_tag_in_front_is_skipped() {
    let plain = event(int(7), vec![]);
    let mut described = vec![0xd9, 0xd9, 0xf7];
    described.extend(&plain);
    assert_eq!(decode(&described), decode(&plain));
    let detected = Event::from_slice(&described).unwrap();
    assert_eq!(detected.kind(), TriggerKind::Tablestore);
}

#[test]
fn trailing_bytes_are_an_error() {
    let mut bytes = event(int(1), vec![]);
    bytes.push(0x00);
    let (ptr, code, msg) = fails(&bytes);
    assert_eq!((ptr.as_str(), code), ("", "syntax"), "{msg}");
    assert!(msg.contains("trailing data"), "{msg}");
}

#[test]
fn nesting_limit() {
    fn nested(depth: usize) -> Vec<u8> {
        let mut v = vec![0x81; depth];
        v.push(0x00);
        v
    }
    // The unknown member sits at depth 4 (map, Records array, record map, member).
    let doc = |inner: Vec<u8>| {
        let rec = record(vec![pk("id", int(1))], vec![], vec![("Deep", inner)]);
        map(&[("Version", text("Sync-v1")), ("Records", array(&[rec]))])
    };
    assert!(TablestoreEvent::from_slice(&doc(nested(100))).is_ok());
    let (ptr, code, msg) = fails(&doc(nested(200)));
    assert!(ptr.starts_with("/Records/0/Deep/0/0/0"), "{ptr}");
    assert_eq!(code, "syntax");
    assert!(msg.contains("nested deeper than 127 levels"), "{msg}");
}

#[test]
fn non_text_keys_are_rejected() {
    for key in [uint(1), bytes(b"Type"), vec![0xf6]] {
        let mut m = head(5, 1);
        m.extend(key);
        m.extend(int(1));
        let doc = map(&[("Version", text("Sync-v1")), ("Records", array(&[m]))]);
        let (ptr, code, msg) = fails(&doc);
        assert_eq!(ptr, "/Records/0", "{msg}");
        assert_eq!(code, "type");
        assert!(msg.contains("expected a text map key"), "{msg}");
    }
    // In a nested map whose own member name looks like the bad key.
    let mut inner = head(5, 1);
    inner.extend(uint(1));
    inner.extend(int(1));
    let doc = map(&[
        ("Version", text("Sync-v1")),
        ("Records", array(&[])),
        ("1", inner),
    ]);
    assert_eq!(fails(&doc).0, "/1");
}

#[test]
fn reserved_and_stray_bytes_are_syntax_errors() {
    for (value, what) in [
        (vec![0x1c], "unassigned type"),
        (vec![0xff], "unexpected code"),
        (vec![0xf8, 0x20], "unassigned type"),
        (vec![0x62, 0xff, 0xfe], "invalid UTF-8"),
    ] {
        let (ptr, code, msg) = fails(&event(value, vec![]));
        assert_eq!(ptr, "/Records/0/PrimaryKey/0/Value", "{msg}");
        assert_eq!(code, "syntax", "{msg}");
        assert!(msg.contains(what), "{msg}");
    }
}

#[test]
fn byte_strings_are_not_text() {
    // serde's String would take UTF-8 bytes and re-encode them as text: a silent type change.
    let doc = map(&[
        ("Version", text("Sync-v1")),
        (
            "Records",
            array(&[record(
                vec![map(&[("ColumnName", bytes(b"id")), ("Value", int(1))])],
                vec![],
                vec![],
            )]),
        ),
    ]);
    let (ptr, code, msg) = fails(&doc);
    assert_eq!(
        (ptr.as_str(), code),
        ("/Records/0/PrimaryKey/0/ColumnName", "type"),
        "{msg}"
    );
    assert!(msg.contains("expected a text string"), "{msg}");
    let col = map(&[
        ("Type", text("Put")),
        ("ColumnName", bytes(b"c")),
        ("Value", int(1)),
    ]);
    assert_eq!(
        fails(&event(int(1), vec![col])).0,
        "/Records/0/Columns/0/ColumnName"
    );
    let col = map(&[
        ("Type", bytes(b"Put")),
        ("ColumnName", text("c")),
        ("Value", int(1)),
    ]);
    assert_eq!(
        fails(&event(int(1), vec![col])).0,
        "/Records/0/Columns/0/Type"
    );
    let doc = map(&[("Version", bytes(b"Sync-v1")), ("Records", array(&[]))]);
    assert_eq!(fails(&doc).0, "/Version");
    // Text stays text and bytes stay bytes in unknown members.
    assert_cbor_round_trip(&map(&[
        ("Version", text("Sync-v1")),
        ("Records", array(&[])),
        ("A", bytes(b"x")),
        ("B", text("x")),
    ]));
}

/// Found by the `tablestore_cbor` fuzz target on this fixture: its unknown members, rendered as JSON
/// and read back, are kept as JSON text (a representation unlike the values read from CBOR) and must
/// still be the same values: the JSON rendering decodes to an event whose CBOR rendering is the
/// first CBOR rendering, byte for byte.
#[test]
fn unknown_members_keep_their_values_through_the_json_rendering() {
    let path = "tests/fixtures/tablestore/tablestore-edge-cbor2-unknown-members.cbor";
    let from_cbor = decode(&std::fs::read(path).unwrap());
    let cbor = from_cbor.to_cbor_vec().unwrap();
    let from_json = decode(&from_cbor.to_json_vec().unwrap());
    assert_eq!(from_json.format, TablestoreWireFormat::Json);
    assert_eq!(from_json.to_cbor_vec().unwrap(), cbor);
    assert_eq!(decode(&cbor).to_cbor_vec().unwrap(), cbor);
}
