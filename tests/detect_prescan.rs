//! `Event::from_slice` (a byte-level pre-scan, kept only when the typed decode then succeeds) must
//! answer exactly as the reference path (`detect`, then the typed decode) on every fixture, every
//! real payload and generated inputs built to trip a byte scan: member names inside strings, escapes
//! in names, nested objects with the detection names, member order permutations, duplicates,
//! broken JSON.

use std::path::Path;

use fc_events::{samples, Event, TriggerKind};
use proptest::prelude::*;

#[allow(dead_code)]
#[path = "common/json_text.rs"]
mod json_text;
use json_text::J;

/// The outcome as comparable text: the decoded event, or the error with its place and message.
fn outcome(r: Result<Event, fc_events::DecodeError>) -> String {
    match r {
        Ok(event) => format!("ok {:?}", event),
        Err(e) => format!("err {:?}", e),
    }
}

fn same(bytes: &[u8], what: &str) {
    assert_eq!(
        outcome(Event::from_slice(bytes)),
        outcome(Event::from_slice_detected(bytes)),
        "{what}: the pre-scan path and the reference path disagree"
    );
}

fn walk(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, files);
        } else if path
            .extension()
            .is_some_and(|e| e == "json" || e == "cbor" || e == "txt" || e == "bin")
        {
            files.push(path);
        }
    }
}

#[test]
fn every_fixture_and_real_payload_gives_the_reference_answer() {
    let mut files = Vec::new();
    walk(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures")),
        &mut files,
    );
    assert!(
        files.len() > 200,
        "only {} fixture files found",
        files.len()
    );
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        same(&bytes, &path.display().to_string());
    }
}

#[test]
fn every_sample_gives_the_reference_answer_and_its_kind() {
    for &kind in TriggerKind::ALL {
        let Some(bytes) = samples::sample(kind) else {
            continue;
        };
        same(bytes, kind.name());
        if let Ok(detected) = fc_events::detect::detect(bytes) {
            assert_eq!(Event::from_slice(bytes).unwrap().kind(), detected, "{kind}");
        }
    }
}

