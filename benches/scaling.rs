//! Cost per element as inputs grow: for each shape that can grow (unknown members per object,
//! string-map entries, elements per array, records per batch, string length), decoding an input
//! with 1,000, 10,000 and 100,000 of them. Criterion reports the throughput in elements, so a flat
//! time per element across the three sizes is linear cost. Times are the CPU time of the bench's
//! thread (`support/cpu_time.rs`), not wall time, so waiting for a core on a loaded machine does not
//! count.
//!
//! `cargo bench --bench scaling`; `python3 benches/report.py --scaling` prints the table.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

#[path = "support/cpu_time.rs"]
mod cpu_time;
use cpu_time::CpuTime;
use fc_events::{Event, TriggerKind};
use serde_json::{json, Value};

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

const TIMER: &str = r#""triggerTime":"2023-12-26T07:49:00Z","triggerName":"t""#;

fn fixture(path: &str) -> Value {
    let path = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn with(mut doc: Value, pointer: &str, value: Value) -> Vec<u8> {
    *doc.pointer_mut(pointer).unwrap() = value;
    serde_json::to_vec(&doc).unwrap()
}

fn members(n: usize, value: impl Fn(usize) -> Value) -> Value {
    Value::Object((0..n).map(|i| (format!("m{i:06}"), value(i))).collect())
}

type Build = Box<dyn Fn(usize) -> Vec<u8>>;

fn shapes() -> Vec<(&'static str, TriggerKind, Build)> {
    let oss = fixture("oss/oss-fc3-doc-trigger-event-formats-1.json");
    let apigw = fixture("apigw-request/apigw-request-edge-string-flag.json");
    let mns = fixture("mns-topic/mns-topic-edge-stream-attrs-more.json");
    let cdn = fixture("cdn/cdn-edge-cached-objects-pushed.json");
    let kafka = fixture("kafka/kafka-edge-single-object.json");
    let oss2 = oss.clone();
    let apigw2 = apigw.clone();
    let kafka_text = serde_json::to_string(&kafka).unwrap();
    vec![
        (
            "unknown-members",
            TriggerKind::Oss,
            Box::new(move |n| {
                let mut doc = oss.clone();
                let record = doc
                    .pointer_mut("/events/0")
                    .unwrap()
                    .as_object_mut()
                    .unwrap();
                for i in 0..n {
                    record.insert(format!("zz{i}"), json!(i));
                }
                serde_json::to_vec(&doc).unwrap()
            }),
        ),
        (
            "headers",
            TriggerKind::ApigwRequest,
            Box::new(move |n| {
                with(
                    apigw.clone(),
                    "/headers",
                    members(n, |i| json!(format!("v{i}"))),
                )
            }),
        ),
        (
            "queryParameters",
            TriggerKind::ApigwRequest,
            Box::new(move |n| {
                with(
                    apigw2.clone(),
                    "/queryParameters",
                    members(n, |i| json!(format!("v{i}"))),
                )
            }),
        ),
        (
            "mns-attrs",
            TriggerKind::MnsTopic,
            Box::new(move |n| with(mns.clone(), "/attrs", members(n, |i| json!(i.to_string())))),
        ),
        (
            "userMeta",
            TriggerKind::Oss,
            Box::new(move |n| {
                with(
                    oss2.clone(),
                    "/events/0/oss/object/objectMeta/userMeta",
                    members(n, |i| json!(format!("v{i}"))),
                )
            }),
        ),
        (
            "array-elements",
            TriggerKind::Cdn,
            Box::new(move |n| {
                let paths: Vec<Value> = (0..n).map(|i| json!(format!("/p/{i}"))).collect();
                with(
                    cdn.clone(),
                    "/events/0/eventParameter/objectPath",
                    Value::Array(paths),
                )
            }),
        ),
        (
            "unknown-array-elements",
            TriggerKind::Timer,
            Box::new(|n| {
                let a: Vec<String> = (0..n).map(|i| i.to_string()).collect();
                format!(r#"{{{TIMER},"x":[{}]}}"#, a.join(",")).into_bytes()
            }),
        ),
        (
            "batch-records",
            TriggerKind::Kafka,
            Box::new(move |n| serde_json::to_vec(&Value::Array(vec![kafka.clone(); n])).unwrap()),
        ),
        (
            "batch-string-records",
            TriggerKind::Kafka,
            Box::new(move |n| {
                serde_json::to_vec(&Value::Array(vec![json!(kafka_text); n])).unwrap()
            }),
        ),
        (
            "string-bytes",
            TriggerKind::Timer,
            Box::new(|n| format!(r#"{{{TIMER},"payload":"{}"}}"#, "a".repeat(n)).into_bytes()),
        ),
    ]
}

fn scaling(c: &mut Criterion<CpuTime>) {
    for (name, kind, build) in shapes() {
        let mut g = c.benchmark_group(format!("scaling-{name}"));
        g.sample_size(10);
        for n in SIZES {
            let bytes = build(n);
            assert!(Event::from_slice_as(kind, &bytes).is_ok(), "{name} at {n}");
            g.throughput(Throughput::Elements(n as u64));
            g.bench_with_input(BenchmarkId::from_parameter(n), &bytes, |b, bytes| {
                b.iter(|| Event::from_slice_as(kind, black_box(bytes)).unwrap())
            });
        }
        g.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(CpuTime::default());
    targets = scaling
}
criterion_main!(benches);
