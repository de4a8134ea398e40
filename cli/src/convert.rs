//! `fc-events convert`.

use std::fs;
use std::io::{self, Seek, Write};
use std::path::{Path, PathBuf};

use fc_events::validate::{code, Fault};
use fc_events::{Event, TriggerKind};

use crate::catalog;
use crate::encoding;
use crate::inputs::{self, Item, Limits};
use crate::output::{self, CliError, Status};

/// What `convert` was asked.
pub struct Options {
    /// Decode as this kind instead of detecting.
    pub trigger: Option<TriggerKind>,
    /// `--to cbor` (else JSON).
    pub cbor: bool,
    /// `--pretty`.
    pub pretty: bool,
    /// `-o OUT`.
    pub output: Option<PathBuf>,
    /// `--overwrite-input`: OUT may be the input file.
    pub overwrite_input: bool,
    /// `--ndjson`: standard input holds one event per line.
    pub stdin_ndjson: bool,
    /// The PATH argument.
    pub path: PathBuf,
    /// The cap on one payload.
    pub limits: Limits,
}

/// Why one payload was not converted.
enum Failure {
    /// It does not decode (or its kind cannot be told): `KIND: POINTER: MESSAGE`.
    Decode(String),
    /// A tool error (kind not compiled in, encoder failure).
    Tool(String),
}

/// Runs `convert`. Nothing is written unless every payload converts: the output goes to a
/// temporary file (beside OUT, renamed over it when complete; or a spool copied to standard
/// output), so memory stays flat and a failure never leaves a partial file.
pub fn run(opts: &Options) -> Result<Status, CliError> {
    if let Some(kind) = opts.trigger {
        catalog::require_compiled(kind)?;
    }
    if opts.pretty && opts.cbor {
        return Err(CliError("--pretty applies to JSON output only".to_owned()));
    }
    let input = inputs::single(&opts.path, opts.stdin_ndjson)?;
    if opts.pretty && input.is_ndjson() {
        return Err(CliError(
            "--pretty cannot be used with NDJSON input (the output is one document per line)"
                .to_owned(),
        ));
    }
    let out_path = opts.output.as_ref().filter(|p| p.as_os_str() != "-");
    if opts.cbor && out_path.is_none() {
        catalog::refuse_binary_to_terminal("the output")?;
    }
    if let (Some(out), Some(inp)) = (out_path, input.path()) {
        if !opts.overwrite_input && same_file(out, inp) {
            return Err(CliError::at(
                &out.display().to_string(),
                format!(
                    "is the input file {}: writing it would destroy the input (add \
                     --overwrite-input to replace it once the conversion is complete)",
                    inp.display()
                ),
            ));
        }
    }

    let mut status = Status::Ok;
    let mut fill = |w: &mut dyn Write| -> io::Result<()> {
        inputs::for_each(
            std::slice::from_ref(&input),
            opts.limits,
            |_: &inputs::Input, bytes: &[u8]| convert(opts, bytes),
            &mut |Item { name, line, result }: Item<'_, Result<Vec<u8>, Failure>>| {
                let place = output::place(name, line);
                match result {
                    Ok(Ok(bytes)) if status == Status::Ok => w.write_all(&bytes),
                    Ok(Ok(_)) => Ok(()),
                    Ok(Err(Failure::Decode(message))) => {
                        status = status.max(Status::Invalid);
                        crate::stderr!("{place}: {message}");
                        Ok(())
                    }
                    Ok(Err(Failure::Tool(message))) | Err(message) => {
                        status = status.max(Status::Error);
                        crate::stderr!("fc-events: error: {place}: {message}");
                        Ok(())
                    }
                }
            },
        )?;
        if status == Status::Ok {
            Ok(())
        } else {
            // Abandons the temporary file: nothing is written.
            Err(io::Error::other(Abandoned))
        }
    };
    let written = match out_path {
        Some(path) => output::write_file(path, &mut fill),
        None => spool_to_stdout(&mut fill),
    };
    match written {
        Ok(()) => Ok(Status::Ok),
        Err(_) if status != Status::Ok => Ok(status),
        Err(e) => Err(e),
    }
}

/// The marker error that abandons the output when a payload failed.
#[derive(Debug)]
struct Abandoned;

impl std::fmt::Display for Abandoned {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("conversion failed")
    }
}

impl std::error::Error for Abandoned {}

/// Writes through a temporary spool, copied to standard output only when `fill` succeeds.
fn spool_to_stdout(fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>) -> Result<(), CliError> {
    let fail = |e: io::Error| CliError(format!("cannot write the temporary output: {e}"));
    let mut spool = io::BufWriter::new(tempfile::tempfile().map_err(fail)?);
    fill(&mut spool)
        .and_then(|()| spool.flush())
        .map_err(fail)?;
    let mut file = spool.into_inner().map_err(|e| fail(e.into_error()))?;
    file.rewind().map_err(fail)?;
    output::stdout(|w| io::copy(&mut file, w).map(drop))
}

