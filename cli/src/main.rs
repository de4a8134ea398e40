//! `fc-events`: validate, detect, convert, describe and sample Alibaba Cloud Function Compute trigger
//! events from the command line, for CI jobs and pre-commit hooks; check trigger definition files and
//! list the fire times of timer schedules.
//!
//! The interface (sub-commands, options, output lines and exit statuses) is a contract that scripts
//! depend on; `--help` documents it and `tests/cli.rs` checks it.

mod catalog;
#[cfg(feature = "trigger-config")]
mod config;
mod convert;
mod cron;
mod detect;
mod encoding;
mod inputs;
mod invoke;
mod output;
mod progress;
mod rendered;
mod report;
mod schema;
mod select;
mod validate;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use fc_events::TriggerKind;

use crate::inputs::Limits;
use crate::output::{CliError, Status};
use crate::report::Format;

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
  fc-events completions bash > /etc/bash_completion.d/fc-events
  fc-events invoke timer                          send a sample event to a local function server

Trigger definitions (the triggers themselves, not the events they send):
  fc-events validate --config triggers/           check definition files and their conflicts
  fc-events cron '0 0 4 * * *'                    the next fire times of a timer schedule (UTC)
  fc-events schema trigger-config                 the JSON Schema of definition files

Exit status: 0 all payloads valid, 1 any invalid or of unknown kind, 2 usage or I/O error,
3 no payload found to check.";

const VALIDATE_HELP: &str = "\
Output (text): one line per fault, then a summary line:
  FILE:LINE:COL: KIND: POINTER: MESSAGE
  N valid, M invalid
