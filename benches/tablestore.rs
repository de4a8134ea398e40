//! Decoding a 1,000-record Tablestore batch from CBOR (the trigger's wire form) and from the same
//! records as JSON (the console's rendering). Run with `cargo bench --bench tablestore`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use fc_events::tablestore::{
    TablestoreColumn, TablestoreEvent, TablestorePrimaryKeyColumn, TablestoreRecord,
    TablestoreRecordType,
};
use fc_events::Payload;

/// 1,000 records shaped like the documented sample, with every value type.
fn batch() -> TablestoreEvent {
    let records = (0..1_000i64)
        .map(|i| {
            let ts = 1_506_416_585_740_836 + i;
            let ms = ts / 1_000;
            TablestoreRecord::new(
                if i % 10 == 9 {
                    TablestoreRecordType::UpdateRow
                } else {
                    TablestoreRecordType::PutRow
                },
                ts,
                vec![
                    TablestorePrimaryKeyColumn::new("pk_0", 1_506_416_585_881_590_900 + i),
                    TablestorePrimaryKeyColumn::new(
                        "pk_1",
                        format!("2017-09-26 17:03:05.{i:07} +0800 CST"),
                    ),
                    TablestorePrimaryKeyColumn::new("pk_2", ms * 1_000),
                ],
                vec![
                    TablestoreColumn::put("attr_0", "hello_table_store", ms),
                    TablestoreColumn::put("attr_1", i * 7_919, ms),
                    TablestoreColumn::put("attr_2", i as f64 / 3.0, ms),
                    TablestoreColumn::put("attr_3", i % 2 == 0, ms),
                    TablestoreColumn::put("attr_4", vec![(i % 256) as u8; 16], ms),
                ],
            )
        })
        .collect();
    TablestoreEvent::new(records)
}

fn decode(c: &mut Criterion) {
    let event = batch();
    let cbor = event.to_cbor_vec().unwrap();
    let json = event.to_json_vec().unwrap();
    // Same content both ways: the benchmark compares decoders, not payloads.
    assert_eq!(TablestoreEvent::from_slice(&cbor).unwrap(), event);
    assert_eq!(TablestoreEvent::from_slice(&json).unwrap(), event);

    let mut group = c.benchmark_group("tablestore_decode_1000_records");
    group.throughput(Throughput::Elements(1_000));
    group.bench_function(format!("cbor_{}_bytes", cbor.len()), |b| {
        b.iter(|| TablestoreEvent::from_slice(black_box(&cbor)).unwrap())
    });
    group.bench_function(format!("json_{}_bytes", json.len()), |b| {
        b.iter(|| TablestoreEvent::from_slice(black_box(&json)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
