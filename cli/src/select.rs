//! Input selection: `--exclude` globs and the configuration file (`fc-events.toml`), which maps
//! path globs to kinds and sets defaults.
//!
//! The file is found by looking in the working directory and then each folder above it, or given
//! with `--config-file`; `--no-config-file` ignores it. Flags win over the file: `--trigger` over
//! `[kinds]`, `--format` and `--max-size` over the file's values; `--exclude` adds to its `exclude`.
//!
//! ```toml
//! # fc-events.toml
//! exclude = ["**/*.expect.json", "drafts/"]
//! format = "text"          # text, json, github, sarif, junit
//! max-size = "16M"         # one payload; K, M, G suffixes (powers of 1024)
//!
//! [kinds]                  # files matching a glob are validated as that kind (first match wins)
//! "events/iot/**" = "iot"
//! ```
//!
//! Globs: `*` matches within one path segment, `**` across segments, `?` one character. A glob
//! without `/` matches a file or folder name anywhere; one with `/` matches the path from the
//! start (relative to the working directory for flags; to the file's own folder for the file). A
//! trailing `/` matches folders only.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Component, Path, PathBuf};

use fc_events::TriggerKind;
use serde::Deserialize;

use crate::output::CliError;

/// The configuration file's name.
pub const FILE_NAME: &str = "fc-events.toml";

/// One glob.
#[derive(Debug, Clone)]
pub struct Glob {
    text: String,
    /// Matched against the path (true) or against each name in it (false).
    anchored: bool,
    /// Matches folders only.
    dir_only: bool,
    /// The folder the glob is relative to (the config file's folder), as a normalised path.
    base: Option<Vec<String>>,
}

impl Glob {
    /// A glob from a flag (relative to the working directory).
    pub fn new(text: &str) -> Glob {
        Glob::with_base(text, None)
    }

    fn with_base(text: &str, base: Option<Vec<String>>) -> Glob {
        let dir_only = text.ends_with('/');
        let t = text.trim_end_matches('/');
        let t = t.strip_prefix("./").unwrap_or(t);
        Glob {
            anchored: t.contains('/'),
            text: t.to_owned(),
            dir_only,
            base,
        }
    }

    /// Whether `path` (a file, or a folder when `is_dir`) matches. A walk asks for every folder
    /// before entering it, so a glob without `/` needs to look at the last name only.
    pub fn matches(&self, path: &Path, is_dir: bool) -> bool {
        if self.dir_only && !is_dir {
            return false;
        }
        if !self.anchored {
            return path
                .file_name()
                .is_some_and(|n| glob_match(self.text.as_bytes(), n.to_string_lossy().as_bytes()));
        }
        let segments = absolute(path);
        let base = match &self.base {
            Some(b) => b.clone(),
            None => absolute(Path::new("")),
        };
        match strip(&segments, &base) {
            Some(rest) => glob_match(self.text.as_bytes(), rest.join("/").as_bytes()),
            None => false,
        }
    }
}

/// The segments of the absolute form of a path, `.` and `..` resolved lexically (links are not
/// followed: the path as the user sees it).
fn absolute(path: &Path) -> Vec<String> {
    static CWD: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    let cwd = CWD.get_or_init(|| std::env::current_dir().unwrap_or_default());
    let full = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    let mut out: Vec<String> = Vec::new();
    for c in full.components() {
        match c {
            Component::Normal(s) => out.push(s.to_string_lossy().into_owned()),
            Component::ParentDir => {
                out.pop();
            }
            _ => {}
        }
    }
    out
}

fn strip(segments: &[String], base: &[String]) -> Option<Vec<String>> {
    if segments.len() >= base.len() && segments[..base.len()] == *base {
        Some(segments[base.len()..].to_vec())
    } else {
        None
    }
}

