//! Arbitrary Tablestore events round-trip through CBOR, through JSON, and through CBOR -> JSON -> CBOR.

use fc_events::tablestore::{
    TablestoreColumn, TablestoreColumnType, TablestoreEvent, TablestorePrimaryKeyColumn,
    TablestoreRecord, TablestoreRecordType, TablestoreValue, TablestoreWireFormat,
};
use fc_events::{AnyValue, Map, Payload};
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;

fn finite_f64() -> impl Strategy<Value = f64> {
    use proptest::num::f64::*;
    (NORMAL | SUBNORMAL | ZERO | NEGATIVE | POSITIVE).prop_filter("finite", |f| f.is_finite())
}

fn value() -> impl Strategy<Value = TablestoreValue> {
    prop_oneof![
        any::<i64>().prop_map(TablestoreValue::Integer),
        prop_oneof![Just(i64::MIN), Just(i64::MAX), Just(0i64)].prop_map(TablestoreValue::Integer),
        "\\PC{0,12}".prop_map(TablestoreValue::String),
        vec(any::<u8>(), 0..12).prop_map(TablestoreValue::Blob),
        finite_f64().prop_map(TablestoreValue::from),
        prop_oneof![
            Just(0.0f64),
            Just(-0.0),
            Just(2.0),
            Just(f64::MAX),
            Just(5e-324)
        ]
        .prop_map(TablestoreValue::from),
        any::<bool>().prop_map(TablestoreValue::Boolean),
    ]
}

fn pk_value() -> impl Strategy<Value = TablestoreValue> {
    prop_oneof![
        any::<i64>().prop_map(TablestoreValue::Integer),
        "\\PC{0,12}".prop_map(TablestoreValue::String),
        vec(any::<u8>(), 0..12).prop_map(TablestoreValue::Blob),
    ]
}

/// Any value an unknown member can hold.
fn any_value() -> impl Strategy<Value = AnyValue> {
    let leaf = prop_oneof![
        Just(AnyValue::Null),
        any::<bool>().prop_map(AnyValue::Bool),
        any::<i64>().prop_map(AnyValue::Int),
        ((i64::MAX as u64 + 1)..=u64::MAX).prop_map(AnyValue::UInt),
        finite_f64().prop_map(AnyValue::Float),
        "\\PC{0,8}".prop_map(AnyValue::String),
        vec(any::<u8>(), 0..8).prop_map(AnyValue::Bytes),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(AnyValue::Array),
            btree_map("[a-z]{1,3}", inner, 0..4)
                .prop_map(|m| AnyValue::Object(m.into_iter().collect::<Map>())),
        ]
    })
}

/// Unknown members: names that no Tablestore type models.
fn extra() -> impl Strategy<Value = Map> {
    btree_map("x_[a-zA-Z]{0,4}", any_value(), 0..3).prop_map(|m| m.into_iter().collect())
}

fn column() -> impl Strategy<Value = TablestoreColumn> {
    (
        prop_oneof![
            Just(TablestoreColumnType::Put),
            Just(TablestoreColumnType::DeleteOneVersion),
            Just(TablestoreColumnType::DeleteAllVersions),
            "[A-Z][a-z]{0,6}".prop_map(|s| TablestoreColumnType::from(s.as_str())),
        ],
        "\\PC{0,10}",
        proptest::option::of(value()),
        proptest::option::of(any::<i64>()),
        extra(),
    )
        .prop_map(|(column_type, name, value, ts, extra)| {
            let mut c = TablestoreColumn::put(name, 0, 0);
            c.column_type = column_type;
            c.value = value;
            c.timestamp = ts.map(fc_events::time::EpochMillis);
            c.extra = extra;
            c
        })
}

fn record() -> impl Strategy<Value = TablestoreRecord> {
    (
        prop_oneof![
            Just(TablestoreRecordType::PutRow),
            Just(TablestoreRecordType::UpdateRow),
            Just(TablestoreRecordType::DeleteRow),
            "[A-Z][a-z]{0,6}".prop_map(|s| TablestoreRecordType::from(s.as_str())),
        ],
        any::<i64>(),
        vec(("\\PC{0,8}", pk_value(), extra()), 0..4),
        vec(column(), 0..5),
        extra(),
        extra(),
    )
        .prop_map(|(record_type, ts, pks, columns, info_extra, extra)| {
            let pks = pks
                .into_iter()
                .map(|(n, v, x)| {
                    let mut pk = TablestorePrimaryKeyColumn::new(n, v);
                    pk.extra = x;
                    pk
                })
                .collect();
            let mut r = TablestoreRecord::new(record_type, ts, pks, columns);
            r.info.extra = info_extra;
            r.extra = extra;
            r
        })
}

fn event() -> impl Strategy<Value = TablestoreEvent> {
    ("\\PC{0,8}", vec(record(), 0..4), extra()).prop_map(|(version, records, extra)| {
        let mut e = TablestoreEvent::new(records);
        e.version = version.into();
        e.extra = extra;
        e
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn cbor_round_trip(e in event()) {
        let cbor = e.to_cbor_vec().unwrap();
        let back = TablestoreEvent::from_slice(&cbor).unwrap();
        prop_assert_eq!(back.format, TablestoreWireFormat::Cbor);
        prop_assert_eq!(&back, &e);
        // Re-encoding what was decoded gives the same CBOR value.
        let a: serde_cbor::Value = serde_cbor::from_slice(&back.encode().unwrap()).unwrap();
        let b: serde_cbor::Value = serde_cbor::from_slice(&cbor).unwrap();
        prop_assert_eq!(a, b);
    }

    #[test]
    fn json_round_trip(e in event()) {
        let json = e.to_json_vec().unwrap();
        let back = TablestoreEvent::from_slice(&json).unwrap();
        prop_assert_eq!(back.format, TablestoreWireFormat::Json);
        prop_assert_eq!(&back, &e);
        let a: serde_json::Value = serde_json::from_slice(&back.encode().unwrap()).unwrap();
        let b: serde_json::Value = serde_json::from_slice(&json).unwrap();
        prop_assert_eq!(a, b);
    }

    #[test]
    fn cbor_to_json_to_cbor(e in event()) {
        let cbor = e.to_cbor_vec().unwrap();
        let from_cbor = TablestoreEvent::from_slice(&cbor).unwrap();
        let from_json = TablestoreEvent::from_slice(&from_cbor.to_json_vec().unwrap()).unwrap();
        prop_assert_eq!(&from_json, &e);
        prop_assert_eq!(from_json.to_cbor_vec().unwrap(), cbor);
    }
}
