//! `fc-events schema`.

use std::fs;
use std::path::Path;

use fc_events::schema::{any_event_schema, file_name, files, render, schema, Draft, Options};
use fc_events::TriggerKind;
use serde_json::Value;

use crate::catalog;
use crate::inputs::io_message;
use crate::output::{self, CliError, Status};

/// The name that asks for the schema of trigger definition files.
pub const TRIGGER_CONFIG: &str = "trigger-config";

/// What `schema` describes: an event kind, or trigger definition files (not an event kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The payload of an event kind.
    Kind(TriggerKind),
    /// A trigger definition file (`validate --config`).
    TriggerConfig,
}

/// Runs `schema`: one schema to stdout, or files into `out`.
pub fn run(target: Option<Target>, draft: Draft, out: Option<&Path>) -> Result<Status, CliError> {
    let one = match target {
        None => None,
        Some(target) => Some((file_name_of(target), target_schema(target, draft)?)),
    };
    let Some(dir) = out else {
        let value = match one {
            Some((_, value)) => value,
            None => any_event_schema(draft),
        };
        output::stdout(|w| w.write_all(render(&value).as_bytes()))?;
        return Ok(Status::Ok);
    };
    fs::create_dir_all(dir)
        .map_err(|e| CliError::at(&dir.display().to_string(), io_message(&e)))?;
    match one {
        Some((name, value)) => write(&dir.join(name), &render(&value))?,
        // The same files, byte for byte, as the committed `schemas/` folder.
        None => {
            for file in files(&Options::new(draft)) {
                write(&dir.join(&file.name), &file.text)?;
            }
        }
    }
    Ok(Status::Ok)
}

fn file_name_of(target: Target) -> String {
    match target {
        Target::Kind(kind) => file_name(kind),
        Target::TriggerConfig => format!("{TRIGGER_CONFIG}.schema.json"),
    }
}

fn target_schema(target: Target, draft: Draft) -> Result<Value, CliError> {
    match target {
        Target::Kind(kind) => {
            catalog::require_compiled(kind)?;
            schema(kind, draft).ok_or_else(|| CliError(catalog::not_compiled_message(kind)))
        }
        #[cfg(feature = "trigger-config")]
        Target::TriggerConfig => Ok(fc_events::trigger::schema(draft)),
        #[cfg(not(feature = "trigger-config"))]
        Target::TriggerConfig => Err(catalog::trigger_config_missing()),
    }
}

fn write(path: &Path, text: &str) -> Result<(), CliError> {
    output::write_file(path, |w| w.write_all(text.as_bytes()))
}

#[cfg(all(test, feature = "trigger-config"))]
mod tests {
    use super::*;

    #[test]
    fn the_trigger_config_file_name_is_the_library_one() {
        assert_eq!(
            file_name_of(Target::TriggerConfig),
            fc_events::trigger::SCHEMA_FILE
        );
    }
}
