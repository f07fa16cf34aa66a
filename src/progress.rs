//! The progress bar on stderr for runs that take longer than a second (a province's folders):
//! files read out of files found, then the phase being written. Hidden when stderr is not a
//! terminal and with --quiet; indicatif lives only here.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::ingest::Progress;

/// Runs shorter than this never show a bar.
const DELAY: Duration = Duration::from_secs(1);

pub struct Bar {
    bar: ProgressBar,
    start: Instant,
    /// False when the bar must stay hidden (not a terminal, --quiet).
    allowed: bool,
    shown: AtomicBool,
}

impl Bar {
    /// A bar that shows itself after a second when `allowed` and stderr is a terminal.
    pub fn new(allowed: bool) -> Bar {
        let allowed = allowed && std::io::IsTerminal::is_terminal(&std::io::stderr());
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} 个文件 {elapsed}")
                .expect("a valid template")
                .progress_chars("=> "),
        );
        bar.set_message("读取");
        Bar { bar, start: Instant::now(), allowed, shown: AtomicBool::new(false) }
    }

    fn show_if_due(&self) {
        if self.allowed && self.start.elapsed() >= DELAY && !self.shown.swap(true, Ordering::Relaxed) {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    /// The next phase after reading ("汇总", "写出").
    pub fn phase(&self, name: &'static str) {
        self.bar.set_message(name);
        self.show_if_due();
        self.bar.tick();
    }

    /// Removes the bar before the summary is printed.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Progress for Bar {
    fn found(&self, files: usize) {
        self.bar.set_length(files as u64);
    }

    fn read(&self) {
        self.bar.inc(1);
        self.show_if_due();
    }
}
