//! `fc-events convert`.

use std::fs;
use std::path::PathBuf;

use fc_events::validate::{code, Fault};
use fc_events::{Event, TriggerKind};

use crate::catalog;
use crate::inputs;
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
    /// `--ndjson`: standard input holds one event per line.
    pub stdin_ndjson: bool,
    /// The PATH argument.
    pub path: PathBuf,
}

/// Why one payload was not converted.
enum Failure {
    /// It does not decode (or its kind cannot be told): `KIND: POINTER: MESSAGE`.
    Decode(String),
    /// A tool error (kind not compiled in, encoder failure).
    Tool(String),
}

/// Runs `convert`. Nothing is written unless every payload converts.
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
    let to_stdout = opts.output.as_ref().is_none_or(|p| p.as_os_str() == "-");
    if opts.cbor && to_stdout {
        catalog::refuse_binary_to_terminal("the output")?;
    }

    let items = input
        .process(&|bytes| convert(opts, bytes))
        .map_err(|message| CliError::at(&input.name, message))?;

    let mut status = Status::Ok;
    let mut out = Vec::new();
    for (line, item) in items {
        match item {
            Ok(bytes) => out.extend_from_slice(&bytes),
            Err(Failure::Decode(message)) => {
                status = status.max(Status::Invalid);
                eprintln!("{}: {message}", output::place(&input.name, line));
            }
            Err(Failure::Tool(message)) => {
                status = status.max(Status::Error);
                eprintln!(
                    "fc-events: error: {}: {message}",
                    output::place(&input.name, line)
                );
            }
        }
    }
    if status != Status::Ok {
        return Ok(status);
    }
    match &opts.output {
        Some(path) if path.as_os_str() != "-" => fs::write(path, &out)
            .map_err(|e| CliError::at(&path.display().to_string(), inputs::io_message(&e)))?,
        _ => output::stdout(|w| w.write_all(&out))?,
    }
    Ok(Status::Ok)
}

fn convert(opts: &Options, bytes: &[u8]) -> Result<Vec<u8>, Failure> {
    let decoded = match opts.trigger {
        Some(kind) => Event::from_slice_as(kind, bytes),
        None => Event::from_slice(bytes),
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
            return Err(Failure::Decode(format!(
                "{}: {}: {}",
                e.kind.map_or("unknown", TriggerKind::name),
                output::pointer(&fault.pointer),
                output::one_line(&fault.message)
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
            encoded = pretty(&encoded).map_err(|e| Failure::Tool(format!("cannot encode: {e}")))?;
        }
        encoded.push(b'\n');
    }
    Ok(encoded)
}

/// Re-indents JSON token by token, keeping member order and every number as written.
fn pretty(compact: &[u8]) -> Result<Vec<u8>, serde_json::Error> {
    let mut out = Vec::with_capacity(compact.len() * 2);
    let mut de = serde_json::Deserializer::from_slice(compact);
    serde_transcode::transcode(&mut de, &mut serde_json::Serializer::pretty(&mut out))?;
    de.end()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::pretty;

    #[test]
    fn pretty_keeps_member_order() {
        let got = pretty(br#"{"z":1,"a":[true,null,1.5],"m":{"y":"x"}}"#).unwrap();
        let want = "{\n  \"z\": 1,\n  \"a\": [\n    true,\n    null,\n    1.5\n  ],\n  \"m\": {\n    \"y\": \"x\"\n  }\n}";
        assert_eq!(String::from_utf8(got).unwrap(), want);
    }
}
