//! The output formats of `validate`, for payloads and trigger definition files alike, each written
//! as results come (memory does not grow with the number of inputs, but for the messages of
//! unreadable inputs):
//!
//! - `text`: `FILE:LINE:COL: KIND: POINTER: MESSAGE` per fault, then `N valid, M invalid`;
//! - `json`: one document `{"files": [...], "errors": [...], "summary": {...}}`;
//! - `github`: GitHub Actions workflow commands (`::error file=...,line=...,col=...,title=...::...`);
//! - `sarif`: SARIF 2.1.0, one run, one result per fault;
//! - `junit`: JUnit XML, one test case per payload or definition file (spooled to a temporary file,
//!   since the counts come first).

use std::fs::File;
use std::io::{self, Read, Seek, Write};

use clap::ValueEnum;
use fc_events::validate::{code, Fault, Position, Report};
use fc_events::TriggerKind;
use serde::Serialize;
use serde_json::value::RawValue;

use crate::output::{self, Paint, Summary};
use crate::validate::{file_position, FaultOut};

/// How `validate` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One line per fault (`FILE:LINE:COL: KIND: POINTER: MESSAGE`) and a summary line.
    Text,
    /// One JSON document.
    Json,
    /// GitHub Actions workflow commands: an annotation per fault.
    Github,
    /// SARIF 2.1.0 (code scanning).
    Sarif,
    /// JUnit XML: one test case per payload (per definition file with --config).
    Junit,
}

impl Format {
    /// Whether [`Emitter::entry`] writes nothing for a payload without faults (it is only counted
    /// in the summary): text, GitHub and SARIF list faults; JSON and JUnit list every payload.
    pub fn silent_on_clean(self) -> bool {
        matches!(self, Format::Text | Format::Github | Format::Sarif)
    }
}

/// One checked input, as every format writes it: a payload, or a trigger definition file.
pub struct Outcome<'a> {
    /// The file (`-` for standard input).
    pub file: &'a str,
    /// The line of an NDJSON payload (`None` for a whole file).
    pub line: Option<usize>,
    /// The kind (`None` when it could not be told: `unknown` in text, `null` in JSON).
    pub kind: Option<&'a str>,
    /// No error-level fault.
    pub valid: bool,
    /// For a definition file: how many definitions it holds (the JSON report's `definitions`).
    pub definitions: Option<usize>,
    /// Every fault.
    pub faults: &'a [Fault],
    /// Each fault's position (empty, or one per fault).
    pub positions: &'a [Option<Position>],
    /// Each fault's `conflict` member in the JSON report (empty, or one per fault).
    pub conflicts: &'a [Option<Box<RawValue>>],
}

impl<'a> Outcome<'a> {
    /// A validated payload.
    pub fn payload(
        file: &'a str,
        line: Option<usize>,
        report: &'a Report,
        positions: &'a [Option<Position>],
    ) -> Self {
        Outcome {
            file,
            line,
            kind: report.kind.map(TriggerKind::name),
            valid: report.is_valid(),
            definitions: None,
            faults: &report.faults,
            positions,
            conflicts: &[],
        }
    }
}

/// Every stable fault code, as SARIF rules.
const CODES: &[(&str, &str)] = &[
    (code::TYPE, "A member has the wrong JSON type."),
    (code::REQUIRED, "A required member is missing."),
    (
        code::FORMAT,
        "A string is not in the required form (time, base64, pattern).",
    ),
    (code::RANGE, "A number is outside its allowed range."),
    (code::ENUM, "A value is not in a closed set."),
    (code::LIMIT, "A size limit of the platform is exceeded."),
    (
        code::RESERVED_HEADER,
        "A response header the platform reserves.",
    ),
    (code::CONSISTENCY, "Members that contradict each other."),
    (
        code::CONFLICT,
        "Two trigger definitions that contradict each other.",
    ),
    (
        code::SYNTAX,
        "The bytes are not well-formed JSON or CBOR, or not in UTF-8.",
    ),
    (
        code::UNKNOWN_KIND,
        "The trigger kind cannot be told from the payload.",
    ),
    (code::DATA, "Any other decoding fault."),
];

