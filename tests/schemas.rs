//! The JSON Schemas: the committed files match the model, they are valid schemas, and a third-party
//! validator (the `jsonschema` crate) agrees with `fc_events::validate` on the fixtures.
//!
//! After a model change, rewrite the committed files with:
//!
//! ```sh
//! FC_EVENTS_BLESS=1 cargo test --test schemas
//! ```

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;

use common::SchemaExpect;
use fc_events::schema::{self, Draft, Options};
use fc_events::validate::{code, validate_slice};
use fc_events::TriggerKind;
use serde_json::{json, Value};

const BLESS: &str = "FC_EVENTS_BLESS=1 cargo test --test schemas";

fn schemas_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schemas")
}

/// A validator that checks formats, whatever the draft's default.
fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::options()
        .should_validate_formats(true)
        .build(schema)
        .unwrap_or_else(|e| panic!("schema does not compile: {e}\n{schema:#}"))
}

/// Every schema error as `(instance pointer, message)`.
fn errors(v: &jsonschema::Validator, instance: &Value) -> Vec<(String, String)> {
    v.iter_errors(instance)
        .map(|e| (e.instance_path().as_str().to_owned(), e.to_string()))
        .collect()
}

/// Whether pointer `prefix` is `pointer` or one of its ancestors (segment-wise).
fn is_ancestor(prefix: &str, pointer: &str) -> bool {
    pointer == prefix
        || (pointer.starts_with(prefix) && pointer[prefix.len()..].starts_with('/'))
        || prefix.is_empty()
}

/// The per-kind validators and the any-event validator for one draft, with the kinds the any-event
/// schema includes.
struct Schemas {
    kinds: Vec<(TriggerKind, jsonschema::Validator)>,
    any: jsonschema::Validator,
    in_any: BTreeSet<TriggerKind>,
}

impl Schemas {
    fn new(draft: Draft) -> Self {
        let kinds = schema::kinds()
            .into_iter()
            .map(|k| (k, validator(&schema::schema(k, draft).unwrap())))
            .collect();
        let any = schema::any_event_schema(draft);
        let in_any = any["anyOf"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|branch| branch["$ref"].as_str()?.rsplit('/').next()?.parse().ok())
            .collect();
        Schemas {
            kinds,
            any: validator(&any),
            in_any,
        }
    }

    fn kind(&self, kind: TriggerKind) -> Option<&jsonschema::Validator> {
        self.kinds.iter().find(|(k, _)| *k == kind).map(|(_, v)| v)
    }
}

