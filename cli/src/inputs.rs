//! Turning PATH arguments into payloads: files, directories walked recursively, standard input, and
//! NDJSON files split into one payload per line; processed in parallel, reported in input order.
//!
//! Memory does not grow with the input: files are processed a batch at a time and NDJSON is read
//! as a stream, a batch of lines at a time; each result is handed to the caller as soon as every
//! result before it has been, then dropped. One payload (a file, or one NDJSON line) is capped at
//! [`Limits::max_payload`] bytes.

use std::ffi::OsStr;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::output::{self, CliError};
use crate::progress::Progress;
use crate::select::Selection;

/// The default cap on one payload: above every payload limit of FC (6 MB for a synchronous
/// invocation or an HTTP body), far below what would exhaust memory.
pub const DEFAULT_MAX_PAYLOAD: u64 = 16 * 1024 * 1024;

/// Files read and processed together; bounds memory in folder walks.
const FILE_BATCH: usize = 64;
/// NDJSON bytes gathered before a batch of lines is processed; bounds memory in NDJSON input.
const LINE_BATCH_BYTES: usize = 4 * 1024 * 1024;
/// NDJSON lines gathered before a batch is processed.
const LINE_BATCH_LINES: usize = 8192;

/// How much one payload may hold.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Bytes in one payload (a file, or one NDJSON line).
    pub max_payload: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_payload: DEFAULT_MAX_PAYLOAD,
        }
    }
}

/// What a directory walk picks up, and whether NDJSON files are split into lines.
#[derive(Debug, Clone, Copy)]
pub struct Walk {
    /// The extensions picked up (lower case; matched case-insensitively).
    extensions: &'static [&'static str],
    /// Whether `.ndjson` / `.jsonl` files hold one payload per line.
    split_ndjson: bool,
}

/// Event payloads: `.json`, `.cbor`, `.txt`, and NDJSON files split into lines.
pub const PAYLOADS: Walk = Walk {
    extensions: &["json", "cbor", "txt", "ndjson", "jsonl"],
    split_ndjson: true,
};

/// Trigger definition files: `.json` only, each file one document.
#[cfg_attr(not(feature = "trigger-config"), allow(dead_code))]
pub const DEFINITIONS: Walk = Walk {
    extensions: &["json"],
    split_ndjson: false,
};

impl Walk {
    fn picks(&self, path: &Path) -> bool {
        self.extensions.contains(&extension(path).as_str())
    }

    fn is_ndjson(&self, path: &Path) -> bool {
        self.split_ndjson && is_ndjson(path)
    }
}

/// One input, in the order the user gave it (directories expanded in sorted order).
#[derive(Debug)]
pub struct Input {
    /// How the input is named in the output: the path as given or as found while walking; `-` for
    /// standard input.
    pub name: String,
    source: Source,
}

#[derive(Debug)]
enum Source {
    Stdin {
        ndjson: bool,
    },
    File {
        path: PathBuf,
        ndjson: bool,
        /// What it is when it is not a regular file (a FIFO named explicitly, `/dev/stdin`).
        special: Option<&'static str>,
    },
    /// The path could not be read (missing, unreadable folder): reported as an I/O error.
    Broken(String),
}

/// The payloads of one input, or why it could not be read (for trigger definition files).
#[derive(Debug)]
#[cfg_attr(not(feature = "trigger-config"), allow(dead_code))]
pub struct Processed<T> {
    /// The input's name.
    pub name: String,
    /// `(line, result)` per payload (the line for NDJSON input only), or an I/O error message.
    pub items: Result<Vec<(Option<usize>, T)>, String>,
}

/// One payload's result, or an input that could not be read, handed over in input order.
pub struct Item<'a, T> {
    /// The input's name.
    pub name: &'a str,
    /// The NDJSON line (1-based), for NDJSON input only.
    pub line: Option<usize>,
    /// The result, or an I/O error message (unreadable input, payload over the cap).
    pub result: Result<T, String>,
}

/// Expands PATH arguments as event payloads ([`PAYLOADS`]).
pub fn expand(
    paths: &[PathBuf],
    stdin_ndjson: bool,
    selection: &Selection,
) -> Result<Vec<Input>, CliError> {
    expand_as(paths, stdin_ndjson, PAYLOADS, selection)
}