/// Writes one format.
pub struct Emitter<'w> {
    format: Format,
    w: &'w mut dyn io::Write,
    paint: Paint,
    /// Entries written so far (for separators).
    count: usize,
    /// Unreadable inputs (`json`, `sarif`): written at the end.
    errors: Vec<ErrorEntry>,
    /// JUnit test cases, spooled.
    spool: Option<io::BufWriter<File>>,
}

#[derive(Serialize)]
struct ErrorEntry {
    file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    message: String,
}

#[derive(Serialize)]
struct Entry<'a> {
    file: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    kind: Option<&'a str>,
    valid: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    definitions: Option<usize>,
    faults: Vec<FaultOut<'a>>,
}

impl<'w> Emitter<'w> {
    /// Starts the output.
    pub fn start(format: Format, w: &'w mut dyn io::Write, paint: Paint) -> io::Result<Self> {
        let spool = match format {
            Format::Junit => Some(io::BufWriter::new(tempfile::tempfile()?)),
            _ => None,
        };
        match format {
            Format::Json => w.write_all(b"{\n  \"files\": [")?,
            Format::Sarif => {
                let rules: Vec<serde_json::Value> = CODES
                    .iter()
                    .map(|(id, text)| {
                        serde_json::json!({"id": id, "shortDescription": {"text": text}})
                    })
                    .collect();
                let driver = serde_json::json!({
                    "name": "fc-events",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://crates.io/crates/fc-events-cli",
                    "rules": rules,
                });
                write!(
                    w,
                    "{{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \
                     \"version\": \"2.1.0\",\n  \"runs\": [{{\n    \"tool\": {{\"driver\": {}}},\n    \
                     \"results\": [",
                    serde_json::to_string(&driver)?
                )?;
            }
            _ => {}
        }
        Ok(Emitter {
            format,
            w,
            paint,
            count: 0,
            errors: Vec::new(),
            spool,
        })
    }

    fn separator(&mut self) -> io::Result<()> {
        self.count += 1;
        let sep: &[u8] = if self.count == 1 { b"\n" } else { b",\n" };
        self.w.write_all(sep)?;
        self.w.write_all(match self.format {
            Format::Json => b"    ",
            _ => b"      ",
        })
    }

