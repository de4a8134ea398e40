//! Helpers for the CLI tests: the library's fixtures, found from the repository root.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use fc_events::TriggerKind;

/// The fixtures folder of the repository.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
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