#[test]
fn crafted_edge_cases_give_the_reference_answer() {
    let cases: &[&str] = &[
        // `events` after a settled CloudEvent outranks it.
        r#"{"specversion":"1.0","id":"1","source":"s","type":"alikafka:Topic:Message","data":{},"events":[{"oss":{}}]}"#,
        r#"{"specversion":"1.0","id":"1","source":"s","type":"alikafka:Topic:Message","data":{},"\u0065vents":[{"oss":{}}]}"#,
        r#"{"specversion":"1.0","id":"1","source":"s","type":"mns:Queue:SendMessage","data":{"x":"\"events\""}}"#,
        r#"{"specversion":"1.0","id":"1","source":"s","type":"mns:Queue:SendMessage","data":{"events":[{"oss":1}]}}"#,
        // The DataHub and destination rules outrank a settled CloudEvent too.
        r#"{"id":"1","source":"my.event","specversion":"1.0","type":"ui:x","data":{},"eventSource":"acs:datahub"}"#,
        r#"{"id":"1","eventSourceARN":"a","source":"my.event","specversion":"1.0","type":"ui:x","data":{},"records":[]}"#,
        r#"{"id":"1","requestContext":{},"source":"my.event","specversion":"1.0","type":"ui:x","data":{},"responseContext":{}}"#,
        r#"{"id":"1","source":"my.event","specversion":"1.0","type":"ui:x","data":{},"responseContext":null,"requestContext":null}"#,
        r#"{"id":"1","responseContext":{},"source":"my.event","specversion":"1.0","type":"ui:x","data":{},"requestContext":{}}"#,
        r#"[{"id":"1","source":"my.event","specversion":"1.0","type":"mns:x","data":{},"eventSource":"acs:datahub"}]"#,
        // Duplicated compared members: the last one counts for the reference.
        r#"{"specversion":"1.0","id":"1","source":"acs.oss","type":"x","data":{},"source":"s"}"#,
        r#"[{"specversion":"1.0","id":"1","source":"s","type":"mq:Topic:SendMessage","data":{},"type":"dts:x"}]"#,
        r#"{"events":[{"eventSource":"acs:oss","eventSource":"cdn"}]}"#,
        r#"{"events":[{"eventSource":"acs:oss"}],"events":5}"#,
        r#"{"events":5,"events":[{"oss":{}}]}"#,
        r#"{"events":[5,{"oss":{}}],"triggerTime":"t","triggerName":"n"}"#,
        // Escapes in names and compared values.
        r#"{"specversion":"1.0","id":"1","sour\u0063e":"acs.x","type":"alikafka:x","data":{}}"#,
        r#"{"specversion":"1.0","id":"1","source":"acs\u002ex","type":"alikafka:x","data":{}}"#,
        r#"{"events":[{"eventSource":"acs\u003aoss"}]}"#,
        r#"{"trigger\u0054ime":"t","triggerName":"n","payload":"p"}"#,
        // Names inside strings; nested objects with the detection names.
        r#"{"payload":"\"triggerTime\":\"specversion\"","triggerTime":"2023-01-01T00:00:00Z","triggerName":"n"}"#,
        r#"{"a":{"specversion":"1.0","source":"acs.x","type":"t","id":"1","data":{}},"triggerTime":"t","triggerName":"n"}"#,
        r#"[{"props":{"specversion":"1"},"body":"x"}]"#,
        r#"["{\"specversion\":\"1.0\",\"source\":\"s\",\"type\":\"alikafka:x\",\"id\":\"1\",\"data\":{}}"]"#,
        // Broken JSON after the point where the scan stops.
        r#"[{"specversion":"1.0","id":"1","source":"s","type":"alikafka:x","data":{}}, garbage"#,
        r#"{"events":[{"eventSource":"acs:oss", oops"#,
        r#"{"specversion":"1.0","id":"1","source":"s","type":"alikafka:x","data":{}"#,
        r#"{"TopicOwner":"1","Message":"m", broken"#,
        r#"{"TopicOwner":"1","Message":"m"} trailing"#,
        r#"{"body":"b","attrs":{}}"#,
        r#"{"source":"x\"#,
        "{\"source\":\"x\\",
        "",
        "   ",
        "{",
        "[",
        "{}",
        "[]",
        "[{}]",
        "plain text",
    ];
    for case in cases {
        same(case.as_bytes(), case);
    }
}

/// A member name: detection names, their escaped spellings, and others.
fn name() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "specversion",
        "id",
        "source",
        "type",
        "data",
        "events",
        "eventSource",
        "oss",
        "eventParameter",
        "triggerTime",
        "triggerName",
        "jobName",
        "cursorTime",
        "TopicOwner",
        "MessageId",
        "Message",
        "body",
        "attrs",
        "props",
        "msgId",
        "topic",
        "systemProperties",
        "rawPath",
        "requestContext",
        "httpMethod",
        "path",
        "statusCode",
        "product",
        "eventType",
        "resourceId",
        "content",
        "Version",
        "Records",
        "responseContext",
        "eventSourceARN",
        "records",
        "x",
        "\\u0065vents",
        "sour\\u0063e",
        "typ\\u0065",
        "spec\\u0076ersion",
        "o\\u0073s",
        "a\\\"b",
    ])
    .prop_map(str::to_owned)
}

/// A value as JSON text, possibly holding member names in strings and nested objects.
fn value() -> impl Strategy<Value = String> {
    let leaf = prop::sample::select(vec![
        "\"acs.oss\"",
        "\"acs:oss\"",
        "\"cdn\"",
        "\"alikafka:Topic:Message\"",
        "\"mns:Queue:x\"",
        "\"mq:Topic:x\"",
        "\"amqp:Queue:x\"",
        "\"dts:x\"",
        "\"1.0\"",
        "\"\\\"events\\\":[{\"",
        "\"acs\\u002eoss\"",
        "\"\\\\\"",
        "\"}]{[\"",
        "1",
        "null",
        "true",
        "[]",
        "{}",
        "[{\"oss\":{}}]",
        "[{\"eventSource\":\"acs:oss\"}]",
        "[{\"eventParameter\":{}}]",
        "[\"{\\\"specversion\\\":\\\"1.0\\\"}\"]",
    ])
    .prop_map(str::to_owned);
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec((name(), inner), 0..4).prop_map(|m| {
                let members: Vec<String> =
                    m.into_iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
                format!("{{{}}}", members.join(","))
            }),
        ]
    })
}