/// Expands PATH arguments, walking directories for what `walk` picks up. Only usage errors fail
/// here; unreadable paths become inputs that report their I/O error in order. What a walk skips
/// (excluded by a glob, not a regular file, a link to a folder, a hidden entry) is reported as a
/// note.
pub fn expand_as(
    paths: &[PathBuf],
    stdin_ndjson: bool,
    walk_as: Walk,
    selection: &Selection,
) -> Result<Vec<Input>, CliError> {
    if paths.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        return Err(CliError(
            "standard input (`-`) can be given only once".to_owned(),
        ));
    }
    let mut out = Vec::new();
    let mut other = 0usize;
    for path in paths {
        if path.as_os_str() == "-" {
            out.push(Input {
                name: "-".to_owned(),
                source: Source::Stdin {
                    ndjson: stdin_ndjson,
                },
            });
            continue;
        }
        let name = path.display().to_string();
        match fs::metadata(path) {
            Ok(m) if m.is_dir() => walk(path, walk_as, selection, &mut out, &mut other),
            // A file named explicitly is read whatever its name (and even when a glob excludes
            // it: naming it is asking for it).
            Ok(m) => out.push(Input {
                name,
                source: Source::File {
                    path: path.clone(),
                    ndjson: walk_as.is_ndjson(path),
                    special: (!m.is_file()).then(|| kind_of(m.file_type())),
                },
            }),
            Err(e) => out.push(Input {
                name,
                source: Source::Broken(io_message(&e)),
            }),
        }
    }
    if other > 0 {
        output::note(&format!(
            "skipped {other} file(s) whose extension is not {}",
            walk_as
                .extensions
                .iter()
                .map(|e| format!(".{e}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Ok(out)
}

/// A single PATH that must name one file or `-` (for `convert`).
pub fn single(path: &Path, stdin_ndjson: bool) -> Result<Input, CliError> {
    if path.as_os_str() != "-" && path.is_dir() {
        return Err(CliError::at(
            &path.display().to_string(),
            "is a directory; give one payload file",
        ));
    }
    let mut inputs = expand(
        std::slice::from_ref(&path.to_path_buf()),
        stdin_ndjson,
        &Selection::default(),
    )?;
    match (inputs.pop(), inputs.is_empty()) {
        (Some(input), true) => Ok(input),
        _ => Err(CliError::at(
            &path.display().to_string(),
            "give one payload file",
        )),
    }
}

fn walk(dir: &Path, walk_as: Walk, selection: &Selection, out: &mut Vec<Input>, other: &mut usize) {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            out.push(Input {
                name: dir.display().to_string(),
                source: Source::Broken(io_message(&e)),
            });
            return;
        }
    };
    let mut found = Vec::new();
    for entry in entries {
        match entry {
            // The entry's type comes with the directory listing: no stat for plain files.
            Ok(e) => found.push((e.path(), e.file_type())),
            Err(e) => out.push(Input {
                name: dir.display().to_string(),
                source: Source::Broken(io_message(&e)),
            }),
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    for (path, file_type) in found {
        let name = path.display().to_string();
        if path
            .file_name()
            .and_then(OsStr::to_str)
            .is_some_and(|n| n.starts_with('.'))
        {
            output::note(&format!(
                "{name}: skipped (hidden: the name starts with `.`)"
            ));
            continue;
        }
        let file_type = match file_type {
            // Symbolic links to files are followed; links to folders are not (no cycles).
            Ok(t) if t.is_symlink() => match fs::metadata(&path) {
                Ok(m) if m.is_dir() => {
                    output::note(&format!("{name}: skipped (a symbolic link to a folder)"));
                    continue;
                }
                Ok(m) => Ok(m.file_type()),
                Err(e) => Err(e),
            },
            other => other,
        };
        match file_type {
            Ok(t) if t.is_dir() => {
                if selection.excludes(&path, true) {
                    output::note(&format!("{name}: skipped (excluded)"));
                } else {
                    walk(&path, walk_as, selection, out, other);
                }
            }
            Ok(_) if !walk_as.picks(&path) => *other += 1,
            Ok(_) if selection.excludes(&path, false) => {
                output::note(&format!("{name}: skipped (excluded)"));
            }
            Ok(t) if t.is_file() => out.push(Input {
                name,
                source: Source::File {
                    ndjson: walk_as.is_ndjson(&path),
                    path,
                    special: None,
                },
            }),
            Ok(t) => output::note(&format!(
                "{name}: skipped (not a regular file: {})",
                kind_of(t)
            )),
            // A dangling link with a picked extension is reported; other names are not ours.
            Err(e) if walk_as.picks(&path) => out.push(Input {
                name,
                source: Source::Broken(io_message(&e)),
            }),
            Err(_) => {}
        }
    }
}

/// A name for a file type that is not a regular file or a folder.
fn kind_of(t: fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
    }
    let _ = t;
    "a special file"
}

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(OsStr::to_str)
        .unwrap_or("")
        .to_ascii_lowercase()
}

fn is_ndjson(path: &Path) -> bool {
    matches!(extension(path).as_str(), "ndjson" | "jsonl")
}

/// The message of an I/O error without Rust's `(os error N)` suffix.
pub fn io_message(e: &io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error ") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

/// `N bytes` in the largest whole unit.
pub fn size_text(n: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if n % MIB == 0 {
        format!("{} MiB", n / MIB)
    } else if n % 1024 == 0 {
        format!("{} KiB", n / 1024)
    } else {
        format!("{n} bytes")
    }
}

fn too_large(limits: Limits) -> String {
    format!(
        "larger than the payload size limit of {} (raise it with --max-size)",
        size_text(limits.max_payload)
    )
}

impl Input {
    /// The file this input reads (`None` for standard input and unreadable paths).
    #[cfg_attr(not(feature = "trigger-config"), allow(dead_code))]
    pub fn path(&self) -> Option<&Path> {
        match &self.source {
            Source::File { path, .. } => Some(path),
            _ => None,
        }
    }

    /// Opens the input. A FIFO or other special file named explicitly is read as a stream; a note
    /// says so first, since reading it waits for its writer.
    fn open(&self) -> Result<Box<dyn Read + Send>, String> {
        match &self.source {
            Source::Stdin { .. } => Ok(Box::new(io::stdin())),
            Source::File { path, special, .. } => {
                if let Some(what) = special {
                    output::note(&format!(
                        "{}: {what}, not a regular file: read as a stream (a FIFO waits for its writer)",
                        self.name
                    ));
                }
                let file = File::open(path).map_err(|e| io_message(&e))?;
                Ok(Box::new(file))
            }
            Source::Broken(message) => Err(message.clone()),
        }
    }

    /// Reads the whole input, at most `limits.max_payload` bytes.
    fn read(&self, limits: Limits) -> Result<Vec<u8>, String> {
        let mut reader = self.open()?;
        let mut buf = Vec::new();
        (&mut reader)
            .take(limits.max_payload + 1)
            .read_to_end(&mut buf)
            .map_err(|e| io_message(&e))?;
        if buf.len() as u64 > limits.max_payload {
            return Err(too_large(limits));
        }
        Ok(buf)
    }

    /// Whether the input holds one event per line.
    pub fn is_ndjson(&self) -> bool {
        matches!(
            self.source,
            Source::Stdin { ndjson: true } | Source::File { ndjson: true, .. }
        )
    }

    /// Reads the input and applies `f` to each payload (each non-blank line of NDJSON input),
    /// collecting the results: for inputs whose results are all needed at once.
    pub fn process<T: Send>(
        &self,
        limits: Limits,
        f: &(impl Fn(&[u8]) -> T + Sync),
    ) -> Result<Vec<(Option<usize>, T)>, String> {
        let mut out = Vec::new();
        let mut failed = None;
        self.stream(limits, f, &mut |line, result| {
            match result {
                Ok(t) => out.push((line, t)),
                Err(e) => {
                    failed.get_or_insert(match line {
                        Some(l) => format!("line {l}: {e}"),
                        None => e,
                    });
                }
            }
            Ok(())
        })
        .map_err(|e| io_message(&e))?;
        match failed {
            Some(e) => Err(e),
            None => Ok(out),
        }
    }

    /// Applies `f` to each payload and hands the results to `sink` in order, as they come: a whole
    /// input at once, or NDJSON a batch of lines at a time (lines in parallel, while the next
    /// batch is read: reading and splitting overlap the checks).
    fn stream<T: Send>(
        &self,
        limits: Limits,
        f: &(impl Fn(&[u8]) -> T + Sync),
        sink: &mut dyn FnMut(Option<usize>, Result<T, String>) -> io::Result<()>,
    ) -> io::Result<()> {
        if !self.is_ndjson() {
            let result = self.read(limits).map(|bytes| f(&bytes));
            return sink(None, result);
        }
        let reader = match self.open() {
            Ok(r) => r,
            Err(e) => return sink(None, Err(e)),
        };
        let mut reader = BufReader::with_capacity(256 * 1024, reader);
        let mut line_no = 0usize;
        let mut current = LineBatch::default();
        let mut read = current.fill(&mut reader, limits, &mut line_no);
        loop {
            let mut next = LineBatch::default();
            let more = matches!(read, Ok(true));
            // The checks of this batch on the pool, the reading of the next beside them.
            let (results, next_read) = rayon::join(
                || {
                    current
                        .spans
                        .par_iter()
                        .map(|&(_, s, e)| f(&current.data[s..e]))
                        .collect::<Vec<T>>()
                },
                || more.then(|| next.fill(&mut reader, limits, &mut line_no)),
            );
            current.hand_over(results, limits, sink)?;
            if let Err((line, e)) = read {
                return sink(Some(line), Err(io_message(&e)));
            }
            match next_read {
                None => return Ok(()),
                Some(r) => read = r,
            }
            current = next;
        }
    }
}

/// NDJSON lines read together: their bytes, the span of each non-blank line, and the numbers of
/// the lines over the cap (dropped unread).
#[derive(Default)]
struct LineBatch {
    data: Vec<u8>,
    /// (line number, start, end) of each non-blank line in `data`.
    spans: Vec<(usize, usize, usize)>,
    oversized: Vec<usize>,
}

impl LineBatch {
    /// Reads lines until the batch is full (`Ok(true)`) or the input ends (`Ok(false)`); a read
    /// error is returned with its line number, after the lines read before it.
    fn fill(
        &mut self,
        reader: &mut impl BufRead,
        limits: Limits,
        line_no: &mut usize,
    ) -> Result<bool, (usize, io::Error)> {
        if self.data.capacity() == 0 {
            self.data.reserve(LINE_BATCH_BYTES + 64 * 1024);
        }
        loop {
            *line_no += 1;
            let start = self.data.len();
            let read = (&mut *reader)
                .take(limits.max_payload + 2)
                .read_until(b'\n', &mut self.data)
                .map_err(|e| (*line_no, e))?;
            if read == 0 {
                return Ok(false);
            }
            let mut end = self.data.len();
            let complete = self.data[end - 1] == b'\n';
            if complete {
                end -= 1;
            }
            if end > start && self.data[end - 1] == b'\r' {
                end -= 1;
            }
            if (end - start) as u64 > limits.max_payload {
                // Too long: drop what was read and skip the rest of the line, never holding it.
                self.data.truncate(start);
                if !complete {
                    skip_line(reader).map_err(|e| (*line_no, e))?;
                }
                self.oversized.push(*line_no);
            } else if self.data[start..end].iter().all(u8::is_ascii_whitespace) {
                self.data.truncate(start);
            } else {
                self.spans.push((*line_no, start, end));
            }
            if self.data.len() >= LINE_BATCH_BYTES || self.spans.len() >= LINE_BATCH_LINES {
                return Ok(true);
            }
        }
    }

    /// Hands the results of this batch's lines to `sink` in line order, the oversized lines'
    /// errors in their places.
    fn hand_over<T>(
        &self,
        results: Vec<T>,
        limits: Limits,
        sink: &mut dyn FnMut(Option<usize>, Result<T, String>) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut big = self.oversized.iter().peekable();
        for (&(n, _, _), r) in self.spans.iter().zip(results) {
            while let Some(&&b) = big.peek().filter(|&&&b| b < n) {
                sink(Some(b), Err(too_large(limits)))?;
                big.next();
            }
            sink(Some(n), Ok(r))?;
        }
        for &b in big {
            sink(Some(b), Err(too_large(limits)))?;
        }
        Ok(())
    }
}

/// Reads and drops the rest of a line, a buffer at a time.
fn skip_line(reader: &mut impl BufRead) -> io::Result<()> {
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(());
        }
        match memchr::memchr(b'\n', buf) {
            Some(i) => {
                reader.consume(i + 1);
                return Ok(());
            }
            None => {
                let n = buf.len();
                reader.consume(n);
            }
        }
    }
}

/// Applies `f` to every payload of every input and hands each result to `sink` in input order, as
/// soon as it and every result before it are ready. Files are processed in parallel a batch at a
/// time, NDJSON lines a batch at a time: memory stays flat however large the input. A progress bar
/// is shown on stderr when it is a terminal and the run is long. An error from `sink` (standard
/// output closed) stops the run.
pub fn for_each<T: Send>(
    inputs: &[Input],
    limits: Limits,
    f: impl Fn(&Input, &[u8]) -> T + Sync,
    sink: &mut dyn FnMut(Item<'_, T>) -> io::Result<()>,
) -> io::Result<()> {
    let progress = Progress::start(inputs.len());
    let mut rest = inputs;
    let result = (|| {
        while let Some(first) = rest.first() {
            if first.is_ndjson() {
                first.stream(
                    limits,
                    &|bytes: &[u8]| f(first, bytes),
                    &mut |line, result| {
                        sink(Item {
                            name: &first.name,
                            line,
                            result,
                        })
                    },
                )?;
                progress.inc();
                rest = &rest[1..];
                continue;
            }
            let n = rest
                .iter()
                .take(FILE_BATCH)
                .take_while(|i| !i.is_ndjson())
                .count();
            let (batch, tail) = rest.split_at(n);
            let results: Vec<Result<T, String>> = batch
                .par_iter()
                .map(|input| {
                    let r = input.read(limits).map(|bytes| f(input, &bytes));
                    progress.inc();
                    r
                })
                .collect();
            for (input, result) in batch.iter().zip(results) {
                sink(Item {
                    name: &input.name,
                    line: None,
                    result,
                })?;
            }
            rest = tail;
        }
        Ok(())
    })();
    progress.finish();
    result
}

/// Applies `f` to every payload of every input, in parallel; the results come back in input order,
/// all together (for checks across inputs: trigger definition files).
#[cfg_attr(not(feature = "trigger-config"), allow(dead_code))]
pub fn process_all<T: Send>(
    inputs: &[Input],
    limits: Limits,
    f: impl Fn(&[u8]) -> T + Sync,
) -> Vec<Processed<T>> {
    let progress = Progress::start(inputs.len());
    let out = inputs
        .par_iter()
        .map(|input| {
            let items = input.process(limits, &f);
            progress.inc();
            Processed {
                name: input.name.clone(),
                items,
            }
        })
        .collect();
    progress.finish();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(bytes: &[u8], max: u64) -> Vec<(Option<usize>, Result<String, String>)> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.ndjson");
        fs::write(&path, bytes).unwrap();
        let input = Input {
            name: "in".to_owned(),
            source: Source::File {
                path,
                ndjson: true,
                special: None,
            },
        };
        let mut got = Vec::new();
        input
            .stream(
                Limits { max_payload: max },
                &|b: &[u8]| String::from_utf8(b.to_vec()).unwrap(),
                &mut |line, r| {
                    got.push((line, r));
                    Ok(())
                },
            )
            .unwrap();
        got
    }

    #[test]
    fn ndjson_lines_are_numbered_and_blank_lines_skipped() {
        let got = lines_of(b"{\"a\":1}\r\n\n  \n{\"b\":2}\n{\"c\":3}", 100);
        let want = [(1, "{\"a\":1}"), (4, "{\"b\":2}"), (5, "{\"c\":3}")];
        assert_eq!(got.len(), want.len());
        for ((line, r), (n, s)) in got.iter().zip(want) {
            assert_eq!((*line, r.as_deref()), (Some(n), Ok(s)));
        }
    }

    #[test]
    fn an_oversized_line_is_an_error_in_its_place() {
        let got = lines_of(b"{}\n0123456789abcdef\n{\"b\":2}\n", 8);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].0, Some(1));
        assert_eq!(got[1].0, Some(2));
        assert!(got[1]
            .1
            .as_ref()
            .unwrap_err()
            .contains("payload size limit of 8 bytes"));
        assert_eq!((got[2].0, got[2].1.as_deref()), (Some(3), Ok("{\"b\":2}")));
    }

    #[test]
    fn io_messages_drop_the_os_error_number() {
        let e = io::Error::from_raw_os_error(2);
        assert_eq!(io_message(&e), "No such file or directory");
    }
}
