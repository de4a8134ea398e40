//! Unknown members and untyped data come back exactly: arbitrary JSON (deep, wide, big and odd
//! numbers, escapes, lone surrogates, non-ASCII) put into every unknown-member position of every
//! valid fixture, and into the untyped members of the kinds that have them, re-encodes to the same
//! text: same member order, same number spelling, same escapes.

mod common;

use fc_events::{Event, TriggerKind};
use proptest::prelude::*;
use serde_json::Value;

/// Stands for the arbitrary value while the document is built as a `Value` (which cannot hold it).
const HOLE: &str = "\u{1}hole\u{1}";
/// The name of the inserted unknown member.
const NAME: &str = "zzUnknownMember";

/// Numbers a float or `serde_json::Value` would change or refuse.
const ODD_NUMBERS: &[&str] = &[
    "-0",
    "0",
    "-0.0",
    "1E400",
    "-1E400",
    "1e-400",
    "1e-99999999999999999999",
    "123456789012345678901234567890",
    "-123456789012345678901234567890",
    "1.50",
    "1e3",
    "1E+3",
    "-12.5e-3",
    "18446744073709551616",
    "-9223372036854775809",
    "0.1000000000000000055511151231257827",
];

/// Pieces of string bodies, escapes as written.
const STRING_PIECES: &[&str] = &[
    "a",
    "Z9",
    " ",
    "é",
    "€",
    "😀",
    "中文",
    "\\n",
    "\\t",
    "\\\"",
    "\\\\",
    "\\/",
    "\\u00e9",
    "\\u0041",
    "\\ud800",
    "\\udfff",
    "\\ud83d\\ude00",
    "\\u0000",
    "$blob",
];

fn string_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(STRING_PIECES), 0..6)
        .prop_map(|pieces| format!("\"{}\"", pieces.concat()))
}

fn number_text() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(ODD_NUMBERS).prop_map(str::to_owned),
        any::<i64>().prop_map(|i| i.to_string()),
        any::<u64>().prop_map(|u| u.to_string()),
        (any::<i32>(), 0u32..40, -30i32..30)
            .prop_map(|(m, z, e)| format!("{m}.{}1e{e}", "0".repeat(z as usize))),
    ]
}

/// Compact JSON text of an arbitrary value; object member names are unique.
fn json_text() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_owned()),
        Just("true".to_owned()),
        Just("false".to_owned()),
        number_text(),
        string_text(),
    ];
    leaf.prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec((string_text(), inner), 0..8).prop_map(|members| {
                let body: Vec<String> = members
                    .into_iter()
                    .enumerate()
                    // `k<i>_` keeps the names unique even after unescaping.
                    .map(|(i, (k, v))| format!("\"k{i}_{}:{v}", &k[1..]))
                    .collect();
                format!("{{{}}}", body.join(","))
            }),
        ]
    })
}

/// Only containers: a typed string, number or map of strings may accept a scalar (and write it in
/// its own spelling), but no typed member accepts an arbitrary array or object.
fn container_text() -> impl Strategy<Value = String> {
    prop_oneof![
        json_text().prop_map(|t| format!("[{t}]")),
        (json_text(), json_text()).prop_map(|(a, b)| format!("{{\"a\":{a},\"b\":{b}}}")),
    ]
}

/// The JSON fixtures, as values (member order is the sorted one of `Value`, which also moves
/// `data` before `source` and so exercises the buffered paths).
fn fixtures() -> Vec<(TriggerKind, String, Value)> {
    common::valid_fixtures()
        .into_iter()
        .filter(|(_, p)| common::ext(p) == "json")
        .filter_map(|(kind, p)| {
            let bytes = std::fs::read(&p).ok()?;
            let value: Value = serde_json::from_slice(&bytes).ok()?;
            Some((kind, p.display().to_string(), value))
        })
        .collect()
}

