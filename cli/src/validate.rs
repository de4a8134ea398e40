//! `fc-events validate`: every payload checked, each result written as soon as it is known (in
//! input order), in one of the output formats.

use std::path::PathBuf;

use fc_events::validate::{code, validate_slice, Fault, Position, Report};
use fc_events::TriggerKind;
use serde::Serialize;

use crate::catalog;
use crate::encoding::{self, BOM_NOTE};
use crate::inputs::{self, Item, Limits};
use crate::output::{self, CliError, Paint, Status, Summary};
use crate::report::{Emitter, Format, Outcome};
use crate::select::Selection;

/// What `validate` was asked.
pub struct Options {
    /// Validate as this kind instead of detecting (wins over the configuration file's kinds).
    pub trigger: Option<TriggerKind>,
    /// The output format.
    pub format: Format,
    /// `--ndjson`: standard input holds one event per line.
    pub stdin_ndjson: bool,
    /// The PATH arguments.
    pub paths: Vec<PathBuf>,
    /// Excludes and kinds by path.
    pub selection: Selection,
    /// The cap on one payload.
    pub limits: Limits,
}

/// The outcome of one payload.
pub enum Checked {
    /// Validated: the report and, for a payload with faults only, each fault's position.
    Report {
        /// The report.
        report: Report,
        /// One per fault (empty for a valid payload).
        positions: Vec<Option<Position>>,
        /// A UTF-8 byte order mark was skipped.
        bom: bool,
    },
    /// The payload was detected as a kind this build does not include: the tool cannot judge it.
    NotCompiled(TriggerKind),
}

impl Checked {
    /// Valid, without a fault or a note: nothing to say about it but that it is valid.
    pub fn is_clean(&self) -> bool {
        matches!(self, Checked::Report { report, bom: false, .. } if report.faults.is_empty())
    }
}

/// Runs `validate`.
pub fn run(opts: &Options) -> Result<Status, CliError> {
    if let Some(kind) = opts.trigger {
        catalog::require_compiled(kind)?;
    }
    let inputs = inputs::expand(&opts.paths, opts.stdin_ndjson, &opts.selection)?;
    let mut summary = Summary::default();
    let paint = Paint::stdout();
    let result = output::stdout(|w| {
        let mut emitter = Emitter::start(opts.format, w, paint)?;
        // A payload without faults is only counted where the format writes nothing for it.
        let quiet_when_clean = opts.format.silent_on_clean();
        let clean = inputs::for_each_counting(
            &inputs,
            opts.limits,
            |input, bytes| {
                let kind = opts
                    .trigger
                    .or_else(|| input.path().and_then(|p| opts.selection.kind_of(p)));
                check(kind, bytes)
            },
            |checked| quiet_when_clean && checked.is_clean(),
            &mut |Item { name, line, result }| match result {
                Err(message) => {
                    summary.errors += 1;
                    emitter.error(name, line, &message)
                }
                Ok(Checked::NotCompiled(kind)) => {
                    summary.errors += 1;
                    emitter.error(name, line, &catalog::not_compiled_message(kind))
                }
                Ok(Checked::Report {
                    report,
                    positions,
                    bom,
                }) => {
                    if bom {
                        output::note(&format!("{}: {BOM_NOTE}", output::place(name, line)));
                    }
                    if report.is_valid() {
                        summary.valid += 1;
                    } else {
                        summary.invalid += 1;
                    }
                    emitter.entry(&Outcome::payload(name, line, &report, &positions))
                }
            },
        )?;
        summary.valid += clean;
        emitter.finish(&summary)
    });
    result?;
    let status = summary.status();
    if status == Status::NothingChecked {
        crate::stderr!(
            "fc-events: error: no payload to check in {} (exit status 3)",
            opts.paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(status)
}

/// Validates one payload; positions are computed only when it has faults.
pub fn check(trigger: Option<TriggerKind>, raw: &[u8]) -> Checked {
    let prepared = match encoding::prepare(raw) {
        Ok(p) => p,
        Err(message) => {
            return Checked::Report {
                report: Report {
                    kind: trigger,
                    faults: vec![Fault::error("", code::SYNTAX, message)],
                },
                positions: vec![None],
                bom: false,
            }
        }
    };
    // What `convert` writes reads back (renderings that are not wire forms).
    let unwrapped = crate::rendered::unwrap(trigger, prepared.bytes);
    let report = match &unwrapped {
        Some((bytes, kind)) => validate_slice(kind.or(trigger), bytes),
        None => validate_slice(trigger, prepared.bytes),
    };
    match (report.kind, report.faults.as_slice()) {
        (Some(kind), [only]) if only.code == code::UNKNOWN_KIND && !catalog::is_compiled(kind) => {
            Checked::NotCompiled(kind)
        }
        _ => {
            let positions = if report.faults.is_empty() {
                Vec::new()
            } else if unwrapped.is_some() {
                // Faults of a rendering read through another form have no place in these bytes.
                vec![None; report.faults.len()]
            } else {
                // Located in the bytes as read (a byte order mark counts in offsets only).
                report.positions(raw)
            };
            Checked::Report {
                report,
                positions,
                bom: prepared.bom,
            }
        }
    }
}

/// A fault as the JSON report writes it: the library's fault and its position.
#[derive(Serialize)]
pub struct FaultOut<'a> {
    /// `""` for the whole payload.
    pub pointer: &'a str,
    /// One of `fc_events::validate::code`.
    pub code: &'a str,
    /// What was expected and found.
    pub message: &'a str,
    /// 1-based line in the file (JSON input).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column, in characters (JSON input).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// 0-based byte offset in the payload (JSON and CBOR input).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<usize>,
    /// `"warning"` for a fault that leaves the payload valid; absent for errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<&'static str>,
    /// For a conflict between trigger definitions: the definitions involved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conflict: Option<&'a serde_json::value::RawValue>,
}

/// Where a fault is in the file: (line, column) for JSON, counting NDJSON lines; the byte offset
/// in the payload.
pub fn file_position(
    ndjson_line: Option<usize>,
    position: Option<&Position>,
) -> (Option<usize>, Option<usize>, Option<usize>) {
    match position {
        Some(&Position::Json {
            line,
            column,
            offset,
        }) => (
            Some(ndjson_line.map_or(line, |n| n + line - 1)),
            Some(column),
            Some(offset),
        ),
        Some(&Position::Cbor { offset }) => (ndjson_line, None, Some(offset)),
        None => (ndjson_line, None, None),
    }
}

impl<'a> FaultOut<'a> {
    /// The fault at its place.
    pub fn new(fault: &'a Fault, ndjson_line: Option<usize>, position: Option<&Position>) -> Self {
        let (line, column, offset) = file_position(ndjson_line, position);
        FaultOut {
            pointer: &fault.pointer,
            code: fault.code,
            message: &fault.message,
            line: line.filter(|_| column.is_some()),
            column,
            offset,
            severity: (!fault.is_error()).then_some("warning"),
            conflict: None,
        }
    }
}
