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
//! `value-utf8-once` (`serde_json::Value` read with `serde_json::from_str` after one UTF-8 check,
//! as `typed` reads). OSS only, the baselines of `benches/decode.rs`: `plain` (derived structs with
//! `Text` members and no capture, read as `typed` reads: one UTF-8 check, then text), `adhoc`
//! (derived structs with `String` members, `serde_json::from_slice`), `adhoc-utf8-once` (the same
//! structs after one UTF-8 check: what a careful user writes).

use std::hint::black_box;
use std::process::ExitCode;

use fc_events::{samples, Event, TriggerKind};

#[path = "../benches/support/oss_structs.rs"]
mod oss_structs;
use oss_structs::{adhoc, plain};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [mode, kind, n] = args.as_slice() else {
        eprintln!(
            "usage: perfprobe value|value-utf8-once|typed|detect|detect+typed|detect+typed-ref\
             |validate|ignored|plain|adhoc|adhoc-utf8-once KIND COUNT"
        );
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
            "value-utf8-once" => std::str::from_utf8(black_box(bytes))
                .is_ok_and(|text| serde_json::from_str::<serde_json::Value>(text).is_ok()),
            "typed" => Event::from_slice_as(kind, black_box(bytes)).is_ok(),
            "detect" => fc_events::detect::detect(black_box(bytes)).is_ok(),
            "detect+typed" => Event::from_slice(black_box(bytes)).is_ok(),
            "detect+typed-ref" => Event::from_slice_detected(black_box(bytes)).is_ok(),
            "validate" => {
                Event::from_slice_as(kind, black_box(bytes)).is_ok_and(|e| e.validate().is_empty())
            }
            "ignored" => serde_json::from_slice::<serde::de::IgnoredAny>(black_box(bytes)).is_ok(),
            "plain" | "adhoc" | "adhoc-utf8-once" if kind != TriggerKind::Oss => {
                eprintln!("perfprobe: {mode} is an OSS baseline");
                return ExitCode::from(2);
            }
            "plain" => std::str::from_utf8(black_box(bytes))
                .is_ok_and(|text| serde_json::from_str::<plain::Event>(text).is_ok()),
            "adhoc" => serde_json::from_slice::<adhoc::Event>(black_box(bytes)).is_ok(),
            "adhoc-utf8-once" => std::str::from_utf8(black_box(bytes))
                .is_ok_and(|text| serde_json::from_str::<adhoc::Event>(text).is_ok()),
            other => {
                eprintln!("perfprobe: unknown operation {other}");
                return ExitCode::from(2);
            }
        } as usize;
    }
    println!("{ok} of {n} succeeded");
    ExitCode::SUCCESS
}
