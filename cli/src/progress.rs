//! The progress bar: on stderr, only when stderr is a terminal and the run lasts longer than
//! [`DELAY`], so that short runs, pipes and CI logs stay clean.

use std::io::IsTerminal;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a run goes before the bar appears.
const DELAY: Duration = Duration::from_secs(1);

/// Counts processed inputs; draws a bar once the run has lasted [`DELAY`].
pub struct Progress {
    shown: Option<Shown>,
}

struct Shown {
    bar: ProgressBar,
    stop: Sender<()>,
    timer: JoinHandle<()>,
}

impl Progress {
    /// Starts counting `len` inputs.
    pub fn start(len: usize) -> Progress {
        if !std::io::stderr().is_terminal() {
            return Progress { shown: None };
        }
        let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::hidden());
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} {pos}/{len} files {wide_bar} {elapsed}")
        {
            bar.set_style(style);
        }
        let (stop, stopped) = mpsc::channel::<()>();
        let timer = {
            let bar = bar.clone();
            thread::spawn(move || {
                if let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(DELAY) {
                    bar.set_draw_target(ProgressDrawTarget::stderr());
                    bar.enable_steady_tick(Duration::from_millis(100));
                }
            })
        };
        Progress {
            shown: Some(Shown { bar, stop, timer }),
        }
    }

    /// One more input done.
    pub fn inc(&self) {
        if let Some(s) = &self.shown {
            s.bar.inc(1);
        }
    }

    /// Removes the bar (if drawn) before the report is printed.
    pub fn finish(self) {
        if let Some(s) = self.shown {
            drop(s.stop);
            let _ = s.timer.join();
            s.bar.finish_and_clear();
        }
    }
}
