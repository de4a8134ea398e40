//! What this build knows about the kinds: `fc-events kinds`, `fc-events sample`, and which kinds are
//! compiled in (each kind has its own cargo feature).

use std::io::IsTerminal;
use std::sync::OnceLock;

use fc_events::schema::{schema, Draft};
use fc_events::TriggerKind;

use crate::output::{self, CliError, Status};

/// Whether support for `kind` is compiled into this build. Cheap: a bundled sample answers for
/// most kinds; one kind's schema is built (once) only for a kind without a sample.
pub fn is_compiled(kind: TriggerKind) -> bool {
    static COMPILED: [OnceLock<bool>; 64] = [const { OnceLock::new() }; 64];
    let i = TriggerKind::ALL
        .iter()
        .position(|&k| k == kind)
        .unwrap_or(63);
    *COMPILED[i.min(63)].get_or_init(|| {
        fc_events::samples::sample(kind).is_some()
            // The schema table lists exactly the kinds whose types are compiled in.
            || schema(kind, Draft::Draft07).is_some()
    })
}

/// The cargo feature that brings `kind` in.
fn feature(kind: TriggerKind) -> &'static str {
    let name = kind.name();
    name.strip_suffix("-request")
        .or_else(|| name.strip_suffix("-response"))
        .unwrap_or(name)
}

/// Says that `kind` is not compiled in and how to get it.
pub fn not_compiled_message(kind: TriggerKind) -> String {
    format!(
        "support for `{kind}` is not compiled into this fc-events build (enable the `{}` feature)",
        feature(kind)
    )
}

/// Fails with a tool error when `kind` is not compiled in.
pub fn require_compiled(kind: TriggerKind) -> Result<(), CliError> {
    if is_compiled(kind) {
        Ok(())
    } else {
        Err(CliError(not_compiled_message(kind)))
    }
}

/// The error for commands on trigger definitions in a build without them.
#[cfg_attr(feature = "trigger-config", allow(dead_code))]
pub fn trigger_config_missing() -> CliError {
    CliError(
        "support for trigger definitions is not compiled into this fc-events build (enable the `trigger-config` feature)"
            .to_owned(),
    )
}

/// Refuses to write binary output to a terminal.
pub fn refuse_binary_to_terminal(what: &str) -> Result<(), CliError> {
    if std::io::stdout().is_terminal() {
        Err(CliError(format!(
            "{what} is binary CBOR; redirect standard output to a file or pipe it"
        )))
    } else {
        Ok(())
    }
}

/// `fc-events sample KIND`: the bundled sample in its wire form.
pub fn sample(kind: TriggerKind) -> Result<Status, CliError> {
    let bytes = match fc_events::samples::sample(kind) {
        Some(b) => b,
        None if is_compiled(kind) => {
            return Err(CliError(format!("no sample is bundled for `{kind}`")))
        }
        None => return Err(CliError(not_compiled_message(kind))),
    };
    // Written verbatim: a trailing newline would change a raw-text body.
    if std::str::from_utf8(bytes).is_err() {
        refuse_binary_to_terminal(&format!("the `{kind}` sample"))?;
    }
    output::stdout(|w| w.write_all(bytes))?;
    Ok(Status::Ok)
}

/// `fc-events kinds`: `NAME  DESCRIPTION`, one kind per line, in the stable order of
/// `TriggerKind::ALL`.
pub fn kinds() -> Result<Status, CliError> {
    let width = TriggerKind::ALL
        .iter()
        .map(|k| k.name().len())
        .max()
        .unwrap_or(0);
    output::stdout(|w| {
        for &kind in TriggerKind::ALL {
            write!(w, "{:width$}  {}", kind.name(), kind.description())?;
            if !is_compiled(kind) {
                write!(w, " [not in this build]")?;
            }
            writeln!(w)?;
        }
        Ok(())
    })?;
    Ok(Status::Ok)
}
