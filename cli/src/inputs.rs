//! Turning PATH arguments into payloads: files, directories walked recursively, standard input, and
//! NDJSON files split into one payload per line; processed in parallel, reported in input order.

use std::ffi::OsStr;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::output::CliError;
use crate::progress::Progress;

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
    },
    /// The path could not be read (missing, unreadable folder): reported as an I/O error.
    Broken(String),
}

/// The payloads of one input, or why it could not be read.
#[derive(Debug)]
pub struct Processed<T> {
    /// The input's name.
    pub name: String,
    /// `(line, result)` per payload (the line for NDJSON input only), or an I/O error message.
    pub items: Result<Vec<(Option<usize>, T)>, String>,
}

/// Expands PATH arguments as event payloads ([`PAYLOADS`]).
pub fn expand(paths: &[PathBuf], stdin_ndjson: bool) -> Result<Vec<Input>, CliError> {
    expand_as(paths, stdin_ndjson, PAYLOADS)
}

/// Expands PATH arguments, walking directories for what `walk` picks up. Only usage errors fail
/// here; unreadable paths become inputs that report their I/O error in order.
pub fn expand_as(
    paths: &[PathBuf],
    stdin_ndjson: bool,
    walk_as: Walk,
) -> Result<Vec<Input>, CliError> {
    if paths.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        return Err(CliError(
            "standard input (`-`) can be given only once".to_owned(),
        ));
    }
    let mut out = Vec::new();
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
            Ok(m) if m.is_dir() => walk(path, walk_as, &mut out),
            Ok(_) => out.push(Input {
                name,
                source: Source::File {
                    path: path.clone(),
                    ndjson: walk_as.is_ndjson(path),
                },
            }),
            Err(e) => out.push(Input {
                name,
                source: Source::Broken(io_message(&e)),
            }),
        }
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
    let mut inputs = expand(std::slice::from_ref(&path.to_path_buf()), stdin_ndjson)?;
    match (inputs.pop(), inputs.is_empty()) {
        (Some(input), true) => Ok(input),
        _ => Err(CliError::at(
            &path.display().to_string(),
            "give one payload file",
        )),
    }
}

fn walk(dir: &Path, walk_as: Walk, out: &mut Vec<Input>) {
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
    let mut paths = Vec::new();
    for entry in entries {
        match entry {
            Ok(e) => paths.push(e.path()),
            Err(e) => out.push(Input {
                name: dir.display().to_string(),
                source: Source::Broken(io_message(&e)),
            }),
        }
    }
    paths.sort();
    for path in paths {
        if path
            .file_name()
            .and_then(OsStr::to_str)
            .is_some_and(|n| n.starts_with('.'))
        {
            continue;
        }
        // Symbolic links to files are followed; links to folders are not (no cycles).
        let is_link = fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
        match fs::metadata(&path) {
            Ok(m) if m.is_dir() => {
                if !is_link {
                    walk(&path, walk_as, out);
                }
            }
            Ok(m) if m.is_file() && walk_as.picks(&path) => {
                out.push(Input {
                    name: path.display().to_string(),
                    source: Source::File {
                        ndjson: walk_as.is_ndjson(&path),
                        path,
                    },
                });
            }
            Ok(_) => {}
            // A dangling link with a picked extension is reported; other names are not ours.
            Err(e) if walk_as.picks(&path) => out.push(Input {
                name: path.display().to_string(),
                source: Source::Broken(io_message(&e)),
            }),
            Err(_) => {}
        }
    }
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

impl Input {
    /// The file this input reads (`None` for standard input and unreadable paths).
    #[cfg_attr(not(feature = "trigger-config"), allow(dead_code))]
    pub fn path(&self) -> Option<&Path> {
        match &self.source {
            Source::File { path, .. } => Some(path),
            _ => None,
        }
    }

    /// Reads the whole input.
    fn read(&self) -> Result<Vec<u8>, String> {
        match &self.source {
            Source::Stdin { .. } => {
                let mut buf = Vec::new();
                io::stdin()
                    .lock()
                    .read_to_end(&mut buf)
                    .map_err(|e| io_message(&e))?;
                Ok(buf)
            }
            Source::File { path, .. } => fs::read(path).map_err(|e| io_message(&e)),
            Source::Broken(message) => Err(message.clone()),
        }
    }

    /// Whether the input holds one event per line.
    pub fn is_ndjson(&self) -> bool {
        matches!(
            self.source,
            Source::Stdin { ndjson: true } | Source::File { ndjson: true, .. }
        )
    }

    /// Reads the input and applies `f` to each payload (each non-blank line of NDJSON input).
    pub fn process<T: Send>(
        &self,
        f: &(impl Fn(&[u8]) -> T + Sync),
    ) -> Result<Vec<(Option<usize>, T)>, String> {
        let bytes = self.read()?;
        if self.is_ndjson() {
            Ok(lines(&bytes)
                .par_iter()
                .map(|&(n, line)| (Some(n), f(line)))
                .collect())
        } else {
            Ok(vec![(None, f(&bytes))])
        }
    }
}

/// The non-blank lines of NDJSON input with their 1-based numbers (a trailing `\r` is dropped).
fn lines(bytes: &[u8]) -> Vec<(usize, &[u8])> {
    bytes
        .split(|&b| b == b'\n')
        .enumerate()
        .map(|(i, line)| (i + 1, line.strip_suffix(b"\r").unwrap_or(line)))
        .filter(|(_, line)| !line.iter().all(u8::is_ascii_whitespace))
        .collect()
}

/// Applies `f` to every payload of every input, in parallel; the results come back in input order.
/// A progress bar is shown on stderr when it is a terminal and the run is long.
pub fn process_all<T: Send>(inputs: &[Input], f: impl Fn(&[u8]) -> T + Sync) -> Vec<Processed<T>> {
    let progress = Progress::start(inputs.len());
    let out = inputs
        .par_iter()
        .map(|input| {
            let items = input.process(&f);
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

    #[test]
    fn ndjson_lines_are_numbered_and_blank_lines_skipped() {
        let got = lines(b"{\"a\":1}\r\n\n  \n{\"b\":2}\n{\"c\":3}");
        let got: Vec<(usize, &str)> = got
            .into_iter()
            .map(|(n, l)| (n, std::str::from_utf8(l).unwrap()))
            .collect();
        assert_eq!(got, [(1, "{\"a\":1}"), (4, "{\"b\":2}"), (5, "{\"c\":3}")]);
    }

    #[test]
    fn io_messages_drop_the_os_error_number() {
        let e = io::Error::from_raw_os_error(2);
        assert_eq!(io_message(&e), "No such file or directory");
    }
}