LINE and COL are where the value POINTER names begins, or where the parser stopped for a `syntax`
fault (1-based; in NDJSON input LINE is the file's line). They are left out where there are none:
raw text bodies, and CBOR, whose faults end with `(at byte offset N)`. KIND is `unknown` when the
kind cannot be told from the payload. POINTER is an RFC 6901 JSON Pointer; the whole payload is
written `(root)`. Standard input is named `-`. Valid payloads print nothing but count in the
summary. I/O errors and notes go to stderr. Colour only on a terminal, and never when NO_COLOR is
set.

Output (--format json): one document
  {\"files\": [{\"file\", \"line\" (NDJSON only), \"kind\" (null when unknown), \"valid\",
               \"faults\": [{\"pointer\" (\"\" for the whole payload), \"code\", \"message\",
                           \"line\", \"column\" (JSON), \"offset\" (JSON and CBOR)}]}],
   \"errors\": [{\"file\", \"message\"}],
   \"summary\": {\"valid\", \"invalid\", \"errors\"}}
--format github: a GitHub Actions `::error file=F,line=L,col=C,title=...::POINTER: MESSAGE`
annotation per fault, then the summary line. --format sarif: SARIF 2.1.0 (one result per fault,
ruleId = the fault code). --format junit: JUnit XML, one test case per payload (per definition
file with --config).

Selection: --exclude GLOB (repeatable) skips matching paths in folder walks; a configuration file
fc-events.toml (found in the working directory or above, or --config-file) may set `exclude`,
`format`, `max-size` and `[kinds]` (glob = kind). Flags win over the file; --exclude adds to it.

Inputs: a file is validated whatever its name; a directory is walked recursively for *.json,
*.cbor, *.txt, *.ndjson and *.jsonl (sorted by path; entries whose names start with `.` and
symbolic links to directories are skipped). In *.ndjson / *.jsonl files each non-blank line is one
event. Payloads that fail to decode are invalid, reported at their pointer. Output follows the
order of the inputs although files are validated in parallel.

Trigger definitions (--config): the PATHs are trigger definition files, as the FC OpenAPI
(CreateTrigger, GetTrigger, ListTriggers) and console exports write them: one definition, an array
of definitions, or {\"triggers\": [...]}. Directories are walked for *.json only; every file is one
JSON document. Each definition is checked (name, type, sourceArn, invocationRole, qualifier, and
triggerConfig by type: OSS events, SLS ranges, cron expressions, HTTP methods, CDN events and
domains, MNS formats), and all the files are checked together for conflicts: more than 10 native
OSS triggers on one bucket, and two OSS triggers of a bucket that one upload would both fire (the
message names the other trigger, as FILE:POINTER when it is in another file, and a key both
match). A conflict is reported on the later trigger, at that trigger's member. Every --format
applies, with LINE:COL in the file; KIND is always `trigger-config`; the summary counts files, and
JUnit has one test case per definition file. In --format json, a file's entry also has
\"definitions\" (how many it holds) and the fault of a conflict also has
  \"conflict\": {\"bucket\", \"triggers\": [{\"file\", \"pointer\", \"triggerName\"}], \"event\", \"key\"}
(\"event\" and \"key\" for overlaps only). --trigger and --ndjson do not apply.

Examples:
  fc-events validate tests/fixtures/oss
  fc-events validate --format json events/ | jq '.files[] | select(.valid | not)'
  fc-events sample timer | fc-events validate -
  fc-events validate --config triggers/
  fc-events validate --config --format json prod.json staging.json
  fc-events validate --config --format sarif triggers/ > triggers.sarif

Exit status: 0 all payloads valid, 1 any invalid or of unknown kind, 2 usage or I/O error
(also: a payload over --max-size), 3 no payload found to check.";

/// Validate, detect, convert and describe Alibaba Cloud Function Compute trigger events.
#[derive(Debug, Parser)]
#[command(name = "fc-events", version, after_help = EXAMPLES, arg_required_else_help = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check payload files against their trigger's rules, or trigger definition files (--config);
    /// report every fault.
    #[command(after_help = VALIDATE_HELP)]
    Validate(ValidateArgs),
    /// Print the trigger kind of each payload: `FILE[:LINE]: KIND` or `FILE[:LINE]: unknown`.
    #[command(after_help = "\
Directories and NDJSON files are read as for `validate`. Why a payload is of unknown kind is
written to stderr.

Examples:
  fc-events detect payload.json
  fc-events detect events/

Exit status: 0 every kind known, 1 any unknown, 2 usage or I/O error, 3 no payload found.")]
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

OUT is written to a temporary file beside it and renamed into place once complete; OUT naming
the input file (or a link to it) is refused unless --overwrite-input is given.

Exit status: 0 converted, 1 the payload does not decode, 2 usage or I/O error.")]
    Convert(ConvertArgs),
    /// Print the JSON Schema of a kind (or of any FC event, or of trigger definition files), or write
    /// every schema to a folder.
    #[command(after_help = "\
Without KIND the schema accepts a payload of any detectable FC event kind (anyOf the per-kind
schemas). IoT is left out by choice: its payload may be any JSON, so including it would make the
schema accept everything; use `fc-events schema iot`, and `validate --trigger iot` (or `[kinds]` in
fc-events.toml) for IoT payloads, which are never detected. `trigger-config` is not
an event kind: it names the schema of trigger definition files (what `validate --config` reads).
With --out DIR the schemas are written as DIR/<kind>.schema.json (every kind, or only KIND),
DIR/fc-event.schema.json and DIR/trigger-config.schema.json (when no KIND is given); DIR is created
when missing.

Examples:
  fc-events schema oss
  fc-events schema --draft 2020-12 > fc-event.schema.json
  fc-events schema trigger-config > trigger-config.schema.json
  fc-events schema --out schemas/")]
    Schema(SchemaArgs),
    /// Print a representative valid event of a kind, in its wire form, for local handler testing.
    #[command(after_help = "\
Examples:
  fc-events sample oss > oss-event.json
  fc-events sample tablestore > record.cbor")]
    Sample(SampleArgs),
    /// List every trigger kind with a one-line description.
    #[command(after_help = "\
These are the kinds of event payloads. Trigger definition files (the triggers themselves) are not
an event kind: check them with `fc-events validate --config`; their schema is
`fc-events schema trigger-config`.")]
    Kinds,
    /// Print the next fire times of a timer trigger's cron expression (UTC, RFC 3339, one per line).
    #[command(after_help = CRON_HELP)]
    Cron(CronArgs),
    /// Send an event to a local function server as FC would, and print the answer.
    #[command(after_help = "\
The event is sent as FC sends an event invocation to a custom runtime: POST /invoke (unless the URL
has another path), the payload as the body, Content-Type: application/octet-stream, and the
invocation context in x-fc-* headers (a fresh x-fc-request-id, function name, memory, timeout,
deadline, qualifier, x-fc-control-path: /invoke). No credentials are sent unless given with
--header. Plain HTTP only. KIND|FILE is a file when one of that name exists, else a kind whose
sample is sent.

Output: the status line, the response headers, a blank line, the body.

Examples:
  fc-events invoke timer                          the timer sample to http://127.0.0.1:9000
  fc-events invoke --url http://127.0.0.1:8080 event.json
  fc-events invoke -H 'x-fc-region: cn-shanghai' oss

Exit status: 0 success, 1 FC's error answer (status not 2xx, or x-fc-status not 200), 2 usage or
I/O error.")]
    Invoke(InvokeArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell) to standard output.
    #[command(after_help = "\
Examples:
  fc-events completions bash > ~/.local/share/bash-completion/completions/fc-events
  fc-events completions zsh > \"${fpath[1]}/_fc-events\"
  fc-events completions fish > ~/.config/fish/completions/fc-events.fish")]
    Completions(CompletionsArgs),
}

#[derive(Debug, Args)]
struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum, value_name = "SHELL")]
    shell: clap_complete::Shell,
}

