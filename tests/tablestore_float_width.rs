//! A Tablestore Double keeps the CBOR width it arrived in: CBOR → model → CBOR is byte-equal whether
//! the writer used float16, float32 or float64, with or without a shorter width that would hold the
//! value, NaN payloads and negative zero included. The input is assembled by hand (`cbor_builder`).

mod cbor_builder;

use cbor_builder::*;
use fc_events::tablestore::{FloatWidth, TablestoreDouble, TablestoreEvent, TablestoreValue};
use fc_events::Payload;
use proptest::prelude::*;

/// One float as a writer may encode it: the width and any bits of that width.
#[derive(Debug, Clone, Copy)]
enum Wire {
    F16(u16),
    F32(u32),
    F64(u64),
}

impl Wire {
    fn bytes(self) -> Vec<u8> {
        match self {
            Wire::F16(b) => f16_bits(b),
            Wire::F32(b) => [vec![0xfa], b.to_be_bytes().to_vec()].concat(),
            Wire::F64(b) => [vec![0xfb], b.to_be_bytes().to_vec()].concat(),
        }
    }

    fn width(self) -> FloatWidth {
        match self {
            Wire::F16(_) => FloatWidth::F16,
            Wire::F32(_) => FloatWidth::F32,
            Wire::F64(_) => FloatWidth::F64,
        }
    }
}

/// Any bits of any width, plus values a shorter width holds exactly (the case a shortest-width
/// encoder rewrites): whole numbers, halves, zeros, infinities written as float32 or float64.
fn wire() -> impl Strategy<Value = Wire> {
    let short = prop_oneof![
        Just(0.0f64),
        Just(-0.0),
        Just(1.5),
        Just(2.0),
        Just(65504.0),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        (-1000i32..1000).prop_map(f64::from),
    ];
    prop_oneof![
        any::<u16>().prop_map(Wire::F16),
        any::<u32>().prop_map(Wire::F32),
        any::<u64>().prop_map(Wire::F64),
        short.clone().prop_map(|v| Wire::F32((v as f32).to_bits())),
        short.prop_map(|v| Wire::F64(v.to_bits())),
    ]
}

/// An unknown member holding a float in the shortest width (what the encoder writes for a value
/// it keeps no width for), so the list of arrived floats must stay aligned past it.
fn shortest(v: f64) -> Vec<u8> {
    serde_cbor::to_vec(&v).unwrap()
}

fn column_with_extra(name: &str, value: Vec<u8>, extra_float: Option<f64>) -> Vec<u8> {
    let mut pairs = vec![
        ("Type", text("Put")),
        ("ColumnName", text(name)),
        ("Value", value),
        ("Timestamp", uint(TS_MS)),
    ];
    if let Some(f) = extra_float {
        pairs.push(("x_float", shortest(f)));
    }
    map(&pairs)
}

fn payload(values: &[(Wire, Option<f64>)], record_extra: Option<f64>) -> Vec<u8> {
    let columns: Vec<Vec<u8>> = values
        .iter()
        .enumerate()
        .map(|(i, (w, x))| column_with_extra(&format!("c{i}"), w.bytes(), *x))
        .collect();
    let extra = record_extra
        .map(|f| vec![("x_before", shortest(f))])
        .unwrap_or_default();
    map(&[
        ("Version", text("Sync-v1")),
        (
            "Records",
            array(&[record(vec![pk("id", int(1))], columns, extra)]),
        ),
    ])
}

fn finite() -> impl Strategy<Value = f64> {
    any::<f64>().prop_filter("finite", |f| f.is_finite())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn cbor_model_cbor_is_byte_equal_for_every_width(
        values in proptest::collection::vec((wire(), proptest::option::of(finite())), 1..6),
        record_extra in proptest::option::of(finite()),
    ) {
        let bytes = payload(&values, record_extra);
        let event = TablestoreEvent::from_slice(&bytes).unwrap();
        for (column, (w, _)) in event.records[0].columns.iter().zip(&values) {
            let Some(TablestoreValue::Double(d)) = &column.value else {
                panic!("not a Double: {column:?}");
            };
            prop_assert_eq!(d.width(), Some(w.width()));
        }
        let out = event.encode().unwrap();
        prop_assert_eq!(out, bytes);
    }
}

