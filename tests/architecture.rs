//! The layering of ARCHITECTURE.md, checked: no module of the library refers to a module of a higher
//! layer, trigger modules refer to each other only where one embeds another's type, and code inside
//! the crate names items by their real path, not by the root re-exports.
//!
//! It reads the sources as text: every `crate::a::b` path outside comments (including `$crate::` in
//! macros and paths written in attribute strings such as `schema_with = "crate::..."`).

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// Trigger modules that embed another trigger's type, and the modules they may use for that.
const EMBEDS: &[(&str, &str)] = &[
    ("eventbridge", "oss"),          // `acs.oss` data is an OSS record
    ("eventbridge", "system_event"), // `acs.ecs` data is an ECS system event
];

/// What several trigger modules share; it sits below the trigger modules.
const SHARED: &[&str] = &["batch", "envelope", "cloudevent", "http_common"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Layer {
    Registry,
    Wire,
    Codec,
    Model,
    Shared,
    Trigger,
    Event,
    Build,
    Definitions,
    Schema,
}

/// The layer of a module path below `crate` (`["events", "oss"]`), and for a trigger its name.
fn layer_of(path: &[&str]) -> Option<(Layer, Option<String>)> {
    let layer = match *path.first()? {
        "registry" => Layer::Registry,
        "wire" => Layer::Wire,
        "codec" => Layer::Codec,
        "model" => Layer::Model,
        "events" => match path.get(1) {
            Some(m) if SHARED.contains(m) => Layer::Shared,
            Some(m) => return Some((Layer::Trigger, Some((*m).to_owned()))),
            None => Layer::Shared,
        },
        "event" => Layer::Event,
        "build" => Layer::Build,
        "trigger" => Layer::Definitions,
        "schema" => Layer::Schema,
        _ => return None,
    };
    Some((layer, None))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a line: without a `//` comment (a `//` inside a string literal is kept).
fn code_of(line: &str) -> &str {
    let trimmed = line.trim_start();
    if trimmed.starts_with("//") {
        return "";
    }
    let mut in_string = false;
    let mut escaped = false;
    let bytes = line.as_bytes();
    for i in 0..bytes.len() {
        let b = bytes[i];
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
        } else if b == b'"' {
            in_string = true;
        } else if b == b'/' && bytes.get(i + 1) == Some(&b'/') {
            return &line[..i];
        }
    }
    line
}

/// Every `crate::…` path in `code`, as its segments (identifiers only).
fn crate_paths(code: &str) -> Vec<Vec<&str>> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        let after = &rest[at + "crate::".len()..];
        rest = after;
        // `$crate::` counts; `foo_crate::` or `some::crate::` does not.
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let mut segments = Vec::new();
        let mut tail = after;
        loop {
            let end = tail
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(tail.len());
            if end == 0 {
                break;
            }
            segments.push(&tail[..end]);
            tail = &tail[end..];
            match tail.strip_prefix("::") {
                Some(t) => tail = t,
                None => break,
            }
        }
        out.push(segments);
    }
    out
}

/// The library's own module path of a source file (`src/events/oss.rs` -> `["events", "oss"]`).
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap();
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// Every violation in the library's sources, as `file:line: message`.
fn violations() -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut found = Vec::new();
    for file in files {
        let module = module_of(&src, &file);
        let module: Vec<&str> = module.iter().map(String::as_str).collect();
        if module.first() == Some(&"bin") || module == ["lib"] {
            continue; // the CLI is a client of the public API; lib.rs is the facade of re-exports
        }
        let Some((own_layer, own_trigger)) = layer_of(&module) else {
            found.push(format!(
                "{}: a module outside every layer of ARCHITECTURE.md",
                file.display()
            ));
            continue;
        };
        let text = fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            for path in crate_paths(code_of(line)) {
                let place = format!("{}:{}", file.display(), n + 1);
                let Some(first) = path.first() else { continue };
                if first.starts_with(|c: char| c.is_ascii_uppercase()) {
                    found.push(format!(
                        "{place}: `crate::{first}` is a root re-export; name its layer's path"
                    ));
                    continue;
                }
                let Some((layer, trigger)) = layer_of(&path) else {
                    found.push(format!(
                        "{place}: `crate::{}` is in no layer",
                        path.join("::")
                    ));
                    continue;
                };
                if layer > own_layer {
                    found.push(format!(
                        "{place}: {own_layer:?} refers upwards to {layer:?} (`crate::{}`)",
                        path.join("::")
                    ));
                } else if layer == Layer::Trigger && own_layer == Layer::Trigger {
                    let (own, other) = (own_trigger.as_deref().unwrap(), trigger.unwrap());
                    if own != other && !EMBEDS.contains(&(own, other.as_str())) {
                        found.push(format!(
                            "{place}: trigger `{own}` refers to trigger `{other}`, which it does not embed"
                        ));
                    }
                }
            }
        }
    }
    found
}

