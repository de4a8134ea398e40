//! Hostile Tablestore input: each case must fail with a located error, without panicking and without
//! a large allocation. A counting allocator records the largest single allocation while each case is
//! decoded (the cases run one after another in one test, so nothing else allocates meanwhile).

mod cbor_builder;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use cbor_builder::*;
use fc_events::{DecodeError, Event, TriggerKind};

struct Counting;

static LARGEST: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LARGEST.fetch_max(layout.size(), Ordering::Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LARGEST.fetch_max(new_size, Ordering::Relaxed);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// No single allocation may exceed this while decoding inputs of a few kilobytes.
const BUDGET: usize = 1 << 20;

/// Decodes `bytes` both ways (detected and as Tablestore); both must fail the same way, within budget.
fn hostile(name: &str, bytes: &[u8]) -> DecodeError {
    LARGEST.store(0, Ordering::Relaxed);
    let detected = Event::from_slice(bytes).expect_err(name);
    let typed = Event::from_slice_as(TriggerKind::Tablestore, bytes).expect_err(name);
    let largest = LARGEST.load(Ordering::Relaxed);
    assert!(
        largest <= BUDGET,
        "{name}: allocated {largest} bytes at once"
    );
    // Detection reads JSON itself first, so a JSON syntax error may come from it, without a kind.
    assert_eq!(detected.code, typed.code, "{name}: {detected} / {typed}");
    if bytes.first().is_some_and(|&b| b >= 0x80) {
        assert_eq!(detected, typed, "{name}");
    }
    assert_eq!(typed.kind, Some(TriggerKind::Tablestore), "{name}");
    typed
}

fn expect(name: &str, e: &DecodeError, pointer: &str, path: &str, code: &str, says: &str) {
    assert_eq!(e.pointer(), pointer, "{name}: {e}");
    assert_eq!(e.path(), path, "{name}: {e}");
    assert_eq!(e.code, code, "{name}: {e}");
    assert!(e.message.contains(says), "{name}: {e}");
}

#[test]
fn hostile_cbor() {
    const PK: &str = "/Records/0/PrimaryKey/0/Value";
    const PK_PATH: &str = "Records[0].PrimaryKey[0].Value";

    // Truncated: every proper prefix of a valid payload fails; none panics.
    let valid = event(text("row-1"), vec![put("c", bytes(b"\x01\x02\x03"))]);
    assert!(fc_events::tablestore::TablestoreEvent::from_slice(&valid).is_ok());
    for cut in 1..valid.len() {
        let e = hostile("truncated", &valid[..cut]);
        assert_eq!(e.code, "syntax", "cut at {cut}: {e}");
    }
    // Truncated inside the primary-key value: named there.
    let cut = valid.windows(5).position(|w| w == b"row-1").unwrap() + 2;
    let e = hostile("truncated in value", &valid[..cut]);
    expect(
        "truncated in value",
        &e,
        PK,
        PK_PATH,
        "syntax",
        "the input ends before the item does",
    );

    // A byte string that claims 2^60 bytes (and a text string, and chunks of an indefinite one).
    for (name, header) in [
        (
            "bytes 2^60",
            [vec![0x5b], (1u64 << 60).to_be_bytes().to_vec()].concat(),
        ),
        (
            "text 2^60",
            [vec![0x7b], (1u64 << 60).to_be_bytes().to_vec()].concat(),
        ),
        (
            "chunk 2^60",
            [vec![0x5f, 0x5b], (1u64 << 60).to_be_bytes().to_vec()].concat(),
        ),
        (
            "bytes 2^64-1",
            [vec![0x5b], u64::MAX.to_be_bytes().to_vec()].concat(),
        ),
    ] {
        let mut bytes = event(header, vec![]);
        bytes.extend([0u8; 64]);
        let e = hostile(name, &bytes);
        expect(
            name,
            &e,
            PK,
            PK_PATH,
            "syntax",
            "a length header claims more bytes",
        );
    }

    // Arrays and maps that claim 2^60 elements: no preallocation.
    let mut records = map(&[("Version", text("Sync-v1"))]);
    records[0] += 1;
    records.extend(text("Records"));
    records.extend([vec![0x9b], (1u64 << 60).to_be_bytes().to_vec()].concat());
    let e = hostile("array 2^60", &records);
    expect(
        "array 2^60",
        &e,
        "/Records/0",
        "Records[0]",
        "syntax",
        "ends before",
    );
    let huge_map = [vec![0xbb], (1u64 << 60).to_be_bytes().to_vec()].concat();
    let e = hostile("map 2^60", &event(text("k"), vec![huge_map.clone()]));
    expect(
        "map 2^60",
        &e,
        "/Records/0/Columns/0",
        "Records[0].Columns[0]",
        "syntax",
        "ends before",
    );
    let e = hostile(
        "map 2^60 in unknown member",
        &map(&[
            ("Version", text("Sync-v1")),
            ("Records", array(&[])),
            ("X", huge_map),
        ]),
    );
    expect(
        "map 2^60 in unknown member",
        &e,
        "/X",
        "X",
        "syntax",
        "ends before",
    );

    // 10,000 levels of nesting: as the primary-key value (a type error at once), and in an unknown
    // member (the depth limit), definite and indefinite.
    for (name, open) in [("definite", 0x81u8), ("indefinite", 0x9f)] {
        let mut deep = vec![open; 10_000];
        deep.push(0x00);
        let e = hostile(name, &event(deep.clone(), vec![]));
        expect(name, &e, PK, PK_PATH, "type", "invalid type: sequence");
        let rec = record(vec![pk("id", int(1))], vec![], vec![("Deep", deep)]);
        let doc = map(&[("Version", text("Sync-v1")), ("Records", array(&[rec]))]);
        let e = hostile(name, &doc);
        assert!(e.pointer().starts_with("/Records/0/Deep/0/0/0/0"), "{e}");
        assert_eq!(e.code, "syntax", "{e}");
        assert!(e.message.contains("nested deeper than 127 levels"), "{e}");
    }
    let mut maps = Vec::new();
    for _ in 0..10_000 {
        maps.extend([0xa1, 0x61, b'k']);
    }
    maps.push(0x00);
    let e = hostile("nested maps", &event(int(1), vec![maps]));
    expect("nested maps", &e, "/Records/0/Columns/0/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k/k", e.path(), "syntax", "nested deeper");
    // 10,000 nested tags.
    let mut tags = vec![0xc6; 10_000];
    tags.push(0x00);
    let e = hostile("nested tags", &event(tags, vec![]));
    expect("nested tags", &e, PK, PK_PATH, "type", "tagged CBOR item");

    // A map key that is not text, in a record and in the top-level map.
    let mut rec = head(5, 1);
    rec.extend(bytes(b"Type"));
    rec.extend(text("PutRow"));
    let e = hostile(
        "byte-string key",
        &map(&[("Version", text("Sync-v1")), ("Records", array(&[rec]))]),
    );
    expect(
        "byte-string key",
        &e,
        "/Records/0",
        "Records[0]",
        "type",
        "expected a text map key",
    );
    let mut top = head(5, 1);
    top.extend(int(-7));
    top.extend(text("x"));
    let e = hostile("integer key", &top);
    expect("integer key", &e, "", "", "type", "expected a text map key");

    // A primary-key value that is a map (and one that is an array, and null).
    for (name, value, says) in [
        ("map value", map(&[("a", int(1))]), "invalid type: map"),
        ("array value", array(&[int(1)]), "invalid type: sequence"),
        ("null value", vec![0xf6], "invalid type: null"),
    ] {
        let e = hostile(name, &event(value, vec![]));
        expect(name, &e, PK, PK_PATH, "type", says);
        assert!(e.message.contains("Integer, String, Blob"), "{e}");
    }
}

#[test]
fn hostile_json() {
    const PK: &str = "/Records/0/PrimaryKey/0/Value";
    let doc = |pk: &str| {
        format!(
            r#"{{"Version":"Sync-v1","Records":[{{"Type":"PutRow","Info":{{"Timestamp":1506416585740836}},"PrimaryKey":[{{"ColumnName":"id","Value":{pk}}}],"Columns":[]}}]}}"#
        )
    };
    let e = hostile("json map value", doc(r#"{"a":1}"#).as_bytes());
    assert_eq!((e.pointer(), e.code), (PK, "type"), "{e}");
    // An array of arrays where a value belongs: the reader stops where it would have stopped
    // rejecting the first element, so the first element is named (see `src/wire/locate.rs`).
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let e = hostile("json deep value", doc(&deep).as_bytes());
    assert_eq!((e.pointer(), e.code), (&*format!("{PK}/0"), "type"), "{e}");
    let deep = format!("{}1{}", r#"{"a":"#.repeat(10_000), "}".repeat(10_000));
    let e = hostile(
        "json deep member",
        doc("1")
            .replace(r#""Version""#, &format!(r#""X":{deep},"Version""#))
            .as_bytes(),
    );
    assert_eq!(e.pointer(), "/X", "{e}");
    assert!(e.message.contains("recursion limit"), "{e}");
    let valid = doc("\"row\"");
    for cut in 1..valid.len() {
        let e = hostile("json truncated", &valid.as_bytes()[..cut]);
        assert_eq!(e.code, "syntax", "cut at {cut}: {e}");
    }
}
