//! Complexity guard (not a timing test) for the DataHub and destination-record kinds: decoding,
//! validating, re-encoding and the typed accessors of a payload with 100,000 elements must cost at
//! most 50 times the linear extrapolation of the same work on 1,000 elements. Cost is counted, not
//! timed: the number of allocations and the bytes allocated, recorded by a counting allocator (one
//! test in this binary, so nothing else allocates meanwhile).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering};

use fc_events::datahub::DatahubEvent;
use fc_events::destination::DestinationRecord;
use fc_events::validate::validate;
use fc_events::Payload;

struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(new_size as u64, Ordering::Relaxed);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const SMALL: usize = 1_000;
const LARGE: usize = 100_000;
const SLACK: u64 = 50;

/// (allocations, bytes) spent by `f`.
fn cost(f: impl FnOnce()) -> (u64, u64) {
    let (a, b) = (
        ALLOCATIONS.load(Ordering::Relaxed),
        BYTES.load(Ordering::Relaxed),
    );
    f();
    (
        ALLOCATIONS.load(Ordering::Relaxed) - a,
        BYTES.load(Ordering::Relaxed) - b,
    )
}

fn datahub(n: usize, valid: bool) -> Vec<u8> {
    let mut s = String::from(
        r#"{"eventSource":"acs:datahub","eventName":"acs:datahub:putRecord","eventSourceARN":"/projects/p/topics/t","region":"cn-hangzhou","records":["#,
    );
    for i in 0..n {
        if i > 0 {
            s.push(',');
        }
        let id = if valid {
            format!("{}:{i}", i % 8)
        } else {
            format!("{i}")
        };
        s.push_str(&format!(
            r#"{{"eventId":"{id}","systemTime":{},"data":"[\"{i}\",null,\"x\"]"}}"#,
            if valid {
                1_463_000_123_000u64 + i as u64
            } else {
                i as u64
            }
        ));
    }
    s.push_str("]}");
    s.into_bytes()
}

fn datahub_work(bytes: &[u8]) {
    let event = DatahubEvent::decode(bytes).unwrap();
    let faults = validate(&event);
    let out = event.encode().unwrap();
    let mut columns = 0;
    for r in &event.records {
        columns += r.columns().unwrap().len();
        std::hint::black_box(r.shard_and_sequence());
    }
    std::hint::black_box((faults, out, columns, event.project_and_topic()));
}

fn destination(n: usize) -> Vec<u8> {
    let items: Vec<String> = (0..n).map(|i| format!(r#"{{\"i\":{i}}}"#)).collect();
    format!(
        r#"{{"timestamp":1600000000000,"requestContext":{{"requestId":"r","functionArn":"acs:fc:::services/s.LATEST/functions/f","condition":"UnhandledInvocationError","approximateInvokeCount":1}},"requestPayload":"[{}]","responseContext":{{"statusCode":200,"functionError":"UnhandledInvocationError"}},"responsePayload":"{}"}}"#,
        items.join(","),
        "x".repeat(n)
    )
    .into_bytes()
}

fn destination_work(bytes: &[u8]) {
    let record = DestinationRecord::decode(bytes).unwrap();
    let faults = validate(&record);
    let out = record.encode().unwrap();
    let parsed = record.request_payload_json().unwrap();
    std::hint::black_box((faults, out, parsed, record.response_payload_json()));
}

fn check(name: &str, small: (u64, u64), large: (u64, u64)) {
    let scale = (LARGE / SMALL) as u64;
    for (what, s, l) in [
        ("allocations", small.0, large.0),
        ("bytes", small.1, large.1),
    ] {
        let bound = SLACK * scale * s.max(1);
        assert!(
            l <= bound,
            "{name}: {what} at {LARGE} elements: {l}, above {SLACK}x the linear extrapolation of {s} at {SMALL} ({bound})"
        );
        eprintln!(
            "{name}: {what} {s} at {SMALL}, {l} at {LARGE} ({:.1}x linear)",
            l as f64 / (scale * s.max(1)) as f64
        );
    }
}

#[test]
fn cost_grows_linearly_with_the_number_of_elements() {
    for valid in [true, false] {
        let (small, large) = (datahub(SMALL, valid), datahub(LARGE, valid));
        let name = if valid {
            "datahub"
        } else {
            "datahub, every record faulty"
        };
        check(
            name,
            cost(|| datahub_work(&small)),
            cost(|| datahub_work(&large)),
        );
    }
    let (small, large) = (destination(SMALL), destination(LARGE));
    check(
        "fc-destination",
        cost(|| destination_work(&small)),
        cost(|| destination_work(&large)),
    );
}
