//! The corpus of payloads other people published (`tests/fixtures/real/`, rows in `manifest.tsv`):
//! the ground truth for what each kind accepts.
//!
//! * `genuine`: detected as its kind, decoded, validated without a fault, and re-encoded equal to the
//!   input (JSON: value for value and number text for number text; CBOR: value for value; raw text:
//!   byte for byte).
//! * `malformed`: rejected, with the row's `expect` text in the message.
//! * `placeholder` / `partial`: no expectation but that nothing panics.
//!
//! Every file in the corpus has a row, and every row a file.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::json_text;
use fc_events::validate::validate_slice;
use fc_events::{Event, TriggerKind};

struct Row {
    file: String,
    kind: String,
    status: String,
    source: String,
    expect: String,
}

fn corpus_dir() -> PathBuf {
    common::fixtures_dir().join("real")
}

fn rows() -> Vec<Row> {
    let text = std::fs::read_to_string(corpus_dir().join("manifest.tsv")).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("file\tkind\tstatus\tsource\texpect\tnotes"),
        "manifest.tsv: header"
    );
    lines
        .enumerate()
        .map(|(i, line)| {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 6, "manifest.tsv line {}: six columns", i + 2);
            Row {
                file: cols[0].to_owned(),
                kind: cols[1].to_owned(),
                status: cols[2].to_owned(),
                source: cols[3].to_owned(),
                expect: cols[4].to_owned(),
            }
        })
        .collect()
}

fn files_below(dir: &Path, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_below(&path, out);
        } else {
            let rel = path
                .strip_prefix(corpus_dir())
                .unwrap()
                .display()
                .to_string();
            if rel != "manifest.tsv" {
                out.insert(rel);
            }
        }
    }
}

#[test]
fn manifest_and_files_agree() {
    let rows = rows();
    let listed: BTreeSet<String> = rows.iter().map(|r| r.file.clone()).collect();
    assert_eq!(listed.len(), rows.len(), "a file is listed twice");
    let mut present = BTreeSet::new();
    files_below(&corpus_dir(), &mut present);
    let unlisted: Vec<_> = present.difference(&listed).collect();
    let missing: Vec<_> = listed.difference(&present).collect();
    assert!(
        unlisted.is_empty(),
        "files without a manifest row: {unlisted:?}"
    );
    assert!(missing.is_empty(), "rows without a file: {missing:?}");
    for r in &rows {
        assert!(
            matches!(
                r.status.as_str(),
                "genuine" | "placeholder" | "malformed" | "partial"
            ),
            "{}: status `{}`",
            r.file,
            r.status
        );
        assert!(!r.source.is_empty(), "{}: no provenance", r.file);
        assert!(
            r.file.starts_with(&format!("{}/", r.kind)),
            "{}: not in the folder of its kind `{}`",
            r.file,
            r.kind
        );
        assert_eq!(
            r.status == "malformed",
            !r.expect.is_empty(),
            "{}: `expect` is for malformed rows, and each malformed row has one",
            r.file
        );
    }
}