/// A sample's top-level members as (name, JSON text) pairs, or its elements' when it is an array.
fn sample_members() -> Vec<(bool, Vec<(String, String)>)> {
    let mut out = Vec::new();
    for &kind in TriggerKind::ALL {
        let Some(bytes) = samples::sample(kind) else {
            continue;
        };
        let Ok(v) = serde_json::from_slice::<serde_json::Value>(bytes) else {
            continue;
        };
        let (array, object) = match v {
            serde_json::Value::Array(mut items) if !items.is_empty() => (true, items.remove(0)),
            other => (false, other),
        };
        if let serde_json::Value::Object(map) = object {
            let members = map
                .into_iter()
                .map(|(k, v)| (serde_json::to_string(&k).unwrap(), v.to_string()))
                .collect();
            out.push((array, members));
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// A sample's members, shuffled, with generated members inserted and a byte cut sometimes.
    #[test]
    fn mutated_samples_give_the_reference_answer(
        pick in any::<prop::sample::Index>(),
        order in any::<u64>(),
        extra in prop::collection::vec((any::<prop::sample::Index>(), name(), value()), 0..3),
        cut in prop::option::weighted(0.1, any::<prop::sample::Index>()),
    ) {
        let all = sample_members();
        let (array, members) = &all[pick.index(all.len())];
        let mut members: Vec<String> =
            members.iter().map(|(k, v)| format!("{k}:{v}")).collect();
        // A permutation from the seed.
        let mut seed = order;
        for i in (1..members.len()).rev() {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            members.swap(i, (seed >> 33) as usize % (i + 1));
        }
        for (at, k, v) in extra {
            let at = at.index(members.len() + 1);
            members.insert(at, format!("\"{k}\":{v}"));
        }
        let object = format!("{{{}}}", members.join(","));
        let mut text = if *array { format!("[{object}]") } else { object };
        if let Some(cut) = cut {
            let mut at = cut.index(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text.truncate(at);
        }
        same(text.as_bytes(), &text);
    }

    /// Generated objects and arrays of detection names and values.
    #[test]
    fn generated_objects_give_the_reference_answer(
        members in prop::collection::vec((name(), value()), 0..8),
        array in any::<bool>(),
    ) {
        let members: Vec<String> = members.into_iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
        let object = format!("{{{}}}", members.join(","));
        let text = if array { format!("[{object},{{}}]") } else { object };
        same(text.as_bytes(), &text);
    }
}

/// One change to a sample object (its first member, which picks the candidate, is kept unless moved).
#[derive(Debug, Clone)]
enum Edit {
    /// Adds a member (detection names and values that change the kind, `null`s).
    Add(String, String),
    /// Sets the member at this index (modulo the count, never the first) to `null`.
    Null(usize),
    /// Removes the member at this index (modulo the count, never the first).
    Remove(usize),
    /// Moves the member at this index (modulo the count) to the front, where the guess reads.
    Front(usize),
}

/// Optional members the kinds decided after the decode model (so that a decoded value without
/// one may have had it as `null`, or not at all), detection names among them (`id`, `body`,
/// `eventType`), and `type`/`source`/`eventSource`, which the rules compare.
fn modelled_optional() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "payload",
        "headers",
        "isBase64Encoded",
        "body",
        "instanceName",
        "status",
        "eventType",
        "eventTime",
        "ver",
        "groupId",
        "ruleName",
        "id",
        "traceId",
        "userId",
        "Extend",
        "queryParameters",
        "type",
        "source",
        "eventSource",
    ])
    .prop_map(str::to_owned)
}