/// The pointers of every object in `v`.
fn objects(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            out.push(at.clone());
            for (k, x) in m {
                objects(
                    x,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                objects(x, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// The document with the hole filled by `text`.
fn fill(doc: &Value, text: &str) -> String {
    let hole = serde_json::to_string(HOLE).unwrap();
    let doc = serde_json::to_string(doc).unwrap();
    assert_eq!(doc.matches(&hole).count(), 1);
    doc.replace(&hole, text)
}

/// Decodes `doc` as `kind`; when it decodes, its encoding must hold `expect` byte for byte.
/// Returns whether it decoded.
fn round_trips(kind: TriggerKind, name: &str, doc: &str, expect: &str) -> bool {
    let Ok(event) = Event::from_slice_as(kind, doc.as_bytes()) else {
        return false;
    };
    let again = event.to_vec().expect("encodes");
    let again = String::from_utf8(again).expect("UTF-8");
    assert!(
        again.contains(expect),
        "{name}: {expect} is not in the encoding\n{again}"
    );
    true
}

/// Puts `text` as an unknown member into every object of every fixture; returns how many decoded.
fn every_unknown_member_position(text: &str) -> usize {
    let mut kept = 0;
    for (kind, name, doc) in fixtures() {
        let mut places = Vec::new();
        objects(&doc, String::new(), &mut places);
        for at in places {
            let mut with = doc.clone();
            let Some(Value::Object(m)) = with.pointer_mut(&at) else {
                unreachable!()
            };
            m.insert(NAME.to_owned(), Value::from(HOLE));
            let filled = fill(&with, text);
            if round_trips(
                kind,
                &format!("{name} at {at}"),
                &filled,
                &format!("\"{NAME}\":{text}"),
            ) {
                kept += 1;
            }
        }
    }
    kept
}

/// Untyped members: (fixture, pointer of the member, how the value is wrapped).
const UNTYPED: &[(&str, &str, &str)] = &[
    (
        "eventbridge/eventbridge-edge-custom-delivered.json",
        "/data",
        "{}",
    ),
    (
        "eventbridge/eventbridge-edge-ecs-state-change.json",
        "/0/data",
        "{}",
    ),
    ("kafka/kafka-edge-single-object.json", "/data/value", "{}"),
    (
        "kafka/kafka-awesome-fc-code-example-1.json",
        "/0/data/headers/headers",
        "[{}]",
    ),
    (
        "cdn/cdn-edge-unknown-event.json",
        "/events/0/eventParameter",
        "{}",
    ),
];

fn every_untyped_member(text: &str) {
    for (file, at, wrap) in UNTYPED {
        let path = common::fixtures_dir().join(file);
        let kind = file
            .split('/')
            .next()
            .unwrap()
            .parse::<TriggerKind>()
            .unwrap();
        let mut doc: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        *doc.pointer_mut(at)
            .unwrap_or_else(|| panic!("{file}: no {at}")) = Value::from(HOLE);
        let value = wrap.replace("{}", text);
        let filled = fill(&doc, &value);
        let member = at.rsplit('/').next().unwrap();
        assert!(
            round_trips(
                kind,
                &format!("{file} at {at}"),
                &filled,
                &format!("\"{member}\":{value}")
            ),
            "{file}: {at} must take any JSON: {value}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_json_in_every_unknown_member_position(text in container_text()) {
        // Every kind has unknown-member positions: all but the typed maps (headers, parameters, userMeta, nameIndex) take one: 403 places.
        let kept = every_unknown_member_position(&text);
        prop_assert!(kept >= 400, "only {} positions kept {}", kept, text);
    }

    #[test]
    fn arbitrary_json_in_every_untyped_member(text in json_text()) {
        every_untyped_member(&text);
    }
}

#[test]
fn deep_wide_and_odd_values_are_kept() {
    let deep = format!("{}1E400{}", "[{\"a\":".repeat(50), "}]".repeat(50));
    let wide = format!(
        "{{{}}}",
        (0..5_000)
            .map(|i| format!("\"m{i}\":{}", ODD_NUMBERS[i % ODD_NUMBERS.len()]))
            .collect::<Vec<_>>()
            .join(",")
    );
    let strings = format!(
        "[{}]",
        STRING_PIECES
            .iter()
            .map(|p| format!("\"{p}\""))
            .collect::<Vec<_>>()
            .join(",")
    );
    for text in [deep, wide, strings] {
        assert!(every_unknown_member_position(&text) >= 400);
        every_untyped_member(&text);
    }
}

#[test]
fn unknown_members_keep_their_order_and_spelling_through_the_accessors() {
    let doc = br#"{"triggerTime":"2023-12-26T07:49:00Z","triggerName":"t","payload":"p",
        "z":1,"big":123456789012345678901234567890,"neg0":-0,"f":1.50,"s":"\u00e9\ud800","o":{"b":1,"a":[1E400]}}"#;
    let Event::Timer(timer) = Event::from_slice_as(TriggerKind::Timer, doc).unwrap() else {
        panic!()
    };
    let keys: Vec<&str> = timer.extra.keys().collect();
    assert_eq!(keys, ["z", "big", "neg0", "f", "s", "o"]);
    assert_eq!(timer.extra.get("z").and_then(|v| v.as_i64()), Some(1));
    assert_eq!(timer.extra.get("big").and_then(|v| v.as_i64()), None);
    assert_eq!(timer.extra.get("f").and_then(|v| v.as_f64()), Some(1.5));
    // A lone surrogate is no `str`; the text keeps it.
    assert_eq!(timer.extra.get("s").and_then(|v| v.as_str()), None);
    let o = timer.extra.get("o").and_then(|v| v.as_object()).unwrap();
    assert_eq!(o.keys().collect::<Vec<_>>(), ["b", "a"]);
    assert_eq!(
        o.get("a").and_then(|a| a.as_array()).map(|a| a[0].as_f64()),
        Some(Some(f64::INFINITY))
    );
    let again = String::from_utf8(Event::Timer(timer).to_vec().unwrap()).unwrap();
    assert!(again.ends_with(
        r#""z":1,"big":123456789012345678901234567890,"neg0":-0,"f":1.50,"s":"\u00e9\ud800","o":{"b":1,"a":[1E400]}}"#
    ), "{again}");
}
