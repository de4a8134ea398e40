//! Turning PATH arguments into payloads: files, directories walked recursively, standard input, and
//! NDJSON files split into one payload per line; processed in parallel, reported in input order.
//!
//! Memory does not grow with the input: files are processed a batch at a time and NDJSON is read
//! as a stream, a batch of lines at a time; each result is handed to the caller as soon as every
//! result before it has been, then dropped. One payload (a file, or one NDJSON line) is capped at
//! [`Limits::max_payload`] bytes.

use std::cell::Cell;
use std::collections::VecDeque;
use std::ffi::OsStr;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use rayon::prelude::*;

use crate::output::{self, CliError};
use crate::progress::Progress;
use crate::select::Selection;

/// The default cap on one payload: above every payload limit of FC (6 MB for a synchronous
/// invocation or an HTTP body), far below what would exhaust memory.
pub const DEFAULT_MAX_PAYLOAD: u64 = 16 * 1024 * 1024;

/// Bytes asked of a file by its first read: most payloads come whole in one `read`. A larger one
/// is read into a buffer doubled as it fills.
const FIRST_READ: usize = 64 * 1024;
/// A thread keeps its read buffer for the next input up to this size; a larger one (grown for a
/// large file) is freed after use.
const KEPT_READ_BUFFER: usize = 1024 * 1024;
/// Files read and processed together; bounds memory in folder walks.
const FILE_BATCH: usize = 64;
/// NDJSON bytes gathered before a batch of lines is processed; bounds memory in NDJSON input.
const LINE_BATCH_BYTES: usize = 2 * 1024 * 1024;
/// The bytes of the first batch of lines in the pipeline: small, so that the checks start at once.
/// Each batch after is four times larger, up to [`PIPELINE_BATCH_BYTES`].
const FIRST_LINE_BATCH_BYTES: usize = 64 * 1024;
/// NDJSON lines gathered before a batch is processed.
const LINE_BATCH_LINES: usize = 8192;
/// The bytes of a batch of lines in the pipeline (each checked by one thread): small enough that
/// the lines are still in the cache when they are checked after the read, and that the last
/// batches end close together on every thread.
const PIPELINE_BATCH_BYTES: usize = 256 * 1024;
/// Bytes asked of the input by one read: a batch ending on its line cap carries at most this much
/// (and one line) over to the next.
const READ_CHUNK: usize = 64 * 1024;

