//! Decodes a payload file, prints its detected kind and its lossless re-encoding.
//!
//! `cargo run --example decode -- tests/fixtures/oss/oss-fc3-doc-trigger-event-formats-1.json`

use std::process::ExitCode;

use fc_events::Event;

fn main() -> ExitCode {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        "tests/fixtures/oss/oss-fc3-doc-trigger-event-formats-1.json".to_owned()
    });
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };
    match Event::from_slice(&bytes) {
        Ok(event) => {
            println!("{path}: {}", event.kind());
            match event.to_json_value() {
                Ok(v) => println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default()),
                Err(e) => eprintln!("{path}: {e}"),
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            println!("{path}: {e}");
            ExitCode::from(1)
        }
    }
}
