//! Complexity guards: for each shape that can grow (unknown members per object, string-map
//! entries, elements per array, records per batch, nesting depth, string length), decoding,
//! validating and encoding an input of 100,000 members/entries/elements/records/levels/bytes must
//! cost less than 50 times its linear share of the same input at 1,000 (that is, < 50 × 100 × the
//! cost at 1,000). Linear code takes about 100×; quadratic code takes about 10,000× and fails.
//! Speed itself is measured by `benches/scaling.rs`.

mod common;

use std::time::{Duration, Instant};

use fc_events::{Event, TriggerKind};
use serde_json::{json, Value};

const SMALL: usize = 1_000;
const LARGE: usize = 100_000;

/// How the payload's kind is known: named by the caller, or detected from the bytes.
#[derive(Clone, Copy, Debug)]
enum Path {
    Named,
    Detected,
}

/// Decodes (with the kind named, or detected), validates and encodes `bytes` once: whether it
/// decoded, and the time that took. A payload that does not decode costs its failed decode.
fn run_once(kind: TriggerKind, path: Path, bytes: &[u8]) -> (bool, Duration) {
    let start = Instant::now();
    let event = match path {
        Path::Named => Event::from_slice_as(kind, bytes),
        Path::Detected => Event::from_slice(bytes),
    };
    let decoded = match event {
        Ok(event) => {
            assert_eq!(event.kind(), kind, "{path:?}: the kind");
            std::hint::black_box(event.validate());
            std::hint::black_box(event.to_vec().expect("encodes"));
            true
        }
        Err(_) => false,
    };
    (decoded, start.elapsed())
}

/// The least time of `runs` runs (the least is the one least disturbed by other work on the
/// machine).
fn cost(kind: TriggerKind, path: Path, bytes: &[u8], runs: usize) -> Duration {
    (0..runs)
        .map(|_| run_once(kind, path, bytes).1)
        .min()
        .unwrap()
}

/// Checks the bound for one shape, on both paths (the kind named, and detected from the bytes);
/// `build(n)` is the payload with `n` of the growing thing.
fn linear(shape: &str, kind: TriggerKind, decodes: bool, build: impl Fn(usize) -> Vec<u8>) {
    let small = build(SMALL);
    let large = std::sync::Arc::new(build(LARGE));
    for path in [Path::Named, Path::Detected] {
        linear_on(shape, kind, path, decodes, &small, &large);
    }
}

/// The bound for one shape on one path.
///
/// The large input runs on a thread of its own, again (up to three runs) when a run was over the bound
/// (interference only adds time), and passes when a run stays under the bound. A run still going
/// when the bound has passed fails the guard then, instead of waiting for quadratic code to finish
/// (10,000 × the small cost: hours at 100,000).
fn linear_on(
    shape: &str,
    kind: TriggerKind,
    path: Path,
    decodes: bool,
    small: &[u8],
    large: &std::sync::Arc<Vec<u8>>,
) {
    // Warm up, then measure the small input well (it is quick).
    cost(kind, path, small, 3);
    let small_cost = cost(kind, path, small, 20);
    let bound = small_cost * (50 * (LARGE / SMALL) as u32);
    // A further run starts only when asked for (the one before was over the bound).
    let (done, runs) = std::sync::mpsc::channel();
    let (again, asked) = std::sync::mpsc::channel::<()>();
    let large = std::sync::Arc::clone(large);
    std::thread::spawn(move || {
        while done.send(run_once(kind, path, &large)).is_ok() && asked.recv().is_ok() {}
    });
    for run in 1..=3 {
        let Ok((decoded, large_cost)) = runs.recv_timeout(bound) else {
            panic!(
                "{shape} ({path:?}): {LARGE} still running after 50 × 100 × the {small_cost:?} of {SMALL}"
            );
        };
        assert_eq!(decoded, decodes, "{shape} ({path:?}): decodes at {LARGE}");
        if large_cost < bound {
            return;
        }
        assert!(
            run < 3,
            "{shape} ({path:?}): {LARGE} cost {large_cost:?}, above 50 × 100 × the {small_cost:?} of {SMALL}"
        );
        again.send(()).unwrap();
    }
}

