//! Where a failed decode is placed: the place found from the reader's position
//! (`src/wire/locate.rs`) against a reference, the same payload type decoded again under
//! `serde_path_to_error`, which tracks the path as it reads.
//!
//! Every JSON fixture of every kind is edited member by member (the value replaced by values of
//! every shape, or the member removed) and written compact and pretty (whitespace changes the byte
//! a reader stops at); each edit that fails to decode must be placed where the reference places it.

mod common;

use fc_events::{Event, TriggerKind};
use serde_json::{json, Value};

/// The reference place: `serde_path_to_error`'s path as a JSON Pointer, with a missing member
/// appended (as the library points a missing member at where it should be).
fn reference<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Option<String> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let e = match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Ok(_) => return None,
        Err(e) => e,
    };
    let mut pointer = String::new();
    for segment in e.path().iter() {
        use serde_path_to_error::Segment;
        let key = match segment {
            Segment::Seq { index } => index.to_string(),
            Segment::Map { key } => key.replace('~', "~0").replace('/', "~1"),
            Segment::Enum { variant } => variant.clone(),
            Segment::Unknown => continue,
        };
        pointer.push('/');
        pointer.push_str(&key);
    }
    let message = e.into_inner().to_string();
    if let Some(rest) = message.strip_prefix("missing field `") {
        pointer.push('/');
        pointer.push_str(rest.split('`').next().unwrap_or_default());
    }
    Some(pointer)
}

/// The reference for `kind`, or `None` where the kind has no JSON payload type to compare.
fn reference_for(kind: TriggerKind, bytes: &[u8]) -> Option<Option<String>> {
    use fc_events::*;
    Some(match kind {
        TriggerKind::Oss => reference::<oss::OssEvent>(bytes),
        TriggerKind::Sls => reference::<sls::SlsEvent>(bytes),
        TriggerKind::Timer => reference::<timer::TimerEvent>(bytes),
        TriggerKind::ApigwRequest => reference::<apigw::ApigwRequest>(bytes),
        TriggerKind::ApigwResponse => reference::<apigw::ApigwResponse>(bytes),
        TriggerKind::HttpRequest => reference::<http::HttpRequest>(bytes),
        TriggerKind::HttpResponse => reference::<http::HttpResponse>(bytes),
        TriggerKind::SystemEvent => reference::<system_event::SystemEvent>(bytes),
        TriggerKind::Mqtt => reference::<mqtt::MqttEvent>(bytes),
        TriggerKind::Datahub => reference::<datahub::DatahubEvent>(bytes),
        TriggerKind::FcDestination => reference::<destination::DestinationRecord>(bytes),
        TriggerKind::Cdn => reference::<cdn::CdnEvent>(bytes),
        // CloudEvents kinds decode in their own passes (typed data that degrades, batches sent as
        // strings), MNS topic by shape, Tablestore from CBOR, IoT takes any JSON.
        _ => return None,
    })
}

/// `doc` with the value at `pointer` replaced, or removed when `with` is `None`.
fn edited(doc: &Value, pointer: &str, with: Option<&Value>) -> Value {
    let mut doc = doc.clone();
    match with {
        Some(v) => *doc.pointer_mut(pointer).unwrap() = v.clone(),
        None => {
            let (parent, last) = pointer.rsplit_once('/').unwrap();
            let last = last.replace("~1", "/").replace("~0", "~");
            match doc.pointer_mut(parent).unwrap() {
                Value::Object(m) => {
                    m.remove(&last);
                }
                Value::Array(a) => {
                    a.remove(last.parse::<usize>().unwrap());
                }
                _ => unreachable!(),
            }
        }
    }
    doc
}

#[test]
fn failed_decodes_are_placed_where_a_path_tracking_reader_places_them() {
    let replacements = [
        json!("x"),
        json!(7),
        json!(-1.5),
        json!(null),
        json!(true),
        json!({}),
        json!([]),
        json!(["x"]),
        json!({"k": 1}),
    ];
    let (mut compared, mut failures) = (0, Vec::new());
    for (kind, path) in common::valid_fixtures() {
        if common::ext(&path) != "json" || reference_for(kind, b"{}").is_none() {
            continue;
        }
        let doc: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let mut all = Vec::new();
        common::pointers(&doc, String::new(), &mut all);
        for pointer in &all {
            let edits = replacements
                .iter()
                .map(Some)
                .chain([None])
                .map(|with| edited(&doc, pointer, with));
            for edit in edits {
                for bytes in [
                    serde_json::to_vec(&edit).unwrap(),
                    serde_json::to_vec_pretty(&edit).unwrap(),
                ] {
                    let Err(ours) = Event::from_slice_as(kind, &bytes) else {
                        continue;
                    };
                    let expected = reference_for(kind, &bytes).unwrap();
                    compared += 1;
                    if expected.as_deref() != Some(ours.pointer()) {
                        failures.push(format!(
                            "{}: {:?} placed at {:?}, the reference says {expected:?}\n  {}",
                            path.display(),
                            ours.message,
                            ours.pointer(),
                            String::from_utf8_lossy(&bytes)
                        ));
                    }
                }
            }
        }
    }
    eprintln!("{compared} failed decodes compared");
    assert!(compared > 1000, "only {compared} failed decodes compared");
    assert!(
        failures.is_empty(),
        "{} of {compared} placed differently:\n{}",
        failures.len(),
        failures[..failures.len().min(20)].join("\n")
    );
}
