//! Turns the core's progress events into a progress bar and per-stage durations.

use indicatif::{ProgressBar, ProgressStyle};
use segwork_core::{Progress, Stage};
use std::time::{Duration, Instant};

/// Records how long each stage took; optionally drives a progress bar on stderr.
pub struct Timer {
    bar: Option<ProgressBar>,
    started: Option<(Stage, Instant)>,
    pub stages: Vec<(Stage, Duration)>,
}

impl Timer {
    pub fn new(show_bar: bool) -> Self {
        let bar = show_bar.then(|| {
            let bar = ProgressBar::new(1000);
            let style = ProgressStyle::with_template("{spinner} [{bar:30}] {msg} ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
            bar.set_style(style);
            bar
        });
        Self {
            bar,
            started: None,
            stages: Vec::new(),
        }
    }

    pub fn event(&mut self, p: Progress) {
        let overall = |s: Stage, f: f64| {
            let i = Stage::ALL.iter().position(|x| *x == s).unwrap_or(0) as f64;
            ((i + f) / Stage::ALL.len() as f64 * 1000.0) as u64
        };
        match p {
            Progress::Started(s) => {
                self.started = Some((s, Instant::now()));
                if let Some(b) = &self.bar {
                    b.set_message(s.label());
                    b.set_position(overall(s, 0.0));
                }
            }
            Progress::Within(s, f) => {
                if let Some(b) = &self.bar {
                    b.set_position(overall(s, f));
                }
            }
            Progress::Finished(s) => {
                if let Some((st, t0)) = self.started.take() {
                    if st == s {
                        self.stages.push((s, t0.elapsed()));
                    }
                }
                if let Some(b) = &self.bar {
                    b.set_position(overall(s, 1.0));
                }
            }
        }
    }

    pub fn done(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