/// Glob matching with `*` (not across `/`), `**` (across `/`; `**/` also matches nothing) and
/// `?`: dynamic programming over (pattern, text) positions, O(pattern × text), both short.
fn glob_match(p: &[u8], t: &[u8]) -> bool {
    // ok[j]: the pattern so far matches t[..j].
    let mut ok = vec![false; t.len() + 1];
    ok[0] = true;
    let mut i = 0;
    while i < p.len() {
        let mut next = vec![false; t.len() + 1];
        let step;
        if p[i] == b'*' && p.get(i + 1) == Some(&b'*') {
            // `**` matches any run; `**/` may also match nothing at all.
            let slash = p.get(i + 2) == Some(&b'/');
            step = if slash { 3 } else { 2 };
            let mut any = false;
            for j in 0..=t.len() {
                any |= ok[j];
                if slash {
                    // Either nothing, or any run ending in `/`.
                    next[j] = ok[j] || (j > 0 && t[j - 1] == b'/' && any_before(&ok, j));
                } else {
                    next[j] = any;
                }
            }
        } else if p[i] == b'*' {
            step = 1;
            let mut run = false;
            for j in 0..=t.len() {
                run = ok[j] || (run && j > 0 && t[j - 1] != b'/');
                next[j] = run;
            }
        } else {
            step = 1;
            for j in 1..=t.len() {
                let c = t[j - 1];
                next[j] = ok[j - 1] && (if p[i] == b'?' { c != b'/' } else { p[i] == c });
            }
        }
        ok = next;
        i += step;
    }
    ok[t.len()]
}

/// Whether the pattern matched some prefix shorter than `j`.
fn any_before(ok: &[bool], j: usize) -> bool {
    ok[..j].iter().any(|&b| b)
}

/// What to read and how: excludes and the kind for paths.
#[derive(Debug, Default)]
pub struct Selection {
    excludes: Vec<Glob>,
    kinds: Vec<(Glob, TriggerKind)>,
}

impl Selection {
    /// Whether a walked path is excluded.
    pub fn excludes(&self, path: &Path, is_dir: bool) -> bool {
        self.excludes.iter().any(|g| g.matches(path, is_dir))
    }

    /// The kind the configuration file gives this path, if any (first match).
    pub fn kind_of(&self, path: &Path) -> Option<TriggerKind> {
        self.kinds
            .iter()
            .find(|(g, _)| g.matches(path, false))
            .map(|(_, k)| *k)
    }
}

/// The configuration file's content.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FileConfig {
    /// Globs of paths a folder walk skips.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// The default output format of `validate`.
    pub format: Option<String>,
    /// The default cap on one payload.
    pub max_size: Option<String>,
    /// Glob → kind.
    #[serde(default)]
    pub kinds: BTreeMap<String, String>,
}

/// The loaded configuration: the selection and the defaults it sets.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The file read, if any.
    pub path: Option<PathBuf>,
    /// Excludes and kinds.
    pub selection: Selection,
    /// `format`.
    pub format: Option<String>,
    /// `max-size`, in bytes.
    pub max_size: Option<u64>,
}

/// Finds and reads the configuration file: `explicit`, or `fc-events.toml` in the working
/// directory or a folder above it; none when `disabled`.
pub fn load(explicit: Option<&Path>, disabled: bool) -> Result<Loaded, CliError> {
    if disabled {
        return Ok(Loaded::default());
    }
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => find_upwards(),
    };
    let Some(path) = path else {
        return Ok(Loaded::default());
    };
    let name = path.display().to_string();
    let text = fs::read_to_string(&path)
        .map_err(|e| CliError::at(&name, crate::inputs::io_message(&e)))?;
    let file: FileConfig = toml::from_str(&text)
        .map_err(|e| CliError::at(&name, crate::output::one_line(&e.to_string())))?;
    // Globs of the file are relative to its folder.
    let dir = path.parent().unwrap_or(Path::new(""));
    let base = absolute(dir);
    let glob = |t: &str| Glob::with_base(t, Some(base.clone()));
    let mut selection = Selection {
        excludes: file.exclude.iter().map(|t| glob(t)).collect(),
        kinds: Vec::new(),
    };
    for (pattern, kind) in &file.kinds {
        let kind = kind
            .parse::<TriggerKind>()
            .map_err(|e| CliError::at(&name, format!("[kinds] \"{pattern}\": {e}")))?;
        selection.kinds.push((glob(pattern), kind));
    }
    let max_size = match &file.max_size {
        Some(s) => Some(parse_size(s).map_err(|e| CliError::at(&name, format!("max-size: {e}")))?),
        None => None,
    };
    Ok(Loaded {
        path: Some(path),
        selection,
        format: file.format,
        max_size,
    })
}