fn edit() -> impl Strategy<Value = Edit> {
    let value = prop::sample::select(vec![
        "null",
        "\"acs:datahub\"",
        "\"acs.oss\"",
        "\"alikafka:Topic:Message\"",
        "\"1.0\"",
        "\"x\"",
        "1",
        "{}",
        "[]",
        "[{\"oss\":{}}]",
        "{\"requestId\":\"r\"}",
    ])
    .prop_map(str::to_owned);
    let optional_value = prop::sample::select(vec!["null", "\"x\"", "{}", "\"acs:datahub\""])
        .prop_map(str::to_owned);
    prop_oneof![
        3 => (name(), value).prop_map(|(n, v)| Edit::Add(n, v)),
        2 => (modelled_optional(), optional_value).prop_map(|(n, v)| Edit::Add(n, v)),
        1 => any::<usize>().prop_map(Edit::Null),
        1 => any::<usize>().prop_map(Edit::Remove),
        1 => any::<usize>().prop_map(Edit::Front),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5000))]
    /// Every kind's sample object (among them the kinds decided after the decode, whose first
    /// member proposes the kind), with members added (among them every name the rules read, with
    /// values that change the kind, and the optional members the kinds model), set to `null`,
    /// removed or moved to the front: the answer is the reference path's.
    #[test]
    fn edited_sample_objects_give_the_reference_answer(
        which in 0..TriggerKind::ALL.len(),
        edits in prop::collection::vec(edit(), 0..4),
    ) {
        let kind = TriggerKind::ALL[which];
        let Some(bytes) = samples::sample(kind) else { return Ok(()); };
        // CBOR (Tablestore) and raw text samples are not objects to edit.
        let Ok(text) = std::str::from_utf8(bytes) else { return Ok(()); };
        let Ok(J::Obj(parsed)) = json_text::parse(text) else {
            return Ok(());
        };
        // Names as JSON text (the generated ones may hold escapes), values as JSON text.
        let mut members: Vec<(String, String)> =
            parsed.into_iter().map(|(k, v)| (k, v.to_string())).collect();
        for e in edits {
            let n = members.len();
            match e {
                Edit::Add(name, value) => members.push((name, value)),
                Edit::Null(i) if n > 1 => members[1 + i % (n - 1)].1 = "null".to_owned(),
                Edit::Remove(i) if n > 1 => {
                    members.remove(1 + i % (n - 1));
                }
                Edit::Front(i) if n > 1 => {
                    let member = members.remove(i % n);
                    members.insert(0, member);
                }
                _ => {}
            }
        }
        let body: Vec<String> = members.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
        let text = format!("{{{}}}", body.join(","));
        same(text.as_bytes(), &text);
    }
}

/// One change to the object the rules read first: a top-level array's first element, or the
/// first record of `events`.
#[derive(Debug, Clone)]
enum InnerEdit {
    /// Adds a member (names and values that change the kind or the guess, `null`s).
    Add(String, String),
    /// Sets the member at this index (modulo the count) to `null`.
    Null(usize),
    /// Removes the member at this index (modulo the count).
    Remove(usize),
    /// Moves the member at this index (modulo the count) to the front, where the guess reads.
    Front(usize),
    /// Sets the value of `type`, `source` or `eventSource` (when there) to this string.
    Retype(String),
}

fn inner_edit() -> impl Strategy<Value = InnerEdit> {
    let value = prop::sample::select(vec![
        "null",
        "\"acs:oss\"",
        "\"cdn\"",
        "\"acs.oss\"",
        "\"alikafka:Topic:Message\"",
        "\"mns:Queue:SendMessage\"",
        "\"dts:x\"",
        "\"1.0\"",
        "\"x\"",
        "1",
        "{}",
        "[]",
        "{\"type\":\"mq:x\"}",
    ])
    .prop_map(str::to_owned);
    let retype = prop::sample::select(vec![
        "acs.oss",
        "acs:oss",
        "cdn",
        "acs:datahub",
        "alikafka:Topic:Message",
        "mns:Queue:SendMessage",
        "mq:Topic:SendMessage",
        "amqp:Queue:SendMessage",
        "dts:ConsumeMessage",
        "ui:Created",
        "mq",
        "",
    ])
    .prop_map(str::to_owned);
    prop_oneof![
        3 => (name(), value).prop_map(|(n, v)| InnerEdit::Add(n, v)),
        1 => any::<usize>().prop_map(InnerEdit::Null),
        1 => any::<usize>().prop_map(InnerEdit::Remove),
        2 => any::<usize>().prop_map(InnerEdit::Front),
        2 => retype.prop_map(InnerEdit::Retype),
    ]
}

