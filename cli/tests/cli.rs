//! The `fc-events` binary, driven as CI scripts drive it: exit statuses, output lines, the JSON
//! report, standard input, NDJSON, directories, conversion, schemas, samples and kinds; trigger
//! definition files (`validate --config`), `cron` and the trigger-definition schema.

#[path = "../../tests/common/mod.rs"]
mod common;

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use fc_events::schema::{schema, Draft};
use fc_events::TriggerKind;
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

/// The repository root (the library's folder, which holds the fixtures).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("cli/ is inside the repository")
        .to_path_buf()
}

/// The binary, run from the repository root so that relative fixture paths work.
fn fc() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fc-events"));
    cmd.current_dir(root());
    cmd
}

/// Runs the binary and returns (exit status, stdout, stderr).
/// `fc-events validate --config --format FORMAT DIR`.
fn validate_config(format: &str, dir: &Path) -> (i32, Vec<u8>, String) {
    run(
        &["validate", "--config", "--format", format, path_str(dir)],
        None,
    )
}

fn run(args: &[&str], stdin: Option<&[u8]>) -> (i32, Vec<u8>, String) {
    let mut cmd = fc();
    cmd.args(args);
    if let Some(input) = stdin {
        cmd.write_stdin(input.to_vec());
    }
    let out = cmd.output().expect("the binary runs");
    (
        out.status.code().expect("exited, not killed"),
        out.stdout,
        String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    )
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).expect("UTF-8 stdout")
}

fn compiled_kinds() -> Vec<TriggerKind> {
    TriggerKind::ALL
        .iter()
        .copied()
        .filter(|&k| schema(k, Draft::Draft07).is_some())
        .collect()
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

const BAD_TIMER: &str = r#"{"triggerTime":"yesterday","triggerName":"t","payload":"p"}"#;
const GOOD_TIMER: &str =
    r#"{"triggerTime":"2023-12-26T07:49:00Z","triggerName":"t","payload":"p"}"#;
const UNDETECTABLE: &str = r#"{"hello":"world"}"#;
const UNDECODABLE_OSS: &str = r#"{"events":[{"oss":{}}]}"#;

/// A temporary folder holding the given files.
fn dir_with(files: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new().unwrap();
    for (name, content) in files {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, content).unwrap();
    }
    dir
}

/// The SARIF 2.1.0 schema (`tests/data/`), compiled.
fn sarif_validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(
        &fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-schema-2.1.0.json"),
        )
        .unwrap(),
    )
    .unwrap();
    jsonschema::validator_for(&schema).expect("the SARIF schema compiles")
}

/// The 1-based line and column (in characters) where `needle` first occurs in `text`, counted
/// here, apart from the tool.
fn line_col(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).expect("the needle is in the text");
    let before = &text[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

// ---------------------------------------------------------------- validate

#[test]
fn every_valid_fixture_validates_with_status_0() {
    let fixtures = common::valid_fixtures();
    assert!(!fixtures.is_empty());
    // Grouped by kind and named with --trigger: some kinds are never detected (iot) or share a
    // shape with another kind.
    for kind in TriggerKind::ALL {
        let paths: Vec<&str> = fixtures
            .iter()
            .filter(|(k, _)| k == kind)
            .map(|(_, p)| path_str(p))
            .collect();
        if paths.is_empty() {
            continue;
        }
        let args = [&["validate", "--trigger", kind.name()], paths.as_slice()].concat();
        let (code, stdout, stderr) = run(&args, None);
        assert_eq!(
            text(&stdout),
            format!("{} valid, 0 invalid\n", paths.len()),
            "{kind}: {stderr}"
        );
        assert_eq!(code, 0);
    }
}

#[test]
fn the_readme_main_job_passes() {
    // README: `cargo run -p fc-events-cli -- validate tests/fixtures/oss tests/fixtures/timer`.
    let dirs = ["tests/fixtures/oss", "tests/fixtures/timer"];
    let count: usize = dirs
        .iter()
        .map(|d| fs::read_dir(root().join(d)).unwrap().count())
        .sum();
    assert!(count > 0);
    fc().arg("validate")
        .args(dirs)
        .assert()
        .code(0)
        .stdout(format!("{count} valid, 0 invalid\n"));
}

#[test]
fn an_invalid_payload_is_one_line_per_fault_and_status_1() {
    let dir = dir_with(&[("bad.json", BAD_TIMER)]);
    let file = dir.path().join("bad.json");
    let (code, stdout, _) = run(&["validate", path_str(&file)], None);
    let stdout = text(&stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    // LINE:COL is where the faulty value begins.
    let prefix = format!("{}:1:16: timer: /triggerTime: ", file.display());
    assert!(lines[0].starts_with(&prefix), "{stdout}");
    assert!(lines[0].contains("yesterday"), "{stdout}");
    assert_eq!(lines[1], "0 valid, 1 invalid");
    assert_eq!(code, 1);
}

#[test]
fn a_payload_that_does_not_decode_is_invalid_at_its_pointer() {
    let dir = dir_with(&[("oss.json", UNDECODABLE_OSS)]);
    let file = dir.path().join("oss.json");
    let (code, stdout, _) = run(&["validate", path_str(&file)], None);
    let first = text(&stdout).lines().next().unwrap().to_owned();
    assert!(
        // The missing member is placed at the object that should hold it.
        first.starts_with(&format!(
            "{}:1:19: oss: /events/0/oss/bucket: ",
            file.display()
        )),
        "{first}"
    );
    assert_eq!(code, 1);
}

#[test]
fn an_undetectable_payload_is_unknown_at_the_root_and_status_1() {
    let dir = dir_with(&[("what.json", UNDETECTABLE)]);
    let file = dir.path().join("what.json");
    let (code, stdout, _) = run(&["validate", path_str(&file)], None);
    let stdout = text(&stdout);
    assert!(
        stdout.starts_with(&format!("{}:1:1: unknown: (root): ", file.display())),
        "{stdout}"
    );
    assert!(stdout.ends_with("0 valid, 1 invalid\n"), "{stdout}");
    assert_eq!(code, 1);
}

#[test]
fn trigger_overrides_detection() {
    // A valid timer payload validated as OSS fails to decode as OSS.
    let (code, stdout, _) = run(
        &["validate", "--trigger", "oss", "-"],
        Some(GOOD_TIMER.as_bytes()),
    );
    assert!(
        text(&stdout).starts_with("-:1:1: oss: "),
        "{}",
        text(&stdout)
    );
    assert_eq!(code, 1);
    fc().args(["validate", "--trigger", "timer", "-"])
        .write_stdin(GOOD_TIMER)
        .assert()
        .code(0)
        .stdout("1 valid, 0 invalid\n");
}

#[test]
fn stdin_is_named_dash() {
    fc().args(["validate", "-"])
        .write_stdin(BAD_TIMER)
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with("-:1:16: timer: /triggerTime: "))
        .stdout(predicate::str::ends_with("\n0 valid, 1 invalid\n"));
}

#[test]
fn ndjson_lines_are_payloads_with_line_numbers() {
    let content = format!("{GOOD_TIMER}\n\n{BAD_TIMER}\r\n{UNDETECTABLE}\n   \n{GOOD_TIMER}\n");
    let dir = dir_with(&[("batch.ndjson", &content), ("batch.jsonl", &content)]);
    for name in ["batch.ndjson", "batch.jsonl"] {
        let file = dir.path().join(name);
        let (code, stdout, _) = run(&["validate", path_str(&file)], None);
        let stdout = text(&stdout);
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(lines.len(), 3, "{stdout}");
        assert!(
            lines[0].starts_with(&format!("{}:3:16: timer: /triggerTime: ", file.display())),
            "{stdout}"
        );
        assert!(
            lines[1].starts_with(&format!("{}:4:1: unknown: (root): ", file.display())),
            "{stdout}"
        );
        assert_eq!(lines[2], "2 valid, 2 invalid");
        assert_eq!(code, 1);
    }
    // Standard input as NDJSON.
    let (code, stdout, _) = run(&["validate", "--ndjson", "-"], Some(content.as_bytes()));
    assert!(text(&stdout).starts_with("-:3:16: timer: /triggerTime: "));
    assert!(text(&stdout).ends_with("\n2 valid, 2 invalid\n"));
    assert_eq!(code, 1);
}

/// Valid lines without faults are only counted (no format but JSON and JUnit writes anything for
/// them); a valid line with warnings, one with a byte order mark and an invalid one among many
/// clean ones are still reported in their places, and the counts agree in every format.
#[test]
fn clean_ndjson_lines_are_counted_and_the_others_reported_in_every_format() {
    let mut rocketmq: Value = serde_json::from_slice(
        fc_events::samples::sample(TriggerKind::Rocketmq).expect("a rocketmq sample"),
    )
    .unwrap();
    let props = rocketmq[0]["data"]["systemProperties"]
        .as_object_mut()
        .unwrap();
    assert!(props.remove("TAGS").is_some() && props.remove("KEYS").is_some());
    let warned = serde_json::to_string(&rocketmq).unwrap();
    let clean = 30_000;
    let (at_warned, at_bom, at_bad) = (7, 12_345, 29_000);
    let mut lines = Vec::new();
    for n in 1..=clean + 3 {
        lines.push(match n {
            _ if n == at_warned => warned.clone(),
            _ if n == at_bom => format!("\u{feff}{GOOD_TIMER}"),
            _ if n == at_bad => BAD_TIMER.to_owned(),
            _ => GOOD_TIMER.to_owned(),
        });
    }
    let dir = dir_with(&[("many.ndjson", &(lines.join("\n") + "\n"))]);
    let file = dir.path().join("many.ndjson");
    let file = path_str(&file);
    let column = warned.find("\"systemProperties\"").unwrap();
    let summary = format!("{} valid, 1 invalid", clean + 2);
    let note = format!("fc-events: note: {file}:{at_bom}: a UTF-8 byte order mark");

    let (code, stdout, stderr) = run(&["validate", file], None);
    assert_eq!(code, 1);
    let got: Vec<&str> = text(&stdout).lines().collect();
    assert_eq!(got.len(), 4, "{}", text(&stdout));
    for (i, member) in ["TAGS", "KEYS"].iter().enumerate() {
        let want = format!(
            "{file}:{at_warned}:{}: rocketmq: /0/data/systemProperties/{member}: warning: ",
            column + 20
        );
        assert!(got[i].starts_with(&want), "{} against {want}", got[i]);
    }
    assert!(got[2].starts_with(&format!("{file}:{at_bad}:16: timer: /triggerTime: ")));
    assert_eq!(got[3], summary);
    assert!(stderr.contains(&note), "{stderr}");

    let (code, stdout, stderr) = run(&["validate", "--format", "github", file], None);
    assert_eq!(code, 1);
    let got: Vec<&str> = text(&stdout).lines().collect();
    assert_eq!(got.len(), 4, "{}", text(&stdout));
    assert!(got[0].starts_with(&format!("::warning file={file},line={at_warned},")));
    assert!(got[2].starts_with(&format!("::error file={file},line={at_bad},col=16,")));
    assert_eq!(got[3], summary);
    assert!(stderr.contains(&note), "{stderr}");

    let (code, stdout, _) = run(&["validate", "--format", "sarif", file], None);
    assert_eq!(code, 1);
    let doc: Value = serde_json::from_slice(&stdout).unwrap();
    let results: Vec<(&str, u64)> = doc["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["level"].as_str().unwrap(),
                r["locations"][0]["physicalLocation"]["region"]["startLine"]
                    .as_u64()
                    .unwrap(),
            )
        })
        .collect();
    let (w, b) = (at_warned as u64, at_bad as u64);
    assert_eq!(results, [("warning", w), ("warning", w), ("error", b)]);

    let (code, stdout, _) = run(&["validate", "--format", "json", file], None);
    assert_eq!(code, 1);
    let doc: Value = serde_json::from_slice(&stdout).unwrap();
    let files = doc["files"].as_array().unwrap();
    assert_eq!(files.len(), clean + 3);
    for (i, entry) in files.iter().enumerate() {
        assert_eq!(entry["line"].as_u64(), Some(i as u64 + 1));
        assert_eq!(entry["valid"], i + 1 != at_bad, "{entry}");
    }
    assert_eq!(
        doc["summary"],
        serde_json::json!({"valid": clean + 2, "invalid": 1, "errors": 0})
    );
}