    /// One checked input.
    pub fn entry(&mut self, outcome: &Outcome) -> io::Result<()> {
        let Outcome {
            file,
            line,
            faults,
            positions,
            ..
        } = *outcome;
        let kind = outcome.kind.unwrap_or("unknown");
        let at = |i: usize| positions.get(i).and_then(Option::as_ref);
        match self.format {
            Format::Text => {
                for (i, fault) in faults.iter().enumerate() {
                    let (l, c, offset) = file_position(line, at(i));
                    let mut place = output::place(file, l);
                    if let Some(c) = c {
                        place = format!("{place}:{c}");
                    }
                    let mut message = output::one_line(&fault.message);
                    if !fault.is_error() {
                        message = format!("warning: {message}");
                    }
                    if let (None, Some(o)) = (c, offset) {
                        message = format!("{message} (at byte offset {o})");
                    }
                    writeln!(
                        self.w,
                        "{}: {}: {}: {}",
                        self.paint.dim(&place),
                        self.paint.cyan(kind),
                        self.paint.red(output::pointer(&fault.pointer)),
                        message
                    )?;
                }
                Ok(())
            }
            Format::Json => {
                let entry = Entry {
                    file,
                    line,
                    kind: outcome.kind,
                    valid: outcome.valid,
                    definitions: outcome.definitions,
                    faults: faults
                        .iter()
                        .enumerate()
                        .map(|(i, f)| {
                            let mut out = FaultOut::new(f, line, at(i));
                            out.conflict = outcome.conflicts.get(i).and_then(Option::as_deref);
                            out
                        })
                        .collect(),
                };
                self.separator()?;
                serde_json::to_writer(&mut *self.w, &entry)?;
                Ok(())
            }
            Format::Github => {
                for (i, fault) in faults.iter().enumerate() {
                    let (l, c, _) = file_position(line, at(i));
                    let mut props = format!("file={}", gh_property(file));
                    if let Some(l) = l {
                        props.push_str(&format!(",line={l}"));
                    }
                    if let Some(c) = c {
                        props.push_str(&format!(",col={c}"));
                    }
                    props.push_str(&format!(
                        ",title={}",
                        gh_property(&format!("fc-events {kind}: {}", fault.code))
                    ));
                    let command = if fault.is_error() { "error" } else { "warning" };
                    writeln!(
                        self.w,
                        "::{command} {props}::{}",
                        gh_data(&format!(
                            "{}: {}",
                            output::pointer(&fault.pointer),
                            fault.message
                        ))
                    )?;
                }
                Ok(())
            }
            Format::Sarif => {
                for (i, fault) in faults.iter().enumerate() {
                    let (l, c, offset) = file_position(line, at(i));
                    let region = match (l, c, offset) {
                        (Some(l), Some(c), _) => {
                            serde_json::json!({"startLine": l, "startColumn": c})
                        }
                        (_, None, Some(o)) => serde_json::json!({"byteOffset": o}),
                        (Some(l), None, None) => serde_json::json!({"startLine": l}),
                        _ => serde_json::Value::Null,
                    };
                    let mut physical = serde_json::json!({
                        "artifactLocation": {"uri": sarif_uri(file)},
                    });
                    if !region.is_null() {
                        physical["region"] = region;
                    }
                    let result = serde_json::json!({
                        "ruleId": fault.code,
                        "level": if fault.is_error() { "error" } else { "warning" },
                        "message": {"text": format!("{kind}: {}: {}", output::pointer(&fault.pointer), fault.message)},
                        "locations": [{"physicalLocation": physical}],
                        "properties": {"kind": outcome.kind, "pointer": fault.pointer},
                    });
                    self.separator()?;
                    serde_json::to_writer(&mut *self.w, &result)?;
                }
                Ok(())
            }
            Format::Junit => {
                let spool = self.spool.as_mut().expect("a spool for JUnit");
                let name = xml(&output::place(file, line));
                write!(
                    spool,
                    "    <testcase classname=\"{}\" name=\"{name}\"",
                    xml(kind)
                )?;
                if outcome.valid {
                    // Warnings of a valid input go to its output, not a failure.
                    if faults.is_empty() {
                        return writeln!(spool, "/>");
                    }
                    let mut text = String::new();
                    for fault in faults {
                        text.push_str(&format!(
                            "warning: {}: {}\n",
                            output::pointer(&fault.pointer),
                            output::one_line(&fault.message)
                        ));
                    }
                    return writeln!(
                        spool,
                        ">\n      <system-out>{}</system-out>\n    </testcase>",
                        xml(&text)
                    );
                }
                writeln!(spool, ">")?;
                let mut text = String::new();
                for (i, fault) in faults.iter().enumerate() {
                    let (l, c, _) = file_position(line, at(i));
                    let mut place = output::place(file, l);
                    if let Some(c) = c {
                        place = format!("{place}:{c}");
                    }
                    text.push_str(&format!(
                        "{place}: {kind}: {}: {}\n",
                        output::pointer(&fault.pointer),
                        output::one_line(&fault.message)
                    ));
                }
                writeln!(
                    spool,
                    "      <failure type=\"invalid\" message=\"{} fault(s)\">{}</failure>\n    </testcase>",
                    faults.len(),
                    xml(&text)
                )
            }
        }
    }