#[test]
fn every_genuine_payload_is_accepted_and_round_trips() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for r in rows().iter().filter(|r| r.status == "genuine") {
        let bytes = std::fs::read(corpus_dir().join(&r.file)).unwrap();
        let Ok(kind) = r.kind.parse::<TriggerKind>() else {
            failures.push(format!("{}: no model for kind `{}`", r.file, r.kind));
            continue;
        };
        checked += 1;
        match (
            Event::from_slice(&bytes).map(|e| e.kind()),
            common::detected_as(kind),
        ) {
            (Ok(got), Some(expected)) if got == expected => {}
            (Err(_), None) => {}
            (got, _) => failures.push(format!(
                "{}: detected as {:?}",
                r.file,
                got.map_err(|e| e.to_string())
            )),
        }
        let event = match Event::from_slice_as(kind, &bytes) {
            Ok(e) => e,
            Err(e) => {
                failures.push(format!("{}: {e}", r.file));
                continue;
            }
        };
        let faults: Vec<_> = event
            .validate()
            .into_iter()
            .filter(|f| f.is_error())
            .collect();
        for f in faults {
            failures.push(format!("{}: {f}", r.file));
        }
        let out = event.to_vec().unwrap();
        if let Err(why) = same_payload(&r.file, &bytes, &out) {
            failures.push(format!("{}: re-encoded payload differs: {why}", r.file));
        }
    }
    assert!(checked >= 60, "only {checked} genuine payloads checked");
    assert!(
        failures.is_empty(),
        "{} faults in genuine payloads:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Whether `out` carries the same payload as `input`, in the file's form.
fn same_payload(file: &str, input: &[u8], out: &[u8]) -> Result<(), String> {
    if file.ends_with(".cbor") {
        return (common::cbor_value(input) == common::cbor_value(out))
            .then_some(())
            .ok_or_else(|| "CBOR values differ".to_owned());
    }
    if file.ends_with(".txt") {
        return (input == out)
            .then_some(())
            .ok_or_else(|| "bytes differ".to_owned());
    }
    let a = json_text::parse(std::str::from_utf8(input).unwrap())?.sorted();
    let b = json_text::parse(std::str::from_utf8(out).map_err(|e| e.to_string())?)?.sorted();
    (a == b)
        .then_some(())
        .ok_or_else(|| format!("\n  in:  {a}\n  out: {b}"))
}

#[test]
fn every_malformed_payload_is_rejected_naming_the_place() {
    let mut failures = Vec::new();
    for r in rows().iter().filter(|r| r.status == "malformed") {
        let bytes = std::fs::read(corpus_dir().join(&r.file)).unwrap();
        let kind = r.kind.parse::<TriggerKind>().ok();
        let report = validate_slice(kind, &bytes);
        let messages: Vec<String> = report
            .faults
            .iter()
            .filter(|f| f.is_error())
            .map(|f| f.to_string())
            .collect();
        if messages.is_empty() {
            failures.push(format!("{}: accepted", r.file));
        } else if !messages.iter().any(|m| m.contains(&r.expect)) {
            failures.push(format!(
                "{}: no message names `{}`: {messages:?}",
                r.file, r.expect
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn placeholders_and_partial_payloads_never_panic() {
    for r in rows()
        .iter()
        .filter(|r| matches!(r.status.as_str(), "placeholder" | "partial"))
    {
        let bytes = std::fs::read(corpus_dir().join(&r.file)).unwrap();
        let _ = validate_slice(r.kind.parse().ok(), &bytes);
        let _ = Event::from_slice(&bytes).map(|e| e.to_vec());
    }
}

#[test]
fn the_comparison_sees_number_text_and_values() {
    // Two spellings of one number are not the same payload; member order of typed members is free.
    assert!(same_payload("a.json", br#"{"a":1.50,"b":2}"#, br#"{"b":2,"a":1.50}"#).is_ok());
    assert!(same_payload("a.json", br#"{"a":1.50}"#, br#"{"a":1.5}"#).is_err());
    assert!(same_payload("a.json", br#"{"a":"x"}"#, br#"{"a":"y"}"#).is_err());
    assert!(same_payload("a.json", br#"{"a":"\u00e9"}"#, "{\"a\":\"é\"}".as_bytes()).is_ok());
}

#[test]
fn a_documented_aliyunpublishtime_with_a_zone_name_is_a_warning() {
    // EventBridge's own documentation writes `2020-11-19T21:04:42.179PRC`: reported, not fatal.
    let file =
        "eventbridge/aliyun-eventbridge-doc-event-transformation__imm-FileMeta-Index__1.json";
    let bytes = std::fs::read(corpus_dir().join(file)).unwrap();
    let report = validate_slice(None, &bytes);
    assert!(report.is_valid(), "{:?}", report.faults);
    let warnings: Vec<_> = report
        .faults
        .iter()
        .map(|f| (f.pointer.as_str(), f.severity))
        .collect();
    assert_eq!(
        warnings,
        [("/aliyunpublishtime", fc_events::validate::Severity::Warning)]
    );
}

#[test]
fn every_genuine_json_payload_satisfies_its_committed_schema() {
    // The committed schema files describe what real payloads look like too (formats checked).
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    let mut failures = Vec::new();
    for r in rows()
        .iter()
        .filter(|r| r.status == "genuine" && r.file.ends_with(".json"))
    {
        let Ok(kind) = r.kind.parse::<TriggerKind>() else {
            continue; // reported by the acceptance test
        };
        let Ok(schema_text) = std::fs::read(root.join(format!("{kind}.schema.json"))) else {
            continue;
        };
        let schema: serde_json::Value = serde_json::from_slice(&schema_text).unwrap();
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap();
        let doc: serde_json::Value =
            serde_json::from_slice(&std::fs::read(corpus_dir().join(&r.file)).unwrap()).unwrap();
        for e in validator.iter_errors(&doc) {
            failures.push(format!("{}: {}: {e}", r.file, e.instance_path().as_str()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
