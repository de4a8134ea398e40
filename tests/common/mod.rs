//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod json_text;
pub mod roundtrip;

use std::path::{Path, PathBuf};

use fc_events::validate::Fault;
use fc_events::TriggerKind;

/// The fixtures folder of the repository (these helpers also serve the CLI package's tests, whose
/// manifest folder is `cli/`).
pub fn fixtures_dir() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let own = here.join("tests/fixtures");
    if own.is_dir() {
        own
    } else {
        here.join("../tests/fixtures")
    }
}

/// Every valid fixture: `(kind, path)` for each file in `tests/fixtures/<kind>/` (not below it).
pub fn valid_fixtures() -> Vec<(TriggerKind, PathBuf)> {
    let mut out = Vec::new();
    for kind in TriggerKind::ALL {
        let dir = fixtures_dir().join(kind.name());
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && matches!(ext(p), "json" | "cbor" | "txt"))
            .collect();
        files.sort();
        out.extend(files.into_iter().map(|p| (*kind, p)));
    }
    out
}

/// The file's extension.
pub fn ext(p: &Path) -> &str {
    p.extension().and_then(|e| e.to_str()).unwrap_or("")
}

/// Decodes CBOR into a generic value for semantic comparison.
pub fn cbor_value(bytes: &[u8]) -> serde_cbor::Value {
    serde_cbor::from_slice(bytes).expect("valid CBOR")
}

/// What JSON Schema must say about an invalid fixture (the `"schema"` member of its sidecar).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaExpect {
    /// The kind's schema rejects the payload: its fault is one JSON Schema can express.
    Reject,
    /// The kind's schema accepts the payload: its fault is beyond JSON Schema (see the README).
    Accept,
    /// No schema check: the file is not a JSON document (CBOR, raw text, broken JSON).
    Skip,
}

/// An invalid fixture: `tests/fixtures/invalid/<kind>/<name>.<ext>` with its sidecar
/// `<name>.expect.json` (see `tests/fixtures/SOURCES.md`).
#[derive(Debug, Clone)]
pub struct InvalidFixture {
    /// The kind, from the folder name.
    pub kind: TriggerKind,
    /// The payload file.
    pub path: PathBuf,
    /// The path below `tests/fixtures/`, for messages.
    pub name: String,
    /// Every expected fault as `(pointer, code)`, in the sidecar's order.
    pub faults: Vec<(String, String)>,
    /// What the kind's JSON Schema must say.
    pub schema: SchemaExpect,
}

/// Every invalid fixture with its parsed sidecar. Panics with a precise message on a sidecar that is
/// missing, orphaned or malformed, so a mistake in the convention fails every test that reads them.
pub fn invalid_fixtures() -> Vec<InvalidFixture> {
    let root = fixtures_dir().join("invalid");
    let Ok(dirs) = std::fs::read_dir(&root) else {
        return Vec::new();
    };
    let mut dirs: Vec<PathBuf> = dirs.filter_map(|e| e.ok().map(|e| e.path())).collect();
    dirs.sort();
    let mut out = Vec::new();
    for dir in dirs {
        let dir_name = dir.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            dir.is_dir(),
            "tests/fixtures/invalid/{dir_name}: expected only <kind>/ folders"
        );
        let kind: TriggerKind = dir_name
            .parse()
            .unwrap_or_else(|e| panic!("tests/fixtures/invalid/{dir_name}: {e}"));
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        let is_sidecar = |p: &Path| p.to_string_lossy().ends_with(".expect.json");
        for sidecar in files.iter().filter(|p| is_sidecar(p)) {
            let stem = sidecar.file_name().unwrap().to_string_lossy();
            let stem = stem.strip_suffix(".expect.json").unwrap();
            let payloads: Vec<&PathBuf> = files
                .iter()
                .filter(|p| !is_sidecar(p) && p.file_stem().is_some_and(|s| s == stem))
                .collect();
            assert_eq!(
                payloads.len(),
                1,
                "{}: expected exactly one payload file named {stem}.<ext>, found {payloads:?}",
                sidecar.display()
            );
        }
        for path in files.iter().filter(|p| !is_sidecar(p)) {
            let name = path
                .strip_prefix(fixtures_dir())
                .unwrap()
                .display()
                .to_string();
            let stem = path.file_stem().unwrap().to_string_lossy();
            let sidecar = dir.join(format!("{stem}.expect.json"));
            let text = std::fs::read_to_string(&sidecar)
                .unwrap_or_else(|e| panic!("{name}: no readable sidecar {stem}.expect.json: {e}"));
            let (faults, schema) = parse_sidecar(&text).unwrap_or_else(|e| {
                panic!("{name}: sidecar {stem}.expect.json: {e}");
            });
            if schema != SchemaExpect::Skip {
                let bytes = std::fs::read(path).unwrap();
                assert!(
                    serde_json::from_slice::<serde_json::Value>(&bytes).is_ok(),
                    "{name}: \"schema\": \"reject\"/\"accept\" needs a JSON document; use \"skip\""
                );
            }
            out.push(InvalidFixture {
                kind,
                path: path.clone(),
                name,
                faults,
                schema,
            });
        }
    }
    out
}

