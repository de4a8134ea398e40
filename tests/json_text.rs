//! `JsonText`: user JSON kept as the text received. Decoded from serde_json it is the exact input
//! text (escapes, number spelling, spacing inside); encoded by the crate's JSON encoders it is
//! written back byte for byte; any other serde format gets the value it holds.

use std::borrow::Cow;
use std::collections::BTreeMap;

use fc_events::apigw::ApigwResponse;
use fc_events::envelope::Body;
use fc_events::http::HttpResponse;
use fc_events::rabbitmq::RabbitmqEvent;
use fc_events::validate::validate_slice;
use fc_events::{Event, JsonText, Payload, TriggerKind};
use proptest::prelude::*;
use serde_json::value::RawValue;
use serde_json::{json, Value};

/// Member `key` of the top-level object in `bytes`, as its raw text.
fn raw_member(bytes: &[u8], key: &str) -> String {
    let members: BTreeMap<String, Box<RawValue>> = serde_json::from_slice(bytes).unwrap();
    members[key].get().to_owned()
}

/// Response bodies whose text differs from how a `Value` would write them.
const BODIES: &[&str] = &[
    r#""{\"id\":42,\"status\":\"accepted\"}""#,
    r#""caf\u00e9 \/ \ud83d\ude00 \t""#,
    r#"{"a": 1.50, "b": [1e2, -0.0], "c": "\u0041"}"#,
    r#""\ud800 lone""#,
    r#"123456789012345678901234567890"#,
    r#"[ ]"#,
];

