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
    /// 3: nothing was checked (no payload found in the PATHs, and no error).
    NothingChecked,
    /// 2: a usage or I/O error (outranks every other status).
    Error,
}

impl From<Status> for ExitCode {
    fn from(s: Status) -> ExitCode {
        ExitCode::from(match s {
            Status::Ok => 0,
            Status::Invalid => 1,
            Status::Error => 2,
            Status::NothingChecked => 3,
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

    /// The exit status these counts call for: errors first, then invalid inputs, then nothing
    /// checked.
    pub fn status(&self) -> Status {
        if self.errors > 0 {
            Status::Error
        } else if self.invalid > 0 {
            Status::Invalid
        } else if self.valid == 0 {
            Status::NothingChecked
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

/// Writes one line to standard error. A standard error that cannot be written (closed, full) is
/// ignored: the exit status still tells the outcome, and the tool never panics over it.
#[macro_export]
macro_rules! stderr {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

/// Whether notes are printed (`--quiet` turns them off).
static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Turns notes off.
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, std::sync::atomic::Ordering::Relaxed);
}

/// Prints `fc-events: note: MESSAGE` on standard error, unless `--quiet`.
pub fn note(message: &str) {
    if !QUIET.load(std::sync::atomic::Ordering::Relaxed) {
        crate::stderr!("fc-events: note: {message}");
    }
}

/// ANSI colours for terminal output: only when the stream is a terminal and `NO_COLOR` is unset
/// or empty (<https://no-color.org>).
#[derive(Debug, Clone, Copy)]
pub struct Paint(bool);

impl Paint {
    /// Colours for standard output.
    pub fn stdout() -> Paint {
        use std::io::IsTerminal;
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Paint(!no_color && io::stdout().is_terminal())
    }

    /// `s` in bold red (faults) when colouring.
    pub fn red(self, s: &str) -> String {
        self.wrap("1;31", s)
    }

    /// `s` dimmed (places) when colouring.
    pub fn dim(self, s: &str) -> String {
        self.wrap("2", s)
    }

    /// `s` in cyan (kinds) when colouring.
    pub fn cyan(self, s: &str) -> String {
        self.wrap("36", s)
    }

    fn wrap(self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
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

/// Writes a file safely: into a temporary file beside it, renamed over `path` only once complete,
/// so that a failure never leaves a truncated file. `fill` writes the content. An existing file's
/// permissions are kept; a new file gets `0644` (before the umask has any say).
pub fn write_file(
    path: &std::path::Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), CliError> {
    let name = path.display().to_string();
    let fail = |e: io::Error| CliError::at(&name, crate::inputs::io_message(&e));
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => std::path::Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".fc-events-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(fail)?;
    {
        let mut w = BufWriter::new(tmp.as_file_mut());
        fill(&mut w).and_then(|()| w.flush()).map_err(fail)?;
    }
    tmp.as_file().sync_all().map_err(fail)?;
    let permissions = match std::fs::metadata(path) {
        Ok(m) => Some(m.permissions()),
        #[cfg(unix)]
        Err(_) => {
            use std::os::unix::fs::PermissionsExt;
            Some(std::fs::Permissions::from_mode(0o644))
        }
        #[cfg(not(unix))]
        Err(_) => None,
    };
    if let Some(p) = permissions {
        tmp.as_file().set_permissions(p).map_err(fail)?;
    }
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}
