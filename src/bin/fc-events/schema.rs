//! `fc-events schema`.

use std::fs;
use std::path::Path;

use fc_events::schema::{any_event_schema, file_name, files, render, schema, Draft, Options};
use fc_events::TriggerKind;
use serde_json::Value;

use crate::catalog;
use crate::inputs::io_message;
use crate::output::{self, CliError, Status};

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
        output::stdout(|w| w.write_all(render(&value).as_bytes()))?;
        return Ok(Status::Ok);
    };
    fs::create_dir_all(dir)
        .map_err(|e| CliError::at(&dir.display().to_string(), io_message(&e)))?;
    match kind {
        Some(kind) => write(
            &dir.join(file_name(kind)),
            &render(&kind_schema(kind, draft)?),
        )?,
        // The same files, byte for byte, as the committed `schemas/` folder.
        None => {
            for file in files(&Options::new(draft)) {
                write(&dir.join(&file.name), &file.text)?;
            }
        }
    }
    Ok(Status::Ok)
}

fn kind_schema(kind: TriggerKind, draft: Draft) -> Result<Value, CliError> {
    schema(kind, draft).ok_or_else(|| CliError(catalog::not_compiled_message(kind)))
}

fn write(path: &Path, text: &str) -> Result<(), CliError> {
    fs::write(path, text).map_err(|e| CliError::at(&path.display().to_string(), io_message(&e)))
}