#[test]
fn a_float32_that_float16_holds_stays_float32() {
    let bytes = event(int(1), vec![put("c", f32(1.5))]);
    let e = TablestoreEvent::from_slice(&bytes).unwrap();
    assert_eq!(e.to_cbor_vec().unwrap(), bytes);
    // Without the width (a hand-built value) the shortest exact width is written.
    let mut plain = e.clone();
    plain.records[0].columns[0].value = Some(TablestoreValue::from(1.5));
    let out = plain.to_cbor_vec().unwrap();
    assert_ne!(out, bytes);
    assert!(
        out.windows(3).any(|w| w == [0xf9, 0x3e, 0x00]),
        "{out:02x?}"
    );
}

#[test]
fn a_float64_that_float32_holds_stays_float64() {
    let bytes = event(int(1), vec![put("c", f64(0.25)), put("d", f64(-0.0))]);
    let e = TablestoreEvent::from_slice(&bytes).unwrap();
    assert_eq!(e.to_cbor_vec().unwrap(), bytes);
}

#[test]
fn a_nan_payload_survives() {
    let bytes = event(
        int(1),
        vec![
            put("h", f16_bits(0x7e01)),
            put("s", Wire::F32(0x7fc0_0001).bytes()),
            put("d", Wire::F64(0xfff8_0000_0000_0001).bytes()),
        ],
    );
    let e = TablestoreEvent::from_slice(&bytes).unwrap();
    assert_eq!(e.to_cbor_vec().unwrap(), bytes);
}

#[test]
fn a_width_given_by_hand_is_written() {
    let mut e = TablestoreEvent::from_slice(&event(int(1), vec![put("c", int(0))])).unwrap();
    let d = TablestoreDouble::with_width(2.0, FloatWidth::F64).unwrap();
    e.records[0].columns[0].value = Some(d.into());
    let expected = event(int(1), vec![put("c", f64(2.0))]);
    assert_eq!(e.to_cbor_vec().unwrap(), expected);
    assert_eq!(TablestoreDouble::with_width(0.1, FloatWidth::F16), None);
    assert_eq!(TablestoreDouble::with_width(65520.0, FloatWidth::F16), None);
}

#[test]
fn json_has_no_width_and_cbor_from_json_is_shortest() {
    let bytes = event(int(1), vec![put("c", f64(2.0))]);
    let e = TablestoreEvent::from_slice(&bytes).unwrap();
    let json = e.to_json_vec().unwrap();
    let from_json = TablestoreEvent::from_slice(&json).unwrap();
    let Some(TablestoreValue::Double(d)) = &from_json.records[0].columns[0].value else {
        panic!("not a Double");
    };
    assert_eq!((d.value(), d.width()), (2.0, None));
    let out = from_json.to_cbor_vec().unwrap();
    assert!(
        out.windows(3).any(|w| w == [0xf9, 0x40, 0x00]),
        "{out:02x?}"
    );
}

#[test]
fn a_failed_decode_leaves_no_widths_behind() {
    // The decode fails before it reaches the float32, so the listed float is never taken; a JSON
    // decode afterwards must not pick it up.
    let bad = event(int(1), vec![vec![0x01], put("c", f32(1.5))]);
    assert!(TablestoreEvent::from_slice(&bad).is_err());
    let json =
        br#"{"Version":"Sync-v1","Records":[{"Type":"PutRow","Info":{"Timestamp":1506416585740836},
      "PrimaryKey":[{"ColumnName":"id","Value":1}],
      "Columns":[{"Type":"Put","ColumnName":"c","Value":1.5,"Timestamp":1506416585741}]}]}"#;
    let e = TablestoreEvent::from_slice(json).unwrap();
    let Some(TablestoreValue::Double(d)) = &e.records[0].columns[0].value else {
        panic!("not a Double");
    };
    assert_eq!((d.value(), d.width()), (1.5, None));
    let good = event(int(1), vec![put("c", f64(1.5))]);
    let e = TablestoreEvent::from_slice(&good).unwrap();
    assert_eq!(e.to_cbor_vec().unwrap(), good);
}