/// Options shared by the commands that read payloads.
#[derive(Debug, Args)]
struct ReadArgs {
    /// Skip paths matching this glob in folder walks (repeatable; adds to the configuration
    /// file's `exclude`). `*` stays within a folder, `**` crosses folders.
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Read this configuration file instead of looking for fc-events.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config_file")]
    config_file: Option<PathBuf>,
    /// Ignore any fc-events.toml.
    #[arg(long)]
    no_config_file: bool,
    /// The largest payload (a file, or one NDJSON line) read, e.g. 16M (default 16M, or the
    /// configuration file's `max-size`); larger ones are errors naming the file.
    #[arg(long, value_name = "SIZE", value_parser = select::parse_size)]
    max_size: Option<u64>,
    /// Print faults and the summary only: no notes.
    #[arg(long, short = 'q')]
    quiet: bool,
}

impl ReadArgs {
    /// The configuration file's settings with the flags applied over them.
    fn load(&self) -> Result<(select::Loaded, Limits), CliError> {
        output::set_quiet(self.quiet);
        let mut loaded = select::load(self.config_file.as_deref(), self.no_config_file)?;
        loaded.selection.add_excludes(&self.exclude);
        let limits = Limits {
            max_payload: self
                .max_size
                .or(loaded.max_size)
                .unwrap_or(inputs::DEFAULT_MAX_PAYLOAD),
        };
        Ok((loaded, limits))
    }
}

#[derive(Debug, Args)]
struct InvokeArgs {
    /// The function server: `http://HOST[:PORT][/PATH]` (the path defaults to /invoke).
    #[arg(long, value_name = "URL", default_value = invoke::DEFAULT_URL)]
    url: String,
    /// An extra or overriding request header, `NAME: VALUE` (repeatable).
    #[arg(long = "header", short = 'H', value_name = "HEADER")]
    headers: Vec<String>,
    /// A payload file, or a kind whose sample is sent (see `fc-events kinds`).
    #[arg(value_name = "KIND|FILE")]
    input: String,
}