/// Applies `edits` to an object's members (names unescaped, values as JSON text).
fn apply(members: &mut Vec<(String, String)>, edits: Vec<InnerEdit>) {
    for e in edits {
        let n = members.len();
        match e {
            InnerEdit::Add(name, value) => members.push((name, value)),
            InnerEdit::Null(i) if n > 0 => members[i % n].1 = "null".to_owned(),
            InnerEdit::Remove(i) if n > 0 => {
                members.remove(i % n);
            }
            InnerEdit::Front(i) if n > 0 => {
                let m = members.remove(i % n);
                members.insert(0, m);
            }
            InnerEdit::Retype(to) => {
                for (k, v) in members.iter_mut() {
                    if matches!(k.as_str(), "type" | "source" | "eventSource") && v.starts_with('"')
                    {
                        *v = format!("\"{to}\"");
                        break;
                    }
                }
            }
            _ => {}
        }
    }
}

fn object_text(members: &[(String, String)]) -> String {
    let body: Vec<String> = members
        .iter()
        .map(|(k, v)| format!("\"{k}\":{v}"))
        .collect();
    format!("{{{}}}", body.join(","))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]
    /// Every kind's sample, edited where the rules read for arrays (the first element: MQTT,
    /// CloudEvents batches) and for `events` (its first record: OSS, CDN), and at the top level of
    /// a CloudEvent object: members added (kind-changing names and values), set to `null`,
    /// removed, moved to the front (where the guess reads), `type`/`source`/`eventSource` values
    /// changed; sometimes a second element or record after it. The answer is the reference path's.
    #[test]
    fn edited_first_elements_and_records_give_the_reference_answer(
        which in 0..TriggerKind::ALL.len(),
        edits in prop::collection::vec(inner_edit(), 0..4),
        second in any::<bool>(),
    ) {
        let kind = TriggerKind::ALL[which];
        let Some(bytes) = samples::sample(kind) else { return Ok(()); };
        let Ok(text) = std::str::from_utf8(bytes) else { return Ok(()); };
        let Ok(parsed) = json_text::parse(text) else { return Ok(()); };
        let text = match parsed {
            J::Arr(items) => {
                let Some(J::Obj(first)) = items.first() else { return Ok(()); };
                let mut members: Vec<(String, String)> =
                    first.iter().map(|(k, v)| (k.clone(), v.to_string())).collect();
                apply(&mut members, edits);
                let mut elements = vec![object_text(&members)];
                elements.extend(items.iter().skip(1).map(|v| v.to_string()));
                if second {
                    elements.push(items[0].to_string());
                }
                format!("[{}]", elements.join(","))
            }
            J::Obj(top) => {
                let events = top.iter().position(|(k, _)| k == "events");
                match events.map(|at| (at, &top[at].1)) {
                    Some((at, J::Arr(records))) => {
                        let Some(J::Obj(first)) = records.first() else { return Ok(()); };
                        let mut members: Vec<(String, String)> =
                            first.iter().map(|(k, v)| (k.clone(), v.to_string())).collect();
                        apply(&mut members, edits);
                        let mut elements = vec![object_text(&members)];
                        if second {
                            elements.push(records[0].to_string());
                        }
                        let mut outer: Vec<(String, String)> =
                            top.iter().map(|(k, v)| (k.clone(), v.to_string())).collect();
                        outer[at].1 = format!("[{}]", elements.join(","));
                        object_text(&outer)
                    }
                    _ => {
                        let mut members: Vec<(String, String)> =
                            top.iter().map(|(k, v)| (k.clone(), v.to_string())).collect();
                        apply(&mut members, edits);
                        object_text(&members)
                    }
                }
            }
            _ => return Ok(()),
        };
        same(text.as_bytes(), &text);
    }
}

