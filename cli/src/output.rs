//! Exit statuses, tool errors and writing to standard output.

use std::fmt;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

/// The exit status of a run: the contract CI scripts rely on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// 0: every payload valid (or the command succeeded).
    Ok,
    /// 1: a payload is invalid, does not decode, or is of unknown kind.
    Invalid,
    /// 2: a usage or I/O error.
    Error,
}

impl From<Status> for ExitCode {
    fn from(s: Status) -> ExitCode {
        ExitCode::from(match s {
            Status::Ok => 0,
            Status::Invalid => 1,
            Status::Error => 2,
        })
    }
}

/// The counts closing a `validate` run (payloads or definition files).
#[derive(Debug, Default, serde::Serialize)]
pub struct Summary {
    /// Inputs with no fault.
    pub valid: usize,
    /// Inputs with faults, or that could not be decoded or detected.
    pub invalid: usize,
    /// Inputs that could not be read.
    pub errors: usize,
}

impl Summary {
    /// Writes the closing line `N valid, M invalid`.
    pub fn write_line(&self, w: &mut dyn Write) -> io::Result<()> {
        writeln!(w, "{} valid, {} invalid", self.valid, self.invalid)
    }

    /// The exit status these counts call for: errors first, then invalid inputs.
    pub fn status(&self) -> Status {
        if self.errors > 0 {
            Status::Error
        } else if self.invalid > 0 {
            Status::Invalid
        } else {
            Status::Ok
        }
    }
}

/// An error of the tool itself (usage, I/O): printed as `fc-events: error: ...`, exit status 2.
#[derive(Debug)]
pub struct CliError(pub String);

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl CliError {
    /// An error about `what` (a path or `-`).
    pub fn at(what: &str, message: impl fmt::Display) -> CliError {
        CliError(format!("{what}: {message}"))
    }
}

/// Writes to standard output through a buffer. A closed pipe (`fc-events ... | head`) ends the output
/// quietly; other write errors are tool errors.
pub fn stdout(f: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), CliError> {
    let out = io::stdout();
    let mut w = BufWriter::new(out.lock());
    match f(&mut w).and_then(|()| w.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError(format!("cannot write to standard output: {e}"))),
        Ok(()) => Ok(()),
    }
}

/// Keeps a message on one line, so that every fault is one line of output.
pub fn one_line(s: &str) -> String {
    if s.contains(['\n', '\r']) {
        s.replace("\r\n", " ").replace(['\n', '\r'], " ")
    } else {
        s.to_owned()
    }
}

/// `FILE` or `FILE:LINE`.
pub fn place(file: &str, line: Option<usize>) -> String {
    match line {
        Some(l) => format!("{file}:{l}"),
        None => file.to_owned(),
    }
}

/// The text rendering of a JSON Pointer: `(root)` for the whole payload.
pub fn pointer(p: &str) -> &str {
    if p.is_empty() {
        "(root)"
    } else {
        p
    }
}