const CRON_HELP: &str = "\
The expression is checked against FC's dialect: six fields (seconds minutes hours day-of-month
month day-of-week) evaluated in UTC, with `*`, `,`, `-`, `/`, `?`, JAN-DEC and MON-SUN (1-7 is
Monday-Sunday); or `@every <duration>` (whole minutes, at least 1m: `@every 5m`, `@every 1h30m`).
FC counts `@every` intervals from the trigger's creation; here they count from --after. A
`CRON_TZ=<zone>` prefix is accepted by FC but its times are not computed here (exit status 2).
Quote the expression: the shell expands `*` and `?`. Several words are joined with spaces.

An invalid expression is reported on stderr with the faulty field marked:
  fc-events: invalid cron expression: hours value 24 is outside 0–23
    0 0 24 * * *
        ^^ hours field

Examples:
  fc-events cron '0 0 4 * * *'                      Beijing 12:00 daily is 04:00 UTC
  fc-events cron --count 3 --after 2024-01-01T00:00:00Z '0 0/15 * * * *'
  fc-events cron '@every 1h30m'

Exit status: 0 printed, 1 invalid expression, 2 usage error or a time zone that cannot be computed.";

#[derive(Debug, Args)]
struct ValidateArgs {
    /// Validate every payload as this kind instead of detecting it (see `fc-events kinds`).
    #[arg(long, short = 't', value_name = "KIND", value_parser = parse_kind)]
    trigger: Option<TriggerKind>,
    /// The PATHs are trigger definition files: check each definition and the conflicts across
    /// all the files.
    #[arg(long, conflicts_with_all = ["trigger", "ndjson"])]
    config: bool,
    /// Output format (default: text, or the configuration file's `format`).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Read standard input (`-`) as NDJSON: one event per line.
    #[arg(long)]
    ndjson: bool,
    #[command(flatten)]
    read: ReadArgs,
    /// Payload files (definition files with --config), directories (walked recursively) or `-`
    /// for standard input.
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
struct DetectArgs {
    /// Read standard input (`-`) as NDJSON: one event per line.
    #[arg(long)]
    ndjson: bool,
    #[command(flatten)]
    read: ReadArgs,
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
    /// Allow OUT to be the input file (replaced once the conversion is complete).
    #[arg(long)]
    overwrite_input: bool,
    /// The largest payload read, e.g. 16M.
    #[arg(long, value_name = "SIZE", value_parser = select::parse_size)]
    max_size: Option<u64>,
    /// Read standard input (`-`) as NDJSON: one event per line.
    #[arg(long)]
    ndjson: bool,
    /// The payload file, or `-` for standard input.
    #[arg(value_name = "PATH")]
    path: PathBuf,
}

#[derive(Debug, Args)]
struct SchemaArgs {
    /// The kind (see `fc-events kinds`), or `trigger-config` for trigger definition files; without
    /// it, the schema of any FC event.
    #[arg(value_name = "KIND", value_parser = parse_schema_target)]
    kind: Option<schema::Target>,
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

#[derive(Debug, Args)]
struct CronArgs {
    /// The cron expression, e.g. '0 0 4 * * *' or '@every 5m' (quoted for the shell).
    #[arg(value_name = "EXPR", required = true, num_args = 1..)]
    expression: Vec<String>,
    /// How many fire times to print (1 to 1000).
    #[arg(long, short = 'n', value_name = "N", default_value_t = 5,
          value_parser = clap::value_parser!(u16).range(1..=1000))]
    count: u16,
    /// List the fire times strictly after this instant, an RFC 3339 time such as
    /// 2024-01-01T00:00:00Z (default: now).
    #[arg(long, value_name = "RFC3339", value_parser = parse_instant)]
    after: Option<DateTime<Utc>>,
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

fn parse_schema_target(s: &str) -> Result<schema::Target, String> {
    if s == schema::TRIGGER_CONFIG {
        return Ok(schema::Target::TriggerConfig);
    }
    s.parse::<TriggerKind>()
        .map(schema::Target::Kind)
        .map_err(|e| {
            format!(
                "{e}, or {} for trigger definition files",
                schema::TRIGGER_CONFIG
            )
        })
}

fn parse_instant(s: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("expected an RFC 3339 time such as 2024-01-01T00:00:00Z ({e})"))
}

