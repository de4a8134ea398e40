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

/// The OSS model as plain derived structs that drop unknown members, with text members of type
/// `$text`: with `Text` (the same member types as the crate) the cost floor for capture; with
/// `String`, the ad-hoc structs a handler would write by hand.
macro_rules! plain_oss {
    ($m:ident, $text:ty) => {
        #[allow(dead_code)] // the fields exist to be decoded, not read
        mod $m {
            use super::Deserialize;

            #[derive(Deserialize)]
            pub struct Event {
                pub events: Vec<Record>,
            }
            #[derive(Deserialize)]
            #[serde(rename_all = "camelCase")]
            pub struct Record {
                pub event_name: $text,
                pub event_source: $text,
                pub event_time: $text,
                pub event_version: $text,
                pub region: $text,
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
                pub oss_schema_version: $text,
                pub rule_id: $text,
            }
            #[derive(Deserialize)]
            #[serde(rename_all = "camelCase")]
            pub struct Bucket {
                pub name: $text,
                pub arn: $text,
                pub owner_identity: $text,
                pub virtual_bucket: Option<$text>,
            }
            #[derive(Deserialize)]
            #[serde(rename_all = "camelCase")]
            pub struct Object {
                pub key: $text,
                pub size: i64,
                pub delta_size: i64,
                #[serde(rename = "eTag")]
                pub e_tag: Option<$text>,
                pub object_meta: Option<ObjectMeta>,
            }
            #[derive(Deserialize)]
            #[serde(rename_all = "camelCase")]
            pub struct ObjectMeta {
                pub mime_type: Option<$text>,
                pub user_meta: Option<std::collections::BTreeMap<String, $text>>,
            }
            #[derive(Deserialize)]
            pub struct RequestParameters {
                #[serde(rename = "sourceIPAddress")]
                pub source_ip_address: $text,
            }
            #[derive(Deserialize)]
            #[serde(rename_all = "camelCase")]
            pub struct ResponseElements {
                pub request_id: $text,
            }
            #[derive(Deserialize)]
            #[serde(rename_all = "camelCase")]
            pub struct UserIdentity {
                pub principal_id: $text,
            }
        }
    };
}

plain_oss!(plain, fc_events::Text);
plain_oss!(adhoc, String);

fn oss_capture_cost(c: &mut Criterion) {
    let Some(bytes) = samples::sample(TriggerKind::Oss) else {
        return;
    };
    let mut g = c.benchmark_group("oss-capture");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("plain-derive", |b| {
        b.iter(|| serde_json::from_slice::<plain::Event>(black_box(bytes)).unwrap())
    });
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
    g.bench_function("capture", |b| {
        b.iter(|| serde_json::from_slice::<fc_events::oss::OssEvent>(black_box(bytes)).unwrap())
    });
    g.finish();
}

criterion_group!(benches, per_kind, oss_capture_cost);
criterion_main!(benches);
