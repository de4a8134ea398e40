//! `fc-events validate --config`: trigger definition files, checked one by one and together, and
//! reported in any of `validate`'s formats through the same renderers ([`crate::report`]).

use std::collections::HashSet;
use std::path::PathBuf;

use fc_events::trigger::{check_named_config_files, ConfigConflict};
use serde::Serialize;
use serde_json::value::{to_raw_value, RawValue};

use crate::inputs::{self, Limits, Processed};
use crate::output::{self, CliError, Paint, Status, Summary};
use crate::report::{Emitter, Format, Outcome};
use crate::select::Selection;

/// The KIND column of the text output and the `kind` of the JSON report.
const KIND: &str = "trigger-config";

/// Runs `validate --config`.
pub fn run(
    format: Format,
    paths: &[PathBuf],
    selection: &Selection,
    limits: Limits,
) -> Result<Status, CliError> {
    let mut inputs = inputs::expand_as(paths, false, inputs::DEFINITIONS, selection)?;
    // A file named twice (`triggers/` and `triggers/prod.json`) is checked once: its triggers
    // would otherwise conflict with their own copies.
    let mut seen = HashSet::new();
    inputs.retain(
        |input| match input.path().and_then(|p| p.canonicalize().ok()) {
            Some(real) => seen.insert(real),
            None => true,
        },
    );
    let results = inputs::process_all(&inputs, limits, <[u8]>::to_vec);

    let mut read: Vec<(&str, &[u8])> = Vec::new();
    for Processed { name, items } in &results {
        if let Ok(items) = items {
            read.extend(items.iter().map(|(_, bytes)| (name.as_str(), &bytes[..])));
        }
    }
    let reports = check_named_config_files(&read);
    let names: Vec<&str> = read.iter().map(|(name, _)| *name).collect();

    let mut summary = Summary::default();
    output::stdout(|w| {
        let mut emitter = Emitter::start(format, w, Paint::stdout())?;
        // In input order: the files read (one report each, in `read`'s order) and the unreadable.
        let mut checked = reports.iter().zip(&read);
        for Processed { name, items } in &results {
            let items = match items {
                Ok(items) => items,
                Err(message) => {
                    summary.errors += 1;
                    emitter.error(name, None, message)?;
                    continue;
                }
            };
            for _ in items {
                let Some((report, (_, bytes))) = checked.next() else {
                    break;
                };
                if report.is_valid() {
                    summary.valid += 1;
                } else {
                    summary.invalid += 1;
                }
                // Positions, and the details of conflicts, only for a file with faults.
                let positions = if report.faults.is_empty() {
                    Vec::new()
                } else {
                    report.positions(bytes)
                };
                let conflicts: Vec<Option<Box<RawValue>>> =
                    if format == Format::Json && !report.conflicts.is_empty() {
                        (0..report.faults.len())
                            .map(|i| {
                                report
                                    .conflict_of(i)
                                    .and_then(|c| to_raw_value(&conflict(&names, c)).ok())
                            })
                            .collect()
                    } else {
                        Vec::new()
                    };
                emitter.entry(&Outcome {
                    file: name,
                    line: None,
                    kind: Some(KIND),
                    valid: report.is_valid(),
                    definitions: Some(report.definitions),
                    faults: &report.faults,
                    positions: &positions,
                    conflicts: &conflicts,
                })?;
            }
        }
        emitter.finish(&summary)
    })?;
    if read.is_empty() && summary.errors == 0 {
        crate::stderr!("fc-events: error: no trigger definition file to check (exit status 3)");
    }
    Ok(summary.status())
}

/// The `conflict` member of a conflict's fault in the JSON report.
#[derive(Serialize)]
struct ConflictEntry<'a> {
    bucket: &'a str,
    triggers: Vec<Member<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    event: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Member<'a> {
    file: &'a str,
    pointer: &'a str,
    trigger_name: &'a str,
}

fn conflict<'a>(names: &[&'a str], c: &'a ConfigConflict) -> ConflictEntry<'a> {
    ConflictEntry {
        bucket: &c.bucket,
        triggers: c
            .triggers
            .iter()
            .map(|m| Member {
                file: names.get(m.file).copied().unwrap_or("?"),
                pointer: &m.pointer,
                trigger_name: &m.trigger_name,
            })
            .collect(),
        event: c.overlap.as_ref().map(|o| o.event.as_str()),
        key: c.overlap.as_ref().map(|o| o.key.as_str()),
    }
}