/// Whether two paths name the same file (through links, `..`, hard links).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (fs::metadata(a), fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}

fn convert(opts: &Options, raw: &[u8]) -> Result<Vec<u8>, Failure> {
    let bytes = encoding::prepare(raw)
        .map_err(|m| Failure::Decode(format!("unknown: (root): {m}")))?
        .bytes;
    // What `convert` itself wrote reads back (renderings that are not wire forms).
    let (bytes, trigger) = match crate::rendered::unwrap(opts.trigger, bytes) {
        Some((b, k)) => (b, k.or(opts.trigger)),
        None => (std::borrow::Cow::Borrowed(bytes), opts.trigger),
    };
    let decoded = match trigger {
        Some(kind) => Event::from_slice_as(kind, &bytes),
        None => Event::from_slice(&bytes),
    };
    let event = match decoded {
        Ok(event) => event,
        Err(e) => {
            if let Some(kind) = e.kind.filter(|&k| !catalog::is_compiled(k)) {
                if e.code == code::UNKNOWN_KIND {
                    return Err(Failure::Tool(catalog::not_compiled_message(kind)));
                }
            }
            let fault = Fault::from(&e);
            let mut message = output::one_line(&fault.message);
            if let Some((l, c)) = fault.decoder_place() {
                message.push_str(&format!(" (line {l}, column {c})"));
            }
            return Err(Failure::Decode(format!(
                "{}: {}: {message}",
                e.kind.map_or("unknown", TriggerKind::name),
                output::pointer(&fault.pointer),
            )));
        }
    };
    let encoded = if opts.cbor {
        event.to_cbor_vec()
    } else {
        event.to_json_vec()
    };
    let mut encoded = encoded.map_err(|e| Failure::Tool(format!("cannot encode: {e}")))?;
    if !opts.cbor {
        if opts.pretty {
            encoded = pretty(&encoded);
        }
        encoded.push(b'\n');
    }
    Ok(encoded)
}

/// Re-indents JSON text as written: member order, number spelling (`1e2`, `1E400`) and string
/// escapes are kept byte for byte; only whitespace between tokens changes (two-space indent, as
/// `serde_json`'s pretty printer writes). The input is the encoder's output, hence valid JSON.
fn pretty(compact: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let mut i = 0;
    let newline = |out: &mut Vec<u8>, depth: usize| {
        out.push(b'\n');
        out.resize(out.len() + 2 * depth, b' ');
    };
    while i < compact.len() {
        let b = compact[i];
        match b {
            b'"' => {
                let start = i;
                i += 1;
                while i < compact.len() && compact[i] != b'"' {
                    i += if compact[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(compact.len());
                out.extend_from_slice(&compact[start..i]);
                continue;
            }
            b'{' | b'[' => {
                let close = if b == b'{' { b'}' } else { b']' };
                let next = compact[i + 1..]
                    .iter()
                    .position(|c| !c.is_ascii_whitespace())
                    .map(|p| compact[i + 1 + p]);
                out.push(b);
                if next == Some(close) {
                    // An empty container stays `{}` / `[]`.
                    let p = compact[i + 1..]
                        .iter()
                        .position(|&c| c == close)
                        .unwrap_or(0);
                    out.push(close);
                    i += p + 2;
                    continue;
                }
                depth += 1;
                newline(&mut out, depth);
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(b);
            }
            b',' => {
                out.push(b',');
                newline(&mut out, depth);
            }
            b':' => out.extend_from_slice(b": "),
            b' ' | b'\t' | b'\n' | b'\r' => {}
            _ => out.push(b),
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::pretty;

    #[test]
    fn pretty_keeps_member_order() {
        let got = pretty(br#"{"z":1,"a":[true,null,1.5],"m":{"y":"x"}}"#);
        let want = "{\n  \"z\": 1,\n  \"a\": [\n    true,\n    null,\n    1.5\n  ],\n  \"m\": {\n    \"y\": \"x\"\n  }\n}";
        assert_eq!(String::from_utf8(got).unwrap(), want);
    }

    #[test]
    fn pretty_keeps_number_spelling_strings_and_empty_containers() {
        let got = pretty(br#"{"n":[1e2,1E400,-0.0],"s":"a,b:{\"[c]\"}\\","e":{},"f":[]}"#);
        let want = "{\n  \"n\": [\n    1e2,\n    1E400,\n    -0.0\n  ],\n  \"s\": \"a,b:{\\\"[c]\\\"}\\\\\",\n  \"e\": {},\n  \"f\": []\n}";
        assert_eq!(String::from_utf8(got).unwrap(), want);
    }
}