#[test]
fn json_report_lists_every_payload_in_input_order() {
    let ndjson = format!("{GOOD_TIMER}\n{BAD_TIMER}\n");
    let dir = dir_with(&[
        ("a.ndjson", &ndjson),
        ("b.json", UNDETECTABLE),
        ("c.json", UNDECODABLE_OSS),
    ]);
    let fixture = common::valid_fixtures()[0].1.clone();
    let paths = [
        path_str(&fixture).to_owned(),
        dir.path().display().to_string(),
    ];
    let (code, stdout, _) = run(
        &["validate", "--format", "json", &paths[0], &paths[1]],
        None,
    );
    assert_eq!(code, 1);
    let doc: Value = serde_json::from_slice(&stdout).expect("one JSON document");
    let files = doc["files"].as_array().unwrap();
    let got: Vec<(String, Value, Value, bool)> = files
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_owned(),
                f.get("line").cloned().unwrap_or(Value::Null),
                f["kind"].clone(),
                f["valid"].as_bool().unwrap(),
            )
        })
        .collect();
    let at = |name: &str| dir.path().join(name).display().to_string();
    let fixture_kind = common::valid_fixtures()[0].0.name();
    assert_eq!(
        got,
        vec![
            (paths[0].clone(), Value::Null, fixture_kind.into(), true),
            (at("a.ndjson"), 1.into(), "timer".into(), true),
            (at("a.ndjson"), 2.into(), "timer".into(), false),
            (at("b.json"), Value::Null, Value::Null, false),
            (at("c.json"), Value::Null, "oss".into(), false),
        ]
    );
    // Lines are given for NDJSON only.
    assert!(files[0].get("line").is_none());
    assert_eq!(files[0]["faults"], serde_json::json!([]));
    let fault = &files[2]["faults"][0];
    assert_eq!(fault["pointer"], "/triggerTime");
    assert_eq!(fault["code"], "format");
    assert!(fault["message"].as_str().unwrap().contains("yesterday"));
    assert_eq!(files[3]["faults"][0]["pointer"], "");
    assert_eq!(files[3]["faults"][0]["code"], "unknown-kind");
    assert_eq!(files[4]["faults"][0]["pointer"], "/events/0/oss/bucket");
    assert_eq!(files[4]["faults"][0]["code"], "required");
    assert_eq!(
        doc["summary"],
        serde_json::json!({"valid": 2, "invalid": 3, "errors": 0})
    );
    assert_eq!(doc["errors"], serde_json::json!([]));
}

#[test]
fn a_directory_is_walked_recursively_in_sorted_order() {
    let dir = dir_with(&[
        ("b/z.json", GOOD_TIMER),
        ("b/a.jsonl", &format!("{GOOD_TIMER}\n")),
        ("a.json", GOOD_TIMER),
        ("c.txt", "a raw MNS message body"),
        ("B.JSON", GOOD_TIMER),
        ("notes.md", "not a payload"),
        ("data.yaml", "x: 1"),
        (".hidden/bad.json", BAD_TIMER),
        (".bad.json", BAD_TIMER),
    ]);
    let root = dir.path().display().to_string();
    let (code, stdout, stderr) = run(&["detect", &root], None);
    let at = |name: &str| dir.path().join(name).display().to_string();
    let mns = "mns-topic";
    assert_eq!(
        text(&stdout),
        format!(
            "{}: timer\n{}: timer\n{}:1: timer\n{}: timer\n{}: {mns}\n",
            at("B.JSON"),
            at("a.json"),
            at("b/a.jsonl"),
            at("b/z.json"),
            at("c.txt"),
        ),
        "{stderr}"
    );
    assert_eq!(code, 0);
    // The hidden invalid payloads are not read: everything found is valid (or not compiled in).
    let (_, stdout, _) = run(&["validate", "--format", "json", &root], None);
    let doc: Value = serde_json::from_slice(&stdout).unwrap();
    assert_eq!(doc["summary"]["invalid"], 0, "{doc}");
}

#[test]
fn an_empty_directory_is_nothing_checked_with_status_3() {
    let dir = TempDir::new().unwrap();
    fc().args(["validate", path_str(dir.path())])
        .assert()
        .code(3)
        .stdout("0 valid, 0 invalid\n")
        .stderr(predicate::str::contains("no payload to check"));
    fc().args(["detect", path_str(dir.path())])
        .assert()
        .code(3)
        .stdout("")
        .stderr(predicate::str::contains("no payload to check"));
}

#[test]
fn a_missing_file_is_an_io_error_with_status_2() {
    let fixture = common::valid_fixtures()[0].1.clone();
    let (code, stdout, stderr) = run(&["validate", "no/such/file.json", path_str(&fixture)], None);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no/such/file.json: No such file or directory"),
        "{stderr}"
    );
    // The other inputs are still validated and counted.
    assert_eq!(text(&stdout), "1 valid, 0 invalid\n");
    // Status 2 wins over status 1.
    let (code, _, _) = run(
        &["validate", "no/such/file.json", "-"],
        Some(BAD_TIMER.as_bytes()),
    );
    assert_eq!(code, 2);
    // And the JSON report lists the error.
    let (code, stdout, _) = run(&["validate", "--format", "json", "missing.json"], None);
    assert_eq!(code, 2);
    let doc: Value = serde_json::from_slice(&stdout).unwrap();
    assert_eq!(doc["errors"][0]["file"], "missing.json");
    assert_eq!(doc["summary"]["errors"], 1);
    fc().args(["detect", "missing.json"]).assert().code(2);
    fc().args(["convert", "--to", "json", "missing.json"])
        .assert()
        .code(2);
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &[][..],
        &["frobnicate"],
        &["validate"],
        &["validate", "--trigger", "no-such-kind", "x.json"],
        &["validate", "--format", "xml", "x.json"],
        &["validate", "-", "-"],
        &["detect"],
        &["convert", "x.json"],
        &["convert", "--to", "yaml", "x.json"],
        &["convert", "--to", "cbor", "--pretty", "x.json"],
        &["convert", "--to", "json", "tests/fixtures"],
        &["schema", "--draft", "04"],
        &["schema", "no-such-kind"],
        &["sample"],
        &["sample", "no-such-kind"],
        &["validate", "--config", "--trigger", "oss", "x.json"],
        &["validate", "--config", "--ndjson", "-"],
        &["validate", "--config"],
        &["cron"],
        &["cron", "--count", "0", "0 0 4 * * *"],
        &["cron", "--count", "1001", "0 0 4 * * *"],
        &["cron", "--after", "yesterday", "0 0 4 * * *"],
        &["cron", "--after", "2024-01-01 00:00", "0 0 4 * * *"],
    ] {
        let (code, _, stderr) = run(args, None);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(!stderr.is_empty(), "{args:?}");
    }
}

#[test]
fn kinds_not_compiled_in_are_clear_errors() {
    let Some(missing) = TriggerKind::ALL
        .iter()
        .find(|&&k| schema(k, Draft::Draft07).is_none())
    else {
        return; // every kind is compiled into this build
    };
    let name = missing.name();
    for args in [
        &["validate", "--trigger", name, "-"][..],
        &["schema", name],
        &["sample", name],
        &["convert", "--trigger", name, "--to", "json", "-"],
    ] {
        let (code, _, stderr) = run(args, Some(b"{}"));
        assert_eq!(code, 2, "{args:?}");
        assert!(
            stderr.contains(&format!("support for `{name}` is not compiled")),
            "{stderr}"
        );
    }
}

#[test]
fn help_shows_examples() {
    fc().arg("--help")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Examples:"))
        .stdout(predicate::str::contains("fc-events validate"));
    fc().args(["validate", "--help"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "FILE:LINE:COL: KIND: POINTER: MESSAGE",
        ))
        .stdout(predicate::str::contains("N valid, M invalid"));
    fc().arg("--version")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(env!("CARGO_PKG_VERSION")));
}

// ---------------------------------------------------------------- detect

#[test]
fn detect_prints_the_kind_of_every_fixture() {
    let fixtures = common::valid_fixtures();
    let paths: Vec<&str> = fixtures.iter().map(|(_, p)| path_str(p)).collect();
    let (code, stdout, stderr) = run(&[&["detect"], paths.as_slice()].concat(), None);
    // The CLI prints what the library detects (whose accuracy tests/fixtures_roundtrip.rs checks).
    let detected: Vec<Option<TriggerKind>> = fixtures
        .iter()
        .map(|(_, p)| fc_events::detect::detect(&fs::read(p).unwrap()).ok())
        .collect();
    let want: String = fixtures
        .iter()
        .zip(&detected)
        .map(|((_, p), k)| format!("{}: {}\n", p.display(), k.map_or("unknown", |k| k.name())))
        .collect();
    assert_eq!(text(&stdout), want, "{stderr}");
    assert_eq!(code, if detected.contains(&None) { 1 } else { 0 });
    assert!(detected.iter().any(Option::is_some));
}

#[test]
fn detect_unknown_is_status_1() {
    let dir = dir_with(&[("a.json", GOOD_TIMER), ("b.json", UNDETECTABLE)]);
    let (code, stdout, stderr) = run(&["detect", path_str(dir.path())], None);
    assert_eq!(
        text(&stdout),
        format!(
            "{}: timer\n{}: unknown\n",
            dir.path().join("a.json").display(),
            dir.path().join("b.json").display()
        )
    );
    assert!(stderr.contains("cannot tell"), "{stderr}");
    assert_eq!(code, 1);
    fc().args(["detect", "-"])
        .write_stdin("[1, 2]")
        .assert()
        .code(1)
        .stdout("-: unknown\n");
}

// ---------------------------------------------------------------- convert

