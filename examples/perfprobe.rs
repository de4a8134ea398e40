//! Repeats one operation on a kind's bundled sample, for instruction counts under
//! `valgrind --tool=callgrind` (stable on a shared machine, unlike wall-clock time):
//!
//! ```sh
//! cargo build --release --example perfprobe
//! valgrind --tool=callgrind target/release/examples/perfprobe typed oss 2000
//! valgrind --tool=callgrind target/release/examples/perfprobe value oss 2000
//! ```
//!
//! Operations: `value` (`serde_json::Value`), `typed` (`Event::from_slice_as`), `detect`,
//! `detect+typed` (`Event::from_slice`: the pre-scan, then the typed decode), `detect+typed-ref`
//! (the reference path: `detect`, then the typed decode),
//! `validate` (decode and validate), `ignored` (`serde::de::IgnoredAny`: the parse floor).

use std::hint::black_box;
use std::process::ExitCode;

use fc_events::{samples, Event, TriggerKind};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [mode, kind, n] = args.as_slice() else {
        eprintln!("usage: perfprobe value|typed|detect|detect+typed|detect+typed-ref|validate|ignored KIND COUNT");
        return ExitCode::from(2);
    };
    let (Ok(kind), Ok(n)) = (kind.parse::<TriggerKind>(), n.parse::<usize>()) else {
        eprintln!("perfprobe: unknown kind or bad count");
        return ExitCode::from(2);
    };
    let Some(bytes) = samples::sample(kind) else {
        eprintln!("perfprobe: {kind} is not compiled in");
        return ExitCode::from(2);
    };
    let mut ok = 0usize;
    for _ in 0..n {
        ok += match mode.as_str() {
            "value" => serde_json::from_slice::<serde_json::Value>(black_box(bytes)).is_ok(),
            "typed" => Event::from_slice_as(kind, black_box(bytes)).is_ok(),
            "detect" => fc_events::detect::detect(black_box(bytes)).is_ok(),
            "detect+typed" => Event::from_slice(black_box(bytes)).is_ok(),
            "detect+typed-ref" => Event::from_slice_detected(black_box(bytes)).is_ok(),
            "validate" => {
                Event::from_slice_as(kind, black_box(bytes)).is_ok_and(|e| e.validate().is_empty())
            }
            "ignored" => serde_json::from_slice::<serde::de::IgnoredAny>(black_box(bytes)).is_ok(),
            other => {
                eprintln!("perfprobe: unknown operation {other}");
                return ExitCode::from(2);
            }
        } as usize;
    }
    println!("{ok} of {n} succeeded");
    ExitCode::SUCCESS
}