fn main() -> ExitCode {
    // A panic is a bug, but still ends with a documented status (2) and never a panic message on
    // an unwritable standard error.
    std::panic::set_hook(Box::new(|info| {
        crate::stderr!("fc-events: internal error: {info}");
    }));
    match std::panic::catch_unwind(run) {
        Ok(code) => code,
        Err(_) => Status::Error.into(),
    }
}

fn run() -> ExitCode {
    // Usage errors exit with status 2 (clap's convention, kept by the contract); --help and
    // --version exit 0.
    let cli = Cli::parse();
    let result: Result<Status, CliError> = dispatch(cli.command);
    match result {
        Ok(status) => status.into(),
        Err(e) => {
            crate::stderr!("fc-events: error: {e}");
            Status::Error.into()
        }
    }
}

fn dispatch(command: Command) -> Result<Status, CliError> {
    match command {
        Command::Validate(a) => {
            let (loaded, limits) = a.read.load()?;
            let format = match (a.format, &loaded.format) {
                (Some(f), _) => f,
                (None, Some(name)) => Format::from_str(name, true).map_err(|_| {
                    CliError::at(
                        &loaded
                            .path
                            .as_ref()
                            .map_or(String::new(), |p| p.display().to_string()),
                        format!(
                            "format: unknown format {name:?} (text, json, github, sarif, junit)"
                        ),
                    )
                })?,
                (None, None) => Format::Text,
            };
            if a.config {
                return validate_config(format, &a.paths, &loaded.selection, limits);
            }
            validate::run(&validate::Options {
                trigger: a.trigger,
                format,
                stdin_ndjson: a.ndjson,
                paths: a.paths,
                selection: loaded.selection,
                limits,
            })
        }
        Command::Detect(a) => {
            let (loaded, limits) = a.read.load()?;
            detect::run(&a.paths, a.ndjson, &loaded.selection, limits)
        }
        Command::Convert(a) => convert::run(&convert::Options {
            trigger: a.trigger,
            cbor: a.to == Encoding::Cbor,
            pretty: a.pretty,
            output: a.output,
            overwrite_input: a.overwrite_input,
            stdin_ndjson: a.ndjson,
            path: a.path,
            limits: Limits {
                max_payload: a.max_size.unwrap_or(inputs::DEFAULT_MAX_PAYLOAD),
            },
        }),
        Command::Schema(a) => schema::run(a.kind, a.draft.into(), a.out.as_deref()),
        Command::Sample(a) => catalog::sample(a.kind),
        Command::Kinds => catalog::kinds(),
        Command::Cron(a) => cron::run(&a.expression.join(" "), a.count.into(), a.after),
        Command::Invoke(a) => invoke::run(&invoke::Options {
            url: a.url,
            input: a.input,
            headers: a.headers,
        }),
        Command::Completions(a) => {
            let mut cmd = Cli::command();
            output::stdout(|w| {
                clap_complete::generate(a.shell, &mut cmd, "fc-events", w);
                Ok(())
            })?;
            Ok(Status::Ok)
        }
    }
}

#[cfg(feature = "trigger-config")]
fn validate_config(
    format: Format,
    paths: &[PathBuf],
    selection: &select::Selection,
    limits: Limits,
) -> Result<Status, CliError> {
    config::run(format, paths, selection, limits)
}

#[cfg(not(feature = "trigger-config"))]
fn validate_config(
    _: Format,
    _: &[PathBuf],
    _: &select::Selection,
    _: Limits,
) -> Result<Status, CliError> {
    Err(catalog::trigger_config_missing())
}