fn fixture(path: &str) -> Value {
    let bytes = std::fs::read(common::fixtures_dir().join(path)).unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

/// `doc` with the value at `pointer` replaced.
fn with(mut doc: Value, pointer: &str, value: Value) -> Vec<u8> {
    *doc.pointer_mut(pointer).unwrap() = value;
    serde_json::to_vec(&doc).unwrap()
}

fn members(n: usize, value: impl Fn(usize) -> Value) -> Value {
    Value::Object((0..n).map(|i| (format!("m{i:06}"), value(i))).collect())
}

const TIMER: &str = r#""triggerTime":"2023-12-26T07:49:00Z","triggerName":"t""#;

#[test]
fn unknown_members_per_object() {
    linear(
        "unknown members of a timer event",
        TriggerKind::Timer,
        true,
        |n| {
            let m: String = (0..n).map(|i| format!(r#","m{i}":{i}"#)).collect();
            format!("{{{TIMER}{m}}}").into_bytes()
        },
    );
    let oss = fixture("oss/oss-fc3-doc-trigger-event-formats-1.json");
    linear(
        "unknown members of an OSS record",
        TriggerKind::Oss,
        true,
        |n| {
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
        },
    );
    let mns = fixture("mns-topic/mns-topic-edge-stream-attrs-more.json");
    linear("MNS topic attrs", TriggerKind::MnsTopic, true, |n| {
        with(mns.clone(), "/attrs", members(n, |i| json!(i.to_string())))
    });
}

#[test]
fn string_map_entries() {
    let apigw = fixture("apigw-request/apigw-request-edge-string-flag.json");
    for member in ["/headers", "/queryParameters"] {
        linear(member, TriggerKind::ApigwRequest, true, |n| {
            with(
                apigw.clone(),
                member,
                members(n, |i| json!(format!("v{i}"))),
            )
        });
    }
    let oss = fixture("oss/oss-fc3-doc-trigger-event-formats-1.json");
    linear("OSS userMeta", TriggerKind::Oss, true, |n| {
        with(
            oss.clone(),
            "/events/0/oss/object/objectMeta/userMeta",
            members(n, |i| json!(format!("v{i}"))),
        )
    });
}

#[test]
fn elements_per_array() {
    linear("an unknown array member", TriggerKind::Timer, true, |n| {
        let a: Vec<String> = (0..n).map(|i| i.to_string()).collect();
        format!(r#"{{{TIMER},"x":[{}]}}"#, a.join(",")).into_bytes()
    });
    let cdn = fixture("cdn/cdn-edge-cached-objects-pushed.json");
    linear("CDN objectPath", TriggerKind::Cdn, true, |n| {
        let paths: Vec<Value> = (0..n).map(|i| json!(format!("/p/{i}"))).collect();
        with(
            cdn.clone(),
            "/events/0/eventParameter/objectPath",
            Value::Array(paths),
        )
    });
}

#[test]
fn records_per_batch() {
    let kafka = fixture("kafka/kafka-edge-single-object.json");
    linear("Kafka records", TriggerKind::Kafka, true, |n| {
        serde_json::to_vec(&Value::Array(vec![kafka.clone(); n])).unwrap()
    });
    let as_string = serde_json::to_string(&kafka).unwrap();
    linear(
        "Kafka records sent as strings",
        TriggerKind::Kafka,
        true,
        |n| serde_json::to_vec(&Value::Array(vec![json!(as_string); n])).unwrap(),
    );
    // Records whose data does not fit its model: the payload is read again, each data kept as
    // its text and typed from it.
    let mut misfit = kafka.clone();
    misfit["data"]["offset"] = json!("not a number");
    linear(
        "Kafka records with misfit data",
        TriggerKind::Kafka,
        true,
        |n| serde_json::to_vec(&Value::Array(vec![misfit.clone(); n])).unwrap(),
    );
    let one_misfit_last = |n: usize| {
        let mut records = vec![kafka.clone(); n];
        records[n - 1] = misfit.clone();
        serde_json::to_vec(&Value::Array(records)).unwrap()
    };
    linear(
        "Kafka records, the last with misfit data",
        TriggerKind::Kafka,
        true,
        one_misfit_last,
    );
}

#[test]
fn base64_symbols() {
    // An MNS topic STREAM body as `{"$blob": ...}` (its JSON rendering, read when the kind is named;
    // detection does not take that shape): decoded from base64 while the payload is read.
    let blob = |n: usize| format!(r#"{{"$blob":"{}"}}"#, "QUJD".repeat(n / 4 + 1)).into_bytes();
    let (small, large) = (blob(SMALL), std::sync::Arc::new(blob(LARGE)));
    let shape = "base64 symbols of a $blob";
    linear_on(
        shape,
        TriggerKind::MnsTopic,
        Path::Named,
        true,
        &small,
        &large,
    );
}

#[test]
fn nesting_depth() {
    // Past 128 levels a kept value is rejected; the rejection must not cost more than the input.
    linear(
        "nested arrays in an unknown member",
        TriggerKind::Timer,
        false,
        |n| format!(r#"{{{TIMER},"x":{}{}}}"#, "[".repeat(n), "]".repeat(n)).into_bytes(),
    );
    linear(
        "nested objects in an unknown member",
        TriggerKind::Timer,
        false,
        |n| {
            format!(
                r#"{{{TIMER},"x":{}1{}}}"#,
                r#"{"a":"#.repeat(n),
                "}".repeat(n)
            )
            .into_bytes()
        },
    );
}

#[test]
fn string_length() {
    linear("a long payload string", TriggerKind::Timer, true, |n| {
        format!(r#"{{{TIMER},"payload":"{}"}}"#, "a\\u00e9".repeat(n / 7)).into_bytes()
    });
    linear(
        "a long unknown member string",
        TriggerKind::Timer,
        true,
        |n| format!(r#"{{{TIMER},"x":"{}"}}"#, "\\n\\u00e9z".repeat(n / 9)).into_bytes(),
    );
    // Escaped quotes: a string measured, then unescaped, in two passes.
    linear(
        "a string of escaped quotes",
        TriggerKind::Timer,
        true,
        |n| format!(r#"{{{TIMER},"payload":"{}"}}"#, "\\\"".repeat(n / 2)).into_bytes(),
    );
    // Read to its end, then refused there: read a second time by the reference reader.
    linear(
        "a long string with a bad escape at its end",
        TriggerKind::Timer,
        false,
        |n| format!(r#"{{{TIMER},"payload":"{}\x"}}"#, "a\\n".repeat(n / 3)).into_bytes(),
    );
}

/// Shapes that only detection reads: members before the ones that tell the kind apart, batches
/// whose records are read to decide, and a CloudEvents envelope read by the byte-level pre-scan.
#[test]
fn detection_shapes() {
    linear(
        "unknown members before a timer's own",
        TriggerKind::Timer,
        true,
        |n| {
            let m: String = (0..n).map(|i| format!(r#""m{i}":{i},"#)).collect();
            format!("{{{m}{TIMER}}}").into_bytes()
        },
    );
    linear(
        "a deep unknown member before a timer's own",
        TriggerKind::Timer,
        false,
        |n| format!(r#"{{"x":{}{},{TIMER}}}"#, "[".repeat(n), "]".repeat(n)).into_bytes(),
    );
    // Object members come out of `serde_json::Map` sorted: the text is built by hand to keep the
    // added members first.
    let eventbridge = serde_json::to_string(&fixture(
        "eventbridge/eventbridge-edge-custom-delivered.json",
    ))
    .unwrap();
    let own = &eventbridge[1..];
    linear(
        "unknown members before an EventBridge event's own",
        TriggerKind::Eventbridge,
        true,
        |n| {
            let m: String = (0..n).map(|i| format!(r#""m{i}":{i},"#)).collect();
            format!("{{{m}{own}").into_bytes()
        },
    );
    linear(
        "a long string before an EventBridge event's own",
        TriggerKind::Eventbridge,
        true,
        |n| format!(r#"{{"x":"{}",{own}"#, "\\\"a".repeat(n / 3)).into_bytes(),
    );
    let mqtt = fixture("mqtt/mqtt-edge-single.json");
    linear("MQTT batch records", TriggerKind::Mqtt, true, |n| {
        serde_json::to_vec(&Value::Array(vec![mqtt.clone(); n])).unwrap()
    });
    let rocketmq = fixture("rocketmq/rocketmq-edge-single-apache.json");
    linear("RocketMQ batch records", TriggerKind::Rocketmq, true, |n| {
        serde_json::to_vec(&Value::Array(vec![rocketmq.clone(); n])).unwrap()
    });
    let cdn = fixture("cdn/cdn-edge-cached-objects-pushed.json");
    linear("CDN events", TriggerKind::Cdn, true, |n| {
        let events = cdn["events"].as_array().unwrap();
        with(
            cdn.clone(),
            "/events",
            Value::Array(events.iter().cycle().take(n).cloned().collect()),
        )
    });
}