/// Every kind's sample is decoded once: the guess from its first distinguishing members is its
/// detected kind (the API Gateway response is an HTTP response by the rules), so `from_slice`
/// never falls back to the pre-scan or the reference path on them.
#[test]
fn every_sample_is_guessed_as_its_detected_kind() {
    for &kind in TriggerKind::ALL {
        let Some(bytes) = samples::sample(kind) else {
            continue;
        };
        let Ok(detected) = fc_events::detect::detect(bytes) else {
            continue;
        };
        if bytes.first().is_some_and(|b| !b.is_ascii()) || kind == TriggerKind::Iot {
            continue;
        }
        assert_eq!(
            Event::from_slice_guessed(bytes).map(|e| e.kind()),
            Some(detected),
            "{kind}"
        );
    }
}

/// The members of each detection rule, together: every sample of a kind decided after the decode
/// gets each group added with every assignment of absent, `null`, a string, `acs:datahub` and an
/// object to its members (the sample's own member of that name replaced), so that a member the
/// type models but the decode shows without a value (absent or `null`) and the strings the rules
/// compare meet every rule that could outrank the kind. Exhaustive, not sampled.
#[test]
fn every_rule_group_with_every_value_gives_the_reference_answer() {
    let groups: &[&[&str]] = &[
        &["id", "source", "type", "data"],
        &["specversion", "source", "type"],
        &["requestContext", "responseContext"],
        &["eventSource", "eventSourceARN", "records"],
        &["props", "body", "attrs"],
        &["msgId", "topic", "systemProperties"],
        &["Version", "Records"],
        &["triggerTime", "triggerName"],
        &["jobName", "source", "cursorTime"],
        &["TopicOwner", "MessageId", "Message"],
        &["rawPath", "requestContext"],
        &["httpMethod", "path"],
        &["statusCode", "body"],
        &["product", "eventType", "resourceId", "content"],
        &["events"],
    ];
    let values: [Option<&str>; 5] = [
        None,
        Some("null"),
        Some("\"x\""),
        Some("\"acs:datahub\""),
        Some("{}"),
    ];
    let mut cases = 0;
    for kind in [
        TriggerKind::Timer,
        TriggerKind::Sls,
        TriggerKind::ApigwRequest,
        TriggerKind::ApigwResponse,
        TriggerKind::HttpRequest,
        TriggerKind::HttpResponse,
        TriggerKind::SystemEvent,
        TriggerKind::MnsTopic,
        TriggerKind::Datahub,
        TriggerKind::FcDestination,
    ] {
        let Some(bytes) = samples::sample(kind) else {
            continue;
        };
        let Ok(J::Obj(parsed)) = json_text::parse(std::str::from_utf8(bytes).unwrap()) else {
            continue;
        };
        let sample: Vec<(String, String)> = parsed
            .into_iter()
            .map(|(k, v)| (k, v.to_string()))
            .collect();
        for group in groups {
            let n = group.len() as u32;
            for mut pick in 0..values.len().pow(n) {
                let mut members = sample.clone();
                for name in *group {
                    let value = values[pick % values.len()];
                    pick /= values.len();
                    let at = members.iter().position(|(k, _)| k == name);
                    match (at, value) {
                        (Some(at), Some(v)) => members[at].1 = v.to_owned(),
                        (Some(at), None) => {
                            members.remove(at);
                        }
                        (None, Some(v)) => members.push(((*name).to_owned(), v.to_owned())),
                        (None, None) => {}
                    }
                }
                let body: Vec<String> = members
                    .iter()
                    .map(|(k, v)| format!("\"{k}\":{v}"))
                    .collect();
                let text = format!("{{{}}}", body.join(","));
                same(text.as_bytes(), &text);
                cases += 1;
            }
        }
    }
    assert!(cases > 10_000, "{cases}");
}