#[test]
fn converting_to_the_own_format_gives_an_equal_value() {
    let mut checked = 0;
    for (kind, path) in common::valid_fixtures() {
        let input = fs::read(&path).unwrap();
        let trigger = kind.name();
        match common::ext(&path) {
            "json" => {
                let want: Value = serde_json::from_slice(&input).unwrap();
                for pretty in [false, true] {
                    let mut args = vec!["convert", "--trigger", trigger, "--to", "json"];
                    if pretty {
                        args.push("--pretty");
                    }
                    args.push(path_str(&path));
                    let (code, stdout, stderr) = run(&args, None);
                    assert_eq!(code, 0, "{}: {stderr}", path.display());
                    let got: Value = serde_json::from_slice(&stdout).unwrap();
                    assert_eq!(got, want, "{} (pretty: {pretty})", path.display());
                    assert!(stdout.ends_with(b"\n"));
                }
                // Detected rather than given (where detection names this kind).
                if fc_events::detect::detect(&input).ok() == Some(kind) {
                    let (code, stdout, _) =
                        run(&["convert", "--to", "json", path_str(&path)], None);
                    assert_eq!(code, 0);
                    assert_eq!(serde_json::from_slice::<Value>(&stdout).unwrap(), want);
                }
                checked += 1;
            }
            "cbor" => {
                let (code, stdout, stderr) = run(
                    &[
                        "convert",
                        "--trigger",
                        trigger,
                        "--to",
                        "cbor",
                        path_str(&path),
                    ],
                    None,
                );
                assert_eq!(code, 0, "{}: {stderr}", path.display());
                assert_eq!(
                    common::cbor_value(&stdout),
                    common::cbor_value(&input),
                    "{}",
                    path.display()
                );
                checked += 1;
            }
            _ => {}
        }
    }
    assert!(checked > 0);
}

#[test]
fn json_to_cbor_keeps_every_value() {
    for (kind, path) in common::valid_fixtures() {
        let bytes = fs::read(&path).unwrap();
        // The JSON rendering of bytes (`{"$blob": ..}`) becomes a CBOR byte string, by design.
        if common::ext(&path) != "json" || text(&bytes).contains(fc_events::BLOB_KEY) {
            continue;
        }
        let input: Value = serde_json::from_slice(&bytes).unwrap();
        let (code, stdout, stderr) = run(
            &[
                "convert",
                "--trigger",
                kind.name(),
                "--to",
                "cbor",
                path_str(&path),
            ],
            None,
        );
        assert_eq!(code, 0, "{}: {stderr}", path.display());
        let want = serde_cbor::value::to_value(&input).unwrap();
        assert_eq!(common::cbor_value(&stdout), want, "{}", path.display());
    }
}

#[test]
fn convert_writes_to_a_file_and_reads_stdin() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out.json");
    fc().args(["convert", "--to", "json", "-o", path_str(&out), "-"])
        .write_stdin(GOOD_TIMER)
        .assert()
        .code(0)
        .stdout("");
    let got: Value = serde_json::from_slice(&fs::read(&out).unwrap()).unwrap();
    assert_eq!(got, serde_json::from_str::<Value>(GOOD_TIMER).unwrap());
    // NDJSON in, one JSON document per line out.
    let (code, stdout, _) = run(
        &["convert", "--ndjson", "--to", "json", "-"],
        Some(format!("{GOOD_TIMER}\n\n{GOOD_TIMER}\n").as_bytes()),
    );
    assert_eq!(code, 0);
    let lines: Vec<Value> = text(&stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(lines
        .iter()
        .all(|l| *l == serde_json::from_str::<Value>(GOOD_TIMER).unwrap()));
}

#[test]
fn convert_of_a_payload_that_does_not_decode_is_status_1_and_writes_nothing() {
    let dir = dir_with(&[("oss.json", UNDECODABLE_OSS)]);
    let out = dir.path().join("out.cbor");
    let file = dir.path().join("oss.json");
    let (code, stdout, stderr) = run(
        &[
            "convert",
            "--to",
            "cbor",
            "-o",
            path_str(&out),
            path_str(&file),
        ],
        None,
    );
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    assert!(
        stderr.starts_with(&format!("{}: oss: /events/0/oss/bucket: ", file.display())),
        "{stderr}"
    );
    assert!(!out.exists());
    fc().args(["convert", "--to", "json", "-"])
        .write_stdin(UNDETECTABLE)
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with("-: unknown: (root): "));
}

// ---------------------------------------------------------------- schema

/// Every `$ref` in `schema` points at a definition that exists.
fn assert_refs_resolve(root: &Value, node: &Value) {
    match node {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                let pointer = r.strip_prefix('#').expect("a local $ref");
                assert!(root.pointer(pointer).is_some(), "unresolved $ref {r}");
            }
            map.values().for_each(|v| assert_refs_resolve(root, v));
        }
        Value::Array(items) => items.iter().for_each(|v| assert_refs_resolve(root, v)),
        _ => {}
    }
}

fn stdout_json(args: &[&str]) -> Value {
    let (code, stdout, stderr) = run(args, None);
    assert_eq!(code, 0, "{args:?}: {stderr}");
    serde_json::from_slice(&stdout).expect("JSON on stdout")
}