#[test]
fn committed_schemas_match_the_model() {
    let dir = schemas_dir();
    let options = Options::default();
    if std::env::var("FC_EVENTS_BLESS").is_ok_and(|v| !v.is_empty() && v != "0") {
        let changed = schema::write_dir(&dir, &options).unwrap();
        eprintln!("schemas: rewrote {changed:?}");
        return;
    }
    let drift = schema::check_dir(&dir, &options).unwrap();
    assert!(
        drift.is_empty(),
        "{} committed schema file(s) in schemas/ differ from what the model generates:\n\n{}\n\
         If the model change is intended, rewrite them with:\n\n    {BLESS}\n",
        drift.len(),
        drift
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
    // Every compiled-in kind has a committed file (check_dir reports a missing one above).
    for kind in schema::kinds() {
        assert!(dir.join(schema::file_name(kind)).is_file());
    }
}

#[test]
fn schemas_are_valid_against_their_meta_schema() {
    for &draft in Draft::ALL {
        let mut all: Vec<(String, Value)> = schema::kinds()
            .into_iter()
            .map(|k| (k.name().to_owned(), schema::schema(k, draft).unwrap()))
            .collect();
        all.push(("any event".into(), schema::any_event_schema(draft)));
        for (name, s) in all {
            assert_eq!(s["$schema"], draft.meta_schema(), "{name} {draft}");
            if let Err(e) = jsonschema::meta::validate(&s) {
                panic!("{name} ({draft}) is not a valid schema: {e}");
            }
        }
    }
    assert!(jsonschema::meta::validate(schema::blob_schema().as_value()).is_ok());
}

#[test]
fn valid_fixtures_are_accepted_by_their_kind_and_the_any_event_schema() {
    let fixtures: Vec<_> = common::valid_fixtures()
        .into_iter()
        .filter(|(_, p)| common::ext(p) == "json")
        .collect();
    assert!(
        fixtures.len() >= 7,
        "found {} JSON fixtures",
        fixtures.len()
    );
    let mut failures = Vec::new();
    for &draft in Draft::ALL {
        let schemas = Schemas::new(draft);
        for (kind, path) in &fixtures {
            let Some(v) = schemas.kind(*kind) else {
                continue;
            };
            let name = path.file_name().unwrap().to_string_lossy();
            let instance: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
            let errs = errors(v, &instance);
            if !errs.is_empty() {
                failures.push(format!(
                    "{name} ({draft}): {kind} schema rejects it: {errs:?}"
                ));
            }
            if schemas.in_any.contains(kind) && !schemas.any.is_valid(&instance) {
                failures.push(format!(
                    "{name} ({draft}): any-event schema rejects it: {:?}",
                    errors(&schemas.any, &instance)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn invalid_fixtures_are_rejected_where_json_schema_can_say_so() {
    let fixtures = common::invalid_fixtures();
    let mut failures = Vec::new();
    let mut rejected = 0;
    for &draft in Draft::ALL {
        let schemas = Schemas::new(draft);
        for f in &fixtures {
            let Some(v) = schemas.kind(f.kind) else {
                continue;
            };
            if f.schema == SchemaExpect::Skip {
                continue;
            }
            let instance: Value = serde_json::from_slice(&std::fs::read(&f.path).unwrap()).unwrap();
            let errs = errors(v, &instance);
            match f.schema {
                SchemaExpect::Accept if !errs.is_empty() => failures.push(format!(
                    "{} ({draft}): sidecar says the schema accepts it, but it rejects it: {errs:?}\n  \
                     (if the schema can express the fault now, change the sidecar to \"reject\")",
                    f.name
                )),
                SchemaExpect::Reject if errs.is_empty() => failures.push(format!(
                    "{} ({draft}): sidecar says the schema rejects it, but it accepts it",
                    f.name
                )),
                SchemaExpect::Reject => {
                    rejected += 1;
                    // The schema must object at (or above) each place validation names.
                    for (pointer, _) in &f.faults {
                        if !errs.iter().any(|(at, _)| is_ancestor(at, pointer)) {
                            failures.push(format!(
                                "{} ({draft}): no schema error at or above {pointer}: {errs:?}",
                                f.name
                            ));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    assert!(
        rejected > 0 || schema::kinds().is_empty(),
        "no invalid fixture was checked"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn examples_are_accepted_and_validate_clean() {
    for &draft in Draft::ALL {
        let schemas = Schemas::new(draft);
        for kind in schema::kinds() {
            let s = schema::schema(kind, draft).unwrap();
            let Some(examples) = s.get("examples") else {
                // Only JSON samples become examples.
                let sample = fc_events::samples::sample(kind).expect("every kind has a sample");
                assert!(serde_json::from_slice::<Value>(sample).is_err(), "{kind}");
                continue;
            };
            let examples = examples.as_array().unwrap();
            assert_eq!(examples.len(), 1, "{kind}: one example");
            let example = &examples[0];
            let errs = errors(schemas.kind(kind).unwrap(), example);
            assert!(
                errs.is_empty(),
                "{kind} ({draft}): example rejected: {errs:?}"
            );
            if schemas.in_any.contains(&kind) {
                assert!(schemas.any.is_valid(example), "{kind} ({draft})");
            }
            let report = validate_slice(Some(kind), &serde_json::to_vec(example).unwrap());
            assert!(
                report.is_valid(),
                "{kind}: example has faults: {:?}",
                report.faults
            );
        }
    }
}

/// Walks every subschema (anything below a keyword that holds schemas), calling `f` on objects.
fn each_schema(schema: &Value, f: &mut dyn FnMut(&serde_json::Map<String, Value>)) {
    let Value::Object(obj) = schema else {
        return;
    };
    f(obj);
    for (key, value) in obj {
        match key.as_str() {
            "properties" | "definitions" | "$defs" | "patternProperties" => {
                for v in value.as_object().into_iter().flat_map(|m| m.values()) {
                    each_schema(v, f);
                }
            }
            "allOf" | "anyOf" | "oneOf" | "prefixItems" => {
                for v in value.as_array().into_iter().flatten() {
                    each_schema(v, f);
                }
            }
            "items"
            | "additionalProperties"
            | "not"
            | "if"
            | "then"
            | "else"
            | "contains"
            | "propertyNames" => match value {
                Value::Array(a) => a.iter().for_each(|v| each_schema(v, f)),
                v => each_schema(v, f),
            },
            _ => {}
        }
    }
}

#[test]
fn schemas_are_open_and_never_mention_extra() {
    for &draft in Draft::ALL {
        let mut all: Vec<Value> = schema::kinds()
            .into_iter()
            .map(|k| schema::schema(k, draft).unwrap())
            .collect();
        all.push(schema::any_event_schema(draft));
        for s in &all {
            each_schema(s, &mut |obj| {
                if let Some(props) = obj.get("properties").and_then(|p| p.as_object()) {
                    assert!(!props.contains_key("extra"), "`extra` leaked into {obj:?}");
                }
                // Only the `{"$blob": ...}` rendering of bytes is closed.
                if obj.get("additionalProperties") == Some(&json!(false)) {
                    let props = obj.get("properties").and_then(|p| p.as_object());
                    assert!(
                        props.is_some_and(|p| p.len() == 1 && p.contains_key("$blob")),
                        "closed object (decoding keeps unknown members): {obj:?}"
                    );
                }
                if let Some(Value::String(format)) = obj.get("format") {
                    assert!(
                        [
                            "date-time",
                            "date",
                            "time",
                            "email",
                            "hostname",
                            "ipv4",
                            "ipv6",
                            "uri",
                            "uuid"
                        ]
                        .contains(&format.as_str()),
                        "non-standard format {format}"
                    );
                }
            });
        }
    }
}

#[test]
fn blob_rendering_is_described() {
    let v = validator(schema::blob_schema().as_value());
    assert!(v.is_valid(&json!({ "$blob": "AAEC/w==" })));
    assert!(v.is_valid(&json!({ "$blob": "" })));
    assert!(!v.is_valid(&json!("AAEC/w==")), "a string is not bytes");
    assert!(!v.is_valid(&json!({ "$blob": "AAEC/w" })), "unpadded");
    assert!(!v.is_valid(&json!({ "$blob": "AAEC/w==", "x": 1 })));
}

/// One change to a valid payload.
#[derive(Debug, Clone, Copy)]
enum Mutation {
    /// Remove the member or element.
    Remove,
    /// Set it to `null`.
    Null,
    /// Give it another JSON type (a string becomes `12345`, anything else `"x"`).
    Retype,
    /// A number becomes `-1`.
    Negative,
    /// A string becomes `""`.
    Empty,
}

const MUTATIONS: [Mutation; 5] = [
    Mutation::Remove,
    Mutation::Null,
    Mutation::Retype,
    Mutation::Negative,
    Mutation::Empty,
];

/// Applies `m` at `pointer` (which names an existing member or element); `None` when `m` does not
/// apply to the value there.
fn mutate(doc: &Value, pointer: &str, m: Mutation) -> Option<Value> {
    let mut doc = doc.clone();
    let (parent, last) = pointer.rsplit_once('/').unwrap();
    let last = last.replace("~1", "/").replace("~0", "~");
    let target = doc.pointer_mut(parent).unwrap();
    if let Mutation::Remove = m {
        match target {
            Value::Object(o) => drop(o.remove(&last)),
            Value::Array(a) => drop(a.remove(last.parse().unwrap())),
            _ => unreachable!(),
        }
        return Some(doc);
    }
    let slot = match target {
        Value::Object(o) => o.get_mut(&last).unwrap(),
        Value::Array(a) => &mut a[last.parse::<usize>().unwrap()],
        _ => unreachable!(),
    };
    *slot = match (m, &*slot) {
        (Mutation::Null, _) => Value::Null,
        (Mutation::Retype, Value::String(_)) => json!(12345),
        (Mutation::Retype, _) => json!("x"),
        (Mutation::Negative, Value::Number(_)) => json!(-1),
        (Mutation::Empty, Value::String(_)) => json!(""),
        _ => return None,
    };
    Some(doc)
}

/// Whether `bytes` are read as an MNS topic STREAM body without attributes. Any bytes are a valid
/// STREAM body, so a mutation that takes a payload out of the JSON shapes (removing `attrs` from
/// `{"body", "attrs"}`) leaves a raw body that validation rightly accepts; the schema describes the
/// JSON shapes and rejects it (see the README, "where schema and validation differ").
fn is_raw_body(kind: TriggerKind, bytes: &[u8]) -> bool {
    #[cfg(feature = "mns-topic")]
    if kind == TriggerKind::MnsTopic {
        use fc_events::mns_topic::MnsTopicEvent;
        return matches!(
            MnsTopicEvent::from_slice(bytes),
            Ok(MnsTopicEvent::Stream(_))
        );
    }
    let _ = (kind, bytes);
    false
}

/// Members mutated per fixture at most.
const MAX_POINTERS: usize = 200;

/// Mutates every member (up to [`MAX_POINTERS`]) of every valid JSON fixture (see [`Mutation`]) and compares validation with the kind's schema: when validation finds no fault the schema
/// must accept, and when validation fails on decoding (`type`, `required`) the schema must reject.
/// Other faults (consistency, limits) are beyond JSON Schema and are not compared, nor are MNS topic
/// payloads that a mutation turns into a raw STREAM body ([`is_raw_body`]).
#[test]
fn schemas_and_validation_agree_on_mutated_fixtures() {
    let fixtures: Vec<_> = common::valid_fixtures()
        .into_iter()
        .filter(|(_, p)| common::ext(p) == "json")
        .collect();
    let mut failures = Vec::new();
    let mut compared = 0;
    for &draft in Draft::ALL {
        let schemas = Schemas::new(draft);
        for (kind, path) in &fixtures {
            let Some(v) = schemas.kind(*kind) else {
                continue;
            };
            let name = path.file_name().unwrap().to_string_lossy();
            let doc: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
            let mut at = Vec::new();
            common::pointers(&doc, String::new(), &mut at);
            // Large fixtures: an evenly spread, deterministic subset keeps the test fast.
            let step = at.len().div_ceil(MAX_POINTERS).max(1);
            for pointer in at.iter().step_by(step) {
                for m in MUTATIONS {
                    let Some(mutated) = mutate(&doc, pointer, m) else {
                        continue;
                    };
                    let bytes = serde_json::to_vec(&mutated).unwrap();
                    if is_raw_body(*kind, &bytes) {
                        continue;
                    }
                    let mut report = validate_slice(Some(*kind), &bytes);
                    // Warnings do not make a payload invalid, so the schema does not encode them.
                    report.faults.retain(|f| f.is_error());
                    let decode_fault = !report.faults.is_empty()
                        && report
                            .faults
                            .iter()
                            .all(|f| f.code == code::TYPE || f.code == code::REQUIRED);
                    let schema_errors = errors(v, &mutated);
                    let disagree = if report.faults.is_empty() {
                        !schema_errors.is_empty()
                    } else if decode_fault {
                        schema_errors.is_empty()
                    } else {
                        continue;
                    };
                    compared += 1;
                    if disagree {
                        failures.push(format!(
                            "{name} ({draft}) {m:?} {pointer}: validation {:?}, schema {schema_errors:?}",
                            report
                                .faults
                                .iter()
                                .map(|f| f.to_string())
                                .collect::<Vec<_>>()
                        ));
                    }
                }
            }
        }
    }
    assert!(compared > 0 || schema::kinds().is_empty());
    failures.truncate(40);
    assert!(
        failures.is_empty(),
        "schema and validation disagree ({compared} mutations compared):\n{}",
        failures.join("\n")
    );
}

/// Rules the schemas take from validation rather than decoding that the mutations above do not reach:
/// a CloudEvent's `type` prefix, and EventBridge `data` typed by `source` and `type`. Each case is
/// checked both ways: validation's fault code (or none) and the schema's verdict.
#[test]
fn cloudevent_schemas_follow_validation_on_type_and_source() {
    let sample = |kind: TriggerKind| -> Value {
        let bytes = fc_events::samples::sample(kind).expect("every kind has a sample");
        serde_json::from_slice(bytes).unwrap()
    };
    // `(case, kind, payload, validation fault at the pointer or None, pointer)`.
    let mut cases: Vec<(&str, TriggerKind, Value, Option<&str>, &str)> = Vec::new();

    let mut mns = sample(TriggerKind::MnsQueue);
    cases.push(("mns: type", TriggerKind::MnsQueue, mns.clone(), None, ""));
    mns[0]["type"] = json!("mq:Topic:SendMessage");
    cases.push((
        "mns-queue event with an mq: type",
        TriggerKind::MnsQueue,
        mns,
        Some(code::CONSISTENCY),
        "/0/type",
    ));

    let custom = sample(TriggerKind::Eventbridge);
    let mut oss = custom.clone();
    oss["source"] = json!("acs.oss");
    oss["type"] = json!("oss:ObjectCreated:PutObject");
    cases.push((
        "acs.oss object event whose data is not an OSS record",
        TriggerKind::Eventbridge,
        oss.clone(),
        Some(code::REQUIRED),
        "/data",
    ));
    oss["type"] = json!("oss:BucketCreated");
    cases.push((
        "acs.oss event that is not an object event: data is any JSON",
        TriggerKind::Eventbridge,
        oss,
        None,
        "",
    ));
    let mut ecs = custom.clone();
    ecs["source"] = json!("acs.ecs");
    ecs["type"] = json!("ecs:Instance:StateChange");
    cases.push((
        "acs.ecs event",
        TriggerKind::Eventbridge,
        ecs.clone(),
        None,
        "",
    ));
    ecs["type"] = json!("ui:Created:PostObject");
    cases.push((
        "acs.ecs event without an ecs: type",
        TriggerKind::Eventbridge,
        ecs,
        Some(code::CONSISTENCY),
        "/type",
    ));

    for &draft in Draft::ALL {
        let schemas = Schemas::new(draft);
        for (case, kind, payload, fault, pointer) in &cases {
            let report = validate_slice(Some(*kind), &serde_json::to_vec(payload).unwrap());
            let errs = errors(schemas.kind(*kind).unwrap(), payload);
            match fault {
                None => {
                    assert!(report.is_valid(), "{case}: {:?}", report.faults);
                    assert!(errs.is_empty(), "{case} ({draft}): {errs:?}");
                }
                Some(code) => {
                    assert!(
                        report
                            .faults
                            .iter()
                            .any(|f| f.code == *code && f.pointer.starts_with(pointer)),
                        "{case}: expected {code} at {pointer}: {:?}",
                        report.faults
                    );
                    assert!(
                        errs.iter()
                            .any(|(at, _)| is_ancestor(at, pointer) || is_ancestor(pointer, at)),
                        "{case} ({draft}): no schema error at or near {pointer}: {errs:?}"
                    );
                }
            }
        }
    }
}

/// The time newtypes' schemas against their parsers, on the edges measured when the schemas were
/// written. `(text, parser accepts, schema accepts)`; where the two differ, the README says so.
#[test]
fn time_schemas_agree_with_the_time_parsers() {
    use fc_events::time::{BasicIso, Rfc3339};
    let rfc3339 = validator(&json!({ "type": "string", "format": "date-time" }));
    let cases: &[(&str, bool, bool)] = &[
        ("2023-12-26T07:49:00Z", true, true),
        ("2022-08-13T06:45:43.000Z", true, true),
        ("2018-03-16T14:19:55+08:00", true, true),
        ("2022-07-22T06:34:27.9Z", true, true),
        ("2023-12-26t07:49:00z", true, true),
        ("2023-12-26T07:49:00.1234567891Z", true, true),
        ("2016-12-31T23:59:60Z", true, true),
        ("2023-12-26T07:49:00", false, false),
        ("2023-12-26T07:49:00+0800", false, false),
        ("2023-02-30T07:49:00Z", false, false),
        ("2023-12-26T24:00:00Z", false, false),
        ("2023-12-26T07:49Z", false, false),
        ("yesterday", false, false),
        // Known differences: chrono allows a space for `T` (RFC 3339 §5.6 note) and a leap second at
        // the end of any minute; `date-time` allows neither.
        ("2023-12-26 07:49:00Z", true, false),
        ("2023-12-26T07:49:60Z", true, false),
    ];
    for &(text, parses, valid) in cases {
        assert_eq!(
            Rfc3339(text.into()).to_datetime().is_ok(),
            parses,
            "chrono {text}"
        );
        assert_eq!(rfc3339.is_valid(&json!(text)), valid, "date-time {text}");
    }

    let basic = validator(&json!({ "type": "string", "pattern": BasicIso::PATTERN }));
    let cases: &[(&str, bool, bool)] = &[
        ("20230217T103516.475+0800", true, true),
        ("20230217T103516+0800", true, true),
        ("20230217T103516Z", true, true),
        ("20230217T103516.475Z", true, true),
        ("20230217T103516.475+08:00", true, true),
        ("20230217T103516.4751234567+0800", true, true),
        ("20230217T103516.475-0000", true, true),
        ("20230217T103516.475+08", false, false),
        ("20230217T103516,475+0800", false, false),
        ("20230217T103516.+0800", false, false),
        ("2023-02-17T10:35:16+08:00", false, false),
        // A pattern has no calendar.
        ("20230230T103516.475+0800", false, true),
    ];
    for &(text, parses, valid) in cases {
        assert_eq!(
            BasicIso(text.into()).to_datetime().is_ok(),
            parses,
            "chrono {text}"
        );
        assert_eq!(basic.is_valid(&json!(text)), valid, "pattern {text}");
    }
}

/// The string form of `NumberOrString` against Rust's number parsing.
#[test]
fn number_or_string_schema_agrees_with_parsing() {
    use fc_events::NumberOrString;
    let schema = validator(&json!({ "pattern": NumberOrString::PATTERN }));
    for text in [
        "0",
        "42",
        "-7",
        "+7",
        " 12 ",
        "1.5",
        "-0.25",
        ".5",
        "5.",
        "1e3",
        "2.5E-3",
        "12345678901234567890",
    ] {
        assert!(
            NumberOrString::String(text.into()).as_f64().is_some(),
            "{text}"
        );
        assert!(schema.is_valid(&json!(text)), "{text}");
    }
    for text in ["", "x", "1,5", "0x10", "1e", "--1", "1 2", "e5"] {
        assert!(
            NumberOrString::String(text.into()).as_f64().is_none(),
            "{text}"
        );
        assert!(!schema.is_valid(&json!(text)), "{text}");
    }
    // Rust also parses these words as floats; they are not numbers on the wire.
    for text in ["inf", "NaN"] {
        assert!(
            NumberOrString::String(text.into()).as_f64().is_some(),
            "{text}"
        );
        assert!(!schema.is_valid(&json!(text)), "{text}");
    }
}
