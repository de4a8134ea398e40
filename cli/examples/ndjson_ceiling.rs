//! The ceiling the library sets for `fc-events validate` on NDJSON: the file is read into memory
//! and split into lines first (not timed), then every non-blank line is detected, decoded and
//! validated with `fc_events::validate::validate_slice` on a pool of THREADS threads (default 2).
//! Prints `SECONDS LINES FAULTY` for the timed pass only.
//!
//! Usage: `cargo run --release -p fc-events-cli --example ndjson_ceiling -- FILE [THREADS]`
//! (`benches/cli_ndjson.sh` runs it beside the CLI on the same file).

use std::time::Instant;

use rayon::prelude::*;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: ndjson_ceiling FILE [THREADS]");
    let threads: usize = args
        .next()
        .map_or(2, |t| t.parse().expect("THREADS is a number"));
    let bytes = std::fs::read(&path).expect("the file can be read");
    let lines: Vec<&[u8]> = bytes
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
        .collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool");
    let start = Instant::now();
    let faulty: usize = pool.install(|| {
        lines
            .par_iter()
            .map(|line| {
                usize::from(
                    !fc_events::validate::validate_slice(None, line)
                        .faults
                        .is_empty(),
                )
            })
            .sum()
    });
    let seconds = start.elapsed().as_secs_f64();
    println!("{seconds:.6} {} {faulty}", lines.len());
}
