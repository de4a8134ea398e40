//! `fc-events schema`.

use std::fs;
use std::path::Path;

use fc_events::schema::{any_event_schema, schema, Draft};
use fc_events::TriggerKind;
use serde_json::Value;

use crate::catalog;
use crate::inputs::io_message;
use crate::output::{self, CliError, Status};

/// The file name of the any-event schema.
const ANY_EVENT_FILE: &str = "fc-event.schema.json";

/// Runs `schema`: one schema to stdout, or files into `out`.
pub fn run(
    kind: Option<TriggerKind>,
    draft: Draft,
    out: Option<&Path>,
) -> Result<Status, CliError> {
    if let Some(kind) = kind {
        catalog::require_compiled(kind)?;
    }
    let Some(dir) = out else {
        let value = match kind {
            Some(kind) => kind_schema(kind, draft)?,
            None => any_event_schema(draft),
        };
        output::stdout(|w| w.write_all(&render(&value)))?;
        return Ok(Status::Ok);
    };
    fs::create_dir_all(dir)
        .map_err(|e| CliError::at(&dir.display().to_string(), io_message(&e)))?;
    let kinds: Vec<TriggerKind> = match kind {
        Some(kind) => vec![kind],
        None => TriggerKind::ALL
            .iter()
            .copied()
            .filter(|&k| catalog::is_compiled(k))
            .collect(),
    };
    for kind in kinds {
        write(
            &dir.join(format!("{}.schema.json", kind.name())),
            &kind_schema(kind, draft)?,
        )?;
    }
    if kind.is_none() {
        write(&dir.join(ANY_EVENT_FILE), &any_event_schema(draft))?;
    }
    Ok(Status::Ok)
}

fn kind_schema(kind: TriggerKind, draft: Draft) -> Result<Value, CliError> {
    schema(kind, draft).ok_or_else(|| CliError(catalog::not_compiled_message(kind)))
}

/// Pretty JSON with a final newline: stable, diff-friendly files.
fn render(value: &Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

fn write(path: &Path, value: &Value) -> Result<(), CliError> {
    fs::write(path, render(value))
        .map_err(|e| CliError::at(&path.display().to_string(), io_message(&e)))
}