#[test]
fn response_bodies_are_written_back_byte_for_byte() {
    for kind in [TriggerKind::ApigwResponse, TriggerKind::HttpResponse] {
        for body in BODIES {
            // Members in the order the type writes them, so the whole event can be compared.
            let input = format!(r#"{{"statusCode":200,"isBase64Encoded":false,"body":{body}}}"#);
            let event = Event::from_slice_as(kind, input.as_bytes()).unwrap();
            let out = event.to_vec().unwrap();
            assert_eq!(raw_member(&out, "body"), *body, "{kind}: {input}");
            assert_eq!(event.to_json_vec().unwrap(), out);
            assert_eq!(
                out,
                input.as_bytes(),
                "{kind}: the whole event re-encodes as received"
            );
        }
    }
}

#[test]
fn string_bodies_unescape_on_demand() {
    let text = r#"{"statusCode":200,"body":"caf\u00e9 \"q\" \ud83d\ude00"}"#;
    let r = ApigwResponse::from_slice(text.as_bytes()).unwrap();
    let body = r.body.as_ref().unwrap();
    assert_eq!(body.as_json_str(), r#""caf\u00e9 \"q\" \ud83d\ude00""#);
    assert_eq!(body.as_str().as_deref(), Some("café \"q\" 😀"));
    assert_eq!(body.str_len(), Some("café \"q\" 😀".len()));
    assert!(body.is_string() && !body.is_object() && !body.is_null());
    assert_eq!(r.body_text().as_deref(), Some("café \"q\" 😀"));
    assert_eq!(&*r.body_bytes().unwrap(), "café \"q\" 😀".as_bytes());

    // No escapes: borrowed from the text.
    let plain = JsonText::parse(r#""plain""#).unwrap();
    assert!(matches!(plain.as_str(), Some(Cow::Borrowed("plain"))));

    // An object body: its text as sent.
    let r = ApigwResponse::from_slice(br#"{"statusCode":200,"body":{"ok": true}}"#).unwrap();
    assert_eq!(r.body_text().as_deref(), Some(r#"{"ok": true}"#));
    assert_eq!(r.body.as_ref().unwrap().str_len(), None);
    assert_eq!(r.body.as_ref().unwrap().get("ok"), Some(&json!(true)));
    assert_eq!(*r.body.as_ref().unwrap(), json!({"ok": true}));
}

#[test]
fn other_formats_get_the_value() {
    let input = json!({"statusCode": 201, "body": {"n": 1.5, "s": "x"}, "isBase64Encoded": false});
    // From a Value (serde_json's value deserializer), not from text.
    let r: HttpResponse = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(r.body.as_ref().unwrap().value().unwrap(), &input["body"]);
    // To a Value, and through a user's own serde_json::to_vec: the same value.
    assert_eq!(serde_json::to_value(&r).unwrap(), input);
    let user_bytes = serde_json::to_vec(&r).unwrap();
    assert_eq!(serde_json::from_slice::<Value>(&user_bytes).unwrap(), input);
    // From a reader: serde_json offers the text there too.
    let text = br#"{"statusCode":200,"body":"caf\u00e9"}"#;
    let r2: HttpResponse = serde_json::from_reader(&text[..]).unwrap();
    assert_eq!(r2.body.as_ref().unwrap().as_json_str(), r#""caf\u00e9""#);
    // Through CBOR and back.
    let cbor = r.to_cbor_vec().unwrap();
    let back: HttpResponse = serde_cbor::from_slice(&cbor).unwrap();
    assert_eq!(serde_json::to_value(&back).unwrap(), input);
    let generic: serde_cbor::Value = serde_cbor::from_slice(&cbor).unwrap();
    assert!(
        matches!(&generic, serde_cbor::Value::Map(m) if m.len() == 3),
        "CBOR holds the value, not a raw-text wrapper: {generic:?}"
    );
}

#[test]
fn text_no_value_can_hold_is_kept_and_reported() {
    let input = br#"{"statusCode":200,"body":{"x":1e400}}"#;
    let r = ApigwResponse::from_slice(input).unwrap();
    assert_eq!(r.encode().unwrap(), input);
    let body = r.body.as_ref().unwrap();
    let err = body.value().unwrap_err();
    assert_eq!(err.pointer(), "/x");
    assert!(
        r.to_cbor_vec().is_err(),
        "CBOR needs the value, which cannot be built"
    );
    assert!(validate_slice(Some(TriggerKind::ApigwResponse), input).is_valid());

    // A lone surrogate: no `str` holds it, so it is not a string to `as_str`.
    let lone = JsonText::parse(r#""\ud800""#).unwrap();
    assert_eq!(lone.as_str(), None);
    assert_eq!(lone.str_len(), Some(3));
}

#[test]
fn base64_flagged_bodies_must_be_strings() {
    let faults = |body: &str| {
        let text = format!(r#"{{"statusCode":200,"isBase64Encoded":true,"body":{body}}}"#);
        validate_slice(Some(TriggerKind::HttpResponse), text.as_bytes())
            .faults
            .into_iter()
            .map(|f| (f.pointer, f.code, f.message))
            .collect::<Vec<_>>()
    };
    assert!(faults(r#""aGVsbG8=""#).is_empty());
    assert!(
        faults(r#""a\/8=""#).is_empty(),
        "an escaped slash is base64 too"
    );
    let f = faults(r#"{"a":1}"#);
    assert_eq!(f.len(), 1);
    assert_eq!((f[0].0.as_str(), f[0].1), ("/body", "type"));
    assert!(f[0].2.contains("found an object"), "{}", f[0].2);
    let f = faults(r#""\ud800""#);
    assert_eq!((f[0].0.as_str(), f[0].1), ("/body", "type"));
    let f = faults(r#""not base64!""#);
    assert_eq!((f[0].0.as_str(), f[0].1), ("/body", "format"));
}

#[test]
fn large_bodies_are_measured_unescaped() {
    // 6 MB of text that unescapes to 1 MB: within the limit.
    let escaped = "\\u0041".repeat(1024 * 1024);
    let text = format!(r#"{{"statusCode":200,"body":"{escaped}"}}"#);
    assert!(validate_slice(Some(TriggerKind::HttpResponse), text.as_bytes()).is_valid());
    // Just over 6 MB once unescaped.
    let big = "a".repeat(6 * 1024 * 1024 + 1);
    let text = format!(r#"{{"statusCode":200,"body":"{big}"}}"#);
    let report = validate_slice(Some(TriggerKind::HttpResponse), text.as_bytes());
    assert_eq!(report.faults.len(), 1);
    assert_eq!(
        (report.faults[0].pointer.as_str(), report.faults[0].code),
        ("/body", "limit")
    );
    assert!(report.faults[0].message.contains("6291457 bytes"));
}

#[test]
fn constructors_and_parse_errors() {
    let s = JsonText::string("tab\there \"quoted\" \u{1}");
    assert_eq!(s.value().unwrap(), &json!("tab\there \"quoted\" \u{1}"));
    assert_eq!(JsonText::string("plain").as_json_str(), r#""plain""#);
    assert_eq!(JsonText::default().as_json_str(), "null");
    assert!(JsonText::default().is_null());
    assert_eq!(
        JsonText::parse("  [1, 2]  ").unwrap().as_json_str(),
        "[1, 2]"
    );
    let err = JsonText::parse(r#"{"a": }"#).unwrap_err();
    assert_eq!(err.code, "syntax");
    assert!(JsonText::parse("1 2").is_err(), "one value only");
    let from_value = JsonText::from(json!({"b": [true, null]}));
    assert_eq!(from_value.as_json_str(), r#"{"b":[true,null]}"#);
    assert_eq!(from_value.to_string(), r#"{"b":[true,null]}"#);

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct B {
        b: Vec<Option<bool>>,
    }
    assert_eq!(
        from_value.to_typed::<B>().unwrap(),
        B {
            b: vec![Some(true), None]
        }
    );
    let err = JsonText::parse(r#"{"b": [1]}"#)
        .unwrap()
        .to_typed::<B>()
        .unwrap_err();
    assert_eq!(err.pointer(), "/b/0");
}

#[test]
fn rabbitmq_bodies_keep_their_text_and_parse_for_handlers() {
    let event = |body: &str| {
        format!(
            r#"{{"id":"1","source":"s","specversion":"1.0","type":"amqp:Queue:SendMessage","data":{{"envelope":{{"deliveryTag":1,"exchange":"","redeliver":false,"routingKey":"r"}},"props":{{}},"body":{body}}}}}"#
        )
    };
    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Order {
        id: u32,
    }
    for (body, id) in [
        (r#"{"id": 7, "extra": 1.50}"#, Ok(7)),
        (r#""{\"id\":8}""#, Ok(8)),
        (r#"{"id": "x"}"#, Err("/data/body/id")),
    ] {
        let text = event(body);
        let parsed = RabbitmqEvent::from_slice(text.as_bytes()).unwrap();
        let first = parsed.first().unwrap();
        assert_eq!(first.data.as_typed().unwrap().body.as_json_str(), body);
        assert_eq!(parsed.encode().unwrap(), text.as_bytes());
        let Body::JsonText { pointer, .. } = fc_events::envelope::Record::body(first) else {
            panic!("a RabbitMQ body is JSON text");
        };
        assert_eq!(pointer, "/data/body");
        let got = fc_events::envelope::Record::body(first).parse::<Order>();
        match id {
            Ok(id) => assert_eq!(got.unwrap(), Order { id }),
            Err(at) => assert_eq!(got.unwrap_err().pointer, at),
        }
    }
}

/// A JSON string literal for `s`, each character written raw or escaped as chosen by `how`.
fn escaped(s: &str, how: &[u8]) -> String {
    let mut out = String::from("\"");
    for (i, c) in s.chars().enumerate() {
        let choice = how.get(i).copied().unwrap_or(0) % 3;
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || choice == 1 => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{u:04x}"));
                }
            }
            '/' if choice == 2 => out.push_str("\\/"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

proptest! {
    #[test]
    fn str_len_and_as_str_agree_with_serde_json(s in "\\PC*|[\"\\\\/\n\t\u{0}-\u{1f}]*", how in proptest::collection::vec(any::<u8>(), 0..64)) {
        let literal = escaped(&s, &how);
        let text = JsonText::parse(&literal).unwrap();
        prop_assert_eq!(text.as_json_str(), literal.as_str());
        let unescaped = text.as_str();
        prop_assert_eq!(unescaped.as_deref(), Some(s.as_str()));
        prop_assert_eq!(text.str_len(), Some(s.len()));
        prop_assert_eq!(text.value().unwrap(), &Value::String(s.clone()));
        let built = JsonText::string(&s);
        prop_assert_eq!(built.value().unwrap(), &Value::String(s.clone()));
    }
}

/// The raw text at `path` (object members and array indexes) inside the JSON `text`.
fn raw_at(text: &str, path: &[&str]) -> String {
    let mut here = text.to_owned();
    for step in path {
        let next = match step.parse::<usize>() {
            Ok(i) => serde_json::from_str::<Vec<Box<RawValue>>>(&here).unwrap()[i]
                .get()
                .to_owned(),
            Err(_) => serde_json::from_str::<BTreeMap<String, Box<RawValue>>>(&here).unwrap()
                [*step]
                .get()
                .to_owned(),
        };
        here = next;
    }
    here
}

/// Text a `serde_json::Value` would change: an integer beyond 64 bits, a trailing zero, an
/// exponent, an escape.
const EXACT: &str =
    r#"{"big": 123456789012345678901234567890, "price": 1.50, "n": 1e2, "s": "\u00e9"}"#;

#[test]
fn user_data_members_keep_their_text_through_the_wire() {
    let fixture = |p: &str| std::fs::read_to_string(format!("tests/fixtures/{p}")).unwrap();
    let with = |text: &str, path: &[&str], member: &str| {
        let mut v: Value = serde_json::from_str(text).unwrap();
        let slot = path
            .iter()
            .fold(&mut v, |v, step| match step.parse::<usize>() {
                Ok(i) => &mut v[i],
                Err(_) => &mut v[*step],
            });
        *slot = json!(member);
        // Put the member's text in place of the marker string.
        v.to_string().replace(&format!("\"{member}\""), EXACT)
    };
    let cases: &[(TriggerKind, String, &[&str])] = &[
        (
            TriggerKind::Kafka,
            fixture("kafka/kafka-batch-fc3-doc-trigger-event-formats-1.json"),
            &["0", "data", "value"],
        ),
        (
            TriggerKind::Kafka,
            fixture("kafka/kafka-batch-fc3-doc-trigger-event-formats-1.json"),
            &["0", "data", "key"],
        ),
        (
            TriggerKind::Sls,
            fixture("sls/sls-seed-1.json"),
            &["parameter"],
        ),
        (
            TriggerKind::Dts,
            fixture("dts/dts-edge-insert-no-before-image.json"),
            &["0", "data", "afterImage", "values", "0", "data"],
        ),
        (
            TriggerKind::Rabbitmq,
            String::from_utf8(
                fc_events::samples::sample(TriggerKind::Rabbitmq)
                    .unwrap()
                    .to_vec(),
            )
            .unwrap(),
            &["0", "data", "body"],
        ),
    ];
    for (kind, text, path) in cases {
        let input = with(text, path, "@@marker@@");
        assert_eq!(
            raw_at(&input, path),
            EXACT,
            "{kind}: the input holds the text"
        );
        let event = Event::from_slice_as(*kind, input.as_bytes()).unwrap();
        let wire = String::from_utf8(event.to_vec().unwrap()).unwrap();
        assert_eq!(raw_at(&wire, path), EXACT, "{kind} at {path:?}");
        assert_eq!(
            serde_json::from_str::<Value>(&wire).unwrap(),
            serde_json::from_str::<Value>(&input).unwrap(),
            "{kind}: the rest is unchanged"
        );
    }
}

#[test]
fn values_read_from_cbor_keep_member_order_at_every_depth() {
    // JSON -> CBOR -> JsonText: the text is written in the order CBOR delivers the members.
    let json = r#"{"z":1,"a":[{"y":true,"b":null},[],"s\"t"],"m":{"k2":-5,"k1":2.5},"e":{}}"#;
    let value: fc_events::AnyValue = serde_json::from_str(json).unwrap();
    let cbor = serde_cbor::to_vec(&value).unwrap();
    let text: JsonText = serde_cbor::from_slice(&cbor).unwrap();
    assert_eq!(text.as_json_str(), json);
    // A member given twice in a CBOR map is refused, as in JSON.
    let mut dup = vec![0xa2]; // map of two pairs
    for _ in 0..2 {
        dup.extend_from_slice(&[0x61, b'k', 0x01]);
    }
    let err = serde_cbor::from_slice::<JsonText>(&dup)
        .unwrap_err()
        .to_string();
    assert!(err.contains("duplicate"), "{err}");
}

#[cfg(feature = "iot")]
#[test]
fn an_iot_payload_through_cbor_comes_back_in_its_order() {
    use fc_events::iot::IotEvent;
    let json = br#"{"temperature":21.5,"device":{"name":"d1","id":7},"alerts":[]}"#;
    let event = IotEvent::from_slice(json).unwrap();
    let cbor = serde_cbor::to_vec(&event).unwrap();
    let back: IotEvent = serde_cbor::from_slice(&cbor).unwrap();
    assert_eq!(back.as_json_text().as_json_str().as_bytes(), json);
}