#[test]
fn no_module_refers_to_a_higher_layer() {
    let found = violations();
    assert!(
        found.is_empty(),
        "layering faults (see ARCHITECTURE.md):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_checker_sees_upward_references() {
    // The scanner itself: paths found in code, `$crate` included, comments and look-alikes ignored.
    let paths =
        crate_paths(r#"use crate::wire::Text; $crate::codec::Key x::crate::no my_crate::no"#);
    let firsts: BTreeSet<_> = paths.iter().map(|p| p.join("::")).collect();
    assert_eq!(
        firsts,
        BTreeSet::from(["wire::Text".to_owned(), "codec::Key".to_owned()])
    );
    assert_eq!(code_of("  /// see crate::event::Event"), "");
    assert_eq!(
        code_of(r#"let s = "a//b"; // crate::event"#),
        r#"let s = "a//b"; "#
    );
    // Layers order as ARCHITECTURE.md lists them.
    let wire = layer_of(&["wire", "text"]).unwrap().0;
    let event = layer_of(&["event", "detect"]).unwrap().0;
    let shared = layer_of(&["events", "cloudevent"]).unwrap().0;
    let oss = layer_of(&["events", "oss"]).unwrap();
    assert!(wire < shared && shared < oss.0 && oss.0 < event);
    assert_eq!(oss.1.as_deref(), Some("oss"));
}

#[test]
fn every_kind_in_the_list_has_its_module_feature_and_sample() {
    // "One list per kind": each row of the registry names a module file, a cargo feature and a sample.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let registry = fs::read_to_string(root.join("src/registry.rs")).unwrap();
    let manifest = fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let mut rows = 0;
    for line in registry
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with("//"))
    {
        let Some((_, rest)) = line.split_once(", feature \"") else {
            continue;
        };
        rows += 1;
        let (feature, rest) = rest.split_once('"').unwrap();
        let module = rest
            .trim_start_matches(", events::")
            .split("::")
            .next()
            .unwrap();
        let sample = rest
            .split("sample \"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        assert!(
            manifest.contains(&format!("\n{feature} = [")),
            "feature `{feature}` is not in Cargo.toml"
        );
        let file = root.join("src/events").join(format!("{module}.rs"));
        let folder = root.join("src/events").join(module).join("mod.rs");
        assert!(
            file.exists() || folder.exists(),
            "no module `events::{module}`"
        );
        assert!(
            root.join("src/event/samples").join(sample).exists(),
            "no sample `{sample}`"
        );
    }
    assert_eq!(rows, fc_events::TriggerKind::ALL.len());
}

/// The files of the library (the CLI excluded) whose code outside `#[cfg(test)]` modules names
/// `serde_cbor`. A test module is taken to run from its `#[cfg(test)]` line to the end of the file.
fn files_naming_serde_cbor() -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut naming = Vec::new();
    for file in files {
        let rel = file
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel.starts_with("bin/") {
            continue;
        }
        let text = fs::read_to_string(&file).unwrap();
        let names = text
            .lines()
            .take_while(|l| l.trim() != "#[cfg(test)]")
            .any(|l| code_of(l).contains("serde_cbor"));
        if names {
            naming.push(rel);
        }
    }
    naming.sort();
    naming
}

#[test]
fn serde_cbor_is_named_by_one_private_module_only() {
    // The CBOR codec is a private detail: swapping it must touch this module only, and no
    // serde_cbor type may reach the public API (CBOR errors are `fc_events::CborError`).
    assert_eq!(files_naming_serde_cbor(), ["codec/cbor.rs"]);
}
