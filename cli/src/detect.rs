//! `fc-events detect`.

use std::path::PathBuf;

use fc_events::TriggerKind;

use crate::encoding::{self, BOM_NOTE};
use crate::inputs::{self, Item, Limits};
use crate::output::{self, CliError, Status};
use crate::select::Selection;

/// Runs `detect`: `FILE[:LINE]: KIND` per payload, `unknown` (and the reason on stderr) when the
/// kind cannot be told. Results are written as they come, in input order.
pub fn run(
    paths: &[PathBuf],
    stdin_ndjson: bool,
    selection: &Selection,
    limits: Limits,
) -> Result<Status, CliError> {
    let inputs = inputs::expand(paths, stdin_ndjson, selection)?;
    let mut status = None::<Status>;
    let mut seen = 0usize;
    output::stdout(|w| {
        inputs::for_each(
            &inputs,
            limits,
            |_, bytes| {
                let prepared = encoding::prepare(bytes)?;
                if let Some((b, kind)) = crate::rendered::unwrap(None, prepared.bytes) {
                    return match kind {
                        Some(k) => Ok((k, prepared.bom)),
                        None => fc_events::detect::detect(&b)
                            .map(|k| (k, prepared.bom))
                            .map_err(|e| output::one_line(&e.message)),
                    };
                }
                fc_events::detect::detect(prepared.bytes)
                    .map(|k| (k, prepared.bom))
                    .map_err(|e| output::one_line(&e.message))
            },
            &mut |Item { name, line, result }| {
                let place = output::place(name, line);
                match result {
                    Err(message) => {
                        status = status.max(Some(Status::Error));
                        w.flush()?;
                        crate::stderr!("fc-events: error: {place}: {message}");
                    }
                    Ok(Ok((kind, bom))) => {
                        seen += 1;
                        status = status.max(Some(Status::Ok));
                        if bom {
                            output::note(&format!("{place}: {BOM_NOTE}"));
                        }
                        writeln!(w, "{place}: {}", TriggerKind::name(kind))?;
                    }
                    Ok(Err(why)) => {
                        seen += 1;
                        status = status.max(Some(Status::Invalid));
                        writeln!(w, "{place}: unknown")?;
                        w.flush()?;
                        crate::stderr!("fc-events: {place}: {why}");
                    }
                }
                Ok(())
            },
        )
    })?;
    let status = match status {
        Some(Status::Error) => Status::Error,
        _ if seen == 0 => {
            crate::stderr!("fc-events: error: no payload to check (exit status 3)");
            Status::NothingChecked
        }
        Some(s) => s,
        None => Status::NothingChecked,
    };
    Ok(status)
}