#[test]
fn schema_of_one_kind_goes_to_stdout() {
    for kind in compiled_kinds() {
        let got = stdout_json(&["schema", kind.name()]);
        assert_eq!(got, schema(kind, Draft::Draft07).unwrap());
        assert_eq!(got["$schema"], "http://json-schema.org/draft-07/schema#");
        let got = stdout_json(&["schema", kind.name(), "--draft", "2020-12"]);
        assert_eq!(got, schema(kind, Draft::Draft2020_12).unwrap());
        assert_eq!(
            got["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
    }
}

#[test]
fn schema_without_kind_is_any_event() {
    for (draft, meta) in [
        ("07", "http://json-schema.org/draft-07/schema#"),
        ("2020-12", "https://json-schema.org/draft/2020-12/schema"),
    ] {
        let got = stdout_json(&["schema", "--draft", draft]);
        let want = fc_events::schema::any_event_schema(if draft == "07" {
            Draft::Draft07
        } else {
            Draft::Draft2020_12
        });
        assert_eq!(got, want);
        assert_eq!(got["$schema"], meta);
        let branches = got["anyOf"].as_array().expect("anyOf");
        assert!(!branches.is_empty());
        assert!(branches.len() <= compiled_kinds().len());
        assert_refs_resolve(&got, &got);
    }
}

#[test]
fn schema_out_writes_every_kind_and_the_any_event_schema() {
    let dir = TempDir::new().unwrap();
    let out: PathBuf = dir.path().join("schemas");
    fc().args(["schema", "--out", path_str(&out)])
        .assert()
        .code(0)
        .stdout("");
    let mut want: Vec<String> = compiled_kinds()
        .iter()
        .map(|k| format!("{}.schema.json", k.name()))
        .collect();
    want.push("fc-event.schema.json".to_owned());
    if cfg!(feature = "trigger-config") {
        want.push("trigger-config.schema.json".to_owned());
    }
    want.sort();
    let mut got: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    got.sort();
    assert_eq!(got, want);
    for kind in compiled_kinds() {
        let file = fs::read(out.join(format!("{}.schema.json", kind.name()))).unwrap();
        let (_, stdout, _) = run(&["schema", kind.name()], None);
        assert_eq!(
            file, stdout,
            "{kind}: the file and stdout agree byte for byte"
        );
    }
    let file = fs::read(out.join("fc-event.schema.json")).unwrap();
    let (_, stdout, _) = run(&["schema"], None);
    assert_eq!(file, stdout);
}

// ---------------------------------------------------------------- sample, kinds

#[test]
fn every_sample_validates_as_its_kind() {
    let mut checked = 0;
    for kind in TriggerKind::ALL {
        let Some(want) = fc_events::samples::sample(*kind) else {
            continue;
        };
        let (code, stdout, stderr) = run(&["sample", kind.name()], None);
        assert_eq!(code, 0, "{kind}: {stderr}");
        assert_eq!(stdout, want, "{kind}: the sample is printed verbatim");
        fc().args(["validate", "--trigger", kind.name(), "-"])
            .write_stdin(stdout)
            .assert()
            .code(0)
            .stdout("1 valid, 0 invalid\n");
        checked += 1;
    }
    assert!(checked > 0);
}

#[test]
fn kinds_lists_every_kind_with_its_description() {
    let (code, stdout, _) = run(&["kinds"], None);
    assert_eq!(code, 0);
    let lines: Vec<&str> = text(&stdout).lines().collect();
    assert_eq!(lines.len(), TriggerKind::ALL.len());
    for (line, kind) in lines.iter().zip(TriggerKind::ALL) {
        let (name, rest) = line.split_once(' ').unwrap();
        assert_eq!(name, kind.name());
        assert!(rest.trim_start().starts_with(kind.description()), "{line}");
    }
}

#[test]
fn help_tells_trigger_definitions_from_event_kinds() {
    fc().arg("--help")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("fc-events validate --config"))
        .stdout(predicate::str::contains("fc-events cron"))
        .stdout(predicate::str::contains("fc-events schema trigger-config"));
    fc().args(["kinds", "--help"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("not\nan event kind"))
        .stdout(predicate::str::contains("fc-events validate --config"))
        .stdout(predicate::str::contains("fc-events schema trigger-config"));
    // `kinds` itself lists event kinds only.
    fc().arg("kinds")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("trigger-config").not());
    fc().args(["validate", "--help"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("--config"));
}

// ---------------------------------------------------------------- trigger definitions, cron

#[cfg(feature = "trigger-config")]
mod trigger_definitions {
    use super::*;
    use fc_events::trigger::config::OssTriggerConfig;

    const TIMER_AND_OSS: &str = r#"[
      {"triggerName": "nightly", "triggerType": "timer",
       "triggerConfig": {"cronExpression": "0 0 4 * * *", "enable": true}},
      {"triggerName": "uploads", "triggerType": "oss",
       "sourceArn": "acs:oss:cn-hangzhou:123456789:my-bucket",
       "invocationRole": "acs:ram::123456789:role/aliyunosseventnotificationrole",
       "triggerConfig": {"events": ["oss:ObjectCreated:*"], "filter": {"key": {"prefix": "in/"}}}}
    ]"#;
    const TWO_FAULTS: &str = r#"[
      {"triggerName": "nightly", "triggerType": "timer",
       "triggerConfig": {"cronExpression": "0 0 24 * * *"}},
      {"triggerName": "web", "triggerType": "http",
       "triggerConfig": {"authType": "anonymous", "methods": ["GET", "CONNECT"]}}
    ]"#;
    /// On bucket `shared`: every upload under `img/`...
    const IMAGES: &str = r#"{"triggerName": "images", "triggerType": "oss",
      "sourceArn": "acs:oss:cn-hangzhou:123456789:shared",
      "triggerConfig": {"events": ["oss:ObjectCreated:*"], "filter": {"key": {"prefix": "img/"}}}}"#;
    /// ...and every PostObject of a `.png` anywhere: both fire on `img/.png`.
    const PNGS: &str = r#"{"triggers": [{"triggerName": "pngs", "triggerType": "oss",
      "sourceArn": "acs:oss:cn-hangzhou:123456789:shared",
      "triggerConfig": {"events": ["oss:ObjectCreated:PostObject"], "filter": {"key": {"suffix": ".png"}}}}]}"#;

    #[test]
    fn valid_definition_files_are_status_0() {
        let dir = dir_with(&[("triggers.json", TIMER_AND_OSS)]);
        let file = dir.path().join("triggers.json");
        fc().args(["validate", "--config", path_str(&file)])
            .assert()
            .code(0)
            .stdout("1 valid, 0 invalid\n");
        // The committed fixture with one definition of every type, and the seed's coexisting pair.
        fc().args([
            "validate",
            "--config",
            "tests/fixtures/trigger-config/trigger-config-edge-all-types.json",
            "tests/fixtures/trigger-config/trigger-config-seed-oss-rules-coexist.json",
        ])
        .assert()
        .code(0)
        .stdout("2 valid, 0 invalid\n");
    }

    #[test]
    fn an_invalid_definition_file_is_one_line_per_fault_and_status_1() {
        let dir = dir_with(&[("bad.json", TWO_FAULTS)]);
        let file = dir.path().join("bad.json");
        let f = file.display();
        fc().args(["validate", "--config", path_str(&file)])
            .assert()
            .code(1)
            .stdout(format!(
                "{f}:3:44: trigger-config: /0/triggerConfig/cronExpression: hours value 24 is outside 0–23\n\
                 {f}:5:70: trigger-config: /1/triggerConfig/methods/1: expected one of GET, POST, PUT, DELETE, HEAD, PATCH, OPTIONS, found \"CONNECT\"\n\
                 0 valid, 1 invalid\n"
            ));
    }

    #[test]
    fn a_definition_file_that_does_not_decode_is_invalid_at_its_pointer() {
        let dir = dir_with(&[
            ("syntax.json", "[{\"triggerName\": \"x\",}]"),
            (
                "type.json",
                r#"{"triggerName": "t", "triggerType": "timer", "triggerConfig": {"enable": "yes"}}"#,
            ),
        ]);
        let (code, stdout, _) = validate_config("json", dir.path());
        assert_eq!(code, 1);
        let doc: Value = serde_json::from_slice(&stdout).unwrap();
        let files = doc["files"].as_array().unwrap();
        assert_eq!(files.len(), 2);
        let syntax = &files[0]["faults"][0];
        assert_eq!(syntax["pointer"], "/0");
        assert_eq!(syntax["code"], "syntax");
        // The parser's message, placed where it stopped: the `}` after the trailing comma.
        assert_eq!(syntax["message"], "trailing comma");
        assert_eq!(
            (&syntax["line"], &syntax["column"], &syntax["offset"]),
            (&Value::from(1), &Value::from(22), &Value::from(21))
        );
        assert_eq!(files[0]["definitions"], 0);
        assert_eq!(
            files[1]["faults"][0]["pointer"], "/triggerConfig/enable",
            "{doc}"
        );
        assert_eq!(files[1]["faults"][0]["code"], "type");
        // A document that is no definition at all is faulted at the root, written `(root)`.
        fc().args(["validate", "--config", "-"])
            .write_stdin("42")
            .assert()
            .code(1)
            .stdout(predicate::str::starts_with(
                "-:1:1: trigger-config: (root): ",
            ));
    }

    #[test]
    fn a_conflict_across_two_files_names_the_pair_and_a_key() {
        let dir = dir_with(&[("a.json", IMAGES), ("b.json", PNGS)]);
        let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
        let (code, stdout, _) = run(&["validate", "--config", path_str(&a), path_str(&b)], None);
        assert_eq!(
            text(&stdout),
            format!(
                "{}:3:24: trigger-config: /triggers/0/triggerConfig: OSS trigger `pngs` overlaps `images` ({}:(root)) on bucket shared: both fire on oss:ObjectCreated:PostObject for key \"img/.png\"; give them disjoint events, prefixes or suffixes\n\
                 1 valid, 1 invalid\n",
                b.display(),
                a.display()
            )
        );
        assert_eq!(code, 1);
        // The reported key really fires both triggers.
        let images = OssTriggerConfig::new(["oss:ObjectCreated:*"], "img/", "");
        let pngs = OssTriggerConfig::new(["oss:ObjectCreated:PostObject"], "", ".png");
        assert!(images.matches("ObjectCreated:PostObject", "img/.png"));
        assert!(pngs.matches("ObjectCreated:PostObject", "img/.png"));
        // Each file alone is valid: the conflict needs both.
        for file in [&a, &b] {
            fc().args(["validate", "--config", path_str(file)])
                .assert()
                .code(0);
        }
        // In the other order, the conflict is reported on the later trigger, now in a.json.
        let (_, stdout, _) = run(&["validate", "--config", path_str(&b), path_str(&a)], None);
        assert!(
            text(&stdout).starts_with(&format!(
                "{}:3:24: trigger-config: /triggerConfig: OSS trigger `images` overlaps `pngs` ({}:/triggers/0)",
                a.display(),
                b.display()
            )),
            "{}",
            text(&stdout)
        );
    }

    #[test]
    fn json_report_details_the_conflict() {
        let dir = dir_with(&[
            ("a.json", IMAGES),
            ("b.json", PNGS),
            ("c.json", TIMER_AND_OSS),
        ]);
        let (code, stdout, _) = validate_config("json", dir.path());
        assert_eq!(code, 1);
        let doc: Value = serde_json::from_slice(&stdout).expect("one JSON document");
        let at = |name: &str| dir.path().join(name).display().to_string();
        let files = doc["files"].as_array().unwrap();
        let got: Vec<(&str, &str, bool, u64)> = files
            .iter()
            .map(|f| {
                (
                    f["file"].as_str().unwrap(),
                    f["kind"].as_str().unwrap(),
                    f["valid"].as_bool().unwrap(),
                    f["definitions"].as_u64().unwrap(),
                )
            })
            .collect();
        let (a, b, c) = (at("a.json"), at("b.json"), at("c.json"));
        assert_eq!(
            got,
            [
                (a.as_str(), "trigger-config", true, 1),
                (b.as_str(), "trigger-config", false, 1),
                (c.as_str(), "trigger-config", true, 2),
            ]
        );
        assert_eq!(files[0]["faults"], serde_json::json!([]));
        let fault = &files[1]["faults"][0];
        assert_eq!(fault["pointer"], "/triggers/0/triggerConfig");
        assert_eq!(fault["code"], "conflict");
        assert!(fault["message"].as_str().unwrap().contains("\"img/.png\""));
        assert_eq!(
            fault["conflict"],
            serde_json::json!({
                "bucket": "shared",
                "triggers": [
                    {"file": a, "pointer": "", "triggerName": "images"},
                    {"file": b, "pointer": "/triggers/0", "triggerName": "pngs"},
                ],
                "event": "oss:ObjectCreated:PostObject",
                "key": "img/.png",
            })
        );
        assert_eq!(
            doc["summary"],
            serde_json::json!({"valid": 2, "invalid": 1, "errors": 0})
        );
        assert_eq!(doc["errors"], serde_json::json!([]));
    }

    #[test]
    fn eleven_oss_triggers_on_a_bucket_list_every_one() {
        let file =
            "tests/fixtures/trigger-config/invalid/trigger-config-edge-eleven-oss-triggers.json";
        let (code, stdout, _) = run(&["validate", "--config", "--format", "json", file], None);
        assert_eq!(code, 1);
        let doc: Value = serde_json::from_slice(&stdout).unwrap();
        let fault = &doc["files"][0]["faults"][0];
        assert_eq!(
            (&fault["pointer"], &fault["code"]),
            (&"/10".into(), &"limit".into())
        );
        let triggers = fault["conflict"]["triggers"].as_array().unwrap();
        let pointers: Vec<String> = (0..11).map(|i| format!("/{i}")).collect();
        assert_eq!(
            triggers
                .iter()
                .map(|t| t["pointer"].as_str().unwrap())
                .collect::<Vec<_>>(),
            pointers
        );
        assert!(fault["conflict"].get("key").is_none());
    }

    #[test]
    fn directories_are_walked_for_json_only_and_files_checked_once() {
        let dir = dir_with(&[
            ("prod/a.json", IMAGES),
            ("staging/b.json", TIMER_AND_OSS),
            ("notes.txt", "not a definition"),
            ("events.ndjson", "{}\n"),
            (".hidden.json", TWO_FAULTS),
        ]);
        let root = dir.path().display().to_string();
        let a = dir.path().join("prod/a.json").display().to_string();
        // a.json is named twice (in the folder and alone): checked once, so it does not conflict
        // with itself.
        let (code, stdout, stderr) = run(
            &["validate", "--config", "--format", "json", &root, &a],
            None,
        );
        assert_eq!(code, 0, "{stderr}");
        let doc: Value = serde_json::from_slice(&stdout).unwrap();
        let names: Vec<&str> = doc["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["file"].as_str().unwrap())
            .collect();
        let b = dir.path().join("staging/b.json").display().to_string();
        assert_eq!(names, [a.as_str(), b.as_str()]);
        // An empty folder: nothing checked, status 3.
        let empty = TempDir::new().unwrap();
        fc().args(["validate", "--config", path_str(empty.path())])
            .assert()
            .code(3)
            .stdout("0 valid, 0 invalid\n")
            .stderr(predicate::str::contains(
                "no trigger definition file to check",
            ));
    }

    #[test]
    fn definitions_from_stdin_and_a_missing_file() {
        fc().args(["validate", "--config", "-"])
            .write_stdin(TWO_FAULTS)
            .assert()
            .code(1)
            .stdout(predicate::str::starts_with(
                "-:3:44: trigger-config: /0/triggerConfig/cronExpression: ",
            ));
        let dir = dir_with(&[("b.json", PNGS)]);
        let b = dir.path().join("b.json");
        let (code, stdout, stderr) = run(
            &[
                "validate",
                "--config",
                "no/such/triggers.json",
                "-",
                path_str(&b),
            ],
            Some(IMAGES.as_bytes()),
        );
        assert_eq!(code, 2, "an I/O error wins over invalid files");
        assert!(
            stderr.contains("fc-events: error: no/such/triggers.json: No such file or directory"),
            "{stderr}"
        );
        // The files that were read are still checked together.
        assert!(
            text(&stdout).contains("overlaps `images` (-:(root))"),
            "{}",
            text(&stdout)
        );
        assert!(text(&stdout).ends_with("1 valid, 1 invalid\n"));
        let (_, stdout, _) = run(
            &[
                "validate",
                "--config",
                "--format",
                "json",
                "no/such/triggers.json",
            ],
            None,
        );
        let doc: Value = serde_json::from_slice(&stdout).unwrap();
        assert_eq!(doc["errors"][0]["file"], "no/such/triggers.json");
        assert_eq!(doc["summary"]["errors"], 1);
    }

    /// A definition file the parser stops in: the trailing comma before `}` on line 4.
    const SYNTAX_ERROR: &str =
        "[\n  {\"triggerName\": \"x\",\n   \"triggerType\": \"timer\",\n  }\n]";

    /// A folder with a conflict across two files, a file with rule faults, one with a syntax
    /// error and a valid one; (the folder, each file's path and contents, in walk order).
    fn definitions_dir() -> (TempDir, Vec<(String, &'static str)>) {
        let files = [
            ("a-images.json", IMAGES),
            ("b-pngs.json", PNGS),
            ("c-bad.json", TWO_FAULTS),
            ("d-syntax.json", SYNTAX_ERROR),
            ("e-good.json", TIMER_AND_OSS),
        ];
        let dir = dir_with(&files);
        let paths = files
            .iter()
            .map(|(name, content)| (dir.path().join(name).display().to_string(), *content))
            .collect();
        (dir, paths)
    }

    /// Each fault of the folder: (file, line, column, pointer, code, message), the places counted
    /// in the files' text apart from the tool.
    fn expected_faults(
        files: &[(String, &str)],
    ) -> Vec<(String, usize, usize, String, String, String)> {
        let at = |f: usize, needle: &str| line_col(files[f].1, needle);
        let fault = |f: usize,
                     (line, column): (usize, usize),
                     pointer: &str,
                     code: &str,
                     message: String| {
            (
                files[f].0.clone(),
                line,
                column,
                pointer.to_owned(),
                code.to_owned(),
                message,
            )
        };
        vec![
            fault(
                1,
                at(1, "{\"events\": [\"oss:ObjectCreated:PostObject\"]"),
                "/triggers/0/triggerConfig",
                "conflict",
                format!("OSS trigger `pngs` overlaps `images` ({}:(root)) on bucket shared: both fire on oss:ObjectCreated:PostObject for key \"img/.png\"; give them disjoint events, prefixes or suffixes", files[0].0),
            ),
            fault(
                2,
                at(2, "\"0 0 24 * * *\""),
                "/0/triggerConfig/cronExpression",
                "range",
                "hours value 24 is outside 0–23".to_owned(),
            ),
            fault(
                2,
                at(2, "\"CONNECT\""),
                "/1/triggerConfig/methods/1",
                "enum",
                "expected one of GET, POST, PUT, DELETE, HEAD, PATCH, OPTIONS, found \"CONNECT\"".to_owned(),
            ),
            // Where the parser stopped (the `}` on line 4), not where the definition its
            // pointer names begins (line 2).
            fault(3, at(3, "}\n]"), "/0", "syntax", "trailing comma".to_owned()),
        ]
    }

    #[test]
    fn definition_faults_carry_line_and_column_in_text_and_json() {
        let (dir, files) = definitions_dir();
        let want = expected_faults(&files);
        let (code, stdout, _) = run(&["validate", "--config", path_str(dir.path())], None);
        assert_eq!(code, 1);
        let mut lines: Vec<String> = want
            .iter()
            .map(|(f, l, c, p, _, m)| format!("{f}:{l}:{c}: trigger-config: {p}: {m}"))
            .collect();
        lines.push("2 valid, 3 invalid".to_owned());
        assert_eq!(text(&stdout), lines.join("\n") + "\n");

        let (code, stdout, _) = validate_config("json", dir.path());
        assert_eq!(code, 1);
        let doc: Value = serde_json::from_slice(&stdout).unwrap();
        let mut got = Vec::new();
        for entry in doc["files"].as_array().unwrap() {
            assert_eq!(entry["kind"], "trigger-config");
            for f in entry["faults"].as_array().unwrap() {
                let (line, column) = (f["line"].as_u64().unwrap(), f["column"].as_u64().unwrap());
                // The offset is the same place in bytes.
                let content = files.iter().find(|(p, _)| *p == entry["file"]).unwrap().1;
                let offset = f["offset"].as_u64().unwrap() as usize;
                assert_eq!(
                    line_col(content, &content[offset..]),
                    (line as usize, column as usize),
                    "{f}"
                );
                got.push((
                    entry["file"].as_str().unwrap().to_owned(),
                    line as usize,
                    column as usize,
                    f["pointer"].as_str().unwrap().to_owned(),
                    f["code"].as_str().unwrap().to_owned(),
                    f["message"].as_str().unwrap().to_owned(),
                ));
            }
        }
        assert_eq!(got, want);
        // The conflict's details are kept beside its position; valid files carry no faults.
        let conflict = &doc["files"][1]["faults"][0]["conflict"];
        assert_eq!(conflict["key"], "img/.png", "{doc}");
        assert_eq!(conflict["triggers"][1]["pointer"], "/triggers/0");
        assert_eq!(doc["files"][4]["faults"], Value::Array(vec![]));
        assert_eq!(
            doc["files"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["definitions"].as_u64().unwrap())
                .collect::<Vec<_>>(),
            [1, 1, 2, 0, 2]
        );
    }

    #[test]
    fn definition_faults_as_github_annotations() {
        let (dir, files) = definitions_dir();
        let (code, stdout, _) = validate_config("github", dir.path());
        assert_eq!(code, 1);
        let prop = |s: &str| s.replace(':', "%3A").replace(',', "%2C");
        let mut lines: Vec<String> = expected_faults(&files)
            .iter()
            .map(|(f, l, c, p, code, m)| {
                format!(
                    "::error file={},line={l},col={c},title=fc-events trigger-config%3A {code}::{p}: {m}",
                    prop(f)
                )
            })
            .collect();
        lines.push("2 valid, 3 invalid".to_owned());
        assert_eq!(text(&stdout), lines.join("\n") + "\n");
    }

    #[test]
    fn definition_faults_as_sarif_2_1_0() {
        let validator = sarif_validator();
        let (dir, files) = definitions_dir();
        let want = expected_faults(&files);
        let missing = dir.path().join("missing.json").display().to_string();
        let (code, stdout, _) = run(
            &[
                "validate",
                "--config",
                "--format",
                "sarif",
                path_str(dir.path()),
                &missing,
            ],
            None,
        );
        assert_eq!(code, 2, "an unreadable file is an error");
        let doc: Value = serde_json::from_slice(&stdout).expect("SARIF is JSON");
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:?}\n{doc}");
        let results = doc["runs"][0]["results"].as_array().unwrap();
        let got: Vec<(String, u64, u64, String, String)> = results
            .iter()
            .map(|r| {
                let physical = &r["locations"][0]["physicalLocation"];
                assert_eq!(r["level"], "error");
                assert_eq!(r["properties"]["kind"], "trigger-config");
                (
                    physical["artifactLocation"]["uri"]
                        .as_str()
                        .unwrap()
                        .to_owned(),
                    physical["region"]["startLine"].as_u64().unwrap(),
                    physical["region"]["startColumn"].as_u64().unwrap(),
                    r["properties"]["pointer"].as_str().unwrap().to_owned(),
                    r["ruleId"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        let want: Vec<(String, u64, u64, String, String)> = want
            .iter()
            .map(|(f, l, c, p, code, _)| (f.clone(), *l as u64, *c as u64, p.clone(), code.clone()))
            .collect();
        assert_eq!(got, want);
        let invocation = &doc["runs"][0]["invocations"][0];
        assert_eq!(invocation["executionSuccessful"], false);
        assert!(
            invocation["toolExecutionNotifications"][0]["message"]["text"]
                .as_str()
                .unwrap()
                .starts_with(&format!("{missing}: "))
        );
        // A valid folder is valid SARIF with no results.
        let good = dir_with(&[("ok.json", TIMER_AND_OSS)]);
        let (code, stdout, _) = validate_config("sarif", good.path());
        assert_eq!(code, 0);
        let doc: Value = serde_json::from_slice(&stdout).unwrap();
        assert!(validator.is_valid(&doc), "{doc}");
        assert_eq!(doc["runs"][0]["results"], Value::Array(vec![]));
    }

    #[test]
    fn junit_has_one_test_case_per_definition_file() {
        let (dir, files) = definitions_dir();
        let missing = dir.path().join("missing.json").display().to_string();
        let (code, stdout, _) = run(
            &[
                "validate",
                "--config",
                "--format",
                "junit",
                path_str(dir.path()),
                &missing,
            ],
            None,
        );
        assert_eq!(code, 2);
        let xml = text(&stdout);
        assert!(
            xml.contains("<testsuites name=\"fc-events\" tests=\"6\" failures=\"3\" errors=\"1\">"),
            "{xml}"
        );
        // One test case per file, named by the file, in walk order, then the unreadable one.
        let names: Vec<&str> = xml
            .split("<testcase ")
            .skip(1)
            .map(|case| {
                case.split(" name=\"")
                    .nth(1)
                    .unwrap()
                    .split('"')
                    .next()
                    .unwrap()
            })
            .collect();
        let mut want: Vec<&str> = files.iter().map(|(f, _)| f.as_str()).collect();
        want.push(&missing);
        assert_eq!(names, want);
        assert_eq!(
            xml.matches("<testcase classname=\"trigger-config\"")
                .count(),
            5,
            "{xml}"
        );
        // Each failure lists its faults as FILE:LINE:COL: lines.
        for (f, l, c, p, _, _) in expected_faults(&files) {
            assert!(
                xml.contains(&format!("{f}:{l}:{c}: trigger-config: {p}: ")),
                "{f}:{l}:{c} {p}\n{xml}"
            );
        }
        assert_eq!(xml.matches("<failure ").count(), 3, "{xml}");
        assert!(xml.contains("<error type=\"io\""), "{xml}");
    }

    #[test]
    fn the_configuration_file_format_applies_to_definition_files() {
        let dir = dir_with(&[
            ("fc-events.toml", "format = \"github\"\n"),
            ("bad.json", TWO_FAULTS),
        ]);
        let (code, stdout, stderr) = run(
            &[
                "validate",
                "--config-file",
                path_str(&dir.path().join("fc-events.toml")),
                "--config",
                path_str(&dir.path().join("bad.json")),
            ],
            None,
        );
        assert_eq!(code, 1, "{stderr}");
        assert!(
            text(&stdout).starts_with("::error file="),
            "{}",
            text(&stdout)
        );
    }

    #[test]
    fn the_readme_example_output() {
        let file =
            "tests/fixtures/trigger-config/invalid/trigger-config-seed-oss-rules-conflict.json";
        let (code, stdout, _) = run(&["validate", "--config", file], None);
        assert_eq!(code, 1);
        let readme = fs::read_to_string(root().join("README.md")).unwrap();
        assert!(readme.contains(&format!("fc-events validate --config {file}")));
        let lines: Vec<&str> = text(&stdout).lines().collect();
        assert_eq!(lines.len(), 4, "{}", text(&stdout));
        for line in lines {
            assert!(readme.contains(line), "the README does not show: {line}");
        }
    }

    // ---------------------------------------------------------------- cron

    /// `fc-events cron --count N --after AFTER EXPR`: (status, stdout lines, stderr).
    fn cron(expr: &str, count: usize, after: &str) -> (i32, Vec<String>, String) {
        let (code, stdout, stderr) = run(
            &[
                "cron",
                "--count",
                &count.to_string(),
                "--after",
                after,
                expr,
            ],
            None,
        );
        (
            code,
            text(&stdout).lines().map(str::to_owned).collect(),
            stderr,
        )
    }

    #[test]
    fn cron_prints_the_seed_examples_in_utc() {
        // The seed's cron table: Beijing times written in UTC. 2024-01-01 is a Monday.
        let cases: &[(&str, &str, &[&str])] = &[
            // Beijing 12:00 every day.
            (
                "0 0 4 * * *",
                "2024-01-01T05:00:00Z",
                &[
                    "2024-01-02T04:00:00Z",
                    "2024-01-03T04:00:00Z",
                    "2024-01-04T04:00:00Z",
                ],
            ),
            // Beijing 12:30 every day, over a leap day.
            (
                "0 30 4 * * *",
                "2024-02-28T12:00:00Z",
                &["2024-02-29T04:30:00Z", "2024-03-01T04:30:00Z"],
            ),
            // Minutes 26, 29 and 33 of every hour.
            (
                "0 26,29,33 * * * *",
                "2024-01-01T23:30:00Z",
                &[
                    "2024-01-01T23:33:00Z",
                    "2024-01-02T00:26:00Z",
                    "2024-01-02T00:29:00Z",
                ],
            ),
            // Beijing 12:30 Monday to Friday, from a Friday afternoon.
            (
                "0 30 4 ? * MON-FRI",
                "2024-01-05T05:00:00Z",
                &["2024-01-08T04:30:00Z", "2024-01-09T04:30:00Z"],
            ),
            // Every 5 minutes from Beijing 12:00 to 14:55, Monday to Friday.
            (
                "0 0/5 4-6 ? * MON-FRI",
                "2024-01-05T06:50:00Z",
                &[
                    "2024-01-05T06:55:00Z",
                    "2024-01-08T04:00:00Z",
                    "2024-01-08T04:05:00Z",
                ],
            ),
            // Beijing 12:00 every day from January to April.
            (
                "0 0 4 ? JAN,FEB,MAR,APR *",
                "2024-04-30T05:00:00Z",
                &["2025-01-01T04:00:00Z", "2025-01-02T04:00:00Z"],
            ),
            // An offset in --after is read as the instant it names (Beijing 13:00 = 05:00Z).
            (
                "0 0 4 * * *",
                "2024-01-01T13:00:00+08:00",
                &["2024-01-02T04:00:00Z"],
            ),
            // `@every` counts from --after.
            (
                "@every 1h30m",
                "2024-01-01T00:00:07Z",
                &["2024-01-01T01:30:07Z", "2024-01-01T03:00:07Z"],
            ),
        ];
        for (expr, after, want) in cases {
            let (code, got, stderr) = cron(expr, want.len(), after);
            assert_eq!(code, 0, "{expr}: {stderr}");
            assert_eq!(got, *want, "{expr}");
            assert!(stderr.is_empty(), "{expr}: {stderr}");
        }
    }

    #[test]
    fn cron_defaults_to_five_times_after_now_and_joins_words() {
        let (code, stdout, _) = run(&["cron", "0", "0", "4", "*", "*", "*"], None);
        assert_eq!(code, 0);
        let times: Vec<chrono::DateTime<chrono::Utc>> =
            text(&stdout).lines().map(|l| l.parse().unwrap()).collect();
        assert_eq!(times.len(), 5);
        let now = chrono::Utc::now();
        assert!(times[0] > now - chrono::Duration::minutes(1));
        assert!(times[0] <= now + chrono::Duration::days(1));
        for w in times.windows(2) {
            assert_eq!(w[1] - w[0], chrono::Duration::days(1));
        }
        assert!(text(&stdout).lines().all(|l| l.ends_with("T04:00:00Z")));
    }

    #[test]
    fn an_invalid_cron_expression_names_its_field_and_is_status_1() {
        let (code, stdout, stderr) = run(&["cron", "0 0 24 * * *"], None);
        assert_eq!(code, 1);
        assert!(stdout.is_empty());
        assert_eq!(
            stderr,
            "fc-events: invalid cron expression: hours value 24 is outside 0–23\n  0 0 24 * * *\n      ^^ hours field\n"
        );
        let (code, _, stderr) = run(&["cron", "0 0 4 ? * FUN"], None);
        assert_eq!(code, 1);
        assert!(
            stderr.ends_with("\n  0 0 4 ? * FUN\n            ^^^ day-of-week field\n"),
            "{stderr}"
        );
        // No single field at fault: the message alone.
        let (code, _, stderr) = run(&["cron", "0 0 4 * *"], None);
        assert_eq!(code, 1);
        assert!(
            stderr.starts_with("fc-events: invalid cron expression: expected six fields"),
            "{stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        // A time zone FC accepts but whose times are not computed here is a tool limit: status 2.
        let (code, stdout, stderr) = run(&["cron", "CRON_TZ=Asia/Shanghai 0 0 12 * * *"], None);
        assert_eq!(code, 2);
        assert!(stdout.is_empty());
        assert!(stderr.contains("Asia/Shanghai"), "{stderr}");
    }

    // ---------------------------------------------------------------- schema trigger-config

    #[test]
    fn schema_trigger_config_is_the_definition_file_schema() {
        for (draft, d) in [("07", Draft::Draft07), ("2020-12", Draft::Draft2020_12)] {
            let got = stdout_json(&["schema", "trigger-config", "--draft", draft]);
            assert_eq!(got, fc_events::trigger::schema(d));
            assert_refs_resolve(&got, &got);
        }
        // Byte for byte the committed file, and what --out writes.
        let committed = fs::read(root().join("schemas/trigger-config.schema.json")).unwrap();
        let (_, stdout, _) = run(&["schema", "trigger-config"], None);
        assert_eq!(stdout, committed);
        let dir = TempDir::new().unwrap();
        fc().args(["schema", "trigger-config", "--out", path_str(dir.path())])
            .assert()
            .code(0)
            .stdout("");
        let written: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(written, ["trigger-config.schema.json"]);
        assert_eq!(
            fs::read(dir.path().join("trigger-config.schema.json")).unwrap(),
            committed
        );
    }
}

/// Formats, selection, encodings, limits and safe writes: the CI-facing contract.
mod ci {
    use super::*;

    /// A folder with one valid and one invalid timer payload (the fault on line 3, column 18).
    fn mixed() -> TempDir {
        dir_with(&[
            ("a-good.json", GOOD_TIMER),
            (
                "b-bad.json",
                "{\n  \"triggerName\": \"t\",\n  \"triggerTime\": \"yesterday\",\n  \"payload\": \"p\"\n}",
            ),
        ])
    }

    #[test]
    fn text_faults_carry_line_and_column_and_json_faults_too() {
        let dir = mixed();
        let bad = dir.path().join("b-bad.json").display().to_string();
        let (code, stdout, _) = run(&["validate", path_str(dir.path())], None);
        assert_eq!(code, 1);
        assert_eq!(
            text(&stdout),
            format!("{bad}:3:18: timer: /triggerTime: expected an RFC 3339 time, found \"yesterday\"\n1 valid, 1 invalid\n")
        );
        let (_, stdout, _) = run(
            &["validate", "--format", "json", path_str(dir.path())],
            None,
        );
        let doc: Value = serde_json::from_slice(&stdout).unwrap();
        let fault = &doc["files"][1]["faults"][0];
        assert_eq!(
            (&fault["line"], &fault["column"], &fault["offset"]),
            (&Value::from(3), &Value::from(18), &Value::from(41)),
            "{doc}"
        );
        // Valid payloads carry no position.
        assert_eq!(doc["files"][0]["faults"], Value::Array(vec![]));
    }

    #[test]
    fn github_annotations_name_file_line_column_and_title() {
        let dir = mixed();
        let bad = dir.path().join("b-bad.json").display().to_string();
        let (code, stdout, _) = run(
            &["validate", "--format", "github", path_str(dir.path())],
            None,
        );
        assert_eq!(code, 1);
        let want = format!(
            "::error file={},line=3,col=18,title=fc-events timer%3A format::/triggerTime: expected an RFC 3339 time, found \"yesterday\"\n1 valid, 1 invalid\n",
            bad.replace(':', "%3A").replace(',', "%2C")
        );
        assert_eq!(text(&stdout), want);
    }

    #[test]
    fn sarif_output_is_valid_sarif_2_1_0() {
        let validator = sarif_validator();
        let dir = mixed();
        let cbor = dir.path().join("c.cbor");
        // A Tablestore-like map that does not decode: a CBOR fault has a byte offset.
        fs::write(&cbor, [0xa1, 0x61, b'x', 0x01]).unwrap();
        let missing = dir.path().join("missing.json").display().to_string();
        let (code, stdout, _) = run(
            &[
                "validate",
                "--format",
                "sarif",
                path_str(dir.path()),
                &missing,
            ],
            None,
        );
        assert_eq!(code, 2);
        let doc: Value = serde_json::from_slice(&stdout).expect("SARIF is JSON");
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:?}\n{doc}");
        let results = doc["runs"][0]["results"].as_array().unwrap();
        let timer = results
            .iter()
            .find(|r| r["ruleId"] == "format")
            .expect("the timer fault");
        let region = &timer["locations"][0]["physicalLocation"]["region"];
        assert_eq!(
            (&region["startLine"], &region["startColumn"]),
            (&Value::from(3), &Value::from(18))
        );
        // A CBOR fault (as Tablestore) is placed by byte offset.
        let (_, stdout, _) = run(
            &[
                "validate",
                "--format",
                "sarif",
                "-t",
                "tablestore",
                path_str(&cbor),
            ],
            None,
        );
        let tablestore: Value = serde_json::from_slice(&stdout).unwrap();
        assert!(validator.is_valid(&tablestore), "{tablestore}");
        assert!(
            tablestore["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
                ["byteOffset"]
                .is_u64(),
            "{tablestore}"
        );
        assert_eq!(
            doc["runs"][0]["invocations"][0]["executionSuccessful"],
            false
        );
        // Nothing to report is valid SARIF too.
        let empty = dir_with(&[("ok.json", GOOD_TIMER)]);
        let (code, stdout, _) = run(
            &["validate", "--format", "sarif", path_str(empty.path())],
            None,
        );
        assert_eq!(code, 0);
        let doc: Value = serde_json::from_slice(&stdout).unwrap();
        assert!(validator.is_valid(&doc), "{doc}");
        assert_eq!(doc["runs"][0]["results"], Value::Array(vec![]));
    }

    #[test]
    fn a_syntax_error_is_placed_where_the_parser_stopped_in_every_format() {
        // The trailing comma before `}` on line 4 (the whole payload's pointer would say 1:1);
        // in NDJSON, line 2 of the file.
        let broken =
            "{\n  \"triggerName\": \"t\",\n  \"triggerTime\": \"2023-12-26T07:49:00Z\",\n}";
        let dir = dir_with(&[
            ("a.json", broken),
            (
                "b.ndjson",
                &format!("{GOOD_TIMER}\n{{\"triggerName\":\"t\",}}\n"),
            ),
        ]);
        let (a, b) = (
            dir.path().join("a.json").display().to_string(),
            dir.path().join("b.ndjson").display().to_string(),
        );
        let (a_line, a_col) = line_col(broken, "\n}");
        let a_line = a_line + 1; // the `}` after that newline, in column 1
        assert_eq!(
            a_col,
            "  \"triggerTime\": \"2023-12-26T07:49:00Z\",".len() + 1
        );
        let b_col = "{\"triggerName\":\"t\",".len() + 1;
        let want = [(a.as_str(), a_line, 1), (b.as_str(), 2, b_col)];
        let args = |format: &'static str| ["validate", "--format", format, path_str(dir.path())];

        let (code, stdout, _) = run(&args("text"), None);
        assert_eq!(code, 1);
        let mut lines: Vec<String> = want
            .iter()
            .map(|(f, l, c)| format!("{f}:{l}:{c}: unknown: (root): trailing comma"))
            .collect();
        lines.push("1 valid, 2 invalid".to_owned());
        assert_eq!(text(&stdout), lines.join("\n") + "\n");

        let (_, stdout, _) = run(&args("json"), None);
        let doc: Value = serde_json::from_slice(&stdout).unwrap();
        let faults: Vec<(u64, u64, &str, &str)> = doc["files"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["valid"] == false)
            .map(|f| {
                let fault = &f["faults"][0];
                (
                    fault["line"].as_u64().unwrap(),
                    fault["column"].as_u64().unwrap(),
                    fault["code"].as_str().unwrap(),
                    fault["message"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            faults,
            [
                (a_line as u64, 1, "syntax", "trailing comma"),
                (2, b_col as u64, "syntax", "trailing comma")
            ],
            "{doc}"
        );

        let (_, stdout, _) = run(&args("github"), None);
        for (f, l, c) in want {
            let line = format!(
                "::error file={},line={l},col={c},title=fc-events unknown%3A syntax::(root): trailing comma\n",
                f.replace(':', "%3A").replace(',', "%2C")
            );
            assert!(text(&stdout).contains(&line), "{line}{}", text(&stdout));
        }

        let (_, stdout, _) = run(&args("sarif"), None);
        let doc: Value = serde_json::from_slice(&stdout).unwrap();
        assert!(sarif_validator().is_valid(&doc), "{doc}");
        let regions: Vec<(u64, u64)> = doc["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let region = &r["locations"][0]["physicalLocation"]["region"];
                (
                    region["startLine"].as_u64().unwrap(),
                    region["startColumn"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(regions, [(a_line as u64, 1), (2, b_col as u64)]);

        let (_, stdout, _) = run(&args("junit"), None);
        for (f, l, c) in want {
            let line = format!("{f}:{l}:{c}: unknown: (root): trailing comma");
            assert!(text(&stdout).contains(&line), "{line}\n{}", text(&stdout));
        }
    }

    #[test]
    fn junit_has_one_test_case_per_payload() {
        let dir = mixed();
        let nd = dir.path().join("c.ndjson");
        fs::write(&nd, format!("{GOOD_TIMER}\n{BAD_TIMER}\n")).unwrap();
        let (code, stdout, _) = run(
            &["validate", "--format", "junit", path_str(dir.path())],
            None,
        );
        assert_eq!(code, 1);
        let xml = text(&stdout);
        assert!(
            xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"),
            "{xml}"
        );
        assert!(
            xml.contains("tests=\"4\" failures=\"2\" errors=\"0\""),
            "{xml}"
        );
        assert_eq!(xml.matches("<testcase ").count(), 4, "{xml}");
        assert_eq!(xml.matches("<failure ").count(), 2, "{xml}");
        assert!(
            xml.contains(&format!("name=\"{}:2\"", nd.display())),
            "{xml}"
        );
        assert!(
            xml.contains("/triggerTime: expected an RFC 3339 time, found &quot;yesterday&quot;"),
            "{xml}"
        );
        assert!(xml.trim_end().ends_with("</testsuites>"), "{xml}");
    }

    #[test]
    fn exclude_globs_and_the_config_file_select_inputs_and_kinds() {
        let dir = dir_with(&[
            ("events/a.expect.json", r#"{"faults": []}"#),
            ("events/t.json", GOOD_TIMER),
            (
                "events/iot/device.json",
                r#"{"temperature": 1E400, "any": ["json"]}"#,
            ),
            ("drafts/x.json", UNDETECTABLE),
        ]);
        let in_dir = |args: &[&str]| {
            let out = Command::new(env!("CARGO_BIN_EXE_fc-events"))
                .current_dir(dir.path())
                .args(args)
                .output()
                .unwrap();
            (
                out.status.code().unwrap(),
                String::from_utf8(out.stdout).unwrap(),
                String::from_utf8(out.stderr).unwrap(),
            )
        };
        // Without a configuration: the sidecar, the IoT payload and the draft are all unknown.
        let (code, stdout, _) = in_dir(&["validate", "."]);
        assert_eq!(code, 1);
        assert!(stdout.ends_with("1 valid, 3 invalid\n"), "{stdout}");
        // --exclude (repeatable), a glob on names anywhere or on paths from the start.
        let (code, stdout, stderr) = in_dir(&[
            "validate",
            "--exclude",
            "*.expect.json",
            "--exclude",
            "drafts/",
            "--exclude",
            "events/iot/**",
            ".",
        ]);
        assert_eq!(
            (code, stdout.as_str()),
            (0, "1 valid, 0 invalid\n"),
            "{stderr}"
        );
        assert!(
            stderr.contains("a.expect.json: skipped (excluded)"),
            "{stderr}"
        );
        // The configuration file, found from a subfolder: excludes, kinds by glob, format.
        fs::write(
            dir.path().join("fc-events.toml"),
            "exclude = [\"**/*.expect.json\", \"drafts/\"]\nformat = \"json\"\n[kinds]\n\"events/iot/**\" = \"iot\"\n",
        )
        .unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_fc-events"))
            .current_dir(dir.path().join("events"))
            .args(["validate", "."])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
        let doc: Value = serde_json::from_slice(&out.stdout).expect("format = json from the file");
        let kinds: Vec<&str> = doc["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["kind"].as_str().unwrap())
            .collect();
        assert_eq!(kinds, ["iot", "timer"]);
        // Flags win over the file: --format and --trigger.
        let (code, stdout, _) = in_dir(&[
            "validate",
            "--format",
            "text",
            "--trigger",
            "timer",
            "events/iot",
        ]);
        assert_eq!(code, 1);
        // `1E400` is kept as an unknown member (lossless); the fault is the missing trigger time, at
        // the object that lacks it.
        assert!(
            stdout.starts_with("events/iot/device.json:1:1: timer: /triggerTime: "),
            "{stdout}"
        );
        // --no-config-file ignores it; a broken file is a usage error naming it.
        let (code, _, _) = in_dir(&["validate", "--no-config-file", "--format", "text", "."]);
        assert_eq!(code, 1);
        fs::write(dir.path().join("bad.toml"), "exclude = 3\n").unwrap();
        let (code, _, stderr) = in_dir(&["validate", "--config-file", "bad.toml", "."]);
        assert_eq!(code, 2);
        assert!(
            stderr.starts_with("fc-events: error: bad.toml: "),
            "{stderr}"
        );
    }

    #[test]
    fn encodings_are_named_and_a_bom_is_skipped_with_a_note() {
        let dir = TempDir::new().unwrap();
        let write = |name: &str, bytes: &[u8]| {
            let p = dir.path().join(name);
            fs::write(&p, bytes).unwrap();
            p.display().to_string()
        };
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(GOOD_TIMER.as_bytes());
        let bom = write("bom.json", &bom);
        let (code, stdout, stderr) = run(&["validate", &bom], None);
        assert_eq!((code, text(&stdout)), (0, "1 valid, 0 invalid\n"));
        assert!(
            stderr.contains(&format!("fc-events: note: {bom}: a UTF-8 byte order mark")),
            "{stderr}"
        );
        fc().args(["detect", &bom])
            .assert()
            .code(0)
            .stdout(format!("{bom}: timer\n"));
        // --quiet drops the note.
        let (_, _, stderr) = run(&["validate", "--quiet", &bom], None);
        assert_eq!(stderr, "");
        let utf16: Vec<u8> = GOOD_TIMER
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let mut utf16_bom = vec![0xFF, 0xFE];
        utf16_bom.extend_from_slice(&utf16);
        for (name, bytes, says) in [
            ("u16.json", utf16_bom, "UTF-16 (little-endian) text"),
            (
                "u16-nobom.json",
                utf16,
                "UTF-16 (little-endian) text without a byte order mark",
            ),
            ("nul.json", b"\0{}".to_vec(), "NUL byte"),
            ("tagged.cbor", vec![0xc1, 0xa0], "behind tag 1"),
        ] {
            let file = write(name, &bytes);
            let (code, stdout, _) = run(&["validate", &file], None);
            assert_eq!(code, 1, "{name}");
            assert!(
                text(&stdout).starts_with(&format!("{file}: unknown: (root): ")),
                "{}",
                text(&stdout)
            );
            assert!(text(&stdout).contains(says), "{}", text(&stdout));
        }
    }

    #[cfg(unix)]
    #[test]
    fn special_files_in_a_walk_are_notes_and_named_ones_do_not_hang() {
        let dir = dir_with(&[("t.json", GOOD_TIMER)]);
        let fifo = dir.path().join("pipe.json");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo on this machine
        }
        let (code, stdout, stderr) = run(&["validate", path_str(dir.path())], None);
        assert_eq!((code, text(&stdout)), (0, "1 valid, 0 invalid\n"));
        assert!(
            stderr.contains("pipe.json: skipped (not a regular file: a FIFO)"),
            "{stderr}"
        );
        // /dev/zero named explicitly: read up to the cap, then an error naming it.
        let (code, _, stderr) = run(&["validate", "--max-size", "1M", "/dev/zero"], None);
        assert_eq!(code, 2);
        assert!(
            stderr.contains(
                "/dev/zero: larger than the payload size limit of 1 MiB (raise it with --max-size)"
            ),
            "{stderr}"
        );
    }

    #[test]
    fn the_payload_cap_names_the_file_and_the_line() {
        let dir = dir_with(&[
            (
                "big.json",
                &format!("{{\"triggerName\":\"{}\"}}", "x".repeat(2000)),
            ),
            (
                "lines.ndjson",
                &format!(
                    "{GOOD_TIMER}\n{{\"x\":\"{}\"}}\n{GOOD_TIMER}\n",
                    "y".repeat(2000)
                ),
            ),
        ]);
        let big = dir.path().join("big.json").display().to_string();
        let lines = dir.path().join("lines.ndjson").display().to_string();
        let (code, stdout, stderr) = run(&["validate", "--max-size", "1K", &big, &lines], None);
        assert_eq!(code, 2);
        assert_eq!(text(&stdout), "2 valid, 0 invalid\n");
        assert!(
            stderr.contains(&format!(
                "fc-events: error: {big}: larger than the payload size limit of 1 KiB"
            )),
            "{stderr}"
        );
        assert!(
            stderr.contains(&format!("fc-events: error: {lines}:2: larger than")),
            "{stderr}"
        );
    }

    #[test]
    fn an_unwritable_stderr_never_panics() {
        let bin = env!("CARGO_BIN_EXE_fc-events");
        for (args, want) in [
            ("validate /no/such/file.json", 2),
            ("validate --bogus", 2),
            ("validate -", 1),
        ] {
            let out = std::process::Command::new("sh")
                .arg("-c")
                .arg(format!(
                    "echo '{BAD_TIMER}' | '{bin}' {args} 2>&- >/dev/null"
                ))
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(want), "{args}");
        }
    }

    #[test]
    fn colour_never_goes_to_a_pipe() {
        let (_, stdout, _) = run(&["validate", "-"], Some(BAD_TIMER.as_bytes()));
        assert!(!text(&stdout).contains('\x1b'));
    }

    #[test]
    fn completions_for_each_shell() {
        for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
            let (code, stdout, _) = run(&["completions", shell], None);
            assert_eq!(code, 0, "{shell}");
            assert!(text(&stdout).contains("validate"), "{shell}");
            assert!(text(&stdout).contains("exclude"), "{shell}");
        }
        let (code, _, _) = run(&["completions", "tcsh"], None);
        assert_eq!(code, 2);
    }

    #[test]
    fn convert_writes_safely_and_never_over_its_input() {
        let dir = dir_with(&[("t.json", GOOD_TIMER), ("bad.json", BAD_TIMER)]);
        let input = dir.path().join("t.json");
        let out = dir.path().join("out.json");
        fs::write(&out, "previous").unwrap();
        // A failed conversion leaves OUT as it was.
        let bad = dir.path().join("bad.json");
        let (code, _, _) = run(
            &[
                "convert",
                "--to",
                "json",
                "-o",
                path_str(&out),
                path_str(&dir.path().join("nope.json")),
            ],
            None,
        );
        assert_eq!(code, 2);
        assert_eq!(fs::read_to_string(&out).unwrap(), "previous");
        let undecodable = dir_with(&[("u.json", UNDECODABLE_OSS)]);
        let (code, _, _) = run(
            &[
                "convert",
                "--to",
                "json",
                "-o",
                path_str(&out),
                path_str(&undecodable.path().join("u.json")),
            ],
            None,
        );
        assert_eq!(code, 1);
        assert_eq!(fs::read_to_string(&out).unwrap(), "previous");
        // Success replaces it.
        let (code, _, _) = run(
            &[
                "convert",
                "--to",
                "json",
                "-o",
                path_str(&out),
                path_str(&input),
            ],
            None,
        );
        assert_eq!(code, 0);
        assert_eq!(fs::read_to_string(&out).unwrap(), format!("{GOOD_TIMER}\n"));
        // OUT is the input, or a link to it: refused, the input intact.
        #[cfg(unix)]
        std::os::unix::fs::symlink(&input, dir.path().join("link.json")).unwrap();
        for target in [input.clone(), dir.path().join("link.json")] {
            if !target.exists() {
                continue;
            }
            let (code, _, stderr) = run(
                &[
                    "convert",
                    "--to",
                    "cbor",
                    "-o",
                    path_str(&target),
                    path_str(&input),
                ],
                None,
            );
            assert_eq!(code, 2);
            assert!(stderr.contains("--overwrite-input"), "{stderr}");
            assert_eq!(fs::read_to_string(&input).unwrap(), GOOD_TIMER);
        }
        // Asked for explicitly: replaced once complete.
        let (code, _, _) = run(
            &[
                "convert",
                "--to",
                "json",
                "--pretty",
                "--overwrite-input",
                "-o",
                path_str(&bad),
                path_str(&bad),
            ],
            None,
        );
        assert_eq!(code, 0);
        assert!(fs::read_to_string(&bad)
            .unwrap()
            .starts_with("{\n  \"triggerTime\": \"yesterday\""));
    }

    #[test]
    fn pretty_keeps_number_spelling() {
        let iot = r#"{"a":1e2,"b":1E400,"c":[-0.0,12345678901234567890123]}"#;
        let (code, stdout, stderr) = run(
            &[
                "convert",
                "--trigger",
                "iot",
                "--to",
                "json",
                "--pretty",
                "-",
            ],
            Some(iot.as_bytes()),
        );
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(
            text(&stdout),
            "{\n  \"a\": 1e2,\n  \"b\": 1E400,\n  \"c\": [\n    -0.0,\n    12345678901234567890123\n  ]\n}\n"
        );
    }

    /// NDJSON over many batches (the small first ones and full ones, over 4 MB): every result in
    /// input order, the faults on their own lines, in the text and JSON reports, with blank lines
    /// and `\r\n` endings counted.
    #[test]
    fn many_batches_of_lines_report_in_order_on_the_right_lines() {
        let n = 60_000;
        let bad = |i: usize| (i % 997 == 3 || i == n) && !matches!(i % 1000, 500 | 501);
        let mut content = String::new();
        for i in 1..=n {
            match i % 1000 {
                500 => content.push_str("   "),
                501 => content.push_str(&format!("{GOOD_TIMER}\r")),
                _ if bad(i) => content.push_str(BAD_TIMER),
                _ => content.push_str(GOOD_TIMER),
            }
            content.push('\n');
        }
        assert!(content.len() > 4_000_000);
        let dir = dir_with(&[("many.ndjson", &content)]);
        let file = path_str(&dir.path().join("many.ndjson")).to_owned();
        let want: Vec<usize> = (1..=n).filter(|&i| bad(i)).collect();
        let blank = n / 1000;

        let (code, stdout, _) = run(&["validate", &file], None);
        assert_eq!(code, 1);
        let out = text(&stdout);
        let mut lines = out.lines();
        let summary = lines.next_back().unwrap();
        let got: Vec<usize> = lines
            .map(|l| {
                let at = l.strip_prefix(&format!("{file}:")).unwrap();
                let (line, rest) = at.split_once(':').unwrap();
                assert!(rest.starts_with("16: timer: /triggerTime: "), "{l}");
                line.parse().unwrap()
            })
            .collect();
        assert_eq!(got, want);
        assert_eq!(
            summary,
            format!("{} valid, {} invalid", n - blank - want.len(), want.len())
        );

        let (code, stdout, _) = run(&["validate", "--format", "json", &file], None);
        assert_eq!(code, 1);
        let report: serde_json::Value = serde_json::from_slice(&stdout).unwrap();
        let files = report["files"].as_array().unwrap();
        let numbers: Vec<usize> = files
            .iter()
            .map(|f| f["line"].as_u64().unwrap() as usize)
            .collect();
        let expected: Vec<usize> = (1..=n).filter(|i| i % 1000 != 500).collect();
        assert_eq!(numbers, expected);
        let invalid: Vec<usize> = files
            .iter()
            .filter(|f| f["valid"] == false)
            .map(|f| f["faults"][0]["line"].as_u64().unwrap() as usize)
            .collect();
        assert_eq!(invalid, want);
    }

    /// 100,000 NDJSON lines and 100,000 files: the run is linear (a complexity guard with a bound
    /// 50x above linear cost, not a timing test) and the output complete.
    #[test]
    fn large_inputs_are_linear_and_complete() {
        let n = 100_000;
        let mut content = String::with_capacity(n * (GOOD_TIMER.len() + 1));
        for _ in 0..n {
            content.push_str(GOOD_TIMER);
            content.push('\n');
        }
        let dir = dir_with(&[("many.ndjson", &content)]);
        let start = std::time::Instant::now();
        fc().args(["validate", path_str(&dir.path().join("many.ndjson"))])
            .assert()
            .code(0)
            .stdout(format!("{n} valid, 0 invalid\n"));
        let ndjson = start.elapsed();
        // A tenth of the lines sets the linear rate; the whole may cost at most 50x that rate.
        let tenth: String = content
            .lines()
            .take(n / 10)
            .map(|l| format!("{l}\n"))
            .collect();
        let small = dir_with(&[("few.ndjson", &tenth)]);
        let start = std::time::Instant::now();
        fc().args(["validate", path_str(&small.path().join("few.ndjson"))])
            .assert()
            .code(0);
        let base = start.elapsed();
        assert!(
            ndjson < base * 10 * 50,
            "{ndjson:?} for {n} lines vs {base:?} for {}",
            n / 10
        );

        let files = TempDir::new().unwrap();
        for i in 0..n {
            fs::write(files.path().join(format!("{i:06}.json")), GOOD_TIMER).unwrap();
        }
        fc().args(["validate", "--quiet", path_str(files.path())])
            .assert()
            .code(0)
            .stdout(format!("{n} valid, 0 invalid\n"));
    }

    #[test]
    fn the_readme_quick_start_fault_line() {
        let readme = fs::read_to_string(root().join("README.md")).unwrap();
        let (_, stdout, _) = run(&["validate", "-"], Some(BAD_TIMER.as_bytes()));
        for line in text(&stdout).lines() {
            assert!(
                readme.contains(&format!("# {line}\n")),
                "the README does not show: {line}"
            );
        }
    }

    /// JSON text without the whitespace between tokens: values and number spellings compared,
    /// indentation not (`--pretty` re-indents embedded JSON user data too).
    fn tokens(json: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(json.len());
        let mut in_string = false;
        let mut escaped = false;
        for &b in json {
            if in_string {
                out.push(b);
                match (escaped, b) {
                    (true, _) => escaped = false,
                    (false, b'\\') => escaped = true,
                    (false, b'"') => in_string = false,
                    _ => {}
                }
            } else if !b.is_ascii_whitespace() {
                in_string = b == b'"';
                out.push(b);
            }
        }
        out
    }

    /// Every output `convert` writes reads back to the same event, for every kind's sample:
    /// `--to json` and `--pretty` token for token (number text for number text), `--to cbor` value
    /// for value (CBOR keeps no number spelling nor member order).
    #[test]
    fn every_convert_output_reads_back_to_the_same_event() {
        let dir = TempDir::new().unwrap();
        for kind in TriggerKind::ALL {
            let name = kind.name();
            let sample = dir.path().join(format!("{name}.sample"));
            fs::write(&sample, fc_events::samples::sample(*kind).unwrap()).unwrap();
            let (code, want, stderr) = run(
                &["convert", "-t", name, "--to", "json", path_str(&sample)],
                None,
            );
            assert_eq!(code, 0, "{name}: {stderr}");
            for (label, args) in [
                ("json", &["--to", "json"][..]),
                ("pretty", &["--to", "json", "--pretty"][..]),
                ("cbor", &["--to", "cbor"][..]),
            ] {
                let out = dir.path().join(format!("{name}.{label}"));
                let mut a = vec!["convert", "-t", name];
                a.extend_from_slice(args);
                a.extend_from_slice(&["-o", path_str(&out), path_str(&sample)]);
                let (code, _, stderr) = run(&a, None);
                assert_eq!(code, 0, "{name} {label}: {stderr}");
                // Read back detecting the kind (IoT is never detected: named).
                let mut back = vec!["convert", "--to", "json", path_str(&out)];
                if *kind == TriggerKind::Iot {
                    back.splice(1..1, ["-t", "iot"]);
                }
                let (code, got, stderr) = run(&back, None);
                assert_eq!(code, 0, "{name} {label} does not read back: {stderr}");
                if label == "cbor" {
                    let got: Value = serde_json::from_slice(&got).unwrap();
                    let want: Value = serde_json::from_slice(&want).unwrap();
                    assert_eq!(got, want, "{name} {label}");
                } else {
                    assert_eq!(text(&tokens(&got)), text(&tokens(&want)), "{name} {label}");
                }
                if *kind != TriggerKind::Iot {
                    fc().args(["validate", path_str(&out)]).assert().code(0);
                }
            }
        }
    }

    /// An MNS STREAM body (text, or bytes that are not UTF-8) rendered as JSON or CBOR reads back
    /// as that body: converting it to its wire form (`--to json` of the body is a JSON string) and
    /// back gives the same JSON rendering.
    #[test]
    fn stream_bodies_read_back_from_their_renderings() {
        let dir = TempDir::new().unwrap();
        for fixture in [
            "tests/fixtures/mns-topic/mns-topic-edge-stream-utf8-multiline.txt",
            "tests/fixtures/mns-topic/mns-topic-edge-stream-non-utf8.txt",
        ] {
            let (code, want, _) = run(&["convert", "--to", "json", fixture], None);
            assert_eq!(code, 0, "{fixture}");
            for to in ["json", "cbor"] {
                let out = dir.path().join(format!("out.{to}"));
                run(
                    &["convert", "--to", to, "-o", path_str(&out), fixture],
                    None,
                );
                let (code, got, stderr) = run(&["convert", "--to", "json", path_str(&out)], None);
                assert_eq!(code, 0, "{fixture} {to}: {stderr}");
                assert_eq!(text(&got), text(&want), "{fixture} {to}");
                fc().args(["detect", path_str(&out)])
                    .assert()
                    .code(0)
                    .stdout(format!("{}: mns-topic\n", out.display()));
            }
        }
    }
}