fn parse_sidecar(text: &str) -> Result<(Vec<(String, String)>, SchemaExpect), String> {
    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let obj = v.as_object().ok_or("expected an object")?;
    if let Some(k) = obj
        .keys()
        .find(|k| !matches!(k.as_str(), "faults" | "schema" | "note"))
    {
        return Err(format!(
            "unknown member {k:?} (expected faults, schema, note)"
        ));
    }
    let faults = obj
        .get("faults")
        .and_then(|f| f.as_array())
        .filter(|f| !f.is_empty())
        .ok_or("\"faults\" must be a non-empty array")?
        .iter()
        .map(|f| {
            let o = f.as_object().filter(|o| o.len() == 2);
            match o.map(|o| (o.get("pointer"), o.get("code"))) {
                Some((Some(serde_json::Value::String(p)), Some(serde_json::Value::String(c)))) => {
                    Ok((p.clone(), c.clone()))
                }
                _ => Err(format!(
                    "fault {f}: expected {{\"pointer\": \"...\", \"code\": \"...\"}}"
                )),
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    let schema = match obj.get("schema").and_then(|s| s.as_str()) {
        Some("reject") => SchemaExpect::Reject,
        Some("accept") => SchemaExpect::Accept,
        Some("skip") => SchemaExpect::Skip,
        _ => return Err("\"schema\" must be \"reject\", \"accept\" or \"skip\"".into()),
    };
    Ok((faults, schema))
}

/// `(pointer, code)` of every fault of `value` validated as `kind` (asserting it is taken as `kind`).
pub fn faults_as(kind: TriggerKind, value: &serde_json::Value) -> Vec<(String, &'static str)> {
    let report = fc_events::validate::validate_slice(Some(kind), value.to_string().as_bytes());
    assert_eq!(report.kind, Some(kind));
    report
        .faults
        .into_iter()
        .map(|f| (f.pointer, f.code))
        .collect()
}

/// The fault list of exactly one fault.
pub fn one_fault(pointer: &str, code: &'static str) -> Vec<(String, &'static str)> {
    vec![(pointer.to_owned(), code)]
}

/// `(pointer, code)` of each fault, in order.
pub fn pointer_codes(faults: &[Fault]) -> Vec<(&str, &'static str)> {
    faults
        .iter()
        .map(|f| (f.pointer.as_str(), f.code))
        .collect()
}

/// The kind detection reports for a payload of `kind`: itself, except where it cannot by design
/// (IoT payloads are arbitrary JSON and never detected; an API Gateway response has the HTTP
/// trigger response's shape).
pub fn detected_as(kind: TriggerKind) -> Option<TriggerKind> {
    match kind {
        TriggerKind::Iot => None,
        TriggerKind::ApigwResponse => Some(TriggerKind::HttpResponse),
        k => Some(k),
    }
}

/// The `data` member texts of a CloudEvent payload, exactly as written: one per record (a batch
/// element that is a string is read as the event its JSON text holds).
pub fn data_texts(bytes: &[u8]) -> Vec<String> {
    use serde_json::value::RawValue;
    #[derive(serde::Deserialize)]
    struct Data<'a> {
        #[serde(borrow)]
        data: &'a RawValue,
    }
    fn of(raw: &RawValue) -> String {
        let text = raw.get();
        if text.starts_with('"') {
            let inner: String = serde_json::from_str(text).unwrap();
            return serde_json::from_str::<Data>(&inner)
                .unwrap()
                .data
                .get()
                .to_owned();
        }
        serde_json::from_str::<Data>(text)
            .unwrap()
            .data
            .get()
            .to_owned()
    }
    let text = std::str::from_utf8(bytes).unwrap();
    if text.trim_start().starts_with('[') {
        let elements: Vec<&RawValue> = serde_json::from_str(text).unwrap();
        elements.into_iter().map(of).collect()
    } else {
        vec![of(serde_json::from_str(text).unwrap())]
    }
}

/// Decodes `input` as `kind`, whose records at `unfit` (indices; `[0]` for a single event) carry
/// `data` that does not fit its model: the payload must still decode, re-encode with those `data`
/// members' text byte for byte as received (and everything value for value, number text for number
/// text), and validate with faults, which are returned as `(pointer, code)`.
pub fn degrades(kind: TriggerKind, input: &[u8], unfit: &[usize]) -> Vec<(String, &'static str)> {
    let event = fc_events::Event::from_slice_as(kind, input)
        .unwrap_or_else(|e| panic!("data that does not fit its model failed the payload: {e}"));
    let out = event.to_vec().unwrap();
    let (was, now) = (data_texts(input), data_texts(&out));
    assert_eq!(was.len(), now.len());
    for &i in unfit {
        assert_eq!(now[i], was[i], "record {i}: data kept byte for byte");
    }
    roundtrip::assert_same_json("degraded payload", input, &out);
    let report = fc_events::validate::validate_slice(Some(kind), input);
    assert!(!report.is_valid(), "data that does not fit is a fault");
    let faults: Vec<(String, &'static str)> = event
        .validate()
        .into_iter()
        .map(|f| (f.pointer, f.code))
        .collect();
    assert_eq!(
        faults,
        report
            .faults
            .iter()
            .map(|f| (f.pointer.clone(), f.code))
            .collect::<Vec<_>>()
    );
    faults
}

/// Every member and element pointer in a document, outermost first.
pub fn pointers(v: &serde_json::Value, at: String, out: &mut Vec<String>) {
    use serde_json::Value;
    match v {
        Value::Object(o) => {
            for (k, v) in o {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                pointers(v, p, out);
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                pointers(v, p, out);
            }
        }
        _ => {}
    }
}