fn find_upwards() -> Option<PathBuf> {
    let cwd = std::env::current_dir().ok()?;
    let mut dir: Option<&Path> = Some(&cwd);
    while let Some(d) = dir {
        let candidate = d.join(FILE_NAME);
        if candidate.is_file() {
            // Named relative to the working directory when it is in it.
            return Some(
                candidate
                    .strip_prefix(&cwd)
                    .map(Path::to_path_buf)
                    .unwrap_or(candidate),
            );
        }
        dir = d.parent();
    }
    None
}

impl Selection {
    /// Adds `--exclude` globs.
    pub fn add_excludes(&mut self, globs: &[String]) {
        self.excludes.extend(globs.iter().map(|g| Glob::new(g)));
    }
}

/// A size such as `16M`, `512K`, `1G` or `1048576` (bytes; suffixes are powers of 1024).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let (digits, unit) = match t.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => t.split_at(i),
        None => (t, ""),
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("expected a size such as 16M, found {s:?}"))?;
    let unit = match unit
        .trim()
        .to_ascii_uppercase()
        .trim_end_matches("IB")
        .trim_end_matches('B')
    {
        "" => 1,
        "K" => 1 << 10,
        "M" => 1 << 20,
        "G" => 1 << 30,
        _ => return Err(format!("expected a size such as 16M, found {s:?}")),
    };
    match n.checked_mul(unit) {
        Some(0) | None => Err(format!(
            "expected a size above 0 and below 16 EiB, found {s:?}"
        )),
        Some(v) => Ok(v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_match(b"*.json", b"a.json"));
        assert!(!glob_match(b"*.json", b"a/b.json"));
        assert!(glob_match(b"**/*.expect.json", b"x/y/z.expect.json"));
        assert!(glob_match(b"**/*.expect.json", b"z.expect.json"));
        assert!(glob_match(b"events/iot/**", b"events/iot/a/b.json"));
        assert!(!glob_match(b"events/iot/**", b"events/oss/a.json"));
        assert!(glob_match(b"a?c", b"abc"));
        assert!(!glob_match(b"a?c", b"a/c"));
    }

    #[test]
    fn unanchored_globs_match_any_name() {
        let g = Glob::new("*.expect.json");
        assert!(g.matches(Path::new("tests/fixtures/x.expect.json"), false));
        assert!(!g.matches(Path::new("tests/fixtures/x.json"), false));
        let d = Glob::new("drafts/");
        assert!(d.matches(Path::new("a/drafts"), true));
        assert!(!d.matches(Path::new("drafts"), false));
        let a = Glob::new("./events/iot/*.json");
        assert!(a.matches(Path::new("events/iot/a.json"), false));
        assert!(a.matches(Path::new("./events/iot/a.json"), false));
        assert!(!a.matches(Path::new("x/events/iot/a.json"), false));
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("16M"), Ok(16 << 20));
        assert_eq!(parse_size("512KiB"), Ok(512 << 10));
        assert_eq!(parse_size("100"), Ok(100));
        assert!(parse_size("0").is_err());
        assert!(parse_size("12X").is_err());
    }
}