thread_local! {
    /// This thread's buffer for whole inputs, reused from input to input (taken while in use, so
    /// a nested use gets a fresh one).
    static READ_BUFFER: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

/// Reads `reader` until it ends into `buf` (reused: its contents are overwritten, its length is
/// its capacity in use), at most `max + 1` bytes. Returns how many bytes it holds, or `None` when
/// the input is larger than `max`. A read the OS interrupts is retried.
fn read_whole(
    reader: &mut impl Read,
    buf: &mut Vec<u8>,
    max: u64,
) -> Result<Option<usize>, String> {
    let limit = usize::try_from(max).unwrap_or(usize::MAX).saturating_add(1);
    let mut filled = 0usize;
    loop {
        let end = buf.len().min(limit);
        if filled == end {
            if end == limit {
                break;
            }
            let grow = buf.len().max(FIRST_READ).min(limit - end);
            buf.resize(end + grow, 0);
            continue;
        }
        match reader.read(&mut buf[filled..end]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(io_message(&e)),
        }
    }
    Ok((filled as u64 <= max).then_some(filled))
}

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
        has_extension(path, self.extensions)
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
    // Every path is `dir` joined with one name, so comparing the bytes is comparing the names,
    // the order `Path`'s component-wise comparison gives, without splitting each path into
    // components at every comparison.
    found.sort_unstable_by(|a, b| a.0.as_os_str().cmp(b.0.as_os_str()));
    for (path, file_type) in found {
        let name = path.to_string_lossy().into_owned();
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

/// Whether the path's extension is one of `extensions` (lower case), in any case; a path
/// without one matches `""`.
fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    let ext = path.extension().and_then(OsStr::to_str).unwrap_or("");
    extensions.iter().any(|e| ext.eq_ignore_ascii_case(e))
}

fn is_ndjson(path: &Path) -> bool {
    has_extension(path, &["ndjson", "jsonl"])
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

    /// Reads the whole input, at most `limits.max_payload` bytes, and applies `f` to its bytes.
    ///
    /// The bytes go into this thread's buffer, reused from input to input, read until the input
    /// says it has ended: for a small file that is `openat`, one `read` that returns it, one that
    /// returns 0, and `close`, with no `statx` to size a buffer and no buffer to allocate. The
    /// file is closed before `f` runs.
    fn with_bytes<T>(&self, limits: Limits, f: impl FnOnce(&[u8]) -> T) -> Result<T, String> {
        let mut buf = READ_BUFFER.take();
        let read = self
            .open()
            .and_then(|mut reader| read_whole(&mut reader, &mut buf, limits.max_payload));
        let result = match read {
            Ok(Some(n)) => Ok(f(&buf[..n])),
            Ok(None) => Err(too_large(limits)),
            Err(e) => Err(e),
        };
        if buf.len() <= KEPT_READ_BUFFER {
            READ_BUFFER.set(buf);
        }
        result
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
        self.stream(limits, f, &|_| false, &mut |line, result| {
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
    /// input at once, or NDJSON a batch of lines at a time. From a thread outside the pool, the
    /// batches are a pipeline: each thread of the pool reads the next batch and checks it, while
    /// this thread hands over the results of finished ones in order: the pool does not wait
    /// between batches for the reading or for the output, and no third thread competes with it for
    /// the cores. The first batch is small (the checks start at once) and each next one larger, up
    /// to [`PIPELINE_BATCH_BYTES`].
    ///
    /// A result `quiet` holds for is counted where it is made and not handed over (a valid payload
    /// whose report writes nothing): the count is returned.
    fn stream<T: Send>(
        &self,
        limits: Limits,
        f: &(impl Fn(&[u8]) -> T + Sync),
        quiet: &(impl Fn(&T) -> bool + Sync),
        sink: &mut dyn FnMut(Option<usize>, Result<T, String>) -> io::Result<()>,
    ) -> io::Result<usize> {
        if !self.is_ndjson() {
            return hand_over_one(self.with_bytes(limits, f), quiet, sink);
        }
        let reader = match self.open() {
            Ok(r) => r,
            Err(e) => return sink(None, Err(e)).map(|()| 0),
        };
        check_lines(&mut LineReader::new(reader, limits), limits, f, quiet, sink)
    }
}

/// Hands the result of a whole input to `sink`, or counts it when `quiet` holds for it: 1 when
/// counted.
fn hand_over_one<T>(
    result: Result<T, String>,
    quiet: &impl Fn(&T) -> bool,
    sink: &mut dyn FnMut(Option<usize>, Result<T, String>) -> io::Result<()>,
) -> io::Result<usize> {
    match result {
        Ok(t) if quiet(&t) => Ok(1),
        result => sink(None, result).map(|()| 0),
    }
}

/// Checks NDJSON lines as [`Input::stream`] tells: a pipeline from outside the pool, one batch at
/// a time from a pool thread (inputs processed in parallel), where waiting for a pipeline could
/// hold every thread of the pool.
fn check_lines<T: Send>(
    lines: &mut LineReader,
    limits: Limits,
    f: &(impl Fn(&[u8]) -> T + Sync),
    quiet: &(impl Fn(&T) -> bool + Sync),
    sink: &mut dyn FnMut(Option<usize>, Result<T, String>) -> io::Result<()>,
) -> io::Result<usize> {
    if rayon::current_thread_index().is_some() {
        one_batch_at_a_time(lines, limits, f, quiet, sink)
    } else {
        pipeline(lines, limits, f, quiet, sink)
    }
}

/// Reads a batch of lines, checks it on the pool and hands its results to `sink`, then the next:
/// for a caller on a pool thread.
fn one_batch_at_a_time<T: Send>(
    lines: &mut LineReader,
    limits: Limits,
    f: &(impl Fn(&[u8]) -> T + Sync),
    quiet: &(impl Fn(&T) -> bool + Sync),
    sink: &mut dyn FnMut(Option<usize>, Result<T, String>) -> io::Result<()>,
) -> io::Result<usize> {
    let mut batch = LineBatch::default();
    let mut counted = 0;
    loop {
        let read = lines.fill(&mut batch, LINE_BATCH_BYTES);
        let results = batch.check(f, quiet);
        counted += batch.hand_over(results, limits, sink)?;
        match read {
            Ok(true) => {}
            Ok(false) => return Ok(counted),
            Err((line, e)) => return sink(Some(line), Err(io_message(&e))).map(|()| counted),
        }
    }
}

/// A batch read and checked by a worker, back with its results (or the panic of a check), and, for
/// the last batch, how the input ended (`Some(None)` at its end, `Some(Some(..))` on a read error).
struct Checked<T> {
    batch: LineBatch,
    results: std::thread::Result<Results<T>>,
    end: Option<Option<(usize, io::Error)>>,
}

impl<T> Checked<T> {
    /// Whether the output has anything to do with this batch but count it: results to write, lines
    /// over the cap, the end of the input, a panic.
    fn has_output(&self) -> bool {
        self.end.is_some()
            || !self.batch.oversized.is_empty()
            || !self.results.as_ref().is_ok_and(|r| r.handed.is_empty())
    }
}

/// The input of the pipeline: one worker reads at a time. Kept apart from [`Feed`], so that a
/// read waiting for its input holds up no other worker's results nor the output.
struct Reading<'a> {
    lines: &'a mut LineReader,
    /// Batches read so far (the number of the next).
    read: usize,
    /// The size of the next batch.
    size: usize,
    /// The input has ended (or failed): nothing more is read.
    ended: bool,
}

/// The state the workers and the output share: batch buffers, counts, and the batches checked and
/// not yet taken by the output.
struct Feed<T> {
    /// Buffers of batches handed over, for the next reads.
    spare: Vec<LineBatch>,
    /// Batches a worker has taken room for (read, or about to be); batches taken by the output;
    /// batches handed over by it.
    reserved: usize,
    taken: usize,
    handed: usize,
    /// Checked batches not yet taken: index 0 is batch `taken` (`None` while it is checked).
    checked: VecDeque<Option<Checked<T>>>,
    /// The last batch has been read: no worker takes room for another.
    ended: bool,
    /// The output failed or a check panicked: the workers stop.
    stop: bool,
    /// Workers still running.
    workers: usize,
}

impl<T> Feed<T> {
    /// Whether the output should be woken: the next batches are checked, and one of them has
    /// something to write or the reading is far enough ahead that the workers will soon wait for
    /// room. Clean batches are left to gather: the output wakes once for several of them.
    fn worth_waking(&self, wake_at: usize) -> bool {
        let mut ready = self.checked.iter().map_while(Option::as_ref).peekable();
        ready.peek().is_some()
            && (self.reserved - self.handed >= wake_at
                || self.workers == 0
                || ready.any(Checked::has_output))
    }
}

/// The input, the feed, the condition the workers wait on when `in_flight` batches are read (or
/// being read) and not handed over, and the one the output waits on for checked batches.
struct Shared<'a, T> {
    reading: Mutex<Reading<'a>>,
    feed: Mutex<Feed<T>>,
    room: Condvar,
    ready: Condvar,
    in_flight: usize,
}

impl<'a, T> Shared<'a, T> {
    fn feed(&self) -> MutexGuard<'_, Feed<T>> {
        self.feed.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn reading(&self) -> MutexGuard<'_, Reading<'a>> {
        self.reading.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Tells the workers to stop (the output failed, a check or a worker panicked).
    fn stop(&self) {
        self.feed().stop = true;
        self.room.notify_all();
    }

    /// The output is woken when the batches read and not handed over reach this many.
    fn wake_at(&self) -> usize {
        self.in_flight / 2
    }
}

/// Batches read and not yet handed over, at most, for `workers` workers: one being checked by each,
/// and several more done, waiting for the output (which wakes for half of them at once) or for a
/// batch before them.
fn batches_in_flight(workers: usize) -> usize {
    4 * workers + 4
}

/// Reads and checks NDJSON lines a batch at a time on every thread of the pool and hands the
/// results to `sink` in line order on this thread, which only writes them and otherwise sleeps.
/// Each worker takes the next batch from the input (one reads at a time, straight into a reused
/// buffer), checks its lines in place and puts the results back; the reading of one batch
/// overlaps the checking of the others, and no thread beside the pool's competes for the cores.
/// This thread is woken for a batch with something to write, or once for several clean ones.
/// At most [`batches_in_flight`] batches are read and not yet handed over: memory is flat in the
/// size of the input. Called from a thread outside the pool: it waits for the pool's results.
fn pipeline<T: Send>(
    lines: &mut LineReader,
    limits: Limits,
    f: &(impl Fn(&[u8]) -> T + Sync),
    quiet: &(impl Fn(&T) -> bool + Sync),
    sink: &mut dyn FnMut(Option<usize>, Result<T, String>) -> io::Result<()>,
) -> io::Result<usize> {
    pipeline_with(rayon::current_num_threads(), lines, limits, f, quiet, sink)
}

/// [`pipeline`] with `workers` workers spawned on the pool (the pool's threads, but for tests).
fn pipeline_with<T: Send>(
    workers: usize,
    lines: &mut LineReader,
    limits: Limits,
    f: &(impl Fn(&[u8]) -> T + Sync),
    quiet: &(impl Fn(&T) -> bool + Sync),
    sink: &mut dyn FnMut(Option<usize>, Result<T, String>) -> io::Result<()>,
) -> io::Result<usize> {
    let workers = workers.max(1);
    let shared = Shared {
        reading: Mutex::new(Reading {
            lines,
            read: 0,
            size: FIRST_LINE_BATCH_BYTES,
            ended: false,
        }),
        feed: Mutex::new(Feed {
            spare: Vec::new(),
            reserved: 0,
            taken: 0,
            handed: 0,
            checked: VecDeque::new(),
            ended: false,
            stop: false,
            workers,
        }),
        room: Condvar::new(),
        ready: Condvar::new(),
        in_flight: batches_in_flight(workers),
    };
    let shared = &shared;
    rayon::in_place_scope(|scope| {
        for _ in 0..workers {
            scope.spawn(move |_| work(shared, f, quiet));
        }
        let output = hand_over_in_order(shared, limits, sink);
        if output.is_err() {
            shared.stop();
        }
        output
    })
}

/// One worker of [`pipeline`]: takes the next batch, checks it, puts it back, until the input
/// ends or the output stops.
fn work<T: Send>(
    shared: &Shared<'_, T>,
    f: &(impl Fn(&[u8]) -> T + Sync),
    quiet: &(impl Fn(&T) -> bool + Sync),
) {
    /// Counts the worker out when it returns; when it panics outside a check, stops the others
    /// (they would wait for it).
    struct Leave<'s, 'a, T>(&'s Shared<'a, T>);
    impl<T> Drop for Leave<'_, '_, T> {
        fn drop(&mut self) {
            let panicking = std::thread::panicking();
            let mut feed = self.0.feed();
            feed.workers -= 1;
            feed.stop |= panicking;
            drop(feed);
            self.0.room.notify_all();
            self.0.ready.notify_one();
        }
    }
    let _leave = Leave(shared);
    loop {
        // Room for one more batch, and a buffer for it.
        let mut batch = {
            let mut feed = shared.feed();
            while !feed.ended && !feed.stop && feed.reserved - feed.handed >= shared.in_flight {
                feed = shared
                    .room
                    .wait(feed)
                    .unwrap_or_else(PoisonError::into_inner);
            }
            if feed.ended || feed.stop {
                return;
            }
            feed.reserved += 1;
            feed.spare.pop().unwrap_or_default()
        };
        let (seq, read) = {
            let mut reading = shared.reading();
            if reading.ended {
                drop(reading);
                let mut feed = shared.feed();
                feed.reserved -= 1;
                feed.spare.push(batch);
                return;
            }
            let size = reading.size;
            let read = reading.lines.fill(&mut batch, size);
            reading.size = (size * 4).min(PIPELINE_BATCH_BYTES);
            reading.ended = !matches!(read, Ok(true));
            reading.read += 1;
            (reading.read - 1, read)
        };
        if !matches!(read, Ok(true)) {
            shared.feed().ended = true;
            shared.room.notify_all();
        }
        let results =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| batch.check_here(f, quiet)));
        let end = match read {
            Ok(true) => None,
            Ok(false) => Some(None),
            Err(e) => Some(Some(e)),
        };
        batch.shrink_if_grown();
        let mut feed = shared.feed();
        if feed.stop {
            return;
        }
        let i = seq - feed.taken;
        if feed.checked.len() <= i {
            feed.checked.resize_with(i + 1, || None);
        }
        feed.checked[i] = Some(Checked {
            batch,
            results,
            end,
        });
        if feed.worth_waking(shared.wake_at()) {
            drop(feed);
            shared.ready.notify_one();
        }
    }
}

/// The output side of [`pipeline`]: takes the checked batches in order as the workers put them
/// back, hands their results to `sink`, and their buffers back to the feed.
fn hand_over_in_order<T>(
    shared: &Shared<'_, T>,
    limits: Limits,
    sink: &mut dyn FnMut(Option<usize>, Result<T, String>) -> io::Result<()>,
) -> io::Result<usize> {
    let mut counted = 0usize;
    let mut taken = Vec::new();
    loop {
        {
            let mut feed = shared.feed();
            while feed.checked.front().is_none_or(Option::is_none) {
                if feed.workers == 0 {
                    // Every worker is gone without the last batch: one panicked, and the scope
                    // raises its panic.
                    return Ok(counted);
                }
                feed = shared
                    .ready
                    .wait(feed)
                    .unwrap_or_else(PoisonError::into_inner);
            }
            while let Some(Some(_)) = feed.checked.front() {
                taken.extend(feed.checked.pop_front().flatten());
                feed.taken += 1;
            }
        }
        let mut done = 0;
        let mut end = None;
        for Checked {
            batch,
            results,
            end: ended,
        } in taken.drain(..)
        {
            let results = match results {
                Ok(r) => r,
                Err(panic) => {
                    shared.stop();
                    std::panic::resume_unwind(panic)
                }
            };
            counted += batch.hand_over(results, limits, sink)?;
            let mut feed = shared.feed();
            feed.spare.push(batch);
            feed.handed += 1;
            drop(feed);
            done += 1;
            if ended.is_some() {
                end = ended;
            }
        }
        if done > 0 {
            shared.room.notify_all();
        }
        if let Some(end) = end {
            return match end {
                Some((line, e)) => sink(Some(line), Err(io_message(&e))).map(|()| counted),
                None => Ok(counted),
            };
        }
    }
}

/// NDJSON lines read together: the bytes, the span of each non-blank line, and the numbers of the
/// lines over the cap (dropped unread). The buffer is kept from batch to batch.
#[derive(Default)]
struct LineBatch {
    /// The buffer; `len` bytes of it are this batch's.
    buf: Vec<u8>,
    len: usize,
    /// (line number, start, end) of each non-blank line in `buf`.
    spans: Vec<(usize, usize, usize)>,
    oversized: Vec<usize>,
}

/// The results of a batch's lines: those to hand over, with their line numbers, in line order, and
/// how many were counted instead (`quiet`).
struct Results<T> {
    handed: Vec<(usize, T)>,
    quiet: usize,
}

impl LineBatch {
    /// Applies `f` to every line, in parallel.
    fn check<T: Send>(
        &self,
        f: &(impl Fn(&[u8]) -> T + Sync),
        quiet: &(impl Fn(&T) -> bool + Sync),
    ) -> Results<T> {
        let data = &self.buf[..self.len];
        let handed = self
            .spans
            .par_iter()
            .filter_map(|&(n, s, e)| Some(f(&data[s..e])).filter(|r| !quiet(r)).map(|r| (n, r)))
            .collect();
        self.results(handed)
    }

    /// Applies `f` to every line on this thread.
    fn check_here<T>(&self, f: &impl Fn(&[u8]) -> T, quiet: &impl Fn(&T) -> bool) -> Results<T> {
        let data = &self.buf[..self.len];
        let handed = self
            .spans
            .iter()
            .filter_map(|&(n, s, e)| Some(f(&data[s..e])).filter(|r| !quiet(r)).map(|r| (n, r)))
            .collect();
        self.results(handed)
    }

    /// The results of this batch's lines from those handed on: every other line was quiet.
    fn results<T>(&self, handed: Vec<(usize, T)>) -> Results<T> {
        Results {
            quiet: self.spans.len() - handed.len(),
            handed,
        }
    }

    /// Gives back the memory of a buffer grown for a long line, so that the buffers kept from
    /// batch to batch stay about one batch long.
    fn shrink_if_grown(&mut self) {
        if self.buf.len() > 2 * PIPELINE_BATCH_BYTES {
            self.buf = Vec::new();
        }
    }

    /// Hands the results of this batch's lines to `sink` in line order, the oversized lines'
    /// errors in their places; the number of quiet results, not handed over.
    fn hand_over<T>(
        &self,
        results: Results<T>,
        limits: Limits,
        sink: &mut dyn FnMut(Option<usize>, Result<T, String>) -> io::Result<()>,
    ) -> io::Result<usize> {
        let mut big = self.oversized.iter().peekable();
        for (n, r) in results.handed {
            while let Some(&&b) = big.peek().filter(|&&&b| b < n) {
                sink(Some(b), Err(too_large(limits)))?;
                big.next();
            }
            sink(Some(n), Ok(r))?;
        }
        for &b in big {
            sink(Some(b), Err(too_large(limits)))?;
        }
        Ok(results.quiet)
    }
}

/// Splits a stream into NDJSON lines, a batch at a time: reads straight into the batch's buffer
/// (no copy but the start of the line a batch ends in), numbers the lines, skips blank ones and
/// drops the ones over the cap without holding them.
struct LineReader {
    reader: Box<dyn Read + Send>,
    limits: Limits,
    /// Lines ended so far.
    line_no: usize,
    /// The start of a line begun at the end of the last batch.
    carry: Vec<u8>,
    /// The line being read is over the cap (already counted): its bytes are dropped up to its end.
    skipping: bool,
    eof: bool,
    /// Bytes copied from one batch to the next (for the complexity guard).
    #[cfg(test)]
    carried: usize,
}

impl LineReader {
    fn new(reader: Box<dyn Read + Send>, limits: Limits) -> Self {
        LineReader {
            reader,
            limits,
            line_no: 0,
            carry: Vec::new(),
            skipping: false,
            eof: false,
            #[cfg(test)]
            carried: 0,
        }
    }

    /// Fills `batch` (emptied first) with about `size` bytes of whole lines: `Ok(true)` when more
    /// may follow, `Ok(false)` at the end of the input. A read error is returned with its line
    /// number, after the lines read before it.
    fn fill(&mut self, batch: &mut LineBatch, size: usize) -> Result<bool, (usize, io::Error)> {
        batch.spans.clear();
        batch.oversized.clear();
        let mut limit = size.max(self.carry.len() + 1);
        if batch.buf.len() < limit {
            batch.buf.resize(limit, 0);
        }
        batch.buf[..self.carry.len()].copy_from_slice(&self.carry);
        batch.len = self.carry.len();
        #[cfg(test)]
        {
            self.carried += self.carry.len();
        }
        self.carry.clear();
        let max = self.limits.max_payload;
        // The start of the line being read, and how far it has been searched for its end.
        let (mut start, mut searched) = (0usize, 0usize);
        loop {
            while let Some(i) = memchr::memchr(b'\n', &batch.buf[searched..batch.len]) {
                let end = searched + i;
                self.end_line(batch, start, end);
                start = end + 1;
                searched = start;
                if batch.spans.len() >= LINE_BATCH_LINES {
                    self.carry.extend_from_slice(&batch.buf[start..batch.len]);
                    batch.len = start;
                    return Ok(true);
                }
            }
            searched = batch.len;
            if self.skipping {
                // Drop what was read of a line over the cap.
                batch.len = start;
                searched = start;
            } else if (batch.len - start) as u64 > max.saturating_add(1) {
                // Over the cap even if it ends in `\r\n`: counted now, dropped as it is read.
                self.line_no += 1;
                batch.oversized.push(self.line_no);
                self.skipping = true;
                batch.len = start;
                searched = start;
            }
            if self.eof {
                if batch.len > start {
                    self.end_line(batch, start, batch.len);
                }
                return Ok(false);
            }
            if batch.len == limit {
                if start > 0 {
                    // Full: the line begun goes to the next batch.
                    self.carry.extend_from_slice(&batch.buf[start..batch.len]);
                    batch.len = start;
                    return Ok(true);
                }
                // One line fills the buffer: it grows (up to the cap, checked above).
                limit *= 2;
                if batch.buf.len() < limit {
                    batch.buf.resize(limit, 0);
                }
            }
            let to = limit.min(batch.len + READ_CHUNK);
            match self.reader.read(&mut batch.buf[batch.len..to]) {
                Ok(0) => self.eof = true,
                Ok(n) => batch.len += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    batch.len = start;
                    return Err((self.line_no + 1, e));
                }
            }
        }
    }

    /// Ends the line at `buf[start..end]` (without its `\n`): a span, a line over the cap, or a
    /// blank line skipped; the end of a line over the cap already counted.
    fn end_line(&mut self, batch: &mut LineBatch, start: usize, mut end: usize) {
        if self.skipping {
            self.skipping = false;
            return;
        }
        self.line_no += 1;
        if end > start && batch.buf[end - 1] == b'\r' {
            end -= 1;
        }
        let line = &batch.buf[start..end];
        if line.len() as u64 > self.limits.max_payload {
            batch.oversized.push(self.line_no);
        } else if !line.iter().all(u8::is_ascii_whitespace) {
            batch.spans.push((self.line_no, start, end));
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
    for_each_counting(inputs, limits, f, |_| false, sink).map(|_| ())
}

/// [`for_each`], but a result `quiet` holds for (a valid payload whose report writes nothing) is
/// only counted, on the thread that made it, and not handed to `sink`: the number of such results
/// is returned. When every line of a large NDJSON file is valid, nothing is done per line on the
/// thread that writes the output.
pub fn for_each_counting<T: Send>(
    inputs: &[Input],
    limits: Limits,
    f: impl Fn(&Input, &[u8]) -> T + Sync,
    quiet: impl Fn(&T) -> bool + Sync,
    sink: &mut dyn FnMut(Item<'_, T>) -> io::Result<()>,
) -> io::Result<usize> {
    let progress = Progress::start(inputs.len());
    let mut rest = inputs;
    let mut counted = 0usize;
    let result = (|| {
        while let Some(first) = rest.first() {
            if first.is_ndjson() {
                counted += first.stream(
                    limits,
                    &|bytes: &[u8]| f(first, bytes),
                    &quiet,
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
                    let r = input.with_bytes(limits, |bytes| f(input, bytes));
                    progress.inc();
                    r
                })
                .collect();
            for (input, result) in batch.iter().zip(results) {
                counted += hand_over_one(result, &quiet, &mut |line, result| {
                    sink(Item {
                        name: &input.name,
                        line,
                        result,
                    })
                })?;
            }
            rest = tail;
        }
        Ok(counted)
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
                &text_of,
                &|_| false,
                &mut collecting(&mut got),
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

    /// A reader handing out its bytes in pieces of the sizes given in turn (then the rest in one
    /// read), and an error once they are out when `fail` is set.
    struct Pieces {
        bytes: Vec<u8>,
        at: usize,
        sizes: Vec<usize>,
        fail: bool,
    }

    impl Read for Pieces {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.at == self.bytes.len() {
                return if self.fail {
                    Err(io::Error::other("the disk is gone"))
                } else {
                    Ok(0)
                };
            }
            let size = match self.sizes.len() {
                0 => usize::MAX,
                n => self.sizes[self.at % n],
            };
            let n = size.min(buf.len()).min(self.bytes.len() - self.at);
            buf[..n].copy_from_slice(&self.bytes[self.at..self.at + n]);
            self.at += n;
            Ok(n)
        }
    }

    type Got = Vec<(Option<usize>, Result<String, String>)>;

    /// The check of the pipeline tests: the line's text.
    fn text_of(b: &[u8]) -> String {
        String::from_utf8(b.to_vec()).unwrap()
    }

    /// A sink that collects every result with its line number.
    fn collecting(
        got: &mut Got,
    ) -> impl FnMut(Option<usize>, Result<String, String>) -> io::Result<()> + '_ {
        |line, r| {
            got.push((line, r));
            Ok(())
        }
    }

    /// Streams `bytes` read in pieces of `sizes`, through the pipeline (from this thread) or one
    /// batch at a time (from a pool thread).
    fn streamed(bytes: &[u8], max: u64, sizes: &[usize], fail: bool, on_pool: bool) -> Got {
        let run = || {
            let reader = Pieces {
                bytes: bytes.to_vec(),
                at: 0,
                sizes: sizes.to_vec(),
                fail,
            };
            let limits = Limits { max_payload: max };
            let mut got = Vec::new();
            let mut lines = LineReader::new(Box::new(reader), limits);
            check_lines(
                &mut lines,
                limits,
                &text_of,
                &|_| false,
                &mut collecting(&mut got),
            )
            .unwrap();
            got
        };
        if on_pool {
            rayon::ThreadPoolBuilder::new()
                .num_threads(2)
                .build()
                .unwrap()
                .install(run)
        } else {
            run()
        }
    }

    /// What NDJSON splitting must give, written plainly: every line numbered, `\r` before `\n`
    /// dropped, blank lines skipped, lines over the cap an error in their place.
    fn expected(bytes: &[u8], max: u64) -> Got {
        let mut parts: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
        if parts.last().is_some_and(|p| p.is_empty()) {
            parts.pop();
        }
        let mut out = Vec::new();
        for (i, part) in parts.into_iter().enumerate() {
            let line = part.strip_suffix(b"\r").unwrap_or(part);
            if line.len() as u64 > max {
                out.push((Some(i + 1), Err(too_large(Limits { max_payload: max }))));
            } else if !line.iter().all(u8::is_ascii_whitespace) {
                out.push((Some(i + 1), Ok(String::from_utf8(line.to_vec()).unwrap())));
            }
        }
        out
    }

    /// Lines of every sort, from a fixed seed: payloads of many lengths (some over `max`, some
    /// just at it), blank and whitespace lines, `\r\n` endings, and no newline at the end.
    fn mixed_lines(seed: u64, total: usize, max: usize) -> Vec<u8> {
        let mut state = seed;
        let mut next = |n: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize % n
        };
        let mut out = Vec::new();
        let mut i = 0usize;
        while out.len() < total {
            i += 1;
            let len = match next(10) {
                0 => 0,
                1 => max + 1 + next(3 * max),
                2 => max,
                _ => 1 + next(max / 2),
            };
            match next(8) {
                0 => out.extend(std::iter::repeat_n(b' ', len % 4)),
                _ => {
                    let text = format!("{{\"n\":{i}}}");
                    for k in 0..len {
                        out.push(text.as_bytes()[k % text.len()]);
                    }
                }
            }
            if next(5) == 0 {
                out.push(b'\r');
            }
            out.push(b'\n');
        }
        if next(2) == 0 {
            out.extend_from_slice(b"{\"last\":true}");
        }
        out
    }

    #[test]
    fn many_batches_come_out_in_line_order() {
        // Over 2 MB: the small first batches and full ones, batches ended by the line cap, lines
        // over the cap and lines across batch ends; read whole, in pieces of odd sizes (a byte at
        // times), and in pieces larger than one read asks for.
        for (seed, max) in [(1, 40), (2, 300), (3, 5000)] {
            let bytes = mixed_lines(seed, 2_300_000, max);
            let want = expected(&bytes, max as u64);
            assert!(bytes.len() > LINE_BATCH_BYTES);
            assert!(max > 40 || want.len() > 2 * LINE_BATCH_LINES);
            assert!(want.iter().any(|(_, r)| r.is_err()));
            for sizes in [&[][..], &[1, 7, 4093, 65_536, 3], &[100_000]] {
                for on_pool in [false, true] {
                    let got = streamed(&bytes, max as u64, sizes, false, on_pool);
                    assert!(
                        got == want,
                        "seed {seed}, pieces {sizes:?}, on a pool thread {on_pool}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_line_longer_than_a_batch_is_read_whole_and_one_over_the_cap_skipped() {
        let long = "x".repeat(5 * FIRST_LINE_BATCH_BYTES);
        let text = format!("{{}}\n{long}\r\n{long}y\n{{\"b\":2}}\n{long}yz");
        let max = long.len() as u64 + 1;
        let got = streamed(text.as_bytes(), max, &[], false, false);
        assert_eq!(got, expected(text.as_bytes(), max));
        assert_eq!(got.len(), 5);
        assert!(got[4].1.is_err());
    }

    #[test]
    fn a_read_error_comes_after_the_lines_before_it_with_its_line_number() {
        let bytes = mixed_lines(4, 500_000, 200);
        let mut want = expected(&bytes, 200);
        let n = bytes.iter().filter(|&&b| b == b'\n').count();
        // The input ends inside line n + 1 (or just after line n), and the error is there.
        if !bytes.ends_with(b"\n") {
            want.pop_if(|(line, _)| *line == Some(n + 1));
        }
        want.push((Some(n + 1), Err("the disk is gone".to_owned())));
        for on_pool in [false, true] {
            assert_eq!(streamed(&bytes, 200, &[777], true, on_pool), want);
        }
    }

    #[test]
    fn output_that_fails_stops_the_pipeline() {
        let bytes = mixed_lines(5, 3_000_000, 100);
        let limits = Limits { max_payload: 100 };
        let reader = Pieces {
            bytes,
            at: 0,
            sizes: Vec::new(),
            fail: false,
        };
        let mut lines = LineReader::new(Box::new(reader), limits);
        let mut handed = 0usize;
        let result = pipeline(
            &mut lines,
            limits,
            &|b: &[u8]| b.len(),
            &|_| false,
            &mut |_, _| {
                handed += 1;
                if handed == 10_000 {
                    Err(io::Error::from(io::ErrorKind::BrokenPipe))
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(result.unwrap_err().kind(), io::ErrorKind::BrokenPipe);
        assert_eq!(handed, 10_000);
        assert!(
            !lines.eof,
            "the input is read no further than the batches in flight"
        );
    }

    /// 100,000 short lines, where batches end on the line cap rather than on their size: what is
    /// copied from batch to batch stays small (within twice the input, where carrying the rest
    /// of each full buffer would copy several times the input), and every line comes out.
    #[test]
    fn batches_ended_by_the_line_cap_copy_little() {
        let n = 100_000;
        let bytes = b"{}\n".repeat(n);
        let limits = Limits::default();
        let reader = Pieces {
            bytes: bytes.clone(),
            at: 0,
            sizes: Vec::new(),
            fail: false,
        };
        let mut lines = LineReader::new(Box::new(reader), limits);
        let mut count = 0usize;
        pipeline(
            &mut lines,
            limits,
            &|b: &[u8]| b == b"{}",
            &|_| false,
            &mut |line, r| {
                count += 1;
                assert_eq!((line, r.ok()), (Some(count), Some(true)));
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(count, n);
        // A batch carries over at most one read (`READ_CHUNK`), and takes in 8,192 lines.
        let batches = n.div_ceil(LINE_BATCH_LINES);
        assert!(
            lines.carried <= batches * READ_CHUNK && lines.carried <= 2 * bytes.len(),
            "{} bytes carried for {} bytes",
            lines.carried,
            bytes.len()
        );
    }

    /// Every input's name and what reading it gave (its bytes as text, or the error), through
    /// [`for_each`] on a pool of two threads.
    fn read_all(inputs: &[Input], max: u64) -> Vec<(String, Result<String, String>)> {
        let mut got = Vec::new();
        rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap()
            .install(|| {
                for_each(
                    inputs,
                    Limits { max_payload: max },
                    |_, b| String::from_utf8_lossy(b).into_owned(),
                    &mut |item| {
                        got.push((item.name.to_owned(), item.result));
                        Ok(())
                    },
                )
            })
            .unwrap();
        got
    }

    fn expand_dir(dir: &Path) -> Vec<Input> {
        expand(&[dir.to_path_buf()], false, &Selection::default()).unwrap()
    }

    /// Reads through a buffer reused with stale bytes longer than the input: each read gives
    /// exactly the input's bytes, in pieces of every size, and a read the OS interrupts is
    /// retried.
    #[test]
    fn whole_reads_give_exactly_the_input_whatever_the_pieces() {
        struct Interrupting(Pieces, bool);
        impl Read for Interrupting {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                self.1 = !self.1;
                if self.1 {
                    return Err(io::ErrorKind::Interrupted.into());
                }
                self.0.read(buf)
            }
        }
        let mut buf = vec![b'#'; 3 * FIRST_READ];
        for len in [
            0,
            1,
            837,
            FIRST_READ - 1,
            FIRST_READ,
            FIRST_READ + 1,
            5 * FIRST_READ + 3,
        ] {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
            for sizes in [vec![], vec![1], vec![1000, 3], vec![FIRST_READ]] {
                let pieces = Pieces {
                    bytes: bytes.clone(),
                    at: 0,
                    sizes: sizes.clone(),
                    fail: false,
                };
                let mut reader = Interrupting(pieces, false);
                let n = read_whole(&mut reader, &mut buf, 1 << 30).unwrap();
                assert_eq!(n, Some(len), "{len} bytes in pieces of {sizes:?}");
                assert!(
                    buf[..len] == bytes[..],
                    "{len} bytes in pieces of {sizes:?}"
                );
            }
        }
        // The cap: `max` bytes are read, `max + 1` are too many, and no more than that is read.
        for (len, max, want) in [(100, 100, Some(100)), (101, 100, None), (10_000, 100, None)] {
            let mut reader = Pieces {
                bytes: vec![b'x'; len],
                at: 0,
                sizes: vec![7],
                fail: false,
            };
            let mut buf = Vec::new();
            assert_eq!(read_whole(&mut reader, &mut buf, max).unwrap(), want);
            assert!(
                reader.at <= 101,
                "read {} bytes for a cap of 100",
                reader.at
            );
        }
        let mut failing = Pieces {
            bytes: b"{}".to_vec(),
            at: 0,
            sizes: vec![],
            fail: true,
        };
        assert_eq!(
            read_whole(&mut failing, &mut Vec::new(), 100),
            Err("the disk is gone".to_owned())
        );
    }

    /// Files of every size through the reused buffers (small after large and large after small),
    /// one at the cap and one over it, one that vanished after the walk found it and one replaced
    /// by a folder: each gives its own bytes or an error for it, in order.
    #[test]
    fn files_read_through_reused_buffers_keep_their_bytes_and_errors() {
        let dir = tempfile::tempdir().unwrap();
        let big = 3 * KEPT_READ_BUFFER + 5;
        let sizes = [10, big, 3, FIRST_READ + 1, 0, 200, 201, 7];
        let text = |i: usize, n: usize| -> String {
            (0..n)
                .map(|j| char::from(b'a' + ((i + j) % 26) as u8))
                .collect()
        };
        for (i, n) in sizes.iter().enumerate() {
            fs::write(dir.path().join(format!("f{i}.json")), text(i, *n)).unwrap();
        }
        fs::write(dir.path().join("gone.json"), "{}").unwrap();
        fs::write(dir.path().join("now-a-folder.json"), "{}").unwrap();
        let inputs = expand_dir(dir.path());
        fs::remove_file(dir.path().join("gone.json")).unwrap();
        fs::remove_file(dir.path().join("now-a-folder.json")).unwrap();
        fs::create_dir(dir.path().join("now-a-folder.json")).unwrap();
        // A cap between 200 and 201 bytes, and one above everything.
        for max in [200, big as u64] {
            let got = read_all(&inputs, max);
            let mut want = Vec::new();
            for (i, n) in sizes.iter().enumerate() {
                let name = dir.path().join(format!("f{i}.json")).display().to_string();
                let result = if *n as u64 > max {
                    Err(too_large(Limits { max_payload: max }))
                } else {
                    Ok(text(i, *n))
                };
                want.push((name, result));
            }
            let at = |n: &str| dir.path().join(n).display().to_string();
            want.push((at("gone.json"), Err("No such file or directory".to_owned())));
            want.push((at("now-a-folder.json"), Err("Is a directory".to_owned())));
            assert_eq!(got.len(), want.len());
            for (g, w) in got.iter().zip(&want) {
                assert!(g == w, "got {:?}, want {:?}", g.0, w.0);
            }
        }
        // A buffer grown for a large file is not kept; a small one is.
        let one = |name: &str| Input {
            name: name.to_owned(),
            source: Source::File {
                path: dir.path().join(name),
                ndjson: false,
                special: None,
            },
        };
        let limits = Limits::default();
        assert_eq!(one("f1.json").with_bytes(limits, <[u8]>::len), Ok(big));
        assert_eq!(READ_BUFFER.take().capacity(), 0);
        assert_eq!(one("f0.json").with_bytes(limits, <[u8]>::len), Ok(10));
        assert_eq!(READ_BUFFER.take().len(), FIRST_READ);
    }

    /// The walk's order is `Path`'s order of the paths found, whatever the names: punctuation
    /// that sorts before and after `.` and `/`, case, digits, folders, non-ASCII and (on Unix)
    /// names that are not UTF-8, named as `Path::display` shows them.
    #[test]
    fn walks_sort_as_paths_do_and_name_files_as_paths_display() {
        let dir = tempfile::tempdir().unwrap();
        let mut names: Vec<std::ffi::OsString> = [
            "a.json", "a-b.json", "a0.json", "A.json", "a.JSON", "a b.json", "a+.json", "é.json",
            "ab.json", "a~.json", "z.txt", "_.json",
        ]
        .iter()
        .map(Into::into)
        .collect();
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStringExt;
            names.push(std::ffi::OsString::from_vec(b"\xff\xfeodd.json".to_vec()));
            names.push(std::ffi::OsString::from_vec(b"a\x80.json".to_vec()));
        }
        for name in &names {
            fs::write(dir.path().join(name), "{}").unwrap();
        }
        fs::create_dir(dir.path().join("a")).unwrap();
        fs::write(dir.path().join("a").join("in.json"), "{}").unwrap();
        let mut want: Vec<PathBuf> = names.iter().map(|n| dir.path().join(n)).collect();
        want.push(dir.path().join("a").join("in.json"));
        want.sort();
        let got: Vec<String> = expand_dir(dir.path()).into_iter().map(|i| i.name).collect();
        let want: Vec<String> = want.iter().map(|p| p.display().to_string()).collect();
        assert_eq!(got, want);
    }

    /// Links in a walk: a link to a file is read as the file, a link to a folder is skipped (no
    /// cycles), a dangling link is an error naming it.
    #[cfg(unix)]
    #[test]
    fn walks_follow_links_to_files_only() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let target = tempfile::tempdir().unwrap();
        fs::write(target.path().join("t.json"), "[1]").unwrap();
        symlink(target.path().join("t.json"), dir.path().join("b-file.json")).unwrap();
        symlink(target.path(), dir.path().join("c-folder")).unwrap();
        symlink(
            dir.path().join("none.json"),
            dir.path().join("d-dangling.json"),
        )
        .unwrap();
        let got = read_all(&expand_dir(dir.path()), 100);
        let at = |n: &str| dir.path().join(n).display().to_string();
        assert_eq!(
            got,
            [
                (at("b-file.json"), Ok("[1]".to_owned())),
                (
                    at("d-dangling.json"),
                    Err("No such file or directory".to_owned())
                ),
            ]
        );
    }

    /// Streams `bytes` through the pipeline with `workers` workers.
    fn piped(bytes: &[u8], max: u64, sizes: &[usize], fail: bool, workers: usize) -> Got {
        let reader = Pieces {
            bytes: bytes.to_vec(),
            at: 0,
            sizes: sizes.to_vec(),
            fail,
        };
        let limits = Limits { max_payload: max };
        let mut lines = LineReader::new(Box::new(reader), limits);
        let mut got = Vec::new();
        pipeline_with(
            workers,
            &mut lines,
            limits,
            &text_of,
            &|_| false,
            &mut collecting(&mut got),
        )
        .unwrap();
        got
    }

    #[test]
    fn any_number_of_workers_keeps_line_order() {
        // One worker reads and checks in turn; more workers than the pool has threads wait their
        // turn. A read error still comes last, after every line before it.
        let bytes = mixed_lines(6, 1_500_000, 300);
        let want = expected(&bytes, 300);
        let n = bytes.iter().filter(|&&b| b == b'\n').count();
        let mut failing = want.clone();
        if !bytes.ends_with(b"\n") {
            failing.pop_if(|(line, _)| *line == Some(n + 1));
        }
        failing.push((Some(n + 1), Err("the disk is gone".to_owned())));
        for workers in [1, 3, 5] {
            for sizes in [&[][..], &[1, 4093, 65_536]] {
                assert!(
                    piped(&bytes, 300, sizes, false, workers) == want,
                    "{workers} workers, pieces {sizes:?}"
                );
            }
            assert!(
                piped(&bytes, 300, &[777], true, workers) == failing,
                "{workers} workers, a read error"
            );
        }
    }

    #[test]
    fn a_check_that_panics_stops_the_pipeline_and_its_panic_is_raised() {
        let bytes = mixed_lines(7, 3_000_000, 100);
        let limits = Limits { max_payload: 100 };
        for workers in [1, 2, 4] {
            let reader = Pieces {
                bytes: bytes.clone(),
                at: 0,
                sizes: Vec::new(),
                fail: false,
            };
            let mut lines = LineReader::new(Box::new(reader), limits);
            let mut last = 0usize;
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                pipeline_with(
                    workers,
                    &mut lines,
                    limits,
                    &|b: &[u8]| {
                        assert!(!b.starts_with(b"{\"n\":4000}"), "line 4000 is bad");
                    },
                    &|()| false,
                    &mut |line, _| {
                        let line = line.unwrap();
                        assert!(line > last && line < 4000, "line {line} after {last}");
                        last = line;
                        Ok(())
                    },
                )
            }));
            let panic = outcome.expect_err("the check's panic is raised");
            let message = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied());
            assert_eq!(message, Some("line 4000 is bad"), "{workers} workers");
            assert!(
                !lines.eof,
                "{workers} workers: the input is read no further"
            );
        }
    }

    /// A reader that counts the bytes it has handed out.
    struct Counted(Pieces, std::sync::Arc<std::sync::atomic::AtomicUsize>);

    impl Read for Counted {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.0.read(buf)?;
            self.1.fetch_add(n, std::sync::atomic::Ordering::SeqCst);
            Ok(n)
        }
    }

    #[test]
    fn the_reading_stays_within_the_batches_in_flight_of_the_output() {
        // An output slower than the checks: the workers may read ahead of the line being written
        // by the batches in flight only (and a read carried over), never the rest of the input.
        let bytes = mixed_lines(8, 14_000_000, 100);
        let mut ends = vec![0usize];
        ends.extend(
            bytes
                .iter()
                .enumerate()
                .filter(|&(_, &b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        let read = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let reader = Counted(
            Pieces {
                bytes: bytes.clone(),
                at: 0,
                sizes: Vec::new(),
                fail: false,
            },
            read.clone(),
        );
        let limits = Limits { max_payload: 100 };
        let mut lines = LineReader::new(Box::new(reader), limits);
        let workers = 2;
        let ahead = batches_in_flight(workers) * PIPELINE_BATCH_BYTES + READ_CHUNK;
        assert!(bytes.len() > 4 * ahead);
        let (mut count, mut most) = (0usize, 0usize);
        pipeline_with(
            workers,
            &mut lines,
            limits,
            &|_: &[u8]| (),
            &|()| false,
            &mut |line, _| {
                count += 1;
                if count % 4000 == 0 {
                    std::thread::sleep(std::time::Duration::from_millis(2));
                }
                // Line `n` starts where line `n - 1` ends.
                let start = ends[line.unwrap() - 1];
                let beyond = read.load(std::sync::atomic::Ordering::SeqCst) - start;
                most = most.max(beyond);
                assert!(beyond <= ahead, "{beyond} bytes read beyond line {line:?}");
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(count, expected(&bytes, 100).len());
        // The workers did run ahead while the output slept.
        assert!(most > ahead / 2, "at most {most} bytes ahead");
    }

    #[test]
    fn a_buffer_grown_for_a_long_line_is_not_kept() {
        let mut grown = LineBatch {
            buf: vec![0; 2 * PIPELINE_BATCH_BYTES + 1],
            ..LineBatch::default()
        };
        grown.shrink_if_grown();
        assert_eq!(grown.buf.capacity(), 0);
        let mut usual = LineBatch {
            buf: vec![0; PIPELINE_BATCH_BYTES],
            ..LineBatch::default()
        };
        usual.shrink_if_grown();
        assert_eq!(usual.buf.len(), PIPELINE_BATCH_BYTES);
    }

    #[test]
    fn quiet_results_are_counted_in_place_of_being_handed_over() {
        // The lines whose length is a multiple of 3 are quiet: the rest, the lines over the cap
        // and the read error come out in order, and the count is of the quiet ones only.
        let bytes = mixed_lines(9, 2_500_000, 300);
        let all = expected(&bytes, 300);
        let is_quiet = |s: &String| s.len() % 3 == 0;
        let want: Got = all
            .iter()
            .filter(|(_, r)| !r.as_ref().is_ok_and(is_quiet))
            .cloned()
            .collect();
        let quiet = all.len() - want.len();
        assert!(quiet > 1000 && want.len() > 1000);
        let limits = Limits { max_payload: 300 };
        let f = |b: &[u8]| String::from_utf8(b.to_vec()).unwrap();
        let run = |workers: Option<usize>| {
            let reader = Pieces {
                bytes: bytes.clone(),
                at: 0,
                sizes: vec![4093],
                fail: false,
            };
            let mut lines = LineReader::new(Box::new(reader), limits);
            let mut got = Vec::new();
            let mut sink = |line, r| {
                got.push((line, r));
                Ok(())
            };
            let counted = match workers {
                Some(w) => pipeline_with(w, &mut lines, limits, &f, &is_quiet, &mut sink),
                None => rayon::ThreadPoolBuilder::new()
                    .num_threads(2)
                    .build()
                    .unwrap()
                    .install(|| one_batch_at_a_time(&mut lines, limits, &f, &is_quiet, &mut sink)),
            }
            .unwrap();
            (counted, got)
        };
        for workers in [Some(1), Some(2), Some(3), None] {
            let (counted, got) = run(workers);
            assert_eq!(counted, quiet, "{workers:?} workers");
            assert!(got == want, "{workers:?} workers");
        }
    }

    #[test]
    fn quiet_files_and_lines_are_counted_across_inputs() {
        let dir = tempfile::tempdir().unwrap();
        let file = |name: &str, bytes: &[u8], ndjson: bool| {
            let path = dir.path().join(name);
            fs::write(&path, bytes).unwrap();
            Input {
                name: name.to_owned(),
                source: Source::File {
                    path,
                    ndjson,
                    special: None,
                },
            }
        };
        let inputs = [
            file("a.json", b"{}", false),
            file("b.json", b"{\"x\":1}", false),
            file("c.ndjson", b"{}\n{\"y\":2}\n\n{}\r\n", true),
            file("d.json", b"{}", false),
            Input {
                name: "gone.json".to_owned(),
                source: Source::Broken("No such file or directory".to_owned()),
            },
        ];
        let mut got = Vec::new();
        let counted = for_each_counting(
            &inputs,
            Limits::default(),
            |_, b: &[u8]| b.to_vec(),
            |b: &Vec<u8>| b == b"{}",
            &mut |item| {
                got.push((item.name.to_owned(), item.line, item.result));
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(counted, 4);
        assert_eq!(
            got,
            [
                ("b.json".to_owned(), None, Ok(b"{\"x\":1}".to_vec())),
                ("c.ndjson".to_owned(), Some(2), Ok(b"{\"y\":2}".to_vec())),
                (
                    "gone.json".to_owned(),
                    None,
                    Err("No such file or directory".to_owned())
                ),
            ]
        );
    }

    /// A reader that hands out `first`, then waits for the output to open it (10 s at most) before
    /// handing out `rest`.
    struct Gate {
        first: Vec<u8>,
        rest: Vec<u8>,
        at: usize,
        open: std::sync::mpsc::Receiver<()>,
        opened: bool,
    }

    impl Read for Gate {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.at == self.first.len() && !self.opened {
                self.open
                    .recv_timeout(std::time::Duration::from_secs(10))
                    .map_err(|_| io::Error::other("the output never came"))?;
                self.opened = true;
            }
            let from = if self.opened {
                &self.rest[self.at - self.first.len()..]
            } else {
                &self.first[self.at..]
            };
            let n = from.len().min(buf.len());
            buf[..n].copy_from_slice(&from[..n]);
            self.at += n;
            Ok(n)
        }
    }

    #[test]
    fn a_result_to_write_wakes_the_output_while_clean_batches_gather() {
        // The first batch holds a line to write and clean ones; the input then waits until that
        // line is written. The output must not wait for more clean batches to gather first.
        let clean = b"{}\n".repeat(70_000 / 3);
        let first = [&b"bad\n"[..], &clean].concat();
        let rest = b"{}\n".repeat(200_000 / 3);
        assert!(first.len() > FIRST_LINE_BATCH_BYTES);
        let lines = 1 + (clean.len() + rest.len()) / 3;
        for workers in [1, 2] {
            let (open, gate) = std::sync::mpsc::channel();
            let reader = Gate {
                first: first.clone(),
                rest: rest.clone(),
                at: 0,
                open: gate,
                opened: false,
            };
            let limits = Limits::default();
            let mut lines_in = LineReader::new(Box::new(reader), limits);
            let mut got = Vec::new();
            let counted = pipeline_with(
                workers,
                &mut lines_in,
                limits,
                &|b: &[u8]| b.to_vec(),
                &|b: &Vec<u8>| b == b"{}",
                &mut |line, r| {
                    if got.is_empty() {
                        open.send(()).unwrap();
                    }
                    got.push((line, r));
                    Ok(())
                },
            )
            .unwrap();
            assert_eq!(got, [(Some(1), Ok(b"bad".to_vec()))], "{workers} workers");
            assert_eq!(counted, lines - 1);
        }
    }

    #[test]
    fn io_messages_drop_the_os_error_number() {
        let e = io::Error::from_raw_os_error(2);
        assert_eq!(io_message(&e), "No such file or directory");
    }
}