    /// An input that could not be read or judged.
    pub fn error(&mut self, file: &str, line: Option<usize>, message: &str) -> io::Result<()> {
        let place = output::place(file, line);
        match self.format {
            Format::Text => {
                // Keep the report and the error in order on a shared terminal.
                self.w.flush()?;
                crate::stderr!("fc-events: error: {place}: {message}");
                Ok(())
            }
            Format::Github => writeln!(
                self.w,
                "::error file={},title=fc-events::{}",
                gh_property(file),
                gh_data(&format!("{place}: {message}"))
            ),
            Format::Junit => {
                let spool = self.spool.as_mut().expect("a spool for JUnit");
                writeln!(
                    spool,
                    "    <testcase classname=\"unknown\" name=\"{}\">\n      <error type=\"io\" message=\"{}\"/>\n    </testcase>",
                    xml(&place),
                    xml(message)
                )
            }
            Format::Json | Format::Sarif => {
                self.errors.push(ErrorEntry {
                    file: file.to_owned(),
                    line,
                    message: message.to_owned(),
                });
                Ok(())
            }
        }
    }

    /// Ends the output.
    pub fn finish(mut self, summary: &Summary) -> io::Result<()> {
        match self.format {
            Format::Text | Format::Github => summary.write_line(self.w),
            Format::Json => {
                let close: &[u8] = if self.count > 0 { b"\n  ],\n" } else { b"],\n" };
                self.w.write_all(close)?;
                write!(
                    self.w,
                    "  \"errors\": {},\n  \"summary\": {}\n}}\n",
                    serde_json::to_string(&self.errors)?,
                    serde_json::to_string(summary)?
                )
            }
            Format::Sarif => {
                let close: &[u8] = if self.count > 0 {
                    b"\n    ],\n"
                } else {
                    b"],\n"
                };
                self.w.write_all(close)?;
                let notifications: Vec<serde_json::Value> = self
                    .errors
                    .iter()
                    .map(|e| {
                        serde_json::json!({
                            "level": "error",
                            "message": {"text": format!("{}: {}", output::place(&e.file, e.line), e.message)},
                            "locations": [{"physicalLocation": {"artifactLocation": {"uri": sarif_uri(&e.file)}}}],
                        })
                    })
                    .collect();
                let invocation = serde_json::json!({
                    "executionSuccessful": self.errors.is_empty(),
                    "toolExecutionNotifications": notifications,
                });
                write!(
                    self.w,
                    "    \"invocations\": [{}]\n  }}]\n}}\n",
                    serde_json::to_string(&invocation)?
                )
            }
            Format::Junit => {
                let spool = self.spool.take().expect("a spool for JUnit");
                let mut file = spool.into_inner().map_err(|e| e.into_error())?;
                file.rewind()?;
                let tests = summary.valid + summary.invalid + summary.errors;
                let head = format!(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"fc-events\" tests=\"{tests}\" failures=\"{}\" errors=\"{}\">\n  <testsuite name=\"fc-events validate\" tests=\"{tests}\" failures=\"{}\" errors=\"{}\" skipped=\"0\">\n",
                    summary.invalid, summary.errors, summary.invalid, summary.errors
                );
                self.w.write_all(head.as_bytes())?;
                io::copy(&mut (&mut file).take(u64::MAX), self.w)?;
                self.w.write_all(b"  </testsuite>\n</testsuites>\n")
            }
        }
    }
}

/// Escapes a workflow command's message.
fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// A relative URI reference for a path (SARIF `artifactLocation.uri`).
fn sarif_uri(path: &str) -> String {
    if path == "-" {
        return "stdin".to_owned();
    }
    let mut out = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Escapes text for XML content and attributes; drops the characters XML 1.0 cannot hold.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' | '\r' => out.push_str(&format!("&#{};", c as u32)),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(gh_data("a%b\nc"), "a%25b%0Ac");
        assert_eq!(gh_property("a:b,c"), "a%3Ab%2Cc");
        assert_eq!(sarif_uri("dir/a b#.json"), "dir/a%20b%23.json");
        assert_eq!(
            xml("<a & \"b\">\u{1}"),
            "&lt;a &amp; &quot;b&quot;&gt;\u{FFFD}"
        );
    }
}
