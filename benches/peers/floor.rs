//! The floor of a folder for any per-file reader: lists a folder once, sorts the names (every tool
//! measured reports in name order), then opens, reads to the end and closes every file on THREADS
//! threads, doing nothing with the bytes (they are only counted). Per file that is `openat`, one
//! `read` that returns the file, one `read` that returns 0 (the end) and `close`: the least a reader
//! can do that sees the whole file without trusting a short read to mean the end.
//!
//! Built without dependencies by `benches/peers/run.sh`: `rustc -O --edition 2021 floor.rs`.
//! Usage: floor DIR THREADS. Prints `read N files, B bytes`.

use std::fs::{self, File};
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (dir, threads) = match args.as_slice() {
        [dir, threads] => match threads.parse::<usize>() {
            Ok(t) if t > 0 => (PathBuf::from(dir), t),
            _ => return usage(),
        },
        _ => return usage(),
    };
    let mut paths = Vec::new();
    let entries = match fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("{}: {e}", dir.display());
            return ExitCode::FAILURE;
        }
    };
    for entry in entries {
        match entry {
            Ok(e) => paths.push(e.path()),
            Err(e) => {
                eprintln!("{}: {e}", dir.display());
                return ExitCode::FAILURE;
            }
        }
    }
    paths.sort_unstable();

    let next = AtomicUsize::new(0);
    let results: Vec<Result<(usize, u64), String>> = thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut buf = vec![0u8; 64 * 1024];
                    let (mut files, mut bytes) = (0usize, 0u64);
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(path) = paths.get(i) else {
                            return Ok((files, bytes));
                        };
                        let mut file =
                            File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
                        loop {
                            match file.read(&mut buf) {
                                Ok(0) => break,
                                Ok(n) => bytes += n as u64,
                                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                                Err(e) => return Err(format!("{}: {e}", path.display())),
                            }
                        }
                        files += 1;
                    }
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    let (mut files, mut bytes) = (0usize, 0u64);
    for r in results {
        match r {
            Ok((f, b)) => {
                files += f;
                bytes += b;
            }
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::FAILURE;
            }
        }
    }
    println!("read {files} files, {bytes} bytes");
    ExitCode::SUCCESS
}

fn usage() -> ExitCode {
    eprintln!("usage: floor DIR THREADS");
    ExitCode::from(2)
}
