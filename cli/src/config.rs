//! `fc-events validate --config`: trigger definition files, checked one by one and together.

use std::collections::HashSet;
use std::path::PathBuf;

use fc_events::trigger::{check_named_config_files, ConfigConflict, ConfigReport};
use fc_events::validate::Fault;
use serde::Serialize;

use crate::inputs::{self, Limits, Processed};
use crate::output::{self, CliError, Status, Summary};
use crate::select::Selection;

/// The KIND column of the text output and the `kind` of the JSON report.
const KIND: &str = "trigger-config";

/// Runs `validate --config`.
pub fn run(
    json: bool,
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
    let mut errors = Vec::new();
    for Processed { name, items } in &results {
        match items {
            Err(message) => errors.push(ErrorEntry {
                file: name,
                message: message.clone(),
            }),
            Ok(items) => read.extend(items.iter().map(|(_, bytes)| (name.as_str(), &bytes[..]))),
        }
    }
    if read.is_empty() && errors.is_empty() {
        crate::stderr!("fc-events: error: no trigger definition file to check (exit status 3)");
    }
    let reports = check_named_config_files(&read);
    let names: Vec<&str> = read.iter().map(|(name, _)| *name).collect();
    let doc = Document::new(&names, &reports, errors);

    if json {
        output::stdout(|w| {
            serde_json::to_writer_pretty(&mut *w, &doc)?;
            writeln!(w)
        })?;
    } else {
        for e in &doc.errors {
            crate::stderr!("fc-events: error: {}: {}", e.file, e.message);
        }
        output::stdout(|w| {
            for entry in &doc.files {
                for fault in &entry.faults {
                    writeln!(
                        w,
                        "{}: {KIND}: {}: {}",
                        entry.file,
                        output::pointer(&fault.fault.pointer),
                        output::one_line(&fault.fault.message)
                    )?;
                }
            }
            doc.summary.write_line(w)
        })?;
    }
    Ok(doc.summary.status())
}

/// The `--format json` document: the shape of `validate`'s, with the definitions counted and
/// conflicts detailed.
#[derive(Serialize)]
struct Document<'a> {
    files: Vec<Entry<'a>>,
    errors: Vec<ErrorEntry<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Entry<'a> {
    file: &'a str,
    kind: &'static str,
    valid: bool,
    definitions: usize,
    faults: Vec<FaultEntry<'a>>,
}

#[derive(Serialize)]
struct FaultEntry<'a> {
    #[serde(flatten)]
    fault: &'a Fault,
    #[serde(skip_serializing_if = "Option::is_none")]
    conflict: Option<ConflictEntry<'a>>,
}

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

#[derive(Serialize)]
struct ErrorEntry<'a> {
    file: &'a str,
    message: String,
}

impl<'a> Document<'a> {
    fn new(names: &[&'a str], reports: &'a [ConfigReport], errors: Vec<ErrorEntry<'a>>) -> Self {
        let mut summary = Summary {
            errors: errors.len(),
            ..Summary::default()
        };
        let files = names
            .iter()
            .zip(reports)
            .map(|(&file, report)| {
                if report.is_valid() {
                    summary.valid += 1;
                } else {
                    summary.invalid += 1;
                }
                Entry {
                    file,
                    kind: KIND,
                    valid: report.is_valid(),
                    definitions: report.definitions,
                    faults: report
                        .faults
                        .iter()
                        .enumerate()
                        .map(|(i, fault)| FaultEntry {
                            fault,
                            conflict: report.conflict_of(i).map(|c| conflict(names, c)),
                        })
                        .collect(),
                }
            })
            .collect();
        Document {
            files,
            errors,
            summary,
        }
    }
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
