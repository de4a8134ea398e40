//! `fc-events`: validate, detect, convert, describe and sample Alibaba Cloud Function Compute trigger
//! events from the command line, for CI jobs and pre-commit hooks.
//!
//! The interface (sub-commands, options, output lines and exit statuses) is a contract that scripts
//! depend on; `--help` documents it and `tests/cli.rs` checks it.

mod catalog;
mod convert;
mod detect;
mod inputs;
mod output;
mod progress;
mod schema;
mod validate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use fc_events::TriggerKind;

use crate::output::{CliError, Status};

const EXAMPLES: &str = "\
Examples:
  fc-events validate events/                      validate every payload file under events/
  fc-events validate --format json a.json b.cbor  one JSON report for CI tooling
  fc-events validate --trigger oss upload.json    validate as OSS without detecting the kind
  cat batch.ndjson | fc-events validate --ndjson -
  fc-events detect payload.json                   print `payload.json: KIND`
  fc-events convert --to cbor -o out.cbor in.json
  fc-events schema oss --draft 2020-12            the JSON Schema of one kind
  fc-events schema --out schemas/                 every schema, one file per kind
  fc-events sample timer > event.json             a valid event for local handler testing
  fc-events kinds                                 every kind with a one-line description

Exit status: 0 all payloads valid, 1 any invalid or of unknown kind, 2 usage or I/O error.";

const VALIDATE_HELP: &str = "\
Output (text): one line per fault, then a summary line:
  FILE[:LINE]: KIND: POINTER: MESSAGE
  N valid, M invalid
LINE is given for NDJSON input only (1-based). KIND is `unknown` when the kind cannot be told from
the payload. POINTER is an RFC 6901 JSON Pointer; the whole payload is written `(root)`. Standard
input is named `-`. Valid payloads print nothing but count in the summary. I/O errors go to stderr.

Output (--format json): one document
  {\"files\": [{\"file\", \"line\" (NDJSON only), \"kind\" (null when unknown), \"valid\",
               \"faults\": [{\"pointer\" (\"\" for the whole payload), \"code\", \"message\"}]}],
   \"errors\": [{\"file\", \"message\"}],
   \"summary\": {\"valid\", \"invalid\", \"errors\"}}

Inputs: a file is validated whatever its name; a directory is walked recursively for *.json,
*.cbor, *.txt, *.ndjson and *.jsonl (sorted by path; entries whose names start with `.` and
symbolic links to directories are skipped). In *.ndjson / *.jsonl files each non-blank line is one
event. Payloads that fail to decode are invalid, reported at their pointer. Output follows the
order of the inputs although files are validated in parallel.

Examples:
  fc-events validate tests/fixtures/oss
  fc-events validate --format json events/ | jq '.files[] | select(.valid | not)'
  fc-events sample timer | fc-events validate -

Exit status: 0 all payloads valid, 1 any invalid or of unknown kind, 2 usage or I/O error.";

/// Validate, detect, convert and describe Alibaba Cloud Function Compute trigger events.
#[derive(Debug, Parser)]
#[command(name = "fc-events", version, after_help = EXAMPLES, arg_required_else_help = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check payload files against their trigger's rules; report every fault.
    #[command(after_help = VALIDATE_HELP)]
    Validate(ValidateArgs),
    /// Print the trigger kind of each payload: `FILE[:LINE]: KIND` or `FILE[:LINE]: unknown`.
    #[command(after_help = "\
Directories and NDJSON files are read as for `validate`. Why a payload is of unknown kind is
written to stderr.

Examples:
  fc-events detect payload.json
  fc-events detect events/

Exit status: 0 every kind known, 1 any unknown, 2 usage or I/O error.")]
    Detect(DetectArgs),
    /// Decode a payload into the typed model and re-encode it as JSON or CBOR (lossless).
    #[command(after_help = "\
Converting a payload to its own format gives back an equal value: unknown members, times and
string-encoded numbers are kept. JSON output ends with a newline. An NDJSON input gives one JSON
document per line (--to json) or a CBOR sequence (--to cbor).

Examples:
  fc-events convert --to json --pretty event.json
  fc-events convert --to cbor -o record.cbor record.json
  fc-events convert --trigger tablestore --to json record.cbor

Exit status: 0 converted, 1 the payload does not decode, 2 usage or I/O error.")]
    Convert(ConvertArgs),
    /// Print the JSON Schema of a kind (or of any FC event), or write every schema to a folder.
    #[command(after_help = "\
Without KIND the schema accepts any FC event (anyOf the per-kind schemas). With --out DIR the
schemas are written as DIR/<kind>.schema.json (every kind, or only KIND) and DIR/fc-event.schema.json
(when no KIND is given); DIR is created when missing.

Examples:
  fc-events schema oss
  fc-events schema --draft 2020-12 > fc-event.schema.json
  fc-events schema --out schemas/")]
    Schema(SchemaArgs),
    /// Print a representative valid event of a kind, in its wire form, for local handler testing.
    #[command(after_help = "\
Examples:
  fc-events sample oss > oss-event.json
  fc-events sample tablestore > record.cbor")]
    Sample(SampleArgs),
    /// List every trigger kind with a one-line description.
    Kinds,
}

