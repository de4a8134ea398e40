//! Decode, validate and encode throughput per trigger kind, beside `serde_json::Value` (what hand
//! parsing costs) and, for OSS, beside plain derived structs without unknown-member capture.
//!
//! `cargo bench --bench decode`; `python3 benches/report.py` turns the results into ratios.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use fc_events::{samples, Event, TriggerKind};
use serde::Deserialize;

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

/// The OSS model as plain derived structs that drop unknown members: the cost floor for capture.
#[allow(dead_code)] // the fields exist to be decoded, not read
mod plain {
    use super::Deserialize;

    #[derive(Deserialize)]
    pub struct Event {
        pub events: Vec<Record>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Record {
        pub event_name: String,
        pub event_source: String,
        pub event_time: String,
        pub event_version: String,
        pub region: String,
        pub oss: Oss,
        pub request_parameters: RequestParameters,
        pub response_elements: ResponseElements,
        pub user_identity: UserIdentity,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Oss {
        pub bucket: Bucket,
        pub object: Object,
        pub oss_schema_version: String,
        pub rule_id: String,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Bucket {
        pub name: String,
        pub arn: String,
        pub owner_identity: String,
        pub virtual_bucket: Option<String>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Object {
        pub key: String,
        pub size: i64,
        pub delta_size: i64,
        #[serde(rename = "eTag")]
        pub e_tag: Option<String>,
        pub object_meta: Option<ObjectMeta>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct ObjectMeta {
        pub mime_type: Option<String>,
        pub user_meta: Option<std::collections::BTreeMap<String, String>>,
    }
    #[derive(Deserialize)]
    pub struct RequestParameters {
        #[serde(rename = "sourceIPAddress")]
        pub source_ip_address: String,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct ResponseElements {
        pub request_id: String,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct UserIdentity {
        pub principal_id: String,
    }
}

fn oss_capture_cost(c: &mut Criterion) {
    let Some(bytes) = samples::sample(TriggerKind::Oss) else {
        return;
    };
    let mut g = c.benchmark_group("oss-capture");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("plain-derive", |b| {
        b.iter(|| serde_json::from_slice::<plain::Event>(black_box(bytes)).unwrap())
    });
    g.bench_function("capture", |b| {
        b.iter(|| serde_json::from_slice::<fc_events::oss::OssEvent>(black_box(bytes)).unwrap())
    });
    g.finish();
}

criterion_group!(benches, per_kind, oss_capture_cost);
criterion_main!(benches);
