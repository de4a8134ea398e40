//! Trigger definitions at scale: the cost per definition (or per character) of the config paths
//! (checking a file, and placing its faults with `ConfigReport::positions`) at
//! 1,000, 10,000 and 100,000, which stays flat when the path is linear. Run with
//! `cargo bench --bench scaling_config`; `python3 benches/report.py --scaling` prints the table.
//! Times are the CPU time of the bench's thread (`support/cpu_time.rs`), not wall time.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

#[path = "support/cpu_time.rs"]
mod cpu_time;
use cpu_time::CpuTime;
use fc_events::trigger::{check_config_slice, CronSchedule};

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

/// A named input shape: its name and how to make it at size `n`.
type Shape<T> = (&'static str, fn(usize) -> T);

/// `n` definitions of mixed types over `n / 5` buckets, none conflicting.
fn mixed(n: usize) -> Vec<u8> {
    let defs: Vec<String> = (0..n)
        .map(|i| match i % 3 {
            0 => format!(
                r#"{{"triggerName":"oss{i}","triggerType":"oss","sourceArn":"acs:oss:cn-hangzhou:1:bucket-{}","triggerConfig":{{"events":["oss:ObjectCreated:PutObject","oss:ObjectRemoved:*"],"filter":{{"key":{{"prefix":"dir{i}/","suffix":".zip"}}}}}}}}"#,
                i % (n / 5)
            ),
            1 => format!(
                r#"{{"triggerName":"timer{i}","triggerType":"timer","triggerConfig":{{"cronExpression":"0 {} 4 * * *","enable":true}}}}"#,
                i % 60
            ),
            _ => format!(
                r#"{{"triggerName":"http{i}","triggerType":"http","triggerConfig":"{{\"authType\":\"anonymous\",\"methods\":[\"GET\",\"POST\"]}}"}}"#
            ),
        })
        .collect();
    format!("[{}]", defs.join(",")).into_bytes()
}

/// `n` OSS triggers on one bucket that all overlap each other.
fn overlapping(n: usize) -> Vec<u8> {
    let defs: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"triggerName":"t{i}","triggerType":"oss","sourceArn":"acs:oss:cn-hangzhou:1:one-bucket","triggerConfig":{{"events":["oss:ObjectCreated:*"],"filter":{{"key":{{"prefix":"p","suffix":""}}}}}}}}"#
            )
        })
        .collect();
    format!("[{}]", defs.join(",")).into_bytes()
}

/// `n` timer definitions, each with one fault (an hour of 24), one per line.
fn faulty_timers(n: usize) -> Vec<u8> {
    let defs: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"triggerName":"t{i}","triggerType":"timer","triggerConfig":{{"cronExpression":"0 0 24 * * *","enable":true}}}}"#
            )
        })
        .collect();
    format!("[\n{}\n]", defs.join(",\n")).into_bytes()
}

/// Two OSS triggers whose event patterns and key filters are `n` characters long.
fn long_patterns(n: usize) -> Vec<u8> {
    let affix = "ab".repeat(n / 2);
    let def = |name: &str, events: &str, prefix: &str, suffix: &str| {
        format!(
            r#"{{"triggerName":"{name}","triggerType":"oss","sourceArn":"acs:oss:cn-hangzhou:1:one-bucket","triggerConfig":{{"events":["{events}"],"filter":{{"key":{{"prefix":"{prefix}","suffix":"{suffix}"}}}}}}}}"#
        )
    };
    format!(
        "[{},{}]",
        def("a", &format!("oss:{}", "*a".repeat(n / 2)), &affix, &affix),
        def(
            "b",
            &format!("oss:{}", "a*".repeat(n / 2)),
            &affix[..n / 2],
            &affix[n / 2..]
        )
    )
    .into_bytes()
}

fn scaling(c: &mut Criterion<CpuTime>) {
    let shapes: [Shape<Vec<u8>>; 3] = [
        ("mixed-definitions", mixed),
        ("overlapping-oss", overlapping),
        ("pattern-characters", long_patterns),
    ];
    for (name, make) in shapes {
        let mut g = c.benchmark_group(name);
        g.sample_size(10);
        for n in SIZES {
            let bytes = make(n);
            g.throughput(Throughput::Elements(n as u64));
            g.bench_with_input(BenchmarkId::from_parameter(n), &bytes, |b, bytes| {
                b.iter(|| check_config_slice(black_box(bytes)))
            });
        }
        g.finish();
    }
    // Placing the faults of a file: one fault per definition (an hour of 24), all placed in one
    // pass over the file.
    let mut g = c.benchmark_group("fault-positions");
    g.sample_size(10);
    for n in SIZES {
        let bytes = faulty_timers(n);
        let report = check_config_slice(&bytes);
        assert_eq!(report.faults.len(), n, "one fault per definition");
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), &bytes, |b, bytes| {
            b.iter(|| report.positions(black_box(bytes)))
        });
    }
    g.finish();
    let cron: [Shape<String>; 2] = [
        ("cron-list-characters", |n| {
            let list: Vec<String> = (0..n / 3).map(|i| (i % 60).to_string()).collect();
            format!("{} 0 4 * * *", list.join(","))
        }),
        ("every-term-characters", |n| {
            format!("@every {}", "1m0s".repeat(n / 4))
        }),
    ];
    for (name, make) in cron {
        let mut g = c.benchmark_group(name);
        g.sample_size(10);
        for n in SIZES {
            let text = make(n);
            g.throughput(Throughput::Elements(n as u64));
            g.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| {
                b.iter(|| CronSchedule::parse(black_box(text)).unwrap())
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
