//! Decode, validate and encode throughput per trigger kind, beside `serde_json::Value` (what hand
//! parsing costs) and, for OSS, beside plain derived structs without unknown-member capture.
//!
//! `cargo bench --bench decode`; `python3 benches/report.py` turns the results into ratios.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use fc_events::{samples, Event, Payload, TriggerKind};

fn per_kind(c: &mut Criterion) {
    for &kind in TriggerKind::ALL {
        let Some(bytes) = samples::sample(kind) else {
            continue;
        };
        let Ok(event) = Event::from_slice_as(kind, bytes) else {
            continue;
        };
        let mut g = c.benchmark_group(kind.name());
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        if serde_json::from_slice::<serde_json::Value>(bytes).is_ok() {
            g.bench_function("value", |b| {
                b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(bytes)).unwrap())
            });
        }
        g.bench_function("typed", |b| {
            b.iter(|| Event::from_slice_as(kind, black_box(bytes)).unwrap())
        });
        // IoT payloads are never detected.
        if Event::from_slice(bytes).is_ok() {
            g.bench_function("detect+typed", |b| {
                b.iter(|| Event::from_slice(black_box(bytes)).unwrap())
            });
        }
        g.bench_function("validate", |b| b.iter(|| black_box(&event).validate()));
        g.bench_function("encode", |b| b.iter(|| black_box(&event).to_vec().unwrap()));
        g.finish();
    }
}

#[path = "support/oss_structs.rs"]
mod oss_structs;
use oss_structs::{adhoc, plain};

fn oss_capture_cost(c: &mut Criterion) {
    let Some(bytes) = samples::sample(TriggerKind::Oss) else {
        return;
    };
    let mut g = c.benchmark_group("oss-capture");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    // The crate's read: one UTF-8 check, then the text (`Payload::decode`).
    g.bench_function("capture", |b| {
        b.iter(|| <fc_events::oss::OssEvent as Payload>::decode(black_box(bytes)).unwrap())
    });
    // The same member types without capture, read the same way: what capture alone costs.
    g.bench_function("plain-derive", |b| {
        b.iter(|| {
            let text = std::str::from_utf8(black_box(bytes)).unwrap();
            serde_json::from_str::<plain::Event>(text).unwrap()
        })
    });
    // Ad-hoc structs as often written: `from_slice` checks UTF-8 string by string.
    g.bench_function("adhoc-string", |b| {
        b.iter(|| serde_json::from_slice::<adhoc::Event>(black_box(bytes)).unwrap())
    });
    // What a careful user would write: the input checked as UTF-8 once, then read as text.
    g.bench_function("adhoc-string-utf8-once", |b| {
        b.iter(|| {
            let text = std::str::from_utf8(black_box(bytes)).unwrap();
            serde_json::from_str::<adhoc::Event>(text).unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, per_kind, oss_capture_cost);
criterion_main!(benches);