#[derive(Debug, Args)]
struct ValidateArgs {
    /// Validate every payload as this kind instead of detecting it (see `fc-events kinds`).
    #[arg(long, short = 't', value_name = "KIND", value_parser = parse_kind)]
    trigger: Option<TriggerKind>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Read standard input (`-`) as NDJSON: one event per line.
    #[arg(long)]
    ndjson: bool,
    /// Payload files, directories (walked recursively) or `-` for standard input.
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
struct DetectArgs {
    /// Read standard input (`-`) as NDJSON: one event per line.
    #[arg(long)]
    ndjson: bool,
    /// Payload files, directories (walked recursively) or `-` for standard input.
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
struct ConvertArgs {
    /// Decode as this kind instead of detecting it (see `fc-events kinds`).
    #[arg(long, short = 't', value_name = "KIND", value_parser = parse_kind)]
    trigger: Option<TriggerKind>,
    /// The encoding to write.
    #[arg(long, value_enum)]
    to: Encoding,
    /// Indent JSON output (single payloads only).
    #[arg(long)]
    pretty: bool,
    /// Write to this file instead of standard output (`-` is standard output).
    #[arg(long, short = 'o', value_name = "OUT")]
    output: Option<PathBuf>,
    /// Read standard input (`-`) as NDJSON: one event per line.
    #[arg(long)]
    ndjson: bool,
    /// The payload file, or `-` for standard input.
    #[arg(value_name = "PATH")]
    path: PathBuf,
}

#[derive(Debug, Args)]
struct SchemaArgs {
    /// The kind (see `fc-events kinds`); without it, the schema of any FC event.
    #[arg(value_name = "KIND", value_parser = parse_kind)]
    kind: Option<TriggerKind>,
    /// The JSON Schema dialect.
    #[arg(long, value_enum, default_value_t = DraftArg::Draft07)]
    draft: DraftArg,
    /// Write the schemas into this folder instead of printing one.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct SampleArgs {
    /// The kind (see `fc-events kinds`).
    #[arg(value_name = "KIND", value_parser = parse_kind)]
    kind: TriggerKind,
}

/// How `validate` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// One line per fault and a summary line.
    Text,
    /// One JSON document.
    Json,
}

/// What `convert` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Encoding {
    /// JSON (binary members rendered as `{"$blob": "<base64>"}`).
    Json,
    /// CBOR.
    Cbor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DraftArg {
    /// Draft-07.
    #[value(name = "07", alias = "7", alias = "draft-07")]
    Draft07,
    /// Draft 2020-12.
    #[value(name = "2020-12", alias = "draft-2020-12")]
    Draft2020_12,
}

impl From<DraftArg> for fc_events::schema::Draft {
    fn from(d: DraftArg) -> Self {
        match d {
            DraftArg::Draft07 => fc_events::schema::Draft::Draft07,
            DraftArg::Draft2020_12 => fc_events::schema::Draft::Draft2020_12,
        }
    }
}

fn parse_kind(s: &str) -> Result<TriggerKind, String> {
    s.parse::<TriggerKind>().map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    // Usage errors exit with status 2 (clap's convention, kept by the contract); --help and
    // --version exit 0.
    let cli = Cli::parse();
    let result: Result<Status, CliError> = match cli.command {
        Command::Validate(a) => validate::run(&validate::Options {
            trigger: a.trigger,
            json: a.format == Format::Json,
            stdin_ndjson: a.ndjson,
            paths: a.paths,
        }),
        Command::Detect(a) => detect::run(&a.paths, a.ndjson),
        Command::Convert(a) => convert::run(&convert::Options {
            trigger: a.trigger,
            cbor: a.to == Encoding::Cbor,
            pretty: a.pretty,
            output: a.output,
            stdin_ndjson: a.ndjson,
            path: a.path,
        }),
        Command::Schema(a) => schema::run(a.kind, a.draft.into(), a.out.as_deref()),
        Command::Sample(a) => catalog::sample(a.kind),
        Command::Kinds => catalog::kinds(),
    };
    match result {
        Ok(status) => status.into(),
        Err(e) => {
            eprintln!("fc-events: error: {e}");
            Status::Error.into()
        }
    }
}
