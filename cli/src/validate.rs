//! `fc-events validate`.

use std::path::PathBuf;

use fc_events::validate::{code, validate_slice, Fault, Report};
use fc_events::TriggerKind;
use serde::Serialize;

use crate::catalog;
use crate::inputs::{self, Processed};
use crate::output::{self, CliError, Status, Summary};

/// What `validate` was asked.
pub struct Options {
    /// Validate as this kind instead of detecting.
    pub trigger: Option<TriggerKind>,
    /// `--format json`.
    pub json: bool,
    /// `--ndjson`: standard input holds one event per line.
    pub stdin_ndjson: bool,
    /// The PATH arguments.
    pub paths: Vec<PathBuf>,
}

/// The outcome of one payload.
enum Checked {
    Report(Report),
    /// The payload was detected as a kind this build does not include: the tool cannot judge it.
    NotCompiled(TriggerKind),
}

/// Runs `validate`.
pub fn run(opts: &Options) -> Result<Status, CliError> {
    if let Some(kind) = opts.trigger {
        catalog::require_compiled(kind)?;
    }
    let inputs = inputs::expand(&opts.paths, opts.stdin_ndjson)?;
    let trigger = opts.trigger;
    let results = inputs::process_all(&inputs, |bytes| check(trigger, bytes));

    let mut doc = Document::default();
    for Processed { name, items } in &results {
        match items {
            Err(message) => doc.error(name, None, message.clone()),
            Ok(items) => {
                for (line, checked) in items {
                    match checked {
                        Checked::Report(report) => doc.report(name, *line, report),
                        Checked::NotCompiled(kind) => {
                            doc.error(name, *line, catalog::not_compiled_message(*kind))
                        }
                    }
                }
            }
        }
    }
    if results
        .iter()
        .all(|r| matches!(&r.items, Ok(items) if items.is_empty()))
    {
        eprintln!("fc-events: warning: no payloads found");
    }

    if opts.json {
        output::stdout(|w| {
            serde_json::to_writer_pretty(&mut *w, &doc)?;
            writeln!(w)
        })?;
    } else {
        for e in &doc.errors {
            eprintln!(
                "fc-events: error: {}: {}",
                output::place(e.file, e.line),
                e.message
            );
        }
        output::stdout(|w| {
            for entry in &doc.files {
                let kind = entry.kind.map_or("unknown", TriggerKind::name);
                for fault in entry.faults {
                    writeln!(
                        w,
                        "{}: {kind}: {}: {}",
                        output::place(entry.file, entry.line),
                        output::pointer(&fault.pointer),
                        output::one_line(&fault.message)
                    )?;
                }
            }
            doc.summary.write_line(w)
        })?;
    }
    Ok(doc.summary.status())
}

fn check(trigger: Option<TriggerKind>, bytes: &[u8]) -> Checked {
    let report = validate_slice(trigger, bytes);
    match (report.kind, report.faults.as_slice()) {
        (Some(kind), [only]) if only.code == code::UNKNOWN_KIND && !catalog::is_compiled(kind) => {
            Checked::NotCompiled(kind)
        }
        _ => Checked::Report(report),
    }
}

/// The `--format json` document; the text output is rendered from it too.
#[derive(Default, Serialize)]
struct Document<'a> {
    files: Vec<Entry<'a>>,
    errors: Vec<ErrorEntry<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Entry<'a> {
    file: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    /// `null` when the kind cannot be told.
    kind: Option<TriggerKind>,
    valid: bool,
    faults: &'a [Fault],
}

#[derive(Serialize)]
struct ErrorEntry<'a> {
    file: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    message: String,
}

impl<'a> Document<'a> {
    fn report(&mut self, file: &'a str, line: Option<usize>, report: &'a Report) {
        let valid = report.is_valid();
        if valid {
            self.summary.valid += 1;
        } else {
            self.summary.invalid += 1;
        }
        self.files.push(Entry {
            file,
            line,
            kind: report.kind,
            valid,
            faults: &report.faults,
        });
    }

    fn error(&mut self, file: &'a str, line: Option<usize>, message: String) {
        self.summary.errors += 1;
        self.errors.push(ErrorEntry {
            file,
            line,
            message,
        });
    }
}
