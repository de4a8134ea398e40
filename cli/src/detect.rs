//! `fc-events detect`.

use std::path::PathBuf;

use fc_events::TriggerKind;

use crate::inputs;
use crate::output::{self, CliError, Status};

/// Runs `detect`: `FILE[:LINE]: KIND` per payload, `unknown` (and the reason on stderr) when the
/// kind cannot be told.
pub fn run(paths: &[PathBuf], stdin_ndjson: bool) -> Result<Status, CliError> {
    let inputs = inputs::expand(paths, stdin_ndjson)?;
    let results = inputs::process_all(&inputs, |bytes| {
        fc_events::detect::detect(bytes).map_err(|e| output::one_line(&e.message))
    });
    let status = results
        .iter()
        .map(|r| match &r.items {
            Err(_) => Status::Error,
            Ok(items) if items.iter().any(|(_, k)| k.is_err()) => Status::Invalid,
            Ok(_) => Status::Ok,
        })
        .max()
        .unwrap_or(Status::Ok);
    output::stdout(|w| {
        for r in &results {
            match &r.items {
                Err(message) => {
                    w.flush()?;
                    eprintln!("fc-events: error: {}: {message}", r.name);
                }
                Ok(items) => {
                    for (line, kind) in items {
                        let place = output::place(&r.name, *line);
                        match kind {
                            Ok(kind) => writeln!(w, "{place}: {}", TriggerKind::name(*kind))?,
                            Err(why) => {
                                writeln!(w, "{place}: unknown")?;
                                w.flush()?;
                                eprintln!("fc-events: {place}: {why}");
                            }
                        }
                    }
                }
            }
        }
        Ok(())
    })?;
    Ok(status)
}
